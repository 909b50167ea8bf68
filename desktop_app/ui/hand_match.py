"""Matching by hand: what the invoices and lines selected add up to, and what is wrong
with pairing them, said before the pairing is made (no Qt here).

The Reconcile screen shows the selection's totals beside *Match selected* as it changes,
and asks before a match whose money goes the wrong way for its invoices (a receivable
paid by money out, a payable by money in) or whose difference the engine would not
tolerate. A match made by hand is the accountant's word, so it is never refused for
either: the question is there because nothing else would say it until the next run's
discrepancies.

Amounts are compared as the engine compares them: each invoice at its gross, or at the
amount agreed in its settlement currency when every line selected is in that currency
(``amount_fit`` counts it so), or, for an invoice its provider says is partly paid, at
what is still owed on it where the engine measures the lines against that
(``outcome.compare``: they pay it, or the gross without the part paid before); the
difference is what was paid less that, in the invoices' sign (the Reconcile table's
Difference); the tolerance is the engine's own (``tolerance_minor`` of the run's
settings), of the total expected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop_app.domain import Invoice, InvoiceStatus, Match, Money, StatementLine
from desktop_app.domain import format_amount as amount
from desktop_app.domain.period import invoice_currencies
from desktop_app.matching.normalise import minor_units_of, to_minor, tolerance_minor
from desktop_app.matching.outcome import compare
from desktop_app.matching.prepare import (
    part_recorded_as_paid,
    partly_paid,
    prepare_invoices,
    prepare_lines,
)
from desktop_app.matching.scoring import amount_fit
from desktop_app.matching.settings import MatchSettings
from desktop_app.matching.signals import TOLERATED_FLOOR
from desktop_app.ui.formatting import labels, short
from desktop_app.wording import plural


@dataclass(frozen=True, slots=True)
class CurrencyTotal:
    """The selection's money in one currency.

    ``invoiced``: the invoices counted in this currency, in the invoices' sign (as
    invoiced: a receivable's £100 is £100, a payable's too); ``paid``: the lines in it, as
    the statement shows them (money out negative). Either is None when nothing selected is
    in this currency. ``agreed``: some invoice counts at its settlement amount here."""

    currency: str
    invoiced: Money | None
    paid: Money | None
    sign: int  # the bank sign that pays the invoices (1: money in), as ``Match.paid_total``
    agreed: bool = False
    still_owed: bool = False  # ``invoiced`` is what is still owed, not the gross

    @property
    def difference(self) -> Money:
        """Paid less invoiced, in the invoices' sign: negative when short (or paid the
        wrong way), positive when over; the Reconcile table's Difference."""
        zero = Money.zero(self.currency)
        return (self.paid or zero) * self.sign - (self.invoiced or zero)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Paid against invoiced where everything selected is in one currency: the one case
    the engine compares them in, and where a difference and a tolerance mean anything."""

    invoiced: Money  # in the invoices' sign, as ``CurrencyTotal``
    paid: Money  # as the statement shows it
    sign: int
    agreed: bool
    still_owed: bool = False

    @property
    def currency(self) -> str:
        return self.paid.currency

    @property
    def difference(self) -> Money:
        """Paid less invoiced, in the invoices' sign (``CurrencyTotal.difference``)."""
        return self.paid * self.sign - self.invoiced

    @property
    def expected(self) -> Money:
        """What settles the invoices, as the statement would show it."""
        return self.invoiced * self.sign


