"""Thresholds and vote margins for readers (03): critical thresholds and a small list's case.

Rows from :mod:`kkr_analysis.scenarios.sensitivity` (critical thresholds, vote margins) in
Danish, and the report's static stand-in for the threshold slider.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import pandas as pd

from .. import danish
from ..danish import integer, method_name, percent, plural
from ..scenario import Scenario
from .composition import show_composition
from .display import md
from .format import signed_number


def critical_frame(critical: Sequence) -> pd.DataFrame:
    """The critical thresholds: value, the list at its edge, what changes just above it."""
    return pd.DataFrame([{
        "threshold": float(c.threshold), "list": c.list,
        "Ændring lige over grænsen": ", ".join(f"{name} {signed_number(d)}"
                                                for name, d in c.changes.items())}
        for c in critical], columns=["threshold", "list", "Ændring lige over grænsen"])


def threshold_static(sc: Scenario) -> None:
    """A report's stand-in for the threshold slider (``live.threshold_explorer``): the default
    scenario's composition (2 %, KL's method) as a table and charts."""
    md(f"*Statisk rapport: spærregrænse {danish.percent_value(float(sc.threshold) * 100)} og "
       f"{method_name(sc.method)}. Prøv andre værdier i appen KKR-scenarier eller i notebooken "
       "i JupyterLab.*")
    show_composition(sc.composition(), explain=False)


def show_focus(sc: Scenario, focus: str, margins: pd.DataFrame) -> None:
    """At which threshold would a small list have entered, and how many votes did it lack?"""
    tally = sc.tally()
    seats_now = sc.composition().seats()
    if seats_now.get(focus, 0):  # already in: the question is about a list left out
        outside = [r.list for r in sorted(tally.lists, key=lambda r: -r.votes)
                   if not seats_now.get(r.list, 0) and r.votes]
        text = (f"{focus} har allerede {plural(seats_now[focus], 'plads', 'pladser')} i KKR "
                f"{sc.kkr} ({sc.election}).")
        if not outside:
            md(text + " Alle lister med stemmer har pladser.")
            return
        md(text + f" I stedet vises {outside[0]}, den største liste uden plads.")
        focus = outside[0]
    row = margins[margins["list"] == focus]
    if row.empty or tally.total_votes == 0:
        md(f"Liste {focus} har ingen stemmer i KKR {sc.kkr} i disse data.")
        return
    share = Fraction(tally.get(focus).votes, tally.total_votes)
    seats_at = sc.replace(threshold=share).composition().seats().get(focus, 0)
    gain = row["gain_votes"].iloc[0]
    lines = [f"{focus} har {percent(share, 3)} af stemmerne i regionen."]
    if seats_at:
        lines.append(f"Med en spærregrænse på højst {percent(share, 3)} ville {focus} deltage og "
                     f"få {plural(seats_at, 'plads', 'pladser')}.")
    else:
        lines.append(f"Med en spærregrænse på højst {percent(share, 3)} ville {focus} deltage, "
                     "men stemmerne rækker ikke til en plads: ingen spærregrænse alene havde "
                     "bragt listen ind.")
    lines.append("Intet stemmetal giver en plads mere." if pd.isna(gain) else
                 f"Ved {danish.percent_value(float(sc.threshold) * 100)} manglede {focus} "
                 f"{integer(gain)} stemmer for én plads mere.")
    md(" ".join(lines))
