"""Council/Landtag minutes reader: every turn hand-checked, header metadata, agenda items,
interjections, chair handling, speaker-turn rules, sniffing and bad input."""
from __future__ import annotations

from pathlib import Path

import pytest

from framing.corpus.readers import READER_MODULES, detect_format, minutes
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY, read_head
from framing.corpus.readers.speech_common import (
    normalise_party,
    parse_turn,
    split_interjection,
    strip_inline_interjections,
)
from framing.corpus.report import IngestReport
from framing.errors import InputError

FIX = Path(__file__).resolve().parents[2] / "fixtures"
SPEECHES = FIX / "speeches"
DAMAGED = SPEECHES / "damaged"
RAT = SPEECHES / "rat_altena_2016-06-23.txt"
LANDTAG = SPEECHES / "landtag_nrw_16-110.txt"
DEMO_ARTICLE = FIX.parents[1] / "corpora" / "demo" / "articles" / "altena" / "altena-2015-03-12-a.md"

TOP5 = "Unterbringung von Flüchtlingen – dezentrale Wohnungen statt Sammelunterkunft"
TOP6 = "Integrationskonzept der Stadt Altena – Sachstandsbericht"
LT1 = ("Integration vor Ort stärken – Kommunen bei der Unterbringung und Integration von "
       "Flüchtlingen dauerhaft entlasten")
LT2 = "Gesetz zur Änderung des Flüchtlingsaufnahmegesetzes"


def read_all(path: Path, **options) -> tuple[list[dict], IngestReport]:
    report = IngestReport()
    return list(minutes.read(path, report=report, **options)), report


def summary(r: dict) -> tuple:
    return (r[RECORD_KEY], r[LINE_KEY], r["speaker"], r["role"], r["faction"], r["party"],
            r["agenda_item"], r["turn_type"])


# --------------------------------------------------------------------------------------------
# council minutes
# --------------------------------------------------------------------------------------------

COUNCIL = [
    # record, line, speaker, role, faction, party, item, type, first words, last words, interjections
    (1, 22, "Wellerkamp", "Bürgermeister", None, None, "TOP 5", "speech",
     "Meine Damen und Herren, wir haben", "alle Familien in Wohnungen unterzubringen.",
     ["Beifall bei der CDU und der SPD"]),
    (2, 30, "Dr. Stemmer", "Erster Beigeordneter", None, None, "TOP 5", "speech",
     "Ergänzend zur Vorlage: Derzeit leben 214", "weitere zwölf Wohnungen bereit.", []),
    (3, 33, "Marquardt", "Ratsfrau", "UWG", "UWG", "TOP 5", "speech",
     "Wir haben in Altena leerstehende Wohnungen", "weil\nsie Arbeit finden.",
     ["Beifall bei der UWG", "Zuruf von Ratsherr Pohl (fraktionslos): Und wer bezahlt die Miete?"]),
    (4, 41, "Kübler", "Ratsherr", "FDP", "FDP", "TOP 5", "speech",
     "Niemand in diesem Saal bestreitet", "im Finanzausschuss genau aufzuschlüsseln.",
     ["Unruhe", "Zuruf von der SPD: Sie stehen im Nachtragshaushalt!"]),
    (5, 50, "Özdemir-Brandt", "Ratsfrau", "BÜNDNIS 90/DIE GRÜNEN", "GRÜNE", "TOP 5", "speech",
     "Wir sollten nicht länger von „den Flüchtlingen“", "Drahtindustrie\nerst jetzt merken.",
     ["Heiterkeit", "Beifall beim BÜNDNIS 90/DIE GRÜNEN und bei der SPD"]),
    (6, 57, "Wellerkamp", "Bürgermeister", None, None, "TOP 5", "speech",
     "Vielen Dank.", "Weitere Wortmeldungen liegen nicht vor.", []),
    (7, 60, "Marquardt", "Ratsfrau", "UWG", "UWG", "TOP 5", "speech",
     "Eine kurze Ergänzung noch: Der Verein", "Familien in den Wohnungen.", []),
    (8, 71, "Wellerkamp", "Bürgermeister", None, None, "TOP 6", "speech",
     "Ich bitte Herrn Dr. Stemmer um den Bericht.", "um den Bericht.", []),
    (9, 74, "Dr. Stemmer", "Erster Beigeordneter", None, None, "TOP 6", "speech",
     "Seit Januar haben 96 Neubürgerinnen", "trifft sich monatlich.", ["Beifall"]),
    (10, 79, "Kübler", "Ratsherr", "FDP", "FDP", "TOP 6", "speech",
     "Eine Frage dazu: Wie viele", "einen\nAusbildungsplatz?", []),
    (11, 82, "Dr. Stemmer", "Erster Beigeordneter", None, None, "TOP 6", "speech",
     "Nach unserem Stand elf.", "beginnen im August.", []),
]


