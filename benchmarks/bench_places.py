"""Benchmark place tagging: precision/recall on real press, and speed.

    python benchmarks/bench_places.py                 # accuracy on the hand-checked sample
    python benchmarks/bench_places.py --errors        # ... and list every error in context
    python benchmarks/bench_places.py speed --n 10000 # docs/s on generated press-like texts

**Accuracy** needs ``../shared/data`` (the project's reference data; it exits with a message
when absent). ``benchmarks/data/places_gold.csv`` holds a hand-checked sample of real press:
55 derStandard articles (``gnad-dev/articles.csv``, Austrian) and 220 taz quotes
(``debatenet-dev/claims.jsonl``, German), drawn with a fixed seed, in which every place mention
was marked by reading the text, together with every word the tagger (or a scan of capitalised
words against GeoNames) proposed. The file stores *no text* of those sets, only

``source, doc_key, start, end, kind, geonameid, name, country``

``doc_key`` is the row number (0-based) in gnad's file or debatenet's ``anno_id``; ``start``/
``end`` are character offsets in the text (gnad: the ``text`` column; debatenet: ``quote``);
``kind`` is ``place`` (a city, town, village or city district: the tagger's scope; with its
GeoNames id where GeoNames lists it, else name and ISO country), ``country``, ``region``
(Land, province, continent, island, ...), ``not_a_place`` (a word or name that looks like one:
"Siegen" = victories, "Ulmer" = a surname, "Königsteiner Schlüssel"), ``skip`` (a place
inside a sports club's name: "Red Bull Salzburg", left out of both figures) or ``document``
(one row per sampled document, so documents without any place are part of the sample).

Scoring (no metadata place is given, as for ingest without a ``place`` column):

* **precision** = tagger mentions that overlap a gold ``place`` and name that place (same
  GeoNames id, or same name and country) / all tagger mentions outside ``skip`` spans. A hit
  on a country, a region, a non-place or on text that holds no place counts as wrong.
* **recall** = gold ``place`` mentions found with the right place / all gold ``place`` mentions.
  Demonyms ("Wiener", "Grazer") are place mentions when they stand for the place.
"""
from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.corpus.places import Gazetteer, PlaceTagger

HERE = Path(__file__).resolve().parent
GOLD = HERE / "data" / "places_gold.csv"
SHARED = HERE.parent.parent / "shared" / "data"


