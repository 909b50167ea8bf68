"""The Summary sheet's figures, computed apart from layout so they can be checked directly.

Every total is kept per currency: amounts in different currencies are never added, not
even in a grand total, because a sum of pounds and euros means nothing to an accountant.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.domain import (
    Discrepancy,
    DiscrepancyType,
    LineKey,
    Money,
    Reconciliation,
    Side,
    balance_lines,
    main_currency,
)
from desktop_app.export.context import StatementUsed
from desktop_app.export.discrepancies_sheet import row_currencies
from desktop_app.statements.continuity import (
    Continuity,
    HeldMovements,
    check,
    held_movements,
    spans,
)
from desktop_app.statements.file_accounts import FileAccount

NO_INVOICE = "(statement only)"


@dataclass(slots=True)
class TypeTotals:
    """One (discrepancy type, side, currency) row: sums of the Discrepancies sheet's amount
    columns over its rows of that Type, Direction and Currency. ``side`` is None only on
    the zero row of a type with no discrepancies."""

    type: DiscrepancyType
    side: Side | None
    currency: str | None
    count: int = 0
    invoice_amount: Decimal = Decimal(0)
    paid_amount: Decimal = Decimal(0)
    difference: Decimal = Decimal(0)
    statement_amount: Decimal = Decimal(0)


@dataclass(slots=True)
class ProviderTotals:
    provider: str
    currency: str | None
    invoices: int = 0
    invoiced: Decimal = Decimal(0)
    reconciled: int = 0
    not_reconciled: int = 0
    discrepancies: int = 0
    difference: Decimal = Decimal(0)  # of payments: every type but LINE_ITEMS_MISMATCH
    line_items_difference: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class BridgeRow:
    """Opening + matched + unmatched movements = closing, for one statement file, or for
    one account's statement of a file of several (``per_account``: ``account`` is then
    that account, None where its statement names none)."""

    statement: str
    currency: str | None
    opening: Decimal | None
    matched: Decimal
    unmatched: Decimal
    closing: Decimal | None
    other_currency_lines: int = 0
    # Repeated lines whose kept line is not in the run (its file was taken out): unknown.
    missing_repeats: int = 0
    account: str | None = None
    per_account: bool = False

    @property
    def computed_closing(self) -> Decimal | None:
        return None if self.opening is None else self.opening + self.matched + self.unmatched

    @property
    def difference(self) -> Decimal | None:
        computed = self.computed_closing
        return None if computed is None or self.closing is None else self.closing - computed

    @property
    def ties(self) -> bool | None:
        difference = self.difference
        return None if difference is None else difference == 0


_Bucket = tuple[DiscrepancyType, Side, str | None]


@dataclass(slots=True)
class _Buckets:
    by_type: dict[_Bucket, TypeTotals] = field(default_factory=dict)

    def get(self, kind: DiscrepancyType, side: Side, currency: str | None) -> TypeTotals:
        key = (kind, side, currency)
        if key not in self.by_type:
            self.by_type[key] = TypeTotals(kind, side, currency)
        return self.by_type[key]


# A discrepancy as the Summary files it: the discrepancy, the currencies of its rows on
# the Discrepancies sheet (``row_currencies``), which both its type rows and its
# provider's count it in, and its Difference in each currency (``Discrepancy.differences``),
# which both sum. A plain tuple: made as a frozen dataclass, 300,000 of them took back
# what the second pass saved (measured with bench_export's reconciliation).
Filed = tuple[Discrepancy, list[str | None], tuple[Money, ...]]


def filed(reconciliation: Reconciliation) -> list[Filed]:
    """Every discrepancy, in order, with what the Summary counts and sums it by
    (``Filed``). Worked out once a discrepancy and read by both the type rows and the
    provider rows: each worked them out again, and at 300,000 discrepancies that was a
    second pass over every discrepancy's rows."""
    return [(d, row_currencies(d), d.differences) for d in reconciliation.discrepancies]


