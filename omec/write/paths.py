"""Output paths: the rules every file path below ``OUT`` obeys, checked before anything is written.

A path comes from a namespace, an InferenceService name and an object name (``<ns>/<isvc>/<kind>-<name>.yaml``),
all written by users. It is only ever used as a relative path of plain parts (no empty part, no ``.`` or ``..``,
no ``/`` or ``\\`` inside a part, no NUL, not absolute, parts of at most ``NAME_MAX`` bytes), and every directory
it creates or reads is checked to be a real directory inside the tree (no symlink leads out of it).
"""
from __future__ import annotations

import errno
import os
import re
import stat
from contextlib import suppress

from omec.diagnostics import Diagnostic
from omec.model import Obj
from omec.write import codes
from omec.write.index import INDEX_FILE

NAME_MAX = 255  # bytes of one path part on Linux filesystems (ext4, xfs, btrfs, tmpfs)
PATH_MAX = 4096  # bytes of a whole path given to the kernel
# ASCII parts that are neither "." nor "..", each at most NAME_MAX bytes, joined by single slashes
_PART = rf"(?!\.\.?(?:/|$))[A-Za-z0-9._-]{{1,{NAME_MAX}}}"
_PLAIN = re.compile(rf"{_PART}(?:/{_PART})*")


class UnsafePath(OSError):
    """A relative output path that breaks the rules above (an OSError, so that sinks report it as OMEC801)."""

    def __init__(self, rel: str, problem: str) -> None:
        super().__init__(errno.EINVAL, f"unsafe output path {rel!r}: {problem}")


def path_problem(rel: str) -> str | None:
    """What is wrong with ``rel`` as a relative output path, or None when it is safe."""
    if len(rel) < PATH_MAX and _PLAIN.fullmatch(rel):  # the usual case, decided by one regular expression
        return None
    if rel.startswith("/"):
        return "it is an absolute path"
    for part in rel.split("/"):
        problem = part_problem(part)
        if problem:
            return problem
    if len(rel.encode("utf-8")) >= PATH_MAX:
        return f"it is longer than {PATH_MAX - 1} bytes"
    return None


def part_problem(part: str) -> str | None:
    """What is wrong with ``part`` as one file or directory name, or None."""
    if part in ("", ".", ".."):
        return f"it is {part!r}" if part else "it is empty"
    for bad, name in (("/", "a '/'"), ("\\", "a backslash"), ("\x00", "a NUL character")):
        if bad in part:
            return f"it contains {name}"
    try:
        size = len(part.encode("utf-8"))
    except UnicodeEncodeError:
        return "it is not valid Unicode text (a lone surrogate)"
    if size > NAME_MAX:
        return f"it is {size} bytes long, more than the {NAME_MAX} of a file name"
    return None


def check_paths(manifests: list, isvc: Obj) -> list[Diagnostic]:
    """OMEC802 when the output paths of ``isvc``'s objects (:class:`omec.render.Manifest`) are unsafe: for its
    namespace or name (every path starts with them), else for each object's path."""
    if not manifests:
        return []
    first = manifests[0]
    problems = [(f"the {what} {value!r}", part_problem(value), field) for what, value, field in (
        ("namespace", first.namespace, ("metadata", "namespace")), ("name", first.isvc, ("metadata", "name")))]
    if first.namespace == INDEX_FILE:
        problems.append((f"the namespace {INDEX_FILE!r}", "it is the name of omec's index file",
                         ("metadata", "namespace")))
    if not any(problem for _, problem, _ in problems):
        problems = [(f"the path {m.path!r} of {m.kind} {m.name!r}", path_problem(m.path), ("metadata", "name"))
                    for m in manifests]
    return [
        codes.UNSAFE_OUTPUT_PATH.at(
            f"{what} cannot be used below the output directory: {problem}", isvc.ref,
            field if isvc.wrote(field) else (), object=isvc.id,
            hint="namespaces and names become directory and file names: use a DNS-1123 label (lower-case letters, "
                 "digits and '-')")
        for what, problem, field in problems if problem
    ]


class Tree:
    """A directory omec writes into or reads from (``root``, an absolute real path) and the directories below it
    already found to be real directories, not symlinks (one check per directory, not per file)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._real: set[str] = {root}
        self._done: set[str] = {""}  # relative directories whose every part was found real

    def path(self, rel: str) -> str:
        """The absolute path of ``rel`` below ``root``; :class:`UnsafePath` unless it is safe (see module)."""
        problem = path_problem(rel)
        if problem is not None:
            raise UnsafePath(rel, problem)
        return os.path.join(self.root, rel)

    def make_folder(self, rel: str) -> None:
        """Create the directories of file ``rel`` (a path :meth:`path` accepted); :class:`UnsafePath` if one of
        them exists as a symlink or a file."""
        head = rel.rpartition("/")[0]
        if head in self._done:
            return
        for folder in self._folders(head):
            if folder in self._real:
                continue
            with suppress(FileExistsError):
                os.mkdir(folder)
            if not self._is_real(folder):
                raise UnsafePath(rel, f"{folder} is a symlink or not a directory")
        self._done.add(head)

    def has_folder(self, rel: str) -> bool:
        """The directories of file ``rel`` (a path :meth:`path` accepted) exist, each a real directory, so the
        file lies inside ``root``."""
        head = rel.rpartition("/")[0]
        if head in self._done:
            return True
        if all(self._is_real(folder) for folder in self._folders(head)):
            self._done.add(head)
            return True
        return False

    def _folders(self, head: str) -> list[str]:
        """The directories from ``root`` down to ``head`` (relative), outermost first."""
        parts = head.split("/")
        return [os.path.join(self.root, *parts[:n]) for n in range(1, len(parts) + 1)]

    def _is_real(self, folder: str) -> bool:
        if folder not in self._real:
            try:
                if not stat.S_ISDIR(os.lstat(folder).st_mode):
                    return False
            except OSError:
                return False
            self._real.add(folder)
        return True
