"""Issue 18: the bundled data is valg.dk's own count, built from data/raw by the importer; the
default method reproduces every composition KL published that the data can check."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from kkr_analysis.data import bundled_data_dir, load_election, load_published
from kkr_analysis.data.build import build_all, verify_checksums
from kkr_analysis.rules.composition import KKR_METHOD, compose, period_of, published_members
from kkr_analysis.rules.lists import region_tally

DATA = bundled_data_dir()
RAW = DATA / "raw"
KKR = ("Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland", "Syddanmark")


def kkr(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kkr_analysis.cli", *args], cwd=cwd,
                          capture_output=True, text=True)


def _regions() -> dict[int, str]:
    with open(DATA / "municipalities.csv", encoding="utf-8") as f:
        return {int(r["code"]): r["region"] for r in csv.DictReader(f)}


def _parties(election: str) -> set[str]:
    with open(DATA / election.lower() / "parties.csv", encoding="utf-8-sig") as f:
        return {r["list_letter"] for r in csv.DictReader(f)}


def independent_party_votes(election: str) -> dict[tuple[str, str], int]:
    """Votes per (region, party letter), summed straight from valg.dk's files with the csv and
    json modules — not the project's reader."""
    regions = _regions()
    names = {}
    with open(DATA / "municipalities.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            names[r["municipality"].lower()] = int(r["code"])
    parties = _parties(election)
    totals: Counter = Counter()
    if election == "KV21":
        for path in sorted((RAW / "kv21" / "valgdk-csv").glob("*.csv")):
            municipality = path.name.split("_")[2].lower()
            region = regions[names[municipality]]
            with open(path, encoding="utf-8-sig", newline="") as f:
                for row in csv.DictReader(f, delimiter=";"):
                    if row["Bogstavbetegnelse"] in parties:
                        totals[region, row["Bogstavbetegnelse"]] += int(row["Stemmetal"])
    else:
        for path in sorted((RAW / "kv25" / "valgdk-json" / "valgresultater").glob("*.json")):
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
            region = regions[data["Kommunekode"]]
            for item in data["Kandidatlister"]:
                if item["Bogstavbetegnelse"] in parties:
                    totals[region, item["Bogstavbetegnelse"]] += item["Stemmer"]
    return dict(totals)


def test_raw_files_match_their_checksums():
    assert verify_checksums() == []
    assert len(list((RAW / "kv21" / "valgdk-csv").glob("*.csv"))) == 98
    assert len(list((RAW / "kv25" / "valgdk-json" / "valgresultater").glob("*.json"))) == 1314
    assert len(list((RAW / "kv25" / "valgdk-json" / "mandatfordeling").glob("*.json"))) == 98


def test_bundled_tables_are_a_rebuild_of_raw():
    """`kkr data build --check`: the processed tables are exactly what the importer makes."""
    assert build_all(check=True) == []


@pytest.mark.parametrize("election", ["KV21", "KV25"])
def test_every_kkr_party_votes_equal_valgdk_sums(election):
    expected = independent_party_votes(election)
    data = load_election(election)
    for region in KKR:
        tally = region_tally(data, region)
        got = {t.list: t.votes for t in tally.lists if t.kind == "party"}
        want = {p: v for (r, p), v in expected.items() if r == region}
        assert got == want, region


@pytest.mark.parametrize("election,valid,cast", [("KV21", 3_088_217, None),
                                                 ("KV25", 3_256_070, 3_311_723)])
def test_coverage_complete_official_in_all_98(election, valid, cast):
    councils = load_election(election).councils
    assert (councils["votes_coverage"] == "complete").all() and len(councils) == 98
    assert (councils["count_status"] == "final").all()
    assert int(councils["valid_votes"].sum()) == valid
    if cast is None:
        assert councils["cast_votes"].isna().all()
    else:
        assert int(councils["cast_votes"].sum()) == cast
    tally = region_tally(load_election(election), "Hovedstaden")
    assert tally.coverage.describe_da().startswith(
        "officielle, fuldstændige stemmetal fra valg.dk for alle 29 kommuner (fintælling)")


def test_kv21_seats_add_up_or_say_so():
    results = load_election("KV21").results
    councils = load_election("KV21").councils.set_index("municipality_code")
    raw = pd.read_csv(DATA / "kv21" / "councils.csv", dtype=str, keep_default_na=False)
    notes = dict(zip(raw["municipality_code"].astype(int), raw["seats_note"]))
    for code, group in results.groupby("municipality_code"):
        known = int(group["seats"].sum())
        if group["seats"].isna().any():
            assert notes[code].startswith("seats incomplete"), code
            assert known < int(councils.loc[code, "council_seats"])
        else:
            assert known == int(councils.loc[code, "council_seats"]), code
            assert notes[code] == ""
    gribskov = results[results["municipality"] == "Gribskov"]
    assert {"nytgribskov"} == set(gribskov.loc[gribskov["list_letter"] == "E", "list_name"])
    assert "G" not in set(gribskov.loc[gribskov["seats"].fillna(0) > 0, "list_letter"])


def test_kv25_seats_from_valgdk_seat_files():
    results = load_election("KV25").results
    assert int(results["seats"].sum()) == 2432 and results["seats"].notna().all()


def test_kv25_mayor_of_ringkobing_skjern_settled_with_a_source():
    raw = pd.read_csv(DATA / "kv25" / "councils.csv", dtype=str, keep_default_na=False)
    row = raw[raw["municipality"] == "Ringkøbing-Skjern"].iloc[0]
    assert row["mayor_list"] == "V" and "dknyt.dk" in row["source"] and row["mayor_note"]


def test_mayor_status_confirmed_only_by_a_source_dated_after_the_constituent_meetings():
    """KV25: ``confirmed`` needs a source dated on or after 1 December 2025 (the constituent
    meetings were 1-15 December), its date in ``mayor_source_date``; election-night lists,
    pre-December news and undated pages leave a mayor ``unconfirmed``. KV21: all confirmed."""
    kv25 = load_election("KV25").councils.set_index("municipality")
    raw = pd.read_csv(DATA / "kv25" / "councils.csv", dtype=str,
                      keep_default_na=False).set_index("municipality")
    assert set(kv25["mayor_status"]) == {"confirmed", "unconfirmed"}
    confirmed = raw["mayor_status"] == "confirmed"
    assert (raw.loc[confirmed, "mayor_source_date"] >= "2025-12-01").all()
    assert (raw.loc[~confirmed, "mayor_source_date"] == "").all()
    slagelse = kv25.loc["Slagelse", ["mayor_name", "mayor_list", "mayor_status"]].tolist()
    assert slagelse == ["Knud Vincents", "V", "confirmed"]  # not DF's Brodersen (dropped 4 Dec)
    assert kv25.loc["Ringkøbing-Skjern", "mayor_status"] == "unconfirmed"  # vote not found
    assert (load_election("KV21").councils["mayor_status"] == "confirmed").all()


def test_kv25_party_register_has_evidence_per_party_and_one_assumption():
    raw = pd.read_csv(DATA / "kv25" / "parties.csv", dtype=str, keep_default_na=False)
    assert set(raw["status"]) == {"evidence"}
    assert raw["source"].str.contains("denstoredanske.lex.dk/folketingsvalg_2022").all()
    note = load_election("KV25").party_assumption
    assert note.startswith("assumption:") and "Kristendemokraterne" in note
    assert "denstoredanske" not in note and "elected to the Folketing" not in note  # evidence


def _election_of_period(period: str) -> str | None:
    for election in ("KV21", "KV25"):
        if period_of(election) == period:
            return election
    return None


def test_every_published_composition_against_the_default():
    """Every row of kl_published.csv: per-list rows are reproduced exactly by the default
    method; totals rows whose election's votes the data does not hold are named as such."""
    published = load_published()
    checked = 0
    for (_body, period, region), rows in published.groupby(["body", "period", "region"]):
        election = _election_of_period(period)
        if election is None:
            assert period == "2018-2022"  # KV17: no votes in the data; cannot be checked
            continue
        comp = compose(region_tally(load_election(election), region))
        assert comp.method == KKR_METHOD == "sainte-lague"
        got = {r.list: (r.mayors, r.total) for r in comp.rows if r.total}
        want = {r.list_letter: (int(r.mayors), int(r.total))
                for r in rows.itertuples() if r.list_letter and int(r.total)}
        assert got == want
        assert published_members(published, region, election) == {
            k: v[1] for k, v in want.items()}
        checked += 1
    assert checked == 1


def test_dhondt_does_not_reproduce_kl_hovedstaden_but_hare_does():
    tally = region_tally(load_election("KV21"), "Hovedstaden")
    seats = {m: {r.list: r.total for r in compose(tally, m).rows if r.total}
             for m in ("dhondt", "sainte-lague", "hare")}
    kl = {"A": 17, "B": 5, "C": 13, "D": 2, "F": 5, "O": 2, "V": 6, "Ø": 8}
    assert seats["sainte-lague"] == seats["hare"] == kl
    assert seats["dhondt"]["C"] == 14 and seats["dhondt"]["D"] == 1


def test_cli_hovedstaden_prints_kl_table_exactly():
    out = kkr("composition", "--election", "KV21", "--kkr", "Hovedstaden", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = {r["list"]: r for r in csv.DictReader(out.stdout.splitlines())}
    members = {k: int(r["total"]) for k, r in rows.items() if int(r["total"])}
    mayors = {k: int(r["mayors"]) for k, r in rows.items() if int(r["mayors"])}
    assert members == {"A": 17, "B": 5, "C": 13, "D": 2, "F": 5, "O": 2, "V": 6, "Ø": 8}
    assert mayors == {"A": 17, "C": 9, "F": 1, "V": 2}
    table = kkr("composition", "--election", "KV21", "--kkr", "Hovedstaden")
    assert "officielle, fuldstændige stemmetal fra valg.dk for alle 29 kommuner" in table.stdout


def test_all_five_kkr_in_kl_layout():
    out = kkr("composition", "--all", "--election", "KV21")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("KKR ") >= 5
    block = out.stdout.split("KKR Hovedstaden")[1].split("KKR ")[0]
    lines = {line.split()[0]: line.split()[1:] for line in block.splitlines()
             if line.startswith(("I alt", "Borgmestre", "Supplerende"))}
    assert lines["I"] == ["alt", "17", "5", "13", "2", "5", "2", "6", "8", "58"]
    assert lines["Borgmestre"] == ["17", "0", "9", "0", "1", "0", "2", "0", "29"]
    csv_out = kkr("composition", "--all", "--election", "KV25", "--format", "csv")
    frame = pd.read_csv(pd.io.common.StringIO(csv_out.stdout))
    assert set(frame["kkr"]) == set(KKR)
    east = kkr("composition", "--all", "--election", "KV25", "--regions", "2027")
    assert "KKR Østdanmark" in east.stdout and east.returncode == 0


def test_kv25_json_folder_imports_into_a_fresh_folder_with_the_same_compositions(tmp_path):
    out = kkr("import", "valgdk", str(RAW / "kv25" / "valgdk-json"), "--out",
              str(tmp_path / "d"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "fintælling" in out.stdout and "98" not in out.stderr
    fresh = load_election("KV25", tmp_path / "d")
    bundled = load_election("KV25")
    for region in KKR:
        a = compose(region_tally(fresh, region))
        b = compose(region_tally(bundled, region))
        assert a.seats() == b.seats() and a.size == b.size


def test_any_election_name_works_for_a_users_folder(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("raw", "crosscheck", "kv25"))
    (folder / "kv21").rename(folder / "t1")
    for args in (["composition", "--kkr", "Hovedstaden"], ["chair", "--kkr", "Hovedstaden"],
                 ["appoint", "--kkr", "Hovedstaden", "--members", "published", "--for", "C"]):
        out = kkr(*args, "--election", "T1", "--data-dir", str(folder))
        assert out.returncode in (0, 2), out.stderr
        assert "intern fejl" not in out.stderr
    assert period_of("kv2021-test").startswith("ukendt periode")


def test_threshold_is_taken_of_cast_votes_where_the_data_holds_them():
    """kkr.threshold_base: B has exactly 2 % of the valid votes; ten blank ballots put it
    under 2 % of the cast votes (KL's love § 15, stk. 2: "de afgivne stemmer")."""
    from dataclasses import replace

    from conftest import tally

    valid = tally(30, ("A", 980, 30, 30), ("B", 20, 1, 0))
    assert compose(valid).seats()["B"] >= 1
    cast = replace(valid, other_cast_votes=10)
    assert cast.threshold_votes == 1010
    comp = compose(cast)
    assert comp.seats()["B"] == 0
    assert "af de afgivne stemmer" in next(r.reason for r in comp.rows if r.list == "B")


def test_kv25_mayors_against_the_crosscheck():
    """data/crosscheck (cykelsmed/valgdata, party names): 96 of 97 agree; Ringkøbing-Skjern is
    settled with a dated source (mayor_note), never taken from the compilation."""
    letters = {"Socialdemokratiet": "A", "Radikale Venstre": "B", "Konservative": "C",
               "Socialistisk Folkeparti": "F", "Liberal Alliance": "I", "Venstre": "V",
               "Danmarksdemokraterne": "Æ", "Slesvigsk Parti": "S"}
    check = pd.read_csv(DATA / "crosscheck" / "kv25_mayors_cykelsmed.csv", dtype=str)
    councils = load_election("KV25").councils.set_index("municipality")
    differ = sorted(r.Kommune for r in check.itertuples()
                    if councils.loc[r.Kommune, "mayor_list"] != letters[r.Parti])
    assert len(check) == 97 and differ == ["Ringkøbing-Skjern"]
