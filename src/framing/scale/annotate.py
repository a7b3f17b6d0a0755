"""``framing.annotate(corpus, client=client)``: each part annotated on a worker, tokens concatenated.

The output equals the single-process call (same documents in the same order, same token rows,
same document info), because annotation is a pure function of each document: the workers run
the same chunk function as ``annotate`` (:func:`framing.nlp.annotate._run_chunk`), and the
client concatenates the parts in order. Each worker loads the annotation model once (a
``WorkerPlugin``, see :func:`framing.scale.cluster.preload`) and keeps its per-word caches across
the parts it annotates.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from framing.scale.cluster import (
    corpus_parts,
    load_corpus,
    n_parts_for,
    preload,
    run_parts,
    worker_resource,
)

_WARM_UP = ("warm-up", "Die Stadt Altena hilft den Geflüchteten. Der Bürgermeister sprach im Rathaus.")


def _load_annotator(spec: tuple, stopwords: frozenset[str], max_sentence_tokens: int,
                    compounds: bool) -> tuple[Any, Any]:
    """Backend and post-processor for one worker, models loaded (one warm-up sentence)."""
    from framing.nlp.annotate import _build_for_worker, _run_chunk

    backend, post = _build_for_worker(spec, stopwords, max_sentence_tokens, compounds)
    _run_chunk(backend, post, [_WARM_UP])
    return backend, post


def _annotate_part(spec: Any, resource: str, build: Any, batch_size: int) -> tuple[pd.DataFrame, pd.DataFrame, Any]:
    """One part: (token table, document table with annotation info, compounds available)."""
    from framing.nlp.annotate import (
        _DOC_INFO_COLUMNS,
        TOKEN_COLUMNS,
        _chunked,
        _merge_docs,
        _run_chunk,
    )

    backend, post = worker_resource(resource, build)
    docs = load_corpus(spec).docs
    pairs = list(zip(docs["doc_id"].astype(str).tolist(), docs["text"].fillna("").astype(str).tolist()))
    tables, infos = [], []
    for chunk in _chunked(pairs, batch_size, 1):
        table, info = _run_chunk(backend, post, chunk)
        tables.append(table)
        infos.append(info)
    table = (pd.concat(tables, ignore_index=True) if tables
             else pd.DataFrame({c: [] for c in TOKEN_COLUMNS}))
    info = (pd.concat(infos, ignore_index=True) if infos
            else pd.DataFrame({c: [] for c in ("doc_id", *_DOC_INFO_COLUMNS)}))
    return table, _merge_docs(docs, info), post.compounds_available


def _source(corpus: Any) -> Any:
    """A folder / Parquet file / list of files as is; anything else as a Corpus."""
    from framing.corpus.corpus import Corpus
    from framing.nlp.annotate import _as_docs

    if isinstance(corpus, os.PathLike) or (isinstance(corpus, str) and Path(corpus).exists()):
        return corpus
    if isinstance(corpus, (list, tuple)) and corpus and all(isinstance(p, os.PathLike) for p in corpus):
        return corpus
    return corpus if isinstance(corpus, Corpus) else Corpus(_as_docs(corpus))


def _plan(corpus: Any, client: Any, backend: Any, profile: str | None, stopwords: Any, stopwords_extra: Any,
          stopwords_remove: Any, compounds: bool, partitions: int | None, backend_options: dict[str, Any]
          ) -> tuple[Any, list[Any], str, Any, dict[str, Any]]:
    """Client, parts, worker resource name and factory, and the Tokens meta of an annotation."""
    from framing.nlp.annotate import ANNOTATION_VERSION, _make_backend, _stopword_set
    from framing.scale.cluster import get_client

    client = get_client(client)
    source = _source(corpus)
    be, spec = _make_backend(backend, profile, backend_options)
    sw = _stopword_set(stopwords, stopwords_extra, stopwords_remove)
    max_sent = int(getattr(be, "max_sentence_tokens", 1000))
    settings = be.settings()
    ident = json.dumps([getattr(be, "name", "?"), settings, sorted(sw), max_sent, compounds], default=str)
    h = hashlib.sha1(ident.encode("utf-8"))
    if spec[0] == "instance":  # a backend object: its own state names it (two objects may share settings)
        h.update(pickle.dumps(be))
    resource = "annotator-" + h.hexdigest()[:16]
    build = partial(_load_annotator, spec, sw, max_sent, compounds)
    n = len(source) if hasattr(source, "docs") else 0
    parts = corpus_parts(source, n_parts_for(n, client, partitions) if n else 1)
    if not parts:
        from framing.errors import EmptyCorpusError

        raise EmptyCorpusError("no documents to annotate")
    preload(client, resource, build)
    meta = {"backend": getattr(be, "name", str(backend)), "settings": settings,
            "profile": settings.get("profile", profile), "annotation_version": ANNOTATION_VERSION,
            "n_process": 1, "scheduler": client.scheduler.address, "n_parts": len(parts), "cache": "off"}
    return client, parts, resource, build, meta


def _compounds_flag(compounds: bool, available: list[Any]) -> bool:
    from framing.nlp.annotate import _compounds_signature

    available = [a for a in available if a is not None]
    return bool(compounds and (all(available) if available else _compounds_signature() != "absent"))


def annotate_on_cluster(corpus: Any, client: Any, *, backend: Any, profile: str | None, progress: bool,
                        batch_size: int, stopwords: Any, stopwords_extra: Any, stopwords_remove: Any,
                        compounds: bool, partitions: int | None = None, **backend_options: Any) -> Any:
    """The body of ``framing.annotate(..., client=client)`` (see there for the arguments).

    ``corpus`` may also be a folder of Parquet parts (``Corpus.to_parquet`` files) or a list of
    them: each worker then reads its own part. Annotations are not cached on disk here."""
    from framing.nlp.tokens import Tokens

    t0 = time.perf_counter()
    client, parts, resource, build, meta = _plan(corpus, client, backend, profile, stopwords, stopwords_extra,
                                                 stopwords_remove, compounds, partitions, backend_options)
    results = run_parts(client, _annotate_part, parts, resource, build, batch_size, name="annotate",
                        progress=progress)
    meta.update(compounds=_compounds_flag(compounds, [r[2] for r in results]),
                time_s=round(time.perf_counter() - t0, 4))
    return Tokens(pd.concat([r[0] for r in results], ignore_index=True),
                  pd.concat([r[1] for r in results], ignore_index=True), meta)


def _annotate_part_to_parquet(numbered: tuple[int, Any], folder: str, resource: str, build: Any,
                              batch_size: int, meta: dict[str, Any]) -> tuple[str, int, int]:
    """One part annotated and written as ``tokens-<part>.parquet`` (atomically: a recomputed
    task overwrites, never duplicates); returns (path, documents, tokens)."""
    from framing.cache import atomic_path
    from framing.nlp.tokens import Tokens

    i, spec = numbered
    table, docs, available = _annotate_part(spec, resource, build, batch_size)
    path = Path(folder) / f"tokens-{i:06d}.parquet"
    with atomic_path(path) as tmp:
        part_meta = {k: v for k, v in meta.items() if k != "compounds_requested"}
        part_meta.update(compounds=_compounds_flag(meta["compounds_requested"], [available]), part=i)
        Tokens(table, docs, part_meta).to_parquet(tmp)
    return str(path), len(docs), len(table)


def annotate_to_parquet(corpus: Any, folder: str | os.PathLike[str], client: Any = None, *,
                        backend: Any = "default", profile: str | None = None, batch_size: int = 64,
                        stopwords: Any = None, stopwords_extra: Any = (), stopwords_remove: Any = (),
                        compounds: bool = True, partitions: int | None = None, progress: bool = True,
                        **backend_options: Any) -> list[Path]:
    """Annotate on the workers and let each worker write its part's tokens to ``folder``
    (``tokens-000000.parquet`` …, ``Tokens.to_parquet`` files): the token table never passes
    through the client, so no machine holds the whole annotated corpus. Returns the part
    files in document order; pass them (or the folder) to ``framing.cooccurrence(..., client=)``
    or read one with ``Tokens.read_parquet``. The folder must be reachable from every worker
    (a shared file system on a cluster)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    client, parts, resource, build, meta = _plan(corpus, client, backend, profile, stopwords, stopwords_extra,
                                                 stopwords_remove, compounds, partitions, backend_options)
    meta["compounds_requested"] = compounds
    results = run_parts(client, _annotate_part_to_parquet, list(enumerate(parts)), str(folder.resolve()),
                        resource, build, batch_size, meta, name="annotate", progress=progress)
    meta["time_s"] = round(time.perf_counter() - t0, 4)
    _write_tokens_manifest(folder, results, meta)
    return [Path(r[0]) for r in results]


def _write_tokens_manifest(folder: Path, results: list[Any], meta: dict[str, Any]) -> None:
    """The folder's ``_framing.json`` (as :class:`framing.nlp.token_parts.TokenPartWriter` writes
    it), so that ``framing.read_tokens(folder)`` and every command read the parts in order."""
    import json

    from framing.cache import atomic_path
    from framing.corpus.partitioned import MANIFEST, base_manifest

    parts: list[dict[str, Any]] = [{"path": Path(path).name, "rows": int(n_tok), "documents": int(n_docs)}
                                   for path, n_docs, n_tok in results]
    manifest = {**base_manifest("tokens"), "n_documents": sum(p["documents"] for p in parts),
                "n_tokens": sum(p["rows"] for p in parts),
                "meta": {k: v for k, v in meta.items() if k != "compounds_requested"}, "parts": parts}
    with atomic_path(folder / MANIFEST) as tmp:
        Path(tmp).write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str), encoding="utf-8")


__all__ = ["annotate_on_cluster", "annotate_to_parquet"]
