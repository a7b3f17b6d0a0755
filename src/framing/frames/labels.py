"""Topics and network communities labelled with the codebook frames they match.

    model = framing.TopicModel(engine="lda", n_topics=8, random_state=1).fit(tokens)
    label_topics(model, "integration_modes", top_n=30)     # per topic: best frames, score, terms
    G = framing.cooccurrence(tokens).to_graph()            # nodes carry 'community'
    label_communities(G, "integration_modes")

How a topic term matches a frame: the topic's terms are laid out as tokens (one per sentence,
lemma = the term, compound parts from the annotator's splitter) and run through the same
engine as :func:`framing.score_frames` (:func:`framing.frames.scoring.find_frame_hits`), so a
term matches exactly as it would in a text: as lemma, as compound head ("Wirtschaftsflüchtling"
for "Flüchtling"), as compound modifier ("Flüchtlingsunterkunft"), by globs and regular
expressions; a multiword codebook term cannot match a single topic term.

The score of a frame for a topic is the weighted share of the topic's top-``top_n`` term mass it
matches: ``sum(p(term|topic) * codebook weight over matched terms) / sum(p(term|topic))``.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError


def _term_tokens(groups: dict[Any, list[tuple[str, float]]]) -> tuple[pd.DataFrame, list[tuple[Any, str, float]]]:
    """One token per (group, term), each in its own sentence, with the annotator's compound parts."""
    from framing.nlp.compounds import compound_columns
    rows = [(g, str(t), float(w)) for g, terms in groups.items() for t, w in terms if str(t).strip()]
    terms = [t for _, t, _ in rows]
    parts, heads = compound_columns(terms, [t[:1].isupper() for t in terms])
    n = len(rows)
    doc = [f"g{i}" for i in range(n)]
    table = pd.DataFrame({"doc_id": doc, "sent_id": np.zeros(n, np.int64), "token_id": np.zeros(n, np.int64),
                          "text": terms, "lemma": terms, "upos": ["NOUN" if t[:1].isupper() else "X" for t in terms],
                          "is_punct": np.zeros(n, bool), "compound_parts": parts, "compound_head": heads,
                          "start_char": np.zeros(n, np.int64), "end_char": [len(t) for t in terms]})
    return table, rows


def _label(groups: dict[Any, list[tuple[str, float]]], codebook: Any, n_frames: int, kind: str,
           min_score: float, dimension: str | None = None) -> pd.DataFrame:
    from framing.frames.scoring import as_codebook, find_frame_hits
    cb = as_codebook(codebook).select(dimension)
    cols = [kind, "rank", "frame", "score", "n_terms", "terms", "top_terms"]
    table, rows = _term_tokens(groups)
    if not rows:
        return pd.DataFrame(columns=cols)
    hits, _ = find_frame_hits(table, cb, count={k: True for k in ("negated", "distanced", "quoted_speech")},
                              flags=False)
    hits = hits[~hits["exclusion_term"].to_numpy(dtype=bool)]
    total: dict[Any, float] = {}
    for g, _, w in rows:
        total[g] = total.get(g, 0.0) + w
    out = []
    for g in groups:
        top = ", ".join(t for t, _ in groups[g][:8])
        scores = []
        for f in cb.frames:
            h = hits[hits["frame"] == f]
            matched: dict[str, tuple[float, str, str]] = {}
            for pos, term, rule, weight in zip(h["start"], h["term"], h["rule"], h["weight"]):
                gg, t, w = rows[int(pos)]
                if gg != g or t in matched:
                    continue
                matched[t] = (w * float(weight), term, rule)
            if not matched:
                continue
            score = sum(v[0] for v in matched.values()) / total[g] if total[g] > 0 else 0.0
            ev = sorted(matched.items(), key=lambda kv: -kv[1][0])
            scores.append((f, score, len(matched),
                           "; ".join(f"{t} ({term}, {rule})" if t != term else f"{t} ({rule})"
                                     for t, (_, term, rule) in ev)))
        scores.sort(key=lambda s: (-s[1], s[0]))
        kept = [s for s in scores if s[1] >= min_score][:n_frames]
        if not kept:
            out.append({kind: g, "rank": 0, "frame": None, "score": 0.0, "n_terms": 0, "terms": "", "top_terms": top})
        for rank, (f, score, k, evidence) in enumerate(kept, 1):
            out.append({kind: g, "rank": rank, "frame": f, "score": score, "n_terms": k, "terms": evidence,
                        "top_terms": top})
    return pd.DataFrame(out, columns=cols)


