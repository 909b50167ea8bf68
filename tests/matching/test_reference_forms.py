"""Invoice numbers quoted with their leading zeros or their prefix left out.

Payers retype EL-2025-00189 as EL-2025-189, EL2025189, 2025-00189 or 2025-189. Those are
found, scored below the number as issued, and the explanation says which form it was;
a bare short number ("189") or a sort code is not.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain import Counterparty, Invoice, StatementLine
from desktop_app.matching import normalise, reconcile
from desktop_app.matching.normalise import reference_forms
from tests.matching.builders import invoice, line, pairs
from tests.matching.test_rejections import texts

ISSUED = date(2025, 11, 29)


def elevate(number: str, gross: str = "458.11") -> Invoice:
    """An Elevate invoice: its customer is an id, with no name a bank line could carry."""
    return invoice(
        number,
        gross,
        invoice_id=f"5{number[-4:]}",
        payee=None,
        counterparty=Counterparty(id="1060"),
        issue=ISSUED,
    )


def fee_short(reference: str, amount: str = "456.11") -> list[StatementLine]:
    """A payment £2.00 short (a fee): only the reference can identify the invoice."""
    return [
        line(
            amount, "BGC", reference=reference, counterparty="CUSTOMER 1060", day=date(2025, 11, 30)
        )
    ]


@pytest.mark.parametrize(
    ("number", "quoted", "form"),
    [
        ("EL-2025-00189", "EL-2025-189", "without its leading zeros"),
        ("EL-2025-00189", "EL2025189", "without its leading zeros"),
        ("EL-2025-00177", "EL - 2025 - 0177", "without its leading zeros"),
        ("EL-2025-00189", "202500189", "without its prefix"),
        ("EL-2025-00175", "2025175", "without its prefix and leading zeros"),
    ],
)
def test_a_weaker_form_of_the_number_is_matched_and_named(
    number: str, quoted: str, form: str
) -> None:
    result = reconcile([elevate(number)], fee_short(quoted))
    assert pairs(result, state="auto") == {(number, 2)}
    (match,) = result.matches
    reference = match.signals[0]
    assert reference.detail == f"reference {number} ({form}) in text"
    assert reference.score == 0.75
    assert match.explanation.startswith(f"reference {number} ({form}) in text; ")


@pytest.mark.parametrize("quoted", ["2025-00189", "2025 189"])
def test_a_form_without_its_prefix_is_found_only_written_as_one_run(quoted: str) -> None:
    """A limit kept for speed: joined from runs, a form without its prefix begins with
    the year, and every line with a date in it had to be searched for one (matching
    300,000 lines took 12 % longer). Written as one run ("202500189") it is found; split,
    the payment is left to its amount and payee, here a fee short: not paired."""
    result = reconcile([elevate("EL-2025-00189")], fee_short(quoted))
    assert pairs(result, state="auto") == set()


def test_the_number_as_issued_scores_above_a_weaker_form() -> None:
    exact = reconcile([elevate("EL-2025-00189")], fee_short("EL-2025-00189")).matches[0]
    weaker = reconcile([elevate("EL-2025-00189")], fee_short("EL-2025-189")).matches[0]
    assert exact.signals[0].score == 1.0
    assert exact.signals[0].detail == "reference EL-2025-00189 in text"
    assert weaker.score < exact.score


def test_the_invoice_quoted_as_issued_wins_over_the_one_it_is_a_weaker_form_of() -> None:
    """EL-2025-189 exists as well as EL-2025-00189: the line quoting "EL-2025-189" pays
    the first; "EL-2025-00189" is no quote of EL-2025-189 (zeros are only ever lost)."""
    invoices = [elevate("EL-2025-189"), elevate("EL-2025-00189")]
    short = reconcile(invoices, fee_short("EL-2025-189"))
    assert pairs(short, state="auto") == {("EL-2025-189", 2)}
    long = reconcile(invoices, fee_short("EL-2025-00189"))
    assert pairs(long, state="auto") == {("EL-2025-00189", 2)}


@pytest.mark.parametrize("quoted", ["189", "00189", "BGC 189", "2025", "EL 189"])
def test_a_bare_short_number_is_no_reference(quoted: str) -> None:
    result = reconcile([elevate("EL-2025-00189")], fee_short(quoted))
    assert result.matches == ()
    assert "UNMATCHED_PAYMENT" in texts(result)


def test_a_form_of_digits_only_needs_the_amount_to_fit() -> None:
    """ "2025-00189" on a £100.00 payment of a £458.11 invoice: a stray number, not a
    part payment of it (the number as issued would count: it has its letters)."""
    result = reconcile([elevate("EL-2025-00189")], fee_short("2025-00189", amount="100.00"))
    assert pairs(result, state="auto") == set()
    quoted = reconcile([elevate("EL-2025-00189")], fee_short("EL-2025-00189", amount="100.00"))
    assert pairs(quoted, state="auto") == {("EL-2025-00189", 2)}


def test_a_sort_code_is_no_form_of_a_number() -> None:
    """20-25-42 reads as 202542, INV-2025-0042 without its prefix and zeros: six digits
    are too few for a form of digits alone."""
    result = reconcile([elevate("INV-2025-0042")], fee_short("SORT 20-25-42"))
    assert result.matches == ()


def test_reference_forms_keep_only_telling_forms() -> None:
    assert reference_forms("EL-2025-00189") == {
        "EL2025189": "without its leading zeros",
        "202500189": "without its prefix",
        "2025189": "without its prefix and leading zeros",
    }
    assert reference_forms("INV-00189") == {"INV189": "without its leading zeros"}
    assert reference_forms("INV-2025-0042") == {
        "INV202542": "without its leading zeros",
        "20250042": "without its prefix",
    }
    assert reference_forms("53919") == {}  # one group: nothing to leave out
    assert reference_forms("EL2025") == {}
    assert reference_forms("https://pay.versori.com/i/in_0042") == {}


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=20))
def test_an_ascii_number_splits_into_the_same_groups_as_any_other(number: str) -> None:
    """The forms of an ASCII number are read with a cheaper pattern; for such a number it
    must find exactly the groups the general one does."""
    upper = number.upper()
    assert normalise._ASCII_GROUP.findall(upper) == normalise._GROUP.findall(upper)


def test_a_number_with_letters_beyond_ascii_still_has_its_forms() -> None:
    assert reference_forms("ÄB-2025-00189") == {
        "ÄB2025189": "without its leading zeros",
        "202500189": "without its prefix",
        "2025189": "without its prefix and leading zeros",
    }
