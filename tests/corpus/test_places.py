"""Place tagging: gazetteer construction and the precision-first tagger (hand-checked cases)."""
from __future__ import annotations

import pandas as pd
import pytest

from framing.corpus.places import Gazetteer, Mention, PlaceTagger, demonym
from framing.errors import InputError


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture(scope="module")
def tagger(gaz: Gazetteer) -> PlaceTagger:
    return PlaceTagger(gaz)


# -- gazetteer ----------------------------------------------------------------------------------
def test_default_gazetteer_has_geonames_and_all_50_essen_stadtteile(gaz: Gazetteer) -> None:
    frame = gaz.to_frame()
    essen = frame[(frame["parent"] == "Essen") & (frame["kind"] == "Stadtteil")]
    assert len(essen) == 50
    assert len(frame[(frame["parent"] == "Essen") & (frame["kind"] == "Stadtbezirk")]) == 9
    assert {"Karnap", "Vogelheim", "Altenessen-Nord", "Altenessen-Süd", "Katernberg",
            "Rüttenscheid", "Kupferdreh", "Steele"} <= set(essen["name"])
    assert {"Dahle", "Evingsen", "Rahmede"} <= set(frame.loc[frame["parent"] == "Altena", "name"])
    assert len(frame) > 10_000                      # GeoNames cities500, Germany
    assert gaz["Altena"].state == "Nordrhein-Westfalen"


def test_homonyms_share_one_entry_with_candidates_largest_first(gaz: Gazetteer) -> None:
    essen = gaz["Essen"]
    assert [c.state for c in essen.candidates] == ["Nordrhein-Westfalen", "Niedersachsen"]
    assert essen.population == essen.candidates[0].population > 500_000


def test_district_names_qualified_only_when_ambiguous_or_common(gaz: Gazetteer) -> None:
    assert "Karnap" in gaz and gaz["Karnap"].parent == "Essen"
    # "Horst" is also a town in Holstein, "Werden" a verb: qualified with the city
    assert gaz.get("Horst", parent="Essen").name == "Essen-Horst"
    assert gaz.get("Werden", parent="Essen").name == "Essen-Werden"
    assert gaz.canonical("Horst", parent="Essen") == "Essen-Horst"
    assert gaz.lookup("Horst")[0] == "Horst"        # without context: the municipality


def test_hoersterfeld_is_an_estate_in_essen_horst(gaz: Gazetteer) -> None:
    place = gaz["Hörsterfeld"]
    assert (place.parent, place.kind, place.within) == ("Essen", "Siedlung", "Essen-Horst")
    assert gaz.ancestors("Hörsterfeld") == ("Essen-Horst", "Essen-Stadtbezirk VII", "Essen")


def test_geonames_place_next_to_its_city_merges_into_the_district(gaz: Gazetteer) -> None:
    # GeoNames lists Überruhr-Holthausen as a populated place 7 km from Essen's centre
    place = gaz["Überruhr-Holthausen"]
    assert place.parent == "Essen" and place.population and place.population > 1000


# -- the reference cases ------------------------------------------------------------------------
def test_essen_north(tagger: PlaceTagger) -> None:
    text = "Die Stadt Essen plant im Norden, in Altenessen und Karnap, neue Unterkünfte."
    assert tagger.tag(text) == ["Essen", "Altenessen", "Karnap"]


@pytest.mark.parametrize("text", [
    "Das Essen in der Unterkunft war gut.",
    "Horst Müller sagte, man werde das prüfen.",
    "Werden die Pläne umgesetzt, ziehen 80 Menschen ein.",
    "Nach dem Essen gab es Kuchen, bei Regen fiel das Fest aus.",
    "Das Haus geriet in Brand, die Wände sind aus Holz und Stein.",
    "Die Lage ist ernst, die Stelle bleibt unbesetzt.",
    "Nina Hagen trat auf; Claudia Roth (Grüne) kam auch.",
    "In Schleswig-Holstein und Nordrhein-Westfalen gelten andere Regeln.",
    "Der Zug fährt nach Norden.",
    "",
])
def test_no_place_in_common_word_uses(tagger: PlaceTagger, text: str) -> None:
    assert tagger.tag(text) == []


