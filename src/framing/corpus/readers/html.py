"""Saved web pages (``.html``/``.htm``) of local news sites: main text and metadata via trafilatura.

Extraction runs fully offline on the saved file (no URL is ever fetched). trafilatura keeps the
article body (paragraphs, headings, lists, optionally tables) and drops navigation, cookie/consent
banners, teaser lists, share buttons, reader comments and footers. Metadata comes from JSON-LD
(``NewsArticle``), OpenGraph/``article:*`` meta tags, ``<meta name=author>``, the canonical link and
``<title>``:

============  ===============================================================
``title``     headline (a first text line repeating it is removed)
``author``    author(s), ``"; "``-separated
``date``      publication date as ``YYYY-MM-DD`` (raw; ingest parses it)
``outlet``    site name (JSON-LD publisher, ``og:site_name``)
``url``       canonical URL (``<link rel=canonical>``, ``og:url``)
``section``   categories / ``article:section``, ``"; "``-separated
extras        ``description``, ``tags``, ``hostname``, ``language``, ``page_type``, ``license``,
              and ``comments`` (reader comments) when ``comments=True``
============  ===============================================================

A page without article text (an overview page, a consent wall, a 404 page) is reported as skipped,
not read: trafilatura finds nothing or less than ``min_text_chars`` characters.

A press-database HTML export (Factiva, Nexis …: many articles in one page) is never read as one
web page: any reader module that defines ``html_export_name(path, head) -> str | None`` is asked
first, and a file it claims raises :class:`~framing.errors.FormatError` naming the right format.
Format detection tries those readers before this one, so this only matters for ``format="html"``.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from framing.corpus.encoding import decode_bytes, looks_binary
from framing.corpus.readers.base import RECORD_KEY, read_document_bytes
from framing.corpus.report import IngestReport
from framing.errors import FormatError, InputError

FORMAT = "html"
SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml", ".shtml")

#: Pages whose main text is shorter than this are treated as pages without an article.
MIN_TEXT_CHARS = 80

_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
                        "windows-1252", "cp1252", "x-cp1252"})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def sniff(path: Path, head: str) -> bool:
    """True when the head shows an HTML document (``<!doctype html`` or ``<html``); also for an
    empty/binary file with an HTML suffix, so that :func:`read` says what is wrong."""
    try:
        if not head:
            return Path(path).suffix.lower() in SUFFIXES
        low = head[:65536].lower()
        return "<!doctype html" in low or "<html" in low
    except Exception:
        return False


def decode_page(data: bytes, path: Path, encoding: str | None) -> str:
    """Decode a page: forced encoding, else BOM/UTF-8, else a declared ``<meta charset>``,
    else the library's detection (cp1252 as the last resort)."""
    if encoding is not None:
        return decode_bytes(data, path=path, encoding=encoding).text
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, path=path).text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:8192])
    if m and not looks_binary(data):
        declared = m.group(1).decode("ascii").lower()
        if declared in _AS_CP1252:  # as browsers do (WHATWG): Latin-1 labels mean windows-1252
            declared = "cp1252"
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, path=path).text


def press_export_of(path: Path, head: str) -> tuple[str, str] | None:
    """``(database name, format)`` when a press reader's ``html_export_name`` hook claims the
    page as its HTML export, else None."""
    from framing.corpus.readers import formats_of, reader_modules

    for mod in reader_modules():
        hook = getattr(mod, "html_export_name", None)
        if hook is None or mod.__name__ == __name__:
            continue
        try:
            name = hook(path, head)
        except Exception:  # a hook must not break reading
            name = None
        if name:
            return name, formats_of(mod)[0]
    return None


_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b([^>]*)>.*?</\1\s*>", re.I | re.S)


def strip_scripts(html: str) -> str:
    """Remove inline ``<script>`` and ``<style>`` blocks before extraction, keeping JSON-LD
    (``<script type="application/ld+json">``, where the article's metadata sits).

    A saved page may carry megabytes of inline JavaScript (bundled apps, tracking); libxml2 cuts
    off text nodes over 10 MB, and the page then seemed to have no main text at all."""
    def repl(m: re.Match[str]) -> str:
        if m.group(1).lower() == "script" and "ld+json" in m.group(2).lower():
            return m.group(0)
        return ""

    return _SCRIPT_OR_STYLE.sub(repl, html)


def _strip_title_line(text: str, title: str | None) -> str:
    if not title:
        return text
    first, _sep, rest = text.lstrip().partition("\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.lstrip("\n")
    return text


def _joined(values: Any) -> str | None:
    if not values:
        return None
    if isinstance(values, str):
        return values.strip() or None
    parts = [str(v).strip() for v in values if v is not None and str(v).strip()]
    return "; ".join(dict.fromkeys(parts)) or None


def read(path: str | Path, *, report: IngestReport | None = None, encoding: str | None = None,
         comments: bool = False, precision: bool = True, include_tables: bool = True,
         min_text_chars: int = MIN_TEXT_CHARS) -> Iterator[dict[str, Any]]:
    """Read one saved web page as one document (see the module docstring for the fields).

    ``comments``: also extract reader comments, into the extra column ``comments`` (never into
    the text). ``precision``: trafilatura's ``favor_precision`` (default on: teasers and link
    lists of news sites are better left out than counted). ``include_tables``: keep tables in the
    text. ``min_text_chars``: shorter main text counts as "no article".
    """
    import trafilatura

    path = Path(path)
    data = read_document_bytes(path)
    if looks_binary(data) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("binary data, not an HTML page", path=path)
    html = decode_page(data, path, encoding)
    export = press_export_of(path, html[:65536])
    if export is not None:
        raise FormatError(f"{export[0]} HTML export (many articles), not a web page: read it with "
                          f"format={export[1]!r} (framing.read detects it without format=)",
                          path=path)
    html = strip_scripts(html)
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=comments, include_tables=include_tables,
            favor_precision=precision, include_images=False, include_links=False,
            output_format="python")
    except Exception as exc:  # trafilatura/lxml errors on pathological markup
        raise InputError(f"HTML extraction failed ({exc.__class__.__name__}: {exc})",
                         path=path) from None
    if doc is None:
        if report is not None:
            report.skip(path, 1, "no main text found in page (trafilatura)")
        return
    title = (doc.title or "").strip() or None
    text = _strip_title_line((doc.text or "").strip(), title).strip()
    if len(text) < min_text_chars:
        if report is not None:
            report.skip(path, 1, f"no article text found in page ({len(text)} characters of main "
                                 f"text, fewer than min_text_chars={min_text_chars})")
        return
    record: dict[str, Any] = {
        "text": text,
        "title": title,
        "author": _joined(doc.author),
        "date": doc.date or None,
        "outlet": _joined(doc.sitename),
        "url": (doc.url or "").strip() or None,
        "section": _joined(doc.categories),
        "description": _joined(doc.description),
        "tags": _joined(doc.tags),
        "hostname": doc.hostname or None,
        "language": doc.language or None,
        "page_type": doc.pagetype or None,
        "license": doc.license or None,
    }
    if comments:
        record["comments"] = (doc.comments or "").strip() or None
    record[RECORD_KEY] = 1
    yield record
