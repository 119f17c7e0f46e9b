"""MergeArgs and the TP/PP flag rewrite (cases of OME's merging_test: TestMergeArgs, TestMergeArgsListFormat,
TestOverrideArgParam, TestOverrideCommandParam)."""
from __future__ import annotations

import pytest

from omec.ome.args import merge_args, override_flag, override_parallelism

SERVER = "python3 -m sglang.launch_server"
NL = " \\\n"  # the multiline separator: space, backslash, newline


@pytest.mark.parametrize(
    ("args", "override", "expected"),
    [
        # list format (TestMergeArgsListFormat)
        (["--tp-size=4", "--port=8080"], ["--tp-size=8"], ["--tp-size=8", "--port=8080"]),
        (["--tp-size", "4", "--port", "8080"], ["--tp-size", "8"], ["--tp-size", "8", "--port", "8080"]),
        (["python3", "-m", "server", "--port=8080"], ["--debug"], ["python3", "-m", "server", "--port=8080", "--debug"]),
        (["--tp-size=4", "--port=8080"], ["--tp-size=4"], ["--tp-size=4", "--port=8080"]),  # duplicate: no change
        (
            ["--tp-size=4", "--pp-size=2", "--port=8080"],
            ["--tp-size=8", "--pp-size=4", "--debug"],
            ["--tp-size=8", "--pp-size=4", "--port=8080", "--debug"],
        ),
        (
            ["--tp-size=4", "--port", "8080"],
            ["--tp-size=8", "--host=0.0.0.0"],
            ["--tp-size=8", "--port", "8080", "--host=0.0.0.0"],
        ),
        (["python3 -m server"], ["--debug"], ["python3 -m server", "--debug"]),  # a plain token is its own key
        (["--a=1", "--b=2", "--a=3"], ["--c"], ["--a=3", "--b=2", "--c"]),  # base duplicates: first place, last value
        (["--x", " 1 ", "", "--y"], ["--z"], ["--x", "1", "--y", "--z"]),  # tokens are trimmed, empties dropped
        # either side empty -> the other, untouched
        ([], ["--tp-size=4"], ["--tp-size=4"]),
        (["python3 -m server"], [], ["python3 -m server"]),
        ([], [], []),
        (None, None, []),
        # multiline format: one string, " \" + newline between every token
        (
            [f"{SERVER} \\\n--host=0.0.0.0"],
            ["--tp-size=4", "--pp-size=2"],
            [f"{SERVER}{NL}--host=0.0.0.0{NL}--tp-size=4{NL}--pp-size=2"],
        ),
        (
            [f"{SERVER}\n--host=0.0.0.0\n--port=8080"],
            ["--tp-size=4"],
            [f"{SERVER}{NL}--host=0.0.0.0{NL}--port=8080{NL}--tp-size=4"],
        ),
        (
            [f"{SERVER} \\\n--host=0.0.0.0 \\\n--port=8080 \\\n--model-path=\"$MODEL_PATH\" \\\n--mem-frac=0.9"],
            ["--tp-size=4"],
            [f"{SERVER}{NL}--host=0.0.0.0{NL}--port=8080{NL}--model-path=\"$MODEL_PATH\"{NL}--mem-frac=0.9{NL}--tp-size=4"],
        ),
        (["python3 -m server \\\n--tp-size=4 \\\n--port=8080"], ["--tp-size=8", "--host=0.0.0.0"],
         [f"python3 -m server{NL}--tp-size=8{NL}--port=8080{NL}--host=0.0.0.0"]),
        # a multiline line "--k v" is keyed by its first word and replaced in place
        (["python3 -m server \\\n--tp-size 4 \\\n--port 8080"], ["--tp-size 8", "--host 0.0.0.0"],
         [f"python3 -m server{NL}--tp-size 8{NL}--port 8080{NL}--host 0.0.0.0"]),
        # a list override group keeps its two tokens, and every token gets its own line
        (["python3 -m server \\\n--tp-size 4"], ["--tp-size", "8"], [f"python3 -m server{NL}--tp-size{NL}8"]),
        (["python3 -m server \\\n--port=8080"], ["  --tp-size=4  "], [f"python3 -m server{NL}--port=8080{NL}--tp-size=4"]),
        (["python3 -m server \\\n--Enable-Metrics"], ["--enable-metrics"], [f"python3 -m server{NL}--Enable-Metrics{NL}--enable-metrics"]),
    ],
)
def test_merge_args(args, override, expected):
    assert merge_args(args, override) == expected


def test_merge_args_does_not_mutate_inputs():
    args, override = ["--tp-size", "4"], ["--tp-size", "8"]
    merge_args(args, override)
    assert args == ["--tp-size", "4"] and override == ["--tp-size", "8"]


