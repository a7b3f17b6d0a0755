"""The rule entry every matcher reads, and the rule set the matching engine compiles.

One kind of entry serves the othering lexicon and frame codebooks alike: a term (lemma or phrase
pattern), how it matches (``lemma`` | ``head`` | ``modifier`` | ``phrase``), its inflection class
and extra forms, and the category it counts for. The othering lexicon adds polarity and the
newcomer-reference conditions; a codebook compiles each distinct term to one entry and keeps
the term -> frames map itself (a term may belong to several frames).

:class:`RuleSet` is the shape :class:`framing.matching.engine.CompiledLexicon` reads: entries,
category names, the context word lists (negation, quotation, distancing) and named lists.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MATCH_TYPES: tuple[str, ...] = ("phrase", "lemma", "head", "modifier")
#: ``sentence``: like ``context``, but the newcomer word must be in the same sentence and the term
#: not in a literal prepositional phrase ("aus den Fluten") - ambiguous mass metaphors
NEEDS: tuple[str, ...] = ("none", "context", "reference", "sentence")
INFLECTIONS: tuple[str, ...] = ("noun", "adjectival", "none")

#: context word lists every lexicon has (defaults used where a file leaves one out)
DEFAULT_CONTEXT: dict[str, Any] = {
    "negators": ["kein", "nicht", "nie", "niemals", "keinesfalls", "keineswegs", "ohne"],
    "negation_window": 3,
    "negation_exceptions_next": ["nur", "bloß", "allein"],
    "negators_after": ["nicht", "kein"],
    "negation_after_window": 4,
    "negation_after_verbs": ["sein", "werden", "bleiben", "gelten"],
    "distancing_markers": ["sogenannt", "sog.", "sog", "sogenannte"],
    "distancing_window": 3,
    "scare_quote_max_tokens": 3,
    "metalinguistic_before": ["Wort", "Begriff", "Bezeichnung"],
    "metalinguistic_after": ["bezeichnen", "nennen"],
    "metalinguistic_rede": ["Rede"],
    "metalinguistic_speak": ["sprechen", "reden"],
    "metalinguistic_quoted": ["sagen", "schreiben", "verwenden", "benutzen", "gebrauchen"],
    "quote_articles": ["der", "ein", "dieser", "jener"],
    "quote_list_separators": [",", "/", ";"],
    "newcomer_modifiers": ["neu", "zugezogen", "zugewandert", "geflüchtet"],
    "modifier_window": 3,
    "postmodifier_window": 3,
    "postmodifier_with": ["Fluchterfahrung", "Fluchtgeschichte"],
    "postmodifier_from": ["Syrien", "Afghanistan"],
    "relative_clause_cues": ["neu", "zugezogen", "geflüchtet"],
    "relative_clause_window": 6,
    "bridges": ["sein", "werden", "als"],
    "blocking_prepositions": ["für", "gegen", "von", "vor", "bei", "mit", "über", "wegen"],
    "predicative_window": 10,
    "predicative_after": 1,
    "context_terms": ["Flucht", "Asyl", "Zuwanderung", "Migration"],
    "context_sentences": 1,
    "literal_prepositions": ["aus", "in", "auf", "unter", "gegen"],
    "coordinators": ["und", "oder", "sowie", "bzw."],
    "max_quote_tokens": 60,
}
_CONTEXT_INTS = ("negation_window", "negation_after_window", "distancing_window", "scare_quote_max_tokens",
                 "modifier_window", "postmodifier_window", "relative_clause_window", "predicative_window",
                 "context_sentences", "max_quote_tokens", "predicative_after")


@dataclass(frozen=True)
class Category:
    """A lexicon category: its polarity, what it covers, and whether its terms refer to newcomers."""

    name: str
    polarity: str
    description: str = ""
    newcomer: bool = False


@dataclass(frozen=True)
class Entry:
    """One lexicon term. ``term`` is a lemma (single word) or a phrase pattern (``match=phrase``).

    Phrase syntax: space-separated elements; ``a|b`` alternatives; ``(a|b)`` optional element;
    ``*`` any one token; ``@name`` a named list. An element written with a capital initial needs
    a capitalised token (a noun); lower-case elements match regardless of case. Elements match
    a token's lemma or its surface form.
    """

    term: str
    category: str
    polarity: str
    match: tuple[str, ...]
    rationale: str
    source: tuple[str, ...]
    forms: tuple[str, ...] = ()
    inflect: str = "noun"
    needs: str = "none"
    with_modifier: tuple[str, ...] = ()
    newcomer: bool = False
    not_before_noun: bool = False
    origin: str = "lexicon"
    label: str = ""

    @property
    def name(self) -> str:
        """Short display name: ``label``, or for a phrase the first alternative of each element
        ("Mensch|Familie mit (*) Fluchterfahrung|Fluchtgeschichte" -> "Mensch mit Fluchterfahrung")."""
        if self.label:
            return self.label
        if "phrase" not in self.match:
            return self.term
        words = [el.strip("()").split("|")[0] for el in self.term.split() if el.strip("()") != "*"]
        return " ".join(words)

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "label": self.name, "category": self.category, "polarity": self.polarity,
                "match": list(self.match), "needs": self.needs, "inflect": self.inflect,
                "forms": list(self.forms), "with_modifier": list(self.with_modifier),
                "newcomer": self.newcomer, "not_before_noun": self.not_before_noun,
                "rationale": self.rationale, "source": list(self.source), "origin": self.origin}


class RuleSet:
    """Entries plus the context word lists the engine and the context rules read.

    :class:`framing.othering.Lexicon` is a rule set with validation and sources on top;
    :meth:`framing.Codebook.rules` builds one from a codebook.
    """

    def __init__(self, entries: Sequence[Entry], categories: Iterable[str],
                 context: Mapping[str, Any] | None = None, lists: Mapping[str, Sequence[str]] | None = None,
                 *, name: str = "rules", version: str = "0") -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.categories: dict[str, Any] = {c: None for c in categories}
        self.context: dict[str, Any] = {**copy.deepcopy(DEFAULT_CONTEXT), **dict(context or {})}
        self.lists: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in (lists or {}).items()}
        self.name = name
        self.version = str(version)

    def resolve(self, words: Iterable[str]) -> list[str]:
        """Expand ``@list`` references in a word list."""
        return resolve_lists(words, self.lists)


def resolve_lists(words: Iterable[str], lists: Mapping[str, Iterable[str]]) -> list[str]:
    """Expand ``@name`` references in a word list with the named ``lists`` (rule sets and the
    othering lexicon alike)."""
    out: list[str] = []
    for w in words:
        w = str(w)
        if w.startswith("@"):
            out.extend(lists.get(w[1:], ()))
        else:
            out.append(w)
    return out


__all__ = ["resolve_lists", "Category", "Entry", "RuleSet", "DEFAULT_CONTEXT", "MATCH_TYPES", "NEEDS", "INFLECTIONS"]
