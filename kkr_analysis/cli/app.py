"""kkr app: the scenario web app for a whole group, one server process (Solara behind
:mod:`kkr_analysis.widgets.server`, run by uvicorn as Solara's documentation deploys it)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from .common import Subparsers, add_election
from .validate import int_range

CULL = "60s"  # a closed page's session is released this long after its connection ends


def server_command(host: str, port: int, data_dir: str | None = None,
                   idle_minutes: float = 30) -> tuple[list[str], dict[str, str]]:
    """The server's command line and environment ``kkr app`` runs (also used by the tests);
    ``data_dir`` reaches the app as ``$KKR_DATA_DIR``, the library's default folder."""
    from ..data import DATA_DIR_ENV
    from ..widgets.solara_assets import NOWHERE

    env = {**os.environ,
           "SOLARA_THEME_LOADER": "kkr", "SOLARA_THEME_SHOW_BANNER": "False",
           "SOLARA_THEME_TITLE": "KKR-scenarier", "SOLARA_ASSETS_CDN": NOWHERE,
           "SOLARA_ASSETS_FONTAWESOME_ENABLED": "False", "SOLARA_KERNEL_CULL_TIMEOUT": CULL,
           "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
           "SOLARA_APP": "kkr_analysis.widgets.solara_app", "SOLARA_MODE": "production",
           "SERVER_NAME": host, "SERVER_PORT": str(port),
           "KKR_APP_IDLE_SECONDS": str(round(idle_minutes * 60))}
    if data_dir:
        env[DATA_DIR_ENV] = os.path.abspath(data_dir)
    args = [sys.executable, "-m", "uvicorn", "kkr_analysis.widgets.server:app",
            f"--host={host}", f"--port={port}", "--no-access-log", "--log-level=warning"]
    return args, env


def cmd_app(args: argparse.Namespace) -> int:
    """Install the page's browser files once (npm registry), then serve the app."""
    from ..data import require_election
    from ..widgets import solara_assets

    if args.data_dir:  # one clear line now, not an error page for every visitor
        require_election(args.election, args.data_dir)
    solara_assets.install(log=lambda line: print(line, file=sys.stderr))
    command, env = server_command(args.host, args.port, args.data_dir, args.idle)
    print(f"KKR-scenarier: åbn http://{args.host}:{args.port}/ (Ctrl-C stopper serveren)",
          file=sys.stderr)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


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
    add_election(p, "med --data-dir: valget, mappen skal indeholde")
    p.set_defaults(handler=cmd_app)
