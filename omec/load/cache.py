"""omec's on-disk cache (compiled validators; parsed inputs, positions and valid documents by content hash): the
one module that reads and writes cache files.

``$OMEC_CACHE_DIR``, else ``$XDG_CACHE_HOME/omec``, else ``~/.cache/omec``. Set ``OMEC_CACHE_DIR=off`` to
disable caching. A cache that cannot be written is silently skipped: it only ever saves time.
"""
from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

CACHE_ENV = "OMEC_CACHE_DIR"


class Cache:
    """One folder of the cache (``<cache dir>/<part>``) holding ``marshal`` values by file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def open(cls, part: str) -> Cache | None:
        """The writable cache folder ``part``, or None when caching is off or impossible."""
        base = os.environ.get(CACHE_ENV)
        if base == "off":
            return None
        base = base or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "omec"
        )
        path = Path(base) / part
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return cls(path) if os.access(path, os.W_OK) else None

    def read(self, name: str) -> Any:
        """The value stored as ``name``; None when there is none or it cannot be read back (a cache file that is
        missing, unreadable or corrupt is simply rebuilt)."""
        try:
            return marshal.loads((self.folder / name).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def write(self, name: str, value: Any) -> None:
        """Store ``value`` as ``name``, replacing the file so that concurrent readers never see a partial one."""
        path = self.folder / name
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(marshal.dumps(value))
            os.replace(tmp, path)
        except (OSError, ValueError):
            tmp.unlink(missing_ok=True)
