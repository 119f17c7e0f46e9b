"""``omec fn``: omec as a KRM function (kpt ``fn eval --exec`` / ``fn render``, kustomize ``transformers:``).

Reads a ResourceList on stdin, writes one on stdout and nothing else (stderr stays empty unless omec itself
fails). The OME objects among the items are compiled (orchestrator annotations stripped first); they are replaced
by what they generate, each generated object annotated with the file kpt writes it to
(``<outputDir>/<namespace>/<inferenceservice>/<kind>-<name>.yaml``, ``outputDir`` default ``generated``), unless
``keepInputs: true`` keeps them beside it. Every other item passes through unchanged. Diagnostics are the
``results``. On an error (or a warning with ``failOn: warning``) the items come back unchanged and the exit
status is 1, so the orchestrator changes nothing.
"""
from __future__ import annotations

import sys

import click

from omec.cli.settings import options_from
from omec.diagnostics import Diagnostic, has_errors
from omec.load.resourcelist import function_settings, read_resource_list
from omec.run import Sources, run
from omec.write import META_FILES, MemorySink
from omec.write.resourcelist import generated_items, resource_list, results

DEFAULT_OUTPUT_DIR = "generated"


@click.command(name="fn")
def fn() -> None:
    """Run as a KRM function: a ResourceList on stdin, one on stdout (see `omec fn --help` and the README)."""
    resources, diags = read_resource_list(sys.stdin.buffer.read())
    if resources is None:
        _emit([], diags, {}, [])
        sys.exit(1)
    settings, problems = function_settings(resources.function_config)
    if has_errors(problems):
        _emit(resources.items, problems, {}, resources.items)
        sys.exit(1)
    sink = MemorySink()
    sources = Sources(texts=resources.texts, controller_config=settings.get("controller_config"),
                      model_metadata=settings.get("model_metadata"))
    options = options_from({**settings, "jobs": 1})
    result = run(sources, options, sink)
    diags = problems + result.diagnostics
    if not result.ok:
        _emit(resources.items, diags, resources.refs, resources.items)
        sys.exit(1)
    files = {path: text for path, text in sink.texts().items() if path not in META_FILES}
    kept = set() if settings.get("keep_inputs") else set(resources.ome)
    items = [item for position, item in enumerate(resources.items) if position not in kept]
    items += generated_items(files, settings.get("output_dir", DEFAULT_OUTPUT_DIR))
    _emit(items, diags, resources.refs, resources.items)


def _emit(items: list, diags: list[Diagnostic], refs: dict, inputs: list) -> None:
    sys.stdout.buffer.write(resource_list(items, results(diags, refs, inputs)))
    sys.stdout.buffer.flush()
