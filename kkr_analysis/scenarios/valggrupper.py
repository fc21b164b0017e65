"""The constituent-meeting planner: what a valggruppe wins whatever the other lists do.

Kommunestyrelsesloven § 24 (KKR's forretningsorden § 4, stk. 4): a body with one seat is filled
by majority vote (stk. 1), a body with several seats by proportional election among valggrupper
of KKR members — d'Hondt on the groups' member numbers, equal quotients decided by lot (stk. 3).
The same counting gives KL's 17-seat board among valgforbund on the national vote.

For a group ``G`` and every partition of the remaining lists into groups, per partition:

* a proportional body adds G's d'Hondt seats: to ``low`` with every lot against G, to ``high``
  with every lot for G;
* a one-seat body adds 1 to ``low`` only if G has more than half of the members (a sure
  majority), and 1 to ``high`` unless another group has more than half.

``min_seats`` is the least ``low`` over the partitions, ``max_seats`` the largest ``high``.
Vectorised on the structure engine (:mod:`.structures`) with exact integer counts
(:func:`kkr_analysis.apportion_batch.quotients_ranking_before`); the tests hold it equal to the
scalar rules (:func:`kkr_analysis.rules.appointments.appoint`) partition by partition.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..apportion import apportion
from ..apportion_batch import quotients_ranking_before
from ..errors import DataError
from ..rules.appointments import Body, appoint
from .structures import (
    MAX_LISTS,
    RestPartitions,
    bell,
    focus_partitions,
    gather_sum,
    groups_with,
    local_to_global,
    subset_weights,
)

SPLIT_NOTE = ("Fordelingen på lister inden for en valggruppe er en antagelse (d'Hondt på "
              "listernes KKR-pladser); loven overlader den til gruppen.")


@dataclass(frozen=True)
class Meeting:
    """The political bodies a meeting fills: seats of each proportional body (§ 24, stk. 3)
    and the number of one-seat bodies (§ 24, stk. 1). Bodies that are not political (a
    nominated business member) are not elected among the groups and do not count."""

    proportional: tuple[int, ...]
    majority: int = 0

    @property
    def seats(self) -> int:
        return sum(self.proportional) + self.majority


def meeting_of(bodies: Iterable[Body]) -> Meeting:
    """The political bodies of a body list (``kind == "political"``)."""
    political = [b for b in bodies if b.kind == "political"]
    return Meeting(tuple(b.seats for b in political if b.seats > 1),
                   sum(1 for b in political if b.seats == 1))


def body_meeting(seats: int) -> Meeting:
    """One proportional body, e.g. KL's 17-seat board."""
    return Meeting((seats,), 0) if seats > 1 else Meeting((), 1)


@dataclass(frozen=True)
class GroupOutcomes:
    """Group ``G``'s seats in every partition of the other lists (one row per partition)."""

    group: int  # bitmask over the lists
    rest: tuple[int, ...]  # the other lists (indices), in list order
    partitions: RestPartitions
    low: np.ndarray  # (P,) seats with every lot against G, a majority vote only when sure
    high: np.ndarray  # (P,) seats with every lot for G, every open majority vote won
    lot: np.ndarray  # (P,) bool: equal quotients decide one of G's proportional seats

    def others(self, row: int) -> list[tuple[int, ...]]:
        """The other groups of partition ``row`` (list indices)."""
        labels = self.partitions.rgs[row]
        return [tuple(self.rest[i] for i in np.flatnonzero(labels == lab))
                for lab in range(int(labels.max()) + 1)] if len(labels) else []


