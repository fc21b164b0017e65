"""The constituent-meeting planner as a chart and an app panel (presentation only).

Pick a list (every valggruppe containing it) or type a bloc (``C+V+O``) and see each group's
seats at worst and at best over the meeting's political bodies, whatever the other lists do
(kommunestyrelsesloven § 24; :mod:`kkr_analysis.scenarios.valggrupper`). Danish labels.

Tests drive the panel without a browser: set ``list_choice.value`` or ``bloc.value`` and read
``result`` / ``text``.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from ..danish import integer
from ..errors import DataError
from ..rules.appointments import Body, groups_from_composition
from ..rules.specs import join_names
from ..safe_html import esc
from ..scenario import Scenario
from ..scenarios.valggrupper import SPLIT_NOTE, Planner, add_split, meeting_of, split_seats
from .meetings import meeting_text, valggruppe_table
from .plots import figure_png, plot_group_ranges

SPLITS = {"d'Hondt på listernes KKR-pladser (antagelse)": "dhondt", "vis ikke": "none"}


def own_seats_first(table: pd.DataFrame, members: dict[str, int], name: str) -> pd.DataFrame:
    """The valggrupper containing ``name``, sorted by ``name``'s own sure seats (the group's
    sure seats shared by d'Hondt on the lists' KKR seats, :func:`split_seats`, an assumption),
    then by the group's sure seats, then by fewer members (a stable sort keeps the planner's
    order otherwise)."""
    if table.empty:
        return table
    texts = [split_seats(members, g.split("+"), int(k)).get(name, "0")
             for g, k in zip(table["group"], table["min_seats"])]
    # "1+lod" (one sure, one more by lot) ranks after 2 and before 1
    own = [int(t.split("+")[0]) + (0.5 if t.endswith("+lod") else 0) for t in texts]
    order = sorted(range(len(table)), key=lambda i: -own[i])
    return table.iloc[order].reset_index(drop=True)


class PlannerPanel:
    """Pick a list or a bloc; see the valggrupper with their worst and best seats."""

    def __init__(self, scenario: Scenario, bodies: Sequence[Body] | None = None,
                 chart: bool = True, rows: int = 15, choice: str | None = None,
                 bloc: str = "") -> None:
        from ..data.kkr_tables import load_bodies
        from ..rules.composition import period_of

        self.scenario = scenario
        self.members = groups_from_composition(scenario.composition())
        # the bodies of this KKR and period only (refused when none are held: pass bodies=;
        # bodies=[] shows a Danish sentence instead of a table)
        self.bodies = list(bodies) if bodies is not None else load_bodies(
            kkr=scenario.kkr, period=period_of(scenario.election), data_dir=scenario.data_dir)
        self.planner = Planner(self.members, meeting_of(self.bodies))
        self.rows = rows
        names = list(self.members)
        default = choice if choice in names else "C" if "C" in names else names[0]
        self.list_choice = widgets.Dropdown(options=names, value=default, description="Liste")
        self.bloc = widgets.Text(value=bloc, placeholder="fx C+V+O", description="Eller blok")
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
        if not self.bodies:
            from ..rules.composition import period_of

            self.error = (f"Projektet har ingen data om de organer, KKR {self.scenario.kkr} "
                          f"udpeger til i perioden {period_of(self.scenario.election)}.")
            self.result = pd.DataFrame()
            self.html.value = f"<p>{esc(self.error)}</p>"
            return
        try:
            if spec:
                names = self._bloc_names(spec)
                table = self.planner.for_bloc(names)
            else:
                table = self.planner.for_list(self.list_choice.value)
        except DataError as exc:
            self.error = f"Kan ikke beregne: {exc}"
            self.html.value = f"<p style='color:#A82721'>{esc(self.error)}</p>"
            return
        self.error = ""
        if not spec:
            table = own_seats_first(table, self.members, self.list_choice.value)
        self.result = add_split(table, self.members, SPLITS[self.split.value])
        self.html.value = self._html()
        if self.chart is not None:
            fig, ax = plt.subplots(figsize=(8, 0.35 * min(len(table), self.rows) + 1.2))
            plot_group_ranges(table, ax, self.rows)
            self.chart.value = figure_png(fig)

    def _html(self) -> str:
        meeting = self.planner.meeting
        head = (f"<b>{integer(sum(self.members.values()))} medlemmer</b>; "
                f"{esc(meeting_text(meeting))}. " + (
                    "Sorteret efter blokkens sikre pladser." if self.bloc.value.strip() else
                    f"Sorteret efter {esc(self.list_choice.value)}s egne sikre pladser "
                    f"(gruppens sikre pladser delt ved d'Hondt på listernes KKR-pladser, en "
                    f"antagelse), så gruppens sikre pladser, så færrest medlemmer."))
        shown = valggruppe_table(self.result, self.rows).to_html()
        note = f"<p><i>{esc(SPLIT_NOTE)}</i></p>" if "split_of_min" in self.result \
            else ""
        more = (f"<p>… {integer(len(self.result) - self.rows)} valggrupper mere.</p>"
                if len(self.result) > self.rows else "")
        return f"<p>{head}</p>" + shown + more + note

    def _bloc_names(self, spec: str) -> list[str]:
        """"c+v+o" → ["C", "V", "O"]: read by the one parser of lists joined by "+"
        (:func:`join_names`, which refuses "C++V" and "C+C"), then matched to the lists as the
        dropdown names them, in any case; refused in Danish."""
        try:
            parts = join_names(spec, "valggruppe")
        except DataError:
            raise DataError(f"«{spec[:40]}» er ikke lister skrevet med ét «+» imellem og hver "
                            f"liste én gang (fx C+V+O)") from None
        by_key = {n.upper(): n for n in self.members}
        names = []
        for part in parts:
            name = by_key.get(part.upper())
            if name is None:
                raise DataError(f"«{part[:12]}» er ikke en liste med pladser i KKR "
                                f"{self.scenario.kkr}; listerne er {', '.join(self.members)}")
            names.append(name)
        return names

    @property
    def results(self) -> widgets.Widget:
        """The panel without its list and bloc fields (the app shows those before its button)."""
        return widgets.VBox([self.split, self.html]
                            + ([self.chart] if self.chart is not None else []))

    @property
    def widget(self) -> widgets.Widget:
        controls = widgets.HBox([self.list_choice, self.bloc])
        parts = [controls, self.split, self.html]
        return widgets.VBox(parts + ([self.chart] if self.chart is not None else []))

    def show(self) -> None:
        display(self.widget)
