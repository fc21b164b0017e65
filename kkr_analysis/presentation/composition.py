"""A KKR's composition for readers: the table, the seat plot, KL's layout and other methods.

Rows from :class:`kkr_analysis.rules.composition.Composition` with Danish reasons, one summary
line (size, cap, coverage, lots), KL's published table beside the computed one and the
seats under each method; every table goes through :func:`kkr_analysis.presentation.format.table`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from pandas.io.formats.style import Styler

from .. import danish
from ..danish import join_and, method_name, plural, reason_da
from ..data import load_published
from ..rules.composition import Composition, compare_with_published
from ..rules.uncertainty import open_questions_da
from ..scenario import Scenario
from .display import figure, md
from .explain import show_explanation
from .format import table
from .plots import plot_composition, plot_hemicycle


def composition_frame(comp: Composition) -> pd.DataFrame:
    """The composition's rows with Danish reasons (numbers still numbers)."""
    frame = comp.to_frame()
    frame["reason"] = frame["reason"].map(reason_da)
    share = share_column(comp)  # the one share beside the verdict: of the threshold's base
    frame = frame.drop(columns=[c for c in ("share_of_cast", "share_of_valid") if c != share])
    if "votes_missing" in frame:  # no votes found where votes are missing: unknown, not 0
        unknown = (frame["votes"] == 0) & (frame["votes_missing"] > 0)
        frame["votes"] = frame["votes"].astype("Float64").mask(unknown)
        frame[share] = frame[share].astype("Float64").mask(unknown)
        frame = without_empty_missing(frame)
    return frame


def share_column(comp: Composition) -> str:
    """``"share_of_cast"`` or ``"share_of_valid"``: the share of the threshold's base (rule
    ``kkr.threshold_base``), the one shown beside a threshold verdict."""
    return comp.share_key


def share_heading(comp: Composition) -> str:
    """"andel af afgivne stemmer" or "andel af gyldige stemmer" (the threshold's base)."""
    return danish.heading(share_column(comp)).lower()


def without_empty_missing(frame: pd.DataFrame, column: str = "votes_missing") -> pd.DataFrame:
    """``frame`` without the "Kommuner uden stemmetal" column when it is 0 in every row
    (complete data: the column says nothing); the notebooks' and ``kkr composition``'s one rule."""
    if column in frame and not (frame[column] > 0).any():
        return frame.drop(columns=column)
    return frame


def composition_table(comp: Composition) -> Styler:
    """The composition for readers: one row per list, Danish headings and numbers."""
    return table(composition_frame(comp))


def seats_text(comp: Composition) -> str:
    """"A 17, C 14, Ø 9 og O 2"."""
    return join_and([f"{r.list} {r.total}" for r in comp.rows if r.total])


def tie_da(comp: Composition) -> str:
    """" **Lodtrækning:** 1 plads mellem A og C." (empty without a lot)."""
    text = ""
    if comp.tie:
        text += (f" **Lodtrækning:** {plural(comp.tie.seats, 'plads', 'pladser')} mellem "
                 f"{join_and(list(comp.tie.lists))}.")
    if comp.size_tie:
        text += " **Størrelsen afhænger af lodtrækning.**"
    return text


def summary_line(comp: Composition) -> str:
    """The heading line: KKR, election, method, size and cap, coverage, any lot and every open
    question that changes the composition (:func:`open_questions_da`; the party register's
    note stands once per page, :func:`coverage_lines`)."""
    notes = "".join(f" **{note}**" for note in open_questions_da(comp))
    return (f"**KKR {comp.region}** ({comp.election}, {method_name(comp.method)}): "
            f"{comp.size} medlemmer ({danish.cap_da(comp.size, comp.cap, comp.cap_binds)}). "
            f"*Dækning:* {comp.coverage.describe_da()}.{tie_da(comp)}{notes}")


def show_composition(comp: Composition, *, bars: bool = True,
                     explain: bool | str = True) -> None:
    """Heading line with coverage, the table, the seat plot, the bar chart, the explanation
    (``explain="folded"``: behind a Danish summary line that opens it)."""
    md(summary_line(comp))
    display(composition_table(comp))
    fig, ax = plt.subplots(figsize=(7.5, 3.9))
    plot_hemicycle(comp, ax)
    figure()
    if bars:
        fig, ax = plt.subplots(figsize=(8, 3.6))
        plot_composition(comp, ax)
        figure()
    if explain:
        show_explanation(comp, folded=explain == "folded")


