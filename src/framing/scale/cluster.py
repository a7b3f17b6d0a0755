"""Clients, partitions and tasks: the one place that talks to Dask.

A *part* is a set of consecutive documents: an in-memory :class:`~framing.Corpus` or
:class:`~framing.Tokens` slice, or a Parquet file readable with ``Corpus.read_parquet`` /
``Tokens.read_parquet`` (the partition format of ``Corpus.to_parquet``/``Tokens.to_parquet``).
Every task is a pure function of (part, settings): a worker that dies mid-task has its task
recomputed by the scheduler on another worker, and the client reduces only the gathered results,
one per part, in part order — so a part is never lost or counted twice.

Models and compiled lexicons reach each worker once: :func:`worker_resource` keeps them in the
worker process, and :func:`preload` registers a Dask ``WorkerPlugin`` that builds them when a
worker starts (also a worker that replaces a dead one), not per task.
"""
from __future__ import annotations

import math
import os
import uuid
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from framing.errors import (
    InputError,
    MissingDependencyError,
    ParameterError,
    check_positive,
)

#: documents per part when the caller does not say (a part of 20,000 short articles annotates in
#: about a minute with the fast profile and holds well under 1 GB of tokens; docs/guide/scale.md)
PART_DOCS = 20_000
_EXTRA = 'pip install "framing-lokal[dask]"'
#: per worker process: name -> model / compiled lexicon (see worker_resource)
_STATE: dict[str, Any] = {}


# -- clients -------------------------------------------------------------------------------------
def require_distributed() -> Any:
    """``dask.distributed``, or :class:`MissingDependencyError` naming the extra."""
    try:
        import distributed
    except ImportError as exc:
        raise MissingDependencyError(f"dask.distributed is needed to run on a cluster but is not "
                                     f"installed ({exc}); install the dask extra: {_EXTRA}") from None
    return distributed


def get_client(client: Any = None, scheduler: str | None = None, n_process: int | None = None) -> Any:
    """A ``dask.distributed.Client``: ``client`` as given, one connected to the ``scheduler``
    address (``"tcp://host:8786"``), or a new local cluster of ``n_process`` worker processes
    with one thread each (closing the client closes that cluster)."""
    given = [name for name, v in (("client", client), ("scheduler", scheduler), ("n_process", n_process))
             if v is not None]
    if len(given) > 1:
        raise ParameterError(f"give one of client, scheduler or n_process, not {' and '.join(given)}")
    distributed = require_distributed()
    if client is not None:
        if not isinstance(client, distributed.Client):
            raise ParameterError(f"client must be a dask.distributed.Client, not {type(client).__name__}")
        return client
    if scheduler is not None:
        if not isinstance(scheduler, str) or not scheduler:
            raise ParameterError(f"scheduler must be an address such as 'tcp://host:8786', got {scheduler!r}")
        return distributed.Client(scheduler)
    n = check_positive("n_process", n_process if n_process is not None else (os.cpu_count() or 1))
    return distributed.Client(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)


def n_workers(client: Any) -> int:
    """Workers connected now (at least 1, so that a client still starting gets parts)."""
    try:
        return max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
    except TypeError:  # older distributed: no n_workers argument
        return max(1, len(client.scheduler_info()["workers"]))


def n_parts_for(n_docs: int, client: Any, partitions: int | None) -> int:
    """Parts for ``n_docs`` documents: ``partitions`` if given, else two per worker or one per
    :data:`PART_DOCS` documents, whichever is more, rounded up to a multiple of the workers so
    that they finish together (never more parts than documents)."""
    if partitions is not None:
        check_positive("partitions", partitions)
        return max(1, min(partitions, n_docs))
    w = n_workers(client)
    k = max(2 * w, math.ceil(n_docs / PART_DOCS))
    return max(1, min(n_docs, math.ceil(k / w) * w))


def _ranges(n: int, k: int) -> list[tuple[int, int]]:
    """``k`` consecutive ``(start, stop)`` ranges covering ``range(n)``, sizes differing by ≤ 1."""
    bounds = [round(i * n / k) for i in range(k + 1)]
    return list(pairwise(bounds))


def _paths(source: Any) -> list[Path] | None:
    """Parquet part files of a partitioned corpus or tokens (:func:`framing.read_parquet`,
    :func:`framing.read_tokens`), a folder (its manifest's order, else every part below it), a
    file or a list of paths; None for in-memory data."""
    from framing.corpus.partitioned import list_parts

    if hasattr(source, "parts") and hasattr(source, "folder"):  # PartitionedCorpus / PartitionedTokens
        if getattr(source, "_where", ()) or getattr(source, "_post", ()):
            return None  # filtered: the rows, not the files, are the corpus
        return list(source.parts)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            return list_parts(path)
        if not path.exists():
            raise InputError("no such file or folder", path=path)
        return [path]
    if isinstance(source, (list, tuple)) and source and all(isinstance(p, (str, os.PathLike)) for p in source):
        return [Path(p) for p in source]
    return None


