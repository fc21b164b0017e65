"""Loading and validating the election data: the only module that reads files.

Every loader takes an optional ``data_dir``; without it the data bundled with the package is
used. Layout of a data directory (the bundled one, or a user's own)::

    municipalities.csv                     code, municipality, region
    <ELECTION>/results.csv                 one row per municipality × list
    <ELECTION>/councils.csv                one row per municipality: size, mayor, coverage
    <ELECTION>/parties.csv                 list_letter, list_name (KL's love § 6 parties)
    <ELECTION>/list_cooperations.csv       cooperation, cooperation_name, municipality, list_letter
    kl_published.csv                       KL's own published compositions (optional)
    national.csv                           national result per list (KL's bestyrelse only)
    regions_<year>.csv                     a region mapping scenario (only when asked for)

Extra columns are ignored; a missing parties, list-cooperations or kl_published file means
"none". Any
problem raises :class:`~kkr_analysis.errors.DataError` naming file, row (the line in the file,
the header being line 1) and column. Files are opened read-only: nothing here writes.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from ..danish import integer, percent_value
from ..errors import DataError, did_you_mean, os_reason, shown
from ..safe_csv import unescape_cell

RESULTS_COLUMNS = ("municipality_code", "list_letter", "list_name", "votes", "seats")
COUNCILS_COLUMNS = ("municipality_code", "council_seats", "mayor_list", "votes_coverage")
COVERAGE_VALUES = ("complete", "partial", "none")
COUNT_STATUS_VALUES = ("final", "preliminary", "")  # valg.dk's Fintælling / ForeløbigOptælling
MAYOR_STATUS_VALUES = ("confirmed", "unconfirmed", "")  # "": not stated (own data)
MAX_COUNT = 10**10  # more votes or seats than any real election: surely a typo
MAX_FIELD = 4096  # characters in one CSV field (sources are URLs; names are short)
MAX_FILE_BYTES = 64 * 1024 * 1024  # the bundled results are 0.2 MiB


def bundled_data_dir() -> Path:
    """The data shipped with the package (inside the wheel), or ``data/`` in a source checkout."""
    packaged = Path(str(resources.files("kkr_analysis"))) / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


DATA_DIR_ENV = "KKR_DATA_DIR"  # set by `kkr report/app --data-dir` for notebooks and the app


def default_data_dir() -> Path:
    """The folder read when no ``data_dir`` is given: ``$KKR_DATA_DIR`` where set (``kkr report
    --data-dir DIR`` and ``kkr app --data-dir DIR`` set it for the notebooks and the app), else
    the bundled data."""
    chosen = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(chosen) if chosen else bundled_data_dir()


def _dir(data_dir: str | Path | None) -> Path:
    if data_dir is None:
        data_dir = default_data_dir()
        if data_dir == bundled_data_dir():
            return data_dir  # shipped with the package: nothing to check
    folder = Path(data_dir)
    try:
        folder.stat()
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        raise DataError(f"mappen kan ikke bruges: {os_reason(exc)}",
                        path=folder) from None
    if not folder.is_dir():
        if folder.exists():
            raise DataError("er en fil, ikke en datamappe", path=folder)
        hint = ""
        if folder.with_name(f".{folder.name}.old").is_dir():
            hint = ("; en import til den blev afbrudt — kør importen igen for at genskabe den, "
                    f"eller omdøb .{folder.name}.old tilbage")
        raise DataError(f"datamappen findes ikke{hint}", path=folder)
    return folder


NAME = re.compile(r"[A-Za-z0-9_-]{1,20}")  # an election or a region-mapping year


def check_name(value: object, what: str = "et valg", example: str = "KV21") -> str:
    """A name that becomes part of a path (``<data_dir>/kv21``, ``regions_2027.csv``): letters,
    digits, ``-`` and ``_`` only, at most 20 characters — never ``..`` nor a separator, so a
    link's ``valg=../../x`` or ``kv21/../kv25`` reads nothing outside the data folder."""
    if not isinstance(value, str) or not NAME.fullmatch(value):
        raise DataError(f"{shown(str(value))} er ikke {what} (kun bogstaver og cifre, fx "
                        f"{example}; aldrig en sti)")
    return value


def _election_dir(election: str, data_dir: str | Path | None) -> Path:
    """``<data_dir>/kv21`` as in the bundled layout; ``KV21`` (as typed) is accepted too."""
    check_name(election)
    base = _dir(data_dir)
    for name in (election.lower(), election.upper(), election):
        if (base / name).is_dir():
            return base / name
    return base / election.lower()


def elections_in(data_dir: str | Path | None = None) -> list[str]:
    """The elections a data folder holds: its sub-folders with a ``results.csv`` or a
    ``parties.csv`` (``KV21``, ``KV25``), upper-case and sorted."""
    base = _dir(data_dir)
    return sorted(p.name.upper() for p in base.iterdir() if p.is_dir()
                  and ((p / "results.csv").is_file() or (p / "parties.csv").is_file()))


