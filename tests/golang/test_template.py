"""The Go template engine: Go's text/template and html/template behaviours (https://pkg.go.dev/text/template).

Outputs and messages marked "Go" were checked against Go 1.26's text/template and html/template; omec's
execution errors leave out the column Go adds after the line ("t:2:0:").
"""
from __future__ import annotations

import pytest

from omec.golang.template import NO_FIELD, NO_VALUE, Struct, TemplateError, Unsupported, execute, parse

TEMPLATE = "container-tmpl"
META = Struct({
    "Name": "my-isvc",
    "Namespace": "ns1",
    "Labels": {"team": "ml", "app": "chat"},
    "Annotations": {"k": "v&<'\"x", "ome.io/x": "dotted", "plus": "a+b"},
})
# OME's DomainTemplateValues (ingress domain templates, text/template).
DOMAIN = Struct({"Name": "foo", "Namespace": "ns", "IngressDomain": "example.com", "Annotations": {"team": "ml"},
                 "Labels": {}}, "main.D")


def render_html(text: str) -> str:
    return execute(parse(text, TEMPLATE), META, html=True)


def render_text(text: str) -> str:
    return execute(parse(text, "t"), DOMAIN)


def error_of(text: str, render=render_html) -> str:
    with pytest.raises(TemplateError) as caught:
        render(text)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{.Annotations.plus}}", "a&#43;b"),
        ("{{.Labels.team}}-{{.Labels.missing}}-{{.Annotations.nope}}", "ml--"),  # missing key -> ""
        ("{{.Labels}}", "map[app:chat team:ml]"),  # sorted keys
        ("{{printf `%s-x` .Name}}", "my-isvc-x"),  # backtick arguments work
        ("{{.Name | printf `pre-%s`}}", "pre-my-isvc"),  # piped value = last argument
        ("{{printf `%s=%s%%` .Namespace .Labels.app}}", "ns1=chat%"),
        ("{{printf `%s+1` .Name}}", "my-isvc&#43;1"),  # the whole pipeline output is escaped
        ("{{index .Annotations `ome.io/x`}}", "dotted"),  # index with a raw string reaches dotted keys
        ("{{index .Labels `nope`}}", ""),
        ("{{$.Name}}", "my-isvc"),
        ("{{(.Labels).team}}", "ml"),
        ("x {{- .Name -}} y", "xmy-isvcy"),  # trim markers
        ("{{/* a comment */}}kept", "kept"),
    ],
)
def test_html_template(text, expected):
    assert render_html(text) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("{{ message['content'] }}", "template: container-tmpl:1: bad character U+005B '['"),
        ("{{.Labels.ome-x}}", "template: container-tmpl:1: bad character U+002D '-'"),
        ("{{.Name}.x}}", "template: container-tmpl:1: bad character U+007D '}'"),
        ("{{}}", "template: container-tmpl:1: missing value for command"),
        ("{{ | }}", 'template: container-tmpl:1: unexpected "|" in command'),
        ("{{ (.Name }}", "template: container-tmpl:1: unclosed left paren"),
        ("{{ 3abc }}", 'template: container-tmpl:1: bad number syntax: "3a"'),
        ("{{ $x }}", 'template: container-tmpl:1: undefined variable "$x"'),
        ("{{ foo bar[0] }}", 'template: container-tmpl:1: function "foo" not defined'),  # first error wins
        ("{{/* open", "template: container-tmpl:1: unclosed comment"),
        ("{{.Name.x}}", 'template: container-tmpl:1: executing "container-tmpl" at <.Name.x>: '
                        "can't evaluate field x in type string"),
    ],
)
def test_invalid_actions_fail_with_go_messages(text, error):
    assert error_of(text) == error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{.Labels.x}}", NO_VALUE),  # Go: text/template prints a missing key as <no value>
        ("{{.Labels.x.y}}", NO_VALUE),
        ("{{index .Labels `x`}}", ""),  # Go: index gives the zero value
        ("{{.}}", "{foo ns example.com map[team:ml] map[]}"),  # Go: fmt prints a struct as {field ...}
        ("{{$}}", "{foo ns example.com map[team:ml] map[]}"),
        (r'{{"\x41\u00e9\101"}}', "AéA"),  # Go: strconv.Unquote escapes
        ("{{`a\r\nb`}}", "a\nb"),  # Go: raw strings drop carriage returns
        ("{{$.Name}}.example.com", "foo.example.com"),
        ("{{(.Annotations).team}}", "ml"),
        ('{{"team" | index .Annotations}}', "ml"),
        ("{{index .Annotations .Name}}", ""),
        ('{{.Name | printf "%s"}}', "foo"),
    ],
)
def test_text_template(text, expected):
    assert render_text(text) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (r'{{"\'"}}', "template: t:1: invalid syntax"),
        ("{{'ab'}}", "template: t:1: malformed character constant: 'ab'"),
        ("{{ /* c */ }}", 'template: t:1: unexpected "/" in command'),  # a comment must follow {{ or {{-
        ("{{break}}", "template: t:1: {{break}} outside {{range}}"),
        ("{{continue}}", "template: t:1: {{continue}} outside {{range}}"),
        ("{{break x}}", 'template: t:1: unexpected "x" in {{break}}'),
        ("{{end}}", "template: t:1: unexpected {{end}}"),
        ("{{end x}}", 'template: t:1: unexpected "x" in end'),
        ("{{else}}", "template: t:1: unexpected {{else}}"),
        ("{{else if .Name}}", "template: t:1: unexpected {{else}}"),
        ("{{.Name)}}", "template: t:1: unexpected right paren"),
        ("{{$x, $y := .}}", "template: t:1: too many declarations in command"),
        ("{{1-}}", 'template: t:1: bad number syntax: "1-"'),
        ('{{"x""ééééé"}}', 'template: t:1: unexpected "\\"ééééé\\""... in operand'),  # Go counts 10 bytes
        ("{{_html_template_htmlescaper .Name}}", 'template: t:1: function "_html_template_htmlescaper" not defined'),
        # Go: the line is the one of the last token read; an action over lines says where it started
        ("x\n{{/* open", "template: t:2: unclosed comment"),
        ("x\n{{.Name\n", "template: t:3: unclosed action started at t:2"),
        ("x\n{{.Name | \nfoo}}", 'template: t:3: function "foo" not defined'),
        ("{{.Name\n}", 'template: t:2: unexpected "}" in operand'),
        # execution errors: the line of the node, and for (pipeline).Field the last node of the pipeline
        ("{{\n.Zzz}}", 'template: t:2: executing "t" at <.Zzz>: can\'t evaluate field Zzz in type main.D'),
        ("{{(.Name).Labels}}", 'template: t:1: executing "t" at <.Name>: can\'t evaluate field Labels in type string'),
    ],
)
def test_go_errors(text, error):
    assert error_of(text, render_text) == error


