"""Scalar and per-group references the tests hold the package's batch code equal to.

They are oracles, not the rule: the package computes ``ksl24.valggrupper`` with
:class:`kkr_analysis.scenarios.valggrupper.Planner` (two structures, or every partition with
``exhaustive``); these recompute the same numbers the slow, obvious way.
"""

from collections.abc import Mapping, Sequence

import numpy as np

from kkr_analysis.apportion import apportion
from kkr_analysis.apportion_batch import quotients_ranking_before
from kkr_analysis.rules.appointments import Body, appoint


def focus_seats(before: np.ndarray, seats: int) -> np.ndarray:
    """Seats the focus group wins, from the summed counts of :func:`quotients_ranking_before`
    (shape ``(..., seats)``): the s-th seat is won iff at most ``seats - s`` quotients of the
    others rank before it."""
    room = seats - np.arange(1, seats + 1)
    return (np.asarray(before) <= room).sum(axis=-1)


def focus_seat_range(focus: int, others: np.ndarray, seats: int) -> tuple[np.ndarray, np.ndarray]:
    """The focus group's fewest and most d'Hondt seats against each row of ``others``
    (shape ``(M, B)``, zeros for absent groups): every lot against it / every lot for it.

    Equal to :meth:`kkr_analysis.apportion.Apportionment.seat_range` (held so by tests).
    """
    others = np.asarray(others, dtype=np.int64)
    low = focus_seats(quotients_ranking_before(others, focus, seats).sum(axis=-2), seats)
    high = focus_seats(quotients_ranking_before(others, focus, seats, True).sum(axis=-2), seats)
    return low, high


def group_seats_scalar(groups: Mapping[str, int], name: str,
                       bodies: Sequence[Body]) -> tuple[int, int]:
    """Group ``name``'s (low, high) seats over ``bodies`` by the scalar § 24 rules."""
    low = high = 0
    for body in bodies:
        result = appoint(body, groups)
        if result.method == "indstilling":
            continue
        if result.method == "flertalsvalg":
            if result.picks:
                won = int(result.picks[0].group == name)
                low, high = low + won, high + won
            else:  # no majority: the vote could go G's way
                high += 1
            continue
        seats = apportion(dict(groups), body.seats, "dhondt")
        lo, hi = seats.seat_range(name)
        low, high = low + lo, high + hi
    return low, high


def seat_extremes(weights: Mapping[str, int], bodies: Sequence[Body],
                  group: Sequence[str]) -> tuple[int, int]:
    """``(min_seats, max_seats)`` of the valggruppe ``group`` over every grouping of the other
    lists, from two structures only (rule ``ksl24.valggrupper``): the worst case is the others'
    grand coalition (merging opponents never lowers their d'Hondt quotients; a one-seat body's
    sure majority does not depend on the others), the best case the others fully split — lots
    against G in the first, for G in the second. Any number of lists, no enumeration;
    tests/scenarios/test_planner_extremes.py holds it equal to :class:`Planner`'s enumeration."""
    members = [n for n in weights if n in set(group)]
    others = [n for n in weights if n not in set(group)]
    if not members:
        raise ValueError("a group is a non-empty set of the lists")
    name = "+".join(members)
    g = sum(int(weights[n]) for n in members)
    worst = {name: g, **({"+".join(others): sum(int(weights[n]) for n in others)}
                         if others else {})}
    best = {name: g, **{n: int(weights[n]) for n in others}}
    return group_seats_scalar(worst, name, bodies)[0], group_seats_scalar(best, name, bodies)[1]
