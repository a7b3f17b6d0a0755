"""Tests for the plain-text/Markdown reader and metadata sidecars (framing.corpus.readers.textfolder)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from framing.corpus.readers import textfolder
from framing.corpus.readers.base import RECORD_KEY, read_head
from framing.corpus.report import IngestReport
from framing.errors import InputError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "text"


def _read(path: Path, **options) -> tuple[list[dict], IngestReport]:
    report = IngestReport()
    return list(textfolder.read(path, report=report, **options)), report


# -- fixtures with hand-checked fields --------------------------------------------------------

def test_markdown_with_front_matter() -> None:
    (rec,), report = _read(FIXTURES / "buergerladen_sprachcafe.md")
    assert rec["title"] == "Sprachcafé im Bürgerladen: Deutsch lernen beim Kaffee"
    assert rec["date"] == dt.date(2016, 4, 2)  # YAML date; ingest parses it
    assert rec["outlet"] == "Essener Lokalbote"
    assert rec["place"] == "Essen-Hörsterfeld"
    assert rec["section"] == "Essen-Ost"
    assert rec["author"] == "Miriam Kowalczyk"
    assert rec["url"] == "https://www.essener-lokalbote.example/essen-ost/sprachcafe-4712.html"
    assert rec["genre"] == "Bericht" and rec["licence"] == "CC0-1.0"
    # the heading repeating the title is not part of the text; the body is
    assert rec["text"].startswith("Jeden Dienstag treffen sich im Bürgerladen Hörsterfeld")
    assert rec["text"].endswith("Begegnung sei hier Alltag.")
    assert "---" not in rec["text"] and "genre" not in rec["text"]
    assert rec[RECORD_KEY] == 1 and report.events == []


def test_text_with_german_keys_and_speaker_metadata() -> None:
    (rec,), _ = _read(FIXTURES / "ratssitzung_altena_rede.txt")
    assert rec["doc_id"] == "altena-rat-2016-06-top5-02"
    assert rec["date"] == "23.06.2016"  # raw string, ingest parses it
    assert rec["place"] == "Altena"  # "Ort"
    assert rec["section"] == "TOP 5: Unterbringung von Geflüchteten"  # "Ressort"
    assert rec["outlet"] == "Rat der Stadt Altena"
    assert rec["speaker"] == "Gisela Marquardt"  # ingest copies it to "author" when none is given
    assert rec["party"] == "Unabhängige Wählergemeinschaft" and rec["role"] == "Ratsfrau"
    assert rec["tags"] == ["Wohnen", "Leerstand"]
    assert "title" not in rec  # no heading, no title
    assert rec["text"].startswith("Meine Damen und Herren") and rec["text"].endswith("Nachbarn.")


def test_markdown_heading_is_the_title_fallback() -> None:
    (rec,), _ = _read(FIXTURES / "stadtteilfest_notiz.md")
    assert rec["title"] == "Stadtteilfest im Hörsterfeld"
    assert rec["text"].startswith("Am Samstag feiert das Hörsterfeld")
    assert "#" not in rec["text"]


def test_setext_heading_and_later_headings(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("Bürgerladen\n===========\n\nText.\n\n# Zwischenüberschrift\n\nMehr.\n",
                 encoding="utf-8")
    (rec,), _ = _read(p)
    assert rec["title"] == "Bürgerladen"
    assert rec["text"] == "Text.\n\n# Zwischenüberschrift\n\nMehr."
    q = tmp_path / "b.txt"
    q.write_text("Erst Text.\n\n# Später eine Überschrift\n", encoding="utf-8")
    (rec,), _ = _read(q)
    assert "title" not in rec  # only a heading on the first line counts


# -- sidecar ------------------------------------------------------------------------------------

def test_load_sidecar_maps_columns_and_warns_about_missing_files() -> None:
    report = IngestReport()
    rows = textfolder.load_sidecar(FIXTURES / "sidecar", report=report)
    assert set(rows) == {"rede_01.txt", "rede_02.txt"}  # "rede_02" matched by stem
    assert rows["rede_01.txt"] == {"title": "Haushaltsrede zur Integration", "date": "2016-11-10",
                                   "outlet": "Rat der Stadt Essen", "place": "Essen",
                                   "genre": "Rede"}
    (warning,) = report.events
    assert warning.status == "warning" and warning.record == 4
    assert warning.file.endswith("metadata.csv") and "no such file 'fehlt.txt'" in warning.detail


def test_front_matter_wins_over_sidecar() -> None:
    report = IngestReport()
    rows = textfolder.load_sidecar(FIXTURES / "sidecar", report=report)
    (rec,) = textfolder.read(FIXTURES / "sidecar" / "rede_02.txt", report=report,
                             sidecar=rows["rede_02.txt"])
    assert rec["place"] == "Essen-Altenessen"  # front matter
    assert rec["title"] == "Zweite Lesung Integrationskonzept"  # sidecar
    assert rec["speaker"] == "Karl-Heinz Drewes"
    assert rec["genre"] == "Rede"
    overrides = [e for e in report.events if "overrides sidecar" in e.detail]
    assert len(overrides) == 1 and "place" in overrides[0].detail
    (plain,) = textfolder.read(FIXTURES / "sidecar" / "rede_01.txt", sidecar=rows["rede_01.txt"])
    assert plain["title"] == "Haushaltsrede zur Integration"
    assert plain["text"].startswith("Herr Oberbürgermeister")


def test_no_sidecar_gives_empty_dict(tmp_path: Path) -> None:
    assert textfolder.load_sidecar(tmp_path) == {}


def test_sidecar_without_file_column_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("titel,datum\nA,2016\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        textfolder.load_sidecar(tmp_path)
    msg = str(exc.value)
    assert "metadata.csv" in msg and "no 'file' or 'filename' column" in msg
    assert "['titel', 'datum']" in msg


def test_sidecar_listing_a_file_twice_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text", encoding="utf-8")
    (tmp_path / "_metadata.csv").write_text("filename,place\na.txt,Essen\n./a.txt,Altena\n",
                                            encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3: .*lists 'a.txt' twice \(lines 2 and 3\)"):
        textfolder.load_sidecar(tmp_path)


def test_cp1252_tab_sidecar(tmp_path: Path) -> None:
    (tmp_path / "grüße.txt").write_text("Text", encoding="utf-8")
    (tmp_path / "metadata.tsv").write_bytes("file\tÜberschrift\tStadtteil\ngrüße.txt\tGrüße\t"
                                            "Hörsterfeld\n".encode("cp1252"))
    rows = textfolder.load_sidecar(tmp_path)
    assert rows == {"grüße.txt": {"title": "Grüße", "stadtteil": "Hörsterfeld"}}


def test_several_sidecars_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "metadata.csv").write_text("file\n", encoding="utf-8")
    (tmp_path / "_metadata.csv").write_text("file\n", encoding="utf-8")
    with pytest.raises(InputError, match="several metadata sidecars"):
        textfolder.load_sidecar(tmp_path)


def test_missing_file_without_report_is_a_python_warning(tmp_path: Path) -> None:
    (tmp_path / "metadata.csv").write_text("file,title\nnope.txt,X\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="no such file 'nope.txt'"):
        assert textfolder.load_sidecar(tmp_path) == {}


@pytest.mark.parametrize("name,expected", [
    ("metadata.csv", True), ("METADATA.TSV", True), ("_metadata.csv", True),
    ("metadata.txt", False), ("artikel.csv", False)])
def test_is_sidecar(name: str, expected: bool) -> None:
    assert textfolder.is_sidecar(Path("/corpus") / name) is expected


# -- bad input ------------------------------------------------------------------------------------

def test_empty_file(tmp_path: Path) -> None:
    for content in (b"", b"  \n\n"):
        p = tmp_path / "leer.txt"
        p.write_bytes(content)
        with pytest.raises(InputError, match=r"leer\.txt: empty file"):
            list(textfolder.read(p))


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "bild.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(InputError, match=r"bild\.txt: binary data"):
        list(textfolder.read(p))


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "kaputt.md"
    p.write_text("---\ntitle: Gut\nauthor: A\nplace: Essen: Nord\n---\nText\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        list(textfolder.read(p))
    assert exc.value.line == 4
    assert str(exc.value).startswith(f"{p}, line 4: malformed YAML front matter")


def test_front_matter_must_be_a_mapping(tmp_path: Path) -> None:
    p = tmp_path / "liste.md"
    p.write_text("---\n- a\n- b\n---\nText\n", encoding="utf-8")
    with pytest.raises(InputError, match="front matter must be 'key: value' lines"):
        list(textfolder.read(p))


def test_unclosed_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "offen.md"
    p.write_text("---\ntitle: Ohne Ende\n\nText\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"offen\.md, line 1: .*never closed"):
        list(textfolder.read(p))
    q = tmp_path / "linie.txt"  # a text that merely starts with a rule
    q.write_text("---\nEin Gedicht über den Bürgerladen.\n", encoding="utf-8")
    (rec,), _ = _read(q)
    assert rec["text"] == "---\nEin Gedicht über den Bürgerladen."


def test_front_matter_without_body_is_skipped(tmp_path: Path) -> None:
    p = tmp_path / "nur_meta.md"
    p.write_text("---\ntitle: Nur Metadaten\n---\n\n", encoding="utf-8")
    recs, report = _read(p)
    assert recs == []
    assert report.skipped[["record", "detail"]].values.tolist() == [["1", "empty text"]]


def test_empty_front_matter_and_dots_closing(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\n---\nText A\n", encoding="utf-8")
    assert next(iter(textfolder.read(p)))["text"] == "Text A"
    q = tmp_path / "b.md"
    q.write_text("---\ntitle: B\n...\nText B\n", encoding="utf-8")
    (rec,) = textfolder.read(q)
    assert rec["title"] == "B" and rec["text"] == "Text B"


def test_cp1252_text_with_crlf(tmp_path: Path) -> None:
    p = tmp_path / "alt.txt"
    p.write_bytes("---\r\nOrt: Altena\r\n---\r\nDie Neubürger in Altena grüßen.\r\n\r\n"
                  "Zweiter Absatz.\r\n".encode("cp1252"))
    (rec,) = textfolder.read(p)
    assert rec["place"] == "Altena"
    assert rec["text"] == "Die Neubürger in Altena grüßen.\n\nZweiter Absatz."


def test_utf16_text(tmp_path: Path) -> None:
    p = tmp_path / "u16.txt"
    p.write_text("# Überschrift\n\nÄußerst unaufgeregt.\n", encoding="utf-16")
    (rec,) = textfolder.read(p)
    assert rec["title"] == "Überschrift" and rec["text"] == "Äußerst unaufgeregt."


def test_nested_and_aliased_keys(tmp_path: Path) -> None:
    p = tmp_path / "n.md"
    p.write_text("---\nTitel: T\nquelle: Sauerland-Kurier\nid: 17\ntext: nicht der Text\n"
                 "interview:\n  dauer: 45\n  ort_des_gespraechs: Rathaus\n---\nKörper\n",
                 encoding="utf-8")
    (rec,) = textfolder.read(p)
    assert rec["title"] == "T" and rec["outlet"] == "Sauerland-Kurier" and rec["doc_id"] == "17"
    assert rec["text"] == "Körper" and rec["orig_text"] == "nicht der Text"
    assert rec["interview_dauer"] == 45 and rec["interview_ort_des_gespraechs"] == "Rathaus"


def test_sniff(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text("Hallo", encoding="utf-8")
    other = tmp_path / "b.log"
    other.write_text("Ein ganz normaler Text.", encoding="utf-8")
    assert textfolder.sniff(txt, read_head(txt)) is True
    assert textfolder.sniff(tmp_path / "leer.md", "") is True  # read() reports "empty file"
    assert textfolder.sniff(other, read_head(other)) is True  # the fallback for text
    assert textfolder.sniff(tmp_path / "x.bin", "") is False


# -- speeches in Markdown: interjections leave the speaker's text ------------------------------

SPEECH = """---
title: Rede zur Unterbringung
genre: speech
speaker: Ina Beispiel
party: SPD
---
Herr Bürgermeister, meine Damen und Herren,

