"""Lexicon 1.4 (issue 12, part 2): the vocabulary of anti-solidarity and solidarity in German
political and press text, the ``othering_balance`` column, and nouns written in lower case in
hashtags. Hand-written German sentences;
every test states what must count, in which category, and what must not.
"""
from __future__ import annotations

import math

import pytest

from framing.corpus.corpus import Corpus
from framing.nlp.annotate import annotate
from framing.othering import Lexicon, OtheringScorer

TEXTS: dict[str, str] = {
    # dehumanising and invasion labels: only in newcomer context
    "parasite": "Diese Flüchtlinge sind Parasiten, die unser Land aussaugen.",
    "parasite_bio": "Der Parasit befällt die Leber des Schafes.",
    "intruder": "Die Migranten sind Eindringlinge.",
    "refuser": "Gegen Integrationsverweigerer will der Minister härter vorgehen.",
    # trivialising tourism compounds with a migration modifier
    "tourism": "Der Migrationstourismus nach Deutschland muss aufhören.",
    "tourism_city": "Der Städtetourismus in Berlin wächst seit Jahren.",
    "mass": "Die Massenimmigration überfordert unsere Städte.",
    # securitising topoi
    "control": "Seit 2015 erleben wir bei der Zuwanderung einen völligen Kontrollverlust.",
    "control_bank": "Die Bank beklagt einen Kontrollverlust über ihre Daten.",
    "import": "Wir beklagen den importierten Antisemitismus an unseren Schulen.",
    "open": "Die Politik der offenen Grenzen ist gescheitert.",
    "incentive": "Die hohen Sozialleistungen für Asylbewerber sind ein Fehlanreiz.",
    "incentive_tax": "Die Pendlerpauschale ist ein Fehlanreiz.",
    # exclusion demands
    "deport": "Wir müssen endlich konsequent abschieben.",
    "deport_report": "Die Abschiebung des Mannes ist für Dienstag geplant.",
    "cap": "Die CSU fordert eine Obergrenze für Flüchtlinge.",
    "cap_rent": "Die Obergrenze für Mieten liegt bei zehn Euro.",
    "cap_negated": "Wir wollen keine Obergrenze für Flüchtlinge.",
    "remigration": "Auf dem Treffen forderten die Redner eine Remigration.",
    "border": "Wir müssen die Grenzen schließen, damit keine Migranten mehr kommen.",
    "border_shop": "Die Läden an der Grenze schließen um acht Uhr.",
    "turn_back": "Wir fordern Zurückweisungen an der Grenze.",
    "slogan": "Auf der Demo riefen sie Ausländer raus.",
    "slogan_quoted": "Die Gegendemonstranten verurteilten die „Ausländer raus“-Rufe.",
    "halt": "Die Partei fordert einen Zuwanderungsstopp.",
    "boat": "Das Boot ist voll, sagte der Minister.",
    # solidarity (recognition)
    "rescue": "Wir brauchen wieder eine staatliche Seenotrettung für Geflüchtete im Mittelmeer.",
    "rescue_sylt": "Die Seenotrettung barg zwei Segler vor Sylt.",
    "routes": "Wir brauchen sichere und legale Fluchtwege für Menschen aus Syrien.",
    "school_way": "Die Stadt baut sichere Wege zur Schule.",
    "country": "Deutschland ist ein Einwanderungsland.",
    "country_negated": "Deutschland ist kein Einwanderungsland.",
    "hate": "Der Bürgermeister verurteilt die Hetze gegen Flüchtlinge.",
    "attack": "In der Nacht gab es einen fremdenfeindlichen Anschlag auf die Unterkunft.",
    "racism_film": "Der Film handelt von Rassismus in den USA der Sechzigerjahre.",
    "stop": "Die Linke will Abschiebungen stoppen.",
    "stay": "Die Familie hat nun ein Bleiberecht.",
    "stay_negated": "Wer kein Bleiberecht hat, muss ausreisen.",
    "protect": "Wir müssen den Flüchtlingen Schutz gewähren.",
    "protect_dike": "Die Deiche bieten Schutz vor dem Hochwasser.",
    "stop_noun": "Der Bürgermeister verhängte einen Abschiebestopp.",
    "programme": "Der Bund startet ein humanitäres Aufnahmeprogramm für Flüchtlinge aus Afghanistan.",
    "nothing": "Der Rat beschloss den Haushalt für das kommende Jahr.",
    # hashtags are written in lower case; elsewhere a lower-case form is no noun
    "hashtag": "Schon wieder #asylanten in der Stadt #rapefugees",
    "lower_case": "Die asylanten kamen gestern.",
}


