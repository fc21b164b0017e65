"""kkr app: the scenario web app for a whole group, one server process (Solara behind
:mod:`kkr_analysis.widgets.server`, run by uvicorn as Solara's documentation deploys it)."""

from __future__ import annotations

import argparse
import os
import sys

from .common import Subparsers, add_election
from .validate import finite_float, int_range

CULL = "60s"  # a closed page's session is released this long after its connection ends
KEEP_ALIVE = 5  # seconds an idle kept-alive connection stays open
MAX_HEAD = 16 * 1024  # bytes of a request head (h11); a longer one is refused
SHUTDOWN = 5  # seconds open connections get to finish when the server is stopped


def server_command(host: str, port: int, data_dir: str | None = None,
                   idle_minutes: float = 30, *, max_connections: int = 400,
                   time_limit: float = 20, status_page: bool = False
                   ) -> tuple[list[str], dict[str, str]]:
    """The server's command line and environment ``kkr app`` runs (also used by the tests);
    ``data_dir`` reaches the app as ``$KKR_DATA_DIR``, the library's default folder.

    The limits a server open to a whole group needs: at most ``max_connections`` open
    connections (uvicorn's ``--limit-concurrency``, and :class:`GuardedH11` closes any beyond),
    a request head within 10 s and 16 kB, idle connections closed after 5 s, a first view
    within ``time_limit`` seconds; ``/resourcez`` only with ``status_page``."""
    from ..data import DATA_DIR_ENV
    from ..widgets.solara_assets import NOWHERE

    env = {**os.environ,
           "SOLARA_THEME_LOADER": "kkr", "SOLARA_THEME_SHOW_BANNER": "False",
           "SOLARA_THEME_TITLE": "KKR-scenarier", "SOLARA_ASSETS_CDN": NOWHERE,
           "SOLARA_ASSETS_FONTAWESOME_ENABLED": "False", "SOLARA_KERNEL_CULL_TIMEOUT": CULL,
           "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
           "SOLARA_APP": "kkr_analysis.widgets.solara_app", "SOLARA_MODE": "production",
           "SERVER_NAME": host, "SERVER_PORT": str(port),
           "KKR_APP_IDLE_SECONDS": str(round(idle_minutes * 60)),
           "KKR_APP_MAX_CONNECTIONS": str(max_connections),
           "KKR_APP_TIME_LIMIT": str(time_limit),
           "KKR_APP_STATUS_PAGE": "1" if status_page else "0"}
    if data_dir:
        env[DATA_DIR_ENV] = os.path.abspath(data_dir)
    args = [sys.executable, "-m", "uvicorn", "kkr_analysis.widgets.server:app",
            f"--host={host}", f"--port={port}", "--no-access-log", "--log-level=warning",
            "--http=kkr_analysis.widgets.server:GuardedH11",
            f"--limit-concurrency={max_connections}", f"--timeout-keep-alive={KEEP_ALIVE}",
            f"--h11-max-incomplete-event-size={MAX_HEAD}",
            f"--timeout-graceful-shutdown={SHUTDOWN}"]
    return args, env


def cmd_app(args: argparse.Namespace) -> int:
    """Read the data once (a broken folder is the loader's one line now, not "Beregner…" for
    every visitor), install the page's browser files once (npm registry), then become the
    server: ``kkr app`` is replaced by uvicorn in the same process, so a SIGTERM or SIGINT to
    its pid stops the whole server (no child is left serving the port)."""
    from ..data import load_election
    from ..widgets import solara_assets

    load_election(args.election, args.data_dir)
    solara_assets.install(log=lambda line: print(line, file=sys.stderr))
    command, env = server_command(args.host, args.port, args.data_dir, args.idle,
                                  max_connections=args.max_connections,
                                  time_limit=args.time_limit, status_page=args.status_page)
    print(f"KKR-scenarier: åbn http://{args.host}:{args.port}/ (Ctrl-C stopper serveren)",
          file=sys.stderr)
    sys.stderr.flush()
    sys.stdout.flush()
    os.execve(command[0], command, env)
    return 0  # not reached


def register(sub: Subparsers) -> None:
    p = sub.add_parser("app", help="start scenarie-appen (Solara: mange besøgende, én proces)")
    p.add_argument("--host", default="127.0.0.1",
                   help="adressen, appen lytter på (standard 127.0.0.1: kun denne maskine; "
                        "0.0.0.0 for gruppens netværk)")
    p.add_argument("--port", default=8866, type=int_range(1, 65535),
                   help="porten, appen lytter på (standard 8866)")
    p.add_argument("--idle", default=30, type=int_range(1, 24 * 60), metavar="MINUTTER",
                   help="en side, der ikke er brugt i så mange minutter, lukkes og beder om at "
                        "blive genindlæst (standard 30)")
    p.add_argument("--data-dir", default=None,
                   help="din egen datamappe (fx en skrevet af 'kkr import valgdk --out'); "
                   "standard: de medfølgende data")
    add_election(p, "valget, datamappen skal indeholde; det læses, før serveren starter")
    p.add_argument("--max-connections", default=400, type=int_range(10, 10_000),
                   metavar="ANTAL",
                   help="højst så mange åbne forbindelser (hver åben side holder én); flere "
                        "afvises straks (standard 400)")
    p.add_argument("--time-limit", default=20.0, type=finite_float(), metavar="SEKUNDER",
                   help="et links første visning skal være beregnet inden så mange sekunder, "
                        "ellers vises siden 'for stor beregning' (standard 20)")
    p.add_argument("--status-page", action="store_true",
                   help="vis /resourcez (maskinens CPU, hukommelse og sessioner); standard: "
                        "lukket")
    p.set_defaults(handler=cmd_app)
