"""pyproject.toml (pip) and environment.yml (conda) list the same dependencies, version for
version: a conda user following environment.yml's own comment gets what pip users get."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"\s*([A-Za-z0-9_.\-\[\]]+)\s*(.*)", requirement).groups()
    return re.sub(r"[-_.]+", "-", name.split("[")[0]).lower(), spec.replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(_split(r) for r in wanted)


def environment_requirements() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    lines = text.split("dependencies:", 1)[1].splitlines()
    entries = [line.strip()[2:] for line in lines if re.match(r"\s+- [A-Za-z]", line)]
    return dict(_split(e) for e in entries if _split(e)[0] not in ("python", "pip"))


def test_environment_yml_lists_what_pyproject_lists():
    assert environment_requirements() == pyproject_requirements()


def test_every_extra_is_part_of_dev():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dev = {_split(r)[0] for r in project["optional-dependencies"]["dev"]}
    for extra, requirements in project["optional-dependencies"].items():
        assert {_split(r)[0] for r in requirements} <= dev, extra
