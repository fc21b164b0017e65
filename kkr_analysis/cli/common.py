"""Shared pieces of the command line: common options, loading, printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

import pandas as pd

from ..data import load_election, load_region_votes
from ..errors import DataError
from ..rules.chair import Alliance, chair_votes, parse_alliances, validate_alliances
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
    tally = region_tally(data, args.kkr)
    if getattr(args, "region_votes", None):
        lists = ({t.list for t in tally.lists} | set(data.parties["list_letter"])
                 | set(data.cooperations["cooperation"]))
        return tally_from_region_votes(data, args.kkr,
                                       load_region_votes(args.region_votes, lists))
    return tally


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
    return require_lists(chair_votes(compose(tally, getattr(args, "method", "dhondt"))), args)


def require_lists(votes: dict[str, int], args: argparse.Namespace) -> dict[str, int]:
    """The votes of the lists taking part; none at all is a clear error, not an empty result."""
    if not votes:
        raise DataError(f"no list takes part in KKR {args.kkr} ({args.election}): none has "
                        "the threshold share of the votes and a council seat (KL's love § 15, "
                        "stk. 2); see kkr composition for the lists and their shares")
    return votes


def alliances_of(args: argparse.Namespace, votes: dict[str, int]) -> list[Alliance]:
    """``--alliance`` as chair, margins and simulate all read it: parsed by
    :func:`parse_alliances` and checked against the lists taking part (each list at most once,
    a nominee must be a member)."""
    alliances = parse_alliances(getattr(args, "alliance", None) or [])
    validate_alliances(votes, alliances)
    return alliances

