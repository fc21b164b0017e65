"""kkr report: run the notebooks and write the reports (HTML, optionally PDF)."""

from __future__ import annotations

import argparse
import time

from .. import danish
from ..errors import DataError
from .common import Subparsers
from .validate import election, out_dir, region


def cmd_report(args: argparse.Namespace) -> int:
    """Execute the notebooks and write HTML reports (and PDFs with ``--pdf``)."""
    from pathlib import Path

    from ..report import build_reports

    start = time.perf_counter()
    try:
        entries = build_reports(Path(args.out), Path(args.notebooks) if args.notebooks else None,
                                args.election, args.kkr, pdf=args.pdf)
    except OSError as exc:
        raise DataError(f"cannot write: {exc.strerror or exc}",
                        path=exc.filename or args.out) from None
    print(f"{danish.plural(len(entries), 'rapport', 'rapporter')} og "
          f"{danish.plural(sum(e.figures for e in entries), 'figur', 'figurer')} på "
          f"{danish.decimal(time.perf_counter() - start, 1)} s: åbn "
          f"{Path(args.out) / 'index.html'}")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "report", help="kør notebooks og skriv rapporterne (HTML, evt. PDF)",
        description="Kører hver notebook for det valgte valg og den valgte KKR og skriver én "
        "HTML-side pr. notebook, index.html og figurerne som PNG i figures/; med --pdf også "
        "PDF'er. Intet hentes fra internettet.")
    p.add_argument("--out", default="reports", type=out_dir, metavar="MAPPE",
                   help="mappen, rapporterne skrives i (standard: reports); intet skrives "
                   "uden for den")
    p.add_argument("--notebooks", default=None, metavar="MAPPE",
                   help="mappe med notebooks (standard: de notebooks, pakken leveres med)")
    p.add_argument("--election", default="KV21", type=election,
                   help="kommunalvalget: KV21 eller KV25 (standard: KV21)")
    p.add_argument("--kkr", default="Hovedstaden", type=region,
                   help="KKR'en (regionen), fx Hovedstaden, Sjælland eller sjaelland "
                   "(standard: Hovedstaden)")
    p.add_argument("--pdf", action="store_true",
                   help="skriv også pdf/: én PDF pr. side og én samlet med forside, "
                   "indholdsfortegnelse, bogmærker og sidetal (headless Chromium)")
    p.set_defaults(handler=cmd_report)
