"""A payment in parts explains each part in the order of its rows, as each quoted it.

EL-2025-00172 is paid by row 4 (4 Nov, "EL-2025-00172 PART 1") and row 15 (18 Nov,
"EL2025-172 balance"). Its explanation read "reference EL-2025-00172 in text; ...; paid
17 days after issue / paid 3 days after issue": the dates against the order of the rows
(sorted as text), and the number as issued said of both, while row 15 left out its
leading zeros, which is why the reference scores 0.88 and not 1.00.
"""

from __future__ import annotations

from datetime import date

from desktop_app.matching import reconcile
from tests.matching.builders import invoice, line

ISSUED = date(2025, 11, 1)
INVOICE = invoice("EL-2025-00172", "1828.85", issue=ISSUED)
FIRST = line("800.00", "EL-2025-00172 PART 1", row=4, day=date(2025, 11, 4), source="nov.csv")
SECOND = line("1028.85", "EL2025-172 balance", row=15, day=date(2025, 11, 18), source="nov.csv")


def test_each_part_is_named_in_row_order_with_its_own_quote_and_date() -> None:
    (match,) = reconcile([INVOICE], [SECOND, FIRST]).matches
    assert match.lines == (FIRST, SECOND)
    assert match.explanation == (
        "paid in 2 parts; reference EL-2025-00172 in text: as issued in row 4, without its "
        "leading zeros in row 15; total equal; row 4 paid 3 days after issue / row 15 paid "
        "17 days after issue"
    )
    reference, _, _, day, _ = match.signals
    assert (reference.score, reference.detail) == (
        0.875,  # the mean of 1.00 (as issued) and 0.75 (without its leading zeros)
        "reference EL-2025-00172 in text: as issued in row 4, without its leading zeros in row 15",
    )
    assert day.detail == "row 4 paid 3 days after issue / row 15 paid 17 days after issue"


def test_rows_follow_the_statements_not_the_dates() -> None:
    """The later row paid first: still named in row order, each with its own date."""
    early = line("800.00", "EL-2025-00172 PART 1", row=20, day=date(2025, 11, 2))
    late = line("1028.85", "EL-2025-00172 PART 2", row=3, day=date(2025, 11, 12))
    (match,) = reconcile([INVOICE], [early, late]).matches
    assert match.explanation == (
        "paid in 2 parts; reference EL-2025-00172 in text; total equal; row 3 paid 11 days "
        "after issue / row 20 paid 1 day after issue"
    )


def test_parts_quoting_alike_on_one_day_are_said_once() -> None:
    """A guard: nothing to tell apart, so the notes are as they were."""
    day = date(2025, 11, 4)
    one = line("800.00", "EL-2025-00172 PART 1", row=4, day=day)
    two = line("1028.85", "EL-2025-00172 PART 2", row=5, day=day)
    (match,) = reconcile([INVOICE], [one, two]).matches
    assert match.explanation == (
        "paid in 2 parts; reference EL-2025-00172 in text; total equal; paid 3 days after issue"
    )


def test_parts_in_two_statements_name_the_file_too() -> None:
    december = line("1028.85", "EL2025-172 balance", row=2, day=date(2025, 12, 1), source="dec.csv")
    (match,) = reconcile([INVOICE], [FIRST, december]).matches
    assert match.explanation == (
        "paid in 2 parts; reference EL-2025-00172 in text: without its leading zeros in "
        "dec.csv row 2, as issued in nov.csv row 4; total equal; dec.csv row 2 paid 30 days "
        "after issue / nov.csv row 4 paid 3 days after issue"
    )
