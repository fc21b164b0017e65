"""Benchmark: exact KKR ranges while mayor posts are open (kkr_analysis.scenarios.mayors).

For every KKR of KV25: every post open (``--mayors-unknown=alle``; the issue's target is all
five under one second), the unconfirmed posts open (``--mayors-unknown``), then 1, 2, 3 posts
open (the region's municipalities in data order) beside the brute force over every assignment
(``compose`` per assignment, same size range checked) where it finishes within ``--budget``
seconds. Each line: the open posts, assignments (the product of the choices), distinct count
vectors composed, seconds, or the engine's refusal (more than ``MAX_VECTORS`` distinct counts).
The machine is shared: expect noise.

Run: .venv/bin/python benchmarks/bench_mayors.py [--budget 20]
"""

from __future__ import annotations

import argparse
import itertools
import time

from kkr_analysis.errors import DataError
from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.lists import mayor_choices, mayor_unconfirmed, region_tally, with_mayors
from kkr_analysis.scenario import Scenario
from kkr_analysis.scenarios.mayors import mayor_ranges


def brute_force_size(data, region, posts, budget):
    """The size range over every assignment, or None past the budget."""
    choices = mayor_choices(data, region, posts)
    start = time.perf_counter()
    sizes = []
    for assignment in itertools.product(*choices.values()):
        comp = compose(region_tally(with_mayors(data, dict(zip(choices, assignment))), region))
        sizes += [sum(o.values()) for o in comp.outcomes()]
        if time.perf_counter() - start > budget:
            return None, time.perf_counter() - start
    return (min(sizes), max(sizes)), time.perf_counter() - start


def run(region, data, posts, budget, label):
    start = time.perf_counter()
    try:
        ranges = mayor_ranges(data, region, posts)
    except DataError as exc:
        print(f"  {label}: refused after {time.perf_counter() - start:.1f} s ({exc})")
        return None
    took = time.perf_counter() - start
    truth, brute = brute_force_size(data, region, posts, budget)
    same = truth == (ranges.size_low, ranges.size_high)
    check = ("brute force over budget" if truth is None else
             f"brute force {brute:.1f} s, {'same' if same else 'DIFFERENT'}")
    print(f"  {label}: {len(posts)} open, {ranges.assignments:,} assignments, "
          f"{ranges.vectors:,} vectors, {took:.2f} s, size {ranges.size_low}-"
          f"{ranges.size_high}; {check}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=float, default=20.0)
    args = parser.parse_args()
    data = Scenario(election="KV25").data()
    for region in data.regions:
        print(f"KKR {region} (KV25)")
        municipalities = list(data.councils.loc[data.councils["region"] == region,
                                                "municipality"])
        run(region, data, {m: "?" for m in municipalities}, 0.0, "all open")
        unconfirmed = mayor_unconfirmed(data, region)
        run(region, data, {m: "?" for m in unconfirmed}, 0.0, "unconfirmed")
        for n in range(1, 4):
            run(region, data, {m: "?" for m in municipalities[:n]}, args.budget, f"first {n}")

if __name__ == "__main__":
    main()
