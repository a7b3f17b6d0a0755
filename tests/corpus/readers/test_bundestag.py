"""Bundestag open-data protocol reader: every speech hand-checked, chair and Zwischenfrage
handling, interjections, safe parsing (billion laughs, XXE), bad input, end-to-end ingest."""
from __future__ import annotations

import shutil
import socket
import tracemalloc
from pathlib import Path

import pytest

import framing
from framing.corpus.readers import READER_MODULES, accepted_options, bundestag, detect_format
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY, read_head
from framing.corpus.report import IngestReport
from framing.errors import EmptyCorpusError, InputError

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "speeches"
DAMAGED = FIX / "damaged"
PROTOCOL = FIX / "bundestag_19250.xml"
# the whole title: the introduction (T_NaS) and the bold title (T_fett)
TOP12 = ("Beratung des Antrags der Abgeordneten Lena Kaya-Albrecht, Jonas Feldmann und der Fraktion "
         "BÜNDNIS 90/DIE GRÜNEN: Kommunen bei der Integration Geflüchteter dauerhaft unterstützen")
TOP13 = ("Beratung des Antrags der Abgeordneten Tobias von Wendland und der Fraktion der FDP: "
         "Wohnsitzauflage für anerkannte Schutzberechtigte evaluieren")


def read_all(path: Path, **options) -> tuple[list[dict], IngestReport]:
    report = IngestReport()
    return list(bundestag.read(path, report=report, **options)), report


def read_until_error(path: Path, **options) -> tuple[list[dict], InputError]:
    got: list[dict] = []
    with pytest.raises(InputError) as info:
        for rec in bundestag.read(path, **options):
            got.append(rec)
    return got, info.value


# --------------------------------------------------------------------------------------------
# the protocol, record by record
# --------------------------------------------------------------------------------------------

