"""kkr explain: how every seat of a KKR was won (rule kkr.explain)."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from .. import danish
from ..rules.composition import election_label
from ..rules.explain import explain_composition
from ..rules.uncertainty import open_questions_da
from .common import (
    Subparsers,
    add_common,
    add_region_votes_option,
    add_scenario_options,
    composition_of,
    print_frame,
)

CSV_COLUMNS = ["seat", "list", "votes", "divisor", "quota", "quotient", "quotient_exact",
               "remainder", "filled_by", "lot", "note", "gap_votes"]


def _int(value: object) -> str:
    """A whole number for readers ("211.026"); empty where there is none (a lot row)."""
    return "" if value is None or value is pd.NA else danish.integer(value)  # type: ignore[arg-type]


def cmd_explain(args: argparse.Namespace) -> int:
    """The seats in the order the method assigns them, then the first list that missed out."""
    comp = composition_of(args)
    frame = explain_composition(comp)
    if args.format == "json":
        doc = {"election": comp.election, "region": comp.region, "method": comp.method,
               "threshold": float(comp.threshold), "size": comp.size, "cap": comp.cap,
               "cap_binds": comp.cap_binds, "size_tie": comp.size_tie,
               "seats": json.loads(frame.to_json(orient="records", force_ascii=False))}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        out = frame[CSV_COLUMNS].copy()
        out["lot"] = out["lot"].map({True: "true", False: "false"})
        print_frame(out, "csv")
        return 0
    print(f"KKR {comp.region} — {election_label(comp.election)}: sådan blev pladserne fordelt "
          f"({danish.method_name(comp.method)}, spærregrænse "
          f"{danish.percent_value(comp.threshold * 100)})")
    print(f"Dækning: {comp.coverage.describe_da()}")
    shown = frame.assign(
        seat=frame["seat"].astype("string").fillna("—"),
        votes=[_int(v) for v in frame["votes"].astype(object)],
        quotient=[("" if q is None or q != q else danish.decimal(q, 2)) for q in
                  frame["quotient"].astype(object).where(frame["quotient"].notna(), None)],
        divisor=[("" if d is None or d != d else danish.decimal(d, 2 if comp.method == "hare"
                                                                 else 0))
                 for d in frame["divisor"].astype(object).where(frame["divisor"].notna(), None)],
        lot=frame["lot"].map(danish.yes_no),
        gap_votes=[_int(v) for v in frame["gap_votes"].astype(object)],
    )[["seat", "list", "votes", "divisor", "quotient", "filled_by", "lot", "gap_votes", "note"]]
    print(shown.astype(object).fillna("").rename(columns=danish.heading).to_string(index=False))
    print(f"Størrelse {comp.size} ({danish.cap_da(comp.size, comp.cap, comp.cap_binds)})")
    for note in open_questions_da(comp):
        print(note)
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("explain", help="hvordan hver plads i en KKR blev vundet (kvotienttabel)")
    add_common(p)
    add_scenario_options(p)
    add_region_votes_option(p)
    p.set_defaults(handler=cmd_explain)
