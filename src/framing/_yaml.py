"""YAML reading for the shipped lexicon and codebooks (and the user's own), with libyaml.

PyYAML parses in pure Python unless its C extension (libyaml, part of the PyYAML wheels) is
used: the othering lexicon (76 KB) took 0.18 CPU-s to parse, the two codebooks 0.05 s each,
on every run of ``framing analyze``; with libyaml a tenth of that. libyaml gives the same
objects for these files (``tests/test_yaml.py``) and raises the same ``yaml.YAMLError`` with a
line on bad input. Where PyYAML was built without it, the pure-Python loader is used.
"""
from __future__ import annotations

from typing import Any

import yaml

#: PyYAML's safe loader, in C where available
SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, parsed by libyaml where PyYAML has it."""
    return yaml.load(text, Loader=SafeLoader)   # a safe loader (C or Python)


__all__ = ["SafeLoader", "safe_load"]
