"""Kubernetes strategic merge patch (SMP) as OME applies it to component specs and runner containers
(https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/merging.go).

OME marshals the runtime config (base) and the InferenceService block (patch) to JSON with Go's
``encoding/json`` and runs apimachinery's ``StrategicMergePatch`` with OME's struct tags as schema.
The Go round trip is what makes the patch special, and :data:`SCHEMA` records the struct facts that matter:

* **omitempty**: a zero scalar (``false``, ``0``, ``""``), an empty list and an empty Go map vanish from
  the patch, so an InferenceService can never reset a runtime's ``hostNetwork: true`` to false or a
  string to ``""``. **Pointer** fields (``POINTER``) are serialized whenever set, so their zero values do
  override (``enableServiceLinks: false``, ``minReplicas: 0``). Entries of Go maps (labels, nodeSelector,
  requests/limits ...) always override, ``""`` included.
* **always serialized** (``REQUIRED``): fields without omitempty appear in every patch object of their
  type, so a patch ``runner`` without ``name`` carries ``name: ""`` and blanks the runtime's runner name.
* **merge keys** (``KEYED``): lists such as ``containers`` or ``env`` merge item-wise by key and are
  ordered like apimachinery's ``normalizeElementOrder``; every other list is replaced wholesale.
* ``retainKeys`` has no effect (no ``$retainKeys`` directive is ever sent), so one-of structures merge
  field-wise; :func:`one_of_conflicts` finds the resulting invalid volumes, handlers and env sources.

Objects in the patch whose type is not modelled here merge field-wise with the omitempty rule and are
otherwise copied as written. Inputs are never mutated; unchanged sub-trees are shared.
"""
from __future__ import annotations

from typing import NamedTuple, overload

from omec.ome import component
from omec.ome.component import (
    EXTENSION_FIELDS,
    LEADER_FIELDS,
    NOT_MERGED_FROM_RUNTIME,
    OWN_FIELDS,
    WORKER_FIELDS,
    Field,
)

STRUCT, MAP, KEYED, POINTER, REQUIRED = "struct", "map", "keyed", "pointer", "required"


class Rule(NamedTuple):
    kind: str
    type: str | None = None  # struct / list item type name (a SCHEMA key)
    key: str | None = None  # merge key of a KEYED list
    zero: object = None  # value a REQUIRED field is serialized with when the patch omits it


def _rules(*tables: dict[str, Field]) -> dict[str, Rule]:
    """Merge rules of OME's own component fields (omec.ome.component); plain (omitempty) fields need none."""
    kinds = {component.POINTER: POINTER, component.MAP: MAP, component.STRUCT: STRUCT}
    return {name: Rule(kinds[f.go], f.type) for table in tables for name, f in table.items() if f.go in kinds}


def _pointers(*names: str) -> dict[str, Rule]:
    return {name: Rule(POINTER) for name in names}


def _required(**zeros: object) -> dict[str, Rule]:
    return {name: Rule(REQUIRED, zero=zero) for name, zero in zeros.items()}


_POD_SPEC = {
    "volumes": Rule(KEYED, "Volume", "name"),
    "initContainers": Rule(KEYED, "Container", "name"),
    "containers": Rule(KEYED, "Container", "name"),
    "ephemeralContainers": Rule(KEYED, "Container", "name"),
    "imagePullSecrets": Rule(KEYED, None, "name"),
    "schedulingGates": Rule(KEYED, "PodSchedulingGate", "name"),
    "resourceClaims": Rule(KEYED, "PodResourceClaim", "name"),
    "hostAliases": Rule(KEYED, "HostAlias", "ip"),
    "topologySpreadConstraints": Rule(KEYED, "TopologySpreadConstraint", "topologyKey"),
    "nodeSelector": Rule(MAP),
    "overhead": Rule(MAP),
    "securityContext": Rule(STRUCT, "PodSecurityContext"),
    "os": Rule(STRUCT, "PodOS"),
    **_pointers(
        "terminationGracePeriodSeconds", "activeDeadlineSeconds", "automountServiceAccountToken",
        "shareProcessNamespace", "priority", "runtimeClassName", "enableServiceLinks", "preemptionPolicy",
        "setHostnameAsFQDN", "hostUsers", "hostnameOverride",
    ),
}
_HANDLER = {
    "httpGet": Rule(STRUCT, "HTTPGetAction"),
    "tcpSocket": Rule(STRUCT, "TCPSocketAction"),
    "grpc": Rule(STRUCT, "GRPCAction"),
    "sleep": Rule(STRUCT, "SleepAction"),
}

