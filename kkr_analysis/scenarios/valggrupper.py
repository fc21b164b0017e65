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
from ..errors import DataError, did_you_mean
from ..rules.appointments import Body, appoint
from .structures import (
    MAX_LISTS,
    RestPartitions,
    bell,
    groups_with,
    rest_partitions,
    subset_members,
    subset_weights,
)

BATCH_BYTES = 1 << 28  # counters per batch of (partition, group) rows: ≈ 256 MB (×2 in flight)
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
    """One body, e.g. KL's 17-seat board (one seat: a majority vote)."""
    if seats < 1:
        raise DataError(f"a body needs at least one seat, not {seats}")
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
        self._room: np.ndarray | None = None

    # -- names ---------------------------------------------------------------------------------
    def mask(self, names: Iterable[str]) -> int:
        mask = 0
        for name in names:
            if name not in self.names:
                raise DataError(f"{name!r} is not one of the lists ({', '.join(self.names)})"
                                f"{did_you_mean(name, self.names)}")
            mask |= 1 << self.names.index(name)
        return mask

    def label(self, mask: int) -> str:
        """``A+C+V``: the members in list order."""
        return "+".join(n for i, n in enumerate(self.names) if mask >> i & 1)

    # -- the batch rule ------------------------------------------------------------------------
    #
    # Per local group mask, one row of small counters ("lanes"): for every proportional body
    # and s = 1..k, how many of the group's quotients rank before G's s-th quotient (lots
    # against G; then the same with lots for G), clipped at k - s + 1, which is enough to fail
    # the test "fewer than k - s + 1"; and one lane "has a majority". A partition's counts are
    # the sum of its groups' rows. The rows are bytes (uint16 for huge bodies), added eight at
    # a time as uint64 words: no lane can overflow (lists × k fits the lane), so carries never
    # cross lanes. Exact integers throughout.

    def _lane_dtype(self) -> type:
        worst = max(len(self.names) - 1, 1) * self._cap
        if worst <= 0xFF:
            return np.uint8
        if worst <= 0xFFFF:
            return np.uint16
        raise DataError(f"a body of {self._cap} seats is too large for the planner")

    def _rooms(self) -> np.ndarray:
        """Per lane of one half (lo or hi): k - s + 1 (the s-th seat is won iff the count is
        below it); padding lanes 0 (never counted)."""
        if self._room is None:
            rooms = [np.arange(k, 0, -1) for k in self.meeting.proportional]
            flat = np.concatenate(rooms) if rooms else np.zeros(0, dtype=np.int64)
            self._room = np.zeros(len(flat) + (-len(flat) % 8), dtype=np.int64)
            self._room[:len(flat)] = flat
        return self._room

    def _tables(self, gw: np.ndarray, sub: np.ndarray) -> tuple[np.ndarray, bool]:
        """Lanes per (G, local mask): [lo | hi | majority], padded to whole words; and whether
        lo and hi differ anywhere (if not, no lot can touch G and the hi half is skipped).

        ``gw``: G's weights, shape ``(B,)``; ``sub``: weights of the local masks, ``(B, R)``.
        Returns shape ``(B * R, lanes)``.
        """
        rooms = self._rooms()
        width = len(rooms)
        table = np.zeros(sub.shape + (2 * width + 8,), dtype=np.int64)
        for half, lots_for in ((0, False), (width, True)):
            col = half
            for k in self.meeting.proportional:
                table[..., col:col + k] = quotients_ranking_before(sub, gw, k, lots_for)
                col += k
            np.minimum(table[..., half:half + width], rooms, out=table[..., half:half + width])
        differ = not np.array_equal(table[..., :width], table[..., width:2 * width])
        table[..., 2 * width] = 2 * sub > self.total
        keep = [np.arange(width)]
        if differ:
            keep.append(np.arange(width, 2 * width))
        if self.meeting.majority:
            keep.append(np.arange(2 * width, 2 * width + 8))
        lanes = table[..., np.concatenate(keep)].astype(self._lane_dtype())
        return np.ascontiguousarray(lanes.reshape(-1, lanes.shape[-1])), differ

    def _batch(self, groups: np.ndarray) -> tuple[np.ndarray, RestPartitions, np.ndarray,
                                                  np.ndarray, np.ndarray]:
        """Groups of equal size at once: the rest's lists per group ``(B, m)``, the rest's
        partitions, and ``low``, ``high``, ``lot`` of shape ``(P, B)`` (partition-major)."""
        n = len(self.names)
        groups = np.asarray(groups, dtype=np.int64)
        size = len(groups)
        inside = ((groups[:, None] >> np.arange(n)) & 1).astype(bool)
        m = n - int(inside[0].sum())
        rest = (np.nonzero(~inside)[1].reshape(size, m) if m
                else np.zeros((size, 0), dtype=np.int64))
        parts = rest_partitions(m)
        glob = (subset_members(m)[None, :, :] * (1 << rest)[:, None, :]).sum(axis=-1)
        sub = self._subset[glob]  # (B, 2**m)
        gw = self._subset[groups]
        table, differ = self._tables(gw, sub)
        lanes = table.dtype
        words = table.view(np.uint64)
        count = len(parts.masks)
        sums = np.zeros((count, size, words.shape[1]), dtype=np.uint64)
        offsets = (np.arange(size, dtype=np.int64) << m)[None, :]
        for j, first in enumerate(parts.start):
            index = parts.masks[first:, j][:, None] + offsets
            sums[first:] += np.take(words, index, axis=0)
        sums = sums.view(lanes)
        rooms = self._rooms().astype(lanes)
        width = len(rooms)
        low = _count_below(sums[..., :width], rooms)
        high = _count_below(sums[..., width:2 * width], rooms) if differ else low.copy()
        lot = high != low
        if self.meeting.majority:
            sure = (2 * gw > self.total).astype(np.int32)[None, :]
            other = sums[..., -8] > 0
            low += self.meeting.majority * sure
            high += self.meeting.majority * (~other).astype(np.int32)
        return rest, parts, low, high, lot

    def outcomes(self, group: int) -> GroupOutcomes:
        """G's seats (low, high) in every partition of the other lists (rule
        ``ksl24.valggrupper``)."""
        if not group or group >> len(self.names):
            raise ValueError("a group is a non-empty set of the lists")
        rest, parts, low, high, lot = self._batch(np.array([group]))
        return GroupOutcomes(group, tuple(int(i) for i in rest[0]), parts, low[:, 0],
                             high[:, 0], lot[:, 0])

    # -- summaries -----------------------------------------------------------------------------
    def ranges(self, groups: Iterable[int]) -> pd.DataFrame:
        """Per group: members, min_seats, max_seats, partitions, lots, the worst partition.

        Groups of the same size are evaluated together, in batches of bounded memory."""
        groups = np.array(sorted({int(g) for g in groups}), dtype=np.int64)
        if len(groups) and (groups.min() <= 0 or groups.max() >> len(self.names)):
            raise ValueError("a group is a non-empty set of the lists")
        sizes = np.array([bin(int(g)).count("1") for g in groups], dtype=np.int64)
        rows = []
        for k in np.unique(sizes):
            same = groups[sizes == k]
            row_bytes = (2 * len(self._rooms()) + 8) * np.dtype(self._lane_dtype()).itemsize
            per = max(1, BATCH_BYTES // (bell(len(self.names) - int(k)) * row_bytes))
            for begin in range(0, len(same), per):
                chunk = same[begin:begin + per]
                rest, parts, low, high, lot = self._batch(chunk)
                worst = low.argmin(axis=0)
                least, most = low.min(axis=0), high.max(axis=0)
                lots = lot.sum(axis=0)
                for b, group in enumerate(chunk):
                    labels = parts.rgs[worst[b]]
                    others = [[self.names[rest[b, i]] for i in np.flatnonzero(labels == lab)]
                              for lab in range(int(labels.max()) + 1)] if len(labels) else []
                    rows.append({
                        "group": self.label(int(group)),
                        "members": int(self._subset[int(group)]),
                        "min_seats": int(least[b]), "max_seats": int(most[b]),
                        "partitions": len(low), "lots": int(lots[b]),
                        "worst_case": " | ".join("+".join(o) for o in others),
                        "_size": int(k)})
        frame = pd.DataFrame(rows, columns=["group", "members", "min_seats", "max_seats",
                                            "partitions", "lots", "worst_case", "_size"])
        frame = frame.sort_values(["min_seats", "members", "max_seats", "_size", "group"],
                                  ascending=[False, True, False, True, True], kind="stable")
        return frame.drop(columns="_size").reset_index(drop=True)

    def for_list(self, name: str) -> pd.DataFrame:
        """Every valggruppe containing ``name``, over every partition of the others (rule
        ``ksl24.valggrupper``)."""
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


def _count_below(sums: np.ndarray, rooms: np.ndarray) -> np.ndarray:
    """Per row: the number of lanes with sums < rooms (the seats won), as int32. The booleans
    are bytes; summed eight at a time by one multiplication per uint64 word."""
    below = np.ascontiguousarray(sums < rooms).view(np.uint64)
    per_word = (below * np.uint64(0x0101010101010101)) >> np.uint64(56)
    return per_word.sum(axis=-1, dtype=np.int32)


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


def add_split(table: pd.DataFrame, members: Mapping[str, int], split: str) -> pd.DataFrame:
    """A column ``split_of_min``: each group's sure seats per list — an ASSUMPTION chosen by
    ``split`` (see :func:`split_seats`); ``"none"`` adds nothing."""
    if split == "none":
        return table
    texts = [", ".join(f"{n} {s}" for n, s in
                       split_seats(members, g.split("+"), int(k), split).items())
             for g, k in zip(table["group"], table["min_seats"])]
    return table.assign(split_of_min=texts)


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


def seat_extremes(weights: Mapping[str, int], bodies: Sequence[Body],
                  group: Sequence[str]) -> tuple[int, int]:
    """``(min_seats, max_seats)`` of the valggruppe ``group`` over every grouping of the other
    lists, from two structures only (rule ``ksl24.valggrupper``): the worst case is the others'
    grand coalition (merging opponents never lowers their d'Hondt quotients; a one-seat body's
    sure majority does not depend on the others), the best case the others fully split — lots
    against G in the first, for G in the second. Any number of lists, no enumeration;
    tests/test_planner_extremes.py holds it equal to :class:`Planner`'s enumeration."""
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
