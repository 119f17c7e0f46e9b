"""Benchmark rows, the performance targets of the issue "10,000 services in a few seconds", table and JSON.

Targets (performance.md, "Proposed goal") are ratios to the floor measured in the same run, so they hold on
any machine: whole process <= 2.5x floor with -j 2 and <= 4x serial at N=10,000; N=100 <= 0.3 s warm;
peak RSS <= 1 GiB; N=1,000 at least 20x faster than `kubectl kustomize` re-emitting omec's output.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from bench.measure import Measurement

FLOOR = "floor (read+CSafeLoader+write)"
SERIAL = "omec build, serial"
JOBS2 = "omec build -j 2"
COLD = "omec build, serial, cold cache"
KUSTOMIZE = "kubectl kustomize (re-emit)"
OMEC_WARM = (SERIAL, JOBS2)
GIB_MIB = 1024.0
PASS, FAIL, SKIP, UNKNOWN = "PASS", "FAIL", "SKIP", "UNKNOWN"


@dataclass
class Row:
    n: int
    variant: str
    objects: int  # output objects of omec for this N (what every variant of the row produces or re-emits)
    samples: list[Measurement] = field(default_factory=list)
    floor_seconds: float | None = None
    note: str = ""

    @property
    def failed(self) -> bool:
        return any(not s.ok and not s.timed_out for s in self.samples)

    @property
    def timed_out(self) -> bool:
        return any(s.timed_out for s in self.samples)

    @property
    def seconds(self) -> float | None:
        """Median wall seconds; for a timeout, the time it was killed at (a lower bound)."""
        return statistics.median(s.seconds for s in self.samples) if self.samples and not self.failed else None

    @property
    def cpu_seconds(self) -> float | None:
        return statistics.median(s.cpu_seconds for s in self.samples) if self.samples and not self.failed else None

    @property
    def peak_rss_mib(self) -> float | None:
        return max(s.peak_rss_mib for s in self.samples) if self.samples else None

    @property
    def objects_per_second(self) -> float | None:
        return self.objects / self.seconds if self.seconds else None

    @property
    def x_floor(self) -> float | None:
        return self.seconds / self.floor_seconds if self.seconds and self.floor_seconds else None

    def as_json(self) -> dict:
        return {
            "n": self.n, "variant": self.variant, "objects": self.objects, "runs": len(self.samples),
            "seconds": self.seconds, "all_seconds": [s.seconds for s in self.samples],
            "cpu_seconds": self.cpu_seconds, "objects_per_second": self.objects_per_second,
            "x_floor": self.x_floor, "peak_rss_mib": self.peak_rss_mib, "timed_out": self.timed_out,
            "failed": self.failed, "returncodes": [s.returncode for s in self.samples], "note": self.note,
        }


@dataclass(frozen=True)
class Target:
    name: str
    status: str
    value: str


def _find(rows: list[Row], n: int, variant: str) -> Row | None:
    return next((r for r in rows if r.n == n and r.variant == variant and r.seconds is not None), None)


def _floor_ratio_target(rows: list[Row], variant: str, limit: float, n: int = 10_000) -> Target:
    name = f"N={n:,} {variant} <= {limit}x floor"
    row = _find(rows, n, variant)
    if row is None or row.x_floor is None:
        return Target(name, SKIP, f"no {variant} measurement at N={n:,}")
    value = f"{row.x_floor:.2f}x ({row.seconds:.2f} s / floor {row.floor_seconds:.2f} s)"
    return Target(name, PASS if row.x_floor <= limit else FAIL, value)


def _best_warm(rows: list[Row], n: int) -> Row | None:
    found = [r for r in (_find(rows, n, v) for v in OMEC_WARM) if r is not None]
    return min(found, key=lambda r: r.seconds) if found else None


def _small_target(rows: list[Row], n: int = 100, limit: float = 0.3) -> Target:
    name = f"N={n} <= {limit} s warm"
    row = _best_warm(rows, n)
    if row is None:
        return Target(name, SKIP, f"no omec measurement at N={n}")
    return Target(name, PASS if row.seconds <= limit else FAIL, f"{row.seconds:.3f} s ({row.variant})")


def _memory_target(rows: list[Row], limit_mib: float = GIB_MIB) -> Target:
    name = "peak RSS <= 1 GiB (every omec run)"
    measured = [r for r in rows if r.variant in (*OMEC_WARM, COLD) and r.peak_rss_mib is not None]
    if not measured:
        return Target(name, SKIP, "no omec measurement")
    worst = max(measured, key=lambda r: r.peak_rss_mib)
    value = f"{worst.peak_rss_mib:.0f} MiB at N={worst.n:,} ({worst.variant})"
    return Target(name, PASS if worst.peak_rss_mib <= limit_mib else FAIL, value)


def _kustomize_target(rows: list[Row], n: int = 1000, factor: float = 20.0) -> Target:
    name = f"N={n:,} >= {factor:g}x faster than kubectl kustomize"
    omec, kustomize = _best_warm(rows, n), _find(rows, n, KUSTOMIZE)
    if omec is None or kustomize is None:
        return Target(name, SKIP, f"omec or kustomize not measured at N={n:,}")
    ratio = kustomize.seconds / omec.seconds
    if kustomize.timed_out:
        status = PASS if ratio >= factor else UNKNOWN
        return Target(name, status, f">= {ratio:.1f}x (kustomize killed after {kustomize.seconds:.0f} s)")
    return Target(name, PASS if ratio >= factor else FAIL,
                  f"{ratio:.1f}x ({kustomize.seconds:.2f} s / {omec.seconds:.2f} s)")


def evaluate_targets(rows: list[Row]) -> list[Target]:
    return [
        _floor_ratio_target(rows, JOBS2, 2.5),
        _floor_ratio_target(rows, SERIAL, 4.0),
        _small_target(rows),
        _memory_target(rows),
        _kustomize_target(rows),
    ]


def _cell(value: float | None, spec: str, prefix: str = "") -> str:
    return "-" if value is None else prefix + format(value, spec)


def format_table(rows: list[Row]) -> str:
    """Aligned text table: N, variant, runs, seconds (median), CPU s, objects/s, x floor, peak RSS, note."""
    header = ("N", "variant", "runs", "seconds", "cpu s", "objects/s", "x floor", "peak RSS MiB", "note")
    lines = [header]
    for r in rows:
        bound = ">=" if r.timed_out else ""
        note = f"FAILED (exit {r.samples[-1].returncode}) " if r.failed else ""
        lines.append((f"{r.n:,}", r.variant, str(len(r.samples)), _cell(r.seconds, ".3f", bound),
                      _cell(r.cpu_seconds, ".2f"), _cell(r.objects_per_second, ",.0f"),
                      _cell(r.x_floor, ".2f", bound), _cell(r.peak_rss_mib, ".0f"), note + r.note))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in lines)


def format_targets(targets: list[Target]) -> str:
    width = max(len(t.name) for t in targets)
    return "\n".join(f"{t.status:<7} {t.name.ljust(width)}  {t.value}" for t in targets)
