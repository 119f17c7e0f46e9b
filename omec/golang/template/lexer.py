"""Lexer of Go's ``text/template`` (a port of ``text/template/parse/lex.go``, https://pkg.go.dev/text/template).

The text is cut into tokens the way Go's lexer cuts it, so that the parser reports Go's first error: lexical
errors become an :attr:`Kind.ERROR` token (the last one) that the parser turns into a message when it reaches
it. Each token carries the line where it starts, as Go's items do. The delimiters are Go's defaults ``{{`` and
``}}``; ``{{- `` and `` -}}`` trim the spaces (space, tab, CR, LF) beside them.
"""
from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import NamedTuple

from omec.golang.strconv import quote

# Go's item types. FIELD: .Name; IDENTIFIER: a function name; CHAR: any other printable ASCII character; COMPLEX:
# 1+2i; STRING: "quoted"; RAW_STRING: `raw`; CHAR_CONSTANT: 'c'; VARIABLE: $ or $x; DECLARE: :=; ASSIGN: =;
# KEYWORD: one of _KEYWORDS; ERROR: the value is the message.
Kind = Enum(
    "Kind",
    "TEXT LEFT_DELIM RIGHT_DELIM SPACE FIELD IDENTIFIER DOT CHAR NUMBER COMPLEX STRING RAW_STRING CHAR_CONSTANT "
    "VARIABLE PIPE DECLARE ASSIGN LEFT_PAREN RIGHT_PAREN BOOL NIL KEYWORD ERROR EOF",
)


class Token(NamedTuple):
    kind: Kind
    val: str
    line: int


_SPACES = " \t\r\n"
_KEYWORDS = frozenset({"block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"})
_LEFT_DELIM, _RIGHT_DELIM = "{{", "}}"
_LEFT_COMMENT, _RIGHT_COMMENT = "/*", "*/"
_TRIM_MARKER_LEN = 2  # " -" before "}}", "- " after "{{"
_ONE_CHAR_TOKENS = {"=": Kind.ASSIGN, "|": Kind.PIPE, "(": Kind.LEFT_PAREN, ")": Kind.RIGHT_PAREN}
_TERMINATORS = frozenset(_SPACES + ".,|:)(")
_DECIMAL_DIGITS = "0123456789_"
_HEX_DIGITS = "0123456789abcdefABCDEF_"
_NUMBER_BASES = {"xX": _HEX_DIGITS, "oO": "01234567_", "bB": "01_"}

_State = Callable[[], "_State"] | None


def _go_rune(ch: str) -> str:
    """Go's ``%#U`` of a character: ``U+005B '['`` (without the quoted form when it is not printable)."""
    return f"U+{ord(ch):04X} '{ch}'" if ch.isprintable() else f"U+{ord(ch):04X}"


def _is_alphanumeric(ch: str) -> bool:
    """Go's ``isAlphaNumeric``: ``_``, a Unicode letter or a decimal digit."""
    return ch == "_" or ch.isalpha() or ch.isdecimal()


def lex(text: str) -> list[Token]:
    """All tokens of ``text``, ending with ``EOF`` or with the first ``ERROR``."""
    return _Lexer(text).run()


