"""Speed work on the full profile (issue 13) keeps the output identical.

``data/speed_sample_tokens.tsv`` is the token table that the code *before* the speed changes
made of ``data/speed_sample.txt`` (short local-press texts written for this test: compounds,
names, gender forms, numbers); the table of today's code must be the same, cell for cell.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("HanTa.HanoverTagger")

from framing.corpus.corpus import Corpus
from framing.nlp.annotate import PostProcessor, annotate

DATA = Path(__file__).parent / "data"
COLUMNS = ["doc_id", "sent_id", "token_id", "text", "lemma", "upos", "xpos", "is_stop", "compound_parts",
           "compound_head", "gender_inclusive"]


def _texts() -> list[str]:
    return (DATA / "speed_sample.txt").read_text(encoding="utf-8").strip().split("\n\n")


def _as_tsv(tokens) -> str:
    buf = io.StringIO()
    tokens.table[COLUMNS].astype(str).to_csv(buf, sep="\t", index=False)
    return buf.getvalue()


def test_full_profile_table_unchanged_on_sample() -> None:
    expected = (DATA / "speed_sample_tokens.tsv").read_text(encoding="utf-8")
    tok = annotate(Corpus.from_texts(_texts()), profile="full", progress=False, cache=False)
    assert _as_tsv(tok) == expected


def test_second_corpus_in_process_gives_the_same_table() -> None:
    """The per-type caches shared between annotate() calls do not change the output."""
    texts = _texts()
    annotate(Corpus.from_texts(texts[:3]), profile="full", progress=False, cache=False)
    warm = annotate(Corpus.from_texts(texts), profile="full", progress=False, cache=False)
    assert _as_tsv(warm) == (DATA / "speed_sample_tokens.tsv").read_text(encoding="utf-8")


def test_type_caches_shared_per_stopword_set() -> None:
    a = PostProcessor(frozenset({"und", "der"}))
    b = PostProcessor(frozenset({"der", "und"}))
    c = PostProcessor(frozenset({"und"}))
    assert a._type_cache is b._type_cache and a._lemma_stop is b._lemma_stop
    assert a._type_cache is not c._type_cache


def test_viterbi_matches_hanta_tag_sent() -> None:
    """framing's sentence Viterbi gives HanTa's own tag_sent tags on the sample (no head proxy)."""
    from HanTa import HanoverTagger as ht

    from framing.nlp.backends.offline import HanTaTagger
    from framing.nlp.tokenizer import tokenize_text

    tagger = HanTaTagger(head_proxy=False)
    orig = ht.HanoverTagger("morphmodel_ger.pgz")
    for text in _texts():
        tt = tokenize_text(text)
        sents: dict[int, list[str]] = {}
        for w, s in zip(tt.texts, tt.sent_ids):
            sents.setdefault(s, []).append(w)
        for sent in sents.values():
            ours = [tagger._t.int2tag[t] for t in tagger.tag_ids(sent)]
            assert ours == orig.tag_sent(sent, taglevel=0), sent


def test_backend_caches_shared_per_process() -> None:
    """A new backend object (one per annotate() call) finds the forms and HanTa lemmas that an
    earlier one computed; the HanTa lemma cache is kept per lemmatiser setting (greedy)."""
    from framing.nlp.backends.offline import OfflineBackend

    a, b, c = OfflineBackend("full"), OfflineBackend("full"), OfflineBackend("full", greedy=False)
    assert a._tagger_input_cache is b._tagger_input_cache is c._tagger_input_cache
    assert a._hanta_lemma_cache is b._hanta_lemma_cache
    assert a._hanta_lemma_cache is not c._hanta_lemma_cache
    a.tag_sentence(["Die", "Stadträte", "stimmten", "zu", "."])
    assert ("stimmten", a.tagger._stts_int["VVFIN"]) in b._hanta_lemma_cache


def test_new_forms_analysed_before_tagging() -> None:
    """annotate_docs computes the emission scores of a chunk's new forms before it tags (in
    sorted order); the table is the same as tagging sentence by sentence."""
    from framing.nlp.backends.offline import HanTaTagger, OfflineBackend

    be = OfflineBackend("full")
    words = ["Wohnungslosenhilfeeinrichtungen", "wohnungslosenhilfeeinrichtungen"]
    assert not any(be.tagger.knows(w) for w in words)
    raw = be.annotate_docs([("d1", "Die Wohnungslosenhilfeeinrichtungen helfen. Es gibt "
                                   "wohnungslosenhilfeeinrichtungen.")])
    assert all(be.tagger.knows(w) for w in words)
    fresh = HanTaTagger()  # its own emission cache: scores computed sentence by sentence
    sents = [["Die", "Wohnungslosenhilfeeinrichtungen", "helfen", "."],
             ["Es", "gibt", "wohnungslosenhilfeeinrichtungen", "."]]
    expected = [fresh.stts_names[t] for sent in sents for t in fresh.tag_ids(sent)]
    assert raw["xpos"].tolist() == expected
    assert expected[1] == "NN"
