"""Diagnostic codes of the validate stage.

Each block below is owned by one module; keep new codes inside their block's id range.
"""
from omec.diagnostics import Severity, register

# --- schema validation of input documents (omec.schema.schemaset): OMEC100-OMEC139 -------------------------
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
# --- end of schema validation block (OMEC100-OMEC139) ----------------------------------------------------

# --- document classification, catalog building, the InferenceService webhooks and the controller ConfigMap:
# OMEC140-OMEC199 ------------------------------------------------------------------------------------------
SKIPPED = register("OMEC140", "skipped-document", Severity.INFO, "a document that is not an OME object was skipped")
NOT_AN_OBJECT = register("OMEC141", "not-a-kubernetes-object", Severity.ERROR, "a document has no apiVersion or kind")
MISSING_NAME = register("OMEC142", "missing-name", Severity.ERROR, "an object has no metadata.name")
# the API server's checks of an OME object's identity and metadata (omec.validate.kinds, omec.validate.metadata):
# OMEC180-OMEC189
INVALID_OBJECT_NAME = register(
    "OMEC180", "invalid-object-name", Severity.ERROR,
    "metadata.name of an OME object is not a DNS-1123 subdomain (the API server rejects the object)",
)
INVALID_NAMESPACE = register(
    "OMEC181", "invalid-namespace", Severity.ERROR,
    "metadata.namespace of an OME object is not a DNS-1123 label (the API server rejects the object)",
)
INVALID_METADATA = register(
    "OMEC182", "invalid-labels-or-annotations", Severity.ERROR,
    "a label key or value, or an annotation key, of an OME object is one the API server rejects",
)
UNKNOWN_OME_KIND = register(
    "OMEC183", "unknown-ome-kind", Severity.ERROR,
    "a document in the ome.io group, or with a kind close to an OME kind, is no kind OME serves (a typo?)",
)
DUPLICATE_OBJECT = register(
    "OMEC143", "duplicate-object", Severity.ERROR, "two documents define the same object (kind, namespace, name)"
)
INVALID_NAME = register("OMEC144", "invalid-name", Severity.ERROR, "an InferenceService name is not a DNS-1035 label")
DECODER_WITHOUT_ENGINE = register(
    "OMEC145", "decoder-without-engine", Severity.ERROR, "an InferenceService has a decoder but no engine"
)
INVALID_AUTOSCALER = register(
    "OMEC146", "invalid-autoscaler-annotation", Severity.ERROR, "an autoscaler annotation has an unsupported value"
)
INVALID_TARGET_UTILIZATION = register(
    "OMEC147", "invalid-target-utilization", Severity.ERROR, "ome.io/targetUtilizationPercentage is not 1-100"
)
PREDICTOR_MODEL_NOT_FOUND = register(
    "OMEC148", "predictor-model-not-found", Severity.ERROR, "predictor.model.baseModel names no (Cluster)BaseModel"
)
PREDICTOR_CONVERTED = register(
    "OMEC149", "predictor-converted", Severity.WARNING,
    "the deprecated predictor form was converted (or, next to spec.engine, ignored) as OME's webhook does",
)
CONTROLLER_CONFIG_INVALID = register(
    "OMEC150", "controller-config-invalid", Severity.ERROR, "the controller ConfigMap (--controller-config) is invalid"
)
NAMESPACE_IGNORED = register(
    "OMEC151", "namespace-ignored", Severity.WARNING, "a cluster-scoped object sets metadata.namespace"
)
INVALID_KEDA_CONFIG = register(
    "OMEC152", "invalid-keda-config", Severity.ERROR, "spec.kedaConfig or a KEDA annotation is invalid"
)
CONTROLLER_CONFIG_UNKNOWN_KEY = register(
    "OMEC160", "controller-config-unknown-key", Severity.WARNING,
    "the controller ConfigMap has a key or field OME does not read (Go ignores it)",
)
KEDA_AUTH_MODES_IGNORED = register(
    "OMEC161", "keda-auth-modes-ignored", Severity.WARNING,
    "spec.kedaConfig.authModes without an authenticationRef: OME leaves it out of the ScaledObject",
)
RUNTIME_CONFIG_INVALID = register(
    "OMEC162", "runtime-config-invalid", Severity.ERROR,
    "OME's runtime webhook refuses the legacy workers / DEPLOYMENT_MODE configuration of a runtime",
)
RUNTIME_ACCELERATOR_CLASS_UNKNOWN = register(
    "OMEC163", "runtime-accelerator-class-unknown", Severity.ERROR,
    "a runtime's acceleratorRequirements names an AcceleratorClass that does not exist (OME's webhook refuses it)",
)
RUNTIME_PRIORITY_CONFLICT = register(
    "OMEC164", "runtime-priority-conflict", Severity.ERROR,
    "a runtime gives different priorities to autoSelect formats of one legacy name (OME's webhook refuses it)",
)
# --- the --model-metadata file (omec.validate.model_metadata) -------------------------------------------
MODEL_METADATA_INVALID = register(
    "OMEC214", "model-metadata-invalid", Severity.WARNING, "an entry of the --model-metadata file is not usable"
)
