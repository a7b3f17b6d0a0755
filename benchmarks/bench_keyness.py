"""Keyness of every group against the rest: one ``keyness`` call per group against ``keyness_by``.

    python benchmarks/bench_keyness.py --docs 20000

A generated corpus (``bench_distributed.make_corpus``: 2–5 real press sentences per document,
8 places) is annotated (``fast`` profile) on a ``LocalCluster`` of 2 worker processes into a tokens
folder; then the keyness of each place against the rest is computed over the folder with the
client, first by one ``framing.keyness`` per place (what ``framing analyze`` did), then by one
``framing.keyness_by``, and again both on the loaded table without a client. Printed: wall
seconds of each, and whether every table is equal.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=20000)
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_distributed import make_corpus, sentences
    from distributed import Client, LocalCluster
    from pandas.testing import assert_frame_equal

    import framing
    from framing.scale.annotate import annotate_to_parquet

    corpus = make_corpus(args.docs, sentences())
    with tempfile.TemporaryDirectory() as tmp, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        annotate_to_parquet(corpus, Path(tmp) / "tokens", client, profile="fast", progress=False)
        folder = framing.read_tokens(Path(tmp) / "tokens")
        places = sorted(folder.docs["place"].unique())
        rows = []
        loaded = framing.read_tokens(Path(tmp) / "tokens")
        in_memory = framing.Tokens(loaded.table, loaded.docs)
        for label, tokens, cl in (("tokens folder, 2 workers", folder, client),
                                  ("loaded table, one process", in_memory, None)):
            t = time.perf_counter()
            each = {p: framing.keyness(tokens, by="place", target=p, client=cl) for p in places}
            t_each = time.perf_counter() - t
            t = time.perf_counter()
            once = framing.keyness_by(tokens, by="place", client=cl)
            t_once = time.perf_counter() - t
            for p in places:
                assert_frame_equal(once[p], each[p])
            rows.append((label, t_each, t_once))
    print(f"{args.docs} documents, {len(places)} places; keyness of each place against the rest (wall s)")
    print(f"{'':28} {'keyness per place':>18} {'keyness_by':>11}  tables equal")
    for label, a, b in rows:
        print(f"{label:28} {a:18.2f} {b:11.2f}  yes")


if __name__ == "__main__":
    main()
