"""Go's ``strconv`` parsers (https://pkg.go.dev/strconv), reproduced byte for byte where OME reads user input.

Python's ``int()``/``float()``/``str.isdigit()`` are more lenient than Go: they accept surrounding whitespace,
Unicode digits (``"٣"``, fullwidth ``"１"``), underscores anywhere ``int()`` likes them, and ``float()`` takes
``"nan"`` with a sign. Each function here follows Go's ``atoi.go``/``atof.go``: only ASCII is accepted, errors
carry Go's text, and ``ParseFloat`` gives the correctly rounded value, as Go's Eisel-Lemire and 800-digit decimal
fallback do. One divergence is known: when Go takes that fallback for a literal with more than 800 significant
digits before the point, it misplaces the point (``"9007199254740993" + "0" * 900 + "e-900"`` is
9.007199254740993e-101 in Go); omec keeps the exact value there.

Errors are :class:`GoParseError` (a ``ValueError``) whose message is ``NumError.Error()``, e.g.
``strconv.Atoi: parsing "abc": invalid syntax``. Range errors carry the value Go returns alongside the error
(the clamped integer, or ``±Inf``) in :attr:`GoParseError.value`.
"""
from __future__ import annotations

import math
import string
from fractions import Fraction

__all__ = [
    "ERR_RANGE", "ERR_SYNTAX", "GoParseError", "atoi", "parse_bool", "parse_float", "parse_int", "parse_uint", "quote",
]

ERR_SYNTAX = "invalid syntax"
ERR_RANGE = "value out of range"
INT_SIZE = 64  # Go's strconv.IntSize on the 64-bit platforms OME is built for
_MAX_UINT64 = (1 << 64) - 1
_DIGIT_LIMIT = 800  # Go's decimal keeps 800 digits and a sticky "truncated" flag (decimal.go)


class GoParseError(ValueError):
    """A Go ``*strconv.NumError``: ``strconv.<func>: parsing <quoted num>: <err>``."""

    def __init__(self, func: str, num: str, err: str, value: int | float | None = None) -> None:
        super().__init__(f"strconv.{func}: parsing {quote(num)}: {err}")
        self.func = func
        self.num = num
        self.err = err
        self.value = value


# --- quoting ---------------------------------------------------------------------------------------------

_C_ESCAPES = {"\a": r"\a", "\b": r"\b", "\f": r"\f", "\n": r"\n", "\r": r"\r", "\t": r"\t", "\v": r"\v"}


def quote(s: str) -> str:
    """Go's ``strconv.Quote``: double quotes; ``\\"`` and ``\\\\``; printable runes kept (Go's ``IsPrint`` is
    letters, marks, numbers, punctuation, symbols and U+0020, the same set as Python's ``str.isprintable``);
    ``\\a \\b \\f \\n \\r \\t \\v``; other control bytes ``\\xHH``; other runes ``\\uHHHH``/``\\UHHHHHHHH``. A lone
    surrogate (invalid UTF-8 in Go) is quoted byte by byte as ``\\xHH``."""
    out = ['"']
    for ch in s:
        out.append(_quote_rune(ch))
    out.append('"')
    return "".join(out)


