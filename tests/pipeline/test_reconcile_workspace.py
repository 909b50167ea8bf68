"""``desktop-app reconcile --workspace``: what a run keeps in the workspace, all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.domain import (
    Decision,
    DecisionKind,
    Invoice,
    InvoiceKey,
    LineKey,
    Match,
    MatchState,
    Money,
    Reconciliation,
)
from desktop_app.pipeline.reconcile import ReconcileRequest, run_reconcile
from desktop_app.statements import Mapping, import_statement, profile_from_layout
from desktop_app.statements.profiles import BackedProfileStore
from desktop_app.workspace import Workspace
from tests.export.readback import cell_values, read_report
from tests.pipeline.conftest import PERIOD, World
from tests.pipeline.nationwide_files import JUNE, nationwide_midata, nationwide_statement
from tests.pipeline.statement_files import HEADER, store, write

pytestmark = pytest.mark.sandbox


def contents(path: Path) -> tuple[Any, ...]:
    with Workspace.open(path) as workspace:
        return (
            workspace.statements(),
            workspace.load_lines(),
            workspace.load_invoices(include_missing=True),
            workspace.audit(),
        )


def test_a_statement_refused_by_the_workspace_leaves_it_as_it_was(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace_path = tmp_path / "books.reconcile"
    with Workspace.create(workspace_path) as workspace:
        store(workspace, write(tmp_path / "old" / "feb.csv", HEADER + "2025-02-03,Rent,-800\n"))
        workspace.record_decision(
            Decision(
                DecisionKind.REJECT,
                (sandbox_env.invoices[0].key,),
                (LineKey("feb.csv", 2),),
                reason="not this payment",
            )
        )
    before = contents(workspace_path)
    jan = write(tmp_path / "new" / "jan.csv", HEADER + "2025-01-03,Rent,-800\n")
    # Another file of the name already imported: the workspace refuses it.
    feb = write(tmp_path / "new" / "feb.csv", HEADER + "2025-02-03,Rent,-800\n2025-02-9,Tea,-3\n")
    out = tmp_path / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(jan),
         "--statement", str(feb), "--workspace", str(workspace_path), "--currency", "GBP",
         "--out", str(out)]
    )  # fmt: skip
    assert code == 1
    assert "feb.csv" in capsys.readouterr().err.splitlines()[-1]
    assert not out.exists()
    assert contents(workspace_path) == before


def reconcile_run(world: World, statement: Path, workspace: Path, out: Path) -> Reconciliation:
    request = ReconcileRequest(
        world.config, [statement], out, *PERIOD, workspace=workspace, default_currency="GBP"
    )
    return run_reconcile(request).reconciliation


def pairings(result: Reconciliation) -> set[tuple[frozenset[InvoiceKey], frozenset[LineKey]]]:
    return {
        (frozenset(i.key for i in m.invoices), frozenset(line.key for line in m.lines))
        for m in result.matches
    }


def test_a_rejection_binds_the_same_payment_in_a_later_overlapping_download(
    sandbox_env: World, tmp_path: Path
) -> None:
    """The accountant rejected a pairing on one statement; the next download repeats that
    payment on another row of another file. The rejection still binds it."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    first = reconcile_run(world, world.csv_path, books, tmp_path / "first.xlsx")
    key, index = min(world.plan.expected_pairs(), key=lambda pair: (pair[1], str(pair[0])))
    line = LineKey(world.csv_path.name, world.csv_rows[index])
    assert (frozenset({key}), frozenset({line})) in pairings(first)  # the engine paired them
    with Workspace.open(books) as workspace:
        workspace.record_decision(Decision(DecisionKind.REJECT, (key,), (line,)))
    # The next download: a new first line, so every row (and the file) differs.
    rows = world.csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    later = write(
        tmp_path / "later.csv", rows[0] + "2025-06-30,Bank fee,-2.50\n" + "".join(rows[1:])
    )
    second = reconcile_run(world, later, books, tmp_path / "second.xlsx")
    assert "decisions_not_applied" not in second.settings  # the rejection names a line here
    repeated = LineKey("later.csv", line.row + 1)
    assert (frozenset({key}), frozenset({line})) not in pairings(second)
    assert (frozenset({key}), frozenset({repeated})) not in pairings(second)


