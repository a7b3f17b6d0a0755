"""Reader for Factiva (Dow Jones) exports saved as text (``.txt``).

Two layouts:

* **field-coded** ("Full Article/Report plus Indexing"): every field is introduced by its
  two- or three-letter code, either alone on a line with the value on the following lines or
  followed by a tab/spaces and the value — ``HD`` headline, ``BY`` byline, ``WC`` word count,
  ``PD`` publication date, ``SN`` source name, ``SC`` source code, ``ED`` edition, ``PG`` page,
  ``LA`` language, ``CY`` copyright, ``LP`` lead paragraph(s), ``TD`` text, ``SE`` section,
  ``NS``/``RE``/``IN``/``CO`` indexing, ``IPD``, ``PUB`` publisher, ``AN`` accession number
  (``Document RUHRTB0020160312ec3c00001``). ``AN`` is the last field and closes the record.
* **block** ("Full Article/Report", no codes): section (optional), headline, byline
  (``Von …``/``By …``), ``412 words``/``412 Wörter``, date, source name, source code, language,
  copyright, the text, and a closing ``Document <AN>``/``Dokument <AN>`` line.

A trailing "Search Summary"/"Suchzusammenfassung" block and page footers ("Page 2 of 7 ©
2016 Factiva …") are ignored. A record that reaches the
end of the file (or the next headline) without its ``AN``/``Document`` line was cut off: it is
skipped with ``"truncated record (no end marker)"`` (``truncated="warn"`` reads it with a
warning). A record without ``LP``/``TD`` text is skipped with ``"no body text"``.

Inside the text (``LP``/``TD``) a line only counts as a new field when it is one of the codes
that follow the text (``CO``, ``IN``, ``NS``, ``RE``, ``IPC``, ``IPD``, ``PUB``, ``AN`` …) in the
file's style: alone on its line, or followed by a tab, or (space-separated) with a value that
looks like Factiva indexing (``gpol : Domestic Politics``) or ``Document …``. So a German body
line such as ``IN KÜRZE`` stays text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from framing.corpus.readers.base import read_document_bytes, read_head
from framing.corpus.readers.press_common import (
    COPYRIGHT_RE,
    Line,
    check_truncated_option,
    finish_record,
    flat,
    handle_truncated,
    is_date_line,
    is_rtf,
    iter_rtf_lines,
    iter_text_lines,
    join_paragraphs,
    paragraphs,
    rtf_head_text,
    word_count,
)
from framing.corpus.report import IngestReport
from framing.errors import FormatError, InputError

FORMAT = "factiva"
SUFFIXES = (".txt", ".rtf", ".html", ".htm")

CODES = ("HD", "CR", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "LA", "CY", "LP", "TD", "CT", "RF",
         "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "SE", "BY", "CLM", "ART", "VOL")
#: codes that may follow the text and so end an LP/TD field
AFTER_TEXT = frozenset({"TD", "CT", "RF", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "ART"})
CODE_RE = re.compile(rf"^ {{0,2}}(?P<code>{'|'.join(CODES)})(?:(?P<sep>[ \t]+)(?P<value>\S.*?))?\s*$")
AN_VALUE_RE = re.compile(r"^(?:Document|Dokument|Documento)\s+(?P<an>[A-Za-z0-9]{10,})\s*$")
DOCUMENT_LINE_RE = re.compile(r"^\s*(?:Document|Dokument|Documento)\s+(?P<an>[A-Za-z0-9]{12,})\s*$")
_INDEXING_RE = re.compile(r"^[a-z0-9]{2,12}\s:\s")
_SUMMARY_RE = re.compile(r"^\s*(?:Search Summary|Suchzusammenfassung|Zusammenfassung der Suche)\s*$",
                         re.I)
#: page footers of printed/converted exports ("Page 2 of 7 © 2016 Factiva, Inc. All rights reserved.")
PAGE_FOOTER_RE = re.compile(r"^\s*(?:Page|Seite)\s+\d+\s+(?:of|von)\s+\d+\b.*Factiva", re.I)
WC_LINE_RE = re.compile(r"^\s*\d[\d.,]*\s+(?:words|Wörter|Woerter|mots|palabras|parole)\s*$", re.I)
_BYLINE_RE = re.compile(r"^(?:Von|By|Par|De|Door)\s+\S", re.I)
_TIME_RE = re.compile(r"^\s*\d{1,2}:\d{2}(?:\s*(?:[AP]M|Uhr|GMT|MEZ|MESZ|CET|CEST))*\s*$", re.I)
_LANGUAGES = {"german", "deutsch", "english", "englisch", "french", "französisch", "français",
              "spanish", "spanisch", "italian", "italienisch", "dutch", "niederländisch", "turkish",
              "türkisch", "polish", "polnisch", "arabic", "arabisch",
              # the language names of other interfaces (French, Spanish, Italian, Dutch)
              "allemand", "anglais", "alemán", "inglés", "tedesco", "inglese", "duits", "engels"}
_STRIP_AUTHOR_RE = re.compile(r"^(?:von|by|par|por|door|di)\s+", re.I)
#: the line right after the word count is the date; in interface languages whose month names
#: :data:`DATE_LINE_RE` does not know ("10 janvier 2018") it is still taken as the date (raw)
_ANY_DATE_RE = re.compile(r"^\d{1,2}\.?\s+[^\W\d_]{3,12}\.?\s+\d{4}$")

_FIELD_NAMES = {  # code → extra field
    "SC": "source_code", "ED": "edition", "PG": "page", "LA": "language", "CY": "copyright",
    "ET": "time", "CR": "credit", "CLM": "column", "CO": "companies", "IN": "industries",
    "NS": "subjects", "RE": "regions", "IPD": "descriptors", "PUB": "publisher", "VOL": "volume",
}


# --------------------------------------------------------------------------------------------
# field-coded layout
# --------------------------------------------------------------------------------------------


def _accept_in_text(m: re.Match[str]) -> bool:
    """Whether a code-like line inside LP/TD really starts a new field (see the module doc)."""
    code, sep, value = m.group("code"), m.group("sep"), m.group("value")
    if code not in AFTER_TEXT:
        return False
    if value is None or "\t" in (sep or ""):
        return True
    if code == "AN":
        return AN_VALUE_RE.match(value) is not None
    if code in ("CO", "IN", "NS", "RE", "IPC"):
        return _INDEXING_RE.match(value) is not None
    return code in ("IPD", "PUB", "CT", "RF") and len(sep or "") >= 2


def _coded_records(lines: Iterable[Line]) -> Iterator[tuple[dict[str, list[str]], int, bool]]:
    """(fields code → lines, start line, complete) for each record of a field-coded export."""
    rec: dict[str, list[str]] | None = None
    start = 0
    cur: str | None = None
    pending_an = False
    for lineno, text in lines:
        if pending_an:
            if text.strip():
                rec["AN"] = [text.strip()]  # type: ignore[index]
                yield rec, start, True  # type: ignore[misc]
                rec, cur, pending_an = None, None, False
            continue
        m = CODE_RE.match(text)
        if m and (cur not in ("LP", "TD") or _accept_in_text(m)):
            code, value = m.group("code"), m.group("value")
            if rec is not None and code == "HD" and "HD" in rec:
                yield rec, start, False  # a new headline before the previous record's AN
                rec = None
            if rec is None:
                rec, start = {}, lineno
            if code == "AN":
                if value:
                    rec["AN"] = [value]
                    yield rec, start, True
                    rec, cur = None, None
                else:
                    pending_an = True
                continue
            cur = code
            rec.setdefault(code, [])
            if value:
                rec[code].append(value)
            continue
        if rec is not None and cur is not None:
            rec[cur].append(text)
    if rec is not None:
        yield rec, start, False


def _value(lines: list[str] | None) -> str | None:
    if not lines:
        return None
    text = " ".join(t.strip() for t in lines if t.strip())
    return text or None


def _coded_to_record(fields: dict[str, list[str]]) -> dict[str, Any]:
    body = [*paragraphs((0, t) for t in fields.get("LP", [])),
            *paragraphs((0, t) for t in fields.get("TD", []))]
    rec: dict[str, Any] = {"text": join_paragraphs(body)}
    for code, key in (("HD", "title"), ("PD", "date"), ("SN", "outlet"), ("SE", "section")):
        value = _value(fields.get(code))
        if value:
            rec[key] = value
    author = _value(fields.get("BY"))
    if author:
        rec["author"] = _STRIP_AUTHOR_RE.sub("", author)
    n_words = word_count(_value(fields.get("WC")))
    if n_words is not None:
        rec["word_count"] = n_words
    an = _value(fields.get("AN"))
    if an:
        m = AN_VALUE_RE.match(an)
        rec["accession_number"] = m.group("an") if m else an
    for code, key in _FIELD_NAMES.items():
        value = _value(fields.get(code))
        if value:
            rec[key] = value
    return rec


# --------------------------------------------------------------------------------------------
# block layout
# --------------------------------------------------------------------------------------------


def _block_chunks(lines: Iterable[Line]) -> Iterator[tuple[list[Line], str | None]]:
    """(lines of one article, accession number or None when the closing line is missing)."""
    buf: list[Line] = []
    for lineno, text in lines:
        m = DOCUMENT_LINE_RE.match(text)
        if m:
            yield buf, m.group("an")
            buf = []
            continue
        buf.append((lineno, text))
    rest = [(n, t) for n, t in buf if t.strip()]
    if rest and not _SUMMARY_RE.match(rest[0][1]):
        yield buf, None


def _block_to_record(lines: list[Line]) -> tuple[dict[str, Any], int]:
    units = [(n, t.strip()) for n, t in lines if t.strip()]
    start = units[0][0] if units else (lines[0][0] if lines else 0)
    wc_at = next((i for i, (_, t) in enumerate(units) if WC_LINE_RE.match(t)), None)
    rec: dict[str, Any] = {}
    if wc_at is None:  # no header we can recognise: first line headline, rest text
        paras = paragraphs(lines)
        if paras:
            rec["title"] = flat(paras[0])
        rec["text"] = join_paragraphs(paras[1:])
        return rec, start
    head = units[:wc_at]
    if head and _BYLINE_RE.match(head[-1][1]):
        rec["author"] = _STRIP_AUTHOR_RE.sub("", head.pop()[1])
    if head:
        rec["title"] = head[-1][1]
        if len(head) >= 2:
            rec["section"] = head[-2][1]
            start = head[-2][0]
        else:
            start = head[-1][0]
    n_words = word_count(units[wc_at][1])
    if n_words is not None:
        rec["word_count"] = n_words
    # after the word count: date, [time], source name, source code, [edition/page], language, ©
    end_line = units[wc_at][0]
    rest = units[wc_at + 1:wc_at + 12]
    i = 0
    if i < len(rest) and (is_date_line(rest[i][1]) or _ANY_DATE_RE.match(rest[i][1])):
        rec["date"] = rest[i][1]
        end_line = rest[i][0]
        i += 1
    if i < len(rest) and _TIME_RE.match(rest[i][1]):
        rec["time"] = rest[i][1]
        end_line = rest[i][0]
        i += 1
    # the header ends with the copyright line, else with the language line, else after the
    # source name and code
    others: list[Line] = []
    for n, text in rest[i:]:
        if COPYRIGHT_RE.match(text):
            rec["copyright"] = text
            end_line = n
            break
        if text.lower() in _LANGUAGES:
            rec["language"] = text
            end_line = n
            continue
        if "language" in rec:
            break  # the text starts right after the language line
        others.append((n, text))
    if "copyright" not in rec and "language" not in rec:
        others = others[:2]
        if others:
            end_line = others[-1][0]
    names = [t for _, t in others]
    if names:
        rec["outlet"] = names[0]
    if len(names) > 1:
        rec["source_code"] = names[1]
    for extra in names[2:]:
        if extra.isdigit() and "page" not in rec:
            rec["page"] = extra
        elif "edition" not in rec:
            rec["edition"] = extra
    body = [(n, t) for n, t in lines if n > end_line]
    rec["text"] = join_paragraphs(paragraphs(body))
    return rec, start


# --------------------------------------------------------------------------------------------
# HTML exports ("Format for saving" → "Article Format" page saved from the browser)
# --------------------------------------------------------------------------------------------

#: ``<div class="article deArticle">`` / ``enArticle`` … (the letters code the article's
#: language), the container of one article in every Factiva HTML export
_ARTICLE_CLASS_RE = re.compile(r"^(?P<lang>[a-z]{2,3})Article$")
_HTML_MARKER_RE = re.compile(
    r"""class\s*=\s*["']\s*article\s+[a-z]{2,3}Article\s*["']"""
    r"""|class\s*=\s*["']\s*articleParagraph\b""", re.I)
