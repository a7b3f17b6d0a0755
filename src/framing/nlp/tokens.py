"""Tokens: the annotated corpus every analysis reads (one row per token), plus an integer-id view.

Token table columns (in this order):

================  =====================================================================
doc_id            document id (string), as in the Corpus
sent_id           sentence number within the document (int32, from 0)
token_id          token position within the document (int32, from 0)
text              surface form as in the text
lemma             lemma (articles → "der", "die Flüchtlinge" → "Flüchtling")
upos              Universal POS tag (``<NA>`` in profiles without POS)
xpos              STTS tag, STTS 1999 tag set (``<NA>`` in profiles without POS)
is_stop           stopword (bool)
is_punct          punctuation (bool)
compound_parts    nouns: "|"-joined lemma parts ("Flüchtling|Unterkunft"; a simplex noun is its own
                  single part, "Stadt"); other tokens ``<NA>``
compound_head     nouns: the last part ("Unterkunft"; "Stadt" for "Stadt"); other tokens ``<NA>``
gender_inclusive  form was gender-inclusive ("Mitbürger*innen") and was normalised (bool)
start_char        character offset of the token in the document text (int32)
end_char          end offset, exclusive (int32)
================  =====================================================================

Document metadata (``place``, ``outlet``, ``date`` … without the text) travels along as
:attr:`Tokens.docs` so that analyses can group tokens by town, outlet or year; :func:`framing.annotate`
adds ``language``, ``n_tokens``, ``n_sentences`` and ``flags`` (see docs/reference/tokens.md).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from framing.errors import InputError

TOKEN_COLUMNS: tuple[str, ...] = (
    "doc_id", "sent_id", "token_id", "text", "lemma", "upos", "xpos", "is_stop", "is_punct",
    "compound_parts", "compound_head", "gender_inclusive", "start_char", "end_char",
)
_STRING = ("doc_id", "text", "lemma", "upos", "xpos", "compound_parts", "compound_head")
_INT = ("sent_id", "token_id", "start_char", "end_char")
_BOOL = ("is_stop", "is_punct", "gender_inclusive")
_META_KEY = b"framing.tokens"


def normalise_tokens(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with every token column present and typed; extra columns are kept."""
    out = df.copy()
    for col in TOKEN_COLUMNS:
        if col not in out.columns:
            out[col] = False if col in _BOOL else (-1 if col in _INT else pd.NA)
    for col in _STRING:
        out[col] = out[col].astype("string")
    for col in _INT:
        out[col] = out[col].astype("int32")
    for col in _BOOL:
        out[col] = out[col].fillna(False).astype(bool)
    extra = [c for c in out.columns if c not in TOKEN_COLUMNS]
    return out[list(TOKEN_COLUMNS) + extra].reset_index(drop=True)


@dataclass(frozen=True)
class IdView:
    """Tokens as integer arrays for fast counting (NumPy/SciPy).

    ``ids[i]`` is the vocabulary index of token ``i`` (``-1`` for tokens left out by the
    selection), ``vocab[ids[i]]`` its term; ``doc_index[i]`` the position of its document in
    ``doc_ids``; ``sent_index[i]`` a corpus-wide sentence number; ``position[i]`` the token's
    position in its document. Arrays are aligned with the token table's row order.
    """

    vocab: np.ndarray
    ids: np.ndarray
    doc_index: np.ndarray
    sent_index: np.ndarray
    position: np.ndarray
    doc_ids: list[str]

    def term_to_id(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.vocab.tolist())}


