"""The selection lints: warnings for OME selection quirks, registered as rules (:mod:`omec.rules`) of three scopes:
``RUNTIME`` (a runtime's formats compared with the model), ``SIZES`` (the model's and the runtimes' sizes) and
``RANKING`` (the ranked matches of an auto-selection). They never change the selection."""
from __future__ import annotations

from collections.abc import Iterator

from omec import rules as registry
from omec.diagnostics import Diagnostic, Severity
from omec.model import Obj
from omec.options import Options
from omec.resolve import codes
from omec.resolve.context import Subject
from omec.resolve.evaluate import Verdict
from omec.resolve.matcher import smf_reasons
from omec.resolve.modelver import EQUAL, KNOWN_OPERATORS, version_ok
from omec.resolve.scorer import (
    FORMAT_WEIGHT_FALLBACK,
    FRAMEWORK_WEIGHT_FALLBACK,
    size_comparison,
)
from omec.resolve.sizes import size_problem
from omec.resolve.views import ModelMeta, RuntimeView, Smf
from omec.rules import Finding, rule

RUNTIME, SIZES, RANKING = "selection-runtime", "selection-sizes", "selection-ranking"
_PARTS = (("modelFormat", "model_format"), ("modelFramework", "framework"))


def _model_side(meta: ModelMeta, part: str) -> tuple[str, str | None] | None:
    if part == "modelFormat":
        return meta.format_name, meta.format_version
    return None if meta.framework is None else (meta.framework.name, meta.framework.version)


def _compared_parts(view: RuntimeView, meta: ModelMeta):
    """(smf, part name, runtime spec, model version) for format/framework specs compared with the model."""
    for smf in view.smfs:
        if smf.model_format is None or smf.model_format.name != meta.format_name:
            continue
        for part, attribute in _PARTS:
            spec, side = getattr(smf, attribute), _model_side(meta, part)
            if spec is not None and side is not None and spec.name == side[0]:
                yield smf, part, spec, side[1]


def _field(smf: Smf, part: str, key: str) -> tuple:
    return ("spec", "supportedModelFormats", smf.index, part, key)


@rule("OMEC216", "weight-suspicious", "an explicit weight of 0 (OME uses 10/5 instead) or below 0", scope=RUNTIME)
def weight_suspicious(view: RuntimeView, meta: ModelMeta) -> Iterator[Finding]:
    """OME's scorer treats a format weight of 0 as unset and uses its fallback (10 for the format, 5 for the
    framework), and a negative weight lowers the score: neither is what ``weight: 0`` seems to say.

    Fails: ``supportedModelFormats: [{modelFormat: {name: safetensors, weight: 0}, ...}]``.

    Passes: ``weight: 1``, or no weight (it defaults to 1).
    """
    for smf, part, spec, _version in _compared_parts(view, meta):
        if spec.weight_explicit and spec.weight <= 0:
            fallback = FORMAT_WEIGHT_FALLBACK if part == "modelFormat" else FRAMEWORK_WEIGHT_FALLBACK
            effect = f"OME scores it as {fallback}" if spec.weight == 0 else "it lowers the score"
            yield Finding(f"weight {spec.weight} on supportedModelFormats[{smf.index}].{part} of runtime {view.name}: "
                          f"{effect} (an absent weight defaults to 1)", _field(smf, part, "weight"), view.obj.ref,
                          object=view.obj.id)


@rule("OMEC219", "unknown-operator", "a version operator OME does not know (behaves like Equal)", scope=RUNTIME)
def unknown_operator(view: RuntimeView, meta: ModelMeta) -> Iterator[Finding]:
    """OME compares versions with Equal, GreaterThan and GreaterThanOrEqual; any other operator falls through to an
    Equal that also requires the same precision and prefix.

    Fails: ``modelFramework: {name: transformers, version: "4.40", operator: AtLeast}``.

    Passes: ``operator: GreaterThanOrEqual``.
    """
    for smf, part, spec, _version in _compared_parts(view, meta):
        if spec.operator not in KNOWN_OPERATORS:
            yield Finding(f"operator {spec.operator!r} on supportedModelFormats[{smf.index}].{part} of runtime "
                          f"{view.name} is unknown to OME and behaves like Equal that also requires equal precision "
                          "and prefix", _field(smf, part, "operator"), view.obj.ref,
                          hint="use Equal, GreaterThan or GreaterThanOrEqual", object=view.obj.id)


def _only_blocker(meta: ModelMeta, smf: Smf, part: str) -> bool:
    """Everything but ``part`` of this SMF accepts the model (so ``part`` alone decides)."""
    return all(reason is None for field, reason in smf_reasons(meta, smf).items() if field != part)


