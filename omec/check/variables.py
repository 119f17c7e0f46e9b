"""``$(VAR)`` references are left for the kubelet, but must name a variable the container will have.

Kubernetes expands ``$(NAME)`` in ``command``, ``args`` and env ``value`` from the container's env (an env
value only sees the entries before it); ``$$(NAME)`` is an escape; an unknown name stays as literal text,
which silently breaks the server's command line. Variables set by other controllers count as defined: the
LeaderWorkerSet controller's ``LWS_*`` env on LWS pods and Knative's ``PORT``/``K_*`` on Knative pods
(:mod:`omec.ome.outputs`).
Containers with ``envFrom`` are not checked (their keys are not known offline).
"""
from __future__ import annotations

import re
from functools import partial

from omec.memo import NO_SHARING, Shared
from omec.ome.outputs import output_kind, pod_templates

VAR_REF = re.compile(r"(\$+)\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)")


def _pod_specs(obj: dict):
    """(where, pod spec, variables injected by the workload's controller) of every pod template in obj."""
    injected = output_kind(obj).injected_env
    for role, _path, template in pod_templates(obj):
        yield role, template.get("spec") or {}, injected


def _references(text: str):
    for dollars, name in VAR_REF.findall(text):
        if len(dollars) % 2 == 1:  # "$$(X)" is an escaped literal
            yield name


def unresolved(obj: dict, shared: Shared = NO_SHARING) -> list[str]:
    """Messages for every $(VAR) that no env var of its container defines (once per shared pod spec)."""
    found = []
    for where, pod, injected in _pod_specs(obj):
        problems = shared.pod_variables.get(pod, partial(_pod_problems, pod, injected), injected)
        found += [f"{message} ({where})" for message in problems]
    return found


def _pod_problems(pod: dict, injected: frozenset) -> list[str]:
    found = []
    for key in ("initContainers", "containers"):
        for container in pod.get(key) or []:
            if container.get("envFrom"):
                continue
            defined = set(injected)
            missing: list[str] = []
            for entry in container.get("env") or []:
                missing += [n for n in _references(str(entry.get("value", ""))) if n not in defined]
                defined.add(entry.get("name"))
            for text in [*(container.get("command") or []), *(container.get("args") or [])]:
                missing += [n for n in _references(str(text)) if n not in defined]
            for name in sorted(set(missing)):
                found.append(f"container {container.get('name')!r} references $({name}), which is not defined in "
                             "its env: Kubernetes leaves the text as is")
    return found
