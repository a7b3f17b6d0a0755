"""wordfreq's German word frequencies in a compact table (the same numbers, a fifth the memory).

``wordfreq.zipf_frequency(word, "de")`` keeps wordfreq's whole German list resident: 634,502
words as Python strings in a list of buckets plus a dictionary, ~69 MiB. Cleaning and place
tagging ask it about a few thousand words. This module answers the same questions from a table
built once from wordfreq's list and cached on disk (see :mod:`framing.cache`): the words as one
UTF-8 blob in the order of their 64-bit hashes, the sorted hashes and each word's frequency
bucket (~16 MiB). A lookup hashes the word, finds the hash by binary search and compares the
stored bytes, so a hash collision can never give a wrong answer.

:func:`frequency` is ``wordfreq.get_frequency_dict("de", "best").get(word)`` and
:func:`zipf_frequency` is ``wordfreq.zipf_frequency(word, "de")``, number for number (wordfreq's
tokenizer and digit handling are used as they are; only the dictionary is replaced).
``tests/corpus/test_wordfreq_de.py`` checks both against wordfreq.

Word list: wordfreq (code Apache-2.0, data CC BY-SA 4.0).
"""
from __future__ import annotations

import math
import re
import struct
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

#: the word list of wordfreq's ``zipf_frequency(word, "de")`` (its default, "best")
_LANG, _WORDLIST = "de", "best"


_MASK = (1 << 64) - 1
#: multiplier between a word's 8-byte chunks, and the length's; any fixed odd numbers would do:
#: a lookup compares the stored bytes, so a collision costs one comparison, never a wrong answer
_P, _K = 0x100000001B3, 0x9E3779B97F4A7C15
#: ``_P ** j`` modulo 2**64
_POWERS = [1]
for _ in range(15):
    _POWERS.append((_POWERS[-1] * _P) & _MASK)
#: words that wordfreq's German tokenizer keeps as one token, only case-folded (``str.casefold``:
#: "Straße" → "strasse", "Café" → "café"): Latin letters, U+00C0–U+024F without × ÷ and ŉ (which
#: it splits: "'n"); tests/corpus/test_wordfreq_de.py checks every one of them
_LETTERS = re.compile(r"[A-Za-zÀ-ÖØ-öø-ňŊ-ɏ]+")
#: words up to this many bytes are hashed as rows of a numpy matrix (all but ~50 of wordfreq's)
_WIDE = 32


def _hash(data: bytes) -> int:
    """A word's 64-bit hash: ``len * K + sum(chunk[j] * P**j)`` modulo 2**64 over its 8-byte
    little-endian chunks (the last one zero-padded). Cheap in Python (a lookup hashes one word)
    and vectorised by :func:`_hashes` (building the table hashes 634,502)."""
    n = len(data)
    if n <= 8:
        return (n * _K + int.from_bytes(data, "little")) & _MASK
    h, chunks = n * _K, struct.unpack(f"<{(n + 7) // 8}Q", data + bytes(-n % 8))
    if len(chunks) > len(_POWERS):
        return (h + sum(c * pow(_P, j, 1 << 64) for j, c in enumerate(chunks))) & _MASK
    for c, power in zip(chunks, _POWERS):
        h += c * power
    return h & _MASK


