"""Where a run's files go: a directory (replaced atomically), a stream (one multi-document YAML), memory (tests,
library use) or nowhere (validate, explain). The run loop drives every sink the same way:

``open()`` before anything is compiled (preconditions, staging), ``write(files)`` per chunk of services (from the
worker processes themselves when ``writes_in_workers``), then ``commit(meta)`` when the run has no error, else
``abort(meta)`` (also when the run is interrupted); ``meta`` holds the files about the output (``omec-index.json``,
``kustomization.yaml``, see :func:`meta_files`). Nothing reaches the destination before ``commit``. Failures of the
destination (a full disk, a closed pipe, an unsafe path) are error diagnostics (OMEC801), not exceptions.
"""
from __future__ import annotations

import errno
import os
from typing import BinaryIO

from omec.diagnostics import Diagnostic
from omec.write import codes
from omec.write.atomic import signals_deferred
from omec.write.index import INDEX_FILE, index_document
from omec.write.kustomization import KUSTOMIZATION_FILE, kustomization_document
from omec.write.tree import check_output_dir, commit, discard, open_staging, remove_stale, write_failed, write_files

Written = tuple[int, list[Diagnostic]]  # files already there unchanged, problems
META_FILES = (INDEX_FILE, KUSTOMIZATION_FILE)


def meta_files(rows: dict[str, bytes]) -> dict[str, bytes]:
    """The files about a directory of objects: ``omec-index.json`` from the index ``rows`` (path -> encoded row) and
    ``kustomization.yaml`` listing the same object files."""
    return {INDEX_FILE: index_document(rows), KUSTOMIZATION_FILE: kustomization_document(rows)}


class Sink:
    """No output (``omec validate``, ``omec explain``): files are neither serialized nor kept."""

    wants_files = False
    writes_in_workers = False
    partial = False  # also takes the files of services that compiled when others failed (and keeps them on abort)

    def open(self) -> list[Diagnostic]:
        return []

    def write(self, files: dict[str, bytes]) -> Written:
        """Take a chunk of files (relative path -> bytes): how many were already there unchanged, and problems."""
        return 0, []

    def commit(self, meta: dict[str, bytes]) -> Written:
        """The run succeeded: publish everything (and the ``meta`` files). With problems, nothing was published (a
        stream may have been cut short)."""
        return 0, []

    def abort(self, meta: dict[str, bytes]) -> None:
        """The run failed: publish nothing (``meta`` describes what did compile, for partial sinks)."""


class DirectorySink(Sink):
    """``-o DIR``: files go into a staging directory beside ``DIR`` (workers write there directly), swapped in as
    ``DIR`` on commit; files whose bytes did not change are carried over from the previous ``DIR`` as hard links.

    A symlink ``DIR`` is followed: the directory it points to is replaced, the link stays. Staging trees of
    killed runs beside it are removed first."""

    wants_files = True
    writes_in_workers = True

    def __init__(self, out: str, force: bool = False) -> None:
        self.out, self.force = out, force
        self.target = os.path.realpath(out)
        self._staging: str | None = None
        self._previous: str | None = None

    def open(self) -> list[Diagnostic]:
        problems = check_output_dir(self.out, self.force)
        if problems:
            return problems
        try:
            remove_stale(self.target)
            self._staging = open_staging(self.target)
        except OSError as exc:
            return [write_failed(self.out, exc)]
        self._previous = self.target if os.path.isdir(self.target) else None
        return []

    def write(self, files: dict[str, bytes]) -> Written:
        assert self._staging is not None, "open() first"
        try:
            return write_files(self._staging, files, self._previous), []
        except OSError as exc:
            return 0, [write_failed(self.out, exc)]

    def commit(self, meta: dict[str, bytes]) -> Written:
        assert self._staging is not None, "open() first"
        unchanged, problems = self.write(meta)
        if problems:
            return 0, problems
        try:
            with signals_deferred():
                commit(self._staging, self.target)
                self._staging = None
        except OSError as exc:
            return 0, [write_failed(self.out, exc)]
        return unchanged, []

    def abort(self, meta: dict[str, bytes]) -> None:
        if self._staging is not None:
            discard(self._staging)
            self._staging = None


class StreamSink(Sink):
    """``-o -``: every object as one multi-document YAML stream, in file path order, written on commit only (a
    failed run writes nothing to the stream). ``stream`` None is a closed stdout."""

    wants_files = True

    def __init__(self, stream: BinaryIO | None) -> None:
        self.stream = stream
        self._files: dict[str, bytes] = {}

    def open(self) -> list[Diagnostic]:
        if self.stream is None:
            return [codes.WRITE_FAILED.at("cannot write the manifests: stdout is closed",
                                          hint="give stdout a file or a pipe, or write a directory with -o DIR")]
        return []

    def write(self, files: dict[str, bytes]) -> Written:
        self._files.update(files)
        return 0, []

    def commit(self, meta: dict[str, bytes]) -> Written:
        assert self.stream is not None, "open() first"
        data = memoryview(b"---\n".join(self._files[path] for path in sorted(self._files)))
        try:
            while data:  # a buffered stream reports a short write (a reader that quit, a full disk) as a count
                count = self.stream.write(data)
                if not count:
                    raise OSError(errno.EIO, "nothing could be written")
                data = data[count:]
            self.stream.flush()
        except OSError as exc:
            self._silence()
            return 0, [codes.WRITE_FAILED.at(f"cannot write the manifests to the output stream: {exc.strerror or exc}",
                                             hint="the stream was cut short: a full disk, or a reader that quit")]
        return 0, []

    def _silence(self) -> None:
        """Point the stream's file descriptor at /dev/null: what is still buffered goes nowhere at exit instead of
        failing again (Python's advice for EPIPE, https://docs.python.org/3/library/signal.html#note-on-sigpipe)."""
        assert self.stream is not None
        try:
            fd = self.stream.fileno()
        except (OSError, ValueError):  # not a file (BytesIO ...): nothing flushes it at exit
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)

    def abort(self, meta: dict[str, bytes]) -> None:
        self._files.clear()


class MemorySink(Sink):
    """Files in memory, exactly as a directory build writes them (the ``meta`` files included): ``files`` after a
    successful run, empty after a failed one unless ``partial`` (then: every file that rendered, and their index)."""

    wants_files = True

    def __init__(self, partial: bool = False) -> None:
        self.partial = partial
        self.files: dict[str, bytes] = {}
        self._pending: dict[str, bytes] = {}

    def write(self, files: dict[str, bytes]) -> Written:
        self._pending.update(files)
        return 0, []

    def commit(self, meta: dict[str, bytes]) -> Written:
        self.files = {**self._pending, **meta}
        self._pending = {}
        return 0, []

    def abort(self, meta: dict[str, bytes]) -> None:
        self.files = {**self._pending, **meta} if self.partial else {}
        self._pending = {}

    def texts(self) -> dict[str, str]:
        """The files as text (relative path -> YAML/JSON)."""
        return {path: data.decode("utf-8") for path, data in sorted(self.files.items())}
