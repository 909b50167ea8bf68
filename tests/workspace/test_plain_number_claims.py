"""The kept lines of a plain account number ("12345678", which may be a UK account
number without its sort code) and the file of several accounts that names it with two
sort codes: one branch claims the number's downloads together, the chain of them that
repeated each other, so the other branch's equal movement is its own.

The store reads such kept lines' claims from the repeats stored
(``stored_claims``); it follows them only where the claims or their groups can matter,
and these tests hold what following them decides."""

from __future__ import annotations

from desktop_app.domain import LineKey, StatementLine
from desktop_app.workspace import Workspace
from tests.workspace.factories import line, sha

LAYOUT = {"format": "csv", "delimiter": ",", "decimal_mark": ".", "header_row": 1}


def _of(source_file: str, *movements: tuple[str, int, str]) -> list[StatementLine]:
    """A file's lines, rows from 2, each an amount, a day and a text."""
    return [
        line(row, amount, source_file=source_file, day=day, description=text)
        for row, (amount, day, text) in enumerate(movements, start=2)
    ]


FEE, SALARY, RENT = ("-5.00", 1, "fee"), ("2000.00", 13, "salary"), ("-1000.00", 20, "rent")


def _store_branches(workspace: Workspace) -> dict[LineKey, LineKey]:
    """The file naming the number at two branches, one row each: branch 12-34-56's fee
    and branch 65-43-21's rent; what its lines repeat."""
    both = _of("branches.csv", FEE, RENT)
    outcome = workspace.add_statement(
        "branches.csv",
        sha("branches"),
        LAYOUT,
        both,
        line_accounts={2: "12-34-56 12345678", 3: "65-43-21 12345678"},
    )
    return outcome.duplicates


def test_a_branch_claims_every_download_of_the_number_that_repeated_each_other(
    workspace: Workspace,
) -> None:
    """Guard (holds before and after the claims were read without following the
    repeats where they cannot matter): the second download repeated the first's salary,
    so both are one account's downloads. Branch 12-34-56's fee repeats the first's fee
    and so claims both; branch 65-43-21's rent, equal to the second's, is then its own,
    kept beside it, not taken for a repeat of a line of the other branch's."""
    workspace.add_statement(
        "first.csv", sha("first"), LAYOUT, _of("first.csv", FEE, SALARY), account="12345678"
    )
    second = workspace.add_statement(
        "second.csv", sha("second"), LAYOUT, _of("second.csv", SALARY, RENT), account="12345678"
    )
    assert second.duplicates == {LineKey("second.csv", 2): LineKey("first.csv", 3)}

    repeats = _store_branches(workspace)

    assert repeats == {LineKey("branches.csv", 2): LineKey("first.csv", 2)}
    kept = [str(each.key) for each in workspace.load_lines()]
    assert kept == ["first.csv:2", "first.csv:3", "second.csv:3", "branches.csv:3"]


def test_a_download_of_the_number_no_other_repeated_is_claimed_apart(
    workspace: Workspace,
) -> None:
    """Guard, the contrast: downloads that share no movement are not known to be one
    account's, so the branch whose fee repeats the first's claims that one alone, and
    the other branch's rent repeats the second's."""
    workspace.add_statement(
        "first.csv", sha("first"), LAYOUT, _of("first.csv", FEE), account="12345678"
    )
    workspace.add_statement(
        "second.csv", sha("second"), LAYOUT, _of("second.csv", RENT), account="12345678"
    )

    repeats = _store_branches(workspace)

    assert repeats == {
        LineKey("branches.csv", 2): LineKey("first.csv", 2),
        LineKey("branches.csv", 3): LineKey("second.csv", 2),
    }
    kept = [str(each.key) for each in workspace.load_lines()]
    assert kept == ["first.csv:2", "second.csv:2"]
