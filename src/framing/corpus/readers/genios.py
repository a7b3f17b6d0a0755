"""Reader for GENIOS / WISO press exports: text (``.txt``), RTF downloads (``.rtf``, converted
with :mod:`striprtf` and then read like text) and the XML delivery format (``.xml``).

GENIOS (GBI-Genios, also behind WISO and many library "Pressedatenbank" portals) has no
documented plain-text export format; this reader follows what its document view, print view
("Druckansicht") and text/PDF-to-text exports are publicly described and parsed as (see
``docs/formats/press-databases.md``). Assumptions:

* documents are separated by a rule line (10 or more ``_``, ``-``, ``=`` or ``*``) and/or end
  with the database line ``© GBI-Genios Deutsche Wirtschaftsdatenbank GmbH``;
* metadata are ``Label: value`` lines (``Quelle:``, ``Datum:``, ``Ressort:``, ``Rubrik:``,
  ``Autor:``, ``Seite:``, ``Ausgabe:``, ``Wörter:``, ``Dokumentnummer:``, ``Dokument-ID:``,
  ``Dauerhafte Adresse des Dokuments:``, ``Alle Rechte vorbehalten:`` …) in a block **after**
  the text (WISO document view) or **before** the headline (header-style exports); both are read;
* the headline is the first line of the text part (or a ``Titel:`` field), the rest is the body;
* ``Quelle: Lennetal-Anzeiger vom 18.03.2016, S. 3`` gives outlet, date and page when there are
  no separate ``Datum:``/``Seite:`` fields.

A document is complete when a rule line or the GENIOS line follows it, or when it carries its
closing metadata (``Dokumentnummer:``, ``Dokument-ID:``, document address or rights line) after
the text. The last document of a file that has neither was cut off: it is skipped with
``"truncated record (no end marker)"`` (``truncated="warn"`` reads it with a warning). Text
before the first document with GENIOS fields (an export cover) is ignored; a later block
without any GENIOS field is skipped with :data:`NO_METADATA_REASON`.

XML delivery (``<GENIOS><Document ID=… DB=…>`` with ``Title``, ``Date`` as ``YYYYMMDD``,
``Source``, ``Publication-Title``, ``Page``, ``Authors``, ``Text``): no public specification was
found; the reader follows the element names as described to the project and accepts them in any
letter case and with or without hyphens. It is parsed as a stream (one ``Document`` at a time)
with :mod:`defusedxml`: entity declarations and external references are refused, never
expanded. A file cut off inside a ``Document`` keeps the documents before it and reports the
last one as truncated.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from framing.corpus.readers.base import read_head
from framing.corpus.readers.nexis import END_RE, START_RE
from framing.corpus.readers.press_common import (
    TRUNCATED_REASON,
    Line,
    check_truncated_option,
    finish_record,
    flat,
    handle_truncated,
    is_rtf,
    iter_rtf_lines,
    iter_text_lines,
    join_paragraphs,
    paragraphs,
    rtf_head_text,
    skip,
    word_count,
)
from framing.corpus.report import IngestReport
from framing.errors import FormatError, InputError

FORMAT = "genios"
SUFFIXES = (".txt", ".rtf", ".xml")

NO_METADATA_REASON = "no GENIOS metadata (Quelle/Datum/Dokumentnummer) in record"

RULE_RE = re.compile(r"^\s*[-_=*\u2500\u2501\u2015\u2014]{10,}\s*$")
GBI_RE = re.compile(r"^\s*(?:©|\(c\))?\s*GBI-Genios\b", re.I)
PAGE_HEADER_RE = re.compile(r"^\s*Seite\s+\d+\s+von\s+\d+\s*$", re.I)
LABEL_RE = re.compile(r"^\s*(?P<label>[^\W\d_][\w.\- ]{0,40}?)\s*:\s*(?P<value>.*?)\s*$")

#: lower-case label → field
LABELS = {
    "quelle": "quelle", "quellenangabe": "quelle",
    "medium": "outlet", "publikation": "outlet", "zeitung": "outlet",
    "datum": "date", "erscheinungsdatum": "date", "publikationsdatum": "date",
    "ressort": "section", "rubrik": "rubric",
    "autor": "author", "autorin": "author", "autoren": "author", "verfasser": "author",
    "seite": "page", "seiten": "page", "ausgabe": "edition", "mutation": "edition",
    "dokumentnummer": "document_number", "dokument-nr.": "document_number", "dok.-nr.": "document_number",
    "dokument-id": "document_id", "dokumentid": "document_id",
    "wörter": "words", "woerter": "words", "wortanzahl": "words", "anzahl wörter": "words",
    "dauerhafte adresse des dokuments": "url", "url": "url", "link": "url",
    "alle rechte vorbehalten": "copyright", "copyright": "copyright",
    "titel": "title", "überschrift": "title", "untertitel": "subtitle", "unterzeile": "subtitle",
    "sprache": "language", "jahrgang": "volume", "heft": "issue", "nummer": "issue",
    "schlagworte": "keywords", "schlagwörter": "keywords", "stichwörter": "keywords",
    "dokumenttyp": "document_type", "dokumentart": "document_type",
}
#: fields whose presence after the text shows that a document was exported to its end
_END_FIELDS = ("document_number", "document_id", "url", "copyright")
_EXTRA_FIELDS = ("edition", "page", "rubric", "subtitle", "document_number", "document_id",
                 "language", "volume", "issue", "keywords", "document_type", "copyright")
_QUELLE_RE = re.compile(
    r"^(?P<outlet>.+?)(?:\s+vom|\s+v\.|,)\s*"
    r"(?P<date>\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\b|\d{1,2}\.\s+[^\W\d_]+\s+\d{4})"
    r"(?:\s*,?\s*(?:S\.|Seite|SEITE|Nr\.)\s*(?P<page>[\w\-/]+))?\s*[,;.]?\s*$")

_EDITION_RE = re.compile(r"^(?P<outlet>.+?)\s*[,/-]\s*Ausgabe\s+(?P<edition>.+)$")


def _label(text: str) -> tuple[str, str] | None:
    if GBI_RE.match(text):
        return None
    m = LABEL_RE.match(text)
    if not m:
        return None
    field = LABELS.get(re.sub(r"\s+", " ", m.group("label").strip().lower()))
    return (field, m.group("value")) if field else None


#: fields whose value is one line: a line after them is never their continuation (so a headline
#: that follows a header block without a blank line stays the headline)
_ONE_LINE = frozenset({"date", "page", "words", "document_number", "document_id", "section", "rubric",
                       "edition", "language", "volume", "issue", "document_type", "outlet", "url"})


def _is_one_line(text: str) -> bool:
    hit = _label(text)
    return hit is not None and hit[0] in _ONE_LINE


def _is_field_para(para: list[Line]) -> bool:
    first = para[0][1]
    return _label(first) is not None or GBI_RE.match(first) is not None


def _read_fields(paras: Iterable[list[Line]], fields: dict[str, str]) -> None:
    """``Label: value`` paragraphs into ``fields``; later blocks do not overwrite earlier values."""
    for para in paras:
        field: str | None = None
        for _, text in para:
            if GBI_RE.match(text):
                field = None
                continue
            hit = _label(text)
            if hit is not None:
                name, value = hit
                field = None if fields.get(name) else name
                if field is not None:
                    fields[field] = value
            elif field is not None:
                fields[field] = f"{fields[field]} {text}".strip()


def _chunks(lines: Iterable[Line]) -> Iterator[tuple[list[Line], bool]]:
    """(lines of one document, terminated by a rule or the GENIOS line)."""
    buf: list[Line] = []
    for lineno, text in lines:
        if RULE_RE.match(text):
            if any(t.strip() for _, t in buf):
                yield buf, True
            buf = []
            continue
        if PAGE_HEADER_RE.match(text):
            continue
        buf.append((lineno, text))
        if GBI_RE.match(text):
            yield buf, True
            buf = []
    if any(t.strip() for _, t in buf):
        yield buf, False


def _parse(lines: list[Line]) -> tuple[dict[str, Any] | None, int, bool]:
    """Parse one document: (record or None when it has no GENIOS fields, start line, has end fields)."""
    paras = paragraphs(lines, lambda t: _label(t) is not None or GBI_RE.match(t) is not None,
                       _is_one_line)
    n_head = 0
    while n_head < len(paras) and _is_field_para(paras[n_head]):
        n_head += 1
    k = len(paras)
    while k > n_head and _is_field_para(paras[k - 1]):
        k -= 1
    fields: dict[str, str] = {}
    footer: dict[str, str] = {}
    _read_fields(paras[:n_head], fields)
    _read_fields(paras[k:], footer)
    has_end = any(footer.get(f) for f in _END_FIELDS) or any(
        GBI_RE.match(t) for p in paras[k:] for _, t in p)
    for key, value in footer.items():
        fields.setdefault(key, value)
    start = paras[0][0][0] if paras else (lines[0][0] if lines else 0)
    if not fields:
        return None, start, has_end

    middle = paras[n_head:k]
    title = fields.get("title")
    if not title and middle:
        first = middle[0]
        title = first[0][1]
        if len(first) > 1 and not fields.get("subtitle"):
            fields["subtitle"] = flat(first[1:])
        middle = middle[1:]
    rec: dict[str, Any] = {"text": join_paragraphs(middle)}
    if title:
        rec["title"] = title

    outlet = fields.get("outlet")
    date = fields.get("date")
    quelle = fields.get("quelle", "").strip()
    if quelle:
        m = _QUELLE_RE.match(quelle)
        if m:
            outlet = outlet or m.group("outlet").strip(" ,")
            date = date or m.group("date")
            if m.group("page") and not fields.get("page"):
                fields["page"] = m.group("page")
        else:
            outlet = outlet or quelle
        m = _EDITION_RE.match(outlet or "")
        if m:  # "Sauerland-Bote, Ausgabe Altena" → outlet and edition
            outlet = m.group("outlet")
            fields.setdefault("edition", m.group("edition"))
        rec["source_line"] = quelle
    if date:
        rec["date"] = date
    if outlet:
        rec["outlet"] = outlet
    section = fields.get("section") or fields.get("rubric")
    if section:
        rec["section"] = section
    if fields.get("author"):
        rec["author"] = re.sub(r"^(?:von|by)\s+", "", fields["author"], flags=re.I)
    if fields.get("url"):
        rec["url"] = fields["url"]
    n_words = word_count(fields.get("words"))
    if n_words is not None:
        rec["word_count"] = n_words
    for key in _EXTRA_FIELDS:
        if fields.get(key) and key not in rec:
            rec[key] = fields[key]
    return rec, start, has_end


_SNIFF_LABELS = ("Quelle", "Datum", "Ressort", "Rubrik", "Autor", "Seite", "Ausgabe", "Mutation",
                 "Dokumentnummer", "Dokument-ID", "Wörter", "Dauerhafte Adresse des Dokuments")
_SNIFF_RE = re.compile(rf"^\s*({'|'.join(re.escape(s) for s in _SNIFF_LABELS)})\s*:", re.M)


_XML_ROOT_RE = re.compile(r"<GENIOS[\s>]")


def sniff(path: Path, head: str) -> bool:
    """True for a GENIOS/WISO export: in text (or RTF converted to text) the GENIOS line, a WISO
    document address, or several GENIOS field labels including a source or document number; in
    XML the root element ``<GENIOS>``."""
    try:
        suffix = Path(path).suffix.lower()
        if suffix == ".xml":
            return _XML_ROOT_RE.search(head) is not None
        if suffix == ".rtf" or is_rtf(head):
            head = rtf_head_text(head)
        if "GBI-Genios" in head or "wiso-net.de/document/" in head:
            return True
        if any(START_RE.match(line) or END_RE.match(line) for line in head.splitlines()):
            return False  # Nexis document markers ("Rubrik:", "Autor:" are Nexis labels too)
        labels = {m.group(1) for m in _SNIFF_RE.finditer(head)}
        return len(labels) >= 3 and bool(labels & {"Quelle", "Dokumentnummer", "Dokument-ID"})
    except Exception:
        return False


# --------------------------------------------------------------------------------------------
# XML delivery
# --------------------------------------------------------------------------------------------

#: normalised element name (lower case, no ``-``/``_``) → field
_XML_FIELDS = {
    "title": "title", "titel": "title", "headline": "title",
    "subtitle": "subtitle", "untertitel": "subtitle",
    "date": "date", "datum": "date", "publicationdate": "date",
    "source": "quelle", "quelle": "quelle",
    "publicationtitle": "outlet", "publication": "outlet", "medium": "outlet",
    "page": "page", "seite": "page", "pages": "page",
    "authors": "author", "author": "author", "autor": "author", "autoren": "author",
    "section": "section", "ressort": "section", "rubric": "rubric", "rubrik": "rubric",
    "edition": "edition", "mutation": "edition", "ausgabe": "edition",
    "words": "words", "wordcount": "words", "woerter": "words",
    "url": "url", "documenturl": "url", "language": "language", "sprache": "language",
    "copyright": "copyright", "text": "text", "body": "text", "fulltext": "text",
}
_YYYYMMDD_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _local(tag: Any) -> str:
    name = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
    return name.lower().replace("-", "").replace("_", "")


def _xml_text(el: Any) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _xml_body(el: Any) -> str:
    """Paragraphs of a ``Text`` element: its child elements (``P`` …) or blank-line blocks."""
    children = [c for c in el if isinstance(c.tag, str)]
    if children:
        paras = [_xml_text(c) for c in children]
        lead = (el.text or "").strip()
        if lead:
            paras.insert(0, re.sub(r"\s+", " ", lead))
        return "\n\n".join(p for p in paras if p)
    blocks = re.split(r"\n\s*\n", "".join(el.itertext()))
    return "\n\n".join(b for b in (re.sub(r"\s+", " ", x).strip() for x in blocks) if b)


def _xml_record(doc: Any) -> dict[str, Any]:
    fields: dict[str, str] = {}
    text = ""
    for child in doc:
        field = _XML_FIELDS.get(_local(child.tag))
        if field is None:
            continue
        if field == "text":
            text = _xml_body(child)
        elif field == "author" and len(child):
            fields["author"] = "; ".join(t for t in (_xml_text(c) for c in child) if t)
        elif field not in fields:
            fields[field] = _xml_text(child)
    rec: dict[str, Any] = {"text": text}
    date = fields.get("date", "")
    m = _YYYYMMDD_RE.match(date)
    if m:  # 20180110 → 2018-01-10 (dates.parse_date does not read the compact form)
        date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    outlet = fields.get("outlet")
    quelle = fields.get("quelle", "")
    if quelle:
        rec["source_line"] = quelle
        qm = _QUELLE_RE.match(quelle)
        outlet = outlet or (qm.group("outlet").strip(" ,") if qm else quelle)
        if qm and not date:
            date = qm.group("date")
        if qm and qm.group("page") and not fields.get("page"):
            fields["page"] = qm.group("page")
    for key, value in (("title", fields.get("title")), ("date", date), ("outlet", outlet),
                       ("section", fields.get("section") or fields.get("rubric")),
                       ("author", re.sub(r"^(?:von|by)\s+", "", fields.get("author", ""), flags=re.I)),
                       ("url", fields.get("url"))):
        if value:
            rec[key] = value
    n_words = word_count(fields.get("words"))
    if n_words is not None:
        rec["word_count"] = n_words
    for key in ("subtitle", "page", "edition", "rubric", "language", "copyright"):
        if fields.get(key):
            rec[key] = fields[key]
    if doc.get("ID"):
        rec["document_id"] = doc.get("ID")
    if doc.get("DB"):
        rec["database"] = doc.get("DB")
    return rec


def _read_xml(path: Path, report: IngestReport | None) -> Iterator[dict[str, Any]]:
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    try:
        with open(path, "rb") as fh:
            first = fh.read(4096)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if not first.strip():
        raise InputError("empty file", path=path)
    n = 0
    open_doc = False
    seen_root = False
    events = iterparse(str(path), events=("start", "end"), forbid_dtd=False,
                       forbid_entities=True, forbid_external=True)
    try:
        for event, el in events:
            name = _local(el.tag)
            if event == "start":
                if not seen_root:
                    seen_root = True
                    if name != "genios":
                        raise FormatError(f"not a GENIOS XML export (root element <{el.tag}>, "
                                          "expected <GENIOS>)", path=path)
                if name == "document":
                    open_doc = True
                continue
            if name != "document":
                continue
            n += 1
            open_doc = False
            rec = _xml_record(el)
            el.clear()
            done = finish_record(rec, path, n, None, report)
            if done is not None:
                yield done
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        msg = str(exc).split(": line ")[0]
        if open_doc and msg.startswith(("no element found", "unclosed token")):
            skip(report, path, n + 1, f"{TRUNCATED_REASON}: the file ends inside <Document>")
            return
        raise InputError(f"not well-formed XML: {msg}", path=path, line=line) from None
    except DefusedXmlException as exc:
        name = getattr(exc, "name", None)
        what = f"declares an entity {name!r}" if name else "refers to an external resource"
        raise InputError(f"XML {what}; refused for safety (entities are not part of the GENIOS "
                         "format and could expand without bound or read local files/URLs)",
                         path=path) from None
    if n == 0:
        raise FormatError("GENIOS XML export with 0 documents recognised (no <Document> "
                          "elements under <GENIOS>)", path=path)


def read(path: str | Path, *, report: IngestReport | None = None, truncated: str = "skip",
         encoding: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield one dict per document of a GENIOS/WISO export (text, RTF or XML).

    Options: ``truncated`` (``"skip"``/``"warn"``, see the module doc) and ``encoding`` (text).
    Records have ``title``, ``date`` (raw; ``YYYYMMDD`` of the XML as ``YYYY-MM-DD``),
    ``outlet``, ``section`` (Ressort, else Rubrik), ``author``, ``url``, ``text`` and extras
    (``source_line`` = the raw ``Quelle:``/``Source``, ``page``, ``edition`` (Ausgabe/Mutation),
    ``rubric``, ``word_count``, ``document_number``/``document_id``, ``database``,
    ``copyright`` …).
    """
    path = Path(path)
    check_truncated_option(truncated)
    if path.suffix.lower() == ".xml":
        yield from _read_xml(path, report)
        return
    if path.suffix.lower() == ".rtf" or is_rtf(read_head(path)):
        lines: Iterable[Line] = iter_rtf_lines(path)
        kind = "GENIOS RTF export"
    else:
        lines = iter_text_lines(path, encoding=encoding, report=report)
        kind = "GENIOS text export"
    n = 0
    for chunk, terminated in _chunks(lines):
        rec, start, has_end = _parse(chunk)
        if rec is None and n == 0:
            continue  # text before the first document with GENIOS fields: an export cover
        n += 1
        complete = terminated or has_end
        if not complete and not handle_truncated(path, n, report, truncated):
            continue
        if rec is None:
            skip(report, path, n, NO_METADATA_REASON)
            continue
        done = finish_record(rec, path, n, start, report)
        if done is not None:
            yield done
    if n == 0:
        raise FormatError(f"{kind} with 0 documents recognised (expected 'Quelle:'/"
                          "'Dokumentnummer:' fields and rule lines between documents)", path=path)
