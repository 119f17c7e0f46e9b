"""Component metadata ("component meta": the labels and annotations OME computes once per component) and
fine-tuned serving facts. OME's ``ProcessBaseAnnotations`` and ``ProcessBaseLabels``:
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/components/base.go#L371
"""
from __future__ import annotations

from dataclasses import dataclass

from omec.model import Obj

# ISVC annotations OME drops before copying them anywhere (except onto the Kubernetes Ingress).
DISALLOWED_ANNOTATIONS = frozenset(
    {
        "autoscaling.knative.dev/min-scale",
        "autoscaling.knative.dev/max-scale",
        "internal.ome.io/storage-initializer-sourceuri",
        "kubectl.kubernetes.io/last-applied-configuration",
    }
)
# Annotations that only make sense on pods; dropped from Services. OME's PodOnlyAnnotationPrefixes, every entry matched
# as a prefix (IsPrefixSupported), the three injection keys included: ome.io/inject-model-init-x is dropped too.
POD_ONLY_PREFIXES = (
    "k8s.grafana.com/", "loki.grafana.com/", "prometheus.io/", "networking.gke.io/", "rdma.ome.io/",
    "ome.io/inject-model-init", "ome.io/inject-fine-tuned-adapter", "ome.io/inject-serving-sidecar",
)
DECRYPTION_KEYS = ("ome.io/base-model-decryption-key-name", "ome.io/base-model-decryption-secret-name")

INJECT_MODEL_INIT = "ome.io/inject-model-init"
INJECT_FT_ADAPTER = "ome.io/inject-fine-tuned-adapter"
FT_STRATEGY = "ome.io/fine-tuned-weight-ft-strategy"
FT_MERGED = "ome.io/fine-tuned-serving-with-merged-weights"
BASE_MODEL_VENDOR = "ome.io/base-model-vendor"
BASE_MODEL_FORMAT = "ome.io/base-model-format"
MODEL_EMPTY_DIR = "model-empty-dir"  # the emptyDir volume model-init / fine-tuned adapters fill
FT_MOUNT_PATH = "/opt/ml/model"  # where fine-tuned serving mounts it


@dataclass(frozen=True, slots=True)
class FineTuned:
    weight: Obj
    strategy: str
    merged: bool


@dataclass(frozen=True, slots=True)
class Meta:
    labels: dict
    annotations: dict


def fine_tuned_strategy(weight: Obj) -> str:
    hyper = weight.spec.get("hyperParameters") or {}
    strategy = hyper.get("strategy") if isinstance(hyper, dict) else None
    return strategy if isinstance(strategy, str) else ""


def is_merged(weight: Obj) -> bool:
    config = weight.spec.get("configuration") or {}
    return isinstance(config, dict) and config.get("merged_weights") is True


def component_meta(isvc: Obj, component: str, ce: dict, model: Obj, runtime_name: str, ft: FineTuned | None) -> Meta:
    """Labels and annotations every object of one component starts from."""
    annotations = {k: v for k, v in isvc.annotations.items() if k not in DISALLOWED_ANNOTATIONS}
    annotations.update(ce.get("annotations") or {})
    spec = model.spec
    fmt = spec.get("modelFormat") or {}
    annotations["ome.io/base-model-name"] = model.name
    if spec.get("vendor"):
        annotations[BASE_MODEL_VENDOR] = spec["vendor"]
    annotations[BASE_MODEL_FORMAT] = fmt.get("name") or ""
    if fmt.get("version"):
        annotations["ome.io/base-model-format-version"] = fmt["version"]
    annotations["ome.io/serving-runtime"] = runtime_name
    if ft is None or not ft.merged:
        for key in DECRYPTION_KEYS:
            if key in model.annotations:
                annotations[key] = model.annotations[key]

    labels = dict(isvc.labels)
    labels.update(ce.get("labels") or {})
    labels["ome.io/inferenceservice"] = isvc.name
    labels["component"] = component
    labels["serving-runtime"] = runtime_name
    labels["fine-tuned-serving"] = "true" if ft is not None else "false"
    labels["base-model-name"] = model.name
    labels["base-model-size"] = model.annotations.get("models.ome.io/category", "SMALL")
    labels["base-model-type"] = "Serving"
    if spec.get("vendor"):
        labels["base-model-vendor"] = spec["vendor"]
    if ft is not None:
        annotations[INJECT_FT_ADAPTER] = ft.weight.name
        annotations[FT_STRATEGY] = ft.strategy
        labels["fine-tuned-weight-ft-strategy"] = ft.strategy
        labels["fine-tuned-serving-with-merged-weights"] = "true" if ft.merged else "false"
        if ft.merged:
            annotations[FT_MERGED] = "true"
            annotations[INJECT_MODEL_INIT] = "false"
    return Meta(labels, annotations)


def sorted_map(mapping: dict) -> dict:
    """A label/annotation map with keys in sorted order (deterministic output)."""
    return dict(sorted(mapping.items()))


def scheduler_labels(annotations: dict) -> dict:
    """Queue / scheduler labels derived from the annotations ``ome.io/volcano-queue``, ``ome.io/dedicated-ai-cluster``
    (with ``kueue-enabled``) and ``volcano``."""
    labels = {}
    queue = annotations.get("ome.io/volcano-queue")
    dedicated = annotations.get("ome.io/dedicated-ai-cluster")
    if queue is not None:
        labels["volcano.sh/queue-name"] = queue
    elif dedicated is not None:
        if "kueue-enabled" in annotations:
            labels["kueue.x-k8s.io/queue-name"] = dedicated
            labels["kueue.x-k8s.io/priority-class"] = "kueue-scheduling-high-priority"
        else:
            labels["volcano.sh/queue-name"] = dedicated
            labels["ray.io/priority-class-name"] = "volcano-scheduling-high-priority"
    if "volcano" in annotations:
        labels["ray.io/scheduler-name"] = "volcano"
    return labels


def service_annotations(annotations: dict) -> dict:
    """OME's ``FilterPodOnlyAnnotations``
    (https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/utils/utils.go#L67)."""
    return {k: v for k, v in annotations.items() if not k.startswith(POD_ONLY_PREFIXES)}
