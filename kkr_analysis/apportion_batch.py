"""Batch divisor methods (d'Hondt, Sainte-Laguë) for many scenarios at once (numpy), exact and
tie-aware.

The same rule as :func:`kkr_analysis.apportion.apportion` with ``method="dhondt"`` (divisors
1, 2, 3, …) or ``"sainte-lague"`` (1, 3, 5, …), evaluated for ``M`` vote vectors in one go:
quotients are compared by integer cross-multiplication (``v_i · d(s_j)`` against
``v_j · d(s_i)``), never as floats. The tests hold the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INT = np.int64


@dataclass(frozen=True)
class BatchOrder:
    """Seats in the order won, per scenario.

    ``winner[m, s]``: column that won seat ``s`` (0-based) in scenario ``m``, or -1 when that
    seat goes by lot; ``tied[m, s]``: another column had the same quotient for seat ``s`` (for a
    seat that is awarded anyway, only the order is a lot; see ``lot``); ``lot[m, s]``: seat ``s``
    cannot be given without a lot (more tied columns than seats left).
    """

    winner: np.ndarray
    tied: np.ndarray
    lot: np.ndarray
    seats: np.ndarray  # seats[m, c]: certain seats of column c after all rounds


CHUNK = 1 << 15  # rows per block of work: keeps the temporaries in cache


STEP = {"dhondt": 1, "sainte-lague": 2}  # divisor of the (s+1)-th seat: step·s + 1


def dhondt_order(votes: np.ndarray, seats: int | np.ndarray,
                 floors: np.ndarray | None = None, method: str = "dhondt") -> BatchOrder:
    """d'Hondt (or, with ``method="sainte-lague"``, Sainte-Laguë) seat by seat for each row of
    ``votes`` (shape ``(M, C)``, non-negative integers).

    ``seats``: seats to award above the floors, one number or one per row. ``floors``: seats
    each column holds before the first round (shape ``(C,)`` or ``(M, C)``), e.g. KKR mayors;
    the result is then max(floor, divisor count) as in the scalar core.

    A seat whose best quotient is shared by ``k`` columns with ``r`` seats left: if ``k <= r``
    the first of them (lowest column) is recorded and flagged ``tied`` (the order among them is
    a lot; the others follow in the next rounds); if ``k > r`` the seat is a ``lot`` and every
    later seat too.
    """
    votes = np.asarray(votes)
    if votes.ndim != 2:
        raise ValueError("votes must be a 2-d array: one row per scenario")
    if votes.size and not np.issubdtype(votes.dtype, np.integer) or votes.dtype == np.bool_:
        raise ValueError(f"votes must be whole numbers (an integer array), got {votes.dtype}; "
                         "1.5 votes is an error, not 1")
    if votes.size and votes.min() < 0:
        raise ValueError("votes must be non-negative")
    for name, value in (("seats", seats), ("floors", floors)):
        array = np.asarray(0 if value is None else value)
        if array.size and (not np.issubdtype(array.dtype, np.integer) or array.min() < 0):
            raise ValueError(f"{name} must be non-negative whole numbers, got {array.dtype}")
    if method not in STEP:
        raise ValueError(f"the batch engine has d'Hondt and Sainte-Laguë, not {method!r}")
    step = STEP[method]
    m, c = votes.shape
    per_row = np.broadcast_to(np.asarray(seats, dtype=INT), (m,))
    held0 = np.zeros((m, c), dtype=INT) if floors is None else np.broadcast_to(
        np.asarray(floors, dtype=INT), (m, c))
    rounds = int(per_row.max()) if m else 0
    # Products votes · divisor must not overflow: int32 when they fit, else int64.
    top = int(votes.max()) if votes.size else 0
    biggest_divisor = step * (rounds + (int(held0.max()) if held0.size else 0)) + 1
    if top * biggest_divisor >= 2**63:  # Python ints: this product itself cannot wrap
        raise ValueError(f"votes up to {top:,} with {biggest_divisor:,} divisors overflow "
                         "64-bit integers; use the scalar core (kkr_analysis.apportion)")
    dtype = np.int32 if top * biggest_divisor < 2**31 else INT
    votes = votes.astype(dtype, copy=False)
    parts = [_dhondt_chunk(votes[i:i + CHUNK], per_row[i:i + CHUNK], held0[i:i + CHUNK], rounds,
                           step) for i in range(0, m, CHUNK)]
    if not parts:
        parts = [_dhondt_chunk(votes, per_row, held0, rounds, step)]
    return BatchOrder(*(np.concatenate([getattr(p, f) for p in parts])
                        for f in ("winner", "tied", "lot", "seats")))


def _dhondt_chunk(votes: np.ndarray, seats: np.ndarray, floors: np.ndarray,
                  rounds: int, step: int = 1) -> BatchOrder:
    m, c = votes.shape
    held = floors.astype(votes.dtype)  # a copy
    winner = np.full((m, rounds), -1, dtype=np.int16)
    tied = np.zeros((m, rounds), dtype=bool)
    lot = np.zeros((m, rounds), dtype=bool)
    stopped = np.zeros(m, dtype=bool)
    rows = np.arange(m)
    plain = not held.any()
    for s in range(rounds):
        active = s < seats
        if s == 0 and plain:  # nothing held yet: every divisor is 1, the quotients are the votes
            best = np.argmax(votes, axis=1)
            best_num = votes[rows, best]
            count = (votes == best_num[:, None]).sum(axis=1)
        else:
            den = step * held + 1
            # A float argmax proposes the best column; exact integer products confirm it.
            best = np.argmax(votes / den, axis=1)
            best_num, best_den = votes[rows, best], den[rows, best]
            left, right = votes * best_den[:, None], best_num[:, None] * den
            wrong = (left > right).any(axis=1)
            if wrong.any():  # float rounding picked a column that is not the exact maximum
                best[wrong] = _exact_argmax(votes[wrong], den[wrong])
                best_num, best_den = votes[rows, best], den[rows, best]
                left, right = votes * best_den[:, None], best_num[:, None] * den
            count = (left == right).sum(axis=1)
        # k tied columns can all be seated if k <= seats left (the order among them is a lot);
        # a larger group makes this seat, and every later one, a lot.
        is_lot = ((count > seats - s) | stopped) & active
        stopped |= is_lot
        lot[:, s] = is_lot
        tied[:, s] = (count > 1) & active
        ok = ~is_lot & active
        winner[ok, s] = best[ok]
        held[rows[ok], best[ok]] += 1
    return BatchOrder(winner, tied, lot, held)


def _exact_argmax(votes: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Column of the largest quotient votes/den by cross-multiplication (first on equality)."""
    best = np.zeros(len(votes), dtype=np.intp)
    rows = np.arange(len(votes))
    for j in range(1, votes.shape[1]):
        better = votes[:, j] * den[rows, best] > votes[rows, best] * den[:, j]
        best = np.where(better, j, best)
    return best


