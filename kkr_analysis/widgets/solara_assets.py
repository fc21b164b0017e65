"""The browser files Solara's page loads, installed once from the npm registry, served locally.

Solara's page template asks for its JavaScript and CSS under ``/_solara/cdn/…``; when a file is
not in the server's cache folder, the *server* fetches it from a public CDN. The app must not
send a request off the machine while strategists use it, so ``kkr app`` (and ``make app``)
install the packages the template names once, from the npm registry (like pip from PyPI), into
that cache folder, check each tarball against the registry's sha512 integrity, and start the
server with the CDN pointed at nothing (a missing file fails locally instead of leaving).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
NOWHERE = "http://127.0.0.1:9/"  # Solara's CDN setting while serving: nothing leaves the machine
_PACKAGE = re.compile(r"\{\{cdn\}\}/((?:@[\w.-]+/)?[\w.-]+)@(\d[\w.-]*)/")


def cache_dir() -> Path:
    """The folder the Solara server serves ``/_solara/cdn/`` from."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def wanted() -> list[tuple[str, str]]:
    """(package, version) for every package Solara's page template loads from its CDN."""
    import solara.server

    template = Path(solara.server.__file__).with_name("templates") / "solara.html.j2"
    found = dict.fromkeys(_PACKAGE.findall(template.read_text(encoding="utf-8")))
    return list(found)


def missing() -> list[tuple[str, str]]:
    root = cache_dir()
    return [(name, version) for name, version in wanted()
            if not (root / f"{name}@{version}" / ".installed").is_file()]


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - fixed https host
        return response.read()


def install(log=print) -> list[str]:
    """Install what is missing; returns the packages installed. Raises on a checksum mismatch."""
    done = []
    for name, version in missing():
        meta = json.loads(_fetch(f"{REGISTRY}/{name}/{version}"))
        algorithm, _, digest = meta["dist"]["integrity"].partition("-")
        if algorithm != "sha512":
            raise RuntimeError(f"{name}@{version}: unexpected integrity {algorithm}")
        log(f"Henter {name}@{version} fra npm-registret (én gang) …")
        data = _fetch(meta["dist"]["tarball"])
        if base64.b64encode(hashlib.sha512(data).digest()).decode() != digest:
            raise RuntimeError(f"{name}@{version}: the tarball does not match its sha512")
        target = cache_dir() / f"{name}@{version}"
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for member in archive.getmembers():
                parts = Path(member.name).parts[1:]  # drop the "package/" folder
                if not member.isfile() or not parts or ".." in parts:
                    continue
                if parts[0] not in ("dist", "package.json") and parts[-1] != "require.js":
                    continue  # sources, tests, docs: not served
                out = target.joinpath(*parts)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(archive.extractfile(member).read())
        (target / ".installed").write_text(digest + "\n", encoding="ascii")
        done.append(f"{name}@{version}")
    return done
