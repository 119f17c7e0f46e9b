"""Output checks: objects as OME emits them pass; broken variants fail with the field path;
our CRD schemas accept and reject like the upstream CRDs in ../shared/schemas/crds (pinned and latest tags)."""
from __future__ import annotations

import pytest

from omec.check.schemas import OutputValidator
from omec.load.schemas import open_schema_set, supported_k8s_versions
from omec.options import DEFAULT_K8S_VERSION

NS, ISVC, CN = "llama", "llama", "llama-engine"
LABELS = {
    "ome.io/inferenceservice": ISVC, "component": "engine", "serving-runtime": "srt-llama",
    "fine-tuned-serving": "false", "base-model-name": "llama", "base-model-size": "SMALL", "base-model-type": "Serving",
}
ANNOTATIONS = {"ome.io/deploymentMode": "RawDeployment", "ome.io/base-model-name": "llama", "prometheus.io/scrape": "true"}
META = {"name": CN, "namespace": NS, "labels": {**LABELS, "app": CN}, "annotations": ANNOTATIONS}
CONTAINER = {
    "name": "ome-container",
    "image": "docker.io/lmsysorg/sglang:v0.4.8",
    "command": ["python3", "-m", "sglang.launch_server"],
    "args": ["--port=8080", "--model-path=$(MODEL_PATH)"],
    "ports": [{"containerPort": 8080, "name": "http1", "protocol": "TCP"}],
    "env": [{"name": "MODEL_PATH", "value": "/raid/models/llama"}, {"name": "PARALLELISM_SIZE", "value": "1"}],
    "resources": {"requests": {"cpu": "10", "memory": "30Gi", "nvidia.com/gpu": "1"}, "limits": {"nvidia.com/gpu": 1}},
    "volumeMounts": [{"name": "dshm", "mountPath": "/dev/shm"}, {"name": "llama", "mountPath": "/raid/models/llama", "readOnly": True}],
    "readinessProbe": {"httpGet": {"path": "/health", "port": 8080}, "periodSeconds": 10, "failureThreshold": 3},
}
POD = {  # a rendered component pod, without the workload defaults
    "containers": [CONTAINER],
    "volumes": [{"name": "dshm", "emptyDir": {"medium": "Memory"}}, {"name": "llama", "hostPath": {"path": "/raid/models/llama"}}],
    "nodeSelector": {"models.ome.io/clusterbasemodel.llama": "Ready"},
    "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
}
WORKLOAD_POD = {**POD, "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
                "securityContext": {}, "schedulerName": "default-scheduler"}  # + OME's Deployment/LWS pod defaults

LWS = {
    "apiVersion": "leaderworkerset.x-k8s.io/v1",
    "kind": "LeaderWorkerSet",
    "metadata": {"name": f"lws-{CN}", "namespace": NS, "labels": LABELS, "annotations": ANNOTATIONS},
    "spec": {
        "replicas": 1,
        "startupPolicy": "LeaderCreated",
        "networkConfig": {"subdomainPolicy": "Shared"},
        "rolloutStrategy": {"type": "RollingUpdate", "rollingUpdateConfiguration": {"maxUnavailable": 1, "maxSurge": 1}},
        "leaderWorkerTemplate": {
            "size": 2,
            "restartPolicy": "RecreateGroupOnPodRestart",
            "leaderTemplate": {"metadata": {"name": CN, "namespace": NS, "labels": {**LABELS, "app": CN, "ray.io/node-type": "head"},
                                            "annotations": ANNOTATIONS}, "spec": WORKLOAD_POD},
            "workerTemplate": {"metadata": {"name": CN, "namespace": NS, "labels": LABELS, "annotations": {}},
                               "spec": {**WORKLOAD_POD, "containers": [{**CONTAINER, "name": "worker"}]}},
        },
    },
}
SCALED_OBJECT = {
    "apiVersion": "keda.sh/v1alpha1",
    "kind": "ScaledObject",
    "metadata": {"name": f"scaledobject-{CN}", "namespace": NS, "labels": LABELS, "annotations": ANNOTATIONS},
    "spec": {
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": CN},
        "minReplicaCount": 1,
        "maxReplicaCount": 3,
        "triggers": [{
            "type": "prometheus",
            "metadata": {"serverAddress": "http://prometheus-operated.monitoring.svc.cluster.local:9090", "metricName": "tps",
                         "query": 'sum(rate(vllm:request_success_total{ome_io_inferenceservice="llama-engine"}[1m]))',
                         "threshold": "10", "operator": "LessThanOrEqual", "authModes": "bearer"},
            "authenticationRef": {"name": "prom-auth", "kind": "TriggerAuthentication"},
        }],
    },
}


