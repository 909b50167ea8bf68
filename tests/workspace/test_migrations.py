"""Files written by version 1 open with the current code, with nothing lost."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import (
    Counterparty,
    Decision,
    DecisionKind,
    Direction,
    DocumentType,
    FetchOutcome,
    FetchPeriod,
    Invoice,
    InvoiceKey,
    InvoiceStatus,
    LineItem,
    LineKey,
    Money,
    Settlement,
    StatementLine,
)
from desktop_app.statements import RowWarning
from desktop_app.workspace import CURRENT_VERSION, PutBack, ReviewCause, Workspace, migrations
from tests.workspace.factories import line, sha
from tests.workspace.format1 import write_format_1_file

ELEVATE_17 = Invoice(
    provider="Elevate",
    provider_kind="elevate",
    invoice_id="17",
    number="EL-2025-00017",
    direction=Direction.RECEIVABLE,
    currency="GBP",
    gross=Money("72502.07", "GBP"),
    status=InvoiceStatus.OPEN,
    status_raw="UNPAID",
    issue_date=date(2025, 3, 1),
    due_date=date(2025, 3, 31),
    net=Money("60418.39", "GBP"),
    tax=Money("12083.68", "GBP"),
    tax_rate=Decimal("0.20"),
    amount_outstanding=Money("0.3", "GBP"),
    counterparty=Counterparty(name="Acme", id="C-9", country="GB", aliases=("ACME",)),
    line_items=(
        LineItem(
            "Rental",
            Money("60418.39", "GBP"),
            quantity=Decimal("1.5"),
            unit_amount=Money("40278.926666", "GBP"),
        ),
        LineItem("Info only", Money("999", "GBP"), chargeable=False),
    ),
    document_url="https://example.test/17.pdf",
    settlement=Settlement("EUR", Money("84210.55", "EUR"), Decimal("1.16148")),
    flags=frozenset({"late"}),
)
ELEVATE_18 = Invoice(
    provider="Elevate",
    provider_kind="elevate",
    invoice_id="18",
    number="EL-2025-00018",
    direction=Direction.RECEIVABLE,
    currency="GBP",
    gross=Money("120.00", "GBP"),
    status=InvoiceStatus.PAID,
    status_raw="PAID",
    document_type=DocumentType.CREDIT_NOTE,
)


@pytest.fixture
def format_1_path(tmp_path: Path) -> Path:
    path = tmp_path / "old.reconcile"
    write_format_1_file(path)
    return path


def test_a_format_1_file_opens_with_everything_in_it(format_1_path: Path) -> None:
    with Workspace.open(format_1_path) as workspace:
        invoices = workspace.load_invoices()
        lines = workspace.load_lines()
        (statement,) = workspace.statements()
        audit = workspace.audit()
        effective = workspace.effective_decisions()
    assert invoices == (ELEVATE_17, ELEVATE_18)
    assert invoices[0].raw == {"id": 17, "total": Decimal("72502.07")}
    assert invoices[0].line_items[0].raw == {"amount": Decimal("60418.39")}
    assert lines[0] == StatementLine(
        "march.csv",
        2,
        date(2025, 3, 4),
        Decimal("72502.07"),
        "GBP",
        "EL-2025-00017",
        balance=Decimal("100.30"),
    )
    assert lines[0].raw == ("04/03/2025", "EL-2025-00017", "72.502,07")
    assert [line.key.row for line in lines] == [2, 3, 4]
    assert statement.layout == {"format": "csv", "decimal_mark": ","}
    assert (statement.account, statement.line_count) == (None, 3)
    # Format 3 keeps a statement's currency and balances: an older file's currency is its
    # lines'; its stated balances were never kept, so they stay unknown, not zero.
    assert statement.currency == "GBP"
    assert (statement.opening_balance, statement.closing_balance) == (None, None)
    assert statement.repeats == {}
    assert [entry.id for entry in audit] == [1, 2, 3, 4, 5, 6, 7]
    assert audit[0].decision.at == datetime(2025, 3, 6, 9, 1, tzinfo=UTC)
    assert audit[3].decision.user == "carol"
    # What was in force is rebuilt from the log by the current rules:
    assert [(e.id, e.in_force, e.replaces, e.replaced_by) for e in audit] == [
        (1, False, (), None),
        (2, False, (), 7),
        (3, True, (), None),
        (4, False, (), 5),
        (5, False, (4,), None),
        (6, False, (), None),
        (7, True, (2,), None),
    ]
    assert effective == (audit[2].decision, audit[6].decision)


def test_a_migrated_file_keeps_working_like_a_new_one(format_1_path: Path) -> None:
    with Workspace.open(format_1_path) as workspace:
        workspace.settings.set("tolerance", Decimal("0.01"))
        workspace.profiles.put("fp", {"date": 0})
        undone = workspace.undo(7).entries
        assert [e.decision.kind for e in undone] == [DecisionKind.UNMATCH, DecisionKind.ACCEPT]
        outcome = workspace.add_statement(
            "april.csv",
            sha("april"),
            {},
            [
                StatementLine("april.csv", 2, date(2025, 3, 4), Decimal("-4.5"), "GBP", "COFFEE"),
                StatementLine("april.csv", 5, date(2025, 3, 4), Decimal("-4.50"), "GBP", "coffee"),
                StatementLine("april.csv", 6, date(2025, 3, 4), Decimal("-4.50"), "GBP", "coffee"),
            ],
        )
        assert (outcome.added, outcome.skipped_duplicates) == (1, 2)
        workspace.save_invoices("Elevate", [ELEVATE_18])
        (flagged,) = workspace.decisions_needing_review()
        assert flagged.invoice_key == InvoiceKey("Elevate", "17")
    with Workspace.open(format_1_path) as reopened:
        assert reopened.settings.get("tolerance") == Decimal("0.01")
        assert reopened.load_lines("april.csv")[0].key == LineKey("april.csv", 6)


def test_migration_keeps_a_backup_of_the_format_1_file(format_1_path: Path) -> None:
    Workspace.open(format_1_path).close()
    backup = format_1_path.with_name("old.format1-backup.reconcile")
    connection = sqlite3.connect(backup)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    assert connection.execute("SELECT count(*) FROM decisions").fetchone()[0] == 7
    connection.close()
    upgraded = sqlite3.connect(format_1_path)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    upgraded.close()


def _shape(path: Path) -> dict[str, object]:
    """Columns, indexes, foreign keys and triggers of every table: the schema's shape."""
    connection = sqlite3.connect(path)
    shape: dict[str, object] = {}
    tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in sorted(tables):
        indexes = connection.execute(f"PRAGMA index_list({table})").fetchall()
        shape[table] = {
            "columns": connection.execute(f"PRAGMA table_info({table})").fetchall(),
            "foreign keys": connection.execute(f"PRAGMA foreign_key_list({table})").fetchall(),
            "indexes": sorted(
                (name, unique, connection.execute(f"PRAGMA index_info({name})").fetchall())
                for _, name, unique, *_ in indexes
            ),
        }
    shape["triggers"] = sorted(
        r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
    )
    connection.close()
    return shape


