"""Command-line interface. The only package that prints; stdout carries manifests only (``-o -``)."""
from __future__ import annotations

import os
import signal
import sys

import click

from omec import OME_COMMIT, __version__
from omec.cli import params, report
from omec.cli.progress import Progress
from omec.cli.settings import Resolved, options_from, resolve
from omec.diagnostics import INTERNAL, Severity
from omec.fleet import WorkerLost
from omec.load.inputs import STDIN
from omec.load.schemas import supported_k8s_versions
from omec.load.settings import FAIL_ON
from omec.options import (
    DEFAULT_K8S_VERSION,
    DEFAULT_OME_VERSION,
    MAX_YAML_ALIASES,
    MAX_YAML_NODES,
    SUPPORTED_OME_VERSIONS,
)
from omec.run import Explain, RunResult, Sources, run
from omec.write import META_FILES, CheckSink, DirectorySink, Sink, StreamSink
from omec.write.tree import output_problem

EXIT_OK, EXIT_SPEC_ERRORS, EXIT_DRIFT, EXIT_INTERNAL = 0, 1, 3, 70
EXIT_SIGNAL = 128  # + the signal number: 130 for SIGINT, 143 for SIGTERM, as a shell reports a killed command


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: the run unwinds (its staging tree discarded, workers stopped) and omec exits
    128 + the signal number. A BaseException, so that neither click nor the internal-error handler takes it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, frame) -> None:
    for other in (signal.SIGINT, signal.SIGTERM):  # the clean-up that follows is not interrupted again
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(signum)


def _emit_diagnostics(diags, fmt: str, quiet: bool, max_diagnostics: int = 0) -> None:
    shown = [d for d in diags if not (quiet and d.severity < Severity.WARNING)]
    hidden = len(shown) - max_diagnostics if 0 < max_diagnostics < len(shown) else 0
    if hidden:
        shown = shown[:max_diagnostics]
    if shown:
        click.echo(report.FORMATS[fmt](shown), err=True)
    if hidden and fmt != "json":
        click.echo(f"omec: {hidden} more diagnostics not shown (--max-diagnostics {max_diagnostics})", err=True)
    if fmt == "text" and any(d.severity >= Severity.WARNING for d in diags):
        click.echo(report.summary(diags), err=True)