def _election_year(name: str) -> int:
    """The year an election's name carries (``KV25`` → 2025, ``KV2021`` → 2021); -1 for none."""
    match = re.fullmatch(r"KV(\d{2}|\d{4})", name.upper())
    if match is None:
        return -1
    year = int(match.group(1))
    return year + 2000 if year < 100 else year


def newest_election(data_dir: str | Path | None = None) -> str:
    """The newest election in the data folder in use (the bundled data, ``$KKR_DATA_DIR`` or
    ``data_dir``): the latest year of its ``KVyy`` folders (``KV25`` before ``KV21``); a folder
    named without a year ranks below every ``KVyy``. Every surface's default election."""
    base = _dir(data_dir)
    known = elections_in(data_dir) if base.is_dir() else []
    if not known:
        where = ("de medfølgende data" if data_dir is None else
                 f"datamappen {shown(str(data_dir), 80)}")
        raise DataError(f"der er intet valg i {where} (ingen mappe med results.csv eller "
                        "parties.csv)")
    return max(known, key=lambda name: (_election_year(name), name))


def require_election(election: str, data_dir: str | Path | None = None) -> Path:
    """The election's folder; an election the data folder does not hold is one clear line
    naming the ones it does (``--election KV23`` → "… the elections there are KV21, KV25")."""
    folder = _election_dir(election, data_dir)
    if not folder.is_dir():
        where = ("de medfølgende data" if data_dir is None else
                 f"datamappen {shown(str(data_dir), 80)}")
        known = elections_in(data_dir)
        raise DataError(f"valget {shown(election.upper())} findes ikke i {where}; valgene dér "
                        f"er {', '.join(known) or 'ingen'}")
    return folder


