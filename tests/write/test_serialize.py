"""Tests for omec.write.serialize, the canonical YAML serializer (performance.md, stage 3 "hand emitter")."""
from __future__ import annotations

import copy
import json
import math
import os
import shutil
import subprocess

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omec.write.serialize import dump, dump_all


def load(text: str) -> object:
    return yaml.load(text, Loader=yaml.CSafeLoader)


# --- golden -------------------------------------------------------------------------------------------

LABELS = {
    "app": "llama-3-1-8b-instruct-engine",
    "app.kubernetes.io/component": "engine",
    "app.kubernetes.io/instance": "llama-3-1-8b-instruct",
    "ome.io/inferenceservice": "llama-3-1-8b-instruct",
}
ANNOTATIONS = {
    "ome.io/deploymentMode": "RawDeployment",
    "prometheus.io/path": "/metrics",
    "prometheus.io/port": "8080",
    "prometheus.io/scrape": "true",
}
LAUNCH = "python3 -m sglang.launch_server \\\n--host=0.0.0.0 \\\n--port=8080 \\\n--model-path=$(MODEL_PATH)\n"
POD_METADATA = {"name": "llama-engine", "namespace": "llama", "labels": LABELS, "annotations": ANNOTATIONS}
DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": POD_METADATA,  # shared with the pod template on purpose: no anchors may appear
    "spec": {
        "selector": {"matchLabels": {"app": "llama-3-1-8b-instruct-engine"}},
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
        "revisionHistoryLimit": 10,
        "template": {
            "metadata": POD_METADATA,
            "spec": {
                "containers": [
                    {
                        "name": "ome-container",
                        "image": "docker.io/lmsysorg/sglang:v0.4.8.post1-cu126",
                        "command": ["/bin/bash", "-lc", "--"],
                        "args": [LAUNCH],
                        "env": [
                            {"name": "MODEL_PATH", "value": "/mnt/models/llama-3-1-8b-instruct"},
                            {"name": "PARALLELISM_SIZE", "value": "1"},
                            {"name": "SGLANG_ENABLE_TORCH_COMPILE", "value": "false"},
                        ],
                        "ports": [{"containerPort": 8080, "name": "http1", "protocol": "TCP"}],
                        "resources": {
                            "limits": {"cpu": "10", "memory": "30Gi", "nvidia.com/gpu": "1"},
                            "requests": {"cpu": "100m", "memory": "30Gi", "nvidia.com/gpu": "1"},
                        },
                        "readinessProbe": {"httpGet": {"path": "/health", "port": 8080}, "periodSeconds": 10},
                        "volumeMounts": [{"name": "model-empty-dir", "mountPath": "/mnt/models", "readOnly": True}],
                        "securityContext": {},
                    },
                    {
                        "name": "sidecar",
                        "image": "busybox:1.36",
                        "args": ["--tp-size", "8", "--host", "0.0.0.0", "--model-path", "$(MODEL_PATH)"],
                        "envFrom": [],
                    },
                ],
                "nodeSelector": {"models.ome.io/llama.basemodel.llama-3-1-8b-instruct": "Ready"},
                "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
                "terminationGracePeriodSeconds": 30,
            },
        },
    },
}
DEPLOYMENT_YAML = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: llama-engine
  namespace: llama
  labels:
    app: llama-3-1-8b-instruct-engine
    app.kubernetes.io/component: engine
    app.kubernetes.io/instance: llama-3-1-8b-instruct
    ome.io/inferenceservice: llama-3-1-8b-instruct
  annotations:
    ome.io/deploymentMode: RawDeployment
    prometheus.io/path: /metrics
    prometheus.io/port: "8080"
    prometheus.io/scrape: "true"
