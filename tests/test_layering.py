"""Apps import downward only: audit ← cooperation ← agreements ← events ← reports ← workspace,
imports, insight; devtools and ops on top of all. Every import counts, including those inside
functions."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# An app may import the apps of lower layers and its own; workspace and imports share a layer
# and may not import each other.
LAYERS = {
    # The audit log: every app may write to it; it imports none of them.
    "audit": -1,
    "cooperation": 0,
    "agreements": 1,
    "events": 2,
    "reports": 3,
    "workspace": 4,
    "imports": 4,
    "insight": 4,
    "devtools": 5,
    # Operations: health check, task worker, backups, security headers, log format.
    "ops": 5,
}
# The project package wires everything together: it may import any app, and no app imports it.
PROJECT = "config"


def _imported_modules(tree):
    """(line, top-level module) for every absolute import in the tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def _allowed(app, imported):
    if imported == app or imported not in {*LAYERS, PROJECT}:
        return True
    if app == PROJECT:
        return True
    if imported == PROJECT:
        return False
    return LAYERS[imported] < LAYERS[app]


def _violations():
    for app in [*LAYERS, PROJECT]:
        package = ROOT / app
        for path in sorted(package.rglob("*.py")):
            if "migrations" in path.relative_to(package).parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for line, imported in _imported_modules(tree):
                if not _allowed(app, imported):
                    yield f"{path.relative_to(ROOT)}:{line}: {app} imports {imported}"


def test_apps_import_only_the_layers_below_them():
    found = list(_violations())
    assert not found, "Imports against the layering:\n" + "\n".join(found)


def test_the_layering_check_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from workspace.services import x\n")
    assert list(_imported_modules(tree)) == [(2, "workspace")]
    assert not _allowed("events", "workspace")
    assert not _allowed("imports", "workspace") and not _allowed("workspace", "imports")
    assert not _allowed("reports", "devtools") and _allowed(PROJECT, "devtools")
    assert _allowed("events", "agreements") and _allowed("cooperation", "django")
    assert _allowed("cooperation", "audit") and not _allowed("audit", "cooperation")
    assert not _allowed("reports", "ops") and _allowed(PROJECT, "ops")