def test_every_speech_default():
    recs, report = read_all(PROTOCOL)
    assert report.events == []
    assert [(r[RECORD_KEY], r[LINE_KEY], r["doc_id"]) for r in recs] == [
        (1, 41, "ID1925001200"), (2, 52, "ID1925001300"), (3, 58, "ID1925001300-question-1"),
        (4, 70, "ID1925001400"), (5, 92, "ID1925001500"), (6, 101, "ID1925001600")]
    for r in recs:  # the sitting's metadata on every record
        assert (r["date"], r["outlet"], r["place"], r["session"], r["period"], r["venue"],
                r["genre"]) == ("27.06.2019", "Deutscher Bundestag", "Deutschland", "250", "19",
                                "Berlin", "speech")
        assert r["author"] == r["speaker"]
        assert r["n_interjections"] == len(r["interjections"])
    r1, r2, q, r3, r4, r5 = recs

    assert (r1["speaker"], r1["faction"], r1["party"], r1["role"], r1["speaker_id"]) == (
        "Lena Kaya-Albrecht", "BÜNDNIS 90/DIE GRÜNEN", "GRÜNE", None, "99900011")
    assert r1["faction"] == "BÜNDNIS 90/DIE GRÜNEN"  # the non-breaking space in the XML is gone
    assert (r1["title"], r1["agenda_item"]) == (TOP12, "Tagesordnungspunkt 12")
    assert r1["section"] == f"Tagesordnungspunkt 12: {TOP12}"
    assert (r1["speech_id"], r1["turn_type"]) == ("ID1925001200", "speech")
    assert r1["text"].startswith("Herr Präsident! Liebe Kolleginnen und Kollegen! Integration findet")
    assert r1["text"].endswith("Dafür brauchen die Kommunen Planungssicherheit.")
    assert len(r1["text"].split("\n\n")) == 3
    assert r1["interjections"] == [
        "Beifall beim BÜNDNIS 90/DIE GRÜNEN sowie bei Abgeordneten der SPD",
        "Zuruf von der AfD: Wer soll das bezahlen?",
        "Beifall beim BÜNDNIS 90/DIE GRÜNEN"]
    assert r1["chair_interventions"] == [
        "Präsident Dr. Hartmut Vollrath: Vielen Dank, Frau Kollegin. – Nächster Redner ist der "
        "Kollege Dr. Henrik Sommerfeld, CDU/CSU-Fraktion."]
    assert r1["interposed_questions"] == []

    assert (r2["speaker"], r2["faction"], r2["party"], r2["role"], r2["speaker_id"]) == (
        "Dr. Henrik Sommerfeld", "CDU/CSU", "CDU/CSU", None, "99900012")
    assert r2["text"].split("\n\n") == [
        "Herr Präsident! Meine Damen und Herren! Niemand in diesem Haus bestreitet, dass die "
        "Kommunen die Hauptlast tragen. Aber der Bund hat seit 2016 Milliarden für Unterkunft und "
        "Integration bereitgestellt.",
        "Bitte schön.",  # his answer to the chair: his words
        "Nein, Herr Kollege, da gebe ich Ihnen nicht recht. Die Städte haben die Aufgabe "
        "angenommen, und viele sehen darin eine Chance gegen Leerstand und Fachkräftemangel.",
        "Darum werden wir die Integrationspauschale fortführen, aber gezielter."]
    assert r2["interjections"] == ["Beifall bei der CDU/CSU und der SPD", "Beifall bei der CDU/CSU"]
    assert r2["chair_interventions"] == [
        "Präsident Dr. Hartmut Vollrath: Herr Kollege Sommerfeld, gestatten Sie eine Zwischenfrage "
        "des Kollegen Krampitz aus der AfD-Fraktion?",
        "Präsident Dr. Hartmut Vollrath: Vielen Dank. – Für die Bundesregierung hat das Wort der "
        "Bundesminister Dr. Matthias Ehrenberg."]
    assert r2["interposed_questions"] == [
        "Udo Krampitz (AfD): Herr Kollege, geben Sie mir recht, dass die Flüchtlingswelle die Städte "
        "überfordert hat und dass die Bürger das jeden Tag spüren?"]

    # the Zwischenfrage: the questioner's own record, same speech id and agenda item
    assert (q["speaker"], q["faction"], q["party"], q["speaker_id"], q["turn_type"]) == (
        "Udo Krampitz", "AfD", "AfD", "99900013", "question")
    assert (q["speech_id"], q["section"], q["title"]) == (
        "ID1925001300", f"Tagesordnungspunkt 12: {TOP12}", TOP12)
    assert q["text"] == ("Herr Kollege, geben Sie mir recht, dass die Flüchtlingswelle die Städte "
                         "überfordert hat und dass die Bürger das jeden Tag spüren?")
    assert q["interjections"] == ["Beifall bei der AfD",
                                  "Zuruf von der SPD: Das ist – mit Verlaub – Unsinn!"]

    # the minister: a role, no faction
    assert (r3["speaker"], r3["faction"], r3["party"], r3["role"], r3["speaker_id"]) == (
        "Dr. Matthias Ehrenberg", None, None, "Bundesminister des Innern, für Bau und Heimat",
        "99900014")
    assert r3["text"].startswith("Herr Präsident! Meine sehr verehrten Damen und Herren!")
    assert r3["text"].endswith("verhandeln wir mit den Ländern bis zum Herbst.")
    assert len(r3["text"].split("\n\n")) == 3
    assert r3["interjections"] == ["Zuruf von der LINKEN: Und was kommt 2020?",
                                   "Beifall bei der CDU/CSU und der SPD"]
    assert r3["chair_interventions"] == [
        "Präsident Dr. Hartmut Vollrath: Herr Minister, achten Sie bitte auf die Zeit.",
        "Präsident Dr. Hartmut Vollrath: Vielen Dank. – Ich schließe die Aussprache. "
        "Interfraktionell wird Überweisung der Vorlage auf Drucksache 19/99901 an den Ausschuss für "
        "Inneres und Heimat vorgeschlagen. – Dann ist so beschlossen."]

    # name particle (namenszusatz), second agenda item, another chair
    assert (r4["speaker"], r4["party"], r4["speaker_id"]) == ("Tobias von Wendland", "FDP", "99900015")
    assert (r4["title"], r4["agenda_item"]) == (TOP13, "Tagesordnungspunkt 13")
    assert r4["text"].startswith("Frau Präsidentin! Meine Damen und Herren! Die Wohnsitzauflage")
    assert r4["text"].endswith("Lassen Sie uns die Auflage endlich wissenschaftlich auswerten.")
    assert r4["interjections"] == [
        "Beifall bei der FDP",
        "Beifall bei der FDP sowie des Abg. Jonas Feldmann [BÜNDNIS 90/DIE GRÜNEN]"]
    assert r4["chair_interventions"] == [
        "Vizepräsidentin Claudia Reinholdt: Vielen Dank. – Die nächste Rednerin ist die Kollegin "
        "Katrin Oberhauser, Fraktion Die Linke."]

    # ortszusatz kept with the name (it tells two members of the same name apart)
    assert (r5["speaker"], r5["faction"], r5["party"]) == (
        "Katrin Oberhauser (Hagen)", "DIE LINKE", "LINKE")
    assert r5["text"] == ("Frau Präsidentin! Liebe Kolleginnen und Kollegen! Eine Auflage, die "
                          "Menschen vorschreibt, wo sie wohnen dürfen, ist das Gegenteil von "
                          "Teilhabe.\n\nWer Integration will, muss Wohnungen bauen, nicht Menschen "
                          "verteilen.")
    assert r5["interjections"] == [
        "Beifall bei der LINKEN",
        "Udo Krampitz [AfD]: Sonst ziehen doch alle nach Berlin!",
        "Beifall bei der LINKEN und beim BÜNDNIS 90/DIE GRÜNEN"]
    assert r5["chair_interventions"] == []


def test_interjections_and_other_voices_are_not_in_the_text():
    recs, _ = read_all(PROTOCOL, split_chair=True)
    for r in recs:
        for i in r["interjections"]:
            assert i not in r["text"]
        assert "Beifall" not in r["text"] and "Zuruf" not in r["text"]
    speeches = [r for r in recs if r["turn_type"] == "speech"]
    assert not any("Zwischenfrage" in r["text"] or "achten Sie bitte" in r["text"] for r in speeches)
    assert not any("Flüchtlingswelle" in r["text"] for r in speeches)  # the AfD question's word


