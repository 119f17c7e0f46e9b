"""Codes of the render stage (OMEC340-OMEC399)."""
from omec.diagnostics import Severity, register

FINE_TUNED_STACKED = register(
    "OMEC340", "fine-tuned-stacked", Severity.ERROR, "more than one fine-tuned weight is not supported by OME"
)
FINE_TUNED_NOT_FOUND = register("OMEC341", "fine-tuned-not-found", Severity.ERROR, "a FineTunedWeight does not exist")
FINE_TUNED_NO_STRATEGY = register(
    "OMEC342", "fine-tuned-no-strategy", Severity.ERROR, "a FineTunedWeight has no hyperParameters.strategy"
)
FINE_TUNED_NO_CONFIGURATION = register(
    "OMEC347", "fine-tuned-no-configuration", Severity.ERROR,
    "a FineTunedWeight has no spec.configuration (OME's reconcile fails unmarshalling it)",
)
MODEL_CONFIG_LOOKUP = register(
    "OMEC343", "modelconfig-lookup-failed", Severity.ERROR,
    "the ModelConfig lookup (which honours spec.model.kind, unlike model resolution) finds no model",
)
DUPLICATE_VOLUME = register(
    "OMEC344", "duplicate-volume", Severity.ERROR,
    "the model volume clashes with a volume of the same name (OME appends it without de-duplication)",
)
PLACEHOLDER_FAILED = register(
    "OMEC345", "placeholder-failed", Severity.ERROR, "a {{ }} placeholder in a container is not a valid Go template"
)
PLACEHOLDER_OFFLINE = register(
    "OMEC346", "placeholder-offline", Severity.WARNING, "a placeholder uses metadata that only exists in a live cluster"
)
QUANTITY_UNDECODABLE = register(
    "OMEC352", "quantity-undecodable", Severity.ERROR,
    "a quantity passes the CRD pattern but Kubernetes' ParseQuantity rejects it: OME cannot decode the object",
)
PARALLELISM_VALUE_FROM = register(
    "OMEC348", "parallelism-value-from", Severity.ERROR,
    "PARALLELISM_SIZE is defined with valueFrom and OME also sets a value",
)
PDB_BOTH_SET = register(
    "OMEC349", "pdb-both-set", Severity.ERROR,
    "minAvailable and maxUnavailable are both set (the API server rejects it)",
)
# Ingress objects and domains (OMEC360-OMEC379).
INGRESS_DOMAIN_INVALID = register(
    "OMEC360", "ingress-domain-invalid", Severity.ERROR,
    "a generated host name is not a valid domain or its template fails",
)
INGRESS_PATH_INVALID = register(
    "OMEC361", "ingress-path-invalid", Severity.ERROR,
    "the ingress path template does not render a plain absolute path",
)
INGRESS_UNSUPPORTED_MODE = register(
    "OMEC362", "ingress-unsupported-mode", Severity.ERROR,
    "OME creates no ingress for a MultiNodeRayVLLM entry component and fails the reconcile",
)
GATEWAY_MISSING = register(
    "OMEC363", "gateway-missing", Severity.ERROR,
    "enableGatewayAPI needs omeIngressGateway as namespace/name; OME crashes without it",
)
KNATIVE_DOMAIN_MISSING = register(
    "OMEC364", "knative-domain-missing", Severity.WARNING,
    "a Serverless ingress needs --knative-domain; the VirtualService and ExternalName Service are skipped",
)
INGRESS_NOT_READY = register(
    "OMEC365", "ingress-not-ready", Severity.INFO,
    "--assume-ready=false: ingress objects are not emitted, as on OME's first reconcile",
)
MULTINODE_PROBER_MISSING = register(
    "OMEC380", "multinode-prober-missing", Severity.ERROR,
    "a MultiNodeRayVLLM engine needs a complete multinodeProber entry in the controller ConfigMap "
    "(OME panics without it)",
)
