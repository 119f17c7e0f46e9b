"""Kubernetes quantities and the runner GPU count (for PARALLELISM_SIZE).

omec.golang.quantity parses with Kubernetes' own ``resource.ParseQuantity`` (omec.golang.resource, whose table in
tests/golang/test_quantity_canonical.py was printed by k8s.io/apimachinery v0.33.0), so the accepted and rejected
inputs and the error texts below are Kubernetes'."""
from __future__ import annotations

from fractions import Fraction

import pytest

from omec.golang.quantity import (
    gpu_count,
    parse_quantity,
    quantity_value,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (1, Fraction(1)),
        (0.5, Fraction(1, 2)),
        ("1", Fraction(1)),
        ("500m", Fraction(1, 2)),
        ("1.5", Fraction(3, 2)),
        (".5", Fraction(1, 2)),
        ("2.", Fraction(2)),
        ("+3", Fraction(3)),
        ("-2k", Fraction(-2000)),
        ("30Gi", Fraction(30 * 1024**3)),
        ("1Ki", Fraction(1024)),
        ("2Ei", Fraction(2 * 1024**6)),
        ("8M", Fraction(8_000_000)),
        ("1E", Fraction(10**18)),
        ("100n", Fraction(1, 10**7)),
        ("5u", Fraction(5, 10**6)),
        ("1e3", Fraction(1000)),
        ("12E-1", Fraction(6, 5)),
        ("1.5e+2", Fraction(150)),
        ("e3", Fraction(0)),  # ParseQuantity takes a missing number as 0 (k8s table: "e3" -> "0")
        ("1.5n", Fraction(2, 10**9)),  # rounded up to whole nanos
        (1e-7, Fraction(1, 10**7)),  # a YAML float reaches Go as the JSON number 1e-7
    ],
)
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1Gb", " 1", "1 ", "1KiB", "0x10", True, None, []])
def test_parse_quantity_rejects_invalid(text):
    with pytest.raises(ValueError, match="quantities must match the regular expression"):
        parse_quantity(text)


@pytest.mark.parametrize("text", ["1e", "1i", "1K"])
def test_parse_quantity_rejects_bad_suffixes(text):
    with pytest.raises(ValueError, match="unable to parse quantity's suffix"):
        parse_quantity(text)


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("1500m", 2), ("0.1", 1), ("-1500m", -2), (4, 4), ("2k", 2000)])
def test_quantity_value_rounds_away_from_zero(text, expected):
    assert quantity_value(text) == expected


def test_equality_and_comparison_are_by_value():
    assert parse_quantity(1) == parse_quantity("1000m")
    assert parse_quantity("1Ki") == parse_quantity("1024")
    assert parse_quantity("1k") != parse_quantity("1Ki")
    assert parse_quantity("1Gi") > parse_quantity("1G")
    assert parse_quantity("500m") == parse_quantity("0.5")
    assert parse_quantity("1") < parse_quantity("2")


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ({"limits": {"nvidia.com/gpu": 8}, "requests": {"nvidia.com/gpu": 2}}, 8),  # limit wins
        ({"limits": {"nvidia.com/gpu": "0"}, "requests": {"nvidia.com/gpu": 2}}, 0),  # present limit 0 wins too
        ({"limits": {"cpu": "10"}, "requests": {"nvidia.com/gpu": "4"}}, 4),  # request when no GPU limit
        ({"limits": {"cpu": "10", "memory": "30Gi"}}, 0),
        ({}, 0),
        (None, 0),
    ],
)
def test_gpu_count(resources, expected):
    container = {"name": "ome-container"} if resources is None else {"name": "ome-container", "resources": resources}
    assert gpu_count(container) == expected
