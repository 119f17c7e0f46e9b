"""Diagnostic codes of the RESOLVE stage: model resolution, runtime selection, AcceleratorClasses.

Errors reproduce OME's error kinds (``pkg/runtimeselector/errors.go``) with OME's wording; warnings are omec's lints
for OME quirks.
"""
from __future__ import annotations

from omec.diagnostics import Severity, register

# model resolution
MODEL_REF_MISSING = register("OMEC200", "model-ref-missing", Severity.ERROR, "the InferenceService names no model")
MODEL_NOT_FOUND = register(
    "OMEC201", "model-not-found", Severity.ERROR, "no BaseModel in the namespace and no ClusterBaseModel has that name"
)
MODEL_DISABLED = register("OMEC202", "model-disabled", Severity.ERROR, "the referenced model is disabled")
MODEL_INVALID = register(
    "OMEC203", "model-invalid", Severity.ERROR, "the model has no modelFormat.name and no model agent will fill it"
)
# pinned runtime
RUNTIME_NOT_FOUND = register(
    "OMEC204", "runtime-not-found", Severity.ERROR,
    "the pinned runtime exists neither in the namespace nor cluster-wide",
)
RUNTIME_DISABLED = register("OMEC205", "runtime-disabled", Severity.ERROR, "the pinned runtime is disabled")
RUNTIME_INCOMPATIBLE = register(
    "OMEC206", "runtime-incompatible", Severity.ERROR, "the pinned runtime cannot serve the model"
)
# auto-selection
NO_RUNTIME_FOUND = register(
    "OMEC207", "no-runtime-found", Severity.ERROR, "auto-selection found no compatible, auto-selectable runtime"
)
INVALID_RUNTIME = register(
    "OMEC208", "invalid-runtime", Severity.ERROR, "a runtime would crash OME's selector (incomplete modelSizeRange)"
)
# accelerator classes
ACCELERATOR_NOT_FOUND = register(
    "OMEC209", "accelerator-class-not-found", Severity.ERROR, "a requested AcceleratorClass does not exist"
)
ACCELERATOR_POLICY = register(
    "OMEC210", "accelerator-policy-quirk", Severity.WARNING, "policy-based AcceleratorClass choice hits an OME quirk"
)
# model metadata that OME's model agent fills in on a cluster
UNDECIDABLE_OFFLINE = register(
    "OMEC211", "undecidable-offline", Severity.ERROR,
    "the selected runtime depends on model metadata that only OME's model agent fills in",
)
CANNOT_VALIDATE_OFFLINE = register(
    "OMEC212", "cannot-validate-offline", Severity.WARNING,
    "compatibility of the pinned runtime depends on model metadata filled in on the cluster",
)
METADATA_ASSUMED = register(
    "OMEC213", "metadata-assumed", Severity.WARNING,
    "auto-selection succeeds offline only if the model agent fills the missing metadata compatibly",
)
# lints for OME's selection quirks: the rules in omec.resolve.lints (OMEC215-OMEC221), and
DECLARED_KIND_IGNORED = register(
    "OMEC222", "declared-kind-ignored", Severity.WARNING,
    "spec.model.kind / spec.runtime.kind differs from what OME resolved",
)
UNSUPPORTED_OME_FEATURE = register(
    "OMEC223", "unsupported-ome-feature", Severity.ERROR,
    "the input uses an OME feature that the selected OME version does not have",
)
BEST_FIT_WITHOUT_CONSTRAINTS = register(
    "OMEC224", "best-fit-without-constraints", Severity.ERROR,
    "policy BestFit among several AcceleratorClasses without constraints: OME's selector dereferences nil and the "
    "reconcile fails",
)
# references to objects the API server would reject (omec.resolve.references): OMEC240-OMEC249
REFERENCE_INVALID = register(
    "OMEC240", "reference-invalid", Severity.ERROR,
    "a referenced runtime, model, AcceleratorClass or FineTunedWeight is in the specs but invalid (rejected)",
)
