"""The data layer: tidy loaders, and every bad file refused with file, row and column named."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import digest

from kkr_analysis.data import (
    load_cooperations,
    load_councils,
    load_election,
    load_municipalities,
    load_parties,
    load_region_votes,
    load_results,
)
from kkr_analysis.errors import DataError
from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.lists import region_tally, tally_from_region_votes


def test_bundled_loaders_are_tidy():
    munis = load_municipalities()
    assert len(munis) == 98 and munis["region"].nunique() == 5
    results = load_results("KV21")
    assert list(results.columns) == ["election", "region", "municipality_code", "municipality",
                                     "list_letter", "list_name", "votes", "seats"]
    assert str(results["votes"].dtype) == "Int64" and results["votes"].notna().all()
    assert str(results["seats"].dtype) == "Int64"  # <NA>: seats no source gives (seats_note)
    cph = results[results["municipality"] == "København"]
    assert int(cph["votes"].sum()) == 307_190  # the official valg.dk total
    councils = load_councils("KV21")
    assert len(councils) == 98 and councils["mayor_list"].ne("").all()
    assert set(load_parties("KV21")["list_letter"]) == set("ABCDFGIKOVØÅ")
    assert load_cooperations("KV21").empty


def test_missing_optional_files_mean_none(data_copy):
    (data_copy / "kv21" / "parties.csv").unlink()
    (data_copy / "kv21" / "list_cooperations.csv").unlink()
    assert load_parties("KV21", data_copy).empty and load_cooperations("KV21", data_copy).empty


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


CPH_OE = "KV21,Hovedstaden,101,København,Ø,Enhedslisten - De Rød-Grønne,75698"


@pytest.mark.parametrize(
    "name,edit,column,message",
    [
        ("missing column", ("election,region,municipality_code", "election,region,code"),
         "municipality_code", "mangler kolonne"),
        ("decimal votes", (CPH_OE, CPH_OE[:-5] + "75698.5"), "votes", "ikke et ikke-negativt helt"),
        ("negative votes", (CPH_OE, CPH_OE[:-5] + "-75698"), "votes", "negativt tal"),
        ("thousands separator", (CPH_OE, CPH_OE[:-5] + '"75.698"'), "votes", "tusindtalsseparator"),
        ("ukendt kommune", (CPH_OE, CPH_OE.replace(",101,", ",999,")), "municipality_code",
         "ukendt kommune"),
        ("ukendt region", (CPH_OE, CPH_OE.replace("Hovedstaden", "Vestjylland")), "region",
         "ukendt region"),
        ("seats above council size", (CPH_OE + ",,15", CPH_OE + ",,45"), "seats",
         "medlemmer i kommunalbestyrelsen"),
    ],
)
def test_bad_results_file_names_file_row_and_column(data_copy, name, edit, column, message):
    path = data_copy / "kv21" / "results.csv"
    row = _line_of(path, edit[0])
    _edit(path, *edit)
    before = digest(data_copy)
    with pytest.raises(DataError) as info:
        load_election("KV21", data_copy)
    err = info.value
    assert err.path == path and err.column == column and message in str(err)
    assert str(path) in str(err) and f"kolonne {column!r}" in str(err)
    if name != "seats above council size":
        assert err.row == row
    assert digest(data_copy) == before  # nothing on disk changed


def test_duplicate_municipality_list_row(data_copy):
    path = data_copy / "kv21" / "results.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")
    with pytest.raises(DataError, match=r"række gentaget .* står allerede i række 2") as info:
        load_results("KV21", data_copy)
    assert (info.value.row, info.value.column) == (len(lines) + 1, "list_letter")


def test_empty_file(data_copy):
    path = data_copy / "kv21" / "councils.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="tom") as info:
        load_councils("KV21", data_copy)
    assert info.value.path == path


def test_header_only_results_file(data_copy):
    path = data_copy / "kv21" / "results.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="ingen datarækker"):
        load_results("KV21", data_copy)


def test_latin1_file_is_refused_clearly(data_copy):
    path = data_copy / "municipalities.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(DataError, match="UTF-8"):
        load_municipalities(data_copy)


def test_wrong_separator_hint(data_copy):
    path = data_copy / "municipalities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    with pytest.raises(DataError, match="skilletegnet"):
        load_municipalities(data_copy)


def test_bad_coverage_value(data_copy):
    path = data_copy / "kv21" / "councils.csv"
    _edit(path, ",A,complete,", ",A,full,")
    with pytest.raises(DataError) as info:
        load_councils("KV21", data_copy)
    assert info.value.column == "votes_coverage" and info.value.row == 2


def test_bad_mayor_status_value(data_copy):
    path = data_copy / "kv21" / "councils.csv"
    _edit(path, ",confirmed,", ",maybe,")
    with pytest.raises(DataError) as info:
        load_councils("KV21", data_copy)
    assert info.value.column == "mayor_status" and info.value.row == 2


def test_councils_without_mayor_status_load_with_it_not_stated(data_copy):
    import pandas as pd

    path = data_copy / "kv21" / "councils.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=["mayor_status"]).to_csv(path, index=False)
    assert (load_councils("KV21", data_copy)["mayor_status"] == "").all()


def test_list_cooperation_pools_local_lists(data_copy):
    # Make Dragør's T and Glostrup's U (both local lists with council seats) a cooperation.
    coop = data_copy / "kv21" / "list_cooperations.csv"
    coop.write_text(
        "cooperation,cooperation_name,municipality,list_letter\n"
        "LLD,Lokallisterne i Danmark,Dragør,T\nLLD,Lokallisterne i Danmark,Glostrup,U\n",
        encoding="utf-8")
    tally = region_tally(load_election("KV21", data_copy), "Hovedstaden")
    lld = tally.get("LLD")
    assert (lld.kind, lld.votes, lld.council_seats) == ("cooperation", 1553 + 854, 3 + 2)
    comp = compose(tally)
    row = next(r for r in comp.rows if r.list == "LLD")
    assert not row.eligible and "under 2 %" in row.reason  # 2,407 votes ≪ 2 %


def test_region_votes_given_directly(tmp_path):
    # KL's "stemmetal" for a region can replace the municipal rows; mayors still come from data.
    path = tmp_path / "stemmetal.csv"
    path.write_text("list,votes,council_seats\nA,1000,10\nC,800,8\nV,200,2\nTOTAL,2000,\n",
                    encoding="utf-8")
    data = load_election("KV21")
    tally = tally_from_region_votes(data, "Hovedstaden", load_region_votes(path))
    assert tally.total_votes == 2000 and tally.get("F").mayors == 1
    assert tally.coverage.complete == 29
    comp = compose(tally)
    assert sum(r.mayors for r in comp.rows) == 29


def test_region_votes_bad_file(tmp_path):
    path = tmp_path / "stemmetal.csv"
    path.write_text("list,votes\nA,1000\nC,eight hundred\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_region_votes(path)
    assert (info.value.row, info.value.column) == (3, "votes")


def test_election_folder_may_be_upper_case(data_copy):
    (data_copy / "kv21").rename(data_copy / "KV21")
    assert len(load_results("KV21", data_copy)) > 700
