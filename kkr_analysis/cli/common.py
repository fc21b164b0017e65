"""Shared pieces of the command line: common options, loading, printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..apportion import METHODS
from ..danish import method_name, party_assumption_da, percent_value
from ..data import load_election, load_region_votes
from ..errors import DataError, did_you_mean
from ..rules.chair import Alliance, chair_votes, parse_alliances, validate_alliances
from ..rules.composition import KKR_METHOD, Composition, compose
from ..rules.lists import (
    MAYOR_OPEN,
    RegionTally,
    mayor_note_da,
    mayor_unconfirmed,
    region_tally,
    resolve_municipality,
    resolve_region,
    tally_from_region_votes,
)
from ..safe_csv import frame_to_csv
from ..scenario import Scenario, parse_percent
from .validate import election, mayor_spec, percent, region, regions_year

Handler = Callable[[argparse.Namespace], int]
Subparsers = argparse._SubParsersAction  # noqa: SLF001 - argparse exposes no public name
FORMAT_HELP = ("table: en tabel på dansk (standard); csv eller json: til programmer, med "
               "engelske nøgler")
METHOD_HELP = ("fordelingsmetoden: sainte-lague (standard: projektets læsning), dhondt eller "
               "hare (største brøk); KL's valg mellem sainte-lague og hare er ikke afgjort (se "
               "references/RULES.md), så resultatet nævner den andens udfald, hvor det er et "
               "andet")


class _Newest:
    """``--election``'s default: the newest election in the data folder in use, resolved by
    :func:`resolve_election` once ``--data-dir`` is known."""

    def __repr__(self) -> str:
        return "det nyeste valg"


NEWEST = _Newest()


def add_election(parser: argparse.ArgumentParser, what: str = "kommunalvalget") -> None:
    """``--election``, by default the newest election in the data folder in use (KV25 in the
    bundled data), as every command that answers for one election takes it."""
    from ..data import newest_election

    try:
        newest = f" ({newest_election()})"
    except DataError:
        newest = ""
    parser.add_argument("--election", default=NEWEST, type=election,
                        help=f"{what}, fx KV21 eller KV25; standard: det nyeste valg i "
                        f"data{newest}")


def resolve_election(args: argparse.Namespace) -> None:
    """``args.election`` left at its default becomes the newest election in ``--data-dir`` (or
    the bundled data): one rule, :func:`kkr_analysis.data.newest_election`, for every command."""
    if getattr(args, "election", None) is NEWEST:
        from ..data import newest_election

        args.election = newest_election(getattr(args, "data_dir", None))


def add_common(parser: argparse.ArgumentParser, *, kkr: bool = True,
               kkr_required: bool = True) -> None:
    """--election, --kkr, --data-dir, --format and --regions, as every KKR command takes."""
    add_election(parser)
    if kkr:
        parser.add_argument("--kkr", required=kkr_required, default=None, type=region,
                            help="KKR'en (regionen), fx Hovedstaden eller Sjælland")
    parser.add_argument("--data-dir", default=None,
                        help="din egen datamappe (samme opbygning som de medfølgende data)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help=FORMAT_HELP)
    if kkr:
        parser.add_argument("--regions", default=None, metavar="ÅR", type=regions_year,
                            help="et scenarie for regionerne, fx 2027 (Region Østdanmark)")


def load_tally(args: argparse.Namespace) -> RegionTally:
    """The region's tally from the options (data folder, region scenario, region totals)."""
    data = load_election(args.election, args.data_dir, getattr(args, "regions", None))
    if data.is_scenario and args.format == "table":
        print(f"SCENARIE: regionerne som i regions_{data.regions_year}.csv — ikke en besluttet "
              "KL-struktur")
    if data.party_assumption and args.format == "table":
        print(party_note(data, args.data_dir))
    args.kkr = resolve_region(args.kkr, data.regions)  # titles print the data's spelling
    mayors = dict(mayors_of(args, data, args.kkr))
    if mayors and getattr(args, "region_votes", None):
        raise DataError("--mayor/--mayors-unknown virker ikke sammen med --region-votes "
                        "(regionens stemmetal har ingen borgmestre)")
    tally = region_tally(data, args.kkr, mayors)
    if mayors and args.format == "table":
        print(f"SCENARIE: {mayor_note_da(data, mayors).removeprefix('scenarie: ')}")
    if getattr(args, "region_votes", None):
        lists = ({t.list for t in tally.lists} | set(data.parties["list_letter"])
                 | set(data.cooperations["cooperation"]))
        return tally_from_region_votes(data, args.kkr,
                                       load_region_votes(args.region_votes, lists))
    return tally


