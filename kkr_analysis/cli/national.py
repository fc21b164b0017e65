"""kkr board / kkr assembly: KL's national bodies."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from .. import danish
from ..errors import DataError
from ..rules.composition import election_label
from .common import FORMAT_HELP, Subparsers, add_election, print_frame
from .validate import MAX_BOARD_SEATS, alliance_spec, int_range, lists_spec


def cmd_board(args: argparse.Namespace) -> int:
    """KL's board: 17 seats by d'Hondt among the § 6 parties on the national vote, optionally
    with valgforbund; ``--for C --exhaustive``: every valgforbund containing C."""
    from ..rules.chair import parse_alliances
    from ..rules.composition import period_of
    from ..rules.national import basis_check, board_check, board_parties, kl_board

    if args.exhaustive or args.for_list or args.bloc:
        return cmd_board_plan(args)
    alliances = parse_alliances(args.alliance)
    board = kl_board(args.election, args.seats, args.data_dir, alliances)
    check = board_check(board, args.data_dir)
    if args.format == "csv":
        print_frame(board.to_frame(), "csv")
        return 0
    if args.format == "json":
        print(json.dumps({"election": board.election, "period": period_of(board.election),
                          "basis": board.basis, "basis_source": board.source,
                          "seats": board.seats,
                          "valgforbund": [a.label for a in board.alliances],
                          "tie": board.tie.describe() if board.tie else None,
                          "ties": [{"valgforbund": label or None, "tie": t.describe()}
                                   for label, t in board.ties],
                          "published_check": None if check is None else {
                              "period": check.period, "complete": check.complete,
                              "agrees": check.agrees, "source": check.source,
                              "lists": [{"list": r.list,
                                         "published": None if pd.isna(r.published)
                                         else int(r.published),
                                         "computed": int(r.computed)}
                                        for r in check.table.itertuples(index=False)]}},
                         ensure_ascii=False))
        return 0
    print(f"KL's bestyrelse efter {election_label(board.election)}: "
          f"{danish.plural(args.seats, 'plads', 'pladser')}, d'Hondt blandt partierne efter "
          "§ 6 — beregnet af dette værktøj")
    print(f"Grundlag: {basis_text(board.basis, board.source)}")
    if board.alliances:
        print("Valgforbund: " + ", ".join(a.label for a in board.alliances)
              + " (d'Hondt mellem valgforbund og lister, derefter inden for hvert valgforbund)")
    print(danish.text_table(board.to_frame()))
    for label, tie in board.ties:
        print(f"LODTRÆKNING{' inden for ' + label if label else ''}: {tie.describe_da()}")
    print_board_check(board, check)
    rounded = basis_check(board, board_parties(board.election, args.data_dir), args.data_dir)
    if rounded is not None:
        same = (rounded["by_votes"] == rounded["by_shares"]).all()
        print("\nMed de afrundede procenter (0,1 %) fra national.csv i stedet for stemmetallene "
              + ("bliver fordelingen den samme." if same else "bliver fordelingen ANDERLEDES: "
                 + ", ".join(f"{r.list} {r.by_shares}" for r in rounded.itertuples()
                             if r.by_shares != r.by_votes) + "."))
    return 0


def print_board_check(board, check) -> None:
    """"Kontrol af metoden": KL's published board beside the computed one, one verdict."""
    from ..rules.composition import period_of

    period = period_of(board.election)
    if board.alliances:
        print("\nKontrol mod KL's offentliggjorte bestyrelse: ikke mulig med valgforbund (KL's "
              "tal er fordelingen uden); kør uden --alliance.")
        return
    if check is None:
        print(f"\nKontrol af metoden: KL's offentliggjorte bestyrelse for {period} findes ikke "
              "i dataene (kl_board_published.csv); tallene ovenfor er ikke kontrolleret mod KL.")
        return
    print(f"\nKontrol af metoden: KL's offentliggjorte bestyrelse {period} ved siden af "
          f"tallene beregnet ovenfor (kilde: {check.source})")
    shown = check.table.assign(
        published=[("ikke oplyst" if pd.isna(v) else str(int(v)))
                   for v in check.table["published"]],
        same=[("–" if pd.isna(v) else danish.yes_no(bool(v))) for v in check.table["same"]])
    print(danish.text_table(shown, labels={"published": "KL (offentliggjort)",
                                           "computed": "Beregnet her", "same": "Ens"}))
    known = int(check.table["same"].notna().sum())
    if not check.agrees:
        wrong = [r.list for r in check.table.itertuples() if not pd.isna(r.same) and not r.same]
        print(f"Dom: AFVIGER for {', '.join(wrong)} — metoden eller dataene giver ikke KL's "
              "bestyrelse.")
    elif check.complete:
        print(f"Dom: metoden giver præcis KL's bestyrelse {period} (alle {known} partier).")
    else:
        named = [r.list for r in check.table.itertuples() if not pd.isna(r.same) and r.same]
        print(f"Dom: metoden giver KL's tal for {danish.join_and(named)}, som kilden nævner; de "
              f"øvrige partiers pladser {period} er ikke fundet, så de er ikke kontrolleret.")


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
    title = (f"KL's bestyrelse efter {election_label(election)}: "
             f"{danish.plural(args.seats, 'plads', 'pladser')}"
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
    print(f"KL's repræsentantskab efter {election_label(comp.election)}: KKR-reglen på "
          f"landsplan (mindst 2 %, et kommunalbestyrelsesmedlem, borgmestrene som fødte "
          f"medlemmer), UDEN LOFT (intet loft er offentliggjort); grundlag: {basis_da(basis)}")
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
    add_election(p)
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
    add_election(p)
    p.add_argument("--data-dir", default=None,
                   help="din egen datamappe (samme opbygning som de medfølgende data)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=FORMAT_HELP)
    p.set_defaults(handler=cmd_assembly)


def basis_text(basis: str, source: str) -> str:
    """The board's basis in Danish, naming where the numbers come from."""
    if basis == "votes" and source == "results.csv":
        return ("stemmetal: partiernes stemmer lagt sammen over valg.dk's resultater for alle "
                "kommuner (ikke de afrundede procenter)")
    return basis_da(basis) + " (national.csv)"


def basis_da(basis: str) -> str:
    """The national basis in Danish: the votes, or the published shares (0,1 %)."""
    return {"votes": "stemmetal",
            "published shares (0.1 %)": "offentliggjorte procenter (0,1 %)"}.get(basis, basis)
