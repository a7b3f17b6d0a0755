"""Nexis reader: classic and Nexis Uni layouts, German/English labels, .txt and .docx, bad input."""
from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pytest

from framing.corpus.readers import factiva, genios, nexis
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY, read_head
from framing.corpus.report import IngestReport
from framing.errors import InputError

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "press"
DAMAGED = FIX / "damaged"


def read_all(path: Path, **options) -> tuple[list[dict], IngestReport]:
    report = IngestReport()
    return list(nexis.read(path, report=report, **options)), report


def events(report: IngestReport) -> list[tuple[str, str, str]]:
    return [(e.record if e.record is None else str(e.record), e.status, e.detail) for e in report.events]


def paragraphs_of(text: str) -> list[str]:
    return text.split("\n\n")


# -- classic layout, German labels ---------------------------------------------------------------


def test_classic_german_every_record():
    recs, report = read_all(FIX / "nexis_de.txt")
    assert report.events == []
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3]
    assert [r[LINE_KEY] for r in recs] == [13, 57, 99]

    r1, r2, r3 = recs
    assert r1["title"] == "Neue Unterkunft in Altenessen: Anwohner fordern gerechte Verteilung"
    assert r1["date"] == "12. März 2016 Samstag"
    assert r1["outlet"] == "Ruhr-Tageblatt"
    assert r1["edition"] == "Ausgabe Essen-Nord"
    assert r1["section"] == "LOKALES ESSEN"
    assert r1["page"] == "15"
    assert r1["author"] == "Miriam Kolbe"
    assert r1["word_count"] == 118
    assert r1["language"] == "GERMAN; DEUTSCH"
    assert r1["load_date"] == "14. März 2016"
    assert r1["publication_type"] == "Zeitung"
    assert r1["copyright"] == "Copyright 2016 Ruhr-Tageblatt Verlag GmbH Alle Rechte vorbehalten"
    assert r1["text"].startswith("Essen. Die Stadt will im Sommer eine weitere Unterkunft für Geflüchtete an der\n"
                                 "Karnaper Straße eröffnen.")
    assert r1["text"].endswith("Vereinen, Kirchengemeinden und Schulen soll im April erstmals tagen.")
    assert len(paragraphs_of(r1["text"])) == 3
    assert paragraphs_of(r1["text"])[1].startswith("„Wir haben nichts gegen die Menschen")

    assert r2["title"] == "Deutschkurs am Küchentisch im Bürgerladen Hörsterfeld"
    assert r2["date"] == "15. März 2016 Dienstag"
    assert (r2["outlet"], r2["section"], r2["page"]) == ("Ruhr-Tageblatt", "LOKALES ESSEN", "17")
    assert r2["edition"] == "Ausgabe Essen-Ost"
    assert r2["author"] == "Thomas Wendland"
    assert r2["word_count"] == 86
    assert r2["text"].startswith("Essen-Hörsterfeld. Dienstags um zehn ist im Bürgerladen")
    assert r2["text"].endswith("gemeinsam mit\nzugezogenen Familien organisieren.")

    assert r3["title"] == "Altena sieht im Zuzug eine Chance gegen den Leerstand"
    assert r3["date"] == "18. März 2016 Freitag"
    assert (r3["outlet"], r3["section"], r3["page"]) == ("Lennetal-Anzeiger", "ALTENA", "3")
    assert r3["author"] == "Sabine Hartmann"
    assert r3["word_count"] == 94
    assert r3["load_date"] == "20. März 2016"
    assert r3["copyright"] == "Copyright 2016 Lennetal-Anzeiger Verlag Alle Rechte vorbehalten"
    assert r3["text"].startswith("Altena. Die Stadt an der Lenne hat mehr Geflüchtete aufgenommen")
    assert r3["text"].endswith("Der Stadtrat will\ndas Programm im kommenden Jahr ausweiten.")


