"""Views for readers: the one place that turns result objects into Danish tables, text and charts.

Tables are pandas Stylers with Danish numbers ("211.026", "24,22 %", "ja"/"nej", integers as
integers), Danish column names, no index column and every row shown; their ids are numbered, not
random, so two builds of a report are identical. Messages readers see (chair election,
appointments, board and proposal checks) are written here in Danish from the result objects; the
English ``describe()``/``explanation`` texts stay the CLI's contract.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from pandas.io.formats.style import Styler

from .. import danish
from ..danish import integer, join_and, method_name, percent, plural, reason_da
from ..data import load_published
from ..rules.chair import POST_NAMES, ChairElection
from ..rules.composition import Composition, compare_with_published
from ..scenario import Scenario
from .appointments import (  # noqa: F401 - the notebooks' views.appointment_da, …
    METHODS_DA,
    appointment_da,
    appointments_frame,
    gender_frame,
    groups_text,
    message_da,
    no_data_sentence,
    problems_da,
    quorum_frame,
)
from .display import FIGURE_DPI, figure, md, setup  # noqa: F401 - views.setup, …
from .explain import EXPLAIN_INTRO, explain_frame, show_explanation  # noqa: F401
from .format import (  # noqa: F401 - the notebooks' views.table, views.label, …
    GENDER_LABELS,
    LABELS,
    POWER_LABELS,
    SHARE_COLUMNS,
    dansk,
    label,
    reset_table_ids,
    signed_number,
    table,
)
from .meetings import (  # noqa: F401 - the notebooks' views.valggruppe_table, …
    VALGGRUPPE_LABELS,
    best_groups_text,
    board_steps,
    meeting_text,
    planner_list,
    show_board_planner,
    show_planner,
    valggruppe_table,
)
from .plots import plot_chair_quotients, plot_composition, plot_hemicycle

# ---------------------------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------------------------


def composition_frame(comp: Composition) -> pd.DataFrame:
    """The composition's rows with Danish reasons (numbers still numbers)."""
    frame = comp.to_frame()
    frame["reason"] = frame["reason"].map(reason_da)
    if "votes_missing" in frame:  # no votes found where votes are missing: unknown, not 0
        unknown = (frame["votes"] == 0) & (frame["votes_missing"] > 0)
        frame["votes"] = frame["votes"].astype("Float64").mask(unknown)
        if "share" in frame:
            frame["share"] = frame["share"].astype("Float64").mask(unknown)
        frame = without_empty_missing(frame)
    return frame


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
    text = ""
    if comp.tie:
        text += (f" **Lodtrækning:** {plural(comp.tie.seats, 'plads', 'pladser')} mellem "
                 f"{join_and(list(comp.tie.lists))}.")
    if comp.size_tie:
        text += " **Størrelsen afhænger af lodtrækning.**"
    return text


def summary_line(comp: Composition) -> str:
    return (f"**KKR {comp.region}** ({comp.election}, {method_name(comp.method)}): "
            f"{comp.size} medlemmer ({danish.cap_da(comp.size, comp.cap, comp.cap_binds)}). "
            f"*Dækning:* {comp.coverage.describe_da()}.{tie_da(comp)}")


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


# ---------------------------------------------------------------------------------------------
# Chair election
# ---------------------------------------------------------------------------------------------

def _holder(post: object) -> str:
    if post is None:
        return "afgøres ved lodtrækning"
    inside = (f" (valgforbund {'+'.join(post.alliance)})" if len(post.alliance) > 1 else "")
    return f"{post.list}{inside}"


def chair_da(result: ChairElection) -> list[str]:
    """"Formand: A", "Næstformand: C" and every lot, in Danish."""
    return result.describe_da().splitlines()


def chair_frame(result: ChairElection) -> pd.DataFrame:
    """Each valgforbund (or list alone): votes, 1st and 2nd quotient and the post it wins."""
    q = result.quotients()
    won: dict[str, list[str]] = {}
    for key, post in (("chair", result.chair), ("vice_chair", result.vice_chair)):
        if post is not None:
            won.setdefault("+".join(post.alliance), []).append(
                f"{POST_NAMES[key]} ({post.list})")
    q["post"] = q["alliance"].map(lambda a: ", ".join(won.get(a, [])) or "–")
    return q