def test_split_chair_makes_chair_records():
    recs, report = read_all(PROTOCOL, split_chair=True)
    assert report.events == []
    assert [(r[RECORD_KEY], r["turn_type"], r["speaker"], r.get("doc_id")) for r in recs] == [
        (1, "chair", "Dr. Hartmut Vollrath", None),
        (2, "chair", "Dr. Hartmut Vollrath", None),
        (3, "speech", "Lena Kaya-Albrecht", "ID1925001200"),
        (4, "chair", "Dr. Hartmut Vollrath", "ID1925001200-chair-1"),
        (5, "speech", "Dr. Henrik Sommerfeld", "ID1925001300"),
        (6, "chair", "Dr. Hartmut Vollrath", "ID1925001300-chair-1"),
        (7, "question", "Udo Krampitz", "ID1925001300-question-1"),
        (8, "chair", "Dr. Hartmut Vollrath", "ID1925001300-chair-2"),
        (9, "speech", "Dr. Matthias Ehrenberg", "ID1925001400"),
        (10, "chair", "Dr. Hartmut Vollrath", "ID1925001400-chair-1"),
        (11, "chair", "Dr. Hartmut Vollrath", "ID1925001400-chair-2"),
        (12, "chair", "Claudia Reinholdt", None),
        (13, "speech", "Tobias von Wendland", "ID1925001500"),
        (14, "chair", "Claudia Reinholdt", "ID1925001500-chair-1"),
        (15, "speech", "Katrin Oberhauser (Hagen)", "ID1925001600"),
    ]
    opening, top_open = recs[0], recs[1]
    assert (opening["role"], opening["section"], opening["speech_id"], opening[LINE_KEY]) == (
        "Präsident", None, None, 31)
    assert opening["title"] == "Rede von Dr. Hartmut Vollrath"
    assert opening["text"] == ("Guten Morgen, liebe Kolleginnen und Kollegen! Bitte nehmen Sie "
                               "Platz. Die Sitzung ist eröffnet.")
    # the chair's text before the first speech of an item: its words, not the agenda titles
    assert top_open["section"] == f"Tagesordnungspunkt 12: {TOP12}"
    assert top_open["text"].split("\n\n") == [
        "Ich rufe den Tagesordnungspunkt 12 auf:",
        "Nach einer interfraktionellen Vereinbarung sind für die Aussprache 38 Minuten vorgesehen. "
        "– Ich höre keinen Widerspruch. Dann ist so beschlossen.",
        "Ich eröffne die Aussprache. Das Wort hat die Kollegin Lena Kaya-Albrecht für Bündnis 90/Die "
        "Grünen."]
    assert top_open["interjections"] == ["Beifall beim BÜNDNIS 90/DIE GRÜNEN"]
    chair1 = recs[3]
    assert (chair1["role"], chair1["speech_id"], chair1["party"]) == ("Präsident", "ID1925001200", None)
    assert chair1["text"] == ("Vielen Dank, Frau Kollegin. – Nächster Redner ist der Kollege Dr. "
                              "Henrik Sommerfeld, CDU/CSU-Fraktion.")
    assert chair1["interjections"] == ["Beifall bei der CDU/CSU"]
    assert recs[10]["text"].split("\n\n")[0] == "Vielen Dank. – Ich schließe die Aussprache."
    assert (recs[11]["role"], recs[11]["section"]) == ("Vizepräsidentin", f"Tagesordnungspunkt 13: {TOP13}")
    # the procedural "(Schluss: 11.42 Uhr)" makes no record
    assert not any("11.42 Uhr" in r["text"] for r in recs)
    # the speeches are the same as without split_chair
    default, _ = read_all(PROTOCOL)
    assert [r["text"] for r in recs if r["turn_type"] != "chair"] == [r["text"] for r in default]


def test_questions_can_stay_out():
    recs, report = read_all(PROTOCOL, split_questions=False)
    assert report.events == []
    assert [r["doc_id"] for r in recs] == ["ID1925001200", "ID1925001300", "ID1925001400",
                                           "ID1925001500", "ID1925001600"]
    assert recs[1]["interposed_questions"][0].startswith("Udo Krampitz (AfD): Herr Kollege")
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3, 4, 5]


# --------------------------------------------------------------------------------------------
# detection
# --------------------------------------------------------------------------------------------

def test_sniff():
    assert bundestag.sniff(PROTOCOL, read_head(PROTOCOL)) is True
    assert bundestag.sniff(DAMAGED / "bundestag_xxe.xml", read_head(DAMAGED / "bundestag_xxe.xml"))
    assert bundestag.sniff(DAMAGED / "kein_protokoll.xml", read_head(DAMAGED / "kein_protokoll.xml")) is False
    rat = FIX / "rat_altena_2016-06-23.txt"
    assert bundestag.sniff(rat, read_head(rat)) is False
    assert bundestag.sniff(PROTOCOL, "") is False
    assert bundestag.sniff(PROTOCOL, None) is False  # type: ignore[arg-type]  # never raises


def test_registered_before_html_and_tabular():
    order = list(READER_MODULES)
    assert order.index("bundestag") < min(order.index("html"), order.index("tabular"))
    assert detect_format(PROTOCOL)[0] == "bundestag"
    assert {"split_chair", "split_questions"} <= accepted_options()


# --------------------------------------------------------------------------------------------
# safety
# --------------------------------------------------------------------------------------------

