"""Waiting for a review step saved in the background to land on the screens.

The window saves a step of several decisions (and its undo and redo) off the GUI thread
(``ReviewSession._save_apart``): the undo stack and the rows change once the save has
landed, which the event loop delivers. A test acting through the window waits for that
before it reads what the step did; a step of one decision is saved in place, at once.
"""

from __future__ import annotations

from typing import Any

from desktop_app.ui.main_window import MainWindow

LANDING_MS = 60_000  # a save of a few thousand decisions on a machine busy with other work


def landed(qtbot: Any, window: MainWindow) -> None:
    """Wait until no step's save runs in the background (it landed, or failed)."""
    qtbot.waitUntil(lambda: not window.session.saving, timeout=LANDING_MS)