def print_frame(frame: pd.DataFrame, fmt: str) -> None:
    """CSV to stdout (formula-safe: :mod:`kkr_analysis.safe_csv`), or an aligned table."""
    if fmt == "csv":
        sys.stdout.write(frame_to_csv(frame))
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


def add_scenario_options(parser: argparse.ArgumentParser) -> None:
    """--method and --threshold (percent), as every command that composes a KKR takes."""
    parser.add_argument("--method", choices=METHODS, default=KKR_METHOD, help=METHOD_HELP)
    parser.add_argument("--threshold", default="2", type=percent,
                        help="spærregrænsen i procent, fx 2 eller 2,5 (standard 2, KL's love "
                             "§ 15, stk. 2)")
    add_mayor_options(parser)


def add_mayor_options(parser: argparse.ArgumentParser) -> None:
    """--mayor and --mayors-unknown, as every command that composes a KKR takes."""
    parser.add_argument("--mayor", action="append", default=None, type=mayor_spec,
                        metavar="KOMMUNE=LISTE",
                        help="et scenarie for borgmesterposten: Kolding=C, Kolding=V|C (en af "
                             "dem) eller Kolding=? (åben: giver intervaller); kan gentages")
    parser.add_argument("--mayors-unknown", nargs="?", const="ubekræftede", default=None,
                        choices=("ubekræftede", "alle", "all"),
                        help="lad borgmesterposterne være åbne: dem data ikke har bekræftet "
                             "(standard) eller alle; giver hver listes mindste og største antal "
                             "pladser")


def add_region_votes_option(parser: argparse.ArgumentParser) -> None:
    """--region-votes: KL's region totals (stemmetal) instead of the municipal rows."""
    parser.add_argument("--region-votes", default=None,
                        help="CSV-fil list,votes[,council_seats] med regionens stemmetal (KL's "
                             "stemmetal)")


def mayors_of(args: argparse.Namespace, data, region: str, *, every_region: bool = False
              ) -> tuple[tuple[str, str], ...]:
    """``--mayor`` and ``--mayors-unknown`` as the scenario's mayor posts in ``region``; with
    ``every_region`` (``--all``) a post in another KKR is left to that KKR."""
    typed = [tuple(spec.split("=", 1)) for spec in getattr(args, "mayor", None) or []]
    posts: dict[str, str] = {}
    for municipality, spec in typed:
        if every_region:
            home = resolve_municipality(municipality, data)
            if str(data.councils.loc[data.councils["municipality"] == home,
                                     "region"].iloc[0]) != region:
                continue
        posts[municipality] = spec
    unknown = getattr(args, "mayors_unknown", None)
    if unknown:
        named = {resolve_municipality(m, data).casefold() for m in posts}
        open_ = (mayor_unconfirmed(data, region) if unknown == "ubekræftede" else
                 tuple(data.councils.loc[data.councils["region"] == region, "municipality"]))
        posts.update({m: MAYOR_OPEN for m in open_ if m.casefold() not in named})
    return tuple(posts.items())


def scenario_of(args: argparse.Namespace) -> Scenario:
    """The :class:`Scenario` the options describe (threshold in percent, method, valgforbund,
    mayor posts)."""
    alliances = tuple(parse_alliances(getattr(args, "alliance", None) or []))
    scenario = Scenario(election=args.election.upper(), kkr=args.kkr,
                        threshold=parse_percent(getattr(args, "threshold", "2")) / 100,
                        method=getattr(args, "method", KKR_METHOD), alliances=alliances,
                        regions=getattr(args, "regions", None), data_dir=args.data_dir)
    data = scenario.data()
    kkr = resolve_region(scenario.kkr, data.regions)
    scenario = scenario.replace(kkr=kkr, mayors=mayors_of(
        args, data, kkr, every_region=getattr(args, "all", False)))
    scenario = scenario.resolved()
    args.kkr = scenario.kkr  # titles print the data's spelling ("hovedstaden" → Hovedstaden)
    return scenario


