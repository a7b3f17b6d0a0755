"""Topic coherence with gensim's ``CoherenceModel``, the same way for both engines.

Coherence is computed over the *selected terms* of the fitted documents (``DocumentTerms.texts``,
the same vocabulary the engines saw), so LDA and BERTopic topics are measured on equal terms:

* ``c_npmi`` – normalised PMI of top-term pairs in sliding windows of 10 terms (Bouma 2009;
  Aletras & Stevenson 2013), in [-1, 1]; the measure we report to compare settings;
* ``c_v`` – Röder et al. (2015): NPMI-based context vectors, window 110, cosine; in [0, 1];
* ``u_mass`` – Mimno et al. (2011): document co-occurrence, log conditional probabilities, ≤ 0.

"Overall" is the mean over topics (gensim's aggregation). Topics with fewer than two terms in
the dictionary get NaN.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing._compat import renamed_params
from framing.errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from framing.topics.terms import DocumentTerms

MEASURES: tuple[str, ...] = ("c_v", "c_npmi", "u_mass")
DEFAULT_MEASURES: tuple[str, ...] = ("c_npmi", "c_v", "u_mass")


def check_measures(measures: str | Sequence[str] | None) -> tuple[str, ...]:
    """Normalise a measure name or list of names (``None``/empty → none)."""
    if not measures:
        return ()
    out = (measures,) if isinstance(measures, str) else tuple(measures)
    bad = [m for m in out if m not in MEASURES]
    if bad:
        raise ParameterError(f"unknown coherence measure(s) {bad}; use {MEASURES}")
    return out


@renamed_params(processes="n_process")
def topic_coherence(topics: Sequence[Sequence[str]], documents: "DocumentTerms",
                    measures: str | Sequence[str] = DEFAULT_MEASURES, *, top_n: int = 10,
                    n_process: int = 1, topic_ids: Sequence[int] | None = None,
                    progress: bool = False) -> pd.DataFrame:
    """Coherence of each topic (rows) for each measure (columns).

    ``topics`` are lists of top terms (best first); only the first ``top_n`` terms that are in
    the dictionary are used. ``n_process`` > 1 lets gensim count windows in parallel;
    ``progress`` shows a bar over the measures.
    """
    from framing.topics.base import require

    gensim = require("gensim")
    measures = check_measures(measures)
    ids = list(topic_ids) if topic_ids is not None else list(range(len(topics)))
    token2id = documents.dictionary.token2id
    cleaned = [[w for w in t if w in token2id][:top_n] for t in topics]
    usable = [k for k, t in enumerate(cleaned) if len(t) >= 2]
    out = pd.DataFrame(np.nan, index=pd.Index(ids, name="topic"), columns=list(measures), dtype=float)
    if not usable or not measures:
        return out
    if isinstance(documents.texts, list):
        texts, bow = [t for t in documents.texts if t], [b for b in documents.bow if b]
    else:  # documents streamed from a tokens folder: gensim's accumulators read them in one pass
        texts, bow = _NonEmptyCorpus(documents.texts), _NonEmptyCorpus(documents.bow)
    steps = measures
    if progress:
        from tqdm.auto import tqdm

        steps = tqdm(measures, desc="coherence", unit="measure", leave=False)
    for m in steps:
        cm = gensim.models.CoherenceModel(
            topics=[cleaned[k] for k in usable], texts=texts if m != "u_mass" else None,
            corpus=bow if m == "u_mass" else None, dictionary=documents.dictionary, coherence=m,
            topn=top_n, processes=max(1, int(n_process)))
        values = cm.get_coherence_per_topic()
        out.iloc[usable, out.columns.get_loc(m)] = np.asarray(values, dtype=float)
    return out


class _NonEmptyCorpus:
    """The non-empty documents of a re-iterable sequence, read anew on each iteration."""

    def __init__(self, docs: Any) -> None:
        self.docs = docs

    def __iter__(self) -> Any:
        return (d for d in self.docs if d)


def overall(per_topic: pd.DataFrame) -> pd.Series:
    """Mean coherence over topics for each measure (NaN topics skipped)."""
    return per_topic.mean(axis=0, skipna=True).rename("overall")
