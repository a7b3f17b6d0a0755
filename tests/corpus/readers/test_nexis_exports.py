"""Nexis Uni / Lexis Advance exports as users download them: Word files with a cover page (built
here with python-docx), LexisNexis HTML, RTF; cover page into the report, counts checked, dates
from English and German date lines, zip bombs and broken Word files refused with their cause."""
from __future__ import annotations

import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from framing.corpus.dates import parse_date
from framing.corpus.readers import detect_format, nexis
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY, read_head
from framing.corpus.report import IngestReport
from framing.errors import FormatError, InputError

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "press"
NBSP = "\u00a0"

# Invented local news (no real article text): town council, citizens' shop, refugee housing.
ARTICLES = [
    dict(title="Stadtrat vertagt Entscheidung über Unterkunft an der Bäuminghausstraße",
         outlet="Ruhr-Tageblatt", date_en="January 10, 2018 Wednesday", date_de="10. Januar 2018 Mittwoch",
         edition="Ausgabe Essen-Nord", section="LOKALES ESSEN; Pg. 14", section_de="LOKALES ESSEN; S. 14",
         author="Jana Petersen", words=52,
         body=["Essen. Der Stadtrat hat die Entscheidung über die Unterkunft an der Bäuminghausstraße "
               "um einen Monat vertagt.",
               "Mehrere Fraktionen wollen zunächst die Anwohnerversammlung abwarten.",
               "Die Verwaltung rechnet weiter mit einer Eröffnung im Herbst."],
         graphic="Der Ratssaal am Dienstagabend.",
         load_en="January 11, 2018", load_de="11. Januar 2018"),
    dict(title="Bürgerladen Hörsterfeld sucht Ehrenamtliche für das Sprachcafé",
         outlet="Ruhr-Tageblatt", date_en="January 12, 2018 Friday", date_de="12. Januar 2018 Freitag",
         edition="", section="LOKALES ESSEN; Pg. 16", section_de="LOKALES ESSEN; S. 16",
         author="Thomas Wendland", words=31,
         body=["Essen-Hörsterfeld. Der Bürgerladen sucht Menschen, die zwei Stunden in der Woche "
               "beim Sprachcafé helfen.",
               "Wer mitmachen will, kommt donnerstags um 16 Uhr vorbei."],
         graphic=None, load_en="January 13, 2018", load_de="13. Januar 2018"),
    dict(title="Altena richtet zweite Wohngruppe für junge Geflüchtete ein",
         outlet="Lennetal-Anzeiger", date_en="January 15, 2018 Monday", date_de="15. Januar 2018 Montag",
         edition="", section="ALTENA; Pg. 4", section_de="ALTENA; S. 4",
         author="Sabine Hartmann", words=38,
         body=["Altena. Im ehemaligen Pfarrhaus an der Kirchstraße ziehen im Mai acht Jugendliche ein.",
               "Betreut wird die Gruppe von einem freien Träger; der Stadtrat hat zugestimmt."],
         graphic=None, load_en="January 16, 2018", load_de="16. Januar 2018"),
]
ERROR_PLACEHOLDER = "We are sorry but there is an error in this document and it is not possible to display it."

UI = {
    "en": dict(user="User Name:", when="Date and Time:", job="Job Number:", docs="Documents ({n})",
               client="Client/Matter:", terms="Search Terms:", stype="Search Type:", narrowed="Narrowed by:",
               table=("Content Type", "Narrowed by"), row=("News", "Sources: Ruhr-Tageblatt; Lennetal-Anzeiger"),
               section="Section:", length="Length:", words="{n} words", byline="Byline:", body="Body",
               graphic="Graphic", classification="Classification", language="Language:", ptype="Publication-Type:",
               load="Load-Date:", end="End of Document", date="date_en", load_key="load_en", sec_key="section"),
    "de": dict(user="Benutzername:", when="Datum und Uhrzeit:", job="Auftragsnummer:", docs="Dokumente ({n})",
               client="Mandant/Angelegenheit:", terms="Suchbegriffe:", stype="Suchtyp:", narrowed="Eingegrenzt nach:",
               table=("Inhaltstyp", "Eingegrenzt nach"),
               row=("Nachrichten", "Quellen: Ruhr-Tageblatt; Lennetal-Anzeiger"),
               section="Rubrik:", length="Länge:", words="{n} Wörter", byline="Autor:", body="Text",
               graphic="Grafik", classification="Klassifikation", language="Sprache:", ptype="Publikationstyp:",
               load="Ladedatum:", end="Ende des Dokuments", date="date_de", load_key="load_de", sec_key="section_de"),
}