# Struct type -> field -> rule. Types: OME's component specs plus the core/v1 types they embed.
SCHEMA: dict[str, dict[str, Rule]] = {
    "Component": {**_POD_SPEC, **_rules(EXTENSION_FIELDS), **_rules(*OWN_FIELDS.values())},
    "Leader": {**_POD_SPEC, **_rules(LEADER_FIELDS)},
    "Worker": {**_POD_SPEC, **_rules(WORKER_FIELDS)},
    "Container": {
        "env": Rule(KEYED, "EnvVar", "name"),
        "ports": Rule(KEYED, "ContainerPort", "containerPort"),
        "volumeMounts": Rule(KEYED, "VolumeMount", "mountPath"),
        "volumeDevices": Rule(KEYED, "VolumeDevice", "devicePath"),
        "resources": Rule(STRUCT, "ResourceRequirements"),
        "securityContext": Rule(STRUCT, "SecurityContext"),
        "livenessProbe": Rule(STRUCT, "Probe"),
        "readinessProbe": Rule(STRUCT, "Probe"),
        "startupProbe": Rule(STRUCT, "Probe"),
        "lifecycle": Rule(STRUCT, "Lifecycle"),
        **_pointers("restartPolicy"),
        **_required(name=""),
    },
    "EnvVar": _required(name=""),
    "ContainerPort": _required(containerPort=0),
    "VolumeMount": {**_pointers("recursiveReadOnly", "mountPropagation"), **_required(name="", mountPath="")},
    "VolumeDevice": _required(name="", devicePath=""),
    "ResourceRequirements": {"limits": Rule(MAP), "requests": Rule(MAP)},
    "SecurityContext": _pointers(
        "privileged", "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem",
        "allowPrivilegeEscalation", "procMount",
    ),
    "PodSecurityContext": _pointers(
        "runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup", "fsGroupChangePolicy",
        "supplementalGroupsPolicy", "seLinuxChangePolicy",
    ),
    "Probe": {**_HANDLER, **_pointers("terminationGracePeriodSeconds")},
    "Lifecycle": {"postStart": Rule(STRUCT, "LifecycleHandler"), "preStop": Rule(STRUCT, "LifecycleHandler")},
    "LifecycleHandler": _HANDLER,
    "HTTPGetAction": _required(port=0),
    "TCPSocketAction": _required(port=0),
    "GRPCAction": {**_pointers("service"), **_required(port=0)},
    "SleepAction": _required(seconds=0),
    "Volume": {
        "hostPath": Rule(STRUCT, "HostPathVolumeSource"),
        "emptyDir": Rule(STRUCT, "EmptyDirVolumeSource"),
        "secret": Rule(STRUCT, "KeyToPathVolumeSource"),
        "configMap": Rule(STRUCT, "KeyToPathVolumeSource"),
        **_required(name=""),
    },
    "HostPathVolumeSource": {**_pointers("type"), **_required(path="")},
    "EmptyDirVolumeSource": _pointers("sizeLimit"),
    "KeyToPathVolumeSource": _pointers("defaultMode", "optional"),
    "HostAlias": _required(ip=""),
    "TopologySpreadConstraint": {
        **_pointers("minDomains", "nodeAffinityPolicy", "nodeTaintsPolicy"),
        **_required(maxSkew=0, topologyKey="", whenUnsatisfiable=""),
    },
    "PodSchedulingGate": _required(name=""),
    "PodResourceClaim": {**_pointers("resourceClaimName", "resourceClaimTemplateName"), **_required(name="")},
    "PodOS": _required(name=""),
    "DeploymentStrategy": {"rollingUpdate": Rule(STRUCT, "RollingUpdateDeployment")},
    "RollingUpdateDeployment": _pointers("maxUnavailable", "maxSurge"),
}
_ZEROS = {name: {k: r.zero for k, r in fields.items() if r.kind == REQUIRED} for name, fields in SCHEMA.items()}
_UNMODELLED = Rule(STRUCT)