def check_council(recs: list[dict]) -> None:
    assert len(recs) == len(COUNCIL)
    for r, (rec, line, speaker, role, faction, party, item, kind, first, last, inter) in zip(recs, COUNCIL):
        assert summary(r) == (rec, line, speaker, role, faction, party, item, kind)
        assert r["text"].startswith(first), (rec, r["text"][:60])
        assert r["text"].endswith(last), (rec, r["text"][-60:])
        assert r["interjections"] == inter
        assert r["n_interjections"] == len(inter)
        title = TOP5 if item == "TOP 5" else TOP6
        assert (r["title"], r["section"]) == (title, f"{item}: {title}")
        assert (r["date"], r["outlet"], r["place"], r["session"], r["period"], r["venue"]) == (
            "23.06.2016", "Rat der Stadt Altena", "Altena", "12", "2014–2020",
            "Ratssaal im Rathaus Altena")
        assert (r["genre"], r["author"], r["turn"], r["chair_interventions"]) == (
            "speech", speaker, rec, [])


def test_council_minutes_every_turn():
    recs, report = read_all(RAT)
    assert report.events == []
    check_council(recs)
    kuebler = recs[3]
    # a sentence ending in a colon stays text; the quote after it too
    assert "Der Bürgermeister sagte dazu:\n„Wir verwalten nicht den Mangel" in kuebler["text"]
    # the inline interjection is cut out cleanly
    assert "suchen, auch wenn das manche" in recs[4]["text"]
    assert recs[2]["text"].split("\n") == [
        "Wir haben in Altena leerstehende Wohnungen, und wir haben Menschen, die eine Wohnung "
        "brauchen. Dass wir", "beides zusammenbringen, ist keine Belastung, sondern eine Chance für "
        "unsere Stadt.", "Die neuen Altenaer sind unsere Nachbarn.",
        "Die Miete zahlt in den ersten Monaten das Land, Herr Pohl, und danach zahlen viele sie "
        "selbst, weil", "sie Arbeit finden."]
    assert recs[0]["text"].count("\n\n") == 1  # two paragraphs


def test_council_header_agenda_and_notes_are_not_speech():
    recs, _ = read_all(RAT)
    text = "\n".join(r["text"] for r in recs)
    for outside in ("Niederschrift", "Anwesend", "Vorlage 2016/087)", "Beschluss", "Der Rat beschließt",
                    "Abstimmungsergebnis", "zur Kenntnis", "Sitzungsort", "Sachstandsbericht"):
        assert outside not in text
    for r in recs:
        for i in r["interjections"]:
            assert i not in r["text"]
        assert "(" not in r["text"]


def test_cp1252_minutes_read_the_same():
    recs, report = read_all(DAMAGED / "rat_altena_2016-06-23_cp1252.txt")
    assert report.events == []
    check_council(recs)


def test_mayor_as_chair():
    recs, _ = read_all(RAT, chair_roles=["Bürgermeister"])
    assert [r["turn_type"] for r in recs].count("chair") == 3
    merged, _ = read_all(RAT, chair_roles=["Bürgermeister"], merge_chair=True)
    assert [(r[RECORD_KEY], r["speaker"]) for r in merged] == [
        (2, "Dr. Stemmer"), (3, "Marquardt"), (4, "Kübler"), (5, "Özdemir-Brandt"),
        (7, "Marquardt"), (9, "Dr. Stemmer"), (10, "Kübler"), (11, "Dr. Stemmer")]
    assert merged[3]["chair_interventions"] == [
        "Bürgermeister Wellerkamp: Vielen Dank. Weitere Wortmeldungen liegen nicht vor."]


