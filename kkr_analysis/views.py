"""Notebook views: tables and charts of result objects, with the coverage always shown."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from .data import load_published
from .plots import plot_composition
from .rules.composition import Composition, compare_with_published

DANISH_COLUMNS = {
    "list": "Liste", "name": "Navn", "votes": "Stemmer", "share": "Andel %",
    "eligible": "Deltager", "reason": "Hvorfor ikke", "mayors": "Borgmestre",
    "supplementary": "Supplerende", "total": "I alt",
    "votes_missing": "Kommuner uden stemmetal",
}
DANISH_LABELS = {
    **DANISH_COLUMNS, "share": "Andel", "chair": "Formand", "vice_chair": "Næstformand",
    "both_posts": "Begge poster", "in_a_lot": "Lodtrækning", "neither": "Ingen post",
    "chair_share": "Andel formand", "swings": "Afgørende (swings)", "banzhaf": "Banzhaf",
    "shapley_shubik": "Shapley-Shubik", "pivotal": "Afgørende", "seats": "Pladser",
    "gain_votes": "Stemmer til +1 plads", "loss_votes": "Stemmer til −1 plads",
    "fragile": "Skrøbelig", "threshold": "Spærregrænse", "critical": "Kritisk",
    "size": "Medlemmer", "cap": "Loft", "cap_factor": "Loft (× kommuner)",
    "cap_binds": "Loftet binder", "method": "Metode", "gallagher": "Gallagher",
    "loosemore_hanby": "Loosemore-Hanby", "tie": "Lodtrækning", "region": "Region",
}


def dansk(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with Danish column headings (for reports and notebooks)."""
    return frame.rename(columns=lambda c: DANISH_LABELS.get(c, c))


REASONS_DA = {
    "below": "under", "of the region's votes": "af regionens stemmer",
    "no seat in any council of the region": "intet kommunalbestyrelsesmedlem i regionen",
    "local list outside any list cooperation": "lokal liste uden for et listesamarbejde",
}


def reason_da(reason: str) -> str:
    for english, danish in REASONS_DA.items():
        reason = reason.replace(english, danish)
    return reason


def composition_table(comp: Composition) -> pd.DataFrame:
    """The composition with Danish headings and reasons, shares in percent, lists as index."""
    frame = comp.to_frame()
    frame["share"] = (frame["share"] * 100).round(2)
    frame["eligible"] = frame["eligible"].map({True: "ja", False: "nej"})
    frame["reason"] = frame["reason"].map(reason_da)
    return frame.rename(columns=DANISH_COLUMNS).set_index("Liste")


def summary_line(comp: Composition) -> str:
    cap = "loftet binder" if comp.cap_binds else "loftet binder ikke"
    line = (f"**KKR {comp.region}** ({comp.election}, {comp.method}): {comp.size} medlemmer, "
            f"loft {comp.cap} ({cap}). *Dækning:* {comp.coverage.describe_da()}.")
    if comp.tie:
        line += f" **Lodtrækning:** {comp.tie.seats} plads(er) mellem {', '.join(comp.tie.lists)}."
    if comp.size_tie:
        line += " **Størrelsen afhænger af lodtrækning.**"
    return line


def show_composition(comp: Composition) -> None:
    """Heading line with coverage, the table and the stacked bar chart."""
    display(Markdown(summary_line(comp)))
    display(composition_table(comp))
    plot_composition(comp)
    plt.show()


def published_comparison(comp: Composition) -> pd.DataFrame | None:
    """Computed beside KL's published table, with the coverage stated above it."""
    display(Markdown(f"*Dækning bag de beregnede tal:* {comp.coverage.describe_da()}."))
    table = compare_with_published(comp, load_published())
    if table is None:
        display(Markdown("KL's tal for denne KKR findes ikke i de medfølgende data."))
        return None
    return table.rename(columns={
        "list": "Liste", "computed_mayors": "Borgmestre (beregnet)",
        "computed_total": "I alt (beregnet)", "kl_mayors": "Borgmestre (KL)",
        "kl_total": "I alt (KL)", "difference": "Forskel"})