def check_input_file(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> Path:
    """The path must be a regular, readable file of a sane size (never opened otherwise).

    A folder, a FIFO or a device given as a file says so (opening a FIFO would block).
    """
    path = Path(path)
    if "\x00" in str(path):
        raise DataError("et filnavn kan ikke indeholde et NUL-tegn", path=path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError("filen findes ikke", path=path) from None
    except OSError as exc:
        raise DataError(f"kan ikke læses: {os_reason(exc)}", path=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError("er en mappe, ikke en fil", path=path)
    if not stat.S_ISREG(info.st_mode):
        kind = ("en FIFO (navngivet rør)" if stat.S_ISFIFO(info.st_mode) else
                "en enhed" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                "en socket" if stat.S_ISSOCK(info.st_mode) else "en særlig fil")
        raise DataError(f"er {kind}, ikke en almindelig fil", path=path)
    if info.st_size > max_bytes:
        raise DataError(f"filen fylder {integer(round(info.st_size / 2**20))} MiB, mere end "
                        f"grænsen på {integer(round(max_bytes / 2**20))} MiB for denne slags fil",
                        path=path)
    return path


def line_of_offset(raw: bytes, offset: int) -> int:
    """The line (1-based) holding byte ``offset``; CR, LF and CRLF each end a line."""
    head = raw[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def read_text(path: str | Path, encoding: str = "utf-8-sig", *,
              max_bytes: int = MAX_FILE_BYTES) -> str:
    """A text file's content, refusing what is not a readable text file (row named)."""
    path = check_input_file(path, max_bytes=max_bytes)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"kan ikke læses: {os_reason(exc)}", path=path) from None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataError(
            f"byte {raw[exc.start]:#04x} (byte {integer(exc.start)} i filen) er ikke gyldig "
            f"{encoding}-tekst; gem filen som UTF-8", path=path, row=line_of_offset(raw, exc.start)
        ) from None
    if "\x00" in text:
        raise DataError("en NUL-byte (\\x00): det ligner en binær fil, ikke CSV-tekst",
                        path=path, row=line_of_offset(raw, raw.index(b"\x00")))
    return text.lstrip("\ufeff")


def csv_rows(text: str, path: Path, sep: str = ",") -> list[tuple[int, list[str]]]:
    """``(line, cells)`` per CSV record; ``line`` is where the record starts (header = 1).

    Line breaks are CR, LF or CRLF (as Excel and valg.dk write them); other Unicode line
    separators (U+2028) are ordinary characters inside a field. Fields longer than
    :data:`MAX_FIELD` characters are refused.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            reason = str(exc)
            if "field larger" in reason:
                reason = f"et felt på mere end {integer(MAX_FIELD)} tegn"
            elif "unexpected end of data" in reason:
                reason = "filen slutter midt i et felt (mangler et anførselstegn?)"
            elif "new-line character seen in unquoted field" in reason:
                reason = "et linjeskift i et felt uden anførselstegn"
            raise DataError(f"ugyldig CSV: {reason}", path=path, row=start) from None
        for index, cell in enumerate(row):
            if len(cell) > MAX_FIELD:
                raise DataError(f"et felt på {integer(len(cell))} tegn, mere end de "
                                f"{integer(MAX_FIELD)}, en værdi må have (mangler et "
                                "anførselstegn?)", path=path, row=start,
                                column=f"felt {index + 1}")
        rows.append((start, row))
        start = reader.line_num + 1
    return rows


def read_table(
    path: str | Path,
    required: Sequence[str],
    *,
    integers: Iterable[str] = (),
    optional_integers: Iterable[str] = (),
    optional: Iterable[str] = (),
    sep: str = ",",
    encoding: str = "utf-8-sig",
) -> pd.DataFrame:
    """Read a CSV as strings, check its columns and turn integer columns into ``Int64``.

    ``integers`` must be filled in every row; ``optional_integers`` may be empty (→ ``<NA>``).
    Raises :class:`DataError` for a missing, special or empty file, a missing or doubled
    column, a malformed line or a value that is not a whole number within 0 … 10^10.
    The ``_line`` column holds each row's line in the file (header = line 1).
    """
    path = Path(path)
    if path.is_symlink():  # a file outside the folder is never read, nor quoted in a message
        raise DataError("er et symbolsk link; data læses aldrig gennem et link: læg selve "
                        "filen i mappen", path=path)
    text = read_text(path, encoding)
    if not text.strip():
        raise DataError("filen er tom; der skal være en overskriftslinje og datarækker",
                        path=path)
    rows = csv_rows(text, path, sep)
    header = [h.strip() for h in rows[0][1]]
    missing = [c for c in required if c not in header]
    if missing:
        hint = ""
        if len(header) == 1 and sep not in rows[0][1][0]:
            hint = f" (er skilletegnet {sep!r}? overskriften lyder {shown(rows[0][1][0])})"
        raise DataError(
            f"mangler kolonne(r) {', '.join(missing)}; kolonnerne skal være "
            f"{', '.join(required)}{hint}",
            path=path,
            row=1,
            column=missing[0],
        )
    doubled = sorted({h for h in header if h and header.count(h) > 1})
    if doubled:
        raise DataError("kolonnen står to gange i overskriften", path=path, row=1,
                        column=doubled[0])
    records = []
    for line_no, row in rows[1:]:
        if not row or all(not cell.strip() for cell in row):
            continue  # blank lines carry no data
        if len(row) != len(header):
            raise DataError(
                f"{len(row)} felter, hvor overskriften har {len(header)}", path=path, row=line_no
            )
        records.append((line_no, row))
    frame = pd.DataFrame([r for _, r in records], columns=header, dtype="string")
    for column in frame.columns:  # a whole column at a time: outer spaces, the CSV writer's '
        cells = frame[column].str.strip()
        quoted = cells.str.startswith("'")
        if quoted.any():
            cells[quoted] = cells[quoted].map(unescape_cell)
        frame[column] = cells
    frame["_line"] = [n for n, _ in records]
    for column in optional:
        if column not in frame.columns:
            frame[column] = pd.Series([""] * len(frame), dtype="string")
    for column in integers:
        frame[column] = _integers(frame, column, path, allow_empty=False)
    for column in optional_integers:
        if column in frame.columns:
            frame[column] = _integers(frame, column, path, allow_empty=True)
        else:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="Int64")
    return frame


def parse_count(cell: str, *, path: Path, row: int | None, column: str,
                what: str = "et ikke-negativt helt tal") -> int:
    """A count as written in a data file: ASCII digits only, at most :data:`MAX_COUNT`."""
    if not (cell.isascii() and cell.isdigit()):
        if cell.startswith("-") and cell[1:].isascii() and cell[1:].isdigit():
            found = f"{shown(cell)} (et negativt tal)"
        elif any(ch.isdigit() for ch in cell) and not cell.isascii():
            found = f"{shown(cell)} (andre cifre end 0-9)"
        else:
            found = shown(cell)
        raise DataError(f"{found} er ikke {what} (ingen decimaler, ingen tusindtalsseparator)",
                        path=path, row=row, column=column)
    if len(cell.lstrip("0")) > len(str(MAX_COUNT)) or int(cell) > MAX_COUNT:
        raise DataError(f"{shown(cell)} er større end ved noget virkeligt valg (over "
                        f"{integer(MAX_COUNT)}); en tastefejl?", path=path, row=row, column=column)
    return int(cell)


def _integers(frame: pd.DataFrame, column: str, path: Path, *, allow_empty: bool) -> pd.Series:
    """The column as ``Int64``, checked a whole column at a time; the first bad cell is named
    by :func:`parse_count`'s message."""
    cells = frame[column].fillna("").astype(str).reset_index(drop=True)
    lines = frame["_line"].reset_index(drop=True)
    empty = cells == ""
    if not allow_empty and empty.any():
        raise DataError("tom; der skal stå et helt tal", path=path,
                        row=int(lines[empty.idxmax()]), column=column)
    ok = empty | (cells.str.fullmatch(r"[0-9]+").fillna(False).astype(bool)
                  & (cells.str.lstrip("0").str.len() <= len(str(MAX_COUNT))))
    if not ok.all():
        at = (~ok).idxmax()
        parse_count(cells[at], path=path, row=int(lines[at]), column=column)  # raises
    values = pd.to_numeric(cells.mask(empty))
    over = values > MAX_COUNT
    if over.any():
        at = over.idxmax()
        parse_count(cells[at], path=path, row=int(lines[at]), column=column)  # raises
    return pd.array(values.astype("Int64"), dtype="Int64")


def load_municipalities(data_dir: str | Path | None = None, *,
                        with_lines: bool = False) -> pd.DataFrame:
    """The municipalities: ``code`` (Statistics Denmark), ``municipality``, ``region``."""
    path = _dir(data_dir) / "municipalities.csv"
    frame = read_table(path, ("code", "municipality", "region"), integers=("code",))
    _not_empty(frame, path)
    _no_duplicates(frame, ["code"], path)
    return frame[["code", "municipality", "region", *_lines(with_lines)]].reset_index(drop=True)


def _lines(with_lines: bool) -> list[str]:
    """The ``_line`` column (row in the file), for callers that report cross-file errors."""
    return ["_line"] if with_lines else []


def load_parties(election: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Letters that are parties under KL's love § 6 (eligible for the Folketing on 1 August)."""
    path = _election_dir(election, data_dir) / "parties.csv"
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype="string")
                             for c in ("list_letter", "list_name", "source")})
    frame = read_table(path, ("list_letter", "list_name"), optional=("source",))
    for line, letter in zip(frame["_line"], frame["list_letter"]):
        if not letter:
            raise DataError("et parti skal have et listebogstav", path=path, row=line,
                            column="list_letter")
        _capital(letter, path, line, "list_letter")
    _no_duplicates(frame, ["list_letter"], path)
    return frame[["list_letter", "list_name", "source"]].reset_index(drop=True)


def load_cooperations(election: str, data_dir: str | Path | None = None, *,
                      with_lines: bool = False) -> pd.DataFrame:
    """Local lists in reported list cooperations (listesamarbejder), one row per member list."""
    path = _election_dir(election, data_dir) / "list_cooperations.csv"
    columns = ("cooperation", "cooperation_name", "municipality", "list_letter")
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype="string") for c in (*columns,
                                                                    *_lines(with_lines))})
    frame = read_table(path, columns)
    names = set(load_municipalities(data_dir)["municipality"])
    for line, coop, municipality, letter in frame[
            ["_line", "cooperation", "municipality", "list_letter"]].itertuples(index=False):
        if not coop:
            raise DataError("et listesamarbejde skal have en kode", path=path, row=line,
                            column="cooperation")
        if municipality not in names:
            near = [n for n in names if n.casefold() == municipality.casefold()]
            hint = f"; mente du {near[0]!r}?" if near else " (municipalities.csv)"
            raise DataError(f"ukendt kommune {shown(municipality)}{hint}", path=path,
                            row=line, column="municipality")
        _capital(letter, path, line, "list_letter")
    _no_duplicates(frame, ["municipality", "list_letter"], path)
    return frame[[*columns, *_lines(with_lines)]].reset_index(drop=True)