# --------------------------------------------------------------------------------------------
# Landtag minutes
# --------------------------------------------------------------------------------------------

LANDTAG_TURNS = [
    # record, line, speaker, role, faction, party, item, type, first words, last words, interjections
    (1, 14, "Carola Wendisch", "Präsidentin", None, None, None, "chair",
     "Meine sehr geehrten Damen und Herren!", "Zuschauertribüne.\n\nIch rufe auf:", []),
    (2, 20, "Carola Wendisch", "Präsidentin", None, None, "TOP 1", "chair",
     "Ich eröffne die Aussprache", "Herrn Kollegen Brenneke das Wort.", []),
    (3, 29, "Bernd Brenneke", None, "CDU", "CDU", "TOP 1", "speech",
     "Frau Präsidentin! Liebe Kolleginnen und Kollegen!", "auch vor Ort ausstatten.",
     ["Beifall von der CDU", "Zuruf von Monika Feldkamp [SPD]", "Beifall von der CDU",
      "Zuruf von der SPD: Das ist doch Polemik!"]),
    (4, 44, "Carola Wendisch", "Präsidentin", None, None, "TOP 1", "chair",
     "Vielen Dank, Herr Kollege Brenneke.", "Frau Kollegin Feldkamp.", []),
    (5, 47, "Monika Feldkamp", None, "SPD", "SPD", "TOP 1", "speech",
     "Frau Präsidentin! Meine Damen und Herren!", "zweimal erhöht worden.",
     ["Beifall von der SPD und den GRÜNEN"]),
    (6, 52, "Dr. Gerd Hülsmann", "Vizepräsident", None, None, "TOP 1", "chair",
     "Frau Kollegin Feldkamp, gestatten Sie eine Zwischenfrage", "Kollegen Brenneke?", []),
    (7, 55, "Monika Feldkamp", None, "SPD", "SPD", "TOP 1", "speech",
     "Nein, ich möchte im Zusammenhang vortragen.", "nicht Gäste bleiben.", ["Beifall von der SPD"]),
    (8, 60, "Dr. Gerd Hülsmann", "Vizepräsident", None, None, "TOP 1", "chair",
     "Vielen Dank.", "Abgeordnete Beispiel das Wort.", []),
    (9, 63, "Maria Beispiel", "Abgeordnete", "GRÜNE", "GRÜNE", "TOP 1", "speech",
     "Herr Präsident! Meine Damen und Herren! Ich will über die Sprache reden",
     "Naturkatastrophe. Reden wir lieber von Neubürgerinnen und Neubürgern.",
     ["Unruhe bei der CDU", "Beifall von den GRÜNEN und der SPD"]),
    (10, 70, "Dr. Gerd Hülsmann", "Vizepräsident", None, None, "TOP 1", "chair",
     "Für die Landesregierung spricht", "Herr Minister Kortmann.", []),
    (11, 72, "Dr. Rainer Kortmann", "Minister für Arbeit, Integration und Soziales", None, None,
     "TOP 1", "speech", "Herr Präsident! Meine Damen", "vollständig weitergegeben.",
     ["Beifall von der SPD und den GRÜNEN"]),
    (12, 77, "Dr. Gerd Hülsmann", "Vizepräsident", None, None, "TOP 1", "chair",
     "Vielen Dank, Herr Minister.", "überwiesen. Ich\nrufe auf:", []),
    (13, 81, "Dr. Gerd Hülsmann", "Vizepräsident", None, None, "TOP 2", "chair",
     "Zur Einbringung erteile ich", "Ministerin Sander das Wort.", []),
    (14, 91, "Dr. Ulrike Sander", "Ministerin für Inneres und Kommunales", None, None, "TOP 2",
     "speech", "Herr Präsident! Meine Damen und Herren!", "auf 10.000 Euro angehoben.",
     ["Beifall von der SPD"]),
    (15, 96, "Frank Kessler", None, "PIRATEN", "PIRATEN", "TOP 2", "speech",
     "Herr Präsident! Liebe Kolleginnen und Kollegen!", "über das Jahr 2017 hinaus.",
     ["Beifall von den PIRATEN"]),
    (16, 101, "Dr. Gerd Hülsmann", "Vizepräsident", None, None, "TOP 2", "chair",
     "Der Gesetzentwurf wird", "am Ende der heutigen Sitzung.", []),
]


