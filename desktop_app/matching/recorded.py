"""Which of a match's lines paid the part its invoice's provider records as paid.

An invoice partly paid before (Elevate's ``invoiceRemainingAmount``) has a part its
provider already counts as paid: its gross less what is still owed (``prepare.recorded_part``).
Lines paying exactly the gross are two different stories, told apart by those lines:

- among them is the payment of that part (bank.csv row 20, £246.53 of £1,240.12) and the
  others pay exactly what is still owed (£993.59): the invoice was paid in parts, the
  part the provider counted included, and nothing was paid twice;
- none of them, nor any few of them together, is that part: the payer paid the gross on
  top of the part paid before (or the provider's record of it is stale), an over-payment
  by that part (``outcome._owed_instead``, the report's AMOUNT_MISMATCH).

Only exact amounts tell: the provider's record is to the penny, so a part within
tolerance of it is no evidence that it was that payment.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.matching.prepare import PreparedInvoice, PreparedLine
from desktop_app.matching.subset_sum import find_subsets

# The search is over a match's own lines (a handful, a few dozen at most when paired by
# hand), bounded all the same so that no pairing can stall a run.
_STEP_LIMIT = 20_000


def recorded_lines(
    lines: Sequence[PreparedLine], invoices: Sequence[PreparedInvoice]
) -> tuple[int, ...]:
    """Positions in ``lines`` of the few lines that together pay exactly the parts the
    invoices' providers record as paid, where the others are left to pay the rest: at
    least one line on each side. () where no invoice has such a part, where the parts
    are in several currencies, or where no such few lines are found (the fewest, then
    the earliest positions: ``find_subsets``'s order).

    Read only where the lines pay exactly the invoices' gross (the caller checks), so
    the lines left pay exactly what is still owed."""
    recorded = [invoice.recorded for invoice in invoices if invoice.recorded is not None]
    if not recorded or len(lines) < 2:
        return ()
    currency = recorded[0].currency
    if any(part.currency != currency for part in recorded):
        return ()
    target = sum(part.minor for part in recorded)
    items = [
        (line.minor_in(currency), position)
        for position, line in enumerate(lines)
        if line.currency in (None, currency)
    ]
    found = find_subsets(
        target,
        0,
        items,
        max_items=len(lines) - 1,
        step_limit=_STEP_LIMIT,
        min_items=1,
        max_results=1,
    )
    return found[0] if found else ()
