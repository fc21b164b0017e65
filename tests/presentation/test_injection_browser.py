"""Stored script injection (issue 20): reports and the app built from a data folder whose every
name is a script payload (tests/hostile_data.py) run no script in Chromium.

How it runs: Debian's chromium via Playwright, every request other than file:/data: aborted
(the network is blocked), ``page.on("dialog")`` records any alert and each payload pushes its
tag to ``window.__pwned``; the page is scrolled and every ``<details>`` opened, so lazy content
is in the DOM too. The payloads must show as text: the region's name is found verbatim in the
page's text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from browser import CHROMIUM, CHROMIUM_FLAGS, require_chromium
from hostile_data import MUNICIPALITIES, NAMES, REGION, hostile_folder

from kkr_analysis.presentation.report import build_reports, default_notebooks_dir

require_chromium()

NOTEBOOKS = ("01_kkr_composition.ipynb", "04_appointments_and_meetings.ipynb",
             "06_konstituerende_moede_valggrupper.ipynb")


def _with_data_dir(source: Path, target: Path) -> None:
    """The shipped notebook, reading the hostile folder (``DATA_DIR`` parameter)."""
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source += "\nDATA_DIR = None"
        if "data_dir=DATA_DIR" not in cell.source:
            cell.source = cell.source.replace("Scenario(election=ELECTION, kkr=KKR",
                                              "Scenario(election=ELECTION, kkr=KKR, "
                                              "data_dir=DATA_DIR")
    nbformat.write(nb, target)


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    data = hostile_folder(root / "data")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    for name in NOTEBOOKS:
        _with_data_dir(default_notebooks_dir() / name, notebooks / name)
    out = root / "out"
    build_reports(out, notebooks, "KV21", REGION, data_dir=data)
    return out


def without_policy(html: str) -> str:
    """The page without its Content-Security-Policy: the escaping alone must hold."""
    return re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)


def visit(page_url: str, body: str | None = None) -> tuple[list[str], list[str], str]:
    """Open the page offline (``body``: served instead of the file); the dialogs it opened,
    the payloads that ran, its text."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(("file:", "data:")) else route.abort())
        if body is not None:
            page.route(page_url, lambda route: route.fulfill(body=body,
                                                             content_type="text/html"))
        page.goto(page_url, wait_until="load")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.mouse.wheel(0, 100000)
        page.wait_for_timeout(300)
        ran = page.evaluate("window.__pwned || []")
        text = page.inner_text("body")
        browser.close()
    return dialogs, ran, text


def test_no_report_page_runs_a_payload(hostile_reports):
    pages = sorted(hostile_reports.glob("*.html"))
    assert len(pages) == len(NOTEBOOKS) + 1  # + index.html
    for html_page in pages:
        source = html_page.read_text(encoding="utf-8")
        dialogs, ran, text = visit(html_page.resolve().as_uri(), without_policy(source))
        assert dialogs == [], f"{html_page.name}: a dialog opened: {dialogs}"
        assert ran == [], f"{html_page.name}: payloads ran: {ran}"
        assert "Traceback" not in text
        assert REGION in text, f"{html_page.name}: the region's name is not shown as text"


def test_report_pages_carry_a_script_policy(hostile_reports, tmp_path):
    """Behind the escaping: a Content-Security-Policy, before anything from data, that allows
    only the page's own script (an injected one is refused even unescaped); the page's own
    "Vis kode" button still works under it."""
    from playwright.sync_api import sync_playwright

    for html_page in sorted(hostile_reports.glob("*.html")):
        head = html_page.read_text(encoding="utf-8").split("<title", 1)[0]
        assert 'http-equiv="Content-Security-Policy"' in head, html_page.name
    page_path = hostile_reports / "01_kkr_composition.html"
    injected = page_path.read_text(encoding="utf-8").replace(
        "</body>", "<img src=x onerror=alert(9)><script>alert(8)</script></body>")
    dialogs, ran, _ = visit(page_path.resolve().as_uri(), injected)
    assert dialogs == [] and ran == []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(page_path.resolve().as_uri())
        page.click(".kkr-toggle")
        assert page.inner_text(".kkr-toggle") == "Skjul kode"
        browser.close()


def test_payloads_reach_the_pages_as_text(hostile_reports):
    """The escaping shows the names (never drops them): the list name is in report 01."""
    source = (hostile_reports / "01_kkr_composition.html").read_text(encoding="utf-8")
    assert NAMES["A"] not in source and MUNICIPALITIES[0] not in source
    assert "&lt;img src=x onerror=" in source


def html_values(widget) -> list[str]:
    """Every HTML widget's value below ``widget`` (ipywidgets sets them as ``innerHTML``)."""
    import ipywidgets as widgets

    found = [widget.value] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        found += html_values(child)
    return found


def run_as_inner_html(values: list[str]) -> tuple[list[str], list[str], str]:
    """Insert each value as ipywidgets' HTML view does (``innerHTML``) into a blank page."""
    page = ("<!doctype html><meta charset=utf-8><body><div id=root></div><script>"
            f"for (const v of {json.dumps(values)}) {{ const d = document.createElement('div');"
            " d.innerHTML = v; document.getElementById('root').append(d); }</script>")
    return visit("file:///kkr-app-test.html", page)


def test_no_app_view_runs_a_payload(tmp_path):
    """The app on the payload folder, with a payload typed into the threshold field and a
    "Hvad nu hvis" field, the explanation opened, plus both explorers: nothing runs, the
    CSV link's file name stays inside its attribute."""
    from kkr_analysis.scenario import Scenario
    from kkr_analysis.widgets import ScenarioApp
    from kkr_analysis.widgets.explorers import AllianceExplorer, ThresholdExplorer

    data = hostile_folder(tmp_path / "data")
    scenario = Scenario("KV21", REGION, data_dir=str(data)).resolved()
    app = ScenarioApp(scenario=scenario)
    values = html_values(app.widget)
    app.explain_box.selected_index = 0
    app.threshold.value = REGION
    values += html_values(app.widget)
    field = next(iter(app.changes.values()))
    field.value = MUNICIPALITIES[0]
    values += html_values(app.widget)
    explorer = ThresholdExplorer(scenario.tally(), chart=False)
    values += html_values(explorer.widget)
    explorer.threshold.value = REGION
    values += html_values(explorer.widget)
    values += html_values(AllianceExplorer(scenario.chair_votes(), chart=False).widget)
    assert any("onerror" in v for v in values)  # the payloads are there, as text
    dialogs, ran, text = run_as_inner_html(values)
    assert dialogs == [] and ran == [], (dialogs, ran)
    assert REGION in text
    links = app.output.value.split("download=")[1:]
    assert links and all(not link.split(".csv")[0].count("<") for link in links)