def test_billion_laughs_is_refused_without_expanding():
    tracemalloc.start()
    try:
        got, err = read_until_error(DAMAGED / "bundestag_billion_laughs.xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got == []
    assert "entity 'lol'" in str(err) and "refused" in str(err)
    assert str(err).startswith(str(DAMAGED / "bundestag_billion_laughs.xml"))
    assert err.line == 3
    assert peak < 5_000_000  # a few hundred kB; the expansion would be gigabytes


def test_external_entities_are_neither_read_nor_fetched(monkeypatch):
    def no_network(*args, **kwargs):  # pragma: no cover - must not be called
        raise AssertionError("the reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    got, err = read_until_error(DAMAGED / "bundestag_xxe.xml")
    assert got == []
    assert "entity 'xxe'" in str(err) and "file:///etc/passwd" in str(err)
    assert "root:" not in str(err)


def test_undeclared_entity_is_an_error_not_a_lookup(tmp_path):
    p = tmp_path / "p.xml"
    p.write_text(PROTOCOL.read_text(encoding="utf-8").replace("Bitte schön.", "&passwd;"),
                 encoding="utf-8")
    got, err = read_until_error(p)
    assert [r["doc_id"] for r in got] == ["ID1925001200"]  # the speeches before it are kept
    assert "undefined entity &passwd;" in str(err) and err.line == 57


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------

def test_truncated_file_keeps_complete_speeches():
    got, err = read_until_error(DAMAGED / "bundestag_19250_truncated.xml")
    assert [r["doc_id"] for r in got] == ["ID1925001200", "ID1925001300", "ID1925001300-question-1"]
    assert "truncated" in str(err) and err.line == 72
    assert str(err).startswith(str(DAMAGED / "bundestag_19250_truncated.xml") + ", line 72:")


def test_non_protocol_xml():
    got, err = read_until_error(DAMAGED / "kein_protokoll.xml")
    assert got == []
    assert "root element <rss>, expected <dbtplenarprotokoll>" in str(err) and err.line == 2


def test_old_format_protocol(tmp_path):
    p = tmp_path / "18245.xml"
    p.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<DOKUMENT><WAHLPERIODE>18</WAHLPERIODE>'
                 "<DOKUMENTART>PLENARPROTOKOLL</DOKUMENTART><NR>18/245</NR><TEXT>…</TEXT></DOKUMENT>",
                 encoding="utf-8")
    _, err = read_until_error(p)
    assert "old-format" in str(err)


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"  \n", "empty file"),
    (b"\x00\x01\x02binary\xff\xfe junk", "not well-formed XML"),
    (b"<dbtplenarprotokoll wahlperiode='19'><sitzungsverlauf/></dbtplenarprotokoll>",
     "no speeches"),
    (b"<dbtplenarprotokoll><sitzungsverlauf><rede id='X'><p>ohne", "truncated"),
])
def test_broken_files(tmp_path, content, message):
    p = tmp_path / "kaputt.xml"
    p.write_bytes(content)
    _, err = read_until_error(p)
    assert message in str(err)
    assert str(err).startswith(str(p))


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read file"):
        list(bundestag.read(tmp_path / "fehlt.xml"))


def test_speech_without_speaker_or_text_is_reported(tmp_path):
    p = tmp_path / "p.xml"
    p.write_text(
        "<dbtplenarprotokoll wahlperiode='19' sitzung-nr='1' sitzung-datum='01.01.2019'>"
        "<sitzungsverlauf><tagesordnungspunkt top-id='Tagesordnungspunkt 1'>"
        "<rede id='A'><p klasse='J_1'>Wer spricht hier?</p></rede>"
        "<rede id='B'><p klasse='redner'><redner id='1'><name><vorname>Eva</vorname>"
        "<nachname>Beispiel</nachname><fraktion>SPD</fraktion></name></redner>Eva Beispiel (SPD):</p>"
        "<kommentar>(Beifall bei der SPD)</kommentar></rede>"
        "<rede id='C'><p klasse='redner'><redner id='2'><name><vorname>Uwe</vorname>"
        "<nachname>Muster</nachname><fraktion>fraktionslos</fraktion></name></redner>"
        "Uwe Muster (fraktionslos):</p><p klasse='J_1'>Kurz und gut.</p></rede>"
        "</tagesordnungspunkt></sitzungsverlauf></dbtplenarprotokoll>", encoding="utf-8")
    recs, report = read_all(p)
    assert [(r[RECORD_KEY], r["doc_id"], r["party"], r["title"]) for r in recs] == [
        (3, "C", "fraktionslos", "Rede von Uwe Muster")]
    assert [(e.record, e.status) for e in report.events] == [(1, "skipped"), (2, "skipped")]
    assert "names no speaker" in report.events[0].detail
    assert "Eva Beispiel" in report.events[1].detail and "no text" in report.events[1].detail


# --------------------------------------------------------------------------------------------
# end to end
# --------------------------------------------------------------------------------------------

def test_read_folder_end_to_end(tmp_path):
    corpus = framing.read(FIX, dedup=False, places=False, progress=False)
    report = corpus.report
    assert report.n_records == report.n_read + report.n_skipped
    assert report.files[str(PROTOCOL)] == "bundestag"
    assert report.files[str(FIX / "rat_altena_2016-06-23.txt")] == "minutes"
    assert report.files[str(FIX / "landtag_nrw_16-110.txt")] == "minutes"
    assert report.files[str(DAMAGED / "rat_altena_2016-06-23_cp1252.txt")] == "minutes"
    # a Niederschrift without speaker turns is an ordinary text document
    assert report.files[str(DAMAGED / "niederschrift_ohne_redebeitraege.txt")] == "text"
    skipped = {Path(f).name: d for f, d in zip(report.skipped["file"], report.skipped["detail"])}
    assert set(skipped) == {"bundestag_19250_truncated.xml", "bundestag_billion_laughs.xml",
                            "bundestag_xxe.xml", "kein_protokoll.xml", "niederschrift_leer.txt",
                            "README.md"}
    assert "refused for safety" in skipped["bundestag_xxe.xml"]

    docs = corpus.docs
    speeches = docs[docs["genre"] == "speech"]
    # protocol, its truncated copy, 19251 and its four damaged-but-recovered copies, 2 × council,
    # Landtag
    assert len(speeches) == 6 + 3 + 5 * 5 + 11 + 11 + 16
    for col in ("speaker", "party", "faction", "role", "speaker_id", "session", "period",
                "speech_id", "genre", "interjections", "n_interjections", "turn_type",
                "chair_interventions", "agenda_item"):
        assert col in docs.columns
    bt = docs[docs["source"].str.startswith(str(PROTOCOL))].set_index("doc_id")
    assert bt.loc["ID1925001300-question-1", "author"] == "Udo Krampitz"
    assert str(bt.loc["ID1925001200", "date"].date()) == "2019-06-27"
    assert bt.loc["ID1925001200", "outlet"] == "Deutscher Bundestag"
    rat = docs[docs["doc_id"].str.startswith("rat_altena_2016-06-23-")]
    assert set(rat["place"]) == {"Altena"} and set(rat["outlet"]) == {"Rat der Stadt Altena"}
    assert str(rat["date"].iloc[0].date()) == "2016-06-23"
    by_party = speeches.groupby("party")["doc_id"].count().to_dict()
    # Bundestag 19250 (twice), 19251 (five copies), council (twice), Landtag
    assert by_party["GRÜNE"] == 1 + 1 + 5 + 2 + 1
    corpus.to_parquet(tmp_path / "speeches.parquet")  # list columns survive Parquet


