"""The peer comparison: `kubectl kustomize` merely re-emitting omec's output (no transformers at all)."""
from __future__ import annotations

import shutil
from pathlib import Path

INDEX_FILE = "omec-index.json"  # omec's own index; not a Kubernetes object


def kustomization_copy(omec_out: Path, dest: Path) -> int:
    """Copy omec's YAML files to ``dest`` and list them all in ``dest/kustomization.yaml``; return the count."""
    shutil.copytree(omec_out, dest, ignore=shutil.ignore_patterns(INDEX_FILE))
    resources = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*.yaml"))
    lines = ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "resources:"]
    lines += [f"  - {path}" for path in resources]
    (dest / "kustomization.yaml").write_text("\n".join(lines) + "\n")
    return len(resources)


def kustomize_argv(directory: Path) -> list[str]:
    return ["kubectl", "kustomize", str(directory)]