def test_a_migrated_file_has_the_shape_of_a_new_one(format_1_path: Path, tmp_path: Path) -> None:
    Workspace.open(format_1_path).close()
    fresh = tmp_path / "fresh.reconcile"
    Workspace.create(fresh).close()
    assert _shape(format_1_path) == _shape(fresh)


def test_an_interrupted_migration_leaves_the_file_at_format_1(
    format_1_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_step = migrations.MIGRATIONS[1]

    def failing_step(connection: sqlite3.Connection) -> None:
        real_step(connection)
        raise OSError("disk full")

    monkeypatch.setitem(migrations.MIGRATIONS, 1, failing_step)
    with pytest.raises(OSError, match="disk full"):
        Workspace.open(format_1_path)
    connection = sqlite3.connect(format_1_path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    columns = [r[1] for r in connection.execute("PRAGMA table_info(invoices)")]
    assert "missing_since" not in columns
    connection.close()
    monkeypatch.setitem(migrations.MIGRATIONS, 1, real_step)
    with Workspace.open(format_1_path) as workspace:
        assert len(workspace.audit()) == 7


def _drop_format_11(connection: sqlite3.Connection) -> None:
    """Take away what format 11 added (its triggers go with it), so a file the current
    code wrote has format 10's shape."""
    connection.execute("DROP TABLE decision_restores")


def _drop_format_10(connection: sqlite3.Connection) -> None:
    """Take away what formats 10 and 11 added, so a file the current code wrote has format
    9's shape (format 9 changed stored values only)."""
    _drop_format_11(connection)
    connection.execute("ALTER TABLE statements DROP COLUMN import_warnings")


def _drop_format_8(connection: sqlite3.Connection) -> None:
    """Take away what formats 8, 10 and 11 added, so a file the current code wrote has format
    7's shape."""
    _drop_format_10(connection)
    connection.execute("DROP TABLE fetch_problems")


def _drop_format_7(connection: sqlite3.Connection) -> None:
    """Take away what formats 7 to 11 added, so a file the current code wrote has format
    6's shape."""
    _drop_format_8(connection)
    connection.execute("DROP TABLE provider_fetches")


def _drop_format_6(connection: sqlite3.Connection) -> None:
    """Take away what formats 6 to 11 added, so a file the current code wrote has format
    5's shape."""
    _drop_format_7(connection)
    connection.execute("ALTER TABLE review_flags DROP COLUMN causes")


def _write_format_2_file(path: Path) -> None:
    """A format 2 file whose lines carry their accounts as the files wrote them: the
    statement export's "Foo current ****12345" and the midata export's "****12345" of one
    account were two scopes, so the fee both show was kept twice."""
    files = {
        "statement.csv": ("Foo current ****12345", [("Fee", "-5.00"), ("Fee", "-5.00"), ("Shop", "-9")]),
        "midata.csv": ("****12345", [("Fee", "-5.00"), ("Tea", "-3")]),
        "other.csv": ("****54321", [("Fee", "-5.00")]),
    }  # fmt: skip
    with Workspace.create(path) as workspace:
        for name, (_, lines) in files.items():
            workspace.add_statement(
                name,
                sha(name),
                {},
                [
                    StatementLine(name, row, date(2025, 3, 4), Decimal(amount), "GBP", text)
                    for row, (text, amount) in enumerate(lines, start=2)
                ],
                account=name,  # one scope per file, as format 2 made them
            )
    connection = sqlite3.connect(path)
    for name, (account, _) in files.items():
        connection.execute(
            "UPDATE statements SET account = ? WHERE source_file = ?", (account, name)
        )
        connection.execute(
            "UPDATE statement_lines SET account = ? WHERE source_file = ?", (account, name)
        )
    # What formats 3 and 4 added, taken away again: the file has format 2's shape.
    connection.execute("DROP TABLE repeated_lines")
    connection.execute("DROP TABLE statement_repeats")
    for column in ("currency", "opening_balance", "closing_balance"):
        connection.execute(f"ALTER TABLE statements DROP COLUMN {column}")
    _drop_format_6(connection)
    connection.execute("PRAGMA user_version = 2")
    connection.commit()
    connection.close()


def _line_scopes(path: Path) -> list[tuple[str, int, str, int]]:
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT source_file, row, account, occurrence FROM statement_lines ORDER BY id"
    ).fetchall()
    connection.close()
    return rows


def test_a_format_2_files_lines_are_scoped_by_their_accounts_keys(tmp_path: Path) -> None:
    """The one account's lines, written two ways, take its keys with and without its
    product's name, whose lines are compared: the fee kept twice stays (an accountant may
    have decided on either), and the next download of the account is compared with all
    three."""
    path = tmp_path / "old.reconcile"
    _write_format_2_file(path)
    with Workspace.open(path) as workspace:
        accounts = [statement.account for statement in workspace.statements()]
        assert accounts == ["Foo current ****12345", "****12345", "****54321"]
        assert len(workspace.load_lines()) == 6
    assert _line_scopes(path) == [
        ("statement.csv", 2, "*12345 (foo current)", 0),
        ("statement.csv", 3, "*12345 (foo current)", 1),
        ("statement.csv", 4, "*12345 (foo current)", 0),
        ("midata.csv", 2, "*12345", 0),
        ("midata.csv", 3, "*12345", 0),
        ("other.csv", 2, "*54321", 0),
    ]
    fees = [
        StatementLine("april.csv", row, date(2025, 3, 4), Decimal("-5.00"), "GBP", "Fee")
        for row in (2, 3, 4, 5)
    ]
    with Workspace.open(path) as workspace:
        outcome = workspace.add_statement("april.csv", sha("april"), {}, fees, account="XXXX12345")
    assert (outcome.added, outcome.skipped_duplicates) == (1, 3)
    assert _line_scopes(path)[-1] == ("april.csv", 5, "*12345", 3)


def _write_format_3_file(path: Path) -> None:
    """A format 3 file holding an overlap: the later file's fee is a repeat with no line."""
    with Workspace.create(path) as workspace:
        for name, rows in (("march.csv", (2, 3)), ("april.csv", (5,))):
            fees = [
                StatementLine(name, row, date(2025, 3, 30 + row % 2), Decimal("-5"), "GBP", "Fee")
                for row in rows
            ]
            workspace.add_statement(name, sha(name), {}, fees)
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE repeated_lines")
    connection.execute("DROP INDEX statement_repeats_kept")
    _drop_format_6(connection)
    connection.execute("PRAGMA user_version = 3")
    connection.commit()
    connection.close()


def test_a_format_3_files_repeats_without_lines_still_name_what_they_repeat(
    tmp_path: Path,
) -> None:
    """A repeat stored before format 4 kept no line, so it cannot stand in when its kept
    line's file is removed: it still names that line (the report notes the gap). A repeat
    recorded after the upgrade does stand in."""
    path = tmp_path / "old.reconcile"
    _write_format_3_file(path)
    with Workspace.open(path) as workspace:
        removed = workspace.remove_statement("march.csv")
        assert removed.kept_lines == ()
        assert [line.key for line in workspace.load_lines()] == []
        (april,) = workspace.statements()
        assert dict(april.repeats) == {LineKey("april.csv", 5): LineKey("march.csv", 3)}
        fee = StatementLine("may.csv", 2, date(2025, 3, 31), Decimal("-5"), "GBP", "Fee")
        workspace.add_statement("may.csv", sha("may"), {}, [fee])
        june = StatementLine("june.csv", 4, date(2025, 3, 31), Decimal("-5"), "GBP", "Fee")
        workspace.add_statement("june.csv", sha("june"), {}, [june])
        assert workspace.remove_statement("may.csv").kept_lines == (june,)


BLZ_KONTO, IBAN = "37040044/0532013000", "DE89370400440532013000"


def _write_format_4_file(path: Path) -> None:
    """A format 4 file of one German account named two ways, which format 4 kept apart: an
    MT940 statement by BLZ and Kontonummer (under format 4's key "37040044/532013000"),
    with a later file's repeat of one of its fees, and a csv download by IBAN."""
    fee = StatementLine("march.sta", 5, date(2025, 3, 4), Decimal("-5.00"), "EUR", "Fee")
    files = {
        "march.sta": (BLZ_KONTO, [fee, replace(fee, row=7)]),
        "may.sta": (BLZ_KONTO, [replace(fee, source_file="may.sta")]),
        "april.csv": (IBAN, [replace(fee, source_file="april.csv", row=4)]),
    }
    with Workspace.create(path) as workspace:
        for name, (_, lines) in files.items():
            scope = "april" if name == "april.csv" else "march"  # format 4's two scopes
            workspace.add_statement(name, sha(name), {}, lines, account=scope)
    connection = sqlite3.connect(path)
    for name, (account, _) in files.items():
        connection.execute(
            "UPDATE statements SET account = ? WHERE source_file = ?", (account, name)
        )
    for table in ("statement_lines", "repeated_lines"):
        connection.execute(
            f"UPDATE {table} SET account = ? WHERE account = ?", ("37040044/532013000", "march")
        )
        connection.execute(f"UPDATE {table} SET account = ? WHERE account = ?", (IBAN, "april"))
    _drop_format_6(connection)
    connection.execute("PRAGMA user_version = 4")
    connection.commit()
    connection.close()


def test_a_format_4_files_german_bank_code_and_number_lines_take_the_ibans_key(
    tmp_path: Path,
) -> None:
    """The MT940 statement's lines and its repeated line move to the IBAN's key, numbered
    with the csv download's as one account's fees: the next download naming the IBAN is
    compared with all three, and the repeat still stands in when march is removed."""
    path = tmp_path / "old.reconcile"
    _write_format_4_file(path)
    with Workspace.open(path) as workspace:
        assert [statement.account for statement in workspace.statements()] == [
            BLZ_KONTO,
            BLZ_KONTO,
            IBAN,
        ]
    assert _line_scopes(path) == [
        ("march.sta", 5, IBAN, 0),
        ("march.sta", 7, IBAN, 1),
        ("april.csv", 4, IBAN, 2),
    ]
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT source_file, account FROM repeated_lines").fetchall() == [
        ("may.sta", IBAN)
    ]
    connection.close()
    fees = [
        StatementLine("june.csv", row, date(2025, 3, 4), Decimal("-5.00"), "EUR", "Fee")
        for row in (2, 3, 4, 5)
    ]
    with Workspace.open(path) as workspace:
        outcome = workspace.add_statement("june.csv", sha("june"), {}, fees, account=IBAN)
        assert (outcome.added, outcome.skipped_duplicates) == (1, 3)
        removed = workspace.remove_statement("march.sta")
        # march's first fee was repeated by may's (first) and june's, its second by june's.
        assert [line.key for line in removed.kept_lines] == [
            LineKey("may.sta", 5),
            LineKey("june.csv", 3),
        ]


