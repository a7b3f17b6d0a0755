"""Must-show: on the demo corpus each reference place comes out with its expected mode, with
non-overlapping intervals against the runner-up."""
from __future__ import annotations

from pathlib import Path

import pytest

import framing

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
EXPECTED = {"Essen-Altenessen/Karnap": "problematisation", "Essen-Hörsterfeld": "normalisation",
            "Altena": "opportunity"}


@pytest.fixture(scope="module")
def result():
    if not DEMO.exists():
        pytest.skip("corpora/demo missing")
    tokens = framing.annotate(framing.read(DEMO, progress=False).unique(), progress=False)
    return framing.score_frames(tokens, "integration_modes", by="place")


def test_expected_dominant_mode(result):
    prof = result.profile("mode").set_index("place")
    for place, mode in EXPECTED.items():
        assert prof.loc[place, "dominant"] == mode, place
        assert bool(prof.loc[place, "clear"]), f"{place}: intervals overlap"
        assert prof.loc[place, "low"] > prof.loc[place, "runner_up_high"]


def test_modes_differ(result):
    cmp = framing.compare_frames(result, "mode")
    assert cmp.loc[0, "p"] < 1e-6 and cmp.loc[0, "cramers_v"] > 0.3
