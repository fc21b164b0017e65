"""The exact apportionment core: hand-worked examples, ties, and hypothesis properties."""

from __future__ import annotations

from fractions import Fraction

import apportionment.methods as reference
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kkr_analysis.apportion import METHODS, Tie, apportion

WIKI = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}


def test_dhondt_textbook_example():
    # Quotients: A 100k 50k 33.3k 25k | B 80k 40k 26.7k | C 30k | D 20k → 8 seats: 4, 3, 1, 0.
    result = apportion(WIKI, 8, "dhondt")
    assert dict(result.seats) == {"A": 4, "B": 3, "C": 1, "D": 0}
    assert result.tie is None
    assert [a.list for a in result.order] == ["A", "B", "A", "B", "A", "C", "B", "A"]


def test_sainte_lague_textbook_example():
    # Divisors 1, 3, 5: A 100k 33.3k 20k | B 80k 26.7k 16k | C 30k | D 20k (ties A 20k only at
    # seat 9) → 8 seats: 3, 3, 1, 1.
    assert dict(apportion(WIKI, 8, "sainte-lague").seats) == {"A": 3, "B": 3, "C": 1, "D": 1}


def test_hare_textbook_example():
    # Quotas 8·v/230k: 3.478, 2.783, 1.043, 0.696 → floors 3, 2, 1, 0; remainders B .783, D .696.
    assert dict(apportion(WIKI, 8, "hare").seats) == {"A": 3, "B": 3, "C": 1, "D": 1}


def test_tie_for_last_seats_is_reported_not_broken():
    # § 24-style groups of 6, 4 and 2 members, 5 seats. Quotients: 6, 4, 3, then 2 (A/3, B/2,
    # C/1) for the last two seats: three groups tied for two seats.
    result = apportion({"A": 6, "B": 4, "C": 2}, 5)
    assert dict(result.seats) == {"A": 2, "B": 1, "C": 0}
    assert result.tie == Tie(("A", "B", "C"), 2, Fraction(2))
    assert sorted(tuple(sorted(o.items())) for o in result.outcomes()) == [
        (("A", 2), ("B", 2), ("C", 1)),
        (("A", 3), ("B", 1), ("C", 1)),
        (("A", 3), ("B", 2), ("C", 0)),
    ]
    assert result.seat_range("C") == (0, 1)


def test_tie_within_the_house_is_an_order_tie_only():
    # 4 and 4 votes, 2 seats: each gets one, but who picks first is a lot.
    result = apportion({"A": 4, "B": 4}, 2)
    assert result.tie is None and dict(result.seats) == {"A": 1, "B": 1}
    assert result.order[0].tied_with == ("B",) and result.order[1].tied_with == ("A",)


def test_hare_tie_on_equal_remainders():
    # 3 seats, votes 1:1:1:1 → quota 0.75 each, floors 0, four equal remainders for 3 seats.
    result = apportion({"A": 1, "B": 1, "C": 1, "D": 1}, 3, "hare")
    assert result.tie is not None and result.tie.seats == 3 and len(result.tie.lists) == 4


def test_floors_are_minimums_then_divisor_order():
    # KKR with A holding 2 mayors but only 300 of 1000 votes, house of 4: A keeps 2, the other
    # 2 seats go by quotient (B 700, B 350 beat A 300/3 = 100).
    result = apportion({"A": 300, "B": 700}, 4, floors={"A": 2})
    assert dict(result.seats) == {"A": 2, "B": 2}


def test_hare_floors_fix_and_share_again():
    # Hare 4 seats: A 300 → 1.2, B 700 → 2.8 → A1 B3; with A's floor 2, A is fixed at 2 and B
    # gets the other 2.
    assert dict(apportion({"A": 300, "B": 700}, 4, "hare", floors={"A": 2}).seats) == {
        "A": 2, "B": 2}


