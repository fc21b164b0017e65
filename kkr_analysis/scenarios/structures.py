"""The structure engine: every way lists can group (valgforbund, valggrupper), vectorised.

A *structure* is a set partition of ``n`` lists (Bell(n) of them: 877 for 7 lists, 4,213,597
for 12). Groups are written as bitmasks over the lists, so that a quantity known per subset of
lists (its votes or members, its seats) is looked up for every group of every structure at once.

Two ways through the structures, both used by the rules' batch versions:

* :func:`block_masks` over all structures in chunks (the chair: who holds the first posts);
* :func:`focus_partitions`: per group ``G`` that contains a given list, every partition of the
  remaining lists (the planner: how many seats does ``G`` win whatever the others do). Each
  structure of all ``n`` lists is exactly one (G, partition of the rest) pair.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

MAX_LISTS = 14  # Bell(14) = 190,899,322 structures: the practical limit in memory


def bell(n: int) -> int:
    """The number of set partitions of ``n`` lists."""
    row = [1]
    for _ in range(n):
        nxt = [row[-1]]
        for value in row:
            nxt.append(nxt[-1] + value)
        row = nxt
    return row[0]


def set_partitions(n: int) -> np.ndarray:
    """All set partitions of ``range(n)`` as restricted-growth strings, shape ``(Bell(n), n)``.

    Row ``r`` gives each list's group label; labels appear in order of first use, so list 0
    always has label 0. Built column by column with numpy (no Python loop over structures).
    """
    if n == 0:
        return np.zeros((1, 0), dtype=np.int8)
    rgs = np.zeros((1, 1), dtype=np.int8)
    blocks = np.ones(1, dtype=np.int8)
    for _ in range(1, n):
        parts, counts = [], []
        for label in range(int(blocks.max()) + 1):
            keep = blocks >= label
            grown = np.empty((int(keep.sum()), rgs.shape[1] + 1), dtype=np.int8)
            grown[:, :-1] = rgs[keep]
            grown[:, -1] = label
            parts.append(grown)
            counts.append(np.maximum(blocks[keep], label + 1))
        rgs, blocks = np.concatenate(parts), np.concatenate(counts).astype(np.int8)
    return rgs


def block_masks(rgs: np.ndarray) -> np.ndarray:
    """Group label → member bitmask per structure: shape ``(S, n)``, 0 for unused labels."""
    size, n = rgs.shape
    rows = np.arange(size)
    masks = np.zeros((size, max(n, 1)), dtype=np.int32)
    for i in range(n):
        masks[rows, rgs[:, i]] |= np.int32(1 << i)
    return masks


def iter_block_masks(rgs: np.ndarray, step: int = 1 << 18) -> Iterator[tuple[slice, np.ndarray]]:
    """:func:`block_masks` in chunks of ``step`` structures (bounded memory)."""
    for start in range(0, len(rgs), step):
        part = rgs[start:start + step]
        yield slice(start, start + len(part)), block_masks(part)


def subset_members(n: int) -> np.ndarray:
    """``(2**n, n)`` booleans: list ``i`` belongs to subset (bitmask) ``m``."""
    masks = np.arange(1 << n)
    return ((masks[:, None] >> np.arange(n)) & 1).astype(bool)


def subset_weights(weights: np.ndarray) -> np.ndarray:
    """Total weight (votes or members) of every subset of the lists, by bitmask."""
    weights = np.asarray(weights, dtype=np.int64)
    return np.where(subset_members(len(weights)), weights[None, :], 0).sum(axis=1)


@dataclass(frozen=True)
class RestPartitions:
    """Every partition of ``m`` lists, rows ordered by their number of groups.

    ``masks[r, j]``: local bitmask of group ``j`` in partition ``r`` (0 where unused);
    ``start[j]``: the first row that has a group ``j`` (rows before it have fewer groups), so
    the work per group label covers only the partitions that use it.
    """

    rgs: np.ndarray
    masks: np.ndarray
    start: np.ndarray


@lru_cache(maxsize=16)
def rest_partitions(m: int) -> RestPartitions:
    """All partitions of ``m`` lists (cached: shared by every group of the same size)."""
    rgs = set_partitions(m)
    groups = rgs.max(axis=1).astype(np.int64) + 1 if m else np.zeros(1, dtype=np.int64)
    order = np.argsort(groups, kind="stable")
    rgs, groups = rgs[order], groups[order]
    masks = block_masks(rgs) if m else np.zeros((1, 0), dtype=np.int32)
    start = np.searchsorted(groups, np.arange(1, m + 1), side="left")
    for arr in (rgs, masks, start):
        arr.setflags(write=False)
    return RestPartitions(rgs, masks, start)


def groups_with(n: int, focus: int) -> np.ndarray:
    """Every group (bitmask over ``n`` lists) that contains list ``focus``."""
    masks = np.arange(1 << n, dtype=np.int64)
    return masks[(masks >> focus) & 1 == 1]


def rest_of(n: int, group: int) -> tuple[int, ...]:
    """The lists outside ``group``, in list order."""
    return tuple(i for i in range(n) if not group >> i & 1)


def local_to_global(rest: tuple[int, ...]) -> np.ndarray:
    """Bitmask over the rest's ``m`` lists → bitmask over all lists (table of ``2**m``)."""
    m = len(rest)
    bits = np.array([1 << i for i in rest], dtype=np.int64)
    return np.where(subset_members(m), bits[None, :], 0).sum(axis=1) if m else np.zeros(
        1, dtype=np.int64)


def focus_partitions(n: int, group: int) -> tuple[tuple[int, ...], RestPartitions]:
    """The rest's lists and every partition of them, for one group ``G`` (a bitmask)."""
    rest = rest_of(n, group)
    return rest, rest_partitions(len(rest))


def gather_sum(table: np.ndarray, parts: RestPartitions) -> np.ndarray:
    """Per partition: the sum over its groups of ``table[local mask]`` (shape ``(P, K)``).

    ``table`` has one row per local bitmask (``2**m``); row 0 (the empty group) is never read.
    """
    size = len(parts.masks)
    out = np.zeros((size, table.shape[1]), dtype=table.dtype)
    for j, first in enumerate(parts.start):
        out[first:] += np.take(table, parts.masks[first:, j], axis=0)
    return out
