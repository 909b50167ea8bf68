"""Whole-job orchestration over the engine parts: import, fetch, match, report.

The ``reconcile`` command is a thin caller of ``run_reconcile``; it holds no logic of its
own beyond turning arguments into a ``ReconcileRequest`` and failures into exit codes.
"""

from desktop_app.pipeline.reconcile import (
    NoStatementsError,
    PeriodError,
    PeriodFrom,
    ProviderFetchFailedError,
    ReconcileOutcome,
    ReconcileRequest,
    ReportReplacesStatementError,
    RunPeriod,
    run_reconcile,
)
from desktop_app.pipeline.statements import ImportedStatements, import_statements

__all__ = [
    "ImportedStatements",
    "NoStatementsError",
    "PeriodError",
    "PeriodFrom",
    "ProviderFetchFailedError",
    "ReconcileOutcome",
    "ReconcileRequest",
    "ReportReplacesStatementError",
    "RunPeriod",
    "import_statements",
    "run_reconcile",
]
