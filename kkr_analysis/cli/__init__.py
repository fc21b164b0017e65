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
from .common import Handler, resolve_election
from .parser import Parser

COMMAND_MODULES = (composition, explain, chair, sensitivity, meeting, national, importer, report,
                   datacmd, app)
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="kkr", description="Kommandolinjen til analysen af KL's "
                    "kommunekontaktråd (KKR): de samme beregninger, som notebooks bruger.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help="vis programmets version og afslut")
    parser.add_argument("--debug", action="store_true",
                        help="vis Pythons traceback ved en intern fejl")
    sub = parser.add_subparsers(dest="command", required=True, title="kommandoer",
                                metavar="KOMMANDO")
    for module in COMMAND_MODULES:
        module.register(sub)
    describe(sub)
    return parser


def describe(sub: argparse._SubParsersAction) -> None:  # noqa: SLF001 - no public name
    """Each subcommand's ``--help`` opens with its one-line Danish summary (the text
    ``kkr --help`` lists), unless the command gives a longer description itself."""
    for action in sub._choices_actions:  # noqa: SLF001 - argparse's list of (name, help)
        command = sub.choices[action.dest]
        if command.description is None and action.help:
            text, first = action.help, action.help.split(" ", 1)[0]
            if "." not in first and "/" not in first:
                text = text[:1].upper() + text[1:]
            command.description = text + ("" if text.endswith(("?", ".", ")")) else ".")
        for inner in command._subparsers._group_actions if command._subparsers else ():  # noqa: SLF001
            if isinstance(inner, argparse._SubParsersAction):  # noqa: SLF001
                describe(inner)


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
        resolve_election(args)
        return handler(args)
    except DataError as exc:
        print(f"kkr: fejl: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `kkr … | head`
        return 0
    except KeyboardInterrupt:
        print("kkr: afbrudt", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the guard rail: never a traceback for a user
        return _internal(exc, args.debug)


def _internal(exc: Exception, debug: bool) -> int:
    """A bug, not bad input: one line (``--debug``: the traceback too), exit 70."""
    if debug:
        traceback.print_exception(exc)
    print(f"kkr: intern fejl (en fejl i programmet): {type(exc).__name__}: {shown(exc, 200)} "
          "(kør med --debug for detaljer)", file=sys.stderr)
    return EXIT_INTERNAL
