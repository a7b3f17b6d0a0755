"""wordfreq's word list read by the compiled kernel answers as a dict of the list does."""
from __future__ import annotations

import gzip

import pytest

from framing.nlp.compiled import kernel

wordfreq = pytest.importorskip("wordfreq")
msgpack = pytest.importorskip("msgpack")

cbpack = kernel("_cbpack")
pytestmark = pytest.mark.skipif(cbpack is None, reason="compiled kernels not built (no C compiler at install)")

HEADER = {"format": "cB", "version": 1}


def _pack(buckets: list[list[str]], header: dict | None = None) -> bytes:
    return msgpack.packb([header or HEADER, *buckets], use_bin_type=True)


def test_every_word_of_wordfreqs_german_list_has_its_bucket() -> None:
    from framing.corpus import wordfreq_de

    path = wordfreq_de._data_file()
    assert path is not None
    table = cbpack.BucketTable(gzip.decompress(path.read_bytes()))
    assert msgpack.unpackb(table.header) == HEADER
    expected = {w: b for b, words in enumerate(wordfreq.get_frequency_list("de", "best")) for w in words}
    assert len(table) == len(expected)
    assert all(table.get(w) == b for w, b in expected.items())
    for miss in ["", "Haus", "xqzxqz", "haus ", "\ud800", "ß" * 70_000]:
        assert table.get(miss) is None, miss


def test_hand_made_lists_long_strings_and_a_word_in_two_buckets() -> None:
    long_word = "ä" * 100  # str8 (200 bytes); 40_000 "x": str16
    buckets = [[], ["der", "die"], [], [long_word, "x" * 40_000, "die"], ["ä"]]
    table = cbpack.BucketTable(_pack(buckets))
    # a word listed twice takes the later bucket, as wordfreq's get_frequency_dict does
    assert [table.get(w) for w in ["der", "die", long_word, "x" * 40_000, "ä", "a"]] == [1, 3, 3, 3, 4, None]
    assert len(table) == 5
    big = [[f"w{i}" for i in range(70_000)]]  # an array32 bucket and a table that grows
    table = cbpack.BucketTable(_pack(big))
    assert table.get("w69999") == 0 and table.get("w70000") is None and len(table) == 70_000


@pytest.mark.parametrize("data", [
    b"",
    b"\x91",                                   # array announced, nothing in it
    msgpack.packb([HEADER, ["a", 1]]),        # a number where a word belongs
    msgpack.packb([HEADER, "abc"]),           # a string where a bucket belongs
    msgpack.packb([HEADER, [b"raw"]], use_bin_type=True),  # bytes, not a string
    msgpack.packb([HEADER, ["abc"]])[:-1],    # cut short
    msgpack.packb([HEADER, ["abc"]]) + b"\x00",  # trailing bytes
    msgpack.packb([["not a map"], ["abc"]]),  # no header map
])
def test_anything_else_is_a_value_error(data: bytes) -> None:
    with pytest.raises(ValueError, match="not a wordfreq cBpack"):
        cbpack.BucketTable(data)


def test_the_header_is_left_to_the_caller() -> None:
    table = cbpack.BucketTable(_pack([["a"]], {"format": "other", "version": 2}))
    assert msgpack.unpackb(table.header) == {"format": "other", "version": 2}


def test_the_table_pickles() -> None:
    import pickle

    table = cbpack.BucketTable(_pack([["der"], ["die"]]))
    again = pickle.loads(pickle.dumps(table))
    assert again.get("die") == 1 and again.get("der") == 0 and len(again) == 2
