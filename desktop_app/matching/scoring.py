"""A hypothesis (these lines settle these invoices) and its score from the five signals.

The same scorer serves single pairs, one payment for several invoices, several payments for
one invoice and the accountant's own pairings, so every match is explained the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import product
from typing import NamedTuple

from desktop_app.matching.normalise import (
    ZEROS_LOST,
    is_zeros_dropped,
    reference_form,
    tolerance_minor,
)
from desktop_app.matching.prepare import PreparedInvoice, PreparedLine, Target
from desktop_app.matching.settings import MatchSettings
from desktop_app.matching.signals import (
    RECORDED_PART,
    SIGNAL_NAMES,
    TOLERATED_FLOOR,
    UNCOMPARABLE,
    amount_score,
    currency_score,
    date_score,
    payee_score,
    reference_score,
)


class Hypothesis:
    """A candidate pairing with its signal scores (in ``SIGNAL_NAMES`` order)."""

    __slots__ = ("asks", "invoices", "kind", "lines", "nodes", "parts", "score")

    def __init__(
        self,
        lines: tuple[int, ...],
        invoices: tuple[int, ...],
        parts: tuple[float, float, float, float, float],
        score: float,
        kind: str,
        asks: bool = False,
    ) -> None:
        self.lines = lines
        # its reference is a bare number quoted without its leading zeros
        # (``normalise.zeros_dropped``): offered for review, never matched for sure
        self.asks = asks
        self.invoices = invoices
        # Lines and invoices as one integer space (lines even, invoices odd), for the
        # assignment's bookkeeping of what is taken.
        if len(lines) == 1 and len(invoices) == 1:  # the common case, spelt out for speed
            self.nodes: tuple[int, ...] = (2 * lines[0], 2 * invoices[0] + 1)
        else:
            self.nodes = (*(2 * i for i in lines), *(2 * i + 1 for i in invoices))
        self.parts = parts
        self.score = score
        self.kind = kind

    @property
    def pairing(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return self.lines, self.invoices

    @property
    def identified(self) -> bool:
        """Evidence beyond amount and date: a reference or the payee's name."""
        return self.parts[0] > 0.0 or self.parts[2] > 0.0

    @property
    def amount_fits(self) -> bool:
        return self.parts[1] >= TOLERATED_FLOOR

    def order_key(self) -> tuple[float, tuple[int, ...], tuple[int, ...]]:
        """Best first; ties broken by canonical indices so the order never depends on input."""
        return (-self.score, self.lines, self.invoices)

    def __repr__(self) -> str:
        return f"Hypothesis({self.kind} L{self.lines} I{self.invoices} {self.score:.3f})"