def build_docx(path: Path, ui: str = "en", *, announce: int | None = None, error_record: bool = True) -> Path:
    """A Lexis Advance / Nexis Uni Word export: cover page (with the real 'Narrowed by' table),
    the three articles, and (optionally) Nexis's error placeholder as a fourth record."""
    import docx

    u = UI[ui]
    d = docx.Document()
    n_docs = len(ARTICLES) + (1 if error_record else 0)
    d.add_paragraph(f"{u['user']} = Erika Musterfrau")
    d.add_paragraph(f"{u['when']} = Wednesday, January 17, 2018 9:41:00 AM EST")
    d.add_paragraph(f"{u['job']} = 57118203")
    d.add_paragraph(u["docs"].format(n=announce if announce is not None else n_docs))
    titles = [a["title"] for a in ARTICLES] + (["Fehlerhaftes Dokument"] if error_record else [])
    for i, title in enumerate(titles, 1):
        d.add_paragraph(f"{i}. {title}")
        d.add_paragraph(f"{u['client']} -None-")
        d.add_paragraph(f"{u['terms']} Bürgerladen OR Stadtrat OR Unterkunft")
        d.add_paragraph(f"{u['stype']} Terms and Connectors")
        d.add_paragraph(u["narrowed"])
        table = d.add_table(rows=2, cols=2)
        for r, row in enumerate((u["table"], u["row"])):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    d.add_page_break()
    for a in ARTICLES:
        d.add_paragraph(a["title"])
        d.add_paragraph(a["outlet"])
        d.add_paragraph(a[u["date"]] + (f", {a['edition']}" if a["edition"] else ""))
        d.add_paragraph(f"Copyright 2018 {a['outlet']} Verlag GmbH All Rights Reserved")
        d.add_paragraph(f"{u['section']}{NBSP}{a[u['sec_key']]}")
        d.add_paragraph(f"{u['length']}{NBSP}{u['words'].format(n=a['words'])}")
        d.add_paragraph(f"{u['byline']}{NBSP}{a['author']}")
        d.add_paragraph(u["body"])
        for para in a["body"]:
            d.add_paragraph(para)
        if a["graphic"]:
            d.add_paragraph(u["graphic"])
            d.add_paragraph(a["graphic"])
        d.add_paragraph(u["classification"])
        d.add_paragraph(f"{u['language']}{NBSP}GERMAN; DEUTSCH")
        d.add_paragraph(f"{u['ptype']}{NBSP}Newspaper")
        d.add_paragraph(f"{u['load']}{NBSP}{a[u['load_key']]}")
        d.add_paragraph(u["end"])
        d.add_page_break()
    if error_record:
        d.add_paragraph(ERROR_PLACEHOLDER)
        d.add_paragraph(u["end"])
    d.save(str(path))
    return path


def read_all(path: Path, **options) -> tuple[list[dict], IngestReport]:
    report = IngestReport()
    return list(nexis.read(path, report=report, **options)), report


def statuses(report: IngestReport) -> list[tuple[object, str, str]]:
    return [(e.record, e.status, e.detail) for e in report.events]


# -- Lexis Advance / Nexis Uni Word export -------------------------------------------------------


