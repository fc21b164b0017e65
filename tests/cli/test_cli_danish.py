"""One Danish voice at the command line (issue 21, item 3).

Every command's default (table) output is read as a person reads it: no English word from a list
of the words the CLI once printed, no raw float ("0.017642", "31.000000", "0.579") and no
True/False. CSV and JSON keep their English machine keys (README, "Machine keys").

Every (sub)command's ``--help`` is Danish, and a table of typical mistakes per command (a bad
percentage, an unknown region or list letter, a bad election name, a missing file, a bad CSV
row, …) each gives one Danish line on stderr, exit 2, with none of the English words below.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kkr_analysis.cli import main

REPO = Path(__file__).resolve().parents[2]

COMMANDS = [
    ["composition", "--kkr", "Hovedstaden"],
    ["composition", "--election", "KV25", "--kkr", "Sjælland"],
    ["explain", "--kkr", "Hovedstaden"],
    ["chair", "--kkr", "Hovedstaden", "--alliance", "A+F+Ø"],
    ["alliances", "--kkr", "Nordjylland", "--for", "C"],
    ["sweep", "threshold", "--kkr", "Hovedstaden"],
    ["sweep", "cap", "--kkr", "Hovedstaden"],
    ["sweep", "method", "--kkr", "Hovedstaden"],
    ["margins", "--kkr", "Hovedstaden"],
    ["simulate", "--kkr", "Hovedstaden", "--draws", "500"],
    ["appoint", "--election", "KV21", "--kkr", "Hovedstaden", "--group", "A+F+Ø"],
    ["board-check", "examples/board.csv"],
    ["meetings", "check", "--kkr", "Hovedstaden", "--election", "KV21"],
    ["meetings", "deadlines", "--kkr", "Hovedstaden", "--election", "KV21"],
    ["meetings", "deadline", "2022-01-25"],
    ["quorum", "--members", "58", "--present", "29"],
    ["board", "--election", "KV21"],
    ["assembly", "--election", "KV25"],
    ["import", "valgdk", "--election", "KV21", "examples/koebenhavn.csv"],
]

ENGLISH = ["seat(s)", "seats", "draws", "valid votes", "Wrote", "Data coverage", "groups:",
           "Party registry", "women", " men", "meetings checked", "deadline", "present",
           "quorum", "Posts:", "Totals", "Dry run", "note:", "after KV", "basis:", "TIE",
           "polling areas", "lists,", "problem(s)", "threshold", "gain_votes", "loss_votes",
           "holds", "votes_needed", "filled_by", "Size ", "Mayors", "True", "False",
           "edit this file", "municipalities", "by lot"]
RAW_FLOAT = re.compile(r"(?<![\d.,/])\d+\.\d{3,}(?![\d.])")  # 0.017642, 31.000000 (not 211.026)


def run(argv: list[str], capsys, monkeypatch, tmp_path: Path) -> str:
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_default_output_is_danish(argv, capsys, monkeypatch, tmp_path):
    out = run(argv, capsys, monkeypatch, tmp_path)
    assert out.strip()
    found = [word for word in ENGLISH
             if re.search(rf"(?<!\w){re.escape(word.strip())}(?!\w)", out)]
    assert found == [], (found, out[:1500])
    floats = [m.group(0) for m in RAW_FLOAT.finditer(out)
              if not re.fullmatch(r"\d{1,3}(\.\d{3})+", m.group(0))]  # "211.026" is Danish
    assert floats == [], (floats, out[:1500])


def test_the_kv25_registry_line_names_the_file(capsys, monkeypatch, tmp_path):
    out = run(["composition", "--election", "KV25", "--kkr", "Sjælland"], capsys, monkeypatch,
              tmp_path)
    first = out.splitlines()[0]
    assert first.startswith("Partiregister (KL's love § 6) for KV25 er en antagelse")
    assert "parties.csv" in first and "ret filen" in first


def test_machine_formats_keep_english_keys(capsys):
    assert main(["sweep", "threshold", "--kkr", "Hovedstaden", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("threshold,threshold_exact,critical,size,")
    assert main(["quorum", "--members", "58", "--present", "29"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "ja"


def test_report_help_explains_every_option(capsys):
    assert main(["report", "--help"]) == 0
    out = capsys.readouterr().out
    for option, words in (("--out", "mappen, rapporterne skrives i"),
                          ("--notebooks", "mappe med notebooks"),
                          ("--election", "kommunalvalget"), ("--kkr", "KKR'en"),
                          ("--pdf", "bogmærker og sidetal")):
        assert option in out and words in " ".join(out.split()), option


def _commands(parser, path=()):
    """Every (sub)command path of the parser: ("composition",), ("sweep", "threshold"), …"""
    import argparse

    for action in parser._actions:  # noqa: SLF001 - argparse names no public list
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for name, sub in action.choices.items():
                yield (*path, name)
                yield from _commands(sub, (*path, name))


HELP_ENGLISH = [" the ", " is not ", "unknown", "must", "choose", "invalid", "error", "usage",
                "optional arguments", "options:", "show this help", " default", "positional",
                " or ", " and ", " of ", "file ", " a ", " an "]


def _help_commands():
    from kkr_analysis.cli import build_parser

    return [()] + list(_commands(build_parser()))


@pytest.mark.parametrize("path", _help_commands(), ids=lambda p: " ".join(p) or "kkr")
def test_every_help_is_danish(path, capsys):
    assert main([*path, "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("brug: kkr")
    prose = re.sub(r"--[\w-]+", "--", out)  # option names are identifiers (--mayors-unknown)
    found = [word for word in HELP_ENGLISH if word.casefold() in prose.casefold()]
    assert found == [], (found, out[:1500])


ERROR_ENGLISH = [" the ", " is not ", "unknown", "must", "choose", "invalid", "error", "usage",
                 " not ", "did you mean", "row ", "column ", "file ", "cannot", " give ",
                 " one of ", "missing", "no such", "not found", "expected", " a ", " an ",
                 " is ", " has ", " lists"]

BAD_INPUTS = {  # a typical mistake per command → a Danish phrase its one line must hold
    "bad percentage": (["composition", "--kkr", "Hovedstaden", "--threshold", "abc"],
                       "er ikke en procentsats"),
    "percentage out of range": (["composition", "--kkr", "Hovedstaden", "--threshold", "120"],
                                "0-100"),
    "unknown region": (["composition", "--kkr", "Atlantis"], "ukendt region 'Atlantis'"),
    "unknown region, chair": (["chair", "--kkr", "Atlantis"], "ukendt region"),
    "unknown list letter": (["chair", "--kkr", "Hovedstaden", "--alliance", "A+Z"], "'Z'"),
    "list letter case": (["alliances", "--kkr", "Nordjylland", "--for", "c"], "mente du 'C'?"),
    "unknown list, group": (["appoint", "--kkr", "Hovedstaden", "--group", "A+QQ"], "'QQ'"),
    "unknown list, bloc": (["appoint", "--election", "KV21", "--kkr", "Hovedstaden", "--bloc",
                            "Q+A", "--exhaustive"],
                           "'Q' er ikke en af listerne (A, C, Ø"),
    "unknown party, board bloc": (["board", "--bloc", "c+A", "--exhaustive"], "mente du 'C'?"),
    "bad election name": (["composition", "--election", "KV/21", "--kkr", "Hovedstaden"],
                          "er ikke et valg"),
    "election without data": (["composition", "--election", "KV99", "--kkr", "Hovedstaden"],
                               "KV99"),
    "missing file": (["board-check", "findes-ikke.csv"], "findes-ikke.csv"),
    "missing import file": (["import", "valgdk", "findes-ikke.csv"], "findes-ikke.csv"),
    "bad csv row": (["board-check", "bad.csv"], "række"),
    "bad region votes row": (["composition", "--kkr", "Hovedstaden", "--region-votes",
                              "votes.csv"], "række 3"),
    "bad date": (["meetings", "deadline", "25-01-2022"], "er ikke en dato"),
    "bad number": (["quorum", "--members", "mange", "--present", "29"],
                   "er ikke et helt tal"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_gives_one_danish_line(case, capsys, monkeypatch, tmp_path):
    argv, phrase = BAD_INPUTS[case]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.csv").write_text("kkr,post,name,gender\nHovedstaden,formand,Ann,x,y,z\n",
                                      encoding="utf-8")
    (tmp_path / "votes.csv").write_text("list,votes\nA,100\nB,mange\n", encoding="utf-8")
    code = main(argv)
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert code == 2, (code, captured.err, captured.out[-500:])
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("kkr") and "fejl:" in line, line
    assert phrase in line, line
    message = line.split("fejl:", 1)[1]
    message = re.sub(r"'[^']*'|\S*/\S*|\S+\.csv", "", message)  # quoted values and file paths
    found = [word for word in ERROR_ENGLISH if word.casefold() in f" {message} ".casefold()]
    assert found == [], (found, line)
