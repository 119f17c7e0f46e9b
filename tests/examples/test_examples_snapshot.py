"""The whole ``examples/`` output tree as reviewable snapshots: one YAML file per InferenceService (every object
file as omec writes it), the diagnostics as JSON, and the OME facts the multi-node (LeaderWorkerSet) and
prefill/decode (Deployments, external Service, router RBAC) services must keep whatever the snapshots say."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from omec.cli import cli
from omec.diagnostics import Severity
from omec.write import META_FILES
from tests.conftest import REPO
from tests.examples.build import build_examples, written_files

SERVICES = ["llm-prod/llama-chat", "llm-prod/qwen-assistant", "llm-large/deepseek-v3-chat", "llm-large/qwen-72b-pd"]


@pytest.fixture(scope="module")
def build():
    return build_examples()


@pytest.fixture(scope="module")
def files(build):
    return written_files(build)


def test_examples_build_without_errors(build):
    assert build.ok, [d.to_dict() for d in build.diagnostics if d.severity >= Severity.ERROR]
    assert sorted({row["inferenceService"] for row in build.index()["files"].values()}) == sorted(SERVICES)


def test_cli_exits_0_and_writes_exactly_the_snapshotted_files(files, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "examples", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    written = {str(p.relative_to(out)): p.read_text() for p in out.rglob("*") if p.is_file()}
    for meta in META_FILES:
        written.pop(meta)
    assert written == files


@pytest.mark.parametrize("service", SERVICES, ids=[s.split("/")[1] for s in SERVICES])
def test_service_snapshot(files, service, snapshot_yaml):
    mine = {path: text for path, text in files.items() if path.startswith(f"{service}/")}
    assert mine
    assert mine == snapshot_yaml


def test_diagnostics_snapshot(build, snapshot_json):
    assert [d.to_dict() for d in build.diagnostics] == snapshot_json


ABSENT = object()
MN = "llm-large/deepseek-v3-chat/"
LWS = MN + "leaderworkerset-lws-deepseek-v3-chat-engine.yaml"
LEADER = ("spec", "leaderWorkerTemplate", "leaderTemplate")
WORKER = ("spec", "leaderWorkerTemplate", "workerTemplate")
PD = "llm-large/qwen-72b-pd/"
POD = ("spec", "template", "spec", "containers", "name=ome-container")

# (file, path, expected): "name=X" picks the list item named X; ABSENT = the key must not exist.
SPEC_FACTS = [
    (LWS, ("spec", "replicas"), 1),  # minReplicas
    (LWS, ("spec", "leaderWorkerTemplate", "size"), 2),  # worker.size + 1
    (LWS, ("metadata", "labels", "app"), ABSENT),  # component labels, no app
    (LWS, (*LEADER, "metadata", "labels", "app"), "deepseek-v3-chat-engine"),
    (LWS, (*LEADER, "metadata", "labels", "ray.io/node-type"), "head"),
    (LWS, (*WORKER, "metadata", "labels", "app"), ABSENT),
    (LWS, (*WORKER, "metadata", "labels", "ray.io/node-type"), ABSENT),
    # PARALLELISM_SIZE = 8 GPUs x (1 + 1 worker), on leader and worker alike
    (LWS, (*LEADER, "spec", "containers", "name=ome-container", "env", "name=PARALLELISM_SIZE", "value"), "16"),
    (LWS, (*WORKER, "spec", "containers", "name=ome-container", "env", "name=PARALLELISM_SIZE", "value"), "16"),
    (LWS, (*LEADER, "metadata", "annotations", "prometheus.io/scrape"), "true"),
    (LWS, (*WORKER, "metadata", "annotations", "prometheus.io/scrape"), ABSENT),  # prometheus.io/* on the leader only
    (LWS, (*WORKER, "spec", "dnsPolicy"), "ClusterFirstWithHostNet"),  # OME's default only fills an empty dnsPolicy
    (MN + "service-deepseek-v3-chat-engine.yaml", ("spec", "selector"), {"ray.io/node-type": "head"}),  # every LWS leader
    (MN + "service-deepseek-v3-chat-engine.yaml", ("metadata", "labels", "app"), ABSENT),  # component labels, no app
    (MN + "service-deepseek-v3-chat-engine.yaml", ("metadata", "annotations", "prometheus.io/scrape"), ABSENT),
    (MN + "service-deepseek-v3-chat.yaml", ("spec", "selector"),  # external Service -> the router
     {"ome.io/inferenceservice": "deepseek-v3-chat", "component": "router"}),
    (PD + "deployment-qwen-72b-pd-engine.yaml", (*POD, "env", "name=PARALLELISM_SIZE", "value"), "4"),
    (PD + "deployment-qwen-72b-pd-decoder.yaml", (*POD, "env", "name=PARALLELISM_SIZE", "value"), "4"),
    (PD + "deployment-qwen-72b-pd-decoder.yaml", ("spec", "selector", "matchLabels"), {"app": "qwen-72b-pd-decoder"}),
    # pod-only annotations stay on the pods, never on the Services
    (PD + "deployment-qwen-72b-pd-engine.yaml", ("spec", "template", "metadata", "annotations",
                                                 "rdma.ome.io/auto-inject"), "true"),
    (PD + "service-qwen-72b-pd-engine.yaml", ("metadata", "annotations", "rdma.ome.io/auto-inject"), ABSENT),
    (PD + "service-qwen-72b-pd-engine.yaml", ("metadata", "annotations", "prometheus.io/scrape"), ABSENT),
    (PD + "deployment-qwen-72b-pd-router.yaml", ("spec", "template", "spec", "serviceAccountName"),
     "qwen-72b-pd-router"),  # forced on the router pod
    (PD + "role-qwen-72b-pd-router.yaml", ("rules",),
     [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}]),  # router RBAC
    (PD + "rolebinding-qwen-72b-pd-router.yaml", ("subjects",),
     [{"kind": "ServiceAccount", "name": "qwen-72b-pd-router", "namespace": "llm-large"}]),
    (PD + "service-qwen-72b-pd.yaml", ("spec", "selector"),
     {"ome.io/inferenceservice": "qwen-72b-pd", "component": "router"}),  # external Service -> the router
]


def dig(value, path: tuple):
    for step in path:
        if isinstance(value, list):
            name = step.removeprefix("name=")
            value = next((item for item in value if item.get("name") == name), ABSENT)
        else:
            value = value.get(step, ABSENT)
        if value is ABSENT:
            return ABSENT
    return value


@pytest.mark.parametrize("file, path, expected", SPEC_FACTS,
                         ids=[f"{Path(file).stem}:{'.'.join(path)}" for file, path, _ in SPEC_FACTS])
def test_spec_facts_of_the_multinode_and_pd_services(files, file, path, expected):
    assert dig(yaml.safe_load(files[file]), path) == expected  # ABSENT compares by identity


def test_pd_service_has_engine_decoder_and_router_workloads(files):
    names = sorted(Path(path).name for path in files if path.startswith(PD))
    assert [n for n in names if n.startswith(("deployment-", "leaderworkerset-"))] == [
        "deployment-qwen-72b-pd-decoder.yaml", "deployment-qwen-72b-pd-engine.yaml", "deployment-qwen-72b-pd-router.yaml"]