def totals_by_type(
    reconciliation: Reconciliation, discrepancies: list[Filed] | None = None
) -> list[TypeTotals]:
    """One row per type, side and currency present (``Discrepancy.side``: receivable,
    payable, or a statement line's money in or out with no invoice); a type with no
    discrepancies at all still gets one zero row, with no side.

    A type's row over both sides added what we are owed to what we owe, which is no
    figure; a side with none of a type has no row, rather than a row of zeros. Each
    payment stands on one discrepancy (the engine's rule, design.md: a written-off
    invoice's payment short, over or paid again is its VOID_INVOICE_PAID alone), so
    adding every discrepancy's amounts, as here, counts it once. ``discrepancies`` are
    the reconciliation's as ``filed`` gives them, when the caller has them already."""
    buckets = _Buckets()
    for d, currencies, differences in (
        filed(reconciliation) if discrepancies is None else discrepancies
    ):
        side = d.side
        # counted in each currency it has rows in on the Discrepancies sheet (a payment in
        # another currency: the invoice's and the payment's), so a filter there finds it:
        # counted in its invoice's alone, its euro row showed under a Count of 0
        for currency in currencies:
            buckets.get(d.type, side, currency).count += 1
        for money, name in (
            (d.invoiced, "invoice_amount"),
            *((paid, "paid_amount") for paid in d.paid_totals),  # each currency paid in
            *((difference, "difference") for difference in differences),
        ):
            if money is not None:
                _add(buckets.get(d.type, side, money.currency), name, money)
        unstated = d.unstated_paid  # a line's in no currency: its row's Paid Amount
        if unstated is not None:
            buckets.get(d.type, side, None).paid_amount += unstated
        for line in d.lines:
            # A line whose statement gives no currency is in its invoice's, as its row on
            # the Discrepancies sheet says (not a row of its own with no currency and no count).
            totals = buckets.get(d.type, side, d.currency_of(line))
            totals.statement_amount += line.amount
    result: list[TypeTotals] = []
    for kind in DiscrepancyType:
        rows = [t for (k, _, _), t in buckets.by_type.items() if k is kind]
        rows.sort(key=lambda t: (t.side.rank if t.side else 0, t.currency or "~"))
        result.extend(rows or [TypeTotals(kind, None, None)])
    return result


def _add(totals: TypeTotals, name: str, money: Money) -> None:
    setattr(totals, name, getattr(totals, name) + money.amount)


def totals_by_provider(
    reconciliation: Reconciliation, discrepancies: list[Filed] | None = None
) -> list[ProviderTotals]:
    """The "Totals by provider" rows. ``discrepancies`` are the reconciliation's as
    ``filed`` gives them, when the caller has them already."""
    rows: dict[tuple[str, str | None], ProviderTotals] = {}

    def row(provider: str, currency: str | None) -> ProviderTotals:
        return rows.setdefault((provider, currency), ProviderTotals(provider, currency))

    matched = reconciliation.matched_invoice_keys()
    for invoice in reconciliation.invoices_of_period():
        # Counted as the headline counts them (``Invoice.expects_payment``): a payment
        # matched to a written-off or void invoice is no reconciled invoice here either
        # (its discrepancy says what it is). Invoices and Invoiced count those same
        # invoices, so Invoices is Reconciled + Not Reconciled; they counted every one,
        # a void invoice's amount among what was invoiced. "Providers used" counts all
        # of the period's (``context.providers_used``).
        # An invoice taken in from the workspace for a decision is no invoice of the
        # period (``Reconciliation.taken_in``): counted, December's invoice paid in
        # January was one of January's reconciled. What its match says (paid short, in
        # another currency) is a discrepancy of the period's lines, counted below.
        if not invoice.expects_payment:
            continue
        totals = row(invoice.provider, invoice.currency)
        totals.invoices += 1
        totals.invoiced += invoice.gross.amount
        if invoice.key in matched:
            totals.reconciled += 1
        else:
            totals.not_reconciled += 1
    for d, currencies, differences in (
        filed(reconciliation) if discrepancies is None else discrepancies
    ):
        # A batch's discrepancy is filed under its invoices' provider; under all of their
        # names together ("A; B", as its Discrepancies row says) when they are of several:
        # its difference is the batch's, and shared out it would be invented, or counted
        # twice.
        provider = d.provider or NO_INVOICE
        for currency in currencies:  # as the type rows count it
            row(provider, currency).discrepancies += 1
        for difference in differences:
            totals = row(provider, difference.currency)
            # an invoice's line items against its own amount are no payment's difference:
            # added in, they made an unpaid £75,201.76 a difference of -£75,201.75
            if d.type is DiscrepancyType.LINE_ITEMS_MISMATCH:
                totals.line_items_difference += difference.amount
            else:
                totals.difference += difference.amount
    return sorted(
        rows.values(), key=lambda t: (t.provider == NO_INVOICE, t.provider, t.currency or "~")
    )


