"""The othering lexicon: naming terms with a category, a polarity and a rationale (YAML, editable).

A lexicon file has five sections (see ``framing/resources/lexicons/othering_de.yaml`` and
``docs/reference/othering-lexicon.md``):

``categories``
    name -> ``polarity`` (``othering`` | ``recognition``), ``description`` and ``newcomer``
    (whether a term of this category refers to newcomers, so that it can serve as the
    newcomer context for ambiguous terms and local-identity naming).
``sources``
    key -> citation (title, URL, note); every entry names one or more keys.
``lists``
    named lists of lemmas (``@origins``) usable in phrases, ``with_modifier`` and ``context``.
``context``
    the word lists of the context rules: negators, distancing markers, newcomer cues, bridges.
``entries``
    one mapping per term: ``term``, ``category``, ``match`` (``lemma`` | ``head`` |
    ``modifier`` | ``phrase`` or a list of them), ``rationale``, ``source``; optional
    ``polarity`` (must agree with the category), ``forms`` (extra lemma spellings),
    ``inflect`` (``noun`` | ``adjectival`` | ``none``), ``needs`` (``none`` | ``context`` |
    ``reference``), ``with_modifier`` (head matches only with one of these compound modifiers),
    ``newcomer`` (override the category default), ``not_before_noun`` (skip attributive uses).

Optional top-level ``index_categories``: the categories that enter the othering index by default
(absent: all); the shipped lexicon leaves out ``group_label_neutral`` and ``crisis_label``.

Optional top-level ``modifier_rules``: a match of one of the ``applies_to`` categories with a
word of the context list ``list`` before it (within ``window`` tokens, only lower-case words
between) counts for ``category`` instead ("illegale Migranten", "abgelehnte Asylbewerber" ->
``delegitimising_label``); ``scare_quotes: true`` also moves a scare-quoted match („Flüchtlinge“).
Such a match is not excluded as distanced by the marker or quotes that move it.

Validation errors are :class:`framing.errors.InputError` and name the file and the entry.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from framing import _yaml
from framing.errors import InputError
from framing.matching.rules import (
    _CONTEXT_INTS,
    DEFAULT_CONTEXT,
    INFLECTIONS,
    MATCH_TYPES,
    NEEDS,
    Category,
    Entry,
    resolve_lists,
)

POLARITIES: tuple[str, ...] = ("othering", "recognition")

@lru_cache(maxsize=16)
def _load_yaml(path: str, mtime_ns: int) -> Any:
    """Parsed YAML of a lexicon file (cached per path and modification time)."""
    try:
        return _yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML ({getattr(exc, 'problem', exc)})", path=path,
                         line=mark.line + 1 if mark is not None else None) from None


def _resource_path() -> Path:
    return Path(str(resources.files("framing").joinpath("resources/lexicons/othering_de.yaml")))


class Lexicon:
    """A validated othering lexicon (entries, categories, context word lists, sources).

    >>> lex = Lexicon.default()
    >>> lex2 = lex.extend([{"term": "Neuankömmling", "category": "group_label_neutral",
    ...                     "match": "lemma", "rationale": "...", "source": "user"}])
    """

    def __init__(self, entries: Sequence[Entry], categories: Mapping[str, Category],
                 context: Mapping[str, Any] | None = None, lists: Mapping[str, Sequence[str]] | None = None,
                 sources: Mapping[str, Any] | None = None, *, name: str = "custom",
                 version: str = "0", demonym_overrides: Mapping[str, str] | None = None,
                 path: str | None = None, index_categories: Iterable[str] | None = None,
                 modifier_rules: Iterable[Mapping[str, Any]] = ()) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.categories: dict[str, Category] = dict(categories)
        self.context: dict[str, Any] = {**copy.deepcopy(DEFAULT_CONTEXT), **dict(context or {})}
        self.lists: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in (lists or {}).items()}
        self.sources: dict[str, Any] = dict(sources or {})
        self.name = name
        self.version = str(version)
        self.demonym_overrides: dict[str, str] = dict(demonym_overrides or {})
        self.path = path
        #: categories that enter the othering index by default (``None``: all); the scorer's
        #: ``index_categories`` overrides it
        self.index_categories: tuple[str, ...] | None = (None if index_categories is None
                                                         else tuple(index_categories))
        #: attributive-modifier rules (see the module docstring), validated by :meth:`from_dict`
        self.modifier_rules: tuple[dict[str, Any], ...] = tuple(dict(r) for r in modifier_rules)

    # -- constructors -----------------------------------------------------------------------
    @classmethod
    def default(cls) -> "Lexicon":
        """The shipped German lexicon (``framing/resources/lexicons/othering_de.yaml``)."""
        return cls.from_yaml(_resource_path())

    @classmethod
    def from_yaml(cls, path: str | Path) -> "Lexicon":
        """Load and validate a lexicon file; errors name the file and the entry."""
        path = Path(path)
        if not path.exists():
            raise InputError("no such lexicon file", path=path)
        data = copy.deepcopy(_load_yaml(str(path), path.stat().st_mtime_ns))
        return cls.from_dict(data, path=str(path))

    @classmethod
    def from_dict(cls, data: Any, *, path: str | None = None, base: "Lexicon | None" = None) -> "Lexicon":
        """Build from a parsed mapping (the YAML structure). ``base`` supplies categories,
        lists, context and sources that ``data`` does not define (used by :meth:`extend`)."""
        where = path or "<lexicon>"
        if not isinstance(data, Mapping):
            raise InputError("a lexicon file must be a mapping with an 'entries' list", path=where)
        unknown = set(data) - {"name", "version", "language", "description", "licence", "license",
                               "categories", "sources", "lists", "context", "entries",
                               "demonym_overrides", "index_categories", "modifier_rules"}
        if unknown:
            raise InputError(f"unknown top-level key(s) {sorted(unknown)}", path=where)
        categories = dict(base.categories) if base else {}
        for cname, spec in (data.get("categories") or {}).items():
            if not isinstance(spec, Mapping) or spec.get("polarity") not in POLARITIES:
                raise InputError(f"category {cname!r}: 'polarity' must be one of {list(POLARITIES)}",
                                 path=where)
            categories[str(cname)] = Category(str(cname), spec["polarity"], str(spec.get("description", "")),
                                              bool(spec.get("newcomer", False)))
        if not categories:
            raise InputError("no 'categories' defined", path=where)
        sources = {**(base.sources if base else {}), **dict(data.get("sources") or {})}
        lists = {**(base.lists if base else {}),
                 **{str(k): tuple(str(x) for x in (v or [])) for k, v in (data.get("lists") or {}).items()}}
        context = {**(base.context if base else copy.deepcopy(DEFAULT_CONTEXT)), **dict(data.get("context") or {})}
        for key in _CONTEXT_INTS:
            if not isinstance(context.get(key), int) or context[key] < 0:
                raise InputError(f"context.{key} must be a non-negative integer, not {context.get(key)!r}",
                                 path=where)
        for key, value in context.items():
            if key not in _CONTEXT_INTS and not isinstance(value, (list, tuple)):
                raise InputError(f"context.{key} must be a list of words", path=where)
            if key not in _CONTEXT_INTS:
                for word in value:
                    if isinstance(word, str) and word.startswith("@") and word[1:] not in lists:
                        raise InputError(f"context.{key}: unknown list {word!r}", path=where)
        raw_entries = data.get("entries")
        if base is None and not isinstance(raw_entries, list):
            raise InputError("'entries' must be a list", path=where)
        entries = [_parse_entry(e, i, where, categories, sources, lists)
                   for i, e in enumerate(raw_entries or [], start=1)]
        overrides = {**(base.demonym_overrides if base else {}),
                     **{str(k): str(v) for k, v in (data.get("demonym_overrides") or {}).items()}}
        index_cats = data.get("index_categories", base.index_categories if base else None)
        if index_cats is not None:
            if isinstance(index_cats, str) or not all(isinstance(c, str) for c in index_cats):
                raise InputError("'index_categories' must be a list of category names", path=where)
            unknown_cats = sorted(set(index_cats) - set(categories))
            if unknown_cats:
                raise InputError(f"index_categories: unknown categories {unknown_cats}; "
                                 f"categories are {sorted(categories)}", path=where)
        rules = _parse_modifier_rules(data.get("modifier_rules"), where, categories, context) \
            if "modifier_rules" in data else (base.modifier_rules if base else ())
        lex = cls(list(base.entries) if base else [], categories, context, lists, sources,
                  name=str(data.get("name", base.name if base else "custom")),
                  version=str(data.get("version", base.version if base else "0")),
                  demonym_overrides=overrides, path=path or (base.path if base else None),
                  index_categories=index_cats, modifier_rules=rules)
        return lex._with_entries(entries)

    # -- editing ----------------------------------------------------------------------------
    def _with_entries(self, new: Sequence[Entry]) -> "Lexicon":
        """A copy with ``new`` entries added; an entry with the same term and match replaces the old one."""
        keyed: dict[tuple[str, tuple[str, ...]], Entry] = {}
        for e in (*self.entries, *new):
            keyed.pop((e.term, e.match), None)
            keyed[(e.term, e.match)] = e
        out = copy.copy(self)
        out.entries = tuple(keyed.values())
        return out

    def extend(self, other: "Lexicon | str | Path | Mapping[str, Any] | Iterable[Mapping[str, Any] | Entry]",
               ) -> "Lexicon":
        """A new lexicon with more entries (and categories/lists/sources) from another lexicon,
        a YAML file, a mapping in the file format, or a list of entry mappings."""
        if isinstance(other, Lexicon):
            merged = Lexicon(self.entries, {**self.categories, **other.categories},
                             {**self.context, **other.context}, {**self.lists, **other.lists},
                             {**self.sources, **other.sources}, name=self.name, version=self.version,
                             demonym_overrides={**self.demonym_overrides, **other.demonym_overrides},
                             path=self.path, index_categories=self.index_categories,
                             modifier_rules=other.modifier_rules or self.modifier_rules)
            return merged._with_entries(other.entries)
        if isinstance(other, (str, Path)):
            path = Path(other)
            if not path.exists():
                raise InputError("no such lexicon file", path=path)
            data = copy.deepcopy(_load_yaml(str(path), path.stat().st_mtime_ns))
            return Lexicon.from_dict(data, path=str(path), base=self)
        if isinstance(other, Mapping):
            return Lexicon.from_dict(other, base=self)
        items = list(other)
        if all(isinstance(e, Entry) for e in items):
            return self._with_entries(items)  # type: ignore[arg-type]
        return Lexicon.from_dict({"entries": items}, base=self)

    # -- access -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __repr__(self) -> str:
        return f"<Lexicon {self.name} v{self.version}: {len(self)} entries, {len(self.categories)} categories>"

    def polarity_of(self, category: str) -> str:
        return self.categories[category].polarity

    def resolve(self, words: Iterable[str]) -> list[str]:
        """Expand ``@list`` references in a word list."""
        return resolve_lists(words, self.lists)

    def to_frame(self) -> pd.DataFrame:
        """One row per entry (term, category, polarity, match, needs, rationale, source …)."""
        rows = [{**e.to_dict(), "match": "|".join(e.match), "source": ", ".join(e.source),
                 "forms": "|".join(e.forms), "with_modifier": "|".join(e.with_modifier)} for e in self.entries]
        cols = ["term", "label", "category", "polarity", "match", "needs", "inflect", "forms", "with_modifier",
                "newcomer", "not_before_noun", "rationale", "source", "origin"]
        return pd.DataFrame(rows, columns=cols)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip()) if "," in value else (value.strip(),)
    return tuple(str(v).strip() for v in value)


def _parse_entry(raw: Any, i: int, where: str, categories: Mapping[str, Category],
                 sources: Mapping[str, Any], lists: Mapping[str, Sequence[str]]) -> Entry:
    """Validate one entry mapping; errors say ``<file>, record <i>: entry 'term': ...``."""
    if isinstance(raw, Entry):
        return raw
    if not isinstance(raw, Mapping):
        raise InputError(f"entry must be a mapping, got {type(raw).__name__}", path=where, record=i)
    term = raw.get("term")
    label = f"entry {term!r}" if term else "entry"

    def fail(msg: str) -> InputError:
        return InputError(f"{label}: {msg}", path=where, record=i)

    allowed = {"term", "category", "polarity", "match", "rationale", "source", "forms", "inflect",
               "needs", "with_modifier", "newcomer", "not_before_noun", "note", "label"}
    extra = set(raw) - allowed
    if extra:
        raise fail(f"unknown field(s) {sorted(extra)}")
    if not isinstance(term, str) or not term.strip():
        raise fail("'term' is missing or empty")
    term = term.strip()
    cat = raw.get("category")
    if cat not in categories:
        raise fail(f"unknown category {cat!r}; categories are {sorted(categories)}")
    polarity = raw.get("polarity", categories[cat].polarity)
    if polarity not in POLARITIES:
        raise fail(f"polarity must be one of {list(POLARITIES)}, not {polarity!r}")
    if polarity != categories[cat].polarity:
        raise fail(f"polarity {polarity!r} contradicts category {cat!r} ({categories[cat].polarity})")
    match = _as_tuple(raw.get("match", "lemma"))
    if not match or any(m not in MATCH_TYPES for m in match):
        raise fail(f"match must be one or more of {list(MATCH_TYPES)}, not {raw.get('match')!r}")
    if "phrase" in match and len(match) > 1:
        raise fail("a phrase entry cannot also match as lemma/head/modifier")
    if "phrase" not in match and (" " in term or "|" in term):
        raise fail("a term with spaces or alternatives needs match: phrase")
    rationale = raw.get("rationale")
    if not isinstance(rationale, str) or len(rationale.strip()) < 3:
        raise fail("'rationale' is missing (say briefly why the term is in this category)")
    source = _as_tuple(raw.get("source"))
    if not source:
        raise fail("'source' is missing")
    unknown_src = [s for s in source if s not in sources and s != "user"]
    if unknown_src:
        raise fail(f"unknown source key(s) {unknown_src}; define them under 'sources' (or use 'user')")
    needs = raw.get("needs", "none")
    if needs not in NEEDS:
        raise fail(f"needs must be one of {list(NEEDS)}, not {needs!r}")
    inflect = raw.get("inflect", "noun" if "phrase" not in match else "none")
    if inflect not in INFLECTIONS:
        raise fail(f"inflect must be one of {list(INFLECTIONS)}, not {inflect!r}")
    with_mod = _as_tuple(raw.get("with_modifier"))
    for w in with_mod:
        if w.startswith("@") and w[1:] not in lists:
            raise fail(f"with_modifier: unknown list {w!r}")
    if with_mod and "head" not in match:
        raise fail("with_modifier only applies to match: head")
    if "phrase" in match:
        for el in term.split():
            for alt in el.strip("()").split("|"):
                if alt.startswith("@") and alt[1:] not in lists:
                    raise fail(f"phrase element {alt!r}: unknown list")
    newcomer = raw.get("newcomer", categories[cat].newcomer and needs == "none")
    return Entry(term=term, category=str(cat), polarity=str(polarity), match=match,
                 rationale=rationale.strip(), source=source, forms=_as_tuple(raw.get("forms")),
                 inflect=str(inflect), needs=str(needs), with_modifier=with_mod, newcomer=bool(newcomer),
                 not_before_noun=bool(raw.get("not_before_noun", inflect == "adjectival")),
                 label=str(raw.get("label") or ""))


def _parse_modifier_rules(raw: Any, where: str, categories: Mapping[str, Category],
                          context: Mapping[str, Any]) -> tuple[dict[str, Any], ...]:
    """Validate ``modifier_rules``: each names a context ``list``, the ``applies_to`` categories,
    the target ``category``, a ``window`` (default 2) and ``scare_quotes`` (default false)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InputError("'modifier_rules' must be a list of mappings", path=where)
    out = []
    for i, rule in enumerate(raw, start=1):
        def fail(msg: str, i: int = i) -> InputError:
            return InputError(f"modifier_rules[{i}]: {msg}", path=where)
        if not isinstance(rule, Mapping):
            raise fail("must be a mapping with list, applies_to and category")
        extra = set(rule) - {"list", "applies_to", "category", "window", "scare_quotes", "rationale", "source"}
        if extra:
            raise fail(f"unknown field(s) {sorted(extra)}")
        name = rule.get("list")
        if not isinstance(name, str) or not isinstance(context.get(name), (list, tuple)):
            raise fail(f"'list' must name a word list of the 'context' section, not {name!r}")
        applies = _as_tuple(rule.get("applies_to"))
        target = rule.get("category")
        unknown = sorted({*applies, target} - set(categories)) if applies else ["(applies_to is empty)"]
        if unknown:
            raise fail(f"unknown categories {unknown}; categories are {sorted(categories)}")
        if categories[target].polarity != "othering" or any(categories[c].polarity != "othering" for c in applies):
            raise fail("modifier rules move othering matches between othering categories")
        window = rule.get("window", 2)
        if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 5:
            raise fail(f"'window' must be an integer from 1 to 5, not {window!r}")
        out.append({"list": name, "applies_to": applies, "category": str(target), "window": window,
                    "scare_quotes": bool(rule.get("scare_quotes", False))})
    return tuple(out)


def with_entries(lexicon: Lexicon, entries: Iterable[Entry]) -> Lexicon:
    """``lexicon`` plus ready-made :class:`Entry` objects (used for generated demonyms)."""
    return lexicon._with_entries(list(entries))


__all__ = ["Category", "Entry", "Lexicon", "POLARITIES", "MATCH_TYPES", "NEEDS", "with_entries"]
