"""Peak memory of the main process of ``framing.analyze`` with and without a Dask client.

    python benchmarks/bench_analyze_client.py --docs 20000

A generated corpus (``bench_distributed.make_corpus``: 2–5 real press sentences per document, a
place and a date each) is written as one JSONL file; then ``framing.analyze`` runs on it in a
fresh process each time — once without a client, once with a ``LocalCluster`` of 2 worker
processes — with the ``fast`` annotation profile, topics off (the one step that still loads the
token table with a client), networks and the report off (drawing eight networks of every term —
the fast profile tags no POS to filter by — takes minutes per picture) and no place tagging at
ingest (the corpus has a place column). Printed per run:
the main process's peak resident memory (VmHWM), the workers' peaks, the seconds per step, and
``token_table_loaded_by``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(source: str, out: str, dask: bool) -> dict:
    """One analyze in this (fresh) process."""
    import framing

    client = cluster = None
    if dask:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    t = time.perf_counter()
    result = framing.analyze(source, out, config=None, progress=False, client=client, topics=False,
                             report=False, networks=False, annotate={"profile": "fast", "cache": False},
                             ingest={"places": False})
    row = {"wall_s": round(time.perf_counter() - t, 1), "main_peak_mib": round(peak_rss_mb()),
           "seconds": result.seconds, "token_table_loaded_by": result.manifest.get("token_table_loaded_by", []),
           "tokens": len(result.tokens)}
    if client is not None:
        row["worker_peak_mib"] = sorted(round(v) for v in client.run(peak_rss_mb).values())
        client.close()
        cluster.close()
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        print(json.dumps(run(args.run[0], args.run[1], args.run[2] == "dask")), flush=True)
        return
    sys.path.insert(0, str(HERE))
    from bench_distributed import make_corpus, sentences

    root = Path(tempfile.mkdtemp(prefix="bench-analyze-client-"))
    docs = make_corpus(args.docs, sentences()).docs
    source = root / "articles.jsonl"
    docs.assign(date=docs["date"].astype(str)).to_json(source, orient="records", lines=True, force_ascii=False)
    for label in ("one process", "dask"):
        out = subprocess.run([sys.executable, __file__, "--run", str(source), str(root / label.replace(" ", "-")),
                              "dask" if label == "dask" else "none"], check=True, capture_output=True, text=True)
        row = {"docs": args.docs, "run": label, **json.loads(out.stdout.strip().splitlines()[-1])}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
