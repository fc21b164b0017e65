"""The numbers behind a chair election, per valgforbund: votes, quotients, posts and exact margins.

KL's love § 15, stk. 3; forretningsorden § 4, stk. 2 (rule ``chair.valgforbund``): the posts are
shared between the valgforbund (lists standing alone count as their own) by d'Hondt on their
summed votes. A valgforbund's number of posts therefore depends only on the summed votes, and
grows with them (d'Hondt is vote-monotone), so each margin is found by bisection
(:func:`~kkr_analysis.rules.margins.smallest_delta`) over the rule itself
(:func:`~kkr_analysis.rules.chair.elect_chair`), never by a formula.

The margins hold the represented lists fixed: a gain large enough to push another list under
the threshold (and out of the election) is not modelled here; the composition's own margins
(``vote_margins``) do that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..rules.chair import POSTS, Alliance, ChairElection, elect_chair
from ..rules.margins import smallest_delta


@dataclass(frozen=True)
class AllianceStanding:
    """One valgforbund (or a list alone) in a chair election.

    ``posts`` are the posts it holds with no lot (``"chair"``, ``"vice_chair"``), ``holders`` the
    member list taking each of them. ``gain_votes``: the fewest extra votes after which it holds
    one post more under every lot outcome (``None``: it already holds both). ``loss_votes``: the
    fewest lost votes after which it holds fewer posts than now whatever a lot decides (``None``:
    it holds none); it can lose ``loss_votes - 1`` votes and keep its posts.
    """

    alliance: Alliance
    votes: int
    quotients: tuple[Fraction, Fraction]
    posts: tuple[str, ...]
    holders: tuple[str, ...]
    in_lot: bool
    gain_votes: int | None
    loss_votes: int | None

    @property
    def label(self) -> str:
        return self.alliance.label


def _post_range(totals: Mapping[str, int], label: str) -> tuple[int, int]:
    """Fewest and most posts the bloc ``label`` holds, whatever a lot decides."""
    between = elect_chair(totals).between_alliances
    assert between is not None
    return between.seat_range(label)


def _changed(totals: Mapping[str, int], label: str, delta: int) -> dict[str, int]:
    changed = dict(totals)
    changed[label] = max(changed[label] + delta, 0)
    return changed


def alliance_standings(votes: Mapping[str, int], alliances: Sequence[Alliance] = (),
                       election: ChairElection | None = None) -> list[AllianceStanding]:
    """Per valgforbund (and per list standing alone): its votes, 1st and 2nd quotient, the posts
    it wins, and its exact vote margins; sorted by votes, largest first."""
    result = election if election is not None else elect_chair(votes, alliances)
    blocs = result.alliances
    totals = {a.label: sum(votes[m] for m in a.members) for a in blocs}
    limit = 4 * max(sum(totals.values()), 1)
    standings = []
    for a in blocs:
        label = a.label
        low, high = _post_range(totals, label)
        held = [(post, getattr(result, post)) for post in POSTS]
        posts = tuple(post for post, p in held if p is not None and p.alliance == a.members)
        holders = tuple(p.list for post, p in held if p is not None and p.alliance == a.members)
        in_lot = any(m in t.lists for t in result.ties for m in a.members)

        def gains(d: int, label: str = label, low: int = low) -> bool:
            return _post_range(_changed(totals, label, d), label)[0] >= low + 1

        def loses(d: int, label: str = label, high: int = high) -> bool:
            return _post_range(_changed(totals, label, -d), label)[1] < high

        gain = None if low >= len(POSTS) else smallest_delta(gains, limit)
        loss = None if high == 0 else smallest_delta(loses, totals[label])
        total = totals[label]
        standings.append(AllianceStanding(a, total, (Fraction(total), Fraction(total, 2)),
                                          posts, holders, in_lot, gain, loss))
    return sorted(standings, key=lambda s: (-s.votes, s.label))
