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
)
from ..rules.uncertainty import method_uncertainty, open_questions_da
from .common import (
    Subparsers,
    add_common,
    add_region_votes_option,
    add_scenario_options,
    composition_of,
    print_frame,
    scenario_of,
)


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
    comps = [scenario.replace(kkr=region).composition() for region in data.regions]
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
    print(f"Alle KKR — {first.election}, {danish.method_name(first.method)}, spærregrænse "
          f"{danish.percent(first.threshold)}")
    register = danish.party_assumption_da(data)
    if register:
        print(register)
    for comp in comps:
        print(f"\nKKR {comp.region} ({comp.size} medlemmer; loft {comp.cap}"
              f"{', loftet er nået' if comp.cap_binds else ''})")
        print(f"Dækning: {comp.coverage.describe_da()}")
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


def cmd_composition(args: argparse.Namespace) -> int:
    """KKR composition (KL's love § 15, stk. 2)."""
    if args.all:
        return cmd_all(args)
    if args.kkr is None:
        raise DataError("giv --kkr REGION (fx --kkr Hovedstaden) eller --all for alle KKR'er")
    comp = composition_of(args)
    data = None if getattr(args, "region_votes", None) else scenario_of(args).data()
    if args.format == "json":
        uncertain = method_uncertainty(comp)
        print(json.dumps({**comp.to_dict(),
                          "method_uncertainty": uncertain.to_dict() if uncertain else None,
                          "open_questions": open_questions_da(comp, data)},
                         ensure_ascii=False, indent=2))
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
    print(f"KKR {comp.region} — {comp.election}, {danish.method_name(comp.method)}")
    print(f"Dækning: {comp.coverage.describe_da()}")
    table = pd.DataFrame({
        "liste": frame["list"], "stemmer": frame["votes"].map(danish.integer),
        share_heading(comp): [danish.percent(r.share) for r in comp.rows],
        "repræsenteret": frame["eligible"].map(danish.yes_no),
        "begrundelse": frame["reason"].map(danish.reason_da),
        "borgmestre": frame["mayors"], "supplerende": frame["supplementary"],
        "i alt": frame["total"], "uden stemmetal i": frame["votes_missing"],
    })
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