_HTML_TITLE_RE = re.compile(r"<title>\s*(?:Dow Jones\s+)?Factiva\s*</title>", re.I)
#: how far into an HTML file the sniffer looks for an article block (real exports start with
#: 100 KB or more of inline CSS)
HTML_SCAN_BYTES = 4 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm")
_CODE_CELL_RE = re.compile(r"[^A-Z]")
_WS_RE = re.compile(r"\s+")
NO_HTML_ARTICLES = "Factiva HTML export with 0 articles recognised"


def _ws(text: str | None) -> str:
    return _WS_RE.sub(" ", (text or "").replace("\xa0", " ")).strip()


def _classes(el: Any) -> list[str]:
    return (el.get("class") or "").split()


def _article_lang(el: Any) -> str | None:
    """The language code of an article container (``de`` for ``article deArticle``: the
    article's language as Factiva codes it, not the interface language)."""
    tokens = _classes(el)
    if "article" not in tokens:
        return None
    for tok in tokens:
        m = _ARTICLE_CLASS_RE.match(tok)
        if m:
            return m.group("lang")
    return None


def _is_factiva_html(path: Path, head: str) -> bool:
    """Factiva HTML export: an article block or paragraph class in the file, or the page title
    ``Factiva``. Looks past the head (the inline CSS of real exports is longer than 64 KiB)."""
    if _HTML_MARKER_RE.search(head) or _HTML_TITLE_RE.search(head[:8192]):
        return True
    if not head or "<" not in head[:4096]:
        return False
    try:
        with open(path, "rb") as fh:
            fh.seek(max(len(head.encode("utf-8", "replace")) - 256, 0))
            data = fh.read(HTML_SCAN_BYTES)
    except OSError:
        return False
    return _HTML_MARKER_RE.search(data.decode("latin-1")) is not None