def _quote_rune(ch: str) -> str:
    code = ord(ch)
    if ch in ('"', "\\"):
        return "\\" + ch
    if 0xD800 <= code <= 0xDFFF:
        return "".join(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogatepass"))
    if ch.isprintable():
        return ch
    if ch in _C_ESCAPES:
        return _C_ESCAPES[ch]
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


# --- integers --------------------------------------------------------------------------------------------


def parse_bool(s: str) -> bool:
    """Go's ``strconv.ParseBool``: exactly ``1 t T TRUE true True`` or ``0 f F FALSE false False``."""
    if s in ("1", "t", "T", "true", "TRUE", "True"):
        return True
    if s in ("0", "f", "F", "false", "FALSE", "False"):
        return False
    raise GoParseError("ParseBool", s, ERR_SYNTAX)


def atoi(s: str) -> int:
    """Go's ``strconv.Atoi``: ``ParseInt(s, 10, 0)`` reported as ``Atoi``: optional ``+``/``-``, ASCII digits
    only (no spaces, no underscores, no Unicode digits), within int64."""
    try:
        return parse_int(s, 10, 0)
    except GoParseError as err:
        raise GoParseError("Atoi", s, err.err, err.value) from None


def parse_int(s: str, base: int = 10, bit_size: int = 64) -> int:
    """Go's ``strconv.ParseInt``: an optional sign, then :func:`parse_uint`'s syntax; the value must fit a
    signed ``bit_size``-bit integer (0 means 64). Out of range: ``ERR_RANGE`` with the clamped value."""
    if s == "":
        raise GoParseError("ParseInt", s, ERR_SYNTAX)
    body, negative = s, False
    if s[0] in "+-":
        body, negative = s[1:], s[0] == "-"
    try:
        magnitude = _parse_uint("ParseInt", s, body, base, bit_size)
    except GoParseError as err:
        if err.err != ERR_RANGE:
            raise
        magnitude = err.value if isinstance(err.value, int) else 0
    cutoff = 1 << ((bit_size or INT_SIZE) - 1)
    if not negative and magnitude >= cutoff:
        raise GoParseError("ParseInt", s, ERR_RANGE, cutoff - 1)
    if negative and magnitude > cutoff:
        raise GoParseError("ParseInt", s, ERR_RANGE, -cutoff)
    return -magnitude if negative else magnitude


def parse_uint(s: str, base: int = 10, bit_size: int = 64) -> int:
    """Go's ``strconv.ParseUint``: no sign; base 2..36, or 0 to take the base from a ``0b``/``0o``/``0x``
    prefix (any case) or a leading ``0`` (octal), else 10; underscores only with base 0 and only between
    digits or after the prefix. Out of range: ``ERR_RANGE`` with the maximum value."""
    return _parse_uint("ParseUint", s, s, base, bit_size)


def _parse_uint(func: str, s0: str, s: str, base: int, bit_size: int) -> int:
    """The ``ParseUint`` loop on ``s``; errors name ``func`` and the caller's whole input ``s0``."""
    if s == "":
        raise GoParseError(func, s0, ERR_SYNTAX)
    base0 = base == 0
    if base0:
        base, s = _base_prefix(s)
    elif not 2 <= base <= 36:
        raise GoParseError(func, s0, f"invalid base {base}")
    if bit_size == 0:
        bit_size = INT_SIZE
    elif not 0 < bit_size <= 64:
        raise GoParseError(func, s0, f"invalid bit size {bit_size}")
    max_value = (1 << bit_size) - 1
    cutoff = _MAX_UINT64 // base + 1
    n, underscores = 0, False
    for c in s:
        if c == "_" and base0:
            underscores = True
            continue
        d = _digit_value(c)
        if d >= base:
            raise GoParseError(func, s0, ERR_SYNTAX)
        if n >= cutoff or n * base + d > max_value:
            raise GoParseError(func, s0, ERR_RANGE, max_value)
        n = n * base + d
    if underscores and not _underscore_ok(s0):
        raise GoParseError(func, s0, ERR_SYNTAX)
    return n


def _base_prefix(s: str) -> tuple[int, str]:
    """Base 0: ``0b``/``0o``/``0x`` (needs a character after it), a lone leading ``0`` means octal."""
    if s[0] != "0":
        return 10, s
    if len(s) >= 3 and s[1] in "bBoOxX":
        return {"b": 2, "o": 8, "x": 16}[s[1].lower()], s[2:]
    return 8, s[1:]


def _digit_value(c: str) -> int:
    """Digit value of an ASCII ``0-9a-zA-Z``; 99 (never a digit) for anything else."""
    if "0" <= c <= "9":
        return ord(c) - 48
    if "a" <= c.lower() <= "z" and c.isascii():
        return ord(c.lower()) - 87
    return 99


def _underscore_ok(s: str) -> bool:
    """Go's ``underscoreOK``: underscores only between digits, or between a base prefix and a digit."""
    saw, i = "^", 0
    if s[:1] in ("+", "-"):
        s = s[1:]
    hexadecimal = False
    if len(s) >= 2 and s[0] == "0" and s[1] in "bBoOxX":
        i, saw, hexadecimal = 2, "0", s[1] in "xX"
    for c in s[i:]:
        if "0" <= c <= "9" or (hexadecimal and c in "abcdefABCDEF"):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


# --- floats ----------------------------------------------------------------------------------------------


def parse_float(s: str, bit_size: int = 64) -> float:
    """Go's ``strconv.ParseFloat``: decimal or hexadecimal (``0x1.8p-2``, the ``p`` exponent mandatory)
    literals with optional sign and Go-style underscores; ``inf``/``infinity`` (optional sign) and ``nan``
    (no sign) in any case; nothing else, no whitespace. The value is correctly rounded to float64, or to
    float32 when ``bit_size`` is 32 (any other size means 64, as in Go). A finite literal beyond the
    format's range is ``ERR_RANGE`` with value ``±Inf``; underflow quietly gives 0 or a subnormal."""
    special = _special(s)
    if special is not None:
        return special
    literal = _read_float(s)
    if literal is None:
        raise GoParseError("ParseFloat", s, ERR_SYNTAX)
    negative, mantissa, exp_base, exponent = literal
    precision, emin, emax = (24, -126, 127) if bit_size == 32 else (53, -1022, 1023)
    magnitude = _round_binary(mantissa, exp_base, exponent, precision, emin, emax)
    if magnitude is None:
        raise GoParseError("ParseFloat", s, ERR_RANGE, -math.inf if negative else math.inf)
    return -magnitude if negative else magnitude


def _special(s: str) -> float | None:
    """Go's ``special``: ``[+-]?(inf|infinity)`` or ``nan``, case-insensitive, and nothing after it."""
    if not s.isascii():
        return None
    lowered = s.lower()
    body = lowered[1:] if lowered[:1] in ("+", "-") else lowered
    if body in ("inf", "infinity"):
        return -math.inf if lowered[0] == "-" else math.inf
    if lowered == "nan":
        return math.nan
    return None


def _read_float(s: str) -> tuple[bool, int, int, int] | None:
    """Go's ``readFloat`` over the whole string: (negative, mantissa, 10 or 2, exponent), None when the
    syntax is not Go's. Mantissa digits beyond 800 only keep a sticky nonzero digit, as Go's decimal does;
    exponent digits stop accumulating at 10000, as in Go (both are beyond every float's reach)."""
    i, n, negative = 0, len(s), False
    if i < n and s[i] in "+-":
        negative, i = s[i] == "-", i + 1
    hexadecimal = i + 2 < n and s[i] == "0" and s[i + 1] in "xX"
    base, exp_char = (16, "p") if hexadecimal else (10, "e")
    i += 2 if hexadecimal else 0
    mantissa, nd, kept, dp, saw_dot, saw_digits, sticky = 0, 0, 0, 0, False, False, False
    while i < n:
        c = s[i]
        if c == "_":
            pass
        elif c == ".":
            if saw_dot:
                break
            saw_dot, dp = True, nd
        elif "0" <= c <= "9" or (hexadecimal and c in "abcdefABCDEF"):
            saw_digits = True
            if c == "0" and nd == 0:
                dp -= 1  # leading zeros only move the decimal point
            else:
                nd += 1
                if kept < _DIGIT_LIMIT:
                    mantissa, kept = mantissa * base + int(c, 16), kept + 1
                else:
                    sticky = sticky or c != "0"
        else:
            break
        i += 1
    if not saw_digits:
        return None
    if not saw_dot:
        dp = nd
    if sticky:
        mantissa, kept = mantissa * base + 1, kept + 1
    exponent = 0
    if i < n and s[i].lower() == exp_char:
        parsed = _read_exponent(s, i + 1)
        if parsed is None:
            return None
        exponent, i = parsed
    elif hexadecimal:
        return None
    if i != n or ("_" in s and not _underscore_ok(s)):
        return None
    scale = 4 if hexadecimal else 1
    return negative, mantissa, 2 if hexadecimal else 10, (dp - kept) * scale + exponent


def _read_exponent(s: str, i: int) -> tuple[int, int] | None:
    """The digits after ``e``/``p``: optional sign, at least one digit first, underscores allowed."""
    n, sign = len(s), 1
    if i < n and s[i] in "+-":
        sign, i = (-1 if s[i] == "-" else 1), i + 1
    if i >= n or not "0" <= s[i] <= "9":
        return None
    e = 0
    while i < n and ("0" <= s[i] <= "9" or s[i] == "_"):
        if s[i] != "_" and e < 10000:
            e = e * 10 + ord(s[i]) - 48
        i += 1
    return sign * e, i


def _round_binary(mantissa: int, base: int, exponent: int, precision: int, emin: int, emax: int) -> float | None:
    """``mantissa * base**exponent`` rounded half-to-even to a binary float with ``precision`` significand
    bits and exponents ``emin..emax`` (subnormals below); None when the rounded value overflows."""
    if mantissa == 0:
        return 0.0
    digits = len(str(mantissa)) if base == 10 else mantissa.bit_length()
    magnitude = digits + exponent  # value < base**magnitude
    if (base == 10 and magnitude > 310) or (base == 2 and magnitude > emax + 2):
        return None
    if (base == 10 and magnitude < -330) or (base == 2 and magnitude < emin - precision - 1):
        return 0.0
    value = Fraction(mantissa) * Fraction(base) ** exponent
    top = value.numerator.bit_length() - value.denominator.bit_length()
    if Fraction(2) ** top > value:
        top -= 1  # now 2**top <= value < 2**(top + 1)
    quantum = max(top, emin) - (precision - 1)
    scaled = value / Fraction(2) ** quantum
    units = round(scaled)  # Fraction.__round__ rounds half to even
    if units.bit_length() > precision:
        quantum, units = quantum + 1, units // 2
    if quantum + precision - 1 > emax:
        return None
    return math.ldexp(units, quantum)


_UNQUOTE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}
_HEX_ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}
_OCTAL_DIGITS = "01234567"


