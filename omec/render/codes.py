"""Codes of the render stage (OMEC340-OMEC399)."""
from omec.diagnostics import Severity, register

FINE_TUNED_STACKED = register(
    "OMEC340", "fine-tuned-stacked", Severity.ERROR, "more than one fine-tuned weight is not supported by OME"
)
FINE_TUNED_NOT_FOUND = register("OMEC341", "fine-tuned-not-found", Severity.ERROR, "a FineTunedWeight does not exist")
FINE_TUNED_NO_STRATEGY = register(
    "OMEC342", "fine-tuned-no-strategy", Severity.ERROR, "a FineTunedWeight has no hyperParameters.strategy"
)
MODEL_CONFIG_LOOKUP = register(
    "OMEC343", "modelconfig-lookup-failed", Severity.ERROR,
    "the ModelConfig lookup (which honours spec.model.kind) finds no model (spec 02 Q2)",
)
DUPLICATE_VOLUME = register(
    "OMEC344", "duplicate-volume", Severity.ERROR, "the model volume clashes with a volume of the same name (spec 02 Q13)"
)
PLACEHOLDER_FAILED = register(
    "OMEC345", "placeholder-failed", Severity.ERROR, "a {{ }} placeholder in a container is not a valid Go template"
)
PLACEHOLDER_OFFLINE = register(
    "OMEC346", "placeholder-offline", Severity.WARNING, "a placeholder uses metadata that only exists in a live cluster"
)
PARALLELISM_VALUE_FROM = register(
    "OMEC348", "parallelism-value-from", Severity.ERROR, "PARALLELISM_SIZE is defined with valueFrom and OME also sets a value"
)
PDB_BOTH_SET = register(
    "OMEC349", "pdb-both-set", Severity.ERROR, "minAvailable and maxUnavailable are both set (the API server rejects it)"
)
NAME_TOO_LONG = register(
    "OMEC350", "name-too-long", Severity.ERROR, "an emitted name or label value exceeds 63 characters"
)
