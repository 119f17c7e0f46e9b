"""``examples/`` compiled in memory exactly as ``omec build examples`` compiles it (paths relative to the repo)."""
from __future__ import annotations

import pytest

from omec.options import Options
from omec.pipeline import BuildResult, compile_inputs, output_files, read_inputs
from omec.write import INDEX_FILE
from tests.conftest import REPO


def build_examples() -> BuildResult:
    """The real pipeline over ``examples`` (the ModelMetadata side file is skipped, as by the CLI)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)  # diagnostics name `examples/...`, as for a user running omec in the repo
        return compile_inputs(read_inputs(["examples"], Options()))


def written_files(result: BuildResult) -> dict[str, str]:
    """Every object file of the output tree (index excluded): path relative to OUT -> text."""
    return {path: data.decode("utf-8") for path, data in output_files(result).items() if path != INDEX_FILE}