def _knative(volumes: list) -> dict:
    return {
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Service",
        "metadata": {"name": CN, "namespace": NS, "labels": LABELS, "annotations": {"serving.knative.dev/rollout-duration": "60s"}},
        "spec": {
            "template": {
                "metadata": {"labels": LABELS, "annotations": {**ANNOTATIONS, "autoscaling.knative.dev/min-scale": "0",
                                                              "autoscaling.knative.dev/max-scale": "1",
                                                              "autoscaling.knative.dev/class": "kpa.autoscaling.knative.dev"}},
                "spec": {**POD, "volumes": volumes, "timeoutSeconds": 300, "responseStartTimeoutSeconds": 300,
                         "containerConcurrency": 4},
            },
            "traffic": [{"latestRevision": True, "percent": 100, "tag": "latest"}],
        },
    }


KNATIVE = _knative(POD["volumes"])  # as OME emits it: the model is a hostPath volume
KNATIVE_EMPTYDIR = _knative(POD["volumes"][:1])  # variants start here, so Knative 1.12 judges just the variant


def _headers() -> dict:
    return {"type": "RequestHeaderModifier",
            "requestHeaderModifier": {"set": [{"name": "OMe-Isvc-Name", "value": ISVC}, {"name": "OME-Isvc-Namespace", "value": NS}]}}


HTTP_ROUTE = {  # top-level route with a decoder and a router
    "apiVersion": "gateway.networking.k8s.io/v1",
    "kind": "HTTPRoute",
    "metadata": {"name": ISVC, "namespace": NS, "labels": {"team": "a"}, "annotations": {"note": "x"}},
    "spec": {
        "parentRefs": [{"group": "gateway.networking.k8s.io", "kind": "Gateway", "namespace": "ome", "name": "ome-gateway"}],
        "hostnames": [f"{ISVC}.{NS}.example.com"],
        "rules": [
            {"matches": [{"path": {"type": "RegularExpression", "value": "^/v1/.*$"}}], "filters": [_headers()],
             "backendRefs": [{"kind": "Service", "name": f"{ISVC}-decoder", "namespace": NS, "port": 8080}],
             "timeouts": {"request": "60s"}},
            {"matches": [{"path": {"type": "RegularExpression", "value": "^/.*$"}}], "filters": [_headers()],
             "backendRefs": [{"kind": "Service", "name": f"{ISVC}-router", "namespace": NS, "port": 8080}],
             "timeouts": {"request": "90s"}},
        ],
    },
}
HOST_MATCH = "^llama\\.llama(\\.svc(\\.cluster\\.local)?)?(?::\\d{1,5})?$"
VIRTUAL_SERVICE = {
    "apiVersion": "networking.istio.io/v1beta1",
    "kind": "VirtualService",
    "metadata": {"name": ISVC, "namespace": NS, "labels": {"team": "a"}, "annotations": {}},
    "spec": {
        "hosts": [f"{ISVC}.{NS}.svc.cluster.local", f"{ISVC}.{NS}.example.com"],
        "gateways": ["knative-serving/knative-local-gateway", "mesh", "knative-serving/knative-ingress-gateway"],
        "http": [{
            "match": [{"authority": {"regex": HOST_MATCH}, "gateways": ["knative-serving/knative-local-gateway", "mesh"]},
                      {"uri": {"prefix": "/serving/"}, "gateways": ["knative-serving/knative-ingress-gateway"]}],
            "rewrite": {"uri": "/"},
            "route": [{"destination": {"host": "knative-local-gateway.istio-system.svc.cluster.local", "port": {"number": 8080}},
                       "weight": 100}],
            "headers": {"request": {"set": {"Host": f"{CN}.{NS}.svc.cluster.local", "OMe-Isvc-Name": ISVC,
                                            "OME-Isvc-Namespace": NS}}},
        }],
    },
}
SIDECAR = {
    "apiVersion": "networking.istio.io/v1beta1",
    "kind": "Sidecar",
    "metadata": {"name": CN, "namespace": NS},
    "spec": {
        "workloadSelector": {"labels": {"ome.io/inferenceservice": CN}},
        "egress": [{"hosts": ["./*"], "port": {"number": 8080, "protocol": "HTTP"}}],
        "ingress": [{"port": {"number": 8080, "protocol": "HTTP"}}],
    },
}
RAY_POD = {**POD, "containers": [{**CONTAINER, "lifecycle": {"preStop": {"exec": {"command": ["/bin/bash", "-lc", "ray stop"]}}}}]}
RAY_CLUSTER = {
    "apiVersion": "ray.io/v1",
    "kind": "RayCluster",
    "metadata": {"name": f"{CN}-0", "namespace": NS, "labels": LABELS, "annotations": ANNOTATIONS},
    "spec": {
        "headGroupSpec": {
            "headService": {"metadata": {"name": f"{CN}-0", "namespace": NS, "labels": LABELS}},
            "rayStartParams": {"dashboard-host": "0.0.0.0", "metrics-export-port": "8000"},
            "serviceType": "ClusterIP",
            "template": {"metadata": {"name": f"{CN}-0", "labels": LABELS}, "spec": RAY_POD},
        },
        "workerGroupSpecs": [{"groupName": "wg", "rayStartParams": {}, "replicas": 1,
                              "template": {"metadata": {"name": f"{CN}-0", "labels": LABELS}, "spec": RAY_POD}}],
    },
}

