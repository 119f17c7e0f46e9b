"""Quantities as OME reads them (``resource.Quantity`` values decoded from the objects): GPU counts of runners (for
``PARALLELISM_SIZE``), AcceleratorClass memory, bandwidth and cost (for the selection policies).

A thin layer over :mod:`omec.golang.resource`, Kubernetes' own parser: a string is ``resource.ParseQuantity``, an
integer or a float is the JSON number Go's YAML-to-JSON conversion writes for it (``strconv.FormatFloat(f, 'f', -1,
64)``, exponent form outside [1e-6, 1e21)), which ``Quantity.UnmarshalJSON`` parses in turn.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

from omec.golang.resource import canonical_quantity, kubernetes_quantity

__all__ = [
    "GIB",
    "GPU_RESOURCE",
    "canonical_quantity",
    "gpu_count",
    "is_binary",
    "kubernetes_quantity",
    "parse_quantity",
    "quantity_or_none",
    "quantity_value",
    "value_or_none",
]

GPU_RESOURCE = "nvidia.com/gpu"
GIB = 2**30
_BINARY_SUFFIXES = ("Ki", "Mi", "Gi", "Ti", "Pi", "Ei")


def _json_number(value: float) -> str:
    """Go's ``encoding/json`` text of a float64: shortest digits, fixed notation in [1e-6, 1e21), else ``1e-07`` ->
    ``1e-7`` style exponent notation."""
    if not math.isfinite(value):
        raise ValueError(f"json: unsupported value: {value!r}")
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        return re.sub(r"e-0([0-9])$", r"e-\1", repr(value))  # Python's repr is Go's 'e' format but for e-0N
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_quantity(value: object) -> Fraction:
    """Exact value Kubernetes holds for a quantity field written as ``value`` (a string, an integer or a float);
    ValueError (Kubernetes' message) when Go's decoding fails."""
    if isinstance(value, float):
        return kubernetes_quantity(_json_number(value))
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return kubernetes_quantity(value)
    raise ValueError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")


def quantity_value(value: object) -> int:
    """``Quantity.Value()``: the integer value, fractions rounded away from zero."""
    return _away_from_zero(parse_quantity(value))


def _away_from_zero(exact: Fraction) -> int:
    return math.ceil(exact) if exact >= 0 else math.floor(exact)


def quantity_or_none(value: object) -> Fraction | None:
    """:func:`parse_quantity`, or None when the value does not parse."""
    try:
        return parse_quantity(value)
    except ValueError:
        return None


def value_or_none(value: object) -> int | None:
    """:func:`quantity_value`, or None when the value does not parse."""
    amount = quantity_or_none(value)
    return None if amount is None else _away_from_zero(amount)


def is_binary(value: object) -> bool:
    """Written with a binary suffix (Ki..Ei), as ``memoryGB`` must be: OME reads it as bytes / 2^30, so ``80G`` is
    not 80 GiB."""
    return isinstance(value, str) and value.endswith(_BINARY_SUFFIXES)


def gpu_count(container: dict) -> int:
    """GPUs of a container: ``Value()`` of the ``nvidia.com/gpu`` limit, else of the request, else 0 (OME's
    ``GetGpuCountFromContainer``, https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/container.go#L80)."""
    resources = container.get("resources") or {}
    for kind in ("limits", "requests"):
        amounts = resources.get(kind) or {}
        if GPU_RESOURCE in amounts:
            return quantity_value(amounts[GPU_RESOURCE])
    return 0
