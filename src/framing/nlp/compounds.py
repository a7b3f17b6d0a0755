"""German compound analysis: split nouns into lemma parts so lexicons can match heads and modifiers.

"Flüchtlingsunterkunft" → ``("Flüchtling", "Unterkunft")``, "Asylbewerberheim" →
``("Asyl", "Bewerber", "Heim")``, "Nord-Süd-Gefälle" → ``("Nord", "Süd", "Gefälle")``.

Policy (docs/guide/compounds.md):

* parts are lemmas: nouns capitalised in the nominative singular with the linking element removed
  ("Flüchtlings" → "Flüchtling", "Sprach" → "Sprache", "Kräfte" → "Kraft"); verb-stem modifiers
  are given as the lower-case infinitive ("Wohnheim" → "wohnen|Heim"), adjective modifiers as the
  lower-case base form ("Sozialwohnung" → "sozial|Wohnung");
* compounds are split recursively into words that are used on their own, but never inside a
  lexicalised word ("Bürgermeister", "Leerstand", "Unterkunft", "Bahnhof", "Fachkraft"; list in
  ``framing/resources/compounds/lexicalised.txt``, extendable per splitter);
* every part must be a word of its own: at least ``min_part_length`` letters and a wordfreq Zipf
  frequency of at least ``min_zipf``; a part that fails is glued back to its neighbour;
* hyphens always separate parts ("CDU-Fraktion" → "CDU|Fraktion").

Engines: ``"hybrid"`` (default: HanTa's morphological analysis, then a frequency-based fallback
for nouns HanTa leaves whole), ``"hanta"`` (HanTa only) and ``"frequency"`` (a Koehn & Knight style
splitter over wordfreq; noun modifiers only). The benchmark ``benchmarks/bench_compounds.py``
measures them on a hand-checked list.

HanTa and wordfreq load lazily on the first split, so importing this module is cheap.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from framing.errors import ParameterError, check_choice, check_positive

__all__ = [
    "CompoundSplitter",
    "compound_columns",
    "split_compound",
    "default_splitter",
    "load_lexicalised",
    "ENGINES",
]

ENGINES: tuple[str, ...] = ("hybrid", "hanta", "frequency")

# linking elements (Fugenelemente) tried by the frequency engine, longest first
_LINKS: tuple[str, ...] = ("ens", "es", "en", "er", "ns", "s", "n", "e", "")
# strings that look like nouns but are derivational suffixes when they end a word
_SUFFIX_HEADS: frozenset[str] = frozenset({
    "schaft", "schaften", "tum", "heit", "keit", "ling", "nis", "ung", "ler", "ner", "lein", "chen",
    "tät", "ion", "ismus", "ist", "ant", "ent", "ei", "erei", "ie", "ik", "ur",
})
# HanTa tags of morphemes that start a new part
_NOUN_TAGS = frozenset({"NN", "NE", "NN_VAR", "NN_VAR_EL", "ACR_NE", "ACR_NN", "NNA", "FM"})
_VERB_TAGS = frozenset({"VV", "VA", "VM"})
_ADJ_TAGS = frozenset({"ADJ", "ADJA", "ADJD"})
_PARTICLE_TAGS = frozenset({"ADV", "APPR", "PTKVZ", "CARD", "PREF"})

# tags of words that are never the modifier of a noun compound in the frequency engine
_FUNCTION_TAGS: tuple[str, ...] = ("APPR", "APPO", "ADV", "PTK", "PAV", "KO", "ART", "PPER", "PIS", "PD",
                                   "PREF", "PROAV")
# lower-case readings that show a string is no noun (prepositions, particles, interjections, pronouns ...)
_CLOSED_TAGS: tuple[str, ...] = _FUNCTION_TAGS + ("ITJ", "PIAT", "PDAT", "PDS", "PPOS", "PRF", "PW", "PRELS",
                                                  "KON", "KOUS", "KOKOM", "CARD", "APZR")
# the frequency engine (used alone or as fallback) only accepts parts at least this frequent
_FALLBACK_MIN_ZIPF = 2.0
# the frequency engine makes three or more parts only from words at least this frequent
_DEEP_MIN_ZIPF = 3.0

_HANTA_LOCK = threading.Lock()
_HANTA: Any = None


def _hanta() -> Any:
    """The process's HanTa model, shared with the offline backend's tagger (one load, one
    cache of word analyses; :func:`framing.nlp.morphology.shared_hanta`)."""
    global _HANTA
    if _HANTA is None:
        with _HANTA_LOCK:
            if _HANTA is None:
                from framing.nlp.morphology import shared_hanta

                _HANTA = shared_hanta()
    return _HANTA


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    """wordfreq Zipf frequency of a lower-case German word form (0 if unknown), the same number
    as ``wordfreq.zipf_frequency(word, "de")``: from framing's compact copy of wordfreq's list
    where this process has it or it is cached on disk (ingest builds it), else from wordfreq's
    data file read directly (:func:`framing.corpus.wordfreq_de.zipf_lookup`; wordfreq's own
    import and tokenizer cost several times more)."""
    from framing.corpus import wordfreq_de

    return wordfreq_de.zipf_lookup()(word)


@lru_cache(maxsize=300_000)
def _hanta3(word: str) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """One HanTa analysis: lemma (as ``analyze(word)`` gives it), morphemes ``((morph, tag), ...)``, tag."""
    tagger = _hanta()
    stem, morphs, tag = tagger.analyze(word, taglevel=3)
    lemma = tagger.makelemma([stem], tag)  # what taglevel=1 returns, without a second analysis
    return str(lemma), tuple((str(m), str(t)) for m, t in morphs), str(tag)


def _analyze(word: str) -> tuple[str, str]:
    """HanTa lemma and STTS-like tag of one word."""
    lemma, _, tag = _hanta3(word)
    return lemma, tag


def _morphs(word: str) -> tuple[tuple[str, str], ...]:
    """HanTa's morpheme segmentation ``((morph, tag), ...)`` of one word."""
    return _hanta3(word)[1]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _deumlaut(s: str) -> str:
    return s.replace("äu", "au").replace("ä", "a").replace("ö", "o").replace("ü", "u")


