"""Read valg.dk's open-data JSON (``valgresultater-…json`` per polling area and
``mandatfordeling-…json`` per municipality), as published for KV25.

The format, as valg.dk writes it: UTF-8 with a byte-order mark, one JSON object per file.

* A polling-area file (``valgresultater``): ``Kommunekode``, ``Afstemningsområde``,
  ``AfstemningsområdeDagiId``, ``Resultatart`` (``Fintælling``, ``ForeløbigOptælling`` or
  ``IngenResultater``), ``AfgivneStemmer`` (cast), ``GyldigeStemmer`` (valid) and
  ``Kandidatlister[]``: ``KandidatlisteId, Navn, Bogstavbetegnelse, Stemmer, Listestemmer,
  Kandidater[{Id, Stemmeseddelnavn, Stemmer}]``. A list's ``Stemmer`` is its ``Listestemmer``
  plus its candidates' votes; the lists' ``Stemmer`` add up to ``GyldigeStemmer``.
* A seat file (``mandatfordeling``): ``Kommunekode``, ``Resultatart``, ``ListeMandater[]`` (one
  entry per seat: ``KandidatlisteId, KandidatlisteNavn, Bogstavbetegnelse``) and
  ``BaseretPåOptællinger[]`` (the polling areas, ``AfstemningsområdeDagiId``, the allocation
  is based on — so a municipality whose polling areas are incomplete is caught).

Every check failure is one :class:`DataError` naming the file and the field. Nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..danish import integer
from ..errors import DataError, os_reason, shown
from .safe_read import MAX_COUNT, MAX_FIELD, check_input_file, same_name_key

MAX_JSON_BYTES = 16 * 1024 * 1024  # a polling area's file is ~20 KiB, København's seats ~60 KiB
FINAL, PRELIMINARY, NO_RESULTS = "Fintælling", "ForeløbigOptælling", "IngenResultater"
STATUS_DA = {FINAL: "fintælling", PRELIMINARY: "foreløbig optælling"}
ELECTION_TYPE = "Kommunalvalg"  # Valgart; valg.dk also publishes Regionsrådsvalg, Folketingsvalg
MAX_DIGITS = 20  # digits in one JSON number (valg.dk's largest are 6-digit DAGI ids)
DAY = re.compile(r"(\d{2})-(\d{2})-(\d{4})")  # Valgdag as valg.dk writes it: 18-11-2025


@dataclass(frozen=True)
class AreaList:
    """One list's votes in one polling area."""

    list_id: str
    letter: str
    name: str
    votes: int
    list_votes: int


@dataclass(frozen=True)
class AreaResult:
    """One polling-area file."""

    path: Path
    municipality_code: int
    area: str
    area_id: int
    status: str  # Fintælling or ForeløbigOptælling
    cast_votes: int
    valid_votes: int
    lists: tuple[AreaList, ...]
    election_day: dt.date | None = None  # Valgdag
    municipality_name: str = ""  # Kommune, as valg.dk writes it ("Københavns Kommune")


@dataclass(frozen=True)
class SeatFile:
    """One municipality's seat allocation."""

    path: Path
    municipality_code: int
    status: str
    seats: dict[str, int]  # KandidatlisteId → seats
    names: dict[str, tuple[str, str]]  # KandidatlisteId → (letter, name)
    based_on: frozenset[int]  # AfstemningsområdeDagiId
    election_day: dt.date | None = None  # Valgdag
    municipality_name: str = ""  # Kommune ("København")


def _pairs(path: Path):
    """``object_pairs_hook``: a key given twice in one object is refused (``json`` would keep
    the last one silently: ``"Kommunekode":563,…,"Kommunekode":101`` would be København)."""
    def hook(pairs: list[tuple[str, object]]) -> dict:
        result: dict = {}
        for key, value in pairs:
            if key in result:
                raise DataError(f"feltet {shown(key)} står to gange i samme objekt; hvilken "
                                "værdi gælder?", path=path, column=key)
            result[key] = value
        return result
    return hook


