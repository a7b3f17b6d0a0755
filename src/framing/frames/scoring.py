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

from collections.abc import Iterable, Mapping, Sequence
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
from framing.matching.engine import MATCH_NAMES, CompiledLexicon, TokenArrays, find_matches, restrict
from framing.matching.rules import Entry, RuleSet
from framing.nlp.terms import MATCH_DEFAULTS

if TYPE_CHECKING:
    from framing.frames.result import FrameResult

REASONS: tuple[str, ...] = ("exclusion_term", "negated", "distanced", "quoted_speech")
RULES: tuple[str, ...] = (*MATCH_NAMES, "regex")
_REGEX = len(MATCH_NAMES)


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


def _corpus_forms(table: pd.DataFrame, words: set[str]) -> tuple[dict[str, set[str]], set[str]]:
    """For lower-case words written in the codebook: the lemmas the annotator gave the tokens
    spelled like them, where it never gave them the word itself ("kommunen" -> {"Kommune"},
    "abgeschoben" -> {"abschieben"}; "kosten" stays, since "Kosten" is also its own lemma).

    Second: the words that occur. The (form, lemma) pairs come from :func:`seen_forms`."""
    seen = seen_forms(table, words)
    return _found(seen), set(seen)


def _found(seen: dict[str, set[str]]) -> dict[str, set[str]]:
    """The words of ``seen`` (word -> lemmas given to it) never lemmatised as themselves."""
    return {w: set(ls) for w, ls in seen.items() if all(x.lower() != w for x in ls)}


def seen_forms(table: pd.DataFrame, words: set[str]) -> dict[str, set[str]]:
    """Each of ``words`` that occurs in ``table`` -> the lemmas its tokens got. Parts of a corpus
    give dicts whose union is the whole corpus's (:mod:`framing.scale.scores` compiles a codebook
    once from that union).

    Works on the table's codes (:func:`framing.matching.table.table_codes`): the spellings are
    looked up among the distinct surface forms, the (form, lemma) pairs are distinct code pairs;
    no string is gathered per token."""
    from framing.matching.table import table_codes, value_lut
    if len(table) == 0 or not words:
        return {}
    tc = table_codes(table)
    is_word = value_lut(tc.text_values, _spellings(words)) >= 0
    word_pos = np.flatnonzero(is_word[tc.text_codes])
    if len(word_pos) == 0:
        return {}
    n_lem = len(tc.lemma_values) + 1
    pair = np.unique(tc.text_codes[word_pos].astype(np.int64) * n_lem + (tc.lemma_codes[word_pos] + 1))
    w_code, l_code = pair // n_lem, pair % n_lem - 1
    ok = l_code >= 0               # a missing lemma has code -1
    pair_w = tc.text_values.take(pa.array(w_code[ok])).to_pylist()
    pair_l = tc.lemma_values.take(pa.array(l_code[ok])).to_pylist()
    seen: dict[str, set[str]] = {}
    for w, lemma in zip(pair_w, pair_l):
        if w and lemma and w.lower() in words:
            seen.setdefault(w.lower(), set()).add(lemma)
    return seen


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


def codebook_words(codebook: Codebook) -> tuple[set[str], set[str]]:
    """The codebook's single-word lemma terms, and every word it writes (lower-cased)."""
    singles = {t.term for f in codebook for t in (*f.terms, *f.exclude) if t.kind == "lemma"}
    phrase_words = {w for f in codebook for t in (*f.terms, *f.exclude) if t.kind == "phrase"
                    for w in t.term.split() if w.isalpha()}
    return singles, {w.lower() for w in singles | phrase_words}


@dataclass
class _CompiledFrame:
    name: str
    comp: CompiledLexicon | None
    owners: list[tuple[Term, bool]]
    regex: list[tuple[Term, bool]]


