"""A scenario's mayor posts (rule kkr.mayors): set, checked, carried in the link."""

from __future__ import annotations

import pytest

from kkr_analysis.errors import DataError
from kkr_analysis.scenario import Scenario


def test_kolding_mayor_to_c_shrinks_kkr_syddanmark_kv25_to_41():
    """Issue 28's worked case: Kolding C instead of V → 41 members, V 11 and A 10 (not 43)."""
    base = Scenario(election="KV25", kkr="Syddanmark").composition()
    assert base.size == 43
    comp = Scenario(election="KV25", kkr="Syddanmark", mayors={"Kolding": "C"}).composition()
    seats = comp.seats()
    assert (comp.size, seats["V"], seats["A"]) == (41, 11, 10)
    assert next(r for r in comp.rows if r.list == "C").mayors == base.tally.get("C").mayors + 1


def test_mayor_scenario_round_trips_through_the_link_and_names_the_data_mayor():
    scenario = Scenario(election="KV25", kkr="syddanmark", mayors={"kolding": "C"}).resolved()
    assert scenario.mayors == (("Kolding", "C"),)
    assert "borgmester=Kolding:C" in scenario.to_query()
    assert Scenario.from_query(scenario.to_query()) == scenario
    assert scenario.mayor_note() == "scenarie: borgmester i Kolding = C (data: V)"


@pytest.mark.parametrize(("mayors", "message"), [
    ({"Koldng": "C"}, "mente du 'Kolding'"),
    ({"Aarhus": "C"}, "ligger i KKR Midtjylland"),
    ({"Kolding": "K"}, "har ingen plads i kommunalbestyrelsen i Kolding"),
    ({"Kolding": "c"}, "mente du 'C'"),
])
def test_bad_mayor_posts_are_one_danish_line(mayors, message):
    with pytest.raises(DataError, match=message):
        Scenario(election="KV25", kkr="Syddanmark", mayors=mayors).resolved()


def test_an_open_mayor_post_has_no_single_composition():
    with pytest.raises(DataError, match="borgmesteren i Kolding er åben"):
        Scenario(election="KV25", kkr="Syddanmark", mayors={"Kolding": "?"}).composition()


def test_cli_mayor_marks_the_composition_as_a_scenario(capsys):
    from kkr_analysis.cli import main

    assert main(["composition", "--election", "KV25", "--kkr", "Syddanmark",
                 "--mayor", "Kolding=C"]) == 0
    out = capsys.readouterr().out
    assert "SCENARIE" in out and "scenarie: borgmester i Kolding = C (data: V)" in out


def test_cli_open_mayor_prints_the_range_table(capsys):
    from kkr_analysis.cli import main

    assert main(["composition", "--election", "KV25", "--kkr", "Syddanmark",
                 "--mayor", "Kolding=?"]) == 0
    out = capsys.readouterr().out
    assert "Størrelse: 41-43 medlemmer" in out and "Mindst" in out


@pytest.mark.parametrize("spec", ["Koldng=C", "Aarhus=C", "Kolding=K", "Kolding"])
def test_cli_bad_mayor_exits_2(spec, capsys):
    from kkr_analysis.cli import main

    assert main(["composition", "--election", "KV25", "--kkr", "Syddanmark",
                 "--mayor", spec]) == 2


def test_cli_all_with_open_mayors_prints_every_kkr_or_why_not(capsys):
    from kkr_analysis.cli import main

    assert main(["composition", "--election", "KV25", "--all", "--mayor", "Kolding=?",
                 "--mayor", "Greve=?"]) == 0
    out = capsys.readouterr().out
    assert "KKR Syddanmark — KV25" in out and "Størrelse: 41-43 medlemmer" in out
    assert "borgmester i Greve = åben" in out
    assert out.count("SCENARIE: 1 åben borgmesterpost") == 2


@pytest.mark.parametrize("command", [["sweep", "threshold"], ["margins"]])
def test_commands_on_the_tally_take_the_mayor_too(command, capsys):
    """sweep and margins read the tally directly: a --mayor they ignored would be a silent
    wrong answer."""
    from kkr_analysis.cli import main

    args = [*command, "--election", "KV25", "--kkr", "Syddanmark", "--format", "csv"]
    assert main(args) == 0
    plain = capsys.readouterr().out
    assert main([*args, "--mayor", "Kolding=C"]) == 0
    assert capsys.readouterr().out != plain
    if command[0] == "sweep":
        assert main([*args, "--mayor", "Kolding=C"]) == 0
        assert capsys.readouterr().out.splitlines()[1].split(",")[3] == "41"


def test_cli_report_checks_the_mayor_before_any_notebook_runs(tmp_path):
    from kkr_analysis.cli import main

    out = tmp_path / "rapport"
    assert main(["report", "--election", "KV25", "--kkr", "Syddanmark", "--mayor", "Koldng=C",
                 "--out", str(out)]) == 2
    assert not out.exists()
