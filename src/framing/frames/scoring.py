"""Frame scoring: codebook terms counted per document, sentence, town or any document column.

    result = framing.score_frames(tokens, "integration_modes", by="place")
    result.table       # per unit: hits per frame, rates per 1,000 tokens, shares (+ bootstrap
                       # intervals for grouped units), dominant frame per dimension
    result.evidence    # KWIC row of every hit: counted or excluded and why
    result.profile()   # per unit: which frame dominates, with intervals and an overlap flag

How a hit is found: each frame's terms compile to the shared rule entries of
:mod:`framing.matching` (lemma, compound head, compound modifier, multiword phrase) and run
through the same vectorised engine as the othering scorer, once per frame, so a token may count
for several frames (a term in two frames, or "Arbeitsmarktintegration" as economy by its modifier
and integration by its head). Regular expressions and globs are applied to the distinct lower-case
lemmas. Before compiling, every single-word term is normalised against the corpus: where the
term occurs as a word but never as a lemma ("Kommunen", "abgeschoben"), the lemmas the annotator
gave that word are added as forms; a compound term is also matched by its parts ("Arbeit|Markt").

Exclusion reasons (first that applies): ``exclusion_term`` (the token matched one of the
frame's ``exclude`` terms), ``negated``, ``distanced`` (scare quotes, "sogenannt", mentioned as a
word), ``quoted_speech`` — the last three only when the codebook's ``count`` section (or the
``count_*`` arguments) says so.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.errors import InputError, check_range
from framing.frames.codebook import Codebook, Term
from framing.matching.context import Context
from framing.matching.engine import MATCH_NAMES, CompiledLexicon, TokenArrays, encode, find_matches, take
from framing.matching.rules import Entry, RuleSet

if TYPE_CHECKING:
    from framing.frames.result import FrameResult

REASONS: tuple[str, ...] = ("exclusion_term", "negated", "distanced", "quoted_speech")
_RULE_NAMES = np.array(MATCH_NAMES, dtype=object)
_REASON_NAMES = np.array(["", *REASONS], dtype=object)
RULES: tuple[str, ...] = (*MATCH_NAMES, "regex")


def as_codebook(codebook: Codebook | str | Path | Mapping[str, Any]) -> Codebook:
    """A codebook from a Codebook, a shipped name, a YAML path or a mapping."""
    if isinstance(codebook, Codebook):
        return codebook
    if isinstance(codebook, (str, Path)):
        return Codebook.load(codebook)
    if isinstance(codebook, Mapping):
        return Codebook.from_dict(codebook)
    raise InputError(f"codebook must be a Codebook, a shipped name, a YAML path or a mapping, "
                     f"not {type(codebook).__name__}")


# --------------------------------------------------------------------------------------------
# compiling against a corpus
# --------------------------------------------------------------------------------------------
def _spellings(words: set[str]) -> pa.Array:
    """lower, Capitalised and UPPER spellings (hash look-ups instead of lower-casing the corpus)."""
    out = set()
    for w in words:
        out |= {w, w[:1].upper() + w[1:], w.upper()}
    return pa.array(sorted(out), type=pa.string())


def _corpus_forms(table: pd.DataFrame, words: set[str]) -> tuple[dict[str, set[str]], np.ndarray, set[str]]:
    """For lower-case words written in the codebook: the lemmas the annotator gave the tokens
    spelled like them, where it never gave them the word itself ("kommunen" -> {"Kommune"},
    "abgeschoben" -> {"abschieben"}; "kosten" stays, since "Kosten" is also its own lemma).

    One Arrow hash probe over the surface forms, which also finds the quotation marks (returned
    as positions for the context rules), no Python loop over tokens. Third: the words that occur."""
    from framing.matching.context import QUOTE_MARKS
    from framing.matching.engine import _arrow
    if len(table) == 0:
        return {}, np.zeros(0, dtype=np.int64), set()
    spell = _spellings(words) if words else pa.array([], type=pa.string())
    marks = sorted(QUOTE_MARKS)
    value_set = pa.concat_arrays([spell, pa.array(marks, type=pa.string())])
    text = _arrow(table["text"])
    idx = pc.index_in(text, value_set=value_set)
    chunks = idx.chunks if isinstance(idx, pa.ChunkedArray) else [idx]
    code = np.concatenate([c.fill_null(-1).to_numpy(zero_copy_only=False) for c in chunks])
    quote_pos = np.flatnonzero(code >= len(spell))
    word_pos = np.flatnonzero((code >= 0) & (code < len(spell)))
    if len(word_pos) == 0:
        return {}, quote_pos, set()
    lem = _arrow(table["lemma"])
    pairs = pa.table({"w": pa.array(take(text, word_pos), type=pa.string()),
                      "l": pa.array(take(lem, word_pos), type=pa.string())}).group_by(["w", "l"]).aggregate([])
    seen: dict[str, set[str]] = {}
    for w, lemma in zip(pairs["w"].to_pylist(), pairs["l"].to_pylist()):
        if w and lemma and w.lower() in words:
            seen.setdefault(w.lower(), set()).add(lemma)
    return {w: ls for w, ls in seen.items() if all(x.lower() != w for x in ls)}, quote_pos, set(seen)


_ADJ_ENDINGS = ("em", "en", "er", "es", "e")
_NOUN_ENDINGS = ("nen", "en", "n", "e", "s", "er")


def _phrase_alternatives(phrase: str, found: dict[str, set[str]]) -> str:
    """Each plain word of a phrase also matches its lemma: the annotator's lemma where the corpus
    has the word, and for lower-case words the form without an adjective ending
    ("demografischer Wandel" matches "des demografischen Wandels")."""
    out = []
    for w in phrase.split():
        if not w.isalpha():
            out.append(w)
            continue
        alts = [w, *sorted(found.get(w.lower(), ()))]
        if w[:1].islower():
            for end in _ADJ_ENDINGS:
                if w.endswith(end) and len(w) - len(end) >= 3:
                    alts.append(w[: -len(end)])
                    break
        out.append("|".join(dict.fromkeys(alts)))
    return " ".join(out)


def _compound_parts(words: set[str]) -> dict[str, str]:
    """Compound terms -> their "|"-joined parts as the annotator splits nouns ("Arbeitsmarkt" ->
    "Arbeit|Markt"); simplex words are left out."""
    if not words:
        return {}
    from framing.nlp.compounds import default_splitter
    splitter = default_splitter()
    out = {}
    for w in words:
        parts = splitter.split(w[:1].upper() + w[1:])
        if len(parts) > 1:
            out[w] = "|".join(parts)
    return out


@dataclass
class _CompiledFrame:
    name: str
    comp: CompiledLexicon | None
    owners: list[tuple[Term, bool]]
    regex: list[tuple[Term, bool]]


class CompiledCodebook:
    """A codebook compiled against one token table: one engine per frame on a shared vocabulary."""

    def __init__(self, codebook: Codebook, table: pd.DataFrame) -> None:
        self.codebook = codebook
        singles = {t.term for f in codebook for t in (*f.terms, *f.exclude) if t.kind == "lemma"}
        phrase_words = {w for f in codebook for t in (*f.terms, *f.exclude) if t.kind == "phrase"
                        for w in t.term.split() if w.isalpha()}
        low = {w.lower() for w in singles | phrase_words}
        found, self.quote_pos, occurring = _corpus_forms(table, low)
        # a noun written inflected that the corpus never spells that way ("Asylbewerbern" in a
        # corpus that has only "Asylbewerber"): its forms without a plural/case ending as well
        for w in singles:
            if w[:1].isupper() and w.lower() not in occurring:
                stripped = {w[: -len(e)] for e in _NOUN_ENDINGS if w.endswith(e) and len(w) - len(e) >= 4}
                if stripped:
                    found.setdefault(w.lower(), set()).update(stripped)
        long_nouns = {w for w in singles if len(w) >= 8 and "-" not in w}
        parts = _compound_parts(long_nouns)
        # the compiled engines depend on the codebook and on these corpus forms only: cache them
        key = tuple(sorted((k, tuple(sorted(v))) for k, v in found.items()))
        cache = codebook.__dict__.setdefault("_compiled", {})
        self.frames: list[_CompiledFrame]
        if key in cache:
            self.frames, self.union = cache[key]
            return
        self.frames = []
        all_entries: list[Entry] = []
        rulesets: list[tuple[str, RuleSet | None, list[tuple[Term, bool]], list[tuple[Term, bool]]]] = []
        for f in codebook:
            rs, owners = codebook.rules(f.name)
            entries = []
            for e, (t, _) in zip(rs.entries, owners):
                if "phrase" in e.match:
                    e = Entry(**{**e.__dict__, "term": _phrase_alternatives(e.term, found)})
                else:
                    extra = set(found.get(t.term.lower(), ())) | ({parts[t.term]} if t.term in parts else set())
                    if extra:
                        e = Entry(**{**e.__dict__, "forms": tuple(sorted(set(e.forms) | extra))})
                entries.append(e)
            rs.entries = tuple(entries)
            all_entries.extend(entries)
            regex = [(t, False) for t in f.terms if t.kind == "regex"] + [(t, True) for t in f.exclude
                                                                          if t.kind == "regex"]
            rulesets.append((f.name, rs if entries else None, owners, regex))
        union = RuleSet(all_entries, [f.name for f in codebook] + ["exclude"], codebook.context,
                        name=codebook.name, version=codebook.version)
        self.union = CompiledLexicon.build(_categorised(union))
        for name, frame_rs, owners, regex in rulesets:
            self.frames.append(_CompiledFrame(name, CompiledLexicon.build(frame_rs) if frame_rs is not None else None,
                                              owners, regex))
        if len(cache) >= 4:
            cache.pop(next(iter(cache)))
        cache[key] = (self.frames, self.union)


def _categorised(rs: RuleSet) -> RuleSet:
    """The engine indexes entries by category; union entries keep their own frame names."""
    cats = list(dict.fromkeys([*rs.categories, *(e.category for e in rs.entries)]))
    rs.categories = {c: None for c in cats}
    return rs


def _relevant_parts(ta: TokenArrays, union: CompiledLexicon) -> None:
    """Keep only compound_parts values that contain a part some frame looks at, so the per-frame
    passes loop over a few hundred values instead of every distinct compound in the corpus."""
    keys = set(union.head_forms) | set(union.modifier_forms)
    singles = {k for k in keys if "|" not in k}
    multi = [k for k in keys if "|" in k]
    keep = np.zeros(len(ta.parts_values) + 1, dtype=bool)
    for i, v in enumerate(ta.parts_values):
        if v and "|" in v:
            lv = v.lower()
            if any(p in singles for p in lv.split("|")) or any(k in lv for k in multi):
                keep[i] = True
    idx = np.flatnonzero(keep[:-1])
    remap = np.full(len(ta.parts_values) + 1, -1, dtype=np.int32)
    remap[idx] = np.arange(len(idx), dtype=np.int32)
    ta.parts_codes = remap[ta.parts_codes]
    ta.parts_values = [ta.parts_values[i] for i in idx]


def _candidates(ta: TokenArrays, union: CompiledLexicon) -> np.ndarray:
    """Positions any frame's lemma, phrase or compound rule can match (one pass for all frames)."""
    keys = set(union.lemma_forms)
    for ph in union.phrases:
        for el in ph.elements:
            keys |= el.keys or set()
    lut = np.append(ta.set_lut(keys), False)
    return np.flatnonzero(lut[ta.lemma_codes] | (ta.parts_codes >= 0))


