"""Precision of the othering scorer's counted matches on real text, per category (hand-checked).

    python benchmarks/bench_othering_precision.py              # precision per category and overall
    python benchmarks/bench_othering_precision.py --errors     # ... and every wrong row in context
    python benchmarks/bench_othering_precision.py draw --out /tmp/draft.csv   # draw a new sample

Needs ``../shared/data`` (the project's development sets; it exits with a message when they
are absent). ``benchmarks/data/othering_gold.csv`` holds a hand-checked sample of *counted*
evidence rows of ``framing.OtheringScorer(places=None)`` (lexicon 1.4, default settings, the
code before the scare-quote fix of the same change) on four real sources. It stores *no text* of those sets, only

``source, doc_key, start, end, term, category, judgement, reason``

Sources and what ``doc_key``, ``start`` and ``end`` refer to (offsets are ``evidence.start_char``
/ ``end_char``: character offsets into the document text named here, so that
``text[start:end]`` is the match):

* ``bundestag`` – ``bundestag-wp19/*.xml`` read with ``framing.read(files)`` (default cleaning);
  ``doc_key`` is the reader's ``doc_id`` of the speech, offsets into the corpus ``text``;
* ``debatenet`` – ``debatenet-dev/claims.jsonl`` read with pandas (one row per line), a quote
  annotated twice kept once (the first row), ``Corpus.from_frame(df, text_col="quote",
  id_col="anno_id")``: ``doc_key`` is the ``anno_id``, offsets into ``quote`` as in the file;
* ``gnad`` – ``gnad-dev/articles.csv`` read with pandas (``header=None``, ``sep=";"``,
  ``quotechar="'"``), ``Corpus.from_frame``: ``doc_key`` is the 0-based row number, offsets
  into the ``text`` column as in the file;
* ``tweets`` – ``iwg-refugee-tweets/tweets.csv`` read with pandas, ``Corpus.from_frame``:
  ``doc_key`` is the 0-based row number, offsets into ``Tweet`` as in the file.

The sample (``draw``, ``random_state`` 0): per category, the counted rows of each source in a
random order, taken in turn from the sources (so that every source with matches is in it) up
to 27 per category; a category with fewer counted matches is taken whole. Each row was judged
by reading its passage in the original text: ``correct`` (the word or phrase is used in the
category's sense, about newcomers/migrants, not negated, not mentioned as a word, not about
something else) or ``wrong`` with a one-word ``reason`` (``not_migrants``, ``negated``,
``quoted``, ``name``, ``historical``, ``other_sense``, ``negated``, ...). Reported speech and
reported positions are judged by the term, like the scorer counts them: a reported demand for an
*Obergrenze* is correct. Where the passage takes the opposite stance to the category – a demand
named to reject it, a label named to criticise it, a recognition word in a hostile tweet – the
row is ``correct`` with the note ``stance`` in ``reason``; ``strict`` counts those as wrong.
One coder, the developers: no inter-coder agreement.

Scoring: the scorer is run again on the same documents; gold rows are aligned by (source,
doc_key, start, end). Precision per gold category = correct / judged among the gold rows the
current scorer still counts in the same category, with a Wilson 95 % interval. Rows it no
longer produces, no longer counts, or counts in another category are reported apart (so the
file stays usable as the lexicon changes). ``overall`` is the sample's precision (every judged
row weighs the same, so rare categories weigh more than in text); ``weighted`` re-weights each
category by its share of all counted matches in the four sources.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
GOLD = HERE / "data" / "othering_gold.csv"
SHARED = HERE.parent.parent / "shared" / "data"
SOURCES = ("bundestag", "debatenet", "gnad", "tweets")
PER_CATEGORY = 27
GOLD_COLUMNS = ["source", "doc_key", "start", "end", "term", "category", "judgement", "reason"]


def _frames(shared: Path) -> dict[str, tuple[Any, dict[str, str]]]:
    """Per source: the corpus and its ``doc_id`` → ``doc_key`` map (see the module docstring)."""
    import framing

    need = [shared / "bundestag-wp19", shared / "debatenet-dev" / "claims.jsonl",
            shared / "gnad-dev" / "articles.csv", shared / "iwg-refugee-tweets" / "tweets.csv"]
    missing = [str(p) for p in need if not p.exists()]
    if missing:
        raise FileNotFoundError(f"reference data not found: {', '.join(missing)} "
                                "(see ../shared/data/README.md)")
    out: dict[str, tuple[Any, dict[str, str]]] = {}
    files = sorted(glob.glob(str(shared / "bundestag-wp19" / "*.xml")))
    bt = framing.read(files, progress=False)
    out["bundestag"] = (bt, {d: d for d in bt.docs["doc_id"]})
    deb = pd.read_json(shared / "debatenet-dev" / "claims.jsonl", lines=True, dtype=False)
    deb = deb.drop_duplicates("quote")[["anno_id", "quote"]].reset_index(drop=True)
    out["debatenet"] = (framing.Corpus.from_frame(deb, text_col="quote", id_col="anno_id"),
                        {a: a for a in deb["anno_id"]})
    g = pd.read_csv(shared / "gnad-dev" / "articles.csv", sep=";", quotechar="'", header=None,
                    names=["label", "text"])
    out["gnad"] = (framing.Corpus.from_frame(g), {f"doc{i:06d}": str(i) for i in range(len(g))})
    tw = pd.read_csv(shared / "iwg-refugee-tweets" / "tweets.csv")
    tw = tw.rename(columns={"Tweet": "text", "Hatespeech Rating (Expert 2)": "rating"})[["text", "rating"]]
    out["tweets"] = (framing.Corpus.from_frame(tw), {f"doc{i:06d}": str(i) for i in range(len(tw))})
    return out


def load(shared: Path, cache: Path) -> tuple[pd.DataFrame, dict[tuple[str, str], str]]:
    """All evidence rows of the scorer on the four sources (with ``source`` and ``doc_key``)
    and the document texts keyed by (source, doc_key). Annotation is cached as Parquet under
    ``cache`` (the same files as ``bench_othering_validity.py`` for bundestag, gnad, tweets)."""
    import framing
    from framing.nlp.tokens import Tokens
    from framing.othering import OtheringScorer

    scorer = OtheringScorer(places=None)
    rows, texts = [], {}
    for source, (corpus, keys) in _frames(shared).items():
        path = cache / f"{source}.parquet"
        if path.exists():
            tokens = Tokens.read_parquet(path)
        else:
            t0 = time.perf_counter()
            tokens = framing.annotate(corpus, progress=False)
            cache.mkdir(parents=True, exist_ok=True)
            tokens.to_parquet(path)
            print(f"  annotated {source}: {len(tokens):,} tokens in {time.perf_counter() - t0:.0f} s "
                  f"(cached at {path})")
        docs = corpus.docs
        for doc_id, text in zip(docs["doc_id"], docs["text"]):
            texts[(source, keys[doc_id])] = text
        ev = scorer.score(tokens, by="doc").evidence.copy()
        ev.insert(0, "source", source)
        ev.insert(1, "doc_key", ev["doc_id"].map(keys))
        rows.append(ev)
    ev = pd.concat(rows, ignore_index=True)
    ev = ev.rename(columns={"start_char": "start", "end_char": "end"})
    ev["start"] = ev["start"].astype(int)
    ev["end"] = ev["end"].astype(int)
    return ev, texts


def draw(ev: pd.DataFrame, per_category: int = PER_CATEGORY, random_state: int = 0) -> pd.DataFrame:
    """The stratified sample of counted rows (see the module docstring), judgement empty."""
    rng = np.random.default_rng(random_state)
    counted = ev[ev["counted"]].sort_values(["category", "source", "doc_key", "start"]).reset_index(drop=True)
    picked = []
    for _, g in counted.groupby("category", sort=True):
        queues = [list(rng.permutation(s.index.to_numpy())) for _, s in g.groupby("source", sort=True)]
        take: list[int] = []
        while len(take) < per_category and any(queues):
            for q in queues:
                if q and len(take) < per_category:
                    take.append(q.pop(0))
        picked.append(counted.loc[sorted(take)])
    out = pd.concat(picked, ignore_index=True)[["source", "doc_key", "start", "end", "term", "category"]]
    out["judgement"] = ""
    out["reason"] = ""
    return out


def load_gold(path: Path = GOLD) -> pd.DataFrame:
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    gold["start"] = gold["start"].astype(int)
    gold["end"] = gold["end"].astype(int)
    return gold


def context(texts: dict[tuple[str, str], str], source: str, key: str, start: int, end: int,
            width: int = 120) -> str:
    text = texts[(source, key)]
    return (text[max(0, start - width):start] + "[[" + text[start:end] + "]]"
            + text[end:end + width]).replace("\n", " ")


def evaluate(gold: pd.DataFrame, ev: pd.DataFrame) -> dict[str, Any]:
    """Align the gold rows with the current evidence and compute precision per category."""
    from framing.othering.scorer import wilson_interval

    cur = ev[["source", "doc_key", "start", "end", "category", "counted", "reason"]].rename(
        columns={"category": "now_category", "reason": "now_reason"})
    cur = cur.drop_duplicates(["source", "doc_key", "start", "end", "now_category"])
    m = gold.merge(cur, on=["source", "doc_key", "start", "end"], how="left")
    # a span matched by several entries: keep the row of the gold category if there is one
    m["same"] = m["now_category"] == m["category"]
    m = m.sort_values("same", ascending=False).drop_duplicates(GOLD_COLUMNS).sort_index()
    status = np.where(m["now_category"].isna(), "not_produced",
                      np.where(~m["counted"].fillna(False).astype(bool), "not_counted",
                               np.where(m["same"], "scored", "other_category")))
    m["status"] = status
    scored = m[m["status"] == "scored"]
    counts = ev[ev["counted"]].groupby("category").size()
    rows = []
    for cat, g in scored.groupby("category", sort=True):
        k, n = int((g["judgement"] == "correct").sum()), len(g)
        lo, hi = wilson_interval(float(k), float(n))
        reasons = g.loc[g["judgement"] == "wrong", "reason"].value_counts()
        strict = int(((g["judgement"] == "correct") & (g["reason"] == "")).sum())
        rows.append({"category": cat, "polarity": "", "counted_in_text": int(counts.get(cat, 0)), "judged": n,
                     "correct": k, "precision": k / n, "ci_low": float(lo), "ci_high": float(hi),
                     "strict": strict / n,
                     "wrong_reasons": ", ".join(f"{r} {c}" for r, c in reasons.items())})
    table = pd.DataFrame(rows)
    k, n = int(table["correct"].sum()), int(table["judged"].sum())
    lo, hi = wilson_interval(float(k), float(n))
    w = table["counted_in_text"] / table["counted_in_text"].sum()
    return {"table": table, "aligned": m, "overall": (k, n, k / n, float(lo), float(hi)),
            "weighted": float((w * table["precision"]).sum()),
            "status": m["status"].value_counts().to_dict()}


def run_precision(args: argparse.Namespace) -> int:
    try:
        ev, texts = load(Path(args.shared), Path(args.cache))
    except FileNotFoundError as exc:
        print(f"bench_othering_precision: {exc}", file=sys.stderr)
        return 2
    gold = load_gold(Path(args.gold))
    res = evaluate(gold, ev)
    from framing.othering.lexicon import Lexicon
    from framing.othering.scorer import wilson_interval

    lex = Lexicon.default()
    pol = {c: lex.polarity_of(c) for c in lex.categories}
    table = res["table"]
    table["polarity"] = table["category"].map(pol).fillna("")
    table = table.sort_values(["polarity", "category"], ascending=[True, True])
    print(f"gold sample: {len(gold)} judged rows ({(gold['judgement'] == 'correct').sum()} correct) from "
          + ", ".join(f"{s} {c}" for s, c in gold["source"].value_counts().sort_index().items()))
    print(f"scorer: lexicon {lex.version}, {int(ev['counted'].sum()):,} counted matches in the four sources")
    st = res["status"]
    print(f"aligned: {st.get('scored', 0)} scored; no longer produced {st.get('not_produced', 0)}, "
          f"no longer counted {st.get('not_counted', 0)}, now another category {st.get('other_category', 0)}")
    pd.set_option("display.width", 250)
    show = table.assign(precision=table["precision"].round(3), ci_low=table["ci_low"].round(3),
                        ci_high=table["ci_high"].round(3), strict=table["strict"].round(3))
    print(show.to_string(index=False))
    k, n, p, lo, hi = res["overall"]
    strict = int((table["strict"] * table["judged"]).round().sum())
    print(f"overall (sample): {k}/{n} = {p:.3f} [{lo:.3f}, {hi:.3f}]; weighted by category share in the "
          f"text: {res['weighted']:.3f}; strict (stance notes wrong): {strict}/{n} = {strict / n:.3f}")
    groups = [(f"{p} categories", g) for p, g in table.groupby("polarity")]
    groups.append(("index categories", table[table["category"].isin(lex.index_categories)]))
    for pol_name, g in groups:
        kk, nn = int(g["correct"].sum()), int(g["judged"].sum())
        lo2, hi2 = wilson_interval(float(kk), float(nn))
        print(f"  {pol_name}: {kk}/{nn} = {kk / nn:.3f} [{float(lo2):.3f}, {float(hi2):.3f}]")
    if args.errors:
        m = res["aligned"]
        for r in m[(m["reason"] != "") | (m["status"] != "scored")].itertuples():
            tag = r.reason
            print(f"{r.status:14s} {r.category} [{tag}] {r.source}:{r.doc_key}@{r.start} {r.term!r} | "
                  f"{context(texts, r.source, r.doc_key, r.start, r.end, 90)}")
    return 0


def run_draw(args: argparse.Namespace) -> int:
    try:
        ev, texts = load(Path(args.shared), Path(args.cache))
    except FileNotFoundError as exc:
        print(f"bench_othering_precision: {exc}", file=sys.stderr)
        return 2
    sample = draw(ev, args.per_category, args.random_state)
    sample.to_csv(args.out, index=False)
    counts = ev[ev["counted"]].groupby(["category", "source"]).size().unstack(fill_value=0)
    print(counts.to_string())
    print(f"{len(sample)} rows written to {args.out}")
    if args.show:
        for i, r in enumerate(sample.itertuples()):
            print(f"{i} {r.category} {r.term!r} {r.source}:{r.doc_key}@{r.start} | "
                  f"{context(texts, r.source, r.doc_key, r.start, r.end)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--gold", default=str(GOLD), help="gold sample CSV (default: %(default)s)")
    ap.add_argument("--shared", default=str(SHARED), help="the shared data folder (default: %(default)s)")
    ap.add_argument("--cache", default="/tmp/framing-bench-othering", help="folder for the annotated Parquet")
    ap.add_argument("--errors", action="store_true", help="list every wrong or no longer scored row in context")
    sub = ap.add_subparsers(dest="cmd")
    dp = sub.add_parser("draw", help="draw a new sample to judge (judgement left empty)")
    dp.add_argument("--out", required=True)
    dp.add_argument("--per-category", type=int, default=PER_CATEGORY)
    dp.add_argument("--random-state", type=int, default=0)
    dp.add_argument("--show", action="store_true", help="print each drawn row in context")
    args = ap.parse_args(argv)
    os.environ.setdefault("TQDM_DISABLE", "1")
    return run_draw(args) if args.cmd == "draw" else run_precision(args)


if __name__ == "__main__":
    sys.exit(main())
