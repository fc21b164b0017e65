"""The structure engine: every way lists can group (valgforbund, valggrupper), vectorised.

A *structure* is a set partition of ``n`` lists (Bell(n) of them: 877 for 7 lists, 4,213,597
for 12). Groups are written as bitmasks over the lists, so that a quantity known per subset of
lists (its votes or members, its seats) is looked up for every group of every structure at once.

Two ways through the structures, both used by the rules' batch versions:

* :func:`block_masks` over all structures in chunks (the chair: who holds the first posts);
* :func:`rest_partitions`: per group ``G`` that contains a given list (:func:`groups_with`),
  every partition of the remaining lists (the planner: how many seats does ``G`` win whatever
  the others do). Each structure of all ``n`` lists is exactly one (G, partition of the rest)
  pair.
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
    return partitions_with_masks(n)[0]


def partitions_with_masks(n: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`set_partitions` and, grown alongside, :func:`block_masks` of the same rows."""
    if n == 0:
        return np.zeros((1, 0), dtype=np.int8), np.zeros((1, 1), dtype=np.int32)
    rgs = np.zeros((1, 1), dtype=np.int8)
    masks = np.ones((1, 1), dtype=np.int32)
    blocks = np.ones(1, dtype=np.int8)
    for i in range(1, n):
        parts, counts, grown_masks = [], [], []
        for label in range(int(blocks.max()) + 1):
            keep = blocks >= label
            grown = np.empty((int(keep.sum()), rgs.shape[1] + 1), dtype=np.int8)
            grown[:, :-1] = rgs[keep]
            grown[:, -1] = label
            parts.append(grown)
            counts.append(np.maximum(blocks[keep], label + 1))
            more = np.zeros((len(grown), i + 1), dtype=np.int32)
            more[:, :-1] = masks[keep]
            more[:, label] |= np.int32(1 << i)
            grown_masks.append(more)
        rgs, blocks = np.concatenate(parts), np.concatenate(counts).astype(np.int8)
        masks = np.concatenate(grown_masks)
    return rgs, masks


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
    rgs, masks = partitions_with_masks(m)
    groups = rgs.max(axis=1).astype(np.int64) + 1 if m else np.zeros(1, dtype=np.int64)
    order = np.argsort(groups, kind="stable")
    rgs, groups, masks = rgs[order], groups[order], masks[order]
    start = np.searchsorted(groups, np.arange(1, m + 1), side="left")
    for arr in (rgs, masks, start):
        arr.setflags(write=False)
    return RestPartitions(rgs, masks, start)


def groups_with(n: int, focus: int) -> np.ndarray:
    """Every group (bitmask over ``n`` lists) that contains list ``focus``."""
    masks = np.arange(1 << n, dtype=np.int64)
    return masks[(masks >> focus) & 1 == 1]