def test_a_file_written_without_the_statement_index_gets_it_when_opened(
    tmp_path: Path,
) -> None:
    """The index that finds a statement's lines came after format 5 with no format step:
    a file written without it is given it when opened (no upgrade, no backup), and a
    statement's lines are then found through it rather than by reading every line."""
    path = tmp_path / "old.reconcile"
    with Workspace.create(path) as workspace:
        fee = StatementLine("march.csv", 2, date(2025, 3, 4), Decimal("-5"), "GBP", "Fee")
        workspace.add_statement("march.csv", sha("march"), {}, [fee])
    connection = sqlite3.connect(path)
    connection.execute("DROP INDEX statement_lines_statement")
    connection.commit()
    connection.close()

    with Workspace.open(path) as workspace:
        (statement,) = workspace.statements()
        assert statement.line_count == 1
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    plan = connection.execute(
        "EXPLAIN QUERY PLAN DELETE FROM statement_lines WHERE statement_id = 1"
    ).fetchall()
    connection.close()
    assert "USING INDEX statement_lines_statement" in plan[0][3]
    assert sorted(path.parent.iterdir()) == [path]


def _write_format_5_file(path: Path) -> None:
    """A format 5 file with decisions flagged for review, their causes only in the words
    of their reasons as format 5 wrote them: an amount changed, an amount changed and the
    invoice void, an invoice no longer returned, and a reason no cause begins."""
    elevate = [replace(ELEVATE_17, invoice_id=i, number=f"EL-{i}") for i in ("1", "2", "3", "4")]
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Elevate", elevate)
        for row, invoice in enumerate(elevate, start=2):
            workspace.record_decision(
                Decision(DecisionKind.ACCEPT, (invoice.key,), (LineKey("march.csv", row),))
            )
        void = replace(elevate[1], gross=Money("1.00", "GBP"), status=InvoiceStatus.VOID)
        workspace.save_invoices(
            "Elevate", [replace(elevate[0], gross=Money("2.00", "GBP")), void, elevate[3]]
        )
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO review_flags (decision_id, provider, invoice_id, reason, flagged_at)"
        " VALUES (4, 'Elevate', '4', 'checked by hand: see the ledger', '2025-04-01T09:00:00+00:00')"
    )
    _drop_format_6(connection)
    connection.execute("PRAGMA user_version = 5")
    connection.commit()
    connection.close()


