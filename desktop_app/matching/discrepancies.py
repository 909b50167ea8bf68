"""The eight discrepancy types of design.md, each with a sentence an accountant understands.

Amounts follow the invoice's sign convention (a payment that settles an invoice is
positive), ``difference`` is paid minus invoiced. What a payment is short or over of is
what it was compared with: of an invoice partly paid before, what is still owed on it
when that fitted better than its gross, or when its gross was paid exactly: over by what
the provider says was paid before (as its match's explanation says). A payment of exactly
the part the provider records as paid is short of nothing: its row is about what is
still owed, unpaid (``_still_owed_after_recorded_part``). Only
reconciling matches (automatic, accepted, manual) settle anything: an invoice whose
candidates await review is still unpaid, and says so, naming each of them. An invoice or line left open that
the accountant rejected a pairing for says that too, naming the other side: the obvious
candidate was not overlooked, it was refused. A line or invoice of a pairing of the
accountant's kept because its provider no longer returns an invoice of it
(``decisions.Kept``) says that instead of what no payment or invoice would: the
accountant matched it, and nothing else may while that decision stands. A match the
accountant accepted or made by hand that is short, over or paid in another currency is
still reported (the money differs all the same), saying who decided it, when and why
("...; accepted by ann on 2025-11-18 10:00 UTC: overpaid, held on account"), the
decision kept on it (``Discrepancy.decided``): it is one they looked at, not one
nobody has opened.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from operator import attrgetter, itemgetter

from desktop_app.domain.decision import Decision
from desktop_app.domain.discrepancy import Discrepancy, DiscrepancyType, decided_words
from desktop_app.domain.invoice import Invoice, InvoiceStatus
from desktop_app.domain.match import Match, MatchState
from desktop_app.domain.money import Money, sum_money
from desktop_app.domain.statement import StatementLine
from desktop_app.matching.context import RunContext
from desktop_app.matching.decisions import IndexPairing, Kept, Rejections
from desktop_app.matching.explain import owed_on
from desktop_app.matching.line_items import line_items_discrepancy
from desktop_app.matching.outcome import Outcome, Outcomes, targets_total
from desktop_app.matching.prepare import RECORDED, PreparedLine
from desktop_app.matching.signals import TOLERATED_FLOOR, Tolerated, tolerated
from desktop_app.wording import and_list, moment_text

NO_EVIDENCE = "no invoice matches its amount, a reference in its text or its payee"
# What follows a number a line quotes that no match can be made with (``quoted.py``).
_NO_OTHER = "no other invoice matches its amount or its payee"
# Why a payment of the gross of an invoice partly paid before is an over-payment.
_GROSS_PAID = (
    "the gross, as if nothing had been paid before: was the part paid before paid "
    "twice, or is the provider's record of it stale?"
)
# A difference within tolerance, as the report's row words it (``tolerated``).
_TOLERATED = {
    Tolerated.FEE: " (within tolerance: likely a bank fee or charge)",
    Tolerated.UNDERPAID: (
        " (within tolerance: an underpayment; a bank fee would have made it larger)"
    ),
    Tolerated.OVERPAID: " (within tolerance: an overpayment; a bank fee would have made it smaller)",
}
_TYPE_ORDER = {kind: position for position, kind in enumerate(DiscrepancyType)}
# the key unmatched-line rows would have; the rows are in line order, so they sit there
_UNMATCHED = (_TYPE_ORDER[DiscrepancyType.UNMATCHED_PAYMENT], -1, -1)

# (type position, invoice index, first line index): canonical indices, so ordering is a
# cheap integer sort.
Keyed = tuple[tuple[int, int, int], Discrepancy]


def find_discrepancies(
    ctx: RunContext,
    outcomes: Outcomes,
    rejected: Rejections | None = None,
    kept: Sequence[Kept] = (),
    decided: Mapping[IndexPairing, Decision] | None = None,
) -> list[Discrepancy]:
    """Every discrepancy, by type (design.md's order), then invoice, then first line.

    Unmatched lines (most rows) come out of one pass in line order already; only the
    other types are keyed and sorted, and the unmatched rows go in at their type's place.
    ``rejected`` are the pairings the accountant rejected, named where they left something
    open; ``kept``, their pairings kept for naming an invoice no longer returned, named on
    the rows of their lines and invoices; ``decided``, the decision in force on each of
    their accepted and manual pairings, named on the row of what that pairing pays
    short, over or in another currency (``Discrepancy.decided``).
    """
    placed = _Placed(outcomes)
    refused = _Refused(rejected)
    held = _Held(ctx, kept)
    reconciling = placed.reconciling
    completed = outcomes.completed
    found: list[Keyed] = []
    found.extend(_unsettled_invoices(ctx, placed, refused, held))
    unmatched = _unmatched_lines(ctx, placed, refused, held)
    duplicates, repeated = _duplicates(ctx, reconciling)
    written_off = _written_off(ctx)
    # the AMOUNT_MISMATCH or CURRENCY_MISMATCH row of a match paying a written-off
    # invoice, by the match's id: its VOID_INVOICE_PAID row stands for it, so that the
    # payment is counted on one row (``_written_off_payments``)
    told: dict[int, Discrepancy] = {}  # read, never written, by the written-off rows
    for outcome in reconciling:
        _, amount, _, _, currency = outcome.hypothesis.parts
        # most matches are exact, in the right currency, and measured against their gross
        if currency == 0.0 or amount < 1.0 or outcome.compared is not None:
            checks = _match_checks(ctx, outcome)
            # its duplicate payment accounts for the amount, or a line paying the rest
            # of the invoice the accountant's pairing paid part of (``rest.py``) does
            if id(outcome) in repeated or id(outcome) in completed:
                checks = [c for c in checks if c[1].type is not DiscrepancyType.AMOUNT_MISMATCH]
            if checks and written_off and not written_off.isdisjoint(outcome.hypothesis.invoices):
                # one row a match at most
                (told[id(outcome)],) = (item for _, item in checks)
                continue
            if checks and decided and outcome.match.decided_by_user:
                checks = _as_decided(checks, outcome, decided)
            found.extend(checks)
    if written_off:
        duplicates = [_written_off_repeat(keyed, repeated, told) for keyed in duplicates]
    found.extend(duplicates)
    found.extend(_void_payments(ctx, outcomes))
    if written_off:  # nearly every run has none: no match to look through
        found.extend(_written_off_payments(reconciling, written_off, repeated, told, ctx.name))
    for invoice in ctx.invoices:
        if invoice.itemised:  # most invoices have no line items to check
            issue = line_items_discrepancy(invoice, ctx.name(invoice.invoice))
            if issue is not None:
                found.append((_key(issue, invoice.index), issue))
    found.sort(key=itemgetter(0))
    place = bisect_left(found, _UNMATCHED, key=itemgetter(0))
    return [
        *map(itemgetter(1), found[:place]),
        *unmatched,
        *map(itemgetter(1), found[place:]),
    ]


def _as_decided(
    checks: list[Keyed], outcome: Outcome, decided: Mapping[IndexPairing, Decision]
) -> list[Keyed]:
    """The rows of a match of the accountant's (short, over, in another currency) with
    their decision on it: kept (``Discrepancy.decided``) and said after what is wrong.

    Only the match's own difference is theirs: a payment of a written-off invoice (its
    VOID_INVOICE_PAID row, which asks for the write-off to be reversed) and a payment
    made twice (its DUPLICATE_PAYMENT, of another match too) are not, and are not
    passed here; nor is a pairing by hand of invoices in several currencies, whose row
    asks for it to be undone."""
    hypothesis = outcome.hypothesis
    decision = decided.get((tuple(sorted(hypothesis.lines)), tuple(sorted(hypothesis.invoices))))
    if decision is None or outcome.match.invoiced_total() is None:
        # invoices in several currencies paired by hand: its row asks for the pairing to
        # be undone, which no decision of theirs has answered
        return checks
    said = decided_text(decision)
    return [
        (key, replace(item, decided=decision, explanation=f"{item.explanation}; {said}"))
        for key, item in checks
    ]


def decided_text(decision: Decision, *, noted: bool = True) -> str:
    """'accepted by ann on 2025-11-18 10:00 UTC: overpaid, held on account' (or 'matched
    by hand by ...'): who decided a pairing, when and why (its note left out where not
    ``noted``), as a rejection is said; the window's Decision column says it too."""
    who = decision.user or "an unnamed user"
    when = "" if decision.at is None else f" on {moment_text(decision.at, seconds=False)}"
    why = f": {decision.reason}" if noted and decision.reason else ""
    return f"{decided_words(decision)} by {who}{when}{why}"


