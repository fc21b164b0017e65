"""Hardening corpus, part 3 (issue 20): confinement, formula-safe CSV and writes inside --out.

Found before the fix: ``load_election('../../x')`` and the app's ``?valg=../../x`` read another
folder's files; ``valg=kv21/../kv25`` read KV25 as "KV21/../KV25"; every CSV output wrote a list
name ``=HYPERLINK(…)`` raw (live in Excel); ``kkr report --out r`` wrote through a symlinked
``r/index.html``, ``r/figures`` or ``r/pdf``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kkr_analysis.data import bundled_data_dir, load_election
from kkr_analysis.errors import DataError

BAD_ELECTIONS = ["../../x", "kv21/../kv25", "KV21/../KV25", "..", ".", "/etc", "kv21/",
                 "kv21\\..\\kv25", "kv21\x00", "", " KV21", "KV 21", "kv21%2f..", "~",
                 "a" * 21, "KV21\n", "KV21;rm", "..%2F..%2Fx", "kv21/./", "¼"]


def _outside(tmp_path: Path) -> Path:
    """A data folder with a sibling ``secret`` folder holding an election's files."""
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    shutil.copytree(data / "kv21", tmp_path / "secret")
    return data


@pytest.mark.parametrize("name", BAD_ELECTIONS)
def test_election_names_are_never_paths(name, tmp_path):
    data = _outside(tmp_path)
    with pytest.raises(DataError, match="er ikke et valg"):
        load_election(name, data)


@pytest.mark.parametrize("name", [None, 21, b"KV21", ("KV21",)])
def test_election_must_be_a_string(name):
    with pytest.raises(DataError, match="er ikke et valg"):
        load_election(name)  # type: ignore[arg-type]


def test_a_sibling_folder_is_not_an_election(tmp_path):
    data = _outside(tmp_path)
    with pytest.raises(DataError, match="findes ikke"):
        load_election("secret", data)


@pytest.mark.parametrize("year", ["../2027", "2027/../../x", "", "..", "2027\x00"])
def test_region_mapping_year_is_never_a_path(year):
    with pytest.raises(DataError, match="ikke et år for regionerne"):
        load_election("KV21", regions=year)


@pytest.mark.parametrize("valg", ["../../../some/folder", "kv21/../kv25", "..%2F..%2Fx",
                                  "%2e%2e%2fkv25", "/tmp", "kv21%00"])
def test_app_link_reads_only_the_data_folder(valg):
    """A link naming a path opens the default scenario and says why (no other folder read)."""
    from kkr_analysis.widgets import ScenarioApp

    app = ScenarioApp.from_query(f"valg={valg}&kkr=Hovedstaden")
    assert app.scenario.election == "KV25"  # the default: the newest election in the data
    assert "findes ikke" in app.output.value  # one Danish line; the default election shown


@pytest.mark.parametrize("valg", ["../kv25", "kv21/../kv25"])
def test_scenario_refuses_a_path(valg):
    from kkr_analysis.scenario import Scenario

    with pytest.raises(DataError, match="ikke et valg"):
        Scenario.from_query(f"valg={valg}&kkr=Hovedstaden").resolved()


# ---------------------------------------------------------------------------------------------
# Formula-safe CSV (OWASP CSV injection): one writer, kkr_analysis.safe_csv
# ---------------------------------------------------------------------------------------------

