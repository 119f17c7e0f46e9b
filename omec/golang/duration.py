"""Go's ``time.ParseDuration`` and ``Duration.String`` (https://pkg.go.dev/time#ParseDuration), reproduced.

A duration is a possibly signed sequence of decimal numbers, each with an optional fraction and a unit
(``ns``, ``us``, ``µs`` U+00B5, ``μs`` U+03BC, ``ms``, ``s``, ``m``, ``h``), e.g. ``"300ms"``, ``"-1.5h"``,
``"2h45m"``; ``"0"`` (optionally signed) alone needs no unit. No spaces, no days. The value is an int64 count of
nanoseconds; fractions are converted through float64 exactly as Go does (``v += uint64(float64(f) *
(float64(unit) / scale))``), so ``"0.1ns"`` is 0 and results match Go to the nanosecond.

Errors are :class:`DurationError` (a ``ValueError``) with Go's text: ``time: invalid duration "x"``,
``time: missing unit in duration "1"``, ``time: unknown unit "d" in duration "1d"``. Go quotes these with
the ``time`` package's own ``quote``: non-ASCII and control characters become ``\\xHH`` bytes.
"""
from __future__ import annotations

__all__ = ["DurationError", "format_duration", "parse_duration"]

NANOSECOND = 1
MICROSECOND = 1000 * NANOSECOND
MILLISECOND = 1000 * MICROSECOND
SECOND = 1000 * MILLISECOND
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE

_UNITS = {
    "ns": NANOSECOND,
    "us": MICROSECOND,
    "\u00b5s": MICROSECOND,  # µ micro sign
    "\u03bcs": MICROSECOND,  # μ Greek small letter mu
    "ms": MILLISECOND,
    "s": SECOND,
    "m": MINUTE,
    "h": HOUR,
}
_LIMIT = 1 << 63  # Go accumulates in uint64 and refuses anything above 1<<63


class DurationError(ValueError):
    """A ``time.ParseDuration`` error; the message is Go's."""


def time_quote(s: str) -> str:
    """The ``time`` package's ``quote``: ``"`` and ``\\`` escaped, every byte of a rune below U+0020 or at
    or above U+0080 written ``\\xHH`` (UTF-8); everything else as is."""
    out = ['"']
    for ch in s:
        if ch < " " or ch >= "\x80":
            out.extend(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogatepass"))
        else:
            out.append("\\" + ch if ch in '"\\' else ch)
    out.append('"')
    return "".join(out)


def _invalid(orig: str) -> DurationError:
    return DurationError(f"time: invalid duration {time_quote(orig)}")


def parse_duration(s: str) -> int:
    """Go's ``time.ParseDuration``: nanoseconds as an int in the int64 range, or :class:`DurationError`."""
    orig, negative = s, False
    if s[:1] in ("-", "+"):
        negative, s = s[0] == "-", s[1:]
    if s == "0":
        return 0
    if s == "":
        raise _invalid(orig)
    total = 0
    while s:
        value, s = _component(orig, s)
        total += value
        if total > _LIMIT:
            raise _invalid(orig)
    if negative:
        return -total
    if total > _LIMIT - 1:
        raise _invalid(orig)
    return total


def _component(orig: str, s: str) -> tuple[int, str]:
    """One ``[0-9]*(\\.[0-9]*)?unit`` at the start of ``s``: (nanoseconds, rest)."""
    if not (s[0] == "." or "0" <= s[0] <= "9"):
        raise _invalid(orig)
    whole, s, pre = _leading_int(orig, s)
    fraction, scale, post = 0, 1.0, False
    if s[:1] == ".":
        fraction, scale, s, post = _leading_fraction(s[1:])
    if not pre and not post:
        raise _invalid(orig)  # no digits, e.g. ".s"
    i = 0
    while i < len(s) and not (s[i] == "." or "0" <= s[i] <= "9"):
        i += 1
    if i == 0:
        raise DurationError(f"time: missing unit in duration {time_quote(orig)}")
    name, s = s[:i], s[i:]
    if name not in _UNITS:
        raise DurationError(f"time: unknown unit {time_quote(name)} in duration {time_quote(orig)}")
    unit = _UNITS[name]
    if whole > _LIMIT // unit:
        raise _invalid(orig)
    value = whole * unit
    if fraction > 0:
        value += int(float(fraction) * (float(unit) / scale))  # float64 and truncation, as in Go
        if value > _LIMIT:
            raise _invalid(orig)
    return value, s


def _leading_int(orig: str, s: str) -> tuple[int, str, bool]:
    """Go's ``leadingInt``: the leading ASCII digits (an error past 1<<63), the rest, whether any."""
    x, i = 0, 0
    while i < len(s) and "0" <= s[i] <= "9":
        if x > _LIMIT // 10:
            raise _invalid(orig)
        x = x * 10 + ord(s[i]) - 48
        if x > _LIMIT:
            raise _invalid(orig)
        i += 1
    return x, s[i:], i > 0


def _leading_fraction(s: str) -> tuple[int, float, str, bool]:
    """Go's ``leadingFraction``: digits after the point; past int64 precision further digits are skipped."""
    x, scale, i, overflow = 0, 1.0, 0, False
    while i < len(s) and "0" <= s[i] <= "9":
        if not overflow:
            y = x * 10 + ord(s[i]) - 48
            if x > (_LIMIT - 1) // 10 or y > _LIMIT:
                overflow = True
            else:
                x, scale = y, scale * 10
        i += 1
    return x, scale, s[i:], i > 0


def format_duration(ns: int) -> str:
    """Go's ``Duration.String``: ``"72h3m0.5s"``; below one second ``"1.5ms"``, ``"2µs"`` (U+00B5), ``"3ns"``;
    ``"0s"`` for zero. ``ns`` must be in the int64 range, as a Go Duration is."""
    if not -_LIMIT <= ns < _LIMIT:
        raise OverflowError(f"{ns} is outside the int64 range of a Go time.Duration")
    sign, u = ("-" if ns < 0 else ""), abs(ns)
    if u < SECOND:
        if u == 0:
            return "0s"
        if u < MICROSECOND:
            return f"{sign}{u}ns"
        if u < MILLISECOND:
            return f"{sign}{_with_fraction(u, 3)}\u00b5s"
        return f"{sign}{_with_fraction(u, 6)}ms"
    seconds = _with_fraction(u % MINUTE, 9)
    minutes, hours = (u // MINUTE) % 60, u // HOUR
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}s"
    if minutes:
        return f"{sign}{minutes}m{seconds}s"
    return f"{sign}{seconds}s"


def _with_fraction(v: int, prec: int) -> str:
    """``v / 10**prec`` written with the fraction's trailing zeros (and a bare point) left out (``fmtFrac``)."""
    whole, frac = divmod(v, 10**prec)
    digits = f"{frac:0{prec}d}".rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)