def test_landtag_minutes_every_turn():
    recs, report = read_all(LANDTAG)
    assert report.events == []
    assert len(recs) == len(LANDTAG_TURNS)
    for r, (rec, line, speaker, role, faction, party, item, kind, first, last, inter) in zip(
            recs, LANDTAG_TURNS):
        assert summary(r) == (rec, line, speaker, role, faction, party, item, kind)
        assert r["text"].startswith(first), (rec, r["text"][:60])
        assert r["text"].endswith(last), (rec, r["text"][-60:])
        assert r["interjections"] == inter
        title = {"TOP 1": LT1, "TOP 2": LT2}.get(item, f"Rede von {speaker}")
        assert r["title"] == title
        assert r["section"] == (f"{item}: {title}" if item else None)
        assert (r["date"], r["outlet"], r["place"], r["session"], r["period"], r["venue"]) == (
            "27. April 2016", "Landtag Nordrhein-Westfalen", "Nordrhein-Westfalen", "110", "16",
            "Düsseldorf")
    text = "\n".join(r["text"] for r in recs)
    for outside in ("Drucksache", "Antrag\n", "erste Lesung", "Beginn", "Schluss: 13:12", "Auszug"):
        assert outside not in text


def test_merge_chair_folds_the_chair_into_the_speeches():
    recs, report = read_all(LANDTAG, merge_chair=True)
    assert report.events == []
    assert [(r[RECORD_KEY], r["speaker"]) for r in recs] == [
        (3, "Bernd Brenneke"), (5, "Monika Feldkamp"), (9, "Maria Beispiel"),
        (11, "Dr. Rainer Kortmann"), (14, "Dr. Ulrike Sander"), (15, "Frank Kessler")]
    assert all(r["turn_type"] == "speech" for r in recs)
    feldkamp = recs[1]
    # the speech the chair interrupted is one record again
    assert feldkamp["text"].split("\n\n") == [
        "Frau Präsidentin! Meine Damen und Herren! Herr Kollege Brenneke, die\nPauschale ist in "
        "diesem Jahr zweimal erhöht worden.",
        "Nein, ich möchte im Zusammenhang vortragen. – Integration gelingt dort, wo\nMenschen mit "
        "Fluchterfahrung Nachbarn werden und nicht Gäste bleiben."]
    assert feldkamp["interjections"] == ["Beifall von der SPD und den GRÜNEN", "Beifall von der SPD"]
    assert feldkamp["chair_interventions"] == [
        "Vizepräsident Dr. Gerd Hülsmann: Frau Kollegin Feldkamp, gestatten Sie eine Zwischenfrage "
        "des Kollegen Brenneke?",
        "Vizepräsident Dr. Gerd Hülsmann: Vielen Dank. – Für die Fraktion Bündnis 90/Die Grünen hat "
        "Frau Abgeordnete Beispiel das Wort."]
    assert recs[0]["chair_interventions"] == [
        "Präsidentin Carola Wendisch: Vielen Dank, Herr Kollege Brenneke. – Für die SPD-Fraktion "
        "spricht nun Frau Kollegin Feldkamp."]
    assert recs[4]["chair_interventions"] == []  # the chair's call of TOP 2 precedes it
    assert "Ausschuss für Kommunalpolitik" in recs[5]["chair_interventions"][0]


# --------------------------------------------------------------------------------------------
# options
# --------------------------------------------------------------------------------------------

