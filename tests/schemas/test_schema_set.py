"""The schema machinery: Kubernetes versions, bundling and pruning, the on-disk validator cache, and the rules
our schema sources follow (schemas/README.md)."""
from __future__ import annotations

import json
from pathlib import Path

import fastjsonschema
import pytest

from omec.diagnostics import SourceRef
from omec.load import schemas as schema_files
from omec.load.cache import Cache
from omec.load.schemas import k8s_minor, open_schema_set, supported_k8s_versions
from omec.options import DEFAULT_K8S_VERSION
from omec.schema import SchemaError
from omec.validate.schemas import InputChecker


def schema_set_for(version: str):
    """The SchemaSet of ``version`` with the cache of $OMEC_CACHE_DIR, as a run opens it."""
    return open_schema_set(version, Cache.open("validators"))


def checker_for(schemas):
    return InputChecker(schemas, Cache.open("validators"))


SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "x-engine", "namespace": "ns"},
    "spec": {
        "selector": {"matchLabels": {"app": "x-engine"}},
        "template": {"metadata": {"labels": {"app": "x-engine"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}},
    },
}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OMEC_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "validators"


def test_supported_versions_are_bundled_minors_oldest_first():
    versions = supported_k8s_versions()
    assert DEFAULT_K8S_VERSION in versions
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))))
    assert all(v.count(".") == 1 for v in versions)


@pytest.mark.parametrize("given, minor", [("1.32", "1.32"), ("v1.32", "1.32"), ("1.32.4", "1.32"), (" 1.30 ", "1.30")])
def test_version_spellings(given, minor):
    assert k8s_minor(given) == minor


@pytest.mark.parametrize("given", ["1.2", "2.0", "latest", ""])
def test_unsupported_version_names_the_supported_ones(given):
    with pytest.raises(ValueError, match=DEFAULT_K8S_VERSION.replace(".", r"\.")):
        schema_set_for(given)


def test_shipped_kinds_are_discovered_from_the_schema_files(schema_set):
    ome = [("ome.io/v1beta1", k) for k in ("AcceleratorClass", "BaseModel", "ClusterBaseModel", "ClusterServingRuntime",
                                           "FineTunedWeight", "InferenceService", "ServingRuntime")]
    crds = [("gateway.networking.k8s.io/v1", "HTTPRoute"), ("keda.sh/v1alpha1", "ScaledObject"),
            ("leaderworkerset.x-k8s.io/v1", "LeaderWorkerSet"), ("networking.istio.io/v1beta1", "Sidecar"),
            ("networking.istio.io/v1beta1", "VirtualService"), ("ray.io/v1", "RayCluster"), ("serving.knative.dev/v1", "Service")]
    assert schema_set.own_kinds() == sorted(ome + crds)
    assert schema_set.knows("apps/v1", "Deployment") and not schema_set.knows("apps/v1", "Widget")
    assert schema_set.own_kinds() == sorted(ome + crds)  # looking up Kubernetes kinds does not change the list


@pytest.mark.parametrize("version", supported_k8s_versions())
def test_every_kind_bundles_for_every_supported_version(version):
    schemas = schema_set_for(version)
    for api_version, kind in schemas.own_kinds():
        bundle = schemas.bundle(api_version, kind)
        text = json.dumps(bundle)
        assert '"$ref": "#/$defs/' in text
        assert "https://" not in text and "x-omec-include" not in text and "description" not in text


def test_bundle_is_pruned_to_reachable_definitions(schema_set):
    config_map = schema_set.bundle("v1", "ConfigMap")["$defs"]
    deployment = schema_set.bundle("apps/v1", "Deployment")["$defs"]
    isvc = schema_set.bundle("ome.io/v1beta1", "InferenceService")["$defs"]
    assert "io.k8s.api.core.v1.PodSpec" not in config_map and len(config_map) < 10
    assert "io.k8s.api.core.v1.Container" in deployment and "io.k8s.api.batch.v1.JobSpec" not in deployment
    assert len(deployment) < 200  # of ~640 bundled definitions
    # OME's PodSpec fields reference single PodSpec properties, so the whole core PodSpec is not needed
    assert "io.k8s.api.core.v1.PodSpec" not in isvc and "io.k8s.api.core.v1.PodSpec.properties.volumes" in isvc


