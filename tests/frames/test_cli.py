"""`framing frames` on the command line: --north-south, `frames validate --sample/--codes`,
exit status 2 on bad arguments (the hand-written texts of conftest.py)."""
from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.cli import main


@pytest.fixture()
def tokens_file(tokens, tmp_path):
    path = tmp_path / "tokens.parquet"
    tokens.to_parquet(path)
    return path


def test_north_south_table(tokens, tokens_file, tmp_path):
    out = tmp_path / "out"
    rc = main(["frames", str(tokens_file), "--by", "place", "-o", str(out), "--north-south", "-q", "--n-boot", "20"])
    assert rc == 0
    table = pd.read_csv(out / "north_south.csv")
    expected = framing.north_south(tokens, by="place", n_boot=20).table
    assert list(table["place"]) == ["A", "B"]
    assert table["n_mentions"].tolist() == expected["n_mentions"].tolist()
    # d2: "Im Essener Norden ist die Belastung groß. Das Nord-Süd-Gefälle wächst ...": mentions in place A
    assert int(table.loc[0, "n_mentions"]) >= 2 and int(table.loc[1, "n_mentions"]) == 0
    ev = pd.read_csv(out / "north_south_evidence.csv")
    assert set(ev["doc_id"]) == {"d2"} and ev["problem_context"].any()


def test_validate_sample_then_codes(tokens, tokens_file, tmp_path, capsys):
    sheet = tmp_path / "sample.csv"
    rc = main(["frames", "validate", str(tokens_file), "--sample", "3", "--by", "place", "--out", str(sheet), "-q"])
    assert rc == 0
    sample = pd.read_csv(sheet, encoding="utf-8-sig")
    assert len(sample) == 3 and set(sample["place"]) == {"A", "B"}
    assert {"code_problematisation", "code_normalisation", "code_opportunity"} <= set(sample.columns)
    assert "predicted" not in sample.columns                 # blind by default
    # two coders fill the sheet: every document "opportunity" present, nothing else
    result = framing.score_frames(tokens, "integration_modes", by="doc")
    has = result.table.set_index("doc")["opportunity"].gt(0)
    paths = []
    for coder in ("anna", "ben"):
        coded = sample.copy()
        for c in [c for c in coded.columns if c.startswith("code_")]:
            coded[c] = 0
        coded["code_opportunity"] = 1
        coded["coder"] = coder
        p = tmp_path / f"coded_{coder}.csv"
        coded.to_csv(p, index=False)
        paths.append(str(p))
    out = tmp_path / "agreement.csv"
    rc = main(["frames", "validate", str(tokens_file), "--codes", *paths, "-o", str(out), "-q"])
    assert rc == 0
    table = pd.read_csv(out).set_index("frame")
    tp = int(has.loc[sample["doc_id"].astype(str)].sum())
    assert int(table.loc["opportunity", "tp"]) == tp
    assert int(table.loc["opportunity", "fn"]) == 3 - tp
    assert int(table.loc["opportunity", "n_coders"]) == 2
    assert "(macro)" in table.index


def test_validate_and_frames_argument_errors(tokens_file, tmp_path, capsys):
    assert main(["frames", "validate", str(tokens_file), "-q"]) == 2               # neither --sample nor --codes
    assert "--sample N" in capsys.readouterr().err
    assert main(["frames", "validate", str(tokens_file), "--sample", "0", "-q"]) == 2
    assert main(["frames", str(tokens_file), "-q"]) == 2                          # no output folder
    assert main(["frames", str(tokens_file), "-o", str(tmp_path / "o"), "--sample", "3", "-q"]) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("doc_id,code_opportunity\nd1,vielleicht\n", encoding="utf-8")
    assert main(["frames", "validate", str(tokens_file), "--codes", str(bad), "-q"]) == 2
    assert "bad.csv" in capsys.readouterr().err


def test_network_communities_labelled_with_frames(demo_tokens, tmp_path):
    path = tmp_path / "tokens.parquet"
    demo_tokens.to_parquet(path)
    out = tmp_path / "net"
    rc = main(["network", str(path), "-o", str(out), "--label-frames", "integration_modes", "--label-dimension", "mode",
               "-q"])
    assert rc == 0
    table = pd.read_csv(out / "all_community_frames.csv")
    assert {"community", "n_nodes", "rank", "frame", "score", "terms"} <= set(table.columns)
    assert set(table["frame"].dropna()) <= {"problematisation", "normalisation", "opportunity"}
    assert (table["rank"] >= 1).any() and table.loc[table["rank"] >= 1, "terms"].str.len().gt(0).all()


def test_term_flags_reach_the_scorer(tokens, tokens_file, tmp_path):
    # d1: Flüchtlinge (lemma), Flüchtlingsunterkunft (modifier), Wirtschaftsflüchtlinge (head)
    (tmp_path / "cb.yaml").write_text("frames:\n  refugee:\n    terms: [Flüchtling]\n", encoding="utf-8")
    runs = {"default": [], "keep": ["--compounds", "keep"], "stop": ["--stopwords-extra", "Flüchtling"]}
    hits = {}
    for name, flags in runs.items():
        out = tmp_path / name
        assert main(["frames", str(tokens_file), "--codebook", str(tmp_path / "cb.yaml"), "-o", str(out), "-q",
                     "--n-boot", "10", *flags]) == 0
        ev = pd.read_csv(out / "evidence.csv")
        hits[name] = sorted(ev.loc[ev["doc_id"] == "d1", "match"])
    assert hits == {"default": ["Flüchtlinge", "Flüchtlingsunterkunft", "Wirtschaftsflüchtlinge"],
                    "keep": ["Flüchtlinge"], "stop": ["Flüchtlingsunterkunft", "Wirtschaftsflüchtlinge"]}
