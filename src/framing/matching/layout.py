"""What the instruments' unit tables need of a token table: per document and per sentence, not per token.

Frame scoring and othering scoring aggregate matches into unit tables (per document, per group of
documents, per sentence). Of the token table they need only the document run of each match, the
words (non-punctuation tokens) per document and, for ``by="sentence"``, the document, sentence id
and words of each sentence and the sentence of each match. :class:`Layout` holds exactly that —
its size grows with documents, sentences and matches, not with tokens — so that the same
aggregation code runs on one process's :class:`~framing.matching.engine.TokenArrays`
(:meth:`Layout.of`) and on the parts of a corpus matched on Dask workers, joined on the client
(:meth:`Layout.concat`, see :mod:`framing.scale.scores`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from framing.matching.engine import TokenArrays


@dataclass
class Layout:
    """Runs (one per document with tokens), their words, and where the matches are.

    ``doc_ids``: doc_id per run; ``words``: non-punctuation tokens per run; ``run``: the run of
    each match (of its first token); with sentences: ``sent_run`` (run per sentence, sentences
    numbered through the corpus), ``sent_id`` (the sentence's ``sent_id``), ``sent_words``
    (non-punctuation tokens per sentence) and ``sent`` (the sentence of each match)."""

    doc_ids: list[str]
    words: np.ndarray
    run: np.ndarray
    sent_run: np.ndarray | None = None
    sent_id: np.ndarray | None = None
    sent_words: np.ndarray | None = None
    sent: np.ndarray | None = None

    @property
    def sentences(self) -> bool:
        return self.sent_run is not None

    @classmethod
    def of(cls, ta: TokenArrays, start: np.ndarray, sentences: bool = False) -> Layout:
        """The layout of ``ta`` for matches starting at token rows ``start``."""
        start = np.asarray(start, dtype=np.int64)
        empty = np.zeros(0, dtype=np.int64)
        words = ta.words_per_doc() if ta.n else empty
        run = ta.doc[start].astype(np.int64) if len(start) else empty
        if not sentences:
            return cls(list(ta.doc_ids), words, run)
        n_sent = int(ta.sent[-1]) + 1 if ta.n else 0
        first = np.searchsorted(ta.sent, np.arange(n_sent), side="left")
        sent_run = ta.doc[first].astype(np.int64) if ta.n else empty
        sent_id = ta.table["sent_id"].to_numpy()[first].astype(np.int64) if ta.n else empty
        sent_words = np.bincount(ta.sent[~ta.punct], minlength=n_sent).astype(np.int64) if ta.n else empty
        sent = ta.sent[start].astype(np.int64) if len(start) else empty
        return cls(list(ta.doc_ids), words, run, sent_run, sent_id, sent_words, sent)

    @classmethod
    def concat(cls, parts: Sequence[Layout]) -> Layout:
        """The layout of consecutive parts (whole documents each) as one: runs and sentences
        renumbered through the parts, as in the joined token table."""
        run_off = np.cumsum([0, *[len(p.doc_ids) for p in parts[:-1]]]).astype(np.int64)
        doc_ids = [d for p in parts for d in p.doc_ids]

        def cat(arrays: list[np.ndarray]) -> np.ndarray:
            return np.concatenate(arrays).astype(np.int64) if arrays else np.zeros(0, dtype=np.int64)

        words = cat([p.words for p in parts])
        run = cat([p.run + off for p, off in zip(parts, run_off)])
        if not parts or not all(p.sentences for p in parts):
            return cls(doc_ids, words, run)
        sent_off = np.cumsum([0, *[len(p.sent_run) for p in parts[:-1]]]).astype(np.int64)  # type: ignore[arg-type]
        return cls(doc_ids, words, run,
                   cat([p.sent_run + off for p, off in zip(parts, run_off)]),  # type: ignore[operator]
                   cat([p.sent_id for p in parts]),  # type: ignore[misc]
                   cat([p.sent_words for p in parts]),  # type: ignore[misc]
                   cat([p.sent + off for p, off in zip(parts, sent_off)]))  # type: ignore[operator]


#: bootstrap draws (documents x replicates) held at once per unit: 2**20 int64 = 8 MiB. A unit
#: of 100,000 documents with n_boot=1000 would otherwise hold 0.8 GB in each array of draws
BOOT_BLOCK = 1 << 20


def boot_blocks(n_boot: int, k: int) -> list[tuple[int, int]]:
    """``(start, stop)`` ranges of bootstrap replicates, each drawing at most :data:`BOOT_BLOCK`
    of ``k`` documents (one range while ``n_boot * k`` fits). Drawing the blocks one after the
    other from one generator gives the very draws of one call (numpy's streams are sequential;
    tested), so the intervals do not depend on the block size."""
    rows = n_boot if n_boot * k <= BOOT_BLOCK else max(2, (BOOT_BLOCK // max(k, 1)) & ~1)
    return [(a, min(a + rows, n_boot)) for a in range(0, n_boot, rows)]


__all__ = ["BOOT_BLOCK", "Layout", "boot_blocks"]
