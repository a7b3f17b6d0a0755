"""Reader for GENIOS / WISO press exports saved as text (``.txt``).

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
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from framing.corpus.readers.nexis import END_RE, START_RE
from framing.corpus.readers.press_common import (
    Line, check_truncated_option, finish_record, flat, handle_truncated, iter_text_lines,
    join_paragraphs, paragraphs, skip, word_count,
)
from framing.corpus.report import IngestReport
from framing.errors import FormatError

FORMAT = "genios"
SUFFIXES = (".txt",)

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
    "seite": "page", "seiten": "page", "ausgabe": "edition",
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


_SNIFF_LABELS = ("Quelle", "Datum", "Ressort", "Rubrik", "Autor", "Seite", "Ausgabe",
                 "Dokumentnummer", "Dokument-ID", "Wörter", "Dauerhafte Adresse des Dokuments")
_SNIFF_RE = re.compile(rf"^\s*({'|'.join(re.escape(s) for s in _SNIFF_LABELS)})\s*:", re.M)


def sniff(path: Path, head: str) -> bool:
    """True for a GENIOS/WISO text export: the GENIOS line, a WISO document address, or several
    GENIOS field labels including a source or document number."""
    try:
        if "GBI-Genios" in head or "wiso-net.de/document/" in head:
            return True
        if any(START_RE.match(line) or END_RE.match(line) for line in head.splitlines()):
            return False  # Nexis document markers ("Rubrik:", "Autor:" are Nexis labels too)
        labels = {m.group(1) for m in _SNIFF_RE.finditer(head)}
        return len(labels) >= 3 and bool(labels & {"Quelle", "Dokumentnummer", "Dokument-ID"})
    except Exception:
        return False


def read(path: str | Path, *, report: IngestReport | None = None, truncated: str = "skip",
         encoding: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield one dict per document of a GENIOS/WISO text export.

    Options: ``truncated`` (``"skip"``/``"warn"``, see the module doc) and ``encoding``.
    Records have ``title``, ``date`` (raw), ``outlet``, ``section`` (Ressort, else Rubrik),
    ``author``, ``url``, ``text`` and extras (``source_line`` = the raw ``Quelle:``, ``page``,
    ``edition``, ``rubric``, ``word_count``, ``document_number``/``document_id``, ``copyright`` …).
    """
    path = Path(path)
    check_truncated_option(truncated)
    n = 0
    for lines, terminated in _chunks(iter_text_lines(path, encoding=encoding, report=report)):
        rec, start, has_end = _parse(lines)
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
        raise FormatError("no GENIOS documents found (expected 'Quelle:'/'Dokumentnummer:' fields "
                          "and rule lines between documents)", path=path)
