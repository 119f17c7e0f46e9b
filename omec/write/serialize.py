"""The one canonical YAML serializer for every object omec writes.

A hand emitter (performance.md, stage 3 "hand emitter": ~10x CSafeDumper) producing the style of
``kubectl get -o yaml``:

* block style, 2-space indentation; sequences are NOT indented relative to their parent key
  (``containers:`` then ``- name: x`` in the same column); nested sequences are compact (``- - a``);
* keys in dict insertion order (never sorted); no anchors/aliases even for shared sub-objects;
* ``{}`` / ``[]`` for empty collections, ``null``, ``true``/``false``; floats in a form YAML 1.1 reads
  back exactly (``1.0e+20``, ``.inf``, ``.nan``);
* a string is plain only when both YAML 1.1 (PyYAML/libyaml) and YAML 1.2 / Go loaders (go-yaml v2/v3
  behind sigs.k8s.io/yaml, kustomize) certainly read it back as the same string; multi-line strings are
  literal blocks (``|``, ``|-``, ``|+``) when that is exact; everything else is double-quoted with
  JSON-style escapes (valid YAML escapes), never wrapped;
* one trailing newline; no document markers except the ``---`` separators of :func:`dump_all`.

Only JSON types are accepted (dict with str keys, list, str, int, float, bool, None); anything else
raises TypeError. Strings with lone surrogates cannot be written as UTF-8 YAML and are not supported.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable

import yaml

from omec.memo import Shared

_CACHE_LIMIT = 1 << 16  # entries per decision cache; cleared when full (memory bound for long runs)
_STR_TAG = "tag:yaml.org,2002:str"
_YAML11 = yaml.resolver.Resolver()  # the implicit resolvers CSafeLoader uses
# libyaml and go-yaml reject implicit keys over 1024 characters; longer keys (in UTF-8 bytes, to stay
# clear of that limit) are written as explicit `? key` entries.
_MAX_IMPLICIT_KEY = 1000

# Conservative ASCII whitelist for plain scalars: no leading indicator/space/sign (except command-line
# flags: "-" or "--" followed by a letter, as in `- --tp-size`), no ": ", " #",
# trailing ":" or trailing space, no tabs, backticks, control or non-ASCII characters.
_PLAIN_SAFE = re.compile(
    r"(?:[A-Za-z0-9_./$(]|--?(?=[A-Za-z]))"  # the first character
    r"(?:[A-Za-z0-9_./$()+=@,~%^*&!?<>;|'\"\\\[\]{}#-]|:(?! |\Z)| (?!#|\Z))*"  # the others
)
# Non-strings for YAML 1.2 core / go-yaml that PyYAML's YAML 1.1 resolvers do not all catch: words,
# timestamps in Go's looser formats, and numbers (go-yaml drops every "_" before parsing one).
_OTHER_LOADERS_WORDS = re.compile(
    r"[yYnN]|true|True|TRUE|false|False|FALSE|null|Null|NULL|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?"
)
_OTHER_LOADERS_NUMBER = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"  # decimal ints and floats
    r"|[-+]?0[bBoOxX][0-9a-fA-F]+"  # Go strconv base prefixes (0o7, 0x1F, 0b1)
    r"|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)"
)
# A literal block is exact only for printable text without other line breaks (\r, \x85, \u2028/9),
# without trailing blanks, whose first non-empty line does not start with a blank (that would need an
# indentation indicator), and with some non-newline content.
_LITERAL_UNSAFE = re.compile(
    r"[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    r"|[ \t](?:\n|\Z)|\A\n*[ \t]|\A\n*\Z"
)
# Characters json leaves raw that YAML needs escaped: non-printables, YAML 1.1 line breaks, BOM.
_JSON_RAW_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_json_quote = json.JSONEncoder(ensure_ascii=False).encode

_str_forms: dict[str, str] = {}  # value string -> single-line rendering or literal block header
_key_forms: dict[str, str] = {}  # key string -> "key:" or "? key" (explicit key)


def _shared_text(obj: dict | list, ind: str, emit, shared: Shared) -> str:
    """The text ``emit`` (:func:`_mapping` or :func:`_sequence`) writes for a sub-object several documents share
    (:meth:`omec.memo.Shared.emitted_by_many`), rendered once per indentation."""
    key = (id(obj), ind)
    text = shared.texts.get(key)
    if text is None:
        parts: list[str] = []
        emit(obj, ind, ind, parts)
        text = shared.texts[key] = "".join(parts)
    return text


def dump(obj: dict, shared: Shared | None = None) -> str:
    """Serialize one object as one YAML document (no leading ``---``), ending in a newline."""
    if type(obj) is not dict:
        raise TypeError(f"a YAML document must be a dict, got {type(obj).__name__}")
    if not obj:
        return "{}\n"
    out: list[str] = []
    _mapping(obj, "", "", out, shared.serialized if shared is not None and shared.serialized else None, shared)
    return "".join(out)


def dump_all(objs: Iterable[dict]) -> str:
    """Serialize objects as a multi-document stream, documents separated by ``---`` lines."""
    return "---\n".join(map(dump, objs))


def _mapping(
    m: dict, ind: str, lead: str, out: list[str], many: dict | None = None, shared: Shared | None = None
) -> None:
    """Append the block mapping m whose keys sit at column len(ind); the first key follows lead."""
    child = ind + "  "
    str_forms = _str_forms
    for k, v in m.items():
        key = _key_forms.get(k) or _remember(_key_forms, k, _key_form(k))
        if key[0] == "?":
            key = f"{key}\n{ind}:"
        t = type(v)
        if t is str:  # the common case, inlined: a cached single-line form
            form = str_forms.get(v)
            if form is not None and form[0] != "|":
                out.append(f"{lead}{key} {form}\n")
                lead = ind
                continue
        if t is dict and v:
            out.append(f"{lead}{key}\n")
            if many is not None and shared is not None and id(v) in many:
                out.append(_shared_text(v, child, _mapping, shared))
            else:
                _mapping(v, child, child, out, many, shared)
        elif t is list and v:
            out.append(f"{lead}{key}\n")
            if many is not None and shared is not None and id(v) in many:
                out.append(_shared_text(v, ind, _sequence, shared))
            else:
                _sequence(v, ind, ind, out, many, shared)
        else:
            out.append(f"{lead}{key} {_scalar(v, child)}\n")
        lead = ind


def _sequence(
    seq: list, ind: str, lead: str, out: list[str], many: dict | None = None, shared: Shared | None = None
) -> None:
    """Append the block sequence seq whose dashes sit at column len(ind); the first follows lead."""
    child = ind + "  "
    dash = lead + "- "
    for item in seq:
        t = type(item)
        if t is dict and item:
            _mapping(item, child, dash, out, many, shared)
        elif t is list and item:
            _sequence(item, child, dash, out, many, shared)
        else:
            out.append(f"{dash}{_scalar(item, child)}\n")
        dash = ind + "- "


def _scalar(v: object, ind: str) -> str:
    """Render a scalar or empty collection; a literal block's lines are indented by ind."""
    # ``type(v) is X`` where v must be narrowed (mypy does not narrow v through t)
    if type(v) is str:
        form = _str_forms.get(v) or _remember(_str_forms, v, _str_form(v))
        return form if form[0] != "|" else _literal(v, form, ind)
    if v is None:
        return "null"
    t = type(v)
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return int.__repr__(v)
    if type(v) is float:
        return _float(v)
    if t is dict or t is list:
        return "{}" if t is dict else "[]"
    raise TypeError(f"cannot serialize {t.__name__} to YAML: only JSON types are supported")


