"""The current workspace schema (format 11) and the marks that identify a workspace file.

Money and other exact numbers are TEXT holding a ``Decimal``'s own text, never REAL (TEXT
affinity also turns any number another tool writes into text, never a binary float). Dates are ISO
text and times ISO 8601 in UTC. The audit trail (``decisions`` and its link tables) is
append-only: triggers refuse any UPDATE or DELETE, so no bug can rewrite history.

Column order matters: files migrated from format 1 get new columns appended by ALTER TABLE,
and ``tests/workspace/test_migrations.py`` checks that a migrated file and a new file have
the same shape.
"""

from __future__ import annotations

# "RDKW": lets us tell our files from any other SQLite database.
APPLICATION_ID = 0x52444B57
CURRENT_VERSION = 11

DECISION_KINDS = "('engine_match', 'accept', 'reject', 'manual_match', 'unmatch')"

INVOICES = """
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
    missing_since TEXT,
    PRIMARY KEY (provider, invoice_id)
)
"""

LINE_ITEMS = """
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
)
"""

# What a statement's import said of its rows and cells (``statements.kept_warnings``), as
# JSON, for the report's Import Warnings sheet alone: NULL for a statement stored before
# format 10 kept them apart from its layout and before warnings were kept at all, whose
# warnings are not known. Apart from the layout, which every listing decodes, as one
# file's warnings may be 100,000 (a column of dates half of which are not dates).
STATEMENT_WARNINGS_COLUMN = "import_warnings TEXT"

STATEMENTS = f"""
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    source_file TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL UNIQUE,
    layout TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    account TEXT NOT NULL DEFAULT '',
    currency TEXT,
    opening_balance TEXT,
    closing_balance TEXT,
    {STATEMENT_WARNINGS_COLUMN}
)
"""

# The lines of a statement that were not stored because an earlier file already held the
# same movement (an overlapping download): each names the stored line kept in its place,
# so the statement's balance bridge can still count it.
STATEMENT_REPEATS = """
CREATE TABLE statement_repeats (
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    row INTEGER NOT NULL,
    kept_file TEXT NOT NULL,
    kept_row INTEGER NOT NULL,
    PRIMARY KEY (statement_id, row)
)
"""

# What a stored line holds of its movement: the same in ``statement_lines`` and in
# ``repeated_lines``, so a repeat can stand in for a removed line as it is.
_LINE_CELLS = """    date TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT,
    description TEXT NOT NULL,
    reference TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    value_date TEXT,
    balance TEXT,
    raw TEXT NOT NULL,
    identity TEXT NOT NULL,
    occurrence INTEGER NOT NULL,"""

# The repeated lines themselves, as they were read from their own file: when the statement
# holding the kept line is removed, a repeat takes its place in ``statement_lines``
# (``repeat_promotion``), so no movement leaves the workspace with a file that only
# shared it. Repeats stored before format 4 have no row here and cannot stand in.
REPEATED_LINES = f"""
CREATE TABLE repeated_lines (
    statement_id INTEGER NOT NULL,
    source_file TEXT NOT NULL,
    row INTEGER NOT NULL,
{_LINE_CELLS}
    account TEXT NOT NULL,
    PRIMARY KEY (statement_id, row),
    FOREIGN KEY (statement_id, row) REFERENCES statement_repeats (statement_id, row)
)
"""

STATEMENT_LINES = f"""
CREATE TABLE statement_lines (
    id INTEGER PRIMARY KEY,
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    source_file TEXT NOT NULL,
    row INTEGER NOT NULL,
{_LINE_CELLS}
    account TEXT NOT NULL DEFAULT '',
    UNIQUE (source_file, row)
)
"""

# Occurrence-aware identity of a movement within one account (see statement_store). A
# line's ``account`` is its account's key (``desktop_app.statements.account_key``) from
# format 3 on, the account as its file wrote it before; the statements table's ``account``
# is always the latter.
STATEMENT_LINES_IDENTITY = """
CREATE UNIQUE INDEX statement_lines_identity
    ON statement_lines (account, identity, occurrence)
"""

# A statement's lines, found without reading every line: removing it, counting its lines.
# Added after format 5 without a format step (an index changes no stored value, and an
# older version opens the file as before): ``database.open_database`` creates it in files
# written without it, so ``IF NOT EXISTS``.
STATEMENT_LINES_BY_STATEMENT = """
CREATE INDEX IF NOT EXISTS statement_lines_statement ON statement_lines (statement_id)
"""

# Indexes a file of the current format may have been written without; created at open.
OPEN_INDEXES: tuple[str, ...] = (STATEMENT_LINES_BY_STATEMENT,)

DECISIONS = f"""
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN {DECISION_KINDS}),
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    reason TEXT NOT NULL
)
"""

DECISION_INVOICES = """
CREATE TABLE decision_invoices (
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    position INTEGER NOT NULL,
    provider TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    PRIMARY KEY (decision_id, position)
)
"""

DECISION_LINES = """
CREATE TABLE decision_lines (
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    position INTEGER NOT NULL,
    source_file TEXT NOT NULL,
    row INTEGER NOT NULL,
    PRIMARY KEY (decision_id, position)
)
"""

DECISION_INDEXES = (
    "CREATE INDEX decision_invoices_key ON decision_invoices (provider, invoice_id)",
    "CREATE INDEX decision_lines_key ON decision_lines (source_file, row)",
)

# Added in format 2 -----------------------------------------------------------------------

