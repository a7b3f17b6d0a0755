"""Bundestag plenary protocols: the open-data XML (DTD ``dbtplenarprotokoll``, since 2017).

The Bundestag publishes every sitting of the 19th Wahlperiode onwards as structured XML
(https://www.bundestag.de/services/opendata). Its body, ``<sitzungsverlauf>``, holds the agenda
items (``<tagesordnungspunkt top-id="Tagesordnungspunkt 12">`` with ``<p klasse="T_…">`` titles)
and in them the speeches (``<rede id="ID…">``). A speech opens with
``<p klasse="redner"><redner id="…"><name>…<fraktion>SPD</fraktion> or <rolle>…</rolle></name>
</redner>Name (SPD):</p>``, then paragraphs (``<p klasse="J_1">``, ``J``, ``O`` …), interjections
(``<kommentar>(Beifall bei der SPD)</kommentar>``) and the chair's interventions
(``<name>Präsident Dr. …:</name>`` followed by the chair's paragraphs). The ``<anlagen>`` after
the sitting hold the speeches given to the record (``anlagen-typ="Zu Protokoll gegebene Reden"``,
``"Erklärungen nach § 31 GO"``): each is a ``<rede>`` too, under a few heading paragraphs that
name the agenda item (``(Tagesordnungspunkt 7 a und b)``).

One record per speech; the speech's text holds **only the speaker's own words**:

* **Chair interventions** inside a speech (``<name>Präsident …:</name>`` up to the next speaker
  marker) are taken out and listed in ``chair_interventions`` (``"Präsident Dr. X: Herr Kollege,
  …"``). With ``split_chair=True`` they also become records of their own (``turn_type="chair"``,
  ``role`` "Präsident"/"Vizepräsidentin" …), as does the chair's text between speeches (opening
  an item, votes).
* **Interposed questions** (Zwischenfragen: a second ``<p klasse="redner">`` of another member
  inside the speech) become records of their own by default (``turn_type="question"``, the
  questioner as speaker, same ``speech_id``; ``split_questions=False`` drops them) and are listed
  in ``interposed_questions`` of the speech. When the speaker's own ``redner`` marker comes back,
  the text is the speaker's again (the answer belongs to the speech).
* **Interjections** (``<kommentar>``) go to ``interjections`` of whoever is speaking, split at the
  dashes that join several (``"(Beifall bei der SPD – Zuruf von der AfD: …)"`` → two).
* **Speeches given to the record** (Anlagen) are records with ``to_record=True`` and
  ``speech_kind`` ``"to_record"`` (zu Protokoll gegebene Rede), ``"vote_statement"``
  (Erklärung nach § 31 GO) or ``"annex"``; spoken speeches have ``to_record=False``,
  ``speech_kind="spoken"``.

Parsing (lxml, no DTD loading, no entity expansion, no network): a file that declares entities
or carries a DTD internal subset (billion laughs, XXE) is refused before it is parsed. A leading
byte-order mark written as a character reference (``&#xFEFF;``, as some scrapers save the files)
is removed first. A file that is not well-formed is parsed a second time with lxml's recovering
parser when the defect leaves the speeches readable (an attribute without a value, a mismatched
or unclosed tag, e.g. ``<col>`` in an Anlage table); the report then names the file, each defect
with its line and where it lies, and every ``<rede>`` the recovery lost. A truncated file and an
undefined entity reference stay errors: the complete speeches before the defect are read, then
an :class:`InputError` names the line.
"""
from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from framing.corpus.readers.base import LINE_KEY, RECORD_KEY, read_document_bytes
from framing.corpus.readers.speech_common import Turn, normalise_party, parse_turn, split_interjection
from framing.corpus.report import IngestReport
from framing.errors import InputError

FORMAT = "bundestag"
SUFFIXES: tuple[str, ...] = (".xml",)