def _remember(cache: dict[str, str], s: str, form: str) -> str:
    """Store a scalar decision in a bounded cache and return it."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[s] = form
    return form


def _is_plain_safe(s: str) -> bool:
    """True if s reads back as the same string plain, for YAML 1.1 and 1.2 / Go loaders alike."""
    return (
        _PLAIN_SAFE.fullmatch(s) is not None
        and _OTHER_LOADERS_WORDS.fullmatch(s) is None
        and _OTHER_LOADERS_NUMBER.fullmatch(s.replace("_", "")) is None
        and _YAML11.resolve(yaml.ScalarNode, s, (True, False)) == _STR_TAG
    )


def _quoted(s: str) -> str:
    """Double-quoted scalar: JSON escapes (all valid in YAML) plus \\u escapes JSON leaves raw."""
    q = _json_quote(s)
    return _JSON_RAW_UNSAFE.sub(lambda c: f"\\u{ord(c.group()):04x}", q) if _JSON_RAW_UNSAFE.search(q) else q


def _str_form(s: str) -> str:
    """Plain, double-quoted, or (multi-line) the literal block header chosen by trailing newlines."""
    if "\n" in s and not _LITERAL_UNSAFE.search(s):
        if not s.endswith("\n"):
            return "|-"
        return "|+" if s.endswith("\n\n") else "|"
    return s if _is_plain_safe(s) else _quoted(s)


def _key_form(k: object) -> str:
    """Rendered mapping key with its colon, or ``? key`` when too long for an implicit key."""
    if type(k) is not str:
        raise TypeError(f"mapping keys must be str, got {type(k).__name__}")
    text = k if _is_plain_safe(k) else _quoted(k)
    return text + ":" if len(text.encode()) <= _MAX_IMPLICIT_KEY else "? " + text


def _literal(s: str, header: str, ind: str) -> str:
    """Literal block scalar; the final newline (if any) is carried by the last line's break."""
    body = s if header == "|-" else s[:-1]
    return header + "\n" + "\n".join(ind + line if line else "" for line in body.split("\n"))


def _float(f: float) -> str:
    """A float form YAML 1.1 resolves to the same float (needs a '.' before a signed exponent)."""
    if math.isnan(f):
        return ".nan"
    if math.isinf(f):
        return ".inf" if f > 0 else "-.inf"
    r = float.__repr__(f)
    return r.replace("e", ".0e") if "e" in r and "." not in r else r
