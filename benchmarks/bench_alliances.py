"""Benchmark: exhaustive valgforbund analysis for 8, 10 and 12 lists.

Vectorised (kkr_analysis.scenarios.alliances) against a reference loop that does the same work
one structure at a time with the `apportionment` package from PyPI (d'Hondt between alliances,
then d'Hondt inside the winning alliances). Votes are random but fixed (seeded), of the size of a
region's list totals. For 12 lists the reference loop is timed on a random sample of structures
and scaled up; the output says so. Both sides' chair counts are compared on that sample.

Run: .venv/bin/python benchmarks/bench_alliances.py [--sample 200000]
"""

from __future__ import annotations

import argparse
import random
import time

import apportionment.methods as reference
import numpy as np

from kkr_analysis.scenarios.alliances import evaluate_structures, set_partitions


def reference_chair(votes: list[int], labels: np.ndarray) -> tuple[int, int]:
    """Formand and næstformand of one structure with the `apportionment` package (-1: a lot)."""
    blocks = [np.flatnonzero(labels == b) for b in range(int(labels.max()) + 1)]
    totals = [sum(votes[i] for i in blk) for blk in blocks]
    try:
        seats = reference.compute("dhondt", totals, 2, verbose=False, tiesallowed=False)
    except reference.TiesException:
        return -1, -1
    order = sorted(range(len(blocks)), key=lambda b: -totals[b])
    posts = []
    for b in order:
        if seats[b] == 0:
            continue
        members = [votes[i] for i in blocks[b]]
        try:
            inner = reference.compute("dhondt", members, seats[b], verbose=False,
                                      tiesallowed=False)
        except reference.TiesException:
            return -1, -1
        ranked = sorted(range(len(members)), key=lambda j: -members[j])
        posts += [blocks[b][j] for j in ranked for _ in range(inner[j])]  # top member first
    return int(posts[0]), int(posts[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=200_000,
                        help="structures timed in the reference loop for 12 lists")
    args = parser.parse_args()
    print(f"{'lists':>5} {'structures':>12} {'vectorised':>11} {'reference':>12} {'ratio':>8}")
    for n in (8, 10, 12):
        rng = random.Random(n)
        votes = {chr(65 + i): rng.randint(5_000, 250_000) for i in range(n)}
        start = time.perf_counter()
        out = evaluate_structures(votes, progress=True)
        fast = time.perf_counter() - start
        parts = set_partitions(n)
        rows = np.arange(len(parts))
        if len(rows) > args.sample:
            rows = np.random.default_rng(n).choice(rows, args.sample, replace=False)
        vec = list(votes.values())
        start = time.perf_counter()
        ref = [reference_chair(vec, parts[r]) for r in rows]
        slow = (time.perf_counter() - start) * len(parts) / len(rows)
        ref_chair = np.array([c for c, _ in ref])
        assert (ref_chair == out.chair[rows]).all(), "reference and vectorised disagree"
        label = "" if len(rows) == len(parts) else f"  (reference scaled from {len(rows):,})"
        print(f"{n:>5} {out.structures:>12,} {fast:>10.2f}s {slow:>11.1f}s {slow / fast:>7.0f}x"
              f"{label}")


if __name__ == "__main__":
    main()
