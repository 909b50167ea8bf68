"""Invoices outside the run's period that the accountant's pairings name.

A run reviews the invoices of the period fetched; a workspace keeps those an earlier,
wider fetch brought in, and the decisions on them. An accepted or hand match in force
pairing a line of the run with such an invoice (December's invoice paid in January) is
still the accountant's word on that line: were the invoice left out, the decision could
not be applied and the line would be reported as a payment nothing explains. So the run
takes in the invoices such a pairing names, from the store that holds them
(``HeldInvoices``), where every line of the pairing is in the run and the store holds
every invoice it names: the decision is then honoured as it would be in the invoice's own
period.

An invoice taken in is in the run for its pairing alone: nothing is reported about it
alone (``about_taken_alone``). It is not unpaid or paid without payment in a period it
was not issued in (it is paid here), nor are its line items checked against its amount
here: that is its own period's report. What its pairing says (paid short, twice, in
another currency) is about the run's lines, and is reported as for any pairing.
Rejections need nothing taken in: a pairing with an invoice absent from the run cannot
be proposed.

An invoice its provider no longer returns (the store holds it marked missing) is never
taken in: it is no longer the provider's to be paid. A pairing naming one is kept instead
(``decisions.Kept``): its lines, and its other invoices, are held out of automatic
matching and reported as matched by the accountant to an invoice no longer returned, for
them to review the decision; ``unreturned`` finds those invoices, as last held, to name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from desktop_app.domain.discrepancy import Discrepancy
from desktop_app.domain.invoice import Invoice, InvoiceKey
from desktop_app.domain.statement import StatementLine
from desktop_app.matching.decisions import Pairing

# Given the keys of invoices the run lacks, those of them a store holds (and may be used:
# not marked missing at their provider); a key it holds no such invoice of is left out.
HeldInvoices = Callable[[Collection[InvoiceKey]], Iterable[Invoice]]
# Given the keys of invoices the run lacks, those of them a store holds marked missing (no
# longer returned by their provider), as last fetched; any other key is left out.
GoneInvoices = Callable[[Collection[InvoiceKey]], Iterable[Invoice]]


def lacked(
    invoices: Sequence[Invoice], lines: Sequence[StatementLine], fixed: Collection[Pairing]
) -> tuple[frozenset[InvoiceKey], ...]:
    """The invoices the run's ``invoices`` lack of each accepted or manual pairing in force
    (``replay``'s ``fixed``: the engine replays its log once, for this and for the run
    itself) whose every line is in the run and some invoice of which the run lacks: what
    both lookups ask of their store (``taken_in``, then ``unreturned``), worked out once.
    The run's line keys are built only where some pairing lacks an invoice: not on every
    run with a decision."""
    if not fixed:
        return ()
    in_run = {invoice.key for invoice in invoices}
    lacking = [(keys, line_keys) for keys, line_keys in fixed if not keys <= in_run]
    if not lacking:
        return ()
    lines_in_run = {line.key for line in lines}
    return tuple(keys - in_run for keys, line_keys in lacking if line_keys <= lines_in_run)


def held_of(
    wanted: Sequence[frozenset[InvoiceKey]], held: HeldInvoices
) -> dict[InvoiceKey, Invoice]:
    """The invoices ``held`` holds of the pairings' lacking invoices (``lacked``), by key:
    those ``taken_in`` takes in, and those of pairings it cannot (``decisions.Kept``
    names them as the store holds them). The store is not asked where none is lacking."""
    if not wanted:
        return {}
    return {invoice.key: invoice for invoice in held(frozenset().union(*wanted))}


def taken_in(
    wanted: Sequence[frozenset[InvoiceKey]], found: Mapping[InvoiceKey, Invoice]
) -> tuple[Invoice, ...]:
    """The invoices ``found`` (``held_of``) of pairings whose every lacking invoice
    (``lacked``) the store holds; sorted by key, so the run is the same whatever order the
    store answers in."""
    taken = {key: found[key] for keys in wanted if keys <= found.keys() for key in keys}
    return tuple(taken[key] for key in sorted(taken, key=_order))


def unreturned(
    wanted: Sequence[frozenset[InvoiceKey]], taken: AbstractSet[InvoiceKey], gone: GoneInvoices
) -> dict[InvoiceKey, Invoice]:
    """The invoices no longer returned by their provider (``gone`` holds them) of the
    pairings' lacking invoices (``lacked``) that the run still lacks once ``taken`` are
    taken in, by key: the pairings the run keeps (``decisions.Kept``). Asked only where
    some pairing still lacks an invoice, as ``taken_in`` is."""
    still = [rest for keys in wanted if (rest := keys - taken)]
    if not still:
        return {}
    return {invoice.key: invoice for invoice in gone(frozenset().union(*still))}


def about_taken_alone(discrepancy: Discrepancy, taken: Collection[InvoiceKey]) -> bool:
    """Whether ``discrepancy`` is about invoices taken in alone, no line of the run: an
    invoice unpaid, or paid at its provider without a payment here, or its line items;
    which its own period reports, not this one."""
    if discrepancy.lines:
        return False
    invoices = discrepancy.invoices
    return bool(invoices) and all(invoice.key in taken for invoice in invoices)


def _order(key: InvoiceKey) -> tuple[str, str]:
    return key.provider, key.invoice_id
