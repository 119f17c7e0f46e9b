"""Codes of the write stage (OMEC800-OMEC819)."""
from omec.diagnostics import Severity, register

OUTPUT_NOT_OWNED = register(
    "OMEC800", "output-not-owned", Severity.ERROR, "the output directory is not empty and was not created by omec"
)
WRITE_FAILED = register("OMEC801", "write-failed", Severity.ERROR, "the output directory could not be written")
UNSAFE_OUTPUT_PATH = register(
    "OMEC802", "unsafe-output-path", Severity.ERROR,
    "a namespace or name would make an output path that is not a plain relative path below the output directory",
)
