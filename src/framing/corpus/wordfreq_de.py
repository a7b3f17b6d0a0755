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

import hashlib
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

#: the word list of wordfreq's ``zipf_frequency(word, "de")`` (its default, "best")
_LANG, _WORDLIST = "de", "best"


def _hash(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


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
        cb = np.fromiter((i for i, bucket in enumerate(buckets) for _ in bucket), dtype=np.uint16,
                         count=len(words))
        hashes = np.fromiter((_hash(w) for w in words), dtype=np.uint64, count=len(words))
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

    return fingerprint(["wordfreq-de-table-1", _LANG, _WORDLIST, package_version("wordfreq")])


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


def frequency(word: str) -> float | None:
    """``wordfreq.get_frequency_dict("de", "best").get(word)``: the word's frequency as a
    proportion, None when wordfreq's German list does not have it (no case folding here)."""
    from wordfreq import cB_to_freq

    b = _table().bucket(word)
    return None if b is None else cB_to_freq(-b)


def _word_frequency(word: str, minimum: float) -> float:
    """``wordfreq._word_frequency(word, "de", "best", minimum)`` over the compact table."""
    from wordfreq import digit_freq, lossy_tokenize, smash_numbers

    tokens = lossy_tokenize(word, _LANG)
    if not tokens:
        return minimum
    one_over_result = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        freq: Any = frequency(smashed)
        if freq is None:
            return minimum
        if smashed != token:
            freq *= digit_freq(token)
        one_over_result += 1.0 / freq
    freq = 1.0 / one_over_result
    unrounded = max(freq, minimum)
    if unrounded == 0.0:
        return 0.0
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(unrounded, leading_zeroes + 3)


def zipf_frequency(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "de")``: the Zipf frequency (log10 per billion words,
    two decimals), 0.0 for a word wordfreq's German list does not have."""
    from wordfreq import freq_to_zipf, zipf_to_freq

    return round(freq_to_zipf(_word_frequency(word, zipf_to_freq(0.0))), 2)


__all__ = ["frequency", "zipf_frequency"]
