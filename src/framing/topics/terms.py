"""Term selection for topic models: which tokens of a :class:`~framing.nlp.tokens.Tokens` table
become the "words" a topic model sees.

Both engines fit on the same :class:`DocumentTerms` (documents as lists of selected terms plus a
gensim ``Dictionary``), so that LDA and BERTopic topics are made of the same vocabulary and their
coherence can be compared.

Selection, in this order (all vectorised over the token table):

1. drop punctuation, stopwords (the ``is_stop`` flag *and* the shipped German list on the
   lower-cased term, plus any extra words), numbers and terms shorter than ``min_length``;
2. keep only the parts of speech in ``pos`` (``"auto"``: nouns, proper nouns, adjectives and
   … where the tokens carry POS tags; no POS filter for untagged, ``profile="fast"`` tokens);
3. optionally replace compounds by their head or parts (``compounds="head"|"parts"``);
4. optionally join frequent bigrams (gensim ``Phrases``, NPMI scoring). Phrases are learnt only
   from runs of tokens that were *adjacent in the text* and both selected, so a removed stopword
   never glues two words together ("Rat der Stadt" does not become "Rat_Stadt");
5. drop terms in fewer than ``min_df`` or more than ``max_df`` documents (an int is a count, a
   float a fraction, as in scikit-learn), then keep at most ``max_terms`` (most frequent).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from gensim.corpora import Dictionary

    from framing.nlp.tokens import Tokens

#: parts of speech kept by ``pos="auto"`` when the tokens are tagged
CONTENT_POS: tuple[str, ...] = ("NOUN", "PROPN", "ADJ")
COMPOUND_MODES = ("keep", "head", "parts")
_NUMBER = r"^[\d.,:/%+\-–]+$"


def _require_gensim() -> Any:
    from framing.topics.base import require

    return require("gensim")


@dataclass
class DocumentTerms:
    """Documents as selected terms: what the topic engines fit on.

    ``texts[i]`` are the terms of document ``doc_ids[i]`` in text order (only terms of the
    dictionary); ``dictionary`` is a gensim ``Dictionary`` over them; ``bow`` the gensim
    bag-of-words corpus. Documents left without any term are kept (empty lists) so that rows
    stay aligned with the document table; the engines skip them and report them.
    """

    doc_ids: list[str]
    texts: list[list[str]]
    dictionary: "Dictionary"
    bow: list[list[tuple[int, int]]]

    def __len__(self) -> int:
        return len(self.doc_ids)

    @property
    def lengths(self) -> np.ndarray:
        """Number of selected terms per document."""
        return np.fromiter((len(t) for t in self.texts), dtype=np.int64, count=len(self.texts))

    def strings(self) -> list[str]:
        """Each document as its selected terms joined by spaces (the text BERTopic's vectorizer reads)."""
        return [" ".join(t) for t in self.texts]

    def subset(self, index: Sequence[int] | np.ndarray) -> "DocumentTerms":
        """The documents at the given positions (same dictionary)."""
        idx = [int(i) for i in index]
        return DocumentTerms([self.doc_ids[i] for i in idx], [self.texts[i] for i in idx],
                             self.dictionary, [self.bow[i] for i in idx])

    def matrix(self) -> Any:
        """The document-term count matrix (SciPy CSR, documents x dictionary ids)."""
        import scipy.sparse as sp

        indptr = np.zeros(len(self.bow) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(b) for b in self.bow])
        ids = np.fromiter((i for b in self.bow for i, _ in b), dtype=np.int64, count=int(indptr[-1]))
        cnt = np.fromiter((c for b in self.bow for _, c in b), dtype=np.float64, count=int(indptr[-1]))
        return sp.csr_matrix((cnt, ids, indptr), shape=(len(self.bow), len(self.dictionary)))


