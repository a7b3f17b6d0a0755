"""Context rules around a match: distancing, quotation, negation, newcomer reference and context.

All rules look only at the match positions and a small window around them, with arrays (never a
loop over tokens). The word lists come from the lexicon's ``context`` section (editable).

distanced (excluded from the index by default)
    * *scare quotes*: the match is inside quotation marks that enclose at most
      ``scare_quote_max_tokens`` tokens (default 3) and nothing but the match and, before it,
      its attributive words (lower-case words with an adjective or article ending: „Flüchtlinge“,
      „Flüchtlingsströme“, „ungebremsten Zustrom“). A short quotation that holds more – a title
      („Einwanderer für Deutschland“, „Service für Zuwanderer“), a fragment of direct speech
      („mindestens 100.000 Flüchtlingen“), „Ihr Flüchtlinge“ – is quoted speech;
    * a distancing marker ("sogenannt", "sog.", "so genannt") within ``distancing_window``
      tokens before it;
    * metalinguistic use – the word is mentioned, not used: a ``metalinguistic_before`` noun
      ("Wort", "Begriff", "Bezeichnung") within ``distancing_window`` tokens before it, a
      ``metalinguistic_after`` verb ("bezeichnen", "nennen") within the window after it
      ("wer jemanden nur als Flüchtling bezeichnet"), "von X … die Rede", or a bare noun after
      "von" with "sprechen"/"reden" around it ("die von Überfremdung reden", "nicht mehr von
      Flüchtlingen sprechen");
    * a match coordinated with a distanced match ("von Flut, Zustrom und Ansturm war die Rede");
    * a word quoted *as a word* (``metalinguistic``; the quotation holds just the match, and no
      ``quote_articles`` word stands right before the opening mark): a list of such quoted words
      joined by a ``quote_list_separators`` mark (",", "/", ";") or a coordinator („Ausländer“
      oder „Flüchtlinge“; „Ausländer“, „Flüchtlinge“, „Migranten“), or one next to a
      ``metalinguistic_quoted`` verb ("man dürfe nicht „Flüchtlinge“ sagen", "wer „Asylanten“
      schreibt"). Scare quotes around a word used as a name ("Die „Flüchtlinge“ kamen mit
      Smartphones") stay scare quotes.
    Punctuation other than quotation marks ends a window.
quoted speech (counted by default, ``count_quoted_speech=False`` excludes it)
    inside quotation marks around a longer span: reported speech of a quoted person. Marks are
    paired per document („…“, "…", »…«, «…», ‚…‘, ›…‹); a span longer than ``max_quote_tokens``
    is treated as an unpaired mark.
negated (excluded by default)
    a negator ("kein", "nicht", "nie", "niemals", "keinesfalls", "keineswegs", "ohne", "weder")
    within ``negation_window`` tokens before the match, same sentence, no punctuation between
    ("kein Gast, sondern Kollege", "keine „Flut“"); a negator followed by "nur"/"bloß"/"allein"
    ("nicht nur Flüchtlinge") is not a negation. After the match (where the caller passes the
    match ends): a *clause-final* ``negators_after`` word ("nicht", "kein") within
    ``negation_after_window`` tokens after it, same sentence, no punctuation between, followed by
    punctuation or the sentence end; "nicht" only with a ``negation_after_verbs`` copula
    ("sein", "werden", "bleiben", "gelten") between ("Nein, ein Wirtschaftsflüchtling sei er
    nicht.", "Asylanten sind das keine."), so that a negated predicate is no negated name
    ("Die Flüchtlinge kamen nicht.").
newcomer reference (entries with ``needs: reference``: demonyms, "Nachbarn", "Mitbürger" …)
    the first of these that holds is the match's ``cue``:
    ``inherent``     the form marks newcomers ("Neu-Essener", "Neuessener", a compound with a
                     newcomer modifier);
    ``modifier``     a newcomer modifier ("neu", "künftig", "zugezogen", "syrisch" …) within
                     ``modifier_window`` tokens before it, only lower-case words between
                     ("unsere neuen Nachbarn", "neue Essener"; not "neue Mieter und Nachbarn");
    ``postmodifier`` followed by "mit" + a flight/migration noun or "aus" + an origin, at most one
                     word between ("Essener mit Fluchtgeschichte", "Nachbarn aus Syrien"), or by
                     a relative clause ", die/der …" with a ``relative_clause_cues`` word within
                     ``relative_clause_window`` tokens ("Mitbürger*innen, die neu in der Stadt
                     sind");
    ``predicative``  a newcomer-referring word in the same sentence within
                     ``predicative_window`` tokens (before the term only where
                     ``predicative_after`` is 0), a bridge word ("sein", "werden", "als",
                     "bleiben", "gelten", "zählen") between them (or, for a newcomer word before
                     the term, within two tokens after it: "dass aus Geflüchteten Nachbarn
                     werden"), and no blocking preposition
                     ("für", "gegen", "von", …) in the two tokens before either ("Die
                     Geflüchteten sind längst Altenaer"; not "Flüchtlinge sind für die Essener
                     eine Last");
    ``anaphoric``    a third-person pronoun subject ("sie", "die", "das", "diese") and a bridge
                     word before it in the same sentence, with a newcomer-referring word in the
                     previous sentence ("Die meisten sind keine Flüchtlinge mehr. Sie sind
                     Altenessener.");
    ``coordinated``  coordinated by "," or "und"/"oder" with a match that has a cue ("künftige
                     Nachbarinnen und Nachbarn, Kolleginnen, Mitschüler").
newcomer context (entries with ``needs: context``: "Gast", "Gastgeber", "Horde" …)
    a newcomer-referring word (an entry flagged ``newcomer``, or a ``context_terms`` word as lemma
    or compound part) in the same sentence or within ``context_sentences`` sentences before or
    after it, in the same document.
migration sentence (entries with ``needs: sentence``: the ambiguous mass metaphors "Flut",
    "Zustrom", "Ansturm" …)
    a newcomer-referring word in the *same* sentence, and the term not in a literal
    prepositional phrase (``literal``: "14 Menschen wurden aus den Fluten geborgen").
attributive modifier (``modifier_before``)
    a word of a context list standing before a match with only lower-case words between (the
    othering lexicon's ``modifier_rules``: "illegale Migranten", "abgelehnte Asylbewerber").
"""
from __future__ import annotations

