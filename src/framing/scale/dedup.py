"""Near-duplicate marking across partitions: MinHash signatures per part on the workers, one
global LSH pass and the exact verification on the client (:mod:`framing.corpus.dedup`).

Signatures depend only on each text and ``random_state``, so the parts' signatures, shifted by
each part's first row, are exactly the single-process signatures; the banding, candidate pairs,
verification on exact shingle sets and grouping then run unchanged, giving the single-process
marks. The client holds the signatures (``num_perm`` × 4 bytes per document: 512 bytes with the
default 128) and the texts of the corpus it marks.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from framing.scale.cluster import (
    corpus_parts,
    get_client,
    load_corpus,
    n_parts_for,
    run_parts,
)


def _signatures_part(spec: Any, text_col: str, shingle_size: int, num_perm: int, random_state: int) -> Any:
    from framing.corpus.dedup import signatures

    docs = load_corpus(spec).docs
    return len(docs), signatures(docs[text_col], shingle_size=shingle_size, num_perm=num_perm,
                                 random_state=random_state)


def mark_duplicates(corpus: Any, client: Any = None, *, partitions: int | None = None, text_col: str = "text",
                    shingle_size: int = 5, num_perm: int = 128, random_state: int = 0, progress: bool = False,
                    **options: Any) -> Any:
    """:func:`framing.mark_duplicates` with the MinHash signatures computed per part on the Dask
    ``client``'s workers: the same marks. ``corpus``: a Corpus (a Corpus comes back) or a
    documents DataFrame; ``options``: the other arguments of :func:`framing.mark_duplicates`."""
    from framing.corpus.corpus import Corpus
    from framing.corpus.dedup import mark_duplicates as mark

    client = get_client(client)
    frame = corpus.docs if isinstance(corpus, Corpus) else corpus
    n = len(frame)
    parts = corpus_parts(Corpus(frame.reset_index(drop=True)) if not isinstance(corpus, Corpus) else corpus,
                         n_parts_for(max(n, 1), client, partitions))
    results = run_parts(client, _signatures_part, parts, text_col, shingle_size, num_perm, random_state,
                        name="minhash", progress=progress)
    sigs, rows, short = [], [], {}
    offset = 0
    for n_rows, (sig, r, short_keys) in results:
        sigs.append(sig)
        rows.append(r + offset)
        short.update({i + offset: key for i, key in short_keys.items()})
        offset += n_rows
    signatures = (np.concatenate(sigs) if sigs else np.zeros((0, num_perm), np.uint32),
                  np.concatenate(rows) if rows else np.zeros(0, np.int64), short)
    return mark(corpus, text_col=text_col, shingle_size=shingle_size, num_perm=num_perm,
                random_state=random_state, signatures=signatures, **options)


__all__ = ["mark_duplicates"]
