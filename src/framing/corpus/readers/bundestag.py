"""Bundestag plenary protocols: the open-data XML (DTD ``dbtplenarprotokoll``, since 2017).

The Bundestag publishes every sitting of the 19th Wahlperiode onwards as structured XML
(https://www.bundestag.de/services/opendata). Its body, ``<sitzungsverlauf>``, holds the agenda
items (``<tagesordnungspunkt top-id="Tagesordnungspunkt 12">`` with ``<p klasse="T_…">`` titles)
and in them the speeches (``<rede id="ID…">``). A speech opens with
``<p klasse="redner"><redner id="…"><name>…<fraktion>SPD</fraktion> or <rolle>…</rolle></name>
</redner>Name (SPD):</p>``, then paragraphs (``<p klasse="J_1">``, ``J``, ``O`` …), interjections
(``<kommentar>(Beifall bei der SPD)</kommentar>``) and the chair's interventions
(``<name>Präsident Dr. …:</name>`` followed by the chair's paragraphs).

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

Safety: the file is parsed by :mod:`defusedxml` (expat without DTD loading): entity declarations
(billion laughs, external entities/XXE) are refused with an :class:`InputError` before anything
expands; nothing is fetched. Parsing streams: each speech is handed over and dropped once it is
complete, so a truncated file still yields its complete speeches before the error.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from framing.corpus.readers.base import LINE_KEY, RECORD_KEY
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
#: Elements whose children (speeches, paragraphs, chair names) are handed over one by one.
CONTAINERS = frozenset({"sitzungsverlauf", "sitzungsbeginn", "tagesordnungspunkt", "sitzungsende"})
CHUNK_BYTES = 65536
_LINE_ATTR = "{urn:framing}line"
_PROCEDURAL = re.compile(r"^\(\s*(?:Beginn|Schluss|Ende|Unterbrechung|Die Sitzung)\b")


def sniff(path: Path, head: str) -> bool:
    """True when the head shows the protocol's root element ``<dbtplenarprotokoll``."""
    try:
        return f"<{ROOT}" in head
    except Exception:
        return False


# --------------------------------------------------------------------------------------------
# streaming tree building
# --------------------------------------------------------------------------------------------

class _Target:
    """Builds elements like ``TreeBuilder`` but hands over each finished child of a container
    (a ``rede``, a ``p``, a chair ``name`` …) in :attr:`queue` and drops it from the tree."""

    def __init__(self) -> None:
        self.parser: Any = None
        self.stack: list[ET.Element] = []
        self.queue: list[tuple[str, ET.Element, int | None]] = []
        self._data: list[str] = []
        self._last: ET.Element | None = None
        self._tail = False

    def _line(self) -> int | None:
        try:
            return int(self.parser.parser.CurrentLineNumber)
        except Exception:  # pragma: no cover - defensive
            return None

    def _flush(self) -> None:
        if self._data and self._last is not None:
            text = "".join(self._data)
            if self._tail:
                self._last.tail = (self._last.tail or "") + text
            else:
                self._last.text = (self._last.text or "") + text
        self._data = []

    def start(self, tag: str, attrib: dict[str, str]) -> ET.Element:
        self._flush()
        elem = ET.Element(tag, attrib)
        line = self._line()
        if not self.stack:
            self.queue.append(("root", elem, line))
        else:
            parent = self.stack[-1]
            parent.append(elem)
            if parent.tag in CONTAINERS or parent.tag == "rede":
                elem.set(_LINE_ATTR, str(line))
        if tag in CONTAINERS and tag != "sitzungsverlauf":
            self.queue.append(("open", elem, line))
        self.stack.append(elem)
        self._last, self._tail = elem, False
        return elem

    def end(self, tag: str) -> ET.Element:
        self._flush()
        elem = self.stack.pop()
        self._last, self._tail = elem, True
        if self.stack:
            parent = self.stack[-1]
            if elem.tag in CONTAINERS:
                self.queue.append(("close", elem, None))
            elif parent.tag in CONTAINERS:
                self.queue.append(("item", elem, _line_of(elem)))
            if parent.tag in CONTAINERS or len(self.stack) == 1:
                parent.remove(elem)  # handed over (or vorspann/anlagen/rednerliste): free it
        return elem

    def data(self, data: str) -> None:
        self._data.append(data)

    def close(self) -> None:
        self._flush()


