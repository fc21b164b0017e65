"""Answers first ("Kort fortalt"): the short Danish summary at the top of each notebook.

One ``answer_*`` per notebook (01 composition, 02 chair, 03 sensitivity, 04 appointments,
05 periods, 06 valggrupper), written from the result objects through the topic modules and
shown as one Markdown list (:func:`kkr_analysis.presentation.display.md`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .. import danish
from ..danish import integer, method_name, plural
from ..rules.composition import election_label
from ..rules.uncertainty import open_questions_da
from ..scenario import Scenario
from ..scenarios.focus import Focus
from .appointments import appointments_frame, no_data_sentence
from .chair import chair_da
from .composition import method_sentence_da, seats_text, tie_da
from .display import md
from .format import signed_number
from .meetings import best_groups_text, meeting_text


def _answer(lines: Sequence[str]) -> None:
    md("## Kort fortalt\n\n" + "\n".join(f"- {line}" for line in lines))


def _without_alliances(sc: Scenario) -> str:
    return "**Uden valgforbund:** " + ", ".join(chair_da(sc.chair())) + "."


def answer_composition(sc: Scenario) -> None:
    """01: size, composition and — without valgforbund — formand and næstformand."""
    comp = sc.composition()
    mayors = sum(r.mayors for r in comp.rows)
    supplementary = sum(r.supplementary for r in comp.rows)
    cap = danish.cap_da(comp.size, comp.cap, comp.cap_binds)
    other_size = _other_size(sc, comp)
    _answer([
        f"**KKR {comp.region} ({election_label(comp.election)}) får {comp.size} "
        f"medlemmer{other_size}** "
        f"({cap}): {integer(mayors)} borgmestre og {integer(supplementary)} supplerende "
        f"medlemmer.{tie_da(comp)}",
        f"**Sammensætning:** {seats_text(comp)}.",
        _without_alliances(sc),
        f"Beregnet med {method_name(comp.method)} (projektets standardlæsning) og "
        f"{danish.percent_value(float(comp.threshold) * 100)} spærregrænse ("
        f"{comp.coverage.describe_da()}). {method_sentence_da(comp)}",
        *_open_questions(comp),
    ])


def focus_da(sc: Scenario, focus: Focus, bloc: bool = False) -> list[str]:
    """The focus list (and with ``bloc`` the fixed bloc) named with why it was chosen
    (:func:`kkr_analysis.scenarios.focus.choose_focus`)."""
    from ..scenarios.focus import GIVEN, TWO_LARGEST

    if focus.list_source == GIVEN:
        lines = [f"**Fokusliste: {focus.list}** (valgt i parametrene)."]
    else:
        lines = [f"**Fokusliste: {focus.list}**, den største liste i KKR {sc.kkr} "
                 f"({integer(focus.votes or 0)} stemmer); en anden vælges med FOR_LIST i "
                 "notebooken eller `kkr report --for LISTE`."]
    if bloc:
        label = "+".join(focus.bloc)
        if focus.bloc_source == GIVEN:
            why = "valgt i parametrene"
        elif focus.bloc_source == TWO_LARGEST:
            why = (f"fokuslisten og den største anden liste, da ingen forudindstilling i "
                   f"presets.csv rummer {focus.list}")
        else:
            why = (f"«{focus.bloc_source}» fra presets.csv (Folketingets blokke, en konvention, "
                   f"ikke KL's data) med de lister, der er repræsenteret i KKR {sc.kkr}")
        lines.append(f"**Fast blok: {label}** — {why}; en anden vælges med BLOC eller "
                     "`kkr report --bloc A+B`.")
    return lines


def _other_size(sc: Scenario, comp) -> str:
    """" med Sainte-Laguë, 44 med største brøk (Hare)" where the undecided method changes the
    size (:meth:`Scenario.method_uncertainty`); empty where it does not."""
    uncertain = sc.method_uncertainty()
    if uncertain is None or uncertain.other_size == comp.size:
        return ""
    return (f" med {method_name(comp.method)}, {uncertain.other_size} med "
            f"{method_name(uncertain.other_method)}")


def _open_questions(comp) -> list[str]:
    """The open questions that change ``comp`` (:func:`open_questions_da`), one line each;
    the party register's note stands in the page's coverage lines."""
    return [f"**Åbent spørgsmål:** {note}" for note in open_questions_da(comp)]


def answer_chair(sc: Scenario, focus: Focus | None = None) -> None:
    """02: the winners without valgforbund and the smallest valgforbund that changes them;
    with ``focus``, the list the guarantees below are about."""
    from ..scenarios.answers import smallest_changing_alliances

    changing = smallest_changing_alliances(sc.chair_votes())
    lines = [_without_alliances(sc)]
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
    lines.append(f"Lister, der deltager (KKR {sc.kkr}, {election_label(sc.election)}): "
                 + ", ".join(f"{k} {integer(v)}" for k, v in sc.chair_votes().items())
                 + " stemmer.")
    if focus is not None:
        lines += focus_da(sc, focus)
    _answer(lines)


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
    lines.append(_without_alliances(sc))
    lines.append(f"KKR {sc.kkr} ({sc.election}), {method_name(sc.method)}; dækning: "
                 f"{sc.composition().coverage.describe_da()}.")
    lines += _open_questions(sc.composition())
    _answer(lines)


def answer_appointments(sc: Scenario, bodies: Sequence | None,
                        groups: Mapping[str, int], plan_found: bool) -> None:
    """04: the appointments (where the project holds the KKR's bodies) and the quorum."""
    from ..rules.composition import period_of
    from ..rules.meetings import quorum_needed

    comp = sc.composition()
    period = period_of(sc.election)
    lines = [f"**KKR {comp.region} ({period})** har {comp.size} medlemmer"
             f"{_other_size(sc, comp)}; mødet er beslutningsdygtigt med mindst "
             f"{quorum_needed(comp.size)} til stede. "
             "Uden valgforbund: " + ", ".join(chair_da(sc.chair())) + "."]
    if bodies:
        parts = [f"{row.Organ}: {row.Resultat}"
                 for row in appointments_frame(bodies, groups).itertuples()]
        lines.append("**Udpegninger** (hver liste som én gruppe): " + "; ".join(parts) + ".")
    else:
        lines.append(no_data_sentence("de organer, KKR'en udpeger til", comp.region, period,
                                      "bodies"))
    if not plan_found:
        lines.append(no_data_sentence("KKR'ens mødeplan", comp.region, period, "meetings"))
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
             f"{after.election}{_other_size(after, b)}.**",
             "**Pladser, der skifter:** " + (", ".join(changed) if changed else "ingen") + ".",
             "**Borgmesterposter, der skifter:** "
             + (", ".join(mayor_changes) if mayor_changes else "ingen") + ".",
             f"**Uden valgforbund:** {before.election}: " + ", ".join(chair_da(ca))
             + f"; {after.election}: " + ", ".join(chair_da(cb)) + ".",
             f"Dækning {after.election}: {b.coverage.describe_da()}."]
    _answer(lines)


def answer_valggrupper(sc: Scenario, for_list: str, planner, period: str,
                       focus: Focus | None = None) -> None:
    """06: which valggrupper give the list the most seats, how many are sure whatever the
    others do, and the list alone; without the KKR's bodies, one sentence says so. With
    ``focus``, the focus list and the fixed bloc are named with why they were chosen."""
    lines = []
    if planner is None:
        lines.append(no_data_sentence("de organer, KKR'en udpeger til", sc.kkr, period, "bodies")
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
    lines.append(_without_alliances(sc))
    if focus is not None:
        lines += focus_da(sc, focus, bloc=True)
    _answer(lines)
