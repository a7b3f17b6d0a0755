"""Frames and othering with ``client=``: matching on the workers, aggregation once on the client.

The seam is the same for both instruments: finding matches, deciding their context (negation,
quotation, distancing, newcomer cues) and building their evidence rows (KWIC: left context,
match, right context, sentence) is per document and runs on the workers, one part each, from the
part's own tokens. Each part returns its matches (token positions local to the part), its
:class:`~framing.matching.layout.Layout` (doc_id and words per document, sentences where
``by="sentence"``, the document of each match) and the KWIC rows of its matches. The client
shifts positions by the part's first row, renumbers documents and sentences
(:meth:`Layout.concat`), concatenates in document order and runs the instrument's own
aggregation (unit tables, Wilson and bootstrap intervals with the same ``random_state``) on
them — the code path of the single-process call, so the tables are equal, not approximately
equal. What reaches the client grows with matches and documents, never with tokens: with a
tokens folder (:class:`~framing.nlp.token_parts.PartitionedTokens`) or a list of part files the
client reads only the document tables from the parts' footers, never a token table.

The compiled lexicon / codebook reaches every worker once (``client.scatter(..., broadcast=True)``).
A codebook is compiled against the corpus (the lemmas the annotator gave its words): a first pass
collects those per part (:func:`framing.frames.scoring.seen_forms`), the client compiles once
from their union.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.scale.cluster import (
    get_client,
    load_tokens,
    n_parts_for,
    run_parts,
    token_parts,
)


def token_source(tokens: Any) -> Any:
    """What the workers read: Tokens as given (a lazy tokens folder stays lazy), a folder as
    :class:`~framing.nlp.token_parts.PartitionedTokens`, a token file or a list of them as paths."""
    from framing.nlp.tokens import Tokens

    if isinstance(tokens, Tokens):
        return tokens
    if isinstance(tokens, (str, os.PathLike)):
        path = Path(tokens)
        if path.is_dir():
            from framing.nlp.token_parts import PartitionedTokens

            return PartitionedTokens(path)
        if not path.exists():
            raise InputError("no such file or folder", path=path)
        return [path]
    if isinstance(tokens, (list, tuple)) and tokens and all(isinstance(p, (str, os.PathLike)) for p in tokens):
        return [Path(p) for p in tokens]
    raise InputError(f"expected framing Tokens, a tokens folder or a list of token part files, "
                     f"not {type(tokens).__name__}")


def token_docs(tokens: Any) -> pd.DataFrame:
    """The document table of a :func:`token_source` (of part files: from their footers)."""
    if isinstance(tokens, list):
        from framing.nlp.token_parts import _concat_docs
        from framing.nlp.tokens import read_token_docs

        return _concat_docs([read_token_docs(p) for p in tokens])
    return tokens.docs


def _parts(tokens: Any, client: Any) -> list[Any]:
    n_docs = len(tokens) if isinstance(tokens, list) else tokens.n_docs
    return token_parts(tokens, n_parts_for(n_docs, client, None))


def _offsets(rows: list[int]) -> np.ndarray:
    return np.cumsum([0, *rows[:-1]]).astype(np.int64)


def _concat_frames(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Row tables of the parts in order (empty parts left out: their column types are guesses)."""
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0]
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0].reset_index(drop=True)


# -- othering --------------------------------------------------------------------------------------
def _targets(tokens: Any, terms: dict[str, Any], vocab: np.ndarray | None) -> np.ndarray | None:
    """The match targets of one part (:func:`framing.nlp.terms.match_targets`); ``vocab``: the
    terms that passed the frequency thresholds over the whole corpus (:func:`target_terms`)."""
    from framing.nlp.terms import match_targets

    if not terms:
        return None
    rest = {k: v for k, v in terms.items() if k not in ("min_count", "min_df")}
    return match_targets(tokens, vocabulary=vocab, **rest)


def target_terms(tokens: Any, terms: dict[str, Any], parts: list[Any], client: Any) -> np.ndarray | None:
    """The terms that pass ``min_count``/``min_df`` over all parts, summed exactly as the
    partitioned co-occurrence count does (None where no threshold applies)."""
    from framing.nlp.terms import MATCH_DEFAULTS, _limits_df
    from framing.scale.counts import _terms_part, _vocabulary

    settings = {**MATCH_DEFAULTS, **terms}
    min_count, min_df = settings.pop("min_count"), settings.pop("min_df")
    if not (min_count > 1 or _limits_df(min_df)):
        return None
    results = run_parts(client, _terms_part, parts, None, settings, name="terms")
    return _vocabulary(results, min_count, min_df, None, n_docs=len(token_docs(tokens)))


