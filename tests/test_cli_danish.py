"""One Danish voice at the command line (issue 21, item 3).

Every command's default (table) output is read as a person reads it: no English word from a list
of the words the CLI once printed, no raw float ("0.017642", "31.000000", "0.579") and no
True/False. CSV and JSON keep their English machine keys (README, "Machine keys").
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kkr_analysis.cli import main

REPO = Path(__file__).resolve().parent.parent

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
    ["appoint", "--kkr", "Hovedstaden", "--group", "A+F+Ø"],
    ["board-check", "examples/board.csv"],
    ["meetings", "check"],
    ["meetings", "deadlines"],
    ["meetings", "deadline", "2022-01-25"],
    ["quorum", "--members", "58", "--present", "29"],
    ["board", "--election", "KV21"],
    ["assembly", "--election", "KV25"],
    ["import", "valgdk", "examples/koebenhavn.csv"],
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
