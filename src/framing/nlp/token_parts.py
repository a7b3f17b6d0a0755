"""Token tables as partitioned Parquet folders, and annotation part by part.

A tokens folder holds numbered part files, each an ordinary token file (readable alone with
:meth:`Tokens.read_parquet`: the tokens of whole documents plus their metadata), and the
``_framing.json`` manifest (documents, tokens, parts, annotation settings). It is written by
``Tokens.to_parquet(folder, partitioned=True)`` or, part by part while annotating, by
``framing.annotate(corpus, output=folder)``; :func:`read_tokens` returns a lazy
:class:`PartitionedTokens` over it.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from framing.corpus.partitioned import (
    base_manifest,
    list_parts,
    prepare_folder,
    publish_folder,
    read_manifest,
)
from framing.errors import InputError, ParameterError
from framing.nlp.tokens import Tokens

PathLike = str | Path


class TokenPartWriter:
    """Writes Tokens objects as consecutive parts of a tokens folder (see module docstring)."""

    def __init__(self, folder: PathLike) -> None:
        self.folder = Path(folder)
        self.tmp = prepare_folder(self.folder)
        self.parts: list[dict[str, Any]] = []
        self.meta: dict[str, Any] | None = None
        self.n_docs = 0
        self.n_tokens = 0

    def write(self, tokens: Tokens) -> None:
        rel = f"part-{len(self.parts):05d}.parquet"
        tokens.to_parquet(self.tmp / rel)
        self.parts.append({"path": rel, "rows": len(tokens), "documents": tokens.n_docs})
        self.n_docs += tokens.n_docs
        self.n_tokens += len(tokens)
        if self.meta is None:
            self.meta = dict(tokens.meta)

    def close(self, meta: dict[str, Any] | None = None) -> Path:
        if not self.parts:
            self.abort()
            raise InputError("no documents to write (zero documents is an error)", path=self.folder)
        manifest = {**base_manifest("tokens"), "n_documents": self.n_docs,
                    "n_tokens": self.n_tokens, "meta": meta if meta is not None else self.meta,
                    "parts": self.parts}
        return publish_folder(self.tmp, self.folder, manifest)

    def abort(self) -> None:
        import shutil

        shutil.rmtree(self.tmp, ignore_errors=True)


def split_by_documents(tokens: Tokens, docs_per_file: int) -> Iterator[Tokens]:
    """``tokens`` in pieces of ``docs_per_file`` whole documents (in document order)."""
    docs = tokens.docs
    table = tokens.table
    for start in range(0, len(docs), docs_per_file):
        sub = docs.iloc[start:start + docs_per_file]
        keep = table["doc_id"].isin(set(sub["doc_id"].astype(str)))
        yield Tokens(table[keep.to_numpy()], sub, tokens.meta)


def write_tokens(tokens: Tokens | Iterable[Tokens], folder: PathLike, *,
                 docs_per_file: int = 10_000) -> Path:
    """Write a Tokens object (split into parts of ``docs_per_file`` documents) or an iterable of
    Tokens objects (one part each, consumed one at a time) as a tokens folder."""
    from framing.errors import check_positive

    check_positive("docs_per_file", docs_per_file)
    writer = TokenPartWriter(folder)
    pieces = split_by_documents(tokens, docs_per_file) if isinstance(tokens, Tokens) else tokens
    try:
        for piece in pieces:
            writer.write(piece)
        return writer.close(tokens.meta if isinstance(tokens, Tokens) else None)
    except BaseException:
        writer.abort()
        raise


def _concat_docs(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Document tables of parts joined as one table would have been: a column that is empty
    in one part (read back as ``object``) takes the type it has in the parts that hold values."""
    if len(frames) > 1:
        for col in dict.fromkeys(c for f in frames for c in f.columns):
            typed = {str(f[col].dtype): f[col].dtype for f in frames
                     if col in f.columns and f[col].notna().any()}
            if len(typed) == 1:
                dtype = next(iter(typed.values()))
                frames = [f.assign(**{col: f[col].astype(dtype)})
                          if col in f.columns and not f[col].notna().any() and f[col].dtype != dtype
                          else f for f in frames]
    return pd.concat(frames, ignore_index=True) if len(frames) != 1 else frames[0]