def unquote(literal: str) -> str:
    """``strconv.Unquote`` of a double-quoted or raw (backquoted) string literal; raises ValueError.

    ``\\x`` and octal escapes are bytes, as in Go; bytes that do not form UTF-8 become U+FFFD.
    """
    if literal.startswith("`"):
        return literal[1:-1].replace("\r", "")
    out, pos = bytearray(), 1
    while pos < len(literal) - 1:
        char, pos = unquote_char(literal, pos, '"')
        out += char
    return out.decode("utf-8", "replace")


def unquote_char(text: str, pos: int, quote: str) -> tuple[bytes, int]:
    """``strconv.UnquoteChar`` of ``text[pos:]`` inside ``quote`` (``"`` or ``'``): the character as UTF-8 bytes
    and the position after it; raises ValueError ("invalid syntax")."""
    ch = text[pos : pos + 1]
    if not ch or ch == quote:
        raise ValueError("invalid syntax")
    if ch != "\\":
        return ch.encode(), pos + 1
    escape, pos = text[pos + 1 : pos + 2], pos + 2
    if escape in _UNQUOTE_ESCAPES:
        return _UNQUOTE_ESCAPES[escape].encode(), pos
    if escape == quote:
        return escape.encode(), pos
    if escape in _HEX_ESCAPE_DIGITS:
        digits = text[pos : pos + _HEX_ESCAPE_DIGITS[escape]]
        if len(digits) < _HEX_ESCAPE_DIGITS[escape] or not all(d in string.hexdigits for d in digits):
            raise ValueError("invalid syntax")
        value = int(digits, 16)
        if escape == "x":
            return bytes([value]), pos + len(digits)
        if value > 0x10FFFF or 0xD800 <= value < 0xE000:
            raise ValueError("invalid syntax")
        return chr(value).encode(), pos + len(digits)
    if escape and escape in _OCTAL_DIGITS:
        digits = text[pos - 1 : pos + 2]
        if len(digits) < 3 or not all(d in _OCTAL_DIGITS for d in digits) or int(digits, 8) > 255:
            raise ValueError("invalid syntax")
        return bytes([int(digits, 8)]), pos + 2
    raise ValueError("invalid syntax")
