"""Disproportionality of a composition: vote shares against seat shares.

Gallagher (least squares): sqrt(½ Σ (v_i − s_i)²); Loosemore-Hanby: ½ Σ |v_i − s_i|; both in
percentage points, over every list with votes or seats. Votes of lists that are not listed (local
lists without a mayor) form one "others" entry with no seats. Rule ``index.disproportionality``.

References: Gallagher, M. (1991), Proportionality, disproportionality and electoral systems,
*Electoral Studies* 10(1), 33-51; Loosemore, J. & Hanby, V. J. (1971), The theoretical limits of
maximum distortion, *British Journal of Political Science* 1(4), 467-477.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..rules.composition import Composition


@dataclass(frozen=True)
class Disproportionality:
    gallagher: float
    loosemore_hanby: float


def indices(vote_shares: list[float], seat_shares: list[float]) -> Disproportionality:
    """Both indices for matching lists of shares (fractions); results in percentage points
    (rule ``index.disproportionality``: Gallagher 1991, Loosemore & Hanby 1971)."""
    diffs = [100 * (v - s) for v, s in zip(vote_shares, seat_shares, strict=True)]
    return Disproportionality(gallagher=math.sqrt(sum(d * d for d in diffs) / 2),
                              loosemore_hanby=sum(abs(d) for d in diffs) / 2)


def disproportionality(comp: Composition) -> Disproportionality:
    """Indices for a KKR: each list's share of the region's votes against its share of seats."""
    seated = sum(r.total for r in comp.rows) or 1
    total = comp.total_votes or 1
    votes = [r.votes / total for r in comp.rows]
    seats = [r.total / seated for r in comp.rows]
    others = 1 - sum(votes)
    if others > 1e-12:
        votes.append(others)
        seats.append(0.0)
    return indices(votes, seats)
