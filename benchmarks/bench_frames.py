"""Frame scoring: speed on annotated tokens, and validity on real press (DebateNet-migr15 quotes).

    PYTHONPATH=src python benchmarks/bench_frames.py [--speed-only] [--validity-only]

Speed: ``score_frames`` with the shipped ``integration_modes`` and ``rmfv`` codebooks on the demo
corpus's annotated tokens replicated to about 5 million tokens (documents renamed; the codebook
compile is timed separately from the matching and aggregation).

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
import time
from pathlib import Path

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


def speed(target: int = 5_000_000) -> float:
    corpus = framing.read(ROOT / "corpora/demo", progress=False)
    tokens = framing.annotate(corpus.unique(), progress=False)
    base = tokens.table
    reps = max(1, target // len(base))
    parts = []
    for k in range(reps):
        p = base.copy()
        p["doc_id"] = p["doc_id"].astype(str) + f"#{k}"
        parts.append(p)
    table = pd.concat(parts, ignore_index=True)
    docs = pd.concat([tokens.docs.assign(doc_id=tokens.docs["doc_id"].astype(str) + f"#{k}") for k in range(reps)],
                     ignore_index=True)
    big = framing.Tokens(table, docs)
    rate = 0.0
    for name in ("integration_modes", "rmfv"):
        cb = Codebook.load(name)
        framing.score_frames(big, cb, by="place", n_boot=200)   # warm-up: splitter, compile (cached per codebook)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            res = framing.score_frames(big, cb, by="place", n_boot=200)
            times.append(time.perf_counter() - t0)
        dt = min(times)
        rate = len(table) / dt
        print(f"{name}: {len(table):,} tokens, {int(res.hits['counted'].sum()):,} hits, best of 3 {dt:.2f} s "
              f"= {rate / 1e6:.2f} M tokens/s")
    # the othering scorer on the same tokens and machine state, for comparison
    from framing.othering import OtheringScorer
    scorer = OtheringScorer()
    scorer.score(big, by="place")
    t0 = time.perf_counter()
    scorer.score(big, by="place")
    dt = time.perf_counter() - t0
    print(f"othering (same tokens): {dt:.2f} s = {len(table) / dt / 1e6:.2f} M tokens/s")
    return rate


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--speed-only", action="store_true")
    ap.add_argument("--validity-only", action="store_true")
    a = ap.parse_args()
    if not a.speed_only:
        validity()
    if not a.validity_only:
        speed()