def test_horst_needs_context(tagger: PlaceTagger) -> None:
    text = "Die Turnhalle in Horst wird Notunterkunft."
    assert tagger.tag(text, place="Essen") == ["Essen-Horst"]
    assert tagger.tag(text) == ["Horst"]            # no Essen context: the town in Holstein
    # Essen mentioned elsewhere in the document is context too
    assert tagger.tag("Die Stadt Essen hat entschieden: Die Turnhalle in Horst wird geöffnet.") == [
        "Essen", "Essen-Horst"]


def test_demonyms_count_as_mentions(tagger: PlaceTagger) -> None:
    assert tagger.tag("Altenaer Bürger helfen.") == ["Altena"]
    assert tagger.tag("Viele Essenerinnen und Essener engagieren sich.") == ["Essen"]
    assert tagger.tag("Altenessener und Hörsterfelder Nachbarn.") == ["Altenessen", "Hörsterfeld"]
    # a generated demonym that is an ordinary word is ignored ("Lehrer" from Lehre, "Keller" from Kell)
    assert tagger.tag("Die Lehrerin holt den Keller-Schlüssel.") == []


def test_multiword_names_and_spans(tagger: PlaceTagger) -> None:
    text = "Er zog nach Frankfurt am Main."
    assert tagger.mentions(text) == [Mention("Frankfurt am Main", 12, 29, "Frankfurt am Main")]
    assert tagger.tag("Die Gemeinde Bad Essen liegt in Niedersachsen.") == ["Bad Essen"]
    assert tagger.tag("Mülheim an der Ruhr und Gelsenkirchen") == ["Mülheim", "Gelsenkirchen"]


def test_hyphen_compounds_give_city_and_district(tagger: PlaceTagger) -> None:
    ms = tagger.mentions("Neue Kita in Essen-Karnap.")
    assert [(m.name, m.surface) for m in ms] == [("Essen", "Essen"), ("Karnap", "Karnap")]
    assert tagger.tag("Projekte in Essen-Werden und Essen-Horst") == ["Essen", "Essen-Werden", "Essen-Horst"]
    assert tagger.tag("Wohnungen in Essen-Nord") == ["Essen"]
    assert tagger.tag("Die Essen-Ausgabe beginnt um zwölf.") == []
    assert tagger.tag("Altenessen-Süd und Altenessen-Nord") == ["Altenessen-Süd", "Altenessen-Nord"]


def test_dateline_and_coordination(tagger: PlaceTagger) -> None:
    assert tagger.tag("ESSEN. Die Stadt baut.") == ["Essen"]
    assert tagger.tag("Essen. Die Stadt baut.") == ["Essen"]
    assert tagger.tag("Die Familien ziehen nach Dortmund, Hagen, Essen und Köln.") == [
        "Dortmund", "Hagen", "Essen", "Köln"]


def test_generic_district_names_need_their_city(tagger: PlaceTagger) -> None:
    text = "Im Südviertel und im Stadtbezirk V wird gebaut."
    assert tagger.tag(text) == []
    assert tagger.tag(text, place="Essen") == ["Essen-Südviertel", "Essen-Stadtbezirk V"]


def test_umlaut_less_spellings(tagger: PlaceTagger) -> None:
    assert tagger.tag("Im Hoersterfeld und in Ruettenscheid") == ["Hörsterfeld", "Rüttenscheid"]
    assert tagger.tag("Die Burgstadt an der Lenne") == []   # a word, not Burgstädt without umlaut


def test_resolve_metadata_place(tagger: PlaceTagger) -> None:
    assert tagger.resolve_place("Essen-Hörsterfeld") == ["Essen", "Hörsterfeld"]
    assert tagger.resolve_place("Essen-Altenessen/Karnap") == ["Essen", "Altenessen", "Karnap"]
    assert tagger.resolve_place("Altena") == ["Altena"]
    assert tagger.resolve_place("Musterhausen an der Nirgends") == []


# -- tag_frame ----------------------------------------------------------------------------------
def test_tag_frame_metadata_wins_and_fills_missing(tagger: PlaceTagger) -> None:
    docs = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"],
        "text": ["In Altena und in Altena und in Dortmund.",
                 "Aus Bochum nach Dortmund, dann wieder Bochum.",
                 "Hagen und Dortmund.",          # tie -> first mentioned
                 "Kein Ort hier."],
        "place": ["Essen", None, None, None],
    })
    out = tagger.tag_frame(docs)
    assert out["place"].tolist()[:3] == ["Essen", "Bochum", "Hagen"]
    assert out["place"].isna().tolist() == [False, False, False, True]
    assert out["places"].tolist() == [["Essen", "Altena", "Dortmund"], ["Bochum", "Dortmund"],
                                      ["Hagen", "Dortmund"], []]
    assert len(out) == len(docs) and list(docs.columns) == ["doc_id", "text", "place"]


