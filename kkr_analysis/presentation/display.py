"""Notebook display: the set-up for reproducible reports, Danish prose and figures shown once.

Figures are 160-dpi PNGs without a timestamp and tables are numbered from 1 again
(:func:`kkr_analysis.presentation.format.reset_table_ids`), so two builds are identical.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from ..safe_html import markdown_safe
from .format import reset_table_ids

FIGURE_DPI = 80  # shown size; PNGs are written at twice this (retina): 160 dpi


def setup() -> None:
    """Figures as 160-dpi PNGs without a timestamp; table ids numbered from 1 (reproducible)."""
    reset_table_ids()
    plt.rcParams["figure.dpi"] = FIGURE_DPI
    plt.rcParams["svg.hashsalt"] = "kkr-analysis"
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # outside IPython nothing is displayed inline
        return
    set_matplotlib_formats("retina", metadata={"Software": None}, bbox_inches="tight")


def md(text: str) -> None:
    """Display Danish prose (Markdown); raw HTML in it (from data) is shown as text."""
    display(Markdown(markdown_safe(text)))


def figure(fig: plt.Figure | None = None) -> None:
    """Show the current (or given) figure once and close it."""
    plt.show() if fig is None else display(fig)
    plt.close("all")
