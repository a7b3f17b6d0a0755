"""Annotation speed on real press text (GNAD dev, 514 Austrian news articles), cold and warm.

    python benchmarks/bench_annotation_real.py                  # everything below
    python benchmarks/bench_annotation_real.py --baseline-src /path/to/old/src   # old code side by side
    python benchmarks/bench_annotation_real.py --baseline-pure   # compiled kernels off, side by side

Text: ``../shared/data/gnad-dev/articles.csv`` (``label;text``, no header, quote ``'``), read
with pandas and made a corpus with ``Corpus.from_frame``. Every figure is tokens per CPU
second (``time.process_time``: the machine is shared) of one fresh Python process with an
empty ``FRAMING_CACHE_DIR`` (``cold``) — what a new user's first run costs, the model loading
included unless said otherwise.

Runs (each in its own process):

* ``hanta tag_sent``: HanTa's own tagger (``HanoverTagger.tag_sent``, lemmas included) over the
  sentences framing's tokeniser made of the first ``--subset`` articles: the baseline;
* ``full cold`` on the same subset, compounds on (the default of ``annotate``): the ratio to
  HanTa's tag_sent is printed;
* ``full cold`` on all articles (compounds on), and ``full warm``: the first half of the
  articles annotated, then the second half timed in the same process (a second corpus of the
  same kind; the per-process caches know the first half's vocabulary);
* ``full known`` (``--only known``): every article annotated, then the second half again with
  " Ende." appended (a new corpus, so no cached table) in the same process: every word form is
  known, what remains is the per-token work (tokeniser, tagger, post-processing);
* ``full, second process``: a new process annotating the second half after another process
  annotated the first half with the same ``FRAMING_CACHE_DIR`` (the persistent word-form cache);
* ``tiny`` (``--only tiny``): the first article alone, cold, ``full`` and ``fast``: what a new
  process pays before its first token (model and dictionary loading), i.e. the fixed cost a
  small corpus pays;
* ``fast cold`` on all articles; ``fastwarm`` and ``fastsecond``: the fast profile's warm and
  second-process runs as above;
  ``fastnocomp``: fast cold with ``compounds=False`` (the share of the compound analysis), and
  ``fastnocompsecond`` its second-process run.

``--baseline-src`` runs the same configurations with another checkout's ``src`` (e.g. the
commit before a change), so old and new figures come from the same machine in the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GNAD = REPO.parent / "shared" / "data" / "gnad-dev" / "articles.csv"

_CHILD = r"""
import json, sys, time
c_start = time.process_time()
sys.path.insert(0, {src!r})
import pandas as pd
df = pd.read_csv({gnad!r}, sep=';', quotechar="'", header=None, names=['label', 'text'])
mode, subset, profile, compounds = {mode!r}, {subset}, {profile!r}, {compounds!r}
texts = df["text"].tolist()
if subset:
    texts = texts[:subset]
out = {{}}
if mode == "hanta":
    from framing.nlp.tokenizer import tokenize_text
    sents = []
    for t in texts:
        tt = tokenize_text(t)
        cur, sid = [], None
        for w, s in zip(tt.texts, tt.sent_ids):
            if s != sid and cur:
                sents.append(cur); cur = []
            sid = s
            cur.append(w)
        if cur:
            sents.append(cur)
    from HanTa import HanoverTagger as ht
    c0 = time.process_time()
    tagger = ht.HanoverTagger("morphmodel_ger.pgz")
    n = 0
    for s in sents:
        tagger.tag_sent(s)
        n += len(s)
    c1 = time.process_time()
    out = {{"tokens": n, "cpu_s": c1 - c0}}
