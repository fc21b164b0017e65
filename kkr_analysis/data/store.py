"""Write imported valg.dk exports into a data folder in the bundled layout — all or nothing.

The imported municipalities' rows in ``<ELECTION>/results.csv`` are *replaced* (so importing the
same file twice changes nothing), their ``councils.csv`` rows get the official total and
``votes_coverage = complete``, and the polling-area detail goes to
``<ELECTION>/areas/<code>.csv``. Seats are not in a valg.dk export: each list keeps the seats the
base data gives it; a list missing from the base data won no seat there (the base sources list
every list that won a seat). Everything is checked before the first byte is written; files are
written to temporary names and moved into place, and input files are only ever read.

Safety of the write (issue 12):

* One import at a time per folder: a lock file ``.<DIR>.kkr-lock`` next to ``DIR``
  (``filelock``) covers read-plan-write, so two concurrent imports both land, one after the other.
* The new folder is built as a staging folder ``.<DIR>.kkr-import-*`` next to ``DIR`` and swapped
  in with two renames (``DIR`` → ``.<DIR>.old``, staging → ``DIR``). A crash leaves ``DIR`` old or
  new, or — between the two renames — only ``.<DIR>.old``: the next import (under the lock)
  restores it before anything else, and removes leftover staging folders.
* An export that cannot be the named municipality's (a list that won seats is missing, or a
  list's votes differ by more than 5 % from the votes held) is refused unless ``replace``.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import stat
import sys
import tempfile
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from ..danish import integer, plural
from ..errors import DataError, os_reason, shown
from ..safe_csv import frame_to_csv
from .election import load_election
from .paths import default_data_dir
from .safe_files import (  # noqa: F401 (re-exported)
    SYSTEM_ROOTS,
    _link_reason,
    check_out_dir,
    check_out_file,
    refuse_links,
    write_file,
    write_inside,
)
from .valgdk import ValgdkFile, election_of

MAX_DIFFERENCE = Fraction(5, 100)  # a list's votes may differ this much from the votes held
LOCK_TIMEOUT = 15 * 60.0  # seconds to wait for another import into the same folder

RESULT_FIELDS = ["election", "region", "municipality_code", "municipality", "list_letter",
                 "list_name", "votes", "pct_published", "seats", "source"]


@dataclass
class ImportSummary:
    """What an import did, for the reconciliation printout."""

    out_dir: Path | None
    election: str
    per_list: pd.DataFrame  # municipality, list_letter, list_name, list/personal votes, before
    changed: bool = False
    notes: list[str] = field(default_factory=list)

    def totals(self) -> pd.DataFrame:
        return self.per_list.groupby("municipality", sort=False)[
            ["list_votes", "personal_votes", "votes"]].sum().reset_index()


def _raw(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _list_key(letter: str, name: str) -> str:
    return letter if letter else f"name:{name}"


def _new_rows(f: ValgdkFile, base: pd.DataFrame, election: str, region: str,
              notes: list[str], replace: bool = False,
              held_total: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The municipality's new results rows, and the reconciliation per list.

    Seats: from valg.dk's seat file where one was given; else each list keeps the seats the
    base data gives it (a list absent there won none); a municipality the base data has no rows
    for gets empty seats ("unknown", never 0) and a note.
    """
    old = base[base["municipality_code"] == str(f.municipality_code)]
    names_itself = f.path.suffix.lower() == ".json"  # Kommunekode inside: no mix-up possible
    seats_unknown = old.empty and not f.seats_given
    if seats_unknown:
        notes.append(f"{f.municipality}: mandaterne er ukendte (ingen mandatfil, og grunddata "
                     "har ingen rækker for kommunen): kolonnen seats står tom")
    old_by_key = {_list_key(r.list_letter, r.list_name): r for r in old.itertuples(index=False)}
    new_keys = set()
    rows, recon = [], []
    for r in f.lists.itertuples(index=False):
        key = _list_key(r.list_letter, r.list_name)
        new_keys.add(key)
        before = old_by_key.get(key)
        if f.seats_given:
            seats = str(int(r.seats))
        elif seats_unknown:
            seats = ""
        else:
            seats = before.seats if before is not None else "0"
        rows.append({
            "election": election, "region": region, "municipality_code": str(f.municipality_code),
            "municipality": f.municipality, "list_letter": r.list_letter,
            "list_name": r.list_name, "votes": str(r.votes), "pct_published": "",
            "seats": seats, "source": f.source_label,
        })
        recon.append({
            "municipality": f.municipality, "list_letter": r.list_letter,
            "list_name": r.list_name, "list_votes": r.list_votes,
            "personal_votes": r.personal_votes, "votes": r.votes,
            "before": int(before.votes) if before is not None and before.votes else pd.NA,
            "seats": int(seats) if seats else pd.NA,
        })
    absent = [r for key, r in old_by_key.items()
              if key not in new_keys and r.seats and int(r.seats) > 0]
    if absent and not replace and not f.seats_given:
        shown_lists = ", ".join(f"{r.list_letter or r.list_name} "
                                f"({plural(int(r.seats), 'mandat', 'mandater')})"
                                for r in absent[:5])
        raise DataError(
            f"kan ikke være udtrækket for {f.municipality}: lister, der fik mandater dér, er "
            f"ikke med: {shown_lists} — forkert fil eller forkert kommune? (--replace "
            "importerer den alligevel)",
            path=f.path, column="Bogstavbetegnelse")
    off = _differences(f, recon, held_total)
    if off and not replace and not names_itself:
        raise DataError(
            f"kan ikke være udtrækket for {f.municipality}: stemmetallene afviger mere end "
            f"{int(MAX_DIFFERENCE * 100)} % fra de kendte: {'; '.join(off[:5])}"
            f"{f' og {len(off) - 5} mere' if len(off) > 5 else ''} — forkert fil eller "
            "forkert kommune? (--replace importerer den alligevel)", path=f.path,
            column="Stemmetal")
    for text in off:
        notes.append(f"{f.municipality}: erstattet med vilje (--replace): {text}"
                     if not names_itself else f"{f.municipality}: den officielle optælling "
                     f"afviger fra de kendte stemmetal: {text}")
    for key, r in old_by_key.items():
        if key not in new_keys:
            seats = (f", og dens {plural(int(r.seats), 'mandat', 'mandater')} er også fjernet"
                     if r.seats and int(r.seats) > 0 else " (ingen mandater)")
            notes.append(f"{f.municipality}: grunddataens række for "
                         f"{r.list_letter or r.list_name} er ikke med i importen og er fjernet"
                         f"{seats}")
    return pd.DataFrame(rows, columns=RESULT_FIELDS), pd.DataFrame(recon)


