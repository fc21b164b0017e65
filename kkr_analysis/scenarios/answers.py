"""Short answers for the top of a report: searches over the rules, no presentation.

``smallest_changing_alliances``: the valgforbund with the fewest lists (the others standing
alone) that changes who becomes formand or næstformand (KL's love § 15, stk. 3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from ..rules.chair import Alliance, ChairElection, elect_chair


@dataclass(frozen=True)
class ChangingAlliance:
    """A valgforbund and the chair election it gives, beside the one without valgforbund."""

    members: tuple[str, ...]
    votes: int
    result: ChairElection


def _posts(result: ChairElection) -> tuple:
    """Who holds each post (lists only: the same list inside a valgforbund is no change)."""
    def holder(post: object) -> str | None:
        return getattr(post, "list", None)

    return (holder(result.chair), holder(result.vice_chair),
            tuple((t.posts, tuple(sorted(t.lists))) for t in result.ties))


def smallest_changing_alliances(votes: Mapping[str, int]) -> list[ChangingAlliance]:
    """All valgforbund of the smallest size (2, 3, … lists) that change formand or næstformand
    when every other list stands alone; fewest votes first. Empty when none does."""
    base = elect_chair(votes)
    names = list(votes)
    for size in range(2, len(names) + 1):
        found = []
        for members in combinations(names, size):
            result = elect_chair(votes, [Alliance(members)])
            if _posts(result) != _posts(base):
                found.append(ChangingAlliance(members, sum(votes[m] for m in members), result))
        if found:
            return sorted(found, key=lambda a: (a.votes, a.members))
    return []
