"""Othering vs. linguistic recognition: how newcomers are named, per text, speaker, outlet or town.

    import framing
    tokens = framing.annotate(framing.read("corpora/demo"))
    result = framing.OtheringScorer(places=["Essen", "Altena"]).score(tokens, by="place")
    result.table        # counts per category, rates per 1,000 tokens, othering_index + CI
    result.evidence     # keyword-in-context rows: every count traceable to its passage
    result.plot()       # index by group with CI error bars

Modules: ``lexicon`` (YAML lexicon, validation), ``demonyms`` (local-identity terms from place
names), ``matching`` (vectorised matching over the token table), ``context`` (distancing,
negation, newcomer reference), ``scorer`` (OtheringScorer, index, CI, evidence), ``plot``.
The index definition and the rules are documented in ``docs/guide/othering.md``.
"""
from __future__ import annotations

import sys

from framing._lazy import lazy_exports

_NAMES: dict[str, str] = {
    "Lexicon": "lexicon", "Entry": "lexicon", "Category": "lexicon",
    "demonym_entries": "demonyms", "places_from_docs": "demonyms", "split_place": "demonyms",
    "OtheringScorer": "scorer", "OtheringResult": "scorer", "score": "scorer",
    "wilson_interval": "scorer", "REASONS": "scorer",
    "CUES": "framing.matching.context",
    "plot_index": "plot",
}
__all__ = sorted(_NAMES)

#: lets ``framing.othering`` resolve through framing's lazy exports after a plain ``import framing``
othering = sys.modules[__name__]


__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
