"""``framing analyze`` on real press text, step by step, cold: the main job as a user runs it.

    python benchmarks/bench_analyze_real.py            # GNAD dev: 514 Austrian news articles
    python benchmarks/bench_analyze_real.py --src /tmp/base/src   # the same for a baseline
    python benchmarks/bench_analyze_real.py --pure     # compiled kernels off (FRAMING_PURE_PYTHON=1)

Runs :func:`framing.analyze` (every step: ingest, annotate, topics, networks, frames, othering,
comparison, report; default settings) on ``../shared/data/gnad-dev/articles.csv`` read with
``header=None`` and compared by its first column (the news desk, ``column_0``), in one fresh
process pinned to one core with an empty ``FRAMING_CACHE_DIR`` (a new user's first run). Prints
CPU seconds (per step from ``analysis.json``: the process's and its child processes', such as
the first run's cache build; the machine may be shared)
and wall seconds per step, the total of the process (imports included) and the cost per article.
Target (issue 13): under 30 s on one core, cold.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GNAD = REPO.parent / "shared" / "data" / "gnad-dev" / "articles.csv"

CHILD = """
import os, resource, sys, time
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {0})
c0, w0 = time.process_time(), time.perf_counter()
import framing
framing.analyze(sys.argv[1], sys.argv[2], config=None, progress=False, by="column_0",
                ingest={"options": {"header": None}}, n_process=1)
ch = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.process_time() - c0, time.perf_counter() - w0, ch.ru_utime + ch.ru_stime)
"""


def main() -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=REPO / "src",
                    help="the framing sources to run (e.g. an unpacked baseline's src folder)")
    ap.add_argument("--pure", action="store_true", help="switch the compiled kernels off (FRAMING_PURE_PYTHON=1)")
    args = ap.parse_args()
    src = args.src.resolve()
    if not GNAD.exists():
        raise SystemExit(f"{GNAD} not found (the benchmark needs ../shared)")
    with tempfile.TemporaryDirectory(prefix="framing-analyze-") as tmp:
        env = {**os.environ, "FRAMING_CACHE_DIR": str(Path(tmp) / "cache"), "HF_HUB_OFFLINE": "1",
               "PYTHONPATH": str(src)}
        if args.pure:
            env["FRAMING_PURE_PYTHON"] = "1"
        out = Path(tmp) / "out"
        t0 = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", CHILD, str(GNAD), str(out)], env=env, capture_output=True,
                             text=True)
        if run.returncode:
            raise SystemExit(run.stderr[-3000:])
        own, wall, children = (float(v) for v in run.stdout.strip().splitlines()[-1].split())
        cpu = own + children
        manifest = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
        n_docs = sum(manifest["groups"]["n_docs"].values())
    mode = ", pure Python" if args.pure else ""
    print(f"framing analyze on GNAD dev ({n_docs} articles), cold, one core ({src}{mode}); process wall "
          f"{time.perf_counter() - t0:.1f} s")
    cpu_s, wall_s = manifest.get("cpu_seconds", {}), manifest["seconds"]
    for step in manifest["steps"]:
        c = cpu_s.get(step, float("nan"))
        print(f"  {step:12s} {c:7.1f} CPU-s  {wall_s.get(step, float('nan')):7.1f} s wall  "
              f"{1000 * c / n_docs:6.1f} ms CPU per article")
    print(f"  {'total':12s} {cpu:7.1f} CPU-s  {wall:7.1f} s wall  {1000 * cpu / n_docs:6.1f} ms CPU per article "
          f"(the whole process, imports included, and {children:.1f} CPU-s of its child processes)")
    print(f"target: under 30 s on one core -> {'met' if cpu < 30 else 'not met'} ({cpu:.1f} CPU-s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
