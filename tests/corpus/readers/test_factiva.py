"""Factiva reader: field-coded (own-line and tab) and block layouts, bad input, folder detection."""
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
    return list(factiva.read(path, report=report, **options)), report


def events(report: IngestReport) -> list[tuple[str, str, str]]:
    return [(e.record if e.record is None else str(e.record), e.status, e.detail) for e in report.events]


def test_coded_own_line_every_record():
    recs, report = read_all(FIX / "factiva.txt")
    assert report.events == []
    assert [(r[RECORD_KEY], r[LINE_KEY]) for r in recs] == [(1, 1), (2, 58), (3, 115)]
    r1, r2, r3 = recs

    assert r1["title"] == "Neue Unterkunft in Altenessen: Anwohner fordern gerechte Verteilung"
    assert r1["date"] == "12 March 2016"
    assert r1["outlet"] == "Ruhr-Tageblatt"
    assert r1["section"] == "Lokales Essen"
    assert r1["author"] == "Miriam Kolbe"  # "Von " is dropped
    assert r1["word_count"] == 118
    assert (r1["source_code"], r1["edition"], r1["page"], r1["language"]) == ("RUHRTB", "Essen-Nord", "15", "German")
    assert r1["copyright"] == "(c) 2016 Ruhr-Tageblatt Verlag GmbH. All rights reserved."
    assert r1["accession_number"] == "RUHRTB0020160312ec3c00001"
    assert r1["subjects"] == "gimm : Migration | gpol : Domestic Politics | gcat : Political/General News"
    assert r1["regions"] == "gfr : Germany | nrw : North Rhine-Westphalia | eurz : Europe"
    assert r1["descriptors"] == "Flüchtlinge"
    assert r1["publisher"] == "Ruhr-Tageblatt Verlag GmbH"
    paras = r1["text"].split("\n\n")
    assert len(paras) == 3  # lead paragraph (LP) + two text paragraphs (TD)
    assert paras[0].startswith("Essen. Die Stadt will im Sommer eine weitere Unterkunft für Geflüchtete")
    assert paras[1].startswith("„Wir haben nichts gegen die Menschen, die hier ankommen“")
    assert r1["text"].endswith(
        "Ein Runder Tisch mit Vereinen, Kirchengemeinden und Schulen soll im April erstmals tagen.")

    assert r2["title"] == "Karnap: Sprechstunde für Neubürgerinnen und Neubürger im Bezirksamt"
    assert (r2["date"], r2["outlet"], r2["section"]) == ("19 March 2016", "Ruhr-Tageblatt", "Lokales Essen")
    assert (r2["author"], r2["word_count"], r2["page"]) == ("Jana Petersen", 73, "18")
    assert r2["accession_number"] == "RUHRTB0020160319ec3c00002"
    assert r2["text"].startswith("Essen-Karnap. Das Bezirksamt")
    assert r2["text"].endswith("eine Anmeldung ist nicht nötig.")

    assert r3["title"] == "Ausbildung statt Warteschleife: Tischlerei in Altena stellt zwei Geflüchtete ein"
    assert (r3["date"], r3["outlet"], r3["section"]) == ("23 March 2016", "Lennetal-Anzeiger", "Wirtschaft im Lennetal")
    assert (r3["author"], r3["word_count"], r3["edition"], r3["page"]) == ("Kerstin Albers", 64, "Altena", "7")
    assert r3["accession_number"] == "LENNAN0020160323ec3c00003"
    assert r3["text"].endswith("weitere freie Lehrstellen in der Region.")

    for r in recs:
        for marker in ("gpol", "Document ", "(c) 2016", "HD", "TD\n", "words"):
            assert marker not in r["text"]


