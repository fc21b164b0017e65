"""How the seats were filled ("Sådan blev pladserne fordelt"): seat by seat, for readers.

The rows come from :func:`kkr_analysis.rules.explain.explain_composition`; this module keeps the
columns a reader needs and shows them open or folded behind a Danish summary line.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import display

from ..danish import method_name, plural, reason_da
from ..rules.composition import Composition
from ..rules.explain import explain_composition
from ..safe_html import esc
from .display import md
from .format import table


def explain_frame(comp: Composition) -> pd.DataFrame:
    """``explain_composition`` (seat, list, divisor, quotient, filled_by, … and the first list
    that missed out) with the columns a reader needs."""
    frame = explain_composition(comp)
    keep = [c for c in ("seat", "list", "votes", "divisor", "quota", "quotient", "remainder",
                        "filled_by", "note", "gap_votes")
            if c in frame.columns and frame[c].notna().any() and
            not (frame[c].astype(str) == "").all()]
    frame = frame[keep]
    if "note" in frame:  # a list's reason may be quoted in English inside the note
        frame = frame.assign(note=frame["note"].map(
            lambda v: reason_da(v) if isinstance(v, str) else v))
    return frame


EXPLAIN_INTRO = ("Pladserne i den rækkefølge, {method} giver dem: listens stemmer divideret med "
                 "divisoren giver kvotienten; de største kvotienter får pladserne. En listes "
                 "første pladser besættes af dens borgmestre, resten af supplerende medlemmer. "
                 "Sidste række: den første liste, der ikke fik en plads mere, og hvor mange "
                 "stemmer den manglede.")


def show_explanation(comp: Composition, folded: bool = False) -> None:
    """"Sådan blev pladserne fordelt": each seat in the order the method gives it. ``folded``:
    inside a closed ``<details>`` with a Danish summary line (other KKR in a report: the page
    stays short; every row is there when it is opened, and the PDF prints it opened)."""
    frame = explain_frame(comp)
    heading = f"Sådan blev pladserne fordelt i KKR {comp.region}"
    intro = EXPLAIN_INTRO.format(method=method_name(comp.method))
    if not folded:
        md(f"#### {heading}")
        md(intro)
        display(table(frame))
        return
    from IPython.display import HTML

    summary = (f"{heading} ({plural(len(frame), 'række', 'rækker')}; klik for at vise)")
    display(HTML(f"<details class='kkr-details'><summary>{esc(summary)}</summary>"
                 f"<p>{esc(intro)}</p>{table(frame).to_html()}</details>"))
