"""The examples in the public docstrings run and give what they show: every module of the
package with a ``>>>`` line is run through doctest."""
from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
MODULES = sorted(".".join(p.relative_to(SRC).with_suffix("").parts) for p in (SRC / "framing").rglob("*.py")
                 if ">>> " in p.read_text(encoding="utf-8"))


def test_examples_exist() -> None:
    assert len(MODULES) >= 5


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
