"""Topic tables by town, outlet and time, and the documents that represent each topic.

All functions take the document-topic table (``model.doc_topics_``: documents x topics,
indexed by doc_id) and the document metadata (``model.docs_``), so they work for any engine and
for proportions of new documents from ``model.transform``. A group's topic share is the mean
topic proportion of its documents (each document counts once, whatever its length).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import InputError, ParameterError
from framing.grouping import group_values, resolve_by

PERIODS = {"year": "Y", "quarter": "Q", "month": "M"}


def _aligned(doc_topics: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    if "doc_id" not in docs.columns:
        raise InputError("document metadata needs a doc_id column")
    meta = docs.assign(doc_id=docs["doc_id"].astype(str)).drop_duplicates("doc_id").set_index("doc_id")
    return meta.reindex(doc_topics.index.astype(str))


def _group_columns(meta: pd.DataFrame, cols: list[str]) -> list[pd.Series]:
    """Group values per document (``meta`` indexed by doc_id) through the shared resolver."""
    flat = meta.rename_axis("doc_id").reset_index()
    return [group_values(flat, c).set_axis(meta.index) for c in cols]


def period_key(dates: pd.Series, freq: str) -> pd.Series:
    """``"2016"``, ``"2016Q1"`` or ``"2016-03"`` per date (missing dates stay missing)."""
    if freq not in PERIODS:
        raise ParameterError(f"freq must be one of {sorted(PERIODS)}, got {freq!r}")
    d = pd.to_datetime(dates, errors="coerce")
    out = pd.Series(pd.NA, index=dates.index, dtype="object")
    ok = d.notna()
    if ok.any():
        out[ok] = d[ok].dt.to_period(PERIODS[freq]).astype(str)
    return out


def _mean_by(doc_topics: pd.DataFrame, keys: list[pd.Series], long: bool, names: list[str],
             topics: pd.DataFrame | None) -> pd.DataFrame:
    frame = doc_topics.copy()
    frame.columns = list(doc_topics.columns)
    valid = np.ones(len(frame), dtype=bool)
    for k in keys:
        valid &= k.notna().to_numpy()
    frame = frame.loc[valid]
    groups = [k.loc[valid].to_numpy() for k in keys]
    grouped = frame.groupby(groups if len(groups) > 1 else groups[0], sort=True)
    wide = grouped.mean()
    wide.index.names = names
    wide.columns = pd.Index(list(doc_topics.columns), name="topic")
    counts = grouped.size().rename("n_docs")
    counts.index.names = names
    if not long:
        # group sizes travel with the table, so a heatmap can show n and grey out tiny groups
        wide.attrs["n_docs"] = {k: int(v) for k, v in counts.items()}
        return wide
    out = wide.stack().rename("share").reset_index()
    out = out.merge(counts.reset_index(), on=names, how="left")
    if topics is not None:
        # a grouping column may itself be called "label" (a desk label): the topic's label
        # then goes to "topic_label" instead of colliding with it
        label = "topic_label" if "label" in names else "label"
        out = out.merge(topics[["topic", "label"]].rename(columns={"label": label}), on="topic", how="left")
        out = out[[*names, "topic", label, "share", "n_docs"]]
    return out


def topics_by_group(doc_topics: pd.DataFrame, docs: pd.DataFrame, by: str | Sequence[str] = "place", *,
                    long: bool = False, topics: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mean topic proportion per group: a groups x topics table (rows of LDA sum to 1).

    ``by`` is a metadata column (place, outlet, genre …), year/quarter/month, or a list of them
    (the shared ``by``: :mod:`framing.grouping`). ``long=True``
    gives one row per group and topic with ``share`` and the group's ``n_docs`` (and labels,
    if ``topics`` is given). Documents without a group value are left out.
    """
    meta = _aligned(doc_topics, docs)
    cols = resolve_by(by)
    if cols is None:
        raise ParameterError(f"by must name a document column, got {by!r}")
    return _mean_by(doc_topics, _group_columns(meta, cols),
                    long, cols, topics)


def topics_over_time(doc_topics: pd.DataFrame, docs: pd.DataFrame, freq: str = "year", *,
                     by: str | None = None, long: bool = False,
                     topics: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mean topic proportion per period (``freq`` = year, quarter or month): periods x topics,
    or (group, period) x topics with ``by``. Periods without documents are absent; documents
    without a date are left out."""
    meta = _aligned(doc_topics, docs)
    if "date" not in meta.columns:
        raise InputError("topics over time need a date column in the document metadata")
    keys = [period_key(meta["date"], freq)]
    names = ["period"]
    if by is not None:
        cols = resolve_by(by) or []
        keys[:0] = _group_columns(meta, cols)
        names[:0] = cols
    return _mean_by(doc_topics, keys, long, names, topics)


def representative_docs(doc_topics: pd.DataFrame, docs: pd.DataFrame, topics: pd.DataFrame | None = None,
                        n: int = 3, *, columns: Sequence[str] = ("place", "outlet", "date", "title"),
                        ) -> pd.DataFrame:
    """The ``n`` documents with the highest proportion of each topic (ties by doc_id), with
    metadata columns for reading them: topic, label, rank, doc_id, proportion, ``columns``."""
    meta = _aligned(doc_topics, docs)
    cols = [c for c in columns if c in meta.columns]
    rows = []
    ids = np.asarray(doc_topics.index.astype(str))
    labels = dict(zip(topics["topic"], topics["label"])) if topics is not None else {}
    for topic in doc_topics.columns:
        values = doc_topics[topic].to_numpy(dtype=float)
        order = np.lexsort((ids, -np.nan_to_num(values, nan=-1.0)))[:n]
        for rank, i in enumerate(order):
            row = {"topic": topic, "label": labels.get(topic), "rank": rank + 1, "doc_id": ids[i],
                   "proportion": float(values[i])}
            for c in cols:
                row[c] = meta[c].iloc[i]
            rows.append(row)
    return pd.DataFrame(rows, columns=["topic", "label", "rank", "doc_id", "proportion", *cols])
