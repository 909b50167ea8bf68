"""Invoices and statement lines turned into the engine's working form, once per run.

Hot loops compare integers (minor units, day ordinals), never Decimals or dates, and every
invoice and line gets a stable index in a canonical order (sorted by key), which is what makes
the result independent of the order the caller passed things in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from itertools import islice
from operator import attrgetter, lt
from typing import TypeVar

from desktop_app.domain.invoice import Invoice, InvoiceStatus
from desktop_app.domain.money import Money
from desktop_app.domain.statement import StatementLine
from desktop_app.matching.normalise import (
    minor_units_of,
    reference_key,
    reference_variants,
    to_minor,
    tolerance_minor,
)
from desktop_app.matching.settings import MatchSettings

_T = TypeVar("_T")
# The label of the target that is what the provider says is still owed on an invoice.
OUTSTANDING = "outstanding balance"
# The label of the target that is the invoice's gross, in its own currency.
GROSS = "invoice"
# The label of the target that is the amount agreed in its settlement currency.
SETTLEMENT = "settlement amount"
# The label of the part of an invoice partly paid before that its provider records as
# paid (its gross less what is still owed): no amount that settles it (``recorded_part``).
RECORDED = "part recorded as paid"
# The label of what the accountant's pairings left of an invoice they pay only part of
# (``rest.py``): the amount its rest is compared with.
REST = "rest"


class Pool(Enum):
    """Which invoices take part in matching."""

    LIVE = "live"  # issued and current: matched normally
    VOID = "void"  # void: only explains a payment nothing live explains
    NONE = "none"  # drafts, upcoming and zero invoices: nobody pays them


class Target:
    """An amount that settles the invoice in full, as it appears on the statement."""

    __slots__ = ("currency", "label", "minor", "tolerance")

    def __init__(self, currency: str, minor: int, label: str, settings: MatchSettings) -> None:
        self.currency = currency
        self.minor = minor
        self.label = label
        self.tolerance = tolerance_minor(
            minor, currency, settings.amount_tolerance_absolute, settings.amount_tolerance_percent
        )


class PreparedInvoice:
    __slots__ = (
        "anchor",
        "anchor_kind",
        "currencies",
        "due",
        "index",
        "invoice",
        "itemised",
        "name_ids",
        "order_day",
        "pool",
        "recorded",
        "reference_keys",
        "sign",
        "targets",
        "window_end",
        "window_start",
    )

    def __init__(self, index: int, invoice: Invoice, settings: MatchSettings) -> None:
        self.index = index
        self.invoice = invoice
        self.pool = invoice_pool(invoice)
        self.sign = sign = invoice.direction.expected_sign
        self.targets = targets = _targets(invoice, sign, settings)
        # nearly every invoice has its gross alone, and so no part recorded as paid
        owed = self.outstanding if len(targets) > 1 else None
        self.recorded = None if owed is None else recorded_part(targets[0], owed, settings)
        settlement = invoice.settlement
        extra = settlement.currency if settlement and settlement.currency else invoice.currency
        self.currencies = _currency_set(invoice.currency, extra)
        self.reference_keys = _reference_keys(invoice, settings.min_reference_length)
        # read now, while the invoice is at hand: only these need the line-items check
        self.itemised = bool(invoice.line_items)
        self.name_ids: tuple[int, ...] = ()
        self.anchor, self.anchor_kind = _anchor(invoice)
        # the anchor where there is one, else 0: a plain int key for sorting by date
        self.order_day = self.anchor if self.anchor is not None else 0
        if self.anchor is None:
            self.due = None
            self.window_start, self.window_end = -(10**9), 10**9
        else:
            due = invoice.due_date.toordinal() if invoice.due_date else None
            if due is None or due < self.anchor:
                due = self.anchor + settings.default_payment_terms_days
            self.due = due
            self.window_start = self.anchor - settings.days_before_issue
            self.window_end = due + settings.days_after_due

    @property
    def primary(self) -> Target:
        return self.targets[0]

    @property
    def outstanding(self) -> Target | None:
        """What the provider says is still owed on an invoice partly paid before (the
        target ``OUTSTANDING``), where the engine counts it; None for every other invoice.
        The one lookup what a payment is measured by and an unsettled invoice's row use."""
        targets = self.targets
        if len(targets) == 1:
            return None  # nearly every invoice: its gross alone
        return next((target for target in targets if target.label == OUTSTANDING), None)


