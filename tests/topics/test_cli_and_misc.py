"""`framing topics` CLI, the k sweep, plots, lazy imports and the missing-extra error."""
from __future__ import annotations

import json
import subprocess
import sys

import matplotlib
import pandas as pd
import pytest

from framing.cli import main
from framing.topics import sweep_topics

matplotlib.use("Agg")


def test_cli_topics_writes_tables_plots_and_network(toy_tokens, tmp_path) -> None:
    path = toy_tokens.to_parquet(tmp_path / "tokens.parquet")
    seeds = tmp_path / "seeds.yaml"
    seeds.write_text("Chance: [Chance, Leerstand]\n", encoding="utf-8")
    out = tmp_path / "out"
    rc = main(["topics", str(path), "--engine", "lda", "-k", "3", "--by", "place", "-o", str(out),
               "--seeds", str(seeds), "--passes", "5", "--save-model", "-q"])
    assert rc == 0
    for name in ("topics.csv", "doc_topics.csv", "topics_by_place.csv", "topics_over_time.csv", "frames.csv",
                 "representative_docs.csv", "coherence.csv", "topic_network.gexf", "topic_shares_by_place.png",
                 "topics_over_time.png", "topic_network.png", "summary.json", "model.pkl"):
        assert (out / name).exists(), name
    topics = pd.read_csv(out / "topics.csv")
    assert len(topics) == 3 and topics.loc[0, "label"] == "Chance"
    assert pd.read_csv(out / "topics_by_place.csv").shape == (9, 5)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["engine"] == "lda" and summary["n_topics"] == 3 and summary["n_docs"] == 60


def test_cli_reports_bad_input(tmp_path, capsys) -> None:
    rc = main(["topics", str(tmp_path / "missing.parquet"), "-o", str(tmp_path / "o"), "-q"])
    assert rc == 2 and "error" in capsys.readouterr().err


def test_sweep_table_and_plot(toy_tokens) -> None:
    from framing.topics import plot_sweep

    table = sweep_topics(toy_tokens, ks=[2, 3, 4], measures=["c_npmi", "u_mass"], passes=5, progress=False)
    assert list(table["k"]) == [2, 3, 4]
    assert list(table.columns) == ["k", "n_topics", "c_npmi", "u_mass", "perplexity", "fit_s"]
    assert table.attrs["holdout_docs"] == 6
    assert table.loc[table["k"] == 3, "c_npmi"].item() >= table["c_npmi"].max() - 0.05
    fig = plot_sweep(table)
    assert fig.axes


def test_plots_return_figures(toy_tokens) -> None:
    from framing.topics import LdaTopicModel, plot_topic_network, plot_topic_shares, plot_topics_over_time

    m = LdaTopicModel(n_topics=3, random_state=1, progress=False, coherence=None).fit(toy_tokens)
    labels = dict(zip(m.topics_["topic"], m.topics_["label"]))
    assert plot_topic_shares(m.topics_by("place"), labels).axes
    assert plot_topics_over_time(m.topics_over_time("year"), labels).axes
    assert len(plot_topics_over_time(m.topics_over_time("year", by="place"), labels).axes) == 3
    assert plot_topic_network(m.topic_network()).axes


def test_import_framing_loads_no_topic_engine() -> None:
    code = ("import sys, framing, framing.topics; framing.TopicModel; framing.topics.Terms; "
            "print(any(m in sys.modules for m in ('gensim', 'bertopic', 'torch', 'umap', 'matplotlib')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_extra_names_the_install_command(monkeypatch) -> None:
    from framing.topics.base import MissingDependencyError, require

    monkeypatch.setitem(sys.modules, "bertopic", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "framing-lokal\[topics\]"'):
        require("bertopic")
    with pytest.raises(ImportError):
        require("bertopic")
