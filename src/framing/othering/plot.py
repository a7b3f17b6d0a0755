"""Plot the othering index by group with its confidence interval (matplotlib, no display needed)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError


def _labels(table: pd.DataFrame, by: Sequence[str] | str | None) -> list[str]:
    if by is None:
        cols = [c for c in ("unit",) if c in table.columns]
    else:
        cols = [by] if isinstance(by, str) else list(by)
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise InputError(f"plot_index: the table has no column(s) {missing}")
    if not cols:
        return [str(i) for i in range(len(table))]
    return [" / ".join(str(v) for v in row) for row in table[cols].itertuples(index=False, name=None)]


def plot_index(table: pd.DataFrame, by: Sequence[str] | str | None = None, *, ax: Any = None,
               sort: bool = True, min_matches: int = 0, title: str | None = None,
               path: str | Path | None = None, dpi: int = 150) -> Any:
    """Horizontal dot plot of ``othering_index`` per unit with CI error bars and the counts
    ("O:R") next to each dot, so that shares from few matches are not over-read.

    ``min_matches`` leaves out units with fewer counted matches (othering + recognition);
    ``path`` saves the figure (PNG/SVG/PDF by suffix). Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    needed = {"othering_index", "ci_low", "ci_high", "othering", "recognition"}
    if not needed <= set(table.columns):
        raise InputError(f"plot_index needs the columns {sorted(needed)} of OtheringResult.table")
    df = table.copy()
    df["_label"] = _labels(df, by)
    df["_n"] = df["othering"] + df["recognition"]
    df = df[df["_n"] >= max(min_matches, 1)]
    if sort:
        df = df.sort_values("othering_index", kind="stable")
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, max(2.0, 0.38 * len(df) + 1.2)))
    else:
        fig = ax.figure
    y = np.arange(len(df))
    idx = df["othering_index"].to_numpy(dtype=float)
    lo = np.clip(idx - df["ci_low"].to_numpy(dtype=float), 0, None)
    hi = np.clip(df["ci_high"].to_numpy(dtype=float) - idx, 0, None)
    ax.errorbar(idx, y, xerr=np.vstack([np.nan_to_num(lo), np.nan_to_num(hi)]), fmt="o", color="#b2182b",
                ecolor="#888888", elinewidth=1.5, capsize=3, markersize=6)
    for yi, (_x, o, r) in enumerate(zip(idx, df["othering"], df["recognition"])):
        ax.annotate(f"{int(o)}:{int(r)}", (1.02, yi), xycoords=("axes fraction", "data"), va="center",
                    fontsize=8, color="#444444", annotation_clip=False)
    ax.set_yticks(y)
    ax.set_yticklabels(df["_label"].tolist())
    ax.set_xlim(-0.02, 1.02)
    ax.axvline(0.5, color="#cccccc", lw=0.8, ls="--", zorder=0)
    ax.set_xlabel("othering index  O / (O + R)   (0 = only recognising naming, 1 = only othering)")
    ax.set_title(title or "Othering index with confidence interval (counts O:R at right)")
    ax.grid(axis="x", color="#eeeeee")
    fig.tight_layout()
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=dpi, bbox_inches="tight")
    return fig


__all__ = ["plot_index"]
