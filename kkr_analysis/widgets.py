"""ipywidgets front ends. Thin: state in, library call, text and chart out.

Tests drive them without a browser: set a dropdown's ``value`` and read ``result`` / ``text``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from .plots import plot_chair_quotients
from .rules.chair import Alliance, ChairElection, elect_chair

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
        self.chart = widgets.Output() if chart else None
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
            with self.chart:
                self.chart.clear_output(wait=True)
                fig, ax = plt.subplots(figsize=(7, 3))
                plot_chair_quotients(self.result, ax)
                display(fig)
                plt.close(fig)
        self.last_update_ms = (time.perf_counter() - start) * 1000

    @property
    def widget(self) -> widgets.Widget:
        controls = widgets.GridBox(list(self.dropdowns.values()),
                                   layout=widgets.Layout(grid_template_columns="repeat(3, 230px)"))
        parts = [controls, self.html] + ([self.chart] if self.chart is not None else [])
        return widgets.VBox(parts)

    def show(self) -> None:
        display(self.widget)
