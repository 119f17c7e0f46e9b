"""Diagnostic codes of the validate stage.

Each block below is owned by one module; keep new codes inside their block's id range.
"""
from omec.diagnostics import Severity, register

# --- schema validation of input documents (omec.validate.schema): OMEC100-OMEC139 -------------------------
SCHEMA_WRONG_TYPE = register(
    "OMEC100", "schema-wrong-type", Severity.ERROR, "a field has the wrong type (OME CRD schema)"
)
SCHEMA_UNKNOWN_FIELD = register(
    "OMEC101", "schema-unknown-field", Severity.ERROR, "a field is not part of the OME CRD schema"
)
SCHEMA_MISSING_FIELD = register(
    "OMEC102", "schema-missing-field", Severity.ERROR, "a field the OME CRD schema requires is missing"
)
SCHEMA_VALUE_NOT_ALLOWED = register(
    "OMEC103",
    "schema-value-not-allowed",
    Severity.ERROR,
    "a value is outside what the OME CRD schema allows (enum, pattern, minimum, length)",
)
SCHEMA_UNKNOWN_KIND = register(
    "OMEC104", "schema-unknown-kind", Severity.ERROR, "no input schema exists for the document's kind"
)
# --- end of schema validation block (OMEC100-OMEC139) ----------------------------------------------------
