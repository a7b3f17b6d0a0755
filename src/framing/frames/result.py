"""FrameResult: the table per unit, the evidence per hit, the framing profile, CSV and plot."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.frames.codebook import Codebook
from framing.grouping import doc_units, resolve_by, unit_labels
from framing.matching.engine import TokenArrays
from framing.matching.layout import Layout, boot_blocks

#: a unit's frame shares get a bootstrap interval only when at least this many of its documents
#: have hits in the dimension: with one or two such documents every resample repeats their shares,
#: and the interval collapses to a point that looks certain ("Athen 1.0 [1.0, 1.0]")
MIN_DOCS_WITH_HITS = 5


def _bootstrap_shares(H: np.ndarray, dims: list[np.ndarray], n_boot: int, alpha: float,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Percentile intervals of frame shares (within each dimension) for one unit's documents;
    NaN where fewer than :data:`MIN_DOCS_WITH_HITS` documents have hits in the dimension."""
    k, F = H.shape
    low = np.full(F, np.nan)
    high = np.full(F, np.nan)
    if k < 2 or not H.any():
        return low, high
    # resample documents with replacement: draw indices, count them (same law as a multinomial,
    # much faster for thousands of documents); in blocks of replicates, so that memory stays at
    # BOOT_BLOCK draws however many documents the unit has (the same draws: boot_blocks). Integer
    # weights give the very same sums; non-integer term weights may differ in the last bits where
    # a unit needs more than one block (BLAS sums a block's rows in another order)
    B = np.empty((n_boot, F))
    for a, b in boot_blocks(n_boot, k):
        r = b - a
        draws = rng.integers(0, k, size=(r, k))
        W = np.bincount((draws + (np.arange(r) * k)[:, None]).ravel(), minlength=r * k)
        del draws
        B[a:b] = W.reshape(r, k).astype(float) @ H
    for idx in dims:
        if int((H[:, idx].sum(axis=1) > 0).sum()) < MIN_DOCS_WITH_HITS:
            continue  # too few documents carry the shares: resampling them gives no interval
        tot = B[:, idx].sum(axis=1, keepdims=True)
        ok = tot[:, 0] > 0
        if not ok.any():
            continue
        share = B[ok][:, idx] / tot[ok]
        low[idx], high[idx] = np.quantile(share, [alpha, 1 - alpha], axis=0)
    return low, high


