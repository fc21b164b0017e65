"""The chair election for readers (02): formand and næstformand, quotients and valgforbund.

Danish lines from :class:`kkr_analysis.rules.chair.ChairElection`, the quotient table and
chart, the smallest valgforbund that changes the outcome and the valgforbund that guarantee a
list the formand post (:func:`kkr_analysis.scenarios.alliances.guarantees_for`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from ..danish import plural
from ..rules.chair import POST_NAMES, ChairElection
from ..scenario import Scenario
from .display import figure, md
from .format import table
from .plots import plot_chair_quotients


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
