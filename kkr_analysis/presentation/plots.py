"""Plots of result objects (never of raw files). Presentation only; Danish labels for readers."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..danish import decimal, integer, method_name, percent, percent_value, plural
from ..rules.chair import ChairElection
from ..rules.composition import Composition
from ..scenarios.mayors import MayorRanges

# The parties' customary colours (presentation only), adjusted so that every pair stays apart
# (CIE76 ΔE ≥ 25; tests/presentation/test_views.py): Danmarksdemokraterne (Æ) light blue
# beside Venstre's navy, Kristendemokraterne (K) dark brown beside the grey of local lists.
PARTY_COLOURS = {
    "A": "#A82721", "B": "#733280", "C": "#00583C", "D": "#127B7F", "F": "#E07EA8",
    "G": "#8FB73E", "I": "#48C1CF", "K": "#5C4A3D", "O": "#EAC73E", "V": "#254264",
    "Ø": "#E6801A", "Å": "#2B8738", "M": "#844AFF", "Æ": "#8AA2E8",
}
FALLBACK_COLOUR = "#B0B0B0"
MAYOR_COLOUR = "#4D4D4D"  # legend swatch for "Borgmestre" in every chart
SUPPLEMENTARY_COLOUR = "#D9D9D9"  # legend swatch for "Supplerende medlemmer"


WIDGET_DPI = 144  # 2× the screen's 72 dpi: crisp on high-density screens


def figure_png(fig: plt.Figure, dpi: int = WIDGET_DPI) -> bytes:
    """Render and close a figure (widgets show charts as images: no output capture needed).
    The PNG is the whole figure as laid out (:func:`_fit`): what fits the figure is shown."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


def colour(list_name: str) -> str:
    return PARTY_COLOURS.get(list_name, FALLBACK_COLOUR)


def _fit(ax: Axes) -> None:
    """Lay a one-chart figure out so that its legend, tick labels and titles lie inside it
    (constrained layout): the widgets show the figure's own PNG, with no ``bbox_inches="tight"``
    to rescue a legend right of the axes or a long label. A figure with several charts or a
    layout of its own is laid out by whoever made it."""
    fig = ax.figure  # a subfigure is laid out by its figure (matplotlib ≥ 3.8)
    if (isinstance(fig, plt.Figure) and fig.get_layout_engine() is None
            and len(fig.axes) == 1):
        fig.set_layout_engine("constrained")


def _legend_outside(ax: Axes, handles: list | None = None, **kw: object) -> None:
    """The legend right of the axes, never over the data; inside the figure (:func:`_fit`)."""
    if handles is not None:
        kw["handles"] = handles
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), **kw)
    _fit(ax)


def _member_handles() -> list[Patch]:
    """Legend swatches for the two kinds of members, the same in every chart."""
    return [Patch(facecolor=MAYOR_COLOUR, edgecolor="black", linewidth=0.5, label="Borgmestre"),
            Patch(facecolor=SUPPLEMENTARY_COLOUR, edgecolor="black", linewidth=0.5, hatch="//",
                  label="Supplerende medlemmer")]


def _title(comp: Composition) -> str:
    capped = ", loftet binder" if comp.cap_binds else ""
    return (f"KKR {comp.region} ({comp.election}, {method_name(comp.method)}): "
            f"{comp.size} medlemmer (loft {comp.cap}{capped})")


