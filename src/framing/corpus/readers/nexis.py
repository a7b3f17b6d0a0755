"""Reader for Nexis Uni / LexisNexis exports: plain text (``.txt``) and Word (``.docx``).

Two layouts are recognised, with German or English field labels:

* **classic** (nexis.com, LexisNexis Wirtschaft): every document opens with a centred
  ``1 of 25 DOCUMENTS`` / ``Dokument 1 von 25`` line, then publication, date line (plus edition
  lines), headline, labelled fields (``SECTION:/RUBRIK:``, ``LENGTH:/LÄNGE:``,
  ``BYLINE:/AUTOR:``), the body, and a trailer (``LOAD-DATE:``, ``LANGUAGE:/SPRACHE:``,
  ``PUBLICATION-TYPE:``, ``Copyright …``).
* **Nexis Uni**: every document closes with ``End of Document`` / ``Ende des Dokuments``; it
  opens with headline, publication, date line, edition, copyright, labelled fields, a ``Body``
  (or ``Text``) line, the body, and a trailer (``Classification``, ``Load-Date:/Ladedatum:``,
  ``Language:/Sprache:`` …). A cover page before the first document is ignored.

Record policy (documented in ``docs/formats/press-databases.md``):

* a record that stops without its end marker (an export cut off mid-article: no trailer in the
  classic layout, no ``End of Document`` in the Nexis Uni layout) is skipped with the reason
  ``"truncated record (no end marker)"``; with ``truncated="warn"`` it is read as far as it goes
  and a warning is recorded instead;
* a record without body text (e.g. a picture-only item) is skipped with ``"no body text"``.

This module also holds the small text helpers shared by the press-database readers
(:mod:`~framing.corpus.readers.genios`, :mod:`~framing.corpus.readers.factiva`):
:func:`iter_text_lines` (streaming, encoding-detecting line iterator) and friends.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.corpus.readers.press_common import (
    COPYRIGHT_RE, Line, check_truncated_option, finish_record, flat, handle_truncated, is_date_line,
    iter_text_lines, join_paragraphs, paragraphs, word_count,
)
from framing.corpus.report import IngestReport
from framing.errors import FormatError, InputError

FORMAT = "nexis"
SUFFIXES = (".txt", ".docx")

# --------------------------------------------------------------------------------------------
# Nexis markers and labels
# --------------------------------------------------------------------------------------------

START_RE = re.compile(r"^\s*(?:\d+\s+of\s+\d+\s+DOCUMENTS?|Dokument\s+\d+\s+von\s+\d+)\s*$", re.I)
END_RE = re.compile(r"^\s*(?:End of Document|Ende des Dokuments)\s*$", re.I)
BODY_RE = re.compile(r"^\s*(?:Body|Text|Volltext)\s*$", re.I)
CLASSIFICATION_RE = re.compile(r"^\s*(?:Classification|Klassifikation|Klassifizierung)\s*$", re.I)
LABEL_RE = re.compile(r"^\s*(?P<label>[^\W\d_][\w\- /]{0,30}?)\s*:(?:\s+(?P<value>.*?))?\s*$")

#: Labels before the body: lower-case label → field.
META_LABELS = {
    "section": "section", "rubrik": "section", "ressort": "section",
    "length": "length", "länge": "length", "laenge": "length",
    "byline": "author", "autor": "author", "author": "author", "autorin": "author",
    "dateline": "dateline", "ortszeile": "dateline",
    "highlight": "highlight", "zusammenfassung": "highlight",
    "edition": "edition", "ausgabe": "edition",
    "url": "url", "link": "url",
    "graphic": "graphic", "grafik": "graphic",
    "series": "series", "serie": "series",
}
#: Labels after the body.
TRAILER_LABELS = {
    "load-date": "load_date", "ladedatum": "load_date", "load date": "load_date",
    "update": "update", "aktualisierung": "update",
    "language": "language", "sprache": "language",
    "publication-type": "publication_type", "publikationstyp": "publication_type",
    "publication type": "publication_type",
    "document-type": "document_type", "dokumenttyp": "document_type",
    "journal-code": "journal_code", "journal code": "journal_code",
    "graphic": "graphic", "grafik": "graphic",
    "subject": "subjects", "thema": "subjects", "geographic": "regions", "geografisch": "regions",
    "industry": "industries", "branche": "industries", "company": "companies",
    "unternehmen": "companies", "organization": "organizations", "organisation": "organizations",
    "person": "persons",
    "notes": "notes", "anmerkungen": "notes",
    "url": "url", "link": "url",
}
#: Fields whose value is always one line (a following line is never its continuation).
ONE_LINE_FIELDS = frozenset({"length", "load_date", "update", "language", "publication_type",
                             "document_type", "journal_code", "edition", "url"})
#: Extras copied to the record as they are.
_EXTRA_FIELDS = ("edition", "page", "dateline", "highlight", "series", "graphic", "load_date",
                 "update", "language", "publication_type", "document_type", "journal_code",
                 "subjects", "regions", "industries", "companies", "organizations", "persons",
                 "notes", "copyright")
_SECTION_PAGE_RE = re.compile(r"^(?P<section>.*?)[;,]?\s*(?:S\.|Seite|Pg\.|p\.|Page)\s*(?P<page>[\w\-/]+)\s*$",
                              re.I)
_AUTHOR_PREFIX_RE = re.compile(r"^(?:von|by)\s+", re.I)


def _label(text: str, table: dict[str, str]) -> tuple[str, str] | None:
    m = LABEL_RE.match(text)
    if not m:
        return None
    field = table.get(re.sub(r"\s+", " ", m.group("label").strip().lower()))
    return (field, (m.group("value") or "").strip()) if field else None


def _is_meta_label(text: str) -> bool:
    return _label(text, META_LABELS) is not None


def _is_one_line_label(text: str) -> bool:
    hit = _label(text, META_LABELS) or _label(text, TRAILER_LABELS)
    return hit is not None and hit[0] in ONE_LINE_FIELDS


def _is_trailer_start(text: str) -> bool:
    return (_label(text, TRAILER_LABELS) is not None or COPYRIGHT_RE.match(text) is not None
            or CLASSIFICATION_RE.match(text) is not None)


def _read_fields(paras: Iterable[list[Line]], table: dict[str, str], fields: dict[str, str]) -> None:
    """Collect ``label: value`` paragraphs (value may continue on the next lines) into ``fields``."""
    for para in paras:
        first = para[0][1]
        if CLASSIFICATION_RE.match(first):
            para = para[1:]
            if not para:
                continue
            first = para[0][1]
        if COPYRIGHT_RE.match(first) and _label(first, table) is None:
            text = flat(para)
            fields["copyright"] = f"{fields['copyright']} {text}" if "copyright" in fields else text
            continue
        field: str | None = None  # the field that continuation lines extend
        for _, text in para:
            hit = _label(text, table)
            if hit is not None:
                name, value = hit
                field = None if fields.get(name) else name  # a repeated label: first value wins
                if field is not None:
                    fields[field] = value
            elif field is not None:
                fields[field] = f"{fields[field]} {text}".strip()


def _trailer_start(paras: list[list[Line]]) -> int:
    """Index of the first paragraph of the trailing block of label/copyright paragraphs."""
    k = len(paras)
    while k > 0 and _is_trailer_start(paras[k - 1][0][1]):
        k -= 1
    return k


def _record(fields: dict[str, str], title: str | None, outlet: str | None, date: str | None,
            body: list[list[Line]]) -> dict[str, Any]:
    rec: dict[str, Any] = {"text": join_paragraphs(body)}
    if title:
        rec["title"] = title
    if date:
        rec["date"] = date
    if outlet:
        rec["outlet"] = outlet
    section = fields.get("section", "").strip(" ;,")
    if section:
        m = _SECTION_PAGE_RE.match(section)
        if m:
            section = m.group("section").strip(" ;,")
            fields.setdefault("page", m.group("page"))
        if section:
            rec["section"] = section
    author = _AUTHOR_PREFIX_RE.sub("", fields.get("author", "")).strip()
    if author:
        rec["author"] = author
    if fields.get("url"):
        rec["url"] = fields["url"]
    n_words = word_count(fields.get("length"))
    if n_words is not None:
        rec["word_count"] = n_words
    for key in _EXTRA_FIELDS:
        if fields.get(key):
            rec[key] = fields[key]
    return rec


# --------------------------------------------------------------------------------------------
# segmenting and parsing
# --------------------------------------------------------------------------------------------


@dataclass
class _Chunk:
    layout: str            # "classic" or "uni"
    lines: list[Line]
    terminated: bool       # followed by the next start marker / closed by "End of Document"


def _segment(lines: Iterable[Line], *, docx: bool) -> Iterator[_Chunk]:
    """Split the line stream into one chunk per document, holding one document at a time."""
    buf: list[Line] = []
    classic = False
    saw_end = False
    for lineno, text in lines:
        if START_RE.match(text):
            if classic and buf:
                yield _Chunk("classic", buf, True)
            elif not classic and saw_end and any(t.strip() for _, t in buf):
                yield _Chunk("uni", buf, False)
            buf = [(lineno, text)]  # anything before the first marker is a cover page
            classic = True
            continue
        if not classic and END_RE.match(text):
            saw_end = True
            yield _Chunk("uni", buf, True)
            buf = []
            continue
        buf.append((lineno, text))
    if any(t.strip() for _, t in buf):
        if classic:
            yield _Chunk("classic", buf, False)
        elif saw_end or (docx and any(BODY_RE.match(t) for _, t in buf)):
            # a .docx cannot be cut off without breaking the zip: a last document without
            # "End of Document" (e.g. one article per file) is complete there
            yield _Chunk("uni", buf, docx)


def _parse_classic(chunk: _Chunk) -> tuple[dict[str, Any], int, bool]:
    """Parse a ``N of M DOCUMENTS`` record; returns (record, start line, complete)."""
    marker_line = chunk.lines[0][0]
    paras = paragraphs(chunk.lines[1:], lambda t: _is_meta_label(t) or _is_trailer_start(t),
                       _is_one_line_label)
    outlet = date = None
    edition: list[str] = []
    rest = paras
    for pi, para in enumerate(paras[:4]):
        hit = next((li for li, (_, t) in enumerate(para) if is_date_line(t)), None)
        if hit is not None:
            outlet = " ".join([t for p in paras[:pi] for _, t in p] + [t for _, t in para[:hit]]) or None
            date = para[hit][1]
            edition = [t for _, t in para[hit + 1:]]
            rest = paras[pi + 1:]
            break
    else:
        if paras:
            outlet, rest = flat(paras[0]), paras[1:]
    first_label = next((i for i, p in enumerate(rest[:4]) if _is_meta_label(p[0][1])), None)
    if first_label is None:  # no labels right after the headline: one headline paragraph
        title_paras, rest = rest[:1], rest[1:]
    else:
        title_paras, rest = rest[:first_label], rest[first_label:]
    n_labels = 0
    while n_labels < len(rest) and _is_meta_label(rest[n_labels][0][1]):
        n_labels += 1
    fields: dict[str, str] = {}
    _read_fields(rest[:n_labels], META_LABELS, fields)
    rest = rest[n_labels:]
    k = _trailer_start(rest)
    _read_fields(rest[k:], {**TRAILER_LABELS, **META_LABELS}, fields)
    if edition and not fields.get("edition"):
        fields["edition"] = " ".join(edition).strip(" ;")
    title = " ".join(flat(p) for p in title_paras) or None
    complete = chunk.terminated or k < len(rest)
    return _record(fields, title, outlet, date, rest[:k]), marker_line, complete


def _parse_uni(chunk: _Chunk) -> tuple[dict[str, Any], int, bool]:
    """Parse an ``End of Document`` record; returns (record, start line, complete)."""
    lines = chunk.lines
    body_at = next((i for i, (_, t) in enumerate(lines) if BODY_RE.match(t)), None)
    meta_lines = lines if body_at is None else lines[:body_at]
    body_lines = [] if body_at is None else lines[body_at + 1:]

    # the labelled fields start at the first known label; what comes before is the header
    label_at = next((i for i, (_, t) in enumerate(meta_lines) if t.strip() and _is_meta_label(t.strip())),
                    len(meta_lines))
    fields: dict[str, str] = {}
    _read_fields(paragraphs(meta_lines[label_at:], _is_meta_label, _is_one_line_label), META_LABELS, fields)
    # header units: non-blank lines, each flagged with whether a blank line came before it
    head: list[tuple[int, str, bool]] = []
    blank_before = True
    for lineno, text in meta_lines[:label_at]:
        if not text.strip():
            blank_before = True
            continue
        head.append((lineno, text.strip(), blank_before))
        blank_before = False

    def is_copy(i: int) -> bool:
        return COPYRIGHT_RE.match(head[i][1]) is not None

    title = outlet = date = None
    start_line = head[0][0] if head else next((n for n, t in lines if t.strip()), 0)
    date_at = next((i for i in range(len(head) - 1, -1, -1)
                    if not is_copy(i) and is_date_line(head[i][1])), None)
    copyright_parts = [head[i][1] for i in range(len(head)) if is_copy(i)]
    if date_at is not None:
        date = head[date_at][1]
        j = date_at - 1
        while j >= 0 and is_copy(j):
            j -= 1
        if j >= 0:
            outlet = head[j][1]
            k = j - 1
            while k >= 0 and is_copy(k):
                k -= 1
            if k >= 0:
                first = k
                while first > 0 and not head[first][2] and not is_copy(first - 1):
                    first -= 1  # a headline wrapped over several lines of one paragraph
                title = " ".join(u[1] for u in head[first:k + 1])
                start_line = head[first][0]
            else:
                start_line = head[j][0]
        edition = [head[i][1] for i in range(date_at + 1, len(head)) if not is_copy(i)]
        if edition and not fields.get("edition"):
            fields["edition"] = " ".join(edition)
    elif head:
        non_copy = [u for i, u in enumerate(head) if not is_copy(i)]
        if non_copy:
            title, start_line = non_copy[0][1], non_copy[0][0]
        if len(non_copy) > 1:
            outlet = non_copy[1][1]
    if copyright_parts:
        fields["copyright"] = " ".join(copyright_parts)

    paras = paragraphs(body_lines, _is_trailer_start, _is_one_line_label)
    k = _trailer_start(paras)
    _read_fields(paras[k:], {**TRAILER_LABELS, **META_LABELS}, fields)
    return _record(fields, title, outlet, date, paras[:k]), start_line, chunk.terminated


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------


def _is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _docx_lines(path: Path) -> Iterator[Line]:
    """The paragraphs of a .docx as lines, each followed by a blank line (numbered by paragraph)."""
    try:
        if path.stat().st_size == 0:
            raise InputError("empty file", path=path)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover - python-docx is a core dependency
        raise InputError("reading .docx needs python-docx (pip install python-docx)", path=path) from None
    try:
        document = docx.Document(str(path))
        paras = [p.text for p in document.paragraphs]
    except Exception as exc:  # python-docx raises zip, XML and package errors of many kinds
        raise InputError(f"not a readable .docx file ({type(exc).__name__}: {exc})", path=path) from None
    if not any(p.strip() for p in paras):
        raise InputError("empty file", path=path)
    for n, text in enumerate(paras, 1):
        for part in text.replace("\r", "\n").replace("\u2028", "\n").split("\n"):
            yield n, part
        yield n, ""


def _docx_text_head(path: Path, n_bytes: int = 1_000_000) -> str:
    """Text of the start of word/document.xml with tags removed (for sniffing)."""
    with zipfile.ZipFile(path) as zf:
        with zf.open("word/document.xml") as fh:
            xml = fh.read(n_bytes).decode("utf-8", errors="replace")
    return re.sub(r"<[^>]+>", "", xml)


# --------------------------------------------------------------------------------------------
# the reader contract
# --------------------------------------------------------------------------------------------

_SNIFF_LABEL_RE = re.compile(
    r"^\s*(?:Length|Länge|LENGTH|LÄNGE|Load-Date|LOAD-DATE|Ladedatum|Byline|BYLINE|Section|SECTION|"
    r"Rubrik|RUBRIK)\s*:", re.M)


def sniff(path: Path, head: str) -> bool:
    """True for a Nexis export: document markers in a text file, or Nexis labels in a .docx."""
    try:
        if Path(path).suffix.lower() == ".docx" or head.startswith("PK"):
            if not zipfile.is_zipfile(path):
                return False
            text = _docx_text_head(Path(path))
            has_end = "End of Document" in text or "Ende des Dokuments" in text
            has_labels = any(s in text for s in ("Length:", "Länge:", "Load-Date:", "Ladedatum:"))
            return has_end or (has_labels and any(s in text for s in ("Byline:", "Section:", "Rubrik:",
                                                                       "Autor:")))
        lines = head.splitlines()
        if any(START_RE.match(line) for line in lines):
            return True
        return any(END_RE.match(line) for line in lines) and _SNIFF_LABEL_RE.search(head) is not None
    except Exception:
        return False


def read(path: str | Path, *, report: IngestReport | None = None, truncated: str = "skip",
         encoding: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield one dict per document of a Nexis ``.txt`` or ``.docx`` export.

    Options: ``truncated`` — ``"skip"`` (default) reports a record without its end marker as
    skipped, ``"warn"`` reads it and records a warning; ``encoding`` forces the text encoding.
    Each record has the core fields found (``title``, ``date`` as printed, ``outlet``,
    ``section``, ``author``, ``url``, ``text``), extras (``word_count``, ``page``, ``edition``,
    ``language``, ``load_date``, ``copyright``, ``subjects``, ``regions`` …), :data:`RECORD_KEY` and, for text files,
    :data:`LINE_KEY`.
    """
    path = Path(path)
    check_truncated_option(truncated)
    docx = path.suffix.lower() == ".docx" or _is_zip(path)
    lines = _docx_lines(path) if docx else iter_text_lines(path, encoding=encoding, report=report)
    n = 0
    for chunk in _segment(lines, docx=docx):
        n += 1
        parse = _parse_classic if chunk.layout == "classic" else _parse_uni
        rec, start_line, complete = parse(chunk)
        if not complete and not handle_truncated(path, n, report, truncated):
            continue
        done = finish_record(rec, path, n, None if docx else start_line, report)
        if done is not None:
            yield done
    if n == 0:
        raise FormatError("no Nexis documents found (expected 'End of Document' / 'Ende des "
                          "Dokuments' or 'N of M DOCUMENTS' / 'Dokument N von M' lines)", path=path)
