"""valg.dk's JSON open data as a user downloads it: files and folders, checks, status."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import digest

from kkr_analysis.data import bundled_data_dir, load_election, load_municipalities
from kkr_analysis.data.store import import_into
from kkr_analysis.data.valgdk import read_valgdk_paths
from kkr_analysis.errors import DataError
from kkr_analysis.rules.lists import region_tally

JSON = bundled_data_dir() / "raw" / "kv25" / "valgdk-json"
SEATS = JSON / "mandatfordeling" / "mandatfordeling-Kommunalvalg-Fanø.json"
AREAS = sorted((JSON / "valgresultater").glob("valgresultater-Kommunalvalg-Fanø_Kommune-*.json"))
MUNIS = load_municipalities()


def kkr(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kkr_analysis.cli", *args], cwd=cwd,
                          capture_output=True, text=True)


def load(path: Path) -> dict:
    return json.loads(path.read_bytes().decode("utf-8-sig"))


def save(path: Path, data: dict) -> Path:
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode())
    return path


@pytest.fixture
def fano(tmp_path: Path) -> Path:
    """Fanø's polling-area files and seat file, copied (2 areas)."""
    folder = tmp_path / "fano"
    folder.mkdir()
    for path in [*AREAS, SEATS]:
        shutil.copyfile(path, folder / path.name)
    return folder


def test_fano_reads_with_seats_cast_votes_and_final_status(fano):
    [f] = read_valgdk_paths([fano], MUNIS)
    assert f.municipality == "Fanø" and f.count_status == "final" and f.seats_given
    assert f.cast_votes >= f.total_votes > 0
    assert int(f.lists["seats"].sum()) == len(load(SEATS)["ListeMandater"]) == 11
    assert f.total_votes == sum(load(p)["GyldigeStemmer"] for p in AREAS)


def test_whole_country_in_one_command_equals_bundled(tmp_path):
    files = read_valgdk_paths([JSON], MUNIS)
    assert len(files) == 98 and sum(f.total_votes for f in files) == 3_256_070


def test_files_and_folders_mixed_csv_and_json(tmp_path, fano):
    csv_export = bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv"
    files = read_valgdk_paths([fano, csv_export], MUNIS)
    assert {f.municipality for f in files} == {"Fanø", "København"}


def _fail(paths, match: str) -> DataError:
    with pytest.raises(DataError, match=match) as info:
        read_valgdk_paths(paths, MUNIS)
    assert "\n" not in str(info.value)
    return info.value


def test_ingen_resultater_is_refused_with_one_line(fano):
    data = load(AREAS[0])
    data["Resultatart"] = "IngenResultater"
    save(fano / AREAS[0].name, data)
    err = _fail([fano], "IngenResultater")
    assert err.path.name == AREAS[0].name and err.column == "Resultatart"


