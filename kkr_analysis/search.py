"""One bisection, shared by the size rule and the vote margins."""

from __future__ import annotations

from collections.abc import Callable


def first_true(predicate: Callable[[int], bool], lo: int, hi: int) -> int:
    """The smallest ``n`` in ``lo..hi`` with ``predicate(n)``, for a predicate that is false
    then true on that range (monotone) and true at ``hi``."""
    while lo < hi:
        mid = (lo + hi) // 2
        if predicate(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
