"""The ``kkr`` command line: the same library functions the notebooks call.

Exit codes: 0 success, 2 bad input (a :class:`DataError`, or a usage error — one line each);
checks that find problems (board-check, meetings check, appoint with proposals) exit 1;
70 an internal error (a bug: one line, ``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__
from ..errors import DataError, shown
from . import (
    app,
    chair,
    composition,
    datacmd,
    explain,
    importer,
    meeting,
    national,
    report,
    sensitivity,
)
from .common import Handler

COMMAND_MODULES = (composition, explain, chair, sensitivity, meeting, national, importer, report,
                   datacmd, app)
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``kkr chair: error: …``), exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="kkr", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the Python traceback of an internal error")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    except Exception as exc:  # noqa: BLE001 - a validator's own bug: the guard rail below
        return _internal(exc, "--debug" in argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except DataError as exc:
        print(f"kkr: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `kkr … | head`
        return 0
    except KeyboardInterrupt:
        print("kkr: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the guard rail: never a traceback for a user
        return _internal(exc, args.debug)


def _internal(exc: Exception, debug: bool) -> int:
    """A bug, not bad input: one line (``--debug``: the traceback too), exit 70."""
    if debug:
        traceback.print_exception(exc)
    print(f"kkr: internal error: {type(exc).__name__}: {shown(exc, 200)} "
          "(run with --debug for details)", file=sys.stderr)
    return EXIT_INTERNAL
