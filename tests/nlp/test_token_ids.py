"""Tokens.ids(): Arrow-encoded ids equal a sorted pandas factorisation, for any mask, cached."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.nlp.tokens import Tokens


def _reference(tok: Tokens, column: str, lowercase: bool, mask):
    """What ids() computed before it used Arrow: pandas factorize(sort=True) of Python strings."""
    t = tok.table
    terms = t[column].fillna(t["text"]).astype(str)
    if lowercase:
        terms = terms.str.lower()
    sel = np.asarray(mask, dtype=bool) if mask is not None else slice(None)
    codes, vocab = pd.factorize(terms.to_numpy(dtype=object)[sel], sort=True)
    ids = np.full(len(t), -1, dtype=np.int64)
    ids[sel] = codes
    return list(vocab), ids.tolist()


@pytest.fixture
def tok() -> Tokens:
    rng = np.random.default_rng(0)
    words = np.array(["Haus", "haus", "Äpfel", "apfel", "Zeit", "Straße", "STRASSE", "İstanbul", "ß",
                      "a", "Z", "é", "e\u0301", "日本"], dtype=object)
    n = 600
    lemma = pd.array(words[rng.integers(0, len(words), n)], dtype="string")
    lemma[rng.integers(0, n, 40)] = pd.NA
    table = pd.DataFrame({"doc_id": np.repeat([f"d{(k * 7) % 6}" for k in range(6)], n // 6),
                          "sent_id": np.tile(np.repeat(np.arange(10), 10), 6),
                          "token_id": np.tile(np.arange(100), 6),
                          "text": words[rng.integers(0, len(words), n)], "lemma": lemma})
    return Tokens(table)


@pytest.mark.parametrize("lowercase", [False, True])
def test_ids_equal_sorted_factorisation(tok: Tokens, lowercase: bool) -> None:
    rng = np.random.default_rng(1)
    for mask in (None, rng.random(len(tok)) > 0.5, np.zeros(len(tok), dtype=bool),
                 tok.table["lemma"].fillna("").str.startswith("H").to_numpy(dtype=bool)):
        view = tok.ids("lemma", lowercase=lowercase, mask=mask)
        vocab, ids = _reference(tok, "lemma", lowercase, mask)
        assert view.vocab.tolist() == vocab
        assert view.ids.tolist() == ids
        assert view.vocab.dtype == object and view.ids.dtype == np.int64


def test_units_and_cache(tok: Tokens) -> None:
    view = tok.ids()
    assert view.doc_ids == ["d0", "d1", "d2", "d3", "d4", "d5"]  # order of first appearance
    assert view.doc_index[:100].tolist() == [0] * 100 and view.doc_index[100] == 1
    assert view.sent_index[:10].tolist() == [0] * 10 and view.sent_index[10] == 1
    assert view.sent_index.max() == 59 and view.position[:3].tolist() == [0, 1, 2]
    again = tok.ids()
    assert again.doc_index is view.doc_index  # kept with the object
    with pytest.raises(ValueError):
        view.doc_index[0] = 5  # shared arrays are read-only
    again.ids[0] = 99  # the ids array is the caller's own
    assert tok.ids().ids[0] != 99


def test_text_fills_missing_and_both_missing(tok: Tokens) -> None:
    t = tok.table.copy()
    t["lemma"] = pd.array([None] * len(t), dtype="string")
    view = Tokens(t).ids()
    assert view.vocab.tolist() == sorted(set(t["text"].tolist()))
    t2 = t.head(3).copy()
    t2["text"] = pd.array(["a", None, "b"], dtype="string")
    view2 = Tokens(t2).ids()
    assert view2.vocab.tolist() == _reference(Tokens(t2), "lemma", False, None)[0]


def test_one_encoding_shared_by_ids_the_selector_and_the_matchers(tok: Tokens) -> None:
    from framing.matching.table import table_codes
    from framing.nlp.codes import column_codes
    from framing.nlp.terms import stopword_mask

    lemma_codes, _ = column_codes(tok.table, "lemma")
    tc = table_codes(tok.table)
    assert tc.lemma_codes is lemma_codes and tc.text_codes is column_codes(tok.table, "text")[0]
    assert tok.ids().doc_index is tok.ids(lowercase=True).doc_index
    # the stopword test runs on the same codes: once per distinct value, as the pandas rule
    stop = stopword_mask(tok.table, ["haus", "ß"])
    low = tok.table[["text", "lemma"]].apply(lambda s: s.str.lower().isin(["haus", "ß"]).fillna(False))
    assert stop.tolist() == low.any(axis=1).tolist()
    # a replaced column is encoded afresh
    before = tok.ids().vocab.tolist()
    tok.table["lemma"] = pd.array(["x"] * len(tok), dtype="string")
    assert column_codes(tok.table, "lemma")[0] is not lemma_codes
    assert tok.ids().vocab.tolist() == ["x"] != before
