"""Co-occurrence counting: throughput, scaling and memory, against a pure-Python baseline and peers.

    python benchmarks/bench_cooccurrence.py                    # 10M tokens, window=5 and sentence
    python benchmarks/bench_cooccurrence.py --tokens 2000000   # smaller run
    python benchmarks/bench_cooccurrence.py --tokens 200000 --no-peers --repeat 7
        # issue 13's small corpus: warm end-to-end against the dict count (target >= 10x)
    python benchmarks/bench_cooccurrence.py --peers-only       # only the peer comparison (textacy, tmtoolkit)

The corpus is synthetic but shaped like press text: a Zipf vocabulary (exponent 1.0, 200k
lemma types), the 150 most frequent types flagged as stopwords (about 44% of tokens, as in
German news), punctuation after every sentence and now and then inside it, sentence lengths
log-normal around 16 tokens, about 20 sentences per article. Seeded: every run sees the same
tokens.

What is measured (best of ``--repeat`` runs):

* ``core``: :func:`framing.networks.count_window` / :func:`count_units` on the integer id
  arrays (what ``framing.networks`` spends its time in once ids exist). ``tokens/s`` counts
  every corpus token (stopwords and punctuation included); ``pairs/s`` the pair updates (window:
  position pairs counted; sentence: Σ k(k-1)/2 over sentences with k distinct terms).
* ``end-to-end``: ``framing.cooccurrence(tokens, ...)`` from a :class:`~framing.Tokens` table with
  string lemmas: term selection, id mapping, counting, term/document frequencies, POS.
* baselines, pure Python with a dict, inputs prepared outside the timing, on all tokens (or
  ``--baseline-tokens``), counts checked against framing's:
  ``straightforward``: term strings, every token visited, its window sliced (what one writes
  first, and about what textacy does); ``tuned``: integer ids of counted tokens only, with
  positions and an early exit (best of ``--baseline-repeat`` runs).
* ``scaling``: core time at 1M, 2M, 5M and 10M tokens (prefixes of the corpus, whole articles)
  and the fitted exponent of time ~ tokens^b (1.0 = linear).
* timing: best of ``--repeat`` runs by CPU time (``time.process_time``), which a busy shared
  machine distorts least; wall time is shown beside it (on an idle machine they agree).
  framing is timed before and again after the baselines and the best run is kept.
* ``memory``: peak of NumPy/SciPy allocations during counting (tracemalloc, inputs excluded) and,
  on Linux, the growth of the process's peak resident set during the call.
* peers, where installed (``pip install textacy tmtoolkit[textproc]`` into a separate venv;
  they are never dependencies): textacy's ``build_cooccurrence_network`` (window_size=2 gives the
  same pairs as framing's window=2) and tmtoolkit's ``token_cooccurrence`` (context_size=4 gives
  framing's window=5), on the same tokens with stopwords removed; counts must agree exactly.
"""
from __future__ import annotations

import argparse
import gc
import itertools
import os
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from framing.networks.counting import count_units, count_window  # noqa: E402

N_TYPES = 200_000
N_STOP = 150


# -- corpus ---------------------------------------------------------------------------------
#: straightforward baseline's tokens per CPU second by unit (filled by run_main)
BASELINE_TPS: dict[str, float] = {}


