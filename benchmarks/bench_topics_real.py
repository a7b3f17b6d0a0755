"""Topic models on real news with known structure: do framing's defaults recover the desks?

    PYTHONPATH=src HF_HUB_OFFLINE=1 python benchmarks/bench_topics_real.py            # 3 seeds
    python benchmarks/bench_topics_real.py --seeds 0 1 2 3 4 --k 9 --data PATH

Data: ``../shared/data/gnad-dev/articles.csv`` (514 derStandard.at articles with their newsroom
desk; no header, ``;``-separated, quote character ``'``). The texts are read with pandas and
turned into a corpus with ``framing.Corpus.from_frame`` (outlet "derStandard.at", as a press
export would carry it); the annotated tokens are cached under ``/tmp`` (``--cache``).

Compared on the same 514 texts, for each seed (``random_state``):

* **plain gensim**: textbook preprocessing – simplemma lemmas lower-cased, the ``stop-words``
  package's German list, tokens longer than two characters, no numbers,
  ``filter_extremes(no_below=3, no_above=0.5)`` – and ``LdaModel(num_topics=k, passes=10)``
  with gensim's other defaults;
* **framing LDA**: ``framing.TopicModel(engine="lda", n_topics=k, random_state=seed)``, defaults;
* **plain BERTopic**: ``BERTopic()`` with the same offline embedder as framing's default
  (TF-IDF → TruncatedSVD(100) → L2 norm, here over the raw texts), UMAP seeded, everything else
  BERTopic's defaults (HDBSCAN min_cluster_size 10, CountVectorizer without stopwords);
* **framing BERTopic**: ``framing.TopicModel(engine="bertopic", random_state=seed)``, defaults.

Measures: **NMI** between each article's topic (LDA: dominant topic; BERTopic: its assigned
topic, outliers −1 counted as one more cluster) and its desk (scikit-learn,
arithmetic normalisation); **NPMI** coherence of each topic's top 10 terms (the engine's own
ranking: LDA by probability, BERTopic by c-TF-IDF), computed for every model against the *same*
reference: the full texts as lower-cased simplemma lemmas (every word, stopwords included),
10-word sliding windows (gensim ``c_npmi``); terms lower-cased; number of topics and,
for BERTopic, the outlier share. The desks are one known structure among several (an article
about refugee policy can sit in Inland or International), so NMI well below 1 is expected.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
DATA = REPO.parent / "shared" / "data" / "gnad-dev" / "articles.csv"
OUTLET = "derStandard.at"


def load(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", quotechar="'", header=None, names=["label", "text"])


def framing_tokens(df: pd.DataFrame, cache: Path):
    """Annotate once (default backend and profile) and cache the tokens as Parquet."""
    import framing
    from framing.nlp.tokens import Tokens

    if cache.exists():
        tok = Tokens.read_parquet(cache)
    else:
        corpus = framing.Corpus.from_frame(df.assign(outlet=OUTLET))
        t0 = time.perf_counter()
        tok = framing.annotate(corpus, progress=False)
        print(f"annotated {len(df)} articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        cache.parent.mkdir(parents=True, exist_ok=True)
        tok.to_parquet(cache)
    docs = tok.docs
    if "outlet" not in docs.columns or docs["outlet"].isna().all():  # a cache written without it
        tok = Tokens(tok.table, docs.assign(outlet=OUTLET), tok.meta)
    return tok


def textbook_texts(df: pd.DataFrame) -> list[list[str]]:
    """simplemma lemmas, lower-cased; stop-words' German list; > 2 characters; no numbers."""
    import simplemma
    from stop_words import get_stop_words

    stop = set(get_stop_words("german"))
    out = []
    for text in df["text"]:
        words = (simplemma.lemmatize(w, lang="de").lower() for w in re.findall(r"\w+", text))
        out.append([w for w in words if len(w) > 2 and w not in stop and not any(c.isdigit() for c in w)])
    return out


def reference_texts(df: pd.DataFrame) -> list[list[str]]:
    """Every word of every text as a lower-cased simplemma lemma (the NPMI reference)."""
    import simplemma

    return [[simplemma.lemmatize(w, lang="de").lower() for w in re.findall(r"[^\W\d_]+", text)]
            for text in df["text"]]


def npmi(topics: list[list[str]], reference: list[list[str]], dictionary) -> float:
    from gensim.models import CoherenceModel

    cleaned = [[w for w in dict.fromkeys(t.lower() for t in topic) if w in dictionary.token2id][:10]
               for topic in topics]
    cleaned = [t for t in cleaned if len(t) >= 2]
    if not cleaned:
        return float("nan")
    cm = CoherenceModel(topics=cleaned, texts=reference, dictionary=dictionary, coherence="c_npmi", topn=10)
    return float(np.nanmean(cm.get_coherence_per_topic()))


