"""Tables without header rows, mixed encodings and a battery of bad input (issue 11).

Each case is generated in ``tmp_path`` and has one expected outcome: read, repaired-and-reported
(the record named), or a clear error naming the file and the record/line.
"""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import framing
from framing.corpus.readers import tabular
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY
from framing.corpus.report import IngestReport
from framing.errors import InputError

# a 10kGNAD-like file: no header, ';'-separated, quote character "'", prose full of commas;
# fields that contain ';' are quoted with "'", the others are not
GNAD_ROWS = [
    ("Inland", "Die Stadt, so der Bürgermeister, will mehr Wohnungen bauen. Wien – Für Geflüchtete, "
               "Studierende und Familien fehlt Platz, sagt er; die Opposition widerspricht."),
    ("Sport", "Der Klub gewinnt 2:1, die Fans feiern, der Trainer bleibt gelassen, und das zu Recht."),
    ("Web", "Ein \"Online-Werkzeug\" hilft, Verträge zu prüfen; es ist kostenlos, heißt es."),
    ("Wirtschaft", "Die Gewerkschaft findet, dass All-in-Verträge, Überstunden und Prämien "
                   "transparenter werden müssen, und kündigt Gespräche an."),
    ("Kultur", "Das Festival, das seit 1990 läuft, zeigt Filme aus Syrien, dem Irak und Österreich."),
]


