"""`framing network`: per-group GEXF, Gephi CSV, PNG, dynamic GEXF and the comparison table."""
from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from framing.cli import main
from framing.networks.export import validate_gexf


@pytest.fixture
def token_file(tmp_path, tokens_from):
    altena = ["Flüchtling Chance", "Flüchtling Chance Leerstand", "Stadt Rat"] * 4
    essen = ["Flüchtling Belastung", "Flüchtling Brennpunkt Norden", "Stadt Rat"] * 4
    docs = {"a1": altena, "a2": altena[:3], "e1": essen, "e2": essen[:3]}
    meta = {"a1": {"place": "Altena", "date": "2016-05-01"}, "a2": {"place": "Altena", "date": "2017-05-01"},
            "e1": {"place": "Essen-Nord", "date": "2016-06-01"}, "e2": {"place": "Essen-Nord", "date": "2017-02-01"}}
    toks = tokens_from(docs, meta=meta)
    docs_df = toks.docs.assign(date=pd.to_datetime(toks.docs["date"]))
    from framing.nlp.tokens import Tokens

    return Tokens(toks.table, docs_df).to_parquet(tmp_path / "tokens.parquet")


def test_network_by_place(tmp_path, token_file, gexf_schema, capsys):
    out = tmp_path / "out"
    rc = main(["network", str(token_file), "--unit", "sentence", "--measure", "npmi", "--by", "place",
               "--min-pair-count", "1", "--top-n", "5", "--gexf", str(out), "--png", "--dynamic", "year", "--graphml"])
    assert rc == 0
    text = capsys.readouterr().out
    assert "Altena:" in text and "comparison:" in text
    for slug in ("altena", "essen-nord"):
        for suffix in (".gexf", "_nodes.csv", "_edges.csv", ".png", ".graphml", "_dynamic.gexf"):
            assert (out / f"{slug}{suffix}").is_file(), f"{slug}{suffix}"
        assert validate_gexf(out / f"{slug}.gexf", gexf_schema) == []
        assert validate_gexf(out / f"{slug}_dynamic.gexf", gexf_schema) == []
    G = nx.read_gexf(out / "altena.gexf", version="1.3")
    assert "Chance" in G and "community" in G.nodes["Chance"]
    D = nx.read_gexf(out / "altena_dynamic.gexf", version="1.3")
    assert D.graph["mode"] == "dynamic" and D.nodes["Flüchtling"]["spells"]
    table = pd.read_csv(out / "comparison.csv")
    row = table[(table.source == "Chance") & (table.target == "Flüchtling")].iloc[0]
    assert row.stronger_in == "Altena" and row.count_b == 0


def test_network_whole_corpus_window_quiet(tmp_path, token_file, capsys):
    out = tmp_path / "w"
    rc = main(["network", str(token_file), "--unit", "window", "--window", "3", "--measure", "g2",
               "--min-pair-count", "2", "--gexf", str(out), "--focus", "Flüchtling", "--radius", "1", "--quiet"])
    assert rc == 0 and capsys.readouterr().out == ""
    nodes = pd.read_csv(out / "all_nodes.csv")
    assert "Flüchtling" in set(nodes["Id"]) and "Rat" not in set(nodes["Id"])
    assert not (out / "comparison.csv").exists()


def test_network_bad_input(tmp_path, capsys):
    rc = main(["network", str(tmp_path / "missing.parquet"), "--gexf", str(tmp_path / "o"), "-q"])
    assert rc == 2 and "no such file" in capsys.readouterr().err
