"""Topics and communities labelled with codebook frames: the codebook's own matching rules
(lemma, compound head and modifier, globs), weighted scores, evidence terms."""
from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from framing import InputError
from framing.frames.labels import label_communities, label_topics

CB = {"frames": {
    "problem": {"dimension": "mode", "terms": ["Belastung", {"term": "Problem", "weight": 0.5}, "Brennpunkt"]},
    "chance": {"dimension": "mode", "terms": ["Chance", "Leerstand", "Fachkräftemangel", "Zukunft*"]},
    "refugee": {"dimension": "group", "terms": ["Flüchtling"]}}}


def test_label_topics_rules_scores_and_evidence():
    topics = {"t1": {"Leerstand": 0.4, "Fachkräftemangel": 0.2, "Zukunftsplan": 0.1, "Haus": 0.3},
              "t2": {"Belastungsgrenze": 0.5, "Problem": 0.2, "Wirtschaftsflüchtling": 0.2, "Norden": 0.1},
              "t3": {"Baum": 1.0}}
    out = label_topics(topics, CB, top_n=10)
    t1 = out[out.topic == "t1"].set_index("frame")
    assert list(t1.index) == ["chance"]
    assert t1.loc["chance", "score"] == pytest.approx(0.7)          # 0.4 + 0.2 + 0.1 (glob) of 1.0
    assert t1.loc["chance", "n_terms"] == 3
    assert t1.loc["chance", "terms"] == "Leerstand (lemma); Fachkräftemangel (lemma); Zukunftsplan (Zukunft*, regex)"
    t2 = out[out.topic == "t2"].set_index("frame")
    # Belastungsgrenze by its modifier (weight 1), Problem at codebook weight 0.5
    assert t2.loc["problem", "score"] == pytest.approx(0.5 + 0.2 * 0.5)
    assert t2.loc["problem", "terms"] == "Belastungsgrenze (Belastung, modifier); Problem (lemma)"
    assert t2.loc["refugee", "terms"] == "Wirtschaftsflüchtling (Flüchtling, head)"
    assert list(out[out.topic == "t2"]["rank"]) == [1, 2]
    t3 = out[out.topic == "t3"]
    assert len(t3) == 1 and t3["frame"].isna().all() and t3["rank"].iloc[0] == 0
    # one dimension only
    only = label_topics(topics, CB, dimension="mode")
    assert "refugee" not in set(only["frame"].dropna())
    with pytest.raises(InputError, match="dimension"):
        label_topics(topics, CB, dimension="nope")


def test_label_topics_from_table_and_top_n():
    table = pd.DataFrame({"topic": [0, 0, 0, 1], "term": ["Haus", "Baum", "Chance", "Brennpunkt"],
                          "weight": [0.5, 0.3, 0.2, 1.0]})
    out = label_topics(table, CB, top_n=2)
    assert out.set_index("topic").loc[0, "frame"] is None or pd.isna(out.set_index("topic").loc[0, "frame"])
    assert out.set_index("topic").loc[1, "frame"] == "problem"
    assert label_topics(table, CB, top_n=3).set_index("topic").loc[0, "score"] == pytest.approx(0.2)
    with pytest.raises(InputError, match="topic"):
        label_topics(pd.DataFrame({"x": [1]}), CB)


def test_label_communities():
    G = nx.Graph()
    for n, c, f in [("Leerstand", 0, 3), ("Chance", 0, 1), ("Stadt", 0, 4), ("Brennpunkt", 1, 2), ("Norden", 1, 2),
                    ("Baum", None, 1)]:
        G.add_node(n, frequency=f, **({"community": c} if c is not None else {}))
    out = label_communities(G, CB)
    c0 = out[(out.community == 0) & (out["rank"] == 1)].iloc[0]
    assert c0.frame == "chance" and c0.score == pytest.approx(0.5) and c0.n_nodes == 3
    c1 = out[(out.community == 1) & (out["rank"] == 1)].iloc[0]
    assert c1.frame == "problem" and c1.score == pytest.approx(0.5)
    assert out.attrs["nodes_without_community"] == 1
    with pytest.raises(InputError, match="community"):
        label_communities(nx.Graph([("a", "b")]), CB)
