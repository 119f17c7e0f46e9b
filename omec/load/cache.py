"""omec's on-disk cache (compiled validators; parsed inputs, positions and valid documents by content hash): the
one module that reads and writes cache files.

``$OMEC_CACHE_DIR``, else ``$XDG_CACHE_HOME/omec`` (when absolute), else ``~/.cache/omec`` (when there is a home
directory). Set ``OMEC_CACHE_DIR=off`` to disable caching. A cache that cannot be written is silently skipped: it
only ever saves time.

Every file is a header line naming this format, omec's version and Python's byte-code magic, a checksum and the
``marshal`` payload. The checksum (blake2b) covers the file's own name and the payload, so a file that is
truncated, damaged, written by another omec or Python, copied under another name or not omec's at all is never
trusted: :meth:`Cache.read` returns None and the caller rebuilds it. Files are written to a temporary file of
their own (random name, never following a planted link, readable by its owner only), synced, then renamed over
the old one, so readers and concurrent writers see a whole file or none.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from omec import __version__

CACHE_ENV = "OMEC_CACHE_DIR"
FORMAT = 1
HEADER = f"omec-cache {FORMAT} {__version__} {importlib.util.MAGIC_NUMBER.hex()}\n".encode()
_CHECKSUM_SIZE = 16


def _cache_root() -> str | None:
    """The cache directory, or None when caching is off or there is nowhere to put it: a relative
    ``$XDG_CACHE_HOME`` is ignored as the XDG Base Directory specification asks, and without a home directory
    (``~`` does not expand) there is no default rather than a ``~`` folder in the working directory."""
    base = os.environ.get(CACHE_ENV)
    if base == "off":
        return None
    if base:
        return base
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = xdg if xdg and os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(root, "omec") if os.path.isabs(root) else None


def _checksum(label: bytes, payload: bytes | memoryview) -> bytes:
    digest = hashlib.blake2b(label, digest_size=_CHECKSUM_SIZE)
    digest.update(payload)
    return digest.digest()


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)  # a FIFO planted in the cache opens at once (and is then refused)


class Cache:
    """One folder of the cache (``<cache dir>/<part>``) holding ``marshal`` values by file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def open(cls, part: str) -> Cache | None:
        """The writable cache folder ``part``, or None when caching is off or impossible."""
        base = _cache_root()
        if base is None:
            return None
        path = Path(base) / part
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return cls(path) if os.access(path, os.W_OK) else None

    def _label(self, name: str) -> bytes:
        return f"{self.folder.name}/{name}\0".encode()

    def read(self, name: str) -> Any:
        """The value stored as ``name``; None when there is none or it fails verification (see the module
        docstring): such a file is simply rebuilt."""
        try:
            with open(self.folder / name, "rb", opener=_open_nonblocking) as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    return None
                data = memoryview(fh.read())
        except OSError:
            return None
        start = len(HEADER) + _CHECKSUM_SIZE
        if data[:len(HEADER)] != HEADER or data[len(HEADER):start] != _checksum(self._label(name), data[start:]):
            return None
        try:
            return marshal.loads(data[start:])
        except (EOFError, ValueError, TypeError):  # only if this very omec wrote a bad payload
            return None

    def write(self, name: str, value: Any) -> None:
        """Store ``value`` as ``name`` (temporary file, fsync, rename); nothing happens when the folder is full or
        unwritable, the old file (if any) stays whole."""
        try:
            payload = marshal.dumps(value)
        except ValueError:
            return
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(HEADER)
                fh.write(_checksum(self._label(name), payload))
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())  # data before name: after a crash the old file or the new, not an empty one
            os.replace(tmp, self.folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
