"""Go's ``text/template`` and ``html/template`` as far as omec executes them (https://pkg.go.dev/text/template).

``execute(parse(text, name), data)`` renders like ``template.New(name).Parse(text)`` then ``Execute(w, data)``:
parse errors are Go's, execution covers field chains, pipes, ``index`` and ``printf``, and other valid
constructs raise :class:`Unsupported` (see :mod:`.executor` for the value model).
"""
from __future__ import annotations

from omec.golang.template.executor import FUNCTIONS, NO_FIELD, NO_VALUE, Struct, execute
from omec.golang.template.parser import Template, TemplateError, Unsupported, parse

__all__ = [
    "FUNCTIONS",
    "NO_FIELD",
    "NO_VALUE",
    "Struct",
    "Template",
    "TemplateError",
    "Unsupported",
    "execute",
    "parse",
]
