"""Diagnostic codes of the output checks (OMEC350-OMEC351, OMEC400-OMEC420); the rules' codes (OMEC5nn) are registered
with the rules themselves (omec.check.rules)."""
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
NAME_TOO_LONG = register(
    "OMEC350", "name-too-long", Severity.ERROR, "an emitted name or label value exceeds 63 characters"
)
INVALID_OUTPUT_NAME = register(
    "OMEC351", "invalid-output-name", Severity.ERROR,
    "an emitted object name, label key or value, container or volume name is one the API server rejects",
)
