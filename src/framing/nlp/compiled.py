"""The optional compiled kernels of the annotation (Cython, built at install, see setup.py).

``kernel("_viterbi")`` returns the compiled module ``framing.nlp._viterbi``, or ``None`` where it
was not built (no C compiler at install) or ``FRAMING_PURE_PYTHON=1`` is set; callers then run
their pure-Python code, which is the reference: every kernel gives bit-identical results
(tested side by side in ``tests/nlp/``).
"""
from __future__ import annotations

import importlib
import os
from types import ModuleType

#: the kernels setup.py may build: sentence tagger, word morphology, simplemma's dictionary
#: decoder, wordfreq's word list reader
KERNELS = ("_viterbi", "_morphology", "_frontcode", "_cbpack")


def kernel(name: str) -> ModuleType | None:
    """The compiled module ``framing.nlp.<name>`` or ``None`` (not built, or switched off)."""
    if os.environ.get("FRAMING_PURE_PYTHON"):
        return None
    try:
        return importlib.import_module(f"framing.nlp.{name}")
    except ImportError:
        return None


def compiled_kernels() -> dict[str, bool]:
    """Which kernels this installation runs compiled (for reports and bug reports)."""
    return {name: kernel(name) is not None for name in KERNELS}


__all__ = ["KERNELS", "compiled_kernels", "kernel"]