def test_fields_never_leak_into_text():
    for name in ("nexis_de.txt", "nexis_en.txt", "nexis_uni_de.txt", "nexis.docx"):
        recs, _ = read_all(FIX / name)
        for r in recs:
            for marker in ("LÄNGE", "Length:", "Länge:", "LOAD-DATE", "Load-Date", "Ladedatum",
                           "SPRACHE", "Language:", "Copyright", "End of Document", "Body", "Klassifikation",
                           "Ende des Dokuments", "Client/Matter"):
                assert marker not in r["text"], (name, r[RECORD_KEY], marker)
            assert r["text"] == r["text"].strip()
            assert "\n\n\n" not in r["text"]


# -- Nexis Uni layout, English labels with a cover page -----------------------------------------


def test_uni_english_with_cover_every_record():
    recs, report = read_all(FIX / "nexis_en.txt")
    assert report.events == []
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3]
    assert [r[LINE_KEY] for r in recs] == [33, 64, 98]
    r1, r2, r3 = recs

    assert r1["title"] == "Karnap: Sprechstunde für Neubürgerinnen und Neubürger im Bezirksamt"
    assert r1["date"] == "March 19, 2016 Saturday"
    assert r1["outlet"] == "Ruhr-Tageblatt"
    assert r1["edition"] == "Essen-Nord Edition"
    assert (r1["section"], r1["page"]) == ("LOKALES ESSEN", "18")
    assert r1["author"] == "Jana Petersen"
    assert r1["word_count"] == 73
    assert r1["copyright"] == "Copyright 2016 Ruhr-Tageblatt Verlag GmbH All Rights Reserved"
    assert r1["language"] == "GERMAN; DEUTSCH"
    assert r1["publication_type"] == "Newspaper"
    assert r1["load_date"] == "March 21, 2016"
    assert r1["text"].startswith("Essen-Karnap. Das Bezirksamt richtet ab April eine wöchentliche Sprechstunde")
    assert r1["text"].endswith("eine Anmeldung ist nicht nötig.")
    assert len(paragraphs_of(r1["text"])) == 3

    assert r2["title"] == "Ausbildung statt Warteschleife: Tischlerei in Altena stellt zwei Geflüchtete ein"
    assert r2["date"] == "March 23, 2016 Wednesday"
    assert (r2["outlet"], r2["section"], r2["page"]) == ("Lennetal-Anzeiger", "WIRTSCHAFT IM LENNETAL", "7")
    assert r2["author"] == "Kerstin Albers"
    assert r2["dateline"] == "Altena"
    assert r2["subjects"] == "APPRENTICESHIPS (90%); IMMIGRATION (88%)"
    assert r2["word_count"] == 64
    assert r2["text"].startswith("Altena. Eine Tischlerei im Ortsteil Rahmede")
    assert r2["text"].endswith("weitere freie Lehrstellen in der Region.")

    assert r3["title"] == "Integrationsrat legt Konzept für den Essener Norden vor"
    assert r3["date"] == "March 24, 2016 Thursday"
    assert (r3["outlet"], r3["section"], r3["page"]) == ("Ruhr-Tageblatt", "ESSEN", "13")
    assert r3["author"] == "Miriam Kolbe"
    assert r3["text"].endswith("Der Rat soll im Mai über das Konzept entscheiden.")


def test_uni_german_labels():
    recs, report = read_all(FIX / "nexis_uni_de.txt")
    assert report.events == []
    assert [(r[RECORD_KEY], r[LINE_KEY]) for r in recs] == [(1, 1), (2, 32)]
    r1, r2 = recs
    assert r1["title"] == "Deutschkurs am Küchentisch im Bürgerladen Hörsterfeld"
    assert r1["date"] == "15. März 2016 Dienstag"
    assert (r1["outlet"], r1["edition"]) == ("Ruhr-Tageblatt", "Ausgabe Essen-Ost")
    assert (r1["section"], r1["page"], r1["author"], r1["word_count"]) == ("LOKALES ESSEN", "17", "Thomas Wendland", 86)
    assert (r1["language"], r1["publication_type"], r1["load_date"]) == ("GERMAN; DEUTSCH", "Zeitung", "17. März 2016")
    assert r1["copyright"] == "Copyright 2016 Ruhr-Tageblatt Verlag GmbH Alle Rechte vorbehalten"
    assert r1["text"].startswith("Essen-Hörsterfeld. Dienstags um zehn")
    assert r1["text"].endswith("zugezogenen Familien organisieren.")
    assert r2["title"] == "Karnap: Sprechstunde für Neubürgerinnen und Neubürger im Bezirksamt"
    assert r2["date"] == "19. März 2016 Samstag"
    assert r2["author"] == "Jana Petersen"


