"""`make bench`: seeded workloads, then the floor, `omec build` and `kubectl kustomize` as whole processes.

    python bench/run.py [--sizes 100,1000,10000] [--runs 3] [--seed 1] [--scratch DIR] [--budget 240]
                        [--kustomize-timeout S] [--no-kustomize] [--profile] [--keep] [--output FILE]

Progress goes to stderr; the table, the targets (PASS/FAIL/SKIP/UNKNOWN) and any failure go to stdout and to
bench/results/latest.json. The exit status is 0 whatever the targets say (they are reported, not asserted);
2 only when omec cannot be started at all.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make `bench` importable
    sys.path.insert(0, str(REPO))

from bench import report
from bench.floor import output_plan
from bench.kustomize import INDEX_FILE, kustomization_copy, kustomize_argv
from bench.machine import machine_info
from bench.measure import Measurement, run_measured
from bench.profiling import format_profile, profile_build
from bench.report import COLD, FLOOR, JOBS2, KUSTOMIZE, SERIAL, Row
from bench.workload import WorkloadSummary, write_workload

RESULTS = REPO / "bench" / "results"
FLOOR_SCRIPT = REPO / "bench" / "floor.py"
CACHE_ENV = "OMEC_CACHE_DIR"  # where omec caches its compiled schema validators (omec/validate/schema.py)
JOBS_OPTION = re.compile(r"(^|[\s,])(-j|--jobs)\b", re.MULTILINE)
DIAGNOSTIC_SUMMARY = re.compile(r"omec: (\d+) errors?, (\d+) warnings?")
COLD_N = 100  # the size also timed with an empty omec cache
KUSTOMIZE_N = 1000  # the size `kubectl kustomize` re-emits (super-linear: 10,000 does not finish in 10 min)
PROFILE_N = 1000
FULL_RUNS_MAX_N = 1000  # above this, runs are limited by the time budget (at least 1)
WARMUP_SKIP_SHARE = 0.1  # skip a size's warm-up if one run would take more than this share of the budget
KUSTOMIZE_RESERVE = 120.0  # seconds kept for kustomize while planning larger sizes
KUSTOMIZE_FACTOR = 25.0  # auto timeout: this many times omec's N=1000 time, so ">= 20x" is decidable
VARIANT_ORDER = (FLOOR, SERIAL, JOBS2, COLD, KUSTOMIZE)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated InferenceService counts")
    parser.add_argument("--runs", type=int, default=3,
                        help="timed runs per variant (median; limited by the budget above N=1000)")
    parser.add_argument("--seed", type=int, default=1, help="workload generator seed")
    parser.add_argument("--scratch", type=Path, help="scratch parent directory (default /dev/shm, else the temp dir)")
    parser.add_argument("--budget", type=float, default=240.0, help="wall-clock budget in seconds (plans run counts)")
    parser.add_argument("--kustomize-timeout", type=float,
                        help=f"seconds (default {KUSTOMIZE_FACTOR:g}x omec's N={KUSTOMIZE_N} time, at least 30)")
    parser.add_argument("--profile", action="store_true", help=f"also run omec once under cProfile at N={PROFILE_N}")
    parser.add_argument("--no-kustomize", action="store_true", help="skip the kubectl kustomize comparison")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json", help="JSON results file")
    args = parser.parse_args(argv)
    args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    if not args.sizes or min(args.sizes) < 1 or args.runs < 1:
        parser.error("--sizes needs positive integers and --runs must be >= 1")
    return args


def make_scratch(parent: Path | None) -> Path:
    if parent is None and os.access("/dev/shm", os.W_OK):
        parent = Path("/dev/shm")
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="omec-bench-", dir=parent))


def generate(specs: Path, n: int, seed: int) -> WorkloadSummary:
    """Write the workload in a child process, so the harness stays small (children inherit its RSS at fork)."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(write_workload, (specs, n, seed))


