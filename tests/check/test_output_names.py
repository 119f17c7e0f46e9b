"""Names and labels of the emitted objects as the API server checks them (apimachinery's rules, matched whole):
label keys and values from a component's ``labels`` (not validated on the InferenceService, where they are spec
fields), container and volume names from the pod specs (ValidateContainers / ValidateVolumes: DNS-1123 labels,
https://github.com/kubernetes/kubernetes/blob/v1.33.0/pkg/apis/core/validation/validation.go), Service names
(DNS-1035 labels), Role names (path segments)."""
from __future__ import annotations

from pathlib import Path

import yaml

from omec.check.names import name_problems
from omec.testing import BuildOutput, build

BASE = (Path(__file__).resolve().parents[1] / "cases" / "base" / "catalog.yaml").read_text(encoding="utf-8")


def compile_isvc(engine: dict, catalog: str = BASE) -> BuildOutput:
    isvc = {"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "chat", "namespace": "team"},
            "spec": {"model": {"name": "llama"}, "runtime": {"name": "single"}, "engine": engine}}
    return build(texts={"catalog.yaml": catalog, "isvc.yaml": yaml.safe_dump(isvc)})


def messages(out: BuildOutput, code: str) -> list[str]:
    return [d.message for d in out.diagnostics if d.code == code]


def test_a_label_value_with_a_trailing_newline_is_rejected():
    out = compile_isvc({"labels": {"team": "llama\n"}})
    found = messages(out, "OMEC351")
    assert found and all('label team: value "llama\\n" is invalid: a valid label must be' in m for m in found)
    assert found[0].startswith("Deployment team/chat-engine: ")
    assert out.files == {}


def test_a_label_key_that_is_no_qualified_name_is_rejected():
    found = messages(compile_isvc({"labels": {"team name": "x"}}), "OMEC351")
    assert found and all('label key "team name" is invalid: name part must consist of' in m for m in found)


def test_a_long_label_value_keeps_its_code_and_hint():
    out = compile_isvc({"labels": {"team": "x" * 64}})
    assert "OMEC351" not in out.codes() and messages(out, "OMEC350")
    assert {d.hint for d in out.diagnostics if d.code == "OMEC350"} == {
        "the label comes from the InferenceService's (or its component's) labels: shorten its value"}


def test_container_names_are_dns1123_labels():
    out = compile_isvc({}, BASE.replace("name: ome-container\n      image: docker.io/lmsysorg/sglang:v0.5.5\n      args: "
                                        '["--model-path"', "name: Main_Server\n      image: docker.io/lmsysorg/sglang:"
                                        'v0.5.5\n      args: ["--model-path"', 1))
    (message,) = messages(out, "OMEC351")
    assert message.startswith('Deployment team/chat-engine: containers[0] name "Main_Server" is invalid: a lowercase '
                              "RFC 1123 label")


def test_a_model_name_with_dots_breaks_the_model_volume():
    # OME names the model's hostPath volume after the base model (UpdatePodSpecVolumes,
    # pkg/controller/v1beta1/inferenceservice/components/base.go#L229): a valid model name with dots is no volume name
    catalog = BASE.replace("  name: llama\n", "  name: llama-3.1\n")
    isvc = {"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "chat", "namespace": "team"},
            "spec": {"model": {"name": "llama-3.1"}, "runtime": {"name": "single"}, "engine": {}}}
    out = build(texts={"catalog.yaml": catalog, "isvc.yaml": yaml.safe_dump(isvc)})
    (diag,) = [d for d in out.diagnostics if d.code == "OMEC351"]
    assert diag.message == ('Deployment team/chat-engine: volumes[0] name "llama-3.1" is invalid: must not contain '
                            "dots")
    assert "the model volume's from the base model's name" in diag.hint


def test_names_per_kind():
    def problems(api_version: str, kind: str, name: str) -> list[str]:
        obj = {"apiVersion": api_version, "kind": kind, "metadata": {"name": name}}
        return [message for _, message, _ in name_problems(obj)]

    assert problems("v1", "Service", "1chat")[0].startswith('Service name "1chat" is invalid: a DNS-1035 label')
    assert problems("v1", "Service", "chat.v1")  # a subdomain, but no DNS-1035 label
    assert problems("apps/v1", "Deployment", "chat.v1") == []
    assert problems("apps/v1", "Deployment", "chat\n")
    assert problems("rbac.authorization.k8s.io/v1", "Role", "Chat_Router") == []  # only a path segment
    assert problems("rbac.authorization.k8s.io/v1", "Role", "a/b") == ['Role name "a/b" is invalid: may not contain '
                                                                       "'/'"]
    assert problems("leaderworkerset.x-k8s.io/v1", "LeaderWorkerSet", "Lws") != []
