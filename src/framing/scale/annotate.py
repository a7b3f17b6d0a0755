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

from framing.scale.cluster import (corpus_parts, load_corpus, n_parts_for, preload, run_parts,
                                   worker_resource)

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
    from framing.nlp.annotate import TOKEN_COLUMNS, _DOC_INFO_COLUMNS, _chunked, _merge_docs, _run_chunk

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


def annotate_on_cluster(corpus: Any, client: Any, *, backend: Any, profile: str | None, progress: bool,
                        batch_size: int, stopwords: Any, stopwords_extra: Any, stopwords_remove: Any,
                        compounds: bool, partitions: int | None = None, **backend_options: Any) -> Any:
    """The body of ``framing.annotate(..., client=client)`` (see there for the arguments).

    ``corpus`` may also be a folder of Parquet parts (``Corpus.to_parquet`` files) or a list of
    them: each worker then reads its own part. Annotations are not cached on disk here."""
    from framing.nlp.annotate import (ANNOTATION_VERSION, _compounds_signature, _make_backend,
                                      _stopword_set)
    from framing.nlp.tokens import Tokens
    from framing.scale.cluster import get_client

    t0 = time.perf_counter()
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
    preload(client, resource, build)
    results = run_parts(client, _annotate_part, parts, resource, build, batch_size, name="annotate",
                        progress=progress)
    tables = [r[0] for r in results]
    docs = [r[1] for r in results]
    available = [r[2] for r in results if r[2] is not None]
    meta: dict[str, Any] = {"backend": getattr(be, "name", str(backend)), "settings": settings,
                            "profile": settings.get("profile", profile),
                            "annotation_version": ANNOTATION_VERSION, "n_process": 1,
                            "compounds": bool(compounds and (all(available) if available
                                                             else _compounds_signature() != "absent")),
                            "scheduler": client.scheduler.address, "n_parts": len(parts),
                            "time_s": round(time.perf_counter() - t0, 4), "cache": "off"}
    if not tables:
        from framing.errors import EmptyCorpusError

        raise EmptyCorpusError("no documents to annotate")
    return Tokens(pd.concat(tables, ignore_index=True), pd.concat(docs, ignore_index=True), meta)


__all__ = ["annotate_on_cluster"]
