"""Placeholder templating of containers: Go html/template over the JSON form with the ObjectMeta, as OME's engine and decoder reconcilers do (ReplacePlaceholders, pkg/controller/v1beta1/inferenceservice/utils/merging.go).

The engine's own behaviours (parse errors, printf, index, trim markers...): tests/golang/test_template.py.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from omec.ome.placeholders import apply_placeholders

META = {
    "name": "my-isvc",
    "namespace": "ns1",
    "labels": {"team": "ml", "app": "chat"},
    "annotations": {"k": "v&<'\"x", "ome.io/x": "dotted", "plus": "a+b"},
}
COHERE = (
    Path(__file__).resolve().parents[2].parent
    / "shared/corpus/ome/config/runtimes/srt/CohereForAI/c4ai-command-r-v01-rt.yaml"
)


def render(*args: str, metadata: dict = META) -> tuple[list, list[str], list[str]]:
    container, errors, warnings = apply_placeholders({"name": "ome-container", "args": list(args)}, metadata)
    return container["args"], errors, warnings


def test_g41_name_and_namespace():
    assert render("--served-model-name", "{{.Name}}", "--ns={{ .Namespace }}") == (
        ["--served-model-name", "my-isvc", "--ns=ns1"], [], []
    )


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("{{.Annotations.k}}", "v&amp;&lt;&#39;&#34;x"),  # G41: inserted values are HTML-escaped
        ("a<b & {{.Name}}", "a<b & my-isvc"),  # literal text is untouched
        ("{{printf `<%s>` .Name}}", "<my-isvc>"),  # the output is escaped, but Go's JSON already turned < into \u003c
        ("{{.Finalizers}}", "[inferenceservice.finalizers]"),
        ("{{.GenerateName}}x", "x"),
        ("$(MODEL_PATH)", "$(MODEL_PATH)"),  # Kubernetes references are left for the kubelet
    ],
)
def test_supported_placeholders(arg, expected):
    assert render(arg) == ([expected], [], [])


def test_nil_maps_print_empty_and_existing_finalizers_are_kept():
    metadata = {"name": "n", "namespace": "d", "finalizers": ["a"]}
    assert render("{{.Labels}}|{{.Labels.x}}|{{.Finalizers}}", metadata=metadata) == (
        ["map[]||[a inferenceservice.finalizers]"], [], []
    )


@pytest.mark.parametrize(
    ("arg", "error"),
    [
        ("{{ system_message }}", 'template: container-tmpl:1: function "system_message" not defined'),
        ('{{index .Annotations "k"}}', 'template: container-tmpl:1: unexpected "\\\\" in operand'),  # G41
        ('{{"quoted"}}', 'template: container-tmpl:1: unexpected "\\\\" in command'),
        ("{{.Name", "template: container-tmpl:1: bad character U+0022 '\"'"),  # the JSON quote ends the field
        ("{{.Foo}}", 'template: container-tmpl:1: executing "container-tmpl" at <.Foo>: '
                     "can't evaluate field Foo in type v1.ObjectMeta"),
    ],
)
def test_invalid_actions_fail_with_go_messages(arg, error):
    container = {"name": "ome-container", "args": [arg]}
    assert apply_placeholders(container, META) == (container, [error], [])


def test_parse_errors_anywhere_win_over_execution_errors():
    assert render("{{.Foo}}", "{{ bad[ }}")[1] == ["template: container-tmpl:1: bad character U+005B '['"]


@pytest.mark.parametrize(
    "arg", ["{{.}}", "{{if .Name}}x{{end}}", "{{$v := .Name}}", "{{len .Name}}", "{{.CreationTimestamp}}",
            "{{printf `%q` .Name}}", "{{printf `%s`}}", "{{.GetName}}"]
)
def test_valid_go_that_omec_cannot_render_is_an_error(arg):
    _, errors, _ = render(arg)
    assert len(errors) == 1 and "omec cannot render it offline" in errors[0]


def test_values_that_break_the_json_fail_the_parse_back():
    _, errors, _ = render("{{.Labels.path}}", metadata={"name": "n", "labels": {"path": "C:\\q"}})
    assert len(errors) == 1 and errors[0].startswith("the rendered container is not valid JSON")


def test_json_escapes_in_inserted_values_are_decoded_like_go():
    assert render("{{.Labels.v}}", metadata={"name": "n", "labels": {"v": "a\\nb"}})[0] == ["a\nb"]


@pytest.mark.parametrize(
    ("arg", "metadata", "rendered", "warnings"),
    [
        ("{{.UID}}", {"name": "n"}, "", ["placeholder .UID is only known in a live cluster; rendered as ''"]),
        ("{{.Generation}}-{{.Generation}}", {"name": "n"}, "0-0",
         ["placeholder .Generation is only known in a live cluster; rendered as '0'"]),
        ("{{.ResourceVersion}}", {"name": "n"}, "",
         ["placeholder .ResourceVersion is only known in a live cluster; rendered as ''"]),
        ("{{.UID}}", {"name": "n", "uid": "1234"}, "1234", []),  # known (e.g. --owner-uid): no warning
    ],
)
def test_live_cluster_fields_warn_when_unknown(arg, metadata, rendered, warnings):
    assert render(arg, metadata=metadata) == ([rendered], [], warnings)


def test_placeholders_anywhere_in_the_container():
    container = {
        "name": "ome-container",
        "command": ["serve", "{{.Namespace}}"],
        "env": [{"name": "SERVED", "value": "{{.Name}}"}],
        "resources": {"limits": {"nvidia.com/gpu": 1}},
    }
    out, errors, _ = apply_placeholders(container, META)
    assert errors == []
    assert out == {**container, "command": ["serve", "ns1"], "env": [{"name": "SERVED", "value": "my-isvc"}]}


def test_containers_without_placeholders_are_returned_as_is():
    container = {"name": "ome-container", "args": ["--x={x}", "{ {"], "env": [{"name": "A", "value": "$(B)"}]}
    out, errors, warnings = apply_placeholders(container, META)
    assert out is container and errors == [] and warnings == []


def test_inputs_are_not_mutated():
    container = {"name": "ome-container", "args": ["{{.Name}}"], "env": [{"name": "N", "value": "{{.Namespace}}"}]}
    metadata = copy.deepcopy(META)
    before = copy.deepcopy(container)
    apply_placeholders(container, metadata)
    assert container == before and metadata == META


def test_cohere_runtime_chat_template_cannot_deploy():
    if not COHERE.exists():
        pytest.skip(f"{COHERE} is absent: the shared OME corpus is not checked out beside the repo")
    runner = yaml.safe_load(COHERE.read_text())["spec"]["engineConfig"]["runner"]
    out, errors, _ = apply_placeholders(runner, META)
    assert out is runner
    assert errors == ['template: container-tmpl:1: function "system_message" not defined']
