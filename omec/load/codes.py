"""Diagnostic codes of the load stage (OMEC001-OMEC099)."""
from omec.diagnostics import Severity, register

YAML_SYNTAX = register("OMEC001", "yaml-syntax", Severity.ERROR, "the file is not valid YAML")
DUPLICATE_KEY = register("OMEC002", "duplicate-key", Severity.ERROR, "a mapping repeats a key")
NOT_A_MAPPING = register("OMEC003", "not-a-mapping", Severity.ERROR, "a YAML document is not a mapping (object)")
READ_FAILED = register("OMEC004", "read-failed", Severity.ERROR, "a file or directory cannot be read")
NO_INPUT = register("OMEC005", "no-input", Severity.ERROR, "no *.yaml / *.yml file was found in the inputs")
NOT_UTF8 = register("OMEC006", "not-utf8", Severity.ERROR, "a file is not UTF-8 text")
