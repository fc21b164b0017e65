"""The ``kkr`` command line: the same library functions the notebooks call.

Exit codes: 0 success, 2 bad input (a :class:`DataError`, or a usage error).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from fractions import Fraction

import pandas as pd

from . import __version__
from .apportion import METHODS
from .data import load_election, load_published, load_region_votes
from .errors import DataError
from .rules.composition import compare_with_published, compose
from .rules.lists import RegionTally, region_tally, tally_from_region_votes

Handler = Callable[[argparse.Namespace], int]


def _add_common(parser: argparse.ArgumentParser, *, kkr: bool = True) -> None:
    parser.add_argument("--election", default="KV21", help="election, e.g. KV21 (default)")
    if kkr:
        parser.add_argument("--kkr", required=True, help="region, e.g. Hovedstaden")
    parser.add_argument("--data-dir", default=None,
                        help="your own data folder (same layout as the bundled data)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    if kkr:
        parser.add_argument("--regions", default=None, metavar="YEAR",
                            help="a region mapping scenario, e.g. 2027 (Region Østdanmark)")


def _tally(args: argparse.Namespace) -> RegionTally:
    data = load_election(args.election, args.data_dir, getattr(args, "regions", None))
    if data.is_scenario and args.format == "table":
        print(f"SCENARIO: regions as in regions_{data.regions_year}.csv — not a decided KL "
              "structure")
    if data.party_assumption and args.format == "table":
        print(f"Party registry (KL's love § 6) for {data.election}: {data.party_assumption}")
    if getattr(args, "region_votes", None):
        return tally_from_region_votes(data, args.kkr, load_region_votes(args.region_votes))
    return region_tally(data, args.kkr)


def _print_frame(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    else:
        print(frame.to_string(index=False))


def cmd_composition(args: argparse.Namespace) -> int:
    """KKR composition (KL's love § 15, stk. 2)."""
    comp = compose(_tally(args), args.method, threshold=args.threshold / 100)
    if args.format == "json":
        print(json.dumps(comp.to_dict(), ensure_ascii=False, indent=2))
        return 0
    frame = comp.to_frame()
    if args.format == "csv":
        columns = ["list", "votes", "share", "eligible", "mayors", "supplementary", "total"]
        out = frame[columns].copy()
        out["eligible"] = out["eligible"].map({True: "true", False: "false"})
        out["share"] = [f"{float(r.share):.6f}" for r in comp.rows]
        _print_frame(out, "csv")
        return 0
    print(f"KKR {comp.region} — {comp.election}, method {comp.method}")
    print(f"Data coverage: {comp.coverage.describe()}")
    shown = frame.assign(share=(frame["share"] * 100).round(2)).rename(
        columns={"share": "share %", "mayors": "borgmestre", "supplementary": "supplerende"})
    print(shown.drop(columns=["name"]).rename(columns={"votes_missing": "no votes in"})
          .to_string(index=False))
    capped = "the cap binds" if comp.cap_binds else "the cap does not bind"
    print(f"Size {comp.size} (cap {comp.cap} = 2 × {comp.cap // 2} municipalities; {capped})")
    if comp.tie:
        print(f"TIE — lot draw needed: {comp.tie.describe()}")
    if comp.size_tie:
        print("TIE — the size itself hangs on a lot draw (one seat fewer would do for some lots)")
    published = compare_with_published(comp, load_published(args.data_dir))
    if published is not None:
        print("\nComputed vs published by KL:")
        print(published.to_string(index=False))
    return 0


def _chair_votes(args: argparse.Namespace) -> dict[str, int]:
    from .rules.chair import chair_votes

    tally = _tally(args)
    if args.format == "table":
        print(f"Data coverage: {tally.coverage.describe()}")
    return chair_votes(compose(tally, getattr(args, "method", "dhondt")))


def cmd_chair(args: argparse.Namespace) -> int:
    """Formand and næstformand under the given valgforbund (KL's love § 15, stk. 3)."""
    from .rules.chair import elect_chair, parse_alliances

    result = elect_chair(_chair_votes(args), parse_alliances(args.alliance))
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0
    if args.format == "csv":
        rows = [{"post": post, "list": p.list if p else "", "alliance": "+".join(p.alliance)
                 if p else "", "by_lot": p is None}
                for post, p in (("chair", result.chair), ("vice_chair", result.vice_chair))]
        _print_frame(pd.DataFrame(rows), "csv")
        return 0
    print(f"KKR {args.kkr} — {args.election}: formand og næstformand")
    print(result.describe())
    print("\nQuotients (d'Hondt, votes of the lists that take part):")
    print(result.quotients().to_string(index=False))
    return 0


def cmd_alliances(args: argparse.Namespace) -> int:
    """Every valgforbund structure: who holds the posts, and what guarantees a list the chair."""
    from .scenarios.alliances import (
        evaluate_structures,
        guaranteeing_alliances,
        minimal_guarantees,
    )
    from .scenarios.power import power_indices

    votes = _chair_votes(args)
    out = evaluate_structures(votes, progress=args.format == "table")
    summary = out.summary()
    power = power_indices(votes)
    guarantees = None
    if args.for_list:
        if args.for_list not in votes:
            raise DataError(f"{args.for_list!r} does not take part in KKR {args.kkr}; the lists "
                            f"that do are {', '.join(votes)}")
        guarantees = minimal_guarantees(guaranteeing_alliances(out, args.for_list))
    if args.format == "json":
        doc = {"structures": out.structures,
               "summary": summary.to_dict(orient="records"),
               "power": power.to_dict(orient="records")}
        if guarantees is not None:
            doc["for"] = args.for_list
            doc["guaranteeing_alliances"] = [
                {"alliance": list(g.members), "votes": g.votes} for g in guarantees]
        print(json.dumps(doc, ensure_ascii=False, default=int))
        return 0
    if args.format == "csv":
        if guarantees is not None:
            _print_frame(pd.DataFrame([{"alliance": "+".join(g.members), "size": len(g.members),
                                        "votes": g.votes} for g in guarantees]), "csv")
        else:
            _print_frame(summary.merge(power.drop(columns=["votes"]), on="list"), "csv")
        return 0
    print(f"KKR {args.kkr} — {args.election}: {out.structures:,} valgforbund structures of "
          f"{len(votes)} lists ({', '.join(votes)})")
    print(summary.to_string(index=False))
    print("\nPower in the majority game (more than half of the votes):")
    print(power.to_string(index=False))
    if guarantees is not None:
        total = sum(votes.values())
        print(f"\nValgforbund that give {args.for_list} the chair whatever the others do "
              f"(minimal ones; majority = more than {total // 2:,} of {total:,} votes):")
        if not guarantees:
            print("  none")
        for g in guarantees:
            print(f"  {'+'.join(g.members):<20} {g.votes:>10,} votes")
        if guarantees:
            best = guarantees[0]
            print(f"Smallest: {'+'.join(best.members)} ({len(best.members)} lists).")
    return 0


def _emit(frame: pd.DataFrame, fmt: str, title: str = "") -> None:
    if fmt == "json":
        print(frame.to_json(orient="records", force_ascii=False))
        return
    if fmt == "table" and title:
        print(title)
    _print_frame(frame, fmt)


def cmd_sweep(args: argparse.Namespace) -> int:
    """Composition as the threshold, the cap or the method varies."""
    from .scenarios.sensitivity import cap_sweep, critical_thresholds, method_sweep, threshold_sweep

    tally = _tally(args)
    if args.what == "threshold":
        frame = threshold_sweep(tally, args.method)
        _emit(frame, args.format, f"KKR {args.kkr} ({args.election}): seats by threshold")
        if args.format == "table":
            print("\nCritical thresholds (the list takes part at, not above, this share):")
            for c in critical_thresholds(tally, args.method):
                change = ", ".join(f"{k} {v:+d}" for k, v in c.changes.items())
                print(f"  {float(c.threshold) * 100:.4f} %  {c.list}: above it {change}")
    elif args.what == "cap":
        _emit(cap_sweep(tally, args.method), args.format,
              f"KKR {args.kkr} ({args.election}): seats by cap (× municipalities)")
    else:
        _emit(method_sweep(tally), args.format,
              f"KKR {args.kkr} ({args.election}): seats and disproportionality by method")
    if args.format == "table":
        print(f"Data coverage: {tally.coverage.describe()}")
    return 0


def cmd_margins(args: argparse.Namespace) -> int:
    """Votes from one more seat and from one fewer, per list."""
    from .rules.chair import chair_votes, parse_alliances
    from .scenarios.sensitivity import chair_margins, margins_frame, vote_margins

    tally = _tally(args)
    frame = margins_frame(vote_margins(tally, args.method))
    if args.format == "csv":
        _print_frame(frame[["list", "seats", "gain_votes", "loss_votes"]], "csv")
        return 0
    posts = pd.DataFrame([vars(m) for m in chair_margins(
        chair_votes(compose(tally, args.method)), parse_alliances(args.alliance))])
    if args.format == "json":
        print(json.dumps({"seats": json.loads(frame.to_json(orient="records")),
                          "posts": posts.to_dict(orient="records")}, ensure_ascii=False))
        return 0
    _emit(frame, args.format, f"KKR {args.kkr} ({args.election}, {args.method}): vote margins "
          "(gain: extra votes for one more seat; loss: votes lost before a seat goes)")
    print("\nPosts (holds: votes it can lose before it surely loses the post; otherwise: "
          "extra votes to win it without a lot):")
    print(posts.astype({"votes_needed": "Int64"}).to_string(index=False))
    if args.format == "table":
        print(f"Fragile (margin under 1 % of the list's votes): "
              f"{', '.join(frame.loc[frame['fragile'], 'list']) or 'none'}")
        print(f"Data coverage: {tally.coverage.describe()}")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    """Monte-Carlo over vote shares (Dirichlet): seat-count and post probabilities."""
    from .rules.chair import parse_alliances
    from .scenarios.montecarlo import simulate

    tally = _tally(args)
    sim = simulate(tally, args.draws, None if args.concentration <= 0 else args.concentration,
                   parse_alliances(args.alliance), args.seed)
    seats = sim.seats.reset_index().melt(id_vars="list", var_name="seats",
                                         value_name="probability")
    seats = seats[seats["probability"] > 0].sort_values(["list", "seats"], kind="stable")
    if args.format == "json":
        print(json.dumps({"draws": sim.draws, "concentration": sim.concentration,
                          "seats": seats.to_dict(orient="records"),
                          "posts": sim.posts.to_dict(orient="records"),
                          "lot_share": sim.lot_share, "chair_lot_share": sim.chair_lot_share},
                         ensure_ascii=False, default=float))
        return 0
    if args.format == "csv":
        _print_frame(seats, "csv")
        return 0
    print(f"KKR {args.kkr} ({args.election}): {sim.draws:,} draws, Dirichlet concentration "
          f"{sim.concentration}")
    print(sim.seats.round(3).loc[:, (sim.seats > 0).any()].to_string())
    print("\nPosts:")
    print(sim.posts.round(4).to_string(index=False))
    print(f"Draws with a lot for a KKR seat: {sim.lot_share:.4%}; for a post: "
          f"{sim.chair_lot_share:.4%}")
    print(f"Data coverage: {tally.coverage.describe()}")
    return 0


def cmd_appoint(args: argparse.Namespace) -> int:
    """Appointments to regional bodies (Kommunestyrelsesloven § 24) among KKR groups."""
    from .data.kkr_tables import load_bodies, load_proposals
    from .rules.appointments import (
        appoint,
        check_proposals,
        groups_from_composition,
        typed_groups,
    )

    if any("=" in g for g in args.group):
        groups = typed_groups(args.group)
    else:
        groups = groups_from_composition(compose(_tally(args)), args.group)
    bodies = load_bodies(args.bodies)
    results = [appoint(b, groups) for b in bodies]
    frames = [r.to_frame() for r in results if r.picks]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    check = check_proposals(bodies, load_proposals(args.proposals)) if args.proposals else None
    if args.format == "json":
        print(json.dumps({"groups": groups,
                          "bodies": [{"body": r.body.name, "method": r.method,
                                      "explanation": r.explanation,
                                      "seats": r.to_frame().to_dict(orient="records")}
                                     for r in results],
                          "problems": list(check.problems) if check else []},
                         ensure_ascii=False, default=str))
        return 0 if check is None or check.ok else 1
    if args.format == "csv":
        _print_frame(table, "csv")
        return 0 if check is None or check.ok else 1
    print(f"KKR {args.kkr} ({args.election}) groups: "
          + ", ".join(f"{g} {n}" for g, n in groups.items()))
    for r in results:
        print(f"\n{r.body.name} — {r.body.seats} seat(s), {r.method}: {r.explanation}")
        if r.picks:
            print(r.to_frame().drop(columns=["body", "method"]).to_string(index=False))
    if check is not None:
        print("\nProposals:", "OK" if check.ok else "")
        for problem in check.problems:
            print(f"  PROBLEM: {problem}")
        for body, g in check.gender_balance.items():
            print(f"  {body}: {g['K']} women, {g['M']} men")
    return 0 if check is None or check.ok else 1


def cmd_board_check(args: argparse.Namespace) -> int:
    """Check a proposed Erhvervshus board (lov om erhvervsfremme § 13)."""
    from .data.kkr_tables import load_board
    from .rules.board import check_board

    result = check_board(load_board(args.file))
    for problem in result.problems:
        print(f"PROBLEM: {problem}")
    g = result.gender
    print(f"Gender (members besides the observer): {g['K']} women, {g['M']} men"
          + (f", {g['unknown']} not stated" if g["unknown"] else ""))
    print("OK" if result.ok else f"{len(result.problems)} problem(s)")
    return 0 if result.ok else 1


def cmd_meetings(args: argparse.Namespace) -> int:
    """Meeting plan checks, valgforbund deadlines and the .ics export."""
    import datetime as dt

    from .data.kkr_tables import load_meetings
    from .rules.meetings import alliance_deadline, check_meetings, deadlines

    if args.action == "deadline":
        if not args.date:
            raise DataError("give the meeting date, e.g. kkr meetings deadline 2022-01-25")
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError as exc:
            raise DataError(f"{args.date!r} is not a date in the form YYYY-MM-DD") from exc
        deadline = alliance_deadline(day)
        print(f"Valgforbund for a meeting on {day} must be notified three working days before, "
              "no later than:")
        print(deadline.isoformat())
        return 0
    plan = load_meetings(args.plan)
    if args.action == "check":
        issues = check_meetings(plan)
        for issue in issues:
            print(f"PROBLEM {issue.date}: {issue.problem}")
        print(f"{len(plan)} meetings checked: " + ("OK" if not issues else
                                                    f"{len(issues)} problem(s)"))
        return 0 if not issues else 1
    if args.action == "deadlines":
        _emit(deadlines(plan), args.format, "Valgforbund deadlines (three working days before)")
        return 0
    from pathlib import Path

    from .calendar import meetings_to_ical

    out = Path(args.out or "kkr_meetings.ics")
    out.write_bytes(meetings_to_ical(plan, args.kkr))
    print(f"Wrote {len(plan)} meetings to {out}")
    return 0


def cmd_quorum(args: argparse.Namespace) -> int:
    """Is the KKR quorate? At least half of the members present (forretningsorden § 5)."""
    from .rules.meetings import has_quorum, quorum_needed

    try:
        ok = has_quorum(args.members, args.present)
    except ValueError as exc:
        raise DataError(str(exc)) from exc
    print(f"{args.present} of {args.members} present; quorum needs "
          f"{quorum_needed(args.members)}.")
    print("true" if ok else "false")
    return 0


def cmd_board(args: argparse.Namespace) -> int:
    """KL's board: 17 seats by d'Hondt among the § 6 parties on the national vote."""
    from .rules.national import basis_check, kl_board

    data = load_election(args.election, args.data_dir)
    board = kl_board(data, args.seats, args.data_dir)
    if args.format == "csv":
        _print_frame(board.to_frame(), "csv")
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
    from .rules.national import representative_assembly

    data = load_election(args.election, args.data_dir)
    comp, basis = representative_assembly(data, args.data_dir)
    if args.format == "json":
        doc = comp.to_dict()
        doc.update({"basis": basis, "cap": None, "cap_binds": False})
        print(json.dumps(doc, ensure_ascii=False))
        return 0
    frame = comp.to_frame()
    if args.format == "csv":
        _print_frame(frame[["list", "mayors", "supplementary", "total"]], "csv")
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


def cmd_import(args: argparse.Namespace) -> int:
    """Import valg.dk exports; print the reconciliation; write only with --out."""
    from pathlib import Path

    from .data import bundled_data_dir, load_municipalities
    from .data.store import import_into, plan_import
    from .data.valgdk import read_valgdk_files

    base = Path(args.data_dir) if args.data_dir else bundled_data_dir()
    files = read_valgdk_files(args.files, load_municipalities(base), args.municipality)
    if args.out:
        summary = import_into(files, args.election, args.out, base)
    else:
        summary = plan_import(files, args.election, base)[2]
    for f in files:
        print(f"{f.path}: {f.municipality} (code {f.municipality_code}), {len(f.lists)} lists, "
              f"{f.areas['area'].nunique()} polling areas, {f.total_votes:,} valid votes")
    recon = summary.per_list.assign(
        difference=lambda d: d["votes"] - d["before"].astype("Int64"))
    if args.format == "csv":
        _print_frame(recon, "csv")
    else:
        print(recon.to_string(index=False))
        print("\nTotals per municipality:")
        print(summary.totals().to_string(index=False))
    for note in summary.notes:
        print(f"note: {note}")
    if not args.out:
        print("Dry run: nothing written (give --out DIR to write a data folder).")
    elif summary.changed:
        print(f"Wrote {Path(args.out) / args.election.lower()} (use --data-dir {args.out}).")
    else:
        print(f"No change: {args.out} already holds exactly this data.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Execute the notebooks and write HTML reports."""
    from pathlib import Path

    from .report import build_reports

    start = time.perf_counter()
    entries = build_reports(Path(args.out), Path(args.notebooks) if args.notebooks else None,
                            args.election, args.kkr)
    print(f"{len(entries)} reports and {sum(e.figures for e in entries)} figures in "
          f"{time.perf_counter() - start:.1f} s: open {Path(args.out) / 'index.html'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kkr", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("composition", help="composition of a KKR (borgmestre + supplerende)")
    _add_common(p)
    p.add_argument("--method", choices=METHODS, default="dhondt")
    p.add_argument("--threshold", type=Fraction, default=Fraction(2),
                   help="threshold in percent (default 2, KL's love § 15, stk. 2)")
    p.add_argument("--region-votes", default=None,
                   help="CSV list,votes[,council_seats] of region totals (KL's stemmetal)")
    p.set_defaults(handler=cmd_composition)

    p = sub.add_parser("chair", help="formand and næstformand under given valgforbund")
    _add_common(p)
    p.add_argument("--alliance", action="append", default=[],
                   help="a valgforbund, e.g. A+F+Ø (repeat; 'A+F:F' names F for its seat)")
    p.set_defaults(handler=cmd_chair)

    p = sub.add_parser("alliances", help="every valgforbund structure, exhaustively")
    _add_common(p)
    p.add_argument("--for", dest="for_list", default=None,
                   help="a list: which valgforbund guarantee it the chair")
    p.set_defaults(handler=cmd_alliances)

    p = sub.add_parser("sweep", help="composition as threshold, cap or method vary")
    p.add_argument("what", choices=("threshold", "cap", "method"))
    _add_common(p)
    p.add_argument("--method", choices=METHODS, default="dhondt")
    p.set_defaults(handler=cmd_sweep)

    p = sub.add_parser("margins", help="votes from one more / one fewer seat, per list")
    _add_common(p)
    p.add_argument("--method", choices=METHODS, default="dhondt")
    p.add_argument("--alliance", action="append", default=[],
                   help="valgforbund for the post margins, e.g. C+V")
    p.set_defaults(handler=cmd_margins)

    p = sub.add_parser("simulate", help="Monte-Carlo over vote shares (Dirichlet)")
    _add_common(p)
    p.add_argument("--draws", type=int, default=100_000)
    p.add_argument("--concentration", type=float, default=2000.0,
                   help="Dirichlet concentration (larger = less noise; 0 = no noise)")
    p.add_argument("--alliance", action="append", default=[], help="valgforbund for the posts")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(handler=cmd_simulate)

    p = sub.add_parser("appoint", help="appointments to regional bodies (§ 24)")
    _add_common(p)
    p.add_argument("--bodies", default=None, help="CSV body,seats[,kind,substitutes,"
                   "gender_requirement] (default: the seed's bodies for Hovedstaden)")
    p.add_argument("--group", action="append", default=[], help="lists joining as one "
                   "valggruppe, e.g. A+F+Ø (repeat); or typed-in groups NAME=MEMBERS")
    p.add_argument("--proposals", default=None,
                   help="CSV body,group,name,gender,council_member to check")
    p.set_defaults(handler=cmd_appoint)

    p = sub.add_parser("board-check", help="check a proposed Erhvervshus board")
    p.add_argument("file", help="CSV name,category,gender,elected_official")
    p.set_defaults(handler=cmd_board_check)

    p = sub.add_parser("meetings", help="meeting plan: check, deadlines, ics export")
    p.add_argument("action", choices=("deadline", "deadlines", "check", "ics"))
    p.add_argument("date", nargs="?", help="meeting date (for 'deadline'), YYYY-MM-DD")
    p.add_argument("--plan", default=None, help="meeting plan CSV (default: the seed's plan)")
    p.add_argument("--kkr", default="Hovedstaden")
    p.add_argument("--out", default=None, help="the .ics file to write (for 'ics')")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_meetings)

    p = sub.add_parser("quorum", help="is the KKR quorate (at least half present)?")
    p.add_argument("--members", type=int, required=True)
    p.add_argument("--present", type=int, required=True)
    p.set_defaults(handler=cmd_quorum)

    p = sub.add_parser("board", help="KL's bestyrelse: 17 seats on the national vote")
    p.add_argument("--election", default="KV21")
    p.add_argument("--data-dir", default=None)
    p.add_argument("--seats", type=int, default=17)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_board)

    p = sub.add_parser("assembly", help="KL's repræsentantskab (uncapped KKR rule, national)")
    p.add_argument("--election", default="KV21")
    p.add_argument("--data-dir", default=None)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_assembly)

    p = sub.add_parser("import", help="import official result files")
    kinds = p.add_subparsers(dest="kind", required=True)
    q = kinds.add_parser("valgdk", help="valg.dk 'Eksportér data' files, one per municipality")
    q.add_argument("files", nargs="+", help="export file(s), named after the municipality")
    q.add_argument("--election", default="KV21")
    q.add_argument("--municipality", default=None, help="name or code, when the file name "
                   "does not say it (one file only)")
    q.add_argument("--out", default=None, help="data folder to write (new, or one made before)")
    q.add_argument("--data-dir", default=None, help="base data folder (default: bundled data)")
    q.add_argument("--format", choices=("table", "csv"), default="table")
    q.set_defaults(handler=cmd_import)

    p = sub.add_parser("report", help="execute the notebooks and write reports/*.html")
    p.add_argument("--out", default="reports")
    p.add_argument("--notebooks", default=None, help="folder of notebooks (default notebooks/)")
    p.add_argument("--election", default="KV21")
    p.add_argument("--kkr", default="Hovedstaden")
    p.set_defaults(handler=cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except DataError as exc:
        print(f"kkr: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `kkr … | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