def show_chair(sc: Scenario) -> ChairElection:
    """The scenario's chair election: the result in words, the quotient table and chart."""
    result = sc.chair()
    forbund = (", ".join(a.label for a in sc.alliances) if sc.alliances
               else "ingen valgforbund")
    md(f"**KKR {sc.kkr} ({sc.election}), {forbund}:**<br>" + "<br>".join(
        f"**{line}**" for line in chair_da(result)))
    display(table(chair_frame(result)))
    fig, ax = plt.subplots(figsize=(7, 3.2))
    plot_chair_quotients(result, ax)
    figure()
    return result


def chair_static(sc: Scenario) -> None:
    """A report's stand-in for the valgforbund dropdowns (``live.chair_explorer``): the default
    scenario's result as a table and a chart (a static page needs no widget JavaScript)."""
    md("*Statisk rapport: resultatet uden valgforbund. Prøv selv med valgforbund i appen "
       "KKR-scenarier eller i notebooken i JupyterLab.*")
    show_chair(sc)


def threshold_static(sc: Scenario) -> None:
    """A report's stand-in for the threshold slider (``live.threshold_explorer``): the default
    scenario's composition (2 %, KL's method) as a table and charts."""
    md(f"*Statisk rapport: spærregrænse {danish.percent_value(float(sc.threshold) * 100)} og "
       f"{method_name(sc.method)}. Prøv andre værdier i appen KKR-scenarier eller i notebooken "
       "i JupyterLab.*")
    show_composition(sc.composition(), explain=False)


# ---------------------------------------------------------------------------------------------
# Answers first: one short Danish summary at the top of each report
# ---------------------------------------------------------------------------------------------

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
        md(f"**KKR {comp.region}** — {comp.size} medlemmer (loft {comp.cap})")
        display(table(kl_table(comp), index=True, labels={"index": ""}))


def _answer(lines: Sequence[str]) -> None:
    md("## Kort fortalt\n\n" + "\n".join(f"- {line}" for line in lines))


def answer_composition(sc: Scenario) -> None:
    """01: size, composition and — without valgforbund — formand and næstformand."""
    comp = sc.composition()
    result = sc.chair()
    mayors = sum(r.mayors for r in comp.rows)
    supplementary = sum(r.supplementary for r in comp.rows)
    cap = danish.cap_da(comp.size, comp.cap, comp.cap_binds)
    _answer([
        f"**KKR {comp.region} ({comp.election}) får {comp.size} medlemmer** ({cap}): "
        f"{integer(mayors)} borgmestre og {integer(supplementary)} supplerende "
        f"medlemmer.{tie_da(comp)}",
        f"**Sammensætning:** {seats_text(comp)}.",
        "**Uden valgforbund:** " + ", ".join(chair_da(result)) + ".",
        f"Beregnet med {method_name(comp.method)} og "
        f"{danish.percent_value(float(comp.threshold) * 100)} spærregrænse ("
        f"{comp.coverage.describe_da()}). {method_sentence_da(comp)}",
    ])


def answer_chair(sc: Scenario) -> None:
    """02: the winners without valgforbund and the smallest valgforbund that changes them."""
    from ..scenarios.answers import smallest_changing_alliances

    result = sc.chair()
    changing = smallest_changing_alliances(sc.chair_votes())
    lines = ["**Uden valgforbund:** " + ", ".join(chair_da(result)) + "."]
    if not changing:
        lines.append("Intet valgforbund ændrer, hvem der får posterne.")
    else:
        first = changing[0]
        lines.append(
            f"**Mindste valgforbund, der ændrer udfaldet:** {'+'.join(first.members)} "
            f"({integer(first.votes)} stemmer) → " + ", ".join(chair_da(first.result)) + ".")
        if len(changing) > 1:
            others = [f"{'+'.join(a.members)} ({', '.join(chair_da(a.result))})"
                      for a in changing[1:]]
            lines.append(f"Andre valgforbund af {len(first.members)} lister, der også ændrer "
                         f"udfaldet: {'; '.join(others)}.")
    lines.append(f"Lister, der deltager (KKR {sc.kkr}, {sc.election}): " + ", ".join(
        f"{k} {integer(v)}" for k, v in sc.chair_votes().items()) + " stemmer.")
    _answer(lines)