def aggregate(hits: pd.DataFrame, layout: Layout, docs: pd.DataFrame, cb: Codebook,
              by: str | Sequence[str] | None, *, n_boot: int, confidence: float, random_state: int | None,
              dropna: bool) -> tuple[pd.DataFrame, np.ndarray, list[str] | None]:
    """The per-unit table; the unit of each hit (-1: unit dropped); the ``by`` columns.

    ``layout``: the runs, words and sentences of the token table and the run (and sentence) of
    each hit (:class:`~framing.matching.layout.Layout`, with sentences for ``by="sentence"``),
    not the token table itself: the same numbers come from one process or from parts."""
    names = list(cb.frames)
    F = len(names)
    dims = cb.dimensions
    dim_idx = {d: np.array([names.index(f) for f in fs]) for d, fs in dims.items()}
    counted = hits["counted"].to_numpy(dtype=bool)
    fidx = hits["frame_idx"].to_numpy(dtype=np.int64)
    n_hits = len(hits)
    weight = hits["weight"].to_numpy(dtype=float)
    words = layout.words
    unit_cols = resolve_by(by)
    if unit_cols == ["sentence"]:
        if layout.sent_run is None or layout.sent_id is None or layout.sent_words is None or layout.sent is None:
            raise ValueError("by='sentence' needs a Layout with sentences (Layout.of(..., sentences=True))")
        # one unit per sentence (numbered through the corpus), with its doc_id and sentence id
        unit_frame = pd.DataFrame({"doc_id": pd.array([layout.doc_ids[r] for r in layout.sent_run], dtype="string"),
                                   "sentence": layout.sent_id})
        n_units = len(unit_frame)
        unit_of_hit = layout.sent if n_hits else np.zeros(0, np.int64)
        ntok = layout.sent_words
        unit_frame["n_docs"] = 1
        by_cols: list[str] | None = ["doc_id", "sentence"]
        run_unit = None
    else:
        by_cols, unit_of_run, unit_frame, keep = doc_units(docs, layout.doc_ids, by, dropna)
        n_units = len(unit_frame)
        run_unit = np.where(keep, unit_of_run, -1)
        unit_of_hit = run_unit[layout.run] if n_hits else np.zeros(0, np.int64)
        ntok = np.bincount(run_unit[keep], weights=words[keep], minlength=n_units).astype(np.int64)
    ok = counted & (unit_of_hit >= 0)
    cell = unit_of_hit * F + fidx            # one bincount per table (np.add.at is slow)
    hits_u = np.bincount(cell[ok], minlength=n_units * F).astype(np.int64).reshape(n_units, F)
    w_u = np.bincount(cell[ok], weights=weight[ok], minlength=n_units * F).reshape(n_units, F)
    ex = ~counted & (unit_of_hit >= 0)
    excl_u = np.bincount(cell[ex], minlength=n_units * F).astype(np.int64).reshape(n_units, F)

    cols: dict[str, Any] = {"n_tokens": ntok}
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(ntok > 0, 1000.0 / np.where(ntok > 0, ntok, 1), np.nan)
        shares = np.full((n_units, F), np.nan)
        for idx in dim_idx.values():
            tot = w_u[:, idx].sum(axis=1, keepdims=True)
            shares[:, idx] = np.where(tot > 0, w_u[:, idx] / np.where(tot > 0, tot, 1), np.nan)
    low = np.full((n_units, F), np.nan)
    high = np.full((n_units, F), np.nan)
    grouped = run_unit is not None and unit_cols not in (None, ["doc"])
    if grouped and run_unit is not None and n_boot > 0 and n_hits:
        alpha = (1 - confidence) / 2
        n_runs = len(layout.doc_ids)
        H = np.bincount(layout.run[counted] * F + fidx[counted], weights=weight[counted],
                        minlength=n_runs * F).reshape(n_runs, F)
        order = np.argsort(run_unit, kind="stable")
        bounds = np.searchsorted(run_unit[order], np.arange(n_units + 1))
        for u in range(n_units):
            runs = order[bounds[u]:bounds[u + 1]]
            rng = np.random.default_rng([0 if random_state is None else int(random_state), u])
            low[u], high[u] = _bootstrap_shares(H[runs], list(dim_idx.values()), n_boot, alpha, rng)
    for j, f in enumerate(names):
        cols[f] = hits_u[:, j]
    for j, f in enumerate(names):
        cols[f"{f}_per_1k"] = hits_u[:, j] * scale
    for j, f in enumerate(names):
        cols[f"{f}_share"] = shares[:, j]
        if grouped:
            cols[f"{f}_share_low"] = low[:, j]
            cols[f"{f}_share_high"] = high[:, j]
    if any(cb[f].terms and any(t.weight != 1.0 for t in cb[f].terms) for f in names):
        for j, f in enumerate(names):
            cols[f"{f}_weighted"] = w_u[:, j]
    for d, idx in dim_idx.items():
        key = "dominant_frame" if d == next(iter(dim_idx)) else f"dominant_{d}"
        sub = w_u[:, idx]
        mx = sub.max(axis=1) if len(idx) else np.zeros(n_units)
        n_max = (sub == mx[:, None]).sum(axis=1)
        dom = (np.array([names[i] for i in idx[np.argmax(sub, axis=1)]], dtype=object) if n_units
               else np.array([], object))
        dom = np.where(mx <= 0, None, np.where(n_max > 1, "(tie)", dom))  # type: ignore[call-overload]  # None as a value
        cols[key] = dom
        if d and key == "dominant_frame":
            cols[f"dominant_{d}"] = dom
    cols["n_hits"] = hits_u.sum(axis=1)
    cols["n_excluded"] = excl_u.sum(axis=1)
    table = pd.concat([unit_frame.reset_index(drop=True), pd.DataFrame(cols)], axis=1)
    if by_cols == ["doc"] and "doc_id" in docs.columns:
        # documents without tokens (empty texts) still get their row: no hits, shares missing
        have = set(layout.doc_ids)
        empty = [d for d in docs["doc_id"].astype(str).drop_duplicates() if d not in have]
        if empty:
            fill: dict[str, Any] = {c: (0 if pd.api.types.is_integer_dtype(table[c]) else None)
                                    for c in table.columns}
            extra = pd.DataFrame([{**fill, "doc": d, "n_docs": 1} for d in empty])
            for c in table.columns:
                if pd.api.types.is_float_dtype(table[c]):
                    extra[c] = np.nan
            table = pd.concat([table, extra[table.columns].astype(table.dtypes.to_dict(), errors="ignore")],
                              ignore_index=True)
            order = np.argsort(table["doc"].astype(str).to_numpy(), kind="stable")
            table = table.iloc[order].reset_index(drop=True)
            pos = np.empty(len(order), dtype=np.int64)
            pos[order] = np.arange(len(order))
            unit_of_hit = np.where(unit_of_hit >= 0, pos[np.maximum(unit_of_hit, 0)], -1)
    return table, unit_of_hit, by_cols


