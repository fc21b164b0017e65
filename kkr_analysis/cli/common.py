"""Shared pieces of the command line: common options, loading, printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

import pandas as pd

from ..data import load_election, load_region_votes
from ..rules.chair import chair_votes
from ..rules.composition import compose
from ..rules.lists import RegionTally, region_tally, tally_from_region_votes

Handler = Callable[[argparse.Namespace], int]
Subparsers = argparse._SubParsersAction  # noqa: SLF001 - argparse exposes no public name


def add_common(parser: argparse.ArgumentParser, *, kkr: bool = True) -> None:
    """--election, --kkr, --data-dir, --format and --regions, as every KKR command takes."""
    parser.add_argument("--election", default="KV21", help="election, e.g. KV21 (default)")
    if kkr:
        parser.add_argument("--kkr", required=True, help="region, e.g. Hovedstaden")
    parser.add_argument("--data-dir", default=None,
                        help="your own data folder (same layout as the bundled data)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    if kkr:
        parser.add_argument("--regions", default=None, metavar="YEAR",
                            help="a region mapping scenario, e.g. 2027 (Region Østdanmark)")


def load_tally(args: argparse.Namespace) -> RegionTally:
    """The region's tally from the options (data folder, region scenario, region totals)."""
    data = load_election(args.election, args.data_dir, getattr(args, "regions", None))
    if data.is_scenario and args.format == "table":
        print(f"SCENARIO: regions as in regions_{data.regions_year}.csv — not a decided KL "
              "structure")
    if data.party_assumption and args.format == "table":
        print(f"Party registry (KL's love § 6) for {data.election}: {data.party_assumption}")
    if getattr(args, "region_votes", None):
        return tally_from_region_votes(data, args.kkr, load_region_votes(args.region_votes))
    return region_tally(data, args.kkr)


def print_frame(frame: pd.DataFrame, fmt: str) -> None:
    """CSV to stdout, or an aligned table."""
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    else:
        print(frame.to_string(index=False))


def emit(frame: pd.DataFrame, fmt: str, title: str = "") -> None:
    """A frame as JSON records, CSV, or a titled table."""
    if fmt == "json":
        print(frame.to_json(orient="records", force_ascii=False))
        return
    if fmt == "table" and title:
        print(title)
    print_frame(frame, fmt)


def chair_votes_of(args: argparse.Namespace) -> dict[str, int]:
    """The votes that count in the chair election, after printing the coverage (tables)."""
    tally = load_tally(args)
    if args.format == "table":
        print(f"Data coverage: {tally.coverage.describe()}")
    return chair_votes(compose(tally, getattr(args, "method", "dhondt")))

