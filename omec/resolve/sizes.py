"""Model parameter sizes, as OME's ``parseModelSize`` (https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/matcher.go#L654).

A trailing ``T``/``B``/``M`` (checked in that order, case-sensitive) multiplies by 1e12/1e9/1e6; the rest must
be a Go ``strconv.ParseFloat`` literal: optional sign, decimal with optional exponent, ``inf``/``infinity``/
``nan`` (any case; NaN without sign), or a hexadecimal mantissa with a mandatory ``p`` exponent; underscores
only between digits (or right after ``0x``); no whitespace, ASCII only. Values that overflow float64 are
errors in Go. Any failure makes OME use 0 silently; omec reports it (see :func:`size_problem`).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

_MULTIPLIERS = (("T", 1e12), ("B", 1e9), ("M", 1e6))
_DIGITS = r"[0-9](?:_?[0-9])*"
_HEX = r"[0-9a-fA-F](?:_?[0-9a-fA-F])*"
_DECIMAL = re.compile(
    rf"[+-]?(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})(?:[eE][+-]?{_DIGITS})?"
)
_HEXADECIMAL = re.compile(rf"[+-]?0[xX]_?(?:{_HEX}(?:\.(?:{_HEX})?)?|\.{_HEX})[pP][+-]?{_DIGITS}")
_SPECIAL = re.compile(r"[+-]?(?:inf|infinity)|nan", re.IGNORECASE)


def parse_go_float(text: str) -> float | None:
    """Go's ``strconv.ParseFloat(text, 64)``; None where Go returns an error (syntax or range)."""
    if _SPECIAL.fullmatch(text):
        return float(text)
    if _DECIMAL.fullmatch(text):
        value = float(text.replace("_", ""))
    elif _HEXADECIMAL.fullmatch(text):
        try:
            value = float.fromhex(text.replace("_", ""))
        except OverflowError:
            return None
    else:
        return None
    return None if math.isinf(value) else value


@lru_cache(maxsize=4096)
def parse_size(text: str) -> float | None:
    """Parameter count of a size string, or None where OME's parser fails (OME then uses 0)."""
    number, multiplier = text, 1.0
    for suffix, factor in _MULTIPLIERS:
        if text.endswith(suffix):
            number, multiplier = text[: -len(suffix)], factor
            break
    value = parse_go_float(number)
    return None if value is None else value * multiplier


def model_size(text: str) -> float:
    """OME's ``parseModelSize``: the parameter count, 0 when unparseable."""
    value = parse_size(text)
    return 0.0 if value is None else value


def size_problem(text: str) -> str | None:
    """Why a size string is suspicious (unparseable, or NaN which passes every range), else None."""
    value = parse_size(text)
    if value is None:
        return f"size {text!r} does not parse (suffixes T/B/M only, case-sensitive, no spaces), OME uses 0"
    if math.isnan(value):
        return f"size {text!r} is NaN and passes every size range"
    return None