def test_a_format_5_files_flags_get_the_causes_their_reasons_begin_with(tmp_path: Path) -> None:
    path = tmp_path / "old.reconcile"
    _write_format_5_file(path)
    old = sqlite3.connect(path)
    reasons = [row[0] for row in old.execute("SELECT reason FROM review_flags ORDER BY id")]
    old.close()
    assert [reason.split(" ")[0] for reason in reasons] == ["amount", "amount", "no", "checked"]
    with Workspace.open(path) as workspace:
        items = workspace.decisions_needing_review()
    assert [(item.invoice_key.invoice_id, item.causes) for item in items] == [
        ("1", (ReviewCause.AMOUNT,)),
        ("2", (ReviewCause.AMOUNT, ReviewCause.VOID)),
        ("3", (ReviewCause.MISSING,)),
        ("4", ()),
    ]
    assert [item.reason for item in items] == reasons  # the words stay, for people
    backup = sqlite3.connect(path.with_name("old.format5-backup.reconcile"))
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 5
    backup.close()
    fresh = tmp_path / "fresh.reconcile"
    Workspace.create(fresh).close()
    assert _shape(path) == _shape(fresh)


def _write_format_6_file(path: Path, kept_period: str | None) -> None:
    """A format 6 file holding invoices of two providers, its one ``fetch_period``
    setting for all of them as ``kept_period`` (None: no such setting)."""
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Elevate", [ELEVATE_17])
        workspace.save_invoices("Versori", [replace(ELEVATE_17, provider="Versori")])
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM settings WHERE key = 'fetch_period'")
    if kept_period is not None:
        connection.execute(
            "INSERT INTO settings (key, value) VALUES ('fetch_period', ?)", (kept_period,)
        )
    _drop_format_7(connection)
    connection.execute("PRAGMA user_version = 6")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    "kept_period",
    [
        None,  # never set: no period kept
        "{not json",  # damaged: not JSON at all
        '"2025-03"',  # JSON, but no period as format 6 wrote one
        '{"from": "the first", "to": null}',  # a period whose day is no date
    ],
)
def test_a_format_6_file_without_a_readable_period_records_every_date(
    tmp_path: Path, kept_period: str | None
) -> None:
    """Upgrading format 6 gives each provider the cache holds invoices of a record of the
    one period format 6 kept for all, as attempted and not known to be fetched. Where no
    period was kept, or the setting is damaged, that period is every date (no bounds), and
    the upgrade goes through rather than failing on the setting: the provider is still
    not known to be fetched for any period."""
    path = tmp_path / "old.reconcile"
    _write_format_6_file(path, kept_period)
    with Workspace.open(path) as workspace:
        records = workspace.fetch_records()
    assert sorted(records) == ["Elevate", "Versori"]
    for record in records.values():
        assert record.outcome is FetchOutcome.UNRECORDED
        assert record.attempted == FetchPeriod()
        assert record.attempted.all_dates
        assert record.fetched is None
        assert not record.covers(FetchPeriod())
    upgraded = sqlite3.connect(path)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION == 11
    bounds = upgraded.execute(
        "SELECT DISTINCT attempted_from, attempted_to FROM provider_fetches"
    ).fetchall()
    upgraded.close()
    assert bounds == [(None, None)]


