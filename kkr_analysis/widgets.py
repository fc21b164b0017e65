"""ipywidgets front ends. Thin: state in, library call, text and chart out.

Tests drive them without a browser: set a dropdown's ``value`` and read ``result`` / ``text``.
"""

from __future__ import annotations

import io
import time
from collections.abc import Mapping
from fractions import Fraction

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from .apportion import METHODS
from .plots import plot_chair_quotients, plot_composition
from .rules.chair import Alliance, ChairElection, elect_chair
from .rules.composition import Composition, compose
from .rules.lists import RegionTally

NONE = "— alene —"


def figure_png(fig: plt.Figure) -> bytes:
    """Render and close a figure (widgets show charts as images: no output capture needed)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72)
    plt.close(fig)
    return buffer.getvalue()


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
        self.html.value = "<pre style='font-size:1.1em'>" + self.text + "</pre>"
        if self.chart is not None:
            fig, ax = plt.subplots(figsize=(7, 3))
            plot_chair_quotients(self.result, ax)
            self.chart.value = figure_png(fig)
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
        self.threshold = widgets.FloatSlider(value=2.0, min=0.0, max=5.0, step=0.1,
                                             description="Spærregrænse %", readout_format=".1f",
                                             continuous_update=False)
        self.method = widgets.Dropdown(options=list(METHODS), value="dhondt",
                                       description="Metode")
        self.html = widgets.HTML()
        self.chart = (widgets.Image(format="png", layout=widgets.Layout(max_width="680px"))
                      if chart else None)
        for control in (self.threshold, self.method):
            control.observe(lambda _change: self.update(), names="value")
        self.result: Composition = compose(tally)
        self.update()

    def update(self) -> None:
        threshold = Fraction(str(round(self.threshold.value, 4))) / 100
        self.result = compose(self.tally, self.method.value, threshold=threshold)
        seats = ", ".join(f"{r.list} {r.total}" for r in self.result.rows if r.total)
        self.html.value = (f"<b>{self.result.size} medlemmer</b> (loft {self.result.cap}): "
                           f"{seats}<br><i>Dækning: {self.result.coverage.describe_da()}</i>")
        if self.chart is not None:
            fig, ax = plt.subplots(figsize=(8, 3.4))
            plot_composition(self.result, ax)
            self.chart.value = figure_png(fig)

    @property
    def widget(self) -> widgets.Widget:
        parts = [widgets.HBox([self.threshold, self.method]), self.html]
        return widgets.VBox(parts + ([self.chart] if self.chart is not None else []))

    def show(self) -> None:
        display(self.widget)


class ScenarioApp:
    """The strategists' app: pick election and KKR, then play with valgforbund and thresholds."""

    def __init__(self, election: str = "KV21", kkr: str = "Hovedstaden") -> None:
        from .data import load_election
        from .rules.chair import chair_votes
        from .rules.lists import region_tally

        self._load = load_election
        self._tally = region_tally
        self._votes = chair_votes
        self.election = widgets.Dropdown(options=["KV21", "KV25"], value=election,
                                         description="Valg")
        self.kkr = widgets.Dropdown(options=[], description="KKR")
        self.coverage = widgets.HTML()
        self.body = widgets.VBox()
        self.alliances: AllianceExplorer | None = None
        self.thresholds: ThresholdExplorer | None = None
        self._quiet = False
        self.election.observe(lambda _c: self._load_election(), names="value")
        self.kkr.observe(lambda _c: None if self._quiet else self._build(), names="value")
        self._load_election(kkr)

    def _load_election(self, kkr: str | None = None) -> None:
        self.data = self._load(self.election.value)
        regions = self.data.regions
        current = kkr or self.kkr.value
        self._quiet = True  # changing the options must not rebuild half-way
        self.kkr.options = regions
        self.kkr.value = current if current in regions else regions[0]
        self._quiet = False
        self._build()

    def _build(self) -> None:
        tally = self._tally(self.data, self.kkr.value)
        comp = compose(tally)
        self.alliances = AllianceExplorer(self._votes(comp))
        self.thresholds = ThresholdExplorer(tally)
        note = f"<b>Datadækning:</b> {tally.coverage.describe_da()}."
        if self.data.party_assumption:
            note += f"<br><b>Partiregister:</b> {self.data.party_assumption}"
        self.coverage.value = note
        self.body.children = [
            widgets.HTML("<h3>Formand og næstformand: sæt listerne i valgforbund</h3>"),
            self.alliances.widget,
            widgets.HTML("<h3>Sammensætning: spærregrænse og metode</h3>"),
            self.thresholds.widget,
        ]

    @property
    def widget(self) -> widgets.Widget:
        return widgets.VBox([widgets.HBox([self.election, self.kkr]), self.coverage, self.body])

    def show(self) -> None:
        display(self.widget)
