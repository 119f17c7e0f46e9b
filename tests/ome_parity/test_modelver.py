"""OME's pkg/modelver/util_test.go TestVersionComparison and pkg/runtimeselector/matcher_test.go
TestCompareModelFrameworkVersions cases omec's tests did not pin, on omec's version rules (omec/resolve/modelver.py).

TestVersionComparison asserts modelver's raw Equal and GreaterThan. The matcher reaches GreaterThan only for
official versions at the same precision and prefix (compareModelFormatVersions,
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/matcher.go#L543),
which is what ``version_ok`` implements; the cases below are those where both agree. The pre-release and build
orderings of GreaterThan (``1.8.0-beta`` > ``1.8.0-alpha``) are unreachable through the matcher (unofficial versions are
compared with Equal only) and omec does not implement them.
"""
from __future__ import annotations

import pytest

from omec.resolve.modelver import version_ok


@pytest.mark.parametrize(
    ("v1", "v2", "equal", "greater"),
    [
        ("2.0.0", "1.9.0", False, True),
        ("1.8.5", "1.8.0", False, True),
        ("1.0.0", "2.0.0", False, False),
        ("1.8.0+20240707", "1.8.0+20240707", True, None),
        ("1.8.0+20240708", "1.8.0+20240707", False, None),
        ("v1", "v1", True, False),
        ("1.12", "1.12", True, False),
        ("1", "2", False, False),
        ("v1.9.0", "v2.9.0", False, False),
        ("v0.9.0", "v0.8.0", False, True),
    ],
)
def test_version_comparison(v1, v2, equal, greater):
    """TestVersionComparison: Equal(v1, v2) and, for official versions, GreaterThan(v1, v2)."""
    assert version_ok(v1, "Equal", v2) is equal
    if greater is not None:
        assert version_ok(v1, "GreaterThan", v2) is greater


@pytest.mark.parametrize(
    ("case", "runtime", "operator", "model", "expected"),
    [
        ("Equal versions with Equal operator", "1.10.0", "Equal", "1.10.0", True),
        ("Equal versions with GreaterThan operator", "1.10.0", "GreaterThan", "1.10.0", False),
        ("GreaterThan - supported version is greater", "1.15.0", "GreaterThan", "1.10.0", True),
        ("GreaterThan - supported version is not greater", "1.10.0", "GreaterThan", "1.15.0", False),
        ("GreaterThanOrEqual - equal versions", "1.10.0", "GreaterThanOrEqual", "1.10.0", True),
        ("GreaterThanOrEqual - supported version is greater", "1.15.0", "GreaterThanOrEqual", "1.10.0", True),
        ("GreaterThanOrEqual - supported version is less", "1.10.0", "GreaterThanOrEqual", "1.15.0", False),
        ("Unofficial version forces equality check", "1.10.0-dev", "GreaterThan", "1.10.0-dev", True),
        ("Unofficial version not equal", "1.10.0-dev", "GreaterThan", "1.10.0-alpha", False),
        ("Precision mismatch", "1.10", "GreaterThan", "1.10.0", False),
        ("Major prefix mismatch", "v1.10.0", "GreaterThan", "1.10.0", False),
        ("Nil operator defaults to Equal", "v1.10.0", "Equal", "v1.10.0", True),  # framework names are not compared here
    ],
)
def test_compare_model_framework_versions(case, runtime, operator, model, expected):
    """TestCompareModelFrameworkVersions (the nil operator is the CRD default Equal omec's views apply)."""
    assert version_ok(runtime, operator, model) is expected, case
