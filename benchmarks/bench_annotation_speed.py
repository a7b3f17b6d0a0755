"""Annotation speed (tokens/s per core), peak memory and n_process scaling of the default backend.

    python benchmarks/bench_annotation_speed.py                    # 1,000,000 tokens, both profiles, n_process 1 and 2
    python benchmarks/bench_annotation_speed.py --tokens 200000 --profiles fast
    python benchmarks/bench_annotation_speed.py --json benchmarks/results/annotation_speed.json

Text: documents of ~300 words made by sampling sentences (seeded) from the demo corpus
(``corpora/demo/**/*.md``) and, when ``../shared`` is present, from UD German GSD dev, until the
corpus has at least ``--tokens`` tokens. Sampling repeats sentences, so the vocabulary is smaller
than in a real corpus of that size and per-type caches hit more often; the **cold** figure is the
lower bound.

Each configuration runs in a fresh Python process (``annotate(..., cache=False, progress=False)``)
so that caches and peak memory (``ru_maxrss`` of the process and its children) are its own.
The **cold** run annotates every demo article and the GSD dev text exactly once (~60,000 tokens,
~9,000 word types) in a fresh process: the speed on a vocabulary the caches have not seen.
``warm`` excludes model loading (a small warm-up document is annotated first); ``total``
includes it. For ``n_process=1`` the same call is repeated in the same process: the **steady
state** once the per-type caches (lemmas, HanTa analyses, type properties) know the vocabulary,
which is what the bulk of a large corpus sees. Scaling = warm time with n_process=1 / warm time
with n_process=N, on the sampled corpus with compound splitting off and on (the default of
``annotate``), and on the cold text (a vocabulary where per-type analyses dominate). On Linux the
workers are forked and the processes first share the analyses of the corpus's word types (see
``framing.nlp.parallel``); ``FRAMING_MP_START=spawn`` measures the spawn path instead.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GSD = REPO.parent / "shared" / "data" / "ud_german_gsd" / "de_gsd-ud-dev.conllu"


def _demo_sentences() -> list[str]:
    sents: list[str] = []
    for path in sorted((REPO / "corpora" / "demo").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("---", 2)[-1]
        for para in text.split("\n\n"):
            para = " ".join(para.split())
            sents += [s for s in re.split(r"(?<=[.!?“])\s+(?=[A-ZÄÖÜ„])", para) if len(s.split()) > 3]
    return sents


def _gsd_sentences() -> list[str]:
    if not GSD.exists():
        return []
    return [line.split("=", 1)[1].strip() for line in GSD.read_text(encoding="utf-8").splitlines()
            if line.startswith("# text =")]


def _cold_texts() -> list[str]:
    """Every demo article and the GSD dev text (10 sentences per document), each exactly once:
    a realistic vocabulary for its size, annotated with empty caches."""
    texts = []
    for path in sorted((REPO / "corpora" / "demo").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            texts.append(text.split("---", 2)[-1].strip())
    gsd = _gsd_sentences()
    texts += [" ".join(gsd[i:i + 10]) for i in range(0, len(gsd), 10)]
    return texts


def make_corpus(n_tokens: int, seed: int = 0) -> list[str]:
    """Documents of ~300 words sampled from demo (and GSD) sentences, ≥ n_tokens tokens in all."""
    sents = _demo_sentences() + _gsd_sentences()
    if not sents:
        raise SystemExit("no text to sample: neither corpora/demo nor ../shared/data/ud_german_gsd found")
    rng = random.Random(seed)
    docs: list[str] = []
    total = 0
    while total < n_tokens:
        body: list[str] = []
        words = 0
        while words < 300:
            s = rng.choice(sents)
            body.append(s)
            words += len(s.split())
        # two paragraphs, as in press text
        half = len(body) // 2
        docs.append(" ".join(body[:half]) + "\n\n" + " ".join(body[half:]))
        total += int(words * 1.17)  # ~tokens per whitespace word in German press text
    return docs


_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {src!r})
from framing.corpus.corpus import Corpus
from framing.nlp.annotate import annotate
texts = json.load(open({path!r}, encoding="utf-8"))
corpus = Corpus.from_texts(texts)
t0 = time.perf_counter()
c0 = time.process_time()
if {warm}:
    annotate(Corpus.from_texts(["Die Stadt Essen hat 2016 rund 3.000 Flüchtlinge aufgenommen."]),
             profile={profile!r}, n_process=1, cache=False, progress=False)
t1 = time.perf_counter()
c1 = time.process_time()
tokens = annotate(corpus, profile={profile!r}, n_process={n_process}, cache=False, progress=False,
                  batch_size={batch}, compounds={compounds})
t2 = time.perf_counter()
c2 = time.process_time()
ch = resource.getrusage(resource.RUSAGE_CHILDREN)
c3 = c4 = 0.0
if {n_process} == 1 and {repeat}:  # steady state: the same call again (per-type caches warm)
    c3 = time.process_time()
    annotate(corpus, profile={profile!r}, n_process=1, cache=False, progress=False,
             batch_size={batch}, compounds={compounds})
    c4 = time.process_time()
self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
t = tokens.table
print(json.dumps({{"tokens": len(t), "docs": tokens.n_docs, "types": int(t["text"].nunique()),
                  "seconds": t2 - t1, "seconds_total": t2 - t0, "cpu_seconds": c2 - c1,
                  "cpu_seconds_children": ch.ru_utime + ch.ru_stime, "cpu_seconds_repeat": c4 - c3,
                  "peak_rss_mb": round(self_rss / 1024, 1), "peak_rss_children_mb": round(child_rss / 1024, 1)}}))
"""


