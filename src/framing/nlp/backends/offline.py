"""The offline default backend (name ``"default"``): our tokeniser + simplemma (+ HanTa for POS).

Nothing is downloaded: simplemma (MIT) ships its German lexicon, HanTa (LGPL-3.0-or-later, used
as an unmodified library: imported, called, its model tables read; none of its code copied) ships
its German model ``morphmodel_ger.pgz``.

Profiles
--------
``"fast"``
    tokens, sentences and lemmas (simplemma with a form→lemma cache; greedy decomposition only for
    words simplemma does not know, with a guard for demonyms: "Hörsterfelder" stays
    "Hörsterfelder"); no POS (``upos``/``xpos`` are ``<NA>``). Forms that are entries of
    simplemma's dictionary are looked up directly, and the decoded dictionary can be kept in the
    cache folder for later processes (:class:`_SimplemmaGerman`; simplemma's results either way).
``"full"``
    as ``fast`` plus POS tags from HanTa's HMM, mapped to STTS (``xpos``) and UPOS
    (:data:`HANTA_TO_STTS`, :data:`STTS_TO_UPOS`). HanTa's ``tag_sent`` runs at ~6k tokens/s;
    here framing decodes HanTa's model with its own Viterbi (:meth:`HanTaTagger._viterbi`; its
    compiled twin ``framing.nlp._viterbi`` runs instead where the optional kernels are built, with
    the same tags) and caches everything that does not depend on context — the emission scores
    of a word form (HanTa's ``_tag_word``) and the lemma of a (form, tag) pair (``_analyze``) — so
    each word type is analysed once; on UD German GSD dev the tags equal ``tag_sent``'s (0 of
    12,316 differ).
    Capitalised words HanTa's lexicon lacks borrow the scores of their known noun head
    (:meth:`HanTaTagger._head`), which saves ~1 ms per new word type.
    Lemmas come from simplemma, except for the POS where HanTa's lemma agreed better with UD
    German GSD (:data:`HANTA_LEMMA_POS`; measured in ``benchmarks/bench_annotation_accuracy.py``).

Lemma conventions (both profiles): articles and demonstratives → ``der``/``ein``
("die Flüchtlinge" → "Flüchtling"); personal pronouns → lower-case nominative (``Ihnen`` →
``sie``); hyphenated words keep their first parts and lemmatise the last (``CDU-Fraktionen`` →
``CDU-Fraktion``; simplemma alone would join them); multi-part abbreviations drop inner spaces
(``z. B.`` → ``z.B.``); numbers, URLs, e-mail addresses, punctuation and tokens longer than 64
characters are their own lemma; soft hyphens are removed before lemmatising.
"""
from __future__ import annotations

import contextlib
import itertools
import marshal
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import ParameterError
from framing.nlp.backends.base import RAW_COLUMNS
from framing.nlp.compiled import kernel
from framing.nlp.tokenizer import MAX_SENTENCE_TOKENS, TOKENIZER_VERSION, tokenize_text

PROFILES: tuple[str, ...] = ("fast", "full")
#: profile used when none is given (see docs/guide/annotation.md for the measurements behind it)
DEFAULT_PROFILE = "full"

#: HanTa tag → STTS 1999 tag (tags not listed are already STTS)
HANTA_TO_STTS: dict[str, str] = {
    "ADJ(A)": "ADJA", "ADJ(D)": "ADJD",
    "VA(FIN)": "VAFIN", "VA(IMP)": "VAIMP", "VA(INF)": "VAINF", "VA(PP)": "VAPP",
    "VM(FIN)": "VMFIN", "VM(INF)": "VMINF", "VM(PP)": "VMPP",
    "VV(FIN)": "VVFIN", "VV(IMP)": "VVIMP", "VV(INF)": "VVINF", "VV(IZU)": "VVIZU", "VV(PP)": "VVPP",
    "NNA": "NN",  # nominalised adjective ("Geflüchtete") – STTS has no own tag
    "NNI": "NN",  # nominalised infinitive ("das Ankommen")
    "PROAV": "PAV",  # TIGER spelling → STTS 1999
    "UNKNOWN": "XY",
}

#: STTS → UPOS. Standard UD conversion, with GSD's majority choice where UD German differs:
#: KOKOM ("wie", "als") → ADP, KOUI ("um", "ohne") → ADP, PTKVZ → ADP, PTKA → ADV,
#: TRUNC ("Ein-") → NOUN, PIS → PRON.
STTS_TO_UPOS: dict[str, str] = {
    "ADJA": "ADJ", "ADJD": "ADJ", "ADV": "ADV",
    "APPR": "ADP", "APPRART": "ADP", "APPO": "ADP", "APZR": "ADP",
    "ART": "DET", "CARD": "NUM", "FM": "X", "ITJ": "INTJ",
    "KOKOM": "ADP", "KON": "CCONJ", "KOUI": "ADP", "KOUS": "SCONJ",
    "NN": "NOUN", "NE": "PROPN",
    "PDS": "PRON", "PDAT": "DET", "PIS": "PRON", "PIAT": "DET", "PIDAT": "DET",
    "PPER": "PRON", "PPOSS": "PRON", "PPOSAT": "DET", "PRELS": "PRON", "PRELAT": "DET",
    "PRF": "PRON", "PWS": "PRON", "PWAT": "DET", "PWAV": "ADV", "PAV": "ADV", "PROAV": "ADV",
    "PTKZU": "PART", "PTKNEG": "PART", "PTKVZ": "ADP", "PTKANT": "PART", "PTKA": "ADV",
    "TRUNC": "NOUN",
    "VVFIN": "VERB", "VVIMP": "VERB", "VVINF": "VERB", "VVIZU": "VERB", "VVPP": "VERB",
    "VAFIN": "AUX", "VAIMP": "AUX", "VAINF": "AUX", "VAPP": "AUX",
    "VMFIN": "AUX", "VMINF": "AUX", "VMPP": "AUX",
    "XY": "X", "$,": "PUNCT", "$.": "PUNCT", "$(": "PUNCT",
}