wir haben in Altena leerstehende Wohnungen (rund 600 nach der Zählung von 2015).

(Beifall bei der SPD und den Grünen)

Das ist eine Chance für die Stadt. (Zuruf von der AfD: Das sehen die Bürger anders!) Doch,
das sehen viele so. (Heiterkeit – Beifall bei der SPD)

(Beginn der Unterbrechung: 18:30 Uhr)

Ich danke Ihnen.

(Beifall bei der SPD – Udo Muster [AfD]: Abwarten!)
"""


def test_speech_interjections_go_to_their_own_column(tmp_path: Path) -> None:
    path = tmp_path / "rede.md"
    path.write_text(SPEECH, encoding="utf-8")
    (rec,), report = _read(path)
    assert rec["interjections"] == [
        "Beifall bei der SPD und den Grünen", "Zuruf von der AfD: Das sehen die Bürger anders!",
        "Heiterkeit", "Beifall bei der SPD", "Beifall bei der SPD", "Udo Muster [AfD]: Abwarten!"]
    assert rec["n_interjections"] == 6
    assert rec["text"] == (
        "Herr Bürgermeister, meine Damen und Herren,\n\n"
        "wir haben in Altena leerstehende Wohnungen (rund 600 nach der Zählung von 2015).\n\n"
        "Das ist eine Chance für die Stadt. Doch,\ndas sehen viele so.\n\n"
        "(Beginn der Unterbrechung: 18:30 Uhr)\n\n"
        "Ich danke Ihnen.")
    assert report.events == []


def test_speech_is_recognised_by_genre_rede_or_a_speaker(tmp_path: Path) -> None:
    body = "Wir stimmen zu.\n\n(Beifall bei der CDU)\n"
    for i, meta in enumerate(["genre: Rede", "speaker: Ina Beispiel", "genre: article"]):
        path = tmp_path / f"t{i}.md"
        path.write_text(f"---\n{meta}\n---\n{body}", encoding="utf-8")
        (rec,), _ = _read(path)
        if meta == "genre: article":  # an article quoting a council session keeps its text
            assert "interjections" not in rec and "(Beifall bei der CDU)" in rec["text"]
        else:
            assert rec["text"] == "Wir stimmen zu." and rec["interjections"] == ["Beifall bei der CDU"]


def test_speech_without_interjections_has_an_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "rede.md"
    path.write_text("---\ngenre: speech\n---\nKurz und klar (wie immer).\n", encoding="utf-8")
    (rec,), _ = _read(path)
    assert rec["interjections"] == [] and rec["n_interjections"] == 0
    assert rec["text"] == "Kurz und klar (wie immer)."


def test_demo_speeches_have_no_interjections_left_in_their_text() -> None:
    import re

    import framing

    demo = Path(__file__).resolve().parents[3] / "corpora" / "demo" / "speeches"
    corpus = framing.read(demo, progress=False, places=False, dedup=False)
    docs = corpus.docs
    assert (docs["genre"] == "speech").all()
    assert not docs["text"].str.contains(r"\((?:Beifall|Zuruf|Unruhe|Heiterkeit|Lachen)",
                                         regex=True).any()
    assert docs["n_interjections"].sum() == sum(len(v) for v in docs["interjections"]) > 0
    assert all(not re.match(r"^\s*\(", line) or line.startswith("(Beginn")
               for text in docs["text"] for line in text.splitlines())
