"""Parsing shared by the speech readers (council minutes, Bundestag XML): party names,
interjections and speaker turns.

See :mod:`framing.corpus.readers.minutes` for the speaker-turn rules these functions implement.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# parties
# --------------------------------------------------------------------------------------------

#: Spelling variants of party/faction names (lower case, without spaces) → short party name.
PARTY_ALIASES: dict[str, str] = {
    "cdu/csu": "CDU/CSU", "cdu": "CDU", "csu": "CSU", "spd": "SPD", "fdp": "FDP", "f.d.p.": "FDP",
    "afd": "AfD", "bsw": "BSW", "ssw": "SSW", "uwg": "UWG",
    "bündnis90/diegrünen": "GRÜNE", "bündnis90/grüne": "GRÜNE", "bündnis90diegrünen": "GRÜNE",
    "bündnis'90/diegrünen": "GRÜNE", "bündnis90/diegrüne": "GRÜNE", "b90/grüne": "GRÜNE",
    "b'90/grüne": "GRÜNE", "bündnisgrüne": "GRÜNE", "diegrünen": "GRÜNE", "grüne": "GRÜNE",
    "grünen": "GRÜNE", "gruene": "GRÜNE", "diegruenen": "GRÜNE",
    "dielinke": "LINKE", "dielinke.": "LINKE", "linke": "LINKE", "linken": "LINKE",
    "linkspartei": "LINKE", "dielinken": "LINKE",
    "fraktionslos": "fraktionslos", "fraktionslose": "fraktionslos", "fraktionsloser": "fraktionslos",
    "parteilos": "fraktionslos",
    "piraten": "PIRATEN", "piratenpartei": "PIRATEN", "diepiraten": "PIRATEN",
    "freiewähler": "FREIE WÄHLER", "fw": "FREIE WÄHLER",
}
#: Words in parentheses after a name that are not a party.
_NOT_PARTY = frozenset({"vorsitz", "vorsitzender", "vorsitzende", "verwaltung", "gast",
                        "sachverständiger", "sachverständige", "fortfahrend", "protokoll"})


def _party_key(value: str) -> str:
    return re.sub(r"\s+", "", value.replace("\xa0", " ")).casefold()


def normalise_party(faction: str | None) -> str | None:
    """A faction as printed → a short party name (``"BÜNDNIS 90/DIE GRÜNEN"`` → ``"GRÜNE"``,
    ``"DIE LINKE."`` → ``"LINKE"``); names not in :data:`PARTY_ALIASES` come back tidied."""
    if faction is None:
        return None
    tidy = re.sub(r"\s+", " ", faction.replace("\xa0", " ")).strip()
    if not tidy:
        return None
    key = _party_key(tidy)
    return PARTY_ALIASES.get(key) or PARTY_ALIASES.get(key.rstrip(".")) or tidy


def _known_party(value: str) -> bool:
    key = _party_key(value)
    return key in PARTY_ALIASES or key.rstrip(".") in PARTY_ALIASES


def _party_like(value: str) -> bool:
    """Could ``value`` (the text in parentheses after a name) be a party or faction?"""
    v = value.replace("\xa0", " ").strip()
    if not v or _known_party(v):
        return bool(v)
    if v.casefold() in _NOT_PARTY or len(v.split()) > 6 or len(v) > 60:
        return False
    if re.search(r"\d", re.sub(r"(?<!\d)'?90(?!\d)", "", v)):
        return False  # "Drucksache 16/12", "2016" – not a party ("90" as in Bündnis 90 is)
    return v[0].isupper() and not re.search(r"[.!?;:]\s", v + " ")


# --------------------------------------------------------------------------------------------
# interjections
# --------------------------------------------------------------------------------------------

#: How an interjection starts ("Beifall bei der SPD", "Zuruf von der AfD: …", "Heiterkeit").
_OPENER = (r"(?:(?:Lebhafter|Anhaltender|Langanhaltender|Starker|Großer|Große|Allgemeine[rs]?|"
           r"Vereinzelte[rs]?|Erneute[rs]?|Weitere[rs]?|Demonstrative[rs]?|Lautstarke[rs]?)\s+)?"
           r"(?:Beifall|Zurufe?|Gegenrufe?|Zwischenrufe?|Heiterkeit|Lachen|Gelächter|Widerspruch|"
           r"Zustimmung|Unruhe|Glocke|Buhrufe?|Pfui|Rufe?|Händeklatschen|Klatschen|"
           r"Protest|Bravo)\b|Abg\.\s")
#: A named interjection: "Udo Beispiel [AfD]: …" or "Udo Beispiel (AfD): …".
_NAMED = r"[A-ZÄÖÜ][^:()\[\]\n!?;–—]{1,60}?\s*[\[(][^\])\n]{1,60}[\])]\s*:"
_INTERJECTION_START = re.compile(rf"^(?:{_OPENER}|{_NAMED})")
_DASH_SPLIT = re.compile(r"\s+[–—-]\s+")
#: A parenthesised segment with at most one level of nested parentheses.
_PAREN = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
#: Own-line parentheses that are the minute-taker's notes, not interjections.
PROCEDURAL_PAREN = re.compile(r"^\(\s*(?:Beginn|Schluss|Ende|Unterbrechung|Sitzungsunterbrechung|"
                               r"Die Sitzung wird|Die Sitzung ist)\b")


_WS = re.compile(r"[ \t\r\n]+")


def squeeze_spaces(text: str) -> str:
    """Runs of spaces, tabs and line breaks → one space; no space at either end."""
    return _WS.sub(" ", text).strip()


def split_interjection(text: str) -> list[str]:
    """One parenthesised comment → its interjections, without the outer parentheses.

    ``"(Beifall bei der SPD – Zuruf von der AfD: Unsinn!)"`` → ``["Beifall bei der SPD",
    "Zuruf von der AfD: Unsinn!"]``. A dash splits only where the next part starts like an
    interjection (``Beifall``, ``Zuruf``, ``Name [Partei]:`` …), so a dash inside a quoted
    heckle ("Das ist – mit Verlaub – Unsinn!") stays."""
    t = squeeze_spaces(text)
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1].strip()
    parts: list[str] = []
    pos = 0
    cur_start = 0
    for m in _DASH_SPLIT.finditer(t):
        if m.start() < pos:
            continue
        if _INTERJECTION_START.match(t[m.end():]):
            parts.append(t[cur_start:m.start()])
            cur_start = m.end()
        pos = m.end()
    parts.append(t[cur_start:])
    return [p.strip() for p in parts if p.strip()]


def is_interjection(content: str) -> bool:
    """True when the text inside parentheses reads like an interjection (see :data:`_OPENER`)."""
    return bool(_INTERJECTION_START.match(squeeze_spaces(content)))


def strip_inline_interjections(line: str) -> tuple[str, list[str]]:
    """Remove parenthesised interjections from a text line → (line, interjections)."""
    found: list[str] = []

    def repl(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1]
        if is_interjection(inner):
            found.extend(split_interjection(m.group(0)))
            return " "
        return m.group(0)

    if "(" not in line:
        return line, found
    out = _PAREN.sub(repl, line)
    if found:
        out = re.sub(r"[ \t]{2,}", " ", out)
        out = re.sub(r"[ \t]*\n[ \t]*", "\n", out)
        out = re.sub(r"[ \t]+([.,;:!?])", r"\1", out).strip()
    return out, found


# --------------------------------------------------------------------------------------------
# speaker turns
# --------------------------------------------------------------------------------------------

#: Endings of role words (lower case); a capitalised word ending in one of them is a role.
ROLE_STEMS: tuple[str, ...] = (
    "präsident", "präsidentin", "bürgermeister", "bürgermeisterin", "minister", "ministerin",
    "beigeordnete", "beigeordneter", "dezernent", "dezernentin", "direktor", "direktorin",
    "kämmerer", "kämmerin", "vorsitzende", "vorsitzender", "beauftragte", "beauftragter",
    "vertreter", "vertreterin", "verordnete", "verordneter", "leiter", "leiterin", "sekretär",
    "sekretärin", "kanzler", "kanzlerin", "landrat", "landrätin", "stadtrat", "stadträtin",
    "ratsfrau", "ratsherr", "ratsmitglied", "abgeordnete", "abgeordneter", "schriftführer",
    "schriftführerin", "senator", "senatorin", "stadtverordnete", "stadtverordneter",
)
_ROLE_WORD = re.compile(rf"[\w-]*?(?:{'|'.join(sorted(ROLE_STEMS, key=len, reverse=True))})", re.I)
#: Words before a role word that belong to the role ("Erster Beigeordneter", "Stellv. …").
_ROLE_MODIFIERS = frozenset({
    "erste", "erster", "stellv.", "stellvertretende", "stellvertretender", "parl.",
    "parlamentarische", "parlamentarischer", "sachkundige", "sachkundiger", "ehrenamtliche",
    "ehrenamtlicher", "designierte", "designierter",
})
#: After "Sachkundige(r)": the role noun.
_SACHKUNDIG = frozenset({"bürger", "bürgerin", "einwohner", "einwohnerin"})
_HONORIFICS = frozenset({"herr", "frau"})
#: Words that continue a role with its portfolio ("Ministerin für …", "Minister des Innern").
_COMPLEMENT_START = frozenset({"für", "des", "der", "im", "beim", "bei", "ohne", "zur", "zum"})
#: Roles of whoever chairs the sitting (chair turns get ``turn_type="chair"``).
CHAIR_ROLES: tuple[str, ...] = (
    "Präsident", "Präsidentin", "Vizepräsident", "Vizepräsidentin", "Alterspräsident",
    "Alterspräsidentin", "Vorsitzende", "Vorsitzender", "Sitzungsleiter", "Sitzungsleiterin",
)
_TITLES = frozenset({"dr.", "prof.", "dr.-ing.", "dr.h.c.", "h.c.", "h.", "c.", "dipl.-ing.",
                     "dres.", "mdl", "mdb"})
_PARTICLES = frozenset({"von", "van", "de", "der", "den", "zu", "zur", "vom", "ten", "ter", "da",
                        "di", "del", "la", "le", "al", "el", "bin", "ibn", "y", "d'", "auf"})
_TITLES_OR_PARTICLES = _TITLES | _PARTICLES
#: Capitalised words that start sentences, never names.
_NOT_NAMES = frozenset({
    "der", "die", "das", "ein", "eine", "einer", "wir", "ich", "sie", "er", "es", "und", "oder",
    "im", "in", "am", "an", "zum", "zur", "bei", "mit", "für", "auf", "aus", "nach", "dazu", "dann",
    "so", "auch", "hier", "heute", "dies", "diese", "dieser", "dieses", "mein", "meine", "unser",
    "unsere", "alle", "was", "wer", "wie", "warum", "wenn", "aber", "denn", "doch", "ja", "nein",
    "beschluss", "beschlussvorschlag", "abstimmungsergebnis", "ergebnis", "anwesend", "entschuldigt",
    "beginn", "ende", "schluss", "datum", "ort", "sitzung", "gremium", "tagesordnung", "top",
    "punkt", "anlage", "anlagen", "protokoll", "niederschrift", "drucksache", "vorlage", "antrag",
    "frage", "antwort", "zitat", "hinweis", "anmerkung", "stadt", "gemeinde", "kreis", "land",
})


@dataclass(frozen=True)
class Turn:
    """A parsed speaker-turn line."""

    speaker: str
    role: str | None
    faction: str | None
    party: str | None
    #: text after the colon on the same line ("" when the speech starts on the next line)
    rest: str = ""


def _is_name_token(tok: str) -> bool:
    low = tok.casefold()
    if low in _TITLES or low in _PARTICLES:
        return True
    if re.fullmatch(r"[A-ZÄÖÜ]\.(?:-[A-ZÄÖÜ]\.)?", tok):  # initial
        return True
    core = tok.replace("-", "").replace("'", "").replace("’", "")
    return (len(tok) > 1 and tok[0].isupper() and core.isalpha() and any(c.islower() for c in tok)
            and low not in _NOT_NAMES)


def _valid_name(tokens: list[str]) -> bool:
    if not 1 <= len(tokens) <= 6 or not all(_is_name_token(t) for t in tokens):
        return False
    real = [t for t in tokens if t.casefold() not in _TITLES_OR_PARTICLES
            and not re.fullmatch(r"[A-ZÄÖÜ]\..*", t)]
    return bool(real) and tokens[-1].casefold() not in _PARTICLES


def _is_role_word(tok: str) -> bool:
    return tok == "Abg." or (tok[:1].isupper() and bool(_ROLE_WORD.fullmatch(tok)))


def _role_prefix(tokens: list[str]) -> tuple[int, str | None, bool]:
    """Leading role tokens → (number of tokens, role text or None, has a portfolio complement).

    ``(0, None, False)`` when the tokens do not start with a role or honorific."""
    i = 0
    honorific = False
    if tokens and tokens[0].casefold() in _HONORIFICS:
        honorific = True
        i = 1
    start = i
    while i < len(tokens) and tokens[i].casefold() in _ROLE_MODIFIERS:
        i += 1
    role_end = None
    if i < len(tokens) - 1:  # a role needs a name after it
        tok = tokens[i]
        if _is_role_word(tok) or (i > start and tok.casefold() in _SACHKUNDIG):
            role_end = i + 1
    if role_end is None:
        if honorific and i == start and len(tokens) > 1 and not _is_role_word(tokens[1]):
            return 1, None, False  # "Herr Meier": a turn marker, but no role ("Herr Präsident" is none)
        return 0, None, False
    role_tokens = tokens[start:role_end]
    role = " ".join(role_tokens)
    if role == "Abg.":
        role = "Abgeordnete"
    complement = role_end < len(tokens) and tokens[role_end].casefold() in _COMPLEMENT_START
    return role_end, role, complement


def _name_from_end(tokens: list[str]) -> int | None:
    """Index where a trailing person name starts ([titles] given-name [particles] surname)."""
    j = len(tokens) - 1
    if j < 0 or not _is_name_token(tokens[j]) or tokens[j].casefold() in _TITLES_OR_PARTICLES:
        return None
    j -= 1
    while j >= 0 and tokens[j].casefold() in _PARTICLES:
        j -= 1
    if j >= 0 and _is_name_token(tokens[j]) and tokens[j].casefold() not in _TITLES_OR_PARTICLES:
        j -= 1
    while j >= 0 and tokens[j].casefold() in _TITLES:
        j -= 1
    return j + 1


_TURN_RE = re.compile(r"^(?P<head>[^:()\[\]]{2,200}?(?:\s*[\[(][^()\[\]:]{1,60}[\])])?)"
                      r"\s*:(?:\s+(?P<rest>.*))?$")


def parse_turn(line: str) -> Turn | None:
    """Parse a speaker-turn line (see the module docstring for the rules); None if it is not one."""
    s = line.strip().replace("\xa0", " ")
    if len(s) < 3 or ":" not in s[:260]:
        return None
    m = _TURN_RE.match(s)
    if not m:
        return None
    head, rest = m.group("head").strip(), (m.group("rest") or "").strip()
    if re.search(r"[!?;„“\"«»]", head):
        return None
    faction = None
    pm = re.search(r"\s*[\[(]([^()\[\]]{1,60})[\])]$", head)
    if pm:
        inner = squeeze_spaces(pm.group(1))
        head = head[:pm.start()].strip()
        if inner.casefold() in _NOT_PARTY:
            inner = ""
        elif not _party_like(inner):
            return None
        faction = inner or None
    tokens = head.split()
    if not tokens:
        return None
    speaker: str | None = None
    role: str | None = None
    has_role = False
    n, role, complement = _role_prefix(tokens)
    if n:
        has_role = True
        if complement:
            k = _name_from_end(tokens)
            if k is not None and k > n:
                role = " ".join([role or "", *tokens[n:k]]).strip()
                speaker_tokens = tokens[k:]
                speaker = " ".join(speaker_tokens) if _valid_name(speaker_tokens) else None
        elif _valid_name(tokens[n:]):
            speaker = " ".join(tokens[n:])
    if speaker is None and ", " in head:
        name_part, _, role_part = head.partition(", ")
        rtoks = role_part.split()
        # "X" stands in for the name a role prefix needs: after the comma the role stands alone
        rn, rrole, _ = _role_prefix(rtoks + ["X"])
        if rn and rrole and _valid_name(name_part.split()):
            speaker, role, has_role = name_part.strip(), role_part.strip(), True
    if speaker is None and not has_role and _valid_name(tokens):
        speaker = " ".join(tokens)
    if speaker is None:
        return None
    if rest:
        if not (has_role or (faction and _known_party(faction))):
            return None
    elif not (has_role or faction):
        return None
    return Turn(speaker=speaker, role=role, faction=faction, party=normalise_party(faction),
                rest=rest)


def is_chair(role: str | None, chair_roles: Iterable[str] = CHAIR_ROLES) -> bool:
    """True when ``role`` (its first word) is one of ``chair_roles`` (case-insensitive)."""
    if not role:
        return False
    roles = {r.casefold() for r in chair_roles}
    return role.casefold() in roles or role.split()[0].casefold() in roles
