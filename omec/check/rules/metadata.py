"""InferenceService metadata and component declarations with surprising effects."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from omec.check.rules import FLEET, Finding, FleetEntry, Service, rule
from omec.ome.naming import modelconfig_name
from omec.plan import RAW
from omec.render.metadata import DISALLOWED_ANNOTATIONS

# OME's own configuration annotations are expected to travel with the objects; user annotations surprise.
OME_ANNOTATION_PREFIXES = ("ome.io/", "rdma.ome.io/", "autoscaling.keda.sh/", "models.ome.io/")
CONFIG_KEYS = {"decoder": "decoderConfig", "router": "routerConfig"}


@rule("OMEC512", "quirk-annotations-everywhere",
      "InferenceService annotations are copied onto every component object, HPA and PDB included")
def annotations_everywhere(s: Service) -> Iterator[Finding]:
    """OME copies every InferenceService annotation (but a few it drops) onto each object it creates: a
    ``kubectl.kubernetes.io/...`` or team annotation lands on Deployments, Services, HPAs and PDBs alike.

    Fails: annotation ``team.example.com/owner: ml`` on the InferenceService.

    Passes: only ``ome.io/...`` annotations.
    """
    user = sorted(k for k in s.isvc.annotations
                  if not k.startswith(OME_ANNOTATION_PREFIXES) and k not in DISALLOWED_ANNOTATIONS)
    if user:
        yield Finding(f"annotations {', '.join(user)} are copied onto every component object (Deployments, "
                      "Services, HPAs, PDBs, ...)", ("metadata", "annotations"))


@rule("OMEC520", "quirk-mode-annotation-ignored",
      "the InferenceService-level deploymentMode annotation does not decide component modes")
def mode_annotation_ignored(s: Service) -> Iterator[Finding]:
    """The engine's mode comes from its own ``ome.io/deploymentMode`` annotation, its leader/worker and its
    ``minReplicas``: the InferenceService-level annotation only names the ingress mode.

    Fails: annotation ``ome.io/deploymentMode: MultiNode`` on an InferenceService whose engine has no leader.

    Passes: the annotation ``MultiNode`` with ``engine: {leader: {...}, worker: {size: 1}}``.
    """
    if not s.isvc.wrote(("metadata", "annotations", "ome.io/deploymentMode")):
        return  # written by OME's admission webhook from the controller default, not by the user
    annotated = s.isvc.annotations.get("ome.io/deploymentMode")
    engine = s.plan.component("engine")
    if annotated in ("MultiNode", RAW) and engine is not None and engine.mode != annotated:
        yield Finding(f"the InferenceService is annotated {annotated} but the engine is {engine.mode}: only the "
                      "engine's own annotation, leader/worker and minReplicas decide",
                      ("metadata", "annotations", "ome.io/deploymentMode"))


@rule("OMEC515", "quirk-pd-runtime-without-decoder",
      "the runtime has a decoderConfig/routerConfig the service does not declare: that component is not deployed")
def pd_runtime_without_decoder(s: Service) -> Iterator[Finding]:
    """A component is deployed only when the InferenceService declares it: a prefill/decode runtime's
    ``decoderConfig`` (or ``routerConfig``) is unused without ``decoder:`` (``router:``) in the service.

    Fails: a runtime with ``decoderConfig`` and a service with only ``engine:``.

    Passes: the service declares ``decoder: {}``.
    """
    if not s.components:
        return  # VirtualDeployment: nothing is deployed at all (OMEC305)
    for name, key in CONFIG_KEYS.items():
        if s.runtime.spec.get(key) and s.isvc.spec.get(name) is None:
            yield Finding(f"runtime {s.runtime.name} has {key} but the service declares no {name}: no {name} is "
                          "deployed", hint=f"add `{name}: {{}}` to deploy it")


@rule("OMEC519", "quirk-modelconfig-collision",
      "two InferenceServices share one ModelConfig ConfigMap (same last 20 characters of the name)", scope=FLEET)
def modelconfig_collision(entries: list[FleetEntry]) -> Iterator[tuple[FleetEntry, Finding]]:
    """OME names the ModelConfig ConfigMap ``modelconfig-<last 20 characters of the InferenceService name>``: two
    services of a namespace whose names end alike write the same ConfigMap.

    Fails: ``team-a-llama-3-1-8b-instruct`` and ``team-b-llama-3-1-8b-instruct`` in one namespace (the last 20
    characters of both names are ``lama-3-1-8b-instruct``).

    Passes: ``llama-a`` and ``llama-b``.
    """
    configs: dict[tuple, list] = defaultdict(list)
    for entry in entries:
        configs[(entry.namespace, modelconfig_name(entry.name))].append(entry)
    for (namespace, name), members in sorted(configs.items()):
        for entry in members[1:]:
            yield entry, Finding(f"ConfigMap {namespace}/{name} is also generated for {members[0].name}; the two "
                                 "services overwrite each other's model config", ("metadata", "name"),
                                 hint="make the last 20 characters of the names differ")
