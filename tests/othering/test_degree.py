"""Issue 12: an othering measure with degree, on hand-checked real-language examples.

Neutral group labels are counted but stay out of the default index; pejorative labels, mass
metaphors, collective distancing and host/guest talk enter it; recognition needs a referent
that is a newcomer; Austrian and Swiss usage; the scorer follows reassigned parameters.
The sentences are written for these tests, in the style of the press passages the issue quotes.
"""
from __future__ import annotations

import numpy as np
import pytest

from framing.corpus.corpus import Corpus
from framing.corpus.places import demonym_clash
from framing.errors import InputError
from framing.nlp.annotate import annotate
from framing.othering import Lexicon, OtheringScorer

TEXTS: dict[str, str] = {
    # false recognitions of the issue
    "einwohner_count": "Mehr als 26.000 Flüchtlinge kamen nach Kanjiža, das rund 10.000 Einwohner zählt.",
    "einwohner_source": "Nach Angaben eines Einwohners wurde ein weiteres Flüchtlingslager getroffen.",
    "konzerne": "Die Flüchtlinge kamen an. Westliche Konzerne investieren in der Region.",
    "colleagues_abroad": "Gazprom-Chef Miller schreckte seine ukrainischen Kollegen mit einer Prognose.",
    # recognition that must still count
    "predicative": "Die Geflüchteten sind längst Essener.",
    "new_neighbours": "Wir begrüßen unsere neuen Nachbarn aus Syrien.",
    "person_first_clause": "Wir helfen Menschen, die vor Krieg und Verfolgung fliehen. "
                           "Menschen, die vor dem Rathaus stehen, warten.",
    # degree: pejorative labels and mass metaphors
    "pejorative": "Im Netz war von der Asylantenflut die Rede, und Wirtschaftsflüchtlinge sollten gehen.",
    "criminal": "Der Politiker warnte vor kriminellen Ausländern.",
    "criminalising": "Wir müssen die illegale Migration stoppen. Das ist Einwanderung in die Sozialsysteme. "
                     "Ihre Einreise war nicht illegal.",
    "plain_news": "Die Flüchtlinge wurden in Notunterkünften untergebracht. Die Migranten warten auf Busse.",
    "crisis": "Die Flüchtlingskrise beschäftigt die Regierung.",
    # Austrian and Swiss usage
    "austria": "Die Asylwerber wohnen in einem Flüchtlingsquartier in Vorarlberg.",
    "switzerland": "Die vorläufig Aufgenommenen und die Asylsuchenden warten auf einen Entscheid. "
                   "Zwei Familien wurden vorläufig aufgenommen.",
}


@pytest.fixture(scope="module")
def toks():
    ids = list(TEXTS)
    return annotate(Corpus.from_texts([TEXTS[d] for d in ids], doc_ids=ids), cache=False, progress=False)


def _ev(toks, doc_id: str, **options):
    options.setdefault("places", ["Essen", "Konz", "Kanjiža"])
    r = OtheringScorer(**options).score(toks.filter_docs([doc_id]), by="doc")
    return r, r.evidence


# -- recognition needs a newcomer referent -----------------------------------------------------
@pytest.mark.parametrize("doc_id", ["einwohner_count", "einwohner_source", "colleagues_abroad"])
def test_local_terms_without_newcomer_referent_do_not_count(toks, doc_id):
    r, ev = _ev(toks, doc_id)
    rec = ev[ev["polarity"] == "recognition"]
    assert len(rec) == 1 and not rec["counted"].any()
    assert rec["reason"].tolist() == ["no_reference"]
    assert r.table["recognition"].iloc[0] == 0


def test_generated_demonym_that_is_an_ordinary_word_is_dropped(toks):
    # Konz -> "Konzer", whose plural "Konzern" is the noun Konzern: "westliche Konzerne"
    assert demonym_clash("Konzer") == "Konzern"
    assert demonym_clash("Essener") is None and demonym_clash("Altenaer") is None
    r, ev = _ev(toks, "konzerne")
    assert "Konzer" in r.settings["demonyms_dropped"]
    assert not ev["match"].str.contains("Konzern").any()
    assert ev["term"].tolist() == ["Flüchtling"]


def test_overridden_demonym_is_kept_even_if_it_looks_like_a_word(toks):
    r, _ev_table = _ev(toks, "konzerne", places=["Konz"], demonym_overrides={"Konz": "Konzer"})
    assert r.settings["demonyms_dropped"] == {}


@pytest.mark.parametrize("doc_id, expected", [("predicative", "predicative"), ("new_neighbours", "modifier")])
def test_recognition_with_newcomer_referent_still_counts(toks, doc_id, expected):
    _r, ev = _ev(toks, doc_id)
    local = ev[ev["category"] == "local_identity"]
    assert local["counted"].all() and len(local) == 1
    assert local["cue"].iloc[0] == expected


def test_person_first_relative_clause(toks):
    r, ev = _ev(toks, "person_first_clause")
    assert ev[["match", "category", "counted"]].values.tolist() == [
        ["Menschen, die vor Krieg und Verfolgung fliehen", "person_first", True]]
    assert r.table["recognition"].iloc[0] == 1


# -- degree --------------------------------------------------------------------------------
def test_pejorative_compound_and_mass_metaphor_enter_the_index(toks):
    r, ev = _ev(toks, "pejorative")
    got = {row.match: (row.category, row.counted, row.in_index) for row in ev.itertuples()}
    assert got["Asylantenflut"] == ("disaster_metaphor", False, False)   # "von ... die Rede": distanced
    assert got["Wirtschaftsflüchtlinge"] == ("group_label_pejorative", True, True)
    r, ev = _ev(toks, "pejorative", count_distanced=True)
    flut = ev[ev["match"] == "Asylantenflut"].iloc[0]
    assert flut["counted"] and flut["in_index"]
    assert r.table["othering"].iloc[0] == 2


