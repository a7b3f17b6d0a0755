"""The optional compiled kernels: found when built, switched off by FRAMING_PURE_PYTHON."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from framing.nlp import compiled


def test_a_kernel_that_does_not_exist_is_none():
    assert compiled.kernel("_no_such_kernel") is None


def test_pure_python_switch_turns_every_kernel_off(monkeypatch):
    monkeypatch.setenv("FRAMING_PURE_PYTHON", "1")
    assert compiled.compiled_kernels() == dict.fromkeys(compiled.KERNELS, False)


def test_kernels_report_matches_what_imports():
    for name, built in compiled.compiled_kernels().items():
        try:
            __import__(f"framing.nlp.{name}")
            importable = True
        except ImportError:
            importable = False
        assert built == importable, name


@pytest.mark.parametrize("pure", [False, True])
def test_version_says_whether_kernels_are_compiled(pure, monkeypatch):
    env = {"FRAMING_PURE_PYTHON": "1"} if pure else {}
    run = subprocess.run([sys.executable, "-m", "framing", "--version"], capture_output=True, text=True,
                         env={**os.environ, **env}, check=True)
    assert run.stdout.startswith("framing ")
    if pure or not any(compiled.compiled_kernels().values()):
        assert "pure Python, no compiled kernels" in run.stdout
    else:
        assert "compiled kernels: " in run.stdout
