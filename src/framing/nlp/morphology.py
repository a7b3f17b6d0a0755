"""Exact, faster word-level morphology for HanTa's German model (one model per process).

HanTa (LGPL-3.0-or-later, used as an unmodified library) analyses a word form it has not seen
in training with two dynamic programs over the word's letters: ``analyze_forward`` (the
probability of each part of speech) and ``analyze_viterbi`` (the best morpheme segmentation for
a given part of speech, from which lemmas and compound parts are read). On real press text
most word forms are new to HanTa's lexicon (it lists ~23,000 forms), and these two programs
were ~85% of the annotation time: each call of HanTa's ``lp_m_t`` (the log probability of a
morpheme given its tag) recomputes suffix look-ups, and it is called for every (state,
segment, tag) triple — ~2,300 times per new word.

:class:`Morphology` computes the same two programs, written for framing (they only read the
model's tables), with the same arithmetic in the same order, so every result is bit-identical
to HanTa's (tested in ``tests/nlp/test_morphology.py`` on thousands of word forms):

* the scores of a segment for every tag are computed once per segment string and shared by
  all states, rows and words (``"ung"``, ``"flüchtling"`` recur across words), instead of once
  per (state, segment, tag);
* a segment that is no known morpheme has scores for exactly the open classes (HanTa's guesses,
  cached by suffix scores and length): its candidates are the state's follow-ups with an open
  tag, a list kept per state; a segment with known morphemes takes the follow-ups with one of
  its tags from a list kept per (state, tag set) — in list order, as HanTa tries them;
* a word's table starts from the complete rows of any earlier word with the same first letters
  (a bounded store), and HanTa's ``makelemma`` is installed with its longest rule precomputed;
* results are cached per lower-cased word form, so the tagger, the lemmatiser and the
  compound splitter share one analysis.

Rows are kept in HanTa's insertion order (it decides ties and the order in which
probabilities are summed), see :meth:`Morphology._expand`.

Where the optional compiled kernel ``framing/nlp/_morphology.pyx`` is built (and
``FRAMING_PURE_PYTHON`` is not set), the two programs run there, over C arrays, with the same
results bit for bit; the Python code here is the reference and the fallback (``Morphology(...,
compiled=False)`` forces it).

:func:`shared_hanta` returns the one HanTa model of the process with these methods installed
on that instance (HanTa's own ``_tag_word``, ``analyze`` and ``_analyze`` then use them).
"""
from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

_LOWERBOUND = -1e6
_EMPTY, _START, _UNKNOWN, _END_UNKNOWN = 0, 1, 3, -3
#: bounded caches: (segment → tag scores) and (word → analysis); emptied when full
_SEG_CACHE_SIZE = 400_000
_WORD_CACHE_SIZE = 300_000
#: complete table rows kept for words that start with the same letters (see _resume_rows)
_ROW_CACHE_SIZE = 300_000
#: the first row of every table (never written: segments end after it)
_START_ROW = {(_EMPTY, _START): 0}

_LOCK = threading.Lock()
_MODEL: Any = None


class _Guesses(dict):
    """Segment scores that are only HanTa's guesses for the open classes (no known morpheme),
    keyed in the order of :attr:`Morphology.open_tags`: every open tag is a key."""

    __slots__ = ()


