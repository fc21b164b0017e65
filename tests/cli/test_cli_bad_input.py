"""Hardening corpus, part 2 (issue 12): wrong content, bad parameters, bad paths, the guard
rail and the Python API. Every case runs ``kkr`` in-process and asserts the exit code, one
line naming what it must, and unchanged inputs.

Silent wrong answers found before the fix (bundled KV21, KKR Hovedstaden unless noted):

=======================================  =====================================================
input                                    before → now
=======================================  =====================================================
results.csv ``c`` for ``C`` (København)  C 14 → 12 seats (V 6 → 7, F 5 → 6) → error, row 4
councils.csv mayor ``a`` (Frederiksberg)  A 17 → 16 mayors + list "a (Frederiksberg)" → error
parties.csv ``c``                        C (14 seats) split into 9 local lists, size 55 → error
councils.csv without Ballerup            cap 56 instead of 58, A 16 mayors → error
list_cooperations.csv "Atlantis"         accepted, cooperation silently without effect → error
--region-votes ``a`` for ``A``           KKR size 58 → 42 → error
--region-votes TOTAL twice               TOTALs added: size 58 → 35 → error
--region-votes header only               size 29 (mayors only) → error
København's export saved as aarhus.csv   Aarhus "complete", Midtjylland A 10 → 9 seats → error
apportion_batch votes 1.5                truncated to 1 → error
=======================================  =====================================================
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from hardening_cases import assert_clear_error, run_cli, set_cell

from kkr_analysis.apportion import apportion
from kkr_analysis.apportion_batch import dhondt_order
from kkr_analysis.cli import main
from kkr_analysis.data import bundled_data_dir, load_election

BUNDLED = bundled_data_dir()
REAL = BUNDLED / "kv21" / "valgdk" / "koebenhavn.csv"
IMPORT_KV21 = ("import", "valgdk", "--election", "KV21")  # the export names no year
COMPOSE = ["composition", "--election", "KV21", "--kkr", "Hovedstaden", "--format", "csv"]


def seats(out: str) -> dict[str, tuple[int, int]]:
    """list → (mayors, total) from ``composition --format csv``."""
    rows = csv.DictReader(io.StringIO(out.strip()))
    return {r["list"]: (int(r["mayors"]), int(r["total"])) for r in rows if int(r["total"])}


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


# ---- wrong content: a typo is an error, not a different answer -------------------------------

def test_baseline_composition(capsys):
    code, out, _ = run_cli(capsys, COMPOSE, [BUNDLED])
    assert code == 0 and seats(out)["C"] == (9, 13) and seats(out)["A"] == (17, 17)
    assert sum(t for _, t in seats(out).values()) == 58


def _results_lower(data: Path) -> tuple[Path, int, str]:
    path = data / "kv21" / "results.csv"
    row = _line_of(path, "KV21,Hovedstaden,101,København,C,")
    set_cell(path, row, "list_letter", "c")
    return path, row, "list_letter"


def _mayor_lower(data: Path) -> tuple[Path, int, str]:
    path = data / "kv21" / "councils.csv"
    row = _line_of(path, ",147,Frederiksberg,")
    set_cell(path, row, "mayor_list", "a")
    return path, row, "mayor_list"


def _mayor_without_row(data: Path) -> tuple[Path, int, str]:
    path = data / "kv21" / "councils.csv"
    row = _line_of(path, ",101,København,")
    set_cell(path, row, "mayor_list", "X")
    return path, row, "mayor_list"


def _parties_lower(data: Path) -> tuple[Path, int, str]:
    path = data / "kv21" / "parties.csv"
    row = _line_of(path, "C,Det Konservative")
    set_cell(path, row, "list_letter", "c")
    return path, row, "list_letter"


def _coop(municipality: str, letter: str = "H"):
    def make(data: Path) -> tuple[Path, int, str]:
        path = data / "kv21" / "list_cooperations.csv"
        path.write_text("cooperation,cooperation_name,municipality,list_letter,source\n"
                        f"LS1,Lokale lister,{municipality},{letter},test\n", encoding="utf-8")
        return path, 2, "municipality" if municipality != "København" else "list_letter"
    return make


def _council_missing(data: Path) -> tuple[Path, None, str]:
    path = data / "kv21" / "councils.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if ",Hovedstaden,151,Ballerup," not in line),
                    encoding="utf-8")
    return path, None, "municipality_code"


def _long_municipality_name(data: Path) -> tuple[Path, int, str]:
    path = data / "kv21" / "results.csv"
    row = _line_of(path, "KV21,Hovedstaden,101,København,C,")
    set_cell(path, row, "municipality", "K" * 4000)
    return path, row, "municipality"


CONTENT = {
    "results: 4,000-character municipality name": (_long_municipality_name, "passer ikke"),
    "results: c for C": (_results_lower, "'C' står i række"),
    "councils: mayor a for A": (_mayor_lower, "et lille bogstav"),
    "councils: mayor's list has no row": (_mayor_without_row, "har ingen række for København"),
    "parties: lower-case c": (_parties_lower, "et lille bogstav"),
    "cooperation: unknown municipality": (_coop("Atlantis"), "ukendt kommune"),
    "cooperation: municipality in lower case": (_coop("københavn"), "mente du"),
    "cooperation: list not in the municipality": (_coop("København", "W"), "har ingen række"),
    "councils: a municipality missing": (_council_missing, "ingen række for Ballerup"),
}


@pytest.mark.parametrize("name", sorted(CONTENT))
def test_wrong_content_is_an_error(name, data_copy, capsys):
    make, words = CONTENT[name]
    path, row, column = make(data_copy)
    code, _, err = run_cli(capsys, [*COMPOSE, "--data-dir", data_copy], [data_copy])
    needles = [path.name, words, f"kolonne {column!r}"] + ([f"række {row}"] if row else [])
    assert_clear_error(code, err, *needles)


def _rv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stemmetal.csv"
    path.write_text(text, encoding="utf-8")
    return path


LISTS = "A,211026\nC,194759\nØ,123266\nV,91288\nF,79718\nB,70236\nO,26632\n"
REGION_VOTES = {
    "unknown list": ("list,votes\nQ,5000\n" + LISTS, 2, "ukendt liste 'Q'"),
    "lower-case a": ("list,votes\n" + LISTS.replace("A,", "a,") + "TOTAL,871419\n", 2,
                     "mente du 'A'"),
    "TOTAL twice": ("list,votes\n" + LISTS + "TOTAL,871419\nTOTAL,871419\n", 10,
                    "en række TOTAL mere"),
    "TOTAL twice, other case": ("list,votes\n" + LISTS + "TOTAL,871419\ntotal,5\n", 10,
                                "en række TOTAL mere"),
    "TOTAL below the lists": ("list,votes\n" + LISTS + "Total,700000\n", 9, "er mindre end"),
    "header only": ("list,votes\n", 2, "ingen rækker"),
    "empty list name": ("list,votes\n,5\n" + LISTS, 2, "skal have en liste"),
    "same list twice": ("list,votes\n" + LISTS + "A,5\n", 9, "række gentaget"),
}


@pytest.mark.parametrize("name", sorted(REGION_VOTES))
def test_bad_region_votes(name, tmp_path, capsys):
    text, row, words = REGION_VOTES[name]
    path = _rv(tmp_path, text)
    code, _, err = run_cli(capsys, [*COMPOSE, "--region-votes", path], [tmp_path])
    assert_clear_error(code, err, "stemmetal.csv", f"række {row}", words)


def test_good_region_votes_give_the_published_composition(tmp_path, capsys):
    path = _rv(tmp_path, "list,votes\n" + LISTS + "TOTAL,871419\n")
    code, out, _ = run_cli(capsys, [*COMPOSE, "--region-votes", path], [tmp_path])
    assert code == 0 and sum(t for _, t in seats(out).values()) == 58


# ---- valg.dk exports whose content cannot be their municipality -----------------------------

def test_koebenhavn_export_saved_as_aarhus_is_refused(tmp_path, capsys):
    path = tmp_path / "aarhus.csv"
    shutil.copyfile(REAL, path)
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, [*IMPORT_KV21, path, "--out", out], [tmp_path, BUNDLED])
    line = assert_clear_error(code, err, "aarhus.csv", "kan ikke være udtrækket for Aarhus",
                              "28.077 kendt", "--replace", "kolonne 'Stemmetal'")
    assert "C " in line and not out.exists()


def test_replace_accepts_it_on_purpose(tmp_path, capsys):
    path = tmp_path / "aarhus.csv"
    shutil.copyfile(REAL, path)
    out = tmp_path / "out"
    code, printed, _ = run_cli(capsys, [*IMPORT_KV21, path, "--out", out, "--replace"],
                               [path, BUNDLED])
    assert code == 0 and "erstattet med vilje" in printed
    councils = load_election("KV21", out).councils
    assert councils.set_index("municipality")["valid_votes"]["Aarhus"] == 307_190


def test_small_difference_is_a_reconciliation_and_the_official_file_wins(tmp_path, capsys):
    path = tmp_path / "koebenhavn.csv"
    text = REAL.read_text(encoding="utf-8")
    first = text.splitlines()[1]
    assert first.endswith(";447")
    path.write_text(text.replace(first, first[:-3] + "457", 1), encoding="utf-8")
    out = tmp_path / "out"
    code, printed, _ = run_cli(capsys, [*IMPORT_KV21, path, "--out", out,
                                        "--format", "csv"], [path, BUNDLED])
    assert code == 0
    row = next(r for r in printed.splitlines() if r.startswith("København,A,"))
    assert row.split(",")[-1] == "10"  # difference shown: +10 votes for A
    results = load_election("KV21", out).results
    a = results[(results["municipality_code"] == 101) & (results["list_letter"] == "A")]
    assert int(a["votes"].iloc[0]) == 52_884  # the file's figure, not the 52,874 held


def test_export_without_a_seat_winning_list_is_refused(tmp_path, capsys):
    path = tmp_path / "koebenhavn.csv"
    lines = REAL.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(x for x in lines if ";Ø;" not in x) + "\n", encoding="utf-8")
    code, _, err = run_cli(capsys, [*IMPORT_KV21, path], [path, BUNDLED])
    assert_clear_error(code, err, "koebenhavn.csv", "Ø (15 mandater)", "--replace")


# ---- parameters: validated at the command line, one line ------------------------------------

PARAMS = {
    "composition --threshold nan": ([*COMPOSE, "--threshold", "nan"], "--threshold"),
    "composition --threshold inf": ([*COMPOSE, "--threshold", "inf"], "--threshold"),
    "composition --threshold -1": ([*COMPOSE, "--threshold", "-1"], "0-100"),
    "composition --threshold 101": ([*COMPOSE, "--threshold", "101"], "0-100"),
    "composition --threshold abc": ([*COMPOSE, "--threshold", "abc"], "er ikke en procentsats"),
    "composition --threshold 1e999": ([*COMPOSE, "--threshold", "1e999"], "0-100"),
    "chair --alliance empty": (["chair", "--kkr", "Hovedstaden", "--alliance", ""],
                               "ingen lister i et valgforbund"),
    "chair --alliance A++F": (["chair", "--kkr", "Hovedstaden", "--alliance", "A++F"],
                              "et tomt listenavn mellem '+'"),
    "chair --alliance A+F:": (["chair", "--kkr", "Hovedstaden", "--alliance", "A+F:"],
                              "efter ':'"),
    "chair --alliance Q": (["chair", "--kkr", "Hovedstaden", "--alliance", "Q+A"],
                           "'Q' kan ikke indgå"),
    "chair --alliance nominee not a member": (
        ["chair", "--kkr", "Hovedstaden", "--alliance", "A+F:C"], "ikke er med i valgforbundet"),
    "chair --alliance list twice": (
        ["chair", "--kkr", "Hovedstaden", "--alliance", "A+F", "--alliance", "F+Ø"],
        "to valgforbund"),
    "simulate --draws 0": (["simulate", "--kkr", "Hovedstaden", "--draws", "0"], "1-10.000.000"),
    "simulate --draws -5": (["simulate", "--kkr", "Hovedstaden", "--draws", "-5"], "uden for"),
    "simulate --draws 10^7+1": (["simulate", "--kkr", "Hovedstaden", "--draws", "10000001"],
                                "1-10.000.000"),
    "simulate --draws 1.5": (["simulate", "--kkr", "Hovedstaden", "--draws", "1.5"],
                             "er ikke et helt tal"),
    "simulate --draws huge": (["simulate", "--kkr", "Hovedstaden", "--draws", "9" * 40],
                              "uden for området"),
    "simulate --seed -1": (["simulate", "--kkr", "Hovedstaden", "--seed", "-1"], "mindst 0"),
    "simulate --seed x": (["simulate", "--kkr", "Hovedstaden", "--seed", "x"], "--seed"),
    "simulate --concentration nan": (
        ["simulate", "--kkr", "Hovedstaden", "--concentration", "nan"], "ikke et endeligt"),
    "simulate --concentration inf": (
        ["simulate", "--kkr", "Hovedstaden", "--concentration", "inf"], "ikke et endeligt"),
    "simulate --concentration -1": (
        ["simulate", "--kkr", "Hovedstaden", "--concentration", "-1"], "uden for området"),
    "simulate --alliance Q": (["simulate", "--kkr", "Hovedstaden", "--draws", "10",
                               "--alliance", "Q+A"], "'Q' kan ikke indgå"),
    "simulate --alliance twice": (["simulate", "--kkr", "Hovedstaden", "--draws", "10",
                                   "--alliance", "A+F", "--alliance", "A+C"], "to valgforbund"),
    "simulate --alliance nominee": (["simulate", "--kkr", "Hovedstaden", "--draws", "10",
                                     "--alliance", "A+F:V"], "ikke er med i valgforbundet"),
    "margins --alliance Q": (["margins", "--kkr", "Hovedstaden", "--alliance", "Q+C"],
                             "'Q' kan ikke indgå"),
    "margins --alliance twice": (["margins", "--kkr", "Hovedstaden", "--alliance", "C+V",
                                  "--alliance", "V+O"], "to valgforbund"),
    "margins --alliance nominee": (["margins", "--kkr", "Hovedstaden", "--alliance", "C+V:A"],
                                   "ikke er med i valgforbundet"),
    "margins --alliance A+": (["margins", "--kkr", "Hovedstaden", "--alliance", "A+"],
                              "et tomt listenavn mellem '+'"),
    "board --seats 0": (["board", "--seats", "0"], "1-1.000"),
    "board --seats 1001": (["board", "--seats", "1001"], "1-1.000"),
    "board --seats 10^8": (["board", "--seats", "100000000"], "1-1.000"),
    "board --seats abc": (["board", "--seats", "abc"], "er ikke et helt tal"),
    "meetings deadline 1969": (["meetings", "deadline", "1969-12-31"], "1970-2100"),
    "meetings deadline 2101": (["meetings", "deadline", "2101-01-01"], "1970-2100"),
    "meetings deadline 30 Feb": (["meetings", "deadline", "2022-02-30"], "ÅÅÅÅ-MM-DD"),
    "meetings deadline Danish order": (["meetings", "deadline", "25-01-2022"], "ÅÅÅÅ-MM-DD"),
    "appoint --group X=0": (["appoint", "--kkr", "Hovedstaden", "--group", "X=0"], "1-100.000"),
    "appoint --group X=-1": (["appoint", "--kkr", "Hovedstaden", "--group", "X=-1"], "medlemmer"),
    "appoint --group =5": (["appoint", "--kkr", "Hovedstaden", "--group", "=5"], "NAVN=MEDLEMMER"),
    "appoint --group X=abc": (["appoint", "--kkr", "Hovedstaden", "--group", "X=abc"],
                              "medlemmer"),
    "appoint --group X=10^9": (["appoint", "--kkr", "Hovedstaden", "--group", "X=1000000000"],
                               "1-100.000"),
    "appoint --group empty": (["appoint", "--kkr", "Hovedstaden", "--group", ""],
                              "ingen lister i en valggruppe"),
    "quorum --members -1": (["quorum", "--members", "-1", "--present", "0"], "--members"),
    "quorum --members 10^12": (["quorum", "--members", "1000000000000", "--present", "1"],
                               "--members"),
    "quorum --present abc": (["quorum", "--members", "58", "--present", "abc"], "--present"),
    "quorum present above members": (["quorum", "--members", "58", "--present", "59"],
                                      "til stede"),
    "ukendt region": (["composition", "--kkr", "Atlantis"], "ukendt region"),
    "unknown election": (["composition", "--kkr", "Hovedstaden", "--election", "KV99"],
                         "findes ikke"),
    "regions year without file": (["composition", "--kkr", "Hovedstaden", "--regions", "1999"],
                                  "regions_1999.csv"),
    "alliances --for unknown list": (["alliances", "--kkr", "Hovedstaden", "--for", "Q",
                                      "--format", "csv"], "deltager ikke"),
    # found by probing every option with odd values (each was an internal error before)
    "empty --election": (["composition", "--kkr", "Hovedstaden", "--election", ""],
                         "ikke et valg"),
    "--election a path": (["chair", "--kkr", "Hovedstaden", "--election", "/proc/self"],
                          "ikke et valg"),
    "--regions with NUL": (["composition", "--kkr", "Hovedstaden", "--regions", "20\x0027"],
                           "ikke et år for regionerne"),
    "--region-votes with NUL": ([*COMPOSE, "--region-votes", "a\x00b"], "NUL"),
    "--data-dir name too long": ([*COMPOSE, "--data-dir", "x" * 5000], "filnavnet er for langt"),
    "--kkr 5000 characters": (["composition", "--kkr", "x" * 5000], "ikke et regionsnavn"),
    "--group 5000 characters": (["appoint", "--kkr", "Hovedstaden", "--group", "x" * 5000],
                                "højst 60"),
    "import --out name too long": ([*IMPORT_KV21, REAL, "--out", "x" * 5000],
                                   "filnavnet er for langt"),
    "import --out with NUL": ([*IMPORT_KV21, REAL, "--out", "o\x00ut"], "NUL"),
}


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_bad_parameter(name, capsys):
    argv, words = PARAMS[name]
    code, out, err = run_cli(capsys, argv, [BUNDLED])
    assert_clear_error(code, err, words)


GOOD_PARAMS = {
    "Danish threshold 2,5": [*COMPOSE, "--threshold", "2,5"],
    "threshold 2,5 %": [*COMPOSE, "--threshold", "2,5 %"],
    "threshold 0": [*COMPOSE, "--threshold", "0"],
    "simulate 10 draws with an alliance": ["simulate", "--kkr", "Hovedstaden", "--draws", "10",
                                           "--alliance", "C+V", "--format", "csv"],
    "simulate without noise": ["simulate", "--kkr", "Hovedstaden", "--draws", "5",
                               "--concentration", "0", "--format", "csv"],
    "margins with an alliance": ["margins", "--kkr", "Hovedstaden", "--alliance", "C+V:V",
                                 "--format", "json"],
    "board 1 seat": ["board", "--seats", "1", "--format", "csv"],
    "deadline 2022-01-25": ["meetings", "deadline", "2022-01-25"],
    "typed groups": ["appoint", "--election", "KV21", "--kkr", "Hovedstaden",
                     "--group", "Borgerlige=20",
                     "--group", "Røde=38", "--format", "csv"],
}


@pytest.mark.parametrize("name", sorted(GOOD_PARAMS))
def test_good_parameter(name, capsys):
    code, out, err = run_cli(capsys, GOOD_PARAMS[name], [BUNDLED])
    assert code == 0 and not err.strip(), err
    assert out.strip()


def test_threshold_2_5_equals_the_fraction(capsys):
    a = run_cli(capsys, [*COMPOSE, "--threshold", "2,5"], [BUNDLED])
    b = run_cli(capsys, [*COMPOSE, "--threshold", "2.5"], [BUNDLED])
    assert a == b and a[0] == 0


def test_margins_alliance_changes_the_posts_like_chair(capsys):
    """margins reads --alliance as chair does: an alliance changes the post margins."""
    argv = ["margins", "--kkr", "Hovedstaden", "--format", "json"]
    alone = run_cli(capsys, argv, [BUNDLED])[1]
    allied = run_cli(capsys, [*argv, "--alliance", "C+V+O"], [BUNDLED])[1]
    assert alone != allied


@pytest.mark.parametrize("command", ["chair", "margins", "alliances", "simulate"])
def test_no_list_taking_part(command, data_copy, capsys):
    (data_copy / "kv21" / "parties.csv").write_text("list_letter,list_name,source\n",
                                                    encoding="utf-8")
    argv = [command, "--election", "KV21", "--kkr", "Hovedstaden", "--data-dir", data_copy,
            "--format", "csv"]
    code, _, err = run_cli(capsys, argv + (["--draws", "10"] if command == "simulate" else []),
                           [data_copy])
    assert_clear_error(code, err, "ingen liste deltager i KKR Hovedstaden")


HOV21 = ("--kkr", "Hovedstaden", "--election", "KV21")  # the bundled plan's KKR and period


def test_meeting_plan_times_and_dates(tmp_path, capsys):
    cases = {
        "start,end\n25:00,": ("start", "ikke et klokkeslæt"),
        "start,end\n10:60,": ("start", "ikke et klokkeslæt"),
        "start,end\nab,": ("start", "ikke et klokkeslæt"),
        "start,end\n12:00,10:00": ("end", "før det begynder"),
        "start,end\n10:00,1200": ("end", "ikke et klokkeslæt"),
    }
    for body, (column, words) in cases.items():
        header, values = body.split("\n")
        path = tmp_path / "plan.csv"
        path.write_text(f"date,weekday,{header}\n2022-03-25,fredag,{values}\n", encoding="utf-8")
        code, _, err = run_cli(capsys, ["meetings", "check", *HOV21, "--plan", path], [tmp_path])
        assert_clear_error(code, err, "plan.csv", "række 2", f"kolonne {column!r}", words)
    path = tmp_path / "plan.csv"
    path.write_text("date,weekday\n2022-03-25,fredag\n1900-01-02,tirsdag\n", encoding="utf-8")
    code, _, err = run_cli(capsys, ["meetings", "check", *HOV21, "--plan", path], [tmp_path])
    assert_clear_error(code, err, "række 3", "kolonne 'date'", "1970-2100")


# ---- paths: every --out, every input path ----------------------------------------------------

def _targets(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    a_file = tmp_path / "a_file.txt"
    a_file.write_text("keep me\n", encoding="utf-8")
    folder = tmp_path / "a_folder"
    folder.mkdir()
    fifo = tmp_path / "a_fifo"
    os.mkfifo(fifo)
    return {
        "a file": (a_file, "er en fil"),
        "a folder": (folder, "er en mappe"),
        "missing parent": (tmp_path / "no" / "such" / "x", "findes ikke"),
        "under a file": (a_file / "x", "er en fil, så der kan ikke"),
        "under /proc": (Path("/proc/kkr-test-out"), "systemmappe"),
        "/dev/null": (Path("/dev/null"), "systemmappe"),
        "a FIFO": (fifo, "FIFO"),
    }


OUT_COMMANDS = {
    "import": lambda out: [*IMPORT_KV21, REAL, "--out", out],
    "report": lambda out: ["report", "--out", out],
    "meetings ics": lambda out: ["meetings", "ics", *HOV21, "--out", out],
}
OUT_CASES = [(c, t) for c in OUT_COMMANDS for t in
             ("a file", "a folder", "missing parent", "under a file", "under /proc", "/dev/null",
              "a FIFO")
             if not (t == "a folder" and c != "meetings ics")
             and not (t == "a file" and c == "meetings ics")]


@pytest.mark.parametrize("command,target", OUT_CASES)
def test_bad_out(command, target, tmp_path, capsys):
    path, words = _targets(tmp_path)[target]
    if command != "meetings ics" and target == "a FIFO":
        words = "er en fil"  # a FIFO is no folder
    code, _, err = run_cli(capsys, OUT_COMMANDS[command](path), [tmp_path, BUNDLED])
    assert_clear_error(code, err, words)
    assert not (tmp_path / "no").exists() and not Path("/proc/kkr-test-out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_fifo", "a_file.txt", "a_folder"]


@pytest.mark.parametrize("target", [".", "..", "/"])
def test_out_is_never_the_current_or_root_folder(target, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, [*IMPORT_KV21, REAL, "--out", target], [tmp_path])
    assert_clear_error(code, err, "aktuelle mappe" if target != "/" else "rodmappen")
    assert list(tmp_path.iterdir()) == [] and not list(tmp_path.parent.glob(".*.kkr-lock"))


def test_ics_is_written_whole(tmp_path, capsys):
    out = tmp_path / "plan.ics"
    code, _, _ = run_cli(capsys, ["meetings", "ics", *HOV21, "--out", out], [BUNDLED])
    assert code == 0 and out.read_bytes().rstrip().endswith(b"END:VCALENDAR")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.ics"]


def test_ics_never_overwrites_its_plan(tmp_path, capsys):
    plan = tmp_path / "plan.csv"
    shutil.copyfile(BUNDLED / "kkr" / "meetings_hovedstaden_2022_2026.csv", plan)
    code, _, err = run_cli(capsys, ["meetings", "ics", *HOV21, "--plan", plan, "--out", plan],
                           [tmp_path])
    assert_clear_error(code, err, "plan.csv", "mødeplanen, der læses")


@pytest.mark.parametrize("where", ["equal", "inside"])
def test_out_in_the_data_dir_needs_in_place(where, data_copy, capsys):
    out = data_copy if where == "equal" else data_copy / "sub"
    argv = [*IMPORT_KV21, REAL, "--data-dir", data_copy, "--out", out]
    code, _, err = run_cli(capsys, argv, [data_copy])
    assert_clear_error(code, err, "--in-place")
    assert not (data_copy / "sub").exists()


def test_out_in_the_bundled_data_is_refused(capsys):
    code, _, err = run_cli(capsys, [*IMPORT_KV21, REAL, "--out", BUNDLED], [BUNDLED])
    assert_clear_error(code, err, "--in-place")


def test_in_place_updates_the_data_dir_on_purpose(data_copy, capsys):
    path = data_copy / "kv21" / "councils.csv"
    set_cell(path, _line_of(path, ",101,København,"), "votes_coverage", "partial")
    argv = [*IMPORT_KV21, REAL, "--data-dir", data_copy, "--out", data_copy, "--in-place"]
    assert main([str(a) for a in argv]) == 0
    capsys.readouterr()
    councils = load_election("KV21", data_copy).councils.set_index("municipality")
    assert councils["votes_coverage"]["København"] == "complete"


INPUT_PATHS = {
    "valgdk: a folder without valg.dk files": (lambda t: [*IMPORT_KV21, t / "a_folder"],
                                               "ingen filer fra valg.dk"),
    "valgdk: a FIFO": (lambda t: [*IMPORT_KV21, t / "a_fifo"], "FIFO"),
    "valgdk: missing": (lambda t: [*IMPORT_KV21, t / "koebenhavn.csv"], "findes ikke"),
    "valgdk: /dev/null": (lambda t: [*IMPORT_KV21, Path("/dev/null"),
                                     "--municipality", "101"], "en enhed"),
    "data dir: a file": (lambda t: [*COMPOSE, "--data-dir", t / "a_file.txt"], "er en fil"),
    "data dir: missing": (lambda t: [*COMPOSE, "--data-dir", t / "nothing"],
                          "datamappen findes ikke"),
    "region votes: a folder": (lambda t: [*COMPOSE, "--region-votes", t / "a_folder"],
                               "er en mappe"),
    "region votes: a FIFO": (lambda t: [*COMPOSE, "--region-votes", t / "a_fifo"], "FIFO"),
    "plan: a FIFO": (lambda t: ["meetings", "check", "--plan", t / "a_fifo"], "FIFO"),
    "bodies: a folder": (lambda t: ["appoint", "--kkr", "Hovedstaden", "--group", "A",
                                    "--bodies", t / "a_folder"], "er en mappe"),
    "board: /dev/zero": (lambda t: ["board-check", "/dev/zero"], "en enhed"),
}


@pytest.mark.parametrize("name", sorted(INPUT_PATHS))
def test_bad_input_path(name, tmp_path, capsys):
    _targets(tmp_path)
    make, words = INPUT_PATHS[name]
    code, _, err = run_cli(capsys, make(tmp_path), [tmp_path, BUNDLED])
    assert_clear_error(code, err, words)


def test_interrupted_data_dir_says_how_to_recover(tmp_path, capsys):
    (tmp_path / ".mydata.old").mkdir()
    code, _, err = run_cli(capsys, [*COMPOSE, "--data-dir", tmp_path / "mydata"], [tmp_path])
    assert_clear_error(code, err, "afbrudt", "kør importen igen")


# ---- the guard rail ---------------------------------------------------------------------------

def test_internal_error_is_one_line_exit_70(monkeypatch, capsys):
    from kkr_analysis.cli import composition

    def broken(args):
        raise RuntimeError("boom\nsecond line")
    monkeypatch.setattr(composition, "cmd_composition", broken)
    assert main(COMPOSE) == 70
    err = capsys.readouterr().err.strip()
    assert err.startswith("kkr: intern fejl (en fejl i programmet): RuntimeError")
    assert "\n" not in err
    assert err.endswith("(kør med --debug for detaljer)")
    assert main(["--debug", *COMPOSE]) == 70
    assert "Traceback" in capsys.readouterr().err


# ---- the Python API ---------------------------------------------------------------------------

def test_scalar_core_accepts_numpy_integers():
    votes = {"A": np.int64(211_026), "C": np.int32(194_759), "Ø": np.uint32(123_266)}
    result = apportion(votes, np.int64(10))
    assert result.seats == apportion({k: int(v) for k, v in votes.items()}, 10).seats
    assert all(type(v) is int for v in result.seats.values())


@pytest.mark.parametrize("bad", [1.5, 2.0, np.float64(3), True, -1, "7", None])
def test_scalar_core_refuses_non_integers(bad):
    with pytest.raises(ValueError, match="non-negative integer"):
        apportion({"A": 10, "B": bad}, 3)


@pytest.mark.parametrize("bad", [np.array([[1.5, 2.0]]), np.array([[True, False]]),
                                 np.array([["1", "2"]], dtype=object)])
def test_batch_core_refuses_non_integers(bad):
    with pytest.raises(ValueError, match="whole numbers"):
        dhondt_order(bad, 1)


def test_batch_core_refuses_wrap_around():
    with pytest.raises(ValueError, match="overflow"):
        dhondt_order(np.array([[2**62, 1]], dtype=np.int64), 5)


# ---- valg.dk exports: bytes, line ends and numbers -------------------------------------------

def _export(change):
    def make(path: Path) -> None:
        lines = REAL.read_text(encoding="utf-8-sig").split("\n")
        text = change(lines)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return make


def _set_votes(lines: list[str], index: int, value: str) -> list[str]:
    parts = lines[index].split(";")
    parts[4] = value
    lines[index] = ";".join(parts)
    return lines


VALGDK = {
    "CR-only line ends, bad votes on line 6": (
        _export(lambda ls: "\r".join(_set_votes(ls, 5, "x"))), 6, "Stemmetal", "helt antal"),
    "U+2028 in a name, bad votes on line 6": (
        _export(lambda ls: "\n".join(_set_votes([ls[0], ls[1].replace(
            "Listestemmer", "Liste\u2028stemmer"), *ls[2:]], 5, "x"))), 6, "Stemmetal",
        "helt antal stemmer"),
    "votes beyond 10^10": (_export(lambda ls: "\n".join(_set_votes(ls, 5, "99999999999"))), 6,
                           "Stemmetal", "virkeligt valg"),
    "votes beyond int64": (_export(lambda ls: "\n".join(_set_votes(ls, 5, "9" * 30))), 6,
                           "Stemmetal", "virkeligt valg"),
    "arabic-indic digits": (_export(lambda ls: "\n".join(_set_votes(ls, 5, "\u0663"))), 6,
                            "Stemmetal", "cifrene 0-9"),
    "NUL byte": (_export(lambda ls: "\n".join(ls).replace("Lars Weiss", "Lars\x00Weiss")), 4,
                 None, "NUL"),
    "overlong name": (_export(lambda ls: "\n".join(ls).replace("Lars Weiss", "L" * 50_000)), 4,
                      "Navn", "mere end"),
    "latin-1 on line 3": (_export(lambda ls: "\n".join(ls[:2]).encode() + b"\n" + "\n".join(
        ls[2:]).encode("cp1252")), 3, None, "ikke UTF-8"),
    "lower-case letter": (_export(lambda ls: "\n".join(ls).replace(";A;", ";a;", 1)), 2,
                          "Bogstavbetegnelse", "ikke et listebogstav"),
}


@pytest.mark.parametrize("name", sorted(VALGDK))
def test_bad_valgdk_export(name, tmp_path, capsys):
    make, row, column, words = VALGDK[name]
    path = tmp_path / "koebenhavn.csv"
    make(path)
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, [*IMPORT_KV21, path, "--out", out], [tmp_path])
    needles = ["koebenhavn.csv", f"række {row}", words]
    if column:
        needles.append(f"kolonne {column!r}")
    line = assert_clear_error(code, err, *needles)
    assert "L" * 100 not in line and not out.exists()
