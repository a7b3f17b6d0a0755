"""OtheringScorer: how often a text, speaker, outlet or town labels newcomers as a separate group
versus names them as members of the place — with an uncertainty interval and the evidence.

    scorer = framing.OtheringScorer(places=["Altena", "Essen"])
    result = scorer.score(tokens, by="party")
    result.table        # one row per unit: counts, rates per 1,000 tokens, othering_index + CI
    result.evidence     # one row per match (KWIC): every count traceable to its passage

Othering index (per unit)::

    othering_index = O / (O + R)

``O`` = counted matches of othering polarity, ``R`` = counted matches of recognition polarity,
both restricted to ``index_categories`` (default: the lexicon's ``index_categories``; in the
shipped lexicon every category except ``group_label_neutral`` and ``crisis_label``, which are
counted and reported per 1,000 tokens but are the ordinary vocabulary of news about refugees;
``"all"`` puts every category in). A match is *counted* unless it
is excluded by one of the rules below (the reason is in ``evidence.reason``, and the excluded
matches are reported in the ``excluded_*`` columns):

* ``attributive`` – a demonym/adjectival noun used as an adjective ("Essener Stadtrat");
* ``no_reference`` – local-identity naming (demonyms, "Nachbarn", "Mitbürger") without a
  newcomer reference (``neue Essener``, ``Essener mit Fluchtgeschichte``, ``Die Geflüchteten
  sind längst Altenaer``; see :mod:`framing.othering.context`);
* ``no_context`` – an ambiguous term ("Gast", a bare "Flut", "die Anderen") without a
  newcomer-referring word in the same or a neighbouring sentence;
* ``modifier`` – a compound modifier match ("Flüchtlingsunterkunft", "Ausländerbehörde"): it
  names an institution, not people (``count_modifiers=True`` counts it);
* ``distanced`` – in scare quotes („Flüchtlingsströme“), after "sogenannt", or mentioned as a
  word ("der Begriff Asylant", "als Flüchtling bezeichnet") (``count_distanced=True`` counts it);
* ``quoted_speech`` – inside a longer quotation (reported speech); counted by default,
  ``count_quoted_speech=False`` excludes it;
* ``negated`` – after "kein"/"nicht"/… (``count_negated=True`` counts it).

The index is 0 for pure recognition, 1 for pure othering, and missing where a unit has no
counted match. ``othering_balance = (O - R) / (O + R)`` is the same share on a -1..1 scale with a
neutral midpoint: 0 where a unit has no counted match, so that units with recognition only rank
below units without evidence (use it to rank many short texts, most of which match nothing).
Confidence interval: Wilson score interval for the proportion, with the sample
size divided by a design effect for matches clustered in documents (``ci="wilson"``, default),
or a percentile cluster bootstrap over documents (``ci="bootstrap"``, ``random_state``; a unit
with fewer than :data:`MIN_DOCS_BOOTSTRAP` documents with matches keeps the Wilson interval).
See ``docs/guide/othering.md`` for the argument.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm

from framing.errors import InputError, NotFittedError, ParameterError, check_choice, check_range
from framing.grouping import doc_units, unit_labels
from framing.matching.context import CUES, Context
from framing.matching.engine import MATCH_NAMES, MODIFIER, CompiledLexicon, Matches, TokenArrays, find_matches, restrict
from framing.matching.evidence import kwic_columns
from framing.matching.layout import Layout, boot_blocks
from framing.othering.demonyms import demonym_entries, places_from_docs
from framing.othering.lexicon import Lexicon, with_entries

#: exclusion reasons, in the order they are checked (the first that applies is reported)
REASONS: tuple[str, ...] = ("attributive", "no_reference", "no_context", "modifier", "distanced",
                            "quoted_speech", "negated")
CI_METHODS: tuple[str, ...] = ("wilson", "bootstrap", "none")
#: ``ci="bootstrap"`` resamples a unit's documents only when at least this many of them have
#: counted index matches (as frame shares, :data:`framing.frames.result.MIN_DOCS_WITH_HITS`):
#: with one to four such documents most resamples repeat the same few ratios and the percentile
#: interval collapses towards a point ("1.0 [1.0, 1.0]"); such units keep the Wilson interval
MIN_DOCS_BOOTSTRAP = 5


def wilson_interval(successes: np.ndarray | float, n: np.ndarray | float,
                    confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion (vectorised; ``n`` may be an effective size).

    Returns ``(low, high)``; NaN where ``n`` is 0.
    """
    o = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    z = float(norm.ppf(0.5 + confidence / 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = o / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    bad = ~(n > 0)
    low = np.where(bad, np.nan, low)
    high = np.where(bad, np.nan, high)
    return low, high


def design_effect(o_doc: np.ndarray, n_doc: np.ndarray, unit_of_doc: np.ndarray, n_units: int) -> np.ndarray:
    """Kish design effect of the ratio O/N per unit, from the between-document variation.

    ``deff = v_cluster / v_binomial`` with the linearised ratio variance
    ``v_cluster = k/(k-1) * sum_d (o_d - p n_d)^2 / N^2`` over the unit's ``k`` documents with
    matches, ``v_binomial = p(1-p)/N``; floored at 1 (never narrower than independent matches)
    and 1 where it cannot be estimated (fewer than 2 documents with matches, p = 0 or 1).
    """
    O = np.bincount(unit_of_doc, weights=o_doc, minlength=n_units)
    N = np.bincount(unit_of_doc, weights=n_doc, minlength=n_units)
    k = np.bincount(unit_of_doc, weights=(n_doc > 0).astype(float), minlength=n_units)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = O / N
        resid = o_doc - p[unit_of_doc] * n_doc
        ss = np.bincount(unit_of_doc, weights=resid * resid, minlength=n_units)
        v = k / (k - 1) * ss / (N * N)
        v0 = p * (1 - p) / N
        deff = v / v0
    ok = (k >= 2) & (p > 0) & (p < 1) & np.isfinite(deff)
    return np.where(ok, np.maximum(deff, 1.0), 1.0)


class OtheringResult:
    """The result of :meth:`OtheringScorer.score`: ``table`` (per unit), ``evidence`` (per match)."""

    def __init__(self, table: pd.DataFrame, matches: pd.DataFrame, ta: TokenArrays | None, by: list[str] | None,
                 settings: dict[str, Any], context_tokens: int, kwic: pd.DataFrame | None = None) -> None:
        """``ta``: the token arrays of the matches (the evidence is built from them when first
        read); or ``kwic``: the KWIC columns of the rows of ``matches``, already built (by the
        Dask workers: :mod:`framing.scale.scores`), with ``ta`` None."""
        self.table = table
        self.matches = matches
        self.by = by
        self.settings = settings
        self._ta = ta
        self._kwic = kwic
        self._context_tokens = context_tokens
        self._evidence: pd.DataFrame | None = None

    def __repr__(self) -> str:
        return (f"<OtheringResult: {len(self.table)} units by {self.by or 'corpus'}, "
                f"{int(self.matches['counted'].sum()) if len(self.matches) else 0} counted of "
                f"{len(self.matches)} matches>")

    @property
    def evidence(self) -> pd.DataFrame:
        """Keyword-in-context table, one row per match (counted or not, with the reason)."""
        if self._evidence is None:
            self._evidence = build_evidence(self.matches, self._ta, self._context_tokens, kwic=self._kwic)
        return self._evidence

    def plot(self, **kwargs: Any) -> Any:
        """Othering index by unit with CI error bars (see :func:`framing.othering.plot.plot_index`)."""
        from framing.othering.plot import plot_index
        return plot_index(self.table, by=self.by, **kwargs)

    def to_csv(self, outdir: str | Path, evidence: str | Path | None = None) -> dict[str, Path]:
        """Write ``othering.csv`` (the table), ``evidence.csv`` and ``settings.json`` into
        ``outdir``; returns the paths (as :meth:`FrameResult.to_csv`).

        Deprecated form: ``to_csv("scores.csv", "evidence.csv")`` (file names) still writes
        those two files, with a ``DeprecationWarning``."""
        if evidence is not None or str(outdir).lower().endswith(".csv"):
            import warnings

            warnings.warn("OtheringResult.to_csv(scores_file, evidence_file) is deprecated; pass a folder: "
                          "to_csv(outdir) writes othering.csv, evidence.csv and settings.json",
                          DeprecationWarning, stacklevel=2)
            self.table.to_csv(outdir, index=False)
            paths = {"othering": Path(outdir)}
            if evidence is not None:
                self.evidence.to_csv(evidence, index=False)
                paths["evidence"] = Path(evidence)
            return paths
        import json

        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {"othering": out / "othering.csv", "evidence": out / "evidence.csv", "settings": out / "settings.json"}
        self.table.to_csv(paths["othering"], index=False)
        self.evidence.to_csv(paths["evidence"], index=False)
        paths["settings"].write_text(json.dumps(self.settings, indent=2, ensure_ascii=False, default=str) + "\n",
                                     encoding="utf-8")
        return paths


class OtheringScorer:
    """Score othering vs. recognising naming of newcomers per document, speaker, outlet or place.

    Parameters
    ----------
    lexicon: a :class:`Lexicon`, a YAML path, or ``None`` for the shipped German lexicon.
    places: place names whose demonyms count as local-identity naming ("Bochum" -> "Bochumer");
        ``"auto"`` (default) takes them from the documents' ``place`` metadata; ``None``/``[]``
        adds none.
    demonym_overrides: irregular demonyms (``{"Evingsen": "Evingser"}``), on top of the lexicon's.
    districts: also add demonyms of the places' districts from the shipped district gazetteer.
    index_categories: categories that enter the othering index: a list, ``"all"``, or ``None``
        (default) for the lexicon's ``index_categories`` (shipped lexicon: every category except
        ``group_label_neutral`` and ``crisis_label``, which are counted and reported per 1,000
        tokens but are the ordinary vocabulary of news about refugees).
    count_distanced / count_negated / count_modifiers: count distanced (scare quotes,
        "sogenannt", metalinguistic), negated and compound-modifier matches in the index
        (default: reported separately, not counted).
    count_quoted_speech: count matches inside longer quotations (reported speech; default True;
        ``False`` keeps only the author's own voice).
    ci: ``"wilson"`` (design-effect adjusted Wilson interval, default), ``"bootstrap"`` (cluster
        bootstrap over documents; Wilson for a unit with fewer than 5 documents with matches) or
        ``"none"``; ``confidence`` level; ``cluster=False`` turns
        the design-effect adjustment off; ``n_boot``/``random_state`` for the bootstrap.
    context_tokens: tokens of left/right context in the evidence.
    dropna: drop documents whose ``by`` value is missing (e.g. articles when ``by="speaker"``).
    stopwords / stopwords_extra / stopwords_remove / pos / compounds / min_count / min_df: the
        term selector's settings (docs/reference/parameters.md, :func:`framing.nlp.terms.match_targets`):
        a lexicon entry never matches a stopword, a token of another POS or a term rarer than
        ``min_count`` tokens / ``min_df`` documents; ``compounds="keep"`` makes no compound head or
        modifier matches, ``"head"`` head matches only. Defaults: every token, head and modifier
        matches (``"parts"``), as before. The context rules still read every token.
    """

    def __init__(self, lexicon: Lexicon | str | Path | None = None, places: Iterable[str] | str | None = "auto", *,
                 demonym_overrides: Mapping[str, str] | None = None, districts: bool = True,
                 index_categories: Iterable[str] | None = None, count_distanced: bool = False,
                 count_negated: bool = False, count_modifiers: bool = False,
                 count_quoted_speech: bool = True, ci: str = "wilson",
                 confidence: float = 0.95, cluster: bool = True, n_boot: int = 2000,
                 random_state: int | None = 0, context_tokens: int = 10, dropna: bool = True,
                 stopwords: bool | Iterable[str] | None = False, stopwords_extra: Iterable[str] = (),
                 stopwords_remove: Iterable[str] = (), pos: str | Iterable[str] | None = None,
                 compounds: str = "parts", min_count: int = 1, min_df: int | float | str = 1) -> None:
        self.lexicon = lexicon
        self.places = places
        self.demonym_overrides = demonym_overrides
        self.districts = districts
        self.index_categories = index_categories
        self.count_distanced = count_distanced
        self.count_negated = count_negated
        self.count_modifiers = count_modifiers
        self.count_quoted_speech = count_quoted_speech
        self.ci = ci
        self.confidence = confidence
        self.cluster = cluster
        self.n_boot = n_boot
        self.random_state = random_state
        self.context_tokens = context_tokens
        self.dropna = dropna
        self.stopwords = stopwords
        self.stopwords_extra = stopwords_extra
        self.stopwords_remove = stopwords_remove
        self.pos = pos
        self.compounds = compounds
        self.min_count = min_count
        self.min_df = min_df
        # result_ (the learned state) is set by score(); before that it raises NotFittedError
        self._compiled: dict[tuple[Any, ...], CompiledLexicon] = {}
        self._lexicon_obj: Lexicon | None = None
        self._lexicon_src: tuple[Any, ...] | None = None
        self._dropped: dict[tuple[Any, ...], dict[str, str]] = {}
        self._last_dropped: dict[str, str] = {}

    # -- configuration -------------------------------------------------------------------------
    def _lexicon_key(self) -> tuple[Any, ...]:
        """Identity of the current ``lexicon`` parameter (a file counts with its modification time)."""
        lex = self.lexicon
        if lex is None:
            return ("default",)
        if isinstance(lex, (str, Path)):
            path = Path(lex)
            return ("path", str(path), path.stat().st_mtime_ns if path.exists() else None)
        return ("object", id(lex))

    def _base_lexicon(self) -> Lexicon:
        """The lexicon of the *current* parameters: reloaded (and the compiled cache dropped)
        whenever ``lexicon`` was reassigned since the last call."""
        key = self._lexicon_key()
        if self._lexicon_obj is None or key != self._lexicon_src:
            lex = self.lexicon
            if lex is None:
                lex = Lexicon.default()
            elif isinstance(lex, (str, Path)):
                lex = Lexicon.from_yaml(lex)
            elif not isinstance(lex, Lexicon):
                raise ParameterError(f"lexicon must be a Lexicon, a YAML path or None, not {type(lex).__name__}")
            self._lexicon_obj = lex
            self._lexicon_src = key
            self._compiled = {}
            self._dropped = {}
        return self._lexicon_obj

    def _check(self) -> None:
        check_choice("ci", self.ci, CI_METHODS)
        check_range("confidence", self.confidence, 0, 1, low_open=True, high_open=True)
        from framing.nlp.terms import COMPOUND_MODES, check_frequency

        check_choice("compounds", self.compounds, COMPOUND_MODES)
        check_frequency(self.min_count, self.min_df)
        lex = self._base_lexicon()
        if self.index_categories is not None and self.index_categories != "all":
            cats = [self.index_categories] if isinstance(self.index_categories, str) else self.index_categories
            unknown = set(cats) - set(lex.categories)
            if unknown:
                raise ParameterError(f"index_categories: unknown categories {sorted(unknown)}; "
                                     f"the lexicon has {sorted(lex.categories)}")

    def _place_names(self, docs: pd.DataFrame) -> tuple[str, ...]:
        if self.places is None:
            return ()
        if isinstance(self.places, str):
            if self.places == "auto":
                return tuple(places_from_docs(docs))
            return (self.places,)
        return tuple(str(p) for p in self.places)

    def compiled_lexicon(self, places: Sequence[str] = ()) -> CompiledLexicon:
        """The lexicon plus demonym entries for ``places``, compiled from the *current*
        parameters (``lexicon``, ``demonym_overrides``, ``districts``); cached per combination,
        so reassigning a parameter after a :meth:`score` call takes effect in the next one."""
        lex = self._base_lexicon()
        overrides = {**lex.demonym_overrides, **dict(self.demonym_overrides or {})}
        key = (tuple(places), bool(self.districts), tuple(sorted(overrides.items())))
        if key not in self._compiled:
            # a generated demonym whose forms are an ordinary word ("Konz" -> "Konzer" ->
            # "Konzern") would count every "Konzerne": left out and listed; overrides are kept
            dropped: dict[str, str] = {}
            entries = demonym_entries(places, overrides, districts=self.districts, dropped=dropped)
            comp = CompiledLexicon.build(with_entries(lex, entries) if entries else lex)  # type: ignore[arg-type]  # a Lexicon has the shape of a RuleSet
            self._compiled[key] = comp
            self._dropped[key] = dropped
        self._last_dropped = self._dropped[key]
        return self._compiled[key]

    def __getattr__(self, name: str) -> Any:
        # only reached when normal lookup fails: the learned state (result_) of a scorer that has
        # not scored yet says so, like scikit-learn's NotFittedError (also an AttributeError, so
        # hasattr(scorer, "result_") is False before score())
        if name.endswith("_") and not name.startswith("_") and "result_" not in self.__dict__:
            raise NotFittedError(f"{type(self).__name__} has not scored yet: result_, evidence_ and "
                                 "table_ are set by score(tokens); call it first")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def evidence_(self) -> pd.DataFrame:
        """Evidence of the last :meth:`score` call (:class:`~framing.errors.NotFittedError` before)."""
        return self.result_.evidence

    @property
    def table_(self) -> pd.DataFrame:
        """Table of the last :meth:`score` call (:class:`~framing.errors.NotFittedError` before)."""
        return self.result_.table

    # -- scoring -------------------------------------------------------------------------------
    def score(self, tokens: Any, by: str | Sequence[str] | None = "doc", *, client: Any = None) -> OtheringResult:
        """Score ``tokens`` (a :class:`framing.Tokens`) per unit of ``by``: ``"doc"``,
        ``"speaker"``, ``"party"``, ``"outlet"``, ``"place"``, ``"year"``, any document column,
        a list of them, or ``None`` for the whole corpus. ``client`` (a
        ``dask.distributed.Client``): the matching runs on its workers over parts of the
        documents, the same result (:mod:`framing.scale.scores`); ``tokens`` may then also be a
        tokens folder (:func:`framing.read_tokens`) or a list of token part files, which the
        workers read: the client never holds the token table, only the matches, their evidence
        rows and the document table."""
        from framing.nlp.tokens import Tokens

        if client is not None:
            from framing.scale.scores import token_docs, token_source

            tokens = token_source(tokens)
            docs = token_docs(tokens)
        elif not isinstance(tokens, Tokens):
            raise InputError(f"score() takes framing Tokens (from framing.annotate), not {type(tokens).__name__}")
        else:
            docs = tokens.docs
        self._check()
        places = self._place_names(docs)
        comp = self.compiled_lexicon(places)
        ta: TokenArrays | None = None
        kwic: pd.DataFrame | None = None
        if client is not None:
            from framing.scale.scores import othering_matches

            m, decisions, layout, kwic = othering_matches(self, comp, tokens, client)
        else:
            ta = TokenArrays.from_table(tokens.table, comp)
            targets = self._targets(tokens)
            m = restrict(find_matches(comp, ta), None if targets is None else ta.codes.in_order(targets),
                         self.compounds)
            decisions = self._decide(comp, ta, m)
            layout = Layout.of(ta, m.start)
        by_cols, unit_of_run, unit_frame, run_keep = doc_units(docs, layout.doc_ids, by, self.dropna)
        table, match_frame = self._aggregate(comp, layout, m, decisions, by_cols, unit_of_run, unit_frame, run_keep)
        if kwic is not None:   # the rows of the kept matches, as in match_frame
            kwic = kwic.iloc[np.flatnonzero(run_keep[layout.run])].reset_index(drop=True) if len(m) else kwic
        settings = {"lexicon": f"{comp.lexicon.name} v{comp.lexicon.version}", "n_entries": len(comp.entries),
                    "places": list(places), "demonyms_dropped": dict(self._last_dropped),
                    "index_categories": self._index_categories(comp),
                    "count_distanced": self.count_distanced, "count_negated": self.count_negated,
                    "count_modifiers": self.count_modifiers,
                    "count_quoted_speech": self.count_quoted_speech, "ci": self.ci, "confidence": self.confidence,
                    "cluster": self.cluster, **self._term_settings()}
        self.result_ = OtheringResult(table, match_frame, ta, by_cols, settings, self.context_tokens, kwic=kwic)
        return self.result_

    def _term_settings(self) -> dict[str, Any]:
        """The term selector's settings where they differ from the defaults (for ``settings``)."""
        from framing.nlp.terms import MATCH_DEFAULTS, as_list

        out = {"stopwords": self.stopwords if isinstance(self.stopwords, (bool, type(None)))
               else sorted(as_list(self.stopwords) or []),
               "stopwords_extra": sorted(as_list(self.stopwords_extra) or []),
               "stopwords_remove": sorted(as_list(self.stopwords_remove) or []),
               "pos": self.pos if self.pos in (None, "auto") else as_list(self.pos), "compounds": self.compounds,
               "min_count": self.min_count, "min_df": self.min_df}
        return {k: v for k, v in out.items() if v != MATCH_DEFAULTS[k]}

    def _targets(self, tokens: Any) -> np.ndarray | None:
        """The tokens an entry may match (:func:`framing.nlp.terms.match_targets`), None: all."""
        from framing.nlp.terms import match_targets

        return match_targets(tokens, stopwords=self.stopwords, stopwords_extra=self.stopwords_extra,
                             stopwords_remove=self.stopwords_remove, pos=self.pos, compounds=self.compounds,
                             min_count=self.min_count, min_df=self.min_df)

    def _index_categories(self, comp: CompiledLexicon) -> list[str]:
        """The scorer's ``index_categories``, else the lexicon's ``index_categories``, else all."""
        if isinstance(self.index_categories, str):
            return list(comp.categories) if self.index_categories == "all" else [self.index_categories]
        if self.index_categories is not None:
            return list(self.index_categories)
        own = getattr(comp.lexicon, "index_categories", None)
        cats = [c for c in comp.categories if own is None or c in own]
        return cats

    def _decide(self, comp: CompiledLexicon, ta: TokenArrays, m: Matches) -> dict[str, np.ndarray]:
        """Flags, cue and the first exclusion reason per match."""
        n = len(m)
        ctx = Context(comp, ta)
        flags = ctx.distanced(m)
        negated = ctx.negated(m.start, m.end)
        needs = comp.entry_needs[m.entry] if n else np.zeros(0, dtype=np.int8)
        cue = ctx.newcomer_reference(m, needs == 2)
        ctx_ok = np.ones(n, dtype=bool)
        ctx_ok[needs == 1] = ctx.newcomer_context(m, needs == 1)[needs == 1]
        # ambiguous mass metaphors: a newcomer word in the same sentence, not a literal use
        sentence = needs == 3
        if sentence.any():
            ctx_ok[sentence] = (ctx.newcomer_context(m, sentence, sentences=0)
                                & ~ctx.literal(m, sentence))[sentence]
        category, first = self._modified(comp, ctx, m, flags)
        fails = [m.attributive, (needs == 2) & (cue == 0), ~ctx_ok,
                 (m.mtype == MODIFIER) & (not self.count_modifiers),
                 flags["distanced"] & (not self.count_distanced),
                 flags["quoted_speech"] & (not self.count_quoted_speech),
                 negated & (not self.count_negated)]
        reason = np.full(n, -1, dtype=np.int8)
        for r, f in enumerate(fails):
            reason[(reason < 0) & f] = r
        return {**flags, "negated": negated, "cue": cue, "reason": reason, "counted": reason < 0,
                "category": category, POSITION_DECISION: first}

    def _modified(self, comp: CompiledLexicon, ctx: Context, m: Matches,
                  flags: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Category per match after the lexicon's ``modifier_rules`` ("illegale Migranten":
        group_label_neutral -> delegitimising_label) and the first token of each match (the
        modifier where a rule applied). A moved match is not distanced by the "sogenannt" or the
        quotation marks that moved it (only a metalinguistic noun before it still distances)."""
        category = comp.entry_category[m.entry].astype(np.int64) if len(m) else np.zeros(0, dtype=np.int64)
        first = m.start.copy()
        rules = getattr(comp.lexicon, "modifier_rules", ())
        if not len(m) or not rules:
            return category, first
        index = {c: i for i, c in enumerate(comp.categories)}
        moved = np.zeros(len(m), dtype=bool)
        for rule in rules:
            src = np.isin(category, [index[c] for c in rule["applies_to"]]) & ~moved
            if not src.any():
                continue
            off = np.zeros(len(m), dtype=np.int64)
            idx = np.flatnonzero(src)
            off[idx] = ctx.modifier_before(m.start[idx], rule["list"], rule["window"])
            hit = src & (off > 0)
            if rule["scare_quotes"]:
                # scare quotes delegitimise, a word quoted as a word ("man dürfe nicht
                # „Flüchtlinge“ sagen") is only mentioned: it stays neutral and distanced
                hit |= src & flags["scare_quoted"] & ~flags["metalinguistic"]
            category[hit] = index[rule["category"]]
            first[hit] = m.start[hit] - off[hit]
            moved |= hit
        if moved.any():
            idx = np.flatnonzero(moved)
            meta = flags["metalinguistic"][idx] | ctx.preceded_by(
                first[idx], "metalinguistic_before", comp.numbers.get("distancing_window", 3))
            flags["distanced"][idx] = meta
            flags["marked"][idx] = meta
        return category, first

    def _aggregate(self, comp: CompiledLexicon, layout: Layout, m: Matches, d: dict[str, np.ndarray],
                   by_cols: list[str] | None, unit_of_run: np.ndarray, unit_frame: pd.DataFrame,
                   run_keep: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The unit table and the match table from the matches, their decisions and the
        :class:`~framing.matching.layout.Layout` (doc_id and words per document, the document
        of each match): no token table, so one process and Dask parts share this code."""
        n_units = len(unit_frame)
        n_runs = len(layout.doc_ids)
        cats = comp.categories
        in_index_cat = np.isin(np.arange(len(cats)), [cats.index(c) for c in self._index_categories(comp)])
        run = layout.run if len(m) else np.zeros(0, dtype=np.int64)
        keep = run_keep[run] if len(m) else np.zeros(0, dtype=bool)
        cat = d["category"]
        oth = comp.entry_othering[m.entry] if len(m) else np.zeros(0, dtype=bool)
        counted = d["counted"]
        in_index = counted & in_index_cat[cat]

        # per document (run) counts for the index and its uncertainty
        o_doc = np.bincount(run[in_index & oth & keep], minlength=n_runs).astype(float)
        n_doc = np.bincount(run[in_index & keep], minlength=n_runs).astype(float)
        ntok_doc = layout.words.astype(float)
        kept_runs = np.flatnonzero(run_keep)
        u_doc = unit_of_run[kept_runs]

        def per_unit(x: np.ndarray) -> np.ndarray:
            return np.bincount(u_doc, weights=x[kept_runs], minlength=n_units)

        O, N, ntok = per_unit(o_doc), per_unit(n_doc), per_unit(ntok_doc)
        cols: dict[str, Any] = {"n_tokens": ntok.astype(np.int64), "othering": O.astype(np.int64),
                                "recognition": (N - O).astype(np.int64)}
        with np.errstate(invalid="ignore", divide="ignore"):
            cols["othering_index"] = np.where(N > 0, O / np.where(N > 0, N, 1), np.nan)
            # the same balance on a -1..1 scale with its neutral midpoint where nothing matched:
            # recognition-only ranks below "no evidence" (0), which ranks below othering-only
            cols["othering_balance"] = np.where(N > 0, (2 * O - N) / np.where(N > 0, N, 1), 0.0)
            scale = np.where(ntok > 0, 1000.0 / np.where(ntok > 0, ntok, 1), np.nan)
        low, high, deff, method = self._intervals(O, N, o_doc[kept_runs], n_doc[kept_runs], u_doc, n_units)
        cols.update({"ci_low": low, "ci_high": high, "design_effect": deff, "ci_method": method,
                     "othering_per_1k": O * scale, "recognition_per_1k": (N - O) * scale})
        m_unit = unit_of_run[run] if len(m) else np.zeros(0, dtype=np.int64)
        counts = {c: np.bincount(m_unit[counted & keep & (cat == i)], minlength=n_units).astype(np.int64)
                  for i, c in enumerate(cats)}
        cols.update(counts)
        cols.update({f"{c}_per_1k": counts[c] * scale for c in cats})
        for r, name in enumerate(REASONS):
            cols[f"excluded_{name}"] = np.bincount(m_unit[keep & (d["reason"] == r)],
                                                   minlength=n_units).astype(np.int64)
        cols["n_matches"] = np.bincount(m_unit[keep], minlength=n_units).astype(np.int64)
        table = pd.concat([unit_frame.reset_index(drop=True), pd.DataFrame(cols)], axis=1)

        # one row per match (no text yet: the KWIC columns are built lazily)
        label = unit_labels(unit_frame, by_cols)
        sel = np.flatnonzero(keep)
        matches = pd.DataFrame({
            "doc_id": pd.array([layout.doc_ids[r] for r in run[sel]], dtype="string"),
            "unit": pd.array([label[u] for u in m_unit[sel]], dtype="string"),
            "start": d["first"][sel], "end": m.end[sel],
            "term": [comp.entries[e].name for e in m.entry[sel]],
            "category": pd.Categorical([cats[c] for c in cat[sel]], categories=cats),
            "polarity": np.where(oth[sel], "othering", "recognition"),
            "match_type": [MATCH_NAMES[t] for t in m.mtype[sel]],
            "distanced": d["distanced"][sel], "scare_quoted": d["scare_quoted"][sel],
            "quoted_speech": d["quoted_speech"][sel], "quote_tokens": d["quote_tokens"][sel],
            "negated": d["negated"][sel],
            "cue": [CUES[c] for c in d["cue"][sel]],
            "counted": counted[sel], "in_index": in_index[sel],
            "reason": ["" if r < 0 else REASONS[r] for r in d["reason"][sel]],
        })
        return table.reset_index(drop=True), matches

    def _intervals(self, O: np.ndarray, N: np.ndarray, o_doc: np.ndarray, n_doc: np.ndarray,
                   u_doc: np.ndarray, n_units: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        deff = design_effect(o_doc, n_doc, u_doc, n_units) if self.cluster else np.ones(n_units)
        if self.ci == "none":
            nan = np.full(n_units, np.nan)
            return nan, nan.copy(), deff, ["none"] * n_units
        with np.errstate(invalid="ignore", divide="ignore"):
            n_eff = N / deff
            low, high = wilson_interval(O / N * n_eff, n_eff, self.confidence)
        low = np.where(O == 0, np.where(N > 0, 0.0, np.nan), low)      # exact bounds, no float noise
        high = np.where((O == N) & (N > 0), 1.0, high)
        method = ["wilson" if not self.cluster else "wilson_deff"] * n_units
        if self.ci == "bootstrap":
            alpha = (1 - self.confidence) / 2
            order = np.argsort(u_doc, kind="stable")
            bounds = np.searchsorted(u_doc[order], np.arange(n_units + 1))
            for u in range(n_units):
                docs = order[bounds[u]:bounds[u + 1]]
                if int((n_doc[docs] > 0).sum()) < MIN_DOCS_BOOTSTRAP:
                    continue  # too few clusters to resample: keep the Wilson interval
                rng = np.random.default_rng([0 if self.random_state is None else int(self.random_state), u])
                k = len(docs)
                ob = np.empty(self.n_boot, dtype=np.result_type(o_doc.dtype, np.int64))
                nb = np.empty(self.n_boot, dtype=np.result_type(n_doc.dtype, np.int64))
                for a, b in boot_blocks(self.n_boot, k):    # memory: one block of draws at a time
                    w = rng.multinomial(k, np.full(k, 1.0 / k), size=b - a)
                    ob[a:b], nb[a:b] = w @ o_doc[docs], w @ n_doc[docs]
                p = ob[nb > 0] / nb[nb > 0]
                if len(p):
                    low[u], high[u] = np.quantile(p, [alpha, 1 - alpha])
                    method[u] = "bootstrap"
        return low, high, deff, method


#: the decision that holds token positions (the first token of each match, a modifier where a
#: modifier rule moved it): shifted with the matches when parts are joined (framing.scale.scores)
POSITION_DECISION = "first"


# --------------------------------------------------------------------------------------------
# evidence (keyword in context)
# --------------------------------------------------------------------------------------------
def build_evidence(matches: pd.DataFrame, ta: TokenArrays | None, width: int = 10, *,
                   kwic: pd.DataFrame | None = None) -> pd.DataFrame:
    """KWIC rows for ``matches``: left context, match, right context (original spacing), the
    sentence, token and character offsets; from ``ta``, or ``kwic`` (those columns already
    built, one row per match: :func:`framing.matching.evidence.kwic_columns` with
    ``sentence=True``)."""
    cols = ["doc_id", "unit", "sent_id", "token_start", "token_end", "start_char", "end_char", "term",
            "category", "polarity", "match_type", "left", "match", "right", "sentence", "distanced",
            "scare_quoted", "quoted_speech", "quote_tokens", "negated", "cue", "counted", "in_index", "reason"]
    if len(matches) == 0:
        empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
        for c in ("distanced", "scare_quoted", "quoted_speech", "negated", "counted", "in_index"):
            empty[c] = empty[c].astype(bool)
        return empty
    if kwic is not None:
        ev = kwic.reset_index(drop=True).copy()
    elif ta is None:
        raise ValueError("build_evidence needs token arrays or KWIC columns")
    else:
        start = matches["start"].to_numpy()
        end = matches["end"].to_numpy()
        ev = kwic_columns(ta, start, end, width=width, sentence=True)  # the one KWIC builder
    ev["doc_id"] = matches["doc_id"].to_numpy()
    for c in ("unit", "term", "category", "polarity", "match_type", "distanced", "scare_quoted",
              "quoted_speech", "quote_tokens", "negated", "cue", "counted", "in_index", "reason"):
        ev[c] = matches[c].to_numpy()
    return ev[cols]


def score(tokens: Any, by: str | Sequence[str] | None = "doc", **options: Any) -> OtheringResult:
    """Shortcut: ``OtheringScorer(**options).score(tokens, by)``."""
    return OtheringScorer(**options).score(tokens, by=by)


__all__ = ["OtheringScorer", "OtheringResult", "wilson_interval", "design_effect", "build_evidence",
           "score", "REASONS"]
