"""The offline backend's simplemma shortcut gives exactly simplemma's lemmas."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import simplemma

from framing.nlp.backends.offline import (
    SimplemmaLemmatizer,
    _SimplemmaGerman,
    simplemma_german,
)
from framing.nlp.tokenizer import tokenize

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "articles"


def _demo_forms(limit: int = 60) -> list[str]:
    forms: dict[str, None] = {}
    for path in sorted(DEMO.rglob("*.md"))[:limit]:
        forms.update(dict.fromkeys(tokenize(path.read_text(encoding="utf-8"))))
    return list(forms)


EDGE = ["Flüchtlinge", "flüchtlinge", "FLÜCHTLINGE", "Hörsterfelder", "Asylbewerberheimen", "geht's",
        "Ku'damm", "123", "½", "Ⅻ", "CDU-Fraktionen", "z.B.", "Mitbürger", "Ärzte",
        unicodedata.normalize("NFD", "Ärzte"), unicodedata.normalize("NFD", "Flüchtlingsunterkünfte"),
        "x", "Ab", "anderen", "Ihnen", "waz.de", "Österreicher", "€"]


@pytest.fixture(scope="module")
def engine() -> _SimplemmaGerman:
    return simplemma_german()


def test_direct_lookup_is_used(engine: _SimplemmaGerman) -> None:
    if engine._dict is None:
        pytest.skip("this simplemma version keeps its dictionary in another form; simplemma's functions are used")
    assert engine._dict.get("Flüchtlinge".encode()) == "Flüchtling".encode()


@pytest.mark.parametrize("greedy", [False, True])
def test_lemmas_equal_simplemma(engine: _SimplemmaGerman, greedy: bool) -> None:
    forms = _demo_forms() + EDGE
    assert len(forms) > 1000
    ours = [engine.lemmatize(f, greedy=greedy) for f in forms]
    theirs = [simplemma.lemmatize(f, lang="de", greedy=greedy) for f in forms]
    assert [(f, a) for f, a, b in zip(forms, ours, theirs) if a != b] == []


def test_is_known_equals_simplemma(engine: _SimplemmaGerman) -> None:
    forms = _demo_forms() + EDGE
    ours = [engine.is_known(f) for f in forms]
    theirs = [simplemma.is_known(f, lang="de") for f in forms]
    assert [(f, a) for f, a, b in zip(forms, ours, theirs) if a != b] == []
    assert engine.is_known("Flüchtling") and not engine.is_known("Xqzvbr")


def test_empty_form_is_an_error_as_in_simplemma(engine: _SimplemmaGerman) -> None:
    with pytest.raises(ValueError):
        engine.lemmatize("")
    with pytest.raises(ValueError):
        engine.is_known("")


def test_lemmatizer_conventions_on_plain_words() -> None:
    lem = SimplemmaLemmatizer()
    assert lem.lemmas(["Flüchtlinge", "Hörsterfelder", "CDU-Fraktionen", "z. B.", "2016"]) == [
        "Flüchtling", "Hörsterfelder", "CDU-Fraktion", "z.B.", "2016"]