spec:
  selector:
    matchLabels:
      app: llama-3-1-8b-instruct-engine
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  revisionHistoryLimit: 10
  template:
    metadata:
      name: llama-engine
      namespace: llama
      labels:
        app: llama-3-1-8b-instruct-engine
        app.kubernetes.io/component: engine
        app.kubernetes.io/instance: llama-3-1-8b-instruct
        ome.io/inferenceservice: llama-3-1-8b-instruct
      annotations:
        ome.io/deploymentMode: RawDeployment
        prometheus.io/path: /metrics
        prometheus.io/port: "8080"
        prometheus.io/scrape: "true"
    spec:
      containers:
      - name: ome-container
        image: docker.io/lmsysorg/sglang:v0.4.8.post1-cu126
        command:
        - /bin/bash
        - -lc
        - "--"
        args:
        - |
          python3 -m sglang.launch_server \\
          --host=0.0.0.0 \\
          --port=8080 \\
          --model-path=$(MODEL_PATH)
        env:
        - name: MODEL_PATH
          value: /mnt/models/llama-3-1-8b-instruct
        - name: PARALLELISM_SIZE
          value: "1"
        - name: SGLANG_ENABLE_TORCH_COMPILE
          value: "false"
        ports:
        - containerPort: 8080
          name: http1
          protocol: TCP
        resources:
          limits:
            cpu: "10"
            memory: 30Gi
            nvidia.com/gpu: "1"
          requests:
            cpu: 100m
            memory: 30Gi
            nvidia.com/gpu: "1"
        readinessProbe:
          httpGet:
            path: /health
            port: 8080
          periodSeconds: 10
        volumeMounts:
        - name: model-empty-dir
          mountPath: /mnt/models
          readOnly: true
        securityContext: {}
      - name: sidecar
        image: busybox:1.36
        args:
        - --tp-size
        - "8"
        - --host
        - 0.0.0.0
        - --model-path
        - $(MODEL_PATH)
        envFrom: []
      nodeSelector:
        models.ome.io/llama.basemodel.llama-3-1-8b-instruct: Ready
      tolerations:
      - key: nvidia.com/gpu
        operator: Exists
        effect: NoSchedule
      terminationGracePeriodSeconds: 30
