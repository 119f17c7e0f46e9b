"""Placeholder templating of the chosen container (spec 02 §2.5).

OME serializes the container to JSON, executes the text as a Go ``html/template`` named
``container-tmpl`` with the InferenceService's ObjectMeta as data, and parses the output back. omec does
the same on the same JSON text (with Go's ``<``/``>``/``&`` escapes), so every quirk carries over: any
``{{`` that is not a valid Go action fails the whole container (Jinja chat templates, double-quoted
arguments, which JSON turns into ``\\"``), inserted values are HTML-escaped, and a value that breaks the JSON
(e.g. a backslash) fails the parse back.

The lexer and parser follow Go's ``text/template/parse`` closely enough to report the same first error
(``function "x" not defined``, ``bad character U+005B '['``, ``unexpected "\\\\" in operand``). Execution
supports ObjectMeta fields, ``.Labels.key`` / ``.Annotations.key`` (missing key -> ""), ``index`` with a map
and a string, and ``printf`` with ``%s %v %d %%``; any other valid action is reported as unsupported.
"""
from __future__ import annotations

import json
from typing import NamedTuple

TEMPLATE = "container-tmpl"
FINALIZER = "inferenceservice.finalizers"  # added by the controller before rendering

# Token kinds (Go item types).
TEXT, LEFT, RIGHT, SPACE, FIELD, IDENT, DOT, CHAR, NUMBER, STRING, RAW, CHARCONST = range(12)
VAR, PIPE, DECLARE, ASSIGN, LPAREN, RPAREN, BOOL, NIL, KEYWORD, ERROR, EOF = range(12, 23)

_SPACES = " \t\r\n"
_KEYWORDS = frozenset({"block", "define", "else", "end", "if", "range", "template", "with"})
_FUNCTIONS = frozenset(
    {"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery",
     "eq", "ge", "gt", "le", "lt", "ne"}
)
_OPERAND_START = frozenset({BOOL, CHARCONST, DOT, FIELD, IDENT, NUMBER, NIL, RAW, STRING, VAR, LPAREN})
_ONE_CHAR_TOKENS = {"=": ASSIGN, "|": PIPE, "(": LPAREN, ")": RPAREN}
_LITERAL_NODES = {DOT: "dot", NIL: "nil", BOOL: "bool"}
_GO_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_HTML_ESCAPES = {"\0": "\ufffd", '"': "&#34;", "&": "&amp;", "'": "&#39;", "+": "&#43;", "<": "&lt;", ">": "&gt;"}
_HTML_TABLE = str.maketrans(_HTML_ESCAPES)
_GO_QUOTE = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
             "\\": "\\\\", '"': '\\"'}


class TemplateError(Exception):
    """Go's error text (the detail after OME's "failed to replace placeholders in container")."""


class _Token(NamedTuple):
    kind: int
    val: str


class _Node(NamedTuple):
    kind: str  # field | var | dot | ident | string | number | bool | nil | pipe | chain
    text: str  # Go's String() of the node, for messages
    value: object = None  # string value, inner pipe or chained node
    fields: tuple = ()


def _rune(ch: str) -> str:
    """Go's ``%#U``."""
    return f"U+{ord(ch):04X} '{ch}'" if ch.isprintable() else f"U+{ord(ch):04X}"


def _go_quote(text: str) -> str:
    """Go's ``%q`` for the texts that appear in parse errors."""
    out = []
    for ch in text:
        if ch in _GO_QUOTE:
            out.append(_GO_QUOTE[ch])
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x80 else f"\\u{ord(ch):04x}")
    return '"' + "".join(out) + '"'