def _hashes(words: list[bytes]) -> np.ndarray:
    """:func:`_hash` of every word, vectorised for words of up to :data:`_WIDE` bytes (numpy's
    uint64 arithmetic wraps modulo 2**64 as the formula does)."""
    lengths = np.fromiter(map(len, words), dtype=np.uint64, count=len(words))
    rows = np.array([b"" if len(w) > _WIDE else w for w in words], dtype=f"S{_WIDE}")
    chunks = rows.view("<u8").reshape(len(words), _WIDE // 8)   # zero-padded, as in _hash
    h = (chunks * np.array(_POWERS[:_WIDE // 8], dtype=np.uint64)).sum(axis=1, dtype=np.uint64)
    h += lengths * np.uint64(_K)
    for i in np.flatnonzero(lengths > _WIDE).tolist():
        h[i] = _hash(words[i])
    return h


class _Table:
    """Words, their hashes (sorted) and frequency buckets (centibels below 0)."""

    __slots__ = ("blob", "buckets", "hashes", "offsets")

    def __init__(self, hashes: np.ndarray, buckets: np.ndarray, offsets: np.ndarray,
                 blob: bytes) -> None:
        self.hashes = hashes
        self.buckets = buckets
        self.offsets = offsets
        self.blob = blob

    @classmethod
    def from_buckets(cls, buckets: list[list[str]]) -> "_Table":
        words = [w.encode("utf-8") for bucket in buckets for w in bucket]
        cb = np.repeat(np.arange(len(buckets), dtype=np.uint16), [len(b) for b in buckets])
        hashes = _hashes(words)
        order = np.argsort(hashes, kind="stable")
        ordered = [words[i] for i in order.tolist()]
        offsets = np.zeros(len(ordered) + 1, dtype=np.uint32)
        np.cumsum([len(w) for w in ordered], out=offsets[1:])
        return cls(hashes[order], cb[order], offsets, b"".join(ordered))

    def bucket(self, word: str) -> int | None:
        """The word's bucket (its frequency is ``10 ** (-bucket / 100)``), None if not listed."""
        try:
            data = word.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no listed word has one
            return None
        h = _hash(data)
        hashes, offsets, blob = self.hashes, self.offsets, self.blob
        i = int(np.searchsorted(hashes, np.uint64(h)))
        while i < len(hashes) and int(hashes[i]) == h:
            if blob[int(offsets[i]):int(offsets[i + 1])] == data:
                return int(self.buckets[i])
            i += 1
        return None


def _cache_key() -> str:
    from framing.cache import fingerprint, package_version

    return fingerprint(["wordfreq-de-table-2", _LANG, _WORDLIST, package_version("wordfreq")])


def _build() -> _Table:
    import wordfreq

    # wordfreq's loader without its lru_cache, so that the list is freed once the table is built
    return _Table.from_buckets(wordfreq.get_frequency_list.__wrapped__(_LANG, _WORDLIST))


def cache_path() -> Path:
    """Where the table is cached on disk (``wordfreq/de-<key>.npz`` in the cache folder)."""
    from framing.cache import cache_dir

    return cache_dir() / "wordfreq" / f"de-{_cache_key()}.npz"


@lru_cache(maxsize=1)
def _table() -> _Table:
    """The table, from the on-disk cache (:func:`cache_path`) or built and stored there."""
    from contextlib import suppress

    from framing.cache import atomic_path

    path = cache_path()
    if path.is_file():
        try:
            with np.load(path) as data:
                return _Table(data["hashes"], data["buckets"], data["offsets"],
                              data["blob"].tobytes())
        except Exception:  # a corrupt or incompatible entry is rebuilt
            pass
    table = _build()
    with suppress(OSError), atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez(fh, hashes=table.hashes, buckets=table.buckets, offsets=table.offsets,
                 blob=np.frombuffer(table.blob, dtype=np.uint8))
    return table


def loaded() -> bool:
    """Whether this process has the table loaded already (ingest's cleaning and place tagging
    load it), so that a lookup costs no loading."""
    return _table.cache_info().currsize > 0


def frequency(word: str) -> float | None:
    """``wordfreq.get_frequency_dict("de", "best").get(word)``: the word's frequency as a
    proportion, None when wordfreq's German list does not have it (no case folding here)."""
    from wordfreq import cB_to_freq

    b = _table().bucket(word)
    return None if b is None else cB_to_freq(-b)


def _word_frequency(word: str, minimum: float,
                    frequency_of: Callable[[str], float | None] | None = None) -> float:
    """``wordfreq._word_frequency(word, "de", "best", minimum)`` over the compact table (or
    ``frequency_of``, a word's frequency from another copy of the same list)."""
    from wordfreq import digit_freq, lossy_tokenize, smash_numbers

    frequency_of = frequency_of or frequency
    # a word of letters only is one token, case-folded (what wordfreq's German tokenizer gives:
    # tests/corpus/test_wordfreq_de.py checks it on wordfreq's whole list); it costs a third
    # of a lookup, and place tagging looks up ~20,000 words when it builds its index
    tokens = [word.casefold()] if _LETTERS.fullmatch(word) else lossy_tokenize(word, _LANG)
    if not tokens:
        return minimum
    one_over_result = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        freq: Any = frequency_of(smashed)
        if freq is None:
            return minimum
        if smashed != token:
            freq *= digit_freq(token)
        one_over_result += 1.0 / freq
    return _rounded(1.0 / one_over_result, minimum)


def _rounded(freq: float, minimum: float) -> float:
    """wordfreq's last step of ``_word_frequency``: at least ``minimum``, three significant digits."""
    unrounded = max(freq, minimum)
    if unrounded == 0.0:
        return 0.0
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(unrounded, leading_zeroes + 3)


#: ``zipf_to_freq(0.0)``, the ``minimum`` of ``zipf_frequency(word, "de")``: 10 ** 0 / 1e9
_ZIPF_MINIMUM = 10**0.0 / 1e9


@cache
def _zipf_of_bucket(bucket: int | None) -> float:
    """``zipf_frequency`` of a word of letters only (one token) in ``bucket`` (None: not listed),
    with wordfreq's arithmetic step by step (``cB_to_freq``, the one-token sum, ``_rounded``,
    ``freq_to_zipf``): a word's Zipf figure depends on nothing else, so there are ~800 of them."""
    if bucket is None:
        freq = _ZIPF_MINIMUM
    else:
        freq = _rounded(1.0 / (1.0 / 10 ** (-bucket / 100)), _ZIPF_MINIMUM)
    return round(math.log(freq, 10) + 9, 2)


def zipf_frequency(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "de")``: the Zipf frequency (log10 per billion words,
    two decimals), 0.0 for a word wordfreq's German list does not have."""
    if _LETTERS.fullmatch(word):
        return _zipf_of_bucket(_table().bucket(word.casefold()))
    from wordfreq import freq_to_zipf

    return round(freq_to_zipf(_word_frequency(word, _ZIPF_MINIMUM)), 2)


def _data_file() -> Path | None:
    """wordfreq's German "best" list (``data/large_de.msgpack.gz`` in the installed package),
    found without importing wordfreq (its import costs ~0.1-0.3 CPU-s: langcodes, ftfy)."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "data" / f"large_{_LANG}.msgpack.gz"
        if path.is_file():
            return path
    return None


def _read_buckets() -> list[list[str]]:
    """wordfreq's German list, bucket by bucket (``wordfreq.read_cBpack`` of its data file, read
    here so that wordfreq is not imported; its own loader where the file is not where expected)."""
    path = _data_file()
    if path is None:
        import wordfreq

        return list(wordfreq.get_frequency_list.__wrapped__(_LANG, _WORDLIST))
    import gzip

    import msgpack

    with gzip.open(path, "rb") as fh:
        data = msgpack.load(fh, raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"{path}: not a wordfreq cBpack file (header {header!r})")
    return data[1:]


@lru_cache(maxsize=1)
def _bucket_dict() -> dict[str, int]:
    """``{word: bucket}`` of wordfreq's whole German list (~0.3 CPU-s, ~70 MiB, as wordfreq's own)."""
    return {w: b for b, words in enumerate(_read_buckets()) for w in words}


@lru_cache(maxsize=1)
def _bucket_of() -> Callable[[str], int | None]:
    """word → bucket of wordfreq's German list read from its data file: a C hash table over the
    decompressed file where the compiled kernel ``framing.nlp._cbpack`` is built (~0.16 CPU-s,
    ~24 MiB), else :func:`_bucket_dict` (the same answers, tested on the whole list)."""
    from framing.nlp.compiled import kernel

    cbpack, path = kernel("_cbpack"), _data_file()
    if cbpack is not None and path is not None:
        import gzip

        import msgpack

        try:
            table = cbpack.BucketTable(gzip.decompress(path.read_bytes()))
            header = msgpack.unpackb(table.header, raw=False)
        except (ValueError, OSError, msgpack.UnpackException):
            header = None  # not the format the kernel reads: the dictionary reports what is wrong
        if isinstance(header, dict) and header.get("format") == "cB" and header.get("version") == 1:
            get: Callable[[str], int | None] = table.get
            return get
    return _bucket_dict().get


@lru_cache(maxsize=1)
def zipf_lookup() -> Callable[[str], float]:
    """The quickest ``zipf_frequency`` this process can have, for code that asks many times and
    once (annotation's compound analysis): the compact table when this process has it loaded or
    it is cached on disk (~0.01 CPU-s to load), else wordfreq's data file read straight
    (:func:`_bucket_of`: ~0.16 CPU-s with the compiled kernel, ~0.3 without; building the table
    would cost ~0.8). The same numbers either way."""
    if loaded() or cache_path().is_file():
        return zipf_frequency
    bucket_of = _bucket_of()

    def frequency_of(word: str) -> float | None:
        b = bucket_of(word)
        return None if b is None else 10 ** (-b / 100)

    def zipf(word: str) -> float:
        if _LETTERS.fullmatch(word):
            return _zipf_of_bucket(bucket_of(word.casefold()))
        return round(math.log(_word_frequency(word, _ZIPF_MINIMUM, frequency_of), 10) + 9, 2)

    return zipf


__all__ = ["frequency", "loaded", "zipf_frequency", "zipf_lookup"]
