"""Imports point one way (the README's Design section): ``safety`` is a leaf, ``accounts`` and
``knowledgebase`` import at most ``safety``, ``tickets`` imports those, ``assistant`` and ``mail``
import everything below them. The project package's shared code imports no app; only the modules
that wire the apps together do: the URL configuration and the admin site (its index shows the
workspace's shortcuts)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("safety", "accounts", "knowledgebase", "tickets", "assistant", "mail")
ALLOWED = {
    "safety": set(),
    "accounts": {"safety"},
    "knowledgebase": {"safety"},
    "tickets": {"safety", "accounts", "knowledgebase"},
    "assistant": {"safety", "accounts", "knowledgebase", "tickets"},
    "mail": {"safety", "accounts", "knowledgebase", "tickets"},
    "supportdesk": set(),
}
WIRING = {"supportdesk/urls.py", "supportdesk/admin_site.py"}


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in APPS)
    return found


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" not in relative and relative not in WIRING:
            yield relative, path


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_down_the_layers(package):
    if not (ROOT / package).is_dir():
        pytest.skip(f"{package} is not built yet")
    wrong = {
        relative: sorted(_imported_apps(path) - ALLOWED[package] - {package})
        for relative, path in _modules(package)
        if _imported_apps(path) - ALLOWED[package] - {package}
    }
    assert not wrong, f"{package} imports apps above it: {wrong}"
