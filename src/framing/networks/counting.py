"""Co-occurrence counting over integer token ids, and the :class:`Cooccurrence` result.

Three counting units (the *events* of the contingency tables in :mod:`.measures`):

``"sentence"`` / ``"document"``
    Two terms co-occur when both occur in the same sentence (document). The count of a pair is
    the number of units that contain both; a term repeated inside a unit counts once. The
    marginal of a term is the number of units that contain it, and ``N`` is the number of units
    (sentences or documents in the token table, including those where no term was selected).

``"window"``
    Two tokens co-occur when they are at most ``window - 1`` positions apart in the same
    document (``window=2``: direct neighbours only; ``window=5``: up to 4 tokens apart), or in
    the same sentence with ``within_sentence=True``. Positions are those of the original text:
    removed stopwords and punctuation keep their places, so a window never silently stretches
    over them. Every pair of token *positions* counts once, so a term repeated inside a window
    counts once per position pair ("Flüchtling Chance Flüchtling" → (Chance, Flüchtling) = 2).
    Two occurrences of the same term never pair with each other (there are no self-loops).
    The marginal of a term is the number of position pairs it takes part in (the row sum of the
    symmetric count matrix), and ``N`` is the sum of all marginals (twice the number of
    position pairs); see :mod:`.measures` for why this gives a proper 2x2 table.

Counting is vectorised over integer ids, never a Python loop over tokens or pairs: windows by
shifted arrays (one NumPy pass per offset), units by pairing each unit's sorted distinct terms
by offset (the upper triangle of ``XᵀX`` for the binary unit-by-term matrix ``X``). The pairs
are summed by :class:`_PairSink` in bands of rows (radix partition, then a 32-bit sort and
run-length count per band), which keeps the time linear in the corpus size. Only the upper
triangle is stored.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing._compat import renamed_params
from framing.errors import InputError, ParameterError, check_choice, check_positive
from framing.networks import measures as M
from framing.nlp.terms import COMPOUND_MODES, Selection, as_list, doc_freq, keep_terms, select_terms, selection_settings

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from framing.nlp.tokens import Tokens

UNITS = ("sentence", "document", "window")
Unit = Literal["sentence", "document", "window"]

#: tokens per chunk of window counting; pairs per chunk stay around (window - 1) times this
CHUNK_TOKENS = 1 << 21
#: unit-by-term entries per chunk of unit counting (small enough for the CPU cache)
CHUNK_TERMS = 1 << 18
#: pairs a band of rows may buffer before it is counted early (bounds memory)
CHUNK_PAIRS = 1 << 23
#: expected pairs per band of rows when pairs are summed (keeps sorts cache-sized)
BAND_PAIRS = 1 << 18


def _bar(total: int, progress: bool, desc: str, unit: str = "tok"):
    from tqdm.auto import tqdm

    # disable=None: shown on a terminal, silent when piped; TQDM_DISABLE=1 silences it too
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, disable=None if progress else True,
                leave=False)


# -- the result ----------------------------------------------------------------------------
@dataclass(eq=False)
class Cooccurrence:
    """Co-occurrence counts of a corpus: the input of association measures and networks.

    ``upper`` holds the joint frequencies as the strict upper triangle of a ``V x V`` sparse
    matrix (``[i, j]`` for ``i < j``, half the memory of the full matrix); :attr:`counts` gives
    the symmetric matrix (zero diagonal). ``vocab`` are the terms (``vocab[i]`` is row and
    column ``i``). Per term: ``term_freq`` (tokens counted), ``doc_freq`` (documents it occurs
    in), ``marginals`` (events it takes part in: units for sentence/document, position pairs
    for window). ``n_units`` is the number of
    sentences/documents, or of (unordered) position pairs for windows; ``n`` the contingency
    total N (see module docs). ``pos`` is the most frequent UPOS tag per term (``""`` if the
    tokens carry none).
    """

    upper: sp.csr_matrix
    vocab: np.ndarray
    term_freq: np.ndarray
    doc_freq: np.ndarray
    marginals: np.ndarray
    n_units: int
    unit: str
    window: int | None = None
    pos: np.ndarray | None = None
    n_docs: int = 0
    n_tokens: int = 0
    settings: dict[str, Any] = field(default_factory=dict)
    #: the tokens counted and the token mask used (for :meth:`pair_evidence`); None after
    #: loading or adding counts of different tokens
    tokens: "Tokens | None" = field(default=None, repr=False)
    mask: np.ndarray | None = field(default=None, repr=False)

    # -- basics ------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        """The contingency total N: units (sentence/document) or twice the pairs (window)."""
        return 2 * self.n_units if self.unit == "window" else self.n_units

    @property
    def n_terms(self) -> int:
        return len(self.vocab)

    def __len__(self) -> int:
        return len(self.vocab)

    def __repr__(self) -> str:
        unit = f"window={self.window}" if self.unit == "window" else f"unit={self.unit}"
        return (f"<Cooccurrence {unit}: {self.n_terms} terms, {self.n_pairs} pairs, "
                f"N={self.n} from {self.n_tokens} tokens in {self.n_docs} documents>")

    @cached_property
    def _index(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.vocab.tolist())}

    def index(self, term: str) -> int:
        """Row of ``term`` in the matrix; ``KeyError`` naming close matches if absent."""
        try:
            return self._index[term]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(term, list(self._index), n=5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise KeyError(f"term {term!r} is not in the co-occurrence vocabulary{hint}") from None

    def __contains__(self, term: object) -> bool:
        return term in self._index

    @cached_property
    def counts(self) -> sp.csr_matrix:
        """The symmetric ``V x V`` count matrix (zero diagonal), built from :attr:`upper` on
        first use."""
        return (self.upper + self.upper.T).tocsr()

    @cached_property
    def _pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        upper = self.upper
        upper.sum_duplicates()
        rows = np.repeat(np.arange(upper.shape[0], dtype=np.int64), np.diff(upper.indptr))
        return rows, upper.indices.astype(np.int64), upper.data.astype(np.int64)

    def row(self, term: str | int) -> tuple[np.ndarray, np.ndarray]:
        """``(neighbour indices, counts)`` of one term, sorted by neighbour."""
        t = self.index(term) if isinstance(term, str) else int(term)
        r = self.upper.getrow(t)
        c = self.upper.getcol(t).tocsc()
        idx = np.concatenate([c.indices, r.indices]).astype(np.int64)
        val = np.concatenate([c.data, r.data]).astype(np.int64)
        order = np.argsort(idx, kind="stable")
        return idx[order], val[order]

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(i, j, count)`` of every co-occurring pair once (``i < j``), sorted by ``(i, j)``."""
        return self._pairs

    @property
    def n_pairs(self) -> int:
        """Number of distinct co-occurring term pairs."""
        return int(self.upper.nnz)

    # -- measures ----------------------------------------------------------------------------
    def contingency(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """``(O11, R1, C1, N)`` for every pair of :meth:`pairs` (see :mod:`.measures`)."""
        i, j, o11 = self._pairs
        return o11, self.marginals[i], self.marginals[j], self.n

    def measure(self, name: str) -> np.ndarray:
        """Association measure ``name`` (count, pmi, npmi, g2, dice, log_dice, t, chi2) for every
        pair of :meth:`pairs`, as a float array aligned with it."""
        return M.compute(name, *self.contingency())

    def p_values(self, test: str = "g2") -> np.ndarray:
        """p-value of every pair's association (``"g2"``, ``"chi2"`` or one-sided ``"fisher"``)."""
        return M.p_value(test, *self.contingency())

    def matrix(self, measure: str = "count") -> sp.csr_matrix:
        """Symmetric sparse ``V x V`` matrix of ``measure`` on the co-occurring pairs."""
        if M.resolve(measure) == "count":
            return self.counts.copy()
        i, j, _ = self._pairs
        v = self.measure(measure)
        V = self.n_terms
        upper = sp.csr_matrix((v, (i, j)), shape=(V, V))
        return (upper + upper.T).tocsr()

    # -- tables ------------------------------------------------------------------------------
    def terms(self) -> pd.DataFrame:
        """One row per term: frequency, document frequency, marginal (events) and POS."""
        return pd.DataFrame({
            "term": pd.array(self.vocab.tolist(), dtype="string"),
            "frequency": self.term_freq.astype(np.int64),
            "doc_freq": self.doc_freq.astype(np.int64),
            "marginal": self.marginals.astype(np.int64),
            "pos": pd.array(self.pos.tolist() if self.pos is not None else [""] * self.n_terms,
                            dtype="string"),
        })

    @renamed_params(min_count="min_pair_count")
    def to_frame(self, measures: str | Iterable[str] = ("count", "npmi"), *, min_pair_count: int = 1,
                 test: str | None = None, alpha: float | None = None, attraction_only: bool = False,
                 terms: str | Iterable[str] | None = None, contingency: bool = False,
                 sort: str | None = None) -> pd.DataFrame:
        """Edge table: ``source``, ``target``, ``count`` and the chosen measures, one row per pair.

        ``min_pair_count`` drops rare pairs; ``terms`` keeps pairs that involve one of these terms;
        ``attraction_only`` keeps pairs seen more often than expected (O11 > E11); ``test``
        (g2/chi2/fisher) adds ``p`` and the Benjamini–Hochberg ``q`` (the family: all pairs
        that pass ``min_pair_count`` and ``terms``); ``alpha`` keeps attracting pairs with
        ``q < alpha``; ``contingency`` adds the 2x2 cells ``o12``, ``o21``, ``o22`` and ``e11``.
        Sorted by the first measure (or ``sort``), descending.
        """
        requested = [M.resolve(m) for m in _as_list(measures) or []] or ["count"]
        names = list(dict.fromkeys(["count", *requested]))
        i, j, o11 = self._pairs
        keep = o11 >= min_pair_count
        if terms is not None:
            wanted = np.zeros(self.n_terms, dtype=bool)
            wanted[[self.index(t) for t in _as_list(terms) or []]] = True
            keep &= wanted[i] | wanted[j]
        i, j, o11 = i[keep], j[keep], o11[keep]
        r1, c1, n = self.marginals[i], self.marginals[j], self.n
        columns: dict[str, Any] = {"source": pd.array(self.vocab[i].tolist(), dtype="string"),
                                   "target": pd.array(self.vocab[j].tolist(), dtype="string")}
        for name in names:
            columns[name] = o11 if name == "count" else M.compute(name, o11, r1, c1, n)
        rows = np.ones(len(o11), dtype=bool)
        if attraction_only or alpha is not None:
            rows &= M.attraction(o11, r1, c1, n)
        if test is not None or alpha is not None:
            columns["p"] = M.p_value(test or "g2", o11, r1, c1, n)
            columns["q"] = M.fdr_bh(columns["p"])
            if alpha is not None:
                rows &= columns["q"] < alpha
        if contingency:
            _, columns["o12"], columns["o21"], columns["o22"] = M.table(o11, r1, c1, n)
            columns["e11"] = M.expected(r1, c1, n)
        out = pd.DataFrame(columns)[rows]
        key = sort if sort and sort in out.columns else M.resolve(sort) if sort else requested[0]
        out = out.sort_values([key, "source", "target"], ascending=[key in ("p", "q"), True, True],
                              kind="stable")
        return out.reset_index(drop=True)

    @renamed_params(top="top_n", min_count="min_pair_count")
    def neighbours(self, term: str, measure: str = "npmi", *, top_n: int | None = 20,
                   min_pair_count: int = 1) -> pd.DataFrame:
        """What ``term`` co-occurs with: ``neighbour``, ``count``, ``share`` (count / the term's
        marginal: the share of the term's sentences, documents or window pairs that contain the
        neighbour) and ``measure``, best first."""
        t = self.index(term)
        nb, o11 = self.row(t)
        keep = o11 >= min_pair_count
        nb, o11 = nb[keep], o11[keep]
        r1 = np.full(len(nb), self.marginals[t])
        name = M.resolve(measure)
        values = M.compute(name, o11, r1, self.marginals[nb], self.n)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(r1 > 0, o11 / r1, 0.0)
        columns: dict[str, Any] = {"term": pd.array([term] * len(nb), dtype="string"),
                                   "neighbour": pd.array(self.vocab[nb].tolist(), dtype="string"),
                                   "count": o11, "share": share}
        if name != "count":
            columns[name] = values
        out = pd.DataFrame(columns).sort_values([name, "neighbour"], ascending=[False, True], kind="stable")
        out = out.reset_index(drop=True)
        return out.head(top_n) if top_n is not None else out

    # -- the result surface (as OtheringResult, FrameResult, TopicModel) ------------------------
    @property
    def table(self) -> pd.DataFrame:
        """The edge table with the default measures (:meth:`to_frame`): one row per pair."""
        return self.to_frame()

    @property
    def by(self) -> list[str] | None:
        """The grouping this count belongs to (``["place"]`` for a group of
        :func:`~framing.networks.compare.cooccurrence_by`, its value in ``settings["group"]``),
        None for the whole corpus."""
        from framing.grouping import resolve_by

        return resolve_by(self.settings.get("by"))

    def pair_evidence(self, a: str, b: str, *, top_n: int | None = 20) -> pd.DataFrame:
        """The sentences behind the count of the pair ``(a, b)``: one KWIC row per sentence of
        a unit in which both occur (``doc_id``, ``sent_id``, ``sentence``, and how often ``a``
        and ``b`` occur in it), in corpus order, the first ``top_n`` (None: all).

        Units as counted: sentences, documents (every sentence of the document that holds ``a``
        or ``b``) or windows (the sentences of both ends of every window pair). Terms are
        selected again with the count's settings, so a compound split by ``compounds="parts"``
        counts as it did. Needs the tokens, which counts keep unless pooled from different
        tokens."""
        if self.tokens is None:
            raise ParameterError("pair_evidence needs the tokens that were counted; this count has none "
                                 "(pooled from different tokens): count again with framing.networks")
        self.index(a), self.index(b)  # KeyError with close matches for an unknown term
        return _pair_evidence(self, a, b, top_n)

    @property
    def evidence(self) -> pd.DataFrame:
        """Evidence of the ten most frequent pairs, three sentences each (columns ``source``,
        ``target`` and those of :meth:`pair_evidence`); the evidence of any pair: :meth:`pair_evidence`."""
        top = self.to_frame("count").head(10)
        parts = [self.pair_evidence(s, t, top_n=3).assign(source=s, target=t)
                 for s, t in zip(top["source"], top["target"])]
        cols = ["source", "target", "doc_id", "sent_id", "sentence", "n_a", "n_b"]
        return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)

    def to_csv(self, outdir: str | Path) -> dict[str, Path]:
        """Write ``edges.csv`` (:attr:`table`), ``terms.csv`` (:meth:`terms`) and
        ``settings.json`` into ``outdir``; returns the paths."""
        import json

        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {"edges": out / "edges.csv", "terms": out / "terms.csv", "settings": out / "settings.json"}
        self.table.to_csv(paths["edges"], index=False)
        self.terms().to_csv(paths["terms"], index=False)
        paths["settings"].write_text(json.dumps(self.settings, indent=2, ensure_ascii=False, default=str) + "\n",
                                     encoding="utf-8")
        return paths

    def plot(self, path: str | Path | None = None, *, measure: str = "npmi", random_state: int | None = 0,
             **kwargs: Any) -> Any:
        """Draw the network (:meth:`to_graph` with ``measure`` and ``kwargs``) with
        :func:`framing.networks.plot.plot_network`; saved to ``path`` if given."""
        from framing.networks.plot import plot_network

        G = self.to_graph(measure, random_state=random_state, **kwargs)
        return plot_network(G, path, random_state=random_state)

    # -- networks ----------------------------------------------------------------------------
    def to_graph(self, measure: str = "npmi", **kwargs: Any) -> "nx.Graph":
        """A ``networkx.Graph`` of the pairs; see :func:`framing.networks.graph.build_graph`."""
        from framing.networks.graph import build_graph

        return build_graph(self, measure=measure, **kwargs)

    # -- combining ---------------------------------------------------------------------------
    def __add__(self, other: "Cooccurrence") -> "Cooccurrence":
        """Pool two counts over disjoint documents on the same vocabulary (e.g. two towns)."""
        if not isinstance(other, Cooccurrence):
            return NotImplemented
        if (self.unit, self.window) != (other.unit, other.window) or not np.array_equal(self.vocab, other.vocab):
            raise ParameterError("can only add co-occurrence counts with the same unit, window and vocabulary")
        pos = self.pos
        if pos is not None and other.pos is not None:
            pos = np.where(self.term_freq >= other.term_freq, pos, other.pos)
        upper = (self.upper + other.upper).tocsr()
        upper.sum_duplicates()
        return Cooccurrence(upper=upper, vocab=self.vocab,
                            term_freq=self.term_freq + other.term_freq,
                            doc_freq=self.doc_freq + other.doc_freq,
                            marginals=self.marginals + other.marginals,
                            n_units=self.n_units + other.n_units, unit=self.unit, window=self.window,
                            pos=pos, n_docs=self.n_docs + other.n_docs,
                            n_tokens=self.n_tokens + other.n_tokens, settings=dict(self.settings),
                            **_pooled_source(self, other))

    def __radd__(self, other: Any) -> "Cooccurrence":
        if other == 0:  # sum([...])
            return self
        return NotImplemented