# Format 9 kept an import's warnings in the statement's layout, under this key.
_FORMAT_9_WARNINGS = [
    {"row": 3, "column": "Date", "message": "'2024-02-30' is not a date; row skipped"},
    {"row": None, "column": None, "message": "the file seems cut short", "about_statement": True},
]


def _write_format_9_file(path: Path) -> None:
    """A format 9 file of three statements: one whose import said two things of its rows,
    one whose said nothing (an empty list), and one stored before warnings were kept (its
    layout without the key), each layout with the period its file stated."""
    layouts = {
        "march.csv": {"format": "csv", "import_warnings": _FORMAT_9_WARNINGS},
        "april.csv": {"format": "csv", "import_warnings": []},
        "older.csv": {"format": "csv"},
    }
    with Workspace.create(path) as workspace:
        for day, name in enumerate(layouts, start=4):
            workspace.add_statement(name, sha(name), {}, [line(2, source_file=name, day=day)])
    connection = sqlite3.connect(path)
    for name, layout in layouts.items():
        layout = {**layout, "stated_period": ["2025-03-01", None]}
        connection.execute(
            "UPDATE statements SET layout = ? WHERE source_file = ?", (json.dumps(layout), name)
        )
    _drop_format_10(connection)
    connection.execute("PRAGMA user_version = 9")
    connection.commit()
    connection.close()