#: UPOS for which the full profile takes HanTa's lemma instead of simplemma's. Measured on GSD dev
#: gold tokens (simplemma vs HanTa): VERB 0.948 vs 0.981, ADJ 0.888 vs 0.929, AUX 0.983 vs 1.000;
#: simplemma is better for DET (0.999 vs 0.947), PRON (0.990 vs 0.866), PROPN (0.941 vs 0.842)
#: and equal for NOUN (0.952 vs 0.950), so nouns keep simplemma's lemma (as in the fast profile).
HANTA_LEMMA_POS: frozenset[str] = frozenset({"VERB", "ADJ", "AUX"})

#: STTS tags for tokens HanTa does not know well (multi-part abbreviations, URLs …)
FORCED_TAGS: dict[str, str] = {
    "z.B.": "ADV", "Z.B.": "ADV", "u.a.": "ADV", "U.a.": "ADV", "d.h.": "ADV", "D.h.": "ADV",
    "v.a.": "ADV", "V.a.": "ADV", "u.U.": "ADV", "U.U.": "ADV", "o.ä.": "ADV", "u.ä.": "ADV",
    "i.d.R.": "ADV", "z.T.": "ADV", "s.o.": "ADV", "s.u.": "ADV", "u.v.m.": "ADV", "z.Zt.": "ADV",
    "z.Z.": "ADV", "m.E.": "ADV", "u.E.": "ADV", "e.V.": "NN", "E.V.": "NN", "a.D.": "ADV",
    "bzw.": "KON", "usw.": "ADV", "etc.": "ADV", "ca.": "ADV", "Ca.": "ADV", "vgl.": "VVIMP",
}

_MAX_TOKEN_LEN = 64
_BEAM = 8  # Viterbi states kept per word (GSD dev: the same tags as an exact search)
_NUMERIC = re.compile(r"[\d.,:/+\-–%]+$")
_SPECIAL = re.compile(r"(?:https?://|ftp://|www\.)|@|\.(?:de|com|org|net|eu)\b")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
#: entries per cache of the backend's own (tagger input forms, HanTa lemmas)
_CACHE_SIZE = 500_000


def _add_bounded(cache: dict, entries: dict, limit: int) -> None:
    """Add ``entries`` to a per-type cache, emptying it first if it would grow past ``limit``
    (the caches hold pure functions' results, so emptying only costs recomputation)."""
    if len(cache) + len(entries) > limit:
        cache.clear()
    cache.update(entries)
_PUNCT_ONLY = re.compile(r"[^\w]+$")
#: HanTa lemmas that are stems, not words ("anderen" → "ander"): simplemma's lemma is taken
_HANTA_STEMS = frozenset({"ander", "nächst", "selb", "dies", "jen", "manch", "solch", "welch"})

#: noun heads that typically end person and place names (no head proxy for these)
_NAME_HEADS = frozenset("Mann Manns Heim Burg Dorf Land Wald Berg Feld Felde Hausen Bach Stein Hof "
                        "Hofen Kirchen Hagen Rode Born Thal Tal Brück Brücken Brunn Furt Stedt Stadt "
                        "Hütte Beck Kamp Horst Holz Hain Au Aue Wiese See Ried Rath".split())
_OBJECT_COLS = frozenset({"doc_id", "text", "lemma", "upos", "xpos"})


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


#: folder in which :class:`_SimplemmaGerman` keeps its copy of simplemma's German dictionary
#: (set by annotate()'s word-form cache, :func:`use_dictionary_folder`; ``None``: no copy)
_DICTIONARY_FOLDER: Path | None = None


def use_dictionary_folder(folder: Path | None) -> None:
    """Keep a copy of simplemma's decoded German dictionary in ``folder`` (≈ 27 MB): a process
    that starts later reads it in about a quarter of the time simplemma takes to decode its own
    (≈ 0.3 instead of 1.2 CPU-s on the development machine). Takes effect for the lemmatiser a
    process builds next (:func:`simplemma_german`)."""
    global _DICTIONARY_FOLDER
    _DICTIONARY_FOLDER = folder


def _dictionary_file(folder: Path) -> Path:
    """The copy's name: simplemma's version and the Python version (``marshal`` is Python's own
    format and may change between Python versions)."""
    v = sys.version_info
    return folder / f"simplemma-de-{_version('simplemma')}-py{v[0]}{v[1]}.marshal"


def _read_dictionary(path: Path) -> dict[bytes, bytes] | None:
    try:
        table = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return table if isinstance(table, dict) and table else None


