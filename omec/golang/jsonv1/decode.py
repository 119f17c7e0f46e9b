"""``json.Unmarshal`` into Go types (``encoding/json`` decode.go), for the Go structs OME decodes configuration
into.

Go matches object keys to struct fields by their tag name, exactly first and then case-insensitively (Go's
``foldName``: ASCII case, plus ``ſ`` for ``s`` and the Kelvin sign for ``k``); unknown keys are ignored; a later
duplicate key overwrites; ``null`` leaves a string, number, bool or struct as it was and sets a pointer or slice
to nil. A value of the wrong JSON type is an ``*UnmarshalTypeError``: decoding goes on and the *first* such error
is returned, with Go's text (``json: cannot unmarshal number into Go struct field IngressConfig.ingressGateway
of type string``; an integer field reports the literal, ``number 1.5``); a custom ``UnmarshalJSON`` failure
(``resource.Quantity``) stops decoding and wins.

:func:`unmarshal` returns the decoded value (a struct as a ``{json name: value}`` dict of the fields the input
set), the error and the unknown keys, each error and key with the path of keys *as written*, so a caller can
point at them.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from omec.golang.jsonv1.scanner import Node, parse
from omec.golang.strconv import GoParseError, parse_int

__all__ = ["BOOL", "INT32", "STRING", "Custom", "Decoded", "Field", "GoType", "Ptr", "Slice", "Struct", "unmarshal"]

KeyPath = tuple  # tuple[str | int, ...]: keys and item indexes as written in the input


@dataclass(frozen=True)
class GoType:
    """A Go scalar type: ``kind`` string, bool or int; ``name`` as ``reflect.Type.String()`` prints it."""

    name: str
    kind: str
    bits: int = 0


STRING = GoType("string", "string")
BOOL = GoType("bool", "bool")
INT32 = GoType("int32", "int", 32)


@dataclass(frozen=True)
class Ptr:
    elem: GoTypeLike

    @property
    def name(self) -> str:
        return self.elem.name


@dataclass(frozen=True)
class Slice:
    elem: GoTypeLike

    @property
    def name(self) -> str:
        return "[]" + self.elem.name


@dataclass(frozen=True)
class Field:
    """A struct field: its JSON name, type, and the Go names of the embedded structs it is promoted from."""

    name: str
    type: GoTypeLike
    via: tuple[str, ...] = ()


@dataclass(frozen=True)
class Struct:
    """``name``: the package-qualified type (``controllerconfig.IngressConfig``)."""

    name: str
    fields: tuple[Field, ...]

    @property
    def short(self) -> str:
        return self.name.rpartition(".")[2]

    def field(self, key: str) -> Field | None:
        for f in self.fields:
            if f.name == key:
                return f
        folded = _fold(key)
        return next((f for f in self.fields if _fold(f.name) == folded), None)


@dataclass(frozen=True)
class Custom:
    """A type with its own ``UnmarshalJSON``: ``check(raw JSON bytes)`` returns its error text or None."""

    name: str
    check: Callable[[bytes], str | None]


GoTypeLike = GoType | Ptr | Slice | Struct | Custom


@dataclass
class Decoded:
    value: object = None
    error: str | None = None
    error_at: KeyPath = ()
    unknown: list[tuple[KeyPath, str]] = field(default_factory=list)  # (path of the object, unknown key)


class _Stop(Exception):
    """A custom unmarshaler failed: Go's decoder returns at once."""


def _fold(name: str) -> str:
    """Go's ``foldName`` as far as it can make a key equal an ASCII field name."""
    return "".join("S" if c == "ſ" else "K" if c == "\u212a" else c.upper() if c.isascii() else c for c in name)


def unmarshal(text: str, target: GoTypeLike) -> Decoded:
    """``json.Unmarshal([]byte(text), &v)`` with ``v`` of type ``target``. Syntax errors raise
    :class:`~omec.golang.jsonv1.scanner.JSONSyntaxError` (Go checks the whole input before decoding)."""
    node = parse(text)
    result = Decoded()
    with contextlib.suppress(_Stop):
        result.value = _Decoder(result).value(node, target, None, (), (), None)
    return result


class _Decoder:
    def __init__(self, result: Decoded) -> None:
        self.result = result

    def type_error(self, what: str, target: GoTypeLike, struct: Struct | None, stack: tuple, at: KeyPath) -> None:
        if self.result.error is not None:
            return
        if struct is None:
            text = f"json: cannot unmarshal {what} into Go value of type {target.name}"
        else:
            text = f"json: cannot unmarshal {what} into Go struct field {struct.short}.{'.'.join(stack)} of type " \
                   f"{target.name}"
        self.result.error, self.result.error_at = text, at

    def value(self, node: Node, target: GoTypeLike, struct: Struct | None, stack: tuple, at: KeyPath,
              current: object) -> object:
        """Decode ``node`` into ``target`` holding ``current``; returns the new value (errors are recorded)."""
        if isinstance(target, Custom):
            problem = target.check(node.raw)
            if problem is not None:
                self.result.error, self.result.error_at = problem, at
                raise _Stop
            return node.raw.decode("utf-8", "replace")
        if node.kind == "null":
            return None if isinstance(target, (Ptr, Slice)) else current
        if isinstance(target, Ptr):
            return self.value(node, target.elem, struct, stack, at, current)
        if isinstance(target, Slice):
            if node.kind != "array":
                self.type_error(_what(node), target, struct, stack, at)
                return current
            items = node.value
            assert isinstance(items, list)
            zero = _zero(target.elem)
            return [self.value(item, target.elem, struct, stack, (*at, i), zero) for i, item in enumerate(items)]
        if isinstance(target, Struct):
            return self.struct(node, target, struct, stack, at, current)
        return self.scalar(node, target, struct, stack, at, current)

    def struct(self, node: Node, target: Struct, struct: Struct | None, stack: tuple, at: KeyPath,
               current: object) -> object:
        if node.kind != "object":
            self.type_error(_what(node), target, struct, stack, at)
            return current
        out = dict(current) if isinstance(current, dict) else {}
        members = node.value
        assert isinstance(members, list)
        for key, member in members:
            f = target.field(key)
            if f is None:
                self.result.unknown.append((at, key))
                continue
            out[f.name] = self.value(member, f.type, target, (*stack, *f.via, f.name), (*at, key), out.get(f.name))
        return out

    def scalar(self, node: Node, target: GoType, struct: Struct | None, stack: tuple, at: KeyPath,
               current: object) -> object:
        kind = node.kind
        if target.kind == "string" and kind == "string":
            return node.value
        if target.kind == "bool" and kind in ("true", "false"):
            return kind == "true"
        if target.kind == "int" and kind == "number":
            literal = str(node.value)
            try:
                number = parse_int(literal, 10, 64)
            except GoParseError:
                number = None
            if number is None or not -(1 << (target.bits - 1)) <= number < 1 << (target.bits - 1):
                self.type_error("number " + literal, target, struct, stack, at)
                return current
            return number
        self.type_error(_what(node), target, struct, stack, at)
        return current


def _zero(target: GoTypeLike) -> object:
    """Go's zero value of a new slice element."""
    if isinstance(target, GoType):
        return {"string": "", "bool": False, "int": 0}[target.kind]
    return {} if isinstance(target, Struct) else None


def _what(node: Node) -> str:
    """How Go names a JSON value in an ``UnmarshalTypeError``."""
    return "bool" if node.kind in ("true", "false") else node.kind
