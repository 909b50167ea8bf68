"""The five signals, each a pure function scoring one kind of evidence in [0, 1].

They work on integers (minor units, day ordinals) because they run for every candidate pair;
the sentences that explain them are written later, only for the matches that are kept
(``explain.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from enum import Enum

from desktop_app.matching.normalise import is_zeros_dropped
from desktop_app.matching.prepare import PreparedInvoice

SIGNAL_NAMES = ("reference", "amount", "counterparty", "date", "currency")

# Amount scores, by band: equal 1.0; within tolerance [TOLERATED_FLOOR, TOLERATED_CEILING]; the
# right sign but outside tolerance [0, PARTIAL_CEILING) growing with the share paid; in a
# currency no settling amount is stated in, UNCOMPARABLE (neither evidence for nor against).
TOLERATED_CEILING = 0.8
TOLERATED_FLOOR = 0.55
PARTIAL_CEILING = 0.3
UNCOMPARABLE = 0.5
# One payment of exactly the part of an invoice partly paid before that its provider
# records as paid (``prepare.recorded_part``): that part, already counted, so it settles
# nothing (below TOLERATED_FLOOR: no repeat payment, duplicate or full settlement is
# read into it, and the match is checked for what is still owed), but an exact amount
# is better evidence than any partial payment (above PARTIAL_CEILING). A value of its
# own, so that it is never mistaken for UNCOMPARABLE.
RECORDED_PART = 0.45
# Date scores: fully plausible at issue, slowly less so towards the due date (+ grace), then
# falling to LATE_FLOOR at the end of the window; before issue from EARLY_CEILING down.
DUE_FLOOR = 0.7
LATE_FLOOR = 0.3
EARLY_CEILING = 0.7
EARLY_FLOOR = 0.5
UNDATED = 0.5  # the invoice has no date at all: the date neither helps nor hurts
UNKNOWN_CURRENCY = 0.5  # the statement does not say which currency
# A reference quoted in a weaker form (leading zeros or the prefix left out,
# ``normalise.reference_forms``): evidence, but less than the number as issued, so the
# invoice quoted exactly wins when the line quotes both.
WEAKER_REFERENCE = 0.75


class Tolerated(Enum):
    """What a difference within tolerance likely is (``tolerated``)."""

    FEE = "fee"
    OVERPAID = "overpaid"
    UNDERPAID = "underpaid"


def tolerated(paid: int | Decimal, expected: int | Decimal) -> Tolerated:
    """What a payment within tolerance of what it was expected to be, and not equal to
    it, likely is: the one rule the match's note and the report's row both say.

    Both are signed as the statement shows them (money out negative). A bank fee only
    ever takes money from the account holder: it makes a receipt smaller and a payment
    made larger, so it is likely only when less arrived (or more left) than expected.
    The other way it is no fee: more received is an overpayment, less paid out an
    underpayment. Which way the money was to move is ``expected``'s sign, not the
    invoice's direction: a credit note's refund moves the other way from its invoices.
    """
    if paid < expected:
        return Tolerated.FEE
    return Tolerated.OVERPAID if expected > 0 else Tolerated.UNDERPAID


def numeric_reference_counts(key: str, amount: float, payee: float) -> bool:
    """A purely numeric id counts only when the exact amount or the payee agrees with it.

    Numbers are everywhere in bank text (card numbers, dates, mandate ids); "18620" being in
    the text is evidence only if something else points at the same invoice. An amount
    merely within tolerance does not: on a £15 invoice the £2 fee tolerance is 13 %, and a
    parking ticket quoting that number for £16.39 is not its payment.
    """
    return not key.isdigit() or amount >= 1.0 or payee > 0.0


def reference_score(
    key: str | None, exact_keys: Collection[str], amount: float, payee: float
) -> float:
    """The reference signal of a key found in the line's text for an invoice whose own
    keys are ``exact_keys``: 1 for the number as issued (a bare number only with the
    exact amount or the payee, ``numeric_reference_counts``), ``WEAKER_REFERENCE`` for a
    weaker form. A weaker form of digits only ("2025-00189") counts with the amount
    within tolerance or the payee: it keeps the number's year and sequence, which a
    stray number seldom has, but a line of another amount quoting it is no payment of it.
    A bare number quoted without its leading zeros ("12345" for "0012345",
    ``normalise.zeros_dropped``) is a plain number as the number as issued is, and
    counts as that does: with the exact amount or the payee.
    """
    if key is None:
        return 0.0
    if key in exact_keys:
        return 1.0 if numeric_reference_counts(key, amount, payee) else 0.0
    if key.isdigit() and amount < TOLERATED_FLOOR and payee <= 0.0:
        return 0.0
    if is_zeros_dropped(key, exact_keys) and not numeric_reference_counts(key, amount, payee):
        return 0.0
    return WEAKER_REFERENCE


def amount_score(paid: int, expected: int, tolerance: int) -> float:
    """Signed amounts in minor units; a payment in the wrong direction scores 0."""
    if paid == expected:
        return 1.0
    if paid == 0 or expected == 0 or (paid > 0) != (expected > 0):
        return 0.0
    difference = abs(paid - expected)
    if difference <= tolerance:
        return TOLERATED_CEILING - (TOLERATED_CEILING - TOLERATED_FLOOR) * difference / tolerance
    paid, expected = abs(paid), abs(expected)
    return PARTIAL_CEILING * min(paid, expected) / max(paid, expected)


def date_score(day: int, invoice: PreparedInvoice, grace: int) -> float:
    """How plausible a payment on ``day`` is for the invoice (see the constants above)."""
    anchor, due = invoice.anchor, invoice.due
    if anchor is None or due is None:
        return UNDATED
    if day < invoice.window_start or day > invoice.window_end:
        return 0.0
    if day < anchor:
        early = anchor - invoice.window_start
        return EARLY_CEILING - (EARLY_CEILING - EARLY_FLOOR) * (anchor - day) / max(early, 1)
    settled_by = due + grace
    if day <= settled_by:
        return 1.0 - (1.0 - DUE_FLOOR) * (day - anchor) / max(settled_by - anchor, 1)
    late = invoice.window_end - settled_by
    return DUE_FLOOR - (DUE_FLOOR - LATE_FLOOR) * (day - settled_by) / max(late, 1)


def payee_score(
    name_ids: Collection[int], similarities: Mapping[int, float], threshold: float
) -> float:
    """0 below the fuzzy threshold, then 0.5 rising to 1 for an exact name."""
    best = None  # a loop, not max() over a generator: this runs for every candidate pair
    for name in name_ids:
        similarity = similarities.get(name)
        if similarity is not None and (best is None or similarity > best):
            best = similarity
    if best is None or best < threshold:
        return 0.0
    if threshold >= 100.0:
        return 1.0
    return 0.5 + 0.5 * (best - threshold) / (100.0 - threshold)


def currency_score(line_currency: str | None, invoice_currencies: Collection[str]) -> float:
    """1 in the invoice's (or its agreed settlement) currency, 0 in another one."""
    if line_currency is None:
        return UNKNOWN_CURRENCY
    return 1.0 if line_currency in invoice_currencies else 0.0
