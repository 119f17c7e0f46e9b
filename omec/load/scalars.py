"""YAML scalars as kubectl reads them, so that every value and key means what the cluster would get.

kubectl (and the API server, Argo CD, ...) turn YAML into JSON with sigs.k8s.io/yaml, whose YAML side is go-yaml v2:
YAML 1.1 words but not YAML 1.1's sexagesimal numbers or implicit timestamps. The rules below follow go-yaml v2's
``resolve`` (https://github.com/go-yaml/yaml/blob/v2.4.0/resolve.go) and ``decoder.scalar``, then sigs.k8s.io/yaml's
conversion to JSON (https://github.com/kubernetes-sigs/yaml/blob/v1.4.0/yaml.go ``convertToJSONableObject``),
then JSON as the API server reads it back (integers when the number has no fraction):

* ``y n yes no on off true false`` in three spellings (``y``, ``Y``; ``yes``, ``Yes``, ``YES``) are booleans;
  ``~ null Null NULL`` and the empty scalar are null.
* An unquoted scalar starting with a digit or a sign is an integer when Go's ``strconv.ParseInt(s, 0, 64)`` (then
  ``ParseUint``) reads it after removing every ``_``: ``0x1F``, ``0o17``, ``017`` (octal), ``0b101``, ``1_000``;
  else a float when it looks like ``[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?`` (``1e3``, ``08``, ``0.``)
  and fits a float64; else a string (``1:30``, ``12:30:45``, ``2001-12-14``, ``1e400``). A scalar starting with
  ``.`` is a float when Go's ``ParseFloat`` reads it (``.5``). ``.inf`` and ``.nan`` (with their spellings and
  signs) are floats that JSON cannot carry: kubectl rejects the file (``json: unsupported value``).
* Numbers are what the API server reads from the JSON kubectl writes: a float without a fraction is an integer
  (``1e3`` and ``1.0`` are 1000 and 1) when the digits Go writes for it fit an int64, and an integer beyond int64
  is a float (``9223372036854775808``).
* Explicit tags: ``!!str`` and ``!!binary`` (base64, decoded to text) take any scalar; ``!!int``, ``!!float``,
  ``!!bool``, ``!!null`` and ``!!timestamp`` must fit the value as resolved above (``!!float`` takes integers;
  ``!!timestamp`` one of Go's four layouts, the value staying a string); any other tag on a scalar (``!!map``,
  ``!!set``, ``!custom``) leaves its text. Tags on collections are ignored.
* Keys become JSON names: strings as written, integers in decimal, booleans ``true``/``false``, floats with Go's
  ``FormatFloat(f, 'g', -1, 32)`` (``1e3`` -> ``1000``, ``.inf`` -> ``.inf``); null keys and integers beyond
  int64 have no name (kubectl: ``unsupported map key``).

:class:`ScalarError` carries kubectl's reason for a value it rejects.
"""
from __future__ import annotations

import base64
import binascii
import codecs
import math
import re
import struct
from decimal import Decimal

from omec.golang.strconv import GoParseError, parse_float, parse_int, parse_uint

__all__ = ["NUMBER_START", "STR", "WORDS", "ScalarError", "explicit", "json_value", "key_text", "resolve"]

_Y = "tag:yaml.org,2002:"
STR, BOOL, INT, FLOAT, NULL, TIMESTAMP, BINARY = (_Y + n for n in ("str", "bool", "int", "float", "null", "timestamp",
                                                                    "binary"))
_RESOLVABLE = frozenset({STR, BOOL, INT, FLOAT, NULL, TIMESTAMP})  # go-yaml's resolvableTag
_MIN_INT64, _MAX_INT64 = -(2**63), 2**63 - 1

# go-yaml's resolveMap: words a plain scalar may be, whatever the parser's hint.
WORDS: dict[str, tuple[str, object]] = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), (BOOL, True)),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), (BOOL, False)),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), (NULL, None)),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), (FLOAT, math.nan)),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), (FLOAT, math.inf)),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), (FLOAT, -math.inf)),
}
NUMBER_START = frozenset("0123456789+-")  # go-yaml's 'D' and 'S' hints: an integer, a float or a timestamp
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")  # what ParseInt(s, 0, 64) reads in base 10 (the common case)
_YAML_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")  # go-yaml's yamlStyleFloat
# go-yaml's timestamp layouts as Go's time.Parse reads them: "2006-1-2T15:4:5.999999999Z07:00" (and "t"),
# "2006-1-2 15:4:5.999999999" (runs of spaces match the space), "2006-1-2".
_TIMESTAMP = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
    r"(?:(?:[Tt](?P<time>[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]+)?)(?:Z|[+-](?P<zh>[0-9]{2}):(?P<zm>[0-9]{2})))"
    r"|(?: +(?P<local>[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]+)?)))?"
)


class ScalarError(ValueError):
    """A scalar kubectl cannot turn into JSON; the message gives its reason."""


