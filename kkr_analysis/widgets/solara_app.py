"""The scenario app served by Solara: many visitors, one Python process (``kkr app``).

Each visitor gets a session (a Solara "virtual kernel": its own :class:`ScenarioApp` and
widgets), not a Python process; the data and the computed scenarios are cached once for all
(``model``'s caches). The visitor's link (``?valg=…``) is read by
:func:`~kkr_analysis.widgets.link.read_link`. A session ends when its page closes (Solara closes
the kernel of a closed connection after ``SOLARA_KERNEL_CULL_TIMEOUT``, set by ``kkr app``).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

import ipywidgets as widgets
import solara

from . import sessions
from .app import ScenarioApp
from .link import read_link
from .model import evaluate
from .render import FIRST, result_html

INTRO = (
    "<h1 style='margin:4px 0'>KKR-scenarier</h1><p style='max-width:1000px'><b>Reglen:</b> "
    "Formand og næstformand vælges ved forholdstalsvalg (d'Hondt) på regionens stemmetal ved "
    "kommunalvalget blandt de lister, der er repræsenteret i KKR (mindst 2 % af stemmerne og "
    "mindst ét kommunalbestyrelsesmedlem), og listerne kan indgå valgforbund, der stiller med "
    "deres samlede stemmer (KL's love § 15, stk. 3; KKR's forretningsorden § 4). Den største "
    "kvotient giver formandsposten og den næststørste næstformandsposten; inden for et "
    "valgforbund går posten til den liste, der har flest stemmer, medmindre forbundet har peget "
    "på sine lister til første og anden post. Kilderne står under «Kilder» nederst.</p>"
    "<p style='max-width:1000px'>Vælg "
    "valg, KKR, spærregrænse og metode; sæt listerne i valgforbund (eller vælg en "
    "forudindstilling) og ændr stemmetal. Scenariet står i adresselinjen: kopiér linket for at "
    "dele det.</p>")


def references_dir() -> Path | None:
    """``references/`` of a checkout, or the copy shipped in the wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_references", here.parent / "references"):
        if candidate.is_dir():
            return candidate
    return None


def reference_links(target: str = "") -> list[str]:
    """A link (``/references/NAME``, names escaped) to each file of ``references/``; served by
    :mod:`kkr_analysis.widgets.server`."""
    folder = references_dir()
    names = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder else []
    return [f"<a href='/references/{escape(quote(n))}'{target}>{escape(n)}</a>" for n in names]


def sources_html() -> str:
    """The project's sources (``references/``) as text in the page: README and RULES in full."""
    folder = references_dir()
    if folder is None:
        return "<p>Kildemappen references/ følger ikke med denne installation.</p>"
    links = ", ".join(reference_links(" target='_blank'"))
    parts = [f"<p>Filer i <a href='/references/' target='_blank'>references/</a>: {links}</p>"]
    for name in ("README.md", "RULES.md"):
        path = folder / name
        if path.is_file():
            parts.append(f"<h4>{escape(name)}</h4><pre style='white-space:pre-wrap;"
                         f"font-size:12px;max-width:1100px'>"
                         f"{escape(path.read_text(encoding='utf-8'))}</pre>")
    return "".join(parts)


LOADING = (
    "<div class='kkr-loader kkr-first-loader' role='status' aria-live='polite' "
    "style='width:auto;max-width:1000px;text-align:left;font-size:1em;margin:4px 0 8px 0'>"
    "<div class='kkr-loader-bar'></div><p style='margin:4px 0'><b>Beregner…</b> Resultatet "
    "nedenfor er linkets scenarie; felterne til at ændre det og diagrammerne indlæses.</p></div>")


def first_view(query: str | None) -> str:
    """What the server writes into the page's HTML for the link ``query``, shown from the first
    byte until the live app takes over: the Danish "Beregner…" bar, the intro, and the answer
    from the same functions the live app calls (:func:`read_link`, :func:`evaluate`,
    :func:`result_html`), so both say the same. Never raises: a failure shows only the bar."""
    try:
        scenario, notes = read_link(query)
        answer = result_html(evaluate(scenario), notes, css_class=FIRST)
    except Exception:  # noqa: BLE001 - the live app reports the error itself; keep the page
        answer = ""
    return f"<div class='kkr-first-view' style='padding:8px 16px'>{LOADING}{INTRO}{answer}</div>"


def page_widget(query: str | None) -> widgets.Widget:
    """Everything one visitor sees: the intro, the app for the link, the sources."""
    app = ScenarioApp.from_query(query, url_sync=True)
    notice = widgets.HTML("")  # the idle notice (sessions.tell_ended) appears here
    sessions.register(notice)
    sources = widgets.Accordion(children=[widgets.HTML(sources_html())], selected_index=None)
    sources.set_title(0, "Kilder (references/)")
    return widgets.VBox([notice, widgets.HTML(INTRO), app.widget, sources])


@solara.component
def Page():
    router = solara.use_router()
    page = solara.use_memo(lambda: page_widget(router.search), [])
    solara.Title("KKR-scenarier")
    solara.display(page)
