"""Every valgforbund structure at once: who gets formand and næstformand in each.

A structure is a set partition of the lists that take part (Bell(n) of them: 877 for 7 lists,
4,213,597 for 12). Each is evaluated with the same rule as
:func:`kkr_analysis.rules.chair.elect_chair`, vectorised:

1. every possible alliance (a subset of lists, ``2**n - 1`` of them) is solved once: its votes
   and which member takes its 1st and 2nd seat (batch d'Hondt inside the alliance);
2. every structure's alliances are looked up by bitmask, and the two posts are shared between
   alliances with the batch d'Hondt (exact integer comparisons throughout);
3. structures where a lot decides are re-evaluated with the exact scalar rule, so that the lists
   involved are named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from ..apportion_batch import dhondt_order
from ..danish import integer
from ..errors import DataError
from ..rules.chair import Alliance, elect_chair
from .chair_batch import assign_posts, inner_picks
from .structures import (  # noqa: F401 - bell and set_partitions are re-exported
    MAX_LISTS,
    bell,
    iter_block_masks,
    set_partitions,
    subset_members,
)


def _subset_table(votes: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """For every subset (bitmask) of lists: its total votes and the members taking its seats
    (``inner_picks``), solved once with the batch d'Hondt."""
    inner = np.where(subset_members(len(votes)), votes[None, :], 0)
    return inner.sum(axis=1), inner_picks(dhondt_order(inner, 1), dhondt_order(inner, 2))


@dataclass(frozen=True)
class StructureOutcomes:
    """Formand and næstformand in every structure (index into ``lists``; -1 = a lot decides)."""

    lists: tuple[str, ...]
    votes: tuple[int, ...]
    partitions: np.ndarray  # (S, n) alliance label per list
    chair: np.ndarray  # (S,)
    vice_chair: np.ndarray  # (S,)
    chair_lot: np.ndarray  # (S,) bool
    vice_lot: np.ndarray  # (S,) bool
    lot_lists: dict[int, tuple[str, ...]]  # structure → lists involved in its lot(s)

    @property
    def structures(self) -> int:
        return len(self.chair)

    def alliances_of(self, row: int) -> list[Alliance]:
        labels = self.partitions[row]
        return [Alliance(tuple(self.lists[i] for i in np.flatnonzero(labels == lab)))
                for lab in range(int(labels.max()) + 1)]

    def summary(self) -> pd.DataFrame:
        """Per list: in how many structures it holds formand, næstformand, both, or neither,
        or takes part in a lot (rule ``chair.valgforbund``).

        ``chair`` and ``vice_chair`` count every structure in which the list holds that post
        with no lot (a list holding both is in both). The exclusive categories, which add up to
        ``structures`` for every list, are ``both_posts``, ``chair_only``, ``vice_chair_only``,
        ``in_a_lot`` (a lot decides one of the posts and the list is among the lots' lists; a
        lot goes before any post held for sure) and ``neither``.
        """
        n = len(self.lists)
        index = {name: i for i, name in enumerate(self.lists)}
        in_lot = np.zeros((self.structures, n), dtype=bool)
        for row, names in self.lot_lists.items():
            for name in set(names):  # a list, or a valgforbund "A+C" tied between alliances
                for member in ([name] if name in index else name.split("+")):
                    in_lot[row, index[member]] = True
        ids = np.arange(n)[None, :]
        has_chair = self.chair[:, None] == ids
        has_vice = self.vice_chair[:, None] == ids
        sure = ~in_lot
        frame = pd.DataFrame({
            "list": self.lists, "votes": self.votes,
            "chair": has_chair.sum(axis=0), "vice_chair": has_vice.sum(axis=0),
            "both_posts": (has_chair & has_vice & sure).sum(axis=0),
            "chair_only": (has_chair & ~has_vice & sure).sum(axis=0),
            "vice_chair_only": (has_vice & ~has_chair & sure).sum(axis=0),
            "in_a_lot": in_lot.sum(axis=0),
            "neither": (~has_chair & ~has_vice & sure).sum(axis=0),
        })
        frame["chair_share"] = frame["chair"] / self.structures
        return frame


