"""JSON Schema machinery shared by the input checks (validate) and the output checks (check): bundling, compiled
validators and human messages. Pure: files come from :mod:`omec.load.schemas`."""
from omec.schema.bundle import SchemaError
from omec.schema.messages import Problem
from omec.schema.schemaset import SchemaSet

__all__ = ["Problem", "SchemaError", "SchemaSet"]
