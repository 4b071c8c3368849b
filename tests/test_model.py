"""The model is format-neutral and every block type has a handler in every format."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from builders import model
from builders.pdf.blocks import flowables
from builders.slides.plan import BLOCK_HANDLERS

STDLIB = set(sys.stdlib_module_names) | {"__future__"}


def test_model_imports_only_the_standard_library():
    folder = Path(model.__file__).parent
    imported = set()
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level:
                # the model's modules import each other, and nothing else of briefkit
                assert node.level == 1 and (folder / f"{node.module}.py").is_file(), \
                    f"{path.name} imports the rest of briefkit"
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module.split(".")[0])
    assert len(list(folder.glob("*.py"))) >= 5
    assert imported <= STDLIB, imported - STDLIB


def test_every_block_type_has_a_pdf_handler():
    missing = [t.__name__ for t in model.BLOCK_TYPES if t not in flowables.registry]
    assert not missing, f"PDF builder lacks handlers for {missing}"


def test_every_block_type_has_a_deck_handler():
    missing = [t.__name__ for t in model.BLOCK_TYPES if t not in BLOCK_HANDLERS]
    assert not missing, f"deck planner lacks handlers for {missing}"


def test_location_prints_as_path_line_column():
    assert str(model.Location(Path("r.md"), 3, 7)) == "r.md:3:7"
    assert str(model.Location(Path("r.md"), 3)) == "r.md:3"
    assert str(model.Location(Path("r.md"))) == "r.md"
