"""kkr composition: a KKR's composition (KL's love § 15, stk. 2)."""

from __future__ import annotations

import argparse
import json

from ..data import load_published
from ..rules.composition import compare_with_published
from .common import (
    Subparsers,
    add_common,
    add_region_votes_option,
    add_scenario_options,
    composition_of,
    print_frame,
)


def cmd_composition(args: argparse.Namespace) -> int:
    """KKR composition (KL's love § 15, stk. 2)."""
    comp = composition_of(args)
    if args.format == "json":
        print(json.dumps(comp.to_dict(), ensure_ascii=False, indent=2))
        return 0
    frame = comp.to_frame()
    if args.format == "csv":
        columns = ["list", "votes", "share", "eligible", "mayors", "supplementary", "total"]
        out = frame[columns].copy()
        out["eligible"] = out["eligible"].map({True: "true", False: "false"})
        out["share"] = [f"{float(r.share):.6f}" for r in comp.rows]
        print_frame(out, "csv")
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


def register(sub: Subparsers) -> None:
    p = sub.add_parser("composition", help="composition of a KKR (borgmestre + supplerende)")
    add_common(p)
    add_scenario_options(p)
    add_region_votes_option(p)
    p.set_defaults(handler=cmd_composition)