def critical_frame(critical: Sequence) -> pd.DataFrame:
    """The critical thresholds: value, the list at its edge, what changes just above it."""
    return pd.DataFrame([{
        "threshold": float(c.threshold), "list": c.list,
        "Ændring lige over grænsen": ", ".join(f"{name} {signed_number(d)}"
                                                for name, d in c.changes.items())}
        for c in critical], columns=["threshold", "list", "Ændring lige over grænsen"])


def answer_sensitivity(sc: Scenario, margins: pd.DataFrame, critical: Sequence) -> None:
    """03: the fragile seats and the critical thresholds."""
    fragile = margins[margins["fragile"].astype(bool)]
    lines = []
    if fragile.empty:
        lines.append("**Ingen plads er skrøbelig:** ingen liste vinder eller taber en plads med "
                     "under 1 % af sine stemmer.")
    else:
        parts = []
        for row in fragile.itertuples():
            bits = []
            if pd.notna(row.gain_votes):
                bits.append(f"+1 plads med {integer(row.gain_votes)} stemmer mere")
            if pd.notna(row.loss_votes):
                bits.append(f"−1 plads med {integer(row.loss_votes)} stemmer færre")
            parts.append(f"{row.list} ({', '.join(bits)})")
        lines.append("**Skrøbelige pladser** (margin under 1 % af listens stemmer): "
                     + "; ".join(parts) + ".")
    closest = margins.dropna(subset=["gain_votes"]).sort_values("gain_votes").head(1)
    for row in closest.itertuples():
        lines.append(f"**Tættest på en plads mere:** {row.list}, der mangler "
                     f"{integer(row.gain_votes)} stemmer.")
    if critical:
        parts = [f"{c.list} ved {danish.percent(c.threshold)} (lige over: " + ", ".join(
            f"{n} {signed_number(d)}" for n, d in c.changes.items()) + ")"
            for c in critical]
        lines.append("**Kritiske spærregrænser** (0-5 %): " + "; ".join(parts) + ".")
    else:
        lines.append("Ingen spærregrænse mellem 0 og 5 % ændrer sammensætningen.")
    lines.append("**Uden valgforbund:** " + ", ".join(chair_da(sc.chair())) + ".")
    lines.append(f"KKR {sc.kkr} ({sc.election}), {method_name(sc.method)}; dækning: "
                 f"{sc.composition().coverage.describe_da()}.")
    _answer(lines)


# ---------------------------------------------------------------------------------------------
# Appointments, boards, meetings (Danish messages from the result objects)
# ---------------------------------------------------------------------------------------------

def answer_appointments(sc: Scenario, bodies: Sequence | None,
                        groups: Mapping[str, int], plan_found: bool) -> None:
    """04: the appointments (where the project holds the KKR's bodies) and the quorum."""
    from ..rules.composition import period_of
    from ..rules.meetings import quorum_needed

    comp = sc.composition()
    period = period_of(sc.election)
    lines = [f"**KKR {comp.region} ({period})** har {comp.size} medlemmer; mødet er "
             f"beslutningsdygtigt med mindst {quorum_needed(comp.size)} til stede. "
             "Uden valgforbund: " + ", ".join(chair_da(sc.chair())) + "."]
    if bodies:
        parts = [f"{row.Organ}: {row.Resultat}"
                 for row in appointments_frame(bodies, groups).itertuples()]
        lines.append("**Udpegninger** (hver liste som én gruppe): " + "; ".join(parts) + ".")
    else:
        lines.append(no_data_sentence("de organer, KKR'en udpeger til", comp.region, period))
    if not plan_found:
        lines.append(no_data_sentence("KKR'ens mødeplan", comp.region, period))
    _answer(lines)