def _differences(f: ValgdkFile, recon: list[dict], held_total: int | None) -> list[str]:
    """Lists (and the total) whose votes in the export differ grossly from the votes held.

    Small differences (a secondary source, a preliminary count) are only shown in the
    reconciliation; the official file wins.
    """
    def gross(new: int, old: int) -> bool:
        return abs(new - old) > MAX_DIFFERENCE * old

    def text(label: str, new: int, old: int) -> str:
        change = f"{round((new - old) / old * 100):+d} %" if old else "ny"
        return f"{label} {integer(new)} i filen mod {integer(old)} kendt ({change})"

    off = [(abs(r["votes"] - r["before"]), text(r["list_letter"] or r["list_name"], r["votes"],
                                                   r["before"]))
           for r in recon if not pd.isna(r["before"]) and gross(r["votes"], r["before"])]
    off.sort(key=lambda item: -item[0])
    result = [t for _, t in off]
    if held_total is not None and gross(f.total_votes, held_total):
        result.append(text("gyldige stemmer", f.total_votes, held_total))
    return result


def plan_import(files: list[ValgdkFile], election: str, base_dir: Path, *,
                replace: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, ImportSummary]:
    """New results and councils tables (as strings) for the imported files, and the summary.

    ``replace``: accept an export whose votes differ grossly from the votes held, or that
    lacks a list with seats (see :func:`_differences`); otherwise that is an error.
    """
    election = election_of(files, election)  # the files' own Valgdag must agree
    base_dir = Path(base_dir)
    refuse_base_links(base_dir)
    data = load_election(election, base_dir)  # validates the base
    folder = base_dir / election.lower()
    results, councils = _raw(folder / "results.csv"), _raw(folder / "councils.csv")
    _same_election(results, election, folder / "results.csv")
    _same_election(councils, election, folder / "councils.csv")
    regions = dict(zip(data.municipalities["code"], data.municipalities["region"]))
    notes: list[str] = []
    recon = []
    valid = dict(zip(data.councils["municipality_code"], data.councils["valid_votes"]))
    for f in files:
        held = valid.get(f.municipality_code)
        new, rec = _new_rows(f, results, election, regions[f.municipality_code], notes, replace,
                             None if pd.isna(held) else int(held))
        mask = results["municipality_code"] == str(f.municipality_code)
        hits = mask.to_numpy().nonzero()[0]
        position = int(hits[0]) if len(hits) else _position_of(results, f.municipality_code)
        results = pd.concat([results[~mask].iloc[:position], new, results[~mask].iloc[position:]],
                            ignore_index=True)
        recon.append(rec)
        row = councils["municipality_code"] == str(f.municipality_code)
        councils.loc[row, "valid_votes"] = str(f.total_votes)
        councils.loc[row, "votes_coverage"] = "complete"
        for column in ("cast_votes", "count_status"):
            if column not in councils.columns:
                councils.insert(list(councils.columns).index("valid_votes") + 1
                                if column == "cast_votes" else
                                list(councils.columns).index("votes_coverage") + 1, column, "")
        councils.loc[row, "cast_votes"] = "" if f.cast_votes is None else str(f.cast_votes)
        councils.loc[row, "count_status"] = f.count_status
        if f.count_status == "preliminary":
            notes.append(f"{f.municipality}: foreløbig optælling (Resultatart "
                         "ForeløbigOptælling), indtil en fintælling erstatter den")
        if f.seats_given:
            seat_total = int(f.lists["seats"].sum())
            size = councils.loc[row, "council_seats"].iloc[0]
            if size != str(seat_total) and not plausible_council(f.municipality_code,
                                                                 seat_total):
                raise DataError(
                    f"mandatfilen giver {f.municipality} {integer(seat_total)} mandater i "
                    "alt; en kommunalbestyrelse har et ulige antal medlemmer fra 9 til 31 "
                    f"(København 55), og grunddata siger {size or 'intet'}",
                    path=f.sources[-1], column="ListeMandater")
            if size != str(seat_total):
                notes.append(f"{f.municipality}: kommunalbestyrelsens størrelse "
                             f"{size or 'ukendt'} → {seat_total} (valg.dk's mandatfil)")
                councils.loc[row, "council_seats"] = str(seat_total)
        if "source" in councils.columns:
            tag = f.source_label
            councils.loc[row, "source"] = councils.loc[row, "source"].map(
                lambda s, tag=tag: s if tag in s else f"{s} | {tag}".strip(" |"))
    check_planned(results, councils, files, election, base_dir)
    summary = ImportSummary(None, election, pd.concat(recon, ignore_index=True), notes=notes)
    return results, councils, summary


