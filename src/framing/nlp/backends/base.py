"""The protocol of annotation backends.

A backend turns ``(doc_id, text)`` pairs into raw token rows. It is responsible for tokenisation,
sentence splitting, lemmas and (in profiles that have them) POS tags. Everything that is the same
for every backend — gender-inclusive forms, stopwords, punctuation flags, compound analysis,
language checks — is applied afterwards by :func:`framing.annotate`, so that all backends give
the same columns with the same conventions.

Rows a backend returns (a DataFrame) carry these columns:
``doc_id, sent_id, token_id, text, lemma, upos, xpos, start_char, end_char``
(``upos``/``xpos`` may be ``<NA>`` when the profile has no POS; ``sent_id`` and ``token_id``
count from 0 within each document; offsets index into the document's text).

Optional, for ``annotate(..., n_process=N)`` (see :mod:`framing.nlp.parallel`):

``warm_up()``
    load models before the first chunk;
``fork_safe = True``
    workers may be forked on Linux (no threads, no GPU state); they then share the loaded
    models instead of loading their own;
``type_vocabulary(word forms) -> set``, ``analyse_types(sorted keys) -> entries``, ``learn_types(entries)``
    context-free per-type analyses (lemma, emission scores …) that the processes compute once,
    split between them, before the main pass, instead of each process for itself. The output
    must not depend on whether an analysis was computed or learned.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

import pandas as pd

RAW_COLUMNS: tuple[str, ...] = (
    "doc_id", "sent_id", "token_id", "text", "lemma", "upos", "xpos", "start_char", "end_char",
)


@runtime_checkable
class Backend(Protocol):
    """What :func:`framing.annotate` needs from a backend."""

    #: short name, e.g. ``"default"`` or ``"stanza"``
    name: str

    def settings(self) -> dict[str, Any]:
        """Everything that changes the output (name, profile, model versions …): the cache key."""
        ...

    def annotate_docs(self, docs: Iterable[tuple[str, str]]) -> pd.DataFrame:
        """Annotate ``(doc_id, text)`` pairs; return raw rows with :data:`RAW_COLUMNS`."""
        ...
