"""A progress bar on stderr while InferenceServices compile, only for a person watching: stderr is a terminal, and
stdout is not a manifest stream (``-o -``), and the diagnostics are not JSON. It redraws one line in place and
erases it when done, so what stays on the terminal is exactly what a run without it prints."""
from __future__ import annotations

from typing import TextIO

WIDTH = 30


class Progress:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    @classmethod
    def wanted(cls, stream: TextIO, *, streaming: bool, fmt: str) -> Progress | None:
        """A bar on ``stream`` when it is a terminal and neither manifests stream to stdout nor JSON is asked."""
        isatty = getattr(stream, "isatty", None)
        if streaming or fmt == "json" or not (isatty and isatty()):
            return None
        return cls(stream)

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        filled = WIDTH * done // total
        self.stream.write(f"\romec: [{'#' * filled}{' ' * (WIDTH - filled)}] {done:,}/{total:,} InferenceServices")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Erase the bar (carriage return, erase to end of line)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
