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
def result(demo_tokens):
    return framing.score_frames(demo_tokens, "integration_modes", by="place")


def test_expected_dominant_mode(result):
    prof = result.profile("mode").set_index("place")
    for place, mode in EXPECTED.items():
        assert prof.loc[place, "dominant"] == mode, place
        assert bool(prof.loc[place, "clear"]), f"{place}: intervals overlap"
        assert prof.loc[place, "low"] > prof.loc[place, "runner_up_high"]


def test_modes_differ(result):
    cmp = framing.compare_frames(result, "mode")
    assert cmp.loc[0, "p"] < 1e-6 and cmp.loc[0, "cramers_v"] > 0.3


def test_north_south_division_strongest_in_the_north(demo_tokens):
    """Compass and district mentions in problem contexts per 1,000 words: Essen-Altenessen/Karnap
    (about 2.0) above Altena (about 0.5) and Essen-Hörsterfeld (about 0.1); the Karnap and
    Hörsterfeld intervals are apart (the Altena interval touches Karnap's, so only the estimate
    is ordered there)."""
    from framing.frames.northsouth import north_south
    t = north_south(demo_tokens, "integration_modes", by="place").table.set_index("place")
    k, a, h = (t.loc[p] for p in ("Essen-Altenessen/Karnap", "Altena", "Essen-Hörsterfeld"))
    assert k.problem_per_1k > a.problem_per_1k > h.problem_per_1k
    assert k.problem_per_1k_low > h.problem_per_1k_high
    assert k.n_mentions > h.n_mentions > a.n_mentions