def _common_options(func):
    decorators = [
        click.argument("specs", nargs=-1, type=click.Path()),
        click.option("--config", type=click.Path(exists=True, dir_okay=False),
                     help="The project file (default: omec.yaml in the working directory or a parent)."),
        click.option("--kustomize/--no-kustomize", default=True, show_default=True,
                     help="Build directories holding a kustomization as kustomize would; off: read every file."),
        click.option("--exclude", "exclude", multiple=True, metavar="GLOB",
                     help="Skip paths matching GLOB while walking directories (repeatable), e.g. '*.draft.yaml'."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
                     help="Lowest severity that fails the run (exit 1, nothing written)."),
        click.option("--max-diagnostics", type=click.IntRange(min=0), default=0, show_default="0 = all",
                     help="Show at most N diagnostics (the summary still counts all)."),
        click.option("-n", "--namespace", default="default", show_default=True, callback=params.namespace,
                     help="Namespace of objects that declare none."),
        click.option("--controller-config", type=click.Path(dir_okay=False),
                     help="OME's inferenceservice-config ConfigMap (default: the shipped configuration)."),
        click.option("--model-metadata", type=click.Path(dir_okay=False),
                     help="YAML: model name -> metadata OME's model agent would fill (format, architecture, size...)."),
        click.option("--last-file-wins", is_flag=True,
                     help="Duplicate objects: keep the last one in sorted path order (warning) instead of an error."),
        click.option("--strict", is_flag=True, help="Treat unparseable values (sizes, versions) as errors."),
        click.option("--ome-version", default=DEFAULT_OME_VERSION, show_default=True,
                     type=click.Choice(SUPPORTED_OME_VERSIONS),
                     help=f"OME behaviour to reproduce (commit {OME_COMMIT[:8]}); newer-only features are refused."),
        click.option("--k8s-version", default=DEFAULT_K8S_VERSION, show_default=True,
                     type=click.Choice(supported_k8s_versions()),
                     help="Kubernetes version whose schemas validate inputs and every emitted object."),
        click.option("--ignore", "ignore", multiple=True, metavar="CODE", callback=params.ignored_codes,
                     help="Do not report this warning/info code (repeatable), e.g. --ignore OMEC505."),
        click.option("--assume-ready/--no-assume-ready", default=True, show_default=True,
                     help="Emit ingress objects as in steady state (all components Ready); off = first reconcile."),
        click.option("--knative-domain", metavar="DOMAIN",
                     help="Knative's domain (config-domain); needed to render VirtualServices of Serverless services."),
        click.option("--knative-domain-template", default="{{.Name}}.{{.Namespace}}.{{.Domain}}", show_default=True,
                     help="Knative's domain template."),
        click.option("--cluster-domain", default="cluster.local", show_default=True,
                     help="Cluster DNS domain used in VirtualService hosts."),
        click.option("--max-yaml-aliases", type=click.IntRange(min=0), default=MAX_YAML_ALIASES, show_default=True,
                     help="Aliases (*name) one YAML file may use."),
        click.option("--max-yaml-nodes", type=click.IntRange(min=0), default=MAX_YAML_NODES, show_default=True,
                     help="Nodes the aliases of one YAML file may add by expansion."),
        click.option("--format", "fmt", type=click.Choice(sorted(report.FORMATS)), default="text", show_default=True,
                     help="Diagnostics format (always on stderr)."),
        click.option("-q", "--quiet", is_flag=True, help="Hide info diagnostics."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _run(resolved: Resolved, sink: Sink, explain: Explain | None = None, progress: Progress | None = None,
         **extra) -> RunResult:
    params = dict(resolved.params)
    specs = params.pop("specs")
    if not specs:
        raise click.UsageError("give SPECS (files or directories), or write them in omec.yaml (specs: [...])")
    sources = Sources(tuple(specs), controller_config=params.pop("controller_config"),
                      model_metadata=params.pop("model_metadata"), kustomize=params.pop("kustomize"),
                      exclude=resolved.excludes, root=resolved.root,
                      stdin=sys.stdin.buffer if STDIN in specs else None)
    try:
        return run(sources, options_from({**params, **extra}), sink, explain=explain, progress=progress)
    finally:
        if progress is not None:
            progress.close()


def _report(result: RunResult, params: dict) -> None:
    _emit_diagnostics(result.diagnostics, params["fmt"], params["quiet"], params["max_diagnostics"])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="omec")
def cli() -> None:
    """omec compiles OME InferenceServices, runtimes and models into plain Kubernetes YAML, offline.

    Exit codes: 0 success (warnings allowed), 1 errors in the specs, 2 usage error, 70 internal error.
    """


@cli.command()
@_common_options
@click.option("-o", "--output",
              help="Output directory (replaced atomically), or '-' to stream all objects to stdout "
                   "(default: output in omec.yaml).")
@click.option("--check", is_flag=True,
              help="Write nothing: exit 0 when OUTPUT is up to date, 3 when a build would change it (and list how).")
@click.option("--force", is_flag=True, help="Replace a non-empty output directory that omec did not create.")
@click.option("--owner-uid", help="Emit ownerReferences to the InferenceService with this UID.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default="0 = auto",
              help="Worker processes (auto: 1 below 100 services, else one per CPU).")
def build(**params) -> None:
    """Compile SPECS (files or directories, searched recursively; '-' = stdin) into OUTPUT."""
    build_with(params)


def build_with(params: dict, layers: tuple[dict, ...] = (), stream: bool = False) -> None:
    """``omec build`` with settings ``layers`` above the project file's; ``stream``: always ``-o -``."""
    resolved = resolve(params, layers, fmt=params["fmt"])
    params = resolved.params
    output, check, force = params.pop("output"), params.pop("check"), params.pop("force")
    output = "-" if stream else output
    if not output:
        raise click.UsageError("give -o OUTPUT (a directory, or '-' for stdout), or write output: in omec.yaml")
    if check and output == "-":
        raise click.UsageError("--check compares with an output directory: give -o DIR")
    if output == "-":
        sink: Sink = StreamSink(sys.stdout.buffer if sys.stdout is not None else None)
    else:
        inputs = [*params["specs"], *filter(None, (params["controller_config"], params["model_metadata"]))]
        problem = output_problem(output, [str(path) for path in inputs if path != STDIN])
        if problem:
            raise click.UsageError(problem)
        sink = CheckSink(output, force) if check else DirectorySink(output, force)
    progress = Progress.wanted(sys.stderr, streaming=output == "-", fmt=params["fmt"])
    result = _run(resolved, sink, progress=progress)
    _report(result, params)
    if not result.ok:
        sys.exit(EXIT_SPEC_ERRORS)
    if isinstance(sink, CheckSink):
        _report_drift(sink, output, params["quiet"])
    elif output != "-" and not params["quiet"]:
        total = result.objects + len(META_FILES)
        kept = f" ({result.unchanged} of {total} files unchanged)" if result.unchanged else ""
        tools = f"; built with {', '.join(result.tools)}" if result.tools else ""
        click.echo(f"omec: wrote {result.objects} objects for {result.services} InferenceServices to {output}{kept}"
                   f"{tools}", err=True)


def _report_drift(sink: CheckSink, output: str, quiet: bool) -> None:
    drift = sink.drift
    if not drift:
        if not quiet:
            click.echo(f"omec: {output} is up to date", err=True)
        return
    counts = f"{len(drift.added)} added, {len(drift.changed)} changed, {len(drift.removed)} removed"
    click.echo(f"omec: {output} is out of date ({counts}); run omec build to update it", err=True)
    for label, paths in (("added", drift.added), ("changed", drift.changed), ("removed", drift.removed)):
        for path in paths:
            click.echo(f"  {label:<8} {path}", err=True)
    sys.exit(EXIT_DRIFT)


@cli.command(name="validate")
@_common_options
def validate_cmd(**params) -> None:
    """Run every check of `omec build` on SPECS without writing anything."""
    resolved = resolve(params, fmt=params["fmt"])
    result = _run(resolved, Sink())
    _report(result, resolved.params)
    sys.exit(EXIT_OK if result.ok else EXIT_SPEC_ERRORS)


@cli.command()
@_common_options
@click.option("--isvc", "isvc_id", metavar="NAMESPACE/NAME", help="Explain this InferenceService's runtime.")
@click.option(
    "--model", "model_name", metavar="NAME", help="Explain auto-selection for this model (use -n for its namespace)."
)
@click.option("-o", "--output", type=click.Choice(["table", "json", "yaml"]), default="table", show_default=True)
def explain(isvc_id, model_name, output, **params) -> None:
    """Show every runtime OME would consider, the selected one first, with the reason for each.

    The verdict is the one `omec build` gives for that InferenceService: exit 1 when building it would fail."""
    if bool(isvc_id) == bool(model_name):
        raise click.UsageError("give exactly one of --isvc NAMESPACE/NAME or --model NAME")
    resolved = resolve(params, fmt=params["fmt"])
    namespace = resolved.params["namespace"]
    if isvc_id:
        isvc_namespace, _, name = isvc_id.rpartition("/")
        isvc = (isvc_namespace or namespace, name)
        target = Explain(isvc=isvc)
        subject = f"InferenceService {isvc[0]}/{name}"
    else:
        target = Explain(model=model_name, namespace=namespace)
        subject = f"model {model_name} (namespace {namespace})"
    result = _run(resolved, Sink(), explain=target)
    _report(result, resolved.params)
    if not result.found:
        raise click.UsageError(f"no {subject} in the specs")
    if result.rows:
        from omec.cli import explain_output

        click.echo(explain_output.render(subject, result.rows, output), nl=False)
    if not result.ok or not result.rows:
        sys.exit(EXIT_SPEC_ERRORS)


@cli.command()
def codes() -> None:
    """Print the table of diagnostic codes (Markdown, as in docs/diagnostics.md)."""
    from omec.codes import markdown

    click.echo(markdown(), nl=False)


def _plugins() -> None:
    """Commands for other tools: the KRM function, the Argo CD plugin's generate command."""
    from omec.cli.argocd import argocd
    from omec.cli.fn import fn

    cli.add_command(fn)
    cli.add_command(argocd)


_plugins()


def fn_main(argv=None) -> None:
    """The ``omec-fn`` executable: ``omec fn``."""
    main(["fn", *(argv or [])])


def main(argv=None) -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    try:
        cli.main(args=argv, prog_name="omec", standalone_mode=True)
    except SystemExit:
        raise
    except Interrupted as stop:
        click.echo(f"omec: interrupted by {signal.Signals(stop.signum).name}", err=True)
        sys.exit(EXIT_SIGNAL + stop.signum)
    except WorkerLost as lost:
        click.echo(f"omec: error: {lost}; the output was not changed", err=True)
        sys.exit(EXIT_INTERNAL)
    except Exception:
        click.echo(f"omec: internal error[{INTERNAL.id}] this is a bug in omec; please report it with the input that "
                   "caused it", err=True)
        if os.environ.get("OMEC_DEBUG"):
            import traceback

            traceback.print_exc()
        else:
            click.echo("  hint: set OMEC_DEBUG=1 to see the traceback", err=True)
        sys.exit(EXIT_INTERNAL)