# ---- one group's seats, whatever the lots ----------------------------------------------------
#
# Group G (weight g) wins its s-th d'Hondt seat exactly when fewer than ``seats`` quotients rank
# before its quotient g/s: its own s - 1 earlier ones, plus, of every other group b (weight w),
# the quotients w/d that beat g/s. When every lot goes against G those are the w/d >= g/s, i.e.
# d <= w·s/g: floor(w·s/g) of them; when every lot goes G's way only the w/d > g/s count:
# ceil(w·s/g) - 1 of them. Integers only; the s-th seat is won iff (count of others) <= seats - s,
# and the seats won are a prefix 1..s*, so s* is the number of s that pass.


def quotients_ranking_before(weights: np.ndarray, focus: int | np.ndarray, seats: int,
                             lots_for_focus: bool = False) -> np.ndarray:
    """For each weight ``w`` (any shape) and s = 1..``seats``: how many of w's d'Hondt
    quotients rank before the focus group's s-th quotient ``focus/s``.

    ``lots_for_focus=False``: equal quotients rank before (every lot against the focus group);
    ``True``: they rank after. Shape ``weights.shape + (seats,)``; exact integers.
    """
    w = np.asarray(weights, dtype=np.int64)[..., None]
    g = np.asarray(focus, dtype=np.int64)
    if g.ndim:
        g = g.reshape(g.shape + (1,) * (w.ndim - g.ndim))
    if np.any(g <= 0):
        raise ValueError("the focus group needs a positive weight")
    s = np.arange(1, seats + 1, dtype=np.int64)
    if lots_for_focus:
        return np.maximum((w * s - 1) // g, 0)
    return (w * s) // g
