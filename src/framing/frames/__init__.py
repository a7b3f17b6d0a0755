"""Frames: codebooks (YAML), frame scoring with evidence, framing profiles, keyword in context.

    import framing
    tokens = framing.annotate(framing.read("corpora/demo").unique())
    result = framing.score_frames(tokens, "integration_modes", by="place")
    result.table        # hits, rates per 1,000 tokens, shares with bootstrap intervals, dominant frame
    result.evidence     # KWIC row of every hit (counted or excluded, and why)
    result.profile()    # which pattern dominates per town, and whether the intervals overlap
    framing.kwic(tokens, "Flüchtling*")

Modules: ``codebook`` (Codebook, validation, YAML), ``scoring`` (score_frames on the shared
matching engine), ``result`` (FrameResult, profile), ``kwic``, ``validation`` (coding sample,
hand codes, agreement: P/R/F1, Cohen's kappa, Krippendorff's alpha), ``labels`` (topics and
communities labelled with frames), ``northsouth`` (the north/south division as a measure),
``expand`` (candidate terms for a frame). Guide: ``docs/guide/frames.md``.
"""
from __future__ import annotations

from framing._lazy import lazy_exports

_NAMES: dict[str, str] = {
    "Codebook": "codebook", "Frame": "codebook", "Term": "codebook",
    "score_frames": "scoring", "find_frame_hits": "scoring", "REASONS": "scoring",
    "FrameResult": "result", "kwic": "kwic",
    "coding_sample": "validation", "write_coding_sheet": "validation", "read_codes": "validation",
    "agreement": "validation", "krippendorff_alpha": "validation", "cohen_kappa": "validation",
    "label_topics": "labels", "label_communities": "labels",
    "north_south": "northsouth", "NorthSouthResult": "northsouth", "shipped_districts": "northsouth",
    "expand_frame": "expand",
}
__all__ = sorted(_NAMES)

__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
