"""Helpers shared by the press-database readers (Nexis, GENIOS, Factiva): streamed lines,
paragraphs, truncated-record policy, finished records, word counts and date lines."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from framing.corpus.encoding import LineDecoder, looks_binary, sniff_encoding
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY, read_document_bytes
from framing.corpus.report import IngestReport
from framing.errors import InputError

TRUNCATED_REASON = "truncated record (no end marker)"
NO_BODY_REASON = "no body text"
TRUNCATED_POLICIES = ("skip", "warn")

Line = tuple[int, str]  # (1-based line number, text without line break)

# --------------------------------------------------------------------------------------------
# shared helpers (used by genios.py and factiva.py too)
# --------------------------------------------------------------------------------------------


def iter_text_lines(path: str | Path, *, encoding: str | None = None,
                    report: IngestReport | None = None) -> Iterator[Line]:
    """Yield ``(line_number, line)`` of a text export, streaming, with encoding detection.

    The encoding comes from :func:`framing.corpus.encoding.sniff_encoding` (BOM, UTF-8, cp1252,
    UTF-16 …) unless ``encoding`` is given. Raises :class:`InputError` naming the file for a
    missing/unreadable file, an empty (or blank) file and binary data. Lines are decoded one by
    one (:class:`~framing.corpus.encoding.LineDecoder`), so an export stitched together from a
    UTF-8 and a cp1252 download keeps every umlaut: a line in the other encoding is repaired on
    its own and the file gets one warning with the count and the first line numbers. With an
    ``encoding`` the user gave, bad bytes are replaced (U+FFFD) and reported the same way.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if size == 0:
        raise InputError("empty file", path=path)
    try:
        enc = encoding or sniff_encoding(path)
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    wide = enc.lower().replace("_", "-").startswith(("utf-16", "utf-32"))
    if not wide and looks_binary(head):
        raise InputError("binary data, not text (NUL or control bytes)", path=path)
    try:
        lines = _wide_lines(path, enc) if wide else _byte_lines(path, enc, strict=encoding is not None)
        seen_text = False
        repaired: list[int] = []
        note = ""
        for lineno, (line, problem) in enumerate(lines, 1):
            line = line.replace("\x0c", "")
            if lineno == 1:
                line = line.lstrip("\ufeff")
            if problem:
                repaired.append(lineno)
                note = note or problem
            if not seen_text and line.strip():
                seen_text = True
            yield lineno, line
    except LookupError:
        raise InputError(f"unknown encoding {enc!r}", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if repaired and report is not None:
        shown = ", ".join(map(str, repaired[:5])) + (", …" if len(repaired) > 5 else "")
        report.warn(path, None, f"{len(repaired)} line(s) decoded on their own (mixed encodings; "
                                f"e.g. {note}): line {shown}")
    if not seen_text:
        raise InputError("empty file", path=path)


def _byte_lines(path: Path, enc: str, *, strict: bool,
                block_size: int = 1 << 16) -> Iterator[tuple[str, str | None]]:
    """Lines of a byte-oriented file (UTF-8, cp1252 …); ``\\r\\n``, ``\\n`` and old Mac
    ``\\r`` all end a line, as in Python's universal newlines.

    Blocks of whole lines are decoded at C speed; only a block that does not decode is taken
    line by line with :class:`~framing.corpus.encoding.LineDecoder`, which repairs each line on its
    own and says what it did."""
    codec = "utf-8" if enc.lower().replace("_", "-") in ("utf-8-sig", "utf8-sig") else enc
    decoder = LineDecoder(codec, strict=strict)
    rest = b""
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(block_size)
            data = rest + chunk
            if chunk:
                cut = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
                if cut == 0 or (data[cut - 1:cut] == b"\r" and cut == len(data)):
                    # no line end yet, or a \r that may be the first half of \r\n: read on
                    cut = data.rfind(b"\n") + 1 if data.rfind(b"\n") >= 0 else 0
                    if cut == 0:
                        rest = data
                        continue
                block, rest = data[:cut], data[cut:]
            else:
                block, rest = data, b""
            if not block:
                break
            try:
                text = block.decode(codec)
            except UnicodeDecodeError:
                raws = re.split(rb"\r\n?|\n", block)
                if raws and raws[-1] == b"":
                    raws.pop()
                yield from (decoder.decode(raw) for raw in raws)
            else:
                lines = (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text).split("\n")
                if lines and lines[-1] == "":
                    lines.pop()
                yield from ((line, None) for line in lines)
            if not chunk:
                break


def _wide_lines(path: Path, enc: str) -> Iterator[tuple[str, str | None]]:
    """Lines of a UTF-16/32 file (decoded as a whole stream; bad units replaced and noted)."""
    with open(path, encoding=enc, errors="replace", newline=None) as fh:
        for line in fh:
            line = line.rstrip("\n")
            yield line, ("bytes that are not valid " + enc + " were replaced") if "\ufffd" in line else None


def check_truncated_option(truncated: str) -> None:
    """Raise :class:`InputError` unless ``truncated`` is one of :data:`TRUNCATED_POLICIES`."""
    if truncated not in TRUNCATED_POLICIES:
        raise InputError(f"truncated={truncated!r}: expected one of {', '.join(TRUNCATED_POLICIES)}")


def handle_truncated(path: Path, record: int, report: IngestReport | None, truncated: str) -> bool:
    """Report a record that lacks its end marker; True when it should still be read."""
    if truncated == "warn":
        if report is not None:
            report.warn(path, record, f"{TRUNCATED_REASON}; read as far as it goes")
        return True
    skip(report, path, record, TRUNCATED_REASON)
    return False


def skip(report: IngestReport | None, path: Path, record: int | None, reason: str) -> None:
    """``report.skip`` when there is a report (readers may run without one)."""
    if report is not None:
        report.skip(path, record, reason)


def finish_record(rec: dict[str, Any], path: Path, record: int, line: int | None,
                  report: IngestReport | None) -> dict[str, Any] | None:
    """``rec`` with its record number (and first line, where the file has lines), ready to
    yield; ``None`` — and a reported skip — when it has no body text."""
    if not str(rec.get("text") or "").strip():
        skip(report, path, record, NO_BODY_REASON)
        return None
    rec[RECORD_KEY] = record
    if line is not None:
        rec[LINE_KEY] = line
    return rec


def paragraphs(lines: Iterable[Line], starts_new: Callable[[str], bool] | None = None,
               ends: Callable[[str], bool] | None = None) -> list[list[Line]]:
    """Group lines into paragraphs (blank-line separated), each line stripped.

    ``starts_new(text)`` forces a paragraph break before a line (e.g. a field label);
    ``ends(text)`` forces one after it (e.g. ``Länge: 412 Wörter``, whose value never continues
    on the next line, so a body that follows without a blank line is not taken for its value).
    """
    out: list[list[Line]] = []
    cur: list[Line] = []
    for lineno, text in lines:
        text = text.strip()
        if not text:
            if cur:
                out.append(cur)
                cur = []
            continue
        if cur and starts_new is not None and starts_new(text):
            out.append(cur)
            cur = []
        cur.append((lineno, text))
        if ends is not None and ends(text):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def join_paragraphs(paras: Iterable[list[Line]]) -> str:
    """Body text: the lines of a paragraph joined by newline, paragraphs by a blank line."""
    return "\n\n".join("\n".join(t for _, t in p) for p in paras if p)


def flat(para: list[Line]) -> str:
    """A paragraph as one line (for headlines and field values)."""
    return " ".join(t for _, t in para).strip()


_WORDS_RE = re.compile(r"(\d[\d.,\u202f\xa0 ]*)\s*(?:words?|w[öo]e?rter|worte|mots|palabras|parole)?\s*$",
                       re.I)


def word_count(value: str | None) -> int | None:
    """``"412 words"``, ``"1.234 Wörter"``, ``"412"`` → 412; None when there is no number."""
    if not value:
        return None
    m = _WORDS_RE.search(value.strip())
    if not m:
        return None
    digits = re.sub(r"\D", "", m.group(1))
    return int(digits) if digits else None


_MONTHS = (r"Januar|J[äa]nner|Februar|M[äa]e?rz|April|Mai|Juni|Juli|August|September|Oktober|"
           r"November|Dezember|January|February|March|May|June|July|October|December|"
           r"Jan|Feb|Mär|Mrz|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Okt|Oct|Nov|Dez|Dec")
_WEEKDAY = r"[A-Za-zÄÖÜäöü]+"
#: A line that is (almost) only a date: "12. März 2016 Samstag", "March 12, 2016 Saturday",
#: "Samstag, 12. März 2016", "12.03.2016", "2016-03-12", optionally with a time.
DATE_LINE_RE = re.compile(
    rf"^\s*(?:{_WEEKDAY},?\s+)?"
    rf"(?:\d{{1,2}}\.?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(?:,?\s+{_WEEKDAY})?"
    rf"(?:,?\s+\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+(?:Uhr|[A-Z]{{2,5}}))?)?"
    rf"\s*$")
COPYRIGHT_RE = re.compile(r"^\s*(?:copyright\b|©|\(c\)|all rights reserved|alle rechte vorbehalten)",
                          re.I)


def is_date_line(text: str) -> bool:
    """True for a short line that holds a full date and nothing else of substance."""
    return len(text) <= 70 and DATE_LINE_RE.match(text) is not None


# --------------------------------------------------------------------------------------------
# RTF exports (Factiva "Article Format", GENIOS RTF download)
# --------------------------------------------------------------------------------------------

RTF_MAGIC = "{\\rtf"
_ANSICPG_RE = re.compile(r"\\ansicpg(\d{3,5})")
_CELL_ROW_RE = re.compile(r"^(?P<cells>[^|]*(?:\|[^|]*)*)\|\s*$")


def is_rtf(head: str) -> bool:
    """True when ``head`` starts (after blanks/BOM) with the RTF signature ``{\\rtf``."""
    return head.lstrip("\ufeff \t\r\n").startswith(RTF_MAGIC)


def _rtf_encoding(rtf: str) -> str:
    m = _ANSICPG_RE.search(rtf[:4096])
    if m:
        enc = f"cp{m.group(1)}"
        try:
            "".encode(enc)
            return enc
        except LookupError:
            pass
    return "cp1252"


def rtf_to_plain(rtf: str) -> str:
    """RTF markup → plain text with :mod:`striprtf` (paragraphs → lines, table cells of a row →
    tab-separated, so a ``HD | headline`` row reads like a ``HD<tab>headline`` text line)."""
    from striprtf.striprtf import rtf_to_text

    text = rtf_to_text(rtf, encoding=_rtf_encoding(rtf), errors="replace")
    lines = []
    for line in text.splitlines():
        m = _CELL_ROW_RE.match(line)
        if m and "|" in line:
            line = "\t".join(c.strip() for c in m.group("cells").split("|"))
        lines.append(line.rstrip())
    return "\n".join(lines)


def rtf_head_text(head: str) -> str:
    """The plain text of the first part of an RTF file, for sniffing ('' when it is not RTF or
    cannot be converted: a sniffer must not raise)."""
    if not is_rtf(head):
        return ""
    try:
        return rtf_to_plain(head)
    except Exception:
        return ""


def iter_rtf_lines(path: str | Path) -> Iterator[Line]:
    """Yield ``(line_number, line)`` of an RTF export converted to text.

    Line numbers count lines of the converted text (an RTF file has no meaningful lines of its
    own). The whole file is converted at once — an RTF download of 100 articles is a few MB.
    Raises :class:`InputError` naming the file for a missing, empty or non-RTF file.
    """
    path = Path(path)
    data = read_document_bytes(path)
    raw = data.decode("latin-1")  # RTF is 7-bit; \'xx escapes are decoded by striprtf
    if not is_rtf(raw):
        raise InputError("not an RTF file (no '{\\rtf' at the start)", path=path)
    try:
        text = rtf_to_plain(raw)
    except Exception as exc:  # striprtf on broken group nesting
        raise InputError(f"RTF could not be converted to text ({exc.__class__.__name__}: {exc})",
                         path=path) from None
    if not text.strip():
        raise InputError("empty file (RTF without text)", path=path)
    yield from enumerate(text.split("\n"), 1)