class Planner:
    """Every valggruppe's seats over a meeting, for lists with the given weights (members of
    the KKR, or votes for KL's board)."""

    def __init__(self, weights: Mapping[str, int], meeting: Meeting) -> None:
        self.names = tuple(weights)
        if len(self.names) > MAX_LISTS:
            raise DataError(f"{len(self.names)} lists give Bell({len(self.names)}) = "
                            f"{bell(len(self.names)):,} structures; at most {MAX_LISTS} lists")
        for name, w in weights.items():
            if int(w) <= 0:
                raise DataError(f"{name!r} has no members (or votes): only lists with some "
                                "can form a group")
        self.weights = np.array([int(weights[k]) for k in self.names], dtype=np.int64)
        self.meeting = meeting
        self.total = int(self.weights.sum())
        self._subset = subset_weights(self.weights)
        self._cap = max(meeting.proportional, default=1)

    # -- names ---------------------------------------------------------------------------------
    def mask(self, names: Iterable[str]) -> int:
        mask = 0
        for name in names:
            if name not in self.names:
                raise DataError(f"{name!r} is not one of the lists ({', '.join(self.names)})")
            mask |= 1 << self.names.index(name)
        return mask

    def label(self, mask: int) -> str:
        """``A+C+V``: the members in list order."""
        return "+".join(n for i, n in enumerate(self.names) if mask >> i & 1)

    # -- the batch rule ------------------------------------------------------------------------
    def _tables(self, g: int, sub: np.ndarray) -> np.ndarray:
        """Per local group mask: the counts of its quotients ranking before G's (lots
        against G, then lots for G, each clipped at the body's seats), and whether it holds a
        majority. Columns: [lo body 1 | lo body 2 | … | hi body 1 | … | majority]."""
        cols = []
        for lots_for in (False, True):
            for k in self.meeting.proportional:
                cols.append(np.minimum(quotients_ranking_before(sub, g, k, lots_for), k))
        cols.append((2 * sub > self.total)[:, None].astype(np.int64))
        table = np.concatenate(cols, axis=1)
        dtype = np.int16 if self._cap * (len(self.names) + 1) < 2**15 else np.int32
        return table.astype(dtype)

    def outcomes(self, group: int) -> GroupOutcomes:
        """G's seats (low, high) in every partition of the other lists."""
        n = len(self.names)
        if not group or group >> n:
            raise ValueError("a group is a non-empty set of the lists")
        rest, parts = focus_partitions(n, group)
        g = int(self._subset[group])
        sub = self._subset[local_to_global(rest)]
        sums = gather_sum(self._tables(g, sub), parts)
        size = len(sums)
        low = np.zeros(size, dtype=np.int32)
        high = np.zeros(size, dtype=np.int32)
        lot = np.zeros(size, dtype=bool)
        width = sum(self.meeting.proportional)
        col = 0
        for k in self.meeting.proportional:
            room = k - np.arange(1, k + 1)
            lo = (sums[:, col:col + k] <= room).sum(axis=1)
            hi = (sums[:, width + col:width + col + k] <= room).sum(axis=1)
            low += lo
            high += hi
            lot |= lo != hi
            col += k
        if self.meeting.majority:
            sure = 2 * g > self.total
            other = sums[:, -1] > 0
            low += self.meeting.majority * int(sure)
            high += self.meeting.majority * (~other).astype(np.int32)
        return GroupOutcomes(group, rest, parts, low, high, lot)

    # -- summaries -----------------------------------------------------------------------------
    def ranges(self, groups: Iterable[int]) -> pd.DataFrame:
        """Per group: members, min_seats, max_seats, partitions, lots, the worst partition."""
        rows = []
        for group in groups:
            out = self.outcomes(int(group))
            worst = int(np.argmin(out.low))
            rows.append({
                "group": self.label(int(group)), "members": int(self._subset[int(group)]),
                "min_seats": int(out.low.min()), "max_seats": int(out.high.max()),
                "partitions": len(out.low), "lots": int(out.lot.sum()),
                "worst_case": " | ".join("+".join(self.names[i] for i in grp)
                                         for grp in out.others(worst)),
                "_size": bin(int(group)).count("1")})
        frame = pd.DataFrame(rows, columns=["group", "members", "min_seats", "max_seats",
                                            "partitions", "lots", "worst_case", "_size"])
        frame = frame.sort_values(["min_seats", "members", "max_seats", "_size", "group"],
                                  ascending=[False, True, False, True, True], kind="stable")
        return frame.drop(columns="_size").reset_index(drop=True)

    def for_list(self, name: str) -> pd.DataFrame:
        """Every valggruppe containing ``name``, over every partition of the others."""
        i = self.mask([name]).bit_length() - 1
        return self.ranges(groups_with(len(self.names), i))

    def for_bloc(self, names: Sequence[str]) -> pd.DataFrame:
        """One fixed bloc, over every partition of the others."""
        return self.ranges([self.mask(names)])

    def guaranteed(self, group: int) -> int:
        return int(self.outcomes(group).low.min())

    def best_partners(self) -> pd.DataFrame:
        """Per list: the single partner that raises its guaranteed seats (min_seats) most."""
        rows = []
        for i, name in enumerate(self.names):
            alone = self.guaranteed(1 << i)
            gains = []
            for j in range(len(self.names)):
                if j != i:
                    seats = self.guaranteed((1 << i) | (1 << j))
                    gains.append((seats - alone, -int(self.weights[j]), j, seats))
            best = max(gains, default=None)
            if best is None or best[0] <= 0:
                rows.append({"list": name, "alone_min": alone, "partner": "",
                             "group_min": alone, "gain": 0})
                continue
            gain, _, j, seats = best
            rows.append({"list": name, "alone_min": alone, "partner": self.names[j],
                         "group_min": seats, "gain": gain})
        return pd.DataFrame(rows, columns=["list", "alone_min", "partner", "group_min", "gain"])


def split_seats(members: Mapping[str, int], lists: Sequence[str], seats: int,
                method: str = "dhondt") -> dict[str, str]:
    """ASSUMPTION (a parameter, not law): a group's seats shared among its lists, by d'Hondt on
    their KKR seats (``method="dhondt"``), or not at all (``"none"``). Lots are shown as such."""
    if method == "none" or seats == 0:
        return {}
    if method != "dhondt":
        raise DataError(f"unknown split {method!r}; choose dhondt or none")
    result = apportion({n: members[n] for n in lists}, seats, "dhondt")
    split = {n: str(result.seats[n]) for n in lists}
    if result.tie:
        for n in result.tie.lists:
            split[n] += "+lod"
    return split


# ---- the scalar reference (tests; naming the groups of one partition) ------------------------

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
