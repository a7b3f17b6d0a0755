"""Lexicon expansion: candidate terms for a frame, for the researcher to accept or reject.

    expand_frame(tokens, "integration_modes", "opportunity")                       # co-occurrence
    expand_frame(tokens, "integration_modes", "opportunity", method="word2vec")    # embeddings

Every token the frame's terms match (with the codebook's own rules: inflection, compound head and
modifier, phrases, globs; excluded hits do not count) is replaced by one marker token
``⟨frame:NAME⟩``. Candidates are then the lemmas most associated with the marker:

* ``"cooccurrence"``: :func:`framing.cooccurrence` by sentence, ranked by NPMI with the marker
  (``measure=``: any co-occurrence measure, e.g. ``"g2"``, ``"log_ratio"``), with the count of
  shared sentences;
* ``"word2vec"``: gensim Word2Vec (skip-gram) trained on the corpus's lemma sentences with the
  marker in place (``random_state`` as seed, ``workers=1``: deterministic), ranked by cosine
  similarity to the marker.

Terms the frame already matches never come back (they are the marker). Nothing is added to the
codebook: read the candidates with :func:`framing.kwic` and add the ones that fit.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from framing._compat import renamed_params
from framing.errors import InputError, check_positive

METHODS = ("cooccurrence", "word2vec")
DEFAULT_POS = ("NOUN", "PROPN", "ADJ", "VERB")


def _marked(tokens: Any, codebook: Any, frame: str) -> tuple[Any, str, int]:
    """The tokens with every counted hit of ``frame`` replaced by the marker lemma."""
    from framing.frames.codebook import Codebook
    from framing.frames.scoring import as_codebook, find_frame_hits
    from framing.nlp.tokens import Tokens
    cb = as_codebook(codebook)
    if frame not in cb.frames:
        raise InputError(f"the codebook {cb.name!r} has no frame {frame!r}; frames: {list(cb.frames)}")
    one = Codebook([cb[frame]], name=cb.name, version=cb.version, context=cb.context, count=cb.count)
    hits, ta = find_frame_hits(tokens.table, one, flags=False)
    hits = hits[hits["counted"].to_numpy(dtype=bool)]
    table = ta.table.copy()
    marker = f"⟨frame:{frame}⟩"
    pos = np.zeros(len(table), dtype=bool)
    for s, e in zip(hits["start"].to_numpy(np.int64), hits["end"].to_numpy(np.int64)):
        pos[s:e + 1] = True
    lemma = table["lemma"].astype(object).to_numpy().copy()
    lemma[pos] = marker
    table["lemma"] = lemma
    if "upos" in table.columns:
        upos = table["upos"].astype(object).to_numpy().copy()
        upos[pos] = "NOUN"
        table["upos"] = upos
    if "is_stop" in table.columns:
        table["is_stop"] = np.where(pos, False, table["is_stop"].to_numpy(dtype=bool))
    for c in ("compound_parts", "compound_head"):
        if c in table.columns:
            v = table[c].astype(object).to_numpy().copy()
            v[pos] = None
            table[c] = v
    return Tokens(table, tokens.docs, tokens.meta), marker, int(len(hits))


@renamed_params(n="top_n")
def expand_frame(tokens: Any, codebook: Any, frame: str, *, method: str = "cooccurrence", top_n: int = 30,
                 min_count: int = 3, pos: Iterable[str] | None = DEFAULT_POS, measure: str = "npmi",
                 random_state: int = 0, vector_size: int = 100, window: int = 5, epochs: int = 20) -> pd.DataFrame:
    """Up to ``top_n`` candidate terms for ``frame``, best first: ``term``, ``score`` (NPMI or the
    chosen ``measure``; cosine similarity for word2vec), ``count`` (the term's frequency),
    ``shared`` (sentences shared with the frame's hits; cooccurrence only), ``method``.
    ``min_count``: candidates occur at least this often; ``pos``: UPOS tags candidates may have
    (None: all). ``attrs["n_hits"]`` is the number of frame hits the candidates were found from."""
    from framing.nlp.tokens import Tokens
    if not isinstance(tokens, Tokens):
        raise InputError(f"expand_frame() takes framing Tokens, not {type(tokens).__name__}")
    if method not in METHODS:
        raise InputError(f"method must be one of {METHODS}, not {method!r}")
    check_positive("top_n", top_n)
    marked, marker, n_hits = _marked(tokens, codebook, frame)
    cols = ["term", "score", "count", "shared", "method"]
    if n_hits == 0:
        out = pd.DataFrame(columns=cols)
        out.attrs["n_hits"] = 0
        return out
    pos_t = tuple(pos) if pos is not None else None
    if method == "cooccurrence":
        from framing.networks.counting import cooccurrence
        co = cooccurrence(marked, unit="sentence", pos=list(pos_t) if pos_t else None, min_count=1,
                          progress=False)
        if marker not in co:
            out = pd.DataFrame(columns=cols)
            out.attrs["n_hits"] = n_hits
            return out
        nb = co.neighbours(marker, measure=measure, top_n=None, min_pair_count=1)
        terms = co.terms()
        freq = dict(zip(terms["term"].astype(str), terms["frequency"]))
        nb = nb.drop(columns=["term"]).rename(columns={"neighbour": "term", "count": "shared"})
        nb["count"] = [int(freq.get(str(w), 0)) for w in nb["term"]]
        nb = nb[nb["count"] >= min_count]
        score_col = [c for c in nb.columns if c not in ("term", "shared", "count", "share")]
        nb["score"] = nb[score_col[-1]] if score_col else nb["shared"]
        nb["method"] = "cooccurrence"
        out = nb.sort_values(["score", "term"], ascending=[False, True], kind="stable")[cols].head(top_n)
    else:
        try:
            from gensim.models import Word2Vec
        except ImportError:
            raise InputError("method='word2vec' needs gensim (pip install 'framing[topics]')") from None
        t = marked.table
        keep = ~t["is_punct"].to_numpy(dtype=bool)
        if pos_t is not None and "upos" in t.columns:
            up = t["upos"].astype(object).to_numpy()
            keep &= np.isin(up, list(pos_t)) | (t["lemma"].astype(object).to_numpy() == marker)
        sub = t.loc[keep, ["doc_id", "sent_id", "lemma"]]
        sentences = [list(map(str, g)) for _, g in sub.groupby(["doc_id", "sent_id"], sort=False)["lemma"]]
        model = Word2Vec(sentences, vector_size=vector_size, window=window, min_count=min_count, sg=1,
                         seed=int(random_state), workers=1, epochs=epochs)
        if marker not in model.wv:
            out = pd.DataFrame(columns=cols)
            out.attrs["n_hits"] = n_hits
            return out
        sims = model.wv.most_similar(marker, topn=top_n)
        counts = {w: model.wv.get_vecattr(w, "count") for w, _ in sims}
        out = pd.DataFrame({"term": [w for w, _ in sims], "score": [float(s) for _, s in sims],
                            "count": [counts[w] for w, _ in sims], "shared": pd.NA, "method": "word2vec"})
    out = out.reset_index(drop=True)
    out.attrs["n_hits"] = n_hits
    out.attrs["frame"] = frame
    return out


__all__ = ["expand_frame", "METHODS"]
