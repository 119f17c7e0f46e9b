"""One case directory per diagnostic code: ``tests/cases/<code>-<name>/fail/`` holds specs that must make omec
report that code, ``pass/`` (required for the rules, OMEC5nn) the nearest specs that must not. Every registered
code has a case (checked below), so every code is emitted by at least one test.

A case is run through the real command line, in a scratch copy of its directory: ``omec <command> base <specs>
<args> --format json`` with ``base/`` (unless ``base: false``). ``case.yaml`` (optional) sets:

    command: validate          # or build
    output: out                # with build: the -o directory (relative to the scratch directory)
    base: true                 # build against tests/cases/base
    args: [--strict]           # more arguments (paths relative to the case directory)
    exit: 1                    # the exit status of the failing run (default: 1 for errors, 0 for others)
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from omec.cli import cli
from omec.codes import all_codes
from omec.diagnostics import Severity

HERE = Path(__file__).parent
CASES = sorted(p for p in HERE.iterdir() if p.is_dir() and p.name.startswith("OMEC"))
# Codes no spec can trigger, with the test that emits them instead.
NOT_FROM_SPECS = {
    "OMEC900": "tests/cli/test_build_cli.py::test_an_internal_error_exits_70_without_a_traceback",
    # every kind omec emits has a schema for every --k8s-version (tests/schemas/test_output_schemas.py checks both)
    "OMEC401": "tests/schemas/test_output_schemas.py::test_unknown_kind_has_no_schema",
    # namespaces and names are validated first (OMEC180/181): the write stage's own path check stands behind them
    "OMEC802": "tests/write/test_output_paths.py::test_check_paths_reports_the_namespace_the_name_or_each_object",
    # the real kustomize on PATH (or none) decides these: tests that set PATH and skip without kubectl
    "OMEC023": "tests/load/test_kustomize.py::test_beyond_plain_resources_without_kustomize_on_path_is_an_error_with_a_hint",
    "OMEC024": "tests/load/test_kustomize.py::test_a_failing_kustomize_build_is_an_error",
    "OMEC025": "tests/load/test_kustomize.py::test_beyond_plain_resources_are_built_by_kubectl_kustomize",
    # not specs: the project file (found in the working directory) and omec fn's standard input
    "OMEC027": "tests/cli/test_project.py::test_an_invalid_project_file_is_an_error_positioned_in_it",
    "OMEC028": "tests/cli/test_fn.py::test_input_that_is_not_a_resource_list_is_an_error",
    # a FIFO, socket or device cannot be committed to a case directory (or copied into a scratch one)
    "OMEC011": "tests/load/test_files.py::test_a_fifo_in_a_spec_directory_is_skipped_with_a_warning",
}


def _settings(case: Path) -> dict:
    path = case / "case.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _run(case: Path, specs: str, tmp_path: Path, monkeypatch) -> tuple[int, list[dict]]:
    """Run omec on ``case/<specs>`` in a scratch copy; (exit status, diagnostics as JSON)."""
    scratch = tmp_path / case.name
    shutil.copytree(case, scratch)
    shutil.copytree(HERE / "base", scratch / "base")
    settings = _settings(case)
    command = settings.get("command", "validate")
    argv = [command, *(["base"] if settings.get("base", True) else []), specs, *settings.get("args", [])]
    if command == "build":
        argv += ["-o", settings.get("output", "out")]
    monkeypatch.chdir(scratch)
    result = CliRunner().invoke(cli, [*argv, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    text = result.stderr.strip()
    start = text.find("[")  # the JSON list (a build also prints a summary line)
    return result.exit_code, json.loads(text[start:text.rindex("]") + 1]) if start >= 0 else []


def _code(case: Path) -> str:
    return case.name.split("-", 1)[0]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_failing_specs_emit_the_code(case: Path, tmp_path, monkeypatch):
    code = next(c for c in all_codes() if c.id == _code(case))
    status, diags = _run(case, "fail", tmp_path, monkeypatch)
    emitted = [d for d in diags if d["code"] == code.id]
    assert emitted, f"{code.id} not emitted; got {[(d['code'], d['message']) for d in diags]}"
    default = 1 if code.severity >= Severity.ERROR else 0
    assert status == _settings(case).get("exit", default), diags
    assert all(d["line"] for d in emitted if d["path"]), "every diagnostic on a file is positioned"


@pytest.mark.parametrize("case", [c for c in CASES if (c / "pass").is_dir()],
                         ids=[c.name for c in CASES if (c / "pass").is_dir()])
def test_the_passing_specs_do_not(case: Path, tmp_path, monkeypatch):
    _, diags = _run(case, "pass", tmp_path, monkeypatch)
    assert _code(case) not in [d["code"] for d in diags], diags


def test_every_code_has_a_case():
    with_case = {_code(case) for case in CASES}
    missing = [c.id for c in all_codes() if c.id not in with_case and c.id not in NOT_FROM_SPECS]
    assert missing == []


def test_every_case_names_its_code():
    names = {c.id: c.name for c in all_codes()}
    assert [case.name for case in CASES if case.name != f"{_code(case)}-{names.get(_code(case))}"] == []


def test_every_rule_has_a_passing_case_and_documents_both():
    import omec.run  # noqa: F401  (every stage registers its rules on import)
    from omec.rules import RULES

    for code, rule in RULES.items():
        assert "Fails" in rule.doc and "Passes" in rule.doc, code
        (case,) = [c for c in CASES if _code(c) == code]
        assert (case / "pass").is_dir(), f"{case.name} has no pass/ specs"