@dataclass(frozen=True, slots=True)
class SelectionTotals:
    """What the invoices and lines selected add up to, currency by currency (in the order
    the currencies first appear, invoices first). ``unstated``: the lines whose statement
    states no currency, summed as the file has them (None when there are none): they
    are compared with nothing."""

    totals: tuple[CurrencyTotal, ...]
    unstated: Decimal | None
    invoice_count: int
    line_count: int

    @property
    def empty(self) -> bool:
        return not self.invoice_count and not self.line_count

    @property
    def compared(self) -> Comparison | None:
        """Paid against invoiced, when everything selected, invoices and lines, is in one
        currency. None otherwise (several currencies, a line in no stated currency, or
        one side not selected)."""
        if self.unstated is not None or len(self.totals) != 1:
            return None
        (total,) = self.totals
        if total.invoiced is None or total.paid is None:
            return None
        return Comparison(total.invoiced, total.paid, total.sign, total.agreed, total.still_owed)

    @property
    def compared_with(self) -> Money | None:
        """What the lines are measured against where that is what is still owed on an
        invoice partly paid before, not the gross (``Match.compared_with`` of the match
        they would make, so its Difference is the one the totals show); else None."""
        compared = self.compared
        return compared.invoiced if compared is not None and compared.still_owed else None

    def paid_texts(self) -> list[str]:
        """The lines' total in each currency ("£100.00", "€50.00"), and theirs whose
        statement states none last ("20.00 (no currency)"): as the selection's totals and
        the match card's heading (``match_card``) say them."""
        paid = [t.paid.format() for t in self.totals if t.paid is not None]
        if self.unstated is not None:
            paid.append(f"{amount(self.unstated, None)} (no currency)")
        return paid

    def lines(self) -> list[str]:
        """The totals as the screen shows them beside Match selected, one per row:
        Σ invoices, Σ lines and, when both are selected, the difference, each currency's
        side by side ("£100.00; €50.00")."""
        if self.empty:
            return []
        invoiced = [
            t.invoiced.format()
            + (" as agreed" if t.agreed else "")
            + (" still owed" if t.still_owed else "")
            for t in self.totals
            if t.invoiced is not None
        ]
        paid = self.paid_texts()
        rows = [
            f"Σ invoices: {'; '.join(invoiced) or '—'}",
            f"Σ lines: {'; '.join(paid) or '—'}",
        ]
        if self.invoice_count and self.line_count:
            if self.unstated is not None:  # no currency to take it from, or add it to
                rows.append("Difference: not known (a line states no currency)")
            else:
                differences = [t.difference.format() for t in self.totals]
                rows.append(f"Difference: {'; '.join(differences)}")
        return rows


def selection_totals(
    invoices: Sequence[Invoice],
    lines: Sequence[StatementLine],
    settings: MatchSettings | None = None,
) -> SelectionTotals:
    """The selection's totals in each currency (``SelectionTotals``). ``settings``: the
    amount tolerance the engine's choice between an invoice's gross and what is still
    owed on it is made with (the defaults where not given)."""
    sign = invoices[0].direction.expected_sign if invoices else 1
    stated = {line.currency for line in lines if line.currency is not None}
    invoiced: dict[str, Money] = {}
    agreed: set[str] = set()
    for invoice in invoices:
        counted, as_agreed = _counted_at(invoice, stated)
        if as_agreed:
            agreed.add(counted.currency)
        # An invoice of the other direction (netted by hand) counts against the first's.
        counted = counted * (invoice.direction.expected_sign * sign)
        held = invoiced.get(counted.currency)
        invoiced[counted.currency] = counted if held is None else held + counted
    # Summed as plain Decimals per currency, made Money once: the screen totals the lines
    # selected at every change of the selection, and Ctrl+A may select 300,000.
    sums: dict[str | None, Decimal] = {}
    for line in lines:
        currency = line.currency
        sums[currency] = sums.get(currency, _ZERO) + line.amount
    unstated = sums.pop(None, None)
    paid = {currency: Money(total, currency) for currency, total in sums.items() if currency}
    owed = _still_owed(invoices, lines, settings or MatchSettings())
    if owed is not None:
        invoiced[owed.currency] = owed
    currencies = dict.fromkeys([*invoiced, *paid])
    totals = tuple(
        CurrencyTotal(
            c,
            invoiced.get(c),
            paid.get(c),
            sign,
            c in agreed,
            owed is not None and c == owed.currency,
        )
        for c in currencies
    )
    return SelectionTotals(totals, unstated, len(invoices), len(lines))


