"""A shared link (``?valg=KV21&kkr=…&forbund=…``) read field by field, as the inputs read it.

A link is typed, copied, cut and forged by people: every field goes through the same check as
the control it fills (the threshold as the "Spærregrænse" field, a what-if change as the
"± %" field, list letters matched as the dropdowns name them, in any case). A field that fails
is dropped with one Danish line saying what was wrong; the rest of the scenario is kept. Nothing
here raises for a bad link: the worst link shows the default scenario with its notes.

The reading itself is the one query parser of the scenario layer
(:func:`kkr_analysis.scenario.read_query`, its lenient mode); :meth:`Scenario.from_query` is
its strict mode.
"""

from __future__ import annotations

from ..errors import DataError
from ..scenario import ELECTIONS, MAX_VOTES, Scenario, elections, read_query
from .model import evaluate

__all__ = ["ELECTIONS", "FIELDS", "MAX_VOTES", "elections", "read_link", "shown"]

FIELDS = ("valg", "kkr", "spaerregraense", "metode", "forbund", "stemmer", "stemmetal",
          "borgmester")
SHOWN = 40  # characters of a bad value quoted in a message


def shown(value: str, limit: int = SHOWN) -> str:
    """A value quoted in a message: at most ``limit`` characters, one line ("abc…")."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


def read_link(query: str | None) -> tuple[Scenario, list[str]]:
    """The scenario of a shared link and a Danish note per field that was dropped (never raises
    for a bad link; the fields are checked in order: valg, kkr, then the rest in that KKR);
    a scenario that cannot be computed shows its KKR without changes."""
    scenario, notes = read_query(query, strict=False, keys=FIELDS)
    try:
        evaluate(scenario)
    except DataError as exc:
        notes.append(f"Scenariet i linket kan ikke beregnes ({shown(str(exc), 120)}); "
                     f"KKR {scenario.kkr} ({scenario.election}) vises uden ændringer.")
        scenario = Scenario(scenario.election, scenario.kkr)
    return scenario, notes
