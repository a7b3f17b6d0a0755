"""The runnable scripts in examples/: each one's main() on the shipped demo corpus, checking what a
user relies on (the files its docstring names, their columns, the designed demo patterns).

The demo corpus is constructed (corpora/demo/README.md): the exact values below are the patterns
its texts were written to contain, so a change here means the method no longer recovers them.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import networkx as nx
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DEMO = REPO / "corpora" / "demo"
SCRIPTS = sorted(p.stem for p in EXAMPLES.glob("*.py") if not p.stem.startswith("_"))


def load(name: str) -> ModuleType:
    """Import examples/NAME.py as a module (with examples/ on the path, for its _common import)."""
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(name: str, out: Path, *args: str, corpus: Path = DEMO, quiet: bool = True) -> Path:
    argv = ["--corpus", str(corpus), "--out", str(out), *(["--quiet"] if quiet else []), *args]
    assert load(name).main(argv) == 0
    return out


def csv(path: Path, *columns: str) -> pd.DataFrame:
    """Read a CSV the example wrote and check it has rows and ``columns``."""
    assert path.is_file(), f"{path.name} was not written"
    table = pd.read_csv(path)
    assert len(table) > 0, f"{path.name} is empty"
    missing = set(columns) - set(table.columns)
    assert not missing, f"{path.name} lacks {sorted(missing)}"
    return table


def documented_files(name: str) -> list[str]:
    """The plain file names (no <placeholder>) listed in the example's docstring (not in its
    usage lines, which name the user's files)."""
    doc = "\n".join(line for line in (load(name).__doc__ or "").splitlines() if "python examples/" not in line)
    names = re.findall(r"(?<![\w>.-])[\w.-]+\.(?:csv|parquet|gexf|png|txt|yaml|json)\b", doc)
    return sorted({n for n in names if not n.startswith(("my_", "<"))})


# -------------------------------------------------------------------------------------------------
def test_every_example_has_the_shared_command_line() -> None:
    assert SCRIPTS == ["analyze_articles", "compare_towns", "gephi_networks", "othering_speeches",
                       "topic_frames"]
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for name in SCRIPTS:
        module = load(name)
        assert callable(module.main), name
        assert f"python examples/{name}.py" in (module.__doc__ or ""), name
        assert f"examples/{name}.py" in readme, f"{name} is not described in examples/README.md"
        with pytest.raises(SystemExit) as exc:   # --help exits 0 and names the shared options
            module.main(["--help"])
        assert exc.value.code == 0
    assert "framing.toml" in readme


def test_analyze_articles(tmp_path: Path) -> None:
    out = run("analyze_articles", tmp_path, corpus=DEMO / "articles")
    for f in documented_files("analyze_articles"):
        assert (out / f).is_file(), f
    summary = csv(out / "summary.csv", "place", "year")
    assert summary.select_dtypes("number").drop(columns="year").iloc[:, 0].sum() == 157  # documents
    frames = csv(out / "frames_by_place.csv", "place", "dominant", "share", "low", "high")
    assert dict(zip(frames["place"], frames["dominant"])) == {
        "Altena": "opportunity", "Essen-Altenessen/Karnap": "problematisation",
        "Essen-Hörsterfeld": "normalisation"}
    othering = csv(out / "othering_by_place.csv", "place", "othering_index", "ci_low", "ci_high")
    assert othering.set_index("place")["othering_index"].idxmax() == "Essen-Altenessen/Karnap"
    keyness = csv(out / "keyness.csv", "term", "g2", "target")
    assert "Lotsenhaus" in set(keyness.loc[keyness["target"] == "Altena", "term"].head(5))
    assert "ingest" in (out / "ingest_report.txt").read_text(encoding="utf-8").lower()
    tokens = pd.read_parquet(out / "tokens.parquet")
    assert {"doc_id", "lemma"} <= set(tokens.columns) and len(tokens) > 30_000


def test_compare_towns(tmp_path: Path) -> None:
    out = run("compare_towns", tmp_path)
    for f in documented_files("compare_towns"):
        assert (out / f).is_file(), f
    profile = csv(out / "profile.csv", "place", "dominant", "share", "low", "high", "clear")
    dominant = profile.set_index("place")
    assert dominant.loc["Altena", "dominant"] == "opportunity"
    assert dominant.loc["Essen-Altenessen/Karnap", "dominant"] == "problematisation"
    assert dominant.loc["Essen-Hörsterfeld", "dominant"] == "normalisation"
    assert dominant["clear"].all()
    assert set(profile["place"]) == {"Altena", "Essen-Altenessen/Karnap", "Essen-Hörsterfeld"}  # no speeches
    tests = csv(out / "frame_tests.csv", "unit_a", "unit_b", "frame", "cramers_v", "p_adj")
    assert (tests["p_adj"].between(0, 1)).all()
    evidence = csv(out / "evidence.csv", "doc_id", "unit", "frame", "left", "match", "right", "counted")
    assert evidence["counted"].sum() > 100
    for town in ("altena", "essen-altenessen-karnap", "essen-hoersterfeld"):
        key = csv(out / f"keyness_{town}.csv", "term", "g2", "log_ratio", "p_adj")
        assert key["g2"].iloc[0] > 10
    assert (out / "frames_by_town.png").stat().st_size > 1000