def _still_owed(
    invoices: Sequence[Invoice], lines: Sequence[StatementLine], settings: MatchSettings
) -> Money | None:
    """What the engine measures the lines against where that counts what is still owed
    on an invoice its provider says is partly paid (``outcome.compare``, the rule of its
    match's Difference and AMOUNT_MISMATCH row): in the invoices' sign, as their gross.
    None where it is their gross: nearly always, so the selection is prepared for the
    engine's rule only where an invoice partly paid is among it, of one direction and
    currency, paid by lines stating that currency (anything else is compared with no
    amount the engine would measure it by)."""
    if not lines or not any(partly_paid(invoice) for invoice in invoices):
        return None
    first = invoices[0]
    if any(
        i.currency != first.currency or i.direction is not first.direction for i in invoices
    ) or any(line.currency != first.currency for line in lines):
        return None
    prepared_lines = prepare_lines(lines, settings)
    _, compared = compare(prepared_lines, prepare_invoices(invoices, settings), settings)
    return None if compared is None else compared.total


def pays_recorded_part(match: Match) -> bool:
    """Whether ``match`` pays its one invoice only the part its provider records as paid:
    the invoice is partly paid, and the lines come, in its currency, to exactly its gross
    less what is still owed (the engine matches one such payment to it as that part:
    ``scoring.best_amount``). What is still owed is then unpaid, so the invoice is
    offered for matching by hand, against that (``MatchIndex.still_owes``).

    The engine's rule (``prepare.part_recorded_as_paid``), not a looser one of its own:
    an invoice its provider says is paid in full (nothing outstanding) has no such part,
    and a payment of its gross settles it. Read as "the part recorded as paid", every
    fully paid invoice matched and accepted was still offered as unmatched."""
    if len(match.invoices) != 1:
        return False
    part = part_recorded_as_paid(match.invoices[0])
    if part is None:
        return False
    paid = match.paid_total()
    return paid is not None and paid == part


_ZERO = Decimal(0)


def _counted_at(invoice: Invoice, line_currencies: set[str]) -> tuple[Money, bool]:
    """The invoice's gross; or, when every line selected is in its settlement currency
    (and none in its own), the amount agreed there, as the engine compares it (True)."""
    settlement = invoice.settlement
    if (
        settlement is not None
        and settlement.amount is not None
        and settlement.amount.currency != invoice.currency
        and line_currencies == {settlement.amount.currency}
    ):
        return settlement.amount, True
    return invoice.gross, False


def run_tolerance(run_settings: Mapping[str, Any]) -> MatchSettings:
    """The amount tolerance of the run shown (``Reconciliation.settings``, as the engine
    wrote them): the one its matches and discrepancies were judged by. The defaults
    where there is no run, or it names none."""
    names = ("amount_tolerance_absolute", "amount_tolerance_percent")
    return MatchSettings(**{name: run_settings[name] for name in names if name in run_settings})


@dataclass(frozen=True, slots=True)
class HandMatchCheck:
    """The selection's totals and what is wrong with matching it (``concerns``, each a
    sentence for the accountant; none when the pairing is as the invoices expect)."""

    totals: SelectionTotals
    concerns: tuple[str, ...]
    tolerance: Money | None  # the engine's tolerance of the comparison, where there is one

    @property
    def note(self) -> str:
        """What the totals' tooltip says: the concerns, or that the difference is within
        the tolerance; "" when nothing is compared."""
        if self.concerns:
            return " ".join(self.concerns)
        if self.tolerance is None:
            return ""
        return f"Within the {self.tolerance.format()} matching tolerates."


def check(
    invoices: Sequence[Invoice], lines: Sequence[StatementLine], settings: MatchSettings
) -> HandMatchCheck:
    """Total the selection and say what is wrong with pairing it: money moving the wrong
    way for the invoices, a difference beyond the engine's tolerance."""
    totals = selection_totals(invoices, lines, settings)
    concerns: list[str] = [said for invoice in invoices if (said := _not_expected(invoice))]
    wrong = _wrong_way(invoices, lines, totals)
    if wrong:
        concerns.append(wrong)
    abroad = _other_currency(invoices, lines)
    if abroad:
        concerns.append(abroad)
    compared = totals.compared
    tolerance = None
    if compared is not None:
        currency = compared.currency
        expected = to_minor(compared.expected.amount, currency)
        allowed = tolerance_minor(
            expected,
            currency,
            settings.amount_tolerance_absolute,
            settings.amount_tolerance_percent,
        )
        tolerance = Money(Decimal(allowed).scaleb(-minor_units_of(currency)), currency)
        beyond = abs(to_minor(compared.paid.amount, currency) - expected) > allowed
        if beyond and not _engine_tolerates(invoices, lines, settings):
            concerns.append(_beyond_tolerance(compared, tolerance, settings))
    return HandMatchCheck(totals, tuple(concerns), tolerance)


