"""Tests for the CSV/TSV/JSON Lines/Parquet reader (framing.corpus.readers.tabular)."""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framing.corpus.readers import tabular
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY, read_head
from framing.corpus.report import IngestReport
from framing.errors import InputError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tabular"


def _read(path: Path, **options) -> tuple[list[dict], IngestReport]:
    report = IngestReport()
    return list(tabular.read(path, report=report, **options)), report


# -- fixtures with hand-checked fields --------------------------------------------------------

def test_german_csv_fixture_fields() -> None:
    recs, report = _read(FIXTURES / "artikel.csv")
    assert [r["doc_id"] for r in recs] == ["waz-001", "sk-002", "waz-004"]
    first = recs[0]
    assert first["title"] == "Bürgerladen sucht Helfer"
    assert first["date"] == "12.03.2016"  # raw: ingest parses dates
    assert first["outlet"] == "Essener Lokalbote"
    assert first["place"] == "Essen-Hörsterfeld"
    assert first["section"] == "Essen-Ost"
    assert first["author"] == "Miriam Kowalczyk"
    assert first["genre"] == "Bericht"
    assert first["text"] == ("Der Bürgerladen im Hörsterfeld sucht Ehrenamtliche für die "
                             "Hausaufgabenhilfe.\nWer Zeit hat, kann dienstags vorbeikommen; "
                             "Kaffee gibt es auch.")
    assert (first[RECORD_KEY], first[LINE_KEY]) == (1, 2)
    # the multi-line field moves the next row's physical line
    assert (recs[1][RECORD_KEY], recs[1][LINE_KEY]) == (2, 4)
    assert 'Der "demografische Wandel" sei' in recs[1]["text"]
    assert recs[1]["author"] == "Jonas Hesselbach"
    # empty text is skipped with a reason; unparseable dates are passed through raw
    assert report.skipped[["record", "detail"]].values.tolist() == [["3", "empty text"]]
    assert recs[2]["date"] == "irgendwann im Juni"
    assert recs[2]["author"] is None  # empty cell


def test_jsonl_fixture_bad_lines_are_skipped_with_line_numbers() -> None:
    recs, report = _read(FIXTURES / "artikel.jsonl")
    assert [r["doc_id"] for r in recs] == ["j1", "j5"]
    j1 = recs[0]
    assert j1["title"] == "Neue Kita in Karnap"
    assert j1["date"] == "2016-08-01T09:00:00+02:00"
    assert j1["meta_ort"] == "Essen-Karnap" and j1["meta_paywall"] is False
    assert j1["tags"] == ["Kita", "Karnap"]
    assert (j1[RECORD_KEY], j1[LINE_KEY]) == (1, 1)
    assert recs[1][RECORD_KEY] == 6 and recs[1]["date"] == "kein Datum"
    skipped = report.skipped
    assert skipped["record"].tolist() == ["3", "4", "5"]
    assert skipped["detail"][0] == "invalid JSON: Expecting ',' delimiter (line 3, column 113)"
    assert skipped["detail"][1] == "empty text"
    assert skipped["detail"][2].startswith("not a JSON object")


def test_jsonl_nested_field_can_be_named() -> None:
    recs, _ = _read(FIXTURES / "artikel.jsonl", place_col="meta_ort")
    assert [r["place"] for r in recs] == ["Essen-Karnap", "Essen-Hörsterfeld"]


def test_json_array_with_german_keys() -> None:
    recs, _ = _read(FIXTURES / "artikel_liste.json")
    assert len(recs) == 2
    assert recs[0]["title"] == "Integrationsrat tagt"
    assert recs[0]["date"] == "2016-09-14"
    assert recs[0]["outlet"] == "Essener Lokalbote"  # "Quelle"
    assert recs[1]["text"].startswith("Der Verein sucht Paten")
    assert recs[1][RECORD_KEY] == 2 and LINE_KEY not in recs[1]


def test_json_with_several_objects_is_read_as_lines(tmp_path: Path) -> None:
    p = tmp_path / "export.json"
    p.write_text('{"text": "eins"}\n{"text": "zwei"}\n', encoding="utf-8")
    assert [r["text"] for r in tabular.read(p)] == ["eins", "zwei"]


