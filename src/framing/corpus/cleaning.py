"""Cleaning for German press, press-database and OCR text: each step optional and reported.

The steps run in a fixed order (:attr:`Cleaner.STEPS`)::

    mojibake      UTF-8 read as cp1252/latin-1 ("FlÃ¼chtlinge" -> "Flüchtlinge"), via ftfy
    unicode       NFC, exotic spaces -> " ", ligatures (ﬁ -> fi), long s (ſ -> s)
    controls      control and invisible format characters removed (\\n, \\t kept)
    soft_hyphens  U+00AD removed; a soft hyphen at a line end joins the word
    dehyphenate   line-break hyphenation undone ("Integrati-\\nonsprozesse" -> "Integrationsprozesse")
    umlauts       lost umlauts restored in umlaut-stripped OCR text ("fur" -> "für"), word-list based
    whitespace    line endings, runs of spaces/tabs, trailing spaces, 3+ newlines -> 2

Every step is conservative: when in doubt it leaves the text alone. A text that needs no repair
comes back byte-identical with ``steps == ()``. :class:`CleanResult` says which steps changed
something (the ingest report records them per document) and keeps samples of the word-level
repairs (dehyphenation, umlauts) so a researcher can audit them.

Word lists: German Zipf frequencies from ``wordfreq`` (code Apache-2.0, data CC BY-SA 4.0) and the
German dictionary of ``simplemma`` (MIT); both are installed packages, nothing is redistributed.
See ``docs/guide/cleaning.md`` for the heuristics and thresholds.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, pairwise
from typing import Literal

__all__ = ["CleanResult", "Cleaner", "clean_text", "looks_umlaut_stripped", "repair_umlauts_in_word"]

#: default thresholds of the umlaut heuristic (see :class:`Cleaner` and docs/guide/cleaning.md)
UMLAUT_MARGIN_KNOWN = 1.5    # zipf(candidate) - zipf(word) needed when the word itself is a known word
UMLAUT_MARGIN_UNKNOWN = 0.5  # ... when the word is not in the dictionary (but occurs in wordfreq)
UMLAUT_MIN_LETTERS = 300     # auto mode: letters a text needs before "no umlaut at all" counts
#: a lowercase joined word below this Zipf frequency counts as rare in dehyphenation
DEHYPHENATE_MIN_ZIPF = 2.0
MAX_UMLAUT_CANDIDATES = 64


@dataclass(frozen=True)
class CleanResult:
    """The cleaned text, the steps that changed it, and audit samples of word-level repairs."""

    text: str
    #: names of the steps that changed something, in the order they ran
    steps: tuple[str, ...] = ()
    #: ``(step, before, after)`` samples of dehyphenation and umlaut repairs (capped per step)
    changes: tuple[tuple[str, str, str], ...] = ()


# ---------------------------------------------------------------------------------------------
# word lists (loaded lazily, once per process)
# ---------------------------------------------------------------------------------------------
def _zipf(word: str) -> float:
    """Zipf frequency of ``word`` in German (wordfreq; case-folded, ß = ss), 0.0 if unseen."""
    from framing.corpus.wordfreq_de import frequency

    # wordfreq's German list in a compact table: the same numbers as
    # get_frequency_dict("de", "best"), without keeping ~69 MiB of Python strings resident
    f = frequency(word.casefold())
    return round(math.log10(f) + 9, 2) if f else 0.0


def _is_known(word: str) -> bool:
    """Whether simplemma's German dictionary has ``word`` (either casing)."""
    from simplemma import is_known

    from framing.nlp.simplemma_dictionary import use_compiled_decoder

    use_compiled_decoder()

    return is_known(word, lang="de")


def _lemma(word: str) -> str:
    from simplemma import lemmatize

    from framing.nlp.simplemma_dictionary import use_compiled_decoder

    use_compiled_decoder()

    return lemmatize(word, lang="de")


# ---------------------------------------------------------------------------------------------
# mojibake
# ---------------------------------------------------------------------------------------------
# A UTF-8 lead byte read as cp1252/latin-1 (Â..ô) followed by a continuation byte read the same
# way (0x80-0xBF: C1 controls or latin-1 punctuation, or their cp1252 glyphs), or any C1
# control. Only texts with such a pair go to ftfy at all: correct German text never has one,
# so the common case costs one regex scan.
_CP1252_CONT = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
               "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_MOJIBAKE_GATE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_CONT}]|\u00c3[ \u00a0]|[\u0080-\u009f]")
