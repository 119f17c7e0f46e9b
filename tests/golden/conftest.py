"""Helpers for the spec 02 §8 golden examples: compile YAML through the real pipeline and index the output.

Every golden test writes its inputs as small YAML documents, runs ``read_inputs`` + ``compile_inputs`` (with
output schema validation on, as the CLI does) and compares the emitted objects field by field.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pytest
import yaml

from omec.diagnostics import Severity
from omec.options import Options
from omec.pipeline import BuildResult, compile_inputs, output_files, read_inputs
from omec.validate.controller_config import parse_controller_config

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A controller ConfigMap as OME's envtests use it: no `ingress` key (ingress creation enabled).
NO_INGRESS_CONFIG = {"deploy": '{"defaultDeploymentMode": "RawDeployment"}'}
PROBER_CONFIG = {
    "multinodeProber": {
        "image": "ghcr.io/moirai-internal/multinode-prober:v0.1.5",
        "memoryRequest": "100Mi",
        "memoryLimit": "100Mi",
        "cpuRequest": "100m",
        "cpuLimit": "100m",
        "startupFailureThreshold": 150,
        "startupPeriodSeconds": 30,
        "startupTimeoutSeconds": 60,
        "startupInitialDelaySeconds": 200,
        "unavailableThresholdSeconds": 1800,
    }
}


@dataclass
class Built:
    result: BuildResult

    @property
    def objects(self) -> dict[tuple[str, str], dict]:
        """(kind, name) -> emitted object; a Knative Service is keyed as kind ``ksvc``."""
        out = {}
        for manifest in self.result.manifests:
            kind = "ksvc" if manifest.body["apiVersion"].startswith("serving.knative.dev/") else manifest.kind
            key = (kind, manifest.name)
            assert key not in out, f"two objects {key}"
            out[key] = manifest.body
        return out

    def get(self, kind: str, name: str) -> dict:
        objects = self.objects
        assert (kind, name) in objects, f"{kind} {name} not emitted; got {sorted(objects)}"
        return objects[(kind, name)]

    def names(self, kind: str) -> list[str]:
        return sorted(name for k, name in self.objects if k == kind)

    @property
    def errors(self) -> list[str]:
        return [f"{d.code} {d.message}" for d in self.result.diagnostics if d.severity >= Severity.ERROR]

    def codes(self, severity: Severity = Severity.WARNING) -> set[str]:
        return {d.code for d in self.result.diagnostics if d.severity == severity}

    @property
    def files(self) -> dict[str, str]:
        """Output tree as the writer produces it (``omec-index.json`` included), decoded."""
        return {path: data.decode("utf-8") for path, data in output_files(self.result).items()}


def compile_yaml(
    texts: dict[str, str] | str,
    *,
    config: dict | None = None,
    model_metadata: dict | None = None,
    expect_ok: bool = True,
) -> Built:
    """Compile in-memory YAML (one text or path -> text); ``config`` replaces the shipped controller ConfigMap."""
    if isinstance(texts, str):
        texts = {"inputs.yaml": texts}
    return _compile(read_inputs(None, _options(model_metadata), texts=texts), config, expect_ok)


def compile_paths(
    paths: Sequence[Path], *, config: dict | None = None, model_metadata: dict | None = None, expect_ok: bool = True
) -> Built:
    """Compile files read in place (the shared OME corpus)."""
    return _compile(read_inputs([str(p) for p in paths], _options(model_metadata)), config, expect_ok)


def _options(model_metadata: dict | None) -> Options:
    return Options(model_metadata=model_metadata or {})


def _compile(inputs, config: dict | None, expect_ok: bool) -> Built:
    if config is not None:
        inputs.config, diags = parse_controller_config(config, "controller-config.yaml")
        assert not diags, diags
    built = Built(compile_inputs(inputs))
    if expect_ok:
        assert built.errors == [], built.errors
    return built


def docs(*documents: dict | str) -> str:
    """A multi-document YAML text from dicts (dumped) and YAML snippets (kept)."""
    return "---\n".join(d if isinstance(d, str) else yaml.safe_dump(d, sort_keys=False) for d in documents)


def container(pod: dict, index: int = 0) -> dict:
    return pod["spec"]["template"]["spec"]["containers"][index]


def env_of(c: dict) -> dict:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in c.get("env") or []}


@pytest.fixture
def fixture_text():
    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return read
