"""Harness for the golden examples: small input builders, the real run loop, indexed output.

Every golden test writes its inputs as OME objects (built here as plain dicts, dumped to YAML), builds them with
:func:`omec.testing.build` (the run loop the CLI uses, into memory: input and output schema validation included)
and compares the emitted objects, parsed back from the bytes omec would write, field by field.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from omec.diagnostics import Severity
from omec.load.scalars import STR, resolve
from omec.ome.controller_config import SHIPPED_MULTINODE_PROBER
from omec.options import Options
from omec.testing import BuildOutput, build
from omec.write import META_FILES

API = "ome.io/v1beta1"
# A controller ConfigMap as OME's envtests use it: no `ingress` key, so ingress creation is enabled.
NO_INGRESS_CONFIG = {"deploy": '{"defaultDeploymentMode": "RawDeployment"}'}
# The shipped ConfigMap's keys that matter for MultiNodeRayVLLM (ingress creation disabled, prober set).
PROBER = dict(SHIPPED_MULTINODE_PROBER)
PROBER_CONFIG = {
    "deploy": {"defaultDeploymentMode": "RawDeployment"},
    "ingress": {
        "ingressGateway": "knative-serving/knative-ingress-gateway",
        "ingressService": "istio-ingressgateway.istio-system.svc.cluster.local",
        "disableIngressCreation": True,
    },
    "multinodeProber": PROBER,
}
SAFETENSORS = {"name": "safetensors", "version": "1.0.0"}
TRANSFORMERS = {"name": "transformers", "version": "4.42.3"}


# --- input builders -----------------------------------------------------------------------------------


def _meta(name: str, namespace: str | None, annotations: dict | None = None, labels: dict | None = None) -> dict:
    meta: dict = {"name": name}
    if namespace is not None:
        meta["namespace"] = namespace
    if labels:
        meta["labels"] = labels
    if annotations:
        meta["annotations"] = annotations
    return meta


def model(
    name: str,
    namespace: str | None = "default",
    *,
    path: str | None = "/mnt/models/base",
    storage_uri: str | None = None,
    annotations: dict | None = None,
    **spec,
) -> dict:
    """A BaseModel (or a ClusterBaseModel with ``namespace=None``) with full agent-style metadata."""
    storage = {"storageUri": storage_uri or f"hf://org/{name}"}
    if path:
        storage["path"] = path
    body = {"modelFormat": SAFETENSORS, "modelFramework": TRANSFORMERS, "storage": storage, **spec}
    kind = "BaseModel" if namespace else "ClusterBaseModel"
    return {"apiVersion": API, "kind": kind, "metadata": _meta(name, namespace, annotations), "spec": body}


def runtime(name: str, namespace: str | None = "default", *, auto_select: bool = True, smf: dict | None = None,
            **spec) -> dict:
    """A ServingRuntime (or ClusterServingRuntime with ``namespace=None``) serving safetensors/transformers."""
    format_entry = {"modelFormat": SAFETENSORS, "modelFramework": TRANSFORMERS, "autoSelect": auto_select,
                    "priority": 1, **(smf or {})}
    kind = "ServingRuntime" if namespace else "ClusterServingRuntime"
    body = {"supportedModelFormats": [format_entry], **spec}
    return {"apiVersion": API, "kind": kind, "metadata": _meta(name, namespace), "spec": body}


def isvc(name: str, spec: dict, namespace: str | None = "default", *, annotations: dict | None = None,
         labels: dict | None = None) -> dict:
    return {"apiVersion": API, "kind": "InferenceService", "metadata": _meta(name, namespace, annotations, labels),
            "spec": spec}


def accelerator(name: str, **spec) -> dict:
    body = {"discovery": {"nodeSelector": {"gpu.example.com/class": name}}, "capabilities": {"memoryGB": "80Gi"},
            **spec}
    return {"apiVersion": API, "kind": "AcceleratorClass", "metadata": {"name": name}, "spec": body}


def fine_tuned_weight(name: str, base: str, *, namespace: str | None = "default", strategy: str = "lora",
                      merged: bool | None = None) -> dict:
    base_ref = {"name": base, **({"namespace": namespace} if namespace else {})}
    spec = {
        "baseModelRef": base_ref,
        "modelType": "LoRA",
        "hyperParameters": {"strategy": strategy},
        "configuration": {} if merged is None else {"merged_weights": merged},
        "storage": {"storageUri": f"oci://bucket/{name}/"},
    }
    return {"apiVersion": API, "kind": "FineTunedWeight", "metadata": {"name": name}, "spec": spec}


def container(name: str, image: str, **fields) -> dict:
    return {"name": name, "image": image, **fields}


# --- compile and inspect ------------------------------------------------------------------------------


@dataclass
class Built:
    output: BuildOutput

    @property
    def objects(self) -> dict[tuple[str, str], dict]:
        """(kind, name) -> emitted object; a Knative Service is keyed as kind ``ksvc``."""
        out = {}
        for path in sorted(self.output.files):
            if path in META_FILES:
                continue
            body = yaml.load(self.output.files[path], Loader=yaml.CSafeLoader)
            kind = "ksvc" if body["apiVersion"].startswith("serving.knative.dev/") else body["kind"]
            name = body["metadata"]["name"]
            assert (kind, name) not in out, f"two objects {kind} {name}"
            out[(kind, name)] = body
        return out

    def get(self, kind: str, name: str) -> dict:
        objects = self.objects
        assert (kind, name) in objects, f"{kind} {name} not emitted; got {sorted(objects)}"
        return objects[(kind, name)]

    def kinds(self) -> list[tuple[str, str]]:
        return sorted(self.objects)

    def names(self, kind: str) -> list[str]:
        return sorted(name for k, name in self.objects if k == kind)

    @property
    def errors(self) -> list[str]:
        return [f"{d.code} {d.message}" for d in self.output.diagnostics if d.severity >= Severity.ERROR]

    def codes(self, severity: Severity = Severity.WARNING) -> set[str]:
        return {d.code for d in self.output.diagnostics if d.severity == severity}

    @property
    def files(self) -> dict[str, str]:
        """The output tree as the writer produces it (``omec-index.json`` included), decoded."""
        return self.output.files


class _KubectlSafeDumper(yaml.SafeDumper):
    """PyYAML's dumper, quoting the strings kubectl would read as something else (``y``, ``1e3``: YAML 1.1 as go-yaml
    v2 reads it, omec.load.scalars), which PyYAML leaves plain."""


_KubectlSafeDumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    STR, value, style=None if resolve(value) == (STR, value) else "'"))


def to_yaml(*documents: dict) -> str:
    return "---\n".join(yaml.dump(d, Dumper=_KubectlSafeDumper, sort_keys=False) for d in documents)


def compile_docs(*documents: dict, config: dict | None = None, model_metadata: dict | None = None,
                 expect_ok: bool = True) -> Built:
    """Compile input objects (one YAML file) through the whole run loop."""
    return _compile(texts={"inputs.yaml": to_yaml(*documents)}, config=config, model_metadata=model_metadata,
                    expect_ok=expect_ok)


def compile_paths(paths: Sequence[Path], *, config: dict | None = None, model_metadata: dict | None = None,
                  expect_ok: bool = True) -> Built:
    """Compile files read in place (the shared OME corpus)."""
    return _compile([str(p) for p in paths], config=config, model_metadata=model_metadata, expect_ok=expect_ok)


def _compile(paths: Sequence[str] = (), *, texts: dict | None = None, config: dict | None, model_metadata: dict | None,
             expect_ok: bool) -> Built:
    options = Options(model_metadata=model_metadata or {})
    built = Built(build(*paths, texts=texts, controller_config=config, options=options, partial=not expect_ok))
    if config is not None:
        assert "OMEC150" not in built.output.codes(), built.output.report()  # the controller config is valid
    if expect_ok:
        assert built.errors == [], built.errors
    return built


# --- small accessors ----------------------------------------------------------------------------------


def pod_spec(workload: dict) -> dict:
    """The pod spec of a Deployment / Knative Service template."""
    return workload["spec"]["template"]["spec"]


def first_container(workload: dict) -> dict:
    return pod_spec(workload)["containers"][0]


def env_map(c: dict) -> dict:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in c.get("env") or []}


def env_names(c: dict) -> list[str]:
    return [e["name"] for e in c.get("env") or []]
