"""``omec build --check -o OUT``: the drift gate. Compiles as a build would and compares every file with ``OUT``
without writing anything: which files a build would add, change and remove."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from omec.diagnostics import Diagnostic
from omec.write.sinks import Sink, Written
from omec.write.tree import check_output_dir


@dataclass(slots=True)
class Drift:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class CheckSink(Sink):
    """Compares each chunk with ``OUT`` as it comes (nothing is kept in memory but the paths); ``drift`` is complete
    after ``commit``. ``OUT`` must be a directory omec could replace (the build's own check), or absent."""

    wants_files = True

    def __init__(self, out: str, force: bool = False) -> None:
        self.out, self.force = out, force
        self.drift = Drift()
        self._seen: set[str] = set()

    def open(self) -> list[Diagnostic]:
        return check_output_dir(self.out, self.force)

    def write(self, files: dict[str, bytes]) -> Written:
        same = 0
        for rel in sorted(files):
            self._seen.add(rel)
            old = _read(os.path.join(self.out, rel))
            if old is None:
                self.drift.added.append(rel)
            elif old != files[rel]:
                self.drift.changed.append(rel)
            else:
                same += 1
        return same, []

    def commit(self, meta: dict[str, bytes]) -> Written:
        same, _ = self.write(meta)
        if os.path.isdir(self.out):
            for root, dirs, names in os.walk(self.out):
                dirs.sort()
                for name in sorted(names):
                    rel = os.path.relpath(os.path.join(root, name), self.out).replace(os.sep, "/")
                    if rel not in self._seen:
                        self.drift.removed.append(rel)
        for paths in (self.drift.added, self.drift.changed, self.drift.removed):
            paths.sort()
        return same, []


def _read(path: str) -> bytes | None:
    """The bytes of the regular file at ``path``, never through a symlink (the build would replace it)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # missing, a symlink, unreadable: not the file a build would write
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            return fh.read() if stat.S_ISREG(os.fstat(fd).st_mode) else None
        except OSError:  # a directory or a device
            return None
