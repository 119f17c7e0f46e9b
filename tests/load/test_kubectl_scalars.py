"""Every scalar read exactly as kubectl reads it: the value the API server gets, with its JSON type.

The expected values were recorded from the real kubectl (v1.32.4, go-yaml v2 through sigs.k8s.io/yaml), each scalar
as ``data.a`` (or as a key of ``data``) of a ConfigMap, printed by ``kubectl label --local -f FILE x=y -o json``:
that command decodes files exactly as ``kubectl create/apply -f`` (resource.Builder, YAMLToJSON) but needs no
cluster (``create --dry-run=client`` asks the server for its API groups). Numbers are taken as the API server reads
kubectl's JSON: an integer when the digits have no fraction or exponent and fit an int64, else a float. ``Rejected``
entries are files kubectl refuses, with the reason it gives. ``test_the_tables_are_what_kubectl_reads`` re-checks
every entry against the kubectl on PATH (skipped without one).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass

import pytest

from omec.load import load_texts
from omec.load.codes import BAD_VALUE


@dataclass(frozen=True)
class Rejected:
    reason: str  # in kubectl's error and in omec's diagnostic


VALUES = [
    ("y", True),
    ("Y", True),
    ("n", False),
    ("N", False),
    ("yes", True),
    ("no", False),
    ("on", True),
    ("off", False),
    ("On", True),
    ("OFF", False),
    ("True", True),
    ("TRUE", True),
    ("true", True),
    ("False", False),
    ("NULL", None),
    ("Null", None),
    ("null", None),
    ("~", None),
    ("", None),
    ("0o17", 15),
    ("0O17", 15),
    ("017", 15),
    ("08", 8),
    ("0x1F", 31),
    ("0X1F", 31),
    ("-0x1F", -31),
    ("+0x1F", 31),
    ("0b101", 5),
    ("0B101", 5),
    ("-0b101", -5),
    ("1_000", 1000),
    ("1__0", 10),
    ("0x_1F", 31),
    ("1e3", 1000),
    ("1E3", 1000),
    ("1.5e3", 1500),
    ("1.0e+3", 1000),
    ("1e21", 1e+21),
    ("1e20", 1e+20),
    ("1e400", "1e400"),
    ("1e-400", 0),
    (".inf", Rejected("json: unsupported value: +Inf")),
    ("-.inf", Rejected("json: unsupported value: -Inf")),
    ("+.inf", Rejected("json: unsupported value: +Inf")),
    (".Inf", Rejected("json: unsupported value: +Inf")),
    (".NaN", Rejected("json: unsupported value: NaN")),
    (".nan", Rejected("json: unsupported value: NaN")),
    (".5", 0.5),
    ("+.5", 0.5),
    (".5_5", 0.55),
    ("1:30", "1:30"),
    ("190:20:30", "190:20:30"),
    ("1:30.5", "1:30.5"),
    ("2001-12-14", "2001-12-14"),
    ("2001-12-14T21:59:43.10-05:00", "2001-12-14T21:59:43.10-05:00"),
    ("12:30:45", "12:30:45"),
    ("+1", 1),
    ("-0", 0),
    ("+0", 0),
    ("0", 0),
    ("00", 0),
    ("0.", 0),
    ("-0.0", 0),
    ("1.", 1),
    ("3.14", 3.14),
    ("1e", "1e"),
    ("0xg", "0xg"),
    ("0o8", "0o8"),
    ("0o-17", "0o-17"),
    ("1.2.3", "1.2.3"),
    ("1,000", "1,000"),
    ("9223372036854775807", 9223372036854775807),
    ("9223372036854775808", 9.223372036854776e+18),
    ("-9223372036854775809", -9.223372036854776e+18),
    ("18446744073709551615", 1.8446744073709552e+19),
    ("18446744073709551616", 1.8446744073709552e+19),
    ("123456789012345678901", 1.2345678901234568e+20),
    ("<<", "<<"),
    ("=", "="),
    ("'x'", "x"),
    ('"y"', "y"),
    ('"\\x00"', "\x00"),
    ('"\\u0007"', "\x07"),
    ("!!str 1", "1"),
    ('!!int "1"', 1),
    ("!!int '12'", 12),
    ("!!float 1", 1),
    ("!!bool yes", True),
    ('!!bool "true"', True),
    ("!!null x", Rejected("cannot decode !!str `x` as a !!null")),
    ("!!null ~", None),
    ('!!null ""', None),
    ("!!binary aGk=", "hi"),
    ('!!binary "//79"', "\ufffd\ufffd\ufffd"),
    ('!!binary "4oI="', "\ufffd\ufffd"),
    ('!!binary "a b"', Rejected("!!binary value contains invalid base64 data")),
    ('!!binary "aGk"', Rejected("!!binary value contains invalid base64 data")),
    ("!!int abc", Rejected("cannot decode !!str `abc` as a !!int")),
    ("!!float abc", Rejected("cannot decode !!str `abc` as a !!float")),
    ("!!bool maybe", Rejected("cannot decode !!str `maybe` as a !!bool")),
    ("!!map abc", "abc"),
    ("!!set", ""),
    ("!!str", ""),
    ("!!timestamp x", Rejected("cannot decode !!str `x` as a !!timestamp")),
    ("!!timestamp 2001-12-14", "2001-12-14"),
    ("!!timestamp 2001-1-2", "2001-1-2"),
    ("!!timestamp 2001-02-30", Rejected("cannot decode !!str `2001-02-30` as a !!timestamp")),
    ("!!timestamp 2000-02-29", "2000-02-29"),
    ("!!timestamp 2001-12-14T21:59:43.10-05:00", "2001-12-14T21:59:43.10-05:00"),
    ("!!timestamp 2001-12-14t21:59:43Z", "2001-12-14t21:59:43Z"),
    ("!!timestamp 2001-12-14T21:59:43", Rejected("cannot decode !!str `2001-12-14T21:59:43` as a !!timestamp")),
    ("!!timestamp 2001-12-14 21:59:43.10", "2001-12-14 21:59:43.10"),
    ('!!timestamp "2001-12-14 21:59:43.10 -5"', Rejected("cannot decode !!str `2001-12-14 21:59:43.10 -5` as a !!timestamp")),
    ("!!timestamp 2001-12-14T24:00:00Z", Rejected("cannot decode !!str `2001-12-14T24:00:00Z` as a !!timestamp")),
    ("!!timestamp 123", Rejected("cannot decode !!int `123` as a !!timestamp")),
    ("!!int 0x1F", 31),
    ("!!float 1e3", 1000),
    ("!!int 1.5", Rejected("cannot decode !!float `1.5` as a !!int")),
    ("!!float 1:30", Rejected("cannot decode !!str `1:30` as a !!float")),
    ("!!int 1:30", Rejected("cannot decode !!str `1:30` as a !!int")),
    ("!!str 1:30", "1:30"),
    ("!!float .inf", Rejected("json: unsupported value: +Inf")),
    ("!!float 1_000", 1000),
    ("!!int 1_000", 1000),
    ("!!str ~", "~"),
    ("!!null", None),
    ("!!bool", Rejected("cannot decode !!null `` as a !!bool")),
    ("!!int", Rejected("cannot decode !!null `` as a !!int")),
    ("!!float", Rejected("cannot decode !!null `` as a !!float")),
    ("!!timestamp", Rejected("cannot decode !!null `` as a !!timestamp")),
    ("!!binary", ""),
    ("!!merge <<", "<<"),
    ("!!merge x", "x"),
    ("!<tag:yaml.org,2002:int> 5", 5),
    ("!<tag:yaml.org,2002:str> 5", "5"),
    ('!!int "0x1F"', 31),
    ('!!float "1:30"', Rejected("cannot decode !!str `1:30` as a !!float")),
    ("!!str yes", "yes"),
    ("!!value =", "="),
    ("!foo bar", "bar"),
    ("!!bool 1", Rejected("cannot decode !!int `1` as a !!bool")),
    ("!!int true", Rejected("cannot decode !!bool `true` as a !!int")),
    ("!!float 18446744073709551615", Rejected("cannot decode !!int `18446744073709551615` as a !!float")),
    ("!!str [1]", [1]),
    ("!!int {a: 1}", {"a": 1}),
    ("!!map [1]", [1]),
    ("!!seq {a: 1}", {"a": 1}),
    ("!!set {a, b}", {"a": None, "b": None}),
    ("!!omap [a: 1]", [{"a": 1}]),
    ("!!pairs [a: 1]", [{"a": 1}]),
    ("!!python/tuple [1]", [1]),
    # Long literals: Go's parsers give up on them early (Python's int() refuses more than 4,300 digits).
    ("1" * 300, 1.1111111111111112e+299),
    ("1" * 5000, "1" * 5000),
    ("0." + "1" * 5000, 0.1111111111111111),
]
KEYS = [
    ("y", "true"),
    ("n", "false"),
    ("on", "true"),
    ("true", "true"),
    ("1:30", "1:30"),
    ("1e3", "1000"),
    ("0x1F", "31"),
    ("1.5", "1.5"),
    ("1e21", "1e+21"),
    ("0.1", "0.1"),
    ("-0.0", "-0"),
    ("12345678.5", "1.2345678e+07"),
    ("16777217.0", "1.6777216e+07"),
    ("0.3", "0.3"),
    ("1e-5", "1e-05"),
    ("9223372036854775807", "9223372036854775807"),
    ("0o17", "15"),
    ("1_000", "1000"),
    ("!!binary aGk=", "hi"),
    ("!!timestamp 2001-12-14", "2001-12-14"),
    ('"quoted"', "quoted"),
    ("2001-12-14", "2001-12-14"),
    ("1e400", "1e400"),
    (".inf", ".inf"),
    ("-.inf", "-.inf"),
    (".nan", ".nan"),
    ("<<x", "<<x"),
    ("~", Rejected("unsupported map key of type")),
    ("null", Rejected("unsupported map key of type")),
    ("9223372036854775808", Rejected("unsupported map key of type: uint64")),
    ("!!int x", Rejected("cannot decode !!str `x` as a !!int")),
    ("[1, 2]", Rejected("invalid map key")),
    ("{a: 1}", Rejected("invalid map key")),
]


def _typed(value: object) -> object:
    """``value`` with the type of every part, so that True != 1 and 1 != 1.0."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return type(value).__name__, value


