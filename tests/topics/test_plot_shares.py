"""The topic heatmap names each group's number of documents and does not show shares for groups
below ``min_docs`` (one document's mix is not a group's agenda)."""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")

from framing.topics.plot import plot_topic_shares


def _table() -> pd.DataFrame:
    data = np.array([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.99, 0.005, 0.005]])
    return pd.DataFrame(data, index=pd.Index(["Altena", "Essen", "Unna"], name="place"),
                        columns=pd.Index([0, 1, 2], name="topic"))


def _cell_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def test_group_labels_show_n_and_small_groups_have_no_shares() -> None:
    fig = plot_topic_shares(_table(), n_docs={"Altena": 40, "Essen": 12, "Unna": 1}, min_docs=5)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == ["Altena\n(n=40)", "Essen\n(n=12)", "Unna\n(n=1*)"]
    texts = _cell_texts(fig)
    assert "99%" not in texts and "50%" in texts and "60%" in texts
    assert sum(t.endswith("%") for t in texts) == 6  # two groups x three topics
    assert "fewer than 5 documents" in texts
    assert "below 5" in fig.axes[0].get_xlabel()


def test_long_table_carries_its_counts() -> None:
    wide = _table()
    long = wide.stack().rename("share").reset_index()
    long["n_docs"] = long["place"].map({"Altena": 40, "Essen": 12, "Unna": 7})
    fig = plot_topic_shares(long, min_docs=5)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()][-1] == "Unna\n(n=7)"
    assert "99%" in _cell_texts(fig)


def test_without_counts_the_plot_is_unchanged() -> None:
    fig = plot_topic_shares(_table())
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["Altena", "Essen", "Unna"]
    assert "99%" in _cell_texts(fig)
