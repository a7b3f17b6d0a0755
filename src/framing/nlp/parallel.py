"""Annotation chunks computed by worker processes *and* the calling process, results in order.

:func:`run_chunks` is what ``framing.annotate(..., n_process=N)`` uses. Four choices make it
scale with the cores (measured in ``benchmarks/bench_annotation_speed.py``: 1.8–1.9 times the
speed of one process on two cores, ``full`` profile):

* **fork where it is safe.** On Linux, for backends that declare ``fork_safe = True`` (the offline
  default backend: pure Python, no threads), workers are forked after the models are loaded: they
  start at once, share the parent's lexicons and warm per-type caches copy-on-write, and receive
  only the *index* of a chunk (they inherited the texts). Elsewhere (macOS, Windows, the Stanza
  backend, whose PyTorch threads do not survive a fork) workers are spawned, rebuild the backend
  from its spec and receive the texts. ``FRAMING_MP_START=spawn|fork|forkserver`` overrides the
  choice. Forked workers also spare scripts the ``if __name__ == "__main__":`` guard that spawned
  workers need.
* **word types are analysed once** (:func:`share_type_analyses`, forked workers only): before the
  main pass the processes split the corpus's new word types between them and analyse each once
  (HanTa, simplemma, compound splits); the main pass's workers are forked afterwards and inherit
  it all. Otherwise every process would analyse most of the vocabulary itself.
* **results travel as files.** A worker pickles its chunk's tables into a temporary directory and
  returns the path; the caller's main thread reads the file. Sent through the pool's pipe, a
  2 MB result was read in 64 KB pieces by a helper thread of the caller that had to win the GIL
  from the computing main thread for every piece (≈5 ms each): workers sat blocked in the write
  for ~40 % of their time.
* **nobody waits on a tail.** The caller computes chunks itself instead of waiting, keeps at most
  two chunks queued per worker, and at the end takes back (cancels) queued chunks no worker has
  started.

Every chunk goes through the same pure function, so who computes it does not change the result.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import groupby
from typing import Any

from framing.errors import ParameterError

#: environment variable that forces a start method for annotation workers
START_METHOD_ENV = "FRAMING_MP_START"
#: chunks queued per worker (more only lengthens the tail; fewer leaves a worker idle)
QUEUED_PER_WORKER = 2

Chunk = Sequence[tuple[str, str]]
RunChunk = Callable[[Any, Any, Chunk], Any]


def start_method(backend: Any) -> str:
    """``fork`` on Linux for backends marked ``fork_safe``, else ``spawn``; ``$FRAMING_MP_START``
    overrides (it must name a start method this platform has)."""
    methods = mp.get_all_start_methods()
    forced = os.environ.get(START_METHOD_ENV, "").strip()
    if forced:
        if forced not in methods:
            raise ParameterError(f"{START_METHOD_ENV}={forced!r} is not a start method of this platform; "
                                 f"choose one of {methods}")
        return forced
    if getattr(backend, "fork_safe", False) and sys.platform.startswith("linux") and "fork" in methods:
        return "fork"
    return "spawn"


# -- in the worker -----------------------------------------------------------------------------
_STATE: dict[str, Any] = {}


def _init_inherited(run: RunChunk, backend: Any, post: Any, chunks: Sequence[Chunk], outdir: str) -> None:
    # fork: the arguments are the parent's objects, inherited, not pickled
    _STATE.update(run=run, backend=backend, post=post, chunks=chunks, outdir=outdir)


def _init_rebuilt(run: RunChunk, build: Callable[[], tuple[Any, Any]], outdir: str) -> None:
    backend, post = build()
    warm = getattr(backend, "warm_up", None)
    if callable(warm):  # load models now, not inside the first chunk
        warm()
    _STATE.update(run=run, backend=backend, post=post, chunks=None, outdir=outdir)


def _participants(backend: Any, post: Any) -> list[Any]:
    """The objects whose per-type analyses are shared before the main pass (see
    :func:`share_type_analyses`)."""
    return [x for x in (backend, post) if callable(getattr(x, "analyse_types", None))]


def _in_worker(task: str, index: int, payload: Any = None) -> str:
    """Run one task here and pickle its result to a file; return the file's path."""
    from framing._memory import deferred_full_collections

    s = _STATE
    with deferred_full_collections():  # as annotate() in the caller: no walks over the models
        if task == "chunk":
            chunk = s["chunks"][index] if payload is None else payload
            result = s["run"](s["backend"], s["post"], chunk)
        elif task == "vocabulary":
            forms = word_forms(text for i in payload for _, text in s["chunks"][i])
            result = [p.type_vocabulary(forms) for p in _participants(s["backend"], s["post"])]
        else:  # "analyse"
            result = [p.analyse_types(keys) for p, keys in zip(_participants(s["backend"], s["post"]), payload)]
    path = os.path.join(s["outdir"], f"{task}-{index}.pkl")
    with open(path, "wb") as fh:
        pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _load(path: str) -> Any:
    with open(path, "rb") as fh:
        result = pickle.load(fh)
    os.unlink(path)
    return result


