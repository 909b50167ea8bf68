"""The question closing the window asks while a fetch, an import or an export runs, and
the one it asks when the work stopped has not ended in time.

Closing used to stop the work unasked, and (until it waited for it) lose what Cancel
keeps: the accountant chooses, knowing what stopping keeps, between stopping it as Cancel
does and closing ("Stop and close"), or leaving the window open for it ("Keep working").

Closing then waits for the work to end, within a limit (``TaskRunner.stop_timeout_s``).
Work that has not ended by then (a provider that never answers, a statement on a share
that stopped answering) used to have the workspace closed under it, unsaid: it may still
be writing to it. Now the window says so and stays open unless told to wait again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.services import WorkspaceGone
from desktop_app.ui.tasks import WhenClosed
from desktop_app.wording import and_list, capitalised

if TYPE_CHECKING:
    from desktop_app.ui.dialogs.seam import GoneAnswer

STOP = "Stop and close"
KEEP = "Keep working"
WAIT = "Wait again"
STAY = "Keep the window open"
SAVE_COPY = "Save a copy…"
DISCARD = "Close and lose it"


def close_question(running: Sequence[WhenClosed]) -> tuple[str, str]:
    """The question's text ("A fetch is running.") and what each choice does, what
    stopping keeps of each task included."""
    names = and_list([task.running for task in running])
    verb = "is" if len(running) == 1 else "are"
    text = f"{capitalised(names)} {verb} running."
    kept = " ".join(f"{capitalised(task.stopped)}." for task in running)
    details = (
        f"{STOP}: stopped as Cancel stops {'it' if len(running) == 1 else 'them'}, then "
        f"the window closes. {kept}\n{KEEP}: the window stays open and the work goes on."
    )
    return text, details


def ask_stop_and_close(parent: QWidget, running: Sequence[WhenClosed]) -> bool:
    """Whether to stop the ``running`` work and close (True), or keep working (False,
    also on Escape or the dialog closed: nothing is stopped unasked)."""
    text, details = close_question(running)
    icon = QMessageBox.Icon.Question
    return _asked(parent, icon, "Work in progress", (text, details), STOP, KEEP, default=KEEP)


def not_stopped_question(still: Sequence[str], waited_s: float) -> tuple[str, str]:
    """The text ("An import of bank.csv has not stopped.") when the work ``still``
    running has not ended ``waited_s`` seconds after it was told to, and what each
    choice does."""
    one = len(still) == 1
    names = and_list(list(still))
    it = "it" if one else "they"
    them = "it" if one else "them"
    text = f"{capitalised(names)} {'has' if one else 'have'} not stopped."
    waited = f"{waited_s:g} second{'' if waited_s == 1 else 's'}"
    details = (
        f"{capitalised(it)} {'was' if one else 'were'} told to stop {waited} ago and "
        f"may still be writing to the workspace, which closing the window closes: the "
        f"window does not close under {them}.\n"
        f"{WAIT}: wait up to {waited} more, and close once {it} {'has' if one else 'have'} "
        "ended.\n"
        f"{STAY}: {it} stay{'s' if one else ''} stopped as Cancel stops {them}; what {it} "
        f"keep{'s' if one else ''} is shown when {it} end{'s' if one else ''}, and the "
        "window can be closed then."
    )
    return text, details


def ask_wait_again(parent: QWidget, still: Sequence[str], waited_s: float) -> bool:
    """Whether to wait again for the work ``still`` running (True), or keep the window
    open (False, also on Escape or the dialog closed: the workspace is never closed
    under work that may be writing to it)."""
    text, details = not_stopped_question(still, waited_s)
    icon = QMessageBox.Icon.Warning
    return _asked(parent, icon, "Work not stopped", (text, details), WAIT, STAY, default=WAIT)


def gone_question(gone: WorkspaceGone) -> tuple[str, str]:
    """The question closing asks while the workspace's file is ``gone``: its text, and
    what each choice does. Closing is where what it holds would be lost for good."""
    text = (
        f"The workspace {gone.path} was {gone.how} while it was open. Everything it held "
        "is still open here, and nowhere else."
    )
    details = (
        f"{SAVE_COPY}: choose where to save it; the window closes once it is saved.\n"
        f"{DISCARD}: the window closes, and everything decided in this workspace is lost.\n"
        f"{KEEP}: the window stays open."
    )
    return text, details


def ask_close_gone(parent: QWidget, gone: WorkspaceGone) -> GoneAnswer:
    """Save a copy first (the default), close losing it, or keep the window open (also on
    Escape, or the box closed: nothing is lost by an accidental key)."""
    from desktop_app.ui.dialogs.seam import GoneAnswer

    text, details = gone_question(gone)
    box = QMessageBox(QMessageBox.Icon.Warning, "Workspace file gone", text, parent=parent)
    box.setInformativeText(details)
    save = box.addButton(SAVE_COPY, QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(DISCARD, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(KEEP, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return GoneAnswer.SAVE_COPY
    return GoneAnswer.DISCARD if clicked is discard else GoneAnswer.KEEP


def _asked(
    parent: QWidget,
    icon: QMessageBox.Icon,
    title: str,
    said: tuple[str, str],
    accept: str,
    reject: str,
    default: str,
) -> bool:
    """Whether ``accept`` was pressed in a box saying ``said`` (text, then details) with
    the two buttons; Escape, or the box closed, is ``reject``: closing asks nothing that
    an accidental key could answer by stopping work or closing under it."""
    text, details = said
    box = QMessageBox(icon, title, text, parent=parent)
    box.setInformativeText(details)
    yes = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(reject, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes if default == accept else no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes
