"""Topic terms of a tokens folder, one part at a time: the same dictionary, bigrams and case map
as the in-memory fit, and documents that are read back from disk on every pass.

:meth:`Terms.fit_transform <framing.topics.terms.Terms.fit_transform>` on a
:class:`~framing.nlp.token_parts.PartitionedTokens` whose token table is not in memory comes
here. Every count of the in-memory fit is a sum over documents, and documents never cross
parts, so the passes below sum them part by part and end in the same state:

1. ``lowercase="merge"``: each part's tokens per spelling (before merging), summed; the map
   is learnt from the sums with the rule of one process
   (:func:`framing.nlp.terms.learn_case_map`);
2. ``bigrams=True``: gensim ``Phrases.add_vocab`` per part (unigram and bigram counts summed;
   equal to one pass as long as gensim does not prune its vocabulary, which it does only above
   ``max_vocab_size``, 40 million entries);
3. each part's terms with their token and document frequencies, summed; pruned by
   ``min_count``/``min_df``/``max_df``/``max_terms`` (:func:`framing.nlp.terms.keep_terms`)
   into the sorted dictionary. The part's terms are written as term ids (int32, text order,
   document offsets) into a temporary folder.

Each pass is a pure function of (part, settings): without a client the parts are read here one
at a time; with a Dask ``client`` (``TopicModel.fit(tokens, client=)``) they run on its workers
(:func:`framing.scale.cluster.run_parts`) and the sums are taken here as the results arrive.

The result, :class:`StreamedDocumentTerms`, iterates over those files on every pass
(``bow``/``texts`` are re-iterable sequences with ``len()``; gensim's LDA and coherence read
them like lists), so at most one part's terms are in memory. Its disk use is 4 bytes per
selected term. The generic and boilerplate words (outlet names) come from the folder's
document table, which is small and read once.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.topics.terms import DocumentTerms, Terms, term_frequencies


def _map(fn: Any, tokens: Any, *args: Any, each: Any, client: Any, show: bool, desc: str) -> None:
    """``each(i, fn(part_i, *args))`` for every part: read here one at a time, or with a Dask
    ``client`` as tasks on its workers (results handed to ``each`` as they arrive)."""
    from framing.scale.cluster import get_client, n_parts_for, run_parts, token_parts

    if client is not None:
        client = get_client(client)
        parts = token_parts(tokens, n_parts_for(tokens.n_docs, client, None))
        run_parts(client, fn, parts, *args, name=f"topics-{desc}", progress=show, each=each)
        return
    parts = tokens.parts
    if show:
        from tqdm.auto import tqdm

        parts = tqdm(parts, desc=f"terms ({desc})", unit="part", leave=False)
    for i, part in enumerate(parts):
        each(i, fn(part, *args))


def _case_counts(spec: Any, terms: Terms) -> pd.Series:
    """Pass 1 of one part: tokens per spelling, before ``lowercase="merge"`` merges them."""
    from framing.scale.cluster import load_tokens

    sel = terms._selection(load_tokens(spec), False, None)
    return pd.Series(sel.frequencies()[0], index=pd.Index(sel.vocab, dtype=object))


def _phrase_counts(spec: Any, terms: Terms, drop: frozenset[str]) -> tuple[dict[str, int], int]:
    """Pass 2 of one part: gensim's unigram and bigram counts of its runs, and its word count."""
    from framing.scale.cluster import load_tokens

    doc, run, values, _ = terms._select(load_tokens(spec), drop=drop)
    phrases = terms._phrases()
    phrases.add_vocab(terms._runs(doc, run, values)[0])
    return phrases.vocab, phrases.corpus_word_count


def _term_codes(spec: Any, terms: Terms, drop: frozenset[str], index: pd.Index | None = None) -> dict[str, Any]:
    """Pass 3 of one part: its terms (bigrams joined) as codes grouped by document, with the
    document offsets and ids; while fitting (``index`` None) codes into the part's sorted terms
    with their token and document frequencies, else dictionary ids of ``index`` (-1 unknown)."""
    from framing.scale.cluster import load_tokens

    doc, run, values, doc_ids = terms._select(load_tokens(spec), drop=drop)
    if terms.phraser_ is not None:
        doc, values = terms._bigram_terms(doc, run, values, learn=False)
    out: dict[str, Any] = {"doc_ids": doc_ids}
    if index is None:
        codes, vocab = pd.factorize(values, sort=True)
        out["vocab"] = np.asarray(vocab, dtype=object)
        out["cf"], out["df"] = term_frequencies(doc, codes, len(vocab))
    else:
        codes = index.get_indexer(pd.Index(values, dtype=object)) if values.size else np.zeros(0, np.int64)
    order = np.argsort(doc, kind="stable")
    out["codes"] = codes[order].astype(np.int32)
    out["offsets"] = np.searchsorted(doc[order], np.arange(len(doc_ids) + 1)).astype(np.int64)
    return out


