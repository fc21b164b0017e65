"""KL's national bodies, the KV25 period and the Region Østdanmark scenario."""

from __future__ import annotations

import csv
import io

import apportionment.methods as reference
import pytest

from kkr_analysis.cli import main
from kkr_analysis.data import load_election, load_national, load_region_mapping
from kkr_analysis.errors import DataError
from kkr_analysis.presentation.overview import all_compositions, compare_periods
from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.lists import region_tally
from kkr_analysis.rules.national import basis_check, kl_board, representative_assembly


@pytest.mark.parametrize("election", ["KV21", "KV25"])
def test_board_is_dhondt_on_the_national_result(election):
    data = load_election(election)
    board = kl_board(data)
    assert sum(board.seats.values()) == 17 and board.tie is None
    assert board.basis == "published shares (0.1 %)"  # no election has votes for every party
    national = load_national(election)
    parties = national[national["list_letter"].isin(set(data.parties["list_letter"]))]
    expected = reference.compute("dhondt", list(parties["pct_tenths"]), 17, verbose=False)
    assert [board.seats[k] for k in parties["list_letter"]] == expected


def test_board_kv21_numbers():
    # Published KV21 shares (‰): A 284, V 212, C 152, F 76, Ø 73, B 56, O 41, D 36, I 14, ...
    # The 17 largest quotients: 284 A, 212 V, 152 C, 142 A, 106 V, 94.7 A, 76 C = 76 F (both
    # seated), 73 Ø, 71 A, 70.7 V, 56.8 A, 56 B, 53 V, 50.7 C, 47.3 A, 42.4 V; next is O's 41.
    assert kl_board(load_election("KV21")).seats == {
        "A": 6, "V": 5, "C": 3, "F": 1, "Ø": 1, "B": 1, "O": 0, "D": 0, "I": 0, "K": 0, "Å": 0}


def test_votes_and_shares_agree_where_both_exist():
    check = basis_check("KV25", set(load_election("KV25").parties["list_letter"]))
    assert list(check["list"]) == ["A", "V", "C", "F", "Ø"]
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
    assert "grundlag: offentliggjorte procenter" in out and "giver det samme" in out


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
