"""kkr appoint / board-check / meetings / quorum: the constituent meeting's rules."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from .. import danish
from ..errors import DataError
from ..presentation.appointments import message_da
from .common import (
    Subparsers,
    add_common,
    add_mayor_options,
    add_region_votes_option,
    composition_of,
    emit,
    print_frame,
    scenario_of,
)
from .validate import MAX_MEMBERS, group_spec, int_range, iso_date, lists_spec, out_file, region

MEMBER_SOURCES = {"computed": "beregnet af stemmetallene",
                  "published": "KL's offentliggjorte sammensætning (kl_published.csv)"}


def kkr_members(args: argparse.Namespace) -> tuple[str, str, dict[str, int]]:
    """(KKR, election, members per list) for ``--members``: computed from the votes (through
    the one Scenario / ``--region-votes`` path), or KL's published figures for that KKR and
    period (refused when KL's figures per list are not in the data)."""
    from ..data import load_published
    from ..rules.composition import period_of, published_members

    if args.members == "published":
        scenario = scenario_of(args)
        members = published_members(load_published(args.data_dir), scenario.kkr,
                                    scenario.election)
        if members is None:
            raise DataError(f"KL's offentliggjorte medlemstal pr. liste for KKR {scenario.kkr}, "
                            f"{period_of(scenario.election)} står ikke i kl_published.csv: "
                            "brug --members computed")
        return scenario.kkr, scenario.election, members
    comp = composition_of(args)
    return comp.region, comp.election, {r.list: r.total for r in comp.rows if r.total}


def bodies_of(args: argparse.Namespace, kkr: str, election: str) -> list:
    """The bodies of ``kkr`` in the period ``election`` opens (``--bodies`` or bundled)."""
    from ..data.kkr_tables import load_bodies
    from ..rules.composition import period_of

    return load_bodies(args.bodies, kkr=kkr, period=period_of(election), data_dir=args.data_dir)


def cmd_appoint(args: argparse.Namespace) -> int:
    """Appointments to regional bodies (Kommunestyrelsesloven § 24) among KKR groups."""
    from ..data.kkr_tables import load_proposals
    from ..rules.appointments import appoint, check_proposals, groups_from_members, typed_groups
    from ..rules.composition import period_of

    if args.exhaustive or args.bloc or args.for_list:
        return cmd_plan_meeting(args)
    if any("=" in g for g in args.group):
        scenario = scenario_of(args)
        kkr, election = scenario.kkr, scenario.election
        groups = typed_groups(args.group)
        source = "indtastede grupper"
    else:
        kkr, election, members = kkr_members(args)
        groups = groups_from_members(members, args.group, kkr)
        source = MEMBER_SOURCES[args.members]
    bodies = bodies_of(args, kkr, election)
    results = [appoint(b, groups) for b in bodies]
    frames = [r.to_frame() for r in results if r.picks]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    check = check_proposals(bodies, load_proposals(args.proposals)) if args.proposals else None
    if args.format == "json":
        print(json.dumps({"kkr": kkr, "election": election, "members_source": args.members,
                          "groups": groups,
                          "bodies": [{"body": r.body.name, "method": r.method,
                                      "explanation": r.explanation,
                                      "seats": r.to_frame().to_dict(orient="records")}
                                     for r in results],
                          "problems": list(check.problems) if check else []},
                         ensure_ascii=False, default=str))
        return 0 if check is None or check.ok else 1
    if args.format == "csv":
        print_frame(table, "csv")
        return 0 if check is None or check.ok else 1
    print(f"KKR {kkr} ({election}, {period_of(election)}), valggrupper: "
          + ", ".join(f"{g} {n}" for g, n in groups.items()))
    print(f"Medlemstal: {source}")
    for r in results:
        print(f"\n{r.body.name} — {danish.plural(r.body.seats, 'plads', 'pladser')}, "
              f"{r.method}: {r.explanation}")
        if r.picks:
            print(danish.text_table(r.to_frame().drop(columns=["body", "method"]), digits=3))
    if check is not None:
        print("\nForslag til personer:", "i orden" if check.ok else "")
        for problem in check.problems:
            print(f"  PROBLEM: {message_da(problem)}")
        for body, g in check.gender_balance.items():
            print(f"  {body}: {danish.plural(g['K'], 'kvinde', 'kvinder')}, "
                  f"{danish.plural(g['M'], 'mand', 'mænd')}")
    return 0 if check is None or check.ok else 1


def cmd_plan_meeting(args: argparse.Namespace) -> int:
    """Every valggruppe containing a list (or one bloc) over every grouping of the others."""
    from ..rules.composition import period_of
    from ..scenarios.valggrupper import Planner, meeting_of
    from .planner import emit_plan, plan_table

    if args.group:
        raise DataError("--group fastlægger én gruppering; --exhaustive prøver dem alle: giv ét "
                        "af dem")
    kkr, election, members = kkr_members(args)
    bodies = bodies_of(args, kkr, election)
    meeting = meeting_of(bodies)
    planner = Planner(members, meeting, exhaustive=args.exhaustive)
    table = plan_table(planner, args, f"har ingen medlemmer i KKR {kkr} ({election})")
    political = [b for b in bodies if b.kind == "political"]
    title = (f"KKR {kkr} ({election}, {period_of(election)}): valggrupper, "
             f"{sum(members.values())} "
             f"medlemmer ({', '.join(f'{k} {v}' for k, v in members.items())}; "
             f"{MEMBER_SOURCES[args.members]}); "
             f"{len(political)} politiske organer, {meeting.seats} pladser "
             f"(§ 24, stk. 3: {', '.join(map(str, meeting.proportional)) or '-'}; "
             f"stk. 1: {danish.plural(meeting.majority, 'enkeltplads', 'enkeltpladser')})")
    return emit_plan(planner, table, args, weight="members", title=title,
                     extra={"kkr": kkr, "election": election, "members_source": args.members})


def cmd_board_check(args: argparse.Namespace) -> int:
    """Check a proposed Erhvervshus board (lov om erhvervsfremme § 13)."""
    from ..data.kkr_tables import load_board
    from ..rules.board import check_board

    result = check_board(load_board(args.file))
    for problem in result.problems:
        print(f"PROBLEM: {message_da(problem)}")
    g = result.gender
    print(f"Køn (medlemmerne ud over observatøren): {danish.plural(g['K'], 'kvinde', 'kvinder')}, "
          f"{danish.plural(g['M'], 'mand', 'mænd')}"
          + (f", {danish.integer(g['unknown'])} uoplyst" if g["unknown"] else ""))
    print("I orden" if result.ok else danish.plural(len(result.problems), "problem",
                                                     "problemer"))
    return 0 if result.ok else 1


def meeting_plan(args: argparse.Namespace) -> tuple[str, str, pd.DataFrame]:
    """(KKR, period, plan) for ``kkr meetings``: ``--plan FIL`` (refused when its rows name
    another KKR or period) or the data folder's plan of that KKR and period (refused in one
    Danish line, saying how to give one, when none is held) — never another KKR's plan."""
    from ..data import load_municipalities
    from ..data.kkr_tables import load_meetings
    from ..rules.composition import period_of
    from ..rules.lists import resolve_region

    regions = sorted(set(load_municipalities(args.data_dir)["region"]))
    period = period_of(args.election)
    if args.kkr is None and args.plan:  # the plan's own kkr column names its KKR
        plan = load_meetings(args.plan, period=period)
        named = {k.strip() for k in plan["kkr"] if k.strip()}
        if len(named) == 1:
            kkr = resolve_region(named.pop(), regions)
            return kkr, period, load_meetings(args.plan, kkr=kkr, period=period)
    if args.kkr is None:
        raise DataError("giv KKR'en med --kkr, fx --kkr Hovedstaden (perioden følger "
                        "--election): en mødeplan hører til én KKR og én periode")
    kkr = resolve_region(args.kkr, regions)
    return kkr, period, load_meetings(args.plan, kkr=kkr, period=period,
                                      data_dir=args.data_dir)


def cmd_meetings(args: argparse.Namespace) -> int:
    """Meeting plan checks, valgforbund deadlines and the .ics export, each for one KKR and
    period (its heading names both)."""
    from ..rules.meetings import alliance_deadline, check_meetings, deadlines

    if args.action == "deadline":
        if not args.date:
            raise DataError("giv mødedatoen, fx kkr meetings deadline 2022-01-25")
        day = args.date
        deadline = alliance_deadline(day)
        print(f"Valgforbund til et møde den {danish.date_da(day)} skal anmeldes senest tre "
              "hverdage før, altså senest:")
        print(danish.date_da(deadline))
        return 0
    kkr, period, plan = meeting_plan(args)
    where = f"KKR {kkr}, {period}"
    source = f"mødeplan: {args.plan}" if args.plan else "mødeplan fra datamappen"
    if args.action == "check":
        issues = check_meetings(plan)
        print(f"Mødeplan for {where} ({source})")
        for issue in issues:
            print(f"PROBLEM {danish.date_da(issue.date)}: {issue.problem}")
        print(f"{danish.plural(len(plan), 'møde', 'møder')} kontrolleret: "
              + ("i orden" if not issues else danish.plural(len(issues), "problem",
                                                            "problemer")))
        return 0 if not issues else 1
    if args.action == "deadlines":
        frame = deadlines(plan)
        if args.format != "table":
            emit(frame.assign(kkr=kkr, period=period), args.format)
            return 0
        print(f"Frister for valgforbund, {where} (tre hverdage før mødet; {source})")
        shown = frame.assign(**{c: frame[c].map(danish.date_da) for c in ("date", "deadline")
                                if c in frame.columns})
        print(danish.text_table(shown))
        return 0
    from pathlib import Path

    from ..data.safe_files import write_file
    from ..presentation.calendar import meetings_to_ical

    out = Path(args.out or "kkr_meetings.ics")
    if args.plan and out.resolve() == Path(args.plan).resolve():
        raise DataError("er mødeplanen, der læses; skriv .ics-filen et andet sted",
                        path=out)
    out = write_file(out, meetings_to_ical(plan, kkr, period))
    print(f"Skrev {danish.plural(len(plan), 'møde', 'møder')} for {where} til {out}")
    return 0


def cmd_quorum(args: argparse.Namespace) -> int:
    """Is the KKR quorate? At least half of the members present (forretningsorden § 5)."""
    from ..rules.meetings import has_quorum, quorum_needed

    try:
        ok = has_quorum(args.members, args.present)
    except ValueError as exc:
        raise DataError(str(exc)) from exc
    print(f"{danish.integer(args.present)} af {danish.integer(args.members)} til stede; "
          f"beslutningsdygtig kræver {danish.integer(quorum_needed(args.members))}.")
    print(danish.yes_no(ok))
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("appoint", help="udpegninger til regionale organer (§ 24)")
    add_common(p)
    add_mayor_options(p)
    add_region_votes_option(p)
    p.add_argument("--members", choices=tuple(MEMBER_SOURCES), default="computed",
                   help="medlemmer pr. liste: beregnet ud fra stemmerne (computed, standard) eller "
                   "KL's offentliggjorte sammensætning for KKR'en og perioden (kl_published.csv)")
    p.add_argument("--bodies", default=None, help="CSV-fil body,seats[,kind,substitutes,"
                   "gender_requirement,kkr,period] (standard: datamappens "
                   "kkr/bodies_<kkr>_<første år>.csv for KKR'en og perioden; kun KKR "
                   "Hovedstaden 2022-2026 følger med)")
    p.add_argument("--group", action="append", default=[], type=group_spec,
                   help="lister i én valggruppe, fx A+F+Ø (kan gentages); eller en indtastet "
                   "gruppe NAVN=MEDLEMMER")
    p.add_argument("--proposals", default=None,
                   help="CSV-fil body,group,name,gender,council_member med forslag, der "
                   "skal tjekkes")
    p.add_argument("--for", dest="for_list", default=None, metavar="LISTE",
                   help="med --exhaustive: hver valggruppe med LISTE, uanset hvad de "
                   "andre lister gør (mindst/flest pladser)")
    p.add_argument("--bloc", default=None, metavar="A+B", type=lists_spec("valggruppe"),
                   help="én fast valggruppe, fx C+V+O, mod hver gruppering af de andre")
    p.add_argument("--exhaustive", action="store_true",
                   help="prøv hver gruppering af de andre lister (med --for eller --bloc)")
    p.add_argument("--split", choices=("dhondt", "none"), default="dhondt",
                   help="ANTAGELSE vist ved tabellen: en gruppes pladser pr. liste efter "
                   "d'Hondt på listernes KKR-pladser (dhondt, standard) eller ingen (none)")
    p.set_defaults(handler=cmd_appoint)

    p = sub.add_parser("board-check", help="tjek et forslag til en Erhvervshus-bestyrelse")
    p.add_argument("file", metavar="FIL",
                   help="CSV-fil name,category,gender,elected_official")
    p.set_defaults(handler=cmd_board_check)

    p = sub.add_parser("meetings", help="mødeplan for én KKR og periode: tjek, frister, "
                       "eksport til ics")
    p.add_argument("action", choices=("deadline", "deadlines", "check", "ics"),
                   help="deadline: fristen for ét møde; deadlines: alle frister; check: tjek "
                   "planen; ics: skriv en kalenderfil")
    p.add_argument("date", nargs="?", type=iso_date,
                   help="mødedato (til 'deadline'), ÅÅÅÅ-MM-DD")
    add_common(p, kkr=False)
    p.add_argument("--kkr", default=None, type=region,
                   help="KKR'en (regionen), fx Hovedstaden; perioden følger --election")
    p.add_argument("--plan", default=None, help="mødeplan som CSV-fil date,weekday[,kind,start,"
                   "end,location,kkr,period] (standard: datamappens "
                   "kkr/meetings_<kkr>_<første år>_<sidste år>.csv for KKR'en og perioden; kun "
                   "KKR Hovedstaden 2022-2026 følger med)")
    p.add_argument("--out", default=None, type=out_file,
                   help=".ics-filen, der skrives (til 'ics')")
    p.set_defaults(handler=cmd_meetings)

    p = sub.add_parser("quorum", help="er KKR'en beslutningsdygtig (mindst halvdelen til stede)?")
    p.add_argument("--members", type=int_range(0, MAX_MEMBERS), required=True,
                   help="antal medlemmer i alt")
    p.add_argument("--present", type=int_range(0, MAX_MEMBERS), required=True,
                   help="antal medlemmer til stede")
    p.set_defaults(handler=cmd_quorum)