def plot_composition(comp: Composition, ax: Axes | None = None) -> Axes:
    """Stacked bars per list: borgmestre (full colour) + supplerende medlemmer (light, hatched)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    rows = [r for r in comp.rows if r.total > 0]
    names = [r.list for r in rows]
    mayors = [r.mayors for r in rows]
    extra = [r.supplementary for r in rows]
    colours = [colour(n) for n in names]
    ax.bar(names, mayors, color=colours, edgecolor="black", linewidth=0.5)
    ax.bar(names, extra, bottom=mayors, color=colours, alpha=0.45, edgecolor="black",
           linewidth=0.5, hatch="//")
    for i, r in enumerate(rows):
        ax.text(i, r.total + 0.2, str(r.total), ha="center", va="bottom", fontsize=8)
    ax.set_title(_title(comp), fontsize=10)
    ax.set_ylabel("Pladser")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", labelrotation=30 if any(len(n) > 3 for n in names) else 0)
    ax.set_ylim(0, max((r.total for r in rows), default=1) * 1.25 + 0.5)
    _legend_outside(ax, _member_handles())
    return ax


def hemicycle_positions(seats: int, rows: int | None = None) -> list[tuple[float, float]]:
    """Seat centres of a parliament half-circle, ordered left to right (by angle).

    Rows of radius 1 … 2 hold seats in proportion to their radius; ``rows`` defaults to about
    √(seats / 4), at least 1.
    """
    if seats <= 0:
        return []
    rows = rows or max(1, round((seats / 4) ** 0.5))
    radii = [1 + k / max(rows - 1, 1) for k in range(rows)] if rows > 1 else [1.5]
    weight = sum(radii)
    counts = [int(seats * r / weight) for r in radii]
    for k in sorted(range(rows), key=lambda k: -(seats * radii[k] / weight - counts[k])):
        if sum(counts) == seats:
            break
        counts[k] += 1
    points = []
    for r, n in zip(radii, counts):
        for j in range(n):
            angle = math.pi * (1 - (j + 0.5) / n) if n > 1 else math.pi / 2
            points.append((angle, r))
    points.sort(key=lambda p: (-p[0], p[1]))
    return [(r * math.cos(a), r * math.sin(a)) for a, r in points]


def plot_hemicycle(comp: Composition, ax: Axes | None = None) -> Axes:
    """The KKR as a parliament half-circle: one dot per member in its list's colour, lists from
    the largest (left) to the smallest; mayors full dots, supplementary members rings."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.9))
    rows = [r for r in comp.rows if r.total > 0]
    points = hemicycle_positions(sum(r.total for r in rows))
    size = max(12.0, 5200 / max(len(points), 1))
    at = 0
    handles = []
    for r in rows:
        part = points[at:at + r.total]
        at += r.total
        xs = [p[0] for p in part]
        ys = [p[1] for p in part]
        ax.scatter(xs[:r.mayors], ys[:r.mayors], s=size, color=colour(r.list),
                   edgecolors="black", linewidths=0.4, zorder=3)
        ax.scatter(xs[r.mayors:], ys[r.mayors:], s=size, facecolors="white",
                   edgecolors=colour(r.list), linewidths=2.0, zorder=3)
        handles.append(Patch(facecolor=colour(r.list), edgecolor="black", linewidth=0.4,
                             label=f"{r.list} {r.total} ({r.mayors} + {r.supplementary})"))
    handles += [Line2D([], [], marker="o", linestyle="", markerfacecolor=MAYOR_COLOUR,
                       markeredgecolor="black", label="borgmester"),
                Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                       markeredgecolor=MAYOR_COLOUR, markeredgewidth=2,
                       label="supplerende medlem")]
    ax.text(0, 0.15, str(comp.size), ha="center", va="bottom", fontsize=20, fontweight="bold")
    ax.text(0, 0.05, "medlemmer", ha="center", va="top", fontsize=9)
    ax.set_xlim(-2.25, 2.25)
    ax.set_ylim(-0.2, 2.25)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(_title(comp), fontsize=10)
    _legend_outside(ax, handles, title="Liste: i alt (borgm. + suppl.)", title_fontsize=8)
    return ax


def plot_compositions(comps: Sequence[Composition], ncols: int = 2) -> plt.Figure:
    """One composition chart per KKR in a grid, with one legend above the grid (never over a
    neighbouring chart)."""
    nrows = -(-len(comps) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(7 * ncols, 3.6 * nrows), squeeze=False,
                             layout="constrained")
    for ax, comp in zip(axes.flat, comps):
        plot_composition(comp, ax)
        ax.get_legend().remove()
    for ax in list(axes.flat)[len(comps):]:
        ax.set_visible(False)
    fig.legend(handles=_member_handles(), loc="outside upper center", ncol=2, frameon=False,
               fontsize=9)
    return fig


