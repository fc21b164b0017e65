"""The list (and bloc) a report is about when the reader names none: notebooks 02 and 06.

By default the focus is the KKR's largest list by votes among the lists represented (those
that take part in the chair election, KL's love § 15, stk. 3), so every KKR's report asks about
a list that matters there. The default bloc is the valgforbund preset (``presets.csv``: the
Folketing's blocs, a convention, not KL data) that holds the focus list, cut to the lists
represented; a focus list in no preset (M, a local list) is paired with the largest other list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..data.loaders import load_presets

GIVEN = "given"  # the reader named it (a notebook parameter, ``kkr report --for/--bloc``)
LARGEST = "largest"  # the largest represented list by votes
TWO_LARGEST = "two largest"  # the focus list and the largest other list: no preset holds it


@dataclass(frozen=True)
class Focus:
    """The focus list and bloc, each with where it comes from: ``GIVEN``, ``LARGEST`` /
    ``TWO_LARGEST``, or for the bloc the name of the preset (e.g. "blå blok")."""

    list: str
    list_source: str
    votes: int | None  # the focus list's votes in the region (None: not represented)
    bloc: tuple[str, ...]
    bloc_source: str


def largest_list(votes: Mapping[str, int]) -> str:
    """The list with the most votes (equal votes: the first by name — a choice of what to
    show, no seat depends on it)."""
    if not votes:
        raise ValueError("no lists")
    return min(votes, key=lambda name: (-votes[name], name))


def default_bloc(votes: Mapping[str, int], focus: str, election: str,
                 data_dir: str | None = None) -> tuple[tuple[str, ...], str]:
    """The first preset valgforbund of ``election`` that holds ``focus`` and at least one other
    represented list, cut to the represented lists (``votes``); else ``focus`` and the largest
    other list. Returns the bloc and its source (the preset's name or ``TWO_LARGEST``)."""
    presets = load_presets(data_dir)
    for row in presets[presets["election"] == election.upper()].itertuples():
        members = [m.strip() for m in str(row.alliance or "").split("+") if m.strip()]
        inside = tuple(m for m in members if m in votes)
        if focus in inside and len(inside) > 1:
            return inside, str(row.preset)
    others = {k: v for k, v in votes.items() if k != focus}
    return ((focus, largest_list(others)) if others else (focus,)), TWO_LARGEST


def choose_focus(votes: Mapping[str, int], election: str, data_dir: str | None = None,
                 for_list: str | None = None, bloc: str | None = None) -> Focus:
    """The focus list (``for_list``, else :func:`largest_list` of ``votes``, the represented
    lists' votes) and the bloc (``bloc`` as "C+V+O", else :func:`default_bloc`)."""
    name = for_list.strip() if for_list and for_list.strip() else None
    focus, source = (name, GIVEN) if name else (largest_list(votes), LARGEST)
    if bloc and bloc.strip():
        members = tuple(m.strip() for m in bloc.split("+") if m.strip())
        return Focus(focus, source, votes.get(focus), members, GIVEN)
    members, bloc_source = default_bloc(votes, focus, election, data_dir)
    return Focus(focus, source, votes.get(focus), members, bloc_source)
