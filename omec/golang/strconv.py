"""Go's string literals (``strconv.Quote``, ``strconv.Unquote``, https://pkg.go.dev/strconv)."""
from __future__ import annotations

import string

_QUOTE_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
                  "\\": "\\\\", '"': '\\"'}
_UNQUOTE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}
_HEX_ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}
_OCTAL_DIGITS = "01234567"


def quote(text: str) -> str:
    """``strconv.Quote``, which is also fmt's ``%q`` of a string."""
    out = []
    for ch in text:
        if ch in _QUOTE_ESCAPES:
            out.append(_QUOTE_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


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