def test_reading_a_folder_of_protocols(tmp_path):
    for n in ("19250", "19251"):
        shutil.copy(PROTOCOL, tmp_path / f"{n}-data.xml")
    corpus = framing.read(tmp_path, dedup=False, places=False, clean=False, progress=False)
    assert len(corpus) == 12
    assert corpus.report.count("warning") == 6  # the copy repeats the speech ids; renamed


# --------------------------------------------------------------------------------------------
# 19251: agenda sub-items, a speech in a wrapper, speeches given to the record (Anlagen)
# --------------------------------------------------------------------------------------------

PROTOCOL_B = FIX / "bundestag_19251.xml"
TOP14 = ("a) Beratung des Antrags der Abgeordneten Lena Kaya-Albrecht, Jonas Feldmann und der "
         "Fraktion BÜNDNIS 90/DIE GRÜNEN: Sprachkurse für Geflüchtete vom ersten Tag an öffnen; "
         "b) Beratung der Beschlussempfehlung und des Berichts des Ausschusses für Inneres und "
         "Heimat (4. Ausschuss) zu dem Antrag der Abgeordneten Udo Krampitz und der Fraktion der "
         "AfD: Integrationskurse evaluieren – Kosten offenlegen")
ANLAGE2_TITLE = ("zur Beratung: a) des Antrags der Fraktion BÜNDNIS 90/DIE GRÜNEN: Sprachkurse für "
                 "Geflüchtete vom ersten Tag an öffnen; b) der Beschlussempfehlung des Ausschusses "
                 "für Inneres und Heimat zu dem Antrag der Fraktion der AfD: Integrationskurse "
                 "evaluieren – Kosten offenlegen")
ANLAGE3_TITLE = ("zu der namentlichen Abstimmung über: die Beschlussempfehlung des Ausschusses für "
                 "Inneres und Heimat: Integrationskurse evaluieren – Kosten offenlegen")
WRAPPER_WARNING = ("line 37: <rede> ID1925100200 inside an unexpected <rede-block> element; read as "
                   "if the <rede-block> were not there")


def _summary(recs: list[dict]) -> list[tuple]:
    return [(r["doc_id"], r["speaker"], r["party"], r["role"], r["to_record"], r["speech_kind"],
             r["annex"], r["agenda_item"], r["title"], r["text"], r["interjections"]) for r in recs]


