"""Group networks on a shared vocabulary and the tests for edges/neighbourhoods that differ."""
from __future__ import annotations

import math

import pytest
from scipy import stats

from framing.errors import InputError, ParameterError
from framing.networks.compare import cooccurrence_by, period_bounds
from framing.networks.counting import cooccurrence

FILLER = ["Stadt Rat", "Stadt Rat", "Rat Sitzung"]


@pytest.fixture
def towns(tokens_from):
    """Altena talks about refugees as a chance, Essen-Nord as a burden; the filler is shared."""
    altena = ["Flüchtling Chance"] * 12 + ["Flüchtling Belastung"] * 1 + FILLER * 3 + ["Leerstand Chance"] * 2
    essen = ["Flüchtling Belastung"] * 10 + ["Flüchtling Chance"] * 1 + FILLER * 3 + ["Norden Brennpunkt"] * 2
    docs = {"a1": altena[:20], "a2": altena[20:], "e1": essen[:15], "e2": essen[15:], "x": ["Rat"]}
    meta = {"a1": {"place": "Altena", "date": "2016-05-01"}, "a2": {"place": "Altena", "date": "2017-05-01"},
            "e1": {"place": "Essen-Nord", "date": "2016-06-01"}, "e2": {"place": "Essen-Nord", "date": "2017-02-01"},
            "x": {"place": None, "date": None}}
    return tokens_from(docs, meta=meta)


def test_shared_vocabulary_and_pooled_counts(towns):
    groups = cooccurrence_by(towns, "place")
    assert list(groups) == ["Altena", "Essen-Nord"]
    a, e = groups["Altena"], groups["Essen-Nord"]
    assert list(a.vocab) == list(e.vocab)
    assert a.term_freq[a.index("Norden")] == 0 and e.term_freq[e.index("Norden")] == 2
    assert a.n == 24 and e.n == 22          # sentences per town; the document without a place is left out
    whole = cooccurrence(towns.filter_docs(["a1", "a2", "e1", "e2"]))
    assert list(whole.vocab) == list(groups.vocab)
    assert (groups.total.counts != whole.counts).nnz == 0 and groups.total.n == whole.n
    assert groups.summary()["n_units"].tolist() == [24, 22]
    assert sorted(groups.doc_ids["Altena"]) == ["a1", "a2"]


def test_edge_clearly_stronger_in_one_group(towns):
    groups = cooccurrence_by(towns, "place")
    table = groups.compare("Altena", "Essen-Nord", min_pair_count=3)
    row = table[(table.source == "Chance") & (table.target == "Flüchtling")].iloc[0]
    assert (row.count_a, row.count_b) == (12, 1)
    assert row.rate_a == pytest.approx(12 / 24) and row.rate_b == pytest.approx(1 / 22)
    assert row.log_ratio == pytest.approx(math.log2((12.5 / 24) / (1.5 / 22)))
    g, *_ = stats.chi2_contingency([[12, 24 - 12], [1, 22 - 1]], correction=False, lambda_="log-likelihood")
    assert row.g2 == pytest.approx(g) and row.p == pytest.approx(stats.chi2.sf(g, 1))
    assert row.q < 0.05 and row.stronger_in == "Altena"
    burden = table[(table.source == "Belastung") & (table.target == "Flüchtling")].iloc[0]
    assert burden.stronger_in == "Essen-Nord" and burden.q < 0.05
    filler = table[(table.source == "Rat") & (table.target == "Stadt")].iloc[0]
    assert (filler.count_a, filler.count_b) == (6, 6) and filler.q > 0.5
    assert {"npmi_a", "npmi_b", "group_a", "group_b"} <= set(table.columns)
    # sorted by q: the two framing edges come first
    assert set(map(tuple, table[["source", "target"]].head(2).values)) == {("Chance", "Flüchtling"),
                                                                           ("Belastung", "Flüchtling")}
    assert len(groups.compare("Altena", "Essen-Nord", min_pair_count=3, alpha=0.05)) == 2


def test_compare_all_pairs_and_rest(towns):
    groups = cooccurrence_by(towns, "place")
    both = groups.compare(min_pair_count=3)
    assert set(both.group_a) == {"Altena"} and set(both.group_b) == {"Essen-Nord"}
    rest = groups.compare("Altena", "rest", min_pair_count=3)
    assert set(rest.group_b) == {"rest"} and len(rest) == len(both)


def test_neighbours_per_group(towns):
    groups = cooccurrence_by(towns, "place")
    nb = groups.neighbours("Flüchtling", "count")
    altena = nb[nb.place == "Altena"]
    assert altena.neighbour.tolist() == ["Chance", "Belastung"] and altena["rank"].tolist() == [1, 2]
    assert altena["share"].tolist() == pytest.approx([12 / 13, 1 / 13])
    essen = nb[nb.place == "Essen-Nord"]
    assert essen.neighbour.tolist()[0] == "Belastung"
    with pytest.raises(KeyError):
        groups.neighbours("Zuwanderung")


def test_compare_neighbours_conditional_on_term(towns):
    groups = cooccurrence_by(towns, "place")
    table = groups.compare_neighbours("Flüchtling", "Altena", "Essen-Nord")
    chance = table[table.neighbour == "Chance"].iloc[0]
    # Flüchtling occurs in 13 Altena sentences (12 with Chance) and 11 Essen sentences (1 with Chance)
    assert (chance.count_a, chance.count_b) == (12, 1)
    assert chance.share_a == pytest.approx(12 / 13) and chance.share_b == pytest.approx(1 / 11)
    g, *_ = stats.chi2_contingency([[12, 1], [1, 10]], correction=False, lambda_="log-likelihood")
    assert chance.g2 == pytest.approx(g) and chance.stronger_in == "Altena" and chance.q < 0.05
    assert table.iloc[0].neighbour in {"Chance", "Belastung"}


def test_group_by_year_and_selection(towns):
    years = cooccurrence_by(towns, "year")
    assert list(years) == [2016, 2017]
    only = cooccurrence_by(towns, "place", groups=["Essen-Nord"])
    assert list(only) == ["Essen-Nord"]
    with pytest.raises(InputError, match="no documents"):
        cooccurrence_by(towns, "place", groups=["Dortmund"])
    with pytest.raises(ParameterError, match=r"^by must be one of .*got 'outlet'"):
        cooccurrence_by(towns, "outlet")


def test_window_groups(towns):
    groups = cooccurrence_by(towns, "place", "window", window=2)
    a = groups["Altena"]
    assert a.unit == "window" and a.n == 2 * a.n_units
    table = groups.compare("Altena", "Essen-Nord", min_pair_count=3)
    row = table[(table.source == "Chance") & (table.target == "Flüchtling")].iloc[0]
    # positions run through a document, so window pairs also join neighbouring sentences
    assert row.count_a >= 12 and row.rate_a == pytest.approx(row.count_a / a.n_units)


def test_period_bounds():
    assert period_bounds(2016) == ("2016-01-01", "2016-12-31")
    assert period_bounds("2016-02") == ("2016-02-01", "2016-02-29")
    assert period_bounds("2017-02") == ("2017-02-01", "2017-02-28")
    assert period_bounds("2016-03-05") == ("2016-03-05", "2016-03-05")
    with pytest.raises(ValueError):
        period_bounds("Altena")


def test_compare_needs_same_vocabulary(tokens_from):
    from framing.networks.compare import compare_edges

    a = cooccurrence(tokens_from({"d": ["A B"]}))
    b = cooccurrence(tokens_from({"d": ["A C"]}))
    with pytest.raises(ValueError, match="same vocabulary"):
        compare_edges(a, b)
