"""Diagnostic codes of the load stage (OMEC001-OMEC099)."""
from omec.diagnostics import Severity, register

YAML_SYNTAX = register("OMEC001", "yaml-syntax", Severity.ERROR, "the file is not valid YAML")
DUPLICATE_KEY = register("OMEC002", "duplicate-key", Severity.ERROR, "a mapping repeats a key")
NOT_A_MAPPING = register("OMEC003", "not-a-mapping", Severity.ERROR, "a YAML document is not a mapping (object)")
READ_FAILED = register("OMEC004", "read-failed", Severity.ERROR, "a file or directory cannot be read")
NO_INPUT = register("OMEC005", "no-input", Severity.ERROR, "no *.yaml / *.yml file was found in the inputs")
NOT_UTF8 = register("OMEC006", "not-utf8", Severity.ERROR, "a file is not UTF-8 text")
ALIAS_BOMB = register("OMEC007", "yaml-alias-bomb", Severity.ERROR,
                      "aliases expand a file beyond --max-yaml-aliases or --max-yaml-nodes")
ALIAS_CYCLE = register("OMEC008", "yaml-alias-cycle", Severity.ERROR, "an alias refers to a node that contains it")
TOO_DEEP = register("OMEC009", "yaml-too-deep", Severity.ERROR, "collections nest more than 100 levels deep")
BAD_VALUE = register("OMEC010", "yaml-bad-value", Severity.ERROR,
                     "a value or key kubectl cannot turn into JSON (a tag that does not fit, .inf/.nan, a null key)")
NOT_REGULAR = register("OMEC011", "not-a-regular-file", Severity.WARNING,
                       "a FIFO, socket or device named *.yaml / *.yml is skipped")

# Inputs beyond single files (OMEC020-OMEC039): kustomizations, hidden files, the project file omec.yaml.
KUSTOMIZATION_INVALID = register(
    "OMEC020", "kustomization-invalid", Severity.ERROR,
    "a kustomization is one kustomize rejects (not a mapping, resources not a list of paths, several files)")
KUSTOMIZE_RESOURCE_MISSING = register(
    "OMEC021", "kustomize-resource-missing", Severity.ERROR,
    "a kustomization lists a resource kustomize cannot load (missing, outside its root, a directory without a "
    "kustomization, a cycle, listed twice)")
NOT_IN_KUSTOMIZATION = register(
    "OMEC022", "not-in-kustomization", Severity.INFO,
    "a YAML file below a kustomization that it does not list was skipped (kustomize would not build it)")
KUSTOMIZE_NEEDED = register(
    "OMEC023", "kustomize-needed", Severity.ERROR,
    "a kustomization uses more than plain resources and neither kustomize nor kubectl is on PATH")
KUSTOMIZE_FAILED = register(
    "OMEC024", "kustomize-failed", Severity.ERROR, "kustomize build (or kubectl kustomize) failed")
KUSTOMIZE_BUILT = register(
    "OMEC025", "kustomize-built", Severity.INFO,
    "a kustomization was built by the real kustomize; its objects are positioned in kustomize's output")
HIDDEN_SKIPPED = register(
    "OMEC026", "hidden-skipped", Severity.INFO, "a hidden file or directory (name starting with '.') was skipped")
PROJECT_INVALID = register(
    "OMEC027", "project-invalid", Severity.ERROR, "the project file omec.yaml (or --config FILE) is invalid")
RESOURCE_LIST_INVALID = register(
    "OMEC028", "resource-list-invalid", Severity.ERROR,
    "omec fn: standard input is not a KRM ResourceList, or its functionConfig is invalid")