"""


def test_golden_deployment() -> None:
    assert dump(DEPLOYMENT) == DEPLOYMENT_YAML
    assert load(DEPLOYMENT_YAML) == DEPLOYMENT


def test_shared_sub_objects_produce_no_anchors_or_aliases() -> None:
    text = dump(DEPLOYMENT)
    events = list(yaml.parse(text, Loader=yaml.CSafeLoader))
    assert not [e for e in events if getattr(e, "anchor", None) or isinstance(e, yaml.AliasEvent)]
    assert text == dump(copy.deepcopy(DEPLOYMENT))


def test_deterministic_and_does_not_mutate_input() -> None:
    before = copy.deepcopy(DEPLOYMENT)
    assert dump(DEPLOYMENT).encode() == dump(DEPLOYMENT).encode()
    assert before == DEPLOYMENT


@pytest.mark.parametrize(
    "obj, expected",
    [
        ({"kind": "Service", "apiVersion": "v1", "b": 1, "a": 2}, "kind: Service\napiVersion: v1\nb: 1\na: 2\n"),
        ({"z": {"c": 1, "b": 2}, "a": [{"s": 1, "m": 2}]}, "z:\n  c: 1\n  b: 2\na:\n- s: 1\n  m: 2\n"),
    ],
)
def test_keys_keep_insertion_order(obj: dict, expected: str) -> None:
    assert dump(obj) == expected


# --- layout -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "obj, expected",
    [
        ({}, "{}\n"),
        ({"a": {}, "b": []}, "a: {}\nb: []\n"),
        ({"a": [[1, 2], [], [[3]], {}]}, "a:\n- - 1\n  - 2\n- []\n- - - 3\n- {}\n"),
        ({"a": [{"b": [{"c": 1}], "d": {"e": None}}]}, "a:\n- b:\n  - c: 1\n  d:\n    e: null\n"),
        ({"a": [[{"b": 1, "c": 2}]]}, "a:\n- - b: 1\n    c: 2\n"),
        (
            {"t": True, "f": False, "nil": None, "i": -7, "big": 10**30},
            "t: true\nf: false\nnil: null\ni: -7\nbig: 1000000000000000000000000000000\n",
        ),
    ],
)
def test_block_layout(obj: dict, expected: str) -> None:
    assert dump(obj) == expected
    assert load(expected) == obj


@pytest.mark.parametrize(
    "value, expected",
    [
        ("a\nb", "|-\n  a\n  b"),
        ("a\nb\n", "|\n  a\n  b"),
        ("a\nb\n\n", "|+\n  a\n  b\n"),
        ("a\n\nb", "|-\n  a\n\n  b"),
        ("\na", "|-\n\n  a"),
        ("a\n  indented\n\ttab", "|-\n  a\n    indented\n  \ttab"),
        ("caf\u00e9\n\U0001f600", "|-\n  caf\u00e9\n  \U0001f600"),
        # not exact or not possible as a literal block: double-quoted instead
        ("a \nb", '"a \\nb"'),
        ("a\nb ", '"a\\nb "'),
        ("a\t\nb", '"a\\t\\nb"'),
        (" a\nb", '" a\\nb"'),
        ("\tb\nc", '"\\tb\\nc"'),
        ("a\r\nb", '"a\\r\\nb"'),
        ("a\n\x85b", '"a\\n\\u0085b"'),
        ("a\n\u2028", '"a\\n\\u2028"'),
        ("\n", '"\\n"'),
        ("\n\n", '"\\n\\n"'),
    ],
)
def test_multi_line_strings(value: str, expected: str) -> None:
    indented = expected.replace("\n  ", "\n    ")  # a mapping nested one level deeper
    text = dump({"k": value, "m": {"k": value}})
    assert text == f"k: {expected}\nm:\n  k: {indented}\n"
    assert load(text) == {"k": value, "m": {"k": value}}


def test_literal_block_in_sequence_and_at_document_end() -> None:
    obj = {"a": ["x\ny\n\n", "z\n"]}
    text = dump_all([obj, obj])
    assert text == "a:\n- |+\n  x\n  y\n\n- |\n  z\n---\na:\n- |+\n  x\n  y\n\n- |\n  z\n"
    assert list(yaml.load_all(text, Loader=yaml.CSafeLoader)) == [obj, obj]


def test_dump_all() -> None:
    assert dump_all([]) == ""
    assert dump_all([{"a": 1}]) == "a: 1\n"
    assert dump_all(iter([{"a": 1}, {}, {"b": "x"}])) == "a: 1\n---\n{}\n---\nb: x\n"


def test_long_key_uses_explicit_key_syntax() -> None:
    key = "k" * 1200
    obj = {key: [1, {"a": "b"}], "next": {key: "v", "x": {}}}
    text = dump(obj)
    assert text.startswith(f"? {key}\n:\n- 1\n- a: b\nnext:\n  ? {key}\n  : v\n  x: {{}}\n")
    assert load(text) == obj


# --- scalars ------------------------------------------------------------------------------------------

TRAPS = [
    "y", "Y", "n", "N", "yes", "no", "No", "on", "On", "off", "OFF", "true", "True", "false", "FALSE",
    "~", "null", "Null", "NULL", "1", "-1", "+1", "1.5", "1e3", "1E3", "1e+3", "0o7", "0x10", "0x1F", "0b101",
    "0777", "1_000", "0e_0", "12:30", "1:20:30", "2026-01-01", "2026-1-1", "2026-11-23T10:00:00Z",
    ".inf", "-.inf", ".Inf", ".nan", ".NaN", ".5", "1.",
    "- a", "-", "--", "---", "-1x", "- -x", "?", "? a", "a: b", "a #b", "#x", ": x", ":", "x:", "a:", ",x", "[x]",
    "]", "{x}", "}", "@x", "`x", "%x", "!x", "!!str", "&x", "*x", "|", "|-", ">", "'", "'x'", '"', '"x"',
    " lead", "trail ", "", " ", "\t", "a\tb", "=", "<<", "~x", "+x",
    "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "caf\u00e9", "\U0001f600",
]  # fmt: skip


@pytest.mark.parametrize("trap", TRAPS, ids=repr)
def test_trap_strings_are_quoted_and_round_trip(trap: str) -> None:
    as_value, as_key, as_item = dump({"v": trap}), dump({trap: 1}), dump({"l": [trap]})
    assert as_value.startswith('v: "') and as_value.endswith('"\n')
    assert as_key.startswith('"') and as_key.endswith('": 1\n')
    assert as_item.startswith('l:\n- "') and as_item.endswith('"\n')
    assert (load(as_value), load(as_key), load(as_item)) == ({"v": trap}, {trap: 1}, {"l": [trap]})


@pytest.mark.parametrize(
    "value, expected",
    [
        ("\x00", '"\\u0000"'),
        ("\x7f", '"\\u007f"'),
        ("\x85", '"\\u0085"'),
        ("\u2029", '"\\u2029"'),
        ("\ufeff", '"\\ufeff"'),
        ("\U0001f600 \u00e9", '"\U0001f600 \u00e9"'),  # printable non-ASCII stays UTF-8
        ('"a\\b', '"\\"a\\\\b"'),
        ('a"b\\c', 'a"b\\c'),  # quotes and backslashes inside a plain scalar are literal
        ("a/b", "a/b"),  # never a "\/" escape
        ("x" * 500, "x" * 500),  # no line wrapping
        ("a " * 200 + "b", "a " * 200 + "b"),
    ],
)
def test_string_escapes(value: str, expected: str) -> None:
    text = dump({"v": value})
    assert text == f"v: {expected}\n"
    assert load(text) == {"v": value}


PLAIN = [
    "--tp-size", "-lc", "--model-path=$(MODEL_PATH)", "-m", "nvidia.com/gpu", "ome.io/deploymentMode", "app.kubernetes.io/name", "prometheus.io/port", "30Gi", "100m",
    "0.0.0.0", "1.2.3", "v1", "$(MODEL_PATH)", "/mnt/models", "a:b", "busybox:1.36", "http://h:80/p?q=1#f",
    "a b", "a-b_c.d", "a,b", "a[0]", "it's", "x=y", "s3://bucket/key", "12ab", "0x", "1e", "yess", "nul",
]  # fmt: skip


@pytest.mark.parametrize("value", PLAIN)
def test_conservative_strings_stay_plain(value: str) -> None:
    assert dump({value: value}) == f"{value}: {value}\n"
    assert load(dump({value: value})) == {value: value}


@pytest.mark.parametrize(
    "value, expected",
    [
        (1.0, "1.0"),
        (0.1, "0.1"),
        (-0.0, "-0.0"),
        (1e20, "1.0e+20"),
        (1.5e20, "1.5e+20"),
        (1e-07, "1.0e-07"),
        (2.5e-300, "2.5e-300"),
        (float("inf"), ".inf"),
        (float("-inf"), "-.inf"),
    ],
)
def test_floats_round_trip_exactly(value: float, expected: str) -> None:
    text = dump({"f": value})
    assert text == f"f: {expected}\n"
    loaded = load(text)["f"]
    assert type(loaded) is float and loaded == value and math.copysign(1, loaded) == math.copysign(1, value)


def test_nan() -> None:
    assert dump({"f": float("nan")}) == "f: .nan\n"
    assert math.isnan(load("f: .nan\n")["f"])


@pytest.mark.parametrize(
    "obj, message",
    [
        ({1: "a"}, "mapping keys must be str"),
        ({"a": (1, 2)}, "cannot serialize tuple"),
        ({"a": {1, 2}}, "cannot serialize set"),
        ({"a": b"x"}, "cannot serialize bytes"),
        ([1], "a YAML document must be a dict"),
    ],
)
def test_non_json_values_are_rejected(obj: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        dump(obj)  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------------------

_LINES = st.lists(st.text(st.sampled_from("ab #:-\t'\"é"), max_size=5), min_size=1, max_size=4)
TEXT = st.one_of(
    st.sampled_from(TRAPS + PLAIN),
    st.text(max_size=12),  # any unicode, control characters and non-BMP included
    st.text(st.sampled_from("ab01.:#- _\t\n\r'\"!&*|>%@`,[]{}?=~yYnNeExo+"), max_size=8),
    st.builds(lambda lines, end: "\n".join(lines) + end, _LINES, st.sampled_from(["", "\n", "\n\n", " ", " \n"])),
)
SCALARS = st.one_of(TEXT, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(TEXT, VALUES, max_size=6))
def test_round_trip_and_idempotence(obj: dict) -> None:
    """CSafeLoader reads back an equal value; re-dumping it gives the same bytes (so no type changed)."""
    text = dump(obj)
    assert text.endswith("\n")
    reloaded = load(text)
    assert reloaded == obj
    assert dump(reloaded) == text


# --- Go YAML (kubectl, sigs.k8s.io/yaml) reads the same strings ----------------------------------------


def test_kubectl_reads_the_same_values() -> None:
    """Cross-check the plain/quoted decisions with a Go loader; offline (`--local`), skipped without kubectl."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: no Go YAML loader to cross-check with")
    values = TRAPS + PLAIN + ["a\nb", "a\nb\n", "a\nb\n\n", "\na\n  b"]
    keys = {v: i for i, v in enumerate(values)}
    doc = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "values": values, "keys": keys}
    run = subprocess.run(
        [kubectl, "label", "--local", "-f", "-", "-o", "json", "checked=yes"],
        input=dump(doc),
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KUBECONFIG": os.devnull},
    )
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["values"] == values
    assert got["keys"] == keys
