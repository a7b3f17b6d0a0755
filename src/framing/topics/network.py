"""Topic networks and frames: the Analysis of Topic Model Networks (ANTMN, Walter & Ophir 2019).

Topics are read as frame *elements*; topics that appear together in the same documents form a
*frame*. The network has one node per topic; an edge's weight says how much two topics co-occur
across documents; communities of the network are candidate frames, to be read and named by a
researcher (with :func:`framing.topics.analysis.representative_docs`).

Edge definitions (``edge=``):

* ``"correlation"`` (default): Pearson correlation of the two topics' proportion vectors over
  documents; only positive correlations become edges, so topics that appear together *more than
  their shares predict* are linked and topics that avoid each other are not (as in stm's
  ``topicCorr``, Roberts et al. 2019);
* ``"cosine"`` (as in Walter & Ophir's published code): cosine similarity of the proportion
  vectors; all pairs with weight > ``min_weight`` (0). LDA gives every document a little of
  every topic, so every pair gets a clearly positive cosine: the network is complete, with
  similar weights everywhere, and Louvain often returns one frame holding all topics. Use it with
  ``backbone=`` (disparity filter) or to reproduce published ANTMN analyses;
* ``"cooccurrence"``: number of documents in which both topics reach ``presence`` (0.1).

Communities: Louvain (NetworkX, seeded with ``random_state``) on the weighted graph, optionally
after a disparity-filter backbone (``backbone=alpha``). Frames are numbered by their share of
the corpus (0 = largest). Node ``size`` is the topic's share of all selected terms (document
proportions weighted by document length, as in ANTMN) when lengths are known.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from framing.errors import InputError, ParameterError

EDGES = ("cosine", "correlation", "cooccurrence")
COMMUNITIES = ("louvain", "greedy", None)


def _theta(doc_topics: pd.DataFrame, exclude: Iterable[int]) -> pd.DataFrame:
    drop = [t for t in exclude]
    unknown = [t for t in drop if t not in doc_topics.columns]
    if unknown:
        raise ParameterError(f"cannot exclude topics {unknown}: topics are {list(doc_topics.columns)}")
    theta = doc_topics.drop(columns=drop).astype(float)
    theta = theta.loc[theta.notna().all(axis=1) & (theta.sum(axis=1) > 0)]
    if theta.shape[1] < 2:
        raise InputError("a topic network needs at least two topics")
    return theta


def edge_weights(theta: np.ndarray, edge: str = "correlation", *, presence: float = 0.1) -> np.ndarray:
    """Topic x topic weights from a documents x topics proportion matrix (diagonal zero)."""
    if edge not in EDGES:
        raise ParameterError(f"edge must be one of {EDGES}, got {edge!r}")
    X = np.asarray(theta, dtype=float)
    if edge == "cosine":
        norm = np.linalg.norm(X, axis=0)
        norm[norm == 0] = 1.0
        W = (X.T @ X) / np.outer(norm, norm)
    elif edge == "correlation":
        with np.errstate(invalid="ignore", divide="ignore"):
            W = np.corrcoef(X, rowvar=False)
        W = np.nan_to_num(W, nan=0.0)
    else:
        P = (X >= presence).astype(np.int64)
        W = (P.T @ P).astype(float)
    np.fill_diagonal(W, 0.0)
    return W


def topic_network(doc_topics: pd.DataFrame, topics: pd.DataFrame | None = None, *, edge: str = "correlation",
                  min_weight: float | None = None, exclude: Sequence[int] = (), presence: float = 0.1,
                  backbone: float | None = None, communities: str | None = "louvain", resolution: float = 1.0,
                  random_state: int | None = 0, doc_lengths: pd.Series | None = None) -> nx.Graph:
    """The ANTMN topic network with frames (communities) as the node attribute ``frame``.

    ``doc_topics``: documents x topics proportions (``model.doc_topics_``); ``topics``: the
    topic table (labels, terms); ``exclude``: topics to leave out (e.g. boilerplate topics, as
    ANTMN removes "garbage" topics); ``min_weight``: drop weaker edges (default 0; for
    co-occurrence counts 1); ``backbone``: keep only edges significant at this level in the
    disparity filter (Serrano et al. 2009) before detecting communities.
    """
    if communities not in COMMUNITIES:
        raise ParameterError(f"communities must be one of {COMMUNITIES}, got {communities!r}")
    theta = _theta(doc_topics, exclude)
    ids = [int(t) for t in theta.columns]
    W = edge_weights(theta.to_numpy(), edge, presence=presence)
    threshold = (1.0 if edge == "cooccurrence" else 0.0) if min_weight is None else float(min_weight)

    G = nx.Graph(edge=edge, n_docs=int(len(theta)), communities=str(communities), resolution=float(resolution),
                 random_state=-1 if random_state is None else int(random_state))
    info = topics.set_index("topic") if topics is not None else None
    prevalence = theta.mean(axis=0)
    if doc_lengths is not None:
        lengths = doc_lengths.reindex(theta.index).fillna(0).to_numpy(dtype=float)
        mass = (theta.to_numpy() * lengths[:, None]).sum(axis=0)
        size = mass / mass.sum() if mass.sum() > 0 else prevalence.to_numpy()
    else:
        size = prevalence.to_numpy()
    for j, t in enumerate(ids):
        attrs: dict[str, Any] = {"topic": t, "label": str(t), "prevalence": float(prevalence.iloc[j]),
                                 "size": float(size[j])}
        if info is not None and t in info.index:
            attrs["label"] = str(info.at[t, "label"])
            attrs["terms"] = ", ".join(map(str, list(info.at[t, "terms"])[:10]))
        G.add_node(str(t), **attrs)
    iu, ju = np.triu_indices(len(ids), k=1)
    for a, b in zip(iu.tolist(), ju.tolist()):
        w = float(W[a, b])
        if w > threshold:
            G.add_edge(str(ids[a]), str(ids[b]), weight=w)
    if backbone is not None:
        G = _backbone(G, float(backbone))
    add_frames(G, communities, resolution=resolution, random_state=random_state)
    return G


def _backbone(G: nx.Graph, alpha: float) -> nx.Graph:
    """Disparity-filter backbone (via framing.networks), keeping every topic as a node."""
    from framing.networks.graph import disparity_filter

    B = disparity_filter(G, alpha=alpha, weight="weight")
    out = nx.Graph(**G.graph, backbone=alpha)
    out.add_nodes_from(G.nodes(data=True))
    out.add_edges_from((u, v, {"weight": d["weight"]}) for u, v, d in B.edges(data=True))
    return out


def add_frames(G: nx.Graph, method: str | None = "louvain", *, resolution: float = 1.0,
               random_state: int | None = 0) -> list[set[str]]:
    """Detect communities and write their number (0 = largest share) as node attribute ``frame``."""
    if G.number_of_nodes() == 0:
        return []
    if method is None or G.number_of_edges() == 0:
        comms = [{n} for n in G.nodes]
    elif method == "louvain":
        comms = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=random_state)
    else:
        comms = nx.community.greedy_modularity_communities(G, weight="weight", resolution=resolution)
    covered = set().union(*comms) if comms else set()
    comms = [set(c) for c in comms] + [{n} for n in G.nodes if n not in covered]
    share = {i: sum(G.nodes[n].get("size", 0.0) for n in c) for i, c in enumerate(comms)}
    order = sorted(range(len(comms)), key=lambda i: (-share[i], min(G.nodes[n]["topic"] for n in comms[i])))
    comms = [comms[i] for i in order]
    for k, c in enumerate(comms):
        for n in c:
            G.nodes[n]["frame"] = k
    if G.number_of_edges() and len(comms) > 1:
        G.graph["modularity"] = float(nx.community.modularity(G, comms, weight="weight"))
    return comms


def frame_members(G: nx.Graph) -> dict[int, list[int]]:
    """Frame number -> its topic ids (sorted)."""
    out: dict[int, list[int]] = {}
    for _, d in G.nodes(data=True):
        out.setdefault(int(d["frame"]), []).append(int(d["topic"]))
    return {k: sorted(v) for k, v in sorted(out.items())}


def doc_frames(G: nx.Graph, doc_topics: pd.DataFrame) -> pd.DataFrame:
    """Documents x frames: each document's summed proportion of the topics of each frame."""
    members = frame_members(G)
    cols = {k: doc_topics[v].sum(axis=1) for k, v in members.items()}
    out = pd.DataFrame(cols, index=doc_topics.index)
    out.columns = pd.Index(list(members), name="frame")
    return out