def _number(path: Path):
    """``parse_int``: a number of more digits than any count is refused before Python turns it
    into an integer (4,300+ digits would fail deep inside ``json``)."""
    def parse(text: str) -> int:
        if len(text.lstrip("-")) > MAX_DIGITS:
            raise DataError(f"et tal på {integer(len(text))} cifre; valg.dk's tal har højst "
                            f"{MAX_DIGITS}", path=path)
        return int(text)
    return parse


def _load(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"kan ikke læses: {os_reason(exc)}", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"byte {raw[exc.start]:#x} er ikke UTF-8; valg.dk's JSON-filer er "
                        "UTF-8", path=path) from None
    try:
        data = json.loads(text, object_pairs_hook=_pairs(path), parse_int=_number(path))
    except json.JSONDecodeError as exc:
        raise DataError(f"ugyldig JSON (linje {exc.lineno}, tegn {exc.colno})",
                        path=path, row=exc.lineno) from None
    except RecursionError:
        raise DataError("JSON indlejret i for mange lag; valg.dk's filer har få lag",
                        path=path) from None
    if not isinstance(data, dict):
        raise DataError("der skal være ét JSON-objekt (valg.dk's åbne data)", path=path)
    return data


def _field(obj: dict, key: str, path: Path, where: str, kind: type | tuple = int):
    if key not in obj:
        raise DataError(f"feltet {where}{key} mangler", path=path, column=f"{where}{key}")
    value = obj[key]
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            raise DataError(f"{shown(value)} er ikke et helt antal stemmer "
                            f"(0-{integer(MAX_COUNT)})",
                            path=path, column=f"{where}{key}")
    elif not isinstance(value, kind):
        raise DataError(f"{shown(value)} har den forkerte type", path=path,
                        column=f"{where}{key}")
    return value


def _text(obj: dict, key: str, path: Path, where: str, *, empty: bool = False) -> str:
    value = _field(obj, key, path, where, (str, type(None)))
    value = (value or "").strip()
    if not value and not empty:
        raise DataError(f"feltet {where}{key} er tomt", path=path, column=f"{where}{key}")
    if len(value) > MAX_FIELD:
        raise DataError(f"et felt på {integer(len(value))} tegn, mere end de "
                        f"{integer(MAX_FIELD)}, en værdi må have", path=path,
                        column=f"{where}{key}")
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value):
        raise DataError(f"{shown(value)} har et linjeskift eller et kontroltegn; et navn står "
                        "på én linje", path=path, column=f"{where}{key}")
    return value


def _election_type(data: dict, path: Path) -> None:
    """``Valgart`` must be a municipal election: a regional-council or Folketing file has
    other councils' results."""
    kind = _field(data, "Valgart", path, "", str)
    if kind.strip() != ELECTION_TYPE:
        raise DataError(f"Valgart er {shown(kind)}, ikke {ELECTION_TYPE}; kun filer fra "
                        "kommunalvalg kan indlæses her", path=path, column="Valgart")


def election_day(text: object, path: Path | None = None, column: str = "Valgdag") -> dt.date:
    """``Valgdag`` as valg.dk writes it (``18-11-2025``), a real day on which municipal
    elections are held: the third Tuesday of November of a year 2001, 2005, … (the law on
    municipal and regional elections, kommunal- og regionalvalgloven)."""
    if not isinstance(text, str):
        raise DataError(f"Valgdag skal være en dato som tekst (fx '18-11-2025'), ikke "
                        f"{shown(text)}", path=path, column=column)
    match = DAY.fullmatch(text.strip())
    try:
        day = dt.date(int(match[3]), int(match[2]), int(match[1])) if match else None
    except ValueError:
        day = None
    if day is None:
        raise DataError(f"Valgdag {shown(text)} er ikke en dato skrevet som valg.dk skriver "
                        "den (dd-mm-åååå, fx '18-11-2025')", path=path, column=column)
    third_tuesday = 15 + (1 - dt.date(day.year, 11, 15).weekday()) % 7
    if day.year < 2001 or day.year % 4 != 1 or (day.month, day.day) != (11, third_tuesday):
        raise DataError(f"Valgdag {shown(text)} er ikke dagen for et kommunalvalg (den tredje "
                        "tirsdag i november i 2021, 2025, 2029, …)", path=path, column=column)
    return day


