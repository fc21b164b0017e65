"""Plots of result objects (never of raw files). Presentation only; Danish labels for readers."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from .rules.chair import ChairElection
from .rules.composition import Composition

# The parties' customary colours (presentation only).
PARTY_COLOURS = {
    "A": "#A82721", "B": "#733280", "C": "#00583C", "D": "#127B7F", "F": "#E07EA8",
    "G": "#8FB73E", "I": "#3FB2BE", "K": "#8B8474", "O": "#EAC73E", "V": "#254264",
    "Ø": "#E6801A", "Å": "#2B8738", "M": "#844AFF", "Æ": "#2C5877",
}
FALLBACK_COLOUR = "#9A9A9A"


def colour(list_name: str) -> str:
    return PARTY_COLOURS.get(list_name, FALLBACK_COLOUR)


def plot_composition(comp: Composition, ax: Axes | None = None) -> Axes:
    """Stacked bars per list: borgmestre (dark) + supplerende medlemmer (light)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    rows = [r for r in comp.rows if r.total > 0]
    names = [r.list for r in rows]
    mayors = [r.mayors for r in rows]
    extra = [r.supplementary for r in rows]
    colours = [colour(n) for n in names]
    ax.bar(names, mayors, color=colours, edgecolor="black", linewidth=0.5, label="Borgmestre")
    ax.bar(names, extra, bottom=mayors, color=colours, alpha=0.45, edgecolor="black",
           linewidth=0.5, hatch="//", label="Supplerende medlemmer")
    for i, r in enumerate(rows):
        ax.text(i, r.total + 0.2, str(r.total), ha="center", va="bottom", fontsize=8)
    capped = ", loftet binder" if comp.cap_binds else ""
    ax.set_title(f"KKR {comp.region} ({comp.election}, {comp.method}): {comp.size} medlemmer"
                 f" (loft {comp.cap}{capped})", fontsize=10)
    ax.set_ylabel("Pladser")
    ax.tick_params(axis="x", labelrotation=30 if any(len(n) > 3 for n in names) else 0)
    ax.set_ylim(0, max((r.total for r in rows), default=1) * 1.25 + 0.5)
    ax.legend(fontsize=8, frameon=False, loc="upper right")
    return ax


