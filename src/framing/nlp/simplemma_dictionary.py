"""simplemma's dictionaries read by framing's compiled kernel: the same mapping, decoded on demand.

simplemma (MIT) ships each language's dictionary as an lzma-compressed front-coded stream and
decodes it in pure Python the first time a process lemmatises (German: 1.1 M records, ~1.2
CPU-s, paid by ingest's cleaning and place tagging and by annotation in every new process).
:func:`use_compiled_decoder` makes simplemma's loader use ``framing.nlp._frontcode`` instead,
where that kernel is built and simplemma's stream format is the one it decodes (``SMFC1``,
simplemma 2.x); otherwise simplemma is left as it is. The loader returns a
``LazyDictionary``: one pass over the stream in C builds restart points (German: ~0.03 CPU-s
instead of ~0.3 CPU-s and ~150 MB for decoding every record in C), a look-up decodes one
block of 16 records, and very heavy use turns it into the fully decoded ``dict``
(``decode_stream``). Every look-up answers as the decoded dictionary does, and that equals
simplemma's own (tested for every language simplemma ships, key order included).
"""
from __future__ import annotations

import threading
from typing import Any

from framing.nlp.compiled import kernel

_LOCK = threading.Lock()
_IN_USE = False


def use_compiled_decoder() -> bool:
    """Let simplemma read its dictionaries with the compiled kernel (once per process; a
    dictionary simplemma decoded before stays as it is). Returns whether the kernel is in use."""
    global _IN_USE
    if _IN_USE:
        return True
    decoder = kernel("_frontcode")
    if decoder is None:
        return False
    try:
        from simplemma.strategies.dictionaries import dictionary_factory as factory
        from simplemma.strategies.dictionaries import frontcode
    except ImportError:
        return False
    read = getattr(factory, "_read_decompressed", None)
    if getattr(frontcode, "_MAGIC", None) != decoder.MAGIC or read is None \
            or not hasattr(factory, "_load_dictionary_from_disk"):
        return False  # another simplemma format: its own decoder stays
    with _LOCK:
        if not _IN_USE:
            def load_dictionary_from_disk(langcode: str) -> Any:
                return decoder.LazyDictionary(read(langcode))

            load_dictionary_from_disk.__doc__ = "simplemma's loader, decoding on demand with framing.nlp._frontcode"
            factory._load_dictionary_from_disk = load_dictionary_from_disk
            _IN_USE = True
    return True


__all__ = ["use_compiled_decoder"]
