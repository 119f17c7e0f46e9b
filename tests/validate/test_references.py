"""References to objects the catalog lacks: OME's "not found" text with a "did you mean" for a close name, and, for
an object that is in the specs but rejected (invalid metadata or schema, so it would not exist in a cluster), a
diagnostic saying so (OMEC240) instead of "not found"."""
from __future__ import annotations

from pathlib import Path

import yaml

from omec.testing import BuildOutput, build

BASE = (Path(__file__).resolve().parents[1] / "cases" / "base" / "catalog.yaml").read_text(encoding="utf-8")
ACCELERATED = """
apiVersion: ome.io/v1beta1
kind: ClusterServingRuntime
metadata: {name: accelerated}
spec:
  supportedModelFormats:
    - modelFormat: {name: safetensors, version: "1.0.0"}
      modelFramework: {name: transformers, version: "4.43.1"}
      modelArchitecture: LlamaForCausalLM
      autoSelect: false
  acceleratorRequirements: {acceleratorClasses: [h100]}
  engineConfig:
    runner: {name: ome-container, image: "sglang:v1"}
"""
WEIGHT = """
apiVersion: ome.io/v1beta1
kind: FineTunedWeight
metadata: {name: %s}
spec:
  baseModelRef: {name: llama}
  modelType: LoRA
  hyperParameters: {strategy: lora}
  storage: {storageUri: "oci://n/b/o"}
"""


def compile_isvc(spec: dict, extra: str = "") -> BuildOutput:
    isvc = {"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "chat", "namespace": "team"},
            "spec": {"engine": {}, **spec}}
    texts = {"catalog.yaml": BASE, "extra.yaml": extra or "{}", "isvc.yaml": yaml.safe_dump(isvc)}
    return build(texts=texts)


def only(out: BuildOutput, code: str):
    found = [d for d in out.diagnostics if d.code == code]
    assert len(found) == 1, out.report()
    return found[0]


def test_a_mistyped_model_gets_omes_text_and_a_suggestion():
    out = compile_isvc({"model": {"name": "lama"}, "runtime": {"name": "single"}})
    diag = only(out, "OMEC201")
    # OME's GetBaseModel: goerrors.New("No BaseModel or ClusterBaseModel with the name: " + name), capital N
    # (pkg/controller/v1beta1/inferenceservice/utils/reconciliation.go#L20)
    assert diag.message == "No BaseModel or ClusterBaseModel with the name: lama"
    assert diag.hint.startswith('did you mean "llama"? (referenced model "lama" not found in namespace "team"')
    assert diag.field == ("spec", "model", "name")


def test_a_mistyped_runtime_gets_a_suggestion():
    diag = only(compile_isvc({"model": {"name": "llama"}, "runtime": {"name": "singel"}}), "OMEC204")
    assert diag.message == "runtime singel not found in namespace team or at cluster scope"
    assert diag.hint == 'did you mean "single"?'


def test_no_suggestion_when_nothing_is_close():
    diag = only(compile_isvc({"model": {"name": "llama"}, "runtime": {"name": "qwen-vllm-large"}}), "OMEC204")
    assert diag.hint is None


def test_a_mistyped_accelerator_class_gets_a_suggestion():
    # the runtime must list the class the service asks for (else the runtime is incompatible), so both say h10
    spec = {"model": {"name": "llama"}, "runtime": {"name": "accelerated"}, "acceleratorSelector": {"acceleratorClass": "h10"}}
    diag = only(compile_isvc(spec, ACCELERATED.replace("[h100]", "[h10]")), "OMEC209")
    assert diag.message == "accelerator class h10 not found at cluster scope"
    assert diag.hint == 'did you mean "h100"? (OME event: Failed to get accelerator class for engine)'


def test_a_runtime_listing_a_mistyped_accelerator_class_gets_a_suggestion():
    spec = {"model": {"name": "llama"}, "runtime": {"name": "accelerated"}, "acceleratorSelector": {"policy": "Cheapest"}}
    out = compile_isvc(spec, ACCELERATED.replace("[h100]", "[h100x]"))
    diag = only(out, "OMEC210")
    assert "AcceleratorClass h100x listed by runtime accelerated does not exist" in diag.message
    assert diag.hint == 'did you mean "h100"?'


def test_a_mistyped_fine_tuned_weight_gets_a_suggestion():
    spec = {"model": {"name": "llama", "fineTunedWeights": ["llama-lora-v1"]}, "runtime": {"name": "single"}}
    diag = only(compile_isvc(spec, WEIGHT % "llama-lora-v2"), "OMEC341")
    assert diag.message == "No FineTunedWeight with the name: llama-lora-v1"
    assert diag.hint == 'did you mean "llama-lora-v2"?'