def frames_table(G: nx.Graph, doc_topics: pd.DataFrame, topics: pd.DataFrame,
                 docs: pd.DataFrame | None = None, *, by: str | None = "place", n_terms: int = 10,
                 topic_word: tuple[pd.DataFrame, pd.Series] | None = None) -> pd.DataFrame:
    """One row per frame: its topics, their labels, the frame's top terms, its share of the corpus
    (mean over documents of the frame's topic proportions) and, with ``by``, one ``share_<group>``
    column per group (e.g. per town).

    ``topic_word``: (topics x terms word distributions, each term's corpus share), as
    ``TopicModel.frames`` passes them; then a frame's top terms are the most *relevant* terms
    (λ = 0.6, see :meth:`TopicModel.relevant_terms`) of its topics' share-weighted word
    distribution – what sets the frame apart. Without it, the topics' top terms weighted by
    topic share."""
    members = frame_members(G)
    info = topics.set_index("topic")
    per_doc = doc_frames(G, doc_topics)
    rows = []
    for k, ids in members.items():
        if topic_word is not None:
            terms = _frame_terms(topic_word, ids, doc_topics, n_terms)
        else:
            score: dict[str, float] = {}
            for t in ids:
                prev = float(doc_topics[t].mean())
                for term, w in zip(info.at[t, "terms"], info.at[t, "weights"]):
                    score[term] = score.get(term, 0.0) + float(w) * prev
            terms = [w for w, _ in sorted(score.items(), key=lambda x: (-x[1], x[0]))[:n_terms]]
        rows.append({"frame": k, "n_topics": len(ids), "topics": ids,
                     "labels": [str(info.at[t, "label"]) for t in ids], "top_terms": terms,
                     "share": float(per_doc[k].mean())})
    table = pd.DataFrame(rows, columns=["frame", "n_topics", "topics", "labels", "top_terms", "share"])
    if by is not None:
        if docs is None:
            raise InputError("frame shares by group need the document metadata (docs)")
        shares = frame_shares(G, doc_topics, docs, by)
        for group in shares.index:
            table[f"share_{group}"] = [float(shares.at[group, k]) for k in table["frame"]]
    return table


