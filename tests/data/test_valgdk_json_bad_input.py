"""valg.dk's JSON open data whose claims disagree: election type, election day, municipality
(code, name, file name), seat files that cannot be a council, JSON the parser must not trust,
unreadable files and folders — and a dry run that runs every check ``--out`` runs.

Each case is refused with one Danish line naming the file (never a staging file), exit 2, and
nothing written; the good files still import (tests/data/test_valgdk_json.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import digest
from hardening_cases import assert_clear_error, run_cli

from kkr_analysis.data import bundled_data_dir, load_municipalities
from kkr_analysis.data.store import plan_import
from kkr_analysis.data.valgdk import read_valgdk_paths
from kkr_analysis.errors import DataError

JSON = bundled_data_dir() / "raw" / "kv25" / "valgdk-json"
SEATS = JSON / "mandatfordeling" / "mandatfordeling-Kommunalvalg-Fanø.json"
AREAS = sorted((JSON / "valgresultater").glob("valgresultater-Kommunalvalg-Fanø_Kommune-*.json"))
MUNIS = load_municipalities()


def load(path: Path) -> dict:
    return json.loads(path.read_bytes().decode("utf-8-sig"))


def save(path: Path, data: dict) -> Path:
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode())
    return path


@pytest.fixture
def fano(tmp_path: Path) -> Path:
    """Fanø's two polling-area files and its seat file, copied."""
    folder = tmp_path / "fano"
    folder.mkdir()
    for path in [*AREAS, SEATS]:
        shutil.copyfile(path, folder / path.name)
    return folder


def change(folder: Path, edit, *names: str) -> None:
    """Apply ``edit`` to the named files in ``folder`` (default: every file there)."""
    for path in sorted(folder.iterdir()):
        if not names or path.name in names:
            data = load(path)
            edit(data)
            save(path, data)


def refused(paths: list[Path], *needles: str) -> DataError:
    with pytest.raises(DataError) as info:
        read_valgdk_paths(paths, MUNIS)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    for needle in needles:
        assert needle in message, message
    return info.value


def dry_run_and_out(capsys, tmp_path: Path, files: list[Path], *needles: str) -> None:
    """The dry run and ``--out`` both refuse with the same one line naming an input file;
    nothing is written, and no message names a staging folder."""
    before = digest(tmp_path)
    for extra in ([], ["--out", str(tmp_path / "out")]):
        code, _, err = run_cli(capsys, ["import", "valgdk", "--election", "KV25", *files,
                                        *extra], [*files])
        line = assert_clear_error(code, err, *needles)
        assert "kkr-import" not in line and "kkr-check" not in line, line
    after = {k: v for k, v in digest(tmp_path).items() if not k.endswith(".kkr-lock")}
    assert after == before  # the lock file next to --out is the only trace


# ---- Valgart ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["Regionsrådsvalg", "Folketingsvalg", "", 7])
def test_not_a_municipal_election_is_refused(fano, kind):
    change(fano, lambda d: d.update(Valgart=kind), AREAS[0].name)
    err = refused([fano], "Valgart", AREAS[0].name)
    assert err.column == "Valgart"


def test_a_seat_file_of_a_regional_election_is_refused(fano):
    change(fano, lambda d: d.update(Valgart="Regionsrådsvalg"), SEATS.name)
    refused([fano], "Kommunalvalg", SEATS.name)


# ---- Valgdag ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "words"), [
    ("18-11-1925", "ikke dagen for et kommunalvalg"),  # was read as KV25
    ("2025-11-18", "dd-mm-åååå"),  # another format: was filed under KV21
    ("17-11-2025", "ikke dagen for et kommunalvalg"),  # not the third Tuesday
    ("31-02-2025", "dd-mm-åååå"),
    (20251118, "som tekst"),
    (None, "som tekst"),
])
def test_election_day_is_parsed_strictly(fano, day, words):
    change(fano, lambda d: d.update(Valgdag=day), AREAS[0].name)
    err = refused([fano], "Valgdag", words)
    assert err.path.name == AREAS[0].name