class PartitionedTokens(Tokens):
    """Tokens over a tokens folder, read part by part.

    Lazy: ``len()``, :attr:`n_docs` and :attr:`meta` (from the manifest), :attr:`docs` (from
    the parts' footers, without their tokens), :meth:`iter_parts` (one in-memory
    :class:`Tokens` per part), :attr:`parts`, ``to_parquet(folder, partitioned=True)``, and the
    ``client=`` paths of ``framing.cooccurrence``, ``framing.score_frames`` and
    ``OtheringScorer.score`` (the workers read the parts). Everything else — :attr:`table`,
    :meth:`ids`, :meth:`filter_docs`, :meth:`groupby`, :meth:`to_pandas` and the analyses that
    use them — loads all parts once (then kept) and works as on in-memory Tokens."""

    def __init__(self, folder: PathLike) -> None:
        self.folder = Path(folder)
        self.manifest = read_manifest(self.folder)
        self._parts = list_parts(self.folder)
        self.meta = dict(self.manifest.get("meta") or {})
        self._loaded: tuple[pd.DataFrame, pd.DataFrame] | None = None
        self._docs_only: pd.DataFrame | None = None
        self._docs_given: pd.DataFrame | None = None   # set by with_docs: replaces the parts' docs

    @property
    def parts(self) -> list[Path]:
        return list(self._parts)

    def iter_parts(self) -> Iterator[Tokens]:
        """Each part as in-memory Tokens (whole documents, in order)."""
        for path in self._parts:
            yield Tokens.read_parquet(path)

    def _load(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        if self._loaded is None:
            parts = list(self.iter_parts())
            table = pd.concat([p.table for p in parts], ignore_index=True)
            docs = _concat_docs([p.docs for p in parts]) if self._docs_given is None else self._docs_given
            self._loaded = (table, docs)
        return self._loaded

    @property
    def loaded(self) -> bool:
        """Whether the token table of all parts is in memory (then kept until :meth:`unload`)."""
        return self._loaded is not None

    def unload(self) -> None:
        """Forget the loaded token table (the next use reads the parts again)."""
        self._loaded = None

    def with_docs(self, docs: pd.DataFrame) -> "PartitionedTokens":
        """The same folder with another document table (the same documents in the same order,
        e.g. with a derived grouping column), still unloaded: the workers of the ``client=``
        paths read the tokens from the parts, the client uses ``docs``."""
        if len(docs) != self.n_docs:
            raise InputError(f"with_docs needs one row per document ({self.n_docs}), got {len(docs)}",
                             path=self.folder)
        new = PartitionedTokens.__new__(PartitionedTokens)
        new.folder, new.manifest, new._parts, new.meta = self.folder, self.manifest, list(self._parts), self.meta
        new._loaded, new._docs_only = None, None
        new._docs_given = docs.drop(columns=[c for c in ("text",) if c in docs.columns]).reset_index(drop=True)
        return new

    @property
    def _table(self) -> pd.DataFrame:  # type: ignore[override]
        return self._load()[0]

    @property
    def _docs(self) -> pd.DataFrame:  # type: ignore[override]
        if self._loaded is not None:
            return self._loaded[1]
        if self._docs_given is not None:
            return self._docs_given
        if self._docs_only is None:   # the parts' footers: documents without their tokens
            from framing.nlp.tokens import read_token_docs

            self._docs_only = _concat_docs([read_token_docs(path) for path in self._parts])
        return self._docs_only

    def __len__(self) -> int:
        if self._loaded is None and "n_tokens" in self.manifest:
            return int(self.manifest["n_tokens"])
        return len(self._table)

    @property
    def n_docs(self) -> int:
        if self._loaded is None and "n_documents" in self.manifest:
            return int(self.manifest["n_documents"])
        return len(self._docs)

    def __repr__(self) -> str:
        return (f"<PartitionedTokens: {len(self)} tokens in {self.n_docs} documents, "
                f"{len(self._parts)} parts of {self.folder}>")

    def to_parquet(self, path: PathLike, *, partitioned: bool = False,
                   docs_per_file: int = 10_000) -> Path:
        if partitioned:
            return write_tokens(self.iter_parts(), path)
        return Tokens.to_parquet(self, path)


def read_tokens(path: PathLike) -> Tokens:
    """Tokens from Parquet: a file → in-memory :class:`Tokens`; a folder → lazy
    :class:`PartitionedTokens`."""
    path = Path(path)
    if path.is_dir():
        return PartitionedTokens(path)
    return Tokens.read_parquet(path)


def _combined_meta(metas: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    meta = dict(metas[0]) if metas else {}
    for key in ("cache_key", "cache_path", "load_time_s", "annotation_time_s"):
        meta.pop(key, None)
    meta["cache"] = ",".join(sorted({str(m.get("cache")) for m in metas}))
    meta["time_s"] = round(seconds, 4)
    meta["parts"] = len(metas)
    return meta


def _coalesce(parts: Iterable[Any], size: int) -> Iterator[Any]:
    """Consecutive small parts joined until one has ``size`` documents (a month of a small
    corpus is a few documents: annotating each alone would cost more in set-up than in work);
    a part larger than ``size`` stays whole."""
    from framing.corpus.corpus import Corpus

    buffer: list[Any] = []
    n = 0
    for part in parts:
        buffer.append(part)
        n += len(part)
        if n >= size:
            yield buffer[0] if len(buffer) == 1 else Corpus(pd.concat([p.docs for p in buffer], ignore_index=True))
            buffer, n = [], 0
    if buffer:
        yield buffer[0] if len(buffer) == 1 else Corpus(pd.concat([p.docs for p in buffer], ignore_index=True))


def annotate_parts(corpus: Any, *, output: str | os.PathLike[str] | None = None, docs_per_file: int = 10_000,
                   progress: bool = True, **options: Any) -> Tokens:
    """:func:`framing.annotate` one part at a time: the parts of a partitioned corpus (small
    consecutive parts joined up to ``docs_per_file`` documents), or pieces of ``docs_per_file``
    documents of an in-memory one. With ``output`` (a folder) each
    part's tokens are written as they are made and a lazy :class:`PartitionedTokens` is
    returned, so neither the corpus nor the tokens are ever whole in memory; without, the parts'
    tokens are joined into one :class:`Tokens` (the same table as annotating in one go)."""
    from tqdm.auto import tqdm

    from framing.corpus.corpus import Corpus
    from framing.errors import check_positive
    from framing.nlp.annotate import annotate

    check_positive("docs_per_file", docs_per_file)
    if output is not None and Path(output).suffix.lower() == ".parquet":
        raise ParameterError(f"output {output}: give a folder for tokens written part by part "
                             "(or annotate without output and call .to_parquet('x.parquet'))")
    t0 = time.perf_counter()
    if hasattr(corpus, "iter_parts"):
        parts: Iterable[Corpus] = _coalesce(corpus.iter_parts(), docs_per_file)
        total = None if getattr(corpus, "_post", ()) or getattr(corpus, "_where", ()) else len(corpus)
    else:
        if not isinstance(corpus, Corpus):
            corpus = Corpus(pd.DataFrame({"doc_id": [], "text": []})) if corpus is None else corpus
        docs = corpus.docs
        parts = (Corpus(docs.iloc[s:s + docs_per_file]) for s in range(0, len(docs), docs_per_file))
        total = len(docs)
    writer = TokenPartWriter(Path(output)) if output is not None else None
    collected: list[Tokens] = []
    metas: list[dict[str, Any]] = []
    bar = tqdm(total=total, unit="doc", desc="annotate (parts)", disable=not progress)
    try:
        for part in parts:
            tokens = annotate(part, progress=False, **options)
            metas.append(tokens.meta)
            bar.update(len(part))
            if writer is not None:
                writer.write(tokens)
            else:
                collected.append(tokens)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        bar.close()
    if not metas:
        raise InputError("no documents to annotate (zero documents is an error)")
    meta = _combined_meta(metas, time.perf_counter() - t0)
    if writer is not None:
        return PartitionedTokens(writer.close(meta))
    table = pd.concat([t.table for t in collected], ignore_index=True)
    docs = _concat_docs([t.docs for t in collected])
    return Tokens(table, docs, meta)