def test_the_report_names_the_decisions_it_could_not_apply_among_its_findings(
    sandbox_env: World, tmp_path: Path
) -> None:
    """A decision naming a line this run does not hold is not applied. The workbook said
    so as a row "decisions_not_applied | 1" of "Settings used", which is no setting, and
    named no decision (tester N, finding 4). Now the run facts count it in the warning
    font, a section names it (who, when, what, the note, and why), and its Audit row says
    so too; the run's settings keep the count for a script."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    key, _ = min(world.plan.expected_pairs(), key=lambda pair: (pair[1], str(pair[0])))
    (invoice,) = [each for each in world.invoices if each.key == key]  # one of the run's
    with Workspace.create(books) as workspace:
        workspace.record_decision(
            Decision(
                DecisionKind.REJECT,
                (invoice.key,),
                (LineKey("march.csv", 7),),  # a statement this run does not import
                reason="not this payment",
            )
        )
        (entry,) = workspace.audit()
    out = tmp_path / "report.xlsx"
    result = reconcile_run(world, world.csv_path, books, out)
    assert result.settings["decisions_not_applied"] == 1
    report = read_report(out)
    settings = dict(cell_values(report.summary_block("Settings used"), 2))
    assert "decisions_not_applied" not in settings

    why = (
        "march.csv row 7 is not in this report: march.csv is not among its statements, so "
        "nothing in this report can repeat the pairing it refused"
    )
    summary = [list(row) for row in report.book["Summary"].iter_rows()]
    (fact,) = [row for row in summary if row[0].value == "Decisions not applied" and row[1].value]
    said = (
        "a decision of the accountant's in force that this run did not apply, as an invoice "
        "or statement line it names is not in this report: see 'Decisions in force that "
        "this run did not apply' below, and 'Not Applied' on the Audit sheet"
    )
    assert (fact[1].value, fact[2].value) == (1, said)
    assert fact[0].font.color is not None  # in the warning font, as the other findings
    listed = cell_values(report.summary_block("Decisions in force that this run did not apply"), 8)
    assert [row[:1] + row[2:] for row in listed] == [
        ("Entry", "User", "Action", "Invoice Numbers", "Statement Lines", "Reason",
         "Why Not Applied"),
        (entry.id, entry.decision.user, "reject", invoice.number, "march.csv:7",
         "not this payment", why),
    ]  # fmt: skip
    at = entry.decision.at.astimezone(UTC).replace(tzinfo=None)  # in UTC, to the millisecond
    assert abs(listed[1][1] - at) < timedelta(milliseconds=1)
    (audit,) = report.records("Audit")
    assert audit["Not Applied"].value == why
    assert audit["In Force"].value == "yes"


AUDIT_COLUMNS = ("Action", "Invoices", "Statement Lines", "Reason", "Replaced", "Entry", "In Force")


def _one_to_one(result: Reconciliation) -> list[Match]:
    return [
        match
        for match in result.matches
        if match.state is MatchState.AUTO and len(match.invoices) == len(match.lines) == 1
    ]


def _keys(keys: tuple[object, ...]) -> str:
    return "; ".join(map(str, keys))


def test_the_audit_sheet_lists_the_decisions_on_the_report_whenever_they_were_made(
    sandbox_env: World, tmp_path: Path
) -> None:
    """Month end is decided after the month: the accountant accepts, rejects and undoes
    today what the first half of 2025's report holds. The next run's Audit sheet lists each
    of those decisions, numbered as the workspace numbers them and saying which still bind;
    not a decision about a statement this run does not hold, nor the engine's own matches
    (the Matches sheet shows those)."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    first = reconcile_run(world, world.csv_path, books, tmp_path / "first.xlsx")
    accepted, rejected = _one_to_one(first)[:2]
    with Workspace.open(books) as workspace:
        accept = workspace.record_decision(
            Decision(DecisionKind.ACCEPT, accepted.invoice_keys, accepted.line_keys, "remittance")
        )
        reject = workspace.record_decision(
            Decision(DecisionKind.REJECT, rejected.invoice_keys, rejected.line_keys, "not theirs")
        )
        elsewhere = Decision(
            DecisionKind.REJECT,
            (InvoiceKey("Another provider", "AP-1"),),
            (LineKey("march.csv", 7),),  # neither is in this run
            "another month",
        )
        workspace.record_decision(elsewhere)
        (undo,) = workspace.undo(accept.id, reason="remittance was for May").entries
    assert accept.decision.at is not None
    assert accept.decision.at.date() > PERIOD[1]  # after the period, as month end is
    out = tmp_path / "second.xlsx"
    reconcile_run(world, world.csv_path, books, out)
    listed = [
        tuple(record[name].value for name in AUDIT_COLUMNS)
        for record in read_report(out).records("Audit")
    ]
    assert listed == [
        ("accept", _keys(accepted.invoice_keys), _keys(accepted.line_keys), "remittance",
         None, accept.id, "no"),
        ("reject", _keys(rejected.invoice_keys), _keys(rejected.line_keys), "not theirs",
         None, reject.id, "yes"),
        ("unmatch", _keys(accepted.invoice_keys), _keys(accepted.line_keys),
         f"undo of #{accept.id}: remittance was for May", f"#{accept.id}", undo.id, "no"),
    ]  # fmt: skip
    # Each decision also names its invoices by the numbers the accountant decided by.
    numbers = [record["Invoice Numbers"].value for record in read_report(out).records("Audit")]
    assert numbers == [
        "; ".join(invoice.number for invoice in match.invoices)
        for match in (accepted, rejected, accepted)
    ]


