"""kkr import valgdk: official valg.dk exports in."""

from __future__ import annotations

import argparse

from .common import Subparsers, print_frame
from .validate import election


def cmd_import(args: argparse.Namespace) -> int:
    """Import valg.dk exports; print the reconciliation; write only with --out."""
    from pathlib import Path

    from ..data import default_data_dir, load_municipalities
    from ..data.store import check_out_dir, import_into, plan_import
    from ..data.valgdk import read_valgdk_paths

    base = Path(args.data_dir) if args.data_dir else default_data_dir()
    if args.out:  # before any reading: a bad target fails at once
        check_out_dir(args.out, base, in_place=args.in_place)
    skipped: list[Path] = []
    files = read_valgdk_paths(args.files, load_municipalities(base), args.municipality,
                              skipped=skipped)
    if args.election is None:
        from ..data.valgdk import election_of

        args.election = election_of(files)
    if args.out:
        summary = import_into(files, args.election, args.out, base, replace=args.replace,
                              in_place=args.in_place)
    else:
        summary = plan_import(files, args.election, base, replace=args.replace)[2]
    for f in files:
        source = f.path if len(f.sources) <= 1 else f"{len(f.sources)} JSON files"
        cast = "" if f.cast_votes is None else f", {f.cast_votes:,} cast votes"
        status = {"final": ", fintælling", "preliminary": ", FORELØBIG OPTÆLLING"}.get(
            f.count_status, "")
        seats = ", seats from valg.dk's seat file" if f.seats_given else ""
        print(f"{source}: {f.municipality} (code {f.municipality_code}), {len(f.lists)} lists, "
              f"{f.areas['area'].nunique()} polling areas, {f.total_votes:,} valid votes"
              f"{cast}{status}{seats}")
    if skipped:
        print(f"note: {len(skipped)} file(s) in the folder(s) are not valg.dk files and were not "
              f"read: {', '.join(p.name for p in skipped[:5])}{' …' if len(skipped) > 5 else ''}")
    preliminary = [f.municipality for f in files if f.count_status == "preliminary"]
    if preliminary:
        print(f"foreløbig optælling: {', '.join(preliminary)} — shown as preliminary in every "
              "output until a Fintælling replaces it")
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
    q = kinds.add_parser("valgdk", help="valg.dk's files: the 'Eksportér data' CSV and the JSON "
                         "open data (valgresultater-…json, mandatfordeling-…json), files and "
                         "folders mixed")
    q.add_argument("files", nargs="+", metavar="PATH",
                   help="CSV exports (named after the municipality), JSON files, or folders of "
                   "them (the whole country in one go)")
    q.add_argument("--election", default=None, type=election,
                   help="the election's folder name (default: from the files — KV21 for "
                   "Kommunalvalg_2021_….csv, KV25 for JSON with Valgdag 18-11-2025)")
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