def _regex_hits(ta: TokenArrays, lemma_low: tuple[np.ndarray, list[str]], terms: list[tuple[Term, bool]]
                ) -> list[tuple[np.ndarray, int]]:
    """Positions whose lower-case lemma matches each regex term (applied to distinct lemmas)."""
    import re
    codes, values = lemma_low
    out = []
    arr = pa.array(values, type=pa.string())
    for i, (t, _) in enumerate(terms):
        ok = pc.fill_null(pc.match_substring_regex(arr, t.term, ignore_case=True), False).to_numpy(
            zero_copy_only=False) if values else np.zeros(0, bool)
        if not ok.any():
            # Arrow's RE2 lacks look-arounds and back-references: fall back on Python's re
            try:
                rx = re.compile(t.term, re.IGNORECASE)
                ok = np.array([bool(rx.search(v or "")) for v in values], dtype=bool)
            except re.error:
                pass
        lut = np.append(ok, False)
        out.append((np.flatnonzero(lut[codes]), i))
    return out


# --------------------------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------------------------
class _LazyContext:
    """The context rules, set up (quotation spans: one pass over the corpus) on first use."""

    def __init__(self, comp: CompiledLexicon, ta: TokenArrays, quote_pos: np.ndarray | None = None) -> None:
        self._args = (comp, ta, quote_pos)
        self._ctx: Context | None = None

    def __getattr__(self, name: str) -> Any:
        if self._ctx is None:
            self._ctx = Context(*self._args)
        return getattr(self._ctx, name)


