"""Two overlapping statements of one account that open alike must also agree on the days
both cover; the day one of them ends may be cut short (a download made during the day)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop_app.statements.continuity import compare, spans
from tests.statements.held import breaks_of, held, steps_of
from tests.statements.overlap_files import ACCOUNT
from tests.statements.test_continuity import write_statement

FIRST = [("2025-01-03", "Coffee", "-3.50"), ("2025-01-09", "Refund", "25.00")]


def test_a_download_cut_short_on_its_last_day_agrees_with_the_whole_day(tmp_path: Path) -> None:
    """The morning's download holds the 9th's refund; the next, the whole 9th and more."""
    morning = write_statement(tmp_path / "a.csv", "1000.00", FIRST, account=ACCOUNT)
    later = [*FIRST, ("2025-01-09", "Salary", "2000.00"), ("2025-01-10", "Tea", "-3.00")]
    whole = write_statement(tmp_path / "b.csv", "1000.00", later, account=ACCOUNT)
    assert [step.follows for step in steps_of(morning, whole)] == [True]


def test_a_movement_changed_on_the_last_day_both_hold_is_a_disagreement(tmp_path: Path) -> None:
    first = write_statement(tmp_path / "a.csv", "1000.00", FIRST, account=ACCOUNT)
    changed = [FIRST[0], ("2025-01-09", "Refund", "35.00")]
    second = write_statement(tmp_path / "b.csv", "1000.00", changed, account=ACCOUNT)
    [said] = breaks_of(first, second)
    assert said.startswith(
        "b.csv disagrees with a.csv, which it overlaps, on 9 Jan 2025: it closes that day at "
        "£1,031.50, a.csv at £1,021.50; b.csv row 5 (£35.00 Refund) is not in a.csv; a.csv "
        "row 5 (£25.00 Refund) is not in b.csv."
    )


def test_a_description_with_a_line_break_is_named_on_one_line(tmp_path: Path) -> None:
    """A line's words may hold a line break (a bank format's multi-line narrative, as
    another reader or a workspace keeps it): the break names them with each run of
    whitespace one space, so the one-line warning (stderr, a log) is one line still."""
    first = write_statement(tmp_path / "a.csv", "1000.00", FIRST, account=ACCOUNT)
    changed = [FIRST[0], ("2025-01-09", "Refund", "35.00")]
    second = write_statement(tmp_path / "b.csv", "1000.00", changed, account=ACCOUNT)
    statements, lines = held(first, second)
    worded = [
        replace(line, description="Refund\nfrom \t shop", reference=" \r\n ")
        if (line.source_file, line.row) == ("b.csv", 5)
        else line
        for line in lines
    ]
    [said] = [step.message for step in compare(spans(statements, worded)) if not step.follows]
    assert "\n" not in said
    assert "\r" not in said
    assert "b.csv row 5 (£35.00 Refund from shop) is not in a.csv" in said