class _Lexer:
    def __init__(self, text: str):
        self.text = text
        self.start = 0  # start of the pending token
        self.pos = 0
        self.paren_depth = 0
        self.tokens: list[Token] = []
        self._line = 1
        self._line_pos = 0  # self._line is the line of this position

    def run(self) -> list[Token]:
        """Run the states (Go's stateFn) from the text state until one returns None."""
        state: _State = self._text
        while state is not None:
            state = state()
        return self.tokens

    def _line_at(self, pos: int) -> int:
        self._line += self.text.count("\n", self._line_pos, pos)
        self._line_pos = pos
        return self._line

    def _emit(self, kind: Kind, end: int | None = None) -> None:
        """Emit ``text[start:end]`` (``end`` defaults to ``pos``) and start the next token at ``pos``."""
        self.tokens.append(Token(kind, self.text[self.start : self.pos if end is None else end],
                                 self._line_at(self.start)))
        self.start = self.pos

    def _ignore(self) -> None:
        self.start = self.pos

    def _error(self, message: str) -> _State:
        """Emit an error token; the lexing stops."""
        self.tokens.append(Token(Kind.ERROR, message, self._line_at(self.start)))
        return None

    def _peek(self) -> str:
        """The next character, "" at the end."""
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _next(self) -> str:
        ch = self._peek()
        self.pos += len(ch)
        return ch

    def _accept(self, chars: str) -> bool:
        if self._peek() and self._peek() in chars:
            self.pos += 1
            return True
        return False

    def _accept_run(self, chars: str) -> None:
        while self._accept(chars):
            pass

    def _at_right_delim(self) -> tuple[bool, bool]:
        """(at ``}}``, with a `` -`` trim marker before it)."""
        text, pos = self.text, self.pos
        if pos < len(text) and text[pos] in _SPACES and text.startswith("-" + _RIGHT_DELIM, pos + 1):
            return True, True
        return text.startswith(_RIGHT_DELIM, pos), False

    def _at_terminator(self) -> bool:
        """Whether the next character can end a field, variable or identifier."""
        ch = self._peek()
        return not ch or ch in _TERMINATORS or self.text.startswith(_RIGHT_DELIM, self.pos)

    def _text(self) -> _State:
        delim = self.text.find(_LEFT_DELIM, self.pos)
        if delim < 0:
            self.pos = len(self.text)
            if self.pos > self.start:
                self._emit(Kind.TEXT)
            self._emit(Kind.EOF)
            return None
        self.pos = end = delim
        if _has_left_trim_marker(self.text, delim + len(_LEFT_DELIM)):
            end = self.start + len(self.text[self.start : delim].rstrip(_SPACES))
        if end > self.start:
            self._emit(Kind.TEXT, end)
        self._ignore()
        return self._left_delim

    def _left_delim(self) -> _State:
        self.pos += len(_LEFT_DELIM)
        after_marker = _TRIM_MARKER_LEN if _has_left_trim_marker(self.text, self.pos) else 0
        if self.text.startswith(_LEFT_COMMENT, self.pos + after_marker):
            self.pos += after_marker
            self._ignore()
            return self._comment
        self._emit(Kind.LEFT_DELIM)
        self.pos += after_marker
        self._ignore()
        self.paren_depth = 0
        return self._inside_action

    def _comment(self) -> _State:
        end = self.text.find(_RIGHT_COMMENT, self.pos + len(_LEFT_COMMENT))
        if end < 0:
            return self._error("unclosed comment")
        self.pos = end + len(_RIGHT_COMMENT)
        delim, trim = self._at_right_delim()
        if not delim:
            return self._error("comment ends before closing delimiter")
        self.pos += (_TRIM_MARKER_LEN if trim else 0) + len(_RIGHT_DELIM)
        if trim:
            self._accept_run(_SPACES)
        self._ignore()
        return self._text

    def _right_delim(self) -> _State:
        _, trim = self._at_right_delim()
        if trim:
            self.pos += _TRIM_MARKER_LEN
            self._ignore()
        self.pos += len(_RIGHT_DELIM)
        self._emit(Kind.RIGHT_DELIM)
        if trim:
            self._accept_run(_SPACES)
            self._ignore()
        return self._text

    def _inside_action(self) -> _State:
        delim, _ = self._at_right_delim()
        if delim:
            return self._right_delim if self.paren_depth == 0 else self._error("unclosed left paren")
        ch = self._next()
        if not ch:
            return self._error("unclosed action")
        if ch in _SPACES:
            self.pos -= 1
            return self._space
        if ch == ")" and self.paren_depth == 0:
            return self._error("unexpected right paren")
        if ch in _ONE_CHAR_TOKENS:
            self.paren_depth += {"(": 1, ")": -1}.get(ch, 0)
            self._emit(_ONE_CHAR_TOKENS[ch])
            return self._inside_action
        if ch == ":":
            if self._next() != "=":
                return self._error("expected :=")
            self._emit(Kind.DECLARE)
            return self._inside_action
        if ch == '"':
            return self._quote(Kind.STRING, '"', "quoted string")
        if ch == "'":
            return self._quote(Kind.CHAR_CONSTANT, "'", "character constant")
        if ch == "`":
            return self._raw_quote
        if ch == "$":
            return self._field_or_variable(Kind.VARIABLE)
        if ch == "." and self._peek() and not ("0" <= self._peek() <= "9"):
            return self._field_or_variable(Kind.FIELD)
        if ch in "+-." or "0" <= ch <= "9":
            self.pos -= 1
            return self._number
        if _is_alphanumeric(ch):
            self.pos -= 1
            return self._identifier
        if " " < ch <= "~":
            self._emit(Kind.CHAR)
            return self._inside_action
        return self._error(f"unrecognized character in action: {_go_rune(ch)}")

    def _space(self) -> _State:
        self._accept_run(_SPACES)
        if self.text.startswith("-" + _RIGHT_DELIM, self.pos):  # " -}}": the last space belongs to the marker
            self.pos -= 1
            if self.pos == self.start:
                return self._right_delim
        self._emit(Kind.SPACE)
        return self._inside_action

    def _quote(self, kind: Kind, delimiter: str, name: str) -> _State:
        while True:
            ch = self._next()
            if ch == "\\" and self._peek() not in ("", "\n"):
                self.pos += 1
            elif ch in ("", "\n", "\\"):
                return self._error(f"unterminated {name}")
            elif ch == delimiter:
                self._emit(kind)
                return self._inside_action

    def _raw_quote(self) -> _State:
        end = self.text.find("`", self.pos)
        if end < 0:
            return self._error("unterminated raw quoted string")
        self.pos = end + 1
        self._emit(Kind.RAW_STRING)
        return self._inside_action

    def _field_or_variable(self, kind: Kind) -> _State:
        if self._at_terminator():  # "." or "$" alone
            self._emit(Kind.DOT if kind is Kind.FIELD else Kind.VARIABLE)
            return self._inside_action
        if not self._scan_word():
            return self._error(f"bad character {_go_rune(self._peek())}")
        self._emit(kind)
        return self._inside_action

    def _identifier(self) -> _State:
        if not self._scan_word():
            return self._error(f"bad character {_go_rune(self._peek())}")
        word = self.text[self.start : self.pos]
        if word in _KEYWORDS:
            self._emit(Kind.KEYWORD)
        elif word == "nil":
            self._emit(Kind.NIL)
        else:
            self._emit(Kind.BOOL if word in ("true", "false") else Kind.IDENTIFIER)
        return self._inside_action

    def _scan_word(self) -> bool:
        """Scan alphanumeric characters; false when no terminator follows them."""
        while _is_alphanumeric(self._peek()):
            self.pos += 1
        return self._at_terminator()

    def _number(self) -> _State:
        valid = self._scan_number()
        complex_number = valid and self._peek() != "" and self._peek() in "+-"  # 1+2i, no spaces
        if complex_number:
            valid = self._scan_number() and self.text[self.pos - 1] == "i"
        if not valid:
            return self._error(f"bad number syntax: {quote(self.text[self.start : self.pos])}")
        self._emit(Kind.COMPLEX if complex_number else Kind.NUMBER)
        return self._inside_action

    def _scan_number(self) -> bool:
        """Go's scanNumber: false when an alphanumeric character follows."""
        self._accept("+-")
        digits = _DECIMAL_DIGITS
        if self._accept("0"):
            digits = next((run for prefix, run in _NUMBER_BASES.items() if self._accept(prefix)), digits)
        self._accept_run(digits)
        if self._accept("."):
            self._accept_run(digits)
        if (digits is _DECIMAL_DIGITS and self._accept("eE")) or (digits is _HEX_DIGITS and self._accept("pP")):
            self._accept("+-")
            self._accept_run(_DECIMAL_DIGITS)
        self._accept("i")
        if _is_alphanumeric(self._peek()):
            self.pos += 1
            return False
        return True


def _has_left_trim_marker(text: str, pos: int) -> bool:
    """``{{-`` followed by a space."""
    return text.startswith("-", pos) and pos + 1 < len(text) and text[pos + 1] in _SPACES
