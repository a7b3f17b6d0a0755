"""plot_over_time: one line per frame of the dimension, bands where there are intervals, periods in order."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.frames.plot import plot_over_time


def _table() -> pd.DataFrame:
    rows = []
    for period, n in (("2017", 12), ("2016", 30)):
        for dim, frames in (("mode", ("a", "b")), ("field", ("c",))):
            for f in frames:
                share = {"a": 0.25, "b": 0.75, "c": 1.0}[f]
                low, high = (np.nan, np.nan) if period == "2017" else (share - 0.1, share + 0.1)
                rows.append({"period": period, "dimension": dim, "frame": f, "share": share,
                             "ci_low": low, "ci_high": high, "n_docs": n})
    return pd.DataFrame(rows)


def test_lines_per_frame_bands_and_period_order() -> None:
    ax = plot_over_time(_table())
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    assert list(ax.get_lines()[1].get_ydata()) == [0.75, 0.75]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2016\nn=30", "2017\nn=12"]
    assert len(ax.collections) == 2          # one band per frame (2016 only: 2017 has no interval)
    assert ax.get_title() == "Frames over time: mode"
    assert [line.get_label() for line in plot_over_time(_table(), "field").get_lines()] == ["c"]


def test_bad_dimension_and_empty_table() -> None:
    with pytest.raises(ParameterError, match="dimension must be one of"):
        plot_over_time(_table(), "nope")
    with pytest.raises(ParameterError, match="no periods"):
        plot_over_time(_table().iloc[:0])