def published_comparison(comp: Composition) -> Styler | None:
    """Computed beside KL's published table, with the coverage stated above it."""
    md(f"*Dækning bag de beregnede tal:* {comp.coverage.describe_da()}.")
    frame = compare_with_published(comp, load_published())
    if frame is None:
        md(f"KL's offentliggjorte tal for KKR {comp.region} ({comp.election}) findes ikke i "
           "dataene (kl_published.csv).")
        return None
    return table(frame, labels={
        "computed_mayors": "Borgmestre (beregnet)", "computed_total": "I alt (beregnet)",
        "kl_mayors": "Borgmestre (KL)", "kl_total": "I alt (KL)", "difference": "Forskel"},
        signed=("difference",))


def method_table(frame: pd.DataFrame) -> Styler:
    """``overview.method_table``: seats per KKR and list under each method, changes marked."""
    frame = frame.reset_index()
    total = frame["list"] == "size"  # each KKR's total row last, after its local lists
    frame = frame.assign(_total=total).sort_values(["region", "_total"], kind="stable")
    frame = frame.drop(columns="_total")
    frame["list"] = frame["list"].replace({"size": "Medlemmer i alt"})
    frame["changes"] = frame["changes"].map(lambda v: "ja" if v else "")
    return table(frame)


def method_sentence_da(comp: Composition) -> str:
    """One sentence on what the other methods would give ("Med d'Hondt ville C få 14 og D 1."),
    from :func:`kkr_analysis.overview.method_differences`; a sentence that they agree when
    they all give the same KKR."""
    from .overview import method_differences

    parts = []
    for method, changed in method_differences(comp).items():
        items = [f"{name} {'få ' if i == 0 else ''}{seats}"
                 for i, (name, seats) in enumerate(changed.items())]
        parts.append(f"med {method_name(method)} ville {danish.join_and(items)}"
                     if changed else f"med {method_name(method)} ville KKR få en anden størrelse")
    if not parts:
        return (f"D'Hondt, Sainte-Laguë og største brøk giver alle samme KKR {comp.region}.")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def kl_tables(sc: Scenario) -> None:
    """Every KKR of the election in KL's own layout (``overview.kl_table``), one table each."""
    from .overview import kl_table

    for region in sc.data().regions:
        comp = sc.replace(kkr=region).composition()
        notes = "".join(f" {note}" for note in open_questions_da(comp))
        md(f"**KKR {comp.region}** — {comp.size} medlemmer (loft {comp.cap}).{notes}")
        display(table(kl_table(comp), index=True, labels={"index": ""}))


def coverage_lines(datasets: Sequence) -> None:
    """The coverage of each election's data, in Danish (and the party register's assumption,
    :func:`kkr_analysis.danish.party_assumption_da`, where the data make one)."""
    from ..rules.lists import coverage_of

    lines = []
    for data in datasets:
        c = coverage_of(data.councils)
        lines.append(f"- **{data.election}:** {c.describe_da()}.")
        note = danish.party_assumption_da(data)
        if note:
            lines.append(f"- **{data.election}:** {note}")
    md("\n".join(lines))


def basis_lines(scenarios: Sequence[Scenario], published: pd.DataFrame | None = None) -> str:
    """What the figures of each election rest on, derived from the data (never hard-coded):
    the vote coverage of the KKR's municipalities, the § 6 party register where it is an
    assumption, and whether KL's own table for that KKR and period is held to check against."""
    from ..rules.composition import period_of

    published = load_published() if published is None else published
    lines = []
    for sc in scenarios:
        comp = sc.composition()
        where = f"KKR {comp.region} {period_of(comp.election)}"
        parts = [f"stemmetal: {comp.coverage.describe_da()}"]
        note = danish.party_assumption_da(sc.data())
        if note:
            parts.append("partiregisteret (KL's love § 6) er en antagelse")
        check = compare_with_published(comp, published)
        if check is None:
            parts.append(f"KL's egen tabel for {where} findes ikke i projektets data, så "
                         "sammensætningen er beregnet efter reglerne og ikke kontrolleret mod KL")
        elif (check["difference"] == 0).all():
            parts.append(f"beregningen giver præcis KL's offentliggjorte tabel for {where}")
        else:
            parts.append(f"beregningen afviger fra KL's offentliggjorte tabel for {where} "
                         f"({plural(int((check['difference'] != 0).sum()), 'liste', 'lister')})")
        lines.append(f"- **{comp.election} ({where}):** " + "; ".join(parts) + ".")
    return "\n".join(lines)
