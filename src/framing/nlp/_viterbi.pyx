# cython: language_level=3
"""Compiled twin of :meth:`framing.nlp.backends.offline.HanTaTagger._viterbi` (the sentence tagger).

Why: once every word form of a corpus has its emission scores cached (a warm run), the Viterbi
over HanTa's second-order HMM is about two thirds of the ``full`` profile's annotation time, all
of it dictionary look-ups and tuple building in the interpreter. This module runs the same
search over dense C arrays.

What is the same (the Python method is the reference; ``tests/nlp/test_viterbi_kernel.py``
compares the two on every sentence of the demo corpus, GNAD and UD German GSD):

* states are (tag before, tag) pairs; the cells of a word (Python's ``best``) are kept in the
  order in which they were first reached (the dict's insertion order), a cell is updated only by a
  strictly greater total (the first best keeps its predecessor), the emission items are tried in
  their dict's order and the follow-up tags of a state, for a word with no emission scores, in
  the transition dict's order, ``end`` skipped;
* the same floating-point operations in the same order: ``score + (lp + e)``, ``score + lp``,
  ``score + lp_end`` (or ``-inf``);
* the "no transition fits" fallback (the word's first best tag, else ``XY``, after the first
  best state), the beam cut (the ``beam``-th largest total, duplicates counted, cells with a
  total ``>=`` it kept in order), the final choice (first maximum with ``end``; the first best
  state where every one is ``-inf``).

Tags are HanTa's tag numbers; inside, each tag has a dense index ``d`` (the tags that may follow
a state first: they are the columns of the transition rows), a state is ``d1 * T + d2``.
A sentence whose emission scores hold something else than ``int`` tags the model knows and
``float`` (or ``numpy.float64``) scores, neither NaN nor ``+inf``, is tagged by the Python method (the ``fallback``
argument); with HanTa's model that does not happen.
"""
from cpython.dict cimport PyDict_GetItem, PyDict_Next
from cpython.float cimport PyFloat_AS_DOUBLE
from cpython.long cimport PyLong_AsLongAndOverflow
from cpython.ref cimport PyObject
from libc.math cimport INFINITY
from libc.stdlib cimport free, malloc, realloc

import math

import numpy

#: HanTa gives some scores as numpy.float64 (a float subclass holding the double; numpy adds and
#: compares doubles as Python does), the others as float
_FLOAT64 = numpy.float64


cdef struct Work:
    # per word: the emission items (dense tag, column or -1, score), flattened
    int *em_off
    int *em_d
    int *em_col
    double *em_lp
    # the current cells (Python's ``scores``) and the next ones (``best``/``came_from``)
    int *cur_state
    double *cur_score
    int *nb_state
    double *nb_score
    int *nb_from
    int *slot          # state -> index in nb_* or -1
    double *top        # the ``beam`` largest totals (for the cut)
    # per word: the surviving cells and their predecessors (Python's ``history``)
    int *hist_off
    int *hist_state
    int *hist_from
    Py_ssize_t hist_cap


cdef inline Py_ssize_t _offer(Work *w, Py_ssize_t nb, int nxt, double total, int state) noexcept nogil:
    """The Python ``_viterbi``'s cell update: a new state ``nxt`` is appended to the row (insertion
    order), an existing one takes ``total`` only if it is greater (the first best keeps its
    ``came_from``). Returns the row's new length."""
    cdef int idx = w.slot[nxt]
    if idx < 0:
        w.slot[nxt] = nb
        w.nb_state[nb] = nxt
        w.nb_score[nb] = total
        w.nb_from[nb] = state
        return nb + 1
    if total > w.nb_score[idx]:
        w.nb_score[idx] = total
        w.nb_from[idx] = state
    return nb


