"""The notebooks' explorers (ipywidgets): state in, library call, text and chart out.

Tests drive them without a browser: set a dropdown's ``value`` and read ``result`` / ``text``.
Charts are rendered at 2× resolution (144 dpi) and assigned together with the text.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from ..apportion import METHODS
from ..danish import method_name, percent_value
from ..errors import DataError
from ..presentation.plots import figure_png, plot_chair_quotients, plot_composition
from ..rules.chair import Alliance, ChairElection, elect_chair
from ..rules.composition import KKR_METHOD, Composition, compose
from ..rules.lists import RegionTally
from ..safe_html import esc
from ..scenario import parse_percent

NONE = "— alene —"
class AllianceExplorer:
    """Put each list into a valgforbund (or none) and see formand and næstformand at once."""

    def __init__(self, votes: Mapping[str, int], chart: bool = True) -> None:
        self.votes = dict(votes)
        groups = [NONE] + [f"Valgforbund {i}" for i in range(1, len(self.votes) + 1)]
        self.dropdowns = {
            name: widgets.Dropdown(options=groups, value=NONE, description=name,
                                   layout=widgets.Layout(width="220px"))
            for name in self.votes
        }
        self.html = widgets.HTML()
        self.chart = (widgets.Image(format="png", layout=widgets.Layout(max_width="680px"))
                      if chart else None)
        self.last_update_ms = 0.0
        for dropdown in self.dropdowns.values():
            dropdown.observe(lambda _change: self.update(), names="value")
        self.result: ChairElection = elect_chair(self.votes)
        self.update()

    def assign(self, name: str, group: int | None) -> None:
        """Put ``name`` into valgforbund ``group`` (1, 2, …) or none (``None``)."""
        self.dropdowns[name].value = NONE if group is None else f"Valgforbund {group}"

    def alliances(self) -> list[Alliance]:
        groups: dict[str, list[str]] = {}
        for name, dropdown in self.dropdowns.items():
            if dropdown.value != NONE:
                groups.setdefault(dropdown.value, []).append(name)
        return [Alliance(tuple(members)) for members in groups.values()]

    @property
    def text(self) -> str:
        return self.result.describe()

    def update(self) -> None:
        start = time.perf_counter()
        self.result = elect_chair(self.votes, self.alliances())
        png = None
        if self.chart is not None:
            fig, ax = plt.subplots(figsize=(7, 3))
            plot_chair_quotients(self.result, ax)
            png = figure_png(fig)
        # Both rendered first, then assigned back to back: text and chart agree.
        self.html.value = "<pre style='font-size:1.1em'>" + esc(self.text) + "</pre>"
        if self.chart is not None and png is not None:
            self.chart.value = png
        self.last_update_ms = (time.perf_counter() - start) * 1000

    @property
    def widget(self) -> widgets.Widget:
        controls = widgets.GridBox(list(self.dropdowns.values()),
                                   layout=widgets.Layout(grid_template_columns="repeat(3, 230px)"))
        parts = [controls, self.html] + ([self.chart] if self.chart is not None else [])
        return widgets.VBox(parts)

    def show(self) -> None:
        display(self.widget)


class ThresholdExplorer:
    """A threshold slider and a method dropdown redrawing a KKR's composition."""

    def __init__(self, tally: RegionTally, chart: bool = True) -> None:
        self.tally = tally
        self.threshold = widgets.Text(value="2", description="Spærregrænse (%)",
                                      continuous_update=False,
                                      style={"description_width": "initial"},
                                      layout=widgets.Layout(width="200px"))
        self.error = widgets.HTML()
        self.method = widgets.Dropdown(options=[(method_name(m), m) for m in METHODS],
                                       value=KKR_METHOD, description="Metode")
        self.html = widgets.HTML()
        self.chart = (widgets.Image(format="png", layout=widgets.Layout(max_width="680px"))
                      if chart else None)
        for control in (self.threshold, self.method):
            control.observe(lambda _change: self.update(), names="value")
        self.result: Composition = compose(tally)
        self.update()

    def update(self) -> None:
        try:
            threshold = parse_percent(self.threshold.value) / 100
        except DataError as exc:
            self.error.value = (f"<span style='color:#b00'>{esc(exc)}: vist er stadig det forrige "
                                f"resultat</span>")
            return
        self.error.value = ""
        self.result = compose(self.tally, self.method.value, threshold=threshold)
        seats = ", ".join(f"{r.list} {r.total}" for r in self.result.rows if r.total)
        png = None
        if self.chart is not None:
            fig, ax = plt.subplots(figsize=(8, 3.4))
            plot_composition(self.result, ax)
            png = figure_png(fig)
        self.html.value = (f"<b>{self.result.size} medlemmer</b> (loft {self.result.cap}; "
                           f"spærregrænse {percent_value(threshold * 100)}): "
                           f"{esc(seats)}<br><i>Dækning: {esc(self.result.coverage.describe_da())}"
                           "</i>")
        if self.chart is not None and png is not None:
            self.chart.value = png

    @property
    def widget(self) -> widgets.Widget:
        parts = [widgets.HBox([self.threshold, self.method]), self.error, self.html]
        return widgets.VBox(parts + ([self.chart] if self.chart is not None else []))

    def show(self) -> None:
        display(self.widget)
