"""The one interface over both topic engines (scikit-learn style) and the result tables they share.

    model = framing.TopicModel(engine="lda", n_topics=20, random_state=1)   # or engine="bertopic"
    model.fit(tokens)
    model.topics_          # topic, label, terms, weights, size, share, seed, distinctive (+ coherence)
    model.doc_topics_      # documents x topics: topic proportions (rows of LDA sum to 1)
    model.topics_by("place"), model.topics_over_time("year"), model.representative_docs()
    model.frames(by="place")   # ANTMN: topic network communities as candidate frames

``TopicModel(engine=...)`` returns the engine's class (:class:`~framing.topics.lda.LdaTopicModel`
or :class:`~framing.topics.bertopic_engine.BertopicTopicModel`), both subclasses of
:class:`TopicModel`; the engine classes can also be used directly. Settings live in ``__init__``,
learned state in trailing-underscore attributes, randomness in ``random_state``.
"""
from __future__ import annotations

import importlib
import inspect
import pickle
import time
import warnings
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from framing._compat import renamed_params
from framing.errors import InputError, MissingDependencyError, NotFittedError, ParameterError, check_choice
from framing.topics.coherence import DEFAULT_MEASURES, check_measures, overall, topic_coherence
from framing.topics.terms import DocumentTerms, Terms

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from framing.nlp.tokens import Tokens

ENGINES: dict[str, str] = {
    "lda": "framing.topics.lda:LdaTopicModel",
    "bertopic": "framing.topics.bertopic_engine:BertopicTopicModel",
}
_EXTRA = 'pip install "framing-lokal[topics]"'
#: weight of a term's probability in its topic against its lift (LDAvis relevance, Sievert &
#: Shirley 2014, whose user study found λ ≈ 0.6 best for reading what a topic is about)
LABEL_LAMBDA = 0.6
_MAGIC = "framing.topics.model/1"


def require(module: str) -> Any:
    """Import an optional dependency or raise an error that names the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"{module} is needed for this topic engine but is not installed ({exc}); "
            f"install the topics extra: {_EXTRA}") from None


SeedTopics = Mapping[str, Sequence[str]] | Sequence[Sequence[str]] | Any   # or a Codebook / its name / path


def seed_vocabulary(dt: Any) -> dict[str, float]:
    """``{term: corpus frequency}`` of a DocumentTerms' dictionary (for codebook seeds)."""
    d = dt.dictionary
    return {d[i]: float(d.cfs.get(i, 0)) for i in range(len(d))}


def normalise_seeds(seed_topics: SeedTopics | None, vocabulary: Mapping[str, float] | None = None,
                    ) -> tuple[list[str], list[list[str]]]:
    """Seed topics as (labels, term lists); a dict gives labels, a list numbers them 'seed 0' …;
    a codebook (a Codebook, a shipped name such as "integration_modes", or a YAML path) gives
    one seed topic per frame, its terms matched against ``vocabulary``
    (:func:`framing.frames.seeds.codebook_seeds`)."""
    if seed_topics is None:
        return [], []
    from framing.frames.seeds import codebook_seeds, is_codebook_spec
    if is_codebook_spec(seed_topics):
        seed_topics = codebook_seeds(seed_topics, vocabulary)
        if not seed_topics:
            raise ParameterError("no frame of the seed codebook has a term in the vocabulary")
    if isinstance(seed_topics, Mapping):
        labels = [str(k) for k in seed_topics]
        lists = [list(v) for v in seed_topics.values()]
    else:
        lists = [list(v) for v in seed_topics]
        labels = [f"seed {i}" for i in range(len(lists))]
    for label, words in zip(labels, lists):
        if isinstance(words, str) or not words or not all(isinstance(w, str) for w in words):
            raise ParameterError(f"seed topic {label!r} must be a non-empty list of terms, got {words!r}")
    return labels, lists


