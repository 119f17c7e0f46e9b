"""AcceleratorClass argument overrides: key-based MergeArgs and the TP/PP flag rewrite (OME's ``MergeArgs`` and
``OverrideArgParam``, https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/merging.go#L466).

Args come in two formats. *List* format is a flat list of tokens (``["--port", "8080"]``). *Multiline*
format (the first arg contains a newline or a backslash) is one shell-style string with backslash
continuations; it is re-emitted as a single string whose tokens are joined by space-backslash-newline.
"""
from __future__ import annotations

import re

from omec.golang.strings import fields, trim_space

TP_FLAGS = ("--tp-size", "--tp", "--tensor-parallel-size")
PP_FLAGS = ("--pp-size", "--pp", "--pipeline-parallel-size")
MULTILINE_JOIN = " \\\n"


def is_multiline(args: list[str]) -> bool:
    return bool(args) and ("\n" in args[0] or "\\" in args[0])


def _tokens(args: list[str]) -> list[str]:
    """``normalizeArgs``: an arg with a newline or a backslash is split into lines, each trimmed (Go's
    ``strings.TrimSpace``), stripped of every trailing backslash and trimmed again; other args are trimmed; empty
    results are dropped."""
    tokens = []
    for arg in args:
        lines = arg.split("\n") if "\n" in arg or "\\" in arg else [arg]
        for line in lines:
            line = trim_space(trim_space(line).rstrip("\\"))
            if line:
                tokens.append(line)
    return tokens


def _key(token: str) -> str:
    """``extractArgKey``: a flag's name is what precedes the first ``=`` (``--tp-size=4`` -> ``--tp-size``, and
    ``--foo bar=baz`` -> ``--foo bar``), else its first word (``--tp-size 4`` -> ``--tp-size``); other tokens are
    their own key."""
    if not token.startswith("-"):
        return token
    if "=" in token:
        return token[: token.index("=")]
    return fields(token)[0]


def _groups(tokens: list[str]) -> dict[str, tuple[str, ...]]:
    """Key -> tokens of its group, in first-seen order; a later group with the same key replaces the value."""
    groups: dict[str, tuple[str, ...]] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        group: tuple[str, ...]
        if "=" not in token and i + 1 < len(tokens) and not tokens[i + 1].startswith("-"):
            group = (token, tokens[i + 1])
        else:
            group = (token,)
        groups[_key(token)] = group
        i += len(group)
    return groups


def merge_args(args: list[str], override: list[str]) -> list[str]:
    """MergeArgs: ``override`` groups replace same-key groups in place, new keys are appended.

    The result keeps the format of ``args`` (one multiline string or a flat list); either side empty
    returns the other unchanged.
    """
    if not override:
        return list(args or [])
    if not args:
        return list(override)
    merged = _groups(_tokens(args))
    merged.update(_groups(_tokens(override)))
    tokens = [token for group in merged.values() for token in group]
    if is_multiline(args):
        return [MULTILINE_JOIN.join(tokens)] if tokens else []  # toMultilineFormat keeps an empty result empty
    return tokens


def override_flag(args: list[str], flag: str, value: int) -> tuple[list[str], bool]:
    """Set ``flag``'s value to ``value``; returns the new args and whether the flag was found.

    Multiline: in the first arg only (``OverrideArgParam`` reads ``containerArgs[0]``), every ``<flag>=N`` /
    ``<flag> N`` with a numeric N becomes ``<flag>=<value>``. List: the first ``<flag>=...`` or ``<flag> <token>``
    is rewritten (a trailing flag without value is not found).
    """
    if not args:
        return list(args or []), False
    if is_multiline(args):
        pattern = re.compile(re.escape(flag) + r"(=|[\t\n\f\r ]+)[0-9]+")  # RE2 \s and \d are ASCII-only
        replacement = f"{flag}={value}"
        first, count = pattern.subn(lambda _: replacement, args[0])
        return ([first, *args[1:]], True) if count else (list(args), False)
    for i, token in enumerate(args):
        if token == flag:
            if i + 1 == len(args):
                return list(args), False
            return [*args[: i + 1], str(value), *args[i + 2 :]], True
        if token.startswith(flag + "="):
            return [*args[:i], f"{flag}={value}", *args[i + 1 :]], True
    return list(args), False


def _rewrite_first(container: dict, flags: tuple[str, ...], value: int) -> dict:
    """Rewrite the first of ``flags`` found in ``args``, else in ``command``."""
    for field in ("args", "command"):
        values = container.get(field) or []
        for flag in flags:
            new, found = override_flag(values, flag, value)
            if found:
                return {**container, field: new}
    return container


def override_parallelism(container: dict, tensor_parallel_size: int, pipeline_parallel_size: int) -> dict:
    """AcceleratorClass ``tensorParallelismOverride``: sizes > 0 rewrite the TP / PP flags of the container."""
    if tensor_parallel_size > 0:
        container = _rewrite_first(container, TP_FLAGS, tensor_parallel_size)
    if pipeline_parallel_size > 0:
        container = _rewrite_first(container, PP_FLAGS, pipeline_parallel_size)
    return container
