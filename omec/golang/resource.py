"""Kubernetes' ``resource.ParseQuantity`` and ``Quantity.String``, followed to the letter
(https://pkg.go.dev/k8s.io/apimachinery/pkg/api/resource; quantity.go, amount.go, suffix.go at v0.33).

Unlike :func:`omec.golang.quantity.parse_quantity` (the exact value of a well-formed quantity), this is Go's own
parse: a lone sign or ``"."`` is 0, ``"1."`` is 1, values below 1n round up (away from zero) to whole nanos,
BinarySI values cap at 2^63-1, an ``e`` exponent is truncated to int32; and ``String()`` gives the canonical form
(``"1000m"`` -> ``"1"``, ``"1.5Gi"`` -> ``"1536Mi"``), except that a string already canonical when parsed is kept as
written (``"+1"``, ``"0100M"``, ``"1e3"``). JSON/YAML decoding (``Quantity.UnmarshalJSON``) first strips
surrounding spaces (``strings.TrimSpace``): the caller's job here. Errors are ValueErrors with Kubernetes' text.
"""
from __future__ import annotations

import re
from fractions import Fraction

from omec.golang.strconv import parse_int

__all__ = ["canonical_quantity", "kubernetes_quantity"]

_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_NUMERIC_ERROR = "unable to parse numeric part of quantity"
_SUFFIX_ERROR = "unable to parse quantity's suffix"
_MAX_INT64 = 2**63 - 1
_SI_SUFFIX = {v: k for k, v in _DECIMAL.items()} | {0: ""}
_BIN_SUFFIX = {v: k for k, v in _BINARY.items()}
_PARTS = re.compile(r"([+-]?)(0*)([0-9]*)(\.[0-9]*)?([eEinumkKMGTP]*[+-]?[0-9]*)")  # parseQuantityString


def canonical_quantity(value: int | str) -> str:
    """``resource.MustParse(value).String()``: ``"1000m"`` -> ``"1"``, ``"1.5Gi"`` -> ``"1536Mi"``, ``"0.5"`` ->
    ``"500m"``. A string that was canonical when parsed comes back as written (Go keeps it), so ``"+1"``,
    ``"0100M"`` and ``"1e3"`` stay as they are. ValueError (Kubernetes' message) when it does not parse."""
    unscaled, scale, fmt, kept = _k8s_parse(value)
    return kept if kept is not None else _canonical(unscaled, scale, fmt)


def kubernetes_quantity(value: int | str) -> Fraction:
    """The exact value ``resource.ParseQuantity`` holds (``AsDec()``): rounded up to whole nanos, capped."""
    unscaled, scale, _, _ = _k8s_parse(value)
    return Fraction(unscaled) / Fraction(10) ** scale


def _k8s_parse(value: object) -> tuple[int, int, str, str | None]:
    """``ParseQuantity``: (unscaled, scale, format, the input when Go keeps it as the string), the value
    being ``unscaled * 10**-scale``; format ``"DecimalSI"``, ``"BinarySI"`` or ``"DecimalExponent"``."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or text == "":
        raise ValueError(_FORMAT_ERROR)
    if text == "0":
        return 0, 0, "DecimalSI", "0"
    m = _PARTS.match(text)
    if m is None or m.end() != len(text):
        raise ValueError(_FORMAT_ERROR)
    sign, _zeros, num, point, suffix = m.groups()
    if not num and not point and not suffix:  # only a sign and zeros: Go returns before the suffix
        return 0, 0, "DecimalSI", None
    base, exponent, fmt = _interpret_suffix(suffix)
    num, denom = num or "0", (point or ".")[1:]
    if fmt == "BinarySI":
        mantissa, scale = 1 << exponent, 0
        precision = 15 - len(num) - exponent * 3 // 10 - 1 if not denom else -1
    else:
        mantissa, scale, precision = 1, exponent - len(denom), 18 - len(num) - len(denom)
    if precision >= 0 and scale >= -9 and int(num + denom) * mantissa <= _MAX_INT64:
        shifted = num + denom
        result = int(shifted) * mantissa * (-1 if sign == "-" else 1)
        if fmt == "BinarySI":
            kept = int(shifted) & 7 != 0
        else:
            kept = scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0"
        return result, -scale, fmt, text if kept else None
    return _slow_parse(sign == "-", text[: len(text) - len(suffix)], base, exponent, fmt)


def _slow_parse(negative: bool, number: str, base: int, exponent: int, fmt: str) -> tuple[int, int, str, None]:
    """The ``inf.Dec`` branch of ``ParseQuantity``: exact value, rounded up to nanos, BinarySI capped."""
    digits = number.lstrip("+-").replace(".", "", 1)
    if not digits:
        raise ValueError(_NUMERIC_ERROR)
    unscaled, scale = int(digits), len(number.partition(".")[2])
    if base == 10:
        scale -= exponent
    else:
        unscaled <<= exponent
    if unscaled and scale > 9:  # inf.RoundUp to 9 digits after the point
        small = len(str(unscaled)) <= scale - 9
        unscaled, scale = (1 if small else -(-unscaled // 10 ** (scale - 9))), 9
    if fmt == "BinarySI":
        exact = Fraction(unscaled, 10**scale)
        if exact > _MAX_INT64:
            unscaled, scale = _MAX_INT64, 0
        elif 0 < exact < 1:
            fmt = "DecimalSI"
    return (-unscaled if negative else unscaled), scale, fmt, None


def _interpret_suffix(suffix: str) -> tuple[int, int, str]:
    """``quantitySuffixer.interpret``: (base, exponent, format); ``e``/``E`` and a Go int64 is an exponent."""
    if suffix == "" or suffix in _DECIMAL:
        return 10, _DECIMAL.get(suffix, 0), "DecimalSI"
    if suffix in _BINARY:
        return 2, 10 * _BINARY[suffix], "BinarySI"
    if len(suffix) > 1 and suffix[0] in "eE":
        try:
            parsed = parse_int(suffix[1:], 10, 64)
        except ValueError:
            raise ValueError(_SUFFIX_ERROR) from None
        return 10, (parsed + 2**31) % 2**32 - 2**31, "DecimalExponent"  # Go's int32(parsed)
    raise ValueError(_SUFFIX_ERROR)


def _canonical(unscaled: int, scale: int, fmt: str) -> str:
    """``Quantity.CanonicalizeBytes``: digits and the suffix of the format, exponents multiples of 3."""
    if unscaled == 0:
        return "0"
    if fmt == "BinarySI":
        exact = Fraction(unscaled) / Fraction(10) ** scale
        if -1024 < exact < 1024 or exact.denominator != 1:
            fmt = "DecimalSI"  # Go avoids rounding: small or fractional binary values print in decimal
        else:
            number, times = int(exact), 0
            while number % 1024 == 0:
                number, times = number // 1024, times + 1
            return f"{number}{_BIN_SUFFIX.get(times, '')}"
    exponent = -scale
    while unscaled % 10 == 0:
        unscaled, exponent = unscaled // 10, exponent + 1
    unscaled, exponent = unscaled * 10 ** (exponent % 3), exponent - exponent % 3
    if fmt == "DecimalExponent":
        return f"{unscaled}e{exponent}" if exponent else str(unscaled)
    return f"{unscaled}{_SI_SUFFIX.get(exponent, '')}"