@dataclass
class Context:
    args: argparse.Namespace
    scratch: Path
    python: str
    env: dict
    jobs_supported: bool
    deadline: float
    rows: list[Row] = field(default_factory=list)
    workloads: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    profile: dict | None = None
    last_run: tuple[int, float] | None = None  # (N, seconds of one serial omec run)
    cache_warm: bool = False
    kustomize_source: tuple[Path, Row] | None = None  # omec's N=1000 output and its serial row

    @property
    def cache(self) -> Path:
        """The omec cache shared by the warm runs (warmed by the first warm-up)."""
        return self.scratch / "cache"

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def estimate(self, n: int) -> float | None:
        """Seconds of one serial omec run at N, scaled linearly from the last size measured."""
        return self.last_run[1] * n / self.last_run[0] if self.last_run else None

    def omec_env(self, cache: Path) -> dict:
        return {**self.env, CACHE_ENV: str(cache)}


def build_args(specs: Path, out: Path, jobs: int | None) -> list[str]:
    return ["build", str(specs), "-o", str(out), *(["-j", str(jobs)] if jobs else [])]


def omec_argv(python: str, specs: Path, out: Path, jobs: int | None) -> list[str]:
    return [python, "-m", "omec", *build_args(specs, out, jobs)]


class OmecFailed(Exception):
    """omec exited non-zero on a generated workload: recorded in ``Context.failures``, that size stops."""


@dataclass(frozen=True)
class Variant:
    name: str
    jobs: int | None  # -j value (None: omec has no -j)
    cache: Path | None  # OMEC_CACHE_DIR; None: a fresh, empty one per run

    @property
    def slug(self) -> str:
        return _slug(self.name)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _variants(ctx: Context, n: int) -> list[Variant]:
    serial_jobs = 1 if ctx.jobs_supported else None
    variants = [Variant(SERIAL, serial_jobs, ctx.cache)]
    if ctx.jobs_supported:
        variants.append(Variant(JOBS2, 2, ctx.cache))
    if n == COLD_N:
        variants.append(Variant(COLD, serial_jobs, None))
    return variants


def _diagnostic_counts(m: Measurement) -> dict:
    found = DIAGNOSTIC_SUMMARY.findall(m.stderr_tail)
    return {"errors": int(found[-1][0]), "warnings": int(found[-1][1])} if found else {}


def _run_omec(ctx: Context, n: int, variant: Variant, specs: Path, out: Path, label: str) -> Measurement:
    argv = omec_argv(ctx.python, specs, out, variant.jobs)
    key = f"{variant.slug}-{_slug(label)}"
    cache = variant.cache or ctx.scratch / f"cache-empty-{n}-{key}"
    m = run_measured(argv, specs.parent / "logs" / key, env=ctx.omec_env(cache))
    log(f"  {variant.name} {label}: {m.seconds:.2f} s, {m.peak_rss_mib:.0f} MiB")
    if not m.ok:
        ctx.failures.append({
            "n": n, "variant": f"{variant.name} ({label})", "command": " ".join(argv), "returncode": m.returncode,
            "reproduce": f"python -m bench.workload DIR {n} --seed {ctx.args.seed} && omec build DIR -o OUT",
            "stderr_tail": m.stderr_tail,
        })
        raise OmecFailed
    return m