def test_threshold_excludes_exactly_at_the_boundary():
    votes = {"A": 980, "B": 20}  # B has exactly 2 %: it stays
    assert apportion(votes, 50, threshold=Fraction(2, 100)).excluded == ()
    votes = {"A": 981, "B": 19}  # 1.9 %: out
    result = apportion(votes, 50, threshold=Fraction(2, 100))
    assert result.excluded == ("B",) and result.seats["B"] == 0 and result.seats["A"] == 50


@pytest.mark.parametrize("bad", [{"A": -1}, {"A": 1.5}, {"A": True}])
def test_rejects_bad_votes(bad):
    with pytest.raises(ValueError):
        apportion(bad, 3)


def test_rejects_floors_above_house():
    with pytest.raises(ValueError, match="floors add up"):
        apportion({"A": 1, "B": 1}, 2, floors={"A": 2, "B": 1})


votes_st = st.dictionaries(
    st.sampled_from("ABCDEFGHIJ"), st.integers(min_value=0, max_value=200_000), min_size=1,
    max_size=8,
).filter(lambda v: sum(v.values()) > 0)


def _total(result) -> int:
    return sum(result.seats.values()) + (result.tie.seats if result.tie else 0)


@given(votes_st, st.integers(min_value=0, max_value=60), st.sampled_from(METHODS))
def test_every_seat_is_allocated_or_tied(votes, n, method):
    assert _total(apportion(votes, n, method)) == n


@given(votes_st, st.integers(min_value=0, max_value=60), st.sampled_from(METHODS), st.data())
def test_floors_respected(votes, n, method, data):
    names = sorted(votes)
    floors = {k: data.draw(st.integers(0, 3)) for k in names}
    assume(sum(floors.values()) <= n)
    result = apportion(votes, n, method, floors=floors)
    assert all(result.seats[k] >= f for k, f in floors.items())
    assert _total(result) == n


@given(votes_st, st.integers(min_value=0, max_value=60), st.sampled_from(("dhondt",
                                                                           "sainte-lague")))
def test_divisor_methods_are_house_monotone(votes, n, method):
    smaller, larger = apportion(votes, n, method), apportion(votes, n + 1, method)
    for name in votes:
        assert smaller.seat_range(name)[0] <= larger.seat_range(name)[0]
        assert smaller.seat_range(name)[1] <= larger.seat_range(name)[1]


@given(votes_st, st.integers(min_value=0, max_value=60), st.sampled_from(METHODS), st.randoms())
def test_list_order_does_not_matter(votes, n, method, rnd):
    items = list(votes.items())
    rnd.shuffle(items)
    a, b = apportion(votes, n, method), apportion(dict(items), n, method)
    assert dict(a.seats) == dict(b.seats)
    assert (a.tie is None) == (b.tie is None)
    if a.tie:
        assert set(a.tie.lists) == set(b.tie.lists) and a.tie.seats == b.tie.seats


@given(votes_st, st.integers(min_value=0, max_value=60), st.sampled_from(METHODS),
       st.integers(min_value=2, max_value=1000))
def test_scaling_all_votes_does_not_matter(votes, n, method, k):
    a = apportion(votes, n, method)
    b = apportion({name: v * k for name, v in votes.items()}, n, method)
    assert dict(a.seats) == dict(b.seats)
    assert (a.tie and (a.tie.lists, a.tie.seats)) == (b.tie and (b.tie.lists, b.tie.seats))


@given(votes_st, st.integers(min_value=1, max_value=60))
def test_agrees_with_the_apportionment_package_when_untied(votes, n):
    names = sorted(votes)
    ours = apportion(votes, n, "dhondt")
    try:
        theirs = reference.compute("dhondt", [votes[k] for k in names], n, verbose=False,
                                   tiesallowed=False)
    except reference.TiesException:
        assert ours.tie is not None
        return
    assert ours.tie is None
    assert [ours.seats[k] for k in names] == theirs


@given(votes_st, st.integers(min_value=0, max_value=60))
def test_order_is_quotient_order(votes, n):
    result = apportion(votes, n)
    quotients = [a.quotient for a in result.order]
    assert quotients == sorted(quotients, reverse=True)
    if result.tie:
        assert all(q > result.tie.quotient for q in quotients)
