"""Tables of documents: CSV, TSV, JSON Lines (also ``.ndjson`` and small ``.json`` arrays) and Parquet.

One row (line, object) is one document. Columns are mapped onto the core columns by name: pass
``text_col="Inhalt"`` etc. (or a 0-based position, ``text_col=1``), or let the reader pick among
common English and German names (:data:`ROLE_CANDIDATES`; matched after lower-casing,
ä→ae/ö→oe/ü→ue/ß→ss and snake-casing, so ``Überschrift``, ``UEBERSCHRIFT`` and ``ueberschrift``
are the same name). All other columns are kept as extras under lower snake_case names. A CSV
without header row is read with ``header=None`` (columns ``column_0``, ``column_1`` …, the text
column found by content) or ``names=[...]``.

Everything streams: CSV/TSV row by row with the :mod:`csv` module (quoted fields may span lines),
JSON Lines line by line, Parquet batch by batch, so a 200 MB export is read in bounded memory.
Text files are decoded line by line (:class:`~framing.corpus.encoding.LineDecoder`): a line in
another encoding, stray NUL bytes or one bad byte are repaired and reported for their record
(``report.repair(..., "encoding", note="line N: …")``). Delimiter and quote character are sniffed
together (:func:`sniff_dialect`).

Record numbers: CSV/TSV and Parquet use the 1-based data row (``LINE_KEY`` holds the physical line
a CSV row starts on); JSON Lines uses the line number for both.

Bad input: an empty or binary file, or a table without a text column raises :class:`InputError`
naming the file (and the columns found, cut to a readable length). A bad row (invalid JSON line,
row with more fields than the header, empty text, a last row cut off inside a quoted field) is
reported with ``report.skip`` and the remaining rows are read; a quote left open where the next
line starts a new row is closed and the row reported as repaired, and the rows it swallowed are
read again as rows. A ``.json`` array cut off mid-way gives its complete items, then an error
naming the item.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
import unicodedata
import warnings
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from framing.corpus.encoding import (
    LEGACY_FALLBACK,
    LineDecoder,
    StreamEncoding,
    decode_utf8_with_fallback,
    detect_stream_encoding,
)
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY
from framing.corpus.report import IngestReport
from framing.errors import InputError

FORMAT = "csv"
#: Formats this module reads (``format=`` values); "json" is an alias of "jsonl".
FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "json", "parquet")
SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".json",
                             ".parquet", ".pq", ".parq")

_SUFFIX_FORMAT = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl",
                  ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".pq": "parquet",
                  ".parq": "parquet"}

#: Delimiters tried when sniffing a CSV file.
DELIMITERS = ";,\t|"
#: A ``.json`` file holding one JSON array is loaded whole; larger ones must be JSON Lines.
JSON_ARRAY_MAX_BYTES = 64 * 1024 * 1024
#: Rows per Parquet batch.
PARQUET_BATCH_ROWS = 2048

#: Column names recognised for each core column, in order of preference (normalised spelling).
ROLE_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "fulltext", "full_text", "volltext", "inhalt",
             "artikel", "artikeltext", "article_text", "body_text", "text_body", "main_text",
             "maintext", "haupttext", "story", "beitrag", "wortlaut"),
    "title": ("title", "headline", "heading", "titel", "ueberschrift", "schlagzeile", "hl",
              "head", "artikeltitel", "article_title"),
    "date": ("date", "published", "publication_date", "pub_date", "published_at",
             "date_published", "publish_date", "publishing_date", "datetime", "datum",
             "erscheinungsdatum", "veroeffentlicht", "veroeffentlicht_am", "veroeffentlichung",
             "veroeffentlichungsdatum", "publikationsdatum", "ausgabedatum", "erschienen",
             "erschienen_am", "sitzungsdatum", "created_at", "timestamp"),
    "outlet": ("outlet", "newspaper", "publication", "publisher", "medium", "media",
               "media_name", "sitename", "site_name", "zeitung", "publikation", "quelle",
               "verlag", "source_name", "source"),
    "place": ("place", "location", "city", "town", "municipality", "ort", "stadt", "gemeinde",
              "kommune"),
    "section": ("section", "ressort", "rubrik", "category", "kategorie", "department", "desk",
                "sektion", "tagesordnungspunkt"),
    "author": ("author", "authors", "byline", "autor", "autorin", "autoren", "verfasser",
               "verfasserin", "redakteur", "redakteurin"),
    # speeches: kept as their own column; ingest copies the speaker to ``author`` when none is given
    "speaker": ("speaker", "redner", "rednerin", "sprecher", "sprecherin"),
    "url": ("url", "link", "href", "uri", "web_url", "permalink", "weblink"),
    "doc_id": ("doc_id", "id", "docid", "document_id", "article_id", "artikel_id", "dokument_id",
               "dokumentnummer", "uuid", "guid", "uid"),
}
#: Reader option naming the column for each core column (``None`` = auto-detect).
ROLE_OPTIONS: dict[str, str] = {
    "text": "text_col", "title": "title_col", "date": "date_col", "outlet": "outlet_col",
    "place": "place_col", "section": "section_col", "author": "author_col", "url": "url_col",
    "doc_id": "id_col",
}
#: Names an extra column may not take (set by ingest); such columns become ``orig_<name>``.
RESERVED = frozenset({"doc_id", "text", "title", "date", "outlet", "place", "section", "author",
                      "url", "source"})

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                          "ß": "ss", "ẞ": "SS"})
_CAMEL1 = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL2 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def snake_case(name: object) -> str:
    """Lower snake_case ASCII form of a column name: ``"Überschrift"`` → ``"ueberschrift"``,
    ``"pubDate"`` → ``"pub_date"``, ``"Published At"`` → ``"published_at"``."""
    s = str(name).replace("\ufeff", "").strip().translate(_UMLAUTS)
    s = _CAMEL2.sub(r"\1_\2", _CAMEL1.sub(r"\1_\2", s))
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("_", s.lower()).strip("_")


def _role_of(norm: str) -> str | None:
    for role, names in ROLE_CANDIDATES.items():
        if norm in names:
            return role
    return None


def map_metadata_key(name: object) -> str:
    """Target key for a metadata field (front matter, sidecar column): a core column when the
    name is a known alias (``"Datum"`` → ``"date"``, ``"Ort"`` → ``"place"``), else its snake_case
    form. Text aliases and reserved names (``text``, ``source``) become ``orig_<name>``: the text
    of a file is its body, and ``source`` is set by ingest."""
    norm = snake_case(name) or "field"
    role = _role_of(norm)
    if role is not None and role != "text":
        return role
    if norm in RESERVED or norm.startswith("_"):
        return f"orig_{norm.lstrip('_')}"
    return norm


@dataclass(frozen=True)
class ColumnMap:
    """Where each input column goes: ``targets[i]`` is the output key of ``columns[i]``."""

    columns: tuple[str, ...]
    targets: tuple[str, ...]

    def apply(self, values: Iterable[Any]) -> dict[str, Any]:
        return dict(zip(self.targets, values, strict=True))


#: Longest column name shown in an error message (a headerless file's "names" are texts).
SHOW_NAME_CHARS = 40
#: Most column names shown in an error message.
SHOW_NAMES = 20


def show_columns(columns: Iterable[object]) -> str:
    """The column names for an error message, each cut to :data:`SHOW_NAME_CHARS` characters:
    the first row of a file without header row holds whole articles."""
    cols = [str(c) for c in columns]
    shown = [c if len(c) <= SHOW_NAME_CHARS else c[:SHOW_NAME_CHARS - 1] + "…"
             for c in cols[:SHOW_NAMES]]
    more = f" and {len(cols) - SHOW_NAMES} more" if len(cols) > SHOW_NAMES else ""
    return f"{shown}{more}"


def _column_index(want: object, cols: list[str], norms: list[str]) -> int | None:
    """Position of the asked-for column: by name, by snake_case name, or by 0-based position
    (an int, or a string of digits that is no column's name)."""
    if isinstance(want, int) and not isinstance(want, bool):
        return want if 0 <= want < len(cols) else None
    want = str(want)
    if want in cols:
        return cols.index(want)
    if snake_case(want) in norms:
        return norms.index(snake_case(want))
    if want.isdigit() and 0 <= int(want) < len(cols):
        return int(want)
    return None


def resolve_columns(columns: Iterable[object], path: str | Path | None = None,
                    options: Mapping[str, str | int | None] | None = None,
                    require_text: bool = True, hint: str = "") -> ColumnMap:
    """Map input column names to output keys (core columns by option or by name, others snake_case).

    An option may name a column or give its 0-based position (``text_col=1``). Raises
    :class:`InputError` naming the file and the columns found (cut to a readable length) when an
    asked-for column is missing, or when no text column is found and ``require_text`` is true;
    ``hint`` is added to that message.
    """
    cols = [str(c) for c in columns]
    norms = [snake_case(c) for c in cols]
    options = dict(options or {})
    targets: list[str | None] = [None] * len(cols)

    for role, opt in ROLE_OPTIONS.items():
        want = options.get(opt)
        if want is None:
            continue
        idx = _column_index(want, cols, norms)
        if idx is None:
            raise InputError(f"no column {want!r} ({opt}); columns found: {show_columns(cols)}",
                             path=path)
        if targets[idx] is not None:
            raise InputError(f"column {want!r} asked for both {targets[idx]!r} and {role!r}",
                             path=path)
        targets[idx] = role

    taken = set(t for t in targets if t)
    for role, names in ROLE_CANDIDATES.items():
        if role in taken or options.get(ROLE_OPTIONS.get(role, "")) is not None:
            continue
        for name in names:
            hits = [i for i, n in enumerate(norms) if n == name and targets[i] is None]
            if hits:
                targets[hits[0]] = role
                taken.add(role)
                break

    if require_text and "text" not in taken:
        raise InputError(
            f"no text column found; columns found: {show_columns(cols)}; looked for "
            f"{', '.join(ROLE_CANDIDATES['text'][:8])}, …; pass text_col='<column>' "
            f"(command line: --option text_col=<column>){hint}",
            path=path)

    used = set(taken)
    out: list[str] = []
    for i, t in enumerate(targets):
        if t is None:
            base = norms[i] or f"column_{i + 1}"
            if base in RESERVED or base.startswith("_"):
                base = f"orig_{base.lstrip('_')}"
            t, k = base, 2
            while t in used:
                t, k = f"{base}_{k}", k + 1
        used.add(t)
        out.append(t)
    return ColumnMap(tuple(cols), tuple(out))


def _clean_value(key: str, value: Any) -> Any:
    """Metadata strings are stripped (empty → ``None``); the text is kept as it is. Lists in core
    string columns are joined (``"; "``, paragraphs of a text list with blank lines)."""
    if isinstance(value, str):
        if key == "text":  # Windows/old-Mac line ends inside quoted fields → "\n"
            return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
        return value.strip() or None
    if isinstance(value, (list, tuple)) and key in RESERVED and key != "date":
        parts = [str(v) for v in value if v is not None and str(v).strip()]
        sep = "\n\n" if key == "text" else "; "
        return sep.join(parts) if parts else None
    return value


def _finish(record: dict[str, Any], path: Path, rec_no: int, line: int | None,
            report: IngestReport | None) -> dict[str, Any] | None:
    """Common tail of every reader: clean values, skip empty text, add record keys."""
    out = {k: _clean_value(k, v) for k, v in record.items()}
    text = out.get("text")
    if text is not None and not isinstance(text, str):
        kind = type(text).__name__
        text = out["text"] = str(text)
        if report is not None and text.strip():
            report.repair(path, rec_no, f"text converted from {kind}")
    if text is None or not text.strip():
        if report is not None:
            report.skip(path, rec_no, "empty text")
        return None
    if out.get("doc_id") is not None and not isinstance(out["doc_id"], str):
        out["doc_id"] = str(out["doc_id"])
    out[RECORD_KEY] = rec_no
    if line is not None:
        out[LINE_KEY] = line
    return out


def _flatten(obj: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects become ``parent_child`` keys (JSON/Parquet structs)."""
    flat: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}_"))
        else:
            flat[name] = value
    return flat


def _warn(report: IngestReport | None, path: Path, record: int | None, message: str) -> None:
    if report is not None:
        report.warn(path, record, message)
    else:
        warnings.warn(f"{path}, record {record}: {message}", stacklevel=3)


def _check_file(path: Path) -> bytes:
    """The first 64 KiB; raises for a missing or empty file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if not head:
        raise InputError("empty file", path=path)
    return head


def _looks_binary_table(head: bytes) -> bool:
    """True for bytes that are no text table: more than 1 % NUL bytes or 5 % control bytes.
    A few stray NULs in a text export are removed line by line and reported instead."""
    sample = head[:65536]
    if not sample:
        return False
    if sample.count(0) > 0.01 * len(sample):
        return True
    controls = sum(sample.count(b) for b in range(32) if b not in (9, 10, 12, 13))
    return controls > 0.05 * len(sample)


class _Line(NamedTuple):
    lineno: int
    text: str
    #: what was repaired while decoding this line (None: nothing)
    note: str | None


class _TextSource:
    """A text table's lines, decoded one by one (see :class:`~framing.corpus.encoding.LineDecoder`),
    so that a line in another encoding, stray NUL bytes or one bad byte are repaired and noted
    for their own record instead of aborting the file or garbling every row."""

    def __init__(self, path: Path, head: bytes, encoding: str | None, kind: str,
                 report: IngestReport | None) -> None:
        self.path = path
        is_utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        if encoding is None:
            stream = detect_stream_encoding(path)  # raises InputError for binary junk
            strict = False
        else:
            try:
                name = codecs.lookup(encoding).name
            except LookupError:
                raise InputError(f"unknown encoding {encoding!r}", path=path) from None
            skip = len(codecs.BOM_UTF8) if name == "utf-8" and head.startswith(codecs.BOM_UTF8) else 0
            stream = StreamEncoding(name, skip)
            strict = True
        if not stream.line_by_line and not is_utf16 and not stream.encoding.startswith(("utf-16", "utf-32")):
            raise InputError(f"encoding {stream.encoding!r} cannot be read line by line; "
                             "convert the file to UTF-8", path=path)
        if stream.line_by_line and _looks_binary_table(head[stream.skip:]):
            raise InputError(f"binary data, not a {kind} file", path=path)
        self.stream = stream
        self.decoder = LineDecoder(stream.encoding, strict=strict) if stream.line_by_line else None
        if stream.note and report is not None:
            report.warn(path, None, stream.note)
        # old-Mac files end lines with "\r" only
        self._sep = b"\r" if (b"\n" not in head and b"\r" in head) else b"\n"

    def _raw_lines(self, fh: BinaryIO) -> Iterator[bytes]:
        if self._sep == b"\n":
            yield from fh
            return
        buf = b""
        while chunk := fh.read(1 << 20):
            buf += chunk
            *lines, buf = buf.split(self._sep)
            for line in lines:
                yield line + self._sep
        if buf:
            yield buf

    def lines(self) -> Iterator[_Line]:
        """``(lineno, text, note)`` for every physical line, line ends kept."""
        path = self.path
        try:
            fh = open(path, "rb")  # noqa: SIM115  (closed by the `with fh` below; open apart to name the file)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
        with fh:
            if self.decoder is None:
                yield from self._text_lines(fh)
                return
            fh.seek(self.stream.skip)
            decode = self.decoder.decode
            for lineno, raw in enumerate(self._raw_lines(fh), start=1):
                text, note = decode(raw)
                if "\x00" in text:
                    n = text.count("\x00")
                    text = text.replace("\x00", "")
                    note = f"{note}; " if note else ""
                    note += f"{n} NUL byte(s) removed"
                yield _Line(lineno, text, note)

    def _text_lines(self, fh: BinaryIO) -> Iterator[_Line]:
        """UTF-16/32: decoded as a stream (lines cannot be split as bytes)."""
        text_fh = io.TextIOWrapper(fh, encoding=self.stream.encoding, newline="")
        lineno = 0
        while True:
            try:
                line = text_fh.readline()
            except UnicodeDecodeError as exc:
                raise InputError(f"cannot decode as {self.stream.encoding} ({exc.reason}); "
                                 "pass encoding='...'", path=self.path, line=lineno + 1) from None
            if not line:
                return
            lineno += 1
            if lineno == 1:
                line = line.lstrip("\ufeff")
            yield _Line(lineno, line, None)

    def sample(self, n_chars: int = 65536) -> tuple[str, bool]:
        """The first ``n_chars`` characters (whole lines) and whether that is the whole file."""
        parts: list[str] = []
        size = 0
        for line in self.lines():
            parts.append(line.text)
            size += len(line.text)
            if size >= n_chars:
                return "".join(parts), False
        return "".join(parts), True


class _Lines:
    """The line iterator :func:`csv.reader` pulls from: remembers the lines of the current row
    (to report where it started, attach decoding repairs, and re-read lines when an unclosed
    quote swallowed the rows after it) and notices the end of the file."""

    def __init__(self, lines: Iterator[_Line]) -> None:
        self._it = lines
        self._back: deque[_Line] = deque()
        self.taken: list[_Line] = []
        self.eof = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._back:
            line = self._back.popleft()
        else:
            try:
                line = next(self._it)
            except StopIteration:
                self.eof = True
                raise
        self.taken.append(line)
        return line.text

    def take(self) -> list[_Line]:
        taken, self.taken = self.taken, []
        return taken

    def push_back(self, lines: list[_Line]) -> None:
        self.eof = False
        self._back.extendleft(reversed(lines))


def sniff_delimiter(sample: str, default: str = ",") -> str:
    """Guess the delimiter of CSV text (``;``, ``,``, tab or ``|``); see :func:`sniff_dialect`."""
    return sniff_dialect(sample, default)[0]


def _parse_sample(body: str, delimiter: str, quotechar: str) -> list[list[str]] | None:
    try:
        rows = list(csv.reader(io.StringIO(body), delimiter=delimiter, quotechar=quotechar))
    except csv.Error:
        return None
    return [r for r in rows if r and any(f.strip() for f in r)]


def sniff_dialect(sample: str, default: str = ",", *, complete: bool = False,
                  delimiter: str | None = None, quotechar: str | None = None,
                  skip_rows: int = 0) -> tuple[str, str]:
    """Guess ``(delimiter, quotechar)`` of CSV text from its first lines.

    Every pair of a candidate delimiter (:data:`DELIMITERS`) and quote character (``"`` or
    ``'``) parses the sample; the winner splits the first row into most-consistent rows: the
    largest share of rows with as many fields as the first one (a delimiter that does not
    split the first row does not count). Prose full of commas inside ``;``-separated fields
    quoted with ``'`` (the 10kGNAD corpus) gives ragged rows for ``,`` and for ``"``, so it
    loses. Ties go to the quote character that opens more fields, then to ``default``.
    ``complete=False``: the sample may end inside a row, so its last row is not judged.
    ``skip_rows``: lines before the header row (a title line of an export) that are not judged.
    """
    if skip_rows:
        sample = "".join(sample.splitlines(keepends=True)[skip_rows:])
    delims = [delimiter] if delimiter else list(DELIMITERS)
    quotes = [quotechar] if quotechar else ['"', "'"]
    if not complete:
        cut = sample.rfind("\n")
        sample = sample[:cut + 1] if cut > 0 else sample
    best: tuple[tuple[float, ...], str, str] | None = None
    for d in delims:
        for q in quotes:
            rows = _parse_sample(sample, d, q)
            if not rows:
                continue
            if not complete and len(rows) > 2:
                rows = rows[:-1]
            width = len(rows[0])
            if width < 2 and not delimiter:
                continue
            share = sum(1 for r in rows if len(r) == width) / len(rows)
            opened = len(re.findall(rf"(?:^|{re.escape(d)})[ ]*{re.escape(q)}", sample, re.M))
            score = (share, opened, d == default, q == '"')
            if best is None or score > best[0]:
                best = (score, d, q)
    if best is None:
        return (delimiter or default, quotechar or '"')
    return best[1], best[2]


#: A headerless column whose values average at least this many characters may be the text.
TEXT_MIN_MEAN_CHARS = 20


def text_column_by_content(rows: list[list[str]]) -> int | None:
    """The column of a headerless table that holds the texts: the one with the longest values
    on average, if those are prose (mostly with spaces, at least :data:`TEXT_MIN_MEAN_CHARS`
    characters on average); ``None`` when no column looks like text."""
    if not rows:
        return None
    width = max(len(r) for r in rows)
    best: tuple[float, int] | None = None
    for i in range(width):
        values = [r[i] for r in rows if i < len(r)]
        if not values:
            continue
        mean = sum(len(v) for v in values) / len(values)
        prose = sum(1 for v in values if " " in v.strip()) / len(values)
        if mean >= TEXT_MIN_MEAN_CHARS and prose >= 0.5 and (best is None or mean > best[0]):
            best = (mean, i)
    return None if best is None else best[1]


def _set_field_limit() -> None:
    # newspaper articles easily exceed the default 128 KiB field limit
    limit = sys.maxsize
    while True:
        try:
            if csv.field_size_limit() < limit:
                csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 16


def _parse_lines(lines: list[_Line], delimiter: str, quotechar: str,
                 strict: bool = True) -> list[list[str]] | None:
    """Rows of some lines parsed on their own; ``None`` when they do not parse (strictly) or
    end inside a quoted field."""
    it = _Lines(iter(lines))
    try:
        rows = list(csv.reader(it, delimiter=delimiter, quotechar=quotechar, strict=strict))
    except csv.Error:
        return None
    if not strict and rows and it.eof and it.taken and _open_quote(it.taken, delimiter, quotechar):
        return None
    return rows


def _open_quote(lines: list[_Line], delimiter: str, quotechar: str) -> bool:
    """True when ``lines`` end inside a quoted field."""
    try:
        list(csv.reader((ln.text for ln in lines), delimiter=delimiter, quotechar=quotechar,
                        strict=True))
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


#: Lines tried as the start of the rows an unclosed quote swallowed, and lines parsed to check.
RESYNC_TRIES = 20
RESYNC_LINES = 50


def _starts_rows(lines: list[_Line], delimiter: str, quotechar: str, width: int | None) -> bool:
    """True when ``lines`` (the first :data:`RESYNC_LINES` of them) parse on their own into
    complete rows of ``width`` fields, blank lines aside: they are rows that an unclosed quote
    before them swallowed. A row cut by the end of the window does not count against them."""
    it = _Lines(iter(lines[:RESYNC_LINES]))
    reader = csv.reader(it, delimiter=delimiter, quotechar=quotechar, strict=True)
    complete = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if it.eof and "unexpected end of data" in str(exc) and len(lines) > RESYNC_LINES:
                break  # the window ends inside a row
            return False
        if not row or all(not f.strip() for f in row):
            continue
        if width and len(row) != width:
            return False
        complete += 1
    return complete > 0


def _close_quote(lines: list[_Line], delimiter: str, quotechar: str) -> list[str] | None:
    """The row of ``lines`` whose last quoted field was never closed, closed at their end."""
    text = "".join(ln.text for ln in lines).rstrip("\r\n") + quotechar
    try:
        rows = list(csv.reader([text], delimiter=delimiter, quotechar=quotechar, strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def read_csv(path: str | Path, *, report: IngestReport | None = None,
             delimiter: str | None = None, quotechar: str | None = None,
             encoding: str | None = None, header: int | None = 0,
             names: Sequence[str] | None = None, default_delimiter: str = ",",
             **columns: str | int | None) -> Iterator[dict[str, Any]]:
    """Stream a CSV/TSV file row by row.

    ``header``: the 0-based row holding the column names (default 0, the first row); ``None``
    for a file without header row: columns are then ``column_0``, ``column_1`` … (numbered from
    0 as pandas does) unless ``names`` names them, and the text column is the one whose values
    read like prose, unless ``text_col`` (a name or a 0-based position) says otherwise.
    ``names``: column names to use instead of the header row's. ``columns``: ``text_col``,
    ``title_col`` … (see the module docstring).
    """
    path = Path(path)
    head = _check_file(path)
    source = _TextSource(path, head, encoding, "CSV/TSV", report)
    _set_field_limit()
    if isinstance(header, str):  # from the command line: --option header=None
        header = None if header.strip().lower() in ("none", "") else (
            int(header) if header.strip().isdigit() else header)  # type: ignore[assignment]
    if isinstance(names, str):  # --option names=label,text
        names = [n.strip() for n in names.split(",")]
    if header is not None and (not isinstance(header, int) or isinstance(header, bool) or header < 0):
        raise InputError(f"header={header!r}: expected a row number (0 = first row) or None",
                         path=path)
    sample, complete = source.sample()
    if not sample.strip():
        raise InputError("empty file", path=path)
    if delimiter is None or quotechar is None:
        delimiter, quotechar = sniff_dialect(sample, default_delimiter, complete=complete,
                                             delimiter=delimiter, quotechar=quotechar,
                                             skip_rows=header or 0)
    try:
        csv.reader([], delimiter=delimiter, quotechar=quotechar)
    except TypeError as exc:
        raise InputError(f"bad delimiter/quotechar: {exc}", path=path) from None
    columns = dict(columns)
    if header is None and names is None and columns.get("text_col") is None:
        rows = _parse_sample(sample, delimiter, quotechar) or []
        if not complete and len(rows) > 1:
            rows = rows[:-1]
        found = text_column_by_content(rows[:200])
        if found is None:
            first = rows[0] if rows else []
            raise InputError(
                f"header=None: no column reads like text (first row: {show_columns(first)}); "
                "pass text_col=<0-based position>", path=path)
        columns["text_col"] = found
    yield from _csv_rows(path, source, report, delimiter, quotechar, header, names, columns)


def _csv_rows(path: Path, source: _TextSource, report: IngestReport | None, delimiter: str,
              quotechar: str, header: int | None, names: Sequence[str] | None,
              columns: Mapping[str, str | int | None]) -> Iterator[dict[str, Any]]:
    lines = _Lines(source.lines())
    reader = csv.reader(lines, delimiter=delimiter, quotechar=quotechar, strict=True)
    cmap: ColumnMap | None = None
    width = 0
    to_skip = header or 0
    hint = ("; if the file has no header row, pass header=None (command line: --option header=None)"
            if header is not None else "")

    def start_columns(found: list[str] | None, n_fields: int) -> None:
        nonlocal cmap, width
        if names is not None:
            cols = [str(n) for n in names]
        elif found is not None:
            cols = found
        else:
            cols = [f"column_{i}" for i in range(n_fields)]
        cmap = resolve_columns(cols, path, columns, hint=hint)
        width = len(cols)

    row_no = 0
    while True:
        try:
            row: list[str] | None = next(reader)
            error: csv.Error | None = None
        except StopIteration:
            break
        except csv.Error as exc:
            row, error = None, exc
        taken = lines.take()
        if not taken:
            break
        start = taken[0].lineno
        repair_note: str | None = None
        if error is not None or (lines.eof and _open_quote(taken, delimiter, quotechar)):
            # a quote was opened and not closed where it should have been
            split = next((i for i in range(1, min(len(taken), RESYNC_TRIES + 1))
                          if _starts_rows(taken[i:i + RESYNC_LINES + 1], delimiter, quotechar,
                                          width or None)), None)
            if split is not None:
                lines.push_back(taken[split:])
                taken = taken[:split]
                row = _close_quote(taken, delimiter, quotechar)
                end = taken[-1].lineno
                if row is not None:
                    repair_note = (f"line {start}: quote opened and not closed; closed at the end "
                                   f"of line {end} (line {end + 1} starts the next row)")
            elif error is not None and not lines.eof:
                row = (_parse_lines(taken, delimiter, quotechar, strict=False) or [None])[0]
                if row is not None and cmap is not None:
                    _warn(report, path, row_no + 1,
                          f"stray quote character (line {start}: {error}); read leniently")
            else:
                row = None
            if row is None:
                if cmap is None:
                    raise InputError(f"unreadable header row: {error or 'unclosed quote'}",
                                     path=path, line=start)
                row_no += 1
                if report is not None:
                    if lines.eof and split is None:
                        report.skip(path, row_no, f"truncated row: quoted field opened on line "
                                                  f"{start} is not closed before the end of the file")
                    else:
                        report.skip(path, row_no, f"unreadable row (lines {start}–"
                                                  f"{taken[-1].lineno}): {error or 'unclosed quote'}")
                if lines.eof and split is None:
                    break
                continue
        if not row or all(not f.strip() for f in row):
            continue  # blank lines and rows of bare delimiters are not records
        if to_skip:
            to_skip -= 1
            continue
        if cmap is None:
            if header is not None:
                start_columns([h.replace("\ufeff", "").strip() for h in row], len(row))
                continue
            start_columns(None, len(row))
        assert cmap is not None
        row_no += 1
        if len(row) > width:
            if any(f.strip() for f in row[width:]):
                if report is not None:
                    report.skip(path, row_no, f"row has {len(row)} fields, "
                                              f"{'header has' if header is not None else 'expected'} {width} "
                                              f"(line {start}); unquoted delimiter in a field?")
                continue
            row = row[:width]
        elif len(row) < width:
            _warn(report, path, row_no,
                  f"row has {len(row)} of {width} fields (line {start}); missing fields left empty")
            row = row + [""] * (width - len(row))
        rec = _finish(cmap.apply(row), path, row_no, start, report)
        if rec is not None:
            if report is not None:
                notes = [f"line {ln.lineno}: {ln.note}" for ln in taken if ln.note]
                if notes:
                    report.repair(path, row_no, "encoding", note="; ".join(notes))
                if repair_note:
                    report.repair(path, row_no, "unclosed quote", note=repair_note)
            yield rec
    if cmap is None:
        raise InputError("empty file (no header row)" if header is not None else "empty file",
                         path=path)


def _iter_json_array(path: Path, data: Any) -> Iterator[tuple[int, Any]]:
    if isinstance(data, list):
        yield from enumerate(data, start=1)
    elif isinstance(data, dict):
        lists = [v for v in data.values()
                 if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if any(snake_case(k) in ROLE_CANDIDATES["text"] for k in data):
            yield 1, data
        elif len(lists) == 1:
            yield from enumerate(lists[0], start=1)
        else:
            raise InputError("JSON object is neither a document nor holds one list of documents; "
                             f"keys: {list(data)[:20]}", path=path)
    else:
        raise InputError(f"JSON file holds a {type(data).__name__}, not documents", path=path)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _fix_surrogates(obj: Any) -> tuple[Any, int]:
    """``obj`` with lone UTF-16 surrogates (from escapes like ``"\\ud83d"`` without their pair)
    replaced by U+FFFD, and how many there were: they cannot be written as UTF-8 (pyarrow,
    Parquet and every later step would fail on them)."""
    if isinstance(obj, str):
        return _SURROGATE.subn("\ufffd", obj)
    if isinstance(obj, dict):
        total = 0
        out = {}
        for k, v in obj.items():
            out[k], n = _fix_surrogates(v)
            total += n
        return out, total
    if isinstance(obj, list):
        total = 0
        items = []
        for v in obj:
            v, n = _fix_surrogates(v)
            items.append(v)
            total += n
        return items, total
    return obj, 0


def _json_items(text: str, path: Path) -> Iterator[tuple[int, Any, int, int]]:
    """``(item number, object, first line, last line)`` of a JSON array, item by item, so that
    the items before a syntax error (a file cut off mid-array) are read; the error raises
    :class:`InputError` naming its line and the item."""
    decoder = json.JSONDecoder()
    ws = re.compile(r"[ \t\r\n]*")
    pos = ws.match(text, text.index("[") + 1).end()
    line, counted = 1, 0

    def line_of(p: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, p)
        counted = p
        return line

    item = 0
    if text.startswith("]", pos):
        return
    while True:
        item += 1
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno}) in item {item}; "
                             f"the {item - 1} item(s) before it were read", path=path,
                             line=exc.lineno, record=item) from None
        except RecursionError:
            raise InputError(f"invalid JSON: item {item} nested too deeply", path=path,
                             record=item) from None
        first = line_of(pos)
        yield item, obj, first, line_of(end)
        pos = ws.match(text, end).end()
        if text.startswith(",", pos):
            pos = ws.match(text, pos + 1).end()
            continue
        if text.startswith("]", pos):
            rest = text[pos + 1:].strip()
            if rest:
                raise InputError("invalid JSON: extra data after the array", path=path,
                                 line=line_of(pos))
            return
        msg = "file ends inside the array" if pos >= len(text) else "expected ',' or ']'"
        raise InputError(f"invalid JSON: {msg} after item {item}; the {item} item(s) before "
                         "it were read", path=path, line=line_of(pos), record=item + 1)


def read_jsonl(path: str | Path, *, report: IngestReport | None = None,
               encoding: str | None = None, **columns: str | int | None) -> Iterator[dict[str, Any]]:
    """Stream JSON Lines (one object per line); a ``.json`` file with one array is loaded whole
    and read item by item (a file cut off mid-array gives its complete items, then an error).

    An invalid line is skipped with its line number; the first object decides the column mapping
    check (no text field there raises :class:`InputError`); later objects lacking text are skipped.
    Lines are decoded one by one (a line in another encoding is repaired and reported); a lone
    surrogate escape (``"\\ud83d"``) becomes U+FFFD and is reported.
    """
    path = Path(path)
    head = _check_file(path)
    source = _TextSource(path, head, encoding, "JSON", report)
    first, _ = source.sample(4096)
    if not first.strip():
        raise InputError("empty file", path=path)
    opening = first.lstrip("\ufeff \t\r\n")[:1]
    if opening == "[" or (opening == "{" and path.suffix.lower() == ".json"):
        size = path.stat().st_size
        if size > JSON_ARRAY_MAX_BYTES:
            raise InputError(f"JSON file of {size / 2**20:.0f} MB is too large to load whole; "
                             "convert it to JSON Lines (one object per line)", path=path)
        notes: dict[int, str] = {}
        parts: list[str] = []
        for ln in source.lines():
            parts.append(ln.text)
            if ln.note:
                notes[ln.lineno] = ln.note
        text = "".join(parts).lstrip("\ufeff")
        del parts
        done = yield from _json_whole(text, path, opening, notes, report, columns)
        if done:
            return
    yield from _jsonl_lines(source, path, report, columns)


def _json_whole(text: str, path: Path, opening: str, notes: dict[int, str],
                report: IngestReport | None,
                columns: Mapping[str, str | int | None]) -> Generator[dict[str, Any], None, bool]:
    """A ``.json`` file: one array (read item by item) or one object (a document, or a wrapper
    holding one list of documents). A file of several objects is JSON Lines: yields nothing
    and returns False."""
    cache: dict[tuple[str, ...], ColumnMap] = {}
    surrogates = bool(_SURROGATE_ESCAPE.search(text))
    if opening == "[":
        items: Iterable[tuple[int, Any, int | None, int | None]] = _json_items(text, path)
    else:
        try:
            whole = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data":
                return False  # several objects: JSON Lines after all
            raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", path=path,
                             line=exc.lineno) from None
        except RecursionError:
            raise InputError("invalid JSON: nested too deeply", path=path) from None
        items = ((n, obj, None, None) for n, obj in _iter_json_array(path, whole))
    for rec_no, obj, first, last in items:
        fixed = 0
        if surrogates:
            obj, fixed = _fix_surrogates(obj)
        rec = _json_record(obj, path, rec_no, None, report, columns, cache)
        if rec is None or report is None:
            if rec is not None:
                yield rec
            continue
        if first is not None and notes:
            found = [f"line {n}: {notes[n]}" for n in range(first, last + 1) if n in notes]
            if found:
                report.repair(path, rec_no, "encoding", note="; ".join(found))
        if fixed:
            report.repair(path, rec_no, "lone surrogate",
                          note=f"{fixed} lone surrogate escape(s) replaced by U+FFFD")
        yield rec
    return True


def _jsonl_lines(source: _TextSource, path: Path, report: IngestReport | None,
                 columns: Mapping[str, str | int | None]) -> Iterator[dict[str, Any]]:
    cache: dict[tuple[str, ...], ColumnMap] = {}
    for lineno, line, note in source.lines():
        if not line.strip():
            continue
        line = line.rstrip("\r\n")
        if lineno == 1:
            line = line.lstrip("\ufeff")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            if report is not None:
                report.skip(path, lineno, f"invalid JSON: {exc.msg} (line {lineno}, column {exc.pos + 1})")
            continue
        except RecursionError:
            if report is not None:
                report.skip(path, lineno, f"invalid JSON: nested too deeply (line {lineno})")
            continue
        fixed = 0
        if "\\" in line and _SURROGATE_ESCAPE.search(line):
            obj, fixed = _fix_surrogates(obj)
        rec = _json_record(obj, path, lineno, lineno, report, columns, cache)
        if rec is not None:
            if report is not None:
                if note:
                    report.repair(path, lineno, "encoding", note=f"line {lineno}: {note}")
                if fixed:
                    report.repair(path, lineno, "lone surrogate",
                                  note=f"line {lineno}: {fixed} lone surrogate escape(s) "
                                       "replaced by U+FFFD")
            yield rec


def _json_record(obj: Any, path: Path, rec_no: int, line: int | None,
                 report: IngestReport | None, columns: Mapping[str, str | int | None],
                 cache: dict[tuple[str, ...], ColumnMap]) -> dict[str, Any] | None:
    where = f"line {line}" if line is not None else f"item {rec_no}"
    if not isinstance(obj, dict):
        if report is not None:
            report.skip(path, rec_no, f"not a JSON object ({where} holds a {type(obj).__name__})")
        return None
    flat = _flatten(obj)
    keys = tuple(flat)
    cmap = cache.get(keys)
    if cmap is None:
        try:
            cmap = resolve_columns(keys, path, columns)
        except InputError as exc:
            if not cache:  # the first object decides whether the file has texts at all
                raise InputError(exc.reason, path=path, line=line,
                                 record=None if line else rec_no) from None
            if report is not None:
                report.skip(path, rec_no, f"no text field ({where}; keys: {show_columns(keys)})")
            return None
        cache[keys] = cmap
    return _finish(cmap.apply(flat.values()), path, rec_no, line, report)


def read_parquet(path: str | Path, *, report: IngestReport | None = None,
                 **columns: str | int | None) -> Iterator[dict[str, Any]]:
    """Stream a Parquet file in batches of :data:`PARQUET_BATCH_ROWS` rows.

    Core columns stored as binary (bytes, not strings) are decoded as UTF-8 (bytes that are
    not are read as cp1252) and each record so repaired is reported; a text column of numbers
    is converted to strings and reported the same way.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    _check_file(path)
    try:
        pf = pq.ParquetFile(path)
        schema = pf.schema_arrow
        names = schema.names
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise InputError(f"not a readable Parquet file ({exc.__class__.__name__}: {exc})",
                         path=path) from None
    cmap = resolve_columns(names, path, columns)
    binary = [i for i, (name, target) in enumerate(zip(names, cmap.targets))
              if target in RESERVED and (pa.types.is_binary(schema.field(name).type)
                                         or pa.types.is_large_binary(schema.field(name).type)
                                         or pa.types.is_fixed_size_binary(schema.field(name).type))]
    rec_no = 0
    try:
        for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for row in batch.to_pylist():
                rec_no += 1
                values = [row.get(name) for name in names]
                decoded: list[tuple[str, int]] = []
                for i in binary:
                    if isinstance(values[i], (bytes, bytearray)):
                        values[i], n_bad = decode_utf8_with_fallback(bytes(values[i]))
                        decoded.append((cmap.targets[i], n_bad))
                out = _finish(cmap.apply(values), path, rec_no, None, report)
                if out is not None:
                    if report is not None:
                        for target, n_bad in decoded:
                            report.repair(path, rec_no, f"binary {target} decoded as UTF-8",
                                          note=f"{n_bad} byte(s) not valid UTF-8, read as "
                                               f"{LEGACY_FALLBACK}" if n_bad else "")
                    yield out
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"Parquet data unreadable after row {rec_no} "
                         f"({exc.__class__.__name__}: {exc})", path=path, record=rec_no + 1) from None


def format_of(path: str | Path, head: str | None = None) -> str | None:
    """The tabular format of a file by suffix and a look at its content, or ``None``."""
    path = Path(path)
    fmt = _SUFFIX_FORMAT.get(path.suffix.lower())
    if fmt == "parquet":
        try:
            with open(path, "rb") as fh:
                magic = fh.read(4)
        except OSError:
            return None
        return "parquet" if magic in (b"PAR1", b"") else None
    if fmt is None:
        return None
    if not head:  # empty or binary: let the reader say what is wrong
        return fmt
    if fmt == "jsonl":
        return fmt if head.lstrip("\ufeff \t\r\n")[:1] in ("{", "[") else None
    stripped = head.lstrip("\ufeff \t\r\n").lower()
    if stripped.startswith(("<!doctype", "<html", "<?xml", "{\\rtf")):
        return None
    return fmt


def sniff(path: Path, head: str) -> str | bool:
    """The format name (``"csv"``, ``"tsv"``, ``"jsonl"``, ``"parquet"``) or False. Never raises."""
    try:
        return format_of(path, head) or False
    except Exception:
        return False


def read(path: str | Path, *, report: IngestReport | None = None, format: str | None = None,
         text_col: str | int | None = None, id_col: str | int | None = None,
         title_col: str | int | None = None, date_col: str | int | None = None,
         outlet_col: str | int | None = None, place_col: str | int | None = None,
         section_col: str | int | None = None, author_col: str | int | None = None,
         url_col: str | int | None = None, header: int | None = 0,
         names: Sequence[str] | None = None, delimiter: str | None = None,
         quotechar: str | None = None, encoding: str | None = None) -> Iterator[dict[str, Any]]:
    """Read a table of documents, one dict per row (see the module docstring).

    ``format``: ``"csv"``, ``"tsv"``, ``"jsonl"``/``"json"`` or ``"parquet"``; default by suffix
    and content. ``*_col``: the column holding that core field, by name or 0-based position
    (default: auto-detect by name). CSV/TSV only: ``header`` is the row holding the column names
    (0, the first, by default; ``None`` for a file without header row, whose text column is then
    found by content and whose other columns are ``column_0``, ``column_1`` …); ``names`` names
    the columns instead; ``delimiter``/``quotechar`` are sniffed when ``None``. ``encoding``
    (CSV/TSV and JSON) forces the encoding; ``None`` means detected, line by line.
    """
    path = Path(path)
    fmt = format or format_of(path) or _SUFFIX_FORMAT.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the table format of {path.suffix or 'a file without suffix'!r}"
                         "; pass format='csv', 'tsv', 'jsonl' or 'parquet'", path=path)
    cols = {"text_col": text_col, "id_col": id_col, "title_col": title_col, "date_col": date_col,
            "outlet_col": outlet_col, "place_col": place_col, "section_col": section_col,
            "author_col": author_col, "url_col": url_col}
    if fmt in ("csv", "tsv"):
        return read_csv(path, report=report, delimiter=delimiter, quotechar=quotechar,
                        encoding=encoding, header=header, names=names,
                        default_delimiter="\t" if fmt == "tsv" else ",", **cols)
    if header != 0 or names is not None:
        raise InputError(f"header=/names= apply to CSV/TSV files, not {fmt}", path=path)
    if fmt in ("jsonl", "json"):
        return read_jsonl(path, report=report, encoding=encoding, **cols)
    if fmt == "parquet":
        return read_parquet(path, report=report, **cols)
    raise InputError(f"unknown table format {fmt!r}; known: {', '.join(FORMATS)}", path=path)