def _topic_groups(model_or_terms: Any, top_n: int) -> dict[Any, list[tuple[str, float]]]:
    if isinstance(model_or_terms, pd.DataFrame):
        need = {"topic", "term"}
        if not need <= set(model_or_terms.columns):
            raise InputError(f"a topic-term table needs columns topic and term (and weight); it has "
                             f"{list(model_or_terms.columns)}")
        df = model_or_terms
        w = df["weight"] if "weight" in df.columns else pd.Series(1.0, index=df.index)
        groups: dict[Any, list[tuple[str, float]]] = {}
        for t, term, wt in zip(df["topic"], df["term"], w):
            if len(groups.setdefault(t, [])) < top_n:
                groups[t].append((str(term), float(wt)))
        return groups
    if isinstance(model_or_terms, Mapping):
        groups = {}
        for t, terms in model_or_terms.items():
            if isinstance(terms, Mapping):
                items = sorted(terms.items(), key=lambda kv: -float(kv[1]))
            else:
                items = [(x, 1.0) for x in terms]
            groups[t] = [(str(a), float(b)) for a, b in items[:top_n]]
        return groups
    phi = getattr(model_or_terms, "topic_word_", None)
    if phi is not None and hasattr(model_or_terms, "_vocab"):
        phi = np.asarray(phi)
        vocab = model_or_terms._vocab()
        ids = list(model_or_terms._topic_ids)
        return {t: [(vocab[j], float(phi[i, j])) for j in np.argsort(-phi[i], kind="stable")[:top_n]]
                for i, t in enumerate(ids)}
    if hasattr(model_or_terms, "top_terms"):
        return _topic_groups(model_or_terms.top_terms(top_n), top_n)
    raise InputError(f"label_topics() takes a fitted TopicModel, a topic-term table (topic, term, weight) or a "
                     f"mapping topic -> terms, not {type(model_or_terms).__name__}")


def label_topics(model_or_topic_terms: Any, codebook: Any = "integration_modes", *, top_n: int = 30,
                 n_frames: int = 3, min_score: float = 0.0, dimension: str | None = None) -> pd.DataFrame:
    """Per topic the best-matching codebook frames (up to ``n_frames``), with a score (the weighted
    share of the topic's top-``top_n`` term mass that the frame's terms match) and the matched
    terms as evidence ("Fachkräftemangel (Fachkraft, modifier)").

    ``model_or_topic_terms``: a fitted :class:`framing.TopicModel` (its topic-word distribution),
    a long table with ``topic``, ``term`` and ``weight`` (as ``model.top_terms()``), or a mapping
    topic -> list of terms / {term: weight}. ``dimension`` ("mode") restricts the frames to one
    dimension of the codebook. A topic no frame matches gets one row with
    ``frame`` = None and ``rank`` 0. Columns: topic, rank, frame, score, n_terms, terms, top_terms."""
    if top_n < 1:
        raise InputError(f"top_n must be at least 1, not {top_n!r}")
    return _label(_topic_groups(model_or_topic_terms, top_n), codebook, n_frames, "topic", min_score, dimension)


def label_communities(graph: Any, codebook: Any = "integration_modes", *, attribute: str = "community",
                      weight: str = "frequency", n_frames: int = 3, min_score: float = 0.0,
                      dimension: str | None = None) -> pd.DataFrame:
    """Per community of a term network (node attribute ``attribute``, as written by
    ``framing.cooccurrence(...).to_graph()``) the best-matching frames, scored like
    :func:`label_topics` with each node weighted by its ``weight`` attribute (term frequency; 1
    where missing). The node's ``label`` attribute is used as the term where present (lemma)."""
    groups: dict[Any, list[tuple[str, float]]] = {}
    missing = 0
    for node, data in graph.nodes(data=True):
        c = data.get(attribute)
        if c is None:
            missing += 1
            continue
        term = data.get("label") or node
        groups.setdefault(c, []).append((str(term), float(data.get(weight, 1.0) or 1.0)))
    if not groups:
        raise InputError(f"no node has a {attribute!r} attribute; build the graph with communities "
                         f"(framing.cooccurrence(...).to_graph()) or name the attribute")
    groups = {c: sorted(v, key=lambda tw: (-tw[1], tw[0]))
              for c, v in sorted(groups.items(), key=lambda kv: str(kv[0]))}
    out = _label(groups, codebook, n_frames, "community", min_score, dimension)
    out.insert(1, "n_nodes", out["community"].map({c: len(v) for c, v in groups.items()}))
    out.attrs["nodes_without_community"] = missing
    return out


__all__ = ["label_topics", "label_communities"]
