"""*Fetch invoices* (F5) asks for the period, through the real window, engine, dialog and
workspace, against the sandbox providers over HTTP.

Before, F5 fetched the providers' whole history (back to 2024 in the sandbox) with no
way to bound it: the run listed every old invoice the statements did not pay as
unpaid, while the report's Summary gave the statements' dates as its period.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.domain import (
    Decision,
    DecisionKind,
    Direction,
    DiscrepancyType,
    FetchPeriod,
    Invoice,
    InvoiceStatus,
    LineKey,
    MatchState,
)
from desktop_app.sandbox import Sandbox
from desktop_app.ui.backend.demo import DEMO_CURRENCY, sample_statements
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.dialogs.fetch_period_dialog import FetchPeriodDialog
from desktop_app.ui.fetch_period import PeriodOffer
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import TaskRunner
from desktop_app.wording import day_text
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

pytestmark = [pytest.mark.sandbox, pytest.mark.slow]

# A step acts on the real dialog as the accountant would; False presses Cancel, anything
# else (None, True) Fetch.
Step = Callable[[FetchPeriodDialog], bool | None]


class PeriodDialogs(ScriptedDialogs):
    """The period question answered by the real dialog, driven through its widgets by the
    test's next step; what each showing offered (its dates, whether All dates was chosen)
    is kept. Every other question is scripted."""

    def __init__(self, qtbot: Any) -> None:
        super().__init__()
        self._qtbot = qtbot
        self.steps: deque[Step] = deque()
        self.offered: list[tuple[date, date, bool]] = []

    def choose_fetch_period(self, parent: Any, offer: PeriodOffer) -> FetchPeriod | None:
        self.asked.append(("choose_fetch_period", (offer,)))
        dialog = FetchPeriodDialog(offer)
        self._qtbot.addWidget(dialog)
        dialog.open()
        self.offered.append(
            (
                dialog.from_edit.date().toPython(),
                dialog.to_edit.date().toPython(),
                dialog.all_dates_button.isChecked(),
            )
        )
        go = self.steps.popleft()(dialog) is not False
        which = QDialogButtonBox.StandardButton.Ok if go else QDialogButtonBox.StandardButton.Cancel
        with self._qtbot.waitSignal(dialog.accepted if go else dialog.rejected):
            self._qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)
        return dialog.value() if go else None


def _as_offered(dialog: FetchPeriodDialog) -> None:
    """Fetch what the dialog offers, as it is."""


def _all_dates(dialog: FetchPeriodDialog) -> None:
    dialog.all_dates_button.click()


def _period(start: date, end: date) -> Step:
    def choose(dialog: FetchPeriodDialog) -> None:
        dialog.period_button.click()
        dialog.from_edit.setDate(QDate(start.year, start.month, start.day))
        dialog.to_edit.setDate(QDate(end.year, end.month, end.day))

    return choose


def _cancel(dialog: FetchPeriodDialog) -> bool:
    return False


@pytest.fixture
def period_window(
    qtbot, demo, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[tuple[MainWindow, PeriodDialogs, Sandbox, EngineServices]]:
    sandbox, services = demo
    dialogs = PeriodDialogs(qtbot)
    with engine_window(
        qtbot, runner, tmp_path, dialogs, services=services, workspace=tmp_path / "books.reconcile"
    ) as window:
        yield window, dialogs, sandbox, services


def _fetch(qtbot, window: MainWindow, dialogs: PeriodDialogs, step: Step) -> None:
    """F5, the dialog answered by ``step``; waits for the invoices and any run it starts."""
    dialogs.steps.append(step)
    with qtbot.waitSignal(window.session.invoices_changed, timeout=120_000):
        window.fetch_action.trigger()
    _idle(qtbot, window)
    assert not dialogs.steps, "the period was not asked"


def _idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=120_000)


def _match(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=120_000):
        window.match_action.trigger()
    _idle(qtbot, window)


def _export(qtbot, window: MainWindow, dialogs: PeriodDialogs, out: Path) -> None:
    dialogs.answers["choose_export_path"] = deque([out])
    with qtbot.waitSignal(
        window.workflows.message,
        timeout=120_000,
        check_params_cb=lambda text: text.startswith("Exported"),
    ):
        window.export_action.trigger()


def _summary_row(out: Path, label: str) -> tuple[Any, ...] | None:
    workbook = load_workbook(out, read_only=True)
    try:
        rows = workbook["Summary"].iter_rows(values_only=True)
        return next((tuple(row) for row in rows if row and row[0] == label), None)
    finally:
        workbook.close()


def _summary_period(out: Path) -> tuple[Any, Any]:
    workbook = load_workbook(out, read_only=True)
    try:
        rows = {
            row[0]: row[1]
            for row in workbook["Summary"].iter_rows(values_only=True)
            if len(row) > 1
        }
    finally:
        workbook.close()
    return rows["Period from"], rows["Period to"]


def _invoice_dates(out: Path) -> list[datetime]:
    """The Invoice Date of every Discrepancies row about an invoice."""
    workbook = load_workbook(out, read_only=True)
    try:
        rows = workbook["Discrepancies"].iter_rows(values_only=True)
        header = list(next(rows))
        column = header.index("Invoice Date")
        return [row[column] for row in rows if row[column] is not None]
    finally:
        workbook.close()


def _day(invoice: Invoice) -> date | None:
    """The date the providers' window is applied to."""
    return invoice.issue_date or invoice.period_end


