"""Build the bundled election tables from valg.dk's own files (raw → processed).

``data/raw/<election>/`` holds valg.dk's files unchanged (KV21: the "Eksportér data" CSV of all
98 municipalities; KV25: the open-data JSON, final count, per polling area plus the seat
allocation per municipality), checksummed in ``data/raw/SHA256SUMS``, and the figures valg.dk's
files do not hold, each row with its source:

* ``councils.csv`` — council size, the mayor and the mayor's list (``mayor_note`` where a
  source had to settle a disagreement; ``mayor_status`` ``confirmed`` when a source dated
  after the constituent meetings names the mayor, else ``unconfirmed``, and
  ``mayor_source_date`` the date of that source);
* ``seats.csv`` (KV21 only: the export has no seats) — seats per list from secondary sources.

:func:`build_election` runs the project's own importer on them and returns
``<election>/results.csv`` and ``<election>/councils.csv``; ``kkr data build`` writes them,
``kkr data build --check`` (and a test) compares. Checks: every list with seats is a list in
valg.dk's file; a municipality whose seats do not add up to its council size has the seats of
the lists no source names left empty (unknown, never 0) and says so in ``seats_note``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..safe_csv import frame_to_csv
from .loaders import bundled_data_dir, load_municipalities, read_text
from .safe_files import write_file
from .store import RESULT_FIELDS, _list_key, plan_import
from .valgdk import read_valgdk_paths

RAW_SOURCES = {"KV21": "kv21/valgdk-csv", "KV25": "kv25/valgdk-json"}
COUNCIL_FIELDS = ["election", "region", "municipality_code", "municipality", "council_seats",
                  "valid_votes", "cast_votes", "count_status", "mayor_name", "mayor_list",
                  "votes_coverage", "seats_note", "mayor_note", "mayor_status",
                  "mayor_source_date", "source"]
CHECKSUMS = "SHA256SUMS"
PLACEHOLDER = "(placeholder)"


def raw_dir(data_dir: str | Path | None = None) -> Path:
    return (Path(data_dir) if data_dir else bundled_data_dir()) / "raw"


def checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (relative POSIX path → hex digest)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != CHECKSUMS
            and p.suffix.lower() in (".csv", ".json")}


def verify_checksums(data_dir: str | Path | None = None) -> list[str]:
    """Files whose checksum differs from ``SHA256SUMS`` (or that are missing / not listed)."""
    folder = raw_dir(data_dir)
    if not (folder / CHECKSUMS).is_file():
        raise DataError("ingen raw/-mappe med valg.dk's filer og deres kontrolsummer her (den "
                        "installerede pakke har kun de byggede tabeller; brug en kildekopi)",
                        path=folder / CHECKSUMS)
    listed = {}
    for number, line in enumerate(read_text(folder / CHECKSUMS, "utf-8").splitlines(), 1):
        digest, _, name = line.partition("  ")
        if not name or not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise DataError("ikke en linje fra sha256sum ('<64 hex-cifre>  <filnavn>')",
                            path=folder / CHECKSUMS, row=number)
        listed[name] = digest
    found = checksums(folder)
    return sorted({n for n in listed.keys() | found.keys() if listed.get(n) != found.get(n)})


def write_checksums(data_dir: str | Path | None = None) -> Path:
    folder = raw_dir(data_dir)
    path = folder / CHECKSUMS
    write_file(path, "".join(f"{d}  {n}\n" for n, d in checksums(folder).items()).encode())
    return path


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _base_folder(election: str, data_dir: Path, raw: Path, into: Path) -> None:
    """A data folder holding only seats and councils (no votes): the importer's base."""
    folder = into / election.lower()
    folder.mkdir(parents=True)
    shutil.copyfile(data_dir / "municipalities.csv", into / "municipalities.csv")
    for name in ("parties.csv", "list_cooperations.csv"):
        if (data_dir / election.lower() / name).is_file():
            shutil.copyfile(data_dir / election.lower() / name, folder / name)
    munis = load_municipalities(data_dir)
    region = dict(zip(munis["code"].astype(str), munis["region"]))
    councils = _read(raw / "councils.csv")
    councils.insert(0, "election", election)
    councils.insert(1, "region", councils["municipality_code"].map(region))
    councils["valid_votes"] = ""
    councils["votes_coverage"] = "none"
    councils.to_csv(folder / "councils.csv", index=False, lineterminator="\n")
    if (raw / "seats.csv").is_file():
        seats = _read(raw / "seats.csv")
        rows = seats.assign(election=election, region=seats["municipality_code"].map(region),
                            votes="", pct_published="")
        rows[RESULT_FIELDS].to_csv(folder / "results.csv", index=False, lineterminator="\n")
    else:  # the loader needs rows; one per mayor's list, replaced by valg.dk's lists
        rows = councils[councils["mayor_list"] != ""].assign(
            list_letter=lambda d: d["mayor_list"], list_name=PLACEHOLDER, votes="",
            pct_published="", seats="0")
        rows[RESULT_FIELDS].to_csv(folder / "results.csv", index=False, lineterminator="\n")