def _key(item: Discrepancy, invoice: int = -1, line: int = -1) -> tuple[int, int, int]:
    return _TYPE_ORDER[item.type], invoice, line


class _Placed:
    """Where the matches leave each invoice and line, from one pass over them."""

    def __init__(self, outcomes: Outcomes) -> None:
        self.reconciling: list[Outcome] = []
        self.settled: set[int] = set()  # invoices a reconciling match settles
        self.matched: set[int] = set()  # lines one takes, or that pay a void invoice
        # invoice or line -> every match awaiting review that holds it, in the matches' order
        self.offered_invoices: dict[int, list[Outcome]] = {}
        self.offered_lines: dict[int, list[Outcome]] = {}
        for outcome in outcomes.matches:
            hypothesis = outcome.hypothesis
            if outcome.reconciles:
                self.reconciling.append(outcome)
                self.settled.update(hypothesis.invoices)
                self.matched.update(hypothesis.lines)
                continue
            for index in hypothesis.invoices:
                self.offered_invoices.setdefault(index, []).append(outcome)
            for index in hypothesis.lines:
                self.offered_lines.setdefault(index, []).append(outcome)
        self.matched.update(h.lines[0] for h in outcomes.void_paid)


class _Refused:
    """The rejected pairings holding each invoice and each line, in canonical order.

    Only read for what is left open, and a workspace holds a few thousand rejections at
    most: filed here once, rather than kept by ``Rejections`` for every run.
    """

    def __init__(self, rejected: Rejections | None) -> None:
        self.invoices: dict[int, list[IndexPairing]] = {}
        self.lines: dict[int, list[IndexPairing]] = {}
        for pairing in sorted(rejected.pairings if rejected else ()):
            lines, invoices = pairing
            for invoice in invoices:
                self.invoices.setdefault(invoice, []).append(pairing)
            for line in lines:
                self.lines.setdefault(line, []).append(pairing)


class _Held:
    """What the rows of a kept pairing's lines and invoices say (``decisions.Kept``): the
    accountant matched them, with an invoice its provider no longer returns, so the run
    matches them to nothing else while the decision stands (reviewed and kept, or not
    reviewed yet: the Audit sheet's Needs Review says which). By line and by invoice
    (engine indices); empty in nearly every run."""

    def __init__(self, ctx: RunContext, kept: Sequence[Kept]) -> None:
        self.lines: dict[int, str] = {}
        self.invoices: dict[int, str] = {}
        for pairing in kept:
            # every invoice it names, in key order, as the Audit sheet names them
            named = pairing.named(lambda i: ctx.invoices[i].invoice)
            every = [label for _, _, label in named]
            by_hand = pairing.state is MatchState.MANUAL
            for line in pairing.lines:
                rows = [_row(ctx.lines[i].line) for i in pairing.lines if i != line]
                together = f", with {and_list(rows)}," if rows else ""
                how = "matched it by hand" if by_hand else "accepted it"
                self.lines[line] = (
                    f"the accountant {how}{together} as the payment of {and_list(every)}, "
                    f"{_no_longer_returned(pairing.gone, len(every))}: it is matched to no "
                    "other invoice while that decision stands"
                )
            paid = and_list([_row(ctx.lines[i].line) for i in pairing.lines])
            how = f"matched {paid} by hand" if by_hand else f"accepted {paid}"
            for index in pairing.invoices:
                others = [label for _, i, label in named if i != index]
                self.invoices[index] = (
                    f"the accountant {how} as the payment of it and {and_list(others)}, "
                    f"{_no_longer_returned(pairing.gone, len(others))}: that payment is "
                    "matched to no invoice while that decision stands"
                )


