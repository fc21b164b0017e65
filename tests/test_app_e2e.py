"""End to end: the Voilà app in headless Chromium (Debian's chromium, driven by Playwright).

Starts `voila app/kkr_scenarier.ipynb` on a free localhost port, opens it, puts C and V into one
valgforbund through the dropdowns and checks that the shown formand changes from A to C. A
screenshot goes to artifacts/e2e/. Skipped on a machine without chromium, except in CI
(CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "artifacts" / "e2e"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]

if CHROMIUM is None and os.environ.get("CI") != "true":
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    port = free_port()
    voila = Path(sys.executable).with_name("voila")
    proc = subprocess.Popen(
        [str(voila), str(REPO / "app" / "kkr_scenarier.ipynb"), "--no-browser",
         f"--port={port}", "--Voila.ip=127.0.0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
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
                    pytest.fail(f"voila did not start:\n{out[-3000:]}")
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def test_alliance_changes_the_chair_in_the_browser(app_url):
    assert CHROMIUM is not None, "CI must have chromium (see .ci/run)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1800})
        page.goto(app_url, timeout=90_000)
        page.wait_for_selector("text=Formand: A", timeout=90_000)
        assert page.locator("text=Næstformand: C").count() >= 1
        for name in ("C", "V"):
            page.locator(f".widget-dropdown:has(label:text-is('{name}')) select").select_option(
                "Valgforbund 1")
        page.wait_for_selector("text=Formand: C (valgforbund C+V)", timeout=30_000)
        shot = ARTIFACTS / "app_valgforbund_C+V.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
