"""Compiling the InferenceServices of a run: in chunks, serially or by a pool of forked worker processes, each
chunk's files handed straight to the sink (a directory sink is written by the workers themselves).

Workers inherit the :class:`Session` (catalog, compiled validators, sharing object) through ``fork`` and send back
only small records (diagnostics, index rows, fleet facts; files too when the sink lives in the parent), so memory
stays flat and nothing large is pickled. Results are identical for any ``jobs``.
"""
from __future__ import annotations

import gc
import os
import signal
import traceback
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from omec.check import check_manifests, fleet_entry, service_warnings
from omec.check.schemas import OutputValidator
from omec.diagnostics import Diagnostic, has_errors
from omec.load import Locator
from omec.memo import Shared
from omec.model import Catalog, Obj
from omec.ome.controller_config import ControllerConfig
from omec.options import Options
from omec.plan import Plan, plan_service
from omec.render import Manifest, render
from omec.resolve import resolve_service
from omec.resolve.result import Resolution
from omec.write import Sink
from omec.write.atomic import signals_deferred
from omec.write.index import index_rows
from omec.write.paths import check_paths
from omec.write.serialize import dump

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

PARALLEL_THRESHOLD = 100  # below this many services a pool costs more than it saves (measured: -j 2 loses at
# 50 services, 0.23 s vs 0.22 s, and wins at 100, 0.27 s vs 0.29 s, on 2 cores)
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 250  # services whose output is held in memory at once (keeps peak memory flat as N grows)


@dataclass(slots=True)
class Session:
    """What every InferenceService of one run shares (inherited by forked worker processes)."""

    catalog: Catalog
    options: Options
    config: ControllerConfig
    validator: OutputValidator | None
    skip: frozenset  # SourceRefs of services whose own document failed validation
    shared: Shared
    sink: Sink
    hashes: dict  # path -> content hash of the input files (keys of the positions cache)
    positions: dict  # position tables of files located in earlier runs
    texts: dict = field(default_factory=dict)  # in-memory sources by name (their positions)
    root: str | None = None  # project root: omec-index.json names sources relative to it
    progress: Callable[[int, int], None] | None = None  # (services done, total) after each chunk

    def locator(self) -> Locator:
        return Locator(self.hashes, self.positions, self.texts)


@dataclass(slots=True)
class ServiceResult:
    resolution: Resolution | None = None
    plan: Plan | None = None
    manifests: list[Manifest] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rows: tuple = ()


def compile_service(session: Session, isvc: Obj, explain: bool = False) -> ServiceResult:
    """RESOLVE -> PLAN -> RENDER -> CHECK for one InferenceService."""
    result = ServiceResult()
    if isvc.ref in session.skip:
        return result
    options, config, shared = session.options, session.config, session.shared
    outcome = resolve_service(isvc, session.catalog, options, shared, explain=explain)
    result.resolution, result.rows, result.diagnostics = outcome.resolution, outcome.rows, list(outcome.diagnostics)
    if result.resolution is None:
        return result
    result.plan, diags = plan_service(result.resolution, config)
    result.diagnostics += diags
    if result.plan is None:
        return result
    result.manifests, diags = render(result.plan, session.catalog, config, options, shared)
    result.diagnostics += diags
    result.diagnostics += service_warnings(result.plan, result.manifests)
    result.diagnostics += check_manifests(result.manifests, isvc.ref, isvc.id, session.validator, shared)
    result.diagnostics += check_paths(result.manifests, isvc)
    return result


@dataclass(slots=True)
class ChunkResult:
    diagnostics: list = field(default_factory=list)
    index: dict = field(default_factory=dict)  # path -> encoded index row (bytes)
    positions: dict = field(default_factory=dict)  # position tables this chunk computed (for the cache)
    fleet: list = field(default_factory=list)
    files: dict = field(default_factory=dict)  # files for a sink in the parent process (from workers only)
    rows: tuple = ()  # explain rows (one service)
    services: int = 0
    objects: int = 0
    unchanged: int = 0  # files the sink already had (same bytes)


_SESSION: Session | None = None  # set in the parent before forking, inherited by the workers
_SERVICES: list = []
_IN_WORKER = False


