"""Build the reports: run every notebook with parameters (papermill) and write HTML (and PDF).

Each report opens with the data coverage and a short Danish answer, has its code hidden behind a
button ("Vis kode") and the build date and package version in the footer; every figure is also
saved as a PNG in ``<out>/figures/``, and ``<out>/index.html`` links the reports.

The pages are self-contained: no script, style or font is fetched from the internet (the
``kkr_report`` nbconvert template drops require.js, the widget manager, MathJax and Mermaid),
figures are embedded, and report notebooks show static results instead of live widgets
(``INTERACTIVE = False``). Two builds from the same inputs give the same bytes except the build
date in the footer, which ``SOURCE_DATE_EPOCH`` fixes too: cell ids, table ids and the kernel's
hash seed are fixed, and papermill's timings are dropped.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from nbconvert import HTMLExporter
from traitlets import CaselessStrEnum

from .. import __version__
from ..danish import date_da, decimal, party_assumption_da, plural
from ..data import load_election, newest_election
from ..data.safe_files import refuse_links, write_inside
from ..errors import DataError, shown
from ..rules.composition import election_label
from ..rules.lists import coverage_of, region_tally, resolve_region
from ..safe_html import csp_meta, esc
from .pdf import PRINT_CSS, Cover, write_pdfs

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # beside the Solara loader

# The page's only script (allowed by hash in its Content-Security-Policy; no inline handlers).
TOGGLE_SCRIPT = """
  function kkrToggleCode(button) {
    const hidden = document.body.classList.toggle("kkr-hide-code");
    button.textContent = hidden ? "Vis kode" : "Skjul kode";
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.body.classList.add("kkr-hide-code");
    const button = document.querySelector(".kkr-toggle");
    if (button) button.addEventListener("click", () => kkrToggleCode(button));
  });
"""

CSP = csp_meta([TOGGLE_SCRIPT])

HIDE_CODE = f"<style>{PRINT_CSS}</style>" + """
<style>
  body.kkr-hide-code .jp-CodeCell .jp-Cell-inputWrapper,
  body.kkr-hide-code .jp-CodeCell .jp-InputArea { display: none; }
  .kkr-banner { background:#FFF4D6; border:1px solid #E0C36A; padding:.6em 1em; margin:1em 0;
                font-family:sans-serif; font-size:.95em; }
  .kkr-toggle { position:fixed; top:.5em; right:.5em; z-index:10; }
  details.kkr-details > summary { cursor:pointer; font-weight:bold; margin:.6em 0; }
  footer.kkr { margin:2em 0; color:#666; font-size:.85em; font-family:sans-serif; }
  @media print { .kkr-toggle { display:none; } }
</style>
<script>""" + TOGGLE_SCRIPT + """</script>
"""


def default_notebooks_dir() -> Path:
    """The notebooks shipped in the package (``kkr_analysis/_notebooks`` in a wheel), else
    ``notebooks/`` of the source checkout, else of the current directory."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_notebooks", package.parent / "notebooks"):
        if candidate.is_dir():
            return candidate
    return Path.cwd() / "notebooks"


@dataclass(frozen=True)
class ReportEntry:
    html: Path
    title: str
    seconds: float
    figures: int


