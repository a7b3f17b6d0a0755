"""ANTMN topic networks: edges from co-occurrence of topics in documents, communities as frames, GEXF."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from framing.errors import InputError
from framing.topics import frames_table, topic_network, write_topic_network
from framing.topics.network import edge_weights, frame_shares


def _block_theta(n: int = 80, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Topics 0+1 appear together (town A), topics 2+3 together (town B), topic 4 everywhere a little."""
    rng = np.random.default_rng(seed)
    rows, places = [], []
    for i in range(n):
        a = i % 2 == 0
        w = np.full(5, 0.02)
        if a:
            w[[0, 1]] = rng.uniform(0.3, 0.5, 2)
        else:
            w[[2, 3]] = rng.uniform(0.3, 0.5, 2)
        w[4] = rng.uniform(0.0, 0.1)
        rows.append(w / w.sum())
        places.append("A" if a else "B")
    ids = [f"d{i}" for i in range(n)]
    theta = pd.DataFrame(rows, index=pd.Index(ids, name="doc_id"), columns=pd.Index(range(5), name="topic"))
    docs = pd.DataFrame({"doc_id": ids, "place": places})
    topics = pd.DataFrame({"topic": range(5), "label": [f"t{k}" for k in range(5)],
                           "terms": [[f"w{k}a", f"w{k}b", "common"] for k in range(5)],
                           "weights": [[0.5, 0.3, 0.2]] * 5})
    return theta, docs, topics


@pytest.mark.parametrize("edge", ["cosine", "correlation", "cooccurrence"])
def test_block_structure_gives_two_frames(edge) -> None:
    theta, _docs, topics = _block_theta()
    G = topic_network(theta, topics, edge=edge, random_state=0, exclude=[4])
    assert set(G.nodes) == {"0", "1", "2", "3"}
    assert G.nodes["0"]["frame"] == G.nodes["1"]["frame"] != G.nodes["2"]["frame"] == G.nodes["3"]["frame"]
    assert G.nodes["0"]["label"] == "t0" and "w0a" in G.nodes["0"]["terms"]
    if edge == "correlation":
        assert not G.has_edge("0", "2")                     # negative correlation: no edge


def test_edge_weights_definitions() -> None:
    X = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    assert np.isclose(edge_weights(X, "cosine")[0, 1], 0.5)
    assert np.isclose(edge_weights(X, "correlation")[0, 1], -0.5)
    assert edge_weights(X, "cooccurrence", presence=0.5)[0, 1] == 1.0
    assert edge_weights(X, "cosine")[0, 0] == 0.0
    with pytest.raises(InputError):
        edge_weights(X, "jaccard")


def test_frames_table_and_shares() -> None:
    theta, docs, topics = _block_theta()
    G = topic_network(theta, topics, random_state=0, exclude=[4])
    table = frames_table(G, theta, topics, docs, by="place")
    assert list(table.columns) == ["frame", "n_topics", "topics", "labels", "top_terms", "share",
                                   "share_A", "share_B"]
    assert sorted(map(tuple, table["topics"])) == [(0, 1), (2, 3)]
    row_a = table[table["topics"].map(tuple) == (0, 1)].iloc[0]
    assert row_a["share_A"] > 0.8 and row_a["share_B"] < 0.1         # topic 4 (excluded) holds the rest
    assert row_a["top_terms"][0] in {"w0a", "w1a"}
    shares = frame_shares(G, theta, docs, "place")
    assert shares.shape == (2, 2)
    assert frames_table(G, theta, topics, by=None).shape == (2, 6)


def test_backbone_and_reproducible_communities() -> None:
    theta, _docs, topics = _block_theta(seed=3)
    G1 = topic_network(theta, topics, random_state=4)
    G2 = topic_network(theta, topics, random_state=4)
    assert nx.get_node_attributes(G1, "frame") == nx.get_node_attributes(G2, "frame")
    B = topic_network(theta, topics, backbone=0.3, random_state=4)
    assert B.number_of_nodes() == 5 and B.number_of_edges() <= G1.number_of_edges()
    with pytest.raises(InputError):
        topic_network(theta, topics, exclude=[9])


def test_model_network_and_gexf_export(toy_tokens, tmp_path, shared_data_root) -> None:
    from framing.topics import LdaTopicModel

    m = LdaTopicModel(n_topics=4, random_state=1, progress=False, coherence=None).fit(toy_tokens)
    G = m.topic_network()
    assert G.number_of_nodes() == 4 and all("frame" in d for _, d in G.nodes(data=True))
    frames = m.frames(by="place", graph=G)
    assert frames["n_topics"].sum() == 4
    assert {"share_Altena", "share_Essen-Altenessen", "share_Essen-Hörsterfeld"} <= set(frames.columns)
    path = write_topic_network(G, tmp_path / "topics.gexf")
    back = nx.read_gexf(path)
    assert set(back.nodes) == set(G.nodes) and back.number_of_edges() == G.number_of_edges()
    schema = shared_data_root / "schemas" / "gexf-1.3" / "gexf.rng"
    if schema.exists():
        from framing.networks.export import validate_gexf

        assert validate_gexf(path, schema) == []
    graphml = write_topic_network(G, tmp_path / "topics.graphml")
    assert nx.read_graphml(graphml).number_of_nodes() == 4


def test_default_edges_find_two_frames_when_every_document_has_every_topic() -> None:
    """LDA gives every document some of every topic: cosine links all pairs (a complete network),
    the default (positive correlations) links only topics that go together."""
    theta, _docs, topics = _block_theta(seed=3)
    theta = (theta + 0.05).div((theta + 0.05).sum(axis=1), axis=0)     # a smoothed, LDA-like mixture
    cos = topic_network(theta, topics, edge="cosine", random_state=0)
    assert cos.number_of_edges() == 10                                   # complete: 5 topics, 10 pairs
    G = topic_network(theta, topics, random_state=0)                     # default edge
    assert G.graph["edge"] == "correlation"
    frames = {}
    for n, d in G.nodes(data=True):
        frames.setdefault(d["frame"], set()).add(int(n))
    assert {0, 1} in [f & {0, 1, 2, 3} for f in frames.values()]
    assert {2, 3} in [f & {0, 1, 2, 3} for f in frames.values()]
    assert G.nodes["0"]["frame"] != G.nodes["2"]["frame"]
    assert not G.has_edge("0", "2") and not G.has_edge("1", "3")        # negatively correlated: no edge


def test_frames_table_names_frames_by_distinctive_terms() -> None:
    """With topic-word distributions, a frame's top terms are what sets it apart, not the word
    that is frequent everywhere."""
    theta, _docs, topics = _block_theta()
    G = topic_network(theta, topics, random_state=0, exclude=[4])
    vocab = ["common", "w0a", "w1a", "w2a", "w3a"]
    rows = []
    for k in range(4):
        row = [0.3] + [0.05] * 4
        row[1 + k] = 0.55                                                 # "common" is 0.3 in every topic
        rows.append(row)
    phi = pd.DataFrame(rows + [[0.3, 0.175, 0.175, 0.175, 0.175]], index=range(5), columns=vocab)
    marginal = pd.Series([0.3, 0.175, 0.175, 0.175, 0.175], index=vocab)
    # frame {0, 1}: common 0.3, w0a 0.3, w1a 0.3 -> relevance 0.6·log 0.3 + 0.4·log(0.3/0.175) beats common
    table = frames_table(G, theta, topics, by=None, n_terms=2, topic_word=(phi, marginal))
    terms = {tuple(sorted(t)) for t in table["top_terms"]}
    assert terms == {("w0a", "w1a"), ("w2a", "w3a")}