def _seat_checks(election: str, raw: Path, results: pd.DataFrame, councils: pd.DataFrame
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """KV21's seats from secondary sources, checked against valg.dk's lists and the council
    sizes; seats no source gives are left empty (unknown) and said so per municipality."""
    seats = _read(raw / "seats.csv") if (raw / "seats.csv").is_file() else None
    results = results.copy()
    councils = councils.copy()
    councils["seats_note"] = ""
    if seats is None:
        return results, councils
    seat_source = {(r.municipality_code, _list_key(r.list_letter, r.list_name)): r
                   for r in seats.itertuples(index=False)}
    in_results = set(zip(results["municipality_code"],
                         [_list_key(a, b) for a, b in zip(results["list_letter"],
                                                          results["list_name"])]))
    for (code, key), r in seat_source.items():
        if int(r.seats or 0) > 0 and (code, key) not in in_results:
            raise DataError(f"{r.municipality}: listen {r.list_letter or r.list_name} har "
                            f"{r.seats} mandater i mandatkilderne, men er ikke en liste i "
                            "valg.dk's fil; ret bogstavet eller navnet", path=raw / "seats.csv",
                            column="list_letter")
    size = dict(zip(councils["municipality_code"], councils["council_seats"]))
    known = seats.assign(n=pd.to_numeric(seats["seats"])).groupby("municipality_code")["n"].sum()
    for code, total in size.items():
        given = int(known.get(code, 0))
        if given == int(total):
            continue
        if given > int(total):
            raise DataError(f"mandatkilderne giver kommune {code} {given} mandater, flere "
                            f"end dens {total}", path=raw / "seats.csv", column="seats")
        mask = results["municipality_code"] == code
        keys = [_list_key(a, b) for a, b in zip(results.loc[mask, "list_letter"],
                                                 results.loc[mask, "list_name"])]
        unknown = [i for i, k in zip(results.index[mask], keys) if (code, k) not in seat_source]
        results.loc[unknown, "seats"] = ""
        councils.loc[councils["municipality_code"] == code, "seats_note"] = (
            f"seats incomplete: the sources give {given} of {total} seats; the seats of "
            f"{len(unknown)} lists are unknown (empty)")
    for idx in results.index:
        key = (results.at[idx, "municipality_code"],
               _list_key(results.at[idx, "list_letter"], results.at[idx, "list_name"]))
        r = seat_source.get(key)
        if r is not None:
            results.at[idx, "source"] += f"; seats: {r.source}" + (
                f" ({r.note})" if getattr(r, "note", "") else "")
    return results, councils


def build_election(election: str, data_dir: str | Path | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The processed ``results.csv`` and ``councils.csv`` of ``election`` (as strings), built
    from ``data/raw`` with the importer (rule ``data.official``)."""
    election = election.upper()
    data_dir = Path(data_dir) if data_dir else bundled_data_dir()
    if election not in RAW_SOURCES:
        raise DataError(f"ingen rå filer kendes for {election}; valg med rå filer: "
                        f"{', '.join(RAW_SOURCES)}")
    raw = raw_dir(data_dir) / election.lower()
    files = read_valgdk_paths([raw_dir(data_dir) / RAW_SOURCES[election]],
                              load_municipalities(data_dir))
    with tempfile.TemporaryDirectory(prefix="kkr-build-") as tmp:
        base = Path(tmp)
        _base_folder(election, data_dir, raw, base)
        results, councils, _ = plan_import(files, election, base, replace=True)
    results = results[results["list_name"] != PLACEHOLDER].reset_index(drop=True)
    if election == "KV21":
        tag = "; count: final (valg.dk export downloaded 06-11-2025, long after the final count)"
        councils["count_status"] = "final"
        councils["source"] = councils["source"] + tag
    results, councils = _seat_checks(election, raw, results, councils)
    for column in COUNCIL_FIELDS:
        if column not in councils.columns:
            councils[column] = ""
    return results[RESULT_FIELDS], councils[COUNCIL_FIELDS]


def _texts(election: str, data_dir: str | Path | None) -> dict[Path, str]:
    results, councils = build_election(election, data_dir)
    folder = (Path(data_dir) if data_dir else bundled_data_dir()) / election.lower()
    return {folder / "results.csv": frame_to_csv(results),
            folder / "councils.csv": frame_to_csv(councils)}


def build_all(data_dir: str | Path | None = None, *, check: bool = False) -> list[str]:
    """Build (or with ``check``, compare) every election with raw files. Returns the files
    that differ (``check``) or were written."""
    bad = verify_checksums(data_dir)
    if bad:
        raise DataError(f"rå filer afviger fra {CHECKSUMS}: {', '.join(bad[:5])}"
                        f"{' …' if len(bad) > 5 else ''}", path=raw_dir(data_dir) / CHECKSUMS)
    changed: dict[Path, str] = {}
    for election in RAW_SOURCES:  # every table is built before the first is written
        for path, text in _texts(election, data_dir).items():
            old = read_text(path, "utf-8") if path.exists() or path.is_symlink() else None
            if old != text:
                changed[path] = text
    if not check:
        for path in changed:
            if path.is_symlink():
                raise DataError("er et symbolsk link; der skrives aldrig gennem et link",
                                path=path)
            if path.exists() and not (os.access(path, os.W_OK)
                                      and path.stat().st_mode & 0o222):  # root: the mode bits
                raise DataError("tabellen er skrivebeskyttet; data build overskriver den ikke "
                                "(intet er skrevet)", path=path)
        for path, text in changed.items():
            write_file(path, text.encode("utf-8"))  # a new file renamed into place
    return [str(path) for path in changed]