def test_html_template_prints_a_missing_key_as_nothing():
    assert execute(parse("{{.Labels.x}}|{{.Annotations}}", "t"), DOMAIN, html=True) == "|map[team:ml]"


def test_struct_without_a_type_name_leaves_it_out_of_messages():
    with pytest.raises(TemplateError, match=r"can't evaluate field Zzz$"):
        execute(parse("{{.Zzz}}", "t"), Struct({}))


def test_functions_can_be_restricted():
    template = parse("{{printf `%s` .Name}}", "t")
    with pytest.raises(Unsupported) as caught:
        execute(template, DOMAIN, functions={"index"})
    assert caught.value.what == "function printf with these arguments"


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("{{if .Name}}x{{end}}", "{{if}}"),
        ("{{$v := .Name}}", "a variable declaration"),
        ("{{len .Name}}", "function len with these arguments"),
        ("{{printf `%q` .Name}}", "printf format '%q' with 1 argument(s)"),
        ("{{printf `%d` .Name}}", "printf verb %d with a string argument"),
        ("{{true}}", "{{true}}"),
        ("{{1}}", "{{1}}"),
        ("{{.Name 1}}", "arguments to .Name"),
    ],
)
def test_valid_go_that_omec_does_not_execute(text, what):
    with pytest.raises(Unsupported) as caught:
        render_text(text)
    assert caught.value.what == what


def test_a_struct_known_only_by_its_fields_cannot_be_used_whole():
    class Opaque(Struct):
        printable = False

        def field(self, name):
            return "v" if name == "A" else NO_FIELD

    assert execute(parse("{{.A}}", "t"), Opaque({})) == "v"
    with pytest.raises(Unsupported, match=r"^\{\{\.\}\} is valid"):
        execute(parse("{{.}}", "t"), Opaque({}))