BARE = """Wortprotokoll der Sitzung

Ratsfrau Lindner (SPD):
Wir brauchen mehr Sprachkurse.

Ratsherr Brinkmann (CDU): Da sind wir uns einig.
"""


def test_options_fill_what_the_header_lacks(tmp_path):
    p = tmp_path / "bv5.txt"
    p.write_text(BARE, encoding="utf-8")
    recs, _ = read_all(p, body="Bezirksvertretung V der Stadt Essen", date="20.01.2016")
    assert [(r["speaker"], r["outlet"], r["date"], r["place"], r["section"], r["title"]) for r in recs] == [
        ("Lindner", "Bezirksvertretung V der Stadt Essen", "20.01.2016", "Essen", None, "Rede von Lindner"),
        ("Brinkmann", "Bezirksvertretung V der Stadt Essen", "20.01.2016", "Essen", None,
         "Rede von Brinkmann")]
    recs, _ = read_all(p, place="Essen-Altenessen")
    assert (recs[0]["place"], recs[0]["outlet"], recs[0]["date"]) == ("Essen-Altenessen", None, None)
    # the header wins over the options
    recs, _ = read_all(RAT, body="Irgendein Gremium", date="01.01.2000", place="Anderswo")
    assert (recs[0]["outlet"], recs[0]["date"], recs[0]["place"]) == (
        "Rat der Stadt Altena", "23.06.2016", "Altena")


# --------------------------------------------------------------------------------------------
# speaker-turn rules
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, speaker, role, faction, party, rest", [
    ("Ratsfrau Müller (SPD):", "Müller", "Ratsfrau", "SPD", "SPD", ""),
    ("Oberbürgermeister Kufen:", "Kufen", "Oberbürgermeister", None, None, ""),
    ("Bürgermeister Dr. Schmidt (CDU):", "Dr. Schmidt", "Bürgermeister", "CDU", "CDU", ""),
    ("Abg. Maria Beispiel (GRÜNE):", "Maria Beispiel", "Abgeordnete", "GRÜNE", "GRÜNE", ""),
    ("Dr. Hans Muster (FDP):", "Dr. Hans Muster", None, "FDP", "FDP", ""),
    ("Präsidentin Carina Beispiel:", "Carina Beispiel", "Präsidentin", None, None, ""),
    ("Vizepräsident Oliver Muster: Bitte.", "Oliver Muster", "Vizepräsident", None, None, "Bitte."),
    ("Ministerin für Heimat, Kommunales, Bau und Gleichstellung Ina Beispiel:", "Ina Beispiel",
     "Ministerin für Heimat, Kommunales, Bau und Gleichstellung", None, None, ""),
    ("Ina Beispiel, Ministerin für Schule und Bildung: Herr Präsident!", "Ina Beispiel",
     "Ministerin für Schule und Bildung", None, None, "Herr Präsident!"),
    ("Erster Beigeordneter Dr. Stemmer: Ergänzend zur Vorlage: Derzeit …", "Dr. Stemmer",
     "Erster Beigeordneter", None, None, "Ergänzend zur Vorlage: Derzeit …"),
    ("Sachkundiger Bürger Heinz Klein (UWG):", "Heinz Klein", "Sachkundiger Bürger", "UWG", "UWG", ""),
    ("Herr Bürgermeister Wellerkamp:", "Wellerkamp", "Bürgermeister", None, None, ""),
    ("Herr Meier: Dazu eine Frage.", "Meier", None, None, None, "Dazu eine Frage."),
    ("Bernd Beispiel (CDU): Frau Präsidentin!", "Bernd Beispiel", None, "CDU", "CDU", "Frau Präsidentin!"),
    ("Ratsfrau Özdemir-Brandt (BÜNDNIS 90/DIE GRÜNEN):", "Özdemir-Brandt", "Ratsfrau",
     "BÜNDNIS 90/DIE GRÜNEN", "GRÜNE", ""),
    ("Gisela Beispiel (Unabhängige Wählergemeinschaft):", "Gisela Beispiel", None,
     "Unabhängige Wählergemeinschaft", "Unabhängige Wählergemeinschaft", ""),
    ("Bürgermeister Wellerkamp (Vorsitz):", "Wellerkamp", "Bürgermeister", None, None, ""),
])
def test_turn_lines(line, speaker, role, faction, party, rest):
    t = parse_turn(line)
    assert t is not None
    assert (t.speaker, t.role, t.faction, t.party, t.rest) == (speaker, role, faction, party, rest)


