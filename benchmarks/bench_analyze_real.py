"""The main job (what ``framing analyze`` runs) on real press text, step by step, cold.

    python benchmarks/bench_analyze_real.py            # GNAD dev: 514 Austrian news articles

The steps of :func:`framing.pipeline.analyze` after reading — annotate (full profile with
compounds), co-occurrence networks per group, an LDA topic model with its outputs, othering
scores — on ``../shared/data/gnad-dev/articles.csv`` read with pandas and made a corpus with
``Corpus.from_frame`` (its first column, the news section, is the group ``section``). One fresh
process, an empty ``FRAMING_CACHE_DIR``: a new user's first run. Prints CPU seconds
(``time.process_time``; the machine may be shared) and wall seconds per step, and the cost per
article.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GNAD = REPO.parent / "shared" / "data" / "gnad-dev" / "articles.csv"


def main() -> int:
    if not GNAD.exists():
        raise SystemExit(f"{GNAD} not found")
    tmp = tempfile.mkdtemp(prefix="framing-analyze-")
    os.environ["FRAMING_CACHE_DIR"] = str(Path(tmp) / "cache")
    out = Path(tmp) / "out"
    sys.path.insert(0, str(REPO / "src"))
    steps: list[tuple[str, float, float]] = []

    def timed(name, fn):
        c0, w0 = time.process_time(), time.perf_counter()
        value = fn()
        steps.append((name, time.process_time() - c0, time.perf_counter() - w0))
        return value

    def load():
        import pandas as pd

        from framing.corpus.corpus import Corpus

        df = pd.read_csv(GNAD, sep=";", quotechar="'", header=None, names=["section", "text"])
        return Corpus.from_frame(df)

    corpus = timed("read (pandas) + Corpus.from_frame", load)

    def ann():
        from framing.nlp.annotate import annotate

        return annotate(corpus, progress=False)

    tokens = timed("annotate (full, compounds)", ann)

    def networks():
        from framing.networks.outputs import write_networks

        return write_networks(tokens, out / "networks", by="section", pos=["NOUN", "PROPN", "ADJ"], min_count=3,
                              random_state=0, progress=False, log=lambda _m: None)

    timed("networks (per section)", networks)

    def topics():
        import framing
        from framing.topics import write_outputs

        model = framing.TopicModel(engine="lda", n_topics=8, random_state=0, progress=False).fit(tokens)
        write_outputs(model, out / "topics", by="section")
        return model

    try:
        timed("topics (LDA k=8)", topics)
    except ImportError as exc:  # the topics extra is not installed
        print(f"topics skipped: {exc}")

    def othering():
        from framing.pipeline import _othering

        return _othering(tokens, out / "othering", "section", 0, lambda _m: None)

    timed("othering", othering)
    n_docs, n_tok = len(tokens.docs), len(tokens)
    print(f"GNAD dev: {n_docs} articles, {n_tok:,} tokens; cold (empty cache), one process")
    total_c = sum(c for _, c, _ in steps)
    total_w = sum(w for _, _, w in steps)
    for name, c, w in steps:
        print(f"  {name:36s} {c:7.1f} CPU-s  {w:7.1f} s wall  {1000 * c / n_docs:7.1f} ms CPU per article")
    print(f"  {'total':36s} {total_c:7.1f} CPU-s  {total_w:7.1f} s wall  "
          f"{1000 * total_c / n_docs:7.1f} ms CPU per article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
