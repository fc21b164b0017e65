"""End to end: the app as `kkr app` serves it (Solara), in headless Chromium (Playwright).

Starts the server on a free localhost port and drives it as a strategist
would: valgforbund through the dropdowns, a shared link, a preset, a threshold that removes a
list, the downloads. Expected answers come from the rules (``Scenario``), not from the page.
Screenshots go to artifacts/e2e/. Skipped on a machine without chromium, except in CI
(CI=true), where a missing browser is a failure. No timing is asserted (see benchmarks/).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from html import unescape
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_FLAGS, require_chromium

from kkr_analysis.scenario import Scenario
from kkr_analysis.widgets.model import apply_preset, presets
from kkr_analysis.widgets.render import headline

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "e2e"
require_chromium()

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.slow
LINK = "valg=KV21&kkr=Hovedstaden&forbund=A+F+Ø,C+V&spaerregraense=2"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(idle_minutes: float = 30):
    """``kkr app``'s server (Solara), its browser files installed from the npm registry once."""
    from kkr_analysis.cli.app import server_command
    from kkr_analysis.widgets import solara_assets

    solara_assets.install()
    port = free_port()
    command, env = server_command("127.0.0.1", port, idle_minutes=idle_minutes)
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                    pytest.fail(f"the app server did not start:\n{out[-3000:]}")
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def app_url():
    with serve() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM is not None, "CI must have chromium (see .ci/run)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1300, "height": 2600}, accept_downloads=True)
    page.outside = []  # requests that would leave the machine: blocked and recorded

    def only_local(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            page.outside.append(url)
            route.abort()

    page.route("**/*", only_local)
    yield page
    page.close()


def open_app(page, url: str, query: str = "valg=KV21"):  # the figures below are KV21's
    page.goto(url + (f"?{urllib.parse.quote(query, safe='=&+,')}" if query else ""),
              timeout=90_000)
    page.wait_for_selector(".kkr-result .headline", timeout=90_000)
    return page


def shown(page) -> str:
    return page.locator(".kkr-result .headline").inner_text()


def dropdown(page, name: str):
    return page.locator(f".widget-dropdown:has(label:text-is('{name}')) select")


def test_alliance_changes_the_chair_in_the_browser(page, app_url):
    open_app(page, app_url)
    assert shown(page) == "Formand: A / Næstformand: C"
    for name in ("C", "V"):
        dropdown(page, name).select_option("Valgforbund 1")
    page.wait_for_selector("text=Formand: C (valgforbund C+V)", timeout=30_000)
    # text and chart are one piece of HTML: the chart beside the new text marks the new winner
    assert page.locator(".kkr-result svg.kkr-chart").count() == 2
    page.wait_for_function("location.search.includes('forbund=C+V')", timeout=30_000)
    shot = ARTIFACTS / "app_valgforbund_C+V.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert page.outside == []  # no CDN: the app works with the network cut off


def test_shared_link_restores_its_scenario(page, app_url):
    open_app(page, app_url, LINK)
    expected = headline(Scenario.from_query(LINK).chair())
    assert shown(page) == expected == (
        "Formand: A (valgforbund A+F+Ø) / Næstformand: C (valgforbund C+V)")
    assert dropdown(page, "Ø").input_value() == "Valgforbund 1"
    assert dropdown(page, "V").input_value() == "Valgforbund 2"
    page.screenshot(path=str(ARTIFACTS / "app_shared_link.png"), full_page=True)


def test_preset_applies(page, app_url):
    open_app(page, app_url)
    page.locator(".widget-dropdown:has(label:text-is('Forudindstilling')) select").select_option(
        "rød blok")
    scenario, _ = apply_preset(Scenario("KV21"), "rød blok", presets("KV21")["rød blok"])
    expected = headline(scenario.chair())
    page.wait_for_function(
        "t => document.querySelector('.kkr-result .headline').innerText === t", arg=expected,
        timeout=30_000)
    assert "Å" in page.locator(".kkr-result .note").first.inner_text()  # skipped aloud
    page.screenshot(path=str(ARTIFACTS / "app_preset_roed_blok.png"), full_page=True)


def test_threshold_that_removes_a_list_removes_it_from_choices_and_chair(page, app_url):
    open_app(page, app_url)
    for name in ("C", "O"):
        dropdown(page, name).select_option("Valgforbund 1")
    page.wait_for_function("location.search.includes('forbund=C+O')", timeout=30_000)
    field = page.locator(".widget-text:has(label:text-is('Spærregrænse (%)')) input")
    field.fill("3,5")
    field.press("Enter")
    page.wait_for_selector("text=O er ikke repræsenteret", timeout=30_000)
    assert not dropdown(page, "O").is_visible()  # no longer a choice
    assert shown(page) == headline(Scenario("KV21", threshold=Scenario.from_query(
        "spaerregraense=3,5").threshold).chair())
    assert "O" not in page.locator(".kkr-standings").inner_text().split()
    page.screenshot(path=str(ARTIFACTS / "app_threshold_3,5.png"), full_page=True)


def test_downloads_produce_files(page, app_url, tmp_path):
    open_app(page, app_url, LINK)
    with page.expect_download(timeout=60_000) as png:
        page.get_by_role("button", name="Hent PNG").click()
    path = tmp_path / png.value.suggested_filename
    png.value.save_as(path)
    assert path.suffix == ".png" and path.read_bytes()[:4] == b"\x89PNG"
    with page.expect_download(timeout=60_000) as table:
        page.locator("a.kkr-download-csv").click()
    csv_path = tmp_path / table.value.suggested_filename
    table.value.save_as(csv_path)
    text = csv_path.read_text(encoding="utf-8")
    assert text.startswith("\ufeffScenarie;Valg;KKR;Liste;")  # for a Danish spreadsheet
    assert ";A+F+Ø;" in text and ";C+V;" in text


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")


SOLARA_ENGLISH = ("Server disconnected", "Could not restore session", "App is disconnected",
                  "Please refresh", "Refresh now", "Restoring session…", ">Cancel<")


def test_first_byte_shows_the_links_answer_in_danish(app_url):
    """The page's HTML itself, before any script runs, holds the Danish "Beregner…" bar and the
    link's answer (the headline the rules give); Solara's own texts in it are Danish, and the
    page tells Solara the answer is pre-rendered (so the live app mounts over it when ready)."""
    status, html = _get(app_url + "?" + urllib.parse.quote(LINK, safe="=&+,"))
    assert status == 200 and "cdn.jsdelivr" not in html
    first = html[html.index("kkr-first-view"):html.index("pre-rendered-html-present")]
    assert "Beregner…" in first
    assert headline(Scenario.from_query(LINK).chair()) in unescape(first)
    assert "solara.preRendered = true" in html and '<html lang="da">' in html
    # Solara's 1 MB stylesheet does not hold back the first paint of the answer
    assert re.search(r'main\d+\.css" rel="stylesheet" media="print" onload=', html)
    assert "Forbindelsen er afbrudt." in html and "Genindlæs nu" in html
    assert [t for t in SOLARA_ENGLISH if t in re.sub(r"\s+", " ", html)] == []
    status, bad = _get(app_url + "?kkr=%3Cscript%3Ealert(1)%3C/script%3E")
    assert status == 200 and "<script>alert(1)" not in bad and "Beregner…" in bad


def test_answer_is_readable_before_the_apps_script_runs(browser, app_url):
    """With Solara's 4 MB script held back (a slow machine, twenty colleagues at once), the
    visitor already reads the link's answer and the Danish bar; then the live app takes over."""
    page = browser.new_page(viewport={"width": 1300, "height": 1400})
    page.route("**/*", lambda r: r.abort() if "solara-vuetify" in r.request.url
               and r.request.url.endswith(".js") else r.continue_())
    page.goto(app_url + "?" + urllib.parse.quote(LINK, safe="=&+,"), timeout=90_000)
    answer = page.locator(".kkr-first-result .headline")
    assert answer.inner_text() == headline(Scenario.from_query(LINK).chair())
    assert page.locator(".kkr-first-loader").inner_text().startswith("Beregner…")
    page.screenshot(path=str(ARTIFACTS / "app_first_view.png"))
    page.close()
    live = browser.new_page(viewport={"width": 1300, "height": 1400})
    open_app(live, app_url, LINK)
    assert live.locator(".kkr-first-view").count() == 0  # replaced by the live app
    live.close()


def test_sources_are_served_as_files_and_nothing_else(app_url):
    status, index = _get(app_url + "references/")
    assert status == 200 and "RULES.md" in index
    status, rules = _get(app_url + "references/RULES.md")
    assert status == 200 and "KKR" in rules
    for path in ("references/../pyproject.toml", "references/%2e%2e/pyproject.toml",
                 "references/%2e%2e%2fpyproject.toml", "references/nope.md"):
        status, text = _get(app_url + path)
        assert status == 404 and "findes ikke" in text, path


HOSTILE = ["valg=KV21&kkr=Hovedstaden&stemmer=C:1e30",
           "valg=KV21&kkr=" + "x" * 20_000,
           "valg=KV21&kkr=Hovedstaden&forbund=<img src=x onerror=alert(1)>+A",
           "valg=kv21&kkr=hovedstaden&forbund=a+f+ø&spaerregraense=NaN",
           "valg=KV21&kkr=Hovedstaden&stemmer=C:1e6&metode=<script>alert(1)</script>"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_link_in_the_browser(page, app_url, query):
    """A sample of hostile links: the page renders, says what it dropped in Danish, runs no
    script from the link, and still answers a control."""
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url + "?" + urllib.parse.quote(query, safe="=&+,"), timeout=90_000)
    page.wait_for_selector(".kkr-result .headline", timeout=90_000)
    assert shown(page).startswith("Formand:")
    notes = page.locator(".kkr-result .note").all_inner_texts()
    if "a+f+ø" not in query:
        assert notes and all("⚠" in n for n in notes[:1])
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "There was an error" not in body
    dropdown(page, "B").select_option("Valgforbund 1")
    dropdown(page, "O").select_option("Valgforbund 1")
    page.wait_for_function("location.search.includes('B+O')", timeout=30_000)
    assert dialogs == [] and page.outside == []


def test_the_server_fetches_nothing_from_outside(app_url):
    """A browser file the server lacks fails on the machine (the CDN setting points at a closed
    local port) instead of being fetched from the internet."""
    from kkr_analysis.cli.app import server_command
    from kkr_analysis.widgets.solara_assets import NOWHERE

    assert server_command("127.0.0.1", 1)[1]["SOLARA_ASSETS_CDN"] == NOWHERE
    assert NOWHERE.startswith("http://127.0.0.1:")
    try:
        urllib.request.urlopen(app_url + "_solara/cdn/not-a-package@1.0.0/x.js", timeout=60)
        fetched = True
    except OSError:
        fetched = False
    assert not fetched


def test_an_unused_page_is_told_in_danish_and_its_session_ends(browser):
    """kkr app --idle: a page unused for the idle time gets a Danish notice to reload, and its
    session's connection is closed (Solara then releases the session as for a closed tab);
    a change on the page before that keeps it alive."""
    with serve(idle_minutes=6 / 60) as url:
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        closed = []
        page.on("websocket", lambda ws: ws.on("close", lambda _ws: closed.append(time.monotonic())))
        open_app(page, url)
        dropdown(page, "C").select_option("Valgforbund 1")
        page.wait_for_function("location.search.includes('forbund=C')", timeout=30_000)
        assert page.locator(".kkr-ended").count() == 0
        notice = page.locator(".kkr-ended")
        notice.wait_for(timeout=90_000)
        assert notice.inner_text().startswith("Siden har ikke været brugt i 1 minut")
        assert "Genindlæs siden" in notice.inner_text()
        for _ in range(75):  # the connection closes half a second after the notice
            if closed:
                break
            page.wait_for_timeout(200)
        assert closed, "the idle session's connection was not closed"
        page.screenshot(path=str(ARTIFACTS / "app_idle_notice.png"))
        page.close()
