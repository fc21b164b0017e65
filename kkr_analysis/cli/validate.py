"""Argument validators for the command line (argparse ``type=``): one clear line, exit 2.

Every command uses these, so the same parameter is checked the same way everywhere. Each
returns the parsed value or raises :class:`argparse.ArgumentTypeError`, which the parser turns
into ``kkr <command>: error: argument --x: …``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
from collections.abc import Callable
from fractions import Fraction

from ..danish import integer, number
from ..errors import DataError, shown

EARLIEST = dt.date(1970, 1, 1)  # KL and the KKR structure date from 1970 onwards
LATEST = dt.date(2100, 12, 31)
MAX_DRAWS = 10_000_000
MAX_BOARD_SEATS = 1_000
MAX_MEMBERS = 100_000


def name(what: str, example: str) -> Callable[[str], str]:
    """A short name that becomes part of a file name (``--election KV21``, ``--regions 2027``):
    letters, digits, '-' and '_' only, at most 20 characters — never a path."""

    def parse(text: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,20}", text):
            raise argparse.ArgumentTypeError(
                f"{shown(text)} er ikke {what} (bogstaver og cifre, fx {example})")
        return text

    parse.__name__ = what
    return parse


_election_name = name("et valg", "KV21")


def election(text: str) -> str:
    """An election as typed (``kv21``), spelled as the data and every title spell it (``KV21``)."""
    return _election_name(text).upper()
regions_year = name("et år for regionerne", "2027")
MAX_NAME = 60  # characters in a region or list name as typed


def region(text: str) -> str:
    """A KKR/region name as typed (``Hovedstaden``, ``KKR Sjælland``): short and printable.

    Which regions exist is checked against the data (unknown region → a clear error)."""
    if not text.strip() or len(text) > MAX_NAME or not text.isprintable():
        raise argparse.ArgumentTypeError(f"{shown(text)} er ikke et regionsnavn "
                                         "(fx Hovedstaden)")
    return text


def percent(text: str) -> Fraction:
    """A threshold in percent, finite, within 0-100; Danish "2,5" and "2,5 %" accepted."""
    from ..scenario import parse_percent

    try:
        return parse_percent(text)
    except DataError as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None


def int_range(low: int, high: int | None = None) -> Callable[[str], int]:
    """A whole number within ``low`` … ``high`` (``None``: no upper bound)."""

    bounds = (f"giv {integer(low)}-{integer(high)}" if high is not None
              else f"giv mindst {integer(low)}")

    def parse(text: str) -> int:
        cleaned = text.strip().replace("_", "")
        if re.fullmatch(r"[-+]?[0-9]{31,}", cleaned):  # a whole number, just far too large
            raise argparse.ArgumentTypeError(f"{shown(text)} er uden for området; {bounds}")
        if not re.fullmatch(r"[-+]?[0-9]{1,30}", cleaned):
            raise argparse.ArgumentTypeError(f"{shown(text)} er ikke et helt tal")
        value = int(cleaned)
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"{integer(value)} er uden for området; {bounds}")
        return value

    parse.__name__ = "helt tal"  # argparse names the type in its own messages
    return parse


def finite_float(*, minimum: float = 0.0, allow_minimum: bool = False) -> Callable[[str], float]:
    """A finite decimal number above ``minimum`` (or equal, with ``allow_minimum``)."""

    def parse(text: str) -> float:
        try:
            value = float(text.strip().replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{shown(text)} er ikke et tal") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{shown(text)} er ikke et endeligt tal")
        if value < minimum or (value == minimum and not allow_minimum):
            rel = "mindst" if allow_minimum else "over"
            raise argparse.ArgumentTypeError(f"{shown(text.strip())} er uden for området; giv "
                                             f"et tal {rel} {number(minimum)}")
        return value

    parse.__name__ = "tal"
    return parse


def iso_date(text: str) -> dt.date:
    """A date YYYY-MM-DD within 1970-2100."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{shown(text)} er ikke en dato på formen ÅÅÅÅ-MM-DD") from None
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(f"{day} ligger uden for {EARLIEST.year}-{LATEST.year}")
    return day


def alliance_spec(text: str) -> str:
    """A valgforbund as typed: ``A+F+Ø``, ``A+F:F`` or ``V+C:V,C`` (after ':' the lists for the
    posts it wins, in order).

    Only the syntax here; which lists may join is checked against the KKR by
    :func:`kkr_analysis.cli.common.alliances_of`, the same for chair, margins and simulate.
    """
    from ..rules.specs import split_alliance

    names = text.partition(":")[0].split("+")
    if len(text) > 20 * MAX_NAME or any(len(n) > MAX_NAME or not n.isprintable()
                                         for n in names):
        raise argparse.ArgumentTypeError(f"{shown(text)} er ikke et valgforbund: et listenavn "
                                         f"har højst {MAX_NAME} synlige tegn")
    try:
        split_alliance(text)
    except DataError as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None
    return text


def lists_spec(what: str) -> Callable[[str], str]:
    """Lists joined by '+' (a valggruppe or a bloc; one list allowed), checked as
    :func:`kkr_analysis.rules.specs.join_names` checks them."""

    def parse(text: str) -> str:
        from ..rules.specs import join_names, one_da

        if len(text) > 20 * MAX_NAME or not text.isprintable():
            raise argparse.ArgumentTypeError(f"{shown(text)} er ikke {one_da(what)}: et "
                                             f"listenavn har højst {MAX_NAME} synlige tegn")
        try:
            join_names(text, what)
        except DataError as exc:
            raise argparse.ArgumentTypeError(exc.reason) from None
        return text

    parse.__name__ = what
    return parse


def group_spec(text: str) -> str:
    """A valggruppe: lists ``A+F+Ø`` or a typed-in group ``NAME=MEMBERS`` with MEMBERS ≥ 1."""
    if "=" not in text:
        return lists_spec("valggruppe")(text)
    name, _, count = text.partition("=")
    if not name.strip() or len(name) > MAX_NAME or not name.isprintable():
        raise argparse.ArgumentTypeError(f"{shown(text)}: en indtastet gruppe skrives "
                                         "NAVN=MEDLEMMER, fx Borgerlige=20")
    members = int_range(1, MAX_MEMBERS)
    try:
        members(count)
    except argparse.ArgumentTypeError as exc:
        raise argparse.ArgumentTypeError(
            f"{shown(text)}: antallet af medlemmer skal være 1-{integer(MAX_MEMBERS)} ({exc})"
        ) from None
    return text


def out_file(text: str) -> str:
    """A file to write: refused when it is a folder, a special file, in a missing folder."""
    from ..data.safe_files import check_out_file

    try:
        check_out_file(text)
    except DataError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def out_dir(text: str) -> str:
    """A folder to write: refused when it is a file, a system folder, in a missing folder."""
    from ..data.safe_files import check_out_dir

    try:
        check_out_dir(text)
    except DataError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def mayor_spec(text: str) -> str:
    """A mayor post as typed: ``Kolding=C``, ``Kolding=V|C`` or ``Kolding=?``. Only the syntax
    here; the municipality and the lists are checked against the data (one Danish line)."""
    municipality, sep, lists = text.partition("=")
    parts = lists.split("|")
    if (not sep or not municipality.strip() or len(text) > 20 * MAX_NAME
            or not text.isprintable() or any(not p.strip() for p in parts)):
        raise argparse.ArgumentTypeError(f"{shown(text)} er ikke en borgmesterpost; skriv "
                                         "KOMMUNE=LISTE, fx Kolding=C, Kolding=V|C eller "
                                         "Kolding=?")
    return text
