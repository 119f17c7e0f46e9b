"""Option values the run trusts are checked on the command line (usage error, exit 2): ``-n`` is a namespace (a
DNS-1123 label, apimachinery's ValidateNamespaceName), ``--ignore`` names a warning or info code omec has."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from omec.cli import cli
from tests.conftest import REPO

EXAMPLES = str(REPO / "examples")


def invoke(*args: str):
    return CliRunner().invoke(cli, ["validate", EXAMPLES, "-q", *args])


@pytest.mark.parametrize("namespace", ["Team_A", "../../x", "/abs", "a.b", "", "a" * 64, "team\n"])
def test_an_invalid_namespace_option_is_a_usage_error(namespace):
    result = invoke("-n", namespace)
    assert result.exit_code == 2, result.output
    assert "is not a valid namespace" in result.stderr


def test_a_valid_namespace_option_runs(tmp_path: Path):
    result = CliRunner().invoke(cli, ["build", EXAMPLES, "-n", "team-a", "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("code, suggestion", [
    ("OMEC5211", "did you mean OMEC521 or OMEC511 or OMEC211?"),
    ("OMEC52", "did you mean OMEC520 or OMEC521 or OMEC522?"),
    ("quirk-virtualservice-flap", "did you mean OMEC521?"),
    ("virtualservice-flap", "did you mean OMEC521?"),
    ("nonsense", "`omec codes` lists every code"),
])
def test_an_unknown_ignored_code_is_a_usage_error_naming_close_codes(code, suggestion):
    result = invoke("--ignore", code)
    assert result.exit_code == 2
    assert f"unknown diagnostic code '{code}'; {suggestion}" in result.stderr


def test_ignoring_an_error_code_is_a_usage_error():
    result = invoke("--ignore", "OMEC201")
    assert result.exit_code == 2
    assert "OMEC201 (model-not-found) is an error: errors cannot be ignored" in result.stderr


def test_warning_and_info_codes_can_be_ignored_in_any_case():
    result = invoke("--ignore", "omec521", "--ignore", "OMEC140")
    assert result.exit_code == 0, result.stderr


def test_explain_suggests_a_close_model():
    result = CliRunner().invoke(cli, ["explain", EXAMPLES, "--model", "llama-3-1-8b-instruc", "-n", "llm-prod"])
    assert result.exit_code == 1
    assert 'did you mean "llama-3-1-8b-instruct"?' in result.stderr