def _within(invoices: list[Invoice], start: date, end: date) -> bool:
    return all(start <= day <= end for i in invoices if (day := _day(i)) is not None)


def _import_samples(qtbot, window: MainWindow) -> tuple[date, date]:
    samples = sample_statements()
    assert samples, "the sample statements are not in resources/"
    window.workflows.import_files(samples, ColumnMapping(None, {}, currency=DEMO_CURRENCY))
    qtbot.waitUntil(
        lambda: len(window.session.statements) == len(samples) and not window.runner.active(),
        timeout=120_000,
    )
    days = [line.date for line in window.session.lines]
    return min(days), max(days)


def test_fetch_offers_the_statements_period_fetches_the_one_chosen_and_the_report_says_it(
    qtbot, period_window, tmp_path: Path
) -> None:
    window, dialogs, sandbox, _ = period_window
    first, last = _import_samples(qtbot, window)

    # Offered the statements' dates; the accountant starts a fortnight earlier, to take
    # in invoices issued before the statements that are paid early in them.
    start = first - timedelta(days=14)
    _fetch(qtbot, window, dialogs, _period(start, last))
    assert dialogs.offered == [(first, last, False)]
    # The period went over the wire (Versori's list is asked for a window)...
    windows = {
        (r.query.get("from"), r.query.get("to"))
        for r in sandbox.stats.requests
        if r.provider == "versori"
    }
    assert windows == {(start.isoformat(), last.isoformat())}
    # ...and only the period's invoices came back: none of the sandbox's older history.
    invoices = window.session.invoices
    assert invoices
    assert _within(invoices, start, last)

    _match(qtbot, window)
    out = tmp_path / "report.xlsx"
    _export(qtbot, window, dialogs, out)
    # the name offered says the period the Summary states, not the statements' dates
    [offered] = [args[0] for name, args in dialogs.asked if name == "choose_export_path"]
    assert offered.name == f"reconciliation-{start.isoformat()}-to-{last.isoformat()}.xlsx"
    midnight = datetime.min.time()
    assert _summary_period(out) == (
        datetime.combine(start, midnight),
        datetime.combine(last, midnight),
    )
    # No invoice issued before the period is listed as a discrepancy.
    assert all(day.date() >= start for day in _invoice_dates(out))

    # Fetched again, the period chosen is offered: it takes in the statements' dates.
    _fetch(qtbot, window, dialogs, _as_offered)
    assert dialogs.offered[-1] == (start, last, False)


def test_cancel_fetches_nothing(qtbot, period_window) -> None:
    window, dialogs, sandbox, _ = period_window
    dialogs.steps.append(_cancel)
    with qtbot.waitSignal(window.workflows.message) as said:
        window.fetch_action.trigger()
    assert said.args == ["Fetch cancelled: nothing was fetched."]
    assert not dialogs.steps  # the period was asked
    assert window.runner.active() == []
    assert sandbox.stats.requests == []
    assert window.session.invoices == []


