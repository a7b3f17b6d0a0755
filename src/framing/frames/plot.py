"""Frame shares over time as a figure: one line per frame of a dimension, with its interval as
a band (the table is what ``framing analyze`` writes to ``frames/over_time.csv``)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def plot_over_time(over_time: pd.DataFrame, dimension: str | None = None, ax: Any = None) -> Any:
    """Shares per period of the frames of ``dimension`` (default: the first in the table), each a
    line with markers and its ``ci_low``–``ci_high`` band; periods in order, with their document
    counts under the axis. ``over_time``: long table with ``period``, ``dimension``, ``frame``,
    ``share``, ``ci_low``, ``ci_high``, ``n_docs`` (:func:`framing.pipeline.frames_over_time`).
    Returns the matplotlib ``Axes``."""
    from framing.errors import ParameterError

    if over_time.empty:
        raise ParameterError("over_time has no periods to plot")
    dims = list(dict.fromkeys(over_time["dimension"]))
    d = dims[0] if dimension is None else dimension
    if d not in dims:
        raise ParameterError(f"dimension must be one of {dims}, got {d!r}")
    t = over_time[over_time["dimension"] == d]
    periods = sorted(dict.fromkeys(t["period"].astype(str)))
    if ax is None:
        from matplotlib.figure import Figure

        ax = Figure(figsize=(max(6.0, 0.9 * len(periods) + 3), 4.2)).add_subplot()
    x = np.arange(len(periods))
    for frame in dict.fromkeys(t["frame"]):
        rows = t[t["frame"] == frame].assign(period=lambda f: f["period"].astype(str)).set_index("period")
        rows = rows[~rows.index.duplicated()].reindex(periods)
        share = rows["share"].to_numpy(dtype=float)
        (line,) = ax.plot(x, share, marker="o", label=str(frame))
        low, high = rows["ci_low"].to_numpy(dtype=float), rows["ci_high"].to_numpy(dtype=float)
        ok = ~(np.isnan(low) | np.isnan(high))
        if ok.any():
            ax.fill_between(x, np.where(ok, low, np.nan), np.where(ok, high, np.nan), color=line.get_color(),
                            alpha=0.15, linewidth=0)
    n_docs = t.drop_duplicates("period").assign(period=lambda f: f["period"].astype(str)).set_index("period")
    counts = n_docs["n_docs"].reindex(periods)
    ax.set_xticks(x)
    ax.set_xticklabels([f"{p}\nn={'' if pd.isna(n) else int(n)}" for p, n in zip(periods, counts)])
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of frame hits")
    ax.set_title(f"Frames over time: {d}")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax


__all__ = ["plot_over_time"]
