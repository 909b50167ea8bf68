"""``write_report``: the whole workbook, written atomically. Callers (CLI, GUI) stay thin."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from desktop_app.domain import CancelToken, ProgressCallback, Reconciliation, no_progress
from desktop_app.export import (
    audit_sheet,
    discrepancies_sheet,
    invoices_sheet,
    lines_sheet,
    matches_sheet,
    summary_sheet,
    warnings_sheet,
)
from desktop_app.export.atomic import write_atomically
from desktop_app.export.context import ReportContext
from desktop_app.export.errors import ReportWriteError
from desktop_app.export.index import ReconciliationIndex
from desktop_app.export.table import Ticker, check_fits


def write_report(
    reconciliation: Reconciliation,
    path: str | os.PathLike[str],
    *,
    context: ReportContext,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the report workbook to ``path`` and return its absolute path.

    Sheets: Summary, Discrepancies, Matches, Invoices, Statement lines, then Audit when
    ``context.audit`` has rows, then Import Warnings when the statements' imports said
    anything (``warnings_sheet.import_warnings``). ``progress(done, total, message)`` counts data rows;
    ``cancel`` is polled every thousand rows and raises ``OperationCancelledError``.
    Raises ``ReportWriteError`` (naming the path and the cause) when the file cannot be
    written; the previous file at ``path``, if any, is then left as it was.
    """
    warnings = warnings_sheet.import_warnings(context.statements)
    sizes = _sheet_sizes(reconciliation, context, warnings)
    for sheet, rows in sizes.items():
        reason = check_fits(sheet, rows)
        if reason is not None:
            raise ReportWriteError(path, reason)
    ticker = Ticker(sum(sizes.values()), progress, cancel)

    def build(temp: Path) -> None:
        workbook = Workbook(write_only=True)
        try:
            _fill(workbook, reconciliation, context, warnings, ticker)
            ticker.stage("Saving the workbook")
            _save(workbook, temp)
            # A Cancel while it was saved (seconds for a large report) stops here, the
            # temporary file removed and the old report kept; after this only the rename
            # is left, which Cancel no longer offers to stop: it would replace the old
            # report all the same, while the window said the export was cancelled.
            if cancel is not None:
                cancel.begin_final_step()
        except BaseException:
            discard_sheet_buffers(workbook)
            raise

    written = write_atomically(path, build)
    progress(ticker.total, ticker.total, "Report written")
    return written


def _save(workbook: Any, temp: Path) -> None:
    """``Workbook.save`` with the archive in our hands: when a write fails midway (a full
    disk), openpyxl's own save leaves its zip open, and the collector's later attempt to
    finish it fails again and prints a second traceback after our one-line error. Here the
    archive is closed at once, its own failure swallowed: the error already raised says
    why, and the half-written file is removed by the caller."""
    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    archive = ZipFile(temp, "w", ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(workbook, archive).save()
    except BaseException:
        with contextlib.suppress(Exception):
            archive.close()
        raise


def _sheet_sizes(
    reconciliation: Reconciliation,
    context: ReportContext,
    warnings: Sequence[warnings_sheet.ImportWarningRow],
) -> dict[str, int]:
    return {
        discrepancies_sheet.SHEET: discrepancies_sheet.row_count(reconciliation),
        matches_sheet.SHEET: matches_sheet.row_count(reconciliation),
        invoices_sheet.SHEET: len(reconciliation.invoices),
        lines_sheet.SHEET: len(reconciliation.lines),
        audit_sheet.SHEET: len(context.audit),
        warnings_sheet.SHEET: len(warnings),
    }


def _fill(
    workbook: Any,
    reconciliation: Reconciliation,
    context: ReportContext,
    warnings: Sequence[warnings_sheet.ImportWarningRow],
    ticker: Ticker,
) -> None:
    ticker.stage("Summarising")
    summary_sheet.write(workbook, reconciliation, context, warnings_sheet.WarningCount.of(warnings))
    fetched = (None, None) if context.all_dates else (context.period_from, context.period_to)
    discrepancies_sheet.write(workbook, reconciliation, ticker, fetched)
    index = ReconciliationIndex.build(reconciliation)
    matches_sheet.write(workbook, reconciliation, index, ticker)
    invoices_sheet.write(workbook, reconciliation, index, ticker)
    lines_sheet.write(workbook, reconciliation, index, ticker)
    if context.audit:
        audit_sheet.write(workbook, context.audit, ticker)
    if warnings:
        warnings_sheet.write(workbook, warnings, ticker)


def discard_sheet_buffers(workbook: Any) -> None:
    """Remove the temporary files openpyxl streams each write-only sheet into.

    openpyxl deletes them when the workbook is saved, or at interpreter exit; after a
    cancelled or failed write in a long-running GUI they would otherwise pile up in the
    system's temporary folder.
    """
    for worksheet in workbook.worksheets:
        writer = getattr(worksheet, "_writer", None)
        out = getattr(writer, "out", None)
        if not isinstance(out, str):
            continue
        # Finish the row stream, then the XML stream, while the buffer is still open; left to
        # the garbage collector they would write into a closed file.
        for stream in (getattr(worksheet, "_rows", None), getattr(writer, "xf", None)):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
        with contextlib.suppress(OSError):
            os.remove(out)