@rule("OMEC220", "operator-direction",
      "GreaterThan(OrEqual) compares runtime version OP model version and rejects newer models", scope=RUNTIME)
def operator_direction(view: RuntimeView, meta: ModelMeta) -> Iterator[Finding]:
    """OME evaluates ``runtime version OP model version``: ``GreaterThanOrEqual 4.40`` accepts models up to 4.40 and
    rejects a newer one, the opposite of what it reads like; warned when that comparison alone rejects the model.

    Fails: a runtime with ``modelFramework: {name: transformers, version: "4.40", operator: GreaterThanOrEqual}``
    and a model with framework version 4.43.

    Passes: the same runtime with version ``"4.50"``.
    """
    for smf, part, spec, model_version in _compared_parts(view, meta):
        if spec.operator not in KNOWN_OPERATORS or spec.operator == EQUAL or None in (spec.version, model_version):
            continue
        accepted = version_ok(spec.version, spec.operator, model_version)
        if accepted or not version_ok(model_version, spec.operator, spec.version) or not _only_blocker(meta, smf, part):
            continue  # accepted, rejected in both directions, or rejected for another reason too
        yield Finding(f"{spec.operator} {spec.version} on supportedModelFormats[{smf.index}].{part} of runtime "
                      f"{view.name} means runtime version >= model version: it rejects model {meta.name} ({spec.name} "
                      f"{model_version})", _field(smf, part, "operator"), view.obj.ref,
                      hint="OME compares runtime OP model; a runtime that supports newer models needs a higher version",
                      object=view.obj.id)


def runtime_lints(view: RuntimeView, meta: ModelMeta) -> list[Diagnostic]:
    """The ``RUNTIME`` rules' findings for the format/framework specs of ``view`` compared with the model."""
    return registry.run(RUNTIME, view, meta)


@rule("OMEC215", "unparseable-size", "a model size string does not parse; OME silently uses 0", scope=SIZES)
def unparseable_size(model: Obj, meta: ModelMeta, verdicts: list[Verdict], options: Options) -> Iterator[Finding]:
    """OME parses ``modelParameterSize`` and ``modelSizeRange`` bounds with ``strconv.ParseFloat`` after a unit
    suffix and reads anything it cannot parse as 0, which silently decides size checks (an error under
    ``--strict``).

    Fails: a model with ``modelParameterSize: 8 billion``.

    Passes: ``modelParameterSize: 8B``.
    """
    severity = Severity.ERROR if options.strict else None
    problem = size_problem(meta.size) if meta.size is not None else None
    if problem:
        yield Finding(f"modelParameterSize of {model.id}: {problem}", ("spec", "modelParameterSize"), model.ref,
                      object=model.id, severity=severity)
    for verdict in verdicts:
        view = verdict.view
        if verdict.compat.size_checked and not verdict.compat.invalid_range:
            for key in ("min", "max"):
                problem = size_problem(getattr(view.size_range, key))
                if problem:
                    yield Finding(f"modelSizeRange.{key} of runtime {view.name}: {problem}",
                                  ("spec", "modelSizeRange", key), view.obj.ref, object=view.obj.id,
                                  severity=severity)


def size_lints(model: Obj, meta: ModelMeta, verdicts: list[Verdict], options: Options) -> list[Diagnostic]:
    """The ``SIZES`` rules' findings, and the ranges OME would crash on (an error, not a lint)."""
    diags = registry.run(SIZES, model, meta, verdicts, options)
    for verdict in verdicts:
        if verdict.compat.invalid_range:
            view = verdict.view
            diags.append(codes.INVALID_RUNTIME.at(
                f"runtime {view.name} has a modelSizeRange without min or max: OME dereferences the missing bound for "
                "a model with a size (crash)", view.obj.ref, ("spec", "modelSizeRange"), object=view.obj.id,
                hint="OME's selector fails for every InferenceService whose sized model matches this runtime's "
                "formats, including auto-selections that would pick another runtime"))
    return diags


def _range_text(view: RuntimeView) -> str:
    size_range = view.size_range
    return "no modelSizeRange" if size_range is None else f"range [{size_range.min}, {size_range.max}]"


@rule("OMEC221", "score-from-other-format",
      "the score of the selected runtime comes from a supported format that is not compatible with the model",
      scope=RANKING)