def _learn_case_map(terms: Terms, tokens: Any, client: Any) -> dict[str, str] | None:
    """Pass 1: the spelling of merged case variants from the summed counts of every part."""
    from framing.nlp.terms import learn_case_map

    if terms.lowercase != "merge":
        return None
    total: list[pd.Series] = []

    def add(i: int, counts: pd.Series) -> None:
        total[:] = [counts if not total else total[0].add(counts, fill_value=0)]

    _map(_case_counts, tokens, terms, each=add, client=client, show=terms.progress, desc="case")
    if not total or not len(total[0]):
        return {}
    return learn_case_map(total[0].index, total[0].to_numpy(dtype=np.int64))


def _learn_phrases(terms: Terms, tokens: Any, drop: frozenset[str], client: Any) -> Any:
    """Pass 2: gensim bigrams, the counts of the parts summed as ``Phrases.add_vocab`` sums them."""
    phrases = terms._phrases()

    def add(i: int, result: tuple[dict[str, int], int]) -> None:
        vocab, words = result
        phrases.corpus_word_count += words
        if not phrases.vocab:
            phrases.vocab = vocab
            return
        for word, count in vocab.items():
            phrases.vocab[word] = phrases.vocab.get(word, 0) + count

    _map(_phrase_counts, tokens, terms, drop, each=add, client=client, show=terms.progress, desc="bigrams")
    return phrases.freeze()


class _Spill:
    """The part files of a :class:`StreamedDocumentTerms` being written: one per part number."""

    def __init__(self) -> None:
        self.store = tempfile.TemporaryDirectory(prefix="framing-terms-")
        self.doc_ids: dict[int, list[str]] = {}

    def path(self, i: int) -> Path:
        return Path(self.store.name) / f"part-{i:05d}.npz"

    def write(self, i: int, ids: np.ndarray, offsets: np.ndarray, doc_ids: list[str]) -> None:
        ids, offsets = _dictionary_ids(ids, offsets)
        np.savez(self.path(i), ids=ids, offsets=offsets)
        self.doc_ids[i] = doc_ids

    def documents(self, terms: Terms, folder: Any) -> "StreamedDocumentTerms":
        if not self.doc_ids:
            raise InputError("no documents in the tokens folder (zero documents is an error)", path=folder)
        order = sorted(self.doc_ids)
        files = [self.path(i) for i in order]
        lengths = []
        for path in files:
            with np.load(path) as f:
                lengths.append(np.diff(f["offsets"]))
        return StreamedDocumentTerms([d for i in order for d in self.doc_ids[i]], terms.dictionary_, files,
                                     [len(self.doc_ids[i]) for i in order], np.concatenate(lengths), self.store)


def fit_parts(terms: Terms, tokens: Any, client: Any = None) -> "StreamedDocumentTerms":
    """:meth:`Terms.fit_transform` part by part (module docstring); with a Dask ``client`` the
    parts are read and counted on its workers (sums reduced here, the same result)."""
    drop = terms._drop_words(tokens.docs)
    terms.phraser_ = None
    terms.case_map_ = _learn_case_map(terms, tokens, client)
    if terms.bigrams:
        terms.phraser_ = _learn_phrases(terms, tokens, drop, client)
    spill = _Spill()
    total: list[pd.DataFrame] = []
    local: dict[int, Path] = {}

    def add(i: int, part: dict[str, Any]) -> None:
        counts = pd.DataFrame({"cf": part["cf"], "df": part["df"]}, index=pd.Index(part["vocab"], dtype=object))
        total[:] = [counts if not total else total[0].add(counts, fill_value=0)]
        local[i] = Path(spill.store.name) / f"local-{i:05d}.npz"
        np.savez(local[i], codes=part["codes"], offsets=part["offsets"], vocab=part["vocab"].astype(str))
        spill.doc_ids[i] = part["doc_ids"]

    _map(_term_codes, tokens, terms, drop, each=add, client=client, show=terms.progress, desc="count")
    if not total:
        raise InputError("no documents in the tokens folder (zero documents is an error)",
                         path=getattr(tokens, "folder", None))
    counts = total[0].sort_index()
    vocab = np.asarray(counts.index, dtype=object)
    keep = terms._learn_dictionary(vocab, counts["cf"].to_numpy(dtype=np.int64),
                                   counts["df"].to_numpy(dtype=np.int64), sum(map(len, spill.doc_ids.values())),
                                   len(tokens))
    index = pd.Index(vocab[keep], dtype=object)
    for i, path in local.items():   # the parts' codes -> dictionary ids, terms outside it dropped
        with np.load(path) as f:
            lut = index.get_indexer(f["vocab"].astype(object)).astype(np.int32)
            spill.write(i, lut[f["codes"]], f["offsets"], spill.doc_ids[i])
        path.unlink()
    return spill.documents(terms, getattr(tokens, "folder", None))


