"""Plain, typed, immutable domain objects. No I/O and no Qt may be imported here."""

from desktop_app.domain.currencies import UnknownCurrencyError, is_currency, minor_units
from desktop_app.domain.decision import Decision, DecisionKind
from desktop_app.domain.discrepancy import Discrepancy, DiscrepancyType, Severity, Side
from desktop_app.domain.invoice import (
    Counterparty,
    Direction,
    DocumentType,
    Invoice,
    InvoiceKey,
    InvoiceStatus,
    LineItem,
    Settlement,
)
from desktop_app.domain.match import STATE_RANK, Match, MatchState, Signal, strongest_state
from desktop_app.domain.money import (
    CurrencyMismatchError,
    Money,
    bare_amount,
    format_amount,
    sum_money,
    to_decimal,
)
from desktop_app.domain.period import (
    EarlyPayments,
    FetchPeriod,
    OutsidePeriod,
    dated_outside,
    early_unmatched_payments,
    fetched_from_statements,
    outside_period,
    period_text,
)
from desktop_app.domain.problem import InvoiceProblem
from desktop_app.domain.progress import (
    CancelToken,
    OperationCancelledError,
    ProgressCallback,
    WaitingCallback,
    no_progress,
    no_waiting,
)
from desktop_app.domain.provider_fetch import FetchOutcome, FetchShortfall, ProviderFetchRecord
from desktop_app.domain.reconciliation import (
    DECISIONS_NOT_APPLIED,
    NOTHING_TO_RECONCILE,
    Coverage,
    KeptPairing,
    NotApplied,
    Reconciliation,
)
from desktop_app.domain.statement import (
    LineKey,
    MissingCurrencyError,
    StatementLine,
    balance_lines,
    main_currency,
)
from desktop_app.domain.undocumented_status import (
    UNDOCUMENTED_STATUS,
    UndocumentedStatus,
    has_undocumented_status,
    undocumented_statuses,
)

__all__ = [
    "DECISIONS_NOT_APPLIED",
    "NOTHING_TO_RECONCILE",
    "STATE_RANK",
    "UNDOCUMENTED_STATUS",
    "CancelToken",
    "Counterparty",
    "Coverage",
    "CurrencyMismatchError",
    "Decision",
    "DecisionKind",
    "Direction",
    "Discrepancy",
    "DiscrepancyType",
    "DocumentType",
    "EarlyPayments",
    "FetchOutcome",
    "FetchPeriod",
    "FetchShortfall",
    "Invoice",
    "InvoiceKey",
    "InvoiceProblem",
    "InvoiceStatus",
    "KeptPairing",
    "LineItem",
    "LineKey",
    "Match",
    "MatchState",
    "MissingCurrencyError",
    "Money",
    "NotApplied",
    "OperationCancelledError",
    "OutsidePeriod",
    "ProgressCallback",
    "ProviderFetchRecord",
    "Reconciliation",
    "Settlement",
    "Severity",
    "Side",
    "Signal",
    "StatementLine",
    "UndocumentedStatus",
    "UnknownCurrencyError",
    "WaitingCallback",
    "balance_lines",
    "bare_amount",
    "dated_outside",
    "early_unmatched_payments",
    "fetched_from_statements",
    "format_amount",
    "has_undocumented_status",
    "is_currency",
    "main_currency",
    "minor_units",
    "no_progress",
    "no_waiting",
    "outside_period",
    "period_text",
    "strongest_state",
    "sum_money",
    "to_decimal",
    "undocumented_statuses",
]
