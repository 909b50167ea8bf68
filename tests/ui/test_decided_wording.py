"""A row the accountant decides is worded as the decision at once, not at the next run.

Accepting one of two suggestions for a payment ("which of the two invoices of £450.00?")
kept the engine's words on the row: its explanation without "accepted", and its
runner-up "could also be INV-00002", until the next run or export replaced the row: the
window said one thing while the decision said another. A rejected row kept the
evidence for the pairing instead of who rejected it and why. The real window, engine
and workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Decision, DecisionKind, Match, MatchState
from desktop_app.matching import reconcile
from desktop_app.ui import review
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.screens import decide, row_of

# One payment quoting two invoices of its amount: two suggestions, each the other's
# runner-up.
TWINS = (f.invoice(1, "450.00"), f.invoice(2, "450.00"))
BOTH = f.line(11, "-450.00", description="Payment INV-00001 INV-00002")


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, TWINS, (BOTH,)) as shown:
        yield shown


def _shown(window: MainWindow, match: Match, column: str) -> str:
    """What the Reconcile table shows in ``column`` of ``match``'s row."""
    model = window.reconcile.model
    row = model.row_of(match_key(match))
    assert row is not None
    return str(model.index(row, column_index(model.columns, column)).data())


def _rerun(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()


def test_an_accepted_suggestion_says_accepted_at_once_as_the_next_run_does(
    qtbot, window: MainWindow
) -> None:
    proposed = row_of(window.session, 1)
    assert proposed.state is MatchState.SUGGESTED
    assert proposed.runner_up is not None
    assert "INV-00002" in proposed.runner_up

    decide(qtbot, window, 1, Qt.Key.Key_A)

    accepted = row_of(window.session, 1)
    assert accepted.state is MatchState.ACCEPTED
    assert accepted.explanation == f"accepted; {proposed.explanation}"
    assert accepted.runner_up is None  # the accountant chose: no "could also be"
    assert _shown(window, accepted, "explanation") == accepted.explanation
    assert _shown(window, accepted, "runner_up") == ""
    assert _shown(window, accepted, "state") == "Accepted"
    detail = window.reconcile.detail
    assert detail.explanation.text() == accepted.explanation
    assert not detail.runner_up.isVisibleTo(window)

    _rerun(qtbot, window)  # the next run words the decision the same way
    again = row_of(window.session, 1)
    assert (again.state, again.explanation, again.runner_up) == (
        MatchState.ACCEPTED,
        accepted.explanation,
        None,
    )


def test_guard_undo_gives_the_engine_s_words_back(qtbot, window: MainWindow) -> None:
    proposed = row_of(window.session, 1)
    decide(qtbot, window, 1, Qt.Key.Key_A)
    window.undo_action.trigger()
    back = row_of(window.session, 1)
    assert (back.state, back.explanation, back.runner_up) == (
        MatchState.SUGGESTED,
        proposed.explanation,
        proposed.runner_up,
    )


def test_a_rejected_row_says_who_rejected_it_and_why_at_once(qtbot, window: MainWindow) -> None:
    view = window.reconcile
    qtbot.keyClicks(view.note, "paid by the parent company")

    decide(qtbot, window, 2, Qt.Key.Key_R)

    rejected = row_of(window.session, 2)
    assert rejected.state is MatchState.REJECTED
    user = window.session.user or "an unnamed user"
    assert rejected.explanation.startswith(f"Rejected by {user} on ")
    assert rejected.explanation.endswith(
        ": paid by the parent company. Matching does not propose it again; "
        "Unmatch withdraws the rejection."
    )
    assert rejected.runner_up is None
    assert _shown(window, rejected, "explanation") == rejected.explanation

    _rerun(qtbot, window)  # the run lists the rejection in force in the same words
    (listed,) = [m for m in window.session.matches if m.state is MatchState.REJECTED]
    assert listed.explanation == rejected.explanation


AT = datetime(2026, 2, 3, 10, 15, tzinfo=UTC)


def test_an_accepted_repeat_payment_is_the_payment_accepted() -> None:
    """The engine's repeat of an invoice paid twice, accepted: the payment confirmed, as
    the next run words it ("accepted; ...", the other line then its repeat)."""
    paid = f.invoice(166, "451.67")
    first = f.line(10, "-451.67", description="PHI INV-00166")
    again = f.line(11, "-451.67", description="PHI INV-00166", day=first.date)
    run = reconcile([paid], [first, again])
    (repeat,) = [m for m in run.matches if m.explanation.startswith("repeat payment; ")]
    change = review.accept(repeat, "ann", AT, review.MatchIndex(run.matches))
    (accepted,) = change.added
    accept = Decision(DecisionKind.ACCEPT, repeat.invoice_keys, repeat.line_keys)
    (rerun,) = [
        m
        for m in reconcile([paid], [first, again], decisions=[accept]).matches
        if m.state is MatchState.ACCEPTED
    ]
    assert accepted.explanation == rerun.explanation


def test_a_rejection_accepted_after_all_says_what_it_pays() -> None:
    """A Rejected row has no evidence of the engine's to repeat (a run never scored it):
    accepted, it says who accepted it and what it pays, as a match by hand does."""
    paid = f.invoice(7, "100.00")
    short = f.line(12, "-90.00", description="INV-00007")
    reject = Decision(DecisionKind.REJECT, (paid.key,), (short.key,), "", "bob", AT)
    run = reconcile([paid], [short], decisions=[reject])
    (rejected,) = review.standing_rejections(run, [reject])
    (accepted,) = review.accept(rejected, "ann", AT, review.MatchIndex([rejected])).added
    assert accepted.state is MatchState.ACCEPTED
    assert accepted.explanation == (
        "accepted by ann; paid £90.00 out for £100.00 invoiced: a difference of -£10.00"
    )
