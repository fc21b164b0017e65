"""Every chart's text lies inside its figure (issue 21): nothing is cut at the edge.

JupyterLab's live widgets show a chart as the figure's own PNG (``plots.figure_png``, no
``bbox_inches="tight"`` behind them), so a legend outside the axes or a long tick label must fit
inside the figure itself. Once notebook 02's legend read "1. kv / 2. kv" and notebook 06's
labels "-B (51 medl.)" and "Sikre p". Each figure is drawn as the notebooks and widgets draw it
and every text artist (tick labels, legend texts and titles, axis labels, annotations) is
measured with the figure's renderer.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from kkr_analysis.presentation import plots  # noqa: E402
from kkr_analysis.rules.appointments import groups_from_composition  # noqa: E402
from kkr_analysis.rules.chair import parse_alliances  # noqa: E402
from kkr_analysis.scenario import Scenario  # noqa: E402
from kkr_analysis.scenarios.valggrupper import Planner, meeting_of  # noqa: E402


def shown_texts(fig: plt.Figure) -> list[Text]:
    """The texts the figure draws: titles, axis labels, the tick labels of the ticks drawn,
    legend texts and titles, texts and annotations in the axes, the figure's own texts."""
    found = [fig._suptitle, fig._supxlabel, fig._supylabel, *fig.texts]
    for legend in fig.legends:
        found += [*legend.get_texts(), legend.get_title()]
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        found += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                found.append(axis.label)
                for tick in axis._update_ticks():  # the ticks inside the view, as drawn
                    found += [tick.label1, tick.label2]
        legend = ax.get_legend()
        if legend is not None:
            found += [*legend.get_texts(), legend.get_title()]
    return [t for t in found if t is not None and t.get_visible() and t.get_text().strip()]


def texts_outside(fig: plt.Figure) -> list[str]:
    """The shown texts of ``fig`` whose extent is not inside the figure (1 px tolerance)."""
    fig.canvas.draw()  # runs the layout engine, as savefig does
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    outside = []
    for text in shown_texts(fig):
        extent = text.get_window_extent(renderer)
        if (extent.x0 < box.x0 - 1 or extent.y0 < box.y0 - 1
                or extent.x1 > box.x1 + 1 or extent.y1 > box.y1 + 1):
            outside.append(f"{text.get_text()!r} at {[round(v) for v in extent.extents]} "
                           f"(figure {[round(v) for v in box.extents]})")
    return outside


def all_text(fig: plt.Figure) -> str:
    return " ".join(t.get_text() for t in fig.findobj(Text))


def test_notebook_02_live_chart_keeps_its_legend():
    """The valgforbund explorer's chart (``widgets.explorers.AllianceExplorer``: 7 × 3 in)."""
    sc = Scenario("KV21", "Hovedstaden")
    for alliances in ((), parse_alliances(["C+V+O"])):
        fig, ax = plt.subplots(figsize=(7, 3))
        plots.plot_chair_quotients(sc.replace(alliances=tuple(alliances)).chair(), ax)
        assert "1. kvotient (stemmer/1)" in all_text(fig)
        assert texts_outside(fig) == []
        plt.close(fig)


def test_notebook_06_planner_chart_keeps_its_labels_and_legend():
    """The planner panel's chart (``planner_widget.PlannerPanel``: 15 rows, 8 in wide), with
    the long valggruppe labels of KV21 Hovedstaden."""
    from kkr_analysis.data.kkr_tables import find_bodies
    from kkr_analysis.rules.composition import period_of

    sc = Scenario("KV21", "Hovedstaden")
    members = groups_from_composition(sc.composition())
    bodies = find_bodies(sc.kkr, period_of(sc.election), sc.data_dir)
    assert bodies
    table = Planner(members, meeting_of(bodies)).for_list("C")
    rows = 15
    for height in (0.35 * min(len(table), rows) + 1.2, 0.35 * min(len(table), rows) + 1.4):
        fig, ax = plt.subplots(figsize=(8, height))
        plots.plot_group_ranges(table, ax, rows)
        assert "Sikre pladser (værste fald)" in all_text(fig)
        assert texts_outside(fig) == []
        plt.close(fig)