def _capital(letter: str, path: Path, line: int, column: str,
             known: dict[str, int] | None = None) -> None:
    """List letters are capitals (valg.dk, KL): ``c`` is refused, never read as another list.

    ``known`` maps letters to the row where they appear, to say which list it would shadow.
    """
    if letter == letter.upper():
        return
    where = ""
    if known and letter.upper() in known:
        where = f" (listen {letter.upper()!r} står i række {known[letter.upper()]})"
    raise DataError(f"listebogstavet {shown(letter)} er et lille bogstav; listebogstaver er "
                    f"store, og {letter.upper()!r} ville være en anden liste{where}",
                    path=path, row=line, column=column)


def _not_empty(frame: pd.DataFrame, path: Path) -> None:
    if frame.empty:
        raise DataError("filen har en overskrift, men ingen datarækker", path=path, row=2)


def _no_duplicates(frame: pd.DataFrame, keys: list[str], path: Path,
                   column: str | None = None) -> None:
    seen: dict[tuple, int] = {}
    for line, *values in frame[["_line", *keys]].itertuples(index=False):
        key = tuple(values)
        if key in seen:
            text = ", ".join(f"{k}={shown(v)}" for k, v in zip(keys, values))
            raise DataError(f"række gentaget ({text}); den står allerede i række {seen[key]}",
                            path=path, row=line, column=column or keys[-1])
        seen[key] = line


