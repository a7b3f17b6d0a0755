"""Moved to :mod:`framing.matching.engine` (one matching engine for othering and frames);
re-exported here so existing imports keep working."""
from framing.matching.engine import *  # noqa: F403
from framing.matching.engine import (  # noqa: F401
    CODE_WORDS,
    CONTEXT_TERM,
    HEAD,
    LEMMA,
    MATCH_NAMES,
    MODIFIER,
    PHRASE,
    CompiledLexicon,
    Matches,
    TokenArrays,
    encode,
    expand_forms,
    find_matches,
    match_summary,
    take,
)