_FTFY_CONFIG = None


def _fix_mojibake(text: str) -> str:
    global _FTFY_CONFIG
    if text.isascii() or not _MOJIBAKE_GATE.search(text):
        return text
    from ftfy import TextFixerConfig, fix_text

    if _FTFY_CONFIG is None:
        # only the encoding repairs: no quote uncurling, no HTML unescaping, no normalisation,
        # no ligature/width changes, line breaks and control characters left to later steps
        _FTFY_CONFIG = TextFixerConfig(
            unescape_html=False, remove_terminal_escapes=False, fix_encoding=True,
            restore_byte_a0=True, replace_lossy_sequences=True, decode_inconsistent_utf8=True,
            fix_c1_controls=True, fix_latin_ligatures=False, fix_character_width=False,
            uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=True,
            remove_control_chars=False, normalization=None, explain=False)
    return fix_text(text, _FTFY_CONFIG)


# ---------------------------------------------------------------------------------------------
# unicode
# ---------------------------------------------------------------------------------------------
_UNICODE_TABLE = {
    # spaces: NBSP, en/em/thin/hair/figure..., narrow NBSP, math space, ideographic, ogham
    **{cp: " " for cp in (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000, 0x1680)},
    0x2028: "\n", 0x2029: "\n\n",  # line / paragraph separator
    0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
    0x017F: "s",  # long s (Fraktur OCR): "Ausſchuß" -> "Ausschuß"
}
_UNICODE_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNICODE_TABLE) + "]")
_FORMS = ("NFC", "NFKC", "NFD", "NFKD")


def _fix_unicode(text: str, form: str | None) -> str:
    if text.isascii():
        return text
    if form and not unicodedata.is_normalized(form, text):
        text = unicodedata.normalize(form, text)
    if _UNICODE_CHARS.search(text):
        text = text.translate(_UNICODE_TABLE)
    return text


# ---------------------------------------------------------------------------------------------
# controls
# ---------------------------------------------------------------------------------------------
# C0 (except \t \n \r; \v \f become \n), DEL, C1, and invisible format characters: zero-width
# space/non-joiner, word joiner, BOM, bidi marks/embeddings/isolates, Mongolian vowel separator,
# interlinear annotation. U+FFFD stays: it marks a lossy decode and must stay visible.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u202a-\u202e"
                         "\u2060-\u2064\u2066-\u2069\u061c\u180e\ufeff\ufff9-\ufffb]")
_VTFF_RE = re.compile("[\x0b\x0c]")
# ZWJ joins emoji sequences (👨‍👩‍👧): kept there, removed next to letters/digits or at the edges
_ZWJ_RE = re.compile(r"(?<=\w)\u200d|\u200d(?=\w)|^\u200d|\u200d$", re.MULTILINE)


