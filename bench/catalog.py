"""Seeded synthetic OME catalog: ClusterBaseModels, AcceleratorClasses and ClusterServingRuntimes.

Shapes follow the real OME runtimes (config/runtimes/srt: single-node engine + router, multi-node
LeaderWorkerSet engines on RDMA hosts, prefill/decode runtimes with engine + decoder + router) and the
selection metadata of ServingRuntimes (supported formats, size ranges, accelerator classes), complete enough
that auto-selection is decidable offline: every model has format, framework, architecture and parameter size,
every runtime a size range around its target model.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

API_VERSION = "ome.io/v1beta1"
SGLANG_IMAGE = "docker.io/lmsysorg/sglang:v0.5.5.post3-cu129-amd64"
VLLM_IMAGE = "docker.io/vllm/vllm-openai:v0.9.0.1"
ROUTER_IMAGE = "docker.io/lightseekorg/smg:1.4.1"
FRAMEWORK_VERSIONS = ("4.42.3", "4.43.1", "4.45.2", "4.46.0", "4.48.3", "4.50.0")
RUNTIME_FRAMEWORK_VERSION = "4.51.0"  # >= every model's version, same precision (GreaterThanOrEqual needs both)
MODEL_VARIANTS = ("instruct", "chat", "base", "coder")
SINGLE, MULTI_NODE, PD = "single", "multinode", "pd"
PD_MULTI_NODE_BILLIONS = 30  # PD runtimes of models this big split prefill/decode over LeaderWorkerSets
HCA_LIST = ",".join(f"mlx5_{i}:1" for i in (0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17))


@dataclass(frozen=True)
class Family:
    key: str
    vendor: str
    org: str
    architecture: str
    sizes: tuple[tuple[str, float], ...]  # (name part, billions of parameters)
    quantization: str | None = None


FAMILIES = (
    Family("llama", "meta", "meta-llama", "LlamaForCausalLM",
           (("3-2-1b", 1.24), ("3-2-3b", 3.21), ("3-1-8b", 8.03), ("3-1-70b", 70.6), ("3-1-405b", 405.0))),
    Family("qwen", "qwen", "Qwen", "Qwen2ForCausalLM",
           (("2-5-0-5b", 0.494), ("2-5-1-5b", 1.54), ("2-5-7b", 7.62), ("2-5-14b", 14.8), ("2-5-32b", 32.8),
            ("2-5-72b", 72.7))),
    Family("mistral", "mistralai", "mistralai", "MistralForCausalLM", (("7b", 7.25), ("nemo-12b", 12.2))),
    Family("mixtral", "mistralai", "mistralai", "MixtralForCausalLM", (("8x7b", 46.7), ("8x22b", 141.0))),
    Family("gemma", "google", "google", "Gemma2ForCausalLM", (("2-2b", 2.61), ("2-9b", 9.24), ("2-27b", 27.2))),
    Family("phi", "microsoft", "microsoft", "Phi3ForCausalLM", (("3-mini", 3.82), ("3-medium", 14.0))),
    Family("qwen3-moe", "qwen", "Qwen", "Qwen3MoeForCausalLM", (("30b-a3b", 30.5), ("235b-a22b", 235.0))),
    Family("deepseek", "deepseek-ai", "deepseek-ai", "DeepseekV3ForCausalLM", (("v3", 671.0),), "fp8"),
)

@dataclass(frozen=True)
class Accelerator:
    name: str
    vendor: str
    family: str
    model: str
    product: str  # node label value used for discovery
    memory: str
    capability: str
    fp16_tflops: int
    per_hour: str
    tier: str

    @property
    def resource(self) -> str:
        return f"{self.vendor}.com/gpu"


ACCELERATORS = (
    Accelerator("nvidia-h100-80gb", "nvidia", "hopper", "H100", "NVIDIA-H100-80GB-HBM3", "80Gi", "9.0", 1979,
                "4.50", "high"),
    Accelerator("nvidia-h200-141gb", "nvidia", "hopper", "H200", "NVIDIA-H200", "141Gi", "9.0", 1979, "5.90", "high"),
    Accelerator("nvidia-b200-192gb", "nvidia", "blackwell", "B200", "NVIDIA-B200", "192Gi", "10.0", 4500,
                "8.10", "high"),
    Accelerator("nvidia-a100-80gb", "nvidia", "ampere", "A100", "NVIDIA-A100-SXM4-80GB", "80Gi", "8.0", 312,
                "2.90", "medium"),
    Accelerator("nvidia-a100-40gb", "nvidia", "ampere", "A100", "NVIDIA-A100-SXM4-40GB", "40Gi", "8.0", 312,
                "2.10", "medium"),
    Accelerator("nvidia-l40s-48gb", "nvidia", "ada", "L40S", "NVIDIA-L40S", "48Gi", "8.9", 362, "1.40", "low"),
    Accelerator("nvidia-a10-24gb", "nvidia", "ampere", "A10", "NVIDIA-A10", "24Gi", "8.6", 125, "0.90", "low"),
    Accelerator("amd-mi300x-192gb", "amd", "cdna3", "MI300X", "AMD-Instinct-MI300X", "192Gi", "9.4", 1307,
                "4.10", "high"),
)
ACCELERATOR_NAMES = tuple(a.name for a in ACCELERATORS)


@dataclass(frozen=True)
class ModelInfo:
    name: str
    family: Family
    billions: float
    framework_version: str

    @property
    def served_name(self) -> str:
        return f"{self.family.org}/{self.name}"


@dataclass(frozen=True)
class RuntimeInfo:
    name: str
    shape: str  # SINGLE, MULTI_NODE or PD
    model: ModelInfo  # the model the runtime was written for
    auto_select: bool
    accelerators: tuple[str, ...]  # acceleratorRequirements.acceleratorClasses (may be empty)

    @property
    def leader_worker(self) -> bool:
        """Engine (and decoder) are LeaderWorkerSets: multi-node runtimes and the PD runtimes of big models."""
        return self.shape == MULTI_NODE or (self.shape == PD and self.model.billions >= PD_MULTI_NODE_BILLIONS)


@dataclass(frozen=True)
class Catalog:
    models: tuple[ModelInfo, ...]
    runtimes: tuple[RuntimeInfo, ...]
    documents: dict  # relative path -> OME object (one document per file)


def build_catalog(seed: int, n_runtimes: int = 200) -> Catalog:
    """All cluster-scoped objects for one seed: models first, then runtimes written for them round-robin."""
    rng = random.Random(f"{seed}:catalog")
    models = tuple(
        ModelInfo(f"{family.key}-{size}-{variant}", family, billions, rng.choice(FRAMEWORK_VERSIONS))
        for family in FAMILIES for size, billions in family.sizes for variant in MODEL_VARIANTS
    )
    runtimes = tuple(_runtime_info(rng, k, models[k % len(models)]) for k in range(n_runtimes))
    documents = {f"accelerators/{a.name}.yaml": accelerator_class(a) for a in ACCELERATORS}
    documents.update({f"models/{m.family.key}/{m.name}.yaml": base_model(m) for m in models})
    documents.update({f"runtimes/{r.shape}/{r.name}.yaml": serving_runtime(r, k) for k, r in enumerate(runtimes)})
    return Catalog(models, runtimes, documents)


def _runtime_info(rng: random.Random, k: int, model: ModelInfo) -> RuntimeInfo:
    """Shape by model size (>= 200B needs several nodes); 70% of the non-PD runtimes are auto-selectable (PD
    ones never, as in OME's samples); 40% require one to three AcceleratorClasses."""
    if model.billions >= 200:
        shape = rng.choices((MULTI_NODE, PD), (6, 4))[0]
    elif model.billions >= 30:
        shape = rng.choices((SINGLE, MULTI_NODE, PD), (60, 25, 15))[0]
    else:
        shape = rng.choices((SINGLE, PD), (85, 15))[0]
    auto_select = shape != PD and rng.random() < 0.7
    accelerators = tuple(sorted(rng.sample(ACCELERATOR_NAMES, rng.randint(1, 3)))) if rng.random() < 0.4 else ()
    engine = "vllm" if shape == SINGLE and rng.random() < 0.25 else "srt"
    suffix = {SINGLE: "", MULTI_NODE: "-mn", PD: "-pd"}[shape]
    return RuntimeInfo(f"{engine}-{model.name}{suffix}-{k:03d}", shape, model, auto_select, accelerators)


def accelerator_class(accelerator: Accelerator) -> dict:
    """An AcceleratorClass with discovery, capabilities, resources and cost."""
    a = accelerator
    return {
        "apiVersion": API_VERSION,
        "kind": "AcceleratorClass",
        "metadata": {"name": a.name},
        "spec": {
            "vendor": a.vendor,
            "family": a.family,
            "model": a.model,
            "discovery": {"nodeSelector": {f"{a.resource}.product": a.product}},
            "capabilities": {
                "memoryGB": a.memory,
                "computeCapability": a.capability,
                "features": ["fp8", "nvlink"] if a.vendor == "nvidia" and float(a.capability) >= 9 else ["fp16"],
                "performance": {"fp16Tflops": a.fp16_tflops, "int8Tops": a.fp16_tflops * 2},
            },
            "resources": [{"name": a.resource, "quantity": "1"}],
            "cost": {"perHour": a.per_hour, "tier": a.tier},
        },
    }


def _size_label(billions: float) -> str:
    return f"{billions:.4g}B"


def base_model(model: ModelInfo) -> dict:
    """A ClusterBaseModel with every field selection reads (format, framework, architecture, parameter size)."""
    family = model.family
    spec = {
        "vendor": family.vendor,
        "displayName": f"{family.vendor}.{model.name}",
        "version": "1.0.0",
        "modelFormat": {"name": "safetensors", "version": "1.0.0"},
        "modelFramework": {"name": "transformers", "version": model.framework_version},
        "modelArchitecture": family.architecture,
        "modelParameterSize": _size_label(model.billions),
        "modelCapabilities": ["TEXT_TO_TEXT"],
        "storage": {
            "storageUri": f"hf://{model.served_name}",
            "path": f"/raid/models/{family.vendor}/{model.name}",
        },
    }
    if family.quantization:
        spec["quantization"] = family.quantization
    return {"apiVersion": API_VERSION, "kind": "ClusterBaseModel", "metadata": {"name": model.name}, "spec": spec}


def serving_runtime(info: RuntimeInfo, k: int) -> dict:
    """A ClusterServingRuntime of the given shape, with a size range unique to runtime ``k``."""
    model = info.model
    smf: dict = {
        "modelFormat": {"name": "safetensors", "version": "1.0.0"},
        "modelFramework": {"name": "transformers", "version": RUNTIME_FRAMEWORK_VERSION,
                           "operator": "GreaterThanOrEqual"},
        "modelArchitecture": model.family.architecture,
        "autoSelect": info.auto_select,
        "priority": 1 + k % 3,
    }
    if model.family.quantization:
        smf["quantization"] = model.family.quantization
    if info.accelerators:
        smf["acceleratorConfig"] = {
            info.accelerators[0]: {
                "environmentOverride": {"NCCL_DEBUG": "WARN"},
                "runtimeArgsOverride": ["--mem-fraction-static=0.88"],
            }
        }
    # Distinct ranges keep the runtime webhook's priority-conflict check (equal formats and ranges) quiet.
    low, high = model.billions * (0.8 - 0.01 * (k % 7)), model.billions * (1.2 + 0.01 * (k % 11))
    spec: dict = {
        "disabled": False,
        "supportedModelFormats": [smf],
        "protocolVersions": ["openAI"],
        "modelSizeRange": {"min": _size_label(low), "max": _size_label(high)},
    }
    if info.accelerators:
        spec["acceleratorRequirements"] = {"acceleratorClasses": list(info.accelerators)}
    if info.shape == SINGLE:
        spec["engineConfig"] = _single_node_engine(info, k)
    elif info.shape == MULTI_NODE:
        spec["engineConfig"] = _multi_node_component(info, k, ["--enable-torch-compile"])
    else:
        spec.update(_pd_components(info, k))
    spec["routerConfig"] = _router(pd=info.shape == PD)
    return {"apiVersion": API_VERSION, "kind": "ClusterServingRuntime", "metadata": {"name": info.name},
            "spec": spec}


def _gpu_tolerations() -> list:
    return [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]


def _probe(path: str, failures: int, period: int, timeout: int, initial_delay: int | None = None) -> dict:
    probe = {"httpGet": {"path": path, "port": 8080}, "failureThreshold": failures, "successThreshold": 1,
             "periodSeconds": period, "timeoutSeconds": timeout}
    if initial_delay is not None:
        probe["initialDelaySeconds"] = initial_delay
    return probe


def _engine_probes() -> dict:
    return {
        "readinessProbe": _probe("/health_generate", 3, 60, 200),
        "livenessProbe": _probe("/health", 5, 60, 60),
        "startupProbe": _probe("/health_generate", 150, 6, 30, initial_delay=60),
    }


def _resources(cpu: int, memory: str, gpus: int) -> dict:
    amounts = {"cpu": cpu, "memory": memory, "nvidia.com/gpu": gpus}
    return {"requests": dict(amounts), "limits": dict(amounts)}


def _tensor_parallel(model: ModelInfo) -> int:
    return 1 if model.billions < 10 else 2 if model.billions < 40 else 4 if model.billions < 100 else 8


def _sglang_command(model: ModelInfo, tp: str, extra: list) -> list:
    return ["python3", "-m", "sglang.launch_server", "--host", "0.0.0.0", "--port", "8080", "--enable-metrics",
            "--model-path", "$(MODEL_PATH)", "--tp-size", tp, "--mem-frac", "0.9",
            "--served-model-name", model.served_name, *extra]


def _single_node_engine(info: RuntimeInfo, k: int) -> dict:
    model, tp = info.model, _tensor_parallel(info.model)
    runner: dict = {
        "name": "ome-container",
        "ports": [{"containerPort": 8080, "name": "http1", "protocol": "TCP"}],
    }
    if info.name.startswith("vllm-"):
        runner["image"] = VLLM_IMAGE
        runner["command"] = ["python3", "-m", "vllm.entrypoints.openai.api_server"]
        runner["args"] = ["--port=8080", "--model=$(MODEL_PATH)", f"--tensor-parallel-size={tp}",
                          f"--served-model-name={model.served_name}"]
    else:
        runner["image"] = SGLANG_IMAGE
        runner["command"] = _sglang_command(model, str(tp), ["--log-requests"] if k % 2 else [])
    runner["env"] = [{"name": "HF_HUB_OFFLINE", "value": "1"}, {"name": "PYTHONUNBUFFERED", "value": "1"}]
    runner["volumeMounts"] = [{"mountPath": "/dev/shm", "name": "dshm"}]
    runner["resources"] = _resources(8 + 2 * (k % 4), f"{24 + 8 * tp}Gi", tp)
    runner.update(_engine_probes())
    return {
        "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "8080",
                        "prometheus.io/path": "/metrics"},
        "labels": {"logging-forward": "enabled"},
        "tolerations": _gpu_tolerations(),
        "volumes": [{"name": "dshm", "emptyDir": {"medium": "Memory"}}],
        "runner": runner,
    }


