"""§ 24 appointments, the Erhvervshus board, the meeting plan, deadlines and quorum."""

from __future__ import annotations

import datetime as dt

import icalendar
import pandas as pd
import pytest

from kkr_analysis.cli import main
from kkr_analysis.data import load_election
from kkr_analysis.data.kkr_tables import load_bodies, load_meetings
from kkr_analysis.errors import DataError
from kkr_analysis.presentation.calendar import meetings_to_ical
from kkr_analysis.rules.appointments import (
    Body,
    appoint,
    check_proposals,
    groups_from_composition,
)
from kkr_analysis.rules.board import check_board
from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.lists import region_tally
from kkr_analysis.rules.meetings import alliance_deadline, check_meetings, has_quorum


def test_proportional_appointment_in_quotient_order():
    # Groups 31, 14, 6: quotients 31, 15.5, 14, 10.33 → picks A+F+Ø, A+F+Ø, C, A+F+Ø.
    a = appoint(Body("X", 4), {"A+F+Ø": 31, "C": 14, "V": 6})
    assert [p.group for p in a.picks] == ["A+F+Ø", "A+F+Ø", "C", "A+F+Ø"]
    assert a.method == "forholdstalsvalg" and a.tie is None


def test_tie_for_the_last_appointment_seat():
    # Groups 6, 4, 2 for 5 seats: 6, 4, 3, then 2 = 2 = 2 for two seats → a lot.
    a = appoint(Body("X", 5), {"A": 6, "B": 4, "C": 2})
    assert [p.group for p in a.picks] == ["A", "B", "A", None, None]
    assert a.picks[-1].tied == ("A", "B", "C") and a.tie.seats == 2
    assert "ved lodtrækning" in a.explanation


def test_order_tie_is_reported():
    a = appoint(Body("X", 2), {"A": 5, "B": 5})
    assert all(p.group is None and p.tied == ("A", "B") for p in a.picks)


def test_single_seat_is_a_majority_vote():
    assert appoint(Body("X", 1), {"A": 30, "B": 28}).picks[0].group == "A"
    undecided = appoint(Body("X", 1), {"A": 29, "B": 29})
    assert undecided.picks == () and "ingen gruppe har flertal" in undecided.explanation


def test_business_post_is_a_nomination():
    assert appoint(Body("X", 1, kind="business"), {"A": 30}).method == "indstilling"


def test_seed_bodies_and_groups_from_composition():
    comp = compose(region_tally(load_election("KV21"), "Hovedstaden"))
    bodies = load_bodies()
    assert [(b.seats, b.kind, b.gender_requirement) for b in bodies] == [
        (4, "political", True), (1, "political", False), (1, "business", False)]
    groups = groups_from_composition(comp, ["A+F+Ø"])
    assert groups["A+F+Ø"] == sum(r.total for r in comp.rows if r.list in {"A", "F", "Ø"})
    with pytest.raises(DataError, match="to grupper"):
        groups_from_composition(comp, ["A+F", "F+Ø"])


def test_proposals_council_members_and_gender():
    bodies = [Body("Board", 4, gender_requirement=True), Body("Other", 1)]
    proposals = pd.DataFrame([
        {"body": "Board", "group": "A", "name": "P1", "gender": "K", "council_member": "ja"},
        {"body": "Board", "group": "A", "name": "P2", "gender": "M", "council_member": "ja"},
        {"body": "Board", "group": "C", "name": "P3", "gender": "M", "council_member": "nej"},
        {"body": "Other", "group": "C", "name": "P4", "gender": "M", "council_member": "ja"},
    ])
    check = check_proposals(bodies, proposals)
    assert not check.ok
    assert any("P3 is not a council member" in p for p in check.problems)
    assert any("group C must propose both a woman and a man" in p for p in check.problems)
    assert not any("group A" in p for p in check.problems)
    assert check.gender_balance["Board"] == {"K": 1, "M": 2}


def board(**changes) -> pd.DataFrame:
    rows = ([("Chair", "chair", "K", "ja")] + [(f"M{i}", "municipal", "M", "ja")
                                                for i in range(3)]
            + [(f"B{i}", "business", "K", "nej") for i in range(4)]
            + [("Kn", "knowledge", "M", "nej"), ("Em", "employee", "K", "nej"),
               ("Re", "regional", "M", "ja"), ("Ob", "observer", "K", "nej")])
    frame = pd.DataFrame(rows, columns=["name", "category", "gender", "elected_official"])
    for name, (column, value) in changes.items():
        frame.loc[frame["name"] == name, column] = value
    return frame


def test_valid_board_passes_and_reports_gender():
    result = check_board(board())
    assert result.ok and result.gender == {"K": 6, "M": 5, "unknown": 0}


def test_board_missing_and_surplus_categories():
    result = check_board(board(B0=("category", "municipal")))
    assert not result.ok
    assert "1 missing in category business" in " ".join(result.problems)
    assert "1 too many in category municipal" in " ".join(result.problems)


def test_board_chair_must_be_elected():
    result = check_board(board(Chair=("elected_official", "nej")))
    assert any("must be an elected official" in p for p in result.problems)


def test_board_unknown_category():
    assert any("unknown category" in p for p in check_board(board(Kn=("category", "uni"))).problems)


