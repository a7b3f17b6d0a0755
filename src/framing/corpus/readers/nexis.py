"""Reader for Nexis Uni / Lexis Advance / LexisNexis exports: ``.txt``, ``.docx``, ``.rtf`` and
``.html``.

Two layouts are recognised, with German or English field labels:

* **classic** (nexis.com, LexisNexis Academic/Wirtschaft; text and HTML downloads): every
  document opens with a centred ``1 of 25 DOCUMENTS`` / ``Dokument 1 von 25`` line, then
  publication, date line (plus edition lines), headline, labelled fields (``SECTION:/RUBRIK:``,
  ``LENGTH:/LÄNGE:``, ``BYLINE:/AUTOR:``), the body, and a trailer (``LOAD-DATE:``,
  ``LANGUAGE:/SPRACHE:``, ``PUBLICATION-TYPE:``, ``Copyright …``).
* **Nexis Uni / Lexis Advance** (Word, RTF, or text saved from them): every document closes
  with ``End of Document`` / ``Ende des Dokuments``; it opens with headline, publication, a date
  line (often with the edition on the same line: ``January 10, 2018 Wednesday Late Edition``),
  copyright, labelled fields (``Length:``/``Länge:`` …), a ``Body``/``Text`` line, the body,
  an optional ``Graphic`` caption and a trailer (``Classification``, ``Load-Date:``,
  ``Language:`` …).

The **cover page** of an export (``User Name``, ``Date and Time``, ``Job Number``,
``Documents (100)``, the list of titles, ``Search Terms``, ``Narrowed by`` …; classic:
``Download Request``, ``Time Of Request``, ``Terms`` …) is never read as an article: its
search details go to the ingest report (``report.export_meta[file]``); the user name, client
and "send to" address are not kept. When the export announces how many documents it holds
(``Documents (100)``, ``N of M DOCUMENTS``, ``<META DOCUMENTS=N>``), the number found is
compared with it and a mismatch is reported as a warning.

Record policy (documented in ``docs/formats/press-databases.md``):

* a record that stops without its end marker (an export cut off mid-article) is skipped with
  ``"truncated record (no end marker)"``; with ``truncated="warn"`` it is read as far as it goes
  and a warning is recorded instead;
* a record without body text (e.g. a picture-only item) is skipped with ``"no body text"``;
  Nexis's placeholder for a document it could not deliver is skipped with its own reason;
* a file in which no article is recognised raises :class:`~framing.errors.FormatError`
  (``"Nexis HTML export with 0 articles recognised"``), which ingest reports as a skipped file.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

from framing.corpus.readers import nexis_sources
from framing.corpus.readers.press_common import (
    COPYRIGHT_RE,
    Line,
    check_truncated_option,
    finish_record,
    flat,
    handle_truncated,
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

FORMAT = "nexis"
SUFFIXES = (".txt", ".docx", ".rtf", ".html", ".htm")

# --------------------------------------------------------------------------------------------
# Nexis markers and labels
# --------------------------------------------------------------------------------------------

START_RE = re.compile(r"^\s*(?:\d+\s+of\s+\d+\s+DOCUMENTS?|Dokument\s+\d+\s+von\s+\d+)\s*$", re.I)
END_RE = re.compile(r"^\s*(?:End of Document|Ende des Dokuments)\s*$", re.I)
BODY_RE = re.compile(r"^\s*(?:Body|Text|Volltext)\s*$", re.I)
CLASSIFICATION_RE = re.compile(r"^\s*(?:Classification|Klassifikation|Klassifizierung)\s*$", re.I)
GRAPHIC_RE = re.compile(r"^\s*(?:Graphic|Grafik)\s*$", re.I)
#: An upper-case label the reader does not map (``DISTRIBUTION:``), or a lone code (``MATP``):
#: allowed inside a classic trailer, never its first paragraph.
_OTHER_TRAILER_RE = re.compile(r"^\s*(?:[A-ZÄÖÜ][A-ZÄÖÜ\-]+(?: [A-ZÄÖÜ\-]+){0,2}:(?:\s.*)?|[A-Z]{2,8})\s*$")
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
    "distribution": "distribution", "correction": "correction", "correction-date": "correction_date",
}
#: Fields whose value is always one line (a following line is never its continuation).
ONE_LINE_FIELDS = frozenset({"length", "load_date", "update", "language", "publication_type",
                             "document_type", "journal_code", "edition", "url"})
#: Extras copied to the record as they are.
_EXTRA_FIELDS = ("date_printed", "edition", "page", "dateline", "highlight", "series", "graphic", "load_date",
                 "update", "language", "publication_type", "document_type", "journal_code",
                 "subjects", "regions", "industries", "companies", "organizations", "persons",
                 "notes", "distribution", "correction", "correction_date", "copyright")
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
    """Index of the first paragraph of the trailing block of label/copyright paragraphs.

    Unknown upper-case labels and lone codes (``DISTRIBUTION:``, ``MATP``) may sit inside the
    trailer, but it always starts with a known trailer label or copyright line."""
    k = len(paras)
    while k > 0 and (_is_trailer_start(paras[k - 1][0][1]) or _OTHER_TRAILER_RE.match(paras[k - 1][0][1])):
        k -= 1
    while k < len(paras) and not _is_trailer_start(paras[k][0][1]):
        k += 1
    return k


def _record(fields: dict[str, str], title: str | None, outlet: str | None, date: "DateLine | None",
            body: list[list[Line]]) -> dict[str, Any]:
    rec: dict[str, Any] = {"text": join_paragraphs(body)}
    if title:
        rec["title"] = title
    if date:
        rec["date"] = date.date
        if date.date != date.printed:
            fields["date_printed"] = date.printed
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
# date lines
# --------------------------------------------------------------------------------------------

#: Month names as Nexis prints them (German, English, French interface/article languages).
MONTHS: dict[str, int] = {
    "januar": 1, "jänner": 1, "january": 1, "janvier": 1, "jan": 1,
    "februar": 2, "feber": 2, "february": 2, "février": 2, "fevrier": 2, "feb": 2, "fév": 2, "févr": 2,
    "märz": 3, "maerz": 3, "marz": 3, "march": 3, "mars": 3, "mär": 3, "mrz": 3, "mar": 3,
    "april": 4, "avril": 4, "apr": 4, "avr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "juin": 6, "jun": 6,
    "juli": 7, "july": 7, "juillet": 7, "jul": 7, "juil": 7,
    "august": 8, "août": 8, "aout": 8, "aug": 8,
    "september": 9, "septembre": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "octobre": 10, "okt": 10, "oct": 10,
    "november": 11, "novembre": 11, "nov": 11,
    "dezember": 12, "december": 12, "décembre": 12, "decembre": 12, "dez": 12, "dec": 12, "déc": 12,
}
WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend",
            "sonntag", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MON = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_WD = "|".join(WEEKDAYS)
_DATE_START_RE = re.compile(
    rf"^\s*(?:(?:{_WD})\.?,?\s+)?"
    rf"(?:(?P<d1>\d{{1,2}})\.?\s*(?P<m1>{_MON})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MON})\.?\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})\.\s?(?P<n3>\d{{1,2}})\.\s?(?P<y3>\d{{4}})"
    rf"|(?P<y4>\d{{4}})-(?P<n4>\d{{2}})-(?P<d4>\d{{2}}))\b", re.I)
#: What may follow the date on a date line before the edition: weekday, time, time zone.
_DATE_TAIL_RE = re.compile(
    rf"^(?:[\s,;]*(?:{_WD})\b|[\s,;]*\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:\s*[AaPp]\.?\s?[Mm]\.?)?"
    rf"|\s+(?:Uhr|h)\b|\s+(?:GMT|UTC|MEZ|MESZ|CET|CEST|[ECMP][SD]T)(?:\s?[+-]\s?\d{{1,2}}(?::?\d{{2}})?)?)",
    re.I)
_MAX_EDITION_CHARS = 60


@dataclass(frozen=True)
class DateLine:
    """A date line split into the date (as printed, or ISO when only we can read it) and the
    rest of the line (an edition)."""

    date: str
    edition: str
    printed: str


def split_date_line(text: str) -> DateLine | None:
    """``"January 10, 2018 Wednesday Late Edition"`` → date ``"January 10, 2018 Wednesday"``,
    edition ``"Late Edition"``; ``None`` when the line does not start with a full date.

    Reads German, English and French dates ("10. Januar 2018 Mittwoch", "Dienstag 10.Dezember
    2019", "10 janvier 2018 mercredi 3:00 AM GMT+1"). The date is kept as printed when
    :func:`framing.corpus.dates.parse_date` reads it, otherwise it is given as ``YYYY-MM-DD``
    (``printed`` keeps the original).
    """
    if len(text) > 120:
        return None
    m = _DATE_START_RE.match(text)
    if not m:
        return None
    end = m.end()
    while True:
        t = _DATE_TAIL_RE.match(text[end:])
        if not t or not t.group(0).strip(" ,;"):
            break
        end += t.end()
    printed = text[:end].strip(" ,;")
    edition = text[end:].strip(" ,;-–\u00a0\t")
    if len(edition) > _MAX_EDITION_CHARS or edition.startswith(":") or re.search(r"[.!?]\s+\S", edition):
        return None  # a sentence that starts with a date, not a date line
    from framing.corpus.dates import parse_date

    g = m.groupdict()
    day, month_name, month_no, year = (
        (g["d1"], g["m1"], None, g["y1"]) if g["y1"] else
        (g["d2"], g["m2"], None, g["y2"]) if g["y2"] else
        (g["d3"], None, g["n3"], g["y3"]) if g["y3"] else (g["d4"], None, g["n4"], g["y4"]))
    try:
        month = int(month_no) if month_no else MONTHS[month_name.lower()]
        iso = f"{int(year):04d}-{month:02d}-{int(day):02d}"
        import datetime as _dt

        _dt.date(int(year), month, int(day))
    except (KeyError, ValueError):
        return None
    parsed = parse_date(printed)
    ok = parsed is not None and parsed.strftime("%Y-%m-%d") == iso
    return DateLine(printed if ok else iso, edition, printed)


def is_nexis_date_line(text: str) -> bool:
    """True for a line that starts with a full date and carries at most an edition after it."""
    return split_date_line(text) is not None


# --------------------------------------------------------------------------------------------
# cover page
# --------------------------------------------------------------------------------------------

#: Cover-page labels (lower case) → key in ``export_meta``; ``None``: recognised, not kept
#: (they name the requesting person, client or address).
COVER_LABELS: dict[str, str | None] = {
    "user name": None, "username": None, "benutzername": None, "benutzer": None, "nutzername": None,
    "client/matter": None, "client": None, "mandant/angelegenheit": None, "mandant/vorgang": None,
    "mandant": None, "send to": None, "senden an": None, "versenden an": None,
    "date and time": "date_and_time", "datum und uhrzeit": "date_and_time",
    "datum und zeit": "date_and_time", "time of request": "date_and_time",
    "zeitpunkt der anforderung": "date_and_time", "zeitpunkt des auftrags": "date_and_time",
    "anforderungszeitpunkt": "date_and_time",
    "job number": "job_number", "auftragsnummer": "job_number", "job-nummer": "job_number",
    "jobnummer": "job_number",
    "search terms": "search_terms", "suchbegriffe": "search_terms", "suchbegriff": "search_terms",
    "terms": "search_terms", "begriffe": "search_terms",
    "search type": "search_type", "suchtyp": "search_type", "suchart": "search_type",
    "suchmodus": "search_type",
    "narrowed by": "narrowed_by", "eingegrenzt nach": "narrowed_by", "eingegrenzt durch": "narrowed_by",
    "eingeschränkt durch": "narrowed_by", "eingeschränkt nach": "narrowed_by", "filter": "narrowed_by",
    "download request": "download_request", "ausgabeauftrag": "download_request",
    "source": "sources", "sources": "sources", "quelle": "sources", "quellen": "sources",
    "project id": "project_id", "projekt-id": "project_id", "projekt id": "project_id",
    "timeline": "timeline", "zeitraum": "timeline",
}
#: A cover page starts with one of these (a German headline "Quelle: …" must not open one).
STRONG_COVER_KEYS = frozenset({"date_and_time", "job_number", "download_request"})
_USER_RE = re.compile(r"^\s*(?:User ?Name|Benutzername|Nutzername)\s*:", re.I)
_MAX_ADDRESS_LINES = 8
_COVER_LABEL_RE = re.compile(r"^\s*(?P<label>[^\W\d_][\w/\- ]{1,30}?)\s*:\s*=?\s*(?P<value>.*?)\s*$")
_DOCS_RE = re.compile(r"^\s*(?:Documents?|Dokumente?|Dokument\(e\))\s*\((?P<n>\d+)\)\s*$", re.I)
_ENTRY_RE = re.compile(r"^\s*(?P<n>\d{1,4})\.\s+(?P<title>\S.*?)\s*$")
_TABLE_RE = re.compile(r"\b(?:Content Type|Inhaltstyp|Narrowed by|Eingegrenzt|Eingeschränkt)\b|"
                       r"\b(?:Sources|Quellen|Timeline|Zeitraum|Publication Type|Publikationstyp|"
                       r"Language|Sprache|Location|Geography|Subject|Thema)\s*:", re.I)
_TABLE_HEAD_RE = re.compile(r"(?:Content Type|Inhaltstyp|Narrowed by|Eingegrenzt nach|Eingeschränkt durch)"
                            r"(?:\s+(?:Narrowed by|Eingegrenzt nach|Eingeschränkt durch))?", re.I)
_CONTENT_TYPE_RE = re.compile(r"^(News|Nachrichten|Zeitungen|Newspapers|Alle|All)(?:\s+|$)", re.I)
_SELECTED_RE = re.compile(r"(?:Selected Items|Dokument\(e\)|Dokumente?|Documents?|Items)\s*:?\s*(\d+)\s*[-–]\s*(\d+)",
                          re.I)
_ERROR_DOC_RE = re.compile(r"We are sorry but there is an error in this document|"
                           r"Es tut uns leid.{0,40}Fehler in diesem Dokument", re.I)
ERROR_DOC_REASON = "Nexis could not deliver this document (error placeholder in the export)"


def _cover_label(text: str) -> tuple[str | None, str] | None:
    """``(key, value)`` for a cover-page label line (key ``None``: not to be kept)."""
    m = _COVER_LABEL_RE.match(text)
    if not m:
        return None
    label = re.sub(r"\s+", " ", m.group("label").strip().lower())
    if label not in COVER_LABELS:
        return None
    return COVER_LABELS[label], m.group("value").strip()


@dataclass
class Cover:
    """What the cover page of one export says (never an article)."""

    meta: dict[str, Any] = dc_field(default_factory=dict)
    seen: bool = False
    classic: bool = False      # a "Download Request" header (classic downloads)
    entries: list[str] = dc_field(default_factory=list)
    in_table: bool = False
    dropping: int = 0          # lines left of a "Send To" address block (not kept)

    def add(self, text: str) -> bool:
        """Take one line if it belongs to the cover page; False when it does not."""
        t = text.strip()
        if not t:
            return True
        hit = _cover_label(t)
        if hit is not None and (self.seen or hit[0] in STRONG_COVER_KEYS or _USER_RE.match(t)):
            key, value = hit
            self.seen = True
            sending = key is None and bool(re.match(r"\s*(send|senden|versenden)", t, re.I))
            self.dropping = _MAX_ADDRESS_LINES if sending else 0
            self.in_table = key == "narrowed_by"
            if key == "download_request":
                self.classic = True
                sel = _SELECTED_RE.search(value)
                if sel:
                    self.meta["documents_announced"] = int(sel.group(2)) - int(sel.group(1)) + 1
            if key == "date_and_time" and re.match(r"\s*(?:time of|zeitpunkt)", t, re.I):
                self.classic = True
            if key is not None and value and value.lower() not in ("-none-", "none", "-keine-"):
                self._keep(key, value)
            return True
        m = _DOCS_RE.match(t)
        if m:
            self.seen = True
            self.meta["documents_announced"] = int(m.group("n"))
            return True
        if not self.seen:
            return False
        m = _ENTRY_RE.match(t)
        if m and int(m.group("n")) == len(self.entries) + 1 and "documents_announced" in self.meta \
                and int(m.group("n")) <= self.meta["documents_announced"]:
            self.entries.append(m.group("title"))
            self.in_table, self.dropping = False, 0
            return True
        if self.in_table:
            # the "Narrowed by" table: a header row, then content type and filters per row
            # (one line in a text export, one line per cell in a Word export)
            if _TABLE_HEAD_RE.fullmatch(t):
                return True
            ct = _CONTENT_TYPE_RE.match(t)
            if ct:
                self._keep("content_type", ct.group(1))
                t = t[ct.end():].strip()
                if not t:
                    return True
            hit = _cover_label(t)
            if hit is not None:
                if hit[0] is not None and hit[1]:
                    self._keep(hit[0], hit[1])
                return True
            if _TABLE_RE.search(t):
                self._keep("narrowed_by", re.sub(r"\s{2,}|\t", " ", t))
                return True
        if self.dropping:
            self.dropping -= 1
            return True
        return False

    def _keep(self, key: str, value: str) -> None:
        old = self.meta.get(key)
        if old is None:
            self.meta[key] = value
        elif value not in str(old).split(" | "):
            self.meta[key] = f"{old} | {value}"

    def starts_document(self, text: str) -> bool:
        """True for the first document's title as the cover's list announced it."""
        return bool(self.entries) and _norm(text) == _norm(self.entries[0])

    def export_meta(self) -> dict[str, Any]:
        out = dict(self.meta)
        if self.entries:
            out["documents_listed"] = len(self.entries)
        return out


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


# --------------------------------------------------------------------------------------------
# segmenting and parsing
# --------------------------------------------------------------------------------------------


@dataclass
class _Chunk:
    layout: str            # "classic" or "uni"
    lines: list[Line]
    terminated: bool       # followed by the next start marker / closed by "End of Document"
    number: int | None = None   # "3 of 25 DOCUMENTS" → 3
    total: int | None = None    # → 25


_EDITION_RE = re.compile(r"\b(?:Ausgabe|Edition|Auflage)\b|^(?:Late|Final|Early|Main|First|Second|Sunday)\b", re.I)


def _segment(lines: Iterable[Line], cover: Cover, *, closed: bool) -> Iterator[_Chunk]:
    """Split the line stream into one chunk per document, holding one document at a time.

    Lines of the cover page at the start go to ``cover``. ``closed``: the file cannot be cut
    off without breaking it (a .docx), so a last Nexis Uni document without ``End of
    Document`` (one article per file) is complete.
    """
    buf: list[Line] = []
    classic = False
    saw_end = False
    in_cover = True
    number = total = None
    for lineno, text in lines:
        m = START_RE.match(text)
        if m:
            if classic and buf:
                yield _Chunk("classic", buf, True, number, total)
            elif not classic and saw_end and any(t.strip() for _, t in buf):
                yield _Chunk("uni", buf, False)
            elif not classic and any(t.strip() for _, t in buf):
                cover.seen = True  # other text before the first counter: a cover page too
            buf = [(lineno, text)]
            classic, in_cover = True, False
            number, total = _counter(text)
            continue
        if in_cover:
            if cover.starts_document(text) or not cover.add(text):
                in_cover = False
            if in_cover:
                continue
        if not classic and END_RE.match(text):
            saw_end = True
            yield _Chunk("uni", buf, True)
            buf = []
            continue
        buf.append((lineno, text))
    if any(t.strip() for _, t in buf):
        if classic:
            yield _Chunk("classic", buf, False, number, total)
        elif saw_end or (closed and any(BODY_RE.match(t) for _, t in buf)):
            yield _Chunk("uni", buf, closed)


def _counter(text: str) -> tuple[int | None, int | None]:
    nums = [int(x) for x in re.findall(r"\d+", text)]
    return (nums[0], nums[1]) if len(nums) >= 2 else (None, None)


def _find_date(units: list[tuple[int, str]]) -> int | None:
    """Index of the last unit that is a date line."""
    for i in range(len(units) - 1, -1, -1):
        if not COPYRIGHT_RE.match(units[i][1]) and is_nexis_date_line(units[i][1]):
            return i
    return None


def _parse_classic(chunk: _Chunk) -> tuple[dict[str, Any], int, bool]:
    """Parse a ``N of M DOCUMENTS`` record; returns (record, start line, complete)."""
    marker_line = chunk.lines[0][0]
    paras = paragraphs(chunk.lines[1:], lambda t: _is_meta_label(t) or _is_trailer_start(t),
                       _is_one_line_label)
    outlet = None
    date: DateLine | None = None
    edition: list[str] = []
    rest = paras
    for pi, para in enumerate(paras[:4]):
        hit = next((li for li, (_, t) in enumerate(para) if is_nexis_date_line(t)), None)
        if hit is not None:
            outlet = " ".join([t for p in paras[:pi] for _, t in p] + [t for _, t in para[:hit]]) or None
            date = split_date_line(para[hit][1])
            edition = ([date.edition] if date and date.edition else []) + [t for _, t in para[hit + 1:]]
            rest = paras[pi + 1:]
            if (len(rest) > 1 and len(rest[0]) == 1 and len(rest[0][0][1]) <= 40
                    and _EDITION_RE.search(rest[0][0][1]) and not _is_meta_label(rest[1][0][1])):
                edition.append(rest[0][0][1])  # an edition in a paragraph of its own (HTML)
                rest = rest[1:]
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

    title = outlet = None
    date: DateLine | None = None
    start_line = head[0][0] if head else next((n for n, t in lines if t.strip()), 0)
    date_at = _find_date([(u[0], u[1]) for u in head])
    copyright_parts = [head[i][1] for i in range(len(head)) if is_copy(i)]
    if date_at is not None:
        date = split_date_line(head[date_at][1])
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
        edition = ([date.edition] if date and date.edition else []) + \
            [head[i][1] for i in range(date_at + 1, len(head)) if not is_copy(i)]
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

    # after the body: an optional "Graphic" caption, then "Classification" and the trailer labels
    class_at = next((i for i in range(len(body_lines) - 1, -1, -1)
                     if CLASSIFICATION_RE.match(body_lines[i][1])), None)
    trailer_lines = [] if class_at is None else body_lines[class_at:]
    body_lines = body_lines if class_at is None else body_lines[:class_at]
    graphic_at = next((i for i in range(len(body_lines) - 1, -1, -1)
                       if GRAPHIC_RE.match(body_lines[i][1])), None)
    if graphic_at is not None:
        caption = " ".join(t.strip() for _, t in body_lines[graphic_at + 1:] if t.strip())
        if caption and not fields.get("graphic"):
            fields["graphic"] = caption
        body_lines = body_lines[:graphic_at]
    paras = paragraphs(body_lines, _is_trailer_start, _is_one_line_label)
    k = _trailer_start(paras)
    _read_fields(paras[k:], {**TRAILER_LABELS, **META_LABELS}, fields)
    if trailer_lines:
        _read_fields(paragraphs(trailer_lines, _is_trailer_start, _is_one_line_label),
                     {**TRAILER_LABELS, **META_LABELS}, fields)
    return _record(fields, title, outlet, date, paras[:k]), start_line, chunk.terminated


# --------------------------------------------------------------------------------------------
# the reader contract
# --------------------------------------------------------------------------------------------

_SNIFF_LABEL_RE = re.compile(
    r"^\s*(?:Length|Länge|LENGTH|LÄNGE|Load-Date|LOAD-DATE|Ladedatum|Byline|BYLINE|Section|SECTION|"
    r"Rubrik|RUBRIK)\s*:", re.M)
_HTML_RE = re.compile(r"<!doctype html|<html|<body|<div|<p[\s>]", re.I)
_HTML_NEXIS_RE = re.compile(r"<DOC\s+NUMBER=|<DOCFULL>|\bDOC_ID_\d|\d+\s+of\s+\d+\s+DOCUMENTS?\s*<|"
                            r"Dokument\s+\d+\s+von\s+\d+\s*<|nexis\.com/|lexisnexis", re.I)
_COVER_SNIFF_RE = re.compile(r"^\s*(?:Job Number|Auftragsnummer)\s*:.*$", re.M | re.I)


def _kind(path: Path) -> str:
    """``"docx"``, ``"html"``, ``"rtf"`` or ``"text"``, by suffix and first bytes."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return "docx"
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".rtf":
        return "rtf"
    try:
        with open(path, "rb") as fh:
            magic = fh.read(8)
    except OSError:
        return "text"
    if magic.startswith(b"PK\x03\x04"):
        return "docx"
    if magic.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def _text_sniff(text: str) -> bool:
    lines = text.splitlines()
    if any(START_RE.match(line) for line in lines):
        return True
    has_end = any(END_RE.match(line) for line in lines)
    return has_end and (_SNIFF_LABEL_RE.search(text) is not None or _COVER_SNIFF_RE.search(text) is not None)


def sniff(path: Path, head: str) -> bool:
    """True for a Nexis export: counters or ``End of Document`` with Nexis labels, in a text,
    Word, RTF or HTML file."""
    try:
        path = Path(path)
        kind = _kind(path)
        if kind == "docx":
            if not zipfile.is_zipfile(path):
                return False
            text = nexis_sources.docx_text_head(path)
            has_end = "End of Document" in text or "Ende des Dokuments" in text
            has_labels = any(s in text for s in ("Length:", "Länge:", "Load-Date:", "Ladedatum:"))
            return has_end or (has_labels and any(s in text for s in ("Byline:", "Section:", "Rubrik:",
                                                                       "Autor:")))
        if kind == "html":
            if not _HTML_RE.search(head):
                return False
            if _HTML_NEXIS_RE.search(head):
                plain = re.sub(r"<[^>]+>", "\n", head).replace("&nbsp;", " ")
                return (_text_sniff(plain) or "<DOCFULL>" in head.upper()
                        or re.search(r"\d+\s+of\s+\d+\s+DOCUMENTS?", plain) is not None)
            plain = re.sub(r"<[^>]+>", "\n", head).replace("&nbsp;", " ")
            return _text_sniff(plain)
        if kind == "rtf":
            return _text_sniff(rtf_head_text(head))
        return _text_sniff(head)
    except Exception:
        return False


def html_export_name(path: Path, head: str) -> str | None:
    """``"Nexis"`` when the file is a Nexis HTML export (the hook :mod:`html` asks so that an
    export is never read as one web page), else None."""
    return "Nexis" if _kind(Path(path)) == "html" and sniff(Path(path), head) else None


def explain(path: Path) -> str | None:
    """Why a file with one of our suffixes was not recognised (for the format detector)."""
    path = Path(path)
    if _kind(path) != "docx":
        return None
    if not zipfile.is_zipfile(path):
        return nexis_sources.not_a_zip_reason(path)
    try:
        with zipfile.ZipFile(path) as zf:
            nexis_sources.check_docx_member(path, zf)
    except InputError as exc:
        return exc.reason
    except Exception as exc:
        return f"truncated or damaged .docx ({type(exc).__name__}: {exc})"
    return ("a Word document without Nexis documents (no 'End of Document' / 'Ende des "
            "Dokuments' lines and no Nexis labels); pass format=... if it is another format")


_KIND_NAME = {"docx": "Nexis Word (.docx)", "html": "Nexis HTML", "rtf": "Nexis RTF", "text": "Nexis text"}


def read(path: str | Path, *, report: IngestReport | None = None, truncated: str = "skip",
         encoding: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield one dict per document of a Nexis ``.txt``, ``.docx``, ``.rtf`` or ``.html`` export.

    Options: ``truncated`` — ``"skip"`` (default) reports a record without its end marker as
    skipped, ``"warn"`` reads it and records a warning; ``encoding`` forces the text encoding
    (text files). Each record has the core fields found (``title``, ``date`` as printed —
    ``YYYY-MM-DD`` where only this reader can read it —, ``outlet``, ``section``, ``author``,
    ``url``, ``text``), extras (``word_count``, ``page``, ``edition``, ``language``,
    ``load_date``, ``copyright``, ``subjects``, ``regions``, ``date_printed`` …),
    :data:`RECORD_KEY` and, for text files, :data:`LINE_KEY`. The cover page goes to
    ``report.export_meta[path]``.
    """
    path = Path(path)
    check_truncated_option(truncated)
    kind = _kind(path)
    source_meta: dict[str, Any] = {}
    if kind == "docx":
        lines: Iterable[Line] = nexis_sources.docx_lines(path)
    elif kind == "html":
        lines = nexis_sources.html_lines(path, source_meta)
    elif kind == "rtf":
        lines = ((n, line.replace("\xa0", " ")) for n, line in iter_rtf_lines(path))
    else:
        lines = iter_text_lines(path, encoding=encoding, report=report)
    cover = Cover()
    n = 0
    numbers: list[int] = []
    totals: set[int] = set()
    for chunk in _segment(lines, cover, closed=kind == "docx"):
        n += 1
        if chunk.number is not None:
            numbers.append(chunk.number)
            totals.add(chunk.total)  # type: ignore[arg-type]
        if any(_ERROR_DOC_RE.search(t) for _, t in chunk.lines[:60]):
            skip(report, path, n, ERROR_DOC_REASON)
            continue
        parse = _parse_classic if chunk.layout == "classic" else _parse_uni
        rec, start_line, complete = parse(chunk)
        if not complete and not handle_truncated(path, n, report, truncated):
            continue
        if "date" not in rec and report is not None and rec.get("text"):
            report.warn(path, n, "no date line found in the record header"
                        + (f" (load date {rec['load_date']!r} kept as load_date)" if rec.get("load_date") else ""))
        done = finish_record(rec, path, n, start_line if kind == "text" else None, report)
        if done is not None:
            yield done
    if n == 0:
        raise FormatError(f"{_KIND_NAME[kind]} export with 0 articles recognised (expected 'End of "
                          "Document' / 'Ende des Dokuments' or 'N of M DOCUMENTS' / 'Dokument N von M' "
                          "lines)", path=path)
    _account(path, report, cover, source_meta, n, numbers, totals)


def _account(path: Path, report: IngestReport | None, cover: Cover, source_meta: dict[str, Any],
             n: int, numbers: list[int], totals: set[int]) -> None:
    """Put the cover page into the report and compare announced and found document counts."""
    meta = cover.export_meta()
    announced = meta.get("documents_announced") or source_meta.get("announced")
    problems: list[str] = []
    if numbers:
        lo, hi = min(numbers), max(numbers)
        missing = sorted(set(range(lo, hi + 1)) - set(numbers))
        if missing:
            shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
            problems.append(f"document counter skips {len(missing)} number(s): {shown}")
        if len(totals) == 1:
            meta["documents_total"] = next(iter(totals))
        if announced is None and lo == 1 and len(totals) == 1:
            announced = next(iter(totals))
    if announced is not None:
        meta["documents_announced"] = announced
        if announced != n:
            problems.append(f"the export announces {announced} documents, {n} found")
    meta["documents_found"] = n
    if report is None:
        return
    if cover.seen or announced is not None or numbers:
        setter = getattr(report, "set_export_meta", None)
        if setter is not None:
            setter(path, meta)
    for problem in problems:
        report.warn(path, None, f"incomplete export? {problem}")
