"""Atomic replacement of a directory: build a sibling, then swap it in with one rename(2) call."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _load_renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return func


_renameat2 = _load_renameat2()


def exchange(a: str, b: str) -> bool:
    """Atomically swap two existing paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if _renameat2 is None:
        return False
    rc = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def replace_dir(new: str, target: str) -> None:
    """Put directory ``new`` at ``target``; the old ``target`` (if any) is removed afterwards.

    With renameat2 the swap is a single atomic step: readers see either the complete old tree or the
    complete new one. Elsewhere the old tree is first renamed aside (a crash in between leaves it there).
    """
    if not os.path.exists(target):
        os.rename(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new)  # ``new`` now holds the old tree
        return
    aside = new + ".old"
    os.rename(target, aside)
    os.rename(new, target)
    shutil.rmtree(aside)
