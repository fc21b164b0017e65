"""Power indices of the weighted majority game "which coalitions hold a majority of the votes".

Weights are the votes of the lists that take part; a coalition wins with more than half of their
total (strict majority; a coalition with exactly half does not win). Exact: coalitions are
enumerated with numpy bitmasks and the indices are Fractions. Rule ``index.power``.

References: Banzhaf, J. F. (1965), Weighted voting doesn't work: a mathematical analysis,
*Rutgers Law Review* 19, 317-343; Shapley, L. S. & Shubik, M. (1954), A method for evaluating the
distribution of power in a committee system, *American Political Science Review* 48(3),
787-792.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from math import factorial

import numpy as np
import pandas as pd

MAX_PLAYERS = 20


def _coalitions(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(weights)
    if n > MAX_PLAYERS:
        raise ValueError(f"at most {MAX_PLAYERS} lists")
    masks = np.arange(1 << n, dtype=np.int64)
    member = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    return masks, member, member @ weights


def majority_quota(total: int) -> int:
    """The smallest vote total that is more than half of ``total``."""
    return total // 2 + 1


def power_indices(votes: Mapping[str, int]) -> pd.DataFrame:
    """Banzhaf (normalised) and Shapley-Shubik indices, and swing counts, per list (rule
    ``index.power``: Banzhaf 1965, Shapley & Shubik 1954).

    A list *swings* a coalition when the coalition wins with it and loses without it; a list
    with swings is *pivotal* somewhere, a list without is a dummy.
    """
    names = list(votes)
    weights = np.array([votes[k] for k in names], dtype=np.int64)
    n = len(names)
    quota = majority_quota(int(weights.sum()))
    masks, member, totals = _coalitions(weights)
    wins = totals >= quota
    sizes = member.sum(axis=1)
    swings, shapley = [], []
    fact = [factorial(k) for k in range(n + 1)]
    for i in range(n):
        with_i = member[:, i]
        without = masks[with_i] ^ (1 << i)
        swing = wins[with_i] & ~wins[without]
        swings.append(int(swing.sum()))
        s = sizes[with_i][swing] - 1  # members besides i
        counts = np.bincount(s, minlength=n)
        shapley.append(sum(Fraction(int(c) * fact[k] * fact[n - k - 1], fact[n])
                           for k, c in enumerate(counts) if c))
    total_swings = sum(swings)
    banzhaf = [Fraction(sw, total_swings) if total_swings else Fraction(0) for sw in swings]
    return pd.DataFrame({
        "list": names,
        "votes": weights,
        "share": weights / weights.sum(),
        "swings": swings,
        "banzhaf": [float(b) for b in banzhaf],
        "shapley_shubik": [float(x) for x in shapley],
        "pivotal": [sw > 0 for sw in swings],
    })
