"""The compact German frequency table answers exactly as wordfreq does."""
from __future__ import annotations

import pytest

wordfreq = pytest.importorskip("wordfreq")

from framing.corpus import wordfreq_de  # noqa: E402
from framing.nlp.compiled import kernel  # noqa: E402

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
    sample += ["Straße", "STRASSE", "Maßnahme", "außer", "Großeltern", "ß", "Café", "Ǆemal", "Łódź", "ÉLAN"]
    sample += [w.capitalize() for w in words if "ss" in w][::50]
    sample += [w.replace("ss", "ß") for w in words if "ss" in w][::50]  # wordfreq lists "ss" forms only
    simple = [w for w in sample if wordfreq_de._LETTERS.fullmatch(w)]
    assert len(simple) > 50_000 and sum("ß" in w for w in simple) > 100
    assert sum(not w.isascii() and not set(w) & set("äöüÄÖÜß") for w in simple) > 100  # é, ł, ...
    assert [wordfreq.lossy_tokenize(w, "de") for w in simple] == [[w.casefold()] for w in simple]
    assert not wordfreq_de._LETTERS.fullmatch("Haus12") and not wordfreq_de._LETTERS.fullmatch("ŉ")
    assert not wordfreq_de._LETTERS.fullmatch("Cafe\u0301")  # not NFC: wordfreq normalises it
    # every Latin letter of the class, alone and inside words
    letters = [chr(i) for i in range(0xC0, 0x250) if wordfreq_de._LETTERS.fullmatch(chr(i))]
    assert len(letters) == 397 and "é" in letters and "ß" in letters
    for c in letters:
        for w in (c, "ab" + c + "cd", c + "x", "X" + c, c * 3):
            assert wordfreq.lossy_tokenize(w, "de") == [w.casefold()], w


@pytest.mark.parametrize("pure", [False, True])
def test_zipf_lookup_from_wordfreqs_data_file_equals_wordfreq(tmp_path, monkeypatch, pure) -> None:
    # no table cached: the lookup reads wordfreq's data file itself (no wordfreq import needed),
    # with the compiled reader (framing.nlp._cbpack, where built) and with a plain dict
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path))
    if pure:
        monkeypatch.setenv("FRAMING_PURE_PYTHON", "1")
    wordfreq_de._table.cache_clear()
    wordfreq_de.zipf_lookup.cache_clear()
    wordfreq_de._bucket_of.cache_clear()
    try:
        assert wordfreq_de._data_file() is not None
        zipf = wordfreq_de.zipf_lookup()
        assert zipf is not wordfreq_de.zipf_frequency and not wordfreq_de.loaded()
        letters = ["".join(chr(97 + (i * 7 + j * 3) % 26) for j in range(2 + i % 9)) for i in range(3000)]
        for word in _sample() + TRICKY + letters + ["Ärger", "ÖL", "üBEr", "Maßnahme", "STRAßE", "ß", "Café", "ŉ"]:
            assert zipf(word) == wordfreq.zipf_frequency(word, "de"), word
        assert not list(tmp_path.glob("wordfreq/*.npz"))  # nothing built or written
        assert wordfreq_de._bucket_dict.cache_info().currsize == (1 if pure else 0) or \
            kernel("_cbpack") is None
    finally:
        wordfreq_de.zipf_lookup.cache_clear()
        wordfreq_de._bucket_of.cache_clear()
        wordfreq_de._bucket_dict.cache_clear()


def test_zipf_lookup_takes_the_cached_table(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path))
    wordfreq_de._table.cache_clear()
    wordfreq_de.zipf_lookup.cache_clear()
    try:
        wordfreq_de._table()  # built and cached on disk, as ingest does
        wordfreq_de._table.cache_clear()
        assert wordfreq_de.zipf_lookup() is wordfreq_de.zipf_frequency
        assert wordfreq_de.zipf_lookup()("Flüchtlinge") == wordfreq.zipf_frequency("Flüchtlinge", "de")
    finally:
        wordfreq_de._table.cache_clear()
        wordfreq_de.zipf_lookup.cache_clear()


def test_zipf_of_every_bucket_equals_wordfreq() -> None:
    # the per-bucket shortcut of zipf_frequency: one word of each bucket, the unlisted word too
    for bucket, words in enumerate(wordfreq.get_frequency_list("de", "best")):
        simple = [w for w in words if wordfreq_de._LETTERS.fullmatch(w)]
        if simple:
            assert wordfreq_de._zipf_of_bucket(bucket) == wordfreq.zipf_frequency(simple[0], "de"), bucket
    assert wordfreq_de._zipf_of_bucket(None) == wordfreq.zipf_frequency("qxqxqzz", "de") == 0.0
