"""kkr board / kkr assembly: KL's national bodies."""

from __future__ import annotations

import argparse
import json

from ..errors import DataError
from .common import Subparsers, print_frame
from .validate import MAX_BOARD_SEATS, election, int_range


def cmd_board(args: argparse.Namespace) -> int:
    """KL's board: 17 seats by d'Hondt among the § 6 parties on the national vote, optionally
    with valgforbund; ``--for C --exhaustive``: every valgforbund containing C."""
    from ..rules.chair import parse_alliances
    from ..rules.national import basis_check, board_parties, kl_board

    if args.exhaustive or args.for_list or args.bloc:
        return cmd_board_plan(args)
    alliances = parse_alliances(args.alliance)
    board = kl_board(args.election, args.seats, args.data_dir, alliances)
    if args.format == "csv":
        print_frame(board.to_frame(), "csv")
        return 0
    if args.format == "json":
        print(json.dumps({"election": board.election, "basis": board.basis,
                          "seats": board.seats,
                          "valgforbund": [a.label for a in board.alliances],
                          "tie": board.tie.describe() if board.tie else None,
                          "ties": [{"valgforbund": label or None, "tie": t.describe()}
                                   for label, t in board.ties]},
                         ensure_ascii=False))
        return 0
    print(f"KL's bestyrelse after {board.election}: {args.seats} seats, d'Hondt among the "
          f"§ 6 parties, basis: {board.basis}")
    if board.alliances:
        print("Valgforbund: " + ", ".join(a.label for a in board.alliances)
              + " (d'Hondt among valgforbund and lists, then inside each valgforbund)")
    print(board.to_frame().to_string(index=False))
    for label, tie in board.ties:
        print(f"TIE{' inside ' + label if label else ''}: {tie.describe()}")
    check = basis_check(board.election, board_parties(board.election, args.data_dir),
                        args.seats, args.data_dir)
    if check is not None:
        same = (check["by_votes"] == check["by_shares"]).all()
        print(f"\nCheck on the lists with published votes: by votes and by published shares "
              f"{'agree' if same else 'DIFFER'}:")
        print(check.to_string(index=False))
    return 0


def cmd_board_plan(args: argparse.Namespace) -> int:
    """Every valgforbund containing a party (or one bloc): its board seats at worst and best."""
    from ..rules.national import board_parties, national_votes
    from ..scenarios.valggrupper import Planner, body_meeting
    from .planner import emit_plan, plan_table

    if args.alliance:
        raise DataError("--alliance fixes the valgforbund; --exhaustive tries them all: give one")
    election = args.election.upper()
    nv = national_votes(election, board_parties(election, args.data_dir), args.data_dir)
    numbers = dict(sorted(nv.numbers.items(), key=lambda kv: -kv[1]))
    planner = Planner(numbers, body_meeting(args.seats))
    table = plan_table(planner, args)
    weight = "votes" if nv.basis == "votes" else "pct_tenths"
    title = (f"KL's bestyrelse after {election}: {args.seats} seats; every valgforbund "
             f"{'containing ' + args.for_list if args.for_list else args.bloc} over every "
             f"grouping of the other parties; basis: {nv.basis}")
    return emit_plan(planner, table, args, weight=weight, title=title,
                     partners=args.partners)


def cmd_assembly(args: argparse.Namespace) -> int:
    """KL's repræsentantskab: all mayors plus supplementary members, uncapped."""
    from ..rules.national import national_data, representative_assembly

    data = national_data(args.election, args.data_dir)  # no municipal results needed
    comp, basis = representative_assembly(data, args.data_dir)
    if args.format == "json":
        doc = comp.to_dict()
        doc.update({"basis": basis, "cap": None, "cap_binds": False})
        print(json.dumps(doc, ensure_ascii=False))
        return 0
    frame = comp.to_frame()
    if args.format == "csv":
        print_frame(frame[["list", "mayors", "supplementary", "total"]], "csv")
        return 0
    if basis != "votes":
        frame = frame.rename(columns={"votes": "pct_tenths"})
    print(f"KL's repræsentantskab after {comp.election}: the KKR rule at national level "
          f"(≥ 2 %, a council seat, mayors as born members), UNCAPPED (no cap is published); "
          f"basis: {basis}")
    print(frame.drop(columns=["name"]).to_string(index=False))
    print(f"Size {comp.size}" + (f"; TIE: {comp.tie.describe()}" if comp.tie else ""))
    print(f"Mayors: {comp.coverage.municipalities} municipalities")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("board", help="KL's bestyrelse: 17 seats on the national vote")
    p.add_argument("--election", default="KV21", type=election)
    p.add_argument("--data-dir", default=None)
    p.add_argument("--seats", type=int_range(1, MAX_BOARD_SEATS), default=17)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--alliance", action="append", default=[], metavar="A+F+Ø",
                   help="a valgforbund (repeat): d'Hondt among valgforbund and lists, then "
                   "inside each")
    p.add_argument("--for", dest="for_list", default=None, metavar="LIST",
                   help="with --exhaustive: every valgforbund containing LIST (min/max seats)")
    p.add_argument("--bloc", default=None, metavar="A+B",
                   help="one fixed valgforbund over every grouping of the other parties")
    p.add_argument("--exhaustive", action="store_true",
                   help="try every grouping of the other parties (with --for or --bloc)")
    p.add_argument("--split", choices=("dhondt", "none"), default="dhondt",
                   help="ASSUMPTION shown beside the table: a valgforbund's seats per party by "
                   "d'Hondt on the parties' numbers (default), or none")
    p.add_argument("--partners", action="store_true",
                   help="also each party's best single partner (slower: 12 parties ≈ seconds)")
    p.set_defaults(handler=cmd_board)

    p = sub.add_parser("assembly", help="KL's repræsentantskab (uncapped KKR rule, national)")
    p.add_argument("--election", default="KV21", type=election)
    p.add_argument("--data-dir", default=None)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_assembly)
