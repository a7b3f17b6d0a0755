"""Association measures on co-occurrence counts: pure, vectorised functions over 2x2 tables.

Every measure takes the four numbers that describe a pair of terms *a*, *b* (arrays, one entry
per pair) and returns a float array:

=========  ==============================================================================
``o11``    joint frequency: events in which *a* and *b* occur together
``r1``     marginal of *a*: events in which *a* occurs (with anything)
``c1``     marginal of *b*
``n``      the total number of events N
=========  ==============================================================================

From them follows the contingency table (Evert 2008)::

                 b           not b
    a          O11 = o11    O12 = r1 - o11          R1 = r1
    not a      O21 = c1-o11 O22 = n - r1 - c1 + o11 R2 = n - r1
               C1 = c1      C2 = n - c1             N

with expected frequencies ``E_ij = R_i * C_j / N`` under independence.

What an *event* is depends on the counting unit (see :mod:`framing.networks.counting`):

* ``unit="sentence"`` / ``"document"``: an event is one unit. ``o11`` = units that contain both
  terms, ``r1`` = units that contain *a*, ``N`` = number of units. A term repeated inside a
  unit counts once (binary incidence).
* ``unit="window"``: an event is one (ordered) pair of token positions within the window.
  ``o11`` = position pairs with *a* at one end and *b* at the other, ``r1`` = position pairs
  that involve *a* (the row sum of the symmetric count matrix), ``N`` = the sum of all row sums
  (twice the number of unordered position pairs). A term repeated inside a window counts once
  per position pair: in "Flüchtling Chance Flüchtling" (window ≥ 3) the pair
  (Flüchtling, Chance) counts 2.

References
----------
* Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
  lexicography. *Computational Linguistics* 16(1), 22–29.  (PMI)
* Church, K., Gale, W., Hanks, P. & Hindle, D. (1991). Using statistics in lexical analysis.
  In *Lexical Acquisition*, 115–164.  (t-score)
* Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
  *Computational Linguistics* 19(1), 61–74.  (log-likelihood G²)
* Dice, L. R. (1945). Measures of the amount of ecologic association between species.
  *Ecology* 26(3), 297–302; Smadja, F. (1993) Retrieving collocations from text: Xtract.
  *Computational Linguistics* 19(1).  (Dice)
* Rychlý, P. (2008). A lexicographer-friendly association score. *RASLAN 2008*, 6–9.  (logDice)
* Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
  *Proceedings of GSCL*, 31–40.  (NPMI)
* Evert, S. (2008). Corpora and collocations. In Lüdeling & Kytö (eds.), *Corpus Linguistics.
  An International Handbook*, article 58.  (contingency tables, chi², overview)
* Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B* 57(1),
  289–300.  (q-values)
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from framing.errors import ParameterError

ArrayLike = np.ndarray | float | int


def _f(x: ArrayLike) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def expected(r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Expected joint frequency under independence: ``E11 = R1 * C1 / N`` (0 where N = 0)."""
    r1, c1, n = _f(r1), _f(c1), _f(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, r1 * c1 / n, 0.0)


