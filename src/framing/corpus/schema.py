"""The documents table: its columns, their types, and normalisation of any frame into that shape.

Core columns (always present, in this order):

============  ==========================================================================
doc_id        unique string id of the document
text          the (cleaned) full text
title         headline / title, may be missing
date          publication or speech date (pandas datetime, ``NaT`` when unknown)
outlet        newspaper, edition, website or body (e.g. "WAZ Essen", "Rat der Stadt Altena")
place         the primary place the document is about (metadata, else place tagging)
section       section / Ressort / agenda item
author        author or speaker
url           source URL, may be missing
source        where it came from: ``path#record`` (record = position in a multi-document file)
============  ==========================================================================

Added by ingest steps: ``places`` (list of all places tagged), ``is_duplicate``, ``duplicate_of``,
``carried_by`` (outlets that printed the same story). Any other metadata column is kept as is.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

CORE_COLUMNS: tuple[str, ...] = (
    "doc_id", "text", "title", "date", "outlet", "place", "section", "author", "url", "source",
)
STRING_COLUMNS: tuple[str, ...] = tuple(c for c in CORE_COLUMNS if c != "date")
LIST_COLUMNS: tuple[str, ...] = ("places", "carried_by")


def _to_list(value: object) -> list:
    if value is None:
        return []
    if isinstance(value, float) and np.isnan(value):
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return [str(value)]


def _own_list(value: object) -> list:
    """``value`` itself when it is already a list of strings, else :func:`_to_list`."""
    if type(value) is list and all(type(v) is str for v in value):
        return value
    return _to_list(value)


def normalise_docs(df: pd.DataFrame, *, own_lists: bool = False) -> pd.DataFrame:
    """Return a copy of ``df`` with every core column present and typed; extra columns kept.

    Strings become pandas ``string`` dtype (missing = ``<NA>``), ``date`` becomes datetime
    (unparseable values become ``NaT``: parse dates in the reader if you want them reported),
    list columns hold Python lists (Parquet hands back arrays; they are converted back), new
    ones unless ``own_lists``: the caller gives ``df`` away, and its cells that are already lists
    of strings are kept as they are (ingest: 200,000 lists fewer for 100,000 documents).
    """
    out = df.copy()
    for col in CORE_COLUMNS:
        if col not in out.columns:
            out[col] = pd.NA
    for col in STRING_COLUMNS:
        out[col] = out[col].astype("string")
    out["text"] = out["text"].fillna("")
    if not pd.api.types.is_datetime64_any_dtype(out["date"]):
        out["date"] = pd.to_datetime(out["date"], errors="coerce", format="mixed")
    if getattr(out["date"].dt, "tz", None) is not None:
        out["date"] = out["date"].dt.tz_convert(None)
    for col in LIST_COLUMNS:
        if col in out.columns:
            out[col] = [(_own_list if own_lists else _to_list)(v) for v in out[col]]
    if "is_duplicate" in out.columns:
        out["is_duplicate"] = out["is_duplicate"].fillna(False).astype(bool)
    if "duplicate_of" in out.columns:
        out["duplicate_of"] = out["duplicate_of"].astype("string")
    extra = [c for c in out.columns if c not in CORE_COLUMNS]
    return out[list(CORE_COLUMNS) + extra].reset_index(drop=True)
