"""A bare invoice number quoted without its leading zeros, as a spreadsheet writes it.

A reference column that went through Excel holds 12345 for invoice "0012345". The line
quotes that invoice, and its explanation says so, but under a plain number's rules (a
whole run of at least ``min_reference_length`` digits, counting with the exact amount or
the payee, one invoice alone fitting it) and only for the accountant to confirm: bank
text is full of plain numbers. A number with letters quoted so ("INV-42" for "INV-00042")
is another weaker form, matched as before (``test_reference_forms``).
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import MatchState, Reconciliation
from desktop_app.matching import MatchSettings, reconcile
from desktop_app.matching.normalise import is_zeros_dropped, zeros_dropped
from tests.matching.builders import invoice, line

BARE = invoice("0012345", "120.00", payee=None)
QUOTED = "reference 0012345 (quoted as 12345, without its leading zeros) in text"


def _states(result: Reconciliation) -> dict[tuple[str, int], MatchState]:
    return {
        (inv.number, ln.row): match.state
        for match in result.matches
        for inv in match.invoices
        for ln in match.lines
    }


def test_a_bare_number_without_its_leading_zeros_quotes_it_for_review() -> None:
    result = reconcile([BARE], [line("120.00", "", reference="12345")])
    (match,) = result.matches
    assert match.state is MatchState.SUGGESTED
    assert match.explanation.startswith(f"{QUOTED}; amount equal; ")
    assert match.signals[0].detail == QUOTED
    assert match.signals[0].score == 0.75


def test_a_zero_or_two_dropped_of_more_is_found_too() -> None:
    result = reconcile([BARE], [line("120.00", "PAY 012345 THANKS")])
    (match,) = result.matches
    assert match.state is MatchState.SUGGESTED
    assert match.explanation.startswith(
        "reference 0012345 (quoted as 012345, without its leading zeros) in text; "
    )


def test_the_quote_counts_as_a_plain_number_does_only_with_the_amount_or_payee() -> None:
    """A fee short with no payee: a plain number counts with the exact amount only."""
    result = reconcile([BARE], [line("118.00", "PAY 12345")])
    assert all(m.signals[0].score == 0.0 for m in result.matches)
    assert not any(QUOTED in m.explanation for m in result.matches)


def test_the_payee_still_matches_for_sure_and_the_quote_is_said() -> None:
    """Named by its payee and paid less a fee, the payment was matched without asking
    before it quoted anything; the quote adds its word but takes nothing away."""
    named = invoice("0012345", "120.00", payee="Acme Trading Ltd")
    result = reconcile([named], [line("118.00", "ACME TRADING 12345")])
    (match,) = result.matches
    assert match.state is MatchState.AUTO
    assert match.explanation.startswith(f"{QUOTED}; £2.00 less than invoiced")


def test_two_payments_quoting_it_so_are_offered_alike_not_one_as_a_repeat() -> None:
    """Two lines of its amount quoting "12345": the quote makes neither sure, so neither
    is its payment and the other a repeat of it (``Assigner``): both are offered."""
    later = line("120.00", "PAY 12345", row=3, day=date(2025, 3, 20))
    result = reconcile([BARE], [line("120.00", "PAY 12345", row=2), later])
    assert _states(result) == {
        ("0012345", 2): MatchState.SUGGESTED,
        ("0012345", 3): MatchState.SUGGESTED,
    }
    assert all(m.explanation.startswith(QUOTED) for m in result.matches)


def test_a_short_number_grabs_no_invoice() -> None:
    """ "7" is in too many texts to quote "0007", as "123" is to quote "000123": a plain
    number is searched for from ``min_reference_length`` digits, an invoice "123" no
    more than its form."""
    lines = [line("120.00", "CARD 7", row=2), line("120.00", "CHQ 123", row=3)]
    invoices = [
        invoice("0007", "120.00", payee=None),
        invoice("000123", "120.00", payee=None, invoice_id="cid-123"),
    ]
    result = reconcile(invoices, lines)
    assert not any("quoted as" in m.explanation for m in result.matches)
    shorter = reconcile(invoices, lines, MatchSettings(min_reference_length=3))
    told = {(m.invoices[0].number, m.lines[0].row): m.explanation for m in shorter.matches}
    assert told[("000123", 3)].startswith(
        "reference 000123 (quoted as 123, without its leading zeros) in text; "
    )
    assert not any("quoted as 7" in text for text in told.values())


def test_guard_a_form_two_invoices_share_quotes_neither() -> None:
    """ "12345" is "0012345" and "012345" alike: which, nothing tells."""
    other = invoice("012345", "130.00", payee=None)
    result = reconcile([BARE, other], [line("120.00", "PAY 12345")])
    assert not any("quoted as" in m.explanation for m in result.matches)


def test_guard_the_number_as_issued_wins() -> None:
    """Invoice "12345" exists too: "12345" quotes it, not "0012345" without zeros."""
    issued = invoice("12345", "120.00", payee=None)
    result = reconcile([BARE, issued], [line("120.00", "PAY 12345")])
    assert _states(result) == {("12345", 2): MatchState.AUTO}


def test_guard_a_number_with_letters_without_its_zeros_is_matched_as_before() -> None:
    result = reconcile([invoice("INV-00042", "120.00", payee=None)], [line("120.00", "INV-42")])
    (match,) = result.matches
    assert match.state is MatchState.AUTO
    assert match.explanation.startswith("reference INV-00042 (without its leading zeros) in text")


def test_zeros_dropped_forms() -> None:
    assert zeros_dropped("0012345") == ["012345", "12345"]
    assert zeros_dropped("12345") == []
    assert zeros_dropped("0000") == []
    assert zeros_dropped("INV-0042") == []
    assert is_zeros_dropped("12345", ("0012345",))
    assert is_zeros_dropped("012345", ("0012345", "53919"))
    assert not is_zeros_dropped("2345", ("0012345",))
    assert not is_zeros_dropped("0012345", ("0012345",))
    assert not is_zeros_dropped("202500189", ("EL202500189", "53919"))
