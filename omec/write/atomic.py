"""Atomic replacement of a directory: build a sibling, then swap it in with one rename(2) call."""
from __future__ import annotations

import os
import shutil
from functools import cache

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


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
    """Atomically swap two existing paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


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
