"""'Kommuner uden stemmetal' counts municipalities where a list has no vote figure, including
municipalities with no rows at all (issue 11, item 6). Run on 0.2's partial data
(tests/fixtures/partial_data); on the bundled official data every figure is present."""

from __future__ import annotations

import pytest
from conftest import PARTIAL

from kkr_analysis.data import load_election
from kkr_analysis.rules.lists import region_tally


def test_kv25_hovedstaden_counts_municipalities_without_rows():
    # KV25 Hovedstaden: 29 municipalities, 22 with no votes at all ("none"), 7 partial.
    # C has a figure in all 7 partial ones: 22 without; Å in only one of them: 28 without.
    # Before: 0 for every list, beside a banner saying 22 of 29 have no votes.
    tally = region_tally(load_election("KV25", PARTIAL), "Hovedstaden")
    assert (tally.coverage.none, tally.coverage.partial) == (22, 7)
    missing = {t.list: t.votes_missing for t in tally.lists}
    assert missing["C"] == 22 and missing["A"] == 22 and missing["Å"] == 28
    assert all(t.votes_missing >= tally.coverage.none for t in tally.lists if t.kind == "party")


@pytest.mark.parametrize("election", ["KV21", "KV25"])
@pytest.mark.parametrize("region", ["Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland",
                                    "Syddanmark"])
def test_parties_counted_from_the_raw_rows(election, region):
    data = load_election(election, PARTIAL)
    tally = region_tally(data, region)
    councils = data.councils[data.councils["region"] == region]
    results = data.results[data.results["region"] == region]
    not_complete = set(councils.loc[councils["votes_coverage"] != "complete",
                                    "municipality_code"])
    for t in tally.lists:
        if t.kind != "party":
            continue
        rows = results[results["list_letter"] == t.list]
        with_figure = set(rows.loc[rows["votes"].notna(), "municipality_code"])
        empty_in_complete = set(rows.loc[rows["votes"].isna(), "municipality_code"]) \
            - not_complete
        expected = len(not_complete - with_figure) + len(empty_in_complete)
        assert t.votes_missing == expected, t.list
        assert 0 <= t.votes_missing <= len(councils)


def test_local_list_counts_only_its_own_municipality():
    tally = region_tally(load_election("KV21", PARTIAL), "Sjælland")
    assert tally.get("N (Odsherred)").votes_missing == 1


@pytest.mark.parametrize("election", ["KV21", "KV25"])
def test_official_data_has_every_figure(election):
    data = load_election(election)
    for region in data.regions:
        assert all(t.votes_missing == 0 for t in region_tally(data, region).lists)
