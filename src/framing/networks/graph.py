"""From co-occurrence counts to a term network: edge filtering, backbone, communities, centralities.

:func:`build_graph` (``Cooccurrence.to_graph``) turns the counted pairs into a
``networkx.Graph`` in a fixed, documented order:

1. keep pairs with ``count >= min_pair_count``;
2. keep only attraction (``O11 > E11``) unless ``attraction_only=False``;
3. ``min_value``: a threshold on the measure; ``alpha``: keep pairs whose association is
   significant after Benjamini–Hochberg correction (``q < alpha``, ``test`` = g2/chi2/fisher);
4. ``top_n_per_node``: keep an edge when it is among the ``n`` strongest edges of *either*
   endpoint (by the measure);
5. ``backbone``: the disparity filter of Serrano, Boguñá & Vespignani (2009) at level
   ``backbone`` (e.g. 0.05), on the edge weights named by ``backbone_weight``;
6. ``focus``/``radius``: the ego network, everything within ``radius`` steps of a focal term;
7. nodes without edges are dropped (``keep_isolates=True`` keeps every term);
8. communities and centralities are computed on the final graph.

Node attributes: ``label``, ``frequency`` (tokens), ``doc_freq``, ``unit_freq`` (the term's
marginal: sentences/documents containing it, or window pairs), ``pos``, ``frame`` (from
``labels``), ``focal``, ``community``, and the centralities. Edge attributes: ``count``, the
measure under its own name (e.g. ``npmi``), ``weight`` (= the measure, what Gephi and layouts
use), and ``p``/``q`` when a test was run.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from framing._compat import renamed_params
from framing.errors import MissingDependencyError, ParameterError, check_choice
from framing.networks import measures as M

if TYPE_CHECKING:  # pragma: no cover
    from framing.networks.counting import Cooccurrence

CENTRALITIES = ("degree", "strength", "betweenness", "pagerank", "eigenvector", "closeness")
DEFAULT_CENTRALITIES = ("degree", "strength", "betweenness", "pagerank")
COMMUNITY_METHODS = ("louvain", "leiden", "greedy")
#: above this many nodes, betweenness is estimated from a seeded sample of source nodes
BETWEENNESS_EXACT_MAX = 2000


def top_k_mask(i: np.ndarray, j: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """True for edges among the ``k`` highest-valued edges of either endpoint (ties: lower
    neighbour index first), vectorised over all nodes at once."""
    m = len(values)
    if m == 0 or k <= 0:
        return np.zeros(m, dtype=bool)
    node = np.concatenate([i, j])
    other = np.concatenate([j, i])
    val = np.concatenate([values, values])
    edge = np.concatenate([np.arange(m), np.arange(m)])
    order = np.lexsort((other, -val, node))
    node_sorted = node[order]
    starts = np.r_[0, np.flatnonzero(np.diff(node_sorted)) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    keep = np.zeros(m, dtype=bool)
    keep[edge[order][rank < k]] = True
    return keep


def disparity_alpha(i: np.ndarray, j: np.ndarray, w: np.ndarray, n_nodes: int) -> np.ndarray:
    """Disparity-filter significance of each edge (Serrano, Boguñá & Vespignani 2009, PNAS 106(16)).

    For node ``u`` with degree ``k_u`` and strength ``s_u``, an edge of weight ``w`` has
    ``alpha_u = (1 - w / s_u) ** (k_u - 1)``: the probability that uniform random weights on
    ``k_u`` edges give this edge at least its share. The edge's value is
    ``min(alpha_u, alpha_v)``; the backbone keeps edges with a value below the chosen level
    (significant for at least one endpoint). A node's only edge gets ``alpha_u = 1``.
    """
    if len(w) == 0:
        return np.zeros(0)
    w = np.asarray(w, dtype=np.float64)
    strength = np.bincount(i, weights=w, minlength=n_nodes) + np.bincount(j, weights=w, minlength=n_nodes)
    degree = np.bincount(i, minlength=n_nodes) + np.bincount(j, minlength=n_nodes)

    def side(u: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(strength[u] > 0, w / strength[u], 1.0)
        return np.power(np.clip(1.0 - p, 0.0, 1.0), degree[u] - 1.0)

    return np.minimum(side(i), side(j))


def disparity_filter(G: nx.Graph, alpha: float = 0.05, weight: str = "weight") -> nx.Graph:
    """The backbone of a weighted graph by the disparity filter (see :func:`disparity_alpha`);
    edges get an ``alpha`` attribute, nodes left without edges are dropped."""
    nodes = list(G.nodes)
    index = {n: k for k, n in enumerate(nodes)}
    edges = list(G.edges(data=weight, default=1.0))
    i = np.array([index[u] for u, _, _ in edges], dtype=np.int64)
    j = np.array([index[v] for _, v, _ in edges], dtype=np.int64)
    w = np.array([float(x) for _, _, x in edges])
    a = disparity_alpha(i, j, w, len(nodes))
    B = nx.Graph()
    B.graph.update(G.graph)
    for (u, v, _), value in zip(edges, a):
        if value < alpha:
            B.add_edge(u, v, **G.edges[u, v], alpha=float(value))
    for n in B.nodes:
        B.nodes[n].update(G.nodes[n])
    return B


def add_communities(G: nx.Graph, method: str = "louvain", *, weight: str = "weight",
                    resolution: float = 1.0, random_state: int | None = 0,
                    attribute: str = "community") -> list[set[Any]]:
    """Detect communities and write their number to a node attribute (0 = largest).

    ``"louvain"`` (NetworkX, Blondel et al. 2008, seeded), ``"leiden"`` (Traag et al. 2019; needs
    the optional ``igraph`` package, GPL-2) or ``"greedy"`` (Clauset–Newman–Moore, deterministic).
    Weights must be positive; otherwise edge counts are used.
    """
    check_choice("communities", method, COMMUNITY_METHODS, allow_none=True)
    if G.number_of_nodes() == 0:
        return []
    if G.number_of_edges() and any(d.get(weight, 1.0) <= 0 for _, _, d in G.edges(data=True)):
        warnings.warn(f"non-positive {weight!r} values: communities use edge counts instead", stacklevel=3)
        weight = "count"
    if method == "louvain":
        comms = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=random_state)
    elif method == "greedy":
        comms = nx.community.greedy_modularity_communities(G, weight=weight, resolution=resolution)
    else:
        comms = _leiden(G, weight, resolution, random_state)
    comms = sorted(comms, key=lambda c: (-len(c), sorted(map(str, c))))  # stable numbering
    for k, c in enumerate(comms):
        for n in c:
            G.nodes[n][attribute] = k
    return [set(c) for c in comms]


def _leiden(G: nx.Graph, weight: str, resolution: float, random_state: int | None) -> list[set[Any]]:
    try:
        import igraph as ig
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "communities='leiden' needs python-igraph (GPL-2, optional), which is not installed; "
            'install the leiden extra: pip install "framing-lokal[leiden]", '
            "or use communities='louvain'") from None
    import random

    nodes = list(G.nodes)
    index = {n: k for k, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges])
    weights = [float(d.get(weight, 1.0)) for _, _, d in G.edges(data=True)]
    ig.set_random_number_generator(random.Random(random_state))
    try:
        part = g.community_leiden(objective_function="modularity", weights=weights,
                                  resolution=resolution, n_iterations=-1)
    finally:
        ig.set_random_number_generator(random)
    return [{nodes[k] for k in members} for members in part]


def add_centralities(G: nx.Graph, which: Iterable[str] = DEFAULT_CENTRALITIES, *, weight: str = "weight",
                     random_state: int | None = 0) -> None:
    """Write node centralities as attributes.

    ``degree`` (number of neighbours), ``strength`` (sum of edge weights), ``betweenness``
    (shortest paths with distance ``1 / weight``, normalised; estimated from a seeded sample of
    1000 sources above 2000 nodes), ``pagerank`` (weighted), ``eigenvector`` (weighted, per
    component), ``closeness`` (distance ``1 / weight``).
    """
    which = list(which)
    unknown = set(which) - set(CENTRALITIES)
    if unknown:
        raise ParameterError(f"unknown centralities {sorted(unknown)}; choose from {CENTRALITIES}")
    if G.number_of_nodes() == 0:
        return
    needs_distance = {"betweenness", "closeness"} & set(which)
    if needs_distance:
        for _, _, d in G.edges(data=True):
            w = float(d.get(weight, 1.0))
            d["_distance"] = 1.0 / w if w > 0 else math.inf
    values: dict[str, dict[Any, float]] = {}
    if "degree" in which:
        values["degree"] = dict(G.degree())
    if "strength" in which:
        values["strength"] = {n: float(s) for n, s in G.degree(weight=weight)}
    if "betweenness" in which:
        if G.number_of_nodes() <= BETWEENNESS_EXACT_MAX:
            values["betweenness"] = betweenness_exact(G, "_distance")
        else:
            values["betweenness"] = nx.betweenness_centrality(G, k=1000, weight="_distance", normalized=True,
                                                              seed=random_state)
    if "closeness" in which:
        values["closeness"] = nx.closeness_centrality(G, distance="_distance")
    if "pagerank" in which:
        values["pagerank"] = nx.pagerank(G, weight=weight) if G.number_of_edges() else \
            {n: 1.0 / G.number_of_nodes() for n in G}
    if "eigenvector" in which:
        values["eigenvector"] = _eigenvector(G, weight)
    if needs_distance:
        for _, _, d in G.edges(data=True):
            d.pop("_distance", None)
    for name, per_node in values.items():
        for n, v in per_node.items():
            G.nodes[n][name] = int(v) if name == "degree" else float(v)


def betweenness_exact(G: nx.Graph, distance: str = "weight") -> dict[Any, float]:
    """Exact normalised betweenness of an undirected graph with edge lengths ``distance``.

    The same numbers, bit for bit, as ``nx.betweenness_centrality(G, weight=distance,
    normalized=True)``: the same algorithm (Brandes 2001, Dijkstra per source with the same heap
    order, the same accumulation order) run on integer node ids and plain lists instead of
    NetworkX's dict views and weight callbacks, which makes it about twice as fast."""
    from heapq import heappop, heappush

    nodes = list(G)
    n = len(nodes)
    index = {v: k for k, v in enumerate(nodes)}
    adj = [[(index[w], d.get(distance, 1)) for w, d in G[v].items()] for v in nodes]
    bc = [0.0] * n
    for s in range(n):
        sigma = [0.0] * n
        settled = [False] * n
        seen: list[Any] = [None] * n
        P: list[list[int]] = [[] for _ in range(n)]
        S: list[int] = []
        sigma[s] = 1.0
        seen[s] = 0
        Q: list[tuple[Any, int, int, int]] = [(0, 0, s, s)]
        c = 1
        while Q:
            dist, _, pred, v = heappop(Q)
            if settled[v]:
                continue
            sigma[v] += sigma[pred]
            S.append(v)
            settled[v] = True
            for w, length in adj[v]:
                vw = dist + length
                sw = seen[w]
                if not settled[w] and (sw is None or vw < sw):
                    seen[w] = vw
                    heappush(Q, (vw, c, v, w))
                    c += 1
                    sigma[w] = 0.0
                    P[w] = [v]
                elif vw == sw:
                    sigma[w] += sigma[v]
                    P[w].append(v)
        delta: list[Any] = [0] * n
        while S:
            w = S.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in P[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                bc[w] += delta[w]
    if n - 1 >= 2:
        scale = 1 / ((n - 1) * (n - 2))
        bc = [b * scale for b in bc]
    return dict(zip(nodes, bc))


def _eigenvector(G: nx.Graph, weight: str) -> dict[Any, float]:
    out: dict[Any, float] = {}
    for comp in nx.connected_components(G):
        H = G.subgraph(comp)
        if H.number_of_edges() == 0:
            out.update({n: 0.0 for n in H})
            continue
        try:
            out.update(nx.eigenvector_centrality_numpy(H, weight=weight))
        except Exception:  # pragma: no cover - numerical corner cases
            out.update({n: 0.0 for n in H})
    return {n: abs(v) for n, v in out.items()}


def ego_nodes(G: nx.Graph, focus: Iterable[str], radius: int = 1) -> set[Any]:
    """All nodes within ``radius`` steps of any focal node present in ``G``."""
    keep: set[Any] = set()
    for f in focus:
        if f in G:
            keep |= set(nx.single_source_shortest_path_length(G, f, cutoff=radius))
    return keep


@renamed_params(min_count="min_pair_count", top_k_per_node="top_n_per_node")
def build_graph(cooc: "Cooccurrence", measure: str = "npmi", *, min_pair_count: int = 1,
                min_value: float | None = None, top_n_per_node: int | None = None,
                alpha: float | None = None, test: str = "g2", attraction_only: bool = True,
                backbone: float | None = None, backbone_weight: str = "count",
                focus: str | Iterable[str] | None = None, radius: int | None = None,
                labels: Mapping[str, str] | None = None, communities: str | None = "louvain",
                resolution: float = 1.0, centralities: Sequence[str] = DEFAULT_CENTRALITIES,
                keep_isolates: bool = False, random_state: int | None = 0) -> nx.Graph:
    """Build the term network of ``cooc`` (steps and attributes: module docs).

    ``measure`` names the edge weight (count, pmi, npmi, g2, dice, log_dice, t, chi2).
    ``labels`` maps terms to frame labels (a codebook's term → frame), written to the node
    attribute ``frame`` (``""`` for unlabelled terms). ``focus``/``radius`` default to the
    values given to :func:`~framing.networks.counting.cooccurrence`. ``communities``:
    ``"louvain"``, ``"leiden"``, ``"greedy"`` or ``None``; ``random_state`` seeds Louvain and
    sampled betweenness, so the same input gives the same graph.
    """
    from framing.networks.counting import sorted_unique

    name = M.resolve(measure)
    i, j, o11 = cooc.pairs()
    r1, c1, n = cooc.marginals[i], cooc.marginals[j], cooc.n
    keep = o11 >= min_pair_count
    if attraction_only:
        keep &= M.attraction(o11, r1, c1, n)
    values = M.compute(name, o11, r1, c1, n)
    if min_value is not None:
        keep &= values >= min_value
    p = q = None
    if alpha is not None:
        cand = np.flatnonzero(keep)
        p = np.ones(len(o11))
        q = np.ones(len(o11))
        p[cand] = M.p_value(test, o11[cand], r1[cand], c1[cand], n)
        q[cand] = M.fdr_bh(p[cand])
        keep &= q < alpha
    idx = np.flatnonzero(keep)
    if top_n_per_node is not None:
        idx = idx[top_k_mask(i[idx], j[idx], values[idx], top_n_per_node)]
    if backbone is not None:
        bw = o11[idx].astype(np.float64) if backbone_weight == "count" else \
            M.compute(backbone_weight, o11[idx], r1[idx], c1[idx], n)
        idx = idx[disparity_alpha(i[idx], j[idx], bw, cooc.n_terms) < backbone]

    G = nx.Graph()
    G.graph.update({k: v for k, v in {
        "unit": cooc.unit, "window": cooc.window, "measure": name, "n": int(cooc.n),
        "n_units": int(cooc.n_units), "n_docs": int(cooc.n_docs), "n_tokens": int(cooc.n_tokens),
        "min_pair_count": int(min_pair_count), "top_n_per_node": top_n_per_node, "backbone": backbone,
        "alpha": alpha}.items() if v is not None})
    vocab = cooc.vocab
    nodes = np.arange(cooc.n_terms) if keep_isolates else sorted_unique(i[idx], j[idx])
    labels = labels or {}
    pos = cooc.pos
    for k in nodes.tolist():
        term = str(vocab[k])
        attrs: dict[str, Any] = {"label": term, "frequency": int(cooc.term_freq[k]),
                                 "doc_freq": int(cooc.doc_freq[k]), "unit_freq": int(cooc.marginals[k]),
                                 "pos": "" if pos is None else str(pos[k] or "")}
        if labels:
            attrs["frame"] = str(labels.get(term, ""))
        G.add_node(term, **attrs)
    for e in idx.tolist():
        attrs = {"count": int(o11[e]), "weight": float(values[e])}
        if name != "count":
            attrs[name] = float(values[e])
        if p is not None and q is not None:
            attrs["p"], attrs["q"] = float(p[e]), float(q[e])
        G.add_edge(str(vocab[i[e]]), str(vocab[j[e]]), **attrs)

    focal = [focus] if isinstance(focus, str) else list(focus) if focus is not None else \
        list(cooc.settings.get("focus") or [])
    if focal:
        radius = radius if radius is not None else int(cooc.settings.get("radius") or 1)
        G = G.subgraph(ego_nodes(G, focal, radius)).copy()
        for node in G.nodes:
            G.nodes[node]["focal"] = node in focal
        G.graph["focus"] = "|".join(focal)
        G.graph["radius"] = radius
    if communities:
        add_communities(G, communities, resolution=resolution, random_state=random_state)
    if centralities:
        add_centralities(G, centralities, random_state=random_state)
    return G


def dynamic_graph(graphs: Mapping[Any, nx.Graph], periods: Mapping[Any, tuple[str, str]], *,
                  static_node: Sequence[str] = ("label", "pos", "frame"),
                  dynamic_node: Sequence[str] = ("frequency", "degree"),
                  dynamic_edge: Sequence[str] | None = None, communities: str | None = "louvain",
                  resolution: float = 1.0, random_state: int | None = 0) -> nx.Graph:
    """Merge time-slice graphs into one dynamic graph for Gephi's timeline.

    ``graphs`` maps a slice key (e.g. a year) to its network, ``periods`` the key to its
    ``(start, end)`` dates (inclusive, ISO ``YYYY-MM-DD``). Nodes and edges get ``spells``
    (one ``(start, end)`` per slice they are present in); attributes that change over time are
    stored the NetworkX way, as lists of ``(value, start, end)``, and written as dynamic GEXF
    attributes. ``frequency_total`` and the edge ``count_total`` sum the slices; communities
    are computed on the merged graph (weights: total counts) so colours stay fixed over time.
    """
    keys = [k for k in graphs if k in periods]
    missing = [k for k in graphs if k not in periods]
    if missing:
        raise ParameterError(f"no period (start, end) for slices {missing}")
    if dynamic_edge is None:
        extra = {a for g in graphs.values() for _, _, d in g.edges(data=True) for a in d}
        dynamic_edge = [a for a in ("count", "weight", *sorted(extra)) if a in extra and a not in ("p", "q")]
        dynamic_edge = list(dict.fromkeys(dynamic_edge))
    D = nx.Graph()
    first = next(iter(graphs.values()), nx.Graph())
    D.graph.update({k: v for k, v in first.graph.items() if k not in ("n", "n_units", "n_docs", "n_tokens")})
    D.graph["mode"] = "dynamic"
    D.graph["timeformat"] = "date"
    if keys:
        D.graph["start"] = min(periods[k][0] for k in keys)
        D.graph["end"] = max(periods[k][1] for k in keys)
    for key in keys:
        g = graphs[key]
        start, end = periods[key]
        for node, data in g.nodes(data=True):
            if node not in D:
                D.add_node(node, **{a: data[a] for a in static_node if a in data}, frequency_total=0, spells=[])
            nd = D.nodes[node]
            nd["spells"].append((start, end))
            nd["frequency_total"] += int(data.get("frequency", 0))
            for a in dynamic_node:
                if a in data:
                    nd.setdefault(a, []).append((data[a], start, end))
        for u, v, data in g.edges(data=True):
            if not D.has_edge(u, v):
                D.add_edge(u, v, count_total=0, spells=[])
            ed = D.edges[u, v]
            ed["spells"].append((start, end))
            ed["count_total"] += int(data.get("count", 0))
            for a in dynamic_edge:
                if a in data:
                    ed.setdefault(a, []).append((data[a], start, end))
    if communities:
        add_communities(D, communities, weight="count_total", resolution=resolution, random_state=random_state)
    return D
