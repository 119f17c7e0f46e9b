"""Human messages for JSON Schema violations: one :class:`Problem` per error, named by field path."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from omec.diagnostics import format_field
from omec.schema.bundle import INT_FORMATS

# What kind of violation a Problem is (the input checks give each its own diagnostic code).
WRONG_TYPE, UNKNOWN_FIELD, MISSING_FIELD, VALUE_NOT_ALLOWED = "wrong-type", "unknown-field", "missing-field", "value"


@dataclass(frozen=True, slots=True)
class Problem:
    """One schema violation: its kind, the JSON path of the offending field and a one-line message."""

    kind: str
    path: tuple
    message: str
    hint: str | None = None


def path_key(path: tuple) -> tuple:
    return tuple((1, p, "") if isinstance(p, int) else (0, 0, str(p)) for p in path)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", type(None): "null", list: "array", dict: "object"}.get(
        type(value), type(value).__name__
    )


def _describe(value: Any) -> str:
    """``string "one"``, ``boolean true``, ``object``, ``null`` - a value as a message shows it."""
    if value is None or isinstance(value, (dict, list)):
        return _json_type(value)
    text = json.dumps(value, ensure_ascii=False)
    return f"{_json_type(value)} {text if len(text) <= 60 else text[:57] + '...'}"


def _literal(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _where(kind: str, path: tuple) -> str:
    return f"{kind} {format_field(path)}" if path else kind


def _types(value: Any) -> list[str]:
    names = [value] if isinstance(value, str) else list(value)
    return [t for t in names if t != "null"] or names


_BOUNDS = {
    "minimum": "is less than the minimum {}",
    "maximum": "is greater than the maximum {}",
    "exclusiveMinimum": "must be greater than {}",
    "exclusiveMaximum": "must be less than {}",
    "minLength": "must have at least {} character(s)",
    "maxLength": "must have at most {} character(s)",
    "minItems": "must have at least {} item(s)",
    "maxItems": "must have at most {} item(s)",
    "minProperties": "must have at least {} field(s)",
    "maxProperties": "must have at most {} field(s)",
    "multipleOf": "must be a multiple of {}",
}


def explain_error(error: Any, kind: str) -> Iterator[Problem]:
    """Turn one jsonschema ValidationError into problems with human messages (one per field)."""
    path = tuple(error.absolute_path)
    field = format_field(path) or kind
    validator, expected, value = error.validator, error.validator_value, error.instance
    if validator == "additionalProperties" and isinstance(value, dict):
        known = list(error.schema.get("properties", {}))
        for name in value:
            if name not in known:
                import difflib  # messages only

                close = difflib.get_close_matches(str(name), known, n=1)
                hint = f'did you mean "{close[0]}"?' if close else None
                message = f'unknown field "{name}" in {_where(kind, path)}'
                yield Problem(UNKNOWN_FIELD, (*path, name), message, hint)
    elif validator == "required" and isinstance(value, dict):
        for name in expected:
            if name not in value:
                yield Problem(MISSING_FIELD, path, f'missing required field "{name}" in {_where(kind, path)}')
    elif validator == "type":
        expected_types = " or ".join(_types(expected))
        yield Problem(WRONG_TYPE, path, f"{field}: expected {expected_types}, got {_describe(value)}")
    elif validator in ("oneOf", "anyOf"):
        yield from _explain_alternatives(error, kind, path, field)
    else:
        yield Problem(VALUE_NOT_ALLOWED, path, f"{field}: {_not_allowed(error)}")


def _not_allowed(error: Any) -> str:
    """Message tail for enum, pattern and bound violations."""
    validator, expected, value = error.validator, error.validator_value, error.instance
    if validator == "enum":
        return f"{_literal(value)} is not allowed, expected one of {', '.join(_literal(v) for v in expected)}"
    if validator == "pattern":
        title = error.schema.get("title")
        form = f"a valid {title}" if title else "matching " + expected.replace("\\Z", "$")  # bundled `$` is `\Z`
        return f"{_literal(value)} is not {form}"
    if validator in _BOUNDS:
        shown = _literal(value) if isinstance(value, (str, int, float)) else _json_type(value)
        limits = INT_FORMATS.get(error.schema.get("format"), ())
        fmt = f" ({error.schema['format']})" if validator in ("minimum", "maximum") and expected in limits else ""
        return f"{shown} {_BOUNDS[validator].format(expected)}{fmt}"
    return error.message


def _explain_alternatives(error: Any, kind: str, path: tuple, field: str) -> Iterator[Problem]:
    """oneOf/anyOf (int-or-string, quantity): a type mismatch in every branch is one wrong-type problem;
    otherwise report the errors of the branches whose type matched."""
    type_only = [e for e in error.context if e.validator == "type" and not e.relative_path]
    if not error.context:
        message = f"{field}: {_describe(error.instance)} matches more than one form"
        yield Problem(VALUE_NOT_ALLOWED, path, message)
    elif len(type_only) == len(error.context):
        expected = " or ".join(dict.fromkeys(t for e in type_only for t in _types(e.validator_value)))
        yield Problem(WRONG_TYPE, path, f"{field}: expected {expected}, got {_describe(error.instance)}")
    else:
        failed_on_type = {e.relative_schema_path[0] for e in type_only}
        for sub in error.context:
            if sub.relative_schema_path[0] not in failed_on_type:
                yield from explain_error(sub, kind)