def _planned_runs(ctx: Context, n: int, estimate: float | None, omec_variants: int) -> int:
    if n <= FULL_RUNS_MAX_N or estimate is None:
        return ctx.args.runs
    reserve = KUSTOMIZE_RESERVE if ctx.kustomize_source else 0.0
    per_round = estimate * (omec_variants + 0.5)  # + the floor and clean-up
    return max(1, min(ctx.args.runs, int((ctx.remaining() - reserve) // per_round)))


def _generate(ctx: Context, n: int, specs: Path) -> dict:
    started = time.perf_counter()
    summary = generate(specs, n, ctx.args.seed)
    workload = {k: v for k, v in asdict(summary).items() if k != "root"}
    workload["generate_seconds"] = round(time.perf_counter() - started, 3)
    log(f"N={n:,}: generated {summary.files} files ({summary.bytes / 2**20:.1f} MiB) in "
        f"{workload['generate_seconds']:.1f} s")
    return workload


def measure_size(ctx: Context, n: int) -> None:
    """Generate the workload for N, warm up, then interleave timed omec runs with floor runs."""
    root = ctx.scratch / f"n{n}"
    try:
        _measure_size(ctx, n, root / "specs")
    except OmecFailed:  # the failure is reported on its own; partial rows of this size would mislead
        ctx.rows = [row for row in ctx.rows if row.n != n]
    if ctx.kustomize_source is None or ctx.kustomize_source[0].parent != root:
        shutil.rmtree(root)


def _measure_size(ctx: Context, n: int, specs: Path) -> None:
    root = specs.parent
    workload = _generate(ctx, n, specs)
    ctx.workloads.append(workload)
    variants = _variants(ctx, n)
    floor_row = Row(n, FLOOR, 0)
    rows = {v.name: Row(n, v.name, 0) for v in variants}
    ctx.rows += [floor_row, *rows.values()]
    estimate, plan = ctx.estimate(n), None
    if ctx.cache_warm and estimate is not None and estimate > WARMUP_SKIP_SHARE * ctx.args.budget:
        ctx.notes.append(f"N={n:,}: no warm-up run (one run ~{estimate:.0f} s); cache warmed at a smaller N")
    else:
        m = _run_omec(ctx, n, variants[0], specs, root / "warmup", "warm-up")
        ctx.cache_warm, estimate, plan = True, m.seconds, output_plan(root / "warmup")
        workload.update(_diagnostic_counts(m))
        shutil.rmtree(root / "warmup")
    runs = _planned_runs(ctx, n, estimate, len(variants))
    for i in range(runs):
        for variant in variants:
            out = root / f"out-{variant.slug}-{i}"
            m = _run_omec(ctx, n, variant, specs, out, f"run {i + 1}/{runs}")
            rows[variant.name].samples.append(m)
            if plan is None:
                plan = output_plan(out)
                workload.update(_diagnostic_counts(m))
            if variant.name == SERIAL:
                ctx.last_run = (n, m.seconds)
            if n == KUSTOMIZE_N and variant.name == SERIAL and i == runs - 1 and not ctx.args.no_kustomize:
                ctx.kustomize_source = (out, rows[SERIAL])
            else:
                shutil.rmtree(out)
        floor_row.samples.append(_run_floor(ctx, root, specs, plan, i))
        log(f"  floor run {i + 1}/{runs}: {floor_row.samples[-1].seconds:.2f} s")
    objects = sum(1 for path, _ in plan if path != INDEX_FILE)
    workload.update({"output_objects": objects, "output_bytes": sum(size for _, size in plan)})
    for row in (floor_row, *rows.values()):
        row.objects, row.floor_seconds = objects, floor_row.seconds
    if ctx.args.profile and n == PROFILE_N:
        ctx.profile = profile_build(build_args(specs, root / "profiled", variants[0].jobs), ctx.python,
                                    root / "omec.prof", ctx.omec_env(ctx.cache))
        ctx.profile["n"] = n


def _run_floor(ctx: Context, root: Path, specs: Path, plan: list, i: int) -> Measurement:
    plan_file = root / "plan.json"
    if not plan_file.exists():
        plan_file.write_text(json.dumps(plan))
    out = root / f"floor-{i}"
    m = run_measured([ctx.python, str(FLOOR_SCRIPT), str(specs), str(plan_file), str(out)],
                     root / "logs" / f"floor-{i}", env=ctx.env)
    if not m.ok:
        raise RuntimeError(f"the floor process failed (exit {m.returncode}): {m.stderr_tail}")
    shutil.rmtree(out)
    return m


def measure_kustomize(ctx: Context) -> None:
    """Time `kubectl kustomize` over a copy of omec's N=1000 output, killed after the timeout."""
    source, serial = ctx.kustomize_source
    if shutil.which("kubectl") is None:
        ctx.notes.append("kubectl not found: kustomize comparison skipped")
        return
    dest = ctx.scratch / "kustomize"
    count = kustomization_copy(source, dest)
    timeout = ctx.args.kustomize_timeout or max(30.0, min(KUSTOMIZE_FACTOR * serial.seconds, ctx.remaining()))
    row = Row(KUSTOMIZE_N, KUSTOMIZE, serial.objects, floor_seconds=serial.floor_seconds,
              note=f"{count} files, timeout {timeout:.0f} s")
    for i in range(ctx.args.runs):
        m = run_measured(kustomize_argv(dest), ctx.scratch / "logs" / f"kustomize-{i}", timeout=timeout)
        row.samples.append(m)
        log(f"N={KUSTOMIZE_N:,}: kubectl kustomize run {i + 1}: {m.seconds:.2f} s"
            + (" (killed at the timeout)" if m.timed_out else ""))
        if not m.ok:
            if not m.timed_out:
                ctx.failures.append({"n": KUSTOMIZE_N, "variant": KUSTOMIZE, "command": " ".join(kustomize_argv(dest)),
                                     "returncode": m.returncode, "stderr_tail": m.stderr_tail})
            break
        if m.seconds * 1.2 > ctx.remaining():
            break
    ctx.rows.append(row)


def _start(args: argparse.Namespace) -> Context | None:
    """Check that omec runs, probe its -j option and create the scratch directory."""
    python = sys.executable
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # warm = bytecode cached too
    version = subprocess.run([python, "-m", "omec", "--version"], capture_output=True, text=True, env=env,
                             check=False)
    if version.returncode != 0:
        log(f"bench: cannot run `{python} -m omec` (install omec first: make bench does):\n{version.stderr}")
        return None
    help_text = subprocess.run([python, "-m", "omec", "build", "--help"], capture_output=True, text=True,
                               env=env, check=False).stdout
    ctx = Context(args, make_scratch(args.scratch), python, env, bool(JOBS_OPTION.search(help_text)),
                  time.monotonic() + args.budget)
    if ctx.jobs_supported:
        ctx.notes.append("peak RSS of -j runs is the largest single process (omec or one worker), not their sum")
    else:
        ctx.notes.append("`omec build --help` lists no -j/--jobs: serial runs only, -j 2 skipped")
    return ctx


def _measure_all(ctx: Context) -> None:
    try:
        for n in ctx.args.sizes:
            measure_size(ctx, n)
        if ctx.kustomize_source is not None:
            measure_kustomize(ctx)
        else:
            why = "--no-kustomize" if ctx.args.no_kustomize else f"N={KUSTOMIZE_N:,} not measured"
            ctx.notes.append(f"{why}: kustomize comparison skipped")
    finally:
        if ctx.args.keep:
            ctx.notes.append(f"scratch kept: {ctx.scratch}")
        else:
            shutil.rmtree(ctx.scratch, ignore_errors=True)


def _results(ctx: Context, info: dict, targets: list[report.Target]) -> dict:
    args = ctx.args
    return {
        "machine": info,
        "config": {"sizes": args.sizes, "runs": args.runs, "seed": args.seed, "budget_seconds": args.budget,
                   "jobs_supported": ctx.jobs_supported},
        "workloads": ctx.workloads,
        "rows": [row.as_json() for row in ctx.rows],
        "targets": [asdict(t) for t in targets],
        "notes": ctx.notes,
        "failures": ctx.failures,
        "profile": ctx.profile,
        "elapsed_seconds": round(args.budget - ctx.remaining(), 1),
    }


def _print_summary(ctx: Context, targets: list[report.Target], elapsed: float) -> None:
    print(report.format_table(ctx.rows))
    print()
    print(report.format_targets(targets))
    for note in ctx.notes:
        print(f"note: {note}")
    for failure in ctx.failures:
        print(f"failure: N={failure['n']:,} {failure['variant']} exit {failure['returncode']}:\n"
              f"{failure['stderr_tail']}")
    if ctx.profile:
        print(f"\nomec build under cProfile at N={ctx.profile['n']:,}:\n{format_profile(ctx.profile)}")
    print(f"\nresults: {ctx.args.output} ({elapsed:.0f} s)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ctx = _start(args)
    if ctx is None:
        return 2
    info = machine_info(ctx.python, ctx.scratch)
    log(f"bench: scratch {ctx.scratch} ({info['scratch_fs']}), sizes {args.sizes}, seed {args.seed}, "
        f"budget {args.budget:.0f} s")
    _measure_all(ctx)
    info["load_average_at_end"] = list(os.getloadavg())
    ctx.rows = sorted((r for r in ctx.rows if r.samples), key=lambda r: (r.n, VARIANT_ORDER.index(r.variant)))
    targets = report.evaluate_targets(ctx.rows)
    result = _results(ctx, info, targets)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    _print_summary(ctx, targets, result["elapsed_seconds"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