def test_runs_with_two_export_kinds_of_one_account_keep_their_overlap_once(
    sandbox_env: World, tmp_path: Path
) -> None:
    """Month end reconciles the statement export, then the midata export of the same
    account, which names it differently: the lines both hold are in the workspace once.
    Another account's equal fee is its own line."""
    books = tmp_path / "books.reconcile"
    statement = nationwide_statement(tmp_path / "statement.csv", "Foo current ****12345", JUNE[:4])
    midata = nationwide_midata(tmp_path / "midata.csv", "****12345", JUNE[1:])
    savings = nationwide_midata(tmp_path / "savings.csv", "****54321", JUNE[1:2])
    for path in (statement, midata, savings):
        reconcile_run(sandbox_env, path, books, tmp_path / f"{path.stem}.xlsx")
    with Workspace.open(books) as workspace:
        kept = [str(line.key) for line in workspace.load_lines()]
        accounts = [record.account for record in workspace.statements()]
    assert kept == [
        "statement.csv:6",
        "statement.csv:7",
        "statement.csv:8",
        "statement.csv:9",
        "midata.csv:7",
        "savings.csv:4",
    ]
    assert accounts == ["Foo current ****12345", "****12345", "****54321"]


def test_a_saved_profile_that_reads_nothing_is_named_on_the_command_line(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``reconcile --workspace`` applies the workspace's saved profiles (``statement FILE``
    reads none): one whose header the file holds but which reads no transactions is named
    in the one-line refusal, with what it failed to read."""
    workspace_path = tmp_path / "books.reconcile"
    january = write(tmp_path / "us_01.csv", "Date,Text,Amount\n01/02/2025,Rent,-800\n")
    month_first = Mapping(date_order="MDY")
    read = import_statement(january, mapping=month_first)
    assert read.layout is not None
    with Workspace.create(workspace_path) as workspace:
        profile = profile_from_layout("US bank", read.layout, month_first)
        BackedProfileStore(workspace.profiles).save(profile)
    february = write(tmp_path / "us_02.csv", "Date,Text,Amount\n13/02/2025,Rent,-800\n")
    out = tmp_path / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(february),
         "--workspace", str(workspace_path), "--currency", "GBP", "--out", str(out)]
    )  # fmt: skip
    assert code == 1
    last = capsys.readouterr().err.splitlines()[-1]
    assert "us_02.csv: no transactions found (saved profile 'US bank', saved from us_01.csv" in last
    assert "row 2 column Date: '13/02/2025' is not a date" in last
    assert "correct that profile (map this file and save it again) or delete it" in last
    assert not out.exists()


def test_a_held_download_run_again_is_matched_as_stored_reading_each_file_once(
    sandbox_env: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later download repeating most of an earlier one, both kept, is reconciled again:
    it reads as stored (its own row against its own stored line, a repeated row against
    the earlier file's), and it is matched as stored, the repeated movements under the
    earlier file's rows. The run reads each file's stored lines once for both."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    reconcile_run(world, world.csv_path, books, tmp_path / "first.xlsx")
    rows = world.csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    later = write(
        tmp_path / "later.csv", rows[0] + "2025-06-30,Bank fee,-2.50\n" + "".join(rows[1:])
    )
    reconcile_run(world, later, books, tmp_path / "second.xlsx")
    with Workspace.open(books) as workspace:
        stored = workspace.load_lines()
    loads: list[str | None] = []
    load_lines = Workspace.load_lines

    def counted(workspace: Workspace, source_file: str | None = None) -> tuple[Any, ...]:
        loads.append(source_file)
        return load_lines(workspace, source_file)

    monkeypatch.setattr(Workspace, "load_lines", counted)
    again = reconcile_run(world, later, books, tmp_path / "again.xlsx")
    assert sorted(again.lines, key=lambda line: str(line.key)) == sorted(
        stored, key=lambda line: str(line.key)
    )
    assert sorted(map(str, loads)) == sorted([world.csv_path.name, later.name])


def test_a_run_marks_missing_only_the_invoices_of_its_period_the_provider_deleted(
    sandbox_env: World, tmp_path: Path
) -> None:
    """The workspace holds every invoice (the window fetched them all) and rejections on
    one issued before the run's period and on one of the period that Elevate has deleted
    since. The run asks for January to June: the deleted invoice alone is marked
    missing and its rejection flagged for review; the earlier one stays as it was."""
    world, books = sandbox_env, tmp_path / "books.reconcile"

    def dated(invoice: Invoice) -> date | None:
        return invoice.issue_date or invoice.period_end

    earlier = min(
        (i for i in world.invoices if (day := dated(i)) and day < PERIOD[0]),
        key=lambda i: str(i.key),
    )
    deleted = next(
        i
        for i in world.invoices
        if i.provider_kind == "elevate" and (day := dated(i)) and PERIOD[0] <= day <= PERIOD[1]
    )
    by_provider: dict[str, list[Invoice]] = {}
    for invoice in world.invoices:
        by_provider.setdefault(invoice.provider, []).append(invoice)
    line = LineKey("feb.csv", 2)
    with Workspace.create(books) as workspace:
        workspace.save_fetch(by_provider)
        store(workspace, write(tmp_path / "feb.csv", HEADER + "2025-02-03,Rent,-800\n"))
        for invoice in (earlier, deleted):
            workspace.record_decision(Decision(DecisionKind.REJECT, (invoice.key,), (line,)))
    served = world.sandbox.dataset.elevate.invoices
    kept = list(served)
    served[:] = [row for row in kept if str(row["id"]) != deleted.invoice_id]
    try:
        reconcile_run(world, world.csv_path, books, tmp_path / "report.xlsx")
    finally:
        served[:] = kept
    with Workspace.open(books) as workspace:
        cached = {invoice.key for invoice in workspace.load_invoices()}
        review = [item.invoice_key for item in workspace.decisions_needing_review()]
        in_force = workspace.effective_decisions()
    assert {invoice.key for invoice in world.invoices} - cached == {deleted.key}
    assert review == [deleted.key]
    assert [d.invoice_keys for d in in_force] == [(earlier.key,), (deleted.key,)]


@contextmanager
def billed_more(world: World, match: Match) -> Iterator[Money]:
    """Elevate bills ``match``'s invoice for 5.00 more while the block runs (a new row in
    its place: the sandbox keeps each row as sent), as it was again after; yields the new
    amount."""
    (invoice,) = match.invoices
    served = world.sandbox.dataset.elevate.invoices
    kept = list(served)
    (at,) = [i for i, row in enumerate(served) if str(row["id"]) == invoice.invoice_id]
    more = invoice.gross.amount + Decimal("5.00")
    served[at] = {**served[at], "invoiceTotalAmount": more}
    try:
        yield Money(more, invoice.gross.currency)
    finally:
        served[:] = kept


def accepted_two(world: World, books: Path, folder: Path) -> tuple[Match, Match]:
    """Two of the engine's matches of one Elevate invoice with one line, accepted."""
    first = reconcile_run(world, world.csv_path, books, folder / "first.xlsx")
    found = [m for m in _one_to_one(first) if m.invoices[0].provider_kind == "elevate"]
    with Workspace.open(books) as workspace:
        for match in found[:2]:
            workspace.record_decision(
                Decision(DecisionKind.ACCEPT, match.invoice_keys, match.line_keys)
            )
    return found[0], found[1]


