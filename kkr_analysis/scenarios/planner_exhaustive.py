"""Rule ``ksl24.valggrupper`` over every partition of the other lists
(``algorithm="exhaustive"``, ``kkr appoint/board --exhaustive``; at most
:data:`~.structures.MAX_LISTS` lists).

For a group G and every partition of the remaining lists into groups, per partition: a
proportional body adds G's d'Hondt seats (to ``low`` with every lot against G, to ``high`` with
every lot for G); a one-seat body adds 1 to ``low`` only with a sure majority, and 1 to ``high``
unless another group has one. :class:`~.valggrupper.Planner` mixes this in beside
:class:`~.planner_two_structures.TwoStructures`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..apportion_batch import quotients_ranking_before
from ..danish import integer
from ..errors import DataError
from .structures import (
    MAX_LISTS,
    RestPartitions,
    bell,
    rest_partitions,
    subset_members,
    subset_weights,
)

BATCH_BYTES = 1 << 28  # counters per batch of (partition, group) rows: ≈ 256 MB (×2 in flight)


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


class Enumeration:
    """The exhaustive strategy's methods (needs ``names``, ``weights``, ``total``, ``meeting``,
    ``label`` and the caches ``_subset``, ``_room``, ``_cap`` from
    :class:`~.valggrupper.Planner`)."""

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

    def _ranges_exhaustive(self, groups: np.ndarray) -> pd.DataFrame:
        """:meth:`~.valggrupper.Planner.ranges` over every partition of the others: groups of
        the same size together, in batches of bounded memory (at most :data:`MAX_LISTS`)."""
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


def _count_below(sums: np.ndarray, rooms: np.ndarray) -> np.ndarray:
    """Per row: the number of lanes with sums < rooms (the seats won), as int32. The booleans
    are bytes; summed eight at a time by one multiplication per uint64 word."""
    below = np.ascontiguousarray(sums < rooms).view(np.uint64)
    per_word = (below * np.uint64(0x0101010101010101)) >> np.uint64(56)
    return per_word.sum(axis=-1, dtype=np.int32)