def test_seed_meeting_plan_weekdays_and_holidays():
    plan = load_meetings()
    assert len(plan) == 21 and check_meetings(plan) == []


def test_wrong_weekday_and_holiday_are_caught():
    plan = pd.DataFrame({"date": ["2022-03-25", "2022-04-15", "2022-12-26"],
                         "weekday": ["torsdag", "fredag", "mandag"]})
    problems = [(i.date.isoformat(), i.problem) for i in check_meetings(plan)]
    assert ("2022-03-25", "angivet som torsdag, men 25. marts 2022 er en fredag") in problems
    assert ("2022-04-15", "15. april 2022 er en helligdag (Langfredag)") in problems
    assert any(d == "2022-12-26" and "26. december 2022 er en helligdag" in p
               for d, p in problems)


def test_meeting_problems_are_danish_with_danish_dates():
    plan = pd.DataFrame({"date": ["2026-04-06", "2026-06-12", "2026-06-13"],
                         "weekday": ["mandag", "torsdag", "lørdag"]})
    assert [i.problem for i in check_meetings(plan)] == [
        "6. april 2026 er en helligdag (Anden påskedag)",
        "angivet som torsdag, men 12. juni 2026 er en fredag",
        "13. juni 2026 er en lørdag (weekend)"]


@pytest.mark.parametrize("meeting,deadline", [
    ("2022-01-25", "2022-01-20"),  # Tue → Mon 24, Fri 21, Thu 20
    ("2022-04-19", "2022-04-11"),  # Easter: Mon 18, Fri 15, Thu 14 are holidays
    ("2022-03-25", "2022-03-22"),
    ("2023-05-08", "2023-05-02"),  # Store Bededag (Fri 5 May 2023) is skipped
    ("2022-01-29", "2022-01-26"),  # a Saturday meeting: Fri 28, Thu 27, Wed 26
])
def test_alliance_deadline_three_working_days(meeting, deadline):
    assert alliance_deadline(dt.date.fromisoformat(meeting)).isoformat() == deadline


@pytest.mark.parametrize("members,present,ok", [(58, 29, True), (58, 28, False), (57, 29, True),
                                                (57, 28, False), (22, 11, True)])
def test_quorum_at_least_half(members, present, ok):
    assert has_quorum(members, present) is ok


def test_ics_export_is_valid_icalendar():
    data = meetings_to_ical(load_meetings())
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == 21 and cal.walk("VTIMEZONE")
    first = events[0]
    assert first.decoded("dtstart").isoformat() == "2022-01-25T10:30:00+01:00"
    assert "Pharmakon" in str(first.get("location"))


def test_cli_contracts(capsys, tmp_path):
    assert main(["meetings", "deadline", "2022-01-25"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "20. januar 2022"
    assert main(["quorum", "--members", "58", "--present", "29"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "ja"
    assert main(["quorum", "--members", "58", "--present", "28"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "nej"
    assert main(["quorum", "--members", "58", "--present", "60"]) == 2
    out = tmp_path / "plan.ics"
    assert main(["meetings", "ics", "--kkr", "Hovedstaden", "--election", "KV21",
                 "--out", str(out)]) == 0 and out.stat().st_size > 1000
    bad = tmp_path / "plan.csv"
    bad.write_text("date,weekday\n2022-03-25,torsdag\n", encoding="utf-8")
    assert main(["meetings", "check", "--kkr", "Sjælland", "--election", "KV25",
                 "--plan", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "\nMødeplan for KKR Sjælland, 2026-2029" in out
    assert "PROBLEM 25. marts 2022: angivet som torsdag, men 25. marts 2022 er en fredag" in out
    assert main(["meetings", "deadline", "25-01-2022"]) == 2


def test_cli_appoint_and_board_check(capsys, tmp_path):
    assert main(["appoint", "--kkr", "Hovedstaden", "--group", "A+F+Ø", "--format", "csv",
                 "--election", "KV21"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("body,seat,group,quotient,substitute,method")
    path = tmp_path / "board.csv"
    board().to_csv(path, index=False)
    assert main(["board-check", str(path)]) == 0
    assert "I orden" in capsys.readouterr().out
    board(B0=("category", "municipal")).to_csv(path, index=False)
    assert main(["board-check", str(path)]) == 1


def test_bad_bodies_file(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text("body,seats,substitutes\nX,2,maybe\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_bodies(path)
    assert (info.value.row, info.value.column) == (2, "substitutes")


def test_typed_in_groups_and_name_column(capsys, tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text("name,seats,substitutes,gender_requirement\nUdvalg,3,yes,no\n",
                    encoding="utf-8")
    assert [(b.name, b.seats, b.substitutes) for b in load_bodies(path)] == [("Udvalg", 3, True)]
    assert main(["appoint", "--kkr", "Hovedstaden", "--bodies", str(path), "--group", "X=20",
                 "--group", "Y=9", "--format", "csv", "--election", "KV21"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    # 20, 10 (X/2), 9 (Y) → X, X, Y; each seat with a substitute from the same group.
    assert [r.split(",")[2] for r in rows] == ["X", "X", "Y"]
    assert [r.split(",")[4] for r in rows] == ["X", "X", "Y"]
    assert main(["appoint", "--kkr", "Hovedstaden", "--group", "X=twenty", "--election",
                 "KV21"]) == 2