class FrameResult:
    """Result of :func:`framing.score_frames`: ``table`` (one row per unit), ``evidence`` (one KWIC
    row per hit, counted or excluded and why), ``by``, ``settings``, ``profile()``, ``to_csv()``,
    ``plot()``."""

    def __init__(self, table: pd.DataFrame, hits: pd.DataFrame, ta: TokenArrays | None, by: list[str] | None,
                 settings: dict[str, Any], codebook: Codebook, unit_of_hit: np.ndarray,
                 context_tokens: int = 5, kwic: pd.DataFrame | None = None) -> None:
        """``ta``: the token arrays the hits were found in (the evidence is built from them when
        first read); or ``kwic``: the KWIC columns of every hit, already built (by the Dask
        workers, from their parts' tokens: :mod:`framing.scale.scores`), with ``ta`` None."""
        self.table = table
        self.hits = hits
        self.by = by
        self.settings = settings
        self.codebook = codebook
        self._ta = ta
        self._unit_of_hit = unit_of_hit
        self._context_tokens = context_tokens
        self._kwic = kwic
        self._evidence: pd.DataFrame | None = None

    def __repr__(self) -> str:
        n = int(self.hits["counted"].sum()) if len(self.hits) else 0
        return (f"<FrameResult: {len(self.table)} units by {self.by or 'corpus'}, {len(self.codebook)} frames, "
                f"{n} counted of {len(self.hits)} hits>")

    @property
    def frames(self) -> list[str]:
        return list(self.codebook.frames)

    def _unit_labels(self) -> list[str]:
        return unit_labels(self.table, self.by)

    @property
    def evidence(self) -> pd.DataFrame:
        """One KWIC row per hit: doc_id, unit, sentence, token and character offsets, left
        context, match, right context, matched term, frame, rule, weight, context flags,
        ``counted`` and ``reason``."""
        if self._evidence is None:
            from framing.matching.evidence import kwic_columns
            h = self.hits
            if self._kwic is not None:
                kw = self._kwic.copy()
            else:
                if self._ta is None:
                    raise ValueError("FrameResult needs token arrays or KWIC columns for its evidence")
                if h.attrs.get("flags_pending") and len(h):
                    from framing.frames.scoring import fill_context_flags

                    h = self.hits = fill_context_flags(h, self._ta._luts["_context"])
                kw = kwic_columns(self._ta, h["start"].to_numpy(dtype=np.int64), h["end"].to_numpy(dtype=np.int64),
                                  self._context_tokens)
            labels = self._unit_labels()
            u = self._unit_of_hit
            kw.insert(1, "unit", [labels[i] if i >= 0 else None for i in u] if len(h) else [])
            for c in ("term", "frame", "dimension", "rule", "weight", "negated", "distanced", "quoted_speech",
                      "counted", "reason"):
                kw[c] = h[c].to_numpy()
            self._evidence = kw
        return self._evidence

    def profile(self, dimension: str | None = None) -> pd.DataFrame:
        """The framing profile per unit: the dominant frame of a dimension with its share and
        interval, the runner-up with its share and interval, and ``clear`` (the dominant frame's
        interval lies above the runner-up's) / ``overlap`` (the intervals overlap: the unit's
        pattern is not established). Units without intervals (single documents) get NaN bounds
        and ``overlap`` = NA."""
        dims = self.codebook.dimensions
        d = next(iter(dims)) if dimension is None else dimension
        if d not in dims:
            raise InputError(f"no dimension {dimension!r}; the codebook has {sorted(k for k in dims if k)}")
        frames = dims[d]
        t = self.table
        rows = []
        for i in range(len(t)):
            share = np.array([t[f"{f}_share"].iloc[i] for f in frames], dtype=float)
            lo = np.array([t[f"{f}_share_low"].iloc[i] if f"{f}_share_low" in t else np.nan for f in frames], float)
            hi = np.array([t[f"{f}_share_high"].iloc[i] if f"{f}_share_high" in t else np.nan for f in frames], float)
            row: dict[str, Any] = {c: t[c].iloc[i] for c in (self.by or [])}
            row["n_docs"] = t["n_docs"].iloc[i]
            row["n_hits"] = int(sum(t[f].iloc[i] for f in frames))
            if np.all(np.isnan(share)):
                row.update({"dominant": None, "share": np.nan, "low": np.nan, "high": np.nan, "runner_up": None,
                            "runner_up_share": np.nan, "runner_up_low": np.nan, "runner_up_high": np.nan,
                            "clear": False, "overlap": pd.NA})
                rows.append(row)
                continue
            order = np.argsort(-np.nan_to_num(share, nan=-1), kind="stable")
            a = order[0]
            b = order[1] if len(order) > 1 else None
            row.update({"dominant": frames[a], "share": share[a], "low": lo[a], "high": hi[a]})
            if b is not None:
                row.update({"runner_up": frames[b], "runner_up_share": share[b], "runner_up_low": lo[b],
                            "runner_up_high": hi[b]})
                if np.isnan(lo[a]) or np.isnan(hi[b]):
                    row.update({"clear": False, "overlap": pd.NA})
                else:
                    row.update({"clear": bool(lo[a] > hi[b]), "overlap": bool(lo[a] <= hi[b])})
            else:
                row.update({"runner_up": None, "clear": True, "overlap": False})
            rows.append(row)
        out = pd.DataFrame(rows)
        out.insert(len(self.by or []), "dimension", d or "frames")
        return out

    def to_csv(self, outdir: str | Path) -> dict[str, Path]:
        """Write ``frames.csv`` (the table), ``evidence.csv``, ``profile.csv`` (grouped units) and
        ``codebook.yaml`` (what was scored) into ``outdir``; returns the paths."""
        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {"frames": out / "frames.csv", "evidence": out / "evidence.csv", "codebook": out / "codebook.yaml"}
        self.table.to_csv(paths["frames"], index=False)
        self.evidence.to_csv(paths["evidence"], index=False)
        self.codebook.to_yaml(paths["codebook"])
        if self.by and self.by != ["doc"]:
            paths["profile"] = out / "profile.csv"
            self.profile().to_csv(paths["profile"], index=False)
        return paths

    def plot(self, dimension: str | None = None, ax: Any = None) -> Any:
        """Frame shares per unit (one group of bars per unit) with interval error bars."""
        import matplotlib
        if ax is None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
        dims = self.codebook.dimensions
        d = next(iter(dims)) if dimension is None else dimension
        frames = dims[d]
        t = self.table
        labels = self._unit_labels()
        if ax is None:
            _, ax = plt.subplots(figsize=(max(6, 1.2 * len(t) * max(1, len(frames)) / 3), 4))
        x = np.arange(len(t))
        w = 0.8 / max(len(frames), 1)
        for j, f in enumerate(frames):
            s = t[f"{f}_share"].to_numpy(dtype=float)
            yerr = None
            if f"{f}_share_low" in t:
                lo = t[f"{f}_share_low"].to_numpy(dtype=float)
                hi = t[f"{f}_share_high"].to_numpy(dtype=float)
                yerr = np.vstack([np.nan_to_num(s - lo), np.nan_to_num(hi - s)])
            ax.bar(x + j * w - 0.4 + w / 2, np.nan_to_num(s), w, yerr=yerr, label=f, capsize=2)
        ax.set_xticks(x)
        ax.set_xticklabels(labels, rotation=30, ha="right")
        ax.set_ylabel("share of frame hits")
        ax.set_title(f"{self.codebook.name}: {d or 'frames'}")
        ax.legend(fontsize="small")
        return ax


__all__ = ["FrameResult", "aggregate"]