ROOT = "dbtplenarprotokoll"
OUTLET = "Deutscher Bundestag"
#: ``place`` of every Bundestag speech: federal level (the places a speech mentions are tagged
#: into ``places`` by ingest as usual).
PLACE = "Deutschland"
#: Elements of the ``<sitzungsverlauf>`` whose children (speeches, paragraphs, chair names) are
#: read one by one.
CONTAINERS = frozenset({"sitzungsverlauf", "sitzungsbeginn", "tagesordnungspunkt", "sitzungsende"})
#: Children of a container that are read; other elements holding a ``<rede>`` are unexpected
#: wrappers (read through, with a warning), the rest (page anchors, tables) is ignored.
ITEMS = frozenset({"rede", "p", "name", "kommentar"})
_PROCEDURAL = re.compile(r"^\(\s*(?:Beginn|Schluss|Ende|Unterbrechung|Die Sitzung)\b")
#: A leading byte-order mark written as a character reference (``&#xFEFF;``/``&#65279;``),
#: possibly after a real BOM: no XML parser accepts text before the XML declaration.
_BOM_REFERENCE = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s*&#(?:[xX]0*[fF][eE][fF][fF]|0*65279);)+\s*")
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s\"'>]+)(?:\s+(?:SYSTEM|PUBLIC)\s+"
                          rb"(?:[\"'][^\"']*[\"']\s+)?[\"']([^\"']*)[\"'])?")
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[")
#: ``(Tagesordnungspunkt 7 a und b)`` / ``(Zusatzpunkt 3)`` under an Anlage's heading.
_ANLAGE_TOP = re.compile(r"^\(\s*(?:zu\s+)?((Tagesordnungspunkt|Zusatzpunkt)\s*(\d+)[^()]*?)\s*\)$")
#: A sub-item marker that starts an agenda title paragraph: ``a)``, ``b)``, ``ZP 2``.
_SUBITEM = re.compile(r"^(?:[a-z]\)|ZP\s*\d+\b)")
_DRUCKSACHE = re.compile(r"^Drucksachen?\s+\d")
#: Title paragraph classes that are not part of an agenda item's title.
_NOT_TITLE = frozenset({"T_Drs", "T_Ueberweisung", "T_Beratung"})


def sniff(path: Path, head: str) -> bool:
    """True when the head shows the protocol's root element ``<dbtplenarprotokoll``."""
    try:
        return f"<{ROOT}" in head
    except Exception:
        return False


@lru_cache(maxsize=512)
def _parse_name(printed: str) -> Turn | None:
    """``"Präsident Dr. X"`` → speaker and role (cached: a sitting has a handful of chairs)."""
    return parse_turn(printed + ":")


_WS = re.compile(r"[ \t\r\n\xa0]+")


def _ws(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip() if text else ""


def _itertext(elem: Any) -> str:
    return _ws("".join(elem.itertext())) if elem is not None else ""


def _p_text(p: Any, skip: str | None = None) -> tuple[str, list[str]]:
    """A paragraph's text and the interjections nested in it (``skip``: a child tag left out,
    with its tail kept – the ``redner`` of a speaker paragraph)."""
    parts = [p.text or ""]
    found: list[str] = []
    for child in p:
        if not isinstance(child.tag, str):
            pass  # an entity reference (read up to, never past) or a comment
        elif child.tag == "kommentar":
            found.extend(split_interjection(_itertext(child)))
        elif child.tag != skip:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return _ws("".join(parts)), found


# --------------------------------------------------------------------------------------------
# speeches
# --------------------------------------------------------------------------------------------

@dataclass
class _Turn:
    """What one person says inside (or between) speeches."""

    kind: str  # "speech" | "question" | "chair"
    speaker: str | None
    label: str  # as printed: "Dr. Henrik Beispiel (CDU/CSU)", "Präsident Dr. X"
    line: int | None
    role: str | None = None
    faction: str | None = None
    speaker_id: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    interjections: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def add(self, p: Any) -> None:
        text, found = _p_text(p)
        self.add_text(text, found)

    def add_text(self, text: str, found: list[str] | None = None) -> None:
        self.interjections.extend(found or [])
        if text.startswith("(") and text.endswith(")") and text.count("(") == text.count(")"):
            if not _PROCEDURAL.match(text):  # a comment printed as a paragraph
                self.interjections.extend(split_interjection(text))
            return
        if text:
            self.paragraphs.append(text)


@dataclass
class _Top:
    """An agenda item (or the heading of a group of speeches in an Anlage) and its title.

    The title paragraphs are grouped into sub-items: a paragraph opening with ``a)``, ``b)``,
    ``ZP 2`` starts a new one once the current one has a marker or a bold title, and so does an
    introductory paragraph (``T_NaS``: "Beratung des Antrags der Fraktion …") after a bold
    title. Within a sub-item the introduction and the bold title (``T_fett``) are joined by
    ``": "``, paragraphs of the same kind by a space; sub-items are joined by ``"; "``. A short
    bold heading on its own ("Aktuelle Stunde") is not closed by the introduction after it.
    ``T_Drs``/``T_Ueberweisung`` paragraphs and bare "Drucksache …" lines are no title."""

    top_id: str | None
    label: str | None = None  # as printed in an Anlage: "Tagesordnungspunkt 7 a und b"
    groups: list[list[tuple[bool, str]]] = field(default_factory=list)  # (bold, text)

    def add(self, text: str, bold: bool) -> None:
        text = _ws(text)
        if not text or _DRUCKSACHE.match(text):
            return
        cur = self.groups[-1] if self.groups else None
        if cur is not None:
            has_bold = any(b for b, _ in cur)
            has_marker = any(_SUBITEM.match(t) for _, t in cur)
            # a short bold heading alone ("Aktuelle Stunde") still waits for its subject
            heading = len(cur) == 1 and cur[0][0] and len(cur[0][1].split()) <= 3
            if ((_SUBITEM.match(text) and (has_bold or has_marker))
                    or (not bold and has_bold and not heading)):
                cur = None
        if cur is None:
            self.groups.append([])
        self.groups[-1].append((bold, text))

    @property
    def parts(self) -> list[str]:
        """One title per sub-item."""
        out = []
        for group in self.groups:
            text = ""
            prev_bold: bool | None = None
            for bold, part in group:
                if not text:
                    text = part
                elif bold and prev_bold is False and not text.endswith(":"):
                    text += ": " + part
                else:
                    text += " " + part
                prev_bold = bold
            out.append(text)
        return out

    @property
    def title(self) -> str | None:
        return "; ".join(self.parts) or None

    @property
    def section(self) -> str | None:
        title = self.title
        top = self.label or self.top_id
        if top and title:
            return f"{top}: {title}"
        return top or title


@dataclass
class _Anlage:
    """The Anlage a speech given to the record stands in."""

    name: str  # "Anlage 2: Zu Protokoll gegebene Reden"
    kind: str  # "to_record" | "vote_statement" | "annex"
    top: _Top = field(default_factory=lambda: _Top(None))
    closed: bool = False  # the heading ended with "(Tagesordnungspunkt …)"
    after_speech: bool = False  # a speech came since the heading


def _anlage_kind(typ: str) -> str:
    low = typ.casefold()
    if "protokoll" in low:
        return "to_record"
    if re.search(r"§\s*31\b", typ) or "erklärung" in low:
        return "vote_statement"
    return "annex"


class _Stop(Exception):
    """The walk reached the defect of a file that cannot be read to its end."""


class _Protocol:
    """Turns the elements of one parsed protocol into records, in document order."""

    def __init__(self, path: Path, report: IngestReport | None, split_chair: bool,
                 split_questions: bool) -> None:
        self.path = path
        self.report = report
        self.split_chair = split_chair
        self.split_questions = split_questions
        self.meta: dict[str, Any] = {}
        self.top: _Top | None = None
        self.anlage: _Anlage | None = None
        self.anlage_title = "Anlage"  # the <anlagen-titel> of the Anlage being read
        self.chair: _Turn | None = None  # who chairs (last <name>), as a template
        self.outside: _Turn | None = None  # chair text between speeches
        self.known: dict[str, tuple[str | None, str | None]] = {}
        self.record_no = 0
        self.n_speeches = 0
        self.n_speech_records = 0
        self.seen: set[Any] = set()  # the <rede> elements handled
        #: set for a file read up to a defect: the element holding it and its ancestors
        self.cut: Any = None
        self.cut_ancestors: set[Any] = set()
        self.order: dict[Any, int] = {}

    # -- walking ---------------------------------------------------------------------------
    def check_cut(self, elem: Any, container: bool = False) -> None:
        """Stop before the first element that holds the defect or follows it."""
        if self.cut is None:
            return
        if elem in self.cut_ancestors:
            if container:
                return  # an item holding the defect: walk into it
            raise _Stop
        if elem is self.cut or self.order.get(elem, -1) > self.order[self.cut]:
            raise _Stop

    def walk(self, elem: Any) -> Iterator[dict[str, Any]]:
        """The children of a ``<sitzungsverlauf>`` container, one by one."""
        for child in elem:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            line = child.sourceline
            if tag in CONTAINERS:
                self.check_cut(child, container=True)
                yield from self.flush_outside()
                if tag == "tagesordnungspunkt":
                    self.top = _Top(_ws(child.get("top-id")) or None)
                elif tag != "sitzungsverlauf":
                    self.top = None
                yield from self.walk(child)
                yield from self.flush_outside()
                if tag in ("tagesordnungspunkt", "sitzungsverlauf"):
                    self.top = None
            elif tag in ITEMS:
                self.check_cut(child)
                yield from self.item(child, line)
            elif next(child.iter("rede"), None) is not None:
                self.check_cut(child, container=True)
                ids = ", ".join(_ws(r.get("id")) or "?" for r in child.iter("rede"))
                self.warn(f"line {line}: <rede> {ids} inside an unexpected <{tag}> element; "
                          f"read as if the <{tag}> were not there")
                yield from self.walk(child)

    def item(self, elem: Any, line: int | None) -> Iterator[dict[str, Any]]:
        tag = elem.tag
        if tag == "rede":
            yield from self.flush_outside()
            yield from self.speech(elem, line)
        elif tag == "name":
            yield from self.flush_outside()
            self.chair = self.chair_turn(_itertext(elem), line)
        elif tag == "p":
            klasse = elem.get("klasse", "")
            if klasse.startswith("T_"):
                if self.top is not None and klasse not in _NOT_TITLE:
                    self.top.add(_p_text(elem)[0], bold=klasse == "T_fett")
            elif klasse != "redner":
                self.outside_turn(line).add(elem)
        elif tag == "kommentar":
            self.outside_turn(line).interjections.extend(split_interjection(_itertext(elem)))

    def walk_anlagen(self, elem: Any) -> Iterator[dict[str, Any]]:
        """The ``<anlagen>``: the speeches given to the record, under their headings."""
        for child in elem:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == "rede":
                self.check_cut(child)
                if self.anlage is None:
                    self.anlage = _Anlage("Anlagen", "annex")
                self.anlage.after_speech = True
                self.top = self.anlage.top
                yield from self.speech(child, child.sourceline)
                self.top = None
                continue
            self.check_cut(child, container=True)
            if tag == "anlage":
                title = child.find("anlagen-titel")
                self.anlage_title = _itertext(title) if title is not None else "Anlage"
            elif tag == "anlagen-text":
                typ = _ws(child.get("anlagen-typ"))
                name = self.anlage_title
                self.anlage = _Anlage(f"{name}: {typ}" if typ else name, _anlage_kind(typ))
            elif tag == "p":
                if self.anlage is not None and elem.tag == "anlagen-text":
                    self.anlage_heading(child)
                continue  # a paragraph elsewhere (a table cell): not a heading
            yield from self.walk_anlagen(child)

    def anlage_heading(self, p: Any) -> None:
        """A paragraph between speeches of an Anlage: part of the heading of the next ones."""
        a = self.anlage
        assert a is not None
        klasse = p.get("klasse", "")
        if klasse == "Anlage_2":  # the Anlage's kind, printed ("Zu Protokoll gegebene Reden")
            return
        text = _p_text(p)[0]
        if a.after_speech:  # a new heading after speeches: a new agenda item
            a.top, a.closed, a.after_speech = _Top(None), False, False
        if a.closed:
            return  # text after the heading (a statement without <rede>): not a title
        m = _ANLAGE_TOP.match(text)
        if m:
            a.top.top_id = f"{m.group(2)} {m.group(3)}"
            a.top.label = _ws(m.group(1))
            a.closed = True
        elif text:
            a.top.add(text, bold=klasse == "T_fett")

    def root(self, elem: Any) -> None:
        line = elem.sourceline
        if elem.tag != ROOT:
            if str(elem.tag).upper() == "DOKUMENT":
                raise InputError("an old-format Bundestag protocol (plain text in <TEXT>, before "
                                 "2017) – the bundestag reader reads the structured XML "
                                 f"<{ROOT}> of the 19th Wahlperiode onwards", path=self.path,
                                 line=line)
            raise InputError(f"not a Bundestag plenary protocol: root element <{elem.tag}>, "
                             f"expected <{ROOT}>", path=self.path, line=line)
        a = elem.attrib
        self.meta = {"date": _ws(a.get("sitzung-datum")) or None,
                     "session": _ws(a.get("sitzung-nr")) or None,
                     "period": _ws(a.get("wahlperiode")) or None,
                     "venue": _ws(a.get("sitzung-ort")) or None}

    def warn(self, message: str) -> None:
        if self.report is not None:
            self.report.warn(self.path, None, message)
        else:
            warnings.warn(f"{self.path}: {message}", stacklevel=3)

    # -- chair -----------------------------------------------------------------------------
    def chair_turn(self, printed: str, line: int | None) -> _Turn:
        label = printed.strip().rstrip(":").strip()
        parsed = _parse_name(label)
        speaker = parsed.speaker if parsed else label
        role = parsed.role if parsed else None
        speaker_id, faction = self.known.get(speaker, (None, None))
        return _Turn("chair", speaker, label, line, role=role, faction=faction,
                     speaker_id=speaker_id)

    def _copy_chair(self, line: int | None) -> _Turn:
        c = self.chair
        if c is None:
            return _Turn("chair", None, "Präsidium", line)
        return _Turn("chair", c.speaker, c.label, line, role=c.role, faction=c.faction,
                     speaker_id=c.speaker_id)

    def outside_turn(self, line: int | None) -> _Turn:
        if self.outside is None:
            self.outside = self._copy_chair(line)
        return self.outside

    def flush_outside(self) -> Iterator[dict[str, Any]]:
        turn, self.outside = self.outside, None
        if self.split_chair and turn is not None and turn.paragraphs:
            yield self.record(turn, doc_id=None, speech_id=None)

    # -- speakers --------------------------------------------------------------------------
    def speaker_of(self, p: Any, line: int | None, kind: str) -> tuple[_Turn, str, list[str]]:
        """The speaker a ``<p klasse="redner">`` names, and any text after the printed
        ``Name (Partei):`` in the same paragraph (speeches in the Anlagen start there)."""
        r = p.find("redner")
        name = r.find("name") if r is not None else None

        def part(tag: str) -> str:
            return _itertext(name.find(tag)) if name is not None else ""

        speaker = " ".join(x for x in (part("titel"), part("vorname"), part("namenszusatz"),
                                       part("nachname")) if x)
        ort = part("ortszusatz")
        if speaker and ort:
            speaker += " " + (ort if ort.startswith("(") else f"({ort})")
        faction = part("fraktion") or None
        role = part("rolle/rolle_lang") or part("rolle/rolle_kurz") or None
        printed, found = _p_text(p, skip="redner")
        printed, colon, rest = printed.partition(":")
        printed = printed.strip()
        if not colon:  # no "Name:" printed: all of it is the label
            rest = ""
        if not speaker and printed:
            parsed = _parse_name(printed)
            if parsed is not None:
                speaker, role = parsed.speaker, role or parsed.role
                faction = faction or parsed.faction
        speaker_id = (_ws(r.get("id")) or None) if r is not None else None
        if speaker:
            self.known[speaker] = (speaker_id, faction)
        label = printed or (f"{speaker} ({faction})" if faction else speaker or "")
        turn = _Turn(kind, speaker or None, label, line, role=role, faction=faction,
                     speaker_id=speaker_id)
        return turn, rest.strip(), found

    def _flat(self, rede: Any, nested: list[Any]) -> Iterator[Any]:
        """The children of a speech; unexpected wrappers are read through, a ``<rede>`` inside
        the speech is set aside (read after it)."""
        for child in rede:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == "rede":
                nested.append(child)
            elif tag in ("p", "name", "kommentar") or not len(child):
                yield child
            else:
                yield from self._flat(child, nested)

    def speech(self, rede: Any, line: int | None) -> Iterator[dict[str, Any]]:
        self.seen.add(rede)
        rede_id = _ws(rede.get("id")) or None
        self.n_speeches += 1
        turns: list[_Turn] = []
        main: _Turn | None = None
        cur: _Turn | None = None
        nested: list[Any] = []
        for child in self._flat(rede, nested):
            cline = child.sourceline or line
            if child.tag == "p" and child.get("klasse") == "redner":
                who, rest, found = self.speaker_of(child, cline, "speech")
                if main is None:
                    main = cur = who
                    turns.append(main)
                elif ((who.speaker_id and who.speaker_id == main.speaker_id)
                      or (not who.speaker_id and who.speaker == main.speaker)):
                    cur = main
                else:
                    who.kind = "question"
                    cur = who
                    turns.append(cur)
                cur.add_text(rest, found)
            elif child.tag == "name":
                self.chair = self.chair_turn(_itertext(child), cline)
                cur = self._copy_chair(cline)
                turns.append(cur)
            elif child.tag == "kommentar":
                if cur is not None:
                    cur.interjections.extend(split_interjection(_itertext(child)))
            elif child.tag == "p" and cur is not None:
                cur.add(child)
        if main is None:
            self.record_no += 1
            self._skip(f"speech {rede_id or '?'} (line {line}) names no speaker "
                       "(no <p klasse=\"redner\">)")
        elif not main.paragraphs:
            self.record_no += 1
            self._skip(f"speech {rede_id or '?'} of {main.speaker} (line {line}) has no text")
        else:
            chair = [t for t in turns if t.kind == "chair" and t.paragraphs]
            questions = [t for t in turns if t.kind == "question" and t.paragraphs]
            self.n_speech_records += 1
            yield self.record(
                main, doc_id=rede_id, speech_id=rede_id,
                chair_interventions=[f"{t.label}: {' '.join(t.paragraphs)}" for t in chair],
                interposed_questions=[f"{t.label}: {' '.join(t.paragraphs)}" for t in questions])
        n = {"question": 0, "chair": 0}
        for t in turns:
            if t is main or not t.paragraphs:
                continue
            if (t.kind == "question" and self.split_questions) or (t.kind == "chair" and self.split_chair):
                n[t.kind] += 1
                yield self.record(t, doc_id=f"{rede_id}-{t.kind}-{n[t.kind]}" if rede_id else None,
                                  speech_id=rede_id)
        for inner in nested:
            self.warn(f"line {inner.sourceline}: <rede> {_ws(inner.get('id')) or '?'} inside "
                      f"<rede> {rede_id or '?'}; read as a speech of its own after it")
            yield from self.speech(inner, inner.sourceline)

    def _skip(self, reason: str) -> None:
        if self.report is not None:
            self.report.skip(self.path, self.record_no, reason)

    def record(self, t: _Turn, *, doc_id: str | None, speech_id: str | None,
               chair_interventions: list[str] | None = None,
               interposed_questions: list[str] | None = None) -> dict[str, Any]:
        self.record_no += 1
        top = self.top
        title = top.title if top is not None and top.title else (
            f"Rede von {t.speaker}" if t.speaker else None)
        anlage = self.anlage if top is not None and self.anlage is not None and \
            top is self.anlage.top else None
        rec: dict[str, Any] = {
            "text": t.text, "title": title, "date": self.meta.get("date"), "outlet": OUTLET,
            "place": PLACE, "section": top.section if top is not None else None,
            "author": t.speaker, "speaker": t.speaker, "party": normalise_party(t.faction),
            "faction": _ws(t.faction) or None, "role": t.role, "speaker_id": t.speaker_id,
            "session": self.meta.get("session"), "period": self.meta.get("period"),
            "speech_id": speech_id, "agenda_item": top.top_id if top is not None else None,
            "venue": self.meta.get("venue"), "genre": "speech", "turn_type": t.kind,
            "to_record": anlage is not None,
            "speech_kind": anlage.kind if anlage is not None else "spoken",
            "annex": anlage.name if anlage is not None else None,
            "interjections": list(t.interjections), "n_interjections": len(t.interjections),
            "chair_interventions": list(chair_interventions or []),
            "interposed_questions": list(interposed_questions or []),
            RECORD_KEY: self.record_no, LINE_KEY: t.line,
        }
        if doc_id:
            rec["doc_id"] = doc_id
        return rec


# --------------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------------

def _line_at(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _refuse_declarations(data: bytes, path: Path) -> None:
    """Entity declarations and DTD internal subsets are refused before anything is parsed."""
    m = _ENTITY_DECL.search(data)
    if m:
        name = m.group(2).decode("utf-8", "replace")
        what = f"declares {'a parameter entity' if m.group(1) else 'an entity'} {name!r}"
        if m.group(3) is not None:
            what += f" pointing to {m.group(3).decode('utf-8', 'replace')!r}"
        raise InputError(f"XML {what}; refused for safety (entities are not part of the "
                         "Bundestag format and could expand without bound or read local "
                         "files/URLs)", path=path, line=_line_at(data, m.start()))
    m = _INTERNAL_SUBSET.search(data)
    if m:
        raise InputError("XML carries a DTD internal subset (<!DOCTYPE … [ … ]>); refused for "
                         "safety (not part of the Bundestag format)", path=path,
                         line=_line_at(data, m.start()))


def _xml_parser(recover: bool) -> Any:
    from lxml import etree

    return etree.XMLParser(recover=recover, resolve_entities=False, no_network=True,
                           load_dtd=False, dtd_validation=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


@dataclass
class _Parsed:
    root: Any
    #: parser errors the recovering parser got past: (line, message)
    recovered: list[tuple[int, str]] = field(default_factory=list)
    #: a defect the file cannot be read past (truncation, undefined entity)
    fatal: InputError | None = None
    fatal_line: int | None = None
    truncated: bool = False


def _parse(data: bytes, path: Path) -> _Parsed:
    """Parse strictly; when that fails, parse again with lxml's recovering parser and sort the
    errors into those it recovered from and the one (if any) the file cannot be read past."""
    from lxml import etree

    try:
        return _entity_references(_Parsed(etree.fromstring(data, _xml_parser(recover=False))),
                                  path)
    except etree.XMLSyntaxError as exc:
        first = exc
    lenient = _xml_parser(recover=True)
    try:
        root = etree.fromstring(data, lenient)
    except etree.XMLSyntaxError:
        root = None
    msg = str(first.msg or first).split(", line ")[0]
    if root is None:
        raise InputError(f"not well-formed XML: {msg}", path=path, line=first.lineno)
    errors = [(int(e.line), e.type_name, e.message.strip()) for e in lenient.error_log]
    parsed = _Parsed(root)
    tag = root.tag if isinstance(root.tag, str) else ""
    truncated = bool(tag) and re.search(rb"</\s*" + re.escape(tag.encode()) + rb"\s*>", data) is None
    for line, kind, message in errors:
        if kind == "ERR_UNDECLARED_ENTITY" or message.startswith("Entity '"):
            name = re.search(r"'([^']+)'", message)
            ref = f"&{name.group(1)};" if name else "an entity"
            parsed.fatal = InputError(f"not well-formed XML: undefined entity {ref} (entities "
                                      "are not part of the format and are not resolved)",
                                      path=path, line=line)
            parsed.fatal_line = line
            break
        parsed.recovered.append((line, message))
    if parsed.fatal is None:
        _entity_references(parsed, path)
    if truncated and parsed.fatal is None:
        line = errors[-1][0] if errors else _line_at(data, len(data))
        last = errors[-1][2] if errors else msg
        parsed.fatal = InputError(f"XML ends before the protocol is complete (truncated "
                                  f"file?): {last}", path=path, line=line)
        parsed.fatal_line = line
        parsed.truncated = True
        parsed.recovered = [(ln, m) for ln, m in parsed.recovered if ln < line]
    return parsed


def _entity_references(parsed: _Parsed, path: Path) -> _Parsed:
    """An entity reference left in the tree (an undeclared entity next to an external DTD,
    which is not loaded) is a defect the file is not read past."""
    from lxml import etree

    for ent in parsed.root.iter(etree.Entity):
        line = ent.sourceline or 0
        parsed.fatal = InputError(f"not well-formed XML: undefined entity {ent.text} (entities "
                                  "are not part of the format and are not resolved)",
                                  path=path, line=line)
        parsed.fatal_line = line
        break
    return parsed


def _element_at(root: Any, line: int) -> Any:
    """The last element (in document order) that starts on or before ``line``."""
    found = root
    for elem in root.iter():
        if not isinstance(elem.tag, str):
            continue
        if (elem.sourceline or 0) > line:
            break
        found = elem
    return found


class _Where:
    """Says where a line of the raw file lies – in a speech, an agenda item, the Anlagen … –
    from the lines of the file's landmark tags (a recovered tree cannot say where an element
    ends)."""

    def __init__(self, data: bytes, root: Any) -> None:
        def first(pattern: bytes) -> int | None:
            m = re.search(pattern, data)
            return _line_at(data, m.start()) if m else None

        self.sv_start = first(rb"<sitzungsverlauf[\s>]")
        self.sv_end = first(rb"</sitzungsverlauf\s*>")
        self.rednerliste = first(rb"<rednerliste[\s>]")
        self.root_end = first(rb"</" + re.escape(str(root.tag).encode()) + rb"\s*>")
        ends = [_line_at(data, m.start()) for m in re.finditer(rb"</rede\s*>", data)]
        self.speeches: list[tuple[int, int, str]] = []  # (first line, last line, id)
        for rede in root.iter("rede"):
            start = rede.sourceline or 0
            end = next((e for e in ends if e >= start), start)
            self.speeches.append((start, end, _ws(rede.get("id")) or "?"))
        self.root = root

    def __call__(self, line: int) -> str:
        after = self.sv_end is not None and line > self.sv_end
        for start, end, rid in self.speeches:
            if start <= line <= end:
                return f"{'in the Anlagen, ' if after else ''}in speech {rid}"
        if self.root_end is not None and line >= self.root_end:
            return "at the end of the file"
        if after:
            if self.rednerliste is not None and line >= self.rednerliste:
                return "in the <rednerliste>"
            return "in the Anlagen, after </sitzungsverlauf>"
        if self.sv_start is not None and line < self.sv_start:
            return "in the <vorspann>"
        elem = _element_at(self.root, line)
        for e in (elem, *elem.iterancestors()):
            if e.tag == "tagesordnungspunkt":
                return f"in {_ws(e.get('top-id')) or 'an agenda item'}"
        return "in the <sitzungsverlauf>"


def _dropped(message: str) -> str:
    """What lxml's recovery does about one error, in words."""
    m = re.match(r"Specification mandates value for attribute (\S+)", message)
    if m:
        return f"attribute {m.group(1)!r} without a value dropped"
    m = re.match(r"Opening and ending tag mismatch: (\S+) line \d+ and (\S+)", message)
    if m:
        return f"<{m.group(1)}> closed at </{m.group(2)}>"
    if message.startswith("Extra content at the end of the document"):
        return "content after the root element dropped"
    return message


#: Defects located one by one in the recovery report; the rest are counted.
_MAX_LOCATED = 200


def _recovery_report(parsed: _Parsed, data: bytes, raw_ids: list[str]) -> str:
    """One line for the report: the defects recovered from, where, and what was dropped."""
    where = _Where(data, parsed.root)
    by_place: dict[str, list[str]] = {}
    for i, (line, message) in enumerate(parsed.recovered):
        place = where(line) if i < _MAX_LOCATED else "elsewhere"  # a pathological file: be quick
        by_place.setdefault(place, []).append(f"line {line}: {_dropped(message)}")
    places = []
    for place, items in by_place.items():
        shown = "; ".join(items[:3]) + (f"; … {len(items) - 3} more" if len(items) > 3 else "")
        places.append(f"{place} ({len(items)}: {shown})")
    lost = len(_lost_ids(parsed.root, raw_ids))
    return (f"not well-formed XML, read with lxml's recovering parser; {len(parsed.recovered)} "
            f"defect(s) {' and '.join(places)}; "
            + (f"{lost} <rede> lost in the recovery" if lost else "no <rede> lost"))


_REDE_START = re.compile(rb"<rede\b[^<>]*?\bid\s*=\s*[\"']([^\"'<>]*)[\"']|<rede[\s>/]")


def _raw_rede_ids(data: bytes) -> list[str]:
    """The ids of the ``<rede>`` start tags in the raw file (``""`` for one without an id)."""
    return [(m.group(1) or b"").decode("utf-8", "replace").strip() for m in _REDE_START.finditer(data)]


def _lost_ids(root: Any, raw_ids: list[str]) -> list[str]:
    """The ids of the ``<rede>`` start tags of the file that the (recovered) tree lacks. A
    ``<rede>`` whose id the recovery garbled is still there: it accounts for one missing id
    (one without an id first)."""
    in_tree = Counter(_ws(r.get("id")) for r in root.iter("rede"))
    raw = Counter(raw_ids)
    missing, garbled = raw - in_tree, sum((in_tree - raw).values())
    lost = list(missing.elements())
    lost.sort(key=lambda rid: rid != "")
    return [rid for rid in lost[garbled:]] if garbled else lost


def read(path: str | Path, *, report: IngestReport | None = None, split_chair: bool = False,
         split_questions: bool = True) -> Iterator[dict[str, Any]]:
    """Read a Bundestag plenary protocol (open-data XML): one record per speech, those of the
    ``<sitzungsverlauf>`` first, then those given to the record in the ``<anlagen>``.

    ``split_chair``: also yield the chair's interventions (and the chair's text between
    speeches) as records with ``turn_type="chair"``; they are always listed in the speech's
    ``chair_interventions``. ``split_questions``: yield interposed questions as records of their
    own (``turn_type="question"``, default) — they are never part of the speech's text.
    """
    path = Path(path)
    data = read_document_bytes(path)
    proto = _Protocol(path, report, split_chair, split_questions)
    bom = _BOM_REFERENCE.match(data)
    if bom and b"&#" in bom.group(0):
        data = data[bom.end():]
    _refuse_declarations(data, path)
    parsed = _parse(data, path)
    proto.root(parsed.root)
    if bom and b"&#" in bom.group(0):
        proto.warn("the file starts with a byte-order mark written as a character reference "
                   "(&#xFEFF;); removed before parsing")
    raw_ids = _raw_rede_ids(data)
    if parsed.recovered:
        proto.warn(_recovery_report(parsed, data, raw_ids))
    if parsed.fatal is not None:
        if parsed.truncated:
            last = parsed.root
            while len(last):
                last = last[-1]
            proto.cut = last
        else:
            proto.cut = _element_at(parsed.root, parsed.fatal_line or 0)
        proto.cut_ancestors = set(proto.cut.iterancestors())
        proto.order = {e: i for i, e in enumerate(parsed.root.iter())}
    try:
        for part in parsed.root:
            if part.tag == "sitzungsverlauf":
                proto.top = None
                yield from proto.walk(part)
                yield from proto.flush_outside()
            elif part.tag == "anlagen":
                proto.top = None
                yield from proto.walk_anlagen(part)
        # a <rede> anywhere else (vorspann, rednerliste, an unexpected place): said, not lost
        for rede in parsed.root.iter("rede"):
            if rede not in proto.seen:
                proto.check_cut(rede)
                proto.record_no += 1
                parent = rede.getparent()
                proto._skip(f"speech {_ws(rede.get('id')) or '?'} (line {rede.sourceline}) "
                            f"stands outside <sitzungsverlauf> and <anlagen> (in "
                            f"<{parent.tag if parent is not None else '?'}>); not read")
    except _Stop:
        pass
    if parsed.fatal is not None:
        raise parsed.fatal
    for rid in _lost_ids(parsed.root, raw_ids):
        proto.record_no += 1
        proto._skip(f"speech {rid or '?'}: its <rede> is in the file but the XML recovery "
                    "lost it (see the warning on this file)")
    if not raw_ids and proto.n_speeches == 0:
        raise InputError("no speeches (<rede> elements) in the protocol", path=path)
    if proto.n_speech_records == 0:
        raise InputError(f"the protocol holds {len(raw_ids) or proto.n_speeches} <rede> "
                         "element(s) but none could be read as a speech (see the skipped "
                         "speeches)", path=path)
