"""Open questions that can change a KKR's composition, each said where it changes a number.

One function per question, each returning ``None`` (or nothing) where the answer would not
change, and :func:`open_questions_da` that every surface prints (CLI table and ``--all``,
CSV/JSON, reports, the app):

* the method (rule ``kkr.proportional``): KL's one published per-list table does not decide
  between Sainte-Laguë and Hare (references/RULES.md, "Evidence");
* the party register (KL's love § 6) where the data marks it an assumption;
* list cooperations: the data knows none (``list_cooperations.csv``); marked where the region's
  local lists together reach the threshold, so a cooperation of them could take part;
* the threshold's base (rule ``kkr.threshold_base``): where the data has no cast votes, a list
  just above the threshold of the valid votes could fall below it of the cast votes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from ..apportion import Method
from ..danish import integer, join_and, method_name, party_assumption_da, percent
from .composition import UNDECIDED_METHODS, Composition, compose

RULES_REF = "se references/RULES.md"
# Blank and invalid ballots are not in data without cast votes (KV21). A list is marked when
# fewer of them than this share of the valid votes would push it under the threshold: a wide
# bound, not an estimate (KV25's regions have 1-2 %), and no number shown is computed from it.
BLANK_INVALID_BOUND = Fraction(5, 100)


@dataclass(frozen=True)
class MethodUncertainty:
    """The composition under the other undecided method, where it differs (``kkr.proportional``)."""

    method: Method
    other_method: Method
    size: int
    other_size: int
    seats: dict[str, tuple[int, int]]  # list → (seats by ``method``, by ``other_method``)
    other: Composition

    def describe_da(self) -> str:
        """"Størrelse 43 og I 2 med Sainte-Laguë, 44 og I 3 med største brøk (Hare); KL's valg
        mellem de to metoder er ikke afgjort (se references/RULES.md)"."""
        mine = join_and([f"{n} {a}" for n, (a, _) in self.seats.items()])
        theirs = join_and([f"{n} {b}" for n, (_, b) in self.seats.items()])
        one, other = method_name(self.method), method_name(self.other_method)
        if self.size != self.other_size:
            text = (f"Størrelse {self.size}" + (f" og {mine}" if mine else "") + f" med {one}, "
                    f"{self.other_size}" + (f" og {theirs}" if theirs else "") + f" med {other}")
        else:
            text = (f"Med {one} {mine}, med {other} {theirs} (begge {self.size} medlemmer)")
        return f"{text}; KL's valg mellem de to metoder er ikke afgjort ({RULES_REF})."

    def to_dict(self) -> dict:
        return {"method": self.method, "other_method": self.other_method, "size": self.size,
                "other_size": self.other_size,
                "seats": {n: {"method": a, "other_method": b} for n, (a, b) in self.seats.items()},
                "note": self.describe_da()}


def method_uncertainty(comp: Composition) -> MethodUncertainty | None:
    """The other undecided method's composition (same tally, threshold and cap) where it gives
    another size or other seats; ``None`` where it changes nothing or ``comp.method`` is not
    one of :data:`UNDECIDED_METHODS` (d'Hondt is decided out: a user's explicit choice); rule
    ``kkr.proportional``."""
    if comp.tally is None or comp.method not in UNDECIDED_METHODS:
        return None
    other_method = next(m for m in UNDECIDED_METHODS if m != comp.method)
    other = compose(comp.tally, other_method, threshold=comp.threshold, cap=comp.cap)
    mine, theirs = comp.seats(), other.seats()
    names = list(mine) + [n for n in theirs if n not in mine]
    seats = {n: (mine.get(n, 0), theirs.get(n, 0)) for n in names
             if mine.get(n, 0) != theirs.get(n, 0)}
    if not seats and comp.size == other.size:
        return None
    return MethodUncertainty(comp.method, other_method, comp.size, other.size, seats, other)


@dataclass(frozen=True)
class BaseMargin:
    """A list above the threshold of the valid votes whose verdict the unknown blank and invalid
    ballots could turn (rule ``kkr.threshold_base``, data without cast votes)."""

    list: str
    votes: int
    line: Fraction  # threshold × valid votes
    blank_invalid_to_fall: int  # fewest blank and invalid ballots that put it under

    @property
    def margin(self) -> int:
        """Whole votes above the line (rounded down)."""
        return math.floor(self.votes - self.line)

    def describe_da(self) -> str:
        """"K er med, 37 stemmer over grænsen af de gyldige stemmer; …"."""
        return (f"{self.list} er med, {integer(self.margin)} stemmer over grænsen af de gyldige "
                f"stemmer; de blanke og ugyldige stemmer er ikke i data, og med de afgivne "
                f"stemmer som grundlag (KL's love § 15, stk. 2) falder {self.list} ud, hvis der "
                f"var mindst {integer(self.blank_invalid_to_fall)} blanke og ugyldige stemmer i "
                f"regionen.")


def base_margins(comp: Composition) -> list[BaseMargin]:
    """Lists taking part on the valid votes that :data:`BLANK_INVALID_BOUND` of blank and
    invalid ballots would put under the threshold; empty where the data has cast votes.

    A list is out iff votes < threshold × (valid + other), i.e. iff other > votes / threshold −
    valid (rule ``kkr.threshold_base``, KL's love § 15, stk. 2)."""
    if comp.threshold_base != "valid" or comp.threshold == 0 or comp.tally is None:
        return []
    valid = comp.total_votes
    found = []
    for row in comp.rows:
        if not row.eligible or row.kind == "local":
            continue
        fall = math.floor(Fraction(row.votes) / comp.threshold - valid) + 1
        if fall <= BLANK_INVALID_BOUND * valid:
            found.append(BaseMargin(row.list, row.votes, comp.threshold * valid, fall))
    return found


def cooperation_note_da(comp: Composition) -> str | None:
    """A sentence where the region's local lists (outside any known cooperation) together reach
    the threshold and hold a council seat: a cooperation of them reported to KL could take part
    and change the KKR. ``None`` where it could not (KL's love § 6, § 15, stk. 2)."""
    tally = comp.tally
    if tally is None or not tally.local_votes or not tally.local_council_seats:
        return None
    share = tally.share_of_threshold_base(tally.local_votes)
    if share < comp.threshold:
        return None
    of = "afgivne" if comp.threshold_base == "cast" else "gyldige"
    return (f"Ingen kendte listesamarbejder i data: regionens lokale lister har tilsammen "
            f"{percent(share)} af de {of} stemmer, så et listesamarbejde af lokale lister "
            f"anmeldt til KL kunne deltage og ændre sammensætningen (KL's love § 6).")


def open_questions_da(comp: Composition, data=None) -> list[str]:
    """Every open question that can change ``comp``, one Danish sentence each (nothing where it
    cannot): the method, the § 6 party register (``data``, where it is an assumption), list
    cooperations and the threshold's base."""
    notes = []
    method = method_uncertainty(comp)
    if method is not None:
        notes.append(method.describe_da())
    register = party_assumption_da(data) if data is not None else None
    if register:
        notes.append(register)
    cooperation = cooperation_note_da(comp)
    if cooperation:
        notes.append(cooperation)
    notes += [m.describe_da() for m in base_margins(comp)]
    return notes