class CompiledCodebook:
    """A codebook compiled against one token table: one engine per frame on a shared vocabulary."""

    def __init__(self, codebook: Codebook, table: pd.DataFrame | None,
                 seen: dict[str, set[str]] | None = None) -> None:
        self.codebook = codebook
        singles, low = codebook_words(codebook)
        if seen is None:
            found, occurring = _corpus_forms(table if table is not None else pd.DataFrame(), low)
        else:  # the corpus's forms, gathered from its parts (framing.scale.scores)
            found, occurring = _found(seen), set(seen)
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
    passes look at a few hundred values instead of every distinct compound in the corpus."""
    from framing.matching.engine import parts_with
    words = set()
    for k in (*union.head_forms, *union.modifier_forms):
        words.update(k.split("|"))
    idx = np.flatnonzero(parts_with(ta.parts_values, words, ta.parts_memo()))
    remap = np.full(len(ta.parts_values) + 1, -1, dtype=np.int32)
    remap[idx] = np.arange(len(idx), dtype=np.int32)
    ta.parts_codes = remap[ta.parts_codes]
    ta.parts_values = [ta.parts_values[i] for i in idx]


def _candidates(ta: TokenArrays, union: CompiledLexicon) -> np.ndarray:
    """Positions any frame's lemma, phrase or compound rule can match (one pass for all frames)."""
    from framing.matching.engine import anchor_surface_positions, phrase_anchors
    lut = np.append(ta.set_lut(set(union.lemma_forms)), False)
    anchors, anchor_lut, _ = phrase_anchors(union, ta)
    lut |= anchor_lut                         # a phrase can only start from its anchor element
    found = np.flatnonzero(lut[ta.lemma_codes] | (ta.parts_codes >= 0))
    surface = anchor_surface_positions(union, ta, anchors)   # ... or from its surface form
    return np.union1d(found, surface) if len(surface) else found


def _lower_lemmas(ta: TokenArrays) -> tuple[np.ndarray, list[str]]:
    """(code per token, lower-case distinct values) of the lemma, the surface form where the
    lemma is missing: from the table's shared codes, no pass over the strings."""
    tc = ta.codes
    values = tc.lemma_values.to_pylist()
    codes = tc.lemma_codes.astype(np.int64)
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        text = tc.text_codes[missing]
        codes[missing] = np.where(text >= 0, len(values) + text, -1)
        values = values + tc.text_values.to_pylist()
    return codes, [v.lower() if v else v for v in values]


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
        quoted = ctx.quotation(start, end)[2]
    return negated, distanced, quoted


def fill_context_flags(hits: pd.DataFrame, ctx: Any) -> pd.DataFrame:
    """``hits`` of :func:`find_frame_hits` with ``flags=False`` with their negated, distanced
    and quoted-speech flags computed (a copy; unchanged when no flags are pending)."""
    if not hits.attrs.get("flags_pending") or not len(hits):
        return hits
    h = hits.copy()
    fidx = h["frame_idx"].to_numpy()
    for fi in np.unique(fidx):
        sel = np.flatnonzero(fidx == fi)
        neg, dist, quo = context_flags(ctx, h["start"].to_numpy(np.int64)[sel], h["end"].to_numpy(np.int64)[sel])
        h.loc[h.index[sel], "negated"] = neg
        h.loc[h.index[sel], "distanced"] = dist
        h.loc[h.index[sel], "quoted_speech"] = quo
    h.attrs["flags_pending"] = False
    return h


def _strings(codes: np.ndarray, values: Sequence[str]) -> pd.Series:
    """A string column from codes into ``values`` (built by Arrow, no Python object per row)."""
    dictionary = pa.array(list(values), type=pa.string())
    arr = pa.DictionaryArray.from_arrays(pa.array(np.asarray(codes, dtype=np.int32)), dictionary)
    return pd.Series(pd.array(arr.cast(pa.string()), dtype=pd.StringDtype("pyarrow", na_value=np.nan)))