def _no_longer_returned(gone: Sequence[Invoice], named: int) -> str:
    """'which Elevate no longer returns' after the invoices named where those are all
    ``gone``, else 'of which Elevate no longer returns EL-1': each by its provider."""
    by_provider: dict[str, list[str]] = {}
    for invoice in gone:
        by_provider.setdefault(invoice.provider, []).append(invoice.label)
    if len(gone) == named:
        if len(by_provider) == 1:
            return f"which {gone[0].provider} no longer returns"
        return "which their providers no longer return"
    told = [
        f"{provider} no longer returns {and_list(labels)}"
        for provider, labels in by_provider.items()
    ]
    return f"of which {and_list(told)}"


def _unsettled_invoices(
    ctx: RunContext, placed: _Placed, refused: _Refused, held: _Held
) -> list[Keyed]:
    settled, offered = placed.settled, placed.offered_invoices
    result = []
    for prepared in ctx.invoices:
        invoice = prepared.invoice
        if prepared.index in settled or not invoice.expects_payment:
            continue
        what = "refund" if invoice.gross.is_negative() else "payment"
        kept = held.invoices.get(prepared.index)
        # not found, but held for the accountant's pairing: said instead of "no payment"
        none_found = f"no {what} found" if kept is None else kept
        hint = ""
        if prepared.index in offered:
            hint = f"; {_offered_payments(ctx, invoice, offered[prepared.index])}"
        for pairing in refused.invoices.get(prepared.index, ()):
            hint += f"; {_rejected_for_invoice(ctx, pairing, what)}"
        zero = Money.zero(invoice.currency)
        # an invoice partly paid before, where the engine counts what is still owed on it
        # (the amount a payment of it is measured by): the row is about that, not about
        # its gross, part of which was paid
        owed = invoice.amount_outstanding if prepared.outstanding is not None else None
        if invoice.status.claims_paid:
            kind = DiscrepancyType.STATUS_CONFLICT
            # no amount still owed here: only a partly paid invoice has one, never "paid"
            status = (
                f"{invoice.provider} says {invoice.label} is {invoice.status_raw or invoice.status}"
            )
            if kept is None:
                text = (
                    f"{status}, but no {what} of {invoice.gross.format()} was found on the "
                    f"statements{hint}"
                )
            else:
                text = f"{status}; {kept}{hint}"
        else:
            kind = DiscrepancyType.UNPAID_INVOICE
            due = f", due {invoice.due_date.isoformat()}" if invoice.due_date else ""
            left = "" if owed is None else f", {owed.format()} still owed"
            named = ctx.name(invoice)
            text = f"{named} for {invoice.gross.format()}{left}{due}: {none_found}{hint}"
        unpaid = invoice.gross if owed is None else owed
        item = Discrepancy(kind, text, invoice, (), unpaid, zero, -unpaid)
        result.append((_key(item, prepared.index), item))
    return result


def _offered_payments(ctx: RunContext, invoice: Invoice, offers: Sequence[Outcome]) -> str:
    """'a possible payment awaits review: bank.csv row 5 (...)', naming every suggestion
    for the invoice, each an alternative ("... or ..."): its lines, ", "-joined, and the
    other invoices of a suggestion paying several ("(paying EL-2 too)"). A line quoting
    a number no match can be made with says so ("(quoting EL-2025-00167, not among the
    invoices fetched)", ``quoted.py``): its amount alone may fit, its text names another
    invoice."""
    told = []
    brief = ctx.quoted.brief
    for offer in _canonical(offers):
        rows = ", ".join(_row(line) for line in offer.match.lines)
        others = [ctx.name(i) for i in offer.match.invoices if i.key != invoice.key]
        quoting = [note for note in map(brief, offer.match.lines) if note]
        notes = [f"paying {', '.join(others)} too"] if others else []
        notes.extend(quoting)
        told.append(f"{rows} ({'; '.join(notes)})" if notes else rows)
    if len(told) == 1:
        return f"a possible payment awaits review: {told[0]}"
    return f"{len(told)} possible payments await review: {' or '.join(told)}"


def _offered_matches(ctx: RunContext, offers: Sequence[Outcome]) -> str:
    """'a possible match (EL-1) awaits review', naming every suggestion for the line, each
    an alternative: "(EL-1) or (EL-2, EL-3)"."""
    told = [f"({', '.join(map(ctx.name, o.match.invoices))})" for o in _canonical(offers)]
    if len(told) == 1:
        return f"a possible match {told[0]} awaits review"
    return f"{len(told)} possible matches await review: {' or '.join(told)}"


def _canonical(offers: Sequence[Outcome]) -> list[Outcome]:
    """By lines, then invoices (canonical indices): the order does not depend on how the
    assignment listed them."""
    return sorted(offers, key=lambda o: (o.hypothesis.lines, o.hypothesis.invoices))


def _rejected_for_invoice(ctx: RunContext, pairing: IndexPairing, what: str) -> str:
    """'the accountant rejected bank.csv row 5 (...) as its payment', from the invoice's side."""
    lines, invoices = pairing
    rows = ", ".join(_row(ctx.lines[i].line) for i in lines)
    if len(invoices) == 1:
        parts = f" in {len(lines)} parts" if len(lines) > 1 else ""
        return f"the accountant rejected {rows} as its {what}{parts}"
    return f"the accountant rejected {rows} as the {what} of {_numbers(ctx, invoices)}"


def _rejected_for_line(ctx: RunContext, pairing: IndexPairing, line: int) -> str:
    """'the accountant rejected it as the payment of EL-1', from the line's side; the other
    lines of a rejected split are named, since it was refused only together with them."""
    lines, invoices = pairing
    others = ", ".join(_row(ctx.lines[i].line) for i in lines if i != line)
    together = f", with {others}," if others else ""
    return f"the accountant rejected it{together} as the payment of {_numbers(ctx, invoices)}"


