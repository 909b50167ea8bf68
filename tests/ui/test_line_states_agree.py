"""The lines' states a worker reads (``ReviewSession.line_states``) agree with the
session's own answer (``line_state``, the index's strongest state) for every line.

``line_states`` works each line's state out in one pass over the rows shown
(``_strongest_by_line``), apart from the index, for the Statements screen's worker to
sort and filter by: where the two disagreed, a big statement would sort and filter by
one state and show another. Lines held by several matches in different states, the
strongest coming first and last, and lines held by none, before and after a step.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from desktop_app.domain import MatchState
from desktop_app.ui.session import ReviewSession
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices


@pytest.fixture
def session(qapp) -> ReviewSession:  # type: ignore[no-untyped-def]
    trail = MemoryServices()
    clock = iter(datetime(2026, 3, 1, 9, minute, tzinfo=UTC) for minute in range(60))
    session = ReviewSession(
        trail.record_decision, trail.undo_decision, user="ann", clock=lambda: next(clock)
    )
    invoices = tuple(f.invoice(number, "100.00") for number in range(1, 9))
    lines = tuple(f.line(row, "-100.00") for row in range(1, 7))
    one, two, three, four, five, _ = lines
    state = MatchState
    matches = (
        f.match(invoices[0], one, state=state.REJECTED),  # the weaker first
        f.match(invoices[1], one, state=state.SUGGESTED),
        f.match(invoices[2], two, state=state.AUTO),  # the stronger first
        f.match(invoices[3], two, state=state.REJECTED),
        f.match(invoices[4], three, state=state.SUGGESTED),
        f.match(invoices[5], (three, four), state=state.MANUAL),  # strongest in the middle
        f.match(invoices[6], three, state=state.REJECTED),
        f.match(invoices[7], five, state=state.REJECTED),  # only a refusal; the sixth: none
    )
    run = replace(f.reconciliation(), invoices=invoices, lines=lines, matches=matches)
    session.load(invoices, lines, run)
    return session


def _agree(session: ReviewSession) -> dict[object, MatchState | None]:
    states = session.line_states()
    seen: dict[object, MatchState | None] = {}
    for line in session.lines_by_key().values():
        assert states(line.key) == session.line_state(line.key), line
        seen[line.key] = states(line.key)
    return seen


def test_each_line_has_the_state_the_session_gives_it(session: ReviewSession) -> None:
    states = list(_agree(session).values())
    assert states == [
        MatchState.SUGGESTED,
        MatchState.AUTO,
        MatchState.MANUAL,
        MatchState.MANUAL,
        MatchState.REJECTED,
        None,
    ]
    suggested = next(m for m in session.matches if m.state is MatchState.SUGGESTED)
    assert session.reject([suggested])
    assert list(_agree(session).values()) == [MatchState.REJECTED, *states[1:]]
