"""Seeded synthetic workload: the catalog of ``bench.catalog`` plus N InferenceServices, written as YAML files.

Services mix pinned runtimes (about 70%) and auto-selection (about 30%), spread over namespaces, with the
component blocks the runtime's shape needs (engine + router, plus a decoder for prefill/decode runtimes: OME
deploys only the components the InferenceService declares). Everything derives from ``random.Random`` seeded with
text, so a seed gives byte-identical files whatever the hash seed or platform.
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.catalog import (
    API_VERSION,
    MULTI_NODE,
    PD,
    SINGLE,
    Catalog,
    ModelInfo,
    RuntimeInfo,
    build_catalog,
)

PINNED_SHARE = 0.7
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class WorkloadSummary:
    root: Path
    seed: int
    services: int
    pinned: int
    namespaces: int
    runtimes: int
    models: int
    files: int
    bytes: int


def namespace_count(n_services: int) -> int:
    """About 20 services per namespace, between 5 and 500 namespaces."""
    return max(5, min(500, n_services // 20))


def auto_selectable(catalog: Catalog) -> dict[ModelInfo, tuple[RuntimeInfo, ...]]:
    """Model -> the auto-selectable runtimes compatible with it, for models whose candidates share one shape.

    A runtime's size range spans its target model's size by -20..-26% / +20..+30%, which never reaches another
    size of the same family, so the compatible runtimes are exactly the auto-selectable ones
    written for a model of the same family and size. One shape means the service's blocks fit the winner.
    """
    by_size: dict[tuple[str, float], list[RuntimeInfo]] = {}
    for runtime in catalog.runtimes:
        if runtime.auto_select:
            by_size.setdefault((runtime.model.family.key, runtime.model.billions), []).append(runtime)
    selectable = {}
    for model in catalog.models:
        runtimes = by_size.get((model.family.key, model.billions), [])
        if runtimes and len({r.shape for r in runtimes}) == 1:
            selectable[model] = tuple(runtimes)
    return selectable


def build_service(catalog: Catalog, candidates: dict[ModelInfo, tuple[RuntimeInfo, ...]], seed: int, index: int,
                  n_namespaces: int) -> dict:
    """InferenceService ``index``: its own random stream, so it does not depend on the other services.

    ``candidates`` is ``auto_selectable(catalog)``: an auto-selected service names one of those models and, if
    it asks for an AcceleratorClass, one that a compatible auto-selectable runtime lists (OME requires the runtime
    to list every requested class).
    """
    rng = random.Random(f"{seed}:service:{index}")
    pinned = rng.random() < PINNED_SHARE
    if pinned:
        runtime = rng.choice(catalog.runtimes)
        model, accelerator_pool = runtime.model, runtime.accelerators
    else:
        model = rng.choice(tuple(candidates))
        runtime = candidates[model][0]  # the winner has the same shape (see auto_selectable)
        accelerator_pool = tuple(sorted({a for r in candidates[model] for a in r.accelerators}))
    shape, leader_worker = runtime.shape, runtime.leader_worker
    namespace = f"team-{rng.randrange(n_namespaces):03d}"
    spec: dict = {"model": {"name": model.name}}
    if pinned:
        spec["runtime"] = {"name": runtime.name}
    if accelerator_pool and rng.random() < 0.5:
        spec["acceleratorSelector"] = {"acceleratorClass": rng.choice(accelerator_pool)}
    spec["engine"] = _engine_block(rng, namespace, shape, leader_worker)
    if shape == PD:
        spec["decoder"] = {"minReplicas": 1, "maxReplicas": 1 if leader_worker else rng.randint(1, 4)}
    if shape == PD or rng.random() < 0.9:
        spec["router"] = {"minReplicas": 1, "maxReplicas": rng.randint(1, 3)}
    metadata: dict = {"name": _service_name(model, index), "namespace": namespace,
                      "labels": {"team": namespace, "app.kubernetes.io/part-of": "llm-platform"}}
    annotations = {}
    if shape == MULTI_NODE:  # what the webhook writes for an engine with leader and worker (size > 0)
        annotations["ome.io/deploymentMode"] = "MultiNode"
    if rng.random() < 0.3:
        annotations["ome.io/targetUtilizationPercentage"] = str(rng.choice((60, 70, 80)))
    if annotations:
        metadata["annotations"] = annotations
    return {"apiVersion": API_VERSION, "kind": "InferenceService", "metadata": metadata, "spec": spec}


def _service_name(model: ModelInfo, index: int) -> str:
    return f"{model.family.key}-{index:05d}"


def _engine_block(rng: random.Random, namespace: str, shape: str, leader_worker: bool) -> dict:
    """Replicas (a LeaderWorkerSet ignores maxReplicas: keep it equal), labels, and a runner env override
    only where the runner reaches the pods (single-node engines)."""
    low = rng.randint(1, 2)
    engine: dict = {"minReplicas": low, "maxReplicas": low if leader_worker else low + rng.randint(0, 4)}
    if rng.random() < 0.3:
        engine["labels"] = {"cost-center": f"cc-{namespace[-3:]}"}
    if shape == SINGLE and rng.random() < 0.3:
        engine["runner"] = {"name": "ome-container",
                            "env": [{"name": "LOG_LEVEL", "value": rng.choice(("info", "debug", "warning"))}]}
    return engine


def build_services(catalog: Catalog, seed: int, n_services: int) -> list[dict]:
    candidates, n_namespaces = auto_selectable(catalog), namespace_count(n_services)
    return [build_service(catalog, candidates, seed, index, n_namespaces) for index in range(n_services)]


def to_yaml(document: dict) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=4096)


def write_workload(root: Path, n_services: int, seed: int, n_runtimes: int = 200) -> WorkloadSummary:
    """Write the catalog and ``n_services`` InferenceServices (one file each) under ``root``."""
    catalog = build_catalog(seed, n_runtimes)
    services = build_services(catalog, seed, n_services)
    files = dict(catalog.documents)
    files.update({f"services/{s['metadata']['namespace']}/{s['metadata']['name']}.yaml": s for s in services})
    total = 0
    for relative, document in sorted(files.items()):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = to_yaml(document).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return WorkloadSummary(
        root=root, seed=seed, services=n_services, pinned=sum("runtime" in s["spec"] for s in services),
        namespaces=len({s["metadata"]["namespace"] for s in services}), runtimes=len(catalog.runtimes),
        models=len(catalog.models), files=len(files), bytes=total,
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.workload DIR N [--seed S]``: write one workload, e.g. to reproduce a failure."""
    parser = argparse.ArgumentParser(prog="python -m bench.workload", description=main.__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("services", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_workload(args.directory, args.services, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