def test_coded_tab_separated():
    recs, report = read_all(FIX / "factiva_inline.txt")
    assert report.events == []
    assert [(r[RECORD_KEY], r[LINE_KEY]) for r in recs] == [(1, 1), (2, 40)]
    r1, r2 = recs
    assert r1["title"] == "Altena sieht im Zuzug eine Chance gegen den Leerstand"
    assert (r1["date"], r1["outlet"], r1["section"], r1["page"]) == (
        "18 March 2016", "Lennetal-Anzeiger", "Altena", "3")
    assert (r1["author"], r1["word_count"]) == ("Sabine Hartmann", 94)
    assert r1["accession_number"] == "LENNAN0020160318ec3c00001"
    assert r1["text"].startswith("Altena. Die Stadt an der Lenne")
    assert r1["text"].endswith("Der Stadtrat will das Programm im kommenden Jahr ausweiten.")
    assert len(r1["text"].split("\n\n")) == 3
    assert r2["title"] == "Integrationsrat legt Konzept für den Essener Norden vor"
    assert (r2["date"], r2["accession_number"]) == ("24 March 2016", "RUHRTB0020160324ec3c00002")
    assert r2["text"].endswith("Der Rat soll im Mai über das Konzept entscheiden.")


def test_block_layout_and_search_summary():
    recs, report = read_all(FIX / "factiva_block.txt")
    assert report.events == []  # the trailing "Suchzusammenfassung" is no record
    assert [(r[RECORD_KEY], r[LINE_KEY]) for r in recs] == [(1, 1), (2, 21)]
    r1, r2 = recs
    assert r1["section"] == "Lokales Essen"
    assert r1["title"] == "Deutschkurs am Küchentisch im Bürgerladen Hörsterfeld"
    assert (r1["author"], r1["word_count"], r1["date"]) == ("Thomas Wendland", 86, "15 März 2016")
    assert (r1["outlet"], r1["source_code"], r1["language"]) == ("Ruhr-Tageblatt", "RUHRTB", "Deutsch")
    assert r1["copyright"] == "(c) 2016 Ruhr-Tageblatt Verlag GmbH"
    assert r1["accession_number"] == "RUHRTB0020160315ec3c00001"
    assert r1["text"].startswith("Essen-Hörsterfeld. Dienstags um zehn")
    assert r1["text"].endswith("gemeinsam mit zugezogenen Familien organisieren.")
    assert len(r1["text"].split("\n\n")) == 3
    assert r2["title"] == "Ausbildung statt Warteschleife: Tischlerei in Altena stellt zwei Geflüchtete ein"
    assert (r2["section"], r2["date"], r2["outlet"]) == ("Wirtschaft im Lennetal", "23 März 2016", "Lennetal-Anzeiger")
    assert r2["accession_number"] == "LENNAN0020160323ec3c00002"
    assert "Suchzusammenfassung" not in r2["text"]


def test_block_layout_variants(tmp_path):
    p = tmp_path / "factiva_en.txt"
    p.write_text("\n".join([
        "Sprachcafé im Ratssaal", "By Sabine Hartmann", "56 words", "2 April 2016", "10:30",
        "Lennetal-Anzeiger", "LENNAN", "English", "",
        "Altena. Das Sprachcafé trifft sich ab sofort im Ratssaal.", "",
        "Document LENNAN0020160402ec420000a", "",
        "Runder Tisch tagt", "1.024 words", "5 April 2016", "Ruhr-Tageblatt", "RUHRTB", "",
        "Essen. Vereine und Schulen sprechen über die Unterkunft.", "",
        "Document RUHRTB0020160405ec450000b", ""]), encoding="utf-8")
    recs, report = read_all(p)
    assert report.events == []
    r1, r2 = recs
    assert (r1["title"], r1["author"], r1["time"], r1["language"]) == (
        "Sprachcafé im Ratssaal", "Sabine Hartmann", "10:30", "English")
    assert "section" not in r1
    assert r1["text"] == "Altena. Das Sprachcafé trifft sich ab sofort im Ratssaal."
    assert (r2["title"], r2["word_count"], r2["outlet"], r2["source_code"]) == (
        "Runder Tisch tagt", 1024, "Ruhr-Tageblatt", "RUHRTB")
    assert r2["text"] == "Essen. Vereine und Schulen sprechen über die Unterkunft."  # no language/copyright line


