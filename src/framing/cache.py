"""The on-disk cache shared by the slow, repeatable steps (annotations, the place index).

Location: ``$FRAMING_CACHE_DIR``, else ``~/.cache/framing``. Entries are keyed by a hash of
everything that changes their content (code, shipped data, package versions), so a stale entry
is never used; deleting the folder is always safe.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """``$FRAMING_CACHE_DIR`` or ``~/.cache/framing``."""
    env = os.environ.get("FRAMING_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "framing"


def fingerprint(parts: Iterable[str | bytes | Path]) -> str:
    """A hex digest over strings, bytes and file contents (for cache keys)."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            h.update(part.read_bytes() if part.is_file() else str(part).encode())
        elif isinstance(part, bytes):
            h.update(part)
        else:
            h.update(str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:20]


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write to; it replaces ``path`` when the block ends
    without error, so that readers never see a half-written file (and removed otherwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # not tempfile.mkstemp: its files are mode 0600, so analysis folders and token parts written
    # on a shared cluster could not be read by the group; os.open applies the user's umask
    while True:
        tmp = str(path.parent / f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:
            continue
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` so that readers never see a half-written file."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def pickle_path(name: str, key: str) -> Path:
    """Where :func:`cached_pickle` keeps the object cached under ``name``/``key``."""
    return cache_dir() / name / f"{key}.pickle"


def writable() -> bool:
    """Can the cache folder be created and written to (a read-only home: no)?"""
    path = cache_dir()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK)


def cached_pickle(name: str, key: str, build: Callable[[], T]) -> T:
    """Return the object cached under ``name``/``key``, building and storing it when absent.

    Only objects this library built itself are stored here; the cache folder belongs to the
    user, so loading them is as safe as the user's home directory. A cache that cannot be
    written (read-only home) is skipped silently: the object is simply built each time.
    """
    from framing._memory import paused_gc

    path = pickle_path(name, key)
    if path.is_file():
        try:
            with open(path, "rb") as fh, paused_gc():
                return pickle.load(fh)
        except Exception:  # a corrupt or incompatible entry is rebuilt
            pass
    value = build()
    with suppress(OSError), paused_gc():
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


__all__ = ["cache_dir", "cached_pickle", "fingerprint", "package_version", "pickle_path", "writable",
           "write_atomic"]