def test_a_missing_election_day_is_refused(fano):
    change(fano, lambda d: d.pop("Valgdag"), AREAS[1].name)
    refused([fano], "Valgdag", "mangler")


def test_one_polling_area_of_2021_among_areas_of_2025_is_refused(fano, tmp_path, capsys):
    change(fano, lambda d: d.update(Valgdag="16-11-2021"), AREAS[1].name)
    code, _, err = run_cli(capsys, ["import", "valgdk", fano], [fano])
    assert_clear_error(code, err, "mere end ét valg", "KV21", "KV25")
    code, _, err = run_cli(capsys, ["import", "valgdk", "--election", "KV25", fano], [fano])
    assert_clear_error(code, err, "mere end ét valg")


def test_election_contradicting_the_files_is_refused(fano, tmp_path, capsys):
    """``--election KV21`` on files of 18-11-2025 used to write them to kv21/ in silence."""
    code, _, err = run_cli(capsys, ["import", "valgdk", "--election", "KV21", fano,
                                    "--out", tmp_path / "out"], [fano])
    assert_clear_error(code, err, "--election KV21", "KV25")
    assert not (tmp_path / "out").exists()


def test_the_election_is_read_from_valgdag(fano, tmp_path, capsys):
    code, out, _ = run_cli(capsys, ["import", "valgdk", fano, "--out", tmp_path / "o"], [fano])
    assert code == 0 and (tmp_path / "o" / "kv25" / "areas" / "563.csv").is_file(), out


def test_a_csv_export_naming_no_year_needs_the_election(tmp_path, capsys):
    """No silent KV21: a CSV export has no election day, so the user must say which."""
    export = bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv"
    code, _, err = run_cli(capsys, ["import", "valgdk", export, "--out", tmp_path / "o"],
                           [export])
    assert_clear_error(code, err, "--election")
    assert not (tmp_path / "o").exists()