def _fix_controls(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text
    text = _VTFF_RE.sub("\n", text)
    text = _CONTROL_RE.sub("", text)
    if "\u200d" in text:
        text = _ZWJ_RE.sub("", text)
    return text


# ---------------------------------------------------------------------------------------------
# soft hyphens
# ---------------------------------------------------------------------------------------------
_SOFT_BREAK_RE = re.compile("\u00ad[ \t]*(?:\r\n|\r|\n)[ \t]*(?=\\w)")


def _fix_soft_hyphens(text: str) -> str:
    if "\u00ad" not in text:
        return text
    return _SOFT_BREAK_RE.sub("", text).replace("\u00ad", "")


# ---------------------------------------------------------------------------------------------
# dehyphenation
# ---------------------------------------------------------------------------------------------
# a hyphen (ASCII, U+2010, or the OCR line-break sign ¬) directly after a letter/digit, then a
# single line break (optional spaces around it), then a word character on the next line
_HYPHEN_BREAK_RE = re.compile(  # the hyphen comes first so the regex engine can scan for it fast
    "([-\u2010\u00ac])(?<=[^\\W_][-\u2010\u00ac])[ \t]*(?:\r\n|\r|\n)[ \t]*(?=[^\\W_])")
_RIGHT_RE = re.compile(r"[^\W_]+")
#: continuation words that make the hyphen an ellipsis ("Ein- und Ausreise")
ELLIPSIS_WORDS = frozenset({"und", "oder", "bzw", "beziehungsweise", "sowie", "wie", "noch", "als",
                            "bis", "respektive", "resp", "u", "o"})
_SENTENCE_END = frozenset(".!?:")
_OPENERS = "\"'„“”‚‘’»«›‹([{–—- \t"


def _sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence, a line or the text."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END or text[i] in "\r\n"


@lru_cache(maxsize=65536)
def _dehyphen_decision(left: str, right: str, capitalised_noun: bool, soft_sign: bool) -> str:
    """'join', 'keep' (hyphenated compound) or 'ellipsis' for ``left-\\nright``."""
    if right in ELLIPSIS_WORDS:
        # "Kinder-\nund" is an ellipsis, but "Dortm-\nund", "den-\nnoch", "niem-\nals" are words
        joined = left + right
        return "join" if _is_known(joined) and _zipf(joined) >= DEHYPHENATE_MIN_ZIPF else "ellipsis"
    if right[0].isupper() or right[0].isdigit():
        return "keep"  # Nord-\nSüd-Gefälle, A40-\n2015
    if left.isupper() or len(left) == 1 or any(ch.isdigit() for ch in left):
        return "keep"  # CDU-\nfraktion, x-\nbeliebig, A40-\nbrücke: a hyphen after an abbreviation is real
    if soft_sign:
        return "join"  # ¬ is the OCR sign of a hyphenation break, never a real hyphen
    if capitalised_noun:
        return "join"  # noun + lowercase continuation: a broken compound (Flüchtlings-\nunterkunft)
    joined = left + right
    joined_known = _is_known(joined) or _zipf(joined) >= DEHYPHENATE_MIN_ZIPF
    both_words = len(left) > 2 and _is_known(left) and _is_known(right)
    if joined_known and (_zipf(joined) >= DEHYPHENATE_MIN_ZIPF or not both_words):
        return "join"
    if both_words:
        return "keep"  # deutsch-\ntürkische, rot-\ngrüne, schwarz-\ngelbe
    return "join"  # integrati-\nonsprozesse: the halves are not words


def _dehyphenate(text: str, samples: list[tuple[str, str, str]], max_samples: int) -> str:
    if not _HYPHEN_BREAK_RE.search(text):
        return text
    out: list[str] = []
    pos = 0
    for m in _HYPHEN_BREAK_RE.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        right_m = _RIGHT_RE.match(text, m.end())
        if start == m.start() or right_m is None:  # pragma: no cover - guaranteed by the lookarounds
            continue
        chunk = start
        while chunk > 0 and not text[chunk - 1].isspace():
            chunk -= 1
        if text[chunk] in "-\u2010\u2013":
            continue  # "-None-" / "–Ende-": a dash-framed token, not a hyphenated word
        left, right = text[start:m.start()], right_m.group()
        capitalised = left[0].isupper() and not left.isupper()
        noun = capitalised and not _sentence_initial(text, start)
        decision = _dehyphen_decision(left, right, noun, m.group(1) == "\u00ac")
        hyphen = "-" if m.group(1) == "\u00ac" else m.group(1)
        repl = {"join": "", "keep": hyphen, "ellipsis": hyphen + " "}[decision]
        out.append(text[pos:m.start()])
        out.append(repl)
        pos = m.end()
        if len(samples) < max_samples:
            samples.append(("dehyphenate", text[start:m.end()] + right, left + repl + right))
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# umlauts
# ---------------------------------------------------------------------------------------------
_UMLAUT_CHARS = re.compile("[äöüÄÖÜßẞ]")
_SINGLE = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
_DIGRAPH = {"ae": "ä", "oe": "ö", "ue": "ü", "Ae": "Ä", "Oe": "Ö", "Ue": "Ü"}
_HAS_AOU = re.compile("[aouAOU]")
_WORD_RE = re.compile(r"\w+")
_GLUE = frozenset("@_#\\")  # a word glued to these is a handle, hashtag or identifier

#: frequent words whose stripped form marks a text as umlaut-stripped, and their correct forms
_MARKERS = frozenset("""fur fuer uber ueber konnen koennen mussen muessen zuruck zurueck moglich moeglich
    naturlich natuerlich uberhaupt ueberhaupt wahrend waehrend spater spaeter fruher frueher
    burgermeister buergermeister burgermeisterin buergermeisterin burgerinnen buergerinnen
    fluchtlinge fluechtlinge fluchtlingen fluechtlingen gefluchtete gefluechtete gefluchteten
    gefluechteten""".split())
_PROPER = frozenset("""für über können müssen zurück möglich natürlich überhaupt während später früher
    bürgermeister bürgermeisterin bürgerinnen flüchtlinge flüchtlingen geflüchtete geflüchteten""".split())
_STOPWORDS = frozenset("der die das und ist nicht mit ein eine einen den dem des zu von auf sich im es "
                       "auch wird werden sie er wir bei nach aus dass noch wie als sind hat oder vor "
                       "zum zur nur aber".split())


def looks_umlaut_stripped(text: str, *, min_letters: int = UMLAUT_MIN_LETTERS) -> bool:
    """Whether ``text`` looks like German that lost its umlauts (the trigger of ``umlauts="auto"``).

    True when the text has no ä/ö/ü/ß at all, is German (≥ 3 frequent function words making
    ≥ 8 % of its words, or one function word and ≥ 2 stripped marker words like "fur"/"uber"),
    and is either long (≥ ``min_letters`` letters) or has a marker word. A text that does have
    umlauts counts only when stripped markers ("fur", "konnen" …) are frequent: ≥ 3 and at
    least twice the correct forms ("für", "können" …), as in partly damaged OCR.
    """
    words = [w.lower() for w in _WORD_RE.findall(text)]
    markers = sum(1 for w in words if w in _MARKERS)
    if _UMLAUT_CHARS.search(text):
        return markers >= 3 and markers >= 2 * sum(1 for w in words if w in _PROPER)
    n_words = len(words)
    if not n_words:
        return False
    stops = sum(1 for w in words if w in _STOPWORDS)
    german = stops >= 1 and ((stops >= 3 and stops / n_words >= 0.08) or markers >= 2)
    if not german:
        return False
    return markers >= 1 or sum(map(len, words)) >= min_letters


def _umlaut_ops(word: str) -> list[tuple[int, int, str]]:
    """Places where an umlaut may have been lost: a/o/u, or ae/oe/ue spelled out."""
    ops: list[tuple[int, int, str]] = []
    for i, ch in enumerate(word):
        prev = word[i - 1].lower() if i else ""
        if ch in _SINGLE:
            # u after a/e/ä/q is part of a diphthong or "qu", never ü
            if ch in "uU" and prev in ("a", "e", "ä", "q"):
                continue
            ops.append((i, i + 1, _SINGLE[ch]))
        pair = word[i:i + 2]
        if pair in _DIGRAPH and not (pair[0] in "uU" and prev == "q") and prev not in ("a", "e"):
            ops.append((i, i + 2, _DIGRAPH[pair]))
    return ops


def _candidates(word: str) -> list[tuple[str, int]]:
    ops = _umlaut_ops(word)
    out: list[tuple[str, int]] = []
    for k in range(1, min(3, len(ops)) + 1):
        for combo in combinations(ops, k):
            if any(a[1] > b[0] for a, b in pairwise(combo)):
                continue  # overlapping: "ue" as digraph and its "u" as single
            chars = list(word)
            for start, end, repl in reversed(combo):
                chars[start:end] = [repl]
            out.append(("".join(chars), k))
            if len(out) >= MAX_UMLAUT_CANDIDATES:
                return out
    return out


def _best_repair(word: str, margin_known: float, margin_unknown: float) -> str | None:
    """The most frequent known umlaut candidate of ``word`` if it beats ``word`` by the margin."""
    best: tuple[float, int, str] | None = None
    for cand, k in _candidates(word):
        if not _is_known(cand):
            continue
        key = (_zipf(cand), -k, cand)
        if best is None or key > best:
            best = key
    if best is None:
        return None
    z_cand, _, cand = best
    z_word = _zipf(word)
    if _is_known(word):
        return cand if z_cand - z_word >= margin_known else None
    if z_word > 0 and z_cand - z_word < margin_unknown:
        return None
    return cand


def _plausible_stripped(word: str) -> bool:
    """Could ``word`` be a German word that lost an umlaut? (cheap filter before the word lists)"""
    return (len(word) >= 2 and word.isalpha() and not word.isupper()
            and not any(ch.isupper() for ch in word[1:]) and _HAS_AOU.search(word) is not None)


@lru_cache(maxsize=262144)
def _word_fixes(word: str, margin_known: float, margin_unknown: float) -> tuple[str | None, str | None]:
    """The repair of ``word`` inside a sentence and at a sentence start (None: leave it)."""
    if not _plausible_stripped(word):
        return None, None
    cand = _best_repair(word, margin_known, margin_unknown)
    if cand is None:
        return None, None
    # the lemma's case is a cheap part-of-speech check: a capitalised word inside a sentence is
    # a noun or name, so "Ware" must not become the verb "Wäre"; a lowercase word must not
    # become a noun. At a sentence start any word is capitalised, so only the first check is off.
    lemma_upper = _lemma(cand)[:1].isupper()
    if word[0].islower():
        return (None, None) if lemma_upper else (cand, cand)
    return (cand if lemma_upper else None), cand


def repair_umlauts_in_word(word: str, *, sentence_initial: bool = False,
                           margin_known: float = UMLAUT_MARGIN_KNOWN,
                           margin_unknown: float = UMLAUT_MARGIN_UNKNOWN) -> str:
    """The umlaut repair of one word ("Burgergesellschaft" -> "Bürgergesellschaft"), else the word.

    Skips words that cannot be umlaut-stripped German words: all-caps, internal capitals,
    digits, one letter, or no a/o/u. See :class:`Cleaner` for the rule.
    """
    mid, initial = _word_fixes(word, float(margin_known), float(margin_unknown))
    fixed = initial if sentence_initial else mid
    return word if fixed is None else fixed


_URLISH = re.compile(r"://|www\.|@|\w\.(?:de|com|org|net|eu|info|at|ch)\b", re.IGNORECASE)


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether the word at ``start:end`` is part of a URL, e-mail address, path or handle."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before in _GLUE or after in _GLUE:
        return True
    if (after == "." and end + 1 < len(text) and text[end + 1].isalnum()) or (
            before == "." and start >= 2 and text[start - 2].isalnum()):
        return True  # dotted name: stadt.muenster, muenchen.de
    a = start
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = end
    while b < len(text) and not text[b].isspace():
        b += 1
    return _URLISH.search(text, a, b) is not None


def _fix_umlauts(text: str, samples: list[tuple[str, str, str]], max_samples: int,
                 margin_known: float, margin_unknown: float) -> str:
    def fix(m: re.Match[str]) -> str:
        word = m.group()
        mid, initial = _word_fixes(word, margin_known, margin_unknown)
        if mid is None and initial is None:
            return word
        s, e = m.span()
        fixed = initial if (mid != initial and _sentence_initial(text, s)) else mid
        if fixed is None or _in_address(text, s, e):
            return word
        if len(samples) < max_samples:
            samples.append(("umlauts", word, fixed))
        return fixed

    return _WORD_RE.sub(fix, text)


# ---------------------------------------------------------------------------------------------
# whitespace
# ---------------------------------------------------------------------------------------------
_HSPACE_RUN = re.compile(r"[ \t]{2,}|\t")
_EDGE_SPACE = re.compile(r"[ \t]+$|^[ \t]+", re.MULTILINE)
_MANY_NEWLINES = re.compile(r"\n{3,}")


def _fix_whitespace(text: str) -> str:
    if not text or not ("\r" in text or "\t" in text or "  " in text or " \n" in text
                        or "\n " in text or "\n\n\n" in text or text[0].isspace() or text[-1].isspace()):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _HSPACE_RUN.sub(" ", text)
    text = _EDGE_SPACE.sub("", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


# ---------------------------------------------------------------------------------------------
# the cleaner
# ---------------------------------------------------------------------------------------------
class Cleaner:
    """Configurable text cleaning; :meth:`clean` returns a :class:`CleanResult`.

    Parameters
    ----------
    steps: the steps to run (default all of :attr:`STEPS`); they always run in ``STEPS`` order.
    umlauts: ``"auto"`` (default) repairs umlauts only in texts that look umlaut-stripped
        (:func:`looks_umlaut_stripped`); ``True`` always, ``False`` never.
    unicode_form: the normalisation form of the ``unicode`` step (``"NFC"``; ``None`` skips it).
    umlaut_margin_known: Zipf margin a repair needs over a word that is itself a known word.
    umlaut_margin_unknown: Zipf margin over a word the dictionary lacks but wordfreq has seen.
    umlaut_min_letters: length from which an umlaut-free German text counts as stripped (auto).
    max_changes: audit samples kept per word-level step and text.
    """

    STEPS = ("mojibake", "unicode", "controls", "soft_hyphens", "dehyphenate", "umlauts", "whitespace")

    def __init__(self, steps: Iterable[str] | None = None, *,
                 umlauts: Literal["auto"] | bool = "auto", unicode_form: str | None = "NFC",
                 umlaut_margin_known: float = UMLAUT_MARGIN_KNOWN,
                 umlaut_margin_unknown: float = UMLAUT_MARGIN_UNKNOWN,
                 umlaut_min_letters: int = UMLAUT_MIN_LETTERS, max_changes: int = 50) -> None:
        from framing.errors import ParameterError, check_choice

        if isinstance(steps, str):
            steps = [steps]
        chosen = set(self.STEPS if steps is None else steps)
        unknown = chosen - set(self.STEPS)
        if unknown:
            raise ParameterError(f"steps must be among {list(self.STEPS)}, got unknown {sorted(unknown)}")
        check_choice("umlauts", umlauts, ["auto", True, False])
        check_choice("unicode_form", unicode_form, list(_FORMS), allow_none=True)
        if umlauts is False:
            chosen.discard("umlauts")
        self.steps: tuple[str, ...] = tuple(s for s in self.STEPS if s in chosen)
        self.umlauts = umlauts
        self.unicode_form = unicode_form
        self.umlaut_margin_known = float(umlaut_margin_known)
        self.umlaut_margin_unknown = float(umlaut_margin_unknown)
        self.umlaut_min_letters = int(umlaut_min_letters)
        self.max_changes = int(max_changes)

    def __repr__(self) -> str:
        return f"Cleaner(steps={list(self.steps)!r}, umlauts={self.umlauts!r})"

    def clean(self, text: str) -> CleanResult:
        """Run the configured steps over ``text``; report which changed it."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        changed: list[str] = []
        samples: list[tuple[str, str, str]] = []
        for step in self.steps:
            before = text
            if step == "mojibake":
                text = _fix_mojibake(text)
            elif step == "unicode":
                text = _fix_unicode(text, self.unicode_form)
            elif step == "controls":
                text = _fix_controls(text)
            elif step == "soft_hyphens":
                text = _fix_soft_hyphens(text)
            elif step == "dehyphenate":
                step_samples: list[tuple[str, str, str]] = []
                text = _dehyphenate(text, step_samples, self.max_changes)
                samples.extend(step_samples)
            elif step == "umlauts":
                if self.umlauts == "auto" and not looks_umlaut_stripped(
                        text, min_letters=self.umlaut_min_letters):
                    continue
                step_samples = []
                text = _fix_umlauts(text, step_samples, self.max_changes,
                                    self.umlaut_margin_known, self.umlaut_margin_unknown)
                samples.extend(step_samples)
            elif step == "whitespace":
                text = _fix_whitespace(text)
            if text != before:
                changed.append(step)
        return CleanResult(text, tuple(changed), tuple(samples))

    __call__ = clean


def clean_text(text: str, **kwargs: object) -> CleanResult:
    """Clean one text with a :class:`Cleaner` built from ``kwargs`` (``steps=``, ``umlauts=`` …)."""
    return Cleaner(**kwargs).clean(text)  # type: ignore[arg-type]
