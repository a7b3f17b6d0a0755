"""The lexicon and codebooks read with libyaml are the objects PyYAML's own loader gives."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from framing import _yaml

SHIPPED = sorted(Path(str(resources.files("framing").joinpath("resources"))).rglob("*.yaml"))


def _typed(value):
    """The value with every scalar's type spelled out (1 == True == 1.0 for ==)."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_yaml_reads_the_same(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _typed(_yaml.safe_load(text)) == _typed(yaml.safe_load(text))


def test_tricky_scalars_read_the_same() -> None:
    text = ("a: yes\nb: 'no'\nc: 1.0\nd: 0o17\ne: 2016-01-05\nf: ~\ng: 1e3\nh: '1'\ni: Straße\n"
            "j: [x, 'y', {k: v}]\nk: |\n  zwei\n  Zeilen\n")
    assert _typed(_yaml.safe_load(text)) == _typed(yaml.safe_load(text))


def test_bad_yaml_raises_with_a_line() -> None:
    with pytest.raises(yaml.YAMLError) as err:
        _yaml.safe_load("a: 1\nb: [unclosed\nc: 2\n")
    assert err.value.problem_mark is not None