else:
    from framing.corpus.corpus import Corpus
    from framing.nlp.annotate import annotate
    halves = mode in ("warm", "known")
    half = len(texts) // 2
    if mode in ("warm", "second"):
        first, texts = texts[:half], texts[half:]
    elif mode == "known":  # every word form seen before: all articles, then the second half again
        first, texts = texts, [t + " Ende." for t in texts[half:]]
    elif mode == "firsthalf":
        texts = texts[:half]
    c0 = time.process_time()
    if halves:
        annotate(Corpus.from_frame(pd.DataFrame({{"text": first}})), profile=profile, progress=False,
                 compounds=compounds)
    c1 = time.process_time()
    tok = annotate(Corpus.from_frame(pd.DataFrame({{"text": texts}})), profile=profile, progress=False,
                   compounds=compounds)
    c2 = time.process_time()
    out = {{"tokens": len(tok.table), "cpu_s": c2 - c1, "cpu_s_incl_import": c2 - c_start,
           "types": int(tok.table["text"].nunique())}}
print(json.dumps(out))
"""


def run(src: Path, mode: str, profile: str = "full", subset: int = 0, cache_dir: str | None = None,
        compounds: bool = True, pure: bool = False) -> dict:
    code = _CHILD.format(src=str(src), gnad=str(GNAD), mode=mode, subset=subset, profile=profile,
                         compounds=compounds)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, HF_HUB_OFFLINE="1", OMP_NUM_THREADS="1", FRAMING_CACHE_DIR=cache_dir or tmp)
        # an installed package has its bytecode compiled (pip does it); a development shell that
        # forbids writing it would make every run compile framing's lazily imported modules
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if pure:  # the compiled kernels switched off (framing.nlp.compiled)
            env["FRAMING_PURE_PYTHON"] = "1"
        if mode == "second":  # another process annotates the first half first, same cache dir
            first = _CHILD.format(src=str(src), gnad=str(GNAD), mode="firsthalf", subset=subset, profile=profile,
                                  compounds=compounds)
            subprocess.run([sys.executable, "-c", first], capture_output=True, text=True, env=env, check=True)
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    if res.returncode != 0:
        raise SystemExit(f"benchmark child failed ({mode}):\n{res.stderr[-3000:]}")
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["tok_per_cpu_s"] = round(out["tokens"] / out["cpu_s"])
    return out


def measure(args: argparse.Namespace, srcs: list, only: set[str]) -> dict:
    """One round of the configurations in ``only`` for every source, printed as they finish."""
    results: dict = {}
    if "hanta" in only or "subset" in only:
        h = run(REPO / "src", "hanta", subset=args.subset)
        results["hanta_tag_sent"] = h
        print(f"HanTa tag_sent, first {args.subset} articles: {h['tokens']:,} tokens, "
              f"{h['tok_per_cpu_s']:,} tok/CPU-s (model loading included)")
    for label, src, pure in srcs:
        if "subset" in only:
            r = run(src, "cold", subset=args.subset, pure=pure)
            results[f"{label}_full_cold_subset"] = r
            ratio = r["tok_per_cpu_s"] / results["hanta_tag_sent"]["tok_per_cpu_s"]
            print(f"[{label}] full cold, first {args.subset} articles: {r['tok_per_cpu_s']:,} tok/CPU-s "
                  f"= {ratio:.1f}x HanTa tag_sent ({r['cpu_s']:.1f} CPU-s)")
        if "cold" in only:
            r = run(src, "cold", pure=pure)
            results[f"{label}_full_cold"] = r
            print(f"[{label}] full cold, all {r['tokens']:,} tokens ({r['types']:,} types): "
                  f"{r['tok_per_cpu_s']:,} tok/CPU-s ({r['cpu_s']:.1f} CPU-s; "
                  f"{r['cpu_s_incl_import']:.1f} incl. imports)")
        if "warm" in only:
            r = run(src, "warm", pure=pure)
            results[f"{label}_full_warm"] = r
            print(f"[{label}] full warm (second half after the first, same process): "
                  f"{r['tok_per_cpu_s']:,} tok/CPU-s ({r['tokens']:,} tokens)")
        if "known" in only:
            r = run(src, "known", pure=pure)
            results[f"{label}_full_known"] = r
            print(f"[{label}] full, every word form known (second half again after all, same process): "
                  f"{r['tok_per_cpu_s']:,} tok/CPU-s ({r['tokens']:,} tokens)")
        if "second" in only:
            r = run(src, "second", pure=pure)
            results[f"{label}_full_second_process"] = r
            print(f"[{label}] full, second half in a new process after the first half (same cache dir): "
                  f"{r['tok_per_cpu_s']:,} tok/CPU-s")
        if "tiny" in only:
            for prof in ("full", "fast"):
                r = run(src, "cold", subset=1, profile=prof, pure=pure)
                results[f"{label}_{prof}_cold_one_article"] = r
                print(f"[{label}] {prof} cold, one article ({r['tokens']:,} tokens): {r['cpu_s']:.2f} CPU-s "
                      f"({r['cpu_s_incl_import']:.2f} incl. imports)")
        if "fast" in only:
            r = run(src, "cold", profile="fast", pure=pure)
            results[f"{label}_fast_cold"] = r
            print(f"[{label}] fast cold, all {r['tokens']:,} tokens: {r['tok_per_cpu_s']:,} tok/CPU-s "
                  f"({r['cpu_s']:.1f} CPU-s)")
        if "fastwarm" in only:
            r = run(src, "warm", profile="fast", pure=pure)
            results[f"{label}_fast_warm"] = r
            print(f"[{label}] fast warm (second half after the first, same process): "
                  f"{r['tok_per_cpu_s']:,} tok/CPU-s ({r['tokens']:,} tokens)")
        if "fastsecond" in only:
            r = run(src, "second", profile="fast", pure=pure)
            results[f"{label}_fast_second_process"] = r
            print(f"[{label}] fast, second half in a new process after the first half (same cache dir): "
                  f"{r['tok_per_cpu_s']:,} tok/CPU-s")
        if "fastnocomp" in only:
            r = run(src, "cold", profile="fast", compounds=False, pure=pure)
            results[f"{label}_fast_cold_no_compounds"] = r
            print(f"[{label}] fast cold, compounds=False: {r['tok_per_cpu_s']:,} tok/CPU-s "
                  f"({r['cpu_s']:.1f} CPU-s)")
        if "fastnocompsecond" in only:
            r = run(src, "second", profile="fast", compounds=False, pure=pure)
            results[f"{label}_fast_second_process_no_compounds"] = r
            print(f"[{label}] fast, compounds=False, second half in a new process after the first half: "
                  f"{r['tok_per_cpu_s']:,} tok/CPU-s ({r['cpu_s']:.2f} CPU-s)")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--subset", type=int, default=100, help="articles for the HanTa tag_sent comparison")
    ap.add_argument("--baseline-src", type=Path, help="another checkout's src/ to run side by side")
    ap.add_argument("--baseline-pure", action="store_true",
                    help="also run this checkout with its compiled kernels switched off (FRAMING_PURE_PYTHON=1)")
    ap.add_argument("--only", default="hanta,subset,cold,warm,second,fast")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--repeat", type=int, default=1,
                    help="rounds of every configuration (then medians are printed; the machine's speed drifts)")
    args = ap.parse_args(argv)
    if not GNAD.exists():
        raise SystemExit(f"{GNAD} not found")
    srcs = [("new", REPO / "src", False)]
    if args.baseline_pure:
        srcs.append(("pure", REPO / "src", True))
    if args.baseline_src:
        srcs.append(("old", args.baseline_src, False))
    only = set(args.only.split(","))
    rounds = [measure(args, srcs, only) for _ in range(args.repeat)]
    results: dict = rounds[0] if args.repeat == 1 else {"rounds": rounds}
    if args.repeat > 1:  # medians over the rounds (the machine's speed drifts: compare medians)
        print(f"\nmedians of {args.repeat} rounds:")
        for key in rounds[0]:
            tps = statistics.median(r[key]["tok_per_cpu_s"] for r in rounds)
            cpu = statistics.median(r[key]["cpu_s"] for r in rounds)
            print(f"  {key:40s} {tps:>10,.0f} tok/CPU-s {cpu:8.2f} CPU-s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
