"""Keyness: which lemmas are typical of one group (a town, an outlet, a year) against another
group or the rest of the corpus.

For each lemma with ``a`` occurrences in the target (``N1`` tokens) and ``b`` in the reference
(``N2`` tokens): expected ``E1 = N1 (a+b) / (N1+N2)``, ``E2 = N2 (a+b) / (N1+N2)``;
``G² = 2 (a ln(a/E1) + b ln(b/E2))`` (Dunning 1993), Pearson ``chi²`` of the same 2×2 table,
``log_ratio = log2((a/N1) / (b/N2))`` with 0.5 added to zero counts (Hardie 2014), p-values from
chi²(1) and Benjamini–Hochberg adjusted ``p_adj`` over all tested lemmas. Lemmas below
``min_count`` in both groups together, or below ``min_target`` in the target, are not tested.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import chi2

from framing._compat import renamed_params
from framing.errors import InputError, ParameterError
from framing.grouping import group_values
from framing.nlp.terms import stopword_mask


def _old_stopwords(stopwords: Any) -> Any:
    """``keyness(stopwords=True/False)`` in its old sense (True: count stopwords), with a warning;
    any other value means the stopword list used, as everywhere."""
    if not isinstance(stopwords, bool):
        return stopwords
    new = "stopwords=[] (no stopword list)" if stopwords else "no stopwords argument (the is_stop flag)"
    warnings.warn(f"keyness(stopwords={stopwords}) is deprecated: in keyness, True used to mean 'count "
                  "stopwords' and False 'drop them', the opposite of every other instrument, where stopwords "
                  f"is the stopword list used. It keeps its old meaning for this release; write {new} "
                  "for the same result, which stays the same after the change", FutureWarning, stacklevel=4)
    return [] if stopwords else None


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (false discovery rate), same order as ``p``."""
    p = np.asarray(p, dtype=float)
    n = len(p)
    if n == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * n / np.arange(1, n + 1)
    adj = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(n)
    out[order] = np.clip(adj, 0, 1)
    return out


@renamed_params(min_freq="min_count")
def keyness(tokens: Any, by: str = "place", target: Any = None, reference: Any = None, *,
            column: str = "lemma", min_count: int = 5, min_target: int = 3,
            stopwords: bool | Iterable[str] | None = None, stopwords_extra: Iterable[str] = (),
            stopwords_remove: Iterable[str] = (), measure: str = "g2", alpha: float = 0.05,
            client: Any = None) -> pd.DataFrame:
    """Lemmas typical of ``target`` (a value of document column ``by``) against ``reference``
    (another value, a list of values, or ``None`` for all other documents).

    Returns one row per tested lemma, sorted by ``measure`` (``"g2"``, ``"chi2"`` or
    ``"log_ratio"``), positive keyness first: ``term``, ``freq_target``, ``freq_reference``,
    ``per_1k_target``, ``per_1k_reference``, ``g2``, ``chi2``, ``log_ratio``, ``p``, ``p_adj``
    (Benjamini–Hochberg), ``significant`` (``p_adj < alpha``) and ``direction``
    (``"target"`` where the lemma is relatively more frequent in the target).
    Punctuation is never counted. ``stopwords`` is the stopword list used, as in every
    instrument (docs/reference/parameters.md): ``None`` (default) drops the tokens flagged
    ``is_stop`` at annotation; a collection of words drops those instead; ``[]`` counts every
    word; ``stopwords_extra``/``stopwords_remove`` adjust the list.

    Deprecated: ``stopwords=True``/``False`` had the opposite sense (``True`` counted stopwords)
    and keep that old meaning for this release, with a ``FutureWarning``: write ``stopwords=[]``
    to count stopwords, and leave ``stopwords`` out to drop them.

    ``client`` (a ``dask.distributed.Client``): the lemmas are counted on its workers, part by
    part, and summed here (:func:`framing.scale.counts.keyness_counts`); ``tokens`` may be a
    tokens folder (:func:`framing.read_tokens`), whose token table is never loaded here. The
    same table.
    """
    from framing.nlp.tokens import Tokens

    if not isinstance(tokens, Tokens):
        raise InputError(f"keyness() takes framing Tokens, not {type(tokens).__name__}")
    _check_measure(measure)
    docs = tokens.docs
    values = group_values(docs, by).astype(object)  # the shared by= (framing.grouping)
    if target is None or not (values == target).any():
        raise ParameterError(f"target {target!r} is not a value of {by!r}; "
                             f"values: {sorted(map(str, values.dropna().unique()))[:20]}")
    in_target = set(docs.loc[values == target, "doc_id"].astype(str))
    if reference is None:
        in_ref = set(docs.loc[values.notna() & (values != target), "doc_id"].astype(str))
    else:
        refs = [reference] if not isinstance(reference, (list, tuple, set)) else list(reference)
        unknown = [r for r in refs if not (values == r).any()]
        if unknown:
            raise ParameterError(f"reference {unknown} not among the values of {by!r}")
        in_ref = set(docs.loc[values.isin(refs), "doc_id"].astype(str))
    stopwords = _old_stopwords(stopwords)
    doc_ids = docs["doc_id"].astype(str)
    codes = np.where(doc_ids.isin(in_target), 0, np.where(doc_ids.isin(in_ref), 1, -1))
    if client is not None:
        uniq, counts = _cluster_counts(tokens, codes, column, stopwords, stopwords_extra, stopwords_remove, client)
    else:  # counted here, so that a stopword warning points at the caller's line
        uniq, counts = group_counts(tokens.table, _token_groups(tokens, codes), column, stopwords, stopwords_extra,
                                    stopwords_remove)
    return keyness_table(uniq, counts[:, 0], counts[:, 1], min_count=min_count, min_target=min_target,
                         measure=measure, alpha=alpha,
                         attrs={"by": by, "target": target,
                                "reference": reference if reference is not None else "rest"})


