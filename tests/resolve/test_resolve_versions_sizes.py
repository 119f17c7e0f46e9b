"""Versions and sizes as pure-function tables: OME's modelver and matcher test cases (versionOK, parseModelSize),
the version grammar, and size strings OME silently reads as 0."""
from __future__ import annotations

import math

import pytest

from omec.resolve.modelver import neighbours, parse_version, version_ok
from omec.resolve.sizes import model_size, parse_size, size_problem

# (runtime version, operator, model version, expected): semantics "runtime OP model"
VERSION_OK = [
    # case 31
    ("1.0.0", "Equal", "1.0.0", True),
    ("1.0.0", "GreaterThan", "1.0.0", False),
    ("1.8.0", "GreaterThan", "1.7.0", True),
    ("1.7.0", "GreaterThan", "1.8.0", False),
    ("1.8.0", "GreaterThanOrEqual", "1.8.0", True),
    ("1.9.0", "GreaterThanOrEqual", "1.8.0", True),
    ("1.7.0", "GreaterThanOrEqual", "1.8.0", False),
    # case 32: pre/build/dev versions always compare with Equal; precision and prefix matter for GT/GTE only
    ("1.8.0-dev", "GreaterThan", "1.8.0-dev", True),
    ("1.8.0-dev", "GreaterThan", "1.8.0-alpha", False),
    ("1", "Equal", "1", True),
    ("1.0", "GreaterThan", "1.0.0", False),
    ("v1.0.0", "GreaterThan", "1.0.0", False),
    ("v2.0.0", "Equal", "v2.0.0", True),
    # Equal ignores precision and prefix; unknown operators behave like Equal after the precision check
    ("4.51", "Equal", "4.51.0", True),
    ("v2.0.0", "Equal", "2.0.0", True),
    ("4.51", "GreaterThanOrEqual", "4.51.0", False),
    ("4.43.1", "LessThan", "4.43.1", True),
    ("1.0", "LessThan", "1.0.0", False),
    ("4.46.0.dev0", "Equal", "4.46.0.dev0", True),
    ("4.50.0.dev0", "GreaterThanOrEqual", "4.46.0.dev0", False),
    ("4.33.1", "GreaterThanOrEqual", "4.46.3", False),
    ("4.33.1", "GreaterThanOrEqual", "4.30.0", True),
    # a parse error on either side never matches
    ("4.57.1", "Equal", "4.57.dev0", False),
    ("4.57.dev0", "Equal", "4.57.dev0", False),
]


@pytest.mark.parametrize("runtime, operator, model, expected", VERSION_OK)
def test_version_ok(runtime: str, operator: str, model: str, expected: bool) -> None:
    assert version_ok(runtime, operator, model) is expected


@pytest.mark.parametrize(
    "text, numbers, prefix, precision, pre, build, dev",
    [
        ("4.45.0.dev0", (4, 45, 0), "", 3, (), (), ("dev0",)),
        ("v1", (1, 0, 0), "v", 1, (), (), ()),
        ("1.12", (1, 12, 0), "", 2, (), (), ()),
        ("0", (0, 0, 0), "", 1, (), (), ()),
        ("4.51.3-SAM-HQ-preview", (4, 51, 3), "", 3, ("SAM-HQ-preview",), (), ()),
        ("1.2.3.dev1-rc.1+b.7", (1, 2, 3), "", 3, ("rc", "1"), ("b", "7"), ("dev1",)),
    ],
)
def test_parse_version(text, numbers, prefix, precision, pre, build, dev) -> None:
    version = parse_version(text)
    assert (version.numbers, version.prefix, version.precision) == (numbers, prefix, precision)
    assert (version.pre, version.build, version.dev) == (pre, build, dev)


@pytest.mark.parametrize(
    "text",
    ["", "4.57.dev0", "1.0.0rc1", "V1", "v", "01", "1.0.01", "1.0.00", "1.2+b", "1.2.3-", "1.2.3+", "1..2",
     "1.2.3.dev0.", "18446744073709551616", "١.٢.٣", " 1.0.0"],
)
def test_parse_version_rejects(text: str) -> None:
    assert parse_version(text) is None


def test_neighbours_borrow_at_the_version_precision() -> None:
    assert [v.text() for v in neighbours(parse_version("4.0.0"), 99)] == ["4.0.1", "3.99.99"]
    assert [v.text() for v in neighbours(parse_version("v4.51"), 99)] == ["v4.52", "v4.50"]
    assert [v.text() for v in neighbours(parse_version("0"), 99)] == ["1"]


SIZES = [
    # case 33
    ("1T", 1e12), ("7B", 7e9), ("350M", 3.5e8), ("1.5B", 1.5e9), ("1000", 1000.0),
    # parseModelSize: suffixes T/B/M only, case-sensitive; Go float syntax
    ("1.5T", 1.5e12), ("0.5B", 5e8), (".5B", 5e8), ("5.B", 5e9), ("1e3M", 1e9), ("-5B", -5e9), ("+7B", 7e9),
    ("1_000M", 1e9), ("1_5B", 1.5e10), ("0x1p3B", 8e9), ("0x_1.8p1", 3.0), ("0X1P-1M", 5e5),
    ("7b", 0.0), ("500K", 0.0), (" 7B", 0.0), ("7B ", 0.0), ("1.5TB", 0.0), ("B", 0.0), ("", 0.0),
    ("1__0B", 0.0), ("_1B", 0.0), ("1_B", 0.0), ("1_.5B", 0.0), ("1._5B", 0.0), ("1e_3", 0.0),
    ("0x10B", 0.0), ("0x1.5e-2", 0.0), ("1e400B", 0.0), ("+nanB", 0.0), ("infinB", 0.0), ("٣B", 0.0),
]


@pytest.mark.parametrize("text, expected", SIZES)
def test_model_size(text: str, expected: float) -> None:
    assert model_size(text) == expected


@pytest.mark.parametrize("text, check", [
    ("infB", math.isinf), ("-InfinityB", lambda v: v == -math.inf), ("NaNB", math.isnan), ("nan", math.isnan),
])
def test_model_size_specials(text: str, check) -> None:
    assert check(model_size(text))


@pytest.mark.parametrize("text, expected", [("1e308", 1e308), ("1.8e308", None), ("1e-400", 0.0), ("0x1p-2", 0.25)])
def test_go_float_range(text: str, expected) -> None:
    """strconv.ParseFloat's range error (1.8e308) is a parse failure; underflow quietly gives 0."""
    assert parse_size(text) == expected


@pytest.mark.parametrize("text, problem", [
    ("7B", None), ("1_000M", None), ("7b", "does not parse"), ("500K", "does not parse"), ("NaN", "NaN"),
])
def test_size_problem(text: str, problem) -> None:
    found = size_problem(text)
    assert (found is None) if problem is None else (problem in found)