def transform_parts(terms: Terms, tokens: Any, client: Any = None) -> "StreamedDocumentTerms":
    """:meth:`Terms.transform` part by part: each part's terms of the learnt dictionary."""
    drop = terms._drop_words(tokens.docs)
    index = pd.Index(list(terms.dictionary_.token2id), dtype=object)
    spill = _Spill()

    def add(i: int, part: dict[str, Any]) -> None:
        spill.write(i, part["codes"], part["offsets"], part["doc_ids"])

    _map(_term_codes, tokens, terms, drop, index, each=add, client=client, show=terms.progress, desc="apply")
    return spill.documents(terms, getattr(tokens, "folder", None))


def _dictionary_ids(ids: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop the entries without a dictionary id (-1) and move the document offsets with them."""
    ok = np.asarray(ids) >= 0
    kept = np.concatenate([[0], np.cumsum(ok)]).astype(np.int64)
    return np.asarray(ids)[ok].astype(np.int32), kept[offsets]


class _Stream(Sequence):
    """A re-iterable view of the documents of a :class:`StreamedDocumentTerms` (``len`` known;
    each iteration reads the part files again)."""

    def __init__(self, owner: "StreamedDocumentTerms", kind: str) -> None:
        self.owner, self.kind = owner, kind

    def __len__(self) -> int:
        return len(self.owner)

    def __iter__(self) -> Iterator[Any]:
        vocab = self.owner._vocab_array() if self.kind == "texts" else None
        for ids in self.owner._iter_ids():
            if vocab is not None:
                yield vocab[ids].tolist()
            elif ids.size:
                u, c = np.unique(ids, return_counts=True)
                yield list(zip(u.tolist(), c.tolist()))
            else:
                yield []

    def __getitem__(self, item: Any) -> Any:
        positions = np.arange(len(self))[item]
        sub = self.owner.subset(np.atleast_1d(positions))
        out = list(sub.texts if self.kind == "texts" else sub.bow)
        return out if np.ndim(positions) else out[0]


class StreamedDocumentTerms(DocumentTerms):
    """:class:`~framing.topics.terms.DocumentTerms` whose terms stay on disk, one file per part
    of the tokens folder: ``bow`` and ``texts`` read the files on each pass (same documents,
    order and values as the in-memory ``DocumentTerms``). ``doc_ids`` and ``lengths`` are in
    memory (one entry per document). Pickling (``TopicModel.save``) stores the terms in memory
    form. The files are removed when the last object using them is gone."""

    def __init__(self, doc_ids: list[str], dictionary: Any, files: list[Path], sizes: list[int],
                 lengths: np.ndarray, store: Any, positions: np.ndarray | None = None) -> None:
        self._files, self._sizes, self._all_lengths, self._store = files, sizes, lengths, store
        self._positions = positions
        self._vocab: np.ndarray | None = None
        super().__init__(list(doc_ids), _Stream(self, "texts"), dictionary, _Stream(self, "bow"))

    def __len__(self) -> int:
        return len(self.doc_ids)

    @property
    def lengths(self) -> np.ndarray:
        lengths = self._all_lengths
        return lengths if self._positions is None else lengths[self._positions]

    def _vocab_array(self) -> np.ndarray:
        if self._vocab is None:
            inv = {i: w for w, i in self.dictionary.token2id.items()}
            self._vocab = np.array([inv[i] for i in range(len(inv))], dtype=object)
        return self._vocab

    def _iter_ids(self) -> Iterator[np.ndarray]:
        """The dictionary ids of each document (text order), part file by part file."""
        start = 0
        pos = self._positions
        for path, size in zip(self._files, self._sizes):
            if pos is None:
                wanted = range(size)
            else:
                a, b = np.searchsorted(pos, [start, start + size])
                wanted = (pos[a:b] - start).tolist()
            if len(wanted):
                with np.load(path) as f:
                    ids, offsets = f["ids"], f["offsets"]
                for k in wanted:
                    yield ids[offsets[k]:offsets[k + 1]]
            start += size

    def subset(self, index: Sequence[int] | np.ndarray) -> DocumentTerms:
        """The documents at the given positions; in increasing order they stay on disk."""
        idx = np.asarray(index, dtype=np.int64).ravel()
        if idx.size > 1 and not (np.diff(idx) > 0).all():
            return self.materialize().subset(idx)
        full = np.arange(len(self._all_lengths)) if self._positions is None else self._positions
        return StreamedDocumentTerms([self.doc_ids[i] for i in idx.tolist()], self.dictionary, self._files,
                                     self._sizes, self._all_lengths, self._store, full[idx])

    def materialize(self) -> DocumentTerms:
        """The same documents as an in-memory :class:`DocumentTerms` (lists of every document)."""
        return DocumentTerms(list(self.doc_ids), list(self.texts), self.dictionary, list(self.bow))

    def __reduce__(self) -> Any:
        m = self.materialize()
        return (DocumentTerms, (m.doc_ids, m.texts, m.dictionary, m.bow))

    def __repr__(self) -> str:
        return f"<StreamedDocumentTerms: {len(self)} documents, {len(self._files)} part files>"


__all__ = ["StreamedDocumentTerms", "fit_parts", "transform_parts"]
