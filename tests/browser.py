"""The headless browser the browser tests share: Debian's chromium driven by Playwright.

Skipped on a machine without chromium, except in CI (CI=true), where a missing browser fails.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


def require_chromium() -> None:
    """Skip the calling test module when chromium is missing (outside CI)."""
    if CHROMIUM is None and os.environ.get("CI") != "true":
        pytest.skip("chromium is not installed (apt-get install chromium)",
                    allow_module_level=True)
