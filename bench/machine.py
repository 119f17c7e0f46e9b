"""What the numbers were measured on: CPUs, memory, load, Python, PyYAML, kubectl, omec, scratch filesystem."""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _output(argv: list[str], cwd: Path | None = None) -> str | None:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=30, cwd=cwd, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def filesystem_type(path: Path) -> str:
    """Type of the mount holding ``path`` (longest mount point prefix in /proc/mounts), or "unknown"."""
    try:
        mounts = [line.split()[1:3] for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "unknown"
    resolved = str(path.resolve())
    best = max((m for m in mounts if resolved == m[0] or resolved.startswith(m[0].rstrip("/") + "/")),
               key=lambda m: len(m[0]), default=None)
    return best[1] if best else "unknown"


def memory_total_mib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def kubectl_version() -> dict | None:
    if shutil.which("kubectl") is None:
        return None
    text = _output(["kubectl", "version", "--client", "-o", "json"])
    if text is None:
        return None
    data = json.loads(text)
    return {"kubectl": data.get("clientVersion", {}).get("gitVersion"), "kustomize": data.get("kustomizeVersion")}


def machine_info(python: str, scratch: Path) -> dict:
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_mib": memory_total_mib(),
        "load_average_at_start": list(os.getloadavg()),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "pyyaml": yaml.__version__,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "kubectl": kubectl_version(),
        "omec": _output([python, "-m", "omec", "--version"]),
        "git_head": _output(["git", "rev-parse", "--short", "HEAD"], cwd=REPO),
        "git_dirty": bool(_output(["git", "status", "--porcelain"], cwd=REPO)),
        "scratch": str(scratch),
        "scratch_fs": filesystem_type(scratch),
    }