def test_criminalising_modifier_counts_once_as_delegitimising(toks):
    # lexicon 1.2: the modifier rule moves the neutral label (one match, the modifier included)
    r, ev = _ev(toks, "criminal")
    assert ev[["match", "category", "counted"]].values.tolist() == [
        ["kriminellen Ausländern", "delegitimising_label", True]]
    assert r.table["othering"].iloc[0] == 1


def test_criminalising_and_welfare_topos_count_as_securitising(toks):
    _r, ev = _ev(toks, "criminalising")
    assert ev[["term", "category", "counted"]].values.tolist() == [
        ["illegale Migration", "securitising", True],
        ["Einwanderung in die Sozialsysteme", "securitising", True]]


def test_plain_news_about_refugees_does_not_saturate_the_index(toks):
    r, ev = _ev(toks, "plain_news")
    row = r.table.iloc[0]
    assert row["group_label_neutral"] == 2 and row["group_label_neutral_per_1k"] > 0
    assert row["othering"] == 0 and np.isnan(row["othering_index"])
    assert not ev["in_index"].any()
    # the old behaviour is one argument away
    row = _ev(toks, "plain_news", index_categories="all")[0].table.iloc[0]
    assert (row["othering"], row["othering_index"]) == (2, 1.0)


def test_crisis_label_is_reported_but_not_in_the_index(toks):
    r, ev = _ev(toks, "crisis")
    assert ev[["term", "category", "counted", "in_index"]].values.tolist() == [
        ["Flüchtlingskrise", "crisis_label", True, False]]
    assert r.table["crisis_label"].iloc[0] == 1 and r.table["othering"].iloc[0] == 0


def test_shipped_index_categories_are_explicit():
    lex = Lexicon.default()
    assert set(lex.categories) - set(lex.index_categories) == {"group_label_neutral", "crisis_label"}


# -- Austrian and Swiss usage -------------------------------------------------------------------
def test_austrian_usage(toks):
    _r, ev = _ev(toks, "austria")
    got = {row.match: (row.term, row.category, row.match_type, row.counted) for row in ev.itertuples()}
    assert got["Asylwerber"] == ("Asylwerber", "group_label_neutral", "lemma", True)
    # the quarter is an institution: a modifier match, reported, not counted
    assert got["Flüchtlingsquartier"][2:] == ("modifier", False)


def test_swiss_usage(toks):
    _r, ev = _ev(toks, "switzerland")
    assert sorted(ev.loc[ev["counted"], "term"]) == ["Asylsuchende", "vorläufig Aufgenommene"]
    assert (ev["category"] == "group_label_neutral").all() and len(ev) == 2   # not the verb phrase


# -- the scorer follows reassigned parameters (stale-state bug) ---------------------------------
def test_reassigned_lexicon_takes_effect(toks):
    t = toks.filter_docs(["plain_news", "austria"])
    scorer = OtheringScorer(places=None, index_categories="all")
    before = scorer.score(t, by=None).table["othering"].iloc[0]
    assert before == 3
    other = Lexicon.default().extend([{"term": "Bus", "category": "group_label_neutral", "match": "lemma",
                                       "rationale": "test entry", "source": "user"}])
    scorer.lexicon = other
    after = scorer.score(t, by=None).table["othering"].iloc[0]
    fresh = OtheringScorer(lexicon=other, places=None, index_categories="all").score(t, by=None).table
    assert after == fresh["othering"].iloc[0] == 4
    scorer.lexicon = None
    assert scorer.score(t, by=None).table["othering"].iloc[0] == before


def test_reassigned_demonym_overrides_and_districts_take_effect():
    toks = annotate(Corpus.from_texts(["Die neuen Evingsener und die neuen Evingser feiern."], doc_ids=["d"]),
                    cache=False, progress=False)
    scorer = OtheringScorer(places=["Evingsen"])
    first = scorer.score(toks, by=None).evidence
    assert first.loc[first["counted"], "match"].tolist() == ["Evingser"]      # the lexicon's override
    scorer.demonym_overrides = {"Evingsen": "Evingsener"}
    second = scorer.score(toks, by=None).evidence
    fresh = OtheringScorer(places=["Evingsen"], demonym_overrides={"Evingsen": "Evingsener"}).score(
        toks, by=None).evidence
    assert second.loc[second["counted"], "match"].tolist() == fresh.loc[fresh["counted"], "match"].tolist() \
        == ["Evingsener"]
    scorer.districts = False
    assert scorer.compiled_lexicon(("Essen",)) is not OtheringScorer(places=None).compiled_lexicon(("Essen",))
    n_with = len(OtheringScorer(districts=True).compiled_lexicon(("Essen",)).entries)
    assert len(scorer.compiled_lexicon(("Essen",)).entries) < n_with


def test_lexicon_index_categories_are_validated(tmp_path):
    f = tmp_path / "lex.yaml"
    f.write_text("name: t\ncategories:\n  a: {polarity: othering}\nindex_categories: [b]\nsources: {s: {title: x}}\n"
                 "entries:\n  - {term: Flut, category: a, match: lemma, rationale: abc, source: s}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown categories"):
        Lexicon.from_yaml(f)


def test_index_categories_from_a_lexicon_extension(toks):
    lex = Lexicon.default().extend({"index_categories": ["group_label_neutral", "person_first"]})
    assert lex.index_categories == ("group_label_neutral", "person_first") and len(lex) == len(Lexicon.default())
    row = OtheringScorer(lex, places=None).score(toks.filter_docs(["plain_news"]), by=None).table.iloc[0]
    assert (row["othering"], row["othering_index"]) == (2, 1.0)
