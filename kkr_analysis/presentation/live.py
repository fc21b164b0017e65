"""Notebook sections that are live widgets in JupyterLab and static in a report.

The one place that chooses between the widgets (``widgets``, ``planner_widget``) and the static
topic modules (``chair``, ``margins``, ``meetings``) below them, so no static view imports a
widget (no import circle).
Notebooks call ``live.chair_explorer(sc, interactive=INTERACTIVE)`` and so on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..scenario import Scenario
from .chair import chair_static
from .margins import threshold_static
from .meetings import show_planner as show_planner_static


def chair_explorer(sc: Scenario, interactive: bool = False) -> None:
    """In JupyterLab (``interactive``): the valgforbund dropdowns; in a report:
    :func:`chair.chair_static`."""
    if interactive:
        from ..widgets import AllianceExplorer

        AllianceExplorer(sc.chair_votes()).show()
    else:
        chair_static(sc)


def threshold_explorer(sc: Scenario, interactive: bool = False) -> None:
    """In JupyterLab: a threshold slider and a method menu; in a report:
    :func:`margins.threshold_static`."""
    if interactive:
        from ..widgets import ThresholdExplorer

        ThresholdExplorer(sc.tally()).show()
    else:
        threshold_static(sc)


def show_planner(sc: Scenario, planner, members: Mapping[str, int], bodies: Sequence | None,
                 for_list: str, wanted: str, bloc: str, interactive: bool = False) -> None:
    """Notebook 06's KKR part (:func:`meetings.show_planner`), with the planner panel in
    JupyterLab."""
    panel = None
    if interactive:
        from .planner_widget import PlannerPanel

        def panel() -> None:
            PlannerPanel(sc, bodies).show()
    show_planner_static(sc, planner, members, bodies, for_list, wanted, bloc, panel)
