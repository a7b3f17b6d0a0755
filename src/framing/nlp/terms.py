"""One term selector: which tokens count as which term, for every instrument that needs terms.

Co-occurrence networks (:func:`framing.cooccurrence`) and topic models
(:class:`framing.topics.Terms`) both call :func:`select_terms`, so the same settings give the
same vocabulary (docs/reference/parameters.md):

``stopwords``
    The stopword list used. ``None`` (default): the tokens flagged ``is_stop`` at annotation
    (the shipped list, or the list given to :func:`framing.annotate`). A collection of words:
    that list instead of the flag; a token is a stopword when its lower-cased lemma, form or
    term is in it (the rule :func:`framing.annotate` uses for the flag). ``False``: no
    stopwords (``True`` is the same as ``None``).
``stopwords_extra`` / ``stopwords_remove``
    Words added to / taken from that list (same matching rule).
``pos``
    Universal POS tags to keep; ``None`` keeps all; ``"auto"``: nouns, proper nouns and
    adjectives where the tokens carry POS tags, no filter otherwise.
``lowercase``
    ``False``: spellings apart; ``True``: lower-cased terms; ``"merge"``: case variants are one
    term, spelled as most often in the selection ("Neu"/"neu" → "neu", "övp"/"ÖVP" → "ÖVP").
``compounds``
    ``"keep"`` a compound as itself, ``"head"`` as its head ("Flüchtlingsunterkunft" →
    "Unterkunft"), ``"parts"`` as all its parts at the token's position.
``min_count`` / ``min_df`` / ``max_df`` / ``max_terms``
    Term frequency (tokens), fewest / most documents (an int is a count, a float a share of the
    documents, ``"auto"`` 0.5 % of them, at least 2 and at most 20), and the most frequent
    terms kept (:func:`keep_terms`).

Punctuation is never a term. The result, :class:`Selection`, is an integer view: one entry
per selected token (several for split compounds), its term id, document, sentence, position
and table row; tokens that are not selected keep their positions, so windows and bigrams never
stretch over a removed word.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing.errors import InputError, ParameterError, check_choice
from framing.nlp.codes import column_codes, value_mask

if TYPE_CHECKING:  # pragma: no cover
    from framing.nlp.tokens import Tokens

COMPOUND_MODES = ("keep", "head", "parts")
#: parts of speech kept by ``pos="auto"`` when the tokens are tagged
CONTENT_POS: tuple[str, ...] = ("NOUN", "PROPN", "ADJ")


@dataclass
class Selection:
    """Integer view of the selected terms: one entry per token (several for split compounds).

    ``ids`` is -1 for entries that are not counted; ``doc``, ``sent``, ``position`` are the
    entry's document index (into ``doc_ids``), corpus-wide sentence index and position in its
    document; ``row`` the token's row in the token table. ``case_map`` is the spelling learnt
    by ``lowercase="merge"`` (lower-case term → spelling), else None.
    """

    ids: np.ndarray
    vocab: np.ndarray
    doc: np.ndarray
    sent: np.ndarray
    position: np.ndarray
    doc_ids: list[str]
    upos: np.ndarray | None = None       # tag code per entry, -1 = none
    upos_tags: np.ndarray | None = None  # code -> tag
    row: np.ndarray | None = None        # token table row per entry
    case_map: dict[str, str] | None = None

    def subset(self, entries: np.ndarray) -> "Selection":
        return Selection(self.ids[entries], self.vocab, self.doc[entries], self.sent[entries],
                         self.position[entries], self.doc_ids,
                         None if self.upos is None else self.upos[entries], self.upos_tags,
                         None if self.row is None else self.row[entries], self.case_map)

    def compact(self, keep_terms: np.ndarray) -> "Selection":
        """Keep only the terms where ``keep_terms`` is True (others become -1); positions stay."""
        if len(keep_terms) == 0:
            return self
        new_index = np.cumsum(keep_terms) - 1
        ids = np.where(self.ids >= 0, self.ids, 0)
        ids = np.where((self.ids >= 0) & keep_terms[ids], new_index[ids], -1)
        return Selection(ids, self.vocab[keep_terms], self.doc, self.sent, self.position, self.doc_ids,
                         self.upos, self.upos_tags, self.row, self.case_map)

    def frequencies(self) -> tuple[np.ndarray, np.ndarray]:
        """``(tokens, documents)`` per term of :attr:`vocab`."""
        V = len(self.vocab)
        valid = self.ids >= 0
        freq = np.bincount(self.ids[valid], minlength=V).astype(np.int64) if V else np.zeros(0, np.int64)
        return freq, doc_freq(self.ids[valid], self.doc[valid], V)


# -- settings ------------------------------------------------------------------------------
def as_list(x: str | Iterable[str] | None) -> list[str] | None:
    if x is None:
        return None
    return [x] if isinstance(x, str) else list(x)


def _words(name: str, words: Iterable[str] | None) -> frozenset[str]:
    if words is None:
        return frozenset()
    if isinstance(words, str):
        raise ParameterError(f"{name} takes a collection of words, not a single string: {name}=[{words!r}]")
    return frozenset(str(w).strip().lower() for w in words if str(w).strip())


def check_lowercase(lowercase: Any) -> None:
    if not (lowercase is True or lowercase is False or lowercase == "merge"):
        raise ParameterError(f"lowercase must be True, False or 'merge', got {lowercase!r}")


def check_frequency(min_count: Any = 1, min_df: Any = 1, max_df: Any = None, max_terms: Any = None) -> None:
    """Reject bad ``min_count`` / ``min_df`` / ``max_df`` / ``max_terms`` (:func:`keep_terms`)."""
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ParameterError(f"min_count must be a positive integer (tokens), got {min_count!r}")
    if max_terms is not None and (isinstance(max_terms, bool) or not isinstance(max_terms, (int, np.integer))
                                  or max_terms < 1):
        raise ParameterError(f"max_terms must be a positive integer or None, got {max_terms!r}")
    for name, v in (("min_df", min_df), ("max_df", max_df)):
        if v is None and name == "max_df":
            continue
        if isinstance(v, str):
            if name == "min_df" and v == "auto":
                continue
            raise ParameterError(f"{name} must be a count, a fraction{' or auto' if name == 'min_df' else ''}, "
                                 f"got {v!r}")
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise ParameterError(f"{name} must be a count or a fraction, got {v!r}")
        if isinstance(v, (float, np.floating)) and not 0.0 < v <= 1.0:
            raise ParameterError(f"{name} as a fraction must be in (0, 1], got {v}")
        if isinstance(v, (int, np.integer)) and v < 1:
            raise ParameterError(f"{name} as a document count must be >= 1, got {v}")


def auto_min_df(n_docs: int) -> int:
    """``min_df="auto"``: 0.5 % of the documents, at least 2 and at most 20.

    A term in fewer documents cannot characterise a topic (with k topics of a few percent of the
    corpus each) but inflates the vocabulary and the noise; the cap of 20 keeps the vocabulary
    of small subjects in large corpora. 514 articles → 3, 2,000 → 10, 4,000 and more → 20.
    """
    return int(min(20, max(2, int(np.ceil(0.005 * n_docs)))))


def _limits_df(min_df: Any) -> bool:
    """Whether ``min_df`` removes anything (the int 1 does not; the share 1.0 does)."""
    return not (isinstance(min_df, (int, np.integer)) and not isinstance(min_df, bool) and min_df == 1)


def _as_docs(value: int | float | str, n_docs: int) -> float:
    if isinstance(value, str):  # "auto"
        return float(auto_min_df(n_docs))
    if isinstance(value, (float, np.floating)):
        return float(value) * n_docs
    return float(value)


# -- which tokens --------------------------------------------------------------------------
def _in_list(table: pd.DataFrame, words: frozenset[str], columns: Sequence[str]) -> np.ndarray:
    """Tokens whose lower-cased value in one of ``columns`` is in ``words`` (one test per
    distinct value, on the table's codes: :func:`framing.nlp.codes.value_mask`)."""
    hit = np.zeros(len(table), dtype=bool)
    if not words or not len(table):
        return hit
    for col in dict.fromkeys(columns):
        if col in table.columns:
            hit |= value_mask(table, col, lambda v: v.lower() in words)
    return hit


def stopword_mask(table: pd.DataFrame, stopwords: bool | Iterable[str] | None = None,
                  stopwords_extra: Iterable[str] | None = (), stopwords_remove: Iterable[str] | None = (),
                  column: str = "lemma") -> np.ndarray:
    """True for the tokens that are stopwords under these settings (module docs)."""
    flag = table["is_stop"].fillna(False).to_numpy(dtype=bool) if "is_stop" in table.columns \
        else np.zeros(len(table), dtype=bool)
    columns = ("text", "lemma", column)
    if stopwords is None or stopwords is True:
        stop = flag
    elif stopwords is False:
        stop = np.zeros(len(table), dtype=bool)
    else:
        stop = _in_list(table, _words("stopwords", stopwords), columns)
        changed = int((flag & ~stop & ~table["is_punct"].fillna(False).to_numpy(dtype=bool)).sum()) \
            if "is_punct" in table.columns else int((flag & ~stop).sum())
        if changed:
            warnings.warn(
                f"stopwords=[...] is the stopword list used (as in annotate), no longer words added to the "
                f"is_stop flag: {changed} flagged tokens that are not in your list are kept now. To drop your "
                "words in addition to the flagged ones, as before, pass stopwords_extra=[...] instead",
                FutureWarning, stacklevel=4)
    extra = _words("stopwords_extra", stopwords_extra)
    if extra:
        stop = stop | _in_list(table, extra, columns)
    remove = _words("stopwords_remove", stopwords_remove)
    if remove:
        stop = stop & ~_in_list(table, remove, columns)
    return stop


def _tagged(table: pd.DataFrame) -> bool:
    """Whether the tokens carry POS tags (some ``upos`` value)."""
    return len(table) > 0 and "upos" in table.columns and bool((column_codes(table, "upos")[0] >= 0).any())


def resolve_pos(table: pd.DataFrame, pos: str | Iterable[str] | None) -> list[str] | None:
    """The POS tags to keep (``"auto"``: :data:`CONTENT_POS` where the tokens are tagged)."""
    tagged = _tagged(table)
    if pos == "auto":
        return list(CONTENT_POS) if tagged else None
    pos_list = as_list(pos)
    if pos_list and len(table) and not tagged:
        raise InputError("a POS filter was given but the tokens have no POS tags; annotate with "
                         "a profile that tags POS (e.g. profile='full') or use pos=None")
    return pos_list or None


def token_mask(tokens: "Tokens", *, column: str = "lemma", pos: str | Iterable[str] | None = None,
               stopwords: bool | Iterable[str] | None = None, stopwords_extra: Iterable[str] | None = (),
               stopwords_remove: Iterable[str] | None = (),
               mask: np.ndarray | pd.Series | None = None) -> np.ndarray:
    """Bool per token: not punctuation, not a stopword, of a kept POS, and in ``mask``."""
    t = tokens.table
    if column not in t.columns:
        raise InputError(f"no token column {column!r}; columns are {list(t.columns)}")
    sel = ~t["is_punct"].fillna(False).to_numpy(dtype=bool) if "is_punct" in t.columns \
        else np.ones(len(t), dtype=bool)
    sel &= ~stopword_mask(t, stopwords, stopwords_extra, stopwords_remove, column)
    pos_list = resolve_pos(t, pos)
    if pos_list:
        keep = frozenset(pos_list)
        sel &= value_mask(t, "upos", keep.__contains__)
    if mask is not None:
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (len(t),):
            raise ParameterError(f"mask must have one value per token ({len(t)}), got shape {mask.shape}")
        sel &= mask
    return sel


# -- the selector --------------------------------------------------------------------------
def select_terms(tokens: "Tokens", *, column: str = "lemma", lowercase: bool | str = False,
                 pos: str | Iterable[str] | None = None, stopwords: bool | Iterable[str] | None = None,
                 stopwords_extra: Iterable[str] | None = (), stopwords_remove: Iterable[str] | None = (),
                 compounds: str = "keep", vocabulary: Iterable[str] | None = None,
                 mask: np.ndarray | pd.Series | None = None, min_count: int = 1, min_df: int | float | str = 1,
                 max_df: int | float | None = None, max_terms: int | None = None,
                 case_map: dict[str, str] | None = None) -> Selection:
    """Decide which tokens count as which term (module docs for the settings).

    ``vocabulary`` fixes the terms (in this order; others are not selected, no pruning);
    ``mask`` (bool per token) selects tokens; ``case_map`` spells merged case variants as
    learnt before (``lowercase="merge"`` on new tokens; unknown terms keep their spelling).
    """
    check_choice("compounds", compounds, COMPOUND_MODES)
    check_lowercase(lowercase)
    check_frequency(min_count, min_df, max_df, max_terms)
    t = tokens.table
    sel = token_mask(tokens, column=column, pos=pos, stopwords=stopwords, stopwords_extra=stopwords_extra,
                     stopwords_remove=stopwords_remove, mask=mask)
    lower = lowercase is True
    view = tokens.ids(column, lowercase=lower, mask=sel)
    ids, vocab = view.ids, view.vocab
    doc, sent, position = view.doc_index, view.sent_index, view.position
    row = np.arange(len(t), dtype=np.int64)

    upos: np.ndarray | None = None
    tags: np.ndarray | None = None
    if _tagged(t):  # the tag codes of the table (in order of first appearance, -1 untagged)
        codes, uniques = column_codes(t, "upos")
        upos, tags = codes.astype(np.int16), np.asarray(uniques.to_pylist(), dtype=object)

    if compounds != "keep" and len(t):
        split = _compound_entries(t, sel, ids, vocab, compounds, lower)
        if split is not None:
            row, ids, vocab = split
            doc, sent, position = doc[row], sent[row], position[row]
            if upos is not None:
                upos = upos[row]

    selection = Selection(ids.astype(np.int64, copy=False), np.asarray(vocab, dtype=object), doc, sent, position,
                          list(view.doc_ids), upos, tags, row)
    if lowercase == "merge":
        selection = _merge_case(selection, case_map)

    if vocabulary is not None:
        fixed = pd.Index(list(dict.fromkeys(vocabulary)), dtype=object)
        where = np.r_[fixed.get_indexer(pd.Index(selection.vocab, dtype=object)), -1]  # the extra -1 serves id -1
        return Selection(where[selection.ids].astype(np.int64), np.asarray(fixed, dtype=object), selection.doc,
                         selection.sent, selection.position, selection.doc_ids, selection.upos,
                         selection.upos_tags, selection.row, selection.case_map)

    if len(selection.vocab) and (min_count > 1 or _limits_df(min_df) or max_df is not None or max_terms is not None):
        freq, dfreq = selection.frequencies()
        n_docs = len(tokens.docs)  # a share of min_df/max_df: of all documents, as in topic models
        selection = selection.compact(keep_terms(freq, dfreq, min_count, min_df, max_terms,
                                                 max_df=max_df, n_docs=n_docs))
    return selection


#: the compound matches a lexicon matcher (othering, frames) makes in each ``compounds`` mode:
#: a compound counts as itself (``"keep"``: no head or modifier matching), as its head
#: (``"head"``: head matching only) or as its parts (``"parts"``: head and modifier, the default)
MATCH_COMPOUNDS: dict[str, tuple[str, ...]] = {"keep": (), "head": ("head",), "parts": ("head", "modifier")}
#: the term settings of the lexicon matchers (othering, frames) by default: every token may match
MATCH_DEFAULTS: dict[str, Any] = {"stopwords": False, "stopwords_extra": [], "stopwords_remove": [], "pos": None,
                                  "compounds": "parts", "min_count": 1, "min_df": 1}


def match_targets(tokens: "Tokens", *, stopwords: bool | Iterable[str] | None = False,
                  stopwords_extra: Iterable[str] | None = (), stopwords_remove: Iterable[str] | None = (),
                  pos: str | Iterable[str] | None = None, compounds: str = "parts", min_count: int = 1,
                  min_df: int | float | str = 1, vocabulary: Iterable[str] | None = None) -> np.ndarray | None:
    """The tokens a lexicon or codebook entry may match: bool per token, or None where every
    token may (the matchers' defaults: no stopwords, all POS, no frequency threshold).

    The same selector as co-occurrence and topics decides: a token is a match target when
    :func:`select_terms` with these settings keeps it (not punctuation, not a stopword, of a
    kept POS, and its term, after ``compounds``, passing ``min_count``/``min_df``). Which
    compound matches are made at all is ``compounds`` too (:data:`MATCH_COMPOUNDS`, applied by
    :func:`framing.matching.engine.restrict`). Only match targets are filtered: the context
    rules (negation, quotation, newcomer cues) still read every token. ``vocabulary``: the terms
    that passed ``min_count``/``min_df`` already (counted over all parts of a corpus,
    :mod:`framing.scale.scores`); a token is a target when its term is one of them."""
    check_choice("compounds", compounds, COMPOUND_MODES)
    check_frequency(min_count, min_df)
    no_stop = stopwords is False or (stopwords is not None and stopwords is not True
                                     and not _words("stopwords", stopwords))
    frequency = min_count > 1 or _limits_df(min_df) or vocabulary is not None
    if no_stop and not _words("stopwords_extra", stopwords_extra) and pos is None and not frequency:
        return None
    settings = dict(pos=pos, stopwords=stopwords, stopwords_extra=stopwords_extra,
                    stopwords_remove=stopwords_remove)
    with warnings.catch_warnings():
        # the FutureWarning about lists that used to add to the is_stop flag concerns co-occurrence
        # and topics; a matcher never took a stopword list before
        warnings.filterwarnings("ignore", message="stopwords=\\[...\\] is the stopword list used",
                                category=FutureWarning)
        if not frequency:
            return token_mask(tokens, **settings)  # type: ignore[arg-type]
        sel = select_terms(tokens, compounds=compounds, min_count=min_count, min_df=min_df, vocabulary=vocabulary,
                           **settings)  # type: ignore[arg-type]
    out = np.zeros(len(tokens.table), dtype=bool)
    out[sel.row[sel.ids >= 0]] = True  # type: ignore[index]
    return out


def _compound_entries(t: pd.DataFrame, sel: np.ndarray, ids: np.ndarray, vocab: np.ndarray, compounds: str,
                      lower: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """``compounds="head"``/``"parts"``: ``(row, term id, vocabulary)`` per entry, a selected
    compound as its head or as one entry per part (in order, at the token's row), every other
    token as one entry with its term; terms numbered in sorted order, an empty term not counted.
    None where no selected token is a compound. Works on the table's codes of the compound column
    (:func:`framing.nlp.codes.column_codes`): the heads or parts are split and lower-cased once
    per distinct value, never per token."""
    col = "compound_head" if compounds == "head" else "compound_parts"
    if col not in t.columns:
        return None
    ccodes, cvalues = column_codes(t, col)
    is_comp = sel & (ccodes >= 0)
    if not is_comp.any():
        return None
    distinct = [str(v) for v in cvalues.to_pylist()]
    if lower:
        distinct = [v.lower() for v in distinct]
    pieces = [v.split("|") for v in distinct] if compounds == "parts" else [[v] for v in distinct]
    n_pieces = np.array([len(p) for p in pieces], dtype=np.int64)
    first_piece = np.concatenate([[0], np.cumsum(n_pieces)[:-1]]).astype(np.int64)
    comp_rows = np.flatnonzero(is_comp)
    comp_code = ccodes[comp_rows].astype(np.int64)
    counts = np.ones(len(t), dtype=np.int64)
    counts[comp_rows] = n_pieces[comp_code]
    row = np.repeat(np.arange(len(t), dtype=np.int64), counts)
    start = np.cumsum(counts) - counts                       # first entry of each row
    # each entry's term as a code into [vocabulary, then every piece of every distinct value]
    V = len(vocab)
    code = np.full(len(row), -1, dtype=np.int64)
    plain = ~is_comp & (ids >= 0)
    code[start[plain]] = ids[plain]
    k = counts[comp_rows]
    within = np.arange(int(k.sum()), dtype=np.int64) - np.repeat(np.cumsum(k) - k, k)
    code[np.repeat(start[comp_rows], k) + within] = V + np.repeat(first_piece[comp_code], k) + within
    strings = np.array([*vocab.tolist(), *(x for p in pieces for x in p)], dtype=object)
    used = np.unique(code[code >= 0])
    used = used[strings[used] != ""]
    terms, new = np.unique(strings[used], return_inverse=True)   # sorted as Python sorts str
    lut = np.full(len(strings) + 1, -1, dtype=np.int64)         # the extra -1 serves code -1
    lut[used] = new.ravel()
    return row, lut[code], np.asarray(terms, dtype=object)


def _merge_case(sel: Selection, case_map: dict[str, str] | None) -> Selection:
    """``lowercase="merge"``: one term per lower-cased spelling, spelled as most often (ties:
    alphabetical), or as ``case_map`` says."""
    if not len(sel.vocab):
        return Selection(sel.ids, sel.vocab, sel.doc, sel.sent, sel.position, sel.doc_ids, sel.upos,
                         sel.upos_tags, sel.row, dict(case_map or {}))
    forms = pd.Series(sel.vocab, dtype=object).astype(str)
    keys = forms.str.lower()
    if case_map is None:
        case_map = learn_case_map(forms, sel.frequencies()[0])
    mapped = keys.map(case_map)
    spelled = mapped.where(mapped.notna(), forms).to_numpy(dtype=object)
    codes, vocab = pd.factorize(spelled, sort=True)
    ids = np.where(sel.ids >= 0, codes[np.maximum(sel.ids, 0)], -1).astype(np.int64)
    return Selection(ids, np.asarray(vocab, dtype=object), sel.doc, sel.sent, sel.position, sel.doc_ids,
                     sel.upos, sel.upos_tags, sel.row, case_map)


def learn_case_map(forms: Sequence[str] | pd.Series | pd.Index, freq: np.ndarray) -> dict[str, str]:
    """``lowercase="merge"``: lower-case term → its most frequent spelling among ``forms``
    (``freq``: tokens per form; ties: alphabetical). Summed per-form counts of several parts
    give the map of the whole corpus (the tokens-folder path of topic models)."""
    forms = pd.Series(forms, dtype=object).astype(str).reset_index(drop=True)
    frame = pd.DataFrame({"form": forms, "n": np.asarray(freq), "key": forms.str.lower()})
    frame = frame.sort_values(["key", "n", "form"], ascending=[True, False, True], kind="stable")
    best = frame.drop_duplicates("key", keep="first")
    return dict(zip(best["key"], best["form"]))


def keep_terms(freq: np.ndarray, doc_freq: np.ndarray | None, min_count: int = 1,
               min_df: int | float | str = 1, max_terms: int | None = None, *,
               max_df: int | float | None = None, n_docs: int = 0) -> np.ndarray:
    """Bool per term: passes ``min_count`` (tokens), ``min_df``/``max_df`` (documents: an int is
    a count, a float a share of ``n_docs``, ``"auto"`` :func:`auto_min_df`; ``doc_freq`` is
    needed when either applies) and ``max_terms`` (most frequent first, ties by term order).
    The one pruning rule of :func:`select_terms`, topic models and the partitioned count."""
    V = len(freq)
    keep = freq >= min_count
    if doc_freq is not None:
        if _limits_df(min_df):
            keep &= doc_freq >= _as_docs(min_df, n_docs)
        if max_df is not None:
            keep &= doc_freq <= _as_docs(max_df, n_docs)
    if max_terms is not None and keep.sum() > max_terms:
        order = np.lexsort((np.arange(V), -freq))  # most frequent first, ties by term order
        order = order[keep[order]][:max_terms]
        keep = np.zeros(V, dtype=bool)
        keep[order] = True
    return keep


def doc_freq(ids: np.ndarray, doc: np.ndarray, V: int) -> np.ndarray:
    """Documents per term, from the (doc, term) incidence without duplicates."""
    if ids.size == 0:
        return np.zeros(V, dtype=np.int64)
    # one (document, term) pair per key, the term in the low bits (read back by a mask, not a
    # division); 32-bit keys where they fit (NumPy sorts them twice as fast)
    bits = max(1, (max(V, 1) - 1).bit_length())
    small = int(doc.min()) >= 0 and (int(doc.max()) + 1) << bits <= 1 << 32
    dtype: Any = np.uint32 if small else np.int64
    key: Any = doc.astype(dtype)
    key <<= dtype(bits)
    np.bitwise_or(key, ids, out=key, casting="unsafe")  # 0 <= ids < 2**bits
    key.sort()
    first = np.empty(key.size, dtype=bool)
    first[0] = True
    np.not_equal(key[1:], key[:-1], out=first[1:])
    return np.bincount(key[first] & dtype((1 << bits) - 1), minlength=V).astype(np.int64, copy=False)


def selection_settings(*, column: str, lowercase: bool | str, pos: Any, stopwords: Any, stopwords_extra: Any,
                       stopwords_remove: Any, compounds: str, min_count: int, min_df: Any,
                       max_terms: int | None) -> dict[str, Any]:
    """The term settings as stored in a result's ``settings`` (lists, not tuples or sets)."""
    def listed(v: Any) -> Any:
        return v if v is None or isinstance(v, bool) else sorted(as_list(v) or [])

    return {"column": column, "lowercase": lowercase, "pos": pos if pos == "auto" else as_list(pos),
            "stopwords": listed(stopwords), "stopwords_extra": listed(stopwords_extra) or [],
            "stopwords_remove": listed(stopwords_remove) or [], "compounds": compounds,
            "min_count": min_count, "min_df": min_df, "max_terms": max_terms}


__all__ = ["Selection", "select_terms", "keep_terms", "learn_case_map", "token_mask", "stopword_mask", "resolve_pos",
           "auto_min_df", "doc_freq", "match_targets", "COMPOUND_MODES", "CONTENT_POS", "MATCH_COMPOUNDS",
           "MATCH_DEFAULTS"]
