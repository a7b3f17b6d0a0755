"""Regex tokeniser and sentence splitter for German press text (no model, no download).

Why our own: the offline backend must be fast (hundreds of thousands of tokens per second) and
must keep the units that discourse analysis counts as *one* token, where general-purpose
tokenisers split them: hyphenated compounds (``CDU-Fraktion``, ``A40-Brücke``,
``Nord-Süd-Gefälle``), elided compound parts (``Ein-`` in ``Ein- und Ausreise``, ``-unterkünfte``
in ``Heime und -unterkünfte``) and gender-inclusive forms (``Mitbürger*innen``,
``Mitbürger:innen``, ``Mitbürger/-innen``, ``Bürger(innen)``).

Rules (in the order the regex tries them):

1. URLs (``https://…``, ``www.…``) and e-mail addresses are one token (trailing punctuation
   is not part of them); so is a word with a common top-level domain (``waz.de``).
2. Multi-part abbreviations with or without inner space are one token: ``z.B.``, ``z. B.``,
   ``u. a.``, ``d. h.``, ``i. d. R.``, ``e. V.`` …
3. Gender-inclusive forms are one token (see :mod:`framing.nlp.gender` for the rules).
4. Formatted numbers are one token: dates ``12.03.2016``, times ``18.30``/``10:30``, money
   ``5,50``, thousands ``20.000``; a hyphenated continuation stays attached (``3,5-prozentig``).
   Units and currency are separate tokens (``5,50`` ``€``, ``70`` ``%``), as in UD German GSD.
5. Words: letters/digits joined by hyphens (``Nord-Süd-Gefälle``) or inner apostrophes
   (``geht's``, ``Ku'damm``); soft hyphens (U+00AD) inside words are kept in the surface form.
   A trailing hyphen before a space, comma or slash is kept (``Ein-`` in ``Ein- und Ausreise``);
   a leading hyphen after a space and before a lower-case letter too (``-unterkünfte``).
6. Runs of dots (``...``, ``....``) and of hyphens (``--``), the ellipsis ``…``, the ASCII
   quote pairs (two backticks, two apostrophes: TIGER/GSD style) and emoticons with a nose
   (``:-)``) are one token; every other punctuation mark, every quotation mark
   („ “ ” » « ‚ ‘ ’ › ‹ ") and every bracket is its own token; ``!!`` is two tokens.
7. Emoji (including ZWJ sequences, skin-tone modifiers, flags) are one token each.
8. Control characters and zero-width characters separate tokens and are never part of one.

After the regex, a pass over the full stops joins ``Wort`` + ``.`` when ``Wort.`` is a known
abbreviation (``Nr.``, ``Dr.``, ``St.``, ``bzw.``, ``ca.``, ``Str.``, ``Abs.``, ``Jh.`` …; see
:data:`ABBREVIATIONS`), a single letter (initials ``H. Müller``, ``S. 12``), or an ordinal number
(``3. Oktober``, ``am 3. Tag``, ``zum 67. meines``, enumerations ``2. Soziale …`` at the start of
a line): a number is an ordinal when the next word is lower-case, a month or an ordinal-taking
noun (``Jahrhundert``, ``Platz``, ``Stock`` …), or the word before is an article or preposition.

Sentences end after ``.``, ``!``, ``?``, ``…``/``...`` (plus adjacent closing quotes and
brackets) when the next token does not start with a lower-case letter or ``,;:)``; after
``usw.``/``etc.`` before a capitalised word; and at every blank line (paragraph break: titles
and headlines without a full stop become sentences of their own). Sentences longer than
``max_sentence_tokens`` (default 1,000) are cut into pieces of that length, so a 2 MB text
without a single full stop cannot produce a sentence that breaks later stages.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import accumulate, pairwise
from operator import add, sub
from typing import NamedTuple

TOKENIZER_VERSION = "1"
MAX_SENTENCE_TOKENS = 1000

# -- abbreviations ---------------------------------------------------------------------------
#: single-part abbreviations, including their full stop (case-sensitive; see _abbrev_variants)
ABBREVIATIONS: frozenset[str] = frozenset("""
Abb. Abg. Abh. Abk. Abs. Abschn. Abt. Adr. Akad. allg. alt. amtl. Anh. Anl. Anm. Apr. App. Art.
Aufl. Aug. Ausg. Az. Bd. Bde. Bearb. begr. Beil. Bem. Ber. bes. Best. betr. Bev. Bez. Bhf. bzgl.
bspw. Bsp. bzw. ca. Chr. Co. Cie. dgl. Di. Dipl. Dir. Do. Doz. Dr. dt. Dt. Dtzd. ebd. Ebd. ehem.
eigtl. einschl. engl. entspr. erg. Erw. ev. Ev. evtl. exkl. Fa. Feb. Febr. ff. Fn. Forts. Fr. frz.
Frl. Gebr. geb. Gem. gem. gen. Ges. gesch. gest. ggf. ggü. Hbf. hg. Hg. Hr. Hrn. Hrsg. hrsg. Ing.
inkl. insb. insbes. Inh. Jan. Jg. Jgg. Jh. Jhd. Jhdt. jew. Jr. jr. jun. Jul. Jun. Kap. kath. Kfm.
kfm. Kl. Kr. Kreisstr. Ldkr. led. Lfg. Lkr. lt. Ltd. Mag. Mi. Min. mind. Mind. Mio. Mo. Mr.
Mrd. Mrs. Ms. Mrz. mtl. Mz. Nachf. Nov. Nr. Nrn. näml. o. Obb. Okt. örtl. österr. Pf. Pfr. Pkt.
Pl. Pr. Präs. Prof. Prov. Pseud. Rd. rd. Reg. Rel. Rh. röm. Sa. sen. Sek. Sep. Sept. Sg. sog.
Sr. St. Std. stellv. Str. stv. Tab. Tel. Tsd. tägl. Tl. u. ugs. Univ. urspr. usf. usw. etc. Verf.
verh. Verl. Vers. vgl. Vgl. Vol. Vors. vs. Wdh. Wwe. Ziff. Zi. zit. zus. zw. zzgl. zzt. Ztg.
""".split())

#: abbreviations after which a sentence may end (before a capitalised word)
SENTENCE_FINAL_ABBREVIATIONS: frozenset[str] = frozenset({"usw.", "etc.", "usf.", "u.ä.", "u. ä.",
                                                          "u.v.m.", "u. v. m.", "ff."})

#: multi-part abbreviations (written here without spaces; matched with optional inner spaces)
MULTI_ABBREVIATIONS: tuple[str, ...] = (
    "i.d.R.", "u.v.m.", "z.Zt.", "z.Hd.", "n.Chr.", "v.Chr.", "a.d.", "z.B.", "z.T.", "u.a.",
    "u.ä.", "u.U.", "d.h.", "v.a.", "o.ä.", "o.g.", "s.o.", "s.u.", "i.A.", "i.V.", "e.V.",
    "m.E.", "u.E.", "a.D.", "a.M.", "i.R.", "g.g.", "k.o.", "m.W.", "o.O.", "u.g.", "z.Z.",
    "Z.B.", "U.a.", "D.h.", "V.a.", "U.U.", "E.V.",
)

MONTHS: frozenset[str] = frozenset(
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember "
    "Jänner Jan. Feb. Febr. Mrz. Apr. Jun. Jul. Aug. Sep. Sept. Okt. Nov. Dez.".split())

#: capitalised nouns that typically follow an ordinal number ("im 6. Stock")
ORDINAL_NOUNS: frozenset[str] = frozenset(
    "Jahrhundert Jahrhunderts Jahrtausend Jahrtausends Platz Platzes Stock Stocks Etage Klasse "
    "Liga Runde Mal Spieltag Spieltags Bundesliga Kreisliga Landesliga Oberliga Regionalliga "
    "Geburtstag Geburtstags Jubiläum Jahrestag Jahrestags Kapitel Artikel Absatz Lebensjahr "
    "Lebensjahres Lebensjahrs Legislaturperiode Sitzung Quartal Quartals Semester Halbjahr "
    "Halbzeit Minute Woche Tag Tages Monat Monats Juli Wahlperiode Auflage Folge Teil Ausgabe "
    "Reihe Bauabschnitt Kalenderwoche KW Sinfonie Symphonie Weltkrieg Weltkriegs Preis "
    "Staffel Hälfte Grades Grad Bezirk Stadtbezirk Ratssitzung Kommandeurstagung".split())

#: words after which "N." is an ordinal ("am 3.", "der 35.")
ORDINAL_PRECEDERS: frozenset[str] = frozenset(
    "am Am im Im zum Zum vom Vom beim bis Bis ab Ab seit Seit zur Zur der Der die Die das Das "
    "den dem des ihr ihre ihrem ihren ihres sein seine seinem seinen seines ein eine einem "
    "einen einer jeder jede jedem jeden jedes dieser diese diesem diesen dieses".split())

# -- character classes -----------------------------------------------------------------------
_W = r"[^\W_]"  # letter or digit (no underscore)
_WW = r"[\w\u00AD]"  # word char incl. underscore and soft hyphen (inside words)
_HY = r"[-\u2010\u2011]"  # hyphen, Unicode hyphen, non-breaking hyphen
_EMOJI_CHAR = (r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u231A\u231B\u23E9-\u23FA"
               r"\u2300-\u23FF\u2190-\u21FF\u3297\u3299\u303D\u00A9\u00AE\u2122]")
_EMOJI_MOD = r"(?:\uFE0F|\u20E3|[\U0001F3FB-\U0001F3FF]|[\U000E0020-\U000E007F])"
_EMOJI = rf"(?:{_EMOJI_CHAR}{_EMOJI_MOD}*(?:\u200D{_EMOJI_CHAR}{_EMOJI_MOD}*)*)"
#: characters that never belong to a token (C0/C1 controls, zero-width, BOM, separators)
_INVISIBLE = r"\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202f\u2060-\u2064\ufeff"
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
EMOJI_RE = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u231A\u231B\u23E9-\u23FA]")

_WORD = rf"{_WW}+(?:['’]{_W}+)*(?:{_HY}{_WW}+(?:['’]{_W}+)*)*"
#: plain word forms ("Nord-Süd-Gefälle", "Mitbürger"): a fast scan for a text's vocabulary, not a
#: tokeniser (abbreviations, numbers, gender forms and URLs come out in pieces)
WORD_RE = re.compile(_WORD)
_URL = (r"(?:(?:https?|ftp)://|www\.)[^\s<>\"«»„“”‚‘\x00-\x1f]*[^\s<>\"«»„“”‚‘\x00-\x1f.,;:!?)\]}'’]")
_DOMAIN_TAIL = r"\.(?:de|com|org|net|eu|info|nrw|ruhr)(?![\w-])"
_EMAIL = r"[\w.+-]*\w@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
_MULTI_ABBR = "|".join(
    r"\s?".join(re.escape(part) + r"\." for part in a.rstrip(".").split("."))
    for a in sorted(MULTI_ABBREVIATIONS, key=len, reverse=True))
_GENDER = (r"[A-ZÄÖÜ]" + _WW + r"*?[a-zäöüß]"
           r"(?:(?:[*_·•]|/-?)[iI](?:nnen(?:[a-zäöüß]+)?|n)|:i(?:nnen(?:[a-zäöüß]+)?|n)"
           r"|\([iI](?:nnen|n)\)(?:[a-zäöüß]+)?)"
           rf"(?:{_HY}{_WW}+)*(?![\w])")
_NUMBER = rf"\d+(?:[.,:]\d+)+(?:{_HY}{_WW}+)*"
_DATE_DOT = r"\d{1,2}\.\d{1,2}\.(?=\s+(?:\d|[a-zäöüß]))"


_GAP = rf"([\s{_INVISIBLE}]*)"


def _pattern(with_email: bool, with_gender: bool) -> re.Pattern[str]:
    alts = [_URL]
    if with_email:
        alts.append(_EMAIL)
    alts.append(rf"(?<![\w.])(?=[A-Za-zÄÖÜäöü]{{1,3}}\.)(?:{_MULTI_ABBR})")
    if with_gender:
        alts.append(_GENDER)
    alts += [
        _DATE_DOT,
        _NUMBER,
        rf"(?<![^\s(„\"»«/]){_HY}(?=[a-zäöüß]){_WORD}",  # -unterkünfte
        rf"{_WORD}(?:{_DOMAIN_TAIL}|{_HY}(?=[\s/,]|$))?",  # words; waz.de; Ein- (elided)
        r"(?<!\S)['’][sn](?!\w)",  # 's, 'n ("Donner 's Hotel", "so 'n")
        r"\.{2,}|-{2,}|``|''|…|[:;]-[()DPp]|(?<!\S)[:;][()](?!\S)",
        _EMOJI,
        rf"[^\s{_INVISIBLE}]",
    ]
    # group 1: the separator before a token (whitespace, control and zero-width characters),
    # group 2: the token; every character of a text falls into one of them, so offsets are sums
    return re.compile(_GAP + "(" + "|".join(f"(?:{a})" for a in alts) + ")")


@cache
def _get_pattern(with_email: bool, with_gender: bool) -> re.Pattern[str]:
    return _pattern(with_email, with_gender)


_GENDER_HINT = re.compile(r"[a-zäöüß](?:[*:_·•/]-?|\()[iI]n")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")
_SENT_END = frozenset({".", "!", "?", "…", "?!", "!?", "‼", "⁉"})
_SENT_CANDIDATES = _SENT_END | SENTENCE_FINAL_ABBREVIATIONS | frozenset("." * k for k in range(2, 12))
_CLOSERS = frozenset({'"', "“", "”", "«", "»", "‘", "’", "'", "''", ")", "]", "}", "›", "‹"})
_NO_BREAK_BEFORE = frozenset(",;:)]}%")


class TokenizedText(NamedTuple):
    """Tokens of one text: surface forms, character offsets and sentence numbers."""

    texts: list[str]
    starts: list[int]
    ends: list[int]
    sent_ids: list[int]
    n_capped: int  # sentences that were cut at max_sentence_tokens


def _spans(text: str) -> tuple[list[str], list[int], list[int]]:
    pat = _get_pattern("@" in text, _GENDER_HINT.search(text) is not None)
    end = len(text)
    while end and (text[end - 1].isspace() or not text[end - 1].isprintable()):
        end -= 1  # no trailing separators: the gap group would backtrack over them
    pairs = pat.findall(text, 0, end)
    if not pairs:
        return [], [], []
    gaps, texts = zip(*pairs)
    lens = list(map(len, texts))
    # end of token i = sum of all gaps and tokens up to i
    ends = list(accumulate(map(add, map(len, gaps), lens)))
    starts = list(map(sub, ends, lens))
    return list(texts), starts, ends


def _positions(items: list[str], value: str) -> list[int]:
    """Indices of ``value`` in ``items`` (list.index runs in C: much faster than a Python loop)."""
    out: list[int] = []
    i = -1
    index = items.index
    try:
        while True:
            i = index(value, i + 1)
            out.append(i)
    except ValueError:
        return out


def _present_candidates(texts: list[str]) -> list[str]:
    """The sentence-final strings that occur in ``texts`` (common ones first, rare ones by a set test)."""
    present = [t for t in (".", "!", "?", "…") if t in texts]
    rare = _SENT_CANDIDATES - {".", "!", "?", "…"}
    return present + sorted(rare.intersection(texts))


def _is_ordinal(texts: list[str], starts: list[int], ends: list[int], i: int, text: str) -> bool:
    """``texts[i]`` is a number directly followed by ``.`` at ``i+1``: is it an ordinal?"""
    num = texts[i]
    if len(num) > 3:
        return False
    n = len(texts)
    if i + 2 < n:
        nxt = texts[i + 2]
        c = nxt[0]
        if c.islower() or nxt in MONTHS or nxt in ORDINAL_NOUNS:
            return True
        if c.isdigit() and len(num) <= 2 and "." in nxt:  # 3.10. 2016
            return True
    if len(num) <= 2 and i > 0 and texts[i - 1][-1:] == "." and texts[i - 1][:-1].isdigit():
        return True  # second part of a spaced date: "3. 10. 2016"
    if i > 0 and texts[i - 1] in ORDINAL_PRECEDERS and i + 2 < n:
        return True
    # enumeration at the start of a line/text: "2. Soziale Bewegungen …"
    line_start = text.rfind("\n", 0, starts[i]) + 1
    return not text[line_start:starts[i]].strip() and i + 2 < n


def _join_periods(texts: list[str], starts: list[int], ends: list[int], text: str) -> None:
    """Join ``X`` + ``.`` into one token for abbreviations, initials and ordinals (in place)."""
    idx = _positions(texts, ".")
    if not idx:
        return
    drop: list[int] = []
    n = len(texts)
    for i in idx:
        j = i - 1
        if j < 0 or ends[j] != starts[i] or (drop and drop[-1] == j):
            continue
        w = texts[j]
        cand = w + "."
        if cand in ABBREVIATIONS:
            merge = True
        elif len(w) == 1 and w.isalpha():
            # initials and single-letter abbreviations: "H. Müller", "S. 12", "a. M."
            merge = i + 1 < n and texts[i + 1] not in _SENT_END
        elif w.isdigit():
            merge = _is_ordinal(texts, starts, ends, j, text)
        else:  # sentence-initial capitalised abbreviation: "Ca.", "Vgl."
            merge = w[0].isupper() and (w[0].lower() + w[1:] + ".") in ABBREVIATIONS
        if merge:
            texts[j] = cand
            ends[j] = ends[i]
            drop.append(i)
    if drop:
        dropset = set(drop)
        keep = [k for k in range(n) if k not in dropset]
        texts[:] = [texts[k] for k in keep]
        starts[:] = [starts[k] for k in keep]
        ends[:] = [ends[k] for k in keep]


def _sentence_starts(texts: list[str], starts: list[int], ends: list[int], text: str) -> list[int]:
    """Token indices at which a new sentence starts (always including 0 when there are tokens)."""
    n = len(texts)
    if n == 0:
        return []
    begins = {0}
    cands = sorted(i for t in _present_candidates(texts) for i in _positions(texts, t))
    for i in cands:
        t = texts[i]
        if t in SENTENCE_FINAL_ABBREVIATIONS:
            if i + 1 < n and texts[i + 1][0].isupper() and ends[i] < starts[i + 1]:
                begins.add(i + 1)
            continue
        j = i
        while j + 1 < n and texts[j + 1] in _SENT_END and ends[j] == starts[j + 1]:
            j += 1
        while j + 1 < n and texts[j + 1] in _CLOSERS and ends[j] == starts[j + 1]:
            j += 1
        k = j + 1
        if k >= n:
            continue
        c = texts[k][0]
        if c.islower() or c in _NO_BREAK_BEFORE or texts[k] in _SENT_END:
            continue
        begins.add(k)
    if "\n" in text:
        for m in _PARAGRAPH.finditer(text):
            k = bisect_left(starts, m.end())
            if 0 < k < n:
                begins.add(k)
    return sorted(begins)


def tokenize_text(text: str, max_sentence_tokens: int = MAX_SENTENCE_TOKENS) -> TokenizedText:
    """Tokenise ``text`` and split it into sentences (see the module docstring for the rules)."""
    if not text:
        return TokenizedText([], [], [], [], 0)
    texts, starts, ends = _spans(text)
    if "." in text:
        _join_periods(texts, starts, ends, text)
    begins = _sentence_starts(texts, starts, ends, text)
    n = len(texts)
    sent_ids: list[int] = []
    capped = 0
    sid = 0
    limit = max(1, int(max_sentence_tokens))
    bounds = begins + [n]
    for a, b in pairwise(bounds):
        length = b - a
        if length <= limit:
            sent_ids.extend([sid] * length)
            sid += 1
        else:
            for c in range(a, b, limit):
                sent_ids.extend([sid] * (min(b, c + limit) - c))
                sid += 1
            capped += 1
    return TokenizedText(texts, starts, ends, sent_ids, capped)


def tokenize(text: str) -> list[str]:
    """The tokens of ``text`` as strings (convenience wrapper of :func:`tokenize_text`)."""
    return tokenize_text(text).texts


def sentences(text: str) -> list[list[str]]:
    """The sentences of ``text`` as lists of token strings."""
    tt = tokenize_text(text)
    out: list[list[str]] = []
    for tok, sid in zip(tt.texts, tt.sent_ids):
        if sid == len(out):
            out.append([])
        out[sid].append(tok)
    return out
