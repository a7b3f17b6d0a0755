"""The optional compiled kernels: found when built, switched off by FRAMING_PURE_PYTHON."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


_ANNOTATE = """
import sys
from pathlib import Path
import framing
corpus = framing.read(sys.argv[1], progress=False)
for profile in ("full", "fast"):
    framing.annotate(corpus, profile=profile, progress=False).table.to_parquet(f"{sys.argv[2]}-{profile}.parquet")
"""


@pytest.mark.skipif(not any(compiled.compiled_kernels().values()), reason="compiled kernels not built")
def test_demo_corpus_annotated_the_same_with_and_without_kernels(tmp_path):
    """End to end, fresh caches: ingest (simplemma's dictionary) and both profiles (tagger,
    morphology, compounds) give the same tables with the kernels as in pure Python."""
    import pandas as pd

    demo = Path(__file__).resolve().parents[2] / "corpora" / "demo"
    for mode in ("compiled", "pure"):
        env = {**os.environ, "FRAMING_CACHE_DIR": str(tmp_path / f"cache-{mode}"), "HF_HUB_OFFLINE": "1"}
        env.pop("FRAMING_PURE_PYTHON", None)
        if mode == "pure":
            env["FRAMING_PURE_PYTHON"] = "1"
        subprocess.run([sys.executable, "-c", _ANNOTATE, str(demo), str(tmp_path / mode)], env=env, check=True)
    for profile in ("full", "fast"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"compiled-{profile}.parquet"),
                                      pd.read_parquet(tmp_path / f"pure-{profile}.parquet"))
