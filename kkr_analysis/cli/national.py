"""kkr board / kkr assembly: KL's national bodies."""

from __future__ import annotations

import argparse
import json

from .. import danish
from ..errors import DataError
from .common import FORMAT_HELP, Subparsers, print_frame
from .validate import MAX_BOARD_SEATS, alliance_spec, election, int_range, lists_spec


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
    print(f"KL's bestyrelse efter {board.election}: {danish.plural(args.seats, 'plads', 'pladser')}"
          f", d'Hondt blandt partierne efter § 6, grundlag: {basis_da(board.basis)}")
    if board.alliances:
        print("Valgforbund: " + ", ".join(a.label for a in board.alliances)
              + " (d'Hondt mellem valgforbund og lister, derefter inden for hvert valgforbund)")
    print(danish.text_table(board.to_frame()))
    for label, tie in board.ties:
        print(f"LODTRÆKNING{' inden for ' + label if label else ''}: {tie.describe_da()}")
    check = basis_check(board.election, board_parties(board.election, args.data_dir),
                        args.seats, args.data_dir)
    if check is not None:
        same = (check["by_votes"] == check["by_shares"]).all()
        print(f"\nKontrol på listerne med offentliggjorte stemmetal: efter stemmetal og efter "
              f"offentliggjorte procenter {'giver det samme' if same else 'AFVIGER'}:")
        print(danish.text_table(check))
    return 0


def cmd_board_plan(args: argparse.Namespace) -> int:
    """Every valgforbund containing a party (or one bloc): its board seats at worst and best."""
    from ..rules.national import board_parties, national_votes
    from ..scenarios.valggrupper import Planner, body_meeting
    from .planner import emit_plan, plan_table

    if args.alliance:
        raise DataError("--alliance fastlægger valgforbundene; --exhaustive prøver dem alle: giv "
                        "ét af dem")
    election = args.election.upper()
    nv = national_votes(election, board_parties(election, args.data_dir), args.data_dir)
    numbers = dict(sorted(nv.numbers.items(), key=lambda kv: -kv[1]))
    planner = Planner(numbers, body_meeting(args.seats), exhaustive=args.exhaustive)
    table = plan_table(planner, args, f"er ikke et parti efter § 6 (KL's love) med et resultat i "
                       f"landsresultatet for {election}", "partierne")
    weight = "votes" if nv.basis == "votes" else "pct_tenths"
    title = (f"KL's bestyrelse efter {election}: {danish.plural(args.seats, 'plads', 'pladser')}"
             f"; hvert valgforbund "
             f"{'med ' + args.for_list if args.for_list else args.bloc} mod hver gruppering "
             f"af de andre partier; grundlag: {basis_da(nv.basis)}")
    return emit_plan(planner, table, args, weight=weight, title=title,
                     partners=args.partners)


def cmd_assembly(args: argparse.Namespace) -> int:
    """KL's repræsentantskab: all mayors plus supplementary members, uncapped."""
    from ..presentation.composition import share_column
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
    print(f"KL's repræsentantskab efter {comp.election}: KKR-reglen på landsplan (mindst 2 %, "
          f"et kommunalbestyrelsesmedlem, borgmestrene som fødte medlemmer), UDEN LOFT (intet "
          f"loft er offentliggjort); grundlag: {basis_da(basis)}")
    shown = frame.drop(columns=["name"]).assign(reason=frame["reason"].map(danish.reason_da))
    share = share_column(comp)  # the share of the threshold's base, beside the verdict
    shown = shown.drop(columns=[c for c in ("share_of_cast", "share_of_valid") if c != share])
    shown[share] = shown[share].map(danish.percent)
    print(danish.text_table(shown, labels={"pct_tenths": "Promille"}))
    print(f"Størrelse {danish.integer(comp.size)}"
          + (f"; LODTRÆKNING: {comp.tie.describe_da()}" if comp.tie else ""))
    print(f"Borgmestre: {danish.plural(comp.coverage.municipalities, 'kommune', 'kommuner')}")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("board", help="KL's bestyrelse: 17 pladser efter landsresultatet")
    p.add_argument("--election", default="KV21", type=election,
                   help="kommunalvalget: KV21 (standard) eller KV25")
    p.add_argument("--data-dir", default=None,
                   help="din egen datamappe (samme opbygning som de medfølgende data)")
    p.add_argument("--seats", type=int_range(1, MAX_BOARD_SEATS), default=17,
                   help="antal pladser i bestyrelsen (standard 17)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=FORMAT_HELP)
    p.add_argument("--alliance", action="append", default=[], metavar="A+F+Ø",
                   type=alliance_spec,
                   help="et valgforbund (kan gentages): d'Hondt mellem valgforbund og lister, "
                   "derefter inden for hvert")
    p.add_argument("--for", dest="for_list", default=None, metavar="LISTE",
                   help="med --exhaustive: hvert valgforbund med LISTE (mindst/flest pladser)")
    p.add_argument("--bloc", default=None, metavar="A+B", type=lists_spec("valgforbund"),
                   help="ét fast valgforbund mod hver gruppering af de andre partier")
    p.add_argument("--exhaustive", action="store_true",
                   help="prøv hver gruppering af de andre partier (med --for eller --bloc)")
    p.add_argument("--split", choices=("dhondt", "none"), default="dhondt",
                   help="ANTAGELSE vist ved tabellen: et valgforbunds pladser pr. parti efter "
                   "d'Hondt på partiernes tal (dhondt, standard) eller ingen (none)")
    p.add_argument("--partners", action="store_true",
                   help="også hvert partis bedste enkelte partner (langsommere: 12 partier ≈ "
                   "sekunder)")
    p.set_defaults(handler=cmd_board)

    p = sub.add_parser("assembly", help="KL's repræsentantskab (KKR-reglen uden loft, hele landet)")
    p.add_argument("--election", default="KV21", type=election,
                   help="kommunalvalget: KV21 (standard) eller KV25")
    p.add_argument("--data-dir", default=None,
                   help="din egen datamappe (samme opbygning som de medfølgende data)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=FORMAT_HELP)
    p.set_defaults(handler=cmd_assembly)


def basis_da(basis: str) -> str:
    """The national basis in Danish: the votes, or the published shares (0,1 %)."""
    return {"votes": "stemmetal",
            "published shares (0.1 %)": "offentliggjorte procenter (0,1 %)"}.get(basis, basis)
