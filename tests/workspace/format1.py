"""A workspace file exactly as version 1 of the application wrote it.

This is a frozen copy of format 1: the schema and rows below are what old files on users'
disks contain. Never change it to follow the current schema; it exists to prove that such
files still open.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

FORMAT_1_SCHEMA = """
CREATE TABLE invoices (
    provider TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    provider_kind TEXT NOT NULL,
    number TEXT NOT NULL,
    direction TEXT NOT NULL,
    currency TEXT NOT NULL,
    gross TEXT NOT NULL,
    status TEXT NOT NULL,
    status_raw TEXT NOT NULL,
    issue_date TEXT,
    due_date TEXT,
    period_start TEXT,
    period_end TEXT,
    net TEXT,
    tax TEXT,
    tax_rate TEXT,
    amount_outstanding TEXT,
    document_type TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    document_url TEXT,
    settlement TEXT,
    flags TEXT NOT NULL,
    raw TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (provider, invoice_id)
);
CREATE TABLE line_items (
    provider TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    quantity TEXT,
    unit_amount TEXT,
    unit_currency TEXT,
    tax TEXT,
    tax_currency TEXT,
    chargeable INTEGER NOT NULL,
    raw TEXT NOT NULL,
    PRIMARY KEY (provider, invoice_id, position),
    FOREIGN KEY (provider, invoice_id) REFERENCES invoices (provider, invoice_id) ON DELETE CASCADE
);
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    source_file TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL UNIQUE,
    layout TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TABLE statement_lines (
    id INTEGER PRIMARY KEY,
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    source_file TEXT NOT NULL,
    row INTEGER NOT NULL,
    date TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT,
    description TEXT NOT NULL,
    reference TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    value_date TEXT,
    balance TEXT,
    raw TEXT NOT NULL,
    identity TEXT NOT NULL,
    occurrence INTEGER NOT NULL,
    UNIQUE (source_file, row)
);
CREATE UNIQUE INDEX statement_lines_identity ON statement_lines (identity, occurrence);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('engine_match', 'accept', 'reject', 'manual_match', 'unmatch')),
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE decision_invoices (
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    position INTEGER NOT NULL,
    provider TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    PRIMARY KEY (decision_id, position)
);
CREATE TABLE decision_lines (
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    position INTEGER NOT NULL,
    source_file TEXT NOT NULL,
    row INTEGER NOT NULL,
    PRIMARY KEY (decision_id, position)
);
CREATE INDEX decision_invoices_key ON decision_invoices (provider, invoice_id);
CREATE INDEX decision_lines_key ON decision_lines (source_file, row);
PRAGMA application_id = 1380207447;
PRAGMA user_version = 1;
"""

INVOICES = [
    (
        "Elevate",
        "17",
        "elevate",
        "EL-2025-00017",
        "receivable",
        "GBP",
        "72502.07",
        "open",
        "UNPAID",
        "2025-03-01",
        "2025-03-31",
        None,
        None,
        "60418.39",
        "12083.68",
        "0.20",
        "0.3",
        "invoice",
        '{"name": "Acme", "id": "C-9", "tax_id": null, "country": "GB", "aliases": ["ACME"]}',
        "https://example.test/17.pdf",
        '{"currency": "EUR", "amount": "84210.55", "amount_currency": "EUR", "rate": "1.16148"}',
        '["late"]',
        '{"id": 17, "total": 72502.07}',
        "2025-03-05T10:00:00+00:00",
    ),
    (
        "Elevate",
        "18",
        "elevate",
        "EL-2025-00018",
        "receivable",
        "GBP",
        "120.00",
        "paid",
        "PAID",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "credit_note",
        '{"name": null, "id": null, "tax_id": null, "country": null, "aliases": []}',
        None,
        None,
        "[]",
        "{}",
        "2025-03-05T10:00:00+00:00",
    ),
]
LINE_ITEMS = [
    (
        "Elevate",
        "17",
        0,
        "Rental",
        "60418.39",
        "GBP",
        "1.5",
        "40278.926666",
        "GBP",
        None,
        None,
        1,
        '{"amount": 60418.39}',
    ),
    ("Elevate", "17", 1, "Info only", "999", "GBP", None, None, None, None, None, 0, "{}"),
]
STATEMENT = (
    1,
    "march.csv",
    "ab" * 32,
    '{"format": "csv", "decimal_mark": ","}',
    "2025-03-06T09:00:00+00:00",
)
LINES = [
    (
        1,
        "march.csv",
        2,
        "2025-03-04",
        "72502.07",
        "GBP",
        "EL-2025-00017",
        "",
        "",
        None,
        "100.30",
        '["04/03/2025", "EL-2025-00017", "72.502,07"]',
        "2025-03-04|72502.07|GBP|el-2025-00017",
        0,
    ),
    (
        1,
        "march.csv",
        3,
        "2025-03-04",
        "-4.50",
        "GBP",
        "Coffee",
        "",
        "",
        "2025-03-05",
        None,
        "[]",
        "2025-03-04|-4.5|GBP|coffee",
        0,
    ),
    (
        1,
        "march.csv",
        4,
        "2025-03-04",
        "-4.50",
        "GBP",
        "Coffee",
        "",
        "",
        "2025-03-05",
        None,
        "[]",
        "2025-03-04|-4.5|GBP|coffee",
        1,
    ),
]
# (id, kind, at, user, reason, invoice ids, rows)
DECISIONS = [
    (1, "engine_match", "2025-03-06T09:01:00+00:00", "bob", "score 0.97", ["17"], [2]),
    (2, "accept", "2025-03-06T09:02:00+00:00", "bob", "looks right", ["17"], [2]),
    (3, "reject", "2025-03-06T09:03:00+00:00", "bob", "coffee is not rent", ["18"], [3]),
    (4, "manual_match", "2025-03-06T09:04:00+00:00", "carol", "refund", ["18"], [4]),
    (5, "unmatch", "2025-03-06T09:05:00+00:00", "carol", "undo of #4", ["18"], [4]),
    (6, "unmatch", "2025-03-06T09:06:00+00:00", "carol", "double click", ["18"], [4]),
    (7, "manual_match", "2025-03-06T09:07:00+00:00", "carol", "both", ["17", "18"], [2]),
]


def write_format_1_file(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(FORMAT_1_SCHEMA)
    with connection:
        connection.executemany(f"INSERT INTO invoices VALUES ({', '.join('?' * 24)})", INVOICES)
        connection.executemany(f"INSERT INTO line_items VALUES ({', '.join('?' * 13)})", LINE_ITEMS)
        connection.execute("INSERT INTO statements VALUES (?, ?, ?, ?, ?)", STATEMENT)
        connection.executemany(
            "INSERT INTO statement_lines (statement_id, source_file, row, date, amount,"
            " currency, description, reference, counterparty, value_date, balance, raw,"
            f" identity, occurrence) VALUES ({', '.join('?' * 14)})",
            LINES,
        )
        for entry_id, kind, at, user, reason, invoices, rows in DECISIONS:
            connection.execute(
                "INSERT INTO decisions VALUES (?, ?, ?, ?, ?)", (entry_id, kind, at, user, reason)
            )
            for position, invoice_id in enumerate(invoices):
                connection.execute(
                    "INSERT INTO decision_invoices VALUES (?, ?, 'Elevate', ?)",
                    (entry_id, position, invoice_id),
                )
            for position, row in enumerate(rows):
                connection.execute(
                    "INSERT INTO decision_lines VALUES (?, ?, 'march.csv', ?)",
                    (entry_id, position, row),
                )
    connection.close()
