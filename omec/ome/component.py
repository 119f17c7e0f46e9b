"""The fields of OME's component specs, one table for every stage that needs them.

OME's engine, decoder and router specs (and the runtime's ``engineConfig`` / ``decoderConfig`` / ``routerConfig``)
inline a core ``PodSpec`` and ``ComponentExtensionSpec`` and add their own fields; leader and worker specs inline
a ``PodSpec`` and add a runner (and the worker a ``size``). Source: ``pkg/apis/ome/v1beta1/component.go`` and
``inference_service.go`` at the pinned commit
(https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/apis/ome/v1beta1/component.go).

``Go`` is how the field's Go type serializes in the JSON round trip of OME's strategic merge (see
:mod:`omec.ome.merge`): ``pointer`` fields are sent whenever set (their zero values override), ``map`` fields
merge key by key, ``struct`` fields merge field by field, ``plain`` fields vanish when zero (omitempty).
"""
from __future__ import annotations

from typing import NamedTuple

POINTER, MAP, STRUCT, PLAIN = "pointer", "map", "struct", "plain"


class Field(NamedTuple):
    go: str  # POINTER | MAP | STRUCT | PLAIN
    type: str | None = None  # struct type (a key of omec.ome.merge.SCHEMA) for STRUCT fields
    multinode: bool = False  # still honoured when the component is MultiNode (leader/worker pods are built alone)


# ComponentExtensionSpec (inlined in every component spec).
EXTENSION_FIELDS: dict[str, Field] = {
    "minReplicas": Field(POINTER, multinode=True),  # *int
    "maxReplicas": Field(PLAIN, multinode=True),  # int, omitempty
    "scaleTarget": Field(POINTER),
    "scaleMetric": Field(POINTER),
    "containerConcurrency": Field(POINTER),
    "timeoutSeconds": Field(POINTER),
    "canaryTrafficPercent": Field(POINTER),
    "labels": Field(MAP, multinode=True),
    "annotations": Field(MAP, multinode=True),
    "minAvailable": Field(POINTER),
    "maxUnavailable": Field(POINTER),
    "deploymentStrategy": Field(STRUCT, "DeploymentStrategy"),
    "kedaConfig": Field(POINTER),
}

# Fields each component spec adds to PodSpec + ComponentExtensionSpec.
OWN_FIELDS: dict[str, dict[str, Field]] = {
    "engine": {
        "runner": Field(STRUCT, "Container"),
        "leader": Field(STRUCT, "Leader", multinode=True),
        "worker": Field(STRUCT, "Worker", multinode=True),
        "acceleratorOverride": Field(POINTER, multinode=True),
    },
    "router": {"runner": Field(STRUCT, "Container"), "config": Field(MAP)},
}
OWN_FIELDS["decoder"] = OWN_FIELDS["engine"]
LEADER_FIELDS: dict[str, Field] = {"runner": Field(STRUCT, "Container")}
WORKER_FIELDS: dict[str, Field] = {"runner": Field(STRUCT, "Container"), "size": Field(POINTER)}

# PodSpec fields a MultiNode component still honours at component level (OME copies them to the leader and worker
# pods); every other pod field of the component block is ignored in MultiNode mode.
MULTINODE_POD_FIELDS = frozenset({"nodeSelector", "affinity"})

# Read from the InferenceService only: OME never merges a runtime's acceleratorOverride into the component.
NOT_MERGED_FROM_RUNTIME = frozenset({"acceleratorOverride"})

# Every field of a component spec that is not a PodSpec field (what a pod is built without).
NON_POD_FIELDS = frozenset(
    {*EXTENSION_FIELDS, *(name for fields in OWN_FIELDS.values() for name in fields), *WORKER_FIELDS}
)


def multinode_honoured(component: str) -> frozenset:
    """The fields of a component block that still take effect when the component is MultiNode."""
    own = OWN_FIELDS.get(component, {})
    fields = {**EXTENSION_FIELDS, **own}
    return frozenset(name for name, spec in fields.items() if spec.multinode) | MULTINODE_POD_FIELDS
