"""Term selection from Tokens: stopwords, POS, document frequency, bigrams only across adjacent words."""
from __future__ import annotations

import pandas as pd
import pytest

from framing.errors import InputError
from framing.nlp.tokens import Tokens
from framing.topics import Terms


def _tokens(docs: dict[str, list[tuple[str, str]]], pos: bool = True) -> Tokens:
    rows = []
    for doc_id, toks in docs.items():
        for i, (lemma, upos) in enumerate(toks):
            rows.append({"doc_id": doc_id, "sent_id": 0, "token_id": i, "text": lemma, "lemma": lemma,
                         "upos": upos if pos else None, "is_stop": lemma in ("der", "und"),
                         "is_punct": upos == "PUNCT"})
    return Tokens(pd.DataFrame(rows), pd.DataFrame({"doc_id": list(docs)}))


def test_selection_drops_stopwords_punct_numbers_and_keeps_content_pos() -> None:
    tok = _tokens({
        "a": [("der", "DET"), ("Stadt", "NOUN"), ("wachsen", "VERB"), ("2016", "NUM"), (".", "PUNCT"),
              ("grün", "ADJ"), ("Essen", "PROPN"), ("auch", "ADV")],
        "b": [("Stadt", "NOUN"), ("grün", "ADJ"), ("Essen", "PROPN"), ("und", "CCONJ")],
    })
    dt = Terms(min_df=1, max_df=1.0).fit_transform(tok)
    assert dt.texts[0] == ["Stadt", "grün", "Essen"]          # verb, number, stopwords, punctuation gone
    assert sorted(dt.dictionary.token2id) == ["Essen", "Stadt", "grün"]
    assert dt.bow[1] == [(0, 1), (1, 1), (2, 1)]
    assert dt.dictionary.num_docs == 2 and dt.dictionary.dfs[dt.dictionary.token2id["Stadt"]] == 2


def test_document_frequency_limits_as_counts_and_fractions() -> None:
    docs = {f"d{i}": [("Stadt", "NOUN"), (f"Wort{i % 2}", "NOUN"), (f"selten{i}", "NOUN")] for i in range(6)}
    tok = _tokens(docs)
    dt = Terms(min_df=2, max_df=0.9).fit_transform(tok)
    assert sorted(dt.dictionary.token2id) == ["Wort0", "Wort1"]       # Stadt in 100 %, selten* in 1 doc
    dt = Terms(min_df=1, max_df=3).fit_transform(tok)
    assert "Stadt" not in dt.dictionary.token2id and "selten0" in dt.dictionary.token2id
    with pytest.raises(InputError):
        Terms(min_df=0.0).fit_transform(tok)


def test_pos_filter_needs_tags_and_auto_skips_it_for_untagged_tokens() -> None:
    tok = _tokens({"a": [("Stadt", "NOUN"), ("wachsen", "VERB")], "b": [("Stadt", "NOUN"), ("wachsen", "VERB")]},
                  pos=False)
    dt = Terms(min_df=1, max_df=1.0).fit_transform(tok)
    assert sorted(dt.dictionary.token2id) == ["Stadt", "wachsen"]
    with pytest.raises(InputError, match="no POS tags"):
        Terms(pos=["NOUN"]).fit_transform(tok)


def test_bigrams_join_only_words_adjacent_in_the_text() -> None:
    docs = {}
    for i in range(8):
        docs[f"d{i}"] = [("demografisch", "ADJ"), ("Wandel", "NOUN"), ("der", "DET"), ("Rat", "NOUN"),
                         ("der", "DET"), ("Stadt", "NOUN"), (f"x{i}", "NOUN")]
    tok = _tokens(docs)
    dt = Terms(min_df=1, max_df=1.0, bigrams=True, bigram_min_count=3, bigram_threshold=0.3).fit_transform(tok)
    vocab = set(dt.dictionary.token2id)
    assert "demografisch_Wandel" in vocab
    assert "Rat_Stadt" not in vocab and "Rat" in vocab        # a removed stopword stood between them


def test_transform_maps_new_documents_and_drops_unknown_terms() -> None:
    tok = _tokens({"a": [("Stadt", "NOUN"), ("Rat", "NOUN")], "b": [("Stadt", "NOUN"), ("Rat", "NOUN")]})
    terms = Terms(min_df=1, max_df=1.0)
    terms.fit(tok)
    new = _tokens({"n": [("Rat", "NOUN"), ("Unbekannt", "NOUN")], "m": [("Unbekannt", "NOUN")]})
    dt = terms.transform(new)
    assert dt.doc_ids == ["n", "m"] and dt.texts == [["Rat"], []]
    assert dt.dictionary is terms.dictionary_


