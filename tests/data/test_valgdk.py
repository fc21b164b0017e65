"""Importing official valg.dk exports: the real København file, a corpus of malformed
variants (each imports correctly or fails naming file, row and column, writing nothing), and
hypothesis round-trips."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from conftest import PARTIAL, digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkr_analysis.cli import main
from kkr_analysis.data import bundled_data_dir, load_election, load_municipalities
from kkr_analysis.data.store import import_into
from kkr_analysis.data.valgdk import read_valgdk, read_valgdk_files
from kkr_analysis.errors import DataError
from kkr_analysis.rules.composition import compose
from kkr_analysis.rules.lists import region_tally

REAL = bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv"
MUNIS = load_municipalities()
BOM = "\ufeff"


def real_text() -> str:
    return REAL.read_text(encoding="utf-8-sig")


def test_real_koebenhavn_export():
    f = read_valgdk(REAL, MUNIS)
    assert (f.municipality, f.municipality_code) == ("København", 101)
    assert f.total_votes == 307_190 and len(f.lists) == 27
    ddp = f.lists[f.lists["list_name"] == "Det Demokratiske Parti"].iloc[0]
    assert (ddp["list_letter"], ddp["votes"]) == ("", 144)  # the list without a letter is kept
    oe = f.lists[f.lists["list_letter"] == "Ø"].iloc[0]
    assert (oe["list_votes"], oe["personal_votes"], oe["votes"]) == (36390, 39308, 75698)
    assert f.areas["votes"].sum() == 307_190 and f.areas["area"].nunique() > 40


def test_import_writes_bundled_layout_and_second_import_is_noop(tmp_path):
    out = tmp_path / "mydata"
    first = import_into(read_valgdk_files([REAL], MUNIS), "KV21", out)
    assert first.changed
    before = digest(out)
    results = load_election("KV21", out).results
    cph = results[results["municipality_code"] == 101]
    assert int(cph["votes"].sum()) == 307_190 and len(cph) == 27
    assert int(cph["seats"].sum()) == 55  # seats carried over from the base data
    second = import_into(read_valgdk_files([REAL], MUNIS), "KV21", out)
    assert not second.changed and digest(out) == before


def test_import_raises_coverage_of_a_partial_municipality(tmp_path):
    # Make København "partial" in a copy of 0.2's partial data (only lists with seats, no
    # total), then import the official file into it: coverage goes from 0 to 1 complete.
    data_copy = tmp_path / "partial"
    shutil.copytree(PARTIAL, data_copy)
    councils = data_copy / "kv21" / "councils.csv"
    text = councils.read_text(encoding="utf-8")
    councils.write_text(text.replace(",55,307190,Sophie Hæstorp Andersen,A,complete,",
                                     ",55,,Sophie Hæstorp Andersen,A,partial,"), encoding="utf-8")
    results = data_copy / "kv21" / "results.csv"
    with results.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [r for r in rows if not (r[2] == "101" and r[8] == "0")]  # drop lists without seats
    with results.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)
    partial = compose(region_tally(load_election("KV21", data_copy), "Hovedstaden"))
    assert partial.coverage.complete == 0
    out = tmp_path / "imported"
    import_into(read_valgdk_files([REAL], MUNIS), "KV21", out, base_dir=data_copy)
    full = compose(region_tally(load_election("KV21", out), "Hovedstaden"))
    assert full.coverage.complete == 1
    assert full.total_votes > partial.total_votes


def test_cli_import_prints_reconciliation_and_plugs_into_composition(tmp_path, capsys):
    out = tmp_path / "d"
    assert main(["import", "valgdk", "--election", "KV21", str(REAL), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "307.190 gyldige stemmer" in printed and "75.698" in printed and "Skrev" in printed
    assert main(["import", "valgdk", "--election", "KV21", str(REAL), "--out", str(out)]) == 0
    assert "Ingen ændring" in capsys.readouterr().out
    assert main(["composition", "--kkr", "Hovedstaden", "--data-dir", str(out),
                 "--format", "csv", "--election", "KV21"]) == 0
    assert capsys.readouterr().out.startswith("list,votes,share")


def test_dry_run_writes_nothing(tmp_path, capsys):
    before = digest(bundled_data_dir())
    assert main(["import", "valgdk", "--election", "KV21", str(REAL)]) == 0
    assert "Prøvekørsel" in capsys.readouterr().out
    assert digest(bundled_data_dir()) == before


# ---- the corpus of variants ------------------------------------------------------------------

def _lines() -> list[str]:
    return real_text().splitlines()


def _replace_line(index: int, new: str) -> str:
    lines = _lines()
    lines[index] = new
    return BOM + "\n".join(lines) + "\n"


def _field(index: int, column: int, value: str) -> str:
    parts = _lines()[index].split(";")
    parts[column] = value
    return _replace_line(index, ";".join(parts))


GOOD = {
    "no BOM": lambda: real_text(),
    "BOM twice": lambda: BOM + BOM + real_text(),
    "extra column": lambda: BOM + "\n".join(ln + ";x" for ln in _lines()) + "\n",
    "blank lines": lambda: BOM + "\n\n".join(_lines()) + "\n\n\n",
    "CRLF line ends": lambda: BOM + "\r\n".join(_lines()) + "\r\n",
    "spaces around fields": lambda: BOM + "\n".join(
        ";".join(f" {p} " for p in ln.split(";")) for ln in _lines()) + "\n",
}

# name → (file text, expected row, expected column, words in the message)
BAD = {
    "comma separator": (lambda: BOM + real_text().replace(";", ","), 1, None, "adskilt af ';'"),
    "tab separator": (lambda: BOM + real_text().replace(";", "\t"), 1, None, "'\\t'"),
    "missing column": (lambda: BOM + "\n".join(ln.rsplit(";", 1)[0] for ln in _lines()),
                       1, "Stemmetal", "mangler"),
    "renamed column": (lambda: BOM + real_text().replace("Stemmetal", "Stemmer", 1), 1,
                       "Stemmetal", "mangler"),
    "empty file": (lambda: "", None, None, "tom"),
    "only a BOM": (lambda: BOM, None, None, "tom"),
    "header only": (lambda: BOM + _lines()[0] + "\n", 2, None, "ingen datarækker"),
    "negative votes": (lambda: _field(5, 4, "-12"), 6, "Stemmetal", "'-12'"),
    "decimal votes": (lambda: _field(5, 4, "12.5"), 6, "Stemmetal", "ingen decimaler"),
    "thousands separator": (lambda: _field(5, 4, "1.234"), 6, "Stemmetal", "tusindtalsseparator"),
    "empty votes": (lambda: _field(7, 4, ""), 8, "Stemmetal", "helt antal stemmer"),
    "truncated last line": (lambda: BOM + "\n".join(_lines()[:-1] + [
        _lines()[-1].rsplit(";", 2)[0]]), len(_lines()), "Navn",
        "for få felter"),
    "too many fields": (lambda: _replace_line(9, _lines()[9] + ";1;2"), 10, None,
                        "felter, hvor overskriften har"),
    "duplicate row": (lambda: BOM + "\n".join(_lines() + [_lines()[3]]) + "\n",
                      len(_lines()) + 1, "Navn", "række gentaget"),
    "unknown list letter": (lambda: _field(2, 1, "AB"), 3, "Bogstavbetegnelse", "'AB'"),
    "digit as list letter": (lambda: _field(2, 1, "1"), 3, "Bogstavbetegnelse", "listebogstav"),
    "same letter two names": (lambda: _field(2, 2, "Socialdemokraterne"), 3, "Listenavn",
                              "et andet end"),
    "empty candidate name": (lambda: _field(2, 3, ""), 3, "Navn", "tomt navn"),
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_variant_with_plain_meaning_imports_correctly(tmp_path, name):
    path = tmp_path / "koebenhavn.csv"
    path.write_text(GOOD[name](), encoding="utf-8", newline="")
    f = read_valgdk(path, MUNIS)
    assert f.total_votes == 307_190 and len(f.lists) == 27


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_variant_fails_clearly_and_writes_nothing(tmp_path, name):
    make, row, column, words = BAD[name]
    path = tmp_path / "koebenhavn.csv"
    path.write_text(make(), encoding="utf-8", newline="")
    before = path.read_bytes()
    out = tmp_path / "out"
    with pytest.raises(DataError) as info:
        import_into(read_valgdk_files([path], MUNIS), "KV21", out)
    err = info.value
    assert err.path == path and str(path) in str(err)
    assert words in str(err)
    assert err.row == row and err.column == column
    assert not out.exists() and path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["koebenhavn.csv"]


def test_latin1_export_fails_naming_the_line(tmp_path):
    path = tmp_path / "koebenhavn.csv"
    path.write_bytes(real_text().encode("cp1252"))
    with pytest.raises(DataError, match="ikke UTF-8") as info:
        read_valgdk(path, MUNIS)
    assert info.value.row == 1  # "Afstemningsområde" in the header holds the first "å"


def test_unknown_municipality_in_file_name(tmp_path):
    path = tmp_path / "atlantis.csv"
    path.write_text(real_text(), encoding="utf-8")
    with pytest.raises(DataError, match="municipality"):
        read_valgdk(path, MUNIS)
    with pytest.raises(DataError, match="ikke en af de 98"):
        read_valgdk(path, MUNIS, "Atlantis")
    assert read_valgdk(path, MUNIS, "101").municipality == "København"


def test_two_files_for_one_municipality(tmp_path):
    a, b = tmp_path / "koebenhavn.csv", tmp_path / "København-2.csv"
    for p in (a, b):
        p.write_text(real_text(), encoding="utf-8")
    with pytest.raises(DataError, match="en fil mere for København") as info:
        read_valgdk_files([a, b], MUNIS)
    assert info.value.path == b


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "koebenhavn.csv"
    with path.open("wb") as handle:  # a sparse 200 MB file: costs no disk
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(DataError, match="200 MiB"):
        read_valgdk(path, MUNIS)


def test_export_for_a_municipality_missing_from_base_seats(tmp_path):
    # Struer had no result rows in 0.2's KV21 data: its official export imports, every list's
    # seats unknown (empty, never 0), and the summary says so.
    [path] = (bundled_data_dir() / "raw" / "kv21" / "valgdk-csv").glob("*Struer*.csv")
    summary = import_into(read_valgdk_files([path], MUNIS), "KV21", tmp_path / "out",
                          base_dir=PARTIAL)
    assert any("Struer: mandaterne er ukendte" in n for n in summary.notes)
    struer = load_election("KV21", tmp_path / "out").results.query("municipality == 'Struer'")
    assert len(struer) > 3 and struer["seats"].isna().all() and struer["votes"].notna().all()


def test_read_only_source_gives_writable_copy(tmp_path, data_copy):
    for p in [data_copy, *data_copy.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    out = tmp_path / "out"
    import_into(read_valgdk_files([REAL], MUNIS), "KV21", out, base_dir=data_copy)
    assert os.access(out / "kv21" / "results.csv", os.W_OK)


# ---- hypothesis: random valid exports round-trip ---------------------------------------------

letters = st.sampled_from(list("ABCDFIKOVØÅÆ"))
export = st.dictionaries(
    letters,
    st.tuples(st.lists(st.integers(0, 5000), min_size=1, max_size=4),  # per area list votes
              st.lists(st.tuples(st.text("abcdefghij", min_size=1, max_size=8),
                                 st.integers(0, 3000)), max_size=3, unique_by=lambda t: t[0])),
    min_size=1, max_size=6)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(export, st.integers(1, 4))
def test_random_valid_exports_round_trip(tmp_path, lists, areas):
    lines = [";".join(("Afstemningsområde", "Bogstavbetegnelse", "Listenavn", "Navn",
                       "Stemmetal"))]
    expected = {}
    for letter, (list_votes, candidates) in lists.items():
        total = 0
        for a in range(areas):
            v = list_votes[a % len(list_votes)]
            lines.append(f"{a + 1}. Område;{letter};Liste {letter};Listestemmer;{v}")
            total += v
            for name, pv in candidates:
                lines.append(f"{a + 1}. Område;{letter};Liste {letter};{name};{pv}")
                total += pv
        expected[letter] = total
    path = tmp_path / "vejle.csv"
    path.write_text(BOM + "\n".join(lines) + "\n", encoding="utf-8")
    f = read_valgdk(path, MUNIS)
    assert dict(zip(f.lists["list_letter"], f.lists["votes"])) == expected
    assert f.total_votes == sum(expected.values()) == int(f.areas["votes"].sum())


def test_import_leaves_input_untouched(tmp_path):
    before = REAL.read_bytes()
    import_into(read_valgdk_files([REAL], MUNIS), "KV21", tmp_path / "o")
    assert REAL.read_bytes() == before
    assert Path(REAL).stat().st_size == len(before)