DECISION_REPLACES = """
CREATE TABLE decision_replaces (
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    replaced_id INTEGER NOT NULL REFERENCES decisions (id),
    PRIMARY KEY (decision_id, replaced_id)
)
"""

DECISIONS_IN_FORCE = """
CREATE TABLE decisions_in_force (
    decision_id INTEGER PRIMARY KEY REFERENCES decisions (id)
)
"""

# The review flags as format 2 made them; format 6 appends ``causes`` (REVIEW_FLAGS).
_REVIEW_FLAGS_FORMAT_2 = """
CREATE TABLE review_flags (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    provider TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    flagged_at TEXT NOT NULL{causes}
)
"""
# ``causes``: what happened to the invoice, as data (``ReviewCause`` values in the order
# the reason says them, separated by commas; '' for none): readers never parse ``reason``,
# which is for people.
REVIEW_FLAG_CAUSES_COLUMN = "causes TEXT NOT NULL DEFAULT ''"
REVIEW_FLAGS = _REVIEW_FLAGS_FORMAT_2.format(causes=f",\n    {REVIEW_FLAG_CAUSES_COLUMN}")

SETTINGS = "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"

MAPPING_PROFILES = """
CREATE TABLE mapping_profiles (
    fingerprint TEXT PRIMARY KEY,
    profile TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""

FORMAT_2_INDEXES = (
    "CREATE INDEX decision_replaces_replaced ON decision_replaces (replaced_id)",
    "CREATE INDEX review_flags_decision ON review_flags (decision_id)",
)

APPEND_ONLY_TABLES = ("decisions", "decision_invoices", "decision_lines", "decision_replaces")


def append_only_triggers(tables: tuple[str, ...] = APPEND_ONLY_TABLES) -> tuple[str, ...]:
    """Triggers that make the audit trail impossible to rewrite, even by mistake."""
    statements = []
    for table in tables:
        for event in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )
    return tuple(statements)


def _format_2_additions(review_flags: str) -> tuple[str, ...]:
    return (
        DECISION_REPLACES,
        DECISIONS_IN_FORCE,
        review_flags,
        SETTINGS,
        MAPPING_PROFILES,
        *FORMAT_2_INDEXES,
        *append_only_triggers(),
    )


# What the format 2 step adds, exactly as format 2 had it (later steps add to it).
FORMAT_2_ADDITIONS = _format_2_additions(_REVIEW_FLAGS_FORMAT_2.format(causes=""))

FORMAT_3_ADDITIONS: tuple[str, ...] = (STATEMENT_REPEATS,)

FORMAT_4_ADDITIONS: tuple[str, ...] = (
    REPEATED_LINES,
    "CREATE INDEX statement_repeats_kept ON statement_repeats (kept_file, kept_row)",
)

# Each provider's fetches (``domain.provider_fetch``): the period its invoices were fetched
# for in full (``fetched_at`` NULL where none was; a NULL bound is an open one), and how its
# last attempt ended, of which period, when, and why where it failed.
PROVIDER_FETCHES = """
CREATE TABLE provider_fetches (
    provider TEXT PRIMARY KEY,
    fetched_from TEXT,
    fetched_to TEXT,
    fetched_at TEXT,
    outcome TEXT NOT NULL
        CHECK (outcome IN ('fetched', 'failed', 'cancelled', 'unrecorded')),
    attempted_from TEXT,
    attempted_to TEXT,
    attempted_at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
)
"""

FORMAT_7_ADDITIONS: tuple[str, ...] = (PROVIDER_FETCHES,)

# The invoices each provider's last answer returned that could not be used
# (``domain.InvoiceProblem``), in the order ``provider_fetch.problems_after`` gives them: a
# report lists them as left out of the reconciliation, after a reopen as on the day.
FETCH_PROBLEMS = """
CREATE TABLE fetch_problems (
    position INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    provider_kind TEXT NOT NULL,
    invoice_id TEXT,
    number TEXT,
    reason TEXT NOT NULL
)
"""

FORMAT_8_ADDITIONS: tuple[str, ...] = (FETCH_PROBLEMS,)

# Which entries an undo put back in force (``records.PutBack``): the entry recorded again
# (``decision_id``), the one it restores, the one whose undo did it, and the undo's own
# reason. Beside the decision, so its reason stays the accountant's note: up to format 10
# the reason said "undo of #29 (restores #28)" in place of the note.
DECISION_RESTORES = """
CREATE TABLE decision_restores (
    decision_id INTEGER PRIMARY KEY REFERENCES decisions (id),
    restored_id INTEGER NOT NULL REFERENCES decisions (id),
    undone_id INTEGER NOT NULL REFERENCES decisions (id),
    reason TEXT NOT NULL DEFAULT ''
)
"""

FORMAT_11_ADDITIONS: tuple[str, ...] = (
    DECISION_RESTORES,
    *append_only_triggers(("decision_restores",)),
)

CURRENT_SCHEMA: tuple[str, ...] = (
    INVOICES,
    LINE_ITEMS,
    STATEMENTS,
    STATEMENT_LINES,
    STATEMENT_LINES_IDENTITY,
    DECISIONS,
    DECISION_INVOICES,
    DECISION_LINES,
    *DECISION_INDEXES,
    *_format_2_additions(REVIEW_FLAGS),
    *FORMAT_3_ADDITIONS,
    *FORMAT_4_ADDITIONS,
    *FORMAT_7_ADDITIONS,
    *FORMAT_8_ADDITIONS,
    *FORMAT_11_ADDITIONS,
    *OPEN_INDEXES,
)