def test_classic_english_markers(tmp_path):
    p = tmp_path / "classic_en.txt"
    p.write_text(
        "                               1 of 1 DOCUMENT\n\n"
        "                              Ruhr-Tageblatt\n\n"
        "                          March 12, 2016 Saturday\n"
        "                              Essen Edition\n\n"
        "Altenessen debattiert ueber neue\nUnterkunft\n\n"
        "BYLINE: Miriam\nKolbe\n\n"
        "SECTION: LOKALES; Pg. 15\n\n"
        "LENGTH: 12 words\n\n"
        "Die Stadt plant eine Unterkunft. Viele Anwohner kamen zur Versammlung.\n\n"
        "LOAD-DATE: March 14, 2016\n\nLANGUAGE: GERMAN\n\n"
        "                  Copyright 2016 Ruhr-Tageblatt Verlag GmbH\n"
        "                            All Rights Reserved\n", encoding="utf-8")
    (rec,), report = read_all(p)
    assert report.events == []
    assert rec["title"] == "Altenessen debattiert ueber neue Unterkunft"  # a wrapped headline is joined
    assert rec["author"] == "Miriam Kolbe"  # a wrapped byline is joined
    assert (rec["section"], rec["page"], rec["word_count"]) == ("LOKALES", "15", 12)
    assert (rec["date"], rec["edition"]) == ("March 12, 2016 Saturday", "Essen Edition")
    assert rec["text"] == "Die Stadt plant eine Unterkunft. Viele Anwohner kamen zur Versammlung."
    assert rec["copyright"] == "Copyright 2016 Ruhr-Tageblatt Verlag GmbH All Rights Reserved"


def test_one_line_labels_do_not_swallow_the_body(tmp_path):
    p = tmp_path / "dicht.txt"
    p.write_text(
        "Dokument 1 von 1\n\nRuhr-Tageblatt\n\n12. März 2016 Samstag\n\nRunder Tisch tagt\n\n"
        "AUTOR: Miriam\nKolbe\nRUBRIK: LOKALES; S. 3\nLÄNGE: 9 Wörter\n"
        "Vereine und Schulen sprechen über die neue Unterkunft.\n"
        "LOAD-DATE: 14. März 2016\nSPRACHE: GERMAN\n", encoding="utf-8")
    (rec,), report = read_all(p)
    assert report.events == []
    assert (rec["author"], rec["section"], rec["page"], rec["word_count"]) == ("Miriam Kolbe", "LOKALES", "3", 9)
    assert rec["text"] == "Vereine und Schulen sprechen über die neue Unterkunft."
    assert (rec["load_date"], rec["language"]) == ("14. März 2016", "GERMAN")


# -- DOCX -----------------------------------------------------------------------------------------


def test_docx_many_articles():
    recs, report = read_all(FIX / "nexis.docx")
    assert report.events == []
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3]
    assert all(LINE_KEY not in r for r in recs)
    r1, r2, r3 = recs
    assert r1["title"] == "Neue Unterkunft in Altenessen: Anwohner fordern gerechte Verteilung"
    assert r1["date"] == "March 12, 2016 Saturday"
    assert (r1["outlet"], r1["section"], r1["page"]) == ("Ruhr-Tageblatt", "LOKALES ESSEN", "15")
    assert r1["author"] == "Miriam Kolbe"
    assert r1["highlight"] == "Bürgerversammlung zur geplanten Unterkunft an der Karnaper Straße"
    assert r1["graphic"] == "Der Gemeindesaal war bis auf den letzten Platz besetzt."
    assert r1["text"].startswith("Essen. Die Stadt will im Sommer eine weitere Unterkunft für Geflüchtete an der "
                                 "Karnaper Straße eröffnen.")
    assert r1["text"].endswith("soll im April erstmals tagen.")
    assert len(paragraphs_of(r1["text"])) == 3
    assert r2["title"] == "Deutschkurs am Küchentisch im Bürgerladen Hörsterfeld"
    assert r2["date"] == "March 15, 2016 Tuesday"
    assert r2["author"] == "Thomas Wendland"
    assert r3["title"] == "Altena sieht im Zuzug eine Chance gegen den Leerstand"
    assert (r3["outlet"], r3["section"], r3["page"]) == ("Lennetal-Anzeiger", "ALTENA", "3")
    assert r3["text"].endswith("Der Stadtrat will das Programm im kommenden Jahr ausweiten.")


