"""One term selector (framing.nlp.terms): the same settings give the same vocabulary in a
co-occurrence network and a topic model (issue 17, item 4), on hand-made tokens and on the demo
corpus; what each setting means (docs/reference/parameters.md)."""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.nlp.terms import keep_terms, select_terms
from framing.nlp.tokens import Tokens
from framing.topics import Terms

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
#: the topic-model-only filters off, so that only the shared settings decide
TOPIC_ONLY_OFF = dict(generic=False, boilerplate=False, drop_numbers=False, min_length=1, max_df=1.0)


def _tokens() -> Tokens:
    rows = []
    docs = {"a": [("Der", "der", "DET", True), ("Flüchtlingsunterkunft", "Flüchtlingsunterkunft", "NOUN", False),
                  ("wächst", "wachsen", "VERB", False), ("Stadt", "Stadt", "NOUN", False), (".", ".", "PUNCT", False)],
            "b": [("Neue", "neu", "ADJ", False), ("Stadt", "Stadt", "NOUN", False), ("und", "und", "CCONJ", True),
                  ("Rat", "Rat", "NOUN", False), ("heute", "heute", "ADV", True)]}
    for d, toks in docs.items():
        for i, (text, lemma, upos, stop) in enumerate(toks):
            comp = "Flüchtling|Unterkunft" if lemma == "Flüchtlingsunterkunft" else None
            rows.append({"doc_id": d, "sent_id": 0, "token_id": i, "text": text, "lemma": lemma, "upos": upos,
                         "is_stop": stop, "is_punct": upos == "PUNCT", "compound_parts": comp,
                         "compound_head": comp.split("|")[-1] if comp else None})
    return Tokens(pd.DataFrame(rows), pd.DataFrame({"doc_id": list(docs)}))


def _vocab(tokens: Tokens, **settings) -> tuple[list[str], list[str]]:
    """(co-occurrence vocabulary, topic-model vocabulary) under the same settings."""
    cooc = framing.cooccurrence(tokens, progress=False, **settings)
    terms = Terms(**TOPIC_ONLY_OFF, **settings)
    terms.fit(tokens)
    return sorted(map(str, cooc.vocab)), sorted(terms.dictionary_.token2id)


@pytest.mark.parametrize("settings", [
    {},
    {"stopwords": False},
    {"stopwords_extra": ["Stadt"]},
    {"stopwords_remove": ["heute"], "pos": None},
    {"stopwords": ["stadt"], "pos": ["NOUN", "ADJ"]},
    {"compounds": "head", "lowercase": True},
    {"compounds": "parts", "lowercase": "merge"},
    {"min_count": 2},
    {"min_df": 2},
    {"min_df": 1.0},
])
def test_same_settings_same_vocabulary_on_hand_made_tokens(settings) -> None:
    settings = {"pos": "auto", "lowercase": False, "min_df": 1, **settings}  # the defaults differ
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # stopwords=[...] names the list that replaced the flag
        cooc, topics = _vocab(_tokens(), **settings)
    assert cooc == topics


def test_what_the_settings_mean() -> None:
    tok = _tokens()

    def vocab(**kw):
        sel = select_terms(tok, **kw)
        return sorted(map(str, sel.vocab[sel.frequencies()[0] > 0]))

    assert vocab() == ["Flüchtlingsunterkunft", "Rat", "Stadt", "neu", "wachsen"]       # is_stop flag, punctuation
    assert vocab(stopwords=False) == ["Flüchtlingsunterkunft", "Rat", "Stadt", "der", "heute", "neu", "und",
                                      "wachsen"]
    assert vocab(stopwords_remove=["heute"]) == ["Flüchtlingsunterkunft", "Rat", "Stadt", "heute", "neu", "wachsen"]
    with pytest.warns(FutureWarning, match="stopwords_extra"):
        assert vocab(stopwords=["stadt", "neue"]) == ["Flüchtlingsunterkunft", "Rat", "der", "heute", "und", "wachsen"]
    assert vocab(pos="auto", compounds="parts") == ["Flüchtling", "Rat", "Stadt", "Unterkunft", "neu"]
    assert vocab(pos=["NOUN"], compounds="head", lowercase=True) == ["rat", "stadt", "unterkunft"]
    with pytest.raises(framing.ParameterError, match="single string"):
        select_terms(tok, stopwords_extra="Stadt")
    with pytest.raises(framing.ParameterError, match="compounds must be one of"):
        select_terms(tok, compounds="split")


def test_keep_terms_counts_shares_and_auto() -> None:
    freq, df = pd.Series([5, 1, 3]).to_numpy(), pd.Series([4, 1, 2]).to_numpy()
    assert keep_terms(freq, df, min_count=2).tolist() == [True, False, True]
    assert keep_terms(freq, df, min_df=0.5, n_docs=4).tolist() == [True, False, True]
    assert keep_terms(freq, df, min_df="auto", n_docs=4).tolist() == [True, False, True]   # auto: at least 2
    assert keep_terms(freq, df, max_df=0.5, n_docs=4).tolist() == [False, True, True]
    assert keep_terms(freq, df, max_terms=1).tolist() == [True, False, False]


@pytest.mark.slow
def test_same_settings_same_vocabulary_in_a_network_and_a_topic_model_on_the_demo_corpus() -> None:
    if not DEMO.is_dir():
        pytest.skip("corpora/demo is absent")
    tokens = framing.annotate(framing.read(DEMO, progress=False).unique(), progress=False)
    settings = dict(pos=["NOUN", "PROPN", "ADJ"], stopwords_extra=["Stadt"], compounds="head",
                    lowercase="merge", min_count=3, min_df=2)
    cooc = framing.cooccurrence(tokens, progress=False, **settings)
    model = framing.TopicModel(engine="lda", n_topics=3, random_state=0, progress=False,
                               terms=Terms(**TOPIC_ONLY_OFF, **settings)).fit(tokens)
    topic_vocab = sorted(model.terms_.dictionary_.token2id)
    assert len(topic_vocab) > 100
    assert sorted(map(str, cooc.vocab)) == topic_vocab
    assert "Unterkunft" in topic_vocab and "und" not in topic_vocab


def test_doc_freq_counts_documents_not_tokens_for_small_and_large_keys():
    import numpy as np

    from framing.nlp.terms import doc_freq

    # term 0 in docs 0 and 2 (twice in doc 0), term 1 in doc 1 only, term 2 nowhere
    ids = np.array([0, 0, 1, 0, 1])
    doc = np.array([0, 0, 1, 2, 1])
    assert doc_freq(ids, doc, 3).tolist() == [2, 1, 0]
    # documents x terms beyond 32-bit keys take the 64-bit path: the same counts
    V = 3_000_000_000 // 1000
    assert doc_freq(ids * 1000, doc * 1000, V)[[0, 1000]].tolist() == [2, 1]
    assert doc_freq(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 3).tolist() == [0, 0, 0]
