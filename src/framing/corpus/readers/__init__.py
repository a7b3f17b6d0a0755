"""Reader registry and format detection.

Each source format has its own module (see :mod:`framing.corpus.readers.base` for the contract).
:func:`detect_format` picks a reader for a file by its suffix and a look at its first bytes;
press-database exports are recognised by content, so a folder may mix them with plain articles.
"""
from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from framing.corpus.readers.base import read_head
from framing.errors import FormatError

#: Reader modules in the order they are tried when sniffing (specific formats first,
#: the plain-text reader last because it accepts any text file).
READER_MODULES: tuple[str, ...] = (
    "nexis", "genios", "factiva", "bundestag", "html", "tabular", "minutes", "textfolder",
)

#: Files in a corpus folder that are documentation, not documents (reported as skipped).
DOC_FILE_PREFIXES = ("readme", "license", "licence", "changelog", "copying")


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"framing.corpus.readers.{name}")


def reader_modules() -> list[ModuleType]:
    return [_module(name) for name in READER_MODULES]


def formats_of(module: ModuleType) -> tuple[str, ...]:
    return tuple(getattr(module, "FORMATS", None) or (module.FORMAT,))


def available_formats() -> dict[str, ModuleType]:
    """Format name → reader module."""
    return {fmt: mod for mod in reader_modules() for fmt in formats_of(mod)}


def detect_format(path: Path) -> tuple[str, ModuleType]:
    """Return ``(format, module)`` for a file; raise :class:`FormatError` when none fits."""
    suffix = path.suffix.lower()
    head: str | None = None
    for mod in reader_modules():
        if suffix not in getattr(mod, "SUFFIXES", ()):
            continue
        if head is None:
            head = read_head(path)
        try:
            ok = mod.sniff(path, head)
        except Exception:  # a sniffer must not break detection
            ok = False
        if ok:
            fmt = ok if isinstance(ok, str) else formats_of(mod)[0]
            return fmt, mod
    for mod in reader_modules():  # a reader may say why a file with its suffix is not readable
        explain = getattr(mod, "explain", None)
        if explain is not None and suffix in getattr(mod, "SUFFIXES", ()):
            try:
                reason = explain(path)
            except Exception:
                reason = None
            if reason:
                raise FormatError(reason, path=path)
    known = sorted({s for m in reader_modules() for s in getattr(m, "SUFFIXES", ())})
    raise FormatError(f"unrecognised format (suffix {suffix or 'none'!r}; readable suffixes: "
                      f"{', '.join(known)}); pass format=... to force a reader", path=path)


def reader_for(path: Path, fmt: str | None) -> tuple[str, ModuleType]:
    if fmt is None:
        return detect_format(path)
    formats = available_formats()
    if fmt not in formats:
        raise FormatError(f"unknown format {fmt!r}; known formats: {', '.join(sorted(formats))}",
                          path=path)
    return fmt, formats[fmt]


def call_reader(module: ModuleType, fmt: str, path: Path, report: Any,
                options: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Call a reader with the options its ``read`` accepts (others are meant for other readers)."""
    params = inspect.signature(module.read).parameters
    takes_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    kwargs = {k: v for k, v in options.items() if takes_all or k in params}
    if "format" in params and len(formats_of(module)) > 1:
        kwargs["format"] = fmt
    return module.read(path, report=report, **kwargs)


def accepted_options() -> set[str]:
    """Every keyword option some reader accepts (to reject typos early)."""
    names: set[str] = set()
    for mod in reader_modules():
        for name, p in inspect.signature(mod.read).parameters.items():
            if p.kind is inspect.Parameter.KEYWORD_ONLY or p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
                names.add(name)
    return names - {"path", "report"}


def is_documentation_file(path: Path) -> bool:
    return path.name.lower().startswith(DOC_FILE_PREFIXES)