def _write_dictionary(path: Path, table: dict[bytes, bytes]) -> None:
    """Write the copy (atomically; a cache folder that cannot be written is skipped)."""
    from framing.cache import write_atomic

    with contextlib.suppress(OSError, ValueError):
        write_atomic(path, marshal.dumps(table))


class _SimplemmaGerman:
    """``simplemma.lemmatize(form, "de", greedy)`` and ``simplemma.is_known(form, "de")``, the same
    results, faster:

    * a form that is a key of simplemma's German dictionary (most forms of press text) gets its
      entry directly, which is what simplemma's pipeline returns for it (non-numeric NFC forms;
      German has no apostrophe rule or character folding in simplemma), at a fifth of the cost;
    * with a ``folder`` (:func:`use_dictionary_folder`) the decoded dictionary is read from a copy
      kept there, written by the first process; simplemma's own strategies then run over it —
      only in pure Python: where the compiled kernel is in use
      (:mod:`framing.nlp.simplemma_dictionary`) simplemma reads its dictionary on demand, faster
      than the copy is read.

    Where simplemma's dictionary is neither a plain ``bytes → bytes`` table nor the kernel's
    on-demand one (another simplemma version) every form goes through simplemma's module
    functions."""

    def __init__(self, folder: Path | None = None) -> None:
        import simplemma

        from framing.nlp.simplemma_dictionary import use_compiled_decoder

        if use_compiled_decoder():
            # simplemma decodes with framing's kernel as fast as a copy would be read: no copy
            folder = None
        self._lemmatize = simplemma.lemmatize
        self._is_known = simplemma.is_known
        self._dict: dict[bytes, bytes] | None = None
        self._lemmatizers: dict[bool, Any] = {}
        self._lookup: Any = None
        #: where the dictionary came from: "simplemma" (decoded by simplemma), "copy" or "none"
        self.source = "none"
        try:
            from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
            from simplemma.strategies.apostrophe_boundary import APOSTROPHE_BOUNDARY_LANGS
            from simplemma.strategies.dictionaries.dictionary_factory import (
                DEFAULT_DICTIONARY_FACTORY,
                MappingStrToByteString,
            )
            from simplemma.utils import _CANON_TABLES

            if "de" in APOSTROPHE_BOUNDARY_LANGS or "de" in _CANON_TABLES:
                return
            path = _dictionary_file(folder) if folder is not None else None
            # simplemma decoded it already in this process (ingest's cleaning asks it): share that
            decoded = DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_info().currsize > 0
            tried = path is not None and not decoded and path.exists()
            table = _read_dictionary(path) if tried and path is not None else None
            if table is not None:
                factory = _GermanDictionaryFactory(MappingStrToByteString(table))
                self._lemmatizers = {g: simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(
                    greedy=g, dictionary_factory=factory)) for g in (False, True)}  # type: ignore[arg-type]
                self._lookup = DictionaryLookupStrategy(factory)  # type: ignore[arg-type]
                self._dict, self.source = table, "copy"
                return
            table = getattr(DEFAULT_DICTIONARY_FACTORY.get_dictionary("de"), "_dict", None)
            if isinstance(table, dict) or _is_lazy_dictionary(table):
                self._dict, self.source = table, "simplemma"
                if path is not None and (tried or not path.exists()):  # none yet, or a damaged one
                    _write_dictionary(path, table)
        except (ImportError, AttributeError, TypeError, ValueError, OSError):
            self._dict, self._lemmatizers, self._lookup, self.source = None, {}, None, "none"

    def lemmatize(self, form: str, greedy: bool = False) -> str:
        d = self._dict
        if d is not None and not greedy and form and not form.isnumeric() \
                and unicodedata.is_normalized("NFC", form):
            got = d.get(form.encode("utf-8", "surrogatepass"))
            if got:  # (an empty entry sends simplemma on to its other strategies)
                return got.decode("utf-8")
        if self._lemmatizers:
            return self._lemmatizers[greedy].lemmatize(form, "de")
        return self._lemmatize(form, lang="de", greedy=greedy)

    def is_known(self, form: str) -> bool:
        d = self._dict
        if (d is not None and form and unicodedata.is_normalized("NFC", form)
                and form.encode("utf-8", "surrogatepass") in d):
            return True
        if self._lookup is not None:
            if not isinstance(form, str) or not form:  # simplemma's own input errors
                raise (TypeError if not isinstance(form, str) else ValueError)(f"not a word: {form!r}")
            return self._lookup.get_lemma(unicodedata.normalize("NFC", form), "de") is not None
        return bool(self._is_known(form, lang="de"))


def _is_lazy_dictionary(table: Any) -> bool:
    """Whether ``table`` is the compiled kernel's on-demand dictionary
    (:mod:`framing.nlp.simplemma_dictionary`): the same look-ups as the decoded ``dict``."""
    from framing.nlp.compiled import kernel

    decoder = kernel("_frontcode")
    return decoder is not None and isinstance(table, decoder.LazyDictionary)


class _GermanDictionaryFactory:
    """A simplemma dictionary factory holding one German dictionary (other languages:
    simplemma's default factory)."""

    def __init__(self, mapping: Any) -> None:
        self.mapping = mapping

    def get_dictionary(self, lang: str) -> Any:
        if lang == "de":
            return self.mapping
        from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

        return DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)


