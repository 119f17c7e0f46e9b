"""Names of generated objects and node labels, exactly as OME computes them: component names, 63-character
truncation with a hash prefix (``TruncateNameWithMaxLength``), last-n suffixes, KubeRay's ``CheckName``, the
model-ready node label keys."""
from __future__ import annotations

import hashlib
import unicodedata

DNS_LABEL_MAX = 63
MODEL_LABEL_DOMAIN = "models.ome.io"
_CLUSTER_MODEL_BUDGET = 32  # 49-char label name minus "clusterbasemodel."
_NAMESPACED_BUDGET = 38  # 49-char label name minus ".basemodel."
_NAMESPACE_BUDGET = 8


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def trunc63(name: str) -> str:
    """Service names and ``app`` label values: ``<hash8>-<last 54 chars>`` when longer than 63.

    The hash is the first 8 hex digits of SHA-256(name); a leading digit becomes ``a``.
    """
    if len(name) <= DNS_LABEL_MAX:
        return name
    prefix = _sha256_hex(name)[:8]
    if prefix[0].isdigit():
        prefix = "a" + prefix[1:]
    return f"{prefix}-{name[-54:]}"


def last(n: int, text: str) -> str:
    """The last ``n`` characters of ``text`` (may start with ``-``)."""
    return text if len(text) <= n else text[-n:]


def check_name(name: str) -> str:
    """KubeRay ``CheckName``: keep the last 50 characters, then a leading digit or punctuation becomes ``r``."""
    name = last(50, name)
    if name and (name[0].isdecimal() or unicodedata.category(name[0]).startswith("P")):
        name = "r" + name[1:]
    return name


def component_name(isvc_name: str, component: str) -> str:
    """CN: ``<isvc>-engine|decoder|router`` (never truncated)."""
    return f"{isvc_name}-{component}"


def modelconfig_name(isvc_name: str) -> str:
    return "modelconfig-" + last(20, isvc_name)


def lws_name(component: str) -> str:
    """LeaderWorkerSet name from the component name CN."""
    return "lws-" + last(50, component)


def scaledobject_name(component: str) -> str:
    """KEDA ScaledObject name from the component name CN."""
    return "scaledobject-" + last(50, component)


def _shorten(text: str, budget: int) -> str:
    """``hash8-<suffix>`` within ``budget`` chars; no room for a suffix leaves just the hash (no digit tweak)."""
    if len(text) <= budget:
        return text
    digest = _sha256_hex(text)[:8]
    suffix = budget - len(digest) - 1
    return digest if suffix <= 0 else f"{digest}-{text[-suffix:]}"


def model_ready_label_key(model_name: str, namespace: str | None) -> str:
    """Node label that marks a model as downloaded; ``namespace`` empty/None means ClusterBaseModel."""
    if not namespace:
        return f"{MODEL_LABEL_DOMAIN}/clusterbasemodel.{_shorten(model_name, _CLUSTER_MODEL_BUDGET)}"
    if len(namespace) + len(model_name) > _NAMESPACED_BUDGET:
        namespace_budget = min(len(namespace), _NAMESPACE_BUDGET)
        namespace = _shorten(namespace, namespace_budget)
        model_name = _shorten(model_name, _NAMESPACED_BUDGET - namespace_budget)
    return f"{MODEL_LABEL_DOMAIN}/{namespace}.basemodel.{model_name}"
