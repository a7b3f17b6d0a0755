# cython: language_level=3
"""Compiled kernel of framing's HanTa morphology (:mod:`framing.nlp.morphology`), optional.

:class:`MorphKernel` runs the two per-word dynamic programs of ``Morphology`` (``_expand`` with
the final step of ``analyze_forward`` / ``analyze_viterbi``) over C arrays instead of dicts of
tuples, with the same arithmetic in the same order, so every result is bit-identical to the
pure-Python reference (``tests/nlp/test_morphology.py`` compares them on every word form of the
demo corpus and of GNAD). What stays in Python: the sum of a part of speech's probabilities
(numpy's ``logaddexp`` on Python floats, as before) and the result caches of ``Morphology``.

Layout, mirroring ``Morphology._expand``:

* a state ``(t0, t1)`` is a dense index; its follow-ups ``(tag, log P, next state)`` are C
  arrays in HanTa's list order (all of them, and the open-class ones only), per follow-up
  table (``Morphology.nonfinal`` or the lists reachable for a target part of speech);
* a segment's scores (``Morphology._segment_scores``, mirrored here: ``known`` morphemes from a
  C hash table, HanTa's guesses for unseen morphemes as in ``Morphology._guesses``, the same
  additions in the same order) are a dense vector (one column per follow-up tag, ``-inf``
  where the segment has no score for a tag: such a candidate can never pass ``> lowerbound``,
  exactly as the Python code never tries it), made once per morpheme or guess key; a segment
  is "guessed" (scores for exactly the open classes: only open follow-ups are tried) or
  "known";
* a row is its states in insertion order (slot arrays) plus a map state -> slot, reset after
  each word; a cell keeps the first best value (update on ``>``) and its backpointer.

The prefix-row store of the Python code (``_resume_rows``) is not used: it is an optimisation
only (a resumed table is identical to one computed from scratch).
"""
from libc.math cimport INFINITY, exp, log1p
from libc.stdint cimport uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcmp

import threading

cdef double LOWERBOUND = -1e6
#: HanTa's state tags (as in morphology.py)
cdef int EMPTY = 0, START = 1, UNKNOWN = 3, END_UNKNOWN = -3
#: bounded caches (letters -> suffix scores, distinct suffix scores, other segments) and
#: vector store; all emptied (between words) when one is full
cdef Py_ssize_t SEG_CACHE_SIZE = 400_000
cdef Py_ssize_t SID_SIZE = 65_536
cdef Py_ssize_t VECTOR_BYTES = 64 * 1024 * 1024
#: FNV-1a (64 bits) over a segment's code points, extended letter by letter
cdef uint64_t FNV_BASIS = 14695981039346656037ULL
cdef uint64_t FNV_PRIME = 1099511628211ULL


cdef double LOGE2 = 0.693147180559945309417232121458176568


cdef inline double logaddexp(double x, double y) noexcept:
    """numpy's ``npy_logaddexp`` (the float64 ``numpy.logaddexp``), the same operations:
    bit-identical results (``tests/nlp/test_morphology.py`` compares them)."""
    cdef double tmp
    if x == y:  # infinities of the same sign
        return x + LOGE2
    tmp = x - y
    if tmp > 0:
        return x + log1p(exp(-tmp))
    elif tmp <= 0:
        return y + log1p(exp(tmp))
    return tmp  # NaN


def logaddexp_(double x, double y) -> float:
    """:func:`logaddexp` for tests."""
    return logaddexp(x, y)


cdef inline Py_ssize_t _slot(uint64_t hh, int bits) noexcept:
    """The first slot of hash ``hh`` in a table of ``2 ** bits`` (multiplicative hashing)."""
    return <Py_ssize_t> ((hh * 11400714819323198485ULL) >> (64 - bits))


cdef class _Followups:
    """One follow-up table as C arrays: for state ``s`` the follow-ups ``off[s]..off[s+1]``
    (column of the tag, log P, next state), and the open-class ones ``ooff[s]..ooff[s+1]``."""
    cdef int *off
    cdef int *tag
    cdef double *lp
    cdef int *ns
    cdef int *ooff
    cdef int *otag
    cdef double *olp
    cdef int *ons

    def __cinit__(self):
        self.off = self.tag = self.ns = self.ooff = self.otag = self.ons = NULL
        self.lp = self.olp = NULL

    def __dealloc__(self):
        free(self.off); free(self.tag); free(self.lp); free(self.ns)
        free(self.ooff); free(self.otag); free(self.olp); free(self.ons)


