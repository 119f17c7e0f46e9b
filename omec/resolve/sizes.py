"""Model parameter sizes, as OME's ``parseModelSize`` (https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/matcher.go#L654).

A trailing ``T``/``B``/``M`` (checked in that order, case-sensitive) multiplies by 1e12/1e9/1e6; the rest must
be a Go ``strconv.ParseFloat`` literal (:func:`omec.golang.strconv.parse_float`: optional sign, decimal with
optional exponent, ``inf``/``infinity``/``nan`` in any case, hexadecimal with a mandatory ``p`` exponent, Go's
underscores; no whitespace, ASCII only). Values that overflow float64 are errors in Go. Any failure makes OME
use 0 silently; omec reports it (see :func:`size_problem`).
"""
from __future__ import annotations

import math
from functools import lru_cache

from omec.golang.strconv import GoParseError, parse_float

_MULTIPLIERS = (("T", 1e12), ("B", 1e9), ("M", 1e6))


@lru_cache(maxsize=4096)
def parse_size(text: str) -> float | None:
    """Parameter count of a size string, or None where OME's parser fails (OME then uses 0)."""
    number, multiplier = text, 1.0
    for suffix, factor in _MULTIPLIERS:
        if text.endswith(suffix):
            number, multiplier = text[: -len(suffix)], factor
            break
    try:
        return parse_float(number) * multiplier
    except GoParseError:  # syntax, or a range error (Go returns the error with +-Inf)
        return None


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
