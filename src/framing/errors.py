"""Exceptions raised by framing. Every error about input names the file (and record/line where known)."""
from __future__ import annotations

from pathlib import Path


class FramingError(Exception):
    """Base class of all errors raised by framing."""


class InputError(FramingError):
    """Bad input: a file, record or argument the library cannot use.

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
