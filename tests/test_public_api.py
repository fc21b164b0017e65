"""The public API a notebook user can guess (issue 11): `import kkr_analysis as kkr`, thin
wrappers over Scenario, `__all__` and no stray names; one data folder; layers point down."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import types
from fractions import Fraction
from pathlib import Path

import pytest

import kkr_analysis as kkr
from kkr_analysis.errors import DataError
from kkr_analysis.rules.chair import Alliance
from kkr_analysis.rules.explain import explain_composition
from kkr_analysis.scenario import Scenario

PACKAGE = Path(kkr.__file__).parent


def test_all_and_no_stray_names():
    assert kkr.__all__ == ["Scenario", "__version__", "chair", "composition", "explain",
                           "load_election"]
    public = {name for name, value in vars(kkr).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    assert public == {"chair", "composition", "explain", "load_election"}  # Scenario is lazy
    assert kkr.Scenario is Scenario
    assert sorted(dir(kkr)) == sorted(kkr.__all__)


def test_import_is_lazy():
    code = ("import sys, kkr_analysis; print(sorted(m for m in sys.modules "
            "if m.startswith('kkr_analysis') or m == 'pandas'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out.replace("'", '"')) == ["kkr_analysis", "kkr_analysis.version"]


def test_wrappers_equal_the_scenario():
    comp = kkr.composition("KV21", "Hovedstaden", method="sainte-lague", threshold_pct="2,5")
    same = Scenario("KV21", method="sainte-lague", threshold=Fraction(25, 1000)).composition()
    assert comp.seats() == same.seats() and comp.size == same.size
    assert comp.threshold == Fraction(1, 40)
    result = kkr.chair("KV21", "hovedstaden", alliances=["A+F+Ø", Alliance(("C", "V"))])
    assert result.to_dict() == Scenario("KV21", alliances=(Alliance(("A", "F", "Ø")),
                                                   Alliance(("C", "V")))).chair().to_dict()
    assert kkr.explain("KV25", "Sjælland").equals(
        explain_composition(Scenario(election="KV25", kkr="Sjælland").composition()))
    assert kkr.load_election("kv21").election == "KV21"


def test_chair_refuses_a_list_not_represented():
    with pytest.raises(DataError):
        kkr.chair("KV21", "Hovedstaden", alliances=["O+C"], threshold_pct=3.5)


def test_national_tables_come_from_the_elections_folder(data_copy):
    from kkr_analysis.rules.national import kl_board

    (data_copy / "national.csv").unlink()
    data = kkr.load_election("KV21", data_copy)
    assert data.data_dir == str(data_copy)
    with pytest.raises(DataError, match="national.csv"):  # before: the bundled file, silently
        kl_board(data)


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("path", sorted((PACKAGE / "data").glob("*.py")), ids=lambda p: p.name)
def test_data_layer_imports_nothing_above_it(path):
    upward = ("rules", "scenario", "scenarios", "apportion", "presentation", "plots", "widgets",
              "cli", "report")
    for name in imports_of(path):
        parts = name.lstrip(".").split(".")
        relative_up = name.startswith("..")
        assert not ((relative_up or parts[0] == "kkr_analysis")
                    and any(p in upward for p in parts)), f"{path.name} imports {name}"
