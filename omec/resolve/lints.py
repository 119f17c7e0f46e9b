"""Warnings for OME selection quirks: explicit weights of 0 (OME uses 10 / 5) or below, ties decided by size-range
closeness or by name, a score taken from an SMF other than the compatible one, operators that reject a model only
because OME compares ``runtime OP model`` (not model OP runtime), unknown operators, unparseable sizes. They never
change the selection."""
from __future__ import annotations

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
from omec.resolve.views import ModelMeta, RuntimeView, Smf, Spec

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


def _weight_lint(view: RuntimeView, smf: Smf, part: str, spec: Spec) -> list[Diagnostic]:
    if not spec.weight_explicit or spec.weight > 0:
        return []
    fallback = FORMAT_WEIGHT_FALLBACK if part == "modelFormat" else FRAMEWORK_WEIGHT_FALLBACK
    effect = f"OME scores it as {fallback}" if spec.weight == 0 else "it lowers the score"
    return [
        codes.WEIGHT_SUSPICIOUS.at(
            f"weight {spec.weight} on supportedModelFormats[{smf.index}].{part} of runtime {view.name}: {effect} "
            "(an absent weight defaults to 1)",
            view.obj.ref,
            _field(smf, part, "weight"),
            object=view.obj.id,
        )
    ]


def _only_blocker(meta: ModelMeta, smf: Smf, part: str) -> bool:
    """Everything but ``part`` of this SMF accepts the model (so ``part`` alone decides)."""
    return all(reason is None for field, reason in smf_reasons(meta, smf).items() if field != part)


def _operator_lints(view: RuntimeView, meta: ModelMeta, smf: Smf, part: str, spec: Spec, model_version) -> list:
    if spec.operator not in KNOWN_OPERATORS:
        return [
            codes.UNKNOWN_OPERATOR.at(
                f"operator {spec.operator!r} on supportedModelFormats[{smf.index}].{part} of runtime {view.name} is "
                "unknown to OME and behaves like Equal that also requires equal precision and prefix",
                view.obj.ref,
                _field(smf, part, "operator"),
                object=view.obj.id,
                hint="use Equal, GreaterThan or GreaterThanOrEqual",
            )
        ]
    if spec.operator == EQUAL or spec.version is None or model_version is None:
        return []
    accepted = version_ok(spec.version, spec.operator, model_version)
    if accepted or not version_ok(model_version, spec.operator, spec.version):
        return []  # accepted, or rejected in both directions: the direction is not the problem
    if not _only_blocker(meta, smf, part):
        return []
    return [
        codes.OPERATOR_DIRECTION.at(
            f"{spec.operator} {spec.version} on supportedModelFormats[{smf.index}].{part} of runtime {view.name} "
            f"means runtime version >= model version: it rejects model {meta.name} ({spec.name} {model_version})",
            view.obj.ref,
            _field(smf, part, "operator"),
            object=view.obj.id,
            hint="OME compares runtime OP model; a runtime that supports newer models needs a higher version",
        )
    ]


def runtime_lints(view: RuntimeView, meta: ModelMeta) -> list[Diagnostic]:
    """Weight and operator lints for the format/framework specs of ``view`` that were compared with the model."""
    diags = []
    for smf, part, spec, model_version in _compared_parts(view, meta):
        diags += _weight_lint(view, smf, part, spec)
        diags += _operator_lints(view, meta, smf, part, spec, model_version)
    return diags


def _severity(options: Options) -> Severity | None:
    return Severity.ERROR if options.strict else None


def size_lints(model: Obj, meta: ModelMeta, verdicts: list[Verdict], options: Options) -> list[Diagnostic]:
    """Unparseable sizes, which OME reads as 0 (warning, error under ``strict``), and ranges OME would crash on
    (error)."""
    diags = []
    problem = size_problem(meta.size) if meta.size is not None else None
    if problem:
        diags.append(
            codes.UNPARSEABLE_SIZE.at(
                f"modelParameterSize of {model.id}: {problem}",
                model.ref,
                ("spec", "modelParameterSize"),
                object=model.id,
                severity=_severity(options),
            )
        )
    for verdict in verdicts:
        view = verdict.view
        if verdict.compat.invalid_range:
            diags.append(
                codes.INVALID_RUNTIME.at(
                    f"runtime {view.name} has a modelSizeRange without min or max: OME dereferences the missing bound "
                    f"for a model with a size (crash)",
                    view.obj.ref,
                    ("spec", "modelSizeRange"),
                    object=view.obj.id,
                    hint="OME's selector fails for every InferenceService whose sized model matches this runtime's "
                    "formats, including auto-selections that would pick another runtime",
                )
            )
        elif verdict.compat.size_checked:
            for key in ("min", "max"):
                problem = size_problem(getattr(view.size_range, key))
                if problem:
                    diags.append(
                        codes.UNPARSEABLE_SIZE.at(
                            f"modelSizeRange.{key} of runtime {view.name}: {problem}",
                            view.obj.ref,
                            ("spec", "modelSizeRange", key),
                            object=view.obj.id,
                            severity=_severity(options),
                        )
                    )
    return diags


