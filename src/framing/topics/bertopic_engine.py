"""BERTopic behind the common :class:`~framing.topics.base.TopicModel` interface, offline by default.

Pipeline (Grootendorst 2022): document embeddings → UMAP (``random_state``) → clustering
(HDBSCAN, or k-means for a fixed number of clusters) → c-TF-IDF topic terms.

What framing sets, and why:

* **embeddings** from :mod:`framing.topics.embedding`: the offline TF-IDF+SVD pipeline over the
  selected lemmas by default; a sentence-transformers model (object, folder, or cached name)
  reads the running text instead (``embed="auto"`` picks terms for TF-IDF, text for models);
* **vectorizer**: a ``CountVectorizer`` over the *selected lemmas* (the same terms LDA sees) with
  the German stopword list, so topic terms are lemmas and never function words, while a
  sentence model still embeds the real text;
* **UMAP**: ``n_neighbors=min(15, n_docs - 1)``, 5 components, ``min_dist=0``, cosine metric,
  seeded (UMAP then runs single-threaded, which is what makes it reproducible);
* **HDBSCAN**: ``min_cluster_size="auto"`` = clip(n_docs / 50, 5, 100) (5 for the 179-document
  demo corpus, 100 from 5,000 documents on), ``min_samples`` = a quarter of it (fewer outliers than
  HDBSCAN's default of min_cluster_size), ``max_cluster_size="auto"`` = half the documents:
  HDBSCAN's cluster selection ("eom", excess of mass) sometimes keeps one cluster near the root of
  its tree that holds most documents – a catch-all, not a topic. On 514 real news articles it
  returned 4 topics (NMI with the desks 0.20) for one of five seeds and about 20 (NMI 0.45–0.48)
  for the others; with clusters capped at half the corpus all five seeds gave 17–21 topics (NMI
  0.45–0.48). ``prediction_data=True`` for ``transform``;
* **document-topic proportions** (``doc_topics_``) from BERTopic's ``approximate_distribution``
  (c-TF-IDF similarity of sliding 4-term windows), so that documents can mix topics – which
  the topic network (ANTMN) needs; ``labels_`` keeps BERTopic's hard assignment (−1 = outlier).

``n_topics`` maps to BERTopic's ``nr_topics`` (reduce HDBSCAN's topics to at most that many;
"auto" merges similar ones) or, with ``cluster="kmeans"``, to the number of clusters.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from framing.errors import InputError, ParameterError
from framing.topics.base import SeedTopics, TopicModel, match_seed_terms, normalise_seeds, require, seed_vocabulary
from framing.topics.coherence import DEFAULT_MEASURES
from framing.topics.embedding import (
    DEFAULT_EMBEDDER,
    check_embeddings,
    document_texts,
    offline,
    resolve_sentence_transformer,
    tfidf_pipeline,
)
from framing.topics.terms import DocumentTerms, Terms

if TYPE_CHECKING:  # pragma: no cover
    from framing.nlp.tokens import Tokens

OUTLIER_STRATEGIES = ("c-tf-idf", "embeddings", "distributions")


def auto_min_cluster_size(n_docs: int) -> int:
    """HDBSCAN's smallest topic for a corpus of ``n_docs``: clip(n_docs / 50, 5, 100)."""
    return int(min(100, max(5, n_docs // 50)))


class BertopicTopicModel(TopicModel):
    """BERTopic with offline defaults (see the module docstring for every choice).

    ``n_topics``: None (HDBSCAN decides), an int (reduce to at most that many; k-means: exactly),
    or "auto". ``embedding_model``: "tfidf" (default), a SentenceTransformer, a model folder or a
    locally cached model name. ``cluster``: "hdbscan", "kmeans" or a clustering object.
    ``outliers``: None or a BERTopic outlier strategy ("c-tf-idf", "embeddings",
    "distributions") applied after fitting, with ``outlier_threshold``. ``seed_topics``:
    guided topics (BERTopic's ``seed_topic_list``). ``bertopic_options``: further BERTopic
    arguments. Learned: ``model_`` (the BERTopic object), ``embeddings_``, and the tables of
    :class:`~framing.topics.base.TopicModel`.

    ``fit(tokens, texts=corpus)`` embeds the original texts (a Corpus, or a DataFrame with
    doc_id/text) instead of texts rebuilt from the tokens; ``fit(tokens, embeddings=array)``
    uses precomputed embeddings (one row per document).
    """

    engine = "bertopic"

    def __init__(self, n_topics: int | str | None = None, *, terms: Terms | dict[str, Any] | None = None,
                 embedding_model: Any = DEFAULT_EMBEDDER, embed: str = "auto", svd_components: int = 100,
                 umap_neighbors: int = 15, umap_components: int = 5, umap_min_dist: float = 0.0,
                 cluster: Any = "hdbscan", min_cluster_size: int | str = "auto", min_samples: int | None = None,
                 cluster_selection: str = "eom", max_cluster_size: int | str | None = "auto",
                 outliers: str | None = None, outlier_threshold: float = 0.0,
                 seed_topics: SeedTopics | None = None, distribution_window: int = 4,
                 distribution_stride: int = 1, top_n: int = 10,
                 coherence: str | Sequence[str] | None = DEFAULT_MEASURES, allow_download: bool = False,
                 device: str | None = None, bertopic_options: dict[str, Any] | None = None,
                 random_state: int | None = 0, progress: bool = True, engine: str = "bertopic") -> None:
        if engine != "bertopic":
            raise ParameterError(f"BertopicTopicModel is the 'bertopic' engine, got engine={engine!r}")
        self.n_topics = n_topics
        self.terms = terms
        self.embedding_model = embedding_model
        self.embed = embed
        self.svd_components = svd_components
        self.umap_neighbors = umap_neighbors
        self.umap_components = umap_components
        self.umap_min_dist = umap_min_dist
        self.cluster = cluster
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_samples
        self.cluster_selection = cluster_selection
        self.max_cluster_size = max_cluster_size
        self.outliers = outliers
        self.outlier_threshold = outlier_threshold
        self.seed_topics = seed_topics
        self.distribution_window = distribution_window
        self.distribution_stride = distribution_stride
        self.top_n = top_n
        self.coherence = coherence
        self.allow_download = allow_download
        self.device = device
        self.bertopic_options = bertopic_options
        self.random_state = random_state
        self.progress = progress
        self.engine = engine

    # -- components -------------------------------------------------------------------------------
    def _is_tfidf(self) -> bool:
        return isinstance(self.embedding_model, str) and self.embedding_model in ("tfidf", "tfidf-svd")

    def _embed_mode(self) -> str:
        if self.embed not in ("auto", "terms", "text"):
            raise ParameterError(f"embed must be 'auto', 'terms' or 'text', got {self.embed!r}")
        if self.embed != "auto":
            return self.embed
        return "terms" if self._is_tfidf() or _is_sklearn(self.embedding_model) else "text"

    def _embed_input(self, dt: DocumentTerms, source: Any, texts: Sequence[str] | None) -> list[str]:
        """What the embedding model reads: the selected terms, or running text."""
        if self._embed_mode() == "terms":
            return dt.strings()
        if texts is not None:
            return _align_texts(texts, dt.doc_ids)
        from framing.nlp.tokens import Tokens

        if isinstance(source, Tokens):
            return document_texts(source, dt.doc_ids)
        warnings.warn("no running text available (DocumentTerms input): embedding the selected terms",
                      stacklevel=4)
        return dt.strings()

    def _make_embedder(self, n_docs: int, n_terms: int) -> Any:
        """The embedding model as BERTopic documents it: a scikit-learn pipeline, a
        SentenceTransformer or a BERTopic backend (BERTopic wraps it itself)."""
        if self._is_tfidf():
            n = max(2, min(int(self.svd_components), n_terms - 1, n_docs - 1))
            return tfidf_pipeline(n, self.random_state)
        if _is_sklearn(self.embedding_model) or hasattr(self.embedding_model, "embed"):
            return self.embedding_model
        return resolve_sentence_transformer(self.embedding_model, allow_download=self.allow_download,
                                            device=self.device)

    def _encode(self, embedder: Any, inputs: list[str], *, fit: bool = False) -> np.ndarray:
        if _is_sklearn(embedder):
            from sklearn.utils.validation import NotFittedError, check_is_fitted

            if fit and self._is_tfidf():
                return embedder.fit_transform(inputs)
            try:
                check_is_fitted(embedder)
                return embedder.transform(inputs)
            except NotFittedError:
                return embedder.fit_transform(inputs)
        if hasattr(embedder, "encode"):
            return embedder.encode(inputs, show_progress_bar=bool(self.progress), convert_to_numpy=True)
        return embedder.embed(inputs, verbose=bool(self.progress))

    def _cluster_model(self, n_docs: int) -> Any:
        if not isinstance(self.cluster, str):
            return self.cluster
        if self.cluster == "kmeans":
            if not isinstance(self.n_topics, (int, np.integer)):
                raise ParameterError("cluster='kmeans' needs n_topics as a number of clusters")
            from sklearn.cluster import KMeans

            return KMeans(n_clusters=int(self.n_topics), n_init=10, random_state=self.random_state)
        if self.cluster != "hdbscan":
            raise ParameterError(f"cluster must be 'hdbscan', 'kmeans' or a clustering object, got {self.cluster!r}")
        if self.cluster_selection not in ("leaf", "eom"):
            raise ParameterError(f"cluster_selection must be 'leaf' or 'eom', got {self.cluster_selection!r}")
        hdbscan = require("hdbscan")
        mcs = auto_min_cluster_size(n_docs) if self.min_cluster_size == "auto" else int(self.min_cluster_size)
        ms = self.min_samples if self.min_samples is not None else max(1, mcs // 4)
        self.min_cluster_size_ = mcs
        if isinstance(self.max_cluster_size, str) and self.max_cluster_size != "auto":
            raise ParameterError(f"max_cluster_size must be a number, 'auto' or None, got {self.max_cluster_size!r}")
        big = n_docs // 2 if self.max_cluster_size == "auto" else int(self.max_cluster_size or 0)
        self.max_cluster_size_ = big if big > mcs else 0
        return hdbscan.HDBSCAN(min_cluster_size=mcs, min_samples=int(ms), metric="euclidean",
                               cluster_selection_method=self.cluster_selection,
                               max_cluster_size=self.max_cluster_size_, prediction_data=True)

    def _umap(self, n_docs: int) -> Any:
        umap = require("umap")
        neighbors = max(2, min(int(self.umap_neighbors), n_docs - 1))
        components = max(2, min(int(self.umap_components), n_docs - 2))
        return umap.UMAP(n_neighbors=neighbors, n_components=components, min_dist=self.umap_min_dist,
                         metric="cosine", random_state=self.random_state, n_jobs=1 if self.random_state
                         is not None else -1, low_memory=True)

    def _vectorizer(self) -> Any:
        from sklearn.feature_extraction.text import CountVectorizer

        from framing.nlp.stopwords import get_stopwords

        stop = sorted({w for s in get_stopwords() for w in (s, s.capitalize())})
        return CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, stop_words=stop)

    # -- engine hooks -------------------------------------------------------------------------------
    def _fit(self, dt: DocumentTerms, source: Any, *, texts: Sequence[str] | None = None,
             embeddings: Any = None) -> None:
        if self.outliers is not None and self.outliers not in OUTLIER_STRATEGIES:
            raise ParameterError(f"outliers must be None or one of {OUTLIER_STRATEGIES}, got {self.outliers!r}")
        n = len(dt)
        if n < 10:
            raise InputError(f"BERTopic needs at least 10 documents with terms, got {n}")
        with offline(not self.allow_download):
            bertopic = require("bertopic")
            documents = dt.strings()
            embedder = self._make_embedder(n, len(dt.dictionary))
            if embeddings is not None:  # precomputed: one row per input document, or per document with terms
                emb = np.asarray(embeddings)
                if len(emb) == getattr(self, "_n_input_docs", -1) and len(emb) != n:
                    emb = emb[self._fit_positions]
            else:
                emb = self._encode(embedder, self._embed_input(dt, source, texts), fit=True)
            # precomputed embeddings with the TF-IDF default: that pipeline was never fitted
            self.embedder_ = None if embeddings is not None and self._is_tfidf() else embedder
            self.embeddings_ = check_embeddings(emb, n)
            labels, lists = normalise_seeds(self.seed_topics,
                                            seed_vocabulary(dt) if self.seed_topics is not None else None)
            seeds = [match_seed_terms(words, dt.dictionary.token2id) for words in lists]
            for label, words, found in zip(labels, lists, seeds):
                if not found:
                    raise InputError(f"seed topic {label!r}: none of {words} is in the vocabulary")
            self.seed_labels_, self.seed_terms_ = labels, seeds
            nr_topics = None if self.cluster == "kmeans" else self.n_topics
            options = dict(self.bertopic_options or {})
            model = bertopic.BERTopic(
                embedding_model=embedder, umap_model=self._umap(n), hdbscan_model=self._cluster_model(n),
                vectorizer_model=self._vectorizer(), nr_topics=nr_topics, top_n_words=max(10, self.top_n),
                seed_topic_list=seeds or None, calculate_probabilities=False, verbose=bool(self.progress),
                **options)
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*n_jobs value.*")
                try:
                    topics, _ = model.fit_transform(documents, embeddings=self.embeddings_.copy())
                except (ValueError, TypeError, IndexError) as exc:
                    raise InputError(
                        f"BERTopic could not form topics from {n} documents ({exc.__class__.__name__}: {exc}); "
                        "try a smaller min_cluster_size, cluster='kmeans' with n_topics, or more documents") from None
            self.model_ = model
            if self.outliers is not None:
                self._reduce_outliers(documents, topics, self.outliers, self.outlier_threshold)
            self._refresh(documents)

    def _reduce_outliers(self, documents: list[str], topics: Sequence[int], strategy: str, threshold: float) -> None:
        model = self.model_
        if -1 not in set(topics):
            return
        new = model.reduce_outliers(documents, list(topics), strategy=strategy, threshold=threshold,
                                    embeddings=self.embeddings_ if strategy == "embeddings" else None)
        import logging

        log = logging.getLogger("BERTopic")
        level = log.level
        log.setLevel(logging.ERROR)  # its warning about custom topic lists is about our own, intended call
        try:
            model.update_topics(documents, topics=new, vectorizer_model=self._vectorizer(),
                                top_n_words=max(10, self.top_n))
        finally:
            log.setLevel(level)

    def _refresh(self, documents: list[str] | None = None) -> None:
        """Read topics, terms, assignments and proportions back from the BERTopic model."""
        model = self.model_
        documents = documents if documents is not None else self.documents_.strings()
        ids = sorted(t for t in model.get_topics() if t != -1)
        if not ids:
            raise InputError("BERTopic found no topic (every document is an outlier); lower min_cluster_size "
                             "or use cluster='kmeans' with n_topics")
        self._topic_ids = ids
        self._topic_terms = []
        for t in ids:
            pairs = [(w, s) for w, s in (model.get_topic(t) or []) if w]
            self._topic_terms.append(([w for w, _ in pairs], [float(s) for _, s in pairs]))
        self._labels = np.asarray(model.topics_, dtype=np.int64)
        self._theta = self._distribution(documents)

    def _distribution(self, documents: list[str]) -> np.ndarray:
        theta, _ = self.model_.approximate_distribution(
            documents, window=int(self.distribution_window), stride=int(self.distribution_stride),
            batch_size=1000)
        theta = np.asarray(theta, dtype=np.float64)
        if theta.shape[1] != len(self._topic_ids):  # pragma: no cover - defensive
            raise InputError("BERTopic returned a distribution that does not match its topics")
        return theta

    def _transform(self, dt: DocumentTerms, source: Any, *, texts: Sequence[str] | None = None,
                   embeddings: Any = None) -> np.ndarray:
        return self._distribution(dt.strings())

    def assign(self, X: "Tokens | DocumentTerms", *, texts: Sequence[str] | None = None,
               embeddings: Any = None) -> Any:
        """BERTopic's hard topic assignment of (new) documents (UMAP + HDBSCAN prediction, −1 = outlier).

        ``embeddings`` (one row per document with terms) are needed if the model was fitted on
        precomputed embeddings."""
        import pandas as pd

        self._check_fitted()
        dt, _ = self._prepare(X, None, fit_terms=False)
        dt, _ = self._non_empty(dt, "assign")
        with offline(not self.allow_download):
            if embeddings is not None:
                emb = embeddings
            elif self.embedder_ is None:
                raise InputError("this model was fitted on precomputed embeddings: pass embeddings= for the "
                                 "new documents (made by the same model)")
            else:
                emb = self._encode(self.embedder_, self._embed_input(dt, X, texts))
            topics, _ = self.model_.transform(dt.strings(), embeddings=check_embeddings(emb, len(dt)))
        return pd.Series(np.asarray(topics, dtype=np.int64), index=pd.Index(dt.doc_ids, name="doc_id"),
                         name="topic")

    def _seed_for(self, topic_index: int, terms: list[str]) -> str | None:
        seeds = getattr(self, "seed_terms_", [])
        if not seeds:
            return None
        top = set(terms)
        overlap = [len(top & set(s)) for s in seeds]
        best = int(np.argmax(overlap))
        return self.seed_labels_[best] if overlap[best] > 0 else None

    # -- BERTopic operations --------------------------------------------------------------------------
    def _require_documents(self, what: str) -> list[str]:
        self._check_fitted()
        if self.documents_ is None:
            raise InputError(f"{what} needs the training documents, which this saved model does not keep "
                             "(saved with keep_documents=False); refit")
        return self.documents_.strings()

    def reduce_outliers(self, strategy: str = "c-tf-idf", threshold: float = 0.0) -> "BertopicTopicModel":
        """Assign outlier documents (−1) to topics with a BERTopic strategy, then update the tables."""
        if strategy not in OUTLIER_STRATEGIES:
            raise ParameterError(f"strategy must be one of {OUTLIER_STRATEGIES}, got {strategy!r}")
        documents = self._require_documents("reduce_outliers")
        self._reduce_outliers(documents, list(self.model_.topics_), strategy, threshold)
        self._refresh(documents)
        self._finish_tables()
        return self

    def merge_topics(self, topics_to_merge: Sequence[int] | Sequence[Sequence[int]]) -> "BertopicTopicModel":
        """Merge topics (``[1, 4]`` or ``[[1, 4], [2, 3]]``); topic ids are renumbered by size and
        names given with ``set_labels`` are dropped."""
        documents = self._require_documents("merge_topics")
        self.model_.merge_topics(documents, [list(t) if not isinstance(t, (int, np.integer)) else t
                                             for t in topics_to_merge])
        self.labels_override_ = {}  # topic ids change: names given with set_labels no longer apply
        self._refresh(documents)
        self._finish_tables()
        return self

    def reduce_topics(self, n_topics: int | str) -> "BertopicTopicModel":
        """Reduce to at most ``n_topics`` topics (or "auto") by merging similar ones."""
        documents = self._require_documents("reduce_topics")
        self.model_.reduce_topics(documents, nr_topics=n_topics)
        self.labels_override_ = {}
        self._refresh(documents)
        self._finish_tables()
        return self


def _is_sklearn(obj: Any) -> bool:
    try:
        from sklearn.pipeline import Pipeline
    except ImportError:  # pragma: no cover
        return False
    return isinstance(obj, Pipeline)


def _align_texts(texts: Any, doc_ids: Sequence[str]) -> list[str]:
    """Running texts for ``doc_ids`` from a Corpus, a DataFrame (doc_id, text), a dict or a list."""
    import pandas as pd

    docs = getattr(texts, "docs", None)
    if isinstance(docs, pd.DataFrame) and "text" in docs.columns:
        texts = docs
    if isinstance(texts, pd.DataFrame):
        if not {"doc_id", "text"} <= set(texts.columns):
            raise InputError("texts as a table needs columns doc_id and text")
        mapping = dict(zip(texts["doc_id"].astype(str), texts["text"].fillna("").astype(str)))
    elif isinstance(texts, dict):
        mapping = {str(k): str(v) for k, v in texts.items()}
    else:
        raise InputError("texts must be a Corpus, a DataFrame (doc_id, text) or a dict doc_id -> text")
    missing = [d for d in doc_ids if d not in mapping]
    if missing:
        raise InputError(f"no text for {len(missing)} documents, e.g. {missing[:3]}")
    return [mapping[d] for d in doc_ids]