def _othering_part(spec: Any, comp: Any, count: dict[str, Any], width: int, terms: dict[str, Any],
                   vocab: np.ndarray | None) -> dict[str, Any]:
    """One part's matches, decisions, layout and KWIC rows (positions local to the part)."""
    from framing.matching.engine import TokenArrays, find_matches, restrict
    from framing.matching.evidence import kwic_columns
    from framing.matching.layout import Layout
    from framing.othering.scorer import POSITION_DECISION, OtheringScorer

    tokens = load_tokens(spec)
    table = tokens.table
    ta = TokenArrays.from_table(table, comp)
    targets = _targets(tokens, terms, vocab)
    m = restrict(find_matches(comp, ta), None if targets is None else ta.codes.in_order(targets),
                 terms.get("compounds", "parts"))
    decisions = OtheringScorer(**count)._decide(comp, ta, m)
    fields = {"start": m.start, "end": m.end, "entry": m.entry, "mtype": m.mtype, "inherent": m.inherent,
              "attributive": m.attributive}
    kwic = kwic_columns(ta, decisions[POSITION_DECISION], m.end, width=width, sentence=True)
    return {"rows": len(table), "arrays": {**fields, **{f"d:{k}": v for k, v in decisions.items()}},
            "layout": Layout.of(ta, m.start), "kwic": kwic}


def othering_matches(scorer: Any, comp: Any, tokens: Any,
                     client: Any) -> tuple[Any, dict[str, np.ndarray], Any, pd.DataFrame]:
    """The matches, decisions, :class:`~framing.matching.layout.Layout` and KWIC rows (one per
    match, in match order) of :meth:`OtheringScorer.score` over the whole ``tokens``, computed
    part by part on the workers."""
    from framing.matching.engine import Matches
    from framing.matching.layout import Layout
    from framing.othering.scorer import POSITION_DECISION

    client = get_client(client)
    count = {k: getattr(scorer, k) for k in ("count_distanced", "count_negated", "count_modifiers",
                                              "count_quoted_speech")}
    [comp_future] = client.scatter([comp], broadcast=True)
    parts = _parts(tokens, client)
    terms = scorer._term_settings()
    vocab = target_terms(tokens, terms, parts, client)
    results = run_parts(client, _othering_part, parts, comp_future, count, scorer.context_tokens, terms, vocab,
                        name="othering")
    offsets = _offsets([r["rows"] for r in results])
    keys = results[0]["arrays"].keys()
    positions = {"start", "end", f"d:{POSITION_DECISION}"}   # token positions: shifted per part
    merged = {k: np.concatenate([r["arrays"][k] + off if k in positions else r["arrays"][k]
                                 for r, off in zip(results, offsets)]) for k in keys}
    m = Matches(merged["start"], merged["end"], merged["entry"], merged["mtype"], merged["inherent"],
                np.zeros(0, dtype=np.int64), merged["attributive"])
    layout = Layout.concat([r["layout"] for r in results])
    kwic = _concat_frames([r["kwic"] for r in results])
    return m, {k[2:]: v for k, v in merged.items() if k.startswith("d:")}, layout, kwic


# -- frames ----------------------------------------------------------------------------------------
def _seen_part(spec: Any, words: set[str]) -> dict[str, set[str]]:
    from framing.frames.scoring import seen_forms

    return seen_forms(load_tokens(spec).table, words)


def _frames_part(spec: Any, compiled: Any, count: dict[str, bool], sentences: bool,
                 width: int, terms: dict[str, Any], vocab: np.ndarray | None) -> dict[str, Any]:
    """One part's hits (positions local to the part, context flags computed), layout and KWIC rows."""
    from framing.frames.scoring import fill_context_flags, find_frame_hits
    from framing.matching.evidence import kwic_columns
    from framing.matching.layout import Layout

    tokens = load_tokens(spec)
    table = tokens.table
    hits, ta = find_frame_hits(table, compiled.codebook, count=count, flags=False, compiled=compiled,
                               targets=_targets(tokens, terms, vocab), compounds=terms.get("compounds", "parts"))
    hits = fill_context_flags(hits, ta._luts["_context"])
    start, end = hits["start"].to_numpy(dtype=np.int64), hits["end"].to_numpy(dtype=np.int64)
    return {"rows": len(table), "hits": hits, "layout": Layout.of(ta, start, sentences=sentences),
            "kwic": kwic_columns(ta, start, end, width)}


