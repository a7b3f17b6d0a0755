"""Lazy exports for packages: a name's module is imported on first use (PEP 562), so that
``import framing`` and its subpackages stay fast and heavy stacks load only when needed."""
from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str], submodules: Iterable[str] = ()
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` for ``package``.

    ``exports`` maps a public name to the module defining it: absolute (``"framing.nlp.tokens"``)
    or relative to the package (``"counting"``). ``submodules`` are reachable as attributes
    without an explicit import. A resolved name is stored in the package, so it loads once.
    """
    submodules = tuple(submodules)
    names = sorted(exports)

    def __getattr__(name: str) -> Any:
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = target if target.startswith("framing") else f"{package}.{target}"
        value = getattr(importlib.import_module(module), name)
        sys.modules[package].__dict__[name] = value
        return value

    def __dir__() -> list[str]:
        return names + list(submodules)

    return __getattr__, __dir__
