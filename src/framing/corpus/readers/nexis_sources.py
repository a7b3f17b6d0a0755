"""Line sources for the Nexis reader: Word (``.docx``), HTML and RTF exports as numbered lines.

The Nexis parser (:mod:`framing.corpus.readers.nexis`) works on a stream of ``(number, text)``
lines, whatever the file format. This module turns the non-text formats into such a stream:

* **DOCX** — ``word/document.xml`` is streamed with :func:`lxml.etree.iterparse` (one paragraph
  at a time, tables, hyperlinks and content controls included — python-docx's
  ``Document.paragraphs`` leaves out table cells, where Nexis puts the cover page's
  *Narrowed by* table). Before anything is inflated, the zip member's declared size and
  compression ratio are checked (:func:`check_docx_member`), so a zip bomb is refused without
  being expanded; the inflated bytes are counted while reading as well, in case the declared
  size lies. Every failure names its real cause (not a ZIP, a ZIP that is no Word file, a
  truncated download, corrupt XML).
* **HTML** — LexisNexis HTML downloads (one ``<DIV>``/``<P>`` per header field, body
  paragraphs, ``N of M DOCUMENTS`` counters) are flattened by lxml into lines, one blank line
  after each block element, ``<BR>`` as a line break; ``<style>``/``<script>`` and comments
  are dropped. The ``<META DOCUMENTS="N">`` count is kept for the completeness check.
* **RTF** — converted by :func:`press_common.iter_rtf_lines` (striprtf), shared with Factiva and GENIOS.

Each source is numbered by paragraph (DOCX) or output line (HTML/RTF); these numbers are not
file line numbers, so the reader yields no ``_line`` for these formats.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from framing.corpus.readers.base import read_document_bytes
from framing.corpus.readers.press_common import Line
from framing.errors import InputError

# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------

DOCUMENT_XML = "word/document.xml"
#: A document.xml larger than this is refused (a 500-article Nexis export is ~20 MB).
MAX_DOCX_XML_BYTES = 128 * 2**20
#: Above this size, a compression ratio beyond :data:`MAX_COMPRESSION_RATIO` is refused too
#: (Word XML compresses 5–20 : 1; a zip bomb of zeros ~1000 : 1).
RATIO_CHECK_FROM_BYTES = 8 * 2**20
MAX_COMPRESSION_RATIO = 100

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_P, _W_T, _W_TAB, _W_BR, _W_CR = _W + "p", _W + "t", _W + "tab", _W + "br", _W + "cr"
_W_SKIP = frozenset({_W + "pPr", _W + "rPr", _W + "delText", _W + "instrText", _W + "fldData"})

_MAGIC = (
    (b"\xd0\xcf\x11\xe0", "an old binary Word .doc (or other OLE) file; save it as .docx in Word"),
    (b"{\\rtf", "an RTF file; rename it to .rtf"),
    (b"%PDF", "a PDF file; Nexis PDF downloads are not read, download .docx or .rtf instead"),
)


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n:,} bytes"


def not_a_zip_reason(path: Path) -> str:
    """Why a file with a .docx suffix is not a ZIP/DOCX, from its first bytes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if not head:
        return "empty file"
    if head.startswith(b"PK\x03\x04"):
        return ("truncated or damaged .docx: the file starts like a ZIP archive but its ZIP "
                "directory (at the end of the file) is missing or broken — an interrupted "
                "download? Download the export again")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for magic, what in _MAGIC:
        if head.startswith(magic) or stripped.startswith(magic.lower()):
            return f"not a .docx file: this is {what}"
    if stripped.startswith((b"<!doctype html", b"<html")):
        return "not a .docx file: this is an HTML page; rename it to .html"
    return f"not a .docx file: it is not a ZIP archive (a .docx is one); it starts with {head[:16]!r}"