def _numbers(ctx: RunContext, invoices: Sequence[int]) -> str:
    return ", ".join(ctx.name(ctx.invoices[i].invoice) for i in invoices)


def _unmatched_lines(
    ctx: RunContext, placed: _Placed, refused: _Refused, held: _Held
) -> list[Discrepancy]:
    """One row per line nothing settles: most of a statement, so built with the least work.

    A line the search found nothing for (no reference, no payee: ``references`` and
    ``payees`` stay None) gets the one fixed sentence without a call; the rows and their
    amounts are then made together, column by column (``Discrepancy.about_lines``).
    """
    matched, offered, rejected = placed.matched, placed.offered_lines, refused.lines
    kept = held.lines
    quoted = ctx.quoted.notes  # numbers it quotes that no match can be made with
    lines: list[StatementLine] = []
    texts: list[str] = []
    for prepared in ctx.lines:
        index = prepared.index
        if index in matched or not prepared.moves:
            continue
        lines.append(prepared.line)
        if kept and index in kept:  # the accountant's word on it comes first
            notes = [_rejected_for_line(ctx, p, index) for p in rejected.get(index, ())]
            texts.append("; ".join([kept[index], *notes]))
            continue
        if prepared.line.currency_cell:
            texts.append(unknown_currency(prepared.line))
            continue
        said = quoted(prepared.line)
        if index in offered:
            text = f"matched to no invoice yet: {_offered_matches(ctx, offered[index])}"
            notes = [_rejected_for_line(ctx, p, index) for p in rejected.get(index, ())]
            text = "; ".join([text, *notes, *said])
        elif index in rejected:
            text = "; ".join([_why_rejected(ctx, prepared, rejected[index]), *said])
        elif prepared.references is None and prepared.payees is None:
            if prepared.crowd:
                text = "; ".join([_crowded(prepared.crowd), *said])
            else:  # its text names no invoice matching can pair it with
                text = "; ".join([*said, _NO_OTHER]) if said else NO_EVIDENCE
        else:
            text = "; ".join([_why_unmatched(ctx, prepared), *said])
        texts.append(text)
    currencies = list(map(attrgetter("currency"), lines))
    if all(currencies):
        paid: Sequence[Money | None] = Money.many(
            list(map(attrgetter("amount"), lines)), currencies
        )
    else:  # a statement that gives no currency: no Money for those lines (the report
        # shows their bare amount: ``Discrepancy.unstated_paid``)
        paid = [Money(line.amount, line.currency) if line.currency else None for line in lines]
    kind = DiscrepancyType.UNMATCHED_PAYMENT
    return Discrepancy.about_lines(kind, texts, list(zip(lines)), paid)


def unknown_currency(line: StatementLine) -> str:
    """Why a line whose currency cell names no currency is matched with no invoice: its
    row and what it gives, and how to mend it (the default currency is not put on it).
    Worded for every kind of statement: a table's currency column and a bank format's
    currency element (OFX's ``CURDEF``, CAMT's ``Ccy``, MT940's balance code) alike."""
    return (
        f"its currency is unknown: {line.source_file} row {line.row} gives "
        f"'{line.currency_cell}' as its currency, which is no currency code, so it "
        "is matched with no invoice and no default currency is assumed for it; correct "
        "it in the file and import the statement again, or match it by hand"
    )


def _crowded(count: int) -> str:
    """A line whose amount many open invoices share, nothing else in its text: the
    amount fits them all, so it was given to none (``MatchSettings.max_amount_candidates``)."""
    return f"{count} invoices of this amount around its date, none named in its text: none chosen"


def _why_rejected(ctx: RunContext, line: PreparedLine, rejected: list[IndexPairing]) -> str:
    """The rejections first: they are why the line's obvious invoice did not take it. Other
    invoices its text mentions follow; its payee does not, since the invoice of theirs that
    fitted is most likely the one refused."""
    notes = [_rejected_for_line(ctx, pairing, line.index) for pairing in rejected]
    refused = {invoice for _, invoices in rejected for invoice in invoices}
    others = [i for i in line.references or () if i not in refused]
    if others:
        notes.append(_mentions(ctx, others))
    return "; ".join(notes)


def _why_unmatched(ctx: RunContext, line: PreparedLine) -> str:
    if line.references:
        return _mentions(ctx, line.references)
    if line.payees:
        names = sorted({ctx.payee_names[name] for name in _payees_once(ctx, line.payees)})
        return f"from or to {', '.join(names[:2])}, but no open invoice of theirs fits"
    return NO_EVIDENCE


def _payees_once(ctx: RunContext, found: Iterable[int]) -> list[int]:
    """The payee names a line mentions, each payee said once: a name of one whose fuller
    name it mentions too (``RunContext.fuller_names``) is left to that one. Names of
    different payees are all kept."""
    ids = set(found)
    fuller = ctx.fuller_names
    return [name for name in ids if not any((name, other) in fuller for other in ids)]


def _mentions(ctx: RunContext, invoices: Iterable[int]) -> str:
    numbers = sorted({ctx.name(ctx.invoices[i].invoice) for i in invoices})
    return (
        f"mentions {', '.join(numbers)}, but that invoice is settled otherwise "
        "or its amount and payee disagree"
    )


