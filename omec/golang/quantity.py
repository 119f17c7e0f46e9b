"""Kubernetes resource quantities (``500m``, ``30Gi``, ``1e3``) as exact numbers: GPU counts of runners (for
``PARALLELISM_SIZE``), AcceleratorClass memory, bandwidth and cost (for the selection policies), prober resources."""
from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

from omec.golang.resource import canonical_quantity, kubernetes_quantity  # noqa: F401  (Go's own)

GPU_RESOURCE = "nvidia.com/gpu"
GIB = 2**30

_QUANTITY = re.compile(r"([+-]?)([0-9]+\.?[0-9]*|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?")
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"


def parse_quantity(value: object) -> Fraction:
    """Exact value of a quantity (a number or a string); raises ValueError (Kubernetes' message) for anything else
    and for a string that does not parse."""
    if isinstance(value, bool):
        raise ValueError(_FORMAT_ERROR)
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    match = _QUANTITY.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(_FORMAT_ERROR)
    sign, number, suffix = match.groups()
    amount = Fraction(Decimal(number)) * (-1 if sign == "-" else 1)
    if not suffix:
        return amount
    if suffix in _BINARY:
        return amount * 1024 ** _BINARY[suffix]
    exponent = _DECIMAL[suffix] if suffix in _DECIMAL else int(suffix[1:])
    return amount * Fraction(10) ** exponent


def quantity_value(value: float | str) -> int:
    """Integer value as Kubernetes ``Quantity.Value()`` gives it: fractions round away from zero."""
    return _away_from_zero(parse_quantity(value))


def _away_from_zero(exact: Fraction) -> int:
    return math.ceil(exact) if exact >= 0 else math.floor(exact)


def quantity_or_none(value) -> Fraction | None:
    """:func:`parse_quantity`, or None when the value does not parse."""
    try:
        return parse_quantity(value)
    except ValueError:
        return None


def value_or_none(value) -> int | None:
    """:func:`quantity_value`, or None when the value does not parse."""
    amount = quantity_or_none(value)
    return None if amount is None else _away_from_zero(amount)


def is_binary(value) -> bool:
    """Written with a binary suffix (Ki..Ei), as ``memoryGB`` must be: OME reads it as bytes / 2^30, so ``80G`` is
    not 80 GiB."""
    return isinstance(value, str) and value.endswith(tuple(_BINARY))


def gpu_count(container: dict) -> int:
    """GPUs of a container: the ``nvidia.com/gpu`` limit, else the request, else 0 (OME's
    ``GetGpuCountFromContainer``, https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/container.go#L80)."""
    resources = container.get("resources") or {}
    for kind in ("limits", "requests"):
        amounts = resources.get(kind) or {}
        if GPU_RESOURCE in amounts:
            return quantity_value(amounts[GPU_RESOURCE])
    return 0
