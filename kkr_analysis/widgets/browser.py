"""Tiny bits of browser-side behaviour for HTML widgets, with no network and no extension.

An HTML widget's value is inserted as markup, where ``<script>`` does not run; an image whose
source fails to load runs its ``onerror`` handler, so that carries the snippet. Each snippet
gets a fresh counter so that setting the same action twice still runs it.
"""

from __future__ import annotations

import itertools
import json
from html import escape

_counter = itertools.count(1)


def run_js(code: str) -> str:
    """HTML that runs ``code`` once when it is put into the page."""
    return (f'<img alt="" data-run="{next(_counter)}" src="" style="display:none" '
            f'onerror="{escape(code, quote=True)}">')


def replace_url_query(query: str) -> str:
    """HTML that sets the browser's address to ``?query`` without reloading (shareable link)."""
    return run_js(f"history.replaceState(history.state, '', location.pathname + '?' + "
                  f"{json.dumps(query)})")


def download(name: str, url: str, label: str) -> str:
    """A download link (a data: URL: nothing leaves the machine) that clicks itself once."""
    anchor = f"kkr-download-{next(_counter)}"
    return (f'<a id="{anchor}" class="kkr-download" download="{escape(name, quote=True)}" '
            f'href="{url}">{escape(label)}</a>'
            + run_js(f"document.getElementById({json.dumps(anchor)}).click()"))
