"""The importer's base data folder and its printout: a ``kv21/`` holding another election's
tables, a symbolic link among the tables, a non-UTF-8 file name on a strict UTF-8 terminal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from hardening_cases import assert_clear_error, run_cli

from kkr_analysis.data import bundled_data_dir, load_election
from kkr_analysis.errors import DataError

REAL = bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv"
SECRET = "root:*:20228:0:99999:7:::"


def test_a_kv21_folder_holding_kv25_tables_is_refused(data_copy, capsys):
    """The ``election`` column was overwritten with the folder's name: KV25's numbers were
    shown titled KV21."""
    for name in ("results.csv", "councils.csv"):
        shutil.copyfile(data_copy / "kv25" / name, data_copy / "kv21" / name)
    with pytest.raises(DataError, match="KV25") as info:
        load_election("KV21", data_copy)
    assert info.value.column == "election" and info.value.row == 2
    code, _, err = run_cli(capsys, ["composition", "--election", "KV21", "--kkr", "Hovedstaden",
                                    "--data-dir", data_copy], [data_copy])
    assert_clear_error(code, err, "KV25", "election")
    code, _, err = run_cli(capsys, ["import", "valgdk", "--election", "KV21", REAL,
                                    "--data-dir", data_copy], [data_copy])
    assert_clear_error(code, err, "KV25", "election")


def test_the_bundled_tables_name_their_own_election():
    for election in ("KV21", "KV25"):
        assert set(load_election(election).results["election"]) == {election}


def test_a_symlinked_base_table_is_refused_without_quoting_its_target(data_copy, tmp_path,
                                                                         capsys):
    """The error quoted the first line of the file outside the folder
    (``overskriften lyder 'root:*:20228:…'``)."""
    outside = tmp_path / "shadow"
    outside.write_text(SECRET + "\n", encoding="utf-8")
    results = data_copy / "kv21" / "results.csv"
    results.unlink()
    results.symlink_to(outside)
    for extra in ([], ["--out", str(tmp_path / "out")]):
        code, _, err = run_cli(capsys, ["import", "valgdk", "--election", "KV21", REAL,
                                        "--data-dir", data_copy, *extra], [REAL])
        line = assert_clear_error(code, err, "symbolsk link", "results.csv")
        assert "root:" not in line
    assert not (tmp_path / "out").exists()
    code, _, err = run_cli(capsys, ["composition", "--election", "KV21", "--kkr", "Hovedstaden",
                                    "--data-dir", data_copy], [])
    line = assert_clear_error(code, err, "symbolsk link", "results.csv")
    assert "root:" not in line
    assert outside.read_text(encoding="utf-8") == SECRET + "\n"


@pytest.mark.skipif(sys.platform != "linux", reason="a file name of raw bytes (Linux)")
def test_a_non_utf8_file_name_prints_on_a_strict_utf8_terminal(tmp_path):
    """``print`` of the name raised UnicodeEncodeError (exit 70) with a strict UTF-8 stdout."""
    name = os.fsdecode(b"koebenhavn-\xff.csv")
    shutil.copyfile(REAL, tmp_path / name)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run([sys.executable, "-m", "kkr_analysis.cli", "import", "valgdk",
                           "--election", "KV21", name], cwd=tmp_path, env=env,
                          capture_output=True, text=True, errors="replace")
    assert done.returncode == 0, done.stderr
    assert "koebenhavn-\\xff.csv: København" in done.stdout
    broken = tmp_path / os.fsdecode(b"aarhus-\xfe.csv")
    broken.write_text("not an export\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kkr_analysis.cli", "import", "valgdk",
                           "--election", "KV21", broken.name], cwd=tmp_path, env=env,
                          capture_output=True, text=True, errors="replace")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