def _pooled_source(a: Cooccurrence, b: Cooccurrence) -> dict[str, Any]:
    """Tokens and mask of a pooled count: kept when both counted the same tokens."""
    if a.tokens is None or a.tokens is not b.tokens:
        return {}
    if a.mask is None or b.mask is None:
        return {"tokens": a.tokens, "mask": None}
    return {"tokens": a.tokens, "mask": a.mask | b.mask}


def _pair_evidence(c: Cooccurrence, a: str, b: str, top_n: int | None) -> pd.DataFrame:
    """See :meth:`Cooccurrence.pair_evidence`."""
    from framing.matching.engine import TokenArrays
    from framing.matching.evidence import kwic_columns

    s = c.settings
    tokens = c.tokens
    assert tokens is not None  # checked by Cooccurrence.pair_evidence
    sel = select_terms(tokens, column=s.get("column", "lemma"), lowercase=s.get("lowercase", False),
                       pos=s.get("pos"), stopwords=s.get("stopwords"), stopwords_extra=s.get("stopwords_extra", ()),
                       stopwords_remove=s.get("stopwords_remove", ()), compounds=s.get("compounds", "keep"),
                       vocabulary=[a, b], mask=c.mask)
    is_a, is_b = sel.ids == 0, sel.ids == 1
    if c.unit == "window":
        bound = sel.sent if s.get("within_sentence") else sel.doc
        ends_a = pd.DataFrame({"u": bound[is_a], "p": sel.position[is_a], "sa": sel.sent[is_a]})
        ends_b = pd.DataFrame({"u": bound[is_b], "p": sel.position[is_b], "sb": sel.sent[is_b]})
        pairs = ends_a.merge(ends_b, on="u")
        pairs = pairs[(pairs["p_x"] - pairs["p_y"]).abs() < int(c.window or 2)]
        sents = np.union1d(pairs["sa"].to_numpy(), pairs["sb"].to_numpy())
    else:
        key = sel.sent if c.unit == "sentence" else sel.doc
        both = np.intersect1d(key[is_a], key[is_b])
        sents = np.unique(sel.sent[(is_a | is_b) & np.isin(key, both)])
    view = tokens.ids(s.get("column", "lemma"), lowercase=s.get("lowercase") is True)
    rows = np.flatnonzero(np.isin(view.sent_index, sents))
    cols = ["doc_id", "sent_id", "sentence", "n_a", "n_b"]
    if not len(rows):
        return pd.DataFrame({k: pd.Series([], dtype=object if k in ("doc_id", "sentence") else np.int64)
                             for k in cols})
    ta = TokenArrays.of_table(tokens.table.iloc[rows].reset_index(drop=True))
    first = np.flatnonzero(np.r_[True, np.diff(view.sent_index[rows]) != 0])  # first token per sentence
    out = kwic_columns(ta, first, first, width=0, sentence=True)
    order = view.sent_index[rows][first]
    out["n_a"] = np.bincount(np.searchsorted(order, sel.sent[is_a][np.isin(sel.sent[is_a], order)]),
                             minlength=len(order))
    out["n_b"] = np.bincount(np.searchsorted(order, sel.sent[is_b][np.isin(sel.sent[is_b], order)]),
                             minlength=len(order))
    out = out[cols]
    return (out.head(top_n) if top_n is not None else out).reset_index(drop=True)


