"""ipywidgets front ends (presentation only): the notebooks' explorers and the scenario app.

``from kkr_analysis.widgets import AllianceExplorer, ThresholdExplorer, ScenarioApp``.
"""

from .app import ScenarioApp
from .explorers import NONE, AllianceExplorer, ThresholdExplorer, figure_png

__all__ = ["NONE", "AllianceExplorer", "ScenarioApp", "ThresholdExplorer", "figure_png"]