@pytest.mark.parametrize("ui", ["en", "de"])
def test_docx_export_every_record_and_field(tmp_path, ui):
    path = build_docx(tmp_path / f"advance_{ui}.docx", ui)
    recs, report = read_all(path)
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3]
    assert all(LINE_KEY not in r for r in recs)
    assert statuses(report) == [(4, "skipped", nexis.ERROR_DOC_REASON)]
    r1 = recs[0]
    a = ARTICLES[0]
    assert r1["title"] == a["title"]
    assert r1["outlet"] == "Ruhr-Tageblatt"
    assert r1["date"] == a[UI[ui]["date"]]
    assert r1["edition"] == "Ausgabe Essen-Nord"
    assert (r1["section"], r1["page"]) == ("LOKALES ESSEN", "14")
    assert r1["author"] == "Jana Petersen"
    assert r1["word_count"] == 52
    assert r1["language"] == "GERMAN; DEUTSCH"
    assert r1["publication_type"] == "Newspaper"
    assert r1["load_date"] == a[UI[ui]["load_key"]]
    assert r1["copyright"] == "Copyright 2018 Ruhr-Tageblatt Verlag GmbH All Rights Reserved"
    assert r1["graphic"] == "Der Ratssaal am Dienstagabend."
    assert r1["text"] == "\n\n".join(a["body"])
    assert [r["title"] for r in recs] == [x["title"] for x in ARTICLES]
    assert [r["author"] for r in recs] == ["Jana Petersen", "Thomas Wendland", "Sabine Hartmann"]
    for r in recs:  # neither cover page nor labels leak into an article
        for marker in ("Job Number", "Auftragsnummer", "Search Terms", "Suchbegriffe", "Musterfrau",
                       "Narrowed", "Eingegrenzt", "Classification", "Klassifikation", "Load-Date",
                       "Ladedatum", "End of Document", "Ende des Dokuments", "Grafik", "Ratssaal"):
            assert marker not in r["text"], (ui, r[RECORD_KEY], marker)


def test_cover_page_is_in_the_report_not_an_article(tmp_path):
    path = build_docx(tmp_path / "advance.docx")
    recs, report = read_all(path)
    assert all("Job Number" not in (r.get("title") or "") for r in recs)
    meta = report.export_meta[str(path)]
    assert meta == {
        "date_and_time": "Wednesday, January 17, 2018 9:41:00 AM EST",
        "job_number": "57118203",
        "documents_announced": 4,
        "search_terms": "Bürgerladen OR Stadtrat OR Unterkunft",
        "search_type": "Terms and Connectors",
        "content_type": "News",
        "sources": "Ruhr-Tageblatt; Lennetal-Anzeiger",
        "documents_listed": 4,
        "documents_found": 4,
    }
    assert "Musterfrau" not in repr(report.export_meta)  # the user name is not kept anywhere
    assert "export cover pages" in report.to_text()


def test_english_and_german_date_lines_give_the_same_dates(tmp_path):
    en, _ = read_all(build_docx(tmp_path / "en.docx", "en"))
    de, _ = read_all(build_docx(tmp_path / "de.docx", "de"))
    dates_en = [parse_date(r["date"]) for r in en]
    dates_de = [parse_date(r["date"]) for r in de]
    assert dates_en == dates_de
    assert [d.strftime("%Y-%m-%d") for d in dates_en] == ["2018-01-10", "2018-01-12", "2018-01-15"]


def test_announced_count_mismatch_is_reported(tmp_path):
    path = build_docx(tmp_path / "short.docx", "de", announce=5)
    recs, report = read_all(path)
    assert len(recs) == 3
    warnings = [e for e in report.events if e.status == "warning"]
    assert [(e.record, e.detail) for e in warnings] == [
        (None, "incomplete export? the export announces 5 documents, 4 found")]
    assert report.export_meta[str(path)]["documents_found"] == 4


