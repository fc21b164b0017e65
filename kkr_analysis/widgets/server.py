"""``kkr app``'s web server: Solara's ASGI app behind one thin wrapper (issue 19).

Solara serves the live app (one process, a session per visitor; see ``solara_app``). The
wrapper adds what a visitor needs before Solara's 4 MB of browser script has run:

* ``GET /`` — Solara's page with the link's answer already in the HTML: the same
  :func:`~kkr_analysis.widgets.solara_app.first_view` text and tables the live app then shows,
  under a Danish "Beregner…" bar, in the slot Solara's template keeps for pre-rendered HTML
  (``pre_rendered_html``; the page then mounts the live app over it when the session is ready).
  Solara's own English texts in that page ("Server disconnected" …) are put in Danish.
* ``/references/…`` — the project's sources (``references/``) as files, and a list of them.
* A session whose page has sent nothing for ``KKR_APP_IDLE_SECONDS`` (``kkr app --idle``;
  default 30 minutes) ends: the page gets a Danish notice to reload (:mod:`sessions`), its
  connection is closed and Solara releases the session as for a closed tab. A page open and
  unused all day thus costs nothing; released sessions' memory is handed back to the system.
* The visitor's work never runs on the event loop: the first view is computed in a bounded
  pool of worker threads (``WORKERS``) within a time limit (``KKR_APP_TIME_LIMIT``, default
  ``TIME_LIMIT`` s, queueing included); over the limit the visitor gets a Danish "for stor
  beregning" page and every other visitor is served meanwhile. Every number in a link is read
  by the one bounded parser (:func:`kkr_analysis.scenario.parse_number`).
* Solara's routes that write or delete are closed: ``/_solara/cdn/…`` serves the installed
  browser files as files only (a folder or a missing file is a 404 at once; Solara's own CDN
  route would fetch a missing file with retries and delete a folder), ``/resourcez`` (the
  host's CPU, memory, sessions) answers only when ``kkr app --status-page`` asks for it.
* :class:`GuardedH11` (uvicorn's ``--http``): a connection that has not sent a whole request
  head within ``HEADER_SECONDS`` is closed, and connections beyond ``KKR_APP_MAX_CONNECTIONS``
  are closed at once (``kkr app --max-connections``; uvicorn's ``--limit-concurrency``).
* Everything else goes to Solara unchanged. Solara is deployed this way by its documentation:
  ``SOLARA_APP=… uvicorn solara.server.starlette:app`` (source: solara.dev/docs/deploying/
  self-hosted).
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import html as html_escape
import logging
import os
import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

os.environ.setdefault("SOLARA_APP", "kkr_analysis.widgets.solara_app")

import anyio  # noqa: E402
import h11  # noqa: E402
from solara.server.starlette import app as solara_asgi  # noqa: E402  (reads SOLARA_APP)
from starlette.applications import Starlette  # noqa: E402
from starlette.responses import HTMLResponse  # noqa: E402
from starlette.routing import Mount, Route  # noqa: E402
from starlette.staticfiles import StaticFiles  # noqa: E402
from uvicorn.protocols.http.h11_impl import H11Protocol  # noqa: E402

from . import sessions, solara_assets  # noqa: E402
from .solara_app import first_view, reference_links, references_dir  # noqa: E402

logger = logging.getLogger(__name__)

# Where the first view goes, and the flag that keeps Vue from mounting over it until the live
# app is ready — both as Solara's template (solara.html.j2) renders them with nothing
# pre-rendered. tests/app/test_app_e2e.py fails when a Solara release changes them.
SLOT = '<div id="pre-rendered-html-present" style="display: none"></div>'
FLAG = "solara.preRendered = 0 > 0"

# Solara's English page texts → Danish (regular expressions; whitespace as in the template).
DANISH: tuple[tuple[str, str], ...] = (
    (r"<html>", '<html lang="da">'),
    # Solara's 1 MB stylesheet would hold back the first paint: load it beside the page (it is
    # in place long before the live app, which needs it, has its 4 MB of script parsed)
    (r'(<link href="[^"]*/dist/main\d+\.css" rel="stylesheet")',
     "\\1 media=\"print\" onload=\"this.media='all'\""),
    (r"Could not restore session\. Please refresh the page\.",
     "Sessionen kunne ikke genoprettes. Genindlæs siden."),
    (r"App is disconnected, and may not function properly\. Please refresh the page\.",
     "Forbindelsen til serveren er afbrudt, og appen virker måske ikke. Genindlæs siden."),
    (r"Server\s+disconnected\.", "Forbindelsen er afbrudt."),
    (r"Restoring session…", "Genopretter sessionen…"),
    (r">Please refresh the page<", ">Genindlæs siden<"),
    (r"Could not restore session\. Please refresh\.",
     "Sessionen kunne ikke genoprettes. Genindlæs siden."),
    (r">(\s*)Refresh now(\s*)<", r">\1Genindlæs nu\2<"),
    (r'(@click="setCancelAutoRefresh\(\)">\s*)Cancel(\s*<)', r"\1Annullér\2"),
)


def danish_page(html: str, first: str) -> tuple[str, list[str]]:
    """Solara's page with ``first`` in its pre-render slot and its texts in Danish; also the
    patterns that matched nothing (a changed Solara template), which the caller logs."""
    missing = [marker for marker in (SLOT, FLAG) if marker not in html]
    if not missing:
        html = html.replace(SLOT, first + SLOT, 1).replace(FLAG, "solara.preRendered = true", 1)
    for pattern, danish in DANISH:
        html, count = re.subn(pattern, danish, html)
        if count == 0:
            missing.append(pattern)
    return html, missing


TIME_ENV = "KKR_APP_TIME_LIMIT"
TIME_LIMIT = 20.0  # seconds a first view may take, its wait for a worker included
WORKERS = 4  # threads computing first views; a burst beyond them waits its turn
_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="kkr-first-view")
TOO_BIG = ("<!doctype html><html lang='da'><meta charset='utf-8'><title>For stor beregning"
           "</title><h1>For stor beregning</h1><p>Linkets scenarie kunne ikke beregnes inden "
           "for serverens tidsgrænse (serveren kan også være travl lige nu). Prøv igen om lidt, "
           "eller <a href='/'>åbn appen uden linkets scenarie</a>.</p></html>")


def time_limit() -> float:
    """Seconds a first view may take (``$KKR_APP_TIME_LIMIT``, set by kkr app)."""
    try:
        value = float(os.environ.get(TIME_ENV, TIME_LIMIT))
    except ValueError:
        value = TIME_LIMIT
    return value if value > 0 else TIME_LIMIT


async def first_view_in_pool(query: str) -> str | None:
    """:func:`first_view` computed in the worker pool, never on the event loop; ``None`` when
    it is not done within :func:`time_limit` (the worker finishes on its own and is then free)."""
    future = asyncio.get_running_loop().run_in_executor(_POOL, first_view, query)
    try:
        return await asyncio.wait_for(asyncio.shield(future), time_limit())
    except TimeoutError:
        logger.warning("first view over the time limit for %s",
                       html_escape.escape(query[:80]))
        return None


CDN_PREFIX = "/_solara/cdn/"
STATUS_ENV = "KKR_APP_STATUS_PAGE"
NOT_HERE = ("<!doctype html><html lang='da'><meta charset='utf-8'><p>Siden findes ikke."
            "</p></html>")


class CdnFiles(StaticFiles):
    """The installed browser files, as files only: no fetch, no write, no delete; a folder or a
    missing file is a 404 at once. Exact versions in the path (``@10.1.1/``) never change, so
    the browser may keep them."""

    async def get_response(self, path: str, scope):
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304) and re.search(r"@\d+\.\d+\.\d+/", path):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def cdn_app() -> Starlette:
    """``/_solara/cdn/…`` from :func:`solara_assets.cache_dir` (paths confined to it)."""
    folder = solara_assets.cache_dir()
    files = CdnFiles(directory=str(folder), follow_symlink=False, check_dir=False)
    return Starlette(routes=[Mount(CDN_PREFIX.rstrip("/"), app=files)],
                     exception_handlers={404: lambda _r, _e: HTMLResponse(NOT_HERE, 404)})


HEADER_SECONDS = 10.0  # a connection's time to send a whole request head
CONNECTIONS_ENV = "KKR_APP_MAX_CONNECTIONS"
MAX_CONNECTIONS = 400  # open connections (pages' sessions included); beyond: closed at once
# one address may hold a quarter of them, so one machine flooding cannot shut out the group


class GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a header timeout and a connection cap: a connection
    that holds no request for ``HEADER_SECONDS`` (half-sent heads included) is closed, and a
    connection beyond ``$KKR_APP_MAX_CONNECTIONS`` open ones, or beyond a quarter of them from
    one address, is closed as it opens."""

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        cap = int(os.environ.get(CONNECTIONS_ENV, MAX_CONNECTIONS))
        host = self.client[0] if self.client else None
        same = sum(1 for c in self.connections if (getattr(c, "client", None) or (None,))[0]
                   == host)
        if len(self.connections) > cap or same > max(cap // 4, 1):
            transport.close()
            return
        self._arm_header_timer()

    def _arm_header_timer(self) -> None:
        self.loop.call_later(HEADER_SECONDS, self._header_timeout)

    def _header_timeout(self) -> None:
        """Close the connection if it is still waiting for a request head (an upgraded
        connection belongs to the websocket protocol and is left alone)."""
        transport = self.transport
        if transport.is_closing() or transport.get_protocol() is not self:
            return
        if self.conn.their_state is h11.IDLE and (self.cycle is None
                                                  or self.cycle.response_complete):
            transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_header_timer()


IDLE_ENV = "KKR_APP_IDLE_SECONDS"
IDLE_DEFAULT = 30 * 60
_CHANNELS = re.compile(r"^/jupyter/api/kernels/([^/]+)/channels$")


def idle_seconds() -> float:
    """The idle time after which a session ends (``$KKR_APP_IDLE_SECONDS``, set by kkr app)."""
    try:
        value = float(os.environ.get(IDLE_ENV, IDLE_DEFAULT))
    except ValueError:
        value = IDLE_DEFAULT
    return value if value > 0 else IDLE_DEFAULT


def release_memory() -> None:
    """Hand the memory of released sessions back to the system: a collection, then glibc's
    ``malloc_trim`` (without it the process keeps freed memory for reuse and its size only
    grows); elsewhere only the collection."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _cull_seconds() -> float:
    from solara.server import settings
    from solara.util import parse_timedelta

    return parse_timedelta(settings.kernel.cull_timeout)


def _close_page(kernel: str, scope) -> None:
    """End the session as Solara does for a closed browser tab (its ``page_close``)."""
    from solara.server import kernel_context

    context = kernel_context.contexts.get(kernel)
    page = parse_qs(_query(scope)).get("session_id", [""])[-1]
    if context is not None and page:
        context.page_close(page)


def _query(scope) -> str:
    return scope.get("query_string", b"").decode("latin-1")


class KkrServer:
    """The ASGI app ``kkr app`` serves: Solara's, with the first view and ``/references/``."""

    def __init__(self, app) -> None:
        self.app = app
        self.references = references_app()
        self.idle = idle_seconds()
        self._release: asyncio.TimerHandle | None = None
        self.cdn = cdn_app()
        self.status_page = os.environ.get(STATUS_ENV) == "1"

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == "/references" or path.startswith("/references/")):
            await self.references(scope, receive, send)
        elif scope["type"] == "http" and path.startswith(CDN_PREFIX.rstrip("/")):
            await self.cdn(scope, receive, send)
        elif scope["type"] == "http" and path.rstrip("/") == "/resourcez" and not self.status_page:
            await HTMLResponse(NOT_HERE, status_code=404)(scope, receive, send)
        elif scope["type"] == "http" and path == "/" and scope.get("method") == "GET":
            await self._page(scope, receive, send)
        elif scope["type"] == "websocket" and _CHANNELS.match(path):
            await self._session(_CHANNELS.match(path).group(1), scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _session(self, kernel: str, scope, receive, send) -> None:
        """A visitor's session connection, ended after ``self.idle`` seconds without a message
        from the page (the page sends one for every change it makes)."""
        closed = False

        async def until_idle():
            nonlocal closed
            if closed:
                return {"type": "websocket.disconnect", "code": 1000}
            try:
                return await asyncio.wait_for(receive(), timeout=self.idle)
            except TimeoutError:
                logger.info("session ended after %.0f s without use", self.idle)
                await anyio.to_thread.run_sync(sessions.tell_ended, kernel, self.idle)
                await asyncio.sleep(0.5)  # the notice's message reaches the page first
                closed = True
                await send({"type": "websocket.close", "code": 1000})
                await anyio.to_thread.run_sync(_close_page, kernel, scope)
                return {"type": "websocket.disconnect", "code": 1000}

        async def unless_closed(message) -> None:
            if not closed:
                await send(message)

        try:
            await self.app(scope, until_idle, unless_closed)
        finally:
            self._release_later()

    def _release_later(self) -> None:
        """Once the sessions of the pages that just closed are released (Solara's cull time
        after their connection ended), give their memory back; one run for a burst of pages."""
        if self._release is not None:
            self._release.cancel()
        self._release = asyncio.get_running_loop().call_later(_cull_seconds() + 5,
                                                              release_memory)

    async def _page(self, scope, receive, send) -> None:
        start: dict = {}
        chunks: list[bytes] = []

        async def keep(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        # the page uncompressed (89 kB), so its HTML can be read; its scripts stay compressed
        plain = {**scope, "headers": [(k, v) for k, v in scope.get("headers", [])
                                      if k.lower() != b"accept-encoding"]}
        await self.app(plain, receive, keep)
        body = b"".join(chunks)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        html_type = any(k.lower() == b"content-type" and v.startswith(b"text/html")
                        for k, v in headers)
        encoded = any(k.lower() == b"content-encoding" for k, _ in headers)
        if start.get("status") == 200 and html_type and not encoded:
            first = await first_view_in_pool(_query(scope))
            if first is None:
                await HTMLResponse(TOO_BIG, status_code=503)(scope, receive, send)
                return
            page, missing = danish_page(body.decode("utf-8", errors="replace"), first)
            if missing:
                logger.warning("Solara's page template changed; not found: %s", missing)
            body = page.encode("utf-8")
        headers.append((b"content-length", str(len(body)).encode("ascii")))
        await send({"type": "http.response.start", "status": start.get("status", 500),
                    "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _index(_request) -> HTMLResponse:
    return HTMLResponse(references_index())


async def _not_found(_request, _exc) -> HTMLResponse:
    return HTMLResponse("<!doctype html><html lang='da'><meta charset='utf-8'><p>Filen findes "
                        "ikke i kildemappen. Se <a href='/references/'>listen over kilder</a>."
                        "</p></html>", status_code=404)


def references_app() -> Starlette:
    """``/references/`` (the list) and ``/references/NAME`` (a file; StaticFiles keeps every
    path inside the folder); anything else there is a Danish 404."""
    folder = references_dir()
    routes = [Route("/references", _index), Route("/references/", _index)]
    if folder is not None:
        routes.append(Mount("/references", app=StaticFiles(directory=str(folder))))
    return Starlette(routes=routes, exception_handlers={404: _not_found})


def references_index() -> str:
    """``/references/``: the source files, each a link (names escaped)."""
    items = "".join(f"<li>{link}</li>" for link in reference_links())
    return (f"<!doctype html><html lang='da'><meta charset='utf-8'><title>Kilder</title>"
            f"<h1>Kilder (references/)</h1><ul>{items}</ul></html>")


app = KkrServer(solara_asgi)
