"""Issue 21, "a simpler planner core": the planner's default (two structures per valggruppe,
rule ``ksl24.valggrupper``, kommunestyrelsesloven § 24) against its enumeration
(``exhaustive=True``): the same ``min_seats``, ``max_seats``, ``worst_case`` and row order for
every group; lot flags for the worst and the best case; any number of lists; and
``--exhaustive``'s output unchanged to the byte (stored before the change, in
tests/fixtures/planner_exhaustive/)."""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkr_analysis.cli import main
from kkr_analysis.errors import DataError
from kkr_analysis.rules.appointments import Body, groups_from_composition
from kkr_analysis.scenarios.structures import MAX_LISTS, rest_partitions
from kkr_analysis.scenarios.valggrupper import Planner, body_meeting, meeting_of

EXPECTED = Path(__file__).parents[1] / "fixtures" / "planner_exhaustive"
COMMON = ["group", "members", "min_seats", "max_seats", "worst_case"]
SEED_BODIES = (Body("Erhvervshus", 4), Body("EU-kontor", 1), Body("Vækstforum", 3),
               Body("Sundhed", 2), Body("Turisme", 1), Body("Trafik", 5))


def assert_fast_equals_exhaustive(weights, meeting, groups=None) -> int:
    """Every group (or ``groups``): the fast table equals the enumeration's on the common
    columns, row for row; the lot flags are the enumeration's lot at the grand coalition (its
    first partition) and at the full split. Returns the number of groups checked."""
    fast_planner = Planner(weights, meeting)
    slow_planner = Planner(weights, meeting, exhaustive=True)
    groups = list(range(1, 1 << len(weights))) if groups is None else groups
    fast, slow = fast_planner.ranges(groups), slow_planner.ranges(groups)
    assert fast[COMMON].values.tolist() == slow[COMMON].values.tolist()
    assert "partitions" not in fast and "lots" not in fast
    assert {"partitions", "lots"} <= set(slow) and "lot_worst" not in slow
    flags = fast.set_index("group")
    for group in groups:
        out = slow_planner.outcomes(group)
        rgs = out.partitions.rgs
        split = (int(np.flatnonzero((rgs == np.arange(rgs.shape[1])).all(axis=1))[0])
                 if rgs.shape[1] else 0)
        row = flags.loc[slow_planner.label(group)]
        assert (bool(row["lot_worst"]), bool(row["lot_best"])) == (bool(out.lot[0]),
                                                                  bool(out.lot[split]))
    return len(groups)


# ---- the fast path equals the enumeration ---------------------------------------------------

def test_the_grand_coalition_is_the_first_partition_enumerated():
    """``worst_case`` is the first partition with the fewest seats; the fast path names the
    others' grand coalition: the same text only because it is row 0 of rest_partitions."""
    for m in range(1, 10):
        assert (rest_partitions(m).rgs[0] == 0).all()


def test_hovedstaden_bundled_valggrupper_every_group():
    from kkr_analysis.data.kkr_tables import load_bodies
    from kkr_analysis.rules.composition import period_of
    from kkr_analysis.scenario import Scenario

    sc = Scenario("KV21")
    members = groups_from_composition(sc.composition())
    bodies = load_bodies(kkr=sc.kkr, period=period_of(sc.election))
    assert len(members) == 8
    assert assert_fast_equals_exhaustive(members, meeting_of(bodies)) == 2 ** 8 - 1
    # the bundled lists with six bodies of 1-5 seats, and KL's board on the national vote
    assert assert_fast_equals_exhaustive(members, meeting_of(SEED_BODIES)) == 2 ** 8 - 1
    assert assert_fast_equals_exhaustive(members, body_meeting(17)) == 2 ** 8 - 1


def test_best_partners_and_for_list_agree():
    members = {"A": 17, "C": 14, "Ø": 9, "V": 6, "F": 5, "B": 5, "O": 2}
    meeting = meeting_of(SEED_BODIES)
    fast, slow = Planner(members, meeting), Planner(members, meeting, exhaustive=True)
    assert fast.best_partners().equals(slow.best_partners())
    for name in members:
        assert (fast.for_list(name)[COMMON].values.tolist()
                == slow.for_list(name)[COMMON].values.tolist())
        assert fast.guaranteed(fast.mask([name])) == slow.guaranteed(slow.mask([name]))


