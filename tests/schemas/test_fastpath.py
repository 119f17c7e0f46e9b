"""The cheaper fast-path validators (omec.schema.fastpath) decide exactly as the schemas do."""
from __future__ import annotations

import copy

import fastjsonschema
import jsonschema
import pytest

from omec.schema.fastpath import fast_code, fast_form

INT_OR_STRING = {"oneOf": [{"type": ["string", "null"]}, {"type": ["integer", "null"]}]}
VALUES = [0, 8080, -1, "8080", "http", "", None, 1.5, 2.0, True, [], {}]


def _decisions(schema: dict, values: list) -> list[bool]:
    validator = jsonschema.Draft7Validator(schema)
    return [validator.is_valid(v) for v in values]


def _fast_decisions(schema: dict, values: list) -> list[bool]:
    namespace: dict = {}
    exec(compile(fast_code(fastjsonschema.compile_to_code(fast_form(schema))), "<test>", "exec"), namespace)
    decided = []
    for value in values:
        try:
            namespace["validate"](copy.deepcopy(value))
        except fastjsonschema.JsonSchemaValueException:
            decided.append(False)
        else:
            decided.append(True)
    return decided


def test_int_or_string_folds_into_one_type_list_and_null_stays_invalid():
    assert fast_form(INT_OR_STRING) == {"type": ["integer", "string"]}
    assert _fast_decisions(INT_OR_STRING, VALUES) == _decisions(INT_OR_STRING, VALUES)
    assert _decisions(INT_OR_STRING, [None]) == [False]


@pytest.mark.parametrize("schema", [
    {"anyOf": [{"type": "string"}, {"type": ["integer", "null"]}]},
    {"oneOf": [{"type": "string", "title": "a name"}, {"type": "boolean"}]},
    {"properties": {"port": INT_OR_STRING}, "additionalProperties": {"anyOf": [{"type": "array"}, {"type": "object"}]}},
])
def test_folded_schemas_decide_like_the_originals(schema):
    assert "oneOf" not in str(fast_form(schema)) and "anyOf" not in str(fast_form(schema))
    values = VALUES + [{"port": v} for v in VALUES] + [{"x": v} for v in VALUES]
    assert _fast_decisions(schema, values) == _decisions(schema, values)


@pytest.mark.parametrize("schema", [
    {"oneOf": [{"type": "integer"}, {"type": "number"}]},  # 1 is both: exactly-one is not a type list
    {"oneOf": [{"type": "string", "pattern": "^a"}, {"type": "integer"}]},  # not type-only
    {"type": "object", "anyOf": [{"type": "string"}, {"type": "integer"}]},  # the node already has a type
    {"anyOf": []},
])
def test_other_combinators_are_left_alone(schema):
    assert fast_form(schema) == schema


def test_only_message_formatting_is_dropped_from_generated_code():
    source = fastjsonschema.compile_to_code({"type": "array", "items": {"type": "object", "properties": {
        "a": {"type": "string"}}}, "maxItems": 3})
    assert ".format(**locals())" in source
    trimmed = fast_code(source)
    assert ".format(**locals())" not in trimmed
    assert trimmed.replace(" ", "").count("raise") == source.replace(" ", "").count("raise")


@pytest.mark.parametrize("api_version, kind, path", [
    ("v1", "Service", ("spec", "ports", 0, "targetPort")),
    ("policy/v1", "PodDisruptionBudget", ("spec", "maxUnavailable")),
])
def test_bundled_kinds_decide_int_or_string_like_jsonschema(schema_set, api_version, kind, path):
    bodies = {
        ("v1", "Service"): {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
                            "spec": {"ports": [{"port": 80, "targetPort": 8080}]}},
        ("policy/v1", "PodDisruptionBudget"): {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                                               "metadata": {"name": "p"}, "spec": {"maxUnavailable": 1}},
    }
    for value in VALUES:
        body = copy.deepcopy(bodies[(api_version, kind)])
        holder = body
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = value
        assert schema_set.is_valid(api_version, kind, body) == (not schema_set.problems(api_version, kind, body)), value
