"""omec's on-disk cache (compiled validators, parsed inputs): location and atomic writes.

``$OMEC_CACHE_DIR``, else ``$XDG_CACHE_HOME/omec``, else ``~/.cache/omec``. Set ``OMEC_CACHE_DIR=off`` to
disable caching. A cache that cannot be written is silently skipped: it only ever saves time.
"""
from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

CACHE_ENV = "OMEC_CACHE_DIR"


def cache_dir(part: str) -> Path | None:
    """The writable cache sub-directory ``part``, or None when caching is off or impossible."""
    base = os.environ.get(CACHE_ENV)
    if base == "off":
        return None
    base = base or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "omec")
    path = Path(base) / part
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def read_value(path: Path | None) -> Any:
    """The ``marshal`` value stored at ``path``; None when there is none or it cannot be read back (a cache file
    that is missing, unreadable or corrupt is simply rebuilt)."""
    if path is None:
        return None
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_value(path: Path, value: Any) -> None:
    """Store ``value`` at ``path`` with ``marshal`` (see :func:`write_atomically`)."""
    write_atomically(path, marshal.dumps(value))


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that concurrent readers never see a partial file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