@settings(max_examples=250, deadline=None)
@given(st.lists(st.integers(1, 30), min_size=1, max_size=7),
       st.lists(st.integers(1, 9), min_size=1, max_size=4), st.booleans())
def test_fast_equals_exhaustive_on_random_cases(weights, seats, small):
    """≥ 200 random KKRs: small weights (many lots) or wide ones, one-seat bodies included."""
    members = {f"L{i}": (w % 6 + 1 if small else w) for i, w in enumerate(weights)}
    meeting = meeting_of([Body(str(i), k) for i, k in enumerate(seats)])
    assert_fast_equals_exhaustive(members, meeting)


@pytest.mark.parametrize("names", [
    ["SF", "A", "LA", "Ø", "EL", "Å"],  # names of two letters, none a prefix of another
    ["A", "AB", "B", "BA", "C"],  # prefixes: the rows equal on the numbers sorted by label
])
def test_the_row_order_follows_the_labels_for_any_names(names):
    rng = random.Random(len(names))
    members = {n: rng.randint(1, 4) for n in names}  # small: many rows equal on the numbers
    meeting = meeting_of([Body("Tre", 3), Body("Formand", 1)])
    assert assert_fast_equals_exhaustive(members, meeting) == 2 ** len(names) - 1
    planner = Planner(members, meeting)
    masks = np.arange(1, 1 << len(names))
    assert list(planner.labels(masks)) == [planner.label(int(m)) for m in masks]
    keys = planner._label_keys(masks)
    if keys is None:
        assert any(a != b and b.startswith(a) for a in names for b in names)
    else:
        labels = list(planner.labels(masks))
        assert [labels[i] for i in np.argsort(keys, kind="stable")] == sorted(labels)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=7),
       st.lists(st.integers(1, 12), min_size=1, max_size=3), st.integers(1, 3))
def test_the_binary_search_for_many_weights_equals_exhaustive(weights, seats, scale):
    """The full split for many distinct group weights (votes: a binary search per body) —
    forced here by FEW_WEIGHTS = -1; ties kept by small weights times a common factor."""
    from unittest import mock

    from kkr_analysis.scenarios import planner_two_structures

    members = {f"L{i}": w * 1000 ** (scale - 1) for i, w in enumerate(weights)}
    meeting = meeting_of([Body(str(i), k) for i, k in enumerate(seats)])
    with mock.patch.object(planner_two_structures, "FEW_WEIGHTS", -1):
        assert_fast_equals_exhaustive(members, meeting)


def test_the_lot_flags_in_a_hand_worked_tie():
    # X 6, Y 6, Z 2; 3 seats. Against Y and Z apart (best case) the third seat is X/2 = Y/2: a
    # lot, X has 1 or 2; against Y+Z (8, the worst case): 8, 6, 4 → X 1, no lot.
    planner = Planner({"X": 6, "Y": 6, "Z": 2}, meeting_of([Body("Tre", 3)]))
    row = planner.for_bloc(["X"]).iloc[0]
    assert (row["min_seats"], row["max_seats"], row["worst_case"]) == (1, 2, "Y+Z")
    assert (bool(row["lot_worst"]), bool(row["lot_best"])) == (False, True)
    # Y+Z against X: 8 vs 6 → 8, 6, 4: Y+Z 2, no lot either way (one structure)
    row = planner.for_bloc(["Y", "Z"]).iloc[0]
    assert (row["min_seats"], row["max_seats"], bool(row["lot_worst"]),
            bool(row["lot_best"])) == (2, 2, False, False)


def test_the_lot_flags_have_danish_headings():
    from kkr_analysis.presentation.meetings import valggruppe_table

    planner = Planner({"X": 6, "Y": 6, "Z": 2}, meeting_of([Body("Tre", 3)]))
    html = valggruppe_table(planner.for_list("X")).to_html()
    for heading in ("Lodtrækning i værste fald", "Lodtrækning i bedste fald",
                    "Værste gruppering af de øvrige"):
        assert heading in html
    assert "lot_worst" not in html and "lot_best" not in html and "True" not in html
    assert ">ja<" in html and ">nej<" in html


# ---- any number of lists; the limit only where partitions are enumerated --------------------