def keyness_by(tokens: Any, by: str = "place", targets: Iterable[Any] | None = None, *,
               column: str = "lemma", min_count: int = 5, min_target: int = 3,
               stopwords: Iterable[str] | None = None, stopwords_extra: Iterable[str] = (),
               stopwords_remove: Iterable[str] = (), measure: str = "g2", alpha: float = 0.05,
               client: Any = None) -> dict[Any, pd.DataFrame]:
    """Keyness of every value of ``by`` (or of ``targets``) against the rest, counted in one pass.

    Each table equals ``keyness(tokens, by, target=value, ...)`` with the rest as reference, but
    the words are counted once per group for all groups together (with ``client``: one pass over
    the tokens folder's parts, not one per group). A value whose documents have no counted
    tokens is left out (``keyness`` raises for it).
    """
    from framing.nlp.tokens import Tokens

    if not isinstance(tokens, Tokens):
        raise InputError(f"keyness_by() takes framing Tokens, not {type(tokens).__name__}")
    _check_measure(measure)
    docs = tokens.docs
    values = group_values(docs, by).astype(object)
    present = list(pd.unique(values.dropna()))
    wanted = present if targets is None else list(targets)
    unknown = [t for t in wanted if not (values == t).any()]
    if unknown:
        raise ParameterError(f"targets {unknown} are not values of {by!r}; "
                             f"values: {sorted(map(str, present))[:20]}")
    codes_of = {v: i for i, v in enumerate(present)}
    codes = np.fromiter((codes_of.get(v, -1) if not pd.isna(v) else -1 for v in values),
                        dtype=np.int64, count=len(values))
    if isinstance(stopwords, bool):
        raise ParameterError("keyness_by() takes the stopword list used (None: the is_stop flag of annotation; "
                             "[]: no stopwords), not True/False")
    if client is not None:
        uniq, counts = _cluster_counts(tokens, codes, column, stopwords, stopwords_extra, stopwords_remove, client,
                                       n_groups=len(present))
    else:  # counted here, so that a stopword warning points at the caller's line
        uniq, counts = group_counts(tokens.table, _token_groups(tokens, codes), column, stopwords, stopwords_extra,
                                    stopwords_remove, n_groups=len(present))
    total = counts.sum(axis=1)
    out: dict[Any, pd.DataFrame] = {}
    for t in wanted:
        a = counts[:, codes_of[t]]
        if a.sum() == 0 or (total - a).sum() == 0:
            continue
        out[t] = keyness_table(uniq, a, total - a, min_count=min_count, min_target=min_target,
                               measure=measure, alpha=alpha, attrs={"by": by, "target": t, "reference": "rest"})
    return out