def _gnad_file(path: Path) -> Path:
    lines = []
    for label, text in GNAD_ROWS:
        field = "'" + text.replace("'", "''") + "'" if ";" in text else text
        lines.append(f"{label};{field}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _read(path: Path, **options) -> tuple[list[dict], IngestReport]:
    report = IngestReport()
    return list(tabular.read(path, report=report, **options)), report


def _repairs(report: IngestReport) -> list[tuple[object, str, str]]:
    return [(e.record, e.detail, e.note) for e in report.iter_events("repaired")]


# -- item 1: tables without a header row ------------------------------------------------------

def test_headerless_semicolon_file_with_apostrophe_quotes(tmp_path: Path) -> None:
    p = _gnad_file(tmp_path / "articles.csv")
    assert tabular.sniff_dialect(p.read_text(encoding="utf-8"), complete=True) == (";", "'")
    recs, report = _read(p, header=None)
    assert [r["column_0"] for r in recs] == [label for label, _ in GNAD_ROWS]
    assert [r["text"] for r in recs] == [text for _, text in GNAD_ROWS]
    assert [r[RECORD_KEY] for r in recs] == [1, 2, 3, 4, 5] and recs[0][LINE_KEY] == 1
    assert report.events == []


def test_headerless_text_col_by_position_and_names(tmp_path: Path) -> None:
    p = _gnad_file(tmp_path / "articles.csv")
    by_pos, _ = _read(p, header=None, text_col=1)
    by_digit, _ = _read(p, header=None, text_col="1")
    named, _ = _read(p, header=None, names=["label", "text"])
    assert [r["text"] for r in by_pos] == [r["text"] for r in by_digit] == [t for _, t in GNAD_ROWS]
    assert named[2] == {"label": "Web", "text": GNAD_ROWS[2][1], RECORD_KEY: 3, LINE_KEY: 3}
    ressort, _ = _read(p, header=None, names=["ressort", "inhalt"])
    assert ressort[0]["section"] == "Inland" and ressort[0]["text"] == GNAD_ROWS[0][1]


def test_without_header_none_the_error_is_short_and_suggests_it(tmp_path: Path) -> None:
    p = _gnad_file(tmp_path / "articles.csv")
    with pytest.raises(InputError) as exc:
        list(tabular.read(p))
    msg = str(exc.value)
    assert str(p) in msg and "no text column found" in msg and "header=None" in msg
    assert "--option header=None" in msg and "--option text_col=" in msg   # what a command-line user types
    assert len(msg) < 400 + len(str(p))  # not a whole article
    assert "['Inland', 'Die Stadt, so der Bürgermeister, will m…']" in msg


def test_headerless_without_a_prose_column_says_so(tmp_path: Path) -> None:
    p = tmp_path / "codes.csv"
    p.write_text("1;2016;A\n2;2017;B\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"codes\.csv: header=None: no column reads like text"):
        list(tabular.read(p, header=None))


def test_header_row_further_down_and_names_replacing_the_header(tmp_path: Path) -> None:
    p = tmp_path / "export.csv"
    p.write_text("Export der Lokalredaktion\nid;Inhalt\n1;Ein Satz, mit Komma.\n", encoding="utf-8")
    recs, _ = _read(p, header=1)
    assert recs[0]["doc_id"] == "1" and recs[0]["text"] == "Ein Satz, mit Komma."
    q = tmp_path / "renamed.csv"
    q.write_text("a;b\n7;Noch ein Satz.\n", encoding="utf-8")
    recs, _ = _read(q, names=["id", "text"])
    assert recs == [{"doc_id": "7", "text": "Noch ein Satz.", RECORD_KEY: 1, LINE_KEY: 2}]


def test_header_option_is_checked(tmp_path: Path) -> None:
    p = _gnad_file(tmp_path / "a.csv")
    with pytest.raises(InputError, match="header="):
        list(tabular.read(p, header="erste"))
    # the command line passes strings: --option header=None --option names=label,text
    assert len(list(tabular.read(p, header="None"))) == 5
    assert next(iter(tabular.read(p, header="None", names="label,text")))["label"] == "Inland"
    j = tmp_path / "a.jsonl"
    j.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="CSV/TSV"):
        tabular.read(j, header=None)


def test_framing_read_headerless(tmp_path: Path) -> None:
    p = _gnad_file(tmp_path / "articles.csv")
    corpus = framing.read(p, header=None, progress=False, places=False, dedup=False)
    assert len(corpus) == 5 and corpus.report.n_records == 5
    assert corpus.docs["column_0"].tolist() == [label for label, _ in GNAD_ROWS]


def test_real_gnad_file(shared_data: Path) -> None:
    path = shared_data / "gnad-dev" / "articles.csv"
    recs, report = _read(path, header=None)
    assert len(recs) == 514 and report.n_skipped == 0
    labels = {r["column_0"] for r in recs}
    assert labels == {"Etat", "Inland", "International", "Kultur", "Panorama", "Sport", "Web",
                      "Wirtschaft", "Wissenschaft"}
    assert not any("Ã" in r["text"] for r in recs)
    assert sum("ü" in r["text"] for r in recs) > 400
    assert not any(r["text"].startswith("'") or r["text"].endswith("'") for r in recs)


# -- item 2: mixed encodings in one file -----------------------------------------------------------

def test_small_mixed_file_is_not_decoded_wholesale_as_a_legacy_code_page(tmp_path: Path) -> None:
    p = tmp_path / "mixed.csv"
    p.write_bytes("id;text\n1;Flüchtlinge in Essen\n2;Grüße aus Altena\n".encode()
                  + "3;Flüchtlinge in Hörde\n".encode("cp1252")
                  + "4;Straße frei\n".encode())
    recs, report = _read(p)
    assert [r["text"] for r in recs] == ["Flüchtlinge in Essen", "Grüße aus Altena",
                                         "Flüchtlinge in Hörde", "Straße frei"]
    assert _repairs(report) == [(3, "encoding", "line 4: 2 byte(s) not valid UTF-8, read as cp1252")]


def test_one_stray_byte_garbles_only_itself(tmp_path: Path) -> None:
    p = tmp_path / "stray.csv"
    body = "".join(f"{i};Bürger Nummer {i} grüßt\n" for i in range(1, 200))
    data = ("id;text\n" + body).encode("utf-8").replace(b"Nummer 57 ", b"Nummer 57\x96 ")
    p.write_bytes(data)
    recs, report = _read(p)
    assert len(recs) == 199 and all("Bürger" in r["text"] and "grüßt" in r["text"] for r in recs)
    assert recs[56]["text"] == "Bürger Nummer 57– grüßt"
    assert [(rec, step) for rec, step, _ in _repairs(report)] == [(57, "encoding")]


def test_mixed_file_through_ingest_keeps_every_row_and_the_count(tmp_path: Path) -> None:
    p = tmp_path / "big.csv"
    rows = "".join(f"{i},Zeile {i}: Bürgerversammlung in Hörde\n" for i in range(30_000))
    p.write_bytes(b"id,text\n" + rows.encode("utf-8") + "x1,Grüße\n".encode("cp1252")
                  + rows.replace("Zeile", "Nachtrag").encode("utf-8"))
    corpus = framing.read(p, progress=False, clean=False, places=False, dedup=False)
    report = corpus.report
    assert len(corpus) == 60_001 == report.n_records == report.n_read
    assert corpus.docs.set_index("doc_id").loc["x1", "text"] == "Grüße"
    assert [(e.record, e.detail) for e in report.iter_events("repaired")] == [(30_001, "encoding")]
    assert "line 30002" in report.to_text()


def test_latin1_one_half_is_not_latin9_oe(tmp_path: Path) -> None:
    p = tmp_path / "rezepte.csv"
    p.write_bytes("id;text\n1;½ Liter Milch für die Größe\n2;Preis: 3 ¼ Taler\n".encode("latin-1"))
    recs, report = _read(p)
    assert [r["text"] for r in recs] == ["½ Liter Milch für die Größe", "Preis: 3 ¼ Taler"]
    assert report.events == []


def test_latin9_euro_still_wins(tmp_path: Path) -> None:
    p = tmp_path / "preise.csv"
    p.write_bytes("id;text\n1;Kosten: 5 € für Flüchtlinge\n".encode("iso8859_15"))
    assert _read(p)[0][0]["text"] == "Kosten: 5 € für Flüchtlinge"


# -- item 3: the bad-input battery -----------------------------------------------------------------

def test_jsonl_lone_surrogate_is_repaired_and_reported(tmp_path: Path) -> None:
    p = tmp_path / "emoji.jsonl"
    p.write_text('{"text": "Gut"}\n{"text": "Kaputtes Emoji \\ud83d hier"}\n'
                 '{"text": "Ganzes Emoji \\ud83d\\ude00"}\n', encoding="utf-8")
    corpus = framing.read(p, progress=False, places=False, dedup=False)
    assert corpus.docs["text"].tolist() == ["Gut", "Kaputtes Emoji \ufffd hier", "Ganzes Emoji 😀"]
    assert [(e.record, e.detail) for e in corpus.report.iter_events("repaired")] == [
        (2, "lone surrogate")]
    corpus.to_parquet(tmp_path / "out.parquet")  # pyarrow no longer fails


def test_json_array_lone_surrogate(tmp_path: Path) -> None:
    p = tmp_path / "liste.json"
    p.write_text('[{"text": "a \\udc00"}]', encoding="utf-8")
    recs, report = _read(p)
    assert recs[0]["text"] == "a \ufffd" and _repairs(report)[0][:2] == (1, "lone surrogate")


def test_fully_quoted_csv_with_one_missing_closing_quote(tmp_path: Path) -> None:
    p = tmp_path / "quoted.csv"
    p.write_text('"id","text"\n"1","Erster Text"\n"2","Zweiter Text\n"3","Dritter Text"\n'
                 '"4","Vierter, mit\nzwei Zeilen"\n', encoding="utf-8")
    recs, report = _read(p)
    assert [(r["doc_id"], r["text"]) for r in recs] == [
        ("1", "Erster Text"), ("2", "Zweiter Text"), ("3", "Dritter Text"),
        ("4", "Vierter, mit\nzwei Zeilen")]
    assert [r[LINE_KEY] for r in recs] == [2, 3, 4, 5]
    ((rec, step, note),) = _repairs(report)
    assert (rec, step) == (2, "unclosed quote") and "line 3" in note and "line 4" in note
    assert report.n_skipped == 0


def test_unquoted_csv_with_an_unclosed_quote_swallowing_rows(tmp_path: Path) -> None:
    p = tmp_path / "half.csv"
    p.write_text('id,text\n1,eins\n2,"zwei ohne Ende\n3,"drei"\n4,vier\n', encoding="utf-8")
    recs, report = _read(p)
    assert [(r["doc_id"], r["text"]) for r in recs] == [
        ("1", "eins"), ("2", "zwei ohne Ende"), ("3", "drei"), ("4", "vier")]
    assert [(rec, step) for rec, step, _ in _repairs(report)] == [(2, "unclosed quote")]


def test_unclosed_quote_at_the_end_swallowing_the_last_rows(tmp_path: Path) -> None:
    p = tmp_path / "end.csv"
    p.write_text('id,text\n1,eins\n2,"zwei ohne Ende\n3,drei\n4,vier\n', encoding="utf-8")
    recs, report = _read(p)
    assert [r["doc_id"] for r in recs] == ["1", "2", "3", "4"]
    assert [(rec, step) for rec, step, _ in _repairs(report)] == [(2, "unclosed quote")]


def test_parquet_binary_text_is_decoded_and_reported(tmp_path: Path) -> None:
    table = pa.table({"id": ["a", "b"],
                      "text": pa.array(["Grüße aus Altena".encode(),
                                        "Grüße aus Hörde".encode("cp1252")], pa.binary()),
                      "hash": pa.array([b"\x00\x01", b"\x02"], pa.binary())})
    p = tmp_path / "binary.parquet"
    pq.write_table(table, p)
    recs, report = _read(p)
    assert [r["text"] for r in recs] == ["Grüße aus Altena", "Grüße aus Hörde"]
    assert recs[0]["hash"] == b"\x00\x01"  # an extra binary column is left alone
    assert _repairs(report) == [
        (1, "binary text decoded as UTF-8", ""),
        (2, "binary text decoded as UTF-8", "3 byte(s) not valid UTF-8, read as cp1252")]


def test_parquet_int_text_column_is_converted_and_reported(tmp_path: Path) -> None:
    p = tmp_path / "numbers.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": [17, 4]}), p)
    recs, report = _read(p)
    assert [r["text"] for r in recs] == ["17", "4"]
    assert [(rec, step) for rec, step, _ in _repairs(report)] == [
        (1, "text converted from int"), (2, "text converted from int")]


