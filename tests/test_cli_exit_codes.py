"""Exit statuses of the ``framing`` command (docs/reference/cli.md, "Exit statuses"):
0 success, 1 unexpected error (traceback), 2 bad input or usage (one line on stderr, no output
written; a source of the wrong kind names the command to run instead), 130 interrupted."""
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


# -- every command takes the same sources; the wrong kind says which command to run instead ------
@pytest.fixture(scope="module")
def parquet_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A corpus and a tokens Parquet file of two short articles."""
    import framing

    base = tmp_path_factory.mktemp("kinds")
    src = base / "quellen"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "b.txt").write_text(ARTICLE.replace("Altena", "Essen"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRAMING_CACHE_DIR", str(base / "cache"))
        corpus = framing.read(src, progress=False, dedup=False)
        tokens = framing.annotate(corpus, progress=False)
    return {"folder": src, "corpus": corpus.to_parquet(base / "corpus.parquet"),
            "tokens": tokens.to_parquet(base / "tokens.parquet")}


@pytest.mark.parametrize("command, extra, says", [
    ("ingest", ["-o", "k.parquet"], "framing topics, framing network, framing frames or framing othering"),
    ("annotate", ["-o", "t.parquet"], "framing topics, framing network, framing frames or framing othering"),
    ("analyze", ["-o", "out"], "framing topics, framing network, framing frames or framing othering"),
])
def test_tokens_given_to_a_command_that_reads_documents_exits_2(parquet_files, tmp_path: Path, capsys,
                                                                command: str, extra: list[str], says: str) -> None:
    args = [command, str(parquet_files["tokens"]), *[str(tmp_path / e) if e.endswith(("parquet", "out")) else e
                                                     for e in extra], "-q"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"framing {command}: error: {parquet_files['tokens']} holds annotated tokens")
    assert says in err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("kind", ["folder", "corpus", "tokens"])
def test_frames_takes_a_folder_a_corpus_or_tokens(parquet_files, tmp_path: Path, capsys, kind: str) -> None:
    out = tmp_path / "frames"
    assert main(["frames", str(parquet_files[kind]), "-o", str(out), "-q", "--n-boot", "10"]) == 0
    assert pd.read_csv(out / "frames.csv")["doc"].tolist() == ["a", "b"]


def test_annotate_takes_a_folder_or_a_corpus(parquet_files, tmp_path: Path, capsys) -> None:
    import framing

    for kind in ("folder", "corpus"):
        out = tmp_path / f"{kind}.parquet"
        assert main(["annotate", str(parquet_files[kind]), "-o", str(out), "-q"]) == 0
        assert framing.Tokens.read_parquet(out).n_docs == 2


def test_topics_and_network_annotate_a_corpus_first(parquet_files, tmp_path: Path, capsys) -> None:
    assert main(["network", str(parquet_files["corpus"]), "-o", str(tmp_path / "net"), "-q", "--min-count", "1"]) == 0
    assert (tmp_path / "net" / "all.gexf").is_file()


def test_unexpected_error_exits_1_with_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys, framing.cli as cli\n"
            "def boom(args): raise RuntimeError('a bug')\n"
            "cli.cmd_ingest = boom\n"
            f"sys.exit(cli.main(['ingest', {str(tmp_path)!r}, '-o', 'k.parquet', '-q']))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "RuntimeError: a bug" in done.stderr
