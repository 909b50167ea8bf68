"""The report workbook (design.md, "Report workbook"): openpyxl, write-only, atomic.

No Qt here: the GUI and the CLI both call ``write_report``.
"""

from desktop_app.export.context import (
    AuditRow,
    ProviderUsed,
    ReportContext,
    StatementUsed,
    providers_used,
)
from desktop_app.export.errors import ReportHeldOpenError, ReportWriteError
from desktop_app.export.report import write_report
from desktop_app.export.warnings_sheet import ImportWarningRow, import_warnings
from desktop_app.fetch_coverage import ProviderFetchStatus

SHEET_ORDER = (
    "Summary",
    "Discrepancies",
    "Matches",
    "Invoices",
    "Statement lines",
    "Audit",
    "Import Warnings",
)

__all__ = [
    "SHEET_ORDER",
    "AuditRow",
    "ImportWarningRow",
    "ProviderFetchStatus",
    "ProviderUsed",
    "ReportContext",
    "ReportHeldOpenError",
    "ReportWriteError",
    "StatementUsed",
    "import_warnings",
    "providers_used",
    "write_report",
]