def test_framing_read_docx_accounts_for_every_record(tmp_path):
    import framing

    path = build_docx(tmp_path / "advance.docx")
    corpus = framing.read(path, progress=False, places=False, dedup=False)
    report = corpus.report
    assert report.files[str(path)] == "nexis"
    assert len(corpus.docs) == 3
    assert (report.n_records, report.n_read, report.n_skipped) == (4, 3, 1)
    assert corpus.docs["date"].dt.strftime("%Y-%m-%d").tolist() == ["2018-01-10", "2018-01-12", "2018-01-15"]
    assert "job_number" not in corpus.docs.columns
    assert report.export_meta[str(path)]["job_number"] == "57118203"


# -- date lines -----------------------------------------------------------------------------------


@pytest.mark.parametrize("line, date, edition", [
    ("January 10, 2018 Wednesday", "January 10, 2018 Wednesday", ""),
    ("January 10, 2018 Wednesday Late Edition", "January 10, 2018 Wednesday", "Late Edition"),
    ("January 10, 2018 Wednesday 10:50 AM GMT+1", "January 10, 2018 Wednesday 10:50 AM GMT+1", ""),
    ("10. Januar 2018 Mittwoch", "10. Januar 2018 Mittwoch", ""),
    ("10. Januar 2018 Mittwoch, Ausgabe Essen-Nord", "10. Januar 2018 Mittwoch", "Ausgabe Essen-Nord"),
    ("10 janvier 2018", "10 janvier 2018", ""),           # parse_date reads French months
    ("mercredi 10 janvier 2018 3:00 AM GMT", "mercredi 10 janvier 2018 3:00 AM GMT", ""),
    ("Mittwoch 10.Januar 2018", "Mittwoch 10.Januar 2018", ""),  # no space after the day's dot
])
def test_split_date_line(line, date, edition):
    got = nexis.split_date_line(line)
    assert got is not None
    assert (got.date, got.edition) == (date, edition)
    assert parse_date(got.date).strftime("%Y-%m-%d") == "2018-01-10"


@pytest.mark.parametrize("line", ["10. Januar 2018: Der Rat beschließt den Haushalt", "Ruhr-Tageblatt",
                                  "Der Stadtrat tagte am 10. Januar 2018 im Rathaus."])
def test_not_a_date_line(line):
    assert nexis.split_date_line(line) is None


# -- LexisNexis HTML ------------------------------------------------------------------------------


def test_html_export_every_record():
    path = FIX / "nexis_classic.html"
    assert nexis.sniff(path, read_head(path))
    assert detect_format(path)[0] == "nexis"
    recs, report = read_all(path)
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 4]
    assert statuses(report) == [(3, "skipped", "no body text")]  # a photo item without text
    r1, r2, r4 = recs
    assert r1["title"] == "Stadtrat vertagt Entscheidung über Unterkunft an der Bäuminghausstraße"
    assert (r1["outlet"], r1["date"], r1["edition"]) == (
        "Ruhr-Tageblatt", "April 5, 2016 Tuesday", "Ausgabe Essen-Nord")
    assert (r1["section"], r1["page"], r1["author"], r1["word_count"]) == ("LOKALES ESSEN", "14", "Jana Petersen", 64)
    assert (r1["load_date"], r1["language"], r1["publication_type"]) == ("April 6, 2016", "GERMAN", "Newspaper")
    assert r1["copyright"] == "Copyright 2016 Ruhr-Tageblatt Verlag GmbH All Rights Reserved"
    assert r1["text"].split("\n\n") == [
        "Essen. Der Stadtrat hat die Entscheidung über die Unterkunft an der Bäuminghausstraße um einen Monat vertagt.",
        "Mehrere Fraktionen wollen zunächst die Anwohnerversammlung abwarten, die für den 20. April geplant ist.",
        "Die Verwaltung rechnet weiter mit einer Eröffnung im Herbst."]
    assert r2["date"] == "April 7, 2016 Thursday 10:50 AM GMT+1"
    assert "author" not in r2
    assert (r4["date"], r4["author"], r4["word_count"], r4["section"]) == (
        "9. April 2016 Samstag", "Sabine Hartmann", 38, "ALTENA")
    assert r4["copyright"] == "Copyright 2016 Lennetal-Anzeiger Verlag Alle Rechte vorbehalten"
    meta = report.export_meta[str(path)]
    assert meta["search_terms"] == "Bürgerladen OR Stadtrat OR Unterkunft"
    assert (meta["documents_announced"], meta["documents_found"]) == (4, 4)
    assert "MUSTER-BIBLIOTHEK" not in repr(meta)  # the "Send To" address is not kept