def _check_municipalities(frame: pd.DataFrame, path: Path, munis: pd.DataFrame) -> pd.DataFrame:
    """Each row's municipality code must exist; name and region, if given, must match it.
    Checked a whole column at a time; the first offending row is named."""
    by_code = munis.set_index("code")
    codes = frame["municipality_code"]
    unknown = ~codes.isin(by_code.index)
    if unknown.any():
        first = frame[unknown].iloc[0]
        raise DataError(f"ukendt kommunekode {first['municipality_code']}", path=path,
                        row=first["_line"], column="municipality_code")
    name_of = codes.map(by_code["municipality"]).astype("string")
    region_of = codes.map(by_code["region"]).astype("string")
    if "municipality" in frame:
        given = frame["municipality"].fillna("")
        bad = (given != "") & (given != name_of)
        if bad.any():
            row = frame[bad].iloc[0]
            code = row["municipality_code"]
            raise DataError(
                f"kommunen {shown(row['municipality'])} passer ikke til koden {code} "
                f"({by_code.loc[code, 'municipality']})", path=path, row=row["_line"],
                column="municipality")
    if "region" in frame:
        given = frame["region"].fillna("")
        bad = (given != "") & (given != region_of)
        if bad.any():
            row = frame[bad].iloc[0]
            known = by_code.loc[row["municipality_code"]]
            raise DataError(
                f"ukendt region {shown(row['region'])} for {known['municipality']}; den skal "
                f"være {known['region']!r}", path=path, row=row["_line"], column="region")
    frame = frame.copy()
    frame["municipality"] = name_of
    frame["region"] = region_of
    return frame


def _same_election(frame: pd.DataFrame, election: str, path: Path) -> None:
    """A row's ``election`` (if given) must be the folder's: a ``kv21/`` holding KV25's tables
    would show KV25's numbers titled KV21."""
    wrong = (frame["election"] != "") & (frame["election"].str.upper() != election.upper())
    if wrong.any():
        at = frame[wrong].iloc[0]
        raise DataError(f"rækken er fra valget {shown(at['election'])}, men ligger i mappen "
                        f"for {election.upper()}", path=path, row=int(at["_line"]),
                        column="election")


def load_results(election: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Votes and seats per municipality and list.

    Columns: ``election, region, municipality_code, municipality, list_letter, list_name,
    votes`` (``Int64``, ``<NA>`` where not found), ``seats`` (``Int64``, ``<NA>`` where no
    source gives the list's seats: unknown, never taken as 0 by a rule that needs it).
    """
    path = _election_dir(election, data_dir) / "results.csv"
    frame = read_table(
        path,
        RESULTS_COLUMNS,
        integers=("municipality_code",),
        optional_integers=("votes", "seats"),
        optional=("region", "municipality", "election"),
    )
    _same_election(frame, election, path)
    _not_empty(frame, path)
    frame = _check_municipalities(frame, path, load_municipalities(data_dir))
    first_row: dict[str, int] = {}
    for line, letter in zip(frame["_line"], frame["list_letter"]):
        first_row.setdefault(letter, line)
    for line, letter, name in frame[["_line", "list_letter", "list_name"]].itertuples(index=False):
        if not letter and not name:
            raise DataError("en liste skal have et bogstav eller et navn", path=path, row=line,
                            column="list_letter")
        _capital(letter, path, line, "list_letter", first_row)
    key = frame["list_letter"].where(frame["list_letter"] != "", "name:" + frame["list_name"])
    frame["_key"] = key
    _no_duplicates(frame, ["municipality_code", "_key"], path, column="list_letter")
    councils_path = path.with_name("councils.csv")
    if councils_path.exists():
        _check_seats_against_councils(frame, load_councils(election, data_dir), path)
    frame["election"] = election.upper()
    columns = ["election", "region", "municipality_code", "municipality", "list_letter",
               "list_name", "votes", "seats"]
    return frame[columns].reset_index(drop=True)


def load_councils(election: str, data_dir: str | Path | None = None, *,
                  with_lines: bool = False) -> pd.DataFrame:
    """One row per municipality: ``council_seats``, ``valid_votes``, mayor, ``votes_coverage``.

    ``mayor_status``: ``confirmed`` (a source dated after the constituent meetings names the
    mayor), ``unconfirmed`` (only election-night or earlier sources) or empty (not stated, e.g.
    a file without the column)."""
    path = _election_dir(election, data_dir) / "councils.csv"
    frame = read_table(
        path,
        COUNCILS_COLUMNS,
        integers=("municipality_code",),
        optional_integers=("council_seats", "valid_votes", "cast_votes"),
        optional=("region", "municipality", "mayor_name", "count_status", "mayor_status",
                  "election", "source"),
    )
    _same_election(frame, election, path)
    _not_empty(frame, path)
    frame = _check_municipalities(frame, path, load_municipalities(data_dir))
    _no_duplicates(frame, ["municipality_code"], path)
    for line, value in zip(frame["_line"], frame["votes_coverage"]):
        if value not in COVERAGE_VALUES:
            raise DataError(f"{shown(value)} er ikke en af {', '.join(COVERAGE_VALUES)}",
                            path=path, row=line, column="votes_coverage")
    for line, letter in zip(frame["_line"], frame["mayor_list"]):
        _capital(letter, path, line, "mayor_list")
    for line, value in zip(frame["_line"], frame["count_status"]):
        if value not in COUNT_STATUS_VALUES:
            raise DataError(f"{shown(value)} er ikke en af final, preliminary (eller tom)",
                            path=path, row=line, column="count_status")
    for line, value in zip(frame["_line"], frame["mayor_status"]):
        if value not in MAYOR_STATUS_VALUES:
            raise DataError(f"{shown(value)} er ikke en af confirmed, unconfirmed (eller tom)",
                            path=path, row=line, column="mayor_status")
    too_many = frame["cast_votes"].notna() & frame["valid_votes"].notna() & (
        frame["cast_votes"] < frame["valid_votes"])
    if too_many.any():
        line = int(frame.loc[too_many, "_line"].iloc[0])
        raise DataError("cast_votes (afgivne stemmer) er mindre end valid_votes", path=path,
                        row=line, column="cast_votes")
    frame["election"] = election.upper()
    columns = ["election", "region", "municipality_code", "municipality", "council_seats",
               "valid_votes", "cast_votes", "count_status", "mayor_name", "mayor_list",
               "mayor_status", "votes_coverage", "source", *_lines(with_lines)]
    return frame[columns].reset_index(drop=True)


def load_published(data_dir: str | Path | None = None) -> pd.DataFrame:
    """KL's published compositions (``kl_published.csv``), with their sources.

    Optional: without the file the table is empty (nothing to compare with).
    """
    path = _dir(data_dir) / "kl_published.csv"
    columns = ("body", "period", "region", "list_letter", "mayors", "supplementary", "total")
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype="object") for c in (*columns, "source")})
    frame = read_table(path, columns, integers=("mayors", "supplementary", "total"),
                       optional=("source",))
    return frame[[*columns, "source"]]


def load_board_published(data_dir: str | Path | None = None) -> pd.DataFrame:
    """KL's published bestyrelse per period (``kl_board_published.csv``: ``period, list_letter,
    seats, source, note``). Optional: without the file the table is empty (nothing to check
    against). A period's rows may be partial (only the parties a source names); where they add
    up to the board's 17 seats, a party not named has none."""
    path = _dir(data_dir) / "kl_board_published.csv"
    columns = ("period", "list_letter", "seats")
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype="object") for c in (*columns, "source", "note")})
    frame = read_table(path, columns, integers=("seats",), optional=("source", "note"))
    seen: dict[str, int] = {}
    for line, period, letter in frame[["_line", "period", "list_letter"]].itertuples(index=False):
        _capital(letter, path, line, "list_letter")
        key = f"{period}/{letter}"
        if key in seen:
            raise DataError(f"{shown(letter)} står to gange for {shown(period)} (også række "
                            f"{seen[key]})", path=path, row=line, column="list_letter")
        seen[key] = line
    return frame[[*columns, "source", "note"]].reset_index(drop=True)


