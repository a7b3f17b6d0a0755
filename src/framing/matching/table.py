"""The token table as integer codes, encoded once per table and reused by every matcher.

Matching needs the lemma, surface form and compound parts of every token as integers, the
document runs and corpus-wide sentence numbers. Hashing five million strings is most of what a
scorer costs, and a researcher scores the same tokens many times (several codebooks, the othering
index, KWIC, north/south, labels), so :func:`table_codes` dictionary-encodes each string column
once (Arrow ``dictionary_encode``) and keeps the codes with the table. A rule set then maps only
the distinct values (thousands, not millions) to its vocabulary and gathers with NumPy.

The codes are kept in the table's ``__dict__`` (pandas does not carry them to copies or slices)
and are checked against the identity of the table's column arrays, so a column replaced in place
is encoded afresh. The token table is read-only by contract (:attr:`framing.Tokens.table`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.errors import InputError

_KEY = "_framing_table_codes"


def arrow_strings(series: pd.Series) -> pa.ChunkedArray:
    """The column as an Arrow string array (zero-copy for Arrow-backed string columns; chunks kept)."""
    arr = series.array
    pa_arr = getattr(arr, "_pa_array", None)
    if pa_arr is None:
        pa_arr = pa.array(series.to_numpy(dtype=object, na_value=None), type=pa.string(), from_pandas=True)
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


@dataclass
class TableCodes:
    """One token table as codes: per string column the code of each token and the distinct
    values; the document runs, corpus-wide sentence numbers and punctuation flags."""

    table: pd.DataFrame               # the table the codes describe (sorted by document and token)
    n: int
    text_codes: np.ndarray
    text_values: pa.Array
    lemma_codes: np.ndarray
    lemma_values: pa.Array
    parts_codes: np.ndarray
    parts_values: list[str]
    new_doc: np.ndarray
    starts: np.ndarray                # first row of each document run
    doc_ids: list[str]
    doc: np.ndarray                   # run index per token
    sent: np.ndarray                  # corpus-wide sentence number per token
    punct: np.ndarray
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def lemma_counts(self) -> np.ndarray:
        """Tokens per distinct lemma value."""
        if "lemma_counts" not in self._memo:
            self._memo["lemma_counts"] = np.bincount(self.lemma_codes + 1,
                                                     minlength=len(self.lemma_values) + 1)[1:]
        return self._memo["lemma_counts"]

    def words_per_doc(self) -> np.ndarray:
        """Non-punctuation tokens per document run."""
        if "words" not in self._memo:
            words = np.cumsum(~self.punct, dtype=np.int64)        # words up to and including each row
            ends = np.append(self.starts[1:], self.n) - 1
            self._memo["words"] = np.diff(np.concatenate([[0], words[ends]]))
        return self._memo["words"]

    def text_objects(self) -> np.ndarray:
        """The distinct surface forms as a NumPy object array, with None at the end (code -1)."""
        if "text_obj" not in self._memo:
            obj = np.empty(len(self.text_values) + 1, dtype=object)
            obj[:-1] = self.text_values.to_pylist()
            self._memo["text_obj"] = obj
        return self._memo["text_obj"]

    def texts(self, positions: np.ndarray) -> list[Any]:
        """Surface forms at ``positions`` (a NumPy gather over the distinct values)."""
        return self.text_objects()[self.text_codes[np.asarray(positions, dtype=np.int64)]].tolist()

    def capital_lut(self) -> np.ndarray:
        """Per distinct surface form: starts with a capital letter (Python's ``str.isupper`` of
        the first character); False for null."""
        if "cap" not in self._memo:
            obj = self.text_objects()
            self._memo["cap"] = np.array([bool(t) and t[:1].isupper() for t in obj[:-1]] + [False], dtype=bool)
        return self._memo["cap"]

    def positions_of(self, words: frozenset[str] | set[str], column: str = "text") -> np.ndarray:
        """Sorted positions whose ``column`` value (text or lemma) is one of ``words`` (cached)."""
        key = f"pos:{column}:{hash(frozenset(words))}"
        if key not in self._memo:
            values, codes = ((self.text_values, self.text_codes) if column == "text"
                             else (self.lemma_values, self.lemma_codes))
            lut = value_lut(values, pa.array(sorted(words), type=pa.string())) >= 0
            self._memo[key] = np.flatnonzero(lut[codes])
        return self._memo[key]


def _doc_starts(table: pd.DataFrame) -> np.ndarray:
    """Bool per row: a new document starts here (compared as Arrow strings, no Python loop)."""
    n = len(table)
    doc_arr = arrow_strings(table["doc_id"].astype("string") if table["doc_id"].dtype == object
                            else table["doc_id"])
    new_doc = np.empty(n, dtype=bool)
    new_doc[0] = True
    if n > 1:
        new_doc[1:] = pc.not_equal(doc_arr.slice(1), doc_arr.slice(0, n - 1)).to_numpy()
    return new_doc


def _doc_ids(table: pd.DataFrame, starts: np.ndarray) -> list[str]:
    """doc_id of each run's first row, as text (one gather per Arrow chunk)."""
    col = table["doc_id"]
    arr = arrow_strings(col.astype("string") if col.dtype == object else col)
    if arr.num_chunks == 1:
        vals = arr.chunk(0).take(pa.array(starts)).to_pylist()
    else:
        bounds = np.cumsum([0] + [len(c) for c in arr.chunks])
        which = np.searchsorted(bounds, starts, side="right") - 1
        vals = []
        for ci in np.unique(which):
            sel = starts[which == ci] - bounds[ci]
            vals.extend(arr.chunk(int(ci)).take(pa.array(sel)).to_pylist())
    return [str(d) for d in vals]


