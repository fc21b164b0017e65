"""kkr composition: a KKR's composition (KL's love § 15, stk. 2)."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from .. import danish
from ..data import load_published
from ..errors import DataError
from ..presentation.composition import share_heading, without_empty_missing
from ..rules.composition import (
    UNDECIDED_METHODS,
    Composition,
    compare_with_published,
    election_label,
)
from ..rules.uncertainty import method_uncertainty, open_questions_da
from .common import (
    Subparsers,
    add_common,
    add_region_votes_option,
    add_scenario_options,
    composition_of,
    mayors_of,
    print_frame,
    scenario_of,
)

RANGE_LABELS = {"low": "Mindst", "high": "Højst", "certain": "Sikker",
                "witness_low": "Borgmestre, der giver mindst",
                "witness_high": "Borgmestre, der giver højst"}


def has_open_posts(scenario) -> bool:
    return any(spec == "?" or "|" in spec for _, spec in scenario.mayors)


def print_ranges(ranges, scenario) -> None:
    """The range table: each list's fewest and most seats while mayor posts are open."""
    posts = danish.plural(len(ranges.open), 'åben borgmesterpost', 'åbne borgmesterposter')
    print(f"KKR {ranges.region} — {ranges.election}, {danish.method_name(scenario.method)}"
          + (f" — SCENARIE: {posts}" if scenario.mayors else ""))
    print(f"Dækning: {scenario.composition_coverage_da()}"
          + (f"; {scenario.mayor_note()}" if scenario.mayors else ""))
    size = (str(ranges.size_low) if ranges.size_low == ranges.size_high
            else f"{ranges.size_low}-{ranges.size_high}")
    print(f"Størrelse: {size} medlemmer over {danish.integer(ranges.assignments)} mulige "
          f"fordelinger af de åbne poster")
    print(danish.text_table(ranges.to_frame(), RANGE_LABELS))


