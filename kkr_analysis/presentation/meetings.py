"""The constituent meeting for readers (06): valggrupper, the KKR's bodies and KL's board.

Planner tables (:class:`kkr_analysis.scenarios.valggrupper.Planner`) with Danish headings, the
meeting in one sentence, every valggruppe with a list, a fixed bloc and the board's steps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from pandas.io.formats.style import Styler

from ..danish import integer, join_and, plural
from ..rules.specs import join_names
from ..scenario import Scenario
from .appointments import METHODS_DA, groups_text
from .display import figure, md
from .format import table

VALGGRUPPE_LABELS = {
    "group": "Valggruppe", "members": "Medlemmer", "min_seats": "Sikre pladser",
    "max_seats": "Bedste udfald", "partitions": "Grupperinger af de øvrige",
    "lots": "Grupperinger med lodtrækning", "worst_case": "Værste gruppering af de øvrige",
    "lot_worst": "Lodtrækning i værste fald", "lot_best": "Lodtrækning i bedste fald",
    "split_of_min": "Sikre pladser pr. liste (antagelse)", "list": "Liste",
    "alone_min": "Sikre pladser alene", "partner": "Bedste partner",
    "group_min": "Sikre pladser med partner", "gain": "Gevinst",
}


def valggruppe_table(frame: pd.DataFrame, rows: int | None = None,
                     members: str = "Medlemmer") -> Styler:
    """A planner table (``Planner.for_list``/``for_bloc``/``best_partners``) with Danish
    headings; ``rows`` shows the first rows only (the caller says how many are left out)."""
    shown = frame.head(rows) if rows is not None else frame
    if "lots" in shown and "partitions" in shown:  # "2 af 15": lots out of all groupings
        lots = [f"{integer(k)} af {integer(n)}" for k, n in zip(shown["lots"],
                                                                shown["partitions"])]
        shown = shown.drop(columns="partitions").assign(lots=lots)
    if "split_of_min" in shown:  # "F 0+lod": 0 seats, or 1 if the lot goes its way
        shown = shown.assign(split_of_min=shown["split_of_min"].str.replace(
            r"(\d+)\+lod", lambda m: f"{m[1]}–{int(m[1]) + 1} (lodtrækning)", regex=True))
    if "partner" in shown:
        shown = shown.assign(partner=shown["partner"].replace({"": "ingen"}))
    if "worst_case" in shown:
        shown = shown.assign(worst_case=shown["worst_case"].replace({"": "–"}))
    return table(shown, labels={**VALGGRUPPE_LABELS, "members": members})


def meeting_text(meeting) -> str:
    """"18 pladser i de politiske organer: forholdstalsvalg om 4, 3 og 3 pladser, flertalsvalg
    om 2 enkeltpladser" (kommunestyrelsesloven § 24, stk. 1 and 3)."""
    parts = []
    if meeting.proportional:
        parts.append("forholdstalsvalg om " + join_and([str(k) for k in meeting.proportional])
                     + " pladser")
    if meeting.majority:
        parts.append(f"flertalsvalg om {plural(meeting.majority, 'enkeltplads', 'enkeltpladser')}")
    return f"{plural(meeting.seats, 'plads', 'pladser')} i de politiske organer: " + \
        ", ".join(parts)


def best_groups_text(frame: pd.DataFrame, limit: int = 4) -> str:
    """The cheapest valggrupper with the most sure seats: "C+V (12 medlemmer), C+O (…)"."""
    top = frame[frame["min_seats"] == frame["min_seats"].max()]
    names = [f"{g} ({integer(m)} medlemmer)" for g, m in
             zip(top["group"].head(limit), top["members"].head(limit))]
    more = len(top) - len(names)
    return ", ".join(names) + (f" og {plural(more, 'anden', 'andre')}" if more > 0 else "")


def planner_list(members: Mapping[str, int], wanted: str) -> str:
    """The list the planner page is about: ``wanted`` if it is in the KKR, else the largest."""
    return wanted if wanted in members else next(iter(members))


def show_meeting(sc: Scenario, members: Mapping[str, int], bodies: Sequence, for_list: str,
                 wanted: str) -> None:
    """The KKR's lists (members) and the political bodies the meeting fills."""
    lines = [f"**Medlemmer pr. liste i KKR {sc.kkr} ({sc.election}):** {groups_text(members)}."]
    if for_list != wanted:
        lines.append(f"Liste {wanted} er ikke med i KKR {sc.kkr}; i stedet vises {for_list}, "
                     "den største liste.")
    md("\n\n".join(lines))
    political = [b for b in bodies if b.kind == "political"]
    frame = pd.DataFrame([{"Organ": b.name, "Pladser": b.seats,
                           "Valgmåde": METHODS_DA["flertalsvalg" if b.seats == 1
                                                  else "forholdstalsvalg"]}
                          for b in political], columns=["Organ", "Pladser", "Valgmåde"])
    display(table(frame))


