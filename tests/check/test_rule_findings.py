"""Regression tests for the rules' false positives and negatives found while writing tests/cases (each failed on
the rules as first written): a rule must agree with the objects omec renders and with what the user wrote."""
from __future__ import annotations

from pathlib import Path

import yaml

from omec.testing import BuildOutput, build

BASE = Path(__file__).resolve().parents[1] / "cases" / "base" / "catalog.yaml"
INGRESS = {"ingress": {"ingressGateway": "knative-serving/knative-ingress-gateway",
                       "ingressService": "istio-ingressgateway.istio-system.svc.cluster.local",
                       "ingressDomain": "example.com", "disableIngressCreation": False}}


def compile_isvc(spec: dict, annotations: dict | None = None, labels: dict | None = None, name: str = "chat",
                 extra: str = "", **kwargs) -> BuildOutput:
    isvc = {"apiVersion": "ome.io/v1beta1", "kind": "InferenceService",
            "metadata": {"name": name, "namespace": "team", "annotations": annotations or {}, "labels": labels or {}},
            "spec": {"model": {"name": "llama"}, **spec}}
    texts = {"catalog.yaml": BASE.read_text(encoding="utf-8"), "isvc.yaml": yaml.safe_dump(isvc) + extra}
    return build(texts=texts, partial=True, **kwargs)


def messages(out: BuildOutput, code: str) -> list[str]:
    return [d.message for d in out.diagnostics if d.code == code]


MULTINODE = {"runtime": {"name": "multinode"}, "engine": {}}


def test_external_service_workers_only_when_the_external_service_exists():
    assert messages(compile_isvc(MULTINODE), "OMEC501")
    # cluster-local services get no external Service, and neither do services with ingress creation enabled
    assert not messages(compile_isvc(MULTINODE, labels={"networking.knative.dev/visibility": "cluster-local"}),
                        "OMEC501")
    assert not messages(compile_isvc(MULTINODE, controller_config=INGRESS), "OMEC501")


def test_keda_query_set_on_the_component_is_a_custom_query():
    keda = {"ome.io/autoscalerClass": "keda"}
    assert messages(compile_isvc({"runtime": {"name": "single"}, "engine": {}}, keda), "OMEC502")
    engine = {"annotations": {"autoscaling.keda.sh/prometheus.query": "sum(rate(x[1m]))"}}
    out = compile_isvc({"runtime": {"name": "single"}, "engine": engine}, keda)
    (scaled,) = [b for b in out.objects().values() if b["kind"] == "ScaledObject"]
    assert scaled["spec"]["triggers"][0]["metadata"]["query"] == "sum(rate(x[1m]))"
    assert not messages(out, "OMEC502")


def test_a_renamed_runner_renames_the_container():
    out = compile_isvc({"runtime": {"name": "single"}, "engine": {"runner": {"name": "server"}}})
    (deployment,) = [b for b in out.objects().values() if b["kind"] == "Deployment"]
    assert [c["name"] for c in deployment["spec"]["template"]["spec"]["containers"]] == ["server"]
    (message,) = messages(out, "OMEC506")
    assert "renames the runtime's container 'ome-container'" in message and "new container" not in message


def _env(value: str) -> dict:
    return {"name": "ome-container", "env": [{"name": "PARALLELISM_SIZE", "value": value}]}


def test_parallelism_overwritten_only_when_omec_writes_another_value():
    gpus = compile_isvc({"runtime": {"name": "single"}, "engine": {"runner": _env("4")}})
    assert messages(gpus, "OMEC509")  # single's runner requests 1 GPU: OME writes 1
    no_gpus = compile_isvc({"runtime": {"name": "pd"}, "engine": {"runner": _env("4")}, "decoder": {}})
    assert not messages(no_gpus, "OMEC509")  # pd's runners request no GPU: OME keeps "4"
    leader = {"runner": {**_env("16"), "resources": {"limits": {"nvidia.com/gpu": "2"}}}}
    multi = compile_isvc({"runtime": {"name": "multinode"}, "engine": {"leader": leader}})
    (message,) = messages(multi, "OMEC509")
    assert "PARALLELISM_SIZE=16" in message


def test_template_escaping_matches_whole_annotation_keys():
    runner = {"name": "ome-container", "args": ["--x={{.Annotations.teamname}}"]}
    out = compile_isvc({"runtime": {"name": "single"}, "engine": {"runner": runner}},
                       {"team": "a+b", "teamname": "ab"})
    assert not messages(out, "OMEC511")
    runner = {"name": "ome-container", "args": ["--x={{.Annotations.team}}"]}
    out = compile_isvc({"runtime": {"name": "single"}, "engine": {"runner": runner}}, {"team": "a+b"})
    assert messages(out, "OMEC511") == ["placeholder value 'a+b' is HTML-escaped when OME inserts it"]


def test_fixed_replicas_ignores_the_webhook_default():
    assert not messages(compile_isvc(MULTINODE), "OMEC513")  # the webhook fills maxReplicas 3
    out = compile_isvc({"runtime": {"name": "multinode"}, "engine": {"maxReplicas": 4}})
    assert messages(out, "OMEC513") == [
        "engine runs a fixed 1 LeaderWorkerSet groups (minReplicas); maxReplicas 4 has no effect"]


def test_mode_rules_ignore_the_annotation_the_webhook_added():
    out = compile_isvc({"runtime": {"name": "single"}, "engine": {"minReplicas": 0}})
    assert not messages(out, "OMEC520")
    assert messages(out, "OMEC514") == [
        "engine has minReplicas 0 and becomes a Knative Service; Knative Serving must be installed"]
    written = compile_isvc({"runtime": {"name": "single"}, "engine": {"minReplicas": 0}},
                           {"ome.io/deploymentMode": "RawDeployment"})
    assert messages(written, "OMEC520")
    assert "although the InferenceService is annotated RawDeployment" in messages(written, "OMEC514")[0]


def test_virtual_deployment_deploys_nothing_and_reports_no_missing_router():
    out = compile_isvc({"runtime": {"name": "single"}, "engine": {}}, {"ome.io/deploymentMode": "VirtualDeployment"})
    assert "OMEC305" in out.codes() and not messages(out, "OMEC515")


def test_a_long_label_value_names_its_source():
    long_runtime = "r" * 70
    runtime = BASE.read_text(encoding="utf-8").split("---")[0].replace("name: single", f"name: {long_runtime}")
    out = compile_isvc({"runtime": {"name": long_runtime}, "engine": {}}, extra="---\n" + runtime)
    hints = {d.hint for d in out.diagnostics if d.code == "OMEC350"}
    assert hints == {"shorten the serving runtime's name"}


def test_keda_authentication_ref_without_a_name_is_an_empty_name():
    spec = {"runtime": {"name": "single"}, "engine": {},
            "kedaConfig": {"authenticationRef": {"kind": "ClusterTriggerAuthentication"}}}
    out = compile_isvc(spec, {"ome.io/autoscalerClass": "keda"})
    assert out.ok, out.report()
    (scaled,) = [b for b in out.objects().values() if b["kind"] == "ScaledObject"]
    assert scaled["spec"]["triggers"][0]["authenticationRef"] == {"name": "", "kind": "ClusterTriggerAuthentication"}


def test_schema_messages_show_null_once():
    from omec.schema.messages import _describe

    assert _describe(None) == "null"
