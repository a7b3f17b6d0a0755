"""The on-disk caches of the default ingest steps, built before reading starts.

Cleaning and place tagging load two caches (see :mod:`framing.cache`): the word-frequency table
(:mod:`framing.corpus.wordfreq_de`) and the index of the default gazetteer
(:mod:`framing.corpus.places`). The first run after an install or upgrade builds them in a
separate Python process (:func:`prepare`), so that the memory of building goes back to the
system when it exits; every run then loads the results from disk (the same objects:
``tests/corpus/test_ingest_caches.py``). This module imports nothing heavy: the child process
that runs :func:`build` loads only what building needs (no pandas).
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)

#: Inputs smaller than this (bytes of all files together) build missing caches in the ingesting
#: process itself: it then keeps the built index instead of starting Python again and loading
#: the index from disk (1.2 CPU-s less on a first run of 514 articles), at the price of ~190 MiB
#: more resident memory for the rest of the run, which a small corpus can afford.
SMALL_INPUT_BYTES = 10_000_000


def missing(clean: bool, places: bool) -> list[str]:
    """The on-disk caches the default steps load that are not built yet: ``"wordfreq"`` (the
    word-frequency table of cleaning and place tagging), ``"places"`` (the default place index)."""
    from framing.corpus import wordfreq_de
    from framing.corpus.places import default_index_path

    todo = []
    if (clean or places) and not wordfreq_de.cache_path().is_file():
        todo.append("wordfreq")
    if places and not default_index_path().is_file():
        todo.append("places")
    return todo


def build(names: Sequence[str]) -> None:
    """Build and store the named caches (see :func:`missing`); run in a child process."""
    if "wordfreq" in names:
        from framing.corpus import wordfreq_de

        wordfreq_de._table()
    if "places" in names:
        from framing.corpus.places import _default_index

        _default_index()


def prepare(clean: bool, places: bool, input_bytes: int | None = None) -> None:
    """Build missing caches in a separate Python process before reading starts.

    The first run after an install or upgrade builds the place index and the frequency table
    (~330 MiB at its peak, of which the allocator gives back little); built here, that memory
    goes back to the system when the child exits, and the ingest loads the results from disk as
    on every later run. For an input of fewer than :data:`SMALL_INPUT_BYTES` (``input_bytes``),
    without a writable cache folder, or when the child fails, nothing happens here and the steps
    build what they need in this process (and store it for the next run)."""
    from framing import cache

    if input_bytes is not None and input_bytes < SMALL_INPUT_BYTES:
        return
    todo = missing(clean, places)
    if not todo or not sys.executable or getattr(sys, "frozen", False) or not cache.writable():
        return
    root = str(Path(__file__).resolve().parents[2])   # the folder holding the framing package
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [root, *([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])])}
    log.info("building the %s cache in a separate process (first run after an install)",
             " and ".join(todo))
    code = "import sys; from framing.corpus.caches import build; build(sys.argv[1:])"
    try:
        done = subprocess.run([sys.executable, "-c", code, *todo], env=env,
                              capture_output=True, text=True, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("could not build the caches in a separate process (%s); building them here", exc)
        return
    if done.returncode:
        log.info("building the caches in a separate process failed; building them here: %s",
                 done.stderr[-2000:])


__all__ = ["build", "missing", "prepare"]
