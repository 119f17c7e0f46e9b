"""The Argo CD Config Management Plugin (examples/argocd/plugin.yaml) run as Argo CD runs it: its generate command
in a subprocess, in the application's source directory, with Argo CD's build environment (ARGOCD_APP_NAMESPACE
is the destination namespace, plugin env entries arrive as ARGOCD_ENV_<NAME>: Argo CD's docs, user-guide/
build-environment.md and operator-manual/config-management-plugins.md) and a HOME nothing can be written to."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from omec.options import Options
from omec.testing import build
from tests.conftest import REPO

PLUGIN = REPO / "examples" / "argocd" / "plugin.yaml"
CATALOG = REPO / "tests" / "cases" / "base" / "catalog.yaml"
ISVC = """apiVersion: ome.io/v1beta1
kind: InferenceService
metadata: {name: chat}
spec:
  model: {name: MODEL}
  runtime: {name: single}
  engine: {}
"""


def plugin() -> dict:
    return yaml.safe_load(PLUGIN.read_text())


def app(tmp_path: Path, model: str = "llama") -> Path:
    source = tmp_path / "repo" / "deploy"
    (source / "specs").mkdir(parents=True)
    (source / "omec.yaml").write_text("specs: [specs]\n")
    shutil.copy(CATALOG, source / "specs" / "catalog.yaml")
    (source / "specs" / "chat.yaml").write_text(ISVC.replace("MODEL", model))
    return source


def generate(source: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """plugin.yaml's generate command with the environment Argo CD gives it; HOME is a file, so no cache."""
    home = tmp_path / "home-is-a-file"
    home.write_text("")
    base = {k: v for k, v in os.environ.items() if k not in ("OMEC_CACHE_DIR", "XDG_CACHE_HOME")}
    environ = {**base, "HOME": str(home), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
               "ARGOCD_APP_NAME": "llm-serving", "ARGOCD_APP_SOURCE_PATH": "deploy", **env}
    command = [*plugin()["spec"]["generate"]["command"], *plugin()["spec"]["generate"].get("args", [])]
    return subprocess.run(command, cwd=source, env=environ, capture_output=True, text=True, timeout=120)


def test_the_plugin_is_discovered_by_omec_yaml(tmp_path):
    spec = plugin()["spec"]
    assert plugin()["kind"] == "ConfigManagementPlugin" and spec["discover"] == {"fileName": "./omec.yaml"}
    assert (app(tmp_path) / spec["discover"]["fileName"]).is_file()


def test_generate_prints_only_manifests_in_the_destination_namespace(tmp_path):
    source = app(tmp_path)
    proc = generate(source, tmp_path, ARGOCD_APP_NAMESPACE="llm-prod")
    assert proc.returncode == 0, proc.stderr
    assert "warning[OMEC515]" in proc.stderr  # diagnostics on stderr only
    printed = [d for d in yaml.safe_load_all(proc.stdout) if d]
    expected = build(str(source / "specs"), options=Options(namespace="llm-prod")).objects().values()
    key = lambda b: (b["kind"], b["metadata"]["name"])  # noqa: E731
    assert sorted(printed, key=key) == sorted(expected, key=key)
    assert {b["metadata"]["namespace"] for b in printed} == {"llm-prod"}
    assert not (tmp_path / "home-is-a-file").is_dir()


def test_argocd_env_parameters_set_options(tmp_path):
    source = app(tmp_path)
    failing = generate(source, tmp_path, ARGOCD_APP_NAMESPACE="llm-prod", ARGOCD_ENV_FAIL_ON="warning")
    assert failing.returncode == 1 and failing.stdout == "" and "warning[OMEC515]" in failing.stderr
    ignored = generate(source, tmp_path, ARGOCD_APP_NAMESPACE="llm-prod", ARGOCD_ENV_FAIL_ON="warning",
                       ARGOCD_ENV_IGNORE="OMEC515", ARGOCD_ENV_NAMESPACE="team-b")
    assert ignored.returncode == 0, ignored.stderr
    assert {d["metadata"]["namespace"] for d in yaml.safe_load_all(ignored.stdout) if d} == {"team-b"}
    bad = generate(source, tmp_path, ARGOCD_ENV_FAIL_ON="sometimes")
    assert bad.returncode == 1 and bad.stdout == ""
    assert "ARGOCD_ENV_FAIL_ON: failOn: 'sometimes' is not one of error, warning" in bad.stderr


def test_errors_exit_non_zero_with_empty_stdout(tmp_path):
    proc = generate(app(tmp_path, model="no-such-model"), tmp_path, ARGOCD_APP_NAMESPACE="llm-prod")
    assert proc.returncode == 1 and proc.stdout == ""
    assert "error[OMEC201]" in proc.stderr


def test_the_sidecar_patch_mounts_this_plugin_file():
    documents = list(yaml.safe_load_all((REPO / "examples" / "argocd" / "repo-server-patch.yaml").read_text()))
    [config_map] = [d for d in documents if d["kind"] == "ConfigMap"]
    assert yaml.safe_load(config_map["data"]["plugin.yaml"]) == plugin()
    [sidecar] = documents[0]["spec"]["template"]["spec"]["containers"]
    assert {"mountPath": "/home/argocd/cmp-server/config/plugin.yaml", "name": "omec-plugin",
            "subPath": "plugin.yaml"} in sidecar["volumeMounts"]