class SimplemmaLemmatizer:
    """simplemma with a form→lemma cache and the conventions in the module docstring."""

    def __init__(self, greedy: bool = True, cache_size: int = 1_000_000) -> None:
        self.greedy = greedy
        self.cache_size = cache_size
        self.cache: dict[str, str] = {}
        self._de: _SimplemmaGerman | None = None

    @property
    def engine(self) -> _SimplemmaGerman:
        """simplemma's German lemmatiser (its dictionary is read on first use)."""
        if self._de is None:
            self._de = simplemma_german()
        return self._de

    def is_known(self, form: str) -> bool:
        return self.engine.is_known(form)

    def lemma(self, form: str) -> str:
        """Lemma of one word form (cached)."""
        try:
            return self.cache[form]
        except KeyError:
            pass
        lemma = self._compute(form)
        if len(self.cache) >= self.cache_size:
            self.cache.clear()
        self.cache[form] = lemma
        return lemma

    def lemmas(self, forms: Iterable[str]) -> list[str]:
        get = self.cache.get
        return [get(f) or self.lemma(f) for f in forms]

    def learn(self, lemmas: dict[str, str]) -> None:
        """Add form → lemma pairs computed by :meth:`lemma` elsewhere (another process)."""
        _add_bounded(self.cache, lemmas, self.cache_size)

    def _compute(self, form: str) -> str:
        if form.isalpha() and len(form) <= _MAX_TOKEN_LEN:  # most forms: none of the cases below
            return self._word(form)
        if _INVISIBLE.search(form):
            form = _INVISIBLE.sub("", form)
            if not form:
                return form
        if len(form) > _MAX_TOKEN_LEN or _PUNCT_ONLY.match(form) or _NUMERIC.match(form):
            return form
        if " " in form:  # "z. B." → "z.B."
            return form.replace(" ", "")
        if _SPECIAL.search(form):
            return form
        if form.endswith("-") or form.startswith("-"):  # elided parts: "Ein-", "-unterkünfte"
            if form.startswith("-") and len(form) > 1 and not form.endswith("-"):
                return "-" + self._word(form[1:])
            return form
        if "-" in form:
            head, _, last = form.rpartition("-")
            if not last:
                return form
            lem = self._word(last)
            if last[0].isupper() and lem[:1].islower():
                lem = lem[:1].upper() + lem[1:]
            return f"{head}-{lem}"
        return self._word(form)

    def _word(self, form: str) -> str:
        de = self.engine
        lemma = de.lemmatize(form)
        if lemma == form and self.greedy and len(form) > 5 and not de.is_known(form):
            g = de.lemmatize(form, greedy=True)
            # demonym guard: greedy turns "Hörsterfelder" into the place "Hörsterfeld"
            if form[0].isupper() and ((g == form[:-2] and form.endswith("er"))
                                      or (g == form[:-3] and form.endswith("ern"))):
                return form[:-1] if form.endswith("ern") else form
            lemma = g
        return lemma


