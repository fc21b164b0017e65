"""Election of a KKR's formand (chair) and næstformand (vice-chair).

KL's love § 15, stk. 3 and KKR's forretningsorden § 4, stk. 2 (seed items 1.3-1.4): a proportional
election (forholdstalsvalg) on the region's vote totals at the municipal election; the lists that
take part in the KKR (≥ 2 % and a council seat) may form valgforbund (electoral alliances). Votes
of a mayor's list that fell under 2 % do not count. Alliances must be notified to the KKR
secretariat three working days before the constituent meeting.

Seat 1 is the chair, seat 2 the vice-chair (d'Hondt among alliances; a list outside any alliance
stands alone). The seats an alliance wins go to its members in the order it states (its candidate
order: "V+C+O:V,C" gives its 1st seat to V, its 2nd to C); a seat beyond the stated order goes to
the member with the highest quotient inside it (d'Hondt, the named seats counted). Every lot is
reported, never drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..apportion import Apportionment, apportion
from ..danish import join_and, number, plural
from ..errors import DataError, did_you_mean
from .composition import Composition
from .specs import split_alliance

POSTS = ("chair", "vice_chair")
POST_NAMES = {"chair": "formand", "vice_chair": "næstformand"}


@dataclass(frozen=True)
class Alliance:
    """A valgforbund: member lists, optionally with the order in which its lists take the seats
    it wins (``order=("V", "C")``: its 1st seat to V, its 2nd to C; a single name or ``None``
    is read as a one-name order or none). Seats beyond the order: d'Hondt inside."""

    members: tuple[str, ...]
    order: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        order = self.order
        order = () if order is None else (order,) if isinstance(order, str) else tuple(order)
        object.__setattr__(self, "order", order)

    @property
    def nominee(self) -> str | None:
        """The list named for the valgforbund's first seat, if any."""
        return self.order[0] if self.order else None

    @property
    def label(self) -> str:
        return "+".join(self.members)

    def spec(self, sep: str = ",") -> str:
        """As ``--alliance`` takes it: ``"V+C+O"``, ``"V+C+O:V,C"`` (``sep=":"`` in a link,
        where ',' separates valgforbund)."""
        return self.label + (":" + sep.join(self.order) if self.order else "")


@dataclass(frozen=True)
class Post:
    list: str
    alliance: tuple[str, ...]


@dataclass(frozen=True)
class LotDraw:
    """A post (or both) decided by lot between the named lists."""

    posts: tuple[str, ...]
    lists: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict:
        return {"posts": list(self.posts), "lists": list(self.lists), "reason": self.reason}


@dataclass(frozen=True)
class ChairElection:
    """The outcome: each post's list and alliance (``None`` where a lot decides), and the lots."""

    votes: Mapping[str, int]
    alliances: tuple[Alliance, ...]
    chair: Post | None
    vice_chair: Post | None
    ties: tuple[LotDraw, ...] = ()
    between_alliances: Apportionment | None = field(default=None, repr=False)

    def to_dict(self) -> dict:
        def post(p: Post | None) -> dict | None:
            return None if p is None else {"list": p.list, "alliance": list(p.alliance)}

        return {"chair": post(self.chair), "vice_chair": post(self.vice_chair),
                "ties": [t.to_dict() for t in self.ties]}

    def quotients(self) -> pd.DataFrame:
        """Each alliance's 1st and 2nd d'Hondt quotient (votes/1, votes/2), for charts."""
        rows = []
        for a in self.alliances:
            total = sum(self.votes[m] for m in a.members)
            rows.append({"alliance": a.label, "votes": total, "quotient_1": total,
                         "quotient_2": total / 2})
        return pd.DataFrame(rows).sort_values("votes", ascending=False, ignore_index=True)

    def describe(self) -> str:
        """The outcome in one line per post and lot, in Danish (the same as :meth:`describe_da`;
        one voice for every reader)."""
        return self.describe_da()

    def describe_da(self) -> str:
        """"Formand: A", "Næstformand: C" and every lot, in Danish (reports, app, CLI tables)."""
        return self._describe("afgøres ved lodtrækning", lambda t: (
            f"Lodtrækning om {' og '.join(POST_NAMES[p] for p in t.posts)} mellem "
            f"{join_and(list(t.lists))} (lige store kvotienter)"))

    def _describe(self, by_lot: str, lot_line: Callable[[LotDraw], str]) -> str:
        def text(p: Post | None) -> str:
            if p is None:
                return by_lot
            inside = f" (valgforbund {'+'.join(p.alliance)})" if len(p.alliance) > 1 else ""
            return f"{p.list}{inside}"

        lines = [f"Formand: {text(self.chair)}", f"Næstformand: {text(self.vice_chair)}"]
        return "\n".join(lines + [lot_line(t) for t in self.ties])


def chair_votes(comp: Composition) -> dict[str, int]:
    """The votes that count: those of the lists that take part in the KKR (seed item 1.3; rule
    ``chair.valgforbund``)."""
    return {r.list: r.votes for r in comp.rows if r.eligible}


