"""Kubernetes resource quantities as exact fractions (for AcceleratorClass memory, bandwidth and cost, §1.8)."""
from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import lru_cache

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": Fraction(1, 10**9), "u": Fraction(1, 10**6), "m": Fraction(1, 1000), "": 1, "k": 10**3,
            "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18}
_QUANTITY = re.compile(r"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)")
GIB = 2**30


@lru_cache(maxsize=1024)
def parse_quantity(value) -> Fraction | None:
    """Exact value of a quantity (string or YAML number); None when it does not parse."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(value) if math.isfinite(value) else None
    match = _QUANTITY.fullmatch(str(value))
    if match is None:
        return None
    number, exponent, suffix = match.groups()
    amount = Fraction(number)
    if exponent:
        return amount * Fraction(10) ** int(exponent[1:])
    return amount * (_BINARY.get(suffix) or _DECIMAL[suffix or ""])


def integer_value(value) -> int | None:
    """Kubernetes ``Quantity.Value()``: the value rounded up to an integer."""
    amount = parse_quantity(value)
    return None if amount is None else math.ceil(amount)


def is_binary(value) -> bool:
    """Written with a binary suffix (Ki..Ei), as ``memoryGB`` must be to mean GiB (§6-Q18)."""
    return isinstance(value, str) and value.endswith(tuple(_BINARY))
