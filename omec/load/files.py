"""Reading input files without blocking: only regular files (and symlinks to them) are opened.

A FIFO named ``*.yaml`` would block ``open`` until something writes to it, a device may never end; both are
skipped. The check is made before opening (a device is never opened) and again on the opened file (it may have
been replaced in between), which is opened non-blocking so that a FIFO swapped in cannot block either.
"""
from __future__ import annotations

import os
import stat

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory"))


class NotRegularFile(OSError):
    """The path is not a regular file; ``kind`` says what it is ("a FIFO (named pipe)", ...)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: str) -> bytes:
    """The bytes of a regular file; NotRegularFile for anything else, OSError when it cannot be read."""
    kind = file_kind(os.stat(path).st_mode)
    if kind is not None:
        raise NotRegularFile(kind)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotRegularFile(kind)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)