def cmd_ranges(args: argparse.Namespace, scenario) -> int:
    ranges = scenario.mayor_ranges()
    if args.format == "json":
        print(json.dumps(ranges.to_dict(), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        frame = ranges.to_frame()
        frame.insert(0, "kkr", ranges.region)
        print_frame(frame, "csv")
    else:
        print_ranges(ranges, scenario)
    return 0


def cmd_all(args: argparse.Namespace) -> int:
    """Every KKR of the election in KL's own layout (lists as columns; I alt, Borgmestre,
    Supplerende medlemmer), or CSV/JSON ``kkr,list,mayors,supplementary,total``."""
    from ..presentation.overview import kl_table

    if getattr(args, "region_votes", None):
        raise DataError("--all beregner hver KKR ud fra kommunernes resultater; --region-votes "
                        "giver én KKR's stemmetal (udelad --all eller --region-votes)")
    if args.kkr is None:
        from ..data import load_election

        args.kkr = load_election(args.election, args.data_dir, args.regions).regions[0]
    scenario = scenario_of(args)
    data = scenario.data()
    scenarios = [scenario.replace(kkr=region, mayors=mayors_of(args, data, region,
                                                              every_region=True))
                 for region in data.regions]
    if any(has_open_posts(s) for s in scenarios):
        return cmd_all_ranges(args, scenarios)
    comps = [s.composition() for s in scenarios]
    if args.format in ("csv", "json"):
        records = pd.DataFrame([
            {"kkr": c.region, "list": r.list, "mayors": r.mayors,
             "supplementary": r.supplementary, "total": r.total,
             **other_method_columns(c, r.list)}
            for c in comps for r in c.rows
            if r.total or other_method_columns(c, r.list)["total_other_method"]])
        if args.format == "json":
            print(records.to_json(orient="records", force_ascii=False))
        else:
            print_frame(records, "csv")
        return 0
    first = comps[0]
    print(f"Alle KKR — {election_label(first.election)}, {danish.method_name(first.method)}, "
          f"spærregrænse {danish.percent(first.threshold)}")
    register = danish.party_assumption_da(data)
    if register:
        print(register)
    for comp, one in zip(comps, scenarios):
        print(f"\nKKR {comp.region} ({comp.size} medlemmer; loft {comp.cap}"
              f"{', loftet er nået' if comp.cap_binds else ''})"
              f"{' — SCENARIE' if one.mayors else ''}")
        print(f"Dækning: {comp.coverage.describe_da()}"
              f"{'; ' + one.mayor_note() if one.mayors else ''}")
        print(kl_table(comp).to_string())
        if comp.tie:
            print(f"Lodtrækning: {danish.plural(comp.tie.seats, 'plads', 'pladser')} mellem "
                  f"{danish.join_and(list(comp.tie.lists))} (lige store kvotienter)")
        if comp.size_tie:
            print("Lodtrækning: selve størrelsen afhænger af lodtrækningen")
        for note in open_questions_da(comp):
            print(note)
    return 0


def other_method_columns(comp: Composition, name: str) -> dict[str, object]:
    """``other_method`` and ``total_other_method`` of a CSV/JSON row: the list's seats under the
    other undecided method (rule ``kkr.proportional``), the same where it changes nothing;
    empty for d'Hondt (decided out, a user's explicit choice)."""
    if comp.method not in UNDECIDED_METHODS:
        return {"other_method": None, "total_other_method": None}
    uncertain = method_uncertainty(comp)
    other = next(m for m in UNDECIDED_METHODS if m != comp.method)
    seats = comp.seats() if uncertain is None else uncertain.other.seats()
    return {"other_method": other, "total_other_method": seats.get(name, 0)}


def cmd_all_ranges(args: argparse.Namespace, scenarios: list) -> int:
    """Every KKR's ranges while mayor posts are open (election night: ``--mayors-unknown``)."""
    found = []
    for one in scenarios:
        try:
            found.append(one.mayor_ranges())
        except DataError as exc:
            if args.format != "table":  # a file must not be silently short of a KKR
                raise
            found.append(exc)
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in found], ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        frames = []
        for r in found:
            frame = r.to_frame()
            frame.insert(0, "kkr", r.region)
            frames.append(frame)
        print_frame(pd.concat(frames, ignore_index=True), "csv")
        return 0
    for ranges, one in zip(found, scenarios):
        print()
        if isinstance(ranges, DataError):
            print(f"KKR {one.kkr}: ingen intervaller — {ranges}")
        else:
            print_ranges(ranges, one)
    return 0


def cmd_composition(args: argparse.Namespace) -> int:
    """KKR composition (KL's love § 15, stk. 2)."""
    if args.all:
        return cmd_all(args)
    if args.kkr is None:
        raise DataError("giv --kkr REGION (fx --kkr Hovedstaden) eller --all for alle KKR'er")
    if getattr(args, "mayor", None) or getattr(args, "mayors_unknown", None):
        scenario = scenario_of(args)
        if has_open_posts(scenario):
            return cmd_ranges(args, scenario)
    comp = composition_of(args)
    scenario = scenario_of(args)
    data = None if getattr(args, "region_votes", None) else scenario.data()
    if args.format == "json":
        uncertain = method_uncertainty(comp)
        out = {**comp.to_dict(),
               "method_uncertainty": uncertain.to_dict() if uncertain else None,
               "open_questions": open_questions_da(comp, data)}
        if scenario.mayors:
            out["scenario_mayors"] = dict(scenario.mayors)
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    frame = comp.to_frame()
    if args.format == "csv":
        columns = ["list", "votes", "share_of_cast", "share_of_valid", "eligible", "mayors",
                   "supplementary", "total"]
        out = frame[columns].copy()
        out["eligible"] = out["eligible"].map({True: "true", False: "false"})
        out["share_of_cast"] = ["" if r.share_of_cast is None else f"{float(r.share_of_cast):.6f}"
                                for r in comp.rows]
        out["share_of_valid"] = [f"{float(r.share_of_valid):.6f}" for r in comp.rows]
        extra = pd.DataFrame([other_method_columns(comp, r.list) for r in comp.rows])
        print_frame(pd.concat([out, extra], axis=1), "csv")
        return 0
    print(f"KKR {comp.region} — {election_label(comp.election)}, "
          f"{danish.method_name(comp.method)}"
          f"{' — SCENARIE' if scenario.mayors else ''}")
    print(f"Dækning: {comp.coverage.describe_da()}"
          f"{'; ' + scenario.mayor_note() if scenario.mayors else ''}")
    table = pd.DataFrame({
        "liste": frame["list"], "stemmer": frame["votes"].map(danish.integer),
        share_heading(comp): [danish.percent(r.share) for r in comp.rows],
        "repræsenteret": frame["eligible"].map(danish.yes_no),
        "begrundelse": frame["reason"].map(danish.reason_da),
        "borgmestre": frame["mayors"], "supplerende": frame["supplementary"],
        "i alt": frame["total"], "uden stemmetal i": frame["votes_missing"],
    })
    uncertain = scenario.mayor_uncertainty()
    if uncertain:
        print(uncertain[0].upper() + uncertain[1:])
    table = without_empty_missing(table, "uden stemmetal i")
    print(table.to_string(index=False))
    print(f"Størrelse {comp.size} ({danish.cap_da(comp.size, comp.cap, comp.cap_binds)}; "
          f"loftet er 2 × {comp.cap // 2} kommuner)")
    if comp.tie:
        print(f"Lodtrækning: {danish.plural(comp.tie.seats, 'plads', 'pladser')} mellem "
              f"{danish.join_and(list(comp.tie.lists))} (lige store kvotienter)")
    if comp.size_tie:
        print("Lodtrækning: selve størrelsen afhænger af lodtrækningen (med nogle udfald er der "
              "én plads færre)")
    for note in open_questions_da(comp):  # the register's note is printed above the table
        print(note)
    published = compare_with_published(comp, load_published(args.data_dir))
    if published is not None:
        print("\nBeregnet og offentliggjort af KL:")
        print(published.rename(columns={
            "list": "liste", "computed_mayors": "borgmestre (beregnet)",
            "computed_total": "i alt (beregnet)", "kl_mayors": "borgmestre (KL)",
            "kl_total": "i alt (KL)", "difference": "forskel"}).to_string(index=False))
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("composition", help="en KKR's sammensætning (borgmestre + supplerende)")
    add_common(p, kkr_required=False)
    add_scenario_options(p)
    add_region_votes_option(p)
    p.add_argument("--all", action="store_true",
                   help="alle valgets KKR'er i KL's egen tabel (listerne som kolonner; rækkerne I "
                   "alt, Borgmestre, Supplerende medlemmer); --kkr bruges så ikke")
    p.set_defaults(handler=cmd_composition)
