"""Choosing the number of topics: fit one model per k and tabulate coherence (and perplexity).

Terms are selected once and every k is fitted on the same documents with the same
``random_state``. For LDA, perplexity is measured on held-out documents (``holdout`` share,
drawn with ``random_state``); coherence on the documents the model was fitted on. Read the table
for a k where NPMI coherence is high and stops rising, then look at the topics themselves: no
number replaces reading them.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing.errors import ParameterError
from framing.topics.base import engine_class
from framing.topics.coherence import DEFAULT_MEASURES, check_measures, overall
from framing.topics.terms import Terms

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from framing.nlp.tokens import Tokens


def sweep_topics(tokens: "Tokens", ks: Sequence[int] = (5, 10, 15, 20, 25, 30), *, engine: str = "lda",
                 terms: Terms | dict[str, Any] | None = None,
                 measures: str | Sequence[str] = DEFAULT_MEASURES, holdout: float = 0.1,
                 random_state: int | None = 0, progress: bool = True, **settings: Any) -> pd.DataFrame:
    """One row per k: ``k``, ``n_topics`` (found; BERTopic may find fewer), one column per
    coherence measure (mean over topics), ``perplexity`` (LDA, held out) and ``fit_s``."""
    measures = check_measures(measures)
    if not ks:
        raise ParameterError("give at least one number of topics in ks")
    if not 0.0 <= holdout < 0.5:
        raise ParameterError(f"holdout must be in [0, 0.5), got {holdout}")
    selector = Terms.coerce(terms)
    dt = selector.fit_transform(tokens)
    full = dt.subset(np.flatnonzero(dt.lengths > 0))
    train, test = full, None
    if engine == "lda" and holdout > 0 and len(full) >= 10:
        rng = np.random.default_rng(random_state)
        perm = rng.permutation(len(full))
        n_test = max(1, int(round(holdout * len(full))))
        test, train = full.subset(np.sort(perm[:n_test])), full.subset(np.sort(perm[n_test:]))
    docs = tokens.docs
    cls = engine_class(engine)
    rows = []
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(ks), desc=f"sweep ({engine})", unit="k")
    try:
        for k in ks:
            t0 = time.perf_counter()
            model = cls(n_topics=int(k), coherence=measures, random_state=random_state, progress=False, **settings)
            model.fit(train, docs=docs)
            row: dict[str, Any] = {"k": int(k), "n_topics": model.n_topics_}
            row.update(overall(model.coherence_).to_dict() if model.coherence_ is not None else {})
            if engine == "lda":
                row["perplexity"] = model.perplexity(test if test is not None else None)
            row["fit_s"] = time.perf_counter() - t0
            rows.append(row)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    table = pd.DataFrame(rows)
    table.attrs.update({"engine": engine, "n_docs": len(train), "holdout_docs": 0 if test is None else len(test)})
    return table


def plot_sweep(table: pd.DataFrame, ax: Any = None) -> "Figure":
    """Coherence measures (and perplexity, on a second axis) against k."""
    from framing.topics.plot import plot_sweep as _plot

    return _plot(table, ax=ax)