import numpy as np

from framing.matching.engine import CompiledLexicon, Matches, TokenArrays

#: quotation marks: definite openers, and marks that open or close depending on the state
_DOUBLE_OPEN = frozenset({"„"})
_DOUBLE_TOGGLE = frozenset({'"', "“", "”", "»", "«", "''", "``"})
_SINGLE_OPEN = frozenset({"‚"})
_SINGLE_TOGGLE = frozenset({"‘", "›", "‹"})
QUOTE_MARKS = _DOUBLE_OPEN | _DOUBLE_TOGGLE | _SINGLE_OPEN | _SINGLE_TOGGLE

#: cue names (index = code)
CUES: tuple[str, ...] = ("", "inherent", "modifier", "postmodifier", "predicative", "anaphoric", "coordinated")
_ANAPHORA = ("sie", "die", "das", "diese", "dieser", "er", "es")
_LONG = np.iinfo(np.int64).max // 4
#: inside scare quotes, words before the term must look attributive: lower case, one of these
#: endings (inflected adjectives, articles, demonstratives: „illegalen“, „diese“, „die“) ...
_ATTRIBUTIVE_ENDINGS = ("e", "en", "er", "es", "em")
#: ... and not one of these closed-class words with the same endings
_NOT_ATTRIBUTIVE = frozenset({"über", "unter", "hinter", "gegen", "ohne", "wider", "neben", "zwischen",
                              "wegen", "aber", "oder", "sondern", "immer", "wieder", "heute", "gerne",
                              "eher", "bitte", "nie", "je"})


