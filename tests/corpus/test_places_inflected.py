"""The shipped inflected-noun set of the default place index (resources/places/inflected.txt):
it equals what :func:`framing.corpus.places._inflected_noun` computes, and the first build of
the index uses it only while its header matches (simplemma and wordfreq versions, the
fingerprint of the index's single-word surfaces); otherwise the set is computed as before."""
from __future__ import annotations

import re

import pytest

from framing.cache import package_version
from framing.corpus import places

# the words of a tiny index: two inflected nouns ("Steinen" of Stein, "Kirchen" of Kirche)
TOWNS = ["Steinen", "Kirchen", "Altena", "Bochum"]


def _tiny_index() -> places._Index:
    return places._build_index([places._Rec(name=n, country="DE", population=5000) for n in TOWNS], [])


def _words(idx: places._Index) -> list[str]:
    return [key[0] for key in idx.surfaces if len(key) == 1]


def _computed(words: list[str]) -> frozenset[str]:
    return frozenset(w for w in words if places._inflected_noun.__wrapped__(w))


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``_build_default_index`` builds the tiny index; returns its single-word surfaces."""
    build = places._build_index
    monkeypatch.setattr(places, "_build_index", lambda records, groups: build(
        [places._Rec(name=n, country="DE", population=5000) for n in TOWNS], groups))
    return _words(_tiny_index())


def _build_with(monkeypatch: pytest.MonkeyPatch, text: str | None) -> tuple[frozenset[str], list[str]]:
    """``idx.inflected`` of ``_build_default_index`` with this file text, and the words it lemmatised."""
    monkeypatch.setattr(places, "_read_inflected_file", lambda: text)
    # a default index loaded by an earlier test answers _inflected_noun from its set: not here
    monkeypatch.setattr(places, "_INFLECTED_TABLES", [])
    computed: list[str] = []
    lemma = places._lemma_is_frequent_noun

    def counting(surface: str) -> bool:
        computed.append(surface)
        return lemma(surface)

    places._inflected_noun.cache_clear()
    monkeypatch.setattr(places, "_lemma_is_frequent_noun", counting)
    idx = places._build_default_index()
    places._inflected_noun.cache_clear()
    assert idx.inflected is not None
    return idx.inflected, computed


@pytest.mark.slow
def test_shipped_set_equals_the_computed_one() -> None:
    text = places._read_inflected_file()
    assert text is not None
    built_with = dict(re.findall(r"^# (simplemma|wordfreq): (\S+)$", text, flags=re.M))
    installed = {p: package_version(p) for p in ("simplemma", "wordfreq")}
    if built_with != installed:
        pytest.skip(f"inflected.txt was computed with {built_with}, {installed} is installed: "
                    "run scripts/build_places_inflected.py")
    records = [*places._geonames_records(), *places._foreign_records(), *places._district_records()]
    words = _words(places._build_index(records, []))
    # a failure here means the file must be rebuilt: python scripts/build_places_inflected.py
    computed = frozenset(w for w in words if places._inflected_noun.__wrapped__(w))
    assert places._shipped_inflected(words) == computed
    assert text == places._inflected_text(words, computed)
    assert {"Steinen", "Kirchen"} <= computed


def test_a_matching_file_is_used(monkeypatch: pytest.MonkeyPatch, tiny: list[str]) -> None:
    expected = _computed(tiny)
    assert {"Steinen", "Kirchen"} <= expected and "Altena" not in expected
    inflected, lemmatised = _build_with(monkeypatch, places._inflected_text(tiny, expected))
    assert inflected == expected
    assert not {"Steinen", "Kirchen", "Altena"} & set(lemmatised)
    # a checkout with Windows line ends reads the same
    crlf = places._inflected_text(tiny, expected).replace("\n", "\r\n")
    assert _build_with(monkeypatch, crlf) == (expected, [])
    # the answer is the file's: a (wrong) set it names is what the build takes
    assert _build_with(monkeypatch, places._inflected_text(tiny, ["Altena"]))[0] == {"Altena"}


@pytest.mark.parametrize("change", ["simplemma", "wordfreq", "surfaces", "missing", "damaged",
                                    "truncated", "unsorted", "unknown name", "garbled"])
def test_a_mismatching_or_damaged_file_is_computed_instead(monkeypatch: pytest.MonkeyPatch,
                                                             tiny: list[str], change: str) -> None:
    expected = _computed(tiny)
    wrong = ["Altena"]   # what a wrongly used file would give
    text: str | None = places._inflected_text(tiny, wrong)
    assert text is not None
    if change in ("simplemma", "wordfreq"):
        text = re.sub(rf"^# {change}: .*$", f"# {change}: 0.0.1", text, flags=re.M)
    elif change == "surfaces":
        text = places._inflected_text([*tiny, "Bottrop"], wrong)
    elif change == "missing":
        text = None
    elif change == "damaged":
        text = text.replace("# surfaces: ", "# surf")
    elif change == "truncated":
        text = text[:text.index("Altena")]
    elif change == "unsorted":
        text = places._inflected_text(tiny, ["Bochum", "Altena"]).replace("Altena\nBochum", "Bochum\nAltena")
    elif change == "unknown name":
        text = places._inflected_text(tiny, ["Altena", "Zzz"])
    else:
        text = "\ufffd" + text
    inflected, lemmatised = _build_with(monkeypatch, text)
    assert inflected == expected
    assert "Steinen" in lemmatised


def test_header_fingerprints_the_sorted_surfaces() -> None:
    a, b = places._inflected_header(["Essen", "Bochum"]), places._inflected_header(["Bochum", "Essen"])
    assert a == b and a["surfaces"].startswith("2 sha256 ")
    assert places._inflected_header(["Essen"])["surfaces"] != a["surfaces"]
    assert a["simplemma"] == package_version("simplemma")


def test_an_unreadable_file_reads_as_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "_INFLECTED_FILE", "no-such-file.txt")
    assert places._read_inflected_file() is None
