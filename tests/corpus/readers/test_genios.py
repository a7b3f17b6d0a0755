"""GENIOS/WISO reader: footer and header layouts, Quelle parsing, bad input."""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from framing.corpus.readers import factiva, genios, nexis
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY, read_head
from framing.corpus.report import IngestReport
from framing.errors import InputError

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "press"
DAMAGED = FIX / "damaged"
RULE = "_" * 80


def read_all(path: Path, **options) -> tuple[list[dict], IngestReport]:
    report = IngestReport()
    return list(genios.read(path, report=report, **options)), report


def events(report: IngestReport) -> list[tuple[str, str, str]]:
    return [(e.record if e.record is None else str(e.record), e.status, e.detail) for e in report.events]


def test_footer_layout_every_record():
    recs, report = read_all(FIX / "genios.txt")
    assert report.events == []
    assert [(r[RECORD_KEY], r[LINE_KEY]) for r in recs] == [(1, 3), (2, 32), (3, 59)]
    r1, r2, r3 = recs

    assert r1["title"] == "Altena sieht im Zuzug eine Chance gegen den Leerstand"
    assert r1["date"] == "18.03.2016"
    assert r1["outlet"] == "Lennetal-Anzeiger"
    assert r1["page"] == "3"
    assert r1["section"] == "Altena"
    assert r1["rubric"] == "Stadtgespräch"
    assert r1["edition"] == "Altena"
    assert r1["author"] == "Sabine Hartmann"
    assert r1["word_count"] == 94
    assert r1["document_number"] == "LENNAN_20160318_0003_0001"
    assert r1["url"] == "https://www.wiso-net.de/document/LENNAN_20160318_0003_0001"
    assert r1["copyright"] == "(c) Lennetal-Anzeiger Verlag"
    assert r1["source_line"] == "Lennetal-Anzeiger vom 18.03.2016, S. 3"
    assert r1["text"].startswith("Altena. Die Stadt an der Lenne hat mehr Geflüchtete aufgenommen, als ihr "
                                 "zugewiesen wurden\n– und will das als Chance nutzen.")
    assert r1["text"].endswith("Der Stadtrat will das Programm im kommenden Jahr\nausweiten.")
    assert len(r1["text"].split("\n\n")) == 3

    assert r2["title"] == "Ausbildung statt Warteschleife: Tischlerei in Altena stellt zwei Geflüchtete ein"
    assert (r2["date"], r2["outlet"], r2["page"]) == ("23.03.2016", "Lennetal-Anzeiger", "7")
    assert r2["section"] == "Wirtschaft im Lennetal"
    assert r2["author"] == "Kerstin Albers"
    assert r2["word_count"] == 64
    assert r2["document_number"] == "LENNAN_20160323_0007_0002"
    assert r2["text"].startswith("Altena. Eine Tischlerei im Ortsteil Rahmede")
    assert r2["text"].endswith("weitere freie Lehrstellen in\nder Region.")

    assert r3["title"] == "Deutschkurs am Küchentisch im Bürgerladen Hörsterfeld"
    assert (r3["date"], r3["outlet"], r3["page"]) == ("15.03.2016", "Ruhr-Tageblatt", "17")
    assert (r3["section"], r3["edition"], r3["author"]) == ("Lokales Essen", "Essen-Ost", "Thomas Wendland")
    assert r3["copyright"] == "(c) Ruhr-Tageblatt Verlag GmbH"
    assert r3["text"].startswith("Essen-Hörsterfeld. Dienstags um zehn")
    assert r3["text"].endswith("gemeinsam mit zugezogenen Familien\norganisieren.")

    for r in recs:
        for marker in ("Quelle:", "Dokumentnummer", "GBI-Genios", "Dauerhafte Adresse", "____"):
            assert marker not in r["text"]


def test_header_layout_every_record():
    recs, report = read_all(FIX / "genios_header.txt")
    assert report.events == []
    assert [(r[RECORD_KEY], r[LINE_KEY]) for r in recs] == [(1, 2), (2, 28)]
    r1, r2 = recs
    assert r1["title"] == "Neue Unterkunft in Altenessen: Anwohner fordern gerechte Verteilung"
    assert (r1["date"], r1["outlet"], r1["edition"]) == ("12.03.2016", "Ruhr-Tageblatt", "Essen-Nord")
    assert (r1["section"], r1["author"], r1["page"], r1["word_count"]) == ("Lokales Essen", "Miriam Kolbe", "15", 118)
    assert r1["document_id"] == "RUHRTB-20160312-0001"
    assert "url" not in r1
    assert r1["text"].startswith("Essen. Die Stadt will im Sommer")
    assert r1["text"].endswith("soll im April erstmals tagen.")
    assert len(r1["text"].split("\n\n")) == 3
    assert r2["title"] == "Integrationsrat legt Konzept für den Essener Norden vor"
    assert (r2["date"], r2["page"], r2["document_id"]) == ("24.03.2016", "13", "RUHRTB-20160324-0002")
    assert r2["text"].endswith("Der Rat soll im Mai über das Konzept entscheiden.")


