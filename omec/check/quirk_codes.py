"""Warnings for OME controller quirks that omec reproduces faithfully (spec 02 §9, spec 01 §6) (OMEC500-OMEC539).

Each quirk has its own code so teams can silence the ones they accept with ``--ignore OMEC5nn``.
"""
from omec.diagnostics import Severity, register

W = Severity.WARNING
MULTINODE_SERVICE_SELECTOR = register(
    "OMEC500", "quirk-multinode-service-selector", W,
    "MultiNode Services select every LWS leader of the namespace (ray.io/node-type: head) (spec 02 Q1)")
EXTERNAL_SERVICE_WORKERS = register(
    "OMEC501", "quirk-external-service-workers", W,
    "the external Service selects MultiNode worker pods too when there is no router (spec 02 Q3)")
KEDA_QUERY_COMPONENT = register(
    "OMEC502", "quirk-keda-query-component", W,
    "the built-in KEDA query filters on the component name, pods carry the InferenceService name (spec 02 Q9)")
SIDECAR_SELECTOR = register(
    "OMEC503", "quirk-sidecar-selector", W,
    "the Istio Sidecar selects ome.io/inferenceservice=<component>, which no pod carries (spec 02 Q10)")
HPA_METRIC = register(
    "OMEC504", "quirk-hpa-metric", W, "scaleMetric concurrency/rps becomes an HPA resource metric that does not exist (spec 02 Q11)")
UNMOUNTED_MODEL_VOLUME = register(
    "OMEC505", "quirk-unmounted-model-volume", W, "the router pod gets the model hostPath volume without mounting it (spec 02 Q12)")
RUNNER_RENAMED = register(
    "OMEC506", "quirk-runner-renamed", W,
    "the service renames the runner: the runtime's ome-container defaults (readiness probe) no longer apply (spec 02 Q14)")
MULTINODE_IGNORES_FIELDS = register(
    "OMEC507", "quirk-multinode-ignores-fields", W,
    "in MultiNode mode the component-level runner and pod fields are ignored (only leader/worker count) (spec 02 Q15)")
ACCELERATOR_OVERRIDES_WORKER = register(
    "OMEC508", "quirk-accelerator-overrides-worker", W,
    "AcceleratorClass resources replace the worker/leader runner resources you set (spec 02 Q16)")
PARALLELISM_OVERWRITTEN = register(
    "OMEC509", "quirk-parallelism-overwritten", W, "OME overwrites a PARALLELISM_SIZE value you set (spec 02 Q17)")
MAP_ORDER = register(
    "OMEC510", "quirk-map-order", W,
    "OME appends router config / AcceleratorClass env in random map order; omec sorts them by name (spec 02 Q18)")
TEMPLATE_ESCAPING = register(
    "OMEC511", "quirk-template-escaping", W, "a placeholder value was HTML-escaped by Go html/template (spec 02 Q19)")
ANNOTATIONS_EVERYWHERE = register(
    "OMEC512", "quirk-annotations-everywhere", W,
    "InferenceService annotations are copied onto every component object, HPA and PDB included (spec 02 Q21)")
FIXED_REPLICAS = register(
    "OMEC513", "quirk-fixed-replicas", W,
    "a replica setting has no effect: LWS ignores maxReplicas, HPA/KEDA clamp 0 to 1, the decoder never scales to zero (spec 02 Q22)")
SERVERLESS_ENGINE = register(
    "OMEC514", "quirk-serverless-engine", W,
    "minReplicas 0 turns the component into a Knative Service whatever the deploymentMode annotation says (spec 01 Q25)")
PD_WITHOUT_DECODER = register(
    "OMEC515", "quirk-pd-runtime-without-decoder", W,
    "the runtime has a decoderConfig/routerConfig the service does not declare: that component is not deployed (spec 01 Q16)")
CANARY_IGNORED = register(
    "OMEC516", "quirk-canary-ignored", W, "canaryTrafficPercent needs live Knative status; omec routes 100% to latest (spec 02 §3.3)")
RUNTIME_REPLICAS_IGNORED = register(
    "OMEC517", "quirk-runtime-replicas-ignored", W,
    "min/maxReplicas in a runtime config never apply: the webhook defaults the service's own (spec 01 Q15)")
PVC_MODEL = register(
    "OMEC518", "quirk-pvc-model", W, "a pvc:// model is never marked Ready on nodes by OME at this commit (spec 02 §2.6)")
MODELCONFIG_COLLISION = register(
    "OMEC519", "quirk-modelconfig-collision", W,
    "two InferenceServices share one ModelConfig ConfigMap (same last 20 characters of the name) (spec 02 §1.3)")
MODE_ANNOTATION_IGNORED = register(
    "OMEC520", "quirk-mode-annotation-ignored", W,
    "the InferenceService-level deploymentMode annotation does not decide component modes (spec 01 Q14)")
