"""The constituent-meeting planner: what a valggruppe wins whatever the other lists do.

Kommunestyrelsesloven § 24 (KKR's forretningsorden § 4, stk. 4): a body with one seat is filled
by majority vote (stk. 1), a body with several seats by proportional election among valggrupper
of KKR members — d'Hondt on the groups' member numbers, equal quotients decided by lot (stk. 3).
The same counting gives KL's 17-seat board among valgforbund on the national vote.

Rule ``ksl24.valggrupper``: a valggruppe ``G``'s seats whatever the other lists do.
``min_seats`` is its seats at worst over every grouping of the others, ``max_seats`` at best.
By default (:meth:`Planner.extremes`) they come from two structures only: the worst case is the
others' grand coalition (merging opponents never lowers their d'Hondt quotients; a one-seat
body's sure majority does not depend on the others), the best case the others fully split —
lots against G in the first, for G in the second; ``lot_worst`` / ``lot_best`` say whether a lot
decides one of G's seats there. Any number of lists, no enumeration; the scalar twin is
``seat_extremes`` in tests/planner_oracles.py, and tests/test_planner_extremes.py and
tests/test_planner_fast.py hold both equal to the enumeration below.

``exhaustive=True`` (``kkr appoint/board --exhaustive``) enumerates, at most
:data:`~.structures.MAX_LISTS` lists. For a group ``G`` and every partition of the remaining
lists into groups, per partition:

* a proportional body adds G's d'Hondt seats: to ``low`` with every lot against G, to ``high``
  with every lot for G;
* a one-seat body adds 1 to ``low`` only if G has more than half of the members (a sure
  majority), and 1 to ``high`` unless another group has more than half.

``min_seats`` is the least ``low`` over the partitions, ``max_seats`` the largest ``high``;
``partitions`` counts them, ``lots`` those where a lot decides one of G's seats, and
``worst_case`` names the first partition with the least ``low`` — always the grand coalition,
row 0 of :func:`~.structures.rest_partitions`, so the default names the same structure.
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
from ..danish import integer
from ..errors import DataError, did_you_mean
from ..rules.appointments import Body
from .structures import (
    MAX_LISTS,
    RestPartitions,
    bell,
    groups_with,
    rest_partitions,
    subset_members,
    subset_weights,
)

FEW_WEIGHTS = 256  # distinct group weights up to which the full split is one product per weight
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
        raise DataError(f"et organ skal have mindst én plads, ikke {seats}")
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
    the KKR, or votes for KL's board); rule ``ksl24.valggrupper`` (kommunestyrelsesloven
    § 24, stk. 1 and 3).

    ``exhaustive=False`` (the default): ``min_seats``/``max_seats`` from the others' grand
    coalition and the others fully split, with the lot flags ``lot_worst``/``lot_best``; any
    number of lists. ``exhaustive=True``: over every partition of the others, with
    ``partitions`` and ``lots`` (the output of ``--exhaustive``); more than
    :data:`~.structures.MAX_LISTS` lists is a :class:`DataError` — as is :meth:`outcomes`,
    which always enumerates."""

    def __init__(self, weights: Mapping[str, int], meeting: Meeting,
                 exhaustive: bool = False) -> None:
        self.names = tuple(weights)
        self.exhaustive = bool(exhaustive)
        if self.exhaustive:
            self._check_enumerable()
        for name, w in weights.items():
            if int(w) <= 0:
                raise DataError(f"{name!r} har ingen medlemmer (eller stemmer): kun lister "
                                "med nogen kan danne en valggruppe")
        self.weights = np.array([int(weights[k]) for k in self.names], dtype=np.int64)
        self.meeting = meeting
        self.total = int(self.weights.sum())
        self._subset: np.ndarray | None = None
        self._cap = max(meeting.proportional, default=1)
        self._room: np.ndarray | None = None

    def _check_enumerable(self) -> None:
        """The enumeration's limit (:data:`MAX_LISTS`): only where partitions are enumerated."""
        if len(self.names) > MAX_LISTS:
            raise DataError(f"{len(self.names)} lister giver Bell({len(self.names)}) = "
                            f"{integer(bell(len(self.names)))} strukturer; --exhaustive er "
                            f"begrænset til højst {MAX_LISTS} lister")

    @property
    def _subsets(self) -> np.ndarray:
        """The weight of every subset of the lists (2**n; built when enumerating only)."""
        if self._subset is None:
            self._check_enumerable()
            self._subset = subset_weights(self.weights)
        return self._subset

    # -- names ---------------------------------------------------------------------------------
    def mask(self, names: Iterable[str]) -> int:
        mask = 0
        for name in names:
            if name not in self.names:
                raise DataError(f"{name!r} er ikke en af listerne ({', '.join(self.names)})"
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
        raise DataError(f"et organ med {integer(self._cap)} pladser er for stort til planlæggeren")

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
        sub = self._subsets[glob]  # (B, 2**m)
        gw = self._subsets[groups]
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
        self._check_enumerable()
        rest, parts, low, high, lot = self._batch(np.array([group]))
        return GroupOutcomes(group, tuple(int(i) for i in rest[0]), parts, low[:, 0],
                             high[:, 0], lot[:, 0])

    # -- the two structures (the default) ----------------------------------------------------
    #
    # A group's worst case is the others' grand coalition, its best case the others fully split
    # (``seat_extremes`` in tests/planner_oracles.py; tests/test_planner_extremes.py holds both
    # equal to the enumeration). Per group one row against one opponent and one row against
    # every other list alone, for a whole batch of groups at once: no partition is enumerated.

    def extremes(self, groups: Iterable[int]) -> dict[str, np.ndarray]:
        """Per group (bitmask): ``members``, ``size`` (lists), ``min_seats``, ``max_seats``,
        ``lot_worst`` / ``lot_best`` (equal quotients decide one of the group's proportional
        seats against the others' grand coalition / against the others fully split), from
        the two structures (rule ``ksl24.valggrupper``, kommunestyrelsesloven § 24); any
        number of lists. A tie is reported, never broken: ``min_seats`` has every lot against
        the group, ``max_seats`` every lot for it.

        The s-th seat of a body of k is G's iff fewer than k - s + 1 quotients of the others
        rank before G's s-th quotient g/s: one list of weight w has ⌊w·s/g⌋ of them (lots
        against G) or max(⌊(w·s - 1)/g⌋, 0) (lots for G) — :func:`quotients_ranking_before`.
        Against the grand coalition w is the others' total (a function of g alone); fully
        split, the sum over the other lists is one matrix product per distinct g (the lists
        outside G × a table of n rows) when the distinct weights are few (member numbers,
        :data:`FEW_WEIGHTS`), else a binary search per body (votes). Exact integers throughout
        (integers below 2**53 in float64)."""
        n = len(self.names)
        groups = np.asarray(list(groups) if not isinstance(groups, np.ndarray) else groups,
                            dtype=np.int64).reshape(-1)
        if len(groups) and (groups.min() <= 0 or (n < 63 and groups.max() >> n)):
            raise ValueError("a group is a non-empty set of the lists")
        size = len(groups)
        seats = self.meeting.proportional
        rooms = np.concatenate([np.arange(k, 0, -1) for k in seats]) if seats else \
            np.zeros(0, dtype=np.int64)  # k - s + 1 per (body, s)
        steps = np.concatenate([np.arange(1, k + 1) for k in seats]) if seats else \
            np.zeros(0, dtype=np.int64)  # s per (body, s)
        out = {"members": np.zeros(size, dtype=np.int64),
               "min_seats": np.zeros(size, dtype=np.int64),
               "max_seats": np.zeros(size, dtype=np.int64),
               "lot_worst": np.zeros(size, dtype=bool), "lot_best": np.zeros(size, dtype=bool),
               "size": np.zeros(size, dtype=np.int64)}
        per = max(1, (1 << 22) // max(n, len(steps), 1))  # rows per batch: ≈ 32 MB a table
        bodies = len(seats)
        ws = self.weights[:, None] * steps[None, :]  # (n, S): w·s per list and (body, s)
        by_weight = np.argsort(-self.weights, kind="stable")
        for begin in range(0, size, per):
            chunk = groups[begin:begin + per]
            inside = np.unpackbits(chunk.astype("<u8").view(np.uint8).reshape(-1, 8), axis=1,
                                   count=n, bitorder="little")  # (B, n) of 0/1
            gw = inside.astype(np.int64) @ self.weights
            values, inverse = np.unique(gw, return_inverse=True)
            # the grand coalition (one opponent of weight total - g) depends on g alone
            rest = (self.total - values)[:, None] * steps
            lo_w = _won(rest // values[:, None], rooms, bodies)[inverse]
            hi_w = _won(np.maximum((rest - 1) // values[:, None], 0), rooms, bodies)[inverse]
            if len(values) <= max(FEW_WEIGHTS, len(chunk) // 64):  # few distinct g (members)
                lo_b, hi_b = self._split_by_weight(inside, inverse, values, ws, rooms)
            else:  # many (votes): a binary search per body, every row at once
                lo_b, hi_b = self._split_by_search(inside, gw)
            low, high = lo_w, hi_b
            if self.meeting.majority:
                sure = 2 * gw > self.total  # a sure majority does not depend on the others
                # the largest other list: the first one outside G in order of weight
                out_sorted = inside[:, by_weight] == 0
                largest = np.where(out_sorted.any(axis=1),
                                   self.weights[by_weight][out_sorted.argmax(axis=1)], 0)
                low = low + self.meeting.majority * sure
                high = high + self.meeting.majority * ~(2 * largest > self.total)
            end = begin + len(chunk)
            out["members"][begin:end], out["min_seats"][begin:end] = gw, low
            out["size"][begin:end] = inside.sum(axis=1, dtype=np.int64)
            out["max_seats"][begin:end] = high
            out["lot_worst"][begin:end], out["lot_best"][begin:end] = hi_w != lo_w, hi_b != lo_b
        return out

    def _split_by_weight(self, inside: np.ndarray, inverse: np.ndarray, values: np.ndarray,
                         ws: np.ndarray, rooms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """G's seats against the others fully split (lots against, lots for G): per distinct
        weight g one matrix product, the lists outside G (0/1) × ⌊w·s/g⌋ per (body, s)."""
        bodies = len(self.meeting.proportional)
        lo_b, hi_b = np.zeros(len(inside), dtype=np.int64), np.zeros(len(inside), np.int64)
        order = np.argsort(inverse, kind="stable")
        ends = np.cumsum(np.bincount(inverse, minlength=len(values)))
        left = (1 - inside[order]).astype(np.float64)  # small integers: exact products
        for v, first, last in zip(values.tolist(), [0, *ends[:-1].tolist()], ends.tolist()):
            rows = order[first:last]
            tables = np.concatenate([ws // v, np.maximum((ws - 1) // v, 0)], axis=1)
            counts = _products(left[first:last], tables.astype(np.float64))
            lo_b[rows] = _won(counts[:, :ws.shape[1]], rooms, bodies)
            hi_b[rows] = _won(counts[:, ws.shape[1]:], rooms, bodies)
        return lo_b, hi_b

    def _split_by_search(self, inside: np.ndarray, gw: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
        """The same for many distinct g: per body of k seats, the most seats s with at most
        k - s quotients of the others before G's s-th (lots for G; monotone in s: a binary
        search), then lots against G at that s (one of G's quotients at most is tied, so the
        two differ by at most one seat). Floats hold the integers w·s and w·s - 1 exactly
        (< 2**53), so ⌊(w·s)/g⌋ in float64 is the exact integer quotient."""
        split = np.where(inside == 0, self.weights, 0).astype(np.float64)  # (B, n)
        g = gw.astype(np.float64)[:, None]
        members = inside.sum(axis=1, dtype=np.int64)
        work = np.empty_like(split)

        def before(s: np.ndarray, lots_for: bool) -> np.ndarray:
            np.multiply(split, s[:, None].astype(np.float64), out=work)
            if lots_for:  # ⌊(w·s - 1)/g⌋: -1 for each list of G itself (w = 0), added back
                np.subtract(work, 1.0, out=work)
            np.divide(work, g, out=work)
            np.floor(work, out=work)
            return work.sum(axis=1) + (members if lots_for else 0)

        lo_b, hi_b = np.zeros(len(inside), dtype=np.int64), np.zeros(len(inside), np.int64)
        for k in self.meeting.proportional:
            low, high = np.zeros(len(inside), dtype=np.int64), np.full(len(inside), k)
            while (active := low < high).any():
                mid = (low + high + 1) // 2
                ok = before(mid, True) <= k - mid
                low = np.where(active & ok, mid, low)
                high = np.where(active & ~ok, mid - 1, high)
            hi_b += low
            lo_b += np.where((low > 0) & (before(low, False) > k - low), low - 1, low)
        return lo_b, hi_b

    def labels(self, masks: np.ndarray) -> np.ndarray:
        """:meth:`label` of many masks at once, as an object array (tables of ten lists at a
        time, joined by "+" where both parts have members)."""
        masks = np.asarray(masks, dtype=np.int64)
        out = np.full(len(masks), "", dtype=object)
        for low in range(0, len(self.names), 10):
            names = self.names[low:low + 10]
            plain = ["+".join(nm for i, nm in enumerate(names) if x >> i & 1)
                     for x in range(1 << len(names))]
            part = (masks >> low) & ((1 << len(names)) - 1)
            if low == 0:
                out = np.array(plain, dtype=object)[part]
                continue
            # the chunk's label, with a "+" in front where a list before it is a member
            table = np.array(plain + ["+" + t if t else "" for t in plain], dtype=object)
            before = (masks & ((1 << low) - 1)) != 0
            out = out + table[part + (before.astype(np.int64) << len(names))]
        return out

    def _label_keys(self, masks: np.ndarray) -> np.ndarray | None:
        """One int64 per mask that sorts like the labels (``A+C+V``), or None.

        A label is its members in list order; labels sort at their first different member
        (by name) when no name is a prefix of another, a shorter label first: the preorder of
        a trie whose path to a group is its members, children by name. Its position there:
        per member j after ``prev``, 1 + the sizes of the subtrees of the earlier siblings (the
        lists c after ``prev`` with a smaller name, each 2**(n-1-c) nodes). Summed over ten
        lists at a time from tables; exact below 63 lists."""
        names, n = self.names, len(self.names)
        if n >= 63 or any(a != b and b.startswith(a) for a in names for b in names):
            return None
        rank = {j: r for r, j in enumerate(sorted(range(n), key=names.__getitem__))}
        # before[p + 1, j]: subtree sizes of j's earlier siblings after member p (p = -1: none)
        before = np.zeros((n + 1, n), dtype=np.int64)
        for p in range(-1, n):
            for j in range(p + 1, n):
                before[p + 1, j] = sum(1 << (n - 1 - c) for c in range(p + 1, n)
                                       if rank[c] < rank[j])
        masks = np.asarray(masks, dtype=np.int64)
        key = np.zeros(len(masks), dtype=np.int64)
        last = np.full(len(masks), -1, dtype=np.int64)  # the last member so far
        for low in range(0, n, 10):
            width = min(10, n - low)
            first = np.zeros(1 << width, dtype=np.int64)
            inner = np.zeros(1 << width, dtype=np.int64)
            high = np.full(1 << width, -1, dtype=np.int64)
            for x in range(1, 1 << width):
                members = [low + i for i in range(width) if x >> i & 1]
                first[x], high[x] = members[0], members[-1]
                inner[x] = sum(1 + before[a + 1, b] for a, b in zip(members, members[1:]))
            # table[p + 1, x]: the chunk's part of the key after the member p before it
            table = np.where(np.arange(1 << width) > 0,
                             1 + before[:low + 1, first] + inner, 0)
            part = (masks >> low) & ((1 << width) - 1)
            key += table[last + 1, part]
            last = np.where(part > 0, high[part], last)
        return key

    def _ranges_fast(self, groups: np.ndarray) -> pd.DataFrame:
        """:meth:`ranges` from the two structures, in the same order as the exhaustive table:
        by the numeric keys and the label (:meth:`_label_keys`), packed into one int64 where
        they fit; with names that are prefixes of others, rows equal on the numeric keys are
        ordered by their label strings."""
        ext = self.extremes(groups)
        sizes = ext["size"]
        labels = self.labels(groups)
        keys = (sizes, -ext["max_seats"], ext["members"], -ext["min_seats"])
        by_label = self._label_keys(groups)
        if by_label is not None:  # the label order as numbers: one sort for everything
            top = self.meeting.seats
            parts = [(by_label, len(self.names)), (sizes, len(self.names).bit_length()),
                     (top - ext["max_seats"], top.bit_length()),
                     (ext["members"], self.total.bit_length()),
                     (top - ext["min_seats"], top.bit_length())]  # least significant first
            if sum(width for _, width in parts) <= 63:  # all keys in one int64
                key = np.zeros(len(groups), dtype=np.int64)
                shift = 0
                for part, width in parts:
                    key |= part.astype(np.int64) << shift
                    shift += width
                order = np.argsort(key, kind="stable")
            else:
                order = np.lexsort((by_label, *keys))
        else:  # rows equal on the numeric keys ordered by their label
            order = np.lexsort(keys)
            ranked = np.stack(keys, axis=1)[order]
            same = (ranked[1:] == ranked[:-1]).all(axis=1)
            run = np.concatenate([[0], np.cumsum(~same)])
            tied = np.flatnonzero(np.concatenate([same, [False]]) |
                                  np.concatenate([[False], same]))
            if len(tied):
                pairs = sorted(zip(run[tied].tolist(), (labels[r] for r in order[tied]),
                                   order[tied].tolist()))
                order[tied] = [r for _, _, r in pairs]
        full = (1 << len(self.names)) - 1
        return pd.DataFrame({
            "group": labels[order],
            "members": ext["members"][order], "min_seats": ext["min_seats"][order],
            "max_seats": ext["max_seats"][order], "lot_worst": ext["lot_worst"][order],
            "lot_best": ext["lot_best"][order],
            "worst_case": self.labels(full ^ groups[order])},
            columns=["group", "members", "min_seats", "max_seats", "lot_worst", "lot_best",
                     "worst_case"])

    # -- summaries -----------------------------------------------------------------------------
    def ranges(self, groups: Iterable[int]) -> pd.DataFrame:
        """Per group: members, min_seats, max_seats and the worst structure of the others
        (``worst_case``: always their grand coalition, the first partition enumerated); then
        with ``exhaustive`` ``partitions`` (how many partitions of the others) and ``lots``
        (in how many a lot decides one of the group's seats), by default ``lot_worst`` and
        ``lot_best`` (a lot in the worst / the best case) from the two structures.

        Exhaustive: groups of the same size are evaluated together, in batches of bounded
        memory, over every partition of the others (at most :data:`MAX_LISTS` lists)."""
        if isinstance(groups, np.ndarray):
            groups = groups.astype(np.int64).reshape(-1)
            if len(groups) > 1 and not (groups[1:] > groups[:-1]).all():
                groups = np.unique(groups)
        else:
            groups = np.array(sorted({int(g) for g in groups}), dtype=np.int64)
        if len(groups) and (groups.min() <= 0 or groups.max() >> len(self.names)):
            raise ValueError("a group is a non-empty set of the lists")
        if not self.exhaustive:
            return self._ranges_fast(groups)
        frame = self._ranges_exhaustive(groups)
        frame = frame.sort_values(["min_seats", "members", "max_seats", "_size", "group"],
                                  ascending=[False, True, False, True, True], kind="stable")
        return frame.drop(columns="_size").reset_index(drop=True)

    def _ranges_exhaustive(self, groups: np.ndarray) -> pd.DataFrame:
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
                        "members": int(self._subsets[int(group)]),
                        "min_seats": int(least[b]), "max_seats": int(most[b]),
                        "partitions": len(low), "lots": int(lots[b]),
                        "worst_case": " | ".join("+".join(o) for o in others),
                        "_size": int(k)})
        return pd.DataFrame(rows, columns=["group", "members", "min_seats", "max_seats",
                                           "partitions", "lots", "worst_case", "_size"])

    def for_list(self, name: str) -> pd.DataFrame:
        """Every valggruppe containing ``name`` (rule ``ksl24.valggrupper``): its seats at worst
        and at best whatever the others do — from the two structures, or over every partition
        of the others with ``exhaustive``."""
        i = self.mask([name]).bit_length() - 1
        return self.ranges(groups_with(len(self.names), i))

    def for_bloc(self, names: Sequence[str]) -> pd.DataFrame:
        """One fixed bloc, whatever the others do (every partition with ``exhaustive``)."""
        return self.ranges([self.mask(names)])

    def guaranteed(self, group: int) -> int:
        """The group's sure seats (``min_seats``)."""
        if self.exhaustive:
            return int(self.outcomes(group).low.min())
        return int(self.extremes([group])["min_seats"][0])

    def best_partners(self) -> pd.DataFrame:
        """Per list: the single partner that raises its guaranteed seats (min_seats) most."""
        n = len(self.names)
        if self.exhaustive:
            guaranteed = self.guaranteed
        else:  # every list alone and every pair at once
            pairs = sorted({(1 << i) | (1 << j) for i in range(n) for j in range(n)})
            sure = dict(zip(pairs, self.extremes(np.array(pairs, dtype=np.int64))
                            ["min_seats"].tolist()))
            guaranteed = sure.__getitem__
        rows = []
        for i, name in enumerate(self.names):
            alone = guaranteed(1 << i)
            gains = []
            for j in range(n):
                if j != i:
                    seats = guaranteed((1 << i) | (1 << j))
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


def _products(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``left @ right`` in row blocks small enough for one thread of the BLAS (OpenBLAS
    threads a product from m·n·k = 4 · 65,536 on: many small threaded products on a shared
    machine spend more time waiting than counting)."""
    per = max(1, (1 << 18) // max(right.shape[0] * right.shape[1], 1) - 1)
    if len(left) <= per:
        return left @ right
    out = np.empty((len(left), right.shape[1]), dtype=np.float64)
    for begin in range(0, len(left), per):
        np.matmul(left[begin:begin + per], right, out=out[begin:begin + per])
    return out


def _won(before: np.ndarray, rooms: np.ndarray, bodies: int) -> np.ndarray:
    """Seats won over every body, from the counts of quotients ranking before G's s-th quotient
    per (body, s) column: the s-th seat is won iff the count is below ``k - s + 1``."""
    return (before < rooms).sum(axis=-1, dtype=np.int64) if bodies else \
        np.zeros(before.shape[:-1], dtype=np.int64)


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
        raise DataError(f"ukendt fordeling {method!r}; vælg dhondt eller none")
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
