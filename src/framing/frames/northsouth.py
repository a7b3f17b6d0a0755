"""The north/south division as its own measure: compass and district mentions in problem contexts.

    ns = north_south(tokens, "integration_modes", by="place")
    ns.table      # per town: mentions, how many stand in a problem context, share + interval
    ns.evidence   # one KWIC row per mention: the term, problem context or not, which problem words

In the problematisation mode, a city is talked about as split into a bourgeois south and a
"problem" north ("Essener Norden", "Nord-Süd-Gefälle", the A40 as "Sozialäquator"), and named
districts appear next to words like "Belastung", "Brennpunkt", "Ghetto". This measure finds every
compass term and every named district, and asks whether problem vocabulary (the codebook's
problematisation frame, counted as :func:`framing.score_frames` counts it) stands in the same
sentence (``window=None``) or within ``window`` tokens in the same document. A problem word that
*is* the mention ("Nord-Süd-Gefälle" is both) does not count as its own context.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.frames.result import MIN_DOCS_WITH_HITS
from framing.grouping import group_keys, resolve_by

#: compass terms of the north/south division (one word: lemma, compound head and modifier, so
#: "Nord" also finds "Nordstadt", "Essen-Nord"; "Norden" finds "Essener Norden")
COMPASS_TERMS: tuple[Any, ...] = (
    "Norden", "Süden", "Nord", "Süd", "nördlich", "südlich", "Nord-Süd-Gefälle", "Süd-Nord-Gefälle",
    "Nord-Süd-Spaltung", "Nord-Süd-Teilung", "A40", "A 40", "Sozialäquator", "Ruhrschnellweg")
#: district kinds of the shipped gazetteer used as district names (not the unofficial Ortslagen)
DISTRICT_KINDS: frozenset[str] = frozenset({"Stadtteil", "Ortsteil", "Siedlung"})


@dataclass
class NorthSouthResult:
    """``table`` (one row per unit), ``evidence`` (one row per mention), ``settings``."""

    table: pd.DataFrame
    evidence: pd.DataFrame
    settings: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"<NorthSouthResult: {len(self.table)} units, {len(self.evidence)} mentions, "
                f"{int(self.evidence['problem_context'].sum()) if len(self.evidence) else 0} in problem contexts>")


def _district_table() -> pd.DataFrame:
    from importlib import resources
    path = resources.files("framing").joinpath("resources/places/districts.csv")
    with path.open(encoding="utf-8") as fh:
        d = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return d[d["kind"].isin(DISTRICT_KINDS)]


def shipped_districts(cities: Sequence[str] | None = None) -> list[str]:
    """District names from the shipped gazetteer (``resources/places/districts.csv``: Stadtteile,
    Ortsteile, Siedlungen), of the given ``cities`` (parent municipality) or of all."""
    d = _district_table()
    if cities is not None:
        d = d[d["parent"].isin(list(cities))]
    return sorted(set(d["name"]))


def _cities_in(values: Iterable[str]) -> list[str]:
    """Gazetteer cities whose name is part of a place value ("Essen" in "Essen-Altenessen/Karnap")."""
    import re
    from importlib import resources
    path = resources.files("framing").joinpath("resources/places/districts.csv")
    with path.open(encoding="utf-8") as fh:
        parents = set(pd.read_csv(fh, dtype=str, keep_default_na=False)["parent"])
    out = []
    for p in sorted(parents):
        rx = re.compile(rf"(?<!\w){re.escape(p)}(?!\w)")
        if any(rx.search(str(v)) for v in values):
            out.append(p)
    return out


def _span_texts(ta: Any, start: np.ndarray, end: np.ndarray) -> list[str]:
    """The words of each token span (one gather for single tokens)."""
    if len(start) == 0:
        return []
    first = [str(t) for t in ta.texts(start)]
    out = []
    for i, (s, e) in enumerate(zip(start, end)):
        out.append(first[i] if e == s else " ".join(str(t) for t in ta.texts(np.arange(s, e + 1))))
    return out


def north_south(tokens: Any, codebook: Any = "integration_modes", by: str | Sequence[str] | None = "place", *,
                frame: str = "problematisation", window: int | None = None,
                districts: Sequence[str] | None = None, cities: Sequence[str] | None = None,
                compass: Sequence[Any] | None = None, n_boot: int = 1000, confidence: float = 0.95,
                random_state: int | None = 0, context_tokens: int = 8, client: Any = None) -> NorthSouthResult:
    """How often compass terms and named districts stand in problem contexts, per unit of ``by``.

    ``frame``: the codebook frame whose terms are the problem vocabulary. ``window``: ``None``
    (same sentence) or a number of tokens either side (same document). ``districts``: district
    names to look for (one word or several; ``[]`` for none); default: the shipped gazetteer's
    districts of ``cities``, or of the cities named in the documents' ``place`` values, each
    counted only in documents whose ``place`` names its city. District names count only as
    nouns/proper nouns (not the verb "Werden" at the start of a sentence) and not right before
    a proper noun ("Horst Seehofer" is a person, not Essen-Horst).
    ``compass``: the compass terms (default :data:`COMPASS_TERMS`; codebook term syntax, so
    globs and ``{"regex": ...}`` work).

    ``table``: ``n_docs``, ``n_tokens``, ``n_mentions`` (compass + district), ``n_problem`` (of
    them in a problem context), ``share`` with ``share_low``/``share_high`` (percentile bootstrap
    over the unit's documents), ``n_compass``/``compass_problem``, ``n_district``/``district_problem``,
    ``mentions_per_1k``, ``problem_per_1k`` (mentions in problem contexts per 1,000 words: how
    present the division is, where ``share`` says how it is talked about) with
    ``problem_per_1k_low``/``_high`` (bootstrap over all the unit's documents). An interval
    drawn from fewer than :data:`~framing.frames.result.MIN_DOCS_WITH_HITS` documents (with
    mentions, for ``share``; in the unit, for the rate) is left out (NaN), as for frame shares:
    resampling one or two documents gives a point or a wide guess, not an interval. ``evidence``: KWIC
    of every mention with ``kind`` (compass/district),
    ``term``, ``problem_context`` and ``problem_terms`` (the problem words in context).

    ``client`` (a ``dask.distributed.Client``): the mentions and their contexts are found on its
    workers, part by part (:func:`framing.scale.scores.north_south_mentions`; ``tokens`` may be a
    tokens folder, never loaded here); the same tables."""
    from framing.frames.codebook import Codebook
    from framing.frames.scoring import as_codebook
    from framing.nlp.tokens import Tokens

    if not isinstance(tokens, Tokens):
        raise InputError(f"north_south() takes framing Tokens, not {type(tokens).__name__}")
    if window is not None and (not isinstance(window, (int, np.integer)) or window < 0):
        raise InputError(f"window must be None (same sentence) or a number of tokens >= 0, not {window!r}")
    if not 0 < confidence < 1:
        raise InputError(f"confidence must be between 0 and 1, not {confidence!r}")
    cb = as_codebook(codebook)
    if frame not in cb.frames:
        raise InputError(f"the codebook {cb.name!r} has no frame {frame!r}; frames: {list(cb.frames)}")
    docs = tokens.docs.copy()
    docs["doc_id"] = docs["doc_id"].astype(str)
    docs = docs.drop_duplicates("doc_id")
    by_cols = resolve_by(by) or []
    for col, values in group_keys(docs, by_cols).items():  # derived keys (doc, year …) as columns
        docs[col] = values
    own_city = districts is None and cities is None and "place" in docs.columns
    if districts is None:
        if cities is None:
            cities = _cities_in(docs["place"].dropna().astype(str).unique()) if "place" in docs.columns else []
        districts = shipped_districts(cities) if cities else []
    compass_terms = list(COMPASS_TERMS if compass is None else compass)
    district_terms = [d for d in dict.fromkeys(str(x).strip() for x in districts) if d]
    frames: dict[str, Any] = {}
    if compass_terms:
        frames["compass"] = compass_terms
    if district_terms:
        frames["district"] = district_terms
    if not frames:
        raise InputError("no compass terms and no districts to look for")
    mention_cb = Codebook.from_dict(frames)
    mention_cb.context = dict(cb.context)
    problem_cb = Codebook([cb[frame]], name=cb.name, version=cb.version, context=cb.context, count=cb.count)
    if client is not None:
        from framing.scale.scores import north_south_mentions

        kw, words = north_south_mentions(tokens, mention_cb, problem_cb, window, context_tokens, client)
    else:
        kw, words = mentions_in_context(tokens.table, mention_cb, problem_cb, window, context_tokens)
    if own_city and len(kw):
        # default districts: one counts only in documents about its own city (an Altena text that
        # names "Horst" means a person, not Essen-Horst); every mention's other columns are its
        # own, so leaving some out afterwards is the same as never finding them
        import re
        parents = _district_table().groupby("name")["parent"].agg(set).to_dict()
        place_of = {d: ("" if pd.isna(v) else str(v)) for d, v in zip(docs["doc_id"], docs["place"].astype(object))}
        keep = []
        for fr, term, doc in zip(kw["kind"], kw["term"], kw["doc_id"].astype(str)):
            if fr != "district":
                keep.append(True)
                continue
            place = place_of.get(doc, "")
            keep.append(any(
                re.search(rf"(?<!\w){re.escape(p)}(?!\w)", place) for p in parents.get(term, ())))
        kw = kw[np.array(keep, dtype=bool)].reset_index(drop=True)
    meta = docs[list(dict.fromkeys(["doc_id", *by_cols]))]
    evidence = kw.merge(meta, on="doc_id", how="left")
    if by_cols:
        evidence = evidence[list(dict.fromkeys(["doc_id", *by_cols, *kw.columns]))]

    # per unit
    d = meta.copy()
    d["n_tokens"] = d["doc_id"].map(words).fillna(0).astype(np.int64)
    ev = evidence.assign(mc=evidence["kind"].eq("compass"),
                         pc=evidence["kind"].eq("compass") & evidence["problem_context"])
    per_doc = ev.groupby("doc_id").agg(m=("kind", "size"), p=("problem_context", "sum"), mc=("mc", "sum"),
                                       pc=("pc", "sum")).reset_index()
    d = d.merge(per_doc, on="doc_id", how="left").fillna({"m": 0, "p": 0, "mc": 0, "pc": 0})
    for c in ("m", "p", "mc", "pc"):
        d[c] = d[c].astype(np.int64)
    keys = by_cols or None
    groups = d.groupby(by_cols, dropna=True, sort=True) if keys else [((), d)]
    alpha = (1 - confidence) / 2
    rows = []
    for u, (key, g) in enumerate(groups):
        key = key if isinstance(key, tuple) else (key,)
        m, p = int(g["m"].sum()), int(g["p"].sum())
        row = dict(zip(by_cols, key))
        low = high = low_k = high_k = np.nan
        if n_boot > 0 and len(g) >= MIN_DOCS_WITH_HITS:
            rng = np.random.default_rng([1 if random_state is None else int(random_state) + 1, u])
            tt, pk = _boot_sums(rng, n_boot, g["n_tokens"].to_numpy(), g["p"].to_numpy())
            ok = tt > 0
            if ok.any():
                low_k, high_k = np.quantile(1000 * pk[ok] / tt[ok], [alpha, 1 - alpha])
        hm = g[g["m"] > 0]
        if n_boot > 0 and len(hm) >= MIN_DOCS_WITH_HITS:
            rng = np.random.default_rng([0 if random_state is None else int(random_state), u])
            mm, pp = _boot_sums(rng, n_boot, hm["m"].to_numpy(), hm["p"].to_numpy())
            low, high = np.quantile(pp / mm, [alpha, 1 - alpha])
        n_tok = int(g["n_tokens"].sum())
        row.update({"n_docs": len(g), "n_tokens": n_tok, "n_mentions": m, "n_problem": p,
                    "share": p / m if m else np.nan, "share_low": low, "share_high": high,
                    "n_compass": int(g["mc"].sum()), "compass_problem": int(g["pc"].sum()),
                    "n_district": int(m - g["mc"].sum()), "district_problem": int(p - g["pc"].sum()),
                    "mentions_per_1k": 1000 * m / n_tok if n_tok else np.nan,
                    "problem_per_1k": 1000 * p / n_tok if n_tok else np.nan,
                    "problem_per_1k_low": low_k, "problem_per_1k_high": high_k})
        rows.append(row)
    table = pd.DataFrame(rows)
    settings = {"codebook": f"{cb.name} v{cb.version}", "frame": frame, "window": window,
                "n_compass_terms": len(compass_terms), "districts": district_terms, "n_boot": n_boot,
                "confidence": confidence, "random_state": random_state, "by": by}
    return NorthSouthResult(table, evidence.reset_index(drop=True), settings)


def _boot_sums(rng: np.random.Generator, n_boot: int, *values: np.ndarray) -> list[np.ndarray]:
    """Per bootstrap replicate (documents drawn with replacement), the sum of each of ``values``
    (one integer per document): drawn in blocks (:func:`framing.matching.layout.boot_blocks`),
    the same draws as one call."""
    from framing.matching.layout import boot_blocks

    k = len(values[0])
    out = [np.empty(n_boot, dtype=np.asarray(v).dtype) for v in values]
    for a, b in boot_blocks(n_boot, k):
        draws = rng.integers(0, k, size=(b - a, k))
        for o, v in zip(out, values):
            o[a:b] = v[draws].sum(axis=1)
    return out


def mentions_in_context(table: pd.DataFrame, mention_cb: Any, problem_cb: Any, window: int | None,
                        context_tokens: int, compiled: tuple[Any, Any] | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """The compass/district mentions of a token table (whole documents) with their KWIC columns,
    ``kind``, ``term``, ``problem_context`` and ``problem_terms``, and the words per document
    (doc_id → count). Per document: a table of some documents gives their rows of the whole
    (:func:`north_south` with ``client=`` runs it on the workers; ``compiled``: both codebooks
    compiled for the whole corpus)."""
    from framing.frames.scoring import find_frame_hits
    from framing.matching.evidence import kwic_columns

    cm, cp = compiled if compiled is not None else (None, None)
    all_count = {"negated": True, "distanced": True, "quoted_speech": True}
    mhits, ta = find_frame_hits(table, mention_cb, count=all_count, flags=False, compiled=cm)
    # one mention per token span (a term in both lists counts once, as compass)
    mhits = mhits[mhits["counted"].to_numpy(dtype=bool)].drop_duplicates(["start", "end"]).reset_index(drop=True)
    if len(mhits) and "upos" in ta.table.columns:
        # a district name is a name: "Werden" at the start of a sentence is the verb, not Essen-Werden
        # and "Horst Seehofer" is a person: a one-word district name right before a proper noun
        # in the same sentence is taken for a first name
        all_upos = ta.table["upos"].to_numpy(dtype=object)
        st = mhits["start"].to_numpy(np.int64)
        en = mhits["end"].to_numpy(np.int64)
        upos = all_upos[st]
        is_name = pd.Series(upos).isin(["PROPN", "NOUN", "X"]).to_numpy() | pd.isna(upos)
        nxt = np.minimum(en + 1, ta.n - 1)
        next_propn = (pd.Series(all_upos[nxt], dtype=object) == "PROPN").to_numpy(dtype=bool)  # NA: no tag
        first_name = (st == en) & (en + 1 < ta.n) & (ta.sent[nxt] == ta.sent[st]) & next_propn
        mhits = mhits[(mhits["frame"] != "district").to_numpy() | (is_name & ~first_name)].reset_index(drop=True)
    phits, _ = find_frame_hits(table, problem_cb, flags=False, compiled=cp)
    phits = phits[phits["counted"].to_numpy(dtype=bool)].sort_values("start", kind="stable").reset_index(drop=True)
    ps = phits["start"].to_numpy(np.int64)
    pe = phits["end"].to_numpy(np.int64)
    # the problem hits live in the same token order: map them through the same arrays
    psent = ta.sent[ps] if len(ps) else np.zeros(0, np.int64)
    pdoc = ta.doc[ps] if len(ps) else np.zeros(0, np.int64)
    hit_text = _span_texts(ta, ps, pe)
    ms = mhits["start"].to_numpy(np.int64)
    me = mhits["end"].to_numpy(np.int64)
    in_problem = np.zeros(len(ms), dtype=bool)
    problem_terms: list[str] = []
    for i, (s, e) in enumerate(zip(ms, me)):
        if len(ps) == 0:
            problem_terms.append("")
            continue
        if window is None:
            lo = np.searchsorted(psent, ta.sent[s], "left")
            hi = np.searchsorted(psent, ta.sent[s], "right")
            cand = np.arange(lo, hi)
        else:
            lo = np.searchsorted(ps, s - window - 64, "left")      # phrases: end may pass start
            hi = np.searchsorted(ps, e + window, "right")
            cand = np.arange(lo, hi)
            cand = cand[(pdoc[cand] == ta.doc[s]) & (pe[cand] >= s - window) & (ps[cand] <= e + window)]
        cand = cand[(pe[cand] < s) | (ps[cand] > e)]                # not the mention itself
        in_problem[i] = len(cand) > 0
        problem_terms.append("; ".join(dict.fromkeys(
            hit_text[c] for c in cand)))
    kw = kwic_columns(ta, ms, me, context_tokens)
    kw["kind"] = mhits["frame"].to_numpy()
    kw["term"] = mhits["term"].to_numpy()
    kw["problem_context"] = in_problem
    kw["problem_terms"] = problem_terms
    kw["doc_id"] = kw["doc_id"].astype(str)
    words = (pd.Series(ta.words_per_doc(), index=pd.Index(ta.doc_ids, name="doc_id")) if ta.n
             else pd.Series(dtype=int))
    return kw, words


__all__ = ["mentions_in_context", "north_south", "NorthSouthResult", "COMPASS_TERMS", "shipped_districts"]
