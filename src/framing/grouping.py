"""One ``by=`` for every instrument: which documents form a group.

Othering, frames, topics, co-occurrence and :class:`~framing.Corpus` all group documents the
same way, through :func:`resolve_by` (the normalised list of columns) and :func:`group_keys`
(the group value of every document):

- ``None``, ``"corpus"`` or ``[]``: no grouping, the whole corpus is one unit;
- ``"doc"`` (canonical; ``"document"`` is accepted): every document is its own unit;
- any document column (``"place"``, ``"outlet"``, ``"genre"`` …);
- ``"year"``, ``"quarter"``, ``"month"``: derived from ``date`` unless the documents have a
  column of that name (years as integers, quarters as ``"2016Q1"``, months as ``"2016-03"``);
- a list of these: one unit per combination.

An unknown column raises :class:`~framing.errors.ParameterError` listing the available ones.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import ParameterError

#: the canonical word for "every document its own unit"
DOC = "doc"
#: accepted spellings -> canonical word
ALIASES = {"document": DOC}
#: groupings derived from the ``date`` column
PERIODS = ("year", "quarter", "month")


def resolve_by(by: str | Sequence[str] | None) -> list[str] | None:
    """Normalise ``by``: ``None``/``"corpus"`` → ``None``; ``"place"`` → ``["place"]``;
    ``"document"`` → ``["doc"]``; a list keeps its order.

    >>> resolve_by("document"), resolve_by(["place", "year"]), resolve_by("corpus")
    (['doc'], ['place', 'year'], None)
    """
    if by is None or (isinstance(by, str) and by == "corpus"):
        return None
    cols = [by] if isinstance(by, str) else list(by)
    if not cols:
        return None
    if not all(isinstance(c, str) and c for c in cols):
        raise ParameterError(f"by must be a column name or a list of column names, got {by!r}")
    return [ALIASES.get(c, c) for c in cols]


def available(docs: pd.DataFrame) -> list[str]:
    """What ``by`` may name for these documents: ``doc``, their columns, and the periods
    when they have a ``date``."""
    cols = [c for c in docs.columns if c != "text"]
    periods = [p for p in PERIODS if p not in cols] if "date" in docs.columns else []
    return [DOC, *cols, *periods]


def group_values(docs: pd.DataFrame, column: str) -> pd.Series:
    """The group value of every document (index of ``docs``) for one resolved column."""
    column = ALIASES.get(column, column)
    if column == DOC and DOC not in docs.columns:
        return docs["doc_id"].astype(str).rename(DOC)
    if column in docs.columns:
        return docs[column]
    if column in PERIODS and "date" in docs.columns:
        dates = pd.to_datetime(docs["date"], errors="coerce")
        if column == "year":
            return dates.dt.year.astype("Int64").rename("year")
        fmt = {"quarter": "Q", "month": "M"}[column]
        out = pd.Series(pd.NA, index=docs.index, dtype="object", name=column)
        ok = dates.notna()
        if ok.any():
            out[ok] = dates[ok].dt.to_period(fmt).astype(str)
        return out
    raise ParameterError(f"by must be one of {available(docs)}, got {column!r}")


def group_keys(docs: pd.DataFrame, by: str | Sequence[str] | None) -> pd.DataFrame:
    """One column per resolved ``by`` column with every document's group value (index of
    ``docs``); an empty frame without columns when ``by`` is None."""
    cols = resolve_by(by) or []
    return pd.DataFrame({c: group_values(docs, c) for c in cols}, index=docs.index)


def doc_units(docs: pd.DataFrame, run_doc_ids: list[str], by: str | Sequence[str] | None,
              dropna: bool) -> tuple[list[str] | None, np.ndarray, pd.DataFrame, np.ndarray]:
    """Units of ``by`` for the runs of documents in a token table (``run_doc_ids``: the doc_id
    of each run): the resolved columns (None: one unit, the corpus), the unit of each run, the
    unit table (key columns and ``n_docs``; units sorted by the text of their values) and which
    runs are kept (``dropna``: runs without a group value are dropped, else grouped as
    ``"(none)"``)."""
    n_runs = len(run_doc_ids)
    meta = docs.copy()
    meta["doc_id"] = meta["doc_id"].astype(str)
    meta = meta.drop_duplicates("doc_id").set_index("doc_id")
    ids = pd.Index(run_doc_ids, dtype=object)
    cols = resolve_by(by)
    if cols is None:
        unit_frame = pd.DataFrame({"unit": ["all"], "n_docs": [n_runs]})
        return None, np.zeros(n_runs, dtype=np.int64), unit_frame, np.ones(n_runs, dtype=bool)
    found = group_keys(meta.reset_index(), cols)
    found.index = meta.index
    # objects, missing as None (ints stay ints)
    keys = found.reindex(ids).astype(object)
    keys = keys.where(keys.notna(), None)
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


__all__ = ["DOC", "ALIASES", "PERIODS", "resolve_by", "available", "group_values", "group_keys", "doc_units",
           "unit_labels"]