class Morphology:
    """HanTa's ``analyze_forward``/``analyze_viterbi`` for one loaded model, bit-identical and
    several times faster (see the module docstring)."""

    def __init__(self, tagger: Any, compiled: bool = True) -> None:
        """``compiled``: run the two programs in the compiled kernel (``_morphology.pyx``) where
        it is built and not switched off (``FRAMING_PURE_PYTHON=1``); the same results."""
        from numpy import logaddexp

        # what HanTa sums with; its numpy float64 results are stored as Python floats (the same
        # 64 bits): arithmetic on them, in the sentence tagger above all, and pickling them
        # into the word-form cache are several times faster, and every sum or comparison
        # made with them gives the same result
        self._logaddexp = logaddexp
        self.t = tagger
        self.lp_m_t = tagger.LP_m_t
        self.int_t = tagger.Int_t
        self.strict = tagger.strict
        # open classes: tags for which HanTa guesses unseen morphemes (lp_m_t's third branch)
        self.open_tags = [t for t in tagger.LP_m_t if t in tagger.LP_hapax_t and t in tagger.LP_s_t]
        # inverted morpheme table: morpheme → {tag: log P(m | tag)}
        known: dict[str, dict[int, float]] = {}
        for tag, table in tagger.LP_m_t.items():
            for m, lp in table.items():
                known.setdefault(m, {})[tag] = lp
        self.known = known
        # suffix → {open tag: log P(suffix | tag)}; per open tag its base score by morpheme
        # length, Int_t + LP_hapax_t[t] + LP_len_t[t][L] (added in lp_m_t's order)
        suffix_scores: dict[str, dict[int, float]] = {}
        for tag in self.open_tags:
            for suf, lp in tagger.LP_s_t[tag].items():
                if suf:
                    suffix_scores.setdefault(suf, {})[tag] = lp
        self.suffix_scores = suffix_scores
        self.empty_suffix = {tag: tagger.LP_s_t[tag][""] for tag in self.open_tags}
        self.base = {tag: [self.int_t + tagger.LP_hapax_t[tag] + tagger.LP_len_t[tag][L] for L in range(25)]
                     for tag in self.open_tags}
        self._open_set = frozenset(self.open_tags)
        #: guess scores in two levels: the letters that decide the suffix score (the last four of
        #: a morpheme longer than four, else the whole morpheme) → the number of its per-tag
        #: suffix scores among the distinct ones (``_suffix_vectors``); (that number, length,
        #: whole word) → the scores (:class:`_Guesses`, shared by every morpheme with them)
        self._suffix_id: tuple[dict[str, int], dict[str, int]] = ({}, {})
        self._suffix_vectors: dict[tuple[float, ...], int] = {}
        self._suffix_list: list[tuple[float, ...]] = []
        self._guess_cache: dict[int, _Guesses] = {}
        self.final = tagger.LP_trans_final
        #: interned tag sets of segment scores (their number is the key of a candidate list)
        self._tagsets: dict[frozenset[int], int] = {}
        self._tagset_list: list[frozenset[int]] = []
        #: known morpheme → (its scores, number of its tag set), for the strict program
        self._kseg: dict[str, tuple[dict[int, float], int]] = {}
        #: state → [(tag, log P, next state)] in HanTa's order (next state = (state[1], tag)),
        #: the same with open tags only, and the candidate lists per tag set (see _followups)
        self.nonfinal, self._nonfinal_open, self._nonfinal_cands = self._followups(
            tagger.LP_trans_nonfinal, None, self._open_set)
        self._reach_fol: dict[int, tuple[dict, dict, dict]] = {}
        #: segment → (scores, tag set number or None for guesses), for segments of known
        #: morphemes (see _segment_scores)
        self._seg: dict[str, tuple[dict[int, float], int | None]] = {}
        self._forward: dict[str, list[tuple[int, float]]] = {}
        self._viterbi: dict[tuple[str, int], list[tuple[int, int]]] = {}
        self._lemma_rules: dict[str, tuple[Any, int]] = {}
        #: part of speech → the morpheme tags HanTa leaves out of its stem (``relevant_morpheme``)
        self._nonstem: dict[str, frozenset[int]] = {}
        #: (strict, target part of speech) → {prefix: (its complete row, backpointers)} of the
        #: words expanded so far (see _resume_rows; at most _ROW_CACHE_SIZE rows, then emptied)
        self._rows: dict[tuple[bool, int | None], dict[str, tuple[dict, dict | None]]] = {}
        self._nrows = 0
        #: (True, target part of speech) → (word, table, backpointers) of the last strict expansion
        self._last: dict[tuple[bool, int | None], tuple[str, list[dict], list[dict] | None]] = {}
        #: the compiled kernel (framing.nlp._morphology.MorphKernel) or None: pure Python
        self._kernel: Any = self._compiled_kernel() if compiled else None

    def _compiled_kernel(self) -> Any:
        """The compiled kernel for these tables, or None (not built, or switched off)."""
        from framing.nlp.compiled import kernel

        module = kernel("_morphology")
        return None if module is None else module.MorphKernel(self)

    def __getstate__(self) -> dict[str, Any]:
        # the kernel's C arrays do not pickle: it is made anew from the tables on unpickling
        state = self.__dict__.copy()
        state["_kernel"] = self._kernel is not None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        compiled = state.pop("_kernel")
        self.__dict__.update(state)
        self._kernel = self._compiled_kernel() if compiled else None

    # -- segment scores -------------------------------------------------------------------------
    def _guesses(self, m: str, whole: bool = False) -> _Guesses:
        """HanTa's scores of ``m`` as an unseen morpheme of each open class (``lp_m_t``'s guess
        branch, the same additions in the same order; ``whole``: the penalty for one unknown
        morpheme spanning the whole word subtracted). They depend only on the suffix score of
        each tag (decided by the last four letters) and the length (capped at 24), so they are
        cached by those: a few thousand dictionaries serve every morpheme."""
        mlen = len(m)
        long = mlen > 4
        ids = self._suffix_id[long]
        skey = m[-4:] if long else m
        sid = ids.get(skey)
        if sid is None:
            out: dict[int, float] = {}
            suffixes = self.suffix_scores
            for k in (4, 3, 2, 1):
                if mlen > k:
                    d = suffixes.get(m[-k:])
                    if d:
                        for tag, lp in d.items():
                            if tag not in out:
                                out[tag] = lp
            empty = self.empty_suffix
            vec = tuple([out.get(tag, empty[tag]) for tag in self.open_tags])
            sid = self._suffix_vectors.get(vec)
            if sid is None:
                sid = self._suffix_vectors[vec] = len(self._suffix_list)
                self._suffix_list.append(vec)
            if len(ids) >= _SEG_CACHE_SIZE:
                ids.clear()
            ids[skey] = sid
        L = mlen if mlen < 24 else 24
        gkey = (sid * 32 + L) * 2 + whole
        got = self._guess_cache.get(gkey)
        if got is None:
            base = self.base
            got = _Guesses((tag, base[tag][L] + lp) for tag, lp in zip(self.open_tags, self._suffix_list[sid]))
            if whole:  # HanTa: penalise one unknown morpheme spanning the whole word
                got = _Guesses((tag, lp - 4.6) for tag, lp in got.items())
            self._guess_cache[gkey] = got
        return got

    def _segment_scores(self, m: str, wlen: int, strict: bool) -> tuple[dict[int, float], int | None]:
        """``({tag: lp_m_t(m, tag, wlen, strict)}, tag set number)`` for every tag with a finite
        score; where ``m`` is no known morpheme its :class:`_Guesses` (the open classes, in
        their order) and ``None``."""
        known = self.known.get(m)
        if strict:
            return (known, self._tagset(known)) if known else ({}, self._tagset({}))
        mlen = len(m)
        whole = mlen == wlen
        if not whole and wlen >= 4:
            cached = self._seg.get(m)
            if cached is not None:
                return cached
        tags: int | None
        if wlen < 4 or mlen > 2:
            out: dict[int, float] = self._guesses(m, whole)
            tags = None
            if known:
                out = {**out, **known}
                tags = self._tagset(out)
        else:
            out = known or {}
            tags = self._tagset(out)
        got = (out, tags)
        if not whole and wlen >= 4:
            if len(self._seg) >= _SEG_CACHE_SIZE:
                self._seg.clear()
            self._seg[m] = got
        return got

    # -- the two dynamic programs ---------------------------------------------------------------
    def _expand(self, word: str, strict: bool, targetpos: int | None
                ) -> tuple[list[dict], list[dict] | None]:
        """The table (and, for a target part of speech, the backpointers) of HanTa's dynamic
        program over ``word``'s letters, rows in HanTa's insertion order.

        HanTa visits (row i, state in insertion order, end j, follow-up tag in list order); a
        cell's value is the maximum, its backpointer the first best. Here the tags of a state
        are visited in list order too, except for wide states (more follow-up tags than the
        segment has scores), where the segment's tags are looked up and then put back in list
        order before they are inserted."""
        wlen = len(word)
        key = (strict, targetpos)
        # rows 0..p of the last word with this key, where p < both lengths and the words share
        # their first p letters: such a row depends only on those letters (see _resume_rows)
        p, table, back = self._resume_rows(key, word)
        scores = self._segment_scores
        known = self.known
        known_get = known.get
        kseg_get = self._kseg.get
        seg_get = self._seg.get  # the cache _segment_scores fills (cleared, never replaced)
        short_ids, long_ids = self._suffix_id  # (the same for _guesses' caches)
        guess_get = self._guess_cache.get
        cacheable = not strict and wlen >= 4
        if targetpos is None:
            nonfinal, open_fol, cand_cache = self.nonfinal, self._nonfinal_open, self._nonfinal_cands
        else:
            nonfinal, open_fol, cand_cache = self._reachable_followups(targetpos)
        lowerbound = _LOWERBOUND
        for i in range(wlen + 1):
            row = table[i]
            if len(row) > 3:
                rowbound = sorted(row.values(), reverse=True)[3] - 1
            else:
                rowbound = lowerbound
            jfrom = i + 1 if i >= p else p + 1  # rows up to p are complete already
            # the segments word[i:end] that have scores, computed once per row (for its first
            # state with follow-ups) and shared by its states: (end, guesses, target row) of
            # those that are only guessed, (end, scores, number of scores, target row) of the
            # others. A state's candidates for different ends go to different rows, so taking
            # the guessed ends first changes nothing in any row.
            gends: list | None = None
            kends: list = []
            for state, lp in row.items():
                if lp < rowbound:
                    continue
                fol = nonfinal.get(state)
                if not fol:
                    continue
                if gends is None:
                    gends = []
                    for j in range(jfrom, wlen + 1):
                        m = word[i:j]
                        if strict:
                            got = kseg_get(m)
                            if got is None:
                                sv = known_get(m)
                                if not sv:
                                    continue
                                got = self._known_seg(m, sv)
                            kends.append((j, got[0], got[1], table[j]))
                            continue
                        if cacheable:
                            # _segment_scores inlined for the common case, a segment that is no
                            # known morpheme: its guesses (none for 1-2 letters) straight from
                            # the two-level cache of _guesses
                            mlen = j - i
                            if m in known:
                                got = seg_get(m) if mlen != wlen else None
                                if got is None:
                                    got = scores(m, wlen, strict)
                            elif mlen <= 2:
                                continue
                            else:
                                sid = long_ids.get(word[j - 4:j]) if mlen > 4 else short_ids.get(m)
                                sv = None if sid is None else guess_get(
                                    (sid * 32 + (mlen if mlen < 24 else 24)) * 2 + (mlen == wlen))
                                if sv is None:
                                    sv = self._guesses(m, mlen == wlen)
                                gends.append((j, sv, table[j]))
                                continue
                        else:
                            got = scores(m, wlen, strict)
                        sv, tags = got
                        if tags is None:
                            gends.append((j, sv, table[j]))
                        elif sv:
                            kends.append((j, sv, tags, table[j]))
                bp = (state, i)
                # (the update of a cell is written out in both loops below: a call per
                # candidate would cost ~10% of the program)
                if gends:
                    # only guesses: such a segment has exactly the open tags, so the follow-ups
                    # with an open tag are the candidates, in list order; for one end (one
                    # target row) they are tried in that order, as HanTa tries them
                    for tag1, lpt, ns in open_fol[state]:
                        a = lp + lpt
                        for j, sv, target in gends:
                            lp1 = a + sv[tag1]
                            if lp1 > lowerbound:
                                old = target.get(ns)
                                if old is None or lp1 > old:
                                    target[ns] = lp1
                                    if back is not None:
                                        back[j][ns] = bp
                if not kends:
                    continue
                # the other segments: the follow-ups whose tag the segment has, in list order,
                # are kept per (state, the segment's set of tags); (lp + lpt) + m as in HanTa
                cc = cand_cache.get(state)
                if cc is None:
                    cc = cand_cache[state] = {}
                for j, sv, tags, target in kends:
                    cands = cc.get(tags)
                    if cands is None:
                        tagset = self._tagset_list[tags]
                        cands = cc[tags] = [x for x in fol if x[0] in tagset]
                    for tag1, lpt, ns in cands:
                        lp1 = lp + lpt + sv[tag1]
                        if lp1 > lowerbound:
                            old = target.get(ns)
                            if old is None or lp1 > old:
                                target[ns] = lp1
                                if back is not None:
                                    back[j][ns] = bp
        if wlen >= 4:  # rows 1 .. wlen-1 are complete and depend only on their prefix
            if strict:  # (cheap rows: keeping the last word's is enough)
                self._last[key] = (word, table, back)
            else:
                store = self._rows.get(key)
                if store is None:
                    store = self._rows[key] = {}
                if self._nrows + wlen > _ROW_CACHE_SIZE:
                    for got in self._rows.values():
                        got.clear()
                    self._nrows = 0
                    p = 0
                # the store holds every prefix of a stored one, so no longer prefix is in it
                if back is None:
                    for k in range(p + 1, wlen):
                        store[word[:k]] = (table[k], None)
                else:
                    for k in range(p + 1, wlen):
                        store[word[:k]] = (table[k], back[k])
                self._nrows += wlen - 1 - p
        return table, back

    def _resume_rows(self, key: tuple[bool, int | None], word: str
                     ) -> tuple[int, list[dict], list[dict] | None]:
        """``(p, table, back)`` to start :meth:`_expand` of ``word`` with: rows ``0..p`` taken
        (shared, never written again) from earlier words expanded with the same ``key``: from
        the store of complete rows by prefix (``_rows``: every earlier word, bounded) for the
        forward and the non-strict programs, from the last word for the cheap strict one.

        Row ``j < len(word)`` of the table holds the states reached after the first ``j``
        letters; it is complete once every row before it has been expanded, and it depends only
        on those ``j`` letters, as long as the word has at least 4 letters (a segment's scores
        depend on the word only through ``len(word) < 4`` and whether the segment is the whole
        word, which a segment ending before the last letter never is). So a word that shares
        its first ``p`` letters with an earlier one (``p`` below both lengths) starts from that
        word's rows ``0..p``; only segments ending after letter ``p`` are scored anew, in the
        same order as from scratch (rows ``i < p`` reach only rows after ``p`` then). Words
        analysed in sorted order (the offline backend's new forms of a chunk, the compound
        splitter's nouns) share long prefixes
        ("flüchtling", "flüchtlinge", "flüchtlingen", "flüchtlings…")."""
        wlen = len(word)
        p = 0
        if wlen < 4:
            pass
        elif key[0]:  # strict: the last word's rows
            last = self._last.get(key)
            if last is not None:
                prev, ptable, pback = last
                n = min(wlen, len(prev)) - 1
                while p < n and word[p] == prev[p]:
                    p += 1
                if p:
                    table = ptable[:p + 1] + [{} for _ in range(wlen + 1 - p)]
                    back = pback[:p + 1] + [{} for _ in range(wlen + 1 - p)] if pback is not None else None
                    return p, table, back
        else:
            store = self._rows.get(key)
            if store:  # the longest prefix in the store (it holds the prefixes of each prefix)
                lo, hi = 0, wlen - 1
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if word[:mid] in store:
                        lo = mid
                    else:
                        hi = mid - 1
                p = lo
            if p:
                got = [store.get(word[:k]) for k in range(1, p + 1)]
                if None not in got:  # (None: another thread emptied the store meanwhile)
                    table = [_START_ROW] + [r for r, _ in got] + [{} for _ in range(wlen + 1 - p)]
                    back = ([{}] + [b for _, b in got] + [{} for _ in range(wlen + 1 - p)]
                            if key[1] is not None else None)
                    return p, table, back
                p = 0
        table = [_START_ROW] + [{} for _ in range(wlen + 1)]
        back = [{} for _ in range(wlen + 2)] if key[1] is not None else None
        return p, table, back

    def _reachable_followups(self, targetpos: int) -> tuple[dict, dict, dict]:
        """Follow-up lists restricted to tags that can reach ``targetpos`` (as HanTa filters)."""
        got = self._reach_fol.get(targetpos)
        if got is None:
            reach = self.t.reachability.get(targetpos, frozenset())
            got = self._reach_fol[targetpos] = self._followups(self.t.LP_trans_nonfinal, reach,
                                                               self._open_set)
        return got

    @staticmethod
    def _followups(nonfinal: dict, reach: frozenset | None, open_tags: frozenset
                   ) -> tuple[dict, dict, dict]:
        """HanTa's follow-up lists (only tags in ``reach``, if given) as ``(tag, log P, next
        state)``, the lists of their open-class tags only (the candidates for a segment that is
        only guessed) and an empty cache state → {tag set number: the follow-ups with a tag in
        that set} (filled by :meth:`_expand`)."""
        fol = {s: [(t, lp, (s[1], t)) for (t, lp) in f if reach is None or t in reach]
               for s, f in nonfinal.items()}
        open_fol = {s: [x for x in f if x[0] in open_tags] for s, f in fol.items()}
        return fol, open_fol, {}

    def _tagset(self, sv: dict[int, float]) -> int:
        """The number of the set of tags of segment scores ``sv`` (interned)."""
        key = frozenset(sv)
        got = self._tagsets.get(key)
        if got is None:
            got = self._tagsets[key] = len(self._tagset_list)
            self._tagset_list.append(key)
        return got

    def _known_seg(self, m: str, sv: dict[int, float]) -> tuple[dict[int, float], int]:
        """``(scores, tag set number)`` of the known morpheme ``m`` (cached)."""
        got = self._kseg[m] = (sv, self._tagset(sv))
        return got

    def analyze_forward(self, word: str) -> list[tuple[int, float]]:
        """HanTa's ``analyze_forward``: ``[(part of speech, log P)]``, best first (cached)."""
        got = self._forward.get(word)
        if got is not None:
            return list(got)
        result_list = (self._kernel.forward(word, self.strict) if self._kernel is not None
                       else self._forward_sums(word))
        result_list.sort(key=itemgetter(1), reverse=True)
        if not result_list:
            result_list = [(_UNKNOWN, 0)]
        if len(self._forward) >= _WORD_CACHE_SIZE:
            self._forward.clear()
        self._forward[word] = result_list
        return list(result_list)

    def _forward_sums(self, word: str) -> list[tuple[int, float]]:
        """``[(part of speech, log P)]`` of the forward program, unsorted: the probabilities of
        the states of the table's last row summed per part of speech, in insertion order."""
        table, _ = self._expand(word, self.strict, None)
        last = table[-1]
        lowerbound = _LOWERBOUND
        for state, lp in table[-2].items():
            for tag1, lpt in self.final.get(state, []):
                lp1 = lp + lpt
                if lp1 > lowerbound:
                    ns = (state[1], tag1)
                    if ns not in last or lp1 > last[ns]:
                        last[ns] = lp1
        results: dict[int, Any] = {}
        logaddexp = self._logaddexp
        for state, lp in last.items():
            if lp == -math.inf:
                continue
            pos = -state[1]
            if pos in results:
                results[pos] = float(logaddexp(results[pos], lp))
            else:
                results[pos] = lp
        return list(results.items())

    def analyze_viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        """HanTa's ``analyze_viterbi``: the best ``[(morpheme tag, end offset)]`` path (cached)."""
        key = (word, targetpos)
        got = self._viterbi.get(key)
        if got is not None:
            return list(got)
        result = (self._kernel.viterbi(word, targetpos) if self._kernel is not None
                  else self._viterbi_path(word, targetpos))
        if len(self._viterbi) >= _WORD_CACHE_SIZE:
            self._viterbi.clear()
        self._viterbi[key] = result
        return list(result)

    def _viterbi_path(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        """The best path of the Viterbi program (strict first, as HanTa)."""
        wlen = len(word)
        lowerbound = _LOWERBOUND
        for localstrict in (True, False):
            table, back = self._expand(word, localstrict, targetpos)
            assert back is not None
            last = table[-1]
            for state, lp in table[-2].items():
                for tag1, lpt in self.final.get(state, []):
                    if tag1 == targetpos:
                        lp1 = lp + lpt
                        if lp1 > lowerbound:
                            ns = (state[1], tag1)
                            if ns not in last or lp1 > last[ns]:
                                last[ns] = lp1
                                back[-1][ns] = (state, wlen)
                        break
            if last:
                break
        pmax = -math.inf
        beststate: tuple[int, int] = (_EMPTY, _EMPTY)
        for state, lp in table[-1].items():
            if lp > pmax:
                pmax = lp
                beststate = state
        i = len(back) - 1
        if beststate == (_EMPTY, _EMPTY):
            states = [((_UNKNOWN, _END_UNKNOWN), i), ((_START, _UNKNOWN), i - 1)]
        else:
            states = [(beststate, i)]
            state = beststate
            while i > 0:
                state, i = back[i][state]
                states.append((state, i))
            states = states[:-1]
        return [(state[1], i) for (state, i) in states[::-1]]

    def makelemma(self, stem_morphemes: list[str], pos: str) -> str:
        """HanTa's ``makelemma`` (the lemma from the stem morphemes and the part of speech: the
        longest lemma-suffix rule that matches the stem's end), with the length of the longest
        rule of each part of speech computed once instead of on every call."""
        t = self.t
        mainpostag = pos.split("(")[0]
        lemma = "".join(stem_morphemes)
        suffix = ""
        got = self._lemma_rules.get(mainpostag)
        if got is None:
            rules = t.lemmasuffixtable.get(mainpostag, [])
            got = self._lemma_rules[mainpostag] = (rules, max([len(e) for e in rules]) if rules else 0)
        rules, longest = got
        if len(rules) > 0:
            if len(lemma) + 1 < longest:
                longest = len(lemma)
            marked = "#" + lemma
            for i in range(longest + 1, 0, -1):
                ending = marked[-i:]
                if ending in rules:
                    suffix = rules[ending]
                    break
        if t.tag2int.get(pos, 0) in t.capitalizedlemmata:
            lemma = lemma[0].upper() + lemma[1:]
        return lemma + suffix

    # -- HanTa's per-word entry points, the same results with fewer steps ------------------------
    def tag_word(self, word: str, cutoff: float = 5, casesensitive: bool = True,
                 conditional: bool = False) -> list[tuple[int, float]]:
        """HanTa's ``_tag_word``: ``[(tag, log P)]`` of one word, best first (HanTa's lexicon
        entry or the forward program's result, the case and conditional terms added in HanTa's
        order, HanTa's cut-off); it reads the forward cache without copying it."""
        t = self.t
        upcase = bool(casesensitive and word[0].isupper())
        w = '"' if len(word) <= 2 and t.re_qmark.match(word) else word.lower()
        lexicon = t.cache
        cached = w in lexicon
        if cached:
            p_tags = lexicon[w]
        else:
            got = self._forward.get(w)
            p_tags = got if got is not None else self.analyze_forward(w)
        case, wtag = t.LP_case_t, t.LP_wtag
        out: list[tuple[int, float]] = []
        for tag, p in p_tags:
            if tag != _UNKNOWN:
                if casesensitive:
                    p += case[tag][upcase]
                if conditional:
                    p -= wtag[tag]
            out.append((tag, p))
        out.sort(key=itemgetter(1), reverse=True)
        if not cached and out:
            if cutoff == 0:
                out = [out[0]]
            else:
                limit = out[0][1] - cutoff
                out = [(tag, p) for (tag, p) in out if p >= limit]
        return out

    def analyze_word(self, word: str, pos: int, taglevel: int = 1) -> Any:
        """HanTa's ``_analyze`` for ``taglevel`` 1 (``(lemma, tag)``) and 3 (``(stem,
        [(morpheme, tag)], tag)``), its other levels from HanTa: the Viterbi path of the part
        of speech split into morphemes, the stem morphemes chosen as HanTa chooses them (tag
        sets per part of speech looked up once, not per morpheme), then ``makelemma``."""
        t = self.t
        if taglevel not in (1, 3):
            return type(t)._analyze(t, word, pos, taglevel)
        word = word.lower()
        postag = -pos
        if postag in t.atomic_class:
            wlen = len(word)
            morphemes = [(pos, wlen), (postag, wlen + 1)]
        else:
            got = self._viterbi.get((word, postag))
            morphemes = got if got is not None else self.analyze_viterbi(word, postag)
        int2tag = t.int2tag
        str_postag = int2tag[-morphemes[-1][0]]
        start = 0
        morphlist = []
        for tag, end in morphemes:
            if tag > 0:
                morphlist.append((word[start:end], tag))
            start = end
        nonstem = self._nonstem.get(str_postag)
        if nonstem is None:
            nonstem = self._nonstem[str_postag] = frozenset(t.nonstemtags.get(str_postag.split("(")[0], []))
        components = [(m, tag) for m, tag in morphlist if tag not in nonstem] or morphlist
        lastmorpheme, lasttag = components[-1]
        str_tag = int2tag[lasttag]
        stems = t.stemdict.get(lasttag)
        if stems is not None and (str_tag[:2] == str_postag[:2] or str_tag.startswith("SUF")):
            lastmorpheme = stems.get(lastmorpheme, lastmorpheme)
        lemmamorphemes = [m for m, _ in components[:-1]]
        lemmamorphemes.append(lastmorpheme)
        if taglevel == 1:
            return self.makelemma(lemmamorphemes, str_postag), str_postag
        return "".join(lemmamorphemes), [(m, int2tag[tag]) for m, tag in morphlist], str_postag

    def install(self) -> Any:
        """Make the model instance use these methods (only this instance; HanTa's class and
        other instances are unchanged). Returns the model."""
        self.t.analyze_forward = self.analyze_forward
        self.t.analyze_viterbi = self.analyze_viterbi
        self.t.makelemma = self.makelemma
        self.t._tag_word = self.tag_word
        self.t._analyze = self.analyze_word
        self.t.framing_morphology = self
        return self.t


def reachability(transitions: dict[tuple[int, int], Any], tags: Iterable[int]) -> dict[int, frozenset[int]]:
    """What HanTa's ``reachable`` computes when it loads a model: for each final tag (``< 0``) the
    tags from which a chain of transitions leads to it. HanTa searches its list of all transitions
    once per tag reached (≈ 0.1 CPU-s for the German model, about half of its loading time); here a
    search runs over each tag's predecessors (the same sets, tested on the German and English models)."""
    preds: dict[int, set[int]] = {}
    for (_, c), followers in transitions.items():
        for f in followers:
            preds.setdefault(f, set()).add(c)
    out: dict[int, frozenset[int]] = {}
    for c in tags:
        if c >= 0:
            continue
        seen: set[int] = set()
        todo = [c]
        while todo:
            for a in preds.get(todo.pop(), ()):
                if a not in seen:
                    seen.add(a)
                    todo.append(a)
        out[c] = frozenset(seen)
    return out


def load_tagger(model: str = "morphmodel_ger.pgz") -> Any:
    """A ``HanTa.HanoverTagger`` for one of HanTa's model files, as HanTa loads it, except that
    the reachability sets are computed by :func:`reachability` (a subclass overrides only that
    method; HanTa's class is unchanged)."""
    from HanTa import HanoverTagger as ht

    class _Tagger(ht.HanoverTagger):  # type: ignore[misc]
        def reachable(self) -> None:
            self.reachability = reachability(self.LP_trans, self.int2tag.keys())

    tagger = _Tagger(model)
    tagger.__class__ = ht.HanoverTagger  # a plain HanoverTagger from here on (pickles as one)
    return tagger


def shared_hanta() -> Any:
    """The process's one HanTa German model with :class:`Morphology` installed (loaded once,
    ~0.2 s); the offline backend's tagger and the compound splitter share it and its caches."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = Morphology(load_tagger()).install()
    return _MODEL


__all__ = ["Morphology", "load_tagger", "reachability", "shared_hanta"]
