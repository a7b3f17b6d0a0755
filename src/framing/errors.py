"""Exceptions raised by framing, and the helpers that word them (policy: docs/reference/errors.md).

- a file or record the library cannot use → :class:`InputError` (names the file and record/line);
- a bad argument or setting → :class:`ParameterError` (also ``ValueError`` and ``InputError``);
- a learned attribute read before fitting → :class:`NotFittedError` (``ValueError`` and ``AttributeError``);
- an optional package missing → :class:`MissingDependencyError` (``ImportError``, names the pip extra).

All derive from :class:`FramingError`.
"""
from __future__ import annotations

import numbers
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class FramingError(Exception):
    """Base class of all errors raised by framing."""


class InputError(FramingError):
    """Bad input: a file or record the library cannot use (bad arguments: :class:`ParameterError`).

    The message always starts with the file (and line/record where known), e.g.
    ``export.csv, line 12: no text in column 'body'``.
    """

    def __init__(self, message: str, *, path: str | Path | None = None,
                 record: int | str | None = None, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.record = record
        self.line = line
        self.reason = message
        where = []
        if self.path is not None:
            where.append(self.path)
        if line is not None:
            where.append(f"line {line}")
        elif record is not None:
            where.append(f"record {record}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class FormatError(InputError):
    """The format of a file could not be recognised or is not the one announced."""


class ModelNotFoundError(FramingError):
    """A model (e.g. Stanza's German models) is not on disk; the message says how to get it."""


class EmptyCorpusError(InputError):
    """The sources yielded no document at all (every file skipped, or no files).

    ``report`` holds the :class:`framing.corpus.report.IngestReport` with the reason for every
    skipped record, so a script can show or save it: ``except EmptyCorpusError as e:
    print(e.report.to_text())``. ``framing ingest`` and ``framing analyze`` exit with status 2.
    """

    def __init__(self, message: str, *, report: object = None,
                 path: str | Path | None = None) -> None:
        super().__init__(message, path=path)
        self.report = report


class ParameterError(InputError, ValueError):
    """A bad argument or setting: a value outside the allowed choices or range.

    Also a :class:`ValueError` (what Python code conventionally catches for a bad value) and an
    :class:`InputError` (what framing raised for bad arguments before, so existing ``except
    InputError`` blocks keep working). The message names the parameter and the allowed values,
    e.g. ``unit must be one of ['sentence', 'window', 'doc'], got 'page'``. Build it with
    :func:`check_choice`, :func:`check_positive` or :func:`check_range`.
    """


class NotFittedError(FramingError, ValueError, AttributeError):
    """A learned attribute (``topics_``, ``evidence_`` …) or method was used before ``fit``/``score``.

    Like scikit-learn's ``NotFittedError`` it is both a :class:`ValueError` and an
    :class:`AttributeError`, so ``hasattr(model, "topics_")`` is ``False`` on a fresh estimator.
    """


class MissingDependencyError(FramingError, ImportError):
    """An optional package (gensim, bertopic, igraph …) is not installed; the message names the
    pip extra that brings it, e.g. ``pip install "framing-lokal[topics]"``."""


def _show(values: Iterable[Any]) -> str:
    return "[" + ", ".join(repr(v) for v in values) + "]"


def check_choice(name: str, value: Any, choices: Iterable[Any], *, allow_none: bool = False) -> Any:
    """Return ``value`` if it is one of ``choices`` (or None with ``allow_none``), else raise
    :class:`ParameterError` "``name`` must be one of [...], got ``value``"."""
    choices = list(choices)
    if allow_none and value is None:
        return value
    try:
        ok = value in choices
    except TypeError:  # unhashable value against a set/dict of choices
        ok = False
    if not ok:
        extra = " or None" if allow_none else ""
        raise ParameterError(f"{name} must be one of {_show(choices)}{extra}, got {value!r}")
    return value


def check_positive(name: str, value: Any, *, minimum: float = 1, integer: bool = True) -> Any:
    """Return ``value`` if it is a number ``>= minimum`` (an integer when ``integer``), else raise
    :class:`ParameterError` "``name`` must be an integer >= ``minimum``, got ``value``"."""
    kind = "an integer" if integer else "a number"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral if integer else numbers.Real):
        raise ParameterError(f"{name} must be {kind} >= {minimum}, got {value!r}")
    if value < minimum:
        raise ParameterError(f"{name} must be {kind} >= {minimum}, got {value!r}")
    return value


def check_range(name: str, value: Any, low: float, high: float, *, low_open: bool = False,
                high_open: bool = False) -> Any:
    """Return ``value`` if it lies in the interval (brackets as given), else raise
    :class:`ParameterError` "``name`` must be in (0, 1], got ``value``"."""
    interval = f"{'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(f"{name} must be a number in {interval}, got {value!r}")
    x = float(value)
    above = x > low if low_open else x >= low
    below = x < high if high_open else x <= high
    if not (above and below):
        raise ParameterError(f"{name} must be in {interval}, got {value!r}")
    return value
