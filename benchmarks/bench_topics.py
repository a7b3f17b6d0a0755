"""Topic models: fit time and peak memory per engine, wrapper overhead, and NPMI coherence.

    python benchmarks/bench_topics.py                       # 10,000 and 50,000 documents, both engines
    python benchmarks/bench_topics.py --sizes 10000 --engines lda --skip-quality

Documents (~250 tokens, press length) are generated *as Tokens*: each one takes the annotated
sentences of one demo-corpus article (about half of its sentences) and fills up with sentences
of other articles from the same place, so the corpus has topical structure and real German
lemmas/POS. Every configuration runs in a fresh process (peak resident memory = VmHWM of that
process, which includes reading the token file).

* **fit**: ``TopicModel(engine=...).fit(tokens)`` incl. term selection, without coherence;
  LDA k=20, 10 passes, single core; BERTopic with the offline defaults (TF-IDF+SVD, UMAP,
  HDBSCAN, approximate_distribution for document-topic proportions).
* **overhead**: on the same selected terms (``DocumentTerms``), the wrapper's ``fit`` against
  calling gensim / BERTopic directly with the same settings, *including* what a direct user
  also needs: the document-topic matrix (LDA: inference over the corpus; BERTopic:
  ``approximate_distribution``). Direct and wrapper alternate ``--repeat`` times (the order
  flips every round); the minimum counts, in wall-clock and in CPU time (the machine is shared).
* **quality**: NPMI (and C_V) coherence of the top 10 terms on the annotated demo corpus for a
  few settings of each engine.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")


# -- data ------------------------------------------------------------------------------------------
def demo_tokens(cache: Path):
    """The demo corpus, annotated once (profile with POS) and cached as Parquet."""
    from framing.nlp.tokens import Tokens

    path = cache / "demo_tokens.parquet"
    if path.exists():
        return Tokens.read_parquet(path)
    import framing

    try:
        corpus = framing.read(str(REPO / "corpora" / "demo"), progress=False)
        corpus = corpus.unique()
    except Exception:  # the dedup step may be missing in partial checkouts
        corpus = framing.read(str(REPO / "corpora" / "demo"), dedup=False, progress=False)
    tokens = framing.annotate(corpus, progress=False)
    tokens.to_parquet(path)
    return tokens


def generate(n_docs: int, demo, out: Path, seed: int = 0, target: int = 250) -> Path:
    """``n_docs`` press-length documents as a tokens Parquet file (see the module docstring)."""
    import numpy as np
    import pandas as pd

    from framing.nlp.tokens import Tokens

    path = out / f"tokens_{n_docs}_seed{seed}.parquet"
    if path.exists():  # generated before in this work folder
        return path
    rng = np.random.default_rng(seed)
    t = demo.table.reset_index(drop=True)
    key = t["doc_id"].astype(str) + "#" + t["sent_id"].astype(str)
    codes, _ = pd.factorize(key, sort=False)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    lengths = np.diff(np.r_[starts, len(t)])
    sent_doc = t["doc_id"].to_numpy(dtype=object)[starts]
    docs_meta = demo.docs.set_index("doc_id")
    place_of = docs_meta["place"].reindex(sent_doc).astype(str).to_numpy()
    by_doc = pd.Series(np.arange(len(starts))).groupby(sent_doc).apply(list).to_dict()
    by_place = pd.Series(np.arange(len(starts))).groupby(place_of).apply(list).to_dict()
    demo_ids = list(by_doc)
    rows_chunks, doc_chunks, sent_chunks, pos_chunks = [], [], [], []
    meta = []
    for i in range(n_docs):
        base = demo_ids[rng.integers(len(demo_ids))]
        own = by_doc[base]
        pool = by_place[str(docs_meta.at[base, "place"])]
        chosen, total = [], 0
        while total < target:
            s = own[rng.integers(len(own))] if rng.random() < 0.5 else pool[rng.integers(len(pool))]
            chosen.append(s)
            total += lengths[s]
        sl = lengths[chosen]
        rows = np.concatenate([np.arange(starts[s], starts[s] + lengths[s]) for s in chosen])
        rows_chunks.append(rows)
        doc_chunks.append(np.full(rows.size, i, dtype=np.int64))
        sent_chunks.append(np.repeat(np.arange(len(chosen)), sl))
        pos_chunks.append(np.arange(rows.size))
        date = pd.Timestamp(year=2015 + int(rng.integers(4)), month=1 + int(rng.integers(12)), day=1)
        meta.append((f"g{i:06d}", str(docs_meta.at[base, "place"]), str(docs_meta.at[base, "outlet"]), date))
    rows = np.concatenate(rows_chunks)
    table = t.iloc[rows].reset_index(drop=True)
    doc_ids = np.array([m[0] for m in meta], dtype=object)
    table["doc_id"] = doc_ids[np.concatenate(doc_chunks)]
    table["sent_id"] = np.concatenate(sent_chunks).astype(np.int32)
    table["token_id"] = np.concatenate(pos_chunks).astype(np.int32)
    table["start_char"] = -1
    table["end_char"] = -1
    docs = pd.DataFrame(meta, columns=["doc_id", "place", "outlet", "date"])
    Tokens(table, docs, {"backend": "generated"}).to_parquet(path)
    return path


# -- child processes -------------------------------------------------------------------------------
def _rss_mb() -> float:
    """Peak resident memory of this process in MB. VmHWM, because Linux carries ru_maxrss over
    from the (large) parent process across fork+exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:  # not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


