"""Hardening corpus, part 3 (issue 12): imports that run at the same time, and imports killed
(SIGKILL) at every step of the write and at random moments. Real subprocesses; the data folder
must always be old or new, the next run must recover it, and no import may be lost.

Before the fix two concurrent imports into one folder lost a municipality (the last swap won);
with the pause hook below that happened in every run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import digest

from kkr_analysis.data import bundled_data_dir, load_election, load_municipalities, load_results
from kkr_analysis.data.store import import_into
from kkr_analysis.data.valgdk import read_valgdk_files

REAL = bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv"
POINTS = ("locked", "staged", "written", "checked", "between-renames", "swapped")


def slagelse_export(folder: Path) -> Path:
    """Slagelse (complete in the bundled data) written as a valg.dk export: its real list
    votes as list votes of one polling area."""
    results = load_results("KV21")
    rows = results[results["municipality_code"] == 330]
    lines = ["Afstemningsområde;Bogstavbetegnelse;Listenavn;Navn;Stemmetal"]
    lines += [f"1. Slagelse;{r.list_letter};{r.list_name};Listestemmer;{int(r.votes)}"
              for r in rows.itertuples(index=False)]
    path = folder / "slagelse.csv"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def imported(out: Path) -> set[str]:
    """Municipalities whose official file is in ``out`` (their area detail and the source)."""
    councils = load_election("KV21", out).councils
    sources = {c: s for c, s in zip(councils["municipality_code"], councils["municipality"])}
    return {sources[int(p.stem)] for p in (out / "kv21" / "areas").glob("*.csv")}


def kkr(*args: object, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kkr_analysis.cli", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name.startswith(f".{out.name}.") and not p.name.endswith(".kkr-lock"))


def test_two_concurrent_imports_both_land_even_when_the_race_is_certain(tmp_path):
    """Both processes pause after staging; without the lock the second swap drops the first."""
    slagelse = slagelse_export(tmp_path)
    out = tmp_path / "out"
    pause = {"KKR_IMPORT_PAUSE_AT": "staged", "KKR_IMPORT_PAUSE_SECONDS": "1.5"}
    first = kkr("import", "valgdk", "--election", "KV21", REAL, "--out", out, env=pause)
    second = kkr("import", "valgdk", "--election", "KV21", slagelse, "--out", out, env=pause)
    for p in (first, second):
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    assert imported(out) == {"København", "Slagelse"}
    assert leftovers(out) == []


@pytest.mark.parametrize("run", range(3))
def test_concurrent_imports_repeatedly(tmp_path, run):
    slagelse = slagelse_export(tmp_path)
    out = tmp_path / "out"
    procs = [kkr("import", "valgdk", "--election", "KV21", REAL, "--out", out),
             kkr("import", "valgdk", "--election", "KV21", slagelse, "--out", out)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e.decode() for _, e in outputs]
    assert all(b"Skrev" in o for o, _ in outputs)
    coverage = load_election("KV21", out).councils.set_index("municipality")["votes_coverage"]
    assert coverage["København"] == coverage["Slagelse"] == "complete"
    assert imported(out) == {"København", "Slagelse"} and leftovers(out) == []


def _prepared(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """``out`` holding an earlier import (Slagelse), and its digest."""
    out = tmp_path / "out"
    import_into(read_valgdk_files([slagelse_export(tmp_path)], load_municipalities()), "KV21",
                out)
    return out, digest(out)


def _check_after_kill(out: Path, old: dict[str, str]) -> str:
    """The folder is the old one, the new one, or (killed between the two renames) absent
    with the old one intact beside it. Returns which."""
    if not out.exists():
        assert digest(out.with_name(f".{out.name}.old")) == old
        return "between"
    if digest(out) == old:
        return "old"
    assert imported(out) == {"København", "Slagelse"}
    return "new"


def _recover_and_check(out: Path) -> None:
    """The next import restores or keeps the earlier import and lands its own."""
    done = kkr("import", "valgdk", "--election", "KV21", REAL, "--out", out)
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err.decode()
    assert imported(out) == {"København", "Slagelse"}  # the earlier import survived
    assert leftovers(out) == []


@pytest.mark.parametrize("point", POINTS)
def test_import_killed_at_each_step(tmp_path, point):
    out, old = _prepared(tmp_path)
    env = {"KKR_IMPORT_CRASH_AT": point}
    if point == "between-renames":  # only the two-rename fallback has a moment in between
        env["KKR_IMPORT_NO_EXCHANGE"] = "1"
    victim = kkr("import", "valgdk", "--election", "KV21", REAL, "--out", out, env=env)
    victim.communicate(timeout=300)
    assert victim.returncode == -signal.SIGKILL
    state = _check_after_kill(out, old)
    assert state == {"between-renames": "between", "swapped": "new"}.get(point, "old")
    _recover_and_check(out)


def test_atomic_swap_leaves_no_moment_without_the_folder(tmp_path):
    """With renameat2's exchange the "between-renames" point is never reached: a kill armed
    there finds the import done, the folder new."""
    out, old = _prepared(tmp_path)
    run = kkr("import", "valgdk", "--election", "KV21", REAL, "--out", out,
              env={"KKR_IMPORT_CRASH_AT": "between-renames"})
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err.decode()
    assert _check_after_kill(out, old) == "new" and leftovers(out) == []


def test_import_killed_at_random_moments(tmp_path):
    out, old = _prepared(tmp_path)
    rng = random.Random(12)
    seen = set()
    for _ in range(4):
        victim = kkr("import", "valgdk", "--election", "KV21", REAL, "--out", out,
                     env={"KKR_IMPORT_PAUSE_AT": rng.choice(POINTS),
                          "KKR_IMPORT_PAUSE_SECONDS": "0.5"})
        time.sleep(rng.uniform(0.5, 4.0))  # not a timed assertion: only where the kill falls
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=300)
        seen.add(_check_after_kill(out, old))
        if out.exists() and digest(out) != old:
            old = digest(out)  # the import finished before the kill: that is the new "old"
    _recover_and_check(out)
    assert seen <= {"old", "new", "between"}
