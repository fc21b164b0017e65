"""``kkr data build`` on a damaged source copy: a Latin-1 ``SHA256SUMS``, read-only tables, and
the write itself (all tables built first, each written to a new file renamed into place)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hardening_cases import assert_clear_error, run_cli

from kkr_analysis.data import bundled_data_dir
from kkr_analysis.data.build import build_all
from kkr_analysis.errors import DataError


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    """The data folder with its raw/ sources, and KV25's results table changed (so a build has
    something to write)."""
    folder = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), folder, ignore=shutil.ignore_patterns("crosscheck"))
    results = folder / "kv25" / "results.csv"
    results.write_text(results.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return folder


def test_a_latin1_checksum_file_is_one_danish_line(tmp_path, capsys):
    """Was exit 70 (UnicodeDecodeError)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "SHA256SUMS").write_bytes(("0" * 64 + "  kv21/æøå.csv\n").encode("latin-1"))
    code, _, err = run_cli(capsys, ["data", "build", "--check", "--data-dir", tmp_path],
                           [tmp_path])
    assert_clear_error(code, err, "SHA256SUMS", "UTF-8")


def test_a_checksum_file_that_is_not_sha256sum_output(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "SHA256SUMS").write_text("hello world\n", encoding="utf-8")
    with pytest.raises(DataError, match="sha256sum") as info:
        build_all(tmp_path, check=True)
    assert info.value.row == 1


def test_build_replaces_a_table_by_rename_not_in_place(source_copy, tmp_path):
    """A reader holding the old table (here: a hard link to it) keeps a whole old file; the
    table was truncated and rewritten in place before."""
    results = source_copy / "kv25" / "results.csv"
    old = results.read_text(encoding="utf-8")
    (tmp_path / "held").hardlink_to(results)
    mode = results.stat().st_mode
    changed = build_all(source_copy)
    assert changed == [str(results)]
    assert results.read_text(encoding="utf-8") == (
        bundled_data_dir() / "kv25" / "results.csv").read_text(encoding="utf-8")
    assert (tmp_path / "held").read_text(encoding="utf-8") == old
    assert results.stat().st_mode == mode
    assert build_all(source_copy, check=True) == []


def test_read_only_tables_are_refused_and_nothing_is_written(source_copy, capsys):
    """Was exit 70 for a non-root user (and a half-rewritten folder); root could write
    through the read-only mode."""
    results = source_copy / "kv25" / "results.csv"
    councils = source_copy / "kv21" / "councils.csv"
    councils.write_text(councils.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    results.chmod(0o444)
    before = {p: p.read_bytes() for p in (results, councils)}
    code, _, err = run_cli(capsys, ["data", "build", "--data-dir", source_copy], [])
    assert_clear_error(code, err, "skrivebeskyttet", "results.csv")
    assert {p: p.read_bytes() for p in (results, councils)} == before
