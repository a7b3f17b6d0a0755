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

from framing.errors import InputError, ParameterError

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


def _docs_and_meta(schema: pa.Schema, path: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The document table and settings kept in a token file's schema metadata."""
    md = schema.metadata or {}
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
    return docs, extra.get("meta", {})


def _read_parquet_file(path: Path, schema_only: bool = False) -> Any:
    """The Arrow table (or only its schema) of a token file; a missing or unreadable file raises
    :class:`InputError` naming it."""
    if not path.exists():
        raise InputError("no such file", path=path)
    try:
        return pq.read_schema(path) if schema_only else pq.read_table(path)
    except Exception as exc:
        raise InputError(f"not a readable Parquet file ({exc.__class__.__name__}: {exc})", path=path) from None


def read_token_docs(path: str | Path) -> pd.DataFrame:
    """The document table of a token file (``Tokens.to_parquet``) from its footer, without
    reading the tokens: the same table as ``Tokens.read_parquet(path).docs``."""
    path = Path(path)
    docs, _ = _docs_and_meta(_read_parquet_file(path, schema_only=True), path)
    return docs.drop(columns=[c for c in ("text",) if c in docs.columns]).reset_index(drop=True)


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

    def with_docs(self, docs: pd.DataFrame) -> "Tokens":
        """The same tokens with another document table (the same documents in the same order,
        e.g. with a derived grouping column); a tokens folder stays unloaded."""
        if len(docs) != len(self._docs):
            raise InputError(f"with_docs needs one row per document ({len(self._docs)}), got {len(docs)}")
        return Tokens(self._table, docs, self.meta)

    def filter_docs(self, doc_ids: list[str] | set[str] | pd.Series) -> "Tokens":
        """Tokens of the given documents only (e.g. one town)."""
        keep = set(doc_ids)
        return Tokens(self._table[self._table["doc_id"].isin(keep)],
                      self._docs[self._docs["doc_id"].isin(keep)], self.meta)

    def groupby(self, by: str) -> list[tuple[Any, "Tokens"]]:
        """``(value, Tokens)`` per value of a document column (the shared ``by``,
        :mod:`framing.grouping`: ``"year"``/``"quarter"``/``"month"`` derive from ``date``)."""
        from framing.grouping import group_values

        docs = self._docs
        key = group_values(docs, by)
        return [(value, self.filter_docs(docs.loc[key == value, "doc_id"]))
                for value in sorted(key.dropna().unique().tolist())]

    # -- integer view ------------------------------------------------------------------------
    def ids(self, column: str = "lemma", *, lowercase: bool = False,
            mask: np.ndarray | pd.Series | None = None) -> IdView:
        """Map a token column to integer ids. ``mask`` (bool per token) selects the terms to
        count; unselected tokens get id -1 but keep their positions (so windows stay true).

        Ids number the selected terms in sorted (code point) order; missing values take the
        token's ``text``. They come from the one encoding of the token table
        (:mod:`framing.nlp.codes`, shared with the matchers of othering, frames and KWIC): each
        column is dictionary-encoded by Arrow once and kept with the table, and only the distinct
        terms are lower-cased (Arrow's ``utf8_lower``, as pandas' ``str.lower`` on Arrow
        strings) and sorted; a second call (another mask, another network) only re-numbers the
        selected terms."""
        from framing.nlp.codes import doc_units, term_codes

        t = self._table
        n = len(t)
        at = None  # the selected rows as an index: a gather by index is much faster than a boolean selection
        if mask is not None:
            sel = np.asarray(mask, dtype=bool)
            if sel.shape != (n,):
                raise ParameterError(f"mask must have one value per token ({n}), got shape {sel.shape}")
            at = np.flatnonzero(sel)
        codes, vocab = term_codes(t, column, bool(lowercase))
        if codes is None or vocab is None:  # a value and its text both missing: the pandas path, as before
            terms = t[column].fillna(t["text"]).astype(str)
            if lowercase:
                terms = terms.str.lower()
            codes, vocab = pd.factorize(terms.to_numpy(dtype=object)[at if at is not None else slice(None)],
                                        sort=True)
            vocab = np.asarray(vocab, dtype=object)
        elif at is not None:  # keep the selected terms, in the same (sorted) order
            codes = codes.take(at)
            present = np.bincount(codes, minlength=len(vocab)) > 0
            if not present.all():
                renumber = np.cumsum(present) - 1
                codes = renumber[codes]
                vocab = vocab[present]
        ids = np.full(n, -1, dtype=np.int64)
        if at is not None:
            ids[at] = codes
        else:
            ids[:] = codes
        doc_codes, sent_index, position, doc_ids = doc_units(t)
        return IdView(vocab=vocab, ids=ids, doc_index=doc_codes, sent_index=sent_index,
                      position=position, doc_ids=list(doc_ids))

    # -- files -------------------------------------------------------------------------------
    def to_parquet(self, path: str | Path, *, partitioned: bool = False,
                   docs_per_file: int = 10_000) -> Path:
        """Save tokens, document metadata and settings in one Parquet file, or with
        ``partitioned=True`` as a folder of parts of ``docs_per_file`` documents each
        (:mod:`framing.nlp.token_parts`; read back lazily with :meth:`read_parquet`)."""
        if partitioned:
            from framing.nlp.token_parts import write_tokens

            return write_tokens(self, path, docs_per_file=docs_per_file)
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
        """Tokens saved with :meth:`to_parquet`: a file (in memory) or a partitioned folder
        (a lazy :class:`framing.nlp.token_parts.PartitionedTokens`)."""
        path = Path(path)
        if path.is_dir():
            from framing.nlp.token_parts import PartitionedTokens

            return PartitionedTokens(path)
        table = _read_parquet_file(path)
        docs, meta = _docs_and_meta(table.schema, path)
        return cls(table.to_pandas(), docs, meta)
