"""What the report says about how it was made: inputs, settings, time and the audit trail.

The workbook must stand on its own months later, when an auditor asks which statement files
and which settings produced a figure. The caller (CLI or GUI) knows these facts; the writer
only prints them. ``generated_at`` is passed in rather than read from the clock so that two
runs over the same inputs give the same workbook and tests stay deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desktop_app import __version__
from desktop_app.domain import Decision


@dataclass(frozen=True, slots=True)
class ProviderUsed:
    name: str
    kind: str
    invoice_count: int


@dataclass(frozen=True, slots=True)
class StatementUsed:
    """One imported statement file; balances are in ``currency`` when the file states them."""

    file_name: str
    row_count: int
    sha256: str
    currency: str | None = None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One accountant decision as the Audit sheet prints it (keys already rendered as text)."""

    time: datetime | None
    user: str
    action: str
    invoice_keys: str
    line_keys: str
    reason: str = ""
    replaced: str = ""

    @classmethod
    def from_decision(cls, decision: Decision, *, replaced: str = "") -> AuditRow:
        return cls(
            time=decision.at,
            user=decision.user,
            action=decision.kind.value,
            invoice_keys="; ".join(str(key) for key in decision.invoice_keys),
            line_keys="; ".join(str(key) for key in decision.line_keys),
            reason=decision.reason,
            replaced=replaced,
        )


@dataclass(frozen=True, slots=True)
class ReportContext:
    generated_at: datetime
    app_version: str = __version__
    period_from: date | None = None
    period_to: date | None = None
    providers: Sequence[ProviderUsed] = ()
    statements: Sequence[StatementUsed] = ()
    # Printed on the Summary sheet; when empty, the reconciliation's own settings are used.
    settings: Mapping[str, Any] = field(default_factory=dict)
    audit: Sequence[AuditRow] = ()
