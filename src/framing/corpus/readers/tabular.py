"""Tables of documents: CSV, TSV, JSON Lines (also ``.ndjson`` and small ``.json`` arrays) and Parquet.

One row (line, object) is one document. Columns are mapped onto the core columns by name: pass
``text_col="Inhalt"`` etc., or let the reader pick among common English and German names
(:data:`ROLE_CANDIDATES`; matched after lower-casing, ä→ae/ö→oe/ü→ue/ß→ss and snake-casing, so
``Überschrift``, ``UEBERSCHRIFT`` and ``ueberschrift`` are the same name). All other columns are kept
as extras under lower snake_case names.

Everything streams: CSV/TSV row by row with the :mod:`csv` module (quoted fields may span lines),
JSON Lines line by line, Parquet batch by batch, so a 200 MB export is read in bounded memory.

Record numbers: CSV/TSV and Parquet use the 1-based data row (``LINE_KEY`` holds the physical line
a CSV row starts on); JSON Lines uses the line number for both.

Bad input: an empty or binary file, or a table without a text column raises :class:`InputError`
naming the file (and the columns found). A bad row (invalid JSON line, row with more fields than the
header, empty text, a last row cut off inside a quoted field) is reported with ``report.skip`` and
the remaining rows are read.
"""
from __future__ import annotations

import codecs
import csv
import json
import re
import sys
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.corpus.encoding import looks_binary, sniff_encoding
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


def resolve_columns(columns: Iterable[object], path: str | Path | None = None,
                    options: Mapping[str, str | None] | None = None,
                    require_text: bool = True) -> ColumnMap:
    """Map input column names to output keys (core columns by option or by name, others snake_case).

    Raises :class:`InputError` naming the file and the columns found when an asked-for column is
    missing, or when no text column is found and ``require_text`` is true.
    """
    cols = [str(c) for c in columns]
    norms = [snake_case(c) for c in cols]
    options = dict(options or {})
    targets: list[str | None] = [None] * len(cols)

    for role, opt in ROLE_OPTIONS.items():
        want = options.get(opt)
        if want is None:
            continue
        idx = cols.index(want) if want in cols else (
            norms.index(snake_case(want)) if snake_case(want) in norms else None)
        if idx is None:
            raise InputError(f"no column {want!r} ({opt}); columns found: {cols}", path=path)
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
            f"no text column found; columns found: {cols}; looked for "
            f"{', '.join(ROLE_CANDIDATES['text'][:8])}, …; pass text_col='<column>'", path=path)

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
        text = out["text"] = str(text)
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


def _text_encoding(path: Path, head: bytes, encoding: str | None, kind: str) -> str:
    """The encoding to open a text table with; refuses binary data."""
    is_utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if encoding is None:
        encoding = sniff_encoding(path)  # raises InputError for binary junk
    if looks_binary(head) and not is_utf16 and not encoding.lower().replace("_", "-").startswith(
            ("utf-16", "utf-32")):
        raise InputError(f"binary data, not a {kind} file", path=path)
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        encoding = "utf-8-sig"  # drop a byte-order mark if there is one
    return encoding


def sniff_delimiter(sample: str, default: str = ",") -> str:
    """Guess the delimiter of CSV text from its first lines (``;``, ``,``, tab or ``|``).

    A header line that contains exactly one candidate decides; otherwise :class:`csv.Sniffer`
    chooses among the candidates the header contains, falling back to the most frequent one.
    """
    header = sample.split("\n", 1)[0]
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    present = [d for d in DELIMITERS if counts[d] > 0]
    if default in present and default == "\t":
        return default  # a .tsv file whose header has tabs is tab-separated
    if len(present) == 1:
        return present[0]
    if not present:
        return default
    lines = sample.split("\n")
    body = "\n".join(lines[:-1] if len(lines) > 1 else lines)
    try:
        found = csv.Sniffer().sniff(body, delimiters="".join(present)).delimiter
        if found in present:
            return found
    except csv.Error:
        pass
    return max(present, key=lambda d: counts[d])


def _count_outside_quotes(line: str, char: str, quote: str = '"') -> int:
    n, inside = 0, False
    for ch in line:
        if ch == quote:
            inside = not inside
        elif ch == char and not inside:
            n += 1
    return n


def _enc_name(enc: str) -> str:
    return "utf-8" if enc == "utf-8-sig" else enc