def test_jsonl_with_one_invalid_line(tmp_path: Path) -> None:
    p = tmp_path / "eins.jsonl"
    p.write_text('{"text": "a"}\n{"text": "b",}\n{"text": "c"}\n', encoding="utf-8")
    recs, report = _read(p)
    assert [r["text"] for r in recs] == ["a", "c"]
    assert report.skipped[["record", "detail"]].values.tolist() == [
        ["2", "invalid JSON: Expecting property name enclosed in double quotes (line 2, column 14)"]]


def test_truncated_json_array_reads_the_complete_items(tmp_path: Path) -> None:
    p = tmp_path / "cut.json"
    p.write_text('[\n {"text": "eins"},\n {"text": "zwei"},\n {"text": "dr', encoding="utf-8")
    got = []
    with pytest.raises(InputError) as exc:
        for rec in tabular.read(p):
            got.append(rec["text"])
    assert got == ["eins", "zwei"]
    assert exc.value.record == 3 and str(p) in str(exc.value) and "line 4" in str(exc.value)
    corpus = framing.read(p, progress=False, places=False, dedup=False)
    assert len(corpus) == 2 and corpus.report.n_records == 3
    assert corpus.report.skipped["record"].tolist() == ["3"]


def test_json_array_missing_its_closing_bracket(tmp_path: Path) -> None:
    p = tmp_path / "open.json"
    p.write_text('[{"text": "eins"}, {"text": "zwei"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"open\.json, line 1: invalid JSON: file ends inside"):
        list(tabular.read(p))


def test_excel_style_cp1252_with_utf8_bom(tmp_path: Path) -> None:
    p = tmp_path / "excel.csv"
    p.write_bytes(codecs.BOM_UTF8 + "Titel;Text\nÜberblick;Grüße aus Hörde – 5 €\n"
                  "Straße;Die Bürger fühlen sich überfordert\n".encode("cp1252"))
    recs, report = _read(p)
    assert [r["title"] for r in recs] == ["Überblick", "Straße"]
    assert recs[0]["text"] == "Grüße aus Hörde – 5 €"
    (warning,) = report.events
    assert warning.status == "warning" and warning.record is None and "cp1252" in warning.detail


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("bom", [True, False])
def test_utf16_with_and_without_bom(tmp_path: Path, enc: str, bom: bool) -> None:
    if enc == "utf-16" and not bom:
        pytest.skip("the utf-16 codec always writes a BOM")
    text = "id;überschrift;text\n1;Grüße;Die Bürger, sagt sie, grüßen.\n2;Öl;Straße\n"
    data = text.encode(enc)
    if bom and enc != "utf-16":
        data = (codecs.BOM_UTF16_LE if enc.endswith("le") else codecs.BOM_UTF16_BE) + data
    p = tmp_path / "u16.csv"
    p.write_bytes(data)
    recs, report = _read(p)
    assert [(r["title"], r["text"]) for r in recs] == [("Grüße", "Die Bürger, sagt sie, grüßen."),
                                                      ("Öl", "Straße")]
    assert report.events == []


def test_utf8_bom_is_dropped_for_jsonl_too(tmp_path: Path) -> None:
    p = tmp_path / "bom.jsonl"
    p.write_bytes(codecs.BOM_UTF8 + '{"text": "Grüße"}\n'.encode())
    assert _read(p)[0][0]["text"] == "Grüße"


def test_double_mojibake_is_repaired_by_cleaning_and_reported(tmp_path: Path) -> None:
    twice = "Flüchtlinge grüßen".encode().decode("cp1252").encode("utf-8").decode("cp1252")
    p = tmp_path / "doppelt.csv"
    p.write_text(f"id;text\n1;{twice}\n", encoding="utf-8")
    corpus = framing.read(p, progress=False, places=False, dedup=False)
    assert corpus.docs["text"].tolist() == ["Flüchtlinge grüßen"]
    assert corpus.report.repairs_by_step() == {"mojibake": 1}


def test_stray_nul_bytes_are_removed_and_reported(tmp_path: Path) -> None:
    p = tmp_path / "nul.csv"
    rows = "".join(f"{i};Absatz {i} über die Stadt, wie immer.\n" for i in range(1, 100))
    p.write_bytes(("id;text\n" + rows).encode("utf-8").replace(b"Absatz 42 ", b"Absatz 42\x00\x00 "))
    recs, report = _read(p)
    assert len(recs) == 99 and recs[41]["text"] == "Absatz 42 über die Stadt, wie immer."
    assert _repairs(report) == [(42, "encoding", "line 43: 2 NUL byte(s) removed")]


def test_fifty_megabyte_line_without_newline(tmp_path: Path) -> None:
    body = ("Ein sehr langer Absatz über die Stadt, ohne Zeilenende. " * 900_000)[:50_000_000]
    p = tmp_path / "lang.csv"
    p.write_text("id,text\n1,kurz\n2,\"" + body + "\"", encoding="utf-8")
    recs, report = _read(p)
    assert [len(r["text"]) for r in recs] == [4, len(body)] and report.events == []
    j = tmp_path / "lang.jsonl"
    j.write_text(json.dumps({"text": body}), encoding="utf-8")
    recs, report = _read(j)
    assert len(recs[0]["text"]) == len(body) and report.events == []


# -- the report stores events compactly and still gives every event back ---------------------------

def test_report_events_round_trip() -> None:
    report = IngestReport()
    report.read("/x/a.csv", 1, "a-1")
    report.read("/x/a.csv", 2, "eigene-id")
    report.read("/x/b.txt", None, "b")
    report.repair("/x/a.csv", 2, "encoding", note="line 3: 1 byte(s) not valid UTF-8")
    report.repair("/x/a.csv", 2, "whitespace", "eigene-id")
    report.skip("/x/a.csv", "3a", "empty text")
    report.warn("/x/a.csv", None, "BOM lies")
    events = report.events
    assert [(e.file, e.record, e.status, e.doc_id) for e in events] == [
        ("/x/a.csv", 1, "read", "a-1"), ("/x/a.csv", 2, "read", "eigene-id"),
        ("/x/b.txt", None, "read", "b"), ("/x/a.csv", 2, "repaired", None),
        ("/x/a.csv", 2, "repaired", "eigene-id"), ("/x/a.csv", "3a", "skipped", None),
        ("/x/a.csv", None, "warning", None)]
    assert events[3].note == "line 3: 1 byte(s) not valid UTF-8"
    assert (report.n_read, report.n_skipped, report.n_records) == (3, 1, 4)
    summary = report.summary()
    assert summary["repaired_documents"] == 1  # one record, repaired twice
    assert summary["repairs_by_step"] == {"encoding": 1, "whitespace": 1}
    frame = report.to_frame()
    assert frame.columns.tolist() == ["file", "record", "status", "detail", "doc_id", "note"]
    assert frame["record"].fillna("-").tolist() == ["1", "2", "-", "2", "2", "3a", "-"]
    text = report.to_text()
    assert "/x/a.csv, record 2: encoding: line 3" in text and "whitespace: 1" in text
    merged = IngestReport()
    merged.merge(report)
    merged.merge(report)
    assert merged.events == events + events
    assert IngestReport(events=events).events == events


def test_report_of_many_rows_lists_a_bounded_sample(tmp_path: Path) -> None:
    report = IngestReport()
    for i in range(1, 100_001):
        report.read("/x/many.csv", i, f"many-{i}")
        if i % 1000 == 0:
            report.skip("/x/many.csv", i, f"row has 4 fields (line {i + 1})")
    assert len(report) == 100_100 and report.count("skipped") == 100
    assert pd.isna(report.to_frame().iloc[-1]["doc_id"])
    assert report.to_frame(status="read")["doc_id"].iloc[-1] == "many-100000"
    text = report.to_text(max_rows=5)
    assert "... and 95 more" in text and text.count("row has 4 fields") == 5


def test_unclosed_quote_swallowing_a_hundred_thousand_rows_is_undone_quickly(tmp_path: Path) -> None:
    p = tmp_path / "lang.csv"
    rows = "".join(f"{i},Zeile {i}\n" for i in range(3, 100_003))
    p.write_text('id,text\n1,eins\n2,"zwei ohne Ende\n' + rows, encoding="utf-8")
    recs, report = _read(p)
    assert len(recs) == 100_002 and recs[1]["text"] == "zwei ohne Ende"
    assert recs[-1]["text"] == "Zeile 100002" and recs[-1][LINE_KEY] == 100_003
    assert [(rec, step) for rec, step, _ in _repairs(report)] == [(2, "unclosed quote")]
