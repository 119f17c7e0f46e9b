"""Inputs that made omec fail with an internal error (exit 70): each is now read as kubectl reads it, or rejected
with a positioned diagnostic (exit 1), with the parse cache off, cold and warm."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from omec.cli import cli
from omec.load import load_texts

SERVICE = """\
apiVersion: ome.io/v1beta1
kind: InferenceService
metadata: {{name: chat, namespace: team, annotations: {{note: {value}}}}}
spec:
  model: {{name: llama}}
  engine: {{}}
"""
RUNNER = """\
apiVersion: ome.io/v1beta1
kind: InferenceService
metadata: {{name: chat, namespace: team}}
spec:
  model: {{name: llama}}
  engine: {{runner: {{name: ome-container, resources: {{limits: {{nvidia.com/gpu: {value}}}}}}}}}
"""
NOTE = (3, SERVICE.splitlines()[2].replace("{{", "{").index("{value}") + 1)  # the line and column of the value
GPUS = (6, RUNNER.splitlines()[5].replace("{{", "{").index("{value}") + 1)
CACHES = ["off", "cache", "cache"]  # no cache, then a cold and a warm run sharing one


def _validate(tmp_path, monkeypatch, base, text: str) -> list[tuple[int, list[dict]]]:
    """(exit status, diagnostics) of ``omec validate BASE isvc.yaml`` for each cache setting of CACHES."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "isvc.yaml").write_text(text)
    runs = []
    for cache in CACHES:
        monkeypatch.setenv("OMEC_CACHE_DIR", cache if cache == "off" else str(tmp_path / cache))
        result = CliRunner().invoke(cli, ["validate", str(base), "isvc.yaml", "--format", "json"])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        err = result.stderr
        runs.append((result.exit_code, json.loads(err[err.index("["):err.rindex("]") + 1]) if "[" in err else []))
    return runs


def _errors(diags: list[dict]) -> list[tuple]:
    return [(d["code"], d["line"], d["col"]) for d in diags if d["severity"] == "error"]


@pytest.mark.parametrize("value", ["!!int abc", "!!float abc", "!!bool maybe", "!!timestamp x", "!!null x",
                                   "!!binary '*'", "!!int 1.5"])
def test_explicit_tags_that_do_not_fit_are_positioned_errors(tmp_path, monkeypatch, base_catalog, value):
    for status, diags in _validate(tmp_path, monkeypatch, base_catalog, SERVICE.format(value=value)):
        assert (status, _errors(diags)) == (1, [("OMEC010", *NOTE)])


@pytest.mark.parametrize(("value", "read"), [
    ("!!timestamp 2001-12-14", "2001-12-14"),  # was a datetime: neither marshallable (the cache) nor JSON
    ("!!binary aGk=", "hi"),  # was bytes
    ("!!map abc", "abc"),  # a scalar with a collection tag: its text, as kubectl reads it
    ("!!set \"\"", ""),
])
def test_tags_kubectl_accepts_give_the_string_it_reads(tmp_path, monkeypatch, base_catalog, value, read):
    for status, diags in _validate(tmp_path, monkeypatch, base_catalog, SERVICE.format(value=value)):
        assert (status, _errors(diags)) == (0, [])
    [document] = load_texts({"isvc.yaml": SERVICE.format(value=value)}).documents
    assert document.body["metadata"]["annotations"]["note"] == read


@pytest.mark.parametrize("value", [".inf", "-.Inf", ".nan", "!!float .inf"])
def test_a_float_infinity_where_a_quantity_is_parsed_is_a_positioned_error(tmp_path, monkeypatch, base_catalog,
                                                                           value):
    for status, diags in _validate(tmp_path, monkeypatch, base_catalog, RUNNER.format(value=value)):
        assert (status, _errors(diags)) == (1, [("OMEC010", *GPUS)])
        assert "JSON has no" in diags[0]["message"]


def test_a_non_ome_document_with_a_list_as_metadata_is_skipped(tmp_path, monkeypatch, base_catalog):
    for status, diags in _validate(tmp_path, monkeypatch, base_catalog, "apiVersion: v1\nkind: ConfigMap\n"
                                   "metadata: [x]\n"):
        assert (status, [d["code"] for d in diags]) == (0, ["OMEC140"])
