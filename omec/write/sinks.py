"""Where a run's files go: a directory (replaced atomically), a stream (one multi-document YAML), memory (tests,
library use) or nowhere (validate, explain). The run loop drives every sink the same way:

``open()`` before anything is compiled (preconditions, staging), ``write(files)`` per chunk of services (from the
worker processes themselves when ``writes_in_workers``), then ``commit(meta)`` when the run has no error, else
``abort(meta)``; ``meta`` holds the files about the output (``omec-index.json``, ``kustomization.yaml``, see
:func:`meta_files`). Nothing reaches the destination before ``commit``.
"""
from __future__ import annotations

import os
from typing import BinaryIO

from omec.diagnostics import Diagnostic
from omec.write.index import INDEX_FILE, index_document
from omec.write.kustomization import KUSTOMIZATION_FILE, kustomization_document
from omec.write.tree import check_output_dir, commit, discard, open_staging, write_failed, write_files

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

    def write(self, files: dict[str, bytes]) -> int:
        """Take a chunk of files (relative path -> bytes); returns how many were already there unchanged."""
        return 0

    def commit(self, meta: dict[str, bytes]) -> int:
        """The run succeeded: publish everything (and the ``meta`` files); returns unchanged files."""
        return 0

    def abort(self, meta: dict[str, bytes]) -> None:
        """The run failed: publish nothing (``meta`` describes what did compile, for partial sinks)."""


class DirectorySink(Sink):
    """``-o DIR``: files go into a staging directory beside ``DIR`` (workers write there directly), swapped in as
    ``DIR`` on commit; files whose bytes did not change are carried over from the previous ``DIR`` as hard links."""

    wants_files = True
    writes_in_workers = True

    def __init__(self, out: str, force: bool = False) -> None:
        self.out, self.force = out, force
        self._staging: str | None = None
        self._previous: str | None = None

    def open(self) -> list[Diagnostic]:
        problems = check_output_dir(self.out, self.force)
        if problems:
            return problems
        try:
            self._staging = open_staging(self.out)
        except OSError as exc:
            return [write_failed(self.out, exc)]
        self._previous = self.out if os.path.isdir(self.out) else None
        return []

    def write(self, files: dict[str, bytes]) -> int:
        assert self._staging is not None, "open() first"
        return write_files(self._staging, files, self._previous)

    def commit(self, meta: dict[str, bytes]) -> int:
        assert self._staging is not None, "open() first"
        unchanged = write_files(self._staging, meta, self._previous)
        commit(self._staging, self.out)
        self._staging = None
        return unchanged

    def abort(self, meta: dict[str, bytes]) -> None:
        if self._staging is not None:
            discard(self._staging)
            self._staging = None


class StreamSink(Sink):
    """``-o -``: every object as one multi-document YAML stream, in file path order, written on commit only (a
    failed run writes nothing to the stream)."""

    wants_files = True

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self._files: dict[str, bytes] = {}

    def write(self, files: dict[str, bytes]) -> int:
        self._files.update(files)
        return 0

    def commit(self, meta: dict[str, bytes]) -> int:
        self.stream.write(b"---\n".join(self._files[path] for path in sorted(self._files)))
        self.stream.flush()
        return 0

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

    def write(self, files: dict[str, bytes]) -> int:
        self._pending.update(files)
        return 0

    def commit(self, meta: dict[str, bytes]) -> int:
        self.files = {**self._pending, **meta}
        self._pending = {}
        return 0

    def abort(self, meta: dict[str, bytes]) -> None:
        self.files = {**self._pending, **meta} if self.partial else {}
        self._pending = {}

    def texts(self) -> dict[str, str]:
        """The files as text (relative path -> YAML/JSON)."""
        return {path: data.decode("utf-8") for path, data in sorted(self.files.items())}
