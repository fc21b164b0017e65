"""The constituent-meeting planner as a chart and an app panel (presentation only).

Pick a list (every valggruppe containing it) or type a bloc (``C+V+O``) and see each group's
seats at worst and at best over the meeting's political bodies, whatever the other lists do
(kommunestyrelsesloven § 24; :mod:`kkr_analysis.scenarios.valggrupper`). Danish labels.

Tests drive the panel without a browser: set ``list_choice.value`` or ``bloc.value`` and read
``result`` / ``text``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from matplotlib.axes import Axes

from .errors import DataError
from .rules.appointments import Body, groups_from_composition
from .scenario import Scenario
from .scenarios.valggrupper import SPLIT_NOTE, Planner, add_split, meeting_of

SPLITS = {"d'Hondt på listernes KKR-pladser (antagelse)": "dhondt", "vis ikke": "none"}
DANISH_COLUMNS = {"group": "valggruppe", "members": "medlemmer", "min_seats": "sikre pladser",
                  "max_seats": "bedste udfald", "partitions": "grupperinger af de øvrige",
                  "lots": "heraf lodtrækning", "worst_case": "værste gruppering",
                  "split_of_min": "fordeling af sikre pladser (antagelse)"}


def plot_group_ranges(table: pd.DataFrame, ax: Axes | None = None, top: int = 15) -> Axes:
    """Horizontal bars per valggruppe: sure seats (dark) and what the best case adds (light)."""
    shown = table.head(top).iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.35 * len(shown) + 1.2))
    labels = [f"{g} ({m})" for g, m in zip(shown["group"], shown["members"])]
    ax.barh(labels, shown["min_seats"], color="#254264", label="Sikre pladser (værste fald)")
    ax.barh(labels, shown["max_seats"] - shown["min_seats"], left=shown["min_seats"],
            color="#9DB4D3", label="Op til (bedste fald)")
    ax.set_xlabel("Pladser i de politiske organer")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Valggrupper: pladser uanset de øvrige listers grupperinger", fontsize=10)
    return ax


class PlannerPanel:
    """Pick a list or a bloc; see the valggrupper with their worst and best seats."""

    def __init__(self, scenario: Scenario, bodies: Sequence[Body] | None = None,
                 chart: bool = True, rows: int = 15) -> None:
        from .data.kkr_tables import load_bodies
        from .rules.composition import period_of

        self.scenario = scenario
        self.members = groups_from_composition(scenario.composition())
        # the bodies of this KKR and period only (refused when none are held: pass bodies=)
        self.bodies = list(bodies) if bodies is not None else load_bodies(
            kkr=scenario.kkr, period=period_of(scenario.election), data_dir=scenario.data_dir)
        self.planner = Planner(self.members, meeting_of(self.bodies))
        self.rows = rows
        names = list(self.members)
        default = "C" if "C" in names else names[0]
        self.list_choice = widgets.Dropdown(options=names, value=default, description="Liste")
        self.bloc = widgets.Text(value="", placeholder="fx C+V+O", description="Eller blok")
        self.split = widgets.Dropdown(options=list(SPLITS), description="Fordeling",
                                      layout=widgets.Layout(width="420px"))
        self.html = widgets.HTML()
        self.chart = (widgets.Image(format="png", layout=widgets.Layout(max_width="720px"))
                      if chart else None)
        self.result = pd.DataFrame()
        self.error = ""
        for control in (self.list_choice, self.bloc, self.split):
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    @property
    def text(self) -> str:
        """The table as plain text (or the error message)."""
        return self.error or self.result.to_string(index=False)

    def update(self) -> None:
        spec = self.bloc.value.strip()
        try:
            if spec:
                names = [n.strip() for n in spec.split("+") if n.strip()]
                table = self.planner.for_bloc(names)
            else:
                table = self.planner.for_list(self.list_choice.value)
        except DataError as exc:
            self.error = f"Kan ikke beregne: {exc}"
            self.html.value = f"<p style='color:#A82721'>{html.escape(self.error)}</p>"
            return
        self.error = ""
        self.result = add_split(table, self.members, SPLITS[self.split.value])
        self.html.value = self._html()
        if self.chart is not None:
            from .widgets import figure_png

            fig, ax = plt.subplots(figsize=(8, 0.35 * min(len(table), self.rows) + 1.2))
            plot_group_ranges(table, ax, self.rows)
            self.chart.value = figure_png(fig)

    def _html(self) -> str:
        meeting = self.planner.meeting
        head = (f"<b>{sum(self.members.values())} medlemmer</b>; {meeting.seats} pladser i de "
                f"politiske organer (forholdstalsvalg: "
                f"{', '.join(map(str, meeting.proportional)) or '–'}; flertalsvalg: "
                f"{meeting.majority} enkeltpladser). Sorteret efter sikre pladser, så færrest "
                "medlemmer.")
        shown = self.result.head(self.rows).rename(columns=DANISH_COLUMNS)
        note = f"<p><i>{html.escape(SPLIT_NOTE)}</i></p>" if "split_of_min" in self.result \
            else ""
        more = (f"<p>… {len(self.result) - self.rows} valggrupper mere.</p>"
                if len(self.result) > self.rows else "")
        return f"<p>{head}</p>" + shown.to_html(index=False, border=0) + more + note

    @property
    def widget(self) -> widgets.Widget:
        controls = widgets.HBox([self.list_choice, self.bloc])
        parts = [controls, self.split, self.html]
        return widgets.VBox(parts + ([self.chart] if self.chart is not None else []))

    def show(self) -> None:
        display(self.widget)
