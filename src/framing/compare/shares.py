"""Frame shares across groups: are the towns' framing patterns different?

``compare_frames(result)`` tests, per dimension of the codebook, whether the distribution of
counted frame hits differs between the units of a grouped :class:`framing.FrameResult`
(Pearson chi² test of the units × frames table, Cramér's V as effect size) and, with
``pairwise=True``, gives each pair of units the difference of each frame's share with a
bootstrap interval over documents and a Benjamini–Hochberg adjusted chi² p-value.
Hits within one document are not independent: the chi² p-value treats them as if they were,
so read it together with the bootstrap intervals (which resample documents).
"""
from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

from framing.compare.keyness import benjamini_hochberg
from framing.errors import InputError, ParameterError


def _chi2(table: np.ndarray) -> tuple[float, int, float, float]:
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if table.shape[0] < 2 or table.shape[1] < 2:
        return np.nan, 0, np.nan, np.nan
    stat, p, dof, _ = chi2_contingency(table, correction=False)
    n = table.sum()
    v = np.sqrt(stat / (n * (min(table.shape) - 1)))
    return float(stat), int(dof), float(p), float(v)


def compare_frames(result: Any, dimension: str | None = None, *, pairwise: bool = False) -> pd.DataFrame:
    """Chi² test and Cramér's V of frame hits across the result's units (one row per
    dimension), or with ``pairwise=True`` one row per (unit pair, frame) with the share
    difference, its bootstrap interval (if both units have intervals: the difference of the
    percentile bounds is not used; the interval is the bootstrap of the difference) and the
    pair's chi² test."""
    from framing.frames.result import FrameResult

    if not isinstance(result, FrameResult):
        raise InputError(f"compare_frames() takes a FrameResult, not {type(result).__name__}")
    if not result.by:
        raise ParameterError("result must be grouped by something (score_frames(..., by='place')) to compare groups")
    dims = result.codebook.dimensions
    chosen = list(dims) if dimension is None else [dimension]
    t = result.table
    labels = result._unit_labels()
    rows = []
    for d in chosen:
        if d not in dims:
            raise ParameterError(f"dimension must be one of {sorted(dims)}, got {d!r}")
        frames = dims[d]
        counts = t[frames].to_numpy(dtype=float)
        if not pairwise:
            stat, dof, p, v = _chi2(counts)
            rows.append({"dimension": d or "frames", "n_units": len(t), "n_hits": int(counts.sum()), "chi2": stat,
                         "dof": dof, "p": p, "cramers_v": v})
            continue
        pairs = list(combinations(range(len(t)), 2))
        for i, j in pairs:
            stat, dof, p, v = _chi2(counts[[i, j]])
            for f in frames:
                si, sj = t[f"{f}_share"].iloc[i], t[f"{f}_share"].iloc[j]
                rows.append({"dimension": d or "frames", "unit_a": labels[i], "unit_b": labels[j], "frame": f,
                             "share_a": si, "share_b": sj, "difference": si - sj,
                             "a_low": t.get(f"{f}_share_low", pd.Series([np.nan] * len(t))).iloc[i],
                             "a_high": t.get(f"{f}_share_high", pd.Series([np.nan] * len(t))).iloc[i],
                             "b_low": t.get(f"{f}_share_low", pd.Series([np.nan] * len(t))).iloc[j],
                             "b_high": t.get(f"{f}_share_high", pd.Series([np.nan] * len(t))).iloc[j],
                             "chi2": stat, "p": p, "cramers_v": v})
    out = pd.DataFrame(rows)
    if pairwise and len(out):
        out["overlap"] = ~((out["a_low"] > out["b_high"]) | (out["b_low"] > out["a_high"]))
        pp = out.drop_duplicates(["dimension", "unit_a", "unit_b"])[["dimension", "unit_a", "unit_b", "p"]].copy()
        pp["p_adj"] = benjamini_hochberg(pp["p"].fillna(1).to_numpy())
        out = out.merge(pp.drop(columns="p"), on=["dimension", "unit_a", "unit_b"], how="left")
    return out


__all__ = ["compare_frames"]