# -- in the caller -----------------------------------------------------------------------------
def run_chunks(chunks: Sequence[Chunk], n_process: int, run: RunChunk, backend: Any, post: Any,
               build: Callable[[], tuple[Any, Any]],
               stage: Callable[[str], None] | None = None) -> Iterator[Any]:
    """``run(backend, post, chunk)`` for every chunk, in order, on ``n_process`` processes:
    ``n_process - 1`` workers plus this one.

    ``build()`` makes a fresh ``(backend, post)`` pair in a spawned worker; it, ``run`` and the
    chunks must pickle there. ``stage(text)`` hears what happens before the first chunk (for a
    progress bar; ``""`` when chunks start). A worker that dies raises ``BrokenProcessPool``
    instead of hanging.
    """
    n = len(chunks)
    if n_process <= 1 or n <= 1:
        for chunk in chunks:
            yield run(backend, post, chunk)
        return
    method = start_method(backend)
    workers = min(n_process - 1, n - 1)
    context = mp.get_context(method)
    with tempfile.TemporaryDirectory(prefix="framing-annotate-") as outdir, warnings.catch_warnings():
        # Python >= 3.12 warns when a process with threads (a tqdm monitor, say) forks. The
        # forked workers run only the backend's own pure-Python code and take no lock another
        # thread could hold, so the warning does not apply to them.
        warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks",
                                category=DeprecationWarning)
        try:
            if method == "fork":
                init, initargs = _init_inherited, (run, backend, post, chunks, outdir)
                if _participants(backend, post):
                    with ProcessPoolExecutor(workers, mp_context=context, initializer=init,
                                             initargs=initargs) as pool:
                        share_type_analyses(pool, workers, chunks, backend, post, stage)
                    if stage is not None:
                        stage("")
                # the main pass forks anew: its workers inherit what was shared
            else:
                init, initargs = _init_rebuilt, (run, build, outdir)
            with ProcessPoolExecutor(workers, mp_context=context, initializer=init,
                                     initargs=initargs) as pool:
                yield from _schedule(pool, chunks, workers, method == "fork",
                                     lambda chunk: run(backend, post, chunk))
        except BrokenProcessPool as exc:
            if method == "fork":
                raise BrokenProcessPool(
                    f"an annotation worker died ({exc}). If the machine ran out of memory, use "
                    "fewer processes (n_process) or smaller chunks (batch_size)") from exc
            raise BrokenProcessPool(
                f"an annotation worker died ({exc}). Workers are started with {method!r} here: "
                "a script must call framing.annotate(..., n_process>1) under "
                "`if __name__ == \"__main__\":`, and a backend object must be picklable"
            ) from exc


