"""Give memory that Python and numpy freed back to the operating system.

glibc's allocator keeps freed blocks inside its heap for reuse and returns only the free space
at the heap's top; after a step that made and dropped many small objects (reading, MinHash
signatures) the freed pages between the kept objects stay resident. ``malloc_trim(0)`` hands
every whole free page back (``madvise``). Elsewhere (macOS, Windows, musl) this does nothing.
"""
from __future__ import annotations

import ctypes
import sys
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


__all__ = ["release_memory"]