def test_a_narrower_fetch_after_all_dates_leaves_the_older_invoices_out_and_is_remembered(
    qtbot, period_window, tmp_path: Path
) -> None:
    window, dialogs, sandbox, services = period_window
    _fetch(qtbot, window, dialogs, _all_dates)
    everything = window.session.invoices
    month = (sandbox.today - timedelta(days=60), sandbox.today)
    assert not _within(everything, *month), "the sandbox's history should reach further back"
    _match(qtbot, window)
    out = tmp_path / "all-dates.xlsx"
    _export(qtbot, window, dialogs, out)
    assert _summary_period(out) == ("all dates", "all dates")

    # F5 again offers All dates, the period last fetched; a period is chosen instead.
    _fetch(qtbot, window, dialogs, _period(*month))
    assert dialogs.offered[-1][2] is True
    held = window.session.invoices
    assert held
    assert _within(held, *month)
    # The run shown (run again, as the older invoices left the lists) is of them alone,
    # so no invoice of the earlier, wider fetch is an unpaid discrepancy in it.
    reconciliation = window.session.reconciliation
    assert reconciliation is not None
    assert {i.key for i in reconciliation.invoices} == {i.key for i in held}
    assert window.reconcile.stale_label.text() == ""
    out = tmp_path / "month.xlsx"
    _export(qtbot, window, dialogs, out)
    midnight = datetime.min.time()
    assert _summary_period(out) == tuple(datetime.combine(day, midnight) for day in month)

    # Reopened, the workspace shows the period's invoices (it keeps the others) and
    # offers the period again; Cancel fetches nothing.
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
        window.workflows.open_workspace(tmp_path / "books.reconcile")
    _idle(qtbot, window)
    assert {i.key for i in window.session.invoices} == {i.key for i in held}
    cached = services.workspace.workspace.load_invoices()
    assert len(cached) == len(everything)
    asked = len(sandbox.stats.requests)
    dialogs.steps.append(_cancel)
    window.fetch_action.trigger()
    assert dialogs.offered[-1] == (*month, False)
    assert len(sandbox.stats.requests) == asked


def test_a_hand_match_on_an_invoice_before_the_period_keeps_its_line_explained(
    qtbot, period_window, tmp_path: Path
) -> None:
    """An invoice issued before the month under review, paid in it and matched by hand:
    a narrower fetch takes the invoice off the lists, but the run keeps the line explained
    by it (the workspace holds the invoice), and reports nothing about the invoice alone;
    reopening the workspace shows the same."""
    window, dialogs, sandbox, services = period_window
    _fetch(qtbot, window, dialogs, _all_dates)
    month = (sandbox.today - timedelta(days=60), sandbox.today)
    old = next(
        i
        for i in window.session.invoices
        if i.expects_payment
        and i.status is InvoiceStatus.OPEN
        and i.direction is Direction.RECEIVABLE
        and i.currency == "GBP"
        and (day := _day(i)) is not None
        and day < month[0]
    )
    paid_on = month[1] - timedelta(days=5)
    statement = tmp_path / "month.csv"
    statement.write_text(
        "Date,Description,Amount\n"
        f"{paid_on.isoformat()},BANK GIRO CREDIT,{old.gross.amount}\n"
        f"{paid_on.isoformat()},Tea,-3.00\n",
        encoding="utf-8",
    )
    window.workflows.import_files([statement], ColumnMapping(None, {}, currency="GBP"))
    qtbot.waitUntil(
        lambda: "month.csv" in window.session.statements and not window.runner.active(),
        timeout=120_000,
    )
    paid = LineKey("month.csv", 2)
    services.record_decision(Decision(DecisionKind.MANUAL_MATCH, (old.key,), (paid,)))

    _fetch(qtbot, window, dialogs, _period(*month))
    assert old.key not in {i.key for i in window.session.invoices}  # off the lists
    _match(qtbot, window)

    def explained() -> None:
        reconciliation = window.session.reconciliation
        assert reconciliation is not None
        pairs = {(m.invoice_keys, m.line_keys, m.state) for m in reconciliation.matches}
        assert ((old.key,), (paid,), MatchState.MANUAL) in pairs
        about = [
            d
            for d in reconciliation.discrepancies
            if paid in {line.key for line in d.lines} or old.key in {i.key for i in d.invoices}
        ]
        assert about == []

    explained()
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
        window.workflows.open_workspace(tmp_path / "books.reconcile")
    qtbot.waitUntil(lambda: window.session.reconciliation is not None, timeout=120_000)
    _idle(qtbot, window)
    assert old.key not in {i.key for i in window.session.invoices}
    explained()


def _import_csv(
    qtbot, window: MainWindow, path: Path, rows: list[tuple[date, str, str, str]]
) -> None:
    """Write ``rows`` (date, description, amount, currency) to the csv ``path`` and import
    it through the window, waiting until it is held."""
    path.write_text(
        "Date,Description,Amount,Currency\n"
        + "".join(
            f"{day.isoformat()},{text},{amount},{code}\n" for day, text, amount, code in rows
        ),
        encoding="utf-8",
    )
    window.workflows.import_files([path], ColumnMapping(None, {}))
    qtbot.waitUntil(
        lambda: path.name in window.session.statements and not window.runner.active(),
        timeout=120_000,
    )