def test_quelle_variants_title_field_and_cover(tmp_path):
    p = tmp_path / "wiso.txt"
    p.write_text("\n".join([
        "WISO Presse - Export", "Dokumente (2)", "", RULE, "",
        "Titel: Sprachcafé zieht ins Rathaus",
        "Untertitel: Altena öffnet den Ratssaal für Begegnungen",
        "",
        "Altena. Das Sprachcafé trifft sich ab sofort im Ratssaal.",
        "",
        "Quelle: Stadt Altena, Pressestelle",  # a quoted source inside the text stays text
        "",
        "Die Stadt stellt Kaffee und Kuchen.",
        "",
        "Quelle: Sauerland-Bote, Ausgabe Altena, 02.04.2016, Seite 13",
        "Dokumentnummer: SB-0001",
        RULE, "",
        "Runder Tisch tagt im April", "",
        "Essen. Vereine und Schulen sprechen über die Unterkunft.", "",
        "Quelle: Ruhr-Tageblatt v. 05.04.2016",
        "Autor: Von Miriam Kolbe",
        "Dokumentnummer: RT-0002",
        RULE, ""]), encoding="utf-8")
    recs, report = read_all(p)
    assert report.events == []
    assert [r[RECORD_KEY] for r in recs] == [1, 2]  # the cover before the first rule is no record
    r1, r2 = recs
    assert r1["title"] == "Sprachcafé zieht ins Rathaus"
    assert r1["subtitle"] == "Altena öffnet den Ratssaal für Begegnungen"
    assert (r1["outlet"], r1["edition"], r1["date"], r1["page"]) == ("Sauerland-Bote", "Altena", "02.04.2016", "13")
    assert r1["text"] == ("Altena. Das Sprachcafé trifft sich ab sofort im Ratssaal.\n\n"
                          "Quelle: Stadt Altena, Pressestelle\n\nDie Stadt stellt Kaffee und Kuchen.")
    assert (r2["title"], r2["outlet"], r2["date"], r2["author"]) == (
        "Runder Tisch tagt im April", "Ruhr-Tageblatt", "05.04.2016", "Miriam Kolbe")
    assert r2["text"] == "Essen. Vereine und Schulen sprechen über die Unterkunft."


def test_header_block_directly_followed_by_headline(tmp_path):
    p = tmp_path / "dicht.txt"
    p.write_text("\n".join([
        RULE, "Quelle: Ruhr-Tageblatt", "Datum: 12.03.2016", "Dokument-ID: RT-1",
        "Runder Tisch tagt im April", "",
        "Essen. Vereine und Schulen sprechen über die Unterkunft.", RULE, ""]), encoding="utf-8")
    (rec,), report = read_all(p)
    assert report.events == []
    assert (rec["document_id"], rec["title"]) == ("RT-1", "Runder Tisch tagt im April")
    assert rec["text"] == "Essen. Vereine und Schulen sprechen über die Unterkunft."


def test_record_without_metadata_is_skipped(tmp_path):
    good = (FIX / "genios.txt").read_text(encoding="utf-8")
    p = tmp_path / "mixed.txt"
    p.write_text(good + RULE + "\n\nNur Text ohne Quelle\n\nEin Absatz ohne Felder.\n" + RULE + "\n", encoding="utf-8")
    recs, report = read_all(p)
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3]
    assert events(report) == [("4", "skipped", genios.NO_METADATA_REASON)]


def test_truncated_last_record():
    recs, report = read_all(DAMAGED / "genios_truncated.txt")
    assert [r["title"] for r in recs] == [
        "Altena sieht im Zuzug eine Chance gegen den Leerstand",
        "Ausbildung statt Warteschleife: Tischlerei in Altena stellt zwei Geflüchtete ein"]
    assert events(report) == [("3", "skipped", "truncated record (no end marker)")]


