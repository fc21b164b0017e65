"""Monte-Carlo over vote shares: how likely is each seat count, and each chair outcome?

Shares are drawn from a Dirichlet distribution centred on the observed shares,
``Dirichlet(concentration × shares)``: the larger the concentration, the smaller the noise
(``None`` = no noise: every draw is the observed result). Each draw's votes are the region's
total times the drawn shares, rounded to whole votes, and the composition (KL's love § 15,
stk. 2) and chair election (§ 15, stk. 3) are computed for every draw at once with the batch
d'Hondt — the same rule as :func:`~kkr_analysis.rules.composition.compose`, which the tests
hold equal on samples.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np
import pandas as pd

from ..apportion_batch import dhondt_order
from ..errors import DataError
from ..rules.chair import Alliance
from ..rules.composition import CAP_FACTOR, KKR_METHOD, THRESHOLD
from ..rules.lists import RegionTally
from .chair_batch import posts_for_fixed_alliances


def draw_votes(tally: RegionTally, draws: int, concentration: float | None,
               seed: int = 0) -> np.ndarray:
    """Votes per draw (shape ``(draws, lists + 1)``; the last column is all other votes)."""
    observed = np.array([t.votes for t in tally.lists] +
                        [tally.total_votes - sum(t.votes for t in tally.lists)], dtype=np.int64)
    if concentration is None:
        return np.tile(observed, (draws, 1))
    total = int(observed.sum())
    positive = observed > 0
    rng = np.random.default_rng(seed)
    shares = rng.dirichlet(concentration * observed[positive] / total, size=draws)
    votes = np.zeros((draws, len(observed)), dtype=np.int64)
    votes[:, positive] = np.rint(shares * total).astype(np.int64)
    return votes


@dataclass(frozen=True)
class BatchComposition:
    """Compositions for many vote vectors: seats (M, lists), size, cap binding, lot flags."""

    lists: tuple[str, ...]
    seats: np.ndarray
    eligible: np.ndarray
    size: np.ndarray
    cap_binds: np.ndarray
    lot: np.ndarray


def compose_many(tally: RegionTally, votes: np.ndarray, *, threshold: Fraction = THRESHOLD,
                 cap_factor: Fraction = CAP_FACTOR, method: str = KKR_METHOD
                 ) -> BatchComposition:
    """The composition for each row of ``votes`` (lists in ``tally`` order, then others), by
    d'Hondt or Sainte-Laguë (the divisor methods; rule ``kkr.proportional``).

    Size: list i's f-th seat (f = its mayors) comes at quotient v_i/d_f (d_f = f for d'Hondt,
    2f − 1 for Sainte-Laguë), when Σ_j #{s: v_j/d_s ≥ v_i/d_f} seats have been given —
    ⌊v_j·f/v_i⌋ resp. ⌊(v_j·(2f − 1) + v_i)/(2·v_i)⌋; the smallest size covering every list's
    mayors is the largest of these. Above the cap the capped size is shared with the mayors as
    floors.
    """
    if method not in ("dhondt", "sainte-lague"):
        raise ValueError("Monte Carlo-simuleringen regner med d'Hondt eller Sainte-Laguë "
                         f"(delingstalsmetoder), ikke {method!r}")
    votes = np.asarray(votes, dtype=np.int64)
    lists = tally.lists
    k = len(lists)
    v = votes[:, :k]
    total = votes.sum(axis=1) + (tally.other_cast_votes or 0)  # the threshold's base
    t = Fraction(threshold)
    can = np.array([x.kind != "local" and x.council_seats >= 1 for x in lists])
    eligible = can[None, :] & (v * t.denominator >= t.numerator * total[:, None]) & (total[:, None]
                                                                                     > 0)
    mayors = np.array([x.mayors for x in lists], dtype=np.int64)
    floors = np.where(eligible, mayors[None, :], 0)
    born_outside = np.where(eligible, 0, mayors[None, :]).sum(axis=1)
    w = np.where(eligible, v, 0)
    need = np.zeros(len(v), dtype=np.int64)
    for i in np.flatnonzero(mayors):
        has = eligible[:, i] & (w[:, i] > 0)
        wi = np.maximum(w[:, [i]], 1)
        ranked = ((w * mayors[i]) // wi if method == "dhondt"
                  else (w * (2 * mayors[i] - 1) + wi) // (2 * wi))
        counted = np.where(has[:, None], ranked, 0).sum(axis=1)
        need = np.maximum(need, counted)
    cap = int(Fraction(cap_factor) * tally.municipalities)
    room = cap - born_outside
    cap_binds = need > room
    house = np.maximum(np.where(cap_binds, room, need), floors.sum(axis=1))
    order = dhondt_order(w, house - floors.sum(axis=1), floors, method)
    seats = order.seats + np.where(eligible, 0, mayors[None, :])
    return BatchComposition(tuple(x.list for x in lists), seats, eligible,
                            house + born_outside, cap_binds, order.lot.any(axis=1))


@dataclass(frozen=True)
class Simulation:
    draws: int
    concentration: float | None
    seats: pd.DataFrame  # probability of each seat count (rows: list; columns: seats)
    posts: pd.DataFrame  # per list: chair_probability, vice_chair_probability
    lot_share: float  # share of draws where a lot decides a KKR seat
    chair_lot_share: float


def simulate(tally: RegionTally, draws: int = 100_000, concentration: float | None = 2000.0,
             alliances: list[Alliance] | None = None, seed: int = 0,
             method: str = KKR_METHOD) -> Simulation:
    """Seat-count and post probabilities over ``draws`` Dirichlet draws (the KKR by ``method``,
    the posts by d'Hondt)."""
    named = [a.spec() for a in alliances or [] if a.order]
    if named:  # the batch step shares an alliance's seats by d'Hondt only: refused, not ignored
        raise DataError(f"simuleringen regner posterne inden for et valgforbund med d'Hondt og "
                        f"kan ikke bruge en rækkefølge for posterne ({', '.join(named)}); "
                        f"udelad delen efter ':'")
    votes = draw_votes(tally, draws, concentration, seed)
    batch = compose_many(tally, votes, method=method)
    names = batch.lists
    top = int(batch.seats.max()) if batch.seats.size else 0
    counts = np.stack([np.bincount(batch.seats[:, i], minlength=top + 1)
                       for i in range(len(names))])
    seats = pd.DataFrame(counts / draws, index=pd.Index(names, name="list"))
    member_votes = np.where(batch.eligible, votes[:, :len(names)], 0)
    labels = np.arange(len(names))
    for b, alliance in enumerate(alliances or []):
        for m in alliance.members:
            labels[names.index(m)] = len(names) + b
    _, labels = np.unique(labels, return_inverse=True)
    posts = posts_for_fixed_alliances(member_votes, labels)
    chair = np.bincount(posts.chair[posts.chair >= 0], minlength=len(names)) / draws
    vice = np.bincount(posts.vice_chair[posts.vice_chair >= 0], minlength=len(names)) / draws
    frame = pd.DataFrame({"list": names, "chair_probability": chair,
                          "vice_chair_probability": vice})
    return Simulation(draws, concentration, seats, frame, float(batch.lot.mean()),
                      float((posts.chair_lot | posts.vice_lot).mean()))


def tally_with_votes(tally: RegionTally, row: np.ndarray) -> RegionTally:
    """The tally with one draw's votes (for the scalar cross-check and the plain-loop benchmark)."""
    lists = tuple(replace(t, votes=int(v)) for t, v in zip(tally.lists, row))
    return replace(tally, lists=lists, total_votes=int(row.sum()))
