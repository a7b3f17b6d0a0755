"""Cross-group statistics: term keyness (G², log ratio, chi², Benjamini–Hochberg) and frame shares
across towns (chi² test, Cramér's V, pairwise differences with bootstrap intervals).

    framing.keyness(tokens, by="place", target="Altena")
    framing.keyness_by(tokens, by="place")          # every town against the rest, one pass
    framing.compare_frames(framing.score_frames(tokens, "integration_modes", by="place"))
"""
from __future__ import annotations

from framing._lazy import lazy_exports

_NAMES: dict[str, str] = {
    "keyness": "keyness", "keyness_by": "keyness", "benjamini_hochberg": "keyness", "compare_frames": "shares",
    "pool_groups": "groups",
}
__all__ = sorted(_NAMES)

__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
