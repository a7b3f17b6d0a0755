"""Plain text and Markdown files: one file is one document.

Metadata comes from two places, both optional:

* **YAML front matter** at the very top of the file, between two ``---`` lines (the closing line
  may also be ``...``). Keys map to core columns (``title``, ``date``, ``outlet``, ``place``,
  ``section``, ``author``, ``url``, ``doc_id``; German aliases such as ``Titel``, ``Datum``, ``Ort``,
  ``Zeitung``, ``Ressort``, ``Autor`` work too), every other key becomes an extra column under its
  snake_case name (``genre``, ``speaker``, ``party``, ``role``, ``licence`` …).
* **A metadata sidecar** in the folder: ``metadata.csv``, ``metadata.tsv``, ``_metadata.csv`` or
  ``_metadata.tsv``, one row per file, keyed by a ``file``/``filename`` (or ``datei``/``dateiname``)
  column holding the file name (see :func:`load_sidecar`).

Precedence: **front matter wins over the sidecar** — the file itself is the more specific source;
when both give a different value for the same field the sidecar value is dropped with a warning.

Decisions on bad input:

* an empty (or whitespace-only) file raises ``InputError("empty file")``;
* malformed YAML in a closed front-matter block raises :class:`InputError` naming the file and the
  line of the YAML error (metadata must not silently end up in the text, where it would be counted
  as words); so does a block that is not a ``key: value`` mapping;
* a ``---`` first line without a closing line is an error when the next line looks like a
  ``key: value`` line (forgotten closing line), otherwise the file is read as plain text (a text
  that merely starts with a rule);
* a file with front matter but no body is reported as skipped (``"empty text"``);
* YAML anchors/aliases are refused (:class:`FrontMatterLoader`: a few hundred bytes of aliases
  expand to gigabytes), and so is front matter over :data:`MAX_FRONT_MATTER_CHARS`; an
  impossible YAML date (``2016-02-31``) stays a string, so that ingest reports it;
* binary data under a text suffix is refused naming what it is (``binary data (PNG image)``).

Speeches (``genre: speech``/``Rede`` or a ``speaker`` key): interjections such as
``(Beifall bei der SPD)`` or ``(Zuruf von der AfD: …)`` are moved from the text into the list
column ``interjections`` (and ``n_interjections``) by the rules of
:mod:`framing.corpus.readers.speech_common`, as the minutes and Bundestag readers do.

Title fallback: when no title is given, a Markdown heading on the first non-blank line of the body
(``# Titel`` or a ``===``-underlined line) becomes the title and is removed from the text.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from framing.corpus.encoding import read_text
from framing.corpus.readers.base import RECORD_KEY
from framing.corpus.readers.tabular import RESERVED, map_metadata_key, snake_case, sniff_delimiter
from framing.corpus.report import IngestReport
from framing.errors import InputError

FORMAT = "text"
SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".text")

#: Sidecar file names, in order of preference (a folder may hold only one of them).
SIDECAR_NAMES: tuple[str, ...] = ("metadata.csv", "metadata.tsv", "_metadata.csv", "_metadata.tsv")
#: Names of the sidecar column holding the file name (normalised spelling).
SIDECAR_FILE_COLUMNS: tuple[str, ...] = ("file", "filename", "file_name", "datei", "dateiname")

_FM_OPEN = re.compile(r"^---[ \t]*$")
_FM_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_YAML_KEY_LINE = re.compile(r"^[\w\"'][^:\n]{0,60}:(\s|$)")
_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}=+\s*$")


#: Longer front matter is refused (a real one is a few hundred characters).
MAX_FRONT_MATTER_CHARS = 1_000_000


class FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader for front matter, with two changes for untrusted files:

    * anchors and aliases (``&a`` / ``*a``) are refused: a few hundred bytes of nested aliases
      expand to gigabytes of lists ("billion laughs"), and front matter never needs them;
    * an impossible date (``date: 2016-02-31``) stays the string as written, so that ingest
      reports it as not a calendar date, instead of PyYAML aborting the whole file.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            what = "aliases (*name)" if isinstance(event, yaml.AliasEvent) else "anchors (&name)"
            raise yaml.composer.ComposerError(
                None, None, f"YAML {what} are not allowed in front matter (write the values out)",
                event.start_mark)
        return super().compose_node(parent, index)


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

#: Leading bytes of binary file types that turn up under text suffixes (a picture saved as .txt).
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"), (b"PK\x03\x04", "zip archive or Office file"),
    (b"\x1f\x8b", "gzip archive"), (b"\xd0\xcf\x11\xe0", "old Office file (.doc/.xls)"),
    (b"{\\rtf", "RTF document"), (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
)


def binary_kind(head: bytes) -> str | None:
    """What a binary file is, from its first bytes (``"PNG image"``), or ``None``."""
    return next((name for magic, name in BINARY_MAGIC if head.startswith(magic)), None)


def is_sidecar(path: str | Path) -> bool:
    """True for a metadata sidecar file (the folder walker skips these as documents)."""
    return Path(path).name.lower() in SIDECAR_NAMES


def sniff(path: Path, head: str) -> bool:
    """The fallback reader: any text file with a text suffix (empty or binary ones too, so that
    :func:`read` can say what is wrong), or any decodable text file. Never raises."""
    try:
        if Path(path).suffix.lower() in SUFFIXES:
            return True
        sample = head[:4096]
        return bool(sample.strip()) and (
            sum(ch.isprintable() or ch.isspace() for ch in sample) / len(sample) > 0.95)
    except Exception:
        return False


def _warn(report: IngestReport | None, path: Path, record: int | None, message: str) -> None:
    if report is not None:
        report.warn(path, record, message)
    else:
        warnings.warn(f"{path}: {message}", stacklevel=3)


def _meta_value(key: str, value: Any) -> Any:
    """Core string columns become strings (lists joined with ``"; "``); dates stay dates."""
    if key == "date":
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value
        return None if value is None else str(value).strip() or None
    if key in RESERVED:
        if isinstance(value, (list, tuple)):
            parts = [str(v).strip() for v in value if v is not None and str(v).strip()]
            return "; ".join(parts) or None
        return None if value is None else str(value).strip() or None
    if isinstance(value, str):
        return value.strip() or None
    return value


def map_metadata(raw: Mapping[Any, Any]) -> dict[str, Any]:
    """Front-matter/sidecar fields → output keys (core columns or snake_case extras).

    Nested mappings are flattened to ``parent_child``; empty values are dropped."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, Mapping):
            nested = map_metadata({f"{key}_{k}": v for k, v in value.items()})
            for k, v in nested.items():
                out.setdefault(k, v)
            continue
        target = map_metadata_key(key)
        value = _meta_value(target, value)
        if value is None or (isinstance(value, (list, tuple)) and not value):
            continue
        if target in out:  # two keys for the same field ("Titel" and "title"): first wins
            continue
        out[target] = value
    return out