def _not_expected(invoice: Invoice) -> str:
    """Why a payment of this invoice is not what the books expect, or "": it is written
    off or void, as the engine's explanation of such a match says (the report then lists
    it as VOID_INVOICE_PAID). Said before the amounts, which matter less than that."""
    status = invoice.status
    word = invoice.status_raw or status.value
    if status is InvoiceStatus.UNCOLLECTIBLE:
        return (
            f"{short(invoice.label)} is written off ({word}): if this pays it, reverse the "
            "write-off and book the payment against it."
        )
    if status is InvoiceStatus.VOID:
        return f"{short(invoice.label)} is void ({word}): the books no longer expect it to be paid."
    return ""


def settles_in(invoice: Invoice, currency: str) -> bool:
    """Whether ``currency`` is one the invoice is settled in: its own, or the currency of
    its settlement (as the engine reads an invoice's currencies)."""
    return currency in invoice_currencies((invoice,))


def _other_currency(invoices: Sequence[Invoice], lines: Sequence[StatementLine]) -> str:
    """Why the lines are in another currency than the invoices, or "": a line in a
    currency none of them is in or agreed to be settled in. Its amount is compared with
    nothing (the totals show each currency's side by side), and the engine reports the
    match as a CURRENCY_MISMATCH, so it is asked about as a difference beyond the
    tolerance is, naming both currencies; lines whose statement states none are not."""
    abroad: dict[str, list[str]] = {}
    if not invoices:  # nothing to be in another currency than
        return ""
    agreed = invoice_currencies(invoices)
    for line in lines:
        currency = line.currency
        if currency is not None and currency not in agreed:
            abroad.setdefault(currency, []).append(str(line.key))
    if not abroad:
        return ""
    owed = list(dict.fromkeys(invoice.currency for invoice in invoices))
    named = labels(invoices)
    verb = plural(len(invoices), "is", "are")
    paid: list[str] = []
    for currency, keys in abroad.items():
        if len(lines) == 1:
            said = "the line selected is"
        else:
            said = f"{', '.join(keys)} {plural(len(keys), 'is', 'are')}"
        paid.append(f"{said} in {currency}" if not paid else f"{', '.join(keys)} in {currency}")
    return (
        f"{named} {verb} in {' and '.join(owed)}, but {' and '.join(paid)}: a payment in "
        "another currency than its invoice is not compared with it (no amount is agreed "
        f"in {' or '.join(abroad)}), and the report lists the match as a "
        "CURRENCY_MISMATCH."
    )


def _engine_tolerates(
    invoices: Sequence[Invoice], lines: Sequence[StatementLine], settings: MatchSettings
) -> bool:
    """Whether the engine finds the lines pay the invoices within its tolerance at an
    amount other than the gross the totals show: what the provider says is still owed
    on an invoice partly paid before (``scoring.amount_fit``, the engine's own rule).
    Without it, a part-paid invoice's remainder paid exactly was warned of as short."""
    fit = amount_fit(prepare_lines(lines, settings), prepare_invoices(invoices, settings), settings)
    return fit.currency is not None and fit.score >= TOLERATED_FLOOR


def _wrong_way(
    invoices: Sequence[Invoice], lines: Sequence[StatementLine], totals: SelectionTotals
) -> str:
    """Why the money goes the wrong way for the invoices, or "".

    In one currency, by the totals: paid and expected of opposite signs. Across
    currencies, where no total exists: every invoice asking for money the one way and
    every line moving it the other. A selection netting invoices of both directions (or
    a credit note) is wrong only on balance."""
    compared = totals.compared
    if compared is not None:
        expected, paid = compared.expected, compared.paid
        if expected.is_zero() or paid.is_zero() or expected.is_negative() == paid.is_negative():
            return ""
        due_in = not expected.is_negative()
    else:
        expected_signs = {inv.expected_bank_amount().is_negative() for inv in invoices}
        line_signs = {line.amount < 0 for line in lines if line.amount}
        if len(expected_signs) != 1 or line_signs != {not s for s in expected_signs}:
            return ""
        due_in = not expected_signs.pop()
    return f"{_due(invoices, due_in)}, but {_paying(lines, totals)}."


