"""A workspace's statements stored under a UK account number alone meet the same account's
next download, which names it with its sort code.

Until the importer kept the sort code, a Lloyds export's "Sort Code" and "Account Number"
columns (or a preamble's "Sort code 12-34-56 Account 12345678") named the account
"12345678"; now they name it "12-34-56 12345678". Keyed apart, the next download's
overlap with the stored statement was added again and the two statements were never
compared for continuity. The bare number names the account less closely, as a masked
number without its product does: it meets each sort code showing that number, and two
sort codes never meet each other.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.export import StatementUsed
from desktop_app.pipeline.statements import import_statements
from desktop_app.statements.continuity import StatementStep, compare, spans
from desktop_app.workspace import CURRENT_VERSION, Workspace, file_sha256

_HEADER = "Transaction Date,Transaction Type,{sort}Account Number,Transaction Description,"
_HEADER += "Debit Amount,Credit Amount,Balance\n"
# October: the fee and the salary; then the salary again (the overlap) and the rent.
_OCTOBER = [
    ("01/10/2025", "DEB", "monthly fee", "5.00", "", "995.00"),
    ("13/10/2025", "FPI", "salary", "", "2000.00", "2995.00"),
]
_LATER = [
    ("13/10/2025", "FPI", "salary", "", "2000.00", "2995.00"),
    ("20/10/2025", "SO", "rent", "1000.00", "", "1995.00"),
]


def _export(path: Path, rows: list[tuple[str, ...]], sort_code: str | None) -> Path:
    """A Lloyds export of account 12345678, with its Sort Code column or without it."""
    lines = [_HEADER.format(sort="Sort Code," if sort_code else "")]
    for day, kind, text, debit, credit, balance in rows:
        code = f"'{sort_code}," if sort_code else ""
        lines.append(f"{day},{kind},{code}12345678,{text},{debit},{credit},{balance}\n")
    path.write_text("".join(lines))
    return path


def _store(workspace: Workspace, path: Path) -> dict[str, str]:
    """The file read and stored as the reconcile run stores it; the lines it repeats, as
    'file:row' of theirs to 'file:row' of the stored line."""
    (statement,) = import_statements([path]).imports
    outcome = workspace.add_statement(
        statement.source_file,
        file_sha256(path),
        statement.stored_layout(),
        statement.lines,
        account=statement.account,
        line_accounts=statement.line_accounts,
        balances=(statement.opening_balance, statement.closing_balance),
        currency=statement.currency,
    )
    return {str(line): str(kept) for line, kept in outcome.duplicates.items()}


def _steps(workspace: Workspace) -> list[StatementStep]:
    kept = workspace.import_warnings()
    statements = [
        StatementUsed.of_record(record, kept[record.source_file])
        for record in workspace.statements()
    ]
    return compare(spans(statements, workspace.load_movements()))


def test_a_download_with_its_sort_code_meets_the_account_stored_under_its_number(
    tmp_path: Path,
) -> None:
    old = _export(tmp_path / "october.csv", _OCTOBER, None)
    new = _export(tmp_path / "later.csv", _LATER, "12-34-56")
    with Workspace.create(tmp_path / "books.reconcile") as workspace:
        assert _store(workspace, old) == {}
        assert _store(workspace, new) == {"later.csv:2": "october.csv:3"}

        kept = [str(line.key) for line in workspace.load_lines()]
        steps = _steps(workspace)
        accounts = [record.account for record in workspace.statements()]

    assert kept == ["october.csv:2", "october.csv:3", "later.csv:3"]
    assert accounts == ["12345678", "12-34-56 12345678"]
    assert [(step.earlier.source_file, step.later.source_file) for step in steps] == [
        ("october.csv", "later.csv")
    ]
    assert steps[0].follows
    assert steps[0].account == "12-34-56 12345678"  # the report's Account: the fuller name


def test_a_download_without_its_sort_code_meets_the_account_stored_with_it(
    tmp_path: Path,
) -> None:
    new = _export(tmp_path / "october.csv", _OCTOBER, "12-34-56")
    old = _export(tmp_path / "later.csv", _LATER, None)
    with Workspace.create(tmp_path / "books.reconcile") as workspace:
        _store(workspace, new)
        assert _store(workspace, old) == {"later.csv:2": "october.csv:3"}

        kept = [str(line.key) for line in workspace.load_lines()]
        steps = _steps(workspace)

    assert kept == ["october.csv:2", "october.csv:3", "later.csv:3"]
    assert [step.follows for step in steps] == [True]
    assert steps[0].account == "12-34-56 12345678"


def test_a_download_with_its_sort_code_meets_the_account_stored_with_it_spaced(
    tmp_path: Path,
) -> None:
    """A file writing the sort code "12 34 56" names the account as the dash form does:
    the next download's overlap is a repeat, not a second salary."""
    spaced = _export(tmp_path / "october.csv", _OCTOBER, "12 34 56")
    dashed = _export(tmp_path / "later.csv", _LATER, "12-34-56")
    with Workspace.create(tmp_path / "books.reconcile") as workspace:
        _store(workspace, spaced)
        assert _store(workspace, dashed) == {"later.csv:2": "october.csv:3"}

        kept = [str(line.key) for line in workspace.load_lines()]
        steps = _steps(workspace)

    assert kept == ["october.csv:2", "october.csv:3", "later.csv:3"]
    assert [step.follows for step in steps] == [True]