def split_front_matter(text: str, path: str | Path | None = None) -> tuple[dict[str, Any], str, int]:
    """Split ``text`` into (front-matter fields, body, line number where the body starts).

    Raises :class:`InputError` for malformed front matter (see the module docstring)."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FM_OPEN.match(lines[0].rstrip("\r\n")):
        return {}, text, 1
    close = next((i for i in range(1, len(lines)) if _FM_CLOSE.match(lines[i].rstrip("\r\n"))), None)
    if close is None:
        nxt = next((ln for ln in lines[1:] if ln.strip()), "")
        if _YAML_KEY_LINE.match(nxt):
            raise InputError("YAML front matter opened with '---' on line 1 is never closed "
                             "(add a '---' line after the metadata)", path=path, line=1)
        return {}, text, 1
    block = "".join(lines[1:close])
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise InputError(f"YAML front matter is {len(block):,} characters long, more than the "
                         f"{MAX_FRONT_MATTER_CHARS:,} allowed (is the closing '---' line missing?)",
                         path=path, line=2)
    try:
        data = yaml.load(block, Loader=FrontMatterLoader) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + 2) if mark is not None else None  # +1: 0-based, +1: the '---' line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"malformed YAML front matter: {problem}", path=path,
                         line=line) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor's error on odd values
        raise InputError(f"malformed YAML front matter: {exc}", path=path, line=2) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"front matter must be 'key: value' lines, got a {type(data).__name__}",
                         path=path, line=2)
    return map_metadata(data), "".join(lines[close + 1:]), close + 2


def _heading_title(body: str) -> tuple[str | None, str]:
    """A Markdown heading on the body's first non-blank line → (title, body without it)."""
    lines = body.splitlines(keepends=True)
    idx = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if idx is None:
        return None, body
    m = _ATX.match(lines[idx].rstrip("\r\n"))
    if m:
        return m.group(1).strip(), "".join(lines[:idx] + lines[idx + 1:])
    if idx + 1 < len(lines) and _SETEXT.match(lines[idx + 1].rstrip("\r\n")):
        return lines[idx].strip(), "".join(lines[:idx] + lines[idx + 2:])
    return None, body


