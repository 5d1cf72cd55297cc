"""The dependency direction of the apps: each domain app may import the apps listed before it in
settings.DOMAIN_APPS (its lower layers) and `regiekamer` (the shared infrastructure), never one after it.
`regiekamer` imports no domain app. Checked on every import statement of the code, function-level imports
included (tests and migrations aside: tests may build data from any app, migrations keep their history).

A higher app that needs to appear in a lower app's page or react to its changes registers itself there
(`stakeholders.extensions`, `stakeholders.signals`): the lower app calls out through what it declares."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
APPS = list(settings.DOMAIN_APPS)


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of the nodes inside `if TYPE_CHECKING:` blocks: imports for annotations only, no dependency."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.If)
            and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING"
        ):
            for child in node.body:
                inside.update(id(sub) for sub in ast.walk(child))
    return inside


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    typing_only = _type_checking_blocks(tree)
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _code_files(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _violations(package: str, allowed: set[str]) -> list[str]:
    forbidden = set(APPS) - allowed - {package}
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _code_files(package)
        for name in sorted(_imports(path) & forbidden)
    ]


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_lower_layers(app):
    lower = set(APPS[: APPS.index(app)])
    assert _violations(app, lower) == []


def test_the_shared_infrastructure_imports_no_domain_app():
    # The settings name the apps and the URLconf and `demo` command load them by name, at run time.
    assert _violations("regiekamer", set()) == []


def test_the_rule_is_checked_against_real_code():
    """The scan sees function-level imports (a lazy `from portfolio import ...` inside a function counts)."""
    source = "def f():\n    from portfolio.models import Project\n"
    path = ROOT / "var" / "layer_probe.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(source)
    try:
        assert "portfolio" in _imports(path)
    finally:
        path.unlink()