def test_tag_frame_resolves_compound_metadata(tagger: PlaceTagger) -> None:
    docs = pd.DataFrame({"doc_id": ["x"], "text": ["Nachbarn in Horst helfen."],
                         "place": ["Essen-Hörsterfeld"]})
    out = tagger.tag_frame(docs)
    assert out.loc[0, "place"] == "Essen-Hörsterfeld"
    assert out.loc[0, "places"] == ["Essen", "Hörsterfeld", "Essen-Horst"]


def test_mentions_frame_for_auditing(tagger: PlaceTagger) -> None:
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["Die Stadt Altena wächst."]})
    mf = tagger.mentions_frame(docs)
    assert list(mf.columns) == ["doc_id", "place", "start", "end", "surface", "context"]
    assert mf.iloc[0][["doc_id", "place", "surface"]].tolist() == ["a", "Altena", "Altena"]


def test_deterministic(gaz: Gazetteer) -> None:
    text = ("Die Stadt Essen, Altenessen, Horst und Werden: in Horst und in Werden leben "
            "Essener, Bochumer und Altenaer. Frankfurt am Main ist weit.")
    a = PlaceTagger(gaz).mentions(text, place="Essen")
    b = PlaceTagger(Gazetteer.default()).mentions(text, place="Essen")
    assert a == b and a == PlaceTagger(gaz).mentions(text, place="Essen")


# -- user gazetteers, aliases -------------------------------------------------------------------
def test_user_gazetteer_from_csv_with_alias(tmp_path) -> None:
    path = tmp_path / "places.csv"
    path.write_text("name,parent,kind,aliases\n"
                    "Musterdorf,,Gemeinde,Mdorf|Muster-Dorf\n"
                    "Oberau,Musterdorf,Ortsteil,\n", encoding="utf-8")
    gaz = Gazetteer.from_csv(path)
    assert set(gaz) == {"Musterdorf", "Oberau"}
    tg = PlaceTagger(gaz)
    assert tg.tag("Neues aus Mdorf: In Oberau und Muster-Dorf wird gefeiert.") == ["Musterdorf", "Oberau"]
    assert tg.tag("Die Musterdorfer sind stolz.") == ["Musterdorf"]
    both = PlaceTagger(Gazetteer.from_csv(path, base=Gazetteer.default()))
    assert both.tag("Von Mdorf nach Altena") == ["Musterdorf", "Altena"]


def test_csv_errors(tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("ort,kreis\nA,B\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv.*'name' column"):
        Gazetteer.from_csv(bad)
    with pytest.raises(InputError, match="no such file"):
        Gazetteer.from_csv(tmp_path / "missing.csv")


def test_with_aliases_merges_places(gaz: Gazetteer) -> None:
    merged = gaz.with_aliases({"Altenessen": ["Altenessen-Nord", "Altenessen-Süd"]})
    assert "Altenessen-Nord" not in merged and "Altenessen-Nord" in gaz   # original unchanged
    tg = PlaceTagger(merged)
    assert tg.tag("In Altenessen-Nord und Altenessen-Süd") == ["Altenessen"]


def test_add_place_and_alias() -> None:
    gaz = Gazetteer.default().add("Kleinkleckersdorf", aliases=["KKD"])
    gaz.add_aliases({"Essen": "Ruhrmetropole Essen"})
    tg = PlaceTagger(gaz)
    assert tg.tag("Feier in Kleinkleckersdorf, Gäste aus der Ruhrmetropole Essen.") == [
        "Kleinkleckersdorf", "Essen"]


def test_min_population_drops_small_geonames_places(gaz: Gazetteer) -> None:
    text = "Ausflug nach Zwota und Altena."      # Zwota: ~1,500 inhabitants
    assert PlaceTagger(gaz).tag(text) == ["Zwota", "Altena"]
    assert PlaceTagger(gaz, min_population=5000).tag(text) == ["Altena"]


def test_stoplist_and_allow_overrides(gaz: Gazetteer) -> None:
    assert PlaceTagger(gaz, allow=["Essen"]).tag("Essen plant neue Wohnungen.") == ["Essen"]
    assert PlaceTagger(gaz, stoplist=["Altena"]).tag("Altena wächst, in Altena auch.") == ["Altena"]


# -- demonyms -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, expected", [
    ("Essen", "Essener"), ("Altena", "Altenaer"), ("Hörsterfeld", "Hörsterfelder"),
    ("Altenessen", "Altenessener"), ("München", "Münchner"), ("Bremen", "Bremer"),
    ("Hannover", "Hannoveraner"), ("Bochum", "Bochumer"), ("Köln", "Kölner"),
    ("Göttingen", "Göttinger"), ("Darmstadt", "Darmstädter"), ("Steele", "Steeler"),
    ("Mülheim an der Ruhr", "Mülheimer"), ("Bad Essen", "Bad Essener"),
])
def test_demonym(name: str, expected: str) -> None:
    assert demonym(name) == expected


