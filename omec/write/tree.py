"""The output directory: where it may be, a staging tree beside it, files written (or hard-linked when unchanged),
the swap, and the staging trees of runs that were killed.

``OUT`` is owned by omec: it is rebuilt in a sibling temporary directory and swapped in atomically,
so after any error or crash the previous ``OUT`` is intact and no half-written file is visible. Files
whose bytes did not change are carried over (hard links), not rewritten. Every path is checked first
(:mod:`omec.write.paths`): nothing is written or linked outside the staging tree.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable

from omec.diagnostics import Diagnostic
from omec.write import codes
from omec.write.atomic import replace_dir
from omec.write.index import INDEX_FILE
from omec.write.paths import Tree

__all__ = [
    "INDEX_FILE", "check_output_dir", "commit", "discard", "open_staging", "output_problem", "remove_stale",
    "write_failed", "write_files",
]

_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC


def output_problem(out: str, inputs: Iterable[str]) -> str | None:
    """Why ``out`` must not be an output directory (omec replaces it whole), or None: it is, contains or lies
    inside the current directory's ancestors or an input (compared as real paths)."""
    real = os.path.realpath(out)
    try:
        cwd = os.path.realpath(os.getcwd())
    except OSError:  # the current directory was deleted: nothing to protect there
        cwd = None
    if cwd is not None and _within(cwd, real):
        where = "the current directory" if cwd == real else "a parent of the current directory"
        return f"refusing to use {out} as the output directory: it is {where}, and omec replaces it whole"
    for given in inputs:
        path = os.path.realpath(given)
        if _within(path, real):
            how = "is" if path == real else "contains"
            return f"refusing to use {out} as the output directory: it {how} the input {given}"
        if _within(real, path):
            return (f"refusing to use {out} as the output directory: it lies inside the input {given}, so the next "
                    "run would read its files as specs")
    return None


def _within(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or lies below it (both real, absolute paths)."""
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def check_output_dir(out: str, force: bool) -> list[Diagnostic]:
    """Refuse to replace a non-empty directory that omec did not create (unless ``force``), or anything that is
    not a directory (a dangling symlink included)."""
    if os.path.islink(out) and not os.path.exists(out):
        return [codes.OUTPUT_NOT_OWNED.at(f"output path {out} is a symlink to {os.readlink(out)}, which does not "
                                          "exist", hint="create the directory it points to, or choose another -o")]
    if not os.path.exists(out):
        return []
    if not os.path.isdir(out):
        return [codes.OUTPUT_NOT_OWNED.at(f"output path {out} exists and is not a directory", hint="choose another -o")]
    if not force and os.listdir(out) and not os.path.isfile(os.path.join(out, INDEX_FILE)):
        return [
            codes.OUTPUT_NOT_OWNED.at(
                f"refusing to replace {out}: it is not empty and has no {INDEX_FILE}",
                hint="choose an empty or omec-created directory, or pass --force",
            )
        ]
    return []


def _staging_prefix(target: str) -> str:
    return f".{os.path.basename(target)}.omec-"


def open_staging(target: str) -> str:
    """A fresh, invisible sibling directory of ``target`` (a real, absolute path) to build the new tree in, named
    ``.<name>.omec-<pid>-<random>`` so that a later run can tell whether the run that made it is still alive."""
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    return tempfile.mkdtemp(prefix=f"{_staging_prefix(target)}{os.getpid()}-", dir=parent)


def remove_stale(target: str) -> list[str]:
    """Remove the staging trees beside ``target`` left by runs that were killed (their process is gone); a tree
    whose process is alive, or whose liveness cannot be told, is kept. Returns the names removed."""
    pattern = re.compile(re.escape(_staging_prefix(target)) + r"(\d+)-[A-Za-z0-9_]+(\.old)?")
    parent = os.path.dirname(target)
    try:
        names = os.listdir(parent)
    except OSError:
        return []
    removed = []
    for name in sorted(names):
        found = pattern.fullmatch(name)
        path = os.path.join(parent, name)
        if found is None or _alive(int(found.group(1))):
            continue
        try:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OverflowError:  # no process has such an id
        return False
    return True


def write_files(staging: str, files: dict[str, bytes], previous: str | None = None) -> int:
    """Write ``files`` (relative path -> bytes) below ``staging``; safe to call from several processes.

    Every path is checked before anything is written (:class:`omec.write.paths.UnsafePath`, an OSError,
    otherwise). A file whose bytes equal the regular file at the same path below ``previous`` (the output being
    replaced, its directories real ones) is hard-linked from there instead of written: unchanged output keeps
    its inode and modification time through the atomic swap, so tools that watch them see only what changed.
    Returns how many were linked.
    """
    tree = Tree(os.path.realpath(staging))
    old = Tree(os.path.realpath(previous)) if previous is not None else None
    paths = {rel: tree.path(rel) for rel in sorted(files)}
    linked = 0
    for rel, path in paths.items():
        tree.make_folder(rel)
        data = files[rel]
        if old is not None and old.has_folder(rel) and _link_unchanged(os.path.join(old.root, rel), path, data):
            linked += 1
            continue
        _write(path, data)
    return linked


def _write(path: str, data: bytes) -> None:
    """Create (or truncate) the regular file ``path`` with ``data``, never through a symlink."""
    fd = os.open(path, _OPEN_FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:  # a short write (a file size limit, a full disk) is followed by one that fails
            count = os.write(fd, view)
            if not count:
                raise OSError(errno.EIO, "nothing could be written", path)
            view = view[count:]
    finally:
        os.close(fd)


def _link_unchanged(old: str, new: str, data: bytes) -> bool:
    try:
        found = os.lstat(old)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
            return False
        with open(old, "rb") as fh:  # a regular file, not a symlink: lstat above
            if fh.read(len(data) + 1) != data:
                return False
        os.link(old, new, follow_symlinks=False)
    except OSError:  # gone, unreadable, or no hard links on this filesystem: write it instead
        return False
    return True


def commit(staging: str, target: str) -> None:
    """Swap the finished staging tree in as ``target`` (atomic where the OS allows, see atomic.py)."""
    os.chmod(staging, 0o755)
    replace_dir(staging, target)


def discard(staging: str) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def write_failed(out: str, exc: OSError) -> Diagnostic:
    return codes.WRITE_FAILED.at(f"cannot write {out}: {exc.strerror or exc}", hint="the previous output is untouched")
