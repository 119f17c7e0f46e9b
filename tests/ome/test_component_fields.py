"""One source for the component fields (omec.ome.component): the input schemas, the merge rules and the pod build
all agree with it."""
from __future__ import annotations

import json
from pathlib import Path

from omec.ome import component
from omec.ome.merge import SCHEMA

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas" / "ome"


def _defs(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))["$defs"]


def test_the_input_schemas_list_exactly_the_table_fields():
    assert set(_defs("component.json")["ComponentFields"]["properties"]) == set(component.EXTENSION_FIELDS)
    isvc, runtime = _defs("inferenceservice.json"), _defs("servingruntime.json")
    assert set(isvc["EngineSpec"]["properties"]) == set(component.OWN_FIELDS["engine"])
    assert set(isvc["RouterSpec"]["properties"]) == set(component.OWN_FIELDS["router"])
    assert set(runtime["EngineConfig"]["properties"]) == set(component.OWN_FIELDS["engine"])
    assert set(runtime["RouterConfig"]["properties"]) == set(component.OWN_FIELDS["router"])


def test_merge_rules_come_from_the_table():
    for name, field in {**component.EXTENSION_FIELDS, **component.OWN_FIELDS["engine"]}.items():
        rule = SCHEMA["Component"].get(name)
        assert (rule is None) == (field.go == component.PLAIN), name
        if rule is not None:
            assert (rule.kind, rule.type) == (field.go, field.type), name
    assert SCHEMA["Worker"]["size"].kind == component.POINTER


def test_non_pod_fields_are_exactly_the_omec_own_fields():
    assert {
        "runner", "leader", "worker", "size", "acceleratorOverride", "minReplicas", "maxReplicas", "scaleTarget",
        "scaleMetric", "containerConcurrency", "timeoutSeconds", "canaryTrafficPercent", "labels", "annotations",
        "minAvailable", "maxUnavailable", "deploymentStrategy", "kedaConfig", "config",
    } == component.NON_POD_FIELDS
    assert component.multinode_honoured("engine") == {
        "leader", "worker", "minReplicas", "maxReplicas", "labels", "annotations", "nodeSelector", "affinity",
        "acceleratorOverride",
    }


def test_every_emitted_kind_is_in_the_output_table(tmp_path_factory):
    """The output-kind table (omec.ome.outputs) knows every kind the examples and the golden builds emit, and
    finds the pod templates where the objects hold them."""
    from omec.ome.outputs import OUTPUT_KINDS, pod_templates
    from omec.testing import build
    from tests.conftest import REPO

    out = build(str(REPO / "examples"))
    kinds = {(body["apiVersion"], body["kind"]) for body in out.objects().values()}
    assert kinds <= set(OUTPUT_KINDS)
    for body in out.objects().values():
        found = list(pod_templates(body))
        assert bool(found) == (body["kind"] in ("Deployment", "LeaderWorkerSet")), body["kind"]
        assert all("spec" in template for _, _, template in found)