def answer_periods(kkr: str, before: Scenario, after: Scenario) -> None:
    """05: what changed in the chosen KKR from one period to the next."""
    a, b = before.composition(), after.composition()
    seats_a, seats_b = a.seats(), b.seats()
    names = list(seats_a) + [n for n in seats_b if n not in seats_a]
    changed = [f"{n} {seats_a.get(n, 0)} → {seats_b.get(n, 0)}" for n in names
               if seats_a.get(n, 0) != seats_b.get(n, 0)]
    mayors_a = {r.list: r.mayors for r in a.rows}
    mayors_b = {r.list: r.mayors for r in b.rows}
    mayor_changes = [f"{n} {mayors_a.get(n, 0)} → {mayors_b.get(n, 0)}" for n in names
                     if mayors_a.get(n, 0) != mayors_b.get(n, 0)]
    ca, cb = before.chair(), after.chair()
    lines = [f"**KKR {kkr}: {a.size} medlemmer efter {before.election}, {b.size} efter "
             f"{after.election}.**",
             "**Pladser, der skifter:** " + (", ".join(changed) if changed else "ingen") + ".",
             "**Borgmesterposter, der skifter:** "
             + (", ".join(mayor_changes) if mayor_changes else "ingen") + ".",
             f"**Uden valgforbund:** {before.election}: " + ", ".join(chair_da(ca))
             + f"; {after.election}: " + ", ".join(chair_da(cb)) + ".",
             f"Dækning {after.election}: {b.coverage.describe_da()}."]
    _answer(lines)


def fraction_percent(value: Fraction | float) -> str:
    """A share as "1,76 %" (for prose)."""
    return percent(value)


# ---------------------------------------------------------------------------------------------
# Details used by the notebooks (kept here so that the notebooks stay thin)
# ---------------------------------------------------------------------------------------------

def show_smallest_change(sc: Scenario) -> None:
    """The chair election under the smallest valgforbund that changes the outcome."""
    from ..rules.chair import Alliance
    from ..scenarios.answers import smallest_changing_alliances

    changing = smallest_changing_alliances(sc.chair_votes())
    if not changing:
        md("Intet valgforbund ændrer udfaldet.")
        return
    show_chair(sc.replace(alliances=(Alliance(changing[0].members),)))


def show_guarantees(sc: Scenario, structures, wanted: str) -> None:
    """The minimal valgforbund that give a list the formand post whatever the others do."""
    from ..scenarios.alliances import guarantees_for

    votes = sc.chair_votes()
    name = wanted if wanted in votes else sc.chair().vice_chair.list if sc.chair().vice_chair \
        else next(iter(votes))
    if name != wanted:
        md(f"Liste {wanted} deltager ikke i KKR {sc.kkr} ({sc.election}); i stedet vises "
           f"{name}, der uden valgforbund får næstformandsposten.")
    guarantees = guarantees_for(structures, name)  # the same list as `kkr alliances --for`
    if not guarantees:
        md(f"Intet valgforbund sikrer {name} formandsposten, heller ikke når valgforbundet "
           f"indstiller {name} til sin plads.")
        return
    md(guarantees_da(name, guarantees))
    display(table(pd.DataFrame([{
        "Valgforbund": g.label, "Lister": len(g.members), "Stemmer": g.votes,
        "Indstiller": g.nominee or "listen med flest stemmer"} for g in guarantees])))


def guarantees_da(name: str, guarantees) -> str:
    """One Danish sentence on the valgforbund that make ``name`` formand whatever the others
    do (:func:`scenarios.alliances.guarantees_for`: both kinds, "A+C:C" naming ``name``)."""
    plain = [g for g in guarantees if g.nominee is None]
    named = [g for g in guarantees if g.nominee is not None]
    parts = []
    if plain:
        parts.append(f"{plural(len(plain), 'valgforbund', 'valgforbund')} uden indstilling")
    if named:
        parts.append(f"{plural(len(named), 'valgforbund', 'valgforbund')}, der indstiller "
                     f"{name} til valgforbundets plads (forretningsordenen § 4, skrevet "
                     f"{named[0].label})")
    return (f"**{' og '.join(parts)}** sikrer {name} formandsposten, uanset hvad de andre "
            "lister gør:")