def _match_checks(ctx: RunContext, outcome: Outcome) -> list[Keyed]:
    match, hypothesis = outcome.match, outcome.hypothesis
    # One payment for several invoices: the discrepancy is the group's, naming them all.
    invoice: Invoice | None = None
    group: tuple[Invoice, ...] = ()
    if len(match.invoices) == 1:
        invoice = match.invoices[0]
    else:
        group = tuple(match.invoices)
    position = (hypothesis.invoices[0], hypothesis.lines[0])
    _, amount, _, _, currency = hypothesis.parts
    gross_paid = outcome.compared is not None and outcome.compared.gross_paid
    if currency != 0.0 and amount >= 1.0 and not gross_paid:
        return []  # the common case, decided before any money is added up
    numbers = ", ".join(map(ctx.name, match.invoices))
    invoiced = match.invoiced_total()
    if invoiced is None:  # invoices in several currencies, paired by hand
        if currency >= 1.0:
            return []  # every line in a currency each invoice is agreed to be settled in
        item = _invoices_in_several_currencies(match, group, numbers)
        return [(_key(item, *position), item)]
    if currency == 0.0 or (currency < 1.0 and _paid_abroad(ctx, outcome)):
        paid: Money | None = match.paid_total()
        each: tuple[Money, ...] = ()
        if paid is None:
            paid, each = _paid_amounts(match.lines, match.invoices[0])
        shown = paid.format() if paid is not None else and_list([money.format() for money in each])
        text = f"{numbers}: paid {shown}, invoiced {invoiced.format()}"
        owed_abroad = _owed_abroad(ctx, outcome)
        if owed_abroad is not None:  # an invoice partly paid before: what is left to pay
            invoiced, owed_text = owed_abroad
            against = owed_text if invoice is not None else f"{invoiced.format()} ({owed_text})"
            text = f"{numbers}: paid {shown} against {against}"
            if invoice is not None and _recorded_part_in_own_currency(each, invoice):
                # the part paid before, in the invoice's currency: the rest came abroad
                invoiced = invoice.gross
                text = _recorded_part_and_rest_abroad(invoice, numbers, each, owed_text)
        kind = DiscrepancyType.CURRENCY_MISMATCH
        item = Discrepancy(
            kind, text, invoice, match.lines, invoiced, paid, group=group, paid_in_each=each
        )
        return [(_key(item, *position), item)]
    if invoice is not None and _pays_recorded_part(outcome):
        item = _still_owed_after_recorded_part(match, invoice, numbers)
        return [(_key(item, *position), item)]
    owed = _owed(ctx, outcome)
    # A credit note's refund is worded as one, each amount by its size: "paid -£18.67 of
    # -£20.17" read as money moving both ways (``_size``). Short or over go by the
    # refund's size too: -£18.67 for -£20.17 is £1.50 short, though the difference (paid
    # less invoiced) is positive.
    backwards = invoiced.is_negative()
    verb = "refunded" if backwards else "paid"
    if any(line.currency not in (None, invoiced.currency) for line in match.lines):
        settled = _settlement_amount(ctx, outcome)
        if settled is None:
            return []  # no amount agreed in the lines' currency: nothing to compare with
        paid = _paid(match.lines, settled.currency, match.invoices[0])
        difference = paid - settled
        compared = (
            f"{_size(settled, backwards)} (the agreed settlement amount of "
            f"{_size(invoiced, backwards)})"
        )
        invoiced = settled
    elif owed is None:
        paid = _paid(match.lines, invoiced.currency, match.invoices[0])
        difference = paid - invoiced
        compared = _size(invoiced, backwards)
    else:  # compared with what is still owed on invoices partly paid before
        paid = _paid(match.lines, invoiced.currency, match.invoices[0])
        invoiced, owed_text = owed
        difference = paid - invoiced
        compared = owed_text if invoice is not None else f"{invoiced.format()} ({owed_text})"
        verb, backwards = "paid", invoiced.is_negative()  # as what is owed is named
    side = "short" if (paid < invoiced if not backwards else paid > invoiced) else "over"
    shown = _size(paid, backwards) if verb == "refunded" else paid.format()
    text = f"{numbers}: {verb} {shown} of {compared}, {abs(difference).format()} {side}"
    if gross_paid:
        text += f": {_GROSS_PAID}"
    elif amount >= TOLERATED_FLOOR:
        text += _within_tolerance(paid, invoiced, match.invoices[0])
    elif amount == 0.0:
        text += " (the money moved the other way)"
    kind = DiscrepancyType.AMOUNT_MISMATCH
    item = Discrepancy(kind, text, invoice, match.lines, invoiced, paid, difference, group)
    return [(_key(item, *position), item)]


def _size(money: Money, refund: bool) -> str:
    """A credit note's amount as a refund names it, by its size ("£20.17" of -£20.17);
    any other as it is."""
    return (-money).format() if refund else money.format()


def _pays_recorded_part(outcome: Outcome) -> bool:
    """Whether the match is one payment of exactly the part of its invoice, partly paid
    before, that the provider records as paid (``scoring.best_amount``): read from what
    the invoice was compared at, found once where the match was built."""
    fit = outcome.fit
    return fit is not None and len(fit.targets) == 1 and fit.targets[0].label == RECORDED


def _still_owed_after_recorded_part(match: Match, invoice: Invoice, named: str) -> Discrepancy:
    """The row of a payment of exactly the part its provider records as paid.

    That payment is the part the provider has already counted: what it says is still
    owed does not include it, so the payment is short of nothing. What the row reports
    is the rest, still owed and not paid: 'EL-3: paid £74.92, the part of £276.62
    Elevate records as paid: the £201.70 still owed is unpaid'. Its amounts keep the
    sheet's arithmetic (Paid Amount less Invoice Amount is the Difference): the gross,
    the payment, and minus what is still owed. Not "£126.78 short" of the £201.70 still
    owed, which counted the part twice; the window's Difference (paid less the gross:
    ``Match.compared_with`` stays None) says the same -£201.70.
    """
    owed = invoice.amount_outstanding
    assert owed is not None  # only a partly paid invoice has a part recorded as paid
    invoiced = invoice.gross
    paid = _paid(match.lines, invoiced.currency, invoice)
    text = (
        f"{named}: paid {paid.format()}, the part of {invoiced.format()} "
        f"{invoice.provider} records as paid: the {owed.format()} still owed is unpaid"
    )
    kind = DiscrepancyType.AMOUNT_MISMATCH
    return Discrepancy(kind, text, invoice, match.lines, invoiced, paid, paid - invoiced)


