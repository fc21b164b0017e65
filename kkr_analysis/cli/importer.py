"""kkr import valgdk: official valg.dk exports in."""

from __future__ import annotations

import argparse

from .. import danish
from .common import Subparsers, print_frame
from .validate import election

IMPORT_LABELS = {  # the reconciliation's machine keys (CSV) → headings readers see
    "municipality": "Kommune", "list_letter": "Liste", "list_name": "Navn",
    "list_votes": "Listestemmer", "personal_votes": "Personlige stemmer", "votes": "Stemmer",
    "before": "Før", "seats": "Mandater", "difference": "Forskel", "valid_votes": "Gyldige",
    "lists": "Lister", "areas": "Afstemningsområder",
}


def cmd_import(args: argparse.Namespace) -> int:
    """Import valg.dk exports; print the reconciliation; write only with --out."""
    from pathlib import Path

    from ..data import default_data_dir, load_municipalities
    from ..data.store import check_out_dir, import_into, plan_import
    from ..data.valgdk import printable, read_valgdk_paths

    base = Path(args.data_dir) if args.data_dir else default_data_dir()
    if args.out:  # before any reading: a bad target fails at once
        check_out_dir(args.out, base, in_place=args.in_place)
    skipped: list[Path] = []
    files = read_valgdk_paths(args.files, load_municipalities(base), args.municipality,
                              skipped=skipped)
    from ..data.valgdk import election_of

    args.election = election_of(files, args.election)
    if args.out:
        summary = import_into(files, args.election, args.out, base, replace=args.replace,
                              in_place=args.in_place)
    else:
        summary = plan_import(files, args.election, base, replace=args.replace)[2]
    for f in files:
        areas = danish.plural(f.areas["area"].nunique(), "afstemningsområde",
                              "afstemningsområder")
        source = printable(f.path) if len(f.sources) <= 1 else f"{len(f.sources)} JSON-filer"
        cast = ("" if f.cast_votes is None
                else f", {danish.integer(f.cast_votes)} afgivne stemmer")
        status = {"final": ", fintælling", "preliminary": ", FORELØBIG OPTÆLLING"}.get(
            f.count_status, "")
        seats = ", mandater fra valg.dk's mandatfil" if f.seats_given else ""
        print(f"{source}: {f.municipality} (kode {f.municipality_code}), "
              f"{danish.plural(len(f.lists), 'liste', 'lister')}, {areas}, "
              f"{danish.integer(f.total_votes)} gyldige stemmer{cast}{status}{seats}")
    if skipped:
        print(f"note: {danish.plural(len(skipped), 'fil', 'filer')} i mappen er ikke valg.dk-"
              f"filer og blev ikke læst: {', '.join(printable(p.name) for p in skipped[:5])}"
              f"{' …' if len(skipped) > 5 else ''}")
    preliminary = [f.municipality for f in files if f.count_status == "preliminary"]
    if preliminary:
        print(f"foreløbig optælling: {', '.join(preliminary)} — vises som foreløbig i alle "
              "resultater, indtil en fintælling erstatter den")
    recon = summary.per_list.assign(
        difference=lambda d: d["votes"] - d["before"].astype("Int64"))
    if args.format == "csv":
        print_frame(recon, "csv")
    else:
        print(danish.text_table(recon, labels=IMPORT_LABELS))
        print("\nI alt pr. kommune:")
        print(danish.text_table(summary.totals(), labels=IMPORT_LABELS))
    for note in summary.notes:
        print(f"bemærk: {note}")
    if not args.out:
        print("Prøvekørsel: intet skrevet (giv --out MAPPE for at skrive en datamappe).")
    elif summary.changed:
        print(f"Skrev {printable(Path(args.out) / args.election.lower())} (brug --data-dir "
              f"{printable(args.out)}).")
    else:
        print(f"Ingen ændring: {printable(args.out)} indeholder allerede netop disse data.")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("import", help="indlæs officielle resultatfiler")
    kinds = p.add_subparsers(dest="kind", required=True, title="kilder", metavar="KILDE")
    q = kinds.add_parser("valgdk", help="valg.dk's filer: CSV fra 'Eksportér data' og de åbne "
                         "JSON-data (valgresultater-…json, mandatfordeling-…json), filer og "
                         "mapper blandet")
    q.add_argument("files", nargs="+", metavar="STI",
                   help="CSV-eksporter (navngivet efter kommunen), JSON-filer eller mapper med "
                   "dem (hele landet på én gang)")
    q.add_argument("--election", default=None, type=election,
                   help="valgets mappenavn (standard: ud fra filerne — KV21 for "
                   "Kommunalvalg_2021_….csv, KV25 for JSON med Valgdag 18-11-2025; et "
                   "CSV-udtræk uden år i navnet kræver --election); filerne skal være fra "
                   "det valg")
    q.add_argument("--municipality", default=None, help="kommunens navn eller kode, når "
                   "filnavnet ikke siger det (kun én fil)")
    q.add_argument("--out", default=None, metavar="MAPPE",
                   help="datamappen, der skrives (ny eller en lavet før)")
    q.add_argument("--data-dir", default=None, help="datamappen, der bygges på (standard: de "
                   "medfølgende data)")
    q.add_argument("--replace", action="store_true",
                   help="indlæs, også når filens stemmer afviger mere end 5 %% fra de "
                   "kendte, eller en liste med mandater mangler (en bevidst erstatning)")
    q.add_argument("--in-place", action="store_true",
                   help="tillad, at --out er selve --data-dir (eller ligger i den)")
    q.add_argument("--format", choices=("table", "csv"), default="table",
                   help="table: en tabel på dansk (standard); csv: til programmer")
    q.set_defaults(handler=cmd_import)