class PreparedLine:
    __slots__ = (
        "crowd",
        "currency",
        "day",
        "index",
        "line",
        "minor",
        "moves",
        "payees",
        "references",
    )

    def __init__(self, index: int, line: StatementLine, settings: MatchSettings) -> None:
        self.index = index
        self.line = line
        # The default is for lines of a statement that states no currency; one whose
        # currency cell names none ('EURO') is of unknown currency, and is not relabelled
        # (it is matched with no invoice: ``engine``, and its discrepancy says why).
        unread = line.currency_cell
        self.currency = line.currency or (None if unread else settings.default_currency)
        # With no currency at all the line is compared in each invoice's own currency.
        amount = line.amount
        self.minor = to_minor(amount, self.currency or "XXX")
        # Whether it moves money at all (a zero line settles nothing and is no discrepancy).
        # Kept, like the day, so later passes need not go back to the line's Decimal and
        # date: at 300k lines each such visit is a cache miss.
        self.moves = bool(amount)
        self.day = line.date.toordinal()
        # Filled by candidate search: invoice index -> reference found in the text, and
        # payee name id -> similarity; None while empty, to keep 300k lines small.
        self.references: dict[int, str] | None = None
        self.payees: dict[int, float] | None = None
        # How many invoices of exactly its amount were around its date when there were
        # too many for the amount to offer any (``max_amount_candidates``); else 0.
        self.crowd = 0

    def minor_in(self, currency: str) -> int:
        """The amount in minor units of ``currency`` (only differs for currency-less lines)."""
        if self.currency is not None or currency == "XXX":
            return self.minor
        return to_minor(self.line.amount, currency)


def recorded_part(gross: Target, outstanding: Target, settings: MatchSettings) -> Target | None:
    """The part of an invoice partly paid before that its provider records as paid: its
    ``gross`` less what is still owed (``outstanding``, both as the statement shows them),
    or None where that leaves no part of the gross.

    Not among the ``targets``: it settles nothing (what is still owed is still owed
    after it), so nothing that looks for an invoice's settlement (the amount index, the
    split and batch searches, repeat payments) counts it. Only ``scoring.best_amount``
    reads it, for one payment of exactly this amount: that payment is the part the
    provider already counted, not a part of what is still owed.
    """
    minor = _part_paid(gross.minor, outstanding.minor)
    return None if minor is None else Target(gross.currency, minor, RECORDED, settings)


def _part_paid(gross: int, outstanding: int) -> int | None:
    """The gross less what is still owed (both in minor units, the same sign convention),
    where that is a part of the gross; else None. The one rule of ``recorded_part`` and
    ``part_recorded_as_paid``."""
    minor = gross - outstanding
    # Only a part of the gross, the same way as it: an outstanding amount above the gross
    # (or of the other sign) leaves no part the provider could have been paid.
    if minor == 0 or (minor > 0) != (gross > 0) or abs(minor) >= abs(gross):
        return None
    return minor


def partly_paid(invoice: Invoice) -> bool:
    """Whether its provider says part of the invoice is paid and the rest still owed:
    PARTIALLY_PAID, with an amount outstanding that is neither nothing nor its whole gross.

    Only such an invoice is measured against what is still owed (``OUTSTANDING``) and has
    a part recorded as paid (``recorded_part``), and the window follows the same rule
    (``ui/hand_match``): the two must agree, or the window offers as still owing an
    invoice the run found settled. An invoice its provider says is paid in full (PAID,
    REFUNDED or written off, nothing outstanding) is not partly paid: a payment of its
    gross settles it, and without one it is unpaid (STATUS_CONFLICT where it claims paid).
    """
    outstanding = invoice.amount_outstanding
    return (
        invoice.status is InvoiceStatus.PARTIALLY_PAID
        and outstanding is not None
        and not outstanding.is_zero()
        and outstanding != invoice.gross
    )


def part_recorded_as_paid(invoice: Invoice) -> Money | None:
    """The part of the invoice its provider records as paid, as the invoice states amounts
    (its gross less what is still owed), where the engine counts one (``partly_paid``, and
    ``recorded_part``'s rule); None for every other invoice. What the window reads a
    payment of exactly this amount by: that part, the rest still owed (``MatchIndex.
    still_owes``), as the engine's match of it (``scoring.best_amount``) does."""
    if not partly_paid(invoice):
        return None
    owed = invoice.amount_outstanding
    assert owed is not None  # a partly paid invoice states what is still owed
    currency = invoice.currency
    minor = _part_paid(to_minor(invoice.gross.amount, currency), to_minor(owed.amount, currency))
    if minor is None:
        return None
    return Money(Decimal(minor).scaleb(-minor_units_of(currency)), currency)