class HanTaTagger:
    """HanTa's model with framing's own cached decoder (same tags as HanTa, several times faster).

    ``tag(words)`` returns ``(stts, upos, hanta_lemma)`` per word, ``tag_ids(words)`` HanTa's tag
    numbers. The per-word emission scores and the lemma of each (form, tag) pair are computed once
    per word type and cached; only the Viterbi over the sentence runs per sentence.
    """

    def __init__(self, cache_size: int = 500_000, head_proxy: bool = True) -> None:
        from framing.nlp.morphology import shared_hanta

        self._t = shared_hanta()
        self.cache_size = cache_size
        self.head_proxy = head_proxy
        self._wcache: dict[tuple[str, bool], dict[int, float]] = {}
        self._lcache: dict[tuple[str, int], str] = {}
        #: the compiled Viterbi over this model's tables (built on first use; False: not possible)
        self._kernel: Any = None
        t = self._t
        self._end = t.tag2int["END"]
        self._unknown = t.tag2int["UNKNOWN"]
        self._xy = t.tag2int["XY"]
        self._nn = t.tag2int["NN"]
        self._tagname = {i: HANTA_TO_STTS.get(name, name) for i, name in t.int2tag.items()}
        self._upos = {i: STTS_TO_UPOS.get(name, "X") for i, name in self._tagname.items()}
        self._stts_int = {name: i for i, name in sorted(self._tagname.items(), reverse=True) if i > 0}
        #: tag number -> STTS / UPOS; tag numbers whose lemma comes from HanTa
        self.stts_names = self._tagname
        self.upos_names = self._upos
        self.hanta_lemma_tags = frozenset(i for i, u in self._upos.items() if u in HANTA_LEMMA_POS)

    def knows(self, word: str, cs: bool = True) -> bool:
        """Whether the emission scores of ``word`` (not sentence-initial: ``cs``) are cached."""
        return (word, cs) in self._wcache

    def emissions(self, words: Iterable[str], cs: bool = True) -> dict[tuple[str, bool], dict[int, float]]:
        """Emission scores of ``words`` (cached here too), for :meth:`learn_emissions` elsewhere."""
        return {(w, cs): self._wprobs(w, cs) for w in words}

    def learn_emissions(self, scores: dict[tuple[str, bool], dict[int, float]]) -> None:
        """Add scores computed by :meth:`emissions` in another process (the same pure function)."""
        _add_bounded(self._wcache, scores, self.cache_size)

    def _wprobs(self, word: str, cs: bool) -> dict[int, float]:
        key = (word, cs)
        try:
            return self._wcache[key]
        except KeyError:
            pass
        forced = FORCED_TAGS.get(word)
        proxy = None
        if forced is not None:
            probs = {self._stts_int[forced]: 0.0}
        elif len(word) > _MAX_TOKEN_LEN or _SPECIAL.search(word):
            probs = {self._xy: 0.0}
        elif cs and self.head_proxy and (proxy := self._head(word)) is not None:
            probs = self._wprobs(proxy, cs)
        else:
            probs = dict(self._t._tag_word(word, cutoff=5, casesensitive=cs, conditional=True))
            if len(probs) == 1 and self._unknown in probs:
                probs = {}
        if len(self._wcache) >= self.cache_size:
            self._wcache.clear()
        self._wcache[key] = probs
        return probs

    def _head(self, word: str) -> str | None:
        """A known noun that ends the unknown capitalised ``word`` and stands for it (German
        compounds are head-final): the last part of a hyphenated word ("CDU-Fraktion" →
        "Fraktion") or the longest suffix of at least 4 letters, after at least 3, that HanTa's
        lexicon knows as a common noun ("Flüchtlingsunterkünften" → "Unterkünften"). HanTa's own
        analysis of an unknown word costs ~1 ms; this costs a few dictionary lookups. Lower-case
        and sentence-initial words keep the full analysis (measured: proxies for them cost
        accuracy)."""
        t = self._t
        lex = t.cache
        low = word.lower()
        if len(word) < 7 or not word[0].isupper() or low in lex:
            return None
        if "-" in word:
            last = word.rsplit("-", 1)[1]
            cands = [last] if len(last) >= 2 and last[0].isupper() and last.isalpha() else []
        elif word.isalpha() and not word.isupper():
            cands = [low[i:].capitalize() for i in range(3, len(word) - 3) if low[i:] in lex]
        else:
            return None
        nn = self._nn
        for cand in cands:
            if cand in _NAME_HEADS:
                return None  # "Thomann", "Rosenheim", "Isenburg": names, not compounds
            probs = lex.get(cand.lower())
            if probs and probs[0][0] == nn:  # the lexicon's most likely tag is NN
                return cand
        return None

    def _viterbi(self, sent: Sequence[str]) -> list[int]:
        """Best tag sequence under HanTa's second-order HMM: Viterbi over states (tag before, tag)
        with a beam of :data:`_BEAM` states, HanTa's transition table and per-word emission
        scores. Written for framing (not taken from HanTa); it only reads the model's tables.
        The reference for the compiled kernel (:meth:`_compiled`), which gives the same tags."""
        trans = self._t.LP_trans_word  # (t1, t2) -> {t3: log P(t3 | t1, t2)}
        end = self._end
        scores: dict[tuple[int, int], float] = {(0, 1): 0.0}  # (EMPTY, START)
        history: list[dict[tuple[int, int], tuple[int, int]]] = []
        wprobs = self._wprobs
        for i, word in enumerate(sent):
            emissions = wprobs(word, i != 0)
            # (tag, log P) pairs tried after each state: the word's emission scores, or, when
            # nothing is known about it, every tag that may follow (emission 0)
            em_items = list(emissions.items())
            best: dict[tuple[int, int], float] = {}
            came_from: dict[tuple[int, int], tuple[int, int]] = {}
            for state, score in scores.items():
                follow = trans.get(state)
                if not follow:
                    continue
                tag = state[1]
                if em_items:
                    for c, e in em_items:
                        lp = follow.get(c)
                        if lp is None:
                            continue
                        total = score + (lp + e)
                        nxt = (tag, c)
                        old = best.get(nxt)
                        if old is None or total > old:
                            best[nxt] = total
                            came_from[nxt] = state
                else:
                    for c, lp in follow.items():
                        if c == end:
                            continue
                        total = score + lp
                        nxt = (tag, c)
                        old = best.get(nxt)
                        if old is None or total > old:
                            best[nxt] = total
                            came_from[nxt] = state
            if not best:  # no transition fits (does not happen with HanTa's model): best single tag
                c = max(emissions, key=emissions.__getitem__) if emissions else self._xy
                prev = max(scores, key=scores.__getitem__)
                best = {(prev[1], c): scores[prev]}
                came_from = {(prev[1], c): prev}
            if len(best) > _BEAM:  # keep the best states only (after unknown words rows get wide)
                cut = sorted(best.values(), reverse=True)[_BEAM - 1]
                best = {st: sc for st, sc in best.items() if sc >= cut}
            history.append(came_from)
            scores = best
        final = {st: sc + trans.get(st, {}).get(end, -math.inf) for st, sc in scores.items()}
        state = max(final, key=final.__getitem__)
        if final[state] == -math.inf:
            state = max(scores, key=scores.__getitem__)
        tags = [0] * len(sent)
        for i in range(len(sent) - 1, -1, -1):
            tags[i] = state[1]
            state = history[i][state]
        return tags

    def lemma(self, word: str, tag: int) -> str:
        key = (word.lower(), tag)
        try:
            return self._lcache[key]
        except KeyError:
            pass
        if len(word) > _MAX_TOKEN_LEN or _SPECIAL.search(word):
            lemma = word
        else:
            lemma = self._t._analyze(word, tag, taglevel=1)[0]
        if len(self._lcache) >= self.cache_size:
            self._lcache.clear()
        self._lcache[key] = lemma
        return lemma

    def _compiled(self) -> Any:
        """The compiled twin of :meth:`_viterbi` (``framing.nlp._viterbi.Viterbi`` over this
        model's tables; the same tags), or ``None`` where it is not built or
        ``FRAMING_PURE_PYTHON`` is set."""
        mod = kernel("_viterbi")
        if mod is None:
            return None
        if self._kernel is None:
            try:
                self._kernel = mod.Viterbi(self._t.LP_trans_word, self._t.int2tag, self._end, self._xy, _BEAM)
            except (ValueError, TypeError, KeyError, AttributeError):  # a model it cannot read
                self._kernel = False
        return self._kernel or None

    def tag_ids(self, sent: Sequence[str]) -> list[int]:
        """HanTa's tag numbers for one sentence (see :attr:`stts_names`, :attr:`upos_names`)."""
        if not sent:
            return []
        compiled = self._compiled()
        if compiled is not None:
            return compiled.tag_sentences(list(sent), None, self._wcache, self._wprobs, self._viterbi)
        return self._viterbi(sent)

    def tag_ids_sentences(self, words: list[str], sent_ids: Sequence[int]) -> list[int]:
        """:meth:`tag_ids` of a run of sentences (a new one where ``sent_ids`` changes), in one
        list: one call of the compiled kernel for all of them."""
        compiled = self._compiled()
        if compiled is not None:
            return compiled.tag_sentences(words, sent_ids, self._wcache, self._wprobs, self._viterbi)
        tags: list[int] = []
        start, n = 0, len(words)
        while start < n:
            end = start + 1
            sid = sent_ids[start]
            while end < n and sent_ids[end] == sid:
                end += 1
            tags.extend(self._viterbi(words[start:end]))
            start = end
        return tags

    def tag(self, sent: Sequence[str], with_lemma: bool = False) -> list[tuple[str, str, str | None]]:
        """``(xpos, upos, hanta_lemma or None)`` for each word of one sentence."""
        if not sent:
            return []
        tags = self.tag_ids(sent)
        names, upos = self._tagname, self._upos
        if with_lemma:
            return [(names[t], upos[t], self.lemma(w, t)) for w, t in zip(sent, tags)]
        return [(names[t], upos[t], None) for t in tags]


