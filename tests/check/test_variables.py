"""$(VAR) references must name an env var the container will have."""
from __future__ import annotations

import pytest

from omec.check.variables import unresolved


def deployment(container: dict) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {"containers": [container]}}}}


@pytest.mark.parametrize(
    "container, missing",
    [
        ({"name": "c", "command": ["run", "$(MODEL_PATH)"], "env": [{"name": "MODEL_PATH", "value": "/m"}]}, []),
        ({"name": "c", "args": ["--tp", "$(PARALLELISM_SIZE)"]}, ["PARALLELISM_SIZE"]),
        ({"name": "c", "args": ["echo $$(ESCAPED)"]}, []),
        ({"name": "c", "args": ["$$$(ODD)"]}, ["ODD"]),
        ({"name": "c", "env": [{"name": "A", "value": "$(B)"}, {"name": "B", "value": "x"}]}, ["B"]),  # order matters
        ({"name": "c", "args": ["$(X)"], "envFrom": [{"configMapRef": {"name": "cm"}}]}, []),  # not checkable
    ],
)
def test_references_in_deployments(container, missing):
    messages = unresolved(deployment(container))
    assert [m.split("$(")[1].split(")")[0] for m in messages] == missing


def test_lws_and_knative_injected_variables_count_as_defined():
    pod = {"containers": [{"name": "c", "args": ["--nnodes", "$(LWS_GROUP_SIZE)", "--port", "$(PORT)"]}]}
    lws = {"apiVersion": "leaderworkerset.x-k8s.io/v1", "kind": "LeaderWorkerSet", "spec": {"leaderWorkerTemplate": {"leaderTemplate": {"spec": pod}}}}
    knative = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "spec": {"template": {"spec": pod}}}
    assert [m for m in unresolved(lws) if "PORT" not in m] == [] and len(unresolved(lws)) == 1
    assert [m for m in unresolved(knative) if "LWS_GROUP_SIZE" not in m] == [] and len(unresolved(knative)) == 1
