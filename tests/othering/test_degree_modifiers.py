"""Lexicon 1.2 (issue 12, item 2): degree of othering on hand-checked real-language sentences.

A neutral group label with a delegitimising modifier counts as ``delegitimising_label`` (an
ordinary adjective does not move it); securitising compounds count; an ambiguous mass metaphor
needs a migration word in its own sentence and no literal use ("aus den Fluten"); person-first
recognition ("Menschen auf der Flucht", "die Menschen, die zu uns kommen"). The sentences are
written for these tests in the style of German press and parliamentary speech.
"""
from __future__ import annotations

import pytest

from framing.corpus.corpus import Corpus
from framing.errors import InputError
from framing.nlp.annotate import annotate
from framing.othering import Lexicon, OtheringScorer

TEXTS: dict[str, str] = {
    "illegal": "Die illegalen Migranten wurden an der Grenze zurückgewiesen.",
    "rejected": "Abgelehnte Asylbewerber müssen das Land verlassen, auch die illegal eingereisten Flüchtlinge.",
    "so_called": "Die sogenannten Flüchtlinge sind in Wahrheit Glücksritter.",
    "ordinary": "Die jungen Migranten lernen Deutsch. Viele syrische Flüchtlinge arbeiten schon.",
    "mention": "Der Begriff illegale Migranten ist falsch.",
    "scare": "Die „Flüchtlinge“ kamen mit Smartphones.",
    "securitising": "Die Ausländerkriminalität steigt, sagt er, und warnt vor Asylbetrug und Sozialtourismus. "
                    "Die Kriminalität in der Stadt sinkt.",
    "sea": "Die Flüchtlinge kamen in Schlauchbooten. 14 Menschen wurden vor Lesbos aus den Fluten geborgen.",
    "sea_same": "Die Retter zogen zwölf Flüchtlinge aus den Fluten.",
    "flood": "Die Flut der Flüchtlinge hält an.",
    "wave": "Eine Welle von syrischen Flüchtlingen erreichte Bayern. "
            "Eine Welle der Hilfsbereitschaft für Flüchtlinge erfasste die Stadt.",
    "on_the_run": "Wir helfen Menschen auf der Flucht und geflüchteten Familien.",
    "come_to_us": "Die Menschen, die zu uns kommen, stellen einen Asylantrag.",
    "come_to_us_nocontext": "Die Menschen, die zu uns kommen, essen gern Kuchen.",
}


@pytest.fixture(scope="module")
def toks():
    ids = list(TEXTS)
    return annotate(Corpus.from_texts([TEXTS[d] for d in ids], doc_ids=ids), cache=False, progress=False)


def _ev(toks, doc_id: str, **options):
    options.setdefault("places", None)
    r = OtheringScorer(**options).score(toks.filter_docs([doc_id]), by="doc")
    return r, r.evidence


def _rows(ev):
    return ev[["match", "category", "counted"]].values.tolist()


# -- delegitimising modifiers -----------------------------------------------------------------
def test_delegitimising_modifier_moves_the_neutral_label_into_the_index(toks):
    r, ev = _ev(toks, "illegal")
    assert _rows(ev) == [["illegalen Migranten", "delegitimising_label", True]]
    row = r.table.iloc[0]
    assert (row["othering"], row["delegitimising_label"], row["group_label_neutral"]) == (1, 1, 0)
    assert row["othering_index"] == 1.0 and row["othering_per_1k"] > 0


def test_rejected_and_illegally_entered(toks):
    # the adverb "illegal" two words before the label ("illegal eingereisten") counts too
    _r, ev = _ev(toks, "rejected")
    assert _rows(ev) == [["Abgelehnte Asylbewerber", "delegitimising_label", True],
                         ["illegal eingereisten Flüchtlinge", "delegitimising_label", True]]


def test_so_called_refugees_is_delegitimising_not_distanced(toks):
    # "sogenannt" before a *status label* casts doubt on the people, not on the word
    _r, ev = _ev(toks, "so_called")
    assert _rows(ev) == [["sogenannten Flüchtlinge", "delegitimising_label", True],
                         ["Glücksritter", "group_label_pejorative", True]]
    assert not ev["distanced"].any()


def test_ordinary_adjective_leaves_the_label_neutral(toks):
    r, ev = _ev(toks, "ordinary")
    assert _rows(ev) == [["Migranten", "group_label_neutral", True], ["Flüchtlinge", "group_label_neutral", True]]
    assert not ev["in_index"].any() and r.table["othering"].iloc[0] == 0


