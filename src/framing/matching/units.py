"""Units of analysis shared by every scorer: which unit (town, outlet, year, document …) each
document run belongs to, the unit key table, and display labels.

The othering scorer and ``score_frames`` aggregate matches per unit the same way; both call
:func:`document_units` so ``by="place"`` means the same thing in every table.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import InputError


def document_units(docs: pd.DataFrame, run_doc_ids: list[str], by: str | Sequence[str] | None,
                   dropna: bool) -> tuple[list[str] | None, np.ndarray, pd.DataFrame, np.ndarray]:
    """Unit per document run, the unit key table (with ``n_docs``) and which runs are kept.

    ``by``: a document column, ``"doc"``, ``"year"`` (from ``date`` where there is no year
    column), a list of them, or ``None``/``"corpus"`` for one unit. Runs with a missing key are
    dropped (``dropna=True``) or grouped under ``"(none)"``. Returns ``(by_cols, unit_of_run,
    unit_frame, keep)``; ``by_cols`` is None for the whole corpus.
    """
    n_runs = len(run_doc_ids)
    meta = docs.copy()
    meta["doc_id"] = meta["doc_id"].astype(str)
    meta = meta.drop_duplicates("doc_id").set_index("doc_id")
    ids = pd.Index(run_doc_ids, dtype=object)
    if by is None or by == "corpus":
        unit_frame = pd.DataFrame({"unit": ["all"], "n_docs": [n_runs]})
        return None, np.zeros(n_runs, dtype=np.int64), unit_frame, np.ones(n_runs, dtype=bool)
    cols = [by] if isinstance(by, str) else list(by)
    keys = pd.DataFrame(index=ids)

    def values(series: pd.Series) -> np.ndarray:  # objects, missing as None (ints stay ints)
        s = series.reindex(ids).astype(object)
        return s.where(s.notna(), None).to_numpy()

    for col in cols:
        if col == "doc":
            keys["doc"] = ids.astype(str)
        elif col == "year" and "year" not in meta.columns and "date" in meta.columns:
            keys["year"] = values(pd.to_datetime(meta["date"], errors="coerce").dt.year.astype("Int64"))
        elif col in meta.columns:
            keys[col] = values(meta[col])
        else:
            raise InputError(f"cannot score by {col!r}; document columns are "
                             f"{['doc', *[c for c in meta.columns]]}")
    missing = keys.isna().any(axis=1).to_numpy()
    if not dropna:
        keys = keys.astype(object).where(~keys.isna(), "(none)")
        missing = np.zeros(n_runs, dtype=bool)
    keep = ~missing
    kept = keys[keep]
    unit_of_run = np.zeros(n_runs, dtype=np.int64)
    if len(kept):
        # sort units by the text of their values (mixed types sort reliably that way)
        group = kept.astype(str).groupby(cols, sort=True).ngroup().to_numpy()
        unit_of_run[keep] = group
        _, first = np.unique(group, return_index=True)
        unit_frame = kept.iloc[first].reset_index(drop=True)
    else:
        unit_frame = pd.DataFrame(columns=cols)
    unit_frame = unit_frame.convert_dtypes()
    unit_frame["n_docs"] = np.bincount(unit_of_run[keep], minlength=len(unit_frame)).astype(np.int64)
    return cols, unit_of_run, unit_frame, keep


def unit_labels(unit_frame: pd.DataFrame, by_cols: list[str] | None) -> list[str]:
    """One display label per unit row: the key values joined by " / " ("Altena / 2019")."""
    if by_cols is None:
        return ["all"] * len(unit_frame)
    return [" / ".join(str(v) for v in row) for row in unit_frame[by_cols].itertuples(index=False, name=None)]


__all__ = ["document_units", "unit_labels"]