def read(path: str | Path, *, report: IngestReport | None = None,
         sidecar: Mapping[str, Any] | None = None,
         encoding: str | None = None) -> Iterator[dict[str, Any]]:
    """Read one text/Markdown file as one document.

    ``sidecar``: this file's row from :func:`load_sidecar` (already mapped to output keys);
    front-matter values win over it. ``encoding``: force an encoding (default: detected).
    """
    path = Path(path)
    try:
        decoded = read_text(path, encoding=encoding)
    except InputError:
        kind = _binary_kind_of(path)
        if kind is None:
            raise
        raise InputError(f"binary data ({kind}), not a text document", path=path) from None
    text = decoded.text.lstrip("\ufeff")
    if not text.strip():
        raise InputError("empty file", path=path)
    if "\r" in text:  # Windows/old-Mac line ends → "\n"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, _ = split_front_matter(text, path)
    merged: dict[str, Any] = {}
    if sidecar:
        merged.update({k: v for k, v in sidecar.items() if v is not None})
    for key, value in meta.items():
        old = merged.get(key)
        if old is not None and str(old).strip() != str(value).strip():
            _warn(report, path, 1, f"front matter {key}={str(value)[:60]!r} overrides sidecar "
                                   f"value {str(old)[:60]!r}")
        merged[key] = value
    heading, rest = _heading_title(body)
    if heading is not None:
        if merged.get("title") is None:
            merged["title"] = heading
            body = rest
        elif heading.casefold() == str(merged["title"]).strip().casefold():
            body = rest  # the heading repeats the given title
    if is_speech(merged):
        body, found = take_interjections(body)
        merged["interjections"] = found
        merged["n_interjections"] = len(found)
    if not body.strip():
        if report is not None:
            report.skip(path, 1, "empty text")
        return
    yield {"text": body.strip("\r\n"), **merged, RECORD_KEY: 1}


