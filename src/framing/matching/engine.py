"""Vectorised lexicon matching over the token table (no Python loop over tokens).

How it works (and why it is fast): the lexicon is compiled into a *vocabulary* of the lemma keys
any rule looks at (lexicon forms, context words, phrase elements; a few thousand keys, each in
its lower/Capitalised/UPPER spellings). The lemma column is coded against it with one Arrow hash
probe per token (``pc.index_in``; tokens outside the vocabulary get -1), so each token is an
integer, and one gather ``lut[codes]`` maps all tokens to entry ids at once. Compound heads and
modifiers are resolved per distinct ``compound_parts`` value (Arrow dictionary encoding) the same
way. Multi-word phrases start from their rarest element and verify the other elements with
shifted-array comparisons within the sentence. Only the few candidate positions are looked at
individually (surface capitalisation, attributive use).

Match precedence per token: phrase > lemma > compound head > compound modifier; a token belongs
to at most one match. Coordinated gender pairs of one entry ("Mitbürgerinnen und Mitbürger",
"Altenaerinnen und Altenaer") are merged into one match, so gender-fair writing is not counted
twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.matching.rules import NEEDS as _NEEDS
from framing.matching.table import TableCodes, arrow_strings, table_codes, value_lut
from framing.matching.table import encode as _encode_arrow

if TYPE_CHECKING:  # the engine reads rule sets by their shape (entries, categories, context, resolve)
    from framing.matching.rules import RuleSet as Lexicon
    from framing.othering.lexicon import Entry

#: match types (index = code in :attr:`Matches.mtype`)
MATCH_NAMES: tuple[str, ...] = ("phrase", "lemma", "head", "modifier")
PHRASE, LEMMA, HEAD, MODIFIER = 0, 1, 2, 3
#: lemma-table code of a context term (a word that refers to newcomers without being scored)
CONTEXT_TERM = -2

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOUN_SUFFIXES = ("", "n", "en", "s", "es", "e", "in", "innen")
_ADJ_SUFFIXES = ("", "e", "er", "en", "em", "es")


# --------------------------------------------------------------------------------------------
# compiling the lexicon
# --------------------------------------------------------------------------------------------
def _key(word: str) -> str:
    """Lemma key: lower case (not casefold, so "ß" stays "ß"; the umlaut/ß-less spellings are
    added separately by :func:`_with_folded`)."""
    return word.lower()


#: words the context rules look up directly (always in the vocabulary)
CODE_WORDS: frozenset[str] = frozenset({",", "mit", "aus", "der", "die", "das", "welcher", "so", "von",
                                        "sie", "diese", "dieser", "er", "es", "genannt", "genannte",
                                        "genannten", "nennen"})


def _variants(key: str) -> set[str]:
    """Spellings a lemma with this key may have: lower, Capitalised, UPPER, Hyphen-Capitalised."""
    if not key:
        return {key}
    return {key, key[:1].upper() + key[1:], key.upper(),
            "-".join(p[:1].upper() + p[1:] for p in key.split("-"))}


def _with_folded(keys: set[str]) -> set[str]:
    """Add umlaut-less spellings (OCR, ASCII exports): "flüchtling" -> "fluechtling"."""
    return keys | {k.translate(_FOLD) for k in keys}


def expand_forms(term: str, inflect: str) -> set[str]:
    """Lower-case lemma forms a term can take: inflection endings the lemmatiser may leave
    ("Altenaern", "Asylante"), feminine forms ("Ausländerin", "Essenerinnen") and, for
    adjectival nouns, the adjective endings ("Geflüchtete", "Geflüchteten", "geflüchtet")."""
    base = _key(term)
    if inflect == "adjectival":
        stem = base[:-2] if base.endswith("er") else base[:-1] if base.endswith("e") else base
        return _with_folded({stem + s for s in _ADJ_SUFFIXES})
    if inflect == "noun":
        return _with_folded({base + s for s in _NOUN_SUFFIXES})
    return _with_folded({base})


#: endings a phrase element written as an inflected form may carry beyond its lemma
_PHRASE_NOUN_ENDINGS = ("innen", "in", "en", "er", "n", "e")
_PHRASE_ADJ_ENDINGS = ("em", "en", "er", "es", "e")


def phrase_element_keys(word: str) -> set[str]:
    """Lemma keys a phrase element written as ``word`` matches: the word itself and, where it is
    written inflected, its likely lemma, so that an element matches on lemma *or* surface form
    whichever element the phrase search starts from. A capitalised word (a noun) also gets its
    noun inflections and the form without a plural/feminine ending ("Menschen" -> "mensch",
    "Fluten" -> "flut"; "Mensch" -> "menschen"), a lower-case word of five letters or more its
    adjective endings and the form without one ("geflüchteten" -> "geflüchtet", "illegal" ->
    "illegalen").
    Extra keys that are no lemma of the corpus never match anything."""
    key = _key(word)
    out = {key}
    if not word.isalpha():
        return out
    if word[:1].isupper() and len(word) >= 4:
        out |= {key + s for s in _NOUN_SUFFIXES}
        out |= {key[: -len(e)] for e in _PHRASE_NOUN_ENDINGS if key.endswith(e) and len(key) - len(e) >= 3}
    elif word[:1].islower() and len(word) >= 5:
        out |= {key + s for s in _ADJ_SUFFIXES}
        out |= {key[: -len(e)] for e in _PHRASE_ADJ_ENDINGS if key.endswith(e) and len(key) - len(e) >= 4}
    return out


@dataclass(frozen=True)
class _Element:
    keys: frozenset[str] | None      # None: wildcard (any non-punctuation token)
    cap: bool                         # needs a capitalised surface form
    neg: frozenset[str] = frozenset()  # surface forms that never match ("!anders")


@dataclass(frozen=True)
class _Phrase:
    entry: int
    elements: tuple[_Element, ...]


def _parse_phrase(term: str, lexicon: Lexicon) -> list[list[_Element]]:
    """Phrase pattern -> list of element sequences (optional elements expanded)."""
    variants: list[list[_Element]] = [[]]
    for raw in term.split():
        optional = raw.startswith("(") and raw.endswith(")")
        raw = raw.strip("()")
        if raw == "*":
            el = _Element(None, False)
        else:
            parts = raw.split("|")
            neg = frozenset(_key(a[1:]) for a in parts if a.startswith("!"))
            alts = lexicon.resolve([a for a in parts if not a.startswith("!")])
            cap = all(a[:1].isupper() for a in alts if a)
            keys = {k for a in alts if a for k in phrase_element_keys(a)}
            el = _Element(frozenset(_with_folded(keys)), cap, neg)
        variants = [v + [el] for v in variants] + ([list(v) for v in variants] if optional else [])
    return [v for v in variants if v]


@dataclass
class CompiledLexicon:
    """Look-up structures of a lexicon (built once per scorer)."""

    lexicon: Lexicon
    entries: list[Entry]
    categories: list[str]
    entry_category: np.ndarray        # int16 per entry (index into categories)
    entry_othering: np.ndarray        # bool per entry (polarity othering)
    entry_needs: np.ndarray           # int8: 0 none, 1 context, 2 reference, 3 sentence
    entry_newcomer: np.ndarray        # bool: the term itself refers to newcomers
    entry_nbn: np.ndarray             # bool: not in attributive use (before a noun)
    entry_cap: np.ndarray             # bool: needs a capitalised surface form
    entry_adjectival: np.ndarray      # bool: adjectival noun ("Geflüchtete")
    lemma_forms: dict[str, tuple[int, bool]]
    head_forms: dict[str, list[tuple[int, bool, frozenset[str] | None]]]
    modifier_forms: dict[str, int]
    phrases: list[_Phrase]
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    vocab: list[str] = field(default_factory=list)          # canonical lemma keys the rules need
    variants: pa.Array | None = None                         # their spellings (for pc.index_in)
    variant_key: np.ndarray | None = None                    # spelling -> index into vocab
    multipart: bool = False                                  # some head/modifier form is a part sequence
    part_words: frozenset[str] | None = None                 # parts any compound rule looks at (lazy)

    @classmethod
    def build(cls, lexicon: Lexicon) -> "CompiledLexicon":
        entries = list(lexicon.entries)
        categories = list(lexicon.categories)
        cat_index = {c: i for i, c in enumerate(categories)}
        lemma_forms: dict[str, tuple[int, bool]] = {}
        priority: dict[str, int] = {}   # base form 2 > inflected form 1 > "neu"-compound 0
        head_forms: dict[str, list[tuple[int, bool, frozenset[str] | None]]] = {}
        modifier_forms: dict[str, int] = {}
        phrases: list[_Phrase] = []
        for i, e in enumerate(entries):
            if "phrase" in e.match:
                phrases.extend(_Phrase(i, tuple(v)) for v in _parse_phrase(e.term, lexicon))
                continue
            forms = expand_forms(e.term, e.inflect) | _with_folded({_key(f) for f in e.forms})
            bases = _with_folded({_key(e.term)} | {_key(f) for f in e.forms})
            inherent: set[str] = set()
            if e.needs == "reference":  # "Neu-Essener", "Neuessener", "Neubürger"-like compounds
                inherent = {p + f for f in forms for p in ("neu", "neu-")} - forms
            allowed = None
            if e.with_modifier:
                allowed = frozenset(k for w in lexicon.resolve(e.with_modifier)
                                    for k in expand_forms(w, "noun"))
            for f in sorted(forms | inherent):
                level = 2 if f in bases else 0 if f in inherent else 1
                if "lemma" in e.match and level >= priority.get(f, -1):
                    # later entries win at equal level (user extensions override the shipped file)
                    lemma_forms[f] = (i, level == 0)
                    priority[f] = level
                if "head" in e.match:
                    head_forms.setdefault(f, []).append((i, level == 0, allowed))
                if "modifier" in e.match and level > 0:
                    modifier_forms[f] = i
        ctx = lexicon.context
        words: dict[str, frozenset[str]] = {}
        for name, value in ctx.items():
            if isinstance(value, (list, tuple)):
                words[name] = frozenset(_with_folded({_key(w) for w in lexicon.resolve(value)}))
        numbers = {k: int(v) for k, v in ctx.items() if isinstance(v, int) and not isinstance(v, bool)}
        # the vocabulary: every lemma key a rule looks at; all other tokens get code -1
        keys = set(lemma_forms) | set(CODE_WORDS)
        for ws in words.values():
            keys |= ws
        for ph in phrases:
            for el in ph.elements:
                keys |= el.keys or set()
        vocab = sorted(keys)
        spelled: dict[str, int] = {}
        for i, k in enumerate(vocab):
            for v in _variants(k):
                spelled.setdefault(v, i)
        variant_list = list(spelled)
        return cls(
            lexicon=lexicon, entries=entries, categories=categories,
            entry_category=np.array([cat_index[e.category] for e in entries], dtype=np.int16),
            entry_othering=np.array([e.polarity == "othering" for e in entries], dtype=bool),
            entry_needs=np.array([_NEEDS.index(e.needs) for e in entries], dtype=np.int8),
            entry_newcomer=np.array([e.newcomer for e in entries], dtype=bool),
            entry_nbn=np.array([e.not_before_noun for e in entries], dtype=bool),
            entry_cap=np.array([e.term[:1].isupper() for e in entries], dtype=bool),
            entry_adjectival=np.array([e.inflect == "adjectival" for e in entries], dtype=bool),
            lemma_forms=lemma_forms, head_forms=head_forms, modifier_forms=modifier_forms,
            phrases=phrases, words=words, numbers=numbers, vocab=vocab,
            variants=pa.array(variant_list, type=pa.string()),
            variant_key=np.array([spelled[v] for v in variant_list] + [-1], dtype=np.int32),
            multipart=any("|" in k for k in (*head_forms, *modifier_forms)))

    def word_lut(self, name: str, ta: "TokenArrays") -> np.ndarray:
        """Bool per lemma type: is the type's key in the context word list ``name``."""
        return ta.set_lut(self.words.get(name, frozenset()))


