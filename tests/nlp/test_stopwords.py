"""The shipped German stopword list and its API."""
from __future__ import annotations

from importlib import resources

import pytest

from framing.errors import InputError
from framing.nlp.stopwords import get_stopwords


def test_function_words_and_press_filler_are_in() -> None:
    sw = get_stopwords()
    for w in ("der", "die", "und", "nicht", "wurde", "können", "sagte", "laut", "sowie", "bereits",
              "z.b.", "im", "zum", "sich", "heißt"):
        assert w in sw, w


def test_framing_content_words_are_out() -> None:
    sw = get_stopwords()
    for w in ("stadt", "menschen", "flüchtling", "flüchtlinge", "integration", "essen", "weg", "recht",
              "macht", "heim", "neue", "anderen", "rund", "chance", "nachbarn", "jahr", "euro"):
        assert w not in sw, w


def test_all_lower_case_and_licence_header() -> None:
    sw = get_stopwords()
    assert all(w == w.lower() and w.strip() == w for w in sw)
    header = resources.files("framing").joinpath("resources/stopwords/de.txt").read_text(encoding="utf-8")
    assert "Source:" in header and "Licence: MIT" in header


def test_extra_and_remove() -> None:
    sw = get_stopwords(extra=["Stadt", "Jahr"], remove=["sagte", "LAUT"])
    assert {"stadt", "jahr"} <= sw
    assert "sagte" not in sw and "laut" not in sw
    assert isinstance(sw, frozenset)
    assert get_stopwords() is get_stopwords()  # cached, unchanged by the call above
    assert "sagte" in get_stopwords()


def test_bad_arguments() -> None:
    with pytest.raises(InputError):
        get_stopwords(extra="Stadt")
    with pytest.raises(InputError):
        get_stopwords(lang="xx")
