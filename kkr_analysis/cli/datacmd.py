"""kkr data build: the bundled tables from valg.dk's own files (data/raw → data/kvNN)."""

from __future__ import annotations

import argparse

from .common import Subparsers


def cmd_build(args: argparse.Namespace) -> int:
    """Rebuild (or with --check compare) ``kv21``/``kv25`` ``results.csv`` and ``councils.csv``
    from ``raw/`` with the importer; the raw files' checksums are verified first."""
    from ..data.build import build_all

    changed = build_all(args.data_dir, check=args.check)
    if args.check:
        if changed:
            print("Afviger fra en ny opbygning af data/raw: " + ", ".join(changed))
            return 1
        print("Data stemmer med en ny opbygning fra valg.dk's filer i raw/ (kontrolsummer OK).")
        return 0
    print(("Skrev " + ", ".join(changed)) if changed else
          "Ingen ændring: tabellerne er allerede bygget af raw/.")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("data", help="byg de medfølgende tabeller af valg.dk's filer (raw/)")
    kinds = p.add_subparsers(dest="action", required=True, title="handlinger",
                             metavar="HANDLING")
    q = kinds.add_parser("build", help="data/raw (valg.dk's filer med kontrolsummer) → "
                         "results.csv og councils.csv i data/kv21 og data/kv25")
    q.add_argument("--check", action="store_true",
                   help="sammenlign kun: afslut med 1, hvis en ny bygning ville ændre en fil")
    q.add_argument("--data-dir", default=None,
                   help="en datamappe med raw/ (standard: projektets data/)")
    q.set_defaults(handler=cmd_build)
