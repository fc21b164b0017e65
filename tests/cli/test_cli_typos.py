"""CLI typos a tired user makes: each is refused with one clear line (exit 2), never read as
something else. Run in-process (``kkr_analysis.cli.main``), bundled KV21 data."""

from __future__ import annotations

import shutil

import pytest
from conftest import copy_data
from hardening_cases import assert_clear_error

from kkr_analysis.cli import main
from kkr_analysis.errors import DataError
from kkr_analysis.rules.chair import parse_alliances

HOV = ["--election", "KV21", "--kkr", "Hovedstaden"]  # KV21: its figures and bodies


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- 1. '+' syntax: empty names, one-list valgforbund, duplicates, ',' ----------------------

EMPTY_NAME = {
    "chair --alliance": ["chair", *HOV, "--alliance", "A++F"],
    "margins --alliance": ["margins", *HOV, "--alliance", "A++F"],
    "board --alliance": ["board", "--alliance", "A++F"],
    "appoint --group": ["appoint", *HOV, "--group", "A++F"],
    "appoint --bloc": ["appoint", *HOV, "--bloc", "C++V", "--exhaustive"],
    "board --bloc": ["board", "--bloc", "C++V", "--exhaustive"],
}


@pytest.mark.parametrize("argv", EMPTY_NAME.values(), ids=EMPTY_NAME)
def test_empty_list_name_between_plus_is_refused(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert_clear_error(code, err, "A++F" if "A++F" in argv else "C++V",
                       "et tomt listenavn mellem '+'")
    assert out == ""


@pytest.mark.parametrize("argv", [["chair", *HOV, "--alliance", "A"],
                                  ["margins", *HOV, "--alliance", "C"],
                                  ["board", "--alliance", "A"]])
def test_one_list_valgforbund_is_refused(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert_clear_error(code, err, "mindst to lister")


@pytest.mark.parametrize("argv", [["chair", *HOV, "--alliance", "A+F:"],
                                  ["board", "--alliance", "A+F:"]])
def test_empty_nominee_is_refused(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert_clear_error(code, err, "efter ':'")


@pytest.mark.parametrize("argv", [["chair", *HOV, "--alliance", "A+A"],
                                  ["board", "--alliance", "A+F+A"],
                                  ["appoint", *HOV, "--group", "A+A"],
                                  ["appoint", *HOV, "--bloc", "C+V+C", "--exhaustive"]])
def test_list_named_twice_in_one_valgforbund(capsys, argv):
    code, _, err = run(capsys, *argv)
    line = assert_clear_error(code, err, "er nævnt to gange i")
    assert "to valgforbund" not in line and "to grupper" not in line


@pytest.mark.parametrize("argv", [["chair", *HOV, "--alliance", "A,F,Ø"],
                                  ["board", "--alliance", "A,F"],
                                  ["appoint", *HOV, "--group", "A,F"]])
def test_comma_points_to_plus(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert_clear_error(code, err, "'+'", "gentag tilvalget")


def test_parse_alliances_is_the_one_parser():
    with pytest.raises(DataError, match="tomt listenavn"):
        parse_alliances(["A++F"])
    with pytest.raises(DataError, match="mindst to lister"):
        parse_alliances(["A"])
    with pytest.raises(DataError, match="nævnt to gange"):
        parse_alliances(["A+F+A"])
    assert parse_alliances(["A+F+Ø:F"])[0].members == ("A", "F", "Ø")
    assert parse_alliances([" A + F :F"])[0].nominee == "F"


# ---- 2. lower-case or unknown list letters: the known lists, and the capital letter ---------

CASE = {
    "chair --alliance a+f": (["chair", *HOV, "--alliance", "a+f"], "'A'"),
    "margins --alliance c+v": (["margins", *HOV, "--alliance", "c+v"], "'C'"),
    "board --alliance a+f": (["board", "--alliance", "a+f"], "'A'"),
    "alliances --for c": (["alliances", *HOV, "--for", "c"], "'C'"),
    "appoint --for c": (["appoint", *HOV, "--for", "c", "--exhaustive"], "'C'"),
    "appoint --bloc c+v": (["appoint", *HOV, "--bloc", "c+v", "--exhaustive"], "'C'"),
    "appoint --group c+v": (["appoint", *HOV, "--group", "c+v"], "'C'"),
    "board --for c": (["board", "--for", "c", "--exhaustive"], "'C'"),
    "board --bloc c+v": (["board", "--bloc", "c+v", "--exhaustive"], "'C'"),
}


@pytest.mark.parametrize("argv,capital", CASE.values(), ids=CASE)
def test_lower_case_list_suggests_the_capital(capsys, argv, capital):
    code, out, err = run(capsys, *argv)
    assert_clear_error(code, err, f"mente du {capital}?", "A, ")


def test_unknown_list_names_the_lists_without_a_guess(capsys):
    code, _, err = run(capsys, "appoint", *HOV, "--for", "Q", "--exhaustive")
    line = assert_clear_error(code, err, "'Q'", "A, C, Ø, V, F, B, O")
    assert "mente du" not in line


def test_board_for_a_party_outside_the_national_table(capsys):
    code, _, err = run(capsys, "board", "--election", "KV21", "--for", "S", "--exhaustive")
    line = assert_clear_error(code, err, "'S'", "parti efter § 6", "landsresultatet", "KV21")
    assert "ingen pladser at gruppere" not in line


# ---- 3. names as typed are echoed as the data spells them -----------------------------------

TITLES = {
    "chair": ["chair"],
    "alliances": ["alliances"],
    "composition": ["composition"],
    "explain": ["explain"],
    "margins": ["margins"],
    "sweep": ["sweep", "threshold"],
    "simulate": ["simulate", "--draws", "20"],
    "appoint": ["appoint"],
}


@pytest.mark.parametrize("command", TITLES.values(), ids=TITLES)
def test_titles_use_the_canonical_names(capsys, command):
    code, out, err = run(capsys, *command, "--kkr", "hovedstaden", "--election", "kv21")
    assert code == 0, err
    assert "Hovedstaden" in out and "KV21" in out
    assert "hovedstaden" not in out and "kv21" not in out


# ---- 4. an election the data folder does not hold ------------------------------------------

@pytest.mark.parametrize("argv", [["chair", *HOV, "--election", "KV23"],
                                  ["composition", *HOV, "--election", "kv23"],
                                  ["board", "--election", "KV23"],
                                  ["assembly", "--election", "KV23"]])
def test_unknown_election_names_the_elections_there(capsys, argv):
    code, _, err = run(capsys, *argv)
    line = assert_clear_error(code, err, "'KV23'", "KV21, KV25")
    assert "results.csv" not in line and "parties.csv" not in line


def test_unknown_election_in_own_data_folder(capsys, tmp_path):
    copy_data(tmp_path / "data")
    shutil.rmtree(tmp_path / "data" / "kv25")
    code, _, err = run(capsys, "chair", *HOV, "--election", "KV25",
                       "--data-dir", str(tmp_path / "data"))
    assert_clear_error(code, err, "'KV25' findes ikke", "valgene dér er KV21")


# ---- 5. the table output of composition, chair and explain is Danish -----------------------

def test_composition_table_is_danish(capsys):
    code, out, _ = run(capsys, "composition", "--election", "KV21", *HOV)
    assert code == 0
    assert "220.319" in out and "23,35 %" in out  # A's votes and share, Danish numbers
    assert "Dækning:" in out and "Størrelse 58" in out and "som binder" in out
    assert "offentliggjort af KL" in out and "under 2 % af de gyldige stemmer i regionen" in out
    for english in ("Data coverage", "Size ", "method dhondt", "True", "False", "the cap"):
        assert english not in out


def test_chair_table_is_danish(capsys):
    code, out, _ = run(capsys, "chair", *HOV)
    assert code == 0
    assert "Formand: A" in out and "Næstformand: C" in out and "Dækning:" in out
    assert "220.319" in out and "110.159,50" in out  # A's 1st and 2nd quotient
    assert "Quotients" not in out and "Data coverage" not in out


def test_chair_lot_is_danish(capsys, tmp_path):
    votes = tmp_path / "votes.csv"
    votes.write_text("list,votes\nA,211026\nC,211026\nØ,123266\nV,91288\nF,79718\nB,70236\n"
                     "O,26632\nD,15374\nI,11467\nÅ,10101\nK,2172\nG,1839\n", encoding="utf-8")
    code, out, _ = run(capsys, "chair", *HOV, "--region-votes", str(votes))
    assert code == 0, out
    assert "Formand: afgøres ved lodtrækning" in out
    assert "Lodtrækning om formand og næstformand mellem A og C" in out
    assert "by lot" not in out and "LOT" not in out


def test_explain_table_is_danish(capsys):
    code, out, _ = run(capsys, "explain", *HOV)
    assert code == 0 and "Dækning:" in out and "Data coverage" not in out


def test_chair_explain_and_alliances_tables_are_danish(capsys):
    code, out, _ = run(capsys, "chair", *HOV, "--explain")
    assert code == 0
    assert "Valgforbund" in out and "Kvotient" in out and "Begrundelse" in out
    for english in ("alliance", "members", "votes", "quotient", " lot ", "reason"):
        assert english not in out.split("\n", 4)[-1], english


def test_power_indices_read_as_percentages_as_in_the_report(capsys):
    code, out, _ = run(capsys, "alliances", "--election", "KV21", *HOV)
    assert code == 0
    power = out.split("Magt i flertalsspillet", 1)[1]
    assert " %" in power.splitlines()[2] and "0,2" not in power.splitlines()[2]


def test_a_misspelt_kkr_is_answered_with_the_nearest_name(capsys):
    code, _, err = run(capsys, "composition", "--election", "KV25", "--kkr", "syddanmak")
    assert code == 2 and "mente du 'Syddanmark'?" in err and err.count("\n") == 1


def test_board_check_problems_are_danish(capsys, tmp_path):
    board = tmp_path / "board.csv"
    board.write_text("name,category,gender,elected_official\nA,chair,K,nej\n", encoding="utf-8")
    code, out, _ = run(capsys, "board-check", str(board))
    assert "formanden A skal være folkevalgt" in out and "mangler i kategorien" in out
    for english in ("missing in category", "must be an elected", "besides the observer"):
        assert english not in out


@pytest.mark.parametrize(("argv", "guess"), [
    (["compositon", "--kkr", "Hovedstaden"], "mente du 'composition'?"),
    (["composition", "--elction", "KV25", "--kkr", "Hovedstaden"], "mente du '--election'?"),
    (["composition", "--kkr", "Hovedstaden", "--method", "saint-lague"],
     "mente du 'sainte-lague'?"),
])
def test_a_tired_users_typo_gets_the_nearest_name(argv, guess, capsys):
    code, _, err = run(capsys, *argv)
    assert code == 2 and guess in err and err.count("\n") == 1