@dataclass(frozen=True, slots=True)
class StatementPart:
    """One row of "Statements used": a statement file, or one account's statement of a
    file of several (``per_account``), with its account, lines, balances, movements as
    held and the currency its balances are in (``part_currency``), which its bridge row
    has too: the two read the currency by one rule, so a row's balances and its bridge's
    are never said to be in two currencies."""

    statement: StatementUsed
    account: str | None
    count: int
    currency: str | None
    opening: Decimal | None
    closing: Decimal | None
    movements: HeldMovements
    per_account: bool = False

    @property
    def states_a_balance(self) -> bool:
        return self.opening is not None or self.closing is not None

    @property
    def currencies(self) -> tuple[str, ...]:
        """Every currency its movements are in: its balances' (``currency``) first, then
        the others by how many of its lines are in each (a tie in alphabetical order).
        Its "Statements used" row names them all ("GBP, EUR"): one currency alone said
        a file of 280 lines in pounds and one in euros was all in pounds. Lines naming no
        currency name none here, as ``main_currency`` counts them."""
        counts = Counter(line.currency for line in self.movements.lines if line.currency)
        others = sorted(
            (code for code in counts if code != self.currency),
            key=lambda code: (-counts[code], code),
        )
        return ((self.currency,) if self.currency else ()) + tuple(others)


def part_currency(stated: str | None, movements: HeldMovements) -> str | None:
    """The currency of a statement's (or one account's statement's) balances: the one it
    states, else the one most of its movements are in (``main_currency``, as
    ``HeldMovements.currency`` tells a file's): one rule for its "Statements used" row
    and its bridge row. Its lines in another currency are not in its bridge."""
    return stated or main_currency(movements.lines)


def statement_parts(
    reconciliation: Reconciliation, statements: list[StatementUsed]
) -> list[StatementPart]:
    """The rows of "Statements used", in the statements' order: a file's, or for a file
    of several accounts one for each account's statement (``StatementUsed.accounts``)."""
    parts: list[StatementPart] = []
    for statement, held in zip(
        statements, held_movements(statements, reconciliation.lines), strict=True
    ):
        if not statement.accounts:
            parts.append(
                StatementPart(
                    statement,
                    statement.account,
                    statement.row_count,
                    part_currency(statement.currency, held),
                    statement.opening_balance,
                    statement.closing_balance,
                    held,
                )
            )
            continue
        parts.extend(
            StatementPart(
                statement,
                each.account,
                each.line_count,
                part_currency(each.currency, movements),
                each.opening_balance,
                each.closing_balance,
                movements,
                per_account=True,
            )
            for each, movements in _of_accounts(statement, held)
        )
    return parts


def bridge(
    reconciliation: Reconciliation,
    statements: list[StatementUsed],
    parts: Sequence[StatementPart] | None = None,
) -> list[BridgeRow]:
    """A bridge row for each statement that states an opening or a closing balance: for
    a file of several accounts, one for each account's statement that states one, in
    that account's currency (``StatementUsed.accounts``), as the importer checked each.
    ``parts``: ``statement_parts`` of the same, where the caller has them already.

    A statement's movements are its own lines in the run and the kept lines its repeated
    ones stand for (``StatementUsed.repeats``), matched or not as the kept line is.
    """
    if parts is None:
        parts = statement_parts(reconciliation, statements)
    matched_keys = reconciliation.matched_line_keys()
    return [_bridge_row(part, matched_keys) for part in parts if part.states_a_balance]


def _of_accounts(
    statement: StatementUsed, held: HeldMovements
) -> list[tuple[FileAccount, HeldMovements]]:
    """Each account's statement of a file of several, with its movements as held: its
    own lines of the account's rows, and the kept lines those of its rows that repeat
    another file's stand for."""
    own = [line for line in held.lines if line.source_file == statement.source_file]
    kept = {line.key: line for line in held.lines}
    result = []
    for part in statement.accounts:
        lines = [line for line in own if part.holds(line.row)]
        repeats = statement.repeats.items()
        repeated = [kept.get(other) for mine, other in repeats if part.holds(mine.row)]
        lines.extend(line for line in repeated if line is not None)
        result.append((part, HeldMovements(statement, tuple(lines), repeated.count(None))))
    return result


def _bridge_row(part: StatementPart, matched_keys: AbstractSet[LineKey]) -> BridgeRow:
    """The bridge of ``part``'s movements from its opening balance to its closing, in
    its currency."""
    movements, currency = part.movements, part.currency
    moving = balance_lines(movements.lines, currency)
    sums = {True: Decimal(0), False: Decimal(0)}
    for line in moving:
        sums[line.key in matched_keys] += line.amount
    return BridgeRow(
        movements.statement.source_file,
        currency,
        part.opening,
        sums[True],
        sums[False],
        part.closing,
        len(movements.lines) - len(moving),
        movements.missing,
        account=part.account if part.per_account else None,
        per_account=part.per_account,
    )


def continuity(reconciliation: Reconciliation, statements: list[StatementUsed]) -> Continuity:
    """Every pair of the statements' files compared for continuity, by account, currency
    and date (``statements.continuity``): a step that does not follow is a break, movements
    missing between two files; and the pairs not compared because they clash. From the
    same movements as the bridge."""
    return check(spans(statements, reconciliation.lines))