def test_preliminary_count_is_imported_and_named(tmp_path, fano):
    data = load(AREAS[0])
    data["Resultatart"] = "ForeløbigOptælling"
    save(fano / AREAS[0].name, data)
    [f] = read_valgdk_paths([fano], MUNIS)
    assert f.count_status == "preliminary"
    out = kkr("import", "valgdk", str(fano), "--out", str(tmp_path / "d"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "foreløbig optælling" in out.stdout.lower()
    tally = region_tally(load_election("KV25", tmp_path / "d"), "Syddanmark")
    assert "FORELØBIG OPTÆLLING i 1 af dem" in tally.coverage.describe_da()
    final = kkr("import", "valgdk", *map(str, [*AREAS, SEATS]), "--out", str(tmp_path / "d"),
                cwd=tmp_path)
    assert final.returncode == 0, final.stderr
    tally = region_tally(load_election("KV25", tmp_path / "d"), "Syddanmark")
    assert "FORELØBIG" not in tally.coverage.describe_da()


def test_polling_area_given_twice(fano):
    shutil.copyfile(AREAS[0], fano / "valgresultater-Kommunalvalg-Fanø_Kommune-kopi.json")
    _fail([fano], "givet to gange")


def test_polling_area_twice_under_other_spacing(fano):
    data = load(AREAS[0])
    data["AfstemningsområdeDagiId"] = 1
    data["Afstemningsområde"] = "  " + data["Afstemningsområde"].upper() + " "
    save(fano / "valgresultater-Kommunalvalg-Fanø_Kommune-x.json", data)
    _fail([fano], "givet to gange")


def test_polling_areas_incomplete_against_the_seat_file(fano):
    (fano / AREAS[0].name).unlink()
    err = _fail([fano], "incomplete")
    assert err.column == "BaseretPåOptællinger"


def test_list_votes_not_list_plus_candidates(fano):
    data = load(AREAS[0])
    data["Kandidatlister"][1]["Listestemmer"] += 1
    save(fano / AREAS[0].name, data)
    err = _fail([fano], "Listestemmer")
    assert err.column == "Kandidatlister[1].Stemmer"


def test_lists_not_adding_up_to_valid_votes(fano):
    data = load(AREAS[0])
    data["GyldigeStemmer"] += 7
    data["AfgivneStemmer"] += 7
    save(fano / AREAS[0].name, data)
    _fail([fano], "GyldigeStemmer")


@pytest.mark.parametrize("change", [
    lambda d: d.pop("Kommunekode"),
    lambda d: d.update(AfgivneStemmer="many"),
    lambda d: d.update(AfgivneStemmer=-1),
    lambda d: d.update(Kandidatlister=None),
    lambda d: d["Kandidatlister"][0].update(Bogstavbetegnelse="ab"),
    lambda d: d["Kandidatlister"][0]["Kandidater"].append("x"),
    lambda d: d.update(GyldigeStemmer=10**9),
])
def test_malformed_fields_name_file_and_field(fano, change):
    data = load(AREAS[0])
    change(data)
    save(fano / AREAS[0].name, data)
    err = _fail([fano], ".")
    assert err.path.name == AREAS[0].name


def test_not_json_and_unknown_name(fano, tmp_path):
    (fano / AREAS[0].name).write_bytes(b"\xef\xbb\xbf{not json")
    _fail([fano], "ugyldig JSON")
    other = tmp_path / "resultat.json"
    other.write_text("{}")
    _fail([other], "valgresultater")


def test_municipality_missing_from_base_gets_seats_from_seat_file(tmp_path, data_copy):
    """A base data folder without any row for Fanø: seats come from the seat file; without it
    the seats are unknown (empty), never 0."""
    import pandas as pd

    results = data_copy / "kv25" / "results.csv"
    frame = pd.read_csv(results, dtype=str, keep_default_na=False)
    frame[frame["municipality"] != "Fanø"].to_csv(results, index=False, lineterminator="\n")
    councils = data_copy / "kv25" / "councils.csv"
    c = pd.read_csv(councils, dtype=str, keep_default_na=False)
    c.loc[c["municipality"] == "Fanø", "mayor_list"] = ""
    c.to_csv(councils, index=False, lineterminator="\n")
    summary = import_into(read_valgdk_paths(AREAS + [SEATS], MUNIS), "KV25",
                          tmp_path / "with", data_copy)
    fano = load_election("KV25", tmp_path / "with").results.query("municipality == 'Fanø'")
    assert int(fano["seats"].sum()) == 11
    summary = import_into(read_valgdk_paths(AREAS, MUNIS), "KV25", tmp_path / "without",
                          data_copy)
    fano = load_election("KV25", tmp_path / "without").results.query("municipality == 'Fanø'")
    assert fano["seats"].isna().all()
    assert any("mandaterne er ukendte" in n for n in summary.notes)


def test_bad_json_writes_nothing(tmp_path, fano, data_copy):
    data = load(AREAS[0])
    data["GyldigeStemmer"] += 1
    save(fano / AREAS[0].name, data)
    before = digest(tmp_path)
    out = kkr("import", "valgdk", str(fano), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert out.returncode == 2 and "GyldigeStemmer" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert digest(tmp_path) == before


def test_a_folder_reads_only_valgdk_files_and_says_which_it_left(tmp_path, fano):
    (fano / "README.md").write_text("notes")
    (fano / "mine.csv").write_text("list,votes\nA,1\n")
    skipped: list[Path] = []
    [f] = read_valgdk_paths([fano], MUNIS, skipped=skipped)
    assert f.municipality == "Fanø" and sorted(p.name for p in skipped) == ["README.md",
                                                                            "mine.csv"]
    out = kkr("import", "valgdk", str(fano), cwd=tmp_path)
    assert out.returncode == 0 and "2 filer" in out.stdout and "mine.csv" in out.stdout
    with pytest.raises(DataError):  # named on its own, a file is read and refused
        read_valgdk_paths([fano / "mine.csv"], MUNIS)