@pytest.mark.parametrize(
    ("args", "flag", "value", "expected", "found"),
    [
        # multiline: regex rewrite of every numeric occurrence (TestOverrideArgParam)
        ([f"{SERVER} \\\n--host=0.0.0.0 \\\n--tp-size=4 \\\n--mem-frac=0.9"], "--tp-size", 8,
         [f"{SERVER} \\\n--host=0.0.0.0 \\\n--tp-size=8 \\\n--mem-frac=0.9"], True),
        (["python3 -m server \\\n--tp-size 4 \\\n--mem-frac=0.9"], "--tp-size", 8,
         ["python3 -m server \\\n--tp-size=8 \\\n--mem-frac=0.9"], True),
        (["python3 -m server \\\n--tp-size 4 \\\n--tp-size=2"], "--tp-size", 8,
         ["python3 -m server \\\n--tp-size=8 \\\n--tp-size=8"], True),
        (["python3 -m server \\\n--host=0.0.0.0"], "--tp-size", 8, ["python3 -m server \\\n--host=0.0.0.0"], False),
        (["python3 -m server \\\n--pp-size=2 \\\n--tp-size=4"], "--pp-size", 4, ["python3 -m server \\\n--pp-size=4 \\\n--tp-size=4"], True),
        (["python3 -m server \\\n--tensor-parallel-size=4"], "--tensor-parallel-size", 8,
         ["python3 -m server \\\n--tensor-parallel-size=8"], True),
        # a non-numeric value is not rewritten in multiline form ...
        (["python3 -m server \\\n--tp-size $(PARALLELISM_SIZE)"], "--tp-size", 8,
         ["python3 -m server \\\n--tp-size $(PARALLELISM_SIZE)"], False),
        # ... but is in list form (value token replaced)
        (["--tp-size", "$(PARALLELISM_SIZE)"], "--tp-size", 8, ["--tp-size", "8"], True),
        # list: first occurrence only
        (["--tp-size=4", "--port=8080"], "--tp-size", 8, ["--tp-size=8", "--port=8080"], True),
        (["--tp-size", "4", "--port", "8080"], "--tp-size", 8, ["--tp-size", "8", "--port", "8080"], True),
        (["--tp-size=4", "--tp-size=2"], "--tp-size", 8, ["--tp-size=8", "--tp-size=2"], True),
        (["--port=8080", "--host=0.0.0.0"], "--tp-size", 8, ["--port=8080", "--host=0.0.0.0"], False),
        (["--port=8080", "--tp-size"], "--tp-size", 8, ["--port=8080", "--tp-size"], False),  # trailing flag, no value
        (["--tp-sizes=4"], "--tp-size", 8, ["--tp-sizes=4"], False),
        ([], "--tp-size", 8, [], False),
    ],
)
def test_override_flag(args, flag, value, expected, found):
    assert override_flag(args, flag, value) == (expected, found)


@pytest.mark.parametrize(
    ("container", "tp", "pp", "expected"),
    [
        # command form (TestOverrideCommandParam)
        ({"command": ["python3", "-m", "server", "--tp-size=4"]}, 8, 0, {"command": ["python3", "-m", "server", "--tp-size=8"]}),
        ({"command": ["python3", "-m", "server", "--tp-size", "4"]}, 8, 0, {"command": ["python3", "-m", "server", "--tp-size", "8"]}),
        ({"command": ["python3", "-m", "server"]}, 8, 0, {"command": ["python3", "-m", "server"]}),
        # args are searched (every flag spelling) before command
        ({"args": ["--tp", "2"], "command": ["run", "--tp-size=4"]}, 8, 0, {"args": ["--tp", "8"], "command": ["run", "--tp-size=4"]}),
        # first spelling found wins, the others stay
        ({"args": ["--tensor-parallel-size=2", "--tp-size=4"]}, 8, 0, {"args": ["--tensor-parallel-size=2", "--tp-size=8"]}),
        ({"args": ["--tp-size=4", "--pipeline-parallel-size", "1"]}, 8, 2, {"args": ["--tp-size=8", "--pipeline-parallel-size", "2"]}),
        ({"args": ["--pp=1"]}, 0, 3, {"args": ["--pp=3"]}),
        # sizes <= 0 do nothing
        ({"args": ["--tp-size=4", "--pp-size=2"]}, 0, 0, {"args": ["--tp-size=4", "--pp-size=2"]}),
        ({"args": ["--tp-size=4"]}, -1, 0, {"args": ["--tp-size=4"]}),
    ],
)
def test_override_parallelism(container, tp, pp, expected):
    assert override_parallelism(container, tp, pp) == expected


def test_override_parallelism_does_not_mutate_the_container():
    container = {"name": "ome-container", "args": ["--tp-size", "4"]}
    out = override_parallelism(container, 8, 0)
    assert container == {"name": "ome-container", "args": ["--tp-size", "4"]}
    assert out == {"name": "ome-container", "args": ["--tp-size", "8"]}