def _within_tolerance(paid: Money, invoiced: Money, invoice: Invoice) -> str:
    """What a difference within tolerance likely is (``tolerated``, the rule the match's
    note follows too), or nothing when there is none. ``paid`` and ``invoiced`` are in the
    invoice's sign convention: turned to the statement's side by its direction."""
    if paid == invoiced:
        return ""
    sign = invoice.direction.expected_sign
    return _TOLERATED[tolerated(paid.amount * sign, invoiced.amount * sign)]


def _settlement_amount(ctx: RunContext, outcome: Outcome) -> Money | None:
    """What lines paid in the invoices' agreed settlement currency were compared with:
    the settlement amounts the scorer counted (``Outcome.fit``, found once where the
    match was built), in the invoices' sign convention. None when the invoices state no
    amount in the lines' one currency; so too where no fit was carried (``fit`` None):
    invoices with their gross alone, in their own currency, state none in any other."""
    fit = outcome.fit
    targets = fit.targets if fit is not None else ()
    if not targets or len({target.currency for target in targets}) != 1:
        return None
    return targets_total(targets, [ctx.invoices[i] for i in outcome.hypothesis.invoices])


def _invoices_in_several_currencies(
    match: Match, group: tuple[Invoice, ...], numbers: str
) -> Discrepancy:
    """A payment paired by hand with invoices in several currencies (pounds and euros):
    one line cannot be in both, so it is a currency mismatch. Their amounts are given per
    currency and never added up, so the row has no one invoiced amount (nor a difference);
    the paid amount is the lines', where they are in one currency."""
    invoiced = " and ".join(total.format() for total in match.invoiced_totals())
    currencies = " and ".join(total.currency for total in match.invoiced_totals())
    paid = match.paid_total()
    shown = paid.format() if paid is not None else _paid_unknown(match.lines)
    text = (
        f"{numbers}: paid {shown}, invoiced {invoiced}: invoices in {currencies} cannot be "
        "settled by one payment, so their amounts are not added up; unmatch them and match "
        "each currency's invoices to their own payment"
    )
    kind = DiscrepancyType.CURRENCY_MISMATCH
    return Discrepancy(kind, text, None, match.lines, None, paid, group=group)


def _paid_unknown(lines: Sequence[StatementLine]) -> str:
    """What is said of the paid amount of lines with no one currency to add them in."""
    if any(line.currency is None for line in lines):
        return "in a currency the statement does not give"
    return "in several currencies"


def _paid_abroad(ctx: RunContext, outcome: Outcome) -> bool:
    """Whether a line of the match is in a currency none of its invoices is in or agreed
    to be settled in (the parts of an invoice paid partly in another currency: their
    currency signal is only the share paid abroad, not 0)."""
    invoices = [ctx.invoices[i] for i in outcome.hypothesis.invoices]
    return any(
        line.currency is not None and all(line.currency not in i.currencies for i in invoices)
        for line in outcome.match.lines
    )


def _paid_in_each(lines: Sequence[StatementLine], invoice: Invoice) -> tuple[Money, ...]:
    """(£150.00, €150.00): the lines' total in each currency, the invoice's first (a line
    without currency counted in it), in the invoice's sign convention
    (``Discrepancy.paid_in_each``)."""
    sign = invoice.direction.expected_sign
    totals: dict[str, list[Money]] = {invoice.currency: []}
    for line in lines:
        currency = line.currency or invoice.currency
        totals.setdefault(currency, []).append(Money(line.amount * sign, currency))
    return tuple(sum_money(amounts, c) for c, amounts in totals.items() if amounts)


def _owed(ctx: RunContext, outcome: Outcome) -> tuple[Money, str] | None:
    """What the match's payment was compared with, when that counted what is still owed on
    an invoice partly paid before instead of its gross (``Match.compared_with``, found
    once where the match was built): that total, and the sentence naming what is owed
    ('the £201.70 still owed of £276.62'). None when every invoice was compared at its
    gross (nearly always)."""
    compared = outcome.compared
    if compared is None:
        return None
    invoices = [ctx.invoices[i] for i in outcome.hypothesis.invoices]
    return compared.total, owed_on(invoices, compared.targets)


def _recorded_part_in_own_currency(each: Sequence[Money], invoice: Invoice) -> bool:
    """Whether what was paid in the invoice's currency (``each``: per currency, the
    invoice's first, where the lines are in several) is exactly the part its provider
    records as paid (its gross less what is still owed): that part's payment, counted
    already, with what is still owed paid in another currency. Money of another currency
    is never equal to that part, so no line in the invoice's currency means False."""
    owed = invoice.amount_outstanding
    if owed is None or len(each) < 2:
        return False
    return each[0] == invoice.gross - owed


def _recorded_part_and_rest_abroad(
    invoice: Invoice, named: str, each: Sequence[Money], owed: str
) -> str:
    """'EL-2025-00182: paid £561.95, the part of £971.79 Elevate records as paid, and
    €470.00 against the £409.84 still owed of £971.79': the part recorded as paid is
    measured against the gross, as one payment of it is (its row's Invoice Amount the
    gross, so its Difference in the invoice's currency is minus what is still owed),
    and what came in another currency is compared with nothing, as no rate turns it into
    the invoice's. ``named``: the invoice as the row names it (``RunContext.name``)."""
    abroad = and_list([money.format() for money in each[1:]])
    return (
        f"{named}: paid {each[0].format()}, the part of {invoice.gross.format()} "
        f"{invoice.provider} records as paid, and {abroad} against {owed}"
    )


def _owed_abroad(ctx: RunContext, outcome: Outcome) -> tuple[Money, str] | None:
    """What a payment in another currency leaves to pay, where an invoice of it is one
    its provider says is partly paid: what is still owed on each such invoice (the gross
    of the others), added up, and the sentence naming it ('the €409.84 still owed of
    €971.79'). No rate compares the payment with either amount, so the scorer chose
    neither (``Outcome.compared`` is None); what is owed is the provider's word on what
    is left, which the row is about, as an UNPAID_INVOICE row of it would be. None where
    every invoice counts at its gross (nearly always)."""
    group = [ctx.invoices[i] for i in outcome.hypothesis.invoices]
    owed = [invoice.outstanding for invoice in group]
    if all(target is None for target in owed):
        return None
    targets = tuple(target or invoice.primary for target, invoice in zip(owed, group, strict=True))
    return targets_total(targets, group), owed_on(group, targets)


