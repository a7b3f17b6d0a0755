"""Co-occurrence networks per group (town, outlet, year …) on one shared vocabulary, and tests
for edges and neighbourhoods that differ between groups.

:func:`cooccurrence_by` selects terms once on the pooled corpus (so every group has the same
vocabulary and rows/columns mean the same term), then counts each group separately; the groups'
counts add up exactly to the pooled counts (:attr:`CooccurrenceGroups.total`).

Edge comparison (:func:`compare_edges`): for every pair seen in either group, the 2x2 table ::

                  pair co-occurs    does not
    group A       count_a           n_a - count_a
    group B       count_b           n_b - count_b

where ``n`` is the number of units of the group (sentences, documents, or window position
pairs). ``rate = count / n`` is how often the pair is talked about per unit; the table is
tested with Dunning's G² (or Pearson's chi²), p-values from chi²(1), and corrected with
Benjamini–Hochberg over all pairs compared (``q``). ``log_ratio`` is Hardie's (2014) binary log
ratio of the two rates (with 0.5 added to zero counts). The per-group association (e.g.
``npmi_a``, ``npmi_b``) is reported next to it.

Neighbourhood comparison (:func:`compare_neighbours`): what a focal term co-occurs with, given
the term. ``share = count / marginal(term)`` is the share of the term's units (sentences,
documents, window pairs) that contain the neighbour; the same 2x2 test runs on
``[[count_a, m_a - count_a], [count_b, m_b - count_b]]`` with ``m`` the term's marginal in each
group. This answers "what does *Flüchtling* co-occur with in Altena vs in Essen's north",
independent of how often *Flüchtling* itself is mentioned.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import itertools
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing._compat import renamed_params
from framing.errors import InputError, ParameterError, check_choice
from framing.grouping import group_values, resolve_by
from framing.networks import measures as M
from framing.networks.counting import (
    UNITS,
    Cooccurrence,
    Unit,
    _check_focus,
    _count,
    _settings,
    select_terms,
    sorted_unique,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from framing.nlp.tokens import Tokens


def _native(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def group_keys(docs: pd.DataFrame, by: str) -> pd.Series:
    """Group value per document for one ``by`` column (the shared resolver
    :func:`framing.grouping.group_values`: a document column, or ``"year"``/``"quarter"``/
    ``"month"`` from ``date``, months as ``"YYYY-MM"``)."""
    cols = resolve_by(by)
    if cols is None or len(cols) != 1:
        raise ParameterError(f"by must name one document column, got {by!r}")
    return group_values(docs, cols[0])


def period_bounds(key: Any) -> tuple[str, str]:
    """Inclusive ISO dates of a time slice: ``2016`` → (2016-01-01, 2016-12-31),
    ``"2016-03"`` → (2016-03-01, 2016-03-31), a date → that day."""
    if isinstance(key, (_dt.date, pd.Timestamp)):
        day = pd.Timestamp(key).date().isoformat()
        return day, day
    text = str(key)
    if text.isdigit() and len(text) == 4:
        return f"{text}-01-01", f"{text}-12-31"
    parts = text.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        y, m = int(parts[0]), int(parts[1])
        return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
    if len(parts) == 3:
        day = _dt.date.fromisoformat(text).isoformat()
        return day, day
    raise ParameterError(f"cannot derive a time period from group {key!r}; pass periods={{key: (start, end)}}")


class CooccurrenceGroups(Mapping[Any, Cooccurrence]):
    """One :class:`Cooccurrence` per group, all on the same vocabulary (a read-only mapping
    group → counts), with comparisons between groups and per-group networks."""

    def __init__(self, groups: dict[Any, Cooccurrence], by: str,
                 doc_ids: dict[Any, list[str]] | None = None) -> None:
        self.groups = groups
        self.by = by
        #: the documents of each group (to trace numbers back, or to filter the tokens)
        self.doc_ids = doc_ids or {}

    def __getitem__(self, key: Any) -> Cooccurrence:
        try:
            return self.groups[key]
        except KeyError:
            raise KeyError(f"no group {key!r}; groups are {list(self.groups)}") from None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.groups)

    def __len__(self) -> int:
        return len(self.groups)

    def __repr__(self) -> str:
        return f"<CooccurrenceGroups by {self.by}: {list(self.groups)}>"

    @property
    def vocab(self) -> np.ndarray:
        """The shared vocabulary."""
        return next(iter(self.groups.values())).vocab if self.groups else np.array([], dtype=object)

    @cached_property
    def total(self) -> Cooccurrence:
        """All groups pooled (exactly the counts of the grouped documents taken together)."""
        if not self.groups:
            raise ParameterError("no groups to compare")
        return sum(self.groups.values())  # type: ignore[return-value]

    def summary(self) -> pd.DataFrame:
        """Per group: documents, tokens counted, units (N), distinct pairs."""
        return pd.DataFrame([{self.by: k, "n_docs": c.n_docs, "n_tokens": c.n_tokens, "n_units": c.n_units,
                              "n_pairs": c.n_pairs} for k, c in self.groups.items()])

    def _rest(self, key: Any) -> Cooccurrence:
        return sum(c for k, c in self.groups.items() if k != key)  # type: ignore[return-value]

    def _pairs_to_compare(self, a: Any, b: Any) -> list[tuple[Any, Any]]:
        keys = list(self.groups)
        if a is None and b is None:
            return list(itertools.combinations(keys, 2))
        if a is None:
            raise ParameterError("give group a (and optionally b) or neither")
        if b is None:
            return [(a, k) for k in keys if k != a]
        return [(a, b)]

    @renamed_params(min_count="min_pair_count")
    def compare(self, a: Any = None, b: Any = None, *, min_pair_count: int = 5, measure: str = "npmi",
                test: str = "g2", alpha: float | None = None) -> pd.DataFrame:
        """Edges that are significantly more frequent in one group than in another.

        ``a``, ``b``: two groups; ``b="rest"`` compares ``a`` with all other groups pooled;
        ``b=None`` compares ``a`` with each other group; neither: every pair of groups. Pairs
        with ``count_a + count_b < min_pair_count`` are not tested. ``alpha`` keeps rows with
        ``q < alpha``. Columns: module docs; sorted by ``q`` then ``|log_ratio|``.
        """
        tables = []
        for ka, kb in self._pairs_to_compare(a, b):
            ca = self[ka]
            cb = self._rest(ka) if kb == "rest" else self[kb]
            tables.append(compare_edges(ca, cb, name_a=str(ka), name_b=str(kb), min_pair_count=min_pair_count,
                                        measure=measure, test=test, alpha=alpha))
        return pd.concat(tables, ignore_index=True) if tables else _empty(measure)

    @renamed_params(top="top_n", min_count="min_pair_count")
    def neighbours(self, term: str, measure: str = "npmi", *, top_n: int | None = 20,
                   min_pair_count: int = 1) -> pd.DataFrame:
        """The strongest neighbours of ``term`` in each group, as one long table
        (``group``, ``rank``, ``neighbour``, ``count``, ``share``, measure)."""
        frames = []
        for key, c in self.groups.items():
            if term not in c:
                continue
            nb = c.neighbours(term, measure, top_n=top_n, min_pair_count=min_pair_count)
            nb.insert(0, self.by, key)
            nb.insert(1, "rank", np.arange(1, len(nb) + 1))
            frames.append(nb)
        if not frames:
            raise KeyError(f"term {term!r} is not in the shared vocabulary")
        return pd.concat(frames, ignore_index=True)

    @renamed_params(min_count="min_pair_count")
    def compare_neighbours(self, term: str, a: Any, b: Any = "rest", *, min_pair_count: int = 1,
                           measure: str = "npmi", test: str = "g2", alpha: float | None = None) -> pd.DataFrame:
        """How the neighbourhood of ``term`` differs between group ``a`` and ``b`` (or the rest)."""
        ca = self[a]
        cb = self._rest(a) if b == "rest" else self[b]
        return compare_neighbours(ca, cb, term, name_a=str(a), name_b=str(b), min_pair_count=min_pair_count,
                                  measure=measure, test=test, alpha=alpha)

    def to_graphs(self, measure: str = "npmi", **kwargs: Any) -> dict[Any, "nx.Graph"]:
        """One network per group (same options as :meth:`Cooccurrence.to_graph`)."""
        return {k: c.to_graph(measure, **kwargs) for k, c in self.groups.items()}

    def to_dynamic_graph(self, measure: str = "npmi", *, periods: Mapping[Any, tuple[str, str]] | None = None,
                         communities: str | None = "louvain", resolution: float = 1.0,
                         random_state: int | None = 0, **kwargs: Any) -> "nx.Graph":
        """A dynamic network over the groups as time slices (grouped by year or month, or any
        grouping with ``periods``): spells and per-slice attribute values for Gephi's timeline."""
        from framing.networks.graph import dynamic_graph

        periods = dict(periods) if periods is not None else {k: period_bounds(k) for k in self.groups}
        kwargs.setdefault("centralities", ("degree",))
        slices = {k: c.to_graph(measure, communities=None, random_state=random_state, **kwargs)
                  for k, c in self.groups.items()}
        return dynamic_graph(slices, periods, communities=communities, resolution=resolution,
                             random_state=random_state)


