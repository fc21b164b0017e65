"""The numbers behind a chair election, per valgforbund: votes, quotients, posts and exact margins.

KL's love § 15, stk. 3; forretningsorden § 4, stk. 2 (rule ``chair.valgforbund``): the posts are
shared between the valgforbund (lists standing alone count as their own) by d'Hondt on their
summed votes. The margins are those of ``kkr margins --posts`` for the valgforbund as a whole
(:func:`~kkr_analysis.scenarios.sensitivity.valgforbund_post_margins`, the one post-margin core,
checked stretch by stretch over the rule itself, never by a formula): per post, the votes to
take it for certain, or the votes it can lose and keep the *same* post with no lot.

The margins hold the represented lists fixed: a gain large enough to push another list under
the threshold (and out of the election) is not modelled here; the composition's own margins
(``vote_margins``) do that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..rules.chair import POSTS, Alliance, ChairElection, elect_chair
from .sensitivity import PostMargin, valgforbund_post_margins


@dataclass(frozen=True)
class AllianceStanding:
    """One valgforbund (or a list alone) in a chair election.

    ``posts`` are the posts it holds with no lot (``"chair"``, ``"vice_chair"``), ``holders`` the
    member list taking each of them; ``margins`` its :class:`PostMargin` per post, the
    valgforbund's votes counted together (``kkr margins --posts``).
    """

    alliance: Alliance
    votes: int
    quotients: tuple[Fraction, Fraction]
    posts: tuple[str, ...]
    holders: tuple[str, ...]
    in_lot: bool
    margins: tuple[PostMargin, ...] = ()

    @property
    def label(self) -> str:
        return self.alliance.label

    @property
    def next_post(self) -> tuple[str, int] | None:
        """The post it does not hold that the fewest extra votes give it for certain, and those
        votes (``None``: it holds both, or no number of votes gives it one more)."""
        options = [(m.votes_needed, POSTS.index(m.post), m.post) for m in self.margins
                   if not m.holds and m.votes_needed is not None]
        if not options:
            return None
        votes, _, post = min(options)
        return post, votes

    @property
    def keep(self) -> tuple[tuple[str, int], ...]:
        """Per post it holds: the most votes it can lose and still hold that same post with no
        lot (one vote more and another list has it, or a lot decides)."""
        return tuple((m.post, m.keep_votes) for m in self.margins
                     if m.holds and m.keep_votes is not None)


def alliance_standings(votes: Mapping[str, int], alliances: Sequence[Alliance] = (),
                       election: ChairElection | None = None) -> list[AllianceStanding]:
    """Per valgforbund (and per list standing alone): its votes, 1st and 2nd quotient, the posts
    it wins, and its exact post margins; sorted by votes, largest first."""
    result = election if election is not None else elect_chair(votes, alliances)
    margins = valgforbund_post_margins(votes, result.alliances)
    standings = []
    for a in result.alliances:
        held = [(post, getattr(result, post)) for post in POSTS]
        posts = tuple(post for post, p in held if p is not None and p.alliance == a.members)
        holders = tuple(p.list for post, p in held if p is not None and p.alliance == a.members)
        in_lot = any(m in t.lists for t in result.ties for m in a.members)
        total = sum(votes[m] for m in a.members)
        standings.append(AllianceStanding(a, total, (Fraction(total), Fraction(total, 2)),
                                          posts, holders, in_lot, tuple(margins[a.label])))
    return sorted(standings, key=lambda s: (-s.votes, s.label))
