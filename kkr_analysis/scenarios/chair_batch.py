"""Formand and næstformand for many scenarios at once: the step shared by the exhaustive
valgforbund analysis and the Monte-Carlo simulation.

Same rule as :func:`kkr_analysis.rules.chair.elect_chair` (without named lists): d'Hondt between
alliances for two seats, then each alliance's seats to its members by d'Hondt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..apportion_batch import BatchOrder, dhondt_order

# pick(kind, block) → member index per row (-1: a lot inside decides), where kind is
# "first" (the member taking a 1-seat alliance's seat), "first_of_two" / "second_of_two"
# (the members taking a 2-seat alliance's 1st and 2nd seat).
Picker = Callable[[str, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Posts:
    chair: np.ndarray  # member index, -1 where a lot decides
    vice_chair: np.ndarray
    chair_lot: np.ndarray
    vice_lot: np.ndarray


def assign_posts(between: BatchOrder, pick: Picker) -> Posts:
    """Seat 1 (formand) and seat 2 (næstformand) from the alliances' d'Hondt order."""
    lot_a = between.lot[:, 0] | between.tied[:, 0]
    w1 = np.where(between.lot[:, 0], 0, between.winner[:, 0])
    w2 = np.where(between.lot[:, 1], 0, between.winner[:, 1])
    same = w1 == w2
    chair = np.where(same, pick("first_of_two", w1), pick("first", w1))
    vice = np.where(same, pick("second_of_two", w1), pick("first", w2))
    chair_lot = lot_a | (chair < 0)
    vice_lot = between.lot[:, 1] | between.tied[:, 1] | between.tied[:, 0] | (vice < 0)
    return Posts(np.where(chair_lot, -1, chair).astype(np.int16),
                 np.where(vice_lot, -1, vice).astype(np.int16), chair_lot, vice_lot)


def inner_picks(order_one: BatchOrder, order_two: BatchOrder) -> dict[str, np.ndarray]:
    """Members taking an alliance's seats, from its 1-seat and 2-seat d'Hondt orders."""
    return {
        "first": np.where(order_one.tied[:, 0] | order_one.lot[:, 0], -1, order_one.winner[:, 0]),
        "first_of_two": np.where(order_two.tied[:, 0] | order_two.lot[:, 0], -1,
                                 order_two.winner[:, 0]),
        "second_of_two": np.where(order_two.tied[:, 0] | order_two.tied[:, 1]
                                  | order_two.lot[:, 1], -1, order_two.winner[:, 1]),
    }


def posts_for_fixed_alliances(member_votes: np.ndarray, labels: np.ndarray) -> Posts:
    """Formand and næstformand per row of ``member_votes`` (shape ``(M, n)``) for one fixed
    valgforbund structure ``labels`` (alliance label per list, shape ``(n,)``)."""
    member_votes = np.asarray(member_votes, dtype=np.int64)
    blocks = int(labels.max()) + 1
    block_votes = np.stack([member_votes[:, labels == b].sum(axis=1) for b in range(blocks)],
                           axis=1)
    between = dhondt_order(block_votes, 2)
    tables = []
    for b in range(blocks):
        inside = np.where(labels == b, member_votes, 0)
        tables.append(inner_picks(dhondt_order(inside, 1), dhondt_order(inside, 2)))
    rows = np.arange(len(member_votes))

    def pick(kind: str, block: np.ndarray) -> np.ndarray:
        stacked = np.stack([t[kind] for t in tables], axis=1)
        return stacked[rows, block]

    return assign_posts(between, pick)
