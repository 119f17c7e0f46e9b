"""The kinds of object OME creates, one table for every stage that needs to know about them: where each holds its
pod templates, which env its controller injects into those pods, and whether it carries an ownerReference to its
InferenceService. A new output kind is one row here (plus a schema in ``schemas/crds`` for a non-core kind).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

# Env the LeaderWorkerSet controller sets on every LWS pod, and Knative's on every Knative Service pod.
LWS_ENV = frozenset({"LWS_LEADER_ADDRESS", "LWS_GROUP_SIZE", "LWS_WORKER_INDEX"})
KNATIVE_ENV = frozenset({"PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION"})
EACH = "*"  # in a path: every item of the list there


class PodTemplate(NamedTuple):
    role: str  # how messages name the pod ("template", "leaderTemplate", ... ); for EACH paths the item's
    # ``groupName`` when it has one
    path: tuple  # to the pod *template* (the object with metadata and spec)


class OutputKind(NamedTuple):
    api_version: str
    kind: str
    pod_templates: tuple[PodTemplate, ...] = ()
    injected_env: frozenset = frozenset()  # env vars the kind's controller adds to its pods
    owned: bool = True  # gets an ownerReference to the InferenceService (``--owner-uid``)
    shared_pods: bool = False  # its pod specs may be shared between services (validated once, see check.schemas)


_TEMPLATE = (PodTemplate("template", ("spec", "template")),)
OUTPUT_KINDS: dict[tuple[str, str], OutputKind] = {
    (k.api_version, k.kind): k
    for k in (
        OutputKind("v1", "ConfigMap"),
        OutputKind("v1", "Service"),
        OutputKind("v1", "ServiceAccount"),
        OutputKind("rbac.authorization.k8s.io/v1", "Role"),
        OutputKind("rbac.authorization.k8s.io/v1", "RoleBinding"),
        OutputKind("apps/v1", "Deployment", _TEMPLATE, shared_pods=True),
        OutputKind("autoscaling/v2", "HorizontalPodAutoscaler"),
        OutputKind("policy/v1", "PodDisruptionBudget"),
        OutputKind("keda.sh/v1alpha1", "ScaledObject"),
        OutputKind("leaderworkerset.x-k8s.io/v1", "LeaderWorkerSet", (
            PodTemplate("leaderTemplate", ("spec", "leaderWorkerTemplate", "leaderTemplate")),
            PodTemplate("workerTemplate", ("spec", "leaderWorkerTemplate", "workerTemplate")),
        ), LWS_ENV, shared_pods=True),
        OutputKind("serving.knative.dev/v1", "Service", _TEMPLATE, KNATIVE_ENV),
        OutputKind("ray.io/v1", "RayCluster", (
            PodTemplate("head", ("spec", "headGroupSpec", "template")),
            PodTemplate("workers", ("spec", "workerGroupSpecs", EACH, "template")),
        )),
        OutputKind("networking.istio.io/v1beta1", "Sidecar", owned=False),
        OutputKind("networking.istio.io/v1beta1", "VirtualService"),
        OutputKind("networking.k8s.io/v1", "Ingress"),
        OutputKind("gateway.networking.k8s.io/v1", "HTTPRoute"),
    )
}
NO_KIND = OutputKind("", "")


def output_kind(obj: dict) -> OutputKind:
    """The table row of an emitted object (an empty row for a kind OME does not create)."""
    return OUTPUT_KINDS.get((obj.get("apiVersion"), obj.get("kind")), NO_KIND)  # type: ignore[arg-type]


def pod_templates(obj: dict) -> Iterator[tuple[str, tuple, dict]]:
    """(role, field path, pod template) of every pod template of an emitted object."""
    for template in output_kind(obj).pod_templates:
        yield from _walk(obj, template.path, (), template.role)


def _walk(node: object, path: tuple, at: tuple, role: str) -> Iterator[tuple[str, tuple, dict]]:
    if not path:
        if isinstance(node, dict):
            yield role, at, node
        return
    step, rest = path[0], path[1:]
    if step == EACH:
        for index, item in enumerate(node if isinstance(node, list) else []):
            name = item.get("groupName", role) if isinstance(item, dict) else role
            yield from _walk(item, rest, (*at, index), name)
    elif isinstance(node, dict):
        yield from _walk(node.get(step), rest, (*at, step), role)
