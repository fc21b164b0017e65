"""Rule ``ksl24.valggrupper`` by two structures (``algorithm="two-structures"``, the default).

A valggruppe G's worst case is the others' grand coalition (merging opponents never lowers
their d'Hondt quotients; a one-seat body's sure majority does not depend on the others), its
best case the others fully split — lots against G in the first, for G in the second. Any number
of lists, nothing enumerated. :class:`~.valggrupper.Planner` mixes this in beside
:class:`~.planner_exhaustive.Enumeration`; tests/scenarios/test_planner_extremes.py and
tests/scenarios/test_planner_fast.py hold the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

FEW_WEIGHTS = 256  # distinct group weights up to which the full split is one product per weight


class TwoStructures:
    """The two-structures strategy's methods (needs ``names``, ``weights``, ``total``,
    ``meeting``, ``labels`` from :class:`~.valggrupper.Planner`)."""

    # A group's worst case is the others' grand coalition, its best case the others fully split
    # (``seat_extremes`` in tests/planner_oracles.py; tests/scenarios/test_planner_extremes.py
    # holds both equal to the enumeration). Per group one row against one opponent and one row
    # against every other list alone, for a whole batch of groups at once: no partition is
    # enumerated.

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

    def _ranges_two_structures(self, groups: np.ndarray) -> pd.DataFrame:
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