@dataclass
class Terms:
    """Settings for turning Tokens into topic-model terms; ``fit`` learns bigrams and the dictionary.

    >>> Terms(pos=["NOUN"], min_df=2, max_df=0.5, bigrams=True)  # doctest: +ELLIPSIS
    Terms(column='lemma', pos=['NOUN'], ...)
    """

    column: str = "lemma"
    pos: str | Sequence[str] | None = "auto"
    stopwords: bool | Iterable[str] = True
    lowercase: bool = False
    min_length: int = 2
    drop_numbers: bool = True
    compounds: str = "keep"
    min_df: int | float = 2
    max_df: int | float = 0.5
    max_terms: int | None = None
    bigrams: bool = False
    bigram_min_count: int = 5
    bigram_threshold: float = 0.5
    progress: bool = False
    # learned state
    dictionary_: Any = field(default=None, init=False, repr=False, compare=False)
    phraser_: Any = field(default=None, init=False, repr=False, compare=False)

    # -- configuration -------------------------------------------------------------------------
    @classmethod
    def coerce(cls, terms: "Terms | dict[str, Any] | None") -> "Terms":
        """A fresh (unfitted) ``Terms`` from ``None`` (defaults), a dict of settings or a ``Terms``."""
        if terms is None:
            return cls()
        if isinstance(terms, Terms):
            return replace(terms)
        if isinstance(terms, dict):
            known = {f.name for f in fields(cls) if f.init}
            unknown = set(terms) - known
            if unknown:
                raise InputError(f"unknown term settings {sorted(unknown)}; known are {sorted(known)}")
            return cls(**terms)
        raise InputError(f"terms must be a framing.topics.Terms, a dict or None, got {type(terms).__name__}")

    def settings(self) -> dict[str, Any]:
        """The settings as a plain dict (for reports and saved models)."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        if not isinstance(out["stopwords"], bool):
            out["stopwords"] = sorted(out["stopwords"])
        return out

    def _check(self) -> None:
        if self.compounds not in COMPOUND_MODES:
            raise InputError(f"compounds must be one of {COMPOUND_MODES}, got {self.compounds!r}")
        for name in ("min_df", "max_df"):
            v = getattr(self, name)
            if isinstance(v, float) and not 0.0 < v <= 1.0:
                raise InputError(f"{name} as a fraction must be in (0, 1], got {v}")
            if isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v < 1:
                raise InputError(f"{name} as a document count must be >= 1, got {v}")

    # -- selection -----------------------------------------------------------------------------
    def _stopword_set(self) -> frozenset[str]:
        if self.stopwords is False or self.stopwords is None:
            return frozenset()
        try:
            from framing.nlp.stopwords import get_stopwords

            base = get_stopwords()
        except Exception:  # pragma: no cover - the module ships with the package
            base = frozenset()
        extra = () if self.stopwords is True else self.stopwords
        if isinstance(extra, str):
            raise InputError("stopwords takes True/False or a collection of extra words, not a single string")
        return frozenset(base | {str(w).strip().lower() for w in extra if str(w).strip()})

    def _resolve_pos(self, table: pd.DataFrame) -> list[str] | None:
        tagged = len(table) > 0 and not table["upos"].isna().all()
        if self.pos == "auto":
            return list(CONTENT_POS) if tagged else None
        if self.pos is None:
            return None
        pos = [self.pos] if isinstance(self.pos, str) else list(self.pos)
        if pos and not tagged and len(table):
            raise InputError("a POS filter was given but the tokens have no POS tags; annotate with "
                             "profile='full' or use pos=None")
        return pos

    def _select(self, tokens: "Tokens") -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """Selected tokens as parallel arrays: document position, run id, term string, and the doc ids.

        A *run* is a stretch of selected tokens that were adjacent in one sentence (for bigrams).
        """
        t = tokens.table
        if self.column not in t.columns:
            raise InputError(f"no token column {self.column!r}; columns are {list(t.columns)}")
        doc_ids = [str(d) for d in tokens.docs["doc_id"].tolist()]
        terms = t[self.column].fillna(t["text"]).astype(str)
        if self.lowercase:
            terms = terms.str.lower()
        sel = ~t["is_punct"].to_numpy(dtype=bool)
        stop = self._stopword_set()
        if stop:
            sel &= ~t["is_stop"].to_numpy(dtype=bool)
            sel &= ~terms.str.lower().isin(stop).to_numpy(dtype=bool)
        pos = self._resolve_pos(t)
        if pos:
            sel &= t["upos"].isin(pos).fillna(False).to_numpy(dtype=bool)
        if self.drop_numbers:
            sel &= ~terms.str.match(_NUMBER).fillna(False).to_numpy(dtype=bool)
        if self.min_length > 1:
            sel &= (terms.str.len() >= self.min_length).fillna(False).to_numpy(dtype=bool)
        # document position per token, without turning millions of ids into Python strings
        codes, uniques = pd.factorize(t["doc_id"], use_na_sentinel=True)
        positions = pd.Index(doc_ids).get_indexer([str(u) for u in uniques])
        doc_pos = np.where(codes >= 0, positions[np.maximum(codes, 0)] if len(uniques) else -1, -1)
        sel &= doc_pos >= 0

        # runs of adjacent selected tokens (same doc, same sentence, consecutive positions)
        doc_a = doc_pos.astype(np.int64)
        sent_a = t["sent_id"].to_numpy(dtype=np.int64)
        tok_a = t["token_id"].to_numpy(dtype=np.int64)
        idx = np.flatnonzero(sel)
        new_run = np.ones(idx.size, dtype=bool)
        if idx.size > 1:
            new_run[1:] = ~((idx[1:] == idx[:-1] + 1) & (doc_a[idx[1:]] == doc_a[idx[:-1]])
                            & (sent_a[idx[1:]] == sent_a[idx[:-1]]) & (tok_a[idx[1:]] == tok_a[idx[:-1]] + 1))
        run = np.cumsum(new_run) - 1
        values = terms.iloc[idx].to_numpy(dtype=object)
        doc = doc_a[idx]
        if self.compounds != "keep" and idx.size:
            col = "compound_head" if self.compounds == "head" else "compound_parts"
            comp = t[col].iloc[idx].fillna("").astype(str)
            if self.lowercase:
                comp = comp.str.lower()
            comp = comp.to_numpy(dtype=object)
            has = comp != ""
            if has.any():
                if self.compounds == "head":
                    values = np.where(has, comp, values)
                else:
                    parts = [c.split("|") if h else [v] for c, h, v in zip(comp, has, values)]
                    lens = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
                    values = np.fromiter((w for p in parts for w in p), dtype=object, count=int(lens.sum()))
                    doc, run = np.repeat(doc, lens), np.repeat(run, lens)
                keep = values != ""
                values, doc, run = values[keep], doc[keep], run[keep]
        return doc, run, np.asarray(values, dtype=object), doc_ids

    def _phrase_runs(self, runs: list[list[str]]) -> list[list[str]]:
        return [self.phraser_[r] for r in runs] if self.phraser_ is not None else runs

    def _runs(self, doc: np.ndarray, run: np.ndarray, values: np.ndarray) -> tuple[list[list[str]], np.ndarray]:
        """Split the selected terms into runs; returns the runs and each run's document position."""
        if values.size == 0:
            return [], np.zeros(0, dtype=np.int64)
        cuts = np.flatnonzero(np.diff(run)) + 1
        starts = np.concatenate([[0], cuts])
        runs = [chunk.tolist() for chunk in np.split(values, cuts)]
        return runs, doc[starts]

    def _bigram_terms(self, doc: np.ndarray, run: np.ndarray, values: np.ndarray, *,
                      learn: bool) -> tuple[np.ndarray, np.ndarray]:
        """Join bigrams inside runs; returns (doc position, term) per resulting term."""
        runs, run_doc = self._runs(doc, run, values)
        if learn:
            gensim = _require_gensim()
            phrases = gensim.models.phrases.Phrases(
                _progress(runs, self.progress, "bigrams (learn)"), min_count=self.bigram_min_count,
                threshold=self.bigram_threshold, scoring="npmi", delimiter="_")
            self.phraser_ = phrases.freeze()
        joined = self._phrase_runs(list(_progress(runs, self.progress, "bigrams (apply)")))
        lens = np.fromiter((len(r) for r in joined), dtype=np.int64, count=len(joined))
        flat = np.fromiter((w for r in joined for w in r), dtype=object, count=int(lens.sum()))
        return np.repeat(run_doc, lens), flat

    # -- fit / transform -----------------------------------------------------------------------
    def fit(self, tokens: "Tokens") -> "Terms":
        """Learn bigrams (if asked) and the dictionary from ``tokens``."""
        self.fit_transform(tokens)
        return self

    def fit_transform(self, tokens: "Tokens") -> DocumentTerms:
        """Learn bigrams and the dictionary, and return the documents as terms."""
        self._check()
        gensim = _require_gensim()
        doc, run, values, doc_ids = self._select(tokens)
        n_docs = len(doc_ids)
        self.phraser_ = None
        if self.bigrams:
            doc, values = self._bigram_terms(doc, run, values, learn=True)
        codes, vocab = pd.factorize(values, sort=True)
        V = len(vocab)
        if V == 0:
            raise InputError("no terms left after selection (check pos/stopwords/min_length); "
                             f"{n_docs} documents, {len(tokens)} tokens")
        # document frequency of each term
        pair = np.unique(doc.astype(np.int64) * V + codes)
        df = np.bincount(pair % V, minlength=V)
        cf = np.bincount(codes, minlength=V)
        keep = df >= _as_count(self.min_df, n_docs)
        keep &= df <= _as_count(self.max_df, n_docs)
        if self.max_terms is not None and keep.sum() > self.max_terms:
            order = np.lexsort((np.arange(V), -cf))
            order = order[keep[order]][: int(self.max_terms)]
            keep = np.zeros(V, dtype=bool)
            keep[order] = True
        if not keep.any():
            raise InputError(f"no term passes min_df={self.min_df} / max_df={self.max_df} in {n_docs} documents; "
                             "lower min_df or raise max_df")
        new_id = np.full(V, -1, dtype=np.int64)
        new_id[keep] = np.arange(int(keep.sum()))
        kept_vocab = np.asarray(vocab, dtype=object)[keep]
        ids = new_id[codes]

        d = gensim.corpora.Dictionary()
        d.token2id = {str(w): i for i, w in enumerate(kept_vocab.tolist())}
        d.dfs = {i: int(v) for i, v in enumerate(df[keep].tolist())}
        d.cfs = {i: int(v) for i, v in enumerate(cf[keep].tolist())}
        d.num_docs = n_docs
        in_dict = ids >= 0
        d.num_pos = int(in_dict.sum())
        d.num_nnz = int(np.unique(doc[in_dict].astype(np.int64) * V + ids[in_dict]).size)
        self.dictionary_ = d
        return _assemble(doc[in_dict], ids[in_dict], kept_vocab, doc_ids, d)

    def transform(self, tokens: "Tokens") -> DocumentTerms:
        """Documents of ``tokens`` as terms of the learnt dictionary (unknown terms are dropped)."""
        if self.dictionary_ is None:
            raise InputError("Terms is not fitted; call fit(tokens) first")
        doc, run, values, doc_ids = self._select(tokens)
        if self.phraser_ is not None:
            doc, values = self._bigram_terms(doc, run, values, learn=False)
        index = pd.Index(list(self.dictionary_.token2id))
        ids = index.get_indexer(values) if values.size else np.zeros(0, dtype=np.int64)
        ok = ids >= 0
        return _assemble(doc[ok], ids[ok], np.asarray(index, dtype=object), doc_ids, self.dictionary_)


