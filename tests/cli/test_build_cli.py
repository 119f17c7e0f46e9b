"""`omec build` / `omec validate` as a user runs them: exit codes, stderr format, atomic output."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from omec.cli import cli
from tests.conftest import REPO

EXAMPLES = REPO / "examples"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "omec", *args], cwd=cwd or REPO, capture_output=True, text=True, timeout=120
    )


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_examples_writes_one_object_per_file_and_an_index(tmp_path):
    out = tmp_path / "out"
    proc = run("build", "examples", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    files = tree(out)
    index = json.loads(files.pop("omec-index.json"))
    kustomization = yaml.safe_load(files.pop("kustomization.yaml"))
    assert set(index["files"]) == set(files) == set(kustomization["resources"])
    assert all(path.count("/") == 2 and path.endswith(".yaml") for path in files)
    entry = index["files"]["llm-prod/llama-chat/deployment-llama-chat-engine.yaml"]
    assert entry["runtime"] == "sglang-llama-3-1-8b"
    assert "services/llama-chat.yaml#0" in entry["sources"]  # relative to the inputs' common root, examples/


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_is_byte_identical_across_runs_hash_seeds_input_order_and_jobs(tmp_path, jobs):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run("build", "examples", "-o", str(first), "-j", "1").returncode == 0
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    shuffled = ["examples/services", "examples/runtimes", "examples/models", "examples/accelerators"]
    subprocess.run([sys.executable, "-m", "omec", "build", *shuffled, "-o", str(second), "-j", jobs], cwd=REPO,
                   env=env, check=True, capture_output=True)
    assert tree(first) == tree(second)


BROKEN = """\
apiVersion: ome.io/v1beta1
kind: InferenceService
metadata:
  name: broken
spec:
  model:
    name: no-such-model
  runtime:
    name: no-such-runtime
  engine: {}
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_errors_exit_1_with_positions_and_leave_the_previous_output_untouched(tmp_path, jobs):
    out = tmp_path / "out"
    assert run("build", "examples", "-o", str(out)).returncode == 0
    before = tree(out)
    specs = tmp_path / "specs"
    # the specs as a plain directory (files added below are read), without the overlay on the output
    shutil.copytree(EXAMPLES, specs, ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    (specs / "services" / "broken.yaml").write_text(BROKEN)
    (specs / "services" / "bad-syntax.yaml").write_text("kind: [\n")
    proc = run("build", str(specs), "-o", str(out), "-j", jobs)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert any(line.startswith(f"{specs}/services/bad-syntax.yaml:2:1: error[OMEC001]") for line in lines)
    assert any(f"{specs}/services/broken.yaml:7:5: error[" in line and "no-such-model" in line for line in lines)
    assert tree(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.omec-")]


def test_refuses_to_replace_a_directory_omec_did_not_create(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    proc = run("build", "examples", "-o", str(out))
    assert proc.returncode == 1 and "OMEC800" in proc.stderr
    assert (out / "precious.txt").read_text() == "keep me"
    assert run("build", "examples", "-o", str(out), "--force").returncode == 0
    assert not (out / "precious.txt").exists()


def test_stream_mode_prints_only_manifests_on_stdout(tmp_path):
    proc = run("build", "examples", "-o", "-")
    assert proc.returncode == 0, proc.stderr
    import yaml

    docs = list(yaml.safe_load_all(proc.stdout))
    assert docs and all(isinstance(d, dict) and d.get("kind") for d in docs)


def test_validate_writes_nothing_and_reports(tmp_path):
    specs = tmp_path / "specs"
    # the specs as a plain directory (files added below are read), without the overlay on the output
    shutil.copytree(EXAMPLES, specs, ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    (specs / "services" / "broken.yaml").write_text(BROKEN)
    proc = run("validate", str(specs))
    assert proc.returncode == 1 and "no-such-model" in proc.stderr
    assert run("validate", "examples").returncode == 0


def test_usage_errors_exit_2():
    result = CliRunner().invoke(cli, ["build", "examples"])
    assert result.exit_code == 2


def test_docs_list_every_diagnostic_code():
    from omec.codes import markdown

    assert (REPO / "docs" / "diagnostics.md").read_text() == markdown(), "run `omec codes > docs/diagnostics.md`"


CONTROLLER_CONFIG = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: inferenceservice-config, namespace: ome}
data:
  deploy: '{"defaultDeploymentMode": "RawDeployment"}'
  ingress: '{"ingressGateway": "knative-serving/knative-ingress-gateway", "ingressService": "istio-ingressgateway.istio-system.svc.cluster.local", "ingressDomain": "example.com", "ingressClassName": "istio", "disableIngressCreation": false}'
"""


@pytest.mark.parametrize(
    "flags, expected",
    [([], True), (["--no-assume-ready"], False)],
)
def test_controller_config_enables_ingress_and_assume_ready_gates_it(tmp_path, flags, expected):
    config = tmp_path / "config.yaml"
    config.write_text(CONTROLLER_CONFIG)
    out = tmp_path / "out"
    proc = run("build", "examples", "-o", str(out), "--controller-config", str(config), *flags)
    assert proc.returncode == 0, proc.stderr
    ingress = out / "llm-prod" / "llama-chat" / "ingress-llama-chat.yaml"
    assert ingress.exists() is expected
    assert not (out / "llm-prod" / "llama-chat" / "service-llama-chat.yaml").exists()  # no external Service
    if expected:
        import yaml

        rules = yaml.safe_load(ingress.read_text())["spec"]["rules"]
        assert rules[0]["host"] == "llama-chat.llm-prod.example.com"


def test_jobs_auto_is_serial_for_small_runs_and_per_cpu_for_fleets():
    from omec.fleet import PARALLEL_THRESHOLD, resolve_jobs

    assert resolve_jobs(None, PARALLEL_THRESHOLD - 1) == 1
    assert resolve_jobs(None, PARALLEL_THRESHOLD) == len(os.sched_getaffinity(0))
    assert resolve_jobs(3, 10) == 3 and resolve_jobs(0, 10) == 1


def test_an_internal_error_exits_70_without_a_traceback(monkeypatch, capsys):
    import omec.cli

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(omec.cli, "run", broken)
    monkeypatch.delenv("OMEC_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        omec.cli.main(["validate", "examples"])
    assert exit_info.value.code == 70
    err = capsys.readouterr().err
    assert "internal error[OMEC900]" in err and "Traceback" not in err
