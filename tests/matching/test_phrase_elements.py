"""The shared matching engine: a phrase element matches a token's lemma or its surface form,
whichever element the phrase search starts from (othering lexicon and frame codebooks alike)."""
from __future__ import annotations

import pytest

from framing.corpus.corpus import Corpus
from framing.matching.engine import CompiledLexicon, TokenArrays, find_matches, phrase_element_keys
from framing.matching.rules import Entry, RuleSet
from framing.nlp.annotate import annotate

TEXTS = {
    "plural": "Wir helfen Menschen auf der Flucht.",
    "singular": "Ein Mensch auf der Flucht braucht Schutz.",
    "pronoun": "Die Menschen, die zu uns kommen, lernen Deutsch.",
    "adjective": "Die Stadt half den geflüchteten Familien.",
    "none": "Die Menschen auf dem Markt kaufen Obst.",
}


@pytest.fixture(scope="module")
def toks():
    ids = list(TEXTS)
    return annotate(Corpus.from_texts([TEXTS[d] for d in ids], doc_ids=ids), cache=False, progress=False)


def _entry(term: str) -> Entry:
    return Entry(term=term, category="c", polarity="", match=("phrase",), rationale="test", source=("user",))


def _matched(toks, term: str) -> dict[str, list[str]]:
    comp = CompiledLexicon.build(RuleSet([_entry(term)], ["c"]))
    ta = TokenArrays.from_table(toks.table, comp)
    m = find_matches(comp, ta)
    out: dict[str, list[str]] = {}
    for s, e in zip(m.start, m.end):
        out.setdefault(ta.doc_ids[ta.doc[s]], []).append(" ".join(ta.texts(list(range(s, e + 1)))))
    return out


def test_element_keys_include_the_likely_lemma():
    assert {"menschen", "mensch"} <= phrase_element_keys("Menschen")
    assert {"mensch", "menschen"} <= phrase_element_keys("Mensch")
    assert {"geflüchteten", "geflüchtet"} <= phrase_element_keys("geflüchteten")
    assert phrase_element_keys("der") == {"der"}          # short function words stay as written


def test_inflected_element_matches_on_the_lemma(toks):
    # written as in running text ("Menschen"); the annotator's lemma is "Mensch"
    got = _matched(toks, "Menschen auf der Flucht")
    assert got == {"plural": ["Menschen auf der Flucht"], "singular": ["Mensch auf der Flucht"]}


def test_lemma_element_matches_inflected_text(toks):
    assert _matched(toks, "Mensch auf der Flucht") == {"plural": ["Menschen auf der Flucht"],
                                                       "singular": ["Mensch auf der Flucht"]}


def test_element_matches_the_surface_when_the_lemma_differs(toks):
    # "uns" has the lemma "wir": the search starts from an element that occurs as a lemma
    assert _matched(toks, "Mensch , die zu uns kommen") == {"pronoun": ["Menschen , die zu uns kommen"]}


def test_inflected_adjective_element(toks):
    assert _matched(toks, "geflüchteten Familien") == {"adjective": ["geflüchteten Familien"]}
    assert _matched(toks, "geflüchtet Familie") == {"adjective": ["geflüchteten Familien"]}


def test_the_anchor_element_also_matches_the_surface(toks):
    # one token elsewhere with the lemma "uns" makes "uns" the rarest element, so the search
    # starts from it; the phrase with "uns" (lemma "wir") must still be found — which element
    # is rarest depends on the corpus, and so on how a corpus is split into parts
    from framing.nlp.tokens import Tokens

    table = toks.table.copy()
    other = table["doc_id"] == "none"
    for text, lemma in (("Obst", "uns"), ("kaufen", "kommen"), ("auf", "zu"), ("dem", "zu")):
        table.loc[other & (table["text"] == text), "lemma"] = lemma   # "uns" now rarer than "zu", "kommen"
    assert _matched(Tokens(table, toks.docs), "Mensch , die zu uns kommen") == {
        "pronoun": ["Menschen , die zu uns kommen"]}