def html_export_name(path: Path, head: str) -> str | None:
    """``"Factiva"`` when the file is a Factiva HTML export (the hook :mod:`html` asks so that an
    export is never read as one web page), else None."""
    try:
        if Path(path).suffix.lower() in HTML_SUFFIXES and _is_factiva_html(Path(path), head):
            return "Factiva"
    except Exception:
        pass
    return None


def _html_articles(root: Any) -> list[tuple[Any, str | None]]:
    """(container, interface language) of each article, outermost containers only."""
    found: list[tuple[Any, str | None]] = []
    for el in root.iter("div"):
        lang = _article_lang(el)
        if lang is None:
            continue
        if found and any(anc is found[-1][0] for anc in el.iterancestors()):
            continue
        found.append((el, lang))
    return found


def _paragraph_texts(el: Any) -> list[str]:
    """Texts of the ``<p class="articleParagraph …">`` inside ``el`` (else of all ``<p>``)."""
    ps = [p for p in el.iter("p") if any(c.startswith("articleParagraph") for c in _classes(p))]
    if not ps:
        ps = list(el.iter("p"))
    return [t for t in (_ws(p.text_content()) for p in ps) if t]


def _coded_rows(art: Any) -> dict[str, Any]:
    """code → value cell of the ``<tr><td><b>HD&nbsp;</b></td><td>…</td></tr>`` rows."""
    rows: dict[str, Any] = {}
    for tr in art.iter("tr"):
        cells = [c for c in tr if c.tag in ("td", "th")]
        if len(cells) < 2:
            continue
        code = _CODE_CELL_RE.sub("", cells[0].text_content())
        if code in CODES and code not in rows:
            rows[code] = cells[1]
    return rows


