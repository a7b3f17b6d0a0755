"""The token table as integers: each string column dictionary-encoded once, kept with the table.

Every instrument that reads tokens needs them as integers: co-occurrence and topics count term
ids (:meth:`framing.Tokens.ids`, :func:`framing.nlp.terms.select_terms`), the matchers of
othering, frames and KWIC look lemmas, surface forms and compound parts up per distinct value
(:func:`framing.matching.table.table_codes`), the stopword and POS filters test each distinct
word once. Hashing millions of strings is most of what each of them costs, so there is one
encoding: :func:`column_codes` dictionary-encodes a column with Arrow (codes in order of first
appearance, -1 for a missing value) on first use and keeps codes and distinct values in the
table's ``__dict__``; everything else (sorted term ids, lower-cased terms, document and sentence
numbers, look-up tables) is derived from the distinct values, not from the tokens again.

The codes are checked against the identity of the column's data, so a column replaced in
place is encoded afresh; pandas does not carry them to copies or slices. The token table is
read-only by contract (:attr:`framing.Tokens.table`).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_STORE = "_framing_codes"
T = TypeVar("T")


def arrow_strings(series: pd.Series) -> pa.ChunkedArray:
    """The column as an Arrow string array (zero-copy for Arrow-backed string columns; chunks
    kept). Values that are not strings are taken as their ``str()``."""
    arr = series.array
    pa_arr = getattr(arr, "_pa_array", None)
    if pa_arr is None:
        values = series.to_numpy(dtype=object, na_value=None)
        if not all(isinstance(v, str) for v in values if v is not None):
            values = series.astype(str).to_numpy(dtype=object)
        pa_arr = pa.array(values, type=pa.string(), from_pandas=True)
    if not isinstance(pa_arr, pa.ChunkedArray):
        pa_arr = pa.chunked_array([pa_arr])
    if pa_arr.type not in (pa.string(), pa.large_string()):
        pa_arr = pc.cast(pa_arr, pa.string())
    return pa_arr


def encode(arr: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Dictionary-encode a string array: int32 codes (-1 for null) and the distinct values."""
    enc = pc.dictionary_encode(arr)
    chunks = enc.chunks if isinstance(enc, pa.ChunkedArray) else [enc]
    if not chunks:
        return np.zeros(0, dtype=np.int32), pa.array([], type=pa.string())
    # the hash kernel runs over all chunks with one memo table: every chunk carries the same
    # (final) dictionary, so the indices can be concatenated as they are
    dictionary = chunks[-1].dictionary
    parts = []
    for c in chunks:
        idx = c.indices if c.null_count == 0 else c.indices.fill_null(-1)
        parts.append(idx.to_numpy(zero_copy_only=False))
    codes = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return codes.astype(np.int32, copy=False), dictionary


def value_lut(values: pa.Array, value_set: pa.Array, mapping: np.ndarray | None = None) -> np.ndarray:
    """Per distinct value: its index in ``value_set`` (or ``mapping[index]``), -1 where absent;
    one extra -1 slot at the end so that code -1 (null) maps to -1."""
    if len(values) == 0 or len(value_set) == 0:
        return np.full(len(values) + 1, -1, dtype=np.int32)
    idx = pc.index_in(values, value_set=value_set).fill_null(-1).to_numpy(zero_copy_only=False)
    idx = idx.astype(np.int64, copy=False)
    if mapping is not None:
        idx = np.where(idx >= 0, np.asarray(mapping)[np.maximum(idx, 0)], -1)
    return np.append(idx, -1).astype(np.int32)


def _data(series: pd.Series) -> tuple[Any, int]:
    """What holds a column's data and where (a replaced column has another): the Arrow array,
    or the NumPy array a column is a view of (a block of the frame) and the column's address."""
    arr = series.array
    pa_arr = getattr(arr, "_pa_array", None)
    if pa_arr is not None:
        return pa_arr, 0
    nd = getattr(arr, "_ndarray", None)
    if isinstance(nd, np.ndarray):
        return (nd.base if nd.base is not None else nd), nd.__array_interface__["data"][0]
    return arr, 0


def memo(table: pd.DataFrame, key: Any, columns: Sequence[str], build: Callable[[], T]) -> T:
    """``build()`` computed once per table and kept with it while ``columns`` hold the same data
    (the references are kept too, so a replaced column's data cannot be mistaken for it)."""
    store = table.__dict__.setdefault(_STORE, {})
    data = tuple(_data(table[c]) for c in columns)
    got = store.get(key)
    if got is not None and got[1] == len(table) and all(a[0] is b[0] and a[1] == b[1]
                                                         for a, b in zip(got[0], data)):
        return got[2]  # type: ignore[no-any-return]
    value = build()
    store[key] = (data, len(table), value)
    return value


