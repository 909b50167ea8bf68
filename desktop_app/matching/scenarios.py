"""Scenario generator with ground truth, for tests, benchmarks and end-to-end checks.

    scenario = generate_scenario(seed=7, invoices=500, lines=1500)
    result = reconcile(scenario.invoices, scenario.lines, scenario.settings)
    quality = evaluate(scenario, result)      # precision/recall per aspect

A scenario mixes the situations in ``CASE_WEIGHTS`` (references in every spelling, payee
only, batches, split payments, fees, under/over payment, duplicate collections, void
invoices, same-amount traps, numeric ids inside other numbers, credit notes, payable and
receivable providers, statuses, line items, foreign currency, drafts), then pads the
statements with unrelated movements up to ``lines``. Deterministic by seed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain.discrepancy import DiscrepancyType
from desktop_app.domain.invoice import Invoice, InvoiceKey
from desktop_app.domain.statement import LineKey, StatementLine
from desktop_app.matching.scenario_cases import Case
from desktop_app.matching.scenario_exceptions import ScenarioCases
from desktop_app.matching.scenario_world import CI_ALIASES, CONTENT_IGNITE, LineDraft, World
from desktop_app.matching.settings import MatchSettings

CASE_WEIGHTS: dict[str, int] = {
    "clean": 30,
    "payee_only": 12,
    "batch": 4,
    "split": 3,
    "bank_fee": 5,
    "under_or_over": 3,
    "duplicate": 2,
    "repeat_in_parts": 1,
    "void_replaced": 2,
    "void_paid": 1,
    "same_amount_trap": 4,
    "numeric_id": 2,
    "versori": 1,
    "credit_note": 3,
    "unpaid": 6,
    "status_conflict": 2,
    "line_items": 3,
    "currency_mismatch": 1,
    "not_expected": 2,
    "outstanding": 1,
}
# A company has one Content Ignite and one Versori account: a few invoices a month, not
# thousands. Beyond these monthly counts, those draws become ordinary payments.
MONTHLY_LIMITS = {"numeric_id": 3, "versori": 1}


@dataclass(frozen=True)
class ExpectedMatch:
    invoice_keys: frozenset[InvoiceKey]
    line_keys: frozenset[LineKey]
    case: str


@dataclass(frozen=True)
class ExpectedDiscrepancy:
    type: DiscrepancyType
    invoice_key: InvoiceKey | None
    line_keys: frozenset[LineKey]
    case: str

    @property
    def identity(self) -> tuple[DiscrepancyType, InvoiceKey | None, frozenset[LineKey]]:
        return self.type, self.invoice_key, self.line_keys


@dataclass(frozen=True)
class Scenario:
    seed: int
    invoices: tuple[Invoice, ...]
    lines: tuple[StatementLine, ...]
    expected_matches: tuple[ExpectedMatch, ...]
    expected_discrepancies: tuple[ExpectedDiscrepancy, ...]
    settings: MatchSettings  # the aliases the scenario's bank text uses

    def expected_pairs(self) -> frozenset[tuple[InvoiceKey, LineKey]]:
        return frozenset(
            (invoice, line)
            for match in self.expected_matches
            for invoice in match.invoice_keys
            for line in match.line_keys
        )

    def case_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for match in self.expected_matches:
            counts[match.case] = counts.get(match.case, 0) + 1
        return counts


def generate_scenario(
    seed: int = 0,
    invoices: int = 300,
    lines: int | None = None,
    *,
    weights: Mapping[str, int] | None = None,
    start: date = date(2025, 1, 1),
) -> Scenario:
    """At least ``invoices`` invoices and ``lines`` lines (default three per invoice).

    ``lines`` below the number of payments the situations need is raised to it.
    """
    rng = random.Random(seed)
    days = max(60, min(365, invoices // 10))
    world = World(rng, start, days)
    builder = ScenarioCases(world)
    table = dict(weights or CASE_WEIGHTS)
    names, shares = list(table), list(table.values())
    limits = {name: max(1, per_month * days // 30) for name, per_month in MONTHLY_LIMITS.items()}
    cases: list[Case] = []
    made = 0
    while made < invoices:
        name = rng.choices(names, shares)[0]
        if name in limits:
            limits[name] -= 1
            if limits[name] < 0:
                name = "clean"
        case = Case(name)
        getattr(builder, name)(case)
        cases.append(case)
        made += len(case.invoices)
    wanted = lines if lines is not None else 3 * invoices
    noise = Case("noise")
    for _ in range(max(0, wanted - sum(len(case.lines) for case in cases))):
        line = builder.noise_line()
        noise.lines.append(line)
        noise.flag(DiscrepancyType.UNMATCHED_PAYMENT, None, [line])
    cases.append(noise)
    return _assemble(seed, cases)


def _assemble(seed: int, cases: list[Case]) -> Scenario:
    drafts = sorted(
        (draft for case in cases for draft in case.lines),
        key=lambda d: (d.source_file, d.day, d.ident),
    )
    rows: dict[int, StatementLine] = {}
    next_row: dict[str, int] = {}
    for draft in drafts:
        row = next_row.get(draft.source_file, 2)  # row 1 is the header
        next_row[draft.source_file] = row + 1
        rows[draft.ident] = _statement_line(draft, row)
    matches = tuple(
        ExpectedMatch(frozenset(keys), frozenset(rows[i].key for i in idents), case.name)
        for case in cases
        for keys, idents in case.matches
    )
    discrepancies = tuple(
        ExpectedDiscrepancy(kind, key, frozenset(rows[i].key for i in idents), case.name)
        for case in cases
        for kind, key, idents in case.discrepancies
    )
    return Scenario(
        seed=seed,
        invoices=tuple(invoice for case in cases for invoice in case.invoices),
        lines=tuple(rows[draft.ident] for draft in drafts),
        expected_matches=matches,
        expected_discrepancies=discrepancies,
        settings=MatchSettings(counterparty_aliases={CONTENT_IGNITE: CI_ALIASES}),
    )


def _statement_line(draft: LineDraft, row: int) -> StatementLine:
    """The line with its text and amount made afresh, in statement order.

    The drafts made them in the order of their test cases, so a run reading the lines row
    after row reached all over memory for them. An import (decoding the file, parsing each
    amount) or a workspace load makes a line's values together, row after row, and the
    engine's cost per line depends on that layout: 0.6-0.8 s of a 300,000-line run. The
    generator gives the engine the layout its real inputs have.
    """
    return StatementLine(
        source_file=draft.source_file,
        row=row,
        date=draft.day,
        amount=Decimal(str(draft.amount)),
        currency=draft.currency,
        description=_decoded(draft.description),
        reference=_decoded(draft.reference),
        counterparty=_decoded(draft.counterparty),
    )


def _decoded(text: str) -> str:
    """A new string equal to ``text``, as decoding a statement file makes one."""
    return text.encode().decode()
