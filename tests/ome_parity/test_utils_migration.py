"""OME's predictor migration (pkg/controller/v1beta1/inferenceservice/utils/migration_util.go) cases through omec's
replay of the admission webhook's conversion (omec.validate.webhook.apply_webhooks), as migration_util_test.go
TestMigratePredictor and TestDetermineModelKind assert them
(https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/migration_util_test.go).
The controller-only parts (STORAGE_URI / PROTOCOL_VERSION env, model.container as runner, worker-only predictors)
are not reproduced: see docs/fidelity.md.
"""
from __future__ import annotations

from omec.diagnostics import SourceRef
from omec.model import Catalog, Obj
from omec.validate.webhook import apply_webhooks


def _isvc(predictor: dict, namespace: str = "test-ns") -> Obj:
    body = {"apiVersion": "ome.io/v1beta1", "kind": "InferenceService",
            "metadata": {"name": "test-isvc", "namespace": namespace}, "spec": {"predictor": predictor}}
    return Obj("InferenceService", "test-isvc", namespace, body, SourceRef("test", 0))


def _catalog(*, cluster: tuple = (), namespaced: tuple = ()) -> Catalog:
    catalog = Catalog()
    for name in cluster:
        catalog.cluster_models[name] = Obj("ClusterBaseModel", name, None, {"metadata": {"name": name}}, SourceRef("t", 0))
    for namespace, name in namespaced:
        body = {"metadata": {"name": name, "namespace": namespace}}
        catalog.models[(namespace, name)] = Obj("BaseModel", name, namespace, body, SourceRef("t", 0))
    return catalog


def migrated(predictor: dict, catalog: Catalog) -> dict:
    isvc, _ = apply_webhooks(_isvc(predictor), catalog, "RawDeployment")
    return isvc.spec


def test_migrate_predictor_basic_with_fine_tuned_weights():
    """TestMigratePredictor "Basic predictor with model": model {test-model, fineTunedWeights [weight1, weight2],
    ClusterBaseModel, ome.io} and an engine."""
    spec = migrated({"model": {"baseModel": "test-model", "fineTunedWeights": ["weight1", "weight2"]}},
                    _catalog(cluster=("test-model",)))
    assert spec["model"] == {"name": "test-model", "kind": "ClusterBaseModel", "apiGroup": "ome.io",
                             "fineTunedWeights": ["weight1", "weight2"]}
    assert spec["engine"] is not None


def test_migrate_predictor_worker_spec():
    """TestMigratePredictor "worker spec": the predictor's workerSpec (size 3, container worker) becomes the engine's
    worker."""
    worker = {"size": 3, "containers": [{"name": "worker", "image": "worker:latest"}]}
    spec = migrated({"model": {"baseModel": "test-model"}, "workerSpec": worker}, _catalog(cluster=("test-model",)))
    assert spec["engine"]["worker"] == worker


def test_determine_model_kind_base_model():
    """TestDetermineModelKind: only a BaseModel test-model in test-ns -> kind BaseModel."""
    spec = migrated({"model": {"baseModel": "test-model"}}, _catalog(namespaced=(("test-ns", "test-model"),)))
    assert spec["model"]["kind"] == "BaseModel"
