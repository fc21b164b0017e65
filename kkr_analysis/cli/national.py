"""kkr board / kkr assembly: KL's national bodies."""

from __future__ import annotations

import argparse
import json

from ..data import load_election
from .common import Subparsers, print_frame
from .validate import MAX_BOARD_SEATS, int_range


def cmd_board(args: argparse.Namespace) -> int:
    """KL's board: 17 seats by d'Hondt among the § 6 parties on the national vote."""
    from ..rules.national import basis_check, kl_board

    data = load_election(args.election, args.data_dir)
    board = kl_board(data, args.seats, args.data_dir)
    if args.format == "csv":
        print_frame(board.to_frame(), "csv")
        return 0
    if args.format == "json":
        print(json.dumps({"election": board.election, "basis": board.basis,
                          "seats": board.seats,
                          "tie": board.tie.describe() if board.tie else None},
                         ensure_ascii=False))
        return 0
    print(f"KL's bestyrelse after {board.election}: {args.seats} seats, d'Hondt among the "
          f"§ 6 parties, basis: {board.basis}")
    print(board.to_frame().to_string(index=False))
    if board.tie:
        print(f"TIE: {board.tie.describe()}")
    check = basis_check(board.election, set(data.parties["list_letter"]), args.seats,
                        args.data_dir)
    if check is not None:
        same = (check["by_votes"] == check["by_shares"]).all()
        print(f"\nCheck on the lists with published votes: by votes and by published shares "
              f"{'agree' if same else 'DIFFER'}:")
        print(check.to_string(index=False))
    return 0


def cmd_assembly(args: argparse.Namespace) -> int:
    """KL's repræsentantskab: all mayors plus supplementary members, uncapped."""
    from ..rules.national import representative_assembly

    data = load_election(args.election, args.data_dir)
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
    p.add_argument("--election", default="KV21")
    p.add_argument("--data-dir", default=None)
    p.add_argument("--seats", type=int_range(1, MAX_BOARD_SEATS), default=17)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_board)

    p = sub.add_parser("assembly", help="KL's repræsentantskab (uncapped KKR rule, national)")
    p.add_argument("--election", default="KV21")
    p.add_argument("--data-dir", default=None)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_assembly)
