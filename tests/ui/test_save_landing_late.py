"""A step saved in the background that lands after the screen moved on.

The window saves a step of several decisions on a worker, and holds back what could
change the rows or the history meanwhile (matching, export, opening a workspace wait or
are disabled). Should a save land all the same after another run was shown, or an undo
or redo after the history changed, the rows and the stack it was taken on are gone:
showing it on the new ones would show it on rows it is not about, or move the history
by a step it did not take. The save is kept in the workspace, and the accountant told to
run matching to see it; the stack does not move. A session with a background save that
lands only when the test says, so the run or the history can change before it does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from desktop_app.domain import DecisionKind, Match, MatchState
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.tasks import TaskFailure
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices


class HeldSave:
    """A background save that runs its work, and its landing, only at ``land``."""

    def __init__(self) -> None:
        self.held: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def __call__(
        self,
        count: int,
        work: Callable[[], Any],
        landed: Callable[[Any], None],
        failed: Callable[[TaskFailure], None],
    ) -> None:
        self.held.append((work, landed))

    def land(self) -> None:
        work, landed = self.held.pop(0)
        landed(work())


@pytest.fixture
def trail() -> MemoryServices:
    return MemoryServices()


@pytest.fixture
def save() -> HeldSave:
    return HeldSave()


@pytest.fixture
def session(qapp, trail: MemoryServices, save: HeldSave) -> ReviewSession:
    clock = iter(datetime(2026, 3, 1, 9, minute, tzinfo=UTC) for minute in range(60))
    session = ReviewSession(
        trail.record_decision,
        trail.undo_decision,
        user="ann",
        clock=lambda: next(clock),
        record_all=trail.record_decisions,
        undo_all=trail.undo_decisions,
        save_in_background=save,
    )
    rec = f.reconciliation()
    session.load(rec.invoices, rec.lines, rec)
    return session


def _told(session: ReviewSession) -> list[str]:
    told: list[str] = []
    session.told.connect(told.append)
    return told


def _open_two(session: ReviewSession) -> list[Match]:
    """The run's two matches not yet decided by the accountant: the engine's and its
    suggestion."""
    two = [m for m in session.matches if not m.decided_by_user]
    assert [m.state for m in two] == [MatchState.AUTO, MatchState.SUGGESTED]
    return two


def test_a_save_landing_after_another_run_was_shown_is_told_not_shown(
    session: ReviewSession, trail: MemoryServices, save: HeldSave
) -> None:
    told = _told(session)
    first, second = _open_two(session)
    session.accept([first, second])
    assert session.saving
    assert trail.recorded == []  # not saved yet: held

    session.set_reconciliation(f.reconciliation())  # another run, shown meanwhile
    save.land()

    assert [d.kind for d in trail.recorded] == [DecisionKind.ACCEPT] * 2  # saved, all the same
    assert told == [
        "“Accept 2 matches” was saved, but matching ran while it was: run matching to see it."
    ]
    assert session.undo_stack.count() == 0  # no step pushed on the new run's rows
    assert session.invoice_state(second.invoices[0].key) is MatchState.SUGGESTED
    assert not session.saving


def test_an_undo_landing_after_the_history_changed_moves_nothing(
    session: ReviewSession, trail: MemoryServices, save: HeldSave
) -> None:
    told = _told(session)
    first, second = _open_two(session)
    session.accept([first, second])
    save.land()
    assert session.undo_stack.count() == 1
    assert session.invoice_state(second.invoices[0].key) is MatchState.ACCEPTED

    session.undo()
    session.undo_stack.clear()  # a statement removed meanwhile, say
    save.land()

    assert [d.kind for d in trail.recorded] == [DecisionKind.ACCEPT] * 2 + [
        DecisionKind.UNMATCH
    ] * 2
    assert told == [
        (
            "“Undo: Accept 2 matches” was saved, but the undo history changed while it "
            "was: run matching to see it."
        )
    ]
    assert (session.undo_stack.count(), session.undo_stack.index()) == (0, 0)
    # the rows stay as they were shown: the undo was not applied to them
    assert session.invoice_state(second.invoices[0].key) is MatchState.ACCEPTED
    assert not session.saving


def test_a_redo_landing_after_the_history_changed_moves_nothing(
    session: ReviewSession, trail: MemoryServices, save: HeldSave
) -> None:
    told = _told(session)
    first, second = _open_two(session)
    session.accept([first, second])
    save.land()
    session.undo()
    save.land()
    assert session.invoice_state(second.invoices[0].key) is MatchState.SUGGESTED

    session.redo()
    session.undo_stack.clear()
    save.land()

    assert [d.kind for d in trail.recorded][-2:] == [DecisionKind.ACCEPT] * 2
    assert told == [
        (
            "“Redo: Accept 2 matches” was saved, but the undo history changed while it "
            "was: run matching to see it."
        )
    ]
    assert (session.undo_stack.count(), session.undo_stack.index()) == (0, 0)
    assert session.invoice_state(second.invoices[0].key) is MatchState.SUGGESTED
    assert not session.saving