class Scorer:
    """Scores hypotheses under one run's settings."""

    def __init__(self, settings: MatchSettings) -> None:
        self.settings = settings
        weights = settings.weights
        self.weights = tuple(weights[name] for name in SIGNAL_NAMES)
        self.grace = settings.grace_days_after_due
        self.fuzzy = settings.fuzzy_threshold
        self.auto = settings.auto_accept_threshold

    def combine(self, parts: tuple[float, float, float, float, float]) -> float:
        w = self.weights
        total = w[0] * parts[0] + w[1] * parts[1] + w[2] * parts[2] + w[3] * parts[3]
        return min(1.0, max(0.0, total + w[4] * parts[4]))

    def pair(
        self, line: PreparedLine, invoice: PreparedInvoice, reference: str | None
    ) -> Hypothesis:
        currency, targets = line.currency, invoice.targets
        if currency is None or len(targets) > 1:
            amount = best_amount(line, invoice)[0]
        elif targets[0].currency != currency:
            amount = UNCOMPARABLE  # its one settling amount is in another currency
        elif targets[0].minor == line.minor:
            amount = 1.0  # the usual case, without a call
        else:
            amount = amount_score(line.minor, targets[0].minor, targets[0].tolerance)
        payee = payee_score(invoice.name_ids, line.payees, self.fuzzy) if line.payees else 0.0
        quoted = (
            reference_score(reference, invoice.reference_keys, amount, payee)
            if reference is not None
            else 0.0
        )
        parts = (
            quoted,
            amount,
            payee,
            date_score(line.day, invoice, self.grace),
            currency_score(currency, invoice.currencies),
        )
        asks = quoted > 0.0 and zeros_lost(reference, invoice)
        return Hypothesis((line.index,), (invoice.index,), parts, self.combine(parts), "pair", asks)

    def group(
        self, lines: Sequence[PreparedLine], invoices: Sequence[PreparedInvoice], kind: str
    ) -> Hypothesis:
        """Score several lines against several invoices as one settlement."""
        if len(lines) == 1 and len(invoices) == 1:
            line, invoice = lines[0], invoices[0]
            hypothesis = self.pair(line, invoice, line_references(line).get(invoice.index))
            hypothesis.kind = kind
            return hypothesis
        pairs = [(line, invoice) for line in lines for invoice in invoices]
        # each invoice (or, for the parts of one, each line) by its strongest quote
        referenced: dict[int, float] = {}
        referring: dict[int, float] = {}
        asks = False
        for line, inv in pairs:
            strength = self.reference_strength(line, inv)
            if strength > 0.0:
                referenced[inv.index] = max(strength, referenced.get(inv.index, 0.0))
                referring[line.index] = max(strength, referring.get(line.index, 0.0))
                asks = asks or zeros_lost(line_references(line).get(inv.index), inv)
        if len(lines) > 1 and len(invoices) == 1:
            reference = sum(referring.values()) / len(lines)
        else:
            reference = sum(referenced.values()) / len(invoices)
        payees = [
            max(payee_score(inv.name_ids, line_payees(line), self.fuzzy) for line in lines)
            for inv in invoices
        ]
        parts = (
            reference,
            group_amount(lines, invoices, self.settings)[0],
            sum(payees) / len(payees),
            sum(date_score(line.day, inv, self.grace) for line, inv in pairs) / len(pairs),
            _group_currency(lines, invoices),
        )
        key_lines = tuple(sorted(line.index for line in lines))
        key_invoices = tuple(sorted(inv.index for inv in invoices))
        return Hypothesis(key_lines, key_invoices, parts, self.combine(parts), kind, asks)

    def refers(self, line: PreparedLine, invoice: PreparedInvoice) -> bool:
        """Whether the line quotes the invoice's reference, and it counts (a bare number
        counts only with the amount or the payee)."""
        return self.reference_strength(line, invoice) > 0.0

    def reference_strength(self, line: PreparedLine, invoice: PreparedInvoice) -> float:
        """The reference signal of the line's quote of the invoice (``reference_score``)."""
        key = line_references(line).get(invoice.index)
        if key is None:
            return 0.0
        if not key.isdigit() and key in invoice.reference_keys:
            return 1.0  # the usual quote: the number as issued, with letters in it
        amount = best_amount(line, invoice)[0]
        payee = payee_score(invoice.name_ids, line_payees(line), self.fuzzy)
        return reference_score(key, invoice.reference_keys, amount, payee)

    def confident(self, hypothesis: Hypothesis) -> bool:
        """Whether the engine may settle this without asking (see MatchSettings).

        Asked: a pairing below ``auto_accept_threshold``, one resting on the amount alone,
        one whose money moves the wrong way, and one whose amount settles nothing with no
        reference quoted (the payee alone). Settled without asking: a reference or the
        payee with an amount that settles the invoice (within tolerance), and a reference
        with any amount the right way (short, over, the part a provider records as paid,
        or in another currency), reported as a discrepancy.

        Why a quoted reference is enough even when the amount settles nothing, and no
        score band above the threshold is asked about, is evidence, not taste. The
        scenarios' ground truth (``scenarios.py``, 10,000 invoices x 30,000 lines, seed
        1: 9,475 paid pairs) has every pairing this settles right: the 311 settling
        nothing and quoting the reference (under- and over-payments), as the 476 within
        tolerance and the 103 in another currency. Asking about more would catch no
        wrong match and leave right ones unmatched in the report (a suggestion settles
        nothing: the invoice unpaid, the line unmatched). Measured on those inputs:
        asking about every amount that settles nothing takes the matches' recall from
        1.0000 to 0.9563 and the AMOUNT_MISMATCH rows' to 0.6048; only those scoring
        under 0.55, to 0.9973 and 0.9670; only those without the payee, to 0.9859 and
        0.8729; raising the threshold to 0.55, to 0.9967 and 0.9670 (to 0.60: 0.9826
        and 0.8729); precision stays 1.0000 in each. The sandbox's planted statements
        (``sandbox/statements/planting.py``) say the same of the part a provider records
        as paid: that payment's invoice, with an AMOUNT_MISMATCH. The demo's matches at
        50-55 % "£747-£1,287 short" were such parts misread as parts of what was still
        owed (``best_amount``), not uncertain pairings.

        A bare number quoted without its leading zeros (``Hypothesis.asks``) never
        settles a pairing by itself: a spreadsheet drops them ("0012345" becomes 12345),
        but bank text is full of plain numbers, so the accountant confirms it. Such a
        pairing is settled without asking only where it would be without that quote
        (the payee with an amount that settles the invoice).
        """
        if hypothesis.asks:
            _, amount, payee, date, currency = hypothesis.parts
            unquoted = (0.0, amount, payee, date, currency)
            return self._confident(self.combine(unquoted), unquoted)
        return self._confident(hypothesis.score, hypothesis.parts)

    def _confident(self, score: float, parts: tuple[float, float, float, float, float]) -> bool:
        """``confident`` of a pairing of this score and these signals."""
        if score < self.auto or not (parts[0] > 0.0 or parts[2] > 0.0):
            return False
        reference, amount = parts[0], parts[1]
        if amount >= TOLERATED_FLOOR:
            return True
        # A payment quoting the invoice's reference but short, long, or in another currency
        # is still that invoice's payment: matched, and reported as a discrepancy. Money
        # moving the wrong way (amount 0) is not, whatever the text says.
        return reference > 0.0 and amount > 0.0