def plausible_council(code: int, seats: int) -> bool:
    """A council size the law allows (kommunestyrelsesloven § 5: an odd number from 9 to 31;
    København 55)."""
    return seats == 55 if code == 101 else seats % 2 == 1 and 9 <= seats <= 31


def _same_election(frame: pd.DataFrame, election: str, path: Path) -> None:
    """The ``election`` column of a base table must be the folder's election (a ``kv21/``
    holding KV25's tables would be shown as KV21)."""
    if "election" not in frame.columns:
        return
    cells = frame["election"].str.strip().str.upper()
    wrong = (cells != "") & (cells != election)
    if wrong.any():
        at = int(wrong.to_numpy().nonzero()[0][0])
        raise DataError(f"rækken er fra {shown(frame['election'].iloc[at])}, men ligger i "
                        f"mappen for {election}", path=path, row=at + 2, column="election")


def refuse_base_links(base: Path) -> None:
    """No symbolic link among the data folder's tables: a file outside the folder is never read
    (nor quoted in an error) through one. ``raw/`` (sources) is not read by an import."""
    links = [base] if base.is_symlink() and not base.is_dir() else []
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not (Path(root) == base and d in ("raw",
                                                                               "crosscheck")))
        links += [Path(root) / n for n in sorted(dirs + files) if (Path(root) / n).is_symlink()]
        if links:
            break
    if links:
        raise DataError(_link_reason(links[0]).replace(
            "der skrives aldrig gennem et link", "data læses aldrig gennem et link"),
            path=links[0])


def _source_of(row: int | None, table: pd.DataFrame, files: list[ValgdkFile]) -> Path | None:
    """The imported file behind line ``row`` of a planned table (results or councils)."""
    if row is None or not 2 <= row < len(table) + 2:
        return None
    code = table["municipality_code"].iloc[row - 2]
    return next((f.path for f in files if str(f.municipality_code) == code), None)