def composition_of(args: argparse.Namespace) -> Composition:
    """The KKR's composition for the options: through :class:`Scenario`, or from region totals
    given with ``--region-votes`` (KL's stemmetal), at the same threshold and method."""
    scenario = scenario_of(args)
    if getattr(args, "region_votes", None):
        if scenario.mayors:
            raise DataError("--mayor/--mayors-unknown virker ikke sammen med --region-votes "
                            "(regionens stemmetal har ingen borgmestre)")
        return compose(load_tally(args), scenario.method, threshold=scenario.threshold)
    data = scenario.data()
    if data.is_scenario and args.format == "table":
        print(f"SCENARIE: regionerne som i regions_{data.regions_year}.csv — ikke en besluttet "
              "KL-struktur")
    if data.party_assumption and args.format == "table":
        print(party_note(data, args.data_dir))
    if scenario.mayors and args.format == "table" and not getattr(args, "quiet_mayors", False):
        print(f"SCENARIE: {scenario.mayor_note().removeprefix('scenarie: ')}")
    if data.parties.empty and args.format == "table":
        print(f"Intet partiregister ({data.election.lower()}/parties.csv) i datamappen: "
              "alle lister regnes som lokale lister (KL's love § 6)")
    return scenario.composition()


def require_lists(votes: dict[str, int], args: argparse.Namespace) -> dict[str, int]:
    """The votes of the lists taking part; none at all is a clear error, not an empty result."""
    if not votes:
        raise DataError(f"ingen liste deltager i KKR {args.kkr} ({args.election}): ingen har "
                        "spærregrænsens andel af stemmerne og et kommunalbestyrelsesmedlem (KL's "
                        "love § 15, stk. 2); se kkr composition for listerne og deres andele")
    return votes


def alliances_of(args: argparse.Namespace, votes: dict[str, int]) -> list[Alliance]:
    """``--alliance`` as chair, margins and simulate all read it: parsed by
    :func:`parse_alliances` and checked against the lists taking part (each list at most once,
    a nominee must be a member)."""
    alliances = parse_alliances(getattr(args, "alliance", None) or [])
    validate_alliances(votes, alliances)
    return alliances


def chair_votes_of(args: argparse.Namespace, *, danish: bool = False) -> dict[str, int]:
    """The votes that count in the chair election: the lists represented at the scenario's
    threshold and method (rule chair.valgforbund), after printing the coverage (tables).

    Refuses (exit 2) when no list is represented, or when a valgforbund names a list that is
    not represented at that threshold.
    """
    comp = composition_of(args)
    if args.format == "table":
        print(f"Dækning: {comp.coverage.describe_da()}")  # `danish`: kept for callers
    votes = chair_votes(comp)
    where = (f"KKR {comp.region} ({comp.election}) ved en spærregrænse på "
             f"{percent_value(float(comp.threshold) * 100, 6)}, {method_name(comp.method)}")
    if not votes:
        raise DataError(f"ingen liste deltager i {where}")
    for alliance in parse_alliances(getattr(args, "alliance", None) or []):
        for member in alliance.members:
            if member not in votes:
                raise DataError(f"{member!r} kan ikke indgå i et valgforbund: listen er ikke "
                                f"repræsenteret i {where}; det er {', '.join(votes)}"
                                f"{did_you_mean(member, votes)}")
    return votes


def party_note(data, data_dir) -> str:
    """The party register's assumption in Danish, naming the file to edit."""
    from ..data.loaders import bundled_data_dir

    folder = Path(data_dir) if data_dir else bundled_data_dir()
    path = folder / data.election.lower() / "parties.csv"
    return (f"{party_assumption_da(data)} Partierne står i {path}; ret filen, hvis KL's "
            "liste over partier er en anden.")
