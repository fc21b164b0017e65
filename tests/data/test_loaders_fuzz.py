"""Hardening, part 4 (issue 12): hypothesis mutates the bundled CSV files (drop, duplicate or
swap cells, change case, insert bytes, cut lines) in a copy and runs the command line on it.
Whatever the mutation: exit 0 or 2, never a traceback or an internal error, one line on an
error, and the inputs unchanged."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from conftest import copy_data
from hardening_cases import hashes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkr_analysis.cli import main

FILES = ("municipalities.csv", "kv21/results.csv", "kv21/councils.csv", "kv21/parties.csv",
         "kl_published.csv", "kv21/list_cooperations.csv")
BYTES = [b"\x00", b"\xff", b"\xd8", b"\r", b"\n", b",", b'"', b";", "\u2028".encode(),
         "٣".encode(), b"-", b" ", b"99999999999999999999999"]
COMMANDS = (["composition", "--election", "KV21", "--kkr", "Hovedstaden", "--format", "csv"],
            ["chair", "--election", "KV21", "--kkr", "Hovedstaden", "--format", "csv"],
            ["composition", "--election", "KV21", "--kkr", "Sjælland", "--format", "json"])


def _rows(raw: bytes) -> list[list[str]]:
    text = raw.decode("utf-8-sig", errors="surrogateescape")  # keep earlier byte mutations
    return list(csv.reader(io.StringIO(text, newline="")))


def _write(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="surrogateescape")


def mutate(raw: bytes, op: str, data: st.DataObject) -> bytes:
    if op == "insert bytes":
        at = data.draw(st.integers(0, len(raw)))
        return raw[:at] + data.draw(st.sampled_from(BYTES)) + raw[at:]
    if op == "cut":
        at = data.draw(st.integers(0, len(raw)))
        return raw[:at]
    rows = _rows(raw)
    if len(rows) < 2:
        return raw + b"x,y\n"
    r = data.draw(st.integers(0, len(rows) - 1))
    if not rows[r]:
        return raw
    c = data.draw(st.integers(0, len(rows[r]) - 1))
    if op == "drop cell":
        del rows[r][c]
    elif op == "duplicate cell":
        rows[r].insert(c, rows[r][c])
    elif op == "swap cells":
        c2 = data.draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c], rows[r][c2] = rows[r][c2], rows[r][c]
    elif op == "change case":
        rows[r][c] = rows[r][c].swapcase()
    elif op == "duplicate row":
        rows.insert(r, list(rows[r]))
    elif op == "drop row":
        del rows[r]
    elif op == "empty cell":
        rows[r][c] = ""
    elif op == "swap rows":
        r2 = data.draw(st.integers(0, len(rows) - 1))
        rows[r], rows[r2] = rows[r2], rows[r]
    return _write(rows)


OPS = ("insert bytes", "cut", "drop cell", "duplicate cell", "swap cells", "change case",
       "duplicate row", "drop row", "empty cell", "swap rows")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_mutated_bundled_files_never_crash(capsys, data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        copy_data(folder)
        for _ in range(data.draw(st.integers(1, 3))):
            path = folder / data.draw(st.sampled_from(FILES))
            path.write_bytes(mutate(path.read_bytes(), data.draw(st.sampled_from(OPS)), data))
        before = hashes(folder)
        argv = [*data.draw(st.sampled_from(COMMANDS)), "--data-dir", str(folder)]
        code = main(argv)
        out, err = capsys.readouterr()
        assert hashes(folder) == before
        assert code in (0, 2), (code, err)
        assert "Traceback" not in err and "intern fejl" not in err, err
        if code == 2:
            assert err.count("\n") == 1 and err.startswith("kkr: fejl: "), err
            assert "\x00" not in err and len(err) < 700