def _html_coded_record(rows: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, list[str]] = {}
    for code, cell in rows.items():
        if code in ("LP", "TD"):
            paras = _paragraph_texts(cell) or [_ws(cell.text_content())]
            fields[code] = [line for p in paras for line in (p, "")]
        else:
            value = _ws(cell.text_content())
            if value:
                fields[code] = [value]
    return _coded_to_record(fields)


def _leaf_blocks(art: Any) -> list[Any]:
    """The innermost ``<div>``/``<p>`` blocks of an article, in document order."""
    blocks = []
    for el in art.iter("div", "p"):
        if el is art:
            continue
        if any(True for _ in el.iterdescendants("div", "p")):
            continue
        blocks.append(el)
    return blocks


def _html_block_record(art: Any) -> dict[str, Any]:
    """An "Article Format" block: section, ``div#hd`` headline, byline, credit, word count,
    date, time, source, source code, edition, page, language, copyright divs;
    ``articleParagraph`` text; the ``Document <AN>`` paragraph."""
    rec: dict[str, Any] = {}
    before: list[str] = []
    header: list[str] = []
    paras: list[str] = []
    notes: list[str] = []
    headline: str | None = None
    author: str | None = None
    for el in _leaf_blocks(art):
        text = _ws(el.text_content())
        if not text:
            continue
        classes = _classes(el)
        if headline is None and (el.get("id") == "hd" or any(
                c.endswith("Headline") for s in (el, *el.iter("span")) for c in _classes(s))):
            headline = text
            continue
        if any(c.startswith("articleParagraph") for c in classes):
            paras.append(text)
            continue
        m = DOCUMENT_LINE_RE.match(text)
        if m:
            rec["accession_number"] = m.group("an")
            continue
        if "author" in classes and author is None:
            author = _STRIP_AUTHOR_RE.sub("", text)
            continue
        if headline is None:
            before.append(text)
        elif not paras:
            header.append(text)
        else:
            notes.append(text)  # e.g. "New York Times Digital (Full Text)" after the text
    wc_at = next((i for i, t in enumerate(header) if WC_LINE_RE.match(t)), None)
    pre, post = (header, []) if wc_at is None else (header[:wc_at], header[wc_at:])
    if pre and author is None and _BYLINE_RE.match(pre[-1]):
        author = _STRIP_AUTHOR_RE.sub("", pre.pop())
    if pre:  # "Special to The New York Times", "Eigener Bericht" …
        rec["credit"] = "; ".join(pre)
    if post:
        head_rec, _ = _block_to_record(list(enumerate(post, 1)))
        head_rec.pop("text", None)
        rec.update(head_rec)
    else:  # no word count: take the date if there is one
        for t in pre:
            if is_date_line(t):
                rec["date"] = t
                break
    if headline:
        rec["title"] = headline
    if before:
        rec["section"] = before[-1]
    if author:
        rec["author"] = author
    if notes:
        rec["notes"] = "; ".join(notes)
    rec["text"] = "\n\n".join(paras)
    return rec