@pytest.mark.parametrize(("low", "high", "meeting"), [
    (1, 40, meeting_of(SEED_BODIES)),  # member numbers: few distinct group weights
    (5_000, 250_000, body_meeting(17)),  # votes for KL's board: every group weight distinct
])
def test_twenty_lists_fast_and_the_limit_only_when_exhaustive(low, high, meeting):
    rng = random.Random(20)
    members = {f"L{i:02d}": rng.randint(low, high) for i in range(20)}
    start = time.perf_counter()
    planner = Planner(members, meeting)
    table = planner.for_list("L00")
    elapsed = time.perf_counter() - start
    assert len(table) == 2 ** 19 and (table["min_seats"] <= table["max_seats"]).all()
    assert elapsed < 20  # about a second on a loaded machine; the enumeration cannot at all
    assert all("L00" in g.split("+") for g in table["group"].head(50))
    assert len(planner.best_partners()) == 20
    assert planner.for_bloc(["L00", "L05"])["min_seats"].iloc[0] >= 0
    with pytest.raises(DataError, match=f"20 lister giver Bell\\(20\\).*højst {MAX_LISTS} lister"):
        Planner(members, meeting, exhaustive=True)
    with pytest.raises(DataError, match="højst 14 lister"):
        planner.outcomes(1)  # the enumeration of one group


def test_forty_lists_for_a_bloc_equal_the_scalar_extremes():
    from planner_oracles import seat_extremes

    rng = random.Random(40)
    members = {f"P{i}": rng.randint(1, 50) for i in range(40)}
    planner = Planner(members, meeting_of(SEED_BODIES))
    for _ in range(20):
        bloc = rng.sample(list(members), rng.randint(1, 10))
        row = planner.for_bloc(bloc).iloc[0]
        assert (row["min_seats"], row["max_seats"]) == seat_extremes(members, SEED_BODIES, bloc)


# ---- --exhaustive's output unchanged to the byte ----------------------------------------------

HOV21_FOR_C = ["appoint", "--election", "KV21", "--kkr", "Hovedstaden", "--for", "C"]

@pytest.mark.parametrize(("argv", "expected"), [
    ([*HOV21_FOR_C, "--exhaustive", "--format", "csv"], "appoint_for_C.csv"),
    ([*HOV21_FOR_C, "--exhaustive"], "appoint_for_C.txt"),
    ([*HOV21_FOR_C, "--exhaustive", "--format", "json"], "appoint_for_C.json"),
    (["appoint", "--election", "KV21", "--kkr", "Hovedstaden", "--bloc", "C+V+O",
      "--exhaustive", "--format", "json"],
     "appoint_bloc_C+V+O.json"),
    (["board", "--election", "KV21", "--for", "C", "--exhaustive"], "board_for_C.txt"),
    (["board", "--election", "KV21", "--bloc", "A+F+Ø", "--exhaustive"], "board_bloc_A+F+Ø.txt"),
])
def test_exhaustive_output_is_unchanged(argv, expected, capsys):
    assert main(argv) == 0
    assert capsys.readouterr().out == (EXPECTED / expected).read_text(encoding="utf-8")


def test_without_exhaustive_the_cli_shows_lot_flags(capsys):
    import json

    assert main(["appoint", "--election", "KV21", "--kkr", "Hovedstaden", "--for", "C",
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    first = doc["groups"][0]
    assert {"lot_worst", "lot_best"} <= set(first) and "partitions" not in first
    slow = json.loads((EXPECTED / "appoint_for_C.json").read_text(encoding="utf-8"))
    assert ([[g[k] for k in COMMON] for g in doc["groups"]]
            == [[g[k] for k in COMMON] for g in slow["groups"]])
    assert doc["best_partners"] == slow["best_partners"]
    assert main(["appoint", "--election", "KV21", "--kkr", "Hovedstaden", "--for", "C",
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out == (EXPECTED / "appoint_for_C.csv").read_text(encoding="utf-8")
    assert main(["appoint", "--election", "KV21", "--kkr", "Hovedstaden", "--bloc", "C+V+O"]) == 0
    header, row = capsys.readouterr().out.splitlines()[1:3]
    assert " ".join(header.split()) == (
        "Valggruppe Medlemmer Sikre pladser Bedste udfald Lodtrækning i værste fald "
        "Lodtrækning i bedste fald Værste gruppering af de øvrige "
        "Sikre pladser pr. liste (antagelse)")
    assert row.split()[:7] == ["C+V+O", "21", "1", "3", "nej", "nej", "A+Ø+F+B+D"]