def check_planned(results: pd.DataFrame, councils: pd.DataFrame, files: list[ValgdkFile],
                  election: str, base: Path, folder: Path | None = None) -> None:
    """The planned tables must load as the written folder will (every check ``--out`` runs,
    also in a dry run). An error names the imported file, never a temporary one."""
    with tempfile.TemporaryDirectory(prefix="kkr-check-") as tmp:
        target = Path(tmp) if folder is None else folder
        try:
            if folder is None:
                (target / election.lower()).mkdir()
                shutil.copyfile(base / "municipalities.csv", target / "municipalities.csv")
                for name in ("parties.csv", "list_cooperations.csv"):
                    if (base / election.lower() / name).is_file():
                        shutil.copyfile(base / election.lower() / name,
                                        target / election.lower() / name)
                for name, frame in (("results.csv", results), ("councils.csv", councils)):
                    (target / election.lower() / name).write_text(frame_to_csv(frame),
                                                                  encoding="utf-8")
            load_election(election, target)
        except DataError as exc:
            if exc.path is None or target not in exc.path.parents:
                raise
            table = exc.path.relative_to(target).as_posix()
            planned = {"results.csv": results, "councils.csv": councils}.get(exc.path.name)
            source = None if planned is None else _source_of(exc.row, planned, files)
            raise DataError(f"importen ville give en {table}, der ikke kan læses"
                            f"{f' (række {exc.row})' if exc.row else ''}: {exc.reason}",
                            path=source or (files[0].path if len(files) == 1 else None),
                            column=exc.column) from None


