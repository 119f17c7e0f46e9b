"""Command-line interface. The only package that prints; stdout carries manifests only (``-o -``)."""
from __future__ import annotations

import os
import sys

import click

from omec import OME_COMMIT, __version__
from omec.cli import params, report
from omec.diagnostics import INTERNAL, Severity
from omec.load.schemas import supported_k8s_versions
from omec.options import DEFAULT_K8S_VERSION, DEFAULT_OME_VERSION, SUPPORTED_OME_VERSIONS, Options
from omec.run import Explain, RunResult, Sources, run
from omec.write import DirectorySink, Sink, StreamSink

EXIT_OK, EXIT_SPEC_ERRORS, EXIT_INTERNAL = 0, 1, 70


def _emit_diagnostics(diags, fmt: str, quiet: bool) -> None:
    shown = [d for d in diags if not (quiet and d.severity < Severity.WARNING)]
    if shown:
        click.echo(report.FORMATS[fmt](shown), err=True)
    if fmt == "text" and any(d.severity >= Severity.WARNING for d in diags):
        click.echo(report.summary(diags), err=True)


def _common_options(func):
    decorators = [
        click.argument("specs", nargs=-1, required=True, type=click.Path()),
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
        click.option("--format", "fmt", type=click.Choice(sorted(report.FORMATS)), default="text", show_default=True,
                     help="Diagnostics format (always on stderr)."),
        click.option("-q", "--quiet", is_flag=True, help="Hide info diagnostics."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _run(specs, sink: Sink, namespace, controller_config, model_metadata, last_file_wins, strict, k8s_version,
         ignore, ome_version, explain: Explain | None = None, **extra) -> RunResult:
    options = Options(namespace=namespace, strict=strict, last_file_wins=last_file_wins, k8s_version=k8s_version,
                      ignore=frozenset(code.upper() for code in ignore), ome_version=ome_version, **extra)
    sources = Sources(tuple(specs), controller_config=controller_config, model_metadata=model_metadata)
    return run(sources, options, sink, explain=explain)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="omec")
def cli() -> None:
    """omec compiles OME InferenceServices, runtimes and models into plain Kubernetes YAML, offline.

    Exit codes: 0 success (warnings allowed), 1 errors in the specs, 2 usage error, 70 internal error.
    """


@cli.command()
@_common_options
@click.option("-o", "--output", required=True,
              help="Output directory (replaced atomically), or '-' to stream all objects to stdout.")
@click.option("--force", is_flag=True, help="Replace a non-empty output directory that omec did not create.")
@click.option("--owner-uid", help="Emit ownerReferences to the InferenceService with this UID.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default="0 = auto",
              help="Worker processes (auto: 1 below 100 services, else one per CPU).")
def build(specs, output, force, owner_uid, jobs, fmt, quiet, **kwargs) -> None:
    """Compile SPECS (files or directories, searched recursively) into OUTPUT."""
    sink = StreamSink(sys.stdout.buffer) if output == "-" else DirectorySink(output, force)
    result = _run(specs, sink, owner_uid=owner_uid, jobs=jobs or None, **kwargs)
    _emit_diagnostics(result.diagnostics, fmt, quiet)
    if not result.ok:
        sys.exit(EXIT_SPEC_ERRORS)
    if output != "-" and not quiet:
        kept = f" ({result.unchanged} of {result.objects + 1} files unchanged)" if result.unchanged else ""
        click.echo(f"omec: wrote {result.objects} objects for {result.services} InferenceServices to {output}{kept}",
                   err=True)


@cli.command(name="validate")
@_common_options
def validate_cmd(specs, fmt, quiet, **kwargs) -> None:
    """Run every check of `omec build` on SPECS without writing anything."""
    result = _run(specs, Sink(), **kwargs)
    _emit_diagnostics(result.diagnostics, fmt, quiet)
    sys.exit(EXIT_OK if result.ok else EXIT_SPEC_ERRORS)


@cli.command()
@_common_options
@click.option("--isvc", "isvc_id", metavar="NAMESPACE/NAME", help="Explain this InferenceService's runtime.")
@click.option(
    "--model", "model_name", metavar="NAME", help="Explain auto-selection for this model (use -n for its namespace)."
)
@click.option("-o", "--output", type=click.Choice(["table", "json", "yaml"]), default="table", show_default=True)
def explain(specs, isvc_id, model_name, output, fmt, quiet, **kwargs) -> None:
    """Show every runtime OME would consider, the selected one first, with the reason for each.

    The verdict is the one `omec build` gives for that InferenceService: exit 1 when building it would fail."""
    if bool(isvc_id) == bool(model_name):
        raise click.UsageError("give exactly one of --isvc NAMESPACE/NAME or --model NAME")
    namespace = kwargs["namespace"]
    if isvc_id:
        isvc_namespace, _, name = isvc_id.rpartition("/")
        isvc = (isvc_namespace or namespace, name)
        target = Explain(isvc=isvc)
        subject = f"InferenceService {isvc[0]}/{name}"
    else:
        target = Explain(model=model_name, namespace=namespace)
        subject = f"model {model_name} (namespace {namespace})"
    result = _run(specs, Sink(), explain=target, **kwargs)
    _emit_diagnostics(result.diagnostics, fmt, quiet)
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


def main(argv=None) -> None:
    try:
        cli.main(args=argv, prog_name="omec", standalone_mode=True)
    except SystemExit:
        raise
    except Exception:
        click.echo(f"omec: internal error[{INTERNAL.id}] this is a bug in omec; please report it with the input that "
                   "caused it", err=True)
        if os.environ.get("OMEC_DEBUG"):
            import traceback

            traceback.print_exc()
        else:
            click.echo("  hint: set OMEC_DEBUG=1 to see the traceback", err=True)
        sys.exit(EXIT_INTERNAL)