def show_groups_for_list(planner, for_list: str, members: Mapping[str, int],
                         rows: int = 20) -> None:
    """Every valggruppe with the list: table (first ``rows``), chart and the split note."""
    from ..scenarios.valggrupper import SPLIT_NOTE, add_split
    from .plots import plot_group_ranges

    frame = planner.for_list(for_list)
    md(f"**{plural(len(frame), 'valggruppe', 'valggrupper')} med {for_list}**, sorteret efter "
       "sikre pladser og derefter færrest medlemmer. *Værste gruppering af de øvrige* er den "
       "måde, de øvrige lister kan slå sig sammen på, der giver gruppen færrest pladser.")
    display(valggruppe_table(add_split(frame, members, "dhondt"), rows))
    if len(frame) > rows:
        md(f"… og {plural(len(frame) - rows, 'valggruppe', 'valggrupper')} mere med færre "
           "sikre pladser eller flere medlemmer.")
    md(f"*{SPLIT_NOTE}*")
    fig, ax = plt.subplots(figsize=(8, 0.35 * min(len(frame), rows) + 1.4))
    plot_group_ranges(frame, ax, top=rows)
    figure()


def show_bloc(planner, bloc: str) -> None:
    """One fixed bloc ("C+V+O") over every grouping of the others."""
    names = list(join_names(bloc, "valggruppe"))
    inside = [n for n in names if n in planner.names]
    missing = [n for n in names if n not in planner.names]
    if missing:
        md(f"{join_and(missing)} er ikke med i KKR'en og regnes ikke med.")
    if not inside:
        md("Ingen af blokkens lister er med i KKR'en.")
        return
    display(valggruppe_table(planner.for_bloc(inside)))


def show_board_planner(election: str, for_list: str, rows: int = 10) -> None:
    """KL's board (17 seats, d'Hondt among valgforbund on the national result): the list's
    valggrupper (valgforbund) over every grouping of the other parties."""
    from ..rules.national import board_parties, national_votes
    from ..scenarios.valggrupper import Planner, body_meeting

    nv = national_votes(election, board_parties(election))
    board = Planner(dict(sorted(nv.numbers.items(), key=lambda kv: -kv[1])), body_meeting(17))
    by_votes = nv.basis == "votes"
    md(f"**Grundlag ({election}):** " + (
        "partiernes stemmetal lagt sammen over valg.dk's resultater for alle kommuner."
        if nv.source == "results.csv" else "stemmetal på landsplan (national.csv)."
        if by_votes else "de offentliggjorte procenter (i promille)."))
    if for_list not in nv.numbers:
        md(f"Liste {for_list} har intet landsresultat som parti (KL's love § 6).")
        return
    frame = board.for_list(for_list)
    steps = board_steps(frame)
    md(f"For hvert antal sikre pladser det mindste valgforbund med {for_list}, der sikrer det "
       f"(færrest {'stemmer' if by_votes else 'promille'}), uanset hvordan de øvrige partier "
       f"grupperer sig; {plural(len(frame), 'valgforbund', 'valgforbund')} med {for_list} "
       "er regnet igennem:")
    display(valggruppe_table(steps, rows, members="Stemmer" if by_votes else "Promille"))
    if len(steps) > rows:
        md(f"… og {plural(len(steps) - rows, 'trin', 'trin')} mere.")


def board_steps(frame: pd.DataFrame) -> pd.DataFrame:
    """The valgforbund worth showing: ordered by size (members or votes), each one that secures
    more seats than every smaller one (the others only repeat a grand coalition's 17 of 17)."""
    rows, best = [], -1
    for _, row in frame.sort_values(["members", "group"], kind="stable").iterrows():
        if row["min_seats"] > best:
            rows.append(row)
            best = row["min_seats"]
    return pd.DataFrame(rows, columns=frame.columns).reset_index(drop=True)


def show_planner(sc: Scenario, planner, members: Mapping[str, int], bodies: Sequence | None,
                 for_list: str, wanted: str, bloc: str,
                 panel: Callable[[], None] | None = None) -> None:
    """06's KKR part: the bodies, every valggruppe with the list (in JupyterLab the planner
    panel), the best partner per list and a fixed bloc; without the KKR's bodies one sentence."""
    if planner is None:
        md("Uden organerne er der ingen pladser at fordele for denne KKR; metoden vises i det "
           "håndregnede eksempel og for KL's bestyrelse nedenfor.")
        return
    md("## Organerne og KKR'ens lister\n\nOrganerne kommer fra projektets data for netop den "
       "valgte KKR og periode.")
    show_meeting(sc, members, bodies, for_list, wanted)
    md("## Alle valggrupper med listen")
    if panel is not None:  # JupyterLab: the planner panel (live.show_planner)
        panel()
    else:
        md("*Statisk rapport: listen fra parametrene. Vælg selv liste eller blok i notebooken "
           "i JupyterLab.*")
        show_groups_for_list(planner, for_list, members)
    md("## Bedste enkelte partner pr. liste\n\nDen partner, der hæver listens sikre pladser "
       "mest (ved lige gevinst: den mindste partner).")
    display(valggruppe_table(planner.best_partners()))
    md(f"## En fast blok: {bloc}")
    show_bloc(planner, bloc)