def _rdma_env(k: int) -> list:
    return [
        {"name": "MC_TE_METRIC", "value": "true"},
        {"name": "PYTHONUNBUFFERED", "value": "1"},
        {"name": "GLOO_SOCKET_IFNAME", "value": "eth0"},
        {"name": "NODE_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.hostIP"}}},
        {"name": "SGLANG_SET_CPU_AFFINITY", "value": "true"},
        {"name": "NVSHMEM_ENABLE_NIC_PE_MAPPING", "value": "1"},
        {"name": "NVSHMEM_HCA_LIST", "value": HCA_LIST},
        {"name": "NVSHMEM_IB_GID_INDEX", "value": str(3 + k % 2)},
        {"name": "NVSHMEM_DEBUG", "value": "INFO"},
    ]


def _rdma_pod(info: RuntimeInfo, k: int, extra_args: list, probes: bool) -> dict:
    """Leader or worker pod of an RDMA LeaderWorkerSet: host network, /dev/infiniband, IPC_LOCK, 8 GPUs."""
    runner = {
        "name": "ome-container",
        "image": SGLANG_IMAGE,
        "env": _rdma_env(k),
        "command": _sglang_command(info.model, "$(PARALLELISM_SIZE)", [
            "--dist-init-addr", "$(LWS_LEADER_ADDRESS):5757", "--nnodes", "$(LWS_GROUP_SIZE)",
            "--node-rank", "$(LWS_WORKER_INDEX)", "--trust-remote-code", *extra_args]),
        "resources": {"requests": {"nvidia.com/gpu": 8}, "limits": {"nvidia.com/gpu": 8}},
        "volumeMounts": [{"mountPath": "/dev/shm", "name": "dshm"},
                         {"mountPath": "/dev/infiniband", "name": "devinf"}],
        "securityContext": {"capabilities": {"add": ["IPC_LOCK", "CAP_SYS_ADMIN"]}, "privileged": True},
    }
    if probes:
        runner.update(_engine_probes())
    return {
        "tolerations": _gpu_tolerations(),
        "dnsPolicy": "ClusterFirstWithHostNet",
        "hostNetwork": True,
        "enableServiceLinks": False,
        "hostIPC": True,
        "volumes": [{"name": "dshm", "emptyDir": {"medium": "Memory"}},
                    {"name": "devinf", "hostPath": {"path": "/dev/infiniband"}}],
        "runner": runner,
    }


