"""Where a long import has got to, told to whoever started it, who may stop it there.

A 200,000-row workbook takes seconds to read, lay out and turn into lines. The window
runs the import on a worker and wants to say which of those it is doing, and to stop at
Cancel without waiting for the rest; the command line wants neither. The importer names
each stage as it begins (``reached``); a caller that cares listens for the length of one
import (``reporting``), and its listener may raise to stop the import there (the window's
raises ``OperationCancelledError``). Nothing is kept between stages, so stopping leaves
nothing half-made. A context variable, not a parameter: the wizard reads a file through
several paths (detection, a corrected read, a read by hand), all of them the same import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from desktop_app.domain import CancelToken, ProgressCallback

StageListener = Callable[[str], None]

_LISTENER: ContextVar[StageListener | None] = ContextVar("import_stage_listener", default=None)


@contextmanager
def reporting(listener: StageListener) -> Iterator[None]:
    """Tell ``listener`` each stage the imports made inside this block begin."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def reached(stage: str) -> None:
    """Say the import begins ``stage`` ("reading 200,000 rows"); the listener may stop it."""
    listener = _LISTENER.get()
    if listener is not None:
        listener(stage)


@contextmanager
def as_progress(progress: ProgressCallback, cancel: CancelToken) -> Iterator[None]:
    """Each stage reported as progress without a count, and a Cancel honoured there: how a
    worker that reports through ``progress`` and polls ``cancel`` hears an import."""

    def heard(stage: str) -> None:
        cancel.raise_if_cancelled()
        progress(0, None, stage)

    with reporting(heard):
        yield