def _is_alnum(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or ch.isdecimal()


# --- lexer (text/template/parse/lex.go) ------------------------------------------------------------


class _Lexer:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.depth = 0
        self.tokens: list[_Token] = []

    def run(self) -> list[_Token]:
        state = self._text
        while state is not None:
            state = state()
        return self.tokens

    def _emit(self, kind: int, val: str) -> None:
        self.tokens.append(_Token(kind, val))

    def _error(self, message: str) -> None:
        self._emit(ERROR, message)

    def _char_at(self, pos: int) -> str:
        return self.text[pos] if pos < len(self.text) else ""

    def _skip_spaces(self) -> None:
        while self._char_at(self.pos) and self._char_at(self.pos) in _SPACES:
            self.pos += 1

    def _at_right_delim(self) -> tuple[bool, bool]:
        """(at ``}}``, with a `` -`` trim marker before it)."""
        text, pos = self.text, self.pos
        if self._char_at(pos) and text[pos] in _SPACES and text.startswith("-}}", pos + 1):
            return True, True
        return text.startswith("}}", pos), False

    def _at_terminator(self) -> bool:
        ch = self._char_at(self.pos)
        return not ch or ch in _SPACES or ch in ".,|:)(" or self.text.startswith("}}", self.pos)

    def _text(self):
        start = self.text.find("{{", self.pos)
        if start < 0:
            if self.pos < len(self.text):
                self._emit(TEXT, self.text[self.pos :])
            self._emit(EOF, "")
            return None
        after = start + 2
        trim = self._char_at(after) == "-" and self._char_at(after + 1) != "" and self.text[after + 1] in _SPACES
        literal = self.text[self.pos : start]
        if trim:
            literal = literal.rstrip(_SPACES)
            after += 2
        if literal:
            self._emit(TEXT, literal)
        self.pos = after
        if self.text.startswith("/*", after):
            return self._comment
        self._emit(LEFT, "{{")
        self.depth = 0
        return self._inside

    def _comment(self):
        end = self.text.find("*/", self.pos + 2)
        if end < 0:
            return self._error("unclosed comment")
        self.pos = end + 2
        delim, trim = self._at_right_delim()
        if not delim:
            return self._error("comment ends before closing delimiter")
        self.pos += 4 if trim else 2
        if trim:
            self._skip_spaces()
        return self._text

    def _right_delim(self):
        _, trim = self._at_right_delim()
        self.pos += 4 if trim else 2
        self._emit(RIGHT, "}}")
        if trim:
            self._skip_spaces()
        return self._text

    def _inside(self):
        delim, _ = self._at_right_delim()
        if delim:
            return self._right_delim if self.depth == 0 else self._error("unclosed left paren")
        ch = self._char_at(self.pos)
        if not ch:
            return self._error("unclosed action")
        if ch in _SPACES:
            return self._space
        self.pos += 1
        if ch in _ONE_CHAR_TOKENS:
            self._emit(_ONE_CHAR_TOKENS[ch], ch)
            if ch == "(":
                self.depth += 1
            elif ch == ")":
                self.depth -= 1
                if self.depth < 0:
                    return self._error("unexpected right paren")
            return self._inside
        if ch == ":":
            if self._char_at(self.pos) != "=":
                return self._error("expected :=")
            self.pos += 1
            self._emit(DECLARE, ":=")
            return self._inside
        if ch in "\"'":
            return self._quoted(ch)
        if ch == "`":
            return self._raw_quote
        if ch == "$":
            return self._field_or_variable(VAR)
        following = self._char_at(self.pos)
        if ch == "." and following and not ("0" <= following <= "9"):
            return self._field_or_variable(FIELD)
        if ch in "+-." or "0" <= ch <= "9":
            self.pos -= 1
            return self._number
        if _is_alnum(ch):
            self.pos -= 1
            return self._identifier
        if " " < ch <= "~":
            self._emit(CHAR, ch)
            return self._inside
        return self._error(f"unrecognized character in action: {_rune(ch)}")

    def _space(self):
        start = self.pos
        self._skip_spaces()
        if self.text.startswith("-}}", self.pos):  # " -}}": the last space belongs to the trim marker
            self.pos -= 1
            if self.pos == start:
                return self._right_delim
        self._emit(SPACE, self.text[start : self.pos])
        return self._inside

    def _quoted(self, quote: str):
        start = self.pos - 1
        kind, name = (STRING, "quoted string") if quote == '"' else (CHARCONST, "character constant")
        while True:
            ch = self._char_at(self.pos)
            self.pos += 1
            if ch == "\\" and self._char_at(self.pos) not in ("", "\n"):
                self.pos += 1
                continue
            if ch in ("", "\n", "\\"):
                return self._error(f"unterminated {name}")
            if ch == quote:
                self._emit(kind, self.text[start : self.pos])
                return self._inside

    def _raw_quote(self):
        end = self.text.find("`", self.pos)
        if end < 0:
            return self._error("unterminated raw quoted string")
        self._emit(RAW, self.text[self.pos - 1 : end + 1])
        self.pos = end + 1
        return self._inside

    def _field_or_variable(self, kind: int):
        start = self.pos - 1
        if self._at_terminator():
            self._emit(DOT if kind == FIELD else VAR, self.text[start : self.pos])
            return self._inside
        while self._char_at(self.pos) and _is_alnum(self.text[self.pos]):
            self.pos += 1
        if not self._at_terminator():
            return self._error(f"bad character {_rune(self.text[self.pos])}")
        self._emit(kind, self.text[start : self.pos])
        return self._inside

    def _identifier(self):
        start = self.pos
        while self._char_at(self.pos) and _is_alnum(self.text[self.pos]):
            self.pos += 1
        if not self._at_terminator():
            return self._error(f"bad character {_rune(self.text[self.pos])}")
        word = self.text[start : self.pos]
        kind = KEYWORD if word in _KEYWORDS else NIL if word == "nil" else BOOL if word in ("true", "false") else IDENT
        self._emit(kind, word)
        return self._inside

    def _accept(self, chars: str) -> bool:
        if self._char_at(self.pos) and self.text[self.pos] in chars:
            self.pos += 1
            return True
        return False

    def _accept_run(self, chars: str) -> None:
        while self._accept(chars):
            pass

    def _number(self):
        start = self.pos
        self._accept("+-")
        digits = "0123456789_"
        if self._accept("0"):
            for prefix, run in (("xX", "0123456789abcdefABCDEF_"), ("oO", "01234567_"), ("bB", "01_")):
                if self._accept(prefix):
                    digits = run
                    break
        self._accept_run(digits)
        if self._accept("."):
            self._accept_run(digits)
        if len(digits) == 11 and self._accept("eE"):
            self._accept("+-")
            self._accept_run("0123456789_")
        self._accept("i")
        if self._char_at(self.pos) and _is_alnum(self.text[self.pos]):
            self.pos += 1
            return self._error(f"bad number syntax: {_go_quote(self.text[start:self.pos])}")
        self._emit(NUMBER, self.text[start : self.pos])
        return self._inside


# --- parser (text/template/parse/parse.go) ---------------------------------------------------------


def _parse_error(message: str) -> TemplateError:
    return TemplateError(f"template: {TEMPLATE}:1: {message}")


def _unsupported(what: str) -> TemplateError:
    return TemplateError(
        f"{what} is valid in Go templates but omec cannot render it offline "
        "(supported: metadata fields such as .Name, .Labels.key, index and printf)"
    )


def _item(token: _Token) -> str:
    """Go's item String() as used in "unexpected ..." messages."""
    if token.kind == EOF:
        return "EOF"
    if token.kind in (KEYWORD, DOT, NIL):
        return f"<{token.val}>"
    if len(token.val) > 10:
        return _go_quote(token.val[:10]) + "..."
    return _go_quote(token.val)


def _number_node(text: str) -> _Node:
    for parse in (lambda t: int(t, 0), lambda t: float(t.replace("_", ""))):
        try:
            parse(text)
            return _Node("number", text)
        except ValueError:
            pass
    raise _parse_error(f"illegal number syntax: {_go_quote(text)}")


def _string_node(token: _Token) -> _Node:
    if token.kind == RAW:
        return _Node("string", token.val, token.val[1:-1].replace("\r", ""))
    try:
        value = json.loads(token.val)
    except ValueError:
        raise _parse_error("invalid syntax") from None
    return _Node("string", token.val, value)


class _Parser:
    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.i = 0

    def _next(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def _backup(self) -> None:
        self.i -= 1

    def _peek(self) -> _Token:
        return self.tokens[self.i]

    def _next_non_space(self) -> _Token:
        token = self._next()
        while token.kind == SPACE:
            token = self._next()
        return token

    def _unexpected(self, token: _Token, context: str) -> TemplateError:
        if token.kind == ERROR:
            return _parse_error(token.val)
        return _parse_error(f"unexpected {_item(token)} in {context}")

    def parse(self) -> list:
        """Text strings and action pipelines (lists of commands), in order."""
        nodes: list = []
        while True:
            token = self._next()
            if token.kind == EOF:
                return nodes
            if token.kind == TEXT:
                nodes.append(token.val)
            elif token.kind == LEFT:
                nodes.append(self._action())
            else:
                raise self._unexpected(token, "input")

    def _action(self) -> list:
        start = self.i
        token = self._next_non_space()
        if token.kind == KEYWORD:
            raise _unsupported(f"{{{{{token.val}}}}}")
        if token.kind == VAR and self._next_non_space().kind in (DECLARE, ASSIGN):
            raise _unsupported("a variable declaration")
        self.i = start
        return self._pipeline(RIGHT, "command")

    def _pipeline(self, end: int, context: str) -> list:
        commands: list = []
        while True:
            token = self._next_non_space()
            if token.kind == end:
                if not commands:
                    raise _parse_error(f"missing value for {context}")
                for stage, command in enumerate(commands[1:], start=2):
                    if command[0].kind in ("bool", "dot", "nil", "number", "string"):
                        raise _parse_error(f"non executable command in pipeline stage {stage}")
                return commands
            if token.kind not in _OPERAND_START:
                raise self._unexpected(token, context)
            self._backup()
            commands.append(self._command())

    def _command(self) -> list:
        args = []
        while True:
            self._next_non_space()
            self._backup()
            operand = self._operand()
            if operand is not None:
                args.append(operand)
            token = self._next()
            if token.kind == SPACE:
                continue
            if token.kind in (RIGHT, RPAREN):
                self._backup()
            elif token.kind != PIPE:
                raise self._unexpected(token, "operand")
            break
        if not args:
            raise _parse_error("empty command")
        return args

    def _operand(self) -> _Node | None:
        node = self._term()
        if node is None or self._peek().kind != FIELD:
            return node
        fields = []
        while self._peek().kind == FIELD:
            fields.append(self._next().val[1:])
        text = node.text + "".join("." + f for f in fields)
        if node.kind in ("field", "var"):
            return _Node(node.kind, text, fields=(*node.fields, *fields))
        if node.kind in ("bool", "string", "number", "nil", "dot"):
            raise _parse_error(f"unexpected . after term {_go_quote(node.text)}")
        return _Node("chain", text, node, tuple(fields))

    def _term(self) -> _Node | None:
        token = self._next_non_space()
        kind = token.kind
        if kind == IDENT:
            if token.val not in _FUNCTIONS and not token.val.startswith("_html_template_"):
                raise _parse_error(f"function {_go_quote(token.val)} not defined")
            return _Node("ident", token.val)
        if kind == VAR:
            if token.val != "$":
                raise _parse_error(f"undefined variable {_go_quote(token.val)}")
            return _Node("var", "$")
        if kind == FIELD:
            return _Node("field", token.val, fields=(token.val[1:],))
        if kind == NUMBER:
            return _number_node(token.val)
        if kind == CHARCONST:
            return _Node("number", token.val)
        if kind in (STRING, RAW):
            return _string_node(token)
        if kind == LPAREN:
            pipe = self._pipeline(RPAREN, "parenthesized pipeline")
            return _Node("pipe", "(" + " | ".join(" ".join(a.text for a in c) for c in pipe) + ")", pipe)
        if kind in _LITERAL_NODES:
            return _Node(_LITERAL_NODES[kind], token.val, token.val == "true")
        self._backup()
        return None


# --- execution -------------------------------------------------------------------------------------


class _Missing:
    """Go's invalid value of a missing map key: prints as nothing."""


MISSING = _Missing()
_NO_FINAL = object()
_META_FIELDS = {  # Go field -> (metadata key, zero value)
    "Name": ("name", ""),
    "GenerateName": ("generateName", ""),
    "Namespace": ("namespace", ""),
    "SelfLink": ("selfLink", ""),
    "UID": ("uid", ""),
    "ResourceVersion": ("resourceVersion", ""),
    "Generation": ("generation", 0),
    "Labels": ("labels", {}),
    "Annotations": ("annotations", {}),
}
_LIVE_ONLY = frozenset({"UID", "ResourceVersion", "Generation"})
_UNRENDERABLE = frozenset(
    {"CreationTimestamp", "DeletionTimestamp", "DeletionGracePeriodSeconds", "OwnerReferences", "ManagedFields"}
)


def _go_type(value: object) -> str:
    if isinstance(value, dict):
        return "map[string]string"
    if isinstance(value, list):
        return "[]string"
    return "int64" if isinstance(value, int) and not isinstance(value, bool) else "string"


def _format(value: object) -> str:
    """``fmt.Sprint`` of the values ObjectMeta can produce (maps print with sorted keys)."""
    if value is MISSING:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(_format(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_format(value[k])}" for k in sorted(value)) + "]"
    return str(value)


def _sprintf(template: str, args: list) -> str:
    out, i, used = [], 0, 0
    while i < len(template):
        if template[i] != "%":
            out.append(template[i])
            i += 1
            continue
        verb = template[i + 1 : i + 2]
        i += 2
        if verb == "%":
            out.append("%")
            continue
        if verb not in ("s", "v", "d") or used == len(args):
            raise _unsupported(f"printf format {template!r} with {len(args)} argument(s)")
        arg = args[used]
        used += 1
        if arg is MISSING:
            out.append("<nil>" if verb == "v" else f"%!{verb}(<nil>)")
        elif verb == "v" or (verb == "s" and not isinstance(arg, int)) or (verb == "d" and _go_type(arg) == "int64"):
            out.append(_format(arg))
        else:
            raise _unsupported(f"printf verb %{verb} with a {_go_type(arg)} argument")
    if used != len(args):
        raise _unsupported(f"printf format {template!r} with {len(args)} argument(s)")
    return "".join(out)


def _exec_error(node: _Node, message: str) -> TemplateError:
    return TemplateError(f'template: {TEMPLATE}:1: executing "{TEMPLATE}" at <{node.text}>: {message}')


class _Executor:
    def __init__(self, metadata: dict):
        self.metadata = metadata
        self.warnings: list[str] = []

    def _meta_field(self, name: str, node: _Node) -> object:
        if name in _UNRENDERABLE or name.startswith(("Get", "Set")):
            raise _unsupported(f".{name}")
        if name == "Finalizers":
            finalizers = list(self.metadata.get("finalizers") or [])
            return finalizers if FINALIZER in finalizers else [*finalizers, FINALIZER]
        if name not in _META_FIELDS:
            raise _exec_error(node, f"can't evaluate field {name} in type v1.ObjectMeta")
        key, zero = _META_FIELDS[name]
        value = self.metadata.get(key)
        if value is None:
            value = zero
            if name in _LIVE_ONLY:
                message = f"placeholder .{name} is only known in a live cluster; rendered as {_format(zero)!r}"
                if message not in self.warnings:
                    self.warnings.append(message)
        return value

    def _fields(self, value: object, names: tuple, node: _Node, from_root: bool) -> object:
        for name in names:
            if from_root:
                value, from_root = self._meta_field(name, node), False
            elif isinstance(value, dict):
                value = value.get(name, MISSING)
            elif value is not MISSING:
                raise _exec_error(node, f"can't evaluate field {name} in type {_go_type(value)}")
        return value

    def _arg(self, node: _Node) -> object:
        if node.kind in ("field", "var") and node.fields:
            return self._fields(None, node.fields, node, from_root=True)
        if node.kind == "string":
            return node.value
        if node.kind == "pipe":
            return self.pipeline(node.value)
        if node.kind == "chain":
            return self._fields(self._arg(node.value), node.fields, node, from_root=False)
        raise _unsupported(f"{{{{{node.text}}}}}")

    def _call(self, name: str, args: list, final: object) -> object:
        values = [self._arg(a) for a in args] + ([] if final is _NO_FINAL else [final])
        if name == "printf" and values and isinstance(values[0], str):
            return _sprintf(values[0], values[1:])
        if name == "index" and len(values) == 2 and isinstance(values[0], dict) and isinstance(values[1], str):
            return values[0].get(values[1], "")
        raise _unsupported(f"function {name} with these arguments")

    def pipeline(self, commands: list) -> object:
        value = _NO_FINAL
        for command in commands:
            first = command[0]
            if first.kind == "ident":
                value = self._call(first.text, command[1:], value)
            elif len(command) > 1 or value is not _NO_FINAL:
                raise _unsupported(f"arguments to {first.text}")
            else:
                value = self._arg(first)
        return value


def _go_json(container: dict) -> str:
    return json.dumps(container, ensure_ascii=False, separators=(",", ":"), default=str)


def apply_placeholders(container: dict, metadata: dict) -> tuple[dict, list[str], list[str]]:
    """Render ``{{ }}`` placeholders of ``container`` with the InferenceService ``metadata``.

    ``metadata`` is the ObjectMeta as a dict with the effective namespace. Returns (container, errors,
    warnings): on error the container comes back unchanged with one Go-style message; warnings name
    placeholders (``.UID`` ...) that only have a value in a live cluster. A container without ``{{`` is
    returned as is.
    """
    text = _go_json(container)
    if "{{" not in text:
        return container, [], []
    for char, escaped in _GO_JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    executor = _Executor(metadata)
    try:
        pieces = _Parser(_Lexer(text).run()).parse()
        output = "".join(
            piece if isinstance(piece, str) else _format(executor.pipeline(piece)).translate(_HTML_TABLE)
            for piece in pieces
        )
    except TemplateError as error:
        return container, [str(error)], []
    try:
        rendered = json.loads(output)
    except ValueError as error:
        return container, [f"the rendered container is not valid JSON: {error.msg}"], []
    return rendered, [], executor.warnings