def _status(data: dict, path: Path) -> str:
    status = _text(data, "Resultatart", path, "")
    if status == NO_RESULTS:
        raise DataError("Resultatart er IngenResultater: valg.dk har endnu ingen resultater i "
                        "filen; hent den igen, når optællingen er offentliggjort",
                        path=path, column="Resultatart")
    if status not in STATUS_DA:
        raise DataError(f"Resultatart {shown(status)} er hverken {FINAL} eller {PRELIMINARY}",
                        path=path, column="Resultatart")
    return status


def _letter(obj: dict, path: Path, where: str) -> str:
    letter = _text(obj, "Bogstavbetegnelse", path, where, empty=True)
    if letter and (len(letter) != 1 or not letter.isupper()):
        raise DataError(f"{shown(letter)} er ikke et listebogstav (ét stort bogstav A-Å eller "
                        "tomt)", path=path, column=f"{where}Bogstavbetegnelse")
    return letter


def read_area_file(path: str | Path) -> AreaResult:
    """One ``valgresultater`` file, checked: each list's votes = list votes + candidates' votes;
    the lists add up to ``GyldigeStemmer``; valid ≤ cast."""
    path = check_input_file(path, max_bytes=MAX_JSON_BYTES)
    data = _load(path)
    _election_type(data, path)
    day = election_day(_field(data, "Valgdag", path, "", object), path)
    status = _status(data, path)
    code = _field(data, "Kommunekode", path, "")
    municipality = _text(data, "Kommune", path, "")
    area = _text(data, "Afstemningsområde", path, "")
    area_id = _field(data, "AfstemningsområdeDagiId", path, "")
    cast = _field(data, "AfgivneStemmer", path, "")
    valid = _field(data, "GyldigeStemmer", path, "")
    if valid > cast:
        raise DataError(f"GyldigeStemmer {integer(valid)} er flere end AfgivneStemmer "
                        f"{integer(cast)}",
                        path=path, column="GyldigeStemmer")
    entries = _field(data, "Kandidatlister", path, "", list)
    if not entries:
        raise DataError("Kandidatlister er tom: et afstemningsområde har altid kommunens lister",
                        path=path, column="Kandidatlister")
    lists, ids = [], set()
    for i, entry in enumerate(entries):
        where = f"Kandidatlister[{i}]."
        if not isinstance(entry, dict):
            raise DataError("der skal stå et objekt", path=path, column=where[:-1])
        list_id = _text(entry, "KandidatlisteId", path, where)
        if list_id in ids:
            raise DataError(f"listen {shown(list_id)} står to gange", path=path,
                            column=f"{where}KandidatlisteId")
        ids.add(list_id)
        votes = _field(entry, "Stemmer", path, where)
        list_votes = _field(entry, "Listestemmer", path, where)
        candidates = _field(entry, "Kandidater", path, where, list)
        personal = 0
        for j, cand in enumerate(candidates):
            if not isinstance(cand, dict):
                raise DataError("der skal stå et objekt", path=path,
                                column=f"{where}Kandidater[{j}]")
            personal += _field(cand, "Stemmer", path, f"{where}Kandidater[{j}].")
        if votes != list_votes + personal:
            raise DataError(f"Stemmer {integer(votes)} er ikke Listestemmer "
                            f"{integer(list_votes)} + kandidaternes {integer(personal)} stemmer",
                            path=path,
                            column=f"{where}Stemmer")
        lists.append(AreaList(list_id, _letter(entry, path, where),
                              _text(entry, "Navn", path, where), votes, list_votes))
    total = sum(item.votes for item in lists)
    if total != valid:
        raise DataError(f"listernes Stemmer giver i alt {integer(total)}, ikke GyldigeStemmer "
                        f"{integer(valid)}", path=path, column="GyldigeStemmer")
    return AreaResult(path, code, area, area_id, status, cast, valid, tuple(lists), day,
                      municipality)