# -- term selection: one selector for every instrument (framing.nlp.terms) ------------------
_as_list = as_list
_doc_freq = doc_freq


def _main_pos(ids: np.ndarray, upos: np.ndarray | None, tags: np.ndarray | None, V: int) -> np.ndarray | None:
    """The most frequent UPOS tag of each term ('' where it has none)."""
    if upos is None or tags is None or len(tags) == 0:
        return None
    return main_pos_of(pos_table(ids, upos, tags, V), tags)


def pos_table(ids: np.ndarray, upos: np.ndarray, tags: np.ndarray, V: int) -> np.ndarray:
    """Tokens per (term, UPOS tag code): a ``V x len(tags)`` count table."""
    # shifted by one, so that id -1 and tag -1 fall into a row and a column that are dropped (no mask)
    width = len(tags) + 1
    key = ids + 1
    key *= width
    key += upos
    key += 1
    table = np.bincount(key, minlength=(V + 1) * width).reshape(V + 1, width)
    return np.ascontiguousarray(table[1:, 1:])


def main_pos_of(table: np.ndarray, tags: np.ndarray) -> np.ndarray:
    """The most frequent tag per term from a :func:`pos_table` (first tag on ties; '' if none)."""
    best = table.argmax(axis=1)
    out = np.asarray(tags, dtype=object)[best]
    out[table.max(axis=1) == 0] = ""
    return out


