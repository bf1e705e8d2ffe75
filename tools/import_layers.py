"""Which factionmap package imports which, read with ``ast`` (nothing is imported).

Usage: python tools/import_layers.py [--root factionmap]

A "unit" is a subpackage (``kb``, ``store``, ...) or a top-level module (``model``, ``settings``, ...).
Every ``import``/``from ... import`` of ``factionmap.*`` counts, including imports inside functions and
under ``if TYPE_CHECKING:``. The script prints the units in topological levels (a unit's level is one
more than the highest level it imports), every cycle between units, and every import that breaks the
intended layering in ``LAYERS`` (a unit may import only units on its own layer or a lower one), minus the
documented exceptions in ``ALLOWED``. ``tests/test_layers.py`` runs the same checks in ``make test``.
Standard library plus networkx.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

import networkx as nx

PACKAGE = "factionmap"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

# The intended layers, lowest first. A unit may import units on its own layer or below, never above; the
# foundations may import one another but not in a cycle (no two units anywhere may form a cycle).
LAYERS: list[list[str]] = [
    # foundations: plain data, errors, settings and small helpers; no pipeline, store or web code
    [
        "__init__",
        "errors",
        "deadline",
        "heap",
        "isodates",
        "yamlsafe",
        "inflect",
        "model",
        "vocab",
        "output",
        "settings",
    ],
    ["kb"],  # the actor knowledge base (bundled data, name normalisation, resolution)
    ["ingest"],  # reading articles from files and text normalisation
    ["extract"],  # the NLP pipeline (spaCy)
    ["store"],  # the database
    ["graph"],  # networks, coalitions, exports built from stored claims
    # the store's Alembic scripts (factionmap/store/migrations, see SUBUNITS): run by Alembic, imported by
    # nothing, and a data migration may need the aggregation above the store (0005 fills relationships)
    ["migrations"],
    ["queries"],  # the questions over the store and graph
    ["public"],  # the public shape of records and answers (--json, the API, the JSON export)
    ["training"],  # model training and evaluation (offline)
    # the batch ingest (read, extract, store), shared by the cli and the API's ingest; and the same on Dask
    ["run", "cluster"],
    ["watch"],  # following feeds and sitemaps: fetches pages and ingests them through run
    ["api"],  # the HTTP app (JSON under /api)
    ["web"],  # the HTML pages: plug into the app through the factionmap.pages entry point
    ["cli"],  # the command line composes everything
]

# Imports the layers would allow but that must not exist: (importer, imported) -> why.
FORBIDDEN: dict[tuple[str, str], str] = {
    (reader, writer): "the read side (store, graph, queries) works without the reading and NLP side (spaCy)"
    for reader in ("store", "graph", "queries")
    for writer in ("ingest", "extract")
}

# Packages whose submodules are their own business: other units import only the package (its __init__).
PUBLIC_API_ONLY = ("kb",)

# Documented exceptions to all of the above: (importer, imported) -> why. Keep this short.
ALLOWED: dict[tuple[str, str], str] = {}


# Subpackages that are units of their own, not part of their package's unit: dotted path -> unit.
SUBUNITS = {"store.migrations": "migrations"}


def unit_of(module: str) -> str | None:
    """``factionmap.kb.resolve`` -> ``kb``; ``factionmap`` -> ``__init__``; anything else -> None."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    for prefix, unit in SUBUNITS.items():
        if parts[1:][: prefix.count(".") + 1] == prefix.split("."):
            return unit
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path) -> list[tuple[str, int]]:
    """(absolute module name, line) for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module_name(path, root)
    is_pkg = path.name == "__init__.py"
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base if is_pkg else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # ``from factionmap import settings`` imports the unit ``settings``
            if target == PACKAGE:
                found.extend((f"{PACKAGE}.{alias.name}", node.lineno) for alias in node.names)
    return found


def module_imports(root: Path = ROOT) -> list[tuple[str, str, str]]:
    """(importer unit, imported module, "path:line") for every import of a factionmap module from another unit."""
    found = []
    units = all_units(root)
    for path in sorted(root.rglob("*.py")):
        src = unit_of(module_name(path, root))
        for target, line in imported_modules(path, root):
            dst = unit_of(target)
            if src is None or dst is None or dst == src or dst not in units:
                continue
            if dst == "__init__" and target != PACKAGE:
                continue
            found.append((src, target, f"{path.relative_to(root.parent)}:{line}"))
    return found


def unit_imports(root: Path = ROOT) -> dict[tuple[str, str], list[str]]:
    """(importer unit, imported unit) -> ["path:line", ...] for every cross-unit import."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for src, target, where in module_imports(root):
        edges[(src, unit_of(target))].append(where)  # type: ignore[index]
    return dict(edges)