def resolve(value: str, timestamps: bool = False) -> tuple[str, object]:
    """(tag, value) go-yaml gives the plain scalar ``value``; integers keep Go's int64/uint64 range, timestamps (only
    looked for with ``timestamps``, as for an explicit ``!!timestamp``) their text."""
    word = WORDS.get(value)
    if word is not None:
        return word
    first = value[:1]
    if first == ".":
        return _float_or_string(value, value)
    if first not in NUMBER_START:
        return STR, value
    if timestamps and _is_timestamp(value):
        return TIMESTAMP, value
    plain = value.replace("_", "")
    if len(plain) <= 20 and _DECIMAL.fullmatch(plain):  # int64 has 19 digits (and int() refuses 4,300)
        number = int(plain)
        if _MIN_INT64 <= number <= _MAX_INT64:
            return INT, number
    for parse in (parse_int, parse_uint):
        try:
            return INT, parse(plain, 0, 64)
        except GoParseError:
            pass
    return _float_or_string(value, plain) if _YAML_FLOAT.fullmatch(plain) else (STR, value)


def _float_or_string(value: str, literal: str) -> tuple[str, object]:
    """Go's ParseFloat of ``literal``; the scalar stays a string when it does not parse or overflows."""
    try:
        return FLOAT, parse_float(literal)
    except GoParseError:
        return STR, value


def explicit(tag: str, value: str) -> tuple[str, object]:
    """(tag, value) of a scalar written with an explicit ``tag`` (go-yaml's resolve with a tag, then !!binary)."""
    if tag == BINARY:
        return STR, _binary(value)
    if tag == STR or tag not in _RESOLVABLE:
        return STR, value
    resolved, out = resolve(value, timestamps=tag == TIMESTAMP)
    if resolved == tag:
        return resolved, out
    if tag == FLOAT and resolved == INT and isinstance(out, int) and out <= _MAX_INT64:
        return FLOAT, float(out)
    raise ScalarError(f"cannot decode {_short(resolved)} `{_shown(value)}` as a {_short(tag)}")


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_Y)


def _shown(value: str, width: int = 60) -> str:
    """``value`` for a message: at most ``width`` characters."""
    return value if len(value) <= width else value[:width - 3] + "..."


def _binary(value: str) -> str:
    """go-yaml's !!binary: base64 (line breaks ignored, padding required), as text the way Go's JSON writes bytes
    (each byte that is not UTF-8 becomes U+FFFD)."""
    try:
        data = base64.b64decode(value.replace("\n", "").replace("\r", ""), validate=True)
    except binascii.Error:
        raise ScalarError("!!binary value contains invalid base64 data") from None
    return data.decode("utf-8", _GO_REPLACE)


def _go_replace(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return "\ufffd" * (error.end - error.start), error.end


_GO_REPLACE = "omec-go-replace"
codecs.register_error(_GO_REPLACE, _go_replace)


def _is_timestamp(value: str) -> bool:
    match = _TIMESTAMP.fullmatch(value)
    if match is None:
        return False
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not 1 <= month <= 12 or not 1 <= day <= _days_in(month, year):
        return False
    clock = match["time"] or match["local"]
    if clock is not None:
        hour, minute, second = (int(part) for part in clock.replace(",", ".").split(".")[0].split(":"))
        if hour >= 24 or minute >= 60 or second >= 60:
            return False
    return match["zh"] is None or (int(match["zh"]) <= 24 and int(match["zm"]) <= 60)


def _days_in(month: int, year: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def json_value(tag: str, value: object) -> object:
    """The value the API server reads from the JSON kubectl sends for a resolved scalar."""
    if tag == INT:
        assert isinstance(value, int)
        return value if value <= _MAX_INT64 else float(value)
    if tag == FLOAT:
        assert isinstance(value, float)
        if not math.isfinite(value):
            text = "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")
            raise ScalarError(f"JSON has no {text} (kubectl: json: unsupported value: {text})")
        if value.is_integer() and abs(value) < 1e21:  # Go's JSON writes the shortest digits, padded with zeros
            number = int(Decimal(repr(value)))
            return number if _MIN_INT64 <= number <= _MAX_INT64 else value
        return value
    return value


def key_text(tag: str, value: object) -> str:
    """The JSON name sigs.k8s.io/yaml gives a mapping key resolved to (tag, value)."""
    if tag == BOOL:
        return "true" if value else "false"
    if tag == INT:
        if not isinstance(value, int) or value > _MAX_INT64:
            raise ScalarError(f"kubectl cannot use the integer {value} as a JSON name (unsupported map key of type: "
                              "uint64)")
        return str(value)
    if tag == FLOAT:
        assert isinstance(value, float)
        return _float32_g(value)
    if tag == NULL:
        raise ScalarError("kubectl cannot use a null key as a JSON name (unsupported map key of type: nil)")
    return str(value)


def _float32_g(value: float) -> str:
    """Go's ``strconv.FormatFloat(value, 'g', -1, 32)`` with sigs.k8s.io/yaml's ``.inf``/``-.inf``/``.nan``."""
    try:
        single = struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        single = math.copysign(math.inf, value)
    if math.isnan(single):
        return ".nan"
    if math.isinf(single):
        return ".inf" if single > 0 else "-.inf"
    if single == 0:
        return "-0" if math.copysign(1, single) < 0 else "0"
    for precision in range(1, 10):  # the shortest digits that read back as the same float32
        text = f"{single:.{precision - 1}e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            break
    mantissa, exponent = text.split("e")
    sign = "-" if mantissa.startswith("-") else ""
    digits = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    point = int(exponent) + 1  # digits[:point] is the integer part
    if not -4 <= point - 1 < 6:  # Go's %e range for the shortest form
        fraction = f".{digits[1:]}" if len(digits) > 1 else ""
        return f"{sign}{digits[0]}{fraction}e{'-' if point - 1 < 0 else '+'}{abs(point - 1):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"