def _range_text(view: RuntimeView) -> str:
    size_range = view.size_range
    return "no modelSizeRange" if size_range is None else f"range [{size_range.min}, {size_range.max}]"


def _score_source_lint(winner: Verdict, meta: ModelMeta) -> list[Diagnostic]:
    """The winning score comes from an SMF that is not itself compatible with the model (OME takes compatibility,
    autoSelect and the score from the SMFs independently)."""
    if winner.score.smf_index in winner.compat.matching:
        return []
    return [
        codes.SCORE_FROM_OTHER_FORMAT.at(
            f"runtime {winner.view.name} scores {winner.score.score} with supportedModelFormats"
            f"[{winner.score.smf_index}], but only supportedModelFormats{list(winner.compat.matching)} are "
            f"compatible with model {meta.name}",
            winner.view.obj.ref,
            ("spec", "supportedModelFormats", winner.score.smf_index),
            object=winner.view.obj.id,
            hint="OME takes compatibility, autoSelect and the score from the formats independently",
        )
    ]


def _tie_lints(ranked: list[Verdict], meta: ModelMeta, subject: Subject) -> list[Diagnostic]:
    """Ties decided by size-range closeness or by name, among the matches of the winner's scope that share its
    score."""
    winner = ranked[0]
    peers = [v for v in ranked[1:] if v.view.scope == winner.view.scope and v.score.score == winner.score.score]
    if not peers:
        return []
    sizes = [(v, size_comparison(winner.view, v.view, meta)) for v in peers]
    closer = [v for v, size in sizes if size]
    tied = [v for v, size in sizes if size is None]
    truncated = [v for v, size in sizes if size == 0]
    diags = []
    if closer:
        diags.append(
            subject.at(
                codes.SIZE_TIE_BREAK,
                f"auto-selection decided by size-range tie-break: {winner.view.name} ({_range_text(winner.view)}) "
                f"beats {closer[0].view.name} ({_range_text(closer[0].view)}) at the same score {winner.score.score}",
                hint="a runtime without modelSizeRange beats every ranged runtime of the same score"
                if winner.view.size_range is None else None,
            )
        )
    if tied:
        diags.append(
            subject.at(
                codes.AMBIGUOUS_SELECTION,
                f"ambiguous auto-selection: {winner.view.name} and {tied[0].view.name} tie on score "
                f"{winner.score.score}{' and size-range closeness' if meta.size is not None else ''}; OME picks "
                f"{winner.view.name} by name order",
                hint="raise the priority of the intended runtime's format or pin spec.runtime.name",
            )
        )
    if truncated:
        diags.append(
            subject.at(
                codes.AMBIGUOUS_SELECTION,
                f"ambiguous auto-selection: {winner.view.name} ({_range_text(winner.view)}) and "
                f"{truncated[0].view.name} ({_range_text(truncated[0].view)}) tie on score {winner.score.score}; "
                "their size-range closeness differs by less than 1, which OME's CompareRuntimes truncates to a tie "
                "with no name order, so OME keeps the order it lists the runtimes in (newest creationTimestamp "
                f"first, then name): omec assumes equal creation times and picks {winner.view.name} by name",
                hint="raise the priority of the intended runtime's format or pin spec.runtime.name",
            )
        )
    return diags


def ranking_lints(ranked: list[Verdict], meta: ModelMeta, subject: Subject) -> list[Diagnostic]:
    """Selection decided by size-range closeness, a tie decided by name, a score from an incompatible SMF."""
    if not ranked:
        return []
    return _score_source_lint(ranked[0], meta) + _tie_lints(ranked, meta, subject)