def private_imports(root: Path = ROOT) -> list[str]:
    """Imports of a PUBLIC_API_ONLY package's submodules from outside it: "path:line imports module"."""
    return [
        f"{where} imports {target}"
        for src, target, where in module_imports(root)
        if target.split(".")[1:2] and target.split(".")[1] in PUBLIC_API_ONLY and target.count(".") > 1
    ]


def all_units(root: Path = ROOT) -> set[str]:
    units = {"__init__"}
    for child in root.iterdir():
        if child.is_dir() and (child / "__init__.py").exists():
            units.add(child.name)
        elif child.suffix == ".py" and child.name != "__init__.py":
            units.add(child.stem)
    return units | {unit for prefix, unit in SUBUNITS.items() if (root / prefix.replace(".", "/")).is_dir()}


def unit_graph(root: Path = ROOT) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(all_units(root))
    graph.add_edges_from(unit_imports(root))
    return graph


def cycles(graph: nx.DiGraph) -> list[list[str]]:
    return sorted(sorted_cycle(c) for c in nx.simple_cycles(graph))


def sorted_cycle(cycle: list[str]) -> list[str]:
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def levels(graph: nx.DiGraph) -> list[list[str]]:
    """Topological levels over the condensation (a cycle's members share a level)."""
    cond = nx.condensation(graph)
    level: dict[int, int] = {}
    for node in reversed(list(nx.topological_sort(cond))):
        level[node] = 1 + max((level[s] for s in cond.successors(node)), default=-1)
    out: dict[int, list[str]] = defaultdict(list)
    for node, lv in level.items():
        members = sorted(cond.nodes[node]["members"])
        out[lv].append(members[0] if len(members) == 1 else "{" + " <-> ".join(members) + "}")
    return [sorted(out[i]) for i in range(len(out))]


def layer_index(layers: list[list[str]] = LAYERS) -> dict[str, int]:
    return {unit: i for i, layer in enumerate(layers) for unit in layer}


def upward_imports(
    edges: dict[tuple[str, str], list[str]], layers: list[list[str]] = LAYERS
) -> dict[tuple[str, str], list[str]]:
    """Imports from a unit to one on a higher layer (unknown units count as violations too)."""
    index = layer_index(layers)
    bad = {}
    for (src, dst), where in edges.items():
        if src not in index or dst not in index or index[dst] > index[src]:
            bad[(src, dst)] = where
    return bad


def forbidden_imports(edges: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], list[str]]:
    return {pair: where for pair, where in edges.items() if pair in FORBIDDEN}


def report(root: Path = ROOT) -> int:
    edges = unit_imports(root)
    graph = unit_graph(root)
    print("levels (0 imports no other factionmap unit):")
    for i, units in enumerate(levels(graph)):
        print(f"  {i}: {' '.join(units)}")
    print("imports:")
    for unit in sorted(graph):
        deps = sorted(graph.successors(unit))
        print(f"  {unit} -> {' '.join(deps) if deps else '-'}")
    found = cycles(graph)
    print(f"cycles ({len(found)}):")
    for cycle in found:
        print("  " + " -> ".join([*cycle, cycle[0]]))
    unknown = sorted(all_units(root) - set(layer_index()))
    if unknown:
        print(f"units on no layer: {' '.join(unknown)}")
    upward = upward_imports(edges)
    print(f"upward imports against LAYERS ({len(upward)}):")
    for (src, dst), where in sorted(upward.items()):
        tag = "  [allowed]" if (src, dst) in ALLOWED else ""
        print(f"  {src} -> {dst}{tag}: {', '.join(where)}")
    forbidden = forbidden_imports(edges)
    print(f"forbidden imports ({len(forbidden)}):")
    for (src, dst), where in sorted(forbidden.items()):
        tag = "  [allowed]" if (src, dst) in ALLOWED else ""
        print(f"  {src} -> {dst}{tag}: {', '.join(where)}")
    private = private_imports(root)
    print(f"imports of {'/'.join(PUBLIC_API_ONLY)} internals from outside ({len(private)}):")
    for line in private:
        print(f"  {line}")
    bad = (set(upward) | set(forbidden)) - set(ALLOWED)
    return 1 if found or unknown or bad or private else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the package folder")
    args = parser.parse_args(argv)
    return report(args.root.resolve())


if __name__ == "__main__":
    sys.exit(main())
