"""What the client (driver) holds at scale: frames, othering and co-occurrence over a tokens folder.

    python benchmarks/bench_client_memory.py                       # 100,000 and 200,000 documents
    python benchmarks/bench_client_memory.py --sizes 100000 --keep /tmp/tok

For each size a generated corpus (``bench_distributed.make_corpus``: 2–5 real press sentences per
document, a place and a date each) is annotated with the ``fast`` profile by
``framing.scale.annotate_to_parquet`` on a ``LocalCluster`` of 2 worker processes (each worker
writes its part: setup, not measured). Then a **fresh driver process** reads the folder lazily
(``framing.read_tokens``), starts a new ``LocalCluster`` of 2 workers and runs, with
``client=``, co-occurrence (sentence unit, ``min_count=2``), othering and frames
(``integration_modes``) by place. Printed per size: the driver's peak resident memory (VmHWM)
after the cluster started (the baseline of the same run) and after each stage, each worker's
peak, and what the results hold on the driver (documents, hits / matches, evidence rows and their
bytes, pandas ``memory_usage(deep=True)``). ``--baseline`` also scores the smallest size in one
process without Dask from the loaded token table (a fresh process too), for comparison;
``--one-block`` also runs each size with the bootstrap draws of a unit in one block (as before
``framing.matching.layout.boot_blocks``), to show what the blocks save.

``--topics`` also fits the topic model of ``framing.analyze`` (LDA, 8 topics, ``--passes``
passes, coherence c_npmi/c_v/u_mass) on each folder, each run in a fresh driver process:
``streamed`` reads the folder here part by part (:mod:`framing.topics.streamed`), ``client``
has the parts' terms selected on a ``LocalCluster`` of 2 workers (as ``analyze(client=)`` does
now), ``loaded`` fits on the loaded token table (as ``analyze(client=)`` did before). Printed:
the driver's peak (VmHWM; the client's CPU seconds; workers' peaks), the dictionary size and a
hash of ``topics_`` and ``doc_topics_`` (every run must print the same hashes).
``--only-topics`` skips the other stages.

    python benchmarks/bench_client_memory.py --sizes 20000,100000 --topics --only-topics --keep /tmp/tok
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
PLACES = ["Altena", "Essen", "Bochum", "Dortmund", "Hagen", "Iserlohn", "Lüdenscheid", "Witten"]


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def mib(frame) -> float:
    return round(float(frame.memory_usage(deep=True).sum()) / 2**20, 1)


def make_folder(n: int, folder: Path) -> dict:
    """Annotate a generated corpus of ``n`` documents into ``folder`` on 2 workers."""
    sys.path.insert(0, str(HERE))
    from bench_distributed import make_corpus, sentences
    from distributed import Client, LocalCluster

    from framing.scale import annotate_to_parquet

    corpus = make_corpus(n, sentences())
    t = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        annotate_to_parquet(corpus, folder, client, profile="fast", compounds=False, progress=False)
    return {"annotate_s": round(time.perf_counter() - t, 1)}


def driver(folder: str, dask: bool, one_block: bool = False) -> dict:
    """The measured part, in a fresh process: stages over the folder, memory after each."""
    import framing

    if one_block:
        from framing.matching import layout

        layout.BOOT_BLOCK = 1 << 62   # every unit's draws in one array, as before the blocks

    row: dict = {}
    t0 = time.perf_counter()
    lazy = framing.read_tokens(folder)
    client = cluster = None
    if dask:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        source = lazy
    else:
        source = framing.Tokens.read_parquet(folder) if Path(folder).is_file() else lazy
        source.table  # noqa: B018  (one process: the whole token table, as without Dask)
    row["driver_start_mib"] = round(peak_rss_mb())
    docs = source.docs
    row.update(documents=len(docs), tokens=len(source), docs_table_mib=mib(docs))
    t = time.perf_counter()
    co = framing.cooccurrence(source, unit="sentence", min_count=2, client=client, progress=False)
    row["cooccurrence"] = {"s": round(time.perf_counter() - t, 1), "driver_peak_mib": round(peak_rss_mb()),
                           "terms": len(co.vocab), "pairs": int(co.upper.nnz)}
    del co
    t = time.perf_counter()
    oth = framing.OtheringScorer(places=PLACES).score(source, by="place", client=client)
    row["othering"] = {"s": round(time.perf_counter() - t, 1), "driver_peak_mib": round(peak_rss_mb()),
                       "matches": len(oth.matches), "matches_mib": mib(oth.matches),
                       "evidence_rows": len(oth.evidence), "evidence_mib": mib(oth.evidence)}
    del oth
    t = time.perf_counter()
    fr = framing.score_frames(source, "integration_modes", by="place", client=client)
    row["frames"] = {"s": round(time.perf_counter() - t, 1), "driver_peak_mib": round(peak_rss_mb()),
                     "hits": len(fr.hits), "hits_mib": mib(fr.hits),
                     "evidence_rows": len(fr.evidence), "evidence_mib": mib(fr.evidence)}
    del fr
    row["driver_peak_mib"] = round(peak_rss_mb())
    row["token_table_loaded"] = getattr(lazy, "_loaded", None) is not None
    if client is not None:
        row["worker_peak_mib"] = sorted(round(v) for v in client.run(peak_rss_mb).values())
        client.close()
        cluster.close()
    row["wall_s"] = round(time.perf_counter() - t0, 1)
    return row


def topics_driver(folder: str, mode: str, passes: int) -> dict:
    """The topic step in a fresh process: LDA streamed from the folder, or on the loaded table."""
    import hashlib

    import framing

    lazy = framing.read_tokens(folder)
    row: dict = {"mode": mode, "documents": lazy.n_docs, "tokens": len(lazy)}
    client = cluster = None
    if mode == "client":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    c0, t0 = time.process_time(), time.perf_counter()
    if mode == "loaded":
        lazy.table  # noqa: B018  (the whole token table in this process, as analyze(client=) did before)
    row["driver_after_load_mib"] = round(peak_rss_mb())
    model = framing.TopicModel(engine="lda", n_topics=8, passes=passes, random_state=0,
                               progress=False).fit(lazy, client=client)
    row.update(cpu_s=round(time.process_time() - c0, 1), wall_s=round(time.perf_counter() - t0, 1),
               driver_peak_mib=round(peak_rss_mb()), terms=len(model.documents_.dictionary),
               token_table_loaded=lazy.loaded,
               topics_sha=hashlib.sha1(model.topics_.to_csv().encode()).hexdigest()[:12],
               doc_topics_sha=hashlib.sha1(model.doc_topics_.to_numpy().tobytes()).hexdigest()[:12],
               doc_topics_mib=mib(model.doc_topics_), labels=model.topics_["label"].tolist()[:3])
    if client is not None:
        row["worker_peak_mib"] = sorted(round(v) for v in client.run(peak_rss_mb).values())
        client.close()
        cluster.close()
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100000,200000")
    ap.add_argument("--baseline", action="store_true", help="also one process without Dask (smallest size)")
    ap.add_argument("--one-block", action="store_true", help="also with all bootstrap draws of a unit at once")
    ap.add_argument("--keep", help="folder for the token folders (default: a temporary one)")
    ap.add_argument("--topics", action="store_true", help="also the LDA topic fit: streamed vs loaded table")
    ap.add_argument("--only-topics", action="store_true", help="only the topic fits (with --topics)")
    ap.add_argument("--passes", type=int, default=2, help="LDA passes of --topics (analyze's default: 10)")
    ap.add_argument("--modes", default="streamed,client,loaded",
                    help="--topics runs: streamed (read here), client (terms on 2 workers), loaded (table)")
    ap.add_argument("--driver-topics", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--driver", help=argparse.SUPPRESS)
    ap.add_argument("--no-dask", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--driver-one-block", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.driver_topics:
        print(json.dumps(topics_driver(args.driver_topics[0], args.driver_topics[1], args.passes)), flush=True)
        return
    if args.driver:
        print(json.dumps(driver(args.driver, dask=not args.no_dask, one_block=args.driver_one_block)), flush=True)
        return
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-client-"))
    sizes = [int(s) for s in args.sizes.split(",")]
    for n in sizes:
        folder = root / f"tokens-{n}"
        setup = make_folder(n, folder) if not (folder / "_framing.json").exists() else {}
        runs = [("dask", [])] + ([("dask, one bootstrap block", ["--driver-one-block"])] if args.one_block else [])
        runs += [("one process", ["--no-dask"])] if args.baseline and n == sizes[0] else []
        runs = [] if args.topics and args.only_topics else runs
        for label, extra in runs:
            out = subprocess.run([sys.executable, __file__, "--driver", str(folder), *extra], check=True,
                                 capture_output=True, text=True)
            row = {"docs": n, "run": label, **setup, **json.loads(out.stdout.strip().splitlines()[-1])}
            print(json.dumps(row), flush=True)
        for mode in args.modes.split(",") if args.topics else ():
            out = subprocess.run([sys.executable, __file__, "--driver-topics", str(folder), mode,
                                  "--passes", str(args.passes)], check=True, capture_output=True, text=True)
            row = {"docs": n, "run": f"topics {mode}", **setup, **json.loads(out.stdout.strip().splitlines()[-1])}
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