def _duplicates(
    ctx: RunContext, reconciling: Sequence[Outcome]
) -> tuple[list[Keyed], dict[int, Invoice]]:
    """Invoices settled in full by more than one match, and the ids of those matches, each
    with the invoice it settles.

    One settlement is what the first paid: the gross, or what was still owed on an
    invoice partly paid before; the difference is what was paid beyond it, all of it.
    So a settlement short by a fee, or paying the gross of an invoice partly paid before,
    is no AMOUNT_MISMATCH as well: that would count its part of the excess twice, and
    call an invoice paid too often short (the caller drops those)."""
    first: dict[int, Outcome] = {}  # invoice -> its first settling match (nearly all)
    full: dict[int, list[Outcome]] = {}  # invoice -> all of them, when more than one
    for outcome in reconciling:
        hypothesis = outcome.hypothesis
        if len(hypothesis.invoices) == 1 and hypothesis.parts[1] >= TOLERATED_FLOOR:
            index = hypothesis.invoices[0]
            if index not in first:
                first[index] = outcome
            elif index in full:
                full[index].append(outcome)
            else:
                full[index] = [first[index], outcome]
    result = []
    repeated: dict[int, Invoice] = {}
    for index, settling in full.items():
        invoice = settling[0].match.invoices[0]
        repeated.update((id(o), invoice) for o in settling)
        lines = tuple(sorted({line for o in settling for line in o.match.lines}, key=_line_key))
        paid, paid_each = _paid_amounts(lines, invoice)
        owed = _owed(ctx, settling[0])
        invoiced, each = (invoice.gross, "") if owed is None else (owed[0], f" ({owed[1]})")
        if all(len(o.hypothesis.lines) == 1 for o in settling):
            rows = ", ".join(_row(line) for line in lines)
            text = f"{ctx.name(invoice)} paid {len(settling)} times{each}: {rows}"
        else:
            text = f"{ctx.name(invoice)} paid in full{each} {_settlements_text(settling, lines)}"
        grosses = sum(1 for o in settling if o.compared is not None and o.compared.gross_paid)
        if grosses:
            times = (
                "each time"
                if grosses == len(settling)
                else "once"
                if grosses == 1
                else f"{grosses} of those times"
            )
            text += f"; the gross {times}, as if nothing had been paid before"
        kind = DiscrepancyType.DUPLICATE_PAYMENT
        difference = _difference(paid, invoiced)
        item = Discrepancy(
            kind, text, invoice, lines, invoiced, paid, difference, paid_in_each=paid_each
        )
        result.append((_key(item, index), item))
    return result, repeated


def _settlements_text(settling: Sequence[Outcome], lines: Sequence[StatementLine]) -> str:
    """'on 2025-03-03 by bank.csv row 5 (£1,000.00), and again on 2025-03-10 by rows 9
    (£600.00) and 11 (£400.00)': each settlement in the order it was complete, the file
    named once when every line is in it."""
    one_file = len({line.source_file for line in lines}) == 1
    ordered = sorted(
        (sorted(o.match.lines, key=_line_key) for o in settling),
        key=lambda own: (max(line.date for line in own), _line_key(own[0])),
    )
    told = [
        _paid_by(own, named=position == 0 or not one_file) for position, own in enumerate(ordered)
    ]
    again = [f"again {text}" for text in told[1:]]
    again[-1] = f"and {again[-1]}"
    return ", ".join([told[0], *again])


def _paid_by(lines: Sequence[StatementLine], named: bool) -> str:
    """'on 2025-03-10 by bank.csv rows 9 (£600.00) and 11 (£400.00)'; each line's date
    instead when they are not all of one day. Amounts as money (``amount_text``): a
    workbook's cell gave a bare "1600"."""
    days = {line.date for line in lines}
    when = f"on {next(iter(days)).isoformat()} " if len(days) == 1 else ""
    by_file: dict[str, list[str]] = {}
    for line in lines:
        amount = line.amount_text
        shown = amount if when else f"{line.date.isoformat()}, {amount}"
        by_file.setdefault(line.source_file, []).append(f"{line.row} ({shown})")
    groups = [
        f"{file + ' ' if named else ''}{'row' if len(rows) == 1 else 'rows'} {and_list(rows)}"
        for file, rows in by_file.items()
    ]
    return f"{when}by {and_list(groups)}"


def _void_payments(ctx: RunContext, outcomes: Outcomes) -> list[Keyed]:
    result = []
    for hypothesis in outcomes.void_paid:
        line = ctx.lines[hypothesis.lines[0]].line
        invoice = ctx.invoices[hypothesis.invoices[0]].invoice
        paid = _paid_amounts((line,), invoice)[0]
        text = (
            f"payment {_row(line)} fits {invoice.provider} {invoice.label}, which is "
            f"{invoice.status_raw or invoice.status}; no live invoice fits it"
        )
        difference = _difference(paid, invoice.gross)
        kind = DiscrepancyType.VOID_INVOICE_PAID
        item = Discrepancy(kind, text, invoice, (line,), invoice.gross, paid, difference)
        result.append((_key(item, hypothesis.invoices[0], hypothesis.lines[0]), item))
    return result


def _written_off(ctx: RunContext) -> set[int]:
    """The written-off invoices (UNCOLLECTIBLE), by index: none in nearly every run."""
    return {p.index for p in ctx.invoices if p.invoice.status is InvoiceStatus.UNCOLLECTIBLE}


