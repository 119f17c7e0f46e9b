"""``omec explain`` and ``omec build`` share one resolution path (omec.run with an Explain target), so they cannot
disagree: over every failing and passing spec of tests/cases and every negative case of tests/negative, explaining
an InferenceService fails exactly when building it reports an error about it (or about the run)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from omec.diagnostics import Severity
from omec.options import Options
from omec.run import Explain, Sources, run
from omec.write import Sink

TESTS = Path(__file__).resolve().parents[1]
FLAGS = {"--controller-config": "controller_config", "--model-metadata": "model_metadata"}


def _case_dirs():
    for case in sorted((TESTS / "cases").glob("OMEC*")):
        settings = yaml.safe_load((case / "case.yaml").read_text()) if (case / "case.yaml").is_file() else {}
        if settings.get("command") == "build":
            continue  # about the output directory, not about services
        base = [str(TESTS / "cases" / "base")] if settings.get("base", True) else []
        for specs in ("fail", "pass"):
            if (case / specs).is_dir():
                yield pytest.param(case, [*base, str(case / specs)], settings.get("args", []), id=f"{case.name}/{specs}")
    for case in sorted((TESTS / "negative" / "cases").iterdir()):
        yield pytest.param(case, [str(TESTS / "negative" / "base"), str(case)], [], id=f"negative/{case.name}")


def _sources_and_options(case: Path, specs: list[str], args: list[str]) -> tuple[Sources, Options]:
    sides: dict = {}
    options: dict = {}
    rest = iter(args)
    for arg in rest:
        if arg in FLAGS:
            sides[FLAGS[arg]] = str(case / next(rest))
        elif arg == "--knative-domain":
            options["knative_domain"] = next(rest)
        elif arg == "--no-assume-ready":
            options["assume_ready"] = False
        elif arg == "--strict":
            options["strict"] = True
        else:
            specs.append(str(case / arg))  # a spec path
    return Sources(tuple(specs), **sides), Options(**options)


@pytest.mark.parametrize("case, specs, args", list(_case_dirs()))
def test_explain_fails_exactly_when_the_build_fails_for_the_service(case, specs, args, monkeypatch):
    monkeypatch.chdir(case)
    sources, options = _sources_and_options(case, specs, args)
    built = run(sources, options, Sink())
    services = built.catalog.services if built.catalog else []
    if not services:
        pytest.skip("no InferenceService compiles in this case (it is refused before: nothing to explain)")
    for isvc in services:
        # the build's errors about this service: on its document or its object, about the run, or (in a case with one
        # service) found while compiling it (OMEC2nn-OMEC7nn: resolve, plan, render, check), wherever they point
        failed = any(d.severity >= Severity.ERROR and (
            d.ref is None or d.ref == isvc.ref or d.object == isvc.id
            or (len(services) == 1 and "OMEC200" <= d.code < "OMEC800")) for d in built.diagnostics)
        explained = run(sources, options, Sink(), explain=Explain(isvc=(isvc.namespace, isvc.name)))
        assert explained.found
        assert explained.ok == (not failed), (isvc.id, [d.code for d in explained.diagnostics],
                                              [d.code for d in built.diagnostics])


def test_explain_of_a_service_pinned_to_a_missing_runtime_fails_like_the_build(tmp_path, capsys):
    """The finding: explain said "auto-selected" and exited 0 where build failed with OMEC204."""
    from omec.cli import main

    (tmp_path / "isvc.yaml").write_text(
        "apiVersion: ome.io/v1beta1\nkind: InferenceService\nmetadata: {name: chat, namespace: team}\n"
        "spec: {model: {name: llama}, runtime: {name: no-such-runtime}, engine: {}}\n")
    specs = [str(TESTS / "cases" / "base"), str(tmp_path / "isvc.yaml")]
    for argv in (["validate", *specs], ["explain", *specs, "--isvc", "team/chat"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 1
        assert "error[OMEC204]" in capsys.readouterr().err