def context_flags(ctx: Any, start: np.ndarray, end: np.ndarray,
                  which: Sequence[str] = ("negated", "distanced", "quoted_speech")
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Negated, distanced and quoted-speech flags of one frame's hits (sorted by start); flags
    not in ``which`` are left False (not computed)."""
    from framing.matching.engine import Matches
    none = np.zeros(len(start), dtype=bool)
    negated = ctx.negated(start) if "negated" in which else none
    distanced, quoted = none, none
    if "distanced" in which:
        mm = Matches(start, end, np.zeros(len(start), np.int64), np.zeros(len(start), np.int8), none,
                     np.zeros(0, np.int64), none)
        flags = ctx.distanced(mm)
        distanced, quoted = flags["distanced"], flags["quoted_speech"]
    elif "quoted_speech" in which:
        quoted = ctx.quote_length(start) > ctx._num("scare_quote_max_tokens", 3)
    return negated, distanced, quoted


def find_frame_hits(tokens_table: pd.DataFrame, codebook: Codebook, *, count: Mapping[str, bool] | None = None,
                    flags: bool = True) -> tuple[pd.DataFrame, TokenArrays]:
    """Every hit of every frame: one row per (frame, token span) with the rule, the context flags,
    ``counted`` and ``reason``; plus the token arrays (for KWIC)."""
    cc = CompiledCodebook(codebook, tokens_table)
    ta = TokenArrays.from_table(tokens_table, cc.union)
    _relevant_parts(ta, cc.union)
    ctx = _LazyContext(cc.union, ta, cc.quote_pos if ta.table is tokens_table else None)
    candidates = _candidates(ta, cc.union)
    ta.cache_capitalised(candidates)
    rules = {**codebook.count, **dict(count or {})}
    need_flags = flags or not all(rules.values())
    lemma_low = None
    rows: list[pd.DataFrame] = []
    frames = list(codebook.frames)
    for fi, cf in enumerate(cc.frames):
        f = codebook.frames[cf.name]
        parts: list[dict[str, np.ndarray]] = []
        if cf.comp is not None:
            m = find_matches(cf.comp, ta, candidates)
            if len(m):
                # per-entry look-up arrays, gathered once (no Python loop over hits)
                names = np.array([t.written or t.term for t, _ in cf.owners], dtype=object)
                weights = np.array([t.weight for t, _ in cf.owners], dtype=float)
                excl = np.array([x for _, x in cf.owners], dtype=bool)
                parts.append({"start": m.start, "end": m.end, "rule": _RULE_NAMES[m.mtype],
                              "term": names[m.entry], "weight": weights[m.entry], "excl": excl[m.entry]})
        if cf.regex:
            if lemma_low is None:
                from framing.matching.engine import _arrow
                lem = _arrow(tokens_table["lemma"])
                codes, values = encode(pc.coalesce(lem, _arrow(tokens_table["text"])))
                lemma_low = (codes, [v.lower() if v else v for v in values])
            from framing.matching.evidence import _ranges
            taken = _ranges(parts[0]["start"], parts[0]["end"] + 1)[0] if parts else np.zeros(0, np.int64)
            for pos, i in _regex_hits(ta, lemma_low, cf.regex):
                pos = pos[~np.isin(pos, taken)]
                taken = np.union1d(taken, pos)
                t, is_excl = cf.regex[i]
                parts.append({"start": pos, "end": pos, "rule": np.full(len(pos), "regex", dtype=object),
                              "term": np.full(len(pos), t.written or t.term, dtype=object),
                              "weight": np.full(len(pos), t.weight), "excl": np.full(len(pos), is_excl)})
        if not parts:
            continue
        d = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        order = np.argsort(d["start"], kind="stable")
        d = {k: v[order] for k, v in d.items()}
        start, end = d["start"].astype(np.int64), d["end"].astype(np.int64)
        if need_flags:
            negated, distanced, quoted = context_flags(ctx, start, end, [k for k, v in rules.items() if not v])
        else:   # every context rule counts: the flags are computed when the evidence is read
            negated = distanced = quoted = np.zeros(len(start), dtype=bool)
        fails = [d["excl"], negated & (not rules["negated"]), distanced & (not rules["distanced"]),
                 quoted & (not rules["quoted_speech"])]
        reason = np.full(len(start), -1, dtype=np.int8)
        for r, fl in enumerate(fails):
            reason[(reason < 0) & fl] = r
        rows.append(pd.DataFrame({
            "frame_idx": np.full(len(start), fi, dtype=np.int32), "frame": f.name, "dimension": f.dimension,
            "start": start, "end": end, "term": d["term"], "rule": d["rule"], "weight": d["weight"],
            "exclusion_term": d["excl"], "negated": negated, "distanced": distanced,
            "quoted_speech": quoted, "counted": reason < 0,
            "reason": _REASON_NAMES[reason.astype(np.int64) + 1]}))
    cols = ["frame_idx", "frame", "dimension", "start", "end", "term", "rule", "weight", "exclusion_term",
            "negated", "distanced", "quoted_speech", "counted", "reason"]
    hits = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame({c: [] for c in cols})
    if len(hits):
        hits = hits.sort_values(["start", "frame_idx"], kind="stable").reset_index(drop=True)
    hits = hits[cols]
    hits.attrs["frames"] = frames
    hits.attrs["flags_pending"] = not flags
    ta._luts["_context"] = ctx
    return hits, ta


def score_frames(tokens: Any, codebook: Codebook | str | Path | Mapping[str, Any] = "integration_modes",
                 by: str | Sequence[str] | None = "doc", *, count_negated: bool | None = None,
                 count_distanced: bool | None = None, count_quoted_speech: bool | None = None,
                 n_boot: int = 1000, confidence: float = 0.95, random_state: int | None = 0,
                 context_tokens: int = 5, dropna: bool = True) -> "FrameResult":
    """Count the codebook's frames in ``tokens`` per unit of ``by``.

    ``by``: ``"doc"``, ``"sentence"``, ``"place"``, ``"outlet"``, ``"year"``, any document
    column, a list of them, or ``None`` for the whole corpus. ``count_*`` override the
    codebook's context rules (``None``: as the codebook says). Intervals of shares are
    percentile bootstrap intervals over documents (``n_boot`` resamples, ``random_state``) for
    units with at least two documents. See :mod:`framing.frames.scoring`.
    """
    from framing.frames.result import FrameResult, aggregate
    from framing.nlp.tokens import Tokens

    if not isinstance(tokens, Tokens):
        raise InputError(f"score_frames() takes framing Tokens (from framing.annotate or Tokens.read_parquet), "
                         f"not {type(tokens).__name__}")
    check_range("confidence", confidence, 0, 1, low_open=True, high_open=True)
    cb = as_codebook(codebook)
    count = {k: v for k, v in (("negated", count_negated), ("distanced", count_distanced),
                               ("quoted_speech", count_quoted_speech)) if v is not None}
    hits, ta = find_frame_hits(tokens.table, cb, count=count, flags=False)
    settings = {"codebook": f"{cb.name} v{cb.version}", "n_frames": len(cb), "count": {**cb.count, **count},
                "n_boot": n_boot, "confidence": confidence, "random_state": random_state, "by": by}
    table, unit_of_hit, by_cols = aggregate(hits, ta, tokens.docs, cb, by, n_boot=n_boot, confidence=confidence,
                                            random_state=random_state, dropna=dropna)
    return FrameResult(table, hits, ta, by_cols, settings, cb, unit_of_hit, context_tokens)


__all__ = ["score_frames", "find_frame_hits", "CompiledCodebook", "as_codebook", "REASONS", "RULES"]
