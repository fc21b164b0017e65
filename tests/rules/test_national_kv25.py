"""KL's national bodies, the KV25 period and the Region Østdanmark scenario."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import apportionment.methods as reference
import pytest

from kkr_analysis.cli import main
from kkr_analysis.data import load_election, load_national, load_region_mapping
from kkr_analysis.errors import DataError
from kkr_analysis.presentation.overview import all_compositions, compare_periods
from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.lists import region_tally
from kkr_analysis.rules.national import (
    basis_check,
    board_check,
    kl_board,
    representative_assembly,
)

BUNDLED = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize("election", ["KV21", "KV25"])
def test_board_is_dhondt_on_the_exact_national_votes(election):
    """KL's board from the parties' votes summed over valg.dk's 98 municipal results (both
    elections are complete), not from the rounded published percentages."""
    data = load_election(election)
    board = kl_board(data)
    assert sum(board.seats.values()) == 17 and board.tie is None
    assert (board.basis, board.source) == ("votes", "results.csv")
    parties = set(data.parties["list_letter"])
    sums = data.results[data.results["list_letter"].isin(parties)].groupby(
        "list_letter")["votes"].sum()
    expected = reference.compute("dhondt", [int(v) for v in sums], 17, verbose=False)
    assert {k: board.seats[k] for k in sums.index} == dict(zip(sums.index, expected))
    assert kl_board(election).seats == board.seats  # by name: the same files


def test_board_kv21_numbers():
    # valg.dk's KV21 sums: A 877,136, V 654,073, C 470,697, F 235,076, Ø 226,596, B 172,521,
    # O 126,388, … The 17th quotient is A's 877,136/6 = 146,189; next V's 654,073/5 = 130,815,
    # then O's 126,388 — O stays out. KL's published board 2022-2026 is the same.
    seats = kl_board(load_election("KV21")).seats
    assert {k: v for k, v in seats.items() if v} == {"A": 6, "V": 5, "C": 3, "F": 1, "Ø": 1,
                                                     "B": 1}


@pytest.mark.parametrize("election,period,complete", [("KV21", "2022-2026", True),
                                                      ("KV25", "2026-2029", False)])
def test_board_check_against_kl_published_board(election, period, complete):
    """The method against KL's published board: 2022-2026 all parties (A 6 V 5 C 3 F 1 Ø 1
    B 1), 2026-2029 only A 5 is found; an unpublished figure is unknown, never 0."""
    check = board_check(kl_board(election))
    assert check.period == period and check.complete is complete and check.agrees
    table = check.table.set_index("list")
    assert table.loc["A", "published"] == table.loc["A", "computed"] == (6 if complete else 5)
    assert table["published"].isna().any() is not complete


def test_board_check_reports_a_difference(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data, ignore=shutil.ignore_patterns("raw", "crosscheck"))
    path = data / "kl_board_published.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2022-2026,A,6", "2022-2026,A,5")
                    .replace("2022-2026,B,1", "2022-2026,B,2"), encoding="utf-8")
    check = board_check(kl_board("KV21", data_dir=data), data)
    assert not check.agrees and check.complete
    assert sorted(check.table[check.table["same"] == False]["list"]) == ["A", "B"]  # noqa: E712


def test_rounded_shares_give_the_same_kv25_board():
    board = kl_board("KV25")
    check = basis_check(board, set(load_election("KV25").parties["list_letter"]))
    assert list(check["list"]) == list(board.seats)
    assert (check["by_votes"] == check["by_shares"]).all()


@pytest.mark.parametrize("election", ["KV21", "KV25"])
def test_representative_assembly_is_uncapped_kkr_rule(election):
    data = load_election(election)
    comp, _ = representative_assembly(data)
    assert sum(r.mayors for r in comp.rows) == 98 and not comp.cap_binds
    assert comp.size == sum(r.total for r in comp.rows) + (comp.tie.seats if comp.tie else 0)
    assert all(r.total >= r.mayors for r in comp.rows)


def test_cli_board_contract(capsys):
    assert main(["board", "--election", "KV21", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["list", "seats"] and sum(int(r["seats"]) for r in rows) == 17
    assert main(["board", "--election", "KV25"]) == 0
    out = capsys.readouterr().out
    assert "Grundlag: stemmetal: partiernes stemmer lagt sammen over valg.dk's resultater" in out
    assert "Kontrol af metoden: KL's offentliggjorte bestyrelse 2026-2029" in out
    assert "Dom: metoden giver KL's tal for A, som kilden nævner" in out
    assert "bliver fordelingen den samme" in out
    assert "Efter stemmetal" not in out  # the old 5-list table (A 6, V 4 …) is gone
    assert main(["board", "--election", "KV21"]) == 0
    out = capsys.readouterr().out
    assert "Dom: metoden giver præcis KL's bestyrelse 2022-2026 (alle 12 partier)." in out
    assert main(["board", "--election", "KV25", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["period"], doc["basis"], doc["basis_source"]) == ("2026-2029", "votes",
                                                                  "results.csv")
    check = doc["published_check"]
    assert check["agrees"] and not check["complete"]
    assert {r["list"]: r["published"] for r in check["lists"]}["V"] is None  # unknown, not 0


def test_kv25_runs_for_every_kkr_and_states_assumption(capsys):
    data = load_election("KV25")
    assert "assumption" in data.party_assumption
    comps = all_compositions(data)
    assert [c.region for c in comps] == ["Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland",
                                         "Syddanmark"]
    assert all(c.coverage.complete == c.coverage.official == c.coverage.municipalities
               for c in comps)  # valg.dk's final count everywhere
    assert sum(r.mayors for c in comps for r in c.rows) == 98
    assert main(["composition", "--election", "KV25", "--kkr", "Hovedstaden"]) == 0
    assert "er en antagelse" in capsys.readouterr().out


def test_compare_periods_mayors():
    table = compare_periods(load_election("KV21"), load_election("KV25"))
    hov = table[table["region"] == "Hovedstaden"].set_index("list")
    assert hov.loc["A", "mayors_KV21"] == 17 and hov["mayors_KV21"].sum() == 29
    assert hov["mayors_KV25"].sum() == 29
    assert (table["mayors_change"] == table["mayors_KV25"] - table["mayors_KV21"]).all()


def test_oestdanmark_scenario():
    merged = load_election("KV21", regions="2027")
    assert merged.is_scenario and "Østdanmark" in merged.regions
    assert "Hovedstaden" not in merged.regions and "Sjælland" not in merged.regions
    comp = compose(region_tally(merged, "Østdanmark"))
    assert comp.cap == 92 and sum(r.mayors for r in comp.rows) == 46
    current = load_election("KV21")
    mayors = sum(r.mayors for region in ("Hovedstaden", "Sjælland")
                 for r in compose(region_tally(current, region)).rows)
    assert mayors == 46


def test_cli_regions_scenario_is_labelled(capsys):
    assert main(["composition", "--kkr", "Østdanmark", "--regions", "2027", "--election",
                 "KV21"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SCENARIE") and "loft 92" in out


def test_bad_region_mapping(data_copy):
    path = data_copy / "regions_2027.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # drop a municipality
    with pytest.raises(DataError, match="mangler i opdelingen"):
        load_region_mapping("2027", data_copy)


def test_bad_percentage_in_national(data_copy):
    path = data_copy / "national.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",28.4,", ",28.45,", 1),
                    encoding="utf-8")
    with pytest.raises(DataError, match="højst én decimal") as info:
        load_national("KV21", data_copy)
    assert (info.value.row, info.value.column) == (2, "pct_published")
