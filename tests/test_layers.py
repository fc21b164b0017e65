"""The house (issue 21, item 5): the package's imports, read with ``ast``, form no circle and
never run up the layers data → apportion → rules → scenarios → scenario → presentation.

Every import counts, also one inside a function (a deferred import hides a circle, it does not
remove it). Within presentation the static views (the format/display core and the topic
modules) lie below the live widgets: no static view imports a widget; ``live`` chooses between
them.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kkr_analysis"

LAYERS = {  # first part of the module name below kkr_analysis → layer (higher may import lower)
    "errors": 0, "danish": 0, "search": 0, "version": 0, "safe_html": 0, "safe_csv": 0,
    "data": 1,
    "apportion": 2, "apportion_batch": 2,
    "rules": 3,
    "scenarios": 4,
    "scenario": 5,
    "presentation": None,  # by submodule: PRESENTATION
    "widgets": 7,
    "cli": 8, "": 8,  # "": the package itself (kkr_analysis/__init__)
}
# Inside presentation: the static views (the formatting core, the topic modules, charts,
# calendars) below the live widgets, below the outputs (report pages, PDFs).
STATIC_VIEWS = ("format", "display", "composition", "explain", "chair", "margins",
                "appointments", "meetings", "answers")
# The topic modules over the core (format, display), each one reader's topic.
TOPIC_MODULES = ("composition", "chair", "margins", "answers", "explain", "appointments",
                 "meetings")
PRESENTATION = {
    "": 6,  # the package's __init__ (imports nothing)
    **{name: 6 for name in STATIC_VIEWS}, "plots": 6, "overview": 6, "calendar": 6,
    "planner_widget": 7, "live": 7,
    "report": 8, "pdf": 8,
}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """module → the package's modules it imports (``from .x import y`` is ``x.y`` when that is
    a module, else ``x``)."""
    mods = modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[:len(package) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                for alias in node.names:
                    full = f"{module}.{alias.name}"
                    targets.add(full if full in mods else module)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        graph[name] = {t for t in targets if t in mods and t != name}
    return graph


def layer(module: str) -> int:
    parts = module.split(".") + ["", ""]
    if parts[1] == "presentation":
        return PRESENTATION[parts[2]]
    return LAYERS[parts[1]]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_is_read():
    graph = import_graph()
    assert "kkr_analysis.rules.composition" in graph["kkr_analysis.rules.explain"]
    assert "kkr_analysis.presentation.chair" in graph["kkr_analysis.presentation.live"]
    assert len(graph) >= 60


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle():
    assert cycles(import_graph()) == []


def test_every_module_has_a_layer():
    unplaced = []
    for m in import_graph():
        parts = m.split(".") + ["", ""]
        if parts[1] not in LAYERS or parts[1] == "presentation" and parts[2] not in PRESENTATION:
            unplaced.append(m)
    assert unplaced == []


def test_no_import_runs_up_the_layers():
    up = [(a, b) for a, targets in sorted(import_graph().items()) for b in sorted(targets)
          if layer(b) > layer(a)]
    assert up == []


def test_format_is_the_one_table_core():
    """Only presentation/format builds a reader's table (a pandas Styler); the topic modules
    import it rather than format numbers for tables themselves."""
    builders = sorted(name for name, path in modules().items()
                      if "Styler(" in path.read_text(encoding="utf-8"))
    assert builders == ["kkr_analysis.presentation.format"]
    graph = import_graph()
    for name in TOPIC_MODULES:
        assert "kkr_analysis.presentation.format" in graph[f"kkr_analysis.presentation.{name}"]


def test_the_format_core_stays_small():
    assert len((PACKAGE / "presentation" / "format.py").read_text().splitlines()) < 300


def test_views_topic_modules_stay_small_and_use_the_core():
    """Each topic module split out of the old views module (issue 21) is small and goes
    through the core (format for tables, display for prose) instead of formatting by itself."""
    graph = import_graph()
    for name in TOPIC_MODULES:
        module = f"kkr_analysis.presentation.{name}"
        assert len((PACKAGE / "presentation" / f"{name}.py").read_text().splitlines()) < 300
        assert graph[module] & {"kkr_analysis.presentation.format",
                                "kkr_analysis.presentation.display"}, module


def test_views_is_split_without_a_shim():
    """views.py is gone (no re-exporting shim); every topic module has a layer."""
    assert not (PACKAGE / "presentation" / "views.py").exists()
    assert "views" not in PRESENTATION
    assert set(TOPIC_MODULES) <= set(STATIC_VIEWS)
