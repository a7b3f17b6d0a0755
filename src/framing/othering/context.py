"""Moved to :mod:`framing.matching.context` (context rules shared by othering and frames);
re-exported here so existing imports keep working."""
from framing.matching.context import *  # noqa: F403
from framing.matching.context import CUES, QUOTE_MARKS, Context  # noqa: F401
