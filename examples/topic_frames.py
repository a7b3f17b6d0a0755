"""Topics and frames: LDA topics, their shares per town and year, and the frames behind them.

    python examples/topic_frames.py                              # the shipped demo corpus
    python examples/topic_frames.py --corpus my_articles/ --by outlet --n-topics 20 --no-seeds

Fits an LDA topic model (nouns, names and adjectives; seeded, so a second run gives the same
topics), labels each topic with the codebook frames its top terms match, links topics that
occur in the same documents (the topic network, ANTMN) and takes its communities as candidate
frames. Groups of --by with fewer than --min-docs documents are pooled into "(other)". Writes
into --out:

    topics.csv, top_terms.csv, coherence.csv   the topics: label, top terms, size, share, coherence
    doc_topics.csv, representative_docs.csv    topic proportions per document, the typical documents
    topics_by_<by>.csv, topics_over_time.csv   mean topic shares per group and per year
    topic_labels.csv                           codebook frames per topic, with the matched terms
    frames.csv, topic_network.gexf             candidate frames (communities of the topic network),
                                               their share per group; the network for Gephi
    topic_shares_by_<by>.png, topics_over_time.png, topic_network.png, summary.json

By default three of the topics are seeded with terms of the three integration modes of the demo
corpus (opportunity, problematisation, normalisation); --no-seeds leaves all topics free (seed
terms your corpus lacks are reported and ignored). The demo corpus is constructed
(corpora/demo/README.md): the seeded topics find the designed places, nothing more.
"""
from __future__ import annotations

import argparse
import sys
import warnings

import pandas as pd
from _common import grouping_options, parse_args, pool, printer

import framing

#: topic label -> seed terms (lemmas); each steers one topic towards a framing mode
SEEDS = {
    "Chance (Inwertsetzung)": ["Chance", "Leerstand", "Fachkraft", "Ausbildung", "Betrieb"],
    "Problem (Problematisierung)": ["Norden", "Süden", "Verteilung", "Standort", "Belastung"],
    "Alltag (Veralltäglichung)": ["Bürgerladen", "Nachbar", "Nachbarschaft", "Fest", "Begegnung"],
}


def _options(ap: argparse.ArgumentParser) -> None:
    grouping_options(ap)
    ap.add_argument("--n-topics", type=int, default=12, help="number of topics (default: 12)")
    ap.add_argument("--passes", type=int, default=30, help="LDA passes over the corpus (default: 30)")
    ap.add_argument("--no-seeds", action="store_true", help="no seed topics: every topic is free")
    ap.add_argument("--codebook", default="integration_modes",
                    help="codebook whose frames label the topics (shipped name or YAML; default: integration_modes)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args("topic_frames", __doc__, argv, extra=_options)
    say, progress, out = printer(args.quiet), not args.quiet, args.out

    corpus = framing.read(args.corpus, options=args.read_options, progress=progress).unique()
    tokens = framing.annotate(corpus, progress=progress)
    say(tokens)
    by = args.by if args.by in tokens.docs.columns and tokens.docs[args.by].notna().any() else None
    if by is None:
        say(f"(the documents have no {args.by!r} values: topic shares for the whole corpus only)")
    else:
        tokens, _ = pool(tokens, by, args.min_docs, say)

    seeds = None if args.no_seeds else SEEDS
    with warnings.catch_warnings(record=True) as caught:   # seed terms the corpus lacks: one line each
        warnings.simplefilter("always", UserWarning)
        model = framing.TopicModel(engine="lda", n_topics=args.n_topics, passes=args.passes,
                                   seed_topics=seeds, random_state=1, progress=progress).fit(tokens)
    for w in caught:
        if "seed topic" in str(w.message):
            say(f"note: {w.message}")
    files = model.to_csv(out, by=by, freq="year")

    pd.set_option("display.width", 160, "display.max_colwidth", 70)
    say("\nTopics (top terms, documents, mean share, NPMI coherence):")
    say(model.topics_[["topic", "label", "terms", "size", "share", "c_npmi"]].round(3).to_string(index=False))
    if model.coherence_overall_ is not None:
        say("\nCoherence (mean over topics):", model.coherence_overall_.round(3).to_dict())
    if by is not None:
        say(f"\nTopic shares by {by}:\n{model.topics_by(by).round(2).to_string()}")

    labels = framing.label_topics(model, args.codebook)
    labels.to_csv(out / "topic_labels.csv", index=False)
    best = labels[labels["rank"] <= 1][["topic", "frame", "score", "terms"]]
    say(f"\nBest-matching {args.codebook} frame per topic (score = share of the topic's top-term mass):")
    say(best.round(3).to_string(index=False))

    if "frames" in files:
        frames = pd.read_csv(files["frames"])
        cols = ["frame", "topics", "top_terms", "share"] + [c for c in frames.columns if c.startswith("share_")]
        say("\nCandidate frames (communities of the topic network):")
        say(frames[cols].round(2).to_string(index=False))
    say(f"\nwrote {len(files) + 1} files to {out}/ (tables, plots, topic_network.gexf for Gephi)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
