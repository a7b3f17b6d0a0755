"""Exit statuses of the ``framing`` command (docs/guide/corpus.md, "Exit statuses"):
0 success, 2 bad input (one line on stderr, no output written), 130 interrupted."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main

ARTICLE = ("Der Rat der Stadt Altena hat am Dienstag beschlossen, leerstehende Wohnungen für "
           "Geflüchtete herzurichten. Die Stadt sieht darin eine Chance gegen den Leerstand.")


def _junk_folder(tmp_path: Path) -> Path:
    src = tmp_path / "quellen"
    src.mkdir()
    (src / "leer.txt").write_text("", encoding="utf-8")
    (src / "bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return src


def test_ingest_of_sources_without_documents_exits_2(tmp_path: Path, capsys) -> None:
    out = tmp_path / "ergebnis" / "korpus.parquet"
    code = main(["ingest", str(_junk_folder(tmp_path)), "-o", str(out), "-q"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # one line
    assert err.startswith(f"framing ingest: error: no documents read from {tmp_path / 'quellen'}: "
                          "2 file(s), 2 skipped")
    assert "empty file" in err and "binary data (PNG image)" in err
    assert not out.exists() and not out.parent.exists()


def test_ingest_without_documents_still_writes_the_requested_events_csv(tmp_path: Path, capsys) -> None:
    events = tmp_path / "events.csv"
    code = main(["ingest", str(_junk_folder(tmp_path)), "-o", str(tmp_path / "k.parquet"),
                 "--report", str(events), "-q"])
    assert code == 2
    assert not (tmp_path / "k.parquet").exists()
    table = pd.read_csv(events)
    assert sorted(table["detail"]) == ["binary data (PNG image), not a text document", "empty file"]


def test_ingest_of_an_empty_folder_exits_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "leer").mkdir()
    code = main(["ingest", str(tmp_path / "leer"), "-o", str(tmp_path / "k.parquet"), "-q"])
    assert code == 2
    assert capsys.readouterr().err == (f"framing ingest: error: no documents: no files found in "
                                       f"{tmp_path / 'leer'} (hidden files are not read)\n")


def test_analyze_without_documents_exits_2_and_leaves_no_output_folder(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["analyze", str(_junk_folder(tmp_path)), "-o", str(out), "-q"])
    assert code == 2
    assert capsys.readouterr().err.startswith("framing analyze: error: no documents read from ")
    assert not out.exists()


def test_othering_without_documents_exits_2(tmp_path: Path, capsys) -> None:
    code = main(["othering", str(_junk_folder(tmp_path)), "-o", str(tmp_path / "s.csv"), "-q"])
    assert code == 2
    assert "no documents read from" in capsys.readouterr().err
    assert not (tmp_path / "s.csv").exists()


def test_ingest_success_exits_0_and_writes_the_corpus(tmp_path: Path, capsys) -> None:
    src = tmp_path / "quellen"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "k.parquet"
    assert main(["ingest", str(src), "-o", str(out), "-q", "--no-places", "--no-dedup"]) == 0
    assert pd.read_parquet(out)["doc_id"].tolist() == ["a"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unknown_format_and_bad_option_exit_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "a.txt"), "--format", "nexsi", "-o",
                 str(tmp_path / "k.parquet"), "-q"]) == 2
    assert "format must be one of" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "a.txt"), "--option", "txt_col=body", "-o",
                 str(tmp_path / "k.parquet"), "-q"]) == 2
    assert "unknown reader option(s) ['txt_col']" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["ingest"])
    assert info.value.code == 2


def test_interrupt_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import framing.corpus.ingest as ingest_mod

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_mod, "ingest", interrupted)
    assert main(["ingest", str(tmp_path), "-o", str(tmp_path / "k.parquet"), "-q"]) == 130
    assert capsys.readouterr().err == "interrupted\n"