def _group_currency(lines: Sequence[PreparedLine], invoices: Sequence[PreparedInvoice]) -> float:
    """The currency signal of a group: its weakest pair's; for the parts of one invoice,
    the share of them paid in its currency (a part in another currency is half right when
    the other is in the invoice's, not wholly wrong like a payment all in another)."""
    if len(invoices) == 1:
        accepted = invoices[0].currencies
        return sum(currency_score(line.currency, accepted) for line in lines) / len(lines)
    return min(currency_score(line.currency, inv.currencies) for line in lines for inv in invoices)


def best_amount(line: PreparedLine, invoice: PreparedInvoice) -> tuple[float, Target | None]:
    """The amount score against whichever settling amount fits best, and that target.

    With no settling amount in the line's currency the amounts cannot be compared at all.

    One more reading, for an invoice partly paid before: a payment of exactly the part
    its provider records as paid (its gross less what is still owed, ``recorded``) is
    that part. The provider's "still owed" already counts it, so it is neither short of
    what is still owed (the old reading: "£193.43 of the £1,480.24 still owed, £1,286.81
    short", which counted one payment twice) nor of the gross: it is matched exactly,
    as ``RECORDED_PART``, and what is still owed stays unpaid (the report's row says
    so). Only when no settling amount fits within tolerance: a payment that could be
    the rest paid, or the gross less a fee, is read so, as it always was (an invoice
    paid in two equal halves: the half on the statement settles it).
    """
    best, chosen = UNCOMPARABLE, None
    for target in invoice.targets:
        if line.currency is not None and target.currency != line.currency:
            continue
        score = amount_score(line.minor_in(target.currency), target.minor, target.tolerance)
        if chosen is None or score > best:
            best, chosen = score, target
    recorded = invoice.recorded
    if (
        recorded is not None
        and best < TOLERATED_FLOOR
        and line.currency in (None, recorded.currency)
        and line.minor_in(recorded.currency) == recorded.minor
    ):
        return RECORDED_PART, recorded
    return best, chosen