def test_19251_every_speech():
    recs, report = read_all(PROTOCOL_B)
    assert [(e.status, e.record, e.detail) for e in report.events] == [
        ("warning", None, WRAPPER_WARNING)]
    assert [(r[RECORD_KEY], r[LINE_KEY], r["doc_id"], r["to_record"], r["speech_kind"])
            for r in recs] == [
        (1, 30, "ID1925100100", False, "spoken"),  # the line of the speaker's <p klasse="redner">
        (2, 39, "ID1925100200", False, "spoken"),  # inside <rede-block>: read, with a warning
        (3, 74, "ID1925100300", True, "to_record"),
        (4, 85, "ID1925100400", True, "to_record"),
        (5, 108, "ID1925100500", True, "vote_statement")]
    for r in recs:
        assert (r["date"], r["session"], r["period"], r["genre"], r["turn_type"]) == (
            "28.06.2019", "251", "19", "speech", "speech")
    feldmann, krampitz, tiedemann, hessler, obermeier = recs

    # the whole agenda title: a) and b), each with its introduction and its (two-line) bold title
    assert (feldmann["title"], feldmann["agenda_item"]) == (TOP14, "Tagesordnungspunkt 14")
    assert feldmann["section"] == f"Tagesordnungspunkt 14: {TOP14}"
    assert (feldmann["speaker"], feldmann["party"], feldmann["annex"]) == ("Jonas Feldmann", "GRÜNE", None)
    assert feldmann["text"] == ("Frau Präsidentin! Meine Damen und Herren! Wer Deutsch lernen will, "
                                "soll nicht monatelang auf einen Kurs warten.\n\nDarum wollen wir "
                                "die Kurse vom ersten Tag an öffnen, auch für Menschen mit Duldung.")
    assert feldmann["interjections"] == ["Beifall beim BÜNDNIS 90/DIE GRÜNEN"]
    assert feldmann["chair_interventions"] == [
        "Vizepräsidentin Claudia Reinholdt: Vielen Dank. – Nächster Redner ist Udo Krampitz, AfD."]
    assert (krampitz["speaker"], krampitz["party"], krampitz["title"]) == ("Udo Krampitz", "AfD", TOP14)
    assert krampitz["text"] == ("Frau Präsidentin! Meine Damen und Herren! Bevor wir Kurse öffnen, "
                                "wollen wir wissen, was sie bringen.")
    assert krampitz["interjections"] == ["Zuruf von der SPD: Das steht im Bericht!"]

    # given to the record: the text starts in the speaker's paragraph, after "Name (Partei):"
    assert (tiedemann["speaker"], tiedemann["party"], tiedemann["speaker_id"]) == (
        "Marlene Tiedemann", "SPD", "99900018")
    assert tiedemann["text"] == ("Sprache ist der Schlüssel zur Teilhabe.\n\nIn meinem Wahlkreis "
                                 "warten Geflüchtete bis zu einem halben Jahr auf einen Platz im "
                                 "Integrationskurs.")
    assert (tiedemann["annex"], tiedemann["agenda_item"], tiedemann["title"]) == (
        "Anlage 2: Zu Protokoll gegebene Reden", "Tagesordnungspunkt 14", ANLAGE2_TITLE)
    assert tiedemann["section"] == f"Tagesordnungspunkt 14 a und b: {ANLAGE2_TITLE}"
    assert (tiedemann["interjections"], tiedemann["chair_interventions"]) == ([], [])
    assert (hessler["speaker"], hessler["party"], hessler["role"]) == (
        "Dr. Paul Hessler", None,
        "Parl. Staatssekretär beim Bundesminister des Innern, für Bau und Heimat")
    assert hessler["text"] == "Die Bundesregierung hat die Mittel für Integrationskurse erhöht."
    assert hessler["title"] == ANLAGE2_TITLE
    # an Erklärung nach § 31 GO: its own Anlage, its own heading
    assert (obermeier["speaker"], obermeier["party"], obermeier["annex"], obermeier["title"]) == (
        "Heinz Obermeier", "fraktionslos", "Anlage 3: Erklärung nach § 31 GO", ANLAGE3_TITLE)
    assert obermeier["section"] == f"Tagesordnungspunkt 14 b: {ANLAGE3_TITLE}"
    assert obermeier["text"] == ("Ich stimme der Beschlussempfehlung zu.\n\nEine Evaluation schadet "
                                 "niemandem.")


def test_19251_split_chair_keeps_the_anlagen_apart():
    recs, _ = read_all(PROTOCOL_B, split_chair=True)
    assert [(r["turn_type"], r.get("doc_id"), r["to_record"]) for r in recs] == [
        ("chair", None, False), ("speech", "ID1925100100", False),
        ("chair", "ID1925100100-chair-1", False), ("speech", "ID1925100200", False),
        ("chair", None, False), ("speech", "ID1925100300", True), ("speech", "ID1925100400", True),
        ("speech", "ID1925100500", True)]
    assert recs[0]["text"] == ("Ich rufe die Tagesordnungspunkte 14 a und 14 b auf:\n\nIch eröffne "
                               "die Aussprache. Das Wort hat der Kollege Jonas Feldmann.")
    # the Anlage 1 table (a name in a <p> of a cell) is neither a title nor a record
    assert not any("Beispiel, Eva" in (r["title"] or "") + r["text"] for r in recs)


@pytest.mark.parametrize("name, warning", [
    ("bundestag_19251_bom_reference.xml",
     "the file starts with a byte-order mark written as a character reference (&#xFEFF;); "
     "removed before parsing"),
    ("bundestag_19251_attribute_without_value.xml",
     "not well-formed XML, read with lxml's recovering parser; 1 defect(s) in speech ID1925100100 "
     "(1: line 34: attribute 'nowrap' without a value dropped); no <rede> lost"),
    ("bundestag_19251_mismatched_tag.xml",
     "not well-formed XML, read with lxml's recovering parser; 1 defect(s) in speech ID1925100100 "
     "(1: line 34: <p> closed at </P>); no <rede> lost"),
    ("bundestag_19251_unclosed_col.xml",
     "not well-formed XML, read with lxml's recovering parser; 6 defect(s) in the Anlagen, after "
     "</sitzungsverlauf> (5: line 60: <col> closed at </colgroup>; line 63: <col> closed at "
     "</table>; line 64: <colgroup> closed at </anlagen-text>; … 2 more) and at the end of the "
     "file (1: line 118: <anlage> closed at </dbtplenarprotokoll>); no <rede> lost"),
])
def test_damaged_copies_are_recovered_and_reported(name, warning):
    recs, report = read_all(DAMAGED / name)
    clean, _ = read_all(PROTOCOL_B)
    assert _summary(recs) == _summary(clean)  # every speech, word for word
    assert [(e.status, e.record, e.detail) for e in report.events] == [
        ("warning", None, warning), ("warning", None, WRAPPER_WARNING.replace("line 37", "line 38"))]
    assert all(e.file == str(DAMAGED / name) for e in report.events)


def test_recovery_in_the_ingest_report():
    corpus = framing.read(DAMAGED / "bundestag_19251_unclosed_col.xml", progress=False, places=False)
    assert len(corpus) == 5 and corpus.report.n_read == 5
    text = corpus.report.to_text()
    assert f"{DAMAGED / 'bundestag_19251_unclosed_col.xml'}: not well-formed XML, read with lxml's " \
           "recovering parser; 6 defect(s)" in text
    docs = corpus.docs.set_index("doc_id")
    assert docs["to_record"].tolist() == [False, False, True, True, True]
    assert str(docs.loc["ID1925100500", "date"].date()) == "2019-06-28"