def _read_html(path: Path, report: IngestReport | None, truncated: str,
               encoding: str | None) -> Iterator[dict[str, Any]]:
    import lxml.html

    from framing.corpus.readers.html import decode_page

    data = read_document_bytes(path)
    text = decode_page(data, path, encoding)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml on pathological markup
        raise InputError(f"HTML could not be parsed ({exc.__class__.__name__}: {exc})",
                         path=path) from None
    articles = _html_articles(root)
    if not articles:
        raise FormatError(f"{NO_HTML_ARTICLES} (no <div class=\"article xxArticle\"> blocks; "
                          "save the export with Format for Saving → Article Format)", path=path)
    for n, (art, lang) in enumerate(articles, 1):
        rows = _coded_rows(art)
        if "HD" in rows or len(rows) >= 4:
            rec = _html_coded_record(rows)
        else:
            rec = _html_block_record(art)
        if lang and "language_code" not in rec:
            rec["language_code"] = lang
        if "accession_number" not in rec and not handle_truncated(path, n, report, truncated):
            continue
        done = finish_record(rec, path, n, art.sourceline, report)
        if done is not None:
            yield done


# --------------------------------------------------------------------------------------------
# the reader contract
# --------------------------------------------------------------------------------------------

_SNIFF_CODES = {"HD", "WC", "PD", "SN", "SC", "LA", "CY", "LP", "TD", "AN", "BY", "SE"}


