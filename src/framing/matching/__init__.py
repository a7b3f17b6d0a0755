"""One matching engine for every instrument that counts terms in Tokens (othering, frames, kwic).

Modules: ``rules`` (the rule entry and rule set), ``engine`` (vectorised lemma / compound head /
compound modifier / phrase matching over Arrow-coded token arrays), ``context`` (quotation,
"sogenannt" and metalinguistic distancing, negation, newcomer reference), ``patterns`` (glob and
regular-expression terms over distinct lemma types). The unit of analysis of each document (town, outlet,
year …) comes from :mod:`framing.grouping`, shared by the scorers.
"""
from __future__ import annotations

from framing._lazy import lazy_exports

_NAMES: dict[str, str] = {
    "Entry": "rules", "Category": "rules", "RuleSet": "rules", "DEFAULT_CONTEXT": "rules",
    "CompiledLexicon": "engine", "TokenArrays": "engine", "Matches": "engine", "find_matches": "engine",
    "expand_forms": "engine", "MATCH_NAMES": "engine",
    "Context": "context", "CUES": "context", "QUOTE_MARKS": "context",
}
__all__ = sorted(_NAMES)

__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
