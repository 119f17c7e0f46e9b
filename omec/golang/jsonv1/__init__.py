"""Go's ``encoding/json`` (v1, https://pkg.go.dev/encoding/json) as OME uses it to read its controller
ConfigMap: Go's syntax check and messages (:mod:`.scanner`) and ``json.Unmarshal`` into Go struct types
(:mod:`.decode`)."""
from omec.golang.jsonv1.decode import BOOL, INT32, STRING, Custom, Decoded, Field, GoType, Ptr, Slice, Struct, unmarshal
from omec.golang.jsonv1.scanner import JSONSyntaxError, Node, parse

__all__ = [
    "BOOL", "INT32", "STRING", "Custom", "Decoded", "Field", "GoType", "JSONSyntaxError", "Node", "Ptr", "Slice",
    "Struct", "parse", "unmarshal",
]
