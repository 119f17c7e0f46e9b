"""Parser of Go's ``text/template`` (a port of ``text/template/parse/parse.go``, https://pkg.go.dev/text/template).

:func:`parse` reports the first error as Go's parser does (``template: NAME:LINE: function "x" not defined``,
``bad character U+005B '['``, ``unexpected "\\\\" in operand``...), the line being the one of the last token
read, as in Go. It builds the tree of a template without control structures: text and actions whose pipelines
are commands of operands. ``{{if}}``, ``{{range}}``, ``{{with}}``, ``{{define}}``, ``{{block}}``,
``{{template}}`` and variable declarations are valid Go that omec does not execute: they raise
:class:`Unsupported` when reached. So ``{{break}}``, ``{{continue}}``, ``{{else}}`` and ``{{end}}`` are always
outside a block, and get Go's parse error.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from omec.golang.strconv import quote, unquote, unquote_char
from omec.golang.template.lexer import Kind, Token, lex

# Go's predefined global functions (https://pkg.go.dev/text/template#hdr-Functions).
_BUILTIN_FUNCTIONS = frozenset(
    {"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery",
     "eq", "ge", "gt", "le", "lt", "ne"}
)
_OPERAND_START = frozenset({Kind.BOOL, Kind.CHAR_CONSTANT, Kind.COMPLEX, Kind.DOT, Kind.FIELD, Kind.IDENTIFIER,
                            Kind.NUMBER, Kind.NIL, Kind.RAW_STRING, Kind.STRING, Kind.VARIABLE, Kind.LEFT_PAREN})
_LITERAL_NODES = {Kind.DOT: "dot", Kind.NIL: "nil", Kind.BOOL: "bool"}
_CONSTANT_NODES = frozenset({"bool", "dot", "nil", "number", "string"})  # not executable after a pipe


class TemplateError(Exception):
    """A template that does not parse or execute, with Go's message."""


class Unsupported(TemplateError):
    """A valid Go template construct omec does not execute; ``what`` names it (e.g. ``{{if}}``)."""

    def __init__(self, what: str):
        super().__init__(f"{what} is valid in Go templates but omec does not render it")
        self.what = what


class Node(NamedTuple):
    """An operand. ``kind``: field, variable, dot, identifier, string, number, bool, nil, pipe or chain."""

    kind: str
    text: str  # Go's String() of the node, as messages show it
    line: int
    value: object = None  # a string's value, a pipe's commands, a chain's operand
    fields: tuple[str, ...] = ()  # .A.B of a field, $.A.B of a variable, (x).A.B of a chain


Command = tuple[Node, ...]
Pipeline = tuple[Command, ...]


class Template(NamedTuple):
    """A parsed template: its text pieces and actions (pipelines), in order."""

    name: str
    pieces: tuple[str | Pipeline, ...]


def parse(text: str, name: str) -> Template:
    """Parse ``text`` as the template ``name``; raises :class:`TemplateError` with Go's first error."""
    return Template(name, _Parser(lex(text), name).parse())


def _is_number(text: str, complex_number: bool) -> bool:
    """Whether Go reads ``text`` as a number: an integer (``0x``, ``0o``, ``0b`` prefixes), a float (hexadecimal
    ones need a ``p`` exponent), or a complex ``1+2i``. omec does not execute numbers, so it only checks them."""
    readers: list[Callable[[str], object]] = [lambda t: int(t, 0), float]
    if "p" in text.lower():
        readers = [float.fromhex]
    if complex_number:
        readers = [lambda t: complex(t[:-1] + "j")]
    for read in readers:
        try:
            read(text)
            return True
        except ValueError:
            pass
    return False


def _item(token: Token) -> str:
    """Go's item String() as used in "unexpected ..." messages."""
    if token.kind is Kind.EOF:
        return "EOF"
    if token.kind in (Kind.KEYWORD, Kind.DOT, Kind.NIL):
        return f"<{token.val}>"
    if len(token.val.encode()) > 10:  # bytes, while %.10q keeps 10 characters
        return quote(token.val[:10]) + "..."
    return quote(token.val)


