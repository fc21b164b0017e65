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
