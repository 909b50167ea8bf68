"""The Import Warnings sheet: what the import said of each statement, in the workbook.

An accountant who gets only the workbook must see that it rests on rows left out or read
in doubt; the command line's stderr and the window's banners are not handed on with it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop_app.export import ReportContext, StatementUsed, import_warnings, write_report
from desktop_app.export.warnings_sheet import NOT_KEPT
from desktop_app.statements import RowWarning
from tests.export.readback import Report, read_report
from tests.export.scenario import CONTEXT, GENERATED_AT, IMPORT_WARNINGS, RECONCILIATION


def _summary_row(report: Report, label: str) -> list[object] | None:
    for row in report.sheet("Summary").iter_rows():
        if row[0].value == label:
            return [cell.value for cell in row[:3]]
    return None


def test_each_warning_is_a_row_after_the_other_sheets(report: Report) -> None:
    assert report.book.sheetnames[-2:] == ["Audit", "Import Warnings"]
    assert report.headers("Import Warnings") == ["Statement", "Row", "Column", "Warning"]
    rows = [[cell.value for cell in row] for row in report.sheet("Import Warnings").iter_rows()]
    assert rows[1:] == [
        ["bank.csv", 15, "Amount", "=SUM(A1:A9) is not an amount; the row is left out"],
        ["bank.csv", None, None, "the file seems cut short: download it again"],
    ]
    assert report.sheet("Import Warnings").freeze_panes == "A2"


def test_a_warning_starting_with_an_equals_sign_stays_inert_text(report: Report) -> None:
    cell = report.sheet("Import Warnings")["D2"]
    assert cell.data_type == "s"
    assert cell.quotePrefix
    raw = report.raw_cell("Import Warnings", "D2")
    assert 't="inlineStr"' in raw
    assert "<f>" not in report.sheet_xml("Import Warnings")


def test_the_summary_counts_them_and_points_at_the_sheet(report: Report) -> None:
    row = _summary_row(report, "Import warnings")
    assert row is not None
    assert row[1] == len(IMPORT_WARNINGS) == 2
    assert "see the Import Warnings sheet" in str(row[2])


def test_without_warnings_the_sheet_and_the_summary_row_are_left_out(out: Path) -> None:
    quiet = tuple(replace(statement, warnings=()) for statement in CONTEXT.statements)
    write_report(RECONCILIATION, out, context=replace(CONTEXT, statements=quiet))
    report = read_report(out)
    assert "Import Warnings" not in report.book.sheetnames
    assert _summary_row(report, "Import warnings") is None


def test_a_statement_whose_warnings_were_not_kept_says_so(out: Path) -> None:
    """A workspace's statement stored before warnings were kept: not known, not none."""
    old = StatementUsed("old.csv", 3, "e" * 64, "GBP", warnings=None)
    write_report(RECONCILIATION, out, context=ReportContext(GENERATED_AT, statements=(old,)))
    report = read_report(out)
    rows = [[cell.value for cell in row] for row in report.sheet("Import Warnings").iter_rows()]
    assert rows[1:] == [["old.csv", None, None, NOT_KEPT]]
    assert _summary_row(report, "Import warnings") is not None


def test_warnings_not_known_are_not_counted_as_warnings(out: Path) -> None:
    """Only a statement stored before warnings were kept: the Summary's count reads
    "not known" in words of its own, where it read 1 (its sheet row) worded as a count
    of warnings the import gave."""
    old = StatementUsed("old.csv", 3, "e" * 64, "GBP", warnings=None)
    write_report(RECONCILIATION, out, context=ReportContext(GENERATED_AT, statements=(old,)))
    row = _summary_row(read_report(out), "Import warnings")
    assert row == [
        "Import warnings",
        "not known",
        (
            "not known for 1 statement the workspace stored before it kept import warnings "
            "(see the Import Warnings sheet): remove it and import it again to list them"
        ),
    ]


def test_warnings_beside_some_not_known_count_the_warnings_alone(out: Path) -> None:
    """Two statements' warnings known, two not: the count is the known warnings', and
    the note says of how many statements they are not known, so there may be more."""
    olds = [StatementUsed(f"old-{n}.csv", 3, str(n) * 64, "GBP", warnings=None) for n in (1, 2)]
    statements = (*CONTEXT.statements, *olds)
    write_report(RECONCILIATION, out, context=replace(CONTEXT, statements=statements))
    report = read_report(out)
    sheet = list(report.sheet("Import Warnings").iter_rows(min_row=2, values_only=True))
    assert len(sheet) == len(IMPORT_WARNINGS) + 2
    assert _summary_row(report, "Import warnings") == [
        "Import warnings",
        len(IMPORT_WARNINGS),
        (
            "what the import said of the statements' rows and cells (rows left out, cells "
            "not read, signs or dates in doubt): see the Import Warnings sheet; not known "
            "for 2 statements the workspace stored before it kept them, so there may be more"
        ),
    ]


def test_the_same_file_listed_twice_is_listed_once() -> None:
    warning = RowWarning("a.csv", 4, None, "cell not read")
    used = StatementUsed("a.csv", 3, "f" * 64, warnings=(warning,))
    other = StatementUsed("b.csv", 3, "0" * 64, warnings=(RowWarning("b.csv", 2, "x", "y"),))
    assert [(row.statement, row.row) for row in import_warnings([used, other, used])] == [
        ("a.csv", 4),
        ("b.csv", 2),
    ]


def test_a_header_quoted_from_the_file_that_reads_as_a_formula_stays_text(out: Path) -> None:
    """The Column is the file's own header text, which may be anything."""
    warning = RowWarning("a.csv", 4, "=cmd|' /C calc'!A0", "'x' is not an amount; row skipped")
    used = StatementUsed("a.csv", 3, "f" * 64, warnings=(warning,))
    write_report(RECONCILIATION, out, context=ReportContext(GENERATED_AT, statements=(used,)))
    report = read_report(out)
    cell = report.sheet("Import Warnings")["C2"]
    assert cell.value == "=cmd|' /C calc'!A0"
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert "<f>" not in report.sheet_xml("Import Warnings")
