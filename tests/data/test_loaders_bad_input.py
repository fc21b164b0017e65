"""Hardening corpus, part 1 (issue 12): bad files of every type through the command line.

Each case breaks one thing in a copy of a real file, runs ``kkr`` in-process and asserts:
exit 2, one line naming the file, the row (the file's line, header = 1) and the column where
there is one, no traceback, no echo of the content, no NUL — and every input unchanged.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hardening_cases import assert_clear_error, read_rows, run_cli, set_cell, write_rows

from kkr_analysis.data import bundled_data_dir

BUNDLED = bundled_data_dir()
COMPOSE = ["composition", "--kkr", "Hovedstaden", "--format", "csv", "--election", "KV21"]


def _data_cmd(d: Path, f: Path) -> list[str]:
    return [*COMPOSE, "--data-dir", d]


@dataclass(frozen=True)
class FileType:
    """A kind of input file: where a copy lives, the command that reads it, its columns."""

    name: str
    make: Callable[[Path, Path], Path]  # (data copy, tmp dir) → the file to break
    argv: Callable[[Path, Path], list[str]]  # (data copy, file) → the command
    text_column: str
    required: str  # a column the file cannot do without
    int_column: str | None = None
    row: int = 3  # the line a cell-level break goes to


def _in_data(rel: str) -> Callable[[Path, Path], Path]:
    return lambda data, tmp: data / rel


def _copy_kkr(name: str, target: str) -> Callable[[Path, Path], Path]:
    def make(data: Path, tmp: Path) -> Path:
        path = tmp / target
        shutil.copyfile(BUNDLED / "kkr" / name, path)
        return path
    return make


def _region_votes(data: Path, tmp: Path) -> Path:
    path = tmp / "stemmetal.csv"
    path.write_text("list,votes\nA,211026\nC,194759\nØ,123266\nV,91288\nTOTAL,871419\n",
                    encoding="utf-8")
    return path


def _cooperations(data: Path, tmp: Path) -> Path:
    path = data / "kv21" / "list_cooperations.csv"
    path.write_text("cooperation,cooperation_name,municipality,list_letter,source\n"
                    "LS1,Lokale lister,København,H,test\nLS1,Lokale lister,København,E,test\n"
                    "LS1,Lokale lister,København,J,test\n", encoding="utf-8")
    return path


def _board(data: Path, tmp: Path) -> Path:
    path = tmp / "board.csv"
    path.write_text("name,category,gender,elected_official\nA. Hansen,municipal,K,yes\n"
                    "B. Jensen,municipal,M,yes\nC. Nielsen,business,K,no\n", encoding="utf-8")
    return path


def _proposals(data: Path, tmp: Path) -> Path:
    path = tmp / "proposals.csv"
    path.write_text("body,group,name,gender,council_member\n"
                    "Erhvervshus Hovedstaden (bestyrelse),A+F+Ø,A. Hansen,K,yes\n"
                    "Erhvervshus Hovedstaden (bestyrelse),A+F+Ø,B. Jensen,M,yes\n",
                    encoding="utf-8")
    return path


APPOINT = ["appoint", "--election", "KV21", "--kkr", "Hovedstaden", "--group", "A+F+Ø",
           "--group", "C+V"]

TYPES = {
    t.name: t for t in [
        FileType("municipalities", _in_data("municipalities.csv"),
                 _data_cmd, "municipality", "code", "code"),
        FileType("results", _in_data("kv21/results.csv"),
                 _data_cmd, "list_name", "municipality_code", "votes"),
        FileType("councils", _in_data("kv21/councils.csv"),
                 _data_cmd, "mayor_name", "mayor_list", "council_seats"),
        FileType("parties", _in_data("kv21/parties.csv"),
                 _data_cmd, "list_name", "list_letter"),
        FileType("cooperations", _cooperations,
                 _data_cmd, "cooperation_name", "municipality"),
        FileType("regions", _in_data("regions_2027.csv"),
                 lambda d, f: [*COMPOSE[:2], "Østdanmark", "--regions", "2027", "--data-dir", d],
                 "municipality", "code", "code"),
        FileType("published", _in_data("kl_published.csv"),
                 lambda d, f: [*COMPOSE[:3], "--data-dir", d], "list_letter", "mayors", "mayors"),
        FileType("national", _in_data("national.csv"),
                 lambda d, f: ["board", "--data-dir", d], "list_name", "pct_published",
                 "seats"),
        FileType("region_votes", _region_votes,
                 lambda d, f: [*_data_cmd(d, f), "--region-votes", f], "list", "votes",
                 "votes"),
        FileType("meetings", _copy_kkr("meetings_hovedstaden_2022_2026.csv", "plan.csv"),
                 lambda d, f: ["meetings", "check", "--election", "KV21", "--plan", f],
                 "kind", "date"),
        FileType("bodies", _copy_kkr("bodies_hovedstaden_2022.csv", "bodies.csv"),
                 lambda d, f: [*APPOINT, "--bodies", f], "body", "seats", "seats"),
        FileType("board", _board, lambda d, f: ["board-check", f], "name", "category"),
        FileType("proposals", _proposals,
                 lambda d, f: [*APPOINT, "--proposals", f], "name", "gender", row=2),
    ]
}


def _cell(t: FileType, value: str) -> Callable[[Path], None]:
    return lambda path: set_cell(path, t.row, t.text_column, value)


def _int_cell(t: FileType, value: str) -> Callable[[Path], None]:
    return lambda path: set_cell(path, t.row, t.int_column, value)


def _extra_field(t: FileType) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        rows = read_rows(path)
        rows[t.row - 1].append("surplus")
        write_rows(path, rows)
    return change


def _cr_only_then_extra_field(t: FileType) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        rows = read_rows(path)
        rows[t.row - 1].append("surplus")
        write_rows(path, rows, newline="\r")
    return change


def _u2028_then_extra_field(t: FileType) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        rows = read_rows(path)
        column = rows[0].index(t.text_column)
        rows[1][column] += "\u2028second line\u2029"
        rows[t.row - 1].append("surplus")
        write_rows(path, rows)
    return change


def _bytes_in_row(t: FileType, data: bytes) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        lines = path.read_bytes().split(b"\n")
        lines[t.row - 1] = lines[t.row - 1].replace(b",", b"," + data, 1)
        path.write_bytes(b"\n".join(lines))
    return change


def _header(t: FileType, mode: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        rows = read_rows(path)
        if mode == "missing":
            rows[0][rows[0].index(t.required)] += "_renamed"
        else:  # a column named twice (a copy at the end)
            index = rows[0].index(t.required)
            rows = [[*r, r[index]] if r else r for r in rows]
        write_rows(path, rows)
    return change


def _unterminated_quote(t: FileType) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
        lines[t.row - 1] = lines[t.row - 1] + ',"never closed'
        path.write_text("\n".join(lines), encoding="utf-8")
    return change


def _replace_path(kind: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        path.unlink()
        if kind == "folder":
            path.mkdir()
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "empty":
            path.write_bytes(b"")
        elif kind == "bom only":
            path.write_bytes(b"\xef\xbb\xbf\r\n  \n")
    return change


# mutation → (change, words the message must hold, which row it must name: None/"row"/1)
def mutations(t: FileType) -> dict[str, tuple[Callable[[Path], None], tuple[str, ...], object]]:
    m = {
        "folder": (_replace_path("folder"), ("er en mappe",), None),
        "fifo": (_replace_path("fifo"), ("FIFO",), None),
        "empty": (_replace_path("empty"), ("tom",), None),
        "bom only": (_replace_path("bom only"), ("tom",), None),
        "nul byte": (_bytes_in_row(t, b"\x00"), ("NUL",), "row"),
        "latin-1 byte": (_bytes_in_row(t, "Ø".encode("cp1252")), ("UTF-8", "0xd8"), "row"),
        "extra field": (_extra_field(t), ("felter, hvor overskriften har",), "row"),
        "CR-only lines": (_cr_only_then_extra_field(t), ("felter, hvor overskriften har",),
                          "row"),
        "U+2028 in a field": (_u2028_then_extra_field(t), ("felter, hvor overskriften har",),
                              "row"),
        "overlong field": (_cell(t, "x" * 200_000), ("mere end",), "row"),
        "unterminated quote": (_unterminated_quote(t), ("felt",), "row"),
        "missing column": (_header(t, "missing"), ("mangler kolonne",), 1),
        "column twice": (_header(t, "twice"), ("står to gange",), 1),
    }
    if t.int_column:
        m.update({
            "number beyond 10^10": (_int_cell(t, "99999999999"), ("virkeligt valg",), "row"),
            "number beyond int64": (_int_cell(t, "9" * 25), ("virkeligt valg",), "row"),
            "arabic-indic digits": (_int_cell(t, "\u0663\u0664"), ("andre cifre end 0-9",),
                                    "row"),
            "superscript digit": (_int_cell(t, "\u00b2"), ("ikke et ikke-negativt helt",),
                                  "row"),
            "negative": (_int_cell(t, "-5"), ("negativt tal",), "row"),
            "decimal": (_int_cell(t, "5.5"), ("ingen decimaler",), "row"),
        })
    return m


CASES = [(t, name) for t in TYPES.values() for name in mutations(t)]


@pytest.mark.parametrize("kind,mutation", [(t.name, m) for t, m in CASES])
def test_bad_file(kind, mutation, data_copy, tmp_path, capsys):
    t = TYPES[kind]
    path = t.make(data_copy, tmp_path)
    change, words, row = mutations(t)[mutation]
    change(path)
    argv = t.argv(data_copy, path)
    code, _, err = run_cli(capsys, argv, [data_copy, tmp_path])
    needles = [path.name, *words]
    if row == "row":
        needles.append(f"række {t.row}")
    elif row == 1:
        needles.append("række 1")
    if mutation.startswith(("number", "arabic", "superscript", "negative", "decimal")):
        needles.append(f"kolonne {t.int_column!r}")
    line = assert_clear_error(code, err, *needles)
    assert "x" * 100 not in line  # never the file's content echoed
