"""Frame scoring: speed on annotated tokens, and validity on real press (DebateNet-migr15 quotes).

    PYTHONPATH=src python benchmarks/bench_frames.py [--speed-only] [--validity-only]
    PYTHONPATH=src python benchmarks/bench_frames.py --speed-only --baseline-src /path/to/old/src

Speed (``--speed-only``): ``score_frames`` with the shipped ``integration_modes`` and ``rmfv``
codebooks on the demo corpus's annotated tokens (or ``--tokens tokens.parquet``, e.g. annotated
GNAD articles) replicated to about 5 million tokens (``--target``; documents renamed), ``by="place"``,
``n_boot=200``, in a fresh process with one Arrow thread. Reported per codebook in tokens per
CPU-second (the machine is shared; wall seconds beside it): the *first call* on a fresh token table
(the column encoding included; the codebook compile, cached per codebook, is not) and a *repeated
call* on the same tokens (best of 3; the table's column codes are reused, the matching and
aggregation run again), and the othering scorer on the same tokens. ``--baseline-src
/path/to/old/src`` runs the same child with another checkout's code right after, so old and new
figures come from one machine in one run.

Validity: ``../shared/data/debatenet-dev/claims.jsonl`` (real taz quotes with claim categories;
skips where absent). ``benchmarks/debatenet_codebook.yaml`` has one frame per top-level category
100-800. Each annotation row is predicted to have every category whose frame has a counted hit
(``score_frames(tokens, codebook, by="doc")``); the baseline applies the same terms by plain
lower-case substring matching. Reported: macro-F1 over the eight categories, per-category F1.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import framing  # noqa: E402
from framing.frames.codebook import Codebook  # noqa: E402

CLAIMS = ROOT.parent / "shared/data/debatenet-dev/claims.jsonl"
CATS = [str(c) for c in range(100, 900, 100)]


def _f1(y: np.ndarray, p: np.ndarray) -> float:
    tp = float((y & p).sum())
    fp = float((~y & p).sum())
    fn = float((y & ~p).sum())
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def validity(codebook_path: Path = ROOT / "benchmarks/debatenet_codebook.yaml") -> dict[str, float]:
    if not CLAIMS.exists():
        print(f"skipped validity: {CLAIMS} not found")
        return {}
    rows = [json.loads(line) for line in CLAIMS.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = np.array([[any(v[:1] == c[:1] and len(v) == 3 for v in r["claimvalues"]) for c in CATS] for r in rows])
    cb = Codebook.from_yaml(codebook_path)
    frames = list(cb.frames)
    corpus = framing.read(CLAIMS, text_col="quote", progress=False)
    tokens = framing.annotate(corpus, progress=False)
    res = framing.score_frames(tokens, cb, by="doc")
    table = res.table.set_index("doc")
    # corpus documents are the rows of the file, in order
    ids = corpus.docs["doc_id"].astype(str).tolist()
    assert len(ids) == len(rows), "every annotation row must be one document"
    pred = np.array([[table.loc[i, f] > 0 if i in table.index else False for f in frames] for i in ids])
    # substring baseline: the same terms, lower case, anywhere in the quote
    low = [r["quote"].lower() for r in rows]
    sub = np.array([[any(t.term.lower() in q for t in cb[f].terms) for f in frames] for q in low])
    f_fr = [_f1(gold[:, j], pred[:, j]) for j in range(len(CATS))]
    f_sub = [_f1(gold[:, j], sub[:, j]) for j in range(len(CATS))]
    print(f"DebateNet dev: {len(rows)} annotation rows, {len(frames)} categories")
    print(pd.DataFrame({"category": CATS, "n_gold": gold.sum(0), "f1_framing": f_fr, "f1_substring": f_sub}).round(3)
          .to_string(index=False))
    out = {"macro_f1_framing": float(np.mean(f_fr)), "macro_f1_substring": float(np.mean(f_sub))}
    print(f"macro-F1 framing {out['macro_f1_framing']:.3f}  substring {out['macro_f1_substring']:.3f}")
    return out


#: the benchmark children's helpers (also used by bench_token_codes.py)
REPLICATE = r"""
def replicated(tokens, target):
    # the tokens replicated to about ``target`` tokens, documents renamed; a fresh table each
    # time, so the first call on it pays the column encoding (kept with the table for later calls)
    base, reps = tokens.table, max(1, target // len(tokens.table))
    parts = [base.assign(doc_id=base["doc_id"].astype(str) + f"#{k}") for k in range(reps)]
    docs = [tokens.docs.assign(doc_id=tokens.docs["doc_id"].astype(str) + f"#{k}") for k in range(reps)]
    return Tokens(pd.concat(parts, ignore_index=True), pd.concat(docs, ignore_index=True))

def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c
"""

_CHILD = r"""
import json, sys, time
sys.path.insert(0, {src!r})
import numpy as np, pandas as pd, pyarrow as pa
pa.set_cpu_count(1)
import framing
from framing.frames.codebook import Codebook
from framing.nlp.tokens import Tokens
from framing.othering import OtheringScorer

if {tokens!r}:
    tokens = Tokens.read_parquet({tokens!r})
else:
    tokens = framing.annotate(framing.read({demo!r}, progress=False).unique(), progress=False)
{replicate}
big = lambda: replicated(tokens, {target})

out = {{}}
for name in {codebooks!r}:
    cb = Codebook.load(name)
    framing.score_frames(tokens, cb, by={by!r}, n_boot=200)          # compile (cached per codebook)
    t = big()
    res, wall0, cpu0 = timed(lambda: framing.score_frames(t, cb, by={by!r}, n_boot=200))
    warm = [timed(lambda: framing.score_frames(t, cb, by={by!r}, n_boot=200))[1:] for _ in range(3)]
    out[name] = {{"tokens": len(t), "hits": int(res.hits["counted"].sum()), "first_wall": wall0, "first_cpu": cpu0,
                 "warm_wall": min(w for w, _ in warm), "warm_cpu": min(c for _, c in warm)}}
t = big()
scorer = OtheringScorer()
scorer.score(tokens, by={by!r})
_, wall0, cpu0 = timed(lambda: scorer.score(t, by={by!r}))
warm = [timed(lambda: scorer.score(t, by={by!r}))[1:] for _ in range(3)]
out["othering"] = {{"tokens": len(t), "first_wall": wall0, "first_cpu": cpu0,
                   "warm_wall": min(w for w, _ in warm), "warm_cpu": min(c for _, c in warm)}}
print(json.dumps(out))
"""


def speed(target: int = 5_000_000, baseline_src: Path | None = None, tokens: Path | None = None,
          by: str = "place", codebooks: tuple[str, ...] = ("integration_modes", "rmfv")) -> dict[str, Any]:
    """Tokens per second of ``score_frames`` (and the othering scorer) in a fresh process per
    source tree; the baseline tree, if given, runs the same code on the same machine right after."""
    import os
    import subprocess
    srcs = [("new", ROOT / "src")] + ([("old", baseline_src)] if baseline_src else [])
    results: dict[str, Any] = {}
    for label, src in srcs:
        code = _CHILD.format(src=str(Path(src).resolve()), tokens=str(tokens) if tokens else "", replicate=REPLICATE,
                             demo=str(ROOT / "corpora/demo"), target=int(target), by=by, codebooks=list(codebooks))
        env = dict(os.environ, HF_HUB_OFFLINE="1", OMP_NUM_THREADS="1", PYTHONPATH=str(Path(src).resolve()))
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
        if res.returncode != 0:
            raise SystemExit(f"benchmark child failed ({label}):\n{res.stderr[-3000:]}")
        results[label] = json.loads(res.stdout.strip().splitlines()[-1])
        for name, r in results[label].items():
            n = r["tokens"]
            hits = f", {r['hits']:,} hits" if "hits" in r else ""
            print(f"[{label}] {name}: {n:,} tokens{hits}; first call {n / r['first_cpu'] / 1e6:.2f} M tokens/CPU-s "
                  f"({r['first_wall']:.2f} s wall); repeated call on the same tokens "
                  f"{n / r['warm_cpu'] / 1e6:.2f} M tokens/CPU-s ({r['warm_wall']:.2f} s wall, best of 3)")
    return results


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--speed-only", action="store_true", help="only the speed benchmark")
    ap.add_argument("--validity-only", action="store_true", help="only the DebateNet validity benchmark")
    ap.add_argument("--baseline-src", type=Path, help="another checkout's src/ to time side by side")
    ap.add_argument("--tokens", type=Path, help="annotated tokens (Parquet) to replicate instead of the demo corpus")
    ap.add_argument("--target", type=int, default=5_000_000, help="tokens to replicate to (default 5M)")
    ap.add_argument("--by", default="place", help="unit of the speed runs (default place)")
    a = ap.parse_args()
    if not a.speed_only:
        validity()
    if not a.validity_only:
        speed(a.target, a.baseline_src, a.tokens, a.by)
