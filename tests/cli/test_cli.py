"""The ``kkr`` command line: contracts other tools rely on, and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kkr_analysis.cli import main

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    # the figures here are KV21's (KL's published KKR Hovedstaden 2022-2026 and its bodies)
    code = main(list(argv) if "--election" in argv else [*argv, "--election", "KV21"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("region", ["Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland",
                                    "Syddanmark"])
def test_composition_csv_contract(capsys, region):
    code, out, _ = run(capsys, "composition", "--election", "KV21", "--kkr", region,
                       "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["list", "votes", "share_of_cast", "share_of_valid", "eligible",
                             "mayors", "supplementary", "total", "other_method",
                             "total_other_method"]
    assert {r["eligible"] for r in rows} <= {"true", "false"}
    assert all(int(r["total"]) == int(r["mayors"]) + int(r["supplementary"]) for r in rows)
    assert all(0 <= float(r["share_of_valid"]) <= 1 for r in rows)
    assert all(r["share_of_cast"] == "" for r in rows)  # KV21's data has no cast votes


def test_composition_json_contract(capsys):
    code, out, _ = run(capsys, "composition", "--kkr", "Hovedstaden", "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert {"rows", "size", "cap", "cap_binds", "ties", "coverage"} <= set(doc)
    assert (doc["size"], doc["cap"], doc["cap_binds"], doc["ties"]) == (58, 58, True, [])
    assert sum(r["total"] for r in doc["rows"]) == 58
    assert doc["coverage"]["complete"] == doc["coverage"]["official"] == 29


def test_composition_table_shows_coverage_and_kl(capsys):
    code, out, _ = run(capsys, "composition", "--kkr", "hovedstaden")
    assert code == 0 and "Dækning:" in out and "offentliggjort af KL" in out


def test_local_list_with_mayor_gets_a_row(capsys):
    _, out, _ = run(capsys, "composition", "--election", "KV21", "--kkr", "Sjælland", "--format",
                    "csv")
    # Nyt Odsherred (N), a local list with Odsherred's mayor: 2.348 votes (valg.dk), no cooperation
    assert "N (Odsherred),2348,,0.005252,false,1,0,1,hare,1" in out.splitlines()


def test_bad_data_exits_2_naming_file_row_column(capsys, data_copy):
    path = data_copy / "kv21" / "councils.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",55,307190,", ",55,-3,"),
                    encoding="utf-8")
    code, out, err = run(capsys, "composition", "--kkr", "Hovedstaden", "--data-dir",
                         str(data_copy))
    assert code == 2 and out == ""
    assert str(path) in err and "række 2" in err and "'valid_votes'" in err


def test_unknown_region_exits_2(capsys):
    code, _, err = run(capsys, "composition", "--kkr", "Atlantis")
    assert code == 2 and "Hovedstaden" in err


@pytest.mark.slow
def test_installed_wheel_works_from_any_directory(tmp_path):
    """`pip install .` ships the data inside the wheel: run the CLI far from the repo."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(REPO)], check=True)
    wheel = next(wheels.glob("kkr_analysis-*.whl"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True)
    assert (target / "kkr_analysis" / "_data" / "kv21" / "results.csv").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [sys.executable, "-c",
         "import sys, kkr_analysis, kkr_analysis.data as d; from kkr_analysis.cli import main;"
         "print(kkr_analysis.__file__); print(d.bundled_data_dir());"
         "sys.exit(main(['composition', '--election', 'KV21', '--kkr', 'Hovedstaden',"
         " '--format', 'csv']))"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(str(target)) and lines[1].startswith(str(target))
    assert lines[2] == ("list,votes,share_of_cast,share_of_valid,eligible,mayors,supplementary,"
                        "total,other_method,total_other_method")
    assert any(line.startswith("A,") for line in lines[3:])


def test_chair_json_contract(capsys):
    code, out, _ = run(capsys, "chair", "--election", "KV21", "--kkr", "Hovedstaden",
                       "--alliance", "A+F+Ø", "--alliance", "C+V", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"chair": {"list": "A", "alliance": ["A", "F", "Ø"]},
                               "vice_chair": {"list": "C", "alliance": ["C", "V"]}, "ties": []}
    code, out, _ = run(capsys, "chair", "--kkr", "Hovedstaden", "--format", "json")
    assert json.loads(out)["vice_chair"] == {"list": "C", "alliance": ["C"]}


def test_chair_accepts_data_dir_and_refuses_bad_alliance(capsys, data_copy):
    code, out, _ = run(capsys, "chair", "--kkr", "Hovedstaden", "--data-dir", str(data_copy),
                       "--alliance", "C+V+O")
    assert code == 0 and "Formand: C" in out
    code, _, err = run(capsys, "chair", "--kkr", "Hovedstaden", "--alliance", "C+C")
    assert code == 2 and "C er nævnt to gange i et valgforbund" in err


def test_alliances_for_c(capsys):
    code, out, _ = run(capsys, "alliances", "--kkr", "Hovedstaden", "--for", "C")
    # eight represented lists (valg.dk's votes): Bell(8) = 4.140 structures
    assert code == 0 and "4.140 valgforbund-strukturer" in out and "  C+Ø+V+F  " in out
    assert "Mindste: A+C+Ø:C (3 lister, C udpeget)" in out
    assert "Dækning:" in out and "513.481 stemmer" in out  # Danish text and numbers
    assert not any(w in out for w in ("Data coverage", "Smallest", "Power in", "513,481"))
    code, out, _ = run(capsys, "alliances", "--kkr", "Hovedstaden", "--for", "C", "--format",
                       "json")
    doc = json.loads(out)
    assert doc["structures"] == 4140 and doc["guaranteeing_alliances"][0]["alliance"] == [
        "C", "Ø", "V", "F"]
    code, out, _ = run(capsys, "alliances", "--kkr", "Hovedstaden", "--format", "csv")
    assert out.splitlines()[0].startswith("list,votes,chair,vice_chair")


def test_margins_csv_contract(capsys):
    code, out, _ = run(capsys, "margins", "--election", "KV21", "--kkr", "Hovedstaden",
                       "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0]) == ["list", "seats", "gain_votes", "loss_votes"]
    a = next(r for r in rows if r["list"] == "A")
    assert a["loss_votes"] == "" and a["seats"] == "17"


@pytest.mark.parametrize("what", ["threshold", "cap", "method"])
def test_sweep_commands(capsys, what, data_copy):
    code, out, _ = run(capsys, "sweep", what, "--kkr", "Hovedstaden", "--format", "csv",
                       "--data-dir", str(data_copy))
    assert code == 0 and len(out.splitlines()) > 2


def test_simulate_json(capsys):
    code, out, _ = run(capsys, "simulate", "--kkr", "Nordjylland", "--draws", "500",
                       "--concentration", "0", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["draws"] == 500
    assert all(r["probability"] == 1.0 for r in doc["seats"])