def run_config(texts_path: Path, profile: str, n_process: int, warm: bool, batch: int,
               compounds: bool = False, repeat: bool = False) -> dict:
    code = _CHILD.format(src=str(REPO / "src"), path=str(texts_path), profile=profile,
                         n_process=n_process, warm=warm, batch=batch, compounds=compounds, repeat=repeat)
    env = dict(os.environ, HF_HUB_OFFLINE="1", OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{out.stderr[-3000:]}")
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res.update(profile=profile, n_process=n_process, warm=warm, compounds=compounds)
    res["tokens_per_s"] = round(res["tokens"] / res["seconds"])  # wall clock
    res["tokens_per_s_total"] = round(res["tokens"] / res["seconds_total"])
    # per core = tokens per CPU second of all annotating processes (the caller computes too)
    cpu = res["cpu_seconds"] + (res["cpu_seconds_children"] if n_process > 1 else 0.0)
    res["tokens_per_cpu_s"] = round(res["tokens"] / cpu) if cpu else None
    rep = res.get("cpu_seconds_repeat")
    res["tokens_per_cpu_s_repeat"] = round(res["tokens"] / rep) if rep else None
    return res


def _line(label: str, r: dict) -> str:
    return (f"{label:28s} {r['tokens']:>9,} tok ({r['types']:>6,} types)  wall {r['tokens_per_s']:>8,} tok/s  "
            f"CPU {r['tokens_per_cpu_s'] or 0:>8,} tok/CPU-s  incl. loading {r['tokens_per_s_total']:>8,} tok/s  "
            f"peak {r['peak_rss_mb']:.0f} MB (+workers {r['peak_rss_children_mb']:.0f} MB)  {r['seconds']:.1f} s")


def _scaling(label: str, runs: list[dict]) -> None:
    """Add and print the speed-up of each n_process > 1 run over the n_process=1 run."""
    base = next((r for r in runs if r["n_process"] == 1), None)
    for r in runs:
        if base and r["n_process"] > 1:
            r["speedup"] = round(base["seconds"] / r["seconds"], 2)
            r["speedup_incl_startup"] = round(base["seconds_total"] / r["seconds_total"], 2)
            print(f"{label} scaling n_process={r['n_process']}: x{r['speedup']} wall "
                  f"(incl. loading the models x{r['speedup_incl_startup']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tokens", type=int, default=1_000_000)
    ap.add_argument("--profiles", default="fast,full")
    ap.add_argument("--n-process", default="1,2")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--no-compounds-run", action="store_true", help="skip the runs with compound splitting")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    results: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "platform": platform.platform(),
                                 "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None},
                     "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        texts = make_corpus(args.tokens)
        path = Path(tmp) / "texts.json"
        path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        cold = _cold_texts()
        cold_path = Path(tmp) / "cold.json"
        if cold:
            cold_path.write_text(json.dumps(cold, ensure_ascii=False), encoding="utf-8")
        print(f"corpus: {len(texts)} documents, ~{args.tokens:,} tokens; compounds off unless stated")
        ns = [int(x) for x in args.n_process.split(",")]
        for profile in args.profiles.split(","):
            if cold:
                cold_runs = []
                for n in ns:
                    r = run_config(cold_path, profile, n, True, args.batch_size)
                    r["corpus"] = "demo + GSD dev, each text once (cold caches)"
                    results["runs"].append(r)
                    cold_runs.append(r)
                    print(_line(f"{profile} cold text n={n}", r))
                _scaling(f"{profile} cold text", cold_runs)
            for compounds in ([False] if args.no_compounds_run else [False, True]):
                runs = []
                label = f"{profile}{' + compounds' if compounds else ''}"
                for n in ns:
                    r = run_config(path, profile, n, True, args.batch_size, compounds=compounds,
                                   repeat=(n == 1 and not compounds))
                    r["corpus"] = "sampled"
                    results["runs"].append(r)
                    runs.append(r)
                    print(_line(f"{label} n_process={n}", r))
                    if r.get("tokens_per_cpu_s_repeat"):
                        print(f"{label} n_process=1, second call in the same process (caches warm): "
                              f"{r['tokens_per_cpu_s_repeat']:,} tok/CPU-s")
                _scaling(label, runs)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
