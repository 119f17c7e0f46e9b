"""Execution of a parsed Go template: the part of ``text/template``'s exec.go omec needs (https://pkg.go.dev/text/template).

Go values are Python values: ``str`` (string), ``int`` (int64), ``dict`` (map[string]string), ``list``
([]string), :class:`Struct`, and :data:`MISSING` (Go's invalid value, what a missing map key yields; a field of
it is missing too). omec executes field chains over structs and maps, ``.`` and ``$``, string literals, pipes,
parenthesized pipelines, and the functions ``index`` (a map by a string key) and ``printf`` (verbs ``%s %v %d
%%``). Any other valid construct raises :class:`Unsupported`.

Printing follows ``fmt.Sprint``: maps as ``map[k:v ...]`` with sorted keys, slices as ``[a b]``, structs as
``{field1 field2 ...}``. ``text/template`` prints an invalid value as ``<no value>``. ``html/template`` passes
each action's value through its HTML escaper (HTML text context), which prints an invalid value as nothing
(it skips untyped nil arguments, https://go.dev/issue/25875) and escapes ``\\0 " & ' + < >``.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import cast

from omec.golang.template.parser import Command, Node, Pipeline, Template, TemplateError, Unsupported

NO_VALUE = "<no value>"  # text/template's output for an invalid value
_HTML_ESCAPES = {"\0": "\ufffd", '"': "&#34;", "&": "&amp;", "'": "&#39;", "+": "&#43;", "<": "&lt;", ">": "&gt;"}
_HTML_TABLE = str.maketrans(_HTML_ESCAPES)


class _Missing:
    """Go's invalid ``reflect.Value``."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()
NO_FIELD = object()  # returned by Struct.field for a name the struct has no field of
_NO_FINAL = object()  # the first command of a pipeline gets no piped value


class Struct:
    """A Go struct value: its fields by name, in declaration order.

    ``type_name`` is Go's name of the type in "can't evaluate field X in type T" ("" leaves "in type T" out).
    A struct that is not ``printable`` is known only through its fields: using it whole (``{{.}}``) is
    unsupported.
    """

    printable = True

    def __init__(self, fields: Mapping[str, object], type_name: str = ""):
        self.fields = fields
        self.type_name = type_name

    def field(self, name: str) -> object:
        """The value of the field ``name``, or :data:`NO_FIELD`."""
        return self.fields.get(name, NO_FIELD)


def _go_type(value: object) -> str:
    """Go's name of the type of ``value``."""
    if isinstance(value, Struct):
        return value.type_name or "struct"
    if isinstance(value, dict):
        return "map[string]string"
    if isinstance(value, list):
        return "[]string"
    return "int64" if isinstance(value, int) else "string"