# -- encodings and delimiters -----------------------------------------------------------------

def test_cp1252_semicolon_csv_with_umlauts(tmp_path: Path) -> None:
    p = tmp_path / "export.csv"
    p.write_bytes("Titel;Text;Ort\nÜberforderung?;Die Stadtteile im Norden fühlen sich "
                  "überfordert, heißt es.;Essen\nGrüße;Schöne Grüße aus Altena;Altena\n"
                  .encode("cp1252"))
    recs, _ = _read(p)
    assert [r["title"] for r in recs] == ["Überforderung?", "Grüße"]
    assert recs[0]["text"] == "Die Stadtteile im Norden fühlen sich überfordert, heißt es."
    assert recs[1]["place"] == "Altena"


def test_utf16_bom_tsv(tmp_path: Path) -> None:
    p = tmp_path / "export.tsv"
    p.write_text("id\tüberschrift\ttext\tpubDate\n"
                 "a1\tNeubürger\tDie neuen Essener, sagt sie.\t2016-01-02\n", encoding="utf-16")
    assert p.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    recs, _ = _read(p)
    assert recs == [{"doc_id": "a1", "title": "Neubürger", "text": "Die neuen Essener, sagt sie.",
                     "date": "2016-01-02", RECORD_KEY: 1, LINE_KEY: 2}]
    assert tabular.sniff(p, read_head(p)) == "tsv"


def test_utf8_bom_does_not_end_up_in_the_first_column_name(tmp_path: Path) -> None:
    p = tmp_path / "excel.csv"
    p.write_bytes(b"\xef\xbb\xbfid,text\n1,Hallo\n")
    assert next(iter(tabular.read(p)))["doc_id"] == "1"


@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path: Path, delim: str) -> None:
    p = tmp_path / "t.csv"
    p.write_text(f'id{delim}text{delim}ort\n1{delim}"Satz, mit; allem| drin"{delim}Altena\n',
                 encoding="utf-8")
    recs, _ = _read(p)
    assert recs[0]["text"] == "Satz, mit; allem| drin" and recs[0]["place"] == "Altena"


