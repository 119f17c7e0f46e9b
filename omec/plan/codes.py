"""Codes for building component plans from a resolution (OMEC300-OMEC339)."""
from omec.diagnostics import Severity, register

ENGINE_MISSING = register("OMEC300", "engine-missing", Severity.ERROR, "the InferenceService has no engine component")
COMPONENT_EMPTY = register(
    "OMEC301", "component-empty", Severity.ERROR, "a component has neither a runner nor containers after the merge"
)
RUNNER_NAME_MISSING = register(
    "OMEC302", "runner-name-missing", Severity.ERROR,
    "an InferenceService runner without a name blanks the runtime's container name",
)
INVALID_ENGINE_MODE = register(
    "OMEC303", "invalid-engine-mode", Severity.ERROR, "the engine's deploymentMode annotation is VirtualDeployment"
)
MULTINODE_WITHOUT_WORKER = register(
    "OMEC304", "multinode-without-worker", Severity.ERROR, "a MultiNode component has no worker (OME panics)"
)
VIRTUAL_DEPLOYMENT = register(
    "OMEC305", "virtual-deployment", Severity.INFO, "a VirtualDeployment InferenceService produces no objects"
)
ONE_OF_CONFLICT = register(
    "OMEC307", "one-of-conflict", Severity.ERROR,
    "the field-wise merge produced a volume, probe or env var with two sources (the API server rejects it)",
)
UNSUPPORTED_DEPLOYMENT_MODE = register(
    "OMEC308", "unsupported-deployment-mode", Severity.ERROR,
    "a deploymentMode only newer OME versions know (OMENative) is used with an older --ome-version",
)
UNKNOWN_DEPLOYMENT_MODE = register(
    "OMEC309", "unknown-deployment-mode", Severity.WARNING,
    "a deploymentMode annotation value OME does not know is ignored (the default/derived mode applies)",
)
