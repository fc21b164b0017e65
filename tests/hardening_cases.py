"""Shared machinery of the hardening corpus (issue 12): run a CLI case in-process and check
the exit code, the one-line message and that no input changed."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from kkr_analysis.cli import main


def hashes(*paths: Path) -> dict[str, str]:
    """Content hash of every regular file at or below ``paths`` (FIFOs are never opened)."""
    out = {}
    for root in paths:
        items = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for p in items:
            if p.is_file() and not p.is_symlink():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def run_cli(capsys, argv: list[str], inputs: list[Path]) -> tuple[int, str, str]:
    """``kkr argv`` in-process; asserts the inputs are byte-for-byte unchanged."""
    before = hashes(*inputs)
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    after = hashes(*inputs)
    changed = [p for p, h in before.items() if after.get(p) != h]
    assert not changed, f"input file(s) changed: {changed}"
    return code, out, err


def assert_clear_error(code: int, err: str, *needles: str, exit_code: int = 2) -> str:
    """Exit ``exit_code``, one line on stderr, naming each needle; no traceback, no NUL."""
    assert code == exit_code, f"exit {code}, stderr: {err[:500]}"
    line = err.strip()
    assert line and "\n" not in line, f"not one line: {err[:800]!r}"
    assert "Traceback" not in err and "intern fejl" not in err
    assert "\x00" not in err and "\u2028" not in err
    assert len(line) < 700, f"message too long ({len(line)} characters): {line[:200]}"
    for needle in needles:
        assert needle in line, f"{needle!r} not in {line!r}"
    return line


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]], *, newline: str = "\n") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell: ``row`` is the file's line (header = 1; the files have no multi-line
    fields)."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)