def test_one_number_at_two_branches_stays_two_accounts_beside_the_bare_number(
    tmp_path: Path,
) -> None:
    """Each branch's fee and salary are its own, equal as they are; the download naming
    the number alone repeats one branch's lines, never both branches' together, and
    the two branches' statements are never compared with each other."""
    first = _export(tmp_path / "branch-a.csv", _OCTOBER, "12-34-56")
    second = _export(tmp_path / "branch-b.csv", _OCTOBER, "65-43-21")
    bare = _export(tmp_path / "number.csv", _LATER, None)
    with Workspace.create(tmp_path / "books.reconcile") as workspace:
        _store(workspace, first)
        assert _store(workspace, second) == {}
        repeats = _store(workspace, bare)
        kept = [str(line.key) for line in workspace.load_lines()]
        steps = _steps(workspace)

    assert repeats == {"number.csv:2": "branch-a.csv:3"}
    assert kept == [
        "branch-a.csv:2",
        "branch-a.csv:3",
        "branch-b.csv:2",
        "branch-b.csv:3",
        "number.csv:3",
    ]
    # Whose the bare number's statement is, two branches leave unclear: it is compared
    # with neither, and the branches not with each other.
    assert steps == []


def test_a_format_8_files_sort_code_lines_meet_the_number_alone_once_upgraded(
    tmp_path: Path,
) -> None:
    """Format 8 keyed a sort code and number as one run of digits ("12345612345678"),
    from which the number alone cannot be told: upgraded, the lines of a statement
    naming the two take the key that keeps them apart, the same export read again is
    still the same account, and so is a download naming the number alone."""
    path = tmp_path / "books.reconcile"
    with Workspace.create(path) as workspace:
        _store(workspace, _export(tmp_path / "october.csv", _OCTOBER, "12-34-56"))
    connection = sqlite3.connect(path)
    connection.execute("UPDATE statement_lines SET account = '12345612345678'")
    connection.execute("DROP TABLE decision_restores")  # format 11's
    connection.execute("ALTER TABLE statements DROP COLUMN import_warnings")  # format 10's
    connection.execute("PRAGMA user_version = 8")
    connection.commit()
    connection.close()

    with Workspace.open(path) as workspace:
        again = _store(workspace, _export(tmp_path / "october-again.csv", _OCTOBER, "123456"))
        bare = _store(workspace, _export(tmp_path / "later.csv", _LATER, None))
        kept = [str(line.key) for line in workspace.load_lines()]

    assert again == {"october-again.csv:2": "october.csv:2", "october-again.csv:3": "october.csv:3"}
    assert bare == {"later.csv:2": "october.csv:3"}
    assert kept == ["october.csv:2", "october.csv:3", "later.csv:3"]
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    assert connection.execute("SELECT DISTINCT account FROM statement_lines").fetchall() == [
        ("123456 12345678",),
        ("12345678",),
    ]
    connection.close()
