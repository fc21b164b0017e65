"""Without an election every surface answers for the newest election in the data folder in use
(the bundled data: KV25, the KKR period 2026-2029), and every heading names it with its period;
KV21 (2022-2026) is one flag away. The focus list of reports 02 and 06 is by default the KKR's
largest list by votes, and the fixed bloc the preset bloc holding it."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import nbformat
import pytest

import kkr_analysis as kkr
from kkr_analysis.cli import main
from kkr_analysis.data import newest_election
from kkr_analysis.errors import DataError
from kkr_analysis.rules.composition import election_label
from kkr_analysis.scenario import Scenario
from kkr_analysis.scenarios.focus import GIVEN, LARGEST, TWO_LARGEST, choose_focus


def only_kv21(tmp_path: Path) -> Path:
    """A data folder holding KV21 alone (the bundled KV21 and the shared tables)."""
    from conftest import copy_data

    folder = copy_data(tmp_path / "kv21only")
    shutil.rmtree(folder / "kv25")
    return folder


def test_the_newest_election_is_the_latest_year_in_the_folder(tmp_path):
    assert newest_election() == "KV25"
    assert newest_election(only_kv21(tmp_path)) == "KV21"
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="intet valg"):
        newest_election(tmp_path / "empty")


def test_election_label_names_the_period():
    assert election_label("KV25") == "KV25 — 2026-2029"
    assert election_label("KV21") == "KV21 — 2022-2026"
    assert election_label("T1") == "T1"  # a user's folder name opens no known period


def test_cli_without_election_answers_for_kv25_with_its_period(capsys):
    assert main(["composition", "--kkr", "Syddanmark"]) == 0
    out = capsys.readouterr().out
    assert "KKR Syddanmark — KV25 — 2026-2029, Sainte-Laguë" in out
    size = Scenario("KV25", "Syddanmark").composition().size
    assert f"Størrelse {size}" in out
    assert main(["composition", "--election", "KV21", "--kkr", "Syddanmark"]) == 0
    out = capsys.readouterr().out
    assert "KKR Syddanmark — KV21 — 2022-2026" in out and "KV25" not in out


@pytest.mark.parametrize("argv", [["explain", "--kkr", "Sjælland"],
                                  ["chair", "--kkr", "Nordjylland"],
                                  ["composition", "--all"],
                                  ["sweep", "threshold", "--kkr", "Midtjylland"],
                                  ["board"], ["assembly"]])
def test_every_heading_names_kv25_and_its_period(argv, capsys):
    assert main(argv) == 0
    assert "KV25 — 2026-2029" in capsys.readouterr().out


def test_cli_default_is_the_newest_in_the_data_dir(tmp_path, capsys):
    folder = only_kv21(tmp_path)
    assert main(["composition", "--kkr", "Hovedstaden", "--data-dir", str(folder)]) == 0
    assert "KKR Hovedstaden — KV21 — 2022-2026" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert main(["composition", "--kkr", "Hovedstaden", "--data-dir",
                 str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "intet valg" in err


@pytest.mark.parametrize("command", [["composition"], ["board"], ["report"], ["app"]])
def test_help_names_the_default(command, capsys):
    with pytest.raises(SystemExit):
        from kkr_analysis.cli import build_parser

        build_parser().parse_args([*command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "standard: det nyeste valg i data (KV25)" in text


def test_python_api_and_scenario_default_to_kv25(tmp_path):
    comp = kkr.composition(kkr="Syddanmark")
    assert comp.election == "KV25"
    assert comp.seats() == kkr.composition("KV25", "Syddanmark").seats()
    assert kkr.chair(kkr="Syddanmark").to_dict() == kkr.chair("KV25", "Syddanmark").to_dict()
    assert Scenario().election == "KV25" and Scenario(kkr="Sjælland").election == "KV25"
    assert Scenario(data_dir=str(only_kv21(tmp_path))).election == "KV21"
    s = Scenario(kkr="Sjælland")  # resolved at construction: frozen, serialisable, comparable
    assert "valg=KV25" in s.to_query() and Scenario.from_query(s.to_query()) == s
    assert dataclasses.asdict(s)["election"] == "KV25"
    assert Scenario.from_query("kkr=Sjælland").election == "KV25"


def test_link_and_app_open_on_kv25():
    from kkr_analysis.widgets.app import ScenarioApp
    from kkr_analysis.widgets.link import elections, read_link

    assert elections() == ("KV25", "KV21")
    scenario, notes = read_link("kkr=Syddanmark")
    assert scenario.election == "KV25" and not notes
    assert read_link("valg=KV21&kkr=Syddanmark")[0].election == "KV21"
    app = ScenarioApp()
    assert app.election.value == "KV25" and app.election.options[0] == "KV25"
    assert "KV25 — 2026-2029" in app.output.value


def test_focus_is_the_largest_list_and_its_preset_bloc():
    sc = Scenario("KV25", "Syddanmark")
    focus = choose_focus(sc.chair_votes(), sc.election)
    votes = sc.chair_votes()
    assert focus.list == "V" and focus.list_source == LARGEST
    assert votes["V"] == max(votes.values()) and focus.votes == votes["V"]
    assert focus.bloc == ("V", "C", "O", "I", "Æ") and focus.bloc_source == "blå blok"
    hovedstaden = Scenario("KV21", "Hovedstaden")
    focus = choose_focus(hovedstaden.chair_votes(), "KV21")
    assert focus.list == "A" and focus.bloc == ("A", "B", "F", "Ø")  # Å is not represented
    given = choose_focus(hovedstaden.chair_votes(), "KV21", for_list="C", bloc="C+V")
    assert (given.list, given.list_source, given.bloc, given.bloc_source) == (
        "C", GIVEN, ("C", "V"), GIVEN)
    kv25 = Scenario("KV25", "Hovedstaden").chair_votes()
    m = choose_focus(kv25, "KV25", for_list="M")  # M is in no preset bloc
    assert m.bloc == ("M", "A") and m.bloc_source == TWO_LARGEST


def test_report_defaults_to_kv25_and_passes_the_focus(tmp_path):
    """`make report` (no --election): the notebooks get the newest election, titles its
    period; --for/--bloc reach the notebooks that declare FOR_LIST/BLOC."""
    from kkr_analysis.presentation.report import build_reports

    folder = tmp_path / "nb"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    params = nbformat.v4.new_code_cell("ELECTION = None\nKKR = 'Hovedstaden'\nFOR_LIST = None\n"
                                       "BLOC = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Prøve"), params,
                nbformat.v4.new_code_cell("print(f'valg={ELECTION} for={FOR_LIST} "
                                          "blok={BLOC}')")]
    nbformat.write(nb, folder / "a.ipynb")
    entries = build_reports(tmp_path / "r", folder, kkr="Syddanmark", for_list="C",
                            bloc="C+V")
    assert entries[0].title == "Prøve – KKR Syddanmark (KV25 — 2026-2029)"
    page = (tmp_path / "r" / "a.html").read_text(encoding="utf-8")
    assert "valg=KV25 for=C blok=C+V" in page
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "KKR-analyser: KV25 — 2026-2029, KKR Syddanmark" in index