def read_seat_file(path: str | Path) -> SeatFile:
    """One ``mandatfordeling`` file: seats per list and the polling areas it is based on."""
    path = check_input_file(path, max_bytes=MAX_JSON_BYTES)
    data = _load(path)
    _election_type(data, path)
    day = election_day(_field(data, "Valgdag", path, "", object), path)
    status = _status(data, path)
    code = _field(data, "Kommunekode", path, "")
    municipality = _text(data, "Kommune", path, "")
    seats: dict[str, int] = {}
    names: dict[str, tuple[str, str]] = {}
    for i, entry in enumerate(_field(data, "ListeMandater", path, "", list)):
        where = f"ListeMandater[{i}]."
        if not isinstance(entry, dict):
            raise DataError("der skal stå et objekt", path=path, column=where[:-1])
        list_id = _text(entry, "KandidatlisteId", path, where)
        seats[list_id] = seats.get(list_id, 0) + 1
        names[list_id] = (_letter(entry, path, where),
                          _text(entry, "KandidatlisteNavn", path, where))
    based = []
    for i, entry in enumerate(_field(data, "BaseretPåOptællinger", path, "", list)):
        where = f"BaseretPåOptællinger[{i}]."
        if not isinstance(entry, dict):
            raise DataError("der skal stå et objekt", path=path, column=where[:-1])
        based.append(_field(entry, "AfstemningsområdeDagiId", path, where))
    if not based:
        raise DataError("BaseretPåOptællinger er tom: mandatfilen skal nævne de "
                        "afstemningsområder, fordelingen bygger på", path=path,
                        column="BaseretPåOptællinger")
    return SeatFile(path, code, status, seats, names, frozenset(based), day, municipality)


def kind_of(path: Path) -> str | None:
    """``"areas"``, ``"seats"`` or ``None`` from valg.dk's file names."""
    name = path.name.lower()
    if not name.endswith(".json"):
        return None
    if name.startswith("valgresultater"):
        return "areas"
    if name.startswith("mandatfordeling"):
        return "seats"
    return None


@dataclass(frozen=True)
class JsonMunicipality:
    """A municipality assembled from its polling-area files (and its seat file, if given)."""

    municipality_code: int
    areas: tuple[AreaResult, ...]
    seat_file: SeatFile | None

    @property
    def status(self) -> str:
        statuses = {a.status for a in self.areas}
        if self.seat_file is not None:
            statuses.add(self.seat_file.status)
        return FINAL if statuses == {FINAL} else PRELIMINARY


def assemble(area_files: Iterable[AreaResult], seat_files: Iterable[SeatFile]
             ) -> list[JsonMunicipality]:
    """Group polling areas by municipality; refuse a polling area given twice and, where a seat
    file says which polling areas its allocation is based on, a missing or extra one."""
    by_code: dict[int, list[AreaResult]] = {}
    for area in area_files:
        by_code.setdefault(area.municipality_code, []).append(area)
    seats: dict[int, SeatFile] = {}
    for s in seat_files:
        if s.municipality_code in seats:
            raise DataError(f"en mandatfil mere for kommune {s.municipality_code} (den første "
                            f"var {seats[s.municipality_code].path})", path=s.path,
                            column="Kommunekode")
        seats[s.municipality_code] = s
    result = []
    for code in sorted(set(by_code) | set(seats)):
        areas = by_code.get(code, [])
        s = seats.get(code)
        if not areas:
            raise DataError(f"en mandatfil, men ingen filer for afstemningsområder "
                            f"(valgresultater-…json) for kommune {code}",
                            path=s.path if s else None,
                            column="Kommunekode")
        seen: dict[int, AreaResult] = {}
        seen_names: dict[str, AreaResult] = {}
        for a in areas:
            key = same_name_key(a.area)
            first = seen.get(a.area_id) or seen_names.get(key)
            if first is not None:
                raise DataError(f"afstemningsområdet {shown(a.area)} er givet to gange (også i "
                                f"{first.path.name})", path=a.path,
                                column="AfstemningsområdeDagiId")
            seen[a.area_id] = a
            seen_names[key] = a
        if s is not None:
            missing = sorted(s.based_on - set(seen))
            if missing:
                raise DataError(f"mandatfordelingen bygger på {len(s.based_on)} "
                                f"afstemningsområder, men {len(missing)} af dem har ingen fil her "
                                f"(fx AfstemningsområdeDagiId {missing[0]}): kommunens "
                                "afstemningsområder er ikke komplette", path=s.path,
                                column="BaseretPåOptællinger")
            extra = [a for a in areas if a.area_id not in s.based_on]
            if extra:
                raise DataError(f"afstemningsområdet {shown(extra[0].area)} er ikke blandt de "
                                f"{len(s.based_on)}, mandatfordelingen bygger på",
                                path=extra[0].path, column="AfstemningsområdeDagiId")
        result.append(JsonMunicipality(code, tuple(sorted(areas, key=lambda a: a.area_id)), s))
    return result


