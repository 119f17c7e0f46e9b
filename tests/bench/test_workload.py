"""The benchmark's workload generator: seeded, the promised mix, and every document accepted by `omec validate`."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bench.catalog import MULTI_NODE, PD, SINGLE, build_catalog
from bench.workload import (
    auto_selectable,
    build_services,
    namespace_count,
    write_workload,
)
from tests.conftest import REPO

SEED = 7
OME_KINDS = {"ClusterServingRuntime", "ClusterBaseModel", "AcceleratorClass", "InferenceService"}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def documents(root: Path) -> list[dict]:
    return [yaml.safe_load(text) for text in tree(root).values()]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("w20")
    write_workload(root, 20, SEED)
    return root


@pytest.fixture(scope="module")
def catalog():
    return build_catalog(SEED)


@pytest.fixture(scope="module")
def services(catalog) -> list[dict]:
    return build_services(catalog, SEED, 1000)


def test_same_seed_gives_byte_identical_files(small, tmp_path):
    write_workload(tmp_path / "again", 20, SEED)
    assert tree(tmp_path / "again") == tree(small)


def test_another_seed_gives_other_services(small, tmp_path):
    write_workload(tmp_path / "other", 20, SEED + 1)
    assert tree(tmp_path / "other") != tree(small)


def test_summary_counts_match_the_files_written(tmp_path):
    summary = write_workload(tmp_path, 20, SEED)
    files = tree(tmp_path)
    kinds = Counter(doc["kind"] for doc in documents(tmp_path))
    assert (summary.files, summary.bytes) == (len(files), sum(map(len, files.values())))
    assert kinds["InferenceService"] == summary.services == 20
    assert kinds["ClusterServingRuntime"] == summary.runtimes == 200
    assert kinds["ClusterBaseModel"] == summary.models
    assert kinds["AcceleratorClass"] >= 1
    assert set(kinds) == OME_KINDS


def test_omec_validate_accepts_every_document(small):
    proc = subprocess.run([sys.executable, "-m", "omec", "validate", str(small), "-q"], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "error[" not in proc.stderr


def test_runtime_shapes_mix_single_node_majority_with_multi_node_and_pd(catalog):
    shapes = Counter(r.shape for r in catalog.runtimes)
    assert shapes[SINGLE] > len(catalog.runtimes) / 2
    assert shapes[MULTI_NODE] > 0 and shapes[PD] > 0
    assert len({r.name for r in catalog.runtimes}) == len(catalog.runtimes)


def test_multi_node_runtimes_are_rdma_leader_worker_sets(catalog):
    runtime = next(r for r in catalog.runtimes if r.shape == MULTI_NODE)
    engine = catalog.documents[f"runtimes/{MULTI_NODE}/{runtime.name}.yaml"]["spec"]["engineConfig"]
    for pod in (engine["leader"], engine["worker"]):
        runner = pod["runner"]
        assert pod["hostNetwork"] is True
        assert {"name": "devinf", "hostPath": {"path": "/dev/infiniband"}} in pod["volumes"]
        assert "IPC_LOCK" in runner["securityContext"]["capabilities"]["add"]
        assert any(env["name"].startswith("NVSHMEM_") for env in runner["env"])
        assert runner["resources"]["limits"]["nvidia.com/gpu"] == 8
        assert not any(key.startswith("rdma/") for key in runner["resources"]["limits"])
    assert engine["worker"]["size"] >= 1


def test_pd_runtimes_have_engine_decoder_and_router(catalog):
    for runtime in (r for r in catalog.runtimes if r.shape == PD):
        spec = catalog.documents[f"runtimes/{PD}/{runtime.name}.yaml"]["spec"]
        assert {"engineConfig", "decoderConfig", "routerConfig"} <= set(spec)
        assert not runtime.auto_select


def test_models_carry_all_selection_metadata(catalog):
    for path, doc in catalog.documents.items():
        if doc["kind"] == "ClusterBaseModel":
            spec = doc["spec"]
            assert spec["modelFormat"]["name"] and spec["modelFramework"]["version"], path
            assert spec["modelArchitecture"] and spec["modelParameterSize"].endswith("B"), path


def test_about_70_percent_of_services_pin_a_runtime(services):
    pinned = sum("runtime" in s["spec"] for s in services)
    assert 0.65 <= pinned / len(services) <= 0.75


def test_services_reference_existing_objects_and_fit_the_runtime_shape(catalog, services):
    runtimes = {r.name: r for r in catalog.runtimes}
    candidates = {model.name: runtimes_ for model, runtimes_ in auto_selectable(catalog).items()}
    models = {m.name for m in catalog.models}
    for service in services:
        spec = service["spec"]
        assert spec["model"]["name"] in models
        if "runtime" in spec:
            runtime = runtimes[spec["runtime"]["name"]]
            assert runtime.model.name == spec["model"]["name"]
            allowed = runtime.accelerators
        else:
            runtime = candidates[spec["model"]["name"]][0]
            allowed = {a for r in candidates[spec["model"]["name"]] for a in r.accelerators}
        assert ("decoder" in spec) == (runtime.shape == PD)
        if "acceleratorSelector" in spec:
            assert spec["acceleratorSelector"]["acceleratorClass"] in allowed


def test_services_are_spread_over_namespaces_with_unique_names(services):
    namespaces = Counter(s["metadata"]["namespace"] for s in services)
    assert len(namespaces) == namespace_count(len(services)) == 50
    assert len({s["metadata"]["name"] for s in services}) == len(services)