# -- counting cores ------------------------------------------------------------------------
def _count_dtype(upper_bound: int) -> type:
    return np.int32 if upper_bound < np.iinfo(np.int32).max else np.int64


class _PairSink:
    """Sums term pairs into the sparse upper triangle of the count matrix, in linear time.

    A pair ``(lo, hi)`` with ``lo < hi`` travels as one packed integer ``lo << bits | hi``
    (``bits`` = bit width of V). Incoming keys are staged, then split into bands of rows by a
    radix partition on ``key >> (bits + shift)``. At the end each band is counted on its own:
    its keys relative to the band fit in 32 bits where possible (the fastest NumPy sort), are
    sorted and run-length counted, and the bands' CSR pieces are stacked, so no partial results
    ever need merging. Bands hold about ``BAND_PAIRS`` pairs (cache-sized sorts: time grows
    linearly with the corpus); a band whose buffer passes ``CHUNK_PAIRS`` is counted early and
    its partial counts are added at the end (bounded memory).
    """

    def __init__(self, n_vocab: int, dtype: type, expected_pairs: int = 0, stage: int = 1 << 20) -> None:
        self.n_vocab = n_vocab
        self.dtype = dtype
        self.bits = max(1, (max(n_vocab, 1) - 1).bit_length())
        n_bands = max(1, expected_pairs // BAND_PAIRS)
        rows = max(64, -(-max(n_vocab, 1) // n_bands))
        self.shift = max(6, min(rows.bit_length() - 1, max(31 - self.bits, 6)))  # rounded down
        if expected_pairs <= BAND_PAIRS:  # few pairs: one sort of 64-bit keys beats a partition into bands
            self.shift = max(self.shift, self.bits)
        self.n_bands = ((max(n_vocab, 1) - 1) >> self.shift) + 1
        # keys of two ids below 2**16 fit 32 unsigned bits: half the memory traffic, twice the sort speed
        self.key_dtype: type = np.uint32 if 2 * self.bits <= 32 else np.int64
        self.stage_size, self.flush_size = stage, CHUNK_PAIRS
        self.staged: list[np.ndarray] = []
        self.n_staged = 0
        self.buffers: list[list[np.ndarray]] = [[] for _ in range(self.n_bands)]
        self.buffered = np.zeros(self.n_bands, dtype=np.int64)
        self.partials: list[list[sp.csr_matrix]] = [[] for _ in range(self.n_bands)]
        self.n_pairs = 0

    def add(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """Add pairs (``lo < hi`` element-wise)."""
        if lo.size:
            key: np.ndarray = lo.astype(self.key_dtype)
            key <<= self.key_dtype(self.bits)
            np.bitwise_or(key, hi, out=key, casting="unsafe")  # 0 <= hi < 2**bits
            self.staged.append(key)
            self.n_staged += key.size
            if self.n_staged >= self.stage_size:
                self._partition()

    def _partition(self) -> None:
        if not self.staged:
            return
        key = np.concatenate(self.staged) if len(self.staged) > 1 else self.staged[0]
        self.staged, self.n_staged = [], 0
        self.n_pairs += key.size
        if self.n_bands == 1:
            pieces = [(0, key)]
        else:
            band = (key >> (self.bits + self.shift)).astype(np.int16 if self.n_bands < 2**15 else np.int64)
            order = np.argsort(band, kind="stable")  # a radix sort for 16-bit band numbers
            key = key[order]
            cuts = np.searchsorted(band[order], np.arange(self.n_bands + 1))
            pieces = [(b, key[cuts[b]:cuts[b + 1]]) for b in np.flatnonzero(np.diff(cuts)).tolist()]
        for b, piece in pieces:
            self.buffers[b].append(piece)
            self.buffered[b] += piece.size
            if self.buffered[b] >= self.flush_size:
                self.partials[b].append(self._count_band(b))

    def _count_band(self, b: int) -> sp.csr_matrix:
        r0 = b << self.shift
        rows = min(self.n_vocab, r0 + (1 << self.shift)) - r0
        pieces = self.buffers[b]
        self.buffers[b], self.buffered[b] = [], 0
        key = (np.concatenate(pieces) if len(pieces) > 1 else pieces[0]) if pieces \
            else np.zeros(0, dtype=self.key_dtype)
        if r0:
            key -= self.key_dtype(r0 << self.bits)
        if key.dtype != np.uint32 and self.shift + self.bits <= 32:
            key = key.astype(np.uint32)  # relative to the band: 32 bits, the fastest sort
        key.sort()
        # run-length count; most pairs occur once, so find the repeats (few) rather than the runs
        repeat = np.flatnonzero(key[1:] == key[:-1])
        if repeat.size:
            first = np.ones(key.size, dtype=bool)
            first[repeat + 1] = False
            key = key[first]
            # the k-th repeat belongs to the run that starts at distinct key repeat[k] - k
            counts: np.ndarray = np.bincount(repeat - np.arange(repeat.size), minlength=key.size).astype(self.dtype)
            counts += 1
        else:
            counts = np.ones(key.size, dtype=self.dtype)
        row = key >> self.bits
        col = (key & ((1 << self.bits) - 1)).astype(np.int32 if self.n_vocab < 2**31 else np.int64)
        indptr = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(row, minlength=rows), out=indptr[1:])
        m = sp.csr_matrix((counts, col, indptr), shape=(rows, self.n_vocab))
        m.has_sorted_indices = True
        return m

    def result(self) -> sp.csr_matrix:
        """The summed counts as canonical CSR (sorted indices, no duplicates)."""
        self._partition()
        shape = (self.n_vocab, self.n_vocab)
        if self.n_vocab == 0:
            return sp.csr_matrix(shape, dtype=self.dtype)
        bands = []
        for b in range(self.n_bands):
            parts = self.partials[b] + [self._count_band(b)]
            while len(parts) > 1:
                parts = [parts[k] + parts[k + 1] if k + 1 < len(parts) else parts[k]
                         for k in range(0, len(parts), 2)]
            bands.append(parts[0])
            self.partials[b] = []
        indptr = [np.zeros(1, dtype=np.int64)]
        offset = 0
        for m in bands:
            indptr.append(m.indptr[1:].astype(np.int64) + offset)
            offset += int(m.indptr[-1])
        out = sp.csr_matrix((np.concatenate([m.data for m in bands]).astype(self.dtype),
                             np.concatenate([m.indices for m in bands]), np.concatenate(indptr)), shape=shape)
        out.has_sorted_indices = True
        out.has_canonical_format = True
        return out


def count_window(ids: np.ndarray, unit: np.ndarray, position: np.ndarray, window: int, n_vocab: int,
                 *, progress: bool = False, chunk_tokens: int | None = None) -> tuple[sp.csr_matrix, int]:
    """Window co-occurrence counts from integer arrays.

    ``ids`` (-1 = not counted), ``unit`` (document or sentence index: windows never cross it)
    and ``position`` are aligned per token. Returns the strict upper triangle of the count
    matrix (``[i, j]`` for ``i < j``) and the number of position pairs counted. One vectorised
    pass per offset ``d`` over a chunk of tokens: token ``k`` pairs with token ``k + d`` when
    both lie in the same unit at most ``window - 1`` positions apart.
    """
    check_positive("window", window, minimum=2)  # 2 = direct neighbours
    chunk_tokens = chunk_tokens or CHUNK_TOKENS
    # index arrays, not boolean masks: a gather by index is several times faster than NumPy's
    # boolean selection when the mask is irregular (stopwords removed: about every other token)
    keep = np.flatnonzero(ids >= 0)
    sink = _PairSink(n_vocab, _count_dtype(4 * len(ids) * (window - 1)),
                     expected_pairs=keep.size * (window - 1) // 2)
    if keep.size < 2 or n_vocab == 0:
        return sink.result(), 0
    t = ids.take(keep).astype(np.int32 if n_vocab < np.iinfo(np.int32).max else np.int64, copy=False)
    pos_k = position.take(keep).astype(np.int64, copy=False)
    low = int(pos_k.min())
    if low < 0:
        pos_k -= low
    g = unit.take(keep).astype(np.int64, copy=False)
    g *= int(pos_k.max()) + window + 1
    g += pos_k  # a global coordinate: different units lie more than `window` apart
    del pos_k, keep
    if int(g.max()) < np.iinfo(np.int32).max:
        g = g.astype(np.int32)  # half the memory traffic in the hot loop
    if np.any(g[1:] < g[:-1]):
        order = np.argsort(g, kind="stable")
        g, t = g[order], t[order]
    n = t.size
    bar = _bar(n, progress, f"co-occurrence (window={window})")
    for start in range(0, n, chunk_tokens):
        stop = min(n, start + chunk_tokens)
        d = 1
        while start + d < n:  # contiguous slices: every pass streams through memory
            end = min(stop, n - d)
            a, b = t[start:end], t[start + d:end + d]
            near = (g[start + d:end + d] - g[start:end]) < window
            if not near.any():
                break  # g is sorted: gaps only grow with d
            near &= a != b  # two occurrences of the same term never pair
            at = np.flatnonzero(near)
            x, y = a.take(at), b.take(at)
            sink.add(np.minimum(x, y), np.maximum(x, y))
            d += 1
        bar.update(stop - start)
    bar.close()
    upper = sink.result()
    return upper, sink.n_pairs


def count_units(ids: np.ndarray, unit: np.ndarray, n_vocab: int, *, progress: bool = False,
                chunk_terms: int | None = None) -> tuple[sp.csr_matrix, np.ndarray, int]:
    """Unit co-occurrence counts: every pair of distinct terms within a unit, once per unit.

    Builds the binary unit-by-term matrix ``X`` (its rows: each unit's distinct terms, sorted),
    then, for chunks of rows, emits the pairs of each row by offset ``d`` (entry ``p`` with
    entry ``p + d`` of the same row; ordered, so ``lo < hi`` for free), visiting only rows long
    enough for ``d``. The same counts as the upper triangle of ``XᵀX`` at about half its work.
    Returns the strict upper triangle, the units per term and the number of pair updates
    (Σ over units of k(k-1)/2 for k distinct terms).
    """
    chunk_terms = chunk_terms or CHUNK_TERMS
    keep = np.flatnonzero(ids >= 0)  # an index, not a mask: faster gathers (see count_window)
    t, u = ids.take(keep), unit.take(keep).astype(np.int64, copy=False)
    if t.size == 0 or n_vocab == 0:
        return _PairSink(n_vocab, np.int64).result(), np.zeros(n_vocab, dtype=np.int64), 0
    n_units = int(u.max()) + 1
    X = sp.csr_matrix((np.ones(t.size, dtype=np.int8), (u, t)), shape=(n_units, n_vocab))
    X.sum_duplicates()  # a term repeated in a unit counts once; indices sorted within rows
    ind = X.indices.astype(np.int32 if n_vocab < np.iinfo(np.int32).max else np.int64)
    indptr = X.indptr.astype(np.int64)
    del X, t, u
    k = np.diff(indptr)
    sink = _PairSink(n_vocab, _count_dtype(n_units), expected_pairs=int((k * (k - 1) // 2).sum()))
    diag = np.bincount(ind, minlength=n_vocab).astype(np.int64)
    bar = _bar(int(ind.size), progress, "co-occurrence (units)", unit="term")
    row = 0
    while row < n_units:  # chunks of rows keep the gathers below inside the CPU cache
        end = min(max(int(np.searchsorted(indptr, indptr[row] + chunk_terms, side="right")) - 1, row + 1),
                  n_units)
        first = indptr[row]
        sub = ind[first:indptr[end]]
        # entries after each entry in its row; order entries by that (radix sort on small ints)
        remaining = np.repeat(indptr[row + 1:end + 1] - first, np.diff(indptr[row:end + 1])) \
            - np.arange(sub.size) - 1
        small = (remaining.astype(np.int16) if sub.size and remaining.max() < np.iinfo(np.int16).max
                 else remaining.astype(np.int64))
        order = np.argsort(-small, kind="stable")
        at_least = np.cumsum(np.bincount(remaining)[::-1])[::-1] if sub.size else np.zeros(1, np.int64)
        for d in range(1, at_least.size):  # at_least[d]: entries with at least d entries after them
            active = order[:at_least[d]]
            sink.add(sub[active], sub[active + d])
        bar.update(int(sub.size))
        row = end
    bar.close()
    upper = sink.result()
    return upper, diag, sink.n_pairs


def sorted_unique(*arrays: np.ndarray) -> np.ndarray:
    """The distinct values of integer arrays, sorted: ``np.unique``/``np.union1d`` by one sort and
    a comparison of neighbours (NumPy 2's hash-based ``unique`` took 25 times as long on the pair
    keys of a network comparison)."""
    values = np.concatenate(arrays) if len(arrays) > 1 else np.array(arrays[0], copy=True)
    values.sort()
    if values.size:
        values = values[np.r_[True, values[1:] != values[:-1]]]
    return values


def _n_distinct(index: np.ndarray) -> int:
    """How many distinct values a non-negative index holds (documents, sentences); one pass of
    comparisons where it is sorted, as the entries of a token table are."""
    if not index.size:
        return 0
    head, tail = index[:-1], index[1:]
    if not (tail < head).any():
        return int(np.count_nonzero(tail != head)) + 1
    return int(np.count_nonzero(np.bincount(index)))


def _count(sel: Selection, unit: str, window: int, within_sentence: bool, *, progress: bool,
           settings: dict[str, Any], tokens: "Tokens | None" = None,
           mask: np.ndarray | None = None) -> Cooccurrence:
    """Count one selection (the whole corpus or one group's entries)."""
    V = len(sel.vocab)
    ids = sel.ids
    valid = np.flatnonzero(ids >= 0)  # an index, not a mask: faster gathers (see count_window)
    counted = ids.take(valid)
    term_freq = np.bincount(counted, minlength=V).astype(np.int64, copy=False) if V else np.zeros(0, np.int64)
    doc_freq = _doc_freq(counted, sel.doc.take(valid), V)
    n_docs = _n_distinct(sel.doc)
    if unit == "window":
        bound = sel.sent if within_sentence else sel.doc
        upper, n_pairs = count_window(ids, bound, sel.position, window, V, progress=progress)
        # pairs a term takes part in: its row plus its column of the upper triangle
        data = upper.data
        running = np.zeros(data.size + 1, dtype=np.int64)
        np.cumsum(data, dtype=np.int64, out=running[1:])
        marginals = running[upper.indptr[1:]]
        marginals -= running[upper.indptr[:-1]]
        marginals += np.bincount(upper.indices, weights=data, minlength=V).astype(np.int64)
        n_units, updates = n_pairs, n_pairs
    else:
        index = sel.sent if unit == "sentence" else sel.doc
        upper, marginals, updates = count_units(ids, index, V, progress=progress)
        n_units = _n_distinct(index)
    return Cooccurrence(upper=upper, vocab=sel.vocab, term_freq=term_freq, doc_freq=doc_freq,
                        marginals=marginals, n_units=int(n_units), unit=unit,
                        window=window if unit == "window" else None,
                        pos=_main_pos(ids, sel.upos, sel.upos_tags, V), n_docs=n_docs,
                        n_tokens=int(valid.size), settings={**settings, "pair_updates": int(updates)},
                        tokens=tokens, mask=mask)


def cooccurrence(tokens: "Tokens", unit: Unit = "sentence", window: int = 5, *, column: str = "lemma",
                 lowercase: bool | str = False, pos: str | Iterable[str] | None = None,
                 stopwords: bool | Iterable[str] | None = None, stopwords_extra: Iterable[str] = (),
                 stopwords_remove: Iterable[str] = (), min_count: int = 1, min_df: int | float | str = 1,
                 max_terms: int | None = None, compounds: str = "keep",
                 vocabulary: Iterable[str] | None = None, mask: np.ndarray | pd.Series | None = None,
                 within_sentence: bool = False, focus: str | Iterable[str] | None = None,
                 radius: int = 1, progress: bool = True, client: Any = None) -> Cooccurrence:
    """Count which terms occur together: ``tokens → Cooccurrence``.

    ``unit``: ``"sentence"`` (default), ``"document"`` or ``"window"`` (with ``window`` = span
    in tokens: 2 = direct neighbours; windows stay inside a document, or a sentence with
    ``within_sentence=True``). Exact definitions of counts and N: module docs.

    Term selection is the one of every instrument (:func:`framing.nlp.terms.select_terms`,
    docs/reference/parameters.md): ``column`` (``"lemma"``, ``"text"`` …), ``lowercase``
    (``True``, ``False`` or ``"merge"``); punctuation is always dropped; ``stopwords`` is the
    list used (``None``: the ``is_stop`` flag of annotation; ``False``: none), adjusted by
    ``stopwords_extra``/``stopwords_remove``; ``pos`` keeps UPOS tags (e.g. ``["NOUN", "PROPN",
    "ADJ"]``, or ``"auto"``); ``min_count`` (tokens), ``min_df`` (documents: count, share or
    ``"auto"``) and ``max_terms`` prune rare terms; ``compounds="head"`` counts a compound as its
    head ("Flüchtlingsunterkunft" → "Unterkunft"), ``"parts"`` as all its parts at the same
    position; ``vocabulary`` fixes the terms (others are not counted); ``mask`` (bool per token)
    selects tokens. Removed tokens keep their positions.

    ``focus`` (a term or terms) and ``radius`` are remembered for :meth:`Cooccurrence.to_graph`,
    which then keeps the ego network: everything within ``radius`` steps of a focal term.

    ``client``: a ``dask.distributed.Client``: parts of the documents are counted on its workers
    on one global vocabulary and the counts summed, the same result (:mod:`framing.scale.counts`).
    """
    check_choice("unit", unit, UNITS)
    if unit == "window":
        check_positive("window", window, minimum=2)  # 2 = direct neighbours
    terms: dict[str, Any] = dict(column=column, lowercase=lowercase, pos=pos, stopwords=stopwords,
                                 stopwords_extra=stopwords_extra, stopwords_remove=stopwords_remove,
                                 compounds=compounds, min_count=min_count, min_df=min_df, max_terms=max_terms)
    if client is not None:
        from framing.scale.counts import cooccurrence_on_cluster

        return cooccurrence_on_cluster(tokens, client, unit=unit, window=window, terms=terms,
                                       vocabulary=vocabulary, mask=mask, within_sentence=within_sentence,
                                       focus=focus, radius=radius, progress=progress)
    sel = select_terms(tokens, vocabulary=vocabulary, mask=mask, **terms)
    settings = _settings(unit, window, terms, within_sentence, focus, radius)
    _check_focus(settings["focus"], sel.vocab)
    return _count(sel, unit, window, within_sentence, progress=progress, settings=settings, tokens=tokens,
                  mask=None if mask is None else np.asarray(mask, dtype=bool))


def _settings(unit: str, window: int, terms: dict[str, Any], within_sentence: bool, focus: Any,
              radius: int) -> dict[str, Any]:
    return {"unit": unit, "window": window if unit == "window" else None, **selection_settings(**terms),
            "within_sentence": within_sentence, "focus": _as_list(focus) or [], "radius": radius}


def _check_focus(focus: list[str], vocab: np.ndarray) -> None:
    if not focus:
        return
    known = set(vocab.tolist())
    missing = [f for f in focus if f not in known]
    if missing:
        import difflib

        hints = {m: difflib.get_close_matches(m, list(known), n=3) for m in missing}
        text = "; ".join(f"{m!r}" + (f" (close: {', '.join(h)})" if h else "") for m, h in hints.items())
        raise InputError(f"focus term(s) not in the selected vocabulary: {text}. Check spelling, "
                         "lowercase= and min_count=")


__all__ = ["Cooccurrence", "Selection", "cooccurrence", "select_terms", "keep_terms", "count_window", "count_units",
           "UNITS", "COMPOUND_MODES"]