def _key_line(key: str) -> str:
    return f"  ? {key}\n  : 1\n" if key.startswith(("[", "{")) else f"  {key}: 1\n"


@pytest.mark.parametrize(("text", "expected"), VALUES, ids=[text[:40] or "<empty>" for text, _ in VALUES])
def test_values_read_as_kubectl_reads_them(text, expected):
    result = load_texts({"cm.yaml": f"data:\n  a: {text}\n"})
    if isinstance(expected, Rejected):
        [diag] = result.diagnostics
        assert (diag.code, diag.line, diag.col) == (BAD_VALUE.id, 2, 6), diag
        assert expected.reason in diag.message and result.documents == []
    else:
        assert result.diagnostics == []
        [document] = result.documents
        assert _typed(document.body["data"]["a"]) == _typed(expected)


@pytest.mark.parametrize(("key", "expected"), KEYS, ids=[key for key, _ in KEYS])
def test_keys_become_the_json_names_kubectl_gives_them(key, expected):
    result = load_texts({"cm.yaml": "data:\n" + _key_line(key)})
    if isinstance(expected, Rejected):
        [diag] = result.diagnostics
        assert (diag.code, diag.line) == (BAD_VALUE.id, 2) and diag.col >= 3, diag
        assert expected.reason in diag.message and result.documents == []
    else:
        assert result.diagnostics == []
        assert list(result.documents[0].body["data"]) == [expected]


