"""Keyness: exact counts and G² on a tiny hand-made token table; Benjamini–Hochberg."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing import InputError
from framing.compare.keyness import benjamini_hochberg
from framing.nlp.tokens import Tokens


def _tokens():
    rows = []
    words = {"a": ["Chance"] * 6 + ["Stadt"] * 4, "b": ["Last"] * 6 + ["Stadt"] * 4, "c": ["Stadt"] * 10}
    for d, ws in words.items():
        for i, w in enumerate(ws):
            rows.append({"doc_id": d, "sent_id": 0, "token_id": i, "text": w, "lemma": w, "is_punct": False,
                         "is_stop": False, "start_char": 0, "end_char": 0})
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "place": ["X", "Y", "Y"]})
    return Tokens(pd.DataFrame(rows), docs)


def test_keyness_counts_and_g2():
    k = framing.keyness(_tokens(), by="place", target="X", min_count=1, min_target=1)
    top = k.iloc[0]
    assert top["term"] == "Chance" and top["freq_target"] == 6 and top["freq_reference"] == 0
    a, b, n1, n2 = 6, 0, 10, 20
    e1 = n1 * (a + b) / (n1 + n2)
    assert top["g2"] == pytest.approx(2 * a * np.log(a / e1))
    assert top["direction"] == "target"
    stadt = k.set_index("term").loc["Stadt"]
    assert stadt["freq_target"] == 4 and stadt["freq_reference"] == 14 and stadt["direction"] == "reference"


def test_keyness_reference_and_errors():
    k = framing.keyness(_tokens(), by="place", target="X", reference="Y", min_count=1, min_target=1)
    assert k.attrs["n_reference"] == 20
    with pytest.raises(InputError, match="not a value"):
        framing.keyness(_tokens(), by="place", target="Z")
    with pytest.raises(InputError, match=r"^by must be one of .*got .outlet.$"):
        framing.keyness(_tokens(), by="outlet", target="X")


def test_keyness_by_equals_keyness_per_target():
    tokens = _tokens()
    tables = framing.keyness_by(tokens, by="place", min_count=1, min_target=1)
    assert list(tables) == ["X", "Y"]
    for target, got in tables.items():
        want = framing.keyness(tokens, by="place", target=target, min_count=1, min_target=1)
        pd.testing.assert_frame_equal(got, want)
        assert got.attrs == want.attrs
    # Y against the rest (X): "Last" 6 times in Y only, "Stadt" 14 in Y and 4 in X
    y = tables["Y"].set_index("term")
    assert y.loc["Last", "freq_target"] == 6 and y.loc["Stadt", "freq_reference"] == 4
    assert list(framing.keyness_by(tokens, by="place", targets=["Y"], min_count=1, min_target=1)) == ["Y"]
    with pytest.raises(InputError, match="not values of"):
        framing.keyness_by(tokens, by="place", targets=["Z"])
    with pytest.raises(InputError, match="not True/False"):  # the old inverted keyness(stopwords=True)
        framing.keyness_by(tokens, by="place", stopwords=True)


def test_keyness_by_leaves_out_a_group_without_tokens():
    tokens = _tokens()
    docs = pd.concat([tokens.docs, pd.DataFrame({"doc_id": ["d"], "place": ["W"]})], ignore_index=True)
    tables = framing.keyness_by(Tokens(tokens.table, docs), by="place", min_count=1, min_target=1)
    assert sorted(tables) == ["X", "Y"]


def test_benjamini_hochberg():
    p = np.array([0.01, 0.04, 0.03, 0.2])
    assert np.allclose(benjamini_hochberg(p), [0.04, 0.16 / 3, 0.16 / 3, 0.2])


def _with_stopword():
    tok = _tokens()
    table = tok.table.copy()
    table.loc[table["lemma"] == "Last", "is_stop"] = True   # "Last" is flagged a stopword
    return Tokens(table, tok.docs)


def test_keyness_stopwords_is_the_list_used_as_everywhere():
    tok = _with_stopword()
    kw = dict(by="place", target="X", min_count=1, min_target=0)
    assert "Last" not in set(framing.keyness(tok, **kw)["term"])             # default: the is_stop flag
    assert "Last" in set(framing.keyness(tok, stopwords=[], **kw)["term"])   # no list: every word counts
    with pytest.warns(FutureWarning, match="flagged tokens that are not in your list are kept"):
        own = set(framing.keyness(tok, stopwords=["chance"], **kw)["term"])
    assert "Chance" not in own and "Last" in own                              # the list replaces the flag
    assert "Last" in set(framing.keyness(tok, stopwords_remove=["last"], **kw)["term"])
    assert set(framing.keyness(tok, stopwords_extra=["Chance"], **kw)["term"]) == {"Stadt"}


@pytest.mark.parametrize("old, new", [(True, []), (False, None)])
def test_keyness_old_boolean_stopwords_keep_their_meaning_with_a_warning(old, new):
    tok = _with_stopword()
    kw = dict(by="place", target="X", min_count=1, min_target=0)
    with pytest.warns(FutureWarning, match=r"keyness\(stopwords=.*opposite of every other instrument"):
        before = framing.keyness(tok, stopwords=old, **kw)
    pd.testing.assert_frame_equal(before, framing.keyness(tok, stopwords=new, **kw))
    assert ("Last" in set(before["term"])) is old
