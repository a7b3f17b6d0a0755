"""Term co-occurrence networks per town for Gephi: which words go together, and where towns differ.

    python examples/gephi_networks.py                            # the shipped demo corpus
    python examples/gephi_networks.py --corpus my_articles/ --by outlet --term Asyl

Counts which nouns, names and adjectives occur in the same sentence, per group of --by (default:
place; groups with fewer than --min-docs documents pooled into "(other)"; a shared vocabulary, so
the networks are comparable), keeps each term's 15 strongest edges
by NPMI, finds communities (Louvain), and writes into --out:

    <group>.gexf, <group>.png              one network per group: open the GEXF in Gephi (the PNG is a
                                           preview; --no-png skips it, faster on large networks)
    <group>_nodes.csv, <group>_edges.csv   the same as Gephi's spreadsheet tables
    networks.csv                           terms, edges and communities per group
    compare.csv                            the edges that differ most between two groups (G² test,
                                           Benjamini–Hochberg q; --compare A B, default: the two
                                           largest groups)
    neighbours.csv, ego.gexf               what --term (default "Flüchtling") co-occurs with in each
                                           group, and its two-step ego network (if the term occurs)
    dynamic_by_year.gexf                   one network over the years for Gephi's timeline
                                           (Window → Timeline; if the documents have dates)

Only press texts are counted when the corpus also holds speeches (genre "speech"). On the demo
corpus (constructed texts, corpora/demo/README.md) the best-connected terms are "Norden" in Essen's
north and "Bürgerladen" in Hörsterfeld; Altena's mayor is the edge most typical of Altena.
"""
from __future__ import annotations

import argparse
import sys

import pandas as pd
from _common import grouping_options, parse_args, pool, printer, slug

import framing


def _options(ap: argparse.ArgumentParser) -> None:
    grouping_options(ap)
    ap.add_argument("--term", default="Flüchtling", help="lemma whose neighbours to show (default: Flüchtling)")
    ap.add_argument("--compare", nargs=2, metavar=("A", "B"),
                    help="two groups to compare edge by edge (default: the two with most documents)")
    ap.add_argument("--no-png", action="store_true",
                    help="no PNG previews (their layout takes most of the time on networks of many hundred terms)")
    ap.add_argument("--min-count", type=int, default=3,
                    help="minimum frequency of a term in the corpus (default: 3)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args("gephi_networks", __doc__, argv, extra=_options)
    say, progress, out = printer(args.quiet), not args.quiet, args.out
    nets = framing.networks   # write_gexf, write_gephi_csv, plot_network

    corpus = framing.read(args.corpus, options=args.read_options, progress=progress).unique()
    if "genre" in corpus.docs and (corpus.docs["genre"] != "speech").any():
        corpus = corpus.filter(lambda d: d["genre"] != "speech")
    tokens = framing.annotate(corpus, progress=progress)
    tokens, named = pool(tokens, args.by, args.min_docs, say)
    has_pos = tokens.table["upos"].notna().any()
    select = dict(unit="sentence", pos=["NOUN", "PROPN", "ADJ"] if has_pos else None,
                  min_count=args.min_count, progress=progress)
    graph = dict(min_pair_count=2, top_n_per_node=15, random_state=0)
    say(f"{tokens!r}; counting {'nouns, names and adjectives' if has_pos else 'all lemmas'} per sentence")

    # 1. one network per group, on one vocabulary
    groups = framing.cooccurrence_by(tokens, args.by, **select)
    rows = []
    for name, cooc in groups.items():
        G = cooc.to_graph("npmi", **graph)
        nets.write_gexf(G, out / f"{slug(name)}.gexf")
        nets.write_gephi_csv(G, out / slug(name))
        if not args.no_png:
            nets.plot_network(G, out / f"{slug(name)}.png", title=f"{name}: sentence co-occurrence (NPMI)")
        communities = {c for _, c in G.nodes(data="community") if c is not None}
        rows.append({args.by: name, "terms": G.number_of_nodes(), "edges": G.number_of_edges(),
                     "communities": len(communities), "file": f"{slug(name)}.gexf"})
    summary = groups.summary().merge(pd.DataFrame(rows), on=args.by, how="left")
    summary.to_csv(out / "networks.csv", index=False)
    say(summary.to_string(index=False))

    # 2. edges that differ between two groups
    sizes = tokens.docs[args.by].value_counts().loc[named]        # the named groups, largest first
    a, b = args.compare or (list(sizes.sort_values(ascending=False, kind="stable").index[:2])
                            if len(sizes) >= 2 else (None, None))
    if a is not None:
        for g in (a, b):
            if g not in groups:
                raise SystemExit(f"gephi_networks: no group {g!r} in {args.by!r}; groups: {list(groups)}")
        diff = groups.compare(a, b, min_pair_count=3)
        diff.to_csv(out / "compare.csv", index=False)
        say(f"\nEdges that differ most between {a} and {b} (q = BH-adjusted p):")
        say(diff.head(10)[["source", "target", "count_a", "count_b", "log_ratio", "q", "stronger_in"]]
            .round(4).to_string(index=False))

    # 3. one term's neighbourhood, per group and as an ego network
    if args.term in groups.total:
        nb = groups.neighbours(args.term, "npmi", top_n=6, min_pair_count=2)
        nb.to_csv(out / "neighbours.csv", index=False)
        say(f"\nWhat {args.term!r} co-occurs with, by {args.by}:")
        say(nb[[args.by, "rank", "neighbour", "count", "npmi"]].round(3).to_string(index=False))
        ego = framing.cooccurrence(tokens, **select, focus=args.term, radius=2)
        G = ego.to_graph("npmi", min_pair_count=2, top_n_per_node=8, random_state=0)
        nets.write_gexf(G, out / "ego.gexf")
        say(f"ego network of {args.term!r} (2 steps): {G.number_of_nodes()} terms -> ego.gexf")
    else:
        say(f"\n{args.term!r} does not occur (as a lemma, at least --min-count times): no neighbours, no ego network")

    # 4. the whole network year by year (Gephi: Window → Timeline)
    if "date" in tokens.docs.columns and tokens.docs["date"].notna().any():
        by_year = framing.cooccurrence_by(tokens, "year", **select)
        D = by_year.to_dynamic_graph("npmi", min_pair_count=2, top_n_per_node=10)
        nets.write_gexf(D, out / "dynamic_by_year.gexf")
        say(f"\ndynamic network over {list(by_year)}: {D.number_of_nodes()} terms -> dynamic_by_year.gexf")
    say(f"\nwrote {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
