"""OME's pkg/controller/v1beta1/inferenceservice/utils/merging_test.go cases omec's other tests did not pin, and the
Go semantics of MergeArgs / OverrideArgParam (merging.go) at the pinned commit.

Inputs are OME's test inputs; expected values are the ones the Go tests assert (merging_test.go at
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/merging_test.go),
or, for the Go-semantics regressions, what merging.go's code computes (cited per test).
"""
from __future__ import annotations

import pytest

from omec.ome.args import merge_args, override_flag, override_parallelism
from omec.ome.merge import merge_component

S = "python3 -m sglang.launch_server \\\n"  # the "S" prefix of OME's multiline cases
NL = " \\\n"  # toMultilineFormat's separator


def env(name: str, value: str) -> dict:
    return {"name": name, "value": value}


# --- TestMergeArgsListFormat (L90) ------------------------------------------------------------------------------


def test_merge_args_list_format_new_arg_appended():
    """TestMergeArgsListFormat "new arg appended" (LF2)."""
    assert merge_args(["--tp-size=4", "--port=8080"], ["--host=0.0.0.0"]) == [
        "--tp-size=4", "--port=8080", "--host=0.0.0.0"
    ]


# --- TestMergeArgsUnion (L367): the multiline union cases --------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "container", "override", "expected"),
    [
        ("U1 duplicate arg not added", S + "--host=0.0.0.0 \\\n--port=8080 \\\n--tp-size=4", ["--tp-size=4"],
         S + "--host=0.0.0.0 \\\n--port=8080 \\\n--tp-size=4"),  # unchanged
        ("U2 new arg added, duplicate ignored", S + "--host=0.0.0.0 \\\n--tp-size=4", ["--tp-size=4", "--pp-size=2"],
         S + f"--host=0.0.0.0{NL}--tp-size=4{NL}--pp-size=2"),
        ("U3 all new args added", S + "--host=0.0.0.0", ["--tp-size=4", "--pp-size=2", "--dp=1"],
         S + f"--host=0.0.0.0{NL}--tp-size=4{NL}--pp-size=2{NL}--dp=1"),
        ("U7 multiple overrides with replacement", "python3 -m server \\\n--tp-size=4 \\\n--pp-size=2 \\\n--port=8080",
         ["--tp-size=8", "--pp-size=4", "--new-flag"],
         f"python3 -m server{NL}--tp-size=8{NL}--pp-size=4{NL}--port=8080{NL}--new-flag"),
        ("U9 flag without value", "python3 -m server \\\n--enable-metrics \\\n--port=8080",
         ["--enable-metrics", "--debug"], f"python3 -m server{NL}--enable-metrics{NL}--port=8080{NL}--debug"),
        ("U10 multi-line override with flag replacement",
         S + "--host=0.0.0.0 \\\n--port=8080 \\\n--enable-metrics \\\n--log-requests \\\n"
         "--model-path=\"$MODEL_PATH\" \\\n--tp-size=4 \\\n--mem-frac=0.9",
         ["--tp-size=2"],
         S + f"--host=0.0.0.0{NL}--port=8080{NL}--enable-metrics{NL}--log-requests{NL}"
         f"--model-path=\"$MODEL_PATH\"{NL}--tp-size=2{NL}--mem-frac=0.9"),
    ],
)
def test_merge_args_union(case, container, override, expected):
    """TestMergeArgsUnion: multiline args keep their place, same-key overrides replace in place, new keys go last."""
    assert merge_args([container], override) == [expected], case


def test_merge_args_union_empty_override_keeps_multiline_args():
    """TestMergeArgsUnion "empty override args" (U6): the container args come back untouched."""
    container = ["python3 -m server \\\n--tp-size=4"]
    assert merge_args(container, []) == container


# --- Go semantics of MergeArgs (merging.go) ------------------------------------------------------------------------


def test_normalize_args_strips_every_trailing_backslash():
    """normalizeArgs (merging.go#L329) trims each line with strings.TrimRight(trimmed, "\\"): all trailing
    backslashes go, not only one."""
    container = ["python3 -m server \\\n--a=1 \\\\\n--b=2"]
    assert merge_args(container, ["--c=3"]) == [f"python3 -m server{NL}--a=1{NL}--b=2{NL}--c=3"]


def test_normalize_args_trims_go_whitespace_only():
    """strings.TrimSpace uses unicode.IsSpace, which does not include U+001C..U+001F (Python's strip does)."""
    assert merge_args(["\x1c--port=8080"], ["--port=9090"]) == ["\x1c--port=8080", "--port=9090"]


def test_extract_arg_key_is_the_text_before_the_first_equals_sign():
    """extractArgKey (merging.go#L292) cuts at the first "=" before looking at spaces: "--foo bar=baz" is keyed
    "--foo bar", so "--foo=1" is a different key and is appended."""
    assert merge_args(["--foo bar=baz"], ["--foo=1"]) == ["--foo bar=baz", "--foo=1"]
    assert merge_args(["--foo bar"], ["--foo=1"]) == ["--foo=1"]  # no "=": first strings.Fields word


def test_extract_arg_key_splits_with_strings_fields():
    """strings.Fields splits on unicode.IsSpace only: U+001C is part of the key in Go."""
    assert merge_args(["--a\x1cb"], ["--a"]) == ["--a\x1cb", "--a"]


