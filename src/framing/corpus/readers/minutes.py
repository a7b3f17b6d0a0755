"""Council and Landtag minutes as plain text with speaker turns: one record per turn.

Verbatim minutes (Wortprotokolle) of a town council, a district council or a state parliament
come as text with a header, agenda items and speaker turns::

    Niederschrift über die 12. Sitzung des Rates der Stadt Altena am 23.06.2016
    ...
    TOP 5: Unterbringung von Flüchtlingen

    Bürgermeister Wellerkamp:
    Meine Damen und Herren, ...
    (Beifall bei der CDU)

    Ratsfrau Marquardt (UWG): Wir haben in Altena leerstehende Wohnungen ...

Every turn becomes a record (``genre="speech"``); a speaker's next turn is a new record with
the same ``section``. Interjections — a line wholly in parentheses inside a turn, or a
parenthesised ``(Beifall …)``/``(Zuruf …)``/``(Name [Partei]: …)`` inside a line — are taken out
of the text into ``interjections``.

**Speaker-turn rules** (so that "Der Bürgermeister sagte dazu:" never opens a turn). A line is a
turn when, before its first colon, it holds only

* a *role prefix* + a name (``Ratsfrau Müller``, ``Bürgermeister Dr. Schmidt``, ``Abg. Maria
  Beispiel``, ``Präsidentin Carina Beispiel``, ``Ministerin für Heimat, Kommunales, Bau und
  Gleichstellung Ina Beispiel``, ``Herr Meier``), or
* a name + ``, `` + a role (``Ina Beispiel, Ministerin für Schule und Bildung``), or
* a name + a party in parentheses/brackets (``Dr. Hans Muster (FDP)``),

each optionally followed by the party in parentheses. A name is one to six tokens: capitalised
words (``Özdemir-Brandt``), titles (``Dr.``, ``Prof.``), initials and particles (``von``, ``de``).
Text may follow the colon on the same line only when there is a role (or a known party such as
``SPD``/``GRÜNE``); a line that is only a name with neither role nor party is never a turn. Role
words are recognised by their endings (…bürgermeister, …präsident, …minister, …beigeordnete,
…dezernent, Ratsfrau/Ratsherr, Abg. …), see :data:`ROLE_STEMS`.

Agenda items: ``TOP 5: Titel``, ``Tagesordnungspunkt 5 – Titel``, ``Punkt 5 der Tagesordnung:``,
``Zu Punkt 3 der Tagesordnung:`` (title on the next line), and the Landtag form where the chair
says "Ich rufe auf:" and a numbered line (``3   Titel``) follows, with the agenda details
(``Antrag der Fraktion …``, ``Drucksache 16/11522``) after it. Procedural blocks
(``Beschluss:``, ``Abstimmungsergebnis:``) end the current turn and belong to no speech.

Parties, interjections and speaker turns are parsed by
:mod:`framing.corpus.readers.speech_common`, which the Bundestag reader shares.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.corpus.encoding import read_text
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY
from framing.corpus.readers.speech_common import (
    CHAIR_ROLES,
    PROCEDURAL_PAREN,
    Turn,
    is_chair,
    parse_turn,
    split_interjection,
    squeeze_spaces,
    strip_inline_interjections,
)
from framing.corpus.report import IngestReport
from framing.errors import InputError

FORMAT = "minutes"
SUFFIXES: tuple[str, ...] = (".txt",)

# --------------------------------------------------------------------------------------------
# header and agenda
# --------------------------------------------------------------------------------------------

_HEADER_WORDS = re.compile(r"\b(?:Niederschrift|Protokoll|Plenarprotokoll|Sitzungsprotokoll|"
                           r"Wortprotokoll|Sitzung)\b")
_MONTHS = (r"Januar|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|"
           r"Dezember")
_DATE = (rf"(?:\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{2,4}}|\d{{1,2}}\.\s+(?:{_MONTHS})\s+\d{{4}}"
         rf"|\d{{4}}-\d{{2}}-\d{{2}})")
_DATE_RE = re.compile(_DATE)
_MINUTES_TITLE = re.compile(
    r"(?:Niederschrift|Protokoll|Sitzungsprotokoll|Wortprotokoll|Plenarprotokoll)\s+"
    r"(?:über\s+|zur\s+|zu\s+)?(?:die|der)\s+(?P<session>\d+)\.\s+"
    r"(?:(?:öffentliche|nichtöffentliche|nicht\s+öffentliche|konstituierende|außerordentliche|"
    r"ordentliche|gemeinsame)\s+)*Sitzung\s+(?:des|der)\s+(?P<body>.+?)"
    r"(?:\s+(?:am|vom)\s+(?:\w+,\s+(?:den\s+)?)?(?P<date>" + _DATE + r"))?\s*$")
_PLENARPROTOKOLL = re.compile(r"\bPlenarprotokoll\s+(?P<period>\d+)\s*/\s*(?P<session>\d+)")
_SESSION_LINE = re.compile(r"^(?P<session>\d+)\.\s+(?:öffentliche\s+)?Sitzung\b")
_PERIOD_LINE = re.compile(r"^(?P<period>\d+)\.\s+Wahlperiode\b")
_BODY_LINE = re.compile(
    r"^(?:Landtag|Deutscher Bundestag|Bundestag|Bürgerschaft|Abgeordnetenhaus|Rat der|Stadtrat|"
    r"Gemeinderat|Kreistag|Bezirksvertretung|Stadtverordnetenversammlung|Hauptausschuss|"
    r"Integrationsrat|Ausschuss|Bezirksausschuss|Ortschaftsrat)\b[^:]{0,80}$")
_VENUE_DATE_LINE = re.compile(rf"^(?P<venue>[A-ZÄÖÜ][\w.-]+(?:\s[A-ZÄÖÜ][\w.-]+)?),\s+"
                              rf"(?:\w+,\s+)?(?:den\s+)?{_DATE}\s*$")
_HEADER_FIELD = re.compile(r"^(?P<key>Gremium|Körperschaft|Sitzung|Sitzungsnummer|Sitzungsnr\.?|"
                           r"Datum|Sitzungsdatum|Wahlperiode|Ort|Sitzungsort|Stadt|Gemeinde|"
                           r"Kommune)\s*:\s*(?P<value>\S.*)$", re.I)
_PLACE_FROM_BODY = re.compile(
    r"(?:Stadt|Gemeinde|Hansestadt|Kreisstadt|Landeshauptstadt|Bundesstadt)\s+"
    r"(?P<place>[A-ZÄÖÜ][\w.-]*(?:\s+(?:an der|am|im|in der|bei|ob der)\s+[A-ZÄÖÜ][\w.-]*)?)")

_AGENDA = re.compile(
    r"^(?:(?:Zu\s+)?(?:(?P<kw>TOP|Top|Tagesordnungspunkt|Zusatzpunkt|TO-Punkt)\s*"
    r"(?P<num>\d+[a-z]?(?:\.\d+)?)"
    r"|(?P<kw2>Punkt)\s+(?P<num2>\d+[a-z]?)(?=\s+der\s+Tagesordnung|\s*:))"
    r"(?:\s+der\s+Tagesordnung)?)"
    r"\s*(?:[:.–—-]\s*|\s+)?(?P<title>.*)$")
_CALL_AGENDA = re.compile(r"\bIch\s+rufe\b[^.!?]*\bauf:\s*$|^Wir kommen (?:nun |jetzt )?zu(?:m)?:\s*$")
_NUMBERED_AGENDA = re.compile(r"^(?P<num>\d{1,2}[a-z]?)\s+(?P<title>[A-ZÄÖÜ„\"].{2,})$")
_AGENDA_DETAIL = re.compile(
    r"^(?:Antrag|Anträge|Gesetzentwurf|Beschlussempfehlung|Entschließungsantrag|Änderungsantrag|"
    r"Unterrichtung|Große Anfrage|Kleine Anfrage|Antwort|Bericht|Drucksache|Drucksachen|"
    r"der Fraktion|der Fraktionen|und der Fraktion|der Landesregierung|des Ausschusses|"
    r"in Verbindung mit|erste Lesung|zweite Lesung|dritte Lesung|Neudruck|Vorlage|"
    r"Aktuelle Stunde|auf Antrag)\b")
_PROCEDURAL = re.compile(r"^(?:Beschluss|Beschlussvorschlag|Beschlussfassung|Abstimmungsergebnis|"
                         r"Abstimmung|Ergebnis|Beratungsergebnis|Protokollnotiz)\s*:")


def _nominative(body: str) -> str:
    """``"Rates der Stadt Altena"`` → ``"Rat der Stadt Altena"`` (genitive of the first word)."""
    body = body.strip().rstrip(",.")
    first, _, rest = body.partition(" ")
    low = first.casefold()
    if low.endswith("sses"):
        first = first[:-2]
    elif low.endswith(("rates", "tages", "rats", "tags", "ausschusses", "beirates", "beirats")):
        first = first[:-2] if low.endswith("es") else first[:-1]
    return f"{first} {rest}".strip()


def place_of_body(body: str | None) -> str | None:
    """The place a body belongs to: the town of a council ("Rat der Stadt Altena" → "Altena"),
    the state of a Landtag ("Landtag Nordrhein-Westfalen" → "Nordrhein-Westfalen"),
    "Deutschland" for the Bundestag; None otherwise."""
    if not body:
        return None
    m = _PLACE_FROM_BODY.search(body)
    if m:
        return m.group("place")
    m = re.match(r"^Landtag\s+(?:von\s+|des\s+Landes\s+)?(?P<state>[A-ZÄÖÜ][\w-]+)", body)
    if m:
        return m.group("state")
    if re.search(r"\bBundestag\b", body):
        return "Deutschland"
    return None


@dataclass
class _Header:
    outlet: str | None = None
    date: str | None = None
    session: str | None = None
    period: str | None = None
    place: str | None = None
    venue: str | None = None

    def feed(self, line: str) -> None:
        s = line.strip()
        if not s:
            return
        f = _HEADER_FIELD.match(s)
        if f:
            key, value = f.group("key").casefold().rstrip("."), f.group("value").strip()
            if key in ("gremium", "körperschaft"):
                self.outlet = self.outlet or value
            elif key in ("datum", "sitzungsdatum"):
                d = _DATE_RE.search(value)
                self.date = self.date or (d.group(0) if d else value)
            elif key in ("sitzung", "sitzungsnummer", "sitzungsnr"):
                n = re.search(r"\d+", value)
                self.session = self.session or (n.group(0) if n else value)
            elif key == "wahlperiode":
                self.period = self.period or value
            elif key in ("ort", "sitzungsort"):
                self.venue = self.venue or value
            else:
                self.place = self.place or value
            return
        m = _MINUTES_TITLE.search(s)
        if m:
            self.session = self.session or m.group("session")
            self.outlet = self.outlet or _nominative(m.group("body"))
            if m.group("date"):
                self.date = self.date or m.group("date")
            return
        m = _PLENARPROTOKOLL.search(s)
        if m:
            self.period = self.period or m.group("period")
            self.session = self.session or m.group("session")
            return
        for rx, attr in ((_SESSION_LINE, "session"), (_PERIOD_LINE, "period")):
            m = rx.match(s)
            if m:
                setattr(self, attr, getattr(self, attr) or m.group(attr))
                return
        m = _VENUE_DATE_LINE.match(s)
        if m:
            self.venue = self.venue or m.group("venue")
            self.date = self.date or _DATE_RE.search(s).group(0)  # type: ignore[union-attr]
            return
        if _BODY_LINE.match(s) and self.outlet is None:
            self.outlet = s


def _agenda(line: str) -> tuple[str, str | None] | None:
    """An agenda heading → (item label "TOP 5"/"Zusatzpunkt 2", title or None)."""
    s = line.strip()
    if len(s) > 400:
        return None
    m = _AGENDA.match(s)
    if not m:
        return None
    title = m.group("title").strip() or None
    if title is not None and not (title[0].isupper() or title[0].isdigit() or title[0] in "„\"'("):
        return None
    kw = m.group("kw") or m.group("kw2")
    num = m.group("num") or m.group("num2")
    label = f"Zusatzpunkt {num}" if kw == "Zusatzpunkt" else f"TOP {num}"
    return label, title


# --------------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------------

@dataclass
class _TurnBuf:
    turn: Turn
    line: int
    section: tuple[str, str | None] | None
    chair: bool
    paragraphs: list[list[str]] = field(default_factory=lambda: [[]])
    interjections: list[str] = field(default_factory=list)
    chair_interventions: list[str] = field(default_factory=list)
    #: raw lines not yet searched for inline interjections (one may run over a line break)
    pending: list[str] = field(default_factory=list)

    def add_text(self, text: str) -> None:
        self.pending.append(text.strip())

    def flush(self) -> None:
        if self.pending:
            text, found = strip_inline_interjections("\n".join(self.pending))
            self.pending = []
            self.interjections.extend(found)
            if text.strip():
                self.paragraphs[-1].append(text.strip())

    def add_interjection(self, block: str) -> None:
        self.flush()
        self.interjections.extend(split_interjection(block))

    def paragraph_break(self) -> None:
        self.flush()
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def calls_agenda(self) -> bool:
        """Did the speech just say "Ich rufe auf:" (maybe over a line break)?"""
        return bool(self.pending) and bool(_CALL_AGENDA.search(" ".join(self.pending[-2:])))

    @property
    def text(self) -> str:
        self.flush()
        return "\n\n".join("\n".join(p) for p in self.paragraphs if p)


def sniff(path: Path, head: str) -> bool:
    """A ``.txt`` file with a minutes header word (Niederschrift, Protokoll, Plenarprotokoll,
    Sitzung) near the top and at least two speaker-turn lines; never one that starts with YAML
    front matter (``---``), which belongs to the text reader. Never raises."""
    try:
        if Path(path).suffix.lower() not in SUFFIXES or not head:
            return False
        text = head.lstrip("\ufeff")
        first = text.lstrip("\r\n\t ").split("\n", 1)[0].strip()
        if first == "---" or not _HEADER_WORDS.search(text[:4000]):
            return False
        n = 0
        for line in text.splitlines():
            if ":" in line and len(line) < 2000 and parse_turn(line) is not None:
                n += 1
                if n >= 2:
                    return True
        return False
    except Exception:
        return False


def read(path: str | Path, *, report: IngestReport | None = None, body: str | None = None,
         date: str | None = None, place: str | None = None, merge_chair: bool = False,
         chair_roles: Iterable[str] | None = None,
         encoding: str | None = None) -> Iterator[dict[str, Any]]:
    """Read council/Landtag minutes: one record per speaker turn.

    ``body``, ``date``, ``place``: the body (outlet), sitting date and place when the header does
    not name them (the header wins). ``merge_chair``: fold the chair's turns into the speeches
    they interrupt (``chair_interventions``) and join a speech the chair interrupted; by default
    chair turns are records of their own (``turn_type="chair"``). ``chair_roles``: roles that
    chair the sitting (default :data:`CHAIR_ROLES`; add ``"Bürgermeister"`` for a council whose
    mayor presides). ``encoding``: force one (default: detected, cp1252 included).
    """
    path = Path(path)
    text = read_text(path, encoding=encoding).text.lstrip("\ufeff")
    if not text.strip():
        raise InputError("empty file", path=path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chairs = tuple(chair_roles) if chair_roles is not None else CHAIR_ROLES
    lines = text.split("\n")

    header = _Header()
    in_header = True
    section: tuple[str, str | None] | None = None
    pending_title = False
    cur: _TurnBuf | None = None
    turns: list[_TurnBuf] = []
    expect_called_agenda = False

    def close() -> None:
        nonlocal cur
        if cur is not None:
            turns.append(cur)
        cur = None

    i = 0
    n_lines = len(lines)
    while i < n_lines:
        raw = lines[i]
        s = raw.strip()
        lineno = i + 1
        i += 1
        if not s:
            if cur is not None:
                cur.paragraph_break()
            continue
        agenda = _agenda(s)
        if agenda is not None:
            close()
            in_header = False
            section = agenda
            pending_title = agenda[1] is None
            expect_called_agenda = False
            continue
        if expect_called_agenda:
            expect_called_agenda = False
            nm = _NUMBERED_AGENDA.match(s)
            if nm and cur is not None:
                # "Ich rufe auf:" + "3   Titel": the title runs to the next blank line, the
                # agenda details (Antrag …, Drucksache …) follow; the chair then goes on speaking.
                title_lines = [nm.group("title").strip()]
                while i < n_lines and lines[i].strip():
                    title_lines.append(lines[i].strip())
                    i += 1
                while True:
                    j = i
                    while j < n_lines and not lines[j].strip():
                        j += 1
                    if j < n_lines and (lines[j][:1].isspace() or _AGENDA_DETAIL.match(lines[j].strip())):
                        i = j
                        while i < n_lines and lines[i].strip():
                            i += 1
                        continue
                    break
                section = (f"TOP {nm.group('num')}", squeeze_spaces(" ".join(title_lines)))
                speaker_turn = cur.turn
                close()
                cur = _TurnBuf(Turn(speaker_turn.speaker, speaker_turn.role, speaker_turn.faction,
                                    speaker_turn.party), lineno, section,
                               is_chair(speaker_turn.role, chairs))
                continue
        if s.startswith("(") and (cur is not None or not in_header):
            # an interjection on its own line (possibly running over a few lines)
            block = s
            depth = block.count("(") - block.count(")")
            j = i
            while depth > 0 and j < n_lines and j - i < 8 and lines[j].strip():
                block += " " + lines[j].strip()
                depth = block.count("(") - block.count(")")
                j += 1
            if depth <= 0 and block.endswith((")", ").", ")!")):
                i = j
                if cur is not None and not PROCEDURAL_PAREN.match(block):
                    cur.add_interjection(block.rstrip(".!"))
                continue
        turn = parse_turn(s)
        if turn is not None:
            close()
            in_header = False
            pending_title = False
            cur = _TurnBuf(turn, lineno, section, is_chair(turn.role, chairs))
            if turn.rest:
                cur.add_text(turn.rest)
                expect_called_agenda = cur.calls_agenda()
            continue
        if in_header:
            header.feed(s)
            continue
        if _PROCEDURAL.match(s):
            close()
            pending_title = False
            continue
        if pending_title and cur is None and section is not None:
            section = (section[0], s)
            pending_title = False
            continue
        if cur is not None:
            cur.add_text(s)
            expect_called_agenda = cur.calls_agenda()
    close()
    for buf in turns:
        buf.flush()

    if not turns:
        raise InputError("no speaker turns found (expected lines like 'Ratsfrau Müller (SPD):', "
                         "'Bürgermeister Schmidt:' or 'Abg. Maria Beispiel (GRÜNE): …')", path=path)

    outlet = header.outlet or body
    meta_date = header.date or date
    meta_place = header.place or place_of_body(header.outlet) or place or place_of_body(body)

    def record(buf: _TurnBuf, number: int) -> dict[str, Any]:
        sec = buf.section
        title = sec[1] if sec and sec[1] else f"Rede von {buf.turn.speaker}"
        section_text = (f"{sec[0]}: {sec[1]}" if sec[1] else sec[0]) if sec else None
        return {
            "text": buf.text, "title": title, "date": meta_date, "outlet": outlet,
            "place": meta_place, "section": section_text, "author": buf.turn.speaker,
            "speaker": buf.turn.speaker, "party": buf.turn.party, "faction": buf.turn.faction,
            "role": buf.turn.role, "turn_type": "chair" if buf.chair else "speech",
            "agenda_item": sec[0] if sec else None, "session": header.session,
            "period": header.period, "venue": header.venue, "genre": "speech",
            "interjections": list(buf.interjections), "n_interjections": len(buf.interjections),
            "chair_interventions": list(buf.chair_interventions), "turn": number,
            RECORD_KEY: number, LINE_KEY: buf.line,
        }

    if merge_chair:
        merged: list[tuple[int, _TurnBuf]] = []
        last: tuple[int, _TurnBuf] | None = None
        interrupted = False
        for number, buf in enumerate(turns, 1):
            if buf.chair:
                if last is not None and last[1].section == buf.section and buf.text:
                    last[1].chair_interventions.append(f"{_chair_label(buf.turn)}: "
                                                       f"{squeeze_spaces(buf.text)}")
                interrupted = last is not None
                continue
            if (interrupted and last is not None and last[1].turn.speaker == buf.turn.speaker
                    and last[1].section == buf.section):
                last[1].paragraphs.extend(p for p in buf.paragraphs if p)
                last[1].interjections.extend(buf.interjections)
                interrupted = False
                continue
            interrupted = False
            last = (number, buf)
            merged.append(last)
        numbered = merged
    else:
        numbered = list(enumerate(turns, 1))

    for number, buf in numbered:
        if not buf.text.strip():
            if report is not None:
                report.skip(path, number, f"speaker turn of {buf.turn.speaker} (line {buf.line}) "
                                          "has no text")
            continue
        yield record(buf, number)


def _chair_label(turn: Turn) -> str:
    return f"{turn.role} {turn.speaker}" if turn.role else turn.speaker
