"""Imports point one way: the layers, cycles and kb's public API in tools/import_layers.py, checked with ``ast``.

Nothing of factionmap is imported; the whole check reads the source and takes well under a second.
Run ``python tools/import_layers.py`` for the full picture (levels, every edge, where each violation is).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "import_layers.py"


@pytest.fixture(scope="module")
def layers():
    spec = importlib.util.spec_from_file_location("import_layers", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def edges(layers):
    return layers.unit_imports()


def _listing(found: dict[tuple[str, str], list[str]]) -> str:
    return "; ".join(f"{src} -> {dst} ({', '.join(where)})" for (src, dst), where in sorted(found.items()))


def test_every_package_and_module_has_a_layer(layers):
    placed = [unit for layer in layers.LAYERS for unit in layer]
    assert len(placed) == len(set(placed)), "a unit is on two layers"
    assert sorted(layers.all_units() - set(placed)) == [], "add new top-level modules/packages to LAYERS"


def test_no_import_points_up(layers, edges):
    upward = {pair: where for pair, where in layers.upward_imports(edges).items() if pair not in layers.ALLOWED}
    assert not upward, f"imports from a lower layer to a higher one: {_listing(upward)}"


def test_no_forbidden_import(layers, edges):
    forbidden = {pair: where for pair, where in layers.forbidden_imports(edges).items() if pair not in layers.ALLOWED}
    assert not forbidden, f"{_listing(forbidden)}: " + "; ".join(sorted({layers.FORBIDDEN[p] for p in forbidden}))


def test_no_cycle_between_packages(layers):
    cycles = layers.cycles(layers.unit_graph())
    assert not cycles, "import cycles: " + "; ".join(" -> ".join([*c, c[0]]) for c in cycles)


def test_kb_is_used_through_its_public_api(layers):
    assert layers.private_imports() == [], "import from factionmap.kb (its __init__ exports what others need)"


def test_allowances_are_still_needed(layers, edges):
    bad = set(layers.upward_imports(edges)) | set(layers.forbidden_imports(edges))
    assert sorted(set(layers.ALLOWED) - bad) == [], "remove allow-list entries the code no longer needs"


def test_the_web_pages_reach_the_app_through_their_entry_point():
    """api/app.py imports no page code; it runs what the ``factionmap.pages`` entry point names."""
    from importlib.metadata import entry_points

    found = [ep.value for ep in entry_points(group="factionmap.pages")]
    assert found == ["factionmap.web:install"], "reinstall the package (`pip install -e .`, as make does)"


def test_the_scanner_sees_every_kind_of_import(layers, tmp_path):
    pkg = tmp_path / "factionmap"
    (pkg / "low").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "base.py").write_text("")
    (pkg / "top.py").write_text("")
    (pkg / "other").mkdir()
    (pkg / "other" / "__init__.py").write_text("")
    (pkg / "low" / "__init__.py").write_text("from . import inner\n")
    (pkg / "low" / "inner.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from factionmap.top import thing\n"
        "def later():\n    from ..base import x\n    import factionmap.other.mod\n"
        "from factionmap import base, __version__\n"
    )
    found = layers.unit_imports(pkg)
    assert set(found) == {("low", "top"), ("low", "base"), ("low", "other"), ("low", "__init__")}
    assert found[("low", "top")] == ["factionmap/low/inner.py:3"]


SQL_OUTSIDE_STORE = frozenset({"Engine", "Connection", "IntegrityError", "SQLAlchemyError"})  # types, no SQL


def test_sql_is_written_only_in_the_store_package():
    """Every query lives in factionmap/store/: other packages call its functions and hold at most an
    Engine; none imports SQLAlchemy's query builders or the table definitions."""
    import ast

    root = TOOL.parent.parent / "factionmap"
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] == "store":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                found += [f"{path.name}:{node.lineno} {a.name}" for a in node.names if a.name not in SQL_OUTSIDE_STORE]
            elif isinstance(node, ast.ImportFrom) and node.module == "factionmap.store":
                found += [f"{path.name}:{node.lineno} schema" for a in node.names if a.name == "schema"]
            elif isinstance(node, ast.Import):
                found += [f"{path.name}:{node.lineno} {a.name}" for a in node.names if a.name.startswith("sqlalchemy")]
    assert found == [], "SQL outside factionmap/store/ (add a function to store/ instead): " + "; ".join(found)
