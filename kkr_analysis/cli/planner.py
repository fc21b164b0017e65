"""kkr appoint --for/--bloc [--exhaustive] and kkr board --for/--bloc [--exhaustive]: the
planner's output (rule ``ksl24.valggrupper``, kommunestyrelsesloven § 24).

Every valggruppe (or valgforbund) G containing a list, whatever the other lists do: G's seats
at worst (``min_seats``) and at best (``max_seats``) — see
:mod:`kkr_analysis.scenarios.valggrupper`. Without ``--exhaustive`` from two structures (the
others as one group, the others each alone; columns ``lot_worst``/``lot_best``, ja/nej in the
table); with it over every partition of the others (``partitions``, ``lots``; at most 14
lists), its output unchanged. The CSV columns are the same either way.
"""

from __future__ import annotations

import argparse
import json

import pandas as pd

from .. import danish
from ..errors import DataError, did_you_mean
from ..presentation.meetings import VALGGRUPPE_LABELS
from ..rules.specs import join_names
from ..scenarios.valggrupper import SPLIT_NOTE, Planner, add_split
from .common import print_frame

CSV_COLUMNS = ["group", "members", "min_seats", "max_seats"]
LOT_FLAGS = ("lot_worst", "lot_best")  # without --exhaustive, in place of partitions and lots
TABLE_ROWS = 30


def parse_bloc(spec: str) -> list[str]:
    """``--bloc C+V+O``: the lists of one fixed group (one list allowed)."""
    return list(join_names(spec, "bloc"))


def plan_table(planner: Planner, args: argparse.Namespace,
               not_there: str = "har ingen pladser at gruppere",
               names: str = "listerne") -> pd.DataFrame:
    """The planner's rows for ``--for LIST`` (every group containing it) or ``--bloc``;
    ``not_there`` says why an unknown ``--for`` list is not among the planner's lists."""
    if args.bloc and args.for_list:
        raise DataError("giv enten --for LISTE eller --bloc A+B, ikke begge")
    if args.bloc:
        bloc = parse_bloc(args.bloc)
        for name in bloc:  # checked here, in Danish, before the planner sees the bloc
            if name not in planner.names:
                raise DataError(f"{name!r} er ikke en af {names} ({', '.join(planner.names)})"
                                f"{did_you_mean(name, planner.names)}")
        return planner.for_bloc(bloc)
    if not args.for_list:
        raise DataError("--exhaustive kræver --for LISTE (hver gruppe med listen) eller --bloc")
    if args.for_list not in planner.names:
        raise DataError(f"{args.for_list!r} {not_there}; {names} er "
                        f"{', '.join(planner.names)}{did_you_mean(args.for_list, planner.names)}")
    return planner.for_list(args.for_list)


def emit_plan(planner: Planner, table: pd.DataFrame, args: argparse.Namespace, *,
              weight: str, title: str, partners: bool = True,
              extra: dict | None = None) -> int:
    """CSV (exact columns ``group,<weight>,min_seats,max_seats``), JSON or a table."""
    table = table.rename(columns={"members": weight})
    weights = dict(zip(planner.names, (int(w) for w in planner.weights)))
    if args.format == "csv":
        print_frame(table[["group", weight, "min_seats", "max_seats"]], "csv")
        return 0
    table = add_split(table, weights, args.split)
    best = planner.best_partners() if partners and not args.bloc else None
    if args.format == "json":
        doc = {**(extra or {}), "for": args.for_list, "bloc": args.bloc, "meeting": {
            "proportional": list(planner.meeting.proportional),
            "majority": planner.meeting.majority},
            "groups": table.to_dict(orient="records"),
            "split": args.split, "split_note": SPLIT_NOTE if args.split != "none" else None}
        if best is not None:
            doc["best_partners"] = best.to_dict(orient="records")
        print(json.dumps(doc, ensure_ascii=False, default=int))
        return 0
    print(title)
    shown = table if len(table) <= TABLE_ROWS else table.head(TABLE_ROWS)
    flags = [c for c in LOT_FLAGS if c in shown]  # the two structures: ja/nej in the table
    print(danish.text_table(shown, VALGGRUPPE_LABELS))
    if len(table) > TABLE_ROWS:
        print(f"… {danish.plural(len(table) - TABLE_ROWS, 'række', 'rækker')} mere (--format csv "
              "viser alle)")
    print("Sikre pladser: uanset hvordan de øvrige lister grupperer sig (lodtrækning mod "
          "gruppen, flertalsvalg kun med over halvdelen); Bedste udfald: det bedste, gruppen kan "
          "få.")
    if flags:
        print("Lodtrækning i værste/bedste fald: lodtrækning afgør en af gruppens pladser, når de "
              "øvrige lister står samlet i én gruppe / hver for sig; --exhaustive tæller alle "
              "grupperinger af de øvrige (og dem med lodtrækning).")
    if args.split != "none":
        print(f"Sikre pladser pr. liste: {SPLIT_NOTE}")
    if best is not None:
        print("\nBedste enkelte partner pr. liste (flest ekstra sikre pladser):")
        print(danish.text_table(best, VALGGRUPPE_LABELS))
    return 0
