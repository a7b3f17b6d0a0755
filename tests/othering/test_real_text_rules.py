"""Rules fixed after running the scorer on real text (lexicon 1.3): literal guests, words quoted
as words, negation after the term; short quotations that hold more than the term (found by the
hand-checked precision sample, benchmarks/bench_othering_precision.py). Hand-written German
sentences in the style of local press and speeches; every test states what must count and what
must not.
"""
from __future__ import annotations

import pytest

from framing.corpus.corpus import Corpus
from framing.nlp.annotate import annotate
from framing.othering import OtheringScorer

TEXTS: dict[str, str] = {
    # 1. host/guest words need a migration word in their own sentence
    "invited": "Die Stadt hat im Sommer 200 Flüchtlinge aufgenommen. Die Wirtin freute sich, dass sie zur "
               "Hochzeit so viele Gäste eingeladen hatte.",
    "wedding": "Die Gäste der Hochzeit tanzten bis in die Nacht. Unter ihnen waren auch Flüchtlinge aus Syrien.",
    "guest_right": "Die Asylbewerber sind hier nur Gäste, und wer straffällig wird, hat sein Gastrecht verwirkt.",
    "club": "Der Schachverein hat Gastrecht in der Turnhalle. Die Gastgeber gewannen das Turnier.",
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
    # 4. scare quotes hold the term (and its attributive words) only
    "title": "Der Verein lud zu einem Vortrag mit dem Titel „Einwanderer für Deutschland“ ein.",
    "fragment": "Die Kanzlerin forderte die Aufnahme von „mindestens 10.000 Flüchtlingen“ in Europa.",
    "service": "Das Büro im Rathaus bietet einen „Service für Zuwanderer“ an.",
    "scare_adjective": "Die „armen Flüchtlinge“ wohnen jetzt im Hotel.",
    "scare_metaphor": "Der Redner warnte vor einem „ungebremsten Zustrom“ von Flüchtlingen.",
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


# -- 1. host / guest -------------------------------------------------------------------------
def test_guests_invited_next_to_a_sentence_about_refugees_do_not_count(toks):
    # "Flüchtlinge" in the sentence before was enough under needs: context
    assert _rows(toks, "invited") == [["Flüchtlinge", "group_label_neutral", True, ""],
                                      ["Gäste", "host_guest", False, "no_context"]]


def test_wedding_guests_do_not_count(toks):
    assert _rows(toks, "wedding") == [["Gäste", "host_guest", False, "no_context"],
                                      ["Flüchtlinge", "group_label_neutral", True, ""]]


def test_guests_and_guest_right_in_a_sentence_about_asylum_seekers_count(toks):
    assert _rows(toks, "guest_right") == [["Asylbewerber", "group_label_neutral", True, ""],
                                          ["Gäste", "host_guest", True, ""],
                                          ["Gastrecht", "host_guest", True, ""]]


def test_guest_right_and_hosts_of_a_club_do_not_count(toks):
    # "Gastrecht" used to count without any context
    assert _rows(toks, "club") == [["Gastrecht", "host_guest", False, "no_context"],
                                   ["Gastgeber", "host_guest", False, "no_context"]]


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


# -- 4. short quotations that hold more than the term ----------------------------------------
def test_a_title_or_a_speech_fragment_in_quotes_is_no_scare_quote(toks):
    # before: each neutral label was moved to delegitimising_label by the scare-quote rule
    # (quotation of at most 3 tokens); a title or a fragment of direct speech casts no doubt on
    # the word, so it stays a neutral label, counted as quoted speech
    for doc, word in (("title", "Einwanderer"), ("fragment", "Flüchtlingen"), ("service", "Zuwanderer")):
        assert _rows(toks, doc) == [[word, "group_label_neutral", True, ""]], doc
        ev = OtheringScorer(places=None).score(toks.filter_docs([doc]), by="doc").evidence
        assert ev[["scare_quoted", "quoted_speech"]].values.tolist() == [[False, True]], doc
    assert _rows(toks, "fragment", count_quoted_speech=False) == [
        ["Flüchtlingen", "group_label_neutral", False, "quoted_speech"]]


def test_scare_quotes_around_the_term_and_its_adjective_still_count(toks):
    assert _rows(toks, "scare_adjective") == [["Flüchtlinge", "delegitimising_label", True, ""]]
    # a metaphor in scare quotes stays distanced (the migration word after the quotation is the context)
    assert _rows(toks, "scare_metaphor") == [["Zustrom", "disaster_metaphor", False, "distanced"],
                                             ["Flüchtlingen", "group_label_neutral", True, ""]]
