"""Association measures on a hand-computed 2x2 table, edge cases, and on counted corpora.

The table used throughout: O11 = 10, R1 = 20, C1 = 30, N = 100, so

              b     ¬b
      a      10     10   | 20
      ¬a     20     60   | 80
             30     70   | 100

and the expected frequencies are E11 = 6, E12 = 14, E21 = 24, E22 = 56.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from framing.networks import measures as M
from framing.networks.counting import cooccurrence

T = (10, 20, 30, 100)


def test_table_and_expected():
    assert [float(x) for x in M.table(*T)] == [10, 10, 20, 60]
    assert float(M.expected(20, 30, 100)) == 6.0


def test_count():
    assert float(M.count(*T)) == 10.0


def test_pmi():
    assert float(M.pmi(*T)) == pytest.approx(math.log2(10 / 6))          # 0.73697
    assert float(M.pmi(6, 20, 30, 100)) == pytest.approx(0.0)            # independence


def test_npmi():
    assert float(M.npmi(*T)) == pytest.approx(math.log2(10 / 6) / -math.log2(10 / 100))  # 0.22185
    assert float(M.npmi(0, 20, 30, 100)) == -1.0                         # never together
    assert float(M.npmi(20, 20, 20, 100)) == pytest.approx(1.0)          # always together
    assert float(M.npmi(5, 5, 5, 5)) == 1.0                              # O11 = N


def test_log_likelihood_by_hand_and_scipy():
    by_hand = 2 * (10 * math.log(10 / 6) + 10 * math.log(10 / 14) + 20 * math.log(20 / 24)
                   + 60 * math.log(60 / 56))
    assert float(M.log_likelihood(*T)) == pytest.approx(by_hand)           # 4.47335
    g, *_ = stats.chi2_contingency([[10, 10], [20, 60]], correction=False, lambda_="log-likelihood")
    assert float(M.g2(*T)) == pytest.approx(g)
    # empty cells: 0 * ln 0 = 0
    assert float(M.g2(20, 20, 20, 40)) == pytest.approx(2 * 40 * math.log(2))


def test_chi2_by_hand_and_scipy():
    assert float(M.chi2(*T)) == pytest.approx(100 * (10 * 60 - 10 * 20) ** 2 / (20 * 80 * 30 * 70))  # 4.7619
    x2, *_ = stats.chi2_contingency([[10, 10], [20, 60]], correction=False)
    assert float(M.chi2(*T)) == pytest.approx(x2)
    assert float(M.chi2(5, 10, 10, 10)) == 0.0                           # a margin of 0 (R2 = 0)


def test_t_score():
    assert float(M.t_score(*T)) == pytest.approx((10 - 6) / math.sqrt(10))  # 1.26491


def test_dice_and_log_dice():
    assert float(M.dice(*T)) == pytest.approx(2 * 10 / (20 + 30))        # 0.4
    assert float(M.log_dice(*T)) == pytest.approx(14 + math.log2(0.4))   # 12.678


def test_vectorised_and_by_name():
    o = np.array([10, 6, 1])
    out = M.compute("llr", o, np.array([20, 20, 1]), np.array([30, 30, 1]), 100)
    assert out.shape == (3,) and out[0] == pytest.approx(M.g2(*T))
    assert M.resolve("t_score") == "t" and M.resolve("LogDice") == "log_dice"
    with pytest.raises(ValueError, match="unknown association measure"):
        M.resolve("zscore_bogus")


def test_attraction():
    assert M.attraction(*T) and not M.attraction(5, 20, 30, 100)


def test_p_values():
    assert float(M.p_value("g2", *T)) == pytest.approx(stats.chi2.sf(M.g2(*T), 1))
    assert float(M.p_value("chi2", *T)) == pytest.approx(stats.chi2.sf(M.chi2(*T), 1))
    fisher = stats.fisher_exact([[10, 10], [20, 60]], alternative="greater").pvalue
    assert float(M.p_value("fisher", *T)) == pytest.approx(fisher)       # 0.030696
    with pytest.raises(ValueError):
        M.p_value("wilcoxon", *T)


def test_benjamini_hochberg_by_hand():
    # sorted p 0.01, 0.03, 0.04, 0.2 (m = 4): p*m/rank = 0.04, 0.06, 0.0533, 0.2, then running minimum
    q = M.fdr_bh([0.01, 0.04, 0.03, 0.2])
    assert q.tolist() == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.2])
    assert M.fdr_bh([]).size == 0


def test_two_group_and_log_ratio():
    # 30 of 100 sentences in A, 10 of 200 in B
    g = float(M.two_group_g2(30, 100, 10, 200))
    ref, *_ = stats.chi2_contingency([[30, 70], [10, 190]], correction=False, lambda_="log-likelihood")
    assert g == pytest.approx(ref)
    assert float(M.log_ratio(30, 100, 10, 200)) == pytest.approx(math.log2((30.5 / 100) / (10.5 / 200)))


def test_measures_on_counted_sentences(tokens_from):
    # 4 sentences; A in 3, B in 2, both in 2
    c = cooccurrence(tokens_from({"d": ["A B", "A B", "A C", "D"]}), "sentence")
    assert c.n == 4
    o11, r1, c1, n = (x[0] if np.ndim(x) else x for x in c.contingency())
    assert (o11, r1, c1, n) == (2, 3, 2, 4)
    df = c.to_frame(["pmi", "npmi", "g2", "dice", "t", "chi2", "log_dice"])
    row = df[(df.source == "A") & (df.target == "B")].iloc[0]
    assert row["pmi"] == pytest.approx(math.log2(2 * 4 / (3 * 2)))
    assert row["npmi"] == pytest.approx(math.log2(8 / 6) / -math.log2(2 / 4))
    assert row["dice"] == pytest.approx(2 * 2 / 5)
    assert row["t"] == pytest.approx((2 - 1.5) / math.sqrt(2))
    assert row["chi2"] == pytest.approx(4 * (2 * 1 - 1 * 0) ** 2 / (3 * 1 * 2 * 2))


def test_window_contingency_uses_pair_events(tokens_from):
    # window=2 over "A B C": pairs A-B, B-C; events are ordered pairs, N = 4
    c = cooccurrence(tokens_from({"d": ["A B C"]}), "window", window=2)
    o11, r1, c1, n = c.contingency()
    assert o11.tolist() == [1, 1] and r1.tolist() == [1, 2] and c1.tolist() == [2, 1] and n == 4
    assert c.measure("pmi").tolist() == pytest.approx([math.log2(1 * 4 / (1 * 2))] * 2)