_SHARED: dict[tuple[Any, ...], Any] = {}


def simplemma_german() -> _SimplemmaGerman:
    """One simplemma German lemmatiser (and its decoded dictionary) per process."""
    key = ("simplemma", "de")
    if key not in _SHARED:
        _SHARED[key] = _SimplemmaGerman(_DICTIONARY_FOLDER)
    return _SHARED[key]


def shared_lemmatizer(greedy: bool = True) -> SimplemmaLemmatizer:
    """One lemmatiser (and its cache) per process: every backend and annotate() call reuses it."""
    key = ("lemmatizer", greedy)
    if key not in _SHARED:
        _SHARED[key] = SimplemmaLemmatizer(greedy=greedy)
    return _SHARED[key]


def _shared_cache(key: tuple) -> dict:
    """One dictionary per ``key`` and process (a per-type cache of a pure function)."""
    got = _SHARED.get(("cache", key))
    if got is None:
        got = _SHARED[("cache", key)] = {}
    return got


def shared_tagger() -> HanTaTagger:
    """One HanTa model (and its caches) per process; loading it takes about a second."""
    key = ("tagger", True)
    if key not in _SHARED:
        _SHARED[key] = HanTaTagger()
    return _SHARED[key]


def _tagger_input(form: str) -> str:
    """The form HanTa should see for a token: no soft hyphens, masculine gender forms, no spaces."""
    if _INVISIBLE.search(form):
        form = _INVISIBLE.sub("", form) or form
    if " " in form:
        form = form.replace(" ", "")
    from framing.nlp.gender import masculine_form

    masc = masculine_form(form)
    return masc if masc is not None else form


_NONFINITE = frozenset({"VVPP", "VAPP", "VMPP", "VVINF", "VAINF", "VMINF", "VVIZU"})


def _main_verb_haben(xpos: list[str], upos: list[str], lemmas: list[str], start: int, end: int) -> None:
    """UD tags "haben" as VERB when it is the main verb ("Wir haben Zeit"), as AUX when it builds
    a tense ("Wir haben gewartet"): a finite "haben" with no non-finite verb in its sentence is a
    main verb (STTS stays VAFIN, as in TIGER)."""
    for k in range(start, end):
        if (upos[k] == "AUX" and lemmas[k] == "haben" and xpos[k] == "VAFIN"
                and not any(xpos[j] in _NONFINITE for j in range(start, end))):
            upos[k] = "VERB"


