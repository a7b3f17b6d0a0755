"""Give memory that Python and numpy freed back to the operating system.

glibc's allocator keeps freed blocks inside its heap for reuse and returns only the free space
at the heap's top; after a step that made and dropped many small objects (reading, MinHash
signatures) the freed pages between the kept objects stay resident. ``malloc_trim(0)`` hands
every whole free page back (``madvise``). Elsewhere (macOS, Windows, musl) this does nothing.
"""
from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    # by name, not ctypes.util.find_library: that runs ldconfig in a child process (a fork of
    # this one, with all its memory mapped)
    for name in ("libc.so.6", None):
        try:
            trim = ctypes.CDLL(name).malloc_trim
            break
        except (OSError, AttributeError):   # no glibc (musl has no malloc_trim)
            continue
    else:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_memory() -> bool:
    """Return the allocator's free pages to the system; True when some were returned."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a block makes many long-lived objects at
    once (unpickling or building the place index: ~200,000 objects). Each collection would
    walk all of them again and find nothing to free; paused, loading the place index took
    0.66 instead of 1.15 CPU seconds. The collector's previous state is restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: the full-collection threshold while :func:`deferred_full_collections` runs (never reached)
_NO_FULL_COLLECTIONS = 1 << 30


@contextmanager
def deferred_full_collections() -> Iterator[None]:
    """Run a block with the collector's young generations but without its full collections.

    A long step that grows per-word caches (annotation) triggers a full collection every few
    tens of thousands of new containers; each walks everything the process holds — the loaded
    models' tables, pandas, the caches — and finds next to nothing to free (annotating 514 real
    articles: 3–5 full collections, ~0.1 CPU-s each with the models loaded, ≈ 10 % of the run).
    Young collections still run, so short-lived garbage cycles are freed as before; what
    survives them waits for the interpreter's next full collection after the block. The
    previous threshold is restored afterwards (unless the block changed it itself)."""
    t0, t1, t2 = gc.get_threshold()
    gc.set_threshold(t0, t1, _NO_FULL_COLLECTIONS)
    try:
        yield
    finally:
        now = gc.get_threshold()
        if now[2] == _NO_FULL_COLLECTIONS:
            gc.set_threshold(now[0], now[1], t2)


__all__ = ["deferred_full_collections", "paused_gc", "release_memory"]
