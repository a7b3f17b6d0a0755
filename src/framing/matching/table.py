"""The token table as the matchers read it: lemma, surface form and compound parts as codes,
document runs and corpus-wide sentence numbers.

Hashing five million strings is most of what a scorer costs, and a researcher scores the same
tokens many times (several codebooks, the othering index, KWIC, north/south, labels) and counts
them too (co-occurrence, topics). The codes are the one encoding of the token table,
:func:`framing.nlp.codes.column_codes` (kept with the table, shared with :meth:`framing.Tokens.ids`
and the term selector); :func:`table_codes` adds what matching needs on top and keeps it with the
table as well. A rule set then maps only the distinct values (thousands, not millions) to its
vocabulary and gathers with NumPy.

The codes are checked against the identity of the table's column arrays, so a column replaced in
place is encoded afresh. The token table is read-only by contract (:attr:`framing.Tokens.table`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.errors import InputError
from framing.nlp.codes import arrow_strings, column_codes, encode, memo, peek, value_lut


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
    rows: np.ndarray | None = None    # row of the given table per row of ``table`` (None: the same table)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def in_order(self, per_row: np.ndarray) -> np.ndarray:
        """Values given per row of the original table, in the order of :attr:`table`."""
        return per_row if self.rows is None else np.asarray(per_row)[self.rows]

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


def _doc_runs(table: pd.DataFrame) -> tuple[np.ndarray, list[str], bool]:
    """Bool per row: a new document starts here; the doc_id of each run; whether every document
    is one run. From the codes of ``doc_id`` where the table has them already
    (:func:`framing.nlp.codes.column_codes`, e.g. after :meth:`framing.Tokens.ids`), else by
    comparing neighbouring rows (cheaper than hashing every doc_id for a scorer on its own)."""
    n = len(table)
    new_doc = np.empty(n, dtype=bool)
    new_doc[:1] = True
    known = peek(table, ("column", "doc_id"), ("doc_id",))
    if known is not None:
        codes, values = known
        new_doc[1:] = codes[1:] != codes[:-1]
        starts = np.flatnonzero(new_doc)
        doc_ids = [str(d) for d in values.take(pa.array(codes[starts])).to_pylist()]
        return new_doc, doc_ids, len(starts) == len(values)
    arr = arrow_strings(table["doc_id"])
    if n > 1:
        new_doc[1:] = pc.not_equal(arr.slice(1), arr.slice(0, n - 1)).to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(new_doc)
    if arr.num_chunks == 1:
        vals = arr.chunk(0).take(pa.array(starts)).to_pylist()
    else:   # one gather per Arrow chunk
        bounds = np.cumsum([0] + [len(c) for c in arr.chunks])
        which = np.searchsorted(bounds, starts, side="right") - 1
        vals = []
        for ci in np.unique(which):
            vals.extend(arr.chunk(int(ci)).take(pa.array(starts[which == ci] - bounds[ci])).to_pylist())
    doc_ids = [str(d) for d in vals]
    return new_doc, doc_ids, len(set(doc_ids)) == len(doc_ids)


_COLUMNS = ("doc_id", "sent_id", "token_id", "text", "lemma", "compound_parts", "is_punct")


def table_codes(table: pd.DataFrame) -> TableCodes:
    """The codes of ``table``, computed on first use and kept with the table
    (:func:`framing.nlp.codes.memo`: rebuilt when one of its columns is replaced)."""
    if not len(table) or not all(c in table.columns for c in _COLUMNS):
        return _build(table)
    return memo(table, "table_codes", _COLUMNS, lambda: _build(table))


def _build(table: pd.DataFrame) -> TableCodes:
    n = len(table)
    if n == 0:
        empty = np.zeros(0, dtype=np.int32)
        none = pa.array([], type=pa.string())
        return TableCodes(table, 0, empty, none, empty, none, empty, [], np.zeros(0, bool), empty.astype(np.int64),
                          [], empty, empty, np.zeros(0, bool))
    if "doc_id" not in table.columns or "token_id" not in table.columns:
        raise InputError("the token table needs doc_id and token_id columns")
    new_doc, doc_ids, one_run_each = _doc_runs(table)
    rows = None
    tid = table["token_id"].to_numpy()
    if not one_run_each or np.any(~new_doc[1:] & (tid[1:] <= tid[:-1])):
        # documents interleaved or out of token order: sort once (rare; annotate() never does this)
        order = pd.DataFrame({"d": column_codes(table, "doc_id")[0], "t": tid}).sort_values(
            ["d", "t"], kind="stable").index
        rows = np.asarray(order, dtype=np.int64)
        table = table.iloc[rows].reset_index(drop=True)
        new_doc, doc_ids, _ = _doc_runs(table)
    starts = np.flatnonzero(new_doc)
    # the three hash passes run side by side (Arrow releases the GIL); the encodings are the
    # table's own (shared with Tokens.ids and the term selector)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=3) as pool:
        jobs = [pool.submit(column_codes, table, c) for c in ("text", "lemma", "compound_parts")]
        (text_codes, text_values), (lemma_codes, lemma_values), (parts_codes, parts_dict) = [j.result() for j in jobs]
    doc = np.cumsum(new_doc, dtype=np.int32) - 1
    sent_id = table["sent_id"].to_numpy()
    new_sent = new_doc.copy()
    new_sent[1:] |= sent_id[1:] != sent_id[:-1]
    sent = np.cumsum(new_sent, dtype=np.int32) - 1
    out = TableCodes(table, n, text_codes, text_values, lemma_codes, lemma_values, parts_codes,
                     parts_dict.to_pylist(), new_doc, starts, doc_ids, doc, sent,
                     table["is_punct"].to_numpy(dtype=bool), rows)
    for arr in (new_doc, starts, doc, sent):
        arr.flags.writeable = False   # shared by every scorer call on this table
    return out


__all__ = ["TableCodes", "table_codes", "encode", "arrow_strings", "value_lut"]
