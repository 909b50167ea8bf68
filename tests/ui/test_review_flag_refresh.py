"""After each review step the session learns from the workspace which decisions are still
flagged for review, on the GUI thread: it asks only what changed, not for every flag.

A real workspace (through the window's ``WorkspaceBackend``) and a real ``ReviewSession``
with its undo stack: a step on a decision no flag is on changes nothing and reads no flag
whole; confirming a flagged decision again clears its flag, and undoing that brings it
back, said to the screens each time.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain import Decision, DecisionKind, Match, MatchState, Money, Reconciliation
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.review import match_key
from desktop_app.ui.services import ReviewFlagChanges
from desktop_app.ui.session import ReviewSession
from desktop_app.workspace import ReviewCause
from tests.ui.factories import invoice, line, match

PROVIDER = "Content Ignite"


class Asked:
    """The backend's ``review_flag_changes``, noting what each call was told and gave."""

    def __init__(self, backend: WorkspaceBackend) -> None:
        self._backend = backend
        self.calls: list[tuple[frozenset[int], ReviewFlagChanges]] = []

    def __call__(self, held: AbstractSet[int]) -> ReviewFlagChanges:
        changes = self._backend.review_flag_changes(held)
        self.calls.append((frozenset(held), changes))
        return changes


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[WorkspaceBackend]:
    backend = WorkspaceBackend()
    backend.open(tmp_path / "flags.reconcile", create=True)
    yield backend
    backend.close()


def accepted(backend: WorkspaceBackend) -> list[Match]:
    """Three accepted pairings; the first one's invoice then changed amount (flagged)."""
    invoices = [invoice(n, provider=PROVIDER) for n in (1, 2, 3)]
    lines = [line(n + 1) for n in (1, 2, 3)]
    workspace = backend.workspace
    workspace.save_invoices(PROVIDER, invoices)
    for item, paid in zip(invoices, lines, strict=True):
        backend.record(Decision(DecisionKind.ACCEPT, (item.key,), (paid.key,)))
    changed = replace(invoices[0], gross=Money.of("95.00", "GBP"))
    workspace.save_invoices(PROVIDER, [changed, *invoices[1:]])
    return [
        match(item, paid, state=MatchState.ACCEPTED)
        for item, paid in zip([changed, *invoices[1:]], lines, strict=True)
    ]


def session_over(backend: WorkspaceBackend, asked: Asked, matches: list[Match]) -> ReviewSession:
    session = ReviewSession(backend.record, backend.undo, user="ann", review_flags=asked)
    invoices = tuple(m.invoices[0] for m in matches)
    lines = tuple(m.lines[0] for m in matches)
    session.load(invoices, lines, Reconciliation(invoices, lines, tuple(matches), ()))
    session.set_review_flags(backend.review_flag_changes(frozenset()).new)  # all in force
    return session


def test_a_step_on_a_decision_no_flag_is_on_reads_no_flag(
    backend: WorkspaceBackend, qtbot: Any
) -> None:
    matches = accepted(backend)
    asked = Asked(backend)
    session = session_over(backend, asked, matches)
    flags = session.review_flags
    held = flags.ids()
    assert len(held) == 1
    with qtbot.assertNotEmitted(session.review_flags_changed):
        session.reject([matches[2]])
        session.undo_stack.undo()
    assert session.review_flags is flags  # nothing rebuilt
    assert [(told, bool(gave)) for told, gave in asked.calls] == [(held, False), (held, False)]


def test_confirming_a_flagged_decision_clears_its_flag_and_undo_brings_it_back(
    backend: WorkspaceBackend, qtbot: Any
) -> None:
    matches = accepted(backend)
    asked = Asked(backend)
    session = session_over(backend, asked, matches)
    flagged = matches[0]
    (before,) = session.review_flags.on(flagged)
    assert before.causes == (ReviewCause.AMOUNT,)
    with qtbot.waitSignal(session.review_flags_changed) as cleared:
        session.accept([flagged])  # confirmed again: the flag clears
    assert cleared.args == [{match_key(flagged)}]
    assert not session.is_flagged(session.matches[0])
    assert len(session.review_flags) == 0
    with qtbot.waitSignal(session.review_flags_changed) as back:
        session.undo_stack.undo()
    assert back.args == [{match_key(flagged)}]
    (again,) = session.review_flags.on(flagged)
    assert (again.reason, again.causes, again.flagged_at) == (
        before.reason,
        before.causes,
        before.flagged_at,
    )
    assert again.entry != before.entry  # put back in force as a new entry
    # Each refresh read whole only the flag it did not hold.
    assert [len(gave.new) for _, gave in asked.calls] == [0, 1]
    assert [len(gave.gone) for _, gave in asked.calls] == [1, 0]
    in_force = backend.review_flag_changes(frozenset()).new
    assert session.review_flags.ids() == {flag.id for flag in in_force}
