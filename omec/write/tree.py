"""The output directory: checks, a staging tree beside it, files written (or hard-linked when unchanged), the swap.

``OUT`` is owned by omec: it is rebuilt in a sibling temporary directory and swapped in atomically,
so after any error or crash the previous ``OUT`` is intact and no half-written file is visible. Files
whose bytes did not change are carried over (hard links), not rewritten.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile

from omec.diagnostics import Diagnostic
from omec.write import codes
from omec.write.atomic import replace_dir
from omec.write.index import INDEX_FILE

__all__ = [
    "INDEX_FILE", "check_output_dir", "commit", "discard", "open_staging", "write_failed", "write_files",
]


def check_output_dir(out: str, force: bool) -> list[Diagnostic]:
    """Refuse to replace a non-empty directory that omec did not create (unless ``force``)."""
    if force or not os.path.exists(out):
        return []
    if not os.path.isdir(out):
        return [codes.OUTPUT_NOT_OWNED.at(f"output path {out} exists and is not a directory", hint="choose another -o")]
    if os.listdir(out) and not os.path.isfile(os.path.join(out, INDEX_FILE)):
        return [
            codes.OUTPUT_NOT_OWNED.at(
                f"refusing to replace {out}: it is not empty and has no {INDEX_FILE}",
                hint="choose an empty or omec-created directory, or pass --force",
            )
        ]
    return []


def open_staging(out: str) -> str:
    """A fresh, invisible sibling directory of ``out`` to build the new tree in."""
    parent = os.path.dirname(os.path.abspath(os.path.normpath(out)))
    os.makedirs(parent, exist_ok=True)
    return tempfile.mkdtemp(prefix=f".{os.path.basename(os.path.normpath(out))}.omec-", dir=parent)


def write_files(staging: str, files: dict[str, bytes], previous: str | None = None) -> int:
    """Write ``files`` (relative path -> bytes) below ``staging``; safe to call from several processes.

    A file whose bytes equal the regular file at the same path below ``previous`` (the output being replaced)
    is hard-linked from there instead of written: unchanged output keeps its inode and modification time
    through the atomic swap, so tools that watch them see only what changed. Returns how many were linked.
    """
    made: set[str] = set()
    linked = 0
    for rel in sorted(files):
        path = os.path.join(staging, rel)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        data = files[rel]
        if previous is not None and _link_unchanged(os.path.join(previous, rel), path, data):
            linked += 1
            continue
        with open(path, "wb") as fh:
            fh.write(data)
    return linked


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


def commit(staging: str, out: str) -> None:
    """Swap the finished staging tree in as ``out`` (atomic where the OS allows, see atomic.py)."""
    os.chmod(staging, 0o755)
    replace_dir(staging, os.path.normpath(out))


def discard(staging: str) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def write_failed(out: str, exc: OSError) -> Diagnostic:
    return codes.WRITE_FAILED.at(f"cannot write {out}: {exc.strerror or exc}", hint="the previous output is untouched")