@pytest.fixture(scope="module", params=["full", "fast"])
def toks(request: pytest.FixtureRequest):
    ids = list(TEXTS)
    return annotate(Corpus.from_texts([TEXTS[d] for d in ids], doc_ids=ids), profile=request.param,
                    cache=False, progress=False)


@pytest.fixture(scope="module")
def result(toks):
    return OtheringScorer(places=None).score(toks, by="doc")


def _rows(result, doc_id: str) -> list[list[object]]:
    ev = result.evidence
    return ev.loc[ev["doc_id"] == doc_id, ["match", "category", "counted", "reason"]].values.tolist()


def test_lexicon_version_and_new_categories_in_the_index():
    lex = Lexicon.default()
    assert lex.version == "1.4"
    assert lex.categories["exclusion_demand"].polarity == "othering"
    assert lex.categories["solidarity"].polarity == "recognition"
    assert {"exclusion_demand", "solidarity"} <= set(lex.index_categories)


# -- dehumanising, invasion, tourism, mass ----------------------------------------------------
def test_parasite_and_intruder_count_about_migrants_not_in_biology(result):
    assert _rows(result, "parasite") == [["Flüchtlinge", "group_label_neutral", True, ""],
                                         ["Parasiten", "group_label_pejorative", True, ""]]
    assert _rows(result, "parasite_bio") == [["Parasit", "group_label_pejorative", False, "no_context"]]
    assert _rows(result, "intruder") == [["Migranten", "group_label_neutral", True, ""],
                                         ["Eindringlinge", "group_label_pejorative", True, ""]]
    assert _rows(result, "refuser") == [["Integrationsverweigerer", "group_label_pejorative", True, ""]]


def test_migration_tourism_counts_city_tourism_does_not(result):
    assert _rows(result, "tourism") == [["Migrationstourismus", "group_label_pejorative", True, ""]]
    assert _rows(result, "tourism_city") == []
    assert _rows(result, "mass") == [["Massenimmigration", "disaster_metaphor", True, ""]]


# -- securitising topoi ----------------------------------------------------------------------
def test_loss_of_control_and_import_topoi(result):
    assert _rows(result, "control") == [["Kontrollverlust", "securitising", True, ""]]
    assert _rows(result, "control_bank") == [["Kontrollverlust", "securitising", False, "no_context"]]
    assert _rows(result, "import") == [["importierten Antisemitismus", "securitising", True, ""]]
    assert _rows(result, "open") == [["Politik der offenen Grenzen", "securitising", True, ""]]
    assert _rows(result, "incentive") == [["Asylbewerber", "group_label_neutral", True, ""],
                                          ["Fehlanreiz", "securitising", True, ""]]
    assert _rows(result, "incentive_tax") == [["Fehlanreiz", "securitising", False, "no_context"]]


# -- exclusion demands -----------------------------------------------------------------------
def test_deportation_demand_counts_a_report_of_a_deportation_does_not(result):
    assert _rows(result, "deport") == [["konsequent abschieben", "exclusion_demand", True, ""]]
    assert _rows(result, "deport_report") == []
    assert _rows(result, "remigration") == [["Remigration", "exclusion_demand", True, ""]]
    assert _rows(result, "turn_back") == [["Zurückweisungen an der Grenze", "exclusion_demand", True, ""]]
    assert _rows(result, "halt") == [["Zuwanderungsstopp", "exclusion_demand", True, ""]]
    assert _rows(result, "boat") == [["Boot ist voll", "securitising", True, ""]]


def test_exclusion_slogan_counts_quoted_it_is_distanced(result):
    assert _rows(result, "slogan") == [["Ausländer raus", "exclusion_demand", True, ""]]
    assert _rows(result, "slogan_quoted") == [["Ausländer raus", "exclusion_demand", False, "distanced"]]


def test_cap_and_border_closure_need_a_migration_word_in_their_sentence(result):
    assert _rows(result, "cap") == [["Obergrenze", "exclusion_demand", True, ""],
                                    ["Flüchtlinge", "group_label_neutral", True, ""]]
    assert _rows(result, "cap_rent") == [["Obergrenze", "exclusion_demand", False, "no_context"]]
    assert _rows(result, "cap_negated") == [["Obergrenze", "exclusion_demand", False, "negated"],
                                            ["Flüchtlinge", "group_label_neutral", False, "negated"]]
    assert _rows(result, "border")[0] == ["Grenzen schließen", "exclusion_demand", True, ""]
    assert _rows(result, "border_shop") == [["Grenze schließen", "exclusion_demand", False, "no_context"]]


