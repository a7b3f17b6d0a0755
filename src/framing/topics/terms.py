"""Term selection for topic models: which tokens of a :class:`~framing.nlp.tokens.Tokens` table
become the "words" a topic model sees.

Both engines fit on the same :class:`DocumentTerms` (documents as lists of selected terms plus a
gensim ``Dictionary``), so that LDA and BERTopic topics are made of the same vocabulary and their
coherence can be compared.

Selection: the one term selector of framing (:func:`framing.nlp.terms.select_terms`) with the
settings it shares with co-occurrence networks, so that the same settings give the same
vocabulary (docs/reference/parameters.md):

1. drop punctuation and stopwords (``stopwords``: the list used; ``None``, the default: the
   ``is_stop`` flag of annotation; ``stopwords_extra``/``stopwords_remove`` adjust it), keep the
   parts of speech in ``pos`` (``"auto"``: nouns, proper nouns, adjectives where the tokens carry
   POS tags; no POS filter for untagged, ``profile="fast"`` tokens);
2. case: ``lowercase="merge"`` (default) counts case variants of a lemma as one term ("Neu" at a
   sentence start and "neu"), shown in its most frequent spelling ("Flüchtling", "ÖVP", "neu");
   ``True`` lower-cases everything, ``False`` keeps every spelling apart;
3. optionally replace compounds by their head or parts (``compounds="head"|"parts"``);

then the filters of topic models only, on the terms:

4. numbers (terms without a letter, or starting with a digit: "2016", "2:1", "1990er",
   "15-Jährige"; "G20" stays) and terms shorter than ``min_length``;
5. *press-generic* words (``generic=True``: :data:`GENERIC_TERMS` – time words, weekdays
   and months, ordinals, number words, evaluative all-purpose adjectives such as "neu", "gut",
   "groß", agency credits) and *boilerplate*: the names of the outlets in the document metadata
   (``boilerplate=True``; "derStandard.at" drops "derStandard" and "Standard");
6. optionally join frequent bigrams (gensim ``Phrases``, NPMI scoring). Phrases are learnt only
   from runs of tokens that were *adjacent in the text* and both selected, so a removed stopword
   never glues two words together ("Rat der Stadt" does not become "Rat_Stadt");
7. drop terms below ``min_count`` tokens, in fewer than ``min_df`` or more than ``max_df``
   documents (an int is a count, a float a fraction, as in scikit-learn; ``min_df="auto"`` is
   0.5 % of the documents, at least 2 and at most 20), then keep at most ``max_terms`` (most
   frequent): the pruning rule of co-occurrence too (:func:`framing.nlp.terms.keep_terms`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing.errors import InputError, NotFittedError, ParameterError, check_choice
from framing.nlp.terms import (
    COMPOUND_MODES,
    CONTENT_POS,  # noqa: F401  (re-exported: framing.topics.terms.CONTENT_POS)
    auto_min_df,
    check_frequency,
    check_lowercase,
    keep_terms,
    select_terms,
)

if TYPE_CHECKING:  # pragma: no cover
    from gensim.corpora import Dictionary

    from framing.nlp.tokens import Tokens

#: a number: no letter at all ("2016", "3,5", "12:30") or a digit first ("1990er", "15-Jährige")
_NUMBER = r"^(?:[^\w]|[\d_])*$|^\d"

#: Press-generic German lemmas (lower case), dropped by ``generic=True``. They occur in articles of
#: every desk and topic, so topic models make "Jahr · neu · gut" topics out of them: time words,
#: weekdays and months, ordinals and number words, all-purpose adjectives and nouns, forms of
#: address ("Damen und Herren" in speeches and minutes) and the credits of news agencies. Content
#: words that are frequent in *one* corpus ("Stadt" in local
#: news) are not listed: ``max_df`` and distinctiveness-weighted labels deal with those.
GENERIC_TERMS: frozenset[str] = frozenset("""
jahr monat woche tag stunde minute sekunde uhr zeit zeitpunkt zeitraum heute gestern morgen abend nacht
wochenende jahrhundert jahrzehnt anfang beginn ende mitte
montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
januar jänner februar feber märz april mai juni juli august september oktober november dezember
erst zweit dritt viert fünft sechst siebt acht neunt zehnt letzt letzter vergangen kommend nächst
million milliarde tausend hundert dutzend mal hälfte drittel viertel
neu alt gut besser best schlecht groß klein hoch niedrig weit lang kurz viel wenig ganz ander anderer
weiter weitere eigen bisherig derzeitig aktuell möglich bestimmt gewiss gewiß klar deutlich stark
schwer leicht früh spät nah genau einzeln gleich ähnlich wichtig rund knapp gering gesamt allgemein
jung einfach echt richtig falsch sogenannt zahlreich verschieden einig
teil grund fall art weise seite rahmen angabe bereich zahl beispiel stück reihe sache punkt
herr dame
apa dpa afp reuters ap kna epd sid ddp ots
""".split())


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
    texts: Sequence[list[str]]
    dictionary: "Dictionary"
    bow: Sequence[list[tuple[int, int]]]

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
    stopwords: bool | Iterable[str] | None = None
    generic: bool | Iterable[str] = True
    boilerplate: bool | Iterable[str] = True
    lowercase: bool | str = "merge"
    min_length: int = 2
    drop_numbers: bool = True
    compounds: str = "keep"
    min_df: int | float | str = "auto"
    max_df: int | float = 0.5
    max_terms: int | None = None
    bigrams: bool = False
    bigram_min_count: int = 5
    bigram_threshold: float = 0.5
    progress: bool = False
    stopwords_extra: Iterable[str] = ()
    stopwords_remove: Iterable[str] = ()
    min_count: int = 1
    # learned state
    dictionary_: Any = field(default=None, init=False, repr=False, compare=False)
    phraser_: Any = field(default=None, init=False, repr=False, compare=False)
    case_map_: Any = field(default=None, init=False, repr=False, compare=False)
    min_df_: int | None = field(default=None, init=False, repr=False, compare=False)

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
                raise ParameterError(f"unknown term settings {sorted(unknown)}; known are {sorted(known)}")
            return cls(**terms)
        raise ParameterError(f"terms must be a framing.topics.Terms, a dict or None, got {type(terms).__name__}")

    def settings(self) -> dict[str, Any]:
        """The settings as a plain dict (for reports and saved models)."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        for name in ("stopwords", "generic", "boilerplate", "stopwords_extra", "stopwords_remove"):
            if out[name] is not None and not isinstance(out[name], bool):
                out[name] = sorted(out[name])
        return out

    def _check(self) -> None:
        check_choice("compounds", self.compounds, COMPOUND_MODES)
        check_lowercase(self.lowercase)
        check_frequency(self.min_count, self.min_df, self.max_df, self.max_terms)
        for name in ("generic", "boilerplate"):
            if isinstance(getattr(self, name), str):
                raise ParameterError(f"{name} takes True/False or a collection of words, not a single string")

    # -- selection -----------------------------------------------------------------------------
    def _generic_set(self) -> frozenset[str]:
        if self.generic is False or self.generic is None:
            return frozenset()
        if self.generic is True:
            return GENERIC_TERMS
        return frozenset(GENERIC_TERMS | {str(w).strip().lower() for w in self.generic if str(w).strip()})

    def _boilerplate_set(self, docs: pd.DataFrame) -> frozenset[str]:
        """Outlet names from the document metadata, whole and word by word (lower case)."""
        if self.boilerplate is False or self.boilerplate is None:
            return frozenset()
        names: set[str] = set()
        if self.boilerplate is not True:
            names |= {str(w) for w in self.boilerplate}
        if "outlet" in docs.columns:
            names |= {str(v) for v in docs["outlet"].dropna().unique()}
        return frozenset(w for name in names for w in boilerplate_words(name))

    def _drop_words(self, docs: pd.DataFrame) -> frozenset[str]:
        """The generic and boilerplate words (lower case) of a corpus with document table ``docs``."""
        return self._generic_set() | self._boilerplate_set(docs)

    def _topic_filter(self, vocab: np.ndarray, drop: frozenset[str]) -> np.ndarray:
        """Bool per term: not a number, long enough, not generic, not boilerplate (topics only)."""
        terms = pd.Series(vocab, dtype=object).astype(str)
        keep = np.ones(len(terms), dtype=bool)
        if drop:
            keep &= ~terms.str.lower().isin(drop).to_numpy(dtype=bool)
        if self.drop_numbers:
            keep &= ~terms.str.match(_NUMBER).fillna(False).to_numpy(dtype=bool)
        if self.min_length > 1:
            keep &= (terms.str.len() >= self.min_length).to_numpy(dtype=bool)
        return keep

    def _selection(self, tokens: "Tokens", lowercase: bool | str, case_map: dict[str, str] | None) -> Any:
        """The one term selector with these settings (:func:`framing.nlp.terms.select_terms`)."""
        return select_terms(tokens, column=self.column, lowercase=lowercase, pos=self.pos,
                            stopwords=self.stopwords, stopwords_extra=self.stopwords_extra,
                            stopwords_remove=self.stopwords_remove, compounds=self.compounds,
                            case_map=case_map)

    def _select(self, tokens: "Tokens", *, learn: bool = False, drop: frozenset[str] | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """Selected terms as parallel arrays: document position, run id, term string, and the doc ids.

        The one term selector (:func:`framing.nlp.terms.select_terms`), then the topic filters.
        A *run* is a stretch of selected tokens that were adjacent in one sentence (for bigrams).
        ``learn``: learn the spelling of merged case variants (``lowercase="merge"``). ``drop``:
        the generic and boilerplate words (default: of ``tokens``' own documents; one part of a
        tokens folder gets those of the whole corpus).
        """
        sel = self._selection(tokens, self.lowercase, None if learn else self.case_map_)
        if learn:
            self.case_map_ = sel.case_map
        sel = sel.compact(self._topic_filter(sel.vocab, self._drop_words(tokens.docs) if drop is None else drop))
        doc_ids = [str(d) for d in tokens.docs["doc_id"].tolist()]
        at = pd.Index(doc_ids).get_indexer([str(d) for d in sel.doc_ids]) if sel.doc_ids else np.zeros(0, np.int64)
        doc = at[sel.doc] if sel.doc.size else sel.doc
        idx = np.flatnonzero((sel.ids >= 0) & (doc >= 0))
        assert sel.row is not None  # select_terms always sets it
        row, sent, position = sel.row[idx], sel.sent[idx], sel.position[idx]
        # runs of adjacent selected tokens: parts of one compound, or the next token of the sentence
        new_run = np.ones(idx.size, dtype=bool)
        if idx.size > 1:
            new_run[1:] = ~((row[1:] == row[:-1]) | ((row[1:] == row[:-1] + 1) & (sent[1:] == sent[:-1])
                                                     & (position[1:] == position[:-1] + 1)))
        run = np.cumsum(new_run) - 1
        return doc[idx].astype(np.int64), run, np.asarray(sel.vocab, dtype=object)[sel.ids[idx]], doc_ids

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
            phrases = self._phrases()
            phrases.add_vocab(_progress(runs, self.progress, "bigrams (learn)"))
            self.phraser_ = phrases.freeze()
        joined = self._phrase_runs(list(_progress(runs, self.progress, "bigrams (apply)")))
        lens = np.fromiter((len(r) for r in joined), dtype=np.int64, count=len(joined))
        flat = np.fromiter((w for r in joined for w in r), dtype=object, count=int(lens.sum()))
        return np.repeat(run_doc, lens), flat

    def _phrases(self) -> Any:
        """An empty gensim ``Phrases`` with the bigram settings (learns with ``add_vocab``)."""
        gensim = _require_gensim()
        return gensim.models.phrases.Phrases(min_count=self.bigram_min_count, threshold=self.bigram_threshold,
                                             scoring="npmi", delimiter="_")

    def _learn_dictionary(self, vocab: np.ndarray, cf: np.ndarray, df: np.ndarray, n_docs: int,
                          n_tokens: int) -> np.ndarray:
        """Prune the terms (``vocab`` sorted, with token and document frequencies) and set
        ``dictionary_``; returns the bool per term of ``vocab`` that is kept."""
        gensim = _require_gensim()
        V = len(vocab)
        if V == 0:
            raise InputError("no terms left after selection (check pos/stopwords/min_length); "
                             f"{n_docs} documents, {n_tokens} tokens")
        self.min_df_ = auto_min_df(n_docs) if self.min_df == "auto" else None
        keep = keep_terms(cf, df, self.min_count, self.min_df, self.max_terms, max_df=self.max_df, n_docs=n_docs)
        if not keep.any():
            raise InputError(f"no term passes min_count={self.min_count} / min_df={self.min_df} / "
                             f"max_df={self.max_df} in {n_docs} documents; lower min_df or raise max_df")
        kept_vocab = np.asarray(vocab, dtype=object)[keep]
        d = gensim.corpora.Dictionary()
        d.token2id = {str(w): i for i, w in enumerate(kept_vocab.tolist())}
        d.dfs = {i: int(v) for i, v in enumerate(df[keep].tolist())}
        d.cfs = {i: int(v) for i, v in enumerate(cf[keep].tolist())}
        d.num_docs = n_docs
        d.num_pos = int(cf[keep].sum())       # selected terms in the dictionary
        d.num_nnz = int(df[keep].sum())       # distinct (document, term) pairs of them
        self.dictionary_ = d
        return keep

    # -- fit / transform -----------------------------------------------------------------------
    def fit(self, tokens: "Tokens", *, client: Any = None) -> "Terms":
        """Learn bigrams (if asked) and the dictionary from ``tokens``."""
        self.fit_transform(tokens, client=client)
        return self

    def fit_transform(self, tokens: "Tokens", *, client: Any = None) -> DocumentTerms:
        """Learn bigrams and the dictionary, and return the documents as terms.

        A tokens folder (:class:`~framing.nlp.token_parts.PartitionedTokens` not loaded) is read
        one part at a time and gives a :class:`~framing.topics.streamed.StreamedDocumentTerms`
        with the same dictionary, bigrams and case map (:mod:`framing.topics.streamed`); with a
        Dask ``client`` the parts (of a folder, or slices of in-memory tokens) are read and
        counted on its workers, with the same result."""
        self._check()
        if client is not None or _is_folder(tokens):
            from framing.topics.streamed import fit_parts

            return fit_parts(self, tokens, client)
        doc, run, values, doc_ids = self._select(tokens, learn=True)
        n_docs = len(doc_ids)
        self.phraser_ = None
        if self.bigrams:
            doc, values = self._bigram_terms(doc, run, values, learn=True)
        codes, vocab = pd.factorize(values, sort=True)
        cf, df = term_frequencies(doc, codes, len(vocab))
        keep = self._learn_dictionary(np.asarray(vocab, dtype=object), cf, df, n_docs, len(tokens))
        new_id = np.full(len(vocab), -1, dtype=np.int64)
        new_id[keep] = np.arange(int(keep.sum()))
        ids = new_id[codes]
        in_dict = ids >= 0
        return _assemble(doc[in_dict], ids[in_dict], np.asarray(vocab, dtype=object)[keep], doc_ids,
                         self.dictionary_)

    def transform(self, tokens: "Tokens", *, client: Any = None) -> DocumentTerms:
        """Documents of ``tokens`` as terms of the learnt dictionary (unknown terms are dropped;
        a tokens folder or a ``client``: part by part, as :meth:`fit_transform`)."""
        if self.dictionary_ is None:
            raise NotFittedError("Terms is not fitted; call fit(tokens) first")
        if client is not None or _is_folder(tokens):
            from framing.topics.streamed import transform_parts

            return transform_parts(self, tokens, client)
        doc, run, values, doc_ids = self._select(tokens)
        if self.phraser_ is not None:
            doc, values = self._bigram_terms(doc, run, values, learn=False)
        index = pd.Index(list(self.dictionary_.token2id))
        ids = index.get_indexer(values) if values.size else np.zeros(0, dtype=np.int64)
        ok = ids >= 0
        return _assemble(doc[ok], ids[ok], np.asarray(index, dtype=object), doc_ids, self.dictionary_)


def term_frequencies(doc: np.ndarray, codes: np.ndarray, V: int) -> tuple[np.ndarray, np.ndarray]:
    """Tokens and documents per term code (``doc``: document position of each term)."""
    if V == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pair = np.unique(doc.astype(np.int64) * V + codes)
    return np.bincount(codes, minlength=V), np.bincount(pair % V, minlength=V)


def _is_folder(tokens: "Tokens") -> bool:
    """A tokens folder whose token table is not in memory (read it part by part)."""
    return hasattr(tokens, "iter_parts") and not getattr(tokens, "loaded", True)


def boilerplate_words(name: str) -> list[str]:
    """An outlet name and its words, lower case: "derStandard.at" → derstandard.at, derstandard,
    standard; "Westdeutsche Allgemeine Zeitung" → the name, westdeutsche, allgemeine, zeitung.
    Words are split at non-letters and at lower→upper case changes; words under 3 letters are
    not used on their own ("at")."""
    import re

    name = str(name).strip()
    if not name:
        return []
    out = [name.lower()]
    for chunk in re.split(r"[^\w]+|_", name):
        if not chunk:
            continue
        parts = [chunk] + re.findall(r"[A-ZÄÖÜ]?[a-zäöüß]+|[A-ZÄÖÜ]+(?![a-zäöüß])", chunk)
        out.extend(p.lower() for p in parts if len(p) >= 3 and not p.isdigit())
    return list(dict.fromkeys(out))


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
