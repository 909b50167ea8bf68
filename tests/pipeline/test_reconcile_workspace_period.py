"""``desktop-app reconcile --workspace`` and the period the workspace holds: the period
under review in the window, which the accountant chose there (say September and October,
for October's statements, to see September's invoices still open). A scheduled run given
no --from/--to must fetch and report that period, not narrow it to the statements'
dates: before, it fetched October alone, kept October as the workspace's period, and the
window reopened on 17 invoices instead of 36, September's discrepancies gone without a
word. A run given --from/--to that replace the period says so, and the window says so too
when it next opens the workspace. A new workspace (holding no period) still takes the
statements' dates, as a run without a workspace does."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain import FetchPeriod, Invoice, InvoiceKey
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import WorkspaceContents
from desktop_app.workspace import RecentWorkspaces, Workspace, current_user
from tests.export.readback import read_report
from tests.pipeline.conftest import World
from tests.pipeline.statement_files import HEADER, store, write

pytestmark = pytest.mark.sandbox

# The period chosen in the window, wider than February's statement (3 to 20 February).
CHOSEN = FetchPeriod(date(2025, 1, 1), date(2025, 2, 28))
FEBRUARY = FetchPeriod(date(2025, 2, 1), date(2025, 2, 28))
STATEMENT_DATES = FetchPeriod(date(2025, 2, 3), date(2025, 2, 20))


def _reconcile(world: World, books: Path, out: Path, *more: str) -> None:
    code = main(
        ["reconcile", "--config", str(world.config), "--workspace", str(books),
         "--out", str(out), *more]
    )  # fmt: skip
    assert code == 0


def _of(world: World, period: FetchPeriod) -> set[InvoiceKey]:
    """The sandbox's invoices a fetch of ``period`` brings in."""
    return {invoice.key for invoice in world.invoices if period.holds(invoice)}


def _fetched_in_window(world: World, books: Path, period: FetchPeriod) -> None:
    """A workspace holding February's statement whose invoices the window fetched for
    ``period``, stored as the window stores a fetch (every provider answered)."""
    by_provider: dict[str, list[Invoice]] = defaultdict(list)
    for invoice in world.invoices:
        by_provider[invoice.provider]  # a provider with none in the period answered too
        if period.holds(invoice):
            by_provider[invoice.provider].append(invoice)
    feb = write(books.parent / "feb.csv", HEADER + "2025-02-03,Rent,-800\n2025-02-20,Tea,-3\n")
    with Workspace.create(books) as workspace:
        workspace.save_fetch(by_provider, date_from=period.start, date_to=period.end)
        store(workspace, feb)


def _window_opens(books: Path, config: Path) -> WorkspaceContents:
    backend = WorkspaceBackend(RecentWorkspaces(config))
    try:
        return backend.open(books)
    finally:
        backend.close()


def _report_invoices(out: Path) -> set[InvoiceKey]:
    return {
        InvoiceKey(row["Provider"].value, row["Invoice ID"].value)
        for row in read_report(out).records("Invoices")
    }


def _period_cells(out: Path) -> tuple[date, date]:
    rows = {row[0].value: row[1].value for row in read_report(out).sheet("Summary").iter_rows()}
    return rows["Period from"].date(), rows["Period to"].date()


def _period_notes(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("desktop-app: note: period")]


def test_a_run_without_dates_keeps_the_workspaces_period_and_reports_all_its_invoices(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The scheduled run on a workspace whose period the window chose: the report is of
    that period's invoices, every one (as the window's of it), the workspace keeps it,
    and the window reopens on the same invoices, with no change to tell."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    _fetched_in_window(world, books, CHOSEN)
    before = _window_opens(books, tmp_path / "config")
    chosen = _of(world, CHOSEN)
    assert {invoice.key for invoice in before.invoices} == chosen
    assert chosen > _of(world, STATEMENT_DATES)  # the statements' dates hold fewer
    out = tmp_path / "nightly.xlsx"
    capsys.readouterr()

    _reconcile(world, books, out)

    err = capsys.readouterr().err
    assert _period_cells(out) == (CHOSEN.start, CHOSEN.end)
    assert _report_invoices(out) == chosen
    assert f"wrote {out} ({len(chosen)} invoices, 2 statement lines, " in err
    with Workspace.open(books) as workspace:
        assert workspace.fetch_period() == CHOSEN
        assert workspace.period_change() is None
    after = _window_opens(books, tmp_path / "config")
    assert after.fetch_period == CHOSEN
    assert {invoice.key for invoice in after.invoices} == chosen
    assert after.period_change is None
    said = (
        "desktop-app: note: period fetched: 2025-01-01 to 2025-02-28, as held in the "
        "workspace (the period under review in the window)"
    )
    assert _period_notes(err) == [said]