@pytest.mark.parametrize("line", [
    "Der Bürgermeister sagte dazu:",
    "Bürgermeister Müller sagte dazu:",
    "Dazu sagte Bürgermeister Müller:",
    "Meine Damen und Herren:",
    "Liebe Kolleginnen und Kollegen:",
    "Ich zitiere:",
    "Hans Muster:",  # a bare name: neither role nor party
    "Hans Muster: Ich finde das richtig.",
    "Gisela Beispiel (Altena) meint: Das geht so nicht.",
    "Beschluss:",
    "Abstimmungsergebnis: 27 Ja-Stimmen",
    "Beginn: 17:00 Uhr",
    "Datum: 23.06.2016",
    "Die Stadt (Altena):",
    "Ergebnis (einstimmig):",
    "Beschluss (Drucksache 16/1234):",
    "Herr Präsident:",
    "TOP 5: Unterbringung von Flüchtlingen",
    "Frage: Wie geht es weiter?",
    "„Wir schaffen das“, sagte Ratsfrau Müller:",
])
def test_not_turn_lines(line):
    assert parse_turn(line) is None


def test_interjections():
    assert split_interjection("(Beifall bei der SPD)") == ["Beifall bei der SPD"]
    assert split_interjection("(Beifall von der CDU – Zuruf von der SPD: Das ist doch Polemik!)") == [
        "Beifall von der CDU", "Zuruf von der SPD: Das ist doch Polemik!"]
    # a dash inside the heckle does not split it; a named heckler after a dash does
    assert split_interjection("(Zuruf von der SPD: Das ist – mit Verlaub – Unsinn! – Udo Beispiel "
                              "[AfD]: Doch! – Abg. Meier [CDU]: Na!)") == [
        "Zuruf von der SPD: Das ist – mit Verlaub – Unsinn!", "Udo Beispiel [AfD]: Doch!",
        "Abg. Meier [CDU]: Na!"]
    assert split_interjection("(Zuruf von der AfD: Das ist doch\n Unsinn!)") == [
        "Zuruf von der AfD: Das ist doch Unsinn!"]
    text, found = strip_inline_interjections(
        "Wir helfen (Heiterkeit) nach SGB II (Grundsicherung), oder? (Zuruf von Ratsherr Pohl (AfD): Nie!)")
    assert text == "Wir helfen nach SGB II (Grundsicherung), oder?"
    assert found == ["Heiterkeit", "Zuruf von Ratsherr Pohl (AfD): Nie!"]


@pytest.mark.parametrize("faction, party", [
    ("BÜNDNIS 90/DIE GRÜNEN", "GRÜNE"), ("BÜNDNIS\xa090/DIE GRÜNEN", "GRÜNE"),
    ("Bündnis 90/Die Grünen", "GRÜNE"), ("GRÜNE", "GRÜNE"), ("Grüne", "GRÜNE"),
    ("DIE LINKE", "LINKE"), ("DIE LINKE.", "LINKE"), ("Die Linke", "LINKE"),
    ("CDU/CSU", "CDU/CSU"), ("cdu", "CDU"), ("F.D.P.", "FDP"), ("AfD", "AfD"),
    ("fraktionslos", "fraktionslos"), ("Fraktionslos", "fraktionslos"), ("PIRATEN", "PIRATEN"),
    ("  Bürger  für Altena ", "Bürger für Altena"), ("", None), (None, None),
])
def test_normalise_party(faction, party):
    assert normalise_party(faction) == party


# --------------------------------------------------------------------------------------------
# detection
# --------------------------------------------------------------------------------------------

