"""Benchmark: the constituent-meeting planner (every valggruppe over every partition).

0. The default planner (two structures per group: the others' grand coalition and the others
   fully split, rule ``ksl24.valggrupper``) against the enumeration (``exhaustive=True``) on
   the same rows: seconds each, the ratio, and the same min/max seats checked; then the
   default alone on 20 lists (2**19 groups), where the enumeration refuses (at most 14 lists).

1. 12 lists, one 17-seat body (KL's board size): every group containing list A over every
   partition of the others — all 4,213,597 structures of 12 lists.
2. 10 lists over a meeting of 20 bodies (all 115,975 structures of 10 lists).

Vectorised (kkr_analysis.scenarios.valggrupper) against a reference loop that does the same
work one structure at a time with the `apportionment` package from PyPI (d'Hondt per body, a
one-seat body by majority). The loop is timed on a random sample of structures and scaled up;
both sides' seats are compared on that sample (structures with a lot are skipped by the
reference, which cannot name them). Weights are random but fixed (seeded): votes of a region's
list totals for (1), KKR member numbers for (2). The 20 bodies' sizes are synthetic (a
benchmark load, not data).

"first" is the first call in the process (it also builds the partitions, cached afterwards);
"repeat" the best of three further calls with a fresh Planner; the ratios divide the scaled
reference by each. The machine is shared: expect noise.

Run: .venv/bin/python benchmarks/bench_valggrupper.py [--sample 20000] [--lists 12]
(``--lists 8 --sample 200``: a quick run with small sizes)
"""

from __future__ import annotations

import argparse
import random
import resource
import time

import apportionment.methods as reference
import numpy as np

from kkr_analysis.scenarios.structures import MAX_LISTS, bell, groups_with
from kkr_analysis.scenarios.valggrupper import Meeting, Planner

BODIES_20 = (1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 11, 13)  # synthetic sizes


def reference_seats(groups: list[int], mine: int, meeting: Meeting) -> int | None:
    """G's seats over the meeting, one structure, with the `apportionment` package (None: a
    lot or an open majority vote decides)."""
    total = sum(groups)
    seats = 0
    for k in meeting.proportional:
        try:
            won = reference.compute("dhondt", groups, k, verbose=False, tiesallowed=False)
        except reference.TiesException:
            return None
        seats += won[mine]
    for _ in range(meeting.majority):
        if 2 * groups[mine] > total:
            seats += 1
        elif not any(2 * g > total for g in groups):
            return None
    return seats


def bench_fast(label: str, weights: dict[str, int], meeting: Meeting) -> None:
    """The default (two structures) against the enumeration (``exhaustive=True``), for_list of
    the first list; with more than MAX_LISTS lists the default alone."""
    first = next(iter(weights))
    start = time.perf_counter()
    fast = Planner(weights, meeting).for_list(first)
    quick = time.perf_counter() - start
    if len(weights) > MAX_LISTS:
        print(f"{label:<34} {len(fast):>10,} groups: default {quick:>7.2f}s; enumeration "
              f"refused (at most {MAX_LISTS} lists)")
        return
    start = time.perf_counter()
    slow = Planner(weights, meeting, exhaustive=True).for_list(first)
    full = time.perf_counter() - start
    same = ["group", "members", "min_seats", "max_seats", "worst_case"]
    assert fast[same].values.tolist() == slow[same].values.tolist(), "default ≠ enumeration"
    print(f"{label:<34} {len(fast):>10,} groups: default {quick:>7.3f}s, exhaustive "
          f"{full:>7.2f}s, {full / quick:>6.0f}x; min/max seats equal")


def bench(label: str, weights: dict[str, int], meeting: Meeting, sample: int) -> None:
    planner = Planner(weights, meeting, exhaustive=True)
    n = len(weights)
    first = next(iter(weights))
    start = time.perf_counter()
    table = planner.for_list(first)  # first call: builds the partitions too
    cold = time.perf_counter() - start
    warm = []
    for _ in range(3):  # the partitions are cached; a fresh Planner each time
        start = time.perf_counter()
        Planner(weights, meeting, exhaustive=True).for_list(first)
        warm.append(time.perf_counter() - start)
    fast = min(warm)
    structures = int(table["partitions"].sum())
    assert structures == bell(n)
    # The reference loop on a random sample of (group, partition of the others).
    rng = np.random.default_rng(n)
    groups = groups_with(n, 0)
    picks = rng.choice(groups, size=sample)
    vec = planner.weights
    checked = elapsed = 0.0
    outcomes = {}
    for g in np.unique(picks):
        outcomes[int(g)] = planner.outcomes(int(g))
    for g in picks:
        out = outcomes[int(g)]
        row = int(rng.integers(len(out.low)))
        blocks = [int(g)] + [sum(1 << i for i in grp) for grp in out.others(row)]
        sums = [int(sum(vec[i] for i in range(n) if b >> i & 1)) for b in blocks]
        t0 = time.perf_counter()
        seats = reference_seats(sums, 0, meeting)
        elapsed += time.perf_counter() - t0
        if seats is not None:
            assert out.low[row] == out.high[row] == seats, "reference and vectorised disagree"
            checked += 1
    slow = elapsed * structures / sample
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<34} {structures:>10,} {cold:>7.2f}s {fast:>7.2f}s {slow:>10.1f}s "
          f"{slow / cold:>6.0f}x {slow / fast:>6.0f}x  (reference scaled from {sample:,}; "
          f"{int(checked):,} equal, rest lots or open votes; peak RSS {rss:,.0f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=20_000,
                        help="structures timed in the reference loop")
    parser.add_argument("--lists", type=int, default=12,
                        help="lists in the first case (12; fewer for a quick run)")
    args = parser.parse_args()
    rng = random.Random(12)
    votes = {chr(65 + i): rng.randint(5_000, 250_000) for i in range(args.lists)}
    rng = random.Random(10)
    members = {chr(65 + i): rng.randint(1, 20) for i in range(min(args.lists, 10))}
    meeting = Meeting(tuple(k for k in BODIES_20 if k > 1), BODIES_20.count(1))
    print("default (two structures) vs exhaustive (every partition):")
    bench_fast(f"{args.lists} lists, one 17-seat body", votes, Meeting((17,), 0))
    bench_fast(f"{len(members)} lists, a meeting of 20 bodies", members, meeting)
    rng = random.Random(20)
    bench_fast("20 lists, a meeting of 20 bodies",
               {f"L{i:02d}": rng.randint(1, 20) for i in range(20)}, meeting)
    print(f"\n{'case':<34} {'structures':>10} {'first':>8} {'repeat':>8} {'reference':>11} "
          f"{'ratio':>7} {'repeat':>6}")
    bench(f"{args.lists} lists, one 17-seat body", votes, Meeting((17,), 0), args.sample)
    bench(f"{len(members)} lists, a meeting of 20 bodies", members, meeting, args.sample)


if __name__ == "__main__":
    main()
