"""``examples/`` compiled in memory exactly as ``omec build examples`` compiles it (paths relative to the repo)."""
from __future__ import annotations

import pytest

from omec.testing import BuildOutput, build
from omec.write import META_FILES
from tests.conftest import REPO


def build_examples() -> BuildOutput:
    """The real run loop over ``examples`` (the ModelMetadata side file is skipped, as by the CLI)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)  # diagnostics name `examples/...`, as for a user running omec in the repo
        return build("examples")


def written_files(result: BuildOutput) -> dict[str, str]:
    """Every object file of the output tree (index excluded): path relative to OUT -> text."""
    return {path: text for path, text in result.files.items() if path not in META_FILES}