def sniffs(path: Path) -> bool:
    return minutes.sniff(path, read_head(path))


def test_sniff_true_for_minutes():
    assert sniffs(RAT) and sniffs(LANDTAG) and sniffs(DAMAGED / "rat_altena_2016-06-23_cp1252.txt")
    assert detect_format(RAT)[0] == "minutes"
    assert detect_format(LANDTAG)[0] == "minutes"


def test_sniff_false_for_other_texts(tmp_path):
    assert not sniffs(DEMO_ARTICLE)  # a Markdown article
    as_txt = tmp_path / "artikel.txt"  # even as .txt: YAML front matter belongs to the text reader
    as_txt.write_text(DEMO_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert not sniffs(as_txt)
    fm = tmp_path / "rede.txt"
    fm.write_text("---\ntitle: Rede\n---\n" + RAT.read_text(encoding="utf-8"), encoding="utf-8")
    assert not sniffs(fm)
    for press in ("nexis_de.txt", "nexis_uni_de.txt", "genios.txt", "factiva.txt"):
        assert not sniffs(FIX / "press" / press)
    assert not sniffs(FIX / "text" / "ratssitzung_altena_rede.txt")
    assert not sniffs(DAMAGED / "niederschrift_ohne_redebeitraege.txt")  # no speaker turns
    assert not sniffs(DAMAGED / "niederschrift_leer.txt")
    article = tmp_path / "bericht.txt"  # "Sitzung" and one turn-like line are not minutes
    article.write_text("In der Sitzung des Rates am Donnerstag ging es um Wohnungen.\n"
                       "Ratsfrau Müller (SPD):\nWir brauchen mehr davon.\n", encoding="utf-8")
    assert not sniffs(article)
    assert minutes.sniff(RAT, "") is False
    assert minutes.sniff(RAT, None) is False  # type: ignore[arg-type]  # never raises
    assert minutes.sniff(tmp_path / "x.md", RAT.read_text(encoding="utf-8")) is False  # suffix


def test_registered_before_the_text_reader():
    order = list(READER_MODULES)
    assert order.index("minutes") < order.index("textfolder")
    assert order.index("minutes") > max(order.index(m) for m in ("nexis", "genios", "factiva"))
    assert detect_format(DEMO_ARTICLE)[0] == "text"
    assert detect_format(DAMAGED / "niederschrift_ohne_redebeitraege.txt")[0] == "text"


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------

def test_no_speaker_turns():
    with pytest.raises(InputError, match="no speaker turns found") as info:
        list(minutes.read(DAMAGED / "niederschrift_ohne_redebeitraege.txt"))
    assert str(info.value).startswith(str(DAMAGED / "niederschrift_ohne_redebeitraege.txt"))


def test_empty_and_binary_files(tmp_path):
    with pytest.raises(InputError, match="empty file"):
        list(minutes.read(DAMAGED / "niederschrift_leer.txt"))
    blank = tmp_path / "leer.txt"
    blank.write_text("\n \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        list(minutes.read(blank))
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02\x03" * 100)
    with pytest.raises(InputError, match="binary"):
        list(minutes.read(junk))
    with pytest.raises(InputError, match="cannot read file"):
        list(minutes.read(tmp_path / "fehlt.txt"))


def test_turn_without_text_is_reported(tmp_path):
    p = tmp_path / "rat.txt"
    p.write_text("Niederschrift über die 3. Sitzung des Rates der Stadt Altena am 01.02.2017\n\n"
                 "TOP 1: Bericht\n\nRatsfrau Lindner (SPD):\n\n(Beifall bei der SPD)\n\n"
                 "Ratsherr Brinkmann (CDU):\nEinverstanden.\n", encoding="utf-8")
    recs, report = read_all(p)
    assert [(r[RECORD_KEY], r["speaker"], r["text"]) for r in recs] == [(2, "Brinkmann", "Einverstanden.")]
    assert [(e.record, e.status) for e in report.events] == [(1, "skipped")]
    assert "Lindner" in report.events[0].detail and "no text" in report.events[0].detail
