"""Dask execution (framing.scale): throughput and peak memory per worker, 1 and 2 workers.

    python benchmarks/bench_distributed.py                          # 25k, 50k, 100k documents
    python benchmarks/bench_distributed.py --sizes 20000 --workers 2 --baseline

A generated corpus of short documents (2–5 sentences drawn with a fixed seed from real press
text, GNAD dev in ``../shared/data`` where present, else the demo corpus; a place and a date
each) is annotated with the ``fast`` profile and then counted (co-occurrence by sentence), scored
for othering and for frames (``integration_modes``) by place — every stage with ``client=`` on a
fresh ``LocalCluster`` of N worker processes with one thread each. Printed per run: wall time of
every stage, documents per second, the compute time of one part (from Dask's task stream), the
peak resident memory of each worker process (VmHWM, read in the worker) and of the client
(this process, all runs so far).
``--baseline`` also runs the stages in this process without Dask (same corpus), to show the
overhead. The drawn sentences repeat, so the annotator's per-word caches make annotation faster
than on fresh press text: docs/guide/scale.md scales the projection with the real-press rate.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import time
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
GNAD = REPO.parent / "shared" / "data" / "gnad-dev" / "articles.csv"
PLACES = ["Altena", "Essen", "Bochum", "Dortmund", "Hagen", "Iserlohn", "Lüdenscheid", "Witten"]


def sentences() -> list[str]:
    import framing

    if GNAD.exists():
        texts = pd.read_csv(GNAD, sep=";", header=None, names=["label", "text"], quotechar="'")["text"]
    else:
        texts = framing.read(REPO / "corpora" / "demo", progress=False).docs["text"]
    out = []
    for t in texts.dropna():
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", str(t)) if 20 <= len(s.strip()) <= 300]
    return out


def make_corpus(n: int, pool: list[str], seed: int = 0):
    import framing

    rng = np.random.default_rng(seed)
    k = rng.integers(2, 6, size=n)
    picks = rng.integers(0, len(pool), size=int(k.sum()))
    bounds = np.r_[0, np.cumsum(k)]
    texts = [" ".join(pool[j] for j in picks[a:b]) for a, b in pairwise(bounds)]
    days = rng.integers(0, 3650, size=n)
    return framing.Corpus.from_texts(texts, doc_ids=[f"d{i:08d}" for i in range(n)],
                                     place=[PLACES[i] for i in rng.integers(0, len(PLACES), size=n)],
                                     date=[str(np.datetime64("2015-01-01") + int(d)) for d in days],
                                     outlet="Generated")


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM: ``getrusage`` would report the spawning
    client's peak for a freshly spawned worker, since Linux keeps ru_maxrss across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stages(corpus, client=None) -> tuple[dict[str, float], int]:
    import framing

    times: dict[str, float] = {}
    t = time.perf_counter()
    tokens = framing.annotate(corpus, profile="fast", client=client, cache=False, progress=False)
    times["annotate"] = time.perf_counter() - t
    t = time.perf_counter()
    framing.cooccurrence(tokens, unit="sentence", min_count=2, client=client, progress=False)
    times["cooccurrence"] = time.perf_counter() - t
    t = time.perf_counter()
    framing.OtheringScorer(places=PLACES).score(tokens, by="place", client=client)
    times["othering"] = time.perf_counter() - t
    t = time.perf_counter()
    framing.score_frames(tokens, "integration_modes", by="place", client=client)
    times["frames"] = time.perf_counter() - t
    return times, len(tokens)


def run(n: int, workers: int, corpus, baseline: bool) -> dict:
    from distributed import Client, LocalCluster, get_task_stream

    row: dict = {"docs": n, "workers": workers}
    if baseline:
        times, n_tok = stages(corpus)
        row["baseline_s"] = {k: round(v, 1) for k, v in times.items()}
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        t0 = time.perf_counter()
        with get_task_stream(client) as ts:
            times, n_tok = stages(corpus, client)
        wall = time.perf_counter() - t0
        per_part: dict[str, list[float]] = {}
        for task in ts.data:
            name = task["key"].split("-")[1] if str(task["key"]).startswith("framing-") else None
            if name is None:
                continue
            comp = [s for s in task["startstops"] if s["action"] == "compute"]
            if comp:
                per_part.setdefault(name, []).append(comp[0]["stop"] - comp[0]["start"])
        rss = client.run(peak_rss_mb)
    row.update({"tokens": n_tok, "wall_s": round(wall, 1), "stages_s": {k: round(v, 1) for k, v in times.items()},
                "docs_per_s": round(n / wall), "annotate_docs_per_s": round(n / times["annotate"]),
                "part_compute_s": {k: [round(float(np.median(v)), 2), len(v)] for k, v in per_part.items()},
                "worker_peak_rss_mb": sorted(round(v) for v in rss.values()),
                "client_peak_rss_mb": round(peak_rss_mb())})
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="25000,50000,100000")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--baseline", action="store_true", help="also without Dask (smallest size only)")
    ap.add_argument("--json", help="also write the rows to this file")
    args = ap.parse_args()
    pool = sentences()
    rows = []
    sizes = [int(s) for s in args.sizes.split(",")]
    for n in sizes:
        corpus = make_corpus(n, pool)
        for w in [int(x) for x in args.workers.split(",")]:
            row = run(n, w, corpus, baseline=args.baseline and n == sizes[0] and w == 1)
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