cdef int _fill(list states, dict index, dict col, dict lists, int **off, int **tag,
               double **lp, int **ns) except -1:
    """C arrays of the follow-up lists ``{state: [(tag, log P, next state)]}`` (list order)."""
    cdef int nst = len(states), total = 0, k = 0, s
    for f in lists.values():
        total += len(f)
    off[0] = <int *> malloc((nst + 1) * sizeof(int))
    tag[0] = <int *> malloc((total + 1) * sizeof(int))
    lp[0] = <double *> malloc((total + 1) * sizeof(double))
    ns[0] = <int *> malloc((total + 1) * sizeof(int))
    if not off[0] or not tag[0] or not lp[0] or not ns[0]:
        raise MemoryError()
    for s in range(nst):
        off[0][s] = k
        for t, p, n in lists.get(states[s], ()):
            tag[0][k] = col[t]
            lp[0][k] = p
            ns[0][k] = index[n]
            k += 1
    off[0][nst] = k
    return 0


cdef class MorphKernel:
    """``analyze_forward``'s last row and ``analyze_viterbi``'s path for one ``Morphology``."""
    cdef object morph, known, lock
    cdef int nst, ncol, start
    cdef list states
    cdef dict index, col, reach
    cdef int *st1
    cdef _Followups main
    # final transitions per state: off, HanTa tag, log P, next state
    cdef int *foff
    cdef int *ftag
    cdef double *flp
    cdef int *fns
    # rows: capacity (number of rows), per row its count; per (row, state) the slot; per
    # (row, slot) the state, value and backpointer (state, row)
    cdef int rcap
    cdef int *cnt
    cdef int *where
    cdef int *sst
    cdef double *slp
    cdef int *bps
    cdef int *bpr
    # per end j of the current row: vector number and kind (0 none, 1 guessed, 2 known)
    cdef int *segv
    cdef char *segk
    # interned score vectors (ncol doubles each)
    cdef double *vecs
    cdef int nvec, vcap, vmax, sidmax, segmax
    cdef dict vids, seg_other
    # code of the guesses by Morphology._guesses' key (sid * 32 + length) * 2 + whole, or -1
    cdef int *gcode
    cdef int gcap
    # analyze_forward's parts of speech and their sums (at most one per state)
    cdef int *pos
    cdef double *acc
    # guesses (Morphology._guesses): per open tag its column (-1: no follow-up has it), base
    # score by length (25 per tag) and empty-suffix score; suffix -> number, per number and
    # open tag the score (sufhas: whether it has one); per number of suffix scores (sids:
    # content -> number) the scores; last letters -> that number (short / long morphemes)
    cdef int nopen, nsid, sidcap
    cdef int *open_col
    cdef double *base
    cdef double *empty
    cdef double *sufv
    cdef char *sufhas
    cdef double *sidv
    cdef double *out
    cdef char *have
    cdef dict sufidx, sids, skey_short, skey_long
    # the word's code points; per end j the suffix-score number of its long morphemes (-1: not
    # yet); known morphemes: per slot hash (0: empty), pool offset, length, cached codes
    # (non-strict, strict; -2: not yet); the prefix hashes
    cdef Py_UCS4 *wbuf
    cdef int *jsid
    cdef int wcap, kbits, pbits
    cdef uint64_t *khash
    cdef int *kpos
    cdef int *klen
    cdef int *kns
    cdef int *kst
    cdef Py_UCS4 *kpool
    cdef uint64_t *phash

    def __cinit__(self):
        self.st1 = self.foff = self.ftag = self.fns = NULL
        self.flp = NULL
        self.cnt = self.where = self.sst = self.bps = self.bpr = self.segv = NULL
        self.slp = self.vecs = NULL
        self.segk = NULL
        self.rcap = self.nvec = self.vcap = self.gcap = 0
        self.gcode = NULL
        self.pos = NULL
        self.acc = NULL
        self.open_col = NULL
        self.base = self.empty = self.sufv = self.sidv = self.out = NULL
        self.sufhas = self.have = NULL
        self.nsid = self.sidcap = 0
        self.wbuf = self.kpool = NULL
        self.jsid = self.kpos = self.klen = self.kns = self.kst = NULL
        self.khash = self.phash = NULL
        self.wcap = self.kbits = 0

    def __init__(self, morph):
        cdef int s
        self.morph = morph
        self.known = morph.known
        self.lock = threading.Lock()
        # states: the start, every state with follow-ups (final or not) and every next state
        states = [(EMPTY, START)]
        seen = {states[0]}
        for table in (morph.nonfinal, morph.final):
            for st, f in table.items():
                for n in [st] + [(st[1], x[0]) for x in f]:
                    if n not in seen:
                        seen.add(n)
                        states.append(n)
        self.states = states
        self.index = {st: k for k, st in enumerate(states)}
        self.nst = len(states)
        self.start = 0
        # one column per tag that a (non-final) follow-up can have
        col = {}
        for f in morph.nonfinal.values():
            for x in f:
                col.setdefault(x[0], len(col))
        self.col = col
        self.ncol = len(col)
        self.vmax = max(1024, <int> (VECTOR_BYTES // (8 * max(1, self.ncol))))
        self.sidmax, self.segmax = SID_SIZE, SEG_CACHE_SIZE
        self.st1 = <int *> malloc(self.nst * sizeof(int))
        self.pos = <int *> malloc(self.nst * sizeof(int))
        self.acc = <double *> malloc(self.nst * sizeof(double))
        if not (self.st1 and self.pos and self.acc):
            raise MemoryError()
        for s in range(self.nst):
            self.st1[s] = states[s][1]
        self.main = self._followups(morph.nonfinal, morph._nonfinal_open)
        self.reach = {}
        # final transitions (HanTa tags: the part of speech is read from them)
        cdef int total = sum(len(f) for f in morph.final.values()), k = 0
        self.foff = <int *> malloc((self.nst + 1) * sizeof(int))
        self.ftag = <int *> malloc((total + 1) * sizeof(int))
        self.flp = <double *> malloc((total + 1) * sizeof(double))
        self.fns = <int *> malloc((total + 1) * sizeof(int))
        if not self.foff or not self.ftag or not self.flp or not self.fns:
            raise MemoryError()
        for s in range(self.nst):
            self.foff[s] = k
            for t, p in morph.final.get(states[s], ()):
                self.ftag[k] = t
                self.flp[k] = p
                self.fns[k] = self.index[(states[s][1], t)]
                k += 1
        self.foff[self.nst] = k
        # guesses
        cdef int no = len(morph.open_tags), o, L
        self.nopen = no
        nsuf = len(morph.suffix_scores)
        self.open_col = <int *> malloc((no + 1) * sizeof(int))
        self.base = <double *> malloc((no * 25 + 1) * sizeof(double))
        self.empty = <double *> malloc((no + 1) * sizeof(double))
        self.out = <double *> malloc((no + 1) * sizeof(double))
        self.have = <char *> malloc((no + 1) * sizeof(char))
        self.sufv = <double *> malloc((nsuf * no + 1) * sizeof(double))
        self.sufhas = <char *> malloc((nsuf * no + 1) * sizeof(char))
        if not (self.open_col and self.base and self.empty and self.out and self.have
                and self.sufv and self.sufhas):
            raise MemoryError()
        for o, tag in enumerate(morph.open_tags):
            self.open_col[o] = col.get(tag, -1)
            self.empty[o] = morph.empty_suffix[tag]
            for L in range(25):
                self.base[o * 25 + L] = morph.base[tag][L]
        self.sufidx = {}
        for k, (suf, d) in enumerate(morph.suffix_scores.items()):
            self.sufidx[suf] = k
            for o, tag in enumerate(morph.open_tags):
                self.sufhas[k * no + o] = tag in d
                self.sufv[k * no + o] = d.get(tag, 0.0)
        self._tables()
        self._clear_segments()

    def __dealloc__(self):
        free(self.st1); free(self.foff); free(self.ftag); free(self.flp); free(self.fns)
        free(self.cnt); free(self.where); free(self.sst); free(self.slp); free(self.bps)
        free(self.bpr); free(self.segv); free(self.segk); free(self.vecs); free(self.gcode)
        free(self.open_col); free(self.base); free(self.empty); free(self.sufv)
        free(self.sufhas); free(self.sidv); free(self.out); free(self.have)
        free(self.wbuf); free(self.jsid); free(self.khash); free(self.kpos); free(self.klen)
        free(self.kns); free(self.kst); free(self.kpool); free(self.phash)
        free(self.pos); free(self.acc)

    cdef _Followups _followups(self, dict fol, dict open_fol):
        cdef _Followups F = _Followups()
        _fill(self.states, self.index, self.col, fol, &F.off, &F.tag, &F.lp, &F.ns)
        _fill(self.states, self.index, self.col, open_fol, &F.ooff, &F.otag, &F.olp, &F.ons)
        return F

    cdef _Followups _reachable(self, int targetpos):
        """Follow-ups restricted to tags that can reach ``targetpos`` (Morphology's lists)."""
        F = self.reach.get(targetpos)
        if F is None:
            fol, open_fol, _ = self.morph._reachable_followups(targetpos)
            F = self.reach[targetpos] = self._followups(fol, open_fol)
        return F

    # -- segment scores -------------------------------------------------------------------------
    cdef _clear_segments(self):
        self.vids = {}
        self.seg_other = {}
        self.nvec = 0
        self.sids = {}
        self.skey_short = {}
        self.skey_long = {}
        self.nsid = 0
        cdef int k
        for k in range(self.gcap):
            self.gcode[k] = -1
        if self.kbits:
            for k in range(1 << self.kbits):
                self.kns[k] = self.kst[k] = -2

    cdef int _intern(self, sv, bint guess) except -2:
        """The code ``2 * vector number + guess`` of segment scores ``sv`` ({tag: lp})."""
        key = (guess, tuple(sv.items()))
        got = self.vids.get(key)
        if got is not None:
            return got
        cdef int code = self._newvec(guess)
        cdef double *vec = self.vecs + <Py_ssize_t> (code >> 1) * self.ncol
        col = self.col
        for tag, lp in sv.items():
            got = col.get(tag)
            if got is not None:
                vec[<int> got] = lp
        self.vids[key] = code
        return code

    cdef int _newvec(self, bint guess) except -2:
        """A new score vector (all ``-inf``): its code ``2 * number + guess``."""
        cdef int v = self.nvec, c
        cdef double *vec
        if v >= self.vcap:
            self.vcap = max(256, 2 * self.vcap)
            vec = <double *> realloc(self.vecs, <size_t> self.vcap * self.ncol * sizeof(double))
            if not vec:
                raise MemoryError()
            self.vecs = vec
        vec = self.vecs + <Py_ssize_t> v * self.ncol
        for c in range(self.ncol):
            vec[c] = -INFINITY
        self.nvec += 1
        return 2 * v + guess

    cdef int _strict(self, str m) except -2:
        """The code of the strict scores of ``m`` (``known[m]``; -1: none)."""
        sv = self.known.get(m)
        return self._intern(sv, False) if sv else -1

    cdef int _merged(self, str word, int i, int j, int wlen, bint whole) except -2:
        """The code of the known morpheme ``m = word[i:j]``'s non-strict scores, as
        ``Morphology._segment_scores``: ``{**_guesses(m, whole), **known[m]}`` (a word of 1-3
        letters or a morpheme of 3 or more), else ``known[m]``."""
        cdef int mlen = j - i, code, g, c
        cdef double *vec
        cdef double *gvec
        kd = self.known[word[i:j]]
        if wlen >= 4 and mlen <= 2:
            return self._intern(kd, False)
        g = self._guess(word, j, mlen, whole)
        code = self._newvec(False)
        vec = self.vecs + <Py_ssize_t> (code >> 1) * self.ncol
        gvec = self.vecs + <Py_ssize_t> (g >> 1) * self.ncol
        for c in range(self.ncol):
            vec[c] = gvec[c]
        col = self.col
        for tag, lp in kd.items():
            got = col.get(tag)
            if got is not None:
                vec[<int> got] = lp
        return code

    cdef int _segments(self, str word, int i, int wlen, bint strict) except -1:
        """Scores of the segments ``word[i:j]`` (``j > i``) into ``segv``/``segk``, as
        ``Morphology._expand`` gets them. Whether a segment is a known morpheme is looked up in
        C (``_known``; none is once the segment is no prefix of one), its scores are cached per
        morpheme (what a segment scores depends on the word only through ``len(word) < 4`` and
        whether it is the whole word); a segment that is no known morpheme (non-strict) has
        only guesses, by ``Morphology._guesses``' key (suffix scores, length, whole word)."""
        cdef int j, mlen, code, slot
        cdef bint whole, alive = True
        cdef uint64_t h = FNV_BASIS, hh
        for j in range(i + 1, wlen + 1):
            mlen = j - i
            whole = mlen == wlen
            slot = -1
            if alive:
                h = (h ^ <uint64_t> self.wbuf[j - 1]) * FNV_PRIME
                hh = h | 1
                if self._prefix(hh):
                    slot = self._known(hh, i, mlen)
                else:  # no known morpheme starts with word[i:j]
                    alive = False
            if strict:  # known morphemes only: known[m]
                if slot < 0:
                    self.segk[j] = 0
                    continue
                code = self.kst[slot]
                if code == -2:
                    code = self.kst[slot] = self._strict(word[i:j])
            elif slot >= 0 and wlen >= 4 and not whole:  # a known morpheme (cached per morpheme)
                code = self.kns[slot]
                if code == -2:
                    code = self.kns[slot] = self._merged(word, i, j, wlen, False)
            elif slot >= 0:  # (rare: the whole word, or a word of 1-3 letters) cached by string
                key = (word[i:j], whole, wlen < 4)
                got = self.seg_other.get(key)
                if got is None:
                    code = self._merged(word, i, j, wlen, whole)
                    self.seg_other[key] = code
                else:
                    code = got
            elif mlen <= 2 and wlen >= 4:  # no known morpheme, too short for a guess
                self.segk[j] = 0
                continue
            else:  # guesses only
                self.segv[j] = self._guess(word, j, mlen, whole) >> 1
                self.segk[j] = 1
                continue
            if code < 0:
                self.segk[j] = 0
            else:
                self.segv[j] = code >> 1
                self.segk[j] = 1 if code & 1 else 2
        return 0

    # -- known morphemes: C hash tables of Morphology.known (FNV-1a over the code points) ---------
    cdef int _tables(self) except -1:
        """The known morphemes (content and cached codes per slot) and the hashes of all their
        prefixes (a false positive there only costs a look-up in the known table)."""
        cdef int nk = len(self.known), npool = 0, pos = 0, n
        cdef Py_ssize_t idx
        cdef uint64_t h
        cdef Py_UCS4 c
        for m in self.known:
            npool += len(m)
        self.kbits = 4
        while (1 << self.kbits) < 2 * nk + 16:
            self.kbits += 1
        self.pbits = 4
        while (1 << self.pbits) < 2 * npool + 16:
            self.pbits += 1
        self.khash = <uint64_t *> calloc(1 << self.kbits, sizeof(uint64_t))
        self.kpos = <int *> malloc((1 << self.kbits) * sizeof(int))
        self.klen = <int *> malloc((1 << self.kbits) * sizeof(int))
        self.kns = <int *> malloc((1 << self.kbits) * sizeof(int))
        self.kst = <int *> malloc((1 << self.kbits) * sizeof(int))
        self.kpool = <Py_UCS4 *> malloc((npool + 1) * sizeof(Py_UCS4))
        self.phash = <uint64_t *> calloc(1 << self.pbits, sizeof(uint64_t))
        if not (self.khash and self.kpos and self.klen and self.kns and self.kst and self.kpool
                and self.phash):
            raise MemoryError()
        cdef str ms
        for m in self.known:
            ms = m
            h = FNV_BASIS
            n = 0
            for c in ms:
                h = (h ^ <uint64_t> c) * FNV_PRIME
                self.kpool[pos + n] = c
                n += 1
                idx = _slot(h | 1, self.pbits)
                while self.phash[idx] != 0 and self.phash[idx] != (h | 1):
                    idx = (idx + 1) & ((1 << self.pbits) - 1)
                self.phash[idx] = h | 1
            idx = _slot(h | 1, self.kbits)
            while self.khash[idx] != 0:
                idx = (idx + 1) & ((1 << self.kbits) - 1)
            self.khash[idx] = h | 1
            self.kpos[idx] = pos
            self.klen[idx] = n
            pos += n
        return 0

    cdef inline bint _prefix(self, uint64_t hh) noexcept:
        cdef Py_ssize_t idx = _slot(hh, self.pbits), mask = (1 << self.pbits) - 1
        while self.phash[idx] != 0:
            if self.phash[idx] == hh:
                return True
            idx = (idx + 1) & mask
        return False

    cdef inline int _known(self, uint64_t hh, int i, int mlen) noexcept:
        """The slot of the known morpheme ``word[i:i + mlen]`` (its hash ``hh``), or -1."""
        cdef Py_ssize_t idx = _slot(hh, self.kbits), mask = (1 << self.kbits) - 1
        while self.khash[idx] != 0:
            if (self.khash[idx] == hh and self.klen[idx] == mlen
                    and memcmp(self.kpool + self.kpos[idx], self.wbuf + i,
                               mlen * sizeof(Py_UCS4)) == 0):
                return <int> idx
            idx = (idx + 1) & mask
        return -1

    cdef int _sid(self, str word, int j, int mlen) except -1:
        """The number of the suffix scores of the morpheme ``word[j - mlen:j]`` (``mlen >= 3``)
        for ``Morphology._guesses``: per open tag the score of the longest of its last 4..1
        letters (shorter than the morpheme) that has one for the tag, else the empty suffix's.
        They depend on the last four letters (the whole morpheme if it has at most four), so
        they are cached by those; numbered by content (and kept in ``sidv``)."""
        cdef int no = self.nopen, k, o, sid
        cdef bint long = mlen > 4
        cdef double *sv
        ids = self.skey_long if long else self.skey_short
        skey = word[j - 4:j] if long else word[j - mlen:j]
        got = ids.get(skey)
        if got is not None:
            return got
        for o in range(no):
            self.have[o] = 0
        for k in (4, 3, 2, 1):
            if mlen > k:
                idx = self.sufidx.get(word[j - k:j])
                if idx is not None:
                    sv = self.sufv + <Py_ssize_t> idx * no
                    for o in range(no):
                        if self.sufhas[<Py_ssize_t> idx * no + o] and not self.have[o]:
                            self.out[o] = sv[o]
                            self.have[o] = 1
        for o in range(no):
            if not self.have[o]:
                self.out[o] = self.empty[o]
        content = (<char *> self.out)[:no * sizeof(double)]
        got = self.sids.get(content)
        if got is None:
            sid = self.nsid
            self._sidroom(sid + 1)
            for o in range(no):
                self.sidv[<Py_ssize_t> sid * no + o] = self.out[o]
            self.nsid = sid + 1
            got = self.sids[content] = sid
        if len(ids) >= SEG_CACHE_SIZE:
            ids.clear()
        ids[skey] = got
        return got

    cdef int _guess(self, str word, int j, int mlen, bint whole) except -2:
        """The code of ``Morphology._guesses(word[j - mlen:j], whole)`` (``mlen >= 3``): the
        same sums in the same order, base score of the length (capped at 24) + suffix score,
        then - 4.6 for the whole word. A long morpheme's suffix scores are those of its end
        ``j`` (``jsid``, once per word)."""
        cdef int no = self.nopen, o, sid, g, c, code, L = mlen if mlen < 24 else 24
        cdef double *sv
        cdef double *vec
        if mlen > 4:
            sid = self.jsid[j]
            if sid < 0:
                sid = self.jsid[j] = self._sid(word, j, mlen)
        else:
            sid = self._sid(word, j, mlen)
        g = (sid * 32 + L) * 2 + whole
        if g < self.gcap and self.gcode[g] >= 0:
            return self.gcode[g]
        # a new guess vector: Morphology._guesses' base[tag][L] + lp, then - 4.6 (whole word)
        self._gslot(g)
        sv = self.sidv + <Py_ssize_t> sid * no
        code = self._newvec(True)
        vec = self.vecs + <Py_ssize_t> (code >> 1) * self.ncol
        for o in range(no):
            c = self.open_col[o]
            if c >= 0:
                vec[c] = self.base[o * 25 + L] + sv[o]
                if whole:
                    vec[c] = vec[c] - 4.6
        self.gcode[g] = code
        return code

    cdef int _gslot(self, int g) except -1:
        """Room for ``gcode[g]`` (new entries -1)."""
        cdef int n, k
        cdef int *got
        if g >= self.gcap:
            n = max(g + 1, 2 * self.gcap, 4096)
            got = <int *> realloc(self.gcode, n * sizeof(int))
            if not got:
                raise MemoryError()
            self.gcode = got
            for k in range(self.gcap, n):
                self.gcode[k] = -1
            self.gcap = n
        return g

    cdef int _sidroom(self, int n) except -1:
        cdef int cap
        cdef double *got
        if n > self.sidcap:
            cap = max(n, 2 * self.sidcap, 1024)
            got = <double *> realloc(self.sidv, <size_t> cap * self.nopen * sizeof(double))
            if not got:
                raise MemoryError()
            self.sidv = got
            self.sidcap = cap
        return 0

    # -- rows -----------------------------------------------------------------------------------
    cdef int _rows(self, int nrows) except -1:
        """Room for ``nrows`` rows (new rows empty)."""
        cdef int r, old = self.rcap
        cdef Py_ssize_t n, k
        if nrows <= old:
            return 0
        r = max(nrows, 2 * old, 32)
        n = <Py_ssize_t> r * self.nst
        cnt = <int *> realloc(self.cnt, r * sizeof(int))
        if cnt: self.cnt = cnt
        where = <int *> realloc(self.where, n * sizeof(int))
        if where: self.where = where
        sst = <int *> realloc(self.sst, n * sizeof(int))
        if sst: self.sst = sst
        slp = <double *> realloc(self.slp, n * sizeof(double))
        if slp: self.slp = slp
        bps = <int *> realloc(self.bps, n * sizeof(int))
        if bps: self.bps = bps
        bpr = <int *> realloc(self.bpr, n * sizeof(int))
        if bpr: self.bpr = bpr
        segv = <int *> realloc(self.segv, (r + 1) * sizeof(int))
        if segv: self.segv = segv
        segk = <char *> realloc(self.segk, (r + 1) * sizeof(char))
        if segk: self.segk = segk
        if not (cnt and where and sst and slp and bps and bpr and segv and segk):
            raise MemoryError()
        for k in range(old, r):
            self.cnt[k] = 0
        for k in range(<Py_ssize_t> old * self.nst, n):
            self.where[k] = -1
        self.rcap = r
        return 0

    cdef inline void _update(self, int j, int ns, double lp1, int s, int i) noexcept:
        """``old = row j.get(ns); if old is None or lp1 > old: row j[ns] = lp1; back[j][ns] = (s, i)``"""
        cdef Py_ssize_t base = <Py_ssize_t> j * self.nst
        cdef int k = self.where[base + ns]
        if k < 0:
            k = self.cnt[j]
            self.cnt[j] = k + 1
            self.where[base + ns] = k
            self.sst[base + k] = ns
        elif not lp1 > self.slp[base + k]:
            return
        self.slp[base + k] = lp1
        self.bps[base + k] = s
        self.bpr[base + k] = i

    cdef void _reset(self, int nrows) noexcept:
        cdef int r, k
        cdef Py_ssize_t base
        for r in range(min(nrows, self.rcap)):
            base = <Py_ssize_t> r * self.nst
            for k in range(self.cnt[r]):
                self.where[base + self.sst[base + k]] = -1
            self.cnt[r] = 0

    cdef int _expand(self, str word, bint strict, _Followups F) except -1:
        """Rows ``0..len(word)`` of the table, as ``Morphology._expand`` (see there)."""
        cdef int wlen = len(word), i, j, k, n, s, f, ns, col, t
        cdef Py_ssize_t base, nst = self.nst
        cdef double lp, lp1, a, rowbound, v
        cdef double top[4]
        cdef double *vec
        cdef bint segs
        cdef int ncol = self.ncol
        cdef Py_UCS4 c
        self._rows(wlen + 2)
        if wlen + 1 > self.wcap:
            self.wcap = max(wlen + 1, 2 * self.wcap, 64)
            wbuf = <Py_UCS4 *> realloc(self.wbuf, self.wcap * sizeof(Py_UCS4))
            if wbuf: self.wbuf = wbuf
            jsid = <int *> realloc(self.jsid, self.wcap * sizeof(int))
            if jsid: self.jsid = jsid
            if not (wbuf and jsid):
                raise MemoryError()
        j = 0
        for c in word:
            self.wbuf[j] = c
            j += 1
        for j in range(wlen + 1):
            self.jsid[j] = -1
        self._update(0, self.start, 0.0, -1, -1)
        for i in range(wlen + 1):
            base = i * nst
            n = self.cnt[i]
            if n > 3:  # sorted(row.values(), reverse=True)[3] - 1
                top[0] = top[1] = top[2] = top[3] = -INFINITY
                for k in range(n):
                    v = self.slp[base + k]
                    if v > top[3]:
                        t = 3
                        while t > 0 and v > top[t - 1]:
                            top[t] = top[t - 1]
                            t -= 1
                        top[t] = v
                rowbound = top[3] - 1
            else:
                rowbound = LOWERBOUND
            segs = False
            for k in range(n):
                s = self.sst[base + k]
                lp = self.slp[base + k]
                if lp < rowbound:
                    continue
                if F.off[s] == F.off[s + 1]:
                    continue
                if not segs:  # the row's segments, once (for its first state with follow-ups)
                    self._segments(word, i, wlen, strict)
                    segs = True
                # guessed segments: the open follow-ups (outer, list order), ends inner
                for f in range(F.ooff[s], F.ooff[s + 1]):
                    a = lp + F.olp[f]
                    col = F.otag[f]
                    ns = F.ons[f]
                    for j in range(i + 1, wlen + 1):
                        if self.segk[j] != 1:
                            continue
                        lp1 = a + self.vecs[<Py_ssize_t> self.segv[j] * ncol + col]
                        if lp1 > LOWERBOUND:
                            self._update(j, ns, lp1, s, i)
                # known segments: ends outer, the follow-ups with a score inner (list order)
                for j in range(i + 1, wlen + 1):
                    if self.segk[j] != 2:
                        continue
                    vec = self.vecs + <Py_ssize_t> self.segv[j] * ncol
                    for f in range(F.off[s], F.off[s + 1]):
                        v = vec[F.tag[f]]
                        if v == -INFINITY:  # not in the segment's tag set: not a candidate
                            continue
                        lp1 = lp + F.lp[f] + v
                        if lp1 > LOWERBOUND:
                            self._update(j, F.ns[f], lp1, s, i)
        return 0

    def clear_caches(self):
        """Forget every segment's scores (as when a bounded cache is full; tests use it)."""
        with self.lock:
            self._clear_segments()

    def set_limits(self, int vectors, int sids, int segments):
        """Bounds of the score vectors, suffix-score numbers and other segments kept (tests
        use small ones: everything is emptied more often, with the same results)."""
        self.vmax, self.sidmax, self.segmax = vectors, sids, segments

    cdef void _check_store(self):
        if (self.nvec >= self.vmax or self.nsid >= self.sidmax
                or len(self.seg_other) >= self.segmax):
            self._clear_segments()

    # -- the two programs -----------------------------------------------------------------------
    def forward(self, str word, bint strict):
        """``analyze_forward``'s ``[(part of speech, log P)]`` before sorting: per part of
        speech in order of first appearance in the table's last row."""
        cdef int wlen = len(word), k, f, s, last = wlen + 1, npos, p, pos
        cdef Py_ssize_t base
        cdef double lp, lp1
        with self.lock:
            self._check_store()
            try:
                self._expand(word, strict, self.main)
                base = <Py_ssize_t> wlen * self.nst
                for k in range(self.cnt[wlen]):
                    s = self.sst[base + k]
                    lp = self.slp[base + k]
                    for f in range(self.foff[s], self.foff[s + 1]):
                        lp1 = lp + self.flp[f]
                        if lp1 > LOWERBOUND:
                            self._update(last, self.fns[f], lp1, s, wlen)
                # per part of speech (-state[1], in order of first appearance) the sum of its
                # probabilities, in the row's insertion order, as analyze_forward sums them
                base = <Py_ssize_t> last * self.nst
                npos = 0
                for k in range(self.cnt[last]):
                    lp = self.slp[base + k]
                    if lp == -INFINITY:
                        continue
                    pos = -self.st1[self.sst[base + k]]
                    p = 0
                    while p < npos and self.pos[p] != pos:
                        p += 1
                    if p < npos:
                        self.acc[p] = logaddexp(self.acc[p], lp)
                    else:
                        self.pos[p] = pos
                        self.acc[p] = lp
                        npos += 1
                return [(self.pos[p], self.acc[p]) for p in range(npos)]
            finally:
                self._reset(wlen + 2)

    def viterbi(self, str word, int targetpos):
        """``analyze_viterbi``'s result: the best ``[(morpheme tag, end offset)]`` path."""
        cdef int wlen = len(word), k, f, s, last = wlen + 1, best, i
        cdef Py_ssize_t base
        cdef double lp, lp1, pmax
        cdef _Followups F
        with self.lock:
            self._check_store()
            F = self._reachable(targetpos)
            try:
                for localstrict in (True, False):
                    self._reset(wlen + 2)
                    self._expand(word, localstrict, F)
                    base = <Py_ssize_t> wlen * self.nst
                    for k in range(self.cnt[wlen]):
                        s = self.sst[base + k]
                        lp = self.slp[base + k]
                        for f in range(self.foff[s], self.foff[s + 1]):
                            if self.ftag[f] == targetpos:
                                lp1 = lp + self.flp[f]
                                if lp1 > LOWERBOUND:
                                    self._update(last, self.fns[f], lp1, s, wlen)
                                break
                    if self.cnt[last]:
                        break
                pmax = -INFINITY
                best = -1
                base = <Py_ssize_t> last * self.nst
                for k in range(self.cnt[last]):
                    if self.slp[base + k] > pmax:
                        pmax = self.slp[base + k]
                        best = self.sst[base + k]
                if best < 0 or self.states[best] == (EMPTY, EMPTY):
                    return [(UNKNOWN, wlen), (END_UNKNOWN, wlen + 1)]
                path = [(self.st1[best], last)]
                s = best
                i = last
                while i > 0:
                    k = self.where[<Py_ssize_t> i * self.nst + s]
                    s, i = self.bps[<Py_ssize_t> i * self.nst + k], self.bpr[<Py_ssize_t> i * self.nst + k]
                    if i > 0:
                        path.append((self.st1[s], i))
                path.reverse()
                return path
            finally:
                self._reset(wlen + 2)