def _compile_chunk(bounds: tuple[int, int], explain: bool = False) -> ChunkResult:
    """Compile services[start:stop] and hand their files to the sink unless something in the chunk failed."""
    session = _SESSION
    assert session is not None
    sink = session.sink
    out = ChunkResult()
    files: dict[str, bytes] = {}
    for isvc in _SERVICES[bounds[0]:bounds[1]]:
        service = compile_service(session, isvc, explain)
        out.diagnostics += service.diagnostics
        out.rows = out.rows or service.rows
        if service.plan is not None:
            out.fleet.append(fleet_entry(service.plan))
        if service.manifests and service.resolution is not None:
            out.services += 1
            out.objects += len(service.manifests)
            if sink.wants_files:
                resolution = service.resolution
                out.index.update(index_rows(service.manifests, resolution.runtime.name, resolution.reason,
                                            session.root))
                for manifest in service.manifests:
                    files[manifest.path] = dump(manifest.body, session.shared).encode("utf-8")
    if files and (sink.partial or not has_errors(out.diagnostics)):
        if _IN_WORKER and not sink.writes_in_workers:
            out.files = files
        else:
            out.unchanged, problems = sink.write(files)
            out.diagnostics += problems
    # Positions re-read this chunk's files, here in the worker: for its diagnostics and for the fields the
    # fleet-wide rules (run in the parent) may point at.
    locator = session.locator()
    out.diagnostics = locator.locate(out.diagnostics)
    out.fleet = [
        replace(e, positions=tuple((f, locator.position(e.ref, f)) for f in e.fields)) for e in out.fleet
    ]
    out.positions = locator.new
    return out


class WorkerLost(RuntimeError):
    """A worker process ended without finishing its chunk (killed from outside, e.g. by the kernel's OOM killer)."""


def _serve(conn: Connection, inherited: list[Connection]) -> None:
    """A worker: compile the chunks the parent sends until it sends None or is gone. Interrupts are the parent's:
    SIGINT (Ctrl-C reaches the whole process group) is ignored, SIGTERM (how the parent stops it) ends it at once,
    quietly; both were blocked across the fork, so no handler of the parent ever runs here. ``inherited``: the
    parent's ends of the pipes, closed here so that the worker sees the parent go (EOF) even if it is killed."""
    global _IN_WORKER
    _IN_WORKER = True
    for other in inherited:
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    while True:
        try:
            bounds = conn.recv()
        except EOFError:  # the parent is gone
            return
        if bounds is None:
            return
        reply: tuple[bool, ChunkResult | str]
        try:
            reply = (True, _compile_chunk(bounds))
        except Exception:  # a bug: the parent raises it (internal error)
            reply = (False, traceback.format_exc())
        try:
            conn.send(reply)
        except OSError:  # the parent is gone
            return


def _parallel(bounds: list[tuple[int, int]], jobs: int, progress: Callable[[int, int], None] | None
              ) -> list[ChunkResult]:
    """Compile the chunks in ``jobs`` forked workers, each sent the next chunk when it is done with one. A worker
    that dies is noticed at once (:class:`WorkerLost`); on any exception (an interrupt included) every worker is
    stopped and reaped before it propagates, so that nothing writes into the staging tree any more."""
    import multiprocessing  # only parallel runs pay for importing it
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    results: list = [None] * len(bounds)
    todo = list(range(len(bounds)))[::-1]  # chunk numbers, the next one last
    workers: list = []
    busy: dict = {}  # sentinel of a worker's process -> (process, its connection, the chunk number it compiles)
    done = 0  # services compiled so far

    def dispatch(process, conn) -> None:
        if todo:
            number = todo.pop()
            with suppress(OSError):  # a worker that just died: its sentinel tells (_receive)
                conn.send(bounds[number])
            busy[process.sentinel] = (process, conn, number)

    try:
        for _ in range(min(jobs, len(bounds))):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, [ours, *(c for _, c in workers)]), daemon=True)
            with signals_deferred():  # a signal now is taken once the worker is in ``workers`` (stopped below)
                process.start()
                workers.append((process, ours))
            theirs.close()
            dispatch(process, ours)
        while busy:
            ready = set(wait([conn for _, conn, _ in busy.values()] + list(busy)))
            for sentinel, (process, conn, number) in list(busy.items()):
                if conn in ready or sentinel in ready:
                    del busy[sentinel]
                    results[number] = _receive(conn, process, bounds[number])
                    done += bounds[number][1] - bounds[number][0]
                    if progress is not None:
                        progress(done, bounds[-1][1])
                    dispatch(process, conn)
        for _, conn in workers:
            with suppress(OSError):  # it may have ended (killed) after its last chunk
                conn.send(None)
    finally:
        for process, conn in workers:
            if process.exitcode is None:
                process.terminate()
            process.join()
            conn.close()
    return results