def test_a_format_9_files_import_warnings_move_out_of_the_layouts(tmp_path: Path) -> None:
    """Upgraded, each statement's warnings are read apart from its record, as its layout
    kept them, and its layout no longer holds them (a listing decoded them all); one
    stored before they were kept still has none known, and one that had none, none."""
    path = tmp_path / "old.reconcile"
    _write_format_9_file(path)
    with Workspace.open(path) as workspace:
        warnings = workspace.import_warnings()
        layouts = {record.source_file: record.layout for record in workspace.statements()}
        periods = workspace.stated_periods()
    assert warnings == {
        "march.csv": (
            RowWarning("march.csv", 3, "Date", "'2024-02-30' is not a date; row skipped"),
            RowWarning("march.csv", None, None, "the file seems cut short", about_statement=True),
        ),
        "april.csv": (),
        "older.csv": None,
    }
    assert all("import_warnings" not in layout for layout in layouts.values())
    assert set(periods.values()) == {(date(2025, 3, 1), None)}
    upgraded = sqlite3.connect(path)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION == 11
    upgraded.close()
    fresh = tmp_path / "fresh.reconcile"
    Workspace.create(fresh).close()
    assert _shape(path) == _shape(fresh)


def test_a_statement_stored_now_keeps_its_warnings_apart_from_its_layout(tmp_path: Path) -> None:
    """None given: not known (NULL), as a statement stored before they were kept."""
    said = (RowWarning("march.csv", 7, "Amount", "'x' is not an amount; row skipped"),)
    with Workspace.create(tmp_path / "new.reconcile") as workspace:
        workspace.add_statement("march.csv", sha("m"), {"format": "csv"}, [line(2)], warnings=said)
        workspace.add_statement("april.csv", sha("a"), {}, [line(2, source_file="april.csv")])
        assert workspace.import_warnings() == {"march.csv": said, "april.csv": None}
        assert workspace.statements()[0].layout == {"format": "csv"}