def test_a_runtime_with_a_schema_error_is_invalid_not_missing():
    broken = BASE.replace("  name: single\nspec:\n", "  name: single\nspec:\n  disabledd: true\n", 1)
    out = build(texts={"catalog.yaml": broken, "isvc.yaml": yaml.safe_dump({
        "apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "chat", "namespace": "team"},
        "spec": {"model": {"name": "llama"}, "runtime": {"name": "single"}, "engine": {}}})})
    assert "OMEC204" not in out.codes(), out.report()
    assert only(out, "OMEC101").message.startswith('unknown field "disabledd"')
    diag = only(out, "OMEC240")
    assert diag.message == ("ClusterServingRuntime single is in the specs but invalid, so OME cannot use it (the API "
                            "server rejects it)")
    assert diag.field == ("spec", "runtime", "name") and diag.ref.path == "isvc.yaml"
    assert diag.hint == ("fix the errors reported for it in catalog.yaml (document 1); OME reports: runtime single not "
                         "found in namespace team or at cluster scope")


def test_a_model_with_an_invalid_name_is_invalid_not_missing():
    model = BASE.split("---\n")[3].replace("name: llama", "name: Llama")  # the ClusterBaseModel
    out = compile_isvc({"model": {"name": "Llama"}, "runtime": {"name": "single"}}, model)
    assert "OMEC201" not in out.codes(), out.report()
    assert only(out, "OMEC180").field == ("metadata", "name")
    assert only(out, "OMEC240").message.startswith("ClusterBaseModel Llama is in the specs but invalid")


def test_an_invalid_accelerator_class_is_invalid_not_missing():
    broken = 'apiVersion: ome.io/v1beta1\nkind: AcceleratorClass\nmetadata: {name: h200}\nspec: {discovery: {}}\n'
    spec = {"model": {"name": "llama"}, "runtime": {"name": "accelerated"}, "acceleratorSelector": {"acceleratorClass": "h200"}}
    out = compile_isvc(spec, ACCELERATED.replace("[h100]", "[h200]") + "---\n" + broken)
    assert "OMEC209" not in out.codes(), out.report()
    assert only(out, "OMEC102")  # spec.capabilities is required
    assert only(out, "OMEC240").message.startswith("AcceleratorClass h200 is in the specs but invalid")
    listed = compile_isvc({**spec, "acceleratorSelector": {"policy": "Cheapest"}},
                          ACCELERATED.replace("[h100]", "[h200]") + "---\n" + broken)
    assert "AcceleratorClass h200 listed by runtime accelerated is invalid" in only(listed, "OMEC210").message


def test_an_invalid_fine_tuned_weight_is_invalid_not_missing():
    spec = {"model": {"name": "llama", "fineTunedWeights": ["Llama-LoRA"]}, "runtime": {"name": "single"}}
    out = compile_isvc(spec, WEIGHT % "Llama-LoRA")
    assert "OMEC341" not in out.codes(), out.report()
    assert only(out, "OMEC240").message.startswith("FineTunedWeight Llama-LoRA is in the specs but invalid")


def test_a_namespaced_object_counts_only_in_its_namespace():
    # a rejected BaseModel of another namespace does not explain a missing model in this one
    model = ("apiVersion: ome.io/v1beta1\nkind: BaseModel\nmetadata: {name: qwen, namespace: other, labels: {a: 'b c'}}\n"
             "spec: {storage: {storageUri: 'hf://q/w'}}\n")
    out = compile_isvc({"model": {"name": "qwen"}, "runtime": {"name": "single"}}, model)
    assert "OMEC240" not in out.codes() and only(out, "OMEC201") and only(out, "OMEC182")


def test_suggestions_rank_by_edit_distance_then_shared_prefix():
    from omec.diagnostics import close_matches, did_you_mean, edit_distance

    assert edit_distance("InferenceSevice", "InferenceService") == 1
    assert edit_distance("a" * 40, "b" * 40) == 3  # cut off above the limit
    assert close_matches("Llama", ["llama", "llama-2"]) == ["llama", "llama-2"]  # case is ignored
    assert close_matches("OMEC5211", ["OMEC211", "OMEC511", "OMEC521"]) == ["OMEC521", "OMEC511", "OMEC211"]
    # a dropped suffix in a long name is found by similarity
    assert did_you_mean("llama-3-1-8b", ["llama-3-1-8b-instruct", "mistral"]) == 'did you mean "llama-3-1-8b-instruct"?'
    assert did_you_mean("qwen", ["llama", "mistral"]) is None
