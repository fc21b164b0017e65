"""Build the reports: execute every notebook on the bundled data and write HTML (code hidden)."""

from __future__ import annotations

import datetime as dt
import html
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from . import __version__


def default_notebooks_dir() -> Path:
    """``notebooks/`` of the source checkout, else of the current directory."""
    here = Path(__file__).resolve().parent.parent / "notebooks"
    return here if here.is_dir() else Path.cwd() / "notebooks"


def execute_notebook(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in its own folder; raises on the first failing cell."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def _footer() -> str:
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (f'<footer style="margin:2em 0;color:#666;font-size:0.85em">Genereret {stamp} med '
            f"kkr-analysis {html.escape(__version__)}</footer>")


def build_reports(out_dir: Path, notebooks_dir: Path | None = None) -> list[Path]:
    """Execute each ``notebooks/*.ipynb`` and write ``out_dir/<name>.html`` plus ``index.html``."""
    notebooks_dir = notebooks_dir or default_notebooks_dir()
    notebooks = sorted(notebooks_dir.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {notebooks_dir}")
    out_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    written = []
    entries = []
    for path in notebooks:
        start = time.perf_counter()
        nb = execute_notebook(path)
        body, _ = exporter.from_notebook_node(nb)
        body = body.replace("</body>", _footer() + "</body>")
        target = out_dir / f"{path.stem}.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
        title = next((c.source.splitlines()[0].lstrip("# ") for c in nb.cells
                      if c.cell_type == "markdown" and c.source), path.stem)
        entries.append((target.name, title, time.perf_counter() - start))
        print(f"{target}  ({entries[-1][2]:.1f} s)")
    items = "\n".join(f'<li><a href="{html.escape(n)}">{html.escape(t)}</a></li>'
                      for n, t, _ in entries)
    index = out_dir / "index.html"
    index.write_text(
        "<!doctype html><html lang=da><meta charset=utf-8><title>KKR-analyser</title>"
        "<body style='font-family:sans-serif;max-width:50em;margin:2em auto'>"
        f"<h1>KKR-analyser</h1><ul>{items}</ul>{_footer()}</body></html>", encoding="utf-8")
    written.append(index)
    return written
