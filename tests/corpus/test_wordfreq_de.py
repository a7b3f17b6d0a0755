"""The compact German frequency table answers exactly as wordfreq does."""
from __future__ import annotations

import pytest

wordfreq = pytest.importorskip("wordfreq")

from framing.corpus import wordfreq_de  # noqa: E402

TRICKY = ["", " ", "Haus", "haus", "HAUS", "Straße", "STRASSE", "strasse", "Haus 12", "1999",
          "3,5", "Essen's", "Bochum-Wattenscheid", "Hörster Feld", "x" * 100, "\ud800x",
          "Flüchtlinge", "fluechtlinge", "über", "uber", "Feuer-wache", "ÆØÅ", "日本"]


def _sample() -> list[str]:
    words = [w for bucket in wordfreq.get_frequency_list("de", "best") for w in bucket]
    return words[::97] + [w.capitalize() for w in words[::401]] + [w + "s" for w in words[::401]]


def test_frequency_equals_wordfreqs_dictionary() -> None:
    freqs = wordfreq.get_frequency_dict("de", "best")
    for word in _sample() + TRICKY:
        assert wordfreq_de.frequency(word) == freqs.get(word), word


def test_zipf_frequency_equals_wordfreq() -> None:
    for word in _sample() + TRICKY:
        assert wordfreq_de.zipf_frequency(word) == wordfreq.zipf_frequency(word, "de"), word


def test_table_is_cached_on_disk_and_reloaded(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path))
    wordfreq_de._table.cache_clear()
    try:
        built = wordfreq_de._table()
        assert list((tmp_path / "wordfreq").glob("de-*.npz"))
        wordfreq_de._table.cache_clear()
        loaded = wordfreq_de._table()
        assert loaded is not built and loaded.blob == built.blob
        assert (loaded.hashes == built.hashes).all() and (loaded.buckets == built.buckets).all()
        assert wordfreq_de.frequency("haus") == wordfreq.get_frequency_dict("de", "best")["haus"]
        assert wordfreq_de.zipf_frequency("Haus") == wordfreq.zipf_frequency("Haus", "de")
    finally:
        wordfreq_de._table.cache_clear()


def test_vectorised_hashes_equal_the_lookup_hash() -> None:
    # the table is built with _hashes and searched with _hash: they must agree for every
    # length (one chunk, several, the padded last chunk, rows wider than the matrix, > 16 chunks)
    words = [("ä" * n).encode("utf-8")[:n] + b"x" for n in range(0, 140)] + [b"", b"Haus", "Straße".encode()]
    assert wordfreq_de._hashes(words).tolist() == [wordfreq_de._hash(w) for w in words]
    assert len(set(wordfreq_de._hashes(words).tolist())) == len(words)


def test_words_of_letters_are_one_case_folded_token() -> None:
    # the shortcut of _word_frequency: wordfreq's tokenizer gives such a word back case-folded
    words = [w for bucket in wordfreq.get_frequency_list("de", "best") for w in bucket]
    sample = words[::7] + [w.capitalize() for w in words[::29]] + [w.upper() for w in words[::97]]
    simple = [w for w in sample if wordfreq_de._LETTERS.fullmatch(w)]
    assert len(simple) > 50_000
    assert [wordfreq.lossy_tokenize(w, "de") for w in simple] == [[w.lower()] for w in simple]
    assert not wordfreq_de._LETTERS.fullmatch("Straße") and not wordfreq_de._LETTERS.fullmatch("Haus12")
