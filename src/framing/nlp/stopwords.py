"""German stopwords for press text (``resources/stopwords/de.txt``; see its header for what is in
and what is deliberately out).

Stopwords only *flag* tokens (``is_stop`` in the token table); nothing is deleted, so othering
lexicons can still match pronouns such as "wir" or "die".
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from framing.errors import ParameterError


@lru_cache(maxsize=8)
def _load(lang: str) -> frozenset[str]:
    try:
        path = resources.files("framing").joinpath(f"resources/stopwords/{lang}.txt")
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        raise ParameterError(f"no stopword list for language {lang!r}") from None
    words = set()
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.add(word)
    return frozenset(words)


def get_stopwords(extra: Iterable[str] = (), remove: Iterable[str] = (), lang: str = "de") -> frozenset[str]:
    """The shipped stopword list (lower-case), plus ``extra`` and minus ``remove``.

    >>> "und" in get_stopwords()
    True
    >>> "stadt" in get_stopwords()
    False
    """
    if isinstance(extra, str) or isinstance(remove, str):
        raise ParameterError("extra/remove take a collection of words, not a single string")
    base = _load(lang)
    add = {w.strip().lower() for w in extra if w and w.strip()}
    drop = {w.strip().lower() for w in remove if w and w.strip()}
    if not add and not drop:
        return base
    return frozenset((base | add) - drop)
