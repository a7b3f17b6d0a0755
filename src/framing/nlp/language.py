"""Cheap, deterministic per-document language identification (is this German?).

Why not a model: annotation only needs to know whether a document is German, so that a Turkish
or English press release in a German corpus is flagged (``not_german``) and not lemmatised with
German rules. The sample is the beginning, middle and end of the text (``SAMPLE_CHARS`` in all).
Two tests, both linear in the sample:

1. **Script**: when most letters are not Latin, the language is named after the script
   (``ar`` for Arabic script, ``ru`` for Cyrillic, ``el``, ``he``, ``zh``/``ja``/``ko`` for CJK,
   ``hi``, ``th``) — a script guess, not a language identification, and documented as such.
2. **Function words**: for Latin-script text, the share of words that are frequent function
   words of German or *unique to* one of English, Turkish, French, Spanish, Italian, Dutch,
   Polish, Portuguese (words of those lists that are also German — "an", "was", "will", "du",
   "das", "um" … — or that two of them share — "de", "la" … — are removed).
   German wins unless another language has more hits, at least 3 hits and at least 8 % of the
   words. Texts with fewer than 8 words are taken as German (headlines, captions): there is
   not enough evidence to flag them.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

SAMPLE_CHARS = 6_000
MIN_WORDS = 8

_FUNCTION_WORDS: dict[str, str] = {
    "de": "der das und ist nicht mit von den dem des sich auf für auch eine ein einer einen ich "
          "wird sind werden bei nach wie aus oder noch hat wir aber als zum zur im vom beim wurde "
          "wurden dass daß über unter durch gegen ohne sie er es ihr ihre sein seine uns kein "
          "keine nur schon sehr mehr dann doch jetzt hier dort man soll muss kann können müssen "
          "haben hatte hatten sei seien wenn weil denn sondern zwischen während diese dieser "
          "dieses bis seit wieder immer",
    "en": "the and of to is that for with was on are as be by this have from at it not or which "
          "they but his her their has had were been would will can there what when who all its "
          "also an if more about out up them into than these some could only other new our may "
          "should after over most such where why how very just being any does did",
    "tr": "ve bir bu için ile çok ne gibi daha olarak olan kadar ama mi şu ki her sonra ise "
          "değil var yok ben sen biz siz onlar bunu şey göre ancak veya hem ya üzere tarafından "
          "olduğu oldu olacak nasıl neden çünkü eğer bile diye şimdi",
    "fr": "le la les et est une des du que qui dans pour pas sur avec ce il elle sont au aux "
          "par plus mais ou nous vous leur été être avoir fait cette ces ses son sa comme aussi",
    "es": "el los las y que del por con una para es su se lo como más pero sus le ya o este "
          "sí porque esta entre cuando muy sin sobre también hasta hay donde quien desde todo",
    "it": "il di che e la per un una sono non con si gli le della del dei delle nel nella "
          "questo anche come più ma ha stato essere alla alle degli perché",
    "nl": "het een en van is dat op te zijn voor met niet aan er maar om ook als bij nog wel "
          "naar uit worden wordt door hun dit deze kan geen meer heeft",
    "pl": "i w nie na się z do to że jest o jak ale po co tak za od są przez czy jego już być "
          "jej ich może tylko który która które oraz dla",
    "pt": "o os as e que do da em um uma para com não por mais dos das como mas foi ao ele "
          "ela seu sua ou ser quando muito há nos já está também só pelo pela",
}

#: German words that look like function words of other languages; never evidence against German
_GERMAN_HOMOGRAPHS = frozenset(
    "an was will also all du plus per um das ich er als es so am in man hat war die den wer "
    "wo da ja na nu oh o e i a mal her hin bald fast most rat gift kind bad arm see".split())


def _unique_sets() -> dict[str, frozenset[str]]:
    """German keeps its whole list; other lists lose German words and words shared with each other."""
    german = set(_FUNCTION_WORDS["de"].split())
    blocked = german | _GERMAN_HOMOGRAPHS
    others = {lang: set(words.split()) - blocked for lang, words in _FUNCTION_WORDS.items() if lang != "de"}
    counts: dict[str, int] = {}
    for s in others.values():
        for w in s:
            counts[w] = counts.get(w, 0) + 1
    out = {"de": frozenset(german)}
    out.update({lang: frozenset(w for w in s if counts[w] == 1) for lang, s in others.items()})
    return out


FUNCTION_WORDS: dict[str, frozenset[str]] = _unique_sets()
_WORD_LANG: dict[str, str] = {w: lang for lang, ws in FUNCTION_WORDS.items() for w in ws}
_PUNCT_RE = re.compile(r"[.,;:!?\"„“”‚‘’»«()\[\]–—…/*]")

_LATIN_RE = re.compile(r"[A-Za-z\u00C0-\u024F]")
_NON_LATIN_RE = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ar", re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")),
    ("ru", re.compile(r"[\u0400-\u04FF]")),
    ("el", re.compile(r"[\u0370-\u03FF]")),
    ("he", re.compile(r"[\u0590-\u05FF]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF]")),
    ("ja", re.compile(r"[\u3040-\u30FF]")),
    ("ko", re.compile(r"[\uAC00-\uD7AF]")),
    ("hi", re.compile(r"[\u0900-\u097F]")),
    ("th", re.compile(r"[\u0E00-\u0E7F]")),
)


class LanguageGuess(NamedTuple):
    """Result of :func:`detect_language`: ISO 639-1 code and the evidence share (0–1)."""

    language: str
    score: float


def detect_language(text: str, sample_chars: int = SAMPLE_CHARS) -> LanguageGuess:
    """Guess the language of ``text`` (see module docstring); ``"de"`` when in doubt."""
    if text and len(text) > sample_chars:  # beginning, middle and end
        k = sample_chars // 3
        mid = len(text) // 2
        sample = " ".join((text[:k], text[mid - k // 2:mid + k // 2], text[-k:]))
    else:
        sample = text or ""
    if not sample.strip():
        return LanguageGuess("de", 0.0)
    other = len(_NON_LATIN_RE.findall(sample))  # usually 0: one scan, no matches
    if other:
        latin = len(_LATIN_RE.findall(sample))
        if other > latin:
            best_count, best_script = max((len(rx.findall(sample)), code) for code, rx in _SCRIPTS)
            return LanguageGuess(best_script if best_count else "und", other / (latin + other))
    words = _PUNCT_RE.sub(" ", sample.lower()).split()
    n = sum(1 for w in words if any(ch.isalpha() for ch in w)) if len(words) < 50 else len(words)
    if n < MIN_WORDS:
        return LanguageGuess("de", 0.0)
    scores = dict.fromkeys(FUNCTION_WORDS, 0)
    counts = Counter(words)
    lang_of = _WORD_LANG
    for w in counts.keys() & lang_of.keys():
        scores[lang_of[w]] += counts[w]
    de = scores.pop("de")
    lang, hits = max(scores.items(), key=lambda kv: (kv[1], kv[0]))
    if hits > de and hits >= 3 and hits / n >= 0.08:
        return LanguageGuess(lang, hits / n)
    return LanguageGuess("de", de / n)


def is_german(text: str) -> bool:
    """True unless :func:`detect_language` finds another language."""
    return detect_language(text).language == "de"
