"""The contract every reader module follows.

A reader module (one per source format, e.g. ``nexis.py``) defines:

``FORMAT: str``
    the format's name, as users pass it to ``framing.read(..., format=FORMAT)``.
``SUFFIXES: tuple[str, ...]``
    file suffixes it may handle (lower case, with dot), e.g. ``(".txt", ".rtf")``.
``sniff(path: Path, head: str) -> bool``
    True when the file's first characters (``head``, up to 64 KiB decoded leniently) show that
    the file is in this format. Must be cheap and must not raise.
``read(path, *, report: IngestReport | None = None, **options) -> Iterator[dict]``
    yields one dict per document. Keys: any of the core columns (``text``, ``title``, ``date``
    — the raw string is fine, ingest parses and reports it —, ``outlet``, ``place``, ``section``,
    ``author``, ``url``, ``doc_id`` if the source has ids) plus extra metadata under lower-case
    snake_case names, plus ``RECORD_KEY`` (the record's 1-based number in the file, or a line
    number for line-based formats). Records that cannot be used are not yielded but reported with
    ``report.skip(path, record, reason)``. A whole file that cannot be read raises
    :class:`framing.errors.InputError` naming the file (ingest turns that into a reported skip).

Readers stream: they never hold more than one record (or one chunk of a table) at a time beyond
what the format forces, and they know nothing of cleaning, dedup or analyses.
"""
from __future__ import annotations

from pathlib import Path

from framing.corpus.encoding import decode_bytes, looks_binary
from framing.errors import InputError

#: Key under which a reader puts the record number (1-based) in each yielded dict.
RECORD_KEY = "_record"
#: For line-based formats: the line the record starts on, used in error messages.
LINE_KEY = "_line"

HEAD_BYTES = 65536


def read_document_bytes(path: Path) -> bytes:
    """The bytes of a whole-file source; :class:`InputError` naming the file when it cannot be
    read or holds nothing but white space (the same wording for every reader)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if not data.strip():
        raise InputError("empty file", path=path)
    return data


def read_head(path: Path, n_bytes: int = HEAD_BYTES) -> str:
    """The first characters of a file, decoded leniently for sniffing ('' for binary/unreadable)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(n_bytes)
    except OSError:
        return ""
    if looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"PK")):
        return ""
    try:
        return decode_bytes(data, path=path).text
    except Exception:
        return data.decode("latin-1", errors="replace")
