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
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.topics.terms import DocumentTerms, Terms, term_frequencies

if TYPE_CHECKING:  # pragma: no cover
    from framing.nlp.tokens import Tokens


def _parts(tokens: Any, show: bool, desc: str) -> Iterator["Tokens"]:
    parts = tokens.iter_parts()
    if not show:
        return parts
    from tqdm.auto import tqdm

    return iter(tqdm(parts, total=len(tokens.parts), desc=desc, unit="part", leave=False))


def _part_terms(terms: Terms, part: "Tokens", drop: frozenset[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """One part's terms (bigrams joined): document position and term per entry, and doc ids."""
    doc, run, values, doc_ids = terms._select(part, drop=drop)
    if terms.phraser_ is not None:
        doc, values = terms._bigram_terms(doc, run, values, learn=False)
    return doc, values, doc_ids


def _learn_case_map(terms: Terms, tokens: Any) -> dict[str, str] | None:
    """Pass 1: the spelling of merged case variants from the summed counts of every part."""
    from framing.nlp.terms import learn_case_map

    if terms.lowercase != "merge":
        return None
    total: pd.Series | None = None
    for part in _parts(tokens, terms.progress, "terms (case)"):
        sel = terms._selection(part, False, None)
        counts = pd.Series(sel.frequencies()[0], index=pd.Index(sel.vocab, dtype=object))
        total = counts if total is None else total.add(counts, fill_value=0)
    if total is None or not len(total):
        return {}
    return learn_case_map(total.index, total.to_numpy(dtype=np.int64))


def _learn_phrases(terms: Terms, tokens: Any, drop: frozenset[str]) -> Any:
    """Pass 2: gensim bigrams, the vocabulary counted part by part (``Phrases.add_vocab``)."""
    phrases = terms._phrases()
    for part in _parts(tokens, terms.progress, "terms (bigrams)"):
        doc, run, values, _ = terms._select(part, drop=drop)
        runs, _ = terms._runs(doc, run, values)
        phrases.add_vocab(runs)
    return phrases.freeze()


def _sorted_codes(doc: np.ndarray, codes: np.ndarray, n_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes grouped by document (text order kept) and the document offsets."""
    order = np.argsort(doc, kind="stable")
    offsets = np.searchsorted(doc[order], np.arange(n_docs + 1)).astype(np.int64)
    return codes[order], offsets


def fit_parts(terms: Terms, tokens: Any) -> "StreamedDocumentTerms":
    """:meth:`Terms.fit_transform` of a tokens folder, part by part (module docstring)."""
    drop = terms._drop_words(tokens.docs)
    terms.phraser_ = None
    terms.case_map_ = _learn_case_map(terms, tokens)
    if terms.bigrams:
        terms.phraser_ = _learn_phrases(terms, tokens, drop)
    store = tempfile.TemporaryDirectory(prefix="framing-terms-")
    total: pd.DataFrame | None = None
    files: list[Path] = []
    doc_ids: list[str] = []
    sizes: list[int] = []
    for i, part in enumerate(_parts(tokens, terms.progress, "terms (count)")):
        doc, values, ids = _part_terms(terms, part, drop)
        codes, vocab = pd.factorize(values, sort=True)
        cf, df = term_frequencies(doc, codes, len(vocab))
        counts = pd.DataFrame({"cf": cf, "df": df}, index=pd.Index(vocab, dtype=object))
        total = counts if total is None else total.add(counts, fill_value=0)
        local, offsets = _sorted_codes(doc, codes, len(ids))
        path = Path(store.name) / f"part-{i:05d}.npz"
        np.savez(path, codes=local.astype(np.int32), offsets=offsets,
                 vocab=np.asarray(vocab, dtype=object).astype(str))
        files.append(path)
        doc_ids.extend(ids)
        sizes.append(len(ids))
    if total is None:
        raise InputError("no documents in the tokens folder (zero documents is an error)", path=tokens.folder)
    total = total.sort_index()
    vocab = np.asarray(total.index, dtype=object)
    keep = terms._learn_dictionary(vocab, total["cf"].to_numpy(dtype=np.int64),
                                   total["df"].to_numpy(dtype=np.int64), len(doc_ids), len(tokens))
    index = pd.Index(vocab[keep], dtype=object)
    lengths = []
    for path in files:   # local codes -> dictionary ids, the terms outside the dictionary dropped
        with np.load(path) as f:
            lut = index.get_indexer(f["vocab"].astype(object)).astype(np.int32)
            ids, offsets = _dictionary_ids(lut[f["codes"]], f["offsets"])
        np.savez(path, ids=ids, offsets=offsets)
        lengths.append(np.diff(offsets))
    return StreamedDocumentTerms(doc_ids, terms.dictionary_, files, sizes, np.concatenate(lengths), store)


def transform_parts(terms: Terms, tokens: Any) -> "StreamedDocumentTerms":
    """:meth:`Terms.transform` of a tokens folder: each part's terms of the learnt dictionary."""
    drop = terms._drop_words(tokens.docs)
    index = pd.Index(list(terms.dictionary_.token2id), dtype=object)
    store = tempfile.TemporaryDirectory(prefix="framing-terms-")
    files: list[Path] = []
    doc_ids: list[str] = []
    sizes: list[int] = []
    lengths = []
    for i, part in enumerate(_parts(tokens, terms.progress, "terms (apply)")):
        doc, values, ids = _part_terms(terms, part, drop)
        codes = index.get_indexer(values).astype(np.int32) if values.size else np.zeros(0, np.int32)
        local, offsets = _sorted_codes(doc, codes, len(ids))
        known, offsets = _dictionary_ids(local, offsets)
        path = Path(store.name) / f"part-{i:05d}.npz"
        np.savez(path, ids=known, offsets=offsets)
        files.append(path)
        doc_ids.extend(ids)
        sizes.append(len(ids))
        lengths.append(np.diff(offsets))
    if not files:
        raise InputError("no documents in the tokens folder (zero documents is an error)", path=tokens.folder)
    return StreamedDocumentTerms(doc_ids, terms.dictionary_, files, sizes, np.concatenate(lengths), store)


def _dictionary_ids(ids: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop the entries without a dictionary id (-1) and move the document offsets with them."""
    ok = ids >= 0
    kept = np.concatenate([[0], np.cumsum(ok)]).astype(np.int64)
    return ids[ok].astype(np.int32), kept[offsets]


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
