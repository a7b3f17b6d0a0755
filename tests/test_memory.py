"""framing._memory: the garbage-collector settings of long steps are restored afterwards."""
from __future__ import annotations

import gc

import pytest

from framing._memory import deferred_full_collections, paused_gc


def test_deferred_full_collections_keeps_young_collections_and_restores():
    before = gc.get_threshold()
    with deferred_full_collections():
        t0, t1, t2 = gc.get_threshold()
        assert (t0, t1) == before[:2] and t2 > 10**8  # young generations unchanged, no full ones
        gen2 = gc.get_stats()[2]["collections"]
        junk = []
        for _ in range(200_000):  # many container allocations: young collections run ...
            junk.append([[]])
        assert gc.get_stats()[2]["collections"] == gen2  # ... but no full collection
    assert gc.get_threshold() == before


def test_deferred_full_collections_restores_after_an_error_and_when_nested():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), deferred_full_collections():
        with deferred_full_collections():
            pass
        assert gc.get_threshold()[2] > 10**8
        raise RuntimeError
    assert gc.get_threshold() == before


def test_paused_gc_restores_the_collector():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
