"""Keyword in context: every occurrence of a term, glob or phrase with its context and metadata."""
from __future__ import annotations

from typing import Any

import pandas as pd

from framing.errors import InputError


def kwic(tokens: Any, pattern: str | list[str], window: int = 5, *, match: str | list[str] | None = None,
         regex: bool = False) -> pd.DataFrame:
    """Hits of ``pattern`` in ``tokens`` with ``window`` tokens of left/right context.

    ``pattern``: a lemma ("Flüchtling": the word in every inflection, as compound head and as
    compound modifier), a glob over lemmas ("Flüchtling*", "*flüchtling"), several words
    ("Essener Norden"), or a regular expression over lemmas with ``regex=True``; a list of
    patterns is searched at once. ``match`` restricts a lemma to ``"lemma"``, ``"head"``,
    ``"modifier"`` or a list of them. Returns one row per hit: doc_id, sentence, token and
    character offsets, left, match, right, the pattern (``term``), the rule that matched, the
    sentence, and the documents' metadata columns (place, outlet, date …).
    """
    from framing.frames.codebook import Codebook
    from framing.nlp.tokens import Tokens

    if not isinstance(tokens, Tokens):
        raise InputError(f"kwic() takes framing Tokens, not {type(tokens).__name__}")
    if window < 0:
        raise InputError(f"window must be 0 or more tokens, not {window!r}")
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    terms: list[Any] = []
    for p in patterns:
        spec: dict[str, Any] = {"regex" if regex else "term": p}
        if match is not None:
            spec["match"] = match
        terms.append(spec)
    cb = Codebook.from_dict({"kwic": {"terms": terms}})
    if hasattr(tokens, "iter_parts") and not getattr(tokens, "loaded", True):
        kw = _kwic_parts(tokens, cb, window)   # a tokens folder: one part in memory at a time
    else:
        kw = _kwic_table(tokens.table, cb, window)
    meta = tokens.docs.drop(columns=[c for c in ("text",) if c in tokens.docs.columns]).copy()
    meta["doc_id"] = meta["doc_id"].astype(str)
    meta = meta.drop_duplicates("doc_id")
    kw["doc_id"] = kw["doc_id"].astype(str)
    return kw.merge(meta, on="doc_id", how="left")


def _kwic_table(table: pd.DataFrame, cb: Any, window: int, compiled: Any = None) -> pd.DataFrame:
    """KWIC columns, ``term`` and ``rule`` of every hit of ``cb`` in ``table``."""
    from framing.frames.scoring import find_frame_hits
    from framing.matching.evidence import kwic_columns

    hits, ta = find_frame_hits(table, cb, compiled=compiled)
    kw = kwic_columns(ta, hits["start"].to_numpy(dtype="int64"), hits["end"].to_numpy(dtype="int64"), window)
    kw["term"] = hits["term"].to_numpy()
    kw["rule"] = hits["rule"].to_numpy()
    return kw


def _kwic_parts(tokens: Any, cb: Any, window: int) -> pd.DataFrame:
    """:func:`_kwic_table` over the parts of a tokens folder, in order: the patterns compiled once
    for the whole corpus (the lemmas of their words gathered from every part, as
    ``score_frames(client=)`` does), so the rows equal those of the loaded table."""
    from framing.frames.scoring import CompiledCodebook, codebook_words, seen_forms

    words = codebook_words(cb)[1]
    seen: dict[str, set[str]] = {}
    for part in tokens.iter_parts():
        for w, lemmas in seen_forms(part.table, words).items():
            seen.setdefault(w, set()).update(lemmas)
    compiled = CompiledCodebook(cb, None, seen=seen)
    pieces = [_kwic_table(part.table, cb, window, compiled) for part in tokens.iter_parts()]
    full = [k for k in pieces if len(k)]
    if not full:
        return pieces[0]
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0].reset_index(drop=True)


__all__ = ["kwic"]