def test_code_like_lines_inside_text_stay_text(tmp_path):
    p = tmp_path / "factiva_kurz.txt"
    p.write_text("\n".join([
        "HD", "Kurz notiert", "", "PD", "4 April 2016", "", "SN", "Ruhr-Tageblatt", "", "LA", "German", "",
        "TD", "IN KÜRZE", "", "CO2-Bilanz der Unterkunft wird geprüft.", "",
        "AN Altenessen wird weiter diskutiert.", "",
        "NS", "gimm : Migration", "", "AN", "Document RUHRTB0020160404ec440000c", ""]), encoding="utf-8")
    (rec,), report = read_all(p)
    assert report.events == []
    assert rec["text"] == ("IN KÜRZE\n\nCO2-Bilanz der Unterkunft wird geprüft.\n\n"
                           "AN Altenessen wird weiter diskutiert.")
    assert rec["subjects"] == "gimm : Migration"
    assert rec["accession_number"] == "RUHRTB0020160404ec440000c"


def test_page_footers_are_dropped(tmp_path):
    lines = (FIX / "factiva.txt").read_text(encoding="utf-8").splitlines()
    td = lines.index("TD")
    lines.insert(td + 2, "Page 2 of 6 © 2016 Factiva, Inc. All rights reserved.")
    p = tmp_path / "factiva_pages.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs, _ = read_all(p)
    expected = read_all(FIX / "factiva.txt")[0]
    drop = lambda rs: [{k: v for k, v in r.items() if k != LINE_KEY} for r in rs]  # noqa: E731
    assert drop(recs) == drop(expected)


def test_truncated_record_skipped_or_warned():
    recs, report = read_all(DAMAGED / "factiva_truncated.txt")
    assert [r[RECORD_KEY] for r in recs] == [1]
    assert events(report) == [("2", "skipped", "truncated record (no end marker)")]

    recs, report = read_all(DAMAGED / "factiva_truncated.txt", truncated="warn")
    assert [r[RECORD_KEY] for r in recs] == [1, 2]
    assert recs[1]["title"] == "Karnap: Sprechstunde für Neubürgerinnen und Neubürger im Bezirksamt"
    assert recs[1]["text"].startswith("Essen-Karnap. Das Bezirksamt")
    assert "accession_number" not in recs[1]
    assert [(rec, status) for rec, status, _ in events(report)] == [("2", "warning")]


def test_missing_an_before_next_headline(tmp_path):
    lines = (FIX / "factiva.txt").read_text(encoding="utf-8").splitlines()
    first_an = lines.index("AN")
    del lines[first_an:first_an + 2]  # record 1 loses its accession number
    p = tmp_path / "no_an.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs, report = read_all(p)
    assert [r[RECORD_KEY] for r in recs] == [2, 3]
    assert events(report) == [("1", "skipped", "truncated record (no end marker)")]


def test_truncated_block_layout(tmp_path):
    text = (FIX / "factiva_block.txt").read_text(encoding="utf-8")
    p = tmp_path / "block_cut.txt"
    p.write_text(text[: text.index("Unsicher bleibt")], encoding="utf-8")
    recs, report = read_all(p)
    assert [r[RECORD_KEY] for r in recs] == [1]
    assert events(report) == [("2", "skipped", "truncated record (no end marker)")]


def test_record_without_body_is_skipped():
    recs, report = read_all(DAMAGED / "factiva_nobody.txt")
    assert [r[RECORD_KEY] for r in recs] == [1, 3]
    assert events(report) == [("2", "skipped", "no body text")]
    assert len(list(factiva.read(DAMAGED / "factiva_nobody.txt"))) == 2  # report=None works


def test_empty_binary_and_foreign_files(tmp_path):
    for data in (b"", b"   \n\n"):
        p = tmp_path / "factiva_leer.txt"
        p.write_bytes(data)
        with pytest.raises(InputError) as exc:
            list(factiva.read(p))
        assert exc.value.reason == "empty file" and "factiva_leer.txt" in str(exc.value)

    junk = tmp_path / "Factiva-20160328.txt"
    junk.write_bytes(b"{\\rtf1\x00\x00\x01\x02" + bytes(range(32)) * 200)
    with pytest.raises(InputError) as exc:
        list(factiva.read(junk))
    assert "Factiva-20160328.txt" in str(exc.value)

    article = tmp_path / "artikel.txt"
    article.write_text("Runder Tisch\n\nEssen. Vereine und Schulen sprechen.\n", encoding="utf-8")
    with pytest.raises(InputError, match="Factiva text export with 0 articles recognised"):
        list(factiva.read(article))
    with pytest.raises(InputError, match="truncated="):
        list(factiva.read(FIX / "factiva.txt", truncated="no"))


