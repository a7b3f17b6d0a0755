"""Shared test settings: offline, no progress bars, paths to fixtures and reference data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TQDM_DISABLE", "1")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SHARED = REPO.parent / "shared"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared_data() -> Path:
    """The third-party reference data beside the checkout; skips where it is absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is absent (a fresh clone has no reference data)")
    return SHARED / "data"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep annotation caches out of the user's home during tests."""
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "framing-cache"))