def synthetic(n_tokens: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Token arrays of a press-like corpus: term id, doc, sentence, position, stop, punct."""
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, N_TYPES + 1, dtype=np.float64)
    p = 1.0 / ranks
    p /= p.sum()
    # sentence lengths (words), then punctuation: one final mark plus a comma every ~12 words
    n_sent_est = int(n_tokens / 17) + 100
    words = np.clip(np.round(rng.lognormal(np.log(15.0), 0.45, n_sent_est)), 3, 80).astype(np.int64)
    commas = rng.binomial(words, 1 / 12)
    lengths = words + commas + 1
    cum = np.cumsum(lengths)
    n_sent = int(np.searchsorted(cum, n_tokens)) + 1
    lengths = lengths[:n_sent]
    lengths[-1] -= int(lengths.sum() - n_tokens)
    sent = np.repeat(np.arange(n_sent, dtype=np.int64), lengths)
    # articles of 1 + Poisson(19) sentences
    sents_per_doc = 1 + rng.poisson(19, n_sent)
    doc_of_sent = np.repeat(np.arange(n_sent), sents_per_doc)[:n_sent]
    doc = doc_of_sent[sent]
    doc_start = np.r_[0, np.flatnonzero(np.diff(doc)) + 1]
    position = np.arange(n_tokens, dtype=np.int64) - np.repeat(doc_start, np.diff(np.r_[doc_start, n_tokens]))
    # punctuation: the last token of each sentence and random commas inside
    sent_end = np.zeros(n_tokens, dtype=bool)
    sent_end[np.cumsum(lengths) - 1] = True
    punct = sent_end | (rng.random(n_tokens) < (commas.sum() / max(n_tokens, 1)))
    term = rng.choice(N_TYPES, size=n_tokens, p=p).astype(np.int64)
    stop = (term < N_STOP) & ~punct
    return {"term": term, "doc": doc, "sent": sent, "position": position, "stop": stop, "punct": punct}


def prefix(corpus: dict[str, np.ndarray], n_tokens: int) -> dict[str, np.ndarray]:
    """The first whole articles up to ``n_tokens`` tokens."""
    doc = corpus["doc"]
    cut = int(np.searchsorted(doc, doc[min(n_tokens, len(doc)) - 1], side="right"))
    return {k: v[:cut] for k, v in corpus.items()}


KEEP_STOPWORDS = False


def selected_ids(c: dict[str, np.ndarray]) -> tuple[np.ndarray, int]:
    """Ids of counted terms (punctuation and, by default, stopwords -> -1), compacted to 0..V-1."""
    keep = ~c["punct"] if KEEP_STOPWORDS else ~(c["stop"] | c["punct"])
    uniq, inv = np.unique(c["term"][keep], return_inverse=True)
    ids = np.full(len(keep), -1, dtype=np.int64)
    ids[keep] = inv
    return ids, len(uniq)


# -- measuring ------------------------------------------------------------------------------
def best_time(fn, repeat: int) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result) of the run with the least CPU time. CPU time is
    what a busy shared machine distorts least; on an idle machine the two agree."""
    best = (float("inf"), float("inf"))
    out = None
    for _ in range(repeat):
        gc.collect()
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        if cpu < best[1]:
            best = (wall, cpu)
    return best[0], best[1], out


def _rss_peak_kb() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_rss_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def memory(fn) -> tuple[float, float | None]:
    """(tracemalloc peak MiB, growth of the peak RSS in MiB or None)."""
    gc.collect()
    rss_ok = _reset_rss_peak()
    before = _rss_peak_kb() if rss_ok else None
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = _rss_peak_kb() if rss_ok else None
    rss = (after - before) / 1024 if before is not None and after is not None else None
    return peak / 2**20, rss


# -- pure-Python baseline --------------------------------------------------------------------
def python_lists(c: dict[str, np.ndarray], ids: np.ndarray, by: str) -> list[tuple[list[int], list[int]]]:
    """Per document (or sentence): the selected term ids and their positions, as Python lists."""
    keep = ids >= 0
    key = c[by][keep]
    terms, pos = ids[keep], c["position"][keep]
    cuts = np.flatnonzero(np.diff(key)) + 1
    return [(t.tolist(), p.tolist()) for t, p in zip(np.split(terms, cuts), np.split(pos, cuts))]


def baseline_window(docs: list[tuple[list[int], list[int]]], window: int) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for terms, positions in docs:
        n = len(terms)
        for i in range(n):
            a, pa = terms[i], positions[i]
            for j in range(i + 1, min(i + window, n)):
                if positions[j] - pa >= window:
                    break
                b = terms[j]
                if a != b:
                    counts[(a, b) if a < b else (b, a)] += 1
    return counts


def baseline_sentence(sents: list[tuple[list[int], list[int]]]) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for terms, _ in sents:
        for pair in itertools.combinations(sorted(set(terms)), 2):
            counts[pair] += 1
    return counts


def token_lists(c: dict[str, np.ndarray], ids: np.ndarray, by: str) -> list[list[str | None]]:
    """Per document (or sentence): every token as its term string, ``None`` where it is not
    counted (stopword, punctuation), so list positions are token positions."""
    names = np.array([f"w{k}" for k in range(N_TYPES)], dtype=object)[c["term"]]
    names[ids < 0] = None
    cuts = np.flatnonzero(np.diff(c[by])) + 1
    return [part.tolist() for part in np.split(names, cuts)]


def straightforward_window(docs: list[list[str | None]], window: int) -> dict[tuple[str, str], int]:
    """The obvious pure-Python count: every token, every neighbour in its window, a dict."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for tokens in docs:
        for i, a in enumerate(tokens):
            if a is None:
                continue
            for b in tokens[i + 1:i + window]:
                if b is not None and b != a:
                    counts[(a, b) if a < b else (b, a)] += 1
    return counts


def straightforward_sentence(sents: list[list[str | None]]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for tokens in sents:
        for pair in itertools.combinations(sorted({t for t in tokens if t is not None}), 2):
            counts[pair] += 1
    return counts


def named_pairs(m, c: dict[str, np.ndarray]) -> dict[tuple[str, str], int]:
    """framing's pairs under the term strings of the straightforward baseline."""
    keep = ~c["punct"] if KEEP_STOPWORDS else ~(c["stop"] | c["punct"])
    uniq = np.unique(c["term"][keep])
    return {tuple(sorted((f"w{uniq[i]}", f"w{uniq[j]}"))): v for (i, j), v in as_pairs(m).items()}


def as_pairs(m) -> dict[tuple[int, int], int]:
    import scipy.sparse as sp

    u = sp.triu(m, k=1).tocoo()
    return {(int(i), int(j)): int(v) for i, j, v in zip(u.row, u.col, u.data)}


# -- runs -----------------------------------------------------------------------------------
def core(c: dict[str, np.ndarray], unit: str, window: int):
    ids, V = selected_ids(c)
    if unit == "window":
        return lambda: count_window(ids, c["doc"], c["position"], window, V)
    return lambda: count_units(ids, c["sent"], V)


def run_main(args: argparse.Namespace) -> None:
    n = args.tokens
    print(f"generating {n:,} tokens (seed {args.seed}) ...", flush=True)
    t0 = time.perf_counter()
    corpus = synthetic(n, args.seed)
    ids, V = selected_ids(corpus)
    print(f"  {len(corpus['term']):,} tokens, {int(corpus['doc'].max()) + 1:,} articles, "
          f"{int(corpus['sent'].max()) + 1:,} sentences, {V:,} counted types, "
          f"{(ids >= 0).mean():.0%} of tokens counted "
          f"({'stopwords kept' if KEEP_STOPWORDS else 'stopwords removed, positions kept'}; "
          f"{time.perf_counter() - t0:.1f} s)")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; times are best of {args.repeat} "
          "by CPU time, tokens/s from CPU time (wall time in brackets)\n")

    for unit in ("window", "sentence"):
        label = f"window={args.window}" if unit == "window" else "sentence"
        fn = core(corpus, unit, args.window)
        wall, cpu, out = best_time(fn, args.repeat)
        updates = out[1] if unit == "window" else out[2]
        peak, rss = memory(fn)
        # the pure-Python baseline, in the same run, on the same selected ids
        sub = prefix(corpus, args.baseline_tokens) if args.baseline_tokens else corpus
        sub_ids, sub_V = selected_ids(sub)
        lists = python_lists(sub, sub_ids, "doc" if unit == "window" else "sent")
        if unit == "window":
            b_wall, b_cpu, b_counts = best_time(lambda: baseline_window(lists, args.window), args.baseline_repeat)
            ours = count_window(sub_ids, sub["doc"], sub["position"], args.window, sub_V)[0]
        else:
            b_wall, b_cpu, b_counts = best_time(lambda: baseline_sentence(lists), args.baseline_repeat)
            ours = count_units(sub_ids, sub["sent"], sub_V)[0]
        agree = dict(b_counts) == as_pairs(ours)
        b_updates = sum(b_counts.values()) if unit == "window" else \
            sum(len(set(t)) * (len(set(t)) - 1) // 2 for t, _ in lists)
        b_counts = lists = None  # free the baseline's dict before the next one
        words = token_lists(sub, sub_ids, "doc" if unit == "window" else "sent")
        if unit == "window":
            s_wall, s_cpu, s_counts = best_time(lambda: straightforward_window(words, args.window), 1)
        else:
            s_wall, s_cpu, s_counts = best_time(lambda: straightforward_sentence(words), 1)
        s_agree = dict(s_counts) == named_pairs(ours, sub)
        BASELINE_TPS[unit] = len(sub["term"]) / s_cpu  # for the end-to-end comparison
        s_counts = words = None
        # framing again after the baselines: the best of both rounds, so that a busy spell on a
        # shared machine during one round does not decide the ratio
        wall2, cpu2, _ = best_time(fn, args.repeat)
        if cpu2 < cpu:
            wall, cpu = wall2, cpu2
        n_sub = len(sub["term"])
        tps, b_tps, s_tps = n / cpu, n_sub / b_cpu, n_sub / s_cpu
        print(f"[{label}] framing: {cpu:.2f} s ({wall:.2f}) for {n:,} tokens = {tps / 1e6:.2f} M tokens/s "
              f"({n / wall / 1e6:.2f}), {updates / cpu / 1e6:.1f} M pair updates/s; "
              f"{updates:,} updates, {out[0].nnz:,} distinct pairs")
        print(f"[{label}] memory: peak {peak:.0f} MiB of NumPy/SciPy allocations"
              + (f", peak RSS +{rss:.0f} MiB" if rss is not None else ""))
        print(f"[{label}] straightforward Python baseline (term strings, every token, a dict): {s_cpu:.1f} s "
              f"({s_wall:.1f}) for {n_sub:,} tokens = {s_tps / 1e3:.0f} k tokens/s; framing is "
              f"{tps / s_tps:.1f}x faster; counts agree: {s_agree}")
        print(f"[{label}] tuned Python baseline (integer ids, counted tokens only, early exit): {b_cpu:.1f} s "
              f"({b_wall:.1f}) = {b_tps / 1e3:.0f} k tokens/s, {b_updates / b_cpu / 1e6:.2f} M pair updates/s; "
              f"framing is {tps / b_tps:.1f}x faster; counts agree: {agree}\n")

    print(f"scaling (framing, best of {args.repeat}, CPU time):")
    sizes = [s for s in (1_000_000, 2_000_000, 5_000_000, 10_000_000) if s <= n] or [n]
    for unit in ("window", "sentence"):
        times = []
        for size in sizes:
            c = prefix(corpus, size)
            wall, cpu, _ = best_time(core(c, unit, args.window), args.repeat)
            times.append((len(c["term"]), cpu))
            print(f"  {unit:8s} {len(c['term']):>11,} tokens  {cpu:6.2f} s ({wall:5.2f})  "
                  f"{len(c['term']) / cpu / 1e6:5.2f} M tokens/s")
        if len(times) > 1:
            x, y = np.log([t[0] for t in times]), np.log([t[1] for t in times])
            b = float(np.polyfit(x, y, 1)[0])
            print(f"  {unit}: time x{times[-1][1] / times[0][1]:.1f} for tokens x{times[-1][0] / times[0][0]:.1f}; "
                  f"time ~ tokens^{b:.2f} (1.00 = linear)")

    if args.end_to_end:
        end_to_end(corpus, args)


def end_to_end(corpus: dict[str, np.ndarray], args: argparse.Namespace) -> None:
    import pandas as pd

    import framing

    n = len(corpus["term"])
    t0 = time.perf_counter()
    vocab = np.array([f"w{k}" for k in range(N_TYPES)], dtype=object)
    lemma = vocab[corpus["term"]]
    lemma[corpus["punct"]] = "."
    doc = corpus["doc"]
    doc_names = np.array([f"d{k}" for k in range(int(doc.max()) + 1)], dtype=object)
    first_sent = corpus["sent"][np.r_[0, np.flatnonzero(np.diff(doc)) + 1]]
    table = pd.DataFrame({"doc_id": doc_names[doc], "sent_id": corpus["sent"] - first_sent[doc],
                          "token_id": corpus["position"], "text": lemma, "lemma": lemma,
                          "is_stop": corpus["stop"], "is_punct": corpus["punct"]})
    tokens = framing.Tokens(table)
    del table, lemma
    print(f"\nend-to-end from a Tokens table ({n:,} tokens; building it took {time.perf_counter() - t0:.1f} s):")
    for unit in ("window", "sentence"):
        def call():
            return framing.cooccurrence(tokens, unit, window=args.window, stopwords=not KEEP_STOPWORDS,
                                        progress=False)
        # first call on this Tokens object (encodes the lemma column), then warm calls (best of
        # --repeat): what a second network of the same tokens costs
        wall1, cpu1, c = best_time(call, 1)
        wall, cpu, c = best_time(call, args.repeat)
        base = BASELINE_TPS.get(unit)
        ratio = f"; {n / cpu / base:.1f}x the straightforward dict count" if base else ""
        print(f"  {unit:8s} first call {cpu1:6.3f} s ({wall1:.2f}) = {n / cpu1 / 1e6:.2f} M tokens/s; "
              f"warm {cpu:6.3f} s ({wall:.2f}) = {n / cpu / 1e6:.2f} M tokens/s{ratio}  ({c})")
        if base and unit == "window":
            # issue 13: >= 10x the dict count already at 200,000 tokens (warm), >= 3M tokens/s at 10M
            print(f"  target (issue 13, window, warm): >= 10x the straightforward dict count -> "
                  f"{'met' if n / cpu / base >= 10 else 'not met'} ({n / cpu / base:.1f}x at {n:,} tokens)")


# -- peers ----------------------------------------------------------------------------------
def run_peers(args: argparse.Namespace) -> None:
    corpus = synthetic(max(args.peer_tokens, 10_000), args.seed)
    keep = ~(corpus["stop"] | corpus["punct"])
    docs_terms: list[list[str]] = []
    doc = corpus["doc"][keep]
    terms = corpus["term"][keep]
    cuts = np.flatnonzero(np.diff(doc)) + 1
    for chunk in np.split(terms, cuts):
        docs_terms.append([f"w{t}" for t in chunk.tolist()])
    n_tokens = len(corpus["term"])
    n_terms = sum(map(len, docs_terms))

    # framing on the same gap-free sequences (stopwords removed before, as the peers get them)
    flat = [t for d in docs_terms for t in d]
    vocab, ids = np.unique(np.array(flat, dtype=object), return_inverse=True)
    doc_idx = np.repeat(np.arange(len(docs_terms)), [len(d) for d in docs_terms])
    pos = np.concatenate([np.arange(len(d)) for d in docs_terms]) if docs_terms else np.zeros(0, int)

    def ours(window: int) -> tuple[float, dict]:
        _, cpu, out = best_time(lambda: count_window(ids.astype(np.int64), doc_idx, pos, window, len(vocab)), 3)
        return cpu, {(vocab[i], vocab[j]): v for (i, j), v in as_pairs(out[0]).items()}

    print(f"peers on {n_tokens:,} tokens ({n_terms:,} after stopwords/punctuation, {len(docs_terms)} articles)")
    try:
        import textacy
        from textacy.representations.network import build_cooccurrence_network
    except ImportError:
        print("  textacy: not installed (pip install textacy into a separate venv)")
    else:
        for ws in (2, 5):
            _, secs, G = best_time(lambda: build_cooccurrence_network(docs_terms, window_size=ws), 1)
            theirs = {tuple(sorted((u, v))): d["weight"] for u, v, d in G.edges(data=True) if u != v}
            f_secs, mine = ours(ws)
            mine_sorted = {tuple(sorted(k)): v for k, v in mine.items()}
            note = ("counts agree exactly: " + str(theirs == mine_sorted)) if ws == 2 else \
                "(textacy counts a pair once per sliding window containing it: a different definition)"
            print(f"  textacy {textacy.__version__} window_size={ws}: {n_tokens / secs / 1e3:.0f} k tokens/s; "
                  f"framing window={ws}: {n_tokens / f_secs / 1e6:.2f} M tokens/s "
                  f"({secs / f_secs:.0f}x); {note}")
    try:
        import spacy
        import tmtoolkit
        from tmtoolkit.corpus import Corpus, token_cooccurrence
    except ImportError:
        print("  tmtoolkit: not installed (pip install 'tmtoolkit[textproc]' into a separate venv)")
    else:
        small = docs_terms[: max(1, len(docs_terms) * args.tmtoolkit_share // 100)]
        n_small = sum(map(len, small))
        corp = Corpus({f"d{k}": " ".join(d) for k, d in enumerate(small)}, spacy_instance=spacy.blank("de"),
                      max_workers=1)
        _, secs, (m, toks) = best_time(lambda: token_cooccurrence(corp, context_size=args.window - 1,
                                                                  return_tokens=True), 1)
        mu = m.tocoo()
        theirs = {tuple(sorted((toks[i], toks[j]))): int(v) for i, j, v in zip(mu.row, mu.col, mu.data)
                  if i < j and toks[i] != toks[j]}
        flat_s = [t for d in small for t in d]
        voc_s, ids_s = np.unique(np.array(flat_s, dtype=object), return_inverse=True)
        doc_s = np.repeat(np.arange(len(small)), [len(d) for d in small])
        pos_s = np.concatenate([np.arange(len(d)) for d in small])
        out = count_window(ids_s.astype(np.int64), doc_s, pos_s, args.window, len(voc_s))[0]
        mine = {tuple(sorted((voc_s[i], voc_s[j]))): v for (i, j), v in as_pairs(out).items()}
        print(f"  tmtoolkit {tmtoolkit.__version__} token_cooccurrence(context_size={args.window - 1}) on "
              f"{n_small:,} counted terms: {n_small / secs / 1e3:.1f} k terms/s; counts agree exactly with "
              f"framing window={args.window}: {theirs == mine}")
    try:
        import textnets  # noqa: F401
    except ImportError:
        pass
    else:
        print("  textnets: installed but not compared (its term projection weights by tf-idf, not counts)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tokens", type=int, default=10_000_000)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline-tokens", type=int, default=0,
                    help="tokens for the pure-Python baseline (default 0 = all; needs ~4 GB for sentences at 10M)")
    ap.add_argument("--baseline-repeat", type=int, default=2, help="runs of the baseline (best is kept)")
    ap.add_argument("--keep-stopwords", action="store_true",
                    help="count stopwords too (denser pairs, like textacy on unfiltered tokens)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-end-to-end", dest="end_to_end", action="store_false")
    ap.add_argument("--peers-only", action="store_true")
    ap.add_argument("--no-peers", dest="peers", action="store_false")
    ap.add_argument("--peer-tokens", type=int, default=300_000)
    ap.add_argument("--tmtoolkit-share", type=int, default=10, help="percent of the peer articles for tmtoolkit")
    args = ap.parse_args()
    global KEEP_STOPWORDS
    KEEP_STOPWORDS = args.keep_stopwords
    os.environ.setdefault("TQDM_DISABLE", "1")
    if not args.peers_only:
        run_main(args)
        print()
    if args.peers or args.peers_only:
        run_peers(args)


if __name__ == "__main__":
    main()
