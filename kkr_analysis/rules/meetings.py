"""Meetings, deadlines and quorum (seed items 1.3, 1.8, 1.9).

* Valgforbund for the chair election must be notified to the KKR secretariat no later than three
  working days before the constituent meeting (forretningsorden § 4, stk. 2). Working days here
  are Monday to Friday except Danish public holidays (``holidays`` package).
* A KKR can decide when at least half of its members are present (forretningsorden § 5).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays
import numpy as np
import pandas as pd

from ..danish import date_da

WEEKDAYS_DA = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
NOTICE_WORKING_DAYS = 3


def danish_holidays(years: range) -> holidays.HolidayBase:
    return holidays.Denmark(years=years, language="da")


def alliance_deadline(meeting: dt.date, working_days: int = NOTICE_WORKING_DAYS) -> dt.date:
    """The last day to notify valgforbund: ``working_days`` working days before ``meeting``
    (rule ``meetings.deadline``, forretningsorden § 4, stk. 2)."""
    years = range(meeting.year - 1, meeting.year + 1)
    off = [np.datetime64(d) for d in danish_holidays(years)]
    day = np.busday_offset(np.datetime64(meeting), -working_days, roll="forward", holidays=off)
    return day.astype(dt.date)


def has_quorum(members: int, present: int) -> bool:
    """At least half of the members present (forretningsorden § 5; rule ``quorum``)."""
    if members <= 0 or present < 0 or present > members:
        raise ValueError(f"kræver 0 <= til stede <= medlemmer og medlemmer > 0 (fik {present} "
                         f"af {members})")
    return 2 * present >= members


def quorum_needed(members: int) -> int:
    return -(-members // 2)


@dataclass(frozen=True)
class MeetingIssue:
    date: dt.date
    problem: str


def check_meetings(plan: pd.DataFrame) -> list[MeetingIssue]:
    """Each stated weekday must match its date; no meeting on a Danish public holiday nor in a
    weekend (rule ``meetings.plan``). The problems are in Danish ("6. april 2026 er en
    helligdag (2. påskedag)")."""
    dates = [dt.date.fromisoformat(d) for d in plan["date"]]
    cal = danish_holidays(range(min(dates).year, max(dates).year + 1)) if dates else {}
    issues = []
    for d, stated in zip(dates, plan["weekday"]):
        real = WEEKDAYS_DA[d.weekday()]
        day = date_da(d)
        if stated.strip().lower() != real:
            issues.append(MeetingIssue(d, f"angivet som {stated.strip() or '(tom)'}, men {day} "
                                          f"er en {real}"))
        if d in cal:
            issues.append(MeetingIssue(d, f"{day} er en helligdag ({cal.get(d)})"))
        if d.weekday() >= 5:
            issues.append(MeetingIssue(d, f"{day} er en {real} (weekend)"))
    return issues


def deadlines(plan: pd.DataFrame) -> pd.DataFrame:
    """The valgforbund deadline for every planned meeting."""
    dates = [dt.date.fromisoformat(d) for d in plan["date"]]
    return pd.DataFrame({"date": dates, "weekday": [WEEKDAYS_DA[d.weekday()] for d in dates],
                         "kind": plan["kind"],
                         "deadline": [alliance_deadline(d) for d in dates],
                         "deadline_weekday": [WEEKDAYS_DA[alliance_deadline(d).weekday()]
                                              for d in dates]})
