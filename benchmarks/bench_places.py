"""Benchmark place tagging: docs/s of PlaceTagger.tag_frame on generated press-like texts.

    python benchmarks/bench_places.py --n 10000

The texts (~300 words) mix sentences from local-press templates with place names drawn from
the gazetteer (towns, Essen/Altena districts, demonyms) and with the common words that are
also place names ("Essen", "Werden", "Horst", "Lage", "Brand") in non-place use.
"""
from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from framing.corpus.places import Gazetteer, PlaceTagger

TEMPLATES = [
    "Die Stadt {city} plant neue Unterkünfte für Geflüchtete im Stadtteil {district}.",
    "In {district} trafen sich am Dienstag Nachbarn, Ehrenamtliche und Vertreter der Verwaltung.",
    "Das Essen in der Notunterkunft wird von einem Caterer aus {town} geliefert.",
    "Horst Becker, Sprecher der Initiative, sagte, man werde die Pläne genau prüfen.",
    "Werden die Pläne umgesetzt, könnten bis zu 200 Menschen in {district} wohnen.",
    "Der Integrationsrat von {city} forderte eine gerechte Verteilung zwischen den Stadtteilen.",
    "Viele {demonym} engagieren sich seit Jahren in der Flüchtlingshilfe.",
    "Die Lage auf dem Wohnungsmarkt ist angespannt, sagte die Sozialdezernentin.",
    "Im Bürgerladen gibt es Kaffee, Kuchen und Beratung in mehreren Sprachen.",
    "Nach einem Brand in einer Unterkunft in {town} mussten 40 Bewohner umziehen.",
    "Der Oberbürgermeister betonte, die Integration finde vor Ort statt.",
    "Aus {town} und {town2} kamen weitere Familien, die Wohnungen in der Innenstadt bezogen.",
    "Die Ausländerbehörde prüft, ob die Ausbildungsduldung erteilt werden kann.",
    "Im Norden der Stadt ist die Belastung höher als im Süden, kritisierte die Opposition.",
    "Ein Sprachkurs beginnt im Herbst, die Volkshochschule rechnet mit großer Nachfrage.",
    "Die Kosten trägt zunächst das Land, später sollen Bund und Kommunen beteiligt werden.",
    "Bei Regen wird das Fest in die Turnhalle verlegt, teilte der Verein mit.",
    "Er zog mit seiner Familie von {town} nach {city}, wo Verwandte leben.",
]


def make_texts(n: int, gaz: Gazetteer, random_state: int = 0) -> pd.DataFrame:
    """``n`` generated documents with a metadata place on half of them."""
    rng = np.random.default_rng(random_state)
    frame = gaz.to_frame()
    towns = frame[(frame["parent"].isna()) & (frame["population"].fillna(0) >= 20_000)]["name"].tolist()
    districts = frame[frame["parent"].isin(["Essen", "Altena"])]
    d_names = [n for n in districts["name"].tolist() if "Stadtbezirk" not in n]
    cities = ["Essen", "Altena", "Bochum", "Dortmund", "Gelsenkirchen"]
    demonyms = ["Essener", "Altenaer", "Hörsterfelder", "Bochumer", "Karnaper"]
    texts, places = [], []
    for i in range(n):
        sents = []
        while sum(len(s.split()) for s in sents) < 300:
            t = TEMPLATES[rng.integers(len(TEMPLATES))]
            d = d_names[rng.integers(len(d_names))]
            d = d.split("-", 1)[1] if d.startswith(("Essen-", "Altena-")) else d
            sents.append(t.format(city=cities[rng.integers(len(cities))], district=d,
                                  town=towns[rng.integers(len(towns))],
                                  town2=towns[rng.integers(len(towns))],
                                  demonym=demonyms[rng.integers(len(demonyms))]))
        texts.append(" ".join(sents))
        places.append(cities[rng.integers(2)] if i % 2 == 0 else None)
    return pd.DataFrame({"doc_id": [f"d{i:06d}" for i in range(n)], "text": texts, "place": places})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--min-population", type=int, default=0)
    args = ap.parse_args()

    t0 = time.perf_counter()
    gaz = Gazetteer.default()
    tagger = PlaceTagger(gaz, min_population=args.min_population)
    tagger.tag("Die Stadt Essen.")  # build the index, load HanTa
    t_build = time.perf_counter() - t0
    docs = make_texts(args.n, gaz)
    words = int(docs["text"].str.split().str.len().sum())

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    out = tagger.tag_frame(docs)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    n_places = out["places"].str.len()
    print(f"gazetteer+index build: {t_build:.1f} s ({len(gaz)} places)")
    print(f"documents: {args.n}, words: {words} (~{words / args.n:.0f}/doc)")
    print(f"tag_frame: {dt:.2f} s wall, {cpu:.2f} s CPU -> {args.n / dt:,.0f} docs/s wall, "
          f"{args.n / cpu:,.0f} docs/s per CPU second ({words / cpu / 1e6:.2f} M words/s)")
    print(f"peak RSS: {rss1 / 1024:.0f} MiB (grew by {(rss1 - rss0) / 1024:.0f} MiB during tag_frame)")
    print(f"places per doc: mean {n_places.mean():.1f}; place filled: {out['place'].notna().mean():.0%}")


if __name__ == "__main__":
    main()