def _decode_error_line(path: Path, enc: str) -> int | None:
    """The physical line holding the first undecodable byte (text streams decode in chunks, so
    the error surfaces a few lines early); ``None`` for multi-byte-unit encodings like UTF-16."""
    if enc.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
        return None
    try:
        decoder = codecs.getincrementaldecoder(enc)()
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, start=1):
                try:
                    decoder.decode(raw)
                except UnicodeDecodeError:
                    return lineno
    except (OSError, LookupError):
        return None
    return None


class _LineTap:
    """Line iterator for :func:`csv.reader` that counts lines and notices the end of the file."""

    def __init__(self, fh: Iterable[str]) -> None:
        self._it = iter(fh)
        self.lines = 0
        self.eof = False

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        try:
            line = next(self._it)
        except StopIteration:
            self.eof = True
            raise
        self.lines += 1
        return line


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


def read_csv(path: str | Path, *, report: IngestReport | None = None,
             delimiter: str | None = None, quotechar: str = '"', encoding: str | None = None,
             default_delimiter: str = ",", **columns: str | None) -> Iterator[dict[str, Any]]:
    """Stream a CSV/TSV file row by row. ``columns``: ``text_col``, ``title_col`` … (see module)."""
    path = Path(path)
    head = _check_file(path)
    enc = _text_encoding(path, head, encoding, "CSV/TSV")
    _set_field_limit()
    try:
        if delimiter is None:
            with open(path, encoding=enc, errors="replace", newline="") as fh:
                sample = fh.read(65536)
            if not sample.strip():
                raise InputError("empty file", path=path)
            delimiter = sniff_delimiter(sample, default_delimiter)
        fh = open(path, encoding=enc, newline="")
    except (LookupError, UnicodeError) as exc:
        raise InputError(f"cannot decode with encoding {enc!r}: {exc}", path=path) from None
    with fh:
        tap = _LineTap(fh)
        try:
            reader = csv.reader(tap, delimiter=delimiter, quotechar=quotechar)
        except TypeError as exc:
            raise InputError(f"bad delimiter/quotechar: {exc}", path=path) from None
        header: list[str] | None = None
        row_no = 0
        while True:
            start = tap.lines + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError as exc:
                line = _decode_error_line(path, enc) or start
                raise InputError(f"cannot decode as {_enc_name(enc)} ({exc.reason}); "
                                 "pass encoding='...'", path=path, line=line) from None
            except csv.Error as exc:
                if header is None:
                    raise InputError(f"unreadable header row: {exc}", path=path, line=start) from None
                row_no += 1
                if report is not None:
                    report.skip(path, row_no, f"unreadable row (line {start}): {exc}")
                continue
            if not row or all(not f.strip() for f in row):
                continue  # blank lines and rows of bare delimiters are not records
            if header is None:
                header = [h.replace("\ufeff", "").strip() for h in row]
                cmap = resolve_columns(header, path, columns)
                width = len(header)
                continue
            row_no += 1
            if tap.eof:
                if report is not None:
                    report.skip(path, row_no, f"truncated row: quoted field opened on line {start} "
                                              f"is not closed before the end of the file")
                break
            if len(row) > width:
                if any(f.strip() for f in row[width:]):
                    if report is not None:
                        report.skip(path, row_no, f"row has {len(row)} fields, header has {width} "
                                                  f"(line {start}); unquoted delimiter in a field?")
                    continue
                row = row[:width]
            elif len(row) < width:
                _warn(report, path, row_no,
                      f"row has {len(row)} of {width} fields (line {start}); missing fields left empty")
                row = row + [""] * (width - len(row))
            rec = _finish(cmap.apply(row), path, row_no, start, report)
            if rec is not None:
                yield rec
        if header is None:
            raise InputError("empty file (no header row)", path=path)


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


