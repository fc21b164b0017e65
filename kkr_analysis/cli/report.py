"""kkr report: run the notebooks and write the reports (HTML, optionally PDF)."""

from __future__ import annotations

import argparse
import time

from ..errors import DataError
from .common import Subparsers
from .validate import election, out_dir, region


def cmd_report(args: argparse.Namespace) -> int:
    """Execute the notebooks and write HTML reports (and PDFs with ``--pdf``)."""
    from pathlib import Path

    from ..report import build_reports

    start = time.perf_counter()
    if args.data_dir:
        import os

        from ..data import DATA_DIR_ENV, require_election

        require_election(args.election, args.data_dir)  # one clear line before any notebook runs
        os.environ[DATA_DIR_ENV] = str(Path(args.data_dir).resolve())  # the notebooks' kernels
    try:
        entries = build_reports(Path(args.out), Path(args.notebooks) if args.notebooks else None,
                                args.election, args.kkr, pdf=args.pdf)
    except OSError as exc:
        raise DataError(f"cannot write: {exc.strerror or exc}",
                        path=exc.filename or args.out) from None
    print(f"{len(entries)} reports and {sum(e.figures for e in entries)} figures in "
          f"{time.perf_counter() - start:.1f} s: open {Path(args.out) / 'index.html'}")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("report", help="execute the notebooks and write reports/*.html")
    p.add_argument("--out", default="reports", type=out_dir)
    p.add_argument("--notebooks", default=None,
                   help="folder of notebooks (default: the notebooks shipped with the package)")
    p.add_argument("--election", default="KV21", type=election)
    p.add_argument("--kkr", default="Hovedstaden", type=region)
    p.add_argument("--data-dir", default=None,
                   help="your own data folder (e.g. one written by 'kkr import valgdk --out'); "
                   "default: the bundled data")
    p.add_argument("--pdf", action="store_true",
                   help="also write one PDF per page and one combined PDF (headless Chromium)")
    p.set_defaults(handler=cmd_report)
