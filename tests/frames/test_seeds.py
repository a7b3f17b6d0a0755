"""Guided topics seeded from a codebook: which vocabulary terms a frame seeds (exact, on a
hand-made vocabulary), and seeded LDA on the demo corpus (labels carry the frame names)."""
from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing import Codebook
from framing.frames.seeds import codebook_seeds

CB = Codebook.from_dict({"frames": {
    "refugee": {"terms": ["Flüchtling", "Essener Norden"], "exclude": ["Flüchtlingsrat"]},
    "chance": {"terms": ["Chance*", "Leerstand"]},
    "north": {"terms": ["Nord-Süd-Gefälle wächst"]},
}})
VOCAB = {"Flüchtling": 9, "Wirtschaftsflüchtling": 2, "Flüchtlingsunterkunft": 5, "Flüchtlingsrat": 7,
         "Chancengleichheit": 3, "Chance": 4, "Leerstand": 1, "Norden": 6, "Stadt": 20}


def test_codebook_seeds_expand_through_the_vocabulary():
    with pytest.warns(UserWarning, match="north"):
        seeds = codebook_seeds(CB, VOCAB)
    # lemma first, then head, then modifier matches; the exclusion term and the phrase are not seeds
    assert seeds["refugee"] == ["Flüchtling", "Wirtschaftsflüchtling", "Flüchtlingsunterkunft"]
    # a lemma term before the glob's matches (by frequency), the frame with only a phrase is left out
    assert seeds["chance"] == ["Leerstand", "Chance", "Chancengleichheit"]
    assert "north" not in seeds
    assert codebook_seeds(CB, VOCAB, max_terms=1)["refugee"] == ["Flüchtling"]
    # without a vocabulary: the one-word terms as written
    assert codebook_seeds(CB) == {"refugee": ["Flüchtling"], "chance": ["Leerstand"]}


def test_codebook_seeds_dimension_and_errors():
    seeds = codebook_seeds("integration_modes", None, dimension="mode")
    assert list(seeds) == ["problematisation", "normalisation", "opportunity"]
    with pytest.raises(framing.InputError, match="dimension"):
        codebook_seeds("integration_modes", None, dimension="nope")


@pytest.fixture(scope="module")
def seeded(demo_tokens):
    cb = Codebook.load("integration_modes").select("mode")
    # seed_weight 1: at the default 0.1 the opportunity seeds (rare words in the demo corpus)
    # lose their topic to the Altena administration vocabulary (docs/guide/topics.md)
    return framing.TopicModel(engine="lda", n_topics=6, seed_topics=cb, seed_weight=1.0, passes=5, random_state=1,
                              progress=False).fit(demo_tokens)


def test_seeded_lda_on_the_demo_corpus(seeded):
    topics = seeded.topics_
    modes = ["problematisation", "normalisation", "opportunity"]
    assert topics["label"].tolist()[:3] == modes and topics["seed"].tolist()[:3] == modes
    assert topics["seed"].iloc[3:].isna().all()
    for i in range(3):
        top = set(topics["terms"].iloc[i][:10])
        assert top & set(seeded.seed_terms_[i]), (modes[i], top)     # its own seed terms are among its top terms
    # the labelling instrument names the seeded topics after the frame they were seeded with
    lab = framing.label_topics(seeded, "integration_modes", dimension="mode").query("rank == 1").set_index("topic")
    assert [lab.loc[i, "frame"] for i in range(3)] == modes


def test_cli_topics_seeded_from_codebook(demo_tokens, tmp_path):
    from framing.cli import main
    path = tmp_path / "tokens.parquet"
    demo_tokens.to_parquet(path)
    out = tmp_path / "topics"
    rc = main(["topics", str(path), "--seeds", "integration_modes", "--seed-dimension", "mode", "-k", "5",
               "--passes", "3", "--no-plots", "-o", str(out), "-q"])
    assert rc == 0
    topics = pd.read_csv(out / "topics.csv")
    assert topics["label"].tolist()[:3] == ["problematisation", "normalisation", "opportunity"]
    frames = pd.read_csv(out / "topic_frames.csv")                   # the labels with their evidence
    assert {"topic", "rank", "frame", "score", "terms"} <= set(frames.columns)
    assert set(frames["frame"].dropna()) <= {"problematisation", "normalisation", "opportunity"}
    assert main(["topics", str(path), "--seeds", "nope.json", "--seed-dimension", "mode", "-o", str(out), "-q"]) == 2
