"""Benchmark: 100,000 Monte-Carlo draws for KKR Hovedstaden (bundled KV21 data).

Vectorised (`simulate`: batch composition + batch chair election) against a plain Python loop
over the same draws calling the scalar `compose` and `elect_chair` — timed on the first
`--sample` draws and scaled up (the output says so); both give the same seats on that sample.

Run: .venv/bin/python benchmarks/bench_montecarlo.py [--draws 100000] [--sample 2000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from kkr_analysis.data import load_election
from kkr_analysis.rules.chair import chair_votes, elect_chair
from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.lists import region_tally
from kkr_analysis.scenarios.montecarlo import compose_many, draw_votes, simulate, tally_with_votes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()
    tally = region_tally(load_election("KV21"), "Hovedstaden")
    start = time.perf_counter()
    simulate(tally, args.draws, 2000.0)
    fast = time.perf_counter() - start
    votes = draw_votes(tally, args.draws, 2000.0)
    start = time.perf_counter()
    loop = []
    for row in votes[: args.sample]:
        comp = compose(tally_with_votes(tally, row))
        elect_chair(chair_votes(comp))
        loop.append([r.total for r in comp.rows])
    slow = (time.perf_counter() - start) * args.draws / args.sample
    assert (np.array(loop) == compose_many(tally, votes[: args.sample]).seats).all()
    print(f"Monte Carlo, KKR Hovedstaden, {args.draws:,} draws:")
    print(f"  vectorised  {fast:8.2f} s")
    print(f"  plain loop  {slow:8.1f} s  (timed on {args.sample:,} draws, scaled)")
    print(f"  ratio       {slow / fast:8.0f}x")


if __name__ == "__main__":
    main()