# --------------------------------------------------------------------------------------------
# accuracy on real press
# --------------------------------------------------------------------------------------------
def load_texts(shared: Path = SHARED) -> dict[tuple[str, str], str]:
    """The texts the gold sample refers to, keyed by (source, doc_key)."""
    gnad = shared / "gnad-dev" / "articles.csv"
    deb = shared / "debatenet-dev" / "claims.jsonl"
    if not gnad.exists() or not deb.exists():
        raise FileNotFoundError(f"reference data not found under {shared} (needs gnad-dev/articles.csv "
                                "and debatenet-dev/claims.jsonl; see ../shared/data/README.md)")
    texts: dict[tuple[str, str], str] = {}
    with open(gnad, newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter=";", quotechar="'")):
            texts[("gnad", str(i))] = row[1]
    with open(deb, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            texts.setdefault(("debatenet", rec["anno_id"]), rec["quote"])
    return texts


def load_gold(path: Path = GOLD) -> pd.DataFrame:
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("start", "end"):
        gold[col] = pd.to_numeric(gold[col].replace("", None)).astype("Int64")
    return gold


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    gold: int = 0
    found: int = 0
    found_any: int = 0
    by_group: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    fp_kinds: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else float("nan")


def _place_info(tagger: PlaceTagger, name: str) -> tuple[str, str, str, set[str]]:
    """(country, geonameid of the entry's main candidate, bare name, aliases) of a tagged place."""
    place = tagger.gazetteer[name]
    country = getattr(place, "country", None) or "DE"   # before foreign places: all German
    gid = str(place.candidates[0].geonameid) if place.candidates and place.candidates[0].geonameid else ""
    bare = name.split("-", 1)[1] if place.parent and name.startswith(f"{place.parent}-") else name
    return country, gid, bare, set(place.aliases)


def _matches(tagger: PlaceTagger, name: str, row: Any) -> bool:
    country, gid, bare, aliases = _place_info(tagger, name)
    if country != row.country:
        return False
    if row.geonameid and gid:
        return gid == row.geonameid
    return row.name in (name, bare) or row.name in aliases


def _group(country: str) -> str:
    return {"DE": "German", "AT": "Austrian", "CH": "Swiss"}.get(country, "other countries")


def evaluate(tagger: PlaceTagger, gold: pd.DataFrame, texts: dict[tuple[str, str], str]) -> Scores:
    """Score ``tagger`` on the gold sample (see the module docstring)."""
    sc = Scores()
    spans = gold[gold["kind"] != "document"]
    by_doc = {k: g for k, g in spans.groupby(["source", "doc_key"])}
    docs = gold.loc[gold["kind"] == "document", ["source", "doc_key"]].itertuples(index=False)
    for source, key in docs:
        text = texts[(source, key)]
        rows = by_doc.get((source, key), spans.iloc[:0])
        ments = tagger.mentions(text)

        def overlapping(s: int, e: int) -> list[Any]:
            return [r for r in rows.itertuples() if r.start < e and s < r.end]

        for m in ments:
            hits = overlapping(m.start, m.end)
            if any(r.kind == "skip" for r in hits):
                continue
            places = [r for r in hits if r.kind == "place"]
            if any(_matches(tagger, m.name, r) for r in places):
                sc.tp += 1
                continue
            sc.fp += 1
            why = ("wrong place" if places else hits[0].kind if hits else "no place there")
            sc.fp_kinds[why] += 1
            sc.errors.append({"type": "FP", "why": why, "source": source, "doc_key": key,
                              "start": m.start, "end": m.end, "surface": m.surface, "tagged": m.name,
                              "gold": "; ".join(f"{r.name}|{r.country}" for r in places),
                              "context": text[max(0, m.start - 50):m.end + 50].replace("\n", " ")})
        for r in rows.itertuples():
            if r.kind != "place":
                continue
            sc.gold += 1
            grp = sc.by_group[_group(r.country)]
            grp[1] += 1
            cover = [m for m in ments if m.start < r.end and r.start < m.end]
            if cover:
                sc.found_any += 1
            if any(_matches(tagger, m.name, r) for m in cover):
                sc.found += 1
                grp[0] += 1
            else:
                sc.errors.append({"type": "FN", "why": "wrong place" if cover else "missed",
                                  "source": source, "doc_key": key, "start": r.start, "end": r.end,
                                  "surface": text[r.start:r.end],
                                  "tagged": "; ".join(m.name for m in cover),
                                  "gold": f"{r.name}|{r.country}",
                                  "context": text[max(0, r.start - 50):r.end + 50].replace("\n", " ")})
    return sc


def accuracy(args: argparse.Namespace) -> int:
    try:
        texts = load_texts(Path(args.shared))
    except FileNotFoundError as exc:
        print(f"bench_places: {exc}", file=sys.stderr)
        return 2
    gold = load_gold(Path(args.gold))
    t0 = time.perf_counter()
    tagger = PlaceTagger()
    tagger.tag("Die Stadt Essen.")
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    sc = evaluate(tagger, gold, texts)
    dt = time.perf_counter() - t0
    n_docs = int((gold["kind"] == "document").sum())
    kinds = gold.loc[gold["kind"] != "document", "kind"].value_counts()
    print(f"gold sample: {n_docs} documents, {len(gold) - n_docs} marked spans "
          f"({', '.join(f'{k} {v}' for k, v in kinds.items())})")
    print(f"tagger: {len(tagger.gazetteer)} places (build {t_build:.1f} s), tagging {dt:.1f} s")
    print(f"precision: {sc.precision:.3f}  ({sc.tp} of {sc.tp + sc.fp} tagged mentions right; "
          f"wrong: {', '.join(f'{k} {v}' for k, v in sc.fp_kinds.most_common()) or 'none'})")
    print(f"recall:    {sc.recall:.3f}  ({sc.found} of {sc.gold} place mentions found with the right "
          f"place; {sc.found_any} found at all)")
    for grp in ("German", "Austrian", "Swiss", "other countries"):
        if grp in sc.by_group:
            ok, n = sc.by_group[grp]
            print(f"  recall, {grp} places: {ok}/{n} = {ok / n:.3f}")
    if args.errors:
        for e in sorted(sc.errors, key=lambda e: (e["type"], e["why"], e["source"], e["doc_key"])):
            print(f"{e['type']} [{e['why']}] {e['source']}:{e['doc_key']}@{e['start']} "
                  f"{e['surface']!r} -> {e['tagged'] or '-'} (gold {e['gold'] or '-'}) | {e['context']}")
    return 0


# --------------------------------------------------------------------------------------------
# speed on generated texts
# --------------------------------------------------------------------------------------------
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
    german = frame["country"] == "DE" if "country" in frame.columns else True
    towns = frame[german & (frame["parent"].isna()) & (frame["population"].fillna(0) >= 20_000)]["name"].tolist()
    districts = frame[frame["parent"].isin(["Essen", "Altena"])]
    d_names = [n for n in districts["name"].tolist() if "Stadtbezirk" not in n]
    cities = ["Essen", "Altena", "Bochum", "Dortmund", "Gelsenkirchen"]
    demonyms = ["Essener", "Altenaer", "Hörsterfelder", "Bochumer", "Karnaper"]
    texts, places = [], []
    for i in range(n):
        sents: list[str] = []
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


def speed(args: argparse.Namespace) -> int:
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
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd")
    ap.add_argument("--gold", default=str(GOLD), help="gold sample CSV (default: %(default)s)")
    ap.add_argument("--shared", default=str(SHARED), help="the shared data folder (default: %(default)s)")
    ap.add_argument("--errors", action="store_true", help="list every wrong or missed mention")
    sp = sub.add_parser("speed", help="docs/s on generated press-like texts")
    sp.add_argument("--n", type=int, default=10_000)
    sp.add_argument("--min-population", type=int, default=0)
    args = ap.parse_args(argv)
    return speed(args) if args.cmd == "speed" else accuracy(args)


if __name__ == "__main__":
    sys.exit(main())
