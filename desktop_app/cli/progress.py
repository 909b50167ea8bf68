"""Progress on stderr: a redrawn bar on a terminal, plain lines when output is captured.

A scheduled month-end run writes to a log file, where carriage returns and redraws make a
mess; an accountant at a terminal wants one live line. Plain lines are throttled to changes
of step or of ten percent so a log stays readable.
"""

from __future__ import annotations

import sys
from typing import TextIO

_BAR_WIDTH = 24


class StderrProgress:
    """A ``ProgressCallback`` for the command line."""

    def __init__(self, stream: TextIO | None = None, *, prefix: str = "desktop-app") -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._prefix = prefix
        self._interactive = bool(getattr(self._stream, "isatty", lambda: False)())
        self._last: tuple[str, int] | None = None
        self._drawn = False

    def __call__(self, done: int, total: int | None, message: str) -> None:
        percent = int(100 * done / total) if total else -1
        if self._interactive:
            self._draw(percent, done, total, message)
            return
        step = (message.split(":", 1)[0], percent // 10 if percent >= 0 else -1)
        if step == self._last:
            return
        self._last = step
        amount = f" ({done}/{total})" if total else ""
        self._stream.write(f"{self._prefix}: {message}{amount}\n")
        self._stream.flush()

    def _draw(self, percent: int, done: int, total: int | None, message: str) -> None:
        if percent >= 0:
            filled = _BAR_WIDTH * percent // 100
            bar = "#" * filled + "." * (_BAR_WIDTH - filled)
            text = f"[{bar}] {percent:3d}% {message}"
        else:
            text = f"[{'~' * _BAR_WIDTH}] {message}"
        self._stream.write("\r\x1b[2K" + text[:110])
        self._stream.flush()
        self._drawn = True

    def finish(self) -> None:
        """End the live line so the next message starts on its own line."""
        if self._interactive and self._drawn:
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = False
