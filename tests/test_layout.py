"""The package's layout is its pipeline, built in floors: no import runs up a floor. These tests walk
the import statements of every module (at the top, in functions and under TYPE_CHECKING alike),
state each rule of ``docs/layout.md`` and prove each with a planted violation."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

import builders
from builders import formats

PACKAGE = Path(builders.__file__).parent
READ = "builders.read"
#: the writer packages, as the format registry names them
WRITERS = tuple(f.module for f in formats.FORMATS)
MOST_LINES = 400
MOST_FUNCTION_LINES = 60

#: the floors, lowest first: a module may import its own floor's modules and those below it
FLOORS: tuple[tuple[str, ...], ...] = (
    ("builders.model",),
    ("builders.store", "builders.errors", "builders.paths", "builders.safety", "builders.locale",
     "builders.formats"),
    ("builders.charts",),
    ("builders.read",),
    ("builders.shared",),
    ("builders.pdf", "builders.slides"),
    ("builders.pipeline",),
    ("builders.cli", "builders.check", "builders.preflight", "builders.pagecheck", "builders.timewords",
     "builders.preview", "builders.scaffold",
     "builders.manifestcmd", "builders.terminal", "builders"),
)
FRONT_ENDS = FLOORS[-1]


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """The briefkit modules ``name`` imports (a package's submodule when one is named)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [
                f"{module}.{a.name}" if f"{module}.{a.name}" in MODULES else module for a in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # builders.x.y names a thing in builders.x
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Every strongly connected group of modules (Tarjan), each a cycle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(GRAPH[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return groups


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_walk_sees_the_imports_it_must_judge():
    """The walk itself: relative, absolute, function-level and TYPE_CHECKING imports all count."""
    assert "builders.read.report" in GRAPH["builders.pipeline.build"]  # imported inside load()
    assert "builders.shared.fonts" in GRAPH["builders.pdf.styles"]  # from ..shared import fonts
    assert "builders.model" in GRAPH["builders.read.chartdata"]
    assert len(MODULES) > 50


def test_no_module_imports_itself_back_through_others():
    assert _cycles() == []


def test_a_cycle_is_found_when_there_is_one():
    GRAPH["builders.model"].add("builders.read.report")
    try:
        assert any("builders.model" in group for group in _cycles())
    finally:
        GRAPH["builders.model"].discard("builders.read.report")


def _floor(module: str) -> int:
    """The floor of a module: that of the longest package prefix named in FLOORS."""
    best = (-1, -1)
    for level, packages in enumerate(FLOORS):
        for package in packages:
            if _inside(module, package) and (package != "builders" or module == "builders"):
                best = max(best, (len(package), level))
    return best[1]


def upward() -> list[str]:
    """Imports that run up a floor."""
    return [f"{m} → {t}" for m, ts in GRAPH.items() for t in ts if _floor(t) > _floor(m)]


def into_pipeline() -> list[str]:
    """Nothing imports the build machinery but the front ends (and the pipeline itself)."""
    return [f"{m} → {t}" for m, ts in GRAPH.items() for t in ts
            if _inside(t, "builders.pipeline") and not _inside(m, "builders.pipeline")
            and not any(m == f for f in FRONT_ENDS)]


def shared_reaching_out() -> list[str]:
    """``shared/`` is what both writers use: it imports no reader and no writer."""
    return [f"{m} → {t}" for m, ts in GRAPH.items() for t in ts if _inside(m, "builders.shared")
            and (_inside(t, READ) or any(_inside(t, w) for w in WRITERS))]


def charts_reaching_out() -> list[str]:
    """A chart kind imports no reader, no writer and nothing shared: each hands it what it needs."""
    return [f"{m} → {t}" for m, ts in GRAPH.items() for t in ts if _inside(m, "builders.charts")
            and (_inside(t, READ) or _inside(t, "builders.shared") or any(_inside(t, w) for w in WRITERS))]


def model_reaching_out() -> list[str]:
    """The model imports nothing of the package but itself."""
    return [f"{m} → {t}" for m, ts in GRAPH.items() for t in ts
            if _inside(m, "builders.model") and not _inside(t, "builders.model")]


def store_reaching_out() -> list[str]:
    """The store is the bottom: it knows no model and imports nothing of the package."""
    return [f"{m} → {t}" for m, ts in GRAPH.items() for t in ts if m == "builders.store"]


def readers_and_writers_crossing() -> list[str]:
    """``read/`` and ``pdf/`` or ``slides/`` meet only in the model."""
    return [f"{m} → {t}" for m, ts in GRAPH.items() for t in ts
            if (_inside(m, READ) and any(_inside(t, w) for w in WRITERS))
            or (any(_inside(m, w) for w in WRITERS) and _inside(t, READ))]


def writers_crossing() -> list[str]:
    """``pdf/`` and ``slides/`` never import each other."""
    pdf, slides = WRITERS
    return [f"{m} → {t}" for m, ts in GRAPH.items() for t in ts
            if (_inside(m, pdf) and _inside(t, slides)) or (_inside(m, slides) and _inside(t, pdf))]


RULES: dict[str, tuple[Callable[[], list[str]], tuple[str, str]]] = {
    # rule: (the check, a planted import that breaks it)
    "no import runs up a floor": (upward, ("builders.read.report", "builders.shared.fonts")),
    "nothing imports pipeline but the front ends": (into_pipeline,
                                                     ("builders.slides.kept", "builders.pipeline.outdir")),
    "shared imports no reader or writer": (shared_reaching_out, ("builders.shared.fonts",
                                                                 "builders.pdf.styles")),
    "chart kinds import no reader, writer or shared module": (charts_reaching_out,
                                                                ("builders.charts.grid",
                                                                 "builders.slides.units")),
    "model imports nothing of the package": (model_reaching_out, ("builders.model.blocks",
                                                                  "builders.errors")),
    "the store imports nothing of the package": (store_reaching_out, ("builders.store", "builders.model")),
    "readers and writers never import each other": (readers_and_writers_crossing,
                                                     ("builders.read.data", "builders.slides.units")),
    "the writers do not import each other": (writers_crossing, ("builders.pdf.tables",
                                                                "builders.slides.fit")),
}


def test_every_registered_writer_keeps_the_contract():
    """Each line of builders/formats.py names a writer package on the writers' floor whose WRITER
    has every member of builders.shared.writer.Writer."""
    import importlib

    from builders.shared.writer import Writer

    members = [n for n in vars(Writer) if not n.startswith("_")] + list(Writer.__annotations__)
    assert len(WRITERS) >= 2 and len(set(WRITERS)) == len(WRITERS)
    for fmt in formats.FORMATS:
        assert _floor(fmt.module) == _floor("builders.pdf") and fmt.module in MODULES
        writer = importlib.import_module(fmt.module).WRITER
        assert writer.name == fmt.name
        missing = [m for m in members if not hasattr(writer, m)]
        assert missing == [], (fmt.name, missing)


def test_every_module_stands_on_a_floor():
    assert [m for m in MODULES if _floor(m) < 0] == []


@pytest.mark.parametrize("rule", RULES)
def test_rule_holds(rule):
    check, _ = RULES[rule]
    assert check() == [], rule


@pytest.mark.parametrize("rule", RULES)
def test_rule_finds_a_planted_violation(rule):
    check, (module, target) = RULES[rule]
    assert module in MODULES and target in MODULES
    assert target not in GRAPH[module]
    GRAPH[module].add(target)
    try:
        assert f"{module} → {target}" in check()
    finally:
        GRAPH[module].discard(target)


def test_importing_the_model_loads_no_floor_above_it():
    import subprocess
    import sys

    code = ("import sys, builders.model; "
            "print(sorted(m for m in sys.modules if m.startswith('builders.') and not m.startswith("
            "('builders.model', 'builders.errors', 'builders.safety'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_package_front_door_is_the_public_api():
    api = ["ReportError", "build", "build_edition", "load", "plan", "write_manifest"]
    assert sorted(builders.__all__) == api
    assert all(callable(getattr(builders, name)) for name in api)
    public = {n for n in vars(builders) if not n.startswith("_")}
    # submodules appear as attributes once imported; everything else defined there is the API
    assert {n for n in public if f"builders.{n}" not in MODULES} <= {*api, "annotations"}


def test_every_module_is_short_enough_to_read_whole():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES}
    assert long == {}


def long_functions(sources: dict[str, str]) -> dict[str, int]:
    """Functions and methods (nested ones included) longer than MOST_FUNCTION_LINES, from their
    ``def`` line to their last, the docstring counted."""
    found = {}
    for name, text in sources.items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = node.lineno
                if (n := (node.end_lineno or node.lineno) - first + 1) > MOST_FUNCTION_LINES:
                    found[f"{name}.{node.name}:{node.lineno}"] = n
    return found


SOURCES = {name: path.read_text(encoding="utf-8") for name, path in MODULES.items()}


def test_every_function_is_short_enough_to_read_whole():
    assert long_functions(SOURCES) == {}


def test_a_long_function_is_found():
    planted = "def planted():\n" + "    x = 1\n" * MOST_FUNCTION_LINES
    assert long_functions({"builders.planted": planted}) == {
        "builders.planted.planted:1": MOST_FUNCTION_LINES + 1
    }
    assert long_functions({"builders.planted": planted.replace("    x = 1\n", "", 1)}) == {}


#: python-pptx's handles on the raw XML under a shape, paragraph, run, chart, slide list or part,
#: and what only an lxml element offers (an element reached some other way is still XML)
XML_HANDLES = {"_element", "_p", "_r", "_bodyPr", "_chartSpace", "_sldIdLst", "_txBody", "_tc", "_sp",
               "_pPr", "_rPr", "_blob", "xpath", "getparent", "addprevious", "addnext", "getroottree",
               "nsmap",
               "docinfo"}
#: where each writer's raw objects live: the deck's XML in slides/xml/ (written in ``write``, a
#: template's read in ``read``), the brief's PDF objects (pikepdf) in pdf/archive.py
RAW_HOMES = {"lxml": "builders.slides.xml", "pptx.oxml": "builders.slides.xml",
             "pikepdf": "builders.pdf.archive"}


def raw_outside_its_home(sources: dict[str, str]) -> list[str]:
    """Imports of lxml, pptx.oxml or pikepdf, and python-pptx's XML handles, outside the one
    module (or package) of each writer that holds them."""
    found = []
    for name, text in sources.items():
        if not name.startswith("builders."):
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Attribute) and node.attr in XML_HANDLES and _inside(name,
                                                                                        "builders.slides") \
                    and not _inside(name, RAW_HOMES["lxml"]):
                found.append(f"{name}:{node.lineno} .{node.attr}")
                continue
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            found += [f"{name}:{node.lineno} {m}" for m in modules for raw, home in RAW_HOMES.items()
                      if (m == raw or m.startswith(raw + ".")) and not _inside(name, home)]
    return found


def test_each_writer_keeps_its_raw_objects_in_one_module():
    assert raw_outside_its_home(SOURCES) == []


@pytest.mark.parametrize("module, line, found", [
    ("builders.slides.render", "from lxml import etree\n", "lxml"),
    ("builders.slides.drawn", "from pptx.oxml.ns import qn\n", "pptx.oxml.ns"),
    ("builders.slides.cover", "def planted(shape):\n    return shape._element\n", "._element"),
    ("builders.pdf.tables", "import pikepdf\n", "pikepdf"),
    # the modules that decide what a template's colours, grounds and parts mean read them through xml.read
    ("builders.slides.ground", "from lxml import etree\n", "lxml"),
    ("builders.slides.inks", "def planted(run):\n    run.getparent().remove(run)\n", ".getparent"),
    ("builders.slides.template", "def planted(part):\n    part._blob = b''\n", "._blob"),
])
def test_raw_objects_outside_their_home_are_found(module, line, found):
    planted = {**SOURCES, module: SOURCES[module] + line}
    assert [f for f in raw_outside_its_home(planted) if f.startswith(module + ":")] == \
        [f"{module}:{len(SOURCES[module].splitlines()) + line.count(chr(10))} {found}"]
