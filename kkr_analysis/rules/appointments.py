"""Appointments by a KKR to regional bodies (seed item 1.5).

KKR's forretningsorden § 4, stk. 4, with Kommunestyrelsesloven § 24:

* one representative for a post: majority vote (flertalsvalg, § 24, stk. 1);
* several representatives for the same post: proportional election (forholdstalsvalg, § 24,
  stk. 3) among groups (valggrupper) of KKR members — the number of members of each group is
  divided by 1, 2, 3, …, the seats are taken in the order of the quotients (the group with the
  largest quotient picks first), and equal quotients are decided by lot;
* only members of the region's municipal councils may be appointed as political representatives.

Groups are formed from the KKR's composition (each list's members) and lists may join together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..apportion import Tie, apportion
from ..data.kkr_tables import Body
from ..errors import DataError, did_you_mean
from .composition import Composition
from .specs import join_names


def groups_from_composition(comp: Composition, joins: Sequence[str] = ()) -> dict[str, int]:
    """KKR members per valggruppe: each list's members, with ``"A+F+Ø"`` joining lists."""
    return groups_from_members({r.list: r.total for r in comp.rows if r.total}, joins,
                               comp.region)


def groups_from_members(members: dict[str, int], joins: Sequence[str] = (),
                        region: str = "") -> dict[str, int]:
    """Members per valggruppe from members per list (computed, or KL's published figures)."""
    groups: dict[str, int] = {}
    used: set[str] = set()
    for spec in joins:
        names = join_names(spec, "valggruppe")
        for n in names:
            if n not in members:
                raise DataError(f"{n!r} har ingen medlemmer i KKR {region}; grupper kan "
                                f"dannes af {', '.join(members)}{did_you_mean(n, members)}")
            if n in used:
                raise DataError(f"{n!r} er med i to grupper")
            used.add(n)
        groups["+".join(names)] = sum(members[n] for n in names)
    groups.update({n: m for n, m in members.items() if n not in used})
    return groups


def typed_groups(specs: Sequence[str]) -> dict[str, int]:
    """Groups typed in as ``NAME=MEMBERS`` (e.g. ``"Borgerlige=20"``)."""
    groups: dict[str, int] = {}
    for spec in specs:
        name, _, count = spec.partition("=")
        if not name.strip() or not count.strip().isdigit():
            raise DataError(f"{spec!r}: en indtastet gruppe skrives NAVN=MEDLEMMER, fx "
                            "Borgerlige=20")
        if name.strip() in groups:
            raise DataError(f"gruppen {name.strip()!r} er givet to gange")
        groups[name.strip()] = int(count)
    return groups


@dataclass(frozen=True)
class SeatPick:
    """The ``position``-th seat of a body goes to ``group`` (``None``: a lot between ``tied``)."""

    position: int
    group: str | None
    quotient: float
    tied: tuple[str, ...] = ()


@dataclass(frozen=True)
class Appointment:
    body: Body
    method: str  # "flertalsvalg", "forholdstalsvalg" or "indstilling"
    picks: tuple[SeatPick, ...]
    tie: Tie | None
    explanation: str

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{
            "body": self.body.name, "seat": p.position,
            "group": p.group if p.group is not None else "lodtrækning: " + "/".join(p.tied),
            "quotient": p.quotient, "substitute": (p.group or "") if self.body.substitutes
            else "", "method": self.method} for p in self.picks])


def majority_election(body: Body, groups: Mapping[str, int]) -> Appointment:
    """One seat by majority vote (§ 24, stk. 1): a group with more than half of the members
    decides; otherwise the vote itself decides and nothing can be computed."""
    total = sum(groups.values())
    winners = [g for g, n in groups.items() if 2 * n > total]
    if winners:
        g = winners[0]
        return Appointment(body, "flertalsvalg", (SeatPick(1, g, float(groups[g])),), None,
                           f"{g} har {groups[g]} af {total} medlemmer: et flertal")
    largest = max(groups.values(), default=0)
    return Appointment(body, "flertalsvalg", (), None,
                       f"ingen gruppe har flertal (højst {largest} af {total}): afgøres ved "
                       "afstemningen på mødet")


def proportional_election(body: Body, groups: Mapping[str, int]) -> Appointment:
    """Several seats by d'Hondt among the groups (§ 24, stk. 3): picks in quotient order."""
    result = apportion(dict(groups), body.seats, "dhondt")
    picks = [SeatPick(a.position, None if a.tied_with else a.list, float(a.quotient),
                      tuple(sorted((a.list, *a.tied_with))) if a.tied_with else ())
             for a in result.order]
    if result.tie:
        for _ in range(result.tie.seats):
            picks.append(SeatPick(len(picks) + 1, None, float(result.tie.quotient),
                                  result.tie.lists))
    text = ", ".join(f"{g} {n}" for g, n in result.seats.items() if n)
    if result.tie:
        text += f"; {result.tie.describe()}"
    return Appointment(body, "forholdstalsvalg", tuple(picks), result.tie, text)


def appoint(body: Body, groups: Mapping[str, int]) -> Appointment:
    """The right procedure for the body: § 24, stk. 1 or stk. 3, or a nomination."""
    if body.kind != "political":
        return Appointment(body, "indstilling", (), None,
                           "ikke en politisk post: indstilles, vælges ikke blandt KKR's "
                           "valggrupper")
    if body.seats == 1:
        return majority_election(body, groups)
    return proportional_election(body, groups)


# ---- proposals: who is appointed -------------------------------------------------------------

WOMAN, MAN = "K", "M"


def normalise_gender(value: str) -> str | None:
    """"K"/"kvinde"/"woman"/"F" → "K"; "M"/"mand"/"man" → "M"; anything else → None."""
    v = value.strip().lower()
    if v in {"k", "kvinde", "woman", "f", "female"}:
        return WOMAN
    if v in {"m", "mand", "man", "male"}:
        return MAN
    return None


@dataclass(frozen=True)
class ProposalCheck:
    problems: tuple[str, ...]
    gender_balance: dict[str, dict[str, int]]  # body → {"K": n, "M": n}

    @property
    def ok(self) -> bool:
        return not self.problems


def check_proposals(bodies: Sequence[Body], proposals: pd.DataFrame) -> ProposalCheck:
    """Check the named people (columns ``body, group, name, gender, council_member``).

    Political appointees must be council members; where a body has a gender requirement
    (ligestillingsloven), each group's proposal must name both a woman and a man.
    """
    problems = []
    balance: dict[str, dict[str, int]] = {}
    by_name = {b.name: b for b in bodies}
    for body_name, rows in proposals.groupby("body", sort=False):
        body = by_name.get(body_name)
        if body is None:
            problems.append(f"{body_name}: not one of the bodies ({', '.join(by_name)})")
            continue
        genders = [normalise_gender(g) for g in rows["gender"]]
        balance[body_name] = {WOMAN: genders.count(WOMAN), MAN: genders.count(MAN)}
        if body.kind == "political":
            for name, member in zip(rows["name"], rows["council_member"]):
                if member.strip().lower() not in {"yes", "ja", "true", "1"}:
                    problems.append(f"{body_name}: {name} is not a council member; only members "
                                    "of the region's municipal councils may be appointed")
        if body.gender_requirement:
            for group, grp in rows.groupby("group", sort=False):
                g = {normalise_gender(x) for x in grp["gender"]}
                if not {WOMAN, MAN} <= g:
                    problems.append(f"{body_name}: group {group} must propose both a woman and a "
                                    "man (ligestillingsloven)")
    return ProposalCheck(tuple(problems), balance)
