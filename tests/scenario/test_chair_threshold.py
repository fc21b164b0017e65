"""One scenario drives the chair election (issue 11, item 3): `kkr chair` and `kkr alliances`
elect among the lists represented at the given threshold and method (KL's love § 15, stk. 2-3).

KV21 Hovedstaden (bundled votes): Nye Borgerlige (D) has between 1 % and 2 % of the votes and
council seats, Dansk Folkeparti (O) 26,632 of 871,423 votes = 3.06 %.
"""

from __future__ import annotations

import json

import pytest

from kkr_analysis.cli import main
from kkr_analysis.scenario import Scenario


def run(capsys, *argv):
    code = main([*argv, "--election", "KV21"])  # the figures below are KV21's
    out, err = capsys.readouterr()
    return code, out, err


def test_at_one_percent_i_can_join_a_valgforbund(capsys):
    """Liberal Alliance (I) has 1,77 % in KKR Hovedstaden (valg.dk): out at 2 %, in at 1 %,
    where C+I (204.840 + 16.719 = 221.559) passes A (220.319) for formand."""
    code, out, _ = run(capsys, "chair", "--kkr", "Hovedstaden", "--threshold", "1",
                       "--alliance", "C+I", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["chair"] == {"list": "C", "alliance": ["C", "I"]}
    assert doc["vice_chair"]["list"] == "A"
    code, _, err = run(capsys, "chair", "--kkr", "Hovedstaden", "--alliance", "C+I")
    assert code == 2 and "'I'" in err and len(err.strip().splitlines()) == 1


def test_at_three_and_a_half_percent_o_is_out(capsys):
    code, _, err = run(capsys, "chair", "--kkr", "Hovedstaden", "--threshold", "3,5",
                       "--alliance", "O+C")
    assert code == 2 and "'O'" in err and "3,5 %" in err
    code, out, _ = run(capsys, "alliances", "--kkr", "Hovedstaden", "--threshold", "3.5",
                       "--format", "json")
    doc = json.loads(out)
    assert code == 0 and "O" not in {p["list"] for p in doc["power"]}
    assert "O" not in Scenario("KV21", threshold=Scenario("KV21").threshold * 7 / 4).chair_votes()


def test_chair_cli_equals_scenario(capsys):
    for threshold, method in (("1", "dhondt"), ("3,5", "sainte-lague"), ("2", "hare")):
        code, out, _ = run(capsys, "chair", "--kkr", "Hovedstaden", "--threshold", threshold,
                           "--method", method, "--format", "json")
        from kkr_analysis.scenario import parse_percent
        scenario = Scenario("KV21", threshold=parse_percent(threshold) / 100, method=method)
        assert code == 0 and json.loads(out) == scenario.chair().to_dict()


@pytest.mark.parametrize("bad", ["abc", "101", "-1"])
def test_bad_threshold_exits_2(capsys, bad):
    code, _, err = run(capsys, "chair", "--kkr", "Hovedstaden", "--threshold", bad)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_region_votes_reach_the_chair_election(capsys, tmp_path):
    # KL's stemmetal given directly: A 1000, C 800, V 150 (of 2,000: 7.5 %), O 50 (2.5 %).
    # At 3 % O is out and cannot ally with C; at 2 % C+O = 850 < A 1000: A formand, C+O second.
    path = tmp_path / "stemmetal.csv"
    path.write_text("list,votes,council_seats\nA,1000,10\nC,800,8\nV,150,2\nO,50,1\n"
                    "TOTAL,2000,\n", encoding="utf-8")
    code, out, _ = run(capsys, "chair", "--kkr", "Hovedstaden", "--region-votes", str(path),
                       "--alliance", "C+O", "--format", "json")
    assert code == 0 and json.loads(out)["vice_chair"] == {"list": "C", "alliance": ["C", "O"]}
    code, _, err = run(capsys, "chair", "--kkr", "Hovedstaden", "--region-votes", str(path),
                       "--alliance", "C+O", "--threshold", "3")
    assert code == 2 and "'O'" in err
