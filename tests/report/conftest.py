"""The demo analysis folder for the report tests, built once per test session by
``framing.analyze`` (which ends with the report step)."""
from __future__ import annotations

from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"


@pytest.fixture(scope="session")
def demo_analysis(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``framing.analyze`` of the whole shipped demo corpus (about a minute)."""
    import framing

    out = tmp_path_factory.mktemp("demo-analysis")
    framing.analyze(DEMO, out, progress=False)
    return out
