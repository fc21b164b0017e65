"""Report 03's chart "Pladser som funktion af spærregrænsen": one step line per list's seats.

`threshold_sweep` also carries ``threshold_exact`` (the exact fraction as text, for CSV/JSON);
once it was drawn as a line of its own, labelled "threshold_exact", and its strings turned the
seat axis into "3/500 … 9/200".
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from kkr_analysis.presentation.plots import plot_threshold_steps  # noqa: E402
from kkr_analysis.scenario import Scenario  # noqa: E402
from kkr_analysis.scenarios.sensitivity import critical_thresholds, threshold_sweep  # noqa: E402


def test_the_threshold_chart_draws_seats_per_list_only():
    tally = Scenario(election="KV25", kkr="Hovedstaden").tally()
    sweep = threshold_sweep(tally)
    ax = plot_threshold_steps(sweep, critical_thresholds(tally))
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    lists = [c for c in sweep.columns if c not in {"threshold", "threshold_exact", "critical",
                                                   "size"} and sweep[c].max() > 0]
    assert labels == [*lists, "KL's spærregrænse 2 %"]
    top = max(int(sweep[c].max()) for c in lists)
    assert ax.get_ylim()[1] < top + 2  # the axis counts seats, not 100+ category labels
