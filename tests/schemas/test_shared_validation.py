"""Output validation of shared pod specs and lists (omec.check.schemas): a part already validated in the same
kind and place is replaced by a stub, anything else is validated in full, and errors are never hidden."""
from __future__ import annotations

import copy

import pytest

from omec.check.schemas import STUB_POD_SPEC, OutputValidator
from omec.memo import Shared

CONTAINERS = [{"name": "c", "image": "i", "args": ["--port", "8080"], "ports": [{"containerPort": 8080}]}]


def _deployment(name: str, pod: dict) -> dict:
    return {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "ns"},
        "spec": {"selector": {"matchLabels": {"app": name}},
                 "template": {"metadata": {"labels": {"app": name}}, "spec": pod}},
    }


@pytest.fixture
def validator(schema_set) -> OutputValidator:
    return OutputValidator(schema_set, Shared())


@pytest.fixture
def shells(validator, monkeypatch) -> list:
    seen = []
    original = validator.schemas.is_valid

    def recording(api_version, kind, body):
        seen.append(copy.deepcopy(body))
        return original(api_version, kind, body)

    monkeypatch.setattr(validator.schemas, "is_valid", recording)
    return seen


def _pod(shell: dict) -> dict:
    return shell["spec"]["template"]["spec"]


def test_a_shared_pod_then_a_shared_list_are_stubbed(validator, shells):
    shared = {"containers": CONTAINERS, "restartPolicy": "Always"}
    assert validator.diagnose(_deployment("a", shared)) == []
    assert validator.diagnose(_deployment("b", shared)) == []
    assert validator.diagnose(_deployment("c", {**shared, "serviceAccountName": "c-router"})) == []
    assert _pod(shells[0]) == shared
    assert _pod(shells[1]) == STUB_POD_SPEC
    assert _pod(shells[2]) == {**shared, "serviceAccountName": "c-router", "containers": STUB_POD_SPEC["containers"]}


def test_errors_beside_a_shared_list_are_reported(validator):
    assert validator.diagnose(_deployment("a", {"containers": CONTAINERS})) == []
    found = validator.diagnose(_deployment("b", {"containers": CONTAINERS, "hostNetwork": "yes"}))
    assert [d.code for d in found] == ["OMEC400"]
    assert "hostNetwork" in found[0].message


def test_an_equal_but_distinct_list_is_validated_in_full(validator, shells):
    assert validator.diagnose(_deployment("a", {"containers": CONTAINERS})) == []
    broken = copy.deepcopy(CONTAINERS)
    broken[0]["ports"][0]["containerPort"] = "http"
    assert [d.code for d in validator.diagnose(_deployment("b", {"containers": broken}))] == ["OMEC400"]
    assert _pod(shells[1])["containers"] == broken


def test_a_list_validated_in_one_kind_is_not_trusted_in_another(validator, shells):
    assert validator.diagnose(_deployment("a", {"containers": CONTAINERS})) == []
    lws = {"apiVersion": "leaderworkerset.x-k8s.io/v1", "kind": "LeaderWorkerSet", "metadata": {"name": "l"},
           "spec": {"leaderWorkerTemplate": {"workerTemplate": {"spec": {"containers": CONTAINERS}}}}}
    validator.diagnose(lws)
    assert shells[1]["spec"]["leaderWorkerTemplate"]["workerTemplate"]["spec"]["containers"] == CONTAINERS
