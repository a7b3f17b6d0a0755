"""Known-groups sanity check on the demo corpus (constructed texts, see corpora/demo/README.md,
"Othering vs. linguistic recognition"). A sanity check of the pipeline, not a validation on real text."""
from __future__ import annotations

from pathlib import Path

import pytest

import framing
from framing.othering import OtheringScorer

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_tokens():
    if not DEMO.is_dir():
        pytest.skip("corpora/demo is absent")
    return framing.annotate(framing.read(DEMO, progress=False).unique(), progress=False)


def test_press_essen_nord_has_the_highest_othering_index(demo_tokens):
    docs = demo_tokens.docs
    press = demo_tokens.filter_docs(docs.loc[docs["genre"] != "speech", "doc_id"])
    t = OtheringScorer().score(press, by="place").table.set_index("place")
    nord, hoerst, altena = (t.loc[p, "othering_index"] for p in
                            ("Essen-Altenessen/Karnap", "Essen-Hörsterfeld", "Altena"))
    assert nord > hoerst and nord > altena
    # Altena's news reports: recognising naming dominates (README: ~2-3 recognising per othering)
    news = demo_tokens.filter_docs(docs.loc[(docs["genre"] == "article") & (docs["place"] == "Altena"), "doc_id"])
    row = OtheringScorer().score(news, by=None).table.iloc[0]
    assert row["recognition"] >= 2 * row["othering"]


def test_afd_speakers_have_the_most_othering(demo_tokens):
    docs = demo_tokens.docs
    speeches = demo_tokens.filter_docs(docs.loc[docs["genre"] == "speech", "doc_id"])
    scorer = OtheringScorer()
    by_party = scorer.score(speeches, by="party").table.set_index("party")
    assert by_party["othering"].idxmax() == "AfD"
    enough = by_party[(by_party["othering"] + by_party["recognition"]) >= 5]
    assert enough["othering_index"].idxmax() == "AfD"
    # in every body with an AfD speaker, the AfD speaker has the most othering matches
    t = scorer.score(speeches, by=["outlet", "party", "speaker"]).table
    for outlet, group in t.groupby("outlet"):
        if (group["party"] == "AfD").any():
            top = group.sort_values("othering", ascending=False).iloc[0]
            assert top["party"] == "AfD", outlet


def test_speeches_corpus_by_speaker():
    if not (DEMO / "speeches").is_dir():
        pytest.skip("corpora/demo is absent")
    tokens = framing.annotate(framing.read(DEMO / "speeches", progress=False), progress=False)
    r = OtheringScorer().score(tokens, by="speaker")
    assert len(r.table) == tokens.docs["speaker"].nunique()
    assert r.evidence["unit"].isin(r.table["speaker"]).all()
