"""A line the accountant placed pays what they said, and takes no part in any other search.

Proposals touching a placed line used to be dropped only after the subset search, which
keeps its best few subsets: a split holding a placed line could take one of those places,
and the allowed split was never proposed. A placed line that paid another invoice exactly
also marked that invoice settled, so its parts were never looked for.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import Decision, DecisionKind, Invoice, StatementLine
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, kinds, line, pairs

X = invoice("EL-2025-00017", "120.00")
OTHER = invoice("NB-2025-00301", "70.00", provider="Northbank", payee="Bolt Supplies Ltd")


def accept(invoices: list[Invoice], lines: list[StatementLine]) -> Decision:
    return Decision(
        DecisionKind.ACCEPT, tuple(i.key for i in invoices), tuple(ln.key for ln in lines)
    )


def test_a_split_holding_a_placed_line_does_not_crowd_out_the_allowed_one() -> None:
    """X's two best splits both hold row 2, which the accountant accepted for another
    invoice: the search must keep the splits of open lines instead."""
    lines = [
        line("70.00", "PART PAYMENT EL-2025-00017", row=2),
        line("50.00", "ACME TRADING", row=3, day=date(2025, 3, 12)),
        line("50.00", "ACME TRADING", row=4, day=date(2025, 3, 20)),
        line("70.00", "ACME TRADING", row=5, day=date(2025, 3, 25)),
    ]
    invoices = [X, OTHER]
    result = reconcile(invoices, lines, decisions=[accept([OTHER], lines[:1])])
    placed = {m.lines[0].row for m in result.matches if m.state.value == "accepted"}
    assert placed == {2}
    splits = {
        tuple(sorted(ln.row for ln in m.lines))
        for m in result.matches
        if [i.number for i in m.invoices] == ["EL-2025-00017"]
    }
    assert splits == {(3, 5), (4, 5)}


def test_a_placed_line_paying_an_invoice_exactly_does_not_settle_it() -> None:
    """Row 2 quotes X at its amount, but the accountant accepted it for another invoice:
    X's real payment, in two parts, must still be found."""
    quoting = line("120.00", "EL-2025-00017", row=2)
    first = line("70.00", "ACME TRADING PART 1", row=3, day=date(2025, 3, 10))
    second = line("50.00", "ACME TRADING PART 2", row=4, day=date(2025, 3, 20))
    result = reconcile([X, OTHER], [quoting, first, second], decisions=[accept([OTHER], [quoting])])
    assert {("NB-2025-00301", 2), ("EL-2025-00017", 3), ("EL-2025-00017", 4)} == pairs(result)
    split = next(m for m in result.matches if len(m.lines) == 2)
    assert split.state.value == "auto"
    assert split.explanation.startswith("paid in 2 parts")
    assert "UNPAID_INVOICE" not in kinds(result)