def _haben_sentences(xpos: list[str], lemmas: list[str], sent_ids: Sequence[int]) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences (runs of equal ``sent_ids``) with a finite "haben": the
    only ones :func:`_main_verb_haben` can change (instead of a call per sentence)."""
    bounds: list[tuple[int, int]] = []
    n = len(sent_ids)
    end = 0  # the end of the sentence found last
    k = -1
    while True:
        try:
            k = lemmas.index("haben", k + 1)  # a scan in C ("haben" is about 1 token in 100)
        except ValueError:
            return bounds
        if k < end or xpos[k] != "VAFIN":  # in the sentence found last, or not finite
            continue
        sid = sent_ids[k]
        start, end = k, k + 1
        while start > 0 and sent_ids[start - 1] == sid:
            start -= 1
        while end < n and sent_ids[end] == sid:
            end += 1
        bounds.append((start, end))


class OfflineBackend:
    """The default backend: regex tokeniser, simplemma lemmas, optional HanTa POS (``profile``)."""

    name = "default"
    #: pure Python, no threads: annotate() may fork workers that share the loaded lexicons
    fork_safe = True

    def __init__(self, profile: str | None = None, *, max_sentence_tokens: int = MAX_SENTENCE_TOKENS,
                 greedy: bool = True) -> None:
        profile = DEFAULT_PROFILE if profile is None else profile
        if profile not in PROFILES:
            raise ParameterError(f"unknown profile {profile!r} for backend 'default'; choose one of {PROFILES}")
        self.profile = profile
        self.max_sentence_tokens = int(max_sentence_tokens)
        self.greedy = bool(greedy)
        self._lemmatizer: SimplemmaLemmatizer | None = None
        self._tagger: HanTaTagger | None = None
        # per-type caches of pure functions, shared by every backend of this process with the
        # same settings: a second corpus (a new backend object per annotate() call) starts warm
        self._tagger_input_cache: dict[str, str] = _shared_cache(("tagger_input",))
        self._hanta_lemma_cache: dict[tuple[str, int], str] = _shared_cache(("hanta_lemma", self.greedy))

    # -- protocol ---------------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        s: dict[str, Any] = {
            "name": self.name, "profile": self.profile, "tokenizer": TOKENIZER_VERSION,
            "max_sentence_tokens": self.max_sentence_tokens, "greedy": self.greedy,
            "simplemma": _version("simplemma"),
        }
        if self.profile == "full":
            s["hanta"] = _version("HanTa")
            s["hanta_lemma_pos"] = sorted(HANTA_LEMMA_POS)
        return s

    def annotate_docs(self, docs: Iterable[tuple[str, str]]) -> pd.DataFrame:
        cols: dict[str, list[Any]] = {c: [] for c in RAW_COLUMNS}
        full = self.profile == "full"
        tokenized = [(doc_id, tokenize_text(text or "", self.max_sentence_tokens)) for doc_id, text in docs]
        if full:
            self._analyse_sorted(itertools.chain.from_iterable(tt.texts for _, tt in tokenized))
        for doc_id, tt in tokenized:
            n = len(tt.texts)
            if not n:
                continue
            cols["doc_id"].extend([doc_id] * n)
            cols["sent_id"].extend(tt.sent_ids)
            cols["token_id"].extend(range(n))
            cols["text"].extend(tt.texts)
            cols["start_char"].extend(tt.starts)
            cols["end_char"].extend(tt.ends)
            if full:
                lemmas, upos, xpos = self._tag_doc(tt.texts, tt.sent_ids)
                cols["lemma"].extend(lemmas)
                cols["upos"].extend(upos)
                cols["xpos"].extend(xpos)
            else:
                cols["lemma"].extend(self.lemmatizer.lemmas(tt.texts))
        if not full:
            cols["upos"] = [None] * len(cols["text"])
            cols["xpos"] = cols["upos"]
        # object columns: no string inference here; Tokens types the final table once
        return pd.DataFrame({c: pd.Series(v, dtype=object if c in _OBJECT_COLS else "int64")
                             for c, v in cols.items()}, columns=list(RAW_COLUMNS))

    # -- per-type analyses shared between processes (framing.nlp.parallel) -----------------------
    def type_vocabulary(self, forms: set[str]) -> set[str]:
        """The word ``forms`` whose lemma or HanTa emission scores are not cached yet. Empty in
        the fast profile: a simplemma lemma costs ~10 µs, less than sharing it (measured)."""
        if self.profile != "full":
            return set()
        lemmas = self.lemmatizer.cache
        tagger = self.tagger
        return {f for f in forms if f not in lemmas or not tagger.knows(self._input_form(f))}

    def analyse_types(self, forms: Sequence[str]) -> tuple[dict[str, str], dict, dict]:
        """Lemmas of ``forms`` and, in the full profile, their emission scores and, where their
        most likely tag takes HanTa's lemma (verbs, adjectives), that lemma: what a new word type
        costs. Everything is cached here as well. (Lemmas for every possible tag: measured
        slower; the few misses are computed when met.)"""
        lem = self.lemmatizer
        lemmas = {f: lem.lemma(f) for f in forms}
        if self.profile != "full":
            return lemmas, {}, {}
        tagger = self.tagger
        inputs = {f: self._input_form(f) for f in forms}
        scores = tagger.emissions(inputs.values())
        hanta_tags = tagger.hanta_lemma_tags
        hanta_lemmas = {}
        for f, form in inputs.items():
            probs = scores[(form, True)]
            if probs:
                tag = max(probs, key=probs.__getitem__)
                if tag in hanta_tags:
                    hanta_lemmas[(f, tag)] = self._hanta_lemma(f, form, tag)
        return lemmas, scores, hanta_lemmas

    def learn_types(self, entries: tuple[dict[str, str], dict, dict]) -> None:
        """Take over what :meth:`analyse_types` computed in another process."""
        lemmas, scores, hanta_lemmas = entries
        self.lemmatizer.learn(lemmas)
        if scores:
            self.tagger.learn_emissions(scores)
        if hanta_lemmas:
            _add_bounded(self._hanta_lemma_cache, hanta_lemmas, _CACHE_SIZE)

    def _analyse_sorted(self, texts: Iterable[str]) -> None:
        """Compute the emission scores of the new word forms among ``texts`` in sorted order
        (lower-cased), before the sentences are tagged: HanTa's analysis of a form reuses the
        rows of the form analysed just before it for their common first letters
        (:meth:`framing.nlp.morphology.Morphology._resume_rows`), and sorted forms share long
        ones. The scores are the same in any order; only the time differs."""
        tagger = self.tagger
        get = self._tagger_input_cache.get
        forms = {get(t) or self._input_form(t) for t in set(texts)}
        known = tagger._wcache  # tagger.knows(f), without a call per form
        new = sorted((f for f in forms if (f, True) not in known), key=lambda f: (f.lower(), f))
        if new:
            tagger.emissions(new)

    def _input_form(self, text: str) -> str:
        cache = self._tagger_input_cache
        form = cache.get(text)
        if form is None:
            form = _tagger_input(text)
            _add_bounded(cache, {text: form}, _CACHE_SIZE)
        return form

    def warm_up(self) -> None:
        """Load the lexicon (and the HanTa model in the full profile) now."""
        self.lemmatizer.lemma("Flüchtlinge")
        if self.profile == "full":
            self.tagger.tag(["Die", "Stadt", "hilft", "."])

    # -- helpers (also used by the accuracy benchmark with gold tokens) ----------------------
    @property
    def lemmatizer(self) -> SimplemmaLemmatizer:
        if self._lemmatizer is None:
            self._lemmatizer = shared_lemmatizer(self.greedy)
        return self._lemmatizer

    @property
    def tagger(self) -> HanTaTagger:
        if self._tagger is None:
            self._tagger = shared_tagger()
        return self._tagger

    def tag_sentence(self, words: Sequence[str]) -> list[tuple[str, str | None, str | None]]:
        """``(lemma, upos, xpos)`` for one pre-tokenised sentence (``upos``/``xpos`` None in fast)."""
        if self.profile != "full":
            return [(lem, None, None) for lem in self.lemmatizer.lemmas(words)]
        lemmas, upos, xpos = self._tag_doc(list(words), [0] * len(words))
        return list(zip(lemmas, upos, xpos))

    def _tag_doc(self, texts: list[str], sent_ids: list[int]) -> tuple[list[str], list[str], list[str]]:
        lem = self.lemmatizer
        tagger = self.tagger
        get = self._tagger_input_cache.get
        forms = [get(t) or self._input_form(t) for t in texts]
        tags = tagger.tag_ids_sentences(forms, sent_ids)
        names, upos_of = tagger.stts_names, tagger.upos_names
        xpos = [names[tag] for tag in tags]
        upos = [upos_of[tag] for tag in tags]
        # HanTa's lemma only where it agreed better with GSD (HANTA_LEMMA_POS); the caches are
        # read here first (a cached "" is recomputed: the same value)
        hanta_tags = tagger.hanta_lemma_tags
        cached_lemma = lem.cache.get
        cached_hanta = self._hanta_lemma_cache.get
        lemmas = [(cached_hanta((text, tag)) or self._hanta_lemma(text, form, tag)) if tag in hanta_tags
                  else (cached_lemma(text) or lem.lemma(text))
                  for text, form, tag in zip(texts, forms, tags)]
        for start, end in _haben_sentences(xpos, lemmas, sent_ids):
            _main_verb_haben(xpos, upos, lemmas, start, end)
        return lemmas, upos, xpos

    def _hanta_lemma(self, text: str, form: str, tag: int) -> str:
        """HanTa's lemma, unless it is not a word ("anderen" → "ander": simplemma's "anderer" is
        taken) or only lower-cases a capitalised -er adjective (demonyms stay: "Essener")."""
        key = (text, tag)
        cache = self._hanta_lemma_cache
        if key in cache:
            return cache[key]
        lemma = self.tagger.lemma(form, tag)
        lem = self.lemmatizer
        if text[:1].isupper() and text.endswith("er") and lemma == text.lower():
            lemma = text
        elif lemma in _HANTA_STEMS or (not lem.is_known(lemma) and lem.is_known(text)):
            lemma = lem.lemma(text)
        _add_bounded(cache, {key: lemma}, _CACHE_SIZE)
        return lemma

    def __getstate__(self) -> dict[str, Any]:
        # models and caches are rebuilt in the receiving process (spawn-safe, small pickles)
        return {"profile": self.profile, "max_sentence_tokens": self.max_sentence_tokens,
                "greedy": self.greedy}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["profile"], max_sentence_tokens=state["max_sentence_tokens"],
                      greedy=state["greedy"])