def test_docx_one_article_without_end_marker():
    (rec,), report = read_all(FIX / "nexis_single.docx")
    assert report.events == []
    assert rec[RECORD_KEY] == 1
    assert rec["title"] == "Integrationsrat legt Konzept für den Essener Norden vor"
    assert rec["date"] == "March 24, 2016 Thursday"
    assert (rec["outlet"], rec["author"], rec["word_count"]) == ("Ruhr-Tageblatt", "Miriam Kolbe", 71)
    assert rec["text"].startswith("Essen. Der Integrationsrat hat am Mittwoch")


def test_corrupt_docx_names_the_file(tmp_path):
    broken = tmp_path / "export.docx"
    broken.write_bytes((FIX / "nexis.docx").read_bytes()[:5000])  # cut-off download
    with pytest.raises(InputError) as exc:
        list(nexis.read(broken))
    assert "export.docx" in str(exc.value) and "docx" in exc.value.reason

    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"this is not a zip file at all\n" * 10)
    with pytest.raises(InputError) as exc:
        list(nexis.read(junk))
    assert "junk.docx" in str(exc.value)

    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty file") as exc:
        list(nexis.read(empty))
    assert exc.value.path == str(empty)


# -- damaged input --------------------------------------------------------------------------------


def test_truncated_classic_skipped_by_default():
    recs, report = read_all(DAMAGED / "nexis_de_truncated.txt")
    assert [r[RECORD_KEY] for r in recs] == [1, 2]
    assert [r["title"] for r in recs] == ["Neue Unterkunft in Altenessen: Anwohner fordern gerechte Verteilung",
                                          "Deutschkurs am Küchentisch im Bürgerladen Hörsterfeld"]
    assert events(report) == [("3", "skipped", "truncated record (no end marker)")]


def test_truncated_read_with_warning_when_asked():
    recs, report = read_all(DAMAGED / "nexis_de_truncated.txt", truncated="warn")
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3]
    last = recs[2]
    assert last["title"] == "Altena sieht im Zuzug eine Chance gegen den Leerstand"
    assert last["text"].endswith(
        "Seit Jahren verliert\nAltena Einwohner, Geschäfte schließen, Betriebe suchen Fachkräfte. „Jede")
    assert "load_date" not in last
    assert [(rec, status) for rec, status, _ in events(report)] == [("3", "warning")]
    assert "truncated record (no end marker)" in report.events[0].detail


def test_truncated_uni_missing_end_of_document():
    recs, report = read_all(DAMAGED / "nexis_en_truncated.txt")
    assert [r["title"] for r in recs] == ["Karnap: Sprechstunde für Neubürgerinnen und Neubürger im Bezirksamt"]
    assert events(report) == [("2", "skipped", "truncated record (no end marker)")]

    recs, report = read_all(DAMAGED / "nexis_en_truncated.txt", truncated="warn")
    assert recs[1]["title"].startswith("Ausbildung statt Warteschleife")
    assert recs[1]["text"].startswith("Altena. Eine Tischlerei")
    assert report.events[0].status == "warning"


def test_record_without_body_is_skipped():
    recs, report = read_all(DAMAGED / "nexis_nobody.txt")
    assert [r[RECORD_KEY] for r in recs] == [1, 3]
    assert [r["title"] for r in recs] == ["Deutschkurs am Küchentisch im Bürgerladen Hörsterfeld",
                                          "Karnap: Sprechstunde für Neubürgerinnen und Neubürger im Bezirksamt"]
    assert events(report) == [("2", "skipped", "no body text")]


