"""Rules fixed after running the scorer on real text (lexicon 1.3): literal guests, words quoted
as words, negation after the term. Hand-written German sentences in the style of local press and
speeches; every test states what must count and what must not.
"""
from __future__ import annotations

import pytest

from framing.corpus.corpus import Corpus
from framing.nlp.annotate import annotate
from framing.othering import OtheringScorer

TEXTS: dict[str, str] = {
    # 2. words quoted as words are mentioned, not used
    "word_list": "Er sagte, man dürfe heute nicht mehr „Ausländer“ oder „Flüchtlinge“ sagen.",
    "word_list3": "Auf dem Plakat standen die Wörter „Asylanten“, „Ausländer“ und „Migranten“.",
    "say": "Wer „Asylanten“ schreibt, grenzt Menschen aus.",
    "scare": "Die „Flüchtlinge“ kamen mit Smartphones.",
    "scare_list": "Die „Flüchtlinge“ und „Asylbewerber“ kamen mit Smartphones.",
    # 3. negation after the term: a clause-final "nicht"/"kein" in the same clause
    "neg_after": "Nein, ein Wirtschaftsflüchtling sei er nicht.",
    "neg_after_kein": "Asylanten sind das keine, sagt die Anwältin.",
    "predicate_negated": "Die Asylanten kamen nicht.",
    "next_clause": "Ein Wirtschaftsflüchtling ist er, sagt der Richter, aber kein Asylant.",
}


@pytest.fixture(scope="module", params=["full", "fast"])
def toks(request: pytest.FixtureRequest):
    ids = list(TEXTS)
    return annotate(Corpus.from_texts([TEXTS[d] for d in ids], doc_ids=ids), profile=request.param,
                    cache=False, progress=False)


def _rows(toks, doc_id: str, **options) -> list[list[object]]:
    options.setdefault("places", None)
    ev = OtheringScorer(**options).score(toks.filter_docs([doc_id]), by="doc").evidence
    return ev[["match", "category", "counted", "reason"]].values.tolist()


# -- 2. quoted words -------------------------------------------------------------------------
def test_a_list_of_quoted_words_is_mentioned_not_delegitimising(toks):
    # before: both moved to delegitimising_label by the scare-quote modifier rule and counted
    # (the first one only escaped as negated)
    assert _rows(toks, "word_list") == [["Ausländer", "group_label_neutral", False, "distanced"],
                                        ["Flüchtlinge", "group_label_neutral", False, "distanced"]]
    assert _rows(toks, "word_list3") == [["Asylanten", "group_label_pejorative", False, "distanced"],
                                         ["Ausländer", "group_label_neutral", False, "distanced"],
                                         ["Migranten", "group_label_neutral", False, "distanced"]]


def test_a_quoted_word_with_a_verb_of_saying_is_mentioned(toks):
    assert _rows(toks, "say") == [["Asylanten", "group_label_pejorative", False, "distanced"]]


def test_scare_quotes_on_a_name_still_delegitimise(toks):
    # an article before the quotation: the word names people, the quotes cast doubt on them
    assert _rows(toks, "scare") == [["Flüchtlinge", "delegitimising_label", True, ""]]
    assert _rows(toks, "scare_list") == [["Flüchtlinge", "delegitimising_label", True, ""],
                                         ["Asylbewerber", "delegitimising_label", True, ""]]


def test_quoted_words_count_when_distanced_matches_are_counted(toks):
    rows = _rows(toks, "word_list", count_distanced=True)
    assert [r[1:3] for r in rows] == [["group_label_neutral", False], ["group_label_neutral", True]]
    assert rows[0][3] == "negated"           # "nicht „Ausländer“"


# -- 3. negation after the term --------------------------------------------------------------
def test_clause_final_nicht_after_a_copula_negates(toks):
    assert _rows(toks, "neg_after") == [["Wirtschaftsflüchtling", "group_label_pejorative", False, "negated"]]
    rows = _rows(toks, "neg_after", count_negated=True)
    assert rows == [["Wirtschaftsflüchtling", "group_label_pejorative", True, ""]]


def test_clause_final_kein_negates(toks):
    assert _rows(toks, "neg_after_kein") == [["Asylanten", "group_label_pejorative", False, "negated"]]


def test_a_negated_predicate_is_no_negated_name(toks):
    # no copula between: "kamen nicht" negates the coming, not the naming
    assert _rows(toks, "predicate_negated") == [["Asylanten", "group_label_pejorative", True, ""]]


def test_negation_in_the_next_clause_does_not_reach_back(toks):
    # the comma ends the clause: only "kein Asylant" is negated
    assert _rows(toks, "next_clause") == [["Wirtschaftsflüchtling", "group_label_pejorative", True, ""],
                                          ["Asylant", "group_label_pejorative", False, "negated"]]
