"""Scale beyond one process: the per-document stages as Dask tasks over partitions.

``framing.annotate(corpus, client=client)``, ``framing.cooccurrence(tokens, client=client)``,
``framing.score_frames(tokens, codebook, client=client)``,
``OtheringScorer().score(tokens, client=client)`` and
``framing.scale.mark_duplicates(corpus, client=client)`` split their input into partitions of
consecutive documents, run the per-document work (annotation, counting, matching, MinHash
signatures) as Dask tasks on the workers, and reduce exactly on the client (sparse matrix sums
over one global vocabulary, integer tables, hits concatenated in document order), so the result
equals the single-process run. Bootstrap intervals, LSH and the unit tables are computed once,
on the client, from the reduced per-document numbers.

Modules: :mod:`.cluster` (clients, partitions, mapping tasks, worker state), :mod:`.annotate`,
:mod:`.counts` (co-occurrence), :mod:`.scores` (frames and othering), :mod:`.dedup`.
Dask is imported only when a client is used: ``import framing`` never imports it.
"""
from __future__ import annotations

from framing._lazy import lazy_exports

_EXPORTS = {
    "get_client": "framing.scale.cluster",
    "token_parts": "framing.scale.cluster",
    "corpus_parts": "framing.scale.cluster",
    "mark_duplicates": "framing.scale.dedup",
    "annotate_to_parquet": "framing.scale.annotate",
}
__all__ = ["annotate_to_parquet", "corpus_parts", "get_client", "mark_duplicates", "token_parts"]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
