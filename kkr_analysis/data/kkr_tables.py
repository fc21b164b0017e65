"""Loaders for the KKR's own tables: meeting plan, bodies to fill, proposals, a board list.

The bundled examples (``data/kkr/``) come from the seed (KKR Hovedstaden's constituent meeting,
25 January 2022); users point the same loaders at their own CSV files.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..danish import integer
from ..errors import DataError, shown
from .loaders import default_data_dir, read_table
from .safe_read import same_name_key

EARLIEST, LATEST = dt.date(1970, 1, 1), dt.date(2100, 12, 31)
YES = {"yes", "ja", "true", "1"}
NO = {"", "no", "nej", "false", "0"}
MAX_BODIES = 200  # bodies in one file (KKR Hovedstaden fills about 30)
MAX_BODY_SEATS = 1_000  # seats in one body (the largest regional bodies have about 20)
MAX_TOTAL_SEATS = 2_000  # seats of all bodies together (--exhaustive stays within seconds)


def _kkr_file(name: str) -> Path:
    return default_data_dir() / "kkr" / name


def _flag(frame: pd.DataFrame, column: str, path: Path) -> list[bool]:
    values = []
    for line, value in zip(frame["_line"], frame[column]):
        v = value.strip().lower()
        if v not in YES | NO:
            raise DataError(f"{shown(value)} er ikke ja/nej (tomt betyder nej)", path=path,
                            row=line, column=column)
        values.append(v in YES)
    return values


MEETINGS_HINT = ("giv --plan FIL (CSV date,weekday[,kind,start,end,location,kkr,period]) eller "
                 "læg planen i datamappen som kkr/meetings_<kkr>_<første år>_<sidste år>.csv")
BODIES_HINT = ("giv --bodies FIL (CSV body,seats[,kind,substitutes,gender_requirement,kkr,"
               "period]) eller læg organerne i datamappen som kkr/bodies_<kkr>_<første år>.csv")


def load_meetings(path: str | Path | None = None, *, kkr: str | None = None,
                  period: str | None = None,
                  data_dir: str | Path | None = None) -> pd.DataFrame:
    """Meeting plan: ``date`` (YYYY-MM-DD), ``weekday`` (Danish, as stated), ``kind``, …

    With ``kkr`` and ``period`` and no ``path``: the plan of that KKR and period
    (:func:`kkr_table_file`), refused when none is held. With ``path`` and ``kkr`` (or
    ``period``): a file whose rows name another KKR (or period) is refused
    (:func:`check_belongs`, as for the bodies), so one KKR's plan is never shown for another.
    """
    if path is None:
        if kkr is None and period is None:
            path = _kkr_file("meetings_hovedstaden_2022_2026.csv")
        else:
            path = _held_table("meetings", kkr, period, data_dir, "mødeplan", MEETINGS_HINT)
    path = Path(path)
    frame = read_table(path, ("date", "weekday"),
                       optional=("kind", "start", "end", "location", "kkr", "period", "source"))
    check_belongs(frame, kkr, period, path, "mødeplanen", MEETINGS_HINT)
    for line, value in zip(frame["_line"], frame["date"]):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise DataError(f"{shown(value)} er ikke en dato på formen ÅÅÅÅ-MM-DD", path=path,
                            row=line, column="date") from None
        if not EARLIEST <= day <= LATEST:
            raise DataError(f"{day} ligger uden for {EARLIEST.year}-{LATEST.year}", path=path,
                            row=line, column="date")
    for line, start, end in frame[["_line", "start", "end"]].itertuples(index=False):
        begins = _clock(start, path, line, "start")
        ends = _clock(end, path, line, "end")
        if begins is not None and ends is not None and ends <= begins:
            raise DataError(f"mødet slutter ({end}), før det begynder ({start})", path=path,
                            row=line, column="end")
    if frame.empty:
        raise DataError("mødeplanen har ingen møder", path=path, row=2)
    return frame.drop(columns="_line")


def _clock(value: str, path: Path, line: int, column: str) -> dt.time | None:
    """A time of day HH:MM (empty: not stated)."""
    if not value:
        return None
    hours, colon, minutes = value.partition(":")
    if not (colon and hours.isascii() and hours.isdigit() and len(hours) <= 2
            and minutes.isascii() and minutes.isdigit() and len(minutes) == 2
            and int(hours) < 24 and int(minutes) < 60):
        raise DataError(f"{shown(value)} er ikke et klokkeslæt TT:MM (00:00-23:59)", path=path,
                        row=line, column=column)
    return dt.time(int(hours), int(minutes))


@dataclass(frozen=True)
class Body:
    """A regional body the KKR fills (``kind``: political members or a business nominee)."""

    name: str
    seats: int
    kind: str = "political"
    substitutes: bool = False
    gender_requirement: bool = False
    note: str = ""


def load_bodies(path: str | Path | None = None, *, kkr: str | None = None,
                period: str | None = None, data_dir: str | Path | None = None) -> list[Body]:
    """Bodies to fill: ``body, seats`` and optionally ``kind`` (political|business),
    ``substitutes``, ``gender_requirement`` (yes/no), ``note``, ``kkr`` and ``period``.

    Without ``path``: the bodies in ``kkr/bodies_*.csv`` of ``data_dir`` or of the bundled
    data — those of ``kkr`` and
    ``period`` when given, refused when none are held for them. With ``path`` and ``kkr`` (or
    ``period``): a file whose rows name another KKR (or period) is refused, so one KKR's bodies
    are never used for another.
    """
    if path is None:
        if kkr is None and period is None:
            path = _kkr_file("bodies_hovedstaden_2022.csv")
        else:
            path = _held_table("bodies", kkr, period, data_dir, "organer", BODIES_HINT)
    path = Path(path)
    frame = read_table(path, ("seats",), integers=("seats",),
                       optional=("body", "name", "kind", "substitutes", "gender_requirement",
                                 "note", "kkr", "period"))
    check_belongs(frame, kkr, period, path, "organerne", BODIES_HINT)
    if (frame["body"] == "").all() and (frame["name"] != "").any():
        frame["body"] = frame["name"]  # "name" is accepted for the body's name
    for line, body in zip(frame["_line"], frame["body"]):
        if not body:
            raise DataError("organet skal have et navn (kolonnen 'body' eller 'name')", path=path,
                            row=line, column="body")
    if frame.empty:
        raise DataError("filen har en overskrift, men ingen organer", path=path, row=2)
    if len(frame) > MAX_BODIES:
        raise DataError(f"{len(frame)} organer; der læses højst {MAX_BODIES} fra én fil",
                        path=path)
    subs = _flag(frame, "substitutes", path)
    gender = _flag(frame, "gender_requirement", path)
    bodies = []
    seen: dict[str, int] = {}
    for i, (line, name, seats, kind_text, note) in enumerate(zip(
            frame["_line"], frame["body"], frame["seats"], frame["kind"], frame["note"])):
        kind = kind_text.strip().lower() or "political"
        if kind not in {"political", "business"}:
            raise DataError(f"{shown(kind_text)} er hverken political eller business", path=path,
                            row=int(line), column="kind")
        if int(seats) < 1:
            raise DataError("et organ skal have mindst én plads", path=path, row=int(line),
                            column="seats")
        if int(seats) > MAX_BODY_SEATS:
            raise DataError(f"{integer(int(seats))} pladser; et organ har højst "
                            f"{integer(MAX_BODY_SEATS)}",
                            path=path, row=int(line), column="seats")
        key = same_name_key(name)
        if key in seen:
            raise DataError(f"organet {shown(name)} står to gange (også række {seen[key]}, "
                            "uanset store/små bogstaver og mellemrum); hvert organ én "
                            "gang", path=path,
                            row=int(line), column="body")
        seen[key] = int(line)
        bodies.append(Body(name, int(seats), kind, subs[i], gender[i], note))
    total = sum(b.seats for b in bodies)
    if total > MAX_TOTAL_SEATS:
        raise DataError(f"organerne har {integer(total)} pladser i alt; der læses højst "
                        f"{integer(MAX_TOTAL_SEATS)} fra én fil", path=path, column="seats")
    return bodies


def check_belongs(frame: pd.DataFrame, kkr: str | None, period: str | None, path: Path,
                  what: str, hint: str) -> None:
    """Refuse a table (meeting plan, bodies) whose ``kkr`` or ``period`` column names another
    KKR or period than the one asked for (an empty cell: not stated, accepted). The one check
    for every KKR table, so one KKR's facts are never shown under another's name."""
    for column, wanted in (("kkr", kkr), ("period", period)):
        if wanted is None or column not in frame:
            continue
        for line, value in zip(frame["_line"], frame[column]):
            if value.strip() and _key(value, column) != _key(wanted, column):
                raise DataError(f"{what} hører til {_where(frame, line)}, ikke KKR "
                                f"{_where_wanted(kkr, period)}; {concrete_hint(hint, kkr, period)}",
                                path=path, row=line, column=column)


def _key(value: str, column: str) -> str:
    return _slug(value.removeprefix("KKR ")) if column == "kkr" else value.strip()


def _where(frame: pd.DataFrame, line: int) -> str:
    """What a row names: "KKR Hovedstaden 2022-2026", "KKR Hovedstaden" or "perioden 2022-2026"."""
    row = frame[frame["_line"] == line].iloc[0]
    kkr, period = row.get("kkr", "").strip(), row.get("period", "").strip()
    return f"KKR {kkr} {period}".strip() if kkr else f"perioden {period}"


def _where_wanted(kkr: str | None, period: str | None) -> str:
    return " ".join(x for x in (kkr, period) if x)


def _held_table(kind: str, kkr: str | None, period: str | None,
                data_dir: str | Path | None, what: str, hint: str) -> Path:
    """The ``kind`` file of ``kkr`` for ``period`` (:func:`kkr_table_file`: the data folder's
    ``kkr/`` first, then the bundled one), refused in one Danish line when none is held."""
    found = (kkr_table_file(kind, kkr, period, data_dir)
             if kkr is not None and period is not None else None)
    if found is not None:
        return found
    raise DataError(f"der findes ingen {what} for KKR {_where_wanted(kkr, period)}: "
                    f"{concrete_hint(hint, kkr, period)}")


def table_file_name(kind: str, kkr: str, period: str) -> str:
    """Where the data folder holds a KKR's table for a period: ``kkr/bodies_syddanmark_2026.csv``,
    ``kkr/meetings_syddanmark_2026_2029.csv`` (:func:`find_kkr_table` finds them by this name)."""
    first, _, last = period.partition("-")
    years = first if kind == "bodies" or not last else f"{first}_{last}"
    return f"kkr/{kind}_{_slug(kkr)}_{years}.csv"


def concrete_hint(hint: str, kkr: str | None, period: str | None) -> str:
    """The hint naming the file of this KKR and period (kkr/meetings_syddanmark_2026_2029.csv)."""
    if kkr is None or period is None or not re.fullmatch(r"\d{4}-\d{4}", period):
        return hint
    first, last = period.split("-")
    return (hint.replace("<kkr>", _slug(kkr)).replace("<første år>", first)
            .replace("<sidste år>", last))


def load_proposals(path: str | Path) -> pd.DataFrame:
    """Named appointees: ``body, group, name, gender, council_member``."""
    frame = read_table(path, ("body", "group", "name", "gender", "council_member"))
    return frame.drop(columns="_line")


def load_board(path: str | Path) -> pd.DataFrame:
    """A proposed Erhvervshus board: ``name, category, gender, elected_official``."""
    frame = read_table(path, ("name", "category", "gender", "elected_official"))
    if frame.empty:
        raise DataError("listen over bestyrelsen er tom", path=Path(path), row=2)
    return frame.drop(columns="_line")


def _slug(name: str) -> str:
    """"Sjælland" → "sjaelland" (file names carry the KKR in ASCII)."""
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "_"})
    return re.sub(r"[^a-z0-9_-]", "", name.strip().lower().translate(table))  # never a path


def find_kkr_table(kind: str, kkr: str, period: str,
                   folder: str | Path | None = None) -> Path | None:
    """The bundled ``data/kkr/<kind>_<kkr>_<first year>[_<last year>].csv`` of this KKR and
    period (e.g. ``meetings_hovedstaden_2022_2026.csv``), or ``None`` when the project holds none.

    The file's ``kkr`` column (and ``period`` column, where present) must name the same KKR and
    period, so a file is never shown for another KKR.
    """
    root = Path(folder) if folder else default_data_dir() / "kkr"
    first = period.split("-")[0]
    for path in sorted(root.glob(f"{kind}_{_slug(kkr)}_{first}*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if any(_slug(r.get("kkr") or kkr) != _slug(kkr) for r in rows):
            continue
        if any((r.get("period") or period) != period for r in rows):
            continue
        return path
    return None


def find_bodies(kkr: str, period: str,
                data_dir: str | Path | None = None) -> list[Body] | None:
    """The bodies this KKR fills in this period (the data folder's ``kkr/`` first, then the
    bundled one; :func:`find_kkr_table`), or ``None`` when none are held — never another KKR's
    bodies. A held file that is malformed is still refused (DataError)."""
    found = bodies_file(kkr, period, data_dir)
    return None if found is None else load_bodies(found, kkr=kkr, period=period)


def bodies_file(kkr: str, period: str, data_dir: str | Path | None = None) -> Path | None:
    """The bodies file of this KKR and period (:func:`kkr_table_file`), or ``None``."""
    return kkr_table_file("bodies", kkr, period, data_dir)


def kkr_table_file(kind: str, kkr: str, period: str,
                   data_dir: str | Path | None = None) -> Path | None:
    """The ``kind`` file (``bodies``, ``meetings``) of this KKR and period: the data folder's
    ``kkr/`` first, then the bundled one (:func:`find_kkr_table`), or ``None``."""
    folders = [Path(data_dir) / "kkr"] if data_dir else []
    for folder in [*folders, None]:
        if folder is not None and not folder.is_dir():
            continue
        found = find_kkr_table(kind, kkr, period, folder)
        if found is not None:
            return found
    return None
