"""Go's strings.TrimSpace and strings.Fields (omec.golang.strings) against Go itself.

Every expected value below was printed by Go 1.26.8's standard library (``strings.TrimSpace``, ``strings.Fields``
and, for GO_IS_SPACE, every code point for which ``unicode.IsSpace`` is true; documented at
https://pkg.go.dev/strings and https://pkg.go.dev/unicode#IsSpace) from a throwaway program, copied unchanged.
"""
from __future__ import annotations

import pytest

from omec.golang.strings import GO_SPACE, fields, trim_space

# unicode.IsSpace over U+0000..U+10FFFF
GO_IS_SPACE = [0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
    0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]
# (input, strings.TrimSpace)
TRIM_SPACE = [
    ("", ""),
    (" ", ""),
    ("a", "a"),
    (" a ", "a"),
    ("\ta\n", "a"),
    ("\u000b\fa\r", "a"),
    (" a", "a"),
    ("　a\u2028", "a"),
    ("\u001ca\u001f", "\u001ca\u001f"),
    ("a b", "a b"),
    (" a  b\tc\n", "a  b\tc"),
    ("​a​", "​a​"),
    ("﻿a", "﻿a"),
    ("a b", "a b"),
    ("a\u001cb", "a\u001cb"),
    (" a ", "a"),
    (" a ", "a"),
    (" a", "a"),
    ("a᠎b", "a᠎b"),
    ("--tp-size 4", "--tp-size 4"),
    ("--tp-size 4", "--tp-size 4"),
]
# (input, strings.Fields)
FIELDS = [
    ("", []),
    (" ", []),
    ("a", ["a"]),
    (" a ", ["a"]),
    ("\ta\n", ["a"]),
    ("\u000b\fa\r", ["a"]),
    (" a", ["a"]),
    ("　a\u2028", ["a"]),
    ("\u001ca\u001f", ["\u001ca\u001f"]),
    ("a b", ["a","b"]),
    (" a  b\tc\n", ["a","b","c"]),
    ("​a​", ["​a​"]),
    ("﻿a", ["﻿a"]),
    ("a b", ["a","b"]),
    ("a\u001cb", ["a\u001cb"]),
    (" a ", ["a"]),
    (" a ", ["a"]),
    (" a", ["a"]),
    ("a᠎b", ["a᠎b"]),
    ("--tp-size 4", ["--tp-size","4"]),
    ("--tp-size 4", ["--tp-size","4"]),
]


def test_space_set_is_gos():
    assert [ord(c) for c in GO_SPACE] == GO_IS_SPACE


@pytest.mark.parametrize(("text", "trimmed"), TRIM_SPACE)
def test_trim_space(text, trimmed):
    assert trim_space(text) == trimmed


@pytest.mark.parametrize(("text", "parts"), FIELDS)
def test_fields(text, parts):
    assert fields(text) == parts


def test_python_strip_differs():
    """Why: Python strips the ASCII separators U+001C..U+001F, Go keeps them (row "\x1ca\x1f" above)."""
    assert "\x1ca\x1f".strip() == "a"
    assert trim_space("\x1ca\x1f") == "\x1ca\x1f"