def _due(invoices: Sequence[Invoice], due_in: bool) -> str:
    """'EL-2025-00138 is a receivable: money due in', and the like for several."""
    directions = sorted({invoice.direction.value for invoice in invoices})
    kind = " and ".join(directions)
    way = "in" if due_in else "out"
    if len(invoices) == 1:
        (invoice,) = invoices
        note = "a credit note on a " if invoice.is_credit_note else "a "
        return f"{short(invoice.label)} is {note}{kind}: money due {way}"
    return f"{labels(invoices)} are {kind} invoices: money due {way}"


def _paying(lines: Sequence[StatementLine], totals: SelectionTotals) -> str:
    """'the line selected pays £612.00 out', or the lines' together, per currency."""
    moved = [_moved(t.paid) for t in totals.totals if t.paid is not None]
    if totals.unstated is not None:
        way = "out" if totals.unstated < 0 else "in"
        moved.append(f"{amount(abs(totals.unstated), None)} {way}")
    if len(lines) == 1:
        return f"the line selected pays {' and '.join(moved)}"
    return f"the {len(lines)} lines selected pay {' and '.join(moved)}"


def _moved(paid: Money) -> str:
    """'£612.00 out' or '£100.00 in': a statement amount in words, unsigned."""
    return f"{abs(paid).format()} {'out' if paid.is_negative() else 'in'}"


def _beyond_tolerance(compared: Comparison, tolerance: Money, settings: MatchSettings) -> str:
    """'A difference of -£343.43: more than the £28.66 matching tolerates ...'."""
    absolute = Money(settings.amount_tolerance_absolute, compared.currency).format()
    percent = f"{settings.amount_tolerance_percent.normalize():f} %"
    return (
        f"A difference of {compared.difference.format()}: more than the "
        f"{tolerance.format()} matching tolerates ({absolute} or {percent} of "
        f"{abs(compared.invoiced).format()}, whichever is larger)."
    )


def hand_note(totals: SelectionTotals) -> str:
    """What a match made by hand paid against what was invoiced, and the difference when
    there is one: 'paid £612.00 out for £955.43 invoiced: a difference of -£1,567.43'.
    Across currencies each side is named and nothing compared."""
    compared = totals.compared
    if compared is not None:
        owed = (
            "due as agreed"
            if compared.agreed
            else "still owed"
            if compared.still_owed
            else "invoiced"
        )
        note = f"paid {_moved(compared.paid)} for {compared.invoiced.format()} {owed}"
        difference = compared.difference
        if not difference.rounded().is_zero():
            note += f": a difference of {difference.format()}"
        return note
    paid = [_moved(t.paid) for t in totals.totals if t.paid is not None]
    if totals.unstated is not None:
        way = "out" if totals.unstated < 0 else "in"
        paid.append(f"{amount(abs(totals.unstated), None)} {way}")
    invoiced = [t.invoiced.format() for t in totals.totals if t.invoiced is not None]
    why = "a line states no currency" if totals.unstated is not None else "different currencies"
    return f"paid {' and '.join(paid)} for {' and '.join(invoiced)} invoiced: not compared ({why})"


def confirmation(
    invoices: Sequence[Invoice], lines: Sequence[StatementLine], concerns: Sequence[str]
) -> str:
    """The question asked before a match with ``concerns``: what would be matched, what is
    wrong with it, and whether to match it all the same."""
    what = describe_pairing(invoices, lines)
    said = "\n".join(f"• {concern}" for concern in concerns)
    return f"Match {what} by hand?\n\n{said}\n\nMatch them all the same?"


def describe_pairing(invoices: Sequence[Invoice], lines: Sequence[StatementLine]) -> str:
    """'INV-1, INV-2 ↔ bank.csv:7': invoices by label, lines by file and row."""
    named = labels(invoices)
    rows = ", ".join(str(line.key) for line in lines)
    return f"{named} ↔ {rows}"
