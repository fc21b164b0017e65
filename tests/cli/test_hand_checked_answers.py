"""Findings of the hand review (CLI and API numbers checked by hand), one test per finding."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from conftest import PARTIAL

from kkr_analysis.cli import main
from kkr_analysis.errors import DataError
from kkr_analysis.rules.explain import explain_composition
from kkr_analysis.rules.margins import gain_votes
from kkr_analysis.scenario import Scenario
from kkr_analysis.scenarios.sensitivity import vote_margins

BODIES = Path(__file__).parents[2] / "data" / "kkr" / "bodies_hovedstaden_2022.csv"
REGIONS = ["Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland", "Syddanmark"]


# ---- 1. explain's runner-up gap is the exact margin ------------------------------------------

@pytest.mark.parametrize("threshold", [Fraction(1, 100), Fraction(2, 100), Fraction(35, 1000)])
@pytest.mark.parametrize("method", ["dhondt", "sainte-lague", "hare"])
@pytest.mark.parametrize("election", ["KV21", "KV25"])
@pytest.mark.parametrize("region", REGIONS)
def test_explain_gap_is_the_margin(region, election, method, threshold):
    scenario = Scenario(election=election, kkr=region, method=method, threshold=threshold)
    comp = scenario.composition()
    frame = explain_composition(comp)
    runner = frame[frame["seat"].isna()]
    assert len(runner) == 1
    name = runner["list"].iloc[0]
    gap = runner["gap_votes"].iloc[0]
    # gain_votes is the function vote_margins (kkr margins) reports for every list
    margin = gain_votes(scenario.tally(), name, method, threshold=threshold)
    assert (None if pd.isna(gap) else int(gap)) == margin


@pytest.mark.parametrize(("election", "region", "method", "threshold", "name", "gap"), [
    ("KV25", "Midtjylland", "dhondt", 2, "B", 674),
    ("KV25", "Syddanmark", "hare", 2, "I", 2769),
    ("KV25", "Syddanmark", "sainte-lague", 2, "A", 7659),
    ("KV25", "Hovedstaden", "dhondt", Fraction(7, 2), "F", 2412),
    ("KV21", "Midtjylland", "hare", 1, "K", 3288),
])
def test_explain_gap_reviewer_cases(election, region, method, threshold, name, gap):
    # explain said 14, 1427, 1977, 255 and 45: the votes to pass the last quotient, although
    # the last seat is a mayor's (a floor) or the size moves; kkr margins says the rest.
    scenario = Scenario(election=election, kkr=region, method=method,
                        threshold=Fraction(threshold) / 100, data_dir=str(PARTIAL))
    frame = explain_composition(scenario.composition())
    runner = frame[frame["seat"].isna()].iloc[0]
    assert runner["list"] == name and runner["gap_votes"] == gap
    margins = {m.list: m for m in vote_margins(scenario.tally(), method,
                                               threshold=scenario.threshold)}
    assert margins[name].gain_votes == gap


# ---- 2. appoint uses only the chosen KKR's bodies --------------------------------------------

@pytest.mark.parametrize("extra", [[], ["--exhaustive", "--for", "A"], ["--exhaustive",
                                                                         "--bloc", "A+F"]])
@pytest.mark.parametrize(("region", "election"), [("Sjælland", "KV21"), ("Syddanmark", "KV21"),
                                                  ("Hovedstaden", "KV25")])
def test_appoint_refuses_another_kkrs_bodies(capsys, region, election, extra):
    code = main(["appoint", "--kkr", region, "--election", election, *extra])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "der findes ingen organer for KKR" in err and region in err and "--bodies FIL" in err


def test_appoint_refuses_a_bodies_file_naming_another_kkr(capsys, tmp_path):
    other = tmp_path / "bodies.csv"
    other.write_text("kkr,period,body,seats\nSjælland,2022-2026,Udvalg,3\n", encoding="utf-8")
    assert main(["appoint", "--kkr", "Hovedstaden", "--bodies", str(other), "--election",
                 "KV21"]) == 2
    err = capsys.readouterr().err
    assert "Sjælland" in err and "ikke KKR Hovedstaden" in err
    assert main(["appoint", "--kkr", "Sjælland", "--bodies", str(other), "--format",
                 "csv", "--election", "KV21"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["body"] for r in rows} == {"Udvalg"} and len(rows) == 3


def test_appoint_hovedstaden_2022_still_uses_its_bodies(capsys):
    assert main(["appoint", "--kkr", "Hovedstaden", "--format", "json", "--election", "KV21"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["kkr"] == "Hovedstaden" and doc["members_source"] == "computed"
    assert doc["bodies"][0]["body"] == "Erhvervshus Hovedstaden (bestyrelse)"


# ---- 3. KL's published members -----------------------------------------------------------------

def test_appoint_published_members_lot_for_the_fourth_seat(capsys):
    # KL's composition (A17 B5 C13 D2 F5 O2 V6 Ø8, 58 members): C+V+F+B has 29 members and the
    # others can join as 29: the 4th Erhvervshus seat is a lot (29/2 = 29/2), and the single
    # seat (§ 24, stk. 1) needs more than half — 29 of 58 is not. At worst 2 seats.
    assert main(["appoint", "--kkr", "Hovedstaden", "--members", "published", "--for", "C",
                 "--exhaustive", "--format", "csv", "--election", "KV21"]) == 0
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    row = rows["B+C+F+V"]
    assert row["members"] == "29" and row["min_seats"] == "2"
    assert main(["appoint", "--kkr", "Hovedstaden", "--members", "published", "--for", "C",
                 "--exhaustive", "--election", "KV21"]) == 0
    out = capsys.readouterr().out
    assert "A 17, B 5, C 13, D 2, F 5, O 2, V 6, Ø 8" in out and "offentliggjorte" in out
    # computed from the partial votes instead: C 14, Ø 9 and no D
    assert main(["appoint", "--kkr", "Hovedstaden", "--for", "C", "--exhaustive",
                 "--format", "json", "--election", "KV21"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["members_source"] == "computed"


def test_appoint_published_members_absent_is_refused(capsys):
    assert main(["appoint", "--kkr", "Nordjylland", "--members", "published",
                 "--bodies", str(BODIES), "--election", "KV21"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "kl_published.csv" in err


def test_appoint_plain_with_published_members(capsys):
    assert main(["appoint", "--kkr", "Hovedstaden", "--members", "published", "--election",
                 "KV21"]) == 0
    out = capsys.readouterr().out
    assert "valggrupper: A 17, B 5, C 13, D 2, F 5, O 2, V 6, Ø 8" in out


def test_appoint_and_margins_take_region_votes(capsys, tmp_path):
    path = tie_region_votes(tmp_path)
    assert main(["margins", "--kkr", "Hovedstaden", "--region-votes", str(path),
                 "--format", "csv", "--method", "dhondt", "--election", "KV21"]) == 0
    rows = {r["list"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["F"]["seats"] == "5"  # the 6th (58th seat) is a lot with O
    # appoint's members are the KKR's certain seats from the same totals (KL's method)
    assert main(["composition", "--kkr", "Hovedstaden", "--region-votes", str(path),
                 "--format", "json", "--election", "KV21"]) == 0
    members = {r["list"]: r["total"] for r in json.loads(capsys.readouterr().out)["rows"]}
    assert main(["appoint", "--kkr", "Hovedstaden", "--region-votes", str(path),
                 "--format", "json", "--election", "KV21"]) == 0
    assert json.loads(capsys.readouterr().out)["groups"]["F"] == members["F"]


# ---- 5. explain with a lot on the last seat ------------------------------------------------------

def tie_region_votes(tmp_path: Path) -> Path:
    """KV21 Hovedstaden's region totals with F at 79,896 = 3 × O's 26,632: F/6 = O/2, so the
    58th (last, capped) seat is a lot between F and O."""
    lines = ["list,votes,council_seats"]
    for t in Scenario("KV21", kkr="Hovedstaden", data_dir=str(PARTIAL)).tally().lists:
        lines.append(f"{t.list},{79_896 if t.list == 'F' else t.votes},{t.council_seats}")
    path = tmp_path / "stemmetal.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_explain_with_a_lot_on_the_last_seat(capsys, tmp_path):
    path = tie_region_votes(tmp_path)
    argv = ["explain", "--kkr", "Hovedstaden", "--region-votes", str(path), "--method", "dhondt",
            "--election", "KV21"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "F / O" in out and "lodtrækning: 1 plads mellem F, O" in out
    assert main([*argv, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    lot = next(r for r in rows if r["lot"] == "true")
    assert lot["seat"] == "58" and lot["list"] == "F / O" and lot["votes"] == ""
    assert lot["quotient_exact"] == "13316"  # 79,896 / 6 = 26,632 / 2
    assert main([*argv, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["size"] == 58 and doc["seats"][57]["lot"] and doc["seats"][57]["votes"] is None


# ---- 8. margins: exact wording, posts as CSV ---------------------------------------------------

def test_margins_wording_is_the_contract(capsys):
    assert main(["margins", "--kkr", "Hovedstaden", "--data-dir", str(PARTIAL), "--election",
                 "KV21"]) == 0
    out = capsys.readouterr().out
    assert "before it surely loses" not in out
    text = " ".join(out.split())
    assert ("Stemmer til −1 plads: færrest tabte stemmer, hvorefter listen har en plads færre, "
            "uanset hvad en lodtrækning afgør") in text
    assert ("Har posten = ja: Stemmer er færrest tabte stemmer, hvorefter listen mister "
            "posten") in text
    # A holds formand with 16,268 to spare: at 16,267 lost a lot decides, at 16,268 it is out
    assert any(line.split() == ["A", "formand", "ja", "16.268", "16.266"]
               for line in out.splitlines())


def test_margins_posts_as_csv(capsys):
    assert main(["margins", "--kkr", "Hovedstaden", "--format", "csv", "--posts",
                 "--data-dir", str(PARTIAL), "--election", "KV21"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["list", "post", "holds", "votes_needed", "keep_votes"]
    assert rows[0] == {"list": "A", "post": "chair", "holds": "true", "votes_needed": "16268",
                       "keep_votes": "16266"}  # at 16,267 lost a lot decides formand
    assert main(["margins", "--kkr", "Hovedstaden", "--format", "csv", "--election", "KV21"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "list,seats,gain_votes,loss_votes"


def test_appoint_csv_keeps_its_contract(capsys):
    assert main(["appoint", "--kkr", "Hovedstaden", "--members", "published", "--format",
                 "csv", "--election", "KV21"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "body,seat,group,quotient,substitute,method"  # the members source: JSON
    assert main(["appoint", "--kkr", "Hovedstaden", "--members", "published", "--for", "C",
                 "--exhaustive", "--format", "csv", "--election", "KV21"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "group,members,min_seats,max_seats"


# ---- 4. percent in the kkr.* functions, a share in Scenario: never mixed silently ------------

def test_wrappers_refuse_an_ambiguous_threshold():
    import kkr_analysis as kkr

    with pytest.raises(ValueError, match=r"0\.02 %.*2 %"):  # both readings named
        kkr.composition("KV21", "Hovedstaden", threshold_pct=0.02)
    with pytest.raises(ValueError, match="threshold_pct"):  # the share's name is refused
        kkr.composition("KV21", "Hovedstaden", threshold=0.02)
    with pytest.raises(ValueError, match="threshold_pct"):
        kkr.chair("KV21", "Hovedstaden", threshold=2)
    with pytest.raises(ValueError, match="threshold_pct"):
        kkr.explain("KV21", "Hovedstaden", threshold=Fraction(1, 50))
    assert kkr.composition("KV21", "Hovedstaden", threshold_pct=2).threshold == Fraction(1, 50)
    half = kkr.composition("KV21", "Hovedstaden", threshold_pct="0,5 %")
    assert half.threshold == Fraction(1, 200)
    assert half.seats() == Scenario("KV21", threshold=Fraction(1, 200)).composition().seats()


def test_scenario_threshold_is_a_share():
    assert Scenario("KV21", threshold=0.02).threshold == Fraction(1, 50)  # a float share, exactly
    for percent in (2, 2.5, 1):
        with pytest.raises(ValueError, match="er en andel"):
            Scenario("KV21", threshold=percent)
    assert Scenario("KV21", threshold=Fraction(1)).threshold == 1  # 100 % written as a share


# ---- 6. vote changes as a mapping, and in whole votes ----------------------------------------

def test_vote_changes_as_a_mapping():
    as_pairs = Scenario("KV21", vote_changes=(("C", Fraction(-5, 100)),))
    as_mapping = Scenario("KV21", vote_changes={"C": Fraction(-5, 100)})
    assert as_mapping == as_pairs and as_mapping.vote_changes == (("C", Fraction(-1, 20)),)
    assert Scenario("KV21", vote_changes={"C": -0.05}) == as_pairs  # a float read exactly
    assert as_mapping.composition().seats() == as_pairs.composition().seats()


@pytest.mark.parametrize("bad", [{"B": 674}, "B:5", ("B", 5), [("B",)], {1: Fraction(1, 10)}])
def test_vote_changes_other_shapes_are_refused(bad):
    with pytest.raises(DataError, match="vote_changes"):
        Scenario("KV21", vote_changes=bad)


def test_vote_additions_are_kkr_margins_in_whole_votes():
    # kkr margins: B (KV25 Midtjylland) holds a 2nd seat for sure with 674 more votes, not 673
    base = Scenario(election="KV25", kkr="Midtjylland", method="dhondt", data_dir=str(PARTIAL))
    assert base.composition().seats()["B"] == 1
    assert base.replace(vote_additions={"B": 674}).composition().seat_range("B") == (2, 2)
    assert base.replace(vote_additions={"B": 673}).composition().seat_range("B")[0] == 1
    s = base.replace(vote_additions={"B": 674}, vote_changes={"C": Fraction(1, 10)})
    assert Scenario.from_query(s.to_query()).replace(data_dir=s.data_dir) == s
    tally = s.tally()
    assert tally.get("B").votes == base.tally().get("B").votes + 674
    with pytest.raises(DataError, match="helt antal stemmer"):
        Scenario("KV21", vote_additions={"B": 0.5})
    with pytest.raises(DataError, match="negativt"):
        base.replace(vote_additions={"B": -10**9}).tally()


# ---- 7. the chair guarantee counts valgforbund that name the list --------------------------------

def test_guarantees_naming_c_by_brute_force():
    from kkr_analysis.rules.chair import Alliance, elect_chair
    from kkr_analysis.scenarios.alliances import (
        evaluate_structures,
        guaranteeing_alliances,
        guarantees_for,
    )

    votes = Scenario("KV21",
                     data_dir=str(PARTIAL)).chair_votes()  # 0.2's data: 7 lists, 877 structures
    out = evaluate_structures(votes, progress=False)
    # brute force with the scalar rule: C's valgforbund names C in every structure
    by_alliance: dict[tuple[str, ...], bool] = {}
    for row in range(out.structures):
        alliances = [Alliance(a.members, "C" if "C" in a.members else None)
                     for a in out.alliances_of(row)]
        mine = next(a.members for a in alliances if "C" in a.members)
        result = elect_chair(votes, alliances)
        held = result.chair is not None and result.chair.list == "C"
        by_alliance[mine] = by_alliance.get(mine, True) and held
    expected = {frozenset(m) for m, ok in by_alliance.items() if ok}
    got = {frozenset(g.members) for g in guaranteeing_alliances(out, "C", nominee=True)}
    assert got == expected
    # A+C:C = 211,026 + 194,759 = 405,785 > 398,462 (half of 796,925): the smallest
    smallest = guarantees_for(out, "C")[0]
    assert smallest.label == "A+C:C" and smallest.votes == 405_785
    assert Scenario("KV21", alliances=(Alliance(("A", "C"), "C"),),
                    data_dir=str(PARTIAL)).chair().chair.list == "C"


def test_cli_alliances_shows_the_nominee_variant(capsys):
    assert main(["alliances", "--kkr", "Hovedstaden", "--for", "C", "--data-dir",
                 str(PARTIAL), "--election", "KV21"]) == 0
    out = capsys.readouterr().out
    assert "Mindste: A+C:C (2 lister, C udpeget)" in out and "Uden udpegning" in out
    assert "Mindste: C+Ø+V" not in out
    assert main(["alliances", "--kkr", "Hovedstaden", "--for", "C", "--format", "json",
                 "--data-dir", str(PARTIAL), "--election", "KV21"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["guaranteeing_alliances"][0]["alliance"] == ["C", "Ø", "V"]
    assert doc["guaranteeing_alliances_naming"] == [
        {"alliance": ["A", "C"], "nominee": "C", "label": "A+C:C", "votes": 405_785}]


def test_planner_panel_refuses_another_kkrs_bodies():
    from kkr_analysis.presentation.planner_widget import PlannerPanel

    with pytest.raises(DataError, match="der findes ingen organer for KKR Sjælland"):
        PlannerPanel(Scenario("KV21", kkr="Sjælland"), chart=False)
    assert PlannerPanel(Scenario("KV21"), chart=False).bodies[0].name.startswith("Erhvervshus")