def amount_fit(
    lines: Sequence[PreparedLine], invoices: Sequence[PreparedInvoice], settings: MatchSettings
) -> AmountFit:
    """How the lines' total compares with what their invoices ask, as ``Scorer.group``
    scored it: ``best_amount`` for one line and one invoice, else ``group_amount``. Its
    ``targets`` are the amount each invoice was compared at, in their order; none when
    the amounts could not be compared. For one payment of exactly the part of an
    invoice partly paid before that its provider records as paid, that part (label
    ``RECORDED``), scored ``RECORDED_PART``: ``paid`` equals ``expected``, and the
    score says the invoice is not settled by it."""
    if len(lines) == 1 and len(invoices) == 1:
        line = lines[0]
        score, target = best_amount(line, invoices[0])
        if target is None:
            return AmountFit(score, None, 0, 0, 0)
        paid = line.minor_in(target.currency)
        return AmountFit(score, target.currency, paid, target.minor, target.tolerance, (target,))
    return group_amount(lines, invoices, settings)


class AmountFit(NamedTuple):
    """How lines' total compares with what their invoices ask, for a group of either kind.

    ``targets`` are the amounts each invoice was compared at, in the order the invoices
    were given: its gross, or what the provider says is still owed on it, whichever fits
    (or, for one payment of one invoice, the part its provider records as paid).
    """

    score: float
    currency: str | None
    paid: int
    expected: int
    tolerance: int
    targets: tuple[Target, ...] = ()


_NO_FIT = AmountFit(0.0, None, 0, 0, 0)
# Invoices of a group compared at either of two amounts (their gross or what is still
# owed): every combination is tried up to this many, the rest at their gross.
CHOICE_LIMIT = 8


def group_amount(
    lines: Sequence[PreparedLine], invoices: Sequence[PreparedInvoice], settings: MatchSettings
) -> AmountFit:
    """The lines' total against the invoices' (score 0 across currencies).

    The same rule as one line and one invoice (``best_amount``): an invoice partly paid
    before counts at its gross or at what is still owed, whichever fits the payment better,
    the gross when both fit as well. A batch paying what is still owed on one of its
    invoices is then paid in full, as is an invoice's rest paid in parts.

    The part a provider records as paid (``best_amount``) is not among the amounts tried
    here: it is one payment the provider received, and the groups are found by the
    amounts that settle invoices (``groups.py``), so no batch or parts adding up to it
    are looked for, and none is compared with it.
    """
    currencies = {line.currency for line in lines}
    currency = next(iter(currencies)) if len(currencies) == 1 else None
    if currency is None and currencies == {None}:
        invoice_currencies = {inv.primary.currency for inv in invoices}
        currency = next(iter(invoice_currencies)) if len(invoice_currencies) == 1 else None
    if currency is None:
        return _across_currencies(lines, invoices)
    options: list[tuple[Target, ...]] = []
    for invoice in invoices:
        own = tuple([t for t in invoice.targets if t.currency == currency])
        if not own:
            return _NO_FIT
        options.append(own)
    paid = sum(line.minor_in(currency) for line in lines)
    best = _NO_FIT
    for choice in _choices(options, invoices):
        fit = fit_against(paid, choice, settings)
        if not best.targets or fit.score > best.score:
            best = fit
    return best


def fit_against(paid: int, targets: tuple[Target, ...], settings: MatchSettings) -> AmountFit:
    """``paid`` (lines' total in minor units of the targets' one currency, signed as the
    statement shows it) against these amounts, one per invoice: each combination
    ``group_amount`` chooses among, and what a match's note says of the amounts it was
    compared with. One fee per payment, not per invoice: the tolerance is the total's."""
    currency = targets[0].currency
    expected = sum(target.minor for target in targets)
    tolerance = tolerance_minor(
        expected, currency, settings.amount_tolerance_absolute, settings.amount_tolerance_percent
    )
    score = amount_score(paid, expected, tolerance)
    return AmountFit(score, currency, paid, expected, tolerance, targets)