def _server_int(digits: str) -> int | float:
    number = int(digits)
    return number if -(2**63) <= number < 2**63 else float(number)


def _kubectl(data: list[str]) -> tuple[list, str]:
    """(``data`` of each ConfigMap, as the API server reads kubectl's JSON; kubectl's error) for one ConfigMap per
    ``data`` block."""
    documents = "---\n".join(f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata:\n{block}"
                              for i, block in enumerate(data))
    done = subprocess.run(["kubectl", "label", "--local", "-f", "-", "x=y", "-o", "json"], input=documents,
                          capture_output=True, text=True, timeout=60, check=False)
    decoder, text, out = json.JSONDecoder(parse_int=_server_int), done.stdout.strip(), []
    while text:
        value, end = decoder.raw_decode(text)
        out.append(value["data"])
        text = text[end:].strip()
    return out, done.stderr if done.returncode else ""


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not on PATH")
def test_the_tables_are_what_kubectl_reads():
    blocks = [(f"  a: {text}\n", expected, "a") for text, expected in VALUES]
    blocks += [(_key_line(key), expected, None) for key, expected in KEYS]
    accepted = [entry for entry in blocks if not isinstance(entry[1], Rejected)]
    read, error = _kubectl([block for block, _, _ in accepted])
    assert error == "" and len(read) == len(accepted)
    for (block, expected, field), data in zip(accepted, read, strict=True):
        got = data[field] if field else next(iter(data))
        assert _typed(got) == _typed(expected), block
    for block, expected, _ in blocks:
        if isinstance(expected, Rejected):
            assert expected.reason in _kubectl([block])[1], block
