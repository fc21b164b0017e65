"""Plots of result objects (never of raw files). Presentation only; Danish labels for readers."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

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
