"""argparse in Danish: headings, ``brug:``, ``fejl:`` and argparse's own error messages.

argparse's texts go through :func:`gettext.gettext` in the default domain, which a program can
only translate with compiled catalogues on disk. Instead, :class:`Parser` passes its own Danish
texts where argparse takes them (the ``usage`` prefix, group titles, ``-h``), and
:func:`translate` turns argparse's English error messages — a fixed, small set of templates —
into Danish before the one-line error is printed (exit 2, as before).
"""

from __future__ import annotations

import argparse
import difflib
import re
from typing import NoReturn

HELP = "vis denne hjælp og afslut"
METAVARS = {  # an option's value as the help names it, when the option names none itself
    "election": "VALG", "kkr": "KKR", "data_dir": "MAPPE", "threshold": "PROCENT",
    "region_votes": "FIL", "alliance": "A+F+Ø", "draws": "ANTAL", "concentration": "TAL",
    "seed": "TAL", "bodies": "FIL", "group": "GRUPPE", "proposals": "FIL", "plan": "FIL",
    "out": "FIL", "members": "ANTAL", "present": "ANTAL", "seats": "ANTAL", "host": "ADRESSE",
    "port": "PORT", "municipality": "KOMMUNE", "notebooks": "MAPPE", "date": "DATO",
}

# argparse's English templates (Python 3.11-3.13) → Danish. Tried in order on each message;
# ``argument X: …`` (an option's own message) is handled first, then the rest of it.
_TEMPLATES: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", r"mangler: \1"),
    (r"one of the arguments (.*) is required", r"et af tilvalgene \1 skal gives"),
    (r"unrecognized arguments: (.*)", r"ukendt tilvalg eller argument: \1"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"ukendt valg \1; vælg blandt \2"),
    (r"invalid (.*?) value: (.*)", r"\2 er ikke en gyldig værdi"),
    (r"expected one argument", "mangler en værdi"),
    (r"expected at most one argument", "højst én værdi"),
    (r"expected at least one argument", "mindst én værdi"),
    (r"expected (\d+) arguments?", r"\1 værdier forventet"),
    (r"ambiguous option: (\S+) could match (.*)", r"\1 er flertydigt: \2"),
    (r"not allowed with argument (.*)", r"kan ikke gives sammen med \1"),
    (r"ignored explicit argument (.*)", r"tager ingen værdi: \1"),
    (r"unexpected option string: (.*)", r"uventet tilvalg: \1"),
    (r"can't open '(.*)': (.*)", r"kan ikke åbne '\1': \2"),
)


def translate(message: str) -> str:
    """argparse's English message in Danish (``argument --x: invalid choice: …`` →
    ``--x: ukendt valg …``); a message that is already Danish comes back unchanged."""
    prefix = ""
    match = re.fullmatch(r"argument (\S+?): (.*)", message, flags=re.S)
    if match:
        prefix, message = f"{match.group(1)}: ", match.group(2)
    for english, danish in _TEMPLATES:
        if re.fullmatch(english, message, flags=re.S):
            message = re.sub(english, danish, message, count=1, flags=re.S)
            break
    if prefix == "KOMMANDO: " and message.startswith("ukendt valg "):
        return "ukendt kommando " + message.removeprefix("ukendt valg ")
    return prefix + message


class Formatter(argparse.HelpFormatter):
    """Help text with a Danish ``brug:`` line."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's own
        super().add_usage(usage, actions, groups, "brug: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse in Danish; a usage error is one line (``kkr chair: fejl: …``), exit 2."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - argparse's own
        kwargs.setdefault("formatter_class", Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumenter"  # argparse names no public setter
        self._optionals.title = "tilvalg"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=HELP)

    def add_argument(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - argparse's own
        """As argparse's, with a Danish placeholder for the value (``--election VALG``)."""
        action = super().add_argument(*args, **kwargs)
        if action.metavar is None and action.dest in METAVARS and action.nargs != 0 \
                and action.choices is None:
            action.metavar = METAVARS[action.dest]
        return action

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: fejl: {translate(message)}{self._guess(message)} "
                     f"(se {self.prog} --help)\n")

    def _options(self) -> set[str]:
        """Every option string of this parser and its subcommands'."""
        found = set(self._option_string_actions)
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001 - argparse's own
                for sub in action.choices.values():
                    found |= set(sub._option_string_actions)  # noqa: SLF001
        return found

    def _guess(self, message: str) -> str:
        """"; mente du '--election'?" for a mistyped option or choice, else ""."""
        typed, known = None, set()
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            typed, known = choice.group(1), set(re.findall(r"'([^']*)'", choice.group(2)))
        elif message.startswith("unrecognized arguments: "):
            typed = next((t for t in message.split()[2:] if t.startswith("--")), None)
            known = self._options()
        near = difflib.get_close_matches(typed, sorted(known), n=1, cutoff=0.7) if typed else []
        return f"; mente du {near[0]!r}?" if near else ""
