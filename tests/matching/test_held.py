"""A match of the accountant's on an invoice outside the run's period (held by a store,
brought in by an earlier, wider fetch) is honoured: its line is explained, and the invoice
is not reported for anything about it alone."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date

from desktop_app.domain import Decision, DecisionKind, Invoice, InvoiceKey, StatementLine
from desktop_app.matching import reconcile
from desktop_app.matching.held import HeldInvoices
from tests.matching.builders import invoice, items, kinds, line, pairs

DECEMBER = invoice("EL-2024-00088", "533.78", issue=date(2024, 12, 1))
JANUARY = invoice("EL-2025-00001", "120.00", issue=date(2025, 1, 5))
# December's invoice paid in January, quoting nothing: only the accountant knows.
PAYMENT = line("533.78", "BANK GIRO CREDIT", row=2, day=date(2025, 1, 20), source="jan.csv")
OTHER = line("120.00", "EL-2025-00001", row=3, day=date(2025, 1, 21), source="jan.csv")


def manual(invoices: Sequence[Invoice], lines: Sequence[StatementLine]) -> Decision:
    return Decision(
        DecisionKind.MANUAL_MATCH, tuple(i.key for i in invoices), tuple(ln.key for ln in lines)
    )


class Store:
    """A workspace's cache, as ``reconcile`` looks it up; remembers what it was asked."""

    def __init__(self, invoices: Iterable[Invoice]) -> None:
        self.held = {i.key: i for i in invoices}
        self.asked: list[frozenset[InvoiceKey]] = []

    def __call__(self, keys: Collection[InvoiceKey]) -> list[Invoice]:
        self.asked.append(frozenset(keys))
        return [self.held[key] for key in keys if key in self.held]


def test_without_the_store_the_decision_is_set_aside_and_its_line_unmatched() -> None:
    """The old behaviour, which the store mends: the line reads as a payment nothing
    explains, though the accountant matched it."""
    result = reconcile([JANUARY], [PAYMENT, OTHER], decisions=[manual([DECEMBER], [PAYMENT])])
    assert kinds(result) == ["UNMATCHED_PAYMENT"]
    assert result.settings["decisions_not_applied"] == 1


def test_a_hand_match_on_a_held_invoice_outside_the_period_is_honoured() -> None:
    store = Store([DECEMBER, JANUARY])
    held: HeldInvoices = store
    result = reconcile(
        [JANUARY], [PAYMENT, OTHER], decisions=[manual([DECEMBER], [PAYMENT])], held=held
    )
    assert pairs(result, state="manual") == {("EL-2024-00088", 2)}
    assert pairs(result, state="auto") == {("EL-2025-00001", 3)}
    assert result.discrepancies == ()
    assert "decisions_not_applied" not in result.settings
    assert store.asked == [frozenset({DECEMBER.key})]  # only what the decision names
    # The run lists it, as paid by the line: the report's sheets find it by its key.
    assert {i.key for i in result.invoices} == {DECEMBER.key, JANUARY.key}
    # ... and names it as taken in: no invoice of the period, which counts January's alone
    assert result.taken_in == {DECEMBER.key}
    assert result.invoices_of_period() == (JANUARY,)


def test_what_the_pairing_says_is_still_reported_but_nothing_about_the_invoice_alone() -> None:
    """Paid short in January: that is about January's line, and reported. Its line items
    not adding up is about December's invoice alone: December's report says it."""
    odd = invoice("EL-2024-00088", "533.78", issue=date(2024, 12, 1), line_items=items("100.00"))
    short = line("500.00", "BANK GIRO CREDIT", row=2, day=date(2025, 1, 20), source="jan.csv")
    assert "LINE_ITEMS_MISMATCH" in kinds(reconcile([odd], []))
    result = reconcile(
        [JANUARY], [short, OTHER], decisions=[manual([odd], [short])], held=Store([odd])
    )
    assert kinds(result) == ["AMOUNT_MISMATCH"]


def test_nothing_is_taken_in_for_a_decision_whose_line_is_not_in_the_run() -> None:
    """A match on a statement this run does not hold cannot be applied: taking its invoice
    in would only report it as unpaid in a period it was not issued in."""
    december_line = line("533.78", row=9, day=date(2024, 12, 20), source="dec.csv")
    store = Store([DECEMBER])
    result = reconcile(
        [JANUARY], [OTHER], decisions=[manual([DECEMBER], [december_line])], held=store
    )
    assert store.asked == []
    assert {i.key for i in result.invoices} == {JANUARY.key}
    assert result.discrepancies == ()
    assert result.settings["decisions_not_applied"] == 1


def test_a_pairing_is_taken_in_only_whole() -> None:
    """A match of two invoices, one the store no longer holds (marked missing): the
    decision cannot be applied, so the other is not taken in to be reported unpaid."""
    gone = invoice("EL-2024-00090", "100.00", issue=date(2024, 12, 2))
    both = line("633.78", "BANK GIRO CREDIT", row=2, day=date(2025, 1, 20), source="jan.csv")
    result = reconcile(
        [JANUARY],
        [both, OTHER],
        decisions=[manual([DECEMBER, gone], [both])],
        held=Store([DECEMBER]),
    )
    assert {i.key for i in result.invoices} == {JANUARY.key}
    assert kinds(result) == ["UNMATCHED_PAYMENT"]


def test_a_rejection_takes_nothing_in() -> None:
    store = Store([DECEMBER])
    rejected = Decision(DecisionKind.REJECT, (DECEMBER.key,), (PAYMENT.key,))
    result = reconcile([JANUARY], [PAYMENT, OTHER], decisions=[rejected], held=store)
    assert store.asked == []
    assert {i.key for i in result.invoices} == {JANUARY.key}