def check_docx_member(path: Path, zf: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The ``word/document.xml`` entry, after checking it may be inflated safely.

    Raises :class:`InputError` for a ZIP without that member (not a Word document) and for a
    member whose declared size or compression ratio is out of bounds (a zip bomb), before a
    single byte is decompressed.
    """
    try:
        info = zf.getinfo(DOCUMENT_XML)
    except KeyError:
        names = [n for n in zf.namelist()[:6]]
        more = "" if len(zf.namelist()) <= 6 else f" … ({len(zf.namelist())} members)"
        raise InputError(f"a ZIP archive but not a Word .docx: it has no {DOCUMENT_XML} "
                         f"(contains: {', '.join(names) or 'nothing'}{more})", path=path) from None
    size, packed = info.file_size, max(info.compress_size, 1)
    if size > MAX_DOCX_XML_BYTES:
        raise InputError(f"refused: {DOCUMENT_XML} would inflate to {_mib(size)} (limit "
                         f"{_mib(MAX_DOCX_XML_BYTES)}; compressed {_mib(packed)}) — a zip bomb or "
                         "not a Nexis export; split the export into smaller downloads", path=path)
    if size > RATIO_CHECK_FROM_BYTES and size / packed > MAX_COMPRESSION_RATIO:
        raise InputError(f"refused: {DOCUMENT_XML} would inflate {size / packed:,.0f}-fold "
                         f"({_mib(packed)} → {_mib(size)}; limit {MAX_COMPRESSION_RATIO}:1) — "
                         "looks like a zip bomb, not a Word document", path=path)
    return info


class _Counted:
    """A file object that refuses to hand out more bytes than a limit (the declared size)."""

    def __init__(self, fh: IO[bytes], limit: int, path: Path) -> None:
        self.fh, self.limit, self.path, self.n = fh, limit, path, 0

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n if n and n > 0 else 65536)
        self.n += len(data)
        if self.n > self.limit:
            raise InputError(f"refused: {DOCUMENT_XML} inflates beyond its declared size "
                             f"({_mib(self.limit)}) — a manipulated ZIP", path=self.path)
        return data


def _para_text(p: Any) -> str:
    """Text of one ``w:p``: runs, tabs and breaks; nested paragraphs (text boxes) excluded."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == _W_P or tag in _W_SKIP:
                continue
            if tag == _W_T:
                parts.append(child.text or "")
            elif tag == _W_TAB:
                parts.append("\t")
            elif tag in (_W_BR, _W_CR):
                parts.append("\n")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def docx_paragraphs(path: Path) -> Iterator[str]:
    """Stream the paragraphs of a .docx (body, tables, text boxes) in document order."""
    from lxml import etree

    if not zipfile.is_zipfile(path):
        raise InputError(not_a_zip_reason(path), path=path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"truncated or damaged .docx ({exc})", path=path) from None
    with zf:
        info = check_docx_member(path, zf)
        try:
            with zf.open(info) as raw:
                stream = _Counted(raw, info.file_size, path)
                for _, el in etree.iterparse(stream, events=("end",), tag=_W_P, resolve_entities=False,
                                             no_network=True, huge_tree=False, load_dtd=False):
                    yield _para_text(el)
                    if el.getparent() is not None and el.getparent().tag != _W_P:
                        el.clear(keep_tail=True)
                        while el.getprevious() is not None:  # free what was read
                            del el.getparent()[0]
        except InputError:
            raise
        except etree.XMLSyntaxError as exc:
            raise InputError(f"damaged .docx: {DOCUMENT_XML} is not well-formed XML ({exc})",
                             path=path) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise InputError(f"truncated or damaged .docx: {DOCUMENT_XML} cannot be inflated "
                             f"({type(exc).__name__}: {exc}) — download the export again",
                             path=path) from None


def docx_lines(path: Path) -> Iterator[Line]:
    """The paragraphs of a .docx as lines, each followed by a blank line (numbered by paragraph)."""
    try:
        if path.stat().st_size == 0:
            raise InputError("empty file", path=path)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    seen_text = False
    for n, text in enumerate(docx_paragraphs(path), 1):
        for part in text.replace("\r", "\n").replace("\u2028", "\n").split("\n"):
            seen_text = seen_text or bool(part.strip())
            yield n, part
        yield n, ""
    if not seen_text:
        raise InputError("empty file (a Word document without text)", path=path)


def docx_text_head(path: Path, n_bytes: int = 1_000_000) -> str:
    """Text of the start of word/document.xml, tags removed (for sniffing; bounded read)."""
    with zipfile.ZipFile(path) as zf, zf.open(DOCUMENT_XML) as fh:
        xml = fh.read(n_bytes).decode("utf-8", errors="replace")
    xml = re.sub(r"</w:p>|<w:br/>", "\n", xml)
    return re.sub(r"<[^>]+>", "", xml)


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table",
                         "blockquote", "ul", "ol", "section", "article", "header", "footer",
                         "pre", "center", "dd", "dt", "hr", "body"})
_SKIP_TAGS = frozenset({"style", "script", "head", "title", "noscript"})
_DOCUMENTS_META_RE = re.compile(rb"<meta[^>]*\bdocuments\s*=\s*[\"']?(\d+)", re.I)


def html_lines(path: Path, meta: dict[str, Any]) -> Iterator[Line]:
    """A LexisNexis HTML download as lines; ``meta['announced']`` gets ``<META DOCUMENTS=N>``."""
    from lxml import etree, html

    from framing.corpus.encoding import decode_bytes

    data = read_document_bytes(path)
    m = _DOCUMENTS_META_RE.search(data[:65536])
    if m:
        meta["announced"] = int(m.group(1))
    text = decode_bytes(data, path=path).text
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding declaration
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"not readable as HTML ({exc})", path=path) from None
    out: list[str] = [""]

    def newline(blank: bool) -> None:
        if blank:
            if out[-1].strip():
                out.append("")
            out.append("")
        else:
            out.append("")

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP_TAGS:  # comments, processing instructions, style/script
            if el.tail:
                out[-1] += el.tail
            return
        if tag == "br":
            newline(False)
        elif tag in _BLOCK_TAGS:
            newline(True)
        if el.text:
            out[-1] += el.text
        for child in el:
            walk(child)
        if tag in _BLOCK_TAGS or tag in ("td", "th"):
            newline(tag != "td" and tag != "th")
        if el.tail:
            out[-1] += el.tail

    body = root.find("body")
    walk(body if body is not None else root)
    for n, line in enumerate(out, 1):
        yield n, line.replace("\xa0", " ").rstrip()

