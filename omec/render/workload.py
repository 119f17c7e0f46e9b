"""The pod-spec defaults OME's Deployment and LeaderWorkerSet reconcilers write (Knative and Ray pods get none)."""
from __future__ import annotations

from omec.memo import Shared
from omec.render.podresult import PodResult

_POINTER_FIELDS = frozenset({"terminationGracePeriodSeconds", "securityContext"})  # Go pointers: only nil is unset
POD_DEFAULTS = {
    "dnsPolicy": "ClusterFirst",
    "restartPolicy": "Always",
    "terminationGracePeriodSeconds": 30,
    "securityContext": {},
    "schedulerName": "default-scheduler",
}
CONTAINER_DEFAULTS = {
    "terminationMessagePath": "/dev/termination-log",
    "terminationMessagePolicy": "File",
    "imagePullPolicy": "IfNotPresent",
}


def workload_pod(
    shared: Shared, pod: PodResult, *, drop_empty_args: bool = False, readiness_default: bool = False
) -> dict:
    """:func:`with_workload_defaults` of a built pod, computed once per shared pod (``shared.workload_pods``) and
    marked for the serializer as emitted by many documents; a pod's own fields are set on top (no default depends
    on them)."""
    base = pod.spec if pod.shared is None else pod.shared

    def make() -> dict:
        spec = with_workload_defaults(base, drop_empty_args=drop_empty_args, readiness_default=readiness_default)
        shared.emitted_by_many(spec)
        for value in spec.values():  # a pod with its own fields shares these with its peers
            if type(value) is list and value:
                shared.emitted_by_many(value)
        return spec

    spec = shared.workload_pods.get(base, make, drop_empty_args, readiness_default)
    return {**spec, **pod.own} if pod.own else spec


def with_workload_defaults(pod: dict, *, drop_empty_args: bool = False, readiness_default: bool = False) -> dict:
    """Defaults OME writes on Deployment and LeaderWorkerSet pod specs (``setDefaultPodSpec``; the container
    settings go on ``containers`` only, init containers are left as written)."""
    defaults = {k: v for k, v in POD_DEFAULTS.items() if _unset(pod.get(k), k)}
    pod = {**defaults, **{k: v for k, v in pod.items() if k not in defaults}}
    if pod.get("containers"):
        pod["containers"] = [_container_defaults(c, drop_empty_args, readiness_default) for c in pod["containers"]]
    return pod


def _unset(value: object, field: str) -> bool:
    """Go's test for an unset field: nil for pointers (an explicit 0 or {} stays), the empty string otherwise."""
    return value is None if field in _POINTER_FIELDS else not value


def _container_defaults(container: dict, drop_empty_args: bool, readiness_default: bool) -> dict:
    out = dict(container)
    for key, value in CONTAINER_DEFAULTS.items():
        if not out.get(key):
            out[key] = value
    if drop_empty_args and "args" in out and not out["args"]:
        del out["args"]
    if readiness_default and out.get("name") == "ome-container" and not out.get("readinessProbe"):
        ports = out.get("ports") or []
        port = ports[0].get("containerPort", 8080) if ports else 8080
        out["readinessProbe"] = {
            "tcpSocket": {"port": port},
            "timeoutSeconds": 1,
            "periodSeconds": 10,
            "successThreshold": 1,
            "failureThreshold": 3,
        }
    return out
