"""Benchmark near-duplicate marking: docs/s, peak memory, and recall/precision on planted copies.

    python benchmarks/bench_dedup.py --n 100000            # ~1-2 minutes
    python benchmarks/bench_dedup.py --n 10000 --datasketch  # also time datasketch for comparison

Articles (~300 words) are drawn from German word frequencies (wordfreq, Zipf-like), so unrelated
articles share common phrases by chance as real ones do; ``--dup-rate`` of them are edited
copies of an earlier article: a new first sentence, the last 0-35 % cut, a few words replaced,
another outlet and a later date.
"""
from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import numpy as np
import pandas as pd

from framing.corpus.dedup import mark_duplicates, normalise_tokens


def _vocabulary(size: int = 30_000) -> tuple[np.ndarray, np.ndarray]:
    from wordfreq import top_n_list, word_frequency
    words = [w for w in top_n_list("de", size * 2) if w.isalpha()][:size]
    freq = np.array([word_frequency(w, "de") for w in words])
    return np.array(words, dtype=object), freq / freq.sum()


def make_corpus(n: int, dup_rate: float = 0.05, words: int = 300,
                random_state: int = 0) -> tuple[pd.DataFrame, dict[int, int]]:
    """``n`` articles; returns the table and {copy row: original row} for the planted copies."""
    rng = np.random.default_rng(random_state)
    vocab, p = _vocabulary()
    n_dup = int(round(n * dup_rate))
    n_orig = n - n_dup
    draws = rng.choice(len(vocab), size=(n_orig, words), p=p)
    outlets = np.array(["WAZ Essen", "NRZ Essen", "WAZ Gladbeck", "Lenne-Kurier", "WR Hagen",
                        "WAZ Bochum", "Ruhr Nachrichten", "IKZ Iserlohn"])

    def render(ids: np.ndarray) -> str:
        ws = vocab[ids].tolist()
        sents = [" ".join(ws[i:i + 12]).capitalize() + "." for i in range(0, len(ws), 12)]
        return " ".join(sents)

    texts = [render(draws[i]) for i in range(n_orig)]
    dates = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 4 * 365, n_orig), unit="D")
    outlet = outlets[rng.integers(len(outlets), size=n_orig)].tolist()
    truth: dict[int, int] = {}
    new_texts, new_dates, new_outlets = [], [], []
    for k in range(n_dup):
        src = int(rng.integers(n_orig))
        ids = draws[src].copy()
        cut = int(len(ids) * rng.uniform(0.0, 0.35))          # shortened end
        ids = ids[:len(ids) - cut]
        ids[:12] = rng.choice(len(vocab), size=12, p=p)         # another first sentence
        for pos in rng.integers(12, len(ids), size=3):          # small edits
            ids[pos] = rng.choice(len(vocab), p=p)
        new_texts.append(render(ids))
        new_dates.append(dates[src] + pd.Timedelta(days=int(rng.integers(0, 3))))
        new_outlets.append(outlets[rng.integers(len(outlets))])
        truth[n_orig + k] = src
    df = pd.DataFrame({
        "doc_id": [f"d{i:06d}" for i in range(n)],
        "text": texts + new_texts,
        "date": list(dates) + new_dates,
        "outlet": outlet + new_outlets,
    })
    return df, truth


def _datasketch(df: pd.DataFrame, threshold: float, num_perm: int, k: int) -> float:
    from datasketch import MinHash, MinHashLSH
    t0 = time.process_time()
    shingles = []
    for text in df["text"]:
        toks = normalise_tokens(text)
        shingles.append([" ".join(toks[i:i + k]).encode() for i in range(len(toks) - k + 1)])
    mhs = MinHash.bulk(shingles, num_perm=num_perm, seed=1)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    for i, m in enumerate(mhs):
        lsh.insert(str(i), m)
    for m in mhs:
        lsh.query(m)
    return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dup-rate", type=float, default=0.05)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--datasketch", action="store_true", help="also time datasketch MinHash+LSH")
    ap.add_argument("--no-memory", action="store_true",
                    help="skip the second run that traces peak memory (tracemalloc)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    df, truth = make_corpus(args.n, args.dup_rate)
    words = int(df["text"].str.split().str.len().sum())
    print(f"generated {args.n} articles ({words / args.n:.0f} words each, "
          f"{len(truth)} planted copies) in {time.perf_counter() - t0:.1f} s")

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    out = mark_duplicates(df, threshold=args.threshold, num_perm=args.num_perm, random_state=0)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    info = out.attrs["dedup"]

    found = set(np.flatnonzero(out["is_duplicate"].to_numpy()).tolist())
    planted = set(truth)
    groups = out["dup_group"].to_numpy()
    correct = sum(1 for c, s in truth.items() if not pd.isna(groups[c]) and groups[c] == groups[s])
    print(f"mark_duplicates: {dt:.1f} s wall, {cpu:.1f} s CPU -> {args.n / dt:,.0f} docs/s wall, "
          f"{args.n / cpu:,.0f} docs/s per CPU second "
          f"(bands x rows = {info['bands']} x {info['rows']}, {info['candidates']} LSH candidates, "
          f"{info['verified_pairs']} verified pairs)")
    print(f"peak RSS {rss1 / 1024:.0f} MiB (before: {rss0 / 1024:.0f} MiB, "
          f"+{(rss1 - rss0) / 1024:.0f} MiB during mark_duplicates)")
    print(f"planted copies grouped with their original: {correct}/{len(truth)} "
          f"({correct / max(len(truth), 1):.1%}); marked duplicates: {len(found)}, "
          f"of which not planted: {len(found - planted - set(truth.values()))}")
    if not args.no_memory:
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        mark_duplicates(df, threshold=args.threshold, num_perm=args.num_perm, random_state=0)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"peak memory allocated by mark_duplicates (tracemalloc, Python + numpy): "
              f"{(peak - base) / 2**20:.0f} MiB")
    if args.datasketch:
        dts = _datasketch(df, 0.36, args.num_perm, 5)
        print(f"datasketch MinHash.bulk + MinHashLSH (no verification): {dts:.1f} s CPU -> "
              f"{args.n / dts:,.0f} docs/s per CPU second")


if __name__ == "__main__":
    main()