def read_jsonl(path: str | Path, *, report: IngestReport | None = None,
               encoding: str | None = None, **columns: str | None) -> Iterator[dict[str, Any]]:
    """Stream JSON Lines (one object per line); a ``.json`` file with one array is loaded whole.

    An invalid line is skipped with its line number; the first object decides the column mapping
    check (no text field there raises :class:`InputError`); later objects lacking text are skipped.
    """
    path = Path(path)
    head = _check_file(path)
    enc = _text_encoding(path, head, encoding, "JSON")
    try:
        fh = open(path, encoding=enc)
    except LookupError as exc:
        raise InputError(f"unknown encoding {enc!r}: {exc}", path=path) from None
    with fh:
        first = ""
        try:
            while not first.strip():
                chunk = fh.read(4096)
                if not chunk:
                    break
                first += chunk
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode as {_enc_name(enc)} ({exc.reason}); "
                             "pass encoding='...'", path=path, line=_decode_error_line(path, enc)) from None
        if not first.strip():
            raise InputError("empty file", path=path)
        fh.seek(0)
        opening = first.lstrip()[:1]
        whole: Any = None
        if opening == "[" or (opening == "{" and path.suffix.lower() == ".json"):
            size = path.stat().st_size
            if size > JSON_ARRAY_MAX_BYTES:
                raise InputError(f"JSON file of {size / 2**20:.0f} MB is too large to load whole; "
                                 "convert it to JSON Lines (one object per line)", path=path)
            text = fh.read()
            try:
                whole = json.loads(text)
            except json.JSONDecodeError as exc:
                if not (opening == "{" and exc.msg == "Extra data"):
                    raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", path=path,
                                     line=exc.lineno) from None
                whole = None  # several objects: JSON Lines after all
                fh.seek(0)
            except RecursionError:
                raise InputError("invalid JSON: nested too deeply", path=path) from None
        if whole is not None:
            cache: dict[tuple[str, ...], ColumnMap] = {}
            for rec_no, obj in _iter_json_array(path, whole):
                rec = _json_record(obj, path, rec_no, None, report, columns, cache)
                if rec is not None:
                    yield rec
            return
        yield from _jsonl_lines(fh, path, enc, report, columns)


def _jsonl_lines(fh: Any, path: Path, enc: str, report: IngestReport | None,
                 columns: Mapping[str, str | None]) -> Iterator[dict[str, Any]]:
    cache: dict[tuple[str, ...], ColumnMap] = {}
    lineno = 0
    while True:
        try:
            line = fh.readline()
        except UnicodeDecodeError as exc:
            line = _decode_error_line(path, enc) or lineno + 1
            raise InputError(f"cannot decode as {_enc_name(enc)} ({exc.reason}); "
                             "pass encoding='...'", path=path, line=line) from None
        if not line:
            break
        lineno += 1
        if not line.strip():
            continue
        line = line.rstrip("\r\n")
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
        rec = _json_record(obj, path, lineno, lineno, report, columns, cache)
        if rec is not None:
            yield rec


def _json_record(obj: Any, path: Path, rec_no: int, line: int | None,
                 report: IngestReport | None, columns: Mapping[str, str | None],
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
                report.skip(path, rec_no, f"no text field ({where}; keys: {list(keys)[:12]})")
            return None
        cache[keys] = cmap
    return _finish(cmap.apply(flat.values()), path, rec_no, line, report)


def read_parquet(path: str | Path, *, report: IngestReport | None = None,
                 **columns: str | None) -> Iterator[dict[str, Any]]:
    """Stream a Parquet file in batches of :data:`PARQUET_BATCH_ROWS` rows."""
    import pyarrow.parquet as pq

    path = Path(path)
    _check_file(path)
    try:
        pf = pq.ParquetFile(path)
        names = pf.schema_arrow.names
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise InputError(f"not a readable Parquet file ({exc.__class__.__name__}: {exc})",
                         path=path) from None
    cmap = resolve_columns(names, path, columns)
    rec_no = 0
    try:
        for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for row in batch.to_pylist():
                rec_no += 1
                values = [row.get(name) for name in names]
                out = _finish(cmap.apply(values), path, rec_no, None, report)
                if out is not None:
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
         text_col: str | None = None, id_col: str | None = None, title_col: str | None = None,
         date_col: str | None = None, outlet_col: str | None = None,
         place_col: str | None = None, section_col: str | None = None,
         author_col: str | None = None, url_col: str | None = None,
         delimiter: str | None = None, quotechar: str = '"',
         encoding: str | None = None) -> Iterator[dict[str, Any]]:
    """Read a table of documents, one dict per row (see the module docstring).

    ``format``: ``"csv"``, ``"tsv"``, ``"jsonl"``/``"json"`` or ``"parquet"``; default by suffix
    and content. ``*_col``: the column holding that core field (default: auto-detect by name).
    ``delimiter``/``quotechar``/``encoding`` apply to CSV/TSV (``encoding`` also to JSON Lines);
    ``None`` means sniffed.
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
                        encoding=encoding, default_delimiter="\t" if fmt == "tsv" else ",", **cols)
    if fmt in ("jsonl", "json"):
        return read_jsonl(path, report=report, encoding=encoding, **cols)
    if fmt == "parquet":
        return read_parquet(path, report=report, **cols)
    raise InputError(f"unknown table format {fmt!r}; known: {', '.join(FORMATS)}", path=path)
