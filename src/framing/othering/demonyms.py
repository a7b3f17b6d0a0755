"""Local-identity terms generated from place names: "Essen" -> "Essener", "Altena" -> "Altenaer".

A user's own towns work without editing the lexicon: :func:`demonym_entries` turns place names
into ``local_identity`` entries through :func:`framing.corpus.places.demonym` (regular German
"-er" rule plus its override table) and the lexicon's ``demonym_overrides`` (irregular local
forms, e.g. "Evingsen" -> "Evingser"). Inflected and gendered forms ("Essenern", "Essenerin",
"Essenerinnen", "Essener*innen" via the lemma and ``gender_inclusive``) and the newcomer
compounds ("Neu-Essener", "Neuessener") are added when the lexicon is compiled
(:mod:`framing.othering.matching`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

from framing.othering.lexicon import Entry

#: names that are regions, not places whose people a text would name as members
_NOT_PLACES = frozenset({"Deutschland", "Germany", "Europa", "Ruhrgebiet", "Sauerland", "Welt"})
_SPLIT = re.compile(r"\s*/\s*|\s*,\s*")
#: district kinds of the shipped gazetteer whose demonyms are added with ``districts=True``
_DISTRICT_KINDS = frozenset({"Stadtteil", "Ortsteil", "Siedlung"})


def _states() -> frozenset[str]:
    try:
        from framing.corpus.places import STATES
        return frozenset(STATES.values())
    except ImportError:  # pragma: no cover - places module absent
        return frozenset()


def split_place(value: str) -> list[str]:
    """Place names inside a metadata value: "Essen-Altenessen/Karnap" -> Essen, Altenessen, Karnap.

    A hyphenated "City-District" value is split into both parts; a German Land
    ("Nordrhein-Westfalen") or a region is dropped (its people are not named by a demonym).
    """
    out: list[str] = []
    states = _states()
    for part in _SPLIT.split(str(value).strip()):
        part = part.strip()
        if not part or part in states or part in _NOT_PLACES:
            continue
        if "-" in part and not part.startswith(("Bad ", "Sankt ")):
            pieces = [p for p in part.split("-") if p]
            if all(p[:1].isupper() and len(p) >= 3 for p in pieces):
                out.extend(pieces)
                continue
        out.append(part)
    return list(dict.fromkeys(out))


def places_from_docs(docs: pd.DataFrame, column: str = "place") -> list[str]:
    """Place names from the documents' ``place`` metadata (each value split by :func:`split_place`)."""
    if column not in docs.columns:
        return []
    names: list[str] = []
    for value in docs[column].dropna().astype(str).unique().tolist():
        names.extend(split_place(value))
    return list(dict.fromkeys(names))


@lru_cache(maxsize=64)
def _districts_of(places: tuple[str, ...]) -> tuple[str, ...]:
    """Districts (Stadtteile, Ortsteile, estates) of ``places`` in the shipped district gazetteer."""
    try:
        from framing.corpus.places import Gazetteer
        frame = Gazetteer.default(geonames=False).to_frame()
    except Exception:  # pragma: no cover - gazetteer unavailable
        return ()
    sub = frame[frame["parent"].isin(places) & frame["kind"].isin(_DISTRICT_KINDS)]
    out = []
    for name, parent in zip(sub["name"], sub["parent"]):
        if name.startswith(f"{parent}-"):
            name = name[len(parent) + 1:]
        out.append(name)
    return tuple(dict.fromkeys(out))


def demonym_of(name: str, overrides: Mapping[str, str] | None = None) -> str:
    """The demonym of a place, through :func:`framing.corpus.places.demonym` and ``overrides``."""
    if overrides and name in overrides:
        return overrides[name]
    try:
        from framing.corpus.places import demonym
    except ImportError:  # pragma: no cover - fallback with the same regular rules
        base = name.split(" an der ")[0].split(" am ")[0]
        if base.endswith("ingen"):
            return base[:-2] + "er"
        if base.endswith("stadt"):
            return base[:-5] + "städter"
        return base + ("r" if base.endswith("e") else "er")
    return demonym(name, dict(overrides) if overrides else None)


def _clash(name: str, dem: str) -> str | None:
    """The ordinary word a generated (not conventional) demonym's forms collide with, or None."""
    from framing.corpus.places import DEMONYM_OVERRIDES, demonym_clash

    return None if name in DEMONYM_OVERRIDES else demonym_clash(dem)


def demonym_entries(places: Iterable[str], overrides: Mapping[str, str] | None = None, *,
                    districts: bool = False, category: str = "local_identity",
                    polarity: str = "recognition",
                    dropped: dict[str, str] | None = None) -> list[Entry]:
    """``local_identity`` entries for the demonyms of ``places`` (and their districts).

    Each entry matches as lemma and compound head, needs a newcomer reference (see
    :mod:`framing.othering.context`) and is skipped in attributive use ("Essener Stadtrat").
    A generated demonym whose inflected forms are ordinary words is left out ("Konzer" of Konz:
    "Konzern"); give the right form in ``overrides`` to keep such a place. Pass a dict as
    ``dropped`` to learn which were left out and why (demonym -> reason).
    """
    names = [p for p in dict.fromkeys(str(p).strip() for p in places) if p]
    if districts and names:
        names = list(dict.fromkeys([*names, *_districts_of(tuple(names))]))
    entries: dict[str, Entry] = {}
    for name in names:
        dem = demonym_of(name, overrides)
        if not dem or " " in dem or dem in entries:
            continue
        clash = None if (overrides and name in overrides) else _clash(name, dem)
        if clash is not None:  # "Konzer" (Konz): "Konzern" is a word, "westliche Konzerne" no people
            if dropped is not None:
                dropped[dem] = f"{name}: form {clash!r} is an ordinary word"
            continue
        entries[dem] = Entry(
            term=dem, category=category, polarity=polarity, match=("lemma", "head"),
            rationale=f"demonym of {name}: naming people as members of the place "
                      "(counts only with a newcomer reference)",
            source=("generated",), inflect="noun", needs="reference", newcomer=False,
            not_before_noun=True, origin=f"demonym:{name}")
    return list(entries.values())


def describe(entries: Iterable[Entry]) -> pd.DataFrame:
    """Place -> demonym table of generated entries (for reports)."""
    rows: list[dict[str, Any]] = [{"place": e.origin.split(":", 1)[1], "demonym": e.term}
                                  for e in entries if e.origin.startswith("demonym:")]
    return pd.DataFrame(rows, columns=["place", "demonym"])
