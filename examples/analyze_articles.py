"""Analyse a folder of articles: read it with a report, annotate, and write the tables you start from.

    python examples/analyze_articles.py                          # the shipped demo corpus
    python examples/analyze_articles.py --corpus my_articles/ --out results/
    python examples/analyze_articles.py --corpus export.csv --option header=none --by outlet

Reads every file under --corpus (text/Markdown with front matter, CSV/JSONL/Parquet, press-database
exports; see docs/formats/), prints the ingest report (what was read, skipped or repaired), then
annotates (lemmas, POS) and writes into --out:

    corpus.parquet, tokens.parquet   the documents and the tokens, for the other examples and the CLI
    ingest_report.txt                the report
    summary.csv                      documents and words per place and year
    frames_by_place.csv              codebook frame shares per place (integration_modes) with intervals
    othering_by_place.csv            othering index per place with intervals
    keyness.csv                      words typical of each place against the rest

Groups are the values of --by (default: place, else outlet; any metadata column: outlet, year,
genre ...); the file names keep "place". Places with fewer than --min-docs documents are pooled
into "(other)" (as `framing analyze` does), documents without one form "(none)".
"""
from __future__ import annotations

import sys

from _common import grouping_options, parse_args, pool, printer

import framing


def main(argv: list[str] | None = None) -> int:
    args = parse_args("analyze_articles", __doc__, argv, extra=lambda ap: grouping_options(ap, default=None))
    say, progress, out = printer(args.quiet), not args.quiet, args.out

    corpus = framing.read(args.corpus, options=args.read_options, progress=progress)
    (out / "ingest_report.txt").write_text(corpus.report.to_text(), encoding="utf-8")
    say(corpus)
    say(corpus.report.to_text(max_rows=10))

    # Near-duplicates (one agency story in several editions) are marked, not dropped: count each once
    corpus = corpus.unique()
    by = args.by or ("place" if corpus.docs["place"].notna().any() else "outlet")
    summary = corpus.summary(by=[by, "year"])
    summary.to_csv(out / "summary.csv")
    if len(summary) <= 40:
        say(f"\nDocuments and words per {by} and year:\n{summary.to_string()}")
    else:
        say(f"\n{len(summary)} rows of documents and words per {by} and year: see summary.csv")
    corpus.to_parquet(out / "corpus.parquet")

    tokens = framing.annotate(corpus, progress=progress)
    tokens.to_parquet(out / "tokens.parquet")
    say(f"\n{tokens!r}")
    tokens, groups = pool(tokens, by, args.min_docs, say)

    frames = framing.score_frames(tokens, "integration_modes", by=by, n_boot=200)
    profile = frames.profile()
    profile.to_csv(out / "frames_by_place.csv", index=False)
    say(f"\nDominant framing mode per {by} (share with 95 % interval):\n"
        + profile[[by, "n_docs", "dominant", "share", "low", "high", "clear"]].round(3).to_string(index=False))

    othering = framing.OtheringScorer().score(tokens, by=by)
    othering.table.to_csv(out / "othering_by_place.csv", index=False)
    cols = [by, "n_docs", "othering", "recognition", "othering_index", "ci_low", "ci_high"]
    say(f"\nOthering index per {by}:\n{othering.table[cols].round(3).to_string(index=False)}")

    key = [framing.keyness(tokens, by=by, target=g).head(15).assign(target=g) for g in groups]
    if key:
        import pandas as pd

        table = pd.concat(key, ignore_index=True)
        table.to_csv(out / "keyness.csv", index=False)
        say(f"\nTypical words per {by} (G², top 5):")
        for g, t in table.groupby("target", sort=False):
            say(f"  {g}: {', '.join(t['term'].head(5))}")
    say(f"\nwrote {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