# -- solidarity ------------------------------------------------------------------------------
def test_sea_rescue_and_safe_routes_count_as_solidarity_only_about_refugees(result):
    assert _rows(result, "rescue") == [["Seenotrettung", "solidarity", True, ""],
                                       ["Geflüchtete", "person_first", True, ""]]
    assert _rows(result, "rescue_sylt") == [["Seenotrettung", "solidarity", False, "no_context"]]
    assert _rows(result, "routes") == [["sichere und legale Fluchtwege", "solidarity", True, ""],
                                       ["Menschen aus Syrien", "person_first", True, ""]]
    assert _rows(result, "school_way") == [["sichere Wege", "solidarity", False, "no_context"]]
    assert _rows(result, "programme") == [["humanitäres Aufnahmeprogramm", "solidarity", True, ""],
                                          ["Flüchtlinge", "group_label_neutral", True, ""]]


def test_rights_claims_count_their_negation_does_not(result):
    assert _rows(result, "country") == [["Einwanderungsland", "solidarity", True, ""]]
    assert _rows(result, "country_negated") == [["Einwanderungsland", "solidarity", False, "negated"]]
    assert _rows(result, "stay") == [["Bleiberecht", "solidarity", True, ""]]
    assert _rows(result, "stay_negated") == [["Bleiberecht", "solidarity", False, "negated"]]
    assert _rows(result, "stop") == [["Abschiebungen stoppen", "solidarity", True, ""]]
    assert _rows(result, "stop_noun") == [["Abschiebestopp", "solidarity", True, ""]]


def test_granting_protection_counts_only_for_refugees(result):
    assert _rows(result, "protect") == [["Flüchtlingen", "group_label_neutral", True, ""],
                                        ["Schutz gewähren", "solidarity", True, ""]]
    # the verb first is not matched ("bieten Schutz"): the phrase would swallow the refugee word
    # that gives it its context ("gewährt den Flüchtlingen Schutz")
    assert _rows(result, "protect_dike") == []


def test_hostility_named_as_a_problem_counts_as_solidarity(result):
    assert _rows(result, "hate") == [["Hetze gegen Flüchtlinge", "solidarity", True, ""]]
    assert _rows(result, "attack") == [["fremdenfeindlichen", "solidarity", True, ""]]
    assert _rows(result, "racism_film") == [["Rassismus", "solidarity", False, "no_context"]]


# -- othering_balance ------------------------------------------------------------------------
def test_balance_has_a_neutral_midpoint_where_nothing_matched(result):
    t = result.table.set_index("doc")
    # othering only: index 1, balance +1; recognition only: index 0, balance -1
    assert t.loc["deport", ["othering_index", "othering_balance"]].tolist() == [1.0, 1.0]
    assert t.loc["country", ["othering_index", "othering_balance"]].tolist() == [0.0, -1.0]
    # nothing counted: no index, balance 0 (below othering, above recognition)
    assert math.isnan(t.loc["nothing", "othering_index"]) and t.loc["nothing", "othering_balance"] == 0.0
    assert math.isnan(t.loc["cap_negated", "othering_index"]) and t.loc["cap_negated", "othering_balance"] == 0.0


def test_balance_is_two_times_the_index_minus_one_in_a_mixed_unit(toks):
    # one unit: 4 othering (Parasiten, konsequent abschieben, Obergrenze, Remigration) and
    # 2 recognition (Einwanderungsland, Bleiberecht) -> index 4/6, balance (4 - 2) / 6
    sub = toks.filter_docs(["parasite", "deport", "cap", "remigration", "country", "stay"])
    row = OtheringScorer(places=None).score(sub, by=None).table.iloc[0]
    assert (row["othering"], row["recognition"]) == (4, 2)
    assert row["othering_index"] == pytest.approx(4 / 6)
    assert row["othering_balance"] == pytest.approx(2 / 6)


# -- hashtags --------------------------------------------------------------------------------
def test_a_noun_in_a_lower_case_hashtag_counts_elsewhere_it_must_be_capitalised(result):
    # before, "#asylanten" and "#rapefugees" were dropped as lower-case non-nouns (77 and 65 of
    # the development tweets' hashtags)
    assert _rows(result, "hashtag") == [["asylanten", "group_label_pejorative", True, ""],
                                        ["rapefugees", "group_label_pejorative", True, ""]]
    assert _rows(result, "lower_case") == []
