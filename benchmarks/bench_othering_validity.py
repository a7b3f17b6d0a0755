"""Known-groups checks of the othering scorer on real text (issue 12). Reports figures; asserts nothing.

    python benchmarks/bench_othering_validity.py                   # all three checks
    python benchmarks/bench_othering_validity.py --only tweets gnad
    python benchmarks/bench_othering_validity.py --json /tmp/othering_validity.json

Data (development sets in ``../shared/data``, see its README; not shipped):

* ``iwg-refugee-tweets/tweets.csv`` – 469 German tweets about refugees (2016) with Expert 2's
  1–6 hate rating. Known groups: tweets rated >= 4 vs <= 2. A hate rating is not an othering
  label: the check asks whether the measure orders the groups, reported as AUC (probability
  that a random high-rated tweet scores above a random low-rated one; ties count half) with a
  percentile bootstrap interval.
* ``gnad-dev/articles.csv`` – 514 derStandard.at articles (no header, ``;``, quote ``'``,
  ``label;text``; label = newsroom desk), read with pandas and ``framing.Corpus.from_frame``.
  Per desk: index with its interval, rates per 1,000 tokens, and the same for the index with
  every category (the behaviour before issue 12, ``index_categories="all"``).
* ``bundestag-wp19/*.xml`` – four Bundestag plenary protocols, read with ``framing.read``;
  index and rates per party, and the resulting ordering (not tuned to; reported). Then
  passages: every sentence that names migrants or migration (this benchmark's own topic
  stems, ``TOPIC_STEMS``, on the lemma; independent of the lexicon) with one sentence either
  side, overlapping windows merged; known groups AfD passages vs GRÜNE and LINKE passages (a
  party is no solidarity label: a stand-in for the held-out human-labelled passages), AUC
  per passage of ``othering_per_1k`` and ``othering_index`` and the naive regex.

Annotation is cached as Parquet under ``--cache`` (default ``/tmp/framing-bench-othering``).
Compared measures, per document: ``othering_per_1k`` (othering matches of the index
categories per 1,000 tokens), ``othering_index`` (O/(O+R); a document without any index
match gets 0, i.e. "no othering evidence"), ``othering_balance`` ((O-R)/(O+R), 0 without a
match: recognition-only documents rank below those without evidence; lexicon 1.4), the
pre-issue-12 versions of both (all
categories), ``group_label_neutral_per_1k``, and a naive regular expression of 14 stems of
pejorative labels and mass metaphors (this benchmark's own, see ``NAIVE_STEMS``).
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import rankdata

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
#: a naive baseline: 14 stems of pejorative labels and mass metaphors, matched case-insensitively
NAIVE_STEMS = ("asylant", "wirtschaftsflücht", "scheinasyl", "sozialtouris", "asyltouris", "illegale",
               "flut", "welle", "strom", "schwemme", "ansturm", "zustrom", "invasi", "überfremd")
PARTIES = ("AfD", "CDU/CSU", "FDP", "SPD", "GRÜNE", "LINKE")
#: sentences about migrants or migration (lemma, lower case) for the passage check
TOPIC_STEMS = ("flücht", "geflücht", "migra", "asyl", "zuwander", "einwander", "ausländ", "schutzsuch",
               "abschieb", "ausreisepflicht", "seenot", "fluchtursache", "integration")


def auc(score: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve via ranks (Mann–Whitney U / n1 n0); ties count half; documents
    with a missing score (NaN) are left out."""
    score = np.asarray(score, dtype=float)
    positive = np.asarray(positive, dtype=bool)
    ok = ~np.isnan(score)
    score, positive = score[ok], positive[ok]
    n1, n0 = int(positive.sum()), int((~positive).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    r = rankdata(score)
    return float((r[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def auc_interval(score: np.ndarray, positive: np.ndarray, n_boot: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95 % percentile bootstrap interval of the AUC (resampling within each group)."""
    rng = np.random.default_rng(seed)
    ok = ~np.isnan(np.asarray(score, dtype=float))
    score, positive = np.asarray(score, dtype=float)[ok], np.asarray(positive, dtype=bool)[ok]
    pos, neg = np.flatnonzero(positive), np.flatnonzero(~positive)
    if len(pos) == 0 or len(neg) == 0:
        return float("nan"), float("nan")
    vals = []
    for _ in range(n_boot):
        idx = np.concatenate([rng.choice(pos, len(pos)), rng.choice(neg, len(neg))])
        vals.append(auc(score[idx], positive[idx]))
    lo, hi = np.quantile(vals, [0.025, 0.975])
    return float(lo), float(hi)


def cached_tokens(name: str, build, cache: Path):
    """Annotate once, keep the Tokens as Parquet under ``cache``."""
    from framing.nlp.tokens import Tokens

    path = cache / f"{name}.parquet"
    if path.exists():
        return Tokens.read_parquet(path)
    import framing

    t0 = time.perf_counter()
    tokens = framing.annotate(build(), progress=False)
    cache.mkdir(parents=True, exist_ok=True)
    tokens.to_parquet(path)
    print(f"  annotated {name}: {len(tokens):,} tokens in {time.perf_counter() - t0:.0f} s (cached at {path})")
    return tokens


def per_doc_measures(tokens, texts: pd.Series) -> pd.DataFrame:
    """Per-document measures of the scorer (issue-12 default and all categories) and the regex."""
    from framing.othering import OtheringScorer

    new = OtheringScorer(places=None).score(tokens, by="doc").table.set_index("doc")
    old = OtheringScorer(places=None, index_categories="all").score(tokens, by="doc").table.set_index("doc")
    rx = re.compile("|".join(NAIVE_STEMS), re.IGNORECASE)
    out = pd.DataFrame(index=texts.index)
    out["othering_per_1k"] = new["othering_per_1k"].reindex(out.index).fillna(0)
    out["othering_index"] = new["othering_index"].reindex(out.index).fillna(0)
    if "othering_balance" in new.columns:   # lexicon 1.4 / issue 12 part 2 (absent on older code)
        out["othering_balance"] = new["othering_balance"].reindex(out.index).fillna(0)
    out["group_label_neutral_per_1k"] = new["group_label_neutral_per_1k"].reindex(out.index).fillna(0)
    for c in ("group_label_pejorative", "delegitimising_label", "securitising", "disaster_metaphor",
              "collective_distancing", "host_guest", "exclusion_demand", "person_first", "solidarity"):
        if f"{c}_per_1k" in new.columns:   # categories of lexicon 1.2 (absent when run on older code)
            out[f"{c}_per_1k"] = new[f"{c}_per_1k"].reindex(out.index).fillna(0)
    out["recognition_per_1k"] = new["recognition_per_1k"].reindex(out.index).fillna(0)
    # the index where a document has no index match: 0 ("no othering evidence") as above, and
    # dropped (AUC over the documents that have an index at all)
    out["othering_index_matched_only"] = new["othering_index"].reindex(out.index)
    out["all_categories_per_1k"] = old["othering_per_1k"].reindex(out.index).fillna(0)
    out["all_categories_index"] = old["othering_index"].reindex(out.index).fillna(0)
    out["naive_regex_count"] = texts.map(lambda t: len(rx.findall(str(t)))).to_numpy()
    return out


def check_tweets(cache: Path) -> dict:
    import framing

    df = pd.read_csv(DATA / "iwg-refugee-tweets" / "tweets.csv")
    df = df.rename(columns={"Tweet": "text", "Hatespeech Rating (Expert 2)": "rating"})[["text", "rating"]]
    df["doc_id"] = [f"doc{i:06d}" for i in range(len(df))]      # from_frame's own ids, by row
    tokens = cached_tokens("tweets", lambda: framing.Corpus.from_frame(df), cache)
    m = per_doc_measures(tokens, df.set_index("doc_id")["text"])
    rating = df.set_index("doc_id")["rating"]
    sel = rating[(rating >= 4) | (rating <= 2)].index
    y = (rating.loc[sel] >= 4).to_numpy()
    print(f"\n== tweets: {int(y.sum())} rated >= 4 vs {int((~y).sum())} rated <= 2 (Expert 2) ==")
    rows = auc_table(m.loc[sel], y, ("hi", "lo"))
    return {"n_high": int(y.sum()), "n_low": int((~y).sum()), "measures": rows}


def auc_table(m: pd.DataFrame, y: np.ndarray, names: tuple[str, str]) -> dict:
    """AUC with its interval and the share of documents with a non-zero value, per measure
    (column of ``m``); printed and returned. ``names``: labels of the positive and other group."""
    rows = {}
    for col in m.columns:
        x = m[col].to_numpy(dtype=float)
        a = auc(x, y)
        lo, hi = auc_interval(x, y)
        rows[col] = {"auc": round(a, 3), "ci": [round(lo, 3), round(hi, 3)], "n": int((~np.isnan(x)).sum()),
                     f"share_nonzero_{names[0]}": round(float((x[y] > 0).mean()), 3),
                     f"share_nonzero_{names[1]}": round(float((x[~y] > 0).mean()), 3)}
        print(f"  {col:32s} AUC {a:.3f}  [{lo:.3f}, {hi:.3f}]   nonzero: {names[0]} "
              f"{rows[col][f'share_nonzero_{names[0]}']:.2f}, {names[1]} {rows[col][f'share_nonzero_{names[1]}']:.2f}")
    return rows


def check_gnad(cache: Path) -> dict:
    import framing
    from framing.othering import OtheringScorer

    g = pd.read_csv(DATA / "gnad-dev" / "articles.csv", sep=";", quotechar="'", header=None, names=["label", "text"])
    tokens = cached_tokens("gnad", lambda: framing.Corpus.from_frame(g), cache)
    cols = ["label", "n_docs", "othering", "recognition", "othering_index", "ci_low", "ci_high",
            "othering_per_1k", "group_label_neutral_per_1k"]
    new = OtheringScorer(places=None).score(tokens, by="label").table[cols]
    old = OtheringScorer(places=None, index_categories="all").score(tokens, by="label").table[cols]
    print("\n== gnad-dev (derStandard.at) by desk: issue-12 default index ==")
    print(new.round(3).to_string(index=False))
    print("\n   the same with every category in the index (before issue 12):")
    cols = ["label", "othering", "recognition", "othering_index", "ci_low", "ci_high"]
    print(old[cols].round(3).to_string(index=False))
    # the articles that report on refugees: at least one counted match of any category
    r = OtheringScorer(places=None).score(tokens, by="doc")
    t = r.table
    about = t.loc[(t["n_matches"] - t[[c for c in t.columns if c.startswith("excluded_")]].sum(axis=1)) > 0, "doc"]
    sub = tokens.filter_docs(list(about))
    sub_new = OtheringScorer(places=None).score(sub, by="label").table[cols]
    print(f"\n   only the {len(about)} articles with a counted naming match, by desk:")
    print(sub_new.round(3).to_string(index=False))
    return {"by_desk": new.round(4).to_dict("records"), "by_desk_all_categories": old.round(4).to_dict("records"),
            "by_desk_articles_with_matches": sub_new.round(4).to_dict("records")}


def check_bundestag(cache: Path) -> dict:
    import framing
    from framing.othering import OtheringScorer

    files = sorted(glob.glob(str(DATA / "bundestag-wp19" / "*.xml")))
    tokens = cached_tokens("bundestag", lambda: framing.read(files, progress=False), cache)
    cols = ["party", "n_docs", "othering", "recognition", "othering_index", "ci_low", "ci_high",
            "othering_per_1k", "group_label_neutral_per_1k", "group_label_pejorative", "delegitimising_label",
            "securitising", "disaster_metaphor", "collective_distancing", "host_guest", "exclusion_demand",
            "solidarity"]
    out = {}
    for name, opts in (("default", {}), ("all_categories", {"index_categories": "all"})):
        t = OtheringScorer(places=None, **opts).score(tokens, by="party").table
        t = t[t["party"].isin(PARTIES)][[c for c in cols if c in t.columns]].sort_values(
            "othering_index", ascending=False, na_position="last")
        print(f"\n== bundestag-wp19 (sessions 2, 30, 100, 140) by party, index: {name} ==")
        print(t.round(3).to_string(index=False))
        order_index = t.dropna(subset=["othering_index"])["party"].tolist()
        order_rate = t.sort_values("othering_per_1k", ascending=False)["party"].tolist()
        print(f"   ordering by index: {' > '.join(order_index)}")
        print(f"   ordering by othering_per_1k: {' > '.join(order_rate)}")
        out[name] = {"table": t.round(4).to_dict("records"), "order_index": order_index, "order_rate": order_rate}
    out["passages"] = check_passages(tokens)
    return out


def migration_passages(tokens, parties: tuple[str, ...], context: int = 1):
    """Passages of the speeches of ``parties``: each sentence with a topic stem (lemma) and
    ``context`` sentences either side, overlapping windows merged; one document per passage."""
    from framing.nlp.tokens import Tokens

    t = tokens.table
    party = t["doc_id"].map(tokens.docs.drop_duplicates("doc_id").set_index("doc_id")["party"])
    t = t[party.isin(parties).to_numpy()]
    rx = re.compile("|".join(TOPIC_STEMS))
    sents = t.groupby(["doc_id", "sent_id"], sort=False)["lemma"].agg(
        lambda x: bool(rx.search(" ".join(map(str, x)).lower()))).reset_index(name="topic")
    sents["i"] = sents.groupby("doc_id").cumcount()
    keep = []
    for doc, g in sents.groupby("doc_id", sort=False):
        hit = np.flatnonzero(g["topic"].to_numpy())
        if not len(hit):
            continue
        cover = np.zeros(len(g), dtype=bool)
        for h in hit:
            cover[max(0, h - context): h + context + 1] = True
        # runs of covered sentences are the passages
        run = np.cumsum(np.diff(np.concatenate([[0], cover.astype(int)])) == 1)
        part = pd.DataFrame({"doc_id": doc, "sent_id": g["sent_id"].to_numpy()[cover],
                             "passage": [f"{doc}_p{r}" for r in run[cover]]})
        keep.append(part)
    sel = pd.concat(keep)
    pt = t.merge(sel, on=["doc_id", "sent_id"])
    docs = pt.drop_duplicates("passage")[["passage", "doc_id"]].rename(columns={"doc_id": "speech"})
    docs["party"] = docs["speech"].map(tokens.docs.drop_duplicates("doc_id").set_index("doc_id")["party"])
    pt = pt.drop(columns=["doc_id"]).rename(columns={"passage": "doc_id"})
    docs = docs.rename(columns={"passage": "doc_id"})
    texts = pt.groupby("doc_id", sort=False)["text"].agg(lambda x: " ".join(map(str, x)))
    return Tokens(pt, docs.reset_index(drop=True)), texts


def check_passages(tokens) -> dict:
    """Per-passage known groups on the Bundestag speeches: AfD vs GRÜNE + LINKE."""
    ptoks, texts = migration_passages(tokens, ("AfD", "GRÜNE", "LINKE"))
    m = per_doc_measures(ptoks, texts)
    party = ptoks.docs.set_index("doc_id")["party"].reindex(m.index)
    y = (party == "AfD").to_numpy()
    print(f"\n== bundestag-wp19 passages about migration: {int(y.sum())} AfD vs {int((~y).sum())} GRÜNE/LINKE "
          f"(topic sentence +- 1 sentence) ==")
    rows = auc_table(m, y, ("afd", "green_left"))
    return {"n_afd": int(y.sum()), "n_green_left": int((~y).sum()), "measures": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="+", choices=["tweets", "gnad", "bundestag"],
                    default=["tweets", "gnad", "bundestag"])
    ap.add_argument("--cache", default="/tmp/framing-bench-othering", help="folder for the annotated Parquet")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args(argv)
    os.environ.setdefault("TQDM_DISABLE", "1")
    if not DATA.is_dir():
        print(f"no reference data at {DATA}: nothing to check")
        return 0
    pd.set_option("display.width", 250)
    cache = Path(args.cache)
    checks = {"tweets": check_tweets, "gnad": check_gnad, "bundestag": check_bundestag}
    results = {name: checks[name](cache) for name in args.only}
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