def test_html_read_by_framing_is_not_one_web_page():
    import framing

    corpus = framing.read(FIX / "nexis_classic.html", progress=False, places=False, dedup=False)
    assert len(corpus.docs) == 3
    assert (corpus.report.n_records, corpus.report.n_skipped) == (4, 1)


def test_html_without_articles_is_an_error(tmp_path):
    cover_only = tmp_path / "leer.html"
    cover_only.write_text("<html><body><div><p>Download Request: Selected Items: 1-49<br>"
                          "Terms: Stadtrat</p></div></body></html>", encoding="utf-8")
    with pytest.raises(FormatError, match="Nexis HTML export with 0 articles recognised") as exc:
        list(nexis.read(cover_only))
    assert "leer.html" in str(exc.value)
    other = tmp_path / "other.html"
    other.write_text("<html><body><p>Ein Artikel über den Stadtrat.</p></body></html>", encoding="utf-8")
    assert not nexis.sniff(other, read_head(other))


def test_html_counter_without_article_is_accounted(tmp_path):
    page = tmp_path / "abgebrochen.html"
    page.write_text("<html><body><div><p>Download Request: Selected Items: 1-49</p></div>"
                    "<div><p><span>1 of 49 DOCUMENTS</span></p></div></body></html>", encoding="utf-8")
    assert nexis.sniff(page, read_head(page))
    recs, report = read_all(page)
    assert recs == []
    assert statuses(report) == [(1, "skipped", "truncated record (no end marker)"),
                                (None, "warning", "incomplete export? the export announces 49 documents, 1 found")]


# -- RTF ------------------------------------------------------------------------------------------


def _rtf(text: str) -> str:
    """A small RTF document (cp1252 escapes for umlauts), one \\par per line."""
    def esc(line: str) -> str:
        out = []
        for ch in line.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}"):
            if ord(ch) < 128:
                out.append(ch)
            else:
                try:
                    out.append(f"\\'{ch.encode('cp1252')[0]:02x}")
                except UnicodeEncodeError:
                    out.append(f"\\u{ord(ch)}?")
        return "".join(out)
    body = "\n".join(esc(line) + "\\par" for line in text.splitlines())
    return "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\\fs20\n" + body + "\n}"


def test_rtf_export(tmp_path):
    docx_path = build_docx(tmp_path / "de.docx", "de")
    lines = [t for _, t in nexis.nexis_sources.docx_lines(docx_path)]
    rtf = tmp_path / "export.rtf"
    rtf.write_text(_rtf("\n".join(lines)), encoding="ascii")
    assert nexis.sniff(rtf, read_head(rtf))
    assert detect_format(rtf)[0] == "nexis"
    recs, report = read_all(rtf)
    via_docx, _ = read_all(docx_path)
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3]
    for a, b in zip(recs, via_docx):
        assert a == b
    assert recs[0]["date"] == "10. Januar 2018 Mittwoch"
    assert report.export_meta[str(rtf)]["job_number"] == "57118203"


# -- broken Word files and zip bombs --------------------------------------------------------------


