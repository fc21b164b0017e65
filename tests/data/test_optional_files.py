"""Optional data files are optional everywhere (issue 11, item 2): a data folder with only
municipalities.csv, <election>/results.csv and <election>/councils.csv works for every KKR
command; a command that needs a missing file says which one in one line and exits 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kkr_analysis.cli import main
from kkr_analysis.data import bundled_data_dir, load_published


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    source = bundled_data_dir()
    (tmp_path / "kv21").mkdir()
    shutil.copy(source / "municipalities.csv", tmp_path)
    for name in ("results.csv", "councils.csv", "parties.csv"):
        shutil.copy(source / "kv21" / name, tmp_path / "kv21")
    return tmp_path


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_composition_without_kl_published(capsys, minimal, fmt):
    code = main(["composition", "--kkr", "Hovedstaden", "--data-dir", str(minimal),
                 "--format", fmt, "--election", "KV21"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "offentliggjort af KL" not in out


def test_published_table_is_empty_when_missing(minimal):
    assert load_published(minimal).empty


@pytest.mark.parametrize("argv", [["explain", "--kkr", "Hovedstaden", "--election", "KV21"],
                                  ["chair", "--kkr", "Hovedstaden", "--alliance", "A+F+Ø",
                                   "--election", "KV21"],
                                  ["alliances", "--kkr", "Nordjylland", "--format", "csv",
                                   "--election", "KV21"],
                                  ["margins", "--kkr", "Nordjylland", "--format", "csv",
                                   "--election", "KV21"],
                                  ["appoint", "--kkr", "Hovedstaden", "--election", "KV21"]])
def test_kkr_commands_without_optional_files(capsys, minimal, argv):
    assert main([*argv, "--data-dir", str(minimal)]) == 0, capsys.readouterr()[1]


def test_without_party_registry_the_output_says_so(capsys, minimal):
    (minimal / "kv21" / "parties.csv").unlink()
    code = main(["composition", "--kkr", "Hovedstaden", "--data-dir", str(minimal), "--election",
                 "KV21"])
    out = capsys.readouterr()[0]
    assert code == 0 and "parties.csv" in out
    code = main(["chair", "--kkr", "Hovedstaden", "--data-dir", str(minimal), "--election", "KV21"])
    _, err = capsys.readouterr()
    assert code == 2 and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [["board"], ["composition", "--kkr", "Østdanmark",
                                               "--regions", "2027", "--election", "KV21"]])
def test_a_needed_file_missing_is_one_line_exit_2(capsys, minimal, argv):
    code = main([*argv, "--data-dir", str(minimal)])
    _, err = capsys.readouterr()
    assert code == 2 and len(err.strip().splitlines()) == 1 and ".csv" in err