LDA = dict(n_topics=20, passes=10, iterations=100, chunksize=2000, offset=1.0, random_state=0)


def _bertopic_direct(dt, random_state: int = 0):
    """BERTopic called directly with exactly the components the wrapper builds."""
    import numpy as np
    from bertopic import BERTopic

    from framing.topics.bertopic_engine import BertopicTopicModel

    w = BertopicTopicModel(random_state=random_state, progress=False)
    docs = dt.strings()
    pipe = w._make_embedder(len(docs), len(dt.dictionary))
    emb = np.asarray(pipe.fit_transform(docs), dtype=np.float32)
    model = BERTopic(embedding_model=pipe, umap_model=w._umap(len(docs)), hdbscan_model=w._cluster_model(len(docs)),
                     vectorizer_model=w._vectorizer(), top_n_words=10, calculate_probabilities=False)
    _topics, _ = model.fit_transform(docs, embeddings=emb)
    theta, _ = model.approximate_distribution(docs, window=4, stride=1, batch_size=1000)
    return model, theta


def _lda_direct(dt):
    import gensim
    import numpy as np

    model = gensim.models.LdaModel(corpus=dt.bow, id2word=dt.dictionary, num_topics=LDA["n_topics"],
                                   passes=LDA["passes"], iterations=LDA["iterations"], chunksize=LDA["chunksize"],
                                   offset=LDA["offset"], random_state=LDA["random_state"], eval_every=None)
    theta = np.vstack([model.inference(dt.bow[i:i + 2000])[0] for i in range(0, len(dt.bow), 2000)])
    return model, theta / theta.sum(axis=1, keepdims=True)