def test_the_report_says_which_decisions_need_review_since_their_invoice_changed(
    sandbox_env: World, tmp_path: Path
) -> None:
    """The accountant accepted two matches; Elevate then bills one of those invoices for
    5.00 more. The next run's Audit sheet says of that accept what changed (Needs Review),
    of the other nothing, and the Summary counts one decision needing review."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    changed, unchanged = accepted_two(world, books, tmp_path)
    out = tmp_path / "second.xlsx"
    with billed_more(world, changed) as amount:
        reconcile_run(world, world.csv_path, books, out)
    report = read_report(out)
    listed = {
        record["Invoices"].value: (record["Action"].value, record["Needs Review"].value)
        for record in report.records("Audit")
    }
    assert listed == {
        _keys(changed.invoice_keys): (
            "accept",
            f"amount changed from {changed.invoices[0].gross} to {amount}",
        ),
        _keys(unchanged.invoice_keys): ("accept", None),
    }
    rows = report.sheet("Summary").iter_rows()
    count = next(row for row in rows if row[0].value == "Decisions needing review")
    assert count[1].value == 1
    assert count[0].font.bold


def test_reconcile_warns_of_each_decision_that_needs_review(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scheduled run's log must show what the workbook says: each decision in force
    whose invoice changed since it was made is one warning on stderr, as an invoice left
    out is; a decision whose invoice did not change is not named."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    changed, _ = accepted_two(world, books, tmp_path)
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    with billed_more(world, changed) as amount:
        code = main(
            ["reconcile", "--config", str(world.config), "--statement", str(world.csv_path),
             "--workspace", str(books), "--currency", "GBP", *period,
             "--out", str(tmp_path / "second.xlsx")]
        )  # fmt: skip
    assert code == 0
    with Workspace.open(books) as workspace:
        (item,) = workspace.decisions_needing_review()
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    expected = (
        f"desktop-app: warning: decision needs review: accept #{item.entry.id} of "
        f"{changed.invoices[0].number} ({_keys(changed.invoice_keys)}) with "
        f"{_keys(changed.line_keys)}: amount changed "
        f"from {changed.invoices[0].gross} to {amount}"
    )
    assert warnings == [expected]


# -- the workspace is the month's book: a run covers every statement it holds -----------

CONTINUITY = "Statement continuity (each statement opens at the balance the one before it left)"
UNSETTLED = {"UNPAID_INVOICE", "STATUS_CONFLICT"}


def run_cli(*arguments: str) -> int:
    """``desktop-app`` as the shell runs it: argparse's own refusals exit too."""
    try:
        return main(list(arguments))
    except SystemExit as exit_:
        return int(exit_.code or 0)


