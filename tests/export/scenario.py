"""A realistic month for the report tests, built from domain objects.

Three providers, GBP/EUR/JPY, a credit note, every discrepancy type, split and duplicate
payments, a rejected pairing, and text a spreadsheet could mistake for formulas.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from desktop_app.domain import (
    Counterparty,
    Decision,
    DecisionKind,
    Direction,
    Discrepancy,
    DiscrepancyType,
    DocumentType,
    Invoice,
    InvoiceStatus,
    LineItem,
    Match,
    MatchState,
    Money,
    Reconciliation,
    Signal,
    StatementLine,
)
from desktop_app.export import AuditRow, ProviderUsed, ReportContext, StatementUsed
from desktop_app.statements import RowWarning

D = Decimal
T = DiscrepancyType
FORMULA_TEXTS = (
    '=HYPERLINK("http://evil.example","click")',
    "@SUM(A1:A9)",
    "+44 20 7946 0958",
    "-2+3",
    "=1+1",
)
NON_ASCII = "Zahlung für Müller – Ølstue 東京 £€"
VERSORI_URL = "https://api.versori.com/invoices/88?org=acme&x=1"


def invoice(
    provider: str,
    kind: str,
    invoice_id: str,
    number: str,
    amount: str,
    currency: str,
    status: InvoiceStatus = InvoiceStatus.OPEN,
    **extra: object,
) -> Invoice:
    fields: dict[str, object] = {
        "direction": Direction.PAYABLE if kind == "content_ignite" else Direction.RECEIVABLE,
        "issue_date": date(2024, 3, 1),
        "due_date": date(2024, 3, 31),
    }
    fields.update(extra)
    return Invoice(
        provider=provider,
        provider_kind=kind,
        invoice_id=invoice_id,
        number=number,
        currency=currency,
        gross=Money.of(amount, currency),
        status=status,
        status_raw=status.value.upper(),
        **fields,  # type: ignore[arg-type]
    )


def line(
    source: str,
    row: int,
    amount: str,
    currency: str | None,
    description: str = "",
    day: int = 5,
    **extra: object,
) -> StatementLine:
    return StatementLine(source, row, date(2024, 3, day), D(amount), currency, description, **extra)  # type: ignore[arg-type]


CI, VS, EL = "Content Ignite", "Versori", "Elevate Billing"
ci_paid = invoice(
    CI,
    "content_ignite",
    "CI-1001",
    "CI-1001",
    "72502.07",
    "GBP",
    InvoiceStatus.PAID,
    document_url="https://app.contentignite.com/invoices/CI-1001",
)
ci_split = invoice(
    CI,
    "content_ignite",
    "CI-1002",
    "CI-1002",
    "1200.00",
    "GBP",
    counterparty=Counterparty(name="=cmd|' /C calc'!A0"),
)
vs_fee = invoice(
    VS, "versori", VERSORI_URL, VERSORI_URL, "5000.00", "EUR", document_url=VERSORI_URL
)
el_unpaid = invoice(EL, "elevate", "ELV-1", "INV-0042", "300.00", "GBP", due_date=None)
el_conflict = invoice(EL, "elevate", "ELV-2", "INV-0043", "450.50", "GBP", InvoiceStatus.PAID)
el_credit = invoice(
    EL, "elevate", "ELV-3", "INV-0044", "-120.00", "GBP", document_type=DocumentType.CREDIT_NOTE
)
ci_yen = invoice(
    CI,
    "content_ignite",
    "CI-2001",
    "=1+1",
    "150000",
    "JPY",
    InvoiceStatus.PAID,
    document_url="javascript:alert(1)",
)
ci_void = invoice(CI, "content_ignite", "CI-1003", "CI-1003", "99.99", "GBP", InvoiceStatus.VOID)
vs_fx = invoice(
    VS,
    "versori",
    "https://api.versori.com/invoices/89",
    "https://api.versori.com/invoices/89",
    "250.00",
    "EUR",
)
el_items = invoice(
    EL,
    "elevate",
    "ELV-4",
    "INV-0045",
    "1000.00",
    "GBP",
    line_items=(
        LineItem("Consulting", Money.of("600.00", "GBP")),
        LineItem("Travel", Money.of("300.00", "GBP")),
    ),
    document_url="https://elevate.example/invoices/INV 0045/ü",
)
el_draft = invoice(EL, "elevate", "ELV-5", "INV-0046", "75.00", "GBP", InvoiceStatus.DRAFT)
el_batch1 = invoice(EL, "elevate", "ELV-6", "INV-0047", "40.00", "GBP")
el_batch2 = invoice(EL, "elevate", "ELV-7", "INV-0048", "60.00", "GBP")
INVOICES = (
    ci_paid,
    ci_split,
    vs_fee,
    el_unpaid,
    el_conflict,
    el_credit,
    ci_yen,
    ci_void,
    vs_fx,
    el_items,
    el_draft,
    el_batch1,
    el_batch2,
)

b2 = line(
    "bank.csv",
    2,
    "-72502.07",
    "GBP",
    "CONTENT IGNITE CI-1001",
    day=4,
    reference="CI-1001",
    balance=D("27497.93"),
)
b3 = line("bank.csv", 3, "-700.00", "GBP", "CONTENT IGNITE PART 1", day=6)
b4 = line("bank.csv", 4, "-500.00", "GBP", "CONTENT IGNITE PART 2", day=7)
b5 = line("bank.csv", 5, "-120.00", "GBP", "REFUND INV-0044 ELEVATE")
b6 = line("bank.csv", 6, "-99.99", "GBP", "CI-1003 VOIDED?")
b7 = line("bank.csv", 7, "215.40", "GBP", "VERSORI 89 IN GBP")
b8 = line("bank.csv", 8, "1000.00", "GBP", "ELEVATE INV-0045")
b9 = line("bank.csv", 9, "-45.00", "GBP", FORMULA_TEXTS[0])
b10 = line("bank.csv", 10, "-1.00", "GBP", FORMULA_TEXTS[1])
b11 = line("bank.csv", 11, "2.00", "GBP", FORMULA_TEXTS[2])
b12 = line("bank.csv", 12, "3.00", "GBP", FORMULA_TEXTS[3], reference="bell\x07ring")
b13 = line("bank.csv", 13, "-4.50", "GBP", NON_ASCII)
b14 = line("bank.csv", 14, "100.00", "GBP", "ELEVATE BATCH INV-0047 INV-0048")
e5 = line("eur.xlsx", 5, "4990.00", "EUR", "ACME GMBH RE 88", day=8)
j2 = line("jpy.csv", 2, "-150000", "JPY", "CI 2001", day=9)
j3 = line("jpy.csv", 3, "-150000", "JPY", "CI 2001 AGAIN", day=10)
n2 = line("nocur.csv", 2, "10.00", None, "NO CURRENCY GIVEN")
LINES = (b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, e5, j2, j3, n2)


def match(
    invoices: tuple[Invoice, ...],
    lines: tuple[StatementLine, ...],
    score: float,
    state: MatchState = MatchState.AUTO,
    runner_up: str | None = None,
) -> Match:
    signals = (
        Signal("amount", 1.0, 0.5, "exact amount"),
        Signal("reference", score, 0.5, "reference tokens"),
    )
    return Match(
        invoices, lines, score, signals, f"matched with score {score:.2f}", state, runner_up
    )


MATCHES = (
    match((ci_paid,), (b2,), 0.98),
    match((ci_split,), (b3, b4), 0.8, MatchState.MANUAL),
    match((vs_fee,), (e5,), 0.9, MatchState.ACCEPTED),
    match((el_credit,), (b5,), 0.95),
    match((ci_yen,), (j2, j3), 0.9),
    match(
        (vs_fx,),
        (b7,),
        0.55,
        MatchState.SUGGESTED,
        runner_up="Versori:https://api.versori.com/invoices/88 (0.41)",
    ),
    match((el_items,), (b8,), 0.97),
    match((el_unpaid,), (b12,), 0.3, MatchState.REJECTED),
    match((el_batch1, el_batch2), (b14,), 0.92),
)

DISCREPANCIES = (
    Discrepancy(T.UNPAID_INVOICE, "no payment found", el_unpaid),
    Discrepancy(T.STATUS_CONFLICT, "Elevate says PAID; no payment found", el_conflict),
    Discrepancy(T.UNMATCHED_PAYMENT, "no invoice for this line", None, (b9,)),
    Discrepancy(T.UNMATCHED_PAYMENT, "no invoice for this line", None, (b10,)),
    Discrepancy(T.UNMATCHED_PAYMENT, "no invoice for this line", None, (b11,)),
    Discrepancy(T.UNMATCHED_PAYMENT, "no invoice for this line", None, (b12,)),
    Discrepancy(T.UNMATCHED_PAYMENT, NON_ASCII, None, (b13,)),
    Discrepancy(T.UNMATCHED_PAYMENT, "no invoice for this line", None, (n2,)),
    Discrepancy(
        T.AMOUNT_MISMATCH,
        "paid 4990.00 of 5000.00 (fee 10.00?)",
        vs_fee,
        (e5,),
        Money.of("5000.00", "EUR"),
        Money.of("4990.00", "EUR"),
        Money.of("-10.00", "EUR"),
    ),
    Discrepancy(
        T.DUPLICATE_PAYMENT,
        "paid twice",
        ci_yen,
        (j2, j3),
        Money.of("150000", "JPY"),
        Money.of("300000", "JPY"),
        Money.of("150000", "JPY"),
    ),
    Discrepancy(T.VOID_INVOICE_PAID, "invoice is void", ci_void, (b6,)),
    Discrepancy(
        T.CURRENCY_MISMATCH, "invoice in EUR, paid in GBP", vs_fx, (b7,), Money.of("250.00", "EUR")
    ),
    Discrepancy(
        T.LINE_ITEMS_MISMATCH,
        "items add up to 900.00",
        el_items,
        (),
        Money.of("1000.00", "GBP"),
        None,
        Money.of("-100.00", "GBP"),
    ),
)

RECONCILIATION = Reconciliation(
    INVOICES,
    LINES,
    MATCHES,
    DISCREPANCIES,
    date(2024, 3, 1),
    date(2024, 3, 31),
    settings={"date_window_days": 10, "tolerance": {"amount": D("0.01"), "percent": D("0.5")}},
)

GENERATED_AT = datetime(2024, 4, 2, 9, 30, 15)
DECISION = Decision(
    DecisionKind.MANUAL_MATCH,
    (ci_split.key,),
    (b3.key, b4.key),
    "split payment",
    "alice",
    datetime(2024, 4, 1, 17, 5),
)
# What the import said of bank.csv: a cell not read (quoting a formula-like cell) and one
# about the file as a whole. The Import Warnings sheet lists them.
IMPORT_WARNINGS = (
    RowWarning("bank.csv", 15, "Amount", "=SUM(A1:A9) is not an amount; the row is left out"),
    RowWarning("bank.csv", None, None, "the file seems cut short: download it again"),
)
CONTEXT = ReportContext(
    generated_at=GENERATED_AT,
    app_version="9.9.9",
    period_from=date(2024, 3, 1),
    period_to=date(2024, 3, 31),
    providers=(
        ProviderUsed(CI, "content_ignite", 4),
        ProviderUsed(VS, "versori", 2),
        ProviderUsed(EL, "elevate", 7),
    ),
    statements=(
        StatementUsed(
            "bank.csv",
            14,
            "a" * 64,
            "GBP",
            D("100000.00"),
            D("27347.84"),
            account="GB29NWBK60161331926819",
            warnings=IMPORT_WARNINGS,
        ),
        StatementUsed("eur.xlsx", 5, "b" * 64, "EUR"),
        StatementUsed("jpy.csv", 3, "c" * 64, "JPY", D("1000000"), D("700001")),
        StatementUsed("nocur.csv", 2, "d" * 64),
    ),
    settings={"date_window_days": 10, "amount_tolerance": D("0.01"), "providers": ["a", "b"]},
    audit=(
        AuditRow.from_decision(DECISION, replaced="suggested CI-1002 ↔ bank.csv:3"),
        AuditRow(
            datetime(2024, 4, 1, 17, 6, tzinfo=UTC),
            "bob",
            "reject",
            "Elevate Billing:ELV-1",
            "bank.csv:12",
            "=not this one",
        ),
    ),
)
