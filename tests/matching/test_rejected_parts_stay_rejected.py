"""A rejected payment in parts is never proposed again as "the rest" of one of its parts.

The engine matches £100.00 to two lines quoting it, £60.00 and £40.00 (paid in 2 parts).
The accountant rejects that match (R: these two payments together are not its payment),
then matches one of the two lines to the invoice by hand. The next run proposed the
other line as "the rest of" the invoice after the part: the pairing the accountant had
just rejected, matched automatically and counted as reconciled, with no discrepancy
left to catch it (``rest.py`` checked the rejection against the rest line alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from desktop_app.domain import (
    Decision,
    DecisionKind,
    DiscrepancyType,
    Invoice,
    MatchState,
    Reconciliation,
    StatementLine,
)
from desktop_app.matching import reconcile
from desktop_app.matching.scenarios import generate_scenario
from tests.matching.builders import invoice, line

INVOICE = invoice("EL-2025-00172", "100.00")
FIRST = line("60.00", "EL-2025-00172 PART 1", row=4)
SECOND = line("40.00", "EL2025-172 balance", row=15, day=date(2025, 3, 18))
# another £40.00 quoting the invoice, which could be its rest as well
AGAIN = line("40.00", "EL-2025-00172 PART 2", row=16, day=date(2025, 3, 19))


def decide(
    kind: DecisionKind, invoices: Sequence[Invoice], lines: Sequence[StatementLine]
) -> Decision:
    return Decision(kind, tuple(i.key for i in invoices), tuple(ln.key for ln in lines))


def shown(result: Reconciliation) -> list[str]:
    return [f"{m.state.value} {[ln.row for ln in m.lines]}" for m in result.matches]


def test_guard_the_engine_matches_the_two_parts_together() -> None:
    assert shown(reconcile([INVOICE], [FIRST, SECOND])) == ["auto [4, 15]"]


@pytest.mark.parametrize(("kept", "other"), [(FIRST, SECOND), (SECOND, FIRST)])
@pytest.mark.parametrize("kind", [DecisionKind.MANUAL_MATCH, DecisionKind.ACCEPT])
def test_the_other_part_is_not_the_rest_of_a_rejected_pair(
    kept: StatementLine, other: StatementLine, kind: DecisionKind
) -> None:
    decisions = [
        decide(DecisionKind.REJECT, [INVOICE], [FIRST, SECOND]),
        decide(kind, [INVOICE], [kept]),
    ]
    result = reconcile([INVOICE], [FIRST, SECOND], decisions=decisions)
    state = "manual" if kind is DecisionKind.MANUAL_MATCH else "accepted"
    assert shown(result) == [f"{state} [{kept.row}]"]
    # the invoice is short by what the other line paid, and the other line is open,
    # saying who refused it and with which line
    found = {d.type: d for d in result.discrepancies}
    assert set(found) == {DiscrepancyType.AMOUNT_MISMATCH, DiscrepancyType.UNMATCHED_PAYMENT}
    short = found[DiscrepancyType.AMOUNT_MISMATCH]
    assert (short.lines, short.difference) == ((kept,), -other.money)
    unmatched = found[DiscrepancyType.UNMATCHED_PAYMENT]
    assert unmatched.lines == (other,)
    assert unmatched.explanation == (
        f"the accountant rejected it, with bank.csv row {kept.row} ({kept.date.isoformat()}, "
        f"{kept.amount_text}), as the payment of EL-2025-00172"
    )


def test_of_two_lines_that_could_be_the_rest_the_rejected_one_is_no_rival() -> None:
    """Rows 15 and 16 each pay the £40.00 left after row 4; row 15 was rejected with
    row 4. Row 16 alone is the rest: matched, not offered beside row 15 as a choice."""
    decisions = [
        decide(DecisionKind.REJECT, [INVOICE], [FIRST, SECOND]),
        decide(DecisionKind.MANUAL_MATCH, [INVOICE], [FIRST]),
    ]
    result = reconcile([INVOICE], [FIRST, SECOND, AGAIN], decisions=decisions)
    assert shown(result) == ["manual [4]", "auto [16]"]
    rest = result.matches[1]
    assert rest.explanation.startswith("the rest of EL-2025-00172 after bank.csv row 4")
    assert rest.runner_up is None
    assert [(d.type.value, [ln.row for ln in d.lines]) for d in result.discrepancies] == [
        ("UNMATCHED_PAYMENT", [15])
    ]


def test_guard_a_rejection_of_other_lines_leaves_the_rest_open() -> None:
    """A guard on the scope: rows 4 and 16 were rejected together; row 15 after row 4 is
    another pairing, and it is the rest (row 16, which would be the rejected pair again,
    is no rival of it)."""
    decisions = [
        decide(DecisionKind.REJECT, [INVOICE], [FIRST, AGAIN]),
        decide(DecisionKind.MANUAL_MATCH, [INVOICE], [FIRST]),
    ]
    result = reconcile([INVOICE], [FIRST, SECOND, AGAIN], decisions=decisions)
    assert shown(result) == ["manual [4]", "auto [15]"]
    assert result.matches[1].runner_up is None


def test_guard_accepting_the_rejected_pair_after_all_stands() -> None:
    """The accountant's own pairing is no proposal: accepted after the rejection, the two
    lines pay the invoice (the window asks first: ``ui/review.accept``)."""
    decisions = [
        decide(DecisionKind.REJECT, [INVOICE], [FIRST, SECOND]),
        decide(DecisionKind.ACCEPT, [INVOICE], [FIRST, SECOND]),
    ]
    result = reconcile([INVOICE], [FIRST, SECOND], decisions=decisions)
    assert shown(result) == ["accepted [4, 15]"]
    assert result.discrepancies == ()


@pytest.mark.parametrize("seed", [3, 7])
def test_no_engine_path_proposes_a_rejected_split_with_a_part_matched_by_hand(seed: int) -> None:
    """Over a generated month: every payment the engine made in parts is rejected, and its
    first part matched to the invoice by hand. No match the next run proposes (automatic
    or offered), taken with the accountant's pairing it completes (``Match.completes``),
    contains a rejected pairing."""
    scenario = generate_scenario(seed=seed, invoices=80, lines=160)
    first = reconcile(scenario.invoices, scenario.lines, scenario.settings)
    splits = [
        m
        for m in first.matches
        if m.state is MatchState.AUTO and len(m.invoices) == 1 and len(m.lines) > 1
    ]
    assert splits  # the scenario pays some invoices in parts
    decisions: list[Decision] = []
    for split in splits:
        decisions.append(decide(DecisionKind.REJECT, split.invoices, split.lines))
        decisions.append(decide(DecisionKind.MANUAL_MATCH, split.invoices, split.lines[:1]))
    result = reconcile(scenario.invoices, scenario.lines, scenario.settings, decisions)
    rejected = [d.pairing for d in decisions if d.kind is DecisionKind.REJECT]
    for match in result.matches:
        if match.decided_by_user:
            continue
        invoices = set(match.invoice_keys)
        lines = {*match.line_keys, *match.completes}
        assert not any(i <= invoices and ln <= lines for i, ln in rejected), match.explanation
