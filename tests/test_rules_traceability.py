"""references/RULES.md names, for every rule, the function that implements it and the tests that
check it: every one of them must exist, and the docstrings of the rules in this package cite
their rule id."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "references" / "RULES.md"


def rule_rows() -> list[tuple[str, list[str], list[str]]]:
    rows = []
    for line in RULES.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].startswith("`"):
            continue
        rule = cells[0].strip("`")
        functions = re.findall(r"`([\w.]+:[\w.]+)`", cells[3])
        tests = re.findall(r"`(tests/[\w/]+\.py::\w+)`", cells[4])
        rows.append((rule, functions, tests))
    return rows


def resolve(target: str) -> object:
    module, _, qualname = target.partition(":")
    obj: object = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


ROWS = rule_rows()


def test_the_table_has_the_rules():
    ids = {rule for rule, _, _ in ROWS}
    assert {"kkr.size", "kkr.threshold", "kkr.cap", "kkr.mayors", "chair.valgforbund",
            "chair.election", "ksl24.majority", "ksl24.proportional", "board.erhvervshus",
            "meetings.deadline", "quorum"} <= ids
    assert len(ids) == len(ROWS)
    assert all(functions and tests for _, functions, tests in ROWS)


@pytest.mark.parametrize("rule,functions,tests", ROWS, ids=[r[0] for r in ROWS])
def test_named_functions_and_tests_exist(rule, functions, tests):
    for target in functions:
        assert callable(resolve(target)), f"{rule}: {target}"
    for target in tests:
        path, _, name = target.partition("::")
        tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert name in names, f"{rule}: {target} not found"


CITED = ["kkr.party", "kkr.tally", "kkr.threshold", "kkr.size", "kkr.cap", "kkr.mayors",
         "kkr.explain", "kkr.margins", "chair.explain", "chair.margins", "chair.valgforbund",
         "chair.election", "chair.structures", "meetings.deadline", "meetings.plan", "quorum",
         "board.kl", "board.assembly", "index.disproportionality", "index.power",
         "kkr.proportional"]


@pytest.mark.parametrize("rule", CITED)
def test_docstrings_cite_the_rule_id(rule):
    functions = next(f for r, f, _ in ROWS if r == rule)
    for target in functions:
        doc = resolve(target).__doc__ or ""
        assert f"``{rule}``" in doc or f"rule {rule}" in doc, f"{target} does not cite {rule}"