def _multi_node_component(info: RuntimeInfo, k: int, extra_args: list) -> dict:
    worker = _rdma_pod(info, k, extra_args, probes=False)
    return {
        "annotations": {"rdma.ome.io/auto-inject": "true", "rdma.ome.io/profile": "oci-roce",
                        "rdma.ome.io/container-name": "ome-container"},
        "leader": _rdma_pod(info, k, extra_args, probes=True),
        "worker": {"size": 1 + k % 3, **worker},
    }


def _pd_components(info: RuntimeInfo, k: int) -> dict:
    """Prefill (engine) and decode (decoder) halves: multi-node for big models, single-node otherwise."""
    modes = {"engineConfig": "prefill", "decoderConfig": "decode"}
    if info.leader_worker:
        return {key: _multi_node_component(info, k, ["--disaggregation-mode", mode,
                                                    "--disaggregation-ib-device", "mlx5_0,mlx5_1"])
                for key, mode in modes.items()}
    components = {}
    for key, mode in modes.items():
        engine = _single_node_engine(info, k)
        command = engine["runner"]["command"] + ["--disaggregation-mode", mode, "--disaggregation-ib-device", "mlx5_0"]
        components[key] = {**engine, "dnsPolicy": "ClusterFirstWithHostNet", "hostNetwork": True,
                           "runner": {**engine["runner"], "command": command}}
    return components