def test_coerce_rejects_unknown_settings() -> None:
    assert Terms.coerce({"bigrams": True}).bigrams is True
    with pytest.raises(InputError, match="unknown term settings"):
        Terms.coerce({"min_dff": 2})


def test_compounds_keep_head_or_parts() -> None:
    rows = []
    for d in ("a", "b"):
        for i, (lemma, parts, head) in enumerate([("Flüchtlingsunterkunft", "Flüchtling|Unterkunft", "Unterkunft"),
                                                  ("Stadt", "Stadt", "Stadt"), ("Heim", None, None)]):
            rows.append({"doc_id": d, "sent_id": 0, "token_id": i, "text": lemma, "lemma": lemma, "upos": "NOUN",
                         "compound_parts": parts, "compound_head": head})
    tok = Tokens(pd.DataFrame(rows), pd.DataFrame({"doc_id": ["a", "b"]}))
    texts = {mode: Terms(compounds=mode, min_df=1, max_df=1.0).fit_transform(tok).texts[0]
             for mode in ("keep", "head", "parts")}
    assert texts["keep"] == ["Flüchtlingsunterkunft", "Stadt", "Heim"]
    assert texts["head"] == ["Unterkunft", "Stadt", "Heim"]
    assert texts["parts"] == ["Flüchtling", "Unterkunft", "Stadt", "Heim"]


def test_numbers_generic_words_and_outlet_names_are_dropped() -> None:
    docs = {
        "a": [("2016", "NUM"), ("1990er", "NOUN"), ("15-Jährige", "NOUN"), ("2:1", "NUM"), ("G20", "PROPN"),
              ("Jahr", "NOUN"), ("neu", "ADJ"), ("Montag", "NOUN"), ("Grenze", "NOUN"), ("derStandard.at", "PROPN"),
              ("STANDARD", "PROPN"), ("Flüchtling", "NOUN")],
        "b": [("Grenze", "NOUN"), ("Flüchtling", "NOUN"), ("Jahr", "NOUN")],
    }
    tok = _tokens(docs)
    tok = Tokens(tok.table, pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["derStandard.at", "derStandard.at"]}))
    dt = Terms(min_df=1, max_df=1.0).fit_transform(tok)
    assert dt.texts[0] == ["G20", "Grenze", "Flüchtling"]
    kept = Terms(min_df=1, max_df=1.0, generic=False, boilerplate=False).fit_transform(tok)
    assert kept.texts[0] == ["G20", "Jahr", "neu", "Montag", "Grenze", "derStandard.at", "STANDARD", "Flüchtling"]
    own = Terms(min_df=1, max_df=1.0, generic=["Grenze"]).fit_transform(tok)
    assert own.texts[1] == ["Flüchtling"]                      # own generic words add to the list
    with pytest.raises(InputError, match="single string"):
        Terms(generic="Grenze").fit_transform(tok)


def test_min_df_auto_is_relative_to_corpus_size() -> None:
    from framing.topics.terms import auto_min_df

    assert [auto_min_df(n) for n in (10, 400, 401, 514, 2000, 4000, 100_000)] == [2, 2, 3, 3, 10, 20, 20]
    docs = {f"d{i}": [("Stadt", "NOUN"), (f"Wort{i % 300}", "NOUN")] for i in range(600)}
    tok = _tokens(docs)                                          # each Wort* in 2 of 600 documents
    terms = Terms(max_df=1.0)
    dt = terms.fit_transform(tok)
    assert terms.min_df_ == 3 and sorted(dt.dictionary.token2id) == ["Stadt"]
    dt = Terms(min_df=2, max_df=1.0).fit_transform(tok)
    assert len(dt.dictionary) == 301


def test_case_variants_merge_under_their_most_frequent_spelling() -> None:
    tok = _tokens({"a": [("Grün", "ADJ"), ("grün", "ADJ"), ("ÖVP", "PROPN")],
                   "b": [("grün", "ADJ"), ("övp", "PROPN"), ("ÖVP", "PROPN")]})
    terms = Terms(min_df=1, max_df=1.0)
    dt = terms.fit_transform(tok)
    assert dt.texts == [["grün", "grün", "ÖVP"], ["grün", "ÖVP", "ÖVP"]]
    assert Terms(min_df=1, max_df=1.0, lowercase=True).fit_transform(tok).texts[0] == ["grün", "grün", "övp"]
    apart = Terms(min_df=1, max_df=1.0, lowercase=False).fit_transform(tok)
    assert sorted(apart.dictionary.token2id) == ["Grün", "grün", "ÖVP", "övp"]
    new = _tokens({"n": [("GRÜN", "ADJ"), ("Övp", "PROPN")]})
    assert terms.transform(new).texts == [["grün", "ÖVP"]]     # new spellings map to the learnt one
    with pytest.raises(InputError, match="lowercase"):
        Terms(lowercase="yes").fit_transform(tok)
