"""Optional compiled kernels (Cython) for the two hot loops of the offline annotation.

Everything else is configured in pyproject.toml. Each ``src/framing/**/_*.pyx`` becomes an
extension module next to its pure-Python twin; the package works without them (the pure-Python
code is the reference, the compiled kernels give bit-identical results, see
docs/architecture.md "Compiled kernels"). A failed compilation (no C compiler, no Cython) is a
warning, not an install error: framing then runs in pure Python, only slower.
Set ``FRAMING_PURE_PYTHON=1`` at install time to skip the compilation.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """Build the kernels if possible; otherwise say why and install the pure-Python package."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # any compiler or toolchain failure
            self._skip(exc)

    def build_extension(self, ext) -> None:  # type: ignore[no-untyped-def]
        try:
            super().build_extension(ext)
        except Exception as exc:  # (the same, per extension)
            self._skip(exc, ext.name)

    @staticmethod
    def _skip(exc: BaseException, name: str = "the compiled kernels") -> None:
        print(f"framing: {name} not built ({type(exc).__name__}: {exc}); "
              "annotation runs in pure Python (same results, slower)", file=sys.stderr)


def _extensions() -> list:
    if os.environ.get("FRAMING_PURE_PYTHON"):
        return []
    sources = sorted(Path("src").glob("framing/**/_*.pyx"))
    if not sources:
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("framing: Cython not available; annotation runs in pure Python", file=sys.stderr)
        return []
    from setuptools import Extension

    exts = [Extension(".".join(p.with_suffix("").parts[1:]), [str(p)]) for p in sources]
    return cythonize(exts, language_level=3, quiet=True,
                     compiler_directives={"boundscheck": False, "wraparound": False,
                                          "cdivision": True, "initializedcheck": False})


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