@pytest.mark.parametrize("name", ["factiva.txt", "factiva_block.txt"])
@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-be"])
def test_encodings(tmp_path, name, encoding):
    text = (FIX / name).read_text(encoding="utf-8")
    data = text.replace("\n", "\r\n").encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # big-endian with byte-order mark
    p = tmp_path / name
    p.write_bytes(data)
    recs, report = read_all(p)
    assert report.events == []
    assert recs == read_all(FIX / name)[0]


def test_latin1(tmp_path):
    text = (FIX / "factiva_inline.txt").read_text(encoding="utf-8")
    text = text.replace("„", '"').replace("“", '"').replace("–", "-")
    p = tmp_path / "latin1.txt"
    p.write_bytes(text.encode("latin-1"))
    recs, _ = read_all(p)
    assert recs[0]["text"].startswith("Altena. Die Stadt an der Lenne hat mehr Geflüchtete aufgenommen")
    assert recs[0]["descriptors"] == "Flüchtlinge"


def test_sniff(tmp_path):
    for name in ("factiva.txt", "factiva_inline.txt", "factiva_block.txt"):
        head = read_head(FIX / name)
        assert factiva.sniff(FIX / name, head), name
        assert not nexis.sniff(FIX / name, head) and not genios.sniff(FIX / name, head), name
    for name in ("nexis_de.txt", "nexis_en.txt", "nexis_uni_de.txt", "genios.txt", "genios_header.txt",
                 "nexis.docx"):
        assert not factiva.sniff(FIX / name, read_head(FIX / name)), name
    article = tmp_path / "artikel.txt"
    article.write_text("IN KÜRZE\n\nAN der Karnaper Straße wird gebaut.\n\nHD-Kamera im Rathaus.\n\n"
                       "Dokument 12 ist online.\n", encoding="utf-8")
    assert not factiva.sniff(article, read_head(article))


def test_streams_large_export(tmp_path):
    one = (FIX / "factiva.txt").read_text(encoding="utf-8")
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(one * 300, encoding="utf-8")
    big.write_text(one * 900, encoding="utf-8")
    peaks = []
    for path, expected in ((small, 900), (big, 2700)):
        tracemalloc.start()
        n = sum(1 for _ in factiva.read(path))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert n == expected
    assert peaks[1] < 1.2 * peaks[0] + 100_000, peaks


def test_folder_of_mixed_exports_is_detected(tmp_path):
    """``framing.read(folder)`` picks the right reader for each .txt by content."""
    try:
        from framing.corpus.ingest import ingest
    except ImportError as exc:  # pragma: no cover - ingest is built in parallel
        pytest.skip(f"ingest not available: {exc}")
    names = ["nexis_de.txt", "nexis.docx", "genios.txt", "factiva.txt", "factiva_block.txt"]
    for name in names:
        shutil.copy(FIX / name, tmp_path / name)
    (tmp_path / "artikel.txt").write_text("Bürgerladen Hörsterfeld\n\nEssen. Im Bürgerladen wird "
                                          "dienstags Deutsch geübt.\n", encoding="utf-8")
    try:
        corpus = ingest(tmp_path, clean=False, places=False, dedup=False, progress=False)
    except ImportError as exc:  # pragma: no cover - another reader module is not there yet
        pytest.skip(f"reader registry incomplete: {exc}")
    formats = {Path(f).name: fmt for f, fmt in corpus.report.files.items()}
    assert {n: formats[n] for n in names} == {
        "nexis_de.txt": "nexis", "nexis.docx": "nexis", "genios.txt": "genios",
        "factiva.txt": "factiva", "factiva_block.txt": "factiva"}
    assert formats["artikel.txt"] not in ("nexis", "genios", "factiva")
    docs = corpus.docs
    press = docs[docs["source"].str.contains("nexis|genios|factiva")]
    assert len(press) == 3 + 3 + 3 + 3 + 2
    assert press["date"].notna().all()  # every raw press date parses
    assert corpus.report.count("skipped") == 0
    assert corpus.report.count("warning") == 0