def parse_alliances(specs: Iterable[str], *, minimum: int = 2) -> list[Alliance]:
    """``"A+F+Ø"`` → Alliance(("A","F","Ø")); ``"A+F+Ø:F"`` names F for the alliance's first
    seat, ``"V+C+O:V,C"`` V for its first and C for its second.

    Typos are refused (:func:`kkr_analysis.rules.specs.split_alliance`): ``A++F``, ``A+A``,
    ``A,F``, ``A+F:`` and, with the default ``minimum``, a one-list valgforbund."""
    return [Alliance(*split_alliance(spec, minimum=minimum)) for spec in specs]


def validate_alliances(votes: Mapping[str, int], alliances: Sequence[Alliance]) -> tuple[Alliance,
                                                                                         ...]:
    """Check a proposed set of valgforbund and complete it with single-list "alliances".

    Each list at most once; only lists that take part in the KKR; every list of a valgforbund's
    order must be a member, at most two (rule ``chair.valgforbund``).
    """
    seen: dict[str, str] = {}
    for a in alliances:
        if not a.members:
            raise DataError("et valgforbund uden lister")
        for m in a.members:
            if m not in votes:
                raise DataError(
                    f"{m!r} kan ikke indgå i et valgforbund: kun lister, der er repræsenteret "
                    f"i KKR'en (mindst 2 % og et kommunalbestyrelsesmedlem), kan; det er "
                    f"{', '.join(votes)}"
                    f"{did_you_mean(m, votes)}")
            if m in seen:
                raise DataError(f"{m!r} er med i to valgforbund ({seen[m]} og {a.label})")
            seen[m] = a.label
        for named in a.order:
            if named not in a.members:
                raise DataError(f"{a.label} nævner {named!r}, som ikke er med i valgforbundet")
        if len(a.order) > len(POSTS):
            raise DataError(f"{a.spec()}: et valgforbund kan højst vinde to poster; nævn højst "
                            "to lister")
    alone = [Alliance((name,)) for name in votes if name not in seen]
    return tuple(alliances) + tuple(alone)


def _member_order(a: Alliance, votes: Mapping[str, int], seats: int
                  ) -> tuple[list[str | None], list[str]]:
    """Who takes the alliance's 1st and 2nd seat (``None`` where a lot decides), and the
    members between whom such a lot is drawn: first the lists of its stated order, then
    d'Hondt among its members with the named seats counted (floors)."""
    named = list(a.order[:seats])
    if len(named) == seats:
        return named, []
    inner = apportion({m: votes[m] for m in a.members}, seats, "dhondt",
                      floors=Counter(named))
    order: list[str | None] = named + [None if aw.tied_with else aw.list for aw in inner.order]
    order += [None] * (inner.tie.seats if inner.tie else 0)
    tied = sorted({aw.list for aw in inner.order if aw.tied_with}
                  | set(inner.tie.lists if inner.tie else ()))
    return order[:seats], tied


def elect_chair(votes: Mapping[str, int], alliances: Sequence[Alliance] = ()) -> ChairElection:
    """Elect formand and næstformand (KL's love § 15, stk. 3; forretningsorden § 4, stk. 2;
    rule ``chair.election``)."""
    blocs = validate_alliances(votes, alliances)
    by_label = {a.label: a for a in blocs}
    totals = {a.label: sum(votes[m] for m in a.members) for a in blocs}
    between = apportion(totals, 2, "dhondt")
    picks: dict[str, list[str | None]] = {}
    undecided: dict[str, tuple[str, ...]] = {}  # members between whom an inner lot decides
    ties: list[LotDraw] = []
    for label, n in between.seats.items():
        if n:
            picks[label], inner = _member_order(by_label[label], votes, n)
            undecided[label] = tuple(inner)
    # Walk the seats in quotient order: seat 1 is the chair, seat 2 the vice-chair.
    posts: dict[str, Post | None] = dict.fromkeys(POSTS)
    taken = dict.fromkeys(picks, 0)
    order_lot: list[tuple[str, tuple[str, ...]]] = []
    inner_lot: dict[str, list[str]] = {}
    for post, award in zip(POSTS, between.order):
        member = picks[award.list][taken[award.list]]
        taken[award.list] += 1
        if member is None:
            inner_lot.setdefault(award.list, []).append(post)
        if award.tied_with:
            order_lot.append((post, (member,) if member else undecided[award.list]))
        elif member is not None:
            posts[post] = Post(member, by_label[award.list].members)
    for label, lot_posts in inner_lot.items():
        ties.append(LotDraw(tuple(lot_posts), undecided[label],
                            f"lige store kvotienter inden for valgforbund {label}"))
    if order_lot:
        ties.append(LotDraw(tuple(p for p, _ in order_lot),
                            tuple(m for _, ms in order_lot for m in ms),
                            "valgforbund med lige store kvotienter: hvem der får hvilken post, "
                            "afgøres ved lodtrækning"))
    if between.tie is not None:
        open_posts = POSTS[len(between.order):]
        ties.append(LotDraw(open_posts, between.tie.lists,
                            f"lige store kvotienter ({number(between.tie.quotient)}) mellem "
                            f"{join_and(list(between.tie.lists))} om "
                            f"{plural(between.tie.seats, 'post', 'poster')}"))
    return ChairElection(dict(votes), blocs, posts["chair"], posts["vice_chair"], tuple(ties),
                         between)
