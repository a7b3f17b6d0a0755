"""Keyword-in-context rows for matches: left context, match, right context in the original spacing,
the sentence, token and character offsets. Shared by frames and kwic (one builder, vectorised
except for one string join per row)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from framing.matching.engine import TokenArrays


def _ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated positions of half-open ranges [lo, hi) and the offsets of each range."""
    lens = np.maximum(hi - lo, 0)
    offsets = np.concatenate([[0], np.cumsum(lens)])
    if offsets[-1] == 0:
        return np.zeros(0, dtype=np.int64), offsets
    pos = np.repeat(lo - offsets[:-1], lens) + np.arange(offsets[-1])
    return pos.astype(np.int64), offsets


def kwic_columns(ta: TokenArrays, start: np.ndarray, end: np.ndarray, width: int = 5,
                 sentence: bool = True) -> pd.DataFrame:
    """One row per match span (row positions, ``end`` inclusive): doc_id, sent_id, token and
    character offsets, ``left``/``match``/``right`` (``width`` tokens each side, within the
    document) and the whole ``sentence``."""
    cols = ["doc_id", "sent_id", "token_start", "token_end", "start_char", "end_char", "left", "match", "right"]
    if sentence:
        cols.append("sentence")
    if len(start) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object if c in ("doc_id", "left", "match", "right", "sentence")
                                          else np.int64) for c in cols})
    t = ta.table
    start = np.asarray(start, dtype=np.int64)
    end = np.asarray(end, dtype=np.int64)
    run = ta.doc[start]
    doc_lo = np.searchsorted(ta.doc, run, side="left")
    doc_hi = np.searchsorted(ta.doc, run, side="right")
    sc = t["start_char"].to_numpy()
    ec = t["end_char"].to_numpy()

    def join(lo: np.ndarray, hi: np.ndarray) -> list[str]:
        pos, off = _ranges(lo, hi)
        if len(pos) == 0:
            return [""] * len(lo)
        words = ta.texts(pos)
        prev = np.maximum(pos - 1, 0)
        space = np.where(sc[pos] >= 0, sc[pos] > ec[prev], ~ta.punct[pos])
        out = []
        for i in range(len(lo)):  # one join per row
            a, b = off[i], off[i + 1]
            out.append("".join((" " if (j > a and space[j]) else "") + (words[j] or "") for j in range(a, b)))
        return out

    data = {
        "doc_id": [ta.doc_ids[r] for r in run],
        "sent_id": t["sent_id"].to_numpy()[start], "token_start": t["token_id"].to_numpy()[start],
        "token_end": t["token_id"].to_numpy()[end], "start_char": sc[start], "end_char": ec[end],
        "left": join(np.maximum(doc_lo, start - width), start), "match": join(start, end + 1),
        "right": join(end + 1, np.minimum(doc_hi, end + 1 + width)),
    }
    if sentence:
        sent = ta.sent[start]
        data["sentence"] = join(np.searchsorted(ta.sent, sent, side="left"),
                                np.searchsorted(ta.sent, sent, side="right"))
    return pd.DataFrame(data)[cols]


__all__ = ["kwic_columns"]
