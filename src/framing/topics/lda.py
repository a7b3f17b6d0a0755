"""gensim LDA behind the common :class:`~framing.topics.base.TopicModel` interface.

Online variational Bayes (Hoffman et al. 2010) as implemented by gensim's ``LdaModel``
(``n_process=1``) or ``LdaMulticore`` (``n_process>1``). Single-core fits are bit-reproducible for a
given ``random_state``; ``LdaMulticore`` distributes chunks to worker processes whose results
arrive in varying order, so its topics can differ slightly between runs.

Guided topics: ``seed_topics={"Chance": ["Chance", "Leerstand", ...], ...}`` steers the first
topics in two ways: (1) the fit *starts* topic *i* from its seed terms (their initial topic-word
counts go to topic *i*), so documents using those terms gather in that topic in the first pass
and the terms co-occurring with them follow; (2) an asymmetric topic-word prior (``eta``) adds
``seed_weight`` x (the term's corpus frequency) as pseudo-counts for each seed term in its
topic, so the seeds stay there. Unseeded topics remain free.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from framing._compat import renamed_params
from framing.errors import InputError, ParameterError, check_positive
from framing.topics.base import SeedTopics, TopicModel, match_seed_terms, normalise_seeds, require, seed_vocabulary
from framing.topics.coherence import DEFAULT_MEASURES
from framing.topics.terms import DocumentTerms, Terms

if TYPE_CHECKING:  # pragma: no cover
    from framing.nlp.tokens import Tokens


def auto_chunksize(n_docs: int) -> int:
    """``chunksize="auto"``: a tenth of the corpus, at least 16 and at most 2,000 documents.

    gensim's LDA is online variational Bayes (Hoffman et al. 2010): the topics are updated once
    per chunk. With gensim's fixed chunksize of 2,000, a corpus of a few hundred articles is one
    chunk, so 10 passes are only 10 updates and the topics stay close to the corpus-wide word
    distribution ("Jahr · neu · gut"). Ten chunks per pass give 100 updates in 10 passes, whatever
    the corpus size, up to 20,000 documents; larger corpora keep chunks of 2,000.
    """
    return int(min(2000, max(16, -(-int(n_docs) // 10))))


def auto_offset(n_docs: int, chunksize: int) -> float:
    """``offset="auto"``: the number of chunks per pass (at least 1).

    The weight of the *t*-th online update is ``(offset + t) ** -decay`` (Hoffman et al. 2010,
    τ0 and κ). gensim's offset of 1 gives the first chunk the weight 1: it replaces the start
    state, so with small chunks one tenth of the corpus decides where the topics start. With
    offset = chunks per pass, the first update weighs 1/√10 ≈ 0.32 at ten chunks per pass, and
    no single chunk decides. For one chunk per pass (large chunks) it is gensim's 1.
    """
    return float(max(1, -(-int(n_docs) // max(1, int(chunksize)))))


class LdaTopicModel(TopicModel):
    """Latent Dirichlet Allocation with gensim.

    ``n_topics`` topics; ``alpha`` document-topic prior ("symmetric", "asymmetric", "auto", a
    float or one value per topic); ``eta`` topic-word prior (None = 1/n_topics, "symmetric",
    "auto", a float, or a topics x terms array); ``passes`` over the corpus, ``iterations`` per
    document, ``chunksize`` documents per update (``"auto"``: a tenth of the corpus, 16 to 2,000
    documents, see :func:`auto_chunksize`); ``decay`` and ``offset`` weight the online updates
    (``offset="auto"``: chunks per pass, see :func:`auto_offset`); ``n_process`` > 1 uses ``LdaMulticore``
    (not bit-reproducible). Learned: ``model_`` (the gensim model), ``topics_``,
    ``doc_topics_``, ``labels_`` (dominant topic), ``coherence_`` and the tables of
    :class:`~framing.topics.base.TopicModel`.
    """

    engine = "lda"

    @renamed_params(workers="n_process")
    def __init__(self, n_topics: int = 10, *, terms: Terms | dict[str, Any] | None = None,
                 alpha: str | float | Sequence[float] = "symmetric", eta: Any = None,
                 passes: int = 10, iterations: int = 100, chunksize: int | str = "auto", update_every: int = 1,
                 decay: float = 0.5, offset: float | str = "auto", n_process: int = 1,
                 seed_topics: SeedTopics | None = None, seed_weight: float = 0.1, top_n: int = 10,
                 coherence: str | Sequence[str] | None = DEFAULT_MEASURES, random_state: int | None = 0,
                 progress: bool = True, engine: str = "lda") -> None:
        if engine != "lda":
            raise ParameterError(f"LdaTopicModel is the 'lda' engine, got engine={engine!r}")
        self.n_topics = n_topics
        self.terms = terms
        self.alpha = alpha
        self.eta = eta
        self.passes = passes
        self.iterations = iterations
        self.chunksize = chunksize
        self.update_every = update_every
        self.decay = decay
        self.offset = offset
        self.n_process = n_process
        self.seed_topics = seed_topics
        self.seed_weight = seed_weight
        self.top_n = top_n
        self.coherence = coherence
        self.random_state = random_state
        self.progress = progress
        self.engine = engine

    # -- priors ---------------------------------------------------------------------------------
    def _seed_eta(self, dt: DocumentTerms) -> tuple[Any, list[str], list[list[str]]]:
        labels, lists = normalise_seeds(self.seed_topics, seed_vocabulary(dt) if self.seed_topics is not None else None)
        if not lists:
            return self.eta, [], []
        k, V = int(self.n_topics), len(dt.dictionary)
        if len(lists) > k:
            raise ParameterError(f"{len(lists)} seed topics but only n_topics={k}")
        if self.eta is None or (isinstance(self.eta, str) and self.eta == "symmetric"):
            base = np.full((k, V), 1.0 / k)
        elif isinstance(self.eta, (int, float)):
            base = np.full((k, V), float(self.eta))
        else:
            raise ParameterError("seed_topics builds its own eta prior; give eta as None, 'symmetric' or a number")
        cf = np.zeros(V)
        for i, c in dt.dictionary.cfs.items():
            cf[i] = c
        token2id = dt.dictionary.token2id
        matched: list[list[str]] = []
        for i, words in enumerate(lists):
            found = match_seed_terms(words, token2id)
            missing = [w for w in words if not match_seed_terms([w], token2id)]
            if missing:
                warnings.warn(f"seed topic {labels[i]!r}: terms not in the vocabulary (check lemma form and "
                              f"min_df): {missing}", stacklevel=4)
            for term in found:
                base[i, token2id[term]] += self.seed_weight * cf[token2id[term]]
            matched.append(found)
        return base.astype(np.float32), labels, matched

    # -- engine hooks ---------------------------------------------------------------------------
    def _fit(self, dt: DocumentTerms, source: Any, **fit_params: Any) -> None:
        gensim = require("gensim")
        if fit_params:
            raise ParameterError(f"LdaTopicModel.fit takes no engine options, got {sorted(fit_params)}")
        k = int(check_positive("n_topics", self.n_topics))
        eta, self.seed_labels_, self.seed_terms_ = self._seed_eta(dt)
        if isinstance(self.chunksize, str) and self.chunksize != "auto":
            raise ParameterError(f"chunksize must be a number of documents or 'auto', got {self.chunksize!r}")
        self.chunksize_ = auto_chunksize(len(dt)) if self.chunksize == "auto" else int(self.chunksize)
        if isinstance(self.offset, str) and self.offset != "auto":
            raise ParameterError(f"offset must be a number or 'auto', got {self.offset!r}")
        self.offset_ = auto_offset(len(dt), self.chunksize_) if self.offset == "auto" else float(self.offset)
        common = dict(corpus=dt.bow, id2word=dt.dictionary, num_topics=k, chunksize=self.chunksize_,
                      passes=int(self.passes), iterations=int(self.iterations), alpha=self.alpha, eta=eta,
                      decay=self.decay, offset=self.offset_, random_state=self.random_state, eval_every=None)
        cls = gensim.models.LdaModel
        if int(self.n_process) > 1:
            if isinstance(self.alpha, str) and self.alpha == "auto":
                raise ParameterError("alpha='auto' needs n_process=1 (gensim's LdaMulticore cannot learn alpha)")
            cls = gensim.models.LdaMulticore
            common["workers"] = int(self.n_process)
        else:
            common["update_every"] = int(self.update_every)
        corpus = common.pop("corpus")
        # gensim's constructor ends with update(corpus); doing that step ourselves lets seeded
        # topics start from their seed terms (the random start of the topic-word state is replaced
        # after the first update, so this only breaks the symmetry between topics)
        model = cls(corpus=None, **common)
        if self.seed_terms_:
            self._seed_start(model, dt)
        bar = _bar(int(self.passes), self.progress, f"LDA k={k}")
        try:
            if bar is not None and cls is gensim.models.LdaModel:
                model.callbacks = [_PassProgress(bar)]
            passes = int(self.passes)
            multicore = cls is not gensim.models.LdaModel
            if self.seed_terms_ and self.chunksize_ < len(corpus) and passes > 1 and not multicore:
                # seeded topics: the first pass sees every document in one update, so every
                # document with seed terms meets the seeded start (the first online update
                # replaces the start state, and a first chunk may hold no document of a seed)
                model.update(corpus, chunksize=len(corpus), passes=1)
                passes -= 1
            if multicore:
                model.update(corpus)  # LdaMulticore takes chunksize and passes from its settings
            else:
                model.update(corpus, passes=passes)
            if bar is not None and cls is not gensim.models.LdaModel:
                bar.update(int(self.passes))
        finally:
            model.callbacks = None  # the progress bar does not belong in a saved model
            if bar is not None:
                bar.close()
        self.model_ = model
        self._topic_ids = list(range(k))
        self._theta = self._infer(dt)
        self._labels = self._theta.argmax(axis=1)
        beta = model.get_topics()
        vocab = [model.id2word[i] for i in range(beta.shape[1])]
        self._topic_terms = []
        for row in beta:
            top = np.argsort(-row, kind="stable")[: self.top_n]
            self._topic_terms.append(([vocab[i] for i in top], row[top].tolist()))

    def _seed_start(self, model: Any, dt: DocumentTerms) -> None:
        """Start seeded topics from their seed terms: a seed term's initial topic-word count goes
        to its topic (its corpus frequency) and almost vanishes from the other topics."""
        sstats = model.state.sstats
        cfs = dt.dictionary.cfs
        for i, terms in enumerate(self.seed_terms_):
            ids = [dt.dictionary.token2id[t] for t in terms]
            if ids:
                sstats[:, ids] *= 0.01
                sstats[i, ids] = [max(1.0, float(cfs.get(j, 1))) for j in ids]
        model.sync_state()

    def _infer(self, dt: DocumentTerms) -> np.ndarray:
        """Variational inference of topic proportions; the random start is re-seeded per call so
        that the same documents always get the same proportions."""
        model = self.model_
        saved = model.random_state
        seed = self.random_state if isinstance(self.random_state, (int, np.integer)) else 0
        model.random_state = np.random.RandomState(seed)
        out = np.empty((len(dt), model.num_topics), dtype=np.float64)
        step = max(1, int(getattr(self, "chunksize_", None) or 2000))
        try:
            start = 0
            for chunk in _chunks(dt.bow, step):   # a list, or documents streamed from a tokens folder
                gamma, _ = model.inference(chunk)
                out[start:start + len(chunk)] = gamma
                start += len(chunk)
        finally:
            model.random_state = saved
        out /= out.sum(axis=1, keepdims=True)
        return out

    def _transform(self, dt: DocumentTerms, source: Any, **kwargs: Any) -> np.ndarray:
        if kwargs:
            raise ParameterError(f"LdaTopicModel.transform takes no options, got {sorted(kwargs)}")
        return self._infer(dt)

    def _topic_word(self) -> np.ndarray:
        return np.asarray(self.model_.get_topics(), dtype=float)

    def _seed_for(self, topic_index: int, terms: list[str]) -> str | None:
        labels = getattr(self, "seed_labels_", [])
        return labels[topic_index] if topic_index < len(labels) else None

    # -- extras ---------------------------------------------------------------------------------
    def perplexity(self, X: "Tokens | DocumentTerms | None" = None) -> float:
        """Perplexity ``2**(-bound)`` from gensim's per-word likelihood bound (lower is better);
        on the training documents, or on held-out ``X``."""
        self._check_fitted()
        if X is None:
            dt = self.documents_
        else:
            dt, _ = self._prepare(X, None, fit_terms=False)
        bow = [b for b in dt.bow if b]
        if not bow:
            raise InputError("no document with known terms to compute perplexity on")
        model = self.model_
        saved = model.random_state
        model.random_state = np.random.RandomState(self.random_state if isinstance(self.random_state, int) else 0)
        try:
            bound = model.log_perplexity(bow)
        finally:
            model.random_state = saved
        return float(2 ** (-bound))


def _chunks(docs: Any, size: int) -> Any:
    """Consecutive lists of ``size`` documents from any iterable of documents."""
    from itertools import islice

    it = iter(docs)
    while chunk := list(islice(it, size)):
        yield chunk


class _PassProgress:
    """A gensim metric callback that only advances a progress bar after each pass."""

    logger = None
    viz_env = None
    title = "progress"

    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def set_parameters(self, **parameters: Any) -> None:  # gensim's Metric protocol
        pass

    def get_value(self, **kwargs: Any) -> float:
        self.bar.update(1)
        return 0.0

    def __str__(self) -> str:
        return self.title


def _bar(total: int, show: bool, desc: str) -> Any:
    if not show:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="pass", leave=False)