def plot_chair_quotients(election: ChairElection, ax: Axes | None = None) -> Axes:
    """Each valgforbund's 1st and 2nd d'Hondt quotient; the two largest win the posts."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.2))
    q = election.quotients()
    x = range(len(q))
    first = [colour(label.split("+")[0]) for label in q["alliance"]]
    ax.bar([i - 0.2 for i in x], q["quotient_1"], width=0.4, color=first, edgecolor="black",
           linewidth=0.5)
    ax.bar([i + 0.2 for i in x], q["quotient_2"], width=0.4, color=first, alpha=0.45,
           edgecolor="black", linewidth=0.5, hatch="//")
    ax.set_xticks(list(x), q["alliance"], rotation=30 if len(q) > 5 else 0)
    ax.set_ylabel("Kvotient (stemmer)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: integer(v)))
    chair = election.chair.list if election.chair else "lodtrækning"
    vice = election.vice_chair.list if election.vice_chair else "lodtrækning"
    ax.set_title(f"Formand: {chair} · Næstformand: {vice}", fontsize=10)
    _legend_outside(ax, [
        Patch(facecolor=MAYOR_COLOUR, edgecolor="black", label="1. kvotient (stemmer/1)"),
        Patch(facecolor=SUPPLEMENTARY_COLOUR, edgecolor="black", hatch="//",
              label="2. kvotient (stemmer/2)")])
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
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: percent(v, 0)))
    ax.legend(fontsize=8, frameon=False, ncol=5, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    _fit(ax)
    return ax


def plot_power(power: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Vote share beside Banzhaf and Shapley-Shubik power in the majority game."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.2))
    x = range(len(power))
    handles = []
    for offset, column, label, alpha, hatch in ((-0.27, "share", "Stemmeandel", 0.35, ""),
                                                (0.0, "banzhaf", "Banzhaf", 0.7, "//"),
                                                (0.27, "shapley_shubik", "Shapley-Shubik", 1.0,
                                                 "..")):
        ax.bar([i + offset for i in x], power[column], width=0.27, alpha=alpha, hatch=hatch,
               color=[colour(n) for n in power["list"]], edgecolor="black", linewidth=0.4)
        handles.append(Patch(facecolor=MAYOR_COLOUR, alpha=alpha, hatch=hatch,
                             edgecolor="black", label=label))
    ax.set_xticks(list(x), power["list"])
    ax.set_ylabel("Andel")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: percent(v, 0)))
    _legend_outside(ax, handles)
    return ax


def _lanes(xs: list[float], widths: list[float]) -> list[int]:
    """Lanes for flag labels above a chart (label ``i`` spans ``[x_i, x_i + w_i]``, its
    connector runs up from the chart at ``x_i``).

    Labels closer than the widest label form a cluster; inside a cluster the rightmost label takes
    the lowest lane and each label further left one lane higher, so no two labels in a lane
    overlap and no connector crosses a label below its own.
    """
    if not xs:
        return []
    widest = max(widths)
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    clusters, current = [], [order[0]]
    for prev, i in zip(order, order[1:]):
        if xs[i] - xs[prev] <= widest:
            current.append(i)
        else:
            clusters.append(current)
            current = [i]
    clusters.append(current)
    lanes = [0] * len(xs)
    for cluster in clusters:
        for lane, i in enumerate(sorted(cluster, key=lambda i: (-xs[i], i))):
            lanes[i] = lane
    return lanes


def plot_threshold_steps(sweep: pd.DataFrame, critical: list, ax: Axes | None = None,
                         base: str | None = None) -> Axes:
    """Seats per list against the threshold (step plot); the critical thresholds are marked and
    labelled above the chart in lanes that never overlap; KL's 2 % is labelled. ``base``
    (``RegionTally.threshold_base``, "cast" or "valid") names the votes the axis is a share of."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8.5, 3.8))
    skip = {"threshold", "threshold_exact", "critical", "size"}
    for name in [c for c in sweep.columns if c not in skip]:
        if sweep[name].max() == 0:
            continue
        ax.step(sweep["threshold"] * 100, sweep[name], where="post", label=name,
                color=colour(name), linewidth=1.6)
    x_min, x_max = float(sweep["threshold"].min()) * 100, float(sweep["threshold"].max()) * 100
    ax.set_xlim(x_min, x_max)
    ax.axvline(2, color="#A82721", linewidth=1.2, alpha=0.8, label="KL's spærregrænse 2 %")
    labels = [(float(c.threshold) * 100, f"{c.list} {decimal(float(c.threshold) * 100)} %")
              for c in critical]
    span = (x_max - x_min) or 1.0
    widths = [len(text) * 0.0085 * span for _, text in labels]  # ~7 pt characters
    for (x, text), lane in zip(labels, _lanes([x for x, _ in labels], widths)):
        ax.axvline(x, color="black", linestyle=":", linewidth=0.8)
        ax.annotate(text, xy=(x, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(x, 1.03 + 0.09 * lane), textcoords=("data", "axes fraction"),
                    ha="left", va="bottom", fontsize=7,
                    arrowprops={"arrowstyle": "-", "color": "#888888", "linewidth": 0.5,
                                "relpos": (0.0, 0.0), "shrinkA": 0, "shrinkB": 0})
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: percent_value(v, 1)))
    of = {"cast": "de afgivne stemmer", "valid": "de gyldige stemmer"}.get(base or "",
                                                                          "regionens stemmer")
    ax.set_xlabel(f"Spærregrænse (andel af {of}); prikket linje: kritisk værdi")
    ax.set_ylabel("Pladser i KKR")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _legend_outside(ax, ncol=1)
    return ax