def test_zip_bomb_refused_without_inflating(tmp_path):
    bomb = tmp_path / "export.docx"
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(200):  # 200 MB of zeros → ~200 KB on disk
                fh.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as exc:
            list(nexis.read(bomb))
        assert not nexis.sniff(bomb, read_head(bomb)) or True  # sniffing reads at most 1 MB
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "export.docx" in str(exc.value)
    assert "refused" in exc.value.reason and "word/document.xml" in exc.value.reason
    assert peak < 20_000_000, peak
    with pytest.raises(FormatError, match="refused"):  # detection says the same
        detect_format(bomb)


def test_broken_word_files_name_their_cause(tmp_path):
    import framing

    good = build_docx(tmp_path / "good.docx")
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    other_zip = tmp_path / "daten.docx"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("daten.csv", "a;b\n1;2\n")
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"this is not a zip file at all\n" * 10)
    old_doc = tmp_path / "alt.docx"
    old_doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    expected = {
        cut: "truncated or damaged .docx",
        other_zip: "a ZIP archive but not a Word .docx: it has no word/document.xml (contains: daten.csv)",
        junk: "not a .docx file: it is not a ZIP archive",
        old_doc: "not a .docx file: this is an old binary Word .doc",
    }
    for path, reason in expected.items():
        with pytest.raises(InputError) as exc:
            list(nexis.read(path))
        assert exc.value.reason.startswith(reason), (path.name, exc.value.reason)
        assert path.name in str(exc.value)
        with pytest.raises(FormatError) as exc:  # what framing.read reports for the file
            detect_format(path)
        assert exc.value.reason.startswith(reason)
        assert "unrecognised format" not in exc.value.reason
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in expected:
        shutil.copy(path, folder / path.name)
    shutil.copy(good, folder / "good.docx")
    corpus = framing.read(folder, progress=False, places=False, dedup=False)
    skipped = corpus.report.skipped
    assert len(corpus.docs) == 3
    reasons = dict(zip(skipped["file"].map(lambda f: Path(f).name), skipped["detail"]))
    for path, reason in expected.items():
        assert reasons[path.name].startswith(reason)


def test_plain_word_letter_is_not_taken_for_nexis(tmp_path):
    import docx

    letter = tmp_path / "brief.docx"
    d = docx.Document()
    d.add_paragraph("Sehr geehrte Damen und Herren, anbei das Protokoll der Ratssitzung.")
    d.save(str(letter))
    assert not nexis.sniff(letter, read_head(letter))
    with pytest.raises(FormatError, match="a Word document without Nexis documents"):
        detect_format(letter)


def test_headline_that_looks_like_a_cover_label(tmp_path):
    """A German headline "Quelle: …" or "Filter: …" does not open a cover page; with a cover
    page, the first listed title ends it even when it looks like a label."""
    doc = ("Quelle: Stadt Essen meldet mehr Plätze in Unterkünften\n\nRuhr-Tageblatt\n"
           "January 10, 2018 Wednesday\n\nLength: 9 words\n\nBody\n\n"
           "Essen. Die Stadt meldet mehr Plätze in den Unterkünften.\n\nEnd of Document\n")
    p = tmp_path / "ohne_deckblatt.txt"
    p.write_text(doc, encoding="utf-8")
    (rec,), report = read_all(p)
    assert rec["title"] == "Quelle: Stadt Essen meldet mehr Plätze in Unterkünften"
    assert report.export_meta == {}
    cover = ("Job Number: 4711\n\nDocuments (1)\n\n"
             "1. Quelle: Stadt Essen meldet mehr Plätze in Unterkünften\n"
             "Search Terms: Unterkunft\n\n\n")
    q = tmp_path / "mit_deckblatt.txt"
    q.write_text(cover + doc, encoding="utf-8")
    (rec2,), report2 = read_all(q)
    assert rec2["title"] == rec["title"] and rec2["text"] == rec["text"]
    assert report2.export_meta[str(q)]["job_number"] == "4711"
    assert report2.events == []