def load_national(election: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The national result per list (``national.csv``): ``list_letter, list_name, votes``
    (``<NA>`` where not published), ``pct_tenths`` (the published percentage in tenths of a
    percent, exact: "28.4" → 284), ``seats`` (council seats won in the country; optional, ``<NA>``
    where not given — only the repræsentantskab uses it)."""
    path = _dir(data_dir) / "national.csv"
    frame = read_table(path, ("election", "list_letter", "list_name", "pct_published"),
                       optional_integers=("votes", "seats"))
    frame = frame[frame["election"].str.upper() == election.upper()]
    if frame.empty:
        raise DataError(f"ingen rækker for {election.upper()}", path=path, column="election")
    tenths = []
    for line, value in zip(frame["_line"], frame["pct_published"]):
        whole, _, part = value.partition(".")
        if not whole.isdigit() or (part and (not part.isdigit() or len(part) > 1)):
            raise DataError(f"{shown(value)} er ikke en procentsats med højst én decimal",
                            path=path, row=line, column="pct_published")
        tenths.append(int(whole) * 10 + (int(part) if part else 0))
        if tenths[-1] > 1000:
            raise DataError(f"{value.replace('.', ',')} % er mere end 100 %", path=path, row=line,
                            column="pct_published")
    seen: dict[str, int] = {}
    for line, letter in zip(frame["_line"], frame["list_letter"]):
        _capital(letter, path, line, "list_letter", seen)
        key = " ".join(letter.split()).casefold()
        if key and key in seen:
            raise DataError(f"listen {shown(letter)} står to gange for {election.upper()} (også "
                            f"række {seen[key]})", path=path, row=line, column="list_letter")
        seen.setdefault(letter, line)
        seen[key] = line
    if sum(tenths) > 1005:  # the published shares are rounded to 0.1 %: a little over 100 %
        raise DataError(f"andelene for {election.upper()} giver i alt "
                        f"{percent_value(sum(tenths) / 10, 1)}, mere end 100 %", path=path,
                        column="pct_published")
    if sum(tenths) == 0 and not frame["votes"].fillna(0).astype(int).any():
        raise DataError(f"hver liste for {election.upper()} har 0 % og ingen stemmer; giv de "
                        "offentliggjorte andele eller stemmetallene", path=path,
                        column="pct_published")
    frame = frame.assign(pct_tenths=tenths)
    return frame[["list_letter", "list_name", "votes", "pct_tenths", "seats"]].reset_index(
        drop=True)


def load_region_votes(path: str | Path, lists: Iterable[str] | None = None) -> pd.DataFrame:
    """Region vote totals given directly (KL's published "stemmetal" per KKR).

    Columns ``list,votes`` and optionally ``council_seats`` (seats the list holds in the
    region's councils; without it the council-seat condition is taken from the results).
    At most one row ``TOTAL`` (any case): all valid votes, at least the sum of the lists.
    ``lists``: the names a row may use (parties, cooperations, the region's lists); any other
    name — ``a`` for ``A`` too — is an error, never a new list.
    """
    path = Path(path)
    frame = read_table(path, ("list", "votes"), integers=("votes",),
                       optional_integers=("council_seats",))
    if frame.empty:
        raise DataError("filen har en overskrift, men ingen rækker; giv én række pr. liste",
                        path=path, row=2)
    total_rows = frame[frame["list"].str.upper() == "TOTAL"]
    if len(total_rows) > 1:
        first, second = total_rows["_line"].iloc[:2]
        raise DataError(f"en række TOTAL mere (den første er række {first}); giv regionens "
                        "gyldige stemmer én gang", path=path, row=int(second), column="list")
    known = None if lists is None else set(lists)
    for line, name in zip(frame["_line"], frame["list"]):
        if not name:
            raise DataError("en række skal have en liste", path=path, row=line, column="list")
        if known is None or name.upper() == "TOTAL" or name in known:
            continue
        hint = did_you_mean(name, known) or f"; listerne er {', '.join(sorted(known))}"
        raise DataError(f"ukendt liste {shown(name)}{hint}", path=path, row=line,
                        column="list")
    _no_duplicates(frame, ["list"], path)
    lists_only = frame[frame["list"].str.upper() != "TOTAL"]
    if lists_only.empty:
        raise DataError("filen har kun en række TOTAL; giv også én række pr. liste",
                        path=path, row=int(total_rows["_line"].iloc[0]), column="list")
    if int(lists_only["votes"].sum()) == 0:
        raise DataError("hver liste har 0 stemmer; giv listernes stemmer i regionen",
                        path=path, row=int(lists_only["_line"].iloc[0]), column="votes")
    if not total_rows.empty:
        listed = int(frame.loc[frame["list"].str.upper() != "TOTAL", "votes"].sum())
        total = int(total_rows["votes"].iloc[0])
        if total < listed:
            raise DataError(f"TOTAL {integer(total)} er mindre end listernes "
                            f"{integer(listed)} stemmer ovenfor", path=path,
                            row=int(total_rows["_line"].iloc[0]), column="votes")
    return frame[["list", "votes", "council_seats"]].reset_index(drop=True)


def load_region_mapping(year: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """A region mapping for another year (``regions_<year>.csv``: code, municipality, region).

    E.g. ``"2027"``: Hovedstaden and Sjælland as Region Østdanmark — a scenario for KL's KKR.
    """
    path = _dir(data_dir) / f"regions_{check_name(year, 'et år for regionerne', '2027')}.csv"
    frame = read_table(path, ("code", "municipality", "region"), integers=("code",))
    _not_empty(frame, path)
    _no_duplicates(frame, ["code"], path)
    known = load_municipalities(data_dir)
    missing = sorted(set(known["code"]) - set(frame["code"]))
    if missing:
        raise DataError(f"kommunekoderne {', '.join(map(str, missing[:5]))} mangler i "
                        "opdelingen",
                        path=path)
    for line, code in zip(frame["_line"], frame["code"]):
        if code not in set(known["code"]):
            raise DataError(f"ukendt kommunekode {code}", path=path, row=line,
                            column="code")
    return frame[["code", "municipality", "region"]].reset_index(drop=True)


@dataclass(frozen=True)
class ElectionData:
    """Everything one election needs, loaded and checked together."""

    election: str
    municipalities: pd.DataFrame
    results: pd.DataFrame
    councils: pd.DataFrame
    parties: pd.DataFrame
    cooperations: pd.DataFrame
    source: str
    regions_year: str | None = None  # a region mapping other than municipalities.csv
    data_dir: str | None = None  # the folder read (None: the bundled data); national and
    # published tables of the same election come from the same folder

    @property
    def is_scenario(self) -> bool:
        return self.regions_year is not None

    @property
    def party_assumption(self) -> str | None:
        """The note, if the party registry is an assumption rather than a sourced list.

        A source may hold evidence and an assumption apart, as ``"evidence: … | assumption: …"``;
        only the parts that say ``assumption`` make the note."""
        notes = {part.strip() for s in self.parties["source"] for part in s.split(" | ")
                 if "assumption" in part.lower()}
        return "; ".join(sorted(notes)) or None

    @property
    def regions(self) -> list[str]:
        return sorted(self.municipalities["region"].unique())


def load_election(election: str, data_dir: str | Path | None = None,
                  regions: str | None = None) -> ElectionData:
    """Load and cross-check all files of one election (e.g. ``"KV21"``).

    ``regions="2027"`` regroups the municipalities by ``regions_2027.csv`` (a scenario).
    """
    election = check_name(election).upper()
    require_election(election, data_dir)
    municipalities = load_municipalities(data_dir, with_lines=True)
    results = load_results(election, data_dir)
    councils = load_councils(election, data_dir, with_lines=True)
    cooperations = load_cooperations(election, data_dir, with_lines=True)
    _cross_check(election, data_dir, municipalities, results, councils, cooperations)
    municipalities, councils, cooperations = (
        f.drop(columns="_line") for f in (municipalities, councils, cooperations))
    if regions is not None:
        mapping = load_region_mapping(regions, data_dir)
        region_of = dict(zip(mapping["code"], mapping["region"]))
        municipalities = municipalities.assign(region=municipalities["code"].map(region_of))
        results = results.assign(region=results["municipality_code"].map(region_of))
        councils = councils.assign(region=councils["municipality_code"].map(region_of))
    return ElectionData(
        election=election,
        municipalities=municipalities,
        results=results,
        councils=councils,
        parties=load_parties(election, data_dir),
        cooperations=cooperations,
        source=("bundled data" if data_dir is None and _dir(None) == bundled_data_dir()
                else str(_dir(data_dir))),
        regions_year=regions,
        data_dir=None if data_dir is None else str(data_dir),
    )


def _check_seats_against_councils(results: pd.DataFrame, councils: pd.DataFrame,
                                  path: Path) -> None:
    """No municipality's list seats may add up to more than its council size (a running sum
    per municipality, a whole column at a time; the row where it first goes over is named)."""
    size = councils.set_index("municipality_code")["council_seats"]
    running = results.groupby("municipality_code", sort=False)["seats"].cumsum()
    limit = results["municipality_code"].map(size)
    over = (limit.notna() & (running > limit)).fillna(False).astype(bool)
    if over.any():
        at = over.idxmax()
        row = results.loc[at]
        raise DataError(
            f"{row['municipality']} har {int(limit[at])} medlemmer i kommunalbestyrelsen "
            f"(councils.csv), men mandaterne til og med denne række giver {int(running[at])}",
            path=path, row=row["_line"], column="seats")


def _cross_check(election: str, data_dir: str | Path | None, municipalities: pd.DataFrame,
                 results: pd.DataFrame, councils: pd.DataFrame,
                 cooperations: pd.DataFrame) -> None:
    """What no single file can check: every municipality has a council row (else a region's
    cap shrinks), every mayor's list and every cooperation member has a results row in its
    municipality (else a mayor or a cooperation silently goes elsewhere)."""
    folder = _election_dir(election, data_dir)
    councils_path, results_path = folder / "councils.csv", folder / "results.csv"
    have = set(councils["municipality_code"])
    for line, code, name, region in municipalities[
            ["_line", "code", "municipality", "region"]].itertuples(index=False):
        if code not in have:
            raise DataError(
                f"ingen række for {name} (kode {code}, region {region}; municipalities.csv række "
                f"{line}); hver kommune skal have én, ellers bliver regionens loft og "
                "borgmestre forkerte", path=councils_path, column="municipality_code")
    lists = results.groupby("municipality_code")["list_letter"].agg(set).to_dict()
    for line, code, municipality, mayor_list in councils[
            ["_line", "municipality_code", "municipality", "mayor_list"]].itertuples(index=False):
        letters = lists.get(code)
        if letters is None or not mayor_list or mayor_list in letters:
            continue
        raise DataError(
            f"borgmesterens liste {shown(mayor_list)} har ingen række for {municipality} i "
            f"{results_path.name} (kommunens lister dér: "
            f"{', '.join(sorted(x for x in letters if x))})",
            path=councils_path, row=line, column="mayor_list")
    code_of = dict(zip(municipalities["municipality"], municipalities["code"]))
    coop_path = folder / "list_cooperations.csv"
    for line, municipality, letter in cooperations[
            ["_line", "municipality", "list_letter"]].itertuples(index=False):
        letters = lists.get(code_of.get(municipality))
        if letters is not None and letter not in letters:
            raise DataError(
                f"listen {shown(letter)} har ingen række for {municipality} i "
                f"{results_path.name}; et medlem af et listesamarbejde skal være en af "
                "kommunens lister",
                path=coop_path, row=line, column="list_letter")


def load_presets(data_dir: str | Path | None = None, *, with_lines: bool = False
                 ) -> pd.DataFrame:
    """Valgforbund presets (``presets.csv``: election, preset, alliance[, note]), one row per
    valgforbund; a preset with an empty ``alliance`` means "no valgforbund". A convention for
    the app's starting points, not KL data; a missing file means no presets."""
    path = _dir(data_dir) / "presets.csv"
    columns = ("election", "preset", "alliance", "note")
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype="string")
                             for c in (*columns, *_lines(with_lines))})
    frame = read_table(path, ("election", "preset", "alliance"), optional=("note",))
    for line, election, preset in zip(frame["_line"], frame["election"], frame["preset"]):
        if not election or not preset:
            raise DataError("en forudindstilling skal have et valg og et navn", path=path, row=line,
                            column="election" if not election else "preset")
    frame["election"] = frame["election"].str.upper()
    return frame[[*columns, *_lines(with_lines)]].reset_index(drop=True)
