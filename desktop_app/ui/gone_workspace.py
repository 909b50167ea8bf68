"""A workspace whose file is removed, moved away or replaced while the window has it open.

On Linux and macOS the file can go from under an open window: a colleague tidies the
shared folder, a sync client takes it away or puts its own version in its place. SQLite
would go on writing into the file it holds, which nobody can open once it is closed, so
every decision made after was said saved and lost at close. The workspace now refuses
each change into it (``WorkspaceGoneError``), and this watch says what happened at once:
whenever a change is refused, whenever the window comes back to the front, and every few
seconds, in a banner naming the path, which offers *Save a copy as…*. The copy holds
everything the open workspace held (SQLite's backup from the open connection) and the
window goes on in it, its undo history too. Closing the window before asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.domain import CancelToken, ProgressCallback
from desktop_app.ui.dialogs.seam import Dialogs, GoneAnswer
from desktop_app.ui.services import AppServices, WorkspaceGone
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.tasks import TaskFailure, TaskRunner, WhenClosed
from desktop_app.ui.views.banner import BannerArea
from desktop_app.ui.views.banner_slot import BannerSlot, BannerText

# How often the path is looked at while nothing else asks (one ``os.stat``).
CHECK_EVERY_MS = 3000
SAVE_COPY = "Save a copy as…"


def gone_text(gone: WorkspaceGone, save: Callable[[], None]) -> BannerText:
    """The banner saying the file is gone, what that means, and the way out."""
    return BannerText(
        "error",
        "Workspace file gone",
        f"{gone.path} was {gone.how} while it was open. Everything decided until now is "
        "still held here, but nothing more can be saved into that file, and closing would "
        f"lose it all: choose {SAVE_COPY} to keep it and go on working in the copy.",
        actions=((SAVE_COPY, save),),
    )


def suggested_copy(gone: WorkspaceGone | None, path: Path) -> Path:
    """Where the copy is first offered: the path the file was at, where it was removed
    and its folder is still there (it is put back); beside it under another name where
    another file took its place (replacing that one is the accountant's choice); in the
    home folder where its folder went with it."""
    if gone is not None and gone.path.parent.is_dir():
        if not gone.path.exists():
            return gone.path
        return gone.path.with_name(f"{gone.path.stem} (kept){gone.path.suffix}")
    if path.parent.is_dir():
        return path.with_name(f"{path.stem} (copy){path.suffix}")
    return Path.home() / path.name


class GoneWatch(QObject):
    """Looks whether the open workspace's file is still at its path, says so when it is
    not (``check``), saves a copy (``save_copy``) and asks before closing (``may_close``).
    ``copied`` carries the path of a copy the window now works in."""

    copied = Signal(object)  # Path

    def __init__(
        self,
        window: QWidget,
        services: AppServices,
        dialogs: Dialogs,
        runner: TaskRunner,
        session: ReviewSession,
        banners: BannerArea,
    ) -> None:
        super().__init__(window)
        self._window, self._services, self._dialogs = window, services, dialogs
        self._runner, self._session, self._banners = runner, session, banners
        self._said = BannerSlot(banners)
        self._saving = False
        self._discarded = False  # closing was told to lose it: not asked again
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self, anew: bool = False) -> WorkspaceGone | None:
        """Say in a banner that the workspace's file is gone, and how, or take the banner
        away once the path holds the file again (put back); what is gone, or None.
        A banner dismissed is not said again by the timer, but ``anew`` (a change was
        just refused because of it) says it again."""
        gone = self._services.workspace_gone()
        if gone is None:
            self._said.say(None)
        else:
            self._said.say(gone_text(gone, self._save_asked), anew=anew)
        return gone

    def _save_asked(self) -> None:
        """The banner's *Save a copy as…* (its button passes no ``then``)."""
        self.save_copy()

    def refused(self, *_: object) -> None:
        """A change failed: where the file is gone, that is why, and it is said again."""
        self.check(anew=True)

    def save_copy(self, then: Callable[[], object] | None = None) -> bool:
        """*Save a copy as…*: ask where, then save it in the background and go on in it;
        ``then`` runs once it is saved (closing the window). Whether a save started."""
        path = self._services.workspace_path()
        if path is None or self._saving:
            return False
        if self._session.saving:  # its decisions land first, and are in the copy
            self._banners.show_refusal(
                "Still saving", "Wait for the decisions being saved, then save the copy."
            )
            return False
        chosen = self._dialogs.choose_workspace_copy(
            self._window, suggested_copy(self._services.workspace_gone(), path)
        )
        if chosen is None:
            return False
        services = self._services
        self._saving = True

        def work(progress: ProgressCallback, cancel: CancelToken) -> Path:
            return services.save_workspace_copy(chosen)

        def failed(failure: TaskFailure) -> None:
            self._saving = False
            self._banners.show_error(f"Copy not saved as {chosen.name}", failure.message)

        def saved(copy: Path) -> None:
            self._saving = False
            self._said.say(None)
            self.copied.emit(copy)
            self._banners.show_info(
                "Workspace saved as a copy",
                f"Everything is kept in {copy}, and the window works in it now: each "
                "decision is saved into it as it is made.",
            )
            self.check()
            if then is not None:
                then()

        self._runner.run_in_thread(
            f"Saving a copy as {chosen.name}",
            work,
            saved,
            failed,
            cancellable=False,  # one backup, all or nothing
            when_closed=WhenClosed(
                f"a copy of the workspace being saved as {chosen.name}",
                "a copy is not stopped half-way: it is saved before the window closes",
            ),
        )
        return True

    def may_close(self) -> bool:
        """Whether the window may close: with the workspace's file gone, closing would
        lose everything it holds, so the accountant is asked first: save a copy (the
        window closes once it is saved), close losing it, or keep working."""
        gone = self.check()
        if gone is None or self._discarded:
            return True
        answer = self._dialogs.close_gone(self._window, gone)
        if answer is GoneAnswer.SAVE_COPY:
            self.save_copy(then=self._window.close)
            return False
        self._discarded = answer is GoneAnswer.DISCARD
        return self._discarded
