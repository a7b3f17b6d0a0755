"""Frames and othering with ``client=``: matching on the workers, aggregation once on the client.

The seam is the same for both instruments: finding matches and deciding their context (negation,
quotation, distancing, newcomer cues) is per document and runs on the workers, one part each;
the client shifts each part's token positions by the part's first row, concatenates the matches
in document order and runs the instrument's own aggregation (unit tables, Wilson and bootstrap
intervals with the same ``random_state``, evidence) on them — the code path of the
single-process call, so the tables are equal, not approximately equal.

The compiled lexicon / codebook reaches every worker once (``client.scatter(..., broadcast=True)``).
A codebook is compiled against the corpus (the lemmas the annotator gave its words): a first pass
collects those per part (:func:`framing.frames.scoring.seen_forms`), the client compiles once
from their union.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from framing.scale.cluster import (
    get_client,
    load_tokens,
    n_parts_for,
    run_parts,
    token_parts,
)


def _parts(tokens: Any, client: Any) -> list[Any]:
    return token_parts(tokens, n_parts_for(tokens.n_docs, client, None))


def _offsets(rows: list[int]) -> np.ndarray:
    return np.cumsum([0, *rows[:-1]]).astype(np.int64)


# -- othering --------------------------------------------------------------------------------------
def _othering_part(spec: Any, comp: Any, count: dict[str, Any]) -> tuple[int, dict[str, np.ndarray]]:
    """One part's matches and decisions (positions local to the part)."""
    from framing.matching.engine import TokenArrays, find_matches
    from framing.othering.scorer import OtheringScorer

    table = load_tokens(spec).table
    ta = TokenArrays.from_table(table, comp)
    m = find_matches(comp, ta)
    decisions = OtheringScorer(**count)._decide(comp, ta, m)
    fields = {"start": m.start, "end": m.end, "entry": m.entry, "mtype": m.mtype, "inherent": m.inherent,
              "attributive": m.attributive}
    return len(table), {**fields, **{f"d:{k}": v for k, v in decisions.items()}}


def othering_matches(scorer: Any, comp: Any, tokens: Any, client: Any) -> tuple[Any, dict[str, np.ndarray]]:
    """The matches and decisions of :meth:`OtheringScorer.score` over the whole ``tokens``,
    computed part by part on the workers."""
    from framing.matching.engine import Matches

    client = get_client(client)
    count = {k: getattr(scorer, k) for k in ("count_distanced", "count_negated", "count_modifiers",
                                              "count_quoted_speech")}
    [comp_future] = client.scatter([comp], broadcast=True)
    results = run_parts(client, _othering_part, _parts(tokens, client), comp_future, count, name="othering")
    offsets = _offsets([r[0] for r in results])
    keys = results[0][1].keys()
    from framing.othering.scorer import POSITION_DECISION

    positions = {"start", "end", f"d:{POSITION_DECISION}"}   # token positions: shifted per part
    merged = {k: np.concatenate([r[1][k] + off if k in positions else r[1][k]
                                 for r, off in zip(results, offsets)]) for k in keys}
    m = Matches(merged["start"], merged["end"], merged["entry"], merged["mtype"], merged["inherent"],
                np.zeros(0, dtype=np.int64), merged["attributive"])
    return m, {k[2:]: v for k, v in merged.items() if k.startswith("d:")}


# -- frames ----------------------------------------------------------------------------------------
def _seen_part(spec: Any, words: set[str]) -> dict[str, set[str]]:
    from framing.frames.scoring import seen_forms

    return seen_forms(load_tokens(spec).table, words)


def _frames_part(spec: Any, compiled: Any, count: dict[str, bool]) -> tuple[int, pd.DataFrame]:
    from framing.frames.scoring import find_frame_hits

    table = load_tokens(spec).table
    hits, _ = find_frame_hits(table, compiled.codebook, count=count, flags=False, compiled=compiled)
    return len(table), hits


def frame_hits(tokens: Any, codebook: Any, count: dict[str, bool], client: Any) -> tuple[pd.DataFrame, Any]:
    """``find_frame_hits(tokens.table, codebook, count=count, flags=False)`` with the matching on
    the workers: the same hits and token arrays."""
    from framing.frames.scoring import (
        CompiledCodebook,
        _LazyContext,
        _relevant_parts,
        codebook_words,
    )
    from framing.matching.engine import TokenArrays

    client = get_client(client)
    parts = _parts(tokens, client)
    words = codebook_words(codebook)[1]
    seen: dict[str, set[str]] = {}
    for part_seen in run_parts(client, _seen_part, parts, words, name="frames-forms"):
        for w, lemmas in part_seen.items():
            seen.setdefault(w, set()).update(lemmas)
    cc = CompiledCodebook(codebook, None, seen=seen)
    [cc_future] = client.scatter([cc], broadcast=True)
    results = run_parts(client, _frames_part, parts, cc_future, count, name="frames")
    offsets = _offsets([r[0] for r in results])
    pieces = []
    for (_, h), off in zip(results, offsets):
        if len(h):
            h = h.copy()
            h["start"] += off
            h["end"] += off
            pieces.append(h)
    hits = pd.concat(pieces, ignore_index=True) if pieces else results[0][1]
    hits.attrs.update(frames=list(codebook.frames), flags_pending=True)  # as find_frame_hits(flags=False)
    ta = TokenArrays.from_table(tokens.table, cc.union)
    _relevant_parts(ta, cc.union)
    ta._luts["_context"] = _LazyContext(cc.union, ta)
    return hits, ta


__all__ = ["frame_hits", "othering_matches"]