cdef class Viterbi:
    """HanTa's transition table as dense arrays, and the beam Viterbi over them."""

    cdef int T, C, lo, span, beam, end_d, xy_d, start_state, nrows
    cdef int *dense       # tag number - lo -> dense index or -1
    cdef long *tagint     # dense index -> tag number
    cdef int *rowof       # state -> row of the transition table or -1 (no follow-up)
    cdef double *lp       # row * C + column -> log P(tag | state)
    cdef unsigned char *has   # row * C + column -> whether the tag may follow at all
    cdef int *fo_off      # row -> first follow-up (for words without emission scores)
    cdef int *fo_d        # follow-ups in the dict's order, ``end`` left out
    cdef double *fo_lp
    cdef double *end_lp   # row -> log P(end | state), or -inf

    def __cinit__(self):
        self.dense = NULL
        self.tagint = NULL
        self.rowof = NULL
        self.lp = NULL
        self.has = NULL
        self.fo_off = NULL
        self.fo_d = NULL
        self.fo_lp = NULL
        self.end_lp = NULL

    def __init__(self, dict trans, object tags, long end, long xy, int beam):
        """``trans``: HanTa's ``LP_trans_word`` ((t1, t2) -> {t3: log P}); ``tags``: every tag
        number of the model (``int2tag``); ``end``/``xy``: the END and XY tag numbers."""
        follow_tags = []  # columns: every tag that may follow, in first-seen order
        seen = set()
        for row in trans.values():
            for c, v in row.items():
                if c not in seen:
                    seen.add(c)
                    follow_tags.append(c)
                if type(v) not in (float, int) or math.isnan(v) or math.isinf(v):
                    raise ValueError(f"transition score {v!r} is not a finite number")
        other = []
        for key in trans:
            for t in key:
                if t not in seen:
                    seen.add(t)
                    other.append(t)
        for t in list(tags) + [0, 1, end, xy]:
            if t not in seen:
                seen.add(t)
                other.append(t)
        alltags = follow_tags + other
        if any(type(t) is not int for t in alltags):
            raise ValueError("tag numbers must be int")
        self.C = len(follow_tags)
        self.T = len(alltags)
        self.lo = min(alltags)
        self.span = max(alltags) - self.lo + 1
        self.beam = beam
        cdef int T = self.T, C = self.C
        self.dense = <int *> malloc(self.span * sizeof(int))
        self.tagint = <long *> malloc(T * sizeof(long))
        self.rowof = <int *> malloc(T * T * sizeof(int))
        nrows = sum(1 for row in trans.values() if row)
        nfollow = sum(len(row) for row in trans.values() if row)
        self.nrows = nrows
        self.lp = <double *> malloc(max(nrows * C, 1) * sizeof(double))
        self.has = <unsigned char *> malloc(max(nrows * C, 1))
        self.fo_off = <int *> malloc((nrows + 1) * sizeof(int))
        self.fo_d = <int *> malloc(max(nfollow, 1) * sizeof(int))
        self.fo_lp = <double *> malloc(max(nfollow, 1) * sizeof(double))
        self.end_lp = <double *> malloc(max(nrows, 1) * sizeof(double))
        if (self.dense == NULL or self.tagint == NULL or self.rowof == NULL or self.lp == NULL
                or self.has == NULL or self.fo_off == NULL or self.fo_d == NULL
                or self.fo_lp == NULL or self.end_lp == NULL):
            raise MemoryError()
        cdef Py_ssize_t i
        for i in range(self.span):
            self.dense[i] = -1
        for i, t in enumerate(alltags):
            self.dense[t - self.lo] = i
            self.tagint[i] = t
        for i in range(T * T):
            self.rowof[i] = -1
        for i in range(nrows * C):
            self.lp[i] = 0.0
            self.has[i] = 0
        cdef int r = 0, f = 0, col
        self.end_d = self.dense[end - self.lo]
        self.xy_d = self.dense[xy - self.lo]
        for (t1, t2), row in trans.items():
            if not row:  # ``if not follow: continue`` in the Python method
                continue
            self.rowof[self.dense[t1 - self.lo] * T + self.dense[t2 - self.lo]] = r
            self.fo_off[r] = f
            self.end_lp[r] = -INFINITY
            for c, v in row.items():
                col = self.dense[c - self.lo]
                self.lp[r * C + col] = float(v)
                self.has[r * C + col] = 1
                if c == end:
                    self.end_lp[r] = float(v)
                else:
                    self.fo_d[f] = col
                    self.fo_lp[f] = float(v)
                    f += 1
            r += 1
        self.fo_off[r] = f
        self.start_state = self.dense[0 - self.lo] * T + self.dense[1 - self.lo]  # (EMPTY, START)

    def __dealloc__(self):
        free(self.dense)
        free(self.tagint)
        free(self.rowof)
        free(self.lp)
        free(self.has)
        free(self.fo_off)
        free(self.fo_d)
        free(self.fo_lp)
        free(self.end_lp)

    def tag_sentences(self, list words, object sent_ids, dict wcache, object wprobs, object fallback):
        """HanTa's tag numbers for ``words``, a run of sentences (a new sentence where
        ``sent_ids`` changes; ``None``: one sentence). The emission scores of the i-th word of a
        sentence are ``wcache[(word, i != 0)]``, else ``wprobs(word, i != 0)``; a sentence this
        kernel cannot tag goes to ``fallback(sentence)`` (the Python method)."""
        cdef Py_ssize_t n = len(words), start = 0, stop, k
        cdef list out = []
        ids = sent_ids
        if ids is not None and len(ids) != n:
            raise ValueError("words and sent_ids differ in length")
        if n == 0:
            return out
        cdef Work w
        self._alloc(&w)
        try:
            while start < n:
                stop = start + 1
                if ids is not None:
                    sid = ids[start]
                    while stop < n and ids[stop] == sid:
                        stop += 1
                else:
                    stop = n
                sent = words[start:stop]
                tags = self._tag(&w, sent, wcache, wprobs)
                if tags is None:
                    tags = fallback(sent)
                out.extend(tags)
                start = stop
        finally:
            self._free(&w)
        return out

    cdef int _alloc(self, Work *w) except -1:
        cdef int TT = self.T * self.T
        cdef int i
        w.em_off = NULL
        w.em_d = NULL
        w.em_col = NULL
        w.em_lp = NULL
        w.hist_off = NULL
        w.hist_state = NULL
        w.hist_from = NULL
        w.hist_cap = 0
        w.cur_state = <int *> malloc(TT * sizeof(int))
        w.cur_score = <double *> malloc(TT * sizeof(double))
        w.nb_state = <int *> malloc(TT * sizeof(int))
        w.nb_score = <double *> malloc(TT * sizeof(double))
        w.nb_from = <int *> malloc(TT * sizeof(int))
        w.slot = <int *> malloc(TT * sizeof(int))
        w.top = <double *> malloc((self.beam + 1) * sizeof(double))
        if (w.cur_state == NULL or w.cur_score == NULL or w.nb_state == NULL or w.nb_score == NULL
                or w.nb_from == NULL or w.slot == NULL or w.top == NULL):
            self._free(w)
            raise MemoryError()
        for i in range(TT):
            w.slot[i] = -1
        return 0

    cdef void _free(self, Work *w):
        free(w.em_off)
        free(w.em_d)
        free(w.em_col)
        free(w.em_lp)
        free(w.cur_state)
        free(w.cur_score)
        free(w.nb_state)
        free(w.nb_score)
        free(w.nb_from)
        free(w.slot)
        free(w.top)
        free(w.hist_off)
        free(w.hist_state)
        free(w.hist_from)
        w.em_off = w.em_d = w.em_col = NULL
        w.em_lp = NULL
        w.cur_state = w.nb_state = w.nb_from = w.slot = NULL
        w.cur_score = w.nb_score = w.top = NULL
        w.hist_off = w.hist_state = w.hist_from = NULL

    cdef object _emissions(self, Work *w, list sent, dict wcache, object wprobs):
        """Fill ``w.em_*`` with each word's emission items (in the dict's order); ``False`` where
        an item is not an int tag of the model with a float (or numpy.float64) score, neither NaN
        nor +inf."""
        cdef Py_ssize_t n = len(sent), i, total = 0, pos
        cdef PyObject *got
        cdef PyObject *key
        cdef PyObject *val
        cdef long t
        cdef int d, overflow = 0
        cdef double e
        probs = []
        for i in range(n):
            word = sent[i]
            cache_key = (word, i != 0)
            got = PyDict_GetItem(wcache, cache_key)
            em = <object> got if got != NULL else wprobs(word, i != 0)
            if type(em) is not dict:
                return False
            probs.append(em)
            total += len(<dict> em)
        w.em_off = <int *> realloc(w.em_off, (n + 1) * sizeof(int))
        w.em_d = <int *> realloc(w.em_d, (total + 1) * sizeof(int))
        w.em_col = <int *> realloc(w.em_col, (total + 1) * sizeof(int))
        w.em_lp = <double *> realloc(w.em_lp, (total + 1) * sizeof(double))
        if w.em_off == NULL or w.em_d == NULL or w.em_col == NULL or w.em_lp == NULL:
            raise MemoryError()
        total = 0
        for i in range(n):
            w.em_off[i] = total
            em = probs[i]
            pos = 0
            while PyDict_Next(<dict> em, &pos, &key, &val):
                if type(<object> key) is not int:
                    return False
                t = PyLong_AsLongAndOverflow(<object> key, &overflow)
                if overflow or t < self.lo or t >= self.lo + self.span:
                    return False
                d = self.dense[t - self.lo]
                if d < 0 or (type(<object> val) is not float and type(<object> val) is not _FLOAT64):
                    return False
                e = PyFloat_AS_DOUBLE(<object> val)
                if e != e or e == INFINITY:  # (so that no total is ever NaN)
                    return False
                w.em_d[total] = d
                w.em_col[total] = d if d < self.C else -1
                w.em_lp[total] = e
                total += 1
        w.em_off[n] = total
        return True

    cdef int _keep(self, Work *w, Py_ssize_t cells, Py_ssize_t need) except -1:
        """Room for ``need`` more history cells after the first ``cells``."""
        cdef Py_ssize_t cap
        if cells + need <= w.hist_cap:
            return 0
        cap = max(2 * w.hist_cap, cells + need, 256)
        w.hist_state = <int *> realloc(w.hist_state, cap * sizeof(int))
        w.hist_from = <int *> realloc(w.hist_from, cap * sizeof(int))
        if w.hist_state == NULL or w.hist_from == NULL:
            raise MemoryError()
        w.hist_cap = cap
        return 0

    cdef object _tag(self, Work *w, list sent, dict wcache, object wprobs):
        """Python's ``_viterbi`` for one sentence; ``None`` where the emissions are not plain."""
        cdef Py_ssize_t n = len(sent)
        if not self._emissions(w, sent, wcache, wprobs):
            return None
        w.hist_off = <int *> realloc(w.hist_off, (n + 1) * sizeof(int))
        if w.hist_off == NULL:
            raise MemoryError()
        cdef int T = self.T, C = self.C, beam = self.beam, end_d = self.end_d
        cdef Py_ssize_t i, j, k, ncur, nb, cells = 0, ntop, m
        cdef int state, tag, c, col, row, nxt, prev, e0, e1
        cdef double score, total, cut, best_e, v, lp
        cdef list tags
        w.cur_state[0] = self.start_state
        w.cur_score[0] = 0.0
        ncur = 1
        for i in range(n):
            e0 = w.em_off[i]
            e1 = w.em_off[i + 1]
            nb = 0
            for j in range(ncur):
                state = w.cur_state[j]
                score = w.cur_score[j]
                row = self.rowof[state]
                if row < 0:  # no follow-up dict (or an empty one)
                    continue
                tag = state % T
                if e1 > e0:
                    for k in range(e0, e1):
                        col = w.em_col[k]
                        if col < 0 or not self.has[row * C + col]:
                            continue
                        total = score + (self.lp[row * C + col] + w.em_lp[k])
                        nxt = tag * T + w.em_d[k]
                        nb = _offer(w, nb, nxt, total, state)
                else:
                    for k in range(self.fo_off[row], self.fo_off[row + 1]):
                        total = score + self.fo_lp[k]
                        nxt = tag * T + self.fo_d[k]
                        nb = _offer(w, nb, nxt, total, state)
            for k in range(nb):
                w.slot[w.nb_state[k]] = -1
            if nb == 0:  # no transition fits: the word's best single tag after the best state
                if e1 > e0:
                    c = w.em_d[e0]
                    best_e = w.em_lp[e0]
                    for k in range(e0 + 1, e1):
                        if w.em_lp[k] > best_e:
                            best_e = w.em_lp[k]
                            c = w.em_d[k]
                else:
                    c = self.xy_d
                prev = 0
                for j in range(1, ncur):
                    if w.cur_score[j] > w.cur_score[prev]:
                        prev = j
                w.nb_state[0] = (w.cur_state[prev] % T) * T + c
                w.nb_score[0] = w.cur_score[prev]
                w.nb_from[0] = w.cur_state[prev]
                nb = 1
            self._keep(w, cells, nb)
            w.hist_off[i] = cells
            if nb > beam:  # keep the cells whose total is >= the beam-th largest, in order
                ntop = 0
                for k in range(nb):
                    v = w.nb_score[k]
                    if ntop < beam:
                        m = ntop
                        ntop += 1
                    elif v > w.top[beam - 1]:
                        m = beam - 1
                    else:
                        continue
                    while m > 0 and w.top[m - 1] < v:
                        w.top[m] = w.top[m - 1]
                        m -= 1
                    w.top[m] = v
                cut = w.top[beam - 1]
                ncur = 0
                for k in range(nb):
                    if w.nb_score[k] >= cut:
                        w.cur_state[ncur] = w.nb_state[k]
                        w.cur_score[ncur] = w.nb_score[k]
                        w.hist_state[cells] = w.nb_state[k]
                        w.hist_from[cells] = w.nb_from[k]
                        cells += 1
                        ncur += 1
            else:
                for k in range(nb):
                    w.cur_state[k] = w.nb_state[k]
                    w.cur_score[k] = w.nb_score[k]
                    w.hist_state[cells] = w.nb_state[k]
                    w.hist_from[cells] = w.nb_from[k]
                    cells += 1
                ncur = nb
        w.hist_off[n] = cells
        # the final choice: the first best state with ``end`` after it, else the first best one
        j = 0
        cut = -INFINITY
        for k in range(ncur):
            row = self.rowof[w.cur_state[k]]
            v = w.cur_score[k] + (self.end_lp[row] if row >= 0 else -INFINITY)
            if k == 0 or v > cut:
                cut = v
                j = k
        if cut == -INFINITY:
            j = 0
            for k in range(1, ncur):
                if w.cur_score[k] > w.cur_score[j]:
                    j = k
        state = w.cur_state[j]
        tags = [0] * n
        for i in range(n - 1, -1, -1):
            tags[i] = self.tagint[state % T]
            for k in range(w.hist_off[i], w.hist_off[i + 1]):
                if w.hist_state[k] == state:
                    state = w.hist_from[k]
                    break
        return tags
