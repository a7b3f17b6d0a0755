"""Topic tables by group and time, and representative documents (exact shapes)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.errors import InputError, ParameterError
from framing.topics import LdaTopicModel, representative_docs, topics_by_group, topics_over_time


@pytest.fixture(scope="module")
def model(toy_tokens) -> LdaTopicModel:
    return LdaTopicModel(n_topics=3, random_state=1, progress=False, coherence=None).fit(toy_tokens)


def test_topics_by_group_shapes_and_values(model) -> None:
    table = model.topics_by("place")
    assert table.shape == (3, 3) and table.index.name == "place"
    assert list(table.index) == ["Altena", "Essen-Altenessen", "Essen-Hörsterfeld"]
    assert np.allclose(table.sum(axis=1), 1.0)
    assert (table.max(axis=1) > 0.9).all()                       # each town is one topic here
    long = model.topics_by("place", long=True)
    assert long.shape == (9, 5) and list(long.columns) == ["place", "topic", "label", "share", "n_docs"]
    assert (long["n_docs"] == 20).all()
    assert model.topics_by("year").shape == (4, 3)


def test_topics_over_time_shapes(model) -> None:
    table = model.topics_over_time("year")
    assert table.shape == (4, 3) and list(table.index) == ["2015", "2016", "2017", "2018"]
    assert model.topics_over_time("month").shape[0] == 12        # the toy data spans 12 distinct months
    both = model.topics_over_time("year", by="place")
    assert both.shape == (12, 3) and both.index.names == ["place", "period"]
    long = model.topics_over_time("quarter", long=True)
    assert set(long.columns) == {"period", "topic", "label", "share", "n_docs"}
    with pytest.raises(InputError):
        model.topics_over_time("week")


def test_missing_values_are_left_out() -> None:
    theta = pd.DataFrame([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], index=pd.Index(["a", "b", "c"], name="doc_id"),
                         columns=[0, 1])
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "place": ["X", None, "X"],
                         "date": pd.to_datetime(["2016-01-01", "2017-05-01", None])})
    assert topics_by_group(theta, docs, "place").to_dict("index") == {"X": {0: 0.75, 1: 0.25}}
    assert list(topics_over_time(theta, docs, "year").index) == ["2016", "2017"]
    with pytest.raises(ParameterError, match=r"^by must be one of .*'place'.*got 'outlet_x'"):
        topics_by_group(theta, docs, "outlet_x")


def test_group_sizes_travel_with_the_wide_table_and_a_label_column_groups() -> None:
    theta = pd.DataFrame([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], index=pd.Index(["a", "b", "c"], name="doc_id"),
                         columns=[0, 1])
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "label": ["Sport", "Kultur", "Sport"]})
    wide = topics_by_group(theta, docs, "label")
    assert wide.attrs["n_docs"] == {"Kultur": 1, "Sport": 2}     # a heatmap shows n from here
    topics = pd.DataFrame({"topic": [0, 1], "label": ["Spiel · Sieg", "Theater · Bühne"]})
    long = topics_by_group(theta, docs, "label", long=True, topics=topics)
    assert list(long.columns) == ["label", "topic", "topic_label", "share", "n_docs"]
    assert long.loc[(long["label"] == "Sport") & (long["topic"] == 0), "topic_label"].item() == "Spiel · Sieg"


def test_representative_docs(model) -> None:
    rep = model.representative_docs(top_n=4)
    assert rep.shape == (12, 8)                                 # + place, outlet, date (no titles here)
    assert list(rep.columns[:5]) == ["topic", "label", "rank", "doc_id", "proportion"]
    for _, group in rep.groupby("topic"):
        assert list(group["rank"]) == [1, 2, 3, 4]
        assert group["proportion"].is_monotonic_decreasing
        assert group["place"].nunique() == 1
    direct = representative_docs(model.doc_topics_, model.docs_, None, 1, columns=())
    assert direct.shape == (3, 5)
