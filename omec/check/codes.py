"""Diagnostic codes of the output checks: schema validation of emitted objects (OMEC400-OMEC419)."""
from omec.diagnostics import Severity, register

OUTPUT_SCHEMA_INVALID = register(
    "OMEC400",
    "output-schema-invalid",
    Severity.ERROR,
    "an emitted object does not match the schema of its kind (Kubernetes OpenAPI or the CRD schema omec ships)",
)
OUTPUT_SCHEMA_UNKNOWN = register(
    "OMEC401", "output-schema-unknown", Severity.ERROR, "no schema is known for an emitted object's apiVersion and kind"
)
UNRESOLVED_VARIABLE = register(
    "OMEC420", "unresolved-variable", Severity.WARNING,
    "a $(VAR) reference in a container names no env var the container will have (Kubernetes leaves it as text)",
)
