"""Atomic replacement of a directory: build a sibling, then swap it in with one rename(2) call."""
from __future__ import annotations

import errno
import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_UNSUPPORTED = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})  # kernel or filesystem
_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


@cache
def _renameat2():
    """libc's renameat2 from the symbols already loaded in this process (no library search), or None."""
    import ctypes  # on first use: a run replaces a directory once, at the very end

    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return func


def exchange(a: str, b: str) -> bool:
    """Atomically swap two existing paths (Linux renameat2 RENAME_EXCHANGE); False if the kernel or the
    filesystem cannot, OSError if the swap itself fails (e.g. EBUSY for a mount point or the current directory)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), b)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (then they are delivered): a swap is never cut in half."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def replace_dir(new: str, target: str) -> None:
    """Put directory ``new`` at ``target``; the old ``target`` (if any) is removed afterwards. On OSError,
    ``target`` is as it was and ``new`` is left for the caller to discard; an old tree that cannot be removed
    is left beside ``target`` under the staging name (see :func:`omec.write.tree.remove_stale`).

    With renameat2 the swap is a single atomic step: readers see either the complete old tree or the
    complete new one. Elsewhere the old tree is first renamed aside (and back if the second rename fails).
    """
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old tree (a later run removes what is left)
        return
    aside = new + ".old"
    os.rename(target, aside)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)