# --------------------------------------------------------------------------------------------
# the token table as integer arrays
# --------------------------------------------------------------------------------------------
def _arrow(series: pd.Series) -> pa.ChunkedArray:
    """The column as an Arrow string array (see :func:`framing.matching.table.arrow_strings`)."""
    return arrow_strings(series)


def encode(arr: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Dictionary-encode a string array: (int32 codes with -1 for null, list of distinct values)."""
    codes, values = _encode_arrow(arr)
    return codes, values.to_pylist()


def take(arr: pa.Array | pa.ChunkedArray, positions: np.ndarray) -> list[Any]:
    """Values at ``positions`` as a list, chunk by chunk (``ChunkedArray.take`` would first
    concatenate every chunk, which costs more than the look-up itself)."""
    positions = np.asarray(positions, dtype=np.int64)
    if len(positions) == 0:
        return []
    if not isinstance(arr, pa.ChunkedArray):
        return arr.take(pa.array(positions)).to_pylist()
    if arr.num_chunks == 1:
        return arr.chunk(0).take(pa.array(positions)).to_pylist()
    bounds = np.cumsum([0] + [len(c) for c in arr.chunks])
    order = np.argsort(positions, kind="stable")
    sorted_pos = positions[order]
    which = np.searchsorted(bounds, sorted_pos, side="right") - 1
    out_sorted: list[Any] = []
    cuts = np.flatnonzero(np.diff(which)) + 1
    for lo, hi in zip(np.concatenate([[0], cuts]), np.concatenate([cuts, [len(sorted_pos)]])):
        ci = int(which[lo])
        local = sorted_pos[lo:hi] - bounds[ci]
        out_sorted.extend(arr.chunk(ci).take(pa.array(local)).to_pylist())
    out: list[Any] = [None] * len(positions)
    for i, v in zip(order.tolist(), out_sorted):
        out[i] = v
    return out


class _NoRules:
    """A lexicon with no rules: :meth:`TokenArrays.of_table` codes every lemma as -1."""

    vocab: ClassVar[list[str]] = []
    variants = pa.array([], pa.string())
    variant_key = np.array([-1], dtype=np.int64)


_NO_RULES: Any = _NoRules()


@dataclass
class TokenArrays:
    """The token table as aligned NumPy arrays plus the Arrow columns for gathers."""

    n: int
    lemma_codes: np.ndarray
    lemma_keys: list[str]
    parts_codes: np.ndarray
    parts_values: list[str]
    doc: np.ndarray                   # run index per token (one run per document)
    doc_ids: list[str]                # doc_id per run
    sent: np.ndarray                  # corpus-wide sentence number per token
    punct: np.ndarray
    text: pa.ChunkedArray
    table: pd.DataFrame
    _luts: dict[str, Any] = field(default_factory=dict, repr=False)

    def lut(self, comp: "CompiledLexicon", name: str) -> np.ndarray:
        """Bool per lemma type (plus a False slot for code -1): is it in context list ``name``."""
        if name not in self._luts:
            self._luts[name] = np.append(comp.word_lut(name, self), False)
        return self._luts[name]

    def _type_index(self) -> dict[str, int]:
        """lemma key -> code."""
        if "_index" not in self._luts:
            self._luts["_index"] = {k: i for i, k in enumerate(self.lemma_keys)}
        return self._luts["_index"]

    def set_lut(self, keys: frozenset[str] | set[str]) -> np.ndarray:
        """Bool per lemma code: is its key in ``keys``."""
        out = np.zeros(len(self.lemma_keys), dtype=bool)
        index = self._type_index()
        ids = [index[k] for k in keys if k in index]
        if ids:
            out[ids] = True
        return out

    def codes_of(self, key: str) -> list[int]:
        """The lemma code of ``key`` as a list (empty if the vocabulary lacks it)."""
        i = self._type_index().get(key)
        return [] if i is None else [i]

    @classmethod
    def from_table(cls, table: pd.DataFrame, comp: "CompiledLexicon") -> "TokenArrays":
        """Arrays of ``table``; lemmas are coded against the lexicon's vocabulary ``comp.vocab``.

        The table's columns are dictionary-encoded once (:func:`framing.matching.table.table_codes`,
        kept with the table); a rule set maps only the distinct lemmas to its vocabulary
        (``pc.index_in`` over the dictionary) and gathers the codes with NumPy. A missing lemma
        takes the token's surface form."""
        tc = table_codes(table)
        if tc.n == 0:
            empty = np.zeros(0, dtype=np.int64)
            return cls(0, empty, list(comp.vocab), empty, [], empty, [], empty, np.zeros(0, bool),
                       pa.chunked_array([], pa.string()), table)
        lemma_lut = value_lut(tc.lemma_values, comp.variants, comp.variant_key[:-1])
        lemma_codes = lemma_lut[tc.lemma_codes]
        missing = np.flatnonzero(tc.lemma_codes < 0)
        if len(missing):   # no lemma: the surface form
            text_lut = value_lut(tc.text_values, comp.variants, comp.variant_key[:-1])
            lemma_codes[missing] = text_lut[tc.text_codes[missing]]
        out = cls(tc.n, lemma_codes, list(comp.vocab), tc.parts_codes, tc.parts_values, tc.doc, tc.doc_ids,
                  tc.sent, tc.punct, arrow_strings(tc.table["text"]), tc.table)
        out._luts["_starts"] = tc.starts
        # tokens per vocabulary code, from the per-table counts of the distinct lemmas
        n_vocab = len(comp.vocab)
        freq = np.bincount(lemma_lut[:-1] + 1, weights=tc.lemma_counts(), minlength=n_vocab + 1)
        if len(missing):
            freq += np.bincount(lemma_codes[missing] + 1, minlength=n_vocab + 1)
        out._luts["_freq"] = np.append(freq[1:].astype(np.int64), 0)
        out._luts["_codes"] = tc
        return out

    @classmethod
    def of_table(cls, table: pd.DataFrame) -> "TokenArrays":
        """Arrays of ``table`` without a lexicon (lemma codes all -1): for KWIC rows of any tokens."""
        return cls.from_table(table, _NO_RULES)

    def parts_memo(self) -> dict[str, Any]:
        """Where :func:`parts_with` keeps its split of ``parts_values``: with the table's codes
        while they are the table's own values, else with these arrays."""
        if self.n and self.parts_values is self.codes.parts_values:
            return self.codes._memo
        return self._luts

    @property
    def codes(self) -> TableCodes:
        """The table's shared codes (:func:`framing.matching.table.table_codes`)."""
        tc = self._luts.get("_codes")
        if tc is None:
            tc = self._luts["_codes"] = table_codes(self.table)
        return tc

    def type_frequencies(self) -> np.ndarray:
        """Tokens per lemma code (plus a 0 slot for code -1)."""
        if "_freq" not in self._luts:
            counts = np.bincount(self.lemma_codes + 1, minlength=len(self.lemma_keys) + 1)
            self._luts["_freq"] = np.append(counts[1:], 0)
        return self._luts["_freq"]

    def words_per_doc(self) -> np.ndarray:
        """Non-punctuation tokens per document run."""
        if self.n == 0:
            return np.zeros(0, dtype=np.int64)
        return self.codes.words_per_doc()

    def type_of(self, key: str) -> int:
        """The lemma code of a key (-2 if the vocabulary lacks it: never equal to a token's code)."""
        return self._type_index().get(key, -2)

    def texts(self, positions: np.ndarray) -> list[str]:
        """Surface forms at ``positions`` (a gather over the distinct forms)."""
        if len(positions) == 0:
            return []
        return self.codes.texts(positions)

    def capitalised(self, positions: np.ndarray) -> np.ndarray:
        """Whether the surface forms at ``positions`` start with a capital letter (looked up per
        distinct form)."""
        positions = np.asarray(positions, dtype=np.int64)
        if len(positions) == 0:
            return np.zeros(0, dtype=bool)
        tc = self.codes
        return tc.capital_lut()[tc.text_codes[positions]]

    def after_hashtag(self, positions: np.ndarray) -> np.ndarray:
        """Whether the token before each position is "#" in the same sentence: the word is a
        hashtag, which is written in lower case whatever its part of speech ("#rapefugees",
        "#asylanten")."""
        positions = np.asarray(positions, dtype=np.int64)
        out = np.zeros(len(positions), dtype=bool)
        idx = np.flatnonzero(positions > 0)
        if len(idx):
            prev = positions[idx] - 1
            same = self.sent[prev] == self.sent[positions[idx]]
            out[idx] = same & np.array([t == "#" for t in self.texts(prev)], dtype=bool)
        return out

    def cache_capitalised(self, positions: np.ndarray) -> None:
        """Kept for callers of the earlier API: capitalisation is now looked up per distinct form."""

    def codes_at(self, positions: np.ndarray) -> np.ndarray:
        """Lemma codes at positions; out-of-range positions get -1."""
        ok = (positions >= 0) & (positions < self.n)
        out = np.full(len(positions), -1, dtype=np.int32)
        out[ok] = self.lemma_codes[positions[ok]]
        return out

    def same_sentence(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether positions ``a`` and ``b`` are valid and in one sentence."""
        ok = (a >= 0) & (a < self.n) & (b >= 0) & (b < self.n)
        out = np.zeros(len(a), dtype=bool)
        out[ok] = self.sent[a[ok]] == self.sent[b[ok]]
        return out


# --------------------------------------------------------------------------------------------
# matching
# --------------------------------------------------------------------------------------------
@dataclass
class Matches:
    """Lexicon matches: token spans (row positions, ``end`` inclusive) and what matched."""

    start: np.ndarray
    end: np.ndarray
    entry: np.ndarray
    mtype: np.ndarray
    inherent: np.ndarray              # the form itself marks newcomers ("Neu-Essener")
    context_positions: np.ndarray     # positions of newcomer-referring words (incl. context terms)
    attributive: np.ndarray           # bool: demonym/adjectival noun used before a noun

    def __len__(self) -> int:
        return len(self.start)

    def subset(self, keep: np.ndarray) -> "Matches":
        """The matches where ``keep`` is True (the newcomer cues stay: they are context)."""
        return Matches(self.start[keep], self.end[keep], self.entry[keep], self.mtype[keep], self.inherent[keep],
                       self.context_positions, self.attributive[keep])


def allowed(start: np.ndarray, end: np.ndarray, mtype: np.ndarray, targets: np.ndarray | None = None,
            compounds: str = "parts") -> np.ndarray:
    """Bool per match (token span ``start``..``end``, match type ``mtype``): allowed by a term
    selection. ``compounds`` (:data:`framing.nlp.terms.MATCH_COMPOUNDS`): ``"parts"`` allows
    compound head and modifier matches, ``"head"`` head matches only, ``"keep"`` neither;
    ``targets`` (bool per token, :func:`framing.nlp.terms.match_targets`): a match needs one of
    its tokens to be a target (a phrase survives the stopword "mit" in "Menschen mit
    Fluchterfahrung"; a single word must be one itself)."""
    from framing.nlp.terms import MATCH_COMPOUNDS

    keep = np.ones(len(start), dtype=bool)
    kinds = MATCH_COMPOUNDS[compounds]
    if "head" not in kinds:
        keep &= mtype != HEAD
    if "modifier" not in kinds:
        keep &= mtype != MODIFIER
    if targets is not None and len(start):
        before = np.concatenate([[0], np.cumsum(targets, dtype=np.int64)])   # targets before each row
        keep &= before[np.asarray(end, dtype=np.int64) + 1] > before[np.asarray(start, dtype=np.int64)]
    return keep


def restrict(m: Matches, targets: np.ndarray | None = None, compounds: str = "parts") -> Matches:
    """The matches a term selection allows (:func:`allowed`); ``m`` itself where it allows all."""
    if targets is None and compounds == "parts":
        return m
    return m.subset(allowed(m.start, m.end, m.mtype, targets, compounds))


def _type_luts(comp: CompiledLexicon, ta: TokenArrays) -> tuple[np.ndarray, np.ndarray]:
    """Per lemma type: entry id (-1 none, -2 context term) and whether the form is inherent."""
    n_types = len(ta.lemma_keys)
    lut = np.full(n_types + 1, -1, dtype=np.int32)   # last slot: for code -1 (not in the vocabulary)
    inh = np.zeros(n_types + 1, dtype=bool)
    for k in comp.words.get("context_terms", frozenset()):
        lut[ta.codes_of(k)] = CONTEXT_TERM
    for k, (e, inherent) in comp.lemma_forms.items():
        for t in ta.codes_of(k):
            lut[t], inh[t] = e, inherent
    return lut, inh


def parts_with(values: list[str], words: frozenset[str] | set[str], memo: dict[str, Any]) -> np.ndarray:
    """Bool per compound_parts value ("Arbeit|Markt|Integration"): it has at least two parts
    and one of them, lower-cased, is in ``words``. The values are split by Arrow once (kept in
    ``memo``) and only the distinct parts are lower-cased and looked up."""
    key = "_parts_split"
    got = memo.get(key)
    if got is None or got[0] is not values:
        arr = pa.array(values, type=pa.string())
        split = pc.split_pattern(arr, "|")
        flat = pc.list_flatten(split)
        parent = pc.list_parent_indices(split).to_numpy(zero_copy_only=False).astype(np.int64)
        n_parts = np.bincount(parent, minlength=len(values)) if len(values) else np.zeros(0, np.int64)
        codes, distinct = encode(flat)
        lowered = [p.lower() for p in distinct]
        got = memo[key] = (values, parent, codes, lowered, n_parts >= 2)
    _, parent, codes, lowered, multi = got
    hit = np.array([p in words for p in lowered] + [False], dtype=bool)[codes]
    out = np.zeros(len(values), dtype=bool)
    out[parent[hit]] = True
    return out & multi


def _part_words(comp: CompiledLexicon) -> frozenset[str]:
    """Every part a compound rule of ``comp`` looks at (head and modifier forms, also the parts
    of compound forms, and the context terms)."""
    if comp.part_words is None:
        words = set(comp.words.get("context_terms", frozenset()))
        for k in (*comp.head_forms, *comp.modifier_forms):
            words.update(k.split("|"))
        comp.part_words = frozenset(words)
    return comp.part_words


def _parts_luts(comp: CompiledLexicon, values: list[str], memo: dict[str, Any] | None = None) -> tuple[np.ndarray, ...]:
    """Per compound_parts value: head entry, modifier entry, inherent, newcomer-modifier/context flag.
    Only the values with a part some rule looks at are examined (:func:`parts_with`)."""
    m = len(values) + 1
    head = np.full(m, -1, dtype=np.int32)
    mod = np.full(m, -1, dtype=np.int32)
    inh = np.zeros(m, dtype=bool)
    ctx = np.zeros(m, dtype=bool)
    newmods = comp.words.get("newcomer_modifiers", frozenset())
    ctx_terms = comp.words.get("context_terms", frozenset())
    relevant = np.flatnonzero(parts_with(values, _part_words(comp), {} if memo is None else memo))
    for t in relevant.tolist():
        v = values[t]
        if not v:
            continue
        parts = [p.lower() for p in v.split("|")]
        if len(parts) < 2:
            continue
        h, mods = parts[-1], parts[:-1]
        fresh = any(p in newmods for p in mods)
        for e, inherent, allowed in comp.head_forms.get(h, ()):
            if allowed is None or any(p in allowed for p in mods):
                head[t], inh[t] = e, inherent or fresh
        if comp.multipart and len(parts) > 2:
            # a compound term as head ("Erstaufnahme|Einrichtung" in "Land|Erstaufnahme|Einrichtung"),
            # the longest such suffix wins
            for k in range(len(parts) - 1, 1, -1):
                found = comp.head_forms.get("|".join(parts[-k:]))
                if found:
                    head[t], inh[t] = found[-1][0], found[-1][1] or fresh
                    break
        for p in mods:
            e = comp.modifier_forms.get(p)
            if e is not None:
                mod[t] = e
                break
        if comp.multipart and len(mods) > 1:
            # a compound term as modifier ("Arbeit|Markt" in "Arbeit|Markt|Integration")
            runs = ((a, b) for a in range(len(mods) - 1) for b in range(len(mods), a + 1, -1))
            for a, b in runs:   # first and longest run wins
                e = comp.modifier_forms.get("|".join(mods[a:b]))
                if e is not None:
                    mod[t] = e
                    break
        ctx[t] = any(p in ctx_terms for p in parts)
    return head, mod, inh, ctx


def phrase_anchors(comp: CompiledLexicon, ta: TokenArrays) -> tuple[list[int], np.ndarray, Any]:
    """Each phrase's anchor element (its rarest element in this corpus; -1 if all are
    wildcards), a bool per lemma code (+ a False slot for -1) marking the anchors' lemmas, and
    the element look-up function. A phrase can only match where its anchor stands, so the
    anchors are all a caller needs among its candidate positions."""
    keys = ta.lemma_keys
    el_luts: dict[frozenset[str], np.ndarray] = ta._luts.setdefault("_el_luts", {})

    def lut_for(ks: frozenset[str]) -> np.ndarray:
        """Bool per lemma code, with a final False slot for code -1 (outside the vocabulary)."""
        if ks not in el_luts:
            el_luts[ks] = np.append(ta.set_lut(ks), False)
        return el_luts[ks]

    freq = ta.type_frequencies()
    anchors: list[int] = []
    union = np.zeros(len(keys) + 1, dtype=bool)
    for ph in comp.phrases:
        best, best_f = -1, None
        for j, el in enumerate(ph.elements):
            if el.keys is None:
                continue
            f = int(freq[lut_for(el.keys)].sum())
            # an element no token has as lemma may still match surface forms ("uns", lemma
            # "wir"): start from the rarest element that occurs as a lemma where there is one
            if best_f is None or (f > 0 and (best_f == 0 or f < best_f)):
                best, best_f = j, f
        anchors.append(best)
        if best >= 0:
            union |= lut_for(ph.elements[best].keys)  # type: ignore[arg-type]
    return anchors, union, lut_for


def surface_lut(ta: TokenArrays, keys: frozenset[str]) -> np.ndarray:
    """Bool per distinct surface form (plus a False slot for code -1): its lower case is one of
    ``keys`` — the surface-form fallback of a phrase element, as a look-up table."""
    tc = ta.codes
    memo = tc._memo
    if "text_lower" not in memo:
        memo["text_lower"] = pa.array([t.lower() if t else t for t in tc.text_objects()[:-1].tolist()],
                                      type=pa.string())
    luts: dict[frozenset[str], np.ndarray] = memo.setdefault("surface_luts", {})
    if keys not in luts:
        luts[keys] = value_lut(memo["text_lower"], pa.array(sorted(keys), type=pa.string())) >= 0
    return luts[keys]


def anchor_surface_positions(comp: CompiledLexicon, ta: TokenArrays, anchors: list[int],
                             candidates: np.ndarray | None = None) -> np.ndarray:
    """Sorted positions (among ``candidates`` if given) whose surface form (lower case) is one
    of a phrase anchor's keys.

    An element matches a token by its lemma or, where the lemmatiser disagrees, by its surface
    form; so the anchor's candidates must include the surface forms too. Without them a phrase
    whose anchor token has another lemma ("uns", lemma "wir") would be found or missed
    depending on which element is the rarest in the corpus — and so on how a corpus is split
    into parts (:mod:`framing.scale`)."""
    if ta.n == 0:
        return np.zeros(0, dtype=np.int64)
    lut = np.zeros(len(ta.codes.text_values) + 1, dtype=bool)
    for ph, a in zip(comp.phrases, anchors):
        if a >= 0:
            lut |= surface_lut(ta, ph.elements[a].keys)  # type: ignore[arg-type]
    if not lut.any():
        return np.zeros(0, dtype=np.int64)
    if candidates is not None:
        return candidates[lut[ta.codes.text_codes[candidates]]]
    return np.flatnonzero(lut[ta.codes.text_codes])


def _phrase_matches(comp: CompiledLexicon, ta: TokenArrays,
                    candidates: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """All phrase matches: (start, end, entry) arrays, longest first where they overlap."""
    empty = np.zeros(0, dtype=np.int64)
    if not comp.phrases or ta.n == 0:
        return empty, empty, empty
    anchors, union, lut_for = phrase_anchors(comp, ta)
    if not union.any():
        cand = empty
    elif candidates is None:
        cand = np.flatnonzero(union[ta.lemma_codes])
    else:
        cand = candidates[union[ta.lemma_codes[candidates]]]
    surface = anchor_surface_positions(comp, ta, anchors, candidates)   # anchors whose lemma disagrees
    if len(surface):
        cand = np.union1d(cand, surface)
    starts, ends, ents = [], [], []
    text_codes = ta.codes.text_codes
    for ph, a in zip(comp.phrases, anchors):
        if a < 0 or len(cand) == 0:
            continue
        keys = ph.elements[a].keys
        at = lut_for(keys)[ta.lemma_codes[cand]] | surface_lut(ta, keys)[text_codes[cand]]  # type: ignore[arg-type]
        c = cand[at]
        s = c - a
        e = s + len(ph.elements) - 1
        ok = ta.same_sentence(s, e)
        s, e = s[ok], e[ok]
        for j, el in enumerate(ph.elements):
            if len(s) == 0:
                break
            pos = s + j
            if el.keys is None:
                keep = ~ta.punct[pos]
            else:
                keep = lut_for(el.keys)[ta.lemma_codes[pos]]
                miss = np.flatnonzero(~keep)
                if len(miss):  # fall back on the surface form for lemmatiser disagreements
                    keep[miss] = [t.lower() in el.keys for t in ta.texts(pos[miss])]
                if (el.cap or el.neg) and keep.any():
                    idx = np.flatnonzero(keep)
                    keep[idx] = [(not el.cap or t[:1].isupper()) and t.lower() not in el.neg
                                 for t in ta.texts(pos[idx])]
            s, e = s[keep], e[keep]
        starts.append(s)
        ends.append(e)
        ents.append(np.full(len(s), ph.entry, dtype=np.int64))
    if not starts:
        return empty, empty, empty
    s, e, en = np.concatenate(starts), np.concatenate(ends), np.concatenate(ents)
    # overlapping phrase matches: keep the earliest-starting, then longest
    order = np.lexsort((-(e - s), s))
    s, e, en = s[order], e[order], en[order]
    keep = np.ones(len(s), dtype=bool)
    last_end = -1
    for i in range(len(s)):  # loop over phrase matches (few), not tokens
        if s[i] <= last_end:
            keep[i] = False
        else:
            last_end = e[i]
    return s[keep], e[keep], en[keep]


def find_matches(comp: CompiledLexicon, ta: TokenArrays, candidates: np.ndarray | None = None) -> Matches:
    """Every lexicon match in the token arrays (see the module docstring for the rules).

    ``candidates``: sorted positions that can start or be a match (every position whose lemma or
    compound_parts any rule of ``comp`` looks at); several rule sets matched over one corpus
    (a codebook's frames) compute them once and skip the full-length gathers."""
    empty = np.zeros(0, dtype=np.int64)
    if ta.n == 0:
        return Matches(empty, empty, empty, empty.astype(np.int8), np.zeros(0, bool), empty, np.zeros(0, bool))
    lut, inh_lut = _type_luts(comp, ta)
    head_lut, mod_lut, pinh_lut, pctx_lut = _parts_luts(comp, ta.parts_values, ta.parts_memo())
    # one code per compound_parts value: entry (head before modifier), -2 context term, -1 nothing
    parts_lut = np.where(head_lut >= 0, head_lut, np.where(mod_lut >= 0, mod_lut,
                                                           np.where(pctx_lut, CONTEXT_TERM, -1))).astype(np.int32)
    pc_ = ta.parts_codes
    # two gathers over all tokens; everything after works on the few hits
    if candidates is None:
        lem = lut[ta.lemma_codes]
        par = parts_lut[pc_]
        hits = np.flatnonzero((lem != -1) | (par != -1))
        h_lem, h_par, h_pc = lem[hits], par[hits], pc_[hits]
    else:
        c_lem = lut[ta.lemma_codes[candidates]]
        c_pc = pc_[candidates]
        c_par = parts_lut[c_pc]
        keep_c = (c_lem != -1) | (c_par != -1)
        hits = candidates[keep_c]
        h_lem, h_par, h_pc = c_lem[keep_c], c_par[keep_c], c_pc[keep_c]
    ctx_pos = hits[(h_lem == CONTEXT_TERM) | pctx_lut[h_pc]]

    # single-token candidates with precedence lemma > head > modifier
    is_lem = h_lem >= 0
    is_par = ~is_lem & (h_par >= 0)
    sel = is_lem | is_par
    cand = hits[sel]
    c_entry = np.where(is_lem, h_lem, h_par)[sel].astype(np.int64)
    h_head = head_lut[h_pc] >= 0
    c_type = np.where(is_lem, LEMMA, np.where(h_head, HEAD, MODIFIER))[sel].astype(np.int8)
    c_inh = np.where(is_lem, inh_lut[ta.lemma_codes[hits]], pinh_lut[h_pc] & h_head)[sel]

    # nouns need a capitalised surface form ("Flut" the noun, not "fluten"), except in a
    # hashtag ("#asylanten")
    if len(cand):
        need_cap = comp.entry_cap[c_entry]
        idx = np.flatnonzero(need_cap)
        if len(idx):
            caps = ta.capitalised(cand[idx])
            if not caps.all():
                low = np.flatnonzero(~caps)
                caps[low] = ta.after_hashtag(cand[idx][low])
            drop = np.zeros(len(cand), dtype=bool)
            drop[idx] = ~caps
            cand, c_entry, c_type, c_inh = cand[~drop], c_entry[~drop], c_type[~drop], c_inh[~drop]

    # phrases take precedence over single-token matches inside their span
    ps, pe, pen = _phrase_matches(comp, ta, candidates)
    if len(ps) and len(cand):
        # phrase spans are sorted and do not overlap: the last span starting at or before a
        # candidate covers it if it ends at or after it
        i = np.searchsorted(ps, cand, side="right") - 1
        covered = (i >= 0) & (pe[np.maximum(i, 0)] >= cand)
        keep = ~covered
        cand, c_entry, c_type, c_inh = cand[keep], c_entry[keep], c_type[keep], c_inh[keep]

    start = np.concatenate([ps, cand])
    end = np.concatenate([pe, cand])
    ent = np.concatenate([pen, c_entry])
    mtype = np.concatenate([np.full(len(ps), PHRASE, dtype=np.int8), c_type])
    inherent = np.concatenate([np.zeros(len(ps), dtype=bool), c_inh])
    order = np.argsort(start, kind="stable")
    start, end, ent, mtype, inherent = start[order], end[order], ent[order], mtype[order], inherent[order]

    start, end, ent, mtype, inherent = _merge_pairs(comp, ta, start, end, ent, mtype, inherent)
    attributive = _attributive(comp, ta, start, end, ent)
    newcomer_pos = start[comp.entry_newcomer[ent]] if len(ent) else empty
    context_positions = np.union1d(newcomer_pos, ctx_pos)
    return Matches(start, end, ent, mtype, inherent, context_positions, attributive)


def _merge_pairs(comp: CompiledLexicon, ta: TokenArrays, start: np.ndarray, end: np.ndarray,
                 ent: np.ndarray, mtype: np.ndarray, inherent: np.ndarray) -> tuple[np.ndarray, ...]:
    """Merge "X-innen und X" (same entry, coordinated, same sentence) into one match."""
    if len(start) < 2:
        return start, end, ent, mtype, inherent
    codes = ta.codes_at(end[:-1] + 1)
    is_coord = ta.lut(comp, "coordinators")[codes]
    pair = ((start[1:] == end[:-1] + 2) & (ent[1:] == ent[:-1]) & is_coord
            & ta.same_sentence(start[:-1], end[1:]))
    if not pair.any():
        return start, end, ent, mtype, inherent
    # chains (a und b und c) collapse left to right: drop every match that merges into its successor
    first = np.flatnonzero(pair)
    start = start.copy()
    inherent = inherent.copy()
    for i in first[::-1]:  # few pairs; right-to-left so chains carry the first start
        start[i + 1] = start[i]
        inherent[i + 1] |= inherent[i]
    keep = np.ones(len(start), dtype=bool)
    keep[first] = False
    return start[keep], end[keep], ent[keep], mtype[keep], inherent[keep]


def _attributive(comp: CompiledLexicon, ta: TokenArrays, start: np.ndarray, end: np.ndarray,
                 ent: np.ndarray) -> np.ndarray:
    """Demonyms and adjectival nouns used as adjectives: directly before a capitalised word
    ("Essener Stadtrat"). An adjectival noun is only ambiguous at the start of a sentence
    ("Geflüchtete Familien kamen"); inside a sentence its capital marks the noun ("aus
    Geflüchteten Nachbarn machen")."""
    out = np.zeros(len(end), dtype=bool)
    if len(end) == 0:
        return out
    check = comp.entry_nbn[ent]
    adj = comp.entry_adjectival[ent]
    if adj.any():
        initial = (start == 0) | ~ta.same_sentence(start - 1, start)
        check &= ~adj | initial
    idx = np.flatnonzero(check)
    if len(idx) == 0:
        return out
    nxt = end[idx] + 1
    ok = ta.same_sentence(end[idx], nxt)
    idx, nxt = idx[ok], nxt[ok]
    ok = ~ta.punct[nxt]
    idx, nxt = idx[ok], nxt[ok]
    if len(idx):
        out[idx] = [bool(t) and t[:1].isupper() and t.replace("-", "").isalpha() for t in ta.texts(nxt)]
    return out


def match_summary(comp: CompiledLexicon, matches: Matches) -> pd.DataFrame:
    """Number of matches per entry and match type (diagnostics)."""
    df = pd.DataFrame({"term": [comp.entries[e].term for e in matches.entry],
                       "match_type": [MATCH_NAMES[t] for t in matches.mtype]})
    return df.value_counts().rename("n").reset_index()


__all__ = ["CompiledLexicon", "TokenArrays", "Matches", "find_matches", "allowed", "restrict", "expand_forms",
           "encode", "parts_with",
           "phrase_anchors", "anchor_surface_positions", "surface_lut", "phrase_element_keys", "MATCH_NAMES",
           "match_summary"]
