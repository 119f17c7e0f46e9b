"""The API server's name and label rules, ported from k8s.io/apimachinery at the Kubernetes version omec validates
by default (v0.33.0, Kubernetes 1.33):
https://github.com/kubernetes/apimachinery/blob/v0.33.0/pkg/util/validation/validation.go (IsDNS1123Label,
IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue) and
https://github.com/kubernetes/apimachinery/blob/v0.33.0/pkg/api/validation/path/name.go (IsValidPathSegmentName).

Each function returns the API server's error strings (empty when the value is valid), word for word, so a
diagnostic can quote them. Patterns are matched whole, as Go's ``"^" + fmt + "$"`` does (Go's ``$`` is the end of
the text: ``"llama\\n"`` is not a label), and lengths count UTF-8 bytes like Go's ``len``.
"""
from __future__ import annotations

from functools import lru_cache

from omec.golang.regexp import compile as go_compile
from omec.golang.regexp import full_match

DNS1123_LABEL_MAX = 63
DNS1123_SUBDOMAIN_MAX = 253
DNS1035_LABEL_MAX = 63
LABEL_VALUE_MAX = 63
QUALIFIED_NAME_MAX = 63

_DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL_MSG = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                      "start and end with an alphanumeric character")
_DNS1123_SUBDOMAIN = _DNS1123_LABEL + "(\\." + _DNS1123_LABEL + ")*"
_DNS1123_SUBDOMAIN_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
                          "'.', and must start and end with an alphanumeric character")
_DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?"
_DNS1035_LABEL_MSG = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                      "alphabetic character, and end with an alphanumeric character")
_QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_QUALIFIED_NAME_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                       "alphanumeric character")
_LABEL_VALUE = "(" + _QUALIFIED_NAME + ")?"
_LABEL_VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                    "and must start and end with an alphanumeric character")


_SUBDOMAIN_RE = go_compile(_DNS1123_SUBDOMAIN)
_DNS1035_RE = go_compile(_DNS1035_LABEL)


def is_dns1123_subdomain(value: str) -> bool:
    """``not dns1123_subdomain(value)``, without building messages (names of emitted objects are mostly unique)."""
    return len(value) <= DNS1123_SUBDOMAIN_MAX and value.isascii() and _SUBDOMAIN_RE.fullmatch(value) is not None


def is_dns1035_label(value: str) -> bool:
    """``not dns1035_label(value)``, without building messages."""
    return len(value) <= DNS1035_LABEL_MAX and value.isascii() and _DNS1035_RE.fullmatch(value) is not None


def max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


def regex_error(message: str, fmt: str, *examples: str) -> str:
    """apimachinery's ``RegexError``: the rule, examples and the pattern."""
    if not examples:
        return f"{message} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{example}', " for example in examples)
    return f"{message} (e.g. {shown}regex used for validation is '{fmt}')"


def _too_long(value: str, limit: int) -> bool:
    return len(value.encode("utf-8", "surrogatepass")) > limit


@lru_cache(maxsize=4096)
def dns1123_label(value: str) -> tuple[str, ...]:
    """``IsDNS1123Label``: namespaces, container and volume names."""
    errors = [max_len_error(DNS1123_LABEL_MAX)] if _too_long(value, DNS1123_LABEL_MAX) else []
    if not full_match(_DNS1123_LABEL, value):
        if full_match(_DNS1123_SUBDOMAIN, value):
            errors.append("must not contain dots")
        else:
            errors.append(regex_error(_DNS1123_LABEL_MSG, _DNS1123_LABEL, "my-name", "123-abc"))
    return tuple(errors)


@lru_cache(maxsize=4096)
def dns1123_subdomain(value: str) -> tuple[str, ...]:
    """``IsDNS1123Subdomain``: names of custom resources and of most core kinds."""
    errors = [max_len_error(DNS1123_SUBDOMAIN_MAX)] if _too_long(value, DNS1123_SUBDOMAIN_MAX) else []
    if not full_match(_DNS1123_SUBDOMAIN, value):
        errors.append(regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN, "example.com"))
    return tuple(errors)


@lru_cache(maxsize=4096)
def dns1035_label(value: str) -> tuple[str, ...]:
    """``IsDNS1035Label``: Service names."""
    errors = [max_len_error(DNS1035_LABEL_MAX)] if _too_long(value, DNS1035_LABEL_MAX) else []
    if not full_match(_DNS1035_LABEL, value):
        errors.append(regex_error(_DNS1035_LABEL_MSG, _DNS1035_LABEL, "my-name", "abc-123"))
    return tuple(errors)


@lru_cache(maxsize=4096)
def qualified_name(value: str) -> tuple[str, ...]:
    """``IsQualifiedName``: label keys and (lower-cased) annotation keys, ``[prefix/]name``."""
    parts = value.split("/")
    errors: list[str] = []
    if len(parts) > 2:
        return (
            "a qualified name " + regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        )
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            errors.append("prefix part must be non-empty")
        else:
            errors += ["prefix part " + message for message in dns1123_subdomain(prefix)]
    name = parts[-1]
    if not name:
        errors.append("name part must be non-empty")
    elif _too_long(name, QUALIFIED_NAME_MAX):
        errors.append("name part " + max_len_error(QUALIFIED_NAME_MAX))
    if not full_match(_QUALIFIED_NAME, name):
        errors.append("name part " + regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME, "MyName", "my.name", "123-abc"))
    return tuple(errors)


@lru_cache(maxsize=4096)
def label_value(value: str) -> tuple[str, ...]:
    """``IsValidLabelValue``: at most 63 characters, empty or alphanumeric at both ends."""
    errors = [max_len_error(LABEL_VALUE_MAX)] if _too_long(value, LABEL_VALUE_MAX) else []
    if not full_match(_LABEL_VALUE, value):
        errors.append(regex_error(_LABEL_VALUE_MSG, _LABEL_VALUE, "MyValue", "my_value", "12345"))
    return tuple(errors)


def path_segment_name(value: str) -> tuple[str, ...]:
    """``IsValidPathSegmentName``: names of RBAC objects (Role, RoleBinding) only have to be usable in a URL path."""
    if value in (".", ".."):
        return (f"may not be '{value}'",)
    return tuple(f"may not contain '{bad}'" for bad in ("/", "%") if bad in value)