def match_seed_terms(words: Sequence[str], token2id: Mapping[str, int]) -> list[str]:
    """The dictionary terms matching seed ``words`` (case-insensitive; all case variants)."""
    lower: dict[str, list[str]] = {}
    for term in token2id:
        lower.setdefault(term.lower(), []).append(term)
    out: list[str] = []
    for w in words:
        for term in lower.get(w.lower(), []):
            if term not in out:
                out.append(term)
    return out


class TopicModel(ABC):
    """A topic model over Tokens. ``TopicModel(engine="lda"|"bertopic", **settings)`` picks the engine.

    Common settings: ``n_topics``, ``terms`` (a :class:`~framing.topics.terms.Terms` or dict),
    ``seed_topics`` (``{label: [terms]}`` to steer topics), ``top_n`` (terms per topic),
    ``coherence`` (measures computed in ``fit``), ``random_state``, ``progress``.
    Engine settings: see :class:`~framing.topics.lda.LdaTopicModel` and
    :class:`~framing.topics.bertopic_engine.BertopicTopicModel`.
    """

    engine: ClassVar[str] = ""

    def __new__(cls, *args: Any, **kwargs: Any) -> "TopicModel":
        if cls is TopicModel:
            if args:
                raise TypeError("TopicModel takes keyword arguments only, e.g. "
                                "TopicModel(engine='lda', n_topics=20)")
            cls = engine_class(kwargs.get("engine", "lda"))
        return super().__new__(cls)

    # -- sklearn-style parameters -----------------------------------------------------------
    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return [p.name for p in sig.parameters.values() if p.name != "self" and p.kind != p.VAR_KEYWORD]

    def get_params(self, deep: bool = False) -> dict[str, Any]:
        """The settings given in ``__init__`` (scikit-learn convention)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> "TopicModel":
        """Change settings (takes effect at the next ``fit``)."""
        names = set(self._param_names())
        for key, value in params.items():
            if key not in names:
                raise ParameterError(f"unknown setting {key!r} for {type(self).__name__}; known: {sorted(names)}")
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items()
                          if k in ("n_topics", "random_state"))
        state = "fitted" if self.is_fitted else "not fitted"
        return f"<{type(self).__name__} ({self.engine}): {shown}; {state}>"

    @property
    def is_fitted(self) -> bool:
        return getattr(self, "topics_", None) is not None

    def _check_fitted(self) -> None:
        if not self.is_fitted:
            raise NotFittedError(f"{type(self).__name__} is not fitted; call fit(tokens) first")

    def __getattr__(self, name: str) -> Any:
        # only called when normal lookup fails: a learned attribute (``topics_`` …) of an
        # unfitted model says so, like scikit-learn; NotFittedError is an AttributeError, so
        # hasattr()/getattr(default) keep working
        # (the views ``table``/``evidence`` of a fresh model land here too: their property
        # raised NotFittedError, an AttributeError, which makes Python ask __getattr__)
        if ((name.endswith("_") and not name.startswith("_")) or name in ("table", "evidence")) \
                and "topics_" not in self.__dict__:
            raise NotFittedError(f"{type(self).__name__} is not fitted: {name} is set by fit(); "
                                 "call fit(tokens) first")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # -- fitting ------------------------------------------------------------------------------
    def _prepare(self, X: "Tokens | DocumentTerms", docs: pd.DataFrame | None,
                 fit_terms: bool, client: Any = None) -> tuple[DocumentTerms, pd.DataFrame]:
        """Term selection (fit or apply) and the document metadata aligned with it."""
        from framing.nlp.tokens import Tokens

        if isinstance(X, DocumentTerms):
            if client is not None:
                raise ParameterError("client= selects terms from Tokens on the workers; DocumentTerms have "
                                     "their terms already (fit them without client=)")
            if fit_terms:
                self.terms_ = None
            dt = X
            meta = docs if docs is not None else pd.DataFrame({"doc_id": dt.doc_ids})
        elif isinstance(X, Tokens):
            if fit_terms:
                selector = Terms.coerce(self.terms)
                if self.progress:
                    selector.progress = True
                dt = selector.fit_transform(X, client=client)
                self.terms_ = selector
            else:
                if self.terms_ is None:
                    raise InputError("this model was fitted on DocumentTerms; transform DocumentTerms too")
                dt = self.terms_.transform(X)
            meta = X.docs
        else:
            raise InputError(f"fit/transform take framing Tokens (or DocumentTerms), got {type(X).__name__}")
        meta = meta.copy()
        meta["doc_id"] = meta["doc_id"].astype(str)
        meta = meta.set_index("doc_id", drop=False).reindex(dt.doc_ids)
        meta["doc_id"] = dt.doc_ids
        return dt, meta.reset_index(drop=True)

    @staticmethod
    def _non_empty(dt: DocumentTerms, what: str) -> tuple[DocumentTerms, list[str]]:
        lengths = dt.lengths
        empty = [dt.doc_ids[i] for i in np.flatnonzero(lengths == 0)]
        if empty:
            warnings.warn(f"{len(empty)} of {len(dt)} documents have no selected terms and are left out of "
                          f"{what} (listed in empty_docs_): {empty[:5]}{' …' if len(empty) > 5 else ''}",
                          stacklevel=4)
        return dt.subset(np.flatnonzero(lengths > 0)), empty

    def fit(self, X: "Tokens | DocumentTerms", y: Any = None, *, docs: pd.DataFrame | None = None,
            client: Any = None, **fit_params: Any) -> "TopicModel":
        """Select terms from ``X`` (Tokens), fit the engine and build the result tables.

        A tokens folder (:func:`framing.read_tokens`) is read part by part, never whole; with a
        Dask ``client`` the parts' terms are selected and counted on its workers. The engine
        fits here, on the documents' terms (:mod:`framing.topics.streamed`; LDA: the same
        topics as on the whole table)."""
        t0 = time.perf_counter()
        self.coherence_measures_ = check_measures(self.coherence)
        dt, meta = self._prepare(X, docs, fit_terms=True, client=client)
        self._n_input_docs = len(dt)
        self._fit_positions = np.flatnonzero(dt.lengths > 0)
        dt, empty = self._non_empty(dt, "the model")
        if len(dt) < 2:
            raise InputError(f"need at least 2 documents with terms to fit a topic model, got {len(dt)}")
        keep = meta["doc_id"].isin(set(dt.doc_ids)).to_numpy()
        self.empty_docs_ = empty
        self.docs_ = meta.loc[keep].reset_index(drop=True)
        self.documents_ = dt
        self.doc_lengths_ = pd.Series(dt.lengths, index=pd.Index(dt.doc_ids, name="doc_id"), name="n_terms")
        self.labels_override_: dict[int, str] = {}
        self._fit(dt, X, **fit_params)
        self._finish_tables()
        self.fit_time_ = time.perf_counter() - t0
        return self

    def fit_transform(self, X: "Tokens | DocumentTerms", y: Any = None, **fit_params: Any) -> pd.DataFrame:
        """``fit`` and return ``doc_topics_``."""
        return self.fit(X, **fit_params).doc_topics_

    def transform(self, X: "Tokens | DocumentTerms", **kwargs: Any) -> pd.DataFrame:
        """Topic proportions of (new) documents: a documents x topics DataFrame indexed by doc_id."""
        self._check_fitted()
        dt, _ = self._prepare(X, None, fit_terms=False)
        dt, _ = self._non_empty(dt, "transform")
        if len(dt) == 0:
            return pd.DataFrame(columns=self.topics_["topic"].tolist(), dtype=float)
        theta = self._transform(dt, X, **kwargs)
        return self._theta_frame(theta, dt.doc_ids)

    def predict(self, X: "Tokens | DocumentTerms", **kwargs: Any) -> pd.Series:
        """The dominant topic of each (new) document (BERTopic: its assigned topic, -1 = outlier)."""
        theta = self.transform(X, **kwargs)
        return _dominant(theta).rename("topic")

    # -- engine hooks -------------------------------------------------------------------------
    @abstractmethod
    def _fit(self, dt: DocumentTerms, source: Any, **fit_params: Any) -> None:
        """Fit the engine on non-empty documents; set ``model_``, ``_theta`` (n_docs x k),
        ``_labels`` (n_docs), ``_topic_ids``, ``_topic_terms`` (list of (terms, weights))."""

    @abstractmethod
    def _transform(self, dt: DocumentTerms, source: Any, **kwargs: Any) -> np.ndarray:
        """Topic proportions (n_docs x k) of non-empty documents."""

    def _seed_for(self, topic_index: int, terms: list[str]) -> str | None:
        return None

    def _topic_word(self) -> np.ndarray:
        """Topics x dictionary terms: each topic's word distribution. Default (BERTopic): the term
        counts of the documents assigned to the topic, lightly smoothed; LDA overrides it with its
        topic-word matrix."""
        dt = self.documents_
        V = len(dt.dictionary)
        ids = list(self._topic_ids)
        pos = {t: i for i, t in enumerate(ids)}
        counts = np.full((len(ids), V), 0.01)
        for bow, label in zip(dt.bow, np.asarray(self._labels)):
            i = pos.get(int(label))
            if i is None:
                continue
            for w, c in bow:
                counts[i, w] += c
        return counts / counts.sum(axis=1, keepdims=True)

    def _term_marginal(self) -> np.ndarray:
        """Each dictionary term's share of all selected terms in the fitted documents."""
        d = self.documents_.dictionary
        cf = np.zeros(len(d))
        for i, c in d.cfs.items():
            cf[i] = c
        return cf / cf.sum() if cf.sum() > 0 else np.full(len(d), 1.0 / max(1, len(d)))

    @renamed_params(n="top_n")
    def relevant_terms(self, top_n: int | None = None, lambda_: float = LABEL_LAMBDA) -> pd.DataFrame:
        """Each topic's terms ranked by *relevance* (Sievert & Shirley 2014, as in LDAvis):
        ``λ·log p(w|k) + (1−λ)·log(p(w|k) / p(w))``. λ = 1 ranks by probability in the topic (the
        generic words of the corpus come first), λ = 0 by lift (rare, topic-specific words);
        the default 0.6 names what a topic is about. Long table: topic, rank, term, relevance,
        probability, lift."""
        self._check_fitted()
        if not 0.0 <= float(lambda_) <= 1.0:
            raise ParameterError(f"lambda_ must be in [0, 1], got {lambda_}")
        phi = getattr(self, "topic_word_", None)
        if phi is None:
            raise InputError("this model has no topic-word distributions (saved without documents?)")
        return _relevance_table(np.asarray(phi), self._term_marginal(), self._vocab(), list(self._topic_ids),
                                top_n or self.top_n, float(lambda_))

    def _vocab(self) -> list[str]:
        d = self.documents_.dictionary
        inv = {i: w for w, i in d.token2id.items()}
        return [inv[i] for i in range(len(d))]

    # -- result tables ------------------------------------------------------------------------
    def _theta_frame(self, theta: np.ndarray, doc_ids: Sequence[str]) -> pd.DataFrame:
        cols = pd.Index(self._topic_ids, name="topic")
        return pd.DataFrame(np.asarray(theta, dtype=float), index=pd.Index(list(doc_ids), name="doc_id"),
                            columns=cols)

    def _finish_tables(self) -> None:
        ids = list(self._topic_ids)
        self.n_topics_ = len(ids)
        self.doc_topics_ = self._theta_frame(self._theta, self.documents_.doc_ids)
        self.labels_ = pd.Series(np.asarray(self._labels, dtype=np.int64),
                                 index=pd.Index(self.documents_.doc_ids, name="doc_id"), name="topic")
        sizes = self.labels_.value_counts()
        self.topic_word_ = self._topic_word()
        relevant = _relevance_table(self.topic_word_, self._term_marginal(), self._vocab(), ids, self.top_n,
                                    LABEL_LAMBDA)
        distinctive = {int(k): g["term"].tolist() for k, g in relevant.groupby("topic", sort=False)}  # type: ignore[arg-type]
        rows = []
        for k, (terms, weights) in zip(ids, self._topic_terms):
            terms = list(terms)[: self.top_n]
            best = distinctive.get(int(k)) or terms
            rows.append({
                "topic": int(k),
                "label": self.labels_override_.get(int(k)) or self._seed_for(ids.index(k), terms)
                or " · ".join(best[:3]),
                "distinctive": best,
                "terms": terms,
                "weights": [float(w) for w in list(weights)[: self.top_n]],
                "size": int(sizes.get(k, 0)),
                "share": float(self.doc_topics_[k].mean()) if len(self.doc_topics_) else float("nan"),
                "seed": self._seed_for(ids.index(k), terms),
            })
        topics = pd.DataFrame(rows, columns=["topic", "label", "terms", "weights", "size", "share", "seed",
                                             "distinctive"])
        self.topics_ = topics
        self.coherence_ = None
        self.coherence_overall_ = None
        if self.coherence_measures_:
            self.coherence_ = self.compute_coherence(self.coherence_measures_)
            self.coherence_overall_ = overall(self.coherence_)
            self.topics_ = topics.merge(self.coherence_.reset_index(), on="topic", how="left")

    @renamed_params(processes="n_process")
    def compute_coherence(self, measures: str | Sequence[str] = DEFAULT_MEASURES, *, top_n: int | None = None,
                          n_process: int = 1, progress: bool | None = None) -> pd.DataFrame:
        """Coherence per topic (rows) and measure (columns) over the fitted documents' terms.

        See :mod:`framing.topics.coherence`; ``.mean()`` of a column is the overall value.
        """
        self._check_fitted()
        topics = [list(t) for t in self.topics_["terms"]]
        if self.documents_ is None:
            raise InputError("coherence needs the training documents, which this saved model does not keep")
        return topic_coherence(topics, self.documents_, measures, top_n=top_n or self.top_n,
                               n_process=n_process, topic_ids=self.topics_["topic"].tolist(),
                               progress=self.progress if progress is None else progress)

    def set_labels(self, labels: Mapping[int, str] | Sequence[str]) -> "TopicModel":
        """Name topics (``{topic: "label"}`` or one label per topic); tables and plots use them."""
        self._check_fitted()
        ids = self.topics_["topic"].tolist()
        if not isinstance(labels, Mapping):
            labels = list(labels)
            if len(labels) != len(ids):
                raise ParameterError(f"need {len(ids)} labels (one per topic), got {len(labels)}")
            labels = dict(zip(ids, labels))
        unknown = set(labels) - set(ids)
        if unknown:
            raise ParameterError(f"no topics {sorted(unknown)}; topics are {ids}")
        self.labels_override_.update({int(k): str(v) for k, v in labels.items()})
        self.topics_["label"] = [self.labels_override_.get(k, lab) for k, lab in
                                 zip(ids, self.topics_["label"])]
        return self

    @renamed_params(n="top_n")
    def top_terms(self, top_n: int | None = None) -> pd.DataFrame:
        """Top terms of every topic in long form: topic, label, rank, term, weight."""
        self._check_fitted()
        rows = []
        for _, r in self.topics_.iterrows():
            for rank, (term, w) in enumerate(zip(r["terms"], r["weights"])):
                if top_n is not None and rank >= top_n:
                    break
                rows.append((r["topic"], r["label"], rank + 1, term, w))
        return pd.DataFrame(rows, columns=["topic", "label", "rank", "term", "weight"])

    # -- the result surface (as OtheringResult, FrameResult, Cooccurrence) ---------------------
    @property
    def settings(self) -> dict[str, Any]:
        """Provenance: the engine and every ``__init__`` parameter, verbatim (:meth:`get_params`)."""
        return {"engine": self.engine, **self.get_params()}

    @property
    def table(self) -> pd.DataFrame:
        """One row per topic: :attr:`topics_` (label, terms, weights, size, share, coherence)."""
        self._check_fitted()
        return self.topics_

    @property
    def evidence(self) -> pd.DataFrame:
        """The documents behind each topic: the three with the highest proportion of it, with
        their metadata and text (:meth:`representative_docs`)."""
        self._check_fitted()
        return self.representative_docs(3, columns=("place", "outlet", "date", "title", "text"))

    by: list[str] | None = None  # a model covers the corpus; grouped tables: topics_by(by)

    def to_csv(self, outdir: str | Path, **kwargs: Any) -> dict[str, Path]:
        """Write every table (topics, shares, representative documents, coherence, frames),
        the topic network and plots into ``outdir``
        (:func:`framing.topics.outputs.write_outputs`; ``kwargs`` go there); returns the paths."""
        from framing.topics.outputs import write_outputs

        self._check_fitted()
        return write_outputs(self, outdir, **kwargs)

    def plot(self, by: str | Sequence[str] | None = None, *, ax: Any = None) -> Any:
        """Topic shares: of the corpus, or per group of ``by`` (a heatmap, as
        :func:`framing.topics.plot.plot_topic_shares`)."""
        from framing.topics.plot import plot_topic_shares

        self._check_fitted()
        if by is None:
            table = self.doc_topics_.mean().to_frame("all").T.rename_axis("corpus")
            table.attrs["n_docs"] = {"all": len(self.doc_topics_)}
        else:
            table = self.topics_by(by)
        return plot_topic_shares(table, dict(zip(self.topics_["topic"], self.topics_["label"])), ax=ax)

    # -- analyses (see framing.topics.analysis / network) -------------------------------------
    def topics_by(self, by: str | Sequence[str] = "place", **kwargs: Any) -> pd.DataFrame:
        """Mean topic proportions per group (town, outlet, year …): groups x topics."""
        from framing.topics.analysis import topics_by_group

        self._check_fitted()
        kwargs.setdefault("topics", self.topics_)
        return topics_by_group(self.doc_topics_, self.docs_, by, **kwargs)

    def topics_over_time(self, freq: str = "year", by: str | None = None, **kwargs: Any) -> pd.DataFrame:
        """Mean topic proportions per period (``freq`` year/quarter/month), optionally per group."""
        from framing.topics.analysis import topics_over_time

        self._check_fitted()
        kwargs.setdefault("topics", self.topics_)
        return topics_over_time(self.doc_topics_, self.docs_, freq, by=by, **kwargs)

    @renamed_params(n="top_n")
    def representative_docs(self, top_n: int = 3, **kwargs: Any) -> pd.DataFrame:
        """The ``top_n`` documents with the highest proportion of each topic, with their metadata."""
        from framing.topics.analysis import representative_docs

        self._check_fitted()
        return representative_docs(self.doc_topics_, self.docs_, self.topics_, top_n, **kwargs)

    def topic_network(self, **kwargs: Any) -> "nx.Graph":
        """ANTMN topic network: topics as nodes, edges from their co-occurrence in documents, frames
        as communities (see :func:`framing.topics.network.topic_network`)."""
        from framing.topics.network import topic_network

        self._check_fitted()
        kwargs.setdefault("random_state", self.random_state)
        return topic_network(self.doc_topics_, self.topics_, doc_lengths=self.doc_lengths_, **kwargs)

    def frames(self, by: str | None = "place", graph: "nx.Graph | None" = None, **kwargs: Any) -> pd.DataFrame:
        """Candidate frames (ANTMN communities): their topics, top terms and share overall and ``by`` group."""
        from framing.topics.network import frames_table

        G = graph if graph is not None else self.topic_network(**kwargs)
        tw = None
        if getattr(self, "topic_word_", None) is not None and self.documents_ is not None:
            tw = (pd.DataFrame(self.topic_word_, index=list(self._topic_ids), columns=self._vocab()),
                  pd.Series(self._term_marginal(), index=self._vocab()))
        return frames_table(G, self.doc_topics_, self.topics_, self.docs_, by=by, topic_word=tw)

    # -- persistence --------------------------------------------------------------------------
    def save(self, path: str | Path, *, keep_documents: bool = True) -> Path:
        """Save the fitted model (pickle). ``keep_documents=False`` drops the training terms
        (smaller file; coherence and BERTopic outlier/merge operations then need a refit)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        state = self
        if not keep_documents:
            import copy

            state = copy.copy(self)
            state.documents_ = None  # type: ignore[assignment]  # unfitted state on a copy
        from framing import __version__

        payload = {"magic": _MAGIC, "framing": __version__, "engine": self.engine, "model": state}
        with open(path, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    @classmethod
    def load(cls, path: str | Path) -> "TopicModel":
        """Load a model written by :meth:`save`.

        **Security:** the file is a Python pickle. Loading a pickle can run arbitrary code, so only
        load model files you made yourself or got from a source you trust.
        """
        path = Path(path)
        if not path.exists():
            raise InputError("no such file", path=path)
        with open(path, "rb") as fh:
            try:
                payload = pickle.load(fh)
            except Exception as exc:
                raise InputError(f"not a readable framing topic model ({exc.__class__.__name__}: {exc})",
                                 path=path) from None
        if not isinstance(payload, dict) or payload.get("magic") != _MAGIC:
            raise InputError("not a framing topic model file (written by TopicModel.save)", path=path)
        model = payload["model"]
        if cls is not TopicModel and not isinstance(model, cls):
            raise InputError(f"the file holds a {type(model).__name__}, not a {cls.__name__}", path=path)
        return model


def _relevance_table(phi: np.ndarray, marginal: np.ndarray, vocab: Sequence[str], topic_ids: Sequence[int],
                     n: int, lambda_: float) -> pd.DataFrame:
    """The ``n`` most relevant terms per topic (see :meth:`TopicModel.relevant_terms`)."""
    phi = np.asarray(phi, dtype=float)
    p = np.clip(np.asarray(marginal, dtype=float), 1e-12, None)
    logphi = np.log(np.clip(phi, 1e-12, None))
    rel = lambda_ * logphi + (1.0 - lambda_) * (logphi - np.log(p)[None, :])
    rows = []
    for i, k in enumerate(topic_ids):
        order = np.lexsort((np.arange(rel.shape[1]), -rel[i]))[:n]
        for rank, j in enumerate(order.tolist()):
            rows.append((int(k), rank + 1, vocab[j], float(rel[i, j]), float(phi[i, j]), float(phi[i, j] / p[j])))
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "relevance", "probability", "lift"])


def engine_class(engine: str) -> type[TopicModel]:
    """The model class of an engine name ("lda" or "bertopic")."""
    check_choice("engine", engine, sorted(ENGINES))
    module, name = ENGINES[engine].split(":")
    return getattr(importlib.import_module(module), name)


def _dominant(theta: pd.DataFrame) -> pd.Series:
    """Column of the largest proportion per row; -1 for rows without any mass."""
    if theta.shape[1] == 0:
        return pd.Series(-1, index=theta.index, dtype=np.int64)
    values = theta.to_numpy(dtype=float)
    best = np.nanargmax(np.where(np.isnan(values), -np.inf, values), axis=1)
    out = np.asarray(theta.columns)[best].astype(np.int64)
    out[~(np.nan_to_num(values).sum(axis=1) > 0)] = -1
    return pd.Series(out, index=theta.index)


def topic_model(engine: str = "lda", **settings: Any) -> TopicModel:
    """Same as ``TopicModel(engine=engine, **settings)``."""
    return engine_class(engine)(**settings)