def test_forced_delimiter_and_encoding(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_bytes("text|titel\nä, ö|ü\n".encode("latin-1"))
    recs, _ = _read(p, delimiter="|", encoding="latin-1")
    assert recs[0]["text"] == "ä, ö" and recs[0]["title"] == "ü"


# -- column mapping -----------------------------------------------------------------------------

def test_explicit_columns_and_extras_in_snake_case(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text("Beitrag Nr,Wortlaut,Sprecher,Fraktion,Sitzung Datum,source,Text\n"
                 "7,Rede im Rat,Frau A,SPD,2016-02-01,Protokoll S. 4,Notiz\n", encoding="utf-8")
    recs, _ = _read(p, text_col="Wortlaut", id_col="Beitrag Nr", date_col="sitzung_datum")
    rec = recs[0]
    assert rec["text"] == "Rede im Rat" and rec["doc_id"] == "7" and rec["date"] == "2016-02-01"
    assert rec["speaker"] == "Frau A"  # "Sprecher" is a recognised speaker name
    assert rec["fraktion"] == "SPD"
    assert rec["outlet"] == "Protokoll S. 4"  # "source" is the outlet when nothing better exists
    assert rec["orig_text"] == "Notiz"  # a second text column is kept, renamed


def test_snake_case() -> None:
    assert tabular.snake_case("Überschrift") == "ueberschrift"
    assert tabular.snake_case("pubDate") == "pub_date"
    assert tabular.snake_case(" Published At ") == "published_at"
    assert tabular.snake_case("ArticleID") == "article_id"
    assert tabular.snake_case("Straße/Hausnr.") == "strasse_hausnr"


def test_missing_text_column_lists_columns(tmp_path: Path) -> None:
    p = tmp_path / "no_text.csv"
    p.write_text("id;titel;datum\n1;A;2016\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        list(tabular.read(p))
    msg = str(exc.value)
    assert str(p) in msg and "no text column" in msg and "['id', 'titel', 'datum']" in msg
    with pytest.raises(InputError) as exc:
        list(tabular.read(p, text_col="body"))
    assert "'body'" in str(exc.value) and "['id', 'titel', 'datum']" in str(exc.value)


def test_jsonl_without_text_field_raises(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text('{"id": 1, "titel": "A"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.jsonl, line 1: no text column found"):
        list(tabular.read(p))


# -- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["empty.csv", "empty.tsv", "empty.jsonl", "empty.parquet"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_bytes(b"")
    with pytest.raises(InputError, match="empty file") as exc:
        list(tabular.read(p))
    assert str(p) in str(exc.value)


def test_whitespace_only_csv_is_empty(tmp_path: Path) -> None:
    p = tmp_path / "blank.csv"
    p.write_text("\n \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        list(tabular.read(p))


def test_binary_junk_with_csv_suffix(tmp_path: Path) -> None:
    p = tmp_path / "junk.csv"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError) as exc:
        list(tabular.read(p))
    assert str(p) in str(exc.value) and "binary" in str(exc.value)


def test_utf8_valid_binary_junk_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "nul.csv"
    p.write_bytes(b"text\x00\x01\x02\n" * 200)
    with pytest.raises(InputError, match="binary"):
        list(tabular.read(p))


def test_truncated_csv_reads_complete_rows(tmp_path: Path) -> None:
    p = tmp_path / "cut.csv"
    p.write_text('id,text\n1,"Erster Artikel,\nzwei Zeilen"\n2,Zweiter Artikel\n'
                 '3,"Dritter Artikel, abgeschnit', encoding="utf-8")
    recs, report = _read(p)
    assert [r["doc_id"] for r in recs] == ["1", "2"]
    (row,) = report.skipped.itertuples()
    assert row.record == "3"
    assert row.detail.startswith("truncated row") and "line 5" in row.detail


def test_csv_without_final_newline_is_not_truncated(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text('id,text\n1,"quoted"\n2,plain', encoding="utf-8")
    recs, report = _read(p)
    assert [r["text"] for r in recs] == ["quoted", "plain"] and report.n_skipped == 0


def test_rows_with_wrong_field_counts(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text("id,text,ort\n1,eins,Essen\n2,zwei,Essen,Extra\n3,drei\n4,vier,Altena,,\n",
                 encoding="utf-8")
    recs, report = _read(p)
    assert [r["doc_id"] for r in recs] == ["1", "3", "4"]
    assert recs[1]["place"] is None
    assert report.skipped["detail"].tolist() == [
        "row has 4 fields, header has 3 (line 3); unquoted delimiter in a field?"]
    warnings = report.to_frame().query("status == 'warning'")
    assert warnings["record"].tolist() == ["3"] and "2 of 3 fields" in warnings["detail"].iloc[0]


def test_legacy_line_after_the_sniffed_sample_is_repaired_and_names_the_line(tmp_path: Path) -> None:
    # was: an InputError for the whole file (and the ~80 rows decoded with it vanished);
    # now the one cp1252 line is decoded on its own and reported with its record and line
    p = tmp_path / "mixed.csv"
    rows = "".join(f"{i},Zeile {i} mit genug Text für die Stichprobe\n" for i in range(40_000))
    p.write_bytes(b"id,text\n" + rows.encode("utf-8") + "99,Grüße\n".encode("cp1252"))
    recs, report = _read(p)
    assert len(recs) == 40_001 and report.n_skipped == 0
    assert recs[-1]["text"] == "Grüße" and recs[-2]["text"].endswith("für die Stichprobe")
    (event,) = report.iter_events("repaired")
    assert (event.record, event.detail) == (40_001, "encoding")
    assert "line 40002" in event.note and "cp1252" in event.note


def test_bad_json_array_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.json"
    p.write_text('[\n {"text": "a"},\n {"text": "b"\n]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json, line 4: invalid JSON"):
        list(tabular.read(p))


# -- Parquet --------------------------------------------------------------------------------------

def test_parquet_streams_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "PARQUET_BATCH_ROWS", 7)
    n = 30
    table = pa.table({
        "article_id": [f"p{i}" for i in range(n)],
        "Inhalt": ["" if i == 4 else f"Text Nummer {i} über Altena" for i in range(n)],
        "Datum": pa.array([None] * n, pa.string()),
        "wörter": list(range(n)),
    })
    p = tmp_path / "t.parquet"
    pq.write_table(table, p, row_group_size=10)
    recs, report = _read(p)
    assert len(recs) == n - 1
    assert recs[0] == {"doc_id": "p0", "text": "Text Nummer 0 über Altena", "date": None,
                       "woerter": 0, RECORD_KEY: 1}
    assert recs[-1][RECORD_KEY] == n
    assert report.skipped[["record", "detail"]].values.tolist() == [["5", "empty text"]]
    assert tabular.sniff(p, read_head(p)) == "parquet"


def test_corrupt_parquet(tmp_path: Path) -> None:
    p = tmp_path / "bad.parquet"
    p.write_bytes(b"PAR1" + b"kaputt" * 100)
    with pytest.raises(InputError, match="not a readable Parquet file") as exc:
        list(tabular.read(p))
    assert str(p) in str(exc.value)


# -- sniffing ---------------------------------------------------------------------------------------

def test_sniff(tmp_path: Path) -> None:
    csv_ = tmp_path / "a.csv"
    csv_.write_text("text\nx\n", encoding="utf-8")
    html_csv = tmp_path / "b.csv"
    html_csv.write_text("<!DOCTYPE html><html></html>", encoding="utf-8")
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text("kein json\n", encoding="utf-8")
    empty = tmp_path / "d.csv"
    empty.write_bytes(b"")
    fake_parquet = tmp_path / "e.parquet"
    fake_parquet.write_text("text\n", encoding="utf-8")
    assert tabular.sniff(csv_, read_head(csv_)) == "csv"
    assert tabular.sniff(html_csv, read_head(html_csv)) is False
    assert tabular.sniff(jsonl, read_head(jsonl)) is False
    assert tabular.sniff(empty, "") == "csv"  # the reader then says "empty file"
    assert tabular.sniff(fake_parquet, "text\n") is False
    assert tabular.sniff(tmp_path / "missing.parquet", "") is False


def test_format_option_overrides_suffix(tmp_path: Path) -> None:
    p = tmp_path / "export.dat"
    p.write_text('{"text": "eins"}\n', encoding="utf-8")
    assert [r["text"] for r in tabular.read(p, format="jsonl")] == ["eins"]
    with pytest.raises(InputError, match="format="):
        tabular.read(p)


# -- size and memory --------------------------------------------------------------------------------

def test_50000_row_csv_streams_in_bounded_memory(tmp_path: Path) -> None:
    p = tmp_path / "big.csv"
    para = ("Im Bürgerladen treffen sich Nachbarn; \"Begegnung\" ist hier Alltag, sagt sie. " * 4)
    with open(p, "w", encoding="utf-8", newline="") as fh:
        fh.write("id;datum;ort;text\n")
        for i in range(50_000):
            body = para.replace('"', '""')
            fh.write(f'{i};2016-03-{i % 28 + 1:02d};Essen;"{body}\nAbsatz {i}."\n')
    size = p.stat().st_size
    tracemalloc.start()
    try:
        n = 0
        last_line = 0
        for rec in tabular.read(p):
            n += 1
            last_line = rec[LINE_KEY]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 50_000
    assert last_line == 2 + 2 * 49_999  # every row spans two physical lines
    print(f"\n50,000-row CSV: {size / 2**20:.1f} MiB, peak traced memory {peak / 2**20:.2f} MiB")
    # streaming: far below the file size (the fixed part is the 1 MB encoding-sniffing sample)
    assert peak < size / 4


def test_windows_line_ends_inside_fields_become_newlines(tmp_path: Path) -> None:
    p = tmp_path / "crlf.csv"
    p.write_bytes(b'id,text\r\n1,"eins\r\nzwei"\r\n2,drei\r\n')
    recs, _ = _read(p)
    assert [(r["text"], r[LINE_KEY]) for r in recs] == [("eins\nzwei", 2), ("drei", 4)]
