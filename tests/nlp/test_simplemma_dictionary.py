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


@needs_kernel
def test_reversed_streams_and_value_rules():
    # hand-made stream: 3 records; the second shares 2 bytes of the first key, the value of the
    # first is the key less 1 byte plus "x", the second repeats it (254), the third is literal (255)
    records = b"".join([
        bytes([0, 3]) + b"abc" + bytes([1, 1]) + b"x",   # key abc, value ab+x
        bytes([2, 1]) + b"d" + bytes([254]),             # key abd, value abx (as before)
        bytes([0, 2]) + b"zz" + bytes([255, 2]) + b"qq",  # key zz, value qq
    ])
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
    assert loaded == frontcode._decode_stream(dictionary_factory._read_decompressed("de"))
