"""Gephi export: GEXF 1.3 validates against the official schema and reads back with NetworkX;
dynamic GEXF spells; GraphML; spreadsheet CSV; PNG preview."""
from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from lxml import etree

from framing.networks import export
from framing.networks.counting import cooccurrence
from framing.networks.plot import plot_network

SPECIAL = ["Flüchtling", "Straße", "Übergangswohnheim", "A&B", "<Heim>", 'sagt "Nein"', "Ärger's"]


def special_graph(tokens_from) -> nx.Graph:
    sentences = [" ".join(["Flüchtling", "Straße", "Übergangswohnheim"])] * 3 + \
                [" ".join(["A&B", "<Heim>"])] * 2 + ["Ärger's Straße"] * 2 + ["Leerstand"] * 4
    toks = tokens_from({"d": sentences})
    G = cooccurrence(toks).to_graph("npmi", labels={"Flüchtling": "Problematisierung"})
    # a term with a space and quotes (as a multi-word lemma could be), plus bool and long attributes
    G.add_edge('sagt "Nein"', "Flüchtling", count=1, weight=0.25, npmi=0.25)
    G.nodes['sagt "Nein"'].update(label='sagt "Nein"', frequency=1, community=0, flag=True, big=2**40)
    return G


def read_back(path) -> nx.Graph:
    return nx.read_gexf(path, version="1.3")


def test_static_gexf_validates(tmp_path, gexf_schema, tokens_from):
    G = special_graph(tokens_from)
    path = export.write_gexf(G, tmp_path / "net.gexf")
    assert export.validate_gexf(path, gexf_schema) == []


def test_static_gexf_reads_back_with_attributes(tmp_path, tokens_from):
    G = special_graph(tokens_from)
    H = read_back(export.write_gexf(G, tmp_path / "net.gexf"))
    assert set(H.nodes) == set(G.nodes) and set(map(frozenset, H.edges)) == set(map(frozenset, G.edges))
    for node in SPECIAL[:6]:
        assert node in H and H.nodes[node]["label"] == node
    for node, data in G.nodes(data=True):
        back = H.nodes[node]
        for key, value in data.items():
            assert back[key] == (pytest.approx(value) if isinstance(value, float) else value), (node, key)
            assert type(back[key]) is type(value), (node, key)
    for u, v, data in G.edges(data=True):
        back = H.edges[u, v]
        for key, value in data.items():
            assert back[key] == pytest.approx(value), (u, v, key)
    assert "viz" in H.nodes["Straße"] and set(H.nodes["Straße"]["viz"]) >= {"color", "size", "position"}


def test_umlauts_and_xml_specials_are_escaped_not_mangled(tmp_path, tokens_from):
    path = export.write_gexf(special_graph(tokens_from), tmp_path / "net.gexf")
    raw = path.read_bytes()
    assert raw.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    text = raw.decode("utf-8")
    assert 'label="Straße"' in text and 'label="Übergangswohnheim"' in text
    assert 'label="A&amp;B"' in text and 'label="&lt;Heim&gt;"' in text and 'label="sagt &quot;Nein&quot;"' in text


def test_community_colours_and_sizes(tmp_path, tokens_from):
    G = special_graph(tokens_from)
    root = etree.parse(str(export.write_gexf(G, tmp_path / "net.gexf"))).getroot()
    ns = {"g": export.GEXF_NS, "viz": export.VIZ_NS}
    colours = {}
    for node in root.iterfind(".//g:node", ns):
        c = node.find("viz:color", ns)
        colours[node.get("id")] = (c.get("r"), c.get("g"), c.get("b"))
        assert float(node.find("viz:size", ns).get("value")) >= 4.0
    same = [n for n, d in G.nodes(data=True) if d["community"] == G.nodes["Straße"]["community"]]
    assert len({colours[n] for n in same}) == 1
    others = [n for n in G if G.nodes[n]["community"] != G.nodes["Straße"]["community"]]
    assert others and all(colours[n] != colours["Straße"] for n in others)
    assert root.find(".//g:graph", ns).get("mode") == "static"


def test_control_characters_are_replaced(tmp_path, gexf_schema):
    G = nx.Graph()
    G.add_edge("bad\x0bterm", "ok", weight=1.0)
    path = export.write_gexf(G, tmp_path / "ctrl.gexf")
    assert export.validate_gexf(path, gexf_schema) == []
    assert "bad\ufffdterm" in read_back(path)


def test_empty_graph_validates(tmp_path, gexf_schema):
    path = export.write_gexf(nx.Graph(), tmp_path / "empty.gexf")
    assert export.validate_gexf(path, gexf_schema) == []
    assert read_back(path).number_of_nodes() == 0


def test_nan_and_inf_attribute_values(tmp_path, gexf_schema):
    G = nx.Graph()
    G.add_node("a", score=float("nan"))
    G.add_node("b", score=float("inf"))
    G.add_edge("a", "b", weight=1.0)
    path = export.write_gexf(G, tmp_path / "nan.gexf")
    assert export.validate_gexf(path, gexf_schema) == []
    H = read_back(path)
    assert H.nodes["b"]["score"] == float("inf") and H.nodes["a"]["score"] != H.nodes["a"]["score"]