def frame_hits(tokens: Any, codebook: Any, count: dict[str, bool], client: Any, *, sentences: bool = False,
               context_tokens: int = 5, terms: dict[str, Any] | None = None) -> tuple[pd.DataFrame, Any, pd.DataFrame]:
    """``find_frame_hits(tokens.table, codebook, count=count)`` with the matching on the workers:
    the same hits (context flags computed), their :class:`~framing.matching.layout.Layout`
    (with sentences if ``sentences``) and their KWIC rows (``context_tokens`` each side).
    ``terms``: the term selector's settings that differ from the defaults (as ``score_frames``)."""
    from framing.frames.scoring import CompiledCodebook, codebook_words
    from framing.matching.layout import Layout

    client = get_client(client)
    parts = _parts(tokens, client)
    cc = CompiledCodebook(codebook, None, seen=_seen(client, parts, codebook_words(codebook)[1]))
    [cc_future] = client.scatter([cc], broadcast=True)
    terms = dict(terms or {})
    vocab = target_terms(tokens, terms, parts, client)
    results = run_parts(client, _frames_part, parts, cc_future, count, sentences, context_tokens, terms, vocab,
                        name="frames")
    offsets = _offsets([r["rows"] for r in results])
    pieces = []
    for r, off in zip(results, offsets):
        h = r["hits"]
        if len(h):
            h = h.copy()
            h["start"] += off
            h["end"] += off
        pieces.append(h)
    hits = _concat_frames(pieces)
    hits.attrs.update(frames=list(codebook.frames), flags_pending=False)  # flags computed on the workers
    return hits, Layout.concat([r["layout"] for r in results]), _concat_frames([r["kwic"] for r in results])


def _seen(client: Any, parts: list[Any], words: set[str]) -> dict[str, set[str]]:
    """Pass 1 of the codebook scorers: the lemmas the annotator gave ``words``, over all parts."""
    seen: dict[str, set[str]] = {}
    for part_seen in run_parts(client, _seen_part, parts, words, name="frames-forms"):
        for w, lemmas in part_seen.items():
            seen.setdefault(w, set()).update(lemmas)
    return seen


# -- north/south -------------------------------------------------------------------------------------
def _north_south_part(spec: Any, mention_cb: Any, problem_cb: Any, compiled: Any, window: int | None,
                      context_tokens: int) -> tuple[pd.DataFrame, pd.Series]:
    from framing.frames.northsouth import mentions_in_context

    return mentions_in_context(load_tokens(spec).table, mention_cb, problem_cb, window, context_tokens,
                               compiled=compiled)


def north_south_mentions(tokens: Any, mention_cb: Any, problem_cb: Any, window: int | None, context_tokens: int,
                         client: Any) -> tuple[pd.DataFrame, pd.Series]:
    """:func:`framing.frames.northsouth.mentions_in_context` over the whole ``tokens``, part by part
    on the workers: both codebooks compiled once for the corpus (the lemmas of their words
    gathered from every part), the parts' mention rows and words per document joined in order."""
    from framing.frames.scoring import CompiledCodebook, codebook_words

    client = get_client(client)
    parts = _parts(tokens, client)
    seen = _seen(client, parts, codebook_words(mention_cb)[1] | codebook_words(problem_cb)[1])
    compiled = (CompiledCodebook(mention_cb, None, seen=seen), CompiledCodebook(problem_cb, None, seen=seen))
    [compiled_future] = client.scatter([compiled], broadcast=True)
    results = run_parts(client, _north_south_part, parts, mention_cb, problem_cb, compiled_future, window,
                        context_tokens, name="northsouth")
    words = [w for _, w in results if len(w)]
    return (_concat_frames([kw for kw, _ in results]),
            pd.concat(words) if words else pd.Series(dtype=int))


__all__ = ["frame_hits", "north_south_mentions", "othering_matches", "token_docs", "token_source"]