def test_mentioned_delegitimising_label_is_distanced(toks):
    r, ev = _ev(toks, "mention")
    assert ev[["match", "category", "reason"]].values.tolist() == [
        ["illegale Migranten", "delegitimising_label", "distanced"]]
    assert r.table["othering"].iloc[0] == 0


def test_scare_quoted_status_label_is_delegitimising(toks):
    _r, ev = _ev(toks, "scare")
    assert _rows(ev) == [["Flüchtlinge", "delegitimising_label", True]]
    assert ev["scare_quoted"].tolist() == [True]


def test_modifier_rules_can_be_switched_off(toks):
    lex = Lexicon.default().extend({"modifier_rules": []})
    _r, ev = _ev(toks, "illegal", lexicon=lex)
    assert _rows(ev) == [["Migranten", "group_label_neutral", True]]


def test_modifier_rules_are_validated():
    with pytest.raises(InputError, match="modifier_rules\\[1\\]: 'list' must name"):
        Lexicon.default().extend({"modifier_rules": [{"list": "nope", "applies_to": ["group_label_neutral"],
                                                      "category": "delegitimising_label"}]})
    with pytest.raises(InputError, match="unknown categories \\['nope'\\]"):
        Lexicon.default().extend({"modifier_rules": [{"list": "delegitimising_modifiers",
                                                      "applies_to": ["group_label_neutral"], "category": "nope"}]})
    with pytest.raises(InputError, match="othering"):
        Lexicon.default().extend({"modifier_rules": [{"list": "delegitimising_modifiers",
                                                      "applies_to": ["group_label_neutral"],
                                                      "category": "person_first"}]})


# -- securitising --------------------------------------------------------------------------
def test_securitising_compounds_count_bare_crime_does_not(toks):
    r, ev = _ev(toks, "securitising")
    assert _rows(ev) == [["Ausländerkriminalität", "securitising", True], ["Asylbetrug", "securitising", True],
                         ["Sozialtourismus", "securitising", True]]
    assert r.table["securitising"].iloc[0] == 3 and r.table["othering"].iloc[0] == 3


# -- ambiguous mass metaphors ----------------------------------------------------------------
def test_fluten_of_the_sea_do_not_count(toks):
    # the refugees are in the previous sentence: no migration word in the metaphor's sentence
    r, ev = _ev(toks, "sea")
    fluten = ev[ev["match"] == "Fluten"]
    assert fluten[["category", "counted", "reason"]].values.tolist() == [["disaster_metaphor", False, "no_context"]]
    assert r.table["disaster_metaphor"].iloc[0] == 0


def test_literal_fluten_with_refugees_in_the_sentence_do_not_count(toks):
    _r, ev = _ev(toks, "sea_same")
    fluten = ev[ev["match"] == "Fluten"]
    assert fluten[["counted", "reason"]].values.tolist() == [[False, "no_context"]]


def test_flood_of_refugees_counts(toks):
    r, ev = _ev(toks, "flood")
    assert ["Flut", "disaster_metaphor", True] in _rows(ev)
    assert r.table["disaster_metaphor"].iloc[0] == 1


def test_wave_of_refugees_counts_wave_of_help_does_not(toks):
    _r, ev = _ev(toks, "wave")
    assert _rows(ev) == [["Welle von syrischen Flüchtlingen", "disaster_metaphor", True],
                         ["Flüchtlinge", "group_label_neutral", True]]


# -- person-first recognition ------------------------------------------------------------------
def test_people_on_the_run_and_refugee_families_are_recognition(toks):
    r, ev = _ev(toks, "on_the_run")
    assert _rows(ev) == [["Menschen auf der Flucht", "person_first", True],
                         ["geflüchteten Familien", "person_first", True]]
    assert (r.table["recognition"].iloc[0], r.table["othering_index"].iloc[0]) == (2, 0.0)


def test_the_people_who_come_to_us_is_recognition(toks):
    # "uns" has the lemma "wir": the phrase element matches the surface form
    r, ev = _ev(toks, "come_to_us")
    assert _rows(ev) == [["Menschen, die zu uns kommen", "person_first", True]]
    assert r.table["recognition"].iloc[0] == 1


def test_the_people_who_come_to_us_needs_a_newcomer_context(toks):
    _r, ev = _ev(toks, "come_to_us_nocontext")
    assert ev[["match", "counted", "reason"]].values.tolist() == [["Menschen, die zu uns kommen", False, "no_context"]]


def test_lexicon_version():
    lex = Lexicon.default()
    assert lex.version == "1.4"
    assert {"delegitimising_label", "securitising"} <= set(lex.index_categories)
