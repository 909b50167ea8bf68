"""A payment quoting several invoices alike is asked about, whatever their dates.

A remittance "EL-2025-00093 EL-2025-00177 CUSTOMER 1047" for £215.72 pays one of two open
£215.72 invoices of one customer, issued five months apart. The date scored the newer one
higher, by more than the ambiguity margin, and the engine matched it without asking: the
older invoice was reported unpaid and the explanation never said the line quoted it too.
A customer paying the older invoice late is as ordinary as paying the newer on time, so
both pairings are offered and each names the other. Where only the date can tell
invoices apart because nothing else names them (the payee alone, the amount alone), the
date still decides or the usual rules ask, as before.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import Counterparty, Invoice, MatchState, StatementLine
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, line, pairs

OLDER = invoice("EL-2025-00093", "215.72", issue=date(2025, 6, 1))
NEWER = invoice("EL-2025-00177", "215.72", issue=date(2025, 11, 1))
REMITTANCE = line(
    "215.72", "EL-2025-00093 EL-2025-00177 CUSTOMER 1047", row=7, day=date(2025, 11, 22)
)


def _states(
    invoices: list[Invoice], lines: list[StatementLine]
) -> dict[tuple[str, int], MatchState]:
    result = reconcile(invoices, lines)
    return {(match.invoices[0].number, match.lines[0].row): match.state for match in result.matches}


def test_a_line_quoting_two_invoices_of_its_amount_is_asked_about_both() -> None:
    result = reconcile([OLDER, NEWER], [REMITTANCE])
    assert pairs(result, state="suggested") == {("EL-2025-00093", 7), ("EL-2025-00177", 7)}
    assert pairs(result, state="auto") == set()
    runners_up = {m.invoices[0].number: m.runner_up or "" for m in result.matches}
    assert runners_up["EL-2025-00093"].startswith("could also be Elevate EL-2025-00177")
    assert runners_up["EL-2025-00177"].startswith("could also be Elevate EL-2025-00093")


def test_a_line_quoting_three_invoices_alike_is_asked_about_all_three() -> None:
    """The best combination without the newest pairing puts one other on the line: the
    third, quoted as plainly, must not be left to its date (reported unpaid unasked)."""
    middle = invoice("EL-2025-00140", "215.72", issue=date(2025, 9, 1))
    quoting_three = line(
        "215.72",
        "EL-2025-00093 EL-2025-00140 EL-2025-00177 CUSTOMER 1047",
        row=7,
        day=date(2025, 11, 22),
    )
    result = reconcile([OLDER, middle, NEWER], [quoting_three])
    assert pairs(result, state="suggested") == {
        ("EL-2025-00093", 7),
        ("EL-2025-00140", 7),
        ("EL-2025-00177", 7),
    }
    assert pairs(result, state="auto") == set()


def test_the_other_invoice_paid_by_a_line_of_its_own_leaves_no_question() -> None:
    """The older invoice's own payment quotes it alone: the remittance can only be the
    newer one's, and is matched without asking."""
    own = line("215.72", "EL-2025-00093 CUSTOMER 1047", row=3, day=date(2025, 6, 20))
    states = _states([OLDER, NEWER], [own, REMITTANCE])
    assert states == {
        ("EL-2025-00093", 3): MatchState.AUTO,
        ("EL-2025-00177", 7): MatchState.AUTO,
    }


def test_a_stronger_quote_still_decides() -> None:
    """Quoted whole, the newer invoice is named more surely than the older one quoted
    without its leading zeros: the reference, not the date, tells them apart."""
    weaker = line(
        "215.72", "EL-2025-0093 EL-2025-00177 CUSTOMER 1047", row=7, day=date(2025, 11, 22)
    )
    assert _states([OLDER, NEWER], [weaker]) == {("EL-2025-00177", 7): MatchState.AUTO}


def test_a_payee_alone_is_still_placed_by_the_date() -> None:
    """Two monthly invoices of one payee and one amount, a payment naming the payee and no
    number: the date is the evidence there is, and it settles the nearer month's."""
    monthly = [
        invoice(
            f"EL-2025-{number:05d}",
            "215.72",
            payee="Northwind Traders Ltd",
            counterparty=Counterparty(name="Northwind Traders Ltd"),
            issue=issue,
        )
        for number, issue in ((93, date(2025, 6, 1)), (177, date(2025, 11, 1)))
    ]
    payment = line("215.72", "NORTHWIND TRADERS LTD", row=7, day=date(2025, 11, 22))
    states = _states(monthly, [payment])
    assert states.get(("EL-2025-00177", 7)) is MatchState.AUTO
    assert ("EL-2025-00093", 7) not in states