def _sprint(value: object) -> str:
    """``fmt.Sprint(value)``."""
    if isinstance(value, list):
        return "[" + " ".join(_sprint(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_sprint(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, Struct):
        return "{" + " ".join(_sprint(v) for v in value.fields.values()) + "}"
    return str(value)


def _sprintf(template: str, args: list[object]) -> str:
    """``fmt.Sprintf`` with the verbs ``%s``, ``%v``, ``%d`` and ``%%`` and exactly as many arguments as verbs."""
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
            raise Unsupported(f"printf format {template!r} with {len(args)} argument(s)")
        arg = args[used]
        used += 1
        if arg is MISSING:  # passed to a function, an invalid value is Go's nil interface
            out.append("<nil>" if verb == "v" else f"%!{verb}(<nil>)")
        elif verb == "v" or (verb == "s" and not isinstance(arg, int)) or (verb == "d" and isinstance(arg, int)):
            out.append(_sprint(arg))
        else:
            raise Unsupported(f"printf verb %{verb} with a {_go_type(arg)} argument")
    if used != len(args):
        raise Unsupported(f"printf format {template!r} with {len(args)} argument(s)")
    return "".join(out)


def _index(args: list[object]) -> object | None:
    """``index map key``: a missing key gives the map's zero value, ""."""
    if len(args) == 2 and isinstance(args[0], dict) and isinstance(args[1], str):
        return args[0].get(args[1], "")
    return None


def _printf(args: list[object]) -> object | None:
    if args and isinstance(args[0], str):
        return _sprintf(args[0], args[1:])
    return None


# Each returns the result, or None for arguments omec does not handle.
_BUILTINS: dict[str, Callable[[list[object]], object | None]] = {"index": _index, "printf": _printf}
FUNCTIONS = frozenset(_BUILTINS)


def _print_text(value: object) -> str:
    """text/template's printing of an action's value."""
    return NO_VALUE if value is MISSING else _sprint(value)


def _print_html(value: object) -> str:
    """html/template's ``htmlEscaper`` of an action's value (HTML text context)."""
    return "" if value is MISSING else _sprint(value).translate(_HTML_TABLE)


def execute(template: Template, data: object, *, functions: Collection[str] = FUNCTIONS, html: bool = False) -> str:
    """Execute ``template`` with ``data`` as dot; raises :class:`TemplateError` with Go's message.

    ``functions`` are the functions of :data:`FUNCTIONS` this template may call (others are unsupported);
    ``html`` prints the actions as html/template does instead of text/template.
    """
    executor = _Executor(template.name, data, functions)
    show = _print_html if html else _print_text
    return "".join(piece if isinstance(piece, str) else show(executor.pipeline(piece)) for piece in template.pieces)


class _Executor:
    def __init__(self, name: str, root: object, functions: Collection[str]):
        self.name = name
        self.root = root
        self.functions = functions
        self.at: Node | None = None  # the node evaluated last (Go's state.node): where errors are reported

    def _error(self, message: str) -> TemplateError:
        assert self.at is not None
        where = f"{self.name}:{self.at.line}"
        return TemplateError(f'template: {where}: executing "{self.name}" at <{self.at.text}>: {message}')

    def pipeline(self, commands: Pipeline) -> object:
        """The value of a pipeline: each command gets the previous one's value as its last argument."""
        value = _NO_FINAL
        for command in commands:
            value = self._command(command, value)
        return value

    def _command(self, command: Command, final: object) -> object:
        first = command[0]
        if first.kind == "identifier":
            return self._call(first.text, command[1:], final)
        if len(command) > 1 or final is not _NO_FINAL:
            raise Unsupported(f"arguments to {first.text}")
        return self._evaluate(first)

    def _call(self, name: str, args: Command, final: object) -> object:
        values = [self._evaluate(arg) for arg in args] + ([] if final is _NO_FINAL else [final])
        builtin = _BUILTINS.get(name) if name in self.functions else None
        result = builtin(values) if builtin else None
        if result is None:
            raise Unsupported(f"function {name} with these arguments")
        return result

    def _evaluate(self, node: Node) -> object:
        self.at = node
        if node.kind in ("field", "variable", "dot"):  # .A.B, $.A.B, ., $
            if not node.fields and isinstance(self.root, Struct) and not self.root.printable:
                raise Unsupported(f"{{{{{node.text}}}}}")
            return self._fields(self.root, node.fields)
        if node.kind == "chain":  # (pipeline).A.B; as in Go, errors are reported at the last node of the pipeline
            return self._fields(self._evaluate(cast(Node, node.value)), node.fields)
        if node.kind == "string":
            return node.value
        if node.kind == "pipe":
            return self.pipeline(cast(Pipeline, node.value))
        raise Unsupported(f"{{{{{node.text}}}}}")

    def _fields(self, value: object, names: tuple[str, ...]) -> object:
        for name in names:
            if isinstance(value, Struct):
                receiver, value = value, value.field(name)
                if value is NO_FIELD:
                    in_type = f" in type {receiver.type_name}" if receiver.type_name else ""
                    raise self._error(f"can't evaluate field {name}{in_type}")
            elif isinstance(value, dict):
                value = value.get(name, MISSING)
            elif value is not MISSING:
                raise self._error(f"can't evaluate field {name} in type {_go_type(value)}")
        return value