def _is_zero(value: object) -> bool:
    return value is False or value == "" or (type(value) in (int, float) and value == 0)


def _merge_map(base: object, patch: dict) -> dict:
    out = dict(base) if isinstance(base, dict) else {}
    out.update((k, v) for k, v in patch.items() if v is not None)
    return out


def _from_patch(value: object, type_name: str | None) -> object:
    """A patch sub-tree with nothing to merge into: Go-normalized when its type is modelled."""
    if isinstance(value, dict) and type_name in SCHEMA:
        return _merge_struct({}, value, type_name)
    return value


def _merge_struct(base: dict, patch: dict, type_name: str | None) -> dict:
    fields = SCHEMA.get(type_name, {}) if type_name is not None else {}
    out = dict(base)
    for key, value in patch.items():
        rule = fields.get(key, _UNMODELLED)
        current = base.get(key)
        if value is None:
            continue
        if isinstance(value, dict):
            if rule.kind == MAP:
                if value:  # an empty Go map is omitted; an empty struct is still sent as {}
                    out[key] = _merge_map(current, value)
            elif isinstance(current, dict):
                out[key] = _merge_struct(current, value, rule.type)
            else:
                out[key] = _from_patch(value, rule.type)
        elif isinstance(value, list):
            if not value:
                continue  # omitempty: an explicitly empty list keeps the base
            if rule.kind == KEYED and isinstance(current, list) and current:
                out[key] = _merge_keyed(current, value, rule)
            elif rule.kind == KEYED:
                out[key] = [_from_patch(item, rule.type) for item in value]
            else:
                out[key] = value
        elif not _is_zero(value) or rule.kind in (POINTER, REQUIRED):
            out[key] = value
    for key, zero in (_ZEROS.get(type_name, {}) if type_name is not None else {}).items():
        if patch.get(key) is None:
            out[key] = zero
    return out


def _index(items: list, key: str, value: object) -> int:
    """Position of the first dict item whose merge key equals ``value`` (-1 if none)."""
    return next((i for i, item in enumerate(items) if isinstance(item, dict) and item.get(key) == value), -1)


def _merge_keyed(base: list, patch: list, rule: Rule) -> list:
    """Merge two lists of objects by ``rule.key`` and order them like apimachinery.

    Patch items merge into the first base item with the same key or are appended. Then P = merged items
    whose key occurs in the patch (patch order) and S = the others (base order) are interleaved: the
    head of S is taken only when the head of P is also in the base and comes later there.
    """
    key = rule.key
    assert key is not None, "KEYED rules name their merge key"
    merged = list(base)
    patch_items = [item for item in patch if isinstance(item, dict)]
    for item in patch_items:
        at = _index(merged, key, item.get(key))
        if at >= 0:
            merged[at] = _merge_struct(merged[at], item, rule.type)
        else:
            merged.append(_from_patch(item, rule.type))
    patch_keys = [item.get(key) for item in patch_items]
    in_patch = [m for m in merged if isinstance(m, dict) and m.get(key) in patch_keys]
    in_patch.sort(key=lambda m: patch_keys.index(m.get(key)))
    base_only = [m for m in merged if not (isinstance(m, dict) and m.get(key) in patch_keys)]
    out = []
    p = s = 0
    while p < len(in_patch) or s < len(base_only):
        if p == len(in_patch):
            out.append(base_only[s])
            s += 1
            continue
        if s < len(base_only):
            s_at = _index(base, key, base_only[s].get(key)) if isinstance(base_only[s], dict) else -1
            p_at = _index(base, key, in_patch[p].get(key))
            if s_at >= 0 and p_at >= 0 and s_at < p_at:
                out.append(base_only[s])
                s += 1
                continue
        out.append(in_patch[p])
        p += 1
    return out


@overload
def merge_component(base: dict | None, patch: dict) -> dict: ...


@overload
def merge_component(base: dict | None, patch: None) -> None: ...


def merge_component(base: dict | None, patch: dict | None) -> dict | None:
    """CE = SMP(runtime ``engineConfig|decoderConfig|routerConfig``, InferenceService block), as OME's
    ``MergeEngineSpec`` (https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/merging.go#L105)
    and its decoder and router twins.

    No InferenceService block -> no component (None); no runtime config -> a copy of the block as written
    (OME deep-copies it without the JSON round trip). The runtime's ``acceleratorOverride`` is not carried.
    """
    if patch is None:
        return None
    if base is None:
        return dict(patch)
    base = {k: v for k, v in base.items() if k not in NOT_MERGED_FROM_RUNTIME}
    return _merge_struct(base, patch, "Component")