def plot_compositions(comps: Sequence[Composition], ncols: int = 2) -> plt.Figure:
    """One composition chart per KKR in a grid."""
    nrows = -(-len(comps) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(7 * ncols, 3.6 * nrows), squeeze=False)
    for ax, comp in zip(axes.flat, comps):
        plot_composition(comp, ax)
    for ax in list(axes.flat)[len(comps):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def plot_chair_quotients(election: ChairElection, ax: Axes | None = None) -> Axes:
    """Each valgforbund's 1st and 2nd d'Hondt quotient; the two largest win the posts."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.2))
    q = election.quotients()
    x = range(len(q))
    first = [colour(label.split("+")[0]) for label in q["alliance"]]
    ax.bar([i - 0.2 for i in x], q["quotient_1"], width=0.4, color=first, edgecolor="black",
           linewidth=0.5, label="1. kvotient (stemmer/1)")
    ax.bar([i + 0.2 for i in x], q["quotient_2"], width=0.4, color=first, alpha=0.45,
           edgecolor="black", linewidth=0.5, label="2. kvotient (stemmer/2)")
    ax.set_xticks(list(x), q["alliance"], rotation=30 if len(q) > 5 else 0)
    ax.set_ylabel("Kvotient (stemmer)")
    chair = election.chair.list if election.chair else "lodtrækning"
    vice = election.vice_chair.list if election.vice_chair else "lodtrækning"
    ax.set_title(f"Formand: {chair} · Næstformand: {vice}", fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    return ax


def plot_structure_summary(summary: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Share of all valgforbund structures in which each list holds both posts, only formand,
    only næstformand, takes part in a lot, or holds neither: exclusive, adding up to 100 %."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.2))
    parts = [("both_posts", "Begge poster", "#14253A"), ("chair_only", "Kun formand", "#254264"),
             ("vice_chair_only", "Kun næstformand", "#7FA7D9"),
             ("in_a_lot", "Lodtrækning", "#EAC73E"), ("neither", "Ingen post", "#DDDDDD")]
    total = summary[[column for column, _, _ in parts]].sum(axis=1)
    left = pd.Series(0.0, index=summary.index)
    for column, label, col in parts:
        share = summary[column] / total
        ax.barh(summary["list"], share, left=left, color=col, label=label, edgecolor="white")
        left += share
    ax.invert_yaxis()
    ax.set_xlabel("Andel af alle valgforbund-strukturer")
    ax.legend(fontsize=8, frameon=False, ncol=5, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    return ax


def plot_power(power: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Vote share beside Banzhaf and Shapley-Shubik power in the majority game."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.2))
    x = range(len(power))
    for offset, column, label, alpha in ((-0.27, "share", "Stemmeandel", 0.35),
                                         (0.0, "banzhaf", "Banzhaf", 0.7),
                                         (0.27, "shapley_shubik", "Shapley-Shubik", 1.0)):
        ax.bar([i + offset for i in x], power[column], width=0.27, alpha=alpha, label=label,
               color=[colour(n) for n in power["list"]], edgecolor="black", linewidth=0.4)
    ax.set_xticks(list(x), power["list"])
    ax.set_ylabel("Andel")
    ax.legend(fontsize=8, frameon=False)
    return ax


def plot_threshold_steps(sweep: pd.DataFrame, critical: list, ax: Axes | None = None) -> Axes:
    """Seats per list against the threshold (step plot), critical thresholds marked."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    skip = {"threshold", "critical", "size"}
    for name in [c for c in sweep.columns if c not in skip]:
        if sweep[name].max() == 0:
            continue
        ax.step(sweep["threshold"] * 100, sweep[name], where="post", label=name,
                color=colour(name), linewidth=1.6)
    for c in critical:
        x = float(c.threshold) * 100
        ax.axvline(x, color="black", linestyle=":", linewidth=0.8)
        ax.text(x, ax.get_ylim()[1], f" {c.list} {x:.2f} %", rotation=90, va="top", fontsize=7)
    ax.axvline(2, color="#A82721", linewidth=1, alpha=0.6)
    ax.set_xlabel("Spærregrænse (% af regionens stemmer)")
    ax.set_ylabel("Pladser i KKR")
    ax.legend(fontsize=7, frameon=False, ncol=2, loc="center right")
    return ax


def plot_seat_distributions(seats: pd.DataFrame, lists: list[str] | None = None) -> plt.Figure:
    """Monte-Carlo probability of each seat count, one small bar chart per list."""
    names = lists or [n for n in seats.index if (seats.loc[n] > 0).sum() > 1 or
                      seats.loc[n].idxmax() > 0]
    cols = min(4, len(names)) or 1
    rows = -(-len(names) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False)
    for ax, name in zip(axes.flat, names):
        p = seats.loc[name]
        p = p[p > 0]
        ax.bar(p.index.astype(int), p.values, color=colour(name), edgecolor="black",
               linewidth=0.4)
        ax.set_title(name, fontsize=9)
        ax.set_ylim(0, 1)
        ax.set_xticks(p.index.astype(int))
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    fig.supylabel("Sandsynlighed", fontsize=9)
    fig.supxlabel("Pladser i KKR", fontsize=9)
    fig.tight_layout()
    return fig


def plot_period_change(table: pd.DataFrame, before: str, after: str) -> plt.Figure:
    """Per KKR: seats per list in two periods side by side (from ``compare_periods``)."""
    regions = list(dict.fromkeys(table["region"]))
    fig, axes = plt.subplots(len(regions), 1, figsize=(9, 2.6 * len(regions)), squeeze=False)
    for ax, region in zip(axes.flat, regions):
        part = table[table["region"] == region]
        x = range(len(part))
        ax.bar([i - 0.2 for i in x], part[f"seats_{before}"], width=0.4, alpha=0.5,
               color=[colour(n) for n in part["list"]], edgecolor="black", linewidth=0.4,
               label=before)
        ax.bar([i + 0.2 for i in x], part[f"seats_{after}"], width=0.4,
               color=[colour(n) for n in part["list"]], edgecolor="black", linewidth=0.4,
               label=after)
        ax.set_xticks(list(x), part["list"], fontsize=8,
                      rotation=30 if any(len(n) > 3 for n in part["list"]) else 0)
        ax.set_title(f"KKR {region}: {before} (lys) og {after} (mørk)", fontsize=9)
        ax.set_ylabel("Pladser", fontsize=8)
    fig.tight_layout()
    return fig