def evaluate_structures(votes: Mapping[str, int], progress: bool = True) -> StructureOutcomes:
    """Formand and næstformand under every valgforbund structure of ``votes``' lists (rule
    ``chair.structures``)."""
    names = tuple(votes)
    n = len(names)
    if n > MAX_LISTS:
        raise DataError(f"{n} lister deltager, hvilket giver Bell({n}) = {integer(bell(n))} "
                        f"strukturer af valgforbund; at prøve dem alle er begrænset til "
                        f"{MAX_LISTS} lister")
    vec = np.array([votes[k] for k in names], dtype=np.int64)
    totals, table = _subset_table(vec)
    rgs = set_partitions(n)
    size = len(rgs)
    chair = np.empty(size, dtype=np.int16)
    vice = np.empty(size, dtype=np.int16)
    chair_lot = np.empty(size, dtype=bool)
    vice_lot = np.empty(size, dtype=bool)
    bar = tqdm(total=size, unit=" strukturer", delay=1.0, disable=not progress, leave=False)
    for done, masks in iter_block_masks(rgs):
        rows = np.arange(len(masks))
        posts = assign_posts(dhondt_order(totals[masks], 2),
                             lambda kind, block, m=masks, r=rows: table[kind][m[r, block]])
        chair[done], vice[done] = posts.chair, posts.vice_chair
        chair_lot[done], vice_lot[done] = posts.chair_lot, posts.vice_lot
        bar.update(len(masks))
    bar.close()
    outcomes = StructureOutcomes(names, tuple(int(x) for x in vec), rgs, chair, vice,
                                 chair_lot, vice_lot, {})
    lots = np.flatnonzero(chair_lot | vice_lot)
    for row in lots:  # name the lists in each lot with the exact scalar rule (lots are rare)
        result = elect_chair(votes, outcomes.alliances_of(int(row)))
        outcomes.lot_lists[int(row)] = tuple(m for t in result.ties for m in t.lists)
    return outcomes


@dataclass(frozen=True)
class Guarantee:
    """An alliance that gives ``list`` a post in every structure of the other lists."""

    members: tuple[str, ...]
    votes: int
    structures: int
    nominee: str | None = None  # the valgforbund names this list for its seat (FO § 4)

    @property
    def label(self) -> str:
        """As ``--alliance`` takes it: ``"C+Ø+V"``, or ``"A+C:C"`` with a nominee."""
        return "+".join(self.members) + (f":{self.nominee}" if self.nominee else "")


def guaranteeing_alliances(out: StructureOutcomes, name: str,
                           post: str = "chair", *, nominee: bool = False) -> list[Guarantee]:
    """Alliances containing ``name`` that win it ``post`` whatever the others do, smallest first.

    Read off the exhaustive outcomes: an alliance guarantees the post when ``name`` holds it
    (with no lot) in every structure in which that alliance appears.

    ``nominee=True`` (formand only): the alliance names ``name`` for its seat ("A+C:C",
    forretningsorden § 4), so ``name`` is formand whenever its alliance wins the formand post —
    the post between alliances does not depend on the nominee. Structures with a lot are decided
    again by the exact rule (:func:`elect_chair`) with the nominee named.
    """
    if nominee and post != "chair":
        raise ValueError("a nominee takes the alliance's first seat: only post='chair'")
    i = out.lists.index(name)
    n = len(out.lists)
    labels = out.partitions
    mine = labels == labels[:, [i]]
    mask = (mine * (1 << np.arange(n))).sum(axis=1)
    holds = (out.chair if post == "chair" else out.vice_chair) == i
    if nominee:
        rows = np.arange(out.structures)
        holds = (out.chair >= 0) & mine[rows, np.maximum(out.chair, 0)]
        votes = dict(zip(out.lists, out.votes))
        for row in np.flatnonzero(out.chair < 0):
            alliances = [Alliance(a.members, name if name in a.members else None)
                         for a in out.alliances_of(int(row))]
            result = elect_chair(votes, alliances)
            holds[row] = result.chair is not None and result.chair.list == name
    total = np.bincount(mask, minlength=1 << n)
    wins = np.bincount(mask, weights=holds, minlength=1 << n)
    good = np.flatnonzero((total > 0) & (wins == total))
    result = []
    for m in good:
        members = tuple(out.lists[j] for j in range(n) if m >> j & 1)
        result.append(Guarantee(members, sum(out.votes[out.lists.index(x)] for x in members),
                                int(total[m]), name if nominee and len(members) > 1 else None))
    return sorted(result, key=lambda g: (len(g.members), -g.votes, g.members))


def minimal_guarantees(guarantees: list[Guarantee]) -> list[Guarantee]:
    """Only the guaranteeing alliances none of whose proper subsets also guarantees."""
    sets = [frozenset(g.members) for g in guarantees]
    return [g for g, s in zip(guarantees, sets) if not any(t < s for t in sets)]


def guarantees_for(out: StructureOutcomes, name: str) -> list[Guarantee]:
    """The minimal valgforbund that make ``name`` formand whatever the others do: those that
    leave the alliance's seat to its member with the most votes, then those that name ``name``
    for it (forretningsorden § 4) and are not already in the first kind — smallest first."""
    plain = minimal_guarantees(guaranteeing_alliances(out, name))
    named = minimal_guarantees(guaranteeing_alliances(out, name, nominee=True))
    known = {g.members for g in plain}
    extra = [g for g in named if g.members not in known and g.nominee is not None]
    return sorted(plain + extra, key=lambda g: (len(g.members), -g.votes, g.members))