def test_a_rede_lost_in_recovery_is_a_reported_skip(tmp_path):
    p = tmp_path / "p.xml"
    # a quote missing after an id in the Anlagen: the recovery garbles that <rede> and loses the
    # next one; both are reported, the speeches before are read
    p.write_text(PROTOCOL_B.read_text(encoding="utf-8").replace(
        '<rede id="ID1925100400">', '<rede id="ID1925100400>'), encoding="utf-8")
    recs, report = read_all(p)
    assert [r["doc_id"] for r in recs] == ["ID1925100100", "ID1925100200", "ID1925100300"]
    skipped = [(e.record, e.detail) for e in report.events if e.status == "skipped"]
    assert skipped == [
        (4, 'speech ID1925100400> <p klasse= (line 85) names no speaker (no <p klasse="redner">)'),
        (5, "speech ID1925100500: its <rede> is in the file but the XML recovery lost it (see the "
            "warning on this file)")]
    recovered = next(e.detail for e in report.events if e.status == "warning")
    assert recovered.startswith("not well-formed XML, read with lxml's recovering parser; 7 defect(s)")
    assert recovered.endswith("1 <rede> lost in the recovery")
    ingested = framing.read(p, progress=False, places=False).report
    assert (ingested.n_records, ingested.n_read, ingested.n_skipped) == (5, 3, 2)  # all 5 <rede>


def test_nested_rede_is_read_after_its_host(tmp_path):
    p = tmp_path / "p.xml"
    text = PROTOCOL_B.read_text(encoding="utf-8")
    inner = text[text.index('<rede id="ID1925100200">'):text.index("</rede-block>")]
    text = text.replace(inner, "").replace("<rede-block>", "").replace("</rede-block>", "")
    text = text.replace('<name>Vizepräsidentin Claudia Reinholdt:</name>\n        <p klasse="J_1">Vielen Dank.',
                        inner + '<name>Vizepräsidentin Claudia Reinholdt:</name>\n        <p klasse="J_1">Vielen Dank.')
    p.write_text(text, encoding="utf-8")
    recs, report = read_all(p)
    assert [r["doc_id"] for r in recs][:2] == ["ID1925100100", "ID1925100200"]
    assert recs[1]["speaker"] == "Udo Krampitz"
    assert "Bevor wir Kurse" not in recs[0]["text"]
    assert [e.detail for e in report.events] == [
        "line 34: <rede> ID1925100200 inside <rede> ID1925100100; read as a speech of its own after it"]


def test_no_readable_speech_is_an_error(tmp_path):
    p = tmp_path / "p.xml"
    p.write_text("<dbtplenarprotokoll sitzung-datum='01.01.2019'><sitzungsverlauf>"
                 "<tagesordnungspunkt top-id='Tagesordnungspunkt 1'>"
                 "<rede id='A'><p klasse='J_1'>Wer spricht hier?</p></rede>"
                 "<rede id='B'><p klasse='J_1'>Und hier?</p></rede>"
                 "</tagesordnungspunkt></sitzungsverlauf></dbtplenarprotokoll>", encoding="utf-8")
    report = IngestReport()
    with pytest.raises(InputError, match=r"holds 2 <rede> element.s. but none could be read"):
        list(bundestag.read(p, report=report))
    assert [e.status for e in report.events] == ["skipped", "skipped"]
    with pytest.raises(EmptyCorpusError) as caught:  # zero documents is an error, with the report
        framing.read(p, progress=False)
    assert caught.value.report.n_skipped == 3  # two speeches and the file


def test_internal_subset_without_entities_is_refused(tmp_path):
    p = tmp_path / "p.xml"
    p.write_text(PROTOCOL_B.read_text(encoding="utf-8").replace(
        '<!DOCTYPE dbtplenarprotokoll SYSTEM "dbtplenarprotokoll.dtd">',
        '<!DOCTYPE dbtplenarprotokoll [\n  <!ATTLIST p klasse CDATA "J">\n]>'), encoding="utf-8")
    got, err = read_until_error(p)
    assert got == [] and "DTD internal subset" in str(err) and err.line == 3


def test_bom_reference_and_entities_are_still_refused(tmp_path):
    p = tmp_path / "p.xml"
    p.write_bytes(b"&#xFEFF;" + (DAMAGED / "bundestag_xxe.xml").read_bytes())
    got, err = read_until_error(p)
    assert got == [] and "entity 'xxe'" in str(err) and "refused" in str(err)


def test_truncated_in_the_anlagen(tmp_path):
    p = tmp_path / "p.xml"  # read without a report: the wrapper warning is a Python warning
    text = PROTOCOL_B.read_text(encoding="utf-8")
    p.write_text(text[:text.index("Die Bundesregierung hat die Mittel")], encoding="utf-8")
    with pytest.warns(UserWarning, match="inside an unexpected <rede-block>"):
        got, err = read_until_error(p)
    assert [r["doc_id"] for r in got] == ["ID1925100100", "ID1925100200", "ID1925100300"]
    assert "truncated" in str(err) and err.line == 96  # the last line, inside the 4th speech


# --------------------------------------------------------------------------------------------
# the real protocols (skip without ../shared/data)
# --------------------------------------------------------------------------------------------

