"""Exact vote margins of a KKR seat: the one core behind ``kkr margins`` and the runner-up row
of ``kkr explain`` (rule ``kkr.margins``).

A margin is found by recomputing the whole composition (threshold, council-seat rule, mayors as
minimums, cap and size included) with the list's votes changed, never by a quotient formula:
a formula misses a last seat that is a mayor's seat, a cap that binds or a list crossing the
threshold (KL's love § 15, stk. 2; forretningsorden § 3, stk. 2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from fractions import Fraction

from ..apportion import Method
from ..search import first_true
from .composition import KKR_METHOD, THRESHOLD, compose
from .lists import RegionTally


def with_votes(tally: RegionTally, name: str, delta: int) -> RegionTally:
    """The tally with ``delta`` votes more (or fewer) for ``name``, and in the region's total."""
    lists = tuple(replace(t, votes=t.votes + delta) if t.list == name else t
                  for t in tally.lists)
    return replace(tally, lists=lists, total_votes=tally.total_votes + delta)


def smallest_delta(holds: Callable[[int], bool], limit: int,
                   breakpoints: Sequence[int] = ()) -> int | None:
    """Smallest ``d`` in 1..``limit`` with ``holds(d)``, or None.

    ``breakpoints`` are the values of ``d`` after which something outside the list's own
    quotients changes (a list crossing the threshold); between them ``holds`` is monotone for a
    divisor method (more votes never cost a list a seat when the same lists take part), so each
    stretch is searched by bisection, in order. The tests cross-check it with a linear scan.
    """
    if limit < 1:
        return None
    ends = sorted({b for b in breakpoints if 1 <= b < limit} | {limit})
    start = 1
    for end in ends:
        if holds(end):
            return first_true(holds, start, end)
        start = end + 1
    return None


def threshold_breakpoints(tally: RegionTally, name: str, sign: int,
                          threshold: Fraction = THRESHOLD) -> list[int]:
    """Values of ``d`` after which some list crosses ``threshold`` when ``name`` gets ``sign·d``
    more votes (and the region's total with it): the last ``d`` of each unchanged stretch."""
    t = Fraction(threshold)
    total = tally.threshold_votes  # cast votes move with valid votes (blank/invalid fixed)
    points = []
    for item in tally.lists:
        if item.kind == "local":
            continue
        v = item.votes
        # share(d) = (v + own·sign·d) / (total + sign·d) ≥ t; solve share(d) = t for d.
        own = 1 if item.list == name else 0
        denominator = sign * (own - t)
        if denominator == 0:
            continue
        root = (t * total - v) / denominator  # eligibility flips around d = root
        for d in (root, root - 1):
            points.append(int(d) if d >= 0 else -1)
    return [p for p in points if p >= 1]


def gain_votes(tally: RegionTally, name: str, method: Method = KKR_METHOD, *,
               threshold: Fraction = THRESHOLD, cap: int | None = None) -> int | None:
    """The fewest extra votes after which ``name`` holds one more seat of the KKR whatever a lot
    decides (a lot on the size included); ``None`` when no number of votes does (a local list,
    or a list without a council seat). Rule ``kkr.margins``."""
    item = tally.get(name)
    if item.kind == "local" or item.council_seats < 1:
        return None
    base = compose(tally, method, threshold=threshold, cap=cap)
    seats = next(r.total for r in base.rows if r.list == name)  # seats no lot decides

    def gains(d: int) -> bool:
        comp = compose(with_votes(tally, name, d), method, threshold=threshold, cap=cap)
        return comp.seat_range(name)[0] >= seats + 1  # under every lot, size lots too

    return smallest_delta(gains, 4 * max(tally.total_votes, 1),
                          threshold_breakpoints(tally, name, +1, threshold))


def loss_votes(tally: RegionTally, name: str, method: Method = KKR_METHOD, *,
               threshold: Fraction = THRESHOLD, cap: int | None = None) -> int | None:
    """The fewest lost votes after which ``name`` holds fewer seats than now whatever a lot
    decides (with one vote fewer a lot may still keep the seat); ``None`` when it holds only
    its mayors' seats, which no vote count takes away. Rule ``kkr.margins``."""
    base = compose(tally, method, threshold=threshold, cap=cap)
    row = next(r for r in base.rows if r.list == name)
    if row.total == row.mayors:
        return None

    def loses(d: int) -> bool:
        comp = compose(with_votes(tally, name, -d), method, threshold=threshold, cap=cap)
        return comp.seat_range(name)[1] < row.total

    return smallest_delta(loses, row.votes, threshold_breakpoints(tally, name, -1, threshold))