_NOTE = "paid by the parent company"


def _insert_decision(
    connection: sqlite3.Connection, kind: str, invoice: str, row: int, reason: str
) -> None:
    """A decision appended in force as format 10 appended one, its invoice Elevate's."""
    entry = connection.execute(
        "INSERT INTO decisions (kind, at, user, reason) VALUES (?, ?, 'carol', ?)",
        (kind, "2025-04-03T10:00:00+00:00", reason),
    ).lastrowid
    connection.execute(
        "INSERT INTO decision_invoices VALUES (?, 0, 'Elevate', ?)", (entry, invoice)
    )
    connection.execute("INSERT INTO decision_lines VALUES (?, 0, 'march.csv', ?)", (entry, row))
    connection.execute("INSERT INTO decisions_in_force VALUES (?)", (entry,))


def _write_format_10_file(path: Path) -> None:
    """A format 10 file whose undos put decisions back as format 10 did, the reason saying
    which entries in place of the note: #3 restores #1 (a match by hand with a note, #2
    its withdrawal), #7 restores #5 (a rejection, #6 its withdrawal, undone with a reason
    of its own). #4's reason reads like #3's, but #4 is not the decision #1 was (another
    invoice and line, another kind): a note typed so, which restores nothing."""
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Elevate", [ELEVATE_17, ELEVATE_18])
        for name, days in (("march.csv", (1, 15, 20)), ("late.csv", (15, 20, 31))):
            lines = [
                line(row, f"-{day}.00", source_file=name, day=day, description=f"Shop {day}")
                for row, day in enumerate(days, start=2)
            ]
            workspace.add_statement(name, sha(name), {"format": "csv"}, lines)
        made = Decision(
            DecisionKind.MANUAL_MATCH,
            (ELEVATE_17.key,),
            (LineKey("march.csv", 3),),
            _NOTE,
            "bob",
            datetime(2025, 4, 2, 9, 15, tzinfo=UTC),
        )
        workspace.record_decision(made)
        workspace.record_decision(replace(made, kind=DecisionKind.UNMATCH, reason=""))
    connection = sqlite3.connect(path)
    _drop_format_11(connection)
    _insert_decision(connection, "manual_match", "17", 3, "undo of #2 (restores #1)")
    _insert_decision(connection, "reject", "18", 4, "undo of #2 (restores #1)")
    _insert_decision(connection, "reject", "18", 2, "not ours")
    connection.execute("DELETE FROM decisions_in_force WHERE decision_id = 5")
    connection.execute(  # #6 withdraws #5
        "INSERT INTO decisions (kind, at, user, reason)"
        " VALUES ('unmatch', '2025-04-03T10:01:00+00:00', 'carol', '')"
    )
    connection.execute("INSERT INTO decision_invoices VALUES (6, 0, 'Elevate', '18')")
    connection.execute("INSERT INTO decision_lines VALUES (6, 0, 'march.csv', 2)")
    connection.execute("INSERT INTO decision_replaces VALUES (6, 5)")
    _insert_decision(connection, "reject", "18", 2, "undo of #6: clicked by mistake (restores #5)")
    connection.execute("PRAGMA user_version = 10")
    connection.commit()
    connection.close()