def test_real_wp19_protocols(shared_data):
    import re

    folder = shared_data / "bundestag-wp19"
    corpus = framing.read(folder, progress=False, dedup=False)
    docs, report = corpus.docs, corpus.report
    assert report.n_skipped == 0 and report.n_records == report.n_read == len(docs)
    spoken = anlagen = 0
    for f in sorted(folder.glob("*.xml")):
        raw = f.read_text(encoding="utf-8")
        body, _, rest = raw.partition("</sitzungsverlauf>")
        want = set(re.findall(r'<rede id="([^"]+)"', body.split("<sitzungsverlauf", 1)[-1]))
        want_anlagen = set(re.findall(r'<rede id="([^"]+)"', rest))
        mine = docs[docs["source"].str.startswith(str(f))]
        speeches = mine[mine["turn_type"] == "speech"]
        assert set(speeches.loc[~speeches["to_record"], "speech_id"]) == want
        assert set(speeches.loc[speeches["to_record"], "speech_id"]) == want_anlagen
        spoken, anlagen = spoken + len(want), anlagen + len(want_anlagen)
    assert (spoken, anlagen) == (385, 41)
    assert docs.groupby("speech_kind").size().to_dict() == {
        "spoken": len(docs) - 41, "to_record": 18, "vote_statement": 23}
    warnings = {Path(e.file).name: e.detail for e in report.events if e.status == "warning"}
    assert warnings["19100-data.xml"].startswith("the file starts with a byte-order mark")
    assert warnings["19140-data.xml"].startswith("not well-formed XML, read with lxml's recovering "
                                                 "parser; 24 defect(s) in the Anlagen")
    assert warnings["19140-data.xml"].endswith("no <rede> lost")
    assert docs.groupby(docs["date"].dt.date.astype(str)).size().to_dict() == {
        "2017-11-21": 100, "2018-04-27": 66, "2019-05-15": 121, "2020-01-16": 170}
    assert not docs["text"].str.contains(r"\((?:Beifall|Zuruf|Heiterkeit|Lachen)\b").any()
    assert docs["speaker"].notna().all()
    # the whole agenda title, sub-items a) and b) apart
    first = docs.set_index("doc_id").loc["ID19200100"]
    assert first["title"].startswith("a) Beratung des Antrags der Fraktionen CDU/CSU, SPD, AfD, FDP "
                                     "und BÜNDNIS 90/DIE GRÜNEN: Einsetzung eines Hauptausschusses")
    assert "; b) Beratung des Antrags der Fraktion DIE LINKE: Einsetzung von Ausschüssen" in first["title"]
    organ = docs[docs["to_record"]]
    assert set(organ["agenda_item"]) == {"Tagesordnungspunkt 7"}
    assert organ["title"].str.contains("Vertrauenslösung").all()
    assert organ["party"].notna().all()


@pytest.mark.parametrize("paragraphs, title", [
    # a short bold heading waits for its subject; the introduction joins the bold title with ": "
    ([("T_fett", "Aktuelle Stunde"), ("T_NaS", "auf Verlangen der Fraktion der SPD"),
      ("T_fett", "Stahlstandorte erhalten")],
     "Aktuelle Stunde auf Verlangen der Fraktion der SPD: Stahlstandorte erhalten"),
    # a debate on an item and a Zusatzpunkt: ZP starts a sub-item; Drucksachen are no title
    ([("T_NaS", "Beratung des Antrags der Fraktion DIE LINKE"), ("T_fett", "Pflege stärken"),
      ("T_Drs", "Drucksache 19/30"), ("T_ZP_NaS", "ZP 2 Beratung des Antrags der Fraktion der FDP"),
      ("T_fett", "Pflege entlasten"), ("T_fett", "Drucksache 19/79"),
      ("T_Ueberweisung", "Überweisungsvorschlag: Ausschuss für Gesundheit")],
     "Beratung des Antrags der Fraktion DIE LINKE: Pflege stärken; ZP 2 Beratung des Antrags der "
     "Fraktion der FDP: Pflege entlasten"),
    # a) with two introductions before its bold title, b) after it
    ([("T_NaS", "a) – Zweite Beratung des Entwurfs A"), ("T_NaS", "– Zweite Beratung des Entwurfs B"),
      ("T_NaS", "b) Beratung der Beschlussempfehlung"), ("T_fett", "Vertrauen stärken")],
     "a) – Zweite Beratung des Entwurfs A – Zweite Beratung des Entwurfs B; b) Beratung der "
     "Beschlussempfehlung: Vertrauen stärken"),
])
def test_agenda_titles(tmp_path, paragraphs, title):
    ps = "".join(f'<p klasse="{k}">{t}</p>' for k, t in paragraphs)
    p = tmp_path / "p.xml"
    p.write_text("<dbtplenarprotokoll sitzung-datum='01.01.2019'><sitzungsverlauf>"
                 f"<tagesordnungspunkt top-id='Tagesordnungspunkt 1'>{ps}"
                 "<rede id='A'><p klasse='redner'><redner id='1'><name><vorname>Eva</vorname>"
                 "<nachname>Beispiel</nachname><fraktion>SPD</fraktion></name></redner>"
                 "Eva Beispiel (SPD):</p><p klasse='J_1'>Danke.</p></rede>"
                 "</tagesordnungspunkt></sitzungsverlauf></dbtplenarprotokoll>", encoding="utf-8")
    (rec,), _ = read_all(p)
    assert rec["title"] == title
    assert rec["section"] == f"Tagesordnungspunkt 1: {title}"