def hand_matched(result: Reconciliation) -> tuple[Invoice, LineKey]:
    """An invoice the run left unsettled and a payment in its currency it left unmatched:
    what the accountant pairs by hand, which the engine would not."""
    unsettled = [
        d.invoice
        for d in result.discrepancies
        if d.type.value in UNSETTLED and d.invoice is not None and d.invoice.gross.amount > 0
    ]
    payments = [
        line
        for d in result.discrepancies
        if d.type.value == "UNMATCHED_PAYMENT"
        for line in d.lines
        if line.amount > 0
    ]
    for invoice in sorted(unsettled, key=lambda i: str(i.key)):
        for line in sorted(payments, key=lambda line: line.row):
            if line.currency == invoice.gross.currency:
                return invoice, line.key
    raise AssertionError("the planted statement leaves nothing to pair by hand")


def test_a_run_given_another_statement_honours_the_decisions_on_the_statements_held(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workspace holds the bank statement, with an engine match the accountant
    accepted and an unsettled invoice they paired by hand with a payment. A run given only
    another statement (a card account's) reconciles the held one too, as the window does:
    neither invoice is reported unpaid or paid-but-unfound (the Audit sheet says both
    decisions bind), both pairings are on the Matches sheet, the Summary lists the held
    statement, and a note on stderr names it with its lines. The run matched the card's
    ten lines alone, and said the accountant's settled invoices had no payment."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    first = reconcile_run(world, world.csv_path, books, tmp_path / "first.xlsx")
    accepted = _one_to_one(first)[0]
    invoice, line = hand_matched(first)
    with Workspace.open(books) as workspace:
        workspace.record_decision(
            Decision(DecisionKind.ACCEPT, accepted.invoice_keys, accepted.line_keys)
        )
        workspace.record_decision(Decision(DecisionKind.MANUAL_MATCH, (invoice.key,), (line,)))
    card = write(
        tmp_path / "card.csv",
        HEADER
        + "".join(f"2025-03-{day:02d},Card payment {day},-{day}.25\n" for day in range(1, 11)),
    )
    out = tmp_path / "second.xlsx"
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    capsys.readouterr()
    code = run_cli(
        "reconcile", "--config", str(world.config), "--statement", str(card),
        "--workspace", str(books), "--currency", "GBP", *period, "--out", str(out),
    )  # fmt: skip
    assert code == 0
    report = read_report(out)
    decided = {invoice.number, accepted.invoices[0].number}
    unsettled = [
        (record["Type"].value, record["Invoice Number"].value)
        for record in report.records("Discrepancies")
        if record["Invoice Number"].value in decided
    ]
    assert not [row for row in unsettled if row[0] in UNSETTLED]
    matched = {
        (record["Invoice Number"].value, record["Statement"].value, record["Row"].value)
        for record in report.records("Matches")
    }
    assert (invoice.number, line.source_file, line.row) in matched
    (accepted_line,) = accepted.lines
    assert (accepted.invoices[0].number, accepted_line.source_file, accepted_line.row) in matched
    in_force = {
        (record["Action"].value, record["Invoice Numbers"].value, record["In Force"].value)
        for record in report.records("Audit")
    }
    assert {
        ("accept", accepted.invoices[0].number, "yes"),
        ("manual_match", invoice.number, "yes"),
    } <= in_force
    used = [row[0] for row in cell_values(report.summary_block("Statements used"), 1)[1:]]
    assert used == [world.csv_path.name, "card.csv"]
    lines_sheet = {record["Statement"].value for record in report.records("Statement lines")}
    assert lines_sheet == {world.csv_path.name, "card.csv"}
    held_lines = len(world.csv_path.read_text(encoding="utf-8").splitlines()) - 1
    notes = [line for line in capsys.readouterr().err.splitlines() if "note:" in line]
    held = f"{world.csv_path.name} ({held_lines:,} lines)"
    said = f"the report also covers 1 statement the workspace holds beyond those given: {held}"
    # The period given is the one the first run kept: the workspace's period stands.
    fetched = f"period fetched: {PERIOD[0]} to {PERIOD[1]}, as --from and --to gave"
    assert notes == [f"desktop-app: note: {fetched}", f"desktop-app: note: {said}"]


GIVEN_MARCH = (
    "the report also covers 1 statement the workspace holds beyond those given: jan.csv (1 line)"
)
# January given again is the one held, not another beyond it.
GIVEN_JANUARY_AGAIN = (
    "the report also covers 1 statement the workspace holds beyond those given: mar.csv (2 lines)"
)
GIVEN_NONE = (
    "the report covers the workspace's 2 statements, as no --statement was given: "
    "jan.csv (1 line) and mar.csv (2 lines)"
)


def test_a_run_with_no_statement_given_reconciles_the_statements_held(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """January's statement closes at £200.00 and March's opens at £1,950.00, each kept
    by its own run. March's run compares them (the Summary's continuity block and a
    warning say £1,750.00 is missing between them), though it was given March alone; a
    later run given no statement reconciles both the workspace holds, saying so, and one
    given January again knows it for the one held."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    header = "Account,GB33BUKB20201555555555\n\nDate,Description,Amount,Currency,Balance\n"
    # January's one line is money received, which may pay an invoice issued before the
    # period: a note counts it (rent paid out would not be counted).
    january = write(tmp_path / "jan.csv", header + "2025-01-05,Giro credit,800.00,GBP,200.00\n")
    march = write(
        tmp_path / "mar.csv",
        header + "2025-03-03,Tea,-3.00,GBP,1947.00\n2025-03-04,Cake,-2.00,GBP,1945.00\n",
    )
    base = ["reconcile", "--config", str(world.config), "--workspace", str(books)]
    assert run_cli(*base, "--statement", str(january), "--out", str(tmp_path / "jan.xlsx")) == 0
    capsys.readouterr()
    said = (
        "mar.csv opens at £1,950.00 on 3 Mar 2025 but jan.csv closed at £200.00 on "
        "5 Jan 2025: £1,750.00 of movements are missing between them."
    )
    for given, out, note in (
        (["--statement", str(march)], tmp_path / "mar.xlsx", GIVEN_MARCH),
        ([], tmp_path / "all.xlsx", GIVEN_NONE),
        (["--statement", str(january)], tmp_path / "again.xlsx", GIVEN_JANUARY_AGAIN),
    ):
        assert run_cli(*base, *given, "--out", str(out)) == 0
        err = capsys.readouterr().err.splitlines()
        # The period is the held statements' too: January's payment is early in it.
        assert [line for line in err if "note: the report" in line] == [
            f"desktop-app: note: {note}"
        ]
        assert "unmatched payment received in the month from 2025-01-05" in "".join(err)
        assert f"desktop-app: warning: movements missing between statements: {said}" in err
        report = read_report(out)
        used = [row[0] for row in cell_values(report.summary_block("Statements used"), 3)[1:]]
        assert used == ["jan.csv", "mar.csv"]
        rows = cell_values(report.summary_block(CONTINUITY), 10)
        assert [(row[2], row[5], row[8]) for row in rows[1:2]] == [("jan.csv", "mar.csv", 1750)]
        assert len(report.records("Statement lines")) == 3
    with Workspace.open(books) as workspace:
        assert workspace.statement_files() == ("jan.csv", "mar.csv")


def test_a_run_with_nothing_to_reconcile_is_still_a_usage_error(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No statement given and none held (no workspace, a workspace not made yet, or one
    holding none): a usage error as it always was, with no report and no workspace made."""
    base = ["reconcile", "--config", str(sandbox_env.config)]
    out = tmp_path / "report.xlsx"
    assert run_cli(*base, "--out", str(out)) == 2
    assert "the following arguments are required: --statement" in capsys.readouterr().err
    missing = tmp_path / "new.reconcile"
    assert run_cli(*base, "--workspace", str(missing), "--out", str(out)) == 2
    assert not missing.exists()
    empty = tmp_path / "empty.reconcile"
    Workspace.create(empty).close()
    assert run_cli(*base, "--workspace", str(empty), "--out", str(out)) == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last == (
        "desktop-app: the following arguments are required: --statement (the workspace "
        "empty.reconcile holds no statements to reconcile)"
    )
    assert not out.exists()


def test_a_copy_of_a_held_statement_given_under_another_name_keeps_that_ones_place(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workspace holds January's then March's statement, each kept by its own run. A
    run given a copy of January's under another name (``jan-again.csv``, the very file)
    adds nothing: the Summary lists it in the place of the one it is, before March's,
    as the window's report of the workspace lists them; so too with March's copy given
    first and the copy of January after it."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    header = "Account,GB33BUKB20201555555555\n\nDate,Description,Amount,Currency,Balance\n"
    january = write(tmp_path / "jan.csv", header + "2025-01-05,Rent,-800.00,GBP,200.00\n")
    march = write(
        tmp_path / "mar.csv",
        header + "2025-03-03,Tea,-3.00,GBP,1947.00\n2025-03-04,Cake,-2.00,GBP,1945.00\n",
    )
    copies = tmp_path / "copies"
    copies.mkdir()
    january_again = write(copies / "jan-again.csv", january.read_text(encoding="utf-8"))
    march_again = write(copies / "mar-again.csv", march.read_text(encoding="utf-8"))
    base = ["reconcile", "--config", str(world.config), "--workspace", str(books)]
    for statement in (january, march):
        out = tmp_path / f"{statement.stem}.xlsx"
        assert run_cli(*base, "--statement", str(statement), "--out", str(out)) == 0

    for given, listed in (
        ([january_again], ["jan-again.csv", "mar.csv"]),
        ([march_again, january_again], ["jan-again.csv", "mar-again.csv"]),
    ):
        out = tmp_path / "again.xlsx"
        statements = [option for path in given for option in ("--statement", str(path))]
        capsys.readouterr()
        assert run_cli(*base, *statements, "--out", str(out)) == 0
        report = read_report(out)
        used = [row[0] for row in cell_values(report.summary_block("Statements used"), 1)[1:]]
        assert used == listed
    with Workspace.open(books) as workspace:
        assert workspace.statement_files() == ("jan.csv", "mar.csv")


def test_nothing_to_reconcile_is_refused_before_the_config_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check that --statement is required is made once, by the run, before anything
    is read: a workspace not made yet holds none, so a run given it and no statement is
    the usage error, not a complaint about a config it never needed to read."""
    base = ["reconcile", "--config", str(tmp_path / "absent.toml")]
    out = tmp_path / "report.xlsx"
    missing = tmp_path / "new.reconcile"
    for extra in ([], ["--workspace", str(missing)]):
        assert run_cli(*base, *extra, "--out", str(out)) == 2
        last = capsys.readouterr().err.splitlines()[-1]
        assert last.startswith("desktop-app: the following arguments are required: --statement")
    assert not missing.exists()
    assert not out.exists()
