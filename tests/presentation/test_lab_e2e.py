"""End to end: `make lab`'s JupyterLab, headless, runs notebook 02 and its valgforbund widget.

Starts JupyterLab (token, free localhost port, settings and workspaces in a temporary folder) on
a copy of notebooks/, opens notebook 02 in Chromium, runs all cells, and checks that the
valgforbund widget renders and reacts: C and V into one valgforbund makes C formand. Requests
to any other host than 127.0.0.1 are blocked. Skipped without chromium, except under CI=true.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import CHROMIUM, require_chromium
from browser import CHROMIUM_FLAGS as FLAGS

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "e2e"
require_chromium()

sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("jupyterlab")
pytestmark = pytest.mark.slow


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    # As an analyst does in JupyterLab: the parameters cell's INTERACTIVE = True shows the live
    # widgets instead of the reports' static tables.
    nb = root / "notebooks" / "02_alliance_scenarios.ipynb"
    text = nb.read_text(encoding="utf-8")
    if "INTERACTIVE = False" in text:
        nb.write_text(text.replace("INTERACTIVE = False", "INTERACTIVE = True", 1),
                      encoding="utf-8")
    config = root / "config"
    (config / "labconfig").mkdir(parents=True)
    # No announcements/news fetch: nothing may leave the machine.
    (config / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config),
               JUPYTERLAB_SETTINGS_DIR=str(root / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(root / "runtime"))
    port, token = free_port(), secrets.token_hex(16)
    jupyter = Path(sys.executable).with_name("jupyter")
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--ServerApp.root_dir={root / 'notebooks'}",
         f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.extension_manager=readonly", "--allow-root"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                    pytest.fail(f"jupyter lab did not start:\n{out[-3000:]}")
                time.sleep(0.5)
        yield base, token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_notebook_02_widget_renders_and_reacts_in_jupyterlab(lab):
    assert CHROMIUM is not None, "CI must have chromium"
    base, token = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1600})
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1",
                                                    "data:", "blob:"))
                   else route.abort())
        page.set_default_timeout(120_000)
        try:
            page.goto(f"{base}/lab/tree/02_alliance_scenarios.ipynb?token={token}")
            page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')")
            # A fresh settings folder asks once which kernel to use: the notebook's own.
            dialog = page.locator(".jp-Dialog button.jp-mod-accept")
            try:
                dialog.click(timeout=20_000)
            except sync_api.TimeoutError:
                pass  # no dialog: the kernel started by itself
            page.wait_for_function(
                "window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel"
                "?.status === 'idle'")
            # Not awaited: the command's promise ends with the last cell, the waits below watch.
            page.evaluate("() => { window.jupyterapp.commands.execute("
                          "'notebook:run-all-cells'); }")
            select = ".jp-OutputArea .widget-dropdown:has(label:text-is('{}')) select"
            page.wait_for_selector(select.format("C"))
            page.wait_for_selector(".jp-OutputArea pre:text('Formand: A')")
            for name in ("C", "V"):
                page.locator(select.format(name)).select_option("Valgforbund 1")
            page.wait_for_selector(".jp-OutputArea pre:text('Formand: C (valgforbund C+V)')")
        finally:
            page.screenshot(path=str(ARTIFACTS / "lab_notebook02_C+V.png"))
            browser.close()
