"""omec's pytest plugin (entry point ``pytest11``): the ``omec_build`` fixture, and ``omec_snapshot`` when syrupy
is installed.

    def test_services(omec_build, omec_snapshot):
        out = omec_build("deploy/specs", controller_config="deploy/inferenceservice-config.yaml")
        assert out.ok, out.report()
        assert out == omec_snapshot          # one .yaml snapshot; `pytest --snapshot-update` to accept changes
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from omec.options import Options
from omec.testing import BuildOutput, build


@pytest.fixture
def omec_build() -> Callable[..., BuildOutput]:
    """``omec_build(*paths, controller_config=None, model_metadata=None, **options)``: the files ``omec build``
    would write for ``paths`` (relative path -> text, ``omec-index.json`` included) and its diagnostics;
    ``options`` are :class:`omec.options.Options` fields (``namespace``, ``k8s_version``, ``strict`` ...)."""

    def run(*paths: str, controller_config: Any = None, model_metadata: Any = None, **options: Any) -> BuildOutput:
        return build(*(str(p) for p in paths), controller_config=controller_config, model_metadata=model_metadata,
                     options=Options(**options))

    return run


try:
    from omec.testing.snapshot import OmecSnapshotExtension
except ImportError:  # syrupy is not installed: no snapshot fixture
    pass
else:
    @pytest.fixture
    def omec_snapshot(snapshot: Any) -> Any:
        """syrupy's ``snapshot`` storing omec builds as one readable ``.yaml`` file per test."""
        return snapshot.use_extension(OmecSnapshotExtension)
