"""The loaded, validated OME objects ("the cluster" as omec sees it).

Objects stay plain JSON-like dicts (fast to merge and emit); :class:`Obj` adds identity and the source
document. Stages never mutate an ``Obj.body`` after validation: they build new dicts.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from omec.diagnostics import SourceRef

OME_GROUP = "ome.io"
OME_API_VERSION = "ome.io/v1beta1"

SERVING_RUNTIME = "ServingRuntime"
CLUSTER_SERVING_RUNTIME = "ClusterServingRuntime"
BASE_MODEL = "BaseModel"
CLUSTER_BASE_MODEL = "ClusterBaseModel"
ACCELERATOR_CLASS = "AcceleratorClass"
FINE_TUNED_WEIGHT = "FineTunedWeight"
INFERENCE_SERVICE = "InferenceService"

OME_KINDS = (
    CLUSTER_SERVING_RUNTIME,
    SERVING_RUNTIME,
    CLUSTER_BASE_MODEL,
    BASE_MODEL,
    ACCELERATOR_CLASS,
    FINE_TUNED_WEIGHT,
    INFERENCE_SERVICE,
)
CLUSTER_SCOPED = frozenset({CLUSTER_SERVING_RUNTIME, CLUSTER_BASE_MODEL, ACCELERATOR_CLASS, FINE_TUNED_WEIGHT})


@dataclass(slots=True)
class Obj:
    """One OME object after schema validation and defaulting."""

    kind: str
    name: str
    namespace: str | None  # None for cluster-scoped kinds
    body: dict
    ref: SourceRef
    written: dict | None = field(default=None, repr=False, compare=False)  # the body as written, before admission

    def wrote(self, path: tuple) -> bool:
        """The document itself sets ``path`` (not a CRD default or an admission webhook)."""
        node: object = self.written if self.written is not None else self.body
        for key in path:
            if not isinstance(node, dict) or node.get(key) is None:
                return False
            node = node[key]
        return True

    @property
    def spec(self) -> dict:
        return self.body.get("spec") or {}

    @property
    def metadata(self) -> dict:
        return self.body.get("metadata") or {}

    @property
    def annotations(self) -> dict:
        return self.metadata.get("annotations") or {}

    @property
    def labels(self) -> dict:
        return self.metadata.get("labels") or {}

    @property
    def cluster_scoped(self) -> bool:
        return self.namespace is None

    @property
    def ns(self) -> str:
        """The namespace of an object of a namespaced kind (ServingRuntime, BaseModel, InferenceService), which
        validation always sets; for code that only handles namespaced objects."""
        assert self.namespace is not None, f"{self.id} is cluster-scoped"
        return self.namespace

    @property
    def id(self) -> str:
        where = f"{self.namespace}/{self.name}" if self.namespace is not None else self.name
        return f"{self.kind} {where}"


@dataclass(slots=True)
class Catalog:
    """Everything loaded, indexed the way OME's controller looks things up."""

    cluster_runtimes: dict[str, Obj] = field(default_factory=dict)
    runtimes: dict[tuple[str, str], Obj] = field(default_factory=dict)  # (namespace, name)
    cluster_models: dict[str, Obj] = field(default_factory=dict)
    models: dict[tuple[str, str], Obj] = field(default_factory=dict)
    accelerators: dict[str, Obj] = field(default_factory=dict)
    fine_tuned_weights: dict[str, Obj] = field(default_factory=dict)
    services: list[Obj] = field(default_factory=list)  # sorted by (namespace, name)
    # objects the API server would reject (invalid metadata or schema), by (kind, namespace or None, name): they do
    # not exist for OME, but a reference to one says so instead of "not found"
    rejected: dict[tuple[str, str | None, str], Obj] = field(default_factory=dict)

    def find_runtime(self, namespace: str, name: str) -> Obj | None:
        """Pinned lookup: ServingRuntime in the namespace first, then ClusterServingRuntime."""
        return self.runtimes.get((namespace, name)) or self.cluster_runtimes.get(name)

    def find_model(self, namespace: str, name: str) -> Obj | None:
        """Model lookup: BaseModel in the namespace first, then ClusterBaseModel."""
        return self.models.get((namespace, name)) or self.cluster_models.get(name)

    def rejected_object(self, name: str, *scopes: tuple[str, str | None]) -> Obj | None:
        """The first rejected object called ``name`` among (kind, namespace or None) ``scopes``, in lookup order."""
        return next((self.rejected[key] for kind, ns in scopes if (key := (kind, ns, name)) in self.rejected), None)

    def namespace_runtimes(self, namespace: str) -> list[Obj]:
        return sorted((o for (ns, _), o in self.runtimes.items() if ns == namespace), key=lambda o: o.name)

    def cluster_runtime_list(self) -> list[Obj]:
        return [self.cluster_runtimes[n] for n in sorted(self.cluster_runtimes)]
