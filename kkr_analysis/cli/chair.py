"""kkr chair / kkr alliances: formand and næstformand, valgforbund scenarios."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from .. import danish
from ..errors import DataError, did_you_mean
from ..rules.composition import election_label
from .common import (
    Subparsers,
    add_common,
    add_region_votes_option,
    add_scenario_options,
    chair_votes_of,
    print_frame,
)
from .validate import alliance_spec


def cmd_chair(args: argparse.Namespace) -> int:
    """Formand and næstformand under the given valgforbund (KL's love § 15, stk. 3), elected
    among the lists represented at the scenario's threshold and method."""
    from ..rules.chair import elect_chair, parse_alliances
    from ..rules.explain import explain_chair

    result = elect_chair(chair_votes_of(args, danish=True), parse_alliances(args.alliance))
    if args.format == "json":
        doc = result.to_dict()
        if args.explain:
            doc["explain"] = explain_chair(result).to_dict(orient="records")
        print(json.dumps(doc, ensure_ascii=False, default=int))
        return 0
    if args.format == "csv" and args.explain:
        out = explain_chair(result)
        out["lot"] = out["lot"].map({True: "true", False: "false"})
        print_frame(out, "csv")
        return 0
    if args.format == "csv":
        rows = [{"post": post, "list": p.list if p else "", "alliance": "+".join(p.alliance)
                 if p else "", "by_lot": p is None}
                for post, p in (("chair", result.chair), ("vice_chair", result.vice_chair))]
        print_frame(pd.DataFrame(rows), "csv")
        return 0
    print(f"KKR {args.kkr} — {election_label(args.election)}: formand og næstformand")
    print(result.describe_da())
    if args.explain:
        table = explain_chair(result)
        print("\nSådan blev posterne fordelt (d'Hondt mellem valgforbund; kvotient = "
              "stemmer / divisor):")
        print(danish.text_table(table.drop(columns=["quotient_exact"]),
                                labels={"members": "Lister", "reason": "Begrundelse"}))
        return 0
    print("\nKvotienter (d'Hondt på stemmerne fra de lister, der er repræsenteret):")
    q = result.quotients()
    print(pd.DataFrame({"valgforbund": q["alliance"], "stemmer": q["votes"].map(danish.integer),
                        "kvotient 1": q["quotient_1"].map(danish.integer),
                        "kvotient 2": q["quotient_2"].map(danish.number)}).to_string(index=False))
    return 0


def cmd_alliances(args: argparse.Namespace) -> int:
    """Every valgforbund structure: who holds the posts, and what guarantees a list the chair."""
    from ..scenarios.alliances import evaluate_structures, guarantees_for
    from ..scenarios.power import power_indices

    votes = chair_votes_of(args, danish=True)
    out = evaluate_structures(votes, progress=args.format == "table")
    summary = out.summary()
    power = power_indices(votes)
    guarantees = None
    if args.for_list:
        if args.for_list not in votes:
            raise DataError(f"{args.for_list!r} deltager ikke i KKR {args.kkr}; de lister, der "
                            f"deltager, er {', '.join(votes)}"
                            f"{did_you_mean(args.for_list, votes)}")
        guarantees = guarantees_for(out, args.for_list)
        plain = [g for g in guarantees if g.nominee is None]
        named = [g for g in guarantees if g.nominee is not None]
    if args.format == "json":
        doc = {"structures": out.structures,
               "summary": summary.to_dict(orient="records"),
               "power": power.to_dict(orient="records")}
        if guarantees is not None:
            doc["for"] = args.for_list
            doc["guaranteeing_alliances"] = [
                {"alliance": list(g.members), "votes": g.votes} for g in plain]
            doc["guaranteeing_alliances_naming"] = [
                {"alliance": list(g.members), "nominee": g.nominee, "label": g.label,
                 "votes": g.votes} for g in named]
        print(json.dumps(doc, ensure_ascii=False, default=int))
        return 0
    if args.format == "csv":
        if guarantees is not None:
            print_frame(pd.DataFrame([{"alliance": g.label, "size": len(g.members),
                                        "votes": g.votes, "nominee": g.nominee or ""}
                                       for g in guarantees]), "csv")
        else:
            print_frame(summary.merge(power.drop(columns=["votes"]), on="list"), "csv")
        return 0
    print(f"KKR {args.kkr} — {election_label(args.election)}: {danish.integer(out.structures)} "
          f"valgforbund-strukturer af {len(votes)} lister ({', '.join(votes)})")
    print("Antal strukturer, hvor listen får posten:")
    print(pd.DataFrame({
        "liste": summary["list"], "stemmer": summary["votes"].map(danish.integer),
        "formand": summary["chair"].map(danish.integer),
        "næstformand": summary["vice_chair"].map(danish.integer),
        "begge": summary["both_posts"].map(danish.integer),
        "kun formand": summary["chair_only"].map(danish.integer),
        "kun næstformand": summary["vice_chair_only"].map(danish.integer),
        "lodtrækning": summary["in_a_lot"].map(danish.integer),
        "ingen": summary["neither"].map(danish.integer),
        "andel formand": summary["chair_share"].map(danish.percent),
    }).to_string(index=False))
    print("\nMagt i flertalsspillet (mere end halvdelen af stemmerne):")
    print(pd.DataFrame({
        "liste": power["list"], "stemmer": power["votes"].map(danish.integer),
        "andel af deltagende": power["share"].map(danish.percent),
        "gange afgørende": power["swings"].map(danish.integer),
        "Banzhaf": power["banzhaf"].map(danish.percent),
        "Shapley-Shubik": power["shapley_shubik"].map(danish.percent),
        "afgørende": power["pivotal"].map(danish.yes_no),
    }).to_string(index=False))
    if guarantees is not None:
        total = sum(votes.values())
        who = args.for_list
        print(f"\nValgforbund, der giver {who} formandsposten, uanset hvad de andre gør "
              f"(de mindste; flertal = mere end {danish.integer(total // 2)} af "
              f"{danish.integer(total)} stemmer).")
        print("Uden udpegning (valgforbundets plads går til medlemmet med flest stemmer):")
        for g in plain or []:
            print(f"  {g.label:<20} {danish.integer(g.votes):>10} stemmer")
        if not plain:
            print("  ingen")
        print(f"Med {who} udpeget til valgforbundets plads (forretningsorden § 4, fx "
              f"--alliance A+{who}:{who} i kkr chair):")
        for g in named:
            print(f"  {g.label:<20} {danish.integer(g.votes):>10} stemmer")
        if not named:
            print("  ingen ud over ovenstående")
        if guarantees:
            best = guarantees[0]
            print(f"Mindste: {best.label} ({len(best.members)} lister"
                  + (f", {who} udpeget" if best.nominee else ", ingen udpegning nødvendig")
                  + ").")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("chair", help="formand og næstformand med de givne valgforbund")
    add_common(p)
    add_scenario_options(p)
    add_region_votes_option(p)
    p.add_argument("--alliance", action="append", default=[], type=alliance_spec,
                   help="et valgforbund, fx A+F+Ø (kan gentages); efter ':' listerne til de "
                   "poster, forbundet vinder, i rækkefølge: 'A+F:F' giver F dets første post, "
                   "'V+C+O:V,C' V den første og C den anden (ellers d'Hondt i forbundet)")
    p.add_argument("--explain", action="store_true",
                   help="kvotienttabellen: hvilket valgforbund og hvilken liste får hver post")
    p.set_defaults(handler=cmd_chair)

    p = sub.add_parser("alliances", help="alle mulige valgforbund, udtømmende")
    add_common(p)
    add_scenario_options(p)
    add_region_votes_option(p)
    p.add_argument("--for", dest="for_list", default=None,
                   help="en liste: hvilke valgforbund sikrer den formandsposten")
    p.set_defaults(handler=cmd_alliances)
