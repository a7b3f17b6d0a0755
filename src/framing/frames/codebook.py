"""Codebooks: frames as YAML files a researcher reads and edits.

A codebook maps frame names to indicator terms (``docs/guide/frames.md`` has the full syntax)::

    name: my_codebook
    version: "1"
    description: what the frames are for
    sources: {key: "citation"}                  # optional, named by terms' ``source``
    count: {negated: false, distanced: false, quoted_speech: true}   # optional context rules
    context: {negators: [kein, nicht]}          # optional: the shared context word lists
    frames:
      problematisation:
        description: immigration as burden, overload, a "problem quarter"
        dimension: mode                         # optional: shares are computed per dimension
        exclude: [Hitzewelle]                   # tokens matching these never count for the frame
        terms:
          - Belastung                           # plain lemma: lemma, compound head and modifier
          - Essener Norden                      # several words: a multiword expression
          - Flüchtling*                         # glob over lemmas (regular expression underneath)
          - {term: Brennpunkt, weight: 2, rationale: "...", source: key}
          - {regex: "^nord-?süd", rationale: "..."}

``Codebook.from_dict({"frame": ["a", "b"]})`` and ``{"frame": {"terms": [...], "description": ...}}``
are accepted too. Validation errors are :class:`framing.errors.InputError` and name the file, the
frame and the term. A term may belong to several frames; a duplicate within one frame is an error.
Each term compiles to a :class:`framing.matching.rules.Entry` (the rule entry the othering lexicon
uses) and each frame to a :class:`framing.matching.rules.RuleSet`.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from framing import _yaml
from framing.errors import InputError
from framing.matching.rules import _CONTEXT_INTS, DEFAULT_CONTEXT, MATCH_TYPES, Entry, RuleSet

#: what a term may say about itself
TERM_KEYS: frozenset[str] = frozenset({"term", "regex", "match", "weight", "rationale", "source", "forms",
                                       "inflect", "note", "label"})
FRAME_KEYS: frozenset[str] = frozenset({"terms", "description", "dimension", "exclude", "label", "note",
                                        "source", "sources"})
TOP_KEYS: frozenset[str] = frozenset({"name", "version", "language", "description", "licence", "license",
                                      "citation", "sources", "frames", "context", "count", "lists", "note"})
#: context rules a codebook can switch on or off (``count:``); defaults: everything counts except
#: scare-quoted/"sogenannt" mentions, which stay counted too unless a codebook says otherwise
COUNT_RULES: dict[str, bool] = {"negated": True, "distanced": True, "quoted_speech": True}
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Term:
    """One indicator term of a frame.

    ``kind`` is ``"lemma"`` (one word: lemma, compound head and modifier by default),
    ``"phrase"`` (several words in a row) or ``"regex"`` (a regular expression over lower-case
    lemmas, also written as a glob ``Flüchtling*``)."""

    term: str
    kind: str
    match: tuple[str, ...] = ()
    weight: float = 1.0
    rationale: str = ""
    source: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    inflect: str = ""
    note: str = ""
    written: str = ""             # how the file wrote it (a glob stays a glob in to_yaml)

    @property
    def key(self) -> str:
        """Identity within a frame (case-insensitive; a regex by its pattern)."""
        return (self.kind[0] + ":" if self.kind == "regex" else "") + " ".join(self.term.lower().split())

    def to_yaml_value(self) -> Any:
        """The shortest YAML form that reads back as this term."""
        written = self.written or self.term
        plain = (self.kind != "regex" or written != self.term) and self.weight == 1.0 and not (
            self.rationale or self.source or self.forms or self.inflect or self.note or self.match)
        if plain:
            return written
        out: dict[str, Any] = {("regex" if self.kind == "regex" and written == self.term else "term"): written}
        if self.match:
            out["match"] = list(self.match)
        if self.weight != 1.0:
            out["weight"] = self.weight
        if self.forms:
            out["forms"] = list(self.forms)
        if self.inflect:
            out["inflect"] = self.inflect
        if self.rationale:
            out["rationale"] = self.rationale
        if self.source:
            out["source"] = self.source[0] if len(self.source) == 1 else list(self.source)
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Frame:
    """A frame: its indicator terms, exclusion terms, description and dimension."""

    name: str
    terms: tuple[Term, ...]
    description: str = ""
    dimension: str = ""
    exclude: tuple[Term, ...] = ()
    label: str = ""
    note: str = ""

    def __len__(self) -> int:
        return len(self.terms)


def _glob_to_regex(glob: str) -> str:
    """``Flüchtling*`` -> ``^flüchtling.*$`` (``*`` any letters, ``?`` one letter)."""
    out = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob.lower())
    return f"^{out}$"


def _check_regex(pattern: str, fail: Any) -> None:
    """A regular expression that cannot work on single lemmas is an error, not a silent zero."""
    try:
        rx = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise fail(f"not a valid regular expression ({exc})") from None
    if rx.search(""):
        raise fail("the regular expression matches the empty string (every token would match)")
    if re.search(r"(?<!\\)\s|\\s", pattern):
        raise fail("the regular expression needs whitespace, but it is applied to one word (token) "
                   "at a time: write a multiword term instead")
    bare = re.sub(r"\\.", "", pattern)                   # escaped characters are literals
    bare = re.sub(r"\[[^\]]*\]", "", bare)              # so are '^'/'$' inside character classes
    if re.search(r"\$(?=[^|)])", bare) or re.compile(r"(?<![|(:=!])\^").search(bare, 1):
        raise fail("the regular expression has '^' or '$' inside it and can never match")


def _parse_term(raw: Any, fail_for: Any, default_source: tuple[str, ...]) -> Term:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, str):
        raw = {"term": raw}
    if not isinstance(raw, Mapping):
        raise fail_for(None)(f"a term must be a word, a phrase or a mapping with 'term', not {type(raw).__name__}")
    text = raw.get("term", raw.get("regex"))
    fail = fail_for(text)
    extra = set(raw) - TERM_KEYS
    if extra:
        raise fail(f"unknown key(s) {sorted(extra)}; a term may have {sorted(TERM_KEYS)}")
    if "term" in raw and "regex" in raw:
        raise fail("give either 'term' or 'regex', not both")
    if not isinstance(text, str) or not text.strip():
        raise fail("the term is empty")
    text = " ".join(text.split())
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not weight > 0:
        raise fail(f"weight must be a positive number, not {weight!r}")
    source = raw.get("source")
    source_t = (source,) if isinstance(source, str) else tuple(str(s) for s in source) if source else default_source
    forms = raw.get("forms") or ()
    forms_t = (forms,) if isinstance(forms, str) else tuple(str(f) for f in forms)
    inflect = str(raw.get("inflect") or "")
    if inflect and inflect not in ("noun", "adjectival", "none"):
        raise fail(f"inflect must be noun, adjectival or none, not {inflect!r}")
    common: dict[str, Any] = {"weight": float(weight), "rationale": str(raw.get("rationale") or "").strip(),
                              "source": source_t, "forms": forms_t, "inflect": inflect,
                              "note": str(raw.get("note") or "")}
    if "regex" in raw:
        _check_regex(text, fail)
        return Term(text, "regex", written=text, **common)
    if not _WORD.search(text):
        raise fail("the term has no letters or digits and can never match a word")
    if "*" in text or "?" in text:
        if " " in text:
            raise fail("a glob ('*', '?') works on one word; for several words write them without '*'")
        if not _WORD.search(text.replace("*", "").replace("?", "")):
            raise fail("a glob needs at least one letter besides '*' and '?'")
        return Term(_glob_to_regex(text), "regex", written=text, **common)
    match = raw.get("match")
    match_t: tuple[str, ...] = ()
    if match is not None:
        match_t = (match,) if isinstance(match, str) else tuple(str(m) for m in match)
        bad = [m for m in match_t if m not in MATCH_TYPES]
        if not match_t or bad:
            raise fail(f"match must be one or more of {list(MATCH_TYPES)}, not {match!r}")
        if "phrase" in match_t and len(match_t) > 1:
            raise fail("a multiword (phrase) term cannot also match as lemma/head/modifier")
    kind = "phrase" if (" " in text or "phrase" in match_t) else "lemma"
    if kind == "lemma" and "phrase" in match_t:
        kind = "phrase"
    if kind == "phrase" and match_t and "phrase" not in match_t:
        raise fail("a term with several words is a multiword expression (match: phrase)")
    return Term(text, kind, match=match_t, written=text, **common)


def _parse_frame(name: str, spec: Any, where: str, default_source: tuple[str, ...]) -> Frame:
    def fail_for(term: Any) -> Any:
        label = f"frame {name!r}" + (f", term {term!r}" if term is not None else "")
        return lambda msg: InputError(f"{label}: {msg}", path=where)

    if isinstance(spec, (list, tuple)):
        spec = {"terms": list(spec)}
    if spec is None or not isinstance(spec, Mapping):
        raise fail_for(None)("a frame is a list of terms or a mapping with 'terms'")
    extra = set(spec) - FRAME_KEYS
    if extra:
        raise fail_for(None)(f"unknown key(s) {sorted(extra)}; a frame may have {sorted(FRAME_KEYS)}")
    raw_terms = spec.get("terms")
    if isinstance(raw_terms, str):
        raw_terms = [raw_terms]
    if not raw_terms:
        raise fail_for(None)("the frame has no terms")
    src = spec.get("source", spec.get("sources"))
    frame_source = ((src,) if isinstance(src, str) else tuple(src)) if src else default_source
    terms: list[Term] = []
    seen: dict[str, str] = {}
    for raw in raw_terms:
        t = _parse_term(raw, fail_for, frame_source)
        if t.key in seen:
            raise fail_for(t.written or t.term)(f"duplicate term in this frame (also written {seen[t.key]!r})")
        seen[t.key] = t.written or t.term
        terms.append(t)
    raw_ex = spec.get("exclude") or []
    if isinstance(raw_ex, str):
        raw_ex = [raw_ex]
    exclude = tuple(_parse_term(r, fail_for, frame_source) for r in raw_ex)
    overlap = {e.key for e in exclude} & set(seen)
    if overlap:
        raise fail_for(sorted(overlap)[0])("the term is both an indicator and an exclusion term of this frame")
    return Frame(str(name), tuple(terms), description=str(spec.get("description") or "").strip(),
                 dimension=str(spec.get("dimension") or ""), exclude=exclude, label=str(spec.get("label") or ""),
                 note=str(spec.get("note") or ""))


def _shipped_dir() -> Path:
    return Path(str(resources.files("framing").joinpath("resources/codebooks")))


class Codebook:
    """A validated set of frames with their indicator terms (see the module docstring).

    >>> cb = Codebook.load("integration_modes")
    >>> cb = Codebook.from_dict({"economy": ["Arbeitsmarkt", "Fachkraft"], "security": ["Polizei"]})
    """

    def __init__(self, frames: Iterable[Frame], *, name: str = "custom", version: str = "0",
                 description: str = "", sources: Mapping[str, Any] | None = None,
                 context: Mapping[str, Any] | None = None, count: Mapping[str, bool] | None = None,
                 meta: Mapping[str, Any] | None = None, path: str | None = None) -> None:
        self.frames: dict[str, Frame] = {f.name: f for f in frames}
        self.name = name
        self.version = str(version)
        self.description = description
        self.sources: dict[str, Any] = dict(sources or {})
        self.context: dict[str, Any] = dict(context or {})
        self.count: dict[str, bool] = {**COUNT_RULES, **dict(count or {})}
        self.meta: dict[str, Any] = dict(meta or {})
        self.path = path

    # -- constructors ------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str | None = None) -> "Codebook":
        """Build from the YAML structure, or from a plain ``{frame: [terms]}`` /
        ``{frame: {"terms": [...], "description": ...}}`` mapping."""
        where = path or "<codebook>"
        if not isinstance(data, Mapping) or not data:
            raise InputError("a codebook is a mapping of frames (or a file with a 'frames' section)", path=where)
        if "frames" in data and isinstance(data["frames"], Mapping):
            unknown = set(data) - TOP_KEYS
            if unknown:
                raise InputError(f"unknown top-level key(s) {sorted(unknown)}; a codebook may have "
                                 f"{sorted(TOP_KEYS)}", path=where)
            top = data
        else:
            top = {"frames": data}
        frames_raw = top["frames"]
        if not frames_raw:
            raise InputError("the codebook has no frames", path=where)
        sources = dict(top.get("sources") or {})
        frames = [_parse_frame(str(n), spec, where, ()) for n, spec in frames_raw.items()]
        for f in frames:
            for t in (*f.terms, *f.exclude):
                unknown_src = [s for s in t.source if sources and s not in sources and s != "user"]
                if unknown_src:
                    raise InputError(f"frame {f.name!r}, term {t.written or t.term!r}: unknown source "
                                     f"{unknown_src}; define it under 'sources'", path=where)
        context = dict(top.get("context") or {})
        for key, value in context.items():
            if key not in DEFAULT_CONTEXT:
                raise InputError(f"context.{key}: unknown context list; known: {sorted(DEFAULT_CONTEXT)}", path=where)
            if key in _CONTEXT_INTS and (not isinstance(value, int) or value < 0):
                raise InputError(f"context.{key} must be a non-negative integer", path=where)
            if key not in _CONTEXT_INTS and not isinstance(value, (list, tuple)):
                raise InputError(f"context.{key} must be a list of words", path=where)
        count = dict(top.get("count") or {})
        for key, value in count.items():
            if key not in COUNT_RULES or not isinstance(value, bool):
                raise InputError(f"count.{key}: expected one of {sorted(COUNT_RULES)} set to true/false", path=where)
        meta = {k: top[k] for k in ("language", "licence", "license", "citation", "note") if k in top}
        return cls(frames, name=str(top.get("name", Path(path).stem if path else "custom")),
                   version=str(top.get("version", "0")), description=str(top.get("description") or "").strip(),
                   sources=sources, context=context, count=count, meta=meta, path=path)

    @classmethod
    def from_yaml(cls, path: str | Path) -> "Codebook":
        """Load and validate a codebook file; errors name the file, the frame and the term."""
        path = Path(path)
        if not path.is_file():
            raise InputError("no such codebook file", path=path)
        try:
            data = _yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError(f"not valid YAML ({getattr(exc, 'problem', exc)})", path=path,
                             line=mark.line + 1 if mark is not None else None) from None
        except UnicodeDecodeError:
            raise InputError("not a UTF-8 text file", path=path) from None
        return cls.from_dict(copy.deepcopy(data), path=str(path))

    @classmethod
    def load(cls, name_or_path: str | Path) -> "Codebook":
        """A shipped codebook by name (``"integration_modes"``, ``"rmfv"``) or a YAML path."""
        p = Path(name_or_path)
        if p.suffix in (".yaml", ".yml") or p.is_file():
            return cls.from_yaml(p)
        shipped = _shipped_dir() / f"{name_or_path}.yaml"
        if not shipped.is_file():
            raise InputError(f"no shipped codebook {str(name_or_path)!r}; shipped: {cls.shipped()} "
                             f"(or give a path to a YAML file)")
        return cls.from_yaml(shipped)

    @staticmethod
    def shipped() -> list[str]:
        """Names of the codebooks that ship with framing."""
        return sorted(p.stem for p in _shipped_dir().glob("*.yaml"))

    # -- access ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.frames)

    def __iter__(self) -> Iterator[Frame]:
        return iter(self.frames.values())

    def __getitem__(self, name: str) -> Frame:
        return self.frames[name]

    def __repr__(self) -> str:
        n_terms = sum(len(f) for f in self)
        return f"<Codebook {self.name} v{self.version}: {len(self)} frames, {n_terms} terms>"

    @property
    def dimensions(self) -> dict[str, list[str]]:
        """Dimension -> its frames (``""`` for frames without a dimension)."""
        out: dict[str, list[str]] = {}
        for f in self:
            out.setdefault(f.dimension, []).append(f.name)
        return out

    def select(self, dimension: str | None) -> Codebook:
        """The codebook with only the frames of one ``dimension`` ("mode"); itself for None."""
        if dimension is None:
            return self
        dims = self.dimensions
        if dimension not in dims:
            raise InputError(f"no dimension {dimension!r}; the codebook has {sorted(d for d in dims if d)}")
        return Codebook([self[f] for f in dims[dimension]], name=self.name, version=self.version,
                        context=self.context, count=self.count, sources=self.sources)

    def shared_terms(self) -> dict[str, list[str]]:
        """Terms that belong to several frames -> the frames."""
        where: dict[str, list[str]] = {}
        for f in self:
            for t in f.terms:
                where.setdefault(t.key, []).append(f.name)
        return {k: v for k, v in where.items() if len(v) > 1}

    def to_frame(self) -> Any:
        """One row per (frame, term): the codebook as a table (pandas)."""
        import pandas as pd
        rows = [{"frame": f.name, "dimension": f.dimension, "term": t.written or t.term, "kind": t.kind,
                 "role": role, "weight": t.weight, "rationale": t.rationale, "source": ", ".join(t.source)}
                for f in self for role, ts in (("indicator", f.terms), ("exclude", f.exclude)) for t in ts]
        return pd.DataFrame(rows, columns=["frame", "dimension", "term", "kind", "role", "weight", "rationale",
                                           "source"])

    # -- writing -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        frames: dict[str, Any] = {}
        for f in self:
            spec: dict[str, Any] = {}
            if f.label:
                spec["label"] = f.label
            if f.description:
                spec["description"] = f.description
            if f.dimension:
                spec["dimension"] = f.dimension
            if f.note:
                spec["note"] = f.note
            spec["terms"] = [t.to_yaml_value() for t in f.terms]
            if f.exclude:
                spec["exclude"] = [t.to_yaml_value() for t in f.exclude]
            frames[f.name] = spec
        out: dict[str, Any] = {"name": self.name, "version": self.version}
        if self.description:
            out["description"] = self.description
        out.update(self.meta)
        if self.sources:
            out["sources"] = self.sources
        if self.context:
            out["context"] = self.context
        if self.count != COUNT_RULES:
            out["count"] = {k: v for k, v in self.count.items() if COUNT_RULES[k] != v}
        out["frames"] = frames
        return out

    def to_yaml(self, path: str | Path | None = None) -> str:
        """The codebook as YAML text (written to ``path`` if given); reads back to an equal codebook."""
        text = yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=100)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Codebook) and self.to_dict() == other.to_dict()

    # -- compiling ---------------------------------------------------------------------------
    def rules(self, frame: str) -> tuple[RuleSet, list[tuple[Term, bool]]]:
        """The frame as a rule set for the matching engine: one :class:`Entry` per lemma or
        phrase term (indicators first, then exclusion terms) and the (term, is_exclusion) of
        each entry. Regex terms are matched separately (over distinct lemma types)."""
        f = self.frames[frame]
        entries: list[Entry] = []
        owners: list[tuple[Term, bool]] = []
        for t, excl in [(t, False) for t in f.terms] + [(t, True) for t in f.exclude]:
            if t.kind == "regex":
                continue
            entries.append(term_entry(t, "exclude" if excl else frame))
            owners.append((t, excl))
        return RuleSet(entries, [frame, "exclude"], self.context, name=f"{self.name}:{frame}",
                       version=self.version), owners


def term_entry(t: Term, category: str) -> Entry:
    """A codebook term as the shared rule entry (what the othering lexicon's entries are).

    One word: matches as lemma, as compound head ("Wirtschaftsflüchtling" for "Flüchtling") and
    as compound modifier ("Flüchtlingsunterkunft") unless ``match`` says otherwise; nouns inflect
    as nouns, lower-case words (verbs, adjectives) take adjective endings. Several words: a
    phrase whose elements match lemma or surface form."""
    if t.kind == "phrase":
        return Entry(term=t.term, category=category, polarity="", match=("phrase",), rationale=t.rationale,
                     source=t.source, inflect="none", label=t.term)
    match = t.match or ("lemma", "head", "modifier")
    noun = t.term[:1].isupper()
    inflect = t.inflect or ("noun" if noun else "adjectival" if not t.term.lower().endswith("n") else "none")
    return Entry(term=t.term, category=category, polarity="", match=match, rationale=t.rationale,
                 source=t.source, forms=t.forms, inflect=inflect, label=t.term)


__all__ = ["Codebook", "Frame", "Term", "term_entry", "COUNT_RULES"]