TRIGGER_START = tuple("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def live_formulas(text: str) -> list[str]:
    """Cells a spreadsheet would read as a formula (numbers such as -5 are not formulas)."""
    import csv as _csv
    import io

    from kkr_analysis.safe_csv import _NUMBER

    return [cell for row in _csv.reader(io.StringIO(text)) for cell in row
            if cell.startswith(TRIGGER_START) and not _NUMBER.fullmatch(cell)]


@pytest.fixture(scope="module")
def formulas(tmp_path_factory) -> Path:
    from hostile_data import formula_folder

    return formula_folder(tmp_path_factory.mktemp("formula") / "data")


def _bodies(tmp_path: Path) -> Path:
    path = tmp_path / "bodies.csv"
    path.write_text('body,seats\n"=HYPERLINK(""http://x"")",3\n+Udvalg,2\n', encoding="utf-8")
    return path


CSV_COMMANDS = {
    "composition": ["composition"],
    "explain": ["explain"],
    "chair": ["chair"],
    "chair-explain": ["chair", "--explain"],
    "alliances": ["alliances"],
    "margins": ["margins"],
    "simulate": ["simulate", "--draws", "200"],
    "sweep-threshold": ["sweep", "threshold"],
    "sweep-method": ["sweep", "method"],
    "sweep-cap": ["sweep", "cap"],
    "appoint": ["appoint", "--bodies", "{bodies}"],
}


@pytest.mark.parametrize("name", sorted(CSV_COMMANDS))
def test_no_csv_output_holds_a_live_formula(name, formulas, tmp_path, capsys):
    from hostile_data import FORMULA_REGION

    from kkr_analysis.cli import main

    argv = [a.replace("{bodies}", str(_bodies(tmp_path))) for a in CSV_COMMANDS[name]]
    code = main([*argv, "--data-dir", str(formulas), "--kkr", FORMULA_REGION,
                 "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "'=HYPERLINK" in out or "'+" in out or "'@" in out, out[:300]
    assert live_formulas(out) == [], out[:500]


def test_app_download_is_formula_safe(formulas):
    from hostile_data import FORMULA_REGION

    from kkr_analysis.scenario import Scenario
    from kkr_analysis.widgets.model import evaluate
    from kkr_analysis.widgets.render import csv_text

    text = csv_text(evaluate(Scenario("KV21", FORMULA_REGION, data_dir=str(formulas))))
    assert "'=HYPERLINK" in text
    assert live_formulas(text) == []


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-1-1", "'-1-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\uff1d1", "'\uff1d1"), ("'=x", "''=x"),
    ("''+x", "'''+x"), ("-5", "-5"), ("+2", "+2"), ("-0,5", "-0,5"), ("-1.5e3", "-1.5e3"),
    ("A", "A"), ("'A", "'A"), ("", ""), ("Ø", "Ø"), ("a=b", "a=b"), (-5, -5), (2.5, 2.5),
])
def test_safe_cell(value, written):
    from kkr_analysis.safe_csv import safe_cell, unescape_cell

    assert safe_cell(value) == written
    if isinstance(value, str):
        assert unescape_cell(written) == value  # what the importer writes reads back as it was


def test_numbers_stay_numbers_in_csv():
    import pandas as pd

    from kkr_analysis.safe_csv import frame_to_csv

    text = frame_to_csv(pd.DataFrame({"list": ["=X", "A"], "change": [-5, 3],
                                      "share": [-0.25, 0.5]}))
    assert text.splitlines() == ["list,change,share", "'=X,-5,-0.25", "A,3,0.5"]


def test_import_writes_formula_safe_files_that_read_back(tmp_path):
    """valg.dk names beginning with = or + are written with ' in results.csv and the area
    files, and read back as they were."""
    from kkr_analysis.data.store import import_into
    from kkr_analysis.data.valgdk import read_valgdk_files

    results = load_election("KV21").results
    rows = results[results["municipality_code"] == 330]
    lines = ["Afstemningsområde;Bogstavbetegnelse;Listenavn;Navn;Stemmetal"]
    for r in rows.itertuples(index=False):
        name = "=HYPERLINK(\"http://x\")" if r.list_letter == "A" else r.list_name
        lines.append(f"1. Slagelse;{r.list_letter};{name};Listestemmer;{int(r.votes)}")
    export = tmp_path / "slagelse.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    from kkr_analysis.data import load_municipalities

    files = read_valgdk_files([export], load_municipalities())
    import_into(files, "KV21", out, replace=True)
    written = (out / "kv21" / "results.csv").read_text(encoding="utf-8")
    assert live_formulas(written) == [] and "'=HYPERLINK" in written
    for area in (out / "kv21" / "areas").glob("*.csv"):
        assert live_formulas(area.read_text(encoding="utf-8")) == []
    back = load_election("KV21", out).results
    assert "=HYPERLINK(\"http://x\")" in set(back["list_name"])


# ---------------------------------------------------------------------------------------------
# Writes stay inside --out: no symbolic link is followed
# ---------------------------------------------------------------------------------------------


def _outside_target(tmp_path: Path, kind: str) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    if kind == "file":
        target = outside / "victim.html"
        target.write_text("untouched", encoding="utf-8")
        return target
    if kind == "dangling":
        return outside / "nothing-here"
    return outside


@pytest.mark.parametrize("link, kind", [
    ("index.html", "file"), ("index.html", "dangling"), ("figures", "dir"), ("pdf", "dir"),
    ("01_kkr_composition.html", "file"), ("figures/01_kkr_composition_01.png", "file"),
])
def test_report_writes_never_follow_a_link(link, kind, tmp_path):
    from kkr_analysis.data.store import write_inside

    out = tmp_path / "r"
    out.mkdir()
    (out / link).parent.mkdir(parents=True, exist_ok=True)
    (out / link).symlink_to(_outside_target(tmp_path, kind))
    before = {p: p.read_bytes() for p in (tmp_path / "outside").rglob("*") if p.is_file()}
    rel = link if "." in Path(link).name else f"{link}/x.bin"
    with pytest.raises(DataError, match="symbolsk link"):
        write_inside(out, rel, b"new")
    assert {p: p.read_bytes() for p in (tmp_path / "outside").rglob("*") if p.is_file()} \
        == before
    assert not (tmp_path / "outside" / "nothing-here").exists()


def test_report_builder_refuses_a_link_in_out(tmp_path):
    """The builder writes every page, figure and index through ``write_inside``: a linked
    ``figures/`` is refused before anything lands outside (a one-notebook build)."""
    import nbformat

    from kkr_analysis.presentation.report import build_reports

    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Prøve"),
                nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\n"
                                          "plt.plot([1, 2]); plt.show()")]
    nbformat.write(nb, notebooks / "a.ipynb")
    out = tmp_path / "r"
    out.mkdir()
    outside = _outside_target(tmp_path, "dir")
    (out / "figures").symlink_to(outside)
    with pytest.raises(DataError, match="symbolsk link"):
        build_reports(out, notebooks)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("kind", ["dir", "dangling", "file"])
