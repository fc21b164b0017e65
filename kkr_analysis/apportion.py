"""Exact, tie-aware apportionment: the one core behind composition, chair elections and § 24.

Pure functions on integer votes. Every quotient comparison is exact (``fractions.Fraction``),
and no tie is ever broken silently: when the last seat(s) would go to one of several lists by
lot (lodtrækning), the result says so in :attr:`Apportionment.tie` and keeps those seats out of
:attr:`Apportionment.seats`.

Methods
-------
``dhondt``        divisors 1, 2, 3, …   (d'Hondt; Kommunestyrelsesloven § 24, KL's default)
``sainte-lague``  divisors 1, 3, 5, …   (pure Sainte-Laguë)
``hare``          largest remainder with the Hare quota (votes · seats / total)

Rule ``kkr.proportional`` (references/RULES.md). The methods, their divisor and quota forms and
the treatment of ties follow Pukelsheim, F. (2017), *Proportional Representation: Apportionment
Methods and Their Applications*, 2nd ed., Springer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from numbers import Integral
from typing import Literal

Method = Literal["dhondt", "sainte-lague", "hare"]
METHODS: tuple[Method, ...] = ("dhondt", "sainte-lague", "hare")
DIVISOR_METHODS: tuple[Method, ...] = ("dhondt", "sainte-lague")


def divisor(method: Method, seats_held: int) -> int:
    """The divisor for a list's next seat when it already holds ``seats_held`` seats."""
    if method == "dhondt":
        return seats_held + 1
    if method == "sainte-lague":
        return 2 * seats_held + 1
    raise ValueError(f"{method!r} is not a divisor method; choose one of {DIVISOR_METHODS}")


@dataclass(frozen=True)
class Tie:
    """``seats`` seats go by lot (lodtrækning) to ``seats`` of the equally placed ``lists``."""

    lists: tuple[str, ...]
    seats: int
    quotient: Fraction | None = None  # the tied quotient (divisor methods) or remainder (Hare)

    def describe(self) -> str:
        """The tie as people read it, in Danish (the same text as :meth:`describe_da`)."""
        return self.describe_da()

    def describe_da(self) -> str:
        """"1 plads ved lodtrækning mellem A og B"."""
        from .danish import join_and, plural

        return f"{plural(self.seats, 'plads', 'pladser')} ved lodtrækning mellem " \
               f"{join_and(list(self.lists))}"


@dataclass(frozen=True)
class SeatAward:
    """One seat in the order it is won (divisor methods): position 1 is the first pick."""

    position: int
    list: str
    quotient: Fraction
    tied_with: tuple[str, ...] = ()  # other lists with the same quotient: the order is a lot


@dataclass(frozen=True)
class Apportionment:
    """The result of one apportionment.

    ``seats`` holds only seats that no lot decides; if ``tie`` is set, ``tie.seats`` more seats
    go to lists in ``tie.lists`` by lot. ``order`` lists the seats above the floors in the order
    they were won (empty for Hare).
    """

    method: Method
    house_size: int
    seats: Mapping[str, int]
    tie: Tie | None = None
    order: tuple[SeatAward, ...] = ()
    floors: Mapping[str, int] = field(default_factory=dict)
    excluded: tuple[str, ...] = ()  # lists below the threshold
    fixed: tuple[str, ...] = ()  # Hare: lists held at their floor, outside the quota shares

    def outcomes(self) -> list[dict[str, int]]:
        """Every allocation a lot could produce (one when there is no tie)."""
        if self.tie is None:
            return [dict(self.seats)]
        result = []
        for winners in combinations(self.tie.lists, self.tie.seats):
            seats = dict(self.seats)
            for name in winners:
                seats[name] = seats.get(name, 0) + 1
            result.append(seats)
        return result

    def seat_range(self, name: str) -> tuple[int, int]:
        """Fewest and most seats ``name`` can end with, whatever a lot decides."""
        low = self.seats.get(name, 0)
        high = low + (1 if self.tie is not None and name in self.tie.lists else 0)
        return low, high


def _whole(value: object) -> bool:
    """A non-negative whole number: ``int`` or a numpy integer (what pandas gives), never a
    float (1.5 votes is an error, not 1) and never a bool."""
    return isinstance(value, Integral) and not isinstance(value, bool) and value >= 0


def _validate(votes: Mapping[str, int], house_size: int,
              floors: Mapping[str, int]) -> tuple[dict[str, int], int, dict[str, int]]:
    """Check the inputs; return them as plain Python ints (exact, no int64 wrap-around)."""
    if not _whole(house_size):
        raise ValueError(f"house size must be a non-negative integer, got {house_size!r}")
    for name, v in votes.items():
        if not _whole(v):
            raise ValueError(f"votes for {name!r} must be a non-negative integer, got {v!r}")
    for name, f in floors.items():
        if name not in votes:
            raise ValueError(f"floor given for {name!r}, which has no votes entry")
        if not _whole(f):
            raise ValueError(f"floor for {name!r} must be a non-negative integer, got {f!r}")
    if sum(int(f) for f in floors.values()) > house_size:
        raise ValueError(
            f"the floors add up to {sum(floors.values())}, more than the {house_size} seats"
        )
    return ({k: int(v) for k, v in votes.items()}, int(house_size),
            {k: int(f) for k, f in floors.items()})