def _years_groups(tokens_from):
    from framing.networks.compare import cooccurrence_by

    docs = {"d1": ["Flüchtling Belastung", "Flüchtling Belastung"],
            "d2": ["Flüchtling Chance", "Flüchtling Chance", "Flüchtling Belastung"],
            "d3": ["Flüchtling Chance", "Straße Chance"]}
    meta = {"d1": {"date": "2015-10-01"}, "d2": {"date": "2016-03-05"}, "d3": {"date": "2017-11-30"}}
    return cooccurrence_by(tokens_from(docs, meta=meta), "year")


def test_dynamic_gexf_validates_and_has_spells(tmp_path, gexf_schema, tokens_from):
    groups = _years_groups(tokens_from)
    D = groups.to_dynamic_graph("count", attraction_only=False)
    path = export.write_gexf(D, tmp_path / "dyn.gexf")
    assert export.validate_gexf(path, gexf_schema) == []
    root = etree.parse(str(path)).getroot()
    ns = {"g": export.GEXF_NS}
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    assert (graph.get("start"), graph.get("end")) == ("2015-01-01", "2017-12-31")
    modes = {a.get("class") + ":" + a.get("mode") for a in graph.iterfind("g:attributes", ns)}
    assert {"node:static", "node:dynamic", "edge:static", "edge:dynamic"} <= modes
    H = read_back(path)
    assert H.nodes["Belastung"]["spells"] == [("2015-01-01", "2015-12-31"), ("2016-01-01", "2016-12-31")]
    assert H.nodes["Straße"]["spells"] == [("2017-01-01", "2017-12-31")]
    assert H.nodes["Flüchtling"]["frequency"] == [(2, "2015-01-01", "2015-12-31"), (3, "2016-01-01", "2016-12-31"),
                                                  (1, "2017-01-01", "2017-12-31")]
    assert H.nodes["Flüchtling"]["frequency_total"] == 6
    edge = H.edges["Belastung", "Flüchtling"]
    assert edge["count"] == [(2, "2015-01-01", "2015-12-31"), (1, "2016-01-01", "2016-12-31")]
    assert edge["weight"] == [(2.0, "2015-01-01", "2015-12-31"), (1.0, "2016-01-01", "2016-12-31")]
    assert edge["spells"] == [("2015-01-01", "2015-12-31"), ("2016-01-01", "2016-12-31")]


def test_write_gexf_dynamic_from_slices(tmp_path, gexf_schema, tokens_from):
    groups = _years_groups(tokens_from)
    graphs = groups.to_graphs("count", attraction_only=False)
    path = export.write_gexf_dynamic(graphs, tmp_path / "dyn2.gexf")
    assert export.validate_gexf(path, gexf_schema) == []
    assert read_back(path).graph["mode"] == "dynamic"


def test_monthly_slices(tmp_path, gexf_schema, tokens_from):
    from framing.networks.compare import cooccurrence_by

    meta = {"d1": {"date": "2016-02-10"}, "d2": {"date": "2016-03-01"}}
    groups = cooccurrence_by(tokens_from({"d1": ["A B"], "d2": ["A C"]}, meta=meta), "month")
    assert list(groups) == ["2016-02", "2016-03"]
    path = export.write_gexf(groups.to_dynamic_graph("count", attraction_only=False), tmp_path / "m.gexf")
    assert export.validate_gexf(path, gexf_schema) == []
    assert read_back(path).nodes["B"]["spells"] == [("2016-02-01", "2016-02-29")]


def test_graphml_round_trip(tmp_path, tokens_from):
    G = special_graph(tokens_from)
    H = nx.read_graphml(export.write_graphml(G, tmp_path / "net.graphml"))
    assert set(H.nodes) == set(G.nodes)
    assert H.nodes["Straße"]["frequency"] == G.nodes["Straße"]["frequency"]
    assert H.edges["A&B", "<Heim>"]["count"] == G.edges["A&B", "<Heim>"]["count"]
    D = _years_groups(tokens_from).to_dynamic_graph("count", attraction_only=False)
    H = nx.read_graphml(export.write_graphml(D, tmp_path / "dyn.graphml"))
    assert "spells" not in H.nodes["Flüchtling"] and H.nodes["Flüchtling"]["frequency_total"] == 6


def test_gephi_csv(tmp_path, tokens_from):
    G = special_graph(tokens_from)
    nodes_path, edges_path = export.write_gephi_csv(G, tmp_path / "net")
    nodes = pd.read_csv(nodes_path, encoding="utf-8")
    edges = pd.read_csv(edges_path, encoding="utf-8")
    assert list(nodes.columns[:2]) == ["Id", "Label"] and set(SPECIAL[:6]) <= set(nodes["Id"])
    assert list(edges.columns[:5]) == ["Source", "Target", "Type", "Id", "Weight"]
    assert (edges["Type"] == "Undirected").all() and len(edges) == G.number_of_edges()
    D = _years_groups(tokens_from).to_dynamic_graph("count", attraction_only=False)
    dn, _ = export.gephi_tables(D)
    row = dn.set_index("Id").loc["Straße"]
    assert row["Interval"] == "<[2017-01-01, 2017-12-31]>" and row["frequency"] == "<[2017-01-01, 2017-12-31, 1]>"


def test_png_preview(tmp_path, tokens_from):
    G = special_graph(tokens_from)
    path = tmp_path / "net.png"
    plot_network(G, path, title="Straße & Co.")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000
    plot_network(nx.Graph(), tmp_path / "empty.png")
    assert (tmp_path / "empty.png").exists()