def _check_measure(measure: str) -> None:
    if measure not in ("g2", "chi2", "log_ratio"):
        raise ParameterError(f"measure must be one of ['g2', 'chi2', 'log_ratio'], got {measure!r}")


def _cluster_counts(tokens: Any, codes: np.ndarray, column: str, stopwords: Any, stopwords_extra: Iterable[str],
                    stopwords_remove: Iterable[str], client: Any, n_groups: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Word counts per group (``codes``: a group number per document, -1 for none) on the
    workers of ``client``."""
    from framing.scale.counts import keyness_counts

    return keyness_counts(tokens, client, codes, column, stopwords, stopwords_extra, stopwords_remove,
                          n_groups=n_groups)


def _token_groups(tokens: Any, codes: np.ndarray) -> np.ndarray:
    """Each token's group number from its document's (``codes`` in document order)."""
    doc_code = pd.Series(codes, index=tokens.docs["doc_id"].astype(str).to_numpy())
    doc_code = doc_code[~doc_code.index.duplicated()]
    return tokens.table["doc_id"].astype(str).map(doc_code).fillna(-1).to_numpy().astype(np.int64)


def keyness_table(terms: np.ndarray, freq_target: np.ndarray, freq_reference: np.ndarray, *,
                  min_count: int = 5, min_target: int = 3, measure: str = "g2", alpha: float = 0.05,
                  attrs: dict[str, Any] | None = None) -> pd.DataFrame:
    """The keyness table (see :func:`keyness`) from each word's count in target and reference."""
    a, b = np.asarray(freq_target).astype(float), np.asarray(freq_reference).astype(float)
    N1, N2 = int(a.sum()), int(b.sum())
    if N1 == 0 or N2 == 0:
        raise InputError("the target or the reference has no tokens")
    ok = (a + b >= min_count) & (a >= min_target)
    a, b, terms = a[ok], b[ok], np.asarray(terms)[ok]
    tot = a + b
    E1, E2 = N1 * tot / (N1 + N2), N2 * tot / (N1 + N2)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (np.where(a > 0, a * np.log(a / E1), 0) + np.where(b > 0, b * np.log(b / E2), 0))
        c, d = N1 - a, N2 - b
        n = N1 + N2
        chi = n * (a * d - b * c) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
        lr = np.log2(((np.where(a > 0, a, 0.5)) / N1) / ((np.where(b > 0, b, 0.5)) / N2))
    p = chi2.sf(g2, 1)
    direction = np.where(a / N1 >= b / N2, "target", "reference")
    out = pd.DataFrame({"term": terms, "freq_target": a.astype(np.int64), "freq_reference": b.astype(np.int64),
                        "per_1k_target": a / N1 * 1000, "per_1k_reference": b / N2 * 1000, "g2": g2, "chi2": chi,
                        "log_ratio": lr, "p": p, "p_adj": benjamini_hochberg(p), "direction": direction})
    out["significant"] = out["p_adj"] < alpha
    signed = (out[measure] * np.where(out["direction"] == "target", 1, -1) if measure != "log_ratio"
              else out["log_ratio"])
    out = out.iloc[np.argsort(-signed.to_numpy(), kind="stable")].reset_index(drop=True)
    out.attrs.update({**(attrs or {}), "n_target": N1, "n_reference": N2})
    return out


def group_counts(table: pd.DataFrame, grp: np.ndarray, column: str, stopwords: Any, stopwords_extra: Iterable[str],
                 stopwords_remove: Iterable[str], n_groups: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """The words of ``table`` (``column``, else the surface form; no punctuation, no stopwords)
    in order of first appearance, and their counts in each group of ``grp`` (one value per
    token, 0 … ``n_groups`` − 1; -1: none; for :func:`keyness` 0 is the target, 1 the reference)."""
    keep = ~table["is_punct"].fillna(False).to_numpy(dtype=bool)
    keep &= ~stopword_mask(table, stopwords, stopwords_extra, stopwords_remove, column)
    words = table[column].where(table[column].notna(), table["text"]).astype(str)
    sel = keep & (grp >= 0)
    codes, uniq = pd.factorize(words[sel])
    counts = np.zeros((len(uniq), n_groups), dtype=np.int64)
    np.add.at(counts, (codes, grp[sel]), 1)
    return np.asarray(uniq, dtype=object), counts


__all__ = ["keyness", "keyness_by", "keyness_table", "benjamini_hochberg", "group_counts"]
