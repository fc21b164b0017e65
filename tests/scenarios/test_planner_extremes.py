"""Issue 21, item 6: is a valggruppe's worst case always the others' grand coalition and its
best case the others fully split? Checked by brute force over every partition of the other
lists (the planner's enumeration, itself held equal to the scalar § 24 rules in
tests/scenarios/test_planner.py), lots included, one-seat bodies included.

It holds, so ``seat_extremes`` computes ``min_seats``/``max_seats`` from those two structures
(scalar rules, any number of lists); the enumeration stays as its oracle here and for what
only it gives (``partitions``, ``lots``: ``--exhaustive``'s output unchanged).
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from planner_oracles import seat_extremes

from kkr_analysis.rules.appointments import Body
from kkr_analysis.scenarios.valggrupper import Planner, meeting_of

SEED_BODIES = (Body("Erhvervshus", 4), Body("EU-kontor", 1), Body("Vækstforum", 3),
               Body("Sundhed", 2), Body("Turisme", 1), Body("Trafik", 5))
CASES = [({"A": 17, "C": 14, "Ø": 9, "V": 6, "F": 5, "B": 5, "O": 2}, SEED_BODIES),
         ({"A": 17, "C": 13, "Ø": 8, "V": 6, "F": 5, "B": 5, "O": 2, "D": 2}, SEED_BODIES)]


def extremes_hold(planner: Planner, group: int, bodies=()) -> tuple[bool, str]:
    """The enumeration's min/max sit at the grand coalition / the full split, and
    :func:`seat_extremes` (two structures, scalar rules) gives the same numbers."""
    out = planner.outcomes(group)
    weights = dict(zip(planner.names, map(int, planner.weights)))
    fast = seat_extremes(weights, bodies, planner.label(group).split("+"))
    if fast != (int(out.low.min()), int(out.high.max())):
        return False, f"group {planner.label(group)}: seat_extremes {fast}"
    rgs = out.partitions.rgs
    if rgs.shape[1] == 0:  # no other list: one structure
        return True, ""
    grand = int(np.flatnonzero((rgs == 0).all(axis=1))[0])
    split = int(np.flatnonzero((rgs == np.arange(rgs.shape[1])).all(axis=1))[0])
    ok = out.low[grand] == out.low.min() and out.high[split] == out.high.max()
    return bool(ok), (f"group {planner.label(group)}: min {out.low.min()} vs grand "
                      f"{out.low[grand]}, max {out.high.max()} vs split {out.high[split]}")


@pytest.mark.parametrize("case", range(len(CASES)))
def test_every_valggruppe_of_a_kkr(case):
    weights, bodies = CASES[case]
    planner = Planner(weights, meeting_of(bodies))
    groups = range(1, 2 ** len(weights))
    failures = [why for g in groups for ok, why in [extremes_hold(planner, g, bodies)]
                if not ok]
    assert failures == []


def test_four_hundred_random_cases():
    rng = random.Random(21)
    checked = varied = 0
    failures = []
    for _ in range(400):
        n = rng.randint(2, 7)
        weights = {f"L{i}": rng.choice([rng.randint(1, 6), rng.randint(1, 40)])
                   for i in range(n)}
        bodies = [Body(f"B{j}", rng.choice([1, 1, 2, 3, 4, 5, 7, 9]))
                  for j in range(rng.randint(1, 3))]
        planner = Planner(weights, meeting_of(bodies))
        group = rng.randint(1, 2 ** n - 1)
        ok, why = extremes_hold(planner, group, bodies)
        checked += 1
        out = planner.outcomes(group)
        varied += int(out.low.min() < out.low.max() or out.high.min() < out.high.max())
        if not ok:
            failures.append((weights, [b.seats for b in bodies], why))
    assert checked == 400 and failures == []
    assert varied >= 100  # the partition matters in many cases: the check can fail