def _receive(conn, process, bounds: tuple[int, int]) -> ChunkResult:
    """The reply of a worker to its chunk: the chunk's result, or the worker's exception raised here."""
    try:
        ok, payload = conn.recv()
    except (EOFError, OSError):
        process.join()
        code = process.exitcode or 0
        how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
        raise WorkerLost(f"worker process {process.pid} {how} while compiling services {bounds[0] + 1}-{bounds[1]} "
                         "(out of memory? try a lower -j)") from None
    if not ok:
        raise RuntimeError(f"a worker process failed:\n{payload}")
    return payload


def resolve_jobs(jobs: int | None, services: int) -> int:
    """``None`` = auto: one process for small runs, one per CPU for fleets."""
    if jobs is not None:
        return max(1, jobs)
    if services < PARALLEL_THRESHOLD:
        return 1
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
    return max(1, len(usable))


def _chunks(total: int, jobs: int) -> list[tuple[int, int]]:
    """[start, stop) bounds: about CHUNKS_PER_WORKER per worker, none larger than MAX_CHUNK."""
    if not total:
        return []
    count = max(1, min(total, jobs * CHUNKS_PER_WORKER)) if jobs > 1 else 1
    size = min(MAX_CHUNK, -(-total // count))
    return [(i, min(i + size, total)) for i in range(0, total, size)]


def _progressing(chunks, bounds: list[tuple[int, int]], progress) -> list[ChunkResult]:
    """The chunk results (in order), reporting (services done, total) after each one when asked."""
    results = []
    for chunk, (_, stop) in zip(chunks, bounds, strict=True):
        results.append(chunk)
        if progress is not None:
            progress(stop, bounds[-1][1])
    return results


@dataclass(slots=True)
class FleetOutcome:
    diagnostics: list = field(default_factory=list)
    index: dict = field(default_factory=dict)
    positions: dict = field(default_factory=dict)
    fleet: list = field(default_factory=list)
    rows: tuple = ()
    services: int = 0
    objects: int = 0
    unchanged: int = 0


def compile_all(session: Session, services: list[Obj], explain: bool = False) -> FleetOutcome:
    """Compile ``services`` (all of them, or the one explained) in chunks; ``session.options.jobs`` processes."""
    global _SESSION, _SERVICES
    jobs = 1 if explain else resolve_jobs(session.options.jobs, len(services))
    _SESSION, _SERVICES = session, services
    # The catalog and validators live for the whole run: freezing keeps the collector from re-scanning them
    # (and keeps their pages shared copy-on-write with forked workers); the run allocates many short-lived
    # acyclic objects, so collections are made rarer (measured: -2.5 s of 21.5 s at 10,000 services).
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        bounds = _chunks(len(services), jobs)
        if jobs > 1 and len(bounds) > 1:
            results = _parallel(bounds, jobs, session.progress)
        else:
            results = _progressing((_compile_chunk(b, explain) for b in bounds), bounds, session.progress)
    finally:
        _SESSION, _SERVICES = None, []
        gc.set_threshold(*threshold)
        gc.unfreeze()
    outcome = FleetOutcome()
    for chunk in results:
        outcome.diagnostics += chunk.diagnostics
        outcome.index.update(chunk.index)
        outcome.positions.update(chunk.positions)
        outcome.fleet += chunk.fleet
        outcome.rows = outcome.rows or chunk.rows
        outcome.services += chunk.services
        outcome.objects += chunk.objects
        outcome.unchanged += chunk.unchanged
    written = [chunk.files for chunk in results if chunk.files]
    if written and (session.sink.partial or not has_errors(outcome.diagnostics)):
        for files in written:
            unchanged, problems = session.sink.write(files)
            outcome.unchanged += unchanged
            outcome.diagnostics += problems
    return outcome
