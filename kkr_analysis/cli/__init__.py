"""The ``kkr`` command line: the same library functions the notebooks call.

Exit codes: 0 success, 2 bad input (a :class:`DataError`, or a usage error); checks that find
problems (board-check, meetings check, appoint with proposals) exit 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import DataError
from . import chair, composition, explain, importer, meeting, national, report, sensitivity
from .common import Handler

COMMAND_MODULES = (composition, explain, chair, sensitivity, meeting, national, importer, report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kkr", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except DataError as exc:
        print(f"kkr: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `kkr … | head`
        return 0