def test_multiline_merge_with_nothing_left_is_empty():
    """toMultilineFormat (merging.go#L355) returns an empty result as it is (no [""] argument)."""
    assert merge_args(["\\"], [" "]) == []


# --- OverrideArgParam (merging.go#L496): multiline rewrites containerArgs[0] only ------------------------------


def test_override_arg_param_multiline_reads_the_first_arg_only():
    args = ["python3 -m server \\\n--tp-size=4", "--tp-size 2"]
    assert override_flag(args, "--tp-size", 8) == (["python3 -m server \\\n--tp-size=8", "--tp-size 2"], True)
    later = ["python3 -m server \\\n--port=8080", "--tp-size 2"]
    assert override_flag(later, "--tp-size", 8) == (later, False)


def test_override_param_falls_back_to_the_command_when_only_a_later_arg_has_the_flag():
    """overrideParam (base.go#L289): not found in args (arg 0) -> the command is searched."""
    container = {"args": ["python3 -m server \\\n--port=8080", "--tp-size 2"], "command": ["run", "--tp-size=4"]}
    assert override_parallelism(container, 8, 0) == {**container, "command": ["run", "--tp-size=8"]}


# --- TestMergeDecoderSpec (L1130) -------------------------------------------------------------------------------


def test_merge_decoder_spec_leader_kept_worker_replaced():
    """TestMergeDecoderSpec "leader/worker for multi-node decoder"."""
    runtime = {
        "leader": {"nodeSelector": {"node-role": "leader"}, "containers": [{"name": "leader", "image": "runtime-leader:v1"}]},
        "worker": {"size": 2, "containers": [{"name": "worker", "image": "runtime-worker:v1"}]},
    }
    isvc = {"worker": {"size": 4, "containers": [
        {"name": "worker", "image": "isvc-worker:v2", "resources": {"requests": {"nvidia.com/gpu": "1"}}}
    ]}}
    merged = merge_component(runtime, isvc)
    assert merged["leader"] == runtime["leader"]
    assert merged["worker"] == {"size": 4, "containers": [
        {"name": "worker", "image": "isvc-worker:v2", "resources": {"requests": {"nvidia.com/gpu": "1"}}}
    ]}


def test_merge_decoder_spec_complex_pd_disaggregated():
    """TestMergeDecoderSpec "complex PD-disaggregated decoder merge": the env keeps the runtime's order (the patch's
    first item matches a base item) and MAX_TOKENS goes last; the kv-cache volume is kept."""
    runtime = {
        "minReplicas": 2, "maxReplicas": 8, "scaleTarget": 80, "scaleMetric": "memory",
        "containers": [{"name": "ome-container", "image": "pd-decoder:v1",
                        "env": [env("KV_CACHE_SIZE", "16GB"), env("DECODE_BATCH_SIZE", "32")]}],
        "volumes": [{"name": "kv-cache", "emptyDir": {"medium": "Memory"}}],
    }
    resources = {"requests": {"cpu": "2", "memory": "2Gi", "nvidia.com/gpu": "1"}, "limits": {"nvidia.com/gpu": "1"}}
    isvc = {"maxReplicas": 16, "containers": [{"name": "ome-container", "resources": resources,
                                               "env": [env("DECODE_BATCH_SIZE", "64"), env("MAX_TOKENS", "2048")]}]}
    merged = merge_component(runtime, isvc)
    assert (merged["minReplicas"], merged["maxReplicas"], merged["scaleTarget"], merged["scaleMetric"]) == (
        2, 16, 80, "memory"
    )
    (decoder,) = merged["containers"]
    assert decoder["image"] == "pd-decoder:v1"
    assert decoder["env"] == [env("KV_CACHE_SIZE", "16GB"), env("DECODE_BATCH_SIZE", "64"), env("MAX_TOKENS", "2048")]
    assert decoder["resources"] == resources
    assert merged["volumes"] == [{"name": "kv-cache", "emptyDir": {"medium": "Memory"}}]


def test_merge_decoder_spec_runner_with_nested_container_fields():
    """TestMergeDecoderSpec "merge runner spec with nested container fields": a runner without a name blanks the
    runtime's (Name has no omitempty), args are replaced, volumeMounts merge by mountPath (new first)."""
    runtime = {"runner": {"name": "decoder-runner", "image": "runtime-decoder:v1", "command": ["/bin/decode"],
                          "args": ["--mode", "streaming"], "volumeMounts": [{"name": "models", "mountPath": "/models"}]}}
    isvc = {"runner": {"args": ["--mode", "batch", "--batch-size", "64"],
                       "volumeMounts": [{"name": "cache", "mountPath": "/cache"}, {"name": "models", "mountPath": "/models"}],
                       "resources": {"requests": {"nvidia.com/gpu": "1"}}}}
    runner = merge_component(runtime, isvc)["runner"]
    assert runner["name"] == ""
    assert runner["image"] == "runtime-decoder:v1"
    assert runner["command"] == ["/bin/decode"]
    assert runner["args"] == ["--mode", "batch", "--batch-size", "64"]
    assert runner["volumeMounts"] == [{"name": "cache", "mountPath": "/cache"}, {"name": "models", "mountPath": "/models"}]
    assert runner["resources"] == {"requests": {"nvidia.com/gpu": "1"}}
