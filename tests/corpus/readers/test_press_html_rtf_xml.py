"""Factiva HTML/RTF and GENIOS RTF/XML exports: every field, exact counts, damaged records,
detection (an export is not a web page, a web page still is) and the same date from every
spelling. Fixtures: tests/fixtures/press/make_fixtures_html_rtf.py (invented articles)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from framing.corpus.readers import detect_format, factiva, genios, html, nexis
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY, read_head
from framing.corpus.readers.press_common import rtf_to_plain
from framing.corpus.report import IngestReport
from framing.errors import EmptyCorpusError, FormatError, InputError

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "press"
DAMAGED = FIX / "damaged"
WEB = Path(__file__).resolve().parents[2] / "fixtures" / "html"

B1_TITLE = "Stadtrat streitet über Wohncontainer am Stadtrand"
B1_FIRST = ("Lüdenscheid. Nach mehr als drei Stunden Debatte hat der Stadtrat am Dienstagabend "
            "keine Entscheidung über die Wohncontainer am Buckesfelder Weg getroffen.")
B1_LAST = "eine Liste leer stehender städtischer Wohnungen vorzulegen."
B1_QUOTE = "„Wir brauchen Wohnungen mitten in der Stadt, nicht ein Lager am Waldrand“"


def read_all(module, path: Path, **options) -> tuple[list[dict], IngestReport]:
    report = IngestReport()
    return list(module.read(path, report=report, **options)), report


def events(report: IngestReport) -> list[tuple[object, str, str]]:
    return [(e.record, e.status, e.detail) for e in report.events]


def check_b1_text(text: str) -> None:
    paras = text.split("\n\n")
    assert len(paras) == 3  # lead paragraph + two text paragraphs, nothing of the header
    assert paras[0].startswith(B1_FIRST)
    assert paras[1].startswith("Die Fraktionen waren sich nur darin einig") and B1_QUOTE in paras[1]
    assert text.endswith(B1_LAST)
    for marker in ("Wörter", "words", "Dokument", "Document", "(c) 2018", "SBOTE", "gpol"):
        assert marker not in text, marker


# --------------------------------------------------------------------------------------------
# Factiva HTML
# --------------------------------------------------------------------------------------------


def test_factiva_html_german_article_blocks_every_field():
    recs, report = read_all(factiva, FIX / "factiva_de.html")
    assert report.events == []
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3, 4]
    r1 = recs[0]
    assert r1["title"] == B1_TITLE
    assert r1["section"] == "Lüdenscheid"
    assert r1["author"] == "Henrik Vollmer"  # <div class="author">Von …</div>, "Von" dropped
    assert r1["word_count"] == 94
    assert r1["date"] == "10 Januar 2018"
    assert (r1["outlet"], r1["source_code"], r1["page"]) == ("Sauerland-Bote", "SBOTE", "13")
    assert r1["language"] == "Deutsch" and r1["language_code"] == "de"  # class "article deArticle"
    assert r1["copyright"] == "(c) 2018 Sauerland-Bote Verlag KG"
    assert r1["accession_number"] == "SBOTE0020180110ee1a00001"
    assert isinstance(r1[LINE_KEY], int) and r1[LINE_KEY] > 1
    check_b1_text(r1["text"])

    r2, r3, r4 = recs[1:]
    assert r2["author"] == "Ulrike Brandt"  # byline as a plain <div>Von …</div>
    assert (r2["title"], r2["section"], r2["date"]) == (
        "Zehn Jahre Bürgerladen Brügge: Nachbarschaft statt Amtsstube", "Lüdenscheid", "12 Januar 2018")
    assert len(r2["text"].split("\n\n")) == 2
    assert "section" not in r3  # no section div before the headline
    assert (r3["title"], r3["author"], r3["outlet"], r3["page"]) == (
        "Werdohl: Aus der Notunterkunft in der alten Schule werden Wohnungen", "Sabine Hartmann",
        "Lennetal-Anzeiger", "5")
    # as in real exports: a credit line after the byline, an edition div, a search hit in <b>,
    # a note paragraph after the text
    assert (r3["credit"], r3["edition"], r3["source_code"]) == ("Eigener Bericht", "Ausgabe Werdohl", "LENNAN")
    assert r3["notes"] == "Lennetal-Anzeiger Digital"
    assert r3["text"].startswith("Werdohl. Die frühere Grundschule am Kleinhammer, in der 2015 bis "
                                 "zu hundert Geflüchtete auf Feldbetten schliefen")
    assert "Digital" not in r3["text"] and "Eigener Bericht" not in r3["text"]
    assert (r4["section"], r4["author"], r4["date"]) == ("Lokales Essen", "Jana Petersen", "19 Januar 2018")
    for r in recs:  # the headline list at the top of the page is not an article
        assert r["accession_number"] and r["text"]


def test_factiva_html_english_field_code_tables_every_field():
    recs, report = read_all(factiva, FIX / "factiva_en.html")
    assert report.events == []
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3]
    r1 = recs[0]
    assert r1["title"] == B1_TITLE
    assert (r1["section"], r1["author"], r1["word_count"]) == ("Lüdenscheid", "Henrik Vollmer", 94)
    assert r1["date"] == "10 January 2018"
    assert (r1["outlet"], r1["source_code"], r1["edition"], r1["page"]) == (
        "Sauerland-Bote", "SBOTE", "Lüdenscheid", "13")
    assert r1["language"] == "German" and r1["language_code"] == "de"
    assert r1["copyright"] == "(c) 2018 Sauerland-Bote Verlag KG. All rights reserved."
    assert r1["subjects"] == "gimm : Migration | gpol : Domestic Politics | gcat : Political/General News"
    assert r1["regions"] == "gfr : Germany | nrw : North Rhine-Westphalia | eurz : Europe"
    assert r1["descriptors"] == "Flüchtlinge | Unterkunft"
    assert r1["publisher"] == "Sauerland-Bote Verlag KG"
    assert r1["accession_number"] == "SBOTE0020180110ee1a00001"
    check_b1_text(r1["text"])  # LP + TD
    assert [r["title"] for r in recs[1:]] == [
        "Werdohl: Aus der Notunterkunft in der alten Schule werden Wohnungen",
        "Ausschuss vertagt Entscheidung über Integrationsbeirat"]
    assert recs[2]["date"] == "19 January 2018"


def test_factiva_html_damaged_records_are_reported():
    recs, report = read_all(factiva, DAMAGED / "factiva_html_damaged.html")
    assert [r[RECORD_KEY] for r in recs] == [1, 3]
    assert events(report) == [(2, "skipped", "no body text"),
                              (4, "skipped", "truncated record (no end marker)")]
    assert all(str(DAMAGED / "factiva_html_damaged.html") == e.file for e in report.events)
    recs, report = read_all(factiva, DAMAGED / "factiva_html_damaged.html", truncated="warn")
    assert [r[RECORD_KEY] for r in recs] == [1, 3, 4]
    assert recs[-1]["text"].startswith("Werdohl. Die frühere Grundschule")
    assert events(report)[-1][:2] == (4, "warning")


def test_factiva_html_without_articles_is_an_error(tmp_path):
    page = tmp_path / "Factiva-Suche.html"
    page.write_text("<html><head><title>Factiva</title></head><body><table class='headlines'>"
                    "<tr><td>1.</td><td>Stadtrat tagt</td></tr></table></body></html>", encoding="utf-8")
    assert factiva.sniff(page, read_head(page))
    with pytest.raises(FormatError, match="Factiva HTML export with 0 articles recognised") as exc:
        list(factiva.read(page))
    assert "Factiva-Suche.html" in str(exc.value)
    # through framing.read: an error in the report, never a one-page document
    from framing.corpus.ingest import ingest
    with pytest.raises(EmptyCorpusError) as caught:  # zero documents: an error carrying the report
        ingest(page, clean=False, places=False, dedup=False, progress=False)
    skipped = caught.value.report.skipped
    assert len(skipped) == 1
    assert "Factiva HTML export with 0 articles recognised" in skipped["detail"].iloc[0]
    for data in (b"", b"  \n"):
        page.write_bytes(data)
        with pytest.raises(InputError, match="empty file"):
            list(factiva.read(page))


def test_factiva_html_found_past_a_long_style_block(tmp_path):
    """Real exports start with more than 100 KB of inline CSS: the sniffer looks further."""
    text = (FIX / "factiva_de.html").read_text(encoding="utf-8")
    text = text.replace("<title>Factiva</title>", "<title>Artikel</title>")
    text = text.replace("</style>", ".x{margin:0}\n" * 12000 + "</style>")
    p = tmp_path / "export.htm"
    p.write_text(text, encoding="utf-8")
    assert "article deArticle" not in read_head(p)
    assert detect_format(p)[0] == "factiva"
    recs, report = read_all(factiva, p)
    assert len(recs) == 4 and report.events == []


def test_factiva_html_windows1252(tmp_path):
    text = (FIX / "factiva_de.html").read_text(encoding="utf-8")
    text = text.replace("charset=UTF-8", "charset=windows-1252")
    p = tmp_path / "cp1252.html"
    p.write_bytes(text.encode("cp1252"))
    assert read_all(factiva, p)[0] == read_all(factiva, FIX / "factiva_de.html")[0]


def test_factiva_html_other_interface_language(tmp_path):
    """French interface: "mots", "Par", "Allemand", a French month name (kept raw)."""
    page = tmp_path / "fr.html"
    page.write_text(
        '<html><head><title>Factiva</title></head><body>\n<div id="article-X" class="article">'
        '<div class="article deArticle"><p></p>\n<div id="hd"><span class="deHeadline">Stadtrat '
        'tagt</span></div>\n<div class="author">Par Anne Schmitz</div>\n<div>120 mots</div>'
        "<div>10 janvier 2018</div><div>Sauerland-Bote</div><div>SBOTE</div><div>13</div>"
        "<div>Allemand</div><div>(c) 2018 Sauerland-Bote Verlag KG</div>\n"
        '<p class="articleParagraph dearticleParagraph">Lüdenscheid. Der Rat tagt.</p>\n'
        "<p>Document SBOTE0020180110ee1a00001</p></div></div></body></html>", encoding="utf-8")
    (rec,), report = read_all(factiva, page)
    assert report.events == []
    assert (rec["title"], rec["author"], rec["word_count"], rec["date"]) == (
        "Stadtrat tagt", "Anne Schmitz", 120, "10 janvier 2018")
    assert (rec["outlet"], rec["source_code"], rec["page"], rec["language"]) == (
        "Sauerland-Bote", "SBOTE", "13", "Allemand")


def test_factiva_html_is_detected_and_not_read_as_a_web_page(tmp_path):
    for name in ("factiva_de.html", "factiva_en.html"):
        fmt, module = detect_format(FIX / name)
        assert (fmt, module) == ("factiva", factiva), name
        assert not genios.sniff(FIX / name, read_head(FIX / name))
        # forcing the web-page reader is refused with the right format named
        with pytest.raises(FormatError, match=r"Factiva HTML export .*format='factiva'"):
            list(html.read(FIX / name))
    # an ordinary saved web page is still a web page
    for page in sorted(WEB.glob("*.html")):
        head = read_head(page)
        assert not factiva.sniff(page, head), page.name
        assert factiva.html_export_name(page, head) is None
    page = WEB / "hoersterfeld_buergerladen.html"
    assert detect_format(page)[0] == "html"
    (rec,) = list(html.read(page))
    assert rec["title"] == "Bürgerladen Hörsterfeld: Ein Ort für alle"


# --------------------------------------------------------------------------------------------
# Factiva RTF
# --------------------------------------------------------------------------------------------


def test_factiva_rtf_article_format():
    recs, report = read_all(factiva, FIX / "factiva.rtf")
    assert report.events == []
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3]
    r1 = recs[0]
    assert (r1["title"], r1["section"], r1["author"]) == (B1_TITLE, "Lüdenscheid", "Henrik Vollmer")
    assert (r1["word_count"], r1["date"], r1["outlet"], r1["source_code"], r1["page"]) == (
        94, "10 Januar 2018", "Sauerland-Bote", "SBOTE", "13")
    assert (r1["language"], r1["copyright"]) == ("Deutsch", "(c) 2018 Sauerland-Bote Verlag KG")
    assert r1["accession_number"] == "SBOTE0020180110ee1a00001"
    check_b1_text(r1["text"])  # \'fc and \u8222? escapes decoded
    assert [r["date"] for r in recs] == ["10 Januar 2018", "12 Januar 2018", "19 Januar 2018"]


def test_factiva_rtf_with_field_codes():
    recs, report = read_all(factiva, FIX / "factiva_coded.rtf")
    assert report.events == []
    assert [(r["title"][:7], r["date"], r["author"]) for r in recs] == [
        ("Werdohl", "16 January 2018", "Sabine Hartmann"), ("Stadtra", "10 January 2018", "Henrik Vollmer")]
    check_b1_text(recs[1]["text"])
    assert recs[1]["subjects"] == "gimm : Migration | gcat : Political/General News"


def test_rtf_table_rows_and_bad_rtf(tmp_path):
    assert rtf_to_plain(r"{\rtf1\ansi\ansicpg1252 \trowd\cellx800\cellx9000 \intbl HD\cell "
                        r"\intbl Stadtrat tagt\cell\row \pard Br\'fccke\par}") == "HD\tStadtrat tagt\nBrücke"
    p = tmp_path / "kaputt.rtf"
    p.write_text("kein RTF\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an RTF file") as exc:
        list(factiva.read(p))
    assert "kaputt.rtf" in str(exc.value)
    p.write_text(r"{\rtf1\ansi \pard Nur ein Satz ohne Factiva-Felder.\par}", encoding="utf-8")
    with pytest.raises(FormatError, match="Factiva RTF export with 0 articles recognised"):
        list(factiva.read(p))
    assert not factiva.sniff(p, read_head(p)) and not genios.sniff(p, read_head(p))


# --------------------------------------------------------------------------------------------
# GENIOS RTF and XML
# --------------------------------------------------------------------------------------------


def test_genios_rtf_every_field():
    recs, report = read_all(genios, FIX / "genios.rtf")
    assert report.events == []
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3]
    r1 = recs[0]
    assert r1["title"] == B1_TITLE
    assert (r1["outlet"], r1["date"], r1["page"]) == ("Sauerland-Bote", "10.01.2018", "13")
    assert r1["source_line"] == "Sauerland-Bote vom 10.01.2018, S. 13"
    assert (r1["section"], r1["rubric"], r1["edition"]) == ("Lüdenscheid", "Lokales", "Lüdenscheid")
    assert (r1["author"], r1["word_count"]) == ("Henrik Vollmer", 94)
    assert r1["document_number"] == "SBOTE_20180110_0013_0001"
    assert r1["url"] == "https://www.wiso-net.de/document/SBOTE_20180110_0013_0001"
    assert r1["copyright"] == "(c) Sauerland-Bote Verlag KG"
    check_b1_text(r1["text"])
    r2 = recs[1]  # separate Datum:/Seite:/Mutation: fields
    assert (r2["outlet"], r2["date"], r2["page"], r2["edition"]) == (
        "Lennetal-Anzeiger", "16. Januar 2018", "5", "Werdohl")
    assert detect_format(FIX / "genios.rtf")[0] == "genios"
    assert not factiva.sniff(FIX / "genios.rtf", read_head(FIX / "genios.rtf"))


def test_genios_xml_every_field_and_damaged_document():
    recs, report = read_all(genios, FIX / "genios.xml")
    assert [r[RECORD_KEY] for r in recs] == [1, 3, 4]
    assert events(report) == [(2, "skipped", "no body text")]  # <Text> without paragraphs
    r1 = recs[0]
    assert r1["title"] == B1_TITLE
    assert r1["date"] == "2018-01-10"  # <Date>20180110</Date>
    assert (r1["outlet"], r1["section"], r1["page"], r1["author"], r1["word_count"]) == (
        "Sauerland-Bote", "Lüdenscheid", "13", "Henrik Vollmer", 94)
    assert r1["source_line"] == "Sauerland-Bote vom 10.01.2018, S. 13"
    assert (r1["document_id"], r1["database"]) == ("SBOTE_20180110_0013_0001", "SBOTE")
    check_b1_text(r1["text"])
    assert detect_format(FIX / "genios.xml")[0] == "genios"


def test_genios_xml_truncated_entities_and_foreign_xml(tmp_path):
    text = (FIX / "genios.xml").read_text(encoding="utf-8")
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: text.index("Werdohl. Die frühere") + 40], encoding="utf-8")
    recs, report = read_all(genios, cut)
    assert [r[RECORD_KEY] for r in recs] == [1]
    assert events(report) == [(2, "skipped", "no body text"),
                              (3, "skipped", "truncated record (no end marker): the file ends inside <Document>")]

    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE GENIOS [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<GENIOS><Document ID="1">'
                    "<Title>&b;</Title><Text><P>x</P></Text></Document></GENIOS>", encoding="utf-8")
    with pytest.raises(InputError, match="refused for safety") as exc:
        list(genios.read(bomb))
    assert "bomb.xml" in str(exc.value)

    empty = tmp_path / "leer.xml"
    empty.write_text('<?xml version="1.0"?>\n<GENIOS>\n</GENIOS>\n', encoding="utf-8")
    with pytest.raises(FormatError, match="GENIOS XML export with 0 documents recognised"):
        list(genios.read(empty))
    broken = tmp_path / "broken.xml"
    broken.write_text("<GENIOS><Document><Title>a</Titel></Document></GENIOS>", encoding="utf-8")
    with pytest.raises(InputError, match="not well-formed XML") as exc:
        list(genios.read(broken))
    assert exc.value.line == 1
    other = tmp_path / "other.xml"
    other.write_text("<dbtplenarprotokoll/>", encoding="utf-8")
    assert not genios.sniff(other, read_head(other))


# --------------------------------------------------------------------------------------------
# across formats
# --------------------------------------------------------------------------------------------


def test_same_article_same_date_and_fields_in_every_format(tmp_path):
    """B1 (10 January 2018) from six exports: HTML (German/English interface), RTF, GENIOS RTF
    and XML, plus a Nexis-style spelling in a text file — one date after ingest."""
    from framing.corpus.ingest import ingest

    names = ["factiva_de.html", "factiva_en.html", "factiva.rtf", "factiva_coded.rtf",
             "genios.rtf", "genios.xml"]
    for name in names:
        shutil.copy(FIX / name, tmp_path / name)
    corpus = ingest(tmp_path, clean=False, places=False, dedup=False, progress=False)
    formats = {Path(f).name: fmt for f, fmt in corpus.report.files.items()}
    assert formats == {"factiva_de.html": "factiva", "factiva_en.html": "factiva",
                       "factiva.rtf": "factiva", "factiva_coded.rtf": "factiva",
                       "genios.rtf": "genios", "genios.xml": "genios"}
    docs = corpus.docs
    assert len(docs) == 4 + 3 + 3 + 2 + 3 + 3
    assert docs["date"].notna().all()
    b1 = docs[docs["title"] == B1_TITLE]
    assert len(b1) == 6
    assert set(b1["date"].astype(str).str[:10]) == {"2018-01-10"}
    assert set(b1["outlet"]) == {"Sauerland-Bote"}
    assert set(b1["author"]) == {"Henrik Vollmer"}
    assert {t.split("\n\n")[0][:40] for t in b1["text"]} == {B1_FIRST[:40]}
    assert corpus.report.count("skipped") == 1  # the empty <Text> of genios.xml, record 2
    from framing.corpus.dates import parse_date
    spellings = ["10. Januar 2018", "10 January 2018", "January 10, 2018", "2018-01-10",
                 "10 Januar 2018", "10.01.2018"]
    assert {str(parse_date(s))[:10] for s in spellings} == {"2018-01-10"}


def test_sniffers_keep_apart():
    for name in ("factiva_de.html", "factiva_en.html", "factiva.rtf", "factiva_coded.rtf"):
        head = read_head(FIX / name)
        assert factiva.sniff(FIX / name, head), name
        assert not genios.sniff(FIX / name, head) and not nexis.sniff(FIX / name, head), name
    for name in ("genios.rtf", "genios.xml"):
        head = read_head(FIX / name)
        assert genios.sniff(FIX / name, head), name
        assert not factiva.sniff(FIX / name, head), name
