"""The table loaders: each of the project's tidy CSV tables read and checked (paths in
:mod:`.paths`, the safe reading in :mod:`.safe_read`, one election together in :mod:`.election`).

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

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..danish import integer, percent_value
from ..errors import DataError, did_you_mean, shown
from .paths import (  # noqa: F401 (re-exported: the loaders' names as before)
    DATA_DIR_ENV,
    NAME,
    _dir,
    _election_dir,
    bundled_data_dir,
    check_name,
    default_data_dir,
    elections_in,
    newest_election,
    require_election,
)
from .safe_read import (  # noqa: F401 (re-exported)
    MAX_COUNT,
    MAX_FIELD,
    MAX_FILE_BYTES,
    _integers,
    check_input_file,
    csv_rows,
    line_of_offset,
    parse_count,
    read_table,
    read_text,
    same_name_key,
)

RESULTS_COLUMNS = ("municipality_code", "list_letter", "list_name", "votes", "seats")
COUNCILS_COLUMNS = ("municipality_code", "council_seats", "mayor_list", "votes_coverage")
COVERAGE_VALUES = ("complete", "partial", "none")
COUNT_STATUS_VALUES = ("final", "preliminary", "")  # valg.dk's Fintælling / ForeløbigOptælling
MAYOR_STATUS_VALUES = ("confirmed", "unconfirmed", "")  # "": not stated (own data)


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
        key = same_name_key(letter)
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