def _is_coded(head: str) -> bool:
    codes = {m.group("code") for line in head.splitlines() if (m := CODE_RE.match(line))}
    return "HD" in codes and len(codes & _SNIFF_CODES) >= 4


def _is_block(head: str) -> bool:
    lines = head.splitlines()
    return (any(DOCUMENT_LINE_RE.match(line) for line in lines)
            and any(WC_LINE_RE.match(line) for line in lines))


def sniff(path: Path, head: str) -> bool:
    """True for a Factiva export: in text (or RTF converted to text) field codes (HD, PD, SN,
    TD …) at line starts, or ``412 words`` lines together with ``Document <accession number>``
    lines; in HTML an ``<div class="article deArticle">`` block (any interface language), an
    ``articleParagraph`` or the page title ``Factiva``."""
    try:
        suffix = Path(path).suffix.lower()
        if suffix in HTML_SUFFIXES:
            return _is_factiva_html(Path(path), head)
        if suffix == ".rtf" or is_rtf(head):
            head = rtf_head_text(head)
        return _is_coded(head) or _is_block(head)
    except Exception:
        return False


def read(path: str | Path, *, report: IngestReport | None = None, truncated: str = "skip",
         encoding: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield one dict per article of a Factiva export: text (field-coded or block layout), RTF
    ("Article Format" download, converted with :mod:`striprtf`) or HTML (saved "Article Format"
    page, field-coded table rows or article blocks).

    Options: ``truncated`` (``"skip"``/``"warn"``, see the module doc) and ``encoding`` (text
    and HTML). Records have ``title`` (HD), ``date`` (PD, raw), ``outlet`` (SN), ``section``
    (SE), ``author`` (BY), ``text`` (LP + TD) and extras (``word_count``, ``source_code``,
    ``edition``, ``page``, ``language``, ``copyright``, ``accession_number``, ``subjects``,
    ``regions`` …; HTML adds ``language_code``, ``credit``, ``notes``).
    """
    path = Path(path)
    check_truncated_option(truncated)
    if path.suffix.lower() in HTML_SUFFIXES:
        yield from _read_html(path, report, truncated, encoding)
        return
    head = read_head(path)
    if path.suffix.lower() == ".rtf" or is_rtf(head):
        source: Iterable[Line] = iter_rtf_lines(path)
        head = rtf_head_text(head)
        kind = "Factiva RTF export"
    else:
        source = iter_text_lines(path, encoding=encoding, report=report)
        kind = "Factiva text export"
    lines = ((n, t) for n, t in source if not PAGE_FOOTER_RE.match(t))
    n = 0
    if _is_coded(head) or not _is_block(head):
        for fields, start, complete in _coded_records(lines):
            n += 1
            if not complete and not handle_truncated(path, n, report, truncated):
                continue
            done = finish_record(_coded_to_record(fields), path, n, start, report)
            if done is not None:
                yield done
    else:
        for chunk, an in _block_chunks(lines):
            n += 1
            if an is None and not handle_truncated(path, n, report, truncated):
                continue
            rec, start = _block_to_record(chunk)
            if an is not None:
                rec["accession_number"] = an
            done = finish_record(rec, path, n, start, report)
            if done is not None:
                yield done
    if n == 0:
        raise FormatError(f"{kind} with 0 articles recognised (expected field codes such as "
                          "HD/PD/SN/TD/AN or 'Document <accession number>' lines)", path=path)