def plot_seat_distributions(seats: pd.DataFrame, lists: list[str] | None = None) -> plt.Figure:
    """Monte-Carlo probability of each seat count, one small bar chart per list."""
    names = lists or [n for n in seats.index if (seats.loc[n] > 0).sum() > 1 or
                      seats.loc[n].idxmax() > 0]
    cols = min(4, len(names)) or 1
    rows = -(-len(names) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False,
                             layout="constrained")
    for ax, name in zip(axes.flat, names):
        p = seats.loc[name]
        p = p[p > 0]
        ax.bar(p.index.astype(int), p.values, color=colour(name), edgecolor="black",
               linewidth=0.4)
        ax.set_title(name, fontsize=9)
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: percent(v, 0)))
        ax.set_xticks(p.index.astype(int))
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    fig.supylabel("Sandsynlighed", fontsize=9)
    fig.supxlabel("Pladser i KKR", fontsize=9)
    return fig


def plot_period_change(table: pd.DataFrame, before: str, after: str) -> plt.Figure:
    """Per KKR: seats per list in two periods side by side (from ``compare_periods``)."""
    regions = list(dict.fromkeys(table["region"]))
    fig, axes = plt.subplots(len(regions), 1, figsize=(9, 2.6 * len(regions)), squeeze=False,
                             layout="constrained")
    for ax, region in zip(axes.flat, regions):
        part = table[table["region"] == region]
        x = range(len(part))
        ax.bar([i - 0.2 for i in x], part[f"seats_{before}"], width=0.4, alpha=0.45,
               color=[colour(n) for n in part["list"]], edgecolor="black", linewidth=0.4,
               hatch="//")
        ax.bar([i + 0.2 for i in x], part[f"seats_{after}"], width=0.4,
               color=[colour(n) for n in part["list"]], edgecolor="black", linewidth=0.4)
        tilted = any(len(n) > 3 for n in part["list"])  # "N (Odsherred)": end at its tick
        ax.set_xticks(list(x), part["list"], fontsize=8, rotation=30 if tilted else 0,
                      ha="right" if tilted else "center", rotation_mode="anchor")
        ax.set_title(f"KKR {region}: {before} og {after}", fontsize=9)
        ax.set_ylabel("Pladser", fontsize=8)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _legend_outside(ax, [
            Patch(facecolor=SUPPLEMENTARY_COLOUR, edgecolor="black", hatch="//", label=before),
            Patch(facecolor=MAYOR_COLOUR, edgecolor="black", label=after)])
    return fig


def plot_group_ranges(table: pd.DataFrame, ax: Axes | None = None, top: int = 15) -> Axes:
    """Horizontal bars per valggruppe (``Planner.for_list``): sure seats (dark) and what the
    best case adds (light); labels "C+V (12 medl.)"."""
    shown = table.head(top).iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.35 * len(shown) + 1.4))
    labels = [f"{g} ({integer(m)} medl.)" for g, m in zip(shown["group"], shown["members"])]
    ax.barh(labels, shown["min_seats"], color="#254264", label="Sikre pladser (værste fald)")
    ax.barh(labels, shown["max_seats"] - shown["min_seats"], left=shown["min_seats"],
            color="#9DB4D3", label="Op til (bedste fald)")
    ax.set_xlabel("Pladser i de politiske organer")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: integer(v)))
    _legend_outside(ax)
    ax.set_title("Valggrupper: pladser uanset de øvrige listers grupperinger", fontsize=10)
    return ax


def plot_mayor_ranges(ranges: MayorRanges, ax: Axes | None = None) -> Axes:
    """Horizontal bars per list while mayor posts are open (:func:`~kkr_analysis.scenarios.
    mayors.mayor_ranges`): the certain seats (dark) and what an assignment of the open posts
    can add (light), the size range in the title."""
    rows = [r for r in ranges.rows if r.high > 0][::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.4))
    labels = [r.list for r in rows]
    ax.barh(labels, [r.low for r in rows], color=[colour(r.list) for r in rows],
            label="Sikre pladser (mindst)")
    ax.barh(labels, [r.high - r.low for r in rows], left=[r.low for r in rows],
            color=[colour(r.list) for r in rows], alpha=0.35, label="Op til (højst)")
    ax.set_xlabel("Pladser i KKR")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _legend_outside(ax)
    size = (f"{ranges.size_low}" if ranges.size_low == ranges.size_high
            else f"{ranges.size_low}-{ranges.size_high}")
    ax.set_title(f"KKR {ranges.region} ({ranges.election}): {size} medlemmer med "
                 f"{plural(len(ranges.open), 'åben borgmesterpost', 'åbne borgmesterposter')}",
                 fontsize=10)
    return ax
