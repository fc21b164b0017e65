"""`pip install .` outside the checkout, then `kkr report` from another directory (issue 11,
item 7): the wheel ships the notebooks and the app notebook, and the report uses them."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling")
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(dist), str(REPO)],
                   check=True, capture_output=True)
    return next(dist.glob("kkr_analysis-*.whl"))


def test_wheel_ships_notebooks_app_data_and_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kkr_analysis/_notebooks/01_kkr_composition.ipynb",
                   "kkr_analysis/_notebooks/05_kv21_vs_kv25.ipynb",
                   "kkr_analysis/_data/kv21/results.csv",
                   "kkr_analysis/templates/kkr_report/index.html.j2",
                   # kkr app: the Solara page, its Danish loader and the sources it shows
                   "kkr_analysis/widgets/solara_app.py",
                   "kkr_analysis/templates/loader-kkr.html",
                   "kkr_analysis/templates/loader-kkr.css",
                   "kkr_analysis/_references/RULES.md"):
        assert needed in names, needed


@pytest.mark.slow
def test_installed_wheel_builds_the_reports_from_another_directory(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig."
                                "get_paths()['purelib'])"], check=True, capture_output=True,
                               text=True).stdout.strip())
    # The dependencies come from this environment (no download); the package from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # nbconvert's templates are data files of the borrowed dependencies (share/jupyter).
    env["JUPYTER_PATH"] = str(Path(sysconfig.get_paths()["data"]) / "share" / "jupyter")
    where = subprocess.run([str(python), "-c", "import kkr_analysis, "
                            "kkr_analysis.presentation.report as r; print(kkr_analysis.__file__); "
                            "print(r.default_notebooks_dir())"],
                           cwd=work, env=env, check=True, capture_output=True, text=True)
    assert str(venv) in where.stdout and "_notebooks" in where.stdout, where.stdout
    run = subprocess.run([str(venv / "bin" / "kkr"), "report", "--out", "r"], cwd=work, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    written = sorted(p.name for p in (work / "r").glob("*.html"))
    assert "01_kkr_composition.html" in written and "index.html" in written
    assert "Formand: A" in (work / "r" / "02_alliance_scenarios.html").read_text(encoding="utf-8")