def _unmatched_payment_rows(window: MainWindow) -> set[int]:
    """The rows of the lines on the run's UNMATCHED_PAYMENT discrepancies."""
    reconciliation = window.session.reconciliation
    assert reconciliation is not None
    return {
        line.row
        for d in reconciliation.discrepancies
        if d.type is DiscrepancyType.UNMATCHED_PAYMENT
        for line in d.lines
    }


def _early_notes(window: MainWindow) -> list[str]:
    return [
        b.message
        for b in window.banners.banners()
        if b.title == "Payments received early in the period are unmatched"
    ]


def _period_from_note(out: Path) -> Any:
    row = _summary_row(out, "Period from")
    assert row is not None
    return row[2] if len(row) > 2 else None  # a row without a note ends before it


def test_payments_received_unmatched_early_in_a_period_fetched_from_the_statements_are_said(
    qtbot, period_window, tmp_path: Path
) -> None:
    """Fetched from the statements' first date (the period offered), a payment received
    and unmatched in its first month may pay an invoice issued before it, which was not
    fetched: ``reconcile`` says so on stderr and in the Summary, and the window says it
    in a banner (with its own way to fetch earlier) and in the Summary of the workbook it
    exports. Only money received in a currency of the invoices counts: not a fee paid
    out, nor money in a currency no invoice is in, nor a payment after the month.
    Fetched from an earlier start, there is nothing to say."""
    window, dialogs, sandbox, _ = period_window
    first = sandbox.today - timedelta(days=50)
    rows = [
        (first, "Tea", "-3.00", "GBP"),
        (first + timedelta(days=2), "BANK GIRO CREDIT", "41.17", "GBP"),
        (first + timedelta(days=4), "Refund", "12.00", "NOK"),
        (first + timedelta(days=45), "Coffee", "55.00", "GBP"),
    ]
    _import_csv(qtbot, window, tmp_path / "early.csv", rows)
    _fetch(qtbot, window, dialogs, _as_offered)
    assert dialogs.offered[-1][0] == first  # the statements' dates
    assert "NOK" not in {invoice.currency for invoice in window.session.invoices}
    _match(qtbot, window)
    # each line of the statement pays no invoice fetched
    assert _unmatched_payment_rows(window) == {2, 3, 4, 5}

    said = (
        f"1 unmatched payment received in the month from {day_text(first)}, the "
        "statements' first date; invoices issued before it were not fetched: fetch again "
        "from an earlier date (Fetch invoices, F5) if they pay such invoices."
    )
    assert _early_notes(window) == [said]
    _match(qtbot, window)  # said once, not again for each run
    assert _early_notes(window) == [said]
    out = tmp_path / "early.xlsx"
    _export(qtbot, window, dialogs, out)
    assert _period_from_note(out) == (
        "the statements' first date: invoices issued before it were not fetched, and 1 "
        "payment received in its first 31 days is unmatched: fetch from an earlier start "
        "(reconcile's --from, the window's Fetch invoices) if they pay such invoices"
    )

    _fetch(qtbot, window, dialogs, _period(first - timedelta(days=14), sandbox.today))
    _match(qtbot, window)
    assert _early_notes(window) == []
    _export(qtbot, window, dialogs, tmp_path / "earlier.xlsx")
    assert _period_from_note(tmp_path / "earlier.xlsx") is None


