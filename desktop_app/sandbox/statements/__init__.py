"""Bank statements that pay the sandbox's invoices, with the truth about every line.

The demo ships statements made here, and the end-to-end tests check the report against the
truth recorded while planting each payment: which lines pay which invoices, and which
discrepancies an accountant should find.
"""

from desktop_app.sandbox.statements.planting import (
    ExpectedDiscrepancy,
    PlannedLine,
    StatementPlan,
    payments_to_review,
    plan_statement,
    settled_end,
)
from desktop_app.sandbox.statements.writers import closing_balance, write_csv, write_xlsx

__all__ = [
    "ExpectedDiscrepancy",
    "PlannedLine",
    "StatementPlan",
    "closing_balance",
    "payments_to_review",
    "plan_statement",
    "settled_end",
    "write_csv",
    "write_xlsx",
]
