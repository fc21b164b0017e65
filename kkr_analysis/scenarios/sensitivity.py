"""How fragile is a KKR's composition? Sweeps of the rule's parameters and exact vote margins.

Everything here loops over :func:`kkr_analysis.rules.composition.compose` and
:func:`kkr_analysis.rules.chair.elect_chair`; no rule is re-implemented.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ..apportion import METHODS, Method
from ..rules.chair import Alliance, ChairElection, elect_chair, validate_alliances
from ..rules.composition import KKR_METHOD, THRESHOLD, Composition, compose
from ..rules.lists import RegionTally
from ..rules.margins import (  # noqa: F401 - re-exported: the one margin core lives in rules
    gain_votes,
    loss_votes,
    smallest_delta,
    threshold_breakpoints,
    with_votes,
)
from .disproportionality import disproportionality

FRAGILE_SHARE = Fraction(1, 100)  # a seat whose margin is under 1 % of the list's votes


def _seats(comp: Composition) -> dict[str, int]:
    return {r.list: r.total for r in comp.rows}


def threshold_sweep(tally: RegionTally, method: Method = KKR_METHOD, *, top: Fraction =
                    Fraction(5, 100), step: Fraction = Fraction(1, 1000)) -> pd.DataFrame:
    """Seats per list for thresholds 0 … ``top`` in ``step`` (default 0 % to 5 % by 0.1 %).

    Returns one row per threshold (column ``threshold`` as a float share, ``threshold_exact``
    the exact share as "a/b", ``size``, one column per list) — plus the exact critical
    thresholds, flagged in column ``critical``.
    """
    points = {step * k for k in range(int(top / step) + 1)}
    critical = {c.threshold for c in critical_thresholds(tally, method, top=top)}
    rows = []
    for t in sorted(points | critical):
        comp = compose(tally, method, threshold=t)
        rows.append({"threshold": float(t), "threshold_exact": str(Fraction(t)),
                     "critical": t in critical, "size": comp.size, **_seats(comp)})
    return pd.DataFrame(rows)


def holding_percent(share: Fraction, digits: int = 4) -> Fraction:
    """A critical share in percent, rounded *down* to ``digits`` decimals: typed back as the
    threshold it still lets the list take part (a list takes part iff its share ≥ the
    threshold, KL's love § 15, stk. 2) — a binary float just above the share would not."""
    scale = 10 ** digits
    return Fraction(math.floor(share * 100 * scale), scale)


@dataclass(frozen=True)
class CriticalThreshold:
    """At ``threshold`` (a list's exact vote share) the list still takes part; above, it is out."""

    threshold: Fraction
    list: str
    before: dict[str, int]  # seats at the threshold
    after: dict[str, int]  # seats just above it

    @property
    def changes(self) -> dict[str, int]:
        names = list(self.before) + [n for n in self.after if n not in self.before]
        return {n: self.after.get(n, 0) - self.before.get(n, 0) for n in names
                if self.after.get(n, 0) != self.before.get(n, 0)}


def critical_thresholds(tally: RegionTally, method: Method = KKR_METHOD, *,
                        top: Fraction = Fraction(5, 100)) -> list[CriticalThreshold]:
    """Thresholds in [0, ``top``] at which the composition changes, with what changes.

    A list takes part iff its share ≥ the threshold, so the composition can change only at a
    list's exact share ``votes / total``; each such value is checked (KL's love § 15, stk. 2).
    """
    result = []
    for t in tally.lists:
        if t.kind == "local" or tally.threshold_votes == 0:
            continue
        share = Fraction(t.votes, tally.threshold_votes)
        if share > top:
            continue
        at = compose(tally, method, threshold=share)
        above = compose(tally, method, threshold=share + Fraction(1, 10**12))
        if _seats(at) != _seats(above) or at.size != above.size:
            result.append(CriticalThreshold(share, t.list, _seats(at), _seats(above)))
    return sorted(result, key=lambda c: c.threshold)


def cap_sweep(tally: RegionTally, method: Method = KKR_METHOD, *,
              factors: Sequence[Fraction] = tuple(Fraction(k, 10) for k in range(15, 31))
              ) -> pd.DataFrame:
    """Seats per list when the cap is ``factor × municipalities`` (default 1.5× to 3×)."""
    rows = []
    for f in factors:
        comp = compose(tally, method, cap_factor=f)
        rows.append({"cap_factor": float(f), "cap": comp.cap, "size": comp.size,
                     "cap_binds": comp.cap_binds, **_seats(comp)})
    return pd.DataFrame(rows)


def method_sweep(tally: RegionTally) -> pd.DataFrame:
    """Seats per list and disproportionality (Gallagher, Loosemore-Hanby) under each method."""
    rows = []
    for method in METHODS:
        comp = compose(tally, method)
        index = disproportionality(comp)
        rows.append({"method": method, "size": comp.size, "gallagher": index.gallagher,
                     "loosemore_hanby": index.loosemore_hanby, "tie": bool(comp.tie),
                     **_seats(comp)})
    return pd.DataFrame(rows)


# ---- vote margins -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Margin:
    """Votes a list is from one more seat, and from one fewer (``None``: no number of votes)."""

    list: str
    votes: int
    seats: int
    gain_votes: int | None
    loss_votes: int | None

    @property
    def fragile(self) -> bool:
        """The list's last seat can be lost with fewer than 1 % of its votes."""
        return self.loss_votes is not None and self.loss_votes < FRAGILE_SHARE * self.votes


def vote_margins(tally: RegionTally, method: Method = KKR_METHOD, *,
                 threshold: Fraction = THRESHOLD) -> list[Margin]:
    """For every list: the fewest extra votes after which it holds one more seat whatever a lot
    decides, and the fewest lost votes after which it holds fewer seats whatever a lot decides
    (rule ``kkr.margins``). A lot on the KKR's size counts as a lot (:meth:`Composition.outcomes`).

    Found by recomputing the whole composition (threshold, council-seat rule, mayors as
    minimums, cap and size included), not by a formula.
    """
    base = compose(tally, method, threshold=threshold)
    return [Margin(row.list, row.votes, row.total,
                   gain_votes(tally, row.list, method, threshold=threshold),
                   loss_votes(tally, row.list, method, threshold=threshold))
            for row in base.rows]


def margins_frame(margins: list[Margin]) -> pd.DataFrame:
    return pd.DataFrame([{"list": m.list, "votes": m.votes, "seats": m.seats,
                          "gain_votes": m.gain_votes, "loss_votes": m.loss_votes,
                          "fragile": m.fragile} for m in margins]).astype(
        {"gain_votes": "Int64", "loss_votes": "Int64"})


@dataclass(frozen=True)
class PostMargin:
    """Votes a list is from taking a post it does not hold, or from losing one it holds."""

    list: str
    post: str
    holds: bool
    votes_needed: int | None  # gain (if not holding) or loss (if holding); None: impossible
    # The holder only: the most votes it can lose and still hold the post with no lot (at one
    # vote more it has lost it or a lot decides); ``None`` for a list not holding the post.
    keep_votes: int | None = None


def post_breakpoints(votes: dict[str, int], alliances: Sequence[Alliance], name: str,
                     sign: int) -> list[int]:
    """The values of ``d`` at which a post can change hands when ``name`` gets ``sign·d`` more
    votes: where its valgforbund's quotient (total/1, total/2) meets another's, or its own
    quotient (votes/1, votes/2) meets another member's inside the valgforbund. Returned as the
    first ``d`` of every stretch on which the outcome is constant (and the tie points)."""
    blocs = validate_alliances(votes, alliances)
    own = next(a for a in blocs if name in a.members)
    total = sum(votes[m] for m in own.members)
    pairs = [(total, sum(votes[m] for m in a.members)) for a in blocs if a is not own]
    pairs += [(votes[name], votes[m]) for m in own.members if m != name]
    points = {1}
    for mine, other in pairs:
        for k in (1, 2):
            for j in (1, 2):
                b = sign * (Fraction(other * k, j) - mine)  # (mine + sign·d)/k = other/j
                if b >= 0:
                    points |= {math.floor(b) + 1, math.ceil(b)}
    return sorted(p for p in points if p >= 1)


def first_at_breakpoints(test: Callable[[int], bool], points: Sequence[int],
                         limit: int) -> int | None:
    """The smallest ``d`` in 1..``limit`` with ``test(d)``, for a ``test`` that is constant
    between consecutive ``points`` (each point starts a stretch): no monotonicity assumed."""
    for d in sorted({p for p in points if 1 <= p <= limit}):
        if test(d):
            return d
    return None


def lot_members(result: ChairElection, post: str) -> set[str]:
    """The lists a lot on ``post`` could give it to: a lot between valgforbund names the
    valgforbund ("A+B"), so its member lists are in the lot too."""
    members = {a.label: a.members for a in result.alliances}
    return {m for t in result.ties if post in t.posts for name in t.lists
            for m in members.get(name, (name,))}


def chair_margins(votes: dict[str, int], alliances: Sequence[Alliance] = ()) -> list[PostMargin]:
    """Per list and post (formand, næstformand) under a fixed valgforbund structure (rule
    ``chair.margins``): the fewest extra votes after which the list holds the post whatever a
    lot decides, or — for the holder — the fewest lost votes after which it cannot hold it
    whatever a lot decides (one vote fewer does not), and ``keep_votes``, the most it can lose
    and still hold the post with no lot.

    Holding a post is not monotone in a list's votes (with more votes a list moves from
    næstformand to formand), so every stretch between the points where a quotient comparison
    flips is checked in order (:func:`post_breakpoints`), not bisected.
    """
    base = elect_chair(votes, alliances)
    result = []
    for post in ("chair", "vice_chair"):
        held = getattr(base, post)
        for name in votes:
            holds = held is not None and held.list == name

            def outcome(d: int, name: str = name, post: str = post) -> tuple[str | None, set]:
                changed = dict(votes)
                changed[name] = max(changed[name] + d, 0)
                r = elect_chair(changed, alliances)
                p = getattr(r, post)
                return (p.list if p else None), lot_members(r, post)

            keep = None
            if holds:
                def test(d: int, name: str = name, outcome=outcome) -> bool:
                    winner, in_lot = outcome(-d)
                    return winner != name and name not in in_lot

                def lost_or_lot(d: int, name: str = name, outcome=outcome) -> bool:
                    return outcome(-d)[0] != name  # another list holds it, or a lot decides

                points = post_breakpoints(votes, alliances, name, -1) + [votes[name]]
                needed = first_at_breakpoints(test, points, votes[name])
                first = first_at_breakpoints(lost_or_lot, points, votes[name])
                keep = votes[name] if first is None else first - 1
            else:
                def test(d: int, name: str = name, outcome=outcome) -> bool:
                    return outcome(d)[0] == name
                needed = first_at_breakpoints(
                    test, post_breakpoints(votes, alliances, name, +1),
                    4 * max(sum(votes.values()), 1))
            result.append(PostMargin(name, post, holds, needed, keep))
    return result


def valgforbund_post_margins(votes: Mapping[str, int], alliances: Sequence[Alliance] = ()
                             ) -> dict[str, list[PostMargin]]:
    """:func:`chair_margins` for whole valgforbund: each valgforbund (a list alone counts as its
    own) as one list with its summed votes, keyed by its label ("C+V"). The posts are shared
    between valgforbund by d'Hondt on the sums alone (KL's love § 15, stk. 3; rule
    ``chair.valgforbund``), so these are the votes the valgforbund as a whole needs to take a
    post, or can lose and keep it; for a list standing alone they equal its own margins."""
    blocs = validate_alliances(votes, alliances)
    totals = {a.label: sum(votes[m] for m in a.members) for a in blocs}
    result: dict[str, list[PostMargin]] = {label: [] for label in totals}
    for m in chair_margins(totals):
        result[m.list].append(m)
    return result