def _camt(path: Path, stated: tuple[date, date], day: date, amount: str) -> Path:
    """A CAMT.053 stating ``stated`` with one credit in pounds on ``day``."""
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2025-12-01T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id>
<FrToDt><FrDtTm>{stated[0]}T00:00:00</FrDtTm><ToDtTm>{stated[1]}T23:59:59</ToDtTm></FrToDt>
<Acct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id><Ccy>GBP</Ccy></Acct>
<Ntry><Amt Ccy="GBP">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>{day}</Dt></BookgDt>
<NtryDtls><TxDtls><RmtInf><Ustrd>BANK GIRO CREDIT</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
""",
        encoding="utf-8",
    )
    return path


def test_a_period_fetched_from_the_day_a_statement_states_is_one_from_its_first_date(
    qtbot, period_window, tmp_path: Path
) -> None:
    """A CAMT stating its period from two days before its first movement is offered that
    period (``statements.covered``); fetched as offered, the run is of invoices from the
    statements' first date, and its early unmatched payment is said in the banner and in
    the exported Summary, as for a statement of movements alone."""
    window, dialogs, sandbox, _ = period_window
    first = sandbox.today - timedelta(days=50)
    stated = (first - timedelta(days=2), first + timedelta(days=20))
    camt = _camt(tmp_path / "early.camt.xml", stated, first, "41.17")
    window.workflows.import_files([camt], ColumnMapping(None, {}))
    qtbot.waitUntil(
        lambda: "early.camt.xml" in window.session.statements and not window.runner.active(),
        timeout=120_000,
    )
    _fetch(qtbot, window, dialogs, _as_offered)
    assert dialogs.offered[-1][:2] == stated
    _match(qtbot, window)
    said = (
        f"1 unmatched payment received in the month from {day_text(stated[0])}, the "
        "statements' first date; invoices issued before it were not fetched: fetch again "
        "from an earlier date (Fetch invoices, F5) if they pay such invoices."
    )
    assert _early_notes(window) == [said]
    out = tmp_path / "early.xlsx"
    _export(qtbot, window, dialogs, out)
    assert _period_from_note(out) == (
        "the statements' first date: invoices issued before it were not fetched, and 1 "
        "payment received in its first 31 days is unmatched: fetch from an earlier start "
        "(reconcile's --from, the window's Fetch invoices) if they pay such invoices"
    )


def test_another_workspace_opened_takes_the_early_payments_note_away(
    qtbot, period_window, tmp_path: Path
) -> None:
    """The note is of the run shown. Opening another workspace reset what had been said
    without taking its banner away, so the first workspace's note stayed above the
    second's screens, which have no statement at all."""
    window, dialogs, sandbox, _ = period_window
    first = sandbox.today - timedelta(days=50)
    later = first + timedelta(days=45)
    rows = [(first, "BANK GIRO CREDIT", "41.17", "GBP"), (later, "Coffee", "-5.00", "GBP")]
    _import_csv(qtbot, window, tmp_path / "early.csv", rows)
    _fetch(qtbot, window, dialogs, _as_offered)
    _match(qtbot, window)
    assert len(_early_notes(window)) == 1

    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=120_000):
        window.workflows.open_workspace(tmp_path / "other.reconcile", create=True)
    _idle(qtbot, window)
    assert not window.session.statements
    assert _early_notes(window) == []


def _late_notes(window: MainWindow) -> list[str]:
    return [
        b.message
        for b in window.banners.banners()
        if b.title == "Lines after the period fetched are unmatched"
    ]


def test_lines_after_the_end_of_the_period_fetched_are_said_as_the_summary_says_them(
    qtbot, period_window, tmp_path: Path
) -> None:
    """A statement running past the invoices fetched (to 30 Nov, the invoices to 27 Nov):
    its lines after the end that pay none of them may pay invoices issued after it,
    which were not fetched. Only the exported Summary said so ("Lines outside the
    period"); the window now says it in a banner after the run, counted as the Summary
    counts them, with its way to fetch to a later date, as it says payments early in
    the period. Fetched to a later date and matched again, there is nothing to say."""
    window, dialogs, sandbox, _ = period_window
    first = sandbox.today - timedelta(days=50)
    end = first + timedelta(days=20)
    rows = [
        (first + timedelta(days=3), "Tea", "-3.00", "GBP"),
        (end, "Stationery", "-7.25", "GBP"),
        (end + timedelta(days=1), "Coffee", "-5.00", "GBP"),
        (end + timedelta(days=9), "FASTER PAYMENT", "99.99", "GBP"),
    ]
    _import_csv(qtbot, window, tmp_path / "late.csv", rows)
    _fetch(qtbot, window, dialogs, _period(first, end))
    _match(qtbot, window)
    # each line of the statement pays no invoice fetched
    assert _unmatched_payment_rows(window) == {2, 3, 4, 5}

    said = (
        f"2 statement lines are dated after {day_text(end)}, the end of the period "
        "fetched, and matched with its invoices all the same; 2 that pay none of them are "
        "unmatched, perhaps for want of an invoice not fetched: fetch again to a later "
        "date (Fetch invoices, F5) to reconcile them."
    )
    assert _late_notes(window) == [said]
    assert _early_notes(window) == []  # nothing before the period: the other note is not said
    out = tmp_path / "late.xlsx"
    _export(qtbot, window, dialogs, out)
    row = _summary_row(out, "Lines outside the period")
    assert row is not None
    assert row[1] == 2  # the banner's count, as the Summary counts them
    assert "2 that pay none of them are UNMATCHED_PAYMENT" in str(row[2])

    _fetch(qtbot, window, dialogs, _period(first, end + timedelta(days=10)))
    _match(qtbot, window)
    assert _late_notes(window) == []
