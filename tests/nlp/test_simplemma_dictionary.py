"""simplemma's dictionaries decoded by the compiled kernel equal simplemma's own decoding."""
from __future__ import annotations

import pytest

from framing.nlp import simplemma_dictionary
from framing.nlp.compiled import kernel

dictionary_factory = pytest.importorskip("simplemma.strategies.dictionaries.dictionary_factory")
frontcode = pytest.importorskip("simplemma.strategies.dictionaries.frontcode")

decoder = kernel("_frontcode")
needs_kernel = pytest.mark.skipif(decoder is None, reason="compiled kernels not built (no C compiler at install)")


@needs_kernel
@pytest.mark.parametrize("lang", sorted(dictionary_factory.SUPPORTED_LANGUAGES))
def test_every_shipped_dictionary_decodes_to_the_same_dict(lang):
    raw = dictionary_factory._read_decompressed(lang)
    ours, theirs = decoder.decode_stream(raw), frontcode._decode_stream(raw)
    assert ours == theirs
    assert list(ours) == list(theirs)  # the same order of keys, too


# hand-made stream: 3 records; the second shares 2 bytes of the first key, the value of the
# first is the key less 1 byte plus "x", the second repeats it (254), the third is literal (255)
RECORDS = b"".join([
    bytes([0, 3]) + b"abc" + bytes([1, 1]) + b"x",   # key abc, value ab+x
    bytes([2, 1]) + b"d" + bytes([254]),             # key abd, value abx (as before)
    bytes([0, 2]) + b"zz" + bytes([255, 2]) + b"qq",  # key zz, value qq
])


@needs_kernel
def test_reversed_streams_and_value_rules():
    records = RECORDS
    for flag in (0, 1):
        stream = frontcode._MAGIC + bytes([flag, 3]) + records
        assert decoder.decode_stream(stream) == frontcode._decode_stream(stream)
    assert decoder.decode_stream(frontcode._MAGIC + bytes([0, 3]) + records) == \
        {b"abc": b"abx", b"abd": b"abx", b"zz": b"qq"}


@needs_kernel
@pytest.mark.parametrize("cut", [1, 7, 30, 100])
def test_truncated_or_damaged_streams_are_errors(cut):
    raw = dictionary_factory._read_decompressed("de")[:20_000]
    # a cut stream: too few records (or a record that runs past the end)
    with pytest.raises(ValueError):
        decoder.decode_stream(raw[:-cut])
    with pytest.raises(ValueError, match="not a front-coded stream"):
        decoder.decode_stream(b"XXXXX" + raw[5:])


def test_pure_python_switch_leaves_simplemma_alone(monkeypatch):
    monkeypatch.setenv("FRAMING_PURE_PYTHON", "1")
    monkeypatch.setattr(simplemma_dictionary, "_IN_USE", False)
    loader = dictionary_factory._load_dictionary_from_disk
    assert simplemma_dictionary.use_compiled_decoder() is False
    assert dictionary_factory._load_dictionary_from_disk is loader


@needs_kernel
def test_simplemma_loads_with_the_kernel_once_in_use(monkeypatch):
    monkeypatch.setattr(simplemma_dictionary, "_IN_USE", False)
    monkeypatch.setattr(dictionary_factory, "_load_dictionary_from_disk",
                        dictionary_factory._load_dictionary_from_disk)
    assert simplemma_dictionary.use_compiled_decoder() is True
    assert simplemma_dictionary.use_compiled_decoder() is True  # idempotent
    loaded = dictionary_factory._load_dictionary_from_disk("de")
    assert isinstance(loaded, decoder.LazyDictionary) and not loaded.materialised
    theirs = frontcode._decode_stream(dictionary_factory._read_decompressed("de"))
    assert loaded.get("Flüchtlinge".encode()) == theirs["Flüchtlinge".encode()] is not None
    assert dict(loaded.items()) == theirs


@needs_kernel
@pytest.mark.parametrize("lang", sorted(dictionary_factory.SUPPORTED_LANGUAGES))
def test_lazy_dictionary_answers_as_the_decoded_dict(lang):
    raw = dictionary_factory._read_decompressed(lang)
    theirs = frontcode._decode_stream(raw)
    lazy = decoder.LazyDictionary(raw, materialise_after=10**9)
    keys = list(theirs)
    # every 7th key, each key's neighbours in byte order (prefixes, extensions), misses
    probes = keys[::7] + [k[:-1] for k in keys[::53]] + [k + b"e" for k in keys[::53]]
    probes += [b"", b"\x00", b"\xff" * 3, b"a", b"zzzzzz", "ö".encode() * 600]
    for key in probes:
        assert lazy.get(key) == theirs.get(key), key
        assert (key in lazy) == (key in theirs), key
    assert lazy.get(b"\x01missing", "default") == "default" and lazy.get("str key") is None
    with pytest.raises(KeyError):
        lazy[b"\x01missing"]
    assert len(lazy) == len(theirs) and not lazy.materialised
    assert list(lazy) == keys and lazy.materialised  # iteration: the decoded dict, in order
    assert lazy.get(keys[0]) == theirs[keys[0]]


@needs_kernel
def test_lazy_dictionary_on_hand_made_streams():
    for flag in (0, 1):
        stream = frontcode._MAGIC + bytes([flag, 3]) + RECORDS
        lazy = decoder.LazyDictionary(stream, materialise_after=100)
        theirs = frontcode._decode_stream(stream)
        for key in list(theirs) + [b"ab", b"abe", b"z", b"zzz", b"cba"[::-1], b""]:
            assert lazy.get(key) == theirs.get(key), (flag, key)
        assert not lazy.materialised
    # keys out of order: no bisection possible, the decoded dict is used at once (same answers)
    unsorted = frontcode._MAGIC + bytes([0, 2]) + bytes([0, 2]) + b"zz" + bytes([255, 1]) + b"q" \
        + bytes([0, 1]) + b"a" + bytes([255, 1]) + b"r"
    lazy = decoder.LazyDictionary(unsorted)
    assert lazy.materialised and lazy.get(b"a") == b"r" and lazy.get(b"zz") == b"q"


@needs_kernel
def test_lazy_dictionary_decodes_fully_after_heavy_use():
    raw = dictionary_factory._read_decompressed("de")
    lazy = decoder.LazyDictionary(raw, materialise_after=3)
    keys = list(frontcode._decode_stream(raw))[:10]
    answers = [lazy.get(k) for k in keys]
    assert lazy.materialised and lazy.lookups == 4
    assert answers == [lazy.get(k) for k in keys] and all(a is not None for a in answers)
    assert decoder.LazyDictionary(raw).materialise_after == len(lazy)


@needs_kernel
@pytest.mark.parametrize("cut", [1, 7, 30, 100])
def test_lazy_dictionary_checks_the_stream_as_decoding_does(cut):
    raw = dictionary_factory._read_decompressed("de")[:20_000]
    with pytest.raises(ValueError):
        decoder.LazyDictionary(raw[:-cut])
    with pytest.raises(ValueError, match="not a front-coded stream"):
        decoder.LazyDictionary(b"XXXXX" + raw[5:])


@needs_kernel
def test_lazy_dictionary_pickles():
    import pickle

    raw = dictionary_factory._read_decompressed("de")
    lazy = decoder.LazyDictionary(raw)
    key = next(iter(frontcode._decode_stream(raw)))
    again = pickle.loads(pickle.dumps(lazy))
    assert again.get(key) == lazy.get(key) is not None and len(again) == len(lazy)
    assert again.materialise_after == lazy.materialise_after and not again.materialised