def test_out_folder_that_is_a_link_is_refused(kind, tmp_path, capsys):
    from hardening_cases import assert_clear_error

    from kkr_analysis.cli import main

    out = tmp_path / "r"
    out.symlink_to(_outside_target(tmp_path, kind))
    for argv in (["report", "--out", str(out)],
                 ["import", "valgdk", "--election", "KV21",
                  str(bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv"),
                  "--out", str(out)]):
        code = main(argv)
        line = assert_clear_error(code, capsys.readouterr().err, "symbolsk link")
        if kind == "dangling":
            assert "som ikke findes" in line and "er en fil" not in line


def test_import_refuses_a_link_inside_its_folder(tmp_path, capsys):
    from hardening_cases import assert_clear_error

    from kkr_analysis.cli import main

    real = bundled_data_dir() / "kv21" / "valgdk" / "koebenhavn.csv"
    out = tmp_path / "mydata"
    assert main(["import", "valgdk", "--election", "KV21", str(real), "--out", str(out)]) == 0
    capsys.readouterr()
    outside = _outside_target(tmp_path, "file")
    (out / "kv21" / "results.csv").unlink()
    (out / "kv21" / "results.csv").symlink_to(outside)
    code = main(["import", "valgdk", "--election", "KV21", str(real), "--out", str(out)])
    assert_clear_error(code, capsys.readouterr().err, "symbolsk link", "results.csv")
    assert outside.read_text(encoding="utf-8") == "untouched"


def test_folder_swap_is_one_atomic_exchange(tmp_path, monkeypatch):
    """On Linux the import's swap is renameat2(RENAME_EXCHANGE): no moment without the
    folder, the old one left in the staging folder for removal."""
    import sys

    from kkr_analysis.data import store

    if sys.platform != "linux":
        pytest.skip("renameat2 is Linux only")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "new").write_text("n")
    (b / "old").write_text("o")
    renames = []
    monkeypatch.setattr(store.os, "replace", lambda *x: renames.append(x))
    store._swap(a, b)
    assert renames == []  # no rename: the exchange did it
    assert (b / "new").is_file() and (a / "old").is_file()