def test_demonym_overrides() -> None:
    assert demonym("Musterstadt") == "Musterstädter"
    assert demonym("Musterstadt", overrides={"Musterstadt": "Musterstädtler"}) == "Musterstädtler"


# -- places abroad, countries, real-press pitfalls (issue 11) -----------------------------------
def test_places_abroad_carry_their_country(gaz: Gazetteer) -> None:
    assert gaz["Essen"].country == "DE" and gaz["Karnap"].country == "DE"   # districts inherit
    assert gaz["Wien"].country == "AT" and gaz["Graz"].country == "AT"
    rom = gaz["Rom"]                      # German name of Rome; the village Rom is a candidate
    assert rom.country == "IT" and rom.population > 2_000_000
    assert {c.country for c in rom.candidates} >= {"IT", "DE"}
    assert gaz.lookup("Rome") == ["Rom"]                 # GeoNames' own name stays a surface
    frame = gaz.to_frame()
    assert "country" in frame.columns and set(frame["country"].dropna()) >= {"DE", "AT", "CH", "IT"}


def test_rome_and_linz_are_the_places_meant(tagger: PlaceTagger, gaz: Gazetteer) -> None:
    assert tagger.tag("Der Papst reiste von Rom nach Linz.") == ["Rom", "Linz"]
    assert gaz["Linz"].country == "AT"
    assert tagger.tag("Die Fähre in Linz am Rhein fährt wieder.") == ["Linz am Rhein"]
    assert tagger.tag("Der Bürgermeister von Mailand traf Kollegen aus Warschau.") == ["Mailand", "Warschau"]


@pytest.mark.parametrize("text", [
    "Die Kinder spielten mit Stöcken und Steinen.",          # inflected nouns, not Stöcken/Steinen
    "Nach zwei Siegen in Folge ist die Mannschaft Tabellenführer.",
    "Mit immer mehr Geldern werden Zäune gebaut.",
    "Der Konzern kündigte an, westliche Konzerne zu übernehmen.",   # not demonyms of Konz
    "Er hat eine weiße Weste.",
    "Aufstellung: Klem, Piesinger, Offenbacher, Horvath, Ulmer (verletzt).",   # surnames
    "Luxemburg, Mexiko und Deutschland stimmten zu.",        # countries are not places
    "Der Königsteiner Schlüssel und das Dublin-Verfahren regeln die Verteilung.",
    "Rot-Rot-Grün regiert in Thüringen.",
    "Der Stürmer Enner Valencia traf zweimal.",              # a person, not the city
    "Die Kita- und Schulbesuche sind Pflicht.",               # Kita is a ward of Tokyo, too
    "Der Parteitag im Konrad-Adenauer-Haus.",                # "Adenauer" is no place here
    "Die Demonstration endete am Brandenburger Tor.",
])
def test_no_place_in_real_press_pitfalls(tagger: PlaceTagger, text: str) -> None:
    assert tagger.tag(text) == []


def test_common_words_still_count_in_a_place_context(tagger: PlaceTagger) -> None:
    assert tagger.tag("Die Stadt Geldern baut eine Unterkunft.") == ["Geldern"]
    assert tagger.tag("Die Universitätsstadt Siegen wächst.") == ["Siegen"]
    assert tagger.tag("Sie kamen aus Steinen.") == []          # "aus Steinen" is a material
    assert tagger.tag("Die Ulmer Polizei und viele Ulmer halfen.") == ["Ulm"]
    assert tagger.tag("Der Bischof in Berlin, Karl Jüsten, sagte das.") == ["Berlin"]   # Karl: a person