def _across_currencies(
    lines: Sequence[PreparedLine], invoices: Sequence[PreparedInvoice]
) -> AmountFit:
    """Lines in several currencies: not comparable (``UNCOMPARABLE``) when those in the
    invoices' one currency pay less than every amount settling them, and the others are in
    currencies they state no amount in: a part paid in each, which no rate adds up. The
    money moving the wrong way, or too much paid already, is no such payment (score 0)."""
    currencies = {inv.primary.currency for inv in invoices}
    if len(currencies) != 1 or any(line.currency is None for line in lines):
        return _NO_FIT
    (currency,) = currencies
    stated = {t.currency for inv in invoices for t in inv.targets}
    own = [line for line in lines if line.currency == currency]
    if not own:
        return _NO_FIT
    if any(line.currency in stated and line.currency != currency for line in lines):
        return _NO_FIT  # a settlement currency among them: compared there, not here
    sign = 1 if invoices[0].primary.minor > 0 else -1
    least = sum(
        min(abs(t.minor) for t in inv.targets if t.currency == currency) for inv in invoices
    )
    paid = sum(line.minor for line in own) * sign
    if all((line.minor > 0) == (sign > 0) for line in lines) and (
        0 < paid < least or paid == _recorded_parts(invoices, currency)
    ):
        return AmountFit(UNCOMPARABLE, None, 0, 0, 0)
    return _NO_FIT


def _recorded_parts(invoices: Sequence[PreparedInvoice], currency: str) -> int | None:
    """The parts the invoices' providers record as paid (``prepare.recorded_part``),
    added up in ``currency`` as a size (the statement's sign taken off), where any has
    one; else None. Lines in the invoices' currency paying exactly that are those parts,
    paid before: what is still owed is left to the lines in other currencies, so they
    pay part of the invoices, not too much (``_across_currencies``), though the parts may
    be more than what is still owed."""
    parts = [inv.recorded for inv in invoices if inv.recorded is not None]
    if not parts or any(part.currency != currency for part in parts):
        return None
    return abs(sum(part.minor for part in parts))


def _choices(
    options: list[tuple[Target, ...]], invoices: Sequence[PreparedInvoice]
) -> Iterator[tuple[Target, ...]]:
    """Every combination of the invoices' amounts, all gross first.

    Nearly every group has one amount per invoice: one combination. Beyond
    ``CHOICE_LIMIT`` invoices with two, the later ones (by canonical index) count at
    their gross only, to keep the number of combinations bounded.
    """
    several = sorted(
        (i for i, own in enumerate(options) if len(own) > 1), key=lambda i: invoices[i].index
    )
    if not several:
        yield tuple(own[0] for own in options)
        return
    for position in several[CHOICE_LIMIT:]:
        options[position] = options[position][:1]
    yield from product(*options)


_NO_REFERENCES: dict[int, str] = {}
_NO_PAYEES: dict[int, float] = {}


def line_references(line: PreparedLine) -> dict[int, str]:
    return line.references if line.references is not None else _NO_REFERENCES


def line_payees(line: PreparedLine) -> dict[int, float]:
    return line.payees if line.payees is not None else _NO_PAYEES


def zeros_lost(key: str | None, invoice: PreparedInvoice) -> bool:
    """Whether ``key``, found for ``invoice`` in a line's text, is its bare number
    without leading zeros (``normalise.zeros_dropped``); rare, so asked last."""
    return (
        key is not None
        and key not in invoice.reference_keys
        and is_zeros_dropped(key, invoice.reference_keys)
    )


def quoted_as(invoice: PreparedInvoice, key: str | None) -> str:
    """The invoice's number as a line quoting ``key`` quoted it: the number, and what the
    payer left out when it was a weaker form ("EL-2025-00189 (without its prefix)").
    An invoice known only by its link (Versori's) is named as the window names it, by
    its period, and said to be quoted by its link: the 120-character URL, or the part of
    it the line holds, tells the accountant nothing about which invoice it is."""
    number, label = invoice.invoice.number, invoice.invoice.label
    if label != number:
        return f"{label} (its invoice link)"
    what = quote_form(invoice, key)
    return f"{number} ({what})" if what else number


def quote_form(invoice: PreparedInvoice, key: str | None) -> str:
    """What the payer left out of the invoice's number quoting it as ``key`` ("without
    its prefix", "quoted as 171, without its leading zeros"); "" for the number as issued
    (nearly every quote) and for an invoice known by its link (``quoted_as``)."""
    if key is None or key in invoice.reference_keys:
        return ""
    if invoice.invoice.label != invoice.invoice.number:
        return ""
    if zeros_lost(key, invoice):
        return f"quoted as {key}, {ZEROS_LOST}"
    return reference_form((invoice.invoice.number, invoice.invoice.invoice_id), key)
