"""Seed topics from a codebook: each frame becomes a guided topic with its terms.

    model = framing.TopicModel(engine="lda", n_topics=12, seed_topics="integration_modes").fit(tokens)
    codebook_seeds("integration_modes", vocabulary, dimension="mode")   # the seeds themselves

A topic model knows single terms (lemmas), so a frame's terms are turned into terms of the
model's vocabulary with the codebook matching engine (:func:`framing.frames.scoring.find_frame_hits`,
over the vocabulary laid out as tokens, as :mod:`framing.frames.labels` does):

* a one-word term seeds the vocabulary terms it matches as **lemma** (any case);
* globs and regular expressions seed the vocabulary terms they match;
* compound **heads and modifiers** are expanded through the vocabulary: "Flüchtling" also seeds
  "Wirtschaftsflüchtling" and "Flüchtlingsunterkunft" where the corpus has them;
* **multiword** terms ("Essener Norden") are dropped – no single vocabulary term is a phrase;
  exclusion terms are not seeds.

Per frame the seeds are ordered lemma matches first, then regex, head and modifier matches, each
by corpus frequency, and cut at ``max_terms``. Without a vocabulary only the one-word terms are
used, as written. A frame none of whose terms is in the vocabulary is left out (with a warning).
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

#: order of the match rules among a frame's seeds
_RULE_ORDER = {"lemma": 0, "phrase": 0, "regex": 1, "head": 2, "modifier": 3}


def is_codebook_spec(seed_topics: Any) -> bool:
    """Whether ``seed_topics`` names a codebook (a Codebook, a shipped name or a YAML path)
    rather than giving seed lists."""
    from framing.frames.codebook import Codebook
    return isinstance(seed_topics, (Codebook, str, Path))


def codebook_seeds(codebook: Any, vocabulary: Mapping[str, float] | Sequence[str] | None = None, *,
                   dimension: str | None = None, max_terms: int = 30) -> dict[str, list[str]]:
    """``{frame: [seed terms]}`` for the frames of ``codebook`` (a Codebook, a shipped name or a
    YAML path), matched against ``vocabulary`` (terms, or ``{term: corpus frequency}``; see the
    module docstring). ``dimension``: only the frames of one dimension ("mode")."""
    from framing.errors import check_positive
    from framing.frames.labels import _term_tokens
    from framing.frames.scoring import as_codebook, find_frame_hits

    check_positive("max_terms", max_terms)
    cb = as_codebook(codebook).select(dimension)
    if vocabulary is None:
        seeds = {f.name: [t.term for t in f.terms if t.kind == "lemma"][:max_terms] for f in cb}
    else:
        freq = dict(vocabulary) if isinstance(vocabulary, Mapping) else {str(t): 0.0 for t in vocabulary}
        table, rows = _term_tokens({0: [(t, float(c)) for t, c in freq.items()]})
        found: dict[str, dict[str, tuple[int, float]]] = {f.name: {} for f in cb}
        if rows:
            hits, _ = find_frame_hits(table, cb, count={k: True for k in ("negated", "distanced", "quoted_speech")},
                                      flags=False)
            hits = hits[~hits["exclusion_term"].to_numpy(dtype=bool)]
            for pos, frame, rule in zip(hits["start"].tolist(), hits["frame"].tolist(), hits["rule"].tolist()):
                _, term, count = rows[int(pos)]
                key = (_RULE_ORDER.get(rule, 4), -count)
                if term not in found[frame] or key < found[frame][term]:
                    found[frame][term] = key
        seeds = {f: [t for t, _ in sorted(terms.items(), key=lambda kv: (kv[1], kv[0]))][:max_terms]
                 for f, terms in found.items()}
    empty = [f for f, terms in seeds.items() if not terms]
    if empty:
        warnings.warn(f"codebook {cb.name!r}: no term of frame(s) {empty} is in the vocabulary; "
                      f"they are not seeded", stacklevel=3)
    return {f: terms for f, terms in seeds.items() if terms}


__all__ = ["codebook_seeds", "is_codebook_spec"]
