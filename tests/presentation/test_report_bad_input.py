"""Hardening corpus, part 4 (issue 20): ``kkr report`` with a failing notebook, a bad
``SOURCE_DATE_EPOCH``, two builds at once and a notebooks folder nobody may write to.

Before the fix: a failing notebook gave ~60 tracebacks and exit 70; ``SOURCE_DATE_EPOCH=abc``
the same after every notebook had run; two builds at once shared ``kernel-ipc-N`` sockets in
the notebooks folder ("Invalid Signature", exit 70 in 4 of 5 rounds).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from hardening_cases import assert_clear_error

from kkr_analysis.cli import main


def _notebook(folder: Path, name: str, *sources: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Prøve"),
                *(nbformat.v4.new_code_cell(s) for s in sources)]
    nbformat.write(nb, folder / name)
    return folder


# the kernel runs in the notebooks' folder: no socket of it may lie there
NO_SOCKETS_HERE = ("import os\n"
                   "assert not [f for f in os.listdir('.') if f.startswith('kernel')], "
                   "os.listdir('.')")


@pytest.mark.parametrize("source, needle", [
    ("raise ValueError('boom')", "ValueError: 'boom'"),
    ("1 / 0", "ZeroDivisionError"),
    ("import no_such_module_kkr", "ModuleNotFoundError"),
    ("undefined_name_kkr", "NameError"),
])
def test_failing_notebook_is_one_line_naming_notebook_and_cell(source, needle, tmp_path,
                                                               capsys):
    notebooks = _notebook(tmp_path / "nb", "fejl.ipynb", "x = 1", source)
    code = main(["report", "--notebooks", str(notebooks), "--out", str(tmp_path / "r")])
    line = assert_clear_error(code, capsys.readouterr().err, "fejl.ipynb", "i celle 3", needle)
    assert "Traceback" not in line and "PapermillExecutionError" not in line


@pytest.mark.parametrize("epoch", ["abc", "", "1.7e9", "99999999999999", "-5", " ", "0x10",
                                   "١٢٣"])
def test_bad_source_date_epoch_is_one_line_before_any_notebook(epoch, tmp_path, monkeypatch,
                                                               capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    notebooks = _notebook(tmp_path / "nb", "a.ipynb", "raise SystemExit('never run')")
    code = main(["report", "--notebooks", str(notebooks), "--out", str(tmp_path / "r")])
    assert_clear_error(code, capsys.readouterr().err, "SOURCE_DATE_EPOCH")
    assert not (tmp_path / "r").exists()


def test_good_source_date_epoch_dates_the_footer(tmp_path, monkeypatch):
    from kkr_analysis.presentation.report import build_time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_time().year == 2023


def test_two_builds_at_once_do_not_collide(tmp_path):
    """Two rounds of two ``kkr report`` at once, into different and into the same --out, from
    one notebooks folder; the kernel's sockets are never in the notebooks' folder."""
    notebooks = _notebook(tmp_path / "nb", "a.ipynb", NO_SOCKETS_HERE, "print('ok')")
    for round_, outs in enumerate([("r1", "r2"), ("same", "same")]):
        procs = [subprocess.Popen([sys.executable, "-m", "kkr_analysis.cli", "report",
                                   "--notebooks", str(notebooks), "--out",
                                   str(tmp_path / f"{out}{round_}")],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env={**os.environ})
                 for out in outs]
        for p in procs:
            _, err = p.communicate(timeout=600)
            assert p.returncode == 0, err.decode()[-2000:]
    assert sorted(p.name for p in notebooks.iterdir()) == ["a.ipynb"]


def test_read_only_notebooks_folder(tmp_path):
    """Nothing is written next to the notebooks (the folder may be read-only)."""
    notebooks = _notebook(tmp_path / "nb", "a.ipynb", NO_SOCKETS_HERE)
    notebooks.chmod(0o555)
    try:
        from kkr_analysis.presentation.report import build_reports

        build_reports(tmp_path / "r", notebooks)
    finally:
        notebooks.chmod(0o755)
    assert sorted(p.name for p in notebooks.iterdir()) == ["a.ipynb"]
    assert (tmp_path / "r" / "a.html").is_file()
