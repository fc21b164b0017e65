"""Every sentence true (issue 21, item 2): a report's answer is the CLI's answer.

Report 02's "which valgforbund make C formand whatever the others do" is built for all five KKR
and both elections and compared with ``kkr alliances --for C --format json`` — both kinds: the
valgforbund that leave their seat to the member with the most votes and those that name C for
it ("A+V+C:C", forretningsorden § 4). Once the report only knew the first kind and said "Intet
valgforbund sikrer C formandsposten" for KV25 Midtjylland while the CLI listed 23.
"""

from __future__ import annotations

import json

import pytest

from kkr_analysis.cli import main
from kkr_analysis.presentation import chair, composition, format, meetings
from kkr_analysis.scenario import Scenario
from kkr_analysis.scenarios.alliances import evaluate_structures

REGIONS = ["Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland", "Syddanmark"]
SEEN: dict[str, int] = {}


def report_guarantees(monkeypatch, election: str, kkr: str, wanted: str):
    """What report 02 shows: its sentences and the labels in its table."""
    sc = Scenario(election=election, kkr=kkr).resolved()
    shown: list = []
    monkeypatch.setattr(chair, "md", lambda text: shown.append(text))
    monkeypatch.setattr(chair, "display", lambda obj: shown.append(obj))
    chair.show_guarantees(sc, evaluate_structures(sc.chair_votes(), progress=False), wanted)
    texts = [s for s in shown if isinstance(s, str)]
    tables = [s.data for s in shown if hasattr(s, "data")]
    labels = list(tables[0]["Valgforbund"]) if tables else []
    return texts, labels


@pytest.mark.parametrize("election", ["KV21", "KV25"])
@pytest.mark.parametrize("kkr", REGIONS)
def test_report_guarantees_are_the_cli_guarantees(election, kkr, monkeypatch, capsys):
    texts, labels = report_guarantees(monkeypatch, election, kkr, "C")
    assert main(["alliances", "--election", election, "--kkr", kkr, "--for", "C",
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    cli = (["+".join(g["alliance"]) for g in doc["guaranteeing_alliances"]]
           + [g["label"] for g in doc["guaranteeing_alliances_naming"]])
    assert sorted(labels) == sorted(cli), (election, kkr)
    if cli:
        assert not any(t.startswith("Intet valgforbund") for t in texts)
        assert texts[-1].endswith("sikrer C formandsposten, uanset hvad de andre lister gør:")
    else:
        assert any(t.startswith("Intet valgforbund sikrer C") for t in texts)
    SEEN[f"{election} {kkr}"] = len(doc["guaranteeing_alliances_naming"])


def test_the_cases_include_valgforbund_naming_c():
    """The comparison above covers the case the report once got wrong."""
    assert len(SEEN) == 10 and SEEN["KV25 Midtjylland"] > 0


def test_the_cap_is_said_without_contradiction():
    """"38 medlemmer (loft 38; loftet binder ikke)" read as a contradiction."""
    from kkr_analysis.danish import cap_da

    assert cap_da(38, 38, False) == ("loft 38: den mindste forholdsmæssige størrelse er netop "
                                     "38, så loftet skærer intet væk")
    assert cap_da(58, 58, True).startswith("loft 58, som binder")
    assert cap_da(29, 38, False) == "loft 38, som ikke nås"
    for election in ("KV21", "KV25"):
        for kkr in REGIONS:
            line = composition.summary_line(Scenario(election=election, kkr=kkr).composition())
            assert "binder ikke" not in line and "loft" in line, line


def test_two_shares_two_labels():
    """Page 01's share is of the threshold's base (KV21: the valid votes), the power index's
    of the lists taking part only."""
    from kkr_analysis.scenarios.power import power_indices

    sc = Scenario(election="KV21", kkr="Hovedstaden")
    one = composition.composition_table(sc.composition()).to_html()
    two = format.table(power_indices(sc.chair_votes()), labels=format.POWER_LABELS).to_html()
    assert "Andel af gyldige stemmer" in one and "Andel af deltagende listers stemmer" in two
    assert "Andel af gyldige stemmer" not in two and "Andel af alle stemmer" not in one


def test_kl_board_table_shows_steps_not_only_grand_coalitions():
    """Notebook 06's KL-bestyrelse table: once the first rows were grand coalitions with 17 of
    17; now each row is the smallest valgforbund with C that secures one more seat."""
    from kkr_analysis.rules.national import board_parties, national_votes
    from kkr_analysis.scenarios.valggrupper import Planner, body_meeting

    nv = national_votes("KV21", board_parties("KV21"))
    frame = Planner(nv.numbers, body_meeting(17)).for_list("C")
    steps = meetings.board_steps(frame)
    assert steps.iloc[0]["group"] == "C" and steps.iloc[-1]["min_seats"] == 17
    assert steps["min_seats"].is_monotonic_increasing and steps["members"].is_monotonic_increasing
    for _, row in steps.iterrows():  # nothing at most as large secures more
        assert frame[frame["members"] <= row["members"]]["min_seats"].max() == row["min_seats"]
    assert (steps["min_seats"] == 17).sum() == 1


def test_meeting_dates_in_danish():
    from kkr_analysis.data.kkr_tables import load_meetings
    from kkr_analysis.rules.meetings import deadlines

    html = format.table(deadlines(load_meetings(None))).to_html()
    assert "25. januar 2022" in html and "20. januar 2022" in html and "2022-01-25" not in html
