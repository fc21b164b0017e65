"""Where the data lives: the bundled folder, a user's ``--data-dir`` (or ``$KKR_DATA_DIR``), the
elections in it and the newest one; names that become part of a path are checked here."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from ..errors import DataError, os_reason, shown


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