def share_type_analyses(pool: ProcessPoolExecutor, workers: int, chunks: Sequence[Chunk], backend: Any,
                        post: Any, stage: Callable[[str], None] | None = None) -> None:
    """Analyse every new word type once, split over all processes, and teach the results to this
    process, whose caches the main pass's workers then inherit.

    What a word type costs (HanTa's analysis ~0.4 ms, a compound split ~0.5–1 ms) is paid once
    per process that meets the type; without sharing, every worker would analyse most of the
    vocabulary again. Objects that take part implement ``type_vocabulary(forms) -> set`` (the
    keys they have not analysed yet among the corpus's :func:`word_forms`; an approximation is
    fine: a type it misses is analysed when met), ``analyse_types(sorted keys) -> entries`` and
    ``learn_types(entries)``.
    """
    parts = _participants(backend, post)
    n_proc = workers + 1
    if stage is not None:
        stage("scanning word types")
    groups = [list(range(i, len(chunks), n_proc)) for i in range(n_proc)]
    futures = [pool.submit(_in_worker, "vocabulary", k, groups[k]) for k in range(1, n_proc)]
    mine = word_forms(text for i in groups[0] for _, text in chunks[i])
    vocabularies = [[p.type_vocabulary(mine) for p in parts]]
    vocabularies += [_load(f.result()) for f in futures]
    if not any(v for vocabulary in vocabularies for v in vocabulary):
        return
    shares = [_split(sorted(set().union(*(v[j] for v in vocabularies))), n_proc) for j in range(len(parts))]
    if stage is not None:
        stage(f"analysing {max(sum(map(len, s)) for s in shares):,} new word types once")
    futures = [pool.submit(_in_worker, "analyse", k, [s[k] for s in shares]) for k in range(1, n_proc)]
    for p, s in zip(parts, shares):
        p.analyse_types(s[0])  # fills this process's caches as it goes
    for f in futures:
        for p, entries in zip(parts, _load(f.result())):
            p.learn_types(entries)


def word_forms(texts: Iterable[str]) -> set[str]:
    """The distinct word forms of ``texts`` (:data:`framing.nlp.tokenizer.WORD_RE`, a fast scan
    that approximates the tokeniser's words)."""
    from framing.nlp.tokenizer import WORD_RE

    forms: set[str] = set()
    for text in texts:
        if text:
            forms.update(WORD_RE.findall(text))
    return forms


def _split(keys: Sequence[Any], n: int) -> list[list[Any]]:
    """``n`` shares of sorted ``keys``, dealt out in runs with the same first four letters, so that
    the forms of one word (which share a lemma and its compound analysis) go to one process."""
    shares: list[list[Any]] = [[] for _ in range(n)]
    for i, (_, run) in enumerate(groupby(keys, key=lambda k: str(k)[:4].lower())):
        shares[i % n].extend(run)
    return shares


def _schedule(pool: ProcessPoolExecutor, chunks: Sequence[Chunk], workers: int, inherited: bool,
              local: Callable[[Chunk], Any]) -> Iterator[Any]:
    n = len(chunks)
    pending: dict[int, Future] = {}  # submitted, result not taken yet (insertion = index order)
    done: dict[int, Any] = {}
    next_idx = 0  # first chunk neither submitted nor computed here
    emit = 0  # next chunk to hand out
    try:
        while emit < n:
            while len(pending) < QUEUED_PER_WORKER * workers and next_idx < n:
                args = (next_idx,) if inherited else (next_idx, chunks[next_idx])
                pending[next_idx] = pool.submit(_in_worker, "chunk", *args)
                next_idx += 1
            for idx in [i for i, f in pending.items() if f.done()]:
                done[idx] = _load(pending.pop(idx).result())
            if emit in done:
                yield done.pop(emit)
                emit += 1
            elif next_idx < n:  # compute the next chunk here rather than wait
                done[next_idx] = local(chunks[next_idx])
                next_idx += 1
            else:  # the tail: take back the newest chunk no worker has started, else wait
                stolen = next((i for i in reversed(pending) if pending[i].cancel()), None)
                if stolen is not None:
                    del pending[stolen]
                    done[stolen] = local(chunks[stolen])
                else:
                    wait(list(pending.values()), return_when=FIRST_COMPLETED)
    finally:  # stopped early (an error, or the caller stopped reading): drop queued work
        for future in pending.values():
            future.cancel()