def peek(table: pd.DataFrame, key: Any, columns: Sequence[str]) -> Any:
    """What :func:`memo` keeps under ``key`` for the current ``columns``, or None (never builds)."""
    got = table.__dict__.get(_STORE, {}).get(key)
    if got is None or got[1] != len(table):
        return None
    data = tuple(_data(table[c]) for c in columns)
    return got[2] if all(a[0] is b[0] and a[1] == b[1] for a, b in zip(got[0], data)) else None


def column_codes(table: pd.DataFrame, column: str) -> tuple[np.ndarray, pa.Array]:
    """``(code per row, distinct values)`` of a string column: int32 codes in order of first
    appearance, -1 for a missing value; read-only, computed once per table."""
    def build() -> tuple[np.ndarray, pa.Array]:
        codes, values = encode(arrow_strings(table[column]))
        codes.flags.writeable = False
        return codes, values

    return memo(table, ("column", column), (column,), build)


def value_mask(table: pd.DataFrame, column: str, test: Callable[[str], bool]) -> np.ndarray:
    """Bool per row: the column's value passes ``test`` (a missing value never does); ``test``
    runs once per distinct value."""
    codes, values = column_codes(table, column)
    lut = np.fromiter((v is not None and test(v) for v in values.to_pylist()), dtype=bool,
                      count=len(values))
    return np.append(lut, False)[codes]


def term_codes(table: pd.DataFrame, column: str = "lemma",
               lowercase: bool = False) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``(term id per row, vocabulary)``: the terms of ``column`` (a missing value takes the
    token's ``text``; lower-cased with ``lowercase``) numbered in sorted (code point) order, the
    vocabulary as Python strings. Derived from :func:`column_codes` over the distinct values
    only. ``(None, None)`` where a value and its text are both missing."""
    def build() -> tuple[np.ndarray | None, np.ndarray | None]:
        c, values = column_codes(table, column)
        codes = c.astype(np.int64)
        missing = codes < 0
        if missing.any():
            if column == "text":
                return None, None
            tc, tvalues = column_codes(table, "text")
            if (tc[missing] < 0).any():
                return None, None
            codes[missing] = len(values) + tc[missing]
            both = pa.concat_arrays([values.cast(pa.large_string()), tvalues.cast(pa.large_string())])
            merged = pc.dictionary_encode(both)  # a form that is also a lemma is one term
            codes = merged.indices.to_numpy(zero_copy_only=False).astype(np.int64)[codes]
            values = merged.dictionary
            present = np.bincount(codes, minlength=len(values)) > 0
            if not present.all():   # only the values some token takes
                codes = (np.cumsum(present) - 1)[codes]
                values = values.filter(pa.array(present))
        if lowercase:  # lower-case the distinct terms only, then merge those that meet
            low = pc.dictionary_encode(pc.utf8_lower(values))
            codes = low.indices.to_numpy(zero_copy_only=False).astype(np.int64)[codes]
            values = low.dictionary
        # UTF-8 byte order is code point order: the order of sorted Python strings
        order = pc.array_sort_indices(values).to_numpy(zero_copy_only=False).astype(np.int64)
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order), dtype=np.int64)
        codes = rank[codes] if len(codes) else codes
        vocab = values.take(pa.array(order)).to_numpy(zero_copy_only=False).astype(object)
        codes.flags.writeable = False
        vocab.flags.writeable = False
        return codes, vocab

    columns = (column,) if column == "text" else (column, "text")
    return memo(table, ("terms", column, bool(lowercase)), columns, build)


def doc_units(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """``(document code, corpus-wide sentence number, position)`` per row (int64) and the
    doc_id of each document code: documents in order of first appearance (the codes of
    ``doc_id``), sentences numbered in order of first appearance of (document, sent_id)."""
    def build() -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        n = len(table)
        dc, dvalues = column_codes(table, "doc_id")
        doc = dc.astype(np.int64)
        sent_key = doc * (int(table["sent_id"].max()) + 1 if n else 1) + table["sent_id"].to_numpy()
        head, tail = sent_key[:-1], sent_key[1:]
        if n and not (tail < head).any():  # in order, as annotate writes them: number the runs
            sent = np.zeros(n, dtype=np.int64)
            np.cumsum(tail != head, out=sent[1:])
        else:
            sent = pd.factorize(sent_key, sort=False)[0].astype(np.int64)
        position = table["token_id"].to_numpy(dtype=np.int64)
        for arr in (doc, sent, position):
            arr.flags.writeable = False
        return doc, sent, position, [str(d) for d in dvalues.to_pylist()]

    return memo(table, "units", ("doc_id", "sent_id", "token_id"), build)


__all__ = ["arrow_strings", "encode", "value_lut", "column_codes", "value_mask", "term_codes", "doc_units", "memo",
           "peek"]