def _frame_terms(topic_word: tuple[pd.DataFrame, pd.Series], ids: list[int], doc_topics: pd.DataFrame,
                 n_terms: int) -> list[str]:
    from framing.topics.base import LABEL_LAMBDA

    phi, marginal = topic_word
    prev = np.array([float(doc_topics[t].mean()) for t in ids])
    prev = prev / prev.sum() if prev.sum() > 0 else np.full(len(ids), 1.0 / len(ids))
    mix = (phi.loc[ids].to_numpy(dtype=float) * prev[:, None]).sum(axis=0)
    logmix = np.log(np.clip(mix, 1e-12, None))
    p = np.clip(marginal.reindex(phi.columns).to_numpy(dtype=float), 1e-12, None)
    rel = LABEL_LAMBDA * logmix + (1 - LABEL_LAMBDA) * (logmix - np.log(p))
    order = np.lexsort((np.arange(rel.size), -rel))[:n_terms]
    return [str(phi.columns[j]) for j in order]


def frame_shares(G: nx.Graph, doc_topics: pd.DataFrame, docs: pd.DataFrame, by: str = "place") -> pd.DataFrame:
    """Groups x frames: mean share of each frame in each group's documents."""
    from framing.topics.analysis import topics_by_group

    return topics_by_group(doc_frames(G, doc_topics), docs, by).rename_axis(columns="frame")


def write_topic_network(G: nx.Graph, path: str | Path, *, format: str | None = None) -> Path:
    """Write the topic network for Gephi: GEXF 1.3 (coloured by frame, sized by topic share) via
    :mod:`framing.networks.export`, or GraphML (``.graphml``)."""
    path = Path(path)
    fmt = format or ("graphml" if path.suffix.lower() == ".graphml" else "gexf")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        try:
            from framing.networks.export import write_graphml
        except ImportError:  # pragma: no cover
            nx.write_graphml(G, path)
            return path
        return write_graphml(G, path)
    if fmt != "gexf":
        raise ParameterError(f"format must be 'gexf' or 'graphml', got {fmt!r}")
    try:
        from framing.networks.export import write_gexf
    except ImportError:  # pragma: no cover - the co-occurrence package ships alongside
        nx.write_gexf(G, path)
        return path
    return write_gexf(G, path, colour_by="frame", size_by="size",
                      description=f"topic network (ANTMN), edge={G.graph.get('edge')}")
