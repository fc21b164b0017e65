"""Export a meeting plan to an iCalendar (.ics) file with the maintained ``icalendar`` library."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
from icalendar import Calendar, Event

from ..version import __version__

TZ = ZoneInfo("Europe/Copenhagen")


def _time(value: str, default: str) -> dt.time:
    return dt.time.fromisoformat(value or default)


def meetings_to_ical(plan: pd.DataFrame, kkr: str = "Hovedstaden",
                     period: str = "2022-2026") -> bytes:
    """One event per meeting (default 10:00-12:00 local time, as the seed's item 1.8 says);
    the calendar is named by the KKR and period the plan belongs to."""
    cal = Calendar()
    cal.add("prodid", f"-//kkr-analysis {__version__}//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"KKR {kkr} mødeplan {period}")
    for row in plan.itertuples(index=False):
        day = dt.date.fromisoformat(row.date)
        start = dt.datetime.combine(day, _time(getattr(row, "start", ""), "10:00"), TZ)
        end_value = getattr(row, "end", "")
        end = (dt.datetime.combine(day, _time(end_value, "12:00"), TZ) if end_value
               else start + dt.timedelta(hours=2))
        event = Event()
        kind = getattr(row, "kind", "") or "møde"
        event.add("summary", f"KKR {kkr}: {kind}")
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("dtstamp", dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
        event.add("uid", f"kkr-{kkr.lower()}-{row.date}@kkr-analysis")
        if getattr(row, "location", ""):
            event.add("location", row.location)
        if not end_value:
            event.add("description", "Sluttidspunkt ikke oplyst i mødeplanen; 2 timer antaget.")
        cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for Europe/Copenhagen (RFC 5545 § 3.6.5)
    return cal.to_ical()
