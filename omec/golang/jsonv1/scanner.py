"""Go's JSON syntax check (``encoding/json`` ``checkValid``, scanner.go) and a parser of the checked text into
:class:`Node` trees.

``json.Unmarshal`` first runs the whole input through a byte-level state machine and fails with its first
:class:`SyntaxError`; only valid input is decoded. The scanner below is that state machine, transition for
transition, with Go's messages: ``invalid character 'x' looking for beginning of value``, ``unexpected end of JSON
input``, ``invalid character '}' in literal true (expecting 'e')``... A byte is named as Go's ``quoteChar`` does:
the byte as a rune (so the first byte of ``é`` is ``'Ã'``). Nesting deeper than 10000 is ``exceeded max depth``.
Python's ``json`` module accepts ``NaN``/``Infinity`` and recurses on nesting; neither happens here.
"""
from __future__ import annotations

from typing import NamedTuple

from omec.golang.strconv import quote

__all__ = ["JSONSyntaxError", "Node", "parse"]

MAX_DEPTH = 10000
_SPACE = b" \t\r\n"
_HEX = frozenset(b"0123456789abcdefABCDEF")
_DIGITS = frozenset(b"0123456789")
_OBJECT_KEY, _OBJECT_VALUE, _ARRAY_VALUE = 0, 1, 2


class JSONSyntaxError(ValueError):
    """A ``*json.SyntaxError``; the message is Go's."""


class Node(NamedTuple):
    """A JSON value: ``kind`` object, array, string, number, true, false or null; ``value`` the members
    (``[(key, Node)]``), the items, the decoded string or the number's text; ``raw`` its bytes in the input."""

    kind: str
    value: object
    raw: bytes


def _quote_char(c: int) -> str:
    if c == 0x27:
        return "'\\''"
    if c == 0x22:
        return "'\"'"
    return "'" + quote(chr(c))[1:-1] + "'"


class _Scanner:
    """``encoding/json``'s ``scanner``: ``step`` is the current state function, ``stack`` the parse states."""

    def __init__(self) -> None:
        self.step = self.begin_value
        self.stack: list[int] = []
        self.end_top = False

    def fail(self, c: int, context: str) -> None:
        raise JSONSyntaxError(f"invalid character {_quote_char(c)} {context}")

    def push(self, c: int, state: int) -> None:
        self.stack.append(state)
        if len(self.stack) > MAX_DEPTH:
            self.fail(c, "exceeded max depth")

    def pop(self) -> None:
        self.stack.pop()
        if not self.stack:
            self.step, self.end_top = self.end_top_state, True
        else:
            self.step = self.end_value

    def begin_value_or_empty(self, c: int) -> None:
        if c in _SPACE:
            return
        if c == 0x5D:
            self.end_value(c)
        else:
            self.begin_value(c)

    def begin_value(self, c: int) -> None:
        if c in _SPACE:
            return
        if c == 0x7B:
            self.step = self.begin_string_or_empty
            self.push(c, _OBJECT_KEY)
        elif c == 0x5B:
            self.step = self.begin_value_or_empty
            self.push(c, _ARRAY_VALUE)
        elif c == 0x22:
            self.step = self.in_string
        elif c == 0x2D:
            self.step = self.neg
        elif c == 0x30:
            self.step = self.zero
        elif 0x31 <= c <= 0x39:
            self.step = self.one
        elif c in _LITERALS:
            self.step = self._literal(_LITERALS[c], 1)
        else:
            self.fail(c, "looking for beginning of value")

    def begin_string_or_empty(self, c: int) -> None:
        if c in _SPACE:
            return
        if c == 0x7D:
            self.stack[-1] = _OBJECT_VALUE
            self.end_value(c)
        else:
            self.begin_string(c)

    def begin_string(self, c: int) -> None:
        if c in _SPACE:
            return
        if c == 0x22:
            self.step = self.in_string
        else:
            self.fail(c, "looking for beginning of object key string")

    def end_value(self, c: int) -> None:
        if not self.stack:
            self.step, self.end_top = self.end_top_state, True
            self.end_top_state(c)
            return
        if c in _SPACE:
            self.step = self.end_value
            return
        state = self.stack[-1]
        if state == _OBJECT_KEY:
            if c != 0x3A:
                self.fail(c, "after object key")
            self.stack[-1], self.step = _OBJECT_VALUE, self.begin_value
        elif state == _OBJECT_VALUE:
            if c == 0x2C:
                self.stack[-1], self.step = _OBJECT_KEY, self.begin_string
            elif c == 0x7D:
                self.pop()
            else:
                self.fail(c, "after object key:value pair")
        elif c == 0x2C:
            self.step = self.begin_value
        elif c == 0x5D:
            self.pop()
        else:
            self.fail(c, "after array element")

    def end_top_state(self, c: int) -> None:
        if c not in _SPACE:
            self.fail(c, "after top-level value")

    def in_string(self, c: int) -> None:
        if c == 0x22:
            self.step = self.end_value
        elif c == 0x5C:
            self.step = self.in_string_escape
        elif c < 0x20:
            self.fail(c, "in string literal")

    def in_string_escape(self, c: int) -> None:
        if c in b'bfnrt\\/"':
            self.step = self.in_string
        elif c == 0x75:
            self.step = self._hex_escape(4)
        else:
            self.fail(c, "in string escape code")

    def _hex_escape(self, left: int):
        def state(c: int) -> None:
            if c not in _HEX:
                self.fail(c, "in \\u hexadecimal character escape")
            self.step = self.in_string if left == 1 else self._hex_escape(left - 1)
        return state

    def neg(self, c: int) -> None:
        if c == 0x30:
            self.step = self.zero
        elif 0x31 <= c <= 0x39:
            self.step = self.one
        else:
            self.fail(c, "in numeric literal")

    def one(self, c: int) -> None:
        if c in _DIGITS:
            return
        self.zero(c)

    def zero(self, c: int) -> None:
        if c == 0x2E:
            self.step = self.dot
        elif c in b"eE":
            self.step = self.exponent
        else:
            self.end_value(c)

    def dot(self, c: int) -> None:
        if c not in _DIGITS:
            self.fail(c, "after decimal point in numeric literal")
        self.step = self.fraction

    def fraction(self, c: int) -> None:
        if c in _DIGITS:
            return
        if c in b"eE":
            self.step = self.exponent
        else:
            self.end_value(c)

    def exponent(self, c: int) -> None:
        if c in b"+-":
            self.step = self.exponent_sign
        else:
            self.exponent_sign(c)

    def exponent_sign(self, c: int) -> None:
        if c not in _DIGITS:
            self.fail(c, "in exponent of numeric literal")
        self.step = self.exponent_digits

    def exponent_digits(self, c: int) -> None:
        if c not in _DIGITS:
            self.end_value(c)

    def _literal(self, word: bytes, index: int):
        def state(c: int) -> None:
            if c != word[index]:
                self.fail(c, f"in literal {word.decode()} (expecting {_quote_char(word[index])})")
            self.step = self.end_value if index == len(word) - 1 else self._literal(word, index + 1)
        return state


