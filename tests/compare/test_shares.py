"""compare_frames: chi² and Cramér's V of frame hits across units, pairwise differences."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import framing
from framing import InputError
from framing.nlp.tokens import Tokens


def _tokens():
    rows = []
    words = {"a1": ["Chance"] * 5 + ["Last"], "a2": ["Chance"] * 4, "b1": ["Last"] * 5, "b2": ["Last"] * 3 + ["Chance"]}
    for d, ws in words.items():
        for i, w in enumerate(ws):
            rows.append({"doc_id": d, "sent_id": i, "token_id": i, "text": w, "lemma": w, "is_punct": False,
                         "is_stop": False, "start_char": 0, "end_char": 0})
    docs = pd.DataFrame({"doc_id": list(words), "place": ["A", "A", "B", "B"]})
    return Tokens(pd.DataFrame(rows), docs)


def test_chi2_and_cramers_v():
    r = framing.score_frames(_tokens(), {"chance": ["Chance"], "burden": ["Last"]}, by="place")
    t = r.table.set_index("place")
    assert list(t["chance"]) == [9, 1] and list(t["burden"]) == [1, 8]
    out = framing.compare_frames(r)
    stat, p, _, _ = chi2_contingency(np.array([[9, 1], [1, 8]]), correction=False)
    assert out.loc[0, "chi2"] == pytest.approx(stat) and out.loc[0, "p"] == pytest.approx(p)
    assert out.loc[0, "cramers_v"] == pytest.approx(np.sqrt(stat / 19))


def test_pairwise_and_errors():
    r = framing.score_frames(_tokens(), {"chance": ["Chance"], "burden": ["Last"]}, by="place")
    pw = framing.compare_frames(r, pairwise=True)
    assert len(pw) == 2 and set(pw["frame"]) == {"chance", "burden"}
    row = pw.set_index("frame").loc["chance"]
    assert row["difference"] == pytest.approx(0.9 - 1 / 9)
    with pytest.raises(InputError, match="grouped"):
        framing.compare_frames(framing.score_frames(_tokens(), {"c": ["Chance"]}, by=None))
