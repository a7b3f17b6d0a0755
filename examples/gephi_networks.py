"""Co-occurrence networks of the demo corpus, per town: read → annotate → count → compare → Gephi.

    python examples/cooccurrence_networks.py            # writes out/cooccurrence/
    python examples/cooccurrence_networks.py --out DIR

What it shows:
1. one term network per place on a shared vocabulary (sentence co-occurrence, NPMI edges,
   each term's 15 strongest edges, Louvain communities), written as GEXF for Gephi plus a PNG;
2. the edges that differ most between Altena (opportunity narrative) and Essen's north
   (problematisation), with G² tests and Benjamini–Hochberg q-values;
3. what "Flüchtling" co-occurs with in each town, and the ego network around it;
4. a dynamic GEXF by year for Gephi's timeline.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import framing

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(REPO / "corpora" / "demo"))
    ap.add_argument("--out", default="out/cooccurrence")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    try:
        from framing.nlp.annotate import annotate  # noqa: F401
    except ImportError:
        print("framing.annotate is not available in this installation yet; this example needs it to turn "
              "the demo corpus into tokens. Update framing, or build Tokens yourself and call "
              "framing.cooccurrence(tokens).", file=sys.stderr)
        return 1

    corpus = framing.read(args.corpus, progress=False)
    tokens = framing.annotate(corpus.unique(), progress=False)
    has_pos = tokens.table["upos"].notna().any()
    select = dict(unit="sentence", pos=["NOUN", "PROPN", "ADJ"] if has_pos else None, min_count=3)
    print(f"{tokens!r}; counting {'nouns, names and adjectives' if has_pos else 'all lemmas'} per sentence")

    # 1. one network per place, on one vocabulary
    by_place = framing.cooccurrence_by(tokens, "place", **select, progress=False)
    print(by_place.summary().to_string(index=False))
    co = framing.networks
    for place, cooc in by_place.items():
        G = cooc.to_graph("npmi", min_pair_count=2, top_n_per_node=15)
        slug = place.lower().replace("/", "-").replace("ö", "oe")
        co.write_gexf(G, out / f"{slug}.gexf")
        co.write_gephi_csv(G, out / slug)
        co.plot_network(G, out / f"{slug}.png", title=f"{place}: sentence co-occurrence (NPMI)")
        print(f"  {place}: {G.number_of_nodes()} terms, {G.number_of_edges()} edges -> {slug}.gexf")

    # 2. edges that differ between the opportunity narrative and the problematising north
    a, b = "Altena", "Essen-Altenessen/Karnap"
    if a in by_place and b in by_place:
        diff = by_place.compare(a, b, min_pair_count=3)
        diff.to_csv(out / "altena_vs_essen-nord.csv", index=False)
        print(f"\nEdges that differ most between {a} and {b} (q = BH-adjusted p):")
        print(diff.head(12)[["source", "target", "count_a", "count_b", "log_ratio", "q", "stronger_in"]]
              .to_string(index=False))

    # 3. one term's neighbourhood, per town and as an ego network
    term = "Flüchtling"
    if term in by_place.total:
        nb = by_place.neighbours(term, "npmi", top_n=6, min_pair_count=2)
        print(f"\nWhat '{term}' co-occurs with, by place:")
        print(nb[["place", "rank", "neighbour", "count", "share", "npmi"]].to_string(index=False))
        ego = framing.cooccurrence(tokens, **select, focus=term, radius=2, progress=False)
        G = ego.to_graph("npmi", min_pair_count=2, top_n_per_node=8)
        co.write_gexf(G, out / "ego_fluechtling.gexf")
        print(f"ego network of '{term}' (2 steps): {G.number_of_nodes()} terms -> ego_fluechtling.gexf")

    # 4. how the whole discourse network changed, year by year (Gephi: Window → Timeline)
    by_year = framing.cooccurrence_by(tokens, "year", **select, progress=False)
    D = by_year.to_dynamic_graph("npmi", min_pair_count=2, top_n_per_node=10)
    co.write_gexf(D, out / "dynamic_by_year.gexf")
    print(f"\ndynamic network over {list(by_year)}: {D.number_of_nodes()} terms -> dynamic_by_year.gexf")
    print(f"\nwrote {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
