"""Gender-inclusive forms: detection and normalisation to the masculine generic lemma.

Why: "Mitbürger*innen", "Mitbürger:innen" and "MitbürgerInnen" name the *same* group as
"Mitbürger"; an othering or framing count must see one lemma ("Mitbürger") and, separately,
that the text chose an inclusive form (``gender_inclusive=True`` in the token table).

Rules (a token is checked as a whole; the tokeniser keeps these forms as one token):

* **Separator forms**: a capitalised stem ending in a lower-case letter, then ``*``, ``_``,
  ``·``/``•`` (gender star, gap, middle dot), ``/`` or ``/-`` followed by ``in``/``innen``
  (also ``In``/``Innen``): ``Mitbürger*innen``, ``Mitbürger_innen``, ``Mitbürger/-innen``,
  ``Bürger*in``. With the **colon** only lower-case ``in``/``innen`` counts
  (``Mitbürger:innen``), because ``Asylbewerber:In …`` is far more often a missing space; a
  colon followed by a space (``Asylbewerber: Die Zahl …``) is punctuation and never reaches this
  module as part of a word.
* **Parentheses**: ``Bürger(innen)``, ``Bürger(in)``.
* **Binnen-I**: lower-case letter + ``Innen`` at the end of the word (``MitbürgerInnen``) or
  before a lower-case continuation (``BürgerInnenversammlung``); singular ``In`` only at the end
  and only when the stem looks like a person noun (ends in -er, -ent, -ant, -ist, -eur, -or,
  -at, -og, -ar, -ler, -ner, -ier, -iker, -ling, -te) or is a known word
  (``PolitikerIn``, but not ``LinkedIn``). Words *starting* with "Innen" (``Innenstadt``,
  ``Innenminister``) never match: the stem must contain a letter before the capital I, so
  ``InnenministerIn`` is the inclusive form of ``Innenminister``.
* Infix compounds keep their tail: ``Bürger*innenversammlung`` → ``Bürgerversammlung``,
  ``Kolleg*innenkreis`` → ``Kollegenkreis``; hyphen tails too (``Bürger*innen-Treff``).

Normalisation reconstructs the masculine form and leaves lemmatisation to the lemmatiser:

* plural (``-innen``): stems in -er/-el/-en are the plural themselves (``Mitbürger``);
  otherwise ``stem+en`` (``Kolleg`` → ``Kollegen`` → lemma ``Kollege``; ``Ärzt`` → ``Ärzten``
  → ``Arzt``), then ``stem+e``, then the stem;
* singular (``-in``): -er/-el/-e stems as they are (``Bürger``), else ``stem+e``
  (``Kolleg`` → ``Kollege``), the stem, the stem without umlaut (``Ärzt`` → ``Arzt``).

With an ``is_known`` callback the first candidate the lexicon knows wins; without one the first
candidate is taken. Paired forms ("Mitbürgerinnen und Mitbürger") and explicitly feminine words
("Asylbewerberinnen" → lemma "Asylbewerberin") are *not* gender-inclusive forms in this sense and
are left alone.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

_STEM = r"(?P<stem>[A-ZÄÖÜ][\w\u00AD-]*?[a-zäöüß])"
_TAIL = r"(?P<tail>[a-zäöüß]*(?:-[\w\u00AD-]+)?)"
_SEP_RE = re.compile(
    _STEM + r"(?P<sep>[*_·•]|/-?)(?P<suf>[iI]nnen|[iI]n)" + _TAIL + r"$")
_COLON_RE = re.compile(_STEM + r"(?P<sep>:)(?P<suf>innen|in)" + _TAIL + r"$")
_PAREN_RE = re.compile(_STEM + r"(?P<sep>\()(?P<suf>innen|in)\)" + _TAIL + r"$")
_BINNEN_PL_RE = re.compile(_STEM + r"(?P<sep>)(?P<suf>Innen)" + _TAIL + r"$")
_BINNEN_SG_RE = re.compile(_STEM + r"(?P<sep>)(?P<suf>In)(?P<tail>)$")

#: quick pre-check: does a token contain anything that could be a gender marker?
_HINT_RE = re.compile(r"[a-zäöüß](?:[*_·•:(/]|/-)?[iI]n")

_PERSON_SUFFIXES = ("er", "ent", "ant", "ist", "eur", "or", "at", "og", "ar", "är", "ier", "iker",
                    "ling", "te", "nd", "el", "ur", "ör")
#: camel-case words that end in "In" but are not gender forms
NOT_GENDER: frozenset[str] = frozenset({"LinkedIn", "CheckIn", "PlugIn", "LogIn", "SignIn", "WalkIn",
                                        "DriveIn", "LiveIn", "SitIn", "LoveIn", "TeachIn"})

_UMLAUT = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U"})


class GenderForm(NamedTuple):
    """The parts of a gender-inclusive token."""

    stem: str  # "Mitbürger", "Kolleg"
    separator: str  # "*", ":", "_", "·", "/", "/-", "(" or "" for Binnen-I
    plural: bool  # "-innen" (True) or "-in" (False)
    tail: str  # compound continuation, e.g. "versammlung" or "-Treff" ("" if none)


def parse_gender_form(token: str) -> GenderForm | None:
    """Split a gender-inclusive token into its parts, or ``None`` if it is not one."""
    if len(token) < 4 or not _HINT_RE.search(token) or token in NOT_GENDER:
        return None
    for rx in (_SEP_RE, _COLON_RE, _PAREN_RE, _BINNEN_PL_RE):
        m = rx.match(token)
        if m:
            plural = m["suf"].lower() == "innen"
            if not plural and m["tail"] and not m["tail"].startswith("-"):
                return None  # "-in" + letters is a word ("Bürger*invest"), not a form
            return GenderForm(m["stem"], m["sep"], plural, m["tail"])
    m = _BINNEN_SG_RE.match(token)
    if m and m["stem"].endswith(_PERSON_SUFFIXES):
        return GenderForm(m["stem"], "", False, "")
    return None


def is_gender_inclusive(token: str) -> bool:
    """True if ``token`` is a gender-inclusive form ("Mitbürger*innen", "BürgerIn" …)."""
    return parse_gender_form(token) is not None


def _deumlaut(stem: str) -> str:
    for i in range(len(stem) - 1, -1, -1):
        if stem[i] in "äöüÄÖÜ":
            return stem[:i] + stem[i].translate(_UMLAUT) + stem[i + 1:]
    return stem


def masculine_candidates(form: GenderForm) -> list[str]:
    """Masculine surface forms to try, best first (see the module docstring)."""
    stem = form.stem
    if form.plural:
        if stem.endswith(("er", "el", "en")):
            cands = [stem]
        elif stem.endswith("e"):
            cands = [stem + "n", stem]
        else:
            cands = [stem + "en", stem + "e", stem]
    else:
        if stem.endswith(("er", "el", "e")):
            cands = [stem]
        else:
            cands = [stem + "e", stem, _deumlaut(stem)]
    tail = form.tail
    if tail.startswith("-"):
        return [c + tail for c in cands]
    if tail:
        # infix compound: the linking form is the plural/stem form + lower-case tail
        return [c + tail for c in cands] + [stem + tail]
    return cands


def masculine_form(token: str, is_known: Callable[[str], bool] | None = None) -> str | None:
    """The masculine form of a gender-inclusive token, to be lemmatised; ``None`` otherwise.

    >>> masculine_form("Mitbürger*innen")
    'Mitbürger'
    """
    form = parse_gender_form(token)
    if form is None:
        return None
    cands = masculine_candidates(form)
    if is_known is not None:
        for c in cands:
            if is_known(c):
                return c
    return cands[0]
