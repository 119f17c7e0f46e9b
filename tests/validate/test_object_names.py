"""The API server's checks of an OME object's metadata, which reject the object before any OME webhook sees it
(ValidateObjectMetaAccessor with NameIsDNSSubdomain for custom resources:
https://github.com/kubernetes/apiextensions-apiserver/blob/v0.33.0/pkg/registry/customresource/validator.go#L53,
https://github.com/kubernetes/apimachinery/blob/v0.33.0/pkg/api/validation/objectmeta.go#L155): names are DNS-1123
subdomains, namespaces DNS-1123 labels, label keys qualified names, label values valid label values, annotation keys
qualified names, annotations at most 256 KiB. A rejected object does not exist: it is not compiled."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from omec.model import OME_KINDS
from omec.testing import BuildOutput, build

BASE = (Path(__file__).resolve().parents[1] / "cases" / "base" / "catalog.yaml").read_text(encoding="utf-8")


def compile_isvc(name: str = "chat", namespace: object = "team", labels=None, annotations=None) -> BuildOutput:
    metadata = {"name": name, "namespace": namespace, "labels": labels or {}, "annotations": annotations or {}}
    isvc = {"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": metadata,
            "spec": {"model": {"name": "llama"}, "runtime": {"name": "single"}, "engine": {}}}
    return build(texts={"catalog.yaml": BASE, "isvc.yaml": yaml.safe_dump(isvc)})


def codes_at(out: BuildOutput, code: str) -> list[tuple]:
    return [d.field for d in out.diagnostics if d.code == code]


def test_a_valid_service_compiles():
    out = compile_isvc()
    assert out.ok and any(path.startswith("team/chat/") for path in out.files), out.report()


def test_a_name_with_a_trailing_newline_is_rejected():
    # Go's "^...$" ends at the end of the text: "chat\n" is no subdomain (and no DNS-1035 label for OME's webhook)
    out = compile_isvc(name="chat\n")
    (diag,) = [d for d in out.diagnostics if d.code == "OMEC180"]
    assert diag.message.startswith('InferenceService metadata.name "chat\\n" is invalid: a lowercase RFC 1123 subdomain')
    assert diag.hint == 'did you mean "chat"?'
    assert not out.ok and out.files == {}


@pytest.mark.parametrize("kind", OME_KINDS)
def test_every_ome_kind_needs_a_subdomain_name(kind):
    body = {"apiVersion": "ome.io/v1beta1", "kind": kind, "metadata": {"name": "Llama_3", "namespace": "team"}}
    out = build(texts={"x.yaml": yaml.safe_dump(body)})
    assert codes_at(out, "OMEC180") == [("metadata", "name")], out.report()
    assert [d.hint for d in out.diagnostics if d.code == "OMEC180"] == ['did you mean "llama-3"?']


def test_names_longer_than_253_characters_are_rejected():
    out = compile_isvc(name="a" * 254)
    (message,) = [d.message for d in out.diagnostics if d.code == "OMEC180"]
    assert message.endswith(": must be no more than 253 characters")


def test_a_subdomain_that_is_no_dns1035_label_is_omes_webhook_error():
    out = compile_isvc(name="chat.v2")
    assert "OMEC180" not in out.codes() and "OMEC144" in out.codes(), out.report()


def test_a_name_that_is_not_a_string():
    body = {"apiVersion": "ome.io/v1beta1", "kind": "ClusterBaseModel", "metadata": {"name": 1000}}
    (diag,) = build(texts={"x.yaml": yaml.safe_dump(body)}).diagnostics
    assert (diag.code, diag.message) == ("OMEC180", "ClusterBaseModel metadata.name must be a string, got int 1000")


@pytest.mark.parametrize("namespace, hint", [
    ("Team_A", 'did you mean "team-a"?'),
    ("team.a", 'did you mean "team-a"?'),
    ("../../etc", 'did you mean "etc"?'),
    ("/abs/path", 'did you mean "abs-path"?'),
    ("a" * 64, "the API server rejects the object, so OME never sees it"),
])
def test_namespaces_are_dns1123_labels(namespace, hint):
    out = compile_isvc(namespace=namespace)
    (diag,) = [d for d in out.diagnostics if d.code == "OMEC181"]
    assert diag.field == ("metadata", "namespace") and diag.hint == hint
    assert out.files == {}  # nothing is written for (or under) that namespace


def test_a_namespace_that_is_not_a_string():
    out = compile_isvc(namespace=12)
    assert [d.message for d in out.diagnostics if d.code == "OMEC181"] == [
        "InferenceService metadata.namespace must be a string, got int 12"]


def test_a_cluster_scoped_object_ignores_its_namespace():
    # the API server clears metadata.namespace of a cluster-scoped object before validating it
    model = BASE.split("---\n")[3].replace("  name: llama\n", "  name: llama\n  namespace: Not_Valid\n")
    out = build(texts={"model.yaml": model})
    assert out.codes() == ["OMEC151"]


@pytest.mark.parametrize("labels, field, text", [
    ({"team": "llama\n"}, ("metadata", "labels", "team"), 'label "team": value "llama\\n" is invalid: a valid label'),
    ({"team": "x" * 64}, ("metadata", "labels", "team"), "must be no more than 63 characters"),
    ({"team": "-x"}, ("metadata", "labels", "team"), "a valid label must be an empty string"),
    ({"a/b/c": "x"}, ("metadata", "labels", "a/b/c"), 'label key "a/b/c" is invalid: a qualified name'),
    ({"Example.com/x": "y"}, ("metadata", "labels", "Example.com/x"), "prefix part a lowercase RFC 1123 subdomain"),
])
def test_labels_the_api_server_rejects(labels, field, text):
    out = compile_isvc(labels=labels)
    found = [(d.field, d.message) for d in out.diagnostics if d.code == "OMEC182"]
    assert [f for f, _ in found] == [field] and text in found[0][1], out.report()
    assert out.files == {}


def test_annotation_keys_and_size():
    out = compile_isvc(annotations={"bad key": "x", "Example.COM/Ok": "y"})  # keys are checked lower-cased
    assert codes_at(out, "OMEC182") == [("metadata", "annotations", "bad key")]
    out = compile_isvc(annotations={"big": "x" * (256 * 1024)})
    assert [d.message for d in out.diagnostics if d.code == "OMEC182"] == [
        "annotations are 262147 bytes: must have at most 262144"]


def test_every_metadata_problem_and_schema_error_at_once():
    body = {"apiVersion": "ome.io/v1beta1", "kind": "ClusterServingRuntime",
            "metadata": {"name": "Rt", "labels": {"k": "v v"}}, "spec": {"unknownField": 1}}
    out = build(texts={"x.yaml": yaml.safe_dump(body)})
    assert sorted(out.codes()) == ["OMEC101", "OMEC180", "OMEC182"]