def test_othering_speeches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run("othering_speeches", tmp_path, corpus=DEMO / "speeches", quiet=False)
    printed = capsys.readouterr().out
    for f in documented_files("othering_speeches"):
        assert (out / f).is_file(), f
    by_party = csv(out / "by_party.csv", "party", "n_docs", "othering", "recognition", "othering_index",
                   "ci_low", "ci_high", "othering_per_1k")
    parties = by_party.set_index("party")
    assert parties["othering_index"].idxmax() == "AfD"
    assert parties.loc["Grüne", "othering"] == 0 and parties.loc["Grüne", "recognition"] > 0
    evidence = csv(out / "by_party_evidence.csv", "unit", "category", "polarity", "left", "match", "right",
                   "counted", "in_index")
    counted = evidence[evidence["in_index"] & (evidence["polarity"] == "othering")]
    assert len(counted) == by_party["othering"].sum() > 0         # every count has its passage
    # the printed tail shows those passages (it printed "0 counted matches" before)
    assert f"Counted othering matches ({len(counted)})" in printed
    assert "[Flüchtlingswelle]" in printed
    speakers = csv(out / "by_speaker.csv", "party", "speaker", "othering_index")
    assert speakers["speaker"].nunique() == len(speakers)


def test_gephi_networks(tmp_path: Path) -> None:
    out = run("gephi_networks", tmp_path, corpus=DEMO / "articles")
    for f in documented_files("gephi_networks"):
        assert (out / f).is_file(), f
    networks = csv(out / "networks.csv", "place", "n_docs", "terms", "edges", "communities", "file")
    assert len(networks) == 3
    for row in networks.itertuples():
        G = nx.read_gexf(out / row.file)
        assert G.number_of_nodes() == row.terms > 50 and G.number_of_edges() == row.edges
        assert (out / row.file.replace(".gexf", ".png")).is_file()
        nodes = csv(out / row.file.replace(".gexf", "_nodes.csv"), "Id", "Label", "community", "degree")
        csv(out / row.file.replace(".gexf", "_edges.csv"), "Source", "Target")
        top = list(nodes.sort_values("degree", ascending=False)["Label"].head(3))
        expected = {"essen-altenessen-karnap.gexf": "Norden", "essen-hoersterfeld.gexf": "Bürgerladen"}
        if row.file in expected:
            assert expected[row.file] in top, (row.file, top)
    compare = csv(out / "compare.csv", "source", "target", "count_a", "count_b", "q", "stronger_in")
    mayor = compare[(compare["source"] == "Bürgermeister") & (compare["target"] == "Wellerkamp")]
    assert list(mayor["stronger_in"]) == ["Altena"]
    csv(out / "neighbours.csv", "place", "rank", "neighbour", "npmi")
    assert nx.read_gexf(out / "ego.gexf").has_node("Flüchtling")
    assert nx.read_gexf(out / "dynamic_by_year.gexf").number_of_nodes() > 100


def test_topic_frames(tmp_path: Path) -> None:
    out = run("topic_frames", tmp_path, "--n-topics", "6", "--passes", "10", corpus=DEMO / "articles")
    for f in documented_files("topic_frames"):
        assert (out / f).is_file(), f
    topics = csv(out / "topics.csv", "topic", "label", "terms", "size", "share")
    assert len(topics) == 6
    shares = csv(out / "topics_by_place.csv", "place", "topic", "share")
    seeded = dict(zip(topics["label"], topics["topic"]))
    problem = shares[shares["topic"] == seeded["Problem (Problematisierung)"]].set_index("place")["share"]
    assert problem.idxmax() == "Essen-Altenessen/Karnap"
    everyday = shares[shares["topic"] == seeded["Alltag (Veralltäglichung)"]].set_index("place")["share"]
    assert everyday.idxmax() == "Essen-Hörsterfeld"
    labels = csv(out / "topic_labels.csv", "topic", "rank", "frame", "score", "terms")
    assert set(labels["topic"]) == set(topics["topic"])
    csv(out / "frames.csv", "frame", "topics", "share")
    G = nx.read_gexf(out / "topic_network.gexf")
    assert G.number_of_nodes() == 6
    for f in ("topic_shares_by_place.png", "topics_over_time.png", "topic_network.png", "doc_topics.csv",
              "representative_docs.csv", "top_terms.csv", "coherence.csv", "topics_over_time.csv"):
        assert (out / f).is_file(), f