def table(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> tuple[np.ndarray, ...]:
    """The observed cells ``(O11, O12, O21, O22)`` of the 2x2 contingency table."""
    o11, r1, c1, n = _f(o11), _f(r1), _f(c1), _f(n)
    return o11, r1 - o11, c1 - o11, n - r1 - c1 + o11


def count(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Raw joint frequency ``O11`` (as float)."""
    return _f(o11).copy()


def pmi(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Pointwise mutual information ``log2(O11 / E11) = log2(O11 * N / (R1 * C1))``.

    Church & Hanks (1990). 0 = independence, > 0 attraction; ``-inf`` when ``O11 = 0``.
    Favours rare pairs: combine with a minimum count or use NPMI.
    """
    o11, r1, c1, n = _f(o11), _f(r1), _f(c1), _f(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log2(o11) + np.log2(n) - np.log2(r1) - np.log2(c1)


def npmi(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Normalised PMI ``PMI / -log2(O11 / N)``, in [-1, 1].

    Bouma (2009). 1 = the two terms only ever occur together, 0 = independence,
    -1 = never together (``O11 = 0``). When ``O11 = N`` (both in every event) it is 1.
    """
    o11, n_ = _f(o11), _f(n)
    p = pmi(o11, r1, c1, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.log2(o11 / n_)
        out = p / h
    out = np.where(o11 <= 0, -1.0, out)
    return np.where((o11 > 0) & (h <= 0), 1.0, out)


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``scipy.special.xlogy`` (imported on first use: scipy's special/stats modules cost about a
    second of imports that counting alone does not need)."""
    from scipy import special

    return special.xlogy(x, y)


def _stats() -> Any:
    from scipy import stats

    return stats


def log_likelihood(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Dunning's log-likelihood ratio ``G² = 2 * Σ_ij O_ij * ln(O_ij / E_ij)`` over all four cells.

    Dunning (1993). ``0 * ln 0 = 0``. Asymptotically chi²-distributed with 1 degree of freedom
    under independence. Unsigned: it is large for repulsion as well as attraction (check
    ``O11 > E11``, see :func:`attraction`).
    """
    o = table(o11, r1, c1, n)
    r1, c1, n = _f(r1), _f(c1), _f(n)
    r2, c2 = n - r1, n - c1
    with np.errstate(divide="ignore", invalid="ignore"):
        e = (r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n)
    g = np.zeros(np.broadcast(*o).shape)
    for oi, ei in zip(o, e):
        g = g + _xlogy(oi, oi) - _xlogy(oi, ei)
    g = 2.0 * g
    return np.where(n > 0, np.maximum(g, 0.0), 0.0)


g2 = log_likelihood


def chi2(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Pearson's chi² for the 2x2 table, without continuity correction:
    ``N * (O11*O22 - O12*O21)² / (R1 * R2 * C1 * C2)`` (Evert 2008). 0 where a margin is 0.
    """
    o11_, o12, o21, o22 = table(o11, r1, c1, n)
    r1, c1, n = _f(r1), _f(c1), _f(n)
    den = r1 * (n - r1) * c1 * (n - c1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = n * (o11_ * o22 - o12 * o21) ** 2 / den
    return np.where(den > 0, out, 0.0)


def t_score(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """t-score ``(O11 - E11) / sqrt(O11)`` (Church et al. 1991). Favours frequent pairs.
    ``-inf`` is avoided: for ``O11 = 0`` the value is ``-E11`` (denominator taken as 1).
    """
    o11 = _f(o11)
    e11 = expected(r1, c1, n)
    return (o11 - e11) / np.sqrt(np.where(o11 > 0, o11, 1.0))


def dice(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Dice coefficient ``2 * O11 / (R1 + C1)``, in [0, 1] (Dice 1945; Smadja 1993).
    Independent of N, so comparable across corpora of different size."""
    o11, r1, c1 = _f(o11), _f(r1), _f(c1)
    s = r1 + c1
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(s > 0, 2.0 * o11 / s, 0.0)


def log_dice(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """logDice ``14 + log2(Dice)`` (Rychlý 2008): at most 14; ``-inf`` when ``O11 = 0``."""
    with np.errstate(divide="ignore"):
        return 14.0 + np.log2(dice(o11, r1, c1, n))


def attraction(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """True where the pair occurs more often than expected (``O11 > E11``)."""
    return _f(o11) > expected(r1, c1, n)


MEASURES: dict[str, Callable[..., np.ndarray]] = {
    "count": count,
    "pmi": pmi,
    "npmi": npmi,
    "g2": log_likelihood,
    "dice": dice,
    "log_dice": log_dice,
    "t": t_score,
    "chi2": chi2,
}
ALIASES: dict[str, str] = {
    "llr": "g2", "log_likelihood": "g2", "loglik": "g2", "ll": "g2", "t_score": "t",
    "tscore": "t", "chi_squared": "chi2", "x2": "chi2", "logdice": "log_dice", "frequency": "count",
}


def resolve(name: str) -> str:
    """Canonical measure name (``"llr"`` → ``"g2"``); raises
    :class:`~framing.errors.ParameterError` (a ``ValueError``) for unknown names."""
    key = ALIASES.get(name.lower(), name.lower())
    if key not in MEASURES:
        raise ParameterError(f"unknown association measure {name!r}; choose from {sorted(MEASURES)}")
    return key


def compute(name: str, o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Compute a measure by name (see :data:`MEASURES`)."""
    return MEASURES[resolve(name)](o11, r1, c1, n)


# -- significance ---------------------------------------------------------------------------
TESTS = ("g2", "chi2", "fisher")


def p_value(test: str, o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """p-value of the association of each pair.

    ``"g2"`` and ``"chi2"``: two-sided, from the chi² distribution with 1 df;
    ``"fisher"``: one-sided Fisher exact test for attraction, the hypergeometric upper tail
    ``P(X >= O11)`` with ``X ~ Hypergeom(N, R1, C1)`` (exact for sentence/document units).
    For window units the events are not independent (neighbouring windows overlap), so
    p-values there are a ranking device rather than exact error rates.
    """
    test = {"llr": "g2", "log_likelihood": "g2"}.get(test, test)
    if test == "g2":
        return _stats().chi2.sf(log_likelihood(o11, r1, c1, n), 1)
    if test == "chi2":
        return _stats().chi2.sf(chi2(o11, r1, c1, n), 1)
    if test == "fisher":
        o11, r1, c1, n = _f(o11), _f(r1), _f(c1), _f(n)
        return np.clip(_stats().hypergeom.sf(o11 - 1, n, r1, c1), 0.0, 1.0)
    raise ParameterError(f"unknown test {test!r}; choose from {TESTS}")


def fdr_bh(p: ArrayLike) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values) for a family of tests."""
    p = _f(p)
    if p.size == 0:
        return p.copy()
    return _stats().false_discovery_control(np.clip(p, 0.0, 1.0), method="bh")


def two_group_g2(count_a: ArrayLike, n_a: ArrayLike, count_b: ArrayLike, n_b: ArrayLike) -> np.ndarray:
    """G² of the table ``[[count_a, n_a - count_a], [count_b, n_b - count_b]]``: does a pair
    (or a term) occur at a different rate in group A than in group B? Same formula as
    :func:`log_likelihood` with ``O11 = count_a``, ``R1 = count_a + count_b``, ``C1 = n_a``."""
    ca, cb = _f(count_a), _f(count_b)
    return log_likelihood(ca, ca + cb, n_a, _f(n_a) + _f(n_b))


def log_ratio(count_a: ArrayLike, n_a: ArrayLike, count_b: ArrayLike, n_b: ArrayLike,
              smoothing: float = 0.5) -> np.ndarray:
    """Binary log of the ratio of relative frequencies, ``log2((a+s)/n_a / ((b+s)/n_b))``
    (Hardie 2014, "Log Ratio"), with ``s = 0.5`` so that zero counts stay finite."""
    ca, cb, na, nb = _f(count_a), _f(count_b), _f(n_a), _f(n_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log2((ca + smoothing) / np.maximum(na, 1)) - np.log2((cb + smoothing) / np.maximum(nb, 1))
