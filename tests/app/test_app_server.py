"""``kkr app``'s server pieces without a browser: its browser files, its command, its page."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile

import pytest

pytest.importorskip("solara")

from kkr_analysis.cli.app import server_command  # noqa: E402
from kkr_analysis.widgets import solara_assets  # noqa: E402


def test_the_template_names_the_packages_it_loads():
    names = dict(solara_assets.wanted())
    assert "requirejs" in names and any(n.startswith("@widgetti/") for n in names)


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_install_checks_the_sha512_and_keeps_only_what_is_served(tmp_path, monkeypatch):
    data = _tarball({"package/dist/app.js": b"ok", "package/src/secret.ts": b"x",
                     "package/package.json": b"{}", "package/../../evil": b"x"})
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    meta = {"dist": {"integrity": f"sha512-{digest}", "tarball": "T"}}
    monkeypatch.setattr(solara_assets, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(solara_assets, "wanted", lambda: [("pkg", "1.0.0")])
    monkeypatch.setattr(solara_assets, "_fetch",
                        lambda url: data if url == "T" else json.dumps(meta).encode())
    assert solara_assets.install(log=lambda _l: None) == ["pkg@1.0.0"]
    root = tmp_path / "pkg@1.0.0"
    assert (root / "dist" / "app.js").read_bytes() == b"ok"
    assert not (root / "src").exists() and not (tmp_path.parent / "evil").exists()
    assert solara_assets.install(log=lambda _l: None) == []  # once
    meta["dist"]["integrity"] = "sha512-" + base64.b64encode(b"0" * 64).decode()
    monkeypatch.setattr(solara_assets, "wanted", lambda: [("other", "2.0.0")])
    with pytest.raises(RuntimeError, match="sha512"):
        solara_assets.install(log=lambda _l: None)


def test_server_command_binds_where_asked_and_points_the_cdn_nowhere():
    command, env = server_command("0.0.0.0", 9999)
    assert "--host=0.0.0.0" in command and "--port=9999" in command
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")
    assert env["SOLARA_THEME_LOADER"] == "kkr" and env["SOLARA_THEME_SHOW_BANNER"] == "False"
    assert "kkr_analysis.widgets.server:app" in command  # Solara behind the first-view wrapper
    assert env["KKR_APP_IDLE_SECONDS"] == "1800"
    assert server_command("127.0.0.1", 9999, idle_minutes=5)[1]["KKR_APP_IDLE_SECONDS"] == "300"


def test_app_on_a_users_data_folder(tmp_path, monkeypatch):
    """kkr app --data-dir DIR: the server's sessions read DIR ($KKR_DATA_DIR); a folder without
    the election is one line before any server starts."""
    from kkr_analysis.cli import main
    from kkr_analysis.data import DATA_DIR_ENV

    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    _, env = server_command("127.0.0.1", 9999, str(tmp_path))
    assert env[DATA_DIR_ENV] == str(tmp_path.resolve())
    assert DATA_DIR_ENV not in server_command("127.0.0.1", 9999)[1]
    assert main(["app", "--data-dir", str(tmp_path / "missing")]) == 2


def test_the_page_shows_the_link_and_the_sources():
    from kkr_analysis.widgets.solara_app import page_widget, sources_html

    page = page_widget("valg=KV21&kkr=Hovedstaden&forbund=c+v")
    html = "".join(getattr(w, "value", "") for w in page.children)
    assert "KKR-scenarier" in html
    assert "RULES.md" in sources_html()


def test_memory_of_released_sessions_is_given_back_once_per_burst(monkeypatch):
    """After pages close, the server hands freed memory back to the system once, after
    Solara's cull time (the soak's memory-after figure in benchmarks/bench_app.py)."""
    import asyncio

    from kkr_analysis.widgets import server

    calls = []
    monkeypatch.setattr(server, "_cull_seconds", lambda: -4.99)  # 5 s margin → 0.01 s
    monkeypatch.setattr(server, "release_memory", lambda: calls.append(1))
    wrapper = server.KkrServer(lambda *_a: None)

    async def burst():
        for _ in range(5):
            wrapper._release_later()
        await asyncio.sleep(0.2)

    asyncio.run(burst())
    assert calls == [1]


# -- a real `kkr app` on 127.0.0.1, as a hostile visitor meets it ------------------------------
# Bounded: two servers, a few dozen requests, every wait with a timeout (none is asserted as a
# speed: a server that froze makes the request time out, a failure, not a slow pass).

def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 30) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")


class _App:
    """``kkr app`` started as a user starts it (its own process group, for the cleanup only)."""

    def __init__(self, *options: str, open_files: int | None = None) -> None:
        import resource
        import subprocess
        import sys
        import tempfile
        import time

        def limit() -> None:  # a small file-descriptor limit, as on a modest host
            if open_files:
                resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

        solara_assets.install(log=lambda _l: None)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # its messages to a file: a pipe nobody reads would stop the server once full
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kkr_analysis.cli", "app", "--election", "KV21",
             "--port", str(self.port), *options],
            stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True,
            preexec_fn=limit)
        deadline = time.monotonic() + 120
        while True:
            try:
                _get(self.url + "/references/", timeout=5)
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    self.log.seek(0)
                    pytest.fail(f"kkr app did not start: {self.log.read()[-2000:]!r}")
                time.sleep(0.5)

    def stop(self) -> None:
        import os
        import signal

        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=30)
        self.log.close()


@pytest.fixture(scope="module")
def app():
    server = _App()
    yield server
    server.stop()


def test_a_huge_exponent_in_a_link_is_one_danish_line_and_blocks_no_one(app):
    """``?spaerregraense=1e-999999999999`` made Fraction compute 10**N on the event loop."""
    import threading

    answers: dict[str, tuple[int, str]] = {}
    hostile = threading.Thread(target=lambda: answers.update(
        hostile=_get(app.url + "/?spaerregraense=1e-999999999999&stemmer=C:1e-29999999")))
    hostile.start()
    answers["other"] = _get(app.url + "/references/README.md")
    hostile.join(timeout=60)
    status, page = answers["hostile"]
    assert status == 200 and answers["other"][0] == 200
    assert "Spærregrænsen «1e-999999999999» er ikke en procentsats" in page


def test_the_cdn_route_serves_files_only_and_deletes_nothing(app):
    """A folder under /_solara/cdn/ made Solara's CDN helper delete it (shutil.rmtree); a
    missing file held a worker thread for seconds of retries."""
    import threading

    folder = solara_assets.cache_dir() / "@widgetti" / "solara-vuetify-app@10.1.1"
    assert folder.is_dir()
    assert _get(app.url + "/_solara/cdn/@widgetti/solara-vuetify-app@10.1.1")[0] == 404
    assert _get(app.url + "/_solara/cdn/@widgetti/solara-vuetify-app@10.1.1/")[0] == 404
    assert folder.is_dir() and any(folder.iterdir())
    assert _get(app.url + "/_solara/cdn/requirejs@2.3.6/require.js")[0] == 200
    assert _get(app.url + "/_solara/cdn/requirejs@2.3.6/../../../pyvenv.cfg")[0] == 404
    statuses: list[int] = []
    missing = [threading.Thread(target=lambda i=i: statuses.append(_get(
        f"{app.url}/_solara/cdn/requirejs@2.3.6/missing-{i}.js", timeout=20)[0]))
        for i in range(60)]
    for thread in missing:
        thread.start()
    assert _get(app.url + "/references/README.md", timeout=20)[0] == 200
    for thread in missing:
        thread.join(timeout=60)
    assert statuses == [404] * 60


def test_the_status_page_is_closed(app):
    status, page = _get(app.url + "/resourcez?verbose")
    assert status == 404 and "cpu" not in page.lower()


def test_a_half_sent_request_is_closed(app):
    """Idle half-sent requests held their connections for ever (no header timeout)."""
    import socket

    with socket.create_connection(("127.0.0.1", app.port), timeout=30) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never ends its head
        assert conn.recv(100) == b""  # closed by the server (a timeout here is a failure)


def _visit_from_another_machine(port: int, tries: int = 20) -> bytes:
    """A visitor from 127.0.0.2: the first 12 bytes of its answer (b"" if never served). A
    connection accepted during the flood may be closed with it, so it tries again."""
    import socket
    import time

    for _ in range(tries):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5,
                                          source_address=("127.0.0.2", 0)) as visitor:
                visitor.sendall(b"GET /references/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                b"Connection: close\r\n\r\n")
                answer = visitor.recv(12)
            if answer:
                return answer
        except OSError:
            pass
        time.sleep(1)
    return b""


def test_idle_half_sent_connections_from_one_machine_do_not_shut_out_the_others():
    """Idle half-sent requests exhausted the server's file descriptors: new visitors timed out.
    Here 300 from 127.0.0.1 against a server allowed 256 open files; a visitor from 127.0.0.2
    is served."""
    import socket

    server = _App("--max-connections", "100", open_files=256)
    flood = []
    try:
        for _ in range(300):
            conn = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            flood.append(conn)
        assert _visit_from_another_machine(server.port) == b"HTTP/1.1 200"
    finally:
        for conn in flood:
            conn.close()
        server.stop()


def test_a_computation_over_the_time_limit_gets_a_danish_page_and_others_are_served():
    """Over ``--time-limit`` the visitor gets "For stor beregning" while others are served."""
    server = _App("--time-limit", "0.000001")
    try:
        status, page = _get(server.url + "/?valg=KV21&kkr=Hovedstaden&forbund=A+F")
        assert status == 503 and "For stor beregning" in page and "lang='da'" in page
        assert _get(server.url + "/references/")[0] == 200
    finally:
        server.stop()


def test_kill_of_kkr_app_stops_the_server():
    """``kill <pid of kkr app>`` (SIGTERM to that one process, not its group) stops the
    server: no child is left serving the port."""
    import os
    import signal
    import socket

    server = _App()
    try:
        os.kill(server.proc.pid, signal.SIGTERM)
        server.proc.wait(timeout=30)
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", server.port),
                                                              timeout=5):
            pass
    finally:
        server.stop()


def test_kkr_app_refuses_a_broken_data_folder_before_serving(tmp_path, monkeypatch, capsys):
    """A Latin-1 results.csv: one Danish line and exit 2, no server that shows "Beregner…"."""
    import shutil
    import subprocess

    from kkr_analysis.cli import main
    from kkr_analysis.data import default_data_dir

    shutil.copytree(default_data_dir(), tmp_path / "d", ignore=shutil.ignore_patterns("valgdk"))
    results = tmp_path / "d" / "kv21" / "results.csv"
    results.write_bytes(results.read_text(encoding="utf-8").encode("latin-1"))

    def no_server(*_args, **_kwargs):
        raise AssertionError("a server was started on a broken data folder")

    monkeypatch.setattr(subprocess, "call", no_server)
    monkeypatch.setattr("os.execve", no_server)
    assert main(["app", "--election", "KV21", "--data-dir", str(tmp_path / "d")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "results.csv" in err[0]


def test_solara_is_pinned_to_the_minor_version_the_page_patterns_were_written_for():
    """widgets/server.py edits Solara's page by patterns written against Solara 1.64: pip and
    conda install that minor version, and it is the one installed."""
    from pathlib import Path

    import solara

    root = Path(__file__).resolve().parents[2]
    pin = "solara>=1.64,<1.65"
    assert (root / "pyproject.toml").read_text(encoding="utf-8").count(f'"{pin}"') == 2
    assert pin in (root / "environment.yml").read_text(encoding="utf-8")
    assert solara.__version__.startswith("1.64.")
