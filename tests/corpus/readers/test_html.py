"""Tests for the saved-web-page reader (framing.corpus.readers.html)."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from framing.corpus.readers import html
from framing.corpus.readers.base import RECORD_KEY, read_head
from framing.corpus.report import IngestReport
from framing.errors import InputError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "html"
BOILERPLATE = ("Cookies", "akzeptieren", "Zustimmen", "Startseite", "Abo-Angebote", "Impressum",
               "Datenschutz", "Kommentar", "Ruhrpottler58", "Kuchen vorbei", "helfende Hand",
               "Neue Ampel am Hellweg", "Schützenfest", "Teilen", "Newsletter", "Lüdenscheid")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction must never go online: any connection attempt fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the HTML reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _read(path: Path, **options) -> tuple[list[dict], IngestReport]:
    report = IngestReport()
    return list(html.read(path, report=report, **options)), report


def test_json_ld_news_article() -> None:
    (rec,), report = _read(FIXTURES / "hoersterfeld_buergerladen.html")
    assert rec["title"] == "Bürgerladen Hörsterfeld: Ein Ort für alle"
    assert rec["author"] == "Miriam Kowalczyk"
    assert rec["date"] == "2016-03-12"
    assert rec["outlet"] == "Essener Lokalbote"
    assert rec["section"] == "Essen-Ost"
    assert rec["url"] == ("https://www.essener-lokalbote.example/essen-ost/"
                          "buergerladen-hoersterfeld-ein-ort-fuer-alle-id4711.html")
    assert rec["hostname"] == "essener-lokalbote.example"
    assert rec[RECORD_KEY] == 1
    text = rec["text"]
    assert text.startswith("Im Bürgerladen an der Fulerumer Straße ist am Samstagvormittag")
    assert text.endswith("einfach vorbeikommen.")
    assert "„Das ist hier ganz normaler Alltag“, sagt Ursula Brenneke" in text
    assert text.count("\n") == 3  # four paragraphs
    for junk in BOILERPLATE:
        assert junk not in text, junk
    assert report.events == []


def test_opengraph_meta() -> None:
    (rec,), _ = _read(FIXTURES / "altena_leerstand_og.html")
    assert rec["title"] == "Altena setzt auf Zuzug gegen Leerstand"
    assert rec["author"] == "Jonas Hesselbach"
    assert rec["date"] == "2016-05-04"
    assert rec["outlet"] == "Sauerland-Kurier"
    assert rec["section"] == "Altena"
    assert rec["url"] == ("https://sauerland-kurier.example/lokales/altena/"
                          "zuzug-gegen-leerstand-2016-05-04.html")
    assert rec["description"] == ("Der Bürgermeister sieht in den Geflüchteten eine Chance für "
                                  "die schrumpfende Stadt.")
    text = rec["text"]
    # the h1 repeating the title is not kept as the first text line
    assert text.startswith("Altena verliert seit Jahrzehnten Einwohner.")
    assert "Der demografische Wandel, so heißt es im Rathaus" in text
    for junk in BOILERPLATE:
        assert junk not in text, junk


def test_page_without_article_is_skipped() -> None:
    recs, report = _read(FIXTURES / "uebersicht_ohne_artikel.html")
    assert recs == []
    (row,) = report.skipped.itertuples()
    assert row.record == "1" and row.detail.startswith("no article text found")


def test_comments_go_to_their_own_column() -> None:
    (rec,), _ = _read(FIXTURES / "hoersterfeld_buergerladen.html", comments=True)
    assert "Ich bringe nächste Woche Kuchen vorbei" in rec["comments"]
    assert "Kuchen" not in rec["text"]


def test_page_trafilatura_finds_nothing_in(tmp_path: Path) -> None:
    p = tmp_path / "leer.html"
    p.write_text("<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
                 encoding="utf-8")
    recs, report = _read(p)
    assert recs == [] and report.n_skipped == 1
    assert "no" in report.skipped["detail"][0] and "text" in report.skipped["detail"][0]


def test_declared_windows1252_page(tmp_path: Path) -> None:
    src = (FIXTURES / "altena_leerstand_og.html").read_text(encoding="utf-8")
    src = src.replace("charset=utf-8", "charset=windows-1252")
    p = tmp_path / "cp1252.htm"
    p.write_bytes(src.encode("cp1252"))
    (rec,), _ = _read(p)
    assert "„Wir haben mehr Menschen aufgenommen" in rec["text"]
    assert "Fachkräftemangel" in rec["text"] and rec["outlet"] == "Sauerland-Kurier"


def test_declared_latin1_is_read_as_windows1252(tmp_path: Path) -> None:
    p = tmp_path / "latin1.html"
    p.write_bytes('<!DOCTYPE html><html><head><meta charset="ISO-8859-1"><title>T</title></head>'
                  '<body><article><p>„Die neuen Nachbarn gehören dazu“, sagt die Leiterin des '
                  'Bürgerladens im Hörsterfeld. Begegnung sei hier ganz normaler Alltag, '
                  'niemand rege sich darüber auf.</p></article></body></html>'.encode("cp1252"))
    (rec,), _ = _read(p)
    assert rec["text"].startswith("„Die neuen Nachbarn gehören dazu“")


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "leer.html"
    p.write_bytes(b"")
    with pytest.raises(InputError, match=r"leer\.html: empty file"):
        list(html.read(p))


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "junk.html"
    p.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match=r"junk\.html: binary data"):
        list(html.read(p))


def test_sniff(tmp_path: Path) -> None:
    page = FIXTURES / "hoersterfeld_buergerladen.html"
    assert html.sniff(page, read_head(page)) is True
    assert html.sniff(FIXTURES / "altena_leerstand_og.html",
                      read_head(FIXTURES / "altena_leerstand_og.html")) is True
    assert html.sniff(tmp_path / "a.html", "Nur Text, kein HTML.") is False
    assert html.sniff(tmp_path / "leer.html", "") is True  # read() says "empty file"
