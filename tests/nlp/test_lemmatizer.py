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
from framing.nlp.compiled import kernel
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


_IN_NEW_PROCESS = """
import json, sys
from pathlib import Path
import simplemma
from framing.nlp.backends.offline import _SimplemmaGerman
forms = json.loads(sys.argv[2])
eng = _SimplemmaGerman(Path(sys.argv[1]))
ok = all(eng.lemmatize(f, greedy=g) == simplemma.lemmatize(f, lang="de", greedy=g)
         for f in forms for g in (False, True))
ok = ok and all(eng.is_known(f) == simplemma.is_known(f, lang="de") for f in forms)
print(eng.source, ok, eng.lemmatize("Flüchtlinge"))
"""


def _fresh_engine(folder: Path, forms: list[str], pure: bool = True) -> str:
    """``source``, whether every lemma equals simplemma's, and a lemma: from a new process (where
    simplemma has decoded nothing yet, as in a user's next session); ``pure``: without the
    compiled kernels (the copy is kept only then)."""
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "FRAMING_PURE_PYTHON"}
    if pure:
        env["FRAMING_PURE_PYTHON"] = "1"
    out = subprocess.run([sys.executable, "-c", _IN_NEW_PROCESS, str(folder), json.dumps(forms)],
                         capture_output=True, text=True, check=True, env=env)
    return out.stdout.strip()


def test_dictionary_copy_is_written_then_read_with_the_same_results(tmp_path: Path) -> None:
    forms = _demo_forms(10) + EDGE
    assert _fresh_engine(tmp_path, forms) == "simplemma True Flüchtling"  # decodes, writes the copy
    assert len(list(tmp_path.glob("simplemma-de-*.marshal"))) == 1
    assert _fresh_engine(tmp_path, forms) == "copy True Flüchtling"  # a later process reads it


@pytest.mark.skipif(kernel("_frontcode") is None, reason="compiled kernels not built")
def test_no_copy_where_the_compiled_decoder_is_in_use(tmp_path: Path) -> None:
    forms = _demo_forms(10) + EDGE
    for _ in range(2):
        assert _fresh_engine(tmp_path, forms, pure=False) == "simplemma True Flüchtling"
    assert not list(tmp_path.glob("simplemma-de-*.marshal"))


def test_a_damaged_copy_is_replaced(tmp_path: Path) -> None:
    _fresh_engine(tmp_path, [])
    (copy,) = tmp_path.glob("simplemma-de-*.marshal")
    copy.write_bytes(copy.read_bytes()[:1000])
    assert _fresh_engine(tmp_path, ["Häuser"]) == "simplemma True Flüchtling"
    assert _fresh_engine(tmp_path, ["Häuser"]) == "copy True Flüchtling"


def test_annotate_keeps_the_copy_in_the_word_cache_folder(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = ("import sys, framing; from framing.nlp.backends.offline import simplemma_german; "
            "t = framing.annotate([sys.argv[1]], profile='fast', progress=False, compounds=False); "
            "print(t.table['lemma'].tolist(), simplemma_german().source)")
    env = {**os.environ, "FRAMING_CACHE_DIR": str(tmp_path), "FRAMING_PURE_PYTHON": "1"}
    # another corpus in a second process reads the copy the first process wrote (in pure Python;
    # with the compiled decoder there is no copy)
    for text, source in (("Die Flüchtlinge kommen an.", "simplemma"), ("Die Städte helfen.", "copy")):
        out = subprocess.run([sys.executable, "-c", code, text], env=env, capture_output=True, text=True,
                             check=True)
        lemmas = "['der', 'Flüchtling', 'kommen', 'an', '.']" if source == "simplemma" else \
            "['der', 'Stadt', 'helfen', '.']"
        assert out.stdout.strip() == f"{lemmas} {source}"
    assert len(list((tmp_path / "words").glob("simplemma-de-*.marshal"))) == 1


def test_a_table_simplemma_decoded_already_is_shared(tmp_path: Path) -> None:
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    first = _SimplemmaGerman(tmp_path)  # writes the copy (in pure Python)
    if first._dict is None:
        pytest.skip("this simplemma version keeps its dictionary in another form")
    simplemma.lemmatize("Häuser", lang="de")  # simplemma's own table is in memory now
    again = _SimplemmaGerman(tmp_path)
    assert again.source == "simplemma"  # not a second table from the copy
    assert again._dict is DEFAULT_DICTIONARY_FACTORY.get_dictionary("de")._dict