def _pair_keys(c: Cooccurrence) -> tuple[np.ndarray, np.ndarray]:
    i, j, o = c.pairs()
    return i * max(c.n_terms, 1) + j, o


@renamed_params(min_count="min_pair_count")
def compare_edges(ca: Cooccurrence, cb: Cooccurrence, *, name_a: str = "a", name_b: str = "b",
                  min_pair_count: int = 5, measure: str = "npmi", test: str = "g2",
                  alpha: float | None = None) -> pd.DataFrame:
    """Compare every pair's rate between two counts on the same vocabulary (module docs).

    Columns: ``source``, ``target``, ``group_a``, ``group_b``, ``count_a``, ``count_b``,
    ``rate_a``, ``rate_b``, ``log_ratio``, ``g2`` (or ``chi2``), ``p``, ``q``,
    ``stronger_in``, ``<measure>_a``, ``<measure>_b``.
    """
    if not np.array_equal(ca.vocab, cb.vocab) or ca.unit != cb.unit or ca.window != cb.window:
        raise ParameterError("compare counts made on the same vocabulary, unit and window "
                             "(use cooccurrence_by)")
    name = M.resolve(measure)
    V = max(ca.n_terms, 1)
    ka, oa = _pair_keys(ca)
    kb, ob = _pair_keys(cb)
    keys = sorted_unique(ka, kb)
    count_a = np.zeros(len(keys), dtype=np.int64)
    count_b = np.zeros(len(keys), dtype=np.int64)
    count_a[np.searchsorted(keys, ka)] = oa
    count_b[np.searchsorted(keys, kb)] = ob
    keep = count_a + count_b >= min_pair_count
    keys, count_a, count_b = keys[keep], count_a[keep], count_b[keep]
    i, j = keys // V, keys % V
    n_a, n_b = ca.n_units, cb.n_units
    stat_name, stat, p = _two_group_test(test, count_a, n_a, count_b, n_b)
    q = M.fdr_bh(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_a = count_a / n_a if n_a else np.zeros(len(keys))
        rate_b = count_b / n_b if n_b else np.zeros(len(keys))
    out = pd.DataFrame({
        "source": pd.array(ca.vocab[i].tolist(), dtype="string"),
        "target": pd.array(ca.vocab[j].tolist(), dtype="string"),
        "group_a": name_a, "group_b": name_b, "count_a": count_a, "count_b": count_b,
        "rate_a": rate_a, "rate_b": rate_b, "log_ratio": M.log_ratio(count_a, n_a, count_b, n_b),
        stat_name: stat, "p": p, "q": q,
        "stronger_in": np.where(rate_a >= rate_b, name_a, name_b),
        f"{name}_a": M.compute(name, count_a, ca.marginals[i], ca.marginals[j], ca.n),
        f"{name}_b": M.compute(name, count_b, cb.marginals[i], cb.marginals[j], cb.n),
    })
    if alpha is not None:
        out = out[out["q"] < alpha]
    return _sorted(out)


def _empty(measure: str = "npmi") -> pd.DataFrame:
    name = M.resolve(measure)
    cols = ["source", "target", "group_a", "group_b", "count_a", "count_b", "rate_a", "rate_b",
            "log_ratio", "g2", "p", "q", "stronger_in", f"{name}_a", f"{name}_b"]
    return pd.DataFrame({c: [] for c in cols})



def _two_group_test(test: str, ca: np.ndarray, na: int, cb: np.ndarray, nb: int
                    ) -> tuple[str, np.ndarray, np.ndarray]:
    from scipy import stats

    test = {"llr": "g2", "log_likelihood": "g2"}.get(test, test)
    if test == "g2":
        stat = M.two_group_g2(ca, na, cb, nb)
    elif test == "chi2":
        stat = M.chi2(ca, ca + cb, na, na + nb)
    else:
        check_choice("test", test, ("g2", "chi2"))
    return test, stat, stats.chi2.sf(stat, 1)


def _sorted(out: pd.DataFrame) -> pd.DataFrame:
    order = np.lexsort((out["target"].astype(str).to_numpy(), out["source"].astype(str).to_numpy(),
                        -np.abs(out["log_ratio"].to_numpy()), out["q"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)


@renamed_params(min_count="min_pair_count")
def compare_neighbours(ca: Cooccurrence, cb: Cooccurrence, term: str, *, name_a: str = "a",
                       name_b: str = "b", min_pair_count: int = 1, measure: str = "npmi", test: str = "g2",
                       alpha: float | None = None) -> pd.DataFrame:
    """What ``term`` co-occurs with in A vs in B, conditional on the term (module docs).

    Columns: ``term``, ``neighbour``, ``group_a``, ``group_b``, ``count_a``, ``count_b``,
    ``share_a``, ``share_b`` (share of the term's units that contain the neighbour),
    ``log_ratio``, ``g2``, ``p``, ``q``, ``stronger_in``, ``<measure>_a``, ``<measure>_b``.
    """
    if not np.array_equal(ca.vocab, cb.vocab):
        raise ParameterError("compare counts made on the same vocabulary (use cooccurrence_by)")
    t = ca.index(term)
    ra, rb = np.zeros(ca.n_terms, dtype=np.int64), np.zeros(cb.n_terms, dtype=np.int64)
    for dense, c in ((ra, ca), (rb, cb)):
        idx, val = c.row(t)
        dense[idx] = val
    nb = np.flatnonzero((ra + rb) >= max(min_pair_count, 1))
    count_a, count_b = ra[nb].astype(np.int64), rb[nb].astype(np.int64)
    m_a, m_b = int(ca.marginals[t]), int(cb.marginals[t])
    stat_name, stat, p = _two_group_test(test, count_a, m_a, count_b, m_b)
    name = M.resolve(measure)
    with np.errstate(divide="ignore", invalid="ignore"):
        share_a = count_a / m_a if m_a else np.zeros(len(nb))
        share_b = count_b / m_b if m_b else np.zeros(len(nb))
    out = pd.DataFrame({
        "term": term, "neighbour": pd.array(ca.vocab[nb].tolist(), dtype="string"),
        "group_a": name_a, "group_b": name_b, "count_a": count_a, "count_b": count_b,
        "share_a": share_a, "share_b": share_b, "log_ratio": M.log_ratio(count_a, m_a, count_b, m_b),
        stat_name: stat, "p": p, "q": M.fdr_bh(p),
        "stronger_in": np.where(share_a >= share_b, name_a, name_b),
        f"{name}_a": M.compute(name, count_a, np.full(len(nb), m_a), ca.marginals[nb], ca.n),
        f"{name}_b": M.compute(name, count_b, np.full(len(nb), m_b), cb.marginals[nb], cb.n),
    })
    if alpha is not None:
        out = out[out["q"] < alpha]
    order = np.lexsort((out["neighbour"].astype(str).to_numpy(), -np.abs(out["log_ratio"].to_numpy()),
                        out["q"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def cooccurrence_by(tokens: "Tokens", by: str, unit: Unit = "sentence", window: int = 5, *,
                    groups: Iterable[Any] | None = None, column: str = "lemma", lowercase: bool | str = False,
                    pos: str | Iterable[str] | None = None, stopwords: bool | Iterable[str] | None = None,
                    stopwords_extra: Iterable[str] = (), stopwords_remove: Iterable[str] = (),
                    min_count: int = 1, min_df: int | float | str = 1, max_terms: int | None = None,
                    compounds: str = "keep", vocabulary: Iterable[str] | None = None,
                    mask: np.ndarray | pd.Series | None = None, within_sentence: bool = False,
                    focus: str | Iterable[str] | None = None, radius: int = 1,
                    progress: bool = True, client: Any = None) -> CooccurrenceGroups:
    """Count co-occurrences per group of documents on one shared vocabulary.

    ``by``: a document column (``"place"``, ``"outlet"`` …) or ``"year"``/``"month"``;
    ``groups`` restricts to some values. Term selection (``min_count`` etc.) is done once on the
    documents of all groups together (the one term selector,
    :func:`framing.nlp.terms.select_terms`); other options as in
    :func:`~framing.networks.counting.cooccurrence`. Documents without a group value are
    left out.

    ``client`` (a ``dask.distributed.Client``): the parts of the documents are counted on its
    workers, each group's counts summed exactly (:func:`framing.scale.counts.cooccurrence_by_on_cluster`);
    ``tokens`` may be a tokens folder (:func:`framing.read_tokens`), whose token table is never
    loaded here. Not with ``mask``.
    """
    check_choice("unit", unit, UNITS)
    docs = tokens.docs
    key = pd.Series([_native(v) for v in group_keys(docs, by)], index=docs.index, dtype=object)
    present = key.notna().to_numpy(dtype=bool)
    values = sorted(set(key[present].tolist()), key=lambda v: (str(type(v)), v))
    if groups is not None:
        wanted = list(groups)
        missing = [w for w in wanted if w not in values]
        if missing:
            raise InputError(f"no documents for {by} = {missing}; values are {values}")
        values = wanted
    code = {v: k for k, v in enumerate(values)}
    doc_code = dict(zip(docs["doc_id"].astype(str), (code.get(v, -1) if v is not None else -1 for v in key)))
    if client is not None:
        return _by_on_cluster(tokens, client, by, docs, doc_code, values, unit=unit, window=window,
                              terms=dict(column=column, lowercase=lowercase, pos=pos, stopwords=stopwords,
                                         stopwords_extra=stopwords_extra, stopwords_remove=stopwords_remove,
                                         compounds=compounds, min_count=min_count, min_df=min_df,
                                         max_terms=max_terms),
                              vocabulary=vocabulary, mask=mask, within_sentence=within_sentence, focus=focus,
                              radius=radius, progress=progress)
    row_code = tokens.table["doc_id"].astype(str).map(doc_code).fillna(-1).to_numpy().astype(np.int64)
    if mask is not None:
        row_code[~np.asarray(mask, dtype=bool)] = -1
    row_mask = row_code >= 0
    terms: dict[str, Any] = dict(column=column, lowercase=lowercase, pos=pos, stopwords=stopwords,
                                 stopwords_extra=stopwords_extra, stopwords_remove=stopwords_remove,
                                 compounds=compounds, min_count=min_count, min_df=min_df, max_terms=max_terms)
    sel = select_terms(tokens, vocabulary=vocabulary, mask=row_mask, **terms)
    settings = _settings(unit, window, terms, within_sentence, focus, radius)
    settings["by"] = by
    _check_focus(settings["focus"], sel.vocab)
    entry_code = np.array([doc_code.get(d, -1) for d in sel.doc_ids], dtype=np.int64)[sel.doc]
    from tqdm.auto import tqdm

    out: dict[Any, Cooccurrence] = {}
    for k, value in enumerate(tqdm(values, desc=f"co-occurrence by {by}", unit="group",
                                   disable=None if progress else True, leave=False)):
        out[value] = _count(sel.subset(entry_code == k), unit, window, within_sentence, progress=False,
                            settings={**settings, "group": value}, tokens=tokens, mask=row_code == k)
    members: dict[Any, list[str]] = {v: [] for v in values}
    for doc_id, k in doc_code.items():
        if k >= 0:
            members[values[k]].append(doc_id)
    return CooccurrenceGroups(out, by, members)


def _by_on_cluster(tokens: Any, client: Any, by: str, docs: pd.DataFrame, doc_code: dict[str, int],
                   values: list[Any], *, unit: str, window: int, terms: dict[str, Any], vocabulary: Any,
                   mask: Any, within_sentence: bool, focus: Any, radius: int, progress: bool) -> CooccurrenceGroups:
    """:func:`cooccurrence_by` with ``client``: the counting in :mod:`framing.scale.counts`."""
    from framing.errors import ParameterError
    from framing.scale.counts import cooccurrence_by_on_cluster

    if mask is not None:
        raise ParameterError("cooccurrence_by(client=...) takes no mask; filter the documents instead")
    codes = np.array([doc_code[d] for d in docs["doc_id"].astype(str)], dtype=np.int64)
    settings = _settings(unit, window, terms, within_sentence, focus, radius)
    settings["by"] = by
    if vocabulary is not None:
        _check_focus(settings["focus"], np.asarray(list(dict.fromkeys(vocabulary)), dtype=object))
    out = cooccurrence_by_on_cluster(tokens, client, codes, values, unit=unit, window=window, terms=terms,
                                     vocabulary=vocabulary, within_sentence=within_sentence, settings=settings,
                                     progress=progress)
    if out:
        _check_focus(settings["focus"], next(iter(out.values())).vocab)
    members: dict[Any, list[str]] = {v: [] for v in values}
    for doc_id, k in doc_code.items():
        if k >= 0:
            members[values[k]].append(doc_id)
    return CooccurrenceGroups(out, by, members)


__all__ = ["CooccurrenceGroups", "cooccurrence_by", "compare_edges", "compare_neighbours", "group_keys",
           "period_bounds"]
