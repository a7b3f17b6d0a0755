"""Comparison groups with enough documents: small groups pooled, documents without a value kept.

    tokens, info = pool_groups(tokens, "place", min_size=5)
    info.pooled      # ["Altena-Dahle", ...]: the values pooled into "(other)"
    info.n_docs      # {"Essen-Hörsterfeld": 54, "(other)": 7, "(none)": 3}

A town with one article would otherwise show up as a 100 % bar; pooled, its documents still
count, in one reported group. Documents without a value form the group ``"(none)"`` (the same
label :class:`framing.OtheringScorer` uses with ``dropna=False``) instead of silently dropping
out. Every instrument of ``framing analyze`` is then grouped by the same column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from framing.errors import InputError, check_positive

#: the group of documents without a value, and the pool of small groups
NONE_LABEL = "(none)"
OTHER_LABEL = "(other)"


@dataclass
class GroupInfo:
    """How the groups of ``by`` were formed: the column, the minimum size, the pooled values
    and the number of documents per (pooled) group."""

    by: str
    min_group_size: int
    column: str
    pooled: list[str] = field(default_factory=list)
    n_docs: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "column": self.column, "min_group_size": self.min_group_size,
                "pooled": list(self.pooled), "n_docs": dict(self.n_docs)}


def pool_groups(tokens: Any, by: str, min_size: int = 5, *, column: str | None = None) -> tuple[Any, GroupInfo]:
    """``tokens`` with the grouping column ``column`` (default: ``by`` itself, the raw values
    kept as ``<by>_raw``) in ``tokens.docs``: groups of fewer than ``min_size`` documents are
    pooled into ``"(other)"``, documents without a value form ``"(none)"``. Values are
    compared as text (a year 2016 becomes "2016"). Returns the new Tokens and a
    :class:`GroupInfo`; ``tokens`` itself is not changed."""
    from framing.nlp.tokens import Tokens

    if not isinstance(tokens, Tokens):
        raise InputError(f"pool_groups() takes framing Tokens, not {type(tokens).__name__}")
    check_positive("min_size", min_size, minimum=1)
    docs = tokens.docs.copy()
    if by == "year" and "year" not in docs.columns and "date" in docs.columns:
        raw = pd.to_datetime(docs["date"], errors="coerce").dt.year.astype("Int64")
    elif by in docs.columns:
        raw = docs[by]
    else:
        raise InputError(f"cannot group by {by!r}; document columns are {list(docs.columns)}")
    text = raw.astype(object).where(raw.notna(), None)
    text = text.map(lambda v: None if v is None or str(v).strip() == "" else str(v))
    counts = text.dropna().value_counts()
    small = sorted(str(v) for v, n in counts.items() if n < min_size)
    label = text.where(~text.isin(small), OTHER_LABEL).where(text.notna(), NONE_LABEL)
    column = column or by
    if column == by and by in docs.columns:
        docs[f"{by}_raw"] = docs[by]
    docs[column] = label.astype(str)
    n_docs = {str(k): int(v) for k, v in label.value_counts().sort_index().items()}
    # named groups first (alphabetical), then the pool and the documents without a value
    order = sorted(k for k in n_docs if k not in (OTHER_LABEL, NONE_LABEL)) + \
        [k for k in (OTHER_LABEL, NONE_LABEL) if k in n_docs]
    info = GroupInfo(by=by, min_group_size=int(min_size), column=column, pooled=small,
                     n_docs={k: n_docs[k] for k in order})
    return tokens.with_docs(docs), info   # a tokens folder stays unloaded


__all__ = ["GroupInfo", "NONE_LABEL", "OTHER_LABEL", "pool_groups"]