def invoice_pool(invoice: Invoice) -> Pool:
    """What is not billed (``Invoice.is_billed``) nobody pays; a void invoice only explains
    a payment. Written-off ones are LIVE: a payment of one is matched, and reported as a
    write-off to reverse. Whether a missing payment is a discrepancy is the domain's
    ``Invoice.expects_payment``, which is what the report and the Overview count by too."""
    if not invoice.is_billed:
        return Pool.NONE
    if invoice.status is InvoiceStatus.VOID:
        return Pool.VOID
    return Pool.LIVE


def prepare_invoices(invoices: Iterable[Invoice], settings: MatchSettings) -> list[PreparedInvoice]:
    ordered = canonical(invoices, key=attrgetter("provider", "invoice_id"), what="invoice")
    return [PreparedInvoice(index, invoice, settings) for index, invoice in enumerate(ordered)]


def prepare_lines(lines: Iterable[StatementLine], settings: MatchSettings) -> list[PreparedLine]:
    ordered = canonical(lines, key=attrgetter("source_file", "row"), what="line")
    return [PreparedLine(index, line, settings) for index, line in enumerate(ordered)]


def canonical(
    items: Iterable[_T], key: Callable[[_T], tuple[str | int, ...]], what: str
) -> list[_T]:
    """Sort by identity; the same object twice is dropped, two different ones are an error.

    The keys are made and compared in C (``key`` is an ``attrgetter``), since this runs on
    300k lines. Lines read from a file come in order already, each once: one pass of
    comparisons tells so. Otherwise the usual case (every identity once) is told by one
    set of the keys.
    """
    pool = list(items)
    keys = list(map(key, pool))
    if all(map(lt, keys, islice(keys, 1, None))):
        return pool  # strictly increasing: in order, and no identity twice
    order = sorted(range(len(pool)), key=keys.__getitem__)  # stable: ties keep input order
    if len(set(keys)) == len(keys):
        return list(map(pool.__getitem__, order))
    result: list[_T] = []
    for position, index in enumerate(order):
        if position and keys[order[position - 1]] == keys[index]:
            if pool[order[position - 1]] == pool[index]:
                continue
            shown = ":".join(str(part) for part in keys[index])
            raise ValueError(f"two different {what}s share the key {shown}")
        result.append(pool[index])
    return result


def _targets(invoice: Invoice, sign: int, settings: MatchSettings) -> tuple[Target, ...]:
    currency = invoice.currency
    first = Target(currency, to_minor(invoice.gross.amount, currency) * sign, GROSS, settings)
    settlement = invoice.settlement
    if settlement is None and invoice.status is not InvoiceStatus.PARTIALLY_PAID:
        return (first,)  # nearly every invoice: one amount settles it
    targets = [first]
    outstanding = invoice.amount_outstanding
    if outstanding is not None and partly_paid(invoice):
        minor = to_minor(outstanding.amount, currency) * sign
        targets.append(Target(currency, minor, OUTSTANDING, settings))
    if settlement and settlement.amount is not None and settlement.amount.currency != currency:
        leg = settlement.amount
        minor = to_minor(leg.amount, leg.currency) * sign
        targets.append(Target(leg.currency, minor, SETTLEMENT, settings))
    return tuple(targets)


def _reference_keys(invoice: Invoice, min_length: int) -> tuple[str, ...]:
    number, identifier = invoice.number, invoice.invoice_id
    if "://" not in number and "://" not in identifier:  # one form each: no URL to cut
        first = reference_key(number)
        second = first if identifier == number else reference_key(identifier)
        if first == second:
            return (first,) if len(first) >= min_length else ()
        return tuple([key for key in (first, second) if len(key) >= min_length])
    found: dict[str, None] = {}
    for each in dict.fromkeys((number, identifier)):  # often the same
        for key in reference_variants(each):
            if len(key) >= min_length:
                found[key] = None
    return tuple(found)


def _anchor(invoice: Invoice) -> tuple[int | None, str]:
    if invoice.issue_date is not None:
        return invoice.issue_date.toordinal(), "issue"
    if invoice.period_end is not None:
        return invoice.period_end.toordinal(), "period end"
    if invoice.due_date is not None:
        return invoice.due_date.toordinal(), "due date"
    return None, "none"


@lru_cache(maxsize=1024)
def _currency_set(currency: str, settlement: str) -> frozenset[str]:
    """Shared sets: 100k invoices in one or two currencies need not hold 100k sets."""
    return frozenset({currency, settlement})