def find_frame_hits(tokens_table: pd.DataFrame, codebook: Codebook, *, count: Mapping[str, bool] | None = None,
                    flags: bool = True, compiled: CompiledCodebook | None = None,
                    targets: np.ndarray | None = None, compounds: str = "parts") -> tuple[pd.DataFrame, TokenArrays]:
    """Every hit of every frame: one row per (frame, token span) with the rule, the context flags,
    ``counted`` and ``reason``; plus the token arrays (for KWIC).

    ``targets`` (bool per row of ``tokens_table``) and ``compounds``: the hits a term selection
    allows (:func:`framing.nlp.terms.match_targets`, :func:`framing.matching.engine.allowed`).

    ``flags=False`` computes the context flags only where a context rule excludes hits; the
    evidence computes the rest when it is read (``hits.attrs["flags_pending"]``). ``compiled``: the
    codebook already compiled (for the whole corpus, when ``tokens_table`` is one part of it)."""
    cc = compiled if compiled is not None else CompiledCodebook(codebook, tokens_table)
    ta = TokenArrays.from_table(tokens_table, cc.union)
    if targets is not None:
        targets = ta.codes.in_order(targets)
    _relevant_parts(ta, cc.union)
    ctx = _LazyContext(cc.union, ta)
    candidates = _candidates(ta, cc.union)
    rules = {**codebook.count, **dict(count or {})}
    need_flags = flags or not all(rules.values())
    which = ["negated", "distanced", "quoted_speech"] if flags else [k for k, v in rules.items() if not v]
    lemma_low = None
    frames = list(codebook.frames)
    # term names as codes into one list (the string column is built once, by Arrow)
    term_index: dict[str, int] = {}
    out: dict[str, list[np.ndarray]] = {k: [] for k in ("frame_idx", "start", "end", "term", "rule", "weight", "excl",
                                                         "negated", "distanced", "quoted_speech", "reason")}
    for fi, cf in enumerate(cc.frames):
        parts: list[dict[str, np.ndarray]] = []
        if cf.comp is not None:
            m = restrict(find_matches(cf.comp, ta, candidates), targets, compounds)
            if len(m):
                # per-entry look-up arrays, gathered once (no Python loop over hits)
                names = np.array([term_index.setdefault(t.written or t.term, len(term_index)) for t, _ in cf.owners],
                                 dtype=np.int32)
                weights = np.array([t.weight for t, _ in cf.owners], dtype=float)
                excl = np.array([x for _, x in cf.owners], dtype=bool)
                parts.append({"start": m.start, "end": m.end, "rule": m.mtype.astype(np.int8),
                              "term": names[m.entry], "weight": weights[m.entry], "excl": excl[m.entry]})
        if cf.regex:
            if lemma_low is None:
                lemma_low = _lower_lemmas(ta)
            from framing.matching.evidence import _ranges
            taken: np.ndarray = (_ranges(parts[0]["start"], parts[0]["end"] + 1)[0] if parts
                                 else np.zeros(0, np.int64))
            for pos, i in _regex_hits(ta, lemma_low, cf.regex):
                pos = pos[~np.isin(pos, taken)]
                if targets is not None:
                    pos = pos[targets[pos]]
                taken = np.union1d(taken, pos)
                t, is_excl = cf.regex[i]
                code = term_index.setdefault(t.written or t.term, len(term_index))
                parts.append({"start": pos, "end": pos, "rule": np.full(len(pos), _REGEX, dtype=np.int8),
                              "term": np.full(len(pos), code, dtype=np.int32),
                              "weight": np.full(len(pos), t.weight), "excl": np.full(len(pos), is_excl)})
        if not parts:
            continue
        d = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        order = np.argsort(d["start"], kind="stable")
        d = {k: v[order] for k, v in d.items()}
        start, end = d["start"].astype(np.int64), d["end"].astype(np.int64)
        if need_flags:
            negated, distanced, quoted = context_flags(ctx, start, end, which)
        else:   # every context rule counts: the flags are computed when the evidence is read
            negated = distanced = quoted = np.zeros(len(start), dtype=bool)
        fails = [d["excl"], negated & (not rules["negated"]), distanced & (not rules["distanced"]),
                 quoted & (not rules["quoted_speech"])]
        reason = np.full(len(start), -1, dtype=np.int8)
        for r, fl in enumerate(fails):
            reason[(reason < 0) & fl] = r
        for k, v in (("frame_idx", np.full(len(start), fi, dtype=np.int32)), ("start", start), ("end", end),
                     ("term", d["term"]), ("rule", d["rule"]), ("weight", d["weight"]), ("excl", d["excl"]),
                     ("negated", negated), ("distanced", distanced), ("quoted_speech", quoted),
                     ("reason", reason)):
            out[k].append(v)
    empty = {"frame_idx": np.int32, "start": np.int64, "end": np.int64, "term": np.int32, "rule": np.int8,
             "weight": float, "excl": bool, "negated": bool, "distanced": bool, "quoted_speech": bool,
             "reason": np.int8}
    a = {k: (np.concatenate(v) if v else np.zeros(0, dtype=empty[k])) for k, v in out.items()}
    order = np.lexsort((a["frame_idx"], a["start"]))     # by start, then frame (both stable)
    a = {k: v[order] for k, v in a.items()}
    fidx = a["frame_idx"].astype(np.int64)
    hits = pd.DataFrame({
        "frame_idx": a["frame_idx"], "frame": _strings(fidx, frames),
        "dimension": _strings(fidx, [codebook.frames[f].dimension for f in frames]),
        "start": a["start"], "end": a["end"], "term": _strings(a["term"], list(term_index)),
        "rule": _strings(a["rule"], RULES), "weight": a["weight"], "exclusion_term": a["excl"],
        "negated": a["negated"], "distanced": a["distanced"], "quoted_speech": a["quoted_speech"],
        "counted": a["reason"] < 0, "reason": _strings(a["reason"].astype(np.int64) + 1, ["", *REASONS])})
    hits.attrs["frames"] = frames
    hits.attrs["flags_pending"] = not flags
    ta._luts["_context"] = ctx
    return hits, ta