def test_pod_fields_missing_from_an_old_kubernetes_version_are_unknown_there():
    gated = {
        "apiVersion": "ome.io/v1beta1",
        "kind": "InferenceService",
        "metadata": {"name": "a"},
        "spec": {"model": {"name": "m"}, "engine": {"schedulingGates": [{"name": "gate"}]}},
    }
    assert checker_for(schema_set_for("1.32")).check("InferenceService", gated, SourceRef("a")) == []
    (diag,) = checker_for(schema_set_for("1.25")).check("InferenceService", gated, SourceRef("a"))
    assert (diag.code, diag.field_text) == ("OMEC101", "spec.engine.schedulingGates")


def test_quantity_grammar_override_applies_to_core_kinds(schema_set):
    bad = json.loads(json.dumps(DEPLOYMENT))
    bad["spec"]["template"]["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "2 cores", "memory": 1.5}}
    assert schema_set.is_valid("apps/v1", "Deployment", DEPLOYMENT)
    assert not schema_set.is_valid("apps/v1", "Deployment", bad)
    assert [p.message for p in schema_set.problems("apps/v1", "Deployment", bad)] == [
        'spec.template.spec.containers[0].resources.limits.cpu: "2 cores" is not a valid quantity'
    ]


def test_compiled_validators_are_cached_and_reused(cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    assert schema_set_for(DEFAULT_K8S_VERSION).is_valid("apps/v1", "Deployment", DEPLOYMENT)
    cached = sorted(p.name for p in cache_dir.glob("*.marshal"))
    assert len(cached) == 1

    def no_compiling(*args, **kwargs):
        raise AssertionError("the cached validator should have been used")

    monkeypatch.setattr(fastjsonschema, "compile_to_code", no_compiling)
    warm = schema_set_for(DEFAULT_K8S_VERSION)
    assert warm.is_valid("apps/v1", "Deployment", DEPLOYMENT)
    assert not warm.is_valid("apps/v1", "Deployment", {**DEPLOYMENT, "spec": 1})
    assert sorted(p.name for p in cache_dir.glob("*.marshal")) == cached


def test_a_corrupt_cache_file_is_rebuilt(cache_dir: Path):
    assert schema_set_for(DEFAULT_K8S_VERSION).is_valid("apps/v1", "Deployment", DEPLOYMENT)
    (cached,) = cache_dir.glob("v_*.marshal")
    cached.write_bytes(cached.read_bytes()[:40])  # e.g. a disk that filled up mid-write elsewhere
    fresh = schema_set_for(DEFAULT_K8S_VERSION)
    assert fresh.is_valid("apps/v1", "Deployment", DEPLOYMENT)
    assert not fresh.is_valid("apps/v1", "Deployment", {**DEPLOYMENT, "spec": 1})
    assert len(cached.read_bytes()) > 40  # written again


def test_cache_key_changes_with_the_kubernetes_version(cache_dir: Path):
    schema_set_for("1.31").is_valid("apps/v1", "Deployment", DEPLOYMENT)
    schema_set_for("1.32").is_valid("apps/v1", "Deployment", DEPLOYMENT)
    assert len(list(cache_dir.glob("*.marshal"))) == 2


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("OMEC_CACHE_DIR", str(blocker / "cache"))
    schemas = schema_set_for(DEFAULT_K8S_VERSION)
    assert schemas.is_valid("apps/v1", "Deployment", DEPLOYMENT)
    assert not schemas.is_valid("apps/v1", "Deployment", {**DEPLOYMENT, "bogus": 1})
    assert list(tmp_path.rglob("*.marshal")) == []


def test_xdg_cache_home_is_the_default_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("OMEC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    schema_set_for(DEFAULT_K8S_VERSION).is_valid("v1", "ConfigMap", {"apiVersion": "v1", "kind": "ConfigMap"})
    assert len(list((tmp_path / "omec" / "validators").glob("*.marshal"))) == 1


def test_fast_path_and_detailed_path_agree(schema_set):
    cases = [DEPLOYMENT, {**DEPLOYMENT, "spec": {**DEPLOYMENT["spec"], "replicas": "2"}}, {**DEPLOYMENT, "status": 1}]
    for body in cases:
        assert schema_set.is_valid("apps/v1", "Deployment", body) == (schema_set.problems("apps/v1", "Deployment", body) == [])


def test_broken_sources_are_schema_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "ome").mkdir()
    (tmp_path / "crds").mkdir()
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "overrides.json").write_text('{"$defs": {}}')
    root = {"properties": {"apiVersion": {"enum": ["x/v1"]}, "kind": {"enum": ["A"]}}, "type": "object"}
    cases = {
        "typo": {**root, "additionalproperties": False},
        "dangling": {**root, "properties": {**root["properties"], "spec": {"$ref": "#/$defs/Nope"}}},
        "missing-k8s-type": {**root, "properties": {**root["properties"], "spec": {
            "$ref": "https://kubernetes.io/api/_definitions.json#/$defs/io.k8s.api.core.v1.NoSuchType"}}},
    }
    monkeypatch.setattr(schema_files, "_schema_root", lambda: tmp_path)
    for text in cases.values():
        (tmp_path / "crds" / "a.json").write_text(json.dumps(text))
        with pytest.raises(SchemaError):
            schema_set_for(DEFAULT_K8S_VERSION).bundle("x/v1", "A")


# --- rules for the schema sources (schemas/README.md) ---------------------------------------------------


def _schema_nodes(node, where: str):
    """Every sub-schema of a source file with its location, following the schema keywords only."""
    if not isinstance(node, dict):
        return
    yield where, node
    for key in ("properties", "$defs"):
        for name, sub in node.get(key, {}).items():
            yield from _schema_nodes(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties"):
        yield from _schema_nodes(node.get(key), f"{where}/{key}")
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(node.get(key, [])):
            yield from _schema_nodes(sub, f"{where}/{key}/{i}")


def _source_nodes():
    for path in sorted(SCHEMAS.rglob("*.json")):
        yield from _schema_nodes(json.loads(path.read_text(encoding="utf-8")), path.relative_to(SCHEMAS).as_posix())


def test_every_object_schema_states_whether_unknown_fields_are_allowed():
    loose = [where for where, node in _source_nodes() if node.get("type") == "object" and "additionalProperties" not in node]
    assert loose == []


def test_free_form_objects_are_only_the_documented_ones():
    free = sorted(where.rsplit("/", 1)[-1] for where, node in _source_nodes() if node.get("additionalProperties") is True)
    assert free == ["configuration", "hyperParameters", "modelConfiguration", *["status"] * 7]


def test_refs_have_no_sibling_assertions():
    # draft-07 ignores keywords beside $ref; a sibling assertion would silently not apply
    mixed = [where for where, node in _source_nodes() if "$ref" in node and set(node) - {"$ref", "description", "$comment"}]
    assert mixed == []


MODEL = {"apiVersion": "ome.io/v1beta1", "kind": "ClusterBaseModel", "metadata": {"name": "m"},
         "spec": {"modelFormat": {"name": "safetensors"}, "storage": {"storageUri": "hf://org/m"}}}


def test_valid_input_documents_are_remembered_by_content_hash(cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    ref = SourceRef("m.yaml", 0)
    first = checker_for(schema_set_for(DEFAULT_K8S_VERSION))
    assert first.check("ClusterBaseModel", MODEL, ref, b"digest-1") == []
    assert first.check("ClusterBaseModel", {**MODEL, "spec": 1}, SourceRef("bad.yaml", 0), b"digest-2")
    first.save()

    warm = checker_for(schema_set_for(DEFAULT_K8S_VERSION))
    checked = []
    original = warm.schemas.is_valid
    monkeypatch.setattr(warm.schemas, "is_valid", lambda *args: checked.append(args[2]) or original(*args))
    assert warm.check("ClusterBaseModel", MODEL, ref, b"digest-1") == []
    assert checked == []  # same bytes, same schemas: not checked again
    assert warm.check("ClusterBaseModel", MODEL, SourceRef("m.yaml", 1), b"digest-1") == []
    assert warm.check("ClusterBaseModel", MODEL, ref, None) == []
    assert len(checked) == 2  # another document of the file, an in-memory text
    assert warm.check("ClusterBaseModel", {**MODEL, "spec": 1}, SourceRef("bad.yaml", 0), b"digest-2")
    assert len(checked) == 3  # invalid documents are never remembered: their errors are reported every run


def test_remembered_inputs_do_not_outlive_a_schema_change(cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    ref = SourceRef("m.yaml", 0)
    first = checker_for(schema_set_for(DEFAULT_K8S_VERSION))
    first.check("ClusterBaseModel", MODEL, ref, b"digest-1")
    first.save()
    monkeypatch.setattr(schema_files.SchemaFiles, "fingerprint", lambda self: ["other schema sources"])
    changed = checker_for(schema_set_for(DEFAULT_K8S_VERSION))
    checked = []
    monkeypatch.setattr(changed.schemas, "is_valid", lambda *args: checked.append(args) or True)
    assert changed.check("ClusterBaseModel", MODEL, ref, b"digest-1") == []
    assert len(checked) == 1  # other schemas: checked again