SELECTOR = {"matchLabels": {"app": CN}}
CORE = [
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": META, "spec": {
        "selector": SELECTOR, "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
        "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
        "template": {"metadata": {**META}, "spec": WORKLOAD_POD}}},
    {"apiVersion": "v1", "kind": "Service", "metadata": META, "spec": {
        "type": "ClusterIP", "selector": {"app": CN},
        "ports": [{"name": "http1", "port": 8080, "targetPort": 8080, "protocol": "TCP"}]}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": ISVC, "namespace": NS}, "spec": {
        "type": "ExternalName", "externalName": "knative-local-gateway.istio-system.svc.cluster.local", "sessionAffinity": "None"}},
    {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": META, "spec": {
        "minReplicas": 1, "maxReplicas": 3, "behavior": {},
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": CN},
        "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]}},
    {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": META,
     "spec": {"selector": SELECTOR, "maxUnavailable": 1}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "modelconfig-llama", "namespace": NS,
                                                        "labels": {"ome.io/inferenceservice": ISVC}},
     "data": {"models.json": '[{"modelName":"llama","modelSpec":{"modelFormatName":"safetensors"}}]'}},
    {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": f"{ISVC}-router", "namespace": NS}},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": f"{ISVC}-router", "namespace": NS},
     "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}]},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": f"{ISVC}-router", "namespace": NS},
     "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": f"{ISVC}-router"},
     "subjects": [{"kind": "ServiceAccount", "name": f"{ISVC}-router", "namespace": NS}]},
    {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": ISVC, "namespace": NS, "annotations": ANNOTATIONS},
     "spec": {"ingressClassName": "istio", "rules": [{"host": f"{ISVC}.{NS}.example.com", "http": {"paths": [
         {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": CN, "port": {"number": 8080}}}}]}}]}},
]
REPRESENTATIVE = [LWS, SCALED_OBJECT, KNATIVE, HTTP_ROUTE, VIRTUAL_SERVICE, SIDECAR, RAY_CLUSTER, *CORE]


@pytest.fixture(scope="module")
def validator(schema_set) -> OutputValidator:
    return OutputValidator(schema_set)


@pytest.mark.parametrize("obj", REPRESENTATIVE, ids=[f"{o['kind']}:{o['metadata']['name']}" for o in REPRESENTATIVE])
def test_objects_as_ome_emits_them_are_valid(validator, obj):
    assert validator.check(obj) == []


# --- broken variants: (id, object, field path, new value (``...`` deletes), field the message must name) ------

LT = ("spec", "leaderWorkerTemplate")
TEMPLATE = ("spec", "template", "spec")
RULE = ("spec", "rules", 0)
CRD_VARIANTS = [
    ("lws-startup-policy", LWS, ("spec", "startupPolicy"), "Eventually", "spec.startupPolicy"),
    ("lws-subdomain-policy-required", LWS, ("spec", "networkConfig", "subdomainPolicy"), ..., "spec.networkConfig"),
    ("lws-rollout-type", LWS, ("spec", "rolloutStrategy", "type"), "Recreate", "spec.rolloutStrategy.type"),
    ("lws-size-type", LWS, (*LT, "size"), "3", "spec.leaderWorkerTemplate.size"),
    ("lws-worker-template-required", LWS, (*LT, "workerTemplate"), ..., "spec.leaderWorkerTemplate"),
    ("lws-pod-field", LWS, (*LT, "leaderTemplate", "spec", "containers", 0, "gpus"), 8,
     "spec.leaderWorkerTemplate.leaderTemplate.spec.containers[0].gpus"),
    ("lws-unknown-spec-field", LWS, ("spec", "scheduler"), "volcano", "spec.scheduler"),
    ("lws-restart-after-start", LWS, (*LT, "restartPolicy"), "RecreateGroupAfterStart", "spec.leaderWorkerTemplate.restartPolicy"),
    ("lws-size-zero", LWS, (*LT, "size"), 0, "spec.leaderWorkerTemplate.size"),
    ("keda-triggers-required", SCALED_OBJECT, ("spec", "triggers"), ..., "spec"),
    ("keda-metadata-value-type", SCALED_OBJECT, ("spec", "triggers", 0, "metadata", "threshold"), 10,
     "spec.triggers[0].metadata.threshold"),
    ("keda-target-name-required", SCALED_OBJECT, ("spec", "scaleTargetRef", "name"), ..., "spec.scaleTargetRef"),
    ("keda-min-negative", SCALED_OBJECT, ("spec", "minReplicaCount"), -1, "spec.minReplicaCount"),
    ("keda-auth-kind", SCALED_OBJECT, ("spec", "triggers", 0, "authenticationRef", "kind"), "Secret",
     "spec.triggers[0].authenticationRef.kind"),
    ("keda-empty-triggers", SCALED_OBJECT, ("spec", "triggers"), [], "spec.triggers"),
    ("keda-cooldown-not-emitted", SCALED_OBJECT, ("spec", "cooldownPeriod"), 300, "spec.cooldownPeriod"),
    ("knative-containers-required", KNATIVE_EMPTYDIR, (*TEMPLATE, "containers"), ..., "spec.template.spec"),
    ("knative-container-lifecycle", KNATIVE_EMPTYDIR, (*TEMPLATE, "containers", 0, "lifecycle"), {}, "spec.template.spec.containers[0].lifecycle"),
    ("knative-node-name", KNATIVE_EMPTYDIR, (*TEMPLATE, "nodeName"), "node-1", "spec.template.spec.nodeName"),
    ("knative-percent-type", KNATIVE_EMPTYDIR, ("spec", "traffic", 0, "percent"), "100", "spec.traffic[0].percent"),
    ("knative-percent-over-100", KNATIVE_EMPTYDIR, ("spec", "traffic", 0, "percent"), 150, "spec.traffic[0].percent"),
    ("route-hostname", HTTP_ROUTE, ("spec", "hostnames", 0), "Bad_Host.example.com", "spec.hostnames[0]"),
    ("route-port-range", HTTP_ROUTE, (*RULE, "backendRefs", 0, "port"), 70000, "spec.rules[0].backendRefs[0].port"),
    ("route-timeout", HTTP_ROUTE, (*RULE, "timeouts", "request"), "60 seconds", "spec.rules[0].timeouts.request"),
    ("route-filter-type", HTTP_ROUTE, (*RULE, "filters", 0, "type"), "Rewrite", "spec.rules[0].filters[0].type"),
    ("route-header-name", HTTP_ROUTE, (*RULE, "filters", 0, "requestHeaderModifier", "set", 0, "name"), "bad name",
     "spec.rules[0].filters[0].requestHeaderModifier.set[0].name"),
    ("route-backend-name-required", HTTP_ROUTE, (*RULE, "backendRefs", 0, "name"), ..., "spec.rules[0].backendRefs[0]"),
    ("route-path-too-long", HTTP_ROUTE, (*RULE, "matches", 0, "path", "value"), "/" + "a" * 1024,
     "spec.rules[0].matches[0].path.value"),
    ("route-too-many-hostnames", HTTP_ROUTE, ("spec", "hostnames"), [f"h{i}.example.com" for i in range(17)], "spec.hostnames"),
    ("route-weight-not-emitted", HTTP_ROUTE, (*RULE, "backendRefs", 0, "weight"), 1, "spec.rules[0].backendRefs[0].weight"),
]

UPSTREAM = {  # kind -> {tag: (CRD file under ../shared/schemas/crds, served version)}
    "LeaderWorkerSet": {"pinned": ("lws/v0.5.1/leaderworkerset.x-k8s.io_leaderworkersets.yaml", "v1"),
                        "latest": ("lws/v0.10.0/leaderworkerset.x-k8s.io_leaderworkersets.yaml", "v1")},
    "ScaledObject": {"pinned": ("keda/v2.12.1/keda.sh_scaledobjects.yaml", "v1alpha1"),
                     "latest": ("keda/v2.20.2/keda.sh_scaledobjects.yaml", "v1alpha1")},
    "Service": {"pinned": ("knative-serving/knative-v1.12.3/service.yaml", "v1"),
                "latest": ("knative-serving/knative-v1.23.0/service.yaml", "v1")},
    "HTTPRoute": {"pinned": ("gateway-api/v1.2.1/gateway.networking.k8s.io_httproutes.yaml", "v1"),
                  "latest": ("gateway-api/v1.6.1/gateway.networking.k8s.io_httproutes.yaml", "v1")},
}
# Where an upstream CRD's verdict differs from ours on purpose: (case id, tag) -> why.
DIFFERENCES = {
    ("lws-restart-after-start", "latest"): "policy added after the LWS version OME uses",
    ("lws-size-zero", "pinned"): "a group has at least the leader (LWS' webhook, not its schema, checks this)",
    ("lws-size-zero", "latest"): "a group has at least the leader (LWS' webhook, not its schema, checks this)",
    ("keda-min-negative", "pinned"): "bound added to the CRD in later KEDA releases",
    ("keda-auth-kind", "pinned"): "enum added to the CRD in later KEDA releases",
    ("keda-empty-triggers", "pinned"): "minItems added to the CRD in later KEDA releases",
    ("keda-cooldown-not-emitted", "pinned"): "OME never emits cooldownPeriod",
    ("keda-cooldown-not-emitted", "latest"): "OME never emits cooldownPeriod",
    ("knative-hostpath", "pinned"): "Knative 1.12 has no hostPath volumes (later releases allow them behind a flag)",
    ("knative-percent-over-100", "pinned"): "Knative's webhook, not its CRD, bounds percent",
    ("knative-percent-over-100", "latest"): "Knative's webhook, not its CRD, bounds percent",
    ("route-weight-not-emitted", "pinned"): "OME never emits backendRefs[].weight",
    ("route-weight-not-emitted", "latest"): "OME never emits backendRefs[].weight",
}
CRD_CASES = [
    ("lws", LWS, (), None, None),
    ("scaledobject", SCALED_OBJECT, (), None, None),
    ("knative-hostpath", KNATIVE, (), None, None),
    ("knative-emptydir", KNATIVE_EMPTYDIR, (), None, None),
    ("httproute", HTTP_ROUTE, (), None, None),
    *CRD_VARIANTS,
]


@pytest.mark.parametrize("case_id, base, path, value, field", CRD_VARIANTS, ids=[c[0] for c in CRD_VARIANTS])
def test_broken_variant_is_reported_at_its_field(validator, edit, case_id, base, path, value, field):
    diags = validator.diagnose(edit(base, path, value))
    assert [(d.code, d.field_text) for d in diags] == [("OMEC400", field)]
    assert diags[0].object == f"{base['kind']} {base['metadata']['namespace']}/{base['metadata']['name']}"


@pytest.mark.parametrize("tag", ["pinned", "latest"])
@pytest.mark.parametrize("case_id, base, path, value, field", CRD_CASES, ids=[c[0] for c in CRD_CASES])
def test_upstream_crd_agrees_unless_documented(validator, crd_validator, upstream_crds, edit, tag, case_id, base, path, value,
                                               field):
    obj = edit(base, path, value) if path else base
    ours = validator.check(obj) == []
    crd_file, version = UPSTREAM[base["kind"]][tag]
    theirs = crd_validator(upstream_crds / crd_file, version).is_valid(obj)
    assert theirs == (ours != ((case_id, tag) in DIFFERENCES))


def test_documented_differences_name_real_cases():
    assert {case for case, _ in DIFFERENCES} <= {c[0] for c in CRD_CASES}


OURS_ONLY_VARIANTS = [  # kinds without an upstream CRD in ../shared: Istio, KubeRay, and core kinds
    (VIRTUAL_SERVICE, ("spec", "http", 0, "match", 0, "authority"), {"regex": "a", "exact": "b"}, "spec.http[0].match[0].authority"),
    (VIRTUAL_SERVICE, ("spec", "http", 0, "route", 0, "destination", "host"), ..., "spec.http[0].route[0].destination"),
    (VIRTUAL_SERVICE, ("spec", "http", 0, "route", 0, "destination", "port", "number"), "8080",
     "spec.http[0].route[0].destination.port.number"),
    (VIRTUAL_SERVICE, ("spec", "hosts"), ..., "spec"),
    (SIDECAR, ("spec", "egress", 0, "hosts"), [], "spec.egress[0].hosts"),
    (SIDECAR, ("spec", "ingress", 0, "port", "number"), 0, "spec.ingress[0].port.number"),
    (SIDECAR, ("spec", "workloadSelector", "matchLabels"), {}, "spec.workloadSelector.matchLabels"),
    (RAY_CLUSTER, ("spec", "headGroupSpec", "rayStartParams"), ..., "spec.headGroupSpec"),
    (RAY_CLUSTER, ("spec", "workerGroupSpecs", 0, "groupName"), ..., "spec.workerGroupSpecs[0]"),
    (RAY_CLUSTER, ("spec", "headGroupSpec", "headService", "spec"), {"ports": [{"port": "8000"}]},
     "spec.headGroupSpec.headService.spec.ports[0].port"),
    (CORE[0], ("spec", "replicas"), "1", "spec.replicas"),
    (CORE[0], ("spec", "template", "spec", "containers", 0, "resources", "limits", "cpu"), "1 core",
     "spec.template.spec.containers[0].resources.limits.cpu"),
    (CORE[1], ("spec", "ports", 0, "port"), "8080", "spec.ports[0].port"),
    (CORE[3], ("spec", "metrics", 0, "resource", "target", "averageUtilization"), "80",
     "spec.metrics[0].resource.target.averageUtilization"),
    (CORE[4], ("spec", "maxUnavailable"), 1.5, "spec.maxUnavailable"),
    (CORE[7], ("rules", 0, "verbs"), "get", "rules[0].verbs"),
    (CORE[9], ("spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "number"), "8080",
     "spec.rules[0].http.paths[0].backend.service.port.number"),
]


@pytest.mark.parametrize("base, path, value, field", OURS_ONLY_VARIANTS,
                         ids=[f"{c[0]['kind']}:{'.'.join(map(str, c[1]))}" for c in OURS_ONLY_VARIANTS])
def test_broken_variant_without_upstream_crd_is_reported(validator, edit, base, path, value, field):
    assert [(d.code, d.field_text) for d in validator.diagnose(edit(base, path, value))] == [("OMEC400", field)]


def test_messages_are_human(validator, edit):
    deployment = edit(edit(CORE[0], ("spec", "replicas"), "one"), ("spec", "paused"), "no")
    assert validator.check(edit(deployment, ("spec", "surge"), 1)) == [
        'spec.paused: expected boolean, got string "no"',
        'spec.replicas: expected integer, got string "one"',
        'unknown field "surge" in Deployment spec',
    ]


@pytest.mark.parametrize("api_version, kind", [("apps.example.com/v1", "Deployment"), ("networking.istio.io/v1", "Ingress"),
                                               ("leaderworkerset.x-k8s.io/v1", "Deployment")])
def test_kubernetes_schemas_only_cover_kubernetes_api_groups(validator, api_version, kind):
    assert not validator.schemas.knows(api_version, kind)
    assert validator.check({"apiVersion": api_version, "kind": kind})[0].startswith("no schema is known")


def test_unknown_kind_has_no_schema(validator):
    (message,) = validator.check({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}})
    assert message == f"no schema is known for Widget (example.com/v1) in Kubernetes {DEFAULT_K8S_VERSION}"
    (diag,) = validator.diagnose({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}})
    assert (diag.code, diag.object) == ("OMEC401", "Widget w")


@pytest.mark.parametrize("version", [supported_k8s_versions()[0], supported_k8s_versions()[-1]])
def test_oldest_and_newest_kubernetes_versions_check_core_kinds(edit, version):
    validator = OutputValidator(open_schema_set(version))
    assert validator.schemas.k8s_version == version
    assert validator.check(CORE[0]) == []
    assert validator.check(edit(CORE[0], ("spec", "replicas"), "2")) == ['spec.replicas: expected integer, got string "2"']
