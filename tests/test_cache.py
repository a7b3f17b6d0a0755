"""framing.cache: files appear whole or not at all."""
from __future__ import annotations

from pathlib import Path

import pytest

from framing.cache import atomic_path, write_atomic


def test_atomic_path_replaces_on_success(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "tokens.parquet"
    write_atomic(target, b"old")
    with atomic_path(target) as tmp:
        assert tmp.parent == target.parent and tmp != target
        tmp.write_bytes(b"new")
        assert target.read_bytes() == b"old"  # nobody sees the new file before the block ends
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["tokens.parquet"]


def test_atomic_path_keeps_the_old_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "tokens.parquet"
    write_atomic(target, b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["tokens.parquet"]


def test_atomic_files_follow_the_umask_not_mode_0600(tmp_path) -> None:
    """Files written atomically (analysis.json, token parts, manifests) are readable by the
    group where the user's umask allows it, as any other file the user writes."""
    import os
    import stat

    from framing.cache import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.json", b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o644
    assert (tmp_path / "a.json").read_bytes() == b"{}" and list(tmp_path.iterdir()) == [tmp_path / "a.json"]


def test_paused_gc_restores_the_collector() -> None:
    import gc

    from framing._memory import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():   # nested: the inner block leaves it paused
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with paused_gc():
            raise KeyError("x")
    except KeyError:
        pass
    assert gc.isenabled()


def test_cached_pickle_round_trip(tmp_path, monkeypatch) -> None:
    from framing import cache

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path))
    built = []
    value = cache.cached_pickle("demo", "k1", lambda: built.append(1) or {"a": [1, 2]})
    again = cache.cached_pickle("demo", "k1", lambda: built.append(1) or {"a": [0]})
    assert value == again == {"a": [1, 2]} and built == [1]