# -- parts ---------------------------------------------------------------------------------------
def corpus_parts(source: Any, n_parts: int = 2) -> list[Any]:
    """The part specs of a corpus: ``n_parts`` Corpus slices of consecutive documents, or the
    Parquet files of a folder / list (each a ``Corpus.to_parquet`` file)."""
    paths = _paths(source)
    if paths is not None:
        return paths
    from framing.corpus.corpus import Corpus

    if not isinstance(source, Corpus):
        raise InputError(f"expected a Corpus, a folder of Parquet parts or a list of part files, "
                         f"not {type(source).__name__}")
    docs = source.docs
    return [Corpus(docs.iloc[a:b].reset_index(drop=True)) for a, b in _ranges(len(docs), n_parts) if b > a]


def token_parts(source: Any, n_parts: int = 2) -> list[Any]:
    """The part specs of tokens: ``n_parts`` Tokens slices of consecutive documents (a
    document's tokens never split), or Parquet files written by ``Tokens.to_parquet``."""
    paths = _paths(source)
    if paths is not None:
        return paths
    import numpy as np
    import pandas as pd

    from framing.nlp.tokens import Tokens

    if not isinstance(source, Tokens):
        raise InputError(f"expected Tokens, a folder of Parquet parts or a list of part files, "
                         f"not {type(source).__name__}")
    table, docs = source.table, source.docs
    doc_ids = docs["doc_id"].astype(str)
    pos = pd.Index(doc_ids).get_indexer(pd.Index(table["doc_id"].astype(str)))
    if len(pos) and ((pos < 0).any() or (np.diff(pos) < 0).any()):
        raise InputError("the token table's documents are not in the order of Tokens.docs; "
                         "partitions need each document's tokens together (framing.annotate writes them so)")
    out = []
    for a, b in _ranges(len(docs), n_parts):
        if b > a:
            lo, hi = np.searchsorted(pos, [a, b])
            out.append(Tokens(table.iloc[lo:hi], docs.iloc[a:b], source.meta))
    return out or [source]  # no documents: one empty part, so that every stage sees its input


def load_corpus(spec: Any) -> Any:
    """A part spec as a Corpus (reads the Parquet file on the worker, with its dataset's
    duplicate marks where it belongs to a partitioned folder)."""
    from framing.corpus.partitioned import read_part

    return read_part(Path(spec)) if isinstance(spec, (str, os.PathLike)) else spec


def load_tokens(spec: Any) -> Any:
    """A part spec as Tokens (reads the Parquet file on the worker)."""
    from framing.nlp.tokens import Tokens

    return Tokens.read_parquet(Path(spec)) if isinstance(spec, (str, os.PathLike)) else spec


# -- tasks ---------------------------------------------------------------------------------------
def run_parts(client: Any, fn: Callable[..., Any], parts: Sequence[Any], *args: Any, name: str,
              progress: bool = False, each: Callable[[int, Any], None] | None = None,
              **kwargs: Any) -> list[Any]:
    """``[fn(part, *args, **kwargs) for part in parts]`` as Dask tasks, results in part order.

    Each task has its own key (``framing-<name>-<call>-<part>``); the results are gathered as
    they complete and placed by part number, so the reduce sees each part exactly once. A task
    whose worker died is recomputed by the scheduler (up to ``distributed.scheduler.allowed-
    failures`` times); an exception in a task is raised here. ``each(part number, result)``:
    called for each result as it arrives (in any order) instead of keeping it (the list is
    then all None), so the client holds one part's result at a time."""
    distributed = require_distributed()
    call = uuid.uuid4().hex[:12]
    futures = {client.submit(fn, part, *args, key=f"framing-{name}-{call}-{i:06d}", **kwargs): i
               for i, part in enumerate(parts)}
    results: list[Any] = [None] * len(futures)
    from tqdm.auto import tqdm

    bar = tqdm(total=len(futures), desc=name, unit="part", disable=None if progress else True, leave=False)
    try:
        for fut in distributed.as_completed(list(futures)):
            if each is None:
                results[futures[fut]] = fut.result()
            else:
                each(futures[fut], fut.result())
                fut.release()
            bar.update(1)
    finally:
        bar.close()
        for fut in futures:
            fut.release()
    return results


def worker_resource(name: str, factory: Callable[[], Any]) -> Any:
    """The object ``name`` of this worker process, built by ``factory`` on first use (normally
    already built by the :func:`preload` plugin when the worker started)."""
    obj = _STATE.get(name)
    if obj is None:
        obj = _STATE[name] = factory()
        _STATE[f"_loads:{name}"] = loads(name) + 1
    return obj


def preload(client: Any, name: str, factory: Callable[[], Any]) -> None:
    """Build ``factory()`` once in every worker (now and in workers that join or restart later)
    and keep it as :func:`worker_resource` ``name``: a Dask ``WorkerPlugin``."""
    from framing.scale.plugin import Preload

    client.register_plugin(Preload(name, factory), name=f"framing-{name}")


def loads(name: str) -> int:
    """How many times this worker process built resource ``name`` (for checks: ``client.run``)."""
    return int(_STATE.get(f"_loads:{name}", 0))


__all__ = [
    "PART_DOCS",
    "corpus_parts",
    "get_client",
    "load_corpus",
    "load_tokens",
    "n_parts_for",
    "preload",
    "require_distributed",
    "run_parts",
    "token_parts",
    "worker_resource",
]
