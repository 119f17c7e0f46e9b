"""Model format/framework versions and ``versionOK``, as OME's ``modelver.Parse`` and ``compareModelFormatVersions``:
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/modelver/util.go#L45,
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/matcher.go#L543.

Grammar: up to three dot-separated parts (split on the first two dots); precision = number of parts. Part 1
may start with a lowercase ``v``. Major, minor and the numeric patch are ASCII digits without leading zeros
(``0`` itself is fine) that fit in 64 bits; missing minor/patch are 0. In part 3, text after ``+`` is the
build list, then text after ``-`` the pre-release list, then text after ``.`` the dev list; empty list
elements are errors.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

EQUAL, GREATER_THAN, GREATER_OR_EQUAL = "Equal", "GreaterThan", "GreaterThanOrEqual"
KNOWN_OPERATORS = (EQUAL, GREATER_THAN, GREATER_OR_EQUAL)
_MAX_UINT64 = 2**64 - 1


@dataclass(frozen=True, slots=True)
class Version:
    major: int
    minor: int
    patch: int
    prefix: str  # "v" or ""
    precision: int  # 1..3
    pre: tuple = ()
    build: tuple = ()
    dev: tuple = ()

    @property
    def official(self) -> bool:
        """No pre-release, build or dev parts (OME: not an "unofficial" version)."""
        return not (self.pre or self.build or self.dev)

    @property
    def numbers(self) -> tuple:
        return (self.major, self.minor, self.patch)

    def text(self) -> str:
        """Canonical string of an official version at its precision (used to build sample versions)."""
        return self.prefix + ".".join(str(n) for n in self.numbers[: self.precision])


def _number(text: str) -> int | None:
    if not text or not text.isascii() or not text.isdigit() or (len(text) > 1 and text[0] == "0"):
        return None
    value = int(text)
    return value if value <= _MAX_UINT64 else None


def _items(text: str) -> tuple | None:
    items = tuple(text.split("."))
    return None if any(not item for item in items) else items


@lru_cache(maxsize=4096)
def parse_version(text: str) -> Version | None:
    """Parse a version string; None on any error (OME: ``modelver.Parse`` error)."""
    if not text:
        return None
    parts = text.split(".", 2)
    prefix = "v" if parts[0].startswith("v") else ""
    major = _number(parts[0][len(prefix):])
    minor = _number(parts[1]) if len(parts) > 1 else 0
    rest = parts[2] if len(parts) > 2 else "0"
    build: tuple | None = ()
    pre: tuple | None = ()
    dev: tuple | None = ()
    if "+" in rest:
        rest, _, tail = rest.partition("+")
        build = _items(tail)
    if "-" in rest:
        rest, _, tail = rest.partition("-")
        pre = _items(tail)
    if "." in rest:
        rest, _, tail = rest.partition(".")
        dev = _items(tail)
    patch = _number(rest)
    if major is None or minor is None or patch is None or build is None or pre is None or dev is None:
        return None
    return Version(major, minor, patch, prefix, len(parts), pre, build, dev)


def _equal(a: Version, b: Version) -> bool:
    """Equal ignores precision and prefix: ``1`` = ``1.0.0``, ``v2.0.0`` = ``2.0.0``."""
    return a.numbers == b.numbers and a.pre == b.pre and a.build == b.build and a.dev == b.dev


@lru_cache(maxsize=8192)
def version_ok(runtime_version: str, operator: str, model_version: str) -> bool:
    """``runtimeVersion OP modelVersion``: the runtime's version must be greater (or equal)."""
    runtime, model = parse_version(runtime_version), parse_version(model_version)
    if runtime is None or model is None:
        return False
    if not (runtime.official and model.official) or operator == EQUAL:
        return _equal(runtime, model)
    if runtime.precision != model.precision or runtime.prefix != model.prefix:
        return False
    if operator == GREATER_THAN:
        return runtime.numbers > model.numbers
    if operator == GREATER_OR_EQUAL:
        return runtime.numbers >= model.numbers
    return _equal(runtime, model)


def neighbours(version: Version, big: int) -> list[Version]:
    """The official versions just below and just above ``version`` at the same precision and prefix.

    ``big`` stands in for "any larger component" when borrowing (e.g. below ``4.0.0`` is ``3.big.big``).
    Used by the offline analysis (:mod:`omec.resolve.offline`) to sample every region a set of versions partitions.
    """
    numbers = list(version.numbers[: version.precision])
    above = [*numbers[:-1], numbers[-1] + 1]
    # precision 1 or 2 sets only the first parts
    result = [replace(version, **dict(zip(("major", "minor", "patch"), above, strict=False)))]
    for position in range(len(numbers) - 1, -1, -1):
        if numbers[position] > 0:
            below = numbers[:position] + [numbers[position] - 1] + [big] * (len(numbers) - position - 1)
            result.append(replace(version, **dict(zip(("major", "minor", "patch"), below, strict=False))))
            break
    return result
