"""Strategic merge of runtime config and InferenceService block, and of a runner into its container (cases of
OME's utils_test TestMergeEngineSpec and podspec_reconciler_test)."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from omec.ome.merge import (
    blanked_runner_names,
    merge_component,
    merge_container,
    one_of_conflicts,
)

CORPUS_RUNTIMES = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "ome" / "config" / "runtimes"


def env(name: str, value: str) -> dict:
    return {"name": name, "value": value}


# --- utils_test TestMergeEngineSpec ------------------------------------------------------------------


def test_g16a_env_merged_by_name_new_items_first_and_sidecar_kept():
    base = {
        "containers": [
            {"name": "ome-container", "image": "runtime:v1",
             "env": [env("ENV1", "runtime-value"), env("ENV2", "runtime-value2")]},
            {"name": "sidecar", "image": "sidecar:v1"},
        ]
    }
    patch = {"containers": [{"name": "ome-container", "image": "isvc:v2",
                             "env": [env("ENV1", "isvc-value"), env("ENV3", "isvc-value3")]}]}
    merged = merge_component(base, patch)
    assert merged["containers"] == [
        {"name": "ome-container", "image": "isvc:v2",
         "env": [env("ENV1", "isvc-value"), env("ENV3", "isvc-value3"), env("ENV2", "runtime-value2")]},
        {"name": "sidecar", "image": "sidecar:v1"},
    ]


def test_g16b_runner_args_are_replaced_wholesale():
    base = {"runner": {"name": "ome-container", "image": "rt", "args": ["--arg1", "runtime"]}}
    patch = {"runner": {"name": "ome-container", "args": ["--arg1", "isvc", "--arg2", "new"]}}
    assert merge_component(base, patch)["runner"] == {
        "name": "ome-container", "image": "rt", "args": ["--arg1", "isvc", "--arg2", "new"]
    }


def test_g16c_leader_and_worker_merge_field_wise():
    base = {
        "leader": {"runner": {"name": "ome-container", "image": "runtime-leader:v1", "args": ["--leader"]}},
        "worker": {"size": 2, "runner": {"name": "ome-container", "image": "runtime-worker:v1"}},
    }
    patch = {
        "leader": {"runner": {"name": "ome-container", "image": "isvc-leader:v2"}},
        "worker": {"size": 4, "runner": {"name": "ome-container", "image": "isvc-worker:v2"}},
    }
    merged = merge_component(base, patch)
    assert merged["leader"] == {"runner": {"name": "ome-container", "image": "isvc-leader:v2", "args": ["--leader"]}}
    assert merged["worker"] == {"size": 4, "runner": {"name": "ome-container", "image": "isvc-worker:v2"}}


def test_g16d_volumes_node_selector_and_tolerations():
    base = {
        "volumes": [{"name": "model-volume", "hostPath": {"path": "/mnt/models"}}],
        "nodeSelector": {"gpu": "true", "zone": "us-west-1a"},
        "tolerations": [{"key": "runtime", "operator": "Exists"}],
    }
    patch = {
        "volumes": [{"name": "cache-volume", "emptyDir": {}}],
        "nodeSelector": {"zone": "us-west-1b", "type": "inference"},
        "tolerations": [{"key": "isvc", "operator": "Exists", "effect": "NoSchedule"}],
    }
    merged = merge_component(base, patch)
    assert [v["name"] for v in merged["volumes"]] == ["cache-volume", "model-volume"]
    assert merged["volumes"][0] == {"name": "cache-volume", "emptyDir": {}}  # an empty struct is kept
    assert merged["nodeSelector"] == {"gpu": "true", "zone": "us-west-1b", "type": "inference"}
    assert merged["tolerations"] == [{"key": "isvc", "operator": "Exists", "effect": "NoSchedule"}]


def test_g16e_partial_overrides():
    affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "gpu", "operator": "In", "values": ["a100"]}]}]}}}
    base = {
        "minReplicas": 1, "scaleMetric": "concurrency", "serviceAccountName": "runtime-sa", "affinity": affinity,
        "containers": [{"name": "ome-container", "resources": {"requests": {"cpu": "1", "memory": "2Gi"},
                                                                "limits": {"cpu": "2"}}}],
    }
    patch = {
        "maxReplicas": 10, "scaleTarget": 80,
        "containers": [{"name": "ome-container", "resources": {"requests": {"cpu": "4"}}}],
    }
    merged = merge_component(base, patch)
    assert (merged["minReplicas"], merged["maxReplicas"], merged["scaleTarget"]) == (1, 10, 80)
    assert merged["scaleMetric"] == "concurrency"
    assert merged["serviceAccountName"] == "runtime-sa"
    assert merged["affinity"] == affinity
    assert merged["containers"][0]["resources"] == {"requests": {"cpu": "4", "memory": "2Gi"}, "limits": {"cpu": "2"}}


def test_g16f_explicitly_empty_patch_collections_keep_the_base():
    base = {"containers": [{"name": "ome-container", "image": "rt"}], "nodeSelector": {"a": "b"}}
    patch = {"containers": [], "nodeSelector": {}, "tolerations": []}
    assert merge_component(base, patch) == base


# --- omitempty, pointers and always-serialized fields ---------------------------------------------------


@pytest.mark.parametrize(
    ("field", "base_value", "patch_value", "expected"),
    [
        ("hostNetwork", True, False, True),  # non-pointer bool: false is omitted
        ("hostIPC", True, False, True),
        ("hostPID", True, False, True),
        ("serviceAccountName", "runtime-sa", "", "runtime-sa"),  # non-pointer string
        ("maxReplicas", 5, 0, 5),  # non-pointer int
        ("schedulerName", "volcano", "custom", "custom"),  # set values override
        ("enableServiceLinks", True, False, False),  # pointers: zero values override
        ("automountServiceAccountToken", True, False, False),
        ("shareProcessNamespace", True, False, False),
        ("setHostnameAsFQDN", True, False, False),
        ("hostUsers", True, False, False),
        ("terminationGracePeriodSeconds", 60, 0, 0),
        ("activeDeadlineSeconds", 60, 0, 0),
        ("priority", 10, 0, 0),
        ("minReplicas", 1, 0, 0),
        ("scaleTarget", 50, 0, 0),
        ("maxUnavailable", 1, 0, 0),
    ],
)
def test_zero_values_override_only_pointer_fields(field, base_value, patch_value, expected):
    assert merge_component({field: base_value}, {field: patch_value})[field] == expected


def test_zero_values_in_nested_types_follow_their_go_struct():
    base = {
        "runner": {"name": "c", "stdin": True, "securityContext": {"privileged": True, "runAsNonRoot": True},
                   "readinessProbe": {"httpGet": {"path": "/h", "port": 8080}, "periodSeconds": 5,
                                      "terminationGracePeriodSeconds": 10}},
        "securityContext": {"runAsUser": 1000},
        "deploymentStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 1}},
    }
    patch = {
        "runner": {"name": "c", "stdin": False, "securityContext": {"privileged": False},
                   "readinessProbe": {"periodSeconds": 0, "terminationGracePeriodSeconds": 0}},
        "securityContext": {"runAsUser": 0},
        "deploymentStrategy": {"rollingUpdate": {"maxUnavailable": 0}},
    }
    merged = merge_component(base, patch)
    runner = merged["runner"]
    assert runner["stdin"] is True  # bool omitempty
    assert runner["securityContext"] == {"privileged": False, "runAsNonRoot": True}  # all pointers
    assert runner["readinessProbe"] == {"httpGet": {"path": "/h", "port": 8080}, "periodSeconds": 5,
                                        "terminationGracePeriodSeconds": 0}
    assert merged["securityContext"] == {"runAsUser": 0}
    assert merged["deploymentStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}


def test_map_entries_always_override_even_when_empty():
    base = {"labels": {"team": "a", "tier": "gpu"}, "annotations": {"x": "1"}, "nodeSelector": {"zone": "a"}}
    patch = {"labels": {"tier": ""}, "annotations": {"y": "2"}, "nodeSelector": {"zone": ""}}
    merged = merge_component(base, patch)
    assert merged["labels"] == {"team": "a", "tier": ""}
    assert merged["annotations"] == {"x": "1", "y": "2"}
    assert merged["nodeSelector"] == {"zone": ""}


def test_runner_without_name_blanks_the_runtime_name():
    base = {"runner": {"name": "ome-container", "image": "rt"}}
    patch = {"runner": {"image": "isvc"}}
    assert merge_component(base, patch)["runner"] == {"name": "", "image": "isvc"}
    assert blanked_runner_names(base, patch) == [("runner",)]


def test_fields_without_omitempty_are_sent_with_their_zero_value():
    base = {"containers": [{
        "name": "c",
        "volumeMounts": [{"name": "data", "mountPath": "/data"}],
        "livenessProbe": {"httpGet": {"path": "/live", "port": 8080}},
    }]}
    patch = {"containers": [{
        "name": "c",
        "volumeMounts": [{"mountPath": "/data", "readOnly": True}],
        "livenessProbe": {"httpGet": {"path": "/healthz"}},
    }]}
    container = merge_component(base, patch)["containers"][0]
    assert container["volumeMounts"] == [{"name": "", "mountPath": "/data", "readOnly": True}]
    assert container["livenessProbe"] == {"httpGet": {"path": "/healthz", "port": 0}}


@pytest.mark.parametrize(
    ("base", "patch", "expected"),
    [
        ({"runner": {"name": "a"}}, {"runner": {"name": "a"}}, []),
        ({"runner": {"name": "a"}}, {"runner": {"name": ""}}, [("runner",)]),
        ({}, {"runner": {"image": "x"}}, []),  # nothing to blank
        (None, {"runner": {"image": "x"}}, []),
        ({"leader": {"runner": {"name": "l"}}, "worker": {"runner": {"name": "w"}}},
         {"leader": {"runner": {"image": "x"}}, "worker": {"runner": {"image": "y"}}},
         [("leader", "runner"), ("worker", "runner")]),
    ],
)
def test_blanked_runner_names(base, patch, expected):
    assert blanked_runner_names(base, patch) == expected


def test_patch_only_subtrees_are_normalized_like_go():
    merged = merge_component(
        {"runner": {"name": "c"}},
        {"hostNetwork": False, "securityContext": {"runAsNonRoot": False}, "nodeSelector": {},
         "leader": {"hostIPC": False, "enableServiceLinks": False, "runner": {"image": "x", "env": [env("A", "")]}}},
    )
    assert "hostNetwork" not in merged and "nodeSelector" not in merged
    assert merged["securityContext"] == {"runAsNonRoot": False}
    assert merged["leader"] == {"enableServiceLinks": False, "runner": {"image": "x", "env": [{"name": "A"}], "name": ""}}


def test_runtime_accelerator_override_is_not_carried():
    base = {"acceleratorOverride": {"acceleratorClass": "a100"}, "runner": {"name": "c"}}
    assert "acceleratorOverride" not in merge_component(base, {"maxReplicas": 3})
    isvc = {"acceleratorOverride": {"acceleratorClass": "h100"}}
    assert merge_component(base, isvc)["acceleratorOverride"] == {"acceleratorClass": "h100"}


def test_missing_component_or_runtime_config():
    assert merge_component({"runner": {"name": "c"}}, None) is None
    block = {"runner": {"image": "x"}, "hostNetwork": False}
    copied = merge_component(None, block)
    assert copied == block and copied is not block  # copied as written: no JSON round trip


# --- keyed-list order (apimachinery normalizeElementOrder) --------------------------------------------


def items(*names: str, tag: str = "") -> list[dict]:
    return [{"name": n, "image": tag} if tag else {"name": n} for n in names]


@pytest.mark.parametrize(
    ("base", "patch", "expected"),
    [
        (["ENV1", "ENV2"], ["ENV1", "ENV3"], ["ENV1", "ENV3", "ENV2"]),  # TestMergeEngineSpec's env
        (["model-volume"], ["cache-volume"], ["cache-volume", "model-volume"]),  # new patch items go first
        (["ome-container", "sidecar"], ["ome-container"], ["ome-container", "sidecar"]),
        (["a", "b", "c"], ["b"], ["a", "b", "c"]),  # a matched item keeps its place
        (["a", "b"], ["b", "a"], ["b", "a"]),  # the patch order wins among patch items
        (["a", "b", "c"], ["c", "d", "a"], ["b", "c", "d", "a"]),
        (["a", "b", "c"], ["x", "c"], ["x", "a", "b", "c"]),  # a new head item is taken at once
    ],
)
def test_keyed_list_order(base, patch, expected):
    merged = merge_component({"volumes": items(*base)}, {"volumes": items(*patch)})
    assert [v["name"] for v in merged["volumes"]] == expected


def test_keyed_lists_by_their_merge_keys():
    base = {"hostAliases": [{"ip": "10.0.0.1", "hostnames": ["a"]}],
            "topologySpreadConstraints": [{"topologyKey": "zone", "maxSkew": 1, "whenUnsatisfiable": "DoNotSchedule"}],
            "imagePullSecrets": [{"name": "runtime"}],
            "runner": {"name": "c", "ports": [{"containerPort": 8080, "name": "http"}],
                       "volumeDevices": [{"name": "d", "devicePath": "/dev/x"}]}}
    patch = {"hostAliases": [{"ip": "10.0.0.1", "hostnames": ["b"]}],
             "topologySpreadConstraints": [{"topologyKey": "zone", "maxSkew": 2, "whenUnsatisfiable": "DoNotSchedule"}],
             "imagePullSecrets": [{"name": "isvc"}],
             "runner": {"name": "c", "ports": [{"containerPort": 8080, "protocol": "TCP"}, {"containerPort": 9090}],
                        "volumeDevices": [{"name": "e", "devicePath": "/dev/x"}]}}
    merged = merge_component(base, patch)
    assert merged["hostAliases"] == [{"ip": "10.0.0.1", "hostnames": ["b"]}]  # hostnames: atomic list
    assert merged["topologySpreadConstraints"] == [{"topologyKey": "zone", "maxSkew": 2, "whenUnsatisfiable": "DoNotSchedule"}]
    assert merged["imagePullSecrets"] == [{"name": "isvc"}, {"name": "runtime"}]
    assert merged["runner"]["ports"] == [{"containerPort": 8080, "name": "http", "protocol": "TCP"}, {"containerPort": 9090}]
    assert merged["runner"]["volumeDevices"] == [{"name": "e", "devicePath": "/dev/x"}]


@pytest.mark.parametrize("field", ["args", "command", "envFrom", "tolerations", "readinessGates"])
def test_other_lists_are_replaced(field):
    base = {"runner": {"name": "c", field: [{"a": 1}, {"b": 2}]}, field: [{"a": 1}]}
    patch = {"runner": {"name": "c", field: [{"c": 3}]}, field: [{"c": 3}]}
    merged = merge_component(base, patch)
    assert merged[field] == [{"c": 3}]
    assert merged["runner"][field] == [{"c": 3}]


def test_duplicate_patch_keys():
    # Nothing to merge into: the patch list is taken as is; otherwise the second entry merges into the first.
    assert merge_component({}, {"volumes": items("a", "a")})["volumes"] == items("a", "a")
    merged = merge_component({"volumes": items("b")}, {"volumes": [{"name": "a", "x": 1}, {"name": "a", "y": 2}]})
    assert merged["volumes"] == [{"name": "a", "x": 1, "y": 2}, {"name": "b"}]


# --- one-of structures merge field-wise ------------------------------------------------------------------


def test_one_of_volume_and_probe_conflicts_are_reproduced_and_reported():
    base = {"volumes": [{"name": "dshm", "emptyDir": {"medium": "Memory"}}],
            "runner": {"name": "c", "readinessProbe": {"httpGet": {"path": "/", "port": 8080}}}}
    patch = {"volumes": [{"name": "dshm", "hostPath": {"path": "/dev/shm"}}],
             "runner": {"name": "c", "readinessProbe": {"tcpSocket": {"port": 8080}}}}
    merged = merge_component(base, patch)
    assert merged["volumes"] == [{"name": "dshm", "emptyDir": {"medium": "Memory"}, "hostPath": {"path": "/dev/shm"}}]
    assert set(merged["runner"]["readinessProbe"]) == {"httpGet", "tcpSocket"}
    assert one_of_conflicts(merged) == [
        (("volumes", 0), "volume dshm may not specify more than 1 volume type (found emptyDir, hostPath)"),
        (("runner", "readinessProbe"),
         "container c readinessProbe may not specify more than 1 handler type (found httpGet, tcpSocket)"),
    ]


def test_one_of_conflicts_walks_containers_lifecycle_env_and_leader_worker():
    container = {
        "name": "main",
        "lifecycle": {"preStop": {"exec": {"command": ["x"]}, "sleep": {"seconds": 1}}},
        "env": [
            {"name": "OK", "value": "1"},
            {"name": "BOTH", "value": "1", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": "TWO", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"},
                                          "configMapKeyRef": {"name": "c", "key": "k"}}},
        ],
    }
    spec = {"initContainers": [{"name": "init", "startupProbe": {"exec": {}, "grpc": {"port": 1}}}],
            "worker": {"containers": [container]}}
    assert one_of_conflicts(spec) == [
        (("initContainers", 0, "startupProbe"),
         "container init startupProbe may not specify more than 1 handler type (found exec, grpc)"),
        (("worker", "containers", 0, "lifecycle", "preStop"),
         "container main lifecycle.preStop may not specify more than 1 handler type (found exec, sleep)"),
        (("worker", "containers", 0, "env", 1), "env BOTH may not specify both value and valueFrom"),
        (("worker", "containers", 0, "env", 2, "valueFrom"),
         "env TWO valueFrom may not specify more than 1 source (found configMapKeyRef, secretKeyRef)"),
    ]


def test_one_of_conflicts_accepts_valid_specs():
    spec = {"volumes": [{"name": "v", "emptyDir": {}}], "containers": [
        {"name": "c", "livenessProbe": {"httpGet": {"port": 1}, "periodSeconds": 3},
         "env": [{"name": "A", "value": ""}, {"name": "B", "valueFrom": {"fieldRef": {"fieldPath": "x"}}}]}]}
    assert one_of_conflicts(spec) == []


# --- runner -> pod container (podspec_reconciler_test) ------------------------------------------------------


def test_g17_runner_merged_into_its_container():
    container = {"name": "ome-container", "image": "runtime:v1", "env": [env("RUNTIME_ENV", "r")],
                 "resources": {"requests": {"cpu": "500m"}}}
    runner = {"name": "ome-container", "command": ["/bin/bash"], "args": ["-c", "echo hello"],
              "env": [env("CUSTOM_ENV", "c")], "resources": {"requests": {"memory": "2Gi"}, "limits": {"memory": "4Gi"}}}
    assert merge_container(container, runner) == {
        "name": "ome-container",
        "image": "runtime:v1",
        "command": ["/bin/bash"],
        "args": ["-c", "echo hello"],
        "env": [env("CUSTOM_ENV", "c"), env("RUNTIME_ENV", "r")],
        "resources": {"requests": {"cpu": "500m", "memory": "2Gi"}, "limits": {"memory": "4Gi"}},
    }


@pytest.mark.parametrize(
    ("container", "runner", "name", "args"),
    [
        ({"name": "c", "args": ["--a"]}, {"name": "c", "args": ["--b"]}, "c", ["--a", "--b"]),  # concatenated
        ({"name": "c", "args": ["--a"]}, {"name": "c"}, "c", ["--a"]),
        ({"name": "c"}, {"image": "x"}, "c", None),  # empty merged name restored from the container
        ({}, {"name": "new"}, "new", None),  # runner appended as a new container
        ({}, {"image": "x"}, "", None),
    ],
)
def test_merge_container_args_and_name(container, runner, name, args):
    merged = merge_container(container, runner)
    assert merged["name"] == name
    assert merged.get("args") == args


# --- properties ---------------------------------------------------------------------------------------------

FIELD_NAMES = st.sampled_from([
    "name", "image", "containers", "env", "value", "volumes", "runner", "leader", "worker", "labels",
    "nodeSelector", "hostNetwork", "enableServiceLinks", "args", "mountPath", "volumeMounts", "ports",
    "containerPort", "tolerations", "size", "resources", "limits", "requests", "emptyDir", "hostPath", "path",
])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-1, 2), st.sampled_from(["", "a", "b", "ome-container"]))
VALUES = st.recursive(
    SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(FIELD_NAMES, inner, max_size=4)),
    max_leaves=25,
)
SPECS = st.dictionaries(FIELD_NAMES, VALUES, max_size=6)


@settings(max_examples=300, deadline=None)
@given(base=SPECS, patch=SPECS)
def test_merge_component_never_mutates_its_inputs(base, patch):
    before = copy.deepcopy((base, patch))
    merge_component(base, patch)
    if all(isinstance(spec.get("args") or [], list) for spec in (base, patch)):  # containers have list args
        merge_container(base, patch)
    assert (base, patch) == before


@settings(max_examples=300, deadline=None)
@given(base=SPECS)
def test_merging_an_empty_patch_returns_the_base(base):
    assert merge_component(base, {}) == base


def runtime_components():
    if not CORPUS_RUNTIMES.exists():
        pytest.skip(f"{CORPUS_RUNTIMES} is absent: the shared OME corpus is not checked out beside the repo")
    for path in sorted(CORPUS_RUNTIMES.rglob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            for key in ("engineConfig", "decoderConfig", "routerConfig"):
                config = ((doc or {}).get("spec") or {}).get(key)
                if config and (config.get("runner") or {}).get("name"):
                    yield config


def test_corpus_runtime_configs_merge_with_a_runner_override():
    count = 0
    for config in runtime_components():
        snapshot = copy.deepcopy(config)
        name = config["runner"]["name"]
        merged = merge_component(config, {"runner": {"name": name, "image": "override:1"}, "minReplicas": 1})
        assert merged["runner"] == {**config["runner"], "image": "override:1"}
        assert {k: v for k, v in merged.items() if k not in ("runner", "minReplicas")} == {
            k: v for k, v in config.items() if k not in ("runner", "minReplicas", "acceleratorOverride")
        }
        assert config == snapshot
        count += 1
    assert count > 100
