"""The one escaping helper for HTML: every string from a data file or a link that is written
into a report page, a notebook's Markdown or the app goes through here (house rule: data is
hostile until escaped; issue 20).

- :func:`esc` for element text and quoted attribute values (``&``, ``<``, ``>``, ``"``, ``'``);
- :func:`markdown_safe` for Markdown that readers see: raw HTML in it is shown as text (only
  the ``<br>`` line break the views write is kept), so a list name ``<img onerror=…>`` is text;
- :data:`REPORT_CSP`: the reports' Content-Security-Policy (no script but the page's own, no
  request leaves the page), a second wall behind the escaping.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

__all__ = ["esc", "markdown_safe", "csp_meta", "file_name"]

_BR = re.compile(r"&lt;br\s*/?&gt;", re.IGNORECASE)


def esc(value: object) -> str:
    """``value`` as HTML text, safe in element content and in quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def markdown_safe(text: str) -> str:
    """Markdown whose raw HTML is escaped (shown as text); ``<br>`` line breaks are kept.

    Markdown itself (``**bold**``, lists, headings) still works; ``&``, ``<`` and ``>`` become
    character references, which Markdown renders as the characters themselves."""
    return _BR.sub("<br>", html.escape(str(text), quote=False))


def csp_meta(scripts: list[str]) -> str:
    """A ``<meta>`` Content-Security-Policy allowing only the given inline scripts (by hash),
    inline styles and ``data:`` images and fonts: an injected ``<script>``, event handler or
    external request is refused by the browser even if some string escaped the escaping."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts)
    policy = (f"default-src 'none'; script-src {hashes or chr(39) + 'none' + chr(39)}; "
              "style-src 'unsafe-inline'; img-src data:; font-src data:; "
              "base-uri 'none'; form-action 'none'")
    return f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">'


_UNSAFE_IN_NAME = re.compile(r"[^\w.\-]+")


def file_name(stem: str, limit: int = 120) -> str:
    """A name from data made safe as a file name (downloads, figures): letters (also æøå),
    digits, ``.``, ``-`` and ``_`` only, no leading dot, no path: a region ``../x`` or a list
    ``'><script>`` never becomes a path or breaks out of an attribute."""
    name = _UNSAFE_IN_NAME.sub("_", stem).strip("._") or "kkr"
    return name[:limit]