def test_datelines_inside_the_text(tagger: PlaceTagger) -> None:
    text = "Ein Kind wurde verletzt. Wien – Ein Lkw erfasste am Montag ein Kind."
    assert [(m.name, m.surface) for m in tagger.mentions(text)] == [("Wien", "Wien")]
    assert tagger.tag("Meister braucht Punkte. Graz/Salzburg – Sturm will gewinnen.") == ["Graz", "Salzburg"]
    assert tagger.tag("Die Kosten – Essen und Getränke – trägt der Verein.") == []


def test_landkreis_is_not_the_town(tagger: PlaceTagger) -> None:
    assert tagger.tag("Unwetter im Landkreis Schwäbisch Hall und im Landkreis Straubing-Bogen.") == []
    assert tagger.tag("Unwetter in Schwäbisch Hall.") == ["Schwäbisch Hall"]


def test_country_named_in_the_text_decides_between_namesakes(tagger: PlaceTagger, gaz: Gazetteer) -> None:
    assert tagger.tag("Der Weltcup in Seefeld. Bester Österreicher wurde Gruber.") == ["Seefeld in Tirol"]
    assert tagger.tag("Der Weltcup in Seefeld.") == ["Seefeld"]
    assert gaz["Seefeld"].country == "DE" and gaz["Seefeld in Tirol"].country == "AT"
    # ... but only between places of comparable size: Straßburg stays Strasbourg
    assert tagger.tag("Österreichische Richter verweisen nach Straßburg.") == ["Straßburg"]


def test_places_abroad_without_german_name_need_a_place_context(tagger: PlaceTagger) -> None:
    text = "Dramatische Partie in Oakland. Oakland verlor knapp."
    assert [m.surface for m in tagger.mentions(text)] == ["Oakland", "Oakland"]  # one sense per text
    assert tagger.tag("Oakland verlor knapp.") == []
    assert tagger.tag("Der Papst landete in Holguin.") == ["Holguín"]    # accents may be missing


def test_spelling_variants_of_place_names(tagger: PlaceTagger) -> None:
    assert tagger.tag("Die Landeshauptstadt St. Pölten wächst.") == ["Sankt Pölten"]
    assert tagger.tag("Die Parteibasis in Stade applaudiert.") == ["Hansestadt Stade"]
    assert tagger.tag("Die Brüsseler Staatsanwaltschaft und die Londoner Polizei.") == ["Brüssel", "London"]


def test_tag_frame_adds_place_country(tagger: PlaceTagger) -> None:
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
                         "text": ["Unfall in Graz.", "Kein Ort.", "Die Stadt baut.", "Regen in Rom und in Rom."],
                         "place": [None, None, "Essen-Hörsterfeld", None]})
    out = tagger.tag_frame(docs)
    assert out["place_country"].tolist()[:1] == ["AT"] and out["place_country"].tolist()[2:] == ["DE", "IT"]
    assert out["place_country"].isna().tolist() == [False, True, False, False]
    assert "place_country" not in tagger.tag_frame(docs, country_col=None).columns
    assert tagger.country_of("Wien") == "AT" and tagger.country_of("Nirgendwo") is None


def test_place_coverage_counts_documents_without_place(tagger: PlaceTagger) -> None:
    from framing.corpus.places import place_coverage

    docs = tagger.tag_frame(pd.DataFrame({"text": ["In Graz.", "Nichts.", "Nichts.", "Aus Essen."]}))
    cov = place_coverage(docs)
    assert cov == {"n_documents": 4, "n_with_place": 2, "n_without_place": 2,
                   "share_without_place": 0.5, "by_country": {"AT": 1, "DE": 1}}


def test_othering_drops_demonyms_whose_forms_are_words() -> None:
    from framing.corpus.places import demonym_is_word
    from framing.othering.demonyms import demonym_entries

    assert demonym_is_word("Konzer") and not demonym_is_word("Essener")
    assert [e.term for e in demonym_entries(["Konz", "Essen"])] == ["Essener"]
    assert [e.term for e in demonym_entries(["Konz"], overrides={"Konz": "Konzer"})] == ["Konzer"]