def test_a_2021_export_with_election_kv25_is_refused(tmp_path, capsys):
    export = tmp_path / "Kommunalvalg_2021_København_06-11-2025 9.44.30.csv"
    shutil.copyfile(bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv", export)
    code, _, err = run_cli(capsys, ["import", "valgdk", "--election", "KV25", export], [export])
    assert_clear_error(code, err, "--election KV25", "KV21")


# ---- the municipality: code, name and file name -----------------------------------------------

def test_fano_files_with_esbjergs_code_do_not_replace_esbjerg(fano):
    """``"Kommunekode":561`` in Fanø's files replaced Esbjerg's result (council 31 → 11)."""
    change(fano, lambda d: d.update(Kommunekode=561))
    err = refused([fano], "Esbjerg", "Fanø")
    assert err.column == "Kommune"


def test_code_and_name_of_esbjerg_in_a_file_named_fano_is_refused(fano):
    def esbjerg(d: dict) -> None:
        d.update(Kommunekode=561, Kommune="Esbjerg" if "ListeMandater" in d else
                 "Esbjerg Kommune")
    change(fano, esbjerg)
    err = refused([fano], "filnavnet nævner Fanø", "Esbjerg")
    assert err.column == "Kommunekode"


def test_a_name_that_is_no_municipality_is_refused(fano):
    change(fano, lambda d: d.update(Kommune="Atlantis Kommune"), AREAS[0].name)
    refused([fano], "Atlantis", "Kommune")


def test_a_duplicated_json_key_is_refused(fano):
    """The last key won: ``"Kommunekode":563,…,"Kommunekode":101`` was København."""
    path = fano / AREAS[0].name
    text = path.read_bytes().decode("utf-8-sig").rstrip()
    path.write_bytes(b"\xef\xbb\xbf" + (text[:-1] + ', "Kommunekode": 101}').encode())
    err = refused([fano], "to gange", "Kommunekode")
    assert err.path.name == AREAS[0].name


# ---- JSON the parser must not trust -----------------------------------------------------------

def test_a_number_of_5000_digits_is_refused(fano):
    path = fano / AREAS[0].name
    text = path.read_bytes().decode("utf-8-sig")
    text = re.sub(r'"AfgivneStemmer":\s*', '"AfgivneStemmer": ' + "9" * 5000, text, count=1)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    refused([fano], "cifre", AREAS[0].name)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_too_deep_is_refused(fano, depth):
    path = fano / AREAS[0].name
    text = path.read_bytes().decode("utf-8-sig")
    deep = "[" * depth + "]" * depth
    path.write_bytes(b"\xef\xbb\xbf" + ('{"Dybt": ' + deep + ", " + text.lstrip()[1:]).encode())
    refused([fano], "lag", AREAS[0].name)


# ---- seat files -------------------------------------------------------------------------------

def test_a_seat_list_repeated_1000_times_is_refused(fano, tmp_path, capsys):
    """11,000 seats became Fanø's council size."""
    change(fano, lambda d: d.update(ListeMandater=d["ListeMandater"] * 1000), SEATS.name)
    dry_run_and_out(capsys, tmp_path, [fano], "11.000 mandater", SEATS.name)


def test_an_empty_seat_list_is_refused(fano, tmp_path, capsys):
    change(fano, lambda d: d.update(ListeMandater=[]), SEATS.name)
    dry_run_and_out(capsys, tmp_path, [fano], "0 mandater", SEATS.name)


def test_a_council_size_the_base_data_gives_is_accepted(fano, data_copy):
    """Unless the user's base data says otherwise: Fanø with 12 seats, as the base says."""
    def twelve(d: dict) -> None:
        d["ListeMandater"].append(dict(d["ListeMandater"][0]))
    change(fano, twelve, SEATS.name)
    files = read_valgdk_paths([fano], MUNIS)
    with pytest.raises(DataError, match="12 mandater"):
        plan_import(files, "KV25", data_copy)
    councils = data_copy / "kv25" / "councils.csv"
    text = councils.read_text(encoding="utf-8")
    councils.write_text(text.replace("563,Fanø,11,", "563,Fanø,12,"), encoding="utf-8")
    results, _, _ = plan_import(files, "KV25", data_copy)
    assert results.query("municipality == 'Fanø'")["seats"].astype(int).sum() == 12


def test_a_seat_file_based_on_no_polling_area_is_refused(fano):
    """``BaseretPåOptællinger: []`` let a municipality with a polling area missing through."""
    change(fano, lambda d: d.update(BaseretPåOptællinger=[]), SEATS.name)
    (fano / AREAS[0].name).unlink()
    err = refused([fano], "BaseretPåOptællinger")
    assert err.path.name == SEATS.name


def test_a_seat_file_without_its_polling_areas_field_is_refused(fano):
    change(fano, lambda d: d.pop("BaseretPåOptællinger"), SEATS.name)
    refused([fano], "BaseretPåOptællinger", "mangler")


def test_polling_areas_without_lists_are_refused(fano, capsys):
    """Every area with ``Kandidatlister: []`` (and no seat file) was an internal error."""
    (fano / SEATS.name).unlink()
    change(fano, lambda d: d.update(Kandidatlister=[], GyldigeStemmer=0))
    err = refused([fano], "Kandidatlister er tom")
    code, _, out = run_cli(capsys, ["import", "valgdk", "--election", "KV25", fano], [fano])
    assert_clear_error(code, out, "Kandidatlister")
    assert err.column == "Kandidatlister"


# ---- unreadable files and folders -------------------------------------------------------------

def test_an_unreadable_sub_folder_is_an_error_not_a_skip(fano, monkeypatch):
    """Fanø was imported from 1 of its 2 polling areas when a sub-folder could not be read
    (as root, the denial is simulated: ``os.scandir`` raises as for a folder of mode 000)."""
    (fano / SEATS.name).unlink()
    sub = fano / "nord"
    sub.mkdir()
    (fano / AREAS[1].name).rename(sub / AREAS[1].name)
    real = os.scandir

    def scandir(path=".", *args):
        if Path(path) == sub:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)
    monkeypatch.setattr(os, "scandir", scandir)
    refused([fano], "kan ikke læses", "ingen adgang", "nord")


