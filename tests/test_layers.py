"""The house rule, read from the code's own imports: every import points down, and nothing imports in a circle.

    composition (circleup.cli, circleup.demo)  →  the simulated forum (circleup.simulator, a development tool)
    →  webhooks  →  sync  →  integration  →  config

Every import statement counts, those inside functions too (a lazy import is still a dependency);
only imports under `if TYPE_CHECKING:` are left out, since they never run.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Folder → import name, as setup.py maps them.
PACKAGES = {"circleup": "circleup", "webhooks": "circleup.webhooks", "sync": "circleup.sync",
            "integration": "circleup.integration", "config": "circleup.config"}
# Higher floors may import lower ones; a floor never imports one above it.
FLOORS = [
    ("circleup.config", 0),
    ("circleup.integration", 1),
    ("circleup.sync", 2),
    ("circleup.webhooks", 3),
    ("circleup.simulator", 4),
    ("circleup", 5),  # the composition root: the CLI, the demo
]


def _modules() -> dict[str, Path]:
    found = {}
    for folder, name in PACKAGES.items():
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts and path.name != "env.py":
                continue  # Alembic's revision scripts import only alembic and sqlalchemy
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([name, *parts])] = path
    return found


MODULES = _modules()


def _floor(module: str) -> int:
    """The floor of the most specific layer the module is in (circleup.sync.x is sync's, not the root's)."""
    prefix, floor = max(((prefix, floor) for prefix, floor in FLOORS
                         if module == prefix or module.startswith(prefix + ".")), key=lambda pair: len(pair[0]))
    return floor


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(path: Path, module: str) -> set[str]:
    """The circleup modules `module` imports (resolved to files: `from a import b` is a.b when b is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    named: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                named.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in child.names:
                    named.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
            visit(child)

    visit(tree)
    resolved = set()
    for name in named:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module:
            resolved.add(name)
    return resolved


GRAPH = {module: _imports(path, module) for module, path in MODULES.items()}


def test_the_layers_are_all_read():
    assert {"circleup.cli", "circleup.webhooks.app", "circleup.sync.worker", "circleup.integration.outbox",
            "circleup.config.settings", "circleup.simulator.core"} <= set(MODULES)
    assert [_floor(m) for m in ("circleup.config.settings", "circleup.integration.outbox", "circleup.sync.worker",
                                "circleup.webhooks.app", "circleup.simulator.core", "circleup.cli", "circleup.demo")] \
        == [0, 1, 2, 3, 4, 5, 5]


def test_every_import_points_down():
    upward = sorted(f"{module} imports {target}" for module, targets in GRAPH.items() for target in targets
                    if _floor(target) > _floor(module))
    assert not upward, "imports that run back up:\n" + "\n".join(upward)


def test_no_module_imports_in_a_circle():
    circles = _strongly_connected(GRAPH)
    assert not circles, "import circles:\n" + "\n".join(" → ".join(sorted(c)) for c in circles)


def test_flows_never_import_flask_and_the_edge_never_calls_discourse():
    def imports_of(prefix: str) -> set[str]:
        names = set()
        for module, path in MODULES.items():
            if module.startswith(prefix):
                tree = ast.parse(path.read_text(encoding="utf-8"))
                names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
                names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        return names

    assert not {name for name in imports_of("circleup.sync") if name.split(".")[0] in ("flask", "werkzeug")}
    assert "circleup.integration.discourse" not in {t for m, ts in GRAPH.items() if m.startswith("circleup.webhooks")
                                                    for t in ts}


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively; returns the components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
    return components
