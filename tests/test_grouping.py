"""The one ``by=`` resolver shared by every instrument (framing.grouping)."""
from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.errors import ParameterError
from framing.grouping import available, group_keys, group_values, resolve_by

DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["x", "y", "z"], "place": ["Essen", "Altena", None],
                     "date": pd.to_datetime(["2016-02-01", "2016-11-30", "2017-05-01"])})


def test_resolve_by_normalises_and_accepts_the_alias() -> None:
    assert resolve_by(None) is None and resolve_by("corpus") is None
    assert resolve_by("doc") == resolve_by("document") == ["doc"]
    assert resolve_by(("place", "document")) == ["place", "doc"]
    assert resolve_by([]) is None
    with pytest.raises(ParameterError, match=r"^by must be"):
        resolve_by(["place", 3])


def test_group_values_columns_periods_and_doc() -> None:
    assert group_values(DOCS, "doc").tolist() == ["a", "b", "c"]
    assert group_values(DOCS, "year").tolist() == [2016, 2016, 2017]
    assert group_values(DOCS, "quarter").tolist() == ["2016Q1", "2016Q4", "2017Q2"]
    assert group_values(DOCS, "month").tolist() == ["2016-02", "2016-11", "2017-05"]
    keys = group_keys(DOCS, ["place", "year"])
    assert list(keys.columns) == ["place", "year"] and keys["place"].isna().sum() == 1
    assert available(DOCS) == ["doc", "doc_id", "place", "date", "year", "quarter", "month"]


def test_unknown_column_lists_the_available_ones() -> None:
    with pytest.raises(ParameterError, match=r"^by must be one of \['doc', 'doc_id', 'place', 'date', 'year', "
                                             r"'quarter', 'month'\], got 'colour'$"):
        group_values(DOCS, "colour")
    no_date = DOCS.drop(columns="date")
    with pytest.raises(ParameterError, match="got 'year'"):
        group_values(no_date, "year")


def test_every_instrument_uses_the_same_resolver() -> None:
    """The same unknown column gives the same error in the corpus and in each instrument."""
    corpus = framing.Corpus(DOCS.drop(columns="place").assign(place=["Essen", "Altena", "Essen"]))
    assert [k for k, _ in corpus.groupby("quarter")] == ["2016Q1", "2016Q4", "2017Q2"]
    assert [k for k, _ in corpus.groupby("document")] == ["a", "b", "c"]
    with pytest.raises(ParameterError, match="got 'colour'"):
        list(corpus.groupby("colour"))