def _column_id(series: pd.Series) -> int:
    """Identity of a column's data: the Arrow array object, or the NumPy buffer address."""
    pa_arr = getattr(series.array, "_pa_array", None)
    if pa_arr is not None:
        return id(pa_arr)
    arr = series.to_numpy()
    return arr.__array_interface__["data"][0] if arr.dtype != object else id(series.array)


def _signature(table: pd.DataFrame) -> tuple[int, ...]:
    """Identity of the columns the codes are built from (a replaced column changes it)."""
    return (len(table), *(_column_id(table[c]) for c in ("doc_id", "sent_id", "token_id", "text", "lemma",
                                                         "compound_parts", "is_punct")))


def table_codes(table: pd.DataFrame) -> TableCodes:
    """The codes of ``table``, computed on first use and kept with the table."""
    sig = _signature(table) if len(table) and "doc_id" in table.columns and "token_id" in table.columns else None
    cached = table.__dict__.get(_KEY)
    if sig is not None and cached is not None and cached[0] == sig:
        return cached[1]
    codes = _build(table)
    if sig is not None:
        table.__dict__[_KEY] = (sig, codes)
    return codes


def _build(table: pd.DataFrame) -> TableCodes:
    n = len(table)
    if n == 0:
        empty = np.zeros(0, dtype=np.int32)
        none = pa.array([], type=pa.string())
        return TableCodes(table, 0, empty, none, empty, none, empty, [], np.zeros(0, bool), empty.astype(np.int64),
                          [], empty, empty, np.zeros(0, bool))
    if "doc_id" not in table.columns or "token_id" not in table.columns:
        raise InputError("the token table needs doc_id and token_id columns")
    new_doc = _doc_starts(table)
    starts = np.flatnonzero(new_doc)
    doc_ids = _doc_ids(table, starts)
    tid = table["token_id"].to_numpy()
    if len(set(doc_ids)) != len(doc_ids) or np.any(~new_doc[1:] & (tid[1:] <= tid[:-1])):
        # documents interleaved or out of token order: sort once (rare; annotate() never does this)
        order = pd.DataFrame({"d": pd.factorize(table["doc_id"])[0], "t": tid}).sort_values(
            ["d", "t"], kind="stable").index
        table = table.iloc[order].reset_index(drop=True)
        new_doc = _doc_starts(table)
        starts = np.flatnonzero(new_doc)
        doc_ids = _doc_ids(table, starts)
    # the three hash passes run side by side (Arrow releases the GIL)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=3) as pool:
        jobs = [pool.submit(encode, arrow_strings(table[c])) for c in ("text", "lemma", "compound_parts")]
        (text_codes, text_values), (lemma_codes, lemma_values), (parts_codes, parts_dict) = [j.result() for j in jobs]
    doc = np.cumsum(new_doc, dtype=np.int32) - 1
    sent_id = table["sent_id"].to_numpy()
    new_sent = new_doc.copy()
    new_sent[1:] |= sent_id[1:] != sent_id[:-1]
    sent = np.cumsum(new_sent, dtype=np.int32) - 1
    out = TableCodes(table, n, text_codes, text_values, lemma_codes, lemma_values, parts_codes,
                     parts_dict.to_pylist(), new_doc, starts, doc_ids, doc, sent,
                     table["is_punct"].to_numpy(dtype=bool))
    for arr in (text_codes, lemma_codes, parts_codes, new_doc, starts, doc, sent):
        arr.flags.writeable = False   # shared by every scorer call on this table
    return out


__all__ = ["TableCodes", "table_codes", "encode", "arrow_strings", "value_lut"]
