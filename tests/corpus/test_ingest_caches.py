"""The first run after an install builds the on-disk caches of the default steps in a child
process (its memory goes back to the system before reading starts); later runs load them."""
from __future__ import annotations

import subprocess

import pytest

from framing.corpus import caches, ingest, wordfreq_de
from framing.corpus.places import default_index_path


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path))
    wordfreq_de._table.cache_clear()
    yield tmp_path
    wordfreq_de._table.cache_clear()


def test_missing_caches_follow_the_steps(empty_cache) -> None:
    assert caches.missing(clean=False, places=False) == []
    assert caches.missing(clean=True, places=False) == ["wordfreq"]
    assert caches.missing(clean=False, places=True) == ["wordfreq", "places"]
    assert default_index_path().parent == empty_cache / "places"


def test_missing_table_is_built_in_a_child_process(empty_cache) -> None:
    caches.prepare(clean=True, places=False)
    assert wordfreq_de.cache_path().is_file()
    assert wordfreq_de._table.cache_info().currsize == 0   # not built in this process
    assert caches.missing(clean=True, places=False) == []
    # what the child stored is what this process would have built
    import wordfreq

    assert wordfreq_de.frequency("haus") == wordfreq.get_frequency_dict("de", "best")["haus"]


def test_nothing_is_started_when_the_caches_exist(empty_cache, monkeypatch) -> None:
    caches.prepare(clean=True, places=False)

    def fail(*args, **kwargs):
        raise AssertionError("no child process expected")

    monkeypatch.setattr(subprocess, "run", fail)
    caches.prepare(clean=True, places=False)


def test_a_failing_child_leaves_the_build_to_the_ingest(empty_cache, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(caches.sys, "executable", str(tmp_path / "no-such-python"))
    caches.prepare(clean=True, places=False)
    assert not wordfreq_de.cache_path().is_file()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Die Brücke in Altena ist gesperrt.", encoding="utf-8")
    corpus = ingest.read(tmp_path / "docs", places=False, dedup=False, progress=False)
    assert corpus.docs["text"].tolist() == ["Die Brücke in Altena ist gesperrt."]


def test_the_child_process_needs_no_pandas(empty_cache) -> None:
    # what the child imports is its fixed cost on a first run: building needs no pandas
    import sys

    code = ("import sys; from framing.corpus.caches import build; build(['wordfreq']); "
            "print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert wordfreq_de.cache_path().is_file()


def test_a_small_input_builds_the_caches_in_this_process(empty_cache, monkeypatch, tmp_path) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("no child process expected for a small input")

    monkeypatch.setattr(subprocess, "run", fail)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Die Brücke in Altena ist gesperrt.", encoding="utf-8")
    corpus = ingest.read(tmp_path / "docs", places=False, dedup=False, progress=False)
    assert corpus.docs["text"].tolist() == ["Die Brücke in Altena ist gesperrt."]
    # what a step needs is built here when first used, and stored for the next run
    assert wordfreq_de.frequency("haus") is not None
    assert caches.missing(clean=True, places=False) == []


def test_a_large_input_builds_them_in_a_child(empty_cache, monkeypatch) -> None:
    started = []
    monkeypatch.setattr(subprocess, "run", lambda args, **kw: started.append(args[-1]) or
                        subprocess.CompletedProcess(args, 0, "", ""))
    caches.prepare(clean=True, places=False, input_bytes=caches.SMALL_INPUT_BYTES)
    assert started == ["wordfreq"]
    caches.prepare(clean=True, places=False, input_bytes=caches.SMALL_INPUT_BYTES - 1)
    assert started == ["wordfreq"]
