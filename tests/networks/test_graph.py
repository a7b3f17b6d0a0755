"""Networks from counts: filters, top-k, disparity backbone, ego networks, communities, attributes."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from framing.networks.counting import cooccurrence
from framing.networks.graph import (
    add_centralities,
    add_communities,
    betweenness_exact,
    disparity_alpha,
    disparity_filter,
    dynamic_graph,
    top_k_mask,
)


def test_top_k_keeps_edges_strong_for_either_end():
    # star around node 0 with weights 5, 4, 3 plus edge 1-2 of weight 1
    i, j = np.array([0, 0, 0, 1]), np.array([1, 2, 3, 2])
    v = np.array([5.0, 4.0, 3.0, 1.0])
    # k=1: node 0 keeps 0-1; node 1 keeps 0-1; node 2 keeps 0-2; node 3 keeps 0-3
    assert top_k_mask(i, j, v, 1).tolist() == [True, True, True, False]
    assert top_k_mask(i, j, v, 2).tolist() == [True, True, True, True]
    assert top_k_mask(i, j, v, 0).tolist() == [False] * 4


def test_disparity_alpha_by_hand():
    # node 0: degree 3, strength 10; edge weights 8, 1, 1. alpha = (1 - w/s)^(k-1)
    i, j, w = np.array([0, 0, 0]), np.array([1, 2, 3]), np.array([8.0, 1.0, 1.0])
    a = disparity_alpha(i, j, w, 4)
    assert a.tolist() == pytest.approx([0.2 ** 2, 0.9 ** 2, 0.9 ** 2])
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 8.0), ("a", "c", 1.0), ("a", "d", 1.0)])
    B = disparity_filter(G, 0.05)
    assert list(B.edges) == [("a", "b")] and B.edges["a", "b"]["alpha"] == pytest.approx(0.04)


def test_to_graph_attributes(tokens_from):
    toks = tokens_from({"d1": ["Flüchtling Belastung", "Flüchtling Belastung", "Chance Leerstand"],
                        "d2": ["Chance Leerstand"]})
    G = cooccurrence(toks).to_graph("npmi", labels={"Chance": "Inwertsetzung"})
    assert set(G.nodes) == {"Flüchtling", "Belastung", "Chance", "Leerstand"}
    n = G.nodes["Chance"]
    assert n["label"] == "Chance" and n["frequency"] == 2 and n["doc_freq"] == 2 and n["unit_freq"] == 2
    assert n["pos"] == "NOUN" and n["frame"] == "Inwertsetzung" and G.nodes["Flüchtling"]["frame"] == ""
    assert {"community", "degree", "strength", "betweenness", "pagerank"} <= set(n)
    e = G.edges["Chance", "Leerstand"]
    assert e["count"] == 2 and e["npmi"] == pytest.approx(1.0) and e["weight"] == e["npmi"]
    assert G.graph["unit"] == "sentence" and G.graph["measure"] == "npmi" and G.graph["n"] == 4
    G2 = cooccurrence(toks).to_graph("count")
    assert G2.edges["Chance", "Leerstand"]["weight"] == 2.0 and "npmi" not in G2.edges["Chance", "Leerstand"]


def test_min_count_and_attraction(tokens_from):
    # A-B twice, A-C once; C is everywhere so A-C is below expectation in unit counts
    toks = tokens_from({"d": ["A B C", "A B C", "C D", "C D", "A C"]})
    c = cooccurrence(toks)
    G = c.to_graph("count", min_pair_count=2)
    assert ("A", "B") in G.edges and ("A", "C") not in G.edges
    # O11(A,C) = 3, E11 = 3 * 5 / 5 = 3: not an attraction
    assert ("A", "C") not in c.to_graph("count").edges
    assert ("A", "C") in c.to_graph("count", attraction_only=False).edges
    assert ("A", "B") not in c.to_graph("npmi", min_value=0.9).edges


def test_significance_filter(tokens_from):
    strong = ["A B"] * 30 + ["C"] * 30 + ["D E"] + ["D"] * 10 + ["E"] * 10
    G = cooccurrence(tokens_from({"d": strong})).to_graph("g2", alpha=0.01)
    assert list(G.edges) == [("A", "B")]
    assert G.edges["A", "B"]["q"] < 0.01 and "p" in G.edges["A", "B"]


def test_top_n_per_node_in_graph(tokens_from):
    toks = tokens_from({"d": ["A B"] * 3 + ["A C"] * 2 + ["A D"] + ["E"] * 6})
    G = cooccurrence(toks).to_graph("count", top_n_per_node=1)
    # A keeps only B; C and D keep their only edge (to A): union rule
    assert set(G.edges) == {("A", "B"), ("A", "C"), ("A", "D")}
    # then the backbone: A has degree 3, strength 6; A-B: alpha = (1 - 3/6)^2 = 0.25
    assert set(cooccurrence(toks).to_graph("count", top_n_per_node=1, backbone=0.3).edges) == {("A", "B")}
    assert cooccurrence(toks).to_graph("count", top_n_per_node=1, backbone=0.2).number_of_edges() == 0


def test_backbone_on_counts(tokens_from):
    toks = tokens_from({"d": ["Hub X"] * 20 + ["Hub Y", "Hub Z", "Y Z"] + ["W"] * 40})
    G = cooccurrence(toks).to_graph("count", backbone=0.1)
    assert ("Hub", "X") in G.edges and ("Hub", "Y") not in G.edges


def test_ego_network(tokens_from):
    toks = tokens_from({"d": ["A B", "B C", "C D", "D E"] + ["F"] * 4})
    c = cooccurrence(toks, focus="A", radius=2)
    G = c.to_graph("count")
    assert set(G.nodes) == {"A", "B", "C"} and G.nodes["A"]["focal"] and not G.nodes["C"]["focal"]
    assert set(c.to_graph("count", radius=1).nodes) == {"A", "B"}
    assert set(c.to_graph("count", focus=["E"], radius=1).nodes) == {"D", "E"}
    assert G.graph["focus"] == "A" and G.graph["radius"] == 2


def test_communities_two_cliques_deterministic(tokens_from):
    left = ["Flüchtling Belastung Brennpunkt"] * 3
    right = ["Chance Leerstand Fachkräfte"] * 3
    toks = tokens_from({"d": left + right + ["Flüchtling Chance"]})
    c = cooccurrence(toks)
    G = c.to_graph("count", attraction_only=False)
    comm = nx.get_node_attributes(G, "community")
    assert comm["Belastung"] == comm["Brennpunkt"] == comm["Flüchtling"]
    assert comm["Chance"] == comm["Leerstand"] == comm["Fachkräfte"]
    assert comm["Flüchtling"] != comm["Chance"]
    again = nx.get_node_attributes(c.to_graph("count", attraction_only=False), "community")
    assert again == comm
    greedy = c.to_graph("count", attraction_only=False, communities="greedy")
    g = nx.get_node_attributes(greedy, "community")
    assert g["Leerstand"] == g["Chance"] != g["Flüchtling"] == g["Belastung"]
    assert "community" not in c.to_graph(communities=None).nodes["Chance"]
    with pytest.raises(ValueError):
        c.to_graph(communities="spectral")


def test_betweenness_by_hand_with_two_shortest_paths():
    # a square a-b-d, a-c-d (equal lengths) plus a pendant e on d: every path to e runs through d,
    # a-d splits half and half over b and c
    G = nx.Graph([("a", "b"), ("b", "d"), ("a", "c"), ("c", "d"), ("d", "e")])
    nx.set_edge_attributes(G, 1.0, "_d")
    bc = betweenness_exact(G, "_d")
    # shares of the pairs' shortest paths through each node, over (n-1)(n-2)/2 = 6 pairs:
    # a: b-c 1/2 (b-a-c or b-d-c); b and c: a-d 1/2, a-e 1/2; d: b-c 1/2, a-e, b-e, c-e
    assert bc == pytest.approx({"a": 0.5 / 6, "b": 1 / 6, "c": 1 / 6, "d": 3.5 / 6, "e": 0.0})


@pytest.mark.parametrize("seed", range(8))
def test_betweenness_exact_is_networkx_bit_for_bit(seed):
    # random graphs with tied path lengths (lengths 0.5, 1, 2) and several components
    rng = np.random.default_rng(seed)
    G = nx.gnm_random_graph(40, 70, seed=seed)
    G = nx.relabel_nodes(G, {k: f"t{k}" for k in G})
    for u, v in G.edges:
        G.edges[u, v]["_d"] = float(rng.choice([0.5, 1.0, 2.0, 1 / 3]))
    ours = betweenness_exact(G, "_d")
    theirs = nx.betweenness_centrality(G, weight="_d", normalized=True)
    assert list(ours) == list(theirs)
    assert all(ours[n] == theirs[n] for n in G)  # equal, not approximately equal


def test_centralities_by_hand():
    G = nx.path_graph(["a", "b", "c"])
    for u, v in G.edges:
        G.edges[u, v]["weight"] = 1.0
    add_centralities(G, ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank"))
    assert G.nodes["b"]["degree"] == 2 and G.nodes["a"]["strength"] == 1.0
    assert G.nodes["b"]["betweenness"] == pytest.approx(1.0) and G.nodes["a"]["betweenness"] == 0.0
    assert G.nodes["b"]["eigenvector"] > G.nodes["a"]["eigenvector"]
    assert sum(nx.get_node_attributes(G, "pagerank").values()) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        add_centralities(G, ("fame",))


def test_communities_on_empty_graph():
    assert add_communities(nx.Graph()) == []


def test_dynamic_graph_spells_and_values():
    g1, g2 = nx.Graph(), nx.Graph()
    g1.add_node("A", label="A", frequency=3)
    g1.add_node("B", label="B", frequency=1)
    g1.add_edge("A", "B", count=2, weight=0.5)
    g2.add_node("A", label="A", frequency=5)
    g2.add_node("C", label="C", frequency=2)
    g2.add_edge("A", "C", count=1, weight=0.9)
    periods = {2016: ("2016-01-01", "2016-12-31"), 2017: ("2017-01-01", "2017-12-31")}
    D = dynamic_graph({2016: g1, 2017: g2}, periods)
    assert D.graph["mode"] == "dynamic" and D.graph["start"] == "2016-01-01" and D.graph["end"] == "2017-12-31"
    assert D.nodes["A"]["spells"] == [periods[2016], periods[2017]]
    assert D.nodes["A"]["frequency"] == [(3, *periods[2016]), (5, *periods[2017])]
    assert D.nodes["A"]["frequency_total"] == 8
    assert D.edges["A", "B"]["spells"] == [periods[2016]] and D.edges["A", "B"]["weight"] == [(0.5, *periods[2016])]
    assert "community" in D.nodes["C"]
    with pytest.raises(ValueError, match="no period"):
        dynamic_graph({2018: g1}, periods)