class Tokens:
    """An annotated corpus: a token table plus document metadata and the annotation settings."""

    def __init__(self, table: pd.DataFrame, docs: pd.DataFrame | None = None,
                 meta: dict[str, Any] | None = None) -> None:
        self._table = normalise_tokens(table)
        if docs is None:
            docs = pd.DataFrame({"doc_id": pd.unique(self._table["doc_id"])})
        self._docs = docs.drop(columns=[c for c in ("text",) if c in docs.columns]).reset_index(drop=True)
        self.meta: dict[str, Any] = dict(meta or {})

    # -- access ------------------------------------------------------------------------------
    @property
    def table(self) -> pd.DataFrame:
        """The token table (treat as read-only)."""
        return self._table

    @property
    def docs(self) -> pd.DataFrame:
        """Document metadata (one row per document, no text)."""
        return self._docs

    def to_pandas(self, with_docs: bool | list[str] = False) -> pd.DataFrame:
        """A copy of the token table; ``with_docs=True`` (or a list of columns) joins doc metadata."""
        if not with_docs:
            return self._table.copy()
        cols = [c for c in self._docs.columns if c != "doc_id"] if with_docs is True else list(with_docs)
        return self._table.merge(self._docs[["doc_id", *cols]], on="doc_id", how="left")

    def __len__(self) -> int:
        return len(self._table)

    @property
    def n_docs(self) -> int:
        return len(self._docs)

    def __repr__(self) -> str:
        backend = self.meta.get("backend", "?")
        return f"<Tokens: {len(self)} tokens in {self.n_docs} documents, backend={backend}>"

    def filter_docs(self, doc_ids: list[str] | set[str] | pd.Series) -> "Tokens":
        """Tokens of the given documents only (e.g. one town)."""
        keep = set(doc_ids)
        return Tokens(self._table[self._table["doc_id"].isin(keep)],
                      self._docs[self._docs["doc_id"].isin(keep)], self.meta)

    def groupby(self, by: str) -> list[tuple[Any, "Tokens"]]:
        """``(value, Tokens)`` per value of a document column (``"year"`` derives from ``date``)."""
        docs = self._docs
        if by == "year":
            key = pd.to_datetime(docs["date"]).dt.year.astype("Int64")
        elif by in docs.columns:
            key = docs[by]
        else:
            raise InputError(f"cannot group tokens by {by!r}; document columns are {list(docs.columns)}")
        return [(value, self.filter_docs(docs.loc[key == value, "doc_id"]))
                for value in sorted(key.dropna().unique().tolist())]

    # -- integer view ------------------------------------------------------------------------
    def ids(self, column: str = "lemma", *, lowercase: bool = False,
            mask: np.ndarray | pd.Series | None = None) -> IdView:
        """Map a token column to integer ids. ``mask`` (bool per token) selects the terms to
        count; unselected tokens get id -1 but keep their positions (so windows stay true)."""
        t = self._table
        terms = t[column].fillna(t["text"]).astype(str)
        if lowercase:
            terms = terms.str.lower()
        codes, vocab = pd.factorize(terms.to_numpy(dtype=object)[mask if mask is not None else slice(None)],
                                    sort=True)
        ids = np.full(len(t), -1, dtype=np.int64)
        if mask is not None:
            ids[np.asarray(mask, dtype=bool)] = codes
        else:
            ids[:] = codes
        doc_codes, doc_uniques = pd.factorize(t["doc_id"].to_numpy(dtype=object), sort=False)
        sent_key = doc_codes.astype(np.int64) * (int(t["sent_id"].max()) + 1 if len(t) else 1) + t["sent_id"].to_numpy()
        sent_index = pd.factorize(sent_key, sort=False)[0]
        return IdView(vocab=np.asarray(vocab, dtype=object), ids=ids, doc_index=doc_codes.astype(np.int64),
                      sent_index=sent_index.astype(np.int64),
                      position=t["token_id"].to_numpy(dtype=np.int64), doc_ids=list(doc_uniques))

    # -- files -------------------------------------------------------------------------------
    def to_parquet(self, path: str | Path) -> Path:
        """Save tokens, document metadata and settings in one Parquet file."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pandas(self._table, preserve_index=False)
        extra = {"docs": self._docs.to_json(orient="split", date_format="iso"), "meta": self.meta}
        md = dict(table.schema.metadata or {})
        md[_META_KEY] = json.dumps(extra, default=str).encode("utf-8")
        pq.write_table(table.replace_schema_metadata(md), path)
        return path

    @classmethod
    def read_parquet(cls, path: str | Path) -> "Tokens":
        path = Path(path)
        if not path.exists():
            raise InputError("no such file", path=path)
        try:
            table = pq.read_table(path)
        except Exception as exc:
            raise InputError(f"not a readable Parquet file ({exc.__class__.__name__}: {exc})", path=path) from None
        md = table.schema.metadata or {}
        if _META_KEY not in md:
            raise InputError("not a framing token file (no framing.tokens metadata); "
                             "make one with framing.annotate(...).to_parquet()", path=path)
        extra = json.loads(md[_META_KEY].decode("utf-8"))
        from io import StringIO

        docs = pd.read_json(StringIO(extra["docs"]), orient="split", dtype=False)
        if "date" in docs.columns:
            docs["date"] = pd.to_datetime(docs["date"], errors="coerce", format="ISO8601")
        if "doc_id" in docs.columns:
            docs["doc_id"] = docs["doc_id"].astype(str)
        return cls(table.to_pandas(), docs, extra.get("meta", {}))