def _is_noun(word: str) -> bool:
    """Whether HanTa reads the capitalised word as a common noun."""
    return _analyze(_cap(word))[1] in ("NN", "NNA")


def load_lexicalised(path: str | Path | None = None) -> frozenset[str]:
    """Read a list of lexicalised words (one per line, ``#`` comments); default: the shipped list."""
    if path is None:
        text = resources.files("framing").joinpath("resources/compounds/lexicalised.txt").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(w.lower() for w in words if w)


@dataclass
class _Unit:
    """One part under construction: its surface text, the morphemes' tag and the linking element."""

    surface: str          # lower-case surface of the part without the linking element
    tag: str              # HanTa tag of the part's core morpheme
    start: int            # offset in the (lower-cased) word
    fuge: str = ""        # linking element that follows the part
    suffixes: list[tuple[str, str]] = field(default_factory=list)
    lemma: str = ""       # the part's lemma (filled by _lemmatise)

    @property
    def end(self) -> int:
        return self.start + len(self.surface)


def _load_exceptions(exceptions: Mapping[str, str | Sequence[str] | None] | str | Path | None
                     ) -> dict[str, tuple[str, ...] | None]:
    """Normalise user exceptions to ``{lower-case word: parts or None (= never split)}``."""
    if exceptions is None:
        return {}
    if isinstance(exceptions, (str, Path)):
        rows: dict[str, str | Sequence[str] | None] = {}
        for line in Path(exceptions).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            word, _, parts = line.partition("\t")
            rows[word.strip()] = parts.strip() or None
        exceptions = rows
    out: dict[str, tuple[str, ...] | None] = {}
    for word, parts in exceptions.items():
        if parts is None:
            out[word.lower()] = None
        elif isinstance(parts, str):
            out[word.lower()] = tuple(p for p in parts.split("|") if p)
        else:
            out[word.lower()] = tuple(parts)
    return out


