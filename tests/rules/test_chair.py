"""Formand and næstformand (KL's love § 15, stk. 3): hand-worked elections, validation, the
exhaustive structure analysis (vectorised against the scalar rule), power indices, widgets."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkr_analysis.apportion import apportion
from kkr_analysis.apportion_batch import dhondt_order
from kkr_analysis.errors import DataError
from kkr_analysis.rules.chair import Alliance, elect_chair, parse_alliances
from kkr_analysis.scenarios.alliances import (
    bell,
    evaluate_structures,
    guaranteeing_alliances,
    minimal_guarantees,
    set_partitions,
)
from kkr_analysis.scenarios.power import power_indices
from kkr_analysis.widgets import AllianceExplorer

# KKR Hovedstaden's lists that take part, with the bundled KV21 votes.
HOV = {"A": 211026, "C": 194759, "Ø": 123266, "V": 91288, "F": 79718, "B": 70236, "O": 26632}


def posts(result):
    return (result.chair and result.chair.list, result.vice_chair and result.vice_chair.list)


def test_without_alliances_the_two_largest_lists_win():
    # Quotients: A 211,026 > C 194,759 > A/2 105,513 → A formand, C næstformand.
    assert posts(elect_chair(HOV)) == ("A", "C")


def test_an_alliance_flips_the_chair():
    # C+V+O = 312,679 > A 211,026 > C+V+O/2 156,339.5 → the alliance takes the chair (C, its
    # largest member) and A the vice-chair.
    result = elect_chair(HOV, parse_alliances(["C+V+O"]))
    assert posts(result) == ("C", "A")
    assert result.chair.alliance == ("C", "V", "O") and result.vice_chair.alliance == ("A",)


def test_one_alliance_wins_both_posts():
    # A+Ø+F+B = 484,246; its 2nd quotient 242,123 beats C 194,759 (the largest list outside),
    # so it wins both posts. Inside: A 211,026 first, then Ø 123,266 > A/2 105,513.
    result = elect_chair(HOV, parse_alliances(["A+Ø+F+B"]))
    assert posts(result) == ("A", "Ø")
    assert result.chair.alliance == result.vice_chair.alliance == ("A", "Ø", "F", "B")


def test_one_list_can_hold_both_posts():
    # A+B: 30+5 = 35 vs C 5; inside the alliance A/2 = 15 > B 5 → A takes both.
    assert posts(elect_chair({"A": 30, "B": 5, "C": 5}, parse_alliances(["A+B"]))) == ("A", "A")


def test_tie_for_the_vice_chair_is_a_lot():
    # A 10, B 5, C 5: A formand; A/2 = B = C = 5 → næstformand by lot among A, B, C.
    result = elect_chair({"A": 10, "B": 5, "C": 5})
    assert posts(result) == ("A", None)
    assert result.to_dict()["ties"] == [{"posts": ["vice_chair"], "lists": ["A", "B", "C"],
                                         "reason": result.ties[0].reason}]


def test_equal_alliances_draw_lots_for_the_order():
    # A 10 vs B+C 10 (B 4, C 6): both get a post, which one is a lot.
    result = elect_chair({"A": 10, "B": 4, "C": 6}, parse_alliances(["B+C"]))
    assert posts(result) == (None, None)
    assert set(result.ties[0].lists) == {"A", "C"} and result.ties[0].posts == ("chair",
                                                                                 "vice_chair")


def test_tie_inside_an_alliance():
    # A+B 30+15 = 45 wins both (C 5); inside, A 30 first, then A/2 = 15 = B 15: a lot.
    result = elect_chair({"A": 30, "B": 15, "C": 5}, parse_alliances(["A+B"]))
    assert posts(result) == ("A", None)
    assert set(result.ties[0].lists) == {"A", "B"}


def test_alliance_can_name_its_list():
    result = elect_chair({"A": 30, "B": 15, "C": 5}, parse_alliances(["A+B:B"]))
    assert posts(result) == ("B", "A")


def test_alliance_order_names_both_posts():
    # A+B 30+15 = 45 wins both posts (C 5, 45/2 = 22,5 > 5). Without an order d'Hondt inside
    # gives A both (A 30, then A/2 = 15 = B 15: a lot); "B,A" gives B the 1st seat (formand) and
    # A the 2nd (næstformand), and "A,B" A then B — no lot either way.
    assert posts(elect_chair({"A": 30, "B": 15, "C": 5}, parse_alliances(["A+B:B,A"]))) == (
        "B", "A")
    result = elect_chair({"A": 30, "B": 15, "C": 5}, parse_alliances(["A+B:A,B"]))
    assert posts(result) == ("A", "B") and result.ties == ()


def test_alliance_order_counts_seats_the_alliance_wins_not_posts():
    # V+C 40+20 = 60 vs A 50: V+C/1 60 > A 50 > V+C/2 30 → the alliance wins only the chair,
    # which goes to the first of its order (C), and A takes the vice-chair; the 2nd name is
    # never used. With order "V,C" V is formand.
    votes = {"V": 40, "C": 20, "A": 50}
    assert posts(elect_chair(votes, parse_alliances(["V+C:C,V"]))) == ("C", "A")
    assert posts(elect_chair(votes, parse_alliances(["V+C:V,C"]))) == ("V", "A")
    # A 70 > V+C 60 > A/2 35: the alliance's one seat is the vice-chair, and goes to C.
    assert posts(elect_chair({"V": 40, "C": 20, "A": 70}, parse_alliances(["V+C:C,V"]))) == (
        "A", "C")


def test_one_named_list_then_dhondt_with_the_named_seat_counted():
    # V+C+O 60+30+28 = 118 wins both (A 20). Order "C": C takes seat 1; seat 2 by d'Hondt with
    # C's seat counted: V 60/1 = 60 > O 28 > C 30/2 = 15 → V næstformand.
    assert posts(elect_chair({"V": 60, "C": 30, "O": 28, "A": 20},
                             parse_alliances(["V+C+O:C"]))) == ("C", "V")
    # The same list twice: "C,C" gives C both posts.
    assert posts(elect_chair({"V": 60, "C": 30, "O": 28, "A": 20},
                             parse_alliances(["V+C+O:C,C"]))) == ("C", "C")
    # A lot that remains after the named seat is reported: V+C 30+30 = 60 (A 10); "C", then
    # V 30/1 = 30 vs C 30/2 = 15 → V; with V 15: V 15/1 = C 30/2 = 15 → a lot between C and V.
    result = elect_chair({"V": 15, "C": 30, "A": 10}, parse_alliances(["V+C:C"]))
    assert posts(result) == ("C", None)
    assert result.ties[0].posts == ("vice_chair",) and set(result.ties[0].lists) == {"C", "V"}


def test_equal_alliances_with_orders_still_draw_lots_for_the_order():
    # A+B 6+4 = 10 vs C+D 7+3 = 10: each wins one post, which one is a lot; each alliance's
    # seat goes to the first of its order (B and D), so the lot is between B and D.
    result = elect_chair({"A": 6, "B": 4, "C": 7, "D": 3}, parse_alliances(["A+B:B", "C+D:D,C"]))
    assert posts(result) == (None, None)
    assert set(result.ties[0].lists) == {"B", "D"}


def test_alliance_spec_round_trips_its_order():
    (a,) = parse_alliances(["V+C+O+I+Æ:V,C"])
    assert a.order == ("V", "C") and a.nominee == "V"
    assert a.spec() == "V+C+O+I+Æ:V,C" and a.spec(":") == "V+C+O+I+Æ:V:C"
    assert parse_alliances([a.spec(":")]) == [a]
    assert Alliance(("A", "B"), "B") == Alliance(("A", "B"), ("B",))
    assert Alliance(("A", "B"), None).order == ()


@pytest.mark.parametrize("specs,message", [
    (["A+F:A,F,A"], "højst to"),
    (["A+F:A,"], "efter ':'"),
    (["A+F:F,C"], "ikke er med i valgforbundet"),
    (["A+D"], "'D' kan ikke indgå"),
    (["A+F", "F+Ø"], "to valgforbund"),
    (["A+F:C"], "ikke er med i valgforbundet"),
])
def test_invalid_alliances_are_refused(specs, message):
    with pytest.raises(DataError, match=message):
        elect_chair(HOV, parse_alliances(specs))


names = st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=6, unique=True)


@given(names, st.data())
def test_result_does_not_depend_on_list_order(lists, data):
    votes = {k: data.draw(st.integers(0, 1000)) for k in lists}
    shuffled = data.draw(st.permutations(lists))
    a = elect_chair(votes)
    b = elect_chair({k: votes[k] for k in shuffled})
    assert posts(a) == posts(b)


@given(names, st.data())
def test_grand_alliance_takes_both_posts(lists, data):
    votes = {k: data.draw(st.integers(1, 1000)) for k in lists}
    result = elect_chair(votes, [Alliance(tuple(lists))])
    for p in (result.chair, result.vice_chair):
        assert p is None or p.alliance == tuple(lists)
    if result.chair is None or result.vice_chair is None:
        assert result.ties  # only a lot inside can leave a post open


@given(names, st.data())
def test_stating_dhondts_own_order_changes_nothing(lists, data):
    # The default is d'Hondt inside the valgforbund: naming, in order, the lists it would pick
    # anyway gives the same posts (where no lot inside decides).
    votes = {k: data.draw(st.integers(0, 1000)) for k in lists}
    members = tuple(data.draw(st.permutations(lists)))[:max(2, len(lists) - 1)]
    if len(members) < 2:
        return
    plain = elect_chair(votes, [Alliance(members)])
    held = [p.list for p in (plain.chair, plain.vice_chair) if p is not None
            and p.alliance == members]
    if plain.ties:
        return
    stated = elect_chair(votes, [Alliance(members, tuple(held))])
    assert posts(stated) == posts(plain) and stated.ties == ()


# ---- exhaustive analysis ----------------------------------------------------------------------

@pytest.mark.parametrize("n", range(0, 9))
def test_set_partitions_are_all_distinct_and_bell_many(n):
    parts = set_partitions(n)
    assert len(parts) == bell(n)
    assert len({tuple(r) for r in parts}) == len(parts)
    if n:  # restricted growth: each label at most one more than the largest before it
        running = np.maximum.accumulate(parts, axis=1)
        assert (parts[:, 1:] <= running[:, :-1] + 1).all() and (parts[:, 0] == 0).all()


def test_exhaustive_equals_scalar_on_every_hovedstaden_structure():
    out = evaluate_structures(HOV, progress=False)
    assert out.structures == bell(7) == 877
    for row in range(out.structures):
        result = elect_chair(HOV, out.alliances_of(row))
        index = {k: i for i, k in enumerate(out.lists)}
        assert out.chair[row] == (index[result.chair.list] if result.chair else -1)
        assert out.vice_chair[row] == (index[result.vice_chair.list] if result.vice_chair
                                       else -1)


def test_chair_counts_vectorised_equal_one_by_one_on_a_random_sample():
    rng = random.Random(7)
    votes = {chr(65 + i): rng.randint(1, 60) for i in range(9)}  # small: ties happen
    out = evaluate_structures(votes, progress=False)
    sample = rng.sample(range(out.structures), 400)
    for row in sample:
        result = elect_chair(votes, out.alliances_of(row))
        got = out.lists[out.chair[row]] if out.chair[row] >= 0 else None
        assert got == (result.chair.list if result.chair else None)
        if out.chair_lot[row] or out.vice_lot[row]:
            assert result.ties and out.lot_lists[row]


def test_who_must_c_ally_with_in_hovedstaden():
    out = evaluate_structures(HOV, progress=False)
    smallest = minimal_guarantees(guaranteeing_alliances(out, "C"))[0]
    # C+Ø+V = 409,313 is more than half of 796,925 and C is its largest member.
    assert smallest.members == ("C", "Ø", "V") and smallest.votes == 409_313
    assert smallest.votes * 2 > sum(HOV.values())
    # No alliance with A can make C chair (A out-votes C inside it).
    assert all("A" not in g.members for g in guaranteeing_alliances(out, "C"))


def test_summary_counts_add_up():
    out = evaluate_structures(HOV, progress=False)
    s = out.summary()
    assert s["chair"].sum() + (out.chair < 0).sum() == out.structures
    assert (s["both_posts"] + s["chair_only"] + s["vice_chair_only"] + s["in_a_lot"]
            + s["neither"] == out.structures).all()


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=6), st.integers(1, 8), st.randoms())
def test_batch_dhondt_equals_scalar(votes_list, seats, rnd):
    rows = [votes_list, [rnd.randint(0, 5) for _ in votes_list]]
    order = dhondt_order(np.array(rows), seats)
    for r, row in enumerate(rows):
        votes = {str(i): v for i, v in enumerate(row)}
        if sum(row) == 0:
            continue
        scalar = apportion(votes, seats)
        assert [order.seats[r][i] for i in range(len(row))] == [scalar.seats[str(i)]
                                                                for i in range(len(row))]
        assert order.lot[r].any() == (scalar.tie is not None)


# ---- power indices ----------------------------------------------------------------------------

def test_power_indices_hand_worked():
    # Weights 4, 3, 2 with majority 5: every pair wins, no single list does → all equal power.
    p = power_indices({"A": 4, "B": 3, "C": 2})
    assert list(p["banzhaf"]) == pytest.approx([1 / 3] * 3)
    assert list(p["shapley_shubik"]) == pytest.approx([1 / 3] * 3)
    # 51 vs 49: A is a dictator, B a dummy.
    p = power_indices({"A": 51, "B": 49})
    assert list(p["banzhaf"]) == [1.0, 0.0] and list(p["pivotal"]) == [True, False]


def test_power_indices_sum_to_one():
    p = power_indices(HOV)
    assert p["banzhaf"].sum() == pytest.approx(1) and p["shapley_shubik"].sum() == pytest.approx(1)


# ---- widgets -----------------------------------------------------------------------------------

def test_alliance_explorer_updates_when_lists_join():
    explorer = AllianceExplorer(HOV, chart=False)
    assert posts(explorer.result) == ("A", "C")
    for name in ("C", "V", "O"):
        explorer.assign(name, 1)
    assert posts(explorer.result) == ("C", "A") and "valgforbund C+V+O" in explorer.text
    assert "valgforbund C+V+O" in explorer.html.value
    explorer.assign("O", None)
    assert [a.members for a in explorer.alliances()] == [("C", "V")]