def test_the_planner_chart_fits_the_longest_valggruppe():
    """Every list in one valggruppe: the longest label there is."""
    members = {"A": 17, "B": 2, "C": 14, "F": 6, "I": 2, "O": 2, "V": 6, "Ø": 9, "Å": 3}
    planner = Planner(members, meeting_of_sizes([5, 3]))
    table = planner.for_bloc(list(members))
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(table) + 1.2))
    plots.plot_group_ranges(table, ax)
    assert texts_outside(fig) == []
    plt.close(fig)


def meeting_of_sizes(sizes):
    from kkr_analysis.rules.appointments import Body

    return meeting_of([Body(f"Organ {i}", n) for i, n in enumerate(sizes, 1)])


def _composition():
    return Scenario("KV21", "Hovedstaden").composition()


FIGURES = {
    "composition": lambda: plots.plot_composition(_composition(),
                                                  plt.subplots(figsize=(8, 3.4))[1]).figure,
    "hemicycle": lambda: plots.plot_hemicycle(_composition(),
                                              plt.subplots(figsize=(7.5, 3.9))[1]).figure,
    "chair": lambda: plots.plot_chair_quotients(Scenario("KV21", "Hovedstaden").chair()).figure,
    "power": lambda: _power(),
    "structures": lambda: _structures(),
    "threshold": lambda: _threshold(),
    "compositions": lambda: _compositions(),
    "period_change": lambda: _period_change(),
    "seat_distributions": lambda: _seat_distributions(),
}


def _compositions():
    """Notebook 05: three KV25 compositions, one per row, one legend above them."""
    base = Scenario(election="KV25")
    comps = [base.replace(kkr=r).composition() for r in ("Hovedstaden", "Sjælland")]
    comps.append(base.replace(kkr="Østdanmark", regions="2027").composition())
    return plots.plot_compositions(comps, ncols=1)


def _period_change():
    from kkr_analysis.data import load_election
    from kkr_analysis.presentation.overview import compare_periods

    return plots.plot_period_change(compare_periods(load_election("KV21"),
                                                    load_election("KV25")), "KV21", "KV25")


def _seat_distributions():
    from kkr_analysis.scenarios.montecarlo import simulate

    sim = simulate(Scenario("KV21", "Hovedstaden").tally(), draws=2000, concentration=2000.0)
    return plots.plot_seat_distributions(sim.seats)


def _power():
    from kkr_analysis.scenarios.power import power_indices

    return plots.plot_power(power_indices(Scenario("KV21", "Hovedstaden").chair_votes())).figure


def _structures():
    from kkr_analysis.scenarios.alliances import evaluate_structures

    votes = Scenario("KV21", "Nordjylland").chair_votes()
    return plots.plot_structure_summary(evaluate_structures(votes, progress=False)
                                        .summary()).figure


def _threshold():
    from kkr_analysis.scenarios.sensitivity import critical_thresholds, threshold_sweep

    tally = Scenario("KV21", "Hovedstaden").tally()
    return plots.plot_threshold_steps(threshold_sweep(tally), critical_thresholds(tally)).figure


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_single_chart_fits_its_figure(name):
    fig = FIGURES[name]()
    assert texts_outside(fig) == []
    plt.close(fig)


def test_the_png_a_widget_shows_is_the_whole_figure():
    """``figure_png`` writes the figure as laid out: its size is the figure's size."""
    import io

    from PIL import Image

    fig, ax = plt.subplots(figsize=(7, 3))
    plots.plot_chair_quotients(Scenario("KV21", "Hovedstaden").chair(), ax)
    png = plots.figure_png(fig, dpi=100)
    assert Image.open(io.BytesIO(png)).size == (700, 300)