class CompoundSplitter:
    """Split German nouns into lemma parts (see the module docstring for the policy).

    ``engine``: ``"hybrid"`` (default), ``"hanta"`` or ``"frequency"``. ``min_part_length``:
    shortest part (letters) that may stand alone; ``min_zipf``: least wordfreq Zipf frequency of a
    part. ``exceptions``: ``{word: "A|B"}`` fixed analyses (``None`` or the word itself = never
    split), or a path to a TSV ``word<TAB>A|B``. ``lexicalised``: extra words never split, also not
    inside longer compounds; ``use_builtin_lexicalised=False`` drops the shipped list.
    Results are cached per word (``cache_size`` distinct words).
    """

    def __init__(self, engine: str = "hybrid", *, min_part_length: int = 3, min_zipf: float = 1.5,
                 exceptions: Mapping[str, str | Sequence[str] | None] | str | Path | None = None,
                 lexicalised: Iterable[str] | str | Path | None = None,
                 use_builtin_lexicalised: bool = True, cache_size: int = 500_000) -> None:
        check_choice("engine", engine, ENGINES)
        check_positive("min_part_length", min_part_length)
        self.engine = engine
        self.min_part_length = int(min_part_length)
        self.min_zipf = float(min_zipf)
        self.exceptions = _load_exceptions(exceptions)
        lex = set(load_lexicalised()) if use_builtin_lexicalised else set()
        if isinstance(lexicalised, (str, Path)):
            lex |= load_lexicalised(lexicalised)
        elif lexicalised is not None:
            lex |= {w.lower() for w in lexicalised}
        self.lexicalised: frozenset[str] = frozenset(lex)
        self._fallback_zipf = max(self.min_zipf, _FALLBACK_MIN_ZIPF)
        self._split_cached = lru_cache(maxsize=cache_size)(self._split_uncached)

    def settings(self) -> dict[str, Any]:
        """What changes the output (for annotation cache keys)."""
        import hashlib

        digest = hashlib.sha1("\n".join(sorted(self.lexicalised)).encode("utf-8")
                              + repr(sorted(self.exceptions.items())).encode("utf-8")).hexdigest()[:12]
        return {"engine": self.engine, "min_part_length": self.min_part_length, "min_zipf": self.min_zipf,
                "lists": digest}

    def __repr__(self) -> str:
        return (f"CompoundSplitter(engine={self.engine!r}, min_part_length={self.min_part_length}, "
                f"min_zipf={self.min_zipf})")

    # -- public ------------------------------------------------------------------------------
    def split(self, word: str) -> tuple[str, ...]:
        """Lemma parts of ``word`` (one part if it is not a compound); empty tuple for empty input."""
        if not isinstance(word, str):
            return ()
        word = word.strip()
        if not word:
            return ()
        return self._split_cached(word)

    def head(self, word: str) -> str | None:
        """The head (last part) of ``word``."""
        parts = self.split(word)
        return parts[-1] if parts else None

    def cache_info(self) -> Any:
        """``functools.lru_cache`` statistics of the per-word cache."""
        return self._split_cached.cache_info()

    # -- implementation ----------------------------------------------------------------------
    def _split_uncached(self, word: str) -> tuple[str, ...]:
        fixed = self.exceptions.get(word.lower(), ())
        if fixed is None:
            return (word,)
        if fixed:
            return fixed
        if "-" in word:
            pieces = [p.strip("/.,;:()[]'\"") for p in word.split("-")]
            pieces = [p for p in pieces if p]
            if len(pieces) > 1:
                out: list[str] = []
                for k, piece in enumerate(pieces):
                    parts = self._split_piece(piece)
                    if k < len(pieces) - 1 and piece.isalpha() and not piece.isupper():
                        parts = parts[:-1] + (self._strip_link(parts[-1]),)
                    out.extend(parts)
                return tuple(out)
            word = pieces[0] if pieces else word
        return self._split_piece(word)

    @staticmethod
    def _strip_link(part: str) -> str:
        """Drop a linking element before a hyphen ("Integrations-Netzwerk" → "Integration")."""
        for link in ("es", "s", "en", "n"):
            if part.endswith(link) and len(part) - len(link) >= 3:
                lemma, tag = _analyze(part)
                if tag in ("NN", "NE") and lemma == part[: -len(link)] and _zipf(lemma.lower()) > _zipf(part.lower()):
                    return lemma
        return part

    def _split_piece(self, word: str) -> tuple[str, ...]:
        """Split one hyphen-free piece."""
        fixed = self.exceptions.get(word.lower(), ())
        if fixed is None:
            return (word,)
        if fixed:
            return fixed
        if (not word.isalpha() or word.isupper() or len(word) < 2 * self.min_part_length
                or word.lower() in self.lexicalised):
            # numbers, acronyms ("CDU", "IV"), short words and lexicalised words stay whole
            return (word,)
        units: list[_Unit] | None = None
        if self.engine in ("hybrid", "hanta"):
            units = self._hanta_units(word)
            if units and (units[-1].tag not in _NOUN_TAGS
                          or any(t.startswith(("SUF_INF", "SUF_FIN", "SUF_ADJ", "SUF_PP"))
                                 for _, t in units[-1].suffixes)):
                # no noun head: a nominalised verb or adjective ("Aufgeben", "Perspektivlosen")
                return (word,)
        if self.engine == "frequency" or (self.engine == "hybrid" and (units is None or len(units) < 2)):
            freq_units = self._frequency_units(word.lower())
            if freq_units is not None:
                units = freq_units
        if not units or len(units) < 2:
            return (word,)
        units = self._merge_particles(units)
        units = self._merge_lexicalised(units)
        units = self._merge_weak(units, word)
        if len(units) < 2:
            return (word,)
        return tuple(self._part_text(u, word) for u in units)

    # HanTa ------------------------------------------------------------------------------------
    def _hanta_units(self, word: str) -> list[_Unit] | None:
        morphs = _morphs(word)
        if morphs and morphs[-1][1] == "SUF_NN":
            # an inflected form ("Notunterkünfte"): analyse its lemma instead
            lemma, tag = _analyze(word)
            if tag in ("NN", "NE") and lemma.lower() != word.lower() and lemma.isalpha():
                relemma = _morphs(lemma)
                if "".join(m for m, _ in relemma).lower() == lemma.lower():
                    return self._units_from_morphs(relemma, lemma)
        return self._units_from_morphs(morphs, word)

    def _units_from_morphs(self, morphs: Sequence[tuple[str, str]], word: str) -> list[_Unit] | None:
        lower = word.lower()
        if "".join(m for m, _ in morphs).lower() != lower:
            return None  # HanTa changed the string (e.g. normalised spelling): do not trust offsets
        units: list[_Unit] = []
        prefix = ""
        pos = 0
        for morph, tag in morphs:
            m = morph.lower()
            if tag == "FUGE" and units:
                units[-1].fuge += m
            elif tag.startswith("SUF") and units:
                units[-1].suffixes.append((m, tag))
                units[-1].surface += m
            elif tag.startswith("PREF"):
                prefix += m
            else:
                start = pos - len(prefix)
                units.append(_Unit(surface=prefix + m, tag=tag, start=start))
                prefix = ""
            pos += len(m)
        if prefix and units:
            units[-1].surface += prefix
        for k, u in enumerate(units):
            u.lemma = self._lemmatise(u)
            if (k < len(units) - 1 and u.tag == "NN" and not u.fuge and not u.suffixes
                    and _analyze(_cap(u.surface))[1].startswith("ADJ")):
                u.lemma = u.surface  # "Sozial-" is read as a noun by HanTa's segmenter: "sozial"
        return units

    def _lemmatise(self, u: _Unit) -> str:
        """Lemma of one part from HanTa's segmentation (linking element dropped)."""
        s, tag = u.surface, u.tag
        suf_tags = {t for _, t in u.suffixes}
        if tag in _VERB_TAGS:
            return s + ("n" if s.endswith(("el", "er")) else "en")
        if tag in _ADJ_TAGS:
            if "SUF_ADJ_NN" in suf_tags:  # nominalised adjective ("Kranken-")
                return _cap(s[: len(s) - len(u.suffixes[-1][0])] + "e")
            return s
        if tag == "NN_VAR_EL":  # elided -e ("Sprach-" → "Sprache")
            return _cap(s + "e")
        if tag in ("NN", "NN_VAR", "NE", "NNA"):
            if u.fuge or tag == "NN_VAR" or "SUF_NN" in suf_tags:
                lemma, ltag = _analyze(_cap(s + u.fuge))
                if "ß" in lemma and "ss" in s and "ß" not in s:
                    lemma = lemma.replace("ß", "ss")  # HanTa's old spelling "Prozeß" → "Prozess"
                if ltag in ("NN", "NE") and lemma[:1].isupper() and lemma.isalpha() and \
                        _deumlaut(lemma.lower())[:3] == _deumlaut(s)[:3] and len(lemma) <= len(s + u.fuge) + 1:
                    return lemma
                if tag == "NN_VAR":
                    plain = _deumlaut(s)
                    if _zipf(plain) > _zipf(s):
                        return _cap(plain)
            return _cap(s)
        return s

    # frequency engine --------------------------------------------------------------------------
    def _frequency_units(self, lower: str, depth: int = 0) -> list[_Unit] | None:
        """Best noun+noun split by part frequency (Koehn & Knight 2003), recursive on the modifier.

        Fewest parts win, then the highest mean Zipf frequency of the parts; a split is only made
        when that mean exceeds the frequency of the whole word (frequent words stay whole).
        """
        best: tuple[int, float, list[_Unit]] | None = None
        n = len(lower)
        mlen = self.min_part_length
        for i in range(mlen, n - mlen + 1):
            head = lower[i:]
            if not self._fallback_noun(head):
                continue
            left = lower[:i]
            for link in _LINKS:
                if link and not left.endswith(link):
                    continue
                core = left[: len(left) - len(link)] if link else left
                if len(core) < max(mlen, 4):
                    continue  # short modifiers ("Bio-", "Apo-") are too often pieces of simplex words
                mod: list[_Unit] | None = None
                forms = [core]
                # elided or replaced -e: "Sprach-", "Hilfs-", "Miets-". The "-e" form is only
                # taken when it is frequent (Zipf >= 3, below), so that cheap test goes first and
                # HanTa analyses the core only for such forms (same result, fewer analyses)
                if (link in ("", "s") and _zipf(core + "e") >= 3.0
                        and not _analyze(_cap(core))[1].startswith(_FUNCTION_TAGS)):
                    forms.append(core + "e")
                lemmas = [lem for lem in map(self._noun_lemma, forms) if lem is not None
                          and (lem.lower() == core or _zipf(lem.lower()) >= 3.0)]  # elision: frequent only
                if lemmas:
                    lemma = max(lemmas, key=lambda lem: _zipf(lem.lower()))  # "Miete" over "Miet"
                    mod = [_Unit(surface=core, tag="NN", start=0, fuge=link, lemma=lemma)]
                if mod is None and depth < 2 and len(core) >= 2 * mlen:
                    mod = self._frequency_units(core, depth + 1)
                    if mod:
                        mod[-1].fuge = link
                if not mod:
                    continue
                head_lemma = self._noun_lemma(head) or _cap(head)
                parts = mod + [_Unit(surface=head, tag="NN", start=i, lemma=head_lemma)]
                if len(parts) > 2 and min(_zipf(p.lemma.lower()) for p in parts) < _DEEP_MIN_ZIPF:
                    continue  # three or more parts only from frequent words ("Sozia|Laus|Schuss")
                score = sum(_zipf(p.lemma.lower()) for p in parts) / len(parts)
                key = (-len(parts), score)
                if best is None or key > (best[0], best[1]):
                    best = (key[0], key[1], parts)
        if best is None or best[1] <= _zipf(lower):
            return None
        return best[2]

    def _fallback_noun(self, form: str, modifier: bool = False) -> bool:
        """Whether the frequency engine may use ``form`` as a part: a frequent word that HanTa reads
        as a common noun when capitalised and not as a closed-class word in lower case (rejects
        "Wider", "Ach", "All"); short modifiers must be very frequent (rejects "Sche", "Vorbe")."""
        if form in self.lexicalised:
            return True
        z = _zipf(form)
        if form in _SUFFIX_HEADS or z < self._fallback_zipf:
            return False
        if modifier and len(form) <= 4 and z < 3.5:
            return False
        if _analyze(_cap(form))[1] not in ("NN", "NNA"):
            return False
        return not _analyze(form)[1].startswith(_CLOSED_TAGS)

    def _noun_lemma(self, form: str) -> str | None:
        """HanTa's lemma of ``form`` read as a frequent common noun, else ``None``."""
        if form in self.lexicalised:
            return _cap(form)
        if not self._fallback_noun(form, modifier=True):
            return None
        lemma, _ = _analyze(_cap(form))
        if form.endswith("s") and lemma.lower() == form[:-1]:
            return lemma  # genitive -s: "Willkommens-" → "Willkommen"
        # otherwise the form itself, not HanTa's lemma of it: "Ausländer" would become "Ausland"
        return _cap(form)

    # clean-up ----------------------------------------------------------------------------------
    def _merge(self, units: Sequence[_Unit]) -> _Unit:
        """Glue consecutive parts into one (the last part's tag and lemma ending win)."""
        first, last = units[0], units[-1]
        prefix = "".join(u.surface + u.fuge for u in units[:-1])
        lemma_tail = last.lemma if last.tag not in _VERB_TAGS and last.tag not in _ADJ_TAGS else last.surface
        lemma = prefix + lemma_tail.lower()
        if last.tag in _NOUN_TAGS or last.tag not in (_VERB_TAGS | _ADJ_TAGS):
            lemma = _cap(lemma)
        return _Unit(surface=prefix + last.surface, tag=last.tag, start=first.start, fuge=last.fuge,
                     suffixes=list(last.suffixes), lemma=lemma)

    def _merge_particles(self, units: list[_Unit]) -> list[_Unit]:
        """Glue particles and adverbs to the next part: prefix words are no compounds
        ("Weiterbildung", "Mitfahrt", "Widerstand" stay whole)."""
        out: list[_Unit] = []
        pending: list[_Unit] = []
        for k, u in enumerate(units):
            is_last = k == len(units) - 1
            particle = u.tag.startswith(_FUNCTION_TAGS) or (
                u.tag == "NN" and not u.fuge and not is_last
                and _analyze(_cap(u.surface))[1].startswith(_FUNCTION_TAGS))
            if particle and not is_last:
                pending.append(u)
                continue
            out.append(self._merge(pending + [u]) if pending else u)
            pending = []
        return out

    def _merge_lexicalised(self, units: list[_Unit]) -> list[_Unit]:
        """Re-join parts that form a lexicalised word ("Bürger"+"Meister" → "Bürgermeister")."""
        if not self.lexicalised:
            return units
        out: list[_Unit] = []
        i = 0
        while i < len(units):
            merged = False
            for j in range(len(units) - 1, i, -1):
                prefix = "".join(u.surface + u.fuge for u in units[i:j])
                cands = {prefix + units[j].lemma.lower(), prefix + units[j].surface}
                if cands & self.lexicalised:
                    out.append(self._merge(units[i:j + 1]))
                    i = j + 1
                    merged = True
                    break
            if not merged:
                out.append(units[i])
                i += 1
        return out

    def _is_word(self, u: _Unit, word: str) -> bool:
        text = word[u.start:u.end]
        if text.isupper() and len(text) >= 2:
            return True
        lemma = u.lemma.lower()
        if len(lemma) < self.min_part_length or len(u.surface) < min(self.min_part_length, 3):
            return False
        if lemma in self.lexicalised:
            return True
        return max(_zipf(lemma), _zipf(u.surface), _zipf(u.surface + u.fuge)) >= self.min_zipf

    def _merge_weak(self, units: list[_Unit], word: str) -> list[_Unit]:
        """Glue parts that are no words of their own to their neighbour (modifier → right)."""
        units = list(units)
        changed = True
        while changed and len(units) > 1:
            changed = False
            for k, u in enumerate(units):
                if self._is_word(u, word):
                    continue
                if k < len(units) - 1:
                    units[k:k + 2] = [self._merge(units[k:k + 2])]
                else:
                    units[k - 1:k + 1] = [self._merge(units[k - 1:k + 1])]
                changed = True
                break
        return units

    def _part_text(self, u: _Unit, word: str) -> str:
        """The part as returned: acronyms and names keep the input's spelling."""
        original = word[u.start:u.end] if u.end <= len(word) else u.lemma
        if u.tag in ("ACR_NE", "ACR_NN") or (original.isupper() and len(original) >= 2):
            return original
        if u.tag == "NE" and original[:1].isupper() and original.lower() == u.lemma.lower():
            return original
        return u.lemma


