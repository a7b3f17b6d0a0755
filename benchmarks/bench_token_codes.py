"""The one integer encoding of the token table: co-occurrence and ids on a fresh table, and a
scorer after co-occurrence on the same tokens (which now reuses the encoding).

    PYTHONPATH=src python benchmarks/bench_token_codes.py [--baseline-src /path/to/old/src] [--target 5000000]

The demo corpus's annotated tokens replicated to about ``--target`` tokens (documents renamed),
in a fresh process per source tree with one Arrow thread; timed by CPU seconds (the machine is
shared; wall seconds beside). Per tree: ``ids``: ``Tokens.ids()`` on a fresh table (the encoding
included); ``cooc first``: ``framing.cooccurrence(unit="window", window=5)`` on a fresh table;
``cooc repeated``: again on the same tokens (best of 3); ``frames after cooc``: ``score_frames``
with ``integration_modes`` on tokens that co-occurrence has already read; ``sum``: the total of
a fresh table's co-occurrence and frames, the sequence of ``framing analyze``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_frames import REPLICATE  # noqa: E402

_CHILD = r"""
import json, sys, time
sys.path.insert(0, {src!r})
import pandas as pd, pyarrow as pa
pa.set_cpu_count(1)
import framing
from framing.nlp.tokens import Tokens

tokens = framing.annotate(framing.read({demo!r}, progress=False).unique(), progress=False)
{replicate}
big = lambda: replicated(tokens, {target})
timed_ = timed
timed = lambda fn: timed_(fn)[1:]

framing.score_frames(tokens, "integration_modes", by="place", n_boot=200)   # compile the codebook once
out = {{}}
t = big()
out["ids"] = timed(lambda: t.ids())
t = big()
cooc = lambda: framing.cooccurrence(t, unit="window", window=5, progress=False)
out["cooc first"] = timed(cooc)
out["cooc repeated"] = min((timed(cooc) for _ in range(3)), key=lambda x: x[1])
out["frames after cooc"] = timed(lambda: framing.score_frames(t, "integration_modes", by="place", n_boot=200))
out["sum"] = [a + b for a, b in zip(out["cooc first"], out["frames after cooc"])]
out["tokens"] = len(t)
print(json.dumps(out))
"""


def run(target: int, baseline_src: Path | None) -> dict[str, dict[str, object]]:
    srcs = [("new", ROOT / "src")] + ([("old", baseline_src)] if baseline_src else [])
    results: dict[str, dict[str, object]] = {}
    for label, src in srcs:
        code = _CHILD.format(src=str(Path(src).resolve()), demo=str(ROOT / "corpora/demo"), target=int(target),
                             replicate=REPLICATE)
        env = dict(os.environ, HF_HUB_OFFLINE="1", OMP_NUM_THREADS="1", PYTHONPATH=str(Path(src).resolve()))
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
        if res.returncode != 0:
            raise SystemExit(f"benchmark child failed ({label}):\n{res.stderr[-3000:]}")
        r = json.loads(res.stdout.strip().splitlines()[-1])
        results[label] = r
        n = r.pop("tokens")
        print(f"[{label}] {n:,} tokens: " + "; ".join(f"{k} {cpu:.2f} CPU-s ({wall:.2f} s wall)"
                                                     for k, (wall, cpu) in r.items()))
    return results


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", type=int, default=5_000_000, help="tokens to replicate to (default 5M)")
    ap.add_argument("--baseline-src", type=Path, help="another checkout's src/ to time right after")
    a = ap.parse_args()
    run(a.target, a.baseline_src)
