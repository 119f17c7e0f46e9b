"""The architecture, as data: stages run in one order and import only earlier stages and shared modules; shared
modules import no stage; only load and write touch the filesystem; only the CLI prints.

    load -> validate -> resolve -> plan -> render -> check -> write

Shared leaf modules (any stage may use them): omec.diagnostics, omec.model, omec.options, omec.memo, omec.rules, the
packages omec.golang (Go semantics), omec.ome (OME facts), omec.schema (the schema engine). The orchestration
(omec.run, omec.fleet, omec.testing, omec.codes) and omec.cli sit on top and may import everything.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

OMEC = Path(__file__).resolve().parents[2] / "omec"
STAGES = ("load", "validate", "resolve", "plan", "render", "check", "write")
SHARED = ("diagnostics", "model", "options", "memo", "rules", "golang", "ome", "schema")
ON_TOP = ("run", "fleet", "testing", "codes", "cli", "__main__", "__init__")
FILESYSTEM_STAGES = ("load", "write")
# Calls that touch the filesystem (by the name they are called through).
FS_CALLS = {
    "open", "os.open", "os.listdir", "os.scandir", "os.walk", "os.stat", "os.lstat", "os.mkdir", "os.makedirs",
    "os.remove", "os.unlink", "os.rename", "os.replace", "os.rmdir", "os.chmod", "os.link", "os.symlink",
    "os.access", "os.path.exists", "os.path.isdir", "os.path.isfile", "os.path.getsize", "os.path.realpath",
    "os.path.islink", "os.mkfifo", "os.chdir", "os.getcwd",
}
FS_MODULES = {"shutil", "tempfile", "glob", "importlib.resources"}
FS_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "iterdir", "glob", "rglob", "mkdir",
              "unlink", "rmdir", "touch", "is_file", "is_dir", "exists", "stat", "lstat", "resolve"}


def _modules():
    for path in sorted(OMEC.rglob("*.py")):
        parts = path.relative_to(OMEC).with_suffix("").parts
        yield path, parts[0], ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imported(tree: ast.AST, path: Path) -> set[str]:
    """Top-level omec packages/modules a module imports (anywhere in it, relative imports resolved)."""
    found = set()
    package = path.relative_to(OMEC.parent).with_suffix("").parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(filter(None, (base, node.module)))
            names = [module] + ([f"{module}.{a.name}" for a in node.names] if module == "omec" else [])
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "omec" and len(parts) > 1:
                found.add(parts[1])
    return found


def _layer(top: str) -> str:
    if top in STAGES:
        return "stage"
    if top in SHARED:
        return "shared"
    assert top in ON_TOP, f"omec/{top} is not placed in the architecture: add it to STAGES, SHARED or ON_TOP"
    return "top"


MODULES = list(_modules())


@pytest.mark.parametrize("path, top, tree", MODULES, ids=[str(p.relative_to(OMEC)) for p, _, _ in MODULES])
def test_imports_follow_the_stage_order(path: Path, top: str, tree: ast.AST):
    layer = _layer(top)
    imported = _imported(tree, path) - {top}
    if layer == "shared":
        assert not imported & set(STAGES + ON_TOP), f"shared module imports {sorted(imported & set(STAGES + ON_TOP))}"
    elif layer == "stage":
        later = {name for name in imported if name in STAGES and STAGES.index(name) > STAGES.index(top)}
        assert not later, f"stage {top} imports later stages {sorted(later)}"
        assert not imported & set(ON_TOP), f"stage {top} imports {sorted(imported & set(ON_TOP))}"


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _filesystem_uses(tree: ast.AST) -> list[str]:
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            uses += [f"import {n}" for n in names if n in FS_MODULES or n.split(".")[0] in FS_MODULES - {"importlib"}]
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name in FS_CALLS:
                uses.append(f"{name}()")
            elif isinstance(node.func, ast.Attribute) and node.func.attr in FS_METHODS and not name.startswith("self."):
                uses.append(f".{node.func.attr}()")
    return uses


@pytest.mark.parametrize("path, top, tree", MODULES, ids=[str(p.relative_to(OMEC)) for p, _, _ in MODULES])
def test_only_load_and_write_touch_the_filesystem(path: Path, top: str, tree: ast.AST):
    if top in FILESYSTEM_STAGES:
        return
    assert _filesystem_uses(tree) == []


@pytest.mark.parametrize("path, top, tree", MODULES, ids=[str(p.relative_to(OMEC)) for p, _, _ in MODULES])
def test_only_the_cli_prints(path: Path, top: str, tree: ast.AST):
    if top == "cli":
        return
    calls = [_dotted(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert [c for c in calls if c in ("print", "click.echo", "click.secho", "sys.stdout.write", "sys.stderr.write")] == []


def test_the_check_catches_a_stage_importing_a_later_one():
    tree = ast.parse("from omec.render import render\nimport omec.write.sinks\n")
    assert _imported(tree, OMEC / "plan" / "x.py") == {"render", "write"}
    assert _filesystem_uses(ast.parse("import shutil\nopen('x')\nPath('a').read_text()\n")) == [
        "import shutil", "open()", ".read_text()"]