def score_frames(tokens: Any, codebook: Codebook | str | Path | Mapping[str, Any] = "integration_modes",
                 by: str | Sequence[str] | None = "doc", *, count_negated: bool | None = None,
                 count_distanced: bool | None = None, count_quoted_speech: bool | None = None,
                 n_boot: int = 1000, confidence: float = 0.95, random_state: int | None = 0,
                 context_tokens: int = 5, dropna: bool = True, client: Any = None,
                 stopwords: bool | Iterable[str] | None = False, stopwords_extra: Iterable[str] = (),
                 stopwords_remove: Iterable[str] = (), pos: str | Iterable[str] | None = None,
                 compounds: str = "parts", min_count: int = 1, min_df: int | float | str = 1) -> "FrameResult":
    """Count the codebook's frames in ``tokens`` per unit of ``by``.

    ``by``: ``"doc"``, ``"sentence"``, ``"place"``, ``"outlet"``, ``"year"``, any document
    column, a list of them, or ``None`` for the whole corpus. ``count_*`` override the
    codebook's context rules (``None``: as the codebook says). Intervals of shares are
    percentile bootstrap intervals over documents (``n_boot`` resamples, ``random_state``) for
    units with at least two documents. See :mod:`framing.frames.scoring`.
    ``client`` (a ``dask.distributed.Client``): the matching runs on its workers over parts of
    the documents, the same result (:mod:`framing.scale.scores`); ``tokens`` may then also be a
    tokens folder (:func:`framing.read_tokens`) or a list of token part files, which the workers
    read: the client never holds the token table, only the hits, their evidence rows and the
    document table.

    ``stopwords``, ``stopwords_extra``, ``stopwords_remove``, ``pos``, ``compounds``,
    ``min_count``, ``min_df``: the term selector's settings (docs/reference/parameters.md,
    :func:`framing.nlp.terms.match_targets`): a term never matches a stopword, a token of
    another POS or a term rarer than ``min_count`` tokens / ``min_df`` documents;
    ``compounds="keep"`` makes no compound head or modifier hits, ``"head"`` head hits only.
    Defaults: every token, head and modifier hits (``"parts"``), as before. The context rules
    still read every token.
    """
    from framing.frames.result import FrameResult, aggregate
    from framing.grouping import resolve_by
    from framing.matching.layout import Layout
    from framing.nlp.tokens import Tokens

    if client is not None:
        from framing.scale.scores import token_source

        tokens = token_source(tokens)
    elif not isinstance(tokens, Tokens):
        raise InputError(f"score_frames() takes framing Tokens (from framing.annotate or Tokens.read_parquet), "
                         f"not {type(tokens).__name__}")
    check_range("confidence", confidence, 0, 1, low_open=True, high_open=True)
    cb = as_codebook(codebook)
    count = {k: v for k, v in (("negated", count_negated), ("distanced", count_distanced),
                               ("quoted_speech", count_quoted_speech)) if v is not None}
    sentences = resolve_by(by) == ["sentence"]
    terms = {k: v for k, v in (("stopwords", stopwords), ("stopwords_extra", list(stopwords_extra)),
                               ("stopwords_remove", list(stopwords_remove)), ("pos", pos),
                               ("compounds", compounds), ("min_count", min_count), ("min_df", min_df))
             if v != MATCH_DEFAULTS[k]}
    ta: TokenArrays | None = None
    kwic: pd.DataFrame | None = None
    if client is not None:
        from framing.scale.scores import frame_hits, token_docs

        hits, layout, kwic = frame_hits(tokens, cb, count, client, sentences=sentences,
                                        context_tokens=context_tokens, terms=terms)
        docs = token_docs(tokens)
    else:
        from framing.nlp.terms import match_targets

        targets = match_targets(tokens, stopwords=stopwords, stopwords_extra=stopwords_extra,
                                stopwords_remove=stopwords_remove, pos=pos, compounds=compounds,
                                min_count=min_count, min_df=min_df)
        hits, ta = find_frame_hits(tokens.table, cb, count=count, flags=False, targets=targets, compounds=compounds)
        layout = Layout.of(ta, hits["start"].to_numpy(dtype=np.int64), sentences=sentences)
        docs = tokens.docs
    settings = {"codebook": f"{cb.name} v{cb.version}", "n_frames": len(cb), "count": {**cb.count, **count},
                "n_boot": n_boot, "confidence": confidence, "random_state": random_state, "by": by, **terms}
    table, unit_of_hit, by_cols = aggregate(hits, layout, docs, cb, by, n_boot=n_boot, confidence=confidence,
                                            random_state=random_state, dropna=dropna)
    return FrameResult(table, hits, ta, by_cols, settings, cb, unit_of_hit, context_tokens, kwic=kwic)


__all__ = ["score_frames", "find_frame_hits", "CompiledCodebook", "as_codebook", "REASONS", "RULES"]
