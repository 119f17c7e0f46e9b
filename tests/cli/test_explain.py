"""`omec explain`: offline, byte-stable selection explanations (text and JSON snapshots)."""
from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from omec.cli import cli
from tests.conftest import REPO

SPECS = ["examples/services", "examples/runtimes", "examples/models", "examples/accelerators"]


def explain(*args: str, specs=SPECS):
    result = CliRunner().invoke(cli, ["explain", *specs, *args])
    return result


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch):
    monkeypatch.chdir(REPO)


def test_explain_isvc_table(snapshot_text):
    result = explain("--isvc", "llm-prod/qwen-assistant")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["RUNTIME", "SCOPE", "COMPATIBLE", "PRIORITY", "WEIGHT", "REASON"]
    assert lines[2].startswith("vllm-qwen2-5-7b *")
    assert result.stdout == snapshot_text


def test_explain_model_json(snapshot_json):
    result = explain("--model", "llama-3-1-8b-instruct", "-o", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["selected"] == "sglang-llama-3-1-8b"
    assert doc["candidates"][0]["runtime"] == "sglang-llama-3-1-8b"
    assert doc == snapshot_json


def test_explain_is_identical_across_input_order():
    first = explain("--isvc", "llm-prod/llama-chat", "-o", "yaml").stdout
    shuffled = SPECS[:]
    random.Random(7).shuffle(shuffled)
    assert explain("--isvc", "llm-prod/llama-chat", "-o", "yaml", specs=shuffled).stdout == first


def test_explain_unknown_service_is_a_usage_error():
    assert explain("--isvc", "nope/nothing").exit_code == 2
    assert explain().exit_code == 2
