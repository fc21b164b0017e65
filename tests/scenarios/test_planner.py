"""The constituent-meeting planner (kommunestyrelsesloven § 24): hand-worked examples, the
batch rule against the scalar rules partition by partition, and hypothesis properties."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from planner_oracles import focus_seat_range, group_seats_scalar

from kkr_analysis.apportion import apportion
from kkr_analysis.apportion_batch import dhondt_order
from kkr_analysis.rules.appointments import Body, appoint
from kkr_analysis.scenarios.structures import bell, groups_with, set_partitions
from kkr_analysis.scenarios.valggrupper import (
    Meeting,
    Planner,
    body_meeting,
    meeting_of,
    split_seats,
)

BODIES = (Body("Fire", 4), Body("Formand", 1), Body("Tre", 3),
          Body("Erhverv", 1, kind="business"), Body("To", 2))
# KKR Hovedstaden's members per list (bundled KV21 data, the computed composition).
HOV = {"A": 17, "C": 14, "Ø": 9, "V": 6, "F": 5, "B": 5, "O": 2}
SEED_BODIES = (Body("Erhvervshus Hovedstaden (bestyrelse)", 4),
               Body("Greater Copenhagen EU Office (bestyrelse)", 1),
               Body("Greater Copenhagen EU Office (erhvervsrepræsentant)", 1, kind="business"))


def scalar_groups(planner: Planner, out, row: int) -> tuple[dict[str, int], str]:
    """The groups of one partition, as the scalar rules take them."""
    members = dict(zip(planner.names, (int(w) for w in planner.weights)))
    mine = planner.label(out.group)
    groups = {mine: sum(members[n] for n in mine.split("+"))}
    for grp in out.others(row):
        label = "+".join(planner.names[i] for i in grp)
        groups[label] = sum(members[planner.names[i]] for i in grp)
    return groups, mine


def assert_equal_to_scalar(planner: Planner, bodies, group: int, rows=None) -> None:
    out = planner.outcomes(group)
    for row in range(len(out.low)) if rows is None else rows:
        groups, mine = scalar_groups(planner, out, row)
        assert (out.low[row], out.high[row]) == group_seats_scalar(groups, mine, bodies), groups


# ---- hand-worked § 24 examples -------------------------------------------------------------

def test_a_lot_between_two_groups_with_equal_quotients():
    # X 6, Y 6, Z 2 members; 3 seats. Quotients X 6, Y 6, X 3, Y 3, Z 2: X and Y take a seat
    # each, the third is X/2 = Y/2 = 3 — a lot. X wins 1 seat if the lot goes against it, 2 if
    # for it. If Y and Z join (8 members): 8, 6, 4 → Y+Z 2, X 1, no lot.
    bodies = [Body("Tre", 3)]
    result = appoint(bodies[0], {"X": 6, "Y": 6, "Z": 2})
    assert result.tie is not None and set(result.tie.lists) == {"X", "Y"}
    planner = Planner({"X": 6, "Y": 6, "Z": 2}, meeting_of(bodies), exhaustive=True)
    out = planner.outcomes(planner.mask(["X"]))
    by_partition = {tuple(map(tuple, out.others(r))): (int(out.low[r]), int(out.high[r]),
                                                       bool(out.lot[r]))
                    for r in range(len(out.low))}
    assert by_partition == {((1,), (2,)): (1, 2, True), ((1, 2),): (1, 1, False)}
    row = planner.for_bloc(["X"]).iloc[0]
    assert (row["min_seats"], row["max_seats"], row["lots"]) == (1, 2, 1)


def test_a_one_seat_body_with_no_majority():
    # 5 + 4 + 3 = 12 members: nobody has more than 6, so the vote decides — nothing is sure
    # (min 0) and anyone can win it (max 1). With 7 of 12, A's seat is sure and B's is lost.
    bodies = [Body("Formand", 1)]
    assert appoint(bodies[0], {"A": 5, "B": 4, "C": 3}).picks == ()
    planner = Planner({"A": 5, "B": 4, "C": 3}, meeting_of(bodies))
    for name in "ABC":
        assert planner.for_bloc([name])[["min_seats", "max_seats"]].values.tolist() == [[0, 1]]
    # A and B together have 9 of 12: a sure majority; C then cannot win it.
    assert planner.for_bloc(["A", "B"])[["min_seats", "max_seats"]].values.tolist() == [[1, 1]]
    assert planner.outcomes(planner.mask(["C"])).high.tolist() == [0, 1]  # {A,B} vs {A},{B}
    planner = Planner({"A": 7, "B": 3, "C": 2}, meeting_of(bodies))
    assert planner.for_bloc(["A"])[["min_seats", "max_seats"]].values.tolist() == [[1, 1]]
    assert planner.for_bloc(["B"])[["min_seats", "max_seats"]].values.tolist() == [[0, 0]]


def test_a_list_joining_a_group_changes_the_pick_order():
    # A 5, B 4, C 3 members, 3 seats: quotients A 5, B 4, C 3, A/2 2.5 → picks A, B, C.
    # B and C join (7): B+C 7, A 5, (B+C)/2 3.5 → picks B+C, A, B+C: the group picks first
    # and wins 2 seats where its lists alone won 1 + 1.
    body = Body("Tre", 3)
    alone = appoint(body, {"A": 5, "B": 4, "C": 3})
    assert [p.group for p in alone.picks] == ["A", "B", "C"]
    joined = appoint(body, {"A": 5, "B+C": 7})
    assert [p.group for p in joined.picks] == ["B+C", "A", "B+C"]
    planner = Planner({"A": 5, "B": 4, "C": 3}, meeting_of([body]))
    assert planner.for_bloc(["B", "C"])[["min_seats", "max_seats"]].values.tolist() == [[2, 2]]
    # B alone keeps its 1 seat either way: against A, C it is 5, 4, 3; against A+C (8) it is
    # 8, then 4 and 4 for the last two seats (both seated: only the order is a lot).
    assert planner.for_bloc(["B"])[["min_seats", "max_seats"]].values.tolist() == [[1, 1]]


def test_hovedstaden_planner_reads_like_the_hand_count():
    # Bundled bodies: Erhvervshus 4 seats (d'Hondt), EU Office 1 seat (majority), a business
    # member (nominated, not counted). 58 members; a majority is 30.
    planner = Planner(HOV, meeting_of(SEED_BODIES), exhaustive=True)
    assert planner.meeting == Meeting((4,), 1)
    table = planner.for_list("C")
    assert len(table) == 2 ** 6 and table["partitions"].sum() == bell(7)
    c_alone = table.set_index("group").loc["C"]
    # C 14 alone: at worst A+Ø+V+F+B+O = 44 → 44, 22, 14.67, 14 (C) → tie? 44/3 = 14.67 > 14,
    # 44/4 = 11 < 14: C takes the 4th seat: 1 seat, the EU seat is not sure.
    assert (c_alone["min_seats"], c_alone["max_seats"]) == (1, 2)
    best = table.iloc[0]
    assert best["min_seats"] == 5 and best["members"] * 2 > 58  # all 5: a majority group
    assert list(table.columns[:4]) == ["group", "members", "min_seats", "max_seats"]
    assert (table["min_seats"].diff().dropna() <= 0).all()


def test_split_inside_a_group_is_dhondt_on_kkr_seats_and_reports_lots():
    assert split_seats({"A": 17, "C": 14, "V": 6}, ["A", "C", "V"], 4) == {
        "A": "2", "C": "2", "V": "0"}  # 17, 14, 8.5, 7 → A, C, A, C (V's 6 is fifth)
    assert split_seats({"X": 5, "Y": 5}, ["X", "Y"], 1) == {"X": "0+lod", "Y": "0+lod"}
    assert split_seats({"X": 5}, ["X"], 3, "none") == {}


def test_best_partners_for_hovedstaden():
    partners = Planner(HOV, meeting_of(SEED_BODIES)).best_partners().set_index("list")
    # A (17) and C (14): 31 of 58 is a majority, and 31 vs 27 takes 3 of 4 seats at worst.
    assert partners.loc["C", "partner"] == "A" and partners.loc["C", "group_min"] == 3
    assert (partners["group_min"] >= partners["alone_min"]).all()


# ---- the batch rule equals the scalar rules --------------------------------------------------

@given(st.lists(st.integers(0, 30), min_size=1, max_size=7), st.integers(1, 30),
       st.integers(1, 12))
def test_focus_seat_range_equals_scalar(others, focus, seats):
    low, high = focus_seat_range(focus, np.array([others]), seats)
    votes = {"G": focus, **{f"o{i}": w for i, w in enumerate(others)}}
    scalar = apportion(votes, seats)
    assert (int(low[0]), int(high[0])) == scalar.seat_range("G")
    order = dhondt_order(np.array([[focus, *others]]), seats)
    assert order.seats[0, 0] == scalar.seats["G"]  # the two batch views agree


@pytest.mark.parametrize("n", range(1, 7))
def test_every_group_and_partition_equals_scalar_for_small_n(n):
    rng = random.Random(n)
    members = {chr(65 + i): rng.randint(1, 6) for i in range(n)}  # small: ties happen
    planner = Planner(members, meeting_of(BODIES))
    total = 0
    for group in range(1, 1 << n):
        assert_equal_to_scalar(planner, BODIES, group)
        total += len(planner.outcomes(group).low)
    assert total == sum(bell(n - bin(g).count("1")) for g in range(1, 1 << n))


def test_a_large_body_uses_wider_counters_and_still_equals_scalar():
    # 5 other lists × 60 seats do not fit a byte: the counters are 16-bit.
    members = {"A": 31, "B": 17, "C": 17, "D": 9, "E": 3, "F": 1}
    bodies = [Body("Stor", 60), Body("Formand", 1), Body("To", 2)]
    planner = Planner(members, meeting_of(bodies))
    assert planner._lane_dtype() == np.uint16
    for group in range(1, 1 << len(members)):
        assert_equal_to_scalar(planner, bodies, group)


def test_random_partitions_equal_scalar_for_large_n():
    rng = random.Random(11)
    members = {chr(65 + i): rng.randint(1, 9) for i in range(11)}
    bodies = [Body("Ni", 9), Body("Formand", 1), Body("Fem", 5), Body("Sytten", 17)]
    planner = Planner(members, meeting_of(bodies))
    for group in rng.sample(range(1, 1 << 11), 6) + [1]:
        out = planner.outcomes(group)
        rows = rng.sample(range(len(out.low)), min(150, len(out.low)))
        assert_equal_to_scalar(planner, bodies, group, rows)


def test_exhaustive_counts_every_structure_once():
    planner = Planner({chr(65 + i): i + 1 for i in range(8)}, body_meeting(5), exhaustive=True)
    assert planner.for_list("A")["partitions"].sum() == bell(8) == len(set_partitions(8))
    assert len(groups_with(8, 0)) == 2 ** 7


# ---- properties --------------------------------------------------------------------------

members_st = st.lists(st.integers(1, 25), min_size=1, max_size=6)
seats_st = st.lists(st.integers(1, 9), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(members_st, seats_st)
def test_the_grand_coalition_wins_every_seat(weights, seats):
    members = {chr(65 + i): w for i, w in enumerate(weights)}
    meeting = meeting_of([Body(str(i), k) for i, k in enumerate(seats)])
    row = Planner(members, meeting).for_bloc(list(members)).iloc[0]
    assert row["min_seats"] == row["max_seats"] == sum(seats)


@settings(max_examples=60, deadline=None)
@given(members_st, seats_st, st.randoms())
def test_results_do_not_depend_on_list_order(weights, seats, rnd):
    members = {chr(65 + i): w for i, w in enumerate(weights)}
    meeting = meeting_of([Body(str(i), k) for i, k in enumerate(seats)])
    shuffled = list(members.items())
    rnd.shuffle(shuffled)

    def table(planner: Planner) -> set:
        frame = planner.ranges(range(1, 1 << len(members)))
        return {("+".join(sorted(g.split("+"))), m, lo, hi)
                for g, m, lo, hi in frame[["group", "members", "min_seats",
                                           "max_seats"]].itertuples(index=False)}

    assert table(Planner(members, meeting)) == table(Planner(dict(shuffled), meeting))


@settings(max_examples=60, deadline=None)
@given(members_st, seats_st)
def test_min_seats_never_exceed_max_seats(weights, seats):
    members = {chr(65 + i): w for i, w in enumerate(weights)}
    meeting = meeting_of([Body(str(i), k) for i, k in enumerate(seats)])
    frame = Planner(members, meeting).for_list("A")
    assert (frame["min_seats"] <= frame["max_seats"]).all()
    assert (frame["max_seats"] <= sum(seats)).all() and (frame["min_seats"] >= 0).all()


# ---- the app panel ---------------------------------------------------------------------------

def test_planner_panel_list_bloc_and_errors():
    from kkr_analysis.presentation.planner_widget import PlannerPanel
    from kkr_analysis.scenario import Scenario

    panel = PlannerPanel(Scenario("KV21"), chart=False)
    assert panel.list_choice.value == "C" and len(panel.result) == 2 ** 7  # 8 lists with members
    assert "split_of_min" in panel.result and "antagelse" in panel.html.value
    panel.bloc.value = "C+V+O"
    assert panel.result[["group", "min_seats", "max_seats"]].values.tolist() == [
        ["C+V+O", 1, 3]]
    panel.bloc.value = "C+X"
    assert panel.error.startswith("Kan ikke beregne") and "«X» er ikke en liste" in panel.text
    panel.bloc.value = "c+v+o"  # as the dropdown names them, in any case
    assert not panel.error and panel.result["group"].tolist() == ["C+V+O"]
    panel.bloc.value = ""
    panel.split.value = "vis ikke"
    panel.list_choice.value = "A"
    assert not panel.error and "split_of_min" not in panel.result
    assert all("A" in g.split("+") for g in panel.result["group"])


def test_planner_panel_refuses_a_typo_in_the_bloc():
    """"C++V" typed in the panel is an error, not C+V (one parser for lists joined by '+')."""
    from kkr_analysis.presentation.planner_widget import PlannerPanel
    from kkr_analysis.scenario import Scenario

    panel = PlannerPanel(Scenario("KV21"), chart=False)
    panel.bloc.value = "C++V"
    assert panel.error.startswith("Kan ikke beregne") and "ét «+» imellem" in panel.error
