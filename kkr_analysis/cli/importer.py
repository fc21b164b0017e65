"""kkr import valgdk: official valg.dk exports in."""

from __future__ import annotations

import argparse

from .common import Subparsers, print_frame
from .validate import election


def cmd_import(args: argparse.Namespace) -> int:
    """Import valg.dk exports; print the reconciliation; write only with --out."""
    from pathlib import Path

    from ..data import bundled_data_dir, load_municipalities
    from ..data.store import check_out_dir, import_into, plan_import
    from ..data.valgdk import read_valgdk_files

    base = Path(args.data_dir) if args.data_dir else bundled_data_dir()
    if args.out:  # before any reading: a bad target fails at once
        check_out_dir(args.out, base, in_place=args.in_place)
    files = read_valgdk_files(args.files, load_municipalities(base), args.municipality)
    if args.out:
        summary = import_into(files, args.election, args.out, base, replace=args.replace,
                              in_place=args.in_place)
    else:
        summary = plan_import(files, args.election, base, replace=args.replace)[2]
    for f in files:
        print(f"{f.path}: {f.municipality} (code {f.municipality_code}), {len(f.lists)} lists, "
              f"{f.areas['area'].nunique()} polling areas, {f.total_votes:,} valid votes")
    recon = summary.per_list.assign(
        difference=lambda d: d["votes"] - d["before"].astype("Int64"))
    if args.format == "csv":
        print_frame(recon, "csv")
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


def register(sub: Subparsers) -> None:
    p = sub.add_parser("import", help="import official result files")
    kinds = p.add_subparsers(dest="kind", required=True)
    q = kinds.add_parser("valgdk", help="valg.dk 'Eksportér data' files, one per municipality")
    q.add_argument("files", nargs="+", help="export file(s), named after the municipality")
    q.add_argument("--election", default="KV21", type=election)
    q.add_argument("--municipality", default=None, help="name or code, when the file name "
                   "does not say it (one file only)")
    q.add_argument("--out", default=None, help="data folder to write (new, or one made before)")
    q.add_argument("--data-dir", default=None, help="base data folder (default: bundled data)")
    q.add_argument("--replace", action="store_true",
                   help="import even when the file's votes differ by more than 5 %% from the "
                   "votes held, or a list with seats is missing (a deliberate replacement)")
    q.add_argument("--in-place", action="store_true",
                   help="allow --out to be the --data-dir itself (or inside it)")
    q.add_argument("--format", choices=("table", "csv"), default="table")
    q.set_defaults(handler=cmd_import)
