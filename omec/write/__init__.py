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

__all__ = ["INDEX_FILE", "write_tree", "check_output_dir"]


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


def write_tree(out: str, files: dict[str, bytes]) -> list[Diagnostic]:
    """Write ``files`` (relative path -> bytes) as the complete new content of ``out``."""
    out = os.path.normpath(out)
    parent = os.path.dirname(os.path.abspath(out))
    staging = None
    try:
        os.makedirs(parent, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=f".{os.path.basename(out)}.omec-", dir=parent)
        made: set[str] = {staging}
        for rel in sorted(files):
            path = os.path.join(staging, rel)
            folder = os.path.dirname(path)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(path, "wb") as fh:
                fh.write(files[rel])
        os.chmod(staging, 0o755)
        replace_dir(staging, out)
        staging = None
    except OSError as exc:
        return [codes.WRITE_FAILED.at(f"cannot write {out}: {exc.strerror or exc}", hint="the previous output is untouched")]
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return []