def show_focus(sc: Scenario, focus: str, margins: pd.DataFrame) -> None:
    """At which threshold would a small list have entered, and how many votes did it lack?"""
    tally = sc.tally()
    seats_now = sc.composition().seats()
    if seats_now.get(focus, 0):  # already in: the question is about a list left out
        outside = [r.list for r in sorted(tally.lists, key=lambda r: -r.votes)
                   if not seats_now.get(r.list, 0) and r.votes]
        text = (f"{focus} har allerede {plural(seats_now[focus], 'plads', 'pladser')} i KKR "
                f"{sc.kkr} ({sc.election}).")
        if not outside:
            md(text + " Alle lister med stemmer har pladser.")
            return
        md(text + f" I stedet vises {outside[0]}, den største liste uden plads.")
        focus = outside[0]
    row = margins[margins["list"] == focus]
    if row.empty or tally.total_votes == 0:
        md(f"Liste {focus} har ingen stemmer i KKR {sc.kkr} i disse data.")
        return
    share = Fraction(tally.get(focus).votes, tally.total_votes)
    seats_at = sc.replace(threshold=share).composition().seats().get(focus, 0)
    gain = row["gain_votes"].iloc[0]
    lines = [f"{focus} har {percent(share, 3)} af stemmerne i regionen."]
    if seats_at:
        lines.append(f"Med en spærregrænse på højst {percent(share, 3)} ville {focus} deltage og "
                     f"få {plural(seats_at, 'plads', 'pladser')}.")
    else:
        lines.append(f"Med en spærregrænse på højst {percent(share, 3)} ville {focus} deltage, "
                     "men stemmerne rækker ikke til en plads: ingen spærregrænse alene havde "
                     "bragt listen ind.")
    lines.append("Intet stemmetal giver en plads mere." if pd.isna(gain) else
                 f"Ved {danish.percent_value(float(sc.threshold) * 100)} manglede {focus} "
                 f"{integer(gain)} stemmer for én plads mere.")
    md(" ".join(lines))


def coverage_lines(datasets: Sequence) -> None:
    """The coverage of each election's data, in Danish."""
    from ..rules.lists import coverage_of

    lines = []
    for data in datasets:
        c = coverage_of(data.councils)
        lines.append(f"- **{data.election}:** {c.describe_da()}.")
        note = party_assumption_da(data)
        if note:
            lines.append(f"- **{data.election}:** {note}")
    md("\n".join(lines))


# ---------------------------------------------------------------------------------------------
# Constituent meeting: valggrupper (06)
# ---------------------------------------------------------------------------------------------

def answer_valggrupper(sc: Scenario, for_list: str, planner, period: str) -> None:
    """06: which valggrupper give the list the most seats, how many are sure whatever the
    others do, and the list alone; without the KKR's bodies, one sentence says so."""
    lines = []
    if planner is None:
        lines.append(no_data_sentence("de organer, KKR'en udpeger til", sc.kkr, period)
                     + " Metoden forklares nedenfor med et håndregnet eksempel og KL's "
                     "bestyrelse.")
    else:
        frame = planner.for_list(for_list)
        best = frame.iloc[0]
        alone = frame.set_index("group").loc[for_list]
        total = planner.meeting.seats
        lines.append(
            f"**Flest sikre pladser for {for_list}:** {integer(best['min_seats'])} af {total}, "
            f"uanset hvordan de øvrige lister grupperer sig, med valggruppen "
            f"{best_groups_text(frame)}; i bedste fald {integer(best['max_seats'])}.")
        lines.append(f"**{for_list} alene:** "
                     f"{plural(int(alone['min_seats']), 'sikker plads', 'sikre pladser')}, "
                     f"i bedste fald {integer(alone['max_seats'])}.")
        lines.append(f"**KKR {sc.kkr} ({period}):** {meeting_text(planner.meeting)}; "
                     f"{integer(planner.total)} medlemmer.")
    lines.append("**Uden valgforbund:** " + ", ".join(chair_da(sc.chair())) + ".")
    _answer(lines)


# ---------------------------------------------------------------------------------------------
# The party register (KL's love § 6) for readers
# ---------------------------------------------------------------------------------------------

party_assumption_da = danish.party_assumption_da  # the one wording (danish.py)
