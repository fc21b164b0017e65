"""Shared test helpers: hypothesis profile, hand-built regions and data folders."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from kkr_analysis.data import bundled_data_dir
from kkr_analysis.rules.lists import Coverage, ListTally, RegionTally

# Test files live in one folder per package layer (tests/data, tests/rules, …); pytest's default
# "prepend" import mode puts only each file's own folder on sys.path, so the shared helper
# modules here (browser.py, hostile_data.py, hardening_cases.py, planner_oracles.py, conftest)
# are importable from every folder through the tests/ root.
TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

# The bundled data of 0.2 (Wikipedia-based, partial coverage): tests of partial coverage and
# the reviewers' regression cases run on the figures they were found on (its README).
PARTIAL = Path(__file__).parent / "fixtures" / "partial_data"

settings.register_profile("kkr", deadline=None, max_examples=150)
settings.load_profile("kkr")


def tally(municipalities: int, *lists: tuple, total: int | None = None) -> RegionTally:
    """A hand-built region: ``(list, votes, council_seats, mayors[, kind])`` per list."""
    items = tuple(
        ListTally(item[0], item[0], item[4] if len(item) > 4 else "party", item[1], item[2],
                  item[3])
        for item in lists
    )
    return RegionTally(
        election="TEST",
        region="Testregion",
        municipalities=municipalities,
        total_votes=sum(t.votes for t in items) if total is None else total,
        lists=items,
        coverage=Coverage(municipalities, municipalities, 0, 0),
    )


def copy_data(target: Path) -> Path:
    """A writable copy of the bundled data folder at ``target``, without valg.dk's raw files
    (data/raw, 37 MB) and the cross-checks: they are sources, not data."""
    shutil.copytree(bundled_data_dir(), target,
                    ignore=shutil.ignore_patterns("raw", "crosscheck"))
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data folder, for tests that break files."""
    return copy_data(tmp_path / "data")


def digest(folder: Path) -> dict[str, str]:
    """Content hash of every file below ``folder`` (to prove nothing was written)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
