"""Sentences for accountants: each signal's note, a match's one-line explanation, runner-ups.

Written only for the hypotheses that become matches, so the hot loops never format money.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from desktop_app.domain.invoice import Invoice
from desktop_app.domain.match import ACCEPTED_WORDS, BY_HAND_WORDS, Signal
from desktop_app.domain.money import Money
from desktop_app.matching.context import Comparison, RunContext
from desktop_app.matching.normalise import minor_units_of
from desktop_app.matching.prepare import (
    GROSS,
    OUTSTANDING,
    RECORDED,
    REST,
    SETTLEMENT,
    PreparedInvoice,
    PreparedLine,
    Target,
)
from desktop_app.matching.recorded import recorded_lines
from desktop_app.matching.scoring import (
    AmountFit,
    Hypothesis,
    amount_fit,
    line_references,
    quote_form,
    quoted_as,
)
from desktop_app.matching.signals import (
    SIGNAL_NAMES,
    TOLERATED_FLOOR,
    UNCOMPARABLE,
    Tolerated,
    tolerated,
)
from desktop_app.wording import and_list, score_percent, whole_percent

NO_REFERENCE = "no invoice reference in text"
NO_PAYEE = "payee not recognised"
# What a payment in the invoices' settlement currency is measured against.
_AGREED = "the agreed settlement amount"
# A difference within tolerance, as the amount's note words it (``tolerated``).
_GUESSES = {
    Tolerated.FEE: "a fee?",
    Tolerated.OVERPAID: "overpaid",
    Tolerated.UNDERPAID: "underpaid",
}


def general_signals(
    ctx: RunContext,
    hypothesis: Hypothesis,
    fit: AmountFit | None,
    compared: Comparison | None,
) -> tuple[Signal, ...]:
    """Every note written from the hypothesis itself: the definition the fast path keeps.
    ``fit``: the scorer's fit of the amount, where already found; ``compared``: what the
    engine measures the payment against, where not the gross (``amount_note``)."""
    lines = [ctx.lines[i] for i in hypothesis.lines]
    invoices = [ctx.invoices[i] for i in hypothesis.invoices]
    notes = (
        reference_note(hypothesis, lines, invoices),
        amount_note(ctx, lines, invoices, fit, compared),
        payee_note(ctx, hypothesis, lines, invoices),
        date_note(lines, invoices, ctx.settings.grace_days_after_due),
        currency_note(hypothesis, lines, invoices),
    )
    parts = hypothesis.parts
    return tuple(_signal(ctx, position, parts[position], notes[position]) for position in range(5))


def pair_signals(
    ctx: RunContext,
    hypothesis: Hypothesis,
    fit: AmountFit | None,
    compared: Comparison | None,
) -> tuple[Signal, ...]:
    """The five signals of one line and one invoice, the shape of nearly every match.

    The same signals as the general notes give, but each looked up by the few values that
    determine its note (the payee's name and ratio; the kind of date and the days from it
    and from the due date), so its sentence is written once per run, not once per match.
    Only a reference found is written every time: it names the invoice.
    """
    line = ctx.lines[hypothesis.lines[0]]
    invoice = ctx.invoices[hypothesis.invoices[0]]
    reference, amount, payee, date, currency = hypothesis.parts
    found = line.references is not None and invoice.index in line.references
    if reference > 0 and found:
        note = f"reference {quoted_as(invoice, line_references(line).get(invoice.index))} in text"
        reference_signal = Signal(SIGNAL_NAMES[0], round(reference, 4), ctx.weights[0], note)
    elif found or reference > 0:  # rare: a number that does not count, or none found
        note = reference_note(hypothesis, [line], [invoice])
        reference_signal = _signal(ctx, 0, reference, note)
    else:
        reference_signal = _signal(ctx, 0, reference, NO_REFERENCE)
    if amount >= 1.0 and len(invoice.targets) == 1 and compared is None:
        amount_signal = _signal(ctx, 1, amount, "amount equal")  # its one amount, exactly
    else:
        note = amount_note(ctx, [line], [invoice], fit, compared)
        amount_signal = _signal(ctx, 1, amount, note)
    invoice_currency = invoice.invoice.currency
    if currency >= 1.0 and line.currency == invoice_currency:
        currency_signal = _signal(ctx, 4, currency, f"in {invoice_currency}")
    else:
        currency_signal = _signal(ctx, 4, currency, currency_note(hypothesis, [line], [invoice]))
    return (
        reference_signal,
        amount_signal,
        _pair_payee_signal(ctx, payee, line, invoice),
        _pair_date_signal(ctx, date, line, invoice),
        currency_signal,
    )


def _signal(ctx: RunContext, position: int, score: float, note: str) -> Signal:
    """Signals are immutable and most recur (amount equal, in GBP): one object each."""
    key = (position, score, note)
    signal = ctx.signal_cache.get(key)
    if signal is None:
        signal = Signal(SIGNAL_NAMES[position], round(score, 4), ctx.weights[position], note)
        if position or note == NO_REFERENCE:  # a reference found names its invoice
            ctx.signal_cache[key] = signal
    return signal


def _pair_payee_signal(
    ctx: RunContext, score: float, line: PreparedLine, invoice: PreparedInvoice
) -> Signal:
    similarities = line.payees
    best: tuple[float, int] | None = None
    if score > 0 and similarities:
        for name_id in invoice.name_ids:
            ratio = similarities.get(name_id)
            if ratio is not None and (best is None or ratio > best[0]):
                best = (ratio, name_id)
    if best is None:
        return _signal(ctx, 2, score, NO_PAYEE)
    key = ("payee", score, *best)
    signal = ctx.signal_cache.get(key)
    if signal is None:
        ratio, name_id = best
        note = f"payee {ctx.payee_names[name_id]} ({ratio:.0f}%)"
        signal = ctx.signal_cache[key] = _signal(ctx, 2, score, note)
    return signal


def _pair_date_signal(
    ctx: RunContext, score: float, line: PreparedLine, invoice: PreparedInvoice
) -> Signal:
    anchor, due = invoice.anchor, invoice.due
    if anchor is None or due is None:
        return _signal(ctx, 3, score, "invoice has no date")
    day = line.day
    inside = invoice.window_start <= day <= invoice.window_end
    key = ("date", score, invoice.anchor_kind, day - anchor, day - due, inside)
    signal = ctx.signal_cache.get(key)
    if signal is None:
        note = _pair_date_note(line, invoice, ctx.settings.grace_days_after_due)
        signal = ctx.signal_cache[key] = _signal(ctx, 3, score, note)
    return signal


def pair_explanation(ctx: RunContext, signals: tuple[Signal, ...], prefix: str = "") -> str:
    """``explanation_of`` for one line and one invoice, from a template per shape.

    Everything after the reference (amount; payee; date; currency) depends only on those
    four signals, which are shared objects within a run (``pair_signals``): that tail is
    written once per distinct combination and reused.
    """
    reference, amount, payee, date, currency = signals
    key = (id(amount), id(payee), id(date), id(currency))
    tail = ctx.tail_cache.get(key)
    if tail is None:
        tail = ctx.tail_cache[key] = "; ".join(_tail_notes(amount, payee, date, currency))
    head = [prefix] if prefix else []
    if reference.score > 0:
        head.append(reference.detail)
    return "; ".join([*head, tail]) if head else tail


def explanation_of(hypothesis: Hypothesis, signals: tuple[Signal, ...], prefix: str = "") -> str:
    """The notes that carry weight, most telling first, on one line."""
    parts = [prefix] if prefix else []
    lines, invoices = len(hypothesis.lines), len(hypothesis.invoices)
    if lines == 1 and invoices > 1:
        parts.append(f"one payment for {invoices} invoices")
    elif lines > 1 and invoices == 1:
        parts.append(f"paid in {lines} parts")
    elif lines > 1:
        parts.append(f"{lines} payments for {invoices} invoices")
    reference, amount, payee, date, currency = signals  # SIGNAL_NAMES order
    if reference.score > 0:
        parts.append(reference.detail)
    parts.extend(_tail_notes(amount, payee, date, currency))
    return "; ".join(parts)


def _tail_notes(amount: Signal, payee: Signal, date: Signal, currency: Signal) -> list[str]:
    """What follows the reference in every explanation: the amount, the payee when it was
    recognised, the date, and the currency when it differs or is a settlement currency."""
    notes = [amount.detail]
    if payee.score > 0:
        notes.append(payee.detail)
    notes.append(date.detail)
    if currency.score < 1 or "settlement" in currency.detail:
        notes.append(currency.detail)
    return notes


def reference_note(
    hypothesis: Hypothesis, lines: list[PreparedLine], invoices: list[PreparedInvoice]
) -> str:
    if len(lines) == 1 and not lines[0].references:  # the common case, without the search
        return "no invoice reference in text"
    if len(lines) > 1 and len(invoices) == 1 and hypothesis.parts[0] > 0:
        each = _parts_quoting(lines, invoices[0])
        if each:
            return each
    quoted = []
    for inv in invoices:
        keys = [line_references(ln)[inv.index] for ln in lines if inv.index in line_references(ln)]
        if keys:  # the number as issued where a line has it, else the form quoted
            quoted.append(quoted_as(inv, min(keys, key=lambda k: k not in inv.reference_keys)))
    if hypothesis.parts[0] > 0:
        return f"reference {', '.join(quoted)} in text"
    if quoted:
        return f"number {', '.join(quoted)} in text, but neither amount nor payee agrees"
    return "no invoice reference in text"


def _parts_quoting(lines: list[PreparedLine], invoice: PreparedInvoice) -> str:
    """How each part of an invoice paid in parts quotes it, in row order, where they do
    not all quote it alike: 'reference EL-2025-00172 in text: as issued in row 4,
    without its leading zeros in row 15'. The reference's signal is the parts' mean
    (``Scorer.group``: 0.88 for 1.00 and 0.75), which a note naming the number as
    issued for both left unexplained. "" where every part quotes it the same way."""
    references = [line_references(line).get(invoice.index) for line in lines]
    forms = [None if key is None else quote_form(invoice, key) for key in references]
    if len(set(forms)) == 1 and forms[0] is not None:
        return ""  # every part quotes it alike: said once, as before
    rows = row_names(lines)
    said = []
    for form, row in zip(forms, rows, strict=True):
        if form is None:
            said.append(f"not in {row}")
        elif not form:
            said.append(f"as issued in {row}")
        else:
            said.append(f"{f'({form})' if ',' in form else form} in {row}")
    return f"reference {quoted_as(invoice, None)} in text: {', '.join(said)}"


def row_names(lines: Sequence[PreparedLine]) -> list[str]:
    """Each line as its part is named in a note: 'row 4', or 'nov.csv row 4' where the
    parts are in several statements."""
    one_file = len({line.line.source_file for line in lines}) == 1
    return [
        f"row {line.line.row}" if one_file else f"{line.line.source_file} row {line.line.row}"
        for line in lines
    ]


def amount_note(
    ctx: RunContext,
    lines: list[PreparedLine],
    invoices: list[PreparedInvoice],
    fit: AmountFit | None,
    compared: Comparison | None,
) -> str:
    """The amount's note. ``fit`` is the scorer's fit of the amount (its ``targets`` the
    amount each invoice was compared at), and ``compared`` what the engine measures the
    payment against where that is not the gross, both found where one invoice has more
    than one amount (``outcome._compared``, which ``Match.compared_with`` and the
    report's rows read too): read here, never worked out again, so the note cannot name
    another amount than the Difference and the report do. Without them (every invoice
    has its gross alone, and nothing else reads the fit), the scorer's fit is worked out
    here (``amount_fit``). A payment of exactly the part its provider records as paid is
    that part (``recorded_part_note``)."""
    if fit is None:
        fit = amount_fit(lines, invoices, ctx.settings)
    if compared is not None:
        return _against_owed(lines, invoices, fit, compared)
    if len(lines) == 1 and len(invoices) == 1:
        line, invoice = lines[0], invoices[0]
        if not fit.targets:
            # an invoice partly paid before is named with what is still owed on it
            owed = "" if invoice.outstanding is None else f" ({still_owed(invoice.invoice)})"
            currency = invoice.invoice.currency
            return f"amount in {line.currency}, invoice in {currency}{owed}: not compared"
        label = fit.targets[0].label
        if label == RECORDED:  # only ever one line and one invoice (``best_amount``)
            return recorded_part_note(invoice.invoice)
        return describe_amount(
            fit.score,
            fit.paid,
            fit.expected,
            fit.targets[0].currency,
            invoice.sign,
            label,
            agreed=label == SETTLEMENT,
        )
    if fit.score >= 1.0 and fit.paid == fit.expected and _at_gross_with_a_part(invoices, fit):
        among = recorded_lines(lines, invoices)
        if among:
            return recorded_among_note(lines, invoices, among)
    if fit.currency is None and fit.score == UNCOMPARABLE:
        return _part_abroad(lines, invoices)
    if fit.currency is None:
        return "amounts in different currencies: not compared"
    agreed = fit.currency != invoices[0].invoice.currency  # the settlement amounts'
    return describe_amount(
        fit.score, fit.paid, fit.expected, fit.currency, invoices[0].sign, "total", agreed=agreed
    )


def _against_owed(
    lines: list[PreparedLine],
    invoices: list[PreparedInvoice],
    fit: AmountFit,
    compared: Comparison,
) -> str:
    """The amount's note of a payment measured against what is still owed on an invoice
    partly paid before (alone, in parts, or among a batch's invoices).

    The note describes the amounts the match records it was compared with
    (``compared.targets``), whichever rule chose them. Where the scorer chose what is
    still owed, they are the fit's own targets, and its score is against them. Where the
    gross was paid (``gross_paid``), they differ from the fit's (the gross), and the note
    says only how far the payment (the fit's ``paid``) is from what is still owed: no
    score is read."""
    targets = compared.targets
    currency = targets[0].currency
    owed = owed_on(invoices, targets)
    if compared.gross_paid:
        expected = sum(target.minor for target in targets)
        return _gross_paid(fit.paid, expected, currency, invoices, owed)
    paid, expected, score = fit.paid, fit.expected, fit.score
    # Parts of one invoice are compared with what is still owed on it, not with a part.
    if len(invoices) > 1:
        return describe_amount(score, paid, expected, currency, invoices[0].sign, "total", owed)
    if score >= 1.0 and len(lines) > 1:
        return f"total equal: pays {owed}"
    return describe_amount(score, paid, expected, currency, invoices[0].sign, OUTSTANDING, owed)


def _at_gross_with_a_part(invoices: Sequence[PreparedInvoice], fit: AmountFit) -> bool:
    """Whether the lines were compared with the gross of every invoice, one of which has
    a part its provider records as paid: only then can that part's payment be among
    them (``recorded.py``). Nearly every match has no such invoice."""
    return any(invoice.recorded is not None for invoice in invoices) and all(
        target.label == GROSS for target in fit.targets
    )


def recorded_among_note(
    lines: Sequence[PreparedLine],
    invoices: Sequence[PreparedInvoice],
    among: Sequence[int],
) -> str:
    """'total equal to the gross: bank.csv row 20 (2025-09-16, £246.53) pays the £246.53
    of £1,240.12 Elevate records as paid, the others the £993.59 still owed': lines
    paying exactly the gross of an invoice partly paid before, among them the payment
    of the part its provider counts as paid (``recorded.py``, at positions ``among``).
    Paid in parts, that part included: nothing was paid twice, so the note names no
    excess (where none of them is that part, ``_gross_paid`` names one)."""
    rows = and_list([_line_ref(lines[position]) for position in among])
    verb = "pays" if len(among) == 1 else "pay"
    others = "the other" if len(lines) - len(among) == 1 else "the others"
    partly = [invoice.invoice for invoice in invoices if invoice.recorded is not None]
    if len(invoices) == 1:
        (invoice,) = partly
        owed = invoice.amount_outstanding
        assert owed is not None  # only an invoice partly paid before has a recorded part
        gross = invoice.gross
        return (
            f"total equal to the gross: {rows} {verb} the {(gross - owed).format()} of "
            f"{gross.format()} {invoice.provider} records as paid, {others} the "
            f"{owed.format()} still owed"
        )
    parts = and_list(
        [
            f"the {(i.gross - i.amount_outstanding).format()} of {i.label}"
            for i in partly
            if i.amount_outstanding is not None
        ]
    )
    return (
        f"total equal to the gross: {rows} {verb} {parts} recorded as paid, {others} "
        "what is still owed"
    )


def _part_abroad(lines: list[PreparedLine], invoices: list[PreparedInvoice]) -> str:
    """'paid £150.00 of £276.62 and €150.00: not compared': parts in the invoices' currency
    and in others (every line states its own), which no rate adds up (``group_amount``).
    Of one invoice partly paid before whose part its provider records as paid is what
    came in its currency, that part is named as one payment of it is ('paid £74.92, the
    part of £276.62 Elevate records as paid, and €230.00: not compared')."""
    sign, currency = invoices[0].sign, invoices[0].primary.currency
    totals: dict[str, int] = {currency: 0}
    for line in lines:
        each = line.currency or currency
        totals[each] = totals.get(each, 0) + line.minor
    paid = totals.pop(currency)
    own = _money(paid * sign, currency).format()
    invoiced = _money(sum(inv.primary.minor for inv in invoices) * sign, currency).format()
    others = and_list([_money(minor * sign, each).format() for each, minor in totals.items()])
    recorded = invoices[0].recorded if len(invoices) == 1 else None
    if recorded is not None and recorded.minor == paid:  # the part is in the gross's currency
        provider = invoices[0].invoice.provider
        return (
            f"paid {own}, the part of {invoiced} {provider} records as paid, and {others}: "
            "not compared"
        )
    return f"paid {own} of {invoiced} and {others}: not compared"


def _gross_paid(
    paid: int, expected: int, currency: str, invoices: list[PreparedInvoice], owed: str
) -> str:
    """'pays the gross £276.62: £74.92 more than the £201.70 still owed of £276.62'; of a
    batch or parts, 'total equal to the gross: £74.92 more than owed, counting ...'."""
    excess = _money(abs(paid - expected), currency).format()
    side = "more" if abs(paid) > abs(expected) else "less"
    if len(invoices) > 1:
        return f"total equal to the gross: {excess} {side} than owed, counting {owed}"
    gross = invoices[0].invoice.gross.format()
    return f"pays the gross {gross}: {excess} {side} than {owed}"


def recorded_part_note(invoice: Invoice) -> str:
    """'pays the £74.92 of £276.62 Elevate records as paid, £201.70 still owed': one
    payment of exactly the part of an invoice partly paid before that its provider
    records as paid (``scoring.best_amount``). The amount is equal, but to a part the
    provider already counted: it is not short of what is still owed, which stays owed."""
    owed = invoice.amount_outstanding
    assert owed is not None  # only asked of an invoice partly paid before
    gross = invoice.gross
    return (
        f"pays the {(gross - owed).format()} of {gross.format()} {invoice.provider} "
        f"records as paid, {owed.format()} still owed"
    )


def still_owed(invoice: Invoice, named: bool = False) -> str:
    """'the £201.70 still owed of £276.62': what the provider says is left to pay on an
    invoice partly paid before, and its gross; ``named`` adds 'on EL-3' (in a batch)."""
    owed = invoice.amount_outstanding
    assert owed is not None  # only asked of an invoice compared at what is still owed
    on = f" on {invoice.label}" if named else ""
    return f"the {owed.format()} still owed of {invoice.gross.format()}{on}"


def owed_on(invoices: Sequence[PreparedInvoice], targets: Sequence[Target]) -> str:
    """``still_owed`` of each invoice of a group compared at what is still owed on it
    (``targets`` as ``group_amount`` chose them), or "" when none was; ``left_of`` for
    the one invoice of the rest of a pairing of the accountant's (``rest.py``)."""
    named = len(invoices) > 1
    owed = [
        still_owed(invoice.invoice, named)
        if target.label == OUTSTANDING
        else left_of(target, invoice)
        for invoice, target in zip(invoices, targets, strict=True)
        if target.label in (OUTSTANDING, REST)
    ]
    return and_list(owed) if owed else ""


def left_of(rest: Target, invoice: PreparedInvoice) -> str:
    """'the £40.00 left of £100.00': what the accountant's pairings of an invoice left
    of it (``rest.py``), and its gross."""
    left = _money(rest.minor * invoice.sign, rest.currency)
    return f"the {left.format()} left of {invoice.invoice.gross.format()}"


def rest_prefix(
    ctx: RunContext,
    invoice: int,
    paired: Sequence[tuple[Hypothesis, bool]],
    rivals: Sequence[Hypothesis] = (),
) -> str:
    """The start of the explanation of the rest of an invoice (``rest.py``): 'the rest
    of EL-1 after bank.csv row 2 (2025-03-04, £60.00), accepted'. ``paired``: the
    accountant's pairings of it, each with whether it was made by hand. ``rivals``: the
    other lines that could each be the rest as well, where the engine cannot tell which
    is: 'could be the rest of EL-1 after ...; so could bank.csv row 4 (...)'."""
    told = [
        f"{_line_refs(ctx, hypothesis.lines)}, {BY_HAND_WORDS if by_hand else ACCEPTED_WORDS}"
        for hypothesis, by_hand in paired
    ]
    rest = f"the rest of {ctx.invoices[invoice].invoice.label} after {and_list(told)}"
    if not rivals:
        return rest
    others = and_list([_line_refs(ctx, rival.lines) for rival in rivals])
    return f"could be {rest}; so could {others}"


def describe_amount(
    score: float,
    paid: int,
    expected: int,
    currency: str,
    sign: int,
    label: str,
    owed: str = "",
    agreed: bool = False,
) -> str:
    """The amount's note. ``owed`` names what is still owed on invoices partly paid before
    (``still_owed``, ``owed_on``): with the label "total" a part of what the payment was
    compared with, otherwise all of it. ``agreed``: the payment was measured against the
    amount agreed in the invoices' settlement currency, which the note names rather than
    calling it what was invoiced."""
    if score == 0.0:
        direction = "payable" if sign < 0 else "receivable"
        return f"money moves the wrong way for a {direction} invoice"
    if score >= 1.0:
        if owed:
            return f"total equal: pays {owed}" if label == "total" else f"pays {owed}"
        return "total equal" if label == "total" else f"{_what(label)} equal"
    paid_money, expected_money = _money(paid * sign, currency), _money(expected * sign, currency)
    difference = paid_money - expected_money
    whole = owed if owed and label != "total" else ""
    counting = f", counting {owed}" if owed and not whole else ""
    if score >= TOLERATED_FLOOR:
        side = "less" if abs(paid) < abs(expected) else "more"  # a credit note's way too
        than = whole or ("owed" if owed else _AGREED if agreed else "invoiced")
        guess = _GUESSES[tolerated(paid, expected)]
        return (
            f"{abs(difference).format()} {side} than {than} (within tolerance: {guess}){counting}"
        )
    verb = "paid"
    if expected_money.is_negative() and not owed:  # a credit note's refund, by its sizes
        verb, paid_money, expected_money = "refunded", -paid_money, -expected_money
    compared = whole or expected_money.format()
    if agreed:
        compared = f"the {compared} agreed settlement amount"
    if abs(paid) < abs(expected):
        return f"{verb} {paid_money.format()} of {compared}{counting}"
    return f"{verb} {paid_money.format()} for {compared}{counting}"


def _what(label: str) -> str:
    return "amount" if label == GROSS else label


def payee_note(
    ctx: RunContext,
    hypothesis: Hypothesis,
    lines: list[PreparedLine],
    invoices: list[PreparedInvoice],
) -> str:
    if hypothesis.parts[2] <= 0:
        return NO_PAYEE
    best: tuple[float, int] | None = None
    for line in lines:
        for invoice in invoices:
            for name_id in invoice.name_ids:
                ratio = (line.payees or {}).get(name_id)
                if ratio is not None and (best is None or ratio > best[0]):
                    best = (ratio, name_id)
    if best is None:
        return NO_PAYEE
    return f"payee {ctx.payee_names[best[1]]} ({best[0]:.0f}%)"


def date_note(lines: list[PreparedLine], invoices: list[PreparedInvoice], grace: int) -> str:
    """When the lines were paid against the invoices' dates. Several notes in the order of
    the lines (file and row, as the Matches sheet lists them), then of the invoices: they
    were sorted as text, so "paid 17 days" came before "paid 3 days", the parts named
    against the order of their rows. An invoice paid in parts names each part's row
    ("row 4 paid 3 days after issue / row 15 paid 17 days after issue") where they
    differ; at most three notes otherwise."""
    if len(lines) == 1 and len(invoices) == 1:
        return _pair_date_note(lines[0], invoices[0], grace)
    if len(invoices) == 1:
        each = [_pair_date_note(line, invoices[0], grace) for line in lines]
        if len(set(each)) == 1:
            return each[0]
        return " / ".join(f"{row} {note}" for row, note in zip(row_names(lines), each, strict=True))
    notes = list(
        dict.fromkeys(_pair_date_note(line, inv, grace) for line in lines for inv in invoices)
    )
    return notes[0] if len(notes) == 1 else " / ".join(notes[:3])


def _pair_date_note(line: PreparedLine, invoice: PreparedInvoice, grace: int) -> str:
    if invoice.anchor is None or invoice.due is None:
        return "invoice has no date"
    outside = (
        "" if invoice.window_start <= line.day <= invoice.window_end else " (outside the window)"
    )
    late = line.day - invoice.due
    if late > grace:
        return f"paid {_days(late)} after the due date{outside}"
    days = line.day - invoice.anchor
    kind = invoice.anchor_kind
    if days == 0:
        return f"paid on the {kind} date" if kind != "due date" else "paid on the due date"
    side = "after" if days > 0 else "before"
    return f"paid {_days(abs(days))} {side} {kind}{outside}"


def currency_note(
    hypothesis: Hypothesis, lines: list[PreparedLine], invoices: list[PreparedInvoice]
) -> str:
    invoice_currency = invoices[0].invoice.currency
    if len(lines) == 1 and hypothesis.parts[4] >= 1.0 and lines[0].currency == invoice_currency:
        return f"in {invoice_currency}"  # the common case
    line_currencies = sorted({line.currency or "?" for line in lines})
    score = hypothesis.parts[4]
    if score >= 1.0:
        if line_currencies != [invoice_currency]:
            return f"in {'/'.join(line_currencies)}, the agreed settlement currency"
        return f"in {invoice_currency}"
    if "?" in line_currencies:
        return _currency_unread(lines, invoices) or "the statement gives no currency"
    # invoices in several currencies (paired by hand): each is named, not the first's
    invoice_currencies = sorted({invoice.invoice.currency for invoice in invoices})
    whose = "invoices" if len(invoice_currencies) > 1 else "invoice"
    return f"paid in {'/'.join(line_currencies)}, {whose} in {'/'.join(invoice_currencies)}"


def _currency_unread(lines: list[PreparedLine], invoices: list[PreparedInvoice]) -> str:
    """The currency's note where a line's currency cell names no currency: "the currency
    of euro.csv row 6 ('EURO') could not be read: the accountant's match takes it as
    GBP"; "" where every line without a currency is of a statement that states none.
    Only the accountant pairs such a line (the engine proposes no pairing of it:
    ``engine._of_unread_currency``), so it is their match that says its currency: the
    invoices', in which its amount was compared."""
    unread = [line.line for line in lines if line.line.currency_cell]
    if not unread:
        return ""
    rows = and_list([f"{ln.source_file} row {ln.row} ('{ln.currency_cell}')" for ln in unread])
    currencies = "/".join(sorted({invoice.invoice.currency for invoice in invoices}))
    one = len(unread) == 1
    return (
        f"the {'currency' if one else 'currencies'} of {rows} could not be read: the "
        f"accountant's match takes {'it' if one else 'them'} as {currencies}"
    )


def runner_up_text(ctx: RunContext, chosen: Hypothesis, rival: Hypothesis) -> str:
    """What else could have matched, in the accountant's terms.

    The rival shares a line or an invoice with the chosen pairing; the note names what it
    changes. Other invoices for the same lines: those invoices. Other lines for the same
    invoices (another split of one invoice, another payment of it): those lines, by file
    and row; naming the invoice would tell the accountant nothing. Both different (a line
    that could pay other invoices together with other lines): the invoices and the lines.
    A rival scoring above the pairing shown (its line or invoice was wanted elsewhere in
    the assignment) says so: "Runner-up ... 83%" beside a match of 81% read as a mistake.
    """
    # Above this pairing's only where the window shows it above (81% and 81% are level):
    # in whole percent, which never falls as a score rises.
    above = (
        ", above this pairing's" if whole_percent(rival.score) > whole_percent(chosen.score) else ""
    )
    score = f"(score {score_percent(rival.score)}{above})"  # as the window shows scores
    if rival.invoices == chosen.invoices:
        return f"could also be paid by {_line_refs(ctx, rival.lines)} {score}"
    invoices = _invoice_refs(ctx, rival.invoices)
    if rival.lines == chosen.lines:
        return f"could also be {invoices} {score}"
    return f"could also be {invoices} paid by {_line_refs(ctx, rival.lines)} {score}"


def _invoice_refs(ctx: RunContext, indices: tuple[int, ...]) -> str:
    """'Elevate EL-1, EL-2': each provider named once, before its invoices' numbers."""
    by_provider: dict[str, list[str]] = {}
    for index in indices:
        invoice = ctx.invoices[index].invoice
        by_provider.setdefault(invoice.provider, []).append(invoice.label)
    return ", ".join(
        f"{provider} {', '.join(numbers)}" for provider, numbers in by_provider.items()
    )


def _line_refs(ctx: RunContext, indices: tuple[int, ...]) -> str:
    return ", ".join(_line_ref(ctx.lines[i]) for i in indices)


def _line_ref(line: PreparedLine) -> str:
    source = line.line
    return (
        f"{source.source_file} row {source.row} ({source.date.isoformat()}, {source.amount_text})"
    )


def _money(minor: int, currency: str) -> Money:
    return Money(Decimal(minor).scaleb(-minor_units_of(currency)), currency)


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"