class Context:
    """Per-corpus context helpers (quotation spans, word look-ups), computed once per score()."""

    def __init__(self, comp: CompiledLexicon, ta: TokenArrays, quote_pos: np.ndarray | None = None) -> None:
        self.comp = comp
        self.ta = ta
        self.n = ta.n
        self._spans: tuple[np.ndarray, ...] | None = None
        # ``quote_pos``: positions of quotation marks where the caller found them already
        self.quote_pos = self._quote_positions() if quote_pos is None else np.asarray(quote_pos, dtype=np.int64)
        self._quote_mask = np.zeros(self.n + 1, dtype=bool)   # last slot: out-of-range positions
        self._quote_mask[self.quote_pos] = True

    # quotation spans are paired on first use (negation needs only the marks themselves)
    @property
    def span_open(self) -> np.ndarray:
        return self._span_arrays()[0]

    @property
    def span_close(self) -> np.ndarray:
        return self._span_arrays()[1]

    @property
    def span_close_max(self) -> np.ndarray:
        return self._span_arrays()[2]

    def _span_arrays(self) -> tuple[np.ndarray, ...]:
        if self._spans is None:
            self._spans = self._quote_spans()[1:]
        return self._spans

    def _quote_positions(self) -> np.ndarray:
        """Positions of quotation marks (looked up per distinct surface form, kept with the table)."""
        ta = self.ta
        if ta.n == 0:
            return np.zeros(0, dtype=np.int64)
        return ta.codes.positions_of(QUOTE_MARKS)

    def _num(self, name: str, default: int) -> int:
        return int(self.comp.numbers.get(name, default))

    # -- quotation ---------------------------------------------------------------------------
    def _quote_spans(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Quotation-mark positions and the quoted spans (sorted by opening position)."""
        ta = self.ta
        empty = np.zeros(0, dtype=np.int64)
        if ta.n == 0:
            return empty, empty, empty, empty
        qpos = self.quote_pos
        if len(qpos) == 0:
            return empty, empty, empty, empty
        marks = ta.texts(qpos)
        qkind = np.array([1 if v in _DOUBLE_OPEN else 2 if v in _DOUBLE_TOGGLE else 3 if v in _SINGLE_OPEN
                          else 4 for v in marks], dtype=np.int8)
        max_len = self._num("max_quote_tokens", 60)
        doc = ta.doc[qpos]
        opens: list[int] = []
        closes: list[int] = []
        state = [-1, -1]          # open position per stream (double, single)
        cur_doc = -1
        for p, kd, d in zip(qpos.tolist(), qkind.tolist(), doc.tolist()):  # loop over quote marks only
            if d != cur_doc:
                state = [-1, -1]
                cur_doc = d
            stream = 0 if kd <= 2 else 1
            o = state[stream]
            if o >= 0 and p - o > max_len:
                o = state[stream] = -1                        # unpaired: forget the old opener
            if o < 0 or kd in (1, 3):                         # nothing open, or a definite opener
                state[stream] = p
            else:
                opens.append(o)
                closes.append(p)
                state[stream] = -1
        if not opens:
            return qpos, empty, empty, empty
        o_arr = np.array(opens, dtype=np.int64)
        c_arr = np.array(closes, dtype=np.int64)
        order = np.argsort(o_arr, kind="stable")
        o_arr, c_arr = o_arr[order], c_arr[order]
        return qpos, o_arr, c_arr, np.maximum.accumulate(c_arr)

    def quote_length(self, pos: np.ndarray) -> np.ndarray:
        """Tokens inside the innermost quotation around each position; 0 where not quoted."""
        out = np.zeros(len(pos), dtype=np.int64)
        if len(self.span_open) == 0 or len(pos) == 0:
            return out
        i = np.searchsorted(self.span_open, pos, side="left") - 1
        ok = i >= 0
        inner = np.zeros(len(pos), dtype=bool)
        inner[ok] = self.span_close[i[ok]] > pos[ok]
        out[inner] = self.span_close[i[inner]] - self.span_open[i[inner]] - 1
        outer = ok & ~inner
        outer[outer] = self.span_close_max[i[outer]] > pos[outer]
        out[outer] = _LONG                                    # inside an enclosing longer quotation
        return out

    def _is_quote(self, pos: np.ndarray) -> np.ndarray:
        ok = (pos >= 0) & (pos < self.n)
        return self._quote_mask[np.where(ok, pos, self.n)]

    def _clip(self, pos: np.ndarray) -> np.ndarray:
        return np.clip(pos, 0, max(self.n - 1, 0))

    def _window(self, anchor: np.ndarray, width: int, name: str, *, direction: int = -1,
                skip_quotes: bool = True, lower_only: bool = False) -> np.ndarray:
        """Whether a word of list ``name`` stands within ``width`` tokens before (``direction``
        -1) or after (+1) ``anchor``: same sentence, no punctuation between (quotation marks are
        skipped), optionally only lower-case words between."""
        ta = self.ta
        lut = ta.lut(self.comp, name)
        hit = np.zeros(len(anchor), dtype=bool)
        alive = np.ones(len(anchor), dtype=bool)
        for k in range(1, width + 1):
            pos = anchor + direction * k
            alive &= ta.same_sentence(pos, anchor)
            if not alive.any():
                break
            hit |= alive & lut[ta.codes_at(pos)]
            cont = ~ta.punct[self._clip(pos)]
            if skip_quotes:
                cont |= self._is_quote(pos)
            if lower_only:
                idx = np.flatnonzero(alive & cont)
                if len(idx):
                    cont[idx] = [t[:1].islower() for t in ta.texts(pos[idx])]
            alive &= cont
        return hit

    # -- the rules ---------------------------------------------------------------------------
    def distanced(self, m: Matches) -> dict[str, np.ndarray]:
        """Flags per match: ``quote_tokens``, ``scare_quoted``, ``quoted_speech``, ``marked``
        (sogenannt/metalinguistic/coordinated), ``distanced`` (scare quotes or marked),
        ``metalinguistic`` (mentioned as a word: "der Begriff X", "als X bezeichnet", "von X
        ... die Rede"; without "sogenannt", scare quotes and coordination)."""
        ta = self.ta
        start, end = m.start, m.end
        qlen, scare, speech = self.quotation(start, end)
        width = self._num("distancing_window", 3)
        marker = self._window(start, width, "distancing_markers")
        marked = self._window(start, width, "metalinguistic_before")
        marked |= self._window(end, width, "metalinguistic_after", direction=+1)
        # "so genannt(e)": the participle right before the term (or before a quotation mark)
        t_so = ta.type_of("so")
        participle = np.append(ta.set_lut({"genannt", "genannte", "genannten", "nennen"}), False)
        for k in (1, 2):
            pos = start - k
            so = ta.same_sentence(pos - 1, start) & participle[ta.codes_at(pos)] & (ta.codes_at(pos - 1) == t_so)
            if k == 2:
                so &= self._is_quote(start - 1)
            marker |= so
        # "von X … die Rede": "von" within two tokens before, "Rede" in the sentence after it
        von = np.zeros(len(start), dtype=bool)
        t_von = ta.type_of("von")
        for k in (1, 2):
            von |= ta.same_sentence(start - k, start) & (ta.codes_at(start - k) == t_von)
        if von.any():
            marked |= von & self._window(end, 6, "metalinguistic_rede", direction=+1)
        # "von X sprechen/reden", "sprechen … von X": a bare noun right after "von" (no article)
        bare = ta.same_sentence(start - 1, start) & (ta.codes_at(start - 1) == t_von)
        if bare.any():
            marked |= bare & (self._window(end, 6, "metalinguistic_speak", direction=+1)
                              | self._window(start - 1, 4, "metalinguistic_speak"))
        marked |= self._quoted_word(m, qlen)
        metalinguistic = marked.copy()
        marked |= marker
        # coordination carries the distancing on: "sogenannte Flüchtlingswellen und -fluten"
        marked |= self._coordinated_with(m, marked | scare)
        return {"quote_tokens": np.where(qlen >= _LONG, -1, qlen), "scare_quoted": scare,
                "quoted_speech": speech, "marked": marked, "distanced": scare | marked,
                "metalinguistic": metalinguistic}

    def quotation(self, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(quote_length, scare_quoted, quoted_speech)`` per match (``end`` inclusive): scare
        quotes hold at most ``scare_quote_max_tokens`` tokens and nothing but the match and its
        attributive words before it; every other quotation around the match is quoted speech."""
        qlen = self.quote_length(start)
        short = (qlen > 0) & (qlen <= self._num("scare_quote_max_tokens", 3))
        scare = short & self._quote_holds_term(start, end, short)
        speech = (qlen > self._num("scare_quote_max_tokens", 3)) | (short & ~scare)
        return qlen, scare, speech

    def _quote_holds_term(self, start: np.ndarray, end: np.ndarray, short: np.ndarray) -> np.ndarray:
        """Whether the short quotation around each match (``short``) holds the match and, before
        it, only attributive-looking words: the closing mark right after the match, every word
        between the opening mark and the match lower case with an adjective/article ending."""
        out = np.zeros(len(start), dtype=bool)
        idx = np.flatnonzero(short)
        if not len(idx):
            return out
        i = np.searchsorted(self.span_open, start[idx], side="left") - 1
        opens, closes = self.span_open[i], self.span_close[i]
        ok = closes == end[idx] + 1
        before = [p for o, s_ in zip(opens.tolist(), start[idx].tolist()) for p in range(o + 1, s_)]
        words = dict(zip(before, self.ta.texts(np.array(before, dtype=np.int64)))) if before else {}
        for j, (o, s_) in enumerate(zip(opens.tolist(), start[idx].tolist())):   # <= 2 words each
            if ok[j]:
                ok[j] = all(_attributive(words[p]) for p in range(o + 1, s_))
        out[idx] = ok
        return out

    def _quoted_word(self, m: Matches, qlen: np.ndarray) -> np.ndarray:
        """Matches quoted as words: the quotation holds just the match, no article before the
        opening mark, and either a list of such quotations ("„Ausländer“ oder „Flüchtlinge“",
        "„Ausländer“, „Flüchtlinge“") or a ``metalinguistic_quoted`` verb next to the quotation
        ("man dürfe nicht „Flüchtlinge“ sagen")."""
        ta = self.ta
        start, end = m.start, m.end
        out = np.zeros(len(start), dtype=bool)
        alone = (qlen > 0) & (qlen == end - start + 1) & self._is_quote(start - 1) & self._is_quote(end + 1)
        if not alone.any():
            return out
        articles = ta.lut(self.comp, "quote_articles")
        free = alone & ~(ta.same_sentence(start - 2, start) & articles[ta.codes_at(start - 2)])
        # a list: neighbouring quoted words joined only by quotation marks, ",", "/", ";" or a
        # coordinator; the list is a mention unless its first member follows an article
        if len(start) > 1:
            gap = start[1:] - end[:-1] - 1
            link = alone[:-1] & alone[1:] & (gap >= 2) & (gap <= 4) & ta.same_sentence(end[:-1], start[1:])
            coord = ta.lut(self.comp, "coordinators")
            seps = ta.lut(self.comp, "quote_list_separators")
            for k in range(1, 5):
                pos = end[:-1] + k
                c = ta.codes_at(pos)
                link &= (k > gap) | coord[c] | seps[c] | self._is_quote(pos)
            group = np.concatenate([[0], np.cumsum(~link)])
            size = np.bincount(group)
            first = np.searchsorted(group, group, side="left")
            out |= (size[group] > 1) & free[first]
        # a verb of saying or using next to the quotation ("„Flüchtlinge“ sagen", "schreibt „Asylanten“")
        width = self._num("distancing_window", 3)
        out |= free & (self._window(end + 1, width, "metalinguistic_quoted", direction=+1)
                       | self._window(start - 1, width, "metalinguistic_quoted"))
        return out

    def _coordination(self, m: Matches) -> np.ndarray:
        """For matches 1..n-1: linked to the previous match by only "," / coordinators (≤ 2 tokens)."""
        ta = self.ta
        if len(m) < 2:
            return np.zeros(0, dtype=bool)
        gap = m.start[1:] - m.end[:-1] - 1
        ok = (gap >= 1) & (gap <= 2) & ta.same_sentence(m.end[:-1], m.start[1:])
        coord = ta.lut(self.comp, "coordinators")
        comma = ta.type_of(",")
        for k in (1, 2):
            pos = m.end[:-1] + k
            c = ta.codes_at(pos)
            within = k <= gap
            ok &= ~within | coord[c] | (c == comma)
        return ok

    def _coordinated_with(self, m: Matches, flag: np.ndarray, eligible: np.ndarray | None = None) -> np.ndarray:
        """Matches coordinated (transitively) with a flagged match, in either direction."""
        link = self._coordination(m)
        out = flag.copy()
        if not link.any():
            return out & ~flag
        ok = np.ones(len(flag), dtype=bool) if eligible is None else eligible
        for _ in range(8):  # chains are short; stop when nothing changes
            new = out.copy()
            new[1:] |= link & out[:-1] & ok[1:]
            new[:-1] |= link & out[1:] & ok[:-1]
            if np.array_equal(new, out):
                break
            out = new
        return out & ~flag

    def negated(self, start: np.ndarray, end: np.ndarray | None = None) -> np.ndarray:
        """A negator within the window before the match (same sentence, no punctuation between);
        with ``end``, also a clause-final negator after it (:meth:`negated_after`)."""
        hit = self._negated_before(start)
        if end is not None:
            hit |= self.negated_after(np.asarray(end, dtype=np.int64))
        return hit

    def negated_after(self, end: np.ndarray) -> np.ndarray:
        """A clause-final negator after the match: a ``negators_after`` word within
        ``negation_after_window`` tokens after ``end``, same sentence, no punctuation between,
        followed by punctuation or the sentence end; "nicht" (any negator but "kein") only with a
        ``negation_after_verbs`` copula between ("ein Wirtschaftsflüchtling sei er nicht";
        "Asylanten sind das keine"; not "Die Flüchtlinge kamen nicht")."""
        ta = self.ta
        width = self._num("negation_after_window", 3)
        neg = ta.lut(self.comp, "negators_after")
        verbs = ta.lut(self.comp, "negation_after_verbs")
        t_kein = ta.type_of("kein")
        hit = np.zeros(len(end), dtype=bool)
        alive = np.ones(len(end), dtype=bool)
        copula = np.zeros(len(end), dtype=bool)
        for k in range(1, width + 1):
            pos = end + k
            alive &= ta.same_sentence(pos, end) & ~ta.punct[self._clip(pos)]
            if not alive.any():
                break
            codes = ta.codes_at(pos)
            nxt = pos + 1
            final = ~ta.same_sentence(nxt, end) | ta.punct[self._clip(nxt)]
            hit |= alive & neg[codes] & final & (copula | (codes == t_kein))
            copula |= alive & verbs[codes]
        return hit

    def _negated_before(self, start: np.ndarray) -> np.ndarray:
        ta = self.ta
        width = self._num("negation_window", 3)
        neg = ta.lut(self.comp, "negators")
        exc = ta.lut(self.comp, "negation_exceptions_next")
        hit = np.zeros(len(start), dtype=bool)
        alive = np.ones(len(start), dtype=bool)
        for k in range(1, width + 1):
            pos = start - k
            alive &= ta.same_sentence(pos, start)
            if not alive.any():
                break
            after = pos + 1
            not_exc = ~(exc[ta.codes_at(after)] & (after < start))
            hit |= alive & neg[ta.codes_at(pos)] & not_exc
            alive &= ~ta.punct[self._clip(pos)] | self._is_quote(pos)
        return hit

    def newcomer_reference(self, m: Matches, needs_ref: np.ndarray) -> np.ndarray:
        """Cue code (see :data:`CUES`) per match; 0 where none holds or not ``needs_ref``."""
        cue = np.zeros(len(m), dtype=np.int8)
        idx = np.flatnonzero(needs_ref)
        if len(idx) == 0:
            return cue
        start, end = m.start[idx], m.end[idx]
        c = np.zeros(len(idx), dtype=np.int8)
        c[m.inherent[idx]] = 1
        pre = self._window(start, self._num("modifier_window", 3), "newcomer_modifiers",
                           skip_quotes=False, lower_only=True)
        c[(c == 0) & pre] = 2
        c[(c == 0) & self._postmodifier(end)] = 3
        rest = np.flatnonzero(c == 0)
        if len(rest) and len(m.context_positions):
            is_ctx = np.zeros(self.n + 1, dtype=bool)
            is_ctx[m.context_positions] = True
            pred = self._predicative(start[rest], end[rest], is_ctx)
            c[rest[pred]] = 4
            rest = rest[~pred]
            if len(rest):
                ana = self._anaphoric(start[rest], m.context_positions)
                c[rest[ana]] = 5
        cue[idx] = c
        # coordination passes a cue on to neighbouring reference matches ("neue Nachbarn, Kollegen")
        carried = self._coordinated_with(m, cue > 0, eligible=needs_ref)
        cue[carried & (cue == 0)] = 6
        return cue

    def _postmodifier(self, end: np.ndarray) -> np.ndarray:
        ta, comp = self.ta, self.comp
        first = end + 1
        k1 = ta.codes_at(first)
        is_mit = (k1 >= 0) & (k1 == ta.type_of("mit"))
        is_aus = (k1 >= 0) & (k1 == ta.type_of("aus"))
        with_lut = ta.lut(comp, "postmodifier_with")
        from_lut = ta.lut(comp, "postmodifier_from")
        post = np.zeros(len(end), dtype=bool)
        for k in range(2, self._num("postmodifier_window", 3) + 1):
            pos = end + k
            ok = ta.same_sentence(pos, end) & ta.same_sentence(first, end)
            codes = ta.codes_at(pos)
            post |= ok & ((is_mit & with_lut[codes]) | (is_aus & from_lut[codes]))
        # relative clause: ", die neu in der Stadt sind", ", die aus Eritrea stammen"
        comma = ta.codes_at(first) == ta.type_of(",")
        rel = comma & np.isin(ta.codes_at(end + 2), [ta.type_of("der"), ta.type_of("die"), ta.type_of("welcher")])
        rel &= ta.same_sentence(end + 2, end)
        if rel.any():
            # cue words are matched on the surface form: the uninflected predicative "neu",
            # "geflohen", "stammen" - not the attributive "die neuen Essener" of an enumeration
            cues = comp.words.get("relative_clause_cues", frozenset())
            ridx = np.flatnonzero(rel)
            alive = np.ones(len(ridx), dtype=bool)
            found = np.zeros(len(ridx), dtype=bool)
            for k in range(3, 3 + self._num("relative_clause_window", 6)):
                pos = end[ridx] + k
                alive &= ta.same_sentence(pos, end[ridx])
                if not alive.any():
                    break
                live = np.flatnonzero(alive)
                found[live] |= np.array([t.lower() in cues for t in ta.texts(pos[live])], dtype=bool)
                alive &= ~ta.punct[self._clip(pos)]
            post[ridx] |= found
        return post

    def _bridge_between(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Whether a bridge word lies in the half-open token range [lo, hi) (small ranges)."""
        bridge = self.ta.lut(self.comp, "bridges")
        out = np.zeros(len(lo), dtype=bool)
        width = int((hi - lo).max()) if len(lo) else 0
        for k in range(width):
            pos = lo + k
            out |= (pos < hi) & bridge[self.ta.codes_at(pos)]
        return out

    def _blocked(self, pos: np.ndarray) -> np.ndarray:
        ta = self.ta
        prep = ta.lut(self.comp, "blocking_prepositions")
        out = np.zeros(len(pos), dtype=bool)
        for k in (1, 2):
            p = pos - k
            out |= ta.same_sentence(p, pos) & prep[ta.codes_at(p)]
        return out

    def _predicative(self, start: np.ndarray, end: np.ndarray, is_ctx: np.ndarray) -> np.ndarray:
        ta = self.ta
        width = self._num("predicative_window", 10)
        hit = np.zeros(len(start), dtype=bool)
        free = ~self._blocked(start)
        # a bridge right after the term also links a newcomer word before it ("dass aus
        # Geflüchteten Nachbarn werden", "dass die Flüchtlinge Altenaer werden")
        after = np.minimum(end + 3, self.n)
        trailing = self._bridge_between(end + 1, after) & ta.same_sentence(end, after - 1)
        # predicative_after = 0: only a newcomer word *before* the term links it (the term is the
        # predicate: "Die Geflüchteten sind längst Essener"), not one after it ("Nach Angaben
        # eines Einwohners wurde ein Flüchtlingslager getroffen")
        after_too = self._num("predicative_after", 1) > 0
        for d in range(1, width + 1):
            for before, j, lo, hi in ((True, start - d, start - d + 1, start), (False, end + d, end + 1, end + d)):
                if not before and not after_too:
                    continue
                ok = free & ta.same_sentence(j, start) & is_ctx[np.clip(j, 0, self.n)]
                if not ok.any():
                    continue
                sel = np.flatnonzero(ok)
                bridged = self._bridge_between(lo[sel], hi[sel])
                if before:
                    bridged |= trailing[sel]
                good = bridged & ~self._blocked(j[sel])
                hit[sel[good]] = True
        return hit

    def _anaphoric(self, start: np.ndarray, ctx_pos: np.ndarray) -> np.ndarray:
        """Pronoun subject + bridge before the term, newcomer word in the previous sentence."""
        ta = self.ta
        pron_types = [ta.type_of(p) for p in _ANAPHORA]
        bridge = ta.lut(self.comp, "bridges")
        found_bridge = np.zeros(len(start), dtype=bool)
        found = np.zeros(len(start), dtype=bool)
        alive = np.ones(len(start), dtype=bool)
        for k in range(1, 6):
            pos = start - k
            alive &= ta.same_sentence(pos, start) & ~ta.punct[self._clip(pos)]
            codes = ta.codes_at(pos)
            found |= alive & found_bridge & np.isin(codes, pron_types)
            found_bridge |= alive & bridge[codes]
        if not found.any():
            return found
        idx = np.flatnonzero(found)
        prev_sent = ta.sent[start[idx]] - 1
        ctx_sent = np.unique(ta.sent[ctx_pos])
        in_prev = np.isin(prev_sent, ctx_sent)
        # the previous sentence must belong to the same document
        first_of_sent = np.searchsorted(ta.sent, ta.sent[start[idx]], side="left")
        same_doc = (first_of_sent > 0) & (ta.doc[np.maximum(first_of_sent - 1, 0)] == ta.doc[start[idx]])
        out = np.zeros(len(start), dtype=bool)
        out[idx] = in_prev & same_doc
        return out

    def newcomer_context(self, m: Matches, needs_ctx: np.ndarray, sentences: int | None = None) -> np.ndarray:
        """A newcomer-referring word in the same sentence or ``context_sentences`` around it
        (``sentences`` overrides that number; 0: the same sentence only)."""
        ta = self.ta
        out = np.zeros(len(m), dtype=bool)
        idx = np.flatnonzero(needs_ctx)
        if len(idx) == 0 or len(m.context_positions) == 0:
            return out
        k = self._num("context_sentences", 1) if sentences is None else int(sentences)
        n_sent = int(ta.sent[-1]) + 2 if ta.n else 1
        p = m.context_positions
        key_p = np.sort(ta.doc[p].astype(np.int64) * n_sent + ta.sent[p])
        pos = m.start[idx]
        base = ta.doc[pos].astype(np.int64) * n_sent + ta.sent[pos]
        lo = np.searchsorted(key_p, base - k, side="left")
        hi = np.searchsorted(key_p, base + k, side="right")
        out[idx] = hi > lo
        return out

    def literal(self, m: Matches, which: np.ndarray) -> np.ndarray:
        """An ambiguous metaphor used literally: a ``literal_prepositions`` word ("aus", "in",
        "auf", "unter", "gegen") within three tokens before it, only lower-case words between
        ("aus den Fluten", "auf den Wellen", "gegen den Strom")."""
        out = np.zeros(len(m), dtype=bool)
        idx = np.flatnonzero(which)
        if len(idx):
            out[idx] = self._window(m.start[idx], 3, "literal_prepositions", skip_quotes=False,
                                    lower_only=True)
        return out

    def preceded_by(self, anchor: np.ndarray, name: str, width: int) -> np.ndarray:
        """A word of context list ``name`` within ``width`` tokens before ``anchor`` (same
        sentence, no punctuation between; quotation marks are skipped)."""
        return self._window(np.asarray(anchor, dtype=np.int64), width, name)

    def modifier_before(self, start: np.ndarray, name: str, window: int = 2) -> np.ndarray:
        """Offset (1..``window``) of the nearest word of context list ``name`` before each
        position, with only lower-case words between (attributive adjectives, adverbs:
        "die illegal eingereisten Migranten"), same sentence, no punctuation; 0 where none."""
        ta = self.ta
        lut = ta.lut(self.comp, name)
        off = np.zeros(len(start), dtype=np.int64)
        alive = np.ones(len(start), dtype=bool)
        for k in range(1, window + 1):
            pos = start - k
            alive &= ta.same_sentence(pos, start) & ~ta.punct[self._clip(pos)]
            if not alive.any():
                break
            hit = alive & (off == 0) & lut[ta.codes_at(pos)]
            off[hit] = k
            idx = np.flatnonzero(alive)
            alive[idx] = [t[:1].islower() for t in ta.texts(pos[idx])]
        return off


__all__ = ["Context", "CUES", "QUOTE_MARKS"]


def _attributive(word: str) -> bool:
    """A word that can stand before a noun inside its scare quotes („illegalen“, „diese“)."""
    return (word[:1].islower() and word.isalpha() and word.endswith(_ATTRIBUTIVE_ENDINGS)
            and word not in _NOT_ATTRIBUTIVE)
