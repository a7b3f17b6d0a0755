"""The package surface: every public name resolves, and type checkers see all of them.

(That ``import framing`` loads no heavy stack is tested in tests/nlp/test_annotate.py.)"""
from __future__ import annotations

import ast
from pathlib import Path

import framing

INIT = Path(framing.__file__)


def test_every_public_name_resolves() -> None:
    for name in framing.__all__:
        assert getattr(framing, name) is not None, name
    assert set(dir(framing)) >= set(framing.__all__) - {"__version__"}


def test_type_checking_imports_list_every_export() -> None:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING")
    imported = {alias.asname or alias.name for node in block.body if isinstance(node, ast.ImportFrom)
                for alias in node.names}
    assert imported == set(framing._EXPORTS)
