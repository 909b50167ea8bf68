"""A batch of decisions is checked against the statements once, not once per line.

A bulk action records thousands of decisions in one transaction; each line of each
decision used to be looked up in the statements (and, for a file not held, in the
removals' withdrawals) with two or three queries of its own. The answer is the same for
every kind of line: held (as a line or as a repeat), a row a held file does not have, a
line of a removed file whose decision the removal withdrew, a file never held."""

from __future__ import annotations

import re

import pytest

from desktop_app.domain import Decision, DecisionKind, LineKey
from desktop_app.workspace import Workspace
from desktop_app.workspace.decision_log import removal_reason
from desktop_app.workspace.errors import DecisionError
from desktop_app.workspace.statement_store import absent_rows
from tests.workspace.factories import decision, ikey, line, lkey, sha

LAYOUT = {"format": "csv"}


def _held_repeated_and_removed(workspace: Workspace) -> None:
    """march.csv holds rows 2 and 3; april.csv repeats march's row 2 as its row 2 and
    holds its row 3; feb.csv was removed, withdrawing an accept on its row 2 (its row 3
    was never decided)."""
    workspace.add_statement("march.csv", sha("march"), LAYOUT, [line(2), line(3, "-3.00")])
    april = [line(2, source_file="april.csv"), line(3, "-4.00", day=5, source_file="april.csv")]
    workspace.add_statement("april.csv", sha("april"), LAYOUT, april)
    feb = [line(row, f"-{row}.10", day=row, source_file="feb.csv") for row in (2, 3)]
    workspace.add_statement("feb.csv", sha("feb"), LAYOUT, feb)
    workspace.record_decision(
        Decision(DecisionKind.ACCEPT, (ikey("INV-1"),), (LineKey("feb.csv", 2),))
    )
    workspace.remove_statement("feb.csv")


PRESENT = (lkey(2), lkey(3), lkey(2, "april.csv"), lkey(3, "april.csv"))
MISSING = (lkey(9), lkey(1, "april.csv"), lkey(7, "april.csv"))
WITHDRAWN = lkey(2, "feb.csv")
NEVER_DECIDED = lkey(3, "feb.csv")  # of a removed file, but no decision was withdrawn
NEVER_HELD = lkey(4, "may.csv")


def test_the_statements_say_which_lines_of_a_mixed_batch_they_do_not_hold(
    workspace: Workspace,
) -> None:
    _held_repeated_and_removed(workspace)
    asked = (*PRESENT, *MISSING, WITHDRAWN, NEVER_DECIDED, NEVER_HELD)
    with workspace._database.reading() as connection:
        absent = absent_rows(connection, asked)
        assert absent.missing == frozenset(MISSING)
        assert absent.unheld == frozenset({WITHDRAWN, NEVER_DECIDED, NEVER_HELD})
        assert absent_rows(connection, ()) == absent_rows(connection, PRESENT)


def _reject(invoice: int, key: LineKey) -> Decision:
    return Decision(DecisionKind.REJECT, (ikey(f"INV-{invoice}"),), (key,), "bulk")


def test_a_mixed_batch_is_recorded_or_refused_as_each_decision_alone_was(
    workspace: Workspace,
) -> None:
    _held_repeated_and_removed(workspace)
    allowed = [_reject(n, key) for n, key in enumerate((*PRESENT, NEVER_DECIDED, NEVER_HELD))]
    trail = len(workspace.audit())

    for refused, said in [
        *((key, rf"{re.escape(key.source_file)} has no row {key.row}") for key in MISSING),
        (WITHDRAWN, r"feb\.csv was removed from this workspace"),
    ]:
        with pytest.raises(DecisionError, match=said):
            workspace.record_decisions([*allowed, _reject(99, refused), *allowed[:1]])
        assert len(workspace.audit()) == trail  # all or nothing

    recorded = workspace.record_decisions(allowed)
    assert [e.decision.line_keys for e in recorded] == [d.line_keys for d in allowed]


def test_a_withdrawal_in_the_batch_withdraws_its_lines_for_the_decisions_after_it(
    workspace: Workspace,
) -> None:
    """Checked once for the batch, the answer still follows the batch's own decisions:
    a withdrawal as a removal records it, then a decision on its line, is refused as the
    two recorded one by one were."""
    june = LineKey("june.csv", 2)  # never held: decided before its statement
    workspace.record_decision(_reject(1, june))
    withdrawal = Decision(
        DecisionKind.UNMATCH, (ikey("INV-1"),), (june,), removal_reason("june.csv")
    )
    with pytest.raises(DecisionError, match=r"june\.csv was removed"):
        workspace.record_decisions([withdrawal, _reject(1, june)])


def _statement_queries(workspace: Workspace, batch: list[Decision]) -> int:
    """How many statements recording ``batch`` executed that read the statements or
    the removals' withdrawals (the check), as SQLite traced them."""
    executed: list[str] = []
    with workspace._database.reading() as connection:
        connection.set_trace_callback(executed.append)
    try:
        workspace.record_decisions(batch)
    finally:
        with workspace._database.reading() as connection:
            connection.set_trace_callback(None)
    check = re.compile(r"\b(statements|statement_lines|statement_repeats)\b|d\.reason = ")
    return sum(1 for sql in executed if check.search(sql))


def test_the_check_of_a_batch_does_not_grow_with_the_batch(workspace: Workspace) -> None:
    rows = range(2, 402)
    march = [line(row, f"-{row}.00", day=1 + row % 28) for row in rows]
    workspace.add_statement("march.csv", sha("march"), LAYOUT, march)

    def batch(first: int, count: int) -> list[Decision]:
        """Rejects of ``count`` held lines and as many of a file never held."""
        return [
            decision(DecisionKind.REJECT, (f"INV-{n}",), (n,)) for n in range(first, first + count)
        ] + [_reject(n, LineKey("may.csv", n)) for n in range(first, first + count)]

    small = _statement_queries(workspace, batch(2, 4))
    large = _statement_queries(workspace, batch(10, 390))
    assert small > 0
    assert large == small