def merge_container(container: dict, runner: dict) -> dict:
    """Runner -> pod container: SMP(container, runner), args concatenated, name kept (OME's
    ``MergeRuntimeContainers``, https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/merging.go#L20)."""
    merged = _merge_struct(container, runner, "Container")
    args = [*(container.get("args") or []), *(runner.get("args") or [])]
    if args:
        merged["args"] = args
    else:
        merged.pop("args", None)
    if not merged.get("name"):
        merged["name"] = container.get("name") or ""
    return merged


RUNNER_PATHS = (("runner",), ("leader", "runner"), ("worker", "runner"))


def _dig(data: object, path: tuple) -> object:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def blanked_runner_names(base: dict | None, patch: dict | None) -> list[tuple[str, ...]]:
    """Paths of patch runners without ``name`` that blank a named runtime runner: ``name`` has no omitempty, so the
    patch carries ``name: ""``."""
    found: list[tuple[str, ...]] = []
    for path in RUNNER_PATHS:
        runner, base_runner = _dig(patch, path), _dig(base, path)
        named_in_base = isinstance(base_runner, dict) and bool(base_runner.get("name"))
        if isinstance(runner, dict) and not runner.get("name") and named_in_base:
            found.append(path)
    return found


PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
ENV_SOURCES = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef")
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def _set_members(data: dict, names) -> list[str]:
    return sorted(name for name in names if data.get(name) is not None)


def _container_conflicts(container: dict, where: tuple) -> list[tuple[tuple, str]]:
    found = []
    label = container.get("name") or "<unnamed>"
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        handlers = _set_members(container.get(probe) or {}, PROBE_HANDLERS)
        if len(handlers) > 1:
            found.append(((*where, probe), f"container {label} {probe} may not specify more than 1 handler type "
                                           f"(found {', '.join(handlers)})"))
    for hook in ("postStart", "preStop"):
        handlers = _set_members((container.get("lifecycle") or {}).get(hook) or {}, LIFECYCLE_HANDLERS)
        if len(handlers) > 1:
            found.append(((*where, "lifecycle", hook), f"container {label} lifecycle.{hook} may not specify more "
                                                       f"than 1 handler type (found {', '.join(handlers)})"))
    for i, env in enumerate(container.get("env") or []):
        if not isinstance(env, dict) or env.get("valueFrom") is None:
            continue
        sources = _set_members(env["valueFrom"], ENV_SOURCES)
        if env.get("value"):
            found.append(((*where, "env", i), f"env {env.get('name')} may not specify both value and valueFrom"))
        if len(sources) > 1:
            found.append(((*where, "env", i, "valueFrom"), f"env {env.get('name')} valueFrom may not specify more "
                                                           f"than 1 source (found {', '.join(sources)})"))
    return found


def one_of_conflicts(pod_spec: dict) -> list[tuple[tuple, str]]:
    """(field path, message) for every one-of violation the field-wise merge can produce.

    Checks volumes with two sources, probes and lifecycle hooks with two handlers and env vars with both
    ``value`` and ``valueFrom`` (or two ``valueFrom`` sources), in containers and in a component's
    ``runner``, ``leader`` and ``worker``. Paths are relative to ``pod_spec``.
    """
    found = []
    for i, volume in enumerate(pod_spec.get("volumes") or []):
        sources = sorted(k for k, v in volume.items() if k != "name" and v is not None)
        if len(sources) > 1:
            found.append((("volumes", i), f"volume {volume.get('name')} may not specify more than 1 volume type "
                                          f"(found {', '.join(sources)})"))
    for list_key in CONTAINER_LISTS:
        for i, container in enumerate(pod_spec.get(list_key) or []):
            found += _container_conflicts(container, (list_key, i))
    if isinstance(pod_spec.get("runner"), dict):
        found += _container_conflicts(pod_spec["runner"], ("runner",))
    for part in ("leader", "worker"):
        if isinstance(pod_spec.get(part), dict):
            found += [((part, *path), message) for path, message in one_of_conflicts(pod_spec[part])]
    return found
