"""A line whose currency cell names no currency ('EURO') is of unknown currency: no
default currency is put on it, and it is matched with no invoice, its discrepancy naming
its row and cell. A line of a statement that states no currency at all takes the default.
The accountant may match it by hand: that match is explained by what its text says (the
reference, the payee) and says its currency could not be read."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.domain import (
    Decision,
    DecisionKind,
    DiscrepancyType,
    InvoiceStatus,
    MatchState,
    StatementLine,
)
from desktop_app.matching import MatchSettings, reconcile
from tests.matching.builders import invoice, line, pairs

PAYS = line("120.00", "EL-2025-00017 ACME TRADING", row=6, currency=None, source="euro.csv")
GBP = MatchSettings(default_currency="GBP")


def test_a_line_of_a_statement_stating_no_currency_takes_the_default() -> None:
    result = reconcile([invoice()], [PAYS], settings=GBP)
    assert pairs(result) == {("EL-2025-00017", 6)}
    assert reconcile([invoice()], [PAYS]).matches  # and without one, any currency


def test_a_line_whose_currency_cell_names_none_is_not_relabelled_nor_matched() -> None:
    odd = replace(PAYS, currency_cell="EURO")
    for settings in (GBP, MatchSettings()):
        result = reconcile([invoice()], [odd], settings=settings)
        assert result.matches == ()
        (unmatched,) = [
            d for d in result.discrepancies if d.type is DiscrepancyType.UNMATCHED_PAYMENT
        ]
        assert unmatched.lines == (odd,)
        assert unmatched.paid_amount is None  # in no currency, not in pounds
        assert "euro.csv row 6 gives 'EURO' as its currency" in unmatched.explanation
        assert "no default currency is assumed" in unmatched.explanation


def test_a_line_whose_currency_cell_names_none_can_be_matched_by_hand() -> None:
    """What its explanation tells the accountant to do: matched by hand, the line settles
    the invoice, with nothing left unmatched."""
    odd = replace(PAYS, currency_cell="EURO")
    paid = invoice()
    manual = Decision(DecisionKind.MANUAL_MATCH, (paid.key,), (odd.key,))
    result = reconcile([paid], [odd], settings=GBP, decisions=[manual])
    assert [(m.state, pairs(result)) for m in result.matches] == [
        (MatchState.MANUAL, {("EL-2025-00017", 6)})
    ]
    assert [d.type for d in result.discrepancies] == []


def test_a_hand_match_of_a_line_of_unread_currency_is_explained_by_its_evidence() -> None:
    """Its text quotes the invoice and names its payee: the accountant's match says so, as
    any match does, and that its currency could not be read, the match taking it to be
    the invoice's. It said "the statement gives no currency", and nothing of its text,
    as if it were a line of a statement stating no currency, found by its amount alone."""
    odd = replace(PAYS, currency_cell="EURO")
    paid = invoice()
    manual = Decision(DecisionKind.MANUAL_MATCH, (paid.key,), (odd.key,))
    for settings in (GBP, MatchSettings()):
        (match,) = reconcile([paid], [odd], settings=settings, decisions=[manual]).matches
        assert match.explanation == (
            "matched by hand; reference EL-2025-00017 in text; amount equal; "
            "payee Acme Trading Ltd (100%); paid 3 days after issue; the currency of "
            "euro.csv row 6 ('EURO') could not be read: the accountant's match takes it as GBP"
        )
        reference, _, payee, _, currency = match.signals
        assert (reference.score, payee.score) == (1.0, 1.0)
        assert "the statement gives no currency" not in currency.detail


def test_guard_a_hand_match_of_a_line_of_a_statement_stating_no_currency_says_so() -> None:
    """Beside the one above: a line of a statement that states no currency at all (no
    default given) is not said to be unreadable."""
    paid = invoice()
    manual = Decision(DecisionKind.MANUAL_MATCH, (paid.key,), (PAYS.key,))
    (match,) = reconcile([paid], [PAYS], decisions=[manual]).matches
    assert match.explanation.endswith("; the statement gives no currency")


def test_a_hand_match_of_parts_names_the_unread_ones() -> None:
    """Paid in two parts, one of them of unread currency: the note names that part."""
    paid = invoice()
    pounds = line("60.00", "EL-2025-00017 PART 1", row=2)
    odd = replace(line("60.00", "EL-2025-00017 PART 2", row=7, currency=None), currency_cell="N/A")
    manual = Decision(DecisionKind.MANUAL_MATCH, (paid.key,), (pounds.key, odd.key))
    (match,) = reconcile([paid], [pounds, odd], settings=GBP, decisions=[manual]).matches
    assert match.explanation.startswith("matched by hand; paid in 2 parts; reference EL-2025")
    assert match.explanation.endswith(
        "; the currency of bank.csv row 7 ('N/A') could not be read: the accountant's match "
        "takes it as GBP"
    )


def _unread(statement_line: StatementLine) -> StatementLine:
    return replace(statement_line, currency=None, currency_cell="EURO")


_SECOND = invoice("EL-2025-00018", "80.00")
_PART = line("60.00", "EL-2025-00017 PART 1", row=2)
_HAND = [Decision(DecisionKind.MANUAL_MATCH, (invoice().key,), (_PART.key,))]
_VOID = invoice("EL-2025-00019", "75.00", status=InvoiceStatus.VOID)
# Each case: invoices, lines (the last the one whose currency is made unreadable),
# decisions. Read in pounds, the last line is in a match the engine proposes (automatic
# or a suggestion) or pays a void invoice; of unread currency it must be in none.
_PROPOSALS = {
    "quoting its invoice": ([invoice()], [PAYS], []),
    "its amount alone": ([invoice()], [line("120.00", "TRANSFER", row=6)], []),
    "one payment of two invoices": (
        [invoice(), _SECOND],
        [line("200.00", "EL-2025-00017 EL-2025-00018", row=6)],
        [],
    ),
    "a part of an invoice paid in two": (
        [invoice()],
        [_PART, line("60.00", "EL-2025-00017 PART 2", row=6)],
        [],
    ),
    "the rest of the accountant's part": (
        [invoice()],
        [_PART, line("60.00", "EL-2025-00017 PART 2", row=6)],
        _HAND,
    ),
    "a repeat payment": (
        [invoice()],
        [line("120.00", "EL-2025-00017", row=2), line("120.00", "EL-2025-00017", row=6)],
        [Decision(DecisionKind.ACCEPT, (invoice().key,), (line(row=2).key,))],
    ),
    "a void invoice": ([_VOID], [line("75.00", "EL-2025-00019", row=6)], []),
}


@pytest.mark.parametrize("case", sorted(_PROPOSALS))
def test_no_pairing_of_a_line_of_unread_currency_is_ever_proposed(case: str) -> None:
    """Read for its evidence now (for a hand match), the line is still scored against
    nothing: no automatic match, suggestion, batch, part, rest, repeat or void payment
    holds it, whichever it would be read in pounds."""
    invoices, lines, decisions = _PROPOSALS[case]
    readable = reconcile(invoices, lines, settings=GBP, decisions=decisions)
    odd = lines[-1].key
    proposed = [m for m in readable.matches if m.state in _PROPOSED and odd in m.line_keys]
    paid_void = [d for d in readable.discrepancies if d.type is DiscrepancyType.VOID_INVOICE_PAID]
    assert proposed or paid_void  # the case is one the engine proposes, read in pounds
    for settings in (GBP, MatchSettings()):
        result = reconcile(invoices, [*lines[:-1], _unread(lines[-1])], settings, decisions)
        assert [m for m in result.matches if odd in m.line_keys] == []
        (row,) = [d for d in result.discrepancies if odd in [ln.key for ln in d.lines]]
        assert row.type is DiscrepancyType.UNMATCHED_PAYMENT
        assert row.explanation.startswith("its currency is unknown: ")


_PROPOSED = (MatchState.AUTO, MatchState.SUGGESTED)


def test_a_hand_match_of_two_unread_parts_names_both() -> None:
    paid = invoice()
    first = replace(
        line("60.00", "EL-2025-00017 PART 1", row=6, currency=None), currency_cell="EURO"
    )
    second = replace(
        line("60.00", "EL-2025-00017 PART 2", row=7, currency=None), currency_cell="N/A"
    )
    manual = Decision(DecisionKind.MANUAL_MATCH, (paid.key,), (first.key, second.key))
    (match,) = reconcile([paid], [first, second], decisions=[manual]).matches
    assert match.explanation.endswith(
        "; the currencies of bank.csv row 6 ('EURO') and bank.csv row 7 ('N/A') could not "
        "be read: the accountant's match takes them as GBP"
    )
