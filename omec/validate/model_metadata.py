"""``--model-metadata``: supply offline what OME's model agent fills in on a cluster (``modelFormat``,
``modelFramework``, ``modelArchitecture``, ``modelParameterSize``, ``quantization``, where the model leaves them unset).

File format (YAML, one document), either form:

* the **envelope**, which may live inside a spec directory (``omec build DIR`` skips it with an info
  diagnostic, see :mod:`omec.validate`)::

      apiVersion: omec.dev/v1alpha1
      kind: ModelMetadata
      metadata: {name: ...}          # optional, ignored
      models:
        <model name>: <entry>

* the **bare mapping** ``<model name>: <entry>`` (the content of ``models``).

The model name is ``metadata.name`` of the BaseModel/ClusterBaseModel. Entry keys, short form and the
equivalent BaseModelSpec form (both are accepted):

=================  ===============================  ==========================
short key          spec form                        BaseModelSpec field
=================  ===============================  ==========================
format             modelFormat: {name: ...}         modelFormat.name
formatVersion      modelFormat: {version: ...}      modelFormat.version
framework          modelFramework: {name: ...}      modelFramework.name
frameworkVersion   modelFramework: {version: ...}   modelFramework.version
architecture       modelArchitecture                modelArchitecture
parameterSize      modelParameterSize               modelParameterSize
quantization       quantization                     quantization
modelType          modelType                        modelType
=================  ===============================  ==========================

Example (bare mapping; the two entries use the short and the spec form)::

    llama-3-8b-instruct: {architecture: LlamaForCausalLM, parameterSize: 8.03B}
    qwen2-5-7b-instruct:
      modelFormat: {name: safetensors, version: "1.0.0"}
      modelFramework: {name: transformers, version: "4.43.1"}

``examples/model-metadata/ome-corpus.yaml`` is an envelope covering every ClusterBaseModel of the OME corpus.

The overlay fills **only unset fields**, like the agent (values written in YAML win): ``modelFormat`` is
replaced as a whole when its ``name`` is empty, ``modelFramework`` is set when absent, the string fields when
absent, ``quantization`` only with a non-empty value. ``formatVersion`` / ``frameworkVersion`` are used only
together with the name they belong to.
"""
from __future__ import annotations

from omec.diagnostics import Diagnostic, Severity, SourceRef
from omec.validate import codes

ENVELOPE_API_VERSION = "omec.dev/v1alpha1"
ENVELOPE_KIND = "ModelMetadata"
ENVELOPE_KEYS = ("apiVersion", "kind", "metadata", "models")
SHORT_KEYS = (
    "format",
    "formatVersion",
    "framework",
    "frameworkVersion",
    "architecture",
    "parameterSize",
    "quantization",
    "modelType",
)
_SPEC_FORM = {"modelArchitecture": "architecture", "modelParameterSize": "parameterSize"}
_NESTED = {"modelFormat": ("format", "formatVersion"), "modelFramework": ("framework", "frameworkVersion")}


def _scalar(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def _flat_items(entry: dict):
    """(short key or unknown key, raw value) pairs; the spec form's nested name/version are flattened."""
    for key in sorted(entry, key=str):
        value = entry[key]
        if key in _NESTED and isinstance(value, dict):
            for sub, target in zip(("name", "version"), _NESTED[key], strict=True):
                if sub in value:
                    yield target, f"{key}.{sub}", value[sub]
        else:
            yield _SPEC_FORM.get(key, key), str(key), value


def normalize_entry(entry: dict) -> tuple[dict, list[str]]:
    """One entry in short-key form, plus the names of keys that were ignored (unknown or not scalar)."""
    flat, ignored = {}, []
    for target, written, value in _flat_items(entry):
        text = _scalar(value)
        if target in SHORT_KEYS and text is not None:
            flat[target] = text
        else:
            ignored.append(written)
    return flat, ignored


def parse_model_metadata(value, path: str) -> tuple[dict, list[Diagnostic]]:
    """The ``--model-metadata`` file's YAML value (envelope or bare mapping) as {model name: entry in short-key
    form}, plus problems."""
    ref = SourceRef(path, 0)
    if value is None:
        return {}, []
    if not isinstance(value, dict):
        return {}, [_invalid("the model metadata file must be a mapping from model name to metadata", ref, ())]
    if not _is_envelope(value):
        return _parse_models(value, ref, ())
    problems = _envelope_problems(value, ref)
    if any(d.severity >= Severity.ERROR for d in problems):
        return {}, problems
    models = value.get("models")
    if models is None:
        return {}, problems
    if not isinstance(models, dict):
        return {}, [*problems, _invalid("models of the ModelMetadata document must be a mapping", ref, ("models",))]
    overlay, diags = _parse_models(models, ref, ("models",))
    return overlay, problems + diags


def _is_envelope(value: dict) -> bool:
    """A ``kind``/``apiVersion`` with a string value cannot be a model entry (entries are mappings)."""
    return isinstance(value.get("kind"), str) or isinstance(value.get("apiVersion"), str)


def _envelope_problems(value: dict, ref: SourceRef) -> list[Diagnostic]:
    wanted = {"apiVersion": ENVELOPE_API_VERSION, "kind": ENVELOPE_KIND}
    problems = [
        _invalid(
            f"the model metadata file has {key} {_shown(value.get(key))}, expected {expected!r}",
            ref,
            (key,),
            hint=f"write apiVersion: {ENVELOPE_API_VERSION} and kind: {ENVELOPE_KIND}, or a bare mapping of models",
        )
        for key, expected in wanted.items()
        if value.get(key) != expected
    ]
    problems += [
        codes.MODEL_METADATA_INVALID.at(
            f"key {key!r} of the ModelMetadata document is ignored",
            ref,
            (str(key),),
            hint="known keys: " + ", ".join(ENVELOPE_KEYS),
        )
        for key in sorted(value, key=str)
        if key not in ENVELOPE_KEYS
    ]
    return problems


def _shown(value) -> str:
    return "none" if value is None else repr(value)


def _invalid(message: str, ref: SourceRef, field_path: tuple, hint: str | None = None) -> Diagnostic:
    return codes.MODEL_METADATA_INVALID.at(message, ref, field_path, hint=hint, severity=Severity.ERROR)


def _parse_models(models: dict, ref: SourceRef, prefix: tuple) -> tuple[dict, list[Diagnostic]]:
    """{model name: entry} in short-key form; ``prefix`` is the field path of the mapping in the file."""
    overlay, diags = {}, []
    for name in sorted(models, key=str):
        entry = models[name]
        if not isinstance(entry, dict):
            diags.append(
                codes.MODEL_METADATA_INVALID.at(f"metadata of model {name} is not a mapping", ref, (*prefix, str(name)))
            )
            continue
        overlay[str(name)], ignored = normalize_entry(entry)
        diags += [
            codes.MODEL_METADATA_INVALID.at(
                f"model metadata key {key!r} of model {name} is ignored",
                ref,
                (*prefix, str(name), *key.split(".")),
                hint="known keys: " + ", ".join(SHORT_KEYS) + " (or the BaseModelSpec field names)",
            )
            for key in ignored
        ]
    return overlay, diags
