"""Every README command runs as written (issue 21, item 4).

The ``.venv/bin/kkr …`` lines of the README's bash blocks are run one after another, as a user
would type them, in a temporary folder holding a copy of ``examples/`` and ``data/`` (so files
the commands write stay there). ``kkr report`` lines are left to
``tests/presentation/test_report.py``, which runs the same command (KV25, Sjælland, with
``--pdf``). A ``# → value`` comment is the output's last line.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kkr_analysis.data import bundled_data_dir

REPO = Path(__file__).resolve().parent.parent
KKR = Path(sys.executable).with_name("kkr")


def readme_commands() -> list[tuple[str, str | None]]:
    """(command, expected last line or None) for each ``.venv/bin/kkr`` line in a bash block."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            if not line.startswith(".venv/bin/kkr "):
                continue
            command, _, comment = line.partition("  #")
            comment = comment.strip()
            expected = comment[1:].strip() if comment.startswith("→") else None
            commands.append((command.strip(), expected))
    return commands


def test_the_readme_has_commands_to_run():
    commands = [c for c, _ in readme_commands()]
    assert len(commands) >= 30
    assert any("examples/stemmetal.csv" in c for c in commands)
    assert any("examples/board.csv" in c for c in commands)
    assert any("examples/koebenhavn.csv" in c for c in commands)
    for name in ("stemmetal.csv", "board.csv", "koebenhavn.csv"):
        assert (REPO / "examples" / name).is_file(), name


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(REPO / "examples", folder / "examples")
    shutil.copytree(bundled_data_dir(), folder / "data")
    return folder


COMMANDS = [c for c in readme_commands() if not c[0].startswith(".venv/bin/kkr report")]


@pytest.mark.parametrize(("command", "expected"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_readme_command_runs_as_written(command, expected, workdir):
    argv = [str(KKR), *shlex.split(command)[1:]]
    done = subprocess.run(argv, cwd=workdir, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert done.stdout.strip() or "--out" in command, command
    if expected is not None:
        assert done.stdout.strip().splitlines()[-1] == expected, done.stdout[-500:]
