"""``framing.cooccurrence(tokens, client=client)``: counts per part, summed exactly.

Two passes over the parts, both on the workers:

1. each part's selected terms with their token and document frequencies (no pruning);
   the client takes the sorted union (the vocabulary a single process would number: ids are
   sorted terms), sums the frequencies and prunes with the same rule
   (:func:`framing.nlp.terms.keep_terms`: ``min_count``, ``min_df``, ``max_terms``);
2. each part counted on that fixed vocabulary (``vocabulary=``), so every part's sparse upper
   triangle has the same rows and columns; the client sums the matrices and the integer
   vectors (term and document frequencies, marginals, units, documents, tokens), and takes the
   main POS of each term from the summed (term x tag) table.

Documents never cross parts, and every count is a sum over documents (units and windows stay
inside a document), so the sums equal the single-process counts.
"""
from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing.errors import ParameterError
from framing.scale.cluster import load_tokens, n_parts_for, run_parts, token_parts


def _selection(spec: Any, mask: np.ndarray | None, options: dict[str, Any], vocabulary: Any = None) -> Any:
    from framing.nlp.terms import select_terms

    return select_terms(load_tokens(spec), mask=mask, vocabulary=vocabulary, **options)


def _terms_part(spec: Any, mask: np.ndarray | None,
                options: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pass 1: (sorted terms, token frequency, document frequency) of one part."""
    from framing.networks.counting import _doc_freq

    sel = _selection(spec, mask, options)
    V = len(sel.vocab)
    valid = sel.ids >= 0
    freq = np.bincount(sel.ids[valid], minlength=V).astype(np.int64)
    return sel.vocab, freq, _doc_freq(sel.ids[valid], sel.doc[valid], V)


def _count_part(spec: Any, mask: np.ndarray | None, options: dict[str, Any], vocab: np.ndarray,
                unit: str, window: int, within_sentence: bool) -> dict[str, Any]:
    """Pass 2: the counts of one part on the global vocabulary (no Python objects per term)."""
    return _counted(_selection(spec, mask, options, vocabulary=vocab), vocab, unit, window, within_sentence)


def _counted(sel: Any, vocab: np.ndarray, unit: str, window: int, within_sentence: bool) -> dict[str, Any]:
    """The counts of one selection (a part, or one group's entries in a part) as sums for the client."""
    from framing.networks.counting import _count, pos_table

    co = _count(sel, unit, window, within_sentence, progress=False, settings={})
    tags = [] if sel.upos_tags is None else list(sel.upos_tags)
    table = pos_table(sel.ids, sel.upos, sel.upos_tags, len(vocab)) if tags else None
    units = sel.sent if unit == "sentence" or (unit == "window" and within_sentence) else sel.doc
    return {"upper": co.upper, "term_freq": co.term_freq, "doc_freq": co.doc_freq, "marginals": co.marginals,
            "n_units": co.n_units, "n_docs": co.n_docs, "n_tokens": co.n_tokens, "entries": len(sel.ids),
            "index_units": int(units.max()) + 1 if units.size else 0,
            "pair_updates": co.settings["pair_updates"], "tags": tags, "pos_table": table}


def _vocabulary(results: list[tuple[np.ndarray, np.ndarray, np.ndarray]], min_count: int, min_df: Any,
                max_terms: int | None, n_docs: int = 0) -> np.ndarray:
    """The sorted union of the parts' terms, pruned on the summed frequencies."""
    from framing.nlp.terms import keep_terms

    vocab = np.array(sorted(set().union(*(r[0].tolist() for r in results))), dtype=object)
    if not (min_count > 1 or min_df != 1 or max_terms is not None) or not len(vocab):
        return vocab
    index = pd.Index(vocab, dtype=object)
    freq = np.zeros(len(vocab), dtype=np.int64)
    doc_freq = np.zeros(len(vocab), dtype=np.int64)
    for terms, f, d in results:
        at = index.get_indexer(terms)
        freq[at] += f
        doc_freq[at] += d
    return vocab[keep_terms(freq, doc_freq, min_count, min_df, max_terms, n_docs=n_docs)]


def _main_pos(results: list[dict[str, Any]], V: int, tags: list[str] | None = None) -> np.ndarray | None:
    """Main POS per term from the summed tables; tags in order of first appearance (in the corpus
    when ``tags`` is given, else in these results), as in one process (ties go to the first)."""
    from framing.networks.counting import main_pos_of

    if tags is None:
        tags = list(dict.fromkeys(t for r in results for t in r["tags"]))
    if not tags:
        return None
    table = np.zeros((V, len(tags)), dtype=np.int64)
    for r in results:
        if r["pos_table"] is not None:
            table[:, [tags.index(t) for t in r["tags"]]] += r["pos_table"]
    return main_pos_of(table, np.asarray(tags, dtype=object))


def _cluster_vocabulary(client: Any, terms_part: Any, parts: list, extra: list, terms: dict[str, Any],
                        vocabulary: Any, n_docs: int, name: str, progress: bool) -> tuple[dict[str, Any], np.ndarray]:
    """Pass 1 of a count on the cluster: the term options each part applies, and the vocabulary —
    the given one, or the terms each part found (``terms_part`` per part with its ``extra``),
    summed and pruned by ``min_count``/``min_df``/``max_terms`` on the client."""
    if terms["lowercase"] == "merge":
        raise ParameterError("lowercase='merge' learns spellings from the whole corpus; with client= use "
                             "lowercase=True or False")
    options = {k: v for k, v in terms.items() if k not in ("min_count", "min_df", "max_terms")}
    if vocabulary is not None:
        return options, np.asarray(list(dict.fromkeys(vocabulary)), dtype=object)
    found = run_parts_masked(client, terms_part, parts, extra, options, name=name, progress=progress)
    return options, _vocabulary(found, terms["min_count"], terms["min_df"], terms["max_terms"], n_docs)


def cooccurrence_on_cluster(tokens: Any, client: Any, *, unit: str, window: int, terms: dict[str, Any],
                            vocabulary: Any, mask: Any, within_sentence: bool, focus: Any,
                            radius: int, progress: bool, partitions: int | None = None) -> Any:
    """The body of ``framing.cooccurrence(tokens, ..., client=client)``; ``tokens`` may also be a
    folder of Parquet token parts (``Tokens.to_parquet`` files) or a list of them."""
    from framing.networks.counting import _check_focus, _settings
    from framing.scale.cluster import get_client

    client = get_client(client)
    n_docs = tokens.n_docs if hasattr(tokens, "n_docs") else 0
    parts = token_parts(tokens, n_parts_for(n_docs, client, partitions) if n_docs else 1)
    masks: list[np.ndarray | None] = [None] * len(parts)
    if mask is not None:
        from framing.nlp.tokens import Tokens

        if not isinstance(tokens, Tokens):
            raise ParameterError("mask= needs Tokens (one value per token; a tokens folder: "
                                 "framing.read_tokens), not Parquet part files")
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (len(tokens),):   # a tokens folder's length is in its manifest: no load
            raise ParameterError(f"mask must have one value per token ({len(tokens)}), got shape {mask.shape}")
        bounds = np.cumsum([0, *[_rows(p) for p in parts]])
        masks = [mask[a:b] for a, b in pairwise(bounds)]
    options, vocab = _cluster_vocabulary(client, _terms_part, parts, masks, terms, vocabulary, n_docs,
                                         "cooccurrence-terms", progress)
    settings = _settings(unit, window, terms, within_sentence, focus, radius)
    _check_focus(settings["focus"], vocab)
    [vocab_future] = client.scatter([vocab], broadcast=True)  # the vocabulary reaches each worker once
    results = run_parts_masked(client, _count_part, parts, masks, options, vocab_future, unit, window,
                               within_sentence, name="cooccurrence", progress=progress)
    return _reduce(results, vocab, unit, window, settings)


def _reduce(results: list[dict[str, Any]], vocab: np.ndarray, unit: str, window: int,
            settings: dict[str, Any], tags: list[str] | None = None) -> Any:
    """One Cooccurrence from the parts' counts on the shared vocabulary: exact sums."""
    from framing.networks.counting import Cooccurrence, _count_dtype

    V = len(vocab)
    n_entries = sum(r["entries"] for r in results)
    bound = 4 * n_entries * (window - 1) if unit == "window" else sum(r["index_units"] for r in results)
    upper = sp.csr_matrix((V, V), dtype=np.int64)
    for r in results:
        upper = upper + r["upper"].astype(np.int64)
    upper = upper.tocsr().astype(_count_dtype(bound))
    upper.sum_duplicates()
    upper.has_sorted_indices = True

    def total(name: str) -> Any:
        return sum(r[name] for r in results)

    settings = {**settings, "pair_updates": int(total("pair_updates"))}
    return Cooccurrence(upper=upper, vocab=vocab, term_freq=total("term_freq"), doc_freq=total("doc_freq"),
                        marginals=total("marginals"), n_units=int(total("n_units")), unit=unit,
                        window=window if unit == "window" else None, pos=_main_pos(results, V, tags),
                        n_docs=int(total("n_docs")), n_tokens=int(total("n_tokens")), settings=settings)


# -- cooccurrence_by -------------------------------------------------------------------------------
def _group_selection(spec: Any, codes: np.ndarray, options: dict[str, Any],
                     vocabulary: Any = None) -> tuple[Any, np.ndarray]:
    """A part's selection over the documents that have a group (``codes``: the group number of
    each of the part's documents, -1 for none) and the group of each selected entry."""
    from framing.nlp.terms import select_terms

    tokens = load_tokens(spec)
    doc_code = dict(zip(tokens.docs["doc_id"].astype(str), codes.tolist()))
    row_code = tokens.table["doc_id"].astype(str).map(doc_code).fillna(-1).to_numpy().astype(np.int64)
    sel = select_terms(tokens, vocabulary=vocabulary, mask=row_code >= 0, **options)
    entry_code = np.array([doc_code.get(d, -1) for d in sel.doc_ids], dtype=np.int64)[sel.doc]
    return sel, entry_code


def _group_terms_part(spec: Any, codes: np.ndarray,
                      options: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pass 1 of cooccurrence_by: the part's selected terms of all groups together."""
    from framing.networks.counting import _doc_freq

    sel, _ = _group_selection(spec, codes, options)
    V = len(sel.vocab)
    valid = sel.ids >= 0
    freq = np.bincount(sel.ids[valid], minlength=V).astype(np.int64)
    return sel.vocab, freq, _doc_freq(sel.ids[valid], sel.doc[valid], V)


def _group_count_part(spec: Any, codes: np.ndarray, options: dict[str, Any], vocab: np.ndarray, unit: str,
                      window: int, within_sentence: bool) -> dict[str, Any]:
    """Pass 2 of cooccurrence_by: each group's counts in the part (groups with documents in it),
    and the part's POS tags in order of first appearance (the ties of the main POS follow it)."""
    sel, entry_code = _group_selection(spec, codes, options, vocabulary=vocab)
    return {"tags": [] if sel.upos_tags is None else list(sel.upos_tags),
            "groups": {int(k): _counted(sel.subset(entry_code == k), vocab, unit, window, within_sentence)
                       for k in sorted(set(codes.tolist()) - {-1})}}


def _coded_parts(tokens: Any, client: Any, codes: np.ndarray) -> tuple[list[Any], list[np.ndarray]]:
    """The part specs of ``tokens`` and the slice of ``codes`` (one per document, in document
    order) that belongs to each part."""
    from framing.nlp.token_parts import PartitionedTokens
    from framing.nlp.tokens import read_token_docs

    n_docs = len(codes)
    parts = token_parts(tokens, n_parts_for(n_docs, client, None) if n_docs else 1)
    manifest_parts = tokens.manifest.get("parts", []) if isinstance(tokens, PartitionedTokens) else []
    if manifest_parts and len(manifest_parts) == len(parts) and all("documents" in p for p in manifest_parts):
        sizes = [int(p["documents"]) for p in manifest_parts]
    else:
        sizes = [len(read_token_docs(Path(p))) if isinstance(p, (str, os.PathLike)) else p.n_docs for p in parts]
    bounds = np.cumsum([0, *sizes])
    if bounds[-1] != n_docs:
        raise ParameterError(f"the parts hold {bounds[-1]} documents, the document table {n_docs}")
    return parts, [np.asarray(codes[a:b], dtype=np.int64) for a, b in pairwise(bounds)]


# -- keyness --------------------------------------------------------------------------------------
def _keyness_part(spec: Any, codes: np.ndarray, column: str, stopwords: Any, stopwords_extra: Any,
                  stopwords_remove: Any, n_groups: int = 2) -> tuple[np.ndarray, np.ndarray]:
    from framing.compare.keyness import group_counts

    tokens = load_tokens(spec)
    doc_code = dict(zip(tokens.docs["doc_id"].astype(str), codes.tolist()))
    grp = tokens.table["doc_id"].astype(str).map(doc_code).fillna(-1).to_numpy().astype(np.int64)
    return group_counts(tokens.table, grp, column, stopwords, stopwords_extra, stopwords_remove, n_groups)


def keyness_counts(tokens: Any, client: Any, codes: np.ndarray, column: str, stopwords: Any,
                   stopwords_extra: Any, stopwords_remove: Any, n_groups: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """:func:`framing.compare.keyness.group_counts` over the whole ``tokens``, part by part on the
    workers (``codes``: a group number per document in document order, -1 for none; for keyness
    0 target and 1 reference): the words in order of first appearance in the corpus (the parts'
    orders joined), counts summed — all groups in one pass over the parts."""
    from framing.scale.cluster import get_client

    client = get_client(client)
    parts, code_parts = _coded_parts(tokens, client, codes)
    results = run_parts_masked(client, _keyness_part, parts, code_parts, column, stopwords,
                               list(stopwords_extra), list(stopwords_remove), n_groups, name="keyness",
                               progress=False)
    words = [u for u, _ in results if len(u)]
    if not words:
        return np.array([], dtype=object), np.zeros((0, n_groups), dtype=np.int64)
    at, uniq = pd.factorize(np.concatenate(words))
    counts = np.zeros((len(uniq), n_groups), dtype=np.int64)
    np.add.at(counts, at, np.concatenate([c for u, c in results if len(u)]))
    return np.asarray(uniq, dtype=object), counts


def cooccurrence_by_on_cluster(tokens: Any, client: Any, codes: np.ndarray, values: list[Any], *, unit: str,
                               window: int, terms: dict[str, Any], vocabulary: Any, within_sentence: bool,
                               settings: dict[str, Any], progress: bool) -> dict[Any, Any]:
    """The counts of ``framing.cooccurrence_by(..., client=client)``: group value → Cooccurrence.

    ``codes``: the group number (index into ``values``) of every document of ``tokens``, in
    document order (-1: no group). Terms are selected over all groups' documents (pass 1, summed
    and pruned on the client); each part counts each of its groups on that vocabulary (pass 2);
    the client sums each group's counts over the parts."""
    from framing.scale.cluster import get_client

    client = get_client(client)
    n_docs = len(codes)
    parts, code_parts = _coded_parts(tokens, client, codes)
    options, vocab = _cluster_vocabulary(client, _group_terms_part, parts, code_parts, terms, vocabulary,
                                         n_docs, "cooccurrence-by-terms", progress)
    [vocab_future] = client.scatter([vocab], broadcast=True)
    results = run_parts_masked(client, _group_count_part, parts, code_parts, options, vocab_future, unit,
                               window, within_sentence, name="cooccurrence-by", progress=progress)
    tags = list(dict.fromkeys(t for r in results for t in r["tags"]))
    return {value: _reduce([r["groups"][k] for r in results if k in r["groups"]], vocab, unit, window,
                           {**settings, "group": value}, tags)
            for k, value in enumerate(values)}


def _rows(part: Any) -> int:
    """Token rows of a part: an in-memory slice, or a Parquet file (from its footer)."""
    if isinstance(part, (str, os.PathLike)):
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(part).metadata.num_rows)
    return len(part)


def run_parts_masked(client: Any, fn: Any, parts: list[Any], masks: list[Any], *args: Any, name: str,
                     progress: bool) -> list[Any]:
    """:func:`run_parts` with one mask slice per part as the second argument."""
    return run_parts(client, _with_mask, list(zip(parts, masks)), fn, *args, name=name, progress=progress)


def _with_mask(part_and_mask: tuple[Any, Any], fn: Any, *args: Any) -> Any:
    part, mask = part_and_mask
    return fn(part, mask, *args)


__all__ = ["cooccurrence_by_on_cluster", "cooccurrence_on_cluster", "keyness_counts"]
