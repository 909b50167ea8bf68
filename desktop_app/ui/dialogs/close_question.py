"""The question closing the window asks while a fetch, an import or an export runs.

Closing used to stop the work unasked, and (until it waited for it) lose what Cancel
keeps: the accountant chooses, knowing what stopping keeps, between stopping it as Cancel
does and closing ("Stop and close"), or leaving the window open for it ("Keep working").
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.tasks import WhenClosed
from desktop_app.wording import and_list

STOP = "Stop and close"
KEEP = "Keep working"


def close_question(running: Sequence[WhenClosed]) -> tuple[str, str]:
    """The question's text ("A fetch is running.") and what each choice does, what
    stopping keeps of each task included."""
    names = and_list([task.running for task in running])
    verb = "is" if len(running) == 1 else "are"
    text = f"{names[:1].upper()}{names[1:]} {verb} running."
    kept = " ".join(f"{task.stopped[:1].upper()}{task.stopped[1:]}." for task in running)
    details = (
        f"{STOP}: stopped as Cancel stops {'it' if len(running) == 1 else 'them'}, then "
        f"the window closes. {kept}\n{KEEP}: the window stays open and the work goes on."
    )
    return text, details


def ask_stop_and_close(parent: QWidget, running: Sequence[WhenClosed]) -> bool:
    """Whether to stop the ``running`` work and close (True), or keep working (False,
    also on Escape or the dialog closed: nothing is stopped unasked)."""
    text, details = close_question(running)
    box = QMessageBox(QMessageBox.Icon.Question, "Work in progress", text, parent=parent)
    box.setInformativeText(details)
    stop = box.addButton(STOP, QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(KEEP, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is stop