def test_report_may_be_none():
    recs = list(nexis.read(DAMAGED / "nexis_nobody.txt"))
    assert len(recs) == 2


def test_empty_file(tmp_path):
    for name, data in (("leer.txt", b""), ("blank.txt", b"\n\n   \n"), ("bom.txt", b"\xef\xbb\xbf\n")):
        p = tmp_path / name
        p.write_bytes(data)
        with pytest.raises(InputError) as exc:
            list(nexis.read(p))
        assert exc.value.reason == "empty file"
        assert str(exc.value).startswith(str(p))


def test_binary_junk_named_txt(tmp_path):
    p = tmp_path / "export.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with pytest.raises(InputError) as exc:
        list(nexis.read(p))
    assert "export.txt" in str(exc.value)
    assert not nexis.sniff(p, read_head(p))


def test_text_without_nexis_markers(tmp_path):
    p = tmp_path / "artikel.txt"
    p.write_text("Altena sieht Chance\n\nDie Stadt an der Lenne nimmt mehr Menschen auf.\n", encoding="utf-8")
    with pytest.raises(InputError, match="Nexis text export with 0 articles recognised") as exc:
        list(nexis.read(p))
    assert exc.value.path == str(p)


def test_missing_file_and_bad_option(tmp_path):
    with pytest.raises(InputError, match="cannot read file"):
        list(nexis.read(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="truncated="):
        list(nexis.read(FIX / "nexis_de.txt", truncated="keep"))


# -- encodings and line endings -------------------------------------------------------------------


def _same_records(a: list[dict], b: list[dict]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x == y


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_legacy_and_utf16_encodings(tmp_path, encoding):
    text = (FIX / "nexis_de.txt").read_text(encoding="utf-8")
    p = tmp_path / f"nexis_{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    recs, report = read_all(p)
    assert report.events == []
    _same_records(recs, read_all(FIX / "nexis_de.txt")[0])
    assert recs[1]["title"] == "Deutschkurs am Küchentisch im Bürgerladen Hörsterfeld"


def test_latin1_and_crlf(tmp_path):
    text = (FIX / "nexis_uni_de.txt").read_text(encoding="utf-8")
    plain = text.replace("„", '"').replace("“", '"').replace("–", "-")
    p = tmp_path / "latin1.txt"
    p.write_bytes(plain.replace("\n", "\r\n").encode("latin-1"))
    recs, report = read_all(p)
    assert report.events == []
    assert [r["title"] for r in recs] == ["Deutschkurs am Küchentisch im Bürgerladen Hörsterfeld",
                                          "Karnap: Sprechstunde für Neubürgerinnen und Neubürger im Bezirksamt"]
    assert recs[0]["date"] == "15. März 2016 Dienstag"
    assert "\r" not in recs[0]["text"]
    assert '"Das ist hier ganz normaler Alltag"' in recs[0]["text"]


def test_forced_encoding(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes((FIX / "nexis_uni_de.txt").read_text(encoding="utf-8").encode("cp1252"))
    recs, _ = read_all(p, encoding="cp1252")
    assert recs[0]["title"] == "Deutschkurs am Küchentisch im Bürgerladen Hörsterfeld"


# -- sniffing -------------------------------------------------------------------------------------


def test_sniff_own_format_only(tmp_path):
    own = ["nexis_de.txt", "nexis_en.txt", "nexis_uni_de.txt", "nexis.docx", "nexis_single.docx"]
    others = ["genios.txt", "genios_header.txt", "factiva.txt", "factiva_inline.txt", "factiva_block.txt"]
    for name in own:
        assert nexis.sniff(FIX / name, read_head(FIX / name)), name
        assert not genios.sniff(FIX / name, read_head(FIX / name)), name
        assert not factiva.sniff(FIX / name, read_head(FIX / name)), name
    for name in others:
        assert not nexis.sniff(FIX / name, read_head(FIX / name)), name
    article = tmp_path / "artikel.txt"
    article.write_text("Bürgerladen Hörsterfeld\n\nEssen. Im Bürgerladen wird dienstags Deutsch geübt.\n"
                       "Text\n\nQuelle: eigene Recherche\n", encoding="utf-8")
    assert not nexis.sniff(article, read_head(article))
    other_docx = tmp_path / "brief.docx"
    import docx

    d = docx.Document()
    d.add_paragraph("Sehr geehrte Damen und Herren, anbei das Protokoll.")
    d.save(str(other_docx))
    assert not nexis.sniff(other_docx, read_head(other_docx))


def test_detect_format_picks_nexis(tmp_path):
    readers = pytest.importorskip("framing.corpus.readers")
    for name in ("nexis_de.txt", "nexis_en.txt", "nexis.docx"):
        shutil.copy(FIX / name, tmp_path / name)
        try:
            fmt, _ = readers.detect_format(tmp_path / name)
        except ImportError as exc:  # another reader module is not there yet
            pytest.skip(f"reader registry incomplete: {exc}")
        assert fmt == "nexis"


# -- streaming ------------------------------------------------------------------------------------


def _peak_memory(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        n = sum(1 for _ in nexis.read(path))
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streams_large_export(tmp_path):
    """Memory stays flat when the export triples: one record at a time, not the file."""
    one = (FIX / "nexis_uni_de.txt").read_text(encoding="utf-8")
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(one * 600, encoding="utf-8")   # ~1.2 MB, more than the encoding sniffer reads
    big.write_text(one * 1800, encoding="utf-8")    # ~3.5 MB
    n_small, peak_small = _peak_memory(small)
    n_big, peak_big = _peak_memory(big)
    assert (n_small, n_big) == (1200, 3600)
    assert peak_big < 1.2 * peak_small + 100_000, (peak_small, peak_big)
    assert peak_big < big.stat().st_size * 1.5


def test_mixed_encoding_export_keeps_every_umlaut(tmp_path):
    """A UTF-8 export with one article pasted in from a cp1252 download: each line is decoded on
    its own, nothing is replaced by U+FFFD, and the file gets one warning naming the line."""
    clean, _ = read_all(FIX / "nexis_de.txt")
    lines = (FIX / "nexis_de.txt").read_text(encoding="utf-8").split("\n")
    target = next(i for i, line in enumerate(lines) if "für Geflüchtete" in line)
    raw = b"\n".join(line.encode("cp1252" if i == target else "utf-8") for i, line in enumerate(lines))
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(raw)
    recs, report = read_all(mixed)
    assert [r["text"] for r in recs] == [r["text"] for r in clean]
    assert not any("\ufffd" in r["text"] for r in recs)
    warnings = [e.detail for e in report.events if e.status == "warning"]
    assert ("1 line(s) decoded on their own (mixed encodings; e.g. 2 byte(s) not valid UTF-8, read as cp1252): "
            f"line {target + 1}") in warnings


def test_old_mac_and_windows_line_ends_read_alike(tmp_path):
    clean, _ = read_all(FIX / "nexis_de.txt")
    text = (FIX / "nexis_de.txt").read_text(encoding="utf-8")
    for name, end in (("crlf.txt", "\r\n"), ("cr.txt", "\r")):
        path = tmp_path / name
        path.write_bytes(text.replace("\n", end).encode("utf-8"))
        recs, _ = read_all(path)
        assert [r["text"] for r in recs] == [r["text"] for r in clean]


def test_line_blocks_split_the_same_at_any_block_size(tmp_path):
    """Block boundaries inside a line, between \\r and \\n, or inside a cp1252 line change nothing."""
    from framing.corpus.readers.press_common import _byte_lines

    pieces = [("Grüße aus Altena", "utf-8", b"\r\n"), ("Straße", "cp1252", b"\n"), ("", "utf-8", b"\r"),
              ("Essener Norden", "utf-8", b"\r"), ("Flüchtlinge", "cp1252", b"\r\n"), ("Ende", "utf-8", b"")]
    path = tmp_path / "edge.txt"
    path.write_bytes(b"".join(text.encode(enc) + end for text, enc, end in pieces))
    expected = [text for text, _, _ in pieces]
    for size in (1, 2, 3, 5, 8, 1 << 16):
        assert [line for line, _ in _byte_lines(path, "utf-8", strict=False, block_size=size)] == expected
