"""WRITE stage: the only place (with ``omec.load``) that touches the filesystem for output.

``OUT`` is owned by omec: it is rebuilt in a sibling temporary directory and swapped in atomically,
so after any error or crash the previous ``OUT`` is intact and no half-written file is visible.
"""
from __future__ import annotations

import os
import shutil
import tempfile

from omec.diagnostics import Diagnostic
from omec.write import codes
from omec.write.atomic import replace_dir

INDEX_FILE = "omec-index.json"

__all__ = [
    "INDEX_FILE", "check_output_dir", "commit", "discard", "open_staging", "write_failed", "write_files", "write_tree",
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


def write_files(staging: str, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative path -> bytes) below ``staging``; safe to call from several processes."""
    made: set[str] = set()
    for rel in sorted(files):
        path = os.path.join(staging, rel)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "wb") as fh:
            fh.write(files[rel])


def commit(staging: str, out: str) -> None:
    """Swap the finished staging tree in as ``out`` (atomic where the OS allows, see atomic.py)."""
    os.chmod(staging, 0o755)
    replace_dir(staging, os.path.normpath(out))


def discard(staging: str) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def write_failed(out: str, exc: OSError) -> Diagnostic:
    return codes.WRITE_FAILED.at(f"cannot write {out}: {exc.strerror or exc}", hint="the previous output is untouched")


def write_tree(out: str, files: dict[str, bytes]) -> list[Diagnostic]:
    """Write ``files`` as the complete new content of ``out``."""
    staging = None
    try:
        staging = open_staging(out)
        write_files(staging, files)
        commit(staging, out)
        staging = None
    except OSError as exc:
        return [write_failed(out, exc)]
    finally:
        if staging is not None:
            discard(staging)
    return []