def test_a_format_10_files_decisions_put_back_say_what_they_restore(tmp_path: Path) -> None:
    """Upgraded, each decision a format 10 undo put back says which entry it restores and
    which undo put it back, read once from its reason, which stays as it was recorded (the
    log is append-only). A removal then carries it over quoting the decision it restores:
    who made it, when, and the note, not the undo's words."""
    path = tmp_path / "old.reconcile"
    _write_format_10_file(path)
    with Workspace.open(path) as workspace:
        trail = {entry.id: entry for entry in workspace.audit()}
        workspace.remove_statement("march.csv", user="alice")
        carried = {d.line_keys: d.reason for d in workspace.effective_decisions()}
    assert [trail[entry].put_back for entry in (3, 4, 7)] == [
        PutBack(1, 2),
        None,
        PutBack(5, 6, "clicked by mistake"),
    ]
    assert trail[3].decision.reason == "undo of #2 (restores #1)"
    assert carried[(LineKey("late.csv", 2),)].endswith(
        f"(first decided by bob on 2025-04-02 09:15 UTC: {_NOTE})"
    )
    assert carried[(LineKey("late.csv", 3),)].endswith(
        "(first decided by carol on 2025-04-03 10:00 UTC: undo of #2 (restores #1))"
    )  # #4, restoring nothing, is quoted as it was recorded
    upgraded = sqlite3.connect(path)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION == 11
    upgraded.close()
    fresh = tmp_path / "fresh.reconcile"
    Workspace.create(fresh).close()
    assert _shape(path) == _shape(fresh)