def test_gold_sample_of_real_press(shared_data, monkeypatch) -> None:
    """Precision and recall on the hand-checked sample (benchmarks/data/places_gold.csv)."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_places.py"
    spec = importlib.util.spec_from_file_location("bench_places", path)
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_places", bench)   # its dataclasses need the module
    spec.loader.exec_module(bench)
    gold = bench.load_gold()
    assert (gold["kind"] == "place").sum() >= 150 and (gold["kind"] != "document").sum() >= 300
    scores = bench.evaluate(PlaceTagger(), gold, bench.load_texts(shared_data))
    assert scores.precision >= 0.90 and scores.recall >= 0.85


def test_othering_does_not_count_westliche_konzerne_as_people_of_konz() -> None:
    from framing.nlp.tokens import Tokens
    from framing.othering import OtheringScorer

    words = [("Neu", "neu"), ("zugezogene", "zugezogen"), ("Essener", "Essener"), ("kamen", "kommen"),
             (",", ","), ("westliche", "westlich"), ("Konzerne", "Konzern"), ("kamen", "kommen"), (".", ".")]
    table = pd.DataFrame([{"doc_id": "d", "sent_id": 0, "token_id": i, "text": t, "lemma": lem,
                           "is_punct": t in {",", "."}} for i, (t, lem) in enumerate(words)])
    result = OtheringScorer(places=["Konz", "Essen"]).score(Tokens(table, pd.DataFrame({"doc_id": ["d"]})), by="doc")
    assert result.evidence["term"].tolist() == ["Essener"]


def test_inflected_nouns_come_from_the_index_without_simplemma(
        gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default index carries the inflection test's answers for its single-word surfaces
    (so tagging never loads simplemma's dictionary); they equal the test itself."""
    from framing.corpus import places

    idx = gaz.index
    assert idx.inflected is not None and "Steinen" in idx.inflected
    words = ["Steinen", "Stöcken", "Geldern", "Kirchen", "Essen", "Altena", "Bochum", "Wiesen"]
    expected = {w: places._lemma_is_frequent_noun(w) for w in words}
    assert expected["Steinen"] and not expected["Bochum"]

    def no_simplemma(surface: str) -> bool:
        raise AssertionError(f"simplemma asked about {surface!r}")

    monkeypatch.setattr(places, "_lemma_is_frequent_noun", no_simplemma)
    places._inflected_noun.cache_clear()
    try:
        assert {w: places._inflected_noun(w) for w in words} == expected
        PlaceTagger(gaz).tag("Aus Steinen und Stöcken kamen Gäste nach Essen-Horst und Geldern.")
    finally:
        places._inflected_noun.cache_clear()


def test_place_objects_pickle(gaz: Gazetteer) -> None:
    import pickle

    place = gaz["Essen"]
    assert pickle.loads(pickle.dumps(place)) == place


def test_index_pickles_as_columns_and_comes_back_equal() -> None:
    import pickle

    from framing.corpus.places import Gazetteer

    gaz = Gazetteer()
    gaz.add("Essen", aliases=["Essen (Ruhr)"], population=580_000, latitude=51.45, longitude=7.01,
            country="DE")
    gaz.add("Horst", parent="Essen", within="Stadtbezirk VII")
    gaz.add("Stadtbezirk VII", parent="Essen", kind="Stadtbezirk")
    gaz.add("Altena", population=17_000, country="DE")
    gaz.add("Oakland", population=400_000, country="US")
    gaz.add_aliases({"Altenessen": ["Altenessen-Nord", "Altenessen-Süd"]})
    idx = gaz.index
    back = pickle.loads(pickle.dumps(idx, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.places == idx.places and list(back.places) == list(idx.places)
    assert back.surfaces == idx.surfaces and list(back.surfaces) == list(idx.surfaces)
    assert back.first == idx.first and list(back.first) == list(idx.first)
    assert back.ancestors == idx.ancestors and back.by_parent == idx.by_parent
    assert back.weak == idx.weak and back.inflected == idx.inflected
    assert all(isinstance(v, tuple) for v in back.surfaces.values())


def test_default_gazetteer_loads_its_records_only_when_changed() -> None:
    from framing.corpus.places import Gazetteer, _default_records

    gaz = Gazetteer.default()
    assert gaz._pending is not None and gaz._record_list == []
    copy = gaz.copy()
    assert copy._pending is not None
    copy.add("Nirgendwohausen", parent="Essen")
    assert copy._pending is None
    assert [r.name for r in copy._records] == [r.name for r in _default_records(True, True, True)] + [
        "Nirgendwohausen"]
    assert "Nirgendwohausen" in copy and "Nirgendwohausen" not in gaz and gaz._pending is not None
    assert len(copy) == len(gaz) + 1
