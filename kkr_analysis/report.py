"""Build the reports: run every notebook with parameters (papermill) and write HTML.

Each report has the data coverage at the top, the code hidden behind a button ("Vis kode"),
and the date and package version in the footer; every figure is also saved as a PNG in
``<out>/figures/``, and ``<out>/index.html`` links the reports.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from . import __version__
from .data import load_election
from .rules.lists import coverage_of, region_tally, resolve_region

HIDE_CODE = """
<style>
  body.kkr-hide-code .jp-CodeCell .jp-Cell-inputWrapper,
  body.kkr-hide-code .jp-CodeCell .jp-InputArea { display: none; }
  .kkr-banner { background:#FFF4D6; border:1px solid #E0C36A; padding:.6em 1em; margin:1em 0;
                font-family:sans-serif; font-size:.95em; }
  .kkr-toggle { position:fixed; top:.5em; right:.5em; z-index:10; }
  footer.kkr { margin:2em 0; color:#666; font-size:.85em; font-family:sans-serif; }
</style>
<script>
  function kkrToggleCode(button) {
    const hidden = document.body.classList.toggle("kkr-hide-code");
    button.textContent = hidden ? "Vis kode" : "Skjul kode";
  }
  document.addEventListener("DOMContentLoaded",
                            () => document.body.classList.add("kkr-hide-code"));
</script>
"""


def default_notebooks_dir() -> Path:
    """``notebooks/`` of the source checkout, else of the current directory."""
    here = Path(__file__).resolve().parent.parent / "notebooks"
    return here if here.is_dir() else Path.cwd() / "notebooks"


@dataclass(frozen=True)
class ReportEntry:
    html: Path
    title: str
    seconds: float
    figures: int


def coverage_banner(election: str, kkr: str) -> str:
    """The data coverage for the report's election and KKR, in Danish, as an HTML banner."""
    data = load_election(election)
    tally = region_tally(data, kkr)
    c = coverage_of(data.councils)
    text = (f"<b>Data ({election}):</b> fuldstændige stemmetal for {c.complete} af "
            f"{c.municipalities} kommuner, delvise for {c.partial}, ingen for {c.none}. "
            f"<b>KKR {tally.region}:</b> {tally.coverage.describe_da()}. "
            "Beregnede tal er derfor ikke KL's officielle.")
    if data.party_assumption:
        text += f"<br><b>Partiregister:</b> {html.escape(data.party_assumption)}"
    return f'<div class="kkr-banner">{text}</div>'


def footer() -> str:
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (f'<footer class="kkr">Genereret {stamp} med kkr-analysis '
            f"{html.escape(__version__)}</footer>")


def execute(path: Path, parameters: dict, timeout: int = 900) -> nbformat.NotebookNode:
    """Run a notebook with ``parameters`` injected after its ``parameters`` cell."""
    return papermill.execute_notebook(str(path), None, parameters=parameters,
                                      kernel_name="python3", cwd=str(path.parent),
                                      progress_bar=False, execution_timeout=timeout)


def save_figures(nb: nbformat.NotebookNode, stem: str, folder: Path) -> int:
    """Write every PNG output of the notebook to ``folder/<stem>_<n>.png``."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                count += 1
                (folder / f"{stem}_{count:02d}.png").write_bytes(
                    base64.b64decode(data["image/png"]))
    return count


def render(nb: nbformat.NotebookNode, banner: str) -> str:
    """HTML with the code hidden (a button shows it), the banner on top, the footer below."""
    exporter = HTMLExporter(exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    body = body.replace("</head>", HIDE_CODE + "</head>", 1)
    start = body.index(">", body.index("<body")) + 1
    toggle = '<button class="kkr-toggle" onclick="kkrToggleCode(this)">Vis kode</button>'
    body = body[:start] + toggle + banner + body[start:]
    return body.replace("</body>", footer() + "</body>")


def build_reports(out_dir: Path, notebooks_dir: Path | None = None, election: str = "KV21",
                  kkr: str = "Hovedstaden") -> list[ReportEntry]:
    """Run each ``notebooks/*.ipynb`` for ``election`` and ``kkr``; write HTML, PNGs, index."""
    notebooks_dir = notebooks_dir or default_notebooks_dir()
    notebooks = sorted(notebooks_dir.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {notebooks_dir}")
    kkr = resolve_region(kkr, load_election(election).regions)
    out_dir.mkdir(parents=True, exist_ok=True)
    banner = coverage_banner(election, kkr)
    entries = []
    for path in notebooks:
        start = time.perf_counter()
        nb = execute(path, {"ELECTION": election, "KKR": kkr})
        figures = save_figures(nb, path.stem, out_dir / "figures")
        target = out_dir / f"{path.stem}.html"
        target.write_text(render(nb, banner), encoding="utf-8")
        title = next((c.source.splitlines()[0].lstrip("# ") for c in nb.cells
                      if c.cell_type == "markdown" and c.source), path.stem)
        entries.append(ReportEntry(target, title, time.perf_counter() - start, figures))
        print(f"{target}  ({entries[-1].seconds:.1f} s, {figures} figures)")
    write_index(out_dir, entries, election, kkr, banner)
    return entries


def write_index(out_dir: Path, entries: list[ReportEntry], election: str, kkr: str,
                banner: str) -> Path:
    items = "\n".join(
        f'<li><a href="{html.escape(e.html.name)}">{html.escape(e.title)}</a> '
        f'<small>({e.figures} figurer, {e.seconds:.1f} s)</small></li>' for e in entries)
    index = out_dir / "index.html"
    index.write_text(
        "<!doctype html><html lang=da><meta charset=utf-8>"
        f"<title>KKR-analyser {election} {kkr}</title>{HIDE_CODE}"
        "<body style='font-family:sans-serif;max-width:52em;margin:2em auto'>"
        f"<h1>KKR-analyser: {html.escape(election)}, KKR {html.escape(kkr)}</h1>{banner}"
        f"<ul>{items}</ul><p>Figurerne ligger også som PNG i <code>figures/</code>.</p>"
        f"{footer()}</body></html>", encoding="utf-8")
    return index