def score_from_other_format(ranked: list[Verdict], meta: ModelMeta, subject: Subject) -> Iterator[Finding]:
    """OME takes compatibility, ``autoSelect`` and the score from the supported formats independently: the winner's
    score can come from an entry that does not accept the model.

    Fails: a runtime whose compatible entry has ``autoSelect: false`` and another, incompatible entry with
    ``autoSelect: true`` and a high priority.

    Passes: the compatible entry itself auto-selectable.
    """
    winner = ranked[0] if ranked else None
    if winner is not None and winner.score.smf_index not in winner.compat.matching:
        yield Finding(f"runtime {winner.view.name} scores {winner.score.score} with supportedModelFormats"
                      f"[{winner.score.smf_index}], but only supportedModelFormats{list(winner.compat.matching)} are "
                      f"compatible with model {meta.name}", ("spec", "supportedModelFormats", winner.score.smf_index),
                      winner.view.obj.ref, hint="OME takes compatibility, autoSelect and the score from the formats "
                      "independently", object=winner.view.obj.id)


def _peers(ranked: list[Verdict], meta: ModelMeta) -> list[tuple[Verdict, int | None]]:
    """(match, size comparison with the winner) of the matches of the winner's scope that share its score."""
    winner = ranked[0]
    return [(v, size_comparison(winner.view, v.view, meta)) for v in ranked[1:]
            if v.view.scope == winner.view.scope and v.score.score == winner.score.score]


@rule("OMEC218", "size-range-tie-break", "auto-selection was decided by size-range closeness", scope=RANKING)
def size_range_tie_break(ranked: list[Verdict], meta: ModelMeta, subject: Subject) -> Iterator[Finding]:
    """Between runtimes of equal score OME prefers the narrower size range around the model (a runtime without a
    range beats every ranged one): the winner is decided by range widths, not by any preference written down.

    Fails: two auto-selectable runtimes of the same score, ranges [1B, 9B] and [1B, 70B], and an 8B model.

    Passes: the intended runtime's format given a higher priority.
    """
    closer = [v for v, size in _peers(ranked, meta) if size] if ranked else []
    if closer:
        winner = ranked[0]
        yield Finding(f"auto-selection decided by size-range tie-break: {winner.view.name} "
                      f"({_range_text(winner.view)}) beats {closer[0].view.name} ({_range_text(closer[0].view)}) at "
                      f"the same score {winner.score.score}", subject.field, subject.ref, object=subject.object,
                      hint="a runtime without modelSizeRange beats every ranged runtime of the same score"
                      if winner.view.size_range is None else None)


@rule("OMEC217", "ambiguous-auto-selection",
      "the top two runtimes tie; OME picks by name order (or, for a tie its comparator makes of close size ranges, by "
      "creation time, then name)", scope=RANKING)
def ambiguous_auto_selection(ranked: list[Verdict], meta: ModelMeta, subject: Subject) -> Iterator[Finding]:
    """Runtimes of equal score and size-range closeness tie: OME's order then falls back to the names (or, when
    closeness differs by less than 1, to creation times omec cannot know), so a rename changes what serves.

    Fails: two auto-selectable runtimes with identical formats, priorities and no size ranges.

    Passes: one of them with a higher priority.
    """
    if not ranked:
        return
    winner = ranked[0]
    peers = _peers(ranked, meta)
    tied = [v for v, size in peers if size is None]
    truncated = [v for v, size in peers if size == 0]
    hint = "raise the priority of the intended runtime's format or pin spec.runtime.name"
    if tied:
        closeness = " and size-range closeness" if meta.size is not None else ""
        yield Finding(f"ambiguous auto-selection: {winner.view.name} and {tied[0].view.name} tie on score "
                      f"{winner.score.score}{closeness}; OME picks {winner.view.name} by name order", subject.field,
                      subject.ref, hint=hint, object=subject.object)
    if truncated:
        yield Finding(f"ambiguous auto-selection: {winner.view.name} ({_range_text(winner.view)}) and "
                      f"{truncated[0].view.name} ({_range_text(truncated[0].view)}) tie on score {winner.score.score}; "
                      "their size-range closeness differs by less than 1, which OME's CompareRuntimes truncates to a "
                      "tie with no name order, so OME keeps the order it lists the runtimes in (newest "
                      f"creationTimestamp first, then name): omec assumes equal creation times and picks "
                      f"{winner.view.name} by name", subject.field, subject.ref, hint=hint, object=subject.object)


def ranking_lints(ranked: list[Verdict], meta: ModelMeta, subject: Subject) -> list[Diagnostic]:
    """The ``RANKING`` rules' findings on an auto-selection's ranked matches."""
    return registry.run(RANKING, ranked, meta, subject)
