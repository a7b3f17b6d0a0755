"""Peak memory and time: one corpus file vs. a partitioned folder, for two corpus sizes.

    python benchmarks/bench_partitioned.py                       # 25,000 and 100,000 documents
    python benchmarks/bench_partitioned.py --sizes 2000 8000     # a quick look

For each size a JSON Lines file of generated articles is written (sentences of the shipped
demo corpus recombined, seeded; about ``--words`` words each, 5 % printed again in another
outlet with a changed first sentence, so that duplicate marking has work). Then, each step
in a fresh process (its own peak resident memory, VmHWM):

* single file: ``ingest → corpus.parquet``, then ``read → annotate(profile="fast") →
  tokens.parquet`` (everything in memory, as before);
* partitioned: ``ingest(output=corpus/)`` (streamed, partitioned by month), then
  ``read_parquet(corpus/) → annotate(profile="fast", output=tokens/)`` (part by part).

Annotation runs with ``compounds=False`` and ``cache=False`` to keep the CPU time modest (the
memory behaviour is the same with compound splitting; it only takes ~5x longer). Prints one
JSON line per step and a table side by side.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import _peak_rss_mb, _sentences


def generate(n: int, path: Path, *, words: int = 120, seed: int = 0) -> Path:
    """``n`` articles of about ``words`` words as JSON Lines (seeded, so every size is a prefix
    of a larger one's distribution, not of its rows)."""
    rng = random.Random(seed)
    sents = _sentences()
    places = ["Essen", "Altena", "Essen-Horst", "Lüdenscheid", "Bochum", "Hagen"]
    outlets = ["Lokalblatt Nord", "Kreisanzeiger", "Stadtspiegel", "Lenne-Kurier"]
    path.parent.mkdir(parents=True, exist_ok=True)
    previous: list[str] | None = None
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if previous is not None and rng.random() < 0.05:
                body = [rng.choice(sents)] + previous[1:]
            else:
                body = []
                while sum(len(s.split()) for s in body) < words:
                    body.append(rng.choice(sents))
            previous = body
            row = {"id": f"a{i:07d}", "title": body[0][:60],
                   "date": f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(2015, 2018)}",
                   "outlet": rng.choice(outlets), "place": rng.choice(places), "text": " ".join(body)}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def step(name: str, source: str, work: str) -> None:
    """Child process: one step; prints a JSON line with its time and peak memory."""
    import framing

    work_dir = Path(work)
    t0 = time.perf_counter()
    options = {"profile": "fast", "compounds": False, "cache": False, "progress": False}
    if name == "single-ingest":
        corpus = framing.ingest(source, progress=False, id_col="id")
        corpus.to_parquet(work_dir / "corpus.parquet")
        n, extra = len(corpus), {"duplicates": int(corpus.docs["is_duplicate"].sum())}
    elif name == "single-annotate":
        corpus = framing.read_parquet(work_dir / "corpus.parquet")
        tokens = framing.annotate(corpus, **options)
        tokens.to_parquet(work_dir / "tokens.parquet")
        n, extra = len(corpus), {"tokens": len(tokens)}
    elif name == "parts-ingest":
        corpus = framing.ingest(source, progress=False, id_col="id", output=work_dir / "corpus",
                                partition_by="month", rows_per_file=10_000)
        n = len(corpus)
        extra = {"parts": len(corpus.parts),
                 "duplicates": json.loads((work_dir / "corpus" / "_framing.json").read_text())
                 ["duplicates"]["duplicates"]}
    elif name == "parts-annotate":
        corpus = framing.read_parquet(work_dir / "corpus")
        tokens = framing.annotate(corpus, output=work_dir / "tokens", docs_per_file=5_000, **options)
        n, extra = len(corpus), {"tokens": len(tokens), "token_parts": len(tokens.parts)}
    else:
        raise SystemExit(f"unknown step {name}")
    seconds = time.perf_counter() - t0
    print(json.dumps({"step": name, "documents": n, "seconds": round(seconds, 1),
                      "peak_rss_mb": _peak_rss_mb(), **extra}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000])
    parser.add_argument("--words", type=int, default=120, help="words per generated article")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/framing-bench-partitioned"))
    parser.add_argument("--step", nargs=3, metavar=("NAME", "SOURCE", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step(*args.step)
        return
    rows = []
    for n in args.sizes:
        work = args.dir / f"n{n}"
        shutil.rmtree(work, ignore_errors=True)
        source = generate(n, work / "articles.jsonl", words=args.words)
        mb = source.stat().st_size / 1e6
        print(f"{n} articles, {mb:.0f} MB JSON Lines in {work}", flush=True)
        for name in ("single-ingest", "single-annotate", "parts-ingest", "parts-annotate"):
            out = subprocess.run([sys.executable, __file__, "--step", name, str(source), str(work)],
                                 capture_output=True, text=True, check=False)
            if out.returncode:
                raise SystemExit(out.stderr[-3000:])
            result = {"n": n, **json.loads(out.stdout.strip().splitlines()[-1])}
            print(json.dumps(result), flush=True)
            rows.append(result)
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"{'documents':>10} {'step':>16} {'single file':>22} {'partitioned':>22}")
    for n in args.sizes:
        for kind in ("ingest", "annotate"):
            single = next(r for r in rows if r["n"] == n and r["step"] == f"single-{kind}")
            parts = next(r for r in rows if r["n"] == n and r["step"] == f"parts-{kind}")
            print(f"{n:>10} {kind:>16} {single['peak_rss_mb']:>8} MiB {single['seconds']:>8} s "
                  f"{parts['peak_rss_mb']:>8} MiB {parts['seconds']:>8} s")


if __name__ == "__main__":
    main()