class _Parser:
    def __init__(self, tokens: list[Token], name: str):
        self.tokens = tokens
        self.name = name
        self.i = 0
        self.furthest = 0  # the last token read (Go's t.token[0]): its line is the one of parse errors
        self.action_line = 0  # line of the {{ of the action being parsed

    # --- token stream -------------------------------------------------------------------------------

    def _next(self) -> Token:
        token = self._peek()
        self.i += 1
        return token

    def _backup(self) -> None:
        self.i -= 1

    def _peek(self) -> Token:
        self.furthest = max(self.furthest, self.i)
        return self.tokens[self.i]

    def _next_non_space(self) -> Token:
        token = self._next()
        while token.kind is Kind.SPACE:
            token = self._next()
        return token

    def _error(self, message: str) -> TemplateError:
        return TemplateError(f"template: {self.name}:{self.tokens[self.furthest].line}: {message}")

    def _unexpected(self, token: Token, context: str) -> TemplateError:
        if token.kind is not Kind.ERROR:
            return self._error(f"unexpected {_item(token)} in {context}")
        extra = ""
        if self.action_line and self.action_line != token.line:
            extra = f" in action started at {self.name}:{self.action_line}"
            if token.val.endswith(" action"):  # "unclosed action started at ...", not "action in action"
                extra = extra.removeprefix(" in action")
        return self._error(token.val + extra)

    def _expect_right_delim(self, context: str) -> None:
        token = self._next_non_space()
        if token.kind is not Kind.RIGHT_DELIM:
            raise self._unexpected(token, context)

    # --- grammar ------------------------------------------------------------------------------------

    def parse(self) -> tuple[str | Pipeline, ...]:
        pieces: list[str | Pipeline] = []
        while True:
            token = self._next()
            if token.kind is Kind.EOF:
                return tuple(pieces)
            if token.kind is Kind.TEXT:
                pieces.append(token.val)
            elif token.kind is Kind.LEFT_DELIM:
                self.action_line = token.line
                pieces.append(self._action())
                self.action_line = 0
            else:
                raise self._unexpected(token, "input")

    def _action(self) -> Pipeline:
        start = self.i
        token = self._next_non_space()
        if token.kind is Kind.KEYWORD:
            self._keyword(token.val)
        self.i = start
        return self._pipeline(Kind.RIGHT_DELIM, "command")

    def _keyword(self, word: str) -> None:
        """Raise for an action starting with a keyword. Without the blocks omec refuses, ``{{break}}``,
        ``{{continue}}``, ``{{else}}`` and ``{{end}}`` are outside any block: Go's parse errors."""
        if word in ("break", "continue"):
            self._expect_right_delim(f"{{{{{word}}}}}")
            raise self._error(f"{{{{{word}}}}} outside {{{{range}}}}")
        if word in ("else", "end"):
            if word == "end" or self._peek_non_space_keyword() not in ("if", "with"):  # {{else if}}: an else
                self._expect_right_delim(word)
            raise self._error(f"unexpected {{{{{word}}}}}")
        raise Unsupported(f"{{{{{word}}}}}")

    def _peek_non_space_keyword(self) -> str:
        start = self.i
        token = self._next_non_space()
        self.i = start
        return token.val if token.kind is Kind.KEYWORD else ""

    def _pipeline(self, end: Kind, context: str) -> Pipeline:
        self._declarations(context)
        commands: list[Command] = []
        while True:
            token = self._next_non_space()
            if token.kind is end:
                if not commands:
                    raise self._error(f"missing value for {context}")
                for stage, command in enumerate(commands[1:], start=2):
                    if command[0].kind in _CONSTANT_NODES:
                        raise self._error(f"non executable command in pipeline stage {stage}")
                return tuple(commands)
            if token.kind not in _OPERAND_START:
                raise self._unexpected(token, context)
            self._backup()
            commands.append(self._command())

    def _declarations(self, context: str) -> None:
        """Raise for a pipeline that starts by declaring or assigning variables (``$x := ...``, ``$x = ...``);
        ``$x, $y :=`` is valid in ``{{range}}`` only."""
        start = self.i
        if self._next_non_space().kind is Kind.VARIABLE:
            after = self._next_non_space()
            if after.kind in (Kind.DECLARE, Kind.ASSIGN):
                raise Unsupported("a variable declaration")
            if after.kind is Kind.CHAR and after.val == ",":
                raise self._error(f"too many declarations in {context}")
        self.i = start

    def _command(self) -> Command:
        args = []
        while True:
            self._next_non_space()
            self._backup()
            operand = self._operand()
            if operand is not None:
                args.append(operand)
            token = self._next()
            if token.kind is Kind.SPACE:
                continue
            if token.kind in (Kind.RIGHT_DELIM, Kind.RIGHT_PAREN):
                self._backup()
            elif token.kind is not Kind.PIPE:
                raise self._unexpected(token, "operand")
            break
        if not args:
            raise self._error("empty command")
        return tuple(args)

    def _operand(self) -> Node | None:
        node = self._term()
        if node is None or self._peek().kind is not Kind.FIELD:
            return node
        fields = []
        while self._peek().kind is Kind.FIELD:
            fields.append(self._next().val[1:])
        text = node.text + "".join("." + f for f in fields)
        if node.kind in ("field", "variable"):
            return node._replace(text=text, fields=(*node.fields, *fields))
        if node.kind in _CONSTANT_NODES:
            raise self._error(f"unexpected . after term {quote(node.text)}")
        return Node("chain", text, node.line, node, tuple(fields))

    def _term(self) -> Node | None:
        token = self._next_non_space()
        kind, line = token.kind, token.line
        if kind is Kind.IDENTIFIER:
            if token.val not in _BUILTIN_FUNCTIONS:
                raise self._error(f"function {quote(token.val)} not defined")
            return Node("identifier", token.val, line)
        if kind is Kind.VARIABLE:
            if token.val != "$":
                raise self._error(f"undefined variable {quote(token.val)}")
            return Node("variable", "$", line)
        if kind is Kind.FIELD:
            return Node("field", token.val, line, fields=(token.val[1:],))
        if kind in (Kind.NUMBER, Kind.COMPLEX):
            return self._number(token)
        if kind is Kind.CHAR_CONSTANT:
            return self._char_constant(token)
        if kind in (Kind.STRING, Kind.RAW_STRING):
            try:
                return Node("string", token.val, line, unquote(token.val))
            except ValueError:
                raise self._error("invalid syntax") from None
        if kind is Kind.LEFT_PAREN:
            pipe = self._pipeline(Kind.RIGHT_PAREN, "parenthesized pipeline")
            text = "(" + " | ".join(" ".join(arg.text for arg in command) for command in pipe) + ")"
            return Node("pipe", text, line, pipe)
        if kind in _LITERAL_NODES:
            return Node(_LITERAL_NODES[kind], token.val, line)
        self._backup()
        return None

    def _number(self, token: Token) -> Node:
        if not _is_number(token.val.replace("_", ""), complex_number=token.kind is Kind.COMPLEX):
            raise self._error(f"illegal number syntax: {quote(token.val)}")
        return Node("number", token.val, token.line)

    def _char_constant(self, token: Token) -> Node:
        """A character constant is a number (its code point); Go requires exactly one character."""
        try:
            _, end = unquote_char(token.val, 1, "'")
        except ValueError:
            raise self._error("invalid syntax") from None
        if token.val[end:] != "'":
            raise self._error(f"malformed character constant: {token.val}")
        return Node("number", token.val, token.line)
