"""How every seat was won (rule kkr.explain, chair.explain): hand-worked tables and real data."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import pandas as pd
import pytest
from conftest import tally
from hypothesis import given, settings
from hypothesis import strategies as st

from kkr_analysis.cli import main
from kkr_analysis.rules.chair import Alliance, elect_chair
from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.explain import EXPLAIN_COLUMNS, explain_chair, explain_composition
from kkr_analysis.rules.margins import with_votes
from kkr_analysis.scenario import Scenario

REGIONS = ["Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland", "Syddanmark"]

# 4 municipalities (cap 8); mayors A, B, C and E. E has 10 of 1,210 votes (< 2 %): its mayor
# sits outside the allocation. d'Hondt quotients: A 700, A 350, B 300, A 233⅓, C 200 — at 5
# seats every eligible list has its mayor (at 4, C has none): size 5 + E's mayor = 6.
# Next quotient: A 700/4 = 175; A takes the 5th seat from C (200) with 101 more votes
# (801/4 = 200.25 > 200; 800/4 = 200 would be a lot).
UNCAPPED = tally(4, ("A", 700, 5, 1), ("B", 300, 3, 1), ("C", 200, 2, 1), ("E", 10, 1, 1))


def seat_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["seat"].notna() & ~frame["lot"]]


def test_columns_are_stable():
    assert tuple(explain_composition(compose(UNCAPPED)).columns) == EXPLAIN_COLUMNS


def test_uncapped_dhondt_worked_by_hand():
    comp = compose(UNCAPPED, method="dhondt")
    assert comp.size == 6 and not comp.cap_binds and not comp.size_tie
    frame = explain_composition(comp)
    seats = frame[frame["seat"].notna()]
    assert list(seats["seat"]) == [1, 2, 3, 4, 5, 6]
    assert list(seats["list"]) == ["A", "A", "B", "A", "C", "E"]
    assert list(seats["divisor"][:5]) == [1, 2, 1, 3, 1]
    assert list(seats["quotient_exact"][:5]) == ["700", "350", "300", "700/3", "200"]
    assert list(seats["filled_by"]) == ["borgmester", "supplerende", "borgmester",
                                        "supplerende", "borgmester", "borgmester"]
    assert pd.isna(seats["divisor"].iloc[5]) and "uden for fordelingen" in seats["note"].iloc[5]
    runner = frame.iloc[-1]
    assert pd.isna(runner["seat"]) and runner["list"] == "A"
    assert runner["quotient_exact"] == "175" and runner["gap_votes"] == 101
    assert not frame["lot"].any()


def test_capped_floors_and_a_lot_worked_by_hand():
    # 2 municipalities, cap 4; mayors A and B. B's mayor needs a house of 5 (B, C, D tie at
    # 150), so the cap binds: floors A1 B1, then A 400/2 = 200, then C 150 = D 150 for one
    # seat: a lot. Next: A 400/3 = 133⅓; with 51 more votes A's 451/3 > 150 wins the seat.
    comp = compose(tally(2, ("A", 400, 3, 1), ("B", 150, 1, 1), ("C", 150, 1, 0),
                         ("D", 150, 1, 0)), method="dhondt")
    assert comp.cap_binds and comp.tie is not None
    frame = explain_composition(comp)
    assert list(frame["list"]) == ["A", "B", "A", "C / D", "A"]
    assert list(frame["seat"][:4]) == [1, 2, 3, 4] and pd.isna(frame["seat"].iloc[4])
    floors = frame.iloc[:2]
    assert floors["divisor"].isna().all() and floors["note"].str.contains("gulv").all()
    assert list(frame["filled_by"][:4]) == ["borgmester", "borgmester", "supplerende",
                                            "supplerende"]
    assert frame.iloc[2]["divisor"] == 2 and frame.iloc[2]["quotient_exact"] == "200"
    assert list(frame["lot"]) == [False, False, False, True, False]
    assert "lodtrækning" in frame.iloc[3]["note"]
    assert frame.iloc[4]["quotient_exact"] == "400/3" and frame.iloc[4]["gap_votes"] == 51
    assert seat_rows(frame).groupby("list").size().to_dict() == {"A": 2, "B": 1}


def test_hare_worked_by_hand():
    # Hare: at 4 seats the quota is 1,200/4 = 300: A 7/3 → 2 whole quotas, B 1, C 2/3;
    # the last seat goes to C's remainder 2/3 (A 1/3). At 3 seats C gets none: size 4 + E = 5.
    # A needs 201 more votes: then its remainder 802/1401 beats C's 800/1401.
    comp = compose(UNCAPPED, "hare")
    frame = explain_composition(comp)
    seats = frame[frame["seat"].notna()]
    assert list(seats["list"]) == ["A", "A", "B", "C", "E"]
    assert set(seats["quota"][:4]) == {300} and list(seats["note"][:4]) == [
        "hel kvote", "hel kvote", "hel kvote", "største rest"]
    assert seats.iloc[3]["remainder"] == pytest.approx(2 / 3)
    runner = frame.iloc[-1]
    assert runner["list"] == "A" and runner["quotient_exact"] == "7/3"
    assert runner["gap_votes"] == 201


def test_size_hanging_on_a_lot_is_said():
    # 2 municipalities, both mayors A: at 2 seats A 200 then A 100 = B 100 (a lot); at 3, sure.
    comp = compose(tally(2, ("A", 200, 3, 2), ("B", 100, 1, 0)), method="dhondt")
    assert comp.size_tie
    assert "lodtrækning" in explain_composition(comp).dropna(subset=["seat"]).iloc[-1]["note"]


@pytest.mark.parametrize("election", ["KV21", "KV25"])
@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("method", ["dhondt", "sainte-lague", "hare"])
def test_seat_rows_add_up_to_totals(election, region, method):
    comp = Scenario(election=election, kkr=region, method=method).composition()
    frame = explain_composition(comp)
    counted = seat_rows(frame).groupby("list").size().to_dict()
    assert counted == {name: n for name, n in comp.seats().items() if n}
    seats = frame[frame["seat"].notna()]
    assert list(seats["seat"]) == list(range(1, len(seats) + 1))
    assert len(seats) == comp.size  # lot rows included
    mayors = seats[seats["filled_by"] == "borgmester"].groupby("list").size().to_dict()
    assert mayors == {r.list: r.mayors for r in comp.rows if r.mayors}
    exact = seats["quotient_exact"].dropna().map(Fraction)
    assert (exact.map(float) - seats.loc[exact.index, "quotient"].astype(float)).abs().max() \
        < 1e-6
    assert frame["seat"].isna().sum() <= 1


@pytest.mark.parametrize("election", ["KV21", "KV25"])
@pytest.mark.parametrize("region", REGIONS)
def test_cli_explain_csv(capsys, election, region):
    code = main(["explain", "--election", election, "--kkr", region, "--format", "csv"])
    out, _ = capsys.readouterr()
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"seat", "list", "quotient", "filled_by"} <= set(rows[0])
    assert rows[-1]["seat"] == "" and rows[-1]["gap_votes"] != ""


def test_cli_explain_json_and_table(capsys):
    assert main(["explain", "--kkr", "Hovedstaden", "--format", "json", "--method", "hare",
                 "--threshold", "2,5", "--election", "KV21"]) == 0
    doc = json.loads(capsys.readouterr()[0])
    assert doc["method"] == "hare" and doc["threshold"] == 0.025
    assert sum(1 for s in doc["seats"] if s["seat"] is not None) == doc["size"]
    assert main(["explain", "--kkr", "Hovedstaden", "--election", "KV21"]) == 0
    out = capsys.readouterr()[0]
    assert "sådan blev pladserne fordelt" in out and "gulv" in out


def test_chair_explain_worked_by_hand():
    # A+F 60 + 20 = 80, C 50, V 45: quotients 80, 50, 45, 40 → formand A+F (A, the member
    # with the most votes), næstformand C.
    result = elect_chair({"A": 60, "C": 50, "V": 45, "F": 20}, [Alliance(("A", "F"))])
    frame = explain_chair(result)
    assert list(frame["alliance"][:4]) == ["A+F", "C", "V", "A+F"]
    assert list(frame["quotient"][:4]) == [80, 50, 45, 40]
    assert list(frame["post"][:2]) == ["formand", "næstformand"]
    assert list(frame["list"][:2]) == ["A", "C"]
    assert "højeste kvotient" in frame.iloc[0]["reason"]
    assert (frame["post"][2:] == "").all()


def test_cli_chair_explain(capsys):
    assert main(["chair", "--kkr", "Hovedstaden", "--alliance", "A+F+Ø", "--explain", "--election",
                 "KV21"]) == 0
    out = capsys.readouterr()[0]
    assert "A+F+Ø" in out and "formand" in out and "kvotient" in out


def test_chair_explain_flags_a_lot():
    frame = explain_chair(elect_chair({"A": 50, "B": 50, "C": 10}))
    assert frame["lot"][:2].all()


@settings(max_examples=80)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 2), st.integers(0, 2)),
                min_size=1, max_size=5),
       st.sampled_from(["dhondt", "sainte-lague", "hare"]))
def test_explain_adds_up_on_random_regions(lists, method):
    municipalities = max(1, sum(m for _, _, m in lists))
    region = tally(municipalities, *[(chr(65 + i), v, s + (1 if m else 0), m)
                                     for i, (v, s, m) in enumerate(lists)])
    try:
        comp = compose(region, method)
    except ValueError:
        return  # e.g. no votes at all: nothing to explain
    frame = explain_composition(comp)
    seats = frame[frame["seat"].notna()]
    assert len(seats) == comp.size
    assert seat_rows(frame).groupby("list").size().to_dict() == {
        n: k for n, k in comp.seats().items() if k}
    assert seats[seats["filled_by"] == "borgmester"].groupby("list").size().to_dict() == {
        r.list: r.mayors for r in comp.rows if r.mayors}
    runner = frame[frame["seat"].isna()]
    assert len(runner) <= 1
    if len(runner) and not pd.isna(runner["gap_votes"].iloc[0]):
        # the gap: with it the runner-up holds one more seat of the whole recomputed KKR
        # whatever a lot decides (size, mayors, cap included); with one vote fewer it does not
        name, gap = runner["list"].iloc[0], int(runner["gap_votes"].iloc[0])
        now = next(r.total for r in comp.rows if r.list == name)

        def low(g):
            return compose(with_votes(region, name, g), method).seat_range(name)[0]

        assert low(gap) > now and (gap == 1 or low(gap - 1) <= now)


def test_cli_chair_explain_csv_and_json(capsys):
    assert main(["chair", "--kkr", "Hovedstaden", "--alliance", "C+V", "--explain",
                 "--format", "csv", "--election", "KV21"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr()[0])))
    assert rows[0]["alliance"] == "C+V" and rows[0]["post"] == "formand"
    # valg.dk: C 204.840, V 99.883
    assert rows[0]["list"] == "C" and rows[0]["quotient_exact"] == str(204_840 + 99_883)
    assert main(["chair", "--kkr", "Hovedstaden", "--explain", "--format", "json", "--election",
                 "KV21"]) == 0
    doc = json.loads(capsys.readouterr()[0])
    assert doc["chair"]["list"] == "A" and doc["explain"][0]["post"] == "formand"


def test_in_a_tie_the_runner_up_is_outside_the_lot():
    """Issue 21: the runner-up row never shows a tied list as if it had won the lot. Three
    municipalities (cap 6): A 600, B 300, C 150; d'Hondt's 6th seat is a lot A 150 = B 150; the
    first list outside it is C (150/2 = 75), and the lot note counts "1 plads"."""
    comp = compose(tally(3, ("A", 600, 5, 1), ("B", 300, 3, 1), ("C", 150, 2, 1)),
                   method="dhondt")
    assert comp.tie is not None and set(comp.tie.lists) == {"A", "B"}
    frame = explain_composition(comp)
    lot = frame[frame["lot"]]
    assert list(lot["list"]) == ["A / B"] and "1 plads mellem A, B" in lot.iloc[0]["note"]
    runner = frame[frame["seat"].isna()].iloc[-1]
    assert runner["list"] == "C" and runner["quotient_exact"] == "75"
    assert "gap_votes" not in runner["note"] and "manglende stemmer" in runner["note"]