def _binary_kind_of(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            return binary_kind(fh.read(16))
    except OSError:
        return None


#: ``genre`` values (case-insensitive) that mark a file as a speech.
SPEECH_GENRES = frozenset({"speech", "rede", "redebeitrag", "wortbeitrag"})


def is_speech(meta: Mapping[str, Any]) -> bool:
    """A speech file: ``genre: speech`` (or ``Rede``) or a ``speaker`` in its metadata."""
    genre = meta.get("genre")
    return (isinstance(genre, str) and genre.strip().casefold() in SPEECH_GENRES) or bool(
        meta.get("speaker"))


def take_interjections(body: str) -> tuple[str, list[str]]:
    """A speech's text → (text without interjections, the interjections in order).

    Interjections are recognised exactly as the minutes and Bundestag readers do
    (:func:`framing.corpus.readers.speech_common.strip_inline_interjections`): a parenthesised
    ``(Beifall bei der SPD)``, ``(Zuruf von der AfD: …)``, ``(Heiterkeit)`` or
    ``(Name [Partei]: …)``, on its own line or inside a sentence; other parentheses stay."""
    from framing.corpus.readers.speech_common import strip_inline_interjections

    paragraphs = re.split(r"\n[ \t]*\n", body)
    kept: list[str] = []
    found: list[str] = []
    for para in paragraphs:
        text, got = strip_inline_interjections(para)
        found.extend(got)
        if got and not text.strip():
            continue  # the paragraph was only an interjection
        kept.append(text)
    return "\n\n".join(kept), found


def find_sidecar(folder: str | Path) -> Path | None:
    """The metadata sidecar of ``folder``, if any; several of them is an :class:`InputError`."""
    folder = Path(folder)
    try:
        names = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    except OSError:
        return None
    found = [names[n] for n in SIDECAR_NAMES if n in names]
    if len(found) > 1:
        raise InputError(f"several metadata sidecars ({', '.join(p.name for p in found)}); "
                         "keep one", path=folder)
    return found[0] if found else None


def _norm_file_key(value: str) -> str:
    key = value.strip().replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key


def load_sidecar(folder: str | Path, *, report: IngestReport | None = None) -> dict[str, dict]:
    """Metadata rows of the folder's sidecar, keyed by file name (``{}`` when there is none).

    The sidecar is a CSV/TSV file (delimiter and encoding detected) with a header row and a
    ``file``/``filename`` column naming each file relative to the folder (``artikel01.txt``; a name
    without suffix matches a single file with that stem). Other columns are mapped like front
    matter (core columns by name, else snake_case extras); empty cells are ignored.

    Errors: no file column, or one file listed twice → :class:`InputError` naming the sidecar
    (it cannot be used safely). A row naming a file that does not exist, or with an empty file
    cell, is a warning (``report.warn``, or a Python warning without a report) and is ignored.
    """
    folder = Path(folder)
    side = find_sidecar(folder)
    if side is None:
        return {}
    decoded = read_text(side)
    text = decoded.text.lstrip("\ufeff")
    if not text.strip():
        _warn(report, side, None, f"metadata sidecar {side.name} is empty")
        return {}
    default = "\t" if side.suffix.lower() == ".tsv" else ","
    delimiter = sniff_delimiter(text[:65536], default)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(r for r in reader if any(c.strip() for c in r))
    except StopIteration:
        return {}
    except csv.Error as exc:
        raise InputError(f"metadata sidecar {side.name}: unreadable header ({exc})", path=side,
                         line=reader.line_num) from None
    header = [h.strip() for h in header]
    norms = [snake_case(h) for h in header]
    file_idx = next((norms.index(n) for n in SIDECAR_FILE_COLUMNS if n in norms), None)
    if file_idx is None:
        raise InputError(f"metadata sidecar {side.name} has no 'file' or 'filename' column "
                         f"naming the documents; columns found: {header}", path=side, line=1)
    try:
        existing = {p.name for p in folder.iterdir() if p.is_file()}
    except OSError:
        existing = set()
    stems: dict[str, list[str]] = {}
    for name in existing:
        stems.setdefault(Path(name).stem, []).append(name)

    rows: dict[str, dict] = {}
    first_line: dict[str, int] = {}
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(f"metadata sidecar {side.name}: unreadable row ({exc})", path=side,
                             line=start) from None
        line = reader.line_num
        if not row or not any(c.strip() for c in row):
            continue
        cell = row[file_idx] if file_idx < len(row) else ""
        key = _norm_file_key(cell)
        if not key:
            _warn(report, side, start, f"metadata sidecar {side.name}, line {start}: "
                                       "empty file name; row ignored")
            continue
        if not (folder / key).is_file():
            matches = stems.get(key, []) if "." not in Path(key).name else []
            if len(matches) == 1:
                key = matches[0]
            else:
                _warn(report, side, start, f"metadata sidecar {side.name}, line {start}: "
                                           f"no such file {cell.strip()!r}; row ignored")
                continue
        if key in rows:
            raise InputError(f"metadata sidecar {side.name} lists {key!r} twice (lines "
                             f"{first_line[key]} and {start})", path=side, line=start)
        fields = {h: v for i, (h, v) in enumerate(zip(header, row, strict=False)) if i != file_idx}
        rows[key] = map_metadata(fields)
        first_line[key] = start
    return rows