def _written_off_payments(
    reconciling: Sequence[Outcome],
    written_off: set[int],
    repeated: dict[int, Invoice],
    told: Mapping[int, Discrepancy],
    name: Callable[[Invoice], str],
) -> list[Keyed]:
    """A payment matched to written-off invoices: it stays matched (it is their payment),
    and is reported as VOID_INVOICE_PAID, the type of a payment of an invoice the books no
    longer expect to be paid (design.md), so that a filter on the Type column finds it
    beside the void ones; the explanation says it was written off, and that the write-off
    is to be reversed.

    One row a match, whatever else is wrong with it, so that a sum of the sheet's
    columns counts its payment once. Where the match is also short or over, or paid in
    another currency (its row in ``told``), this row stands for that one: it carries its
    amounts (a batch's totals, naming its invoices) and says its difference after the
    write-off. Otherwise a single written-off invoice's row is its own: its amount, and
    the payment when the invoice is the match's only one (a batch's payment is not
    shared out); several written off in one batch are one row, their total. A match
    that settles an invoice again is its DUPLICATE_PAYMENT's, which says the write-off
    (``_written_off_repeat``)."""
    result = []
    for outcome in reconciling:
        hypothesis = outcome.hypothesis
        if written_off.isdisjoint(hypothesis.invoices) or id(outcome) in repeated:
            continue
        match = outcome.match
        positions = [p for p, i in enumerate(hypothesis.invoices) if i in written_off]
        off = [match.invoices[p] for p in positions]
        text = _written_off_text(match, off, name)
        other = told.get(id(outcome))
        if other is not None:
            item = replace(
                other,
                type=DiscrepancyType.VOID_INVOICE_PAID,
                explanation=f"{text}; {other.explanation}",
            )
        elif len(off) == 1:
            (invoice,) = off
            paid = None if len(match.invoices) > 1 else _paid_amounts(match.lines, invoice)[0]
            difference = _difference(paid, invoice.gross)
            kind = DiscrepancyType.VOID_INVOICE_PAID
            item = Discrepancy(kind, text, invoice, match.lines, invoice.gross, paid, difference)
        else:
            currencies = {invoice.currency for invoice in off}
            invoiced = (
                sum_money((i.gross for i in off), off[0].currency) if len(currencies) == 1 else None
            )
            kind = DiscrepancyType.VOID_INVOICE_PAID
            item = Discrepancy(kind, text, None, match.lines, invoiced, group=tuple(off))
        position = hypothesis.invoices[positions[0]], hypothesis.lines[0]
        result.append((_key(item, *position), item))
    return result


def _written_off_text(match: Match, off: Sequence[Invoice], name: Callable[[Invoice], str]) -> str:
    """'payment bank.csv row 2 (...) (paying EL-2 too) settles Elevate EL-1, which is
    written off (UNCOLLECTIBLE): reverse the write-off and book the payment against it';
    several written off in one batch named together ('... settles Elevate EL-1
    (UNCOLLECTIBLE) and Elevate EL-3 (UNCOLLECTIBLE), which are written off: reverse the
    write-offs and book the payment against them')."""
    rows = ", ".join(_row(line) for line in match.lines)
    keys = {invoice.key for invoice in off}
    others = [name(i) for i in match.invoices if i.key not in keys]
    batch = f" (paying {', '.join(others)} too)" if others else ""
    if len(off) == 1:
        (invoice,) = off
        return (
            f"payment {rows}{batch} settles {invoice.provider} {invoice.label}, which is "
            f"written off ({invoice.status_raw or invoice.status}): reverse the write-off "
            "and book the payment against it"
        )
    named = and_list([f"{i.provider} {i.label} ({i.status_raw or i.status})" for i in off])
    return (
        f"payment {rows}{batch} settles {named}, which are written off: reverse the "
        "write-offs and book the payment against them"
    )


def _written_off_repeat(
    keyed: Keyed, repeated: dict[int, Invoice], told: Mapping[int, Discrepancy]
) -> Keyed:
    """A written-off invoice settled more than once: its DUPLICATE_PAYMENT row becomes
    its VOID_INVOICE_PAID row, with the same amounts (the excess paid beyond one
    settlement, all of it), saying the write-off first and then the repeat, rather than
    one VOID_INVOICE_PAID row per settlement beside it, which counted each payment
    again. What else a settlement's own row would have said (``told``) is said after
    it. Other invoices' rows are returned as they are."""
    key, item = keyed
    invoice = item.invoice
    if invoice is None or invoice.status is not InvoiceStatus.UNCOLLECTIBLE:
        return keyed
    own = [
        told[i].explanation for i, paid in repeated.items() if paid.key == invoice.key and i in told
    ]
    written_off = (
        f"{invoice.provider} {invoice.label} is written off "
        f"({invoice.status_raw or invoice.status}): reverse the write-off and book a "
        "payment against it"
    )
    text = "; ".join([written_off, item.explanation, *own])
    kind = DiscrepancyType.VOID_INVOICE_PAID
    return (_TYPE_ORDER[kind], key[1], key[2]), replace(item, type=kind, explanation=text)


def _paid(lines: Sequence[StatementLine], currency: str, invoice: Invoice) -> Money:
    """Lines' total in the invoice's sign convention; a line without currency is assumed in
    ``currency``. The caller makes sure the lines share one currency."""
    sign = invoice.direction.expected_sign
    return sum_money(
        (Money(line.amount * sign, line.currency or currency) for line in lines), currency
    )


def _paid_amounts(
    lines: Sequence[StatementLine], invoice: Invoice
) -> tuple[Money | None, tuple[Money, ...]]:
    """(paid_amount, paid_in_each) of a discrepancy about one invoice's lines: their total
    when they are in one currency (a line without one counted in the invoice's), else
    their total in each currency."""
    each = _paid_in_each(lines, invoice)
    return (each[0], ()) if len(each) == 1 else (None, each)


def _difference(paid: Money | None, invoiced: Money) -> Money | None:
    return paid - invoiced if paid is not None and paid.currency == invoiced.currency else None


def _line_key(line: StatementLine) -> tuple[str, int]:
    return line.source_file, line.row


def _row(line: StatementLine) -> str:
    """'bank.csv row 5 (2025-03-04, -£120.00)': the line by file and row, with its date and
    its amount as money (``StatementLine.amount_text``), as the window shows them."""
    return f"{line.source_file} row {line.row} ({line.date.isoformat()}, {line.amount_text})"