def child(args: argparse.Namespace) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    from framing.nlp.tokens import Tokens
    from framing.topics import Terms, TopicModel

    t0 = time.perf_counter()
    tokens = Tokens.read_parquet(args.tokens)
    out = {"engine": args.engine, "mode": args.mode, "n_docs": tokens.n_docs, "n_tokens": len(tokens),
           "read_s": round(time.perf_counter() - t0, 2), "rss_after_read_mb": round(_rss_mb(), 1)}
    settings = dict(LDA) if args.engine == "lda" else {"random_state": 0}
    if args.mode == "fit":
        if args.engine == "bertopic":
            # numba compiles UMAP's and pynndescent's code on first use in a process (pynndescent
            # from 4,096 documents on): a one-off cost, measured separately as warmup_s
            t1 = time.perf_counter()
            import bertopic  # noqa: F401
            import umap  # noqa: F401
            out["import_s"] = round(time.perf_counter() - t1, 2)
            t1 = time.perf_counter()
            TopicModel(engine="bertopic", random_state=0, progress=False,
                       coherence=None).fit(tokens.filter_docs(tokens.docs["doc_id"][:4500]))
            out["warmup_s"] = round(time.perf_counter() - t1, 2)
            out["warmup_rss_mb"] = round(_rss_mb(), 1)
        t1 = time.perf_counter()
        dt = Terms().fit_transform(tokens)
        out["terms_s"] = round(time.perf_counter() - t1, 2)
        out["n_terms"] = len(dt.dictionary)
        out["n_selected"] = int(dt.lengths.sum())
        out["rss_after_terms_mb"] = round(_rss_mb(), 1)
        del dt
        t1 = time.perf_counter()
        model = TopicModel(engine=args.engine, coherence=None, progress=False, **settings).fit(tokens)
        out["fit_s"] = round(time.perf_counter() - t1, 2)
        out["n_topics_found"] = model.n_topics_
        if args.engine == "bertopic":
            out["outliers"] = int((model.labels_ == -1).sum())
        out["peak_rss_mb"] = round(_rss_mb(), 1)
        if args.coherence:
            t1 = time.perf_counter()
            coh = model.compute_coherence(("c_npmi", "c_v", "u_mass"))
            out["coherence_s"] = round(time.perf_counter() - t1, 2)
            out["coherence"] = {k: round(float(v), 4) for k, v in coh.mean().items()}
    else:  # overhead
        dt = Terms().fit_transform(tokens)
        dt = dt.subset([i for i, n in enumerate(dt.lengths) if n > 0])
        direct, wrapped = [], []
        if args.engine == "bertopic":
            _bertopic_direct(dt.subset(range(min(4500, len(dt)))))  # compile numba code first
        direct_cpu, wrapped_cpu = [], []

        def run_direct() -> None:
            t1, c1 = time.perf_counter(), time.process_time()
            _lda_direct(dt) if args.engine == "lda" else _bertopic_direct(dt)
            direct.append(time.perf_counter() - t1)
            direct_cpu.append(time.process_time() - c1)

        def run_wrapper() -> None:
            t1, c1 = time.perf_counter(), time.process_time()
            TopicModel(engine=args.engine, coherence=None, progress=False, **settings).fit(dt, docs=tokens.docs)
            wrapped.append(time.perf_counter() - t1)
            wrapped_cpu.append(time.process_time() - c1)

        for r in range(args.repeat):  # alternate the order, so that drift hits both alike
            for run in ((run_direct, run_wrapper) if r % 2 == 0 else (run_wrapper, run_direct)):
                run()
        out.update(direct_s=[round(x, 2) for x in direct], wrapper_s=[round(x, 2) for x in wrapped],
                   direct_cpu_s=[round(x, 2) for x in direct_cpu], wrapper_cpu_s=[round(x, 2) for x in wrapped_cpu],
                   overhead_pct=round(100 * (min(wrapped) / min(direct) - 1), 1),
                   overhead_cpu_pct=round(100 * (min(wrapped_cpu) / min(direct_cpu) - 1), 1))
    return out


def run_child(tokens: Path, engine: str, mode: str, repeat: int, coherence: bool, timeout: int) -> dict:
    cmd = [sys.executable, __file__, "--child", "--tokens", str(tokens), "--engine", engine, "--mode", mode,
           "--repeat", str(repeat)] + (["--coherence"] if coherence else [])
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "mode": mode, "error": f"timed out after {timeout} s"}
    if res.returncode != 0:
        return {"engine": engine, "mode": mode, "error": res.stderr.strip().splitlines()[-1:]}
    return json.loads(res.stdout.strip().splitlines()[-1])