@lru_cache(maxsize=512)
def _parse_name(printed: str) -> Turn | None:
    """``"Präsident Dr. X"`` → speaker and role (cached: a sitting has a handful of chairs)."""
    return parse_turn(printed + ":")


def _line_of(elem: ET.Element) -> int | None:
    value = elem.get(_LINE_ATTR)
    return int(value) if value and value.isdigit() else None


_WS = re.compile(r"[ \t\r\n\xa0]+")


def _ws(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip() if text else ""


def _itertext(elem: ET.Element | None) -> str:
    return _ws("".join(elem.itertext())) if elem is not None else ""


def _p_text(p: ET.Element) -> tuple[str, list[str]]:
    """A paragraph's text and the interjections nested in it."""
    parts = [p.text or ""]
    found: list[str] = []
    for child in p:
        if child.tag == "kommentar":
            found.extend(split_interjection(_itertext(child)))
        else:
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

    def add(self, p: ET.Element) -> None:
        text, found = _p_text(p)
        self.interjections.extend(found)
        if text.startswith("(") and text.endswith(")") and text.count("(") == text.count(")"):
            if not _PROCEDURAL.match(text):  # a comment printed as a paragraph
                self.interjections.extend(split_interjection(text))
            return
        if text:
            self.paragraphs.append(text)


@dataclass
class _Top:
    top_id: str | None
    bold: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        if self.bold:
            return "; ".join(self.bold)
        return self.other[0] if self.other else None

    @property
    def section(self) -> str | None:
        title = self.title
        if self.top_id and title:
            return f"{self.top_id}: {title}"
        return self.top_id or title


class _Protocol:
    """Turns the handed-over elements of one protocol into records."""

    def __init__(self, path: Path, report: IngestReport | None, split_chair: bool,
                 split_questions: bool) -> None:
        self.path = path
        self.report = report
        self.split_chair = split_chair
        self.split_questions = split_questions
        self.meta: dict[str, Any] = {}
        self.top: _Top | None = None
        self.chair: _Turn | None = None  # who chairs (last <name>), as a template
        self.outside: _Turn | None = None  # chair text between speeches
        self.known: dict[str, tuple[str | None, str | None]] = {}
        self.record_no = 0
        self.n_speeches = 0

    # -- handing over ----------------------------------------------------------------------
    def handle(self, kind: str, elem: ET.Element, line: int | None) -> Iterator[dict[str, Any]]:
        if kind == "root":
            self.root(elem, line)
        elif kind in ("open", "close"):
            yield from self.flush_outside()
            if kind == "open" and elem.tag == "tagesordnungspunkt":
                self.top = _Top(_ws(elem.get("top-id")) or None)
            elif kind == "open" or elem.tag == "tagesordnungspunkt":
                self.top = None
        elif elem.tag == "rede":
            yield from self.flush_outside()
            yield from self.speech(elem, line)
        elif elem.tag == "name":
            yield from self.flush_outside()
            self.chair = self.chair_turn(_itertext(elem), line)
        elif elem.tag == "p":
            klasse = elem.get("klasse", "")
            if klasse.startswith("T_"):
                if self.top is not None:
                    text = _p_text(elem)[0]
                    if text:
                        (self.top.bold if klasse == "T_fett" else
                         self.top.other if "Drs" not in klasse else []).append(text)
            elif klasse != "redner":
                self.outside_turn(line).add(elem)
        elif elem.tag == "kommentar":
            self.outside_turn(line).interjections.extend(split_interjection(_itertext(elem)))

    def root(self, elem: ET.Element, line: int | None) -> None:
        if elem.tag != ROOT:
            if elem.tag.upper() == "DOKUMENT":
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
    def speaker_of(self, p: ET.Element, line: int | None, kind: str) -> _Turn:
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
        printed = _ws(r.tail if r is not None else p.text).rstrip(":").strip()
        if not speaker and printed:
            parsed = _parse_name(printed)
            if parsed is not None:
                speaker, role = parsed.speaker, role or parsed.role
                faction = faction or parsed.faction
        speaker_id = _ws(r.get("id")) or None if r is not None else None
        if speaker:
            self.known[speaker] = (speaker_id, faction)
        label = printed or (f"{speaker} ({faction})" if faction else speaker or "")
        return _Turn(kind, speaker or None, label, line, role=role, faction=faction,
                     speaker_id=speaker_id)

    def speech(self, rede: ET.Element, line: int | None) -> Iterator[dict[str, Any]]:
        rede_id = _ws(rede.get("id")) or None
        self.n_speeches += 1
        turns: list[_Turn] = []
        main: _Turn | None = None
        cur: _Turn | None = None
        for child in rede:
            cline = _line_of(child) or line
            if child.tag == "p" and child.get("klasse") == "redner":
                who = self.speaker_of(child, cline, "speech")
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
            return
        chair = [t for t in turns if t.kind == "chair" and t.paragraphs]
        questions = [t for t in turns if t.kind == "question" and t.paragraphs]
        if not main.paragraphs:
            self.record_no += 1
            self._skip(f"speech {rede_id or '?'} of {main.speaker} (line {line}) has no text")
        else:
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
        rec: dict[str, Any] = {
            "text": t.text, "title": title, "date": self.meta.get("date"), "outlet": OUTLET,
            "place": PLACE, "section": top.section if top is not None else None,
            "author": t.speaker, "speaker": t.speaker, "party": normalise_party(t.faction),
            "faction": _ws(t.faction) or None, "role": t.role, "speaker_id": t.speaker_id,
            "session": self.meta.get("session"), "period": self.meta.get("period"),
            "speech_id": speech_id, "agenda_item": top.top_id if top is not None else None,
            "venue": self.meta.get("venue"), "genre": "speech", "turn_type": t.kind,
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

def _error(exc: Exception, path: Path, parser: Any) -> InputError:
    """A parser exception → :class:`InputError` naming the file and line."""
    try:
        current = int(parser.parser.CurrentLineNumber)
    except Exception:
        current = None
    if isinstance(exc, ET.ParseError):
        line = exc.position[0] if getattr(exc, "position", None) else current
        msg = str(exc).split(": line ")[0]
        if msg.startswith(("no element found", "unclosed token")):
            return InputError(f"XML ends before the protocol is complete (truncated file?): {msg}",
                              path=path, line=line)
        if msg.startswith("undefined entity"):
            return InputError(f"not well-formed XML: {msg} (entities are not part of the "
                              "format and are not resolved)", path=path, line=line)
        return InputError(f"not well-formed XML: {msg}", path=path, line=line)
    name = getattr(exc, "name", None)
    sysid = getattr(exc, "sysid", None)
    what = f"declares an entity {name!r}" if name else "refers to an external resource"
    if sysid:
        what += f" pointing to {sysid!r}"
    return InputError(f"XML {what}; refused for safety (entities are not part of the Bundestag "
                      "format and could expand without bound or read local files/URLs)",
                      path=path, line=current)


def read(path: str | Path, *, report: IngestReport | None = None, split_chair: bool = False,
         split_questions: bool = True) -> Iterator[dict[str, Any]]:
    """Read a Bundestag plenary protocol (open-data XML): one record per speech.

    ``split_chair``: also yield the chair's interventions (and the chair's text between
    speeches) as records with ``turn_type="chair"``; they are always listed in the speech's
    ``chair_interventions``. ``split_questions``: yield interposed questions as records of their
    own (``turn_type="question"``, default) — they are never part of the speech's text.
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    path = Path(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    target = _Target()
    parser = DefusedXMLParser(target=target, forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    target.parser = parser
    proto = _Protocol(path, report, split_chair, split_questions)
    with fh:
        first = True
        done = False
        while not done:
            try:
                chunk = fh.read(CHUNK_BYTES)
            except OSError as exc:
                raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
            if first and not chunk.strip():
                raise InputError("empty file", path=path)
            first = False
            error: InputError | None = None
            try:
                if chunk:
                    parser.feed(chunk)
                else:
                    done = True
                    parser.close()
            except (ET.ParseError, DefusedXmlException) as exc:
                error = _error(exc, path, parser)
            queue, target.queue = target.queue, []
            for kind, elem, line in queue:
                yield from proto.handle(kind, elem, line)
            if error is not None:
                raise error
    yield from proto.flush_outside()
    if proto.n_speeches == 0:
        raise InputError("no speeches (<rede> elements) in the protocol", path=path)