def test_an_unreadable_area_file_is_an_error(fano, monkeypatch, capsys):
    """Was exit 70 (``PermissionError``) for a non-root user."""
    target = fano / AREAS[0].name
    real = Path.read_bytes

    def read_bytes(self):
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, _, err = run_cli(capsys, ["import", "valgdk", "--election", "KV25", fano], [])
    assert_clear_error(code, err, "ingen adgang", AREAS[0].name)


# ---- a dry run runs every check --out runs ----------------------------------------------------

def _both_areas(fano: Path, edit) -> None:
    change(fano, edit, *(p.name for p in AREAS))


def test_two_lists_with_one_letter(fano, tmp_path, capsys):
    def same_letter(d: dict) -> None:
        d["Kandidatlister"][1]["Bogstavbetegnelse"] = d["Kandidatlister"][0]["Bogstavbetegnelse"]
    _both_areas(fano, same_letter)
    dry_run_and_out(capsys, tmp_path, [fano], "to forskellige lister", "Bogstavbetegnelse")


def test_a_list_name_of_5000_characters(fano, tmp_path, capsys):
    _both_areas(fano, lambda d: d["Kandidatlister"][0].update(Navn="x" * 5000))
    dry_run_and_out(capsys, tmp_path, [fano], "5.000 tegn", AREAS[0].name)


def test_a_municipality_total_above_10_to_the_10(fano, tmp_path, capsys):
    def huge(d: dict) -> None:
        first = d["Kandidatlister"][0]
        first["Stemmer"] += 6 * 10**9
        first["Listestemmer"] += 6 * 10**9
        d["GyldigeStemmer"] += 6 * 10**9
        d["AfgivneStemmer"] += 6 * 10**9
    _both_areas(fano, huge)
    dry_run_and_out(capsys, tmp_path, [fano], "flere end ved noget virkeligt valg")


def test_a_list_named_two_ways_in_two_areas(fano):
    change(fano, lambda d: d["Kandidatlister"][0].update(Navn="Andet navn"), AREAS[1].name)
    refused([fano], "Andet navn", "i et andet afstemningsområde")


def test_the_python_api_checks_the_election_too(fano, data_copy):
    """``plan_import``/``import_into`` (the notebooks' route) refuse what ``--election`` does."""
    files = read_valgdk_paths([fano], MUNIS)
    with pytest.raises(DataError, match="KV25"):
        plan_import(files, "KV21", data_copy)


def test_a_linked_sub_folder_is_an_error_not_a_skip(fano, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (fano / SEATS.name).unlink()
    (fano / AREAS[1].name).rename(elsewhere / AREAS[1].name)
    (fano / "nord").symlink_to(elsewhere)
    refused([fano], "symbolsk link", "nord")


@pytest.mark.parametrize("name", ["Liste\nB", "Liste\u2028B", "Liste\x00B"])
def test_a_list_name_on_two_lines_is_refused(fano, name):
    """A line break inside a name would shift the written table's lines."""
    _both_areas(fano, lambda d: d["Kandidatlister"][0].update(Navn=name))
    refused([fano], "linjeskift", "Navn")


def test_municipality_option_contradicting_the_file_name_is_refused(tmp_path):
    """The CSV export's file name names a municipality; ``--municipality`` must not overrule
    it in silence (a name that names none is still given its municipality by the option)."""
    from kkr_analysis.data.valgdk import read_valgdk

    export = tmp_path / "Kommunalvalg_2021_Fanø_06-11-2025 9.44.30.csv"
    shutil.copyfile(bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv", export)
    with pytest.raises(DataError, match="filnavnet nævner Fanø"):
        read_valgdk(export, MUNIS, "Esbjerg")
    plain = tmp_path / "udtraek.csv"
    shutil.copyfile(export, plain)
    assert read_valgdk(plain, MUNIS, "101").municipality == "København"
