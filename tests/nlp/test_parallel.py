"""annotate(..., n_process=N): the same output as one process, with forked and spawned workers."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.corpus import Corpus
from framing.nlp.annotate import annotate
from framing.nlp.parallel import START_METHOD_ENV, start_method

TEXTS = [
    "Die Stadt Essen hat am 3. Oktober 2016 rund 1.200 Flüchtlinge in Flüchtlingsunterkünften "
    "untergebracht, sagte der Oberbürgermeister. Die Mitbürger*innen helfen z. B. den Asylbewerberinnen.",
    "Altena sieht den Zuzug als Chance gegen den Leerstand. „Wir haben Platz“, sagt der Bürgermeister.",
    "Im Essener Norden leben viele Neubürger. Die Nachbarn im Hörsterfelder Quartier kennen sich.",
    "Der Stadtrat beschloss die Erweiterung der Sprachkurse und neue Wohnungen für Geflüchtete.",
    "",
    "The city council decided on Monday that the new housing will be built in the north of the town.",
]
SRC = Path(__file__).resolve().parents[2] / "src"


def _corpus() -> Corpus:
    # distinct texts, so that chunks (3 documents each) differ in vocabulary
    texts = [f"{t} Meldung {i}." if t else t for i, t in enumerate(TEXTS * 5)]
    return Corpus.from_texts(texts, place=["Essen", "Altena"] * 15)


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "spawn"])
@pytest.mark.parametrize("profile", ["full", "fast"])
def test_parallel_equals_serial(method: str, profile: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if method == "fork" and not sys.platform.startswith("linux"):
        pytest.skip("annotate forks workers on Linux only")
    monkeypatch.setenv(START_METHOD_ENV, method)
    corpus = _corpus()
    one = annotate(corpus, profile=profile, n_process=1, batch_size=3, cache=False, progress=False)
    two = annotate(corpus, profile=profile, n_process=2, batch_size=3, cache=False, progress=False)
    assert len(one.table) > 500
    pd.testing.assert_frame_equal(one.table, two.table)
    pd.testing.assert_frame_equal(one.docs, two.docs)
    assert two.meta["compounds"] is True


def test_start_method_default_and_override(monkeypatch: pytest.MonkeyPatch) -> None:
    from framing.nlp.backends.offline import OfflineBackend

    monkeypatch.delenv(START_METHOD_ENV, raising=False)
    expected = "fork" if sys.platform.startswith("linux") else "spawn"
    assert start_method(OfflineBackend("fast")) == expected
    assert start_method(object()) == "spawn"  # a backend that does not say it is fork-safe
    monkeypatch.setenv(START_METHOD_ENV, "spawn")
    assert start_method(OfflineBackend("fast")) == "spawn"
    monkeypatch.setenv(START_METHOD_ENV, "teleport")
    with pytest.raises(ValueError, match=START_METHOD_ENV):
        start_method(OfflineBackend("fast"))


class _FailingBackend:
    """Fails on one document, like a backend meeting input it cannot handle."""

    name = "failing"
    fork_safe = True

    def settings(self) -> dict:
        return {"name": self.name}

    def annotate_docs(self, docs):
        from framing.nlp.backends.offline import OfflineBackend

        docs = list(docs)
        if any(text.startswith("KAPUTT") for _, text in docs):
            raise RuntimeError("cannot annotate KAPUTT")
        return OfflineBackend("fast").annotate_docs(docs)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers on Linux only")
def test_worker_error_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(START_METHOD_ENV, raising=False)
    # the first chunk goes to the worker (the caller computes the third while it waits)
    texts = ["KAPUTT und mehr."] + ["Die Stadt hilft."] * 40
    with pytest.raises(RuntimeError, match="cannot annotate KAPUTT"):
        annotate(Corpus.from_texts(texts), backend=_FailingBackend(), n_process=2, batch_size=2,
                 cache=False, progress=False)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers on Linux only")
def test_script_without_main_guard(tmp_path: Path) -> None:
    """A plain analysis script (no ``if __name__ == "__main__":``) can use n_process on Linux."""
    script = tmp_path / "analysis.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(SRC)!r})
        import framing
        corpus = framing.Corpus.from_texts(["Die Stadt Essen hilft den Flüchtlingen."] * 40)
        tokens = framing.annotate(corpus, n_process=2, batch_size=4, cache=False, progress=False)
        print(len(tokens.table))
    """), encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                         env={**os.environ, START_METHOD_ENV: ""})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-1] == str(40 * 7)


class _DyingBackend(_FailingBackend):
    """Kills its process on one document, as the out-of-memory killer would."""

    def annotate_docs(self, docs):
        docs = list(docs)
        if any(text.startswith("KAPUTT") for _, text in docs):
            os._exit(1)
        return super().annotate_docs(docs)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers on Linux only")
def test_dead_worker_says_what_to_try(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    monkeypatch.delenv(START_METHOD_ENV, raising=False)
    texts = ["KAPUTT und mehr."] + ["Die Stadt hilft."] * 40  # the first chunk goes to the worker
    with pytest.raises(BrokenProcessPool, match="fewer processes"):
        annotate(Corpus.from_texts(texts), backend=_DyingBackend(), n_process=2, batch_size=2,
                 cache=False, progress=False)
