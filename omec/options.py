"""Options shared by the stages (filled by the CLI; tests construct them directly)."""
from __future__ import annotations

from dataclasses import dataclass, field

from omec.diagnostics import Severity

DEFAULT_OME_VERSION = "v0.1.5"  # behaviour pinned to OME commit 17b77eda (see omec.OME_COMMIT)
SUPPORTED_OME_VERSIONS = (DEFAULT_OME_VERSION,)
# Default --k8s-version: the Kubernetes minor whose core types the OME CRDs of the pinned commit embed, field for
# field (e.g. Container.lifecycle.stopSignal is there, restartPolicyRules of 1.34 is not). Any bundled minor works.
DEFAULT_K8S_VERSION = "1.33"
# Reading YAML (omec.load, README "Reading YAML"): per file, the aliases (``*name``) it may use and the nodes they may
# add by expansion (a 1 KB "billion laughs" file would otherwise expand to 10^9 nodes).
MAX_YAML_ALIASES = 10_000
MAX_YAML_NODES = 1_000_000


@dataclass(frozen=True, slots=True)
class Options:
    namespace: str = "default"  # namespace of objects that declare none
    ome_version: str = DEFAULT_OME_VERSION
    strict: bool = False  # warnings about unparseable values become errors
    last_file_wins: bool = False  # duplicate objects: keep the last in sorted path order (a warning, not an error)
    k8s_version: str = DEFAULT_K8S_VERSION  # Kubernetes version whose schemas validate inputs and outputs
    ignore: frozenset = frozenset()  # warning/info codes not to report (errors cannot be ignored)
    owner_uid: str | None = None  # emit ownerReferences with this InferenceService UID
    # model name -> {architecture, parameterSize, quantization, format, framework ...} (--model-metadata)
    model_metadata: dict = field(default_factory=dict)
    # Ingress: OME creates the ingress objects only once the components are ready; steady state (every component
    # ready, the default) emits them. Knative's domain / domain template and the cluster DNS domain shape
    # Serverless VirtualServices.
    assume_ready: bool = True
    knative_domain: str | None = None
    knative_domain_template: str = "{{.Name}}.{{.Namespace}}.{{.Domain}}"
    cluster_domain: str = "cluster.local"
    max_yaml_aliases: int = MAX_YAML_ALIASES  # --max-yaml-aliases
    max_yaml_nodes: int = MAX_YAML_NODES  # --max-yaml-nodes
    jobs: int | None = 1  # worker processes for the InferenceServices; None = auto (omec.fleet.resolve_jobs)
    fail_on: Severity = Severity.ERROR  # the lowest severity that fails the run (--fail-on warning: WARNING)
