"""Kubernetes quantities of AcceleratorClass memory / bandwidth / cost (``memoryGB`` is read as bytes / 2^30)."""
from __future__ import annotations

from fractions import Fraction

import pytest

from omec.golang.quantity import is_binary
from omec.golang.quantity import quantity_or_none as parse_quantity
from omec.golang.quantity import value_or_none as integer_value


@pytest.mark.parametrize(
    "value, expected",
    [
        ("80Gi", 80 * 2**30),
        ("80G", 80 * 10**9),
        ("1.5", Fraction(3, 2)),
        ("500m", Fraction(1, 2)),
        ("2k", 2000),
        ("1e3", 1000),
        ("1E-2", Fraction(1, 100)),
        (".5Ki", 512),
        ("-1", -1),
        (80, 80),
        (0.25, Fraction(1, 4)),
        ("80 Gi", None),
        ("80gi", None),
        ("", None),
        (True, None),
    ],
)
def test_parse_quantity(value, expected) -> None:
    assert parse_quantity(value) == expected


def test_integer_value_rounds_up_like_kubernetes() -> None:
    assert [integer_value(v) for v in ("1.5", "500m", "80Gi", "x")] == [2, 1, 80 * 2**30, None]


@pytest.mark.parametrize("value, binary", [("80Gi", True), ("1Ti", True), ("80G", False), ("80", False), (80, False)])
def test_is_binary(value, binary: bool) -> None:
    assert is_binary(value) is binary