_LITERALS = {0x74: b"true", 0x66: b"false", 0x6E: b"null"}


def check_valid(data: bytes) -> None:
    """Go's ``checkValid``: raises :class:`JSONSyntaxError` with the first error."""
    scanner = _Scanner()
    for c in data:
        scanner.step(c)
    if scanner.end_top:
        return
    scanner.step(0x20)
    if not scanner.end_top:
        raise JSONSyntaxError("unexpected end of JSON input")


def parse(text: str) -> Node:
    """Check ``text`` as Go does, then parse it (iteratively: any nesting Go accepts)."""
    data = text.encode("utf-8", "surrogatepass")
    check_valid(data)
    return _Parser(data).parse()


class _Parser:
    """Builds :class:`Node` trees from input :func:`check_valid` accepted (so no error handling here)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def skip_space(self) -> None:
        while self.pos < len(self.data) and self.data[self.pos] in _SPACE:
            self.pos += 1

    def parse(self) -> Node:
        # Each frame: [kind, start, members or items, pending key]
        stack: list[list] = []
        while True:
            self.skip_space()
            c = self.data[self.pos]
            if c in b"{[":
                stack.append(["object" if c == 0x7B else "array", self.pos, [], None])
                self.pos += 1
                self.skip_space()
                if self.data[self.pos] in b"}]":
                    node = self.close(stack.pop())
                elif c == 0x7B:
                    stack[-1][3] = self.key()
                    continue
                else:
                    continue
            else:
                node = self.scalar()
            while True:
                if not stack:
                    return node
                frame = stack[-1]
                frame[2].append((frame[3], node) if frame[0] == "object" else node)
                self.skip_space()
                if self.data[self.pos] == 0x2C:
                    self.pos += 1
                    if frame[0] == "object":
                        frame[3] = self.key()
                    break
                node = self.close(stack.pop())

    def close(self, frame: list) -> Node:
        self.pos += 1  # the closing bracket
        return Node(frame[0], frame[2], self.data[frame[1] : self.pos])

    def key(self) -> str:
        self.skip_space()
        key = self.string()
        self.skip_space()
        self.pos += 1  # the colon
        return key

    def scalar(self) -> Node:
        start, c = self.pos, self.data[self.pos]
        if c == 0x22:
            value: object = self.string()
            return Node("string", value, self.data[start : self.pos])
        for word in (b"true", b"false", b"null"):
            if self.data.startswith(word, start):
                self.pos += len(word)
                return Node(word.decode(), None, word)
        while self.pos < len(self.data) and self.data[self.pos] in b"+-.eE0123456789":
            self.pos += 1
        raw = self.data[start : self.pos]
        return Node("number", raw.decode(), raw)

    def string(self) -> str:
        """Go's ``unquote``: escapes decoded, invalid UTF-8 and unpaired surrogates become U+FFFD."""
        data, i = self.data, self.pos + 1
        out: list[str] = []
        run = i
        while data[i] != 0x22:
            if data[i] != 0x5C:
                i += 1
                continue
            out.append(data[run:i].decode("utf-8", "replace"))
            escape = data[i + 1]
            if escape == 0x75:
                code, i = int(data[i + 2 : i + 6], 16), i + 6
                if 0xD800 <= code < 0xDC00 and data[i : i + 2] == b"\\u":
                    low = int(data[i + 2 : i + 6], 16)
                    if 0xDC00 <= low < 0xE000:
                        code, i = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), i + 6
                out.append("\ufffd" if 0xD800 <= code < 0xE000 else chr(code))
            else:
                out.append({0x62: "\b", 0x66: "\f", 0x6E: "\n", 0x72: "\r", 0x74: "\t"}.get(escape, chr(escape)))
                i += 2
            run = i
        out.append(data[run:i].decode("utf-8", "replace"))
        self.pos = i + 1
        return "".join(out)
