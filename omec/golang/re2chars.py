"""Characters, escapes and character classes of Go's RE2 syntax (https://pkg.go.dev/regexp/syntax), parsed as
Go's ``regexp/syntax`` parser does and written as Python ``re`` text; used by :mod:`omec.golang.re2syntax`."""
from __future__ import annotations

import re

__all__ = [
    "ASSERTIONS", "PERL", "GoRegexpError", "UnsupportedRegexp", "char", "class_text", "negate_ranges", "parse_class",
    "parse_escape",
]

_MAX_RUNE = 0x10FFFF
_DIGIT = ((0x30, 0x39),)
_SPACE = ((0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20))
_WORD = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
PERL = {"d": _DIGIT, "s": _SPACE, "w": _WORD}
_POSIX = {
    "alnum": ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)), "alpha": ((0x41, 0x5A), (0x61, 0x7A)),
    "ascii": ((0x00, 0x7F),), "blank": ((0x09, 0x09), (0x20, 0x20)), "cntrl": ((0x00, 0x1F), (0x7F, 0x7F)),
    "digit": _DIGIT, "graph": ((0x21, 0x7E),), "lower": ((0x61, 0x7A),), "print": ((0x20, 0x7E),),
    "punct": ((0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)), "space": ((0x09, 0x0D), (0x20, 0x20)),
    "upper": ((0x41, 0x5A),), "word": _WORD, "xdigit": ((0x30, 0x39), (0x41, 0x46), (0x61, 0x66)),
}
_W = "[0-9A-Za-z_]"
ASSERTIONS = {  # Go's \b and \B look at ASCII word characters only, case folding or not
    "b": f"(?-i:(?<={_W})(?!{_W})|(?<!{_W})(?={_W}))",
    "B": f"(?-i:(?<={_W})(?={_W})|(?<!{_W})(?!{_W}))",
    "A": r"(?:\A)",
    "z": r"(?:\Z)",
}
_C_ESCAPES = {"a": 0x07, "f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B}


class GoRegexpError(ValueError):
    """A pattern Go's ``regexp.Compile`` refuses; the message is Go's ``*syntax.Error`` text."""

    def __init__(self, code: str, expr: str) -> None:
        super().__init__(f"error parsing regexp: {code}: `{expr}`")
        self.code = code
        self.expr = expr


class UnsupportedRegexp(ValueError):
    """A pattern Go accepts that omec does not translate to Python."""


def char(code: int) -> str:
    """One code point as Python pattern text that means only itself, inside or outside a class."""
    ch = chr(code)
    if ch.isascii() and ch.isalnum():
        return ch
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def negate_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The complement of sorted, non-overlapping ranges within 0..U+10FFFF."""
    out, low = [], 0
    for lo, hi in sorted(ranges):
        if lo > low:
            out.append((low, lo - 1))
        low = max(low, hi + 1)
    if low <= _MAX_RUNE:
        out.append((low, _MAX_RUNE))
    return out


def class_text(ranges: list[tuple[int, int]] | tuple[tuple[int, int], ...], negate: bool = False) -> str:
    """A Python character class of the ranges (inclusive code points), negated or not."""
    body = "".join(char(lo) if lo == hi else f"{char(lo)}-{char(hi)}" for lo, hi in ranges)
    return f"[{'^' if negate else ''}{body}]"


def parse_escape(src: str, i: int) -> tuple[int, int]:
    """Go's ``parseEscape`` at the backslash ``src[i]``: (code point, index after it)."""
    t = i + 1
    if t >= len(src):
        raise GoRegexpError("trailing backslash at end of expression", "")
    c, t = src[t], t + 1
    if c < "\x80" and not c.isalnum():
        return ord(c), t
    if c == "0" or ("1" <= c <= "7" and src[t : t + 1] in tuple("01234567")):
        digits = re.compile("[0-7]{0,2}").match(src, t)
        assert digits is not None
        return int(c + digits[0], 8), digits.end()
    if c == "x":
        return _hex_escape(src, i, t)
    if c in _C_ESCAPES:
        return _C_ESCAPES[c], t
    raise GoRegexpError("invalid escape sequence", src[i:t])


def _hex_escape(src: str, i: int, t: int) -> tuple[int, int]:
    """``\\xHH`` or ``\\x{H...}`` (at least one hex digit, at most U+10FFFF)."""
    if src.startswith("{", t):
        m = re.compile(r"\{([0-9A-Fa-f]*)").match(src, t)
        assert m is not None
        digits, end = m[1], m.end()
        for n in range(1, len(digits) + 1):
            if int(digits[:n], 16) > _MAX_RUNE:
                raise GoRegexpError("invalid escape sequence", src[i : t + 1 + n])
        if digits and src.startswith("}", end):
            return int(digits, 16), end + 1
        raise GoRegexpError("invalid escape sequence", src[i : min(end + 1, len(src))])
    pair = src[t : t + 2]
    if len(pair) == 2 and all(ch in "0123456789abcdefABCDEF" for ch in pair):
        return int(pair, 16), t + 2
    raise GoRegexpError("invalid escape sequence", src[i : min(t + 2, len(src))])


def parse_class(src: str, start: int) -> tuple[str, int]:
    """Go's ``parseClass`` at the ``[`` at ``start``: (the Python class with the same members, index after it)."""
    t, negate = start + 1, src.startswith("^", start + 1)
    t += negate
    ranges: list[tuple[int, int]] = []
    first = True
    while t >= len(src) or src[t] != "]" or first:
        first = False
        if src.startswith("[:", t) and len(src) - t > 2:
            named = _posix(src, t)
            if named is not None:
                ranges, t = ranges + named[0], named[1]
                continue
        if src.startswith(("\\p", "\\P"), t):
            raise UnsupportedRegexp(f"omec does not translate Go's Unicode classes (\\p, \\P): {src!r}")
        kind = src[t + 1 : t + 2] if src.startswith("\\", t) else ""
        if kind and kind in "dDsSwW":
            group = list(PERL[kind.lower()])
            ranges, t = ranges + (negate_ranges(group) if kind.isupper() else group), t + 2
            continue
        low_start = t
        lo, t = _class_char(src, t, start)
        hi = lo
        if src[t : t + 1] == "-" and t + 1 < len(src) and src[t + 1] != "]":
            hi, t = _class_char(src, t + 1, start)
            if hi < lo:
                raise GoRegexpError("invalid character class range", src[low_start:t])
        ranges.append((lo, hi))
    return class_text(ranges, negate), t + 1


def _class_char(src: str, t: int, start: int) -> tuple[int, int]:
    """Go's ``parseClassChar``: one character or escape inside ``[...]``."""
    if t >= len(src):
        raise GoRegexpError("missing closing ]", src[start:])
    if src[t] == "\\":
        return parse_escape(src, t)
    return ord(src[t]), t + 1


def _posix(src: str, t: int) -> tuple[list[tuple[int, int]], int] | None:
    """Go's ``parseNamedClass``: ``[:name:]`` or ``[:^name:]``; None when no ``:]`` follows at all."""
    end = src.find(":]", t + 2)
    if end < 0:
        return None
    name = src[t : end + 2]
    group = _POSIX.get(name[2:-2].removeprefix("^"))
    if group is None:
        raise GoRegexpError("invalid character class range", name)
    return (negate_ranges(list(group)) if name[2] == "^" else list(group)), end + 2
