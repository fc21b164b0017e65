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
``seat_extremes`` in tests/planner_oracles.py, and tests/scenarios/test_planner_extremes.py and
tests/scenarios/test_planner_fast.py hold both equal to the enumeration below.

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
from ..errors import DataError, did_you_mean
from ..rules.appointments import Body
from .planner_exhaustive import Enumeration
from .planner_two_structures import TwoStructures
from .structures import groups_with

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


ALGORITHMS = ("two-structures", "exhaustive")


class Planner(TwoStructures, Enumeration):
    """Every valggruppe's seats over a meeting, for lists with the given weights (members of
    the KKR, or votes for KL's board); rule ``ksl24.valggrupper`` (kommunestyrelsesloven
    § 24, stk. 1 and 3), by one of two named strategies over the same § 24 counting:

    * ``algorithm="two-structures"`` (the default,
      :class:`~.planner_two_structures.TwoStructures`): ``min_seats``/``max_seats`` from the
      others' grand coalition and the others fully split, with the lot flags
      ``lot_worst``/``lot_best``; any number of lists.
    * ``algorithm="exhaustive"`` (``exhaustive=True``, :class:`~.planner_exhaustive.Enumeration`):
      over every partition of the others, with ``partitions`` and ``lots`` (the output of
      ``--exhaustive``); more than :data:`~.structures.MAX_LISTS` lists is a
      :class:`DataError` — as is :meth:`outcomes`, which always enumerates.

    The tests hold the two equal (tests/scenarios/test_planner_fast.py,
    tests/scenarios/test_planner_extremes.py)."""

    def __init__(self, weights: Mapping[str, int], meeting: Meeting,
                 exhaustive: bool = False, *, algorithm: str | None = None) -> None:
        self.names = tuple(weights)
        self.algorithm = algorithm or ("exhaustive" if exhaustive else "two-structures")
        if self.algorithm not in ALGORITHMS:
            raise DataError(f"planlæggerens metode er {' eller '.join(ALGORITHMS)}, ikke "
                            f"{self.algorithm!r}")
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

    @property
    def exhaustive(self) -> bool:
        return self.algorithm == "exhaustive"

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

    # -- summaries -----------------------------------------------------------------------------
    def ranges(self, groups: Iterable[int]) -> pd.DataFrame:
        """Per group: members, min_seats, max_seats and the worst structure of the others
        (``worst_case``: always their grand coalition, the first partition enumerated); then
        with ``exhaustive`` ``partitions`` (how many partitions of the others) and ``lots``
        (in how many a lot decides one of the group's seats), by default ``lot_worst`` and
        ``lot_best`` (a lot in the worst / the best case) from the two structures."""
        if isinstance(groups, np.ndarray):
            groups = groups.astype(np.int64).reshape(-1)
            if len(groups) > 1 and not (groups[1:] > groups[:-1]).all():
                groups = np.unique(groups)
        else:
            groups = np.array(sorted({int(g) for g in groups}), dtype=np.int64)
        if len(groups) and (groups.min() <= 0 or groups.max() >> len(self.names)):
            raise ValueError("a group is a non-empty set of the lists")
        if not self.exhaustive:
            return self._ranges_two_structures(groups)
        frame = self._ranges_exhaustive(groups)
        frame = frame.sort_values(["min_seats", "members", "max_seats", "_size", "group"],
                                  ascending=[False, True, False, True, True], kind="stable")
        return frame.drop(columns="_size").reset_index(drop=True)

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
