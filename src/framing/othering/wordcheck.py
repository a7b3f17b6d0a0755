"""Generated demonyms that are ordinary German words: "Konz" -> "Konzer", whose plural/dative
form "Konzern" is the noun *Konzern* ("westliche Konzerne" would count as local-identity naming).

A demonym is dropped when one of its inflected forms (``-``, ``-n``, ``-s``, ``-in``, ``-innen``)
is a word that simplemma's German lexicon knows with a *different* lemma ("Konzern" -> Konzern,
"Enden" -> Ende). Real demonyms pass: simplemma knows "Essener", "Kölner", "Münchner" with
themselves as lemma, and does not know "Altenaer" or "Hörsterfelder" at all. The check is a
guard against collisions with common nouns, not a proof that a form is a demonym: a demonym
that is also a first name or a word spelled the same ("Reiner", "Wiener") still counts, and
keeps its ``needs: reference`` rule.
"""
from __future__ import annotations

from functools import lru_cache

_ENDINGS = ("", "n", "s", "in", "innen")


@lru_cache(maxsize=4096)
def ordinary_word(demonym: str) -> str | None:
    """The ordinary word one of ``demonym``'s forms collides with, or ``None``.

    Without simplemma (an optional backend dependency) nothing is flagged.
    """
    try:
        import simplemma
    except ImportError:  # pragma: no cover - simplemma is a dependency of the default backend
        return None
    own = {demonym.lower(), (demonym + "in").lower()}
    for ending in _ENDINGS:
        form = demonym + ending
        if not simplemma.is_known(form, lang="de"):
            continue
        lemma = str(simplemma.lemmatize(form, lang="de"))
        if lemma.lower() not in own:
            return form
    return None


__all__ = ["ordinary_word"]