def test_from_and_to_replacing_the_workspaces_period_are_said_and_kept_for_the_window(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--from/--to are the user's choice, and replace the period held: said on stderr,
    with the period it held, and kept for the window, which tells it once as it opens."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    _fetched_in_window(world, books, CHOSEN)
    out = tmp_path / "february.xlsx"
    capsys.readouterr()
    started = datetime.now(UTC)

    _reconcile(world, books, out, "--from", "2025-02-01", "--to", "2025-02-28")

    said = (
        "desktop-app: note: period fetched: 2025-02-01 to 2025-02-28, as --from and --to "
        "gave; the workspace's period changes from the one it held (2025-01-01 to "
        "2025-02-28) to this one, which the window shows when it next opens the workspace"
    )
    assert _period_notes(capsys.readouterr().err) == [said]
    assert _report_invoices(out) == _of(world, FEBRUARY)
    with Workspace.open(books) as workspace:
        assert workspace.fetch_period() == FEBRUARY
        change = workspace.period_change()
    assert change is not None
    assert (change.before, change.after, change.by) == (CHOSEN, FEBRUARY, current_user())
    assert started - timedelta(seconds=1) <= change.at <= datetime.now(UTC)

    opened = _window_opens(books, tmp_path / "config")
    assert opened.period_change == change
    assert {invoice.key for invoice in opened.invoices} == _of(world, FEBRUARY)
    assert _window_opens(books, tmp_path / "config").period_change is None  # said once


def test_a_statement_past_the_workspaces_period_widens_it_and_never_narrows_it(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """March's statement given to a workspace whose period ends in February: its lines'
    invoices are fetched (the period widened to its last date, as the window offers its
    next fetch for it), January's invoices the window showed stay, and the change is said
    on stderr and kept for the window. Before, the run fetched the statements' dates
    alone, 3 February to 10 March, January's invoices gone from the window."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    _fetched_in_window(world, books, CHOSEN)
    march = write(tmp_path / "mar.csv", HEADER + "2025-03-03,Tea,-3\n2025-03-10,Cake,-2\n")
    out = tmp_path / "march.xlsx"
    capsys.readouterr()

    _reconcile(world, books, out, "--statement", str(march), "--currency", "GBP")

    widened = FetchPeriod(CHOSEN.start, date(2025, 3, 10))
    assert _period_cells(out) == (widened.start, widened.end)
    assert _report_invoices(out) == _of(world, widened)
    with Workspace.open(books) as workspace:
        assert workspace.fetch_period() == widened
        change = workspace.period_change()
    assert change is not None
    assert (change.before, change.after) == (CHOSEN, widened)
    said = (
        "desktop-app: note: period fetched: 2025-01-01 to 2025-03-10, its start as held in "
        "the workspace, its end the statements' last date (the statements run past the "
        "period the workspace held); the workspace's period changes from the one it held "
        "(2025-01-01 to 2025-02-28) to this one, which the window shows when it next opens "
        "the workspace"
    )
    assert _period_notes(capsys.readouterr().err) == [said]


def test_a_from_alone_keeps_the_end_of_the_workspaces_period(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bound not given is the default's: with a workspace holding a period, its bound,
    not the statements' (which would fetch to 20 February)."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    _fetched_in_window(world, books, CHOSEN)
    out = tmp_path / "earlier.xlsx"
    capsys.readouterr()

    _reconcile(world, books, out, "--from", "2024-12-01")

    said = (
        "desktop-app: note: period fetched: 2024-12-01 to 2025-02-28, its start as --from "
        "gave, its end as held in the workspace; the workspace's period changes from the "
        "one it held (2025-01-01 to 2025-02-28) to this one, which the window shows when "
        "it next opens the workspace"
    )
    assert _period_notes(capsys.readouterr().err) == [said]
    assert _period_cells(out) == (date(2024, 12, 1), CHOSEN.end)


def test_a_new_workspace_takes_the_statements_dates(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workspace holding no period (never fetched into) is given the statements' dates,
    as a run without a workspace fetches: there is no period under review to keep, and
    none shown in the window to tell of a change from."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    feb = write(tmp_path / "feb.csv", HEADER + "2025-02-03,Rent,-800\n2025-02-20,Tea,-3\n")
    out = tmp_path / "first.xlsx"
    capsys.readouterr()

    _reconcile(world, books, out, "--statement", str(feb), "--currency", "GBP")

    said = (
        "desktop-app: note: period fetched: 2025-02-03 to 2025-02-20, the statements' dates; "
        "the workspace held none, and now holds this one"
    )
    assert _period_notes(capsys.readouterr().err) == [said]
    assert _period_cells(out) == (STATEMENT_DATES.start, STATEMENT_DATES.end)
    assert _report_invoices(out) == _of(world, STATEMENT_DATES)
    with Workspace.open(books) as workspace:
        assert workspace.fetch_period() == STATEMENT_DATES
        assert workspace.period_change() is None


def test_the_window_says_the_period_a_command_line_run_changed(
    sandbox_env: World, tmp_path: Path
) -> None:
    """Two runs before the window opens again are one change, from the period it last
    showed to the one held now; a run back to that period leaves nothing to tell."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    _fetched_in_window(world, books, CHOSEN)
    _reconcile(world, books, tmp_path / "a.xlsx", "--from", "2025-02-01", "--to", "2025-02-28")
    _reconcile(world, books, tmp_path / "b.xlsx", "--from", "2025-02-01", "--to", "2025-03-31")
    with Workspace.open(books) as workspace:
        change = workspace.period_change()
    assert change is not None
    assert (change.before, change.after) == (
        CHOSEN,
        FetchPeriod(date(2025, 2, 1), date(2025, 3, 31)),
    )

    _reconcile(world, books, tmp_path / "c.xlsx", "--from", "2025-01-01", "--to", "2025-02-28")
    with Workspace.open(books) as workspace:
        assert workspace.period_change() is None
        assert workspace.fetch_period() == CHOSEN