def _router(pd: bool) -> dict:
    discovery = (["--pd-disaggregation", "--policy", "power_of_two",
                  "--prefill-selector", "component=engine ome.io/inferenceservice=$(INFERENCESERVICE_NAME)",
                  "--decode-selector", "component=decoder ome.io/inferenceservice=$(INFERENCESERVICE_NAME)"]
                 if pd else ["--selector", "component=engine ome.io/inferenceservice=$(INFERENCESERVICE_NAME)"])
    return {
        "runner": {
            "name": "router",
            "image": ROUTER_IMAGE,
            "resources": {"limits": {"cpu": "1", "memory": "2Gi"}},
            "ports": [{"containerPort": 8080, "name": "http"}],
            "command": ["python3", "-m", "sglang_router.launch_router", "--host", "0.0.0.0", "--port", "8080",
                        "--service-discovery", "--service-discovery-namespace", "$(NAMESPACE)",
                        "--service-discovery-port", "8080", *discovery],
            "env": [
                {"name": "NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
                {"name": "INFERENCESERVICE_NAME",
                 "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['ome.io/inferenceservice']"}}},
            ],
            "readinessProbe": _probe("/readiness", 5, 30, 10),
            "livenessProbe": _probe("/liveness", 5, 30, 10),
        }
    }