def _apply_threshold(
    votes: Mapping[str, int], threshold: Fraction | None, total_votes: int | None
) -> tuple[dict[str, int], tuple[str, ...]]:
    if threshold is None:
        return dict(votes), ()
    total = sum(votes.values()) if total_votes is None else total_votes
    kept = {k: v for k, v in votes.items() if total > 0 and Fraction(v, total) >= threshold}
    return kept, tuple(k for k in votes if k not in kept)


def apportion(
    votes: Mapping[str, int],
    house_size: int,
    method: Method = "dhondt",
    *,
    floors: Mapping[str, int] | None = None,
    threshold: Fraction | float | str | None = None,
    total_votes: int | None = None,
) -> Apportionment:
    """Allocate ``house_size`` seats to lists in proportion to ``votes`` (rule
    ``kkr.proportional``; methods as in Pukelsheim 2017).

    Parameters
    ----------
    votes : list → non-negative integer votes.
    house_size : seats to allocate.
    method : ``"dhondt"`` (default), ``"sainte-lague"`` or ``"hare"``.
    floors : list → minimum seats (e.g. the mayors a list already has in a KKR). Divisor methods
        give each list ``max(floor, divisor count)`` for one common divisor; Hare fixes lists
        whose quota share is below their floor and shares the rest again.
    threshold : a share (e.g. ``Fraction(2, 100)``); lists with less of ``total_votes``
        (default: the sum of ``votes``) are excluded.

    Returns
    -------
    Apportionment, with any lot-decided seats reported in ``tie``.
    """
    votes, house_size, floors = _validate(votes, house_size, dict(floors or {}))
    share = None if threshold is None else Fraction(str(threshold))
    kept, excluded = _apply_threshold(votes, share, total_votes)
    for name in excluded:
        if floors.get(name, 0):
            raise ValueError(f"{name!r} has a floor but falls below the threshold")
    if method == "hare":
        return _hare(kept, house_size, floors, excluded)
    if method not in DIVISOR_METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {METHODS}")
    return _divisor(kept, house_size, method, floors, excluded)


def _divisor(
    votes: dict[str, int],
    house_size: int,
    method: Method,
    floors: dict[str, int],
    excluded: tuple[str, ...],
) -> Apportionment:
    seats = {name: floors.get(name, 0) for name in votes}
    remaining = house_size - sum(seats.values())
    order: list[SeatAward] = []
    tie = None
    if remaining > 0 and not votes:
        raise ValueError("no list to give seats to")
    while remaining > 0:
        quotients = {n: Fraction(v, divisor(method, seats[n])) for n, v in votes.items()}
        best = max(quotients.values())
        group = tuple(n for n in votes if quotients[n] == best)
        if len(group) > remaining:
            tie = Tie(lists=group, seats=remaining, quotient=best)
            break
        for name in group:
            seats[name] += 1
            order.append(
                SeatAward(
                    position=len(order) + 1,
                    list=name,
                    quotient=best,
                    tied_with=tuple(n for n in group if n != name),
                )
            )
        remaining -= len(group)
    for name in excluded:
        seats[name] = 0
    return Apportionment(method, house_size, seats, tie, tuple(order), floors, excluded)


def _hare(
    votes: dict[str, int], house_size: int, floors: dict[str, int], excluded: tuple[str, ...]
) -> Apportionment:
    fixed: dict[str, int] = {}
    while True:
        free = {n: v for n, v in votes.items() if n not in fixed}
        seats_left = house_size - sum(fixed.values())
        seats, tie = _largest_remainder(free, seats_left)
        # A list short of its floor (even one that a lot could lift to it) keeps its floor.
        below = [n for n in free if seats.get(n, 0) < floors.get(n, 0)]
        if not below:
            break
        for name in below:
            fixed[name] = floors[name]
    seats = {**seats, **fixed}
    for name in excluded:
        seats[name] = 0
    return Apportionment("hare", house_size, seats, tie, (), floors, excluded, tuple(fixed))


def _largest_remainder(votes: dict[str, int], house_size: int) -> tuple[dict[str, int], Tie | None]:
    total = sum(votes.values())
    if total == 0:
        if house_size == 0:
            return {n: 0 for n in votes}, None
        raise ValueError("largest remainder needs at least one vote")
    exact = {n: Fraction(v * house_size, total) for n, v in votes.items()}
    seats = {n: int(q) for n, q in exact.items()}  # floor, since q >= 0
    remaining = house_size - sum(seats.values())
    remainders = sorted({q - seats[n] for n, q in exact.items()}, reverse=True)
    tie = None
    for r in remainders:
        if remaining == 0:
            break
        group = tuple(n for n in votes if exact[n] - seats[n] == r)
        if len(group) > remaining:
            tie = Tie(group, remaining, r)
            break
        for name in group:
            seats[name] += 1
        remaining -= len(group)
    return seats, tie