# -- quality on the demo corpus ----------------------------------------------------------------------
def quality(demo) -> list[dict]:
    import warnings

    warnings.simplefilter("ignore")
    from framing.topics import Terms, TopicModel

    configs = [
        ("lda", "k=5", dict(n_topics=5)),
        ("lda", "k=10", dict(n_topics=10)),
        ("lda", "k=15", dict(n_topics=15)),
        ("lda", "k=20", dict(n_topics=20)),
        ("lda", "k=10, 30 passes", dict(n_topics=10, passes=30)),
        ("lda", "k=10, alpha=auto", dict(n_topics=10, alpha="auto")),
        ("lda", "k=10, bigrams", dict(n_topics=10, terms=Terms(bigrams=True, bigram_min_count=3))),
        ("lda", "k=10, nouns only", dict(n_topics=10, terms=Terms(pos=["NOUN"]))),
        ("bertopic", "defaults (HDBSCAN)", dict()),
        ("bertopic", "HDBSCAN + outliers c-tf-idf", dict(outliers="c-tf-idf")),
        ("bertopic", "n_topics=10 (reduced)", dict(n_topics=10)),
        ("bertopic", "k-means k=10", dict(n_topics=10, cluster="kmeans")),
    ]
    rows = []
    for engine, name, settings in configs:
        scores = []
        for seed in (0, 1, 2):
            t0 = time.perf_counter()
            m = TopicModel(engine=engine, random_state=seed, progress=False,
                           coherence=("c_npmi", "c_v"), **settings).fit(demo)
            scores.append((m.coherence_overall_["c_npmi"], m.coherence_overall_["c_v"], m.n_topics_,
                           time.perf_counter() - t0))
        import numpy as np

        a = np.array(scores, dtype=float)
        rows.append({"engine": engine, "setting": name, "topics": int(round(a[:, 2].mean())),
                     "c_npmi": round(float(a[:, 0].mean()), 3), "c_npmi_sd": round(float(a[:, 0].std()), 3),
                     "c_v": round(float(a[:, 1].mean()), 3), "fit_s": round(float(a[1:, 3].mean()), 2)})
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    p.add_argument("--engines", nargs="+", default=["lda", "bertopic"])
    p.add_argument("--repeat", type=int, default=3, help="alternating direct/wrapper runs for the overhead")
    p.add_argument("--overhead-size", type=int, default=10_000)
    p.add_argument("--timeout", type=int, default=900, help="seconds per configuration (incl. warm-up)")
    p.add_argument("--skip-quality", action="store_true")
    p.add_argument("--skip-fit", action="store_true")
    p.add_argument("--skip-overhead", action="store_true")
    p.add_argument("--json", default=None, help="also write all results to this JSON file")
    p.add_argument("--workdir", default=None)
    # child-only
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--tokens", help=argparse.SUPPRESS)
    p.add_argument("--engine", help=argparse.SUPPRESS)
    p.add_argument("--mode", help=argparse.SUPPRESS)
    p.add_argument("--coherence", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return

    work = Path(args.workdir or tempfile.mkdtemp(prefix="bench_topics_"))
    work.mkdir(parents=True, exist_ok=True)
    demo = demo_tokens(work)
    results: dict = {"machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()}, "fit": [],
                     "overhead": [], "quality": []}
    files = {}
    needed = (set() if args.skip_fit else set(args.sizes)) | (set() if args.skip_overhead else {args.overhead_size})
    for n in sorted(needed):
        t0 = time.perf_counter()
        files[n] = generate(n, demo, work)
        print(f"generated {n} documents in {time.perf_counter() - t0:.1f} s -> {files[n]}", flush=True)
    if not args.skip_fit:
        for n in args.sizes:
            for engine in args.engines:
                r = run_child(files[n], engine, "fit", 1, coherence=(n == min(args.sizes)), timeout=args.timeout)
                results["fit"].append(r)
                print("fit", json.dumps(r, ensure_ascii=False), flush=True)
    if not args.skip_overhead:
        for engine in args.engines:
            r = run_child(files[args.overhead_size], engine, "overhead", args.repeat, False,
                          timeout=args.timeout * 2)
            results["overhead"].append(r)
            print("overhead", json.dumps(r, ensure_ascii=False), flush=True)
    if not args.skip_quality:
        results["quality"] = quality(demo)
        for r in results["quality"]:
            print("quality", json.dumps(r, ensure_ascii=False), flush=True)
    results["machine"]["load_after"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n",
                                   encoding="utf-8")
    _report(results)


def _report(results: dict) -> None:
    print("\n| engine | documents | tokens | terms s | fit s | peak RSS MB | topics |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results["fit"]:
        if "error" in r:
            print(f"| {r['engine']} | – | – | – | {r['error']} | – | – |")
            continue
        print(f"| {r['engine']} | {r['n_docs']:,} | {r['n_tokens']:,} | {r['terms_s']} | {r['fit_s']} | "
              f"{r['peak_rss_mb']:,.0f} | {r['n_topics_found']} |")
    if results["overhead"]:
        print("\n| engine | direct s (min) | wrapper s (min) | overhead | direct CPU s | wrapper CPU s "
              "| overhead (CPU) |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for r in results["overhead"]:
            if "error" in r:
                print(f"| {r['engine']} | {r['error']} | | |")
                continue
            print(f"| {r['engine']} | {min(r['direct_s'])} | {min(r['wrapper_s'])} | {r['overhead_pct']} % | "
                  f"{min(r['direct_cpu_s'])} | {min(r['wrapper_cpu_s'])} | {r['overhead_cpu_pct']} % |")
    if results["quality"]:
        print("\n| engine | setting | topics | NPMI (mean ± sd, 3 seeds) | C_V | fit s |")
        print("|---|---|---:|---:|---:|---:|")
        for r in results["quality"]:
            print(f"| {r['engine']} | {r['setting']} | {r['topics']} | {r['c_npmi']} ± {r['c_npmi_sd']} | "
                  f"{r['c_v']} | {r['fit_s']} |")


if __name__ == "__main__":
    main()