def _position_of(results: pd.DataFrame, code: int) -> int:
    """Where a municipality new to the results goes: before the first higher code."""
    codes = pd.to_numeric(results["municipality_code"], errors="coerce").to_numpy()
    later = (codes > code).nonzero()[0]
    return int(later[0]) if len(later) else len(results)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _hook(point: str) -> None:
    """Test hook: ``KKR_IMPORT_CRASH_AT=<point>`` kills the process (SIGKILL) at ``point``;
    ``KKR_IMPORT_PAUSE_AT=<point>`` sleeps ``KKR_IMPORT_PAUSE_SECONDS`` there (to make a race
    certain). Points: locked, staged, written, checked, between-renames, swapped."""
    if os.environ.get("KKR_IMPORT_PAUSE_AT") == point:
        time.sleep(float(os.environ.get("KKR_IMPORT_PAUSE_SECONDS", "1")))
    if os.environ.get("KKR_IMPORT_CRASH_AT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


def _old_of(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.old")


def _stage_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.kkr-import-"


def recover(out_dir: Path) -> list[str]:
    """Finish what an interrupted import left (call under the lock): restore ``DIR`` from
    ``.DIR.old`` if a crash fell between the two renames, drop a stale ``.DIR.old`` and
    leftover staging folders. Returns notes on what was done."""
    notes = []
    old = _old_of(out_dir)
    if old.is_dir():
        if not out_dir.exists():
            os.replace(old, out_dir)
            notes.append(f"en tidligere import til {out_dir} blev afbrudt mellem sine to "
                         "omdøbninger; mappen er genskabt, som den var før")
        else:
            shutil.rmtree(old, ignore_errors=True)
    for stage in out_dir.parent.glob(_stage_prefix(out_dir) + "*"):
        if stage.is_dir():
            shutil.rmtree(stage, ignore_errors=True)
            notes.append(f"fjernede {stage.name}, som en afbrudt import efterlod")
    return notes


def import_into(files: list[ValgdkFile], election: str, out_dir: str | Path,
                base_dir: str | Path | None = None, *, replace: bool = False,
                in_place: bool = False, lock_timeout: float = LOCK_TIMEOUT) -> ImportSummary:
    """Import exports into ``out_dir``, a data folder (made from ``base_dir`` if new).

    Returns the summary; ``changed`` is False when the folder already held exactly this data.
    One import per folder at a time (a lock); a crash leaves the folder old or new.
    """
    out_dir = check_out_dir(out_dir, base_dir, in_place=in_place)
    lock = FileLock(out_dir.with_name(f".{out_dir.name}.kkr-lock"), timeout=lock_timeout)
    try:
        lock.acquire()
    except Timeout:
        raise DataError(f"en anden import til mappen har kørt i mere end "
                        f"{lock_timeout:.0f} s (låsefil {lock.lock_file}); prøv igen senere",
                        path=out_dir) from None
    except OSError as exc:
        raise DataError(f"kan ikke oprette låsefilen ved siden af: {os_reason(exc)}",
                        path=out_dir) from None
    try:
        _hook("locked")
        recovered = recover(out_dir)
        summary = _import_locked(files, election, out_dir, base_dir, replace)
        summary.notes[:0] = recovered
        return summary
    except OSError as exc:
        named = exc.filename and _stage_prefix(out_dir) not in str(exc.filename)
        raise DataError(f"kan ikke skrive: {os_reason(exc)}",
                        path=exc.filename if named else out_dir) from None  # never staging
    finally:
        lock.release()


def _import_locked(files: list[ValgdkFile], election: str, out_dir: Path,
                   base_dir: str | Path | None, replace: bool) -> ImportSummary:
    refuse_links(out_dir)
    is_data_dir = (out_dir / "municipalities.csv").is_file()
    if out_dir.exists() and any(out_dir.iterdir()) and not is_data_dir:
        raise DataError("ikke en kkr-datamappe (ingen municipalities.csv) og ikke tom; "
                        "vælg en ny eller tom mappe", path=out_dir)
    base = out_dir if is_data_dir else Path(base_dir) if base_dir else default_data_dir()
    results, councils, summary = plan_import(files, election, base, replace=replace)
    texts = {
        Path(election.lower()) / "results.csv": frame_to_csv(results),
        Path(election.lower()) / "councils.csv": frame_to_csv(councils),
    }
    for f in files:
        areas = f.areas.assign(municipality_code=f.municipality_code)
        texts[Path(election.lower()) / "areas" / f"{f.municipality_code}.csv"] = frame_to_csv(
            areas[["municipality_code", "area", "list_letter", "list_name", "votes"]])
    summary.out_dir = out_dir
    if is_data_dir:
        summary.changed = any(
            not (out_dir / rel).is_file() or (out_dir / rel).read_text(encoding="utf-8") != text
            for rel, text in texts.items())
        if not summary.changed:
            return summary  # a second import of the same files is a no-op
    stage = Path(tempfile.mkdtemp(prefix=_stage_prefix(out_dir), dir=out_dir.parent))
    try:
        shutil.copytree(base, stage, dirs_exist_ok=True, copy_function=shutil.copyfile,
                        ignore=_ignore_import_leftovers)
        _make_writable(stage)
        _hook("staged")
        for rel, text in texts.items():
            _atomic_write(stage / rel, text)
        _hook("written")
        check_planned(results, councils, files, election, base, stage)  # loads before swap
        _hook("checked")
        _swap(stage, out_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    summary.changed = True
    return summary


def _ignore_import_leftovers(folder: str, names: list[str]) -> list[str]:
    """Staging folders, lock files and ``.old`` folders never travel into a new data folder."""
    skip = [n for n in names if ".kkr-import-" in n or n.endswith((".kkr-lock", ".old"))]
    if (Path(folder) / "municipalities.csv").is_file():  # the data folder's top level
        skip += [n for n in names if n in ("raw", "crosscheck")]  # sources, not data
    return skip


def _make_writable(folder: Path) -> None:
    """Copies of read-only sources (e.g. a packaged data folder) must be writable by the user."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2(RENAME_EXCHANGE)``, via ctypes). False
    where the system or file system cannot (then :func:`_swap` renames twice), or when
    ``KKR_IMPORT_NO_EXCHANGE`` is set (a test hook for that path)."""
    if sys.platform != "linux" or os.environ.get("KKR_IMPORT_NO_EXCHANGE"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # glibc before 2.28, or no libc to load
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap(stage: Path, out_dir: Path) -> None:
    """Put ``stage`` where ``out_dir`` is: one atomic exchange on Linux; elsewhere two renames,
    keeping the old folder until the move succeeded.

    Between the two renames only ``.DIR.old`` exists; :func:`recover` puts it back if the
    process dies there.
    """
    if not out_dir.exists():
        os.replace(stage, out_dir)
        return
    if _exchange(stage, out_dir):  # one atomic step: the folder is never missing
        _hook("swapped")
        return  # ``stage`` now holds the old folder; the caller removes it
    old = _old_of(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    os.replace(out_dir, old)
    _hook("between-renames")
    try:
        os.replace(stage, out_dir)
    except BaseException:
        os.replace(old, out_dir)
        raise
    _hook("swapped")
    shutil.rmtree(old, ignore_errors=True)
