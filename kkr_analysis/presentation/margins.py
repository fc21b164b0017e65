"""Thresholds and vote margins for readers (03): critical thresholds and a small list's case.

Rows from :mod:`kkr_analysis.scenarios.sensitivity` (critical thresholds, vote margins) in
Danish, and the report's static stand-in for the threshold slider.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import danish
from ..danish import integer, method_name, plural
from ..scenario import Scenario
from ..scenarios.sensitivity import holding_percent
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
    scenario's composition (2 %, the project's default method) as a table and charts."""
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
    # the share of the threshold's base, as kkr sweep threshold's critical values (rule
    # kkr.threshold_base): a list takes part iff this share ≥ the threshold
    share = tally.share_of_threshold_base(tally.get(focus).votes)
    seats_at = sc.replace(threshold=share).composition().seats().get(focus, 0)
    gain = row["gain_votes"].iloc[0]
    of = "afgivne" if tally.threshold_base == "cast" else "gyldige"
    upto = f"{danish.decimal(holding_percent(share), 4)} %"
    lines = [f"{focus} har {upto} af de {of} stemmer i regionen (spærregrænsen regnes af de "
             f"{of} stemmer)."]
    if seats_at:
        lines.append(f"Med en spærregrænse på højst {upto} ville {focus} deltage og "
                     f"få {plural(seats_at, 'plads', 'pladser')}.")
    else:
        lines.append(f"Med en spærregrænse på højst {upto} ville {focus} deltage, "
                     "men stemmerne rækker ikke til en plads: ingen spærregrænse alene havde "
                     "bragt listen ind.")
    lines.append("Intet stemmetal giver en plads mere." if pd.isna(gain) else
                 f"Ved {danish.percent_value(float(sc.threshold) * 100)} manglede {focus} "
                 f"{integer(gain)} stemmer for én plads mere.")
    md(" ".join(lines))
