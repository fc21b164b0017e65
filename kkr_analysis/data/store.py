"""Write imported valg.dk exports into a data folder in the bundled layout — all or nothing.

The imported municipalities' rows in ``<ELECTION>/results.csv`` are *replaced* (so importing the
same file twice changes nothing), their ``councils.csv`` rows get the official total and
``votes_coverage = complete``, and the polling-area detail goes to
``<ELECTION>/areas/<code>.csv``. Seats are not in a valg.dk export: each list keeps the seats the
base data gives it; a list missing from the base data won no seat there (the base sources list
every list that won a seat). Everything is checked before the first byte is written; files are
written to temporary names and moved into place, and input files are only ever read.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataError
from .loaders import bundled_data_dir, load_election
from .valgdk import ValgdkFile

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
              notes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The municipality's new results rows, and the reconciliation per list."""
    old = base[base["municipality_code"] == str(f.municipality_code)]
    if old.empty:
        raise DataError(f"the base data has no rows (and so no seat figures) for "
                        f"{f.municipality}; add its lists with their seats to results.csv first",
                        path=f.path)
    old_by_key = {_list_key(r.list_letter, r.list_name): r for r in old.itertuples(index=False)}
    new_keys = set()
    rows, recon = [], []
    for r in f.lists.itertuples(index=False):
        key = _list_key(r.list_letter, r.list_name)
        new_keys.add(key)
        before = old_by_key.get(key)
        seats = before.seats if before is not None else "0"
        rows.append({
            "election": election, "region": region, "municipality_code": str(f.municipality_code),
            "municipality": f.municipality, "list_letter": r.list_letter,
            "list_name": r.list_name, "votes": str(r.votes), "pct_published": "",
            "seats": seats, "source": f"valg.dk export: {f.path.name}",
        })
        recon.append({
            "municipality": f.municipality, "list_letter": r.list_letter,
            "list_name": r.list_name, "list_votes": r.list_votes,
            "personal_votes": r.personal_votes, "votes": r.votes,
            "before": int(before.votes) if before is not None and before.votes else pd.NA,
            "seats": int(seats),
        })
    for key, r in old_by_key.items():
        if key not in new_keys:
            if int(r.seats) > 0:
                raise DataError(
                    f"the base data gives list {r.list_letter or r.list_name!r} "
                    f"{r.seats} seat(s) in {f.municipality}, but the export has no such list — "
                    "wrong file or wrong municipality?", path=f.path, column="Bogstavbetegnelse")
            notes.append(f"{f.municipality}: base row for {r.list_letter or r.list_name} "
                         "(no seats) is not in the export and was dropped")
    return pd.DataFrame(rows, columns=RESULT_FIELDS), pd.DataFrame(recon)


def plan_import(files: list[ValgdkFile], election: str,
                base_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, ImportSummary]:
    """New results and councils tables (as strings) for the imported files, and the summary."""
    election = election.upper()
    data = load_election(election, base_dir)  # validates the base
    folder = base_dir / election.lower()
    results, councils = _raw(folder / "results.csv"), _raw(folder / "councils.csv")
    regions = dict(zip(data.municipalities["code"], data.municipalities["region"]))
    notes: list[str] = []
    recon = []
    for f in files:
        new, rec = _new_rows(f, results, election, regions[f.municipality_code], notes)
        mask = results["municipality_code"] == str(f.municipality_code)
        position = int(mask.to_numpy().nonzero()[0][0])
        results = pd.concat([results[~mask].iloc[:position], new, results[~mask].iloc[position:]],
                            ignore_index=True)
        recon.append(rec)
        row = councils["municipality_code"] == str(f.municipality_code)
        councils.loc[row, "valid_votes"] = str(f.total_votes)
        councils.loc[row, "votes_coverage"] = "complete"
        if "source" in councils.columns:
            tag = f"valg.dk export: {f.path.name}"
            councils.loc[row, "source"] = councils.loc[row, "source"].map(
                lambda s, tag=tag: s if tag in s else f"{s} | {tag}".strip(" |"))
    summary = ImportSummary(None, election, pd.concat(recon, ignore_index=True), notes=notes)
    return results, councils, summary


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def import_into(files: list[ValgdkFile], election: str, out_dir: str | Path,
                base_dir: str | Path | None = None) -> ImportSummary:
    """Import exports into ``out_dir``, a data folder (made from ``base_dir`` if new).

    Returns the summary; ``changed`` is False when the folder already held exactly this data.
    """
    out_dir = Path(out_dir)
    is_data_dir = (out_dir / "municipalities.csv").is_file()
    if out_dir.exists() and any(out_dir.iterdir()) and not is_data_dir:
        raise DataError("not a kkr data folder (no municipalities.csv) and not empty; "
                        "choose a new or empty folder", path=out_dir)
    base = out_dir if is_data_dir else Path(base_dir) if base_dir else bundled_data_dir()
    results, councils, summary = plan_import(files, election, base)
    texts = {
        Path(election.lower()) / "results.csv": results.to_csv(index=False, lineterminator="\n"),
        Path(election.lower()) / "councils.csv": councils.to_csv(index=False,
                                                                 lineterminator="\n"),
    }
    for f in files:
        areas = f.areas.assign(municipality_code=f.municipality_code)
        texts[Path(election.lower()) / "areas" / f"{f.municipality_code}.csv"] = areas[
            ["municipality_code", "area", "list_letter", "list_name", "votes"]].to_csv(
            index=False, lineterminator="\n")
    summary.out_dir = out_dir
    if is_data_dir:
        summary.changed = any(
            not (out_dir / rel).is_file() or (out_dir / rel).read_text(encoding="utf-8") != text
            for rel, text in texts.items())
        if not summary.changed:
            return summary  # a second import of the same files is a no-op
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".kkr-import-", dir=out_dir.parent))
    try:
        shutil.copytree(base, stage, dirs_exist_ok=True, copy_function=shutil.copyfile)
        _make_writable(stage)
        for rel, text in texts.items():
            _atomic_write(stage / rel, text)
        load_election(election, stage)  # the result must load before it replaces anything
        _swap(stage, out_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    summary.changed = True
    return summary


def _make_writable(folder: Path) -> None:
    """Copies of read-only sources (e.g. a packaged data folder) must be writable by the user."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def _swap(stage: Path, out_dir: Path) -> None:
    """Put ``stage`` where ``out_dir`` is, keeping the old folder until the move succeeded."""
    if not out_dir.exists():
        os.replace(stage, out_dir)
        return
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    os.replace(out_dir, old)
    try:
        os.replace(stage, out_dir)
    except BaseException:
        os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
