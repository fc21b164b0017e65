"""Threshold, cap and method sweeps, exact vote margins, Monte Carlo and disproportionality."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from conftest import tally
from hypothesis import given, settings
from hypothesis import strategies as st

from kkr_analysis.data import load_election
from kkr_analysis.rules.chair import Alliance, elect_chair
from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.lists import region_tally
from kkr_analysis.scenarios.disproportionality import indices
from kkr_analysis.scenarios.montecarlo import compose_many, draw_votes, simulate, tally_with_votes
from kkr_analysis.scenarios.sensitivity import (
    cap_sweep,
    chair_margins,
    critical_thresholds,
    method_sweep,
    smallest_delta,
    threshold_breakpoints,
    threshold_sweep,
    vote_margins,
    with_votes,
)

# 3 municipalities (cap 6), mayors A, B, D. Shares A 61 %, B 30 %, C 6 %, D 3 %.
# At 2 %: floors A1 B1 D1; the cap binds (D's mayor alone needs quotient 300, i.e. a house of
# 33): 3 more seats by quotient A 3050, A 2033, A 1525 (> B 1500) → A4 B1 C0 D1.
# Above 3 % D is out and its mayor sits outside the lists: A1 B1 are covered at 3 seats
# (A 6100, A 3050, B 3000) → A2 B1, plus D's mayor: size 4.
SMALL = tally(3, ("A", 6100, 9, 1), ("B", 3000, 5, 1), ("C", 600, 1, 0), ("D", 300, 1, 1))


def seats(comp):
    return {r.list: r.total for r in comp.rows}


def test_critical_threshold_worked_by_hand():
    assert seats(compose(SMALL, method="dhondt")) == {"A": 4, "B": 1, "C": 0, "D": 1}
    found = critical_thresholds(SMALL, method="dhondt")
    assert [(c.threshold, c.list) for c in found] == [(Fraction(3, 100), "D")]
    assert found[0].changes == {"A": -2}
    above = compose(SMALL, threshold=Fraction(31, 1000), method="dhondt")
    assert seats(above) == {"A": 2, "B": 1, "C": 0, "D": 1} and above.size == 4


def test_threshold_sweep_grid_and_critical_rows():
    sweep = threshold_sweep(SMALL, method="dhondt")
    assert len(sweep) == 51 and sweep["critical"].sum() == 1  # 0.0 … 5.0 %; 3 % is on the grid
    assert list(sweep.loc[sweep["threshold"] < 0.0301, "A"].unique()) == [4]
    assert list(sweep.loc[sweep["threshold"] > 0.0301, "A"].unique()) == [2]


def test_cap_sweep_finds_where_the_cap_stops_binding():
    kv21 = region_tally(load_election("KV21"), "Hovedstaden")
    sweep = cap_sweep(kv21)
    assert sweep.loc[sweep["cap_factor"] == 2.0, "cap_binds"].item()
    assert not sweep.loc[sweep["cap_factor"] == 3.0, "cap_binds"].item()
    assert (sweep["size"] <= sweep["cap"]).all()


def test_method_sweep_has_all_methods_and_indices():
    frame = method_sweep(SMALL)
    assert list(frame["method"]) == ["dhondt", "sainte-lague", "hare"]
    assert (frame["gallagher"] >= 0).all() and (frame["loosemore_hanby"] >= frame["gallagher"]
                                                / 2).all()


def test_disproportionality_hand_worked():
    # Votes 60/40, seats 50/50: Loosemore-Hanby ½(10+10) = 10; Gallagher √(½(100+100)) = 10.
    d = indices([0.6, 0.4], [0.5, 0.5])
    assert d.loosemore_hanby == pytest.approx(10) and d.gallagher == pytest.approx(10)
    assert indices([0.5, 0.5], [0.5, 0.5]).gallagher == 0


@pytest.fixture(scope="module")
def hovedstaden():
    return region_tally(load_election("KV21"), "Hovedstaden")


def test_margins_are_exact_when_applied(hovedstaden):
    """The contract: with gain_votes more votes the list holds one more seat under every lot
    outcome (seat lots and a lot on the size), with one vote fewer it does not; loss_votes
    likewise (fewer seats under every outcome)."""
    base = seats(compose(hovedstaden))
    for m in vote_margins(hovedstaden):
        if m.gain_votes is not None:
            more = compose(with_votes(hovedstaden, m.list, m.gain_votes))
            short = compose(with_votes(hovedstaden, m.list, m.gain_votes - 1))
            assert more.seat_range(m.list)[0] >= base[m.list] + 1
            assert short.seat_range(m.list)[0] <= base[m.list]
        if m.loss_votes is not None:
            fewer = compose(with_votes(hovedstaden, m.list, -m.loss_votes))
            almost = compose(with_votes(hovedstaden, m.list, -(m.loss_votes - 1)))
            assert fewer.seat_range(m.list)[1] < base[m.list]
            assert almost.seat_range(m.list)[1] >= base[m.list]


def test_lists_held_at_their_mayors_cannot_lose(hovedstaden):
    margins = {m.list: m for m in vote_margins(hovedstaden)}
    assert margins["A"].seats == 17 and margins["A"].loss_votes is None  # 17 mayors, 17 seats
    assert margins["I"].gain_votes is not None  # Liberal Alliance can get in with more votes


def test_fragile_flag():
    m = next(x for x in vote_margins(SMALL) if x.list == "B")
    assert m.fragile == (m.loss_votes is not None and m.loss_votes < m.votes / 100)


def test_more_votes_can_cost_seats_through_the_threshold():
    # A paradox the search must handle: B's extra votes push A (a mayor's list at 2.1 %) under
    # 2 %, A's mayor then sits outside the lists, the KKR shrinks and B's seat disappears.
    # A 16, B 1, C 256, D 400: B has a seat at +85 votes but not at +129 (A 16/801 < 2 %).
    region = tally(4, ("A", 16, 1, 1), ("B", 1, 1, 0), ("C", 256, 1, 0), ("D", 400, 1, 0))
    assert seats(compose(with_votes(region, "B", 85), method="dhondt"))["B"] == 1
    assert seats(compose(with_votes(region, "B", 129), method="dhondt"))["B"] == 0
    margin = next(m for m in vote_margins(region, method="dhondt") if m.list == "B")
    assert margin.gain_votes == 85


@settings(max_examples=25)
@given(st.lists(st.integers(1, 120), min_size=2, max_size=4), st.integers(0, 3),
       st.sampled_from([+1, -1]))
def test_search_equals_linear_scan(votes, mayors, sign):
    region = tally(4, *[(chr(65 + i), v, 1, mayors if i == 0 else 0) for i, v in
                        enumerate(votes)])
    target = next(r for r in compose(region).rows if r.list == "B")

    def changed(d):
        low, high = compose(with_votes(region, "B", sign * d)).seat_range("B")
        return low >= target.total + 1 if sign > 0 else high < target.total

    limit = 4 * sum(votes) if sign > 0 else votes[1]
    scan = next((d for d in range(1, limit + 1) if changed(d)), None)
    found = smallest_delta(changed, limit, threshold_breakpoints(region, "B", sign))
    assert found == scan


def test_chair_margins_hand_worked():
    # A 10, B 7: A holds the chair; B needs 4 more (11 > 10); A can lose 3 (7 = 7 is a lot,
    # not a loss) — at 4 lost, B 7 > A 6.
    result = {(m.list, m.post): m for m in chair_margins({"A": 10, "B": 7})}
    assert result[("B", "chair")].votes_needed == 4
    assert result[("A", "chair")].holds and result[("A", "chair")].votes_needed == 4
    assert result[("A", "chair")].keep_votes == 2  # at 3 lost, 7 = 7: a lot decides
    assert result[("B", "chair")].keep_votes is None


@given(st.lists(st.integers(0, 40), min_size=2, max_size=4))
@settings(max_examples=60, deadline=None)
def test_chair_margins_keep_votes_brute_force(raw):
    """``keep_votes``: with that many votes lost the holder still holds the post with no lot,
    with one more it does not (brute force over elect_chair)."""
    from kkr_analysis.rules.chair import elect_chair

    votes = dict(zip("ABCD", raw))
    for m in chair_margins(votes):
        if not m.holds:
            continue

        def holds(d: int, m=m) -> bool:
            changed = dict(votes)
            changed[m.list] -= d
            post = getattr(elect_chair(changed), m.post)
            return post is not None and post.list == m.list

        lost = [d for d in range(1, votes[m.list] + 1) if not holds(d)]
        assert m.keep_votes == (lost[0] - 1 if lost else votes[m.list])


def test_monte_carlo_without_noise_is_the_observed_result(hovedstaden):
    sim = simulate(hovedstaden, draws=500, concentration=None)
    observed = seats(compose(hovedstaden))
    for name, n in observed.items():
        assert sim.seats.loc[name, n] == 1.0
    assert sim.posts.set_index("list").loc["A", "chair_probability"] == 1.0


@pytest.mark.parametrize("region", ["Hovedstaden", "Sjælland", "Syddanmark"])
def test_batch_composition_equals_scalar_on_draws(region):
    t = region_tally(load_election("KV21"), region)
    votes = draw_votes(t, 150, 200.0, seed=3)
    batch = compose_many(t, votes)
    for i, row in enumerate(votes):
        comp = compose(tally_with_votes(t, row))
        assert list(batch.seats[i]) == [r.total for r in comp.rows]
        assert batch.size[i] == comp.size and batch.lot[i] == (comp.tie is not None)


def test_monte_carlo_probabilities_sum_to_one(hovedstaden):
    sim = simulate(hovedstaden, draws=2000, concentration=500.0, seed=1)
    assert np.allclose(sim.seats.sum(axis=1), 1.0)
    total_posts = sim.posts[["chair_probability", "vice_chair_probability"]].sum()
    assert (total_posts <= 1.0 + 1e-12).all()


# 2 municipalities, both mayors A (cap 4). A 200, B 99: at 2 seats A 200, A 100 > B 99, so the
# size is 2 (A2 B0). With 1 more vote B's 100 ties A's second quotient: at 2 seats a lot
# decides between A and B, and if A wins the KKR stays at 2 seats without B (size_tie); only
# with 2 more votes (101 > 100) does B hold a seat whatever a lot decides (A 200, B 101, A 100).
SIZE_BY_MAYORS = tally(2, ("A", 200, 3, 2), ("B", 99, 1, 0))


def test_gain_counts_a_lot_on_the_size():
    assert compose(with_votes(SIZE_BY_MAYORS, "B", 1), method="dhondt").size_tie
    assert compose(with_votes(SIZE_BY_MAYORS, "B", 1), method="dhondt").seat_range("B") == (0, 1)
    assert compose(with_votes(SIZE_BY_MAYORS, "B", 2), method="dhondt").seat_range("B") == (1, 1)
    margin = next(m for m in vote_margins(SIZE_BY_MAYORS, method="dhondt") if m.list == "B")
    assert margin.gain_votes == 2


def test_loss_counts_a_lot_on_the_size():
    # A 200, B 101: size 3 (A2 B1). One vote fewer, B ties A's 100: B keeps its seat under one
    # lot outcome (size 3) and loses it under the other (size 2): not yet lost. Two fewer: lost.
    region = tally(2, ("A", 200, 3, 2), ("B", 101, 1, 0))
    margin = next(m for m in vote_margins(region, method="dhondt") if m.list == "B")
    assert margin.seats == 1 and margin.loss_votes == 2


def test_composition_outcomes_cover_the_size_lot():
    comp = compose(with_votes(SIZE_BY_MAYORS, "B", 1), method="dhondt")
    assert sorted(sorted(o.items()) for o in comp.outcomes()) == [
        [("A", 2), ("B", 0)], [("A", 2), ("B", 1)]]


def test_vice_chair_margin_is_not_bisected():
    # A 10, B 7, C 3: C takes næstformand with 5 more votes (A 10, C 8, B 7); with 8 more it
    # takes formand and A næstformand, and only from 18 more (C/2 = 10.5 > A) both posts.
    # A bisection over 1..80 lands in the second stretch and answered 18.
    result = {(m.list, m.post): m.votes_needed for m in chair_margins({"A": 10, "B": 7, "C": 3})}
    assert result[("C", "vice_chair")] == 5 and result[("C", "chair")] == 8
    assert result[("B", "vice_chair")] == 3  # B 4 < A/2 = 5; at B 5 it is a lot


@settings(max_examples=40)
@given(st.lists(st.integers(0, 25), min_size=3, max_size=5), st.sampled_from([0, 2, 3]))
def test_chair_margins_equal_linear_scan(votes, ally):
    names = [chr(65 + i) for i in range(len(votes))]
    counts = dict(zip(names, votes))
    alliances = [Alliance(tuple(names[:ally]))] if ally else []
    base = elect_chair(counts, alliances)
    for m in chair_margins(counts, alliances):
        def outcome(d, m=m):
            changed = dict(counts)
            changed[m.list] = max(changed[m.list] + d, 0)
            r = elect_chair(changed, alliances)
            p = getattr(r, m.post)
            labels = {a.label: a.members for a in r.alliances}
            in_lot = {x for t in r.ties if m.post in t.posts for name in t.lists
                      for x in labels.get(name, (name,))}
            return (p.list if p else None), in_lot

        if m.holds:
            limit = counts[m.list]
            scan = next((d for d in range(1, limit + 1) if outcome(-d)[0] != m.list
                         and m.list not in outcome(-d)[1]), None)
        else:
            limit = 4 * max(sum(votes), 1)
            scan = next((d for d in range(1, limit + 1) if outcome(d)[0] == m.list), None)
        assert m.votes_needed == scan, (m, base.describe())


def test_a_lot_between_valgforbund_counts_for_their_members():
    # A+B 31 + 20 = 51 > C 50 = D 50: A is formand. With one vote fewer A+B, C and D tie at 50
    # for both posts: A may still be formand by lot. Only two fewer lose it for sure.
    # Before: 1 (the lot named "A+B", not A).
    result = chair_margins({"A": 31, "B": 20, "C": 50, "D": 50}, [Alliance(("A", "B"))])
    assert next(m for m in result if (m.list, m.post) == ("A", "chair")).votes_needed == 2