@lru_cache(maxsize=1)
def default_splitter() -> CompoundSplitter:
    """The shared default splitter (engine ``"hybrid"``, shipped lexicalised list)."""
    return CompoundSplitter()


def split_compound(word: str) -> tuple[str, ...]:
    """Lemma parts of a German noun with the default splitter ("Flüchtlingsunterkunft" →
    ``("Flüchtling", "Unterkunft")``; a simplex noun → one part)."""
    return default_splitter().split(word)


def compound_columns(lemmas: Sequence[str], nouns: Sequence[bool], *,
                     splitter: CompoundSplitter | None = None
                     ) -> tuple[list[str | None], list[str | None]]:
    """Per token: ``("|"-joined parts, head)`` for nouns, ``(None, None)`` otherwise.

    A simplex noun gives ``(lemma, lemma)``. Each distinct lemma is analysed once, so a corpus of
    a million tokens costs one analysis per distinct noun lemma.
    """
    if len(lemmas) != len(nouns):
        raise ParameterError(f"lemmas and nouns differ in length ({len(lemmas)} vs {len(nouns)})")
    sp = splitter or default_splitter()
    seen: dict[str, tuple[str | None, str | None]] = {}
    parts_col: list[str | None] = []
    head_col: list[str | None] = []
    for lemma, is_noun in zip(lemmas, nouns):
        if not is_noun or not isinstance(lemma, str) or not lemma.strip():
            parts_col.append(None)
            head_col.append(None)
            continue
        res = seen.get(lemma)
        if res is None:
            parts = sp.split(lemma)
            res = ("|".join(parts), parts[-1]) if parts else (None, None)
            seen[lemma] = res
        parts_col.append(res[0])
        head_col.append(res[1])
    return parts_col, head_col
