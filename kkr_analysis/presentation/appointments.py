"""Appointments, boards and meetings for readers: § 24 outcomes and the rules' messages in Danish.

The rules' ``describe()`` texts stay English (the CLI's contract); here each appointment, board
or meeting-plan message, gender count and quorum becomes a Danish sentence or table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from ..danish import join_and, plural
from .display import md
from .format import GENDER_LABELS

METHODS_DA = {"flertalsvalg": "flertalsvalg (§ 24, stk. 1)",
              "forholdstalsvalg": "forholdstalsvalg (§ 24, stk. 3)",
              "indstilling": "indstilling"}


def appointment_da(appointment, groups: Mapping[str, int]) -> str:
    """The outcome of one appointment in Danish (from its picks, not its English text)."""
    total = sum(groups.values())
    if appointment.method == "indstilling":
        return "ikke en politisk post: indstilles, vælges ikke blandt KKR's grupper"
    if appointment.method == "flertalsvalg":
        if appointment.picks:
            g = appointment.picks[0].group
            return f"{g} har {groups[g]} af {total} medlemmer: flertal"
        largest = max(groups.values(), default=0)
        return (f"ingen gruppe har flertal (højst {largest} af {total}): afgøres ved "
                "afstemningen på mødet")
    won = Counter(p.group for p in appointment.picks if p.group is not None)
    text = ", ".join(f"{g} {n}" for g, n in won.items())
    if appointment.tie:
        text += (f"; lodtrækning om {plural(appointment.tie.seats, 'plads', 'pladser')} "
                 f"mellem {join_and(list(appointment.tie.lists))}")
    return text


def appointments_frame(bodies: Sequence, groups: Mapping[str, int]) -> pd.DataFrame:
    """Each body: seats, procedure and the outcome in Danish."""
    from ..rules.appointments import appoint

    rows = []
    for body in bodies:
        a = appoint(body, groups)
        rows.append({"Organ": body.name, "Pladser": body.seats,
                     "Metode": METHODS_DA.get(a.method, a.method),
                     "Resultat": appointment_da(a, groups)})
    return pd.DataFrame(rows, columns=["Organ", "Pladser", "Metode", "Resultat"])


def groups_text(groups: Mapping[str, int]) -> str:
    return join_and([f"{g} {n}" for g, n in groups.items()])


_MESSAGES_DA = [
    (r"^(\d+) missing in category (\w+) \((.*)\): (\d+) of (\d+)$",
     r"\1 mangler i kategorien \3: \4 af \5"),
    (r"^(\d+) too many in category (\w+) \((.*)\): (\d+) of (\d+)$",
     r"\1 for mange i kategorien \3: \4 af \5"),
    (r"^the board has (\d+) members besides the observer; the law says (\d+) \(chair included\)$",
     r"bestyrelsen har \1 medlemmer ud over observatøren; loven siger \2 (formanden iberegnet)"),
    (r"^the chair (.*) must be an elected official \(folkevalgt\)$",
     r"formanden \1 skal være folkevalgt"),
    (r"^municipal member (.*) must be an elected official$",
     r"det kommunale medlem \1 skal være folkevalgt"),
    (r"^unknown category '(.*)'; use one of (.*)$", r"ukendt kategori '\1'; brug en af \2"),
    (r"^(.*): (.*) is not a council member; only members of the region's municipal councils "
     r"may be appointed$",
     r"\1: \2 er ikke medlem af en kommunalbestyrelse; kun medlemmer af regionens "
     r"kommunalbestyrelser kan udpeges"),
    (r"^(.*): group (.*) must propose both a woman and a man \(ligestillingsloven\)$",
     r"\1: gruppe \2 skal foreslå både en kvinde og en mand (ligestillingsloven)"),
    (r"^(.*): not one of the bodies \((.*)\)$", r"\1: ikke et af organerne (\2)"),
]


def message_da(message: str) -> str:
    """A board or proposal message in Danish (those rules' messages are English; the
    meeting plan's are Danish at the source, :func:`kkr_analysis.rules.meetings.check_meetings`)."""
    for pattern, replacement in _MESSAGES_DA:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def problems_da(problems: Iterable[str], ok: str = "Ingen fejl fundet.") -> None:
    problems = [message_da(str(p)) for p in problems]
    md("\n".join(f"- {p}" for p in problems) if problems else ok)


def gender_frame(gender: Mapping) -> pd.DataFrame:
    """``{"K": 5, "M": 5, "unknown": 0}`` or ``{body: {"K": …}}`` as a Danish table."""
    if gender and all(isinstance(v, Mapping) for v in gender.values()):
        frame = pd.DataFrame([{"body": body, **counts} for body, counts in gender.items()])
    else:
        frame = pd.DataFrame([dict(gender)])
    return frame.rename(columns=GENDER_LABELS)


def quorum_frame(members: int) -> pd.DataFrame:
    """Quorum for a KKR of ``members``: how many must be present (forretningsorden § 5)."""
    from ..rules.meetings import has_quorum, quorum_needed

    need = quorum_needed(members)
    return pd.DataFrame([{"Medlemmer": members, "Mindst til stede": need,
                          f"{need - 1} til stede": has_quorum(members, need - 1),
                          f"{need} til stede": has_quorum(members, need)}])


GIVE_OPTION = {"bodies": "--bodies", "meetings": "--plan"}


def no_data_sentence(what: str, kkr: str, period: str, kind: str | None = None) -> str:
    """No table for this KKR and period, so none is shown (never another KKR's); with ``kind``
    (bodies, meetings) also how to give one: ``kkr report --bodies/--plan FIL`` or the data
    folder's file name."""
    from ..data.kkr_tables import table_file_name

    text = (f"Projektet har ingen data om {what} for KKR {kkr} i perioden {period}; "
            "derfor vises ingen.")
    if kind is None or not re.fullmatch(r"\d{4}-\d{4}", period):
        return text
    return (f"{text} Giv dem med `kkr report {GIVE_OPTION[kind]} FIL`, eller læg dem i "
            f"datamappen som `{table_file_name(kind, kkr, period)}`.")