def run_plain_lda(texts, k: int, seed: int):
    import gensim

    d = gensim.corpora.Dictionary(texts)
    d.filter_extremes(no_below=3, no_above=0.5)
    bow = [d.doc2bow(t) for t in texts]
    m = gensim.models.LdaModel(bow, id2word=d, num_topics=k, passes=10, random_state=seed)
    theta = np.zeros((len(bow), k))
    for i, b in enumerate(bow):
        for j, p in m.get_document_topics(b, minimum_probability=0.0):
            theta[i, j] = p
    return theta.argmax(axis=1), [[w for w, _ in m.show_topic(j, 10)] for j in range(k)]


def run_plain_bertopic(df: pd.DataFrame, seed: int):
    from bertopic import BERTopic
    from umap import UMAP

    from framing.topics.embedding import tfidf_pipeline

    docs = df["text"].tolist()
    pipe = tfidf_pipeline(100, seed)
    pipe.steps[0][1].set_params(tokenizer=None, token_pattern=r"(?u)\b\w\w+\b", lowercase=True)
    emb = np.asarray(pipe.fit_transform(docs), dtype=np.float32)
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    model = BERTopic(embedding_model=pipe, umap_model=umap)
    labels, _ = model.fit_transform(docs, embeddings=emb)
    topics = [[w for w, _ in model.get_topic(t)][:10] for t in sorted(model.get_topics()) if t != -1]
    return np.asarray(labels), topics


def run_framing(tok, engine: str, k: int, seed: int, doc_ids: list[str]):
    import framing

    settings = {"n_topics": k} if engine == "lda" else {}
    model = framing.TopicModel(engine=engine, random_state=seed, progress=False, coherence=None, **settings)
    model.fit(tok)
    labels = model.labels_.reindex(doc_ids).fillna(-1).astype(int).to_numpy()
    return labels, [list(t) for t in model.topics_["terms"]], model


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/framing_bench/gnad_dev_tokens.parquet"))
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--k", type=int, default=9, help="LDA topics (default 9: the number of desks)")
    ap.add_argument("--skip-bertopic", action="store_true")
    ap.add_argument("--show-topics", action="store_true", help="print framing's topic labels per seed")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 1
    warnings.filterwarnings("ignore")
    from gensim.corpora import Dictionary
    from sklearn.metrics import normalized_mutual_info_score as nmi

    df = load(args.data)
    y = df["label"].to_numpy()
    tok = framing_tokens(df, args.cache)
    doc_ids = tok.docs["doc_id"].astype(str).tolist()
    textbook = textbook_texts(df)
    reference = reference_texts(df)
    ref_dict = Dictionary(reference)
    rows = []
    engines = ["plain gensim LDA", "framing LDA"]
    if not args.skip_bertopic:
        engines += ["plain BERTopic (TF-IDF+SVD)", "framing BERTopic"]
    for seed in args.seeds:
        for name in engines:
            t0 = time.perf_counter()
            model = None
            if name == "plain gensim LDA":
                labels, topics = run_plain_lda(textbook, args.k, seed)
            elif name == "framing LDA":
                labels, topics, model = run_framing(tok, "lda", args.k, seed, doc_ids)
            elif name.startswith("plain BERTopic"):
                labels, topics = run_plain_bertopic(df, seed)
            else:
                labels, topics, model = run_framing(tok, "bertopic", args.k, seed, doc_ids)
            secs = time.perf_counter() - t0
            row = {"model": name, "seed": seed, "topics": len(topics),
                   "outliers": float(np.mean(labels == -1)), "NMI": float(nmi(y, labels)),
                   "NPMI": npmi(topics, reference, ref_dict), "seconds": secs}
            if model is not None:
                G = model.topic_network()
                row["frames"] = len({d["frame"] for _, d in G.nodes(data=True)})
                if args.show_topics:
                    print(f"{name} seed {seed}: " + " | ".join(model.topics_["label"]), file=sys.stderr)
            rows.append(row)
            print(f"{name:30s} seed {seed}: NMI {row['NMI']:.3f}  NPMI {row['NPMI']:+.3f}  "
                  f"topics {row['topics']}  ({secs:.0f} s)", file=sys.stderr)
    table = pd.DataFrame(rows)
    summary = table.groupby("model", sort=False).agg(
        topics=("topics", "mean"), outliers=("outliers", "mean"), NMI_mean=("NMI", "mean"), NMI_sd=("NMI", "std"),
        NPMI_mean=("NPMI", "mean"), NPMI_sd=("NPMI", "std"), frames=("frames", "mean") if "frames" in table else
        ("topics", "size"), seconds=("seconds", "mean"))
    pd.set_option("display.width", 200)
    print(table.round(3).to_string(index=False))
    print()
    print(f"{len(df)} articles, {len(set(y))} desks, seeds {args.seeds}, LDA k={args.k}")
    print(summary.round(3).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