def municipality_frames(m: JsonMunicipality) -> tuple[pd.DataFrame, pd.DataFrame]:
    """List totals (``list_letter, list_name, list_votes, personal_votes, votes, seats``, seats
    ``<NA>`` without a seat file) and polling-area detail (``area, list_letter, list_name,
    votes``) of one municipality."""
    totals: dict[str, list] = {}
    rows = []
    letters: dict[str, str] = {}  # letter → KandidatlisteId
    for a in m.areas:
        for i, item in enumerate(a.lists):
            entry = totals.setdefault(item.list_id, [item.letter, item.name, 0, 0])
            where = f"Kandidatlister[{i}]."
            if (entry[0], entry[1]) != (item.letter, item.name):
                raise DataError(f"listen {shown(item.list_id)} hedder {shown(item.letter)} "
                                f"{shown(item.name)} her, men {shown(entry[0])} "
                                f"{shown(entry[1])} i et andet afstemningsområde", path=a.path,
                                column=f"{where}Navn")
            if item.letter and letters.setdefault(item.letter, item.list_id) != item.list_id:
                raise DataError(f"to forskellige lister har bogstavet {shown(item.letter)} i "
                                "samme kommune", path=a.path,
                                column=f"{where}Bogstavbetegnelse")
            entry[2] += item.list_votes
            entry[3] += item.votes
            rows.append((a.area, item.letter, item.name, item.votes))
    total = sum(entry[3] for entry in totals.values())
    if total > MAX_COUNT:
        raise DataError(f"kommunens lister får i alt {integer(total)} stemmer, flere end ved "
                        f"noget virkeligt valg (over {integer(MAX_COUNT)})", path=m.areas[0].path,
                        column="GyldigeStemmer")
    names = {}
    for list_id, (letter, name, _, _) in totals.items():
        names.setdefault((letter, name), list_id)
    seat_file = m.seat_file
    if seat_file is not None:
        unknown = [i for i in seat_file.seats if i not in totals]
        if unknown:
            letter, name = seat_file.names[unknown[0]]
            raise DataError(f"mandatfilen giver mandater til listen {shown(letter or name)}, "
                            "som ingen stemmer har i filerne for afstemningsområderne",
                            path=seat_file.path,
                            column="ListeMandater")
    lists = pd.DataFrame(
        [{"list_letter": letter, "list_name": name, "list_votes": lv,
          "personal_votes": v - lv, "votes": v,
          "seats": (seat_file.seats.get(list_id, 0) if seat_file is not None else pd.NA)}
         for list_id, (letter, name, lv, v) in totals.items()])
    lists["seats"] = lists["seats"].astype("Int64")
    lists = lists.sort_values("votes", ascending=False, kind="stable").reset_index(drop=True)
    areas = pd.DataFrame(rows, columns=["area", "list_letter", "list_name", "votes"])
    areas = areas.groupby(["area", "list_letter", "list_name"], sort=False)["votes"].sum()
    return lists, areas.reset_index()
