"""The main job (framing analyze) on part of the shipped demo corpus: every output is written."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from framing.cli import main
from framing.pipeline import analyze

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


def test_analyze_writes_every_output(tmp_path: Path) -> None:
    sources = [DEMO / "articles" / "altena", DEMO / "speeches" / "altena"]
    result = analyze(sources, tmp_path, n_topics=3, progress=False, log=None)
    assert len(result.corpus) == 52 + 8
    assert result.corpus.report.n_records == 60 and result.corpus.report.n_skipped == 0
    for name in ("corpus.parquet", "tokens.parquet", "ingest_report.txt", "summary_place_year.csv",
                 "networks/altena.gexf", "networks/altena.png", "topics/topics.csv",
                 "othering/press_by_place.csv", "othering/speeches_by_party.csv"):
        assert (tmp_path / name).is_file(), name
    graph = nx.read_gexf(tmp_path / "networks" / "altena.gexf")
    assert graph.number_of_nodes() > 10
    scores = pd.read_csv(tmp_path / "othering" / "press_by_place.csv")
    assert scores["place"].tolist() == ["Altena"]
    assert len(result.topic_model.topics_) == 3


def test_cli_analyze_quiet_skips_steps(tmp_path: Path, capsys) -> None:
    code = main(["analyze", str(DEMO / "speeches" / "landtag-nrw"), "-o", str(tmp_path), "-q",
                 "--no-networks", "--no-topics"])
    assert code == 0
    assert capsys.readouterr().out == ""
    assert (tmp_path / "othering" / "speeches_by_party.csv").is_file()
    assert not (tmp_path / "networks").exists()


def test_cli_reports_bad_input_without_traceback(tmp_path: Path, capsys) -> None:
    code = main(["ingest", str(tmp_path / "missing"), "-o", str(tmp_path / "c.parquet"), "-q"])
    assert code == 2
    assert "missing: no such file or folder" in capsys.readouterr().err