def _as_count(value: int | float, n_docs: int) -> float:
    if isinstance(value, float):
        return value * n_docs
    return float(value)


def _assemble(doc: np.ndarray, ids: np.ndarray, vocab: np.ndarray, doc_ids: list[str],
              dictionary: "Dictionary") -> DocumentTerms:
    """Texts and bag-of-words per document from (doc position, term id) arrays in text order."""
    n_docs = len(doc_ids)
    order = np.argsort(doc, kind="stable")
    doc, ids = doc[order], ids[order]
    bounds = np.searchsorted(doc, np.arange(n_docs + 1))
    texts: list[list[str]] = []
    bow: list[list[tuple[int, int]]] = []
    for k in range(n_docs):
        chunk = ids[bounds[k]:bounds[k + 1]]
        texts.append(vocab[chunk].tolist())
        if chunk.size:
            u, c = np.unique(chunk, return_counts=True)
            bow.append(list(zip(u.tolist(), c.tolist())))
        else:
            bow.append([])
    return DocumentTerms(doc_ids, texts, dictionary, bow)


def _progress(items: Any, show: bool, desc: str) -> Any:
    if not show:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=desc, unit="run", leave=False)


def document_terms(tokens: "Tokens", terms: Terms | dict[str, Any] | None = None) -> DocumentTerms:
    """Shortcut: select terms from ``tokens`` with the given settings (a fresh ``Terms`` is fitted)."""
    return Terms.coerce(terms).fit_transform(tokens)