def test_truncated_last_record_without_metadata_read_on_request():
    recs, report = read_all(DAMAGED / "genios_truncated.txt", truncated="warn")
    # the cut record has no metadata at all (they come after the text), so it still cannot be used
    assert len(recs) == 2
    assert [(rec, status) for rec, status, _ in events(report)] == [("3", "warning"), ("3", "skipped")]


def test_truncated_header_layout_read_with_warning(tmp_path):
    text = (FIX / "genios_header.txt").read_text(encoding="utf-8")
    p = tmp_path / "cut.txt"
    p.write_text(text[: text.rindex("Kritik kam")], encoding="utf-8")  # no closing rule
    recs, report = read_all(p)
    assert len(recs) == 1 and events(report) == [("2", "skipped", "truncated record (no end marker)")]
    recs, report = read_all(p, truncated="warn")
    assert recs[1]["title"] == "Integrationsrat legt Konzept für den Essener Norden vor"
    assert recs[1]["text"].startswith("Essen. Der Integrationsrat")
    assert report.events[0].status == "warning"


def test_record_without_body_is_skipped():
    recs, report = read_all(DAMAGED / "genios_nobody.txt")
    assert [r[RECORD_KEY] for r in recs] == [1, 3]
    assert events(report) == [("2", "skipped", "no body text")]
    assert len(list(genios.read(DAMAGED / "genios_nobody.txt"))) == 2  # report=None works


def test_empty_binary_and_foreign_files(tmp_path):
    empty = tmp_path / "genios_leer.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as exc:
        list(genios.read(empty))
    assert exc.value.reason == "empty file" and "genios_leer.txt" in str(exc.value)

    junk = tmp_path / "genios_kaputt.txt"
    junk.write_bytes(b"\x00\x01\x02\xff\xfe" * 500)
    with pytest.raises(InputError) as exc:
        list(genios.read(junk))
    assert "genios_kaputt.txt" in str(exc.value)

    article = tmp_path / "artikel.txt"
    article.write_text("Überschrift\n\nEin ganz normaler Artikel ohne Felder.\n", encoding="utf-8")
    with pytest.raises(InputError, match="GENIOS text export with 0 documents recognised"):
        list(genios.read(article))


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_encodings(tmp_path, encoding):
    text = (FIX / "genios.txt").read_text(encoding="utf-8")
    p = tmp_path / f"genios_{encoding}.txt"
    p.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    recs, report = read_all(p)
    assert report.events == []
    assert recs == read_all(FIX / "genios.txt")[0]


def test_latin1(tmp_path):
    text = (FIX / "genios_header.txt").read_text(encoding="utf-8")
    text = text.replace("„", '"').replace("“", '"').replace("–", "-")
    p = tmp_path / "latin1.txt"
    p.write_bytes(text.encode("latin-1"))
    recs, _ = read_all(p)
    assert recs[0]["text"].startswith("Essen. Die Stadt will im Sommer eine weitere Unterkunft für Geflüchtete")


def test_sniff(tmp_path):
    for name in ("genios.txt", "genios_header.txt"):
        head = read_head(FIX / name)
        assert genios.sniff(FIX / name, head)
        assert not nexis.sniff(FIX / name, head)
        assert not factiva.sniff(FIX / name, head)
    for name in ("nexis_de.txt", "nexis_en.txt", "nexis_uni_de.txt", "factiva.txt", "factiva_block.txt",
                 "factiva_inline.txt", "nexis.docx"):
        assert not genios.sniff(FIX / name, read_head(FIX / name)), name
    article = tmp_path / "artikel.txt"
    article.write_text("Bürgerladen Hörsterfeld\n\nDatum: 12.03.2016\n\nEssen. Ein Artikel.\n\n"
                       "Quelle: Stadt Essen\n", encoding="utf-8")
    assert not genios.sniff(article, read_head(article))
    nexis_with_quelle = tmp_path / "nexis_quelle.txt"
    nexis_with_quelle.write_text("Quelle: Ruhr-Tageblatt\n\n" + (FIX / "nexis_uni_de.txt").read_text(encoding="utf-8"),
                                 encoding="utf-8")
    assert not genios.sniff(nexis_with_quelle, read_head(nexis_with_quelle))


def test_streams_large_export(tmp_path):
    one = (FIX / "genios.txt").read_text(encoding="utf-8")
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(one * 350, encoding="utf-8")
    big.write_text(one * 1050, encoding="utf-8")
    peaks = []
    for path, expected in ((small, 1050), (big, 3150)):
        tracemalloc.start()
        n = sum(1 for _ in genios.read(path))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert n == expected
    assert peaks[1] < 1.2 * peaks[0] + 100_000, peaks