def build_time() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` (reproducible builds) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.datetime.now()
    text = epoch.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_EPOCH:
        raise DataError(f"SOURCE_DATE_EPOCH={shown(epoch)} er ikke et byggetidspunkt: giv hele "
                        f"sekunder siden 1970-01-01 UTC (0-{MAX_EPOCH}), fx 1700000000, eller "
                        "fjern variablen")
    return dt.datetime.fromtimestamp(int(text), tz=dt.UTC)


MAX_EPOCH = 253402300799  # 9999-12-31 23:59:59 UTC


def coverage_banner(election: str, kkr: str, data_dir: str | Path | None = None) -> str:
    """The data coverage for the report's election and KKR, in Danish, as an HTML banner
    (every string from the data escaped)."""
    data = load_election(election, data_dir)
    tally = region_tally(data, kkr)
    c = coverage_of(data.councils)
    where = "" if data.source == "bundled data" else f", datamappe {data.source}"
    text = (f"<b>Data ({esc(election_label(election))}{esc(where)}):</b> {esc(c.describe_da())}. "
            f"<b>KKR {esc(tally.region)}:</b> {esc(tally.coverage.describe_da())}.")
    if c.complete < c.municipalities:
        text += " Beregnede tal bygger på ufuldstændige stemmetal og er ikke KL's officielle."
    note = party_assumption_da(data)
    if note:
        text += f"<br>{esc(note)}"
    return f'<div class="kkr-banner">{text}</div>'


def report_cover(election: str, kkr: str, data_dir: str | Path | None = None) -> Cover:
    """The combined PDF's first page: election, KKR, data source and coverage, build date."""
    data = load_election(election, data_dir)
    tally = region_tally(data, kkr)
    c = coverage_of(data.councils)
    source = ("valg.dk's filer i projektets medfølgende data" if data.source == "bundled data"
              else f"datamappen {data.source}")
    built = build_time()
    note = ("" if c.complete == c.municipalities else
            " Beregnede tal bygger på ufuldstændige stemmetal og er ikke KL's officielle.")
    return Cover(
        title=f"KKR-analyser: KKR {tally.region}, {election_label(election)}",
        lines=[f"<b>Valg:</b> kommunalvalget {esc(election_label(election))}",
               f"<b>KKR:</b> KKR {esc(tally.region)}",
               f"<b>Datakilde:</b> {esc(source)}; {esc(c.describe_da())}. "
               f"KKR {esc(tally.region)}: {esc(tally.coverage.describe_da())}.{note}"],
        built=f"{date_da(built.date())} kl. {built:%H.%M}")


def footer() -> str:
    built = build_time()
    stamp = f"{date_da(built.date())} kl. {built:%H.%M}"
    return (f'<footer class="kkr">Genereret {stamp} med kkr-analysis '
            f"{esc(__version__)}</footer>")


class ReportKernelManager(AsyncKernelManager):
    """A kernel for report builds: local IPC sockets (no TCP port, so no "running over TCP
    without encryption" warning) and a fixed hash seed, so set orders repeat between builds."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    private_dir: str | None = None  # set per build (:func:`execute`): sockets and connection file

    async def _async_pre_start_kernel(self, **kw):  # type: ignore[override]
        if self.private_dir:  # not "kernel-ipc-N" in the notebooks' folder: builds never collide
            if self.transport == "ipc":
                self.ip = os.path.join(self.private_dir, "kernel-ipc")
            if not self.connection_file:
                self.connection_file = os.path.join(self.private_dir, "kernel.json")
        env = dict(kw.get("env") or os.environ)
        env["PYTHONHASHSEED"] = "0"
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # no debugger "frozen modules" warning
        kw["env"] = env
        return await super()._async_pre_start_kernel(**kw)

    async def _async_interrupt_kernel(self) -> None:
        """jupyter_client interrupts (SIGINT) before every shutdown; a finished report's kernel is
        idle, so that only made it log "KeyboardInterrupt caught in kernel". Interrupts at any
        other time (a cell over its time limit) still go through."""
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()


def notebook_parameters(path: Path, wanted: dict) -> dict:
    """Only the parameters the notebook declares (papermill warns about the others)."""
    declared = papermill.inspect_notebook(str(path))
    return {k: v for k, v in wanted.items() if k in declared}


SETUP_TAG = "kkr-report-setup"
SETUP_SOURCE = "from kkr_analysis.presentation.display import setup as _kkr_setup\n_kkr_setup()"


def execute(path: Path, parameters: dict, timeout: int = 900) -> nbformat.NotebookNode:
    """Run a notebook with ``parameters`` injected after its ``parameters`` cell.

    A first cell (removed again by :func:`normalise`) sets every report's figures to 160 dpi
    PNGs and numbers its tables, also in notebooks that do not call ``display.setup()``."""
    nb = nbformat.read(path, as_version=4)
    original = [c.source for c in nb.cells]
    setup = nbformat.v4.new_code_cell(SETUP_SOURCE)
    setup.metadata["tags"] = [SETUP_TAG]
    nb.cells.insert(0, setup)
    with tempfile.TemporaryDirectory(prefix="kkr-report-kernel-") as private:
        manager = type("BuildKernelManager", (ReportKernelManager,), {"private_dir": private})
        try:
            return papermill.execute_notebook(nb, None,
                                              parameters=notebook_parameters(path, parameters),
                                              kernel_name="python3", cwd=str(path.parent),
                                              progress_bar=False, execution_timeout=timeout,
                                              kernel_manager_class=manager, log_output=False)
        except papermill.PapermillExecutionError as exc:
            raise DataError(failed_cell(path, exc, original)) from None


def failed_cell(path: Path, exc: papermill.PapermillExecutionError,
                original: list[str]) -> str:
    """One line: the notebook, the cell (its number in the notebook and first line) and the
    error, without the traceback."""
    source = (exc.source or "").strip()
    number = next((i for i, s in enumerate(original, 1) if s.strip() == source), None)
    first = source.splitlines()[0] if source else ""
    where = f"celle {number}" if number else "en celle"
    return (f"notebooken {path.name} fejlede i {where} ({shown(first, 60)}): "
            f"{exc.ename}: {shown(exc.evalue, 200)}")


def notebook_title(nb: nbformat.NotebookNode, default: str) -> str:
    return next((c.source.splitlines()[0].lstrip("# ").strip() for c in nb.cells
                 if c.cell_type == "markdown" and c.source.strip()), default)


def normalise(nb: nbformat.NotebookNode, title: str) -> nbformat.NotebookNode:
    """Drop what differs between two runs (papermill timings, random cell ids, widget state)
    and set the page title."""
    nb.cells = [c for c in nb.cells if SETUP_TAG not in c.metadata.get("tags", [])]
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["title"] = title
    figures = 0
    for i, cell in enumerate(nb.cells, 1):
        cell["id"] = f"cell-{i}"
        for key in ("papermill", "execution", "ExecuteTime"):
            cell.metadata.pop(key, None)
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                figures += 1
                meta = output.setdefault("metadata", {}).setdefault("image/png", {})
                meta["alt"] = f"Figur {figures} ({title})"
    return nb


def save_figures(nb: nbformat.NotebookNode, stem: str, folder: Path) -> int:
    """Write every PNG output of the notebook to ``folder/<stem>_<n>.png``."""
    count = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                count += 1
                write_inside(folder.parent, Path(folder.name) / f"{stem}_{count:02d}.png",
                             base64.b64decode(data["image/png"]))
    return count


def render(nb: nbformat.NotebookNode, banner: str) -> str:
    """Self-contained HTML (lang="da"), code hidden (a button shows it), banner and footer."""
    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES)],
                            template_name="kkr_report", language_code="da",
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    head = body.index(">", body.index("<head")) + 1  # the policy first: it covers all below
    body = body[:head] + CSP + body[head:]
    body = body.replace("</head>", HIDE_CODE + "</head>", 1)
    start = body.index(">", body.index("<body")) + 1
    toggle = '<button class="kkr-toggle" type="button">Vis kode</button>'
    body = body[:start] + toggle + banner + body[start:]
    return body.replace("</body>", footer() + "</body>")


def build_reports(out_dir: Path, notebooks_dir: Path | None = None,
                  election: str | None = None, kkr: str = "Hovedstaden", pdf: bool = False,
                  data_dir: str | Path | None = None,
                  tables: dict[str, str] | None = None,
                  mayors: dict[str, str] | None = None, for_list: str | None = None,
                  bloc: str | None = None) -> list[ReportEntry]:
    """Run each ``*.ipynb`` for ``election`` and ``kkr``; write HTML, PNGs, index (and PDFs).

    ``election`` None: the newest election in the data folder (:func:`newest_election`).
    ``data_dir`` (default: the bundled data) is used for the banner and handed to notebooks
    that declare a ``DATA_DIR`` parameter; ``tables`` (``BODIES``, ``PLAN``: the KKR's own
    files, ``kkr report --bodies/--plan``) to the notebooks that declare them; ``mayors``
    (municipality → list, ``"?"`` or ``"V|C"``) to those declaring ``MAYORS``;
    ``for_list`` and ``bloc`` to those that declare ``FOR_LIST`` / ``BLOC`` (None: the
    notebook's default, the KKR's largest list)."""
    build_time()  # a bad SOURCE_DATE_EPOCH is one line before any notebook runs
    if election is None:
        election = newest_election(data_dir)
    notebooks_dir = notebooks_dir or default_notebooks_dir()
    notebooks = sorted(notebooks_dir.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {notebooks_dir}")
    kkr = resolve_region(kkr, load_election(election, data_dir).regions)
    if out_dir.is_symlink():
        refuse_links(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    banner = coverage_banner(election, kkr, data_dir)
    entries = []
    for number, path in enumerate(notebooks, 1):
        start = time.perf_counter()
        nb = execute(path, {"ELECTION": election, "KKR": kkr, "INTERACTIVE": False,
                            "DATA_DIR": None if data_dir is None else str(data_dir),
                            "MAYORS": dict(mayors or {}), **(tables or {}),
                            "FOR_LIST": for_list, "BLOC": bloc})
        title = f"{notebook_title(nb, path.stem)} – KKR {kkr} ({election_label(election)})"
        nb = normalise(nb, title)
        figures = save_figures(nb, path.stem, out_dir / "figures")
        target = write_inside(out_dir, f"{path.stem}.html", render(nb, banner).encode("utf-8"))
        entries.append(ReportEntry(target, title, time.perf_counter() - start, figures))
        print(f"[{number}/{len(notebooks)}] {target}  ({decimal(entries[-1].seconds, 1)} s, "
              f"{plural(figures, 'figur', 'figurer')})", flush=True)
    write_index(out_dir, entries, election, kkr, banner)
    if pdf:
        write_pdfs([e.html for e in entries], out_dir / "pdf", f"kkr_{election}_{kkr}",
                   titles=[e.title.split(" – KKR ")[0] for e in entries],
                   cover=report_cover(election, kkr, data_dir))
    return entries


def write_index(out_dir: Path, entries: list[ReportEntry], election: str, kkr: str,
                banner: str) -> Path:
    items = "\n".join(
        f'<li><a href="{esc(e.html.name)}">{esc(e.title)}</a> '
        f'<small>({plural(e.figures, "figur", "figurer")})</small></li>' for e in entries)
    return write_inside(out_dir, "index.html", (
        f"<!doctype html><html lang=da><meta charset=utf-8>{CSP}"
        f"<title>KKR-analyser {esc(election_label(election))}, KKR {esc(kkr)}</title>"
        f"{HIDE_CODE}"
        "<body style='font-family:sans-serif;max-width:52em;margin:2em auto'>"
        f"<h1>KKR-analyser: {esc(election_label(election))}, KKR {esc(kkr)}</h1>{banner}"
        f"<ul>{items}</ul><p>Figurerne ligger også som billedfiler (PNG) i mappen "
        "<code>figures/</code> og siderne som PDF i mappen <code>pdf/</code>, når rapporten er "
        "bygget med PDF.</p>"
        f"{footer()}</body></html>").encode())
