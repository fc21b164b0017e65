"""kkr report: run the notebooks and write the reports (HTML, optionally PDF)."""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Iterator

from .. import danish
from ..errors import DataError, os_reason
from .common import Subparsers, add_election, add_mayor_options
from .validate import lists_spec, out_dir, region


@contextlib.contextmanager
def data_folder(data_dir: str | None) -> Iterator[None]:
    """``$KKR_DATA_DIR`` = ``data_dir`` while the reports are built (the notebooks' kernels
    inherit it; the library reads it as the default folder), restored afterwards."""
    import os
    from pathlib import Path

    from ..data import DATA_DIR_ENV

    if not data_dir:
        yield
        return
    before = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = str(Path(data_dir).resolve())
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = before


def given_tables(args: argparse.Namespace) -> dict[str, str]:
    """``--bodies``/``--plan`` as notebook parameters (BODIES, PLAN), each checked before any
    notebook runs: a file naming another KKR or period is refused in one line."""
    from pathlib import Path

    from ..data import load_election
    from ..data.kkr_tables import load_bodies, load_meetings
    from ..rules.composition import period_of
    from ..rules.lists import resolve_region

    if not (args.bodies or args.plan):
        return {}
    kkr = resolve_region(args.kkr, load_election(args.election, args.data_dir).regions)
    period = period_of(args.election)
    tables = {}
    if args.bodies:
        load_bodies(args.bodies, kkr=kkr, period=period)
        tables["BODIES"] = str(Path(args.bodies).resolve())
    if args.plan:
        load_meetings(args.plan, kkr=kkr, period=period)
        tables["PLAN"] = str(Path(args.plan).resolve())
    return tables


def cmd_report(args: argparse.Namespace) -> int:
    """Execute the notebooks and write HTML reports (and PDFs with ``--pdf``)."""
    from pathlib import Path

    from ..presentation.report import build_reports

    start = time.perf_counter()
    if args.data_dir:
        from ..data import require_election

        require_election(args.election, args.data_dir)  # one clear line before any notebook runs
    tables = given_tables(args)
    mayors = {}
    if args.mayor or args.mayors_unknown:  # checked here: one clear line, no notebook run
        from .common import scenario_of

        args.all = False
        mayors = dict(scenario_of(args).mayors)
    try:
        with data_folder(args.data_dir):
            entries = build_reports(Path(args.out),
                                    Path(args.notebooks) if args.notebooks else None,
                                    args.election, args.kkr, pdf=args.pdf,
                                    data_dir=args.data_dir, tables=tables,
                                    mayors=mayors, for_list=args.for_list, bloc=args.bloc)
    except OSError as exc:
        raise DataError(f"kan ikke skrive: {os_reason(exc)}",
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
    add_election(p)
    p.add_argument("--kkr", default="Hovedstaden", type=region,
                   help="KKR'en (regionen), fx Hovedstaden, Sjælland eller sjaelland "
                   "(standard: Hovedstaden)")
    p.add_argument("--data-dir", default=None, metavar="MAPPE",
                   help="din egen datamappe (fx en skrevet af 'kkr import valgdk --out'); "
                   "standard: de medfølgende data")
    p.add_argument("--for", dest="for_list", default=None, metavar="LISTE",
                   help="listen, notebooks 02 og 06 handler om (standard: KKR'ens største "
                   "liste efter stemmer)")
    p.add_argument("--bloc", default=None, metavar="A+B", type=lists_spec("valggruppe"),
                   help="den faste blok i notebook 06 (standard: den blok fra presets.csv, "
                   "der rummer listen)")
    p.add_argument("--bodies", default=None, metavar="FIL",
                   help="KKR'ens organer som CSV-fil body,seats[,kind,substitutes,"
                   "gender_requirement,kkr,period] (standard: datamappens "
                   "kkr/bodies_<kkr>_<første år>.csv for KKR'en og perioden)")
    p.add_argument("--plan", default=None, metavar="FIL",
                   help="KKR'ens mødeplan som CSV-fil date,weekday[,kind,start,end,location,"
                   "kkr,period] (standard: datamappens kkr/meetings_<kkr>_<første år>_<sidste "
                   "år>.csv for KKR'en og perioden)")
    p.add_argument("--pdf", action="store_true",
                   help="skriv også pdf/: én PDF pr. side og én samlet med forside, "
                   "indholdsfortegnelse, bogmærker og sidetal (headless Chromium)")
    add_mayor_options(p)
    p.set_defaults(handler=cmd_report)
